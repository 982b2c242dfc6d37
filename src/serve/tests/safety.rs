//! Hostile input: traversal attempts, garbage, half requests, slow clients.

use std::time::Instant;

use super::*;

fn assert_refused(addr: SocketAddr, request: &[u8]) {
    let label = String::from_utf8_lossy(request).into_owned();
    // Closed without an answer is fine too.
    if let Some(r) = raw(addr, request) {
        assert!(
            matches!(r.status, 400 | 403 | 404),
            "{label:?} gave {}",
            r.status
        );
        let text = r.text();
        assert!(!text.contains(SECRET), "{label:?} leaked the secret");
        assert!(!text.contains("root:x:0:0"), "{label:?} leaked /etc/passwd");
    }
}

#[test]
fn traversal_in_every_spelling_is_refused() {
    let s = site();
    let addr = s.server.addr();
    for target in [
        "/../etc/passwd",
        "/../secret.txt",
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/%2f..%2f..%2fsecret.txt",
        "/%252e%252e/x",
        "/%252e%252e/secret.txt",
        "/a/..\\..\\x",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/index.html%00.txt",
        "/C:/Windows/win.ini",
        "/c:%5cwindows",
        "//etc/passwd",
        "/etc/passwd",
        "/leak.txt",
        "/out/passwd",
        "/out/",
        "/docs/../../secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
    ] {
        assert_refused(
            addr,
            format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes(),
        );
    }
    // A raw NUL in the request line.
    assert_refused(addr, b"GET /index.html\0/../secret.txt HTTP/1.1\r\n\r\n");
    // A symlink that stays inside the root is fine.
    #[cfg(unix)]
    assert_eq!(get(addr, "/robots-link.txt").status, 200);
    // Still serving.
    assert!(get(addr, "/").text().contains("<h1>Home</h1>"));
}

#[test]
fn symlinks_out_of_the_root_are_forbidden() {
    let s = site();
    let addr = s.server.addr();
    #[cfg(unix)]
    {
        assert_eq!(get(addr, "/leak.txt").status, 403);
        assert_eq!(get(addr, "/out/passwd").status, 403);
    }
    assert_eq!(get(addr, "/../secret.txt").status, 403);
}

#[test]
fn garbage_and_oversized_requests_get_400_or_a_close() {
    let s = site();
    let addr = s.server.addr();
    let long_line = format!("GET / HTTP/1.1\r\nX-Long: {}\r\n\r\n", "a".repeat(100_000));
    let long_target = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(40_000));
    let many_headers = format!("GET / HTTP/1.1\r\n{}\r\n", "X-A: b\r\n".repeat(5_000));
    for junk in [
        &b"\xde\xad\xbe\xef\r\n\r\n"[..],
        b"\0\0\0\0\0\0\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", // a TLS hello
        b"HELLO\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET / HTTP/1.1\r\nbroken header\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x", // half a request, then EOF
        b"GET /",                     // half a request line, then EOF
        b"",
        long_line.as_bytes(),
        long_target.as_bytes(),
        many_headers.as_bytes(),
    ] {
        let mut stream = connect(addr);
        let _ = stream.write_all(junk);
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        // 400, or for an oversized head 431 (headers) or 414 (target).
        if let Some(r) = parse_response(&bytes) {
            assert!(
                matches!(r.status, 400 | 414 | 431),
                "{:?} gave {}",
                String::from_utf8_lossy(&junk[..junk.len().min(40)]),
                r.status
            );
        }
        assert!(
            get(addr, "/").text().contains("<h1>Home</h1>"),
            "still alive"
        );
    }
    let r = raw(addr, b"GET / HTTP/1.1\r\nbroken header\r\n\r\n").unwrap();
    assert_eq!(r.status, 400);
}

#[test]
fn stalled_clients_do_not_block_others() {
    let s = site();
    let addr = s.server.addr();
    // More silent connections than the pool starts with, and one that sends
    // half a request and stops.
    let mut idle: Vec<TcpStream> = (0..12).map(|_| connect(addr)).collect();
    let mut half = connect(addr);
    half.write_all(b"GET /index.html HTTP/1.1\r\nHost:")
        .unwrap();
    idle.push(half);
    std::thread::sleep(Duration::from_millis(100));
    let start = Instant::now();
    for _ in 0..5 {
        assert_eq!(get(addr, "/assets/site.css").status, 200);
    }
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    drop(idle);
}

#[test]
fn shutdown_is_prompt_with_open_connections() {
    let s = site();
    let addr = s.server.addr();
    let mut events = connect(addr);
    events
        .write_all(b"GET /__waymark/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut buf = [0u8; 512];
    assert!(events.read(&mut buf).unwrap() > 0);
    let stalled = connect(addr); // holds a worker in its read
    std::thread::sleep(Duration::from_millis(100));

    let start = Instant::now();
    s.server.shutdown();
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    // The event stream was closed, not left hanging.
    let mut rest = Vec::new();
    assert!(
        events.read_to_end(&mut rest).is_ok(),
        "closed by the server"
    );
    assert!(TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err());
    drop(stalled);
}
