//! Typed template data (`extra`) of the version, history, comparison and
//! change-log pages that `versions::pages` fills.

use serde::Serialize;

use super::change_log::{ChangeLogEntry, NoteView};
use super::coverage::SectionChangeView;
use super::VersionState;

/// A document's title and the links its pages share. Links a page does not
/// offer are `None`.
#[derive(Debug, Serialize)]
pub struct DocLinks {
    pub title: String,
    pub url: String,
    pub history_url: Option<String>,
    pub print_url: Option<String>,
}

/// One version with its change notes, as every version page shows it.
#[derive(Debug, Serialize)]
pub struct VersionView {
    pub number: String,
    /// The number of the version before, if any.
    pub changed_since: Option<String>,
    /// The sections changed since the version before.
    pub section_changes: Option<Vec<SectionChangeView>>,
    pub state: VersionState,
    pub state_label: &'static str,
    pub effective: String,
    pub effective_iso: String,
    pub approved_by: Option<String>,
    pub summary: Option<String>,
    pub url: String,
    pub changes: Vec<NoteView>,
}

/// A version in a list of all versions, for every versioned kind (made by
/// `versions::versioned_pages::version_list`): a document's version page
/// (`version.html`) and a map or form's version box (`yaml-versions.html`).
#[derive(Debug, Serialize)]
pub struct VersionListItem {
    pub number: String,
    pub state: VersionState,
    pub state_label: &'static str,
    pub effective: String,
    /// The version's summary (shown in a map or form's version box).
    pub summary: Option<String>,
    pub url: String,
    pub is_this: bool,
    /// "What changed since this older version", where that comparison is
    /// built (a document's version page).
    pub since_url: Option<String>,
    /// The comparison with the version before, if any (a map or form's
    /// version box).
    pub compare_url: Option<String>,
}

/// A version named with a link (the current one).
#[derive(Debug, Serialize)]
pub struct VersionLink {
    pub number: String,
    pub url: String,
}

/// A later version that replaces the one shown.
#[derive(Debug, Serialize)]
pub struct Successor {
    pub number: String,
    pub effective: String,
}

/// `version.html` and `print.html`.
#[derive(Debug, Serialize)]
pub struct VersionPage {
    pub doc: DocLinks,
    pub version: VersionView,
    pub canonical: bool,
    pub print: bool,
    pub current: Option<VersionLink>,
    pub superseded_by: Option<Successor>,
    pub previous_compare_url: Option<String>,
    pub previous_number: Option<String>,
    pub versions: Vec<VersionListItem>,
}

/// A version on the history timeline.
#[derive(Debug, Serialize)]
pub struct HistoryItem {
    #[serde(flatten)]
    pub version: VersionView,
    pub compare_url: Option<String>,
    pub previous_number: Option<String>,
    /// The version's print page, for a kind that has one (documents).
    pub print_url: Option<String>,
    /// What changed since the version before, in words, where it is
    /// computed rather than written as notes (maps and forms).
    pub details_html: Option<String>,
}

/// `history.html`, for a document, map or form.
#[derive(Debug, Serialize)]
pub struct HistoryPage {
    pub doc: DocLinks,
    /// Whether the kind writes change notes (documents), so a version
    /// without any says so.
    pub has_notes: bool,
    pub versions: Vec<HistoryItem>,
    pub picker: Picker,
}

/// A version the compare picker offers.
#[derive(Debug, Serialize)]
pub struct PickerOption {
    pub number: String,
    pub label: String,
    pub index: usize,
}

/// A pre-built comparison.
#[derive(Debug, Serialize)]
pub struct PickerPair {
    pub from: String,
    pub to: String,
    pub url: String,
}

/// Data for `compare-picker.html`: every version, every pre-built pair, and
/// the pair selected.
#[derive(Debug, Serialize)]
pub struct Picker {
    pub options: Vec<PickerOption>,
    pub pairs: Vec<PickerPair>,
    pub from: String,
    pub to: String,
}

/// `compare.html`.
#[derive(Debug, Serialize)]
pub struct ComparePage {
    pub doc: DocLinks,
    pub from: VersionView,
    pub to: VersionView,
    pub counts: crate::diff::DiffCounts,
    pub identical: bool,
    pub sections: Vec<SectionChangeView>,
    pub notes: Vec<VersionView>,
    pub picker: Picker,
}

/// A choice in one of the change log's filters.
#[derive(Debug, Serialize)]
pub struct FilterDocument {
    pub path: String,
    pub title: String,
}

/// A site the change log can be filtered on.
#[derive(Debug, Serialize)]
pub struct FilterSite {
    pub id: String,
    pub name: String,
}

/// An audience the change log can be filtered on.
#[derive(Debug, Serialize)]
pub struct FilterAudience {
    pub id: String,
    pub label: String,
}

/// `changes.html`.
#[derive(Debug, Serialize)]
pub struct ChangesPage {
    pub changes: Vec<ChangeLogEntry>,
    pub documents: Vec<FilterDocument>,
    pub sites: Vec<FilterSite>,
    pub audiences: Vec<FilterAudience>,
    pub feed_url: Option<String>,
    pub embedding_url: Option<String>,
}
