//! Adding confirmations to a site's `embedding.yaml` as text.
//!
//! The file is the steering group's record, often with comments explaining a
//! decision, so it is never re-serialised: new entries are appended to the
//! end of the `confirmations:` list in the file's own indentation, and
//! everything already there is kept byte for byte. The latest entry for a
//! change is the one that counts (`versions::changes::embed_state`), so
//! appending is also how a decision is updated. The result is parsed again
//! before it is written, so a file that would no longer load is never saved.

use crate::content::sites::EmbeddingFile;
use crate::diagnostics::Diagnostic;

/// One confirmation to record, already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub change: String,
    pub status: String,
    pub date: String,
    pub by: String,
    pub evidence: String,
}

/// Returns `text` with `entries` appended to its confirmations list, or why
/// that cannot be done safely.
pub fn append(text: &str, entries: &[NewEntry], file: &str) -> Result<String, Diagnostic> {
    let before: EmbeddingFile = crate::yaml::parse(text, crate::yaml::Origin::file(file))?;
    let mut out = text.to_string();
    let (dash, key) = indentation(text);
    match confirmations_key(text) {
        Some(Key::Block) => {}
        Some(Key::EmptyFlow(range)) => out.replace_range(range, ""),
        None => {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str("confirmations:\n");
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    for e in entries {
        let pad = " ".repeat(dash);
        let field = " ".repeat(key);
        out.push_str(&format!("{pad}- change: {}\n", scalar(&e.change)));
        out.push_str(&format!("{field}status: {}\n", scalar(&e.status)));
        // Checked as YYYY-MM-DD already; plain, as authors write dates.
        out.push_str(&format!("{field}date: {}\n", e.date));
        out.push_str(&format!("{field}by: {}\n", scalar(&e.by)));
        out.push_str(&format!("{field}evidence: {}\n", scalar(&e.evidence)));
    }
    let after: EmbeddingFile =
        crate::yaml::parse(&out, crate::yaml::Origin::file(file)).map_err(|d| Diagnostic {
            message: format!(
                "adding the confirmations would break this file: {}",
                d.message
            ),
            ..d
        })?;
    if after.confirmations.len() != before.confirmations.len() + entries.len() {
        return Err(Diagnostic::error(
            file,
            crate::diagnostics::Position::new(1, 1),
            "the confirmations could not be added at the end of this file's `confirmations:` list",
        )
        .with_hint("make `confirmations:` the last key of the file, then try again"));
    }
    Ok(out)
}

enum Key {
    /// `confirmations:` starting a block list (or nothing yet).
    Block,
    /// `confirmations: []`, to be turned into a block list: the byte range
    /// of ` []`.
    EmptyFlow(std::ops::Range<usize>),
}

/// Finds the top-level `confirmations:` key.
fn confirmations_key(text: &str) -> Option<Key> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("confirmations:") {
            let value = rest.split('#').next().unwrap_or("").trim();
            let flow = rest.find("[]").filter(|_| value == "[]");
            return Some(if let Some(k) = flow {
                // Drop just `[]` (and the space before it), keeping any comment.
                let start = offset + "confirmations:".len() + k;
                let start = if rest[..k].ends_with(' ') {
                    start - 1
                } else {
                    start
                };
                Key::EmptyFlow(start..offset + "confirmations:".len() + k + 2)
            } else {
                Key::Block
            });
        }
        offset += line.len();
    }
    None
}

/// The indentation of the file's existing entries (`- change:` and the keys
/// under it), or two spaces when there are none.
fn indentation(text: &str) -> (usize, usize) {
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix('-') {
            let dash = line.len() - trimmed.len();
            let gap = rest.len() - rest.trim_start().len();
            if rest.trim_start().starts_with("change:") {
                return (dash, dash + 1 + gap);
            }
        }
    }
    (2, 4)
}

/// A YAML scalar: plain when that reads back as the same string, otherwise
/// double-quoted (JSON string syntax is valid YAML).
pub fn scalar(value: &str) -> String {
    if plain_is_safe(value) {
        value.to_string()
    } else {
        serde_json::to_string(value).unwrap_or_else(|_| "\"\"".to_string())
    }
}

fn plain_is_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    let reserved = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ];
    value == value.trim()
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !value.chars().any(char::is_control)
        && !"-?:,[]{}#&*!|>'\"%@`.+0123456789".contains(first)
        && !reserved.contains(&value.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(change: &str, evidence: &str) -> NewEntry {
        NewEntry {
            change: change.into(),
            status: "embedded".into(),
            date: "2024-03-06".into(),
            by: "Steering group".into(),
            evidence: evidence.into(),
        }
    }

    #[test]
    fn appends_in_the_files_own_indentation_keeping_comments() {
        let text = "# Decisions of the steering group.\nconfirmations:\n- change: d@1.0#a  # kept\n  status: in-progress\n# trailing note\n";
        let out = append(text, &[entry("d@1.0#b", "Audit: done #3")], "e.yaml").unwrap();
        assert_eq!(
            out,
            format!("{text}- change: d@1.0#b\n  status: embedded\n  date: 2024-03-06\n  by: Steering group\n  evidence: \"Audit: done #3\"\n")
        );
    }

    #[test]
    fn starts_a_list_in_an_empty_or_flow_file() {
        let out = append("", &[entry("d@1.0#a", "ok")], "e.yaml").unwrap();
        assert!(
            out.starts_with("confirmations:\n  - change: d@1.0#a\n    status: embedded\n"),
            "{out}"
        );
        let out = append(
            "confirmations: []  # none yet\n",
            &[entry("d@1.0#a", "ok")],
            "e.yaml",
        )
        .unwrap();
        assert!(
            out.starts_with("confirmations:  # none yet\n  - change: d@1.0#a\n"),
            "{out}"
        );
    }

    #[test]
    fn awkward_values_are_quoted_and_read_back() {
        for v in [
            "yes",
            "2024",
            "- x",
            "a: b",
            "ends:",
            "\"q\"",
            " pad",
            "line\nbreak",
            "#tag",
            "ok text",
        ] {
            let out = append("confirmations:\n", &[entry("d@1.0#a", v)], "e.yaml").unwrap();
            let file: EmbeddingFile =
                crate::yaml::parse(&out, crate::yaml::Origin::file("e.yaml")).unwrap();
            assert_eq!(file.confirmations[0].evidence.as_deref(), Some(v), "{out}");
        }
    }

    #[test]
    fn a_file_that_is_not_valid_is_refused() {
        let err = append(
            "confirmations:\n  - change: [\n",
            &[entry("d@1.0#a", "x")],
            "e.yaml",
        )
        .unwrap_err();
        assert_eq!(err.file, "e.yaml");
    }
}
