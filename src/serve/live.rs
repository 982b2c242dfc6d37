//! Live-reload state shared between the rebuild loop and the preview server.
//!
//! The rebuild loop owns the decisions (a build finished, a build failed) and
//! the server only reports them, so the two meet in one small [`LiveState`]:
//! a build counter and the current build errors behind a mutex, and a condvar
//! that wakes the server's event-stream thread when either changes. Threads
//! and a condvar are enough here; no async runtime is needed for a handful of
//! browser tabs.
//!
//! This module also holds what the server adds to pages it serves (never to
//! the files on disk): the `live.js` script, the error banner, and the CSP
//! change that lets the page open its event stream. Pages carry a strict CSP
//! with no inline script or style, so the script and the banner's styles are
//! separate files served under `/__waymark/`, and the banner is plain HTML that
//! reads correctly without JavaScript or CSS.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// One problem of a failed build, as the banner shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// Path relative to the project root, with `/` separators.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

#[derive(Debug, Default)]
struct Inner {
    /// Bumped by every reload; pages and event streams compare against it.
    build: u64,
    errors: Vec<BuildError>,
    /// Bumped by [`LiveState::wake`], so waiters return without a reload.
    wakes: u64,
    /// The build number that only rewrote these pages, and the pages (paths
    /// under the site's root): see [`LiveState::notify_pages`].
    partial: Option<(u64, Vec<String>)>,
}

/// What the rebuild loop tells open pages. Share it as `Arc<LiveState>`.
#[derive(Debug, Default)]
pub struct LiveState {
    inner: Mutex<Inner>,
    changed: Condvar,
}

impl LiveState {
    pub fn new() -> Self {
        Self::default()
    }

    /// Tells every open page to reload; returns the new build number.
    pub fn notify_reload(&self) -> u64 {
        let mut inner = self.lock();
        inner.build += 1;
        let build = inner.build;
        drop(inner);
        self.changed.notify_all();
        build
    }

    /// Tells open pages that only `pages` (paths under the site's root, such
    /// as `a-z.html`) were rewritten: a tab showing one of them reloads, the
    /// others stay as they are (a page written on the search thread after a
    /// rebuild's reload, which would otherwise reload every tab twice).
    /// Returns the new build number.
    pub fn notify_pages(&self, pages: Vec<String>) -> u64 {
        let mut inner = self.lock();
        inner.build += 1;
        let build = inner.build;
        inner.partial = Some((build, pages));
        drop(inner);
        self.changed.notify_all();
        build
    }

    /// The pages build `build` rewrote, when it rewrote only them.
    pub(crate) fn pages_of(&self, build: u64) -> Option<Vec<String>> {
        match &self.lock().partial {
            Some((b, pages)) if *b == build => Some(pages.clone()),
            _ => None,
        }
    }

    /// Records a failed build: every HTML page gets an error banner (over the
    /// last good site) until [`clear_errors`](Self::clear_errors). Reloads pages.
    pub fn set_errors(&self, errors: Vec<BuildError>) -> u64 {
        self.lock().errors = errors;
        self.notify_reload()
    }

    /// Records a successful build: removes the banner and reloads pages.
    pub fn clear_errors(&self) -> u64 {
        self.lock().errors.clear();
        self.notify_reload()
    }

    /// The current build number (0 before the first reload).
    pub fn build(&self) -> u64 {
        self.lock().build
    }

    /// The current build errors (empty when the last build succeeded).
    pub fn errors(&self) -> Vec<BuildError> {
        self.lock().errors.clone()
    }

    /// The build number and errors, read together.
    pub(crate) fn snapshot(&self) -> (u64, Vec<BuildError>) {
        let inner = self.lock();
        (inner.build, inner.errors.clone())
    }

    /// Waits until the build number differs from `seen`, at most `timeout`
    /// (or until [`wake`](Self::wake)); returns the build number then.
    pub(crate) fn wait_past(&self, seen: u64, timeout: Duration) -> u64 {
        let inner = self.lock();
        let wakes = inner.wakes;
        let (inner, _) = self
            .changed
            .wait_timeout_while(inner, timeout, |i| i.build == seen && i.wakes == wakes)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        inner.build
    }

