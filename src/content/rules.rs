//! A programme's national rules as data, and each site checked against them.
//!
//! Sites describe their local offer in their own record and pages, and a
//! slip there (two requirements combined that never may be, an order longer
//! than the law allows) would put guidance in front of readers that is
//! wrong. The rules belong to the programme, not to Waymark's code, so they
//! live in `content/national-rules.yaml`, and so do the requirement types
//! the rules speak of (site records, case studies and site pages name them
//! by id):
//!
//! ```yaml
//! min_age: 18
//! min_age_note: the service is for adults
//! requirements:
//!   - {id: vis, name: Home visit requirement, short: VIS, max_months: 12}
//!   - {id: cal, name: Phone call requirement, also_called: [phone check-in]}
//!   - {id: grp, name: Group session requirement}
//! allowed_combinations: [[vis, cal], [vis, grp]]
//! forbidden_combinations: [[cal, grp]]
//! # Longest a requirement may run, by the order it is part of, and the
//! # words prose uses for each order.
//! orders:
//!   - {id: standard_plan, name: standard plan, phrases: [standard plan], abbreviations: [SP], max_months: 36}
//!   - {id: short_plan, name: short plan, phrases: [short plan], max_months: 12}
//! ```
//!
//! [`check_site`] checks what a site's record states (the combinations it
//! offers, month and age parameters) exactly, and its prose by deliberately
//! conservative heuristics (see `prose`) that look for a sentence plainly
//! contradicting a rule and stay quiet on anything negated or ambiguous: a
//! false alarm on ordinary text would teach authors to ignore the check.
//! Every key is optional: a project without the file, or with only
//! `requirements`, has no rule to break.

mod prose;
#[cfg(test)]
mod tests;
mod words;

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::config::vocabulary::{find_word, is_plain_id};
use crate::diagnostics::{did_you_mean, Diagnostic, Position};

/// Where the programme keeps the rules, for hints.
pub const RULES_FILE: &str = "content/national-rules.yaml";
/// The same file, by its path under `content/`.
pub const RULES_FILE_NAME: &str = "national-rules.yaml";

/// Problems reported from the rules file at most: each is located by a
/// search of its text, which must not add up to quadratic time.
const MAX_PROBLEMS: usize = 50;

/// `content/national-rules.yaml`; see the module docs for an example.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalRules {
    /// Youngest age at which a person can be offered the service.
    #[serde(default)]
    pub min_age: Option<i64>,
    /// Why there is a minimum age, in a few words, for the hints.
    #[serde(default)]
    pub min_age_note: Option<String>,
    /// The requirement types, in the order pages list them. Each is a
    /// mapping, or (the first format of this file) a bare id named by
    /// `requirement_names`.
    #[serde(default, deserialize_with = "requirement_types")]
    pub requirements: Vec<RequirementType>,
    /// First format: names of the requirements listed as bare ids.
    #[serde(default)]
    requirement_names: std::collections::BTreeMap<String, String>,
    /// First format: the longest a requirement may run, by order id
    /// (`community_order: 36`); becomes `orders`.
    #[serde(default)]
    max_months: std::collections::BTreeMap<String, i64>,
    /// Combinations of two or more requirements an order may include;
    /// when absent, any combination that is not forbidden.
    #[serde(default)]
    pub allowed_combinations: Option<Vec<Vec<String>>>,
    /// Requirements that are never combined, whatever else is in the order.
    #[serde(default)]
    pub forbidden_combinations: Vec<Vec<String>>,
    /// The orders a requirement may be part of, with their longest length.
    #[serde(default)]
    pub orders: Vec<OrderType>,
    /// The file as written, to locate mistakes in it.
    #[serde(skip)]
    pub source: String,
}

/// One requirement type.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementType {
    /// What site records and front matter write (lower case).
    pub id: String,
    /// In full, in sentence case: "Home visit requirement".
    pub name: String,
    /// Short form for tags and messages; the id in capitals by default.
    #[serde(default)]
    pub short: Option<String>,
    /// The statutory maximum, in months, when there is one.
    #[serde(default)]
    pub max_months: Option<i64>,
    /// Other names prose uses for it, so the prose checks see them too.
    #[serde(default)]
    pub also_called: Vec<String>,
}

/// A kind of order requirements run within, and how long it may last.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderType {
    pub id: String,
    /// As messages name it: "standard plan".
    pub name: String,
    /// Phrases that name it in prose, matched in any case (a last word may
    /// be plural).
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Abbreviations matched only as written (capitals), since in lower
    /// case they may be ordinary words.
    #[serde(default)]
    pub abbreviations: Vec<String>,
    pub max_months: i64,
}

