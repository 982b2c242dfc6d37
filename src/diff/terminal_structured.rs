//! Tables and lists in the terminal redline.
//!
//! The terminal view follows the HTML one: a table is printed as aligned rows
//! (`| a | b |`) with each row's change in a margin column (`+` added, `-`
//! removed, `~` changed) and word changes marked inside cells; a list keeps
//! its bullets or numbers and its indentation. Widths count only visible
//! characters, so ANSI styling does not break the alignment.

use super::render::{list_of, sides, table_of};
use super::structured::{diff_list, diff_table, Change, ItemDiff, TableDiff};
use super::terminal::{clean, DEL_ON, INS_ON, OFF};
use super::{BlockDiff, Shape, WordOp};

/// Writes a list or table block; false for other blocks.
pub(crate) fn render_structured(out: &mut String, block: &BlockDiff, color: bool) -> bool {
    let (old, new) = sides(block);
    match (old.map(|b| &b.shape), new.map(|b| &b.shape)) {
        (Some(Shape::Table(_)) | None, Some(Shape::Table(_)) | None) => {
            table(out, &diff_table(table_of(old), table_of(new)), color)
        }
        (Some(Shape::List(_)) | None, Some(Shape::List(_)) | None) => {
            list(out, &diff_list(list_of(old), list_of(new)), color)
        }
        _ => return false,
    }
    true
}

/// A cell's or item's redline on one line, and its visible width.
fn words_line(words: &[WordOp], color: bool) -> (String, usize) {
    let mut line = String::new();
    let mut width = 0;
    for op in words {
        let (text, open, close) = match op {
            WordOp::Same(s) => (s, "", ""),
            WordOp::Inserted(s) if color => (s, INS_ON, OFF),
            WordOp::Deleted(s) if color => (s, DEL_ON, OFF),
            WordOp::Inserted(s) => (s, "{+", "+}"),
            WordOp::Deleted(s) => (s, "[-", "-]"),
        };
        // Cells and items are one line: any break becomes a space.
        let text = clean(text).replace(['\n', '\t'], " ");
        line.push_str(open);
        line.push_str(&text);
        line.push_str(close);
        width += text.chars().count();
        if !color {
            width += open.chars().count() + close.chars().count();
        }
    }
    (line, width)
}

fn margin(change: Change) -> char {
    match change {
        Change::Same => ' ',
        Change::Added => '+',
        Change::Removed => '-',
        Change::Changed => '~',
    }
}

fn table(out: &mut String, diff: &TableDiff, color: bool) {
    let has_header = diff.header.iter().any(|c| !c.words.is_empty());
    let mut lines: Vec<(char, Vec<(String, usize)>)> = Vec::new();
    if has_header {
        let header_change = if diff.columns.iter().all(|c| *c == Change::Same) {
            Change::Same
        } else {
            Change::Changed
        };
        let cells = diff.header.iter().map(|c| words_line(&c.words, color));
        lines.push((margin(header_change), cells.collect()));
    }
    for row in &diff.rows {
        let cells = row.cells.iter().map(|c| words_line(&c.words, color));
        lines.push((margin(row.change), cells.collect()));
    }
    let mut widths = vec![0usize; diff.columns.len()];
    for (_, cells) in &lines {
        for (w, (_, width)) in widths.iter_mut().zip(cells) {
            *w = (*w).max(*width);
        }
    }
    for (k, (mark, cells)) in lines.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        out.push(*mark);
        out.push_str(" |");
        for ((text, width), w) in cells.iter().zip(&widths) {
            out.push(' ');
            out.push_str(text);
            out.extend(std::iter::repeat_n(' ', w - width));
            out.push_str(" |");
        }
        if k == 0 && has_header {
            // The header rule, marking added and removed columns.
            out.push_str("\n  |");
            for (w, col) in widths.iter().zip(&diff.columns) {
                // An added column's rule is drawn with `+`.
                let edge = if *col == Change::Added { '+' } else { '-' };
                let fill = edge;
                out.push(edge);
                out.extend(std::iter::repeat_n(fill, *w));
                out.push(edge);
                out.push('|');
            }
        }
    }
}

fn list(out: &mut String, items: &[ItemDiff], color: bool) {
    for (k, item) in items.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        out.extend(std::iter::repeat_n(' ', item.depth * 2));
        match (item.ordered, item.number) {
            (true, Some(n)) => out.push_str(&format!("{n}. ")),
            _ => out.push_str("\u{2022} "),
        }
        out.push_str(&words_line(&item.words, color).0);
    }
}

#[cfg(test)]
mod tests {
    use crate::diff::{diff_documents, render_terminal};

    #[test]
    fn tables_are_aligned_rows_with_marked_cells() {
        let out = render_terminal(
            &diff_documents(
                "## T\n\n| Role | Does |\n|---|---|\n| Lead | Plans |\n| Gone | Away |\n",
                "## T\n\n| Role | Does | When |\n|---|---|---|\n| Lead | Plans all | Daily |\n",
            ),
            false,
        );
        let expected = "~ | Role     | Does          | {+When+}  |\n  |----------|---------------|+++++++++++|\n~ | Lead     | Plans{+ all+} | {+Daily+} |\n- | [-Gone-] | [-Away-]      |           |";
        assert!(out.contains(expected), "{out}");
    }

    #[test]
    fn colour_does_not_break_the_alignment() {
        let out = render_terminal(
            &diff_documents(
                "## T\n\n| A | B |\n|---|---|\n| one | x |\n",
                "## T\n\n| A | B |\n|---|---|\n| one | y |\n| three | z |\n",
            ),
            true,
        );
        // Strip the styles: the visible columns line up.
        let plain: String = out
            .split('\x1b')
            .enumerate()
            .map(|(k, part)| {
                if k == 0 {
                    part
                } else {
                    part.split_once('m').map_or("", |p| p.1)
                }
            })
            .collect();
        let rows: Vec<&str> = plain.lines().filter(|l| l.contains('|')).collect();
        let bars = |l: &str| l.match_indices('|').map(|(k, _)| k).collect::<Vec<_>>();
        assert!(
            rows.len() == 4 && rows.iter().all(|r| bars(r) == bars(rows[0])),
            "{plain}"
        );
    }

    #[test]
    fn list_items_keep_bullets_and_numbers() {
        let out = render_terminal(
            &diff_documents(
                "## L\n\n- one\n  - the second item\n\n1. a\n2. b\n",
                "## L\n\n- one\n  - the second entry\n\n1. a\n2. b\n3. c\n",
            ),
            false,
        );
        assert!(
            out.contains("\u{2022} one\n  \u{2022} the second [-item-]{+entry+}"),
            "{out}"
        );
        assert!(out.contains("1. a\n2. b\n3. {+c+}"), "{out}");
    }
}
