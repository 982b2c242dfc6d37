//! Word-level redlines and text similarity.
//!
//! A redline should read like a reviewer's marked-up copy: whole words struck
//! and inserted, with the spaces between them kept, and one struck run
//! followed by one inserted run rather than a confetti of single-word edits.
//! So tokens are words, single punctuation marks, line breaks and runs of
//! other whitespace; and after diffing, a change separated from the next one
//! only by spaces is merged with it.
//!
//! Everything here is deterministic (no timeouts) and bounded: diffs that
//! would be too large fall back to a coarser granularity (lines), and past
//! that to "wholly replaced".

use std::collections::HashMap;

use similar::{capture_diff_slices, Algorithm, DiffTag};

use super::WordOp;

/// Above this many tokens (old + new) a block is diffed line by line.
const MAX_WORD_TOKENS: usize = 10_000;
/// Above this many lines (old + new) a block is shown as wholly replaced.
const MAX_LINE_TOKENS: usize = 10_000;
/// Above this many words (a + b) similarity is estimated order-insensitively.
const MAX_SEQUENCE_SIMILARITY_WORDS: usize = 2_000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Space,
    Newline,
    Punct,
}

fn class_of(ch: char) -> Class {
    if ch == '\n' {
        Class::Newline
    } else if ch.is_whitespace() {
        Class::Space
    } else if ch.is_alphanumeric() || ch == '_' {
        Class::Word
    } else {
        Class::Punct
    }
}

/// Splits text into words, single punctuation marks, single line breaks and
/// runs of other whitespace. Concatenating the tokens gives the text back.
pub(crate) fn tokenize(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut prev: Option<Class> = None;
    for (i, ch) in text.char_indices() {
        let class = class_of(ch);
        let joins = prev == Some(class) && matches!(class, Class::Word | Class::Space);
        if prev.is_some() && !joins {
            tokens.push(&text[start..i]);
            start = i;
        }
        prev = Some(class);
    }
    if start < text.len() {
        tokens.push(&text[start..]);
    }
    tokens
}

fn is_space(token: &str) -> bool {
    token.chars().all(char::is_whitespace)
}

/// The word tokens of a text, without whitespace.
fn words(text: &str) -> Vec<&str> {
    tokenize(text)
        .into_iter()
        .filter(|t| !is_space(t))
        .collect()
}

/// How alike two texts are, from 0.0 to 1.0, or `None` when below `min`.
///
/// The measure is `2 × matched words / (words in a + words in b)`, matching
/// words in order (a longest common subsequence). An order-insensitive count
/// of shared words is never lower, so it is checked first to rule out most
/// pairs cheaply, and it stands in for very long texts.
pub(crate) fn similarity_at_least(a: &str, b: &str, min: f64) -> Option<f64> {
    let (wa, wb) = (words(a), words(b));
    let total = wa.len() + wb.len();
    if total == 0 {
        return (1.0 >= min).then_some(1.0);
    }
    let bound = 2.0 * wa.len().min(wb.len()) as f64 / total as f64;
    if bound < min {
        return None;
    }
    let dice = WordBag::new(&wa).dice(&WordBag::new(&wb));
    if dice < min {
        return None;
    }
    if total > MAX_SEQUENCE_SIMILARITY_WORDS {
        return Some(dice);
    }
    let matched: usize = capture_diff_slices(Algorithm::Myers, &wa, &wb)
        .iter()
        .filter(|op| op.tag() == DiffTag::Equal)
        .map(|op| op.old_range().len())
        .sum();
    let ratio = 2.0 * matched as f64 / total as f64;
    (ratio >= min).then_some(ratio)
}

/// A multiset of words, for order-insensitive similarity.
pub(crate) struct WordBag<'a> {
    counts: HashMap<&'a str, u32>,
    total: usize,
}

