//! Whole-pipeline tests: what a reviewer would see for realistic edits.

use super::*;

const BASE: &str = "\
Opening words for the protocol.

## Eligibility

Adults aged 18 or over.

## Assessment {#assessment}

Weigh the patient daily.

- Check consent
- Record weight in kg
- Sign the form

## Consent

Written consent is required before treatment.

## Follow-up

Review at six weeks.
";

fn section<'a>(d: &'a DocDiff, id: &str) -> &'a SectionDiff {
    d.sections
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no section {id}: {d:#?}"))
}

fn statuses(d: &DocDiff) -> Vec<(String, SectionStatus, bool)> {
    d.sections
        .iter()
        .map(|s| (s.id.clone(), s.status, s.moved))
        .collect()
}

#[test]
fn identical_versions() {
    let d = diff_documents(BASE, BASE);
    assert!(d.is_identical());
    assert_eq!(d.counts(), DiffCounts::default());
    assert!(d.summary().is_empty());
    assert_eq!(
        render_html(&d),
        "<p class=\"wm-diff-none\">These two versions have the same text.</p>\n"
    );
    assert_eq!(render_terminal(&d, false), "No differences.\n");
}

#[test]
fn empty_versions() {
    let both = diff_documents("", "");
    assert!(both.is_identical());
    assert!(both.sections.is_empty());
    assert!(render_html(&both).contains("wm-diff-none"));

    let added = diff_documents("", BASE);
    assert!(!added.is_identical());
    assert!(added
        .sections
        .iter()
        .all(|s| s.status == SectionStatus::Added));
    assert_eq!(added.counts().added, 5);

    let removed = diff_documents(BASE, "");
    assert!(removed
        .sections
        .iter()
        .all(|s| s.status == SectionStatus::Removed));
    assert_eq!(removed.counts().removed, 5);
    assert!(render_html(&removed).contains(
        "<a href=\"#diff-\">Opening text</a>: <span class=\"wm-diff-status\">Removed</span>"
    ));
}

#[test]
fn only_headings() {
    let d = diff_documents("## A\n## B\n", "## A\n## C\n");
    assert_eq!(
        statuses(&d),
        [
            ("a".into(), SectionStatus::Unchanged, false),
            ("b".into(), SectionStatus::Removed, false),
            ("c".into(), SectionStatus::Added, false),
        ]
    );
}

#[test]
fn moved_section_only_flags_the_mover() {
    let new = BASE.replace("## Eligibility\n\nAdults aged 18 or over.\n\n", "")
        + "\n## Eligibility\n\nAdults aged 18 or over.\n";
    let d = diff_documents(BASE, &new);
    let moved: Vec<&str> = d
        .sections
        .iter()
        .filter(|s| s.moved)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(moved, ["eligibility"]);
    assert_eq!(section(&d, "eligibility").status, SectionStatus::Unchanged);
    assert_eq!(
        d.counts(),
        DiffCounts {
            moved: 1,
            ..DiffCounts::default()
        }
    );
    let html = render_html(&d);
    assert!(
        html.contains("class=\"wm-diff-section wm-diff-moved\" id=\"diff-eligibility\""),
        "{html}"
    );
    assert!(html.contains("<span class=\"wm-diff-tag\">Moved</span>"));
    // Shown once, at its new place, saying where it came from.
    assert_eq!(html.matches("id=\"diff-eligibility\"").count(), 1);
    assert!(
        html.contains("<p class=\"wm-diff-move-note\">Moved: was after \u{2018}Opening text\u{2019}, now after \u{2018}Follow-up\u{2019}.</p>"),
        "{html}"
    );
    assert!(render_terminal(&d, false).contains(
        "Moved: was after \u{2018}Opening text\u{2019}, now after \u{2018}Follow-up\u{2019}."
    ));
    // Unmoved, unchanged sections are left out of the page.
    assert!(!html.contains("diff-consent"));
}

#[test]
fn renamed_heading_same_id() {
    let new = BASE.replace(
        "## Assessment {#assessment}",
        "## Clinical assessment {#assessment}",
    );
    let d = diff_documents(BASE, &new);
    let s = section(&d, "assessment");
    assert_eq!(s.title, "Clinical assessment");
    assert_eq!(s.old_title.as_deref(), Some("Assessment"));
    assert_eq!(s.old_id, None);
    assert_eq!(s.status, SectionStatus::Unchanged);
    assert_eq!(
        d.counts(),
        DiffCounts {
            renamed: 1,
            ..DiffCounts::default()
        }
    );
    assert!(!d.is_identical());
    let html = render_html(&d);
    assert!(
        html.contains("Renamed from \u{2018}Assessment\u{2019}"),
        "{html}"
    );
}

