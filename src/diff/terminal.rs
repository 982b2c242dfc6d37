//! The terminal redline for `waymark diff`.
//!
//! Authors check a revision from the command line before publishing, often in
//! a pager or a CI log. With colour, deletions are red and struck through and
//! insertions green and underlined; without colour (pipes, logs, NO_COLOR)
//! git's word-diff markers `[-deleted-]` and `{+inserted+}` carry the same
//! information in plain text. Markers are applied line by line so a pager
//! never sees an escape sequence or marker spanning lines.
//!
//! Document text is untrusted here too: control characters are replaced so a
//! document cannot send escape sequences to the reader's terminal.

use super::render::{elided_note, plan, Item};
use super::{lower_first, BlockDiff, DocDiff, SectionDiff, WordOp};

pub(super) const DEL_ON: &str = "\x1b[31;9m";
pub(super) const INS_ON: &str = "\x1b[32;4m";
const BOLD_ON: &str = "\x1b[1m";
const DIM_ON: &str = "\x1b[2m";
pub(super) const OFF: &str = "\x1b[0m";

/// Renders the diff for a terminal; `color` selects ANSI styling over
/// plain-text markers. Identical versions give "No differences.".
pub fn render_terminal(diff: &DocDiff, color: bool) -> String {
    if diff.is_identical() {
        return "No differences.\n".to_string();
    }
    let c = diff.counts();
    let mut out = format!(
        "Sections: {} changed, {} added, {} removed, {} moved, {} renamed\n",
        c.changed, c.added, c.removed, c.moved, c.renamed
    );
    for section in diff.sections.iter().filter(|s| !s.is_unchanged()) {
        out.push('\n');
        header(&mut out, section, color);
        for item in plan(&section.blocks) {
            out.push('\n');
            match item {
                Item::Elided { blocks, paragraphs } => {
                    let note = format!("… {}", elided_note(blocks.len(), paragraphs));
                    styled(&mut out, &note, color.then_some(DIM_ON), None);
                }
                Item::Block(block) => render_block(&mut out, block, color),
            }
            out.push('\n');
        }
    }
    out
}

fn header(out: &mut String, s: &SectionDiff, color: bool) {
    let mut line = format!(
        "{} {}",
        "#".repeat(usize::from(s.level.clamp(2, 6))),
        s.display_title()
    );
    if !s.id.is_empty() {
        line.push_str(&format!(" {{#{}}}", s.id));
    }
    let labels: Vec<String> = s.labels().iter().map(|l| lower_first(l)).collect();
    line.push_str(&format!("  [{}]", labels.join(", ")));
    styled(out, &line, color.then_some(BOLD_ON), None);
    out.push('\n');
    if let Some(note) = s.move_note() {
        out.push('\n');
        styled(out, &note, color.then_some(DIM_ON), None);
        out.push('\n');
    }
}

fn render_block(out: &mut String, block: &BlockDiff, color: bool) {
    if super::terminal_structured::render_structured(out, block, color) {
        return;
    }
    match block {
        BlockDiff::Same(b) => out.push_str(&clean(&b.text)),
        BlockDiff::Added(b) => inserted(out, &b.text, color),
        BlockDiff::Removed(b) => deleted(out, &b.text, color),
        BlockDiff::Changed { words, .. } => {
            for op in words {
                match op {
                    WordOp::Same(s) => out.push_str(&clean(s)),
                    WordOp::Inserted(s) => inserted(out, s, color),
                    WordOp::Deleted(s) => deleted(out, s, color),
                }
            }
            if words.iter().all(|w| matches!(w, WordOp::Same(_))) {
                out.push('\n');
                styled(
                    out,
                    "(formatting changed; the words are the same)",
                    color.then_some(DIM_ON),
                    None,
                );
            }
        }
    }
}

fn inserted(out: &mut String, text: &str, color: bool) {
    if color {
        styled(out, text, Some(INS_ON), None);
    } else {
        styled(out, text, None, Some(("{+", "+}")));
    }
}

fn deleted(out: &mut String, text: &str, color: bool) {
    if color {
        styled(out, text, Some(DEL_ON), None);
    } else {
        styled(out, text, None, Some(("[-", "-]")));
    }
}

/// Wraps each non-empty line of `text` in an ANSI style or in markers.
fn styled(out: &mut String, text: &str, ansi: Option<&str>, markers: Option<(&str, &str)>) {
    let text = clean(text);
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        if line.is_empty() {
            continue;
        }
        let (open, close) = match (ansi, markers) {
            (Some(on), _) => (on, OFF),
            (None, Some(pair)) => pair,
            (None, None) => ("", ""),
        };
        out.push_str(open);
        out.push_str(line);
        out.push_str(close);
    }
}

/// Replaces control characters (other than line breaks and tabs).
pub(super) fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::diff_documents;

    #[test]
    fn identical_says_no_differences() {
        let d = diff_documents("## A\n\nSame.\n", "## A\n\nSame.\n");
        assert_eq!(render_terminal(&d, true), "No differences.\n");
        assert_eq!(render_terminal(&d, false), "No differences.\n");
    }

    #[test]
    fn plain_markers_without_colour() {
        let d = diff_documents(
            "## Assessment\n\nWeigh the patient daily.\n",
            "## Assessment\n\nWeigh the patient weekly.\n",
        );
        let out = render_terminal(&d, false);
        assert_eq!(
            out,
            "Sections: 1 changed, 0 added, 0 removed, 0 moved, 0 renamed\n\n\
             ## Assessment {#assessment}  [changed]\n\n\
             Weigh the patient [-daily-]{+weekly+}.\n"
        );
        assert!(!out.contains('\x1b'));
    }

    #[test]
    fn ansi_styles_with_colour() {
        let d = diff_documents("## A\n\nOld text here.\n", "## A\n\nNew text here.\n");
        let out = render_terminal(&d, true);
        assert!(
            out.contains("\x1b[31;9mOld\x1b[0m\x1b[32;4mNew\x1b[0m text here."),
            "{out:?}"
        );
        assert!(out.contains("\x1b[1m## A {#a}  [changed]\x1b[0m"));
        assert!(!out.contains("[-"));
    }

    #[test]
    fn markers_do_not_span_lines() {
        let d = diff_documents("## A\n\nx\n", "## A\n\nx\n\n- one\n- two\n");
        let out = render_terminal(&d, false);
        assert!(out.contains("\u{2022} {+one+}\n\u{2022} {+two+}"), "{out}");
    }

    #[test]
    fn control_characters_are_neutralised() {
        let d = diff_documents("## A\n\nplain\n", "## A\n\nevil \x1b[2J here\n");
        let out = render_terminal(&d, true);
        assert!(!out.contains("\x1b[2J"));
        assert!(out.contains('\u{fffd}'));
    }

    #[test]
    fn added_and_removed_sections_are_labelled() {
        let d = diff_documents("## Old one\n\nGone text.\n", "## New one\n\nFresh words.\n");
        let out = render_terminal(&d, false);
        assert!(
            out.contains("## Old one {#old-one}  [removed]\n\n[-Gone text.-]"),
            "{out}"
        );
        assert!(
            out.contains("## New one {#new-one}  [added]\n\n{+Fresh words.+}"),
            "{out}"
        );
    }
}
