//! What changed between two versions of a form, question by question.
//!
//! A word-level redline of the YAML would show steering groups and data
//! collators the wrong thing: they need to know that a question was
//! added, dropped or became required (their spreadsheets and training
//! depend on it), not that a line moved. Fields are matched by id, so a
//! relabelled question reads as "label changed", not as removed and added;
//! options are matched by value. The wording is for a change log.

use std::fmt;

use crate::html::escape_html;

use super::model::{Field, FieldType, Form, ShowIf};

/// One change, in the order a reader would meet it in the new form.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldChange {
    /// The title, purpose, who or privacy text changed (`what` names it).
    IntroChanged {
        what: &'static str,
    },
    SectionAdded {
        title: String,
    },
    SectionRemoved {
        title: String,
    },
    SectionRenamed {
        id: String,
        from: String,
        to: String,
    },
    FieldAdded {
        label: String,
        section: String,
    },
    FieldRemoved {
        label: String,
    },
    FieldMoved {
        label: String,
        from: String,
        to: String,
    },
    LabelChanged {
        id: String,
        from: String,
        to: String,
    },
    TypeChanged {
        id: String,
        from: FieldType,
        to: FieldType,
    },
    HintChanged {
        id: String,
    },
    NowRequired {
        id: String,
    },
    NoLongerRequired {
        id: String,
    },
    OptionAdded {
        option: String,
        field: String,
    },
    OptionRemoved {
        option: String,
        field: String,
    },
    OptionRelabelled {
        field: String,
        from: String,
        to: String,
    },
    RangeChanged {
        id: String,
        from: String,
        to: String,
    },
    /// `now` and `before` are already in words ("always shown" or a condition).
    ConditionChanged {
        label: String,
        before: String,
        now: String,
    },
}

impl fmt::Display for FieldChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use FieldChange::*;
        match self {
            IntroChanged { what } => write!(f, "{what} changed"),
            SectionAdded { title } => write!(f, "section '{title}' added"),
            SectionRemoved { title } => write!(f, "section '{title}' removed"),
            SectionRenamed { id, from, to } => {
                write!(f, "title of section '{id}' changed from '{from}' to '{to}'")
            }
            FieldAdded { label, section } => {
                write!(f, "field '{label}' added to section '{section}'")
            }
            FieldRemoved { label } => write!(f, "field '{label}' removed"),
            FieldMoved { label, from, to } => {
                write!(
                    f,
                    "field '{label}' moved from section '{from}' to section '{to}'"
                )
            }
            LabelChanged { id, from, to } => {
                write!(f, "label of '{id}' changed from '{from}' to '{to}'")
            }
            TypeChanged { id, from, to } => write!(f, "type of '{id}' changed from {from} to {to}"),
            HintChanged { id } => write!(f, "hint of '{id}' changed"),
            NowRequired { id } => write!(f, "'{id}' is now required"),
            NoLongerRequired { id } => write!(f, "'{id}' is no longer required"),
            OptionAdded { option, field } => write!(f, "option '{option}' added to '{field}'"),
            OptionRemoved { option, field } => {
                write!(f, "option '{option}' removed from '{field}'")
            }
            OptionRelabelled { field, from, to } => {
                write!(f, "option '{from}' of '{field}' renamed to '{to}'")
            }
            RangeChanged { id, from, to } => {
                write!(f, "allowed range of '{id}' changed from {from} to {to}")
            }
            ConditionChanged { label, before, now } => {
                write!(f, "condition changed on '{label}': {now} (was: {before})")
            }
        }
    }
}