#[test]
fn renamed_heading_new_id_same_content() {
    let new = BASE.replace("## Consent\n", "## Agreement to treatment\n");
    let d = diff_documents(BASE, &new);
    let s = section(&d, "agreement-to-treatment");
    assert_eq!(s.old_id.as_deref(), Some("consent"));
    assert_eq!(s.old_title.as_deref(), Some("Consent"));
    assert_eq!(s.status, SectionStatus::Unchanged);
    assert!(!s.moved);
    assert_eq!(d.sections.len(), 5);
}

#[test]
fn id_changed_title_kept() {
    let new = BASE.replace("## Follow-up\n", "## Follow-up {#review}\n");
    let d = diff_documents(BASE, &new);
    let s = section(&d, "review");
    assert_eq!(s.old_id.as_deref(), Some("follow-up"));
    assert_eq!(s.old_title, None);
    assert!(s
        .labels()
        .contains(&"Link changed from #follow-up".to_string()));
}

#[test]
fn added_and_removed_sections_keep_their_place() {
    let new = BASE
        .replace(
            "## Consent\n\nWritten consent is required before treatment.\n\n",
            "",
        )
        .replace(
            "## Follow-up",
            "## Monitoring\n\nCheck bloods weekly.\n\n## Follow-up",
        );
    let d = diff_documents(BASE, &new);
    let order: Vec<(&str, SectionStatus)> = d
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.status))
        .collect();
    assert_eq!(
        order,
        [
            ("", SectionStatus::Unchanged),
            ("eligibility", SectionStatus::Unchanged),
            ("assessment", SectionStatus::Unchanged),
            ("consent", SectionStatus::Removed),
            ("monitoring", SectionStatus::Added),
            ("follow-up", SectionStatus::Unchanged),
        ]
    );
    let html = render_html(&d);
    assert!(html.contains(
        "<del><span class=\"wm-visually-hidden\">deleted: </span>Written consent is required before treatment.</del>"
    ));
    assert!(html.contains(
        "<ins><span class=\"wm-visually-hidden\">inserted: </span>Check bloods weekly.</ins>"
    ));
}

#[test]
fn list_item_change_is_a_word_diff_on_that_item() {
    let new = BASE.replace("Record weight in kg", "Record weight in grams");
    let d = diff_documents(BASE, &new);
    let s = section(&d, "assessment");
    assert_eq!(s.status, SectionStatus::Changed);
    let changed: Vec<&BlockDiff> = s
        .blocks
        .iter()
        .filter(|b| !matches!(b, BlockDiff::Same(_)))
        .collect();
    assert_eq!(changed.len(), 1);
    let BlockDiff::Changed { words, .. } = changed[0] else {
        panic!("{changed:?}")
    };
    assert!(words.contains(&WordOp::Deleted("kg".into())));
    assert!(words.contains(&WordOp::Inserted("grams".into())));
    let html = render_html(&d);
    assert!(
        html.contains("<li class=\"wm-diff-item-same\">Check consent</li>\n<li class=\"wm-diff-item-changed\"><span class=\"wm-visually-hidden\">item changed: </span>Record weight in <del>"),
        "{html}"
    );
}

#[test]
fn table_row_change() {
    let old = "## Doses\n\n| Drug | Dose |\n|---|---|\n| A | 5 mg |\n| B | 10 mg |\n";
    let new = "## Doses\n\n| Drug | Dose |\n|---|---|\n| A | 5 mg |\n| B | 20 mg |\n";
    let d = diff_documents(old, new);
    let BlockDiff::Changed { words, .. } = &section(&d, "doses").blocks[0] else {
        panic!()
    };
    assert_eq!(
        words,
        &[
            WordOp::Same("Drug | Dose\nA | 5 mg\nB | ".into()),
            WordOp::Deleted("10".into()),
            WordOp::Inserted("20".into()),
            WordOp::Same(" mg".into()),
        ]
    );
}

#[test]
fn explicit_and_automatic_ids() {
    let old = "## Notes\n\nA.\n\n## More {#notes}\n\nB.\n";
    let new = "## Notes\n\nA changed.\n\n## More {#notes}\n\nB.\n";
    let d = diff_documents(old, new);
    assert_eq!(d.sections[0].id, "notes-1");
    assert_eq!(d.sections[0].status, SectionStatus::Changed);
    assert_eq!(d.sections[1].id, "notes");
    assert_eq!(d.sections[1].status, SectionStatus::Unchanged);
}

#[test]
fn level_change_is_a_change() {
    let d = diff_documents("## A\n\nx\n", "### A\n\nx\n");
    let s = &d.sections[0];
    assert_eq!(
        (s.status, s.level, s.old_level),
        (SectionStatus::Changed, 3, Some(2))
    );
}

