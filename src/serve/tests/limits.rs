//! Bounded resources: silent and trickling sockets cannot lock pages out,
//! and a burst of requests is answered in full.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Instant;

use super::*;

/// These tests open hundreds of sockets each: one of them at a time.
static HEAVY: Mutex<()> = Mutex::new(());

fn heavy() -> MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(|p| p.into_inner())
}

/// One GET: its status (`None` if the server closed without answering) and
/// how long it took.
fn timed_get(addr: SocketAddr, target: &str) -> (Option<u16>, Duration) {
    let start = Instant::now();
    let status = (|| {
        let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(3)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(3))).ok()?;
        let req = format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        stream.write_all(req.as_bytes()).ok()?;
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        parse_response(&bytes).map(|r| r.status)
    })();
    (status, start.elapsed())
}

/// `count` sockets that each send a request head one byte every 500 ms,
/// until `stop` (at most 20 s).
fn trickle(addr: SocketAddr, count: usize, stop: Arc<AtomicBool>) -> JoinHandle<usize> {
    thread::spawn(move || {
        let mut socks: Vec<TcpStream> = (0..count)
            .filter_map(|_| TcpStream::connect(addr).ok())
            .collect();
        let head = format!(
            "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: {}",
            "a".repeat(40)
        );
        for byte in head.as_bytes().iter().take(40) {
            socks.retain_mut(|s| s.write_all(&[*byte]).is_ok());
            for _ in 0..10 {
                if stop.load(Ordering::SeqCst) {
                    return socks.len();
                }
                thread::sleep(Duration::from_millis(50));
            }
        }
        socks.len()
    })
}

#[test]
fn a_request_is_answered_within_a_second_while_250_sockets_idle_or_trickle() {
    let _heavy = heavy();
    let s = site();
    let addr = s.server.addr();
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(addr).unwrap())
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let trickler = trickle(addr, 50, stop.clone());
    thread::sleep(Duration::from_millis(300));
    let mut worst = Duration::ZERO;
    for target in [
        "/",
        "/docs/page.html",
        "/assets/site.css",
        "/",
        "/index.html",
    ] {
        let (status, took) = timed_get(addr, target);
        assert_eq!(status, Some(200), "{target} after {took:?}");
        worst = worst.max(took);
        thread::sleep(Duration::from_millis(250));
    }
    stop.store(true, Ordering::SeqCst);
    let trickling = trickler.join().unwrap();
    eprintln!("slowest of 5 GETs beside 200 idle and {trickling} trickling sockets: {worst:?}");
    assert!(worst < Duration::from_secs(1), "{worst:?}");
    drop(idle);
}

#[test]
fn when_full_the_oldest_silent_socket_makes_room() {
    let _heavy = heavy();
    let s = site_with(|config| config.max_connections = 16);
    let addr = s.server.addr();
    // More silent sockets than the cap: the rest wait in the backlog, then
    // push out the ones that have waited a second for nothing.
    let idle: Vec<TcpStream> = (0..40).map(|_| TcpStream::connect(addr).unwrap()).collect();
    thread::sleep(Duration::from_millis(2500));
    for _ in 0..3 {
        let (status, took) = timed_get(addr, "/");
        assert_eq!(status, Some(200), "after {took:?}");
        assert!(took < Duration::from_secs(1), "{took:?}");
    }
    // The oldest silent sockets were closed by the server.
    let mut first = idle.into_iter().next().unwrap();
    first
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    let mut buf = [0u8; 16];
    assert!(matches!(first.read(&mut buf), Ok(0) | Err(_)));
}

#[test]
fn a_silent_socket_is_closed_after_the_head_timeout() {
    let s = site();
    let mut silent = connect(s.server.addr());
    silent
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let start = Instant::now();
    let mut buf = [0u8; 64];
    let closed = matches!(silent.read(&mut buf), Ok(0) | Err(_));
    let took = start.elapsed();
    assert!(closed);
    assert!(
        took >= Duration::from_secs(4) && took < Duration::from_secs(8),
        "{took:?}"
    );
}

#[test]
fn five_hundred_concurrent_requests_are_all_answered() {
    let _heavy = heavy();
    let s = site();
    let addr = s.server.addr();
    let threads = 50;
    let barrier = Arc::new(Barrier::new(threads));
    let started = Instant::now();
    let workers: Vec<_> = (0..threads)
        .map(|t| {
            let barrier = barrier.clone();
            thread::spawn(move || {
                barrier.wait();
                // Ten requests open at once from each thread: 500 in flight.
                let target = if t % 2 == 0 { "/" } else { "/assets/site.css" };
                let mut open = Vec::new();
                for _ in 0..10 {
                    let Ok(mut stream) = TcpStream::connect(addr) else {
                        open.push(None);
                        continue;
                    };
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                    let req = format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n");
                    let sent = stream.write_all(req.as_bytes()).is_ok();
                    open.push(sent.then_some(stream));
                }
                open.into_iter()
                    .map(|stream| {
                        let mut stream = stream?;
                        let mut bytes = Vec::new();
                        let _ = stream.read_to_end(&mut bytes);
                        parse_response(&bytes).map(|r| r.status)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let statuses: Vec<Option<u16>> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let ok = statuses.iter().filter(|s| **s == Some(200)).count();
    eprintln!(
        "500 concurrent GETs: {ok} answered 200 in {:?}",
        started.elapsed()
    );
    assert_eq!(statuses.len(), 500);
    assert_eq!(ok, 500, "dropped or failed: {}", 500 - ok);
    assert_eq!(get(addr, "/").status, 200);
}

#[test]
fn event_streams_are_capped_and_pages_still_load() {
    let s = site();
    let addr = s.server.addr();
    let max = crate::serve::events::MAX_STREAMS;
    let open: Vec<TcpStream> = (0..max)
        .map(|_| {
            let mut stream = connect(addr);
            stream
                .write_all(b"GET /__waymark/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .unwrap();
            let mut buf = [0u8; 256];
            assert!(stream.read(&mut buf).unwrap() > 0);
            stream
        })
        .collect();
    assert_eq!(s.server.event_streams(), max);
    assert_eq!(get(addr, "/__waymark/events").status, 503);
    let (status, took) = timed_get(addr, "/");
    assert_eq!(status, Some(200));
    assert!(took < Duration::from_secs(1), "{took:?}");
    drop(open);
}

#[test]
fn a_large_file_is_served_whole() {
    let s = site();
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    fs::write(s.root.join("print/big.pdf"), &big).unwrap();
    let r = get(s.server.addr(), "/print/big.pdf");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-length"), Some(big.len().to_string()));
    assert!(r.body == big, "{} bytes", r.body.len());
}