/// Reads `requirements`: each entry a mapping, or a bare id (the first
/// format). A visitor rather than an untagged enum, so a mistake inside a
/// mapping keeps its own message ("unknown field `nmae`") and position.
fn requirement_types<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<RequirementType>, D::Error> {
    struct Entry(RequirementType);
    impl<'de> Deserialize<'de> for Entry {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(EntryVisitor)
        }
    }
    struct EntryVisitor;
    impl<'de> serde::de::Visitor<'de> for EntryVisitor {
        type Value = Entry;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a requirement type (id, name, …) or a requirement id")
        }
        fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<Entry, E> {
            Ok(Entry(RequirementType {
                id: id.to_string(),
                name: String::new(),
                short: None,
                max_months: None,
                also_called: Vec::new(),
            }))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Entry, A::Error> {
            RequirementType::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                .map(Entry)
        }
    }
    let entries: Vec<Entry> = Deserialize::deserialize(d)?;
    Ok(entries.into_iter().map(|e| e.0).collect())
}

/// "community_order" → "community order": a name for an id the project did
/// not name.
pub fn name_from_id(id: &str) -> String {
    id.replace(['_', '-'], " ")
}

impl RequirementType {
    /// "VIS": the short form, or the id in capitals.
    pub fn short(&self) -> String {
        self.short.clone().unwrap_or_else(|| self.id.to_uppercase())
    }

    /// "Home visit requirement (VIS)".
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.short())
    }
}

impl OrderType {
    /// Whether a site parameter (`sp_max_months`) is about this order: a
    /// part of its name is a one-word phrase or abbreviation, or its name
    /// holds the first word of a longer phrase (`standard_months`).
    fn names_parameter(&self, name: &str) -> bool {
        let lower = name.to_lowercase();
        let parts: Vec<&str> = lower.split(['_', '-']).collect();
        let words = self.phrases.iter().chain(&self.abbreviations);
        words.map(|p| p.to_lowercase()).any(|p| {
            let mut ws = p.split_whitespace();
            match (ws.next(), ws.next()) {
                (Some(one), None) => parts.contains(&one),
                (Some(first), Some(_)) => lower.contains(first),
                _ => false,
            }
        })
    }
}

