//! The rendered HTML: labels, hints, fieldsets, unique ids, no inline code.

use std::collections::HashSet;

use scraper::{Html, Selector};

use super::{form, with_sections, EXAMPLE};
use crate::forms::render_form_html;

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn page() -> (String, Html) {
    let html = render_form_html(&form(EXAMPLE), "pf-");
    let doc = Html::parse_fragment(&html);
    (html, doc)
}

#[test]
fn every_control_has_exactly_one_label() {
    let (_, doc) = page();
    let controls: Vec<_> = doc.select(&sel("input, select, textarea")).collect();
    assert!(controls.len() > 10);
    for control in controls {
        let id = control.value().attr("id").expect("every control has an id");
        let labels = doc
            .select(&sel("label"))
            .filter(|l| l.value().attr("for") == Some(id))
            .count();
        assert_eq!(labels, 1, "control #{id} has {labels} labels");
    }
}

#[test]
fn ids_are_unique_and_prefixed() {
    let (_, doc) = page();
    let mut seen = HashSet::new();
    for el in doc.select(&sel("[id]")) {
        let id = el.value().attr("id").unwrap();
        assert!(id.starts_with("pf-"), "{id}");
        assert!(seen.insert(id.to_string()), "duplicate id {id}");
    }
}

#[test]
fn hints_and_conditions_are_referenced_by_aria_describedby() {
    let (_, doc) = page();
    let hint = doc.select(&sel("#pf-ref--hint")).next().unwrap();
    assert_eq!(hint.text().collect::<String>(), "Not the person's name");
    let input = doc.select(&sel("#pf-ref")).next().unwrap();
    assert_eq!(input.value().attr("aria-describedby"), Some("pf-ref--hint"));
    for el in doc.select(&sel("[aria-describedby]")) {
        for id in el.value().attr("aria-describedby").unwrap().split(' ') {
            assert!(doc.select(&sel(&format!("#{id}"))).next().is_some(), "{id}");
        }
    }
    // Every hint is described by something.
    for hint in doc.select(&sel(".wm-hint")) {
        let id = hint.value().attr("id").unwrap();
        assert!(doc.select(&sel("[aria-describedby]")).any(|e| e
            .value()
            .attr("aria-describedby")
            .unwrap()
            .split(' ')
            .any(|x| x == id)));
    }
}

#[test]
fn choices_are_fieldsets_with_legends() {
    let (_, doc) = page();
    for kind in ["radios", "checkboxes", "yes-no"] {
        let group = doc
            .select(&sel(&format!("[data-wm-type=\"{kind}\"]")))
            .next()
            .unwrap();
        let fieldset = group.select(&sel("fieldset")).next().expect(kind);
        let legend = fieldset.first_child().and_then(scraper::ElementRef::wrap);
        let legend = legend
            .or_else(|| fieldset.select(&sel("legend")).next())
            .unwrap();
        assert_eq!(legend.value().name(), "legend");
        assert!(fieldset.select(&sel("label")).count() >= 2);
    }
    let yes_no = doc
        .select(&sel("#pf-recommended--group legend"))
        .next()
        .unwrap();
    assert_eq!(
        yes_no.text().collect::<String>(),
        "Was a CSTR recommended? (required)"
    );
    // Sections are fieldsets with a heading in the legend.
    assert_eq!(
        doc.select(&sel("fieldset.wm-form-section > legend h2"))
            .count(),
        2
    );
}

#[test]
fn conditional_fields_are_marked_and_visible_without_script() {
    let (_, doc) = page();
    let group = doc.select(&sel("#pf-reasons--group")).next().unwrap();
    assert_eq!(
        group.value().attr("data-show-if-field"),
        Some("recommended")
    );
    assert_eq!(group.value().attr("data-show-if-value"), Some("no"));
    assert!(group.value().attr("hidden").is_none());
    let cond = doc.select(&sel("#pf-reasons--cond")).next().unwrap();
    assert!(cond
        .text()
        .collect::<String>()
        .contains("“Was a CSTR recommended?” is “No”"));
}

