//! Pages for versioned maps and forms: the version box on each map or form
//! page, the history page (the one every versioned kind has, drawn by
//! `history.html`), a comparison page for each pair of neighbouring
//! versions (and each version against the current one), and their entries
//! in "What's changed".
//!
//! `crate::versions::yaml_docs` decides which versions exist; `maps::pages`
//! and `forms::pages` draw a single map or form. URLs, pairs and the
//! version list come from the shared model (`versioning::Versioned`,
//! `versions::versioned_pages`); this module adds what a map's or form's
//! comparison shows: the computed changes.

use serde::Serialize;

use crate::forms::{self, Form};
use crate::links::{relative_url, LinkIndex};
use crate::maps::pages::{self as map_pages, SiteMap};
use crate::render::{extra_data, PageBody};
use crate::tree::{PlannedPage, VersionedRef};
use crate::versions::change_log::{ChangeLogEntry, NoteView};
use crate::versions::page_data::{FilterDocument, VersionListItem};
use crate::versions::pages::change_anchor;
use crate::versions::versioned_pages::{
    history_page, plain_view, plan_comparisons, plan_history, version_list, ListLinks,
};
use crate::versions::yaml_docs::{item_id, YamlDoc, YamlDocs, YamlKind, YamlVersion};
use crate::versions::{VersionState, VersionedKind};

/// Each versioned map's or form's history page and comparisons.
pub fn plan(docs: &YamlDocs) -> Vec<PlannedPage> {
    let mut pages = Vec::new();
    for (d, doc) in docs.docs.iter().enumerate() {
        let reference = VersionedRef::MapOrForm(d);
        let folder = folder_of(doc);
        pages.push(plan_history(doc, reference, folder));
        pages.extend(plan_comparisons(doc, reference, folder, |from, to| {
            format!(
                "Compare versions {} and {}",
                doc.versions[from].number, doc.versions[to].number
            )
        }));
    }
    pages
}

/// The folder whose navigation a map's or form's version pages belong to:
/// `maps` or `forms`.
fn folder_of(doc: &YamlDoc) -> &str {
    crate::content::parent_folder(&doc.path)
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
    /// Every version on one page.
    pub history_url: String,
    pub versions: Vec<VersionListItem>,
}

