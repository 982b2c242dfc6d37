//! `content/glossary.yaml`: terms, expansions and definitions.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{did_you_mean, Diagnostic, Position};
use crate::markdown::glossary_marks::{GlossaryMatcher, MarkableTerm};
use crate::slug::slugify;
use crate::yaml;

pub const GLOSSARY_FILE: &str = "glossary.yaml";

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    /// The glossary page's summary, in the project's words.
    #[serde(default)]
    pub summary: Option<String>,
    pub terms: Vec<Term>,
    /// The abbreviation matcher for marking pages, built on first use.
    #[serde(skip)]
    marks: MatcherCache,
}

/// Built once per build, shared by every page's renderer. Its `Debug` says
/// nothing, so hashing a glossary's `Debug` (incremental builds) does not
/// depend on whether a page has been rendered yet.
#[derive(Clone, Default)]
struct MatcherCache(OnceLock<GlossaryMatcher>);

impl std::fmt::Debug for MatcherCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MatcherCache")
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub term: String,
    #[serde(default)]
    pub expansion: Option<String>,
    pub definition: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub related: Vec<String>,
    /// Set when an abbreviation has more than one meaning in this field.
    #[serde(default)]
    pub ambiguity: Option<String>,
}

impl Term {
    /// The anchor of the term on the glossary page.
    pub fn anchor(&self) -> String {
        slugify(&self.term)
    }

    /// What the page renderer's abbreviation marks read of this term.
    pub fn markable(&self) -> MarkableTerm<'_> {
        MarkableTerm {
            term: &self.term,
            expansion: self.expansion.as_deref(),
            definition: &self.definition,
            aliases: &self.aliases,
            ambiguity: self.ambiguity.as_deref(),
        }
    }
}

