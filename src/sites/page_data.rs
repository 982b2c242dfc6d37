//! Typed template data (`extra`) of the site, compare-with-national and
//! matrix pages that `sites::pages` fills.

use serde::Serialize;

use crate::content::sites::{Contact, Provider, SteeringGroup};

/// `site.html`: one site's record, its pathway and where it stands on
/// embedding changes.
#[derive(Debug, Serialize)]
pub struct SitePageData<'a> {
    pub site: SiteView<'a>,
    pub pathway: Option<PathwayView<'a>>,
    pub embedding: EmbeddingSummary,
    pub matrix_url: String,
    pub map_url: Option<String>,
}

/// A site's record as its page shows it.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: Option<&'a String>,
    pub status: &'static str,
    pub region: &'a Option<String>,
    pub live_from: Option<String>,
    pub courts: &'a [String],
    pub cohort: &'a Option<String>,
    pub requirements: Vec<RequirementView>,
    pub combinations: Vec<String>,
    pub providers: &'a [Provider],
    pub contacts: &'a [Contact],
    pub steering_group: &'a Option<SteeringGroup>,
    pub parameters: Vec<ParameterView<'a>>,
    pub unknown: &'a [String],
    pub note: &'a Option<String>,
}

/// A national requirement the site offers, and since when.
#[derive(Debug, Serialize)]
pub struct RequirementView {
    pub label: String,
    pub since: Option<String>,
}

/// One of the site's named parameters.
#[derive(Debug, Serialize)]
pub struct ParameterView<'a> {
    pub name: &'a str,
    pub value: String,
}

/// How many tracked changes the site has embedded, and how many are open.
#[derive(Debug, Serialize)]
pub struct EmbeddingSummary {
    pub open: usize,
    pub overdue: usize,
    pub past_due: usize,
    pub settled: usize,
    pub not_required: usize,
    /// Whether the site is live, so its embedding is tracked at all.
    pub tracked: bool,
    /// The site's agenda, where agendas are built.
    pub url: Option<String>,
}

/// A site's pathway against the national document it varies.
#[derive(Debug, Serialize)]
pub struct PathwayView<'a> {
    pub url: String,
    pub compare_url: String,
    pub national_title: &'a str,
    pub national_version: String,
    pub national_url: String,
    pub based_on: String,
    pub counts: PathwayCounts,
    pub stale: Vec<StaleView<'a>>,
}

/// How many national sections the site replaces, adds and removes.
#[derive(Debug, Serialize)]
pub struct PathwayCounts {
    pub replaced: usize,
    pub added: usize,
    pub removed: usize,
}

/// A local section whose national text moved on.
#[derive(Debug, Serialize)]
pub struct StaleView<'a> {
    pub title: &'a str,
    pub url: String,
    pub change: &'static str,
}

/// `site-compare.html`: the merged pathway against the national text.
#[derive(Debug, Serialize)]
pub struct ComparePageData<'a> {
    pub site: NamedLink<'a>,
    pub pathway: PathwayView<'a>,
    pub counts: crate::diff::DiffCounts,
    pub identical: bool,
}

/// A title with a link.
#[derive(Debug, Serialize)]
pub struct NamedLink<'a> {
    pub name: &'a str,
    pub url: String,
}

/// `site-matrix.html`: every site against every national section.
#[derive(Debug, Serialize)]
pub struct MatrixPageData<'a> {
    pub columns: Vec<MatrixColumn<'a>>,
    pub rows: Vec<MatrixRow>,
}

/// A site's column of the matrix.
#[derive(Debug, Serialize)]
pub struct MatrixColumn<'a> {
    pub name: &'a str,
    pub url: String,
    pub site_url: String,
    pub stale: bool,
}

/// A section's row of the matrix, with a cell per site.
#[derive(Debug, Serialize)]
pub struct MatrixRow {
    pub id: String,
    pub title: String,
    pub level: u8,
    pub national: bool,
    pub cells: Vec<MatrixCell>,
}

/// What one site does with one section; no link when the site lacks it.
#[derive(Debug, Serialize)]
pub struct MatrixCell {
    pub label: &'static str,
    pub tag: &'static str,
    pub url: Option<String>,
}

/// A site's pathway page (`build::pages`): `variation`, the site and the
/// national version its text varies.
#[derive(Debug, Serialize)]
pub struct PathwayPageData<'a> {
    pub variation: VariationView<'a>,
}

/// The site whose pathway this is, and what it is based on.
#[derive(Debug, Serialize)]
pub struct VariationView<'a> {
    pub site: &'a str,
    pub site_url: String,
    pub compare_url: String,
    /// "TITLE, version N" of the national text.
    pub national: String,
    pub national_url: String,
    pub stale: Vec<StaleSection<'a>>,
    pub based_on: String,
}

/// A local section whose national text moved on, by id and title.
#[derive(Debug, Serialize)]
pub struct StaleSection<'a> {
    pub id: &'a str,
    pub title: &'a str,
}
