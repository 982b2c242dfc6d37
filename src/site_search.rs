//! What of the site goes into the search index, and the A–Z page that
//! stands in for search without JavaScript.
//!
//! `crate::search` is a general index builder over `SearchSection`s; this
//! module decides which pages are searchable and describes each section
//! (kind, audience, site, whether it is current). Comparison, history and
//! print pages are left out: they repeat text that is indexed elsewhere.

use serde_json::{json, Value};

use crate::content::glossary::Glossary;
use crate::content::Content;
use crate::links::relative_url;
use crate::markdown::SectionText;
use crate::search::{SearchSection, Synonym};
use crate::tree::{PageKind, PageTree};
use crate::versions::pages::GenPage;
use crate::versions::{Documents, VersionState};

pub const SEARCH_URL: &str = "search.html";
pub const A_Z_URL: &str = "a-z.html";

/// The search records of one page, or none if the page is not searchable.
pub fn page_records(
    tree: &PageTree,
    content: &Content,
    documents: &Documents,
    generated: Option<&GenPage>,
    id: usize,
    sections: Vec<SectionText>,
) -> Vec<SearchSection> {
    let entry = &tree.pages[id];
    let (kind, current, audience_page) = match (&entry.kind, generated) {
        (PageKind::Markdown(i), _) => (kind_of(&entry.url), true, Some(*i)),
        (PageKind::Generated(crate::form_pages::TEMPLATE), _) => ("form", true, None),
        (
            _,
            Some(GenPage::Version {
                doc,
                version,
                canonical,
            }),
        ) => {
            let v = &documents.docs[*doc].versions[*version];
            match (canonical, v.state) {
                // The current version is indexed once, at the document's plain URL.
                (true, _) => ("protocol", true, Some(v.page)),
                (false, VersionState::Superseded) => ("protocol", false, Some(v.page)),
                _ => return Vec::new(),
            }
        }
        _ => return Vec::new(),
    };
    let audience: Vec<String> = audience_page
        .map(|i| {
            content.pages[i]
                .front
                .audience
                .iter()
                .map(|a| a.id().to_string())
                .collect()
        })
        .unwrap_or_default();
    let site = entry
        .url
        .strip_prefix("sites/")
        .and_then(|rest| rest.split_once('/'))
        .map(|(id, _)| id.to_string());
    let mut breadcrumb: Vec<String> = tree
        .ancestors(id)
        .iter()
        .filter(|f| !f.path.is_empty())
        .map(|f| f.title.clone())
        .collect();
    breadcrumb.push(entry.title.clone());
    sections
        .into_iter()
        .map(|s| SearchSection {
            url: if s.id.is_empty() {
                entry.url.clone()
            } else {
                format!("{}#{}", entry.url, s.id)
            },
            page_title: entry.title.clone(),
            section_title: s.title,
            breadcrumb: breadcrumb.clone(),
            text: s.text,
            kind: kind.to_string(),
            audience: audience.clone(),
            site: site.clone(),
            current,
        })
        .collect()
}

/// The kind of a Markdown page, from where it lives.
fn kind_of(url: &str) -> &'static str {
    match url.split('/').next().unwrap_or("") {
        "sites" => "site",
        "training" => "training",
        "forms" => "form",
        "maps" => "map",
        "protocol" => "protocol",
        _ => "guidance",
    }
}

/// One record per glossary term, so "what does RO mean" finds its entry.
pub fn glossary_records(glossary: &Glossary) -> Vec<SearchSection> {
    glossary
        .terms
        .iter()
        .map(|t| {
            let mut text = t.definition.clone();
            if let Some(ambiguity) = &t.ambiguity {
                text.push(' ');
                text.push_str(ambiguity);
            }
            if !t.aliases.is_empty() {
                text.push_str(" Also written: ");
                text.push_str(&t.aliases.join(", "));
            }
            SearchSection {
                url: format!("glossary.html#{}", t.anchor()),
                page_title: "Glossary".into(),
                section_title: match &t.expansion {
                    Some(e) => format!("{} ({e})", t.term),
                    None => t.term.clone(),
                },
                breadcrumb: vec!["Glossary".into()],
                text,
                kind: "glossary".into(),
                audience: Vec::new(),
                site: None,
                current: true,
            }
        })
        .collect()
}

/// Abbreviations and their expansions, so "GP" finds "general
/// practitioner" and back.
pub fn synonyms(glossary: Option<&Glossary>) -> Vec<Synonym> {
    let Some(glossary) = glossary else {
        return Vec::new();
    };
    glossary
        .terms
        .iter()
        .filter_map(|t| {
            Some(Synonym {
                abbreviation: t.term.clone(),
                expansion: t.expansion.clone()?,
            })
        })
        .collect()
}

/// Every listed page and folder, A to Z: what the search box leads to
/// without JavaScript, and the fallback when a search finds nothing.
pub fn a_z_context(tree: &PageTree, url: &str) -> Value {
    let mut pages: Vec<(String, String, Option<String>)> = tree
        .pages
        .iter()
        .filter(|p| match p.kind {
            PageKind::Markdown(_) | PageKind::Glossary | PageKind::FolderIndex => true,
            PageKind::Generated(t) => {
                matches!(t, "changes.html" | "embedding.html")
                    || (t == "version.html" && p.url.ends_with("/index.html"))
            }
        })
        .filter(|p| p.url != "index.html")
        .map(|p| {
            (
                p.title.clone(),
                relative_url(url, &p.url),
                p.summary.clone(),
            )
        })
        .collect();
    pages.sort_by(|a, b| {
        a.0.to_lowercase()
            .cmp(&b.0.to_lowercase())
            .then_with(|| a.1.cmp(&b.1))
    });
    let mut letters: Vec<(String, Vec<Value>)> = Vec::new();
    for (title, href, summary) in pages {
        let letter = title
            .chars()
            .next()
            .filter(|c| c.is_alphabetic())
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_else(|| "#".into());
        if letters.last().map(|(l, _)| l != &letter).unwrap_or(true) {
            letters.push((letter.clone(), Vec::new()));
        }
        if let Some((_, items)) = letters.last_mut() {
            items.push(json!({"title": title, "url": href, "summary": summary}));
        }
    }
    let letters: Vec<Value> = letters
        .into_iter()
        .map(|(letter, items)| json!({"letter": letter, "id": if letter == "#" { "other".to_string() } else { letter.to_lowercase() }, "pages": items}))
        .collect();
    json!({ "letters": letters })
}
