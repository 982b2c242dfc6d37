//! Parsing and every validation error, each at the line an author would fix.

use super::{form, one_error, parse, with_sections, EXAMPLE, FILE};
use crate::forms::{FieldOption, FieldType};

#[test]
fn parses_the_documented_example() {
    let f = form(EXAMPLE);
    assert_eq!(f.id, "test");
    assert_eq!(f.sections.len(), 2);
    let reasons = f.field("reasons").unwrap();
    assert_eq!(reasons.kind, FieldType::Checkboxes);
    assert_eq!(reasons.choices().len(), 3);
    let cond = reasons.show_if.as_ref().unwrap();
    assert_eq!(
        (cond.field.as_str(), cond.equals.as_str()),
        ("recommended", "no")
    );
    assert!(f.field("ref").unwrap().required);
    assert_eq!(f.field("weeks").unwrap().max, Some(104.0));
    assert_eq!(
        f.field("pick").unwrap().choices()[1],
        FieldOption {
            value: "b".into(),
            label: "Second".into()
        }
    );
    assert_eq!(f.field("recommended").unwrap().choices()[0].value, "yes");
}

#[test]
fn scalars_are_read_as_the_text_written() {
    let f = form(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - {id: n, label: 2024, type: radios, options: [1, 2.5, true, no]}\n      - {id: m, label: M, type: text, show_if: {field: n, equals: 1}}\n",
    ));
    let values: Vec<String> = f
        .field("n")
        .unwrap()
        .choices()
        .into_iter()
        .map(|c| c.value)
        .collect();
    assert_eq!(values, ["1", "2.5", "true", "no"]);
    assert_eq!(f.field("n").unwrap().label, "2024");
    assert_eq!(f.field("m").unwrap().show_if.as_ref().unwrap().equals, "1");
}

#[test]
fn shipped_forms_are_valid() {
    for name in [
        "probation-pink-slip/v1.0",
        "probation-pink-slip/v1.1",
        "sentencer-pink-slip",
        "mhtr-referral",
    ] {
        let path = format!("{}/content/forms/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        let f = form(&text);
        assert!(f.fields().count() >= 10, "{name}");
        // Every conditional question in the shipped forms must be reachable.
        assert!(f.fields().any(|(_, x)| x.show_if.is_some()), "{name}");
    }
}

#[test]
fn duplicate_field_ids_across_sections() {
    let d = one_error(&with_sections(
        "  - id: a\n    title: A\n    fields:\n      - {id: dob, label: X, type: date}\n  - id: b\n    title: B\n    fields:\n      - {id: dob, label: Y, type: date}\n",
    ));
    assert_eq!(d.file, FILE);
    assert_eq!(d.position.line, 13);
    assert_eq!(d.position.column, 10);
    assert!(d.message.contains("duplicate id `dob`"), "{}", d.message);
    assert!(d.hint.unwrap().contains("line 9"));
}

#[test]
fn a_field_may_not_reuse_a_section_id() {
    let d = one_error(&with_sections(
        "  - id: person\n    title: A\n    fields:\n      - id: x\n        label: X\n        type: text\n      - id: person\n        label: Y\n        type: text\n",
    ));
    assert_eq!(d.position.line, 12);
    assert!(d.message.contains("duplicate id `person`"));
}

#[test]
fn show_if_naming_an_unknown_field() {
    let d = one_error(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - {id: recommended, label: R, type: yes-no}\n      - id: why\n        label: Why\n        type: text\n        show_if:\n          field: recomended\n          equals: \"no\"\n",
    ));
    assert_eq!(d.position.line, 14, "{d}");
    assert!(
        d.message.contains("`recomended`, which is not a field"),
        "{}",
        d.message
    );
    assert_eq!(d.hint.as_deref(), Some("did you mean `recommended`?"));
}

#[test]
fn show_if_value_the_field_cannot_take() {
    let d = one_error(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - {id: how, label: How, type: radios, options: [Phone, Letter]}\n      - id: number\n        label: Number\n        type: text\n        show_if:\n          field: how\n          equals: phone\n",
    ));
    assert_eq!(d.position.line, 15, "{d}");
    assert!(d.message.contains("to be `phone`, which it can never be"));
    assert!(d.hint.unwrap().contains("did you mean `Phone`?"));

    let d = one_error(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - {id: ok, label: OK, type: yes-no}\n      - {id: why, label: Why, type: text, show_if: {field: ok, equals: true}}\n",
    ));
    assert_eq!(d.position.line, 10);
    assert!(d.hint.unwrap().contains("yes, no"));
}

