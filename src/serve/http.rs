//! The preview server: the built site over HTTP/1.1, with live reload.
//!
//! HTTP itself is [hyper]'s (as in Zola), on a small single-threaded tokio
//! runtime owned by one server thread; file work runs on tokio's blocking
//! pool. A hand-written threaded server did this before, and it fell over in
//! the ways such servers do: a connection held a thread while it waited for
//! a request head, so 128 idle or trickling sockets blocked every new
//! connection for ~10 s, and a burst of 500 requests overflowed its queue. On
//! the runtime an idle connection is a small task, not a thread, so what is
//! left to bound is explicit here:
//!
//! - **Connections**: at most [`MAX_CONNECTIONS`] open. When full, a new
//!   connection closes the oldest one that has waited [`EVICT_AFTER`] or
//!   more without sending a whole request head (idle or trickling; a real
//!   client sends its head at once); if there is none, it waits in the
//!   listen backlog until there is room, rather than being dropped. A normal
//!   request therefore gets through within about a second whatever number
//!   of silent sockets are open, and a burst of requests is queued, not cut.
//! - **Time**: a request head must arrive within [`HEAD_TIMEOUT`] of the
//!   connection opening (hyper's header read timeout); a write that makes
//!   no progress for `wire::WRITE_TIMEOUT` closes the connection. Every
//!   response closes its connection (no keep-alive), as before, so a
//!   connection never sits idle between requests.
//! - **Event streams** (`/__waymark/events`): at most
//!   `events::MAX_STREAMS`, fed by one broadcaster thread (see `events`).
//! - **Host**: a request whose `Host` does not name this machine gets 421,
//!   pages and event stream alike (DNS rebinding; the rule is in `host`).
//!
//! What is served is unchanged: paths are checked by `files::resolve`
//! before any file is opened; HTML is served with the live-reload script
//! (and the error banner while a build is failing) added in memory, the
//! files on disk never changed (a file is read whole, then sent: a preview
//! serves pages and their assets, not large downloads); malformed requests
//! get 400 from hyper (431
//! or 414 for oversized heads), and a request that panicked loses only its
//! own connection.
//!
//! The cost: hyper, hyper-util and tokio bring 11 crates; a clean release
//! build of the project took 347 s of CPU instead of 310 s (+12%), and the
//! new crates alone build in about 30 s on two busy cores. No keep-alive keeps each connection to one request, so a
//! connection that has sent its head never goes back to being idle.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, ALLOW, HOST, LOCATION};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::Notify;

use super::events::EventStreams;
use super::files::{self, content_type, Lookup};
use super::host::HostPolicy;
use super::live::{self, LiveState};
use super::wire::{respond, text, Body, TimedStream};

/// The port `waymark serve` tries first.
pub const DEFAULT_PORT: u16 = 4173;
/// The most connections open at once (event streams included).
pub const MAX_CONNECTIONS: usize = 512;
/// How long a connection may wait for its request head before a new
/// connection may close it to make room.
pub const EVICT_AFTER: Duration = Duration::from_secs(1);
/// How often a full server looks for room again.
const ROOM_POLL: Duration = Duration::from_millis(20);
/// How long a connection may take to send its request head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// The largest request head read (hyper answers 431 beyond it).
const MAX_HEAD: usize = 16 * 1024;
const BACKLOG: u32 = 1024;
const ACCEPT_RETRY: Duration = Duration::from_millis(25);
/// How long shutdown waits for file reads under way.
const SHUTDOWN_WAIT: Duration = Duration::from_millis(500);

/// What to serve, where.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The built site (the output folder). It may be missing or swapped
    /// while serving; requests then get 404 until it is back.
    pub root: PathBuf,
    /// Where to listen; port 0 picks a free port (see [`ServerHandle::addr`]).
    /// Also decides which `Host` names are answered (see `host`).
    pub bind: SocketAddr,
    pub live: Arc<LiveState>,
    /// How often event streams get a comment, so dead ones are noticed.
    pub heartbeat: Duration,
    /// [`MAX_CONNECTIONS`], smaller in tests.
    pub(crate) max_connections: usize,
}

impl ServeConfig {
    /// Serves `root` on `127.0.0.1:DEFAULT_PORT` with a 15 s heartbeat.
    pub fn new(root: impl Into<PathBuf>, live: Arc<LiveState>) -> Self {
        Self {
            root: root.into(),
            bind: SocketAddr::from(([127, 0, 0, 1], DEFAULT_PORT)),
            live,
            heartbeat: Duration::from_secs(15),
            max_connections: MAX_CONNECTIONS,
        }
    }
}

pub struct Server;

