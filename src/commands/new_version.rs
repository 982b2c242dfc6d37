//! `waymark new version PATH [--major]`: start the next version of a
//! document, map or form as a draft, copied from its latest version.
//!
//! The front matter (a map's or form's `version:` block,
//! `super::version_block`) is edited as text, not re-serialised, so the
//! author's key order, comments and quoting survive the copy.

use std::path::{Path, PathBuf};

use super::CommandError;
use crate::content::CONTENT_DIR;
use crate::date::Date;
use crate::versioning::Versioned;
use crate::versions::{VersionNumber, VersionState};

/// The new version file, and a warning when it was copied from a draft.
#[derive(Debug)]
pub struct Created {
    pub path: PathBuf,
    /// Set when the latest version, the one copied, is not approved.
    pub from_draft: Option<String>,
}

/// Creates the new version file: a document's `v<next>.md` or a versioned
/// map's or form's `v<next>.yaml`, in the same folder as the latest.
pub fn run(root: &Path, doc_arg: &str, major: bool) -> Result<Created, CommandError> {
    let (_, versions) = super::load_versions(root, true)?;
    let path = super::document_path(doc_arg);
    if let Some(doc) = versions.documents.docs.iter().find(|d| d.path == path) {
        return create(root, doc, "md", major, |text, next, latest, effective| {
            rewrite_front_matter(text, next, latest, effective)
        });
    }
    if let Some(item) = versions.yaml_docs.docs.iter().find(|d| d.path == path) {
        return create(root, item, "yaml", major, |text, _, latest, effective| {
            super::version_block::draft_of(text, effective, latest)
        });
    }
    Err(format!(
        "no versioned document, map or form `{path}` (a folder of v<major>.<minor>.md or .yaml files under content/)"
    )
    .into())
}

/// Copies `item`'s latest version file (`v<n>.<extension>`) to the next
/// number, made a draft by `draft(text, next, latest, effective)`.
fn create<V>(
    root: &Path,
    item: &Versioned<V>,
    extension: &str,
    major: bool,
    draft: impl Fn(&str, VersionNumber, VersionNumber, Date) -> Result<String, String>,
) -> Result<Created, CommandError> {
    let latest = item.versions.last().ok_or("it has no versions")?;
    let next = latest.number.next(major);
    let dir = root.join(CONTENT_DIR).join(&item.path);
    let source = dir.join(format!("v{}.{extension}", latest.number));
    let target = dir.join(format!("v{next}.{extension}"));
    if target.exists() {
        return Err(format!("{} already exists", target.display()).into());
    }
    let text = std::fs::read_to_string(&source)
        .map_err(|e| format!("cannot read {}: {e}", source.display()))?;
    let effective = next_effective(Date::today(), latest.effective);
    let new_text = draft(&text, next, latest.number, effective)
        .map_err(|e| format!("cannot start version {next} from {}: {e}", source.display()))?;
    std::fs::write(&target, new_text)
        .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    let from_draft = (latest.state == VersionState::Draft).then(|| {
        let approved = item
            .current
            .map(|c| format!("the current approved version is {}", item.versions[c].number))
            .unwrap_or_else(|| "no version is approved yet".into());
        format!(
            "version {} is a draft, not approved: version {next} builds on its unapproved text ({approved})",
            latest.number
        )
    });
    Ok(Created {
        path: target,
        from_draft,
    })
}

/// A draft's effective date must come after the version it follows.
fn next_effective(today: Date, latest: Date) -> Date {
    if today > latest {
        return today;
    }
    let next = chrono::NaiveDate::parse_from_str(&latest.iso(), "%Y-%m-%d")
        .ok()
        .and_then(|d| d.succ_opt())
        .map(|d| d.format("%Y-%m-%d").to_string());
    next.and_then(|s| Date::parse(&s)).unwrap_or(latest)
}

/// Sets `version`, `status: draft` and `effective`, drops `approved_by`,
/// and empties `changes` (keeping a comment that says what to write).
pub fn rewrite_front_matter(
    text: &str,
    next: VersionNumber,
    previous: VersionNumber,
    effective: Date,
) -> Result<String, String> {
    let body_start = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---").map(|i| 4 + i + 1))
        .ok_or("the latest version has no front matter")?;
    let (front, body) = text.split_at(body_start);
    let mut out = String::from("---\n");
    let mut skipping_block = false;
    for line in front.lines().skip(1) {
        let top_level = !line.starts_with(' ') && !line.starts_with('-') && !line.trim().is_empty();
        if skipping_block {
            if !top_level {
                continue;
            }
            skipping_block = false;
        }
        let key = line.split(':').next().unwrap_or("").trim();
        match key {
            "version" if top_level => out.push_str(&format!("version: \"{next}\"\n")),
            "status" if top_level => out.push_str("status: draft\n"),
            "effective" if top_level => out.push_str(&format!("effective: {}\n", effective.iso())),
            "approved_by" if top_level => {}
            "changes" if top_level => {
                out.push_str(&format!(
                    "# What changed from version {previous}: one entry per change, e.g.\n#  - id: short-name\n#    sections: [heading-id]\n#    summary: What changed and why.\n#    major: true\n#    embed_by: YYYY-MM-DD\nchanges: []\n"
                ));
                skipping_block = true;
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push_str(body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_becomes_a_draft_of_the_next_version() {
        let text = "---\ntitle: P\nversion: \"1.1\"\nstatus: approved\neffective: 2018-01-01\napproved_by: Board\nchanges:\n  - id: a\n    summary: b\nsummary: S\n---\nBody\n";
        let out = rewrite_front_matter(
            text,
            VersionNumber::parse("1.2").unwrap(),
            VersionNumber::parse("1.1").unwrap(),
            Date::parse("2019-01-01").unwrap(),
        )
        .unwrap();
        assert!(out.contains("version: \"1.2\"\n"));
        assert!(out.contains("status: draft\n"));
        assert!(out.contains("effective: 2019-01-01\n"));
        assert!(!out.contains("approved_by"));
        assert!(
            out.contains("changes: []\nsummary: S\n---\nBody\n"),
            "{out}"
        );
        assert!(!out.contains("id: a"));
    }

    #[test]
    fn effective_date_moves_past_the_latest() {
        let latest = Date::parse("2030-05-01").unwrap();
        assert_eq!(
            next_effective(Date::parse("2026-01-01").unwrap(), latest).iso(),
            "2030-05-02"
        );
    }
}
