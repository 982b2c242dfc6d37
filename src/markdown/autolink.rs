//! GFM's extended autolinks: a bare `www.example.org/help`, `https://…` or
//! `team@example.org` in text becomes a link, as on GitHub. Never inside a
//! link, an image's text, code or raw HTML (code is already HTML by now).

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// The events with bare addresses in text turned into links. Adjacent text
/// events are joined first (the parser splits text at `_`, `*` and
/// entities, which URLs contain).
pub(crate) fn link_bare_urls(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    // Links, images and code blocks open (their text is never linked).
    let mut inside_link = 0usize;
    let mut pending: Option<CowStr<'_>> = None;
    for event in events {
        if let Event::Text(text) = event {
            if inside_link > 0 {
                out.push(Event::Text(text));
                continue;
            }
            pending = Some(match pending.take() {
                None => text,
                Some(before) => format!("{before}{text}").into(),
            });
            continue;
        }
        if let Some(text) = pending.take() {
            push_linked(text, &mut out);
        }
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                inside_link += 1
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                inside_link = inside_link.saturating_sub(1)
            }
            Event::InlineHtml(html) => match raw_inline_tag(html) {
                Some((false, name)) if NOT_LINKED_INSIDE.contains(&name.as_str()) => {
                    inside_link += 1
                }
                Some((true, name)) if NOT_LINKED_INSIDE.contains(&name.as_str()) => {
                    inside_link = inside_link.saturating_sub(1)
                }
                _ => {}
            },
            _ => {}
        }
        out.push(event);
    }
    if let Some(text) = pending {
        push_linked(text, &mut out);
    }
    out
}

/// Raw inline elements whose text is never linked: a link, or code.
const NOT_LINKED_INSIDE: [&str; 5] = ["a", "code", "kbd", "samp", "pre"];

/// Whether an inline HTML event is a closing tag, and its lower-case name.
fn raw_inline_tag(html: &str) -> Option<(bool, String)> {
    let rest = html.trim_start().strip_prefix('<')?;
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    (!name.is_empty()).then(|| (closing, name.to_ascii_lowercase()))
}

/// Pushes `text` as text and links.
fn push_linked<'a>(text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
    // Most text has no address: skip the finder.
    if !text.contains("www.") && !text.contains("://") && !text.contains('@') {
        out.push(Event::Text(text));
        return;
    }
    let mut finder = LinkFinder::new();
    finder.url_must_have_scheme(false);
    let mut last = 0;
    for link in finder.links(&text) {
        let Some(href) = href(link.as_str(), link.kind()) else {
            continue;
        };
        if link.start() > last {
            out.push(Event::Text(text[last..link.start()].to_string().into()));
        }
        out.push(Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: href.into(),
            title: "".into(),
            id: "".into(),
        }));
        out.push(Event::Text(link.as_str().to_string().into()));
        out.push(Event::End(TagEnd::Link));
        last = link.end();
    }
    if last == 0 {
        out.push(Event::Text(text));
    } else if last < text.len() {
        out.push(Event::Text(text[last..].to_string().into()));
    }
}

/// Where a found address links to, if GFM would link it: `www.` names (as
/// `http://`), `http(s)://` URLs and email addresses.
fn href(found: &str, kind: &LinkKind) -> Option<String> {
    let lower = found.to_ascii_lowercase();
    match kind {
        LinkKind::Email => Some(format!("mailto:{found}")),
        LinkKind::Url if lower.starts_with("http://") || lower.starts_with("https://") => {
            Some(found.to_string())
        }
        LinkKind::Url if lower.starts_with("www.") => Some(format!("http://{found}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Parser};

    fn render(md: &str) -> String {
        let events: Vec<Event> = Parser::new_ext(md, crate::markdown::options()).collect();
        let mut out = String::new();
        html::push_html(&mut out, link_bare_urls(events).into_iter());
        out
    }

    #[test]
    fn bare_addresses_become_links() {
        assert_eq!(
            render("See www.example.org/help_page for help."),
            "<p>See <a href=\"http://www.example.org/help_page\">www.example.org/help_page</a> for help.</p>\n"
        );
        assert_eq!(
            render("Visit https://example.org/a?b=1&c=2."),
            "<p>Visit <a href=\"https://example.org/a?b=1&amp;c=2\">https://example.org/a?b=1&amp;c=2</a>.</p>\n"
        );
        assert_eq!(
            render("Mail team@example.org today"),
            "<p>Mail <a href=\"mailto:team@example.org\">team@example.org</a> today</p>\n"
        );
    }

    #[test]
    fn not_in_code_links_or_plain_names() {
        let code = render("Run `curl https://example.org` now.");
        assert!(!code.contains("<a "), "{code}");
        let linked = render("[www.example.org](https://example.org)");
        assert_eq!(linked.matches("<a ").count(), 1, "{linked}");
        let raw = render("<a href=\"x\">www.example.org</a>");
        assert_eq!(raw.matches("<a ").count(), 1, "{raw}");
        let raw_code =
            render("Use <code>https://example.org</code> or <kbd>www.example.org</kbd>.");
        assert!(!raw_code.contains("<a "), "{raw_code}");
        let after = render("<code>x</code> then www.example.org");
        assert!(after.contains("href=\"http://www.example.org\""), "{after}");
        let plain = render("Version 1.2.3 of example.org and file:///etc/passwd");
        assert!(!plain.contains("<a "), "{plain}");
        let fenced = render("```\nhttps://example.org\n```\n");
        // Code blocks are already HTML when the renderer links, but even
        // from the parser their text is not linked.
        assert!(!fenced.contains("<a "), "{fenced}");
    }
}
