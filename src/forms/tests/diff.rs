//! Field-level diff wording.

use super::{form, EXAMPLE};
use crate::forms::{diff_forms, render_diff_html, FieldChange};

fn changes(new_text: &str) -> Vec<String> {
    diff_forms(&form(EXAMPLE), &form(new_text))
        .iter()
        .map(FieldChange::to_string)
        .collect()
}

#[test]
fn identical_forms_have_no_changes() {
    assert!(changes(EXAMPLE).is_empty());
    assert_eq!(
        render_diff_html(&[]),
        "<p class=\"wm-form-changes wm-form-changes--none\">No changes to the questions.</p>\n"
    );
}

#[test]
fn describes_each_kind_of_change() {
    let new = EXAMPLE
        .replace("      - {id: dob, label: Date of birth, type: date}\n", "")
        .replace(
            "label: Case reference, type: text, required: true",
            "label: Reference number, type: text, required: true",
        )
        .replace("[Not eligible, Did not consent, Other]", "[Not eligible, Did not consent, Other, No treatment]")
        .replace("{id: weeks, label: Weeks, type: number, min: 1, max: 104}", "{id: weeks, label: Weeks, type: date}")
        .replace("{id: email, label: Email, type: email}", "{id: email, label: Email, type: email, required: true}")
        .replace(
            "{id: notes, label: Notes, type: textarea}",
            "{id: notes, label: Notes, type: textarea, show_if: {field: recommended, equals: \"yes\"}}",
        )
        .replace("{value: b, label: Second}", "{value: b, label: Runner-up}")
        .replace("options: [Phone, Letter]", "options: [Phone]")
        .replace(
            "      - {id: recommended,",
            "      - {id: risk, label: Risk notes, type: textarea}\n      - {id: recommended,",
        );
    let got = changes(&new);
    let want = [
        "label of 'ref' changed from 'Case reference' to 'Reference number'",
        "field 'Risk notes' added to section 'About the person'",
        "option 'No treatment' added to 'Reasons not recommended'",
        "type of 'weeks' changed from number to date",
        "allowed range of 'weeks' changed from 1 to 104 to any number",
        "'email' is now required",
        "condition changed on 'Notes': shown only if 'Was a CSTR recommended?' is 'Yes' (was: always shown)",
        "option 'Second' of 'Pick one' renamed to 'Runner-up'",
        "option 'Letter' removed from 'How'",
        "field 'Date of birth' removed",
    ];
    // Order: new form's reading order, removals last.
    let want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
    let mut got_sorted = got.clone();
    got_sorted.sort();
    let mut want_sorted = want.clone();
    want_sorted.sort();
    assert_eq!(got_sorted, want_sorted, "{got:#?}");
    assert_eq!(got.last().unwrap(), "field 'Date of birth' removed");
}

#[test]
fn sections_moves_and_requirements() {
    let new = EXAMPLE
        .replace("title: About the person", "title: The person")
        .replace("required: true, hint: Not", "hint: Not")
        .replace("      - {id: dob, label: Date of birth, type: date}\n", "")
        .replace(
            "    fields:\n      - {id: weeks",
            "    fields:\n      - {id: dob, label: Date of birth, type: date}\n      - {id: weeks",
        )
        .replace("purpose: Why the form exists.", "purpose: Something else.");
    let got = changes(&new);
    assert_eq!(
        got,
        [
            "purpose changed",
            "title of section 'person' changed from 'About the person' to 'The person'",
            "'ref' is no longer required",
            "field 'Date of birth' moved from section 'About the person' to section 'More'",
        ]
    );
}

#[test]
fn relabelling_a_controller_is_not_a_condition_change() {
    let new = EXAMPLE.replace(
        "label: Was a CSTR recommended?",
        "label: Did you recommend a CSTR?",
    );
    assert_eq!(
        changes(&new),
        ["label of 'recommended' changed from 'Was a CSTR recommended?' to 'Did you recommend a CSTR?'"]
    );
}

#[test]
fn html_list_is_escaped() {
    let new = EXAMPLE.replace("label: Notes,", "label: \"<Notes> & more\",");
    let html = render_diff_html(&diff_forms(&form(EXAMPLE), &form(&new)));
    assert_eq!(
        html,
        "<ul class=\"wm-form-changes\">\n<li>label of &#39;notes&#39; changed from &#39;Notes&#39; to &#39;&lt;Notes&gt; &amp; more&#39;</li>\n</ul>\n"
    );
}
