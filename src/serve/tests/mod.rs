//! Tests of the preview server over real sockets (127.0.0.1, port 0) on a
//! temporary site, and of the watcher on a temporary folder.

mod events;
mod hosts;
mod injection;
mod limits;
mod safety;
mod serving;
mod watching;

use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::{LiveState, ServeConfig, Server, ServerHandle};

/// What every page of the real site carries (as Tera escapes it).
pub const CSP_META: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#x27;none&#x27;; script-src &#x27;self&#x27; file:; style-src &#x27;self&#x27; file:; img-src &#x27;self&#x27; file: data:; form-action &#x27;self&#x27; file:; base-uri &#x27;none&#x27;\">";
/// Content of the file outside the root that traversal tests try to reach.
pub const SECRET: &str = "TOP-SECRET-OUTSIDE-ROOT";

pub struct Site {
    pub _tmp: tempfile::TempDir,
    pub root: PathBuf,
    pub live: Arc<LiveState>,
    pub server: ServerHandle,
}

pub fn page(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n{CSP_META}\n\
         <title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n</body>\n</html>\n"
    )
}

/// A small built site beside a secret file, served on a free port.
pub fn site() -> Site {
    site_with_heartbeat(Duration::from_secs(15))
}

pub fn site_with_heartbeat(heartbeat: Duration) -> Site {
    site_with(|config| config.heartbeat = heartbeat)
}

/// The small site, served with `tune` applied to the configuration.
pub fn site_with(tune: impl FnOnce(&mut ServeConfig)) -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("public");
    let write = |rel: &str, bytes: &[u8]| {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    };
    write("index.html", page("Home").as_bytes());
    write("404.html", page("Page not found").as_bytes());
    write("docs/index.html", page("Docs").as_bytes());
    write("docs/page.html", page("A page").as_bytes());
    write("assets/site.css", b"body{color:#000}");
    write("assets/site.js", b"console.log(1);");
    write("assets/site.js.map", b"{}");
    write("search/index.json", b"{\"a\":1}");
    write("feed.xml", b"<feed/>");
    write(
        "img/logo.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    write("img/a.png", b"\x89PNG\r\n\x1a\n");
    write("img/a.jpg", b"\xff\xd8\xff");
    write("img/a.gif", b"GIF89a");
    write("img/a.webp", b"RIFF");
    write("favicon.ico", b"\0\0\x01\0");
    write("fonts/a.woff2", b"wOF2");
    write("robots.txt", b"User-agent: *\n");
    write("forms/answers.csv", b"a,b\n");
    write("print/doc.pdf", b"%PDF-1.4");
    fs::write(tmp.path().join("secret.txt"), SECRET).unwrap();
    fs::create_dir_all(tmp.path().join("outside")).unwrap();
    fs::write(tmp.path().join("outside/passwd"), SECRET).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("outside"), root.join("out")).unwrap();
        std::os::unix::fs::symlink(root.join("robots.txt"), root.join("robots-link.txt")).unwrap();
    }
    let live = Arc::new(LiveState::new());
    let mut config = ServeConfig::new(&root, live.clone());
    config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
    tune(&mut config);
    let server = Server::start(config).unwrap();
    Site {
        _tmp: tmp,
        root,
        live,
        server,
    }
}

pub struct Response {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
}

/// Sends raw bytes and reads the whole response (the server closes).
pub fn raw(addr: SocketAddr, request: &[u8]) -> Option<Response> {
    let mut stream = connect(addr);
    let _ = stream.write_all(request);
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    parse_response(&bytes)
}

pub fn parse_response(bytes: &[u8]) -> Option<Response> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some(Response {
        status,
        head,
        body: bytes[end + 4..].to_vec(),
    })
}

pub fn request(addr: SocketAddr, method: &str, target: &str) -> Response {
    let req = format!("{method} {target} HTTP/1.1\r\nHost: localhost\r\n\r\n");
    raw(addr, req.as_bytes()).expect("a response")
}

pub fn get(addr: SocketAddr, target: &str) -> Response {
    request(addr, "GET", target)
}

pub fn read_file(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap()
}

#[test]
fn handles_can_move_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<ServerHandle>();
    send_sync::<LiveState>();
    send_sync::<crate::serve::Watcher>();
    send_sync::<crate::serve::StopHandle>();
}
