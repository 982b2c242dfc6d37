//! The live-reload event streams (`GET /__waymark/events`).
//!
//! Server-sent events rather than WebSockets: the browser's `EventSource`
//! reconnects by itself, the protocol is plain text over an ordinary response,
//! and the server only ever talks one way. Each open page holds one stream for
//! as long as it is open, so streams are not given a thread each: a worker
//! writes the response head and hands the socket to [`EventStreams`], whose
//! one broadcaster thread writes every reload event and a comment heartbeat
//! (so dead connections fail a write and are dropped), with a short write
//! timeout so one stuck browser cannot hold up the others for long.

use std::io::Write;
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::live::LiveState;
use super::wire;

/// At most this many open streams (browser tabs); more get a 503.
const MAX_STREAMS: usize = 128;
const WRITE_TIMEOUT: Duration = Duration::from_secs(2);
const HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                    Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
                    Connection: close\r\n\r\n";

/// The open streams, each with the last build number it was told about.
#[derive(Debug, Default)]
pub struct EventStreams {
    streams: Mutex<Vec<(TcpStream, u64)>>,
}

impl EventStreams {
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Answers an event-stream request and keeps the stream. `since` is the
    /// build the page was served from: if a build has finished since, the
    /// page is told to reload at once (it loaded just before the event).
    pub fn open(
        &self,
        live: &LiveState,
        mut stream: TcpStream,
        since: Option<u64>,
        head_only: bool,
        stopping: bool,
    ) {
        if head_only {
            let _ = stream.write_all(HEAD.as_bytes());
            return wire::linger(stream);
        }
        let mut streams = self.lock();
        if streams.len() >= MAX_STREAMS || stopping {
            drop(streams);
            let _ = wire::send_text(&mut stream, 503, "503 Too Many Event Streams\n", false);
            return wire::linger(stream);
        }
        // Read the build under the list lock, so the broadcaster cannot slip
        // a reload in between this check and the push.
        let build = live.build();
        let mut first = format!("{HEAD}retry: 1000\n: waymark live reload\n\n");
        if since.is_some_and(|seen| seen < build) {
            first.push_str(&reload_event(build));
        }
        if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_ok()
            && stream.write_all(first.as_bytes()).is_ok()
            && stream.flush().is_ok()
        {
            streams.push((stream, build));
        }
    }

    /// The broadcaster thread's loop: until `stop`, waits for a reload or
    /// the next heartbeat and writes it to every stream. Closes them all on
    /// the way out. [`LiveState::wake`] makes it notice `stop` at once.
    pub fn broadcast(&self, live: &LiveState, stop: &AtomicBool, heartbeat: Duration) {
        let mut seen = live.build();
        let mut last_beat = Instant::now();
        while !stop.load(Ordering::SeqCst) {
            let build = live.wait_past(seen, heartbeat.saturating_sub(last_beat.elapsed()));
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let mut streams = self.lock();
            if build != seen {
                seen = build;
                let event = reload_event(build);
                streams.retain_mut(|(s, told)| {
                    *told >= build || {
                        *told = build;
                        send(s, event.as_bytes())
                    }
                });
            }
            if last_beat.elapsed() >= heartbeat {
                last_beat = Instant::now();
                streams.retain_mut(|(s, _)| send(s, b": ping\n\n"));
            }
        }
        self.close_all();
    }

    /// Ends every stream (the browsers will try to reconnect).
    pub fn close_all(&self) {
        for (stream, _) in self.lock().drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<(TcpStream, u64)>> {
        self.streams.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn send(stream: &mut TcpStream, bytes: &[u8]) -> bool {
    stream
        .write_all(bytes)
        .and_then(|()| stream.flush())
        .is_ok()
}

/// `id` lets a reconnecting `EventSource` say what it saw (`Last-Event-ID`).
fn reload_event(build: u64) -> String {
    format!("id: {build}\nevent: reload\ndata: {build}\n\n")
}
