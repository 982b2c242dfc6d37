//! Versioned documents, change notes and embedding confirmations (issue 3).
//!
//! Dates are chosen so that outcomes do not depend on today: `embed_by` in
//! 2021 is always past (overdue), in 2099 always future (awaiting).

mod common;

use std::collections::BTreeMap;

use common::*;
use scraper::Html;

const V1_0: &str = r#"---
title: Test protocol
version: "1.0"
status: approved
effective: 2020-01-01
approved_by: National steering group
summary: The first version.
audience: [magistrates]
---

## Eligibility

Adults aged 18 or over are eligible.

## Consent

Consent is required before sentence.

## Treatment

Treatment lasts twelve weeks.
"#;

const V1_1: &str = r#"---
title: Test protocol
version: "1.1"
status: approved
effective: 2020-06-01
approved_by: National steering group
summary: Consent wording.
audience: [magistrates]
changes:
  - id: consent-wording
    sections: [consent]
    summary: Consent must be informed.
    major: true
    embed_by: 2021-01-01
  - id: late-change
    sections: [eligibility]
    summary: A change nobody confirmed in time.
    major: true
    embed_by: 2021-01-01
  - id: minor-typo
    sections: []
    summary: A typo fixed.
    major: false
---

## Eligibility

Adults aged 18 or over are eligible.

## Consent

Informed consent is required before sentence.

## Treatment

Treatment lasts twelve weeks.
"#;

const V2_0: &str = r#"---
title: Test protocol
version: "2.0"
status: approved
effective: 2021-01-01
approved_by: National steering group
summary: Same-day assessment & <longer> treatment.
audience: [magistrates, probation]
changes:
  - id: assessment-same-day
    sections: [assessment]
    summary: Assess on the day of sentence.
    major: true
    embed_by: 2099-01-01
  - id: remote-treatment
    sections: [treatment]
    summary: Treatment may be remote.
    major: true
    embed_by: 2099-01-01
  - id: new-eligibility
    sections: [eligibility]
    summary: Eligibility widened.
    major: true
    embed_by: 2099-12-31
  - id: slow-change
    sections: [consent]
    summary: Started but late.
    major: true
    embed_by: 2021-02-01
---

## Eligibility

Adults aged 18 or over are eligible, and some younger adults.

## Consent

Informed consent is required before sentence.

## Assessment

Assessment happens on the day of sentence.

## Treatment

Treatment lasts six months.
"#;

const V2_1_DRAFT: &str = r#"---
title: Test protocol
version: "2.1"
status: draft
effective: 2022-01-01
summary: Work in progress.
changes:
  - id: draft-change
    sections: [eligibility]
    summary: A draft change.
    major: false
---

## Eligibility

Draft eligibility text.
"#;

const SITE_X: &str =
    "name: Exeter\nkind: testbed\nstatus: live\nregion: South West\nlive_from: 2000-01-01\n";
const SITE_Y: &str = "name: Yonder\nkind: later-site\nstatus: live\nlive_from: 2099-01-01\n";
const EMBEDDING_X: &str = r#"confirmations:
  - change: "doc@1.1#consent-wording"
    status: embedded
    date: 2020-09-01
    by: Exeter steering group
    evidence: Minutes of September meeting.
  - change: "doc@2.0#assessment-same-day"
    status: in-progress
    date: 2021-03-01
    by: Exeter steering group
    evidence: Pilot running.
  - change: "doc@2.0#remote-treatment"
    status: not-applicable
    date: 2021-03-01
    by: Exeter steering group
    evidence: No remote provider.
  - change: "doc@2.0#slow-change"
    status: in-progress
    date: 2021-03-01
    by: Exeter steering group
"#;

fn versioned() -> Project {
    Project::new()
        .file("content/doc/v1.0.md", V1_0)
        .file("content/doc/v1.1.md", V1_1)
        .file("content/doc/v2.0.md", V2_0)
        .file("content/doc/v2.1.md", V2_1_DRAFT)
}

