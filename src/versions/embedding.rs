//! The one rule for where a site stands on a major change, shared by the
//! embedding matrix, the site agendas, the site pages, `waymark status` and
//! the build's warnings.
//!
//! A tracked change is a major change note of a versioned document, or a
//! major version of a versioned map or form. Every site is shown for every
//! tracked change, in one of six states:
//!
//! - **embedded** and **not applicable**: the site's steering group has
//!   settled it (with a date);
//! - **in progress**: the group has recorded work under way (with its date).
//!   When the change's `embed_by` date has passed it is marked *past due*
//!   beside the state, but it stays in progress: the record is never hidden
//!   behind "overdue";
//! - **awaiting**: nothing recorded yet, and `embed_by` not yet passed;
//! - **overdue**: nothing recorded, and `embed_by` has passed;
//! - **not required**: the site has nothing to confirm, with the reason
//!   (it went live with the change already in place, or its go-live date
//!   is not recorded).

use serde::Serialize;

use super::yaml_docs::YamlDocs;
use super::{Documents, VersionNumber, VersionState};
use crate::content::sites::{Confirmation, EmbeddingStatus, Site};
use crate::content::Content;
use crate::date::Date;
use crate::markdown;

/// A major change that sites must confirm.
#[derive(Debug, Clone)]
pub struct Tracked {
    /// `<document>@<version>#<change id>`, or `<maps|forms>/<id>@<version>`.
    pub id: String,
    /// The change note's id, or the full id for a map or form.
    pub short: String,
    pub doc_title: String,
    /// `protocol/national-protocol`, `maps/national-pathway`.
    pub doc_path: String,
    pub version: VersionNumber,
    pub effective: Date,
    pub summary: String,
    pub embed_by: Option<Date>,
    /// The version's page, from the site root.
    pub page_url: String,
    /// The sections a change note names, `(title, URL from the site
    /// root)`; empty for maps and forms.
    pub sections: Vec<(String, String)>,
}

impl Tracked {
    /// The matrix and agendas name a change by its summary; this is the
    /// secondary line: where it comes from and its id.
    pub fn source_line(&self) -> String {
        format!("{}, version {}", self.doc_title, self.version)
    }
}

/// Every tracked change of approved versions, newest first; within a
/// version, in written order; documents before maps and forms on one date.
pub fn tracked_changes(docs: &Documents, yaml: &YamlDocs, content: &Content) -> Vec<Tracked> {
    let mut out: Vec<(Date, usize, Tracked)> = Vec::new();
    for doc in &docs.docs {
        for (k, version) in doc.versions.iter().enumerate() {
            if version.state == VersionState::Draft {
                continue;
            }
            let headings = markdown::scan_headings(&content.pages[version.payload.page].body);
            // A section the version removed is read in the version before.
            let previous = k.checked_sub(1).map(|p| &doc.versions[p]);
            for note in version.payload.changes.iter().filter(|c| c.major) {
                let sections = note
                    .sections
                    .iter()
                    .map(|id| doc.note_section(version, previous, &headings, id))
                    .collect();
                out.push((
                    version.effective,
                    0,
                    Tracked {
                        id: doc.change_id(version, note),
                        short: note.id.clone(),
                        doc_title: doc.title.clone(),
                        doc_path: doc.path.clone(),
                        version: version.number,
                        effective: version.effective,
                        summary: note.summary.clone(),
                        embed_by: note.embed_by,
                        page_url: doc.url(&version.file_name()),
                        sections,
                    },
                ));
            }
        }
    }
    for doc in &yaml.docs {
        for (v, version) in doc.versions.iter().enumerate().skip(1) {
            if !version.payload.major || version.state == VersionState::Draft {
                continue;
            }
            out.push((
                version.effective,
                1,
                Tracked {
                    id: format!("{}@{}", doc.path, version.number),
                    short: format!("{}@{}", doc.path, version.number),
                    doc_title: doc.title.clone(),
                    doc_path: doc.path.clone(),
                    version: version.number,
                    effective: version.effective,
                    summary: version.summary.clone().unwrap_or_else(|| {
                        format!("A new major version of this {}.", doc.kind.noun())
                    }),
                    embed_by: version.payload.embed_by,
                    page_url: doc.version_url(v),
                    sections: Vec::new(),
                },
            ));
        }
    }
    // Stable: notes of one version keep their written order.
    out.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then_with(|| a.2.doc_path.cmp(&b.2.doc_path))
    });
    out.into_iter().map(|(_, _, t)| t).collect()
}

