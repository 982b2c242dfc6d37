//! `content/glossary.yaml`: terms, expansions and definitions.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{did_you_mean, Diagnostic, Position};
use crate::markdown::slug::slugify;
use crate::yaml;

pub const GLOSSARY_FILE: &str = "glossary.yaml";

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    pub terms: Vec<Term>,
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
}

impl Glossary {
    /// Parses and validates: duplicate terms and related terms that name no
    /// term are errors, reported at the line where the term is written.
    pub fn parse(text: &str, file: &str) -> Result<Glossary, Vec<Diagnostic>> {
        let mut glossary: Glossary =
            yaml::parse(text, yaml::Origin::file(file)).map_err(|d| vec![d])?;
        let mut errors = Vec::new();
        let line_of = |term: &str| -> Position {
            let needle = format!("term: {term}");
            text.lines()
                .position(|l| l.trim_start().trim_start_matches("- ").trim() == needle)
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
        if !errors.is_empty() {
            return Err(errors);
        }
        glossary.terms.sort_by_key(|t| t.term.to_lowercase());
        Ok(glossary)
    }

    pub fn anchors(&self) -> BTreeSet<String> {
        self.terms.iter().map(Term::anchor).collect()
    }
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
    fn duplicates_are_errors() {
        let text = "terms:\n  - term: ATR\n    definition: a\n  - term: atr\n    definition: b\n";
        assert!(Glossary::parse(text, "g.yaml").is_err());
    }
}
