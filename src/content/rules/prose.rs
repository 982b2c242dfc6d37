//! Conservative checks of a site's prose against the national rules.
//!
//! Prose cannot be parsed for meaning, so each check looks for one plain
//! shape of sentence and fires only on that: two forbidden requirements
//! joined by "with", "plus", "alongside", or by "and" next to a word such as
//! "together" or "combined"; an order length stated next to one of the
//! phrases the rules give for an order; an age below the minimum
//! in a sentence about eligibility, referral or assessment. Any sentence with
//! a negation ("never", "not", "no", "cannot", "n't", …) is skipped, since it
//! is far more likely to be restating the rule than breaking it. Code blocks,
//! code spans and raw HTML are not prose and are not read.
//!
//! Positions are those of the start of the offending sentence.

use super::words::{find_phrase, number, sentences, tokens};
use super::{NationalRules, OrderType, SiteText, RULES_FILE};
use crate::diagnostics::{Diagnostic, Position};

/// How many words apart an order and a length may be and still be read together.
const NEAR: usize = 8;
/// Words that may stand between an order and its length ("an SP can last
/// up to 2 years"); any other word there means the number may be about
/// something else ("a standard plan for someone who has waited for 5 years").
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
/// Word stems that make a sentence about who can be offered the service.
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
        for (order, months) in order_lengths(rules, &words, &cased) {
            error(
                format!(
                    "this sentence gives a {} a length of {}",
                    order.name,
                    months_words(months)
                ),
                format!(
                    "national rule ({RULES_FILE}): order `{}`, max_months: {} (at most {})",
                    order.id,
                    order.max_months,
                    months_words(order.max_months)
                ),
            );
        }
        if let Some((who, min)) = underage(rules, &words) {
            error(
                format!(
                    "this sentence offers the service to people {who}, \
                     younger than the national minimum age of {min}"
                ),
                format!(
                    "national rule ({RULES_FILE}): min_age: {min}{}",
                    note(rules)
                ),
            );
        }
    }
    out
}

/// " (the service is for adults)": the rules' reason for the minimum age.
pub(super) fn note(rules: &NationalRules) -> String {
    rules
        .min_age_note
        .as_deref()
        .map(|n| format!(" ({n})"))
        .unwrap_or_default()
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

/// The ways prose names a requirement, lower case: its id, short form,
/// name and other names.
fn requirement_words(rules: &NationalRules, id: &str) -> Vec<String> {
    let mut names = vec![id.to_string()];
    if let Some(r) = rules.requirement(id) {
        names.push(r.short().to_lowercase());
        names.push(r.name.to_lowercase());
        names.extend(r.also_called.iter().map(|n| n.to_lowercase()));
    }
    names.sort();
    names.dedup();
    names
}

/// "CAL and GRP" for the first forbidden pair the sentence joins.
fn forbidden_pair(rules: &NationalRules, words: &[String]) -> Option<String> {
    let mentions = |id: &String| {
        let mut found: Vec<(usize, usize)> = requirement_words(rules, id)
            .iter()
            .flat_map(|n| find_phrase(words, n))
            .collect();
        found.sort();
        found.dedup();
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

/// Whether `word` may stand between an order and its length: an
/// ordinary linking word, a number or unit, or a requirement's id or short form.
fn is_linking(rules: &NationalRules, word: &str) -> bool {
    LINKING.contains(&word)
        || number(word).is_some()
        || word.starts_with("month")
        || word.starts_with("year")
        || rules.requirements.iter().any(|r| {
            r.id == word || r.short().to_lowercase() == word || format!("{}s", r.id) == word
        })
}

/// Order lengths over the order's maximum: (order, months).
/// A length counts when it directly precedes an order or follows one with
/// only [`LINKING`] words between.
/// `cased` holds the same words as `words` unlowered: an abbreviation only
/// counts as written ("CO" in capitals, or every "co-located" would be one).
fn order_lengths<'r>(
    rules: &'r NationalRules,
    words: &[String],
    cased: &[String],
) -> Vec<(&'r OrderType, i64)> {
    let mut orders: Vec<(usize, usize, &OrderType)> = Vec::new();
    for order in &rules.orders {
        for phrase in &order.phrases {
            orders.extend(
                find_phrase(words, &phrase.to_lowercase())
                    .into_iter()
                    .map(|(s, e)| (s, e, order)),
            );
        }
        let abbreviated = cased.iter().enumerate().filter(|(_, w)| {
            order
                .abbreviations
                .iter()
                .any(|a| *w == a || **w == format!("{a}s"))
        });
        orders.extend(abbreviated.map(|(i, _)| (i, i + 1, order)));
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
        // "a 30-month SP", or "an SP can last up to 30 months" with only
        // linking words between: anything else may be another period.
        let before = orders.iter().find(|o| o.0 == d + 2);
        let after = || {
            orders
                .iter()
                .filter(|o| o.1 <= d && d - o.1 <= NEAR)
                .max_by_key(|o| o.1)
                .filter(|o| words[o.1..d].iter().all(|w| is_linking(rules, w)))
        };
        let Some(&(_, _, order)) = before.or_else(after) else {
            continue;
        };
        if months > order.max_months as f64 {
            found.push((order, months.round() as i64));
        }
    }
    found
}

/// An age below the minimum offered eligibility (`aged 16`, `17-year-olds`,
/// `under 18`, `younger than 18`), described as written.
fn underage(rules: &NationalRules, words: &[String]) -> Option<(String, i64)> {
    let min = rules.min_age?;
    let about_eligibility = words
        .iter()
        .any(|w| ELIGIBILITY_CUES.iter().any(|c| w.starts_with(c)));
    if !about_eligibility {
        return None;
    }
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
        if let Some(who) = found {
            return Some((who, min));
        }
    }
    None
}
