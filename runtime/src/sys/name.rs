//! Object names as the kernel accepts them (`map_name`, `prog_name`).

use super::consts::BPF_OBJ_NAME_LEN;

/// Sanitises `name` to the kernel's object-name rules: characters outside
/// `[A-Za-z0-9_.]` become `_`, and the result is cut to 15 bytes (room for
/// the NUL in a 16-byte field).
pub fn sanitize_obj_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .take(BPF_OBJ_NAME_LEN - 1)
        .collect()
}

/// The NUL-padded 16-byte field for `name`, sanitised as by
/// [`sanitize_obj_name`].
pub(crate) fn obj_name_field(name: &str) -> [u8; BPF_OBJ_NAME_LEN] {
    let mut field = [0u8; BPF_OBJ_NAME_LEN];
    for (dst, src) in field.iter_mut().zip(sanitize_obj_name(name).bytes()) {
        *dst = src;
    }
    field
}

/// Decodes a NUL-terminated name field returned by the kernel.
pub(crate) fn name_from_field(field: &[u8]) -> String {
    let end = field.iter().position(|b| *b == 0).unwrap_or(field.len());
    String::from_utf8_lossy(&field[..end]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitises_and_truncates() {
        assert_eq!(sanitize_obj_name("my-map"), "my_map");
        assert_eq!(sanitize_obj_name(".rodata"), ".rodata");
        assert_eq!(sanitize_obj_name("é/x"), "__x");
        assert_eq!(
            sanitize_obj_name("abcdefghijklmnopqrstuvwxyz"),
            "abcdefghijklmno"
        );
        let f = obj_name_field("a_very_long_program_name");
        assert_eq!(f[15], 0);
        assert_eq!(name_from_field(&f), "a_very_long_pro");
        assert_eq!(name_from_field(b"abc\0\0\0"), "abc");
    }
}
