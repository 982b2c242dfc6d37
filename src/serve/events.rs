//! The live-reload event streams (`GET /__waymark/events`).
//!
//! Server-sent events rather than WebSockets: the browser's `EventSource`
//! reconnects by itself, the protocol is plain text over an ordinary response,
//! and the server only ever talks one way. Each open page holds one stream for
//! as long as it is open. A stream is a response whose body is fed through a
//! small channel; [`EventStreams`] keeps the sending ends, and one
//! broadcaster thread (waiting on [`LiveState`]'s condvar) pushes every
//! reload event and a comment heartbeat to all of them. A stream whose
//! connection has gone (hyper dropped the body) or whose browser has stopped
//! reading (its channel is full) is dropped; the write deadline of the
//! connection (`wire::WRITE_TIMEOUT`) then closes a stuck socket.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use hyper::body::Bytes;
use tokio::sync::mpsc::{self, error::TrySendError};

use super::live::LiveState;

/// At most this many open streams (browser tabs); more get a 503, so event
/// streams can never take every connection the server allows.
pub const MAX_STREAMS: usize = 64;
/// Events a stream may have queued and unwritten before it counts as stuck.
const BACKLOG: usize = 16;

/// The open streams, each with the last build number it was told about.
#[derive(Debug, Default)]
pub struct EventStreams {
    streams: Mutex<Vec<(mpsc::Sender<Bytes>, u64)>>,
}

impl EventStreams {
    /// Streams still open (those whose connection ended are forgotten).
    pub fn len(&self) -> usize {
        let mut streams = self.lock();
        streams.retain(|(tx, _)| !tx.is_closed());
        streams.len()
    }

    /// Opens a stream: the receiving end is the response body, which starts
    /// with the retry hint and, if a build has finished since `since` (the
    /// build the page was served from, or the last event it saw), a reload
    /// at once (the page loaded just before the event). `None` when there
    /// are too many streams already, or the server is stopping.
    pub fn open(
        &self,
        live: &LiveState,
        since: Option<u64>,
        stopping: bool,
    ) -> Option<mpsc::Receiver<Bytes>> {
        let mut streams = self.lock();
        streams.retain(|(tx, _)| !tx.is_closed());
        if streams.len() >= MAX_STREAMS || stopping {
            return None;
        }
        // Read the build under the list lock, so the broadcaster cannot slip
        // a reload in between this check and the push.
        let build = live.build();
        let mut first = String::from("retry: 1000\n: waymark live reload\n\n");
        if since.is_some_and(|seen| seen < build) {
            first.push_str(&reload_event(build));
        }
        let (tx, rx) = mpsc::channel(BACKLOG);
        tx.try_send(Bytes::from(first)).ok()?;
        streams.push((tx, build));
        Some(rx)
    }

    /// The broadcaster thread's loop: until `stop`, waits for a reload or
    /// the next heartbeat and sends it to every stream. Closes them all on
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
                let event = Bytes::from(reload_event(build));
                // A build that rewrote only some pages tells just that to
                // streams that saw the build before it; one that missed
                // more reloads whatever it shows.
                let partial = live
                    .pages_of(build)
                    .map(|pages| Bytes::from(pages_event(build, &pages)));
                streams.retain_mut(|(tx, told)| {
                    *told >= build || {
                        let event = match &partial {
                            Some(partial) if *told + 1 == build => partial,
                            _ => &event,
                        };
                        *told = build;
                        send(tx, event.clone())
                    }
                });
            }
            if last_beat.elapsed() >= heartbeat {
                last_beat = Instant::now();
                let ping = Bytes::from_static(b": ping\n\n");
                streams.retain(|(tx, _)| send(tx, ping.clone()));
            }
        }
        self.close_all();
    }

    /// Ends every stream (the browsers will try to reconnect).
    pub fn close_all(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> MutexGuard<'_, Vec<(mpsc::Sender<Bytes>, u64)>> {
        self.streams.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Queues `bytes`; false if the stream is gone or stuck (then dropped).
fn send(tx: &mpsc::Sender<Bytes>, bytes: Bytes) -> bool {
    match tx.try_send(bytes) {
        Ok(()) => true,
        Err(TrySendError::Full(_) | TrySendError::Closed(_)) => false,
    }
}

/// `id` lets a reconnecting `EventSource` say what it saw (`Last-Event-ID`).
fn reload_event(build: u64) -> String {
    format!("id: {build}\nevent: reload\ndata: {build}\n\n")
}

/// Build `build` rewrote only `pages`: their paths as a JSON array.
fn pages_event(build: u64, pages: &[String]) -> String {
    let list = serde_json::to_string(pages).unwrap_or_else(|_| "[]".into());
    format!("id: {build}\nevent: pages\ndata: {list}\n\n")
}
