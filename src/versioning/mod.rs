//! What a version is, for everything that has versions: its number (`1.10`
//! after `1.9`), its status, and the `version:` block that heads a versioned
//! map or form file, with the loaded file it heads.
//!
//! Plain data under the modules that share it: `content` loads version files,
//! `maps` and `forms` carry the block in their models, and `versions` groups,
//! checks and publishes them (and re-exports these types at their old paths).
//! [`Versioned`] is the one model of a thing with versions, whatever its kind.

mod versioned;

pub use versioned::{Version, VersionState, Versioned, VersionedKind};

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::config::vocabulary::Audience;
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Position};

/// `2.0`, ordered numerically (so 1.10 comes after 1.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VersionNumber {
    pub major: u32,
    pub minor: u32,
}

impl VersionNumber {
    pub fn parse(text: &str) -> Option<Self> {
        let (major, minor) = text.trim().split_once('.')?;
        if major.is_empty()
            || minor.is_empty()
            || !major
                .chars()
                .chain(minor.chars())
                .all(|c| c.is_ascii_digit())
        {
            return None;
        }
        Some(Self {
            major: major.parse().ok()?,
            minor: minor.parse().ok()?,
        })
    }

    /// `v1.1.md` → 1.1.
    pub fn from_file_name(name: &str) -> Option<Self> {
        Self::parse(name.strip_prefix('v')?.strip_suffix(".md")?)
    }

    /// `v1.1.yaml` → 1.1 (versions of maps and forms).
    pub fn from_yaml_file_name(name: &str) -> Option<Self> {
        Self::parse(name.strip_prefix('v')?.strip_suffix(".yaml")?)
    }

    pub fn next(self, major: bool) -> Self {
        if major {
            Self {
                major: self.major + 1,
                minor: 0,
            }
        } else {
            Self {
                major: self.major,
                minor: self.minor + 1,
            }
        }
    }
}

impl fmt::Display for VersionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionStatus {
    Draft,
    Approved,
}

/// The `version:` block of a versioned map or form file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionMeta {
    /// Must match the file name when given.
    #[serde(default)]
    pub number: Option<String>,
    pub status: VersionStatus,
    pub effective: Date,
    #[serde(default)]
    pub approved_by: Option<String>,
    /// What this version changed, in one line, for the change log.
    #[serde(default)]
    pub summary: Option<String>,
    /// A major change needs every site's steering group to act on it.
    #[serde(default)]
    pub major: bool,
    /// For a major version: the date by which sites should confirm it is
    /// embedded (tracked like a document's major change note).
    #[serde(default)]
    pub embed_by: Option<Date>,
    /// Who the change matters to, for the change log's filter.
    #[serde(default)]
    pub audience: Vec<Audience>,
}

/// One version file as loaded, before grouping.
#[derive(Debug, Clone)]
pub struct VersionedFile<T> {
    /// The map or form id (the folder name).
    pub id: String,
    pub number: VersionNumber,
    /// `content/maps/<id>/v1.0.yaml`, for messages.
    pub file: String,
    /// Line of the `version:` key, or 1.
    pub meta_line: usize,
    pub meta: Option<VersionMeta>,
    /// [`content_print`] of the file: equal prints mean two versions say
    /// the same apart from their `version:` blocks.
    pub content_print: u64,
    pub item: T,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlKind {
    Map,
    Form,
}

impl YamlKind {
    pub fn folder(self) -> &'static str {
        match self {
            YamlKind::Map => "maps",
            YamlKind::Form => "forms",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            YamlKind::Map => "map",
            YamlKind::Form => "form",
        }
    }
}

/// An error for a `version:` block in a file that is not a version.
pub fn misplaced_meta(kind: YamlKind, file: &str, line: usize) -> Diagnostic {
    Diagnostic::error(
        file,
        Position::new(line, 1),
        format!("a `version:` block in a {} that is not versioned", kind.noun()),
    )
    .with_hint(format!(
        "versions live in a folder, e.g. content/{}/<id>/v1.0.yaml; remove the block or move the file",
        kind.folder()
    ))
}

/// A hash of what a version file says outside its top-level `version:`
/// block, ignoring blank lines and trailing spaces, so that a version which
/// changes nothing but its approval is found.
pub fn content_print(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mut in_block = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            in_block = line.starts_with("version:");
        }
        if !in_block {
            line.hash(&mut h);
        }
    }
    h.finish()
}

/// Line of the top-level `version:` key, or 1.
pub fn meta_line(text: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with("version:"))
        .map(|i| i + 1)
        .unwrap_or(1)
}
