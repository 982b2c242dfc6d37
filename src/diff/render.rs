//! The HTML compare view.
//!
//! The compare page is read by steering-group members on whatever device they
//! have, with screen readers among them, under a strict CSP. So the markup is
//! plain and semantic: a summary list of links, then one `<section>` per
//! changed section with a real heading. Insertions and deletions are `<ins>`
//! and `<del>` (which carry meaning, unlike colour) and each starts with
//! visually-hidden words ("inserted: ", "deleted: ") because most screen
//! readers do not announce those elements by default. No inline styles, no
//! scripts, and every piece of document text is escaped.

use super::render_structured::{list_html, table_html};
use super::structured::{diff_list, diff_table};
use super::{Block, BlockDiff, BlockKind, DocDiff, ListItem, SectionDiff, Shape, Table, WordOp};

/// What to show for a section's blocks: blocks next to a change are kept for
/// context, longer unchanged stretches are summarised (and, in HTML, can be
/// opened to read them).
pub(crate) enum Item<'a> {
    Block(&'a BlockDiff),
    Elided {
        blocks: &'a [BlockDiff],
        paragraphs: bool,
    },
}

/// Plans which blocks of a section to show (shared with the terminal view).
pub(crate) fn plan(blocks: &[BlockDiff]) -> Vec<Item<'_>> {
    let is_same = |k: usize| matches!(blocks.get(k), Some(BlockDiff::Same(_)));
    let near_change = |k: usize| {
        let changed = |k: usize| k < blocks.len() && !is_same(k);
        (k > 0 && changed(k - 1)) || changed(k + 1)
    };
    let mut items = Vec::new();
    let mut k = 0;
    while k < blocks.len() {
        if !is_same(k) || near_change(k) {
            items.push(Item::Block(&blocks[k]));
            k += 1;
            continue;
        }
        let start = k;
        while k < blocks.len() && is_same(k) && !near_change(k) {
            k += 1;
        }
        if k - start == 1 {
            items.push(Item::Block(&blocks[start]));
        } else {
            let paragraphs = blocks[start..k]
                .iter()
                .all(|b| matches!(b, BlockDiff::Same(b) if b.kind == BlockKind::Paragraph));
            items.push(Item::Elided {
                blocks: &blocks[start..k],
                paragraphs,
            });
        }
    }
    items
}

/// The note for an elided stretch, e.g. "3 unchanged paragraphs".
pub(crate) fn elided_note(count: usize, paragraphs: bool) -> String {
    let noun = if paragraphs { "paragraph" } else { "block" };
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} unchanged {noun}{plural}")
}

/// Escapes text for HTML content and attribute values (one escaper for the
/// whole crate, so redlines and pages agree).
pub(crate) use crate::html::escape_html as escape;

fn escape_into(out: &mut String, text: &str) {
    out.push_str(&escape(text));
}

/// Renders the whole compare view: a summary list, then each section that
/// has something to show. Identical versions give a single "same text" note.
pub fn render_html(diff: &DocDiff) -> String {
    if diff.is_identical() {
        return "<p class=\"wm-diff-none\">These two versions have the same text.</p>\n"
            .to_string();
    }
    let mut out =
        String::from("<ul class=\"wm-diff-summary\" aria-label=\"Summary of changes\">\n");
    for entry in diff.summary() {
        out.push_str(&format!(
            "<li class=\"wm-diff-{}\"><a href=\"#{}\">{}</a>: <span class=\"wm-diff-status\">{}</span></li>\n",
            entry.status,
            escape(&entry.anchor),
            escape(&entry.title),
            escape(&entry.description),
        ));
    }
    out.push_str("</ul>\n");
    for section in diff.sections.iter().filter(|s| !s.is_unchanged()) {
        render_section(&mut out, section);
    }
    out
}

