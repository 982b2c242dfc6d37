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
mod version_block;

use std::path::Path;

use crate::build::Versions;
use crate::content::{self, Content};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::versions::Documents;

/// Why a project could not be read: its errors, each located (warnings
/// are left to `check`: these commands only need the project to load).
#[derive(Debug)]
pub struct LoadErrors(pub Vec<Diagnostic>);

/// Why a command failed: problems in the author's files, located (printed
/// as `waymark build` prints its diagnostics), or a plain message about the
/// command itself (an unknown document, a file that cannot be written).
#[derive(Debug)]
pub enum CommandError {
    /// Each located, with its hint; the command printed the lead line
    /// `context` first when it has one (`approving 2.1 would break…`).
    Located {
        context: Option<String>,
        diagnostics: Vec<Diagnostic>,
    },
    Message(String),
}

impl CommandError {
    /// Located problems under a lead line saying what they stopped.
    pub fn located(context: impl Into<String>, diagnostics: Vec<Diagnostic>) -> Self {
        CommandError::Located {
            context: Some(context.into()),
            diagnostics,
        }
    }
}

impl From<LoadErrors> for CommandError {
    fn from(errors: LoadErrors) -> Self {
        CommandError::Located {
            context: None,
            diagnostics: errors.0,
        }
    }
}

impl From<Diagnostic> for CommandError {
    fn from(diagnostic: Diagnostic) -> Self {
        CommandError::Located {
            context: None,
            diagnostics: vec![diagnostic],
        }
    }
}

impl From<String> for CommandError {
    fn from(message: String) -> Self {
        CommandError::Message(message)
    }
}

impl From<&str> for CommandError {
    fn from(message: &str) -> Self {
        CommandError::Message(message.to_string())
    }
}

/// One problem a line, as `check` prints them (for tests and callers that
/// want text).
impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommandError::Message(message) => f.write_str(message),
            CommandError::Located {
                context,
                diagnostics,
            } => {
                let mut lines: Vec<String> = context.iter().cloned().collect();
                lines.extend(diagnostics.iter().map(ToString::to_string));
                f.write_str(&lines.join("\n"))
            }
        }
    }
}

/// Loads the project and resolves its versions through the build's own
/// steps (`build::load`, `build::resolve_versions`: the same content,
/// vocabulary checks and map and form versions a build sees); `Err` with
/// every error if there are any.
pub(crate) fn load_versions(root: &Path, drafts: bool) -> Result<(Content, Versions), LoadErrors> {
    let mut diags = Diagnostics::new();
    let Some(loaded) = crate::build::load(root, drafts, false, &mut diags) else {
        return Err(errors_of(diags));
    };
    let content = loaded.content;
    let versions = crate::build::resolve_versions(&content, drafts, &mut diags);
    if diags.has_errors() {
        return Err(errors_of(diags));
    }
    Ok((content, versions))
}

fn errors_of(diags: Diagnostics) -> LoadErrors {
    LoadErrors(
        diags
            .sorted()
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect(),
    )
}

/// Loads content and versioned documents ([`load_versions`]).
pub fn load_documents(root: &Path, drafts: bool) -> Result<(Content, Documents), LoadErrors> {
    let (content, versions) = load_versions(root, drafts)?;
    Ok((content, versions.documents))
}

/// Loads content, versioned documents and versioned maps and forms, and
/// the major changes sites must confirm ([`load_versions`]).
pub fn load_tracked(
    root: &Path,
) -> Result<
    (
        Content,
        Documents,
        crate::versions::yaml_docs::YamlDocs,
        Vec<crate::versions::embedding::Tracked>,
    ),
    LoadErrors,
> {
    let (content, v) = load_versions(root, false)?;
    Ok((content, v.documents, v.yaml_docs, v.tracked))
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
    if crate::versions::VersionNumber::from_file_name(last).is_some()
        || crate::versions::VersionNumber::from_yaml_file_name(last).is_some()
    {
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
        assert_eq!(document_path("content/maps/m/v2.0.yaml"), "maps/m");
    }
}
