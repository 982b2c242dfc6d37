//! `waymark confirm`: recording a steering group's decisions without
//! editing YAML by hand.
//!
//! Two ways in: one decision on the command line
//! (`--site ID CHANGE --status S --date D --by B --evidence E`), or the file
//! the site's agenda page saves (`--site ID --from FILE`, see [`file`]). Both
//! are checked against the project (the change must exist, the status be
//! one Waymark knows, the date a real date) and every problem is reported
//! together, located in the file, before anything is written. Then the
//! entries are appended to `content/sites/ID/embedding.yaml` as text
//! ([`merge`]), so the file's comments and order survive.

pub mod file;
pub mod merge;

use std::path::Path;

use super::CommandError;
use crate::content::sites::EmbeddingStatus;
use crate::date::Date;
use crate::diagnostics::{did_you_mean, display_path, Diagnostic, Position};
use crate::versions::Documents;
use merge::NewEntry;

/// What to record.
pub enum Source<'a> {
    One(file::Entry),
    File(&'a Path),
}

/// Which field of an entry a problem is in, to place it.
#[derive(Clone, Copy)]
enum Field {
    Change,
    Status,
    Date,
    By,
    Evidence,
}

impl Field {
    fn key(self) -> &'static str {
        match self {
            Field::Change => "change",
            Field::Status => "status",
            Field::Date => "date",
            Field::By => "by",
            Field::Evidence => "evidence",
        }
    }
}

/// The statuses a confirmation may have, as written in YAML.
fn statuses() -> Vec<String> {
    [
        EmbeddingStatus::Embedded,
        EmbeddingStatus::InProgress,
        EmbeddingStatus::NotApplicable,
    ]
    .iter()
    .filter_map(|s| serde_json::to_value(s).ok()?.as_str().map(str::to_string))
    .collect()
}

/// Checks one entry; problems come back with the field they are in.
fn check(entry: &file::Entry, docs: &Documents) -> Vec<(Field, String, String)> {
    let mut problems = Vec::new();
    if docs.find_change(&entry.change).is_none() {
        let ids = docs.all_change_ids();
        let hint = match did_you_mean(&entry.change, ids.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => {
                "write changes as <document>@<version>#<change id>, as on the agenda page".into()
            }
        };
        problems.push((
            Field::Change,
            format!("unknown change `{}`", entry.change),
            hint,
        ));
    }
    let known = statuses();
    if !known.contains(&entry.status) {
        problems.push((
            Field::Status,
            format!("`{}` is not a status", entry.status),
            format!("use one of: {}", known.join(", ")),
        ));
    }
    if Date::parse(&entry.date).is_none() || entry.date.trim() != entry.date {
        problems.push((
            Field::Date,
            format!("`{}` is not a date", entry.date),
            "write dates as YYYY-MM-DD, e.g. 2024-03-06".into(),
        ));
    }
    for (field, value, what) in [
        (Field::By, &entry.by, "who decided (a group or role)"),
        (
            Field::Evidence,
            &entry.evidence,
            "the evidence for the decision",
        ),
    ] {
        if value.trim().is_empty() {
            problems.push((
                field,
                format!("`{}` is empty", field.key()),
                format!("give {what}"),
            ));
        }
    }
    problems
}

