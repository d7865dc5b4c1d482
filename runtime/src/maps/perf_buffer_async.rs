//! [`AsyncPerfBuffer`]: a [`PerfBuffer`] for tokio (feature `tokio`): each CPU's event fd
//! is registered with the reactor, and a wait ends when any of them is readable.

use std::future::poll_fn;
use std::io;
use std::os::fd::OwnedFd;
use std::task::Poll;

use tokio::io::unix::AsyncFd;

use super::perf_buffer::{PerfBuffer, PerfRecord};
use crate::pod::Pod;
use crate::prepare::map::MapError;
use crate::sys::{self, SyscallError};

/// Reads a perf buffer from async code: [`wait`](Self::wait) until a record is there,
/// then take records with the [`PerfBuffer`] methods (owned, borrowed by callback, or
/// typed), or use [`consume`](Self::consume) / [`next`](Self::next) /
/// [`next_as`](Self::next_as) for both steps. Needs a tokio runtime with I/O enabled.
pub struct AsyncPerfBuffer {
    buffer: PerfBuffer,
    /// Duplicates of the per-CPU event fds, registered with the runtime.
    fds: Vec<AsyncFd<OwnedFd>>,
}

impl std::fmt::Debug for AsyncPerfBuffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncPerfBuffer")
            .field("buffer", &self.buffer)
            .finish()
    }
}

impl AsyncPerfBuffer {
    /// Registers every CPU ring of `buffer` with the current tokio runtime.
    ///
    /// # Errors
    /// Outside a tokio runtime with I/O enabled, or when epoll refuses an fd.
    pub fn new(buffer: PerfBuffer) -> Result<Self, MapError> {
        let fds = buffer
            .event_fds()
            .map(|fd| {
                fd.try_clone_to_owned()
                    .and_then(sys::async_fd::register_readable)
            })
            .collect::<io::Result<Vec<_>>>()
            .map_err(|e| buffer.array_map().err(io_to_sys(e)))?;
        Ok(AsyncPerfBuffer { buffer, fds })
    }

    /// Waits until a record (sample or loss report) is in some CPU's ring.
    ///
    /// # Errors
    /// When the runtime's reactor fails.
    pub async fn wait(&mut self) -> Result<(), MapError> {
        loop {
            if self.buffer.has_records() {
                return Ok(());
            }
            // Readiness is edge-triggered: each ready fd forgets it here, and the top of
            // the loop looks at the rings again before waiting for the next edge.
            let fds = &self.fds;
            poll_fn(|cx| {
                let mut ready = false;
                for fd in fds {
                    match fd.poll_read_ready(cx) {
                        Poll::Ready(Ok(mut guard)) => {
                            guard.clear_ready();
                            ready = true;
                        }
                        Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                        Poll::Pending => {}
                    }
                }
                if ready {
                    Poll::Ready(Ok(()))
                } else {
                    Poll::Pending
                }
            })
            .await
            .map_err(|e| self.buffer.array_map().err(io_to_sys(e)))?;
        }
    }

    /// Waits for records, then hands every one available to the callbacks, as
    /// [`PerfBuffer::consume`]; returns how many samples.
    ///
    /// # Errors
    /// When the runtime's reactor fails.
    pub async fn consume(
        &mut self,
        on_sample: impl FnMut(u32, &[u8]),
        on_lost: impl FnMut(u32, u64),
    ) -> Result<usize, MapError> {
        self.wait().await?;
        Ok(self.buffer.consume(on_sample, on_lost))
    }

    /// The next record (sample or loss report), waiting for one if every ring is empty.
    ///
    /// # Errors
    /// When the runtime's reactor fails.
    pub async fn next(&mut self) -> Result<PerfRecord, MapError> {
        loop {
            if let Some(record) = self.buffer.next() {
                return Ok(record);
            }
            self.wait().await?;
        }
    }

    /// The next sample as a `T` with its CPU (as [`PerfBuffer::next_as`]), waiting for
    /// one if every ring is empty.
    ///
    /// # Errors
    /// When the runtime's reactor fails.
    pub async fn next_as<T: Pod>(&mut self) -> Result<(u32, T), MapError> {
        loop {
            if let Some(sample) = self.buffer.next_as() {
                return Ok(sample);
            }
            self.wait().await?;
        }
    }

    /// The synchronous buffer, for the other ways to take records.
    pub fn buffer(&mut self) -> &mut PerfBuffer {
        &mut self.buffer
    }
}

fn io_to_sys(e: io::Error) -> SyscallError {
    SyscallError::new("epoll (tokio AsyncFd)", e)
}
