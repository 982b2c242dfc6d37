//! Authors' raw HTML: what the sanitiser will remove (so it can be a
//! located warning instead of a silent loss), which tags must be shown as
//! text, and which ids it adds to the page as anchors.
//!
//! The sanitiser is ammonia with one policy ([`policy`]); this module reads
//! the same policy, so a warning is given exactly when something is removed.
//! Tags are found with a small scanner rather than an HTML parser: pulldown-
//! cmark already hands raw HTML over tag by tag (inline) or block by block,
//! and the scanner only needs names and attribute names.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The one sanitising policy (see `super::sanitise`).
pub(crate) fn policy() -> &'static ammonia::Builder<'static> {
    static POLICY: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    POLICY.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes([
            "class",
            "id",
            "role",
            "tabindex",
            "aria-label",
            "aria-hidden",
            "lang",
        ])
        .add_tags(["abbr"])
        .add_tag_attributes("ol", ["start"])
        .link_rel(None);
        b
    })
}

/// What the policy allows, read once from it.
struct Allowed {
    tags: HashSet<&'static str>,
    generic: HashSet<&'static str>,
    per_tag: HashMap<&'static str, HashSet<&'static str>>,
}

fn allowed() -> &'static Allowed {
    static ALLOWED: OnceLock<Allowed> = OnceLock::new();
    ALLOWED.get_or_init(|| {
        let p = policy();
        Allowed {
            tags: p.clone_tags(),
            generic: p.clone_generic_attributes(),
            per_tag: p.clone_tag_attributes(),
        }
    })
}

/// Elements whose content the HTML parser reads as raw text up to the
/// closing tag: an unclosed one (an author merely *mentioning* `<style>` in
/// a sentence) swallows the rest of the page.
const RAW_TEXT: [&str; 10] = [
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// One start or end tag found in raw HTML.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RawTag {
    /// Lower-case name.
    pub name: String,
    pub closing: bool,
    /// Lower-case attribute names, with their values where given.
    pub attributes: Vec<(String, Option<String>)>,
    /// Where each attribute's value sits in the scanned text (byte range).
    pub value_spans: Vec<Option<(usize, usize)>>,
    /// Where each attribute's name sits in the scanned text (byte range).
    pub name_spans: Vec<(usize, usize)>,
    /// The whole tag, `<` to `>`, in the scanned text (byte range).
    pub span: (usize, usize),
}

/// The tags in `html`, in order (comments, doctypes and text skipped).
pub(crate) fn tags(html: &str) -> Vec<RawTag> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(rel) = html[i..].find('<') {
        let start = i + rel + 1;
        i = start;
        if html[start..].starts_with("!--") {
            i = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let name_len = html[name_start..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let (found, end) = attributes(html, name_start + name_len);
        i = end;
        let mut attributes = Vec::with_capacity(found.len());
        let mut value_spans = Vec::with_capacity(found.len());
        let mut name_spans = Vec::with_capacity(found.len());
        for (attr, value, span, name_span) in found {
            attributes.push((attr, value));
            value_spans.push(span);
            name_spans.push(name_span);
        }
        out.push(RawTag {
            name,
            closing,
            attributes,
            value_spans,
            name_spans,
            span: (start - 1, end),
        });
    }
    out
}

/// An attribute: its name, its value, where the value is and where the name is.
type Attribute = (
    String,
    Option<String>,
    Option<(usize, usize)>,
    (usize, usize),
);

/// Attributes from `at` up to the tag's `>`; and where scanning stopped.
fn attributes(html: &str, mut at: usize) -> (Vec<Attribute>, usize) {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() || bytes[at] == b'>' || bytes[at] == b'<' {
            return (out, (at + 1).min(bytes.len()));
        }
        let name_end = html[at..]
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/' | '<'))
            .map_or(bytes.len(), |e| at + e);
        let name = html[at..name_end].to_ascii_lowercase();
        let name_span = (at, name_end);
        at = name_end;
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut value = None;
        let mut span = None;
        if bytes.get(at) == Some(&b'=') {
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let (start, end, next) = match bytes.get(at) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[at + 1..]
                        .find(char::from(q))
                        .map_or(bytes.len(), |e| at + 1 + e);
                    ((at + 1).min(end), end, (end + 1).min(bytes.len()))
                }
                _ => {
                    let end = html[at..]
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .map_or(bytes.len(), |e| at + e);
                    (at, end, end)
                }
            };
            value = Some(html[start..end].to_string());
            span = Some((start, end));
            at = next;
        }
        if !name.is_empty() {
            out.push((name, value, span, name_span));
        }
    }
}