/// Records the decisions; returns what to print, or every problem found.
pub fn run(root: &Path, site_id: &str, source: Source<'_>) -> Result<String, CommandError> {
    let (content, documents) = super::load_documents(root, false)?;
    let Some(site) = content.sites.iter().find(|s| s.id == site_id) else {
        let known: Vec<&str> = content.sites.iter().map(|s| s.id.as_str()).collect();
        return Err(format!(
            "no site `{site_id}`; sites: {}",
            if known.is_empty() {
                "none".into()
            } else {
                known.join(", ")
            }
        )
        .into());
    };

    let mut errors: Vec<Diagnostic> = Vec::new();
    let entries: Vec<file::Entry> = match source {
        Source::One(entry) => {
            for (field, message, hint) in check(&entry, &documents) {
                let flag = match field {
                    Field::Change => "CHANGE".to_string(),
                    other => format!("--{}", other.key()),
                };
                errors.push(Diagnostic::error(flag, Position::new(1, 1), message).with_hint(hint));
            }
            vec![entry]
        }
        Source::File(path) => {
            let name = display_path(root, path);
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
            let (parsed, places) = file::parse(&text, &name)?;
            if parsed.format != file::FORMAT || parsed.version != 1 {
                errors.push(
                    Diagnostic::error(
                        &name,
                        places.top("format"),
                        format!("not a version 1 `{}` file", file::FORMAT),
                    )
                    .with_hint("save the file again from the site's agenda page"),
                );
            }
            if parsed.site != site_id {
                errors.push(
                    Diagnostic::error(
                        &name,
                        places.top("site"),
                        format!(
                            "this file records decisions for site `{}`, not `{site_id}`",
                            parsed.site
                        ),
                    )
                    .with_hint(format!(
                        "run `waymark confirm --site {} --from {name}`",
                        parsed.site
                    )),
                );
            }
            if parsed.confirmations.is_empty() {
                errors.push(
                    Diagnostic::error(&name, places.top("confirmations"), "the file records no decisions")
                        .with_hint("choose a decision for at least one change on the agenda page before saving"),
                );
            }
            for (k, entry) in parsed.confirmations.iter().enumerate() {
                for (field, message, hint) in check(entry, &documents) {
                    errors.push(
                        Diagnostic::error(&name, places.entry(k, field.key()), message)
                            .with_hint(hint),
                    );
                }
            }
            parsed.confirmations
        }
    };
    if !errors.is_empty() {
        return Err(CommandError::Located {
            context: None,
            diagnostics: errors,
        });
    }

    // A decision already recorded as the latest for its change is not
    // written twice, so saving the same file again changes nothing.
    let latest = |change: &str| {
        site.embedding
            .confirmations
            .iter()
            .rev()
            .find(|c| c.change == change)
    };
    let mut new = Vec::new();
    let mut skipped = Vec::new();
    for e in entries {
        let entry = NewEntry {
            change: e.change,
            status: e.status,
            date: e.date,
            by: e.by.trim().to_string(),
            evidence: e.evidence.trim().to_string(),
        };
        let same = latest(&entry.change).is_some_and(|c| {
            serde_json::to_value(c.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .as_deref()
                == Some(entry.status.as_str())
                && c.date.map(|d| d.iso()).as_deref() == Some(entry.date.as_str())
                && c.by.as_deref() == Some(entry.by.as_str())
                && c.evidence.as_deref() == Some(entry.evidence.as_str())
        });
        let duplicate = new.iter().any(|n: &NewEntry| n == &entry);
        if same || duplicate {
            skipped.push(entry.change);
        } else {
            new.push(entry);
        }
    }

    let rel = format!("content/sites/{site_id}/embedding.yaml");
    let path = root.join(&rel);
    let mut report = String::new();
    if !new.is_empty() {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(format!("{rel}: cannot read: {e}").into()),
        };
        let merged = merge::append(&text, &new, &rel)?;
        write_atomically(&path, &merged).map_err(|e| format!("{rel}: cannot write: {e}"))?;
        report.push_str(&format!(
            "Recorded {} decision{} for {} in {rel}:\n",
            new.len(),
            if new.len() == 1 { "" } else { "s" },
            site.record.name
        ));
        for e in &new {
            report.push_str(&format!(
                "  {}: {} ({}, {})\n",
                e.change, e.status, e.date, e.by
            ));
        }
    }
    for change in &skipped {
        report.push_str(&format!("Already recorded, not added again: {change}\n"));
    }
    // Recorded all the same (the group decided it), but worth knowing.
    for e in &new {
        let Some((_, version, note)) = documents.find_change(&e.change) else {
            continue;
        };
        if !note.major {
            report.push_str(&format!(
                "Note: {} is a minor change; sites need not confirm it.\n",
                e.change
            ));
        } else if site
            .record
            .live_from
            .is_some_and(|live| version.effective < live)
        {
            report.push_str(&format!(
                "Note: {} came before {} went live, so it was part of the site's starting protocol.\n",
                e.change, site.record.name
            ));
        }
    }
    Ok(report)
}

/// Writes through a sibling temporary file and a rename, so an interrupted
/// write never leaves half a record.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("yaml.waymark-tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}