impl Glossary {
    /// Parses and validates: duplicate terms, related terms that name no
    /// term, and an alias claimed by two terms (or naming another term) are
    /// errors, reported at the line where the term or alias is written.
    pub fn parse(text: &str, file: &str) -> Result<Glossary, Vec<Diagnostic>> {
        let mut glossary: Glossary =
            yaml::parse(text, yaml::Origin::file(file)).map_err(|d| vec![d])?;
        let mut errors = Vec::new();
        let line_of = |term: &str| -> Position {
            term_line(text, term)
                .map(|i| Position::new(i + 1, 1))
                .unwrap_or(Position::new(1, 1))
        };
        let mut seen = BTreeSet::new();
        for term in &glossary.terms {
            if !seen.insert(term.term.to_lowercase()) {
                errors.push(
                    Diagnostic::error(
                        file,
                        line_of(&term.term),
                        format!("glossary term `{}` is defined twice", term.term),
                    )
                    .with_hint("merge the two entries"),
                );
            }
        }
        let names: Vec<&str> = glossary.terms.iter().map(|t| t.term.as_str()).collect();
        for term in &glossary.terms {
            for related in &term.related {
                if !names.iter().any(|n| n == related) {
                    let mut d = Diagnostic::error(
                        file,
                        line_of(&term.term),
                        format!(
                            "`{}` lists related term `{related}`, which is not in the glossary",
                            term.term
                        ),
                    );
                    if let Some(best) = did_you_mean(related, names.iter().copied()) {
                        d = d.with_hint(format!("did you mean `{best}`?"));
                    }
                    errors.push(d);
                }
            }
        }
        // Aliases mark pages and expand searches: each must mean one term.
        let mut claimed: BTreeMap<String, &str> = glossary
            .terms
            .iter()
            .map(|t| (t.term.to_lowercase(), t.term.as_str()))
            .collect();
        for term in &glossary.terms {
            let mut own = BTreeSet::new();
            for alias in &term.aliases {
                let key = alias.trim().to_lowercase();
                if !own.insert(key.clone()) {
                    continue; // the same alias twice in one term is harmless
                }
                match claimed.get(&key) {
                    Some(&owner) if owner != term.term => {
                        let message = if owner.to_lowercase() == key {
                            format!(
                                "`{}` lists alias `{alias}`, which is the term `{owner}`",
                                term.term
                            )
                        } else {
                            format!(
                                "alias `{alias}` of `{}` is already an alias of `{owner}`",
                                term.term
                            )
                        };
                        errors.push(
                            Diagnostic::error(file, alias_position(text, &term.term, alias), message)
                                .with_hint(
                                    "an alias must mean one term: remove it from one of them, or merge the terms",
                                ),
                        );
                    }
                    Some(_) => {}
                    None => {
                        claimed.insert(key, term.term.as_str());
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        glossary.terms.sort_by_key(|t| t.term.to_lowercase());
        Ok(glossary)
    }

    /// The matcher that marks this glossary's abbreviations in pages,
    /// built the first time it is asked for.
    pub fn matcher(&self) -> &GlossaryMatcher {
        self.marks
            .0
            .get_or_init(|| GlossaryMatcher::new(self.terms.iter().map(Term::markable)))
    }

    pub fn anchors(&self) -> BTreeSet<String> {
        self.terms.iter().map(Term::anchor).collect()
    }
}

/// The line index (from 0) of `term: <term>`, quoted or not.
fn term_line(text: &str, term: &str) -> Option<usize> {
    text.lines().position(|l| {
        let l = l.trim_start();
        let l = l.strip_prefix("- ").unwrap_or(l).trim_start();
        l.strip_prefix("term:")
            .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\''))
            == Some(term)
    })
}

/// Where `alias` is written in `term`'s `aliases` (its line and column),
/// or the term's line if it cannot be found.
fn alias_position(text: &str, term: &str, alias: &str) -> Position {
    let Some(start) = term_line(text, term) else {
        return Position::new(1, 1);
    };
    let mut in_aliases = false;
    for (i, line) in text.lines().enumerate().skip(start + 1) {
        let trimmed = line.trim_start();
        if trimmed.starts_with("- term:") {
            break;
        }
        let mut from = 0;
        if let Some(rest) = trimmed.strip_prefix("aliases:") {
            in_aliases = true;
            from = line.len() - rest.len();
        } else if !trimmed.starts_with('-') && trimmed.contains(':') {
            in_aliases = false; // another key
        }
        if !in_aliases {
            continue;
        }
        if let Some(byte) = line[from..].find(alias).map(|b| b + from) {
            return Position::new(i + 1, line[..byte].chars().count() + 1);
        }
    }
    Position::new(start + 1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangling_related_term_is_an_error_with_a_line() {
        let text = "terms:\n  - term: ATR\n    definition: a\n  - term: DRR\n    definition: b\n    related: [ATX]\n";
        let errs = Glossary::parse(text, "content/glossary.yaml").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].position.line, 4);
        assert!(errs[0].hint.as_deref().unwrap().contains("ATR"));
    }

    #[test]
    fn an_alias_of_two_terms_is_an_error_at_the_alias() {
        let text = "terms:\n  - term: BBR\n    definition: a\n    aliases: [BRR, building better relationships]\n  - term: DRR\n    definition: b\n    aliases:\n      - drug rehabilitation requirement\n      - brr\n";
        let errs = Glossary::parse(text, "content/glossary.yaml").unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!(errs[0].position, Position::new(9, 9));
        assert!(
            errs[0].message.contains("already an alias of `BBR`"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn an_alias_naming_another_term_is_an_error() {
        let text = "terms:\n  - term: ATR\n    definition: a\n  - term: DRR\n    definition: b\n    aliases: [ATR]\n";
        let errs = Glossary::parse(text, "g.yaml").unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!(errs[0].position, Position::new(6, 15));
        assert!(
            errs[0].message.contains("which is the term `ATR`"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn an_alias_repeated_in_its_own_term_is_fine() {
        let text = "terms:\n  - term: CSTR\n    expansion: C S T R\n    definition: a\n    aliases: [CSTRs, cstrs, cstr]\n";
        let g = Glossary::parse(text, "g.yaml").unwrap();
        assert!(!g.matcher().is_empty());
    }

    #[test]
    fn duplicates_are_errors() {
        let text = "terms:\n  - term: ATR\n    definition: a\n  - term: atr\n    definition: b\n";
        assert!(Glossary::parse(text, "g.yaml").is_err());
    }
}
