//! Versioned documents: a folder of `v<major>.<minor>.md` files is one
//! document with versions.
//!
//! This mechanism versions anything that is a page (the protocol, training
//! modules, case studies); maps and forms are grouped by `yaml_docs`, into
//! the same model (`versioning::Versioned`). It groups the version files,
//! validates their front matter against each other, decides which version is
//! current, superseded or draft, and names each change note
//! `<document>@<version>#<change id>` so sites can confirm it.

pub mod change_log;
pub mod changes;
pub mod coverage;
pub mod embedding;
pub mod embedding_data;
mod embedding_pages;
pub mod feed;
pub mod maintenance;
pub mod page_data;
pub mod pages;
pub mod versioned_pages;
pub mod yaml_docs;
pub mod yaml_pages;

use std::collections::{BTreeMap, BTreeSet};

use crate::content::frontmatter::{ChangeNote, VersionStatus};
use crate::content::{Content, SourcePage};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Position};
use crate::markdown;
pub use crate::versioning::VersionNumber;

// Kept at their old paths for the version pages and commands.
pub use crate::versioning::{VersionState, Versioned, VersionedKind};

/// What only a document's version has: its page and change notes.
#[derive(Debug, Clone)]
pub struct DocumentVersion {
    /// Index into `Content::pages`.
    pub page: usize,
    pub changes: Vec<ChangeNote>,
    /// Heading ids of this version, for change notes and the switcher.
    pub section_ids: BTreeSet<String>,
    /// The sections that differ from the version before it (as built), with
    /// the notes covering each (`coverage`).
    pub section_changes: Vec<coverage::SectionChange>,
}

/// A version of a Markdown document.
pub type Version = crate::versioning::Version<DocumentVersion>;

/// A Markdown document with versions: a folder of `v<n>.md` files, whose
/// `id` and `path` are the folder under `content/`.
pub type Document = Versioned<DocumentVersion>;

impl Document {
    /// Where a change note's section `id` is shown, from the site root, with
    /// its title: in `version`, or, for a section the version removed, in
    /// the version before it (`previous`). `headings` are `version`'s.
    pub fn note_section(
        &self,
        version: &Version,
        previous: Option<&Version>,
        headings: &[crate::markdown::Heading],
        id: &str,
    ) -> (String, String) {
        let title = headings
            .iter()
            .find(|h| h.id == id)
            .map_or_else(|| id.to_string(), |h| h.text.clone());
        let shown_in = match previous {
            Some(p) if !version.payload.section_ids.contains(id) => p,
            _ => version,
        };
        (title, format!("{}#{id}", self.url(&shown_in.file_name())))
    }

    pub fn folder(&self) -> &str {
        crate::content::parent_folder(&self.path)
    }

    pub fn change_id(&self, version: &Version, change: &ChangeNote) -> String {
        format!("{}@{}#{}", self.path, version.number, change.id)
    }
}

#[derive(Debug, Default, Clone)]
pub struct Documents {
    pub docs: Vec<Document>,
    /// Content pages that belong to a document (rendered by `pages`, not as plain pages).
    pub member_pages: BTreeSet<usize>,
}

impl Documents {
    /// Finds versioned documents, validates them and drops draft versions
    /// unless `drafts` is set.
    pub fn collect(content: &Content, drafts: bool, diags: &mut Diagnostics) -> Documents {
        let mut by_folder: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, page) in content.pages.iter().enumerate() {
            let name = page.path.rsplit('/').next().unwrap_or(&page.path);
            if VersionNumber::from_file_name(name).is_some() {
                by_folder.entry(page.folder()).or_default().push(i);
            } else if page.front.has_version_keys() {
                diags.push(
                    Diagnostic::error(&page.file, first_version_key(page), "version keys (`version`, `status`, `effective`, `approved_by`, `changes`) on a page that is not a version")
                        .with_hint("versions live in a document folder as files named like v1.0.md; remove these keys or rename the file"),
                );
            }
        }
        let mut documents = Documents::default();
        for (folder, pages) in by_folder {
            if folder.is_empty() {
                for &i in &pages {
                    diags.push(
                        Diagnostic::error(&content.pages[i].file, Position::new(1, 1), "a version file must be inside a document folder")
                            .with_hint("move it into a folder named after the document, e.g. content/protocol/national-protocol/v1.0.md"),
                    );
                }
                continue;
            }
            for (i, page) in content.pages.iter().enumerate() {
                if page.folder() == folder && !pages.contains(&i) {
                    // Kept out of the page tree too, so the one error is the only one.
                    documents.member_pages.insert(i);
                    diags.push(
                        Diagnostic::error(&page.file, Position::new(1, 1), format!("`{}` is in a versioned document's folder but is not a version", page.path))
                            .with_hint("a document folder holds only its v<major>.<minor>.md files; move this page up a level"),
                    );
                }
            }
            documents.member_pages.extend(pages.iter().copied());
            if let Some(doc) = build_document(content, folder, &pages, drafts, diags) {
                documents.docs.push(doc);
            }
        }
        documents
    }

    /// Looks up a change by its full id `<doc>@<version>#<change>`.
    pub fn find_change(&self, id: &str) -> Option<(&Document, &Version, &ChangeNote)> {
        let (doc_path, rest) = id.split_once('@')?;
        let (number, change_id) = rest.split_once('#')?;
        let number = VersionNumber::parse(number)?;
        let doc = self.docs.iter().find(|d| d.path == doc_path)?;
        let version = doc.versions.iter().find(|v| v.number == number)?;
        let change = version.payload.changes.iter().find(|c| c.id == change_id)?;
        Some((doc, version, change))
    }

    /// Every change id, for "did you mean" hints.
    pub fn all_change_ids(&self) -> Vec<String> {
        let mut ids = Vec::new();
        for doc in &self.docs {
            for v in &doc.versions {
                for c in &v.payload.changes {
                    ids.push(doc.change_id(v, c));
                }
            }
        }
        ids
    }
}

