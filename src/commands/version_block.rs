//! Editing the `version:` block of a versioned map or form file as text,
//! for `waymark new version` and `waymark approve`.
//!
//! As with a document's front matter, the file is never re-serialised: only
//! the lines of the keys being set change, so the author's comments, key
//! order and quoting survive. A key's value may run over several lines
//! (`summary: >-` and the lines indented under it); they are one entry here.

use crate::date::Date;
use crate::versioning::VersionNumber;

/// The `version:` block: its entries, where it sits, and its indentation.
struct Block<'t> {
    /// Lines of the file, each with its line ending.
    lines: Vec<&'t str>,
    /// The first and one-past-last line of the block's body.
    body: std::ops::Range<usize>,
    /// The indentation of the block's keys.
    indent: String,
    newline: &'static str,
}

impl<'t> Block<'t> {
    fn find(text: &'t str) -> Result<Self, String> {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let start = lines
            .iter()
            .position(|l| {
                l.strip_prefix("version:")
                    .is_some_and(|rest| rest.trim().is_empty() || rest.trim().starts_with('#'))
            })
            .ok_or_else(|| {
                if lines.iter().any(|l| l.starts_with("version:")) {
                    "its `version:` block is written on one line; write its keys on lines of their own, indented under `version:`".to_string()
                } else {
                    "the file has no `version:` block".to_string()
                }
            })?;
        let end = (start + 1..lines.len())
            .find(|&i| {
                let l = lines[i];
                !l.trim().is_empty() && !l.starts_with([' ', '\t'])
            })
            .unwrap_or(lines.len());
        let indent = lines[start + 1..end]
            .iter()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|l| l[..l.len() - l.trim_start().len()].to_string())
            .ok_or("its `version:` block is empty")?;
        Ok(Block {
            lines,
            body: start + 1..end,
            indent,
            newline,
        })
    }

    /// The key of line `i` when it is one of the block's own keys.
    fn key_at(&self, i: usize) -> Option<&'t str> {
        let line = self.lines[i].strip_prefix(self.indent.as_str())?;
        if line.starts_with([' ', '\t', '#']) {
            return None;
        }
        line.split_once(':').map(|(key, _)| key.trim())
    }

    /// The lines of entry `key`: its line and the lines indented under it.
    fn entry(&self, key: &str) -> Option<std::ops::Range<usize>> {
        let at = self.body.clone().find(|&i| self.key_at(i) == Some(key))?;
        let deeper = format!("{} ", self.indent);
        let end = (at + 1..self.body.end)
            .find(|&i| {
                let l = self.lines[i];
                !(l.starts_with(&deeper) || l.starts_with(&format!("{}\t", self.indent)))
                    || self.key_at(i).is_some()
            })
            .unwrap_or(self.body.end);
        Some(at..end)
    }

    /// The value written on entry `key`'s line, comments kept.
    fn value(&self, key: &str) -> Option<String> {
        let range = self.entry(key)?;
        let line = self.lines[range.start].trim_end_matches(['\r', '\n']);
        line.split_once(':').map(|(_, v)| v.trim().to_string())
    }

    fn line(&self, key: &str, value: &str) -> String {
        format!("{}{key}: {value}{}", self.indent, self.newline)
    }
}