/// True for a tag whose unclosed mention would swallow the page.
pub(crate) fn is_raw_text(name: &str) -> bool {
    RAW_TEXT.contains(&name)
}

/// What the sanitiser removes from `html`, in words, one entry per tag or
/// attribute (in order, without repeats).
pub(crate) fn removals(html: &str) -> Vec<String> {
    let allowed = allowed();
    let mut out: Vec<String> = Vec::new();
    let mut note = |what: String| {
        if !out.contains(&what) {
            out.push(what);
        }
    };
    for tag in tags(html) {
        if !allowed.tags.contains(tag.name.as_str()) {
            if !tag.closing {
                note(
                    if is_raw_text(&tag.name) || tag.name == "object" || tag.name == "embed" {
                        format!("the <{}> element and its content", tag.name)
                    } else {
                        format!("the <{}> tag (its text is kept)", tag.name)
                    },
                );
            }
            continue;
        }
        let anchor = name_anchor(&tag);
        for (i, (attr, _)) in tag.attributes.iter().enumerate() {
            let ok = anchor == Some(i)
                || allowed.generic.contains(attr.as_str())
                || allowed
                    .per_tag
                    .get(tag.name.as_str())
                    .is_some_and(|a| a.contains(attr.as_str()));
            if !ok {
                note(format!("the `{attr}` attribute of <{}>", tag.name));
            }
        }
    }
    out
}

/// The attributes of raw HTML that link to or load another file, by tag.
const URL_ATTRIBUTES: [(&str, &str); 8] = [
    ("a", "href"),
    ("area", "href"),
    ("img", "src"),
    ("source", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
];

/// A URL written in raw HTML that Waymark must check and rewrite like a
/// Markdown link.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RawUrl {
    pub tag: String,
    pub value: String,
    /// Byte range of the value in the scanned text.
    pub span: (usize, usize),
    /// Byte range of the attribute's name.
    pub name_span: (usize, usize),
    /// Byte range of the whole tag.
    pub tag_span: (usize, usize),
    /// The tag's `alt` text, if it has one.
    pub alt: Option<String>,
}

impl RawUrl {
    /// A file the page shows (an image, a video), not a link to follow.
    pub fn is_embedded(&self) -> bool {
        !matches!(self.tag.as_str(), "a" | "area")
    }
}

/// The link and media URLs of raw HTML (`<a href>`, `<img src>`…), in order.
pub(crate) fn urls(html: &str) -> Vec<RawUrl> {
    if !html.contains("href") && !html.contains("src") && !html.contains("poster") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for tag in tags(html).into_iter().filter(|t| !t.closing) {
        let spans = tag.value_spans.iter().zip(&tag.name_spans);
        for ((attr, value), (span, name_span)) in tag.attributes.iter().zip(spans) {
            let wanted = URL_ATTRIBUTES.contains(&(tag.name.as_str(), attr.as_str()));
            if let (true, Some(value), Some(span)) = (wanted, value, span) {
                out.push(RawUrl {
                    tag: tag.name.clone(),
                    value: value.clone(),
                    span: *span,
                    name_span: *name_span,
                    tag_span: tag.span,
                    alt: tag
                        .attributes
                        .iter()
                        .find(|(n, _)| n == "alt")
                        .and_then(|(_, v)| v.clone()),
                });
            }
        }
    }
    out
}