fn with_sites() -> Project {
    versioned()
        .file("content/sites/x/site.yaml", SITE_X)
        .file("content/sites/x/embedding.yaml", EMBEDDING_X)
        .file("content/sites/y/site.yaml", SITE_Y)
}

fn prose(html: &Html) -> String {
    select_text(html, ".wm-prose").join(" ")
}

#[test]
fn plain_url_shows_the_current_version() {
    let built = versioned().build();
    built.assert_ok();
    let html = built.page("doc/index.html");
    let h1 = select_text(&html, "h1");
    assert_eq!(h1.len(), 1);
    assert!(h1[0].contains("Test protocol"), "{h1:?}");
    assert!(h1[0].contains("Version 2.0"), "{h1:?}");
    let text = prose(&html);
    assert!(text.contains("Treatment lasts six months."), "{text}");
    assert!(!text.contains("twelve weeks"));
    assert_eq!(
        count(&html, "#wm-version-banner"),
        0,
        "no banner on current"
    );
    assert!(select_text(&html, ".wm-version-status")
        .join(" ")
        .contains("Current version"));
    // The summary is escaped, not markup.
    assert!(select_text(&html, ".wm-lead")
        .join(" ")
        .contains("Same-day assessment & <longer> treatment."));
    assert_eq!(count(&html, "longer"), 0);
}

