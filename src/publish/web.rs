//! What a web server's visitors and crawlers use when `base_url` is set:
//! `sitemap.xml` and `robots.txt` (canonical links are in `base.html`, the
//! Atom feed in `versions::pages`). None of it is written without a
//! `base_url`, so a site opened from a folder is unchanged.

use crate::html::escape_html;

pub const SITEMAP_FILE: &str = "sitemap.xml";
pub const ROBOTS_FILE: &str = "robots.txt";

/// `base_url` with exactly one trailing slash.
pub fn base(base_url: &str) -> String {
    format!("{}/", base_url.trim_end_matches('/'))
}

/// Percent-encodes what cannot stand in a URL path as it is.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Every page of the site (not the 404 page) at its absolute address.
pub fn sitemap<'a>(base_url: &str, paths: impl Iterator<Item = &'a String>) -> String {
    let base = base(base_url);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths.filter(|p| p.ends_with(".html") && p.as_str() != "404.html") {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_html(&format!("{base}{}", encode_path(path))));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots`: `allow` (the default), `disallow`, or the file's whole text.
pub fn robots(base_url: &str, robots: Option<&str>) -> String {
    let sitemap = format!("Sitemap: {}{SITEMAP_FILE}\n", base(base_url));
    match robots.map(str::trim) {
        None | Some("allow") => format!("User-agent: *\nAllow: /\n\n{sitemap}"),
        Some("disallow") => "User-agent: *\nDisallow: /\n".to_string(),
        Some(text) => format!("{text}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_lists_pages_at_absolute_addresses() {
        let paths = [
            "404.html".to_string(),
            "a b/index.html".to_string(),
            "assets/x.css".to_string(),
            "index.html".to_string(),
        ];
        let xml = sitemap("https://example.org/cstr", paths.iter());
        assert!(xml.contains("<loc>https://example.org/cstr/a%20b/index.html</loc>"));
        assert!(xml.contains("<loc>https://example.org/cstr/index.html</loc>"));
        assert!(!xml.contains("404") && !xml.contains("x.css"));
    }

    #[test]
    fn robots_defaults_to_allow_and_names_the_sitemap() {
        let text = robots("https://example.org/cstr/", None);
        assert!(text.contains("Allow: /") && text.contains("https://example.org/cstr/sitemap.xml"));
        assert!(robots("https://x", Some("disallow")).contains("Disallow: /"));
        assert_eq!(
            robots("https://x", Some("User-agent: *\nDisallow: /drafts/")),
            "User-agent: *\nDisallow: /drafts/\n"
        );
    }
}