#[test]
fn show_if_must_name_an_earlier_question_with_fixed_answers() {
    let d = one_error(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - {id: why, label: Why, type: text, show_if: {field: ok, equals: \"yes\"}}\n      - {id: ok, label: OK, type: yes-no}\n",
    ));
    assert_eq!(d.position.line, 9);
    assert!(d.message.contains("which comes after it"));

    let d = one_error(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - {id: name, label: N, type: text}\n      - {id: why, label: Why, type: text, show_if: {field: name, equals: x}}\n",
    ));
    assert!(
        d.message.contains("a text question with no fixed answers"),
        "{}",
        d.message
    );

    let d = one_error(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - {id: me, label: Me, type: yes-no, show_if: {field: me, equals: \"yes\"}}\n",
    ));
    assert!(d.message.contains("names itself"));
}

#[test]
fn options_missing_or_empty() {
    let d = one_error(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - id: pick\n        label: Pick\n        type: select\n",
    ));
    assert_eq!(d.position.line, 9);
    assert!(d.message.contains("a select question but has no `options`"));

    let d = one_error(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - id: pick\n        label: Pick\n        type: radios\n        options: []\n",
    ));
    assert_eq!(d.position.line, 12);
    assert!(d.message.contains("empty `options`"));
}

#[test]
fn options_given_to_a_type_that_takes_none() {
    let d = one_error(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - id: t\n        label: T\n        type: text\n        options: [A]\n",
    ));
    assert_eq!(d.position.line, 12);
    assert_eq!(d.position.column, 9);
    assert!(d
        .message
        .contains("a text question, which takes no `options`"));

    let d = one_error(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - {id: y, label: Y, type: yes-no, options: [Yes, No, Maybe]}\n",
    ));
    assert_eq!(d.position.line, 9);
    assert!(d.hint.unwrap().contains("use `radios`"));
}

#[test]
fn repeated_options_and_bad_ranges() {
    let d = one_error(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - {id: c, label: C, type: checkboxes, options: [A, B, A]}\n",
    ));
    assert!(d.message.contains("offers the option `A` twice"));

    let errs = parse(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - id: t\n        label: T\n        type: text\n        min: 3\n      - id: n\n        label: N\n        type: number\n        min: 10\n        max: 1\n",
    ))
    .unwrap_err();
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_eq!(errs[0].position.line, 12);
    assert!(errs[0].message.contains("`min` applies only to numbers"));
    assert_eq!(errs[1].position.line, 16);
    assert!(errs[1].message.contains("greater than `max`"));
}

#[test]
fn unknown_type_suggests_the_nearest() {
    let d = one_error(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - id: c\n        label: C\n        type: chekboxes\n",
    ));
    assert_eq!(d.position.line, 11);
    assert!(
        d.message.contains("unknown variant `chekboxes`"),
        "{}",
        d.message
    );
    assert!(d.hint.unwrap().contains("did you mean `checkboxes`"));
}

#[test]
fn unknown_keys_are_errors_everywhere() {
    let d = one_error(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - id: c\n        label: C\n        type: text\n        requried: true\n",
    ));
    assert_eq!(d.position.line, 12);
    assert!(d.hint.unwrap().contains("did you mean `required`"));

    let d = one_error(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - {id: r, label: R, type: radios, options: [{value: a, lable: A}]}\n",
    ));
    assert!(d.message.contains("unknown field `lable`"), "{}", d.message);

    let d = one_error("title: T\npurpose: P\nwho: W\nprivacy: X\nsummary: S\nsections: []\n");
    assert_eq!(d.position.line, 5);
}

#[test]
fn ids_must_be_plain() {
    let d = one_error(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - {id: Date--Of-Birth, label: D, type: date}\n",
    ));
    assert_eq!(d.position.line, 9);
    assert!(d.message.contains("not a valid id"));
}

#[test]
fn empty_forms_and_sections() {
    let errs = parse(&with_sections("  - id: s\n    title: S\n    fields: []\n")).unwrap_err();
    assert!(errs[0].message.contains("section `s` has no fields"));
    assert_eq!(errs[0].position.line, 6);
    let d = one_error("title: T\npurpose: P\nwho: W\nprivacy: X\nsections: []\n");
    assert!(d.message.contains("no sections"));
}

#[test]
fn lines_count_from_the_origin() {
    let errs = crate::forms::parse_form(
        &with_sections(
            "  - id: s\n    title: S\n    fields:\n      - {id: p, label: P, type: select}\n",
        ),
        crate::yaml::Origin {
            file: FILE,
            first_line: 3,
        },
        "test",
    )
    .unwrap_err();
    assert_eq!(errs[0].position.line, 11);
}

#[test]
fn all_problems_are_reported_together() {
    let errs = parse(&with_sections(
        "  - id: s\n    title: S\n    fields:\n      - {id: a, label: A, type: select}\n      - {id: a, label: B, type: text, options: [X]}\n",
    ))
    .unwrap_err();
    assert_eq!(errs.len(), 3, "{errs:#?}");
}
