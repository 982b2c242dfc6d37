//! Structured redlines on the compare page and in `waymark diff` (issue 17):
//! tables compared cell by cell, lists item by item, unchanged runs that can
//! be opened, and moved sections shown once with where they went.

mod common;

use common::*;

fn version(v: &str, effective: &str, body: &str) -> String {
    // Every later version must say what it changed (change-note coverage).
    let changes = if v == "1.0" {
        ""
    } else {
        "changes:\n  - id: rework\n    sections: [roles, steps, background, contacts]\n    summary: Roles, steps and background reworked; contacts moved first.\n"
    };
    format!(
        "---\ntitle: Test protocol\nversion: \"{v}\"\nstatus: approved\neffective: {effective}\napproved_by: Board\nsummary: Version {v}.\n{changes}---\n\n{body}"
    )
}

const OLD: &str = "\
## Roles

| Role | Duty |
|---|---|
| Lead | Plans the work |
| Clerk | Files papers |
| Porter | Opens doors |

## Steps

- Check consent
- Record weight in kg
  - Use the ward scales
- Sign the form

## Background

One.

Two.

Three.

Four.

Five.

Six changes here.

## Contacts

Call the office.
";

const NEW: &str = "\
## Contacts

Call the office.

## Roles

| Role | Duty | Cover |
|---|---|---|
| Lead | Plans and reviews the work | Deputy |
| Clerk | Files papers | Lead |
| Nurse | Gives care | Doctor |

## Steps

- Check consent
- Record weight in grams
  - Use the ward scales
- Sign the form
- Book a review

## Background

One.

Two.

Three.

Four.

Five.

Six edits here.
";

fn project() -> Project {
    Project::new()
        .file("content/doc/v1.0.md", &version("1.0", "2020-01-01", OLD))
        .file("content/doc/v1.1.md", &version("1.1", "2020-06-01", NEW))
}

fn row_texts(html: &scraper::Html, class: &str) -> Vec<String> {
    select_text(html, &format!("#diff-roles tr.wm-diff-row-{class}"))
}

#[test]
fn tables_are_compared_row_by_row_and_cell_by_cell() {
    let p = project();
    let built = p.build();
    built.assert_ok();
    let html = built.page("doc/compare-v1.0-v1.1.html");

    // A real table, inside a focusable, labelled scroll region.
    let wrap = html
        .select(&sel("#diff-roles .wm-table-wrap"))
        .next()
        .expect("scroll region");
    assert_eq!(wrap.value().attr("tabindex"), Some("0"));
    assert_eq!(wrap.value().attr("role"), Some("region"));
    assert!(wrap.value().attr("aria-label").is_some());

    // The added column is marked in the header, with words for screen readers.
    let header = select_text(&html, "#diff-roles thead th");
    assert_eq!(header[0], "Role");
    assert_eq!(header[2], "column added: inserted: Cover");
    assert_eq!(
        attr_all(&html, "#diff-roles thead th", "class"),
        ["wm-diff-col-same", "wm-diff-col-same", "wm-diff-col-added"]
    );

    // Rows: one edited inside a cell, one kept, one removed, one added.
    assert_eq!(
        row_texts(&html, "changed"),
        ["row changed: LeadPlans inserted: and reviews the workinserted: Deputy"]
    );
    assert_eq!(
        row_texts(&html, "same"),
        ["ClerkFiles papersinserted: Lead"]
    );
    assert_eq!(
        row_texts(&html, "removed"),
        ["row removed: deleted: Porterdeleted: Opens doors"]
    );
    assert_eq!(
        row_texts(&html, "added"),
        ["row added: inserted: Nurseinserted: Gives careinserted: Doctor"]
    );
    let edited = select_text(
        &html,
        "#diff-roles tr.wm-diff-row-changed td:nth-child(2) ins",
    );
    assert_eq!(edited, ["inserted: and reviews"]);
}

#[test]
fn lists_stay_lists_with_item_changes() {
    let built = project().build();
    let html = built.page("doc/compare-v1.0-v1.1.html");
    let items = select_text(&html, "#diff-steps ul.wm-diff-list > li");
    assert_eq!(items.len(), 4, "{items:?}");
    assert_eq!(
        attr_all(&html, "#diff-steps ul.wm-diff-list > li", "class"),
        [
            "wm-diff-item-same",
            "wm-diff-item-changed",
            "wm-diff-item-same",
            "wm-diff-item-added"
        ]
    );
    // Word-level inside the changed item; the nested item stays nested.
    let changed = html
        .select(&sel("#diff-steps li.wm-diff-item-changed"))
        .next()
        .unwrap();
    assert_eq!(
        select_in(changed, "del"),
        ["deleted: kg"],
        "{}",
        changed.html()
    );
    assert_eq!(select_in(changed, "ins"), ["inserted: grams"]);
    assert_eq!(
        select_text(&html, "#diff-steps ul.wm-diff-sublist > li"),
        ["Use the ward scales"]
    );
    assert_eq!(
        select_text(&html, "#diff-steps li.wm-diff-item-added"),
        ["item added: inserted: Book a review"]
    );
}

fn select_in(element: scraper::ElementRef<'_>, selector: &str) -> Vec<String> {
    element.select(&sel(selector)).map(text_of).collect()
}

#[test]
fn unchanged_runs_open_without_script() {
    let built = project().build();
    let html = built.page("doc/compare-v1.0-v1.1.html");
    let details = html
        .select(&sel("#diff-background details.wm-diff-elided"))
        .next()
        .expect("a disclosure for the unchanged paragraphs");
    assert_eq!(select_in(details, "summary"), ["4 unchanged paragraphs"]);
    assert_eq!(
        select_in(details, ".wm-diff-block"),
        ["One.", "Two.", "Three.", "Four."]
    );
    // The paragraph next to the change stays in view.
    assert_eq!(
        select_text(&html, "#diff-background > .wm-diff-same"),
        ["Five."]
    );
}

#[test]
fn a_moved_section_is_shown_once_with_where_it_went() {
    let built = project().build();
    let html = built.page("doc/compare-v1.0-v1.1.html");
    assert_eq!(html.select(&sel("[id=diff-contacts]")).count(), 1);
    assert_eq!(
        select_text(&html, "#diff-contacts .wm-diff-move-note"),
        ["Moved: was after \u{2018}Background\u{2019}, now first."]
    );
}

#[test]
fn terminal_diff_uses_the_same_structure() {
    let p = project();
    let run = p.run(&["diff", "doc", "1.0", "1.1"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let out = &run.stdout;
    let table = "\
~ | Role       | Duty                           | {+Cover+}  |
  |------------|--------------------------------|++++++++++++|
~ | Lead       | Plans {+and reviews+} the work | {+Deputy+} |
  | Clerk      | Files papers                   | {+Lead+}   |
- | [-Porter-] | [-Opens doors-]                |            |
+ | {+Nurse+}  | {+Gives care+}                 | {+Doctor+} |";
    assert!(out.contains(table), "{out}");
    assert!(
        out.contains("\u{2022} Record weight in [-kg-]{+grams+}\n  \u{2022} Use the ward scales"),
        "{out}"
    );
    assert!(out.contains("\u{2022} {+Book a review+}"), "{out}");
}
