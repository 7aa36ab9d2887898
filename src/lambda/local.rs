//! Local handler files (`--lambda <name or ARN>=<path>`): a user's own Node or Python Lambda handler, run
//! in warm worker processes on this machine.
//!
//! Each worker is an interpreter running one of the runner scripts of `runtime/` (embedded here and
//! written to a private temporary directory on first use), which loads the handler file once and then
//! answers invocations one at a time, as a warm Lambda execution environment does. A function keeps a
//! pool of idle workers and starts more, up to [`MAX_WORKERS`], when every one is busy; a worker that
//! crashed or timed out is killed and replaced on a later call. Nothing starts before the first
//! invocation, so the emulator's start-up does not wait for interpreters.
//!
//! The channel to a worker is one end of a Unix socket pair given to the child as its stdin, so whatever
//! the handler prints cannot corrupt it; the child's stdout and stderr are pipes whose lines go to the log
//! (target `lambda`, prefixed with the function name). Messages are newline-delimited JSON carrying the
//! request id (see the runners for their fields). A worker exits when its channel closes, so workers
//! never outlive the emulator, even one that was killed; dropping a [`LocalFunction`] kills its workers.

use std::borrow::Cow;
use std::ffi::OsString;
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::fs::DirBuilderExt;
use std::os::unix::net::UnixStream;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Backend, InvokeError};

/// The most workers one function runs at once; more concurrent invocations wait for one to free up.
pub const MAX_WORKERS: usize = 8;

const NODE_RUNNER: &str = include_str!("runtime/node_runner.mjs");
const PYTHON_RUNNER: &str = include_str!("runtime/python_runner.py");

/// What Lambda reports as the memory size (the runners pass it on, as a string, like Lambda).
const MEMORY_SIZE: &str = "128";
/// The region and account of the ARNs made up for functions configured by name.
const DEFAULT_REGION: &str = "us-east-1";
const ACCOUNT: &str = "123456789012";

/// The language a handler file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runtime {
    /// `.mjs`, `.js`, `.cjs`, run by `node` (or `COGNITO_EMULATOR_NODE`).
    Node,
    /// `.py`, run by `python3` (or `COGNITO_EMULATOR_PYTHON`).
    Python,
}

impl Runtime {
    /// The runtime of a file, by its extension.
    fn of(path: &Path) -> Option<Runtime> {
        match path.extension()?.to_str()? {
            "mjs" | "js" | "cjs" => Some(Runtime::Node),
            "py" => Some(Runtime::Python),
            _ => None,
        }
    }

    /// The interpreter: the environment's choice, else the usual name on the PATH.
    fn interpreter(self) -> OsString {
        let (variable, default) = match self {
            Runtime::Node => ("COGNITO_EMULATOR_NODE", "node"),
            Runtime::Python => ("COGNITO_EMULATOR_PYTHON", "python3"),
        };
        std::env::var_os(variable)
            .filter(|value| !value.is_empty())
            .unwrap_or_else(|| default.into())
    }

    fn runner(self) -> &'static str {
        match self {
            Runtime::Node => "node_runner.mjs",
            Runtime::Python => "python_runner.py",
        }
    }

    fn variable(self) -> &'static str {
        match self {
            Runtime::Node => "COGNITO_EMULATOR_NODE",
            Runtime::Python => "COGNITO_EMULATOR_PYTHON",
        }
    }
}

/// A function whose code is a local Node or Python file.
#[derive(Debug)]
pub struct LocalFunction {
    /// The function's name (the name part of the configured ARN), in logs and in Lambda's context.
    name: Arc<str>,
    /// The ARN given to the handler when it is invoked by name.
    default_arn: String,
    /// The handler file, absolute.
    file: PathBuf,
    /// Its directory: the workers' working directory.
    dir: PathBuf,
    /// The exported function, when not the default (`handler`, or for Python `lambda_handler` too).
    export: Option<String>,
    runtime: Runtime,
    interpreter: OsString,
    pool: Mutex<Pool>,
    /// Signalled when a worker goes back to the pool or one is dropped, for invocations waiting at the cap.
    freed: Condvar,
}

/// The workers of a function.
#[derive(Debug, Default)]
struct Pool {
    /// Started workers with no invocation in progress, the most recently used last.
    idle: Vec<Worker>,
    /// Workers that exist or are starting: the idle ones and those lent to an invocation.
    live: usize,
}

impl LocalFunction {
    /// Checks the handler; starts nothing. `name` is a function name or an ARN. `path` is a `.mjs`, `.js`,
    /// `.cjs` or `.py` file, `file:export` for another exported function, or Lambda's handler string
    /// (`dir/index.handler` for `handler` of `dir/index.mjs`, `.js`, `.cjs` or `.py`) when no file has that
    /// literal name.
    pub fn new(name: String, path: PathBuf) -> Result<LocalFunction, String> {
        let (file, export) = resolve(&path)?;
        let runtime = Runtime::of(&file).ok_or_else(|| {
            format!(
                "{}: not a supported handler file (expected .mjs, .js or .cjs for Node, .py for Python)",
                path.display()
            )
        })?;
        let file = fs::canonicalize(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let dir = file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("/"));
        let short = super::function_name(&name).to_string();
        let default_arn = if name.starts_with("arn:") {
            name
        } else {
            format!("arn:aws:lambda:{DEFAULT_REGION}:{ACCOUNT}:function:{short}")
        };
        Ok(LocalFunction {
            name: short.into(),
            default_arn,
            file,
            dir,
            export,
            runtime,
            interpreter: runtime.interpreter(),
            pool: Mutex::new(Pool::default()),
            freed: Condvar::new(),
        })
    }

