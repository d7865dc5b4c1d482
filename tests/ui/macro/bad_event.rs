// An `events` entry without `=` is an error at its span.
bpfgen_macros::skeleton!(
    "../../tests/fixtures/ring_events.bpf.o",
    events = ["ring"],
);

fn main() {}
