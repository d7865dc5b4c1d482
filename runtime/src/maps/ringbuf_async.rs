//! [`AsyncRingBufReader`]: a [`RingBufReader`] for tokio (feature `tokio`): waits for
//! records on the map fd with `AsyncFd` instead of blocking in `poll(2)`.

use std::io;
use std::os::fd::{AsFd, OwnedFd};

use tokio::io::unix::AsyncFd;

use super::ringbuf_reader::RingBufReader;
use crate::prepare::map::MapError;
use crate::sys;

/// Reads a ring buffer from async code: [`wait`](Self::wait) until records are there,
/// then take them with the [`RingBufReader`] methods (owned, borrowed or typed), or use
/// [`consume`](Self::consume) / [`next`](Self::next) for both steps. Needs a tokio
/// runtime with I/O enabled.
pub struct AsyncRingBufReader {
    reader: RingBufReader,
    /// A duplicate of the map fd, registered with the runtime.
    fd: AsyncFd<OwnedFd>,
}

impl std::fmt::Debug for AsyncRingBufReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncRingBufReader")
            .field("reader", &self.reader)
            .finish()
    }
}

impl AsyncRingBufReader {
    /// Registers `reader`'s map fd with the current tokio runtime.
    ///
    /// # Errors
    /// Outside a tokio runtime with I/O enabled, or when epoll refuses the fd.
    pub fn new(reader: RingBufReader) -> Result<Self, MapError> {
        let map = reader.map_ref().map();
        let fd = map
            .as_fd()
            .try_clone_to_owned()
            .and_then(sys::async_fd::register_readable)
            .map_err(|e| map.err(io_to_sys(e)))?;
        Ok(AsyncRingBufReader { reader, fd })
    }

    /// Waits until at least one record (or discarded record) is in the ring.
    ///
    /// # Errors
    /// When the runtime's reactor fails.
    pub async fn wait(&mut self) -> Result<(), MapError> {
        loop {
            if self.reader.pending() > 0 {
                return Ok(());
            }
            let mut guard = self
                .fd
                .readable()
                .await
                .map_err(|e| self.reader.map_ref().map().err(io_to_sys(e)))?;
            // Readiness is edge-triggered: forget it only after seeing the ring empty, and
            // look again (the top of the loop) before waiting for the next edge.
            if self.reader.pending() == 0 {
                guard.clear_ready();
            } else {
                return Ok(());
            }
        }
    }

    /// Waits for records, then hands every one available to `f`, borrowed; returns how
    /// many (0 when only discarded records came).
    ///
    /// # Errors
    /// When the runtime's reactor fails.
    pub async fn consume(&mut self, f: impl FnMut(&[u8])) -> Result<usize, MapError> {
        self.wait().await?;
        Ok(self.reader.consume(f))
    }

    /// The next record, copied out, waiting for one if the ring is empty.
    ///
    /// # Errors
    /// When the runtime's reactor fails.
    pub async fn next(&mut self) -> Result<Vec<u8>, MapError> {
        loop {
            if let Some(record) = self.reader.next() {
                return Ok(record);
            }
            self.wait().await?;
        }
    }

    /// The next record read as a `T` (as [`RingBufReader::next_as`]), waiting for one if
    /// the ring is empty.
    ///
    /// # Errors
    /// When the runtime's reactor fails.
    pub async fn next_as<T: crate::pod::Pod>(&mut self) -> Result<T, MapError> {
        loop {
            if let Some(record) = self.reader.next_as() {
                return Ok(record);
            }
            self.wait().await?;
        }
    }

    /// The synchronous reader, for the other ways to take records.
    pub fn reader(&mut self) -> &mut RingBufReader {
        &mut self.reader
    }
}

fn io_to_sys(e: io::Error) -> crate::sys::SyscallError {
    crate::sys::SyscallError::new("epoll (tokio AsyncFd)", e)
}
