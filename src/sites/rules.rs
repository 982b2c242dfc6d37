//! The national CSTR rules as data, and each site checked against them.
//!
//! Sites describe their local offer in their own record and pages, and a
//! slip there ("we offer ATR and DRR together", a 30-month suspended sentence
//! order) would put guidance in front of a court that the law does not allow.
//! The rules belong to the programme team, not to Waymark's code, so they live
//! in `content/national-rules.yaml`:
//!
//! ```yaml
//! # Who may receive a CSTR, and how requirements may be combined.
//! min_age: 18
//! requirements: [mhtr, atr, drr]
//! requirement_names:
//!   mhtr: Mental Health Treatment Requirement
//!   atr: Alcohol Treatment Requirement
//!   drr: Drug Rehabilitation Requirement
//! allowed_combinations: [[mhtr, atr], [mhtr, drr]]
//! forbidden_combinations: [[atr, drr]]
//! # Longest a requirement may run, by the order it is attached to.
//! max_months: {community_order: 36, suspended_sentence_order: 24}
//! ```
//!
//! [`check_site`] checks what a site's record states (the combinations it
//! offers, month and age parameters) exactly, and its prose by deliberately
//! conservative heuristics (see `prose`) that look for a sentence plainly
//! contradicting a rule and stay quiet on anything negated or ambiguous: a
//! false alarm on ordinary text would teach authors to ignore the check.

mod prose;
#[cfg(test)]
mod tests;
mod words;

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::diagnostics::{did_you_mean, Diagnostic, Position};

/// Where the programme team keeps the rules, for hints.
pub const RULES_FILE: &str = "content/national-rules.yaml";
/// The same file, by its path under `content/`.
pub const RULES_FILE_NAME: &str = "national-rules.yaml";

/// `content/national-rules.yaml`; see the module docs for an example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalRules {
    /// Youngest age at which a person can receive a CSTR.
    pub min_age: i64,
    /// Requirement ids, lower case (`mhtr`, `atr`, `drr`).
    pub requirements: Vec<String>,
    /// Full names by id, so prose that spells them out is checked too.
    #[serde(default)]
    pub requirement_names: BTreeMap<String, String>,
    /// Combinations of two or more requirements a sentence may include.
    pub allowed_combinations: Vec<Vec<String>>,
    /// Requirements that are never combined, whatever else is in the order.
    pub forbidden_combinations: Vec<Vec<String>>,
    pub max_months: MaxMonths,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaxMonths {
    pub community_order: i64,
    pub suspended_sentence_order: i64,
}

/// What a site states, gathered by the caller from its record and pages.
#[derive(Debug, Clone, Default)]
pub struct SiteFacts<'a> {
    pub site_id: &'a str,
    /// The site's record (e.g. `sites/plymouth/site.yaml`).
    pub file: &'a str,
    /// Requirement combinations the site offers, each where it is written.
    pub combinations: Vec<(Vec<String>, Position)>,
    /// Numeric parameters (`usual_order_months`, `sso_max_months`, `min_age`, …).
    pub numbers: Vec<(String, i64, Position)>,
    /// The site's Markdown pages (bodies), checked by the prose heuristics.
    pub texts: Vec<SiteText<'a>>,
}

/// A Markdown body and where it sits.
#[derive(Debug, Clone, Copy)]
pub struct SiteText<'a> {
    pub file: &'a str,
    pub text: &'a str,
    /// Line of `file` on which `text` starts.
    pub first_line: usize,
}

impl NationalRules {
    /// Mistakes inside the rules file itself (it has no positions once parsed,
    /// so these point at its first line).
    pub fn validate(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let at = Position::new(1, 1);
        let lists = self
            .allowed_combinations
            .iter()
            .chain(&self.forbidden_combinations);
        for name in lists.flatten().chain(self.requirement_names.keys()) {
            if !self.requirements.contains(name) {
                problems.push(
                    Diagnostic::error(RULES_FILE, at, format!("unknown requirement `{name}`"))
                        .with_hint(format!(
                            "`requirements` lists {}",
                            self.requirements.join(", ")
                        )),
                );
            }
        }
        for allowed in &self.allowed_combinations {
            if let Some(f) = self.forbidden_in(allowed) {
                problems.push(Diagnostic::error(
                    RULES_FILE,
                    at,
                    format!(
                        "[{}] is both allowed and forbidden (forbidden: [{}])",
                        allowed.join(", "),
                        f.join(", ")
                    ),
                ));
            }
        }
        problems
    }

    /// The first forbidden combination wholly contained in `combination`.
    fn forbidden_in(&self, combination: &[String]) -> Option<&Vec<String>> {
        self.forbidden_combinations
            .iter()
            .find(|f| !f.is_empty() && f.iter().all(|r| combination.contains(r)))
    }

    /// How a requirement is named in messages: `ATR`.
    fn display(&self, id: &str) -> String {
        id.to_uppercase()
    }
}

