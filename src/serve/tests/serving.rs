//! Serving files: types, folders, 404, methods, and what HTML gets added.

use super::*;
use crate::serve::BuildError;

#[test]
fn serves_files_with_their_content_type_and_headers() {
    let s = site();
    let addr = s.server.addr();
    for (path, kind) in [
        ("/index.html", "text/html; charset=utf-8"),
        ("/assets/site.css", "text/css; charset=utf-8"),
        ("/assets/site.js", "text/javascript; charset=utf-8"),
        ("/assets/site.js.map", "application/json; charset=utf-8"),
        ("/search/index.json", "application/json; charset=utf-8"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/img/logo.svg", "image/svg+xml; charset=utf-8"),
        ("/img/a.png", "image/png"),
        ("/img/a.jpg", "image/jpeg"),
        ("/img/a.gif", "image/gif"),
        ("/img/a.webp", "image/webp"),
        ("/favicon.ico", "image/x-icon"),
        ("/fonts/a.woff2", "font/woff2"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/forms/answers.csv", "text/csv; charset=utf-8"),
        ("/print/doc.pdf", "application/pdf"),
    ] {
        let r = get(addr, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type").as_deref(), Some(kind), "{path}");
        assert_eq!(r.header("content-length"), Some(r.body.len().to_string()));
        assert_eq!(r.header("cache-control").as_deref(), Some("no-store"));
        assert_eq!(
            r.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
        if !path.ends_with(".html") {
            assert_eq!(r.body, read_file(&s.root.join(&path[1..])), "{path}");
        }
    }
}

#[test]
fn folders_serve_their_index_and_redirect_to_the_slash_form() {
    let s = site();
    let addr = s.server.addr();
    assert!(get(addr, "/").text().contains("<h1>Home</h1>"));
    assert!(get(addr, "/docs/").text().contains("<h1>Docs</h1>"));
    let r = get(addr, "/docs");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location").as_deref(), Some("/docs/"));
    let r = get(addr, "/docs?x=1");
    assert_eq!(r.header("location").as_deref(), Some("/docs/"));
    assert_eq!(get(addr, "/docs/page.html/").status, 404);
    // A folder without index.html is not listed.
    fs::create_dir_all(s.root.join("empty")).unwrap();
    assert_eq!(get(addr, "/empty/").status, 404);
    // Percent-encoded names are decoded once.
    fs::write(s.root.join("a b.txt"), "spaced").unwrap();
    assert_eq!(get(addr, "/a%20b.txt").text(), "spaced");
}

#[test]
fn missing_files_get_the_sites_404_page_or_a_plain_404() {
    let s = site();
    let addr = s.server.addr();
    let r = get(addr, "/no/such/page.html");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("<h1>Page not found</h1>"));
    assert!(
        r.text().contains("/__waymark/live.js"),
        "404 pages reload too"
    );
    fs::remove_file(s.root.join("404.html")).unwrap();
    let r = get(addr, "/no/such/page.html");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("<h1>Not found</h1>"));
    assert!(r.text().contains("/__waymark/live.js"));
    assert_eq!(get(addr, "/__waymark/nothing").status, 404);
}

#[test]
fn head_has_headers_but_no_body() {
    let s = site();
    let addr = s.server.addr();
    for path in [
        "/index.html",
        "/assets/site.css",
        "/missing",
        "/__waymark/live.js",
    ] {
        let full = get(addr, path);
        let head = request(addr, "HEAD", path);
        assert_eq!(head.status, full.status, "{path}");
        assert!(head.body.is_empty(), "{path}");
        assert_eq!(
            head.header("content-length"),
            Some(full.body.len().to_string())
        );
    }
}

#[test]
fn other_methods_are_405_and_queries_are_ignored() {
    let s = site();
    let addr = s.server.addr();
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let r = request(addr, method, "/index.html");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow").as_deref(), Some("GET, HEAD"));
    }
    // A POST with a body still gets its answer.
    let r = raw(
        addr,
        b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello",
    )
    .unwrap();
    assert_eq!(r.status, 405);
    let r = get(addr, "/assets/site.css?v=123&x=%zz");
    assert_eq!((r.status, r.text().as_str()), (200, "body{color:#000}"));
    let r = get(addr, "/?q=consent#top");
    assert!(r.text().contains("<h1>Home</h1>"));
}

#[test]
fn html_gets_the_live_script_and_csp_in_memory_only() {
    let s = site();
    let addr = s.server.addr();
    let before = read_file(&s.root.join("index.html"));
    let r = get(addr, "/index.html");
    let html = r.text();
    let script = html
        .find("<script src=\"/__waymark/live.js\"")
        .expect("script");
    assert!(script < html.find("</body>").unwrap());
    assert!(html.contains("connect-src &#x27;self&#x27;"), "{html}");
    assert!(html.contains("default-src &#x27;none&#x27;; script-src &#x27;self&#x27; file:;"));
    assert_eq!(r.header("content-length"), Some(r.body.len().to_string()));
    assert_eq!(
        read_file(&s.root.join("index.html")),
        before,
        "disk unchanged"
    );
    // Other types are served byte for byte.
    assert_eq!(
        get(addr, "/img/logo.svg").body,
        read_file(&s.root.join("img/logo.svg"))
    );

    let js = get(addr, "/__waymark/live.js");
    assert_eq!(
        js.header("content-type").as_deref(),
        Some("text/javascript; charset=utf-8")
    );
    assert!(js.text().contains("new EventSource"));
    assert!(js.text().contains("new URL(\"events\", script.src)"));
    let css = get(addr, "/__waymark/live.css");
    assert_eq!(
        css.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
}

#[test]
fn the_error_banner_shows_while_the_build_fails() {
    let s = site();
    let addr = s.server.addr();
    assert!(!get(addr, "/").text().contains("role=\"alert\""));
    s.live.set_errors(vec![BuildError {
        file: "content/a.md".into(),
        line: 3,
        column: 7,
        message: "link to <script>x.md</script> does not resolve".into(),
        hint: Some("did you mean \"y.md\"?".into()),
    }]);
    for path in ["/", "/docs/page.html", "/missing"] {
        let html = get(addr, path).text();
        let banner = html.find("role=\"alert\"").expect("banner");
        assert!(html.find("<body>").unwrap() < banner && banner < html.find("<h1>").unwrap());
        assert!(html.contains("content/a.md:3:7"));
        assert!(html.contains("link to &lt;script&gt;x.md&lt;/script&gt; does not resolve"));
        assert!(html.contains("did you mean &quot;y.md&quot;?"));
        assert!(!html.contains("<script>x.md"));
        assert!(html.contains("<h1>"), "the last good page stays underneath");
    }
    assert!(get(addr, "/assets/site.css").text().starts_with("body{"));
    s.live.clear_errors();
    assert!(!get(addr, "/").text().contains("role=\"alert\""));
}

#[test]
fn a_site_that_is_missing_or_being_swapped_gives_404() {
    let s = site();
    let addr = s.server.addr();
    let aside = s.root.with_file_name("old");
    fs::rename(&s.root, &aside).unwrap();
    let r = get(addr, "/index.html");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("<h1>Not found</h1>"));
    // A first build that failed: no site, but the banner says why.
    s.live.set_errors(vec![BuildError {
        file: "site.yaml".into(),
        line: 1,
        column: 1,
        message: "missing title".into(),
        hint: None,
    }]);
    let r = get(addr, "/");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("site.yaml:1:1</code> — missing title"));
    s.live.clear_errors();
    fs::rename(&aside, &s.root).unwrap();
    assert_eq!(get(addr, "/index.html").status, 200);
}
