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
//! This module only groups, checks and orders the versions into the one
//! versioned model (`versioning::Versioned`, as documents are), leaving the
//! loaded files where they are, and lists each version for the map or form
//! lists under the id `<id>/v<n>` ([`items`]); the pages and the change log
//! are built from what it returns.

use std::collections::BTreeMap;

use super::{VersionNumber, VersionState, Versioned};
use crate::config::vocabulary::Audience;
use crate::content::frontmatter::VersionStatus;
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
// Kept at their old paths for the map and form version pages.
pub use crate::versioning::{meta_line, misplaced_meta, VersionMeta, VersionedFile, YamlKind};

/// What only a map's or form's version has: the embedding fields of its
/// `version:` block (the rest is every version's, `versioning::Version`).
#[derive(Debug, Clone)]
pub struct YamlVersionPayload {
    /// A major change needs every site's steering group to act on it.
    pub major: bool,
    /// For a major version: the date by which sites should confirm it.
    pub embed_by: Option<Date>,
    /// Who the change matters to, for the change log's filter.
    pub audience: Vec<Audience>,
    /// Index of the version's file in the loaded version files
    /// (`Content::map_versions` or `form_versions`).
    pub file: usize,
}

/// A version of a map or form.
pub type YamlVersion = crate::versioning::Version<YamlVersionPayload>;

/// A map or form with versions: `id` is its name, `path` its folder of
/// pages (`maps/national-pathway`).
pub type YamlDoc = Versioned<YamlVersionPayload>;

/// The id under which version `v` of map or form `doc_id` sits in the map
/// or form list.
pub fn item_id(doc_id: &str, v: &YamlVersion) -> String {
    format!("{doc_id}/v{}", v.number)
}

#[derive(Debug, Default)]
pub struct YamlDocs {
    pub docs: Vec<YamlDoc>,
}

impl YamlDocs {
    pub fn find(&self, kind: YamlKind, id: &str) -> Option<&YamlDoc> {
        self.docs
            .iter()
            .find(|d| d.kind == kind.into() && d.id == id)
    }

    /// The document and version behind a page id in the map or form list:
    /// `national-pathway` (the shown version) or `national-pathway/v1.0`.
    pub fn locate(&self, kind: YamlKind, item_id: &str) -> Option<(&YamlDoc, usize, bool)> {
        match item_id.split_once("/v") {
            Some((id, number)) => {
                let doc = self.find(kind, id)?;
                let v = doc.find(VersionNumber::parse(number)?)?;
                Some((doc, v, false))
            }
            None => {
                let doc = self.find(kind, item_id)?;
                Some((doc, doc.shown(), true))
            }
        }
    }
}

/// Groups the loaded version files of one kind into maps or forms with
/// versions and checks them against each other. The files stay where they
/// were loaded: each version names its file by index (`YamlVersionPayload::file`),
/// and [`items`] lists what to publish.
pub fn collect<T>(
    kind: YamlKind,
    files: &[VersionedFile<T>],
    title_of: impl Fn(&T) -> String,
    plain_ids: &[&str],
    drafts: bool,
    diags: &mut Diagnostics,
) -> Vec<YamlDoc> {
    let mut by_id: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        by_id.entry(f.id.as_str()).or_default().push(i);
    }
    let mut docs = Vec::new();
    for (id, mut indices) in by_id {
        indices.sort_by_key(|&i| files[i].number);
        if plain_ids.contains(&id) {
            diags.push(
                Diagnostic::error(
                    &files[indices[0]].file,
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
        let mut versions: Vec<YamlVersion> = Vec::new();
        // The file of the version before, drafts included, that each
        // version is compared with.
        let mut previous: Option<(&VersionedFile<T>, Option<String>)> = None;
        for i in indices {
            let f = &files[i];
            let Some(meta) = check_meta(kind, f, diags) else {
                continue;
            };
            check_against_previous(kind, f, &meta, previous.as_ref(), diags);
            previous = Some((f, meta.summary.clone()));
            let state = match meta.status {
                VersionStatus::Draft => VersionState::Draft,
                VersionStatus::Approved => VersionState::Current,
            };
            if let Some(prev) = versions.last().map(|v| v.effective) {
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
                effective: meta.effective,
                approved_by: meta.approved_by,
                summary: meta.summary,
                payload: YamlVersionPayload {
                    major: meta.major,
                    embed_by: meta.embed_by,
                    audience: meta.audience,
                    file: i,
                },
            });
        }
        let doc = Versioned::new(
            kind.into(),
            id.to_string(),
            format!("{}/{id}", kind.folder()),
            |_, shown| title_of(&files[shown.payload.file].item),
            versions,
        );
        docs.extend(doc);
    }
    docs
}

/// What the map or form list publishes for versioned maps or forms of
/// `kind`: for each one, its shown version under the plain id, then every
/// version under `<id>/v<n>`, each with its loaded file.
pub fn items<'a, T>(
    docs: &'a YamlDocs,
    kind: YamlKind,
    files: &'a [VersionedFile<T>],
) -> impl Iterator<Item = (String, &'a T)> + 'a {
    docs.docs
        .iter()
        .filter(move |d| d.kind == kind.into())
        .flat_map(move |doc| {
            let shown = &doc.versions[doc.shown()];
            std::iter::once((doc.id.clone(), &files[shown.payload.file].item)).chain(
                doc.versions
                    .iter()
                    .map(move |v| (item_id(&doc.id, v), &files[v.payload.file].item)),
            )
        })
}

/// The findings a document's version gets from `versions::coverage`, as
/// far as a map or form has them: a version must change something and say
/// what in its own summary (errors for an approved version; warnings for a
/// draft, so its author sees them while writing), and an approved version
/// names who approved it.
fn check_against_previous<T>(
    kind: YamlKind,
    f: &VersionedFile<T>,
    meta: &VersionMeta,
    previous: Option<&(&VersionedFile<T>, Option<String>)>,
    diags: &mut Diagnostics,
) {
    let approved = meta.status == VersionStatus::Approved;
    let at = Position::new(f.meta_line, 1);
    let finding = |message: String, hint: &str| {
        let d = if approved {
            Diagnostic::error(&f.file, at, message)
        } else {
            Diagnostic::warning(&f.file, at, message)
        };
        d.with_hint(hint)
    };
    if approved
        && meta
            .approved_by
            .as_deref()
            .is_none_or(|b| b.trim().is_empty())
    {
        // A warning, not a document's error: maps and forms were versioned
        // before they had to name their approver, and projects written
        // then must still build.
        diags.push(
            Diagnostic::warning(
                &f.file,
                at,
                format!("version {} of this {} has no `approved_by`", f.number, kind.noun()),
            )
            .with_hint("name the body that approved it under `version:`, e.g. `approved_by: Programme board` (or use `waymark approve`)"),
        );
    }
    let Some((before, before_summary)) = previous else {
        return;
    };
    if f.content_print == before.content_print {
        diags.push(finding(
            format!(
                "version {} changes nothing from version {} but its `version:` block",
                f.number, before.number
            ),
            "a new version must change the map or form; delete this file if nothing changed",
        ));
    }
    if let Some(summary) = written(&meta.summary) {
        if Some(summary) == written(before_summary) {
            diags.push(finding(
                format!(
                    "version {}'s summary is the same as version {}'s",
                    f.number, before.number
                ),
                "say in the summary what this version changes",
            ));
        }
    }
}

/// A summary as written, when there is one.
fn written(summary: &Option<String>) -> Option<&str> {
    summary.as_deref().map(str::trim).filter(|s| !s.is_empty())
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
