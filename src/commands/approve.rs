//! `waymark approve DOC VERSION --by BODY [--effective DATE]`: turn a draft
//! into an approved version, only when its change notes cover every
//! section it changes (`versions::coverage`) and the project still checks.
//!
//! The file is edited as text: only the `status`, `approved_by` and
//! (with `--effective`) `effective` lines change, so every other byte of
//! the author's file, comments and quoting included, stays as it was.

use std::path::{Path, PathBuf};

use super::CommandError;
use crate::build::{build, BuildOptions};
use crate::content::frontmatter::VersionStatus;
use crate::content::CONTENT_DIR;
use crate::date::Date;
use crate::versions::{coverage, VersionNumber, VersionState};

/// What `approve` did, for the terminal.
#[derive(Debug)]
pub struct Approved {
    pub file: PathBuf,
    /// One line per edited key: "status: draft → approved".
    pub edits: Vec<String>,
    /// How many changed sections the notes cover, and how many notes.
    pub sections: usize,
    pub notes: usize,
}

pub fn run(
    root: &Path,
    doc_arg: &str,
    version: &str,
    by: &str,
    effective: Option<&str>,
) -> Result<Approved, CommandError> {
    let by = by.trim();
    if by.is_empty() || by.contains('\n') {
        return Err("--by must name the approving body on one line".into());
    }
    let effective = match effective {
        Some(text) => Some(
            Date::parse(text)
                .ok_or_else(|| format!("--effective `{text}` is not a date: write YYYY-MM-DD"))?,
        ),
        None => None,
    };
    let (content, documents) = super::load_documents(root, true)?;
    let path = super::document_path(doc_arg);
    let doc = documents
        .docs
        .iter()
        .find(|d| d.path == path)
        .ok_or_else(|| format!("no versioned document `{path}`"))?;
    let number = VersionNumber::parse(version.trim_start_matches('v'))
        .ok_or_else(|| format!("`{version}` is not a version number like 2.1"))?;
    let k = doc.find(number).ok_or_else(|| {
        let known: Vec<String> = doc.versions.iter().map(|v| v.number.to_string()).collect();
        format!(
            "{path} has no version {number}; versions: {}",
            known.join(", ")
        )
    })?;
    let v = &doc.versions[k];
    if v.state != VersionState::Draft {
        return Err(format!("{path} version {number} is already approved").into());
    }
    let page = &content.pages[v.payload.page];
    let new_effective = effective.unwrap_or(v.effective);
    // Approved versions follow the approved versions before them.
    let previous = doc.versions[..k]
        .iter()
        .rev()
        .find(|p| p.state != VersionState::Draft);
    if let Some(p) = previous {
        if new_effective <= p.effective {
            return Err(format!(
                "version {number} would take effect on {new_effective}, not after version {} ({}); give a later --effective date",
                p.number, p.effective
            ).into());
        }
    }
    // Check the version as it will be once approved.
    let mut approved = crate::content::SourcePage::clone(page);
    approved.front.status = Some(VersionStatus::Approved);
    approved.front.approved_by = Some(by.to_string());
    approved.front.effective = Some(new_effective);
    let prev_number = previous.map(|p| p.number.to_string());
    let prev_page = previous.map(|p| &*content.pages[p.payload.page]);
    let findings = coverage::findings(
        &approved,
        &number.to_string(),
        prev_page.zip(prev_number.as_deref()),
        &v.payload.changes,
    );
    if !findings.is_empty() {
        return Err(CommandError::located(
            format!("version {number} cannot be approved yet:"),
            coverage::diagnostics(&page.file, findings, true),
        ));
    }
    let file = root.join(CONTENT_DIR).join(&page.path);
    let original = std::fs::read_to_string(&file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let (text, edits) = edit_front_matter(&original, by, effective)?;
    std::fs::write(&file, &text).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    // Everything else a build checks must still pass; if not, put the file back.
    let report = build(&BuildOptions {
        root: root.to_path_buf(),
        out: None,
        drafts: false,
        write: false,
        zip: false,
    });
    if !report.succeeded() {
        std::fs::write(&file, &original)
            .map_err(|e| format!("cannot restore {}: {e}", file.display()))?;
        return Err(CommandError::located(
            format!(
                "approving version {number} would break the build, so {} is unchanged:",
                page.file
            ),
            report
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect(),
        ));
    }
    let notes: Vec<&str> = v.payload.changes.iter().map(|c| c.id.as_str()).collect();
    Ok(Approved {
        file,
        edits,
        sections: previous.map_or(0, |_| {
            let refs: Vec<_> = v
                .payload
                .changes
                .iter()
                .map(|n| (n.id.clone(), n))
                .collect();
            coverage::section_changes(
                &prev_page.map(|p| p.body.clone()).unwrap_or_default(),
                &page.body,
                &refs,
            )
            .len()
        }),
        notes: notes.len(),
    })
}

/// Sets `status: approved` and `approved_by` (inserted after `status` when
/// missing), and `effective` when given; returns the text and what changed.
pub fn edit_front_matter(
    text: &str,
    by: &str,
    effective: Option<Date>,
) -> Result<(String, Vec<String>), String> {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let first = format!("---{newline}");
    if !text.starts_with(&first) {
        return Err("the version file has no front matter".into());
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut edits = Vec::new();
    let mut in_front = true;
    let mut saw_approved_by = false;
    let mut status_at = None;
    let mut status_edit = 0;
    let quoted = quote(by);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\r', '\n']);
        if i > 0 && in_front && bare == "---" {
            in_front = false;
            if !saw_approved_by {
                let Some(at) = status_at else {
                    return Err("the front matter has no `status:` line".into());
                };
                // Insert after the status line.
                let insert = format!("approved_by: {quoted}{newline}");
                out.insert_str(at, &insert);
                edits.insert(status_edit + 1, format!("approved_by: (none) → {by}"));
            }
            out.push_str(line);
            continue;
        }
        if i == 0 || !in_front {
            out.push_str(line);
            continue;
        }
        let value = |key: &str| bare.strip_prefix(key).map(str::trim);
        if let Some(old) = value("status:") {
            out.push_str(&format!("status: approved{newline}"));
            status_at = Some(out.len());
            status_edit = edits.len();
            edits.push(format!("status: {old} → approved"));
        } else if let Some(old) = value("approved_by:") {
            saw_approved_by = true;
            out.push_str(&format!("approved_by: {quoted}{newline}"));
            let old = old.trim_matches('"');
            edits.push(if old == by {
                format!("approved_by: {by} (unchanged)")
            } else if old.is_empty() {
                format!("approved_by: (none) → {by}")
            } else {
                format!("approved_by: {old} → {by}")
            });
        } else if let (Some(old), Some(date)) = (value("effective:"), effective) {
            out.push_str(&format!("effective: {}{newline}", date.iso()));
            edits.push(format!("effective: {old} → {}", date.iso()));
        } else {
            out.push_str(line);
        }
    }
    if in_front {
        return Err("the front matter is not closed by a `---` line".into());
    }
    Ok((out, edits))
}

/// A YAML scalar for `by`: plain when safe, double-quoted otherwise.
fn quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " -().,'&/".contains(c))
        && !text.starts_with(['-', '\'', '&', ' '])
        && !text.ends_with(' ');
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_approval_lines_change() {
        let text = "---\ntitle: P\nversion: \"2.1\"\nstatus: draft # not yet\neffective: 2026-01-01\n# keep me\nsummary: S\nchanges:\n  - id: a\n    sections: [x]\n    summary: status: odd\n---\n\n## X {#x}\n\nstatus: body text\n";
        let (out, edits) = edit_front_matter(text, "Programme board", None).unwrap();
        assert_eq!(
            out,
            text.replace(
                "status: draft # not yet\n",
                "status: approved\napproved_by: Programme board\n"
            )
        );
        assert_eq!(
            edits,
            [
                "status: draft # not yet → approved",
                "approved_by: (none) → Programme board"
            ]
        );
        let (out, edits) = edit_front_matter(
            &out.replace("approved_by: Programme board", "approved_by: Old"),
            "New: board",
            Date::parse("2027-02-03"),
        )
        .unwrap();
        assert!(out.contains("approved_by: \"New: board\"\n"), "{out}");
        assert!(out.contains("effective: 2027-02-03\n"));
        assert_eq!(edits.len(), 3);
    }

    #[test]
    fn windows_line_endings_are_kept() {
        let text = "---\r\ntitle: P\r\nstatus: draft\r\neffective: 2026-01-01\r\n---\r\nBody\r\n";
        let (out, _) = edit_front_matter(text, "Board", None).unwrap();
        assert_eq!(
            out,
            "---\r\ntitle: P\r\nstatus: approved\r\napproved_by: Board\r\neffective: 2026-01-01\r\n---\r\nBody\r\n"
        );
    }

    #[test]
    fn a_file_without_front_matter_is_refused() {
        assert!(edit_front_matter("title: x\n", "B", None).is_err());
        assert!(edit_front_matter("---\ntitle: x\nstatus: draft\n", "B", None).is_err());
    }
}