impl Server {
    /// Binds and starts serving in background threads.
    pub fn start(config: ServeConfig) -> io::Result<ServerHandle> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .max_blocking_threads(8)
            .thread_name("waymark-http-files")
            .build()?;
        let listener = {
            let _entered = runtime.enter();
            listen(config.bind)?
        };
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            root: config.root,
            live: config.live,
            hosts: HostPolicy::for_bind(addr.ip()),
            max_connections: config.max_connections.max(1),
            stop: AtomicBool::new(false),
            stopped: Notify::new(),
            conns: Mutex::new(Conns::default()),
            streams: EventStreams::default(),
        });
        let s = shared.clone();
        let heartbeat = config.heartbeat.max(Duration::from_millis(10));
        let broadcaster = spawn("waymark-events", move || {
            s.streams.broadcast(&s.live, &s.stop, heartbeat)
        })?;
        let mut handle = ServerHandle {
            addr,
            shared: shared.clone(),
            server: None,
            broadcaster: Some(broadcaster),
        };
        // If this fails, `handle` stops the broadcaster as it drops.
        handle.server = Some(spawn("waymark-http", move || {
            runtime.block_on(accept(&shared, listener));
            // Drops every connection still open and waits (briefly) for
            // file reads under way.
            runtime.shutdown_timeout(SHUTDOWN_WAIT);
        })?);
        Ok(handle)
    }
}

/// A listening socket with a deep backlog, so bursts wait for `accept`
/// rather than being refused by the kernel.
fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = match addr {
        SocketAddr::V4(_) => TcpSocket::new_v4()?,
        SocketAddr::V6(_) => TcpSocket::new_v6()?,
    };
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// A running server; dropping it shuts it down too.
pub struct ServerHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: Option<JoinHandle<()>>,
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
    /// every thread. Returns within about half a second.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        let shared = &self.shared;
        shared.stop.store(true, Ordering::SeqCst);
        shared.stopped.notify_one();
        if let Some(t) = self.server.take() {
            let _ = t.join();
        }
        shared.live.wake();
        if let Some(t) = self.broadcaster.take() {
            let _ = t.join();
        }
        shared.streams.close_all();
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
    hosts: HostPolicy,
    max_connections: usize,
    stop: AtomicBool,
    /// Wakes the accept loop when `stop` is set.
    stopped: Notify,
    conns: Mutex<Conns>,
    streams: EventStreams,
}

/// The open connections, oldest first.
#[derive(Default)]
struct Conns {
    next: u64,
    open: std::collections::BTreeMap<u64, Conn>,
}

struct Conn {
    opened: Instant,
    /// True until the request head has arrived: such a connection is idle
    /// or trickling, and the first to go when the cap is reached.
    waiting: Arc<AtomicBool>,
    close: Arc<Notify>,
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> io::Result<JoinHandle<()>> {
    thread::Builder::new().name(name.into()).spawn(f)
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

async fn accept(shared: &Arc<Shared>, listener: TcpListener) {
    while !shared.stop.load(Ordering::SeqCst) {
        if !make_room(shared) {
            tokio::select! {
                () = tokio::time::sleep(ROOM_POLL) => continue,
                () = shared.stopped.notified() => break,
            }
        }
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // e.g. out of file descriptors: try again soon.
                Err(_) => {
                    tokio::time::sleep(ACCEPT_RETRY).await;
                    continue;
                }
            },
            () = shared.stopped.notified() => break,
        };
        let (id, conn) = register(shared);
        let shared = shared.clone();
        tokio::spawn(async move {
            let close = conn.close.clone();
            tokio::select! {
                () = serve_connection(&shared, stream, conn.waiting) => {}
                () = close.notified() => {}
            }
            lock(&shared.conns).open.remove(&id);
        });
    }
}

/// Whether a new connection may be accepted: below the cap, or after
/// closing the oldest connection that has waited [`EVICT_AFTER`] for its
/// request head.
fn make_room(shared: &Shared) -> bool {
    let mut conns = lock(&shared.conns);
    if conns.open.len() < shared.max_connections {
        return true;
    }
    // Oldest first: if the oldest waiting one is too young, all are.
    let oldest = conns
        .open
        .iter()
        .find(|(_, c)| c.waiting.load(Ordering::SeqCst))
        .filter(|(_, c)| c.opened.elapsed() >= EVICT_AFTER)
        .map(|(&id, _)| id);
    match oldest.and_then(|id| conns.open.remove(&id)) {
        Some(evicted) => {
            evicted.close.notify_one();
            true
        }
        None => false,
    }
}

/// Records a new connection: its id, and the handles its task keeps.
fn register(shared: &Shared) -> (u64, Conn) {
    let mut conns = lock(&shared.conns);
    let id = conns.next;
    conns.next += 1;
    let conn = Conn {
        opened: Instant::now(),
        waiting: Arc::new(AtomicBool::new(true)),
        close: Arc::new(Notify::new()),
    };
    let handles = Conn {
        opened: conn.opened,
        waiting: conn.waiting.clone(),
        close: conn.close.clone(),
    };
    conns.open.insert(id, conn);
    (id, handles)
}

async fn serve_connection(shared: &Arc<Shared>, stream: TcpStream, waiting: Arc<AtomicBool>) {
    let _ = stream.set_nodelay(true);
    let io = TokioIo::new(TimedStream::new(stream));
    let service = service_fn(|req: Request<Incoming>| {
        waiting.store(false, Ordering::SeqCst);
        let shared = shared.clone();
        async move { Ok::<_, Infallible>(handle(shared, req).await) }
    });
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .keep_alive(false)
        .title_case_headers(true)
        .max_buf_size(MAX_HEAD)
        .serve_connection(io, service)
        .await;
}

