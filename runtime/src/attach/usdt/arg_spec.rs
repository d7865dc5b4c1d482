//! USDT argument specifications (`-4@$42`, `8@%rdi`, `-4@8(%rcx)`) parsed into the
//! `struct __bpf_usdt_spec` that libbpf's `usdt.bpf.h` reads from `__bpf_usdt_specs`.
//! x86-64 only: the forms `sys/sdt.h` emits there (constants, registers, register plus
//! offset memory operands).

/// `BPF_USDT_MAX_ARG_CNT` of `usdt.bpf.h`.
pub const MAX_ARGS: usize = 12;
/// Bytes of one `struct __bpf_usdt_arg_spec`.
const ARG_SIZE: usize = 16;
/// Bytes of `struct __bpf_usdt_spec`: 12 arguments, the cookie, the count, padding.
pub const SPEC_SIZE: usize = MAX_ARGS * ARG_SIZE + 16;

/// Where an argument's value is (`enum __bpf_usdt_arg_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgLocation {
    /// A constant: `val_off` is the value.
    Const,
    /// A register: `reg_off` is its offset in `struct pt_regs`.
    Reg,
    /// Memory at a register's value plus `val_off`.
    RegDeref,
}

/// One argument, as `struct __bpf_usdt_arg_spec` holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArgSpec {
    /// The constant, or the offset added to the register for a memory operand.
    pub val_off: u64,
    /// Where the value is.
    pub location: ArgLocation,
    /// Offset of the register in the kernel's `struct pt_regs` (x86-64).
    pub reg_off: i16,
    /// Whether the value is sign-extended.
    pub signed: bool,
    /// 64 minus the argument's width in bits: the shift that narrows the 8 bytes read.
    pub bitshift: i8,
}

/// x86-64 `struct pt_regs` offsets and the names `sys/sdt.h` may use for each register
/// (64, 32, 16 and 8 bits).
const X86_64_REGS: &[(i16, [&str; 4])] = &[
    (0, ["r15", "r15d", "r15w", "r15b"]),
    (8, ["r14", "r14d", "r14w", "r14b"]),
    (16, ["r13", "r13d", "r13w", "r13b"]),
    (24, ["r12", "r12d", "r12w", "r12b"]),
    (32, ["rbp", "ebp", "bp", "bpl"]),
    (40, ["rbx", "ebx", "bx", "bl"]),
    (48, ["r11", "r11d", "r11w", "r11b"]),
    (56, ["r10", "r10d", "r10w", "r10b"]),
    (64, ["r9", "r9d", "r9w", "r9b"]),
    (72, ["r8", "r8d", "r8w", "r8b"]),
    (80, ["rax", "eax", "ax", "al"]),
    (88, ["rcx", "ecx", "cx", "cl"]),
    (96, ["rdx", "edx", "dx", "dl"]),
    (104, ["rsi", "esi", "si", "sil"]),
    (112, ["rdi", "edi", "di", "dil"]),
    (152, ["rsp", "esp", "sp", "spl"]),
];

fn register(name: &str) -> Result<i16, String> {
    if matches!(name, "rip" | "eip") {
        return Err(format!(
            "register `%{name}`: instruction-pointer-relative arguments are not supported"
        ));
    }
    X86_64_REGS
        .iter()
        .find(|(_, names)| names.contains(&name))
        .map(|(off, _)| *off)
        .ok_or_else(|| format!("unknown x86-64 register `%{name}`"))
}

/// Parses one argument, `SIZE@OPERAND`.
pub fn parse_arg(arg: &str) -> Result<ArgSpec, String> {
    let bad = |why: &str| format!("USDT argument `{arg}`: {why}");
    let (size, operand) = arg.split_once('@').ok_or_else(|| bad("no `@`"))?;
    let size: i32 = size.parse().map_err(|_| bad("size is not a number"))?;
    if ![1, 2, 4, 8].contains(&size.unsigned_abs()) {
        return Err(bad("size is not 1, 2, 4 or 8 bytes"));
    }
    let mut spec = ArgSpec {
        val_off: 0,
        location: ArgLocation::Const,
        reg_off: 0,
        signed: size < 0,
        bitshift: (64 - size.unsigned_abs() * 8) as i8,
    };
    if let Some(constant) = operand.strip_prefix('$') {
        let value: i64 = parse_int(constant).ok_or_else(|| bad("constant is not a number"))?;
        spec.val_off = value as u64;
    } else if let Some(reg) = operand.strip_prefix('%') {
        spec.location = ArgLocation::Reg;
        spec.reg_off = register(reg).map_err(|e| bad(&e))?;
    } else if let Some((offset, rest)) = operand.split_once("(%") {
        let reg = rest
            .strip_suffix(')')
            .ok_or_else(|| bad("memory operand without `)`"))?;
        if reg.contains(',') {
            return Err(bad(
                "indexed memory operands (base, index, scale) are not supported",
            ));
        }
        spec.location = ArgLocation::RegDeref;
        spec.reg_off = register(reg).map_err(|e| bad(&e))?;
        let offset = if offset.is_empty() {
            0
        } else {
            parse_int(offset).ok_or_else(|| bad("offset is not a number (a symbol?)"))?
        };
        spec.val_off = offset as u64;
    } else {
        return Err(bad("unrecognised operand"));
    }
    Ok(spec)
}

