//! Are a version's change notes complete? The sections that changed are
//! computed from the text (the `diff` module's section matching: changed,
//! added, removed, moved, renamed) and each must be named by a change note.
//!
//! An approved version is an error when a changed section is named by no
//! note, when it has no `approved_by`, when it changes nothing, or when its
//! summary repeats its predecessor's; a draft gets the same findings as
//! warnings, so an author sees them while writing. Naming a section covers
//! its subsections; a removed or renamed section may be named by its old id.

use serde::Serialize;
use std::collections::BTreeMap;

use crate::content::frontmatter::ChangeNote;
use crate::content::SourcePage;
use crate::diagnostics::{Diagnostic, Position};
use crate::diff::{self, SectionDiff};

/// One section that differs from the predecessor, and the notes naming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionChange {
    /// The section's id (its old id when removed).
    pub id: String,
    /// Its id in the predecessor, when that differs.
    pub old_id: Option<String>,
    pub title: String,
    /// `changed`, `added`, `removed`, `renamed` or `moved`.
    pub status: &'static str,
    /// Every change in words: "Changed, moved".
    pub description: String,
    /// True for a removed section (it has no anchor in the new version).
    pub removed: bool,
    /// Labels of the change notes that name it (or a section containing
    /// it), as given to [`section_changes`].
    pub notes: Vec<String>,
}

/// The sections that differ between two bodies, each with the labels of
/// the `notes` that cover it; text before the first heading has no id to
/// name, so it is left out.
pub fn section_changes(
    old: &str,
    new: &str,
    notes: &[(String, &ChangeNote)],
) -> Vec<SectionChange> {
    compare(old, new, notes).0
}

/// [`section_changes`], and whether the two bodies are identical (one
/// diff for both).
fn compare(old: &str, new: &str, notes: &[(String, &ChangeNote)]) -> (Vec<SectionChange>, bool) {
    let result = diff::diff_documents(old, new);
    let identical = result.is_identical();
    let new_parents = parents(&diff::split_sections(new));
    let old_parents = parents(&diff::split_sections(old));
    let changes = result
        .sections
        .iter()
        .filter(|s| !s.is_unchanged() && !s.id.is_empty())
        .map(|s| {
            let removed = s.status == diff::SectionStatus::Removed;
            let mut names = vec![s.id.clone()];
            names.extend(s.old_id.clone());
            let lineage = if removed { &old_parents } else { &new_parents };
            names.extend(ancestors(lineage, &s.id));
            if let Some(old) = &s.old_id {
                names.extend(ancestors(&old_parents, old));
            }
            let covering = notes
                .iter()
                .filter(|(_, n)| n.sections.iter().any(|id| names.contains(id)))
                .map(|(label, _)| label.clone())
                .collect();
            describe(s, removed, covering)
        })
        .collect();
    (changes, identical)
}

fn describe(s: &SectionDiff, removed: bool, notes: Vec<String>) -> SectionChange {
    SectionChange {
        id: s.id.clone(),
        old_id: s.old_id.clone(),
        title: s.display_title().to_string(),
        status: s.status_word(),
        description: s.description(),
        removed,
        notes,
    }
}

/// Each section's parent (the nearest earlier section of a lower level).
fn parents(sections: &[diff::Section]) -> BTreeMap<String, String> {
    let mut stack: Vec<(u8, &str)> = Vec::new();
    let mut out = BTreeMap::new();
    for s in sections.iter().filter(|s| !s.id.is_empty()) {
        while stack.last().is_some_and(|(level, _)| *level >= s.level) {
            stack.pop();
        }
        if let Some((_, parent)) = stack.last() {
            out.insert(s.id.clone(), parent.to_string());
        }
        stack.push((s.level, &s.id));
    }
    out
}

fn ancestors(parents: &BTreeMap<String, String>, id: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = id;
    while let Some(p) = parents.get(at) {
        if out.contains(p) || out.len() > 16 {
            break;
        }
        out.push(p.clone());
        at = p;
    }
    out
}

/// What an author must fix before a version can be approved, as messages
/// with the front-matter line each points at.
pub struct Finding {
    pub position: Position,
    pub message: String,
    pub hint: String,
}