#[test]
fn every_version_has_a_permanent_page_and_superseded_ones_say_so() {
    let built = versioned().build();
    built.assert_ok();
    for v in ["1.0", "1.1", "2.0"] {
        assert!(built.exists(&format!("doc/v{v}.html")), "v{v}");
        assert!(built.exists(&format!("doc/print-v{v}.html")), "print v{v}");
    }
    let old = built.page("doc/v1.0.html");
    assert!(prose(&old).contains("Consent is required before sentence."));
    assert_eq!(
        select_text(&old, "#wm-version-banner"),
        ["Superseded version"]
    );
    let banner = first(&old, ".wm-notification");
    let banner_text = text_of(banner);
    assert!(
        banner_text.contains("replaced by version 1.1"),
        "{banner_text}"
    );
    let links: Vec<String> = banner
        .select(&sel("a"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(
        links.iter().any(|h| h == "v2.0.html" || h == "index.html"),
        "banner links to the current version: {links:?}"
    );
    assert!(text_of(banner).contains("current version (2.0)"));
    // The current version's own permanent page has no banner.
    let current = built.page("doc/v2.0.html");
    assert_eq!(count(&current, "#wm-version-banner"), 0);
}

#[test]
fn version_switcher_lists_every_version_newest_first() {
    let built = versioned().build();
    let html = built.page("doc/v1.1.html");
    let items = select_text(&html, ".wm-version-list li");
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[0].starts_with("Version 2.0 Current"), "{items:?}");
    assert!(items[1].starts_with("Version 1.1 Superseded"), "{items:?}");
    assert!(items[2].starts_with("Version 1.0 Superseded"), "{items:?}");
    assert_eq!(
        attr_all(&html, ".wm-version-list a", "href"),
        ["v2.0.html", "v1.0.html"]
    );
    assert_eq!(
        select_text(&html, ".wm-version-list [aria-current=page]"),
        ["Version 1.1"]
    );
}

#[test]
fn drafts_only_with_the_drafts_option() {
    let project = versioned();
    let built = project.build();
    built.assert_ok();
    assert!(!built.exists("doc/v2.1.html"));
    assert!(!built.exists("doc/compare-v2.0-v2.1.html"));
    for file in built.files().keys() {
        if file.ends_with(".html") {
            let text = built.text(file);
            assert!(!text.contains("Draft eligibility text"), "{file}");
            assert!(!text.contains("draft-change"), "{file}");
        }
    }

    let built = project.build_drafts();
    built.assert_ok();
    let draft = built.page("doc/v2.1.html");
    assert_eq!(select_text(&draft, "#wm-version-banner"), ["Draft version"]);
    assert!(prose(&draft).contains("Draft eligibility text"));
    // The plain URL still shows the version in force, not the draft.
    let plain = built.page("doc/index.html");
    assert!(select_text(&plain, "h1")[0].contains("Version 2.0"));
    assert!(built.exists("doc/compare-v2.0-v2.1.html"));
}

#[test]
fn history_lists_versions_newest_first_with_change_notes() {
    let built = versioned().build();
    built.assert_ok();
    let html = built.page("doc/history.html");
    assert_eq!(
        attr_all(&html, ".wm-timeline__item", "data-version"),
        ["2.0", "1.1", "1.0"]
    );
    assert_eq!(
        attr_all(&html, ".wm-timeline__item", "data-effective"),
        ["2021-01-01", "2020-06-01", "2020-01-01"]
    );
    let items: Vec<String> = html
        .select(&sel(".wm-timeline__item"))
        .map(text_of)
        .collect();
    assert!(items[0].contains("Assess on the day of sentence."));
    assert!(items[0].contains("doc@2.0#assessment-same-day"));
    assert!(items[1].contains("Consent must be informed."));
    assert!(items[1].contains("A typo fixed."));
    assert!(items[2].contains("first version"));
    // Links from change notes to the sections they name.
    let hrefs = attr_all(&html, ".wm-change-note a", "href");
    assert!(
        hrefs.contains(&"v2.0.html#assessment".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"v1.1.html#consent".to_string()),
        "{hrefs:?}"
    );
}

#[test]
fn a_comparison_exists_for_every_pair() {
    let project = versioned();
    let built = project.build();
    built.assert_ok();
    let compares: Vec<String> = built
        .files()
        .into_keys()
        .filter(|f| f.starts_with("doc/compare-"))
        .collect();
    assert_eq!(
        compares,
        [
            "doc/compare-v1.0-v1.1.html",
            "doc/compare-v1.0-v2.0.html",
            "doc/compare-v1.1-v2.0.html"
        ]
    );
    let built = project.build_drafts();
    let n = built
        .files()
        .into_keys()
        .filter(|f| f.starts_with("doc/compare-"))
        .count();
    assert_eq!(n, 6, "every pair of four versions");
}

#[test]
fn comparison_marks_insertions_and_deletions_for_screen_readers() {
    let built = versioned().build();
    built.assert_ok();
    let html = built.page("doc/compare-v1.1-v2.0.html");
    let ins: Vec<String> = select_text(&html, ".wm-diff ins");
    let del: Vec<String> = select_text(&html, ".wm-diff del");
    assert!(
        ins.iter().all(|t| t.starts_with("inserted:")),
        "every insertion is announced: {ins:?}"
    );
    assert!(
        del.iter().all(|t| t.starts_with("deleted:")),
        "every deletion is announced: {del:?}"
    );
    assert!(ins.iter().any(|t| t.contains("six")), "{ins:?}");
    assert!(del.iter().any(|t| t.contains("twelve")), "{del:?}");
    // The announced words are visually hidden, not shown twice.
    for span in html.select(&sel(
        ".wm-diff ins > span:first-child, .wm-diff del > span:first-child",
    )) {
        assert!(span.value().classes().any(|c| c == "wm-visually-hidden"));
    }
    // The added section is reported as added.
    let summary = select_text(&html, ".wm-diff-summary li").join(" | ");
    assert!(summary.contains("Assessment"), "{summary}");
    assert!(html
        .select(&sel(".wm-diff-section"))
        .any(|s| s.value().attr("id") == Some("diff-assessment")));
    // Unchanged words are not marked.
    let changed = select_text(&html, ".wm-diff ins, .wm-diff del").join(" ");
    assert!(!changed.contains("Treatment lasts"), "{changed}");

    let html = built.page("doc/compare-v1.0-v1.1.html");
    let ins = select_text(&html, ".wm-diff ins").join(" ");
    assert!(ins.contains("Informed"), "{ins}");
}

#[test]
fn changes_page_lists_notes_newest_first_with_dates() {
    let project = with_sites();
    let built = project.build();
    built.assert_ok();
    let html = built.page("changes.html");
    let dates = attr_all(&html, "li.wm-change", "data-date");
    assert_eq!(dates.len(), 7, "{dates:?}");
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    assert_eq!(dates[0], "2021-01-01");
    assert_eq!(dates[6], "2020-06-01");
    let ids = attr_all(&html, "li.wm-change", "id");
    assert_eq!(ids[0], "doc-2-0-assessment-same-day");
    assert_eq!(
        attr_all(&html, "li.wm-change", "data-major")
            .iter()
            .filter(|m| *m == "minor")
            .count(),
        1
    );
    assert_eq!(
        attr_all(&html, "li.wm-change", "data-audience")[0],
        "magistrates probation"
    );
    assert!(select_text(&html, "li.wm-change")
        .join(" ")
        .contains("Eligibility widened."));

    let built = project.build_drafts();
    let html = built.page("changes.html");
    let dates = attr_all(&html, "li.wm-change", "data-date");
    assert_eq!(dates[0], "2022-01-01", "the draft change comes first");
    assert!(select_text(&html, "li.wm-change")[0].contains("Draft"));
}

/// Label of each cell of the embedding matrix, by (change anchor, site page).
fn matrix(html: &Html) -> BTreeMap<(String, String), String> {
    let mut cells = BTreeMap::new();
    for a in html.select(&sel(".wm-embed-matrix td a")) {
        let href = a.value().attr("href").unwrap();
        let (page, anchor) = href.split_once('#').unwrap();
        cells.insert((anchor.to_string(), page.to_string()), text_of(a));
    }
    cells
}

#[test]
fn embedding_matrix_shows_each_state() {
    let built = with_sites().build();
    built.assert_ok();
    let html = built.page("embedding/index.html");
    assert_eq!(
        select_text(&html, ".wm-embed-matrix thead th a"),
        ["Exeter", "Yonder"]
    );
    let cells = matrix(&html);
    let x = |id: &str| cells[&(id.to_string(), "x.html".to_string())].as_str();
    assert_eq!(x("doc-1-1-consent-wording"), "Embedded");
    assert_eq!(x("doc-1-1-late-change"), "Overdue");
    assert_eq!(x("doc-2-0-assessment-same-day"), "In progress");
    assert_eq!(x("doc-2-0-remote-treatment"), "Not applicable");
    assert_eq!(x("doc-2-0-new-eligibility"), "Awaiting");
    // In progress past its date stays in progress, with its date and
    // "Past due" beside it (never replaced by overdue).
    assert_eq!(x("doc-2-0-slow-change"), "In progress");
    let slow = html
        .select(&sel(".wm-embed-matrix td"))
        .find(|td| {
            td.select(&sel("a"))
                .any(|a| a.value().attr("href") == Some("x.html#doc-2-0-slow-change"))
        })
        .unwrap();
    assert_eq!(text_of(slow), "In progress since 1 Mar 2021 Past due");
    let same_day = html
        .select(&sel(".wm-embed-matrix td"))
        .find(|td| {
            td.select(&sel("a"))
                .any(|a| a.value().attr("href") == Some("x.html#doc-2-0-assessment-same-day"))
        })
        .unwrap();
    assert_eq!(
        same_day.select(&sel(".wm-embed-matrix__past-due")).count(),
        0
    );
    // Site y went live after every change: nothing to confirm.
    let y: Vec<&String> = cells
        .iter()
        .filter(|((_, p), _)| p == "y.html")
        .map(|(_, l)| l)
        .collect();
    assert_eq!(y.len(), 6);
    assert!(y.iter().all(|l| *l == "Not required"), "{y:?}");
    // Rows are named by the change's summary, with the id secondary.
    let row = first(&html, ".wm-embed-matrix tbody tr#doc-2-0-slow-change th");
    assert_eq!(
        text_of(
            row.select(&sel(".wm-embed-matrix__summary"))
                .next()
                .unwrap()
        ),
        "Started but late."
    );
    assert_eq!(
        text_of(
            row.select(&sel(".wm-embed-matrix__meta code"))
                .next()
                .unwrap()
        ),
        "slow-change"
    );
    // Minor changes are not rows of the matrix.
    assert!(!cells.keys().any(|(a, _)| a.contains("minor-typo")));
    assert_eq!(count(&html, ".wm-embed-matrix tbody tr"), 6);
}

#[test]
fn site_agenda_lists_what_awaits_confirmation() {
    let built = with_sites().build();
    built.assert_ok();
    let html = built.page("embedding/x.html");
    let mut awaiting = attr_all(&html, "li.wm-agenda__item", "id");
    awaiting.sort();
    assert_eq!(
        awaiting,
        [
            "doc-1-1-late-change",
            "doc-2-0-assessment-same-day",
            "doc-2-0-new-eligibility",
            "doc-2-0-slow-change"
        ]
    );
    let labels: BTreeMap<String, String> = html
        .select(&sel("li.wm-agenda__item"))
        .map(|li| {
            (
                li.value().attr("id").unwrap().to_string(),
                text_of(li.select(&sel(".wm-tag")).next().unwrap()),
            )
        })
        .collect();
    assert_eq!(labels["doc-2-0-new-eligibility"], "Awaiting");
    assert_eq!(labels["doc-2-0-assessment-same-day"], "In progress");
    assert_eq!(labels["doc-1-1-late-change"], "Overdue");
    assert_eq!(labels["doc-2-0-slow-change"], "In progress");
    let slow = first(&html, "#doc-2-0-slow-change");
    assert_eq!(
        text_of(slow.select(&sel(".wm-agenda__title")).next().unwrap()),
        "Started but late."
    );
    assert_eq!(
        text_of(slow.select(&sel(".wm-agenda__status")).next().unwrap()),
        "In progress since 1 March 2021 Past due"
    );
    let mut settled = attr_all(&html, "#confirmed ~ .wm-table-wrap tbody tr", "id");
    settled.sort();
    assert_eq!(
        settled,
        ["doc-1-1-consent-wording", "doc-2-0-remote-treatment"]
    );
    assert!(text_of(first(&html, "main")).contains("Pilot running."));

    let y = built.page("embedding/y.html");
    assert_eq!(count(&y, "li.wm-agenda__item"), 0);
    assert!(text_of(first(&y, "main")).contains("Nothing is awaiting confirmation"));
    // A later site sees why nothing is required of it.
    assert_eq!(count(&y, "#not-required + p + ul li"), 6);
    assert!(text_of(first(&y, "#not-required + p"))
        .contains("went live on 1 January 2099 with this change already in place"));
}

#[test]
fn overdue_changes_are_warnings() {
    let built = with_sites().build();
    built.assert_ok();
    let warnings = built.warnings();
    let overdue: Vec<_> = warnings
        .iter()
        .filter(|w| w.message.contains("overdue"))
        .collect();
    assert_eq!(overdue.len(), 1, "{}", built.messages());
    assert_eq!(overdue[0].file, "content/sites/x/embedding.yaml");
    assert!(overdue[0].message.contains("doc@1.1#late-change"));
    assert!(overdue[0]
        .message
        .starts_with("Exeter has 1 overdue change: doc@1.1#late-change; and 1 change in progress past the confirm-by date: doc@2.0#slow-change"), "{}", overdue[0].message);
}

#[test]
fn links_to_versioned_documents_resolve() {
    let built = versioned()
        .file(
            "content/guide.md",
            &page(
                "Guide",
                "[doc](doc/) [v1](doc/v1.0.md#consent) [current](doc/#assessment) [history](doc/history.html)\n",
            ),
        )
        .build();
    built.assert_ok();
    assert_eq!(
        attr_all(&built.page("guide.html"), ".wm-prose a", "href"),
        [
            "doc/index.html",
            "doc/v1.0.html#consent",
            "doc/index.html#assessment",
            "doc/history.html"
        ]
    );
    // Version 1.0 has no Assessment section.
    let built = versioned()
        .file(
            "content/guide.md",
            &page("Guide", "[v1](doc/v1.0.md#assessment)\n"),
        )
        .build();
    let e = built.single_error();
    assert_eq!(place(e), "content/guide.md:5:1");
}

// --- validation --------------------------------------------------------

#[test]
fn version_must_match_the_file_name() {
    let built = versioned()
        .file(
            "content/doc/v1.1.md",
            &V1_1.replace("version: \"1.1\"", "version: \"1.2\""),
        )
        .build();
    let e = built.single_error();
    assert_eq!(place(e), "content/doc/v1.1.md:3:1");
    assert!(e.message.contains("v1.1.md"), "{}", e.message);
}

#[test]
fn effective_dates_must_increase() {
    let built = versioned()
        .file(
            "content/doc/v2.0.md",
            &V2_0.replace("effective: 2021-01-01", "effective: 2020-03-01"),
        )
        .build();
    let e = built.single_error();
    assert_eq!(place(e), "content/doc/v2.0.md:5:1");
    assert!(e.message.contains("2.0"), "{}", e.message);
    assert!(e.message.contains("1.1"), "{}", e.message);
}

#[test]
fn change_note_must_name_existing_sections() {
    let built = versioned()
        .file(
            "content/doc/v2.0.md",
            &V2_0.replace("sections: [treatment]", "sections: [treatmant]"),
        )
        .build();
    let e = built.single_error();
    // `- id: remote-treatment` is on line 15.
    assert_eq!(place(e), "content/doc/v2.0.md:15:1");
    assert!(e.message.contains("treatmant"), "{}", e.message);
    assert!(
        e.hint
            .as_deref()
            .unwrap_or_default()
            .contains("`treatment`"),
        "{e}"
    );
}

#[test]
fn change_ids_must_be_unique_and_well_formed() {
    let built = versioned()
        .file(
            "content/doc/v1.1.md",
            &V1_1
                .replace("id: late-change", "id: consent-wording")
                .replace("id: minor-typo", "id: Minor Typo"),
        )
        .build();
    built.assert_failed();
    assert_eq!(built.errors().len(), 2, "{}", built.messages());
    assert!(built
        .error_containing("used twice")
        .file
        .ends_with("v1.1.md"));
    assert!(built
        .error_containing("lower-case")
        .file
        .ends_with("v1.1.md"));
}

#[test]
fn unknown_change_in_embedding_yaml_suggests_the_right_one() {
    let built = with_sites()
        .file(
            "content/sites/x/embedding.yaml",
            &EMBEDDING_X.replace("doc@2.0#remote-treatment", "doc@2.0#remote-treatmnt"),
        )
        .build();
    let e = built.single_error();
    assert_eq!(place(e), "content/sites/x/embedding.yaml:12:1");
    assert!(
        e.message.contains("doc@2.0#remote-treatmnt"),
        "{}",
        e.message
    );
    assert!(
        e.hint
            .as_deref()
            .unwrap_or_default()
            .contains("did you mean `doc@2.0#remote-treatment`"),
        "{e}"
    );
}

#[test]
fn bad_embedding_status_lists_allowed_values() {
    let built = with_sites()
        .file(
            "content/sites/x/embedding.yaml",
            &EMBEDDING_X.replace("status: not-applicable", "status: done"),
        )
        .build();
    let e = built.single_error();
    assert_eq!(e.file, "content/sites/x/embedding.yaml");
    assert_eq!(e.position.line, 13);
    let hint = e.hint.as_deref().unwrap_or_default();
    for v in ["embedded", "in-progress", "not-applicable"] {
        assert!(hint.contains(v), "{hint}");
    }
}

#[test]
fn embedding_without_site_yaml_is_an_error() {
    let built = versioned()
        .file("content/sites/z/embedding.yaml", EMBEDDING_X)
        .build();
    let e = built.single_error();
    assert_eq!(e.file, "content/sites/z/embedding.yaml");
    assert!(e.hint.as_deref().unwrap_or_default().contains("site.yaml"));
}

#[test]

fn version_keys_on_a_plain_page_point_at_the_key() {
    let built = versioned()
        .file(
            "content/notes.md",
            "---\ntitle: Notes\nsummary: S\nstatus: approved\n---\nx\n",
        )
        .build();
    let e = built.single_error();
    assert_eq!(place(e), "content/notes.md:4:1");
}

#[test]
fn version_keys_on_a_plain_page_are_an_error() {
    let built = versioned()
        .file(
            "content/notes.md",
            "---\ntitle: Notes\neffective: 2020-01-01\n---\nx\n",
        )
        .build();
    let e = built.single_error();
    assert_eq!(e.file, "content/notes.md");
    assert!(e.message.contains("not a version"), "{}", e.message);
    assert!(e.hint.as_deref().unwrap_or_default().contains("v1.0.md"));
}

#[test]
fn a_version_needs_version_status_and_effective() {
    let built = versioned()
        .file("content/doc/v3.0.md", "---\ntitle: Test protocol\n---\nx\n")
        .build();
    built.assert_failed();
    let messages: Vec<&str> = built.errors().iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(built
        .errors()
        .iter()
        .all(|e| e.file == "content/doc/v3.0.md"));
    built.error_containing("`version`");
    built.error_containing("status");
    built.error_containing("effective");
}

#[test]
fn a_plain_page_in_a_document_folder_is_an_error() {
    let built = versioned()
        .file("content/doc/notes.md", &page("Notes", "x\n"))
        .build();
    let e = built.single_error();
    assert_eq!(e.file, "content/doc/notes.md");
    assert!(e.message.contains("not a version"), "{}", e.message);
}

#[test]
fn versions_order_numerically() {
    let v = |n: &str, date: &str| {
        format!("---\ntitle: Numbers\nversion: \"{n}\"\nstatus: approved\neffective: {date}\napproved_by: Board\nchanges:\n  - id: text\n    sections: [part]\n    summary: New text.\n---\n\n## Part\n\nVersion {n} text.\n")
    };
    let built = Project::new()
        .file("content/n/v1.9.md", &v("1.9", "2020-01-01"))
        .file("content/n/v1.10.md", &v("1.10", "2020-02-01"))
        .build();
    built.assert_ok();
    let html = built.page("n/index.html");
    assert!(select_text(&html, "h1")[0].contains("Version 1.10"));
    assert!(built.exists("n/compare-v1.9-v1.10.html"));
}

#[test]
fn a_document_with_only_drafts_is_absent_without_drafts() {
    let project = Project::new()
        .file("content/index.md", &page("Home", "x\n"))
        .file(
            "content/doc/v0.1.md",
            V2_1_DRAFT.replace("2.1", "0.1").as_str(),
        );
    let built = project.build();
    built.assert_ok();
    assert!(!built.exists("doc/index.html"));
    assert!(!built.exists("doc/v0.1.html"));
    let built = project.build_drafts();
    built.assert_ok();
    let html = built.page("doc/index.html");
    assert_eq!(select_text(&html, "#wm-version-banner"), ["Draft version"]);
}
