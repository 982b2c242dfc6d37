//! Splitting a Markdown document into sections and blocks.
//!
//! Readers think of a protocol document as a list of sections ("Assessment",
//! "Consent"), and steering groups ask "what changed in each section?". So the
//! diff works on sections first and on Markdown blocks within them, never on
//! rendered HTML: HTML carries markup noise (attributes, wrapping) that would
//! show up as spurious changes.
//!
//! Sections start at every `h2`–`h6` heading. A level-1 heading does not start
//! a section (in a Waymark page the title comes from front matter, so an `h1`
//! in the body is ordinary content); it stays a [`BlockKind::Heading`] block.
//! Every heading still takes part in id assignment, in document order, so the
//! ids here are the ones the rendered page uses for its anchors.
//!
//! Each block keeps its Markdown source (to tell formatting-only edits apart)
//! and a plain-text form for word diffing: one line per list item or table
//! row, so a redline stays readable.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};

use super::shape::ShapeBuilder;
use super::text::TextBuilder;
use super::{Block, BlockKind, Section, Shape};

/// A block's plain text and its shape are gathered in one walk.
type Builders = (TextBuilder, ShapeBuilder);
use crate::slug::Slugger;

/// The Markdown extensions Waymark documents are written with.
pub(crate) fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A top-level block before ids are assigned.
struct RawBlock {
    block: Block,
    /// For headings: the explicit `{#id}`, if any.
    explicit_id: Option<String>,
}

/// Splits a document into sections at every `h2`–`h6` heading.
///
/// Text before the first such heading becomes a section with id `""` and an
/// empty title; it is left out when there is no such text, so an empty
/// document has no sections at all. Ids are the explicit `{#id}` attribute
/// when present (other heading attributes are ignored) or a GitHub-style
/// unique slug. All explicit ids are reserved before any automatic id is
/// handed out; a repeated explicit id keeps its first use and later uses get
/// a numbered variant, so section ids are always unique within a document.
pub fn split_sections(markdown: &str) -> Vec<Section> {
    let raw = parse_blocks(markdown);

    // Reserve every explicit id first so automatic slugs never take them.
    let mut slugger = Slugger::new();
    let mut first_use: Vec<bool> = Vec::with_capacity(raw.len());
    for rb in &raw {
        first_use.push(match &rb.explicit_id {
            Some(id) => slugger.reserve(id),
            None => false,
        });
    }

    let mut sections = Vec::new();
    let mut current = Section {
        id: String::new(),
        title: String::new(),
        level: 0,
        blocks: Vec::new(),
    };
    for (rb, first) in raw.into_iter().zip(first_use) {
        let BlockKind::Heading(level) = rb.block.kind else {
            current.blocks.push(rb.block);
            continue;
        };
        let id = match rb.explicit_id {
            Some(id) if first => id,
            Some(id) => slugger.unique(&id),
            None => slugger.unique(&rb.block.text),
        };
        if level < 2 {
            // An h1 is content, but it still consumed its id above.
            current.blocks.push(rb.block);
            continue;
        }
        let finished = std::mem::replace(
            &mut current,
            Section {
                id,
                title: rb.block.text.trim().to_string(),
                level,
                blocks: Vec::new(),
            },
        );
        if !(finished.id.is_empty() && finished.blocks.is_empty()) {
            sections.push(finished);
        }
    }
    if !(current.id.is_empty() && current.blocks.is_empty()) {
        sections.push(current);
    }
    sections
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Walks the parser's events and cuts them into top-level blocks.
fn parse_blocks(markdown: &str) -> Vec<RawBlock> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<(BlockKind, Option<String>, usize, Builders)> = None;

    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        if depth == 0 {
            match &event {
                Event::Start(tag) => {
                    let (kind, explicit_id) = classify(tag);
                    current = Some((kind, explicit_id, range.start, Builders::default()));
                }
                Event::Rule => {
                    blocks.push(raw_block(
                        BlockKind::Rule,
                        None,
                        markdown,
                        range,
                        ("---".into(), Shape::Flat),
                    ));
                    continue;
                }
                // Stray top-level inline events do not occur in CommonMark,
                // but keep them as plain blocks rather than dropping text.
                Event::Text(t) | Event::Html(t) | Event::Code(t) | Event::InlineHtml(t) => {
                    let text = (t.trim().to_string(), Shape::Flat);
                    blocks.push(raw_block(BlockKind::Other, None, markdown, range, text));
                    continue;
                }
                _ => continue,
            }
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if let Some((_, _, _, builders)) = current.as_mut() {
            builders.0.push(&event);
            builders.1.push(&event);
        }
        if depth == 0 {
            if let Some((kind, explicit_id, start, builder)) = current.take() {
                let range = start..range.end;
                blocks.push(raw_block(
                    kind,
                    explicit_id,
                    markdown,
                    range,
                    (builder.0.finish(), builder.1.finish()),
                ));
            }
        }
    }
    blocks
}

fn raw_block(
    kind: BlockKind,
    explicit_id: Option<String>,
    markdown: &str,
    range: std::ops::Range<usize>,
    (text, shape): (String, Shape),
) -> RawBlock {
    let source = markdown
        .get(range)
        .unwrap_or_default()
        .trim_end()
        .to_string();
    RawBlock {
        block: Block {
            kind,
            source,
            text,
            shape,
        },
        explicit_id,
    }
}

