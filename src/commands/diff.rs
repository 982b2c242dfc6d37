//! `waymark diff DOC [A] [B]`: a word-level redline in the terminal.

use std::path::Path;

use crate::diff;
use crate::versions::{Document, VersionNumber};

/// Returns the redline text, or a message saying what is wrong.
pub fn run(
    root: &Path,
    doc_arg: &str,
    from: Option<&str>,
    to: Option<&str>,
    color: bool,
) -> Result<String, String> {
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
    let to_index = match to {
        Some(v) => find(doc, v)?,
        None => doc.current.unwrap_or(doc.versions.len() - 1),
    };
    let from_index = match from {
        Some(v) => find(doc, v)?,
        None => to_index.checked_sub(1).ok_or_else(|| {
            format!(
                "{path} has only one version before {}; name two versions",
                doc.versions[to_index].number
            )
        })?,
    };
    let (old, new) = (&doc.versions[from_index], &doc.versions[to_index]);
    let result = diff::diff_documents(&content.pages[old.page].body, &content.pages[new.page].body);
    let header = format!(
        "{}: version {} → version {}\n\n",
        doc.title, old.number, new.number
    );
    Ok(header + &diff::render_terminal(&result, color))
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
