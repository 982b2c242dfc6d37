//! Markdown to HTML with pulldown-cmark.
//!
//! Rendering is an event filter over pulldown-cmark's parser: headings get
//! unique ids, links and images are rewritten from source paths to output
//! URLs (or reported, with file and line, when they do not resolve), fenced
//! code is highlighted, tables are wrapped so they scroll on a phone, and raw
//! HTML is sanitised. Headings are scanned in a first pass (`scan_headings`)
//! because a page's anchors must be known before any page links to them.
//! ```` ```check ```` blocks become knowledge checks (`check`), and glossary
//! abbreviations are marked on their first use on a page (`glossary_marks`).
//!
//! HTML that Waymark generates inside a page (embeds, checks, glossary
//! marks) goes through the renderer as a placeholder (`Slots`) and is put
//! back after sanitising, so a page's raw HTML never strips its inputs,
//! ARIA attributes or SVG.

mod autolink;
pub mod check;
mod destinations;
mod footnotes;
pub mod glossary_marks;
pub mod highlight;
pub mod mdbook;
pub mod raw_html;

use destinations::{is_remote, remote_image_warning, rewrite, rewrite_raw_urls};
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag,
    TagEnd,
};

use crate::diagnostics::{Diagnostic, Position};
// Shared with modules below markdown; kept at their old paths here.
pub use crate::html::escape_html;
pub use crate::slug;
pub use glossary_marks::{GlossaryMarks, GlossaryMatcher};
use highlight::Highlighter;
use slug::Slugger;

/// Most raw HTML tags a page may have (see `render`).
const MAX_RAW_HTML_TAGS: usize = 2_000;

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        // GitHub's alerts (`> [!NOTE]`); the option enables nothing else.
        | Options::ENABLE_GFM
}

/// A heading of a page, with its final id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    /// Byte offset of the heading in the body, for messages.
    #[serde(skip)]
    pub offset: usize,
}

/// Finds every heading and gives it its id: explicit `{#id}` ids are
/// reserved first, then automatic GitHub-style slugs fill in, in order.
pub fn scan_headings(body: &str) -> Vec<Heading> {
    let mut raw: Vec<(u8, Option<String>, String, usize)> = Vec::new();
    let mut current: Option<(u8, Option<String>, String, usize)> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    level_number(level),
                    id.map(|s| s.to_string()),
                    String::new(),
                    range.start,
                ));
            }
            Event::End(TagEnd::Heading(_)) => raw.extend(current.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, buf, _)) = current.as_mut() {
                    buf.push_str(&text);
                }
            }
            _ => {}
        }
    }
    let mut slugger = Slugger::new();
    for (_, id, _, _) in &raw {
        if let Some(id) = id {
            slugger.reserve(id);
        }
    }
    raw.into_iter()
        .map(|(level, id, text, offset)| {
            let id = id.unwrap_or_else(|| slugger.unique(&text));
            Heading {
                level,
                id,
                text: text.trim().to_string(),
                offset,
            }
        })
        .collect()
}

/// Duplicate explicit heading ids make anchors ambiguous: report them.
pub fn duplicate_ids(headings: &[Heading]) -> Vec<&Heading> {
    let mut seen = std::collections::HashSet::new();
    headings
        .iter()
        .filter(|h| !seen.insert(h.id.as_str()))
        .collect()
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Turns a link target as written into the URL to emit, or says why it
/// cannot.
pub trait LinkResolver {
    fn resolve(&self, href: &str) -> Result<String, LinkError>;

    /// The HTML for an embedded item, written as a fenced block whose
    /// language is the kind (`map`, `form`) and whose text is the item's id.
    /// `None` means this kind is not embeddable, so the block stays code.
    fn embed(&self, _kind: &str, _id: &str) -> Option<Result<String, LinkError>> {
        None
    }

    /// Glossary abbreviations to mark on their first use on this page, with
    /// the page's way to the glossary. `None` (the default) marks nothing.
    /// The marks remember what they have marked, so one value serves every
    /// piece of a page rendered in several calls.
    fn glossary(&self) -> Option<&GlossaryMarks<'_>> {
        None
    }
}

