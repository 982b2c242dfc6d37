//! DNS rebinding: only requests naming this machine in `Host` are answered.

use super::*;

fn with_host(addr: SocketAddr, target: &str, host: &str) -> Response {
    let req = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n");
    raw(addr, req.as_bytes()).expect("a response")
}

/// The status line and headers of an event stream (which stays open).
fn events_head(addr: SocketAddr, host: &str) -> String {
    let mut stream = connect(addr);
    let req = format!("GET /__waymark/events HTTP/1.1\r\nHost: {host}\r\n\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).expect("a response head");
        assert!(n > 0, "closed: {}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&seen).into_owned()
}

#[test]
fn a_foreign_host_is_refused_for_pages_and_the_event_stream() {
    let s = site();
    let addr = s.server.addr();
    let port = addr.port();
    let foreign = [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("10.0.0.1:{port}"),
        format!("0.0.0.0:{port}"),
    ];
    for target in [
        "/",
        "/index.html",
        "/assets/site.css",
        "/missing",
        "/__waymark/live.js",
        "/__waymark/events",
    ] {
        for host in &foreign {
            let r = with_host(addr, target, host);
            assert_eq!(r.status, 421, "{target} with Host: {host}");
            let text = r.text();
            assert!(
                !text.contains("<h1>") && !text.contains("body{") && !text.contains("retry:"),
                "{target} with Host: {host} leaked {text:?}"
            );
        }
    }
    assert_eq!(s.server.event_streams(), 0, "no stream was opened");
    // An absolute-form target naming another host is refused too.
    let r = raw(
        addr,
        b"GET http://evil.example/ HTTP/1.1\r\nHost: localhost\r\n\r\n",
    )
    .unwrap();
    assert_eq!(r.status, 421);
    // No Host at all (HTTP/1.0) is refused.
    assert_eq!(raw(addr, b"GET / HTTP/1.0\r\n\r\n").unwrap().status, 400);
    // Two Host headers are refused.
    let two = b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n";
    assert_eq!(raw(addr, two).unwrap().status, 400);
}

#[test]
fn loopback_names_and_addresses_are_answered() {
    let s = site();
    let addr = s.server.addr();
    let port = addr.port();
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        format!("[::1]:{port}"),
        format!("preview.localhost:{port}"),
    ] {
        let r = with_host(addr, "/", &host);
        assert_eq!(r.status, 200, "Host: {host}");
        assert!(r.text().contains("<h1>Home</h1>"));
        let head = events_head(addr, &host);
        assert!(
            head.starts_with("HTTP/1.1 200 OK\r\n"),
            "Host: {host}: {head}"
        );
        assert!(head.contains("text/event-stream"));
    }
    let r = raw(
        addr,
        format!("GET http://127.0.0.1:{port}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n")
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(r.status, 200);
}