/// Answers one request.
async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Response<Body> {
    if let Err(refusal) = check_host(&shared.hosts, &req) {
        return refusal;
    }
    let head_only = req.method() == Method::HEAD;
    if req.method() != Method::GET && !head_only {
        let mut r = text(405, "405 Method Not Allowed\n");
        r.headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let path = req.uri().path().to_string();
    if path == "/__waymark/events" {
        return events(&shared, &req, head_only);
    }
    if let Some(name) = path.strip_prefix("/__waymark/") {
        return match live::asset(name) {
            Some((kind, body)) => {
                respond(200, kind, Body::full(Bytes::from_static(body.as_bytes())))
            }
            None => text(404, "404 Not Found\n"),
        };
    }
    // Path checks and file reads touch the disk: off the async thread.
    let blocking = shared.clone();
    match tokio::task::spawn_blocking(move || serve_path(&blocking, &path)).await {
        Ok(response) => response,
        Err(_) => text(500, "500 Internal Server Error\n"), // it panicked
    }
}

/// `Ok` if the request names this server (see `host`); else the refusal.
fn check_host(hosts: &HostPolicy, req: &Request<Incoming>) -> Result<(), Response<Body>> {
    let header = req.headers().get_all(HOST).iter().collect::<Vec<_>>();
    let authority = req.uri().authority().map(|a| a.as_str());
    if header.len() > 1 {
        return Err(text(400, "400 Bad Request: more than one Host header\n"));
    }
    let header = match header.first() {
        Some(value) => Some(
            value
                .to_str()
                .map_err(|_| text(400, "400 Bad Request: malformed Host header\n"))?,
        ),
        None => None,
    };
    if header.is_none() && authority.is_none() {
        return Err(text(400, "400 Bad Request: no Host header\n"));
    }
    if header.into_iter().chain(authority).all(|h| hosts.allows(h)) {
        Ok(())
    } else {
        Err(text(
            421,
            "421 Misdirected Request: this preview answers only to localhost, 127.0.0.1 \
             and [::1], and to the --bind address (see `waymark serve --help`)\n",
        ))
    }
}

fn events(shared: &Shared, req: &Request<Incoming>, head_only: bool) -> Response<Body> {
    const KIND: &str = "text/event-stream; charset=utf-8";
    if head_only {
        return respond(200, KIND, Body::Full(None));
    }
    // The build the page was served from (`?since=N`), or the last event a
    // reconnecting stream saw (`Last-Event-ID`), whichever is later.
    let query = req.uri().query().unwrap_or("");
    let from_query = query
        .split('&')
        .find_map(|p| p.strip_prefix("since="))
        .and_then(|v| v.parse::<u64>().ok());
    let from_header = req
        .headers()
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let since = from_query.max(from_header);
    let stopping = shared.stop.load(Ordering::SeqCst);
    match shared.streams.open(&shared.live, since, stopping) {
        Some(rx) => respond(200, KIND, Body::Stream(rx)),
        None => text(503, "503 Too Many Event Streams\n"),
    }
}

fn serve_path(shared: &Shared, raw: &str) -> Response<Body> {
    match files::resolve(&shared.root, raw) {
        Lookup::File(path) => match serve_file(shared, &path, 200) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => not_found(shared),
            Err(_) => text(500, "500 Internal Server Error\n"),
            Ok(response) => response,
        },
        Lookup::Redirect(to) => {
            let mut r = text(301, "301 Moved Permanently\n");
            if let Ok(location) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(LOCATION, location);
            }
            r
        }
        Lookup::NotFound => not_found(shared),
        Lookup::Forbidden => text(403, "403 Forbidden\n"),
        Lookup::BadRequest => text(400, "400 Bad Request\n"),
    }
}

/// The site's own `404.html` if it has one, else a bare page; both with live
/// reload and the error banner, so a site whose first build failed shows why.
fn not_found(shared: &Shared) -> Response<Body> {
    if let Lookup::File(page) = files::resolve(&shared.root, "/404.html") {
        if let Ok(response) = serve_file(shared, &page, 404) {
            return response;
        }
    }
    let (build, errors) = shared.live.snapshot();
    let body = live::inject(live::FALLBACK_404.as_bytes(), build, &errors);
    respond(404, content_type("html"), Body::full(body))
}

/// A file's response; `NotFound` if it vanished meanwhile, as it can while a
/// build swaps the output folder.
fn serve_file(shared: &Shared, path: &Path, status: u16) -> io::Result<Response<Body>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let kind = content_type(&ext);
    let bytes = std::fs::read(path)?;
    let body = if ext == "html" || ext == "htm" {
        let (build, errors) = shared.live.snapshot();
        live::inject(&bytes, build, &errors)
    } else {
        bytes
    };
    Ok(respond(status, kind, Body::full(body)))
}
