//! The request log's writer: formatted lines are appended to a shared buffer, and one background thread
//! writes the buffer in batches, so a slow terminal or pipe never stalls a request.
//!
//! This replaces `tracing-appender`'s non-blocking writer, which hands each line through a channel to
//! its thread: under load that thread woke, wrote a line or a few, and went back to sleep for every
//! handful of requests. Profiled under `CreateUserPool` at the default log level, it took 11% of the
//! server's samples (mostly context switches and spinning on the channel), besides the wake-ups the
//! request threads paid to send to it. Here a line costs its sender a lock and a copy; the thread is
//! woken only when a line lands in an empty buffer, writes what has gathered, and then waits a few
//! milliseconds before it looks again, so a busy server writes many lines per wake-up and per syscall,
//! while a quiet one still shows each line at once.

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long the writer thread lets lines gather after writing a batch.
const PACE: Duration = Duration::from_millis(5);

/// Past this many buffered bytes (the output is slower than the requests), a sender writes the buffer
/// itself: the log applies back-pressure rather than growing without bound or dropping lines.
const LIMIT: usize = 4 * 1024 * 1024;

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

struct State {
    buf: Vec<u8>,
    closed: bool,
}

/// Where the log's lines go: a `tracing_subscriber` `MakeWriter` (cloned per line).
#[derive(Clone)]
pub struct BatchedWriter {
    shared: Arc<Shared>,
    out: Arc<Mutex<Box<dyn Write + Send>>>,
}

/// Writes out what is left and stops the writer thread when dropped (keep it alive in `main`).
pub struct FlushGuard {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl BatchedWriter {
    /// A writer to `out` and the guard that flushes it at the end. If the thread cannot be started, lines
    /// are written by their senders.
    pub fn new(out: impl Write + Send + 'static) -> (BatchedWriter, FlushGuard) {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                buf: Vec::with_capacity(64 * 1024),
                closed: false,
            }),
            wake: Condvar::new(),
        });
        let out: Arc<Mutex<Box<dyn Write + Send>>> = Arc::new(Mutex::new(Box::new(out)));
        let thread = {
            let shared = Arc::clone(&shared);
            let out = Arc::clone(&out);
            std::thread::Builder::new()
                .name("log-writer".into())
                .spawn(move || write_batches(&shared, &out))
                .ok()
        };
        let writer = BatchedWriter {
            shared: Arc::clone(&shared),
            out,
        };
        let direct = thread.is_none();
        lock(&shared.state).closed = direct;
        (writer, FlushGuard { shared, thread })
    }
}

/// The writer thread: wait for lines, swap the buffer out, write it, let the next lines gather.
fn write_batches(shared: &Shared, out: &Mutex<Box<dyn Write + Send>>) {
    let mut spare = Vec::with_capacity(64 * 1024);
    loop {
        let (mut batch, mut out) = {
            let mut state = lock(&shared.state);
            while state.buf.is_empty() && !state.closed {
                state = shared.wake.wait(state).unwrap_or_else(|e| e.into_inner());
            }
            if state.buf.is_empty() {
                return;
            }
            // The output is taken before the buffer is let go: a sender that then finds the buffer over
            // `LIMIT` (or the log closed) and writes it itself waits for this batch, which is older.
            let out = lock(out);
            (std::mem::replace(&mut state.buf, spare), out)
        };
        // Nothing sensible to do when the log cannot be written: the server goes on.
        let _ = out.write_all(&batch);
        let _ = out.flush();
        drop(out);
        batch.clear();
        spare = batch;
        std::thread::sleep(PACE);
    }
}

impl Write for &BatchedWriter {
    fn write(&mut self, line: &[u8]) -> std::io::Result<usize> {
        let mut state = lock(&self.shared.state);
        if state.closed {
            // No writer thread (it could not start, or the log is shutting down): write it now.
            drop(state);
            let mut out = lock(&self.out);
            out.write_all(line)?;
            out.flush()?;
            return Ok(line.len());
        }
        let was_empty = state.buf.is_empty();
        state.buf.extend_from_slice(line);
        if state.buf.len() > LIMIT {
            // Written while the buffer is locked, so lines keep their order and other senders wait.
            let mut out = lock(&self.out);
            let written = out.write_all(&state.buf).and_then(|()| out.flush());
            state.buf.clear();
            written?;
        } else if was_empty {
            self.shared.wake.notify_one();
        }
        Ok(line.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for BatchedWriter {
    type Writer = &'a BatchedWriter;

    fn make_writer(&'a self) -> Self::Writer {
        self
    }
}

impl Drop for FlushGuard {
    fn drop(&mut self) {
        lock(&self.shared.state).closed = true;
        self.shared.wake.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `Write` that keeps what it is given, for the test to read.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            lock(&self.0).extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn lines_from_several_threads_all_arrive_in_order_per_thread_and_the_guard_flushes() {
        let sink = Sink::default();
        let (writer, guard) = BatchedWriter::new(sink.clone());
        std::thread::scope(|s| {
            for t in 0..4 {
                let writer = &writer;
                s.spawn(move || {
                    for i in 0..5_000 {
                        (&*writer)
                            .write_all(format!("t{t} line {i}\n").as_bytes())
                            .unwrap();
                    }
                });
            }
        });
        drop(guard);
        let text = String::from_utf8(lock(&sink.0).clone()).unwrap();
        assert_eq!(text.lines().count(), 20_000);
        for t in 0..4 {
            let mine: Vec<&str> = text
                .lines()
                .filter(|l| l.starts_with(&format!("t{t} ")))
                .collect();
            let expected: Vec<String> = (0..5_000).map(|i| format!("t{t} line {i}")).collect();
            assert_eq!(mine, expected);
        }
    }

    #[test]
    fn a_quiet_log_shows_a_line_at_once() {
        let sink = Sink::default();
        let (writer, _guard) = BatchedWriter::new(sink.clone());
        (&writer).write_all(b"one line\n").unwrap();
        // Written by the thread without waiting for more lines or for the guard (well within 5 s).
        let shown = (0..500).any(|_| {
            std::thread::sleep(Duration::from_millis(10));
            lock(&sink.0).as_slice() == b"one line\n"
        });
        assert!(shown);
    }

    #[test]
    fn a_full_buffer_is_written_by_its_sender() {
        let sink = Sink::default();
        let (writer, guard) = BatchedWriter::new(sink.clone());
        let big = vec![b'x'; LIMIT + 1];
        (&writer).write_all(&big).unwrap();
        // Written before `write_all` returned, by the sender itself.
        assert!(lock(&sink.0).len() > LIMIT);
        drop(guard);
        assert_eq!(lock(&sink.0).len(), LIMIT + 1);
    }
}