    /// Runs the workers with `program` instead of the interpreter chosen from the environment.
    pub fn with_interpreter(mut self, program: impl Into<OsString>) -> LocalFunction {
        self.interpreter = program.into();
        self
    }

    /// The handler's language.
    pub fn runtime(&self) -> Runtime {
        self.runtime
    }

    /// The handler file, absolute.
    pub fn file(&self) -> &Path {
        &self.file
    }

    fn lock(&self) -> MutexGuard<'_, Pool> {
        // A panic elsewhere while holding the lock leaves the pool consistent enough to go on.
        self.pool.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// An idle worker, or the right to start one, waiting until `deadline` at the cap.
    fn acquire(&self, deadline: Instant) -> Result<Lease, InvokeError> {
        let mut pool = self.lock();
        loop {
            while let Some(mut worker) = pool.idle.pop() {
                if worker.alive() {
                    return Ok(Lease::Warm(worker));
                }
                // It died between invocations (a timer in the handler exited, say): replace it.
                pool.live -= 1;
                tracing::debug!(target: "lambda", "[{}] an idle worker exited", self.name);
            }
            if pool.live < MAX_WORKERS {
                pool.live += 1;
                return Ok(Lease::Start);
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(InvokeError::Timeout);
            }
            pool = match self.freed.wait_timeout(pool, deadline - now) {
                Ok((pool, _)) => pool,
                Err(e) => e.into_inner().0,
            };
        }
    }

    /// Gives a worker back to the pool, or (`None`) gives up the place of one that is gone.
    fn release(&self, worker: Option<Worker>) {
        let mut pool = self.lock();
        match worker {
            Some(worker) => pool.idle.push(worker),
            None => pool.live -= 1,
        }
        drop(pool);
        self.freed.notify_one();
    }

    /// Starts a worker and waits (until `deadline`) for it to load the handler file.
    fn start(&self, deadline: Instant, request_id: &str) -> Result<Worker, InvokeError> {
        let runners = runners().map_err(InvokeError::Unreachable)?;
        let (ours, theirs) = UnixStream::pair()
            .map_err(|e| InvokeError::Unreachable(format!("{}: socket pair: {e}", self.name)))?;
        let region = |first: &str, second: &str| {
            std::env::var(first)
                .or_else(|_| std::env::var(second))
                .unwrap_or_else(|_| DEFAULT_REGION.to_string())
        };
        let module = self
            .file
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let export = self.export.as_deref().unwrap_or("handler");
        let mut command = Command::new(&self.interpreter);
        if self.runtime == Runtime::Python {
            // Unbuffered: the handler's prints reach the log as they happen, and none is lost in a crash.
            command.arg("-u").env("PYTHONUNBUFFERED", "1");
        }
        command
            .arg(runners.join(self.runtime.runner()))
            .current_dir(&self.dir)
            .stdin(Stdio::from(OwnedFd::from(theirs)))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env("COGNITO_EMULATOR_HANDLER_FILE", &self.file)
            .env(
                "COGNITO_EMULATOR_HANDLER_EXPORT",
                self.export.as_deref().unwrap_or(""),
            )
            .env("AWS_LAMBDA_FUNCTION_NAME", &*self.name)
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", MEMORY_SIZE)
            .env(
                "AWS_LAMBDA_LOG_GROUP_NAME",
                format!("/aws/lambda/{}", self.name),
            )
            .env("AWS_REGION", region("AWS_REGION", "AWS_DEFAULT_REGION"))
            .env(
                "AWS_DEFAULT_REGION",
                region("AWS_DEFAULT_REGION", "AWS_REGION"),
            )
            .env("LAMBDA_TASK_ROOT", &self.dir)
            .env("_HANDLER", format!("{module}.{export}"));
        let spawned = command.spawn();
        // The command holds the child's end of the channel: closing ours is what makes the channel end
        // when the child exits.
        drop(command);
        let mut child = spawned.map_err(|e| {
            InvokeError::Unreachable(
                if e.kind() == io::ErrorKind::NotFound && !self.dir.is_dir() {
                    format!(
                        "{}: the directory {} is gone",
                        self.name,
                        self.dir.display()
                    )
                } else if e.kind() == io::ErrorKind::NotFound {
                    format!(
                        "{}: cannot start {}: not found (install it or set {})",
                        self.name,
                        Path::new(&self.interpreter).display(),
                        self.runtime.variable()
                    )
                } else {
                    format!(
                        "{}: cannot start {}: {e}",
                        self.name,
                        Path::new(&self.interpreter).display()
                    )
                },
            )
        })?;
        let forwarded = [
            child.stdout.take().map(|out| forward(&self.name, out)),
            child.stderr.take().map(|err| forward(&self.name, err)),
        ];
        let mut worker = Worker {
            child,
            channel: BufReader::new(ours),
            line: Vec::with_capacity(1024),
        };
        if let Some(Err(e)) = forwarded.into_iter().flatten().find(Result::is_err) {
            return Err(InvokeError::Unreachable(format!(
                "{}: cannot start a log thread: {e}",
                self.name
            )));
        }
        tracing::debug!(target: "lambda", "[{}] started worker {} for {}", self.name, worker.child.id(), self.file.display());
        match worker.receive(deadline) {
            Ok(()) => match parse(&worker.line, "init") {
                Ok(Ok(_)) => Ok(worker),
                Ok(Err(e)) => Err(e),
                Err(why) => Err(InvokeError::Unreachable(format!("{}: {why}", self.name))),
            },
            Err(e) if is_timeout(&e) => Err(InvokeError::Timeout),
            Err(_) => Err(exit_error(request_id, worker.exit_status())),
        }
    }

