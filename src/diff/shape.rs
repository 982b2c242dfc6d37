//! The item and cell structure of list and table blocks.
//!
//! A redline over a table flattened to text ("A | B") cannot say which row or
//! column changed, and a list flattened to lines loses its bullets. So while a
//! block's events are walked for its plain text, this builder also records
//! its shape: each list item's own words with its depth, or a table's header
//! and rows cell by cell. Everything else stays [`Shape::Flat`].

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{ListItem, Shape, Table};

/// Nesting deeper than this is shown at this depth: a redline does not need
/// forty levels of indentation, and it keeps markup small.
const MAX_DEPTH: usize = 8;

#[derive(Default)]
pub(crate) struct ShapeBuilder {
    /// Decided by the block's first event.
    kind: Option<Kind>,
    /// Open lists: ordered?, next number.
    lists: Vec<(bool, Option<u64>)>,
    items: Vec<ListItem>,
    /// Indices into `items` of the items still open, innermost last.
    open: Vec<usize>,
    table: Table,
    row: Vec<String>,
    cell: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    List,
    Table,
    Flat,
}

impl ShapeBuilder {
    pub(crate) fn push(&mut self, event: &Event) {
        if self.kind.is_none() {
            self.kind = Some(match event {
                Event::Start(Tag::List(_)) => Kind::List,
                Event::Start(Tag::Table(_)) => Kind::Table,
                _ => Kind::Flat,
            });
        }
        match self.kind {
            Some(Kind::List) => self.list_event(event),
            Some(Kind::Table) => self.table_event(event),
            _ => {}
        }
    }

    fn list_event(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::List(start)) => self.lists.push((start.is_some(), *start)),
            Event::End(TagEnd::List(_)) => {
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                let (ordered, number) = match self.lists.last_mut() {
                    Some((ordered, next)) => {
                        let number = *next;
                        if let Some(n) = next.as_mut() {
                            *n = n.saturating_add(1);
                        }
                        (*ordered, number)
                    }
                    None => (false, None),
                };
                self.open.push(self.items.len());
                self.items.push(ListItem {
                    depth: self.lists.len().saturating_sub(1).min(MAX_DEPTH),
                    ordered,
                    number,
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Item) => {
                self.open.pop();
            }
            other => {
                if let Some(&k) = self.open.last() {
                    append(&mut self.items[k].text, other);
                }
            }
        }
    }

    fn table_event(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::TableHead | Tag::TableRow) => self.row.clear(),
            Event::End(TagEnd::TableHead) => self.table.header = std::mem::take(&mut self.row),
            Event::End(TagEnd::TableRow) => self.table.rows.push(std::mem::take(&mut self.row)),
            Event::Start(Tag::TableCell) => self.cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let cell = self.cell.take().unwrap_or_default();
                self.row.push(tidy(&cell));
            }
            other => {
                if let Some(cell) = self.cell.as_mut() {
                    append(cell, other);
                }
            }
        }
    }

    pub(crate) fn finish(self) -> Shape {
        match self.kind {
            Some(Kind::List) => Shape::List(
                self.items
                    .into_iter()
                    .map(|item| ListItem {
                        text: tidy(&item.text),
                        ..item
                    })
                    .collect(),
            ),
            Some(Kind::Table) => {
                let mut table = self.table;
                let width = table.header.len();
                for row in &mut table.rows {
                    row.resize(width, String::new());
                }
                Shape::Table(table)
            }
            _ => Shape::Flat,
        }
    }
}

/// Adds an inline event's words; block ends and breaks become spaces.
fn append(out: &mut String, event: &Event) {
    match event {
        Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
            out.push_str(t)
        }
        Event::Html(t) => out.push_str(t),
        Event::FootnoteReference(label) => {
            out.push('[');
            out.push_str(label);
            out.push(']');
        }
        Event::SoftBreak | Event::HardBreak | Event::Rule => out.push(' '),
        // Block ends separate words; inline ends (emphasis, links) do not.
        Event::End(
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::CodeBlock
            | TagEnd::BlockQuote(_)
            | TagEnd::HtmlBlock
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell,
        ) => out.push(' '),
        Event::End(_) => {}
        Event::TaskListMarker(done) => out.push_str(if *done { "[x] " } else { "[ ] " }),
        Event::Start(_) | Event::InlineHtml(_) => {}
    }
}

/// Collapses whitespace, so re-wrapping is never a change.
fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use crate::diff::{split_sections, Shape};

    fn shape(md: &str) -> Shape {
        split_sections(md).remove(0).blocks.remove(0).shape
    }

    #[test]
    fn list_items_with_depth_and_numbers() {
        let Shape::List(items) = shape("3. one *a*\n\n   para\n4. two\n   - nested\n5. three\n")
        else {
            panic!("not a list")
        };
        let got: Vec<_> = items
            .iter()
            .map(|i| (i.depth, i.ordered, i.number, i.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (0, true, Some(3), "one a para"),
                (0, true, Some(4), "two"),
                (1, false, None, "nested"),
                (0, true, Some(5), "three"),
            ]
        );
    }

    #[test]
    fn table_cells_are_kept_and_rows_padded() {
        let Shape::Table(t) = shape("| A | B |\n|---|---|\n| 1 | *2* |\n| 3 |\n") else {
            panic!("not a table")
        };
        assert_eq!(t.header, ["A", "B"]);
        assert_eq!(t.rows, [vec!["1", "2"], vec!["3", ""]]);
    }

    #[test]
    fn paragraphs_are_flat() {
        assert_eq!(shape("Just words."), Shape::Flat);
    }

    #[test]
    fn deep_nesting_is_capped() {
        let md: String = (0..40)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect();
        let Shape::List(items) = shape(&md) else {
            panic!("not a list")
        };
        assert!(items.iter().all(|i| i.depth <= super::MAX_DEPTH));
    }
}
