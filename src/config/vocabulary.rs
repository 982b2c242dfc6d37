//! The words a project declares for itself in `site.yaml`: who its pages
//! are for (`audiences`) and what kinds of delivery site it has
//! (`site_kinds`).
//!
//! They live in `site.yaml`, beside the title and the notice, because they
//! are how the publication presents itself: every page's "For" line, the
//! change log's filter, search facets and site pages read them, whether or
//! not the project has rules for its sites (those are in
//! `content/national-rules.yaml`, see `crate::content::rules`). A project that
//! declares none has none, and a page naming one is a located error; a plain
//! folder of Markdown needs neither.
//!
//! ```yaml
//! audiences:
//!   - {id: readers, name: Readers}
//!   - {id: editors, name: Editors, description: People who change pages, order: 2}
//! site_kinds:
//!   - {id: pilot, name: Pilot site}
//!   - {id: later, name: Later site}
//! ```

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::diagnostics::{did_you_mean, Diagnostic, Position};

/// One audience the project writes for.
/// An audience as a page names it: one of the ids the project declares in
/// `site.yaml` (`audiences`), checked once everything is loaded
/// (`crate::content::vocabulary`), where its name is looked up too.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Audience(pub String);

impl Audience {
    pub fn id(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AudienceDef {
    /// What pages write in `audience:` (lower case, digits and hyphens).
    pub id: String,
    /// What readers see: "Partner organisations".
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Place in lists; audiences without one follow, as declared.
    #[serde(default)]
    pub order: Option<i64>,
}

/// One kind of delivery site: its label on site pages and its place in
/// the sites folder (kinds declared first are listed first).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteKindDef {
    pub id: String,
    pub name: String,
}

/// Ids become `data-` attribute words and URL parts: keep them plain.
pub fn is_plain_id(id: &str) -> bool {
    !id.is_empty()
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_'))
}

/// Where `site.yaml` declares each `id: <id>` under `section` (1-based
/// lines, the first for an id given twice), and the section's own line:
/// serde keeps no positions. One pass, so a huge file stays linear.
pub fn declared_lines(text: &str, section: &str) -> (HashMap<String, usize>, usize) {
    let mut lines = HashMap::new();
    let mut in_section = false;
    let mut section_line = 1;
    let key = format!("{section}:");
    for (i, line) in text.lines().enumerate() {
        if !line.starts_with([' ', '-', '\t']) && !line.trim().is_empty() {
            in_section = line.starts_with(&key);
            if in_section {
                section_line = i + 1;
            }
            continue;
        }
        if in_section {
            let words: Vec<&str> = line
                .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | ':')))
                .filter(|w| !w.is_empty())
                .collect();
            for w in words.windows(2).filter(|w| w[0] == "id:") {
                lines.entry(w[1].to_string()).or_insert(i + 1);
            }
        }
    }
    (lines, section_line)
}

/// Mistakes in the declarations themselves: empty or odd ids, ids given
/// twice, empty names.
pub fn validate<'a>(
    file: &str,
    text: &str,
    section: &str,
    entries: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<Diagnostic> {
    let (lines, section_line) = declared_lines(text, section);
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out = Vec::new();
    for (id, name) in entries {
        let at = Position::new(lines.get(id).copied().unwrap_or(section_line), 1);
        if !is_plain_id(id) {
            out.push(
                Diagnostic::error(file, at, format!("`{section}`: `{id}` is not a usable id"))
                    .with_hint("use lower-case letters, digits, hyphens and underscores, e.g. `partner-organisations`"),
            );
        } else if seen.contains(&id) {
            out.push(Diagnostic::error(
                file,
                at,
                format!("`{section}`: `{id}` is declared twice"),
            ));
        }
        if name.trim().is_empty() {
            out.push(Diagnostic::error(
                file,
                at,
                format!("`{section}`: `{id}` has an empty name"),
            ));
        }
        seen.insert(id);
    }
    out
}

/// The error for a use of an undeclared id: what was written, where, and
/// what the project declares (or how to declare the first one).
pub fn unknown(
    file: &str,
    at: Position,
    what: &str,
    id: &str,
    declared: &[&str],
    declare_in: &str,
) -> Diagnostic {
    let hint = if declared.is_empty() {
        format!("this project declares no {what}s: declare `{id}` in {declare_in}")
    } else {
        let guess = did_you_mean(id, declared.iter().copied())
            .map(|g| format!("did you mean `{g}`? "))
            .unwrap_or_default();
        format!(
            "{guess}{what}s declared in {declare_in}: {}",
            declared.join(", ")
        )
    };
    Diagnostic::error(file, at, format!("unknown {what} `{id}`")).with_hint(hint)
}

/// Where `word` is first written as a whole word in `text`, at or after
/// 0-based line `from`; `None` when it is not there.
pub fn find_word(text: &str, from: usize, word: &str) -> Option<(usize, usize)> {
    for (i, line) in text.lines().enumerate().skip(from) {
        let mut start = 0;
        while let Some(found) = line[start..].find(word) {
            let at = start + found;
            let end = at + word.len();
            let before = line[..at].chars().next_back();
            let after = line[end..].chars().next();
            let edge = |c: Option<char>| {
                c.is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_')))
            };
            if edge(before) && edge(after) {
                return Some((i, line[..at].chars().count()));
            }
            start = end;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "title: T\naudiences:\n  - {id: readers, name: Readers}\n  - id: editors\n    name: ''\nsite_kinds:\n  - {id: readers, name: R}\n";

    #[test]
    fn declarations_are_found_by_line() {
        let (audiences, at) = declared_lines(TEXT, "audiences");
        assert_eq!((audiences["readers"], audiences["editors"], at), (3, 4, 2));
        assert!(!audiences.contains_key("nobody"));
        let (kinds, at) = declared_lines(TEXT, "site_kinds");
        assert_eq!((kinds["readers"], at), (7, 6));
    }

    #[test]
    fn bad_declarations_are_located() {
        let errs = validate(
            "site.yaml",
            TEXT,
            "audiences",
            [
                ("readers", "Readers"),
                ("editors", ""),
                ("readers", "Again"),
                ("Bad Id", "B"),
            ],
        );
        let found: Vec<(usize, &str)> = errs
            .iter()
            .map(|d| (d.position.line, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (4, "`audiences`: `editors` has an empty name"),
                (3, "`audiences`: `readers` is declared twice"),
                (2, "`audiences`: `Bad Id` is not a usable id"),
            ]
        );
    }

    #[test]
    fn unknown_ids_list_the_declared_ones() {
        let d = unknown(
            "a.md",
            Position::new(3, 5),
            "audience",
            "reader",
            &["readers", "editors"],
            "site.yaml",
        );
        assert_eq!(d.message, "unknown audience `reader`");
        let hint = d.hint.unwrap();
        assert!(hint.starts_with("did you mean `readers`?"), "{hint}");
        assert!(hint.ends_with("readers, editors"), "{hint}");
        let none = unknown(
            "a.md",
            Position::new(3, 5),
            "audience",
            "x",
            &[],
            "site.yaml (`audiences`)",
        );
        assert!(none.hint.unwrap().contains("declares no audiences"));
    }

    #[test]
    fn words_are_found_whole() {
        assert_eq!(find_word("a: [x-ray, x]\n", 0, "x"), Some((0, 11)));
        assert_eq!(find_word("a:\n  - xy\n  - x\n", 1, "x"), Some((2, 4)));
        assert_eq!(find_word("a: y\n", 0, "x"), None);
    }
}
