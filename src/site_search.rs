//! What of the site goes into the search index, and the A–Z page that
//! stands in for search without JavaScript.
//!
//! `crate::search` is a general index builder over `SearchSection`s; which
//! pages are searchable, and with which [`SearchFacet`], is declared by each
//! page's kind (`build::page_kind::search_facet`: comparison, history and
//! print pages are left out, as they repeat text indexed elsewhere). This
//! module describes each section (kind, audience, site, whether it is
//! current). Facets are written as the words a reader sees in the results
//! page's filters: the audiences' labels, the sites' names and a plain name
//! for each kind, never ids. The embedding matrix and each site's agenda
//! (what its steering group must confirm) are generated from data, so their
//! sections are read back from the rendered page ([`rendered_sections`]).

use serde::Serialize;

use crate::config::SiteConfig;
use crate::content::glossary::Glossary;
use crate::content::Content;
use crate::links::relative_url;
use crate::markdown::SectionText;
use crate::search::{SearchSection, Synonym};
use crate::tree::{PageEntry, PageTree};

pub const SEARCH_URL: &str = "search.html";
pub const A_Z_URL: &str = "a-z.html";

/// How a searchable page is described in the index, as its kind declares
/// it (`build::page_kind::search_facet`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchFacet {
    /// The results page's "Type" filter, in words.
    pub kind: &'static str,
    /// False for a superseded version.
    pub current: bool,
    /// The content page whose audiences the records carry.
    pub audience_page: Option<usize>,
}

/// The search records of one searchable page.
pub fn page_records(
    config: &SiteConfig,
    tree: &PageTree,
    content: &Content,
    facet: SearchFacet,
    id: usize,
    sections: Vec<SectionText>,
) -> Vec<SearchSection> {
    let entry = &tree.pages[id];
    let SearchFacet {
        kind,
        current,
        audience_page,
    } = facet;
    let audience: Vec<String> = audience_page
        .map(|i| {
            content.pages[i]
                .front
                .audience
                .iter()
                .map(|a| config.audience_name(a.id()).unwrap_or(a.id()).to_string())
                .collect()
        })
        .unwrap_or_default();
    let site = entry
        .url
        .strip_prefix("sites/")
        .and_then(|rest| rest.split_once('/'))
        .map(|(id, _)| site_name(content, id));
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

/// The kind of a Markdown page, from where it lives, as the results page's
/// "Type" filter names it.
pub fn kind_of(url: &str) -> &'static str {
    match url.split('/').next().unwrap_or("") {
        "sites" => "Site pathways",
        "training" => "Training",
        "forms" => "Forms",
        "maps" => "Process maps",
        "protocol" => "Protocol",
        _ => "Guidance",
    }
}

/// A site's name from its `site.yaml`; its id if it has no record (a
/// folder under `sites/` that is not a delivery site).
fn site_name(content: &Content, id: &str) -> String {
    content
        .sites
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| id.to_string(), |s| s.record.name.clone())
}