    /// The request line: the header fields, then the event as given, with the line breaks a pretty-printed
    /// document may have turned into spaces (JSON allows a raw line break only as whitespace).
    fn request(&self, id: &str, function: &str, payload: &[u8], remaining: Duration) -> Vec<u8> {
        let arn = if function.starts_with("arn:") {
            function
        } else {
            &self.default_arn
        };
        let arn = serde_json::Value::from(arn).to_string();
        let mut line = Vec::with_capacity(payload.len() + arn.len() + 96);
        line.extend_from_slice(b"{\"id\":\"");
        line.extend_from_slice(id.as_bytes());
        line.extend_from_slice(b"\",\"arn\":");
        line.extend_from_slice(arn.as_bytes());
        line.extend_from_slice(b",\"timeoutMs\":");
        line.extend_from_slice(remaining.as_millis().to_string().as_bytes());
        line.extend_from_slice(b",\"event\":");
        line.extend(payload.iter().map(|&b| match b {
            b'\n' | b'\r' => b' ',
            b => b,
        }));
        line.extend_from_slice(b"}\n");
        line
    }
}

impl Backend for LocalFunction {
    fn invoke(
        &self,
        function: &str,
        payload: &[u8],
        timeout: Duration,
    ) -> Result<Vec<u8>, InvokeError> {
        let deadline = Instant::now() + timeout;
        // The event goes into the request line as it is, so it must be one JSON document.
        if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(payload) {
            return Err(InvokeError::Unreachable(format!(
                "{}: the event is not JSON: {e}",
                self.name
            )));
        }
        let id = uuid::Uuid::new_v4().to_string();
        // A worker found dead only when writing to it never saw the request: try another, a few times.
        for _ in 0..3 {
            let mut worker = match self.acquire(deadline)? {
                Lease::Warm(worker) => worker,
                Lease::Start => match self.start(deadline, &id) {
                    Ok(worker) => worker,
                    Err(e) => {
                        self.release(None);
                        return Err(e);
                    }
                },
            };
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                self.release(Some(worker));
                return Err(InvokeError::Timeout);
            }
            let request = self.request(&id, function, payload, remaining);
            if let Err(e) = worker.send(&request, remaining) {
                if is_timeout(&e) {
                    // The worker stopped reading: it is stuck, so it goes.
                    drop(worker);
                    self.release(None);
                    return Err(InvokeError::Timeout);
                }
                tracing::debug!(target: "lambda", "[{}] worker {} is gone: {e}", self.name, worker.child.id());
                drop(worker);
                self.release(None);
                continue;
            }
            return match worker.receive(deadline) {
                Ok(()) => match parse(&worker.line, &id) {
                    Ok(answer) => {
                        self.release(Some(worker));
                        answer
                    }
                    Err(why) => {
                        drop(worker);
                        self.release(None);
                        Err(InvokeError::Unreachable(format!("{}: {why}", self.name)))
                    }
                },
                Err(e) if is_timeout(&e) => {
                    tracing::info!(target: "lambda", "[{}] RequestId: {id} timed out after {} ms; the worker is stopped", self.name, timeout.as_millis());
                    drop(worker);
                    self.release(None);
                    Err(InvokeError::Timeout)
                }
                Err(_) => {
                    let status = worker.exit_status();
                    drop(worker);
                    self.release(None);
                    let error = exit_error(&id, status);
                    tracing::info!(target: "lambda", "[{}] {error}", self.name);
                    Err(error)
                }
            };
        }
        Err(InvokeError::Unreachable(format!(
            "{}: its workers keep exiting before they take a request",
            self.name
        )))
    }
}

/// What [`LocalFunction::acquire`] hands out.
enum Lease {
    Warm(Worker),
    /// A place in the pool for a worker the caller starts.
    Start,
}

/// One interpreter process and its channel.
#[derive(Debug)]
struct Worker {
    child: Child,
    channel: BufReader<UnixStream>,
    /// The last message received (kept to reuse its allocation).
    line: Vec<u8>,
}

