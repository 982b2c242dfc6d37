//! A small static server for previewing the built site, with live reload.
//!
//! Why not a framework: the preview serves local files to one author's
//! browser, so blocking `std::net` with a few threads is plenty and adds no
//! dependencies (and no async runtime) to the build. What matters is that it
//! is safe and never falls over:
//!
//! - A small pool of workers handles requests, one connection each, with
//!   read and write deadlines. The pool grows (to a cap) when every worker is
//!   busy, so a stalled client, or a browser's idle pre-opened connection,
//!   holds one thread and never blocks the others; extra workers leave when
//!   idle. Every response closes its connection (no keep-alive), so idle
//!   browser connections do not pin workers either.
//! - Event streams (`/__waymark/events`) are long-lived, so a worker hands
//!   them to `EventStreams` (in `events`) and its one broadcaster thread.
//! - Paths are checked by `files::resolve` before any file is opened;
//!   malformed requests get 400 and never a panic.
//! - HTML is served with the live-reload script (and the error banner while a
//!   build is failing) added in memory; the files on disk are never changed.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::events::EventStreams;
use super::files::{self, content_type, Lookup};
use super::live::{self, LiveState};
use super::wire::{self, send, send_text, send_with, Request};

/// The port `waymark serve` tries first.
pub const DEFAULT_PORT: u16 = 4173;
/// Workers kept even when idle, and the most there can be.
const MIN_WORKERS: usize = 4;
const MAX_WORKERS: usize = 64;
/// How long a worker beyond `MIN_WORKERS` waits for work before leaving.
const IDLE_EXIT: Duration = Duration::from_secs(10);
const QUEUE: usize = 64;
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
const ACCEPT_POLL: Duration = Duration::from_millis(25);

/// What to serve, where.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The built site (the output folder). It may be missing or swapped
    /// while serving; requests then get 404 until it is back.
    pub root: PathBuf,
    /// Where to listen; port 0 picks a free port (see [`ServerHandle::addr`]).
    pub bind: SocketAddr,
    pub live: Arc<LiveState>,
    /// How often event streams get a comment, so dead ones are noticed.
    pub heartbeat: Duration,
}

impl ServeConfig {
    /// Serves `root` on `127.0.0.1:DEFAULT_PORT` with a 15 s heartbeat.
    pub fn new(root: impl Into<PathBuf>, live: Arc<LiveState>) -> Self {
        Self {
            root: root.into(),
            bind: SocketAddr::from(([127, 0, 0, 1], DEFAULT_PORT)),
            live,
            heartbeat: Duration::from_secs(15),
        }
    }
}

pub struct Server;

impl Server {
    /// Binds and starts serving in background threads.
    pub fn start(config: ServeConfig) -> io::Result<ServerHandle> {
        let listener = TcpListener::bind(config.bind)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let (tx, rx) = mpsc::sync_channel::<TcpStream>(QUEUE);
        let shared = Arc::new(Shared {
            root: config.root,
            live: config.live,
            stop: AtomicBool::new(false),
            queue: Mutex::new(rx),
            workers: Mutex::new(Vec::new()),
            total: AtomicUsize::new(0),
            idle: AtomicUsize::new(0),
            queued: AtomicUsize::new(0),
            open: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(0),
            streams: EventStreams::default(),
        });
        let mut handle = ServerHandle {
            addr,
            shared: shared.clone(),
            acceptor: None,
            broadcaster: None,
        };
        let started = (0..MIN_WORKERS)
            .try_for_each(|_| add_worker(&shared))
            .and_then(|()| {
                let s = shared.clone();
                let heartbeat = config.heartbeat.max(Duration::from_millis(10));
                handle.broadcaster = Some(spawn("waymark-events", move || {
                    s.streams.broadcast(&s.live, &s.stop, heartbeat)
                })?);
                Ok(())
            });
        if let Err(e) = started {
            drop(tx); // lets the workers started so far exit, then `handle` joins them
            return Err(e);
        }
        // If this fails, the closure (and `tx`) is dropped before `handle`.
        handle.acceptor = Some(spawn("waymark-accept", move || {
            accept(&shared, &listener, tx)
        })?);
        Ok(handle)
    }
}

/// A running server; dropping it shuts it down too.
pub struct ServerHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
    broadcaster: Option<JoinHandle<()>>,
}

