//! Pages for versioned maps and forms: the version box on each map or form
//! page, a comparison page for each pair of neighbouring versions (and each
//! version against the current one), and their entries in "What's changed".
//!
//! `crate::versions::yaml_docs` decides which versions exist; `maps::pages`
//! and `forms::pages` draw a single map or form. This module joins them: it
//! knows the URLs of versions and comparisons and what a comparison shows.

use serde::Serialize;

use crate::forms::{self, Form};
use crate::links::{relative_url, LinkIndex};
use crate::maps::pages::{self as map_pages, SiteMap};
use crate::render::{extra_data, PageBody};
use crate::tree::{ExtraPage, PageEntry, PageKind};
use crate::versions::change_log::{ChangeLogEntry, NoteView};
use crate::versions::page_data::{FilterDocument, VersionListItem};
use crate::versions::pages::change_anchor;
use crate::versions::yaml_docs::{YamlDoc, YamlDocs, YamlKind, YamlVersion};
use crate::versions::VersionState;

/// Two versions of a versioned map or form, compared (the ids of a
/// `PageKind::YamlCompare` page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparePage {
    pub doc: usize,
    pub from: usize,
    pub to: usize,
}

/// The pairs compared: each version with the one before it, and each older
/// version with the shown one (for "what changed since the version I know").
pub fn compare_pairs(doc: &YamlDoc) -> Vec<(usize, usize)> {
    let shown = doc.shown();
    let mut pairs: Vec<(usize, usize)> = (1..doc.versions.len()).map(|i| (i - 1, i)).collect();
    for from in 0..shown.saturating_sub(1) {
        pairs.push((from, shown));
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

pub fn plan(docs: &YamlDocs) -> Vec<ExtraPage> {
    let mut pages = Vec::new();
    for (d, doc) in docs.docs.iter().enumerate() {
        for (from, to) in compare_pairs(doc) {
            pages.push(ExtraPage {
                entry: PageEntry {
                    url: doc.compare_url(from, to),
                    title: format!(
                        "Compare versions {} and {}",
                        doc.versions[from].number, doc.versions[to].number
                    ),
                    summary: None,
                    folder: doc.kind.folder().into(),
                    kind: PageKind::YamlCompare { doc: d, from, to },
                    order: None,
                },
                listed: false,
                folder_index: false,
            });
        }
    }
    pages
}

/// The version box of a versioned map or form (`yaml-versions.html`).
#[derive(Debug, Serialize)]
pub struct VersionPanel {
    pub number: String,
    pub state: VersionState,
    pub state_label: &'static str,
    pub effective: String,
    pub approved_by: Option<String>,
    /// Whether this is the page at the map or form's plain URL.
    pub canonical: bool,
    pub current_url: String,
    pub permanent_url: String,
    /// "What changed since", for an older version.
    pub since_url: Option<String>,
    pub versions: Vec<VersionListItem>,
}

/// The version box for the page of map or form `item_id`, if it is versioned.
pub fn panel(docs: &YamlDocs, kind: YamlKind, item_id: &str, url: &str) -> Option<VersionPanel> {
    let (doc, this, canonical) = docs.locate(kind, item_id)?;
    let version = &doc.versions[this];
    let versions = doc
        .versions
        .iter()
        .enumerate()
        .rev()
        .map(|(i, v)| VersionListItem {
            number: v.number.to_string(),
            state: v.state,
            state_label: v.state.label(),
            effective: v.meta.effective.long(),
            summary: v.meta.summary.clone(),
            url: relative_url(url, &doc.version_url(i)),
            is_this: i == this,
            since_url: None,
            compare_url: (i > 0).then(|| relative_url(url, &doc.compare_url(i - 1, i))),
        })
        .collect();
    let shown = doc.shown();
    Some(VersionPanel {
        number: version.number.to_string(),
        state: version.state,
        state_label: version.state.label(),
        effective: version.meta.effective.long(),
        approved_by: version.meta.approved_by.clone(),
        canonical,
        current_url: relative_url(url, &format!("{}.html", doc.path())),
        permanent_url: relative_url(url, &doc.version_url(this)),
        since_url: (this < shown && this + 1 < doc.versions.len())
            .then(|| relative_url(url, &doc.compare_url(this, shown))),
        versions,
    })
}

/// One side of a comparison.
#[derive(Debug, Serialize)]
pub struct CompareSide {
    pub number: String,
    pub effective: String,
    pub url: String,
    /// The newer side's summary.
    pub summary: Option<String>,
}

/// `yaml-compare.html`.
#[derive(Debug, Serialize)]
pub struct ComparePageData {
    /// "map" or "form".
    pub noun: &'static str,
    pub doc_title: String,
    pub doc_url: String,
    pub from: CompareSide,
    pub to: CompareSide,
    /// The map marked with what changed (maps only).
    pub diagram: Option<String>,
}

/// The body of a comparison page.
pub fn compare_body(
    docs: &YamlDocs,
    page: &ComparePage,
    maps: &[SiteMap],
    forms: &[Form],
    links: &LinkIndex,
    url: &str,
) -> PageBody {
    let doc = &docs.docs[page.doc];
    let from = &doc.versions[page.from];
    let to = &doc.versions[page.to];
    let changes_html = change_list(docs, page, maps, forms);
    // Only a map has a diagram to mark.
    let diagram = match doc.kind {
        YamlKind::Map => match (map_index(doc, from, maps), map_index(doc, to, maps)) {
            (Some(a), Some(b)) => Some(map_pages::compare_svg(maps, a, b, links, url)),
            _ => None,
        },
        YamlKind::Form => None,
    };
    PageBody {
        search: Vec::new(),
        html: changes_html,
        headings: Vec::new(),
        extra: extra_data(&ComparePageData {
            noun: doc.kind.noun(),
            doc_title: title_of(doc, maps, forms),
            doc_url: relative_url(url, &format!("{}.html", doc.path())),
            from: CompareSide {
                number: from.number.to_string(),
                effective: from.meta.effective.long(),
                url: relative_url(url, &doc.version_url(page.from)),
                summary: None,
            },
            to: CompareSide {
                number: to.number.to_string(),
                effective: to.meta.effective.long(),
                url: relative_url(url, &doc.version_url(page.to)),
                summary: to.meta.summary.clone(),
            },
            diagram,
        }),
    }
}

fn map_index(doc: &YamlDoc, v: &YamlVersion, maps: &[SiteMap]) -> Option<usize> {
    maps.iter().position(|m| m.id == v.item_id(&doc.id))
}

/// What changed between two versions, as a list in words: steps for a map,
/// questions and options for a form.
fn change_list(docs: &YamlDocs, page: &ComparePage, maps: &[SiteMap], forms: &[Form]) -> String {
    let doc = &docs.docs[page.doc];
    let (from, to) = (&doc.versions[page.from], &doc.versions[page.to]);
    match doc.kind {
        YamlKind::Map => match (map_index(doc, from, maps), map_index(doc, to, maps)) {
            (Some(a), Some(b)) => {
                crate::maps::render_diff_html(&crate::maps::diff_maps(&maps[a].map, &maps[b].map))
            }
            _ => String::new(),
        },
        YamlKind::Form => {
            let find = |v: &YamlVersion| forms.iter().find(|f| f.id == v.item_id(&doc.id));
            match (find(from), find(to)) {
                (Some(a), Some(b)) => forms::render_diff_html(&forms::diff_forms(a, b)),
                _ => String::new(),
            }
        }
    }
}

fn title_of(doc: &YamlDoc, maps: &[SiteMap], forms: &[Form]) -> String {
    match doc.kind {
        YamlKind::Map => maps
            .iter()
            .find(|m| m.id == doc.id)
            .map(|m| m.title.clone()),
        YamlKind::Form => forms
            .iter()
            .find(|f| f.id == doc.id)
            .map(|f| f.title.clone()),
    }
    .unwrap_or_else(|| doc.id.clone())
}

/// One change-log entry for every version after the first, with the
/// computed list of what changed; newest first is left to the caller.
pub fn changes(
    docs: &YamlDocs,
    maps: &[SiteMap],
    forms: &[Form],
    url: &str,
) -> Vec<ChangeLogEntry> {
    let mut out = Vec::new();
    for (d, doc) in docs.docs.iter().enumerate() {
        let title = title_of(doc, maps, forms);
        for to in 1..doc.versions.len() {
            let v = &doc.versions[to];
            let page = ComparePage {
                doc: d,
                from: to - 1,
                to,
            };
            let details = change_list(docs, &page, maps, forms);
            let audience: Vec<&str> = v.meta.audience.iter().map(|a| a.id()).collect();
            let id = format!("{}@{}", doc.path(), v.number);
            let anchor = change_anchor(&id);
            let compare_url = relative_url(url, &doc.compare_url(to - 1, to));
            out.push(ChangeLogEntry {
                id,
                note: NoteView {
                    id: None,
                    anchor: anchor.clone(),
                    full_id: None,
                    summary: v
                        .meta
                        .summary
                        .clone()
                        .unwrap_or_else(|| format!("A new version of this {}.", doc.kind.noun())),
                    major: v.meta.major,
                    embed_by: None,
                    sections: Vec::new(),
                },
                anchor,
                doc_title: title.clone(),
                doc_path: doc.path(),
                version: v.number.to_string(),
                version_url: relative_url(url, &doc.version_url(to)),
                link: compare_url.clone(),
                compare_url: Some(compare_url),
                approved_by: None,
                draft: v.state == VersionState::Draft,
                date: v.meta.effective.long(),
                date_iso: v.meta.effective.iso(),
                audience: audience.join(" "),
                site_ids: String::new(),
                sites: Vec::new(),
                details_html: Some(details),
            });
        }
    }
    out
}

/// The documents' titles and paths, for the change log's filter.
pub fn filter_documents(docs: &YamlDocs, maps: &[SiteMap], forms: &[Form]) -> Vec<FilterDocument> {
    docs.docs
        .iter()
        .map(|d| FilterDocument {
            path: d.path(),
            title: title_of(d, maps, forms),
        })
        .collect()
}