/// Every change from `old` to `new`: intro, then sections, then fields in
/// the new form's order, then fields that were removed.
pub fn diff_forms(old: &Form, new: &Form) -> Vec<FieldChange> {
    use FieldChange::*;
    let mut out = Vec::new();
    for (what, a, b) in [
        ("title", &old.title, &new.title),
        ("purpose", &old.purpose, &new.purpose),
        ("'who completes it'", &old.who, &new.who),
        ("privacy notice", &old.privacy, &new.privacy),
    ] {
        if a != b {
            out.push(IntroChanged { what });
        }
    }
    for section in &new.sections {
        match old.sections.iter().find(|s| s.id == section.id) {
            None => out.push(SectionAdded {
                title: section.title.clone(),
            }),
            Some(before) if before.title != section.title => out.push(SectionRenamed {
                id: section.id.clone(),
                from: before.title.clone(),
                to: section.title.clone(),
            }),
            Some(_) => {}
        }
    }
    for section in &old.sections {
        if !new.sections.iter().any(|s| s.id == section.id) {
            out.push(SectionRemoved {
                title: section.title.clone(),
            });
        }
    }
    for (section, field) in new.fields() {
        match old.fields().find(|(_, f)| f.id == field.id) {
            None => out.push(FieldAdded {
                label: field.label.clone(),
                section: section.title.clone(),
            }),
            Some((old_section, before)) => {
                if old_section.id != section.id {
                    out.push(FieldMoved {
                        label: field.label.clone(),
                        from: old_section.title.clone(),
                        to: section.title.clone(),
                    });
                }
                field_changes(&mut out, old, before, new, field);
            }
        }
    }
    for (_, field) in old.fields() {
        if new.field(&field.id).is_none() {
            out.push(FieldRemoved {
                label: field.label.clone(),
            });
        }
    }
    out
}

fn field_changes(out: &mut Vec<FieldChange>, old: &Form, a: &Field, new: &Form, b: &Field) {
    use FieldChange::*;
    let id = &b.id;
    if a.label != b.label {
        out.push(LabelChanged {
            id: id.clone(),
            from: a.label.clone(),
            to: b.label.clone(),
        });
    }
    if a.kind != b.kind {
        out.push(TypeChanged {
            id: id.clone(),
            from: a.kind,
            to: b.kind,
        });
    }
    if a.hint != b.hint {
        out.push(HintChanged { id: id.clone() });
    }
    match (a.required, b.required) {
        (false, true) => out.push(NowRequired { id: id.clone() }),
        (true, false) => out.push(NoLongerRequired { id: id.clone() }),
        _ => {}
    }
    let (before, after) = (a.choices(), b.choices());
    // A change of type to or from yes-no already says the answers changed.
    if a.kind != FieldType::YesNo && b.kind != FieldType::YesNo {
        for option in &after {
            match before.iter().find(|o| o.value == option.value) {
                None => out.push(OptionAdded {
                    option: option.label.clone(),
                    field: b.label.clone(),
                }),
                Some(old) if old.label != option.label => out.push(OptionRelabelled {
                    field: b.label.clone(),
                    from: old.label.clone(),
                    to: option.label.clone(),
                }),
                Some(_) => {}
            }
        }
        for option in &before {
            if !after.iter().any(|o| o.value == option.value) {
                out.push(OptionRemoved {
                    option: option.label.clone(),
                    field: b.label.clone(),
                });
            }
        }
    }
    if (a.min, a.max) != (b.min, b.max) {
        out.push(RangeChanged {
            id: id.clone(),
            from: range_words(a),
            to: range_words(b),
        });
    }
    // Compare the conditions themselves, so relabelling the question a
    // condition names does not read as a change of condition.
    if a.show_if != b.show_if {
        out.push(ConditionChanged {
            label: b.label.clone(),
            before: condition_words(old, a.show_if.as_ref()),
            now: condition_words(new, b.show_if.as_ref()),
        });
    }
}

fn range_words(field: &Field) -> String {
    match (field.min, field.max) {
        (None, None) => "any number".into(),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (Some(min), Some(max)) => format!("{min} to {max}"),
    }
}

fn condition_words(form: &Form, cond: Option<&ShowIf>) -> String {
    let Some(cond) = cond else {
        return "always shown".into();
    };
    let (label, answer) = match form.field(&cond.field) {
        Some(f) => (
            f.label.clone(),
            f.choices()
                .into_iter()
                .find(|c| c.value == cond.equals)
                .map_or_else(|| cond.equals.clone(), |c| c.label),
        ),
        None => (cond.field.clone(), cond.equals.clone()),
    };
    format!("shown only if '{label}' is '{answer}'")
}

/// The changes as an HTML list for the change log; a sentence when there are none.
pub fn render_diff_html(changes: &[FieldChange]) -> String {
    if changes.is_empty() {
        return "<p class=\"wm-form-changes wm-form-changes--none\">No changes to the questions.</p>\n"
            .into();
    }
    let mut html = String::from("<ul class=\"wm-form-changes\">\n");
    for change in changes {
        html.push_str("<li>");
        html.push_str(&escape_html(&change.to_string()));
        html.push_str("</li>\n");
    }
    html.push_str("</ul>\n");
    html
}