#[test]
fn escaping_in_html() {
    // Markdown escapes, entities and code spans all yield literal `<script>` text.
    let old = "## Safety \\<script>\n\nSay \"hi\" & 'bye'.\n";
    let new = "## Safety \\<script>\n\nSay \"hi\" & `<script>` &lt;script&gt; 'bye'.\n";
    let html = render_html(&diff_documents(old, new));
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
    assert!(html.contains("&quot;hi&quot; &amp;"));
    assert!(html.contains("&#39;bye&#39;"));
    assert!(!html.contains("style="));
}

#[test]
fn screen_reader_text_and_structure() {
    let new = BASE.replace("Weigh the patient daily.", "Weigh the patient weekly.");
    let html = render_html(&diff_documents(BASE, &new));
    assert!(html.starts_with("<ul class=\"wm-diff-summary\""));
    assert!(html.contains(
        "<li class=\"wm-diff-changed\"><a href=\"#diff-assessment\">Assessment</a>: <span class=\"wm-diff-status\">Changed</span></li>"
    ));
    assert!(html.contains(
        "<section class=\"wm-diff-section wm-diff-changed\" id=\"diff-assessment\" aria-labelledby=\"diffh-assessment\">\n\
         <h2 id=\"diffh-assessment\">Assessment <span class=\"wm-diff-tag\">Changed</span></h2>"
    ));
    assert!(html.contains(
        "Weigh the patient <del><span class=\"wm-visually-hidden\">deleted: </span>daily</del>\
         <ins><span class=\"wm-visually-hidden\">inserted: </span>weekly</ins>."
    ));
    assert_eq!(
        html.matches("<section").count(),
        html.matches("</section>").count()
    );
}

#[test]
fn heading_levels_are_clamped() {
    let html = render_html(&diff_documents("###### Deep\n\nx\n", "###### Deep\n\ny\n"));
    assert!(html.contains("<h4 id=\"diffh-deep\">"), "{html}");
}

#[test]
fn summary_entries() {
    let new = BASE
        .replace("## Consent\n", "## Agreement\n")
        .replace("six weeks", "eight weeks");
    let d = diff_documents(BASE, &new);
    let summary = d.summary();
    let got: Vec<(&str, &str, &str)> = summary
        .iter()
        .map(|e| (e.id.as_str(), e.status, e.description.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "agreement",
                "renamed",
                "Renamed from \u{2018}Consent\u{2019}, link changed from #consent"
            ),
            ("follow-up", "changed", "Changed"),
        ]
    );
    assert_eq!(summary[0].anchor, "diff-agreement");
}

#[test]
fn deterministic() {
    let new = BASE
        .replace("## Eligibility\n\nAdults aged 18 or over.\n\n", "")
        .replace("daily", "twice daily")
        + "\n## Eligibility\n\nAdults aged 16 or over.\n\n## Notes\n\nNew.\n";
    let first = (
        render_html(&diff_documents(BASE, &new)),
        render_terminal(&diff_documents(BASE, &new), true),
    );
    for _ in 0..20 {
        let again = (
            render_html(&diff_documents(BASE, &new)),
            render_terminal(&diff_documents(BASE, &new), true),
        );
        assert_eq!(again, first);
    }
}

#[test]
fn awkward_inputs_do_not_panic() {
    let nested = (0..300)
        .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
        .collect::<String>();
    let quotes = ">".repeat(500) + " deep";
    let inputs = [
        "",
        "#",
        "##",
        "## {#}",
        "## A {#x}\n## B {#x}\n## C {#x}",
        "\u{0}\u{7f}<>&",
        "| a |\n|---|\n",
        "[^1]\n\n[^1]: note",
        "```\nunclosed",
        nested.as_str(),
        quotes.as_str(),
    ];
    for old in inputs {
        for new in inputs {
            let d = diff_documents(old, new);
            let _ = render_html(&d);
            let _ = render_terminal(&d, false);
            if old == new {
                assert!(d.is_identical(), "{old:?}");
            }
        }
    }
}

#[test]
fn large_documents() {
    // Many sections sharing few titles, every paragraph edited.
    let old: String = (0..1500)
        .map(|i| format!("## S{}\n\nParagraph {i} text.\n\n", i % 50))
        .collect();
    let new = old.replace("text", "words");
    let d = diff_documents(&old, &new);
    assert_eq!(d.counts().changed, 1500);
    assert_eq!(d.counts().moved, 0);
    assert!(render_html(&d).len() > 100_000);
    // A reordered copy: the sections match by id, some move.
    let mut parts: Vec<&str> = old.split("## ").filter(|p| !p.is_empty()).collect();
    parts.reverse();
    let reversed = parts.iter().map(|p| format!("## {p}")).collect::<String>();
    let d = diff_documents(&old, &reversed);
    assert!(d.counts().moved > 0);
}