/// Generated HTML held out of the event stream: each piece goes in as an
/// empty `<span class="wm-slot-N">`, which the sanitiser keeps as it is,
/// and comes back in `fill`. An author can write such a span too, but it
/// can only bring back Waymark's own markup, never their own.
#[derive(Debug, Default)]
pub(crate) struct Slots(Vec<String>);

const SLOT_START: &str = "<span class=\"wm-slot-";
const SLOT_END: &str = "\"></span>";

impl Slots {
    fn push(&mut self, html: String) -> Event<'static> {
        let n = self.0.len();
        self.0.push(html);
        Event::Html(format!("{SLOT_START}{n}{SLOT_END}").into())
    }

    fn fill(&self, html: String) -> String {
        if self.0.is_empty() {
            return html;
        }
        let extra: usize = self.0.iter().map(String::len).sum();
        let mut out = String::with_capacity(html.len() + extra);
        let mut rest = html.as_str();
        while let Some(i) = rest.find(SLOT_START) {
            out.push_str(&rest[..i]);
            let after = &rest[i + SLOT_START.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let piece = after[..digits]
                .parse::<usize>()
                .ok()
                .filter(|_| after[digits..].starts_with(SLOT_END))
                .and_then(|n| self.0.get(n));
            match piece {
                Some(piece) => {
                    out.push_str(piece);
                    rest = &after[digits + SLOT_END.len()..];
                }
                None => {
                    out.push_str(SLOT_START);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError {
    pub message: String,
    pub hint: Option<String>,
}

/// Where a body sits, for positions in messages.
pub struct SourceRef<'a> {
    pub file: &'a str,
    pub body_line: usize,
    /// The body opens with the page's title as a heading, which the page's
    /// own `<h1>` already shows: it is left out, keeping its anchor.
    pub title_heading: bool,
}

pub struct Rendered {
    pub html: String,
    pub diagnostics: Vec<Diagnostic>,
    /// The page's text cut at its headings, for the search index.
    pub sections: Vec<SectionText>,
}

/// The plain text under one heading (or before the first, with an empty id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionText {
    pub id: String,
    pub title: String,
    pub text: String,
}

/// Cuts rendered events into sections at each heading, keeping plain text
/// only (code blocks are already HTML by then, and are left out on purpose:
/// their YAML examples would drown real matches). `extra` is text for the
/// index that the events only hold as HTML (a knowledge check's question),
/// by the index of the event it stands for.
fn section_texts(events: &[Event<'_>], extra: &[(usize, String)]) -> Vec<SectionText> {
    let mut sections = vec![SectionText::default()];
    let mut in_heading = false;
    let mut extra = extra.iter().peekable();
    for (i, event) in events.iter().enumerate() {
        let current = sections.last_mut().expect("never empty");
        while let Some((_, text)) = extra.next_if(|(at, _)| *at == i) {
            if !current.text.is_empty() && !current.text.ends_with(' ') {
                current.text.push(' ');
            }
            current.text.push_str(text);
            current.text.push(' ');
        }
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = true;
                sections.push(SectionText {
                    id: id.as_deref().unwrap_or("").to_string(),
                    ..SectionText::default()
                });
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) => {
                if in_heading {
                    current.title.push_str(t)
                } else {
                    current.text.push_str(t)
                }
            }
            // A table keeps its shape in the text (cells apart, rows as
            // sentences), so a search excerpt of it does not read as one
            // run of words.
            Event::End(TagEnd::TableCell) if !in_heading => {
                end_text(&mut current.text, ";");
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) if !in_heading => {
                end_text(&mut current.text, ".");
            }
            // Inline ends (emphasis, links…) add no space: "**court**." is
            // "court.", not "court .".
            Event::SoftBreak | Event::HardBreak | Event::End(_)
                if !in_heading && !current.text.ends_with(' ') && !ends_inline(event) =>
            {
                current.text.push(' ')
            }
            _ => {}
        }
    }
    sections.retain(|s| !s.id.is_empty() || !s.text.trim().is_empty());
    for s in &mut sections {
        s.title = s.title.trim().to_string();
        s.text = s.text.trim().to_string();
    }
    sections
}

/// True for the end of an inline element, which separates no words.
fn ends_inline(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::End(
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Superscript
                | TagEnd::Subscript
        )
    )
}

/// Ends a table cell or row in search text with `mark` (";" or "."), unless
/// the text already ends a sentence or clause.
fn end_text(text: &mut String, mark: &str) {
    let kept = text.trim_end().len();
    text.truncate(kept);
    if !text.is_empty() && !text.ends_with(['.', ';', ':', '?', '!']) {
        text.push_str(mark);
    } else if mark == "." && text.ends_with(';') {
        text.pop();
        text.push('.');
    }
    text.push(' ');
}

pub fn render(
    body: &str,
    source: &SourceRef<'_>,
    headings: &[Heading],
    links: &dyn LinkResolver,
    highlighter: &Highlighter,
) -> Rendered {
    let mut diagnostics = mdbook::unexpanded_includes(body, source.file, source.body_line);
    let mut heading_index = 0;
    let mut has_raw_html = false;
    let mut has_aligned_cells = false;
    let mut raw_html_tags = 0;
    let mut first_raw_html = 0;
    let mut code: Option<(String, String)> = None;
    let mut code_start = 0;
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut slots = Slots::default();
    let mut search_extra: Vec<(usize, String)> = Vec::new();
    // What the sanitiser will remove, each reported once per page.
    let mut removed: std::collections::HashSet<String> = std::collections::HashSet::new();
    let position = |offset: usize| Position::of_offset(body, offset, source.body_line);
    let mut footnotes = footnotes::Footnotes::default();
    let mut in_title_heading = false;
    let mut html_block: Option<std::ops::Range<usize>> = None;
    // A remote image being written as a link: where its text starts.
    let mut remote_image: Option<usize> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if in_title_heading {
            in_title_heading = !matches!(event, Event::End(TagEnd::Heading(_)));
            continue;
        }
        if let Some((_, buf)) = code.as_mut() {
            match event {
                Event::Text(text) => buf.push_str(&text),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = code.take().unwrap_or_default();
                    if lang.trim() == check::LANGUAGE {
                        let fence = position(code_start);
                        let (parsed, diags) = check::parse(&text, source.file, fence);
                        diagnostics.extend(diags);
                        if let Some(parsed) = parsed {
                            search_extra.push((events.len(), parsed.question.clone()));
                            events.push(slots.push(check::html(&parsed, fence.line)));
                        }
                        continue;
                    }
                    let html = match links.embed(lang.trim(), text.trim()) {
                        Some(Ok(html)) => slots.push(html),
                        Some(Err(err)) => {
                            let mut d =
                                Diagnostic::error(source.file, position(code_start), err.message);
                            if let Some(hint) = err.hint {
                                d = d.with_hint(hint);
                            }
                            diagnostics.push(d);
                            continue;
                        }
                        None => Event::Html(
                            highlighter
                                .code_block(&lang, &mdbook::visible_code(&lang, &text))
                                .into(),
                        ),
                    };
                    events.push(html);
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, classes, .. }) => {
                let id = headings
                    .get(heading_index)
                    .map(|h| h.id.clone())
                    .unwrap_or_default();
                heading_index += 1;
                if source.title_heading && heading_index == 1 && body[..range.start].trim().is_empty()
                {
                    // The page's <h1> shows this heading; links to it still land here.
                    in_title_heading = true;
                    events.push(slots.push(format!("<span id=\"{}\"></span>", escape_html(&id))));
                    continue;
                }
                // The page's title is its one <h1>: the body's start at <h2>.
                let level = level.max(HeadingLevel::H2);
                // Attributes such as `after=x` belong to site overlays, not to HTML.
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id.into()),
                    classes,
                    attrs: Vec::new(),
                }));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => lang.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
                code_start = range.start;
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if is_remote(&dest_url) => {
                // The site's CSP allows only its own images (it must work
                // with no connection), so a remote image would show as
                // broken: it becomes a link to the image, its text the alt
                // text (a badge reads "crates.io"), and a warning.
                diagnostics.push(remote_image_warning(source.file, position(range.start), &dest_url));
                remote_image = Some(events.len() + 1);
                events.push(Event::Start(Tag::Link {
                    link_type: pulldown_cmark::LinkType::Inline,
                    dest_url,
                    title,
                    id: CowStr::Borrowed(""),
                }));
            }
            Event::End(TagEnd::Image) if remote_image.is_some() => {
                if remote_image.take() == Some(events.len()) {
                    events.push(Event::Text("image".into()));
                }
                events.push(Event::End(TagEnd::Link));
            }
            // GitHub alerts become the design system's callouts: notes as
            // inset text, warnings as warning text, each labelled in words.
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = alert(kind);
                events.push(Event::Html(
                    format!("<div class=\"wm-alert {class}\" role=\"note\"><p class=\"wm-alert__label\">{label}</p>\n").into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                events.push(Event::Html("</div>\n".into()));
            }
            Event::End(TagEnd::Heading(level)) => {
                events.push(Event::End(TagEnd::Heading(level.max(HeadingLevel::H2))))
            }
            // `~~text~~` is struck out, not a tracked deletion: `<del>` is
            // the redline's, styled as removed text.
            Event::Start(Tag::Strikethrough) => events.push(Event::InlineHtml("<s>".into())),
            Event::End(TagEnd::Strikethrough) => events.push(Event::InlineHtml("</s>".into())),
            Event::FootnoteReference(name) => events.push(footnotes.reference(&name, &mut slots)),
            Event::Start(Tag::FootnoteDefinition(name)) => footnotes.start(&name, events.len()),
            Event::End(TagEnd::FootnoteDefinition) => footnotes.end(&mut events),
            // An email autolink (`<team@example.org>`) is not a page link:
            // the HTML writer adds `mailto:` itself.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => events.push(event),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                let tag = with_destination(tag, |dest| {
                    rewrite(&dest, links, &mut diagnostics, source.file, &|| position(range.start))
                });
                events.push(Event::Start(tag));
            }
            Event::Start(Tag::Table(alignments)) => {
                has_aligned_cells |= alignments
                    .iter()
                    .any(|a| *a != pulldown_cmark::Alignment::None);
                events.push(Event::Html("<div class=\"wm-table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table (scrolls sideways)\">\n".into()));
                events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>\n".into()));
            }
            // A disabled checkbox with no label fails WCAG; a marker with
            // words says the same to everyone.
            Event::TaskListMarker(done) => events.push(Event::Html(
                if done {
                    "<span class=\"wm-task wm-task--done\"><span class=\"wm-visually-hidden\">Done: </span></span>"
                } else {
                    "<span class=\"wm-task\"><span class=\"wm-visually-hidden\">To do: </span></span>"
                }
                .into(),
            )),
            Event::Start(Tag::HtmlBlock) => {
                html_block = Some(range.clone());
                events.push(event);
            }
            Event::End(TagEnd::HtmlBlock) => {
                html_block = None;
                events.push(event);
            }
            Event::Html(ref raw) | Event::InlineHtml(ref raw) => {
                // A block of HTML comes line by line: whether an element is
                // closed is a question about the whole block.
                let unclosed = match &html_block {
                    Some(block) => body.get(block.clone()).and_then(unclosed_raw_text),
                    None => unclosed_raw_text(raw),
                };
                if let Some(name) = unclosed {
                    if unclosed_raw_text(raw).is_none() {
                        // A later line of a block already reported.
                        events.push(Event::Text(raw.clone()));
                        continue;
                    }
                    // Mentioned, not used: an unclosed <style> or <title>
                    // would make the browser (and the sanitiser) read the
                    // rest of the page as its text and drop it.
                    diagnostics.push(
                        Diagnostic::warning(
                            source.file,
                            position(range.start),
                            format!("`<{name}>` is never closed, so it is shown as text"),
                        )
                        .with_hint(format!(
                            "to write a tag's name, put it in backticks: `<{name}>`"
                        )),
                    );
                    events.push(Event::Text(raw.clone()));
                    continue;
                }
                let rewritten = rewrite_raw_urls(raw, links, &mut diagnostics, source.file, &|at| {
                    // Block HTML is handed over as written, so the value's
                    // own column can be given; otherwise the block's start.
                    let exact = body.get(range.start..).is_some_and(|b| b.starts_with(raw.as_ref()));
                    position(if exact { range.start + at } else { range.start })
                });
                if !has_raw_html {
                    first_raw_html = range.start;
                }
                has_raw_html = true;
                raw_html_tags += raw.matches('<').count();
                for what in raw_html::removals(raw) {
                    if removed.insert(what.clone()) {
                        diagnostics.push(
                            Diagnostic::warning(
                                source.file,
                                position(range.start),
                                format!("removed from the page: {what}"),
                            )
                            .with_hint(removal_hint(&what)),
                        );
                    }
                }
                events.push(match (rewritten, event) {
                    (Some(html), Event::Html(_)) => Event::Html(html.into()),
                    (Some(html), _) => Event::InlineHtml(html.into()),
                    (None, event) => event,
                });
            }
            other => events.push(other),
        }
    }

    footnotes.finish(&mut events, &mut slots);
    let mut events = autolink::link_bare_urls(events);
    let sections = section_texts(&events, &search_extra);
    if let Some(marks) = links.glossary() {
        events = marks.mark(events, &mut slots);
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if has_aligned_cells {
        // pulldown-cmark aligns cells with style attributes, which the
        // pages' CSP forbids; classes do the same job. Text never contains
        // this exact attribute because quotes in text are escaped.
        for side in ["left", "center", "right"] {
            html = html.replace(
                &format!(" style=\"text-align: {side}\""),
                &format!(" class=\"wm-align-{side}\""),
            );
        }
    }
    if raw_html_tags > MAX_RAW_HTML_TAGS {
        // Sanitising cost grows faster than linearly with nesting; refuse
        // rather than stall the build on a hostile or pasted-in page.
        diagnostics.push(
            Diagnostic::error(
                source.file,
                position(first_raw_html),
                format!(
                    "the page has {raw_html_tags} raw HTML tags; the limit is {MAX_RAW_HTML_TAGS}"
                ),
            )
            .with_hint("write the content in Markdown, or split the page"),
        );
        html = escape_html(&slots.fill(html));
    } else if has_raw_html {
        html = slots.fill(sanitise(&html));
    } else {
        html = slots.fill(html);
    }
    Rendered {
        html,
        diagnostics,
        sections,
    }
}

