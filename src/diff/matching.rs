//! Matching the sections of two versions, and spotting moves.
//!
//! A section's id is its identity: links and cross-references point at it, so
//! the same id in both versions is the same section even if its heading was
//! reworded (a rename). Sections left over are then matched by identical
//! title (the id changed but the heading did not), and finally by content
//! (at least 60% of the words are the same, so a section whose heading and id
//! both changed is reported as renamed rather than removed and re-added).
//!
//! A matched section has "moved" when its position relative to the other
//! matched sections changed. The largest set of matched sections still in
//! their old relative order (a longest increasing subsequence) stays put;
//! only the others are reported as moved, so moving one section does not
//! flag every section it jumped over.

use std::collections::{HashMap, VecDeque};

use super::words::WordBag;
use super::Section;

/// Sections left over after id and title matching must be at least this
/// alike to be matched by content.
const SECTION_SIMILARITY: f64 = 0.6;
/// Above this many candidate pairs, content matching is skipped and leftover
/// sections are reported as removed and added.
const MAX_CONTENT_PAIRS: usize = 40_000;

/// For each new section, the index of the old section it matches.
pub(crate) fn match_sections(old: &[Section], new: &[Section]) -> Vec<Option<usize>> {
    let mut matched: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];

    // 1. Same id.
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (i, s) in old.iter().enumerate().rev() {
        by_id.insert(s.id.as_str(), i);
    }
    for (j, s) in new.iter().enumerate() {
        if let Some(&i) = by_id.get(s.id.as_str()) {
            if !taken[i] {
                taken[i] = true;
                matched[j] = Some(i);
            }
        }
    }

    // 2. Same title, pairing repeats in document order.
    let mut by_title: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, s) in old.iter().enumerate() {
        if !taken[i] && !s.title.trim().is_empty() {
            by_title.entry(s.title.trim()).or_default().push_back(i);
        }
    }
    for (j, s) in new.iter().enumerate() {
        if matched[j].is_some() {
            continue;
        }
        if let Some(i) = by_title
            .get_mut(s.title.trim())
            .and_then(VecDeque::pop_front)
        {
            taken[i] = true;
            matched[j] = Some(i);
        }
    }

    // 3. Similar content, best pairs first.
    let old_left: Vec<usize> = (0..old.len()).filter(|&i| !taken[i]).collect();
    let new_left: Vec<usize> = (0..new.len()).filter(|&j| matched[j].is_none()).collect();
    if old_left.is_empty()
        || new_left.is_empty()
        || old_left.len().saturating_mul(new_left.len()) > MAX_CONTENT_PAIRS
    {
        return matched;
    }
    fn bag(s: &Section) -> WordBag<'_> {
        WordBag::from_texts(s.blocks.iter().map(|b| b.text.as_str()))
    }
    let old_bags: Vec<WordBag> = old_left.iter().map(|&i| bag(&old[i])).collect();
    let new_bags: Vec<WordBag> = new_left.iter().map(|&j| bag(&new[j])).collect();
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (oi, ob) in old_bags.iter().enumerate() {
        for (nj, nb) in new_bags.iter().enumerate() {
            let (a, b) = (ob.len(), nb.len());
            if a == 0 || b == 0 || 2.0 * a.min(b) as f64 / ((a + b) as f64) < SECTION_SIMILARITY {
                continue;
            }
            let score = ob.dice(nb);
            if score >= SECTION_SIMILARITY {
                candidates.push((score, old_left[oi], new_left[nj]));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, i, j) in candidates {
        if !taken[i] && matched[j].is_none() {
            taken[i] = true;
            matched[j] = Some(i);
        }
    }
    matched
}

/// For each new section, whether it is matched and has moved.
pub(crate) fn moved_sections(matched: &[Option<usize>]) -> Vec<bool> {
    let pairs: Vec<(usize, usize)> = matched
        .iter()
        .enumerate()
        .filter_map(|(j, m)| m.map(|i| (j, i)))
        .collect();
    let stays = longest_increasing(&pairs.iter().map(|&(_, i)| i).collect::<Vec<_>>());
    let mut moved = vec![false; matched.len()];
    for (k, &(j, _)) in pairs.iter().enumerate() {
        moved[j] = !stays[k];
    }
    moved
}

/// Marks the members of one longest strictly increasing subsequence, in
/// O(n log n). Ties go to the subsequence ending earliest in `values`.
fn longest_increasing(values: &[usize]) -> Vec<bool> {
    // tails[k]: index into `values` of the smallest tail of an increasing
    // run of length k + 1; prev[i]: the element before values[i] in its run.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; values.len()];
    for (i, &v) in values.iter().enumerate() {
        let pos = tails.partition_point(|&t| values[t] < v);
        prev[i] = pos.checked_sub(1).map(|p| tails[p]);
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut keep = vec![false; values.len()];
    let mut cursor = tails.last().copied();
    while let Some(i) = cursor {
        keep[i] = true;
        cursor = prev[i];
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::split_sections;

    #[test]
    fn lis_keeps_the_longest_ordered_run() {
        assert_eq!(longest_increasing(&[0, 1, 2]), [true, true, true]);
        assert_eq!(longest_increasing(&[2, 0, 1]), [false, true, true]);
        assert_eq!(longest_increasing(&[]), Vec::<bool>::new());
    }

    #[test]
    fn one_section_moved_to_the_end() {
        // Old order a b c d; new order b c d a: only a moved.
        let m = vec![Some(1), Some(2), Some(3), Some(0)];
        assert_eq!(moved_sections(&m), [false, false, false, true]);
    }

    #[test]
    fn unmatched_sections_never_move() {
        let m = vec![None, Some(1), Some(0), None];
        let moved = moved_sections(&m);
        assert!(!moved[0] && !moved[3]);
        assert_eq!(moved.iter().filter(|&&b| b).count(), 1);
    }

    #[test]
    fn matching_order_id_then_title_then_content() {
        let old = split_sections(
            "## Alpha\n\nA.\n\n## Beta {#b}\n\nB.\n\n## Gamma\n\nthe quick brown fox jumps over the lazy dog\n",
        );
        let new = split_sections(
            "## Alpha renamed {#alpha}\n\nA.\n\n## Beta {#beta}\n\nB.\n\n## Delta\n\nthe quick brown fox jumps over the lazy cat\n",
        );
        assert_eq!(match_sections(&old, &new), [Some(0), Some(1), Some(2)]);
    }

    #[test]
    fn empty_sections_are_not_matched_by_content() {
        let old = split_sections("## One\n");
        let new = split_sections("## Two\n");
        assert_eq!(match_sections(&old, &new), [None]);
    }
}
