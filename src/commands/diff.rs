//! `waymark diff DOC [A] [B]`: a word-level redline in the terminal.
//!
//! The older of the two versions is always "before", whatever order they
//! are given in, so an addition never shows as a deletion. With no
//! versions, the newest version (a draft included) is compared with the
//! current one, or the current one with the version before it when it is
//! the newest; with one, that version is compared with the current one.

use std::path::Path;

use super::CommandError;
use crate::diff;
use crate::versions::{Document, VersionNumber};

/// Returns the redline text, or a message saying what is wrong.
pub fn run(
    root: &Path,
    doc_arg: &str,
    from: Option<&str>,
    to: Option<&str>,
    color: bool,
) -> Result<String, CommandError> {
    let (content, documents) = super::load_documents(root, true)?;
    let path = super::document_path(doc_arg);
    let doc = documents
        .docs
        .iter()
        .find(|d| d.path == path)
        .ok_or_else(|| {
            let known: Vec<&str> = documents.docs.iter().map(|d| d.path.as_str()).collect();
            format!(
                "no versioned document `{path}`; documents: {}",
                if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                }
            )
        })?;
    let (from_index, to_index) = pick(doc, from, to)?;
    let (old, new) = (&doc.versions[from_index], &doc.versions[to_index]);
    let result = diff::diff_documents(
        &content.pages[old.payload.page].body,
        &content.pages[new.payload.page].body,
    );
    let header = format!(
        "{}: version {} → version {}\n\n",
        doc.title, old.number, new.number
    );
    Ok(header + &diff::render_terminal(&result, color))
}

/// The two versions to compare, older first.
fn pick(doc: &Document, a: Option<&str>, b: Option<&str>) -> Result<(usize, usize), String> {
    let newest = doc.versions.len() - 1;
    let current = doc.current.unwrap_or(newest);
    let (x, y) = match (a, b) {
        (Some(a), Some(b)) => (find(doc, a)?, find(doc, b)?),
        (Some(a), None) => (find(doc, a)?, current),
        (None, _) => (current, newest),
    };
    let (x, y) = (x.min(y), x.max(y));
    if x != y {
        return Ok((x, y));
    }
    if a.is_some() && b.is_some() {
        return Err(format!(
            "both versions are {}; name two different versions",
            doc.versions[x].number
        ));
    }
    // The one version named (or the newest) is the current one: compare it
    // with the version before.
    match y.checked_sub(1) {
        Some(before) => Ok((before, y)),
        None => Err(format!(
            "{} has only version {}; there is nothing to compare it with",
            doc.path, doc.versions[y].number
        )),
    }
}

fn find(doc: &Document, version: &str) -> Result<usize, String> {
    let number = VersionNumber::parse(version.trim_start_matches('v'))
        .ok_or_else(|| format!("`{version}` is not a version number like 1.0"))?;
    doc.find(number).ok_or_else(|| {
        let known: Vec<String> = doc.versions.iter().map(|v| v.number.to_string()).collect();
        format!(
            "{} has no version {number}; versions: {}",
            doc.path,
            known.join(", ")
        )
    })
}
