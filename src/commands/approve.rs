//! `waymark approve DOC VERSION --by BODY [--effective DATE]`: turn a draft
//! into an approved version, only when the project still checks and, for a
//! document, its change notes cover every section it changes
//! (`versions::coverage`). DOC is a versioned document's folder or a
//! versioned map's or form's (`maps/national-pathway`).
//!
//! The file is edited as text: only the `status`, `approved_by` and
//! (with `--effective`) `effective` lines change — in a document's front
//! matter or a map's or form's `version:` block (`super::version_block`) —
//! so every other byte of the author's file, comments and quoting included,
//! stays as it was.

use std::path::{Path, PathBuf};

use super::CommandError;
use crate::build::{build, BuildOptions};
use crate::content::frontmatter::VersionStatus;
use crate::content::{Content, CONTENT_DIR};
use crate::date::Date;
use crate::versioning::Versioned;
use crate::versions::{coverage, Document, VersionNumber, VersionState};

/// What `approve` did, for the terminal.
#[derive(Debug)]
pub struct Approved {
    /// The document, map or form (its folder under `content/`).
    pub item: String,
    pub number: VersionNumber,
    pub file: PathBuf,
    /// One line per edited key: "status: draft → approved".
    pub edits: Vec<String>,
    /// For a document: how many notes cover how many changed sections. Maps
    /// and forms have no change notes (their version's summary says what
    /// changed).
    pub coverage: Option<NotesCover>,
}

/// A document version's change notes and the changed sections they cover.
#[derive(Debug)]
pub struct NotesCover {
    pub notes: usize,
    pub sections: usize,
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
    let number = VersionNumber::parse(version.trim_start_matches('v'))
        .ok_or_else(|| format!("`{version}` is not a version number like 2.1"))?;
    let (content, versions) = super::load_versions(root, true)?;
    let path = super::document_path(doc_arg);
    if let Some(doc) = versions.documents.docs.iter().find(|d| d.path == path) {
        return approve_document(root, &content, doc, number, by, effective);
    }
    if let Some(item) = versions.yaml_docs.docs.iter().find(|d| d.path == path) {
        let (k, _) = draft_to_approve(item, number, effective)?;
        let file = root
            .join(CONTENT_DIR)
            .join(&item.path)
            .join(format!("v{number}.yaml"));
        let shown = format!("{CONTENT_DIR}/{}/v{number}.yaml", item.path);
        debug_assert_eq!(item.versions[k].number, number);
        let edits = write_checked(root, &file, &shown, number, |text| {
            super::version_block::approve(text, by, effective)
        })?;
        return Ok(Approved {
            item: path,
            number,
            file,
            edits,
            coverage: None,
        });
    }
    Err(format!("no versioned document, map or form `{path}`").into())
}

/// Version `number` of `item`, when it is a draft that may be approved to
/// take effect on `effective` (default: its own date): its index and the
/// approved version before it.
fn draft_to_approve<V>(
    item: &Versioned<V>,
    number: VersionNumber,
    effective: Option<Date>,
) -> Result<(usize, Option<usize>), CommandError> {
    let path = &item.path;
    let k = item.find(number).ok_or_else(|| {
        let known: Vec<String> = item.versions.iter().map(|v| v.number.to_string()).collect();
        format!(
            "{path} has no version {number}; versions: {}",
            known.join(", ")
        )
    })?;
    let v = &item.versions[k];
    if v.state != VersionState::Draft {
        return Err(format!("{path} version {number} is already approved").into());
    }
    let new_effective = effective.unwrap_or(v.effective);
    // Approved versions follow the approved versions before them.
    let previous = (0..k)
        .rev()
        .find(|&p| item.versions[p].state != VersionState::Draft);
    if let Some(p) = previous.map(|p| &item.versions[p]) {
        if new_effective <= p.effective {
            return Err(format!(
                "version {number} would take effect on {new_effective}, not after version {} ({}); give a later --effective date",
                p.number, p.effective
            ).into());
        }
    }
    Ok((k, previous))
}

/// Writes `edit`'s version of `file`, then checks the project as a build
/// would; if it fails, the file is put back as it was.
fn write_checked(
    root: &Path,
    file: &Path,
    shown: &str,
    number: VersionNumber,
    edit: impl Fn(&str) -> Result<(String, Vec<String>), String>,
) -> Result<Vec<String>, CommandError> {
    let original = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let (text, edits) = edit(&original).map_err(|e| format!("cannot approve {shown}: {e}"))?;
    std::fs::write(file, &text).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    // Everything else a build checks must still pass; if not, put the file back.
    let report = build(&BuildOptions {
        root: root.to_path_buf(),
        out: None,
        drafts: false,
        write: false,
        zip: false,
    });
    if !report.succeeded() {
        std::fs::write(file, &original)
            .map_err(|e| format!("cannot restore {}: {e}", file.display()))?;
        return Err(CommandError::located(
            format!("approving version {number} would break the build, so {shown} is unchanged:"),
            report
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect(),
        ));
    }
    Ok(edits)
}

/// A document's draft: approved only when its change notes cover every
/// section it changes (`versions::coverage`).
fn approve_document(
    root: &Path,
    content: &Content,
    doc: &Document,
    number: VersionNumber,
    by: &str,
    effective: Option<Date>,
) -> Result<Approved, CommandError> {
    let (k, previous) = draft_to_approve(doc, number, effective)?;
    let v = &doc.versions[k];
    let previous = previous.map(|p| &doc.versions[p]);
    let page = &content.pages[v.payload.page];
    // Check the version as it will be once approved.
    let mut approved = crate::content::SourcePage::clone(page);
    approved.front.status = Some(VersionStatus::Approved);
    approved.front.approved_by = Some(by.to_string());
    approved.front.effective = Some(effective.unwrap_or(v.effective));
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
    let edits = write_checked(root, &file, &page.file, number, |text| {
        edit_front_matter(text, by, effective)
    })?;
    let sections = previous.map_or(0, |_| {
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
    });
    Ok(Approved {
        item: doc.path.clone(),
        number,
        file,
        edits,
        coverage: Some(NotesCover {
            notes: v.payload.changes.len(),
            sections,
        }),
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
            edits.push(approved_by_change(Some(old), by));
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

/// How `approved_by` changes from the value written (`None`: no line) to
/// `by`, as `approve` reports it for documents, maps and forms alike.
pub(super) fn approved_by_change(written: Option<&str>, by: &str) -> String {
    match written.map(|w| w.trim_matches('"')) {
        Some(old) if old == by => format!("approved_by: {by} (unchanged)"),
        Some(old) if !old.is_empty() => format!("approved_by: {old} → {by}"),
        _ => format!("approved_by: (none) → {by}"),
    }
}

/// A YAML scalar for `by`: plain when safe, double-quoted otherwise.
pub(super) fn quote(text: &str) -> String {
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