fn classify(tag: &Tag) -> (BlockKind, Option<String>) {
    let kind = match tag {
        Tag::Paragraph => BlockKind::Paragraph,
        Tag::Heading { level, id, .. } => {
            let id = id.as_ref().map(|s| s.to_string()).filter(|s| !s.is_empty());
            return (BlockKind::Heading(heading_level(*level)), id);
        }
        Tag::List(_) => BlockKind::List,
        Tag::Table(_) => BlockKind::Table,
        Tag::CodeBlock(_) => BlockKind::Code,
        Tag::BlockQuote(_) => BlockKind::Quote,
        Tag::HtmlBlock => BlockKind::Html,
        _ => BlockKind::Other,
    };
    (kind, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(md: &str) -> Vec<String> {
        split_sections(md).into_iter().map(|s| s.id).collect()
    }

    #[test]
    fn empty_document_has_no_sections() {
        assert!(split_sections("").is_empty());
        assert!(split_sections("\n\n   \n").is_empty());
    }

    #[test]
    fn preamble_then_sections() {
        let s = split_sections("Intro text.\n\n## First\n\nBody.\n\n### Sub\n\nMore.\n");
        assert_eq!(s.len(), 3);
        assert_eq!(
            (s[0].id.as_str(), s[0].title.as_str(), s[0].level),
            ("", "", 0)
        );
        assert_eq!(
            (s[1].id.as_str(), s[1].title.as_str(), s[1].level),
            ("first", "First", 2)
        );
        assert_eq!((s[2].id.as_str(), s[2].level), ("sub", 3));
        assert_eq!(s[1].blocks.len(), 1);
        assert_eq!(s[1].blocks[0].source, "Body.");
    }

    #[test]
    fn only_headings() {
        let s = split_sections("## A\n## B\n#### C");
        assert_eq!(ids("## A\n## B\n#### C"), ["a", "b", "c"]);
        assert!(s.iter().all(|s| s.blocks.is_empty()));
    }

    #[test]
    fn explicit_ids_are_reserved_before_automatic_ones() {
        // The automatic slug for "Notes" must not take the explicit id used later.
        let md = "## Notes\n\n## Other {#notes}\n\n## Notes\n";
        assert_eq!(ids(md), ["notes-1", "notes", "notes-2"]);
    }

    #[test]
    fn other_heading_attributes_are_ignored() {
        let s = split_sections("## Consent {#consent after=intro remove .wide}\n\nText.\n");
        assert_eq!(s[0].id, "consent");
        assert_eq!(s[0].title, "Consent");
    }

    #[test]
    fn duplicate_explicit_ids_stay_unique() {
        assert_eq!(ids("## A {#x}\n\n## B {#x}\n"), ["x", "x-1"]);
    }

    #[test]
    fn h1_is_content_but_takes_its_slug() {
        let s = split_sections("# Notes\n\nIntro.\n\n## Notes\n");
        assert_eq!(s[0].id, "");
        assert_eq!(s[0].blocks[0].kind, BlockKind::Heading(1));
        assert_eq!(s[1].id, "notes-1");
    }

    #[test]
    fn plain_text_strips_inline_markup() {
        let s = split_sections("Some *emphasis*, `code` and [a link](http://x).\nNext line.");
        assert_eq!(
            s[0].blocks[0].text,
            "Some emphasis, code and a link. Next line."
        );
    }

    #[test]
    fn list_items_get_their_own_lines() {
        let md = "- one\n- two *x*\n  - nested\n- [x] done\n\n1. a\n\n   para\n2. b\n";
        let s = split_sections(md);
        assert_eq!(s[0].blocks[0].kind, BlockKind::List);
        assert_eq!(s[0].blocks[0].text, "one\ntwo x\n  nested\n[x] done");
        assert_eq!(s[0].blocks[1].text, "a para\nb");
    }

    #[test]
    fn table_cells_and_rows() {
        let md = "| A | B |\n|---|---|\n| 1 | *2* |\n|  | 4 |\n";
        let s = split_sections(md);
        assert_eq!(s[0].blocks[0].kind, BlockKind::Table);
        assert_eq!(s[0].blocks[0].text, "A | B\n1 | 2\n | 4");
    }

    #[test]
    fn code_quote_rule_html() {
        let md = "```\nlet a = 1;\nlet b;\n```\n\n> quoted\n>\n> two\n\n---\n\n<div>x</div>\n";
        let kinds: Vec<_> = split_sections(md)[0]
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.clone()))
            .collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Code, "let a = 1;\nlet b;".to_string()),
                (BlockKind::Quote, "quoted\ntwo".to_string()),
                (BlockKind::Rule, "---".to_string()),
                (BlockKind::Html, "<div>x</div>".to_string()),
            ]
        );
    }

    #[test]
    fn deeply_nested_input_does_not_panic() {
        let mut md = String::new();
        for i in 0..400 {
            md.push_str(&" ".repeat(i * 2));
            md.push_str("- item\n");
        }
        md.push_str(&">".repeat(2000));
        md.push_str(" deep\n");
        let s = split_sections(&md);
        assert!(!s.is_empty());
    }
}