/// A decimal or `0x` hexadecimal integer, optionally negative.
fn parse_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let magnitude = match digits.strip_prefix("0x") {
        Some(hex) => i64::from_str_radix(hex, 16).ok()?,
        None => digits.parse().ok()?,
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// Parses a probe's whole argument string (space-separated arguments).
pub fn parse_args(args: &str) -> Result<Vec<ArgSpec>, String> {
    let parsed = args
        .split_whitespace()
        .map(parse_arg)
        .collect::<Result<Vec<_>, _>>()?;
    if parsed.len() > MAX_ARGS {
        return Err(format!(
            "{} arguments; usdt.bpf.h reads at most {MAX_ARGS}",
            parsed.len()
        ));
    }
    Ok(parsed)
}

/// The `struct __bpf_usdt_spec` bytes for `args` and the attachment's `cookie`, in host
/// byte order.
pub fn encode_spec(args: &[ArgSpec], cookie: u64) -> [u8; SPEC_SIZE] {
    let mut out = [0u8; SPEC_SIZE];
    for (i, a) in args.iter().take(MAX_ARGS).enumerate() {
        let rec = &mut out[i * ARG_SIZE..(i + 1) * ARG_SIZE];
        rec[0..8].copy_from_slice(&a.val_off.to_ne_bytes());
        let location: u32 = match a.location {
            ArgLocation::Const => 0,
            ArgLocation::Reg => 1,
            ArgLocation::RegDeref => 2,
        };
        rec[8..12].copy_from_slice(&location.to_ne_bytes());
        rec[12..14].copy_from_slice(&a.reg_off.to_ne_bytes());
        rec[14] = u8::from(a.signed);
        rec[15] = a.bitshift as u8;
    }
    let tail = MAX_ARGS * ARG_SIZE;
    out[tail..tail + 8].copy_from_slice(&cookie.to_ne_bytes());
    out[tail + 8..tail + 10].copy_from_slice(&(args.len() as i16).to_ne_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_x86_64_form() {
        let args = parse_args("-4@$42 -8@%rdi -4@(%rsi) -2@%dx -4@8(%rcx) 1@-0x10(%r12d)")
            .expect("parses");
        let want = [
            (ArgLocation::Const, 42, 0, true, 32),
            (ArgLocation::Reg, 0, 112, true, 0),
            (ArgLocation::RegDeref, 0, 104, true, 32),
            (ArgLocation::Reg, 0, 96, true, 48),
            (ArgLocation::RegDeref, 8, 88, true, 32),
            (ArgLocation::RegDeref, (-16i64) as u64, 24, false, 56),
        ];
        for (a, (location, val_off, reg_off, signed, bitshift)) in args.iter().zip(want) {
            assert_eq!(
                (a.location, a.val_off, a.reg_off, a.signed, a.bitshift),
                (location, val_off, reg_off, signed, bitshift),
                "{a:?}"
            );
        }
    }

    #[test]
    fn unsupported_forms_say_why() {
        for (arg, why) in [
            ("8@sym(%rip)", "instruction-pointer-relative"),
            ("8@sym(%rax)", "offset is not a number"),
            ("8@8(%rip)", "instruction-pointer-relative"),
            ("4@-4(%rbp,%rax,4)", "indexed memory operands"),
            ("3@%eax", "size is not 1, 2, 4 or 8"),
            ("4@%xmm0", "unknown x86-64 register"),
            ("4@$x", "constant is not a number"),
            ("%eax", "no `@`"),
        ] {
            let err = parse_arg(arg).expect_err("unsupported");
            assert!(err.contains(why) && err.contains(arg), "{arg}: {err}");
        }
        let many = vec!["8@%rax"; 13].join(" ");
        assert!(parse_args(&many)
            .expect_err("too many")
            .contains("at most 12"));
    }

    #[test]
    fn spec_layout_matches_usdt_bpf_h() {
        let args = parse_args("-2@%dx 8@$7").expect("parses");
        let spec = encode_spec(&args, 0xc00c1e);
        assert_eq!(spec.len(), 208, "sizeof(struct __bpf_usdt_spec)");
        assert_eq!(&spec[8..12], &1u32.to_ne_bytes(), "args[0].arg_type = REG");
        assert_eq!(&spec[12..14], &96i16.to_ne_bytes(), "args[0].reg_off = dx");
        assert_eq!((spec[14], spec[15]), (1, 48), "signed, 48-bit shift");
        assert_eq!(&spec[16..24], &7u64.to_ne_bytes(), "args[1].val_off");
        assert_eq!(&spec[192..200], &0xc00c1eu64.to_ne_bytes(), "usdt_cookie");
        assert_eq!(&spec[200..202], &2i16.to_ne_bytes(), "arg_cnt");
    }
}
