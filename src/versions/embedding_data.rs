//! Typed template data (`extra`) of the embedding pages (the matrix, each
//! site's agenda, the maintenance view) and the sites' states the change log
//! lists.

use serde::Serialize;

use super::embedding::EmbedState;

/// A site's state on one tracked change (`embedding::SiteState::view`).
#[derive(Debug, Clone, Serialize)]
pub struct EmbedStateView {
    pub state: EmbedState,
    pub label: &'static str,
    pub tag: &'static str,
    pub date: Option<String>,
    pub date_short: Option<String>,
    pub past_due: bool,
    pub reason: Option<String>,
    pub by: Option<String>,
    pub evidence: Option<String>,
}

/// A site's state in the change log, naming the site and its agenda.
#[derive(Debug, Clone, Serialize)]
pub struct SiteEmbedState {
    #[serde(flatten)]
    pub state: EmbedStateView,
    pub id: String,
    pub name: String,
    pub url: String,
}

/// A site's state in the matrix or on its agenda, linking to the change
/// on the agenda.
#[derive(Debug, Serialize)]
pub struct EmbedCell {
    #[serde(flatten)]
    pub state: EmbedStateView,
    pub url: String,
    /// Why nothing is required, in a few words for the matrix.
    pub reason_short: Option<&'static str>,
}

/// A linked title.
#[derive(Debug, Serialize)]
pub struct TitledLink {
    pub title: String,
    pub url: String,
}

/// A tracked change: named by its summary, with where it comes from and
/// its id as the secondary line.
#[derive(Debug, Serialize)]
pub struct TrackedView {
    pub id: String,
    pub short: String,
    pub anchor: String,
    pub summary: String,
    pub source: String,
    pub version_url: String,
    pub effective: String,
    pub embed_by: Option<String>,
    pub sections: Vec<TitledLink>,
}

/// A row of the matrix: a change and every site's state on it.
#[derive(Debug, Serialize)]
pub struct MatrixRow {
    pub change: TrackedView,
    pub cells: Vec<EmbedCell>,
}

/// A column of the matrix: a site and its counts.
#[derive(Debug, Serialize)]
pub struct MatrixSite {
    pub id: String,
    pub name: String,
    pub url: String,
    pub open: usize,
    pub overdue: usize,
    pub past_due: usize,
    pub live_from: Option<String>,
}

/// A site's local pathway whose national sections changed since it was written.
#[derive(Debug, Serialize)]
pub struct StaleVariation {
    pub name: String,
    pub url: String,
    pub sections: Vec<String>,
}

/// `embedding.html`.
#[derive(Debug, Serialize)]
pub struct MatrixPage {
    pub rows: Vec<MatrixRow>,
    pub sites: Vec<MatrixSite>,
    pub today: String,
    pub stale: Vec<StaleVariation>,
}

/// `maintenance.html`.
#[derive(Debug, Serialize)]
pub struct MaintenancePage {
    pub report: crate::versions::maintenance::ReportView,
    pub today: String,
    pub matrix_url: Option<String>,
}

/// A change on a site's agenda, with the site's state on it.
#[derive(Debug, Serialize)]
pub struct AgendaItem {
    pub change: TrackedView,
    pub state: EmbedCell,
}

/// A steering group, as its site's agenda names it.
#[derive(Debug, Serialize)]
pub struct SteeringGroupView {
    pub cadence: Option<String>,
    pub members: Vec<String>,
}

/// The site an agenda is for.
#[derive(Debug, Serialize)]
pub struct AgendaSite {
    pub id: String,
    pub name: String,
    pub region: Option<String>,
    pub live_from: Option<String>,
    pub steering_group: Option<SteeringGroupView>,
}

/// `embedding-site.html`.
#[derive(Debug, Serialize)]
pub struct AgendaPage {
    pub site: AgendaSite,
    pub awaiting: Vec<AgendaItem>,
    pub settled: Vec<AgendaItem>,
    pub not_required: Vec<AgendaItem>,
    pub matrix_url: String,
    pub today: String,
}