/// Where a site stands on one tracked change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EmbedState {
    Embedded,
    InProgress,
    NotApplicable,
    Awaiting,
    Overdue,
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

/// A site's state on a change, the record it rests on, and why.
#[derive(Debug, Clone)]
pub struct SiteState<'s> {
    pub state: EmbedState,
    /// The site's latest record for this change.
    pub confirmation: Option<&'s Confirmation>,
    /// In progress, and the change's `embed_by` date has passed.
    pub past_due: bool,
    /// Why nothing is required (only for `NotRequired`).
    pub reason: Option<String>,
}

impl SiteState<'_> {
    /// The date of the record the state rests on.
    pub fn date(&self) -> Option<Date> {
        self.confirmation.and_then(|c| c.date)
    }

    /// One line for the terminal and CSV: "In progress since 2021-02-10,
    /// past due", "Not required: went live on …".
    pub fn describe(&self) -> String {
        let mut text = self.state.label().to_string();
        if let Some(date) = self.date() {
            let word = if self.state == EmbedState::InProgress {
                "since"
            } else {
                "on"
            };
            text.push_str(&format!(" {word} {}", date.iso()));
        }
        if self.past_due {
            text.push_str(", past due");
        }
        if let Some(reason) = &self.reason {
            text.push_str(&format!(": {reason}"));
        }
        text
    }

    /// The state for templates.
    pub fn view(&self) -> super::embedding_data::EmbedStateView {
        let c = self.confirmation;
        super::embedding_data::EmbedStateView {
            state: self.state,
            label: self.state.label(),
            tag: self.state.tag_class(),
            date: self.date().map(|d| d.long()),
            date_short: self.date().map(|d| d.short()),
            past_due: self.past_due,
            reason: self.reason.clone(),
            by: c.and_then(|c| c.by.clone()),
            evidence: c.and_then(|c| c.evidence.clone()),
        }
    }
}

/// The rule. `today` decides whether `embed_by` has passed.
pub fn site_state<'s>(site: &'s Site, change: &Tracked, today: Date) -> SiteState<'s> {
    let confirmation = site
        .embedding
        .confirmations
        .iter()
        .rev()
        .find(|c| c.change == change.id);
    let due_passed = change.embed_by.is_some_and(|d| d < today);
    let mut past_due = false;
    let mut reason = None;
    let state = match confirmation.map(|c| c.status) {
        Some(EmbeddingStatus::Embedded) => EmbedState::Embedded,
        Some(EmbeddingStatus::NotApplicable) => EmbedState::NotApplicable,
        Some(EmbeddingStatus::InProgress) => {
            past_due = due_passed;
            EmbedState::InProgress
        }
        None => match site.record.live_from {
            None => {
                reason = Some("no go-live date is recorded for this site".to_string());
                EmbedState::NotRequired
            }
            Some(live) if change.effective < live => {
                reason = Some(format!(
                    "the site went live on {} with this change already in place",
                    live.long()
                ));
                EmbedState::NotRequired
            }
            Some(_) if due_passed => EmbedState::Overdue,
            Some(_) => EmbedState::Awaiting,
        },
    };
    SiteState {
        state,
        confirmation,
        past_due,
        reason,
    }
}

#[cfg(test)]
mod tests;
