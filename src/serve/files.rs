//! Turning a request path into a file inside the site, safely.
//!
//! The preview server must never hand out a file outside the output folder,
//! whatever a URL says, so every path passes two independent checks:
//!
//! 1. **Syntax**: the path is percent-decoded exactly once, and refused if it
//!    contains `..` segments, backslashes, NUL or control bytes, drive-like
//!    segments (`C:`), or *encoded* separators (`%2f`, `%5c`) that would
//!    change its shape after decoding. `%252e` decodes to the literal `%2e`
//!    and is simply not found.
//! 2. **Containment**: the file that path names is canonicalised (following
//!    symlinks) and refused unless it lies inside the canonicalised root, so a
//!    symlink pointing out of the site is refused too.
//!
//! The root is canonicalised on every request because a build replaces it
//! (two renames) while the server runs.

use std::path::{Component, Path, PathBuf};

/// What a request path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A regular file inside the root (canonical path).
    File(PathBuf),
    /// A folder asked for without its trailing slash: where to send the client.
    Redirect(String),
    NotFound,
    /// Refused for safety; never served, whatever exists.
    Forbidden,
    /// Not a decodable path.
    BadRequest,
}

/// Resolves `raw` (the request path, still percent-encoded, no query).
pub fn resolve(root: &Path, raw: &str) -> Lookup {
    let segments = match segments(raw) {
        Ok(s) => s,
        Err(refusal) => return refusal,
    };
    let Ok(root) = root.canonicalize() else {
        return Lookup::NotFound; // no site yet, or mid-swap
    };
    let mut path = root.clone();
    path.extend(&segments);
    let Some(found) = contained(&root, &path) else {
        return if path.symlink_metadata().is_ok() {
            Lookup::Forbidden
        } else {
            Lookup::NotFound
        };
    };
    if !found.is_dir() {
        return if found.is_file() && !raw.ends_with('/') {
            Lookup::File(found)
        } else {
            Lookup::NotFound // `file.html/`, sockets, devices
        };
    }
    if !raw.ends_with('/') {
        let mut location: String = segments.iter().map(|s| format!("/{}", encode(s))).collect();
        location.push('/');
        return Lookup::Redirect(location);
    }
    match contained(&root, &found.join("index.html")) {
        Some(index) if index.is_file() => Lookup::File(index),
        Some(_) => Lookup::NotFound,
        None if found.join("index.html").symlink_metadata().is_ok() => Lookup::Forbidden,
        None => Lookup::NotFound,
    }
}

/// `path` canonicalised, if it exists and lies inside `root` (canonical).
/// An existing path outside the root gives `None` just like a missing one;
/// the caller tells them apart.
fn contained(root: &Path, path: &Path) -> Option<PathBuf> {
    let canonical = path.canonicalize().ok()?;
    canonical.starts_with(root).then_some(canonical)
}

/// Decodes and checks the path; its non-empty segments, or the refusal.
fn segments(raw: &str) -> Result<Vec<String>, Lookup> {
    let lower = raw.to_ascii_lowercase();
    if !raw.starts_with('/') {
        return Err(Lookup::BadRequest);
    }
    // Encoded separators and NUL would change the path's shape after decoding.
    if raw.contains('\\') || ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) {
        return Err(Lookup::Forbidden);
    }
    let decoded = percent_decode(raw).ok_or(Lookup::BadRequest)?;
    let decoded = String::from_utf8(decoded).map_err(|_| Lookup::BadRequest)?;
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return Err(Lookup::Forbidden);
    }
    let mut out = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => continue,
            ".." => return Err(Lookup::Forbidden),
            s if s.contains(':') => return Err(Lookup::Forbidden), // C:, streams
            s => {
                // Each segment must be one plain component on this platform.
                let mut parts = Path::new(s).components();
                if !matches!(
                    (parts.next(), parts.next()),
                    (Some(Component::Normal(_)), None)
                ) {
                    return Err(Lookup::Forbidden);
                }
                out.push(s.to_string());
            }
        }
    }
    Ok(out)
}

/// Strict percent-decoding, once: `%` must be followed by two hex digits.
pub fn percent_decode(raw: &str) -> Option<Vec<u8>> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None; // also refuses `%+1`, which from_str_radix would take
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Percent-encodes one path segment for a `Location` header.
fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `Content-Type` for a file extension (lower case, no dot).
pub fn content_type(ext: &str) -> &'static str {
    match ext {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_once_and_strictly() {
        assert_eq!(percent_decode("/a%20b").unwrap(), b"/a b");
        assert_eq!(percent_decode("/%252e").unwrap(), b"/%2e");
        assert!(percent_decode("/%zz").is_none());
        assert!(percent_decode("/%2").is_none());
        assert!(percent_decode("/%").is_none());
        assert!(percent_decode("/%+1").is_none());
        assert!(percent_decode("/%-1").is_none());
    }

    #[test]
    fn refuses_unsafe_paths_before_touching_the_disk() {
        for raw in [
            "/../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/..%2fsecret",
            "/a/..\\..\\x",
            "/a/%5c..",
            "/a%00.html",
            "/a\u{0}b",
            "/C:/Windows/win.ini",
            "/a/%01",
        ] {
            assert_eq!(segments(raw), Err(Lookup::Forbidden), "{raw}");
        }
        assert_eq!(segments("/%zz"), Err(Lookup::BadRequest));
        assert_eq!(segments("/%ff"), Err(Lookup::BadRequest));
        assert_eq!(segments("/%252e%252e/x").unwrap(), ["%2e%2e", "x"]);
        assert_eq!(segments("//a/./b/").unwrap(), ["a", "b"]);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("html"), "text/html; charset=utf-8");
        assert_eq!(content_type("woff2"), "font/woff2");
        assert_eq!(content_type("exe"), "application/octet-stream");
        assert_eq!(encode("a b/é"), "a%20b%2F%C3%A9");
    }
}