fn build_document(
    content: &Content,
    folder: &str,
    pages: &[usize],
    drafts: bool,
    diags: &mut Diagnostics,
) -> Option<Document> {
    let mut sorted: Vec<usize> = pages.to_vec();
    sorted.sort_by_key(|&i| {
        let name = content.pages[i].path.rsplit('/').next().unwrap_or_default();
        VersionNumber::from_file_name(name)
    });
    let mut versions = Vec::new();
    // A change note may name a section of the version before (one it removes).
    let mut previous_ids: BTreeSet<String> = BTreeSet::new();
    for &i in &sorted {
        let page = &content.pages[i];
        if let Some(v) = validate_version(page, i, &previous_ids, diags) {
            versions.push(v);
        }
        previous_ids = markdown::scan_headings(&page.body)
            .into_iter()
            .map(|h| h.id)
            .collect();
    }
    versions.sort_by_key(|v| v.number);
    check_coverage(content, &versions, drafts, diags);
    // Effective dates must increase with version numbers.
    for pair in versions.windows(2) {
        if pair[1].effective <= pair[0].effective {
            let page = &content.pages[pair[1].payload.page];
            diags.push(
                Diagnostic::error(
                    &page.file,
                    front_line(page, "effective"),
                    format!(
                        "version {} is effective from {}, not after version {} ({})",
                        pair[1].number, pair[1].effective, pair[0].number, pair[0].effective
                    ),
                )
                .with_hint("versions must take effect in the order of their numbers"),
            );
        }
    }
    if !drafts {
        versions.retain(|v| v.state != VersionState::Draft);
    }
    if versions.is_empty() {
        return None;
    }
    for k in 1..versions.len() {
        let (before, after) = versions.split_at_mut(k);
        let prev = &before[k - 1];
        let v = &mut after[0];
        let notes: Vec<(String, &ChangeNote)> = v
            .payload
            .changes
            .iter()
            .map(|n| (format!("{folder}@{}#{}", v.number, n.id), n))
            .collect();
        v.payload.section_changes = coverage::section_changes(
            &content.pages[prev.payload.page].body,
            &content.pages[v.payload.page].body,
            &notes,
        );
    }
    Versioned::new(
        VersionedKind::Document,
        folder.to_string(),
        folder.to_string(),
        |_, shown| content.pages[shown.payload.page].front.title.clone(),
        versions,
    )
}

/// Change notes must cover every section a version changes (see
/// `coverage`): errors for approved versions, warnings for drafts (only
/// when drafts are built). An approved version is compared with the
/// approved version before it; a draft with the version before it.
fn check_coverage(content: &Content, versions: &[Version], drafts: bool, diags: &mut Diagnostics) {
    for (k, v) in versions.iter().enumerate() {
        let approved = v.state != VersionState::Draft;
        if !approved && !drafts {
            continue;
        }
        let previous = versions[..k]
            .iter()
            .rev()
            .find(|p| !approved || p.state != VersionState::Draft);
        let page = &content.pages[v.payload.page];
        let number = v.number.to_string();
        let prev_number = previous.map(|p| p.number.to_string());
        let prev = previous
            .map(|p| &*content.pages[p.payload.page])
            .zip(prev_number.as_deref());
        let findings = coverage::findings(page, &number, prev, &v.payload.changes);
        diags.extend(coverage::diagnostics(&page.file, findings, approved));
    }
}