/// Ids that raw HTML in `body` gives the page (`<a id="x">`, `<div id=x>`,
/// and the older `<a name="x">`, which becomes `<a id="x">`): anchors links
/// may point to, as the sanitiser keeps `id`.
pub fn ids(body: &str) -> Vec<String> {
    // Most pages have none: skip the scan.
    let lower = body.to_ascii_lowercase();
    if !lower.contains("id=") && !lower.contains("name=") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for tag in tags(body).into_iter().filter(|t| !t.closing) {
        let anchor = name_anchor(&tag);
        for (i, (name, value)) in tag.attributes.into_iter().enumerate() {
            let is_id = name == "id" || anchor == Some(i);
            if let (true, Some(value)) = (is_id, value.filter(|v| !v.is_empty())) {
                out.push(value);
            }
        }
    }
    out
}

/// The index of an `<a>` tag's `name` attribute when it is the tag's anchor:
/// the old way to write one (`<a name="md001"></a>`, still common in
/// documentation and still a link target in browsers and on GitHub). The
/// sanitiser would drop `name`, so Waymark writes it as `id` instead
/// ([`name_anchor_spans`]); with an `id` beside it, `name` adds nothing.
fn name_anchor(tag: &RawTag) -> Option<usize> {
    if tag.name != "a" || tag.closing || tag.attributes.iter().any(|(n, _)| n == "id") {
        return None;
    }
    tag.attributes
        .iter()
        .position(|(n, v)| n == "name" && v.as_deref().is_some_and(|v| !v.is_empty()))
}

/// Where the word `name` of each anchor-naming `<a name="x">` sits in
/// `html` (byte ranges), to be written as `id`.
pub(crate) fn name_anchor_spans(html: &str) -> Vec<(usize, usize)> {
    if !html.to_ascii_lowercase().contains("name=") {
        return Vec::new();
    }
    tags(html)
        .iter()
        .filter_map(|t| name_anchor(t).map(|i| t.name_spans[i]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_and_attributes() {
        let t = tags("<a id=\"x\" href='y.md' data-k=v>t</a><!-- <b> --><br/>");
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].name, "a");
        assert_eq!(
            t[0].attributes,
            [
                ("id".to_string(), Some("x".to_string())),
                ("href".to_string(), Some("y.md".to_string())),
                ("data-k".to_string(), Some("v".to_string()))
            ]
        );
        assert!(t[1].closing);
        assert_eq!(t[2].name, "br");
    }

    #[test]
    fn finds_link_and_media_urls_with_their_place() {
        let html = "<a id=x href=\"bom.md#parts\">t</a> <img alt='' src='img/a.png'> <div src=x>";
        let found = urls(html);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].value, "bom.md#parts");
        assert_eq!(&html[found[0].span.0..found[0].span.1], "bom.md#parts");
        assert!(!found[0].is_embedded());
        assert_eq!(&html[found[1].span.0..found[1].span.1], "img/a.png");
        assert!(found[1].is_embedded());
    }

    #[test]
    fn removals_follow_the_policy() {
        assert!(removals("<a id=\"x\" href=\"y\">t</a>").is_empty());
        assert_eq!(
            removals("<img src=a.png style=\"width: 30%\" onclick=x()>"),
            [
                "the `style` attribute of <img>",
                "the `onclick` attribute of <img>"
            ]
        );
        assert_eq!(
            removals("<style>p{}</style>"),
            ["the <style> element and its content"]
        );
        assert_eq!(
            removals("<marquee>x</marquee>"),
            ["the <marquee> tag (its text is kept)"]
        );
    }

    #[test]
    fn ids_of_raw_html_are_anchors() {
        assert_eq!(
            ids("Text <a id=\"install\"></a>\n\n<div id=cfg class=x>y</div>"),
            ["install", "cfg"]
        );
        assert!(ids("no html here; valid=yes").is_empty());
    }

    #[test]
    fn an_a_name_is_an_anchor_written_as_an_id() {
        let html = "<a name=\"md001\"></a> <a id=x name=y>t</a> <input name=q>";
        assert_eq!(ids(html), ["md001", "x"]);
        let spans = name_anchor_spans(html);
        assert_eq!(spans.len(), 1);
        assert_eq!(&html[spans[0].0..spans[0].1], "name");
        assert!(removals("<a name=\"md001\"></a>").is_empty());
        assert_eq!(
            removals("<a id=x name=y>t</a>"),
            ["the `name` attribute of <a>"]
        );
    }
}