/// What a site states, gathered by the caller from its record and pages.
#[derive(Debug, Clone, Default)]
pub struct SiteFacts<'a> {
    pub site_id: &'a str,
    /// The site's record (e.g. `sites/plymouth/site.yaml`).
    pub file: &'a str,
    /// Requirement combinations the site offers, each where it is written.
    pub combinations: Vec<(Vec<String>, Position)>,
    /// Numeric parameters (`usual_order_months`, `sp_max_months`, `min_age`, …).
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
    /// Brings the first format of the file (`requirements` as bare ids,
    /// `requirement_names`, `max_months` by order) into the current model,
    /// so projects written for it keep building; an unnamed requirement is
    /// named from its id, and an order's prose phrase is its name.
    pub fn upgrade_first_format(&mut self) {
        for r in &mut self.requirements {
            if r.name.is_empty() {
                r.name = self
                    .requirement_names
                    .get(&r.id)
                    .cloned()
                    .unwrap_or_else(|| name_from_id(&r.id).to_uppercase());
            }
        }
        for (id, months) in std::mem::take(&mut self.max_months) {
            if self.orders.iter().any(|o| o.id == id) {
                continue;
            }
            let name = name_from_id(&id);
            self.orders.push(OrderType {
                id,
                phrases: vec![name.clone()],
                name,
                abbreviations: Vec::new(),
                max_months: months,
            });
        }
    }

    /// The requirement type `id`, if declared.
    pub fn requirement(&self, id: &str) -> Option<&RequirementType> {
        self.requirements.iter().find(|r| r.id == id)
    }

    pub fn requirement_ids(&self) -> Vec<&str> {
        self.requirements.iter().map(|r| r.id.as_str()).collect()
    }

    /// Where `word` is first written in the file (its first line if not found).
    fn at(&self, word: &str) -> Position {
        find_word(&self.source, 0, word)
            .map_or(Position::new(1, 1), |(l, c)| Position::new(l + 1, c + 1))
    }

    /// Mistakes inside the rules file itself, each where it is written (the
    /// first [`MAX_PROBLEMS`], each found by a search of the file).
    pub fn validate(&self) -> Vec<Diagnostic> {
        let mut problems = self.problems();
        problems.truncate(MAX_PROBLEMS);
        problems
    }

    fn problems(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let ids: std::collections::HashSet<&str> = self.requirement_ids().into_iter().collect();
        let mut seen = std::collections::HashSet::new();
        for r in &self.requirements {
            if problems.len() >= MAX_PROBLEMS {
                return problems;
            }
            if !is_plain_id(&r.id) {
                problems.push(
                    Diagnostic::error(
                        RULES_FILE,
                        self.at(&r.id),
                        format!("`{}` is not a usable requirement id", r.id),
                    )
                    .with_hint("use lower-case letters, digits, hyphens and underscores"),
                );
            } else if !seen.insert(r.id.as_str()) {
                problems.push(Diagnostic::error(
                    RULES_FILE,
                    self.at(&r.id),
                    format!("requirement `{}` is declared twice", r.id),
                ));
            }
        }
        let lists = self
            .allowed_combinations
            .iter()
            .flatten()
            .chain(&self.forbidden_combinations);
        for name in lists.flatten() {
            if problems.len() >= MAX_PROBLEMS {
                return problems;
            }
            if !ids.contains(&name.as_str()) {
                problems.push(
                    Diagnostic::error(
                        RULES_FILE,
                        self.at(name),
                        format!("unknown requirement `{name}`"),
                    )
                    .with_hint(format!(
                        "`requirements` declares {}",
                        self.requirement_ids().join(", ")
                    )),
                );
            }
        }
        for allowed in self.allowed_combinations.iter().flatten() {
            if problems.len() >= MAX_PROBLEMS {
                return problems;
            }
            if let Some(f) = self.forbidden_in(allowed) {
                problems.push(Diagnostic::error(
                    RULES_FILE,
                    self.at("allowed_combinations"),
                    format!(
                        "[{}] is both allowed and forbidden (forbidden: [{}])",
                        allowed.join(", "),
                        f.join(", ")
                    ),
                ));
            }
        }
        for order in &self.orders {
            if problems.len() >= MAX_PROBLEMS {
                return problems;
            }
            if order.phrases.is_empty() && order.abbreviations.is_empty() {
                problems.push(
                    Diagnostic::error(
                        RULES_FILE,
                        self.at(&order.id),
                        format!("order `{}` has no `phrases` or `abbreviations`", order.id),
                    )
                    .with_hint("list the words prose uses for it, e.g. `phrases: [standard plan]`"),
                );
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

    /// How a requirement is named in messages: its short form.
    fn display(&self, id: &str) -> String {
        self.requirement(id)
            .map_or_else(|| id.to_uppercase(), RequirementType::short)
    }

    /// The order with the longest maximum: what a length in months with
    /// no order named is checked against.
    fn longest_order(&self) -> Option<&OrderType> {
        self.orders.iter().max_by_key(|o| o.max_months)
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
            "list the requirements combined, by id".into(),
        ));
        return;
    }
    let mut unknown = false;
    let ids = rules.requirement_ids();
    for name in &names {
        if !ids.contains(&name.as_str()) {
            unknown = true;
            let guess = did_you_mean(name, ids.iter().copied())
                .map(|g| format!("did you mean `{g}`? "))
                .unwrap_or_default();
            out.push(error(
                format!("unknown requirement `{name}` in a combination"),
                format!(
                    "{guess}requirements declared in {RULES_FILE}: {}",
                    ids.join(", ")
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
    } else if let Some(allowed) = rules.allowed_combinations.as_deref().filter(|allowed| {
        !allowed
            .iter()
            .any(|a| a.len() == set.len() && a.iter().all(|r| set.contains(r)))
    }) {
        out.push(error(
            format!("{shown} is not an allowed combination"),
            format!(
                "national rule ({RULES_FILE}): allowed_combinations: {}",
                list(allowed)
            ),
        ));
    }
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
    if let Some(min) = rules
        .min_age
        .filter(|&min| name == "min_age" && value < min)
    {
        out.push(error(
            format!("`min_age: {value}` is below the national minimum age of {min}"),
            format!(
                "national rule ({RULES_FILE}): min_age: {min}{}",
                prose::note(rules)
            ),
        ));
    }
    if !name.ends_with("_months") {
        return;
    }
    if value < 0 {
        out.push(error(
            format!("`{name}: {value}` is negative"),
            "give a number of months".into(),
        ));
        return;
    }
    let parts: Vec<String> = name
        .to_lowercase()
        .split(['_', '-'])
        .map(str::to_string)
        .collect();
    let requirement = rules
        .requirements
        .iter()
        .filter(|r| {
            parts.contains(&r.id)
                || r.short
                    .as_ref()
                    .is_some_and(|s| parts.contains(&s.to_lowercase()))
        })
        .find_map(|r| r.max_months.filter(|&max| value > max).map(|max| (r, max)));
    if let Some((r, max)) = requirement {
        out.push(error(
            format!("`{name}: {value}` is longer than a {} allows", r.short()),
            format!(
                "national rule ({RULES_FILE}): requirement `{}`, max_months: {max} (at most {})",
                r.id,
                prose::months_words(max)
            ),
        ));
        return;
    }
    let named = rules.orders.iter().find(|o| o.names_parameter(name));
    let (order, any) = match named {
        Some(order) => (order, false),
        None => match rules.longest_order() {
            Some(order) => (order, true),
            None => return,
        },
    };
    if value > order.max_months {
        out.push(error(
            match any {
                true => format!("`{name}: {value}` is longer than any order allows"),
                false => format!("`{name}: {value}` is longer than a {} allows", order.name),
            },
            format!(
                "national rule ({RULES_FILE}): order `{}`, max_months: {} (a requirement in a {} lasts at most {})",
                order.id,
                order.max_months,
                order.name,
                prose::months_words(order.max_months)
            ),
        ));
    }
}
