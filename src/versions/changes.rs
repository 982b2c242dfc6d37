//! Change notes across documents, and sites' confirmations that each major
//! change is embedded in practice.
//!
//! A major national change made after a site went live needs that site's
//! confirmation (`embedded` or `not-applicable`); past its `embed_by` date
//! without any record it is overdue. The rule itself is
//! `versions::embedding`, so that the web pages, `waymark status` and the
//! build's warnings all agree; this module checks the records.

use super::embedding::{site_state, EmbedState, Tracked};
use super::yaml_docs::YamlDocs;
use super::{Document, Documents, Version};
use crate::content::frontmatter::ChangeNote;
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
            for (i, note) in version.payload.changes.iter().enumerate() {
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

/// Embedding records must name changes that exist (a document's change
/// note, or a version of a versioned map or form); overdue changes are
/// warnings, one per site, so a steering group sees its backlog at a glance.
pub fn validate(
    docs: &Documents,
    yaml: &YamlDocs,
    tracked: &[Tracked],
    content: &Content,
    today: Date,
    diags: &mut Diagnostics,
) {
    let mut ids = docs.all_change_ids();
    for doc in &yaml.docs {
        ids.extend(
            doc.versions
                .iter()
                .map(|v| format!("{}@{}", doc.path, v.number)),
        );
    }
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
            if !ids.contains(&c.change) && !unknowable(&c.change) {
                let hint = did_you_mean(&c.change, ids.iter().map(String::as_str))
                    .map(|b| format!("did you mean `{b}`?"))
                    .unwrap_or_else(|| "write changes as <document>@<version>#<change id>, e.g. protocol/national-protocol@2.0#same-day-assessment, or <maps|forms>/<id>@<version> for a map or form".into());
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
        let states: Vec<(&Tracked, _)> = tracked
            .iter()
            .map(|c| (c, site_state(site, c, today)))
            .collect();
        let overdue: Vec<&str> = states
            .iter()
            .filter(|(_, s)| s.state == EmbedState::Overdue)
            .map(|(c, _)| c.id.as_str())
            .collect();
        let past_due: Vec<&str> = states
            .iter()
            .filter(|(_, s)| s.past_due)
            .map(|(c, _)| c.id.as_str())
            .collect();
        if overdue.is_empty() && past_due.is_empty() {
            continue;
        }
        let file = if site.embedding.confirmations.is_empty() {
            format!("content/sites/{}/site.yaml", site.id)
        } else {
            file
        };
        let mut parts = Vec::new();
        if !overdue.is_empty() {
            parts.push(format!(
                "{} overdue change{}: {}",
                overdue.len(),
                plural(overdue.len()),
                overdue.join(", ")
            ));
        }
        if !past_due.is_empty() {
            parts.push(format!(
                "{} change{} in progress past the confirm-by date: {}",
                past_due.len(),
                plural(past_due.len()),
                past_due.join(", ")
            ));
        }
        diags.push(
            Diagnostic::warning(&file, Position::new(1, 1), format!("{} has {}", site.record.name, parts.join("; and ")))
                .with_hint("the site's steering group should confirm each change as embedded or not applicable"),
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
