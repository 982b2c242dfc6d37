//! The one place that talks to `serde_yaml`.
//!
//! `serde_yaml` is archived upstream, so the rest of the crate never names it:
//! everything goes through [`parse`], which turns its errors into
//! [`Diagnostic`]s with a file position and, for unknown keys, a "did you
//! mean" hint. Swapping the YAML library later means changing this file only.

use serde::de::DeserializeOwned;

use crate::diagnostics::{did_you_mean, Diagnostic, Position};

/// Where a YAML fragment sits in its file, so positions can be reported
/// against the whole file (front matter starts on line 2, after `---`).
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub file: &'a str,
    pub first_line: usize,
}

impl<'a> Origin<'a> {
    pub fn file(file: &'a str) -> Self {
        Self {
            file,
            first_line: 1,
        }
    }
}

/// Largest YAML document we accept: anything bigger is almost certainly a
/// mistake, and refusing it keeps memory bounded on hostile input.
const MAX_YAML_BYTES: usize = 4 * 1024 * 1024;

/// Parses `text` into `T`, reporting problems against `origin`.
pub fn parse<T: DeserializeOwned>(text: &str, origin: Origin<'_>) -> Result<T, Diagnostic> {
    if text.len() > MAX_YAML_BYTES {
        return Err(Diagnostic::error(
            origin.file,
            Position::new(origin.first_line, 1),
            format!(
                "YAML is {} bytes; the limit is {MAX_YAML_BYTES}",
                text.len()
            ),
        )
        .with_hint("split the file, or check it is the file you meant"));
    }
    // Editors on Windows may start a file with a byte-order mark; it is
    // not part of the YAML (and it sits before line 1, column 1).
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if let Some((line, column)) = too_deep(text) {
        return Err(Diagnostic::error(
            origin.file,
            Position::new(origin.first_line + line - 1, column),
            format!("YAML nested more than {MAX_NESTING} levels deep"),
        )
        .with_hint("no Waymark file needs this much nesting: check the brackets and dashes here"));
    }
    // An empty document means "no keys": let serde report missing fields
    // rather than serde_yaml's less helpful "EOF while parsing".
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(text).map_err(|err| to_diagnostic(&err, text, origin))
}

/// Deeper than any Waymark file needs (they nest a handful of levels), and
/// below the depth at which the YAML library's parsing time grows
/// quadratically (`[[[[…]]]]` 100,000 deep took over 30 s).
pub const MAX_NESTING: usize = 64;

/// Where `text` first nests deeper than [`MAX_NESTING`] (1-based line and
/// column), by a scan that costs one pass and never fails: flow brackets
/// `[` and `{` that start a token (or sit inside a flow collection), and
/// compact block entries (`- - - x`) on one line. Quoted strings and
/// comments are skipped. Block nesting by indentation needs no check: it
/// costs as much text as the depth squared, which the size limit bounds.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut flow = 0usize;
    let mut quote: Option<char> = None;
    for (i, line) in text.split('\n').enumerate() {
        let mut compact = 0usize;
        let mut at_line_start = flow == 0 && quote.is_none();
        let mut prev = ' ';
        let mut chars = line.chars().enumerate().peekable();
        while let Some((col, c)) = chars.next() {
            if let Some(q) = quote {
                if c == q {
                    // `''` inside a single-quoted string is an escaped quote.
                    if q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                } else if c == '\\' && q == '"' {
                    chars.next();
                }
                prev = c;
                continue;
            }
            // Outside brackets, only whitespace starts a token: `see[1]`
            // is plain text, not a flow sequence.
            let token_start =
                prev.is_whitespace() || (flow > 0 && matches!(prev, '[' | '{' | ',' | ':'));
            match c {
                '#' if prev.is_whitespace() => break,
                '\'' | '"' if token_start => quote = Some(c),
                '[' | '{' if token_start || flow > 0 => flow += 1,
                ']' | '}' if flow > 0 => flow -= 1,
                '-' | '?' if at_line_start && chars.peek().is_none_or(|&(_, n)| n == ' ') => {
                    compact += 1
                }
                ' ' => {}
                _ => at_line_start = false,
            }
            if flow > MAX_NESTING || compact > MAX_NESTING {
                return Some((i + 1, col + 1));
            }
            prev = c;
        }
    }
    None
}

