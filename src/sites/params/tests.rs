use super::*;

const FILE: &str = "sites/plymouth/pathway.md";

fn params() -> BTreeMap<String, String> {
    [
        ("mhtr_sessions", "12"),
        ("court", "Plymouth Magistrates' Court"),
        ("phone", "01752 000000"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn ok(text: &str) -> String {
    match substitute(text, &params(), FILE, 1) {
        Ok(out) => out,
        Err(errors) => panic!("unexpected errors: {errors:#?}"),
    }
}

fn errors(text: &str, first_line: usize) -> Vec<Diagnostic> {
    match substitute(text, &params(), FILE, first_line) {
        Ok(out) => panic!("expected errors, got {out:?}"),
        Err(errors) => errors,
    }
}

#[test]
fn names_are_replaced_with_or_without_spaces() {
    assert_eq!(
        ok("Up to {{ site.mhtr_sessions }} sessions at {{site.court}}; call {{  site.phone\t}}."),
        "Up to 12 sessions at Plymouth Magistrates' Court; call 01752 000000."
    );
    assert_eq!(ok("{{site.mhtr_sessions}}{{site.mhtr_sessions}}"), "1212");
    assert_eq!(
        ok("Ünïcode {{ site.court }} é"),
        "Ünïcode Plymouth Magistrates' Court é"
    );
}

#[test]
fn other_braces_are_left_alone() {
    let text =
        "{{ page.title }} and {{ sites.x }} and {{site}} and {{ }} and {{{ site.mhtr_sessions }}}";
    assert_eq!(
        ok(text),
        "{{ page.title }} and {{ sites.x }} and {{site}} and {{ }} and {12}"
    );
}

#[test]
fn code_is_left_alone() {
    let text = "Write `{{ site.mhtr_sessions }}` to show the number.\n\n```yaml\nsessions: {{ site.nope }}\n```\n\n    {{ site.nope }}\n\nNow {{ site.mhtr_sessions }}.\n";
    assert_eq!(
        ok(text),
        "Write `{{ site.mhtr_sessions }}` to show the number.\n\n```yaml\nsessions: {{ site.nope }}\n```\n\n    {{ site.nope }}\n\nNow 12.\n"
    );
}

#[test]
fn unknown_names_are_all_reported_with_positions_and_suggestions() {
    let errs = errors(
        "Intro.\n\nWe offer {{ site.mhtr_session }} sessions.\n\n`ok` then {{ site.zzz }}\n",
        7,
    );
    assert_eq!(errs.len(), 2);
    assert_eq!(
        (errs[0].file.as_str(), errs[0].position),
        (FILE, Position::new(9, 10))
    );
    assert_eq!(errs[0].message, "unknown site parameter `mhtr_session`");
    assert_eq!(
        errs[0].hint.as_deref(),
        Some("did you mean `mhtr_sessions`? this site defines `court`, `mhtr_sessions`, `phone`")
    );
    assert_eq!(errs[1].position, Position::new(11, 11));
    assert_eq!(
        errs[1].hint.as_deref(),
        Some("this site defines `court`, `mhtr_sessions`, `phone`")
    );
}

#[test]
fn no_parameters_at_all() {
    let errs = substitute("{{ site.x }}", &BTreeMap::new(), FILE, 1)
        .err()
        .unwrap_or_default();
    assert_eq!(errs.len(), 1);
    assert!(errs[0]
        .hint
        .as_deref()
        .unwrap_or_default()
        .contains("defines no parameters"));
}

#[test]
fn unclosed_references_are_errors() {
    for text in [
        "{{ site.phone",
        "{{ site.phone }",
        "{{ site.phone\n}}",
        "{{ site. }}",
        "{{ site.bad name }}",
    ] {
        let errs = errors(text, 3);
        assert_eq!(errs.len(), 1, "{text:?}");
        assert!(
            errs[0].message.starts_with("malformed site parameter"),
            "{text:?}"
        );
        assert_eq!(errs[0].position, Position::new(3, 1));
    }
}

#[test]
fn odd_input_does_not_panic() {
    for text in [
        "{{",
        "{",
        "{{ site.",
        "{{ site.é",
        "`{{ site.x",
        "```\n{{ site.x",
        "é{{ site.phone }}é",
    ] {
        let _ = substitute(text, &params(), FILE, 1);
    }
    assert_eq!(ok("é{{ site.phone }}é"), "é01752 000000é");
}