/// One planned change to the block.
enum Edit {
    /// Replace the entry, or insert it after `after`'s entry (or first).
    Set {
        key: &'static str,
        value: String,
        after: Option<&'static str>,
    },
    /// Remove the entry, if present.
    Drop(&'static str),
    /// Add a comment line at the end of the block.
    Comment(String),
}

fn apply(text: &str, edits: &[Edit]) -> Result<String, String> {
    let block = Block::find(text)?;
    // Replacement text per line index; `None` drops the line.
    let mut replace: Vec<Option<String>> =
        block.lines.iter().map(|l| Some(l.to_string())).collect();
    let mut insert_after: Vec<(usize, String)> = Vec::new();
    for edit in edits {
        match edit {
            Edit::Set { key, value, after } => {
                if let Some(range) = block.entry(key) {
                    replace[range.start] = Some(block.line(key, value));
                    for line in &mut replace[range.start + 1..range.end] {
                        *line = None;
                    }
                } else {
                    let at = after
                        .and_then(|a| block.entry(a))
                        .map_or(block.body.start - 1, |r| r.end - 1);
                    insert_after.push((at, block.line(key, value)));
                }
            }
            Edit::Drop(key) => {
                if let Some(range) = block.entry(key) {
                    for r in &mut replace[range] {
                        *r = None;
                    }
                }
            }
            Edit::Comment(comment) => {
                let last = block.body.end - 1;
                insert_after.push((
                    last,
                    format!("{}# {comment}{}", block.indent, block.newline),
                ));
            }
        }
    }
    let mut out = String::with_capacity(text.len() + 128);
    for (i, line) in replace.into_iter().enumerate() {
        if let Some(line) = line {
            out.push_str(&line);
            // A last line without its newline must get one before an insert.
            if !out.ends_with('\n') && insert_after.iter().any(|(at, _)| *at == i) {
                out.push_str(block.newline);
            }
        }
        for (_, added) in insert_after.iter().filter(|(at, _)| *at == i) {
            out.push_str(added);
        }
    }
    Ok(out)
}

/// The next version's file, as a draft: `status: draft`, the new effective
/// date, no approval, and no `major`/`embed_by` (they describe the change
/// the copied version made; a comment says how to mark this one).
pub fn draft_of(text: &str, effective: Date, previous: VersionNumber) -> Result<String, String> {
    apply(
        text,
        &[
            Edit::Set {
                key: "status",
                value: "draft".into(),
                after: None,
            },
            Edit::Set {
                key: "effective",
                value: effective.iso(),
                after: Some("status"),
            },
            Edit::Drop("approved_by"),
            Edit::Drop("major"),
            Edit::Drop("embed_by"),
            Edit::Comment(format!(
                "Say what changed from version {previous} in `summary`; when every site must act on it, add `major: true` and `embed_by: YYYY-MM-DD`."
            )),
        ],
    )
}

/// The approved version's file: `status: approved`, `approved_by` and, when
/// given, `effective`; returns the text and one line per edited key.
pub fn approve(
    text: &str,
    by: &str,
    effective: Option<Date>,
) -> Result<(String, Vec<String>), String> {
    let block = Block::find(text)?;
    let old = |key: &str| block.value(key);
    let status = old("status").ok_or("its `version:` block has no `status:` line")?;
    let mut edits = vec![format!("status: {status} → approved")];
    let quoted = super::approve::quote(by);
    let mut planned = vec![
        Edit::Set {
            key: "status",
            value: "approved".into(),
            after: None,
        },
        Edit::Set {
            key: "approved_by",
            value: quoted,
            after: Some("status"),
        },
    ];
    edits.push(super::approve::approved_by_change(
        old("approved_by").as_deref(),
        by,
    ));
    if let Some(date) = effective {
        let was = old("effective").unwrap_or_else(|| "(none)".into());
        edits.push(format!("effective: {was} → {}", date.iso()));
        planned.push(Edit::Set {
            key: "effective",
            value: date.iso(),
            after: Some("status"),
        });
    }
    Ok((apply(text, &planned)?, edits))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAP: &str = "# A map\nversion:\n  status: approved # signed off\n  effective: 2019-10-01\n  approved_by: Board\n  summary: >-\n    Adds a step\n    and a lane.\n  major: true\n  embed_by: 2020-06-30\n  audience: [probation]\ntitle: Pathway\nsteps:\n  - id: a\n    label: \"status: odd\"\n";

    #[test]
    fn a_draft_keeps_everything_but_the_approval() {
        let out = draft_of(
            MAP,
            Date::parse("2026-01-02").unwrap(),
            VersionNumber::parse("2.0").unwrap(),
        )
        .unwrap();
        assert_eq!(
            out,
            "# A map\nversion:\n  status: draft\n  effective: 2026-01-02\n  summary: >-\n    Adds a step\n    and a lane.\n  audience: [probation]\n  # Say what changed from version 2.0 in `summary`; when every site must act on it, add `major: true` and `embed_by: YYYY-MM-DD`.\ntitle: Pathway\nsteps:\n  - id: a\n    label: \"status: odd\"\n"
        );
    }

    #[test]
    fn approval_sets_only_its_lines() {
        let draft = draft_of(
            MAP,
            Date::parse("2026-01-02").unwrap(),
            VersionNumber::parse("2.0").unwrap(),
        )
        .unwrap();
        let (out, edits) = approve(&draft, "Programme board", None).unwrap();
        assert_eq!(
            out,
            draft.replace(
                "  status: draft\n",
                "  status: approved\n  approved_by: Programme board\n"
            )
        );
        assert_eq!(
            edits,
            [
                "status: draft → approved",
                "approved_by: (none) → Programme board"
            ]
        );
        let (out, edits) = approve(&out, "New: board", Date::parse("2027-02-03")).unwrap();
        assert!(out.contains("  approved_by: \"New: board\"\n"), "{out}");
        assert!(out.contains("  effective: 2027-02-03\n"), "{out}");
        assert_eq!(edits.len(), 3);
    }

    #[test]
    fn windows_line_endings_and_other_indents_are_kept() {
        let text = "version:\r\n    status: draft\r\n    effective: 2026-01-01\r\ntitle: F\r\n";
        let (out, _) = approve(text, "Board", None).unwrap();
        assert_eq!(
            out,
            "version:\r\n    status: approved\r\n    approved_by: Board\r\n    effective: 2026-01-01\r\ntitle: F\r\n"
        );
    }

    #[test]
    fn blocks_it_cannot_edit_are_refused() {
        assert!(approve("title: x\n", "B", None)
            .unwrap_err()
            .contains("no `version:` block"));
        assert!(approve("version: {status: draft}\n", "B", None)
            .unwrap_err()
            .contains("on one line"));
        assert!(approve("version:\n  effective: 2026-01-01\n", "B", None)
            .unwrap_err()
            .contains("no `status:`"));
    }
}
