//! Verifier / BTF log buffers.

/// Largest log size the kernel accepts (`UINT_MAX >> 2`).
const MAX_LOG_SIZE: usize = (u32::MAX >> 2) as usize;

/// Pointer and (clamped) length of a log buffer, as the attr fields want
/// them. Bytes beyond the clamp are left untouched by the kernel.
pub(super) fn log_buf_parts(buf: &mut [u8]) -> (u64, u32) {
    let len = buf.len().min(MAX_LOG_SIZE);
    (buf.as_mut_ptr() as u64, len as u32)
}

/// The text of a NUL-terminated kernel log buffer, lossily decoded.
pub fn log_text(buf: &[u8]) -> String {
    let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}
