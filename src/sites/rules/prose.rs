//! Conservative checks of a site's prose against the national rules.
//!
//! Prose cannot be parsed for meaning, so each check looks for one plain
//! shape of sentence and fires only on that: two forbidden requirements
//! joined by "with", "plus", "alongside", or by "and" next to a word such as
//! "together" or "combined"; an order length stated next to "community
//! order" or "suspended sentence order"; an age below the minimum
//! in a sentence about eligibility, referral or assessment. Any sentence with
//! a negation ("never", "not", "no", "cannot", "n't", …) is skipped, since it
//! is far more likely to be restating the rule than breaking it. Code blocks,
//! code spans and raw HTML are not prose and are not read.
//!
//! Positions are those of the start of the offending sentence.

use super::words::{find_phrase, number, sentences, tokens};
use super::{NationalRules, SiteText, RULES_FILE};
use crate::diagnostics::{Diagnostic, Position};

/// How many words apart an order and a length may be and still be read together.
const NEAR: usize = 8;
/// Words that may stand between an order and its length ("an SSO can last
/// up to 2 years"); any other word there means the number may be about
/// something else ("a community order for someone who drank for 5 years").
const LINKING: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "for",
    "is",
    "are",
    "be",
    "can",
    "may",
    "will",
    "last",
    "lasts",
    "lasting",
    "run",
    "runs",
    "running",
    "up",
    "to",
    "at",
    "most",
    "over",
    "between",
    "and",
    "or",
    "maximum",
    "max",
    "length",
    "long",
    "with",
    "which",
    "that",
    "usually",
    "normally",
    "typically",
    "here",
    "locally",
    "s",
    "requirement",
    "requirements",
    "mhtr",
    "atr",
    "drr",
];

const NEGATIONS: &[&str] = &["never", "not", "no", "cannot", "nor", "neither", "without"];
/// Words that make "A and B" mean "A combined with B".
const COMBINING_CUES: &[&str] = &[
    "together",
    "combined",
    "combine",
    "combines",
    "combining",
    "combination",
    "jointly",
    "concurrent",
    "concurrently",
    "simultaneously",
];
/// Word stems that make a sentence about who can get a CSTR.
const ELIGIBILITY_CUES: &[&str] = &[
    "eligib", "accept", "offer", "availab", "refer", "assess", "includ", "consider", "suitab",
];

pub(super) fn check(rules: &NationalRules, text: &SiteText<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (offset, sentence) in sentences(text.text) {
        let words = tokens(&sentence, true);
        let cased = tokens(&sentence, false);
        let lower = sentence.to_lowercase();
        let negated = words.iter().any(|w| NEGATIONS.contains(&w.as_str()))
            || lower.contains("n't")
            || lower.contains("n\u{2019}t");
        if negated {
            continue;
        }
        let at = Position::of_offset(text.text, offset, text.first_line);
        let mut error = |message: String, hint: String| {
            out.push(Diagnostic::error(text.file, at, message).with_hint(hint));
        };
        if let Some(pair) = forbidden_pair(rules, &words) {
            error(
                format!("this sentence describes {pair} combined"),
                format!(
                    "national rule ({RULES_FILE}): forbidden_combinations: {} (never combined); \
                     if the sentence says they are not combined, say \"never\" or \"not\"",
                    super::list(&rules.forbidden_combinations)
                ),
            );
        }
        for (order, months, max, key) in order_lengths(rules, &words, &cased) {
            error(
                format!(
                    "this sentence gives a {order} a length of {}",
                    months_words(months)
                ),
                format!(
                    "national rule ({RULES_FILE}): max_months.{key}: {max} (at most {})",
                    months_words(max)
                ),
            );
        }
        if let Some(who) = underage(rules, &words) {
            let min = rules.min_age;
            error(
                format!(
                    "this sentence offers a CSTR to people {who}, \
                     younger than the national minimum age of {min}"
                ),
                format!("national rule ({RULES_FILE}): min_age: {min} (CSTRs are for adults)"),
            );
        }
    }
    out
}

/// "24 months" or "2 years (24 months)".
pub(super) fn months_words(months: i64) -> String {
    match months {
        m if m > 0 && m % 12 == 0 => format!(
            "{} year{} ({m} months)",
            m / 12,
            if m == 12 { "" } else { "s" }
        ),
        m => format!("{m} months"),
    }
}

