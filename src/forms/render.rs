//! A form as HTML, following GOV.UK form patterns.
//!
//! The page must work three ways: read by a screen reader, filled in with
//! `forms.js`, and printed blank without any script. So every control has
//! exactly one `<label for>`; hints are tied in with `aria-describedby`;
//! radios and checkboxes sit in their own `<fieldset>` with a `<legend>`;
//! "(required)" is written in the label, not shown by colour; conditional
//! questions are always in the markup (with a written condition) and only
//! the script hides them; and every control that needs the script carries
//! `hidden` until the script removes it. The page's CSP forbids inline
//! style and script, so there are none: the script finds its hooks through
//! `data-wm-*` attributes. Everything from the author is escaped.
//!
//! Element ids are `<prefix><field id>`; derived ids add a `--` suffix
//! (`--hint`, `--error`, `--2`), and form-wide ones start with `--`. Field
//! ids never contain `--` (see `validate::is_valid_id`), so none can clash.

use std::fmt::Write;

use crate::html::escape_html as esc;

use super::model::{Field, FieldType, Form, Section};

/// The form `form` as an HTML fragment, every id starting with `id_prefix`.
pub fn render_form_html(form: &Form, id_prefix: &str) -> String {
    let p = esc(id_prefix);
    let mut h = String::with_capacity(4096);
    intro(&mut h, form);
    let version = form
        .shown_version
        .as_deref()
        .map(|v| format!(" data-wm-form-version=\"{}\"", esc(v)))
        .unwrap_or_default();
    let _ = writeln!(
        h,
        "<form class=\"wm-form\" id=\"{p}--form\" data-wm-form=\"{}\"{version} \
         data-wm-form-title=\"{}\" aria-label=\"{}\" novalidate autocomplete=\"off\">",
        esc(&form.id),
        esc(&form.title),
        esc(&form.title)
    );
    let _ = writeln!(
        h,
        "<div class=\"wm-error-summary\" id=\"{p}--errors\" role=\"alert\" tabindex=\"-1\" \
         aria-labelledby=\"{p}--errors-title\" hidden>\n\
         <h2 class=\"wm-error-summary__title\" id=\"{p}--errors-title\">There is a problem</h2>\n\
         <ul class=\"wm-error-summary__list\"></ul>\n</div>"
    );
    let _ = writeln!(
        h,
        "<div class=\"wm-form-toolbar\" data-wm-js hidden>\n\
         <span class=\"wm-file-button\"><input class=\"wm-file-button__input\" type=\"file\" \
         id=\"{p}--open\" accept=\".json,application/json\" data-wm-action=\"open\">\
         <label class=\"wm-button wm-button--secondary wm-file-button__label\" for=\"{p}--open\">\
         Open a saved form</label></span>\n{}</div>",
        button("print-blank", "Print blank", "secondary")
    );
    for section in &form.sections {
        render_section(&mut h, form, section, &p);
    }
    let _ = writeln!(
        h,
        "<div class=\"wm-form-actions\" data-wm-js hidden>\n{}{}{}{}{}</div>",
        button("check", "Check answers", "primary"),
        button("save", "Save to a file", "secondary"),
        button("csv", "Download as CSV", "secondary"),
        button("print", "Print", "secondary"),
        button("clear", "Clear form", "warning"),
    );
    h.push_str("</form>\n");
    let _ = writeln!(
        h,
        "<p class=\"wm-form-status\" id=\"{p}--status\" role=\"status\" data-wm-status-for=\"{p}--form\"></p>"
    );
    h
}

fn intro(h: &mut String, form: &Form) {
    let _ = writeln!(
        h,
        "<div class=\"wm-form-intro\">\n<p class=\"wm-lead\">{}</p>\n\
         <p><strong>Who completes it:</strong> {}</p>\n\
         <div class=\"wm-inset wm-form-privacy\">\n<p><strong>Privacy:</strong> {}</p>\n\
         <p class=\"wm-no-print\">Your answers stay in this browser tab. They are not sent \
         anywhere and the browser does not keep them: save them to a file if you need to come \
         back to them.</p>\n</div>\n</div>",
        esc(&form.purpose),
        esc(&form.who),
        esc(&form.privacy)
    );
}

fn button(action: &str, text: &str, style: &str) -> String {
    let class = match style {
        "primary" => "wm-button".to_string(),
        other => format!("wm-button wm-button--{other}"),
    };
    format!(
        "<button type=\"button\" class=\"{class}\" data-wm-action=\"{action}\">{text}</button>\n"
    )
}