impl ServerHandle {
    /// The address actually bound (the real port when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR/`, for printing.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// How many pages hold an event stream open (e.g. for a status line).
    pub fn event_streams(&self) -> usize {
        self.shared.streams.len()
    }

    /// Stops accepting, closes open connections and event streams, and joins
    /// every thread. Returns within about the accept poll interval.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        let shared = &self.shared;
        shared.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.acceptor.take() {
            let _ = t.join(); // drops the queue's sender: idle workers exit
        }
        for stream in lock(&shared.open).values() {
            let _ = stream.shutdown(Shutdown::Both); // unblocks busy workers
        }
        let workers = std::mem::take(&mut *lock(&shared.workers));
        for t in workers {
            let _ = t.join();
        }
        shared.live.wake();
        if let Some(t) = self.broadcaster.take() {
            let _ = t.join();
        }
        shared.streams.close_all(); // any handed over after the broadcaster left
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

struct Shared {
    root: PathBuf,
    live: Arc<LiveState>,
    stop: AtomicBool,
    queue: Mutex<Receiver<TcpStream>>,
    workers: Mutex<Vec<JoinHandle<()>>>,
    /// Workers running, and how many of them wait for work.
    total: AtomicUsize,
    idle: AtomicUsize,
    /// Connections in the queue, not yet taken by a worker.
    queued: AtomicUsize,
    /// Connections being handled by workers, so shutdown can close them.
    open: Mutex<HashMap<u64, TcpStream>>,
    next_id: AtomicU64,
    streams: EventStreams,
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> io::Result<JoinHandle<()>> {
    thread::Builder::new().name(name.into()).spawn(f)
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn add_worker(shared: &Arc<Shared>) -> io::Result<()> {
    let mut workers = lock(&shared.workers);
    workers.retain(|t| !t.is_finished()); // those that left when idle
    shared.total.fetch_add(1, Ordering::SeqCst);
    shared.idle.fetch_add(1, Ordering::SeqCst);
    let s = shared.clone();
    match spawn("waymark-http", move || worker(&s)) {
        Ok(t) => {
            workers.push(t);
            Ok(())
        }
        Err(e) => {
            shared.total.fetch_sub(1, Ordering::SeqCst);
            shared.idle.fetch_sub(1, Ordering::SeqCst);
            Err(e)
        }
    }
}

fn accept(shared: &Arc<Shared>, listener: &TcpListener, queue: SyncSender<TcpStream>) {
    while !shared.stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                // Accepted sockets inherit non-blocking mode on some systems.
                if stream.set_nonblocking(false).is_err() {
                    continue;
                }
                // Every connection gets a worker of its own, up to the cap.
                if shared.idle.load(Ordering::SeqCst) <= shared.queued.load(Ordering::SeqCst)
                    && shared.total.load(Ordering::SeqCst) < MAX_WORKERS
                {
                    let _ = add_worker(shared); // if it fails, the queue waits
                }
                shared.queued.fetch_add(1, Ordering::SeqCst);
                match queue.try_send(stream) {
                    Ok(()) => {}
                    // Overloaded: refuse rather than stall accepting.
                    Err(TrySendError::Full(s)) => {
                        shared.queued.fetch_sub(1, Ordering::SeqCst);
                        let _ = s.shutdown(Shutdown::Both);
                    }
                    Err(TrySendError::Disconnected(_)) => return,
                }
            }
            // WouldBlock, or e.g. out of file descriptors: try again soon.
            Err(_) => thread::sleep(ACCEPT_POLL),
        }
    }
}

