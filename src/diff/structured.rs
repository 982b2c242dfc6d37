//! Redlines of tables (row by row, cell by cell) and lists (item by item).
//!
//! A steering group reading a changed table asks "which row, which column?",
//! and for a list "which item?". So a table is aligned twice — columns by
//! their headers, then rows by the cells of the columns both versions share —
//! and each kept cell gets its own word redline; a list's items are aligned
//! like blocks, with a word redline inside each edited item. Added and
//! removed blocks go through the same code against an empty side, so every
//! table and list in a redline is drawn the same way.

use super::align::{align, Step};
use super::words::{similarity_at_least, word_diff};
use super::{ListItem, Table, WordOp};

/// Edited rows and items must be at least this alike to be paired.
const SIMILARITY: f64 = 0.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    Same,
    Added,
    Removed,
    Changed,
}

impl Change {
    /// A CSS class suffix and plain word.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Change::Same => "same",
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// One cell's redline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cell {
    pub change: Change,
    pub words: Vec<WordOp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub change: Change,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableDiff {
    /// Per column: same (possibly renamed), added or removed.
    pub columns: Vec<Change>,
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ItemDiff {
    pub change: Change,
    pub depth: usize,
    pub ordered: bool,
    pub number: Option<u64>,
    pub words: Vec<WordOp>,
}

/// Words for a cell or item that is kept whole, added or removed.
fn whole(change: Change, text: &str) -> Vec<WordOp> {
    if text.is_empty() {
        return Vec::new();
    }
    let text = text.to_string();
    vec![match change {
        Change::Added => WordOp::Inserted(text),
        Change::Removed => WordOp::Deleted(text),
        Change::Same | Change::Changed => WordOp::Same(text),
    }]
}

fn cell(old: Option<&str>, new: Option<&str>) -> Cell {
    match (old, new) {
        (Some(o), Some(n)) if o == n => Cell {
            change: Change::Same,
            words: whole(Change::Same, n),
        },
        (Some(o), Some(n)) => Cell {
            change: Change::Changed,
            words: word_diff(o, n),
        },
        (None, Some(n)) => Cell {
            change: Change::Added,
            words: whole(Change::Added, n),
        },
        (Some(o), None) => Cell {
            change: Change::Removed,
            words: whole(Change::Removed, o),
        },
        (None, None) => Cell {
            change: Change::Same,
            words: Vec::new(),
        },
    }
}

/// Compares two tables; `None` on either side means the table was added or
/// removed as a whole.
pub(crate) fn diff_table(old: Option<&Table>, new: Option<&Table>) -> TableDiff {
    let empty = Table::default();
    let (old, new) = (old.unwrap_or(&empty), new.unwrap_or(&empty));

    // Columns: by header text; a renamed header keeps its column when both
    // tables are as wide (the cells below still line up).
    let same_width = old.header.len() == new.header.len();
    // Otherwise a column whose cells are alike is the same column renamed.
    let column = |t: &Table, k: usize| -> String {
        let cells: Vec<&str> = t
            .rows
            .iter()
            .map(|r| get(r, Some(k)).unwrap_or(""))
            .collect();
        cells.join("\n")
    };
    let cols: Vec<(Option<usize>, Option<usize>)> = align(&old.header, &new.header, |i, j| {
        similarity_at_least(&old.header[i], &new.header[j], SIMILARITY)
            .or_else(|| similarity_at_least(&column(old, i), &column(new, j), SIMILARITY))
            .or((same_width && i == j).then_some(0.1))
    })
    .into_iter()
    .map(|step| match step {
        Step::Same(i, j) | Step::Paired(i, j) => (Some(i), Some(j)),
        Step::Removed(i) => (Some(i), None),
        Step::Added(j) => (None, Some(j)),
    })
    .collect();
    let columns: Vec<Change> = cols
        .iter()
        .map(|c| match c {
            (Some(_), None) => Change::Removed,
            (None, Some(_)) => Change::Added,
            _ => Change::Same,
        })
        .collect();
    let header = cols
        .iter()
        .map(|&(i, j)| {
            cell(
                i.map(|i| old.header[i].as_str()),
                j.map(|j| new.header[j].as_str()),
            )
        })
        .collect();

    // Rows: keyed by the cells of the shared columns only, so adding a
    // column does not make every row look edited.
    let shared: Vec<(usize, usize)> = cols.iter().filter_map(|&(i, j)| Some((i?, j?))).collect();
    let row_key = |row: &[String], pick: fn(&(usize, usize)) -> usize| -> String {
        let cells: Vec<&str> = shared
            .iter()
            .map(|c| row.get(pick(c)).map_or("", String::as_str))
            .collect();
        cells.join("\u{1f}")
    };
    let old_keys: Vec<String> = old.rows.iter().map(|r| row_key(r, |c| c.0)).collect();
    let new_keys: Vec<String> = new.rows.iter().map(|r| row_key(r, |c| c.1)).collect();
    let steps = align(&old_keys, &new_keys, |i, j| {
        let text = similarity_at_least(&old_keys[i], &new_keys[j], SIMILARITY);
        // Rows are usually named by their first cell.
        let first_same = !shared.is_empty()
            && old_keys[i].split('\u{1f}').next() == new_keys[j].split('\u{1f}').next()
            && !old_keys[i].starts_with('\u{1f}');
        match (text, first_same) {
            (Some(s), true) => Some(s.max(SIMILARITY)),
            (None, true) => Some(SIMILARITY),
            (s, false) => s,
        }
    });

    let rows = steps
        .into_iter()
        .map(|step| {
            let (o, n) = match step {
                Step::Same(i, j) | Step::Paired(i, j) => (Some(&old.rows[i]), Some(&new.rows[j])),
                Step::Removed(i) => (Some(&old.rows[i]), None),
                Step::Added(j) => (None, Some(&new.rows[j])),
            };
            let cells: Vec<Cell> = cols
                .iter()
                .map(|&(i, j)| match (o, n) {
                    (Some(o), Some(n)) => cell(get(o, i), get(n, j)),
                    (Some(o), None) => cell(get(o, i), None),
                    (None, Some(n)) => cell(None, get(n, j)),
                    (None, None) => cell(None, None),
                })
                .collect();
            let change = match (o, n) {
                (Some(_), None) => Change::Removed,
                (None, Some(_)) => Change::Added,
                _ if cols.iter().zip(&cells).any(|(c, cell)| {
                    c.0.is_some() && c.1.is_some() && cell.change != Change::Same
                }) =>
                {
                    Change::Changed
                }
                _ => Change::Same,
            };
            Row { change, cells }
        })
        .collect();
    TableDiff {
        columns,
        header,
        rows,
    }
}

fn get(row: &[String], k: Option<usize>) -> Option<&str> {
    k.and_then(|k| row.get(k)).map(String::as_str)
}

/// Compares two lists item by item; `None` as for [`diff_table`].
pub(crate) fn diff_list(old: Option<&[ListItem]>, new: Option<&[ListItem]>) -> Vec<ItemDiff> {
    let (old, new) = (old.unwrap_or_default(), new.unwrap_or_default());
    let key = |item: &ListItem| format!("{}\u{1f}{}", item.depth, item.text);
    let old_keys: Vec<String> = old.iter().map(key).collect();
    let new_keys: Vec<String> = new.iter().map(key).collect();
    let item = |change: Change, from: &ListItem, words: Vec<WordOp>| ItemDiff {
        change,
        depth: from.depth,
        ordered: from.ordered,
        number: from.number,
        words,
    };
    align(&old_keys, &new_keys, |i, j| {
        similarity_at_least(&old[i].text, &new[j].text, SIMILARITY)
    })
    .into_iter()
    .map(|step| match step {
        Step::Same(_, j) => item(Change::Same, &new[j], whole(Change::Same, &new[j].text)),
        Step::Removed(i) => item(
            Change::Removed,
            &old[i],
            whole(Change::Removed, &old[i].text),
        ),
        Step::Added(j) => item(Change::Added, &new[j], whole(Change::Added, &new[j].text)),
        Step::Paired(i, j) => item(
            Change::Changed,
            &new[j],
            word_diff(&old[i].text, &new[j].text),
        ),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{split_sections, Shape};

    fn table(md: &str) -> Table {
        match split_sections(md).remove(0).blocks.remove(0).shape {
            Shape::Table(t) => t,
            other => panic!("not a table: {other:?}"),
        }
    }

    fn list(md: &str) -> Vec<ListItem> {
        match split_sections(md).remove(0).blocks.remove(0).shape {
            Shape::List(items) => items,
            other => panic!("not a list: {other:?}"),
        }
    }

    fn changes(rows: &[Row]) -> Vec<Change> {
        rows.iter().map(|r| r.change).collect()
    }

    #[test]
    fn edited_cell_added_and_removed_rows() {
        let old = table(
            "| Role | Does |\n|---|---|\n| Lead | Plans |\n| Clerk | Files |\n| Gone | Away |\n",
        );
        let new = table("| Role | Does |\n|---|---|\n| Lead | Plans and reviews |\n| Clerk | Files |\n| New | Arrives |\n");
        let d = diff_table(Some(&old), Some(&new));
        assert_eq!(d.columns, [Change::Same, Change::Same]);
        use Change::*;
        assert_eq!(changes(&d.rows), [Changed, Same, Removed, Added]);
        assert_eq!(d.rows[0].cells[0].change, Same);
        assert_eq!(
            d.rows[0].cells[1].words,
            [
                WordOp::Same("Plans".into()),
                WordOp::Inserted(" and reviews".into())
            ]
        );
    }

    #[test]
    fn added_column_marks_the_column_not_every_row() {
        let old = table("| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n");
        let new = table("| A | New | B |\n|---|---|---|\n| 1 | x | 2 |\n| 3 | y | 4 |\n");
        let d = diff_table(Some(&old), Some(&new));
        use Change::*;
        assert_eq!(d.columns, [Same, Added, Same]);
        assert_eq!(changes(&d.rows), [Same, Same]);
        assert_eq!(d.rows[1].cells[1].words, [WordOp::Inserted("y".into())]);
    }

    #[test]
    fn removed_column_and_renamed_header() {
        let old = table("| Name | Old | Kept |\n|---|---|---|\n| a | b | c |\n");
        let new = table("| Title | Kept |\n|---|---|\n| a | c |\n");
        let d = diff_table(Some(&old), Some(&new));
        use Change::*;
        assert_eq!(d.columns.iter().filter(|c| **c == Removed).count(), 1);
        assert_eq!(changes(&d.rows), [Same]);
    }

    #[test]
    fn whole_table_added() {
        let new = table("| A |\n|---|\n| 1 |\n");
        let d = diff_table(None, Some(&new));
        assert_eq!(d.columns, [Change::Added]);
        assert_eq!(changes(&d.rows), [Change::Added]);
    }

    #[test]
    fn list_items_are_compared_one_by_one() {
        let old = list("- Check consent\n- Record weight in kg\n- Sign\n");
        let new = list("- Check consent\n- Record weight in grams\n- Countersign form now\n");
        let d = diff_list(Some(&old), Some(&new));
        let got: Vec<Change> = d.iter().map(|i| i.change).collect();
        use Change::*;
        assert_eq!(got, [Same, Changed, Removed, Added]);
        assert!(d[1].words.contains(&WordOp::Inserted("grams".into())));
    }
}
