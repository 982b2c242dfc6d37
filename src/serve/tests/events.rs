//! The live-reload event stream.

use std::time::Instant;

use super::*;

/// Opens an event stream and reads its response head.
fn open_events(addr: SocketAddr, target: &str) -> (TcpStream, String) {
    let mut stream = connect(addr);
    let req =
        format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    let mut seen = String::new();
    read_until(&mut stream, &mut seen, "\r\n\r\n");
    (stream, seen)
}

/// Reads until `seen` contains `needle` (panics after 5 s of silence).
fn read_until(stream: &mut TcpStream, seen: &mut String, needle: &str) {
    let mut buf = [0u8; 1024];
    while !seen.contains(needle) {
        let n = stream.read(&mut buf).unwrap_or_else(|e| {
            panic!("more of the stream ({e}) after {seen:?}, waiting for {needle:?}")
        });
        assert!(n > 0, "stream closed before {needle:?}; got {seen:?}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

#[test]
fn reloads_are_pushed_to_open_event_streams() {
    let s = site();
    let addr = s.server.addr();
    let (mut a, head) = open_events(addr, "/__waymark/events");
    let (mut b, _) = open_events(addr, "/__waymark/events");
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"));
    assert!(head.contains("Content-Type: text/event-stream"));
    assert!(head.contains("Cache-Control: no-store"));
    std::thread::sleep(Duration::from_millis(50));

    assert_eq!(s.live.notify_reload(), 1);
    let mut seen = String::new();
    read_until(&mut a, &mut seen, "event: reload\ndata: 1\n\n");
    read_until(&mut b, &mut String::new(), "event: reload\ndata: 1\n\n");

    // Errors set and cleared both reload.
    s.live.set_errors(Vec::new());
    read_until(&mut a, &mut seen, "event: reload\ndata: 2\n\n");
    s.live.clear_errors();
    read_until(&mut a, &mut seen, "event: reload\ndata: 3\n\n");

    // Other requests are served meanwhile.
    assert_eq!(get(addr, "/").status, 200);
}

#[test]
fn a_page_that_missed_a_reload_gets_it_on_connect() {
    let s = site();
    let addr = s.server.addr();
    let html = get(addr, "/").text();
    assert!(html.contains("data-build=\"0\""));
    s.live.notify_reload(); // the build finished while the page was loading
    let (mut stream, mut seen) = open_events(addr, "/__waymark/events?since=0");
    read_until(&mut stream, &mut seen, "event: reload\ndata: 1\n\n");
    // An up-to-date page is not reloaded on connect.
    let (mut stream, mut seen) = open_events(addr, "/__waymark/events?since=1");
    read_until(&mut stream, &mut seen, ": waymark live reload\n\n");
    assert!(!seen.contains("event: reload"));
}

#[test]
fn heartbeats_keep_streams_alive_and_drop_dead_ones() {
    let s = site_with_heartbeat(Duration::from_millis(100));
    let addr = s.server.addr();
    let (mut alive, mut seen) = open_events(addr, "/__waymark/events");
    let start = Instant::now();
    read_until(&mut alive, &mut seen, ": ping\n\n");
    assert!(start.elapsed() < Duration::from_secs(2));
    // Many clients that vanish: the server keeps working.
    for _ in 0..20 {
        let (dead, _) = open_events(addr, "/__waymark/events");
        drop(dead);
    }
    let start = Instant::now();
    while s.server.event_streams() > 1 {
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "dead streams kept"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    s.live.notify_reload();
    read_until(&mut alive, &mut seen, "event: reload\ndata: 1\n\n");
    assert_eq!(get(addr, "/").status, 200);
}

#[test]
fn head_of_the_event_stream_does_not_hang() {
    let s = site();
    let r = request(s.server.addr(), "HEAD", "/__waymark/events");
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
}

#[test]
fn a_build_that_rewrote_some_pages_names_them_and_reloads_nothing_else() {
    let s = site();
    let addr = s.server.addr();
    let (mut a, _) = open_events(addr, "/__waymark/events");
    std::thread::sleep(Duration::from_millis(50));

    assert_eq!(s.live.notify_pages(vec!["a-z.html".into()]), 1);
    let mut seen = String::new();
    read_until(
        &mut a,
        &mut seen,
        "id: 1\nevent: pages\ndata: [\"a-z.html\"]\n\n",
    );
    assert!(!seen.contains("event: reload"), "{seen:?}");

    // A full reload after it is a reload again.
    s.live.notify_reload();
    read_until(&mut a, &mut seen, "id: 2\nevent: reload\ndata: 2\n\n");

    // A page served before the partial build reloads on connect, as for any
    // build it missed.
    s.live.notify_pages(vec!["guide/a.html".into()]);
    let (mut late, mut late_seen) = open_events(addr, "/__waymark/events?since=2");
    read_until(&mut late, &mut late_seen, "event: reload\ndata: 3\n\n");
}