/// "ATR and DRR" for the first forbidden pair the sentence joins.
fn forbidden_pair(rules: &NationalRules, words: &[String]) -> Option<String> {
    let mentions = |id: &String| {
        let mut found = find_phrase(words, id);
        if let Some(name) = rules.requirement_names.get(id) {
            found.extend(find_phrase(words, &name.to_lowercase()));
        }
        found
    };
    let strip = |gap: &[String]| -> Vec<String> {
        gap.iter()
            .filter(|w| !matches!(w.as_str(), "a" | "an" | "the"))
            .cloned()
            .collect()
    };
    let cue = words.iter().any(|w| COMBINING_CUES.contains(&w.as_str()))
        || find_phrase(words, "same order").len() + find_phrase(words, "same time").len() > 0;
    for forbidden in rules.forbidden_combinations.iter().filter(|f| f.len() >= 2) {
        for (i, a) in forbidden.iter().enumerate() {
            for b in &forbidden[i + 1..] {
                for &(a0, a1) in &mentions(a) {
                    for &(b0, b1) in &mentions(b) {
                        let ((s0, s1), (t0, _)) = if a0 < b0 {
                            ((a0, a1), (b0, b1))
                        } else {
                            ((b0, b1), (a0, a1))
                        };
                        if t0 < s1 {
                            continue;
                        }
                        let gap = strip(&words[s1..t0]);
                        let gap: Vec<&str> = gap.iter().map(String::as_str).collect();
                        let direct = matches!(
                            gap.as_slice(),
                            ["with"]
                                | ["plus"]
                                | ["+"]
                                | ["alongside"]
                                | ["combined", "with"]
                                | ["together", "with"]
                        );
                        let listed = matches!(gap.as_slice(), [] | [","] | ["and"] | ["&"] | ["/"]);
                        let both =
                            s0 > 0 && strip(&words[..s0]).last().is_some_and(|w| w == "both");
                        if direct || (listed && (cue || both)) {
                            return Some(format!("{} and {}", rules.display(a), rules.display(b)));
                        }
                    }
                }
            }
        }
    }
    None
}

fn is_linking(word: &str) -> bool {
    LINKING.contains(&word)
        || number(word).is_some()
        || word.starts_with("month")
        || word.starts_with("year")
}

/// Order lengths over the national maximum: (order, months, max, rule key).
/// A length counts when it directly precedes an order or follows one with
/// only [`LINKING`] words between.
/// `cased` holds the same words as `words` unlowered: "CO" only counts in
/// capitals, or every "co-located" would be a community order.
fn order_lengths(
    rules: &NationalRules,
    words: &[String],
    cased: &[String],
) -> Vec<(&'static str, i64, i64, &'static str)> {
    let mut orders: Vec<(usize, usize, bool)> = Vec::new();
    orders.extend(
        find_phrase(words, "community order")
            .into_iter()
            .map(|(s, e)| (s, e, false)),
    );
    let capital_co = cased
        .iter()
        .enumerate()
        .filter(|(_, w)| *w == "CO" || *w == "COs");
    orders.extend(capital_co.map(|(i, _)| (i, i + 1, false)));
    for phrase in ["suspended sentence order", "suspended sentence", "sso"] {
        orders.extend(
            find_phrase(words, phrase)
                .into_iter()
                .map(|(s, e)| (s, e, true)),
        );
    }
    let mut found = Vec::new();
    for d in 0..words.len().saturating_sub(1) {
        let (Some(n), unit) = (number(&words[d]), words[d + 1].as_str()) else {
            continue;
        };
        let months = match unit {
            "month" | "months" => n,
            "year" | "years" => n * 12.0,
            _ => continue,
        };
        if words
            .get(d + 2)
            .is_some_and(|w| matches!(w.as_str(), "ago" | "old" | "olds"))
        {
            continue;
        }
        // "a 30-month SSO", or "an SSO can last up to 30 months" with only
        // linking words between: anything else may be another period.
        let before = orders.iter().find(|o| o.0 == d + 2);
        let after = || {
            orders
                .iter()
                .filter(|o| o.1 <= d && d - o.1 <= NEAR)
                .max_by_key(|o| o.1)
                .filter(|o| words[o.1..d].iter().all(|w| is_linking(w)))
        };
        let Some(nearest) = before.or_else(after) else {
            continue;
        };
        let (order, max, key) = match nearest.2 {
            true => (
                "suspended sentence order",
                rules.max_months.suspended_sentence_order,
                "suspended_sentence_order",
            ),
            false => (
                "community order",
                rules.max_months.community_order,
                "community_order",
            ),
        };
        if months > max as f64 {
            found.push((order, months.round() as i64, max, key));
        }
    }
    found
}

/// An age below the minimum offered eligibility (`aged 16`, `17-year-olds`,
/// `under 18`, `younger than 18`), described as written.
fn underage(rules: &NationalRules, words: &[String]) -> Option<String> {
    let about_eligibility = words
        .iter()
        .any(|w| ELIGIBILITY_CUES.iter().any(|c| w.starts_with(c)));
    if !about_eligibility {
        return None;
    }
    let min = rules.min_age;
    let young = |n: i64| n < min && n >= min.saturating_sub(8);
    let age = |w: &String| {
        let w = w.strip_suffix('s').unwrap_or(w);
        w.parse::<i64>().ok()
    };
    for (i, w) in words.iter().enumerate() {
        let next = |k: usize| words.get(i + k).and_then(age);
        let found = match w.as_str() {
            "aged" | "age" | "ages" => next(1)
                .or_else(|| next(2))
                .filter(|&n| young(n))
                .map(|n| format!("aged {n}")),
            "under" | "below" => next(1)
                .filter(|&n| young(n.saturating_sub(1)))
                .map(|n| format!("under {n}")),
            "younger" if words.get(i + 1).is_some_and(|t| t == "than") => next(2)
                .filter(|&n| young(n.saturating_sub(1)))
                .map(|n| format!("younger than {n}")),
            _ => age(w)
                .filter(|&n| {
                    young(n)
                        && words
                            .get(i + 1)
                            .is_some_and(|t| t == "year" || t == "years")
                        && words.get(i + 2).is_some_and(|t| t == "old" || t == "olds")
                })
                .map(|n| format!("aged {n}")),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}
