//! A Markdown body cut into sections at its top-level headings.
//!
//! Both sides of an overlay are read the same way, with pulldown-cmark and
//! the renderer's own options, so "a heading" means exactly what the renderer
//! thinks it is: lines in fenced code or HTML blocks are not headings, setext
//! headings are, and the `{#id key=value bare}` attribute block is parsed by
//! the same code that will later strip it from the page. Only headings at the
//! top level of the document cut sections (one inside a block quote or list
//! item cannot start a section without tearing its container apart); their
//! ids come from `markdown::scan_headings`, so automatic slugs agree with the
//! anchors the rendered page has.

use std::collections::HashMap;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::markdown::{options, scan_headings};

/// One top-level heading and the text it governs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section {
    pub level: u8,
    /// The heading's id on the rendered page: explicit `{#id}` or its slug.
    pub id: String,
    /// Whether the id was written as `{#id}`.
    pub explicit: bool,
    pub classes: Vec<String>,
    /// Attributes other than `#id` and `.class`, as written (`after=x`, `remove`).
    pub attrs: Vec<(String, Option<String>)>,
    /// Plain text of the title.
    pub title: String,
    /// The title's Markdown source on one line, attribute block left out.
    pub title_source: String,
    /// Byte offset where the heading starts.
    pub start: usize,
    /// Byte offset just after the heading (after its newline).
    pub heading_end: usize,
    /// Where the next top-level heading of any level starts.
    pub end: usize,
    /// Where the next top-level heading of the same or a higher level starts.
    pub subtree_end: usize,
    /// The nearest earlier section of a higher level, if any.
    pub parent: Option<usize>,
}

impl Section {
    /// The heading written back as an ATX line: `## Title {#id .class key=value}`.
    /// The overlay directives `after=` and `remove` are dropped.
    pub fn normalised_heading(&self, level: u8) -> String {
        let mut line = "#".repeat(usize::from(level.clamp(1, 6)));
        if !self.title_source.is_empty() {
            line.push(' ');
            line.push_str(&self.title_source);
        }
        line.push_str(" {#");
        line.push_str(&self.id);
        for class in &self.classes {
            line.push_str(" .");
            line.push_str(class);
        }
        for (key, value) in &self.attrs {
            if key == "after" || key == "remove" {
                continue;
            }
            line.push(' ');
            line.push_str(key);
            if let Some(value) = value {
                line.push('=');
                line.push_str(value);
            }
        }
        line.push('}');
        line
    }
}

/// A body's text before its first heading, then its top-level sections.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outline {
    pub intro_end: usize,
    pub sections: Vec<Section>,
}

impl Outline {
    pub fn read(body: &str) -> Self {
        let ids: HashMap<usize, String> = scan_headings(body)
            .into_iter()
            .map(|h| (h.offset, h.id))
            .collect();
        let mut sections: Vec<Section> = Vec::new();
        let mut depth = 0usize;
        let mut current: Option<(Section, Option<(usize, usize)>)> = None;
        for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) if depth == 0 => {
                    depth += 1;
                    let explicit = id.is_some();
                    let id = ids
                        .get(&range.start)
                        .cloned()
                        .or_else(|| id.map(|s| s.to_string()))
                        .unwrap_or_default();
                    let section = Section {
                        level: level as u8,
                        id,
                        explicit,
                        classes: classes.iter().map(|c| c.to_string()).collect(),
                        attrs: attrs
                            .iter()
                            .map(|(k, v)| (k.to_string(), v.as_ref().map(|v| v.to_string())))
                            .collect(),
                        title: String::new(),
                        title_source: String::new(),
                        start: range.start,
                        heading_end: range.end,
                        end: body.len(),
                        subtree_end: body.len(),
                        parent: None,
                    };
                    current = Some((section, None));
                }
                Event::Start(_) => depth += 1,
                Event::End(end) => {
                    depth = depth.saturating_sub(1);
                    if let (TagEnd::Heading(_), 0) = (end, depth) {
                        if let Some((mut section, inner)) = current.take() {
                            section.heading_end = range.end;
                            if let Some((from, to)) = inner {
                                section.title_source = one_line(body.get(from..to).unwrap_or(""));
                            }
                            section.title = section.title.trim().to_string();
                            sections.push(section);
                        }
                    }
                }
                Event::Text(text) | Event::Code(text) => {
                    if let Some((section, _)) = current.as_mut() {
                        section.title.push_str(&text);
                    }
                }
                _ => {}
            }
            // Every event inside a heading widens the title's source range.
            if let Some((section, inner)) = current.as_mut() {
                if range.start > section.start || range.end < section.heading_end {
                    let (from, to) = inner.get_or_insert((range.start, range.end));
                    *from = (*from).min(range.start);
                    *to = (*to).max(range.end);
                }
            }
        }
        link_sections(&mut sections, body.len());
        let intro_end = sections.first().map_or(body.len(), |s| s.start);
        Self {
            intro_end,
            sections,
        }
    }

    /// Index of the section with this id, first one if ids repeat.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.id == id)
    }

    /// The last section inside `index`'s subtree (itself if it has no children).
    pub fn last_in_subtree(&self, index: usize) -> usize {
        let Some(section) = self.sections.get(index) else {
            return index;
        };
        self.sections
            .iter()
            .rposition(|s| s.start < section.subtree_end)
            .unwrap_or(index)
            .max(index)
    }
}

/// Fills in `end`, `subtree_end` and `parent` from the headings' order and levels.
fn link_sections(sections: &mut [Section], len: usize) {
    let starts: Vec<usize> = sections.iter().map(|s| s.start).collect();
    let mut open: Vec<usize> = Vec::new();
    for i in 0..sections.len() {
        let level = sections[i].level;
        sections[i].end = starts.get(i + 1).copied().unwrap_or(len);
        while let Some(&top) = open.last() {
            if sections[top].level >= level {
                sections[top].subtree_end = sections[i].start;
                open.pop();
            } else {
                break;
            }
        }
        sections[i].parent = open.last().copied();
        open.push(i);
    }
}

/// Folds a (setext, possibly multi-line) title onto one line.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Drops blank lines at both ends, keeping the indentation of the first line.
pub(crate) fn trim_blank_lines(text: &str) -> &str {
    let text = text.trim_end();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            start += line.len();
        } else {
            break;
        }
    }
    text.get(start..).unwrap_or("")
}

/// Text with every run of whitespace made one space, for comparisons that
/// should not notice re-wrapping.
pub(crate) fn normalise_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The closing fence for a fenced code block that `text` leaves open at its
/// end, if any. A site's last section may end inside one (its file simply
/// ends); in the merged page, text placed after it would otherwise be
/// swallowed as code.
pub(crate) fn open_fence(text: &str) -> Option<String> {
    let mut depth = 0usize;
    let mut last = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) if depth == 0 => {
                last = Some(range);
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let range = last?;
    // Anything after the block means it was closed: an open fence runs on.
    if !text.get(range.end..)?.trim().is_empty() {
        return None;
    }
    let block = text.get(range)?;
    let opening = block.trim_start_matches(' ');
    let fence_char = opening.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let width = opening.chars().take_while(|c| *c == fence_char).count();
    let mut lines = block.trim_end().lines();
    lines.next();
    let closed = lines.last().is_some_and(|l| {
        let l = l.trim();
        l.chars().all(|c| c == fence_char) && l.chars().count() >= width
    });
    (!closed).then(|| fence_char.to_string().repeat(width))
}