impl Worker {
    fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    fn send(&mut self, request: &[u8], remaining: Duration) -> io::Result<()> {
        let stream = self.channel.get_ref();
        stream.set_write_timeout(Some(remaining.max(Duration::from_millis(1))))?;
        let mut stream: &UnixStream = stream;
        stream.write_all(request)
    }

    /// Reads one message into `line`; an error of kind `TimedOut` when `deadline` passes first.
    fn receive(&mut self, deadline: Instant) -> io::Result<()> {
        self.line.clear();
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.channel.get_ref().set_read_timeout(Some(remaining))?;
        match self.channel.read_until(b'\n', &mut self.line) {
            Ok(_) if self.line.ends_with(b"\n") => Ok(()),
            Ok(_) => Err(io::ErrorKind::UnexpectedEof.into()),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Err(io::ErrorKind::TimedOut.into()),
            Err(e) => Err(e),
        }
    }

    /// How the process ended, after its channel closed: it is exiting, so this waits a little for it
    /// before killing it.
    fn exit_status(&mut self) -> Option<ExitStatus> {
        let until = Instant::now() + Duration::from_millis(500);
        while Instant::now() < until {
            match self.child.try_wait() {
                Ok(Some(status)) => return Some(status),
                Ok(None) => std::thread::sleep(Duration::from_millis(2)),
                Err(_) => return None,
            }
        }
        None
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Killing a process that already exited is harmless; the wait reaps it either way.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// A message from a runner (see the runners).
#[derive(Deserialize)]
struct Answer<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    ok: bool,
    #[serde(borrow, default)]
    result: Option<&'a RawValue>,
    #[serde(rename = "errorType", default)]
    error_type: Option<String>,
    #[serde(rename = "errorMessage", default)]
    error_message: Option<String>,
}

/// The function's answer in a message for request `id`, or why the message makes no sense (the worker is
/// then not trusted again).
fn parse(line: &[u8], id: &str) -> Result<Result<Vec<u8>, InvokeError>, String> {
    let answer: Answer<'_> = serde_json::from_slice(line)
        .map_err(|e| format!("the worker sent an unreadable message: {e}"))?;
    if answer.id != id {
        return Err(format!(
            "the worker answered request {} instead of {id}",
            answer.id
        ));
    }
    Ok(if answer.ok {
        // An absent result or JSON null: the handler returned nothing.
        Ok(answer
            .result
            .map_or_else(|| b"null".to_vec(), |raw| raw.get().as_bytes().to_vec()))
    } else {
        Err(InvokeError::Function {
            error_type: answer.error_type.unwrap_or_else(|| "Error".to_string()),
            message: answer.error_message.unwrap_or_default(),
        })
    })
}

/// Lambda's error for a runtime that exited during an invocation, with its Go-style exit description.
fn exit_error(request_id: &str, status: Option<ExitStatus>) -> InvokeError {
    let how = match status {
        Some(status) => match (status.code(), status.signal()) {
            (Some(code), _) => format!("exit status {code}"),
            (None, Some(signal)) => format!("signal: {}", signal_name(signal)),
            (None, None) => status.to_string(),
        },
        None => "unknown".to_string(),
    };
    InvokeError::Function {
        error_type: "Runtime.ExitError".to_string(),
        message: format!("RequestId: {request_id} Error: Runtime exited with error: {how}"),
    }
}

fn signal_name(signal: i32) -> String {
    match signal {
        1 => "hangup".into(),
        2 => "interrupt".into(),
        3 => "quit".into(),
        4 => "illegal instruction".into(),
        6 => "aborted".into(),
        7 => "bus error".into(),
        8 => "floating point exception".into(),
        9 => "killed".into(),
        11 => "segmentation fault".into(),
        13 => "broken pipe".into(),
        15 => "terminated".into(),
        other => format!("signal {other}"),
    }
}

/// Logs each line of a worker's output until it closes, from a thread of its own (one per stream and
/// worker, started with the worker: nothing per invocation).
fn forward(name: &Arc<str>, stream: impl Read + Send + 'static) -> io::Result<()> {
    let name = Arc::clone(name);
    std::thread::Builder::new()
        .name("lambda-log".into())
        .spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut line = Vec::new();
            loop {
                line.clear();
                match reader.read_until(b'\n', &mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        while line.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                            line.pop();
                        }
                        tracing::info!(target: "lambda", "[{name}] {}", String::from_utf8_lossy(&line));
                    }
                }
            }
        })
        .map(drop)
}

