//! Change notes across documents, and sites' confirmations that each major
//! change is embedded in practice.
//!
//! A major national change made after a site went live needs that site's
//! confirmation (`embedded` or `not-applicable`); past its `embed_by` date
//! without one it is overdue. These rules live here so that the web pages,
//! `waymark status` and the build's warnings all agree.

use serde::Serialize;

use super::{Document, Documents, Version, VersionState};
use crate::content::frontmatter::ChangeNote;
use crate::content::sites::{Confirmation, EmbeddingStatus, Site};
use crate::content::Content;
use crate::date::Date;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Position};

/// One change note in context.
#[derive(Debug, Clone)]
pub struct ChangeEntry<'a> {
    pub doc: &'a Document,
    pub version: &'a Version,
    pub note: &'a ChangeNote,
    /// `<document>@<version>#<change id>`.
    pub id: String,
}

/// Every change note of every non-draft version (drafts too when present,
/// i.e. with --drafts), newest first; within a version, in written order.
pub fn all_changes(docs: &Documents) -> Vec<ChangeEntry<'_>> {
    let mut entries: Vec<(Date, usize, ChangeEntry<'_>)> = Vec::new();
    for doc in &docs.docs {
        for version in &doc.versions {
            for (i, note) in version.changes.iter().enumerate() {
                entries.push((
                    version.effective,
                    i,
                    ChangeEntry {
                        doc,
                        version,
                        note,
                        id: doc.change_id(version, note),
                    },
                ));
            }
        }
    }
    entries.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.2.doc.path.cmp(&b.2.doc.path))
            .then(a.1.cmp(&b.1))
    });
    entries.into_iter().map(|(_, _, e)| e).collect()
}

/// Where a site stands on one major change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EmbedState {
    Embedded,
    InProgress,
    NotApplicable,
    Awaiting,
    Overdue,
    /// The change predates the site going live: it was part of the site's
    /// starting protocol, so there is nothing to confirm.
    NotRequired,
}

impl EmbedState {
    pub fn label(self) -> &'static str {
        match self {
            EmbedState::Embedded => "Embedded",
            EmbedState::InProgress => "In progress",
            EmbedState::NotApplicable => "Not applicable",
            EmbedState::Awaiting => "Awaiting",
            EmbedState::Overdue => "Overdue",
            EmbedState::NotRequired => "Not required",
        }
    }

    /// Colour of the tag; the label text always carries the meaning.
    pub fn tag_class(self) -> &'static str {
        match self {
            EmbedState::Embedded => "wm-tag--green",
            EmbedState::InProgress => "wm-tag--blue",
            EmbedState::NotApplicable | EmbedState::NotRequired => "wm-tag--grey",
            EmbedState::Awaiting => "wm-tag--yellow",
            EmbedState::Overdue => "wm-tag--red",
        }
    }

    /// True when the site's steering group still has to act.
    pub fn needs_action(self) -> bool {
        matches!(
            self,
            EmbedState::InProgress | EmbedState::Awaiting | EmbedState::Overdue
        )
    }
}

/// A site's state on a change, and the confirmation it rests on.
pub fn embed_state<'s>(
    site: &'s Site,
    change: &ChangeEntry<'_>,
    today: Date,
) -> (EmbedState, Option<&'s Confirmation>) {
    let confirmation = site
        .embedding
        .confirmations
        .iter()
        .rev()
        .find(|c| c.change == change.id);
    let overdue = change.note.embed_by.is_some_and(|d| d < today);
    let state = match confirmation.map(|c| c.status) {
        Some(EmbeddingStatus::Embedded) => EmbedState::Embedded,
        Some(EmbeddingStatus::NotApplicable) => EmbedState::NotApplicable,
        Some(EmbeddingStatus::InProgress) if overdue => EmbedState::Overdue,
        Some(EmbeddingStatus::InProgress) => EmbedState::InProgress,
        // A change older than the site was part of its starting protocol;
        // a site whose start is not known is not tracked.
        None if site
            .record
            .live_from
            .is_none_or(|live| change.version.effective < live) =>
        {
            EmbedState::NotRequired
        }
        None if overdue => EmbedState::Overdue,
        None => EmbedState::Awaiting,
    };
    (state, confirmation)
}

/// Major changes of approved versions: the rows of the embedding matrix.
pub fn major_changes(docs: &Documents) -> Vec<ChangeEntry<'_>> {
    all_changes(docs)
        .into_iter()
        .filter(|c| c.note.major && c.version.state != VersionState::Draft)
        .collect()
}

/// Embedding records must name changes that exist; overdue changes are
/// warnings, one per site, so a steering group sees its backlog at a glance.
pub fn validate(docs: &Documents, content: &Content, today: Date, diags: &mut Diagnostics) {
    let ids = docs.all_change_ids();
    // `doc@version#id` naming a document whose version failed to load
    // is not reported: that version's changes are unknown, not missing.
    let unknowable = |change: &str| {
        change
            .split_once('@')
            .is_some_and(|(doc, _)| content.failed_in_folder(doc))
    };
    for site in &content.sites {
        let file = format!("content/sites/{}/embedding.yaml", site.id);
        for (i, c) in site.embedding.confirmations.iter().enumerate() {
            let line = site.confirmation_lines.get(i).copied().unwrap_or(1);
            if docs.find_change(&c.change).is_none() && !unknowable(&c.change) {
                let hint = did_you_mean(&c.change, ids.iter().map(String::as_str))
                    .map(|b| format!("did you mean `{b}`?"))
                    .unwrap_or_else(|| "write changes as <document>@<version>#<change id>, e.g. protocol/national-protocol@2.0#same-day-assessment".into());
                diags.push(
                    Diagnostic::error(
                        &file,
                        Position::new(line, 1),
                        format!("unknown change `{}`", c.change),
                    )
                    .with_hint(hint),
                );
            }
        }
        let overdue: Vec<String> = major_changes(docs)
            .iter()
            .filter(|c| embed_state(site, c, today).0 == EmbedState::Overdue)
            .map(|c| c.id.clone())
            .collect();
        if !overdue.is_empty() {
            let file = if site.embedding.confirmations.is_empty() {
                format!("content/sites/{}/site.yaml", site.id)
            } else {
                file
            };
            diags.push(
                Diagnostic::warning(&file, Position::new(1, 1), format!("{} has {} overdue change{}: {}", site.record.name, overdue.len(), if overdue.len() == 1 { "" } else { "s" }, overdue.join(", ")))
                    .with_hint("the site's steering group should confirm each change as embedded or not applicable"),
            );
        }
    }
}