fn render_section(out: &mut String, s: &SectionDiff) {
    let id = escape(&s.id);
    let status = s.status_word();
    let mut classes = format!("wm-diff-section wm-diff-{status}");
    if s.moved && status != "moved" {
        classes.push_str(" wm-diff-moved");
    }
    if s.renamed() && status != "renamed" {
        classes.push_str(" wm-diff-renamed");
    }
    let h = s.level.clamp(2, 4);
    out.push_str(&format!(
        "<section class=\"{classes}\" id=\"diff-{id}\" aria-labelledby=\"diffh-{id}\">\n<h{h} id=\"diffh-{id}\">{}",
        escape(s.display_title())
    ));
    for label in s.labels() {
        out.push_str(&format!(
            " <span class=\"wm-diff-tag\">{}</span>",
            escape(&label)
        ));
    }
    out.push_str(&format!("</h{h}>\n"));
    if let Some(note) = s.move_note() {
        out.push_str(&format!(
            "<p class=\"wm-diff-move-note\">{}</p>\n",
            escape(&note)
        ));
    }
    for item in plan(&s.blocks) {
        match item {
            // A disclosure needs no script, and the reader can check the
            // context the summary only counts.
            Item::Elided { blocks, paragraphs } => {
                out.push_str(&format!(
                    "<details class=\"wm-details wm-diff-elided\"><summary class=\"wm-details__summary\">{}</summary>\n<div class=\"wm-details__text\">\n",
                    elided_note(blocks.len(), paragraphs)
                ));
                for block in blocks {
                    render_block(out, block);
                }
                out.push_str("</div></details>\n");
            }
            Item::Block(block) => render_block(out, block),
        }
    }
    out.push_str("</section>\n");
}

fn render_block(out: &mut String, block: &BlockDiff) {
    let (state, kind) = match block {
        BlockDiff::Same(b) => ("same", b.kind),
        BlockDiff::Added(b) => ("added", b.kind),
        BlockDiff::Removed(b) => ("removed", b.kind),
        BlockDiff::Changed { new, .. } => ("changed", new.kind),
    };
    out.push_str(&format!(
        "<div class=\"wm-diff-block wm-diff-{state} wm-diff-kind-{}\">",
        kind_class(kind)
    ));
    if !render_structured(out, block) {
        render_flat(out, block, kind);
    }
    if let BlockDiff::Changed { words, .. } = block {
        if words.iter().all(|w| matches!(w, WordOp::Same(_))) {
            out.push_str(
                "<p class=\"wm-diff-note\">Formatting changed; the words are the same.</p>",
            );
        }
    }
    out.push_str("</div>\n");
}

/// Draws a block as running text, one line per list item or table row.
fn render_flat(out: &mut String, block: &BlockDiff, kind: BlockKind) {
    let pre = kind == BlockKind::Code;
    if pre {
        out.push_str("<pre class=\"wm-diff-code\">");
    }
    let mut text = Text {
        pre,
        line_start: true,
    };
    match block {
        BlockDiff::Same(b) => text.push(out, &b.text),
        BlockDiff::Added(b) => text.ins(out, &b.text),
        BlockDiff::Removed(b) => text.del(out, &b.text),
        BlockDiff::Changed { words, .. } => {
            for op in words {
                match op {
                    WordOp::Same(s) => text.push(out, s),
                    WordOp::Inserted(s) => text.ins(out, s),
                    WordOp::Deleted(s) => text.del(out, s),
                }
            }
        }
    }
    if pre {
        out.push_str("</pre>");
    }
}

/// Draws a list or table block as a list or table; false for other blocks.
fn render_structured(out: &mut String, block: &BlockDiff) -> bool {
    let (old, new) = sides(block);
    match (old.map(|b| &b.shape), new.map(|b| &b.shape)) {
        (Some(Shape::Table(_)) | None, Some(Shape::Table(_)) | None) => {
            table_html(out, &diff_table(table_of(old), table_of(new)));
        }
        (Some(Shape::List(_)) | None, Some(Shape::List(_)) | None) => {
            list_html(out, &diff_list(list_of(old), list_of(new)));
        }
        _ => return false,
    }
    true
}

pub(crate) fn table_of(block: Option<&Block>) -> Option<&Table> {
    match block.map(|b| &b.shape) {
        Some(Shape::Table(t)) => Some(t),
        _ => None,
    }
}

pub(crate) fn list_of(block: Option<&Block>) -> Option<&[ListItem]> {
    match block.map(|b| &b.shape) {
        Some(Shape::List(items)) => Some(items),
        _ => None,
    }
}