fn validate_version(
    page: &SourcePage,
    index: usize,
    previous_ids: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Option<Version> {
    let name = page.path.rsplit('/').next().unwrap_or(&page.path);
    let number = VersionNumber::from_file_name(name)?;
    let front = &page.front;
    let mut errors: Vec<Diagnostic> = Vec::new();
    let error = |errors: &mut Vec<Diagnostic>, pos: Position, message: String, hint: &str| {
        errors.push(Diagnostic::error(&page.file, pos, message).with_hint(hint.to_string()));
    };
    match &front.version {
        Some(v) if VersionNumber::parse(v) == Some(number) => {}
        Some(v) => error(
            &mut errors,
            front_line(page, "version"),
            format!("`version: {v}` does not match the file name {name}"),
            "make the front matter and the file name agree (quote it: version: \"1.0\")",
        ),
        None => error(
            &mut errors,
            Position::new(2, 1),
            format!("version file {name} has no `version` key"),
            "add `version: \"<major>.<minor>\"` matching the file name",
        ),
    }
    if front.status.is_none() {
        error(
            &mut errors,
            Position::new(2, 1),
            "a version needs `status: draft` or `status: approved`".into(),
            "add a status",
        );
    }
    if front.effective.is_none() {
        error(
            &mut errors,
            Position::new(2, 1),
            "a version needs an `effective` date".into(),
            "add `effective: YYYY-MM-DD`, the date it takes (or took) effect",
        );
    }
    let headings = markdown::scan_headings(&page.body);
    let section_ids: BTreeSet<String> = headings.iter().map(|h| h.id.clone()).collect();
    let mut seen = BTreeSet::new();
    for change in &front.changes {
        let line = change_line(page, &change.id);
        if !seen.insert(change.id.as_str()) {
            error(
                &mut errors,
                line,
                format!("change id `{}` is used twice in this version", change.id),
                "give each change note its own id",
            );
        }
        if change.id.is_empty()
            || !change
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            error(
                &mut errors,
                line,
                format!(
                    "change id `{}` must be lower-case words joined by hyphens",
                    change.id
                ),
                "e.g. `same-day-assessment`",
            );
        }
        for section in &change.sections {
            if !section_ids.contains(section) && !previous_ids.contains(section) {
                let hint = did_you_mean(section, section_ids.iter().map(String::as_str))
                    .map(|b| format!("did you mean `{b}`?"))
                    .unwrap_or_else(|| {
                        "name a heading id of this version (its slug or explicit {#id})".into()
                    });
                errors.push(Diagnostic::error(&page.file, line, format!("change `{}` names section `{section}`, which neither this version nor the one before has", change.id)).with_hint(hint));
            }
        }
        if change.major && change.embed_by.is_none() {
            diags.push(
                Diagnostic::warning(
                    &page.file,
                    line,
                    format!("major change `{}` has no `embed_by` date", change.id),
                )
                .with_hint("add the date by which sites should confirm it is embedded"),
            );
        }
    }
    if !errors.is_empty() {
        diags.extend(errors);
        return None;
    }
    let state = match front.status? {
        VersionStatus::Draft => VersionState::Draft,
        VersionStatus::Approved => VersionState::Current, // settled in build_document
    };
    Some(Version {
        number,
        state,
        effective: front.effective?,
        approved_by: front.approved_by.clone(),
        summary: front.summary.clone(),
        payload: DocumentVersion {
            page: index,
            changes: front.changes.clone(),
            section_ids,
            section_changes: Vec::new(),
        },
    })
}

/// Where the first version-only key is written in a page's front matter.
fn first_version_key(page: &SourcePage) -> Position {
    line_matching(page, |l| {
        [
            "version:",
            "status:",
            "effective:",
            "approved_by:",
            "changes:",
        ]
        .iter()
        .any(|k| l.starts_with(k))
    })
}

/// Line of `key:` in the page's front matter (front matter starts on line 2).
fn front_line(page: &SourcePage, key: &str) -> Position {
    page.front_key(key).unwrap_or(Position::new(2, 1))
}

fn change_line(page: &SourcePage, id: &str) -> Position {
    line_matching(page, |l| {
        let l = l.trim_start().trim_start_matches("- ").trim();
        l == format!("id: {id}") || l == format!("id: \"{id}\"")
    })
}

fn line_matching(page: &SourcePage, pred: impl Fn(&str) -> bool) -> Position {
    page.front_line_where(pred).unwrap_or(Position::new(2, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_numbers_order_numerically() {
        let a = VersionNumber::parse("1.9").unwrap();
        let b = VersionNumber::parse("1.10").unwrap();
        assert!(a < b);
        assert_eq!(
            VersionNumber::from_file_name("v2.0.md"),
            VersionNumber::parse("2.0")
        );
        assert!(VersionNumber::from_file_name("v2.md").is_none());
        assert_eq!(a.next(true).to_string(), "2.0");
        assert_eq!(a.next(false).to_string(), "1.10");
    }
}