impl<'a> WordBag<'a> {
    pub(crate) fn new(words: &[&'a str]) -> Self {
        let mut counts = HashMap::new();
        for w in words {
            *counts.entry(*w).or_insert(0) += 1;
        }
        WordBag {
            counts,
            total: words.len(),
        }
    }

    pub(crate) fn from_texts<'t: 'a>(texts: impl IntoIterator<Item = &'t str>) -> Self {
        let all: Vec<&str> = texts.into_iter().flat_map(words).collect();
        Self::new(&all)
    }

    pub(crate) fn len(&self) -> usize {
        self.total
    }

    /// Dice coefficient: `2 × shared words / (a + b)`; 1.0 for two empty bags.
    pub(crate) fn dice(&self, other: &WordBag) -> f64 {
        let total = self.total + other.total;
        if total == 0 {
            return 1.0;
        }
        let (small, large) = if self.counts.len() <= other.counts.len() {
            (self, other)
        } else {
            (other, self)
        };
        let shared: u64 = small
            .counts
            .iter()
            .map(|(w, n)| u64::from(*n.min(large.counts.get(w).unwrap_or(&0))))
            .sum();
        2.0 * shared as f64 / total as f64
    }
}

/// Word-level diff of two texts, grouped into runs.
///
/// Concatenating the `Same` and `Inserted` runs always gives `new` back;
/// `Same` and `Deleted` give `old` back except where only whitespace changed.
pub(crate) fn word_diff(old: &str, new: &str) -> Vec<WordOp> {
    let (a, b) = (tokenize(old), tokenize(new));
    if a.len() + b.len() <= MAX_WORD_TOKENS {
        return diff_tokens(&a, &b);
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (
        old.split_inclusive('\n').collect(),
        new.split_inclusive('\n').collect(),
    );
    if a.len() + b.len() <= MAX_LINE_TOKENS {
        return diff_tokens(&a, &b);
    }
    tidy(vec![Run::Change {
        del: old.to_string(),
        ins: new.to_string(),
    }])
}

enum Run {
    Same(String),
    Change { del: String, ins: String },
}

fn diff_tokens(a: &[&str], b: &[&str]) -> Vec<WordOp> {
    let mut runs: Vec<Run> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, a, b) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            runs.push(Run::Same(b[new_range].concat()));
            continue;
        }
        let (del, ins) = (a[old_range].concat(), b[new_range].concat());
        // A change separated from the previous one only by spaces (not line
        // breaks) joins it, so the reader sees one struck and one inserted run.
        let joinable = match runs.as_slice() {
            [.., Run::Change { .. }, Run::Same(s)] => is_space(s) && !s.contains('\n'),
            [.., Run::Change { .. }] => true,
            _ => false,
        };
        if joinable {
            let gap = match runs.last() {
                Some(Run::Same(s)) => s.clone(),
                _ => String::new(),
            };
            if !gap.is_empty() {
                runs.pop();
            }
            if let Some(Run::Change { del: d, ins: i }) = runs.last_mut() {
                d.push_str(&gap);
                d.push_str(&del);
                i.push_str(&gap);
                i.push_str(&ins);
            }
        } else {
            runs.push(Run::Change { del, ins });
        }
    }
    tidy(runs)
}

/// Turns runs into word ops: whitespace-only substitutions read as unchanged,
/// empty runs vanish and neighbouring unchanged runs merge.
fn tidy(runs: Vec<Run>) -> Vec<WordOp> {
    fn push_same(out: &mut Vec<WordOp>, s: String) {
        if s.is_empty() {
            return;
        }
        if let Some(WordOp::Same(prev)) = out.last_mut() {
            prev.push_str(&s);
        } else {
            out.push(WordOp::Same(s));
        }
    }
    let mut out: Vec<WordOp> = Vec::new();
    for run in runs {
        match run {
            Run::Same(s) => push_same(&mut out, s),
            Run::Change { del, ins } => {
                if !del.is_empty() && !ins.is_empty() && is_space(&del) && is_space(&ins) {
                    push_same(&mut out, ins);
                    continue;
                }
                if !del.is_empty() {
                    out.push(WordOp::Deleted(del));
                }
                if !ins.is_empty() {
                    out.push(WordOp::Inserted(ins));
                }
            }
        }
    }
    tuck_trailing_spaces(&mut out);
    out
}

