//! The change log's entries as typed template data, one shape for a change
//! note of a Markdown document and for a new version of a map or form. The
//! "What's changed" page, the version and comparison pages (through
//! [`NoteView`]) and the Atom feed all draw from these.

use serde::Serialize;

use super::changes::{all_changes, ChangeEntry};
use super::pages::change_anchor;
use super::{Document, Documents, Version, VersionState};
use crate::content::frontmatter::ChangeNote;
use crate::content::Content;
use crate::forms::Form;
use crate::links::relative_url;
use crate::maps::pages::SiteMap;
use crate::markdown::{self, Heading};

/// A link to a section a change note names.
#[derive(Debug, Clone, Serialize)]
pub struct SectionLink {
    pub id: String,
    pub title: String,
    pub url: String,
}

/// What a change says: a document's change note, or the summary of a new
/// map or form version (which has no id of its own, nor sections).
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    /// The note's id within its version; `None` for a map or form version.
    pub id: Option<String>,
    pub anchor: String,
    /// `<document>@<version>#<change id>`; `None` for a map or form version.
    pub full_id: Option<String>,
    pub summary: String,
    pub major: bool,
    pub embed_by: Option<String>,
    pub sections: Vec<SectionLink>,
}

/// One entry of the change log. URLs are relative to the page it is made for.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeLogEntry {
    /// The id sites confirm: a note's full id, or `<map or form>@<version>`.
    pub id: String,
    pub anchor: String,
    pub note: NoteView,
    pub doc_title: String,
    pub doc_path: String,
    pub version: String,
    pub version_url: String,
    /// The comparison with the version before (maps and forms).
    pub compare_url: Option<String>,
    /// The page a feed reader opens: the version of a document, the
    /// comparison of a map or form.
    pub link: String,
    /// Who approved the version, if the document says.
    pub approved_by: Option<String>,
    pub draft: bool,
    pub date: String,
    pub date_iso: String,
    /// Audience ids, space-separated, for the filter.
    pub audience: String,
    /// Site ids the entry can be filtered on, space-separated.
    pub site_ids: String,
    /// Each site's embedding state, for major changes that are tracked.
    pub sites: Vec<super::embedding_data::SiteEmbedState>,
    /// What changed, in words (maps and forms).
    pub details_html: Option<String>,
}

/// A change note as the version page shows it. `previous` is the version
/// before, where a section the version removed is read.
pub fn note_view(
    doc: &Document,
    version: &Version,
    previous: Option<&Version>,
    note: &ChangeNote,
    headings: &[Heading],
    url: &str,
) -> NoteView {
    let sections = note
        .sections
        .iter()
        .map(|id| {
            let (title, target) = doc.note_section(version, previous, headings, id);
            SectionLink {
                id: id.clone(),
                title,
                url: relative_url(url, &target),
            }
        })
        .collect();
    let full_id = doc.change_id(version, note);
    NoteView {
        id: Some(note.id.clone()),
        anchor: change_anchor(&full_id),
        full_id: Some(full_id),
        summary: note.summary.clone(),
        major: note.major,
        embed_by: note.embed_by.map(|d| d.long()),
        sections,
    }
}

/// The version before `version` in its document.
pub fn previous_of<'d>(doc: &'d Document, version: &Version) -> Option<&'d Version> {
    doc.versions
        .iter()
        .position(|v| v.number == version.number)
        .and_then(|i| i.checked_sub(1))
        .map(|p| &doc.versions[p])
}

fn document_entry(change: &ChangeEntry<'_>, content: &Content, url: &str) -> ChangeLogEntry {
    let (doc, version) = (change.doc, change.version);
    let page = &content.pages[version.payload.page];
    let headings = markdown::scan_headings(&page.body);
    let audience: Vec<&str> = page.front.audience.iter().map(|a| a.id()).collect();
    let version_url = relative_url(url, &doc.url(&version.file_name()));
    ChangeLogEntry {
        id: change.id.clone(),
        anchor: change_anchor(&change.id),
        note: note_view(
            doc,
            version,
            previous_of(doc, version),
            change.note,
            &headings,
            url,
        ),
        doc_title: doc.title.clone(),
        doc_path: doc.path.clone(),
        version: version.number.to_string(),
        link: version_url.clone(),
        version_url,
        compare_url: None,
        approved_by: version.approved_by.clone(),
        draft: version.state == VersionState::Draft,
        date: version.effective.long(),
        date_iso: version.effective.iso(),
        audience: audience.join(" "),
        site_ids: String::new(),
        sites: Vec::new(),
        details_html: None,
    }
}

/// Every change, of documents and of versioned maps and forms, newest
/// first (the sort is stable, so notes of one version keep their order),
/// without sites' states (which the change log page adds).
pub fn entries(
    docs: &Documents,
    content: &Content,
    yaml_docs: &super::yaml_docs::YamlDocs,
    maps: &[SiteMap],
    forms: &[Form],
    url: &str,
) -> Vec<ChangeLogEntry> {
    let mut entries: Vec<ChangeLogEntry> = all_changes(docs)
        .iter()
        .map(|c| document_entry(c, content, url))
        .collect();
    entries.extend(crate::versions::yaml_pages::changes(
        yaml_docs, maps, forms, url,
    ));
    entries.sort_by(|a, b| b.date_iso.cmp(&a.date_iso));
    entries
}