/// Checks one version against its predecessor (`None` for a first
/// version). `approved` chooses errors over warnings in [`diagnostics`].
pub fn findings(
    page: &SourcePage,
    number: &str,
    previous: Option<(&SourcePage, &str)>,
    notes: &[ChangeNote],
) -> Vec<Finding> {
    let front = &page.front;
    let changes_line = page
        .front_key("changes")
        .or_else(|| page.front_key("status"))
        .unwrap_or(Position::new(2, 1));
    let mut out = Vec::new();
    if front
        .approved_by
        .as_deref()
        .is_none_or(|b| b.trim().is_empty())
    {
        out.push(Finding {
            position: page.front_key("status").unwrap_or(Position::new(2, 1)),
            message: format!("version {number} has no `approved_by`"),
            hint: "name the body that approved it, e.g. `approved_by: Programme board` (or use `waymark approve`)".into(),
        });
    }
    let Some((prev_page, prev_number)) = previous else {
        return out;
    };
    let refs: Vec<(String, &ChangeNote)> = notes.iter().map(|n| (n.id.clone(), n)).collect();
    let (changed, identical) = compare(&prev_page.body, &page.body, &refs);
    if identical {
        out.push(Finding {
            position: changes_line,
            message: format!("version {number} changes nothing from version {prev_number}"),
            hint: "a new version must change the text; delete this file if nothing changed".into(),
        });
    }
    let uncovered: Vec<&SectionChange> = changed.iter().filter(|c| c.notes.is_empty()).collect();
    if !uncovered.is_empty() {
        let list: Vec<String> = uncovered
            .iter()
            .map(|c| format!("`{}` ({})", c.id, lower(&c.description)))
            .collect();
        out.push(Finding {
            position: changes_line,
            message: format!(
                "version {number} changes {} section{} that no change note names: {}",
                uncovered.len(),
                if uncovered.len() == 1 { "" } else { "s" },
                list.join(", ")
            ),
            hint: "add each section's id to the `sections` of the change note that explains it, or add a note saying what changed and why".into(),
        });
    }
    if let (Some(summary), Some(prev)) = (&front.summary, &prev_page.front.summary) {
        if summary.trim() == prev.trim() && !summary.trim().is_empty() {
            out.push(Finding {
                position: page.front_key("summary").unwrap_or(changes_line),
                message: format!(
                    "version {number}'s summary is the same as version {prev_number}'s"
                ),
                hint: "say in the summary what this version changes".into(),
            });
        }
    }
    out
}

fn lower(text: &str) -> String {
    crate::diff::lower_first(text)
}

/// A change note covering a changed section, linking to the note's anchor.
#[derive(Debug, Serialize)]
pub struct CoveringNote {
    /// The note's id within its version.
    pub id: String,
    pub anchor: String,
}

/// A changed section as `section-changes.html` lists it.
#[derive(Debug, Serialize)]
pub struct SectionChangeView {
    pub title: String,
    pub url: String,
    pub status: &'static str,
    pub description: String,
    pub notes: Vec<CoveringNote>,
}

/// The changed sections for a page: each with a link (to the new version,
/// or to the old one for a removed section) and the notes covering it,
/// each linking to the note's anchor on this page. Labels are full change
/// ids (`<doc>@<version>#<id>`).
pub fn views(changes: &[SectionChange], new_page: &str, old_page: &str) -> Vec<SectionChangeView> {
    changes
        .iter()
        .map(|c| {
            let page = if c.removed { old_page } else { new_page };
            let notes = c
                .notes
                .iter()
                .map(|full| CoveringNote {
                    id: full.rsplit('#').next().unwrap_or(full).to_string(),
                    anchor: super::pages::change_anchor(full),
                })
                .collect();
            SectionChangeView {
                title: c.title.clone(),
                url: format!("{page}#{}", c.id),
                status: c.status,
                description: c.description.clone(),
                notes,
            }
        })
        .collect()
}

/// The findings as diagnostics: errors for an approved version, warnings
/// for a draft.
pub fn diagnostics(file: &str, findings: Vec<Finding>, approved: bool) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .map(|f| {
            let d = if approved {
                Diagnostic::error(file, f.position, f.message)
            } else {
                Diagnostic::warning(file, f.position, format!("draft: {}", f.message))
            };
            d.with_hint(f.hint)
        })
        .collect()
}

#[cfg(test)]
mod tests;
