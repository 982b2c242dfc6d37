//! Whole-form checks that serde cannot make, reported as file:line diagnostics.
//!
//! serde has already rejected unknown keys and types by the time these run;
//! what is left are mistakes that only show when the form is seen whole:
//! an id used twice (the page would have two elements with one id, and a
//! saved answer would land in the wrong question), a condition naming a
//! question that does not exist or an answer it can never have (the
//! question would never appear), and option lists that are missing, empty
//! or given to a type that ignores them. serde keeps no positions for
//! values, so each problem is placed by finding `id: <x>` in the source.

use std::collections::HashMap;

use crate::diagnostics::{did_you_mean, Diagnostic, Position};
use crate::yaml::Origin;

use super::model::{Field, FieldType, Form};

/// All problems in `form`, whose source is `text` (ids first, then each field).
pub fn validate(form: &Form, text: &str, origin: Origin<'_>) -> Vec<Diagnostic> {
    let places = Places::new(form, text);
    let at = |item: usize, key: Option<&str>| places.position(item, key, origin.first_line);
    let mut out = Vec::new();
    let mut error = |pos: Position, msg: String, hint: Option<String>| {
        let d = Diagnostic::error(origin.file, pos, msg);
        out.push(match hint {
            Some(h) => d.with_hint(h),
            None => d,
        });
    };

    if form.sections.is_empty() {
        error(
            Position::new(origin.first_line, 1),
            "the form has no sections".into(),
            Some("add `sections:` with at least one section of fields".into()),
        );
    }

    // Ids: well formed, and unique across sections and fields together,
    // because both become element ids in the same page.
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    for (item, (id, what)) in places.items.iter().enumerate() {
        if !is_valid_id(id) {
            error(
                at(item, None),
                format!("{what} id `{id}` is not a valid id"),
                Some("use lower-case letters and digits, joined by single `-` or `_`".into()),
            );
        }
        match first_seen.get(id.as_str()) {
            Some(&first) => error(
                at(item, None),
                format!("duplicate id `{id}`: ids must be unique across the whole form"),
                Some(format!(
                    "it is already used on line {}; rename one of them",
                    at(first, None).line
                )),
            ),
            None => {
                first_seen.insert(id, item);
            }
        }
    }

    let mut item = 0;
    let mut earlier: Vec<&Field> = Vec::new();
    for section in &form.sections {
        if section.fields.is_empty() {
            error(
                at(item, None),
                format!("section `{}` has no fields", section.id),
                Some("add questions under `fields:`, or remove the section".into()),
            );
        }
        item += 1;
        for field in &section.fields {
            for (pos, msg, hint) in check_field(field, form, &earlier, &|key| at(item, key)) {
                error(pos, msg, hint);
            }
            earlier.push(field);
            item += 1;
        }
    }
    out
}

type Problem = (Position, String, Option<String>);

fn check_field(
    field: &Field,
    form: &Form,
    earlier: &[&Field],
    at: &dyn Fn(Option<&str>) -> Position,
) -> Vec<Problem> {
    let mut out: Vec<Problem> = Vec::new();
    let id = &field.id;
    let kind = field.kind;
    match (&field.options, kind.needs_options()) {
        (None, true) => out.push((
            at(None),
            format!("field `{id}` is a {kind} question but has no `options`"),
            Some("add `options: [First, Second]`".into()),
        )),
        (Some(list), true) if list.is_empty() => out.push((
            at(Some("options")),
            format!("field `{id}` has an empty `options` list"),
            Some("list at least one answer".into()),
        )),
        (Some(_), false) => out.push((
            at(Some("options")),
            format!("field `{id}` is a {kind} question, which takes no `options`"),
            Some(if kind == FieldType::YesNo {
                "yes-no questions always offer Yes and No; use `radios` for other answers".into()
            } else {
                "remove `options`, or change `type` to select, radios or checkboxes".into()
            }),
        )),
        _ => {}
    }
    if let Some(options) = &field.options {
        let mut seen = Vec::new();
        for option in options {
            if seen.contains(&option.value.as_str()) {
                out.push((
                    at(Some("options")),
                    format!("field `{id}` offers the option `{}` twice", option.value),
                    Some("each option needs a different value".into()),
                ));
            }
            seen.push(&option.value);
        }
    }
    for key in ["min", "max"] {
        let given = if key == "min" { field.min } else { field.max };
        if given.is_some() && kind != FieldType::Number {
            out.push((
                at(Some(key)),
                format!("field `{id}` is a {kind} question; `{key}` applies only to numbers"),
                Some(format!("remove `{key}`, or change `type` to number")),
            ));
        }
    }
    if let (Some(min), Some(max)) = (field.min, field.max) {
        if min > max {
            out.push((
                at(Some("min")),
                format!("field `{id}` has `min` {min} greater than `max` {max}"),
                Some("swap them".into()),
            ));
        }
    }
    if let Some(cond) = &field.show_if {
        let target = cond.field.as_str();
        match earlier.iter().find(|f| f.id == target) {
            None if target == id => out.push((
                at(Some("field")),
                format!("field `{id}` has a `show_if` that names itself"),
                Some("name an earlier question".into()),
            )),
            None if form.field(target).is_some() => out.push((
                at(Some("field")),
                format!("`show_if` on `{id}` names `{target}`, which comes after it"),
                Some("a question can only depend on an earlier one; move it below `{target}`"
                    .replace("{target}", target)),
            )),
            None => {
                let ids = form.fields().map(|(_, f)| f.id.as_str());
                out.push((
                    at(Some("field")),
                    format!("`show_if` on `{id}` names `{target}`, which is not a field of this form"),
                    did_you_mean(target, ids).map(|s| format!("did you mean `{s}`?")),
                ));
            }
            Some(controller) if controller.choices().is_empty() && !controller.kind.needs_options() => {
                out.push((
                    at(Some("field")),
                    format!(
                        "`show_if` on `{id}` names `{target}`, a {} question with no fixed answers",
                        controller.kind
                    ),
                    Some("conditions can depend only on yes-no, radios, select or checkboxes questions".into()),
                ))
            }
            Some(controller) => {
                let choices = controller.choices();
                if !choices.is_empty() && !choices.iter().any(|c| c.value == cond.equals) {
                    let values: Vec<&str> = choices.iter().map(|c| c.value.as_str()).collect();
                    let hint = match did_you_mean(&cond.equals, values.iter().copied()) {
                        Some(best) => format!("did you mean `{best}`? It can be: {}", values.join(", ")),
                        None => format!("`{target}` can be: {}", values.join(", ")),
                    };
                    out.push((
                        at(Some("equals")),
                        format!(
                            "`show_if` on `{id}` waits for `{target}` to be `{}`, which it can never be",
                            cond.equals
                        ),
                        Some(hint),
                    ));
                }
            }
        }
    }
    out
}

