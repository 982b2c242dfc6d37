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

use similar::{capture_diff_slices, Algorithm, DiffTag};

use super::words::{similarity_at_least, word_diff};
use super::{Block, BlockDiff};

/// Removed and inserted blocks at one spot must be at least this alike to be
/// shown as one edited block.
const BLOCK_SIMILARITY: f64 = 0.5;
/// Above this many blocks (old + new) in one section, only the common start
/// and end are aligned and the middle is shown as replaced.
const MAX_SEQUENCE_BLOCKS: usize = 20_000;
/// Above this many candidate pairs in one replaced stretch, blocks there are
/// not paired up and show as removed and added.
const MAX_PAIR_CELLS: usize = 2_500;

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

    for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => out.extend(new[new_range].iter().cloned().map(BlockDiff::Same)),
            DiffTag::Delete => out.extend(old[old_range].iter().cloned().map(BlockDiff::Removed)),
            DiffTag::Insert => out.extend(new[new_range].iter().cloned().map(BlockDiff::Added)),
            DiffTag::Replace => pair_up(&old[old_range], &new[new_range], &mut out),
        }
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

/// Pairs removed and inserted blocks at one spot into edits, in order.
///
/// Chooses the order-preserving pairing with the greatest total similarity
/// (a small dynamic programme); ties prefer pairing, then earlier blocks, so
/// the outcome is always the same for the same input.
fn pair_up(old: &[Block], new: &[Block], out: &mut Vec<BlockDiff>) {
    let (n, m) = (old.len(), new.len());
    if n.saturating_mul(m) > MAX_PAIR_CELLS {
        out.extend(old.iter().cloned().map(BlockDiff::Removed));
        out.extend(new.iter().cloned().map(BlockDiff::Added));
        return;
    }
    let sim = |i: usize, j: usize| -> Option<f64> {
        if old[i].kind != new[j].kind {
            return None;
        }
        similarity_at_least(&old[i].text, &new[j].text, BLOCK_SIMILARITY)
    };
    let scores: Vec<Vec<Option<f64>>> = (0..n)
        .map(|i| (0..m).map(|j| sim(i, j)).collect())
        .collect();

    // best[i][j]: best total for old[i..] and new[j..].
    let mut best = vec![vec![0.0f64; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let mut b = best[i + 1][j].max(best[i][j + 1]);
            if let Some(s) = scores[i][j] {
                b = b.max(s + best[i + 1][j + 1]);
            }
            best[i][j] = b;
        }
    }

    let (mut i, mut j) = (0, 0);
    let mut removed = Vec::new();
    let mut added = Vec::new();
    while i < n && j < m {
        if let Some(s) = scores[i][j] {
            if s + best[i + 1][j + 1] >= best[i][j] {
                flush(&mut removed, &mut added, out);
                let words = word_diff(&old[i].text, &new[j].text);
                out.push(BlockDiff::Changed {
                    old: old[i].clone(),
                    new: new[j].clone(),
                    words,
                });
                i += 1;
                j += 1;
                continue;
            }
        }
        if best[i + 1][j] >= best[i][j + 1] {
            removed.push(old[i].clone());
            i += 1;
        } else {
            added.push(new[j].clone());
            j += 1;
        }
    }
    removed.extend(old[i..].iter().cloned());
    added.extend(new[j..].iter().cloned());
    flush(&mut removed, &mut added, out);
}

fn flush(removed: &mut Vec<Block>, added: &mut Vec<Block>, out: &mut Vec<BlockDiff>) {
    out.extend(removed.drain(..).map(BlockDiff::Removed));
    out.extend(added.drain(..).map(BlockDiff::Added));
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
