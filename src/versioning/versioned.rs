//! One model for everything that has versions: a Markdown document (a
//! folder of `v1.0.md` files), a map or a form (a folder of `v1.0.yaml`
//! files). [`Versioned<V>`] holds what every versioned thing has — an id,
//! the folder its pages live in, a title, its versions oldest first and
//! which one is current — and each [`Version<V>`] what every version has
//! (number, state, effective date, approval, summary) plus `V`, what only
//! that kind has: a document version's page and change notes, a map or
//! form version's embedding fields.
//!
//! Which version is shown, which was in force on a date, how states
//! settle, where versions and comparisons are published and which pairs are
//! compared are decided here once, for every kind.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{VersionNumber, YamlKind};
use crate::date::Date;

/// Where a version stands among its siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VersionState {
    Current,
    Superseded,
    Draft,
}

impl VersionState {
    pub fn label(self) -> &'static str {
        match self {
            VersionState::Current => "Current",
            VersionState::Superseded => "Superseded",
            VersionState::Draft => "Draft",
        }
    }
}

/// What kind of thing has the versions: it decides the page at the plain
/// address and which pairs of versions are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionedKind {
    /// A Markdown document, `content/<path>/v1.0.md`.
    Document,
    /// A process map, `content/maps/<id>/v1.0.yaml`.
    Map,
    /// A form, `content/forms/<id>/v1.0.yaml`.
    Form,
}

impl VersionedKind {
    /// Up to this many versions, every pair of versions gets a comparison
    /// page; beyond it only neighbours and pairs with the shown version, so
    /// comparisons stay O(n) in pages. A document's redline is read pair by
    /// pair; a map's or form's computed diff only against its neighbour or
    /// the version in use.
    fn all_pairs_up_to(self) -> usize {
        match self {
            VersionedKind::Document => 12,
            VersionedKind::Map | VersionedKind::Form => 0,
        }
    }

    /// "document", "map" or "form", for sentences.
    pub fn noun(self) -> &'static str {
        match self {
            VersionedKind::Document => "document",
            VersionedKind::Map => "map",
            VersionedKind::Form => "form",
        }
    }
}

impl From<YamlKind> for VersionedKind {
    fn from(kind: YamlKind) -> Self {
        match kind {
            YamlKind::Map => VersionedKind::Map,
            YamlKind::Form => VersionedKind::Form,
        }
    }
}

/// One version: what every kind's versions have, and the kind's own part.
#[derive(Debug, Clone)]
pub struct Version<V> {
    pub number: VersionNumber,
    pub state: VersionState,
    pub effective: Date,
    pub approved_by: Option<String>,
    /// What this version changed, in one line.
    pub summary: Option<String>,
    /// What only this kind of version has.
    pub payload: V,
}

impl<V> Version<V> {
    /// `v1.0.html`, the version's permanent page in its item's folder.
    pub fn file_name(&self) -> String {
        format!("v{}.html", self.number)
    }
}

/// A document, map or form with versions.
#[derive(Debug, Clone)]
pub struct Versioned<V> {
    pub kind: VersionedKind,
    /// The id authors use: a document's folder under `content/`
    /// (`protocol/national-protocol`), a map's or form's name
    /// (`national-pathway`).
    pub id: String,
    /// The folder of the site its version pages are published in:
    /// `protocol/national-protocol`, `maps/national-pathway`.
    pub path: String,
    /// The shown version's title.
    pub title: String,
    /// Oldest first; drafts only when drafts are built.
    pub versions: Vec<Version<V>>,
    /// Index into `versions` of the current version, if any is approved.
    pub current: Option<usize>,
}

impl<V> Versioned<V> {
    /// Gathers versions (oldest first, each approved one `Current`, drafts
    /// `Draft`) into one item whose states are settled. `None` when there
    /// is no version. `title` names it from its shown version (index, version).
    pub fn new(
        kind: VersionedKind,
        id: String,
        path: String,
        title: impl FnOnce(usize, &Version<V>) -> String,
        versions: Vec<Version<V>>,
    ) -> Option<Self> {
        if versions.is_empty() {
            return None;
        }
        let mut item = Versioned {
            kind,
            id,
            path,
            title: String::new(),
            versions,
            current: None,
        };
        item.settle_states();
        let shown = item.shown();
        item.title = title(shown, &item.versions[shown]);
        Some(item)
    }

    /// Makes the newest approved version current and the other approved
    /// ones superseded (drafts stay drafts), and records which is current.
    pub fn settle_states(&mut self) {
        let current = self
            .versions
            .iter()
            .rposition(|v| v.state != VersionState::Draft);
        for (i, v) in self.versions.iter_mut().enumerate() {
            if v.state != VersionState::Draft {
                v.state = if Some(i) == current {
                    VersionState::Current
                } else {
                    VersionState::Superseded
                };
            }
        }
        self.current = current;
    }

    /// The version shown at the plain address: the current one, or the
    /// newest draft when nothing is approved yet (only with drafts built).
    pub fn shown(&self) -> usize {
        self.current.unwrap_or(self.versions.len() - 1)
    }

    /// The index of version `number`, if it is built.
    pub fn find(&self, number: VersionNumber) -> Option<usize> {
        self.versions.iter().position(|v| v.number == number)
    }

