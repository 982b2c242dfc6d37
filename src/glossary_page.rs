//! Typed template data of the glossary page (`glossary.html`): the terms
//! grouped by first letter, each with its related terms linked.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::glossary::Glossary;
use crate::render::extra_data;

/// The glossary page's `extra`: `glossary.letters`.
#[derive(Debug, Serialize)]
struct GlossaryPageData<'a> {
    glossary: Letters<'a>,
}

#[derive(Debug, Serialize)]
struct Letters<'a> {
    letters: Vec<Letter<'a>>,
}

/// The terms under one first letter; `#` gathers those not starting with one.
#[derive(Debug, Serialize)]
struct Letter<'a> {
    letter: String,
    /// The letter's anchor on the page.
    id: String,
    terms: Vec<TermView<'a>>,
}

/// A term as the glossary page shows it.
#[derive(Debug, Serialize)]
struct TermView<'a> {
    term: &'a str,
    anchor: String,
    expansion: &'a Option<String>,
    definition: &'a str,
    aliases: &'a [String],
    related: Vec<RelatedTerm<'a>>,
    ambiguity: &'a Option<String>,
}

/// A related term, linked to its entry.
#[derive(Debug, Serialize)]
struct RelatedTerm<'a> {
    term: &'a str,
    anchor: String,
}

/// The glossary grouped by first letter, for `glossary.html`.
pub fn glossary_context(glossary: &Glossary) -> serde_json::Value {
    let mut letters: BTreeMap<String, Vec<TermView>> = BTreeMap::new();
    for term in &glossary.terms {
        let letter = term
            .term
            .chars()
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default();
        let letter = if letter.chars().all(char::is_alphabetic) {
            letter
        } else {
            "#".to_string()
        };
        let related: Vec<RelatedTerm> = term
            .related
            .iter()
            .filter_map(|r| glossary.terms.iter().find(|t| &t.term == r))
            .map(|t| RelatedTerm {
                term: &t.term,
                anchor: t.anchor(),
            })
            .collect();
        letters.entry(letter).or_default().push(TermView {
            term: &term.term,
            anchor: term.anchor(),
            expansion: &term.expansion,
            definition: &term.definition,
            aliases: &term.aliases,
            related,
            ambiguity: &term.ambiguity,
        });
    }
    let letters: Vec<Letter> = letters
        .into_iter()
        .map(|(letter, terms)| {
            let id = if letter == "#" {
                "other".to_string()
            } else {
                letter.to_lowercase()
            };
            Letter { letter, id, terms }
        })
        .collect();
    extra_data(&GlossaryPageData {
        glossary: Letters { letters },
    })
}
