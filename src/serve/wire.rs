//! HTTP/1.x on the wire: reading one request head, writing one response.
//!
//! The preview server only needs the method, the path and one header, and
//! answers every request with a complete response and a close, so this is a
//! small hand-written parser and writer rather than a dependency. The parser
//! is strict on purpose: anything malformed (bad request line, control bytes,
//! a head larger than 16 KiB, a header line without a colon) is a 400, decided
//! here before any path is looked at. It never panics on any input.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// The largest request head accepted (request line plus headers).
pub const MAX_HEAD: usize = 16 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path as sent (still percent-encoded), without query or fragment.
    pub path: String,
    /// The build a page was served from (`?since=N`), or the last event a
    /// reconnecting event stream saw (`Last-Event-ID`), whichever is later.
    pub since: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The client went away or stalled before sending anything usable.
    Closed,
    /// Malformed: answer 400 with this reason.
    Bad(&'static str),
}

/// Reads a request head, giving up at `deadline` (slow clients).
pub fn read(stream: &mut TcpStream, deadline: Instant) -> Result<Request, Error> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(Error::Closed);
        }
        match stream.read(&mut chunk) {
            Ok(0) if buf.is_empty() => return Err(Error::Closed),
            Ok(0) => return Err(Error::Bad("400 Bad Request: incomplete request\n")),
            Ok(n) => {
                let from = buf.len().saturating_sub(3);
                buf.extend_from_slice(&chunk[..n]);
                if let Some(end) = head_end(&buf, from) {
                    return parse(&buf[..end]);
                }
                if buf.len() > MAX_HEAD {
                    return Err(Error::Bad("400 Bad Request: request head too large\n"));
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(Error::Closed),
        }
    }
}

/// Where the head ends (just before the blank line), searching from `from`.
fn head_end(buf: &[u8], from: usize) -> Option<usize> {
    (from..buf.len()).find(|&i| buf[i..].starts_with(b"\r\n\r\n") || buf[i..].starts_with(b"\n\n"))
}

/// Parses a request head (without its final blank line).
pub fn parse(head: &[u8]) -> Result<Request, Error> {
    let bad = Error::Bad;
    if head.len() > MAX_HEAD {
        return Err(bad("400 Bad Request: request head too large\n"));
    }
    if head.contains(&0) {
        return Err(bad("400 Bad Request: NUL byte\n"));
    }
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let line = lines.next().unwrap_or_default();
    let mut parts = line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("400 Bad Request: malformed request line\n"));
    };
    if method.is_empty() || method.len() > 16 || !method.iter().all(|&b| is_tchar(b)) {
        return Err(bad("400 Bad Request: malformed method\n"));
    }
    if version != b"HTTP/1.1" && version != b"HTTP/1.0" {
        return Err(bad("400 Bad Request: unsupported HTTP version\n"));
    }
    if target.is_empty() || !target.iter().all(|&b| (0x21..=0x7e).contains(&b)) {
        return Err(bad("400 Bad Request: malformed target\n"));
    }
    // Both checked as ASCII above.
    let method = String::from_utf8_lossy(method).into_owned();
    let target = String::from_utf8_lossy(target).into_owned();
    let target = strip_origin(&target).ok_or(bad("400 Bad Request: malformed target\n"))?;
    let target = target.split('#').next().unwrap_or_default();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));

    let mut since = query
        .split('&')
        .find_map(|p| p.strip_prefix("since="))
        .and_then(|v| v.parse::<u64>().ok());
    for line in lines {
        if line.contains(&b'\r') {
            return Err(bad("400 Bad Request: stray carriage return\n"));
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return Err(bad("400 Bad Request: header line without a colon\n"));
        };
        let name = &line[..colon];
        if name.is_empty() || !name.iter().all(|&b| is_tchar(b)) {
            return Err(bad("400 Bad Request: malformed header name\n"));
        }
        if name.eq_ignore_ascii_case(b"last-event-id") {
            let value = String::from_utf8_lossy(&line[colon + 1..]);
            if let Ok(id) = value.trim().parse::<u64>() {
                since = Some(since.map_or(id, |s| s.max(id)));
            }
        }
    }
    Ok(Request {
        method,
        path: path.to_string(),
        since,
    })
}

/// `/path` as is; `http://host/path` (absolute form) as `/path`.
fn strip_origin(target: &str) -> Option<&str> {
    if target.starts_with('/') {
        return Some(target);
    }
    let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
    let rest = if lower.starts_with("http://") {
        &target[7..]
    } else if lower.starts_with("https://") {
        &target[8..]
    } else {
        return None;
    };
    Some(rest.find('/').map_or("/", |i| &rest[i..]))
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Sends a short plain-text response.
pub fn send_text(
    stream: &mut TcpStream,
    status: u16,
    text: &str,
    head_only: bool,
) -> io::Result<()> {
    send_with(stream, status, None, text, head_only)
}

/// Sends a short plain-text response with one extra header.
pub fn send_with(
    stream: &mut TcpStream,
    status: u16,
    header: Option<(&str, &str)>,
    text: &str,
    head_only: bool,
) -> io::Result<()> {
    write_head(
        stream,
        status,
        "text/plain; charset=utf-8",
        header,
        text.len() as u64,
    )?;
    if !head_only {
        stream.write_all(text.as_bytes())?;
    }
    stream.flush()
}

/// Sends a complete response.
pub fn send(
    stream: &mut TcpStream,
    status: u16,
    kind: &str,
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    write_head(stream, status, kind, None, body.len() as u64)?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Writes a response head; every response has these headers and closes.
pub fn write_head(
    stream: &mut TcpStream,
    status: u16,
    kind: &str,
    header: Option<(&str, &str)>,
    len: u64,
) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {len}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n"
    );
    if let Some((name, value)) = header {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    // One write for the head, so small responses leave in one segment.
    stream.write_all(head.as_bytes())
}

/// Closes politely: stop writing, then read what the client still sends
/// (briefly), so closing with unread input does not reset the connection
/// and cut off the response before the client reads it.
pub fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + Duration::from_millis(500);
    let mut buf = [0u8; 4096];
    let mut total = 0;
    while total < 256 * 1024 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_requests_and_rejects_malformed_ones() {
        let r = parse(b"GET /a/b.html?x=1#f HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 7").unwrap();
        assert_eq!(
            (r.method.as_str(), r.path.as_str(), r.since),
            ("GET", "/a/b.html", Some(7))
        );
        let r = parse(b"GET http://localhost:1/x?since=3 HTTP/1.0").unwrap();
        assert_eq!((r.path.as_str(), r.since), ("/x", Some(3)));
        for bad in [
            &b""[..],
            b"GET",
            b"GET /",
            b"GET / HTTP/2.0",
            b"GET  / HTTP/1.1",
            b"GET / HTTP/1.1 extra",
            b"G(T / HTTP/1.1",
            b"GET x HTTP/1.1",
            b"GET /\x01 HTTP/1.1",
            b"GET /\xff HTTP/1.1",
            b"GET /\0 HTTP/1.1",
            b"GET / HTTP/1.1\r\nno colon",
            b"GET / HTTP/1.1\r\n folded: x",
            b"GET / HTTP/1.1\r\nA: b\rc",
            b"\xde\xad\xbe\xef",
        ] {
            assert!(matches!(parse(bad), Err(Error::Bad(_))), "{bad:?}");
        }
    }

    #[test]
    fn finds_the_end_of_the_head() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n\r\nbody", 0), Some(14));
        assert_eq!(head_end(b"GET / HTTP/1.1\n\n", 0), Some(14));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n", 0), None);
    }
}