/// The handler file and export of a configured path (see [`LocalFunction::new`]).
fn resolve(path: &Path) -> Result<(PathBuf, Option<String>), String> {
    if path.is_file() {
        return Ok((path.to_path_buf(), None));
    }
    if path.exists() {
        return Err(format!("{}: not a file", path.display()));
    }
    let missing = || {
        format!(
            "{}: no such handler file (expected a .mjs, .js, .cjs or .py file, `file:export`, or \
             Lambda's `dir/module.function`)",
            path.display()
        )
    };
    let text = path.to_str().ok_or_else(missing)?;
    if let Some((file, export)) = text.rsplit_once(':') {
        if is_identifier(export) && Path::new(file).is_file() {
            return Ok((PathBuf::from(file), Some(export.to_string())));
        }
    }
    let (dir, base) = match text.rsplit_once('/') {
        Some((dir, base)) => (format!("{dir}/"), base),
        None => (String::new(), text),
    };
    if let Some((module, export)) = base.rsplit_once('.') {
        if !module.is_empty() && is_identifier(export) {
            for extension in ["mjs", "js", "cjs", "py"] {
                let file = PathBuf::from(format!("{dir}{module}.{extension}"));
                if file.is_file() {
                    return Ok((file, Some(export.to_string())));
                }
            }
        }
    }
    Err(missing())
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// The directory of the runner scripts, written on first use: one per emulator process, created (not
/// reused) with only the owner's access so no one else's files run as a worker.
fn runners() -> Result<&'static Path, String> {
    static DIR: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    DIR.get_or_init(write_runners)
        .as_ref()
        .map(PathBuf::as_path)
        .map_err(Clone::clone)
}

const RUNNERS_PREFIX: &str = "cognito-emulator-lambda-";