/// The class and label of a GitHub alert.
fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("wm-inset-text", "Note"),
        BlockQuoteKind::Tip => ("wm-inset-text", "Tip"),
        BlockQuoteKind::Important => ("wm-inset-text wm-alert--important", "Important"),
        BlockQuoteKind::Warning => ("wm-warning-text", "Warning"),
        BlockQuoteKind::Caution => ("wm-warning-text", "Caution"),
    }
}

/// A link or image with its destination replaced; other tags unchanged.
fn with_destination<'a>(tag: Tag<'a>, f: impl FnOnce(CowStr<'a>) -> CowStr<'a>) -> Tag<'a> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type,
            dest_url: f(dest_url),
            title,
            id,
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type,
            dest_url: f(dest_url),
            title,
            id,
        },
        other => other,
    }
}

/// Removes scripts, event handlers and other active content from HTML
/// written in Markdown, keeping the markup Waymark itself generates. What
/// it removes was reported as it was met (`raw_html::removals`).
fn sanitise(html: &str) -> String {
    raw_html::policy().clean(html).to_string()
}

/// The first raw-text element (`<style>`, `<title>`, `<script>`…) that
/// `raw` opens and does not close, if any.
fn unclosed_raw_text(raw: &str) -> Option<String> {
    let tags = raw_html::tags(raw);
    tags.iter()
        .filter(|t| !t.closing && raw_html::is_raw_text(&t.name))
        .find(|open| !tags.iter().any(|t| t.closing && t.name == open.name))
        .map(|t| t.name.clone())
}