    /// Wakes every waiter without a change (used by server shutdown).
    pub(crate) fn wake(&self) {
        self.lock().wakes += 1;
        self.changed.notify_all();
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // The state stays consistent even if a holder panicked.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Served at `/__waymark/live.js`. Resolves the event stream against its own
/// `src`, so it works wherever the server is mounted; shows nothing.
pub const LIVE_JS: &str = r#"// Waymark live preview: reloads the page when `waymark serve` rebuilds.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource || !window.URL) { return; }
  var url = new URL("events", script.src);
  var build = script.getAttribute("data-build");
  if (build) { url.searchParams.set("since", build); }
  var source = new EventSource(url.href);
  source.addEventListener("reload", function () {
    source.close();
    window.location.reload();
  });
  // Only some pages were rewritten: reload if this is one of them.
  source.addEventListener("pages", function (event) {
    var here = decodeURIComponent(window.location.pathname).replace(/^\//, "");
    if (here === "" || here.slice(-1) === "/") { here += "index.html"; }
    var pages = [];
    try { pages = JSON.parse(event.data); } catch (e) { pages = []; }
    if (pages.indexOf(here) !== -1) {
      source.close();
      window.location.reload();
    }
  });
}());
"#;

/// Served at `/__waymark/live.css`: the error banner's styles (the page CSP
/// forbids inline styles). High contrast, readable at any zoom.
pub const LIVE_CSS: &str = ".wm-live-errors{position:relative;z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#fff;color:#0b0c0c;border:5px solid #d4351c;font:1rem/1.5 system-ui,-apple-system,\"Segoe UI\",Arial,sans-serif;overflow-wrap:anywhere}
.wm-live-errors__title{margin:0 0 .5rem;font-size:1.25rem;font-weight:700}
.wm-live-errors p{margin:0 0 .5rem}
.wm-live-errors__list{margin:0;padding-left:1.25rem}
.wm-live-errors__list li{margin:0 0 .5rem}
.wm-live-errors code{font-family:ui-monospace,Consolas,monospace;font-weight:700}
.wm-live-errors__hint{display:block;color:#505a5f}
";

/// Served with status 404 when the site has no `404.html` (or no site has
/// been built yet).
pub const FALLBACK_404: &str =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>Not found</title>\n</head>\n<body>\n<main>\n<h1>Not found</h1>\n\
<p>There is no page at this address.</p>\n</main>\n</body>\n</html>\n";

/// The files the server adds under `/__waymark/`: content type and text.
pub fn asset(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "live.js" => Some(("text/javascript; charset=utf-8", LIVE_JS)),
        "live.css" => Some(("text/css; charset=utf-8", LIVE_CSS)),
        _ => None,
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}

/// The banner shown at the top of every page while the build is failing.
pub fn overlay_html(errors: &[BuildError]) -> String {
    let count = match errors.len() {
        1 => "1 error".to_string(),
        n => format!("{n} errors"),
    };
    let mut html = format!(
        "<link rel=\"stylesheet\" href=\"/__waymark/live.css\">\n\
         <div class=\"wm-live-errors\" id=\"wm-live-errors\" role=\"alert\">\n\
         <p class=\"wm-live-errors__title\">The site did not build: {count}</p>\n\
         <p>You are seeing the last version that built. Fix the problems below and save; \
         this page updates when the build succeeds.</p>\n\
         <ul class=\"wm-live-errors__list\">\n"
    );
    for e in errors {
        html.push_str(&format!(
            "<li><code>{}:{}:{}</code> — {}",
            escape_html(&e.file),
            e.line,
            e.column,
            escape_html(&e.message)
        ));
        if let Some(hint) = &e.hint {
            html.push_str(&format!(
                "<span class=\"wm-live-errors__hint\">Hint: {}</span>",
                escape_html(hint)
            ));
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ul>\n</div>\n");
    html
}

/// The served copy of an HTML page: the CSP allows the live-reload stream,
/// the error banner (if any) opens `<body>`, and `live.js` closes it.
pub fn inject(page: &[u8], build: u64, errors: &[BuildError]) -> Vec<u8> {
    let mut html = allow_live_in_csp(page);
    let script = format!("<script src=\"/__waymark/live.js\" data-build=\"{build}\"></script>\n");
    match rfind_ci(&html, b"</body") {
        Some(at) => {
            html.splice(at..at, script.bytes());
        }
        None => html.extend_from_slice(script.as_bytes()),
    }
    if !errors.is_empty() {
        let at = body_start(&html);
        html.splice(at..at, overlay_html(errors).bytes());
    }
    html
}

/// Where content inside `<body>` starts: after the body tag, else after
/// `</head>`, else after the doctype, else the start.
fn body_start(html: &[u8]) -> usize {
    let after_tag = |start: usize| {
        html[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(html.len(), |p| start + p + 1)
    };
    let mut from = 0;
    while let Some(at) = find_ci(&html[from..], b"<body").map(|p| p + from) {
        // `<body>` or `<body ...>`, not `<bodyfoo>`.
        match html.get(at + 5) {
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/') => return after_tag(at),
            _ => from = at + 5,
        }
    }
    if let Some(at) = find_ci(html, b"</head") {
        return after_tag(at);
    }
    match find_ci(html, b"<!doctype") {
        Some(at) => after_tag(at),
        None => 0,
    }
}

/// Rewrites each `<meta http-equiv="Content-Security-Policy">` so the page
/// may load `/__waymark/` script and styles and open its event stream.
fn allow_live_in_csp(page: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(page.len() + 64);
    let mut rest = page;
    while let Some(at) = find_ci(rest, b"<meta") {
        let Some(len) = rest[at..].iter().position(|&b| b == b'>') else {
            break;
        };
        let tag = &rest[at..at + len];
        out.extend_from_slice(&rest[..at]);
        match rewrite_csp_tag(tag) {
            Some(new_tag) => out.extend_from_slice(&new_tag),
            None => out.extend_from_slice(tag),
        }
        rest = &rest[at + len..];
    }
    out.extend_from_slice(rest);
    out
}

fn rewrite_csp_tag(tag: &[u8]) -> Option<Vec<u8>> {
    find_ci(tag, b"content-security-policy")?;
    let mut search = 0;
    let (start, end) = loop {
        let at = find_ci(&tag[search..], b"content=")? + search;
        let before = at.checked_sub(1).map(|i| tag[i]);
        search = at + 8;
        if !matches!(before, Some(b' ' | b'\t' | b'\n' | b'\r')) {
            continue; // part of another attribute name
        }
        let quote = *tag.get(search)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let len = tag[search + 1..].iter().position(|&b| b == quote)?;
        break (search + 1, search + 1 + len);
    };
    let policy = unescape_attr(std::str::from_utf8(&tag[start..end]).ok()?);
    let mut policy = allow_self(&policy, "connect-src");
    policy = allow_self(&policy, "script-src");
    policy = allow_self(&policy, "style-src");
    let mut new_tag = tag[..start].to_vec();
    new_tag.extend_from_slice(escape_html(&policy).as_bytes());
    new_tag.extend_from_slice(&tag[end..]);
    Some(new_tag)
}

/// Adds `'self'` to one fetch directive, following CSP's fallback to
/// `default-src` so that nothing else the policy allows is narrowed.
pub(crate) fn allow_self(policy: &str, directive: &str) -> String {
    let mut parts: Vec<Vec<String>> = policy
        .split(';')
        .map(|d| d.split_ascii_whitespace().map(str::to_string).collect())
        .filter(|d: &Vec<String>| !d.is_empty())
        .collect();
    let find = |parts: &[Vec<String>], name: &str| {
        parts.iter().position(|d| d[0].eq_ignore_ascii_case(name))
    };
    let allows_self = |sources: &[String]| {
        sources
            .iter()
            .any(|s| s.eq_ignore_ascii_case("'self'") || s == "*")
    };
    match find(&parts, directive) {
        Some(i) if allows_self(&parts[i][1..]) => return policy.to_string(),
        Some(i) => {
            parts[i].retain(|s| !s.eq_ignore_ascii_case("'none'"));
            parts[i].push("'self'".into());
        }
        None => match find(&parts, "default-src") {
            Some(d) if allows_self(&parts[d][1..]) => return policy.to_string(),
            Some(d) => {
                let mut new = vec![directive.to_string()];
                new.extend(parts[d][1..].iter().filter(|s| *s != "'none'").cloned());
                new.push("'self'".into());
                parts.push(new);
            }
            None => return policy.to_string(), // nothing restricts it
        },
    }
    let directives: Vec<String> = parts.iter().map(|d| d.join(" ")).collect();
    directives.join("; ")
}

/// Decodes the entities an HTML serialiser uses in attribute values.
fn unescape_attr(value: &str) -> String {
    value
        .replace("&#x27;", "'")
        .replace("&#X27;", "'")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x2F;", "/")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

fn find_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn rfind_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}