/// Moves the trailing spaces of a lone insertion or deletion into the
/// unchanged text after it, when the text before it already ends in a space:
/// "the {+twice+} daily" rather than "the {+twice +}daily".
fn tuck_trailing_spaces(ops: &mut [WordOp]) {
    for k in 1..ops.len().saturating_sub(1) {
        let (before, rest) = ops.split_at_mut(k);
        let Some(WordOp::Same(prev)) = before.last() else {
            continue;
        };
        let [WordOp::Inserted(run) | WordOp::Deleted(run), WordOp::Same(next), ..] = rest else {
            continue;
        };
        if !prev.ends_with(char::is_whitespace) || next.starts_with(char::is_whitespace) {
            continue;
        }
        let keep = run.trim_end_matches([' ', '\t']).len();
        if keep == 0 || keep == run.len() {
            continue;
        }
        let spaces = run.split_off(keep);
        next.insert_str(0, &spaces);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(ops: &[WordOp]) -> String {
        ops.iter()
            .map(|op| match op {
                WordOp::Same(s) => s.clone(),
                WordOp::Deleted(s) => format!("[-{s}-]"),
                WordOp::Inserted(s) => format!("{{+{s}+}}"),
            })
            .collect()
    }

    fn rebuild_new(ops: &[WordOp]) -> String {
        ops.iter()
            .filter_map(|op| match op {
                WordOp::Same(s) | WordOp::Inserted(s) => Some(s.as_str()),
                WordOp::Deleted(_) => None,
            })
            .collect()
    }

    #[test]
    fn tokens_round_trip() {
        let text = "Don't  stop,\nplease — now_1!";
        let t = tokenize(text);
        assert_eq!(t.concat(), text);
        assert_eq!(
            t,
            ["Don", "'", "t", "  ", "stop", ",", "\n", "please", " ", "—", " ", "now_1", "!"]
        );
    }

    #[test]
    fn changed_words_are_grouped() {
        let ops = word_diff(
            "The nurse must record the result.",
            "The clinician should record the result.",
        );
        assert_eq!(
            show(&ops),
            "The [-nurse must-]{+clinician should+} record the result."
        );
    }

    #[test]
    fn insertion_and_deletion() {
        assert_eq!(show(&word_diff("a b c", "a c")), "a [-b-] c");
        assert_eq!(show(&word_diff("a c", "a b c")), "a {+b+} c");
        assert_eq!(
            show(&word_diff("take daily.", "take twice daily.")),
            "take {+twice+} daily."
        );
        assert_eq!(show(&word_diff("", "new")), "{+new+}");
        assert_eq!(show(&word_diff("old", "")), "[-old-]");
        assert!(word_diff("", "").is_empty());
    }

    #[test]
    fn line_breaks_are_not_merged_across() {
        let ops = word_diff("one\ntwo", "uno\ndos");
        assert_eq!(show(&ops), "[-one-]{+uno+}\n[-two-]{+dos+}");
    }

    #[test]
    fn whitespace_only_changes_read_as_same() {
        let ops = word_diff("a  b", "a b");
        assert_eq!(ops, [WordOp::Same("a b".into())]);
    }

    #[test]
    fn new_text_is_always_rebuilt() {
        let cases = [
            ("x y z", "z y x"),
            ("a, b; c.", "a; b, c!"),
            ("", "q"),
            ("one\n two", "one two\n"),
        ];
        for (old, new) in cases {
            assert_eq!(rebuild_new(&word_diff(old, new)), new, "{old:?} -> {new:?}");
        }
    }

    #[test]
    fn huge_texts_fall_back_without_panicking() {
        let old: String = (0..30_000).map(|i| format!("w{i} ")).collect();
        let new: String = (0..30_000).map(|i| format!("v{i} ")).collect();
        let ops = word_diff(&old, &new);
        assert_eq!(rebuild_new(&ops), new);
    }

    #[test]
    fn similarity_measures_shared_words_in_order() {
        assert_eq!(similarity_at_least("a b c d", "a b c d", 0.0), Some(1.0));
        assert_eq!(similarity_at_least("a b c d", "a b x y", 0.0), Some(0.5));
        assert_eq!(similarity_at_least("a b c d", "d c b a", 0.5), None);
        assert_eq!(similarity_at_least("a b c d", "x y z w", 0.1), None);
        assert_eq!(similarity_at_least("", "", 0.6), Some(1.0));
        assert_eq!(similarity_at_least("", "a", 0.1), None);
    }
}