    /// The version in force on `date`: the newest approved version whose
    /// effective date is on or before it.
    pub fn in_force_on(&self, date: Date) -> Option<&Version<V>> {
        self.versions
            .iter()
            .rfind(|v| v.state != VersionState::Draft && v.effective <= date)
    }

    /// A file in the item's folder, from the site root.
    pub fn url(&self, file: &str) -> String {
        format!("{}/{file}", self.path)
    }

    /// The page at the plain address, showing the shown version: a
    /// document's folder landing page, a map's or form's own page.
    pub fn shown_url(&self) -> String {
        match self.kind {
            VersionedKind::Document => self.url("index.html"),
            VersionedKind::Map | VersionedKind::Form => format!("{}.html", self.path),
        }
    }

    /// Version `v`'s permanent page.
    pub fn version_url(&self, v: usize) -> String {
        self.url(&self.versions[v].file_name())
    }

    /// The page listing every version.
    pub fn history_url(&self) -> String {
        self.url("history.html")
    }

    /// The comparison of versions `from` and `to`.
    pub fn compare_url(&self, from: usize, to: usize) -> String {
        self.url(&format!(
            "compare-v{}-v{}.html",
            self.versions[from].number, self.versions[to].number
        ))
    }

    /// Pairs of versions (indices, older first) that get a comparison page:
    /// every pair while there are few versions (see
    /// `VersionedKind::all_pairs_up_to`), else each version with the one
    /// before it and every version with the shown one.
    pub fn compare_pairs(&self) -> Vec<(usize, usize)> {
        let n = self.versions.len();
        let shown = self.shown();
        let all = n <= self.kind.all_pairs_up_to();
        let mut pairs = BTreeSet::new();
        for to in 1..n {
            for from in 0..to {
                if all || to == from + 1 || to == shown || from == shown {
                    pairs.insert((from, to));
                }
            }
        }
        pairs.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(number: &str, state: VersionState, effective: &str) -> Version<()> {
        Version {
            number: VersionNumber::parse(number).unwrap(),
            state,
            effective: Date::parse(effective).unwrap(),
            approved_by: None,
            summary: None,
            payload: (),
        }
    }

    fn item(kind: VersionedKind, versions: Vec<Version<()>>) -> Versioned<()> {
        Versioned::new(
            kind,
            "x".into(),
            "things/x".into(),
            |_, v| v.number.to_string(),
            versions,
        )
        .unwrap()
    }

    #[test]
    fn states_settle_to_one_current_with_drafts_kept() {
        let approved = VersionState::Current;
        let x = item(
            VersionedKind::Map,
            vec![
                version("1.0", approved, "2021-01-01"),
                version("1.1", approved, "2022-01-01"),
                version("2.0", VersionState::Draft, "2023-01-01"),
            ],
        );
        let states: Vec<VersionState> = x.versions.iter().map(|v| v.state).collect();
        assert_eq!(
            states,
            [
                VersionState::Superseded,
                VersionState::Current,
                VersionState::Draft
            ]
        );
        assert_eq!(x.current, Some(1));
        assert_eq!(x.shown(), 1);
        assert_eq!(x.title, "1.1", "the title is the shown version's");
    }

    #[test]
    fn only_drafts_show_the_newest_draft() {
        let x = item(
            VersionedKind::Form,
            vec![
                version("0.1", VersionState::Draft, "2021-01-01"),
                version("0.2", VersionState::Draft, "2022-01-01"),
            ],
        );
        assert_eq!(x.current, None);
        assert_eq!(x.shown(), 1);
        assert!(x.in_force_on(Date::parse("2030-01-01").unwrap()).is_none());
    }

    #[test]
    fn urls_differ_by_kind_only_at_the_plain_address() {
        let versions = || {
            vec![
                version("1.0", VersionState::Current, "2021-01-01"),
                version("2.0", VersionState::Current, "2022-01-01"),
            ]
        };
        let doc = item(VersionedKind::Document, versions());
        let map = item(VersionedKind::Map, versions());
        assert_eq!(doc.shown_url(), "things/x/index.html");
        assert_eq!(map.shown_url(), "things/x.html");
        for x in [&doc, &map] {
            assert_eq!(x.version_url(0), "things/x/v1.0.html");
            assert_eq!(x.compare_url(0, 1), "things/x/compare-v1.0-v2.0.html");
            assert_eq!(x.history_url(), "things/x/history.html");
            assert_eq!(x.find(VersionNumber::parse("2.0").unwrap()), Some(1));
        }
    }

    #[test]
    fn documents_compare_every_pair_maps_neighbours_and_the_shown_one() {
        let versions = || {
            (0..5)
                .map(|i| {
                    version(
                        &format!("1.{i}"),
                        VersionState::Current,
                        &format!("202{i}-01-01"),
                    )
                })
                .collect::<Vec<_>>()
        };
        let doc = item(VersionedKind::Document, versions());
        assert_eq!(doc.compare_pairs().len(), 10, "5 versions, every pair");
        let map = item(VersionedKind::Map, versions());
        assert_eq!(
            map.compare_pairs(),
            [(0, 1), (0, 4), (1, 2), (1, 4), (2, 3), (2, 4), (3, 4)]
        );
    }
}