/// The old and new block of a block diff (`None`: that side has none).
pub(crate) fn sides(block: &BlockDiff) -> (Option<&Block>, Option<&Block>) {
    match block {
        BlockDiff::Same(b) => (Some(b), Some(b)),
        BlockDiff::Added(b) => (None, Some(b)),
        BlockDiff::Removed(b) => (Some(b), None),
        BlockDiff::Changed { old, new, .. } => (Some(old), Some(new)),
    }
}

/// Writes a word redline as inline HTML.
pub(crate) fn words_html(out: &mut String, words: &[WordOp]) {
    let mut text = Text {
        pre: false,
        line_start: false,
    };
    for op in words {
        match op {
            WordOp::Same(s) => text.push(out, s),
            WordOp::Inserted(s) => text.ins(out, s),
            WordOp::Deleted(s) => text.del(out, s),
        }
    }
}

fn kind_class(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Paragraph => "paragraph",
        BlockKind::Heading(_) => "heading",
        BlockKind::List => "list",
        BlockKind::Table => "table",
        BlockKind::Code => "code",
        BlockKind::Quote => "quote",
        BlockKind::Rule => "rule",
        BlockKind::Html => "html",
        BlockKind::Other => "other",
    }
}

/// Writes block text: escaped, and outside code one line per list item or
/// table row (`<br>`), with leading indentation kept as no-break spaces.
struct Text {
    pre: bool,
    line_start: bool,
}

impl Text {
    fn push(&mut self, out: &mut String, text: &str) {
        if self.pre {
            escape_into(out, text);
            return;
        }
        let mut buf = [0u8; 4];
        for ch in text.chars() {
            match ch {
                '\n' => {
                    out.push_str("<br>\n");
                    self.line_start = true;
                    continue;
                }
                ' ' if self.line_start => {
                    out.push_str("&#160;");
                    continue;
                }
                _ => escape_into(out, ch.encode_utf8(&mut buf)),
            }
            self.line_start = false;
        }
    }

    fn ins(&mut self, out: &mut String, text: &str) {
        out.push_str("<ins><span class=\"wm-visually-hidden\">inserted: </span>");
        self.push(out, text);
        out.push_str("</ins>");
    }

    fn del(&mut self, out: &mut String, text: &str) {
        out.push_str("<del><span class=\"wm-visually-hidden\">deleted: </span>");
        self.push(out, text);
        out.push_str("</del>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::diff_documents;

    #[test]
    fn escapes_everything() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn lists_stay_nested_lists() {
        let html = render_html(&diff_documents("- one\n  - two\n", "- one\n  - three\n"));
        assert!(
            html.contains("<li class=\"wm-diff-item-same\">one<ul class=\"wm-diff-sublist\">\n<li class=\"wm-diff-item-removed\"><span class=\"wm-visually-hidden\">item removed: </span><del>"),
            "{html}"
        );
    }

    #[test]
    fn code_blocks_use_pre() {
        let html = render_html(&diff_documents("```\na < b\n```\n", "```\na > b\n```\n"));
        assert!(
            html.contains("<pre class=\"wm-diff-code\">a <del>"),
            "{html}"
        );
        assert!(html.contains("&gt;"));
    }

    #[test]
    fn long_unchanged_runs_are_elided() {
        let old = "## S\n\nA.\n\nB.\n\nC.\n\nD.\n\nE.\n\nF old words.\n";
        let new = "## S\n\nA.\n\nB.\n\nC.\n\nD.\n\nE.\n\nF new words.\n";
        let html = render_html(&diff_documents(old, new));
        assert!(
            html.contains("<details class=\"wm-details wm-diff-elided\"><summary class=\"wm-details__summary\">4 unchanged paragraphs</summary>"),
            "{html}"
        );
        assert!(html
            .contains("<div class=\"wm-diff-block wm-diff-same wm-diff-kind-paragraph\">E.</div>"));
        // The elided paragraphs are inside the closed disclosure.
        let details = &html[html.find("<details").unwrap()..html.find("</details>").unwrap()];
        assert!(
            details.contains(">A.<") && details.contains(">D.<"),
            "{html}"
        );
        assert!(!details.contains(">E.<"));
    }

    #[test]
    fn formatting_only_change_is_explained() {
        let html = render_html(&diff_documents("You must wait.", "You **must** wait."));
        assert!(html.contains("Formatting changed; the words are the same."));
    }
}
