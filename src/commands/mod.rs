//! Commands beyond build/check that read a project: `new version`,
//! `new site`, `approve`, `diff`, `status` and `confirm`. Each loads only what it needs (content and documents, no
//! theme or rendering) and prints to the terminal.

pub mod approve;
pub mod confirm;
pub mod diff;
pub mod import;
pub mod new_site;
pub mod new_version;
pub mod serve;
pub mod status;
pub mod verify;

use std::path::Path;

use crate::content::{self, Content};
use crate::diagnostics::Diagnostics;
use crate::versions::Documents;

/// The project's own front-matter keys (none if `site.yaml` cannot be
/// read: loading then reports unknown keys, which `check` explains).
fn extra_keys(root: &Path) -> Vec<String> {
    crate::config::SiteConfig::load(root)
        .map(|c| c.extra_front_matter)
        .unwrap_or_default()
}

/// `Err` with every error, one a line, if there are any (warnings are
/// left to `check`: these commands only need the project to load).
fn errors_only(diags: Diagnostics) -> Result<(), String> {
    if !diags.has_errors() {
        return Ok(());
    }
    let lines: Vec<String> = diags
        .sorted()
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    Err(lines.join("\n"))
}

/// Loads content and versioned documents, or says (one problem a line)
/// what stopped it.
pub fn load_documents(root: &Path, drafts: bool) -> Result<(Content, Documents), String> {
    let mut diags = Diagnostics::new();
    let content = content::load(root, drafts, &extra_keys(root), &mut diags);
    let documents = Documents::collect(&content, drafts, &mut diags);
    errors_only(diags)?;
    Ok((content, documents))
}

/// Loads content, versioned documents and versioned maps and forms, and
/// the major changes sites must confirm.
pub fn load_tracked(
    root: &Path,
) -> Result<
    (
        Content,
        Documents,
        crate::versions::yaml_docs::YamlDocs,
        Vec<crate::versions::embedding::Tracked>,
    ),
    String,
> {
    let mut diags = Diagnostics::new();
    let mut content = content::load(root, false, &extra_keys(root), &mut diags);
    let yaml = crate::build::collect_yaml_versions(&mut content, false, &mut diags);
    let documents = Documents::collect(&content, false, &mut diags);
    errors_only(diags)?;
    let tracked = crate::versions::embedding::tracked_changes(&documents, &yaml, &content);
    Ok((content, documents, yaml, tracked))
}

/// Accepts a document as `content/protocol/x`, `protocol/x`, `protocol/x/`,
/// or the path of one of its version files.
pub fn document_path(arg: &str) -> String {
    let mut path = arg.replace('\\', "/");
    if let Some(rest) = path.strip_prefix("./") {
        path = rest.to_string();
    }
    if let Some(rest) = path.strip_prefix("content/") {
        path = rest.to_string();
    }
    let path = path.trim_end_matches('/');
    let last = path.rsplit('/').next().unwrap_or(path);
    if crate::versions::VersionNumber::from_file_name(last).is_some() {
        return content::parent_folder(path).to_string();
    }
    path.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_paths_are_normalised() {
        assert_eq!(document_path("content/protocol/x/"), "protocol/x");
        assert_eq!(document_path("./protocol/x/v1.0.md"), "protocol/x");
        assert_eq!(document_path("protocol/x"), "protocol/x");
    }
}