fn to_diagnostic(err: &serde_yaml::Error, text: &str, origin: Origin<'_>) -> Diagnostic {
    let message = strip_location(&err.to_string());
    // Errors from our own types (a bad date) come back placed at the start
    // of the document; find the value they quote instead.
    let (line, column) = err
        .location()
        .map(|loc| (loc.line(), loc.column()))
        .filter(|&place| place != (1, 1))
        .or_else(|| locate_quoted_value(&message, text))
        .unwrap_or((1, 1));
    let position = Position::new(origin.first_line + line.saturating_sub(1), column.max(1));
    let hint = hint_for(&message);
    let diagnostic = Diagnostic::error(origin.file, position, message);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// Errors raised by our own types (a bad date, say) carry no position;
/// their messages quote the offending value in backticks, so find where
/// that value is written.
fn locate_quoted_value(message: &str, text: &str) -> Option<(usize, usize)> {
    let value = message.split('`').nth(1).filter(|v| !v.is_empty())?;
    text.lines().enumerate().find_map(|(i, line)| {
        let byte = line.find(value)?;
        Some((i + 1, line[..byte].chars().count() + 1))
    })
}

/// serde_yaml appends " at line L column C" to messages; we report the
/// position ourselves, relative to the whole file.
fn strip_location(message: &str) -> String {
    let trimmed = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    trimmed.trim_end_matches('.').to_string()
}

/// Builds the fix hint for the common serde messages.
fn hint_for(message: &str) -> Option<String> {
    // Nested keys come with their path first (`sections[0].fields[2]: unknown field ...`).
    if let Some((_, rest)) = message.split_once("unknown field `") {
        let (field, expected) = rest.split_once('`')?;
        let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return Some(match did_you_mean(field, allowed.iter().copied()) {
            Some(best) => format!(
                "did you mean `{best}`? Allowed keys: {}",
                allowed.join(", ")
            ),
            None => format!("allowed keys: {}", allowed.join(", ")),
        });
    }
    if let Some(rest) = message.split_once("unknown variant `") {
        let (value, expected) = rest.1.split_once('`')?;
        let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return Some(match did_you_mean(value, allowed.iter().copied()) {
            Some(best) => format!(
                "did you mean `{best}`? Allowed values: {}",
                allowed.join(", ")
            ),
            None => format!("allowed values: {}", allowed.join(", ")),
        });
    }
    if message.starts_with("missing field `") {
        return Some("add the key, or check its spelling and indentation".to_string());
    }
    if message.contains("input contains invalid characters")
        || message.contains("did not find expected")
    {
        return Some("check the YAML syntax: indentation, quotes and colons".to_string());
    }
    None
}

/// A loosely typed YAML scalar for free-form parameter maps (site
/// parameters), kept here so no other module needs serde_yaml's `Value`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Integer(i64),
    Float(f64),
    Text(String),
}

impl std::fmt::Display for Scalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scalar::Bool(b) => write!(f, "{}", if *b { "yes" } else { "no" }),
            Scalar::Integer(i) => write!(f, "{i}"),
            Scalar::Float(x) => write!(f, "{x}"),
            Scalar::Text(s) => f.write_str(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        summary: Option<String>,
    }

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let err = parse::<Doc>(
            "title: A\ntitel: B\n",
            Origin {
                file: "a.md",
                first_line: 2,
            },
        )
        .unwrap_err();
        assert_eq!(err.position.line, 3);
        assert!(
            err.message.contains("unknown field `titel`"),
            "{}",
            err.message
        );
        assert!(err.hint.unwrap().contains("did you mean `title`"));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse::<Doc>("title: [unclosed\n", Origin::file("b.yaml")).unwrap_err();
        assert_eq!(err.file, "b.yaml");
        assert!(err.position.line >= 1);
    }

    #[test]
    fn missing_required_key() {
        let err = parse::<Doc>("", Origin::file("c.yaml")).unwrap_err();
        assert!(
            err.message.contains("missing field `title`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn byte_order_mark_is_accepted() {
        let doc = parse::<Doc>("\u{FEFF}title: A\n", Origin::file("a.yaml")).unwrap();
        assert_eq!(doc.title, "A");
    }

    /// Regression: 100,000 nested brackets used to take over 30 s before
    /// the type error; now the scan refuses them at once, located.
    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!(
            "title: A\nsummary: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let err = parse::<Doc>(
            &deep,
            Origin {
                file: "a.md",
                first_line: 2,
            },
        )
        .unwrap_err();
        assert!(
            err.message.contains("nested more than 64"),
            "{}",
            err.message
        );
        assert_eq!(
            (err.position.line, err.position.column),
            (3, 9 + MAX_NESTING + 1)
        );

        let maps = format!("title: {}\n", "{a: ".repeat(50_000));
        let err = parse::<Doc>(&maps, Origin::file("m.yaml")).unwrap_err();
        assert!(err.message.contains("nested"), "{}", err.message);

        let dashes = format!("title: A\nsummary:\n{}x\n", "- ".repeat(100_000));
        let err = parse::<Doc>(&dashes, Origin::file("d.yaml")).unwrap_err();
        assert!(err.message.contains("nested"), "{}", err.message);
        assert_eq!(err.position.line, 3);
    }

    #[test]
    fn ordinary_nesting_and_brackets_in_text_are_fine() {
        // Brackets inside quotes, comments and plain text are not nesting.
        let text = format!("title: '{0}'\nsummary: \"{0}\" # {0}\n", "[".repeat(200));
        let doc = parse::<Doc>(&text, Origin::file("a.yaml")).unwrap();
        assert_eq!(doc.title.len(), 200);
        let plain = format!("title: see{}\n", "[".repeat(200));
        assert!(parse::<Doc>(&plain, Origin::file("a.yaml")).is_ok());
        assert_eq!(too_deep("a: [[1, 2], {b: [c]}]\n- - - x\n"), None);
    }
}
