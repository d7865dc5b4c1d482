use bpfgen_runtime::ObjectSpec;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).unwrap();
    let spec = ObjectSpec::parse(&bytes).unwrap();
    for c in &spec.code_sections { println!("{} {:?}", c.name, c.relocs); }
    let p = spec.program(&args[2]).unwrap();
    println!("{:?}", p.span);
    let t = bpfgen_runtime::link::link_program(&spec, p);
    println!("{:?}", t.map(|t| t.fixups));
    println!("subprogs {:?}", spec.subprograms);
}