/// The sections of a rendered page's main content, cut at its `h2`s with an
/// id (text before the first is the intro; headings without an id stay in
/// the section they are in). Forms, navigation and scripts are skipped: an
/// agenda's decision form repeats its items.
pub fn rendered_sections(html: &str) -> Vec<SectionText> {
    use scraper::{Html, Node, Selector};
    let doc = Html::parse_document(html);
    let Some(main) = Selector::parse("main")
        .ok()
        .and_then(|sel| doc.select(&sel).next())
    else {
        return Vec::new();
    };
    let mut sections = vec![SectionText::default()];
    let mut stack: Vec<_> = main.children().rev().collect();
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(t) => {
                let current = sections.last_mut().expect("never empty");
                current.text.push_str(t);
            }
            Node::Element(e) => {
                let name = e.name();
                if matches!(name, "form" | "nav" | "script" | "style" | "h1" | "button")
                    || e.attr("hidden").is_some()
                    || e.classes()
                        .any(|c| c == "wm-visually-hidden" || c == "wm-caption")
                {
                    continue;
                }
                if name == "h2" && e.id().is_some() {
                    let title: String = scraper::ElementRef::wrap(node)
                        .map(|h| h.text().collect())
                        .unwrap_or_default();
                    sections.push(SectionText {
                        id: e.id().unwrap_or_default().to_string(),
                        title: title.split_whitespace().collect::<Vec<_>>().join(" "),
                        text: String::new(),
                    });
                    continue;
                }
                // Blocks separate words, as the Markdown extraction does;
                // inline elements do not (no space before a full stop).
                const INLINE: [&str; 14] = [
                    "a", "abbr", "b", "code", "em", "i", "mark", "q", "small", "span", "strong",
                    "sub", "sup", "time",
                ];
                let current = sections.last_mut().expect("never empty");
                if !INLINE.contains(&name) && !current.text.ends_with(' ') {
                    current.text.push(' ');
                }
                stack.extend(node.children().rev());
            }
            _ => {}
        }
    }
    for s in &mut sections {
        s.text = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    sections.retain(|s| !s.id.is_empty() || !s.text.is_empty());
    sections
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
                kind: "Glossary".into(),
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

/// A page in the A–Z.
#[derive(Debug, Serialize)]
pub struct AToZPage {
    pub title: String,
    pub url: String,
    pub summary: Option<String>,
}

/// The pages under one initial (`#` for titles that start with no letter).
#[derive(Debug, Serialize)]
pub struct AToZLetter {
    pub letter: String,
    /// The HTML id of the letter's heading.
    pub id: String,
    pub pages: Vec<AToZPage>,
}

/// `a-z.html`.
#[derive(Debug, Serialize)]
pub struct AToZ {
    pub letters: Vec<AToZLetter>,
}

/// Every listed page and folder, A to Z: what the search box leads to
/// without JavaScript, and the fallback when a search finds nothing.
/// `listed` says which pages it lists (`build::page_kind::in_a_z`).
pub fn a_z_context(tree: &PageTree, url: &str, listed: &dyn Fn(&PageEntry) -> bool) -> AToZ {
    let mut pages: Vec<(String, String, Option<String>)> = tree
        .pages
        .iter()
        .filter(|p| listed(p))
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
    let mut letters: Vec<(String, Vec<AToZPage>)> = Vec::new();
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
            items.push(AToZPage {
                title,
                url: href,
                summary,
            });
        }
    }
    let letters = letters
        .into_iter()
        .map(|(letter, pages)| AToZLetter {
            id: if letter == "#" {
                "other".to_string()
            } else {
                letter.to_lowercase()
            },
            letter,
            pages,
        })
        .collect();
    AToZ { letters }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_sections_cut_main_at_h2_ids_and_skip_forms() {
        let html = r#"<html><body><nav>Menu</nav><main>
<span class="wm-caption">Embedding</span><h1>Essex: changes to confirm</h1>
<p>Changes the <strong>Essex</strong> group has not confirmed.</p>
<h2 id="awaiting">Awaiting confirmation (1)</h2>
<ol><li><h3>Same-day assessment</h3><p>Confirm by <a href="x.html">1 May</a>.</p></li></ol>
<form><h2 id="record">Record decisions</h2><label>Evidence</label></form>
<h2>No id</h2><p>Still awaiting.</p>
<p hidden>Secret</p>
</main><footer>Foot</footer></body></html>"#;
        let s = rendered_sections(html);
        let got: Vec<(&str, &str, &str)> = s
            .iter()
            .map(|s| (s.id.as_str(), s.title.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("", "", "Changes the Essex group has not confirmed."),
                (
                    "awaiting",
                    "Awaiting confirmation (1)",
                    "Same-day assessment Confirm by 1 May. No id Still awaiting."
                ),
            ]
        );
    }
}