fn render_section(h: &mut String, form: &Form, section: &Section, p: &str) {
    let _ = writeln!(
        h,
        "<fieldset class=\"wm-form-section\" id=\"{p}{}\">\n\
         <legend class=\"wm-form-section__legend\"><h2 class=\"wm-form-section__title\">{}</h2></legend>",
        esc(&section.id),
        esc(&section.title)
    );
    for field in &section.fields {
        render_field(h, form, field, p);
    }
    h.push_str("</fieldset>\n");
}

fn render_field(h: &mut String, form: &Form, field: &Field, p: &str) {
    let id = format!("{p}{}", esc(&field.id));
    let label = esc(&field.label);
    let required = if field.required {
        " <span class=\"wm-required\">(required)</span>"
    } else {
        ""
    };

    // The group carries what the script needs to check and fill the field.
    let _ = write!(
        h,
        "<div class=\"wm-form-group\" id=\"{id}--group\" data-wm-field=\"{}\" data-wm-type=\"{}\" \
         data-wm-label=\"{label}\"",
        esc(&field.id),
        field.kind
    );
    if field.required {
        h.push_str(" data-wm-required");
    }
    if let Some(min) = field.min {
        let _ = write!(h, " data-wm-min=\"{min}\"");
    }
    if let Some(max) = field.max {
        let _ = write!(h, " data-wm-max=\"{max}\"");
    }
    if let Some(cond) = &field.show_if {
        let _ = write!(
            h,
            " data-show-if-field=\"{}\" data-show-if-value=\"{}\"",
            esc(&cond.field),
            esc(&cond.equals)
        );
    }
    h.push_str(">\n");

    // Hints and the written condition, referenced from the control.
    let mut notes = String::new();
    let mut described = Vec::new();
    if let Some(hint) = &field.hint {
        let _ = writeln!(
            notes,
            "<p class=\"wm-hint\" id=\"{id}--hint\">{}</p>",
            esc(hint)
        );
        described.push(format!("{id}--hint"));
    }
    if let Some(text) = condition_text(form, field) {
        let _ = writeln!(
            notes,
            "<p class=\"wm-hint wm-condition\" id=\"{id}--cond\">{}</p>",
            esc(&text)
        );
        described.push(format!("{id}--cond"));
    }
    let _ = writeln!(
        notes,
        "<p class=\"wm-error-message\" id=\"{id}--error\" hidden></p>"
    );
    let describedby = if described.is_empty() {
        String::new()
    } else {
        format!(" aria-describedby=\"{}\"", described.join(" "))
    };
    let req_attr = if field.required { " required" } else { "" };

    if field.kind.is_choice_group() {
        let _ = writeln!(
            h,
            "<fieldset class=\"wm-fieldset\"{describedby}>\n\
             <legend class=\"wm-fieldset__legend\">{label}{required}</legend>"
        );
        h.push_str(&notes);
        let (kind, input_type) = if field.kind == FieldType::Checkboxes {
            ("checkboxes", "checkbox")
        } else {
            ("radios", "radio")
        };
        let inline = if field.kind == FieldType::YesNo {
            format!(" wm-{kind}--inline")
        } else {
            String::new()
        };
        let _ = writeln!(h, "<div class=\"wm-{kind}{inline}\">");
        // Radios share the group's `required`; a checkbox's would mean "tick this one".
        let option_req = if input_type == "radio" { req_attr } else { "" };
        for (n, choice) in field.choices().iter().enumerate() {
            let option_id = option_id(&id, n);
            let _ = writeln!(
                h,
                "<div class=\"wm-{kind}__item\"><input class=\"wm-{kind}__input\" type=\"{input_type}\" \
                 id=\"{option_id}\" name=\"{id}\" value=\"{}\"{option_req}>\
                 <label class=\"wm-{kind}__label\" for=\"{option_id}\">{}</label></div>",
                esc(&choice.value),
                esc(&choice.label)
            );
        }
        h.push_str("</div>\n</fieldset>\n</div>\n");
        return;
    }

    if field.kind == FieldType::Date {
        render_date(h, &id, &label, required, &notes, &described, req_attr);
        return;
    }

    let _ = writeln!(
        h,
        "<label class=\"wm-label\" for=\"{id}\">{label}{required}</label>"
    );
    h.push_str(&notes);
    let common = format!("id=\"{id}\" name=\"{id}\"{describedby}{req_attr}");
    match field.kind {
        FieldType::Textarea => {
            let _ = writeln!(
                h,
                "<textarea class=\"wm-textarea\" {common} rows=\"4\"></textarea>"
            );
        }
        FieldType::Select => {
            let _ = writeln!(h, "<select class=\"wm-select\" {common}>");
            h.push_str("<option value=\"\">Choose an answer</option>\n");
            for choice in field.choices() {
                let _ = writeln!(
                    h,
                    "<option value=\"{}\">{}</option>",
                    esc(&choice.value),
                    esc(&choice.label)
                );
            }
            h.push_str("</select>\n");
            // On paper a closed select shows nothing: print the choices instead.
            h.push_str("<ul class=\"wm-print-choices\" aria-hidden=\"true\">\n");
            for choice in field.choices() {
                let _ = writeln!(
                    h,
                    "<li data-value=\"{}\">{}</li>",
                    esc(&choice.value),
                    esc(&choice.label)
                );
            }
            h.push_str("</ul>\n");
        }
        kind => {
            let attrs = match kind {
                FieldType::Number => {
                    "type=\"text\" inputmode=\"decimal\" spellcheck=\"false\" \
                     class=\"wm-input wm-input--number\""
                }
                FieldType::Email => "type=\"email\" spellcheck=\"false\" class=\"wm-input\"",
                _ => "type=\"text\" class=\"wm-input\"",
            };
            let _ = writeln!(h, "<input {attrs} {common}>");
        }
    }
    h.push_str("</div>\n");
}

