//! Where links and images lead: a destination put through the page's
//! `LinkResolver` (reported where it does not resolve), the same for the
//! URLs of raw HTML, and images on other websites, which a page never loads.

use pulldown_cmark::CowStr;

use super::{escape_html, raw_html, LinkResolver};
use crate::diagnostics::{Diagnostic, Position};

/// The warning for an image (or other media) on another website, which a
/// page shows as its alt text or as a link instead.
pub(super) fn remote_image_warning(file: &str, at: Position, url: &str) -> Diagnostic {
    Diagnostic::warning(
        file,
        at,
        format!("the image {url} is on another website, which the site never loads (it must work offline and its security policy allows only its own files): its alt text is shown instead"),
    )
    .with_hint("to show it, save the file into content/ (e.g. content/images/) and link to that file")
}

/// An address on another website (or protocol-relative, `//host/x`).
pub(super) fn is_remote(dest: &str) -> bool {
    let lower = dest.trim_start().to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//")
}

pub(super) fn rewrite<'a>(
    href: &CowStr<'a>,
    links: &dyn LinkResolver,
    diagnostics: &mut Vec<Diagnostic>,
    file: &str,
    // Computing a position scans the body, so only do it for a broken link.
    position: &dyn Fn() -> Position,
) -> CowStr<'a> {
    match links.resolve(href) {
        Ok(url) => url.into(),
        Err(err) => {
            let mut d = Diagnostic::error(file, position(), err.message);
            if let Some(hint) = err.hint {
                d = d.with_hint(hint);
            }
            diagnostics.push(d);
            href.clone()
        }
    }
}

/// Raw HTML with its link and media URLs (`<a href>`, `<img src>`…) put
/// through the same resolver as Markdown links: rewritten to output URLs,
/// and reported where they do not resolve; and `<a name="x">` anchors
/// written as `<a id="x">`, which the sanitiser keeps. `None` when nothing
/// changed. `position` takes an offset into `raw`.
pub(super) fn rewrite_raw_urls(
    raw: &str,
    links: &dyn LinkResolver,
    diagnostics: &mut Vec<Diagnostic>,
    file: &str,
    position: &dyn Fn(usize) -> Position,
) -> Option<String> {
    let urls = raw_html::urls(raw);
    let mut edits: Vec<(usize, usize, String)> = raw_html::name_anchor_spans(raw)
        .into_iter()
        .map(|(start, end)| (start, end, "id".to_string()))
        .collect();
    for url in urls {
        let (start, end) = url.span;
        let value = url.value.replace("&amp;", "&");
        let resolved = if url.is_embedded() && is_remote(&value) {
            // Loading it would break the offline promise and the CSP: the
            // tag gives way to its alt text (inside its link, for a badge).
            diagnostics.push(remote_image_warning(file, position(start), &value));
            let alt = url.alt.as_deref().unwrap_or("").replace("&amp;", "&");
            edits.push((url.tag_span.0, url.tag_span.1, escape_html(&alt)));
            continue;
        } else {
            rewrite(
                &CowStr::from(value.clone()),
                links,
                diagnostics,
                file,
                &|| position(start),
            )
        };
        if *resolved != *value {
            edits.push((start, end, escape_html(&resolved)));
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|(start, _, _)| *start);
    let mut out = String::with_capacity(raw.len());
    let mut last = 0;
    for (start, end, replacement) in edits {
        // A tag already replaced whole (a remote image) takes its
        // attributes' edits with it.
        if start < last {
            continue;
        }
        out.push_str(&raw[last..start]);
        out.push_str(&replacement);
        last = end;
    }
    out.push_str(&raw[last..]);
    Some(out)
}
