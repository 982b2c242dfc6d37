//! Reading a confirmation file saved from a site's agenda page.
//!
//! The agenda form (`static/parts/confirm/`) saves JSON, because a browser can
//! write JSON without a library and the file stays readable:
//!
//! ```json
//! {
//!   "format": "waymark-confirmations",
//!   "version": 1,
//!   "site": "<site id>",
//!   "saved_at": "2024-03-06T10:15:00.000Z",
//!   "confirmations": [
//!     {"change": "<doc>@<version>#<change>", "status": "embedded",
//!      "date": "2024-03-06", "by": "Steering group", "evidence": "…"}
//!   ]
//! }
//! ```
//!
//! serde keeps no positions, and a meeting secretary fixing a file needs to
//! know where the problem is, so a small scanner records where each value
//! starts (line and column) alongside the typed parse.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Position};

/// The `format` a confirmation file must declare.
pub const FORMAT: &str = "waymark-confirmations";
/// Files larger than this are refused: a meeting's decisions are a few KB.
const MAX_BYTES: usize = 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmationFile {
    pub format: String,
    pub version: u32,
    pub site: String,
    #[serde(default)]
    pub saved_at: Option<String>,
    pub confirmations: Vec<Entry>,
}

/// One decision as written; checked by the caller, with [`Places`] to say
/// where a bad value is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub change: String,
    pub status: String,
    pub date: String,
    pub by: String,
    pub evidence: String,
}

/// Where values start: top-level keys, and each confirmation's keys.
#[derive(Debug, Default)]
pub struct Places {
    top: BTreeMap<String, Position>,
    entries: Vec<(Position, BTreeMap<String, Position>)>,
}

impl Places {
    pub fn top(&self, key: &str) -> Position {
        self.top.get(key).copied().unwrap_or(Position::new(1, 1))
    }

    /// Where confirmation `index`'s `key` value is (or the entry itself).
    pub fn entry(&self, index: usize, key: &str) -> Position {
        match self.entries.get(index) {
            Some((start, keys)) => keys.get(key).copied().unwrap_or(*start),
            None => self.top("confirmations"),
        }
    }
}

/// Parses a confirmation file; errors name `file`, line and column.
pub fn parse(text: &str, file: &str) -> Result<(ConfirmationFile, Places), Diagnostic> {
    if text.len() > MAX_BYTES {
        return Err(Diagnostic::error(
            file,
            Position::new(1, 1),
            format!("file is {} bytes; the limit is {MAX_BYTES}", text.len()),
        )
        .with_hint("use the file saved from the site's agenda page"));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed: ConfirmationFile = serde_json::from_str(text).map_err(|err| {
        Diagnostic::error(
            file,
            Position::new(err.line().max(1), err.column().max(1)),
            format!("not a confirmation file: {}", strip_location(&err.to_string())),
        )
        .with_hint("save the file again from the site's agenda page (it is JSON with `format`, `version`, `site` and `confirmations`)")
    })?;
    Ok((parsed, scan(text)))
}

/// serde_json puts " at line L column C" at the end of its messages; the
/// diagnostic carries the position already.
fn strip_location(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(k) => &message[..k],
        None => message,
    }
}

/// Walks the JSON text (already known to be valid) recording where each
/// key's value starts, for the top-level object and for each object in the
/// `confirmations` array.
fn scan(text: &str) -> Places {
    let mut places = Places::default();
    // Open containers, outermost first.
    let mut stack: Vec<char> = Vec::new();
    let mut in_confirmations = false;
    let mut pending_key: Option<(String, usize)> = None;
    let mut chars = text.char_indices().peekable();
    let mut cursor = Cursor::default();
    let mut position = |offset: usize| cursor.advance(text, offset);
    while let Some((offset, ch)) = chars.next() {
        if ch.is_whitespace() || ch == ',' {
            continue;
        }
        if ch == ':' {
            continue;
        }
        // A value (or key) starts here.
        if let Some((key, depth)) = pending_key.take() {
            let at = position(offset);
            if depth == 1 {
                places.top.insert(key.clone(), at);
                in_confirmations = key == "confirmations";
            } else if depth == 3 {
                if let Some((_, keys)) = places.entries.last_mut() {
                    keys.insert(key, at);
                }
            }
        }
        match ch {
            '{' | '[' => {
                if ch == '{' && stack == ['{', '['] && in_confirmations {
                    places.entries.push((position(offset), BTreeMap::new()));
                }
                stack.push(ch);
            }
            '}' | ']' => {
                stack.pop();
            }
            '"' => {
                let mut s = String::new();
                while let Some((_, c)) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some((_, e)) = chars.next() {
                                s.push(e);
                            }
                        }
                        c => s.push(c),
                    }
                }
                // A string followed by ':' is a key.
                while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                    chars.next();
                }
                if chars.peek().is_some_and(|(_, c)| *c == ':') && stack.last() == Some(&'{') {
                    pending_key = Some((s, stack.len()));
                }
            }
            _ => {}
        }
    }
    places
}

/// Line and column of increasing offsets, in one pass over the text
/// (positions are asked for in order, so a long one-line file stays linear).
#[derive(Default)]
struct Cursor {
    offset: usize,
    line: usize,
    column: usize,
}

impl Cursor {
    fn advance(&mut self, text: &str, offset: usize) -> Position {
        for ch in text[self.offset..offset].chars() {
            if ch == '\n' {
                self.line += 1;
                self.column = 0;
            } else {
                self.column += 1;
            }
        }
        self.offset = offset;
        Position::new(self.line + 1, self.column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"{
  "format": "waymark-confirmations",
  "version": 1,
  "site": "alpha",
  "confirmations": [
    {
      "change": "doc@1.1#a",
      "status": "embedded",
      "date": "2024-01-02",
      "by": "Group \"B\"",
      "evidence": "Says \"change\": here"
    },
    {"change": "doc@1.1#b", "status": "nope", "date": "x", "by": "G", "evidence": "E"}
  ]
}
"#;

    #[test]
    fn values_are_placed_by_entry_and_key() {
        let (file, places) = parse(FILE, "c.json").unwrap();
        assert_eq!(file.confirmations.len(), 2);
        assert_eq!(file.confirmations[0].by, "Group \"B\"");
        assert_eq!(places.top("site"), Position::new(4, 11));
        assert_eq!(places.entry(0, "status"), Position::new(8, 17));
        assert_eq!(places.entry(1, "status"), Position::new(13, 39));
        assert_eq!(places.entry(1, "date"), Position::new(13, 55));
    }

    #[test]
    fn bad_json_is_located() {
        let err = parse("{\n  \"format\": 1,\n}", "c.json").unwrap_err();
        assert_eq!(err.position, Position::new(2, 13));
        assert!(
            err.message.starts_with("not a confirmation file"),
            "{}",
            err.message
        );
        let err = parse("{\"format\": \"x\", \"version\": 1, \"site\": \"a\", \"confirmations\": [], \"extra\": 1}", "c.json").unwrap_err();
        assert!(
            err.message.contains("unknown field `extra`"),
            "{}",
            err.message
        );
    }
}