fn write_runners() -> Result<PathBuf, String> {
    let temp = std::env::temp_dir();
    remove_stale_runners(&temp);
    let dir = temp.join(format!(
        "{RUNNERS_PREFIX}{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    let failed =
        |e: io::Error| format!("cannot write the Lambda runners in {}: {e}", dir.display());
    fs::DirBuilder::new()
        .mode(0o700)
        .create(&dir)
        .map_err(failed)?;
    fs::write(dir.join(Runtime::Node.runner()), NODE_RUNNER).map_err(failed)?;
    fs::write(dir.join(Runtime::Python.runner()), PYTHON_RUNNER).map_err(failed)?;
    Ok(dir)
}

/// Removes the runner directories of emulator processes that are gone, so runs do not pile them up in
/// the temporary directory. Only where `/proc` tells which processes exist; best effort.
fn remove_stale_runners(temp: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|name| name.strip_prefix(RUNNERS_PREFIX))
            .and_then(|rest| rest.split('-').next())
            .filter(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        if !Path::new("/proc").join(pid).exists() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// A fresh directory for a test's handler files.
    fn scratch(files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "lambda-local-test-{}",
            uuid::Uuid::new_v4().simple()
        ));
        fs::create_dir_all(&dir).unwrap();
        for (name, text) in files {
            fs::write(dir.join(name), text).unwrap();
        }
        dir
    }

    fn has(program: &str) -> bool {
        let found = Command::new(program)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !found {
            eprintln!("{program} is not installed: test skipped");
        }
        found
    }

    fn function(dir: &Path, file: &str) -> LocalFunction {
        LocalFunction::new("testFunction".to_string(), dir.join(file)).unwrap()
    }

    fn call(function: &LocalFunction, event: &str) -> Result<serde_json::Value, InvokeError> {
        function
            .invoke("testFunction", event.as_bytes(), Duration::from_secs(10))
            .map(|answer| serde_json::from_slice(&answer).unwrap())
    }

    const NODE_ESM: &str = r#"
export const handler = async (event, context) => {
  if (event.throw === 'type') throw new TypeError('bad type');
  if (event.throw === 'string') throw 'just a string';
  if (event.crash) process.exit(1);
  if (event.hang) await new Promise(() => setTimeout(() => {}, 100000));
  if (event.print) { console.log('{"id":"init","ok":true}'); process.stdout.write('no newline'); console.error('to stderr'); }
  if (event.sleep) await new Promise((resolve) => setTimeout(resolve, event.sleep));
  if (event.context) {
    return {
      functionName: context.functionName,
      functionVersion: context.functionVersion,
      invokedFunctionArn: context.invokedFunctionArn,
      memoryLimitInMB: context.memoryLimitInMB,
      awsRequestId: context.awsRequestId,
      logGroupName: context.logGroupName,
      logStreamName: context.logStreamName,
      remaining: context.getRemainingTimeInMillis(),
      waits: context.callbackWaitsForEmptyEventLoop,
      env: [process.env.AWS_LAMBDA_FUNCTION_NAME, process.env.AWS_LAMBDA_FUNCTION_VERSION,
            process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, process.env.AWS_REGION,
            process.env.AWS_LAMBDA_LOG_GROUP_NAME],
      cwd: process.cwd(),
      pid: process.pid,
    };
  }
  if (event.nothing) return undefined;
  return { echo: event, pid: process.pid };
};
"#;

    #[test]
    fn node_esm_async_handler_answers_and_stays_warm() {
        if !has("node") {
            return;
        }
        let dir = scratch(&[("index.mjs", NODE_ESM)]);
        let f = function(&dir, "index.mjs");
        let first = call(&f, r#"{"a":1}"#).unwrap();
        assert_eq!(first["echo"], serde_json::json!({"a": 1}));
        let second = call(&f, "{\n  \"b\": \"x\\ny\"\n}").unwrap();
        assert_eq!(second["echo"], serde_json::json!({"b": "x\ny"}));
        assert_eq!(
            first["pid"], second["pid"],
            "the second call reuses the warm worker"
        );
        assert_eq!(
            call(&f, r#"{"nothing":true}"#).unwrap(),
            serde_json::Value::Null
        );
    }

    #[test]
    fn node_context_and_environment() {
        if !has("node") {
            return;
        }
        let dir = scratch(&[("index.mjs", NODE_ESM)]);
        let f = function(&dir, "index.mjs");
        let answer = call(&f, r#"{"context":true}"#).unwrap();
        assert_eq!(answer["functionName"], "testFunction");
        assert_eq!(answer["functionVersion"], "$LATEST");
        assert_eq!(
            answer["invokedFunctionArn"],
            "arn:aws:lambda:us-east-1:123456789012:function:testFunction"
        );
        assert_eq!(answer["memoryLimitInMB"], "128");
        assert!(uuid::Uuid::parse_str(answer["awsRequestId"].as_str().unwrap()).is_ok());
        assert_eq!(answer["logGroupName"], "/aws/lambda/testFunction");
        assert!(answer["logStreamName"]
            .as_str()
            .unwrap()
            .contains("/[$LATEST]"));
        let remaining = answer["remaining"].as_u64().unwrap();
        assert!(remaining > 5_000 && remaining <= 10_000, "{remaining}");
        assert_eq!(answer["waits"], true);
        let env = answer["env"].as_array().unwrap();
        assert_eq!(env[0], "testFunction");
        assert_eq!(env[1], "$LATEST");
        assert_eq!(env[2], "128");
        assert!(env[3].as_str().is_some_and(|region| !region.is_empty()));
        assert_eq!(env[4], "/aws/lambda/testFunction");
        assert_eq!(
            answer["cwd"],
            fs::canonicalize(&dir).unwrap().to_str().unwrap()
        );

        // Invoked through an ARN, the handler sees that ARN.
        let arn = "arn:aws:lambda:eu-west-1:111122223333:function:testFunction";
        let answer = f
            .invoke(arn, br#"{"context":true}"#, Duration::from_secs(10))
            .unwrap();
        let answer: serde_json::Value = serde_json::from_slice(&answer).unwrap();
        assert_eq!(answer["invokedFunctionArn"], arn);
    }

    #[test]
    fn node_errors_map_to_lambda_errors() {
        if !has("node") {
            return;
        }
        let dir = scratch(&[("index.mjs", NODE_ESM)]);
        let f = function(&dir, "index.mjs");
        assert_eq!(
            call(&f, r#"{"throw":"type"}"#),
            Err(InvokeError::Function {
                error_type: "TypeError".into(),
                message: "bad type".into()
            })
        );
        assert_eq!(
            call(&f, r#"{"throw":"string"}"#),
            Err(InvokeError::Function {
                error_type: "string".into(),
                message: "just a string".into()
            })
        );
        assert!(
            call(&f, "{}").is_ok(),
            "a function error leaves the worker usable"
        );
    }

    #[test]
    fn handler_output_does_not_break_the_protocol() {
        if !has("node") || !has("python3") {
            return;
        }
        // The handlers' lines show in the test's output (with --nocapture).
        let _ = tracing_subscriber::fmt().with_test_writer().try_init();
        let dir = scratch(&[
            ("index.mjs", NODE_ESM),
            (
                "app.py",
                "import sys\ndef handler(event, context):\n    print('{\"id\":\"init\",\"ok\":true}')\n    \
                 sys.stdout.write('partial')\n    print('err', file=sys.stderr)\n    return {'fine': True}\n",
            ),
        ]);
        let node = function(&dir, "index.mjs");
        for _ in 0..3 {
            assert_eq!(
                call(&node, r#"{"print":true,"a":2}"#).unwrap()["echo"]["a"],
                2
            );
        }
        let python = function(&dir, "app.py");
        for _ in 0..3 {
            assert_eq!(
                call(&python, "{}").unwrap(),
                serde_json::json!({"fine": true})
            );
        }
    }

    #[test]
    fn a_crash_is_an_exit_error_and_the_next_call_gets_a_new_worker() {
        if !has("node") {
            return;
        }
        let dir = scratch(&[("index.mjs", NODE_ESM)]);
        let f = function(&dir, "index.mjs");
        let before = call(&f, "{}").unwrap()["pid"].clone();
        match call(&f, r#"{"crash":true}"#) {
            Err(InvokeError::Function {
                error_type,
                message,
            }) => {
                assert_eq!(error_type, "Runtime.ExitError");
                assert!(message.starts_with("RequestId: "), "{message}");
                assert!(
                    message.ends_with(" Error: Runtime exited with error: exit status 1"),
                    "{message}"
                );
            }
            other => panic!("expected Runtime.ExitError, got {other:?}"),
        }
        let after = call(&f, "{}").unwrap()["pid"].clone();
        assert_ne!(before, after);
    }

    #[test]
    fn a_timeout_stops_the_worker_and_the_next_call_works() {
        if !has("node") {
            return;
        }
        let dir = scratch(&[("index.mjs", NODE_ESM)]);
        let f = function(&dir, "index.mjs");
        let timeout = Duration::from_millis(300);
        let before = call(&f, "{}").unwrap()["pid"].clone();
        let started = Instant::now();
        assert_eq!(
            f.invoke("testFunction", br#"{"hang":true}"#, timeout),
            Err(InvokeError::Timeout)
        );
        let waited = started.elapsed();
        assert!(
            waited >= timeout && waited < Duration::from_secs(2),
            "{waited:?}"
        );
        let after = f
            .invoke("testFunction", b"{}", Duration::from_secs(10))
            .unwrap();
        let after: serde_json::Value = serde_json::from_slice(&after).unwrap();
        assert_ne!(before, after["pid"]);
    }

    #[test]
    fn concurrent_calls_use_several_workers() {
        if !has("node") {
            return;
        }
        let dir = scratch(&[("index.mjs", NODE_ESM)]);
        let f = Arc::new(function(&dir, "index.mjs"));
        let threads: Vec<_> = (0..12)
            .map(|i| {
                let f = Arc::clone(&f);
                std::thread::spawn(move || {
                    (0..5)
                        .map(|j| {
                            let answer =
                                call(&f, &format!(r#"{{"sleep":30,"n":{}}}"#, i * 100 + j))
                                    .unwrap();
                            assert_eq!(answer["echo"]["n"], i * 100 + j);
                            answer["pid"].as_u64().unwrap()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut pids: Vec<u64> = threads
            .into_iter()
            .flat_map(|thread| thread.join().unwrap())
            .collect();
        pids.sort_unstable();
        pids.dedup();
        assert!(pids.len() > 1 && pids.len() <= MAX_WORKERS, "{pids:?}");
        assert!(f.lock().live <= MAX_WORKERS);
    }

    #[test]
    fn node_commonjs_callback_handler() {
        if !has("node") {
            return;
        }
        let dir = scratch(&[
            (
                "cb.js",
                "exports.handler = function (event, context, callback) {\n  if (event.fail) return callback(new Error('called back'));\n  setTimeout(() => callback(null, { got: event.x, name: context.functionName }), 5);\n};\n",
            ),
            (
                "legacy.cjs",
                "module.exports.handler = (event, context) => { if (event.fail) context.fail(new RangeError('nope')); else context.succeed({ legacy: true }); };\n",
            ),
            (
                "named.mjs",
                "export function other(event) { return { other: event.v }; }\n",
            ),
        ]);
        let cb = function(&dir, "cb.js");
        assert_eq!(
            call(&cb, r#"{"x":7}"#).unwrap(),
            serde_json::json!({"got": 7, "name": "testFunction"})
        );
        assert_eq!(
            call(&cb, r#"{"fail":true}"#),
            Err(InvokeError::Function {
                error_type: "Error".into(),
                message: "called back".into()
            })
        );
        let legacy = function(&dir, "legacy.cjs");
        assert_eq!(
            call(&legacy, "{}").unwrap(),
            serde_json::json!({"legacy": true})
        );
        assert_eq!(
            call(&legacy, r#"{"fail":true}"#),
            Err(InvokeError::Function {
                error_type: "RangeError".into(),
                message: "nope".into()
            })
        );
        let named = function(&dir, "named.mjs:other");
        assert_eq!(
            call(&named, r#"{"v":3}"#).unwrap(),
            serde_json::json!({"other": 3})
        );
        let styled = function(&dir, "named.other");
        assert_eq!(
            call(&styled, r#"{"v":4}"#).unwrap(),
            serde_json::json!({"other": 4})
        );
    }

    #[test]
    fn python_handler_context_and_errors() {
        if !has("python3") {
            return;
        }
        let dir = scratch(&[
            ("helper.py", "GREETING = 'hello'\n"),
            (
                "lambda_function.py",
                "import os\nimport helper\n\ndef lambda_handler(event, context):\n    if event.get('raise'):\n        raise ValueError('bad value')\n    if event.get('crash'):\n        os._exit(3)\n    return {\n        'greeting': helper.GREETING,\n        'event': event,\n        'function_name': context.function_name,\n        'function_version': context.function_version,\n        'arn': context.invoked_function_arn,\n        'memory': context.memory_limit_in_mb,\n        'request_id': context.aws_request_id,\n        'group': context.log_group_name,\n        'stream': context.log_stream_name,\n        'remaining': context.get_remaining_time_in_millis(),\n        'env': os.environ['AWS_LAMBDA_FUNCTION_NAME'],\n        'pid': os.getpid(),\n    }\n",
            ),
        ]);
        let f = function(&dir, "lambda_function.py");
        let answer = call(&f, r#"{"k":"v"}"#).unwrap();
        assert_eq!(answer["greeting"], "hello");
        assert_eq!(answer["event"], serde_json::json!({"k": "v"}));
        assert_eq!(answer["function_name"], "testFunction");
        assert_eq!(answer["function_version"], "$LATEST");
        assert_eq!(
            answer["arn"],
            "arn:aws:lambda:us-east-1:123456789012:function:testFunction"
        );
        assert_eq!(answer["memory"], "128");
        assert!(uuid::Uuid::parse_str(answer["request_id"].as_str().unwrap()).is_ok());
        assert_eq!(answer["group"], "/aws/lambda/testFunction");
        assert!(answer["stream"].as_str().unwrap().contains("/[$LATEST]"));
        assert!(answer["remaining"].as_u64().unwrap() > 5_000);
        assert_eq!(answer["env"], "testFunction");
        assert_eq!(
            call(&f, r#"{"raise":true}"#),
            Err(InvokeError::Function {
                error_type: "ValueError".into(),
                message: "bad value".into()
            })
        );
        match call(&f, r#"{"crash":true}"#) {
            Err(InvokeError::Function {
                error_type,
                message,
            }) => {
                assert_eq!(error_type, "Runtime.ExitError");
                assert!(message.ends_with("exit status 3"), "{message}");
            }
            other => panic!("expected Runtime.ExitError, got {other:?}"),
        }
        assert_ne!(call(&f, "{}").unwrap()["pid"], answer["pid"]);
    }

    #[test]
    fn start_up_failures_are_reported_like_lambda() {
        if !has("node") || !has("python3") {
            return;
        }
        let dir = scratch(&[
            ("broken.mjs", "export const handler = async (event => {;\n"),
            (
                "missing.mjs",
                "import 'no-such-package';\nexport const handler = async () => 1;\n",
            ),
            ("none.mjs", "export const other = 1;\n"),
            ("broken.py", "def handler(event, context)\n    return 1\n"),
            ("missing.py", "import no_such_module\n"),
            ("none.py", "x = 1\n"),
        ]);
        let error_type = |file: &str| match call(&function(&dir, file), "{}") {
            Err(InvokeError::Function {
                error_type,
                message,
            }) => {
                eprintln!("{file}: {error_type}: {message}");
                error_type
            }
            other => panic!("{file}: expected a function error, got {other:?}"),
        };
        assert_eq!(error_type("broken.mjs"), "Runtime.UserCodeSyntaxError");
        assert_eq!(error_type("missing.mjs"), "Runtime.ImportModuleError");
        assert_eq!(error_type("none.mjs"), "Runtime.HandlerNotFound");
        assert_eq!(error_type("broken.py"), "Runtime.UserCodeSyntaxError");
        assert_eq!(error_type("missing.py"), "Runtime.ImportModuleError");
        assert_eq!(error_type("none.py"), "Runtime.HandlerNotFound");

        let absent = function(&dir, "none.py").with_interpreter("/no/such/python3");
        let error = call(&absent, "{}");
        eprintln!("{error:?}");
        assert!(matches!(error, Err(InvokeError::Unreachable(_))));
    }

    #[test]
    fn handler_paths_are_checked_up_front() {
        let dir = scratch(&[("index.mjs", ""), ("notes.txt", ""), ("app.py", "")]);
        assert!(LocalFunction::new("f".into(), dir.join("absent.mjs")).is_err());
        assert!(LocalFunction::new("f".into(), dir.join("notes.txt")).is_err());
        assert!(LocalFunction::new("f".into(), dir.clone()).is_err());
        let f = LocalFunction::new("f".into(), dir.join("index.handler")).unwrap();
        assert_eq!(f.runtime(), Runtime::Node);
        assert_eq!(f.export.as_deref(), Some("handler"));
        let f = LocalFunction::new("f".into(), dir.join("app.main")).unwrap();
        assert_eq!(f.runtime(), Runtime::Python);
        assert_eq!(f.export.as_deref(), Some("main"));
        let f = LocalFunction::new("f".into(), dir.join("index.mjs:other")).unwrap();
        assert_eq!(f.export.as_deref(), Some("other"));
        let f = LocalFunction::new("f".into(), dir.join("index.mjs")).unwrap();
        assert_eq!(f.export, None);
        assert!(f.file().is_absolute());
    }

    #[test]
    fn dropping_the_function_stops_its_workers() {
        if !has("node") {
            return;
        }
        let dir = scratch(&[("index.mjs", NODE_ESM)]);
        let f = function(&dir, "index.mjs");
        let pid = call(&f, "{}").unwrap()["pid"].as_u64().unwrap();
        assert!(Path::new(&format!("/proc/{pid}")).exists());
        drop(f);
        assert!(!Path::new(&format!("/proc/{pid}")).exists());
    }

    #[test]
    fn warm_round_trip_latency() {
        for (runtime, file, text) in [
            (
                "node",
                "fast.mjs",
                "export const handler = async (event) => event;\n",
            ),
            (
                "python3",
                "fast.py",
                "def handler(event, context):\n    return event\n",
            ),
        ] {
            if !has(runtime) {
                continue;
            }
            let dir = scratch(&[(file, text)]);
            let f = function(&dir, file);
            let event = br#"{"version":"1","triggerSource":"PreSignUp_SignUp","request":{"userAttributes":{"email":"a@example.com"}},"response":{}}"#;
            for _ in 0..200 {
                f.invoke("testFunction", event, Duration::from_secs(10))
                    .unwrap();
            }
            let rounds = 2000;
            let started = Instant::now();
            for _ in 0..rounds {
                f.invoke("testFunction", event, Duration::from_secs(10))
                    .unwrap();
            }
            let each = started.elapsed() / rounds;
            println!("{runtime}: warm round trip {each:?}");
            assert!(each < Duration::from_millis(5), "{runtime}: {each:?}");
        }
    }
}
