//! Tests for the forms engine, split by concern so each file stays short.

mod diff;
mod html;
mod parse;

use crate::diagnostics::Diagnostic;
use crate::yaml::Origin;

use super::{parse_form, Form};

pub(super) const FILE: &str = "content/forms/test.yaml";

/// Parses `text` as form `test`, starting at line 1.
pub(super) fn parse(text: &str) -> Result<Form, Vec<Diagnostic>> {
    parse_form(
        text,
        Origin {
            file: FILE,
            first_line: 1,
        },
        "test",
    )
}

/// Parses `text`, failing the test with the diagnostics if it is invalid.
pub(super) fn form(text: &str) -> Form {
    parse(text).unwrap_or_else(|errs| {
        panic!(
            "{}",
            errs.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

/// The single problem in `text`, failing if there is not exactly one.
pub(super) fn one_error(text: &str) -> Diagnostic {
    let errs = parse(text).expect_err("expected the form to be rejected");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    errs.into_iter().next().unwrap()
}

/// A valid form whose sections are `body` (already indented under `sections:`).
pub(super) fn with_sections(body: &str) -> String {
    format!("title: T\npurpose: P\nwho: W\nprivacy: X\nsections:\n{body}")
}

pub(super) const EXAMPLE: &str = r#"title: Probation feedback form (pink slip)
purpose: Why the form exists.
who: Probation, after sentence.
privacy: Counts only.
sections:
  - id: person
    title: About the person
    fields:
      - {id: ref, label: Case reference, type: text, required: true, hint: Not the person's name}
      - {id: dob, label: Date of birth, type: date}
      - {id: recommended, label: Was a CSTR recommended?, type: yes-no, required: true}
      - {id: reasons, label: Reasons not recommended, type: checkboxes, options: [Not eligible, Did not consent, Other], show_if: {field: recommended, equals: "no"}}
  - id: more
    title: More
    fields:
      - {id: weeks, label: Weeks, type: number, min: 1, max: 104}
      - {id: email, label: Email, type: email}
      - {id: notes, label: Notes, type: textarea}
      - id: pick
        label: Pick one
        type: select
        options:
          - {value: a, label: First}
          - {value: b, label: Second}
      - {id: how, label: How, type: radios, options: [Phone, Letter]}
"#;