#[test]
fn required_is_written_and_script_parts_start_hidden() {
    let (_, doc) = page();
    let label = doc.select(&sel("label[for=pf-ref]")).next().unwrap();
    assert_eq!(
        label.text().collect::<String>(),
        "Case reference (required)"
    );
    let form = doc.select(&sel("form.wm-form")).next().unwrap();
    assert_eq!(form.value().attr("data-wm-form"), Some("test"));
    assert!(form.value().attr("novalidate").is_some());
    let summary = doc.select(&sel(".wm-error-summary")).next().unwrap();
    assert_eq!(summary.value().attr("role"), Some("alert"));
    assert_eq!(summary.value().attr("tabindex"), Some("-1"));
    assert!(summary.value().attr("hidden").is_some());
    for el in doc.select(&sel("[data-wm-js], .wm-error-message")) {
        assert!(el.value().attr("hidden").is_some());
    }
    let actions: Vec<_> = doc
        .select(&sel("[data-wm-action]"))
        .map(|b| b.value().attr("data-wm-action").unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "open",
            "print-blank",
            "check",
            "save",
            "csv",
            "print",
            "clear"
        ]
    );
    // No control submits the form: without JavaScript nothing is sent.
    assert_eq!(
        doc.select(&sel("button:not([type=button]), input[type=submit]"))
            .count(),
        0
    );
}

#[test]
fn no_inline_style_or_script() {
    let (html, doc) = page();
    assert!(!html.contains("style="));
    assert!(!html.to_lowercase().contains("<script"));
    for el in doc.select(&sel("*")) {
        for (name, _) in el.value().attrs() {
            assert!(!name.starts_with("on"), "event handler attribute {name}");
        }
    }
    assert_eq!(doc.select(&sel("[style], script")).count(), 0);
}

#[test]
fn field_types_render_as_expected() {
    let (_, doc) = page();
    let attr = |s: &str, a: &str| {
        doc.select(&sel(s))
            .next()
            .unwrap()
            .value()
            .attr(a)
            .map(str::to_string)
    };
    // A date is three boxes (day, month, year) in a fieldset; the day box has the field's id.
    assert_eq!(attr("#pf-dob", "type").as_deref(), Some("text"));
    assert_eq!(attr("#pf-dob", "data-wm-date-part").as_deref(), Some("day"));
    assert_eq!(
        attr("#pf-dob--month", "inputmode").as_deref(),
        Some("numeric")
    );
    assert_eq!(attr("#pf-dob--year", "maxlength").as_deref(), Some("4"));
    assert_eq!(
        doc.select(&sel(
            "#pf-dob--group fieldset[role=group] .wm-date-input__input"
        ))
        .count(),
        3
    );
    assert!(doc
        .select(&sel("#pf-dob--group legend"))
        .next()
        .is_some_and(|l| l.text().collect::<String>().contains("Date of birth")));
    assert_eq!(attr("#pf-email", "type").as_deref(), Some("email"));
    assert_eq!(attr("#pf-weeks", "inputmode").as_deref(), Some("decimal"));
    assert_eq!(
        attr("#pf-weeks--group", "data-wm-max").as_deref(),
        Some("104")
    );
    assert!(doc.select(&sel("textarea#pf-notes")).next().is_some());
    assert_eq!(doc.select(&sel("select#pf-pick option")).count(), 3);
    assert!(
        doc.select(&sel("#pf-pick--2")).next().is_none(),
        "select options have no ids"
    );
    assert_eq!(attr("#pf-how--2", "value").as_deref(), Some("Letter"));
    assert_eq!(attr("#pf-recommended--2", "value").as_deref(), Some("no"));
    assert_eq!(attr("#pf-reasons", "type").as_deref(), Some("checkbox"));
    assert!(attr("#pf-reasons", "required").is_none());
    assert!(attr("#pf-recommended", "required").is_some());
}

#[test]
fn everything_from_the_author_is_escaped() {
    let f = form(&with_sections(
        "  - id: s\n    title: \"<b>S</b>\"\n    fields:\n      - {id: r, label: \"Say \\\"hi\\\" <script>alert(1)</script>\", type: radios, hint: \"a & b\", options: [{value: \"x\\\"><img src=x onerror=alert(1)>\", label: \"<i>X</i>\"}]}\n",
    ));
    let mut f = f;
    f.title = "T \"q\" <x>".into();
    f.id = "id\"><x".into();
    let html = render_form_html(&f, "p\"x-");
    assert!(!html.contains("<script>"));
    assert!(!html.contains("<img"));
    assert!(!html.contains("<b>"));
    assert!(!html.contains("<i>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("a &amp; b"));
    assert!(html.contains("value=\"x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""));
    assert!(html.contains("data-wm-form=\"id&quot;&gt;&lt;x\""));
    assert!(html.contains("id=\"p&quot;x-r\""));
}

#[test]
fn version_is_carried_for_saved_files() {
    let mut f = form(EXAMPLE);
    f.shown_version = Some("1.2".into());
    assert!(render_form_html(&f, "").contains("data-wm-form-version=\"1.2\""));
}