/// How to keep what the sanitiser removes, by what it is.
fn removal_hint(what: &str) -> String {
    if what.contains("`style`") || what.contains("<style>") {
        "the site's security policy allows no inline styles: use a class, with the rule in the theme's stylesheet (themes/<name>/static/)".into()
    } else if what.contains("<script>") || what.contains("`on") {
        "content cannot run scripts; a theme can add its own script files".into()
    } else if what.contains("<object>") || what.contains("<embed>") {
        "an image in one (`data=\"overview.svg\"`) can be shown as an image: `![what it shows](overview.svg)`; an embedded page needs a connection and is blocked by the site's security policy: link to it instead".into()
    } else if what.contains("<iframe>") {
        "embedded pages need a connection and are blocked by the site's security policy: link to the page instead".into()
    } else {
        "write it in Markdown, or leave it out".into()
    }
}

/// The plain text of a Markdown fragment (for summaries and search).
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !out.ends_with(' ') => {
                out.push(' ')
            }
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn resolve(&self, href: &str) -> Result<String, LinkError> {
            if href.contains("missing") {
                Err(LinkError {
                    message: format!("no page `{href}`"),
                    hint: None,
                })
            } else {
                Ok(href.replace(".md", ".html"))
            }
        }
    }

    fn render_str(body: &str) -> Rendered {
        let headings = scan_headings(body);
        render(
            body,
            &SourceRef {
                file: "content/a.md",
                body_line: 5,
                title_heading: false,
            },
            &headings,
            &NoLinks,
            &Highlighter::new(),
        )
    }

    #[test]
    fn search_text_has_no_space_before_punctuation_and_keeps_table_shape() {
        let r = render_str(
            "Ask the **court**, then [the clinician](b.md).\n\n| Order | Longest |\n|---|---|\n| Community order | 3 years |\n| SSO | 2 years. |\n",
        );
        assert_eq!(
            r.sections[0].text,
            "Ask the court, then the clinician. Order; Longest. Community order; 3 years. SSO; 2 years."
        );
    }

    #[test]
    fn headings_get_explicit_then_automatic_ids() {
        let h = scan_headings("## Notes\n\n## Other {#notes}\n\n## Notes\n");
        let ids: Vec<_> = h.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["notes-1", "notes", "notes-2"]);
    }

    #[test]
    fn overlay_attributes_are_not_emitted() {
        let r = render_str("## Remote {#remote after=treatment}\n");
        assert!(r.html.contains("<h2 id=\"remote\">"), "{}", r.html);
        assert!(!r.html.contains("after"));
    }

    #[test]
    fn broken_links_report_their_line() {
        let r = render_str("Text\n\nSee [x](missing.md).\n");
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].position, Position::new(7, 5));
    }

    #[test]
    fn raw_html_is_sanitised() {
        let r = render_str("<script>alert(1)</script>\n\n<p onclick=\"x()\">hi</p>\n");
        assert!(!r.html.contains("<script"));
        assert!(!r.html.contains("onclick"));
        assert!(r.html.contains("hi"));
    }

    #[test]
    fn tables_scroll_in_a_focusable_region() {
        let r = render_str("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(r.html.contains("class=\"wm-table-wrap\" tabindex=\"0\""));
    }

    #[test]
    fn plain_text_strips_markup() {
        assert_eq!(
            plain_text("**Bold** and `code`\n\n- item"),
            "Bold and code item"
        );
    }
}

#[cfg(test)]
mod render_tests;
