//! Recovers source positions from a map file's text.
//!
//! serde_yaml 0.9 gives values but no spans, and authors need diagnostics
//! that name the line of the step they got wrong. Map files are simple
//! (top-level keys at column 0, lists of small mappings), so a line scan is
//! enough: find each top-level key, split its block into list items by the
//! indentation of the first `-`, and look for `id:`, `lane:`, `link:` and
//! the `next` targets inside each item. When the scan cannot match (unusual
//! flow style), positions fall back to the section key, never to a wrong step.

use crate::diagnostics::Position;

use super::model::{FileSpans, MapFile, NextDef, StepDef, StepSpans};

/// Fills in every `at`/`spans` field of a freshly parsed file.
pub fn attach(file: &mut MapFile, text: &str, name: &str, first_line: usize) {
    let lines: Vec<&str> = text.lines().collect();
    let sections = top_level_keys(&lines);
    let pos = |li: usize, byte: usize| {
        Position::new(
            first_line + li,
            lines[li][..byte.min(lines[li].len())].chars().count() + 1,
        )
    };
    file.source = FileSpans {
        file: name.to_string(),
        keys: sections
            .iter()
            .map(|(k, li, _)| (k.clone(), pos(*li, 0)))
            .collect(),
        remove: Vec::new(),
    };
    let section = |key: &str| {
        sections
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|s| (s.1, s.2))
    };

    if let Some((start, end)) = section("lanes") {
        let items = items(&lines, start, end, file.lanes.len());
        for (lane, (a, b)) in file.lanes.iter_mut().zip(items) {
            lane.at = find_key(&lines, (a, 0), b, "id", Some(&lane.id))
                .map(|(li, by)| pos(li, by))
                .unwrap_or(pos(start, 0));
        }
    }
    for key in ["steps", "replace", "add"] {
        let defs = match key {
            "steps" => &mut file.steps,
            "replace" => &mut file.replace,
            _ => &mut file.add,
        };
        if let Some((start, end)) = section(key) {
            let items = items(&lines, start, end, defs.len());
            for (def, (a, b)) in defs.iter_mut().zip(items) {
                def.spans = step_spans(&lines, def, a, b, name, &pos);
            }
        }
    }
    if let Some((start, end)) = section("remove") {
        let mut cursor = (start, "remove:".len());
        for id in &file.remove {
            match find_token(&lines, cursor, end, id) {
                Some(found) => {
                    file.source.remove.push(pos(found.0, found.1));
                    cursor = (found.0, found.1 + id.len());
                }
                None => file.source.remove.push(pos(start, 0)),
            }
        }
    }
}

fn step_spans(
    lines: &[&str],
    def: &StepDef,
    a: usize,
    b: usize,
    name: &str,
    pos: &dyn Fn(usize, usize) -> Position,
) -> StepSpans {
    let at = |found: Option<(usize, usize)>| found.map(|(li, by)| pos(li, by));
    let id = at(find_key(lines, (a, 0), b, "id", Some(&def.id))).unwrap_or(pos(a, 0));
    let mut next = Vec::new();
    if let Some(mut cursor) = find_key(lines, (a, 0), b, "next", None) {
        for n in &def.next {
            let found = match n {
                NextDef::To(to) => find_token(lines, cursor, b, to),
                NextDef::Branch(br) => find_key(lines, cursor, b, "to", Some(&br.to)),
            };
            match found {
                Some(f) => {
                    next.push(pos(f.0, f.1));
                    cursor = (f.0, f.1 + 1);
                }
                None => next.push(id),
            }
        }
    }
    StepSpans {
        file: name.to_string(),
        id,
        lane: at(find_key(lines, (a, 0), b, "lane", None)),
        link: at(find_key(lines, (a, 0), b, "link", None)),
        next,
    }
}

/// `(key, line index, end line index exclusive)` of each key at column 0.
fn top_level_keys(lines: &[&str]) -> Vec<(String, usize, usize)> {
    let mut keys: Vec<(String, usize, usize)> = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        let Some((key, _)) = line.split_once(':') else {
            continue;
        };
        if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            if let Some(last) = keys.last_mut() {
                last.2 = li;
            }
            keys.push((key.to_string(), li, lines.len()));
        }
    }
    keys
}

/// Line ranges of the list items under a key, or the whole section
/// `count` times when the layout is not one item per `-` line.
fn items(lines: &[&str], start: usize, end: usize, count: usize) -> Vec<(usize, usize)> {
    let dash = |l: &str| {
        let t = l.trim_start();
        (t == "-" || t.starts_with("- ")).then(|| l.len() - t.len())
    };
    let indent = (start + 1..end).find_map(|li| dash(lines[li]));
    let starts: Vec<usize> = match indent {
        Some(ind) => (start + 1..end)
            .filter(|&li| dash(lines[li]) == Some(ind))
            .collect(),
        None => Vec::new(),
    };
    if starts.len() != count {
        return vec![(start, end); count];
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| (s, starts.get(i + 1).copied().unwrap_or(end)))
        .collect()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || c == '.' || c == '/'
}

/// The value position of `key:` at or after `from`, before line `end`;
/// with `value`, only where the value is exactly that.
fn find_key(
    lines: &[&str],
    from: (usize, usize),
    end: usize,
    key: &str,
    value: Option<&str>,
) -> Option<(usize, usize)> {
    let needle = format!("{key}:");
    for (li, &line) in lines.iter().enumerate().take(end).skip(from.0) {
        let mut offset = if li == from.0 {
            from.1.min(line.len())
        } else {
            0
        };
        while let Some(i) = line.get(offset..).and_then(|l| l.find(&needle)) {
            let at = offset + i;
            offset = at + needle.len();
            let before = line[..at].chars().last();
            if before.is_some_and(is_word) {
                continue;
            }
            let rest = &line[offset..];
            let trimmed = rest.trim_start();
            let mut vstart = offset + rest.len() - trimmed.len();
            if trimmed.starts_with('"') || trimmed.starts_with('\'') {
                vstart += 1;
            }
            match value {
                Some(v) if !line[vstart..].starts_with(v) => continue,
                _ => return Some((li, vstart)),
            }
        }
    }
    None
}

/// The next whole-word occurrence of `token` at or after `from`.
fn find_token(
    lines: &[&str],
    from: (usize, usize),
    end: usize,
    token: &str,
) -> Option<(usize, usize)> {
    if token.is_empty() {
        return None;
    }
    for (li, &line) in lines.iter().enumerate().take(end).skip(from.0) {
        let mut offset = if li == from.0 {
            from.1.min(line.len())
        } else {
            0
        };
        while let Some(i) = line.get(offset..).and_then(|l| l.find(token)) {
            let at = offset + i;
            offset = at + token.len();
            let before = line[..at].chars().last();
            let after = line[offset..].chars().next();
            if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
                return Some((li, at));
            }
        }
    }
    None
}