/// Checks a site's stated combinations, numbers and prose against `rules`.
/// All problems are returned, in the order found.
pub fn check_site(rules: &NationalRules, site: &SiteFacts<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (combination, at) in &site.combinations {
        check_combination(rules, site, combination, *at, &mut out);
    }
    for (name, value, at) in &site.numbers {
        check_number(rules, site, name, *value, *at, &mut out);
    }
    for text in &site.texts {
        out.extend(prose::check(rules, text));
    }
    out
}

fn list(combinations: &[Vec<String>]) -> String {
    combinations
        .iter()
        .map(|c| format!("[{}]", c.join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_combination(
    rules: &NationalRules,
    site: &SiteFacts<'_>,
    combination: &[String],
    at: Position,
    out: &mut Vec<Diagnostic>,
) {
    let error = |message: String, hint: String| {
        Diagnostic::error(site.file, at, format!("site `{}`: {message}", site.site_id))
            .with_hint(hint)
    };
    let names: Vec<String> = combination
        .iter()
        .map(|r| r.trim().to_lowercase())
        .collect();
    if names.is_empty() {
        out.push(error(
            "empty combination".into(),
            "list the requirements combined, e.g. [mhtr, atr]".into(),
        ));
        return;
    }
    let mut unknown = false;
    for name in &names {
        if !rules.requirements.contains(name) {
            unknown = true;
            let guess = did_you_mean(name, rules.requirements.iter().map(String::as_str))
                .map(|g| format!("did you mean `{g}`? "))
                .unwrap_or_default();
            out.push(error(
                format!("unknown requirement `{name}` in a combination"),
                format!(
                    "{guess}national rule ({RULES_FILE}): requirements: [{}]",
                    rules.requirements.join(", ")
                ),
            ));
        }
    }
    let set: BTreeSet<&String> = names.iter().collect();
    if set.len() < names.len() {
        out.push(error(
            "a combination names the same requirement twice".into(),
            "list each requirement once".into(),
        ));
        return;
    }
    if unknown || names.len() < 2 {
        return;
    }
    let shown = names
        .iter()
        .map(|n| rules.display(n))
        .collect::<Vec<_>>()
        .join(" + ");
    if let Some(forbidden) = rules.forbidden_in(&names) {
        let pair = forbidden
            .iter()
            .map(|n| rules.display(n))
            .collect::<Vec<_>>()
            .join(" and ");
        out.push(error(
            format!("{shown} is not allowed: {pair} are never combined"),
            format!(
                "national rule ({RULES_FILE}): forbidden_combinations: {}",
                list(&rules.forbidden_combinations)
            ),
        ));
    } else if !rules
        .allowed_combinations
        .iter()
        .any(|a| a.len() == set.len() && a.iter().all(|r| set.contains(r)))
    {
        out.push(error(
            format!("{shown} is not an allowed combination"),
            format!(
                "national rule ({RULES_FILE}): allowed_combinations: {}",
                list(&rules.allowed_combinations)
            ),
        ));
    }
}

/// Whether a parameter name is about suspended sentence orders.
fn is_sso(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.split(['_', '-']).any(|part| part == "sso") || lower.contains("suspended")
}

fn check_number(
    rules: &NationalRules,
    site: &SiteFacts<'_>,
    name: &str,
    value: i64,
    at: Position,
    out: &mut Vec<Diagnostic>,
) {
    let error = |message: String, hint: String| {
        Diagnostic::error(site.file, at, format!("site `{}`: {message}", site.site_id))
            .with_hint(hint)
    };
    if name == "min_age" && value < rules.min_age {
        out.push(error(
            format!(
                "`min_age: {value}` is below the national minimum age of {}",
                rules.min_age
            ),
            format!(
                "national rule ({RULES_FILE}): min_age: {} (CSTRs are for adults)",
                rules.min_age
            ),
        ));
    }
    if !name.ends_with("_months") {
        return;
    }
    let max = rules.max_months;
    if value < 0 {
        out.push(error(
            format!("`{name}: {value}` is negative"),
            "give a number of months".into(),
        ));
    } else if is_sso(name) && value > max.suspended_sentence_order {
        out.push(error(
            format!("`{name}: {value}` is longer than a suspended sentence order allows"),
            format!(
                "national rule ({RULES_FILE}): max_months.suspended_sentence_order: {} \
                 (a requirement in an SSO lasts at most {})",
                max.suspended_sentence_order,
                prose::months_words(max.suspended_sentence_order)
            ),
        ));
    } else if value > max.community_order {
        out.push(error(
            format!("`{name}: {value}` is longer than any order allows"),
            format!(
                "national rule ({RULES_FILE}): max_months.community_order: {} \
                 (a requirement in a community order lasts at most {})",
                max.community_order,
                prose::months_words(max.community_order)
            ),
        ));
    }
}
