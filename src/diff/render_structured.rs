//! Tables and lists in the HTML redline.
//!
//! A changed table is drawn as a table again (header, rows, cells) with
//! `<ins>`/`<del>` inside the cells, and a list as a list, so a reader sees
//! the change where it sits. Colour is never the only signal: added and
//! removed rows, columns and items carry visually-hidden words too, as the
//! word-level `<ins>`/`<del>` do. Wide tables sit in the same focusable,
//! labelled scroll region as tables on ordinary pages, so a phone reflows
//! the page and scrolls only the table.

use super::render::words_html;
use super::structured::{Change, ItemDiff, TableDiff};

/// Hidden words announcing a whole row, column or item change.
fn announce(out: &mut String, change: Change, what: &str) {
    let word = match change {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
        Change::Same => return,
    };
    out.push_str(&format!(
        "<span class=\"wm-visually-hidden\">{what} {word}: </span>"
    ));
}

pub(crate) fn table_html(out: &mut String, diff: &TableDiff) {
    out.push_str(
        "<div class=\"wm-table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table changes (scrolls sideways)\">\n<table class=\"wm-table wm-diff-table\">\n",
    );
    if diff.header.iter().any(|c| !c.words.is_empty()) {
        out.push_str("<thead><tr>");
        for (cell, column) in diff.header.iter().zip(&diff.columns) {
            out.push_str(&format!(
                "<th scope=\"col\" class=\"wm-diff-col-{}\">",
                column.word()
            ));
            announce(out, *column, "column");
            words_html(out, &cell.words);
            out.push_str("</th>");
        }
        out.push_str("</tr></thead>\n");
    }
    out.push_str("<tbody>\n");
    for row in &diff.rows {
        out.push_str(&format!("<tr class=\"wm-diff-row-{}\">", row.change.word()));
        for (k, (cell, column)) in row.cells.iter().zip(&diff.columns).enumerate() {
            let class = if *column == Change::Same {
                cell.change.word()
            } else {
                column.word()
            };
            out.push_str(&format!("<td class=\"wm-diff-cell-{class}\">"));
            if k == 0 {
                announce(out, row.change, "row");
            }
            words_html(out, &cell.words);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>");
}

/// Draws flat items with depths as nested lists, without recursion (depth is
/// capped when the shape is built, and a jump of several levels opens one).
pub(crate) fn list_html(out: &mut String, items: &[ItemDiff]) {
    // Open lists, innermost last: whether each is ordered.
    let mut open: Vec<bool> = Vec::new();
    let tag = |ordered: bool| if ordered { "ol" } else { "ul" };
    for item in items {
        let depth = item.depth.min(open.len());
        while open.len() > depth + 1 {
            let ordered = open.pop().unwrap_or(false);
            out.push_str(&format!("</li></{}>", tag(ordered)));
        }
        if open.len() == depth + 1 {
            out.push_str("</li>\n");
        } else {
            let class = if open.is_empty() {
                "wm-diff-list"
            } else {
                "wm-diff-sublist"
            };
            out.push_str(&format!("<{} class=\"{class}\">\n", tag(item.ordered)));
            open.push(item.ordered);
        }
        out.push_str(&format!(
            "<li class=\"wm-diff-item-{}\"",
            item.change.word()
        ));
        if let (Some(n), true) = (item.number, open.last() == Some(&true)) {
            out.push_str(&format!(" value=\"{n}\""));
        }
        out.push('>');
        announce(out, item.change, "item");
        words_html(out, &item.words);
    }
    while let Some(ordered) = open.pop() {
        out.push_str(&format!("</li></{}>", tag(ordered)));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use crate::diff::{diff_documents, render_html};

    #[test]
    fn table_change_is_drawn_as_a_table() {
        let html = render_html(&diff_documents(
            "| A | B |\n|---|---|\n| x | old |\n",
            "| A | B |\n|---|---|\n| x | new |\n| y | z |\n",
        ));
        assert!(
            html.contains("<table class=\"wm-table wm-diff-table\">"),
            "{html}"
        );
        assert!(html.contains("<tr class=\"wm-diff-row-changed\"><td class=\"wm-diff-cell-same\"><span class=\"wm-visually-hidden\">row changed: </span>x</td>"), "{html}");
        assert!(html.contains("<tr class=\"wm-diff-row-added\">"), "{html}");
        assert!(html.contains("role=\"region\""));
    }

    #[test]
    fn nested_lists_are_balanced() {
        let html = render_html(&diff_documents(
            "- a\n  - b\n    - the third item\n- d\n",
            "- a\n  - b\n    - the third entry\n- d\n1. e\n",
        ));
        assert_eq!(
            html.matches("<ul").count(),
            html.matches("</ul>").count(),
            "{html}"
        );
        assert_eq!(
            html.matches("<li").count(),
            html.matches("</li>").count(),
            "{html}"
        );
        assert!(html.contains("<li class=\"wm-diff-item-changed\"><span class=\"wm-visually-hidden\">item changed: </span>"));
    }
}