/// Ids become parts of element ids and file keys: keep them plain, and
/// never containing `--`, which the renderer uses to build derived ids.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split(['-', '_']).all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Where each section and field is written in the source.
struct Places<'t> {
    /// Each section and field id in document order, with what it is.
    items: Vec<(String, &'static str)>,
    /// The (line index, column) of each item's `id:` key, when found.
    lines: Vec<Option<(usize, usize)>>,
    text: Vec<&'t str>,
}

impl<'t> Places<'t> {
    fn new(form: &Form, text: &'t str) -> Self {
        let mut items = Vec::new();
        for section in &form.sections {
            items.push((section.id.clone(), "section"));
            for field in &section.fields {
                items.push((field.id.clone(), "field"));
            }
        }
        let text: Vec<&str> = text.lines().collect();
        let found: Vec<(usize, usize, String)> = text
            .iter()
            .enumerate()
            .flat_map(|(i, line)| {
                key_values(line, "id")
                    .into_iter()
                    .map(move |(col, v)| (i, col, v))
            })
            .collect();
        // Match items to occurrences in order, so a repeated id finds its
        // own (second) occurrence rather than the first.
        let mut cursor = 0;
        let lines = items
            .iter()
            .map(|(id, _)| {
                match found[cursor.min(found.len())..]
                    .iter()
                    .position(|(_, _, v)| v == id)
                {
                    Some(offset) => {
                        let (line, col, _) = &found[cursor + offset];
                        cursor += offset + 1;
                        Some((*line, *col))
                    }
                    None => found
                        .iter()
                        .find(|(_, _, v)| v == id)
                        .map(|(l, c, _)| (*l, *c)),
                }
            })
            .collect();
        Self { items, lines, text }
    }

    /// The position of item `item`'s id, or of `key` within that item.
    fn position(&self, item: usize, key: Option<&str>, first_line: usize) -> Position {
        let Some((line, col)) = self.lines.get(item).copied().flatten() else {
            return Position::new(first_line, 1);
        };
        let here = Position::new(first_line + line, col);
        let Some(key) = key else { return here };
        let prev = (0..item)
            .rev()
            .find_map(|i| self.lines[i])
            .map_or(0, |(l, _)| l + 1);
        let next = self.lines[item + 1..]
            .iter()
            .flatten()
            .map(|(l, _)| *l)
            .find(|&l| l > line)
            .unwrap_or(self.text.len());
        (line..next)
            .chain(prev..line)
            .find_map(|i| {
                let line = self.text.get(i)?;
                key_values(line, key)
                    .first()
                    .map(|(c, _)| Position::new(first_line + i, *c))
            })
            .unwrap_or(here)
    }
}

/// Each `key: value` on one source line (block or flow style), as the
/// 1-based column of the key and the unquoted value.
fn key_values(line: &str, key: &str) -> Vec<(usize, String)> {
    let code = line.split(" #").next().unwrap_or(line);
    let pattern = format!("{key}:");
    code.match_indices(pattern.as_str())
        .filter(|(at, _)| {
            let before = code[..*at].trim_end();
            before.is_empty() || before.ends_with(['{', ',', '-'])
        })
        .map(|(at, _)| {
            let rest = code[at + pattern.len()..].trim_start();
            let end = rest.find([',', '}']).unwrap_or(rest.len());
            let value = rest[..end].trim().trim_matches(['"', '\'']).to_string();
            (code[..at].chars().count() + 1, value)
        })
        .collect()
}