fn worker(shared: &Shared) {
    loop {
        let next = lock(&shared.queue).recv_timeout(IDLE_EXIT);
        let stream = match next {
            Ok(stream) => stream,
            Err(RecvTimeoutError::Timeout) if shared.stop.load(Ordering::SeqCst) => return,
            Err(RecvTimeoutError::Timeout) => {
                let extra = shared
                    .total
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                        (n > MIN_WORKERS).then(|| n - 1)
                    });
                if extra.is_ok() {
                    shared.idle.fetch_sub(1, Ordering::SeqCst);
                    return;
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        shared.queued.fetch_sub(1, Ordering::SeqCst);
        shared.idle.fetch_sub(1, Ordering::SeqCst);
        if shared.stop.load(Ordering::SeqCst) {
            let _ = stream.shutdown(Shutdown::Both);
        } else {
            let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
            if let Ok(clone) = stream.try_clone() {
                lock(&shared.open).insert(id, clone);
            }
            // Defence in depth: no request should panic, but if one did it
            // must not take a worker (or the counts above) with it.
            let _ = panic::catch_unwind(AssertUnwindSafe(|| handle(shared, stream)));
            lock(&shared.open).remove(&id);
        }
        shared.idle.fetch_add(1, Ordering::SeqCst);
    }
}

/// Serves one connection: one request, one response, then close.
fn handle(shared: &Shared, mut stream: TcpStream) {
    if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err() {
        return;
    }
    let deadline = Instant::now() + HEAD_DEADLINE;
    let req = match wire::read(&mut stream, deadline) {
        Ok(req) => req,
        Err(wire::Error::Closed) => return,
        Err(wire::Error::Bad(why)) => {
            let _ = send_text(&mut stream, 400, why, false);
            return wire::linger(stream);
        }
    };
    let head_only = req.method == "HEAD";
    let result = match (req.method.as_str(), req.path.as_str()) {
        ("GET" | "HEAD", "/__waymark/events") => {
            let stopping = shared.stop.load(Ordering::SeqCst);
            let live = &shared.live;
            return shared
                .streams
                .open(live, stream, req.since, head_only, stopping);
        }
        ("GET" | "HEAD", path) if path.starts_with("/__waymark/") => {
            match live::asset(&path["/__waymark/".len()..]) {
                Some((kind, body)) => send(&mut stream, 200, kind, body.as_bytes(), head_only),
                None => send_text(&mut stream, 404, "404 Not Found\n", head_only),
            }
        }
        ("GET" | "HEAD", _) => serve_path(shared, &mut stream, &req, head_only),
        _ => {
            let allow = Some(("Allow", "GET, HEAD"));
            send_with(&mut stream, 405, allow, "405 Method Not Allowed\n", false)
        }
    };
    if result.is_ok() {
        wire::linger(stream);
    }
}

fn serve_path(
    shared: &Shared,
    stream: &mut TcpStream,
    req: &Request,
    head_only: bool,
) -> io::Result<()> {
    match files::resolve(&shared.root, &req.path) {
        Lookup::File(path) => match serve_file(shared, stream, &path, 200, head_only) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => not_found(shared, stream, head_only),
            other => other,
        },
        Lookup::Redirect(to) => send_with(
            stream,
            301,
            Some(("Location", &to)),
            "301 Moved Permanently\n",
            head_only,
        ),
        Lookup::NotFound => not_found(shared, stream, head_only),
        Lookup::Forbidden => send_text(stream, 403, "403 Forbidden\n", head_only),
        Lookup::BadRequest => send_text(stream, 400, "400 Bad Request\n", head_only),
    }
}

/// The site's own `404.html` if it has one, else a bare page; both with live
/// reload and the error banner, so a site whose first build failed shows why.
fn not_found(shared: &Shared, stream: &mut TcpStream, head_only: bool) -> io::Result<()> {
    if let Lookup::File(page) = files::resolve(&shared.root, "/404.html") {
        match serve_file(shared, stream, &page, 404, head_only) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            other => return other,
        }
    }
    let (build, errors) = shared.live.snapshot();
    let body = live::inject(live::FALLBACK_404.as_bytes(), build, &errors);
    send(stream, 404, content_type("html"), &body, head_only)
}

/// Sends a file; `NotFound` (nothing sent yet) if it vanished meanwhile,
/// as it can while a build swaps the output folder.
fn serve_file(
    shared: &Shared,
    stream: &mut TcpStream,
    path: &Path,
    status: u16,
    head_only: bool,
) -> io::Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let kind = content_type(&ext);
    if ext == "html" || ext == "htm" {
        let page = std::fs::read(path)?;
        let (build, errors) = shared.live.snapshot();
        let body = live::inject(&page, build, &errors);
        return send(stream, status, kind, &body, head_only);
    }
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    wire::write_head(stream, status, kind, None, len)?;
    if !head_only {
        // Exactly `len` bytes even if the file changes underneath.
        let copied = io::copy(&mut (&mut file).take(len), stream)?;
        if copied < len {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
    }
    stream.flush()
}
