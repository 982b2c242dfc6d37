//! URL path arithmetic on site-root-relative paths (`a/b.html`): joining,
//! making one path relative to another, percent-encoding. Plain string
//! functions under every stage that makes a link: content (`SUMMARY.md`),
//! markdown (glossary marks), links and the page renderers.

/// Joins `path` onto `dir` and removes `.` and `..`; `None` if it climbs
/// above the content root. A leading `/` means the content root.
pub fn normalise(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let joined: Vec<&str> = if let Some(abs) = path.strip_prefix('/') {
        abs.split('/').collect()
    } else {
        dir.split('/').chain(path.split('/')).collect()
    };
    for part in joined {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The relative URL from page `from` to file `to`, both site-root-relative
/// (`a/b.html`, `c/index.html` → `../c/index.html`).
pub fn relative_url(from: &str, to: &str) -> String {
    let (path, fragment) = match to.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (to, None),
    };
    let mut url = encode_path(&relative_path(from, path));
    if let Some(f) = fragment {
        url.push('#');
        url.push_str(f);
    }
    url
}

/// Percent-encodes the characters that may not appear raw in a URL path
/// (spaces, quotes, `%`, `?`, …); letters of any script stay as they are.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for ch in path.chars() {
        match ch {
            ' ' | '"' | '<' | '>' | '`' | '{' | '}' | '|' | '\\' | '^' | '%' | '?' | '#' | '['
            | ']' => {
                out.push_str(&format!("%{:02X}", ch as u32));
            }
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The relative path from file `from` to file `to` (both root-relative), unencoded.
pub(crate) fn relative_path(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from
        .split('/')
        .collect::<Vec<_>>()
        .split_last()
        .map(|(_, d)| d.to_vec())
        .unwrap_or_default();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(to_parts.iter())
        .take_while(|(a, b)| a == b)
        .count();
    let common = common.min(to_parts.len().saturating_sub(1));
    let mut url = "../".repeat(from_dir.len() - common);
    url.push_str(&to_parts[common..].join("/"));
    url
}

/// The relative path from page `url` up to the site root (`a/b.html` → `../`).
pub fn root_prefix(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls() {
        assert_eq!(relative_url("a/b.html", "c/index.html"), "../c/index.html");
        assert_eq!(relative_url("index.html", "c/d.html"), "c/d.html");
        assert_eq!(relative_url("a/b.html", "a/c.html"), "c.html");
        assert_eq!(relative_url("a/b/c.html", "a/index.html"), "../index.html");
        assert_eq!(relative_url("a/b.html", "a/b.html"), "b.html");
        assert_eq!(root_prefix("a/b/c.html"), "../../");
    }

    #[test]
    fn normalising_paths() {
        assert_eq!(normalise("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalise("a", "/x/y.md").as_deref(), Some("x/y.md"));
        assert_eq!(normalise("", "../x.md"), None);
    }
}