/// The version box for the page of map or form `item_id`, if it is versioned.
pub fn panel(docs: &YamlDocs, kind: YamlKind, item_id: &str, url: &str) -> Option<VersionPanel> {
    let (doc, this, canonical) = docs.locate(kind, item_id)?;
    let version = &doc.versions[this];
    let shown = doc.shown();
    Some(VersionPanel {
        number: version.number.to_string(),
        state: version.state,
        state_label: version.state.label(),
        effective: version.effective.long(),
        approved_by: version.approved_by.clone(),
        canonical,
        current_url: relative_url(url, &doc.shown_url()),
        permanent_url: relative_url(url, &doc.version_url(this)),
        since_url: (this < shown && this + 1 < doc.versions.len())
            .then(|| relative_url(url, &doc.compare_url(this, shown))),
        history_url: relative_url(url, &doc.history_url()),
        versions: version_list(doc, this, url, ListLinks::PreviousOne),
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
    /// The history page, with every version.
    pub history_url: String,
    pub from: CompareSide,
    pub to: CompareSide,
    /// The map marked with what changed (maps only).
    pub diagram: Option<String>,
}

/// The body of the comparison of versions `from` and `to` of versioned
/// map or form `d`.
#[allow(clippy::too_many_arguments)]
pub fn compare_body(
    docs: &YamlDocs,
    d: usize,
    from: usize,
    to: usize,
    maps: &[SiteMap],
    forms: &[Form],
    links: &LinkIndex,
    url: &str,
) -> PageBody {
    let doc = &docs.docs[d];
    let (old, new) = (&doc.versions[from], &doc.versions[to]);
    let changes_html = change_list(doc, from, to, maps, forms);
    // Only a map has a diagram to mark.
    let diagram = match doc.kind {
        VersionedKind::Map => match (map_index(doc, old, maps), map_index(doc, new, maps)) {
            (Some(a), Some(b)) => Some(map_pages::compare_svg(maps, a, b, links, url)),
            _ => None,
        },
        VersionedKind::Form | VersionedKind::Document => None,
    };
    PageBody {
        search: Vec::new(),
        html: changes_html,
        headings: Vec::new(),
        extra: extra_data(&ComparePageData {
            noun: doc.kind.noun(),
            doc_title: doc.title.clone(),
            doc_url: relative_url(url, &doc.shown_url()),
            history_url: relative_url(url, &doc.history_url()),
            from: CompareSide {
                number: old.number.to_string(),
                effective: old.effective.long(),
                url: relative_url(url, &doc.version_url(from)),
                summary: None,
            },
            to: CompareSide {
                number: new.number.to_string(),
                effective: new.effective.long(),
                url: relative_url(url, &doc.version_url(to)),
                summary: new.summary.clone(),
            },
            diagram,
        }),
    }
}

/// The history page of versioned map or form `d`: every version with its
/// summary, what changed since the version before (computed, as in the
/// change log) and the comparison.
pub fn history_body(
    docs: &YamlDocs,
    d: usize,
    maps: &[SiteMap],
    forms: &[Form],
    url: &str,
) -> PageBody {
    let doc = &docs.docs[d];
    let mut extra = history_page(doc, url, false, |v| plain_view(doc, v, url), |_| None);
    // The timeline is newest first; the oldest version has nothing before it.
    let newest = doc.versions.len() - 1;
    for (k, item) in extra.versions.iter_mut().enumerate() {
        let v = newest - k;
        item.details_html = (v > 0).then(|| change_list(doc, v - 1, v, maps, forms));
    }
    PageBody {
        search: Vec::new(),
        html: String::new(),
        headings: Vec::new(),
        extra: extra_data(&extra),
    }
}

fn map_index(doc: &YamlDoc, v: &YamlVersion, maps: &[SiteMap]) -> Option<usize> {
    maps.iter().position(|m| m.id == item_id(&doc.id, v))
}

/// What changed between two versions, as a list in words: steps for a map,
/// questions and options for a form.
fn change_list(doc: &YamlDoc, from: usize, to: usize, maps: &[SiteMap], forms: &[Form]) -> String {
    let (from, to) = (&doc.versions[from], &doc.versions[to]);
    match doc.kind {
        VersionedKind::Map => match (map_index(doc, from, maps), map_index(doc, to, maps)) {
            (Some(a), Some(b)) => {
                crate::maps::render_diff_html(&crate::maps::diff_maps(&maps[a].map, &maps[b].map))
            }
            _ => String::new(),
        },
        VersionedKind::Form => {
            let find = |v: &YamlVersion| forms.iter().find(|f| f.id == item_id(&doc.id, v));
            match (find(from), find(to)) {
                (Some(a), Some(b)) => forms::render_diff_html(&forms::diff_forms(a, b)),
                _ => String::new(),
            }
        }
        // A document's versions are compared as a redline (`versions::pages`).
        VersionedKind::Document => String::new(),
    }
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
    for doc in &docs.docs {
        for to in 1..doc.versions.len() {
            let v = &doc.versions[to];
            let details = change_list(doc, to - 1, to, maps, forms);
            let audience: Vec<&str> = v.payload.audience.iter().map(|a| a.id()).collect();
            let id = format!("{}@{}", doc.path, v.number);
            let anchor = change_anchor(&id);
            let compare_url = relative_url(url, &doc.compare_url(to - 1, to));
            out.push(ChangeLogEntry {
                id,
                note: NoteView {
                    id: None,
                    anchor: anchor.clone(),
                    full_id: None,
                    summary: v
                        .summary
                        .clone()
                        .unwrap_or_else(|| format!("A new version of this {}.", doc.kind.noun())),
                    major: v.payload.major,
                    embed_by: None,
                    sections: Vec::new(),
                },
                anchor,
                doc_title: doc.title.clone(),
                doc_path: doc.path.clone(),
                version: v.number.to_string(),
                version_url: relative_url(url, &doc.version_url(to)),
                link: compare_url.clone(),
                compare_url: Some(compare_url),
                approved_by: None,
                draft: v.state == VersionState::Draft,
                date: v.effective.long(),
                date_iso: v.effective.iso(),
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
pub fn filter_documents(docs: &YamlDocs) -> Vec<FilterDocument> {
    docs.docs
        .iter()
        .map(|d| FilterDocument {
            path: d.path.clone(),
            title: d.title.clone(),
        })
        .collect()
}
