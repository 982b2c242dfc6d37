//! Versioned maps and forms: a folder `content/maps/<id>/` or
//! `content/forms/<id>/` of `v<major>.<minor>.yaml` files is one map or form
//! with versions, just as a folder of `v1.0.md` files is one document.
//!
//! Each version file carries a `version:` block (status, effective date,
//! who approved it, a one-line summary). The version shown at the plain
//! address (`maps/<id>.html`) is the newest approved one; every version also
//! keeps a permanent address (`maps/<id>/v1.0.html`). What changed between
//! versions is not written by hand: it is computed from the two files (steps
//! added, removed, changed or moved lane; questions and options added,
//! removed or reworded), so a data return's definitions can be traced
//! without trusting a note.
//!
//! This module only groups, checks and orders the versions, and hands each
//! one to the map or form lists under the id `<id>/v<n>`; the pages and the
//! change log are built from what it returns.

use std::collections::BTreeMap;

use super::{VersionNumber, VersionState};
use crate::content::frontmatter::VersionStatus;
// Kept at their old paths for the map and form version pages.
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
pub use crate::versioning::{meta_line, misplaced_meta, VersionMeta, VersionedFile, YamlKind};

#[derive(Debug, Clone)]
pub struct YamlVersion {
    pub number: VersionNumber,
    pub state: VersionState,
    pub meta: VersionMeta,
}

impl YamlVersion {
    /// The id under which this version sits in the map or form list.
    pub fn item_id(&self, doc_id: &str) -> String {
        format!("{doc_id}/v{}", self.number)
    }
}

/// A map or form with versions.
#[derive(Debug, Clone)]
pub struct YamlDoc {
    pub kind: YamlKind,
    pub id: String,
    /// Oldest first; drafts only with `--drafts`.
    pub versions: Vec<YamlVersion>,
    /// Index of the current (newest approved) version, if any.
    pub current: Option<usize>,
}

impl YamlDoc {
    /// The version shown at the plain address.
    pub fn shown(&self) -> usize {
        self.current.unwrap_or(self.versions.len() - 1)
    }

    /// `maps/national-pathway`.
    pub fn path(&self) -> String {
        format!("{}/{}", self.kind.folder(), self.id)
    }

    pub fn version_url(&self, v: usize) -> String {
        format!("{}/v{}.html", self.path(), self.versions[v].number)
    }

    pub fn compare_url(&self, from: usize, to: usize) -> String {
        format!(
            "{}/compare-v{}-v{}.html",
            self.path(),
            self.versions[from].number,
            self.versions[to].number
        )
    }
}

#[derive(Debug, Default)]
pub struct YamlDocs {
    pub docs: Vec<YamlDoc>,
}

impl YamlDocs {
    pub fn find(&self, kind: YamlKind, id: &str) -> Option<&YamlDoc> {
        self.docs.iter().find(|d| d.kind == kind && d.id == id)
    }

    /// The document and version behind a page id in the map or form list:
    /// `national-pathway` (the shown version) or `national-pathway/v1.0`.
    pub fn locate(&self, kind: YamlKind, item_id: &str) -> Option<(&YamlDoc, usize, bool)> {
        match item_id.split_once("/v") {
            Some((id, number)) => {
                let doc = self.find(kind, id)?;
                let number = VersionNumber::parse(number)?;
                let v = doc.versions.iter().position(|v| v.number == number)?;
                Some((doc, v, false))
            }
            None => {
                let doc = self.find(kind, item_id)?;
                Some((doc, doc.shown(), true))
            }
        }
    }
}

/// Groups version files into documents, checks them against each other, and
/// returns the items to publish: each version under `<id>/v<n>`, and the
/// shown version again under the plain `<id>`.
pub fn collect<T: Clone>(
    kind: YamlKind,
    files: Vec<VersionedFile<T>>,
    plain_ids: &[&str],
    drafts: bool,
    diags: &mut Diagnostics,
) -> (Vec<YamlDoc>, Vec<(String, T)>) {
    let mut by_id: BTreeMap<String, Vec<VersionedFile<T>>> = BTreeMap::new();
    for f in files {
        by_id.entry(f.id.clone()).or_default().push(f);
    }
    let mut docs = Vec::new();
    let mut items = Vec::new();
    for (id, mut files) in by_id {
        files.sort_by_key(|f| f.number);
        if plain_ids.contains(&id.as_str()) {
            diags.push(
                Diagnostic::error(
                    &files[0].file,
                    Position::new(1, 1),
                    format!(
                        "both `{0}/{id}.yaml` and a versioned folder `{0}/{id}/` exist",
                        kind.folder()
                    ),
                )
                .with_hint(format!(
                    "move `{}/{id}.yaml` into the folder as its first version, e.g. v1.0.yaml",
                    kind.folder()
                )),
            );
            continue;
        }
        let mut versions = Vec::new();
        let mut kept = Vec::new();
        for f in files {
            let Some(meta) = check_meta(kind, &f, diags) else {
                continue;
            };
            let state = match meta.status {
                VersionStatus::Draft => VersionState::Draft,
                VersionStatus::Approved => VersionState::Current,
            };
            if let Some(prev) = versions.last().map(|v: &YamlVersion| v.meta.effective) {
                if meta.effective <= prev {
                    diags.push(
                        Diagnostic::error(
                            &f.file,
                            Position::new(f.meta_line, 1),
                            format!(
                                "version {} is effective from {}, not after the version before it ({prev})",
                                f.number, meta.effective
                            ),
                        )
                        .with_hint("versions must take effect in the order of their numbers"),
                    );
                }
            }
            if meta.major && meta.embed_by.is_none() {
                diags.push(
                    Diagnostic::warning(
                        &f.file,
                        Position::new(f.meta_line, 1),
                        format!(
                            "major version {} of this {} has no `embed_by` date",
                            f.number,
                            kind.noun()
                        ),
                    )
                    .with_hint("add `embed_by: YYYY-MM-DD` under `version:`, the date by which sites should confirm it is embedded"),
                );
            }
            if state == VersionState::Draft && !drafts {
                continue;
            }
            versions.push(YamlVersion {
                number: f.number,
                state,
                meta,
            });
            kept.push(f.item);
        }
        if versions.is_empty() {
            continue;
        }
        let current = super::settle_states(versions.iter_mut().map(|v| &mut v.state));
        let doc = YamlDoc {
            kind,
            id: id.clone(),
            versions,
            current,
        };
        items.push((id.clone(), kept[doc.shown()].clone()));
        for (v, item) in doc.versions.iter().zip(kept) {
            items.push((v.item_id(&id), item));
        }
        docs.push(doc);
    }
    (docs, items)
}

fn check_meta<T>(
    kind: YamlKind,
    f: &VersionedFile<T>,
    diags: &mut Diagnostics,
) -> Option<VersionMeta> {
    let Some(meta) = &f.meta else {
        diags.push(
            Diagnostic::error(
                &f.file,
                Position::new(1, 1),
                format!("a versioned {} needs a `version:` block", kind.noun()),
            )
            .with_hint(
                "add `version: {status: approved, effective: 2021-04-01, summary: What changed}`",
            ),
        );
        return None;
    };
    if let Some(written) = &meta.number {
        if VersionNumber::parse(written) != Some(f.number) {
            diags.push(
                Diagnostic::error(
                    &f.file,
                    Position::new(f.meta_line, 1),
                    format!(
                        "`number: {written}` does not match the file name v{}.yaml",
                        f.number
                    ),
                )
                .with_hint("rename the file or correct the number"),
            );
            return None;
        }
    }
    Some(meta.clone())
}
