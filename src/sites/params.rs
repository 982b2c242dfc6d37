//! `{{ site.NAME }}` in page text, filled from the site's record.
//!
//! Local facts such as the number of sessions or a referral phone number
//! appear on several pages; writing them once in the site's record and
//! referring to them keeps the pages from disagreeing. The syntax is only
//! `{{ site.NAME }}` (spaces inside the braces optional): other `{{ … }}`
//! text is left alone, since pages may legitimately show template syntax, and
//! so is anything in fenced or indented code blocks and inline code spans, so
//! documentation can show `{{ site.sessions }}` itself.
//!
//! Code is found with pulldown-cmark and the renderer's options, so "in code"
//! means what it means on the rendered page. A name the site does not define
//! is an error, as is `{{ site.` with no closing `}}`: a page that silently
//! printed the braces, or nothing, would be wrong in front of its readers.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use crate::diagnostics::{did_you_mean, Diagnostic, Position};
use crate::markdown::options;

#[cfg(test)]
mod tests;

/// How many defined names a hint lists before saying "…".
const MAX_LISTED: usize = 20;

/// Replaces every `{{ site.NAME }}` in `text` outside code with `params[NAME]`.
///
/// `first_line` is the line of `file` on which `text` starts, for positions.
/// All unknown names and unclosed references are reported together.
pub fn substitute(
    text: &str,
    params: &BTreeMap<String, String>,
    file: &str,
    first_line: usize,
) -> Result<String, Vec<Diagnostic>> {
    let code = code_ranges(text);
    let mut code = code.iter().peekable();
    let mut out = String::with_capacity(text.len());
    let mut errors = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = text.get(at..).and_then(|rest| rest.find("{{")) {
        let start = at + found;
        while code.peek().is_some_and(|r| r.end <= start) {
            code.next();
        }
        if let Some(r) = code.peek().filter(|r| r.start <= start) {
            at = r.end;
            continue;
        }
        let position = || Position::of_offset(text, start, first_line);
        match parse_reference(text, start) {
            Reference::NotOurs => {
                at = start + 1;
                continue;
            }
            Reference::Unclosed => {
                errors.push(
                    Diagnostic::error(
                        file,
                        position(),
                        "malformed site parameter: `{{ site.` without a name and a closing `}}`",
                    )
                    .with_hint(
                        "write `{{ site.NAME }}` on one line; \
                         NAME is letters, digits, `_`, `-` or `.`",
                    ),
                );
                at = start + 2;
            }
            Reference::Name { name, end } => {
                match params.get(name) {
                    Some(value) => {
                        out.push_str(text.get(copied..start).unwrap_or(""));
                        out.push_str(value);
                        copied = end;
                    }
                    None => errors.push(
                        Diagnostic::error(
                            file,
                            position(),
                            format!("unknown site parameter `{name}`"),
                        )
                        .with_hint(unknown_hint(name, params)),
                    ),
                }
                at = end;
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    Ok(out)
}

enum Reference<'a> {
    /// `{{` not followed by `site.`: someone else's braces.
    NotOurs,
    Unclosed,
    Name {
        name: &'a str,
        end: usize,
    },
}

/// Reads `{{ site.NAME }}` starting at `start`, which points at `{{`.
fn parse_reference(text: &str, start: usize) -> Reference<'_> {
    let Some(rest) = text.get(start + 2..) else {
        return Reference::NotOurs;
    };
    let inner = rest.trim_start_matches([' ', '\t']);
    let Some(after_prefix) = inner.strip_prefix("site.") else {
        return Reference::NotOurs;
    };
    let name_len = after_prefix
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .unwrap_or(after_prefix.len());
    let name = &after_prefix[..name_len];
    let tail = after_prefix[name_len..].trim_start_matches([' ', '\t']);
    if name.is_empty() || !tail.starts_with("}}") {
        return Reference::Unclosed;
    }
    let end = text.len() - tail.len() + 2;
    Reference::Name { name, end }
}

fn unknown_hint(name: &str, params: &BTreeMap<String, String>) -> String {
    if params.is_empty() {
        return "this site defines no parameters; add it to the site's record".into();
    }
    let guess = did_you_mean(name, params.keys().map(String::as_str))
        .map(|g| format!("did you mean `{g}`? "))
        .unwrap_or_default();
    let mut names = params
        .keys()
        .take(MAX_LISTED)
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if params.len() > MAX_LISTED {
        names.push_str(", …");
    }
    format!("{guess}this site defines {names}")
}

/// Byte ranges of code blocks and inline code spans, in order.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        if matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))) {
            match ranges.last_mut() {
                Some(last) if last.end >= range.start => last.end = last.end.max(range.end),
                _ => ranges.push(range),
            }
        }
    }
    ranges
}
