//! Diffing the blocks of one matched section.
//!
//! Blocks are compared whole first (a sequence diff over the section's
//! blocks), because most edits leave most paragraphs untouched and a
//! block-level alignment keeps an edit in paragraph 7 from smearing into
//! paragraph 8. Only where blocks were removed and inserted at the same spot
//! do we look closer: a removed and an inserted block of the same kind whose
//! words are at least half the same are one edited block, shown as a word
//! redline; anything else stays a plain removal or addition.
//!
//! Two blocks are equal when their kind, plain text and Markdown source (with
//! runs of whitespace collapsed) agree, so re-wrapping a paragraph is not a
//! change but making a word bold is (it shows as "formatting changed").

use super::align::{align, Step};
use super::words::{similarity_at_least, word_diff};
use super::{Block, BlockDiff};

/// Removed and inserted blocks at one spot must be at least this alike to be
/// shown as one edited block.
const BLOCK_SIMILARITY: f64 = 0.5;
/// Above this many blocks (old + new) in one section, only the common start
/// and end are aligned and the middle is shown as replaced.
const MAX_SEQUENCE_BLOCKS: usize = 20_000;

/// Diffs two block sequences.
pub(crate) fn diff_blocks(old: &[Block], new: &[Block]) -> Vec<BlockDiff> {
    let old_keys: Vec<String> = old.iter().map(key).collect();
    let new_keys: Vec<String> = new.iter().map(key).collect();

    let mut out = Vec::with_capacity(old.len().max(new.len()));
    if old.len() + new.len() > MAX_SEQUENCE_BLOCKS {
        let prefix = old_keys
            .iter()
            .zip(&new_keys)
            .take_while(|(a, b)| a == b)
            .count();
        let suffix = old_keys[prefix..]
            .iter()
            .rev()
            .zip(new_keys[prefix..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        out.extend(new[..prefix].iter().cloned().map(BlockDiff::Same));
        out.extend(
            old[prefix..old.len() - suffix]
                .iter()
                .cloned()
                .map(BlockDiff::Removed),
        );
        out.extend(
            new[prefix..new.len() - suffix]
                .iter()
                .cloned()
                .map(BlockDiff::Added),
        );
        out.extend(
            new[new.len() - suffix..]
                .iter()
                .cloned()
                .map(BlockDiff::Same),
        );
        return out;
    }

    let similar = |i: usize, j: usize| -> Option<f64> {
        if old[i].kind != new[j].kind {
            return None;
        }
        similarity_at_least(&old[i].text, &new[j].text, BLOCK_SIMILARITY)
    };
    for step in align(&old_keys, &new_keys, similar) {
        out.push(match step {
            Step::Same(_, j) => BlockDiff::Same(new[j].clone()),
            Step::Removed(i) => BlockDiff::Removed(old[i].clone()),
            Step::Added(j) => BlockDiff::Added(new[j].clone()),
            Step::Paired(i, j) => BlockDiff::Changed {
                old: old[i].clone(),
                new: new[j].clone(),
                words: word_diff(&old[i].text, &new[j].text),
            },
        });
    }
    out
}

/// The identity of a block for the sequence diff.
fn key(block: &Block) -> String {
    let source: Vec<&str> = block.source.split_whitespace().collect();
    format!(
        "{:?}\u{0}{}\u{0}{}",
        block.kind,
        block.text,
        source.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::split_sections;
    use crate::diff::WordOp;

    fn blocks(md: &str) -> Vec<Block> {
        split_sections(md)
            .into_iter()
            .flat_map(|s| s.blocks)
            .collect()
    }

    fn shape(diff: &[BlockDiff]) -> String {
        diff.iter()
            .map(|b| match b {
                BlockDiff::Same(_) => '=',
                BlockDiff::Added(_) => '+',
                BlockDiff::Removed(_) => '-',
                BlockDiff::Changed { .. } => '~',
            })
            .collect()
    }

    #[test]
    fn rewrapping_is_not_a_change() {
        let d = diff_blocks(&blocks("One two\nthree."), &blocks("One\ntwo three."));
        assert_eq!(shape(&d), "=");
    }

    #[test]
    fn formatting_only_change_is_changed_with_same_words() {
        let d = diff_blocks(&blocks("You must wait."), &blocks("You **must** wait."));
        assert_eq!(shape(&d), "~");
        let BlockDiff::Changed { words, .. } = &d[0] else {
            unreachable!()
        };
        assert_eq!(words, &[WordOp::Same("You must wait.".into())]);
    }

    #[test]
    fn edited_paragraph_among_unchanged_ones() {
        let old = blocks("Alpha one.\n\nBravo two three four.\n\nCharlie.");
        let new = blocks("Alpha one.\n\nBravo two three five.\n\nCharlie.\n\nDelta.");
        assert_eq!(shape(&diff_blocks(&old, &new)), "=~=+");
    }

    #[test]
    fn unrelated_replacement_is_remove_and_add() {
        let d = diff_blocks(
            &blocks("Completely different words."),
            &blocks("Nothing in common here."),
        );
        assert_eq!(shape(&d), "-+");
    }

    #[test]
    fn different_kinds_are_not_paired() {
        let d = diff_blocks(&blocks("alpha beta gamma"), &blocks("- alpha beta gamma"));
        assert_eq!(shape(&d), "-+");
    }

    #[test]
    fn list_item_change_gives_word_diff_on_that_item() {
        let old = blocks("- Check consent\n- Record weight in kg\n- Sign the form\n");
        let new = blocks("- Check consent\n- Record weight in grams\n- Sign the form\n");
        let d = diff_blocks(&old, &new);
        assert_eq!(shape(&d), "~");
        let BlockDiff::Changed { words, .. } = &d[0] else {
            unreachable!()
        };
        assert_eq!(
            words,
            &[
                WordOp::Same("Check consent\nRecord weight in ".into()),
                WordOp::Deleted("kg".into()),
                WordOp::Inserted("grams".into()),
                WordOp::Same("\nSign the form".into()),
            ]
        );
    }

    #[test]
    fn huge_sections_fall_back_to_prefix_and_suffix() {
        let old: Vec<Block> = blocks(&(0..12_000).map(|i| format!("p{i}\n\n")).collect::<String>());
        let mut new = old.clone();
        new[6_000] = blocks("changed")[0].clone();
        let d = diff_blocks(&old, &new);
        assert_eq!(
            d.iter()
                .filter(|b| !matches!(b, BlockDiff::Same(_)))
                .count(),
            2
        );
    }
}
