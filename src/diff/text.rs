//! Plain text of a Markdown block, for word diffing.
//!
//! A redline over raw Markdown would mark `*`, `|` and list markers as
//! changes and hide the wording under syntax, so blocks are diffed on their
//! plain text instead. The text keeps the shape a reader scans by: one line
//! per list item (nested items indented) and per table row, cells separated
//! by `" | "`, and soft line breaks joined, so re-wrapping a paragraph
//! changes nothing.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Builds a block's plain text from its events.
///
/// Inline markup is dropped; paragraphs inside a list item share the item's
/// line; list items, table rows, quoted paragraphs and code lines each get
/// their own line. Nested list items are indented two spaces per level.
#[derive(Default)]
pub(crate) struct TextBuilder {
    out: String,
    /// Separator owed before the next text: `None`, `Some(' ')` or `Some('\n')`.
    pending: Option<char>,
    list_depth: usize,
    item_depth: usize,
    cells_in_row: usize,
}

impl TextBuilder {
    pub(crate) fn push(&mut self, event: &Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(t)
            }
            Event::Html(t) => self.text(t),
            Event::InlineHtml(_) => {}
            Event::FootnoteReference(label) => self.text(&format!("[{label}]")),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.owe('\n'),
            Event::Rule => {
                self.owe('\n');
                self.text("---");
                self.owe('\n');
            }
            Event::TaskListMarker(done) => self.text(if *done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: &Tag) {
        match tag {
            Tag::List(_) => self.list_depth += 1,
            Tag::Item => {
                self.item_depth += 1;
                self.owe('\n');
                self.flush();
                let indent = self.list_depth.saturating_sub(1).min(32) * 2;
                self.out.extend(std::iter::repeat_n(' ', indent));
            }
            Tag::TableHead | Tag::TableRow => {
                self.owe('\n');
                self.cells_in_row = 0;
            }
            Tag::TableCell => {
                if self.cells_in_row > 0 {
                    self.flush();
                    self.out.push_str(" | ");
                }
                self.cells_in_row += 1;
            }
            Tag::FootnoteDefinition(label) => self.text(&format!("[{label}]: ")),
            _ => {}
        }
    }

    fn end(&mut self, tag: &TagEnd) {
        match tag {
            TagEnd::List(_) => self.list_depth = self.list_depth.saturating_sub(1),
            TagEnd::Item => {
                self.item_depth = self.item_depth.saturating_sub(1);
                self.owe('\n');
            }
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::HtmlBlock => {
                self.owe(if self.item_depth > 0 { ' ' } else { '\n' })
            }
            TagEnd::CodeBlock | TagEnd::BlockQuote(_) | TagEnd::Table => self.owe('\n'),
            _ => {}
        }
    }

    /// Records a separator; a newline wins over a space.
    fn owe(&mut self, sep: char) {
        if self.pending != Some('\n') {
            self.pending = Some(sep);
        }
    }

    fn flush(&mut self) {
        if let Some(sep) = self.pending.take() {
            let at_line_start = self.out.is_empty() || self.out.ends_with('\n');
            if sep == '\n' && !at_line_start {
                self.out.push('\n');
            } else if sep == ' ' && !at_line_start && !self.out.ends_with(' ') {
                self.out.push(' ');
            }
        }
    }

    fn text(&mut self, text: &str) {
        self.flush();
        self.out.push_str(text);
    }

    pub(crate) fn finish(self) -> String {
        let mut out = self.out;
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        out
    }
}