/// A date as three boxes, day, month and year, in a fieldset (the GOV.UK
/// date input pattern): easier to type on a phone than a date picker, the
/// same on every browser, and it prints as three boxes to fill in by hand.
/// The day box takes the field's own id, so the error summary links to it;
/// the script saves the three boxes as one `YYYY-MM-DD` answer.
fn render_date(
    h: &mut String,
    id: &str,
    label: &str,
    required: &str,
    notes: &str,
    described: &[String],
    req_attr: &str,
) {
    let mut described = described.to_vec();
    described.push(format!("{id}--example"));
    let _ = writeln!(
        h,
        "<fieldset class=\"wm-fieldset\" role=\"group\" aria-describedby=\"{}\">\n\
         <legend class=\"wm-fieldset__legend\">{label}{required}</legend>",
        described.join(" ")
    );
    let _ = writeln!(
        h,
        "<p class=\"wm-hint\" id=\"{id}--example\">For example, 27 3 2024</p>"
    );
    h.push_str(notes);
    h.push_str("<div class=\"wm-date-input\">\n");
    for (part, part_label, width, box_id) in [
        ("day", "Day", 2, id.to_string()),
        ("month", "Month", 2, format!("{id}--month")),
        ("year", "Year", 4, format!("{id}--year")),
    ] {
        let _ = writeln!(
            h,
            "<div class=\"wm-date-input__item\"><label class=\"wm-label wm-date-input__label\" for=\"{box_id}\">{part_label}</label>\
             <input class=\"wm-input wm-date-input__input wm-input--width-{width}\" type=\"text\" inputmode=\"numeric\" \
             id=\"{box_id}\" name=\"{id}-{part}\" data-wm-date-part=\"{part}\" maxlength=\"{width}\"{req_attr}></div>"
        );
    }
    h.push_str("</div>\n</fieldset>\n</div>\n");
}

/// The id of a choice's input: the first takes the field's own id, so the
/// error summary can always link to `#<prefix><field id>`.
fn option_id(field_id: &str, n: usize) -> String {
    if n == 0 {
        field_id.to_string()
    } else {
        format!("{field_id}--{}", n + 1)
    }
}

/// The condition in words, so a printed blank form and a page without
/// JavaScript still tell the reader when to answer.
fn condition_text(form: &Form, field: &Field) -> Option<String> {
    let cond = field.show_if.as_ref()?;
    let controller = form.field(&cond.field)?;
    let answer = controller
        .choices()
        .into_iter()
        .find(|c| c.value == cond.equals)
        .map_or_else(|| cond.equals.clone(), |c| c.label);
    Some(if controller.kind == FieldType::Checkboxes {
        format!(
            "Answer this if you ticked “{answer}” for “{}”.",
            controller.label
        )
    } else {
        format!(
            "Answer this if the answer to “{}” is “{answer}”.",
            controller.label
        )
    })
}
