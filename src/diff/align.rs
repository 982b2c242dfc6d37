//! Aligning two sequences (blocks, table rows, table columns, list items).
//!
//! The same two-step method serves every level of a redline: a patience
//! sequence diff on exact keys finds what is unchanged, and only where items
//! were removed and inserted at the same spot are they paired up as edits,
//! by similarity. Pairing at one spot only keeps an edit in row 7 from
//! smearing into row 8.

use std::hash::Hash;

use similar::{capture_diff_slices, Algorithm, DiffTag};

/// Above this many candidate pairs in one replaced stretch, items there are
/// not paired up and show as removed and added.
const MAX_PAIR_CELLS: usize = 2_500;

/// One step of an alignment, in display order. Indices are into the old and
/// new sequences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Same(usize, usize),
    Removed(usize),
    Added(usize),
    /// An edited item: removed and inserted at one spot and alike enough.
    Paired(usize, usize),
}

/// Aligns `old` and `new` by their keys; `similar(i, j)` says how alike
/// `old[i]` and `new[j]` are (`None`: too different to be one edited item).
pub(crate) fn align<K: Hash + Eq + Ord>(
    old: &[K],
    new: &[K],
    similar: impl Fn(usize, usize) -> Option<f64>,
) -> Vec<Step> {
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    for op in capture_diff_slices(Algorithm::Patience, old, new) {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => out.extend(o.zip(n).map(|(i, j)| Step::Same(i, j))),
            DiffTag::Delete => out.extend(o.map(Step::Removed)),
            DiffTag::Insert => out.extend(n.map(Step::Added)),
            DiffTag::Replace => pair_up(o, n, &similar, &mut out),
        }
    }
    out
}

/// Pairs removed and inserted items at one spot into edits, in order.
///
/// Chooses the order-preserving pairing with the greatest total similarity
/// (a small dynamic programme); ties prefer pairing, then earlier items, so
/// the outcome is always the same for the same input. Between pairs, removed
/// items come before added ones.
fn pair_up(
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
    similar: &impl Fn(usize, usize) -> Option<f64>,
    out: &mut Vec<Step>,
) {
    let (o0, n0) = (old.start, new.start);
    let (n, m) = (old.len(), new.len());
    if n.saturating_mul(m) > MAX_PAIR_CELLS {
        out.extend(old.map(Step::Removed));
        out.extend(new.map(Step::Added));
        return;
    }
    let scores: Vec<Vec<Option<f64>>> = (0..n)
        .map(|i| (0..m).map(|j| similar(o0 + i, n0 + j)).collect())
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
    let flush = |removed: &mut Vec<usize>, added: &mut Vec<usize>, out: &mut Vec<Step>| {
        out.extend(removed.drain(..).map(Step::Removed));
        out.extend(added.drain(..).map(Step::Added));
    };
    while i < n && j < m {
        if let Some(s) = scores[i][j] {
            if s + best[i + 1][j + 1] >= best[i][j] {
                flush(&mut removed, &mut added, out);
                out.push(Step::Paired(o0 + i, n0 + j));
                i += 1;
                j += 1;
                continue;
            }
        }
        if best[i + 1][j] >= best[i][j + 1] {
            removed.push(o0 + i);
            i += 1;
        } else {
            added.push(n0 + j);
            j += 1;
        }
    }
    removed.extend((i..n).map(|i| o0 + i));
    added.extend((j..m).map(|j| n0 + j));
    flush(&mut removed, &mut added, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_only_alike_items_at_one_spot() {
        let old = ["a", "b", "c"];
        let new = ["a", "B", "x", "c"];
        let steps = align(&old, &new, |i, j| {
            (old[i].eq_ignore_ascii_case(new[j])).then_some(1.0)
        });
        assert_eq!(
            steps,
            [
                Step::Same(0, 0),
                Step::Paired(1, 1),
                Step::Added(2),
                Step::Same(2, 3)
            ]
        );
    }

    #[test]
    fn too_many_candidates_are_not_paired() {
        let old: Vec<String> = (0..60).map(|i| format!("o{i}")).collect();
        let new: Vec<String> = (0..60).map(|i| format!("n{i}")).collect();
        let steps = align(&old, &new, |_, _| Some(1.0));
        assert!(steps.iter().all(|s| !matches!(s, Step::Paired(..))));
        assert_eq!(steps.len(), 120);
    }
}
