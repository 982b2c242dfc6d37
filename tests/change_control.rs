//! Change control (issue 17): computed completeness of change notes, and
//! `waymark approve`.

mod common;

use common::*;

const V1_0: &str = "---
title: Test protocol
version: \"1.0\"
status: approved
effective: 2020-01-01
approved_by: Board
summary: First.
changes: []
---

## Eligibility {#eligibility}

Adults are eligible.

## Listing {#listing}

Cases are heard early.

## Treatment {#treatment}

Treatment lasts twelve weeks.

### Sessions {#sessions}

Weekly.
";

/// v1.1 changes eligibility, removes listing, changes a subsection of
/// treatment and adds review.
const V1_1_BODY: &str = "
## Eligibility {#eligibility}

Adults aged 18 or over are eligible.

## Treatment {#treatment}

Treatment lasts twelve weeks.

### Sessions {#sessions}

Fortnightly.

## Review {#review}

Reviewed yearly.
";

fn v1_1(front: &str) -> String {
    format!("---\ntitle: Test protocol\nversion: \"1.1\"\n{front}---\n{V1_1_BODY}")
}

const COMPLETE: &str = "status: approved
effective: 2021-01-01
approved_by: Board
summary: Second.
changes:
  - id: age
    sections: [eligibility]
    summary: Adults means 18 or over.
  - id: listing-dropped
    sections: [listing]
    summary: Listing is left to sites.
  - id: sessions
    sections: [treatment, review]
    summary: Sessions are fortnightly, and the protocol is reviewed yearly.
";

fn project(v1_1_front: &str) -> Project {
    Project::new()
        .file("content/doc/v1.0.md", V1_0)
        .file("content/doc/v1.1.md", &v1_1(v1_1_front))
}

#[test]
fn complete_notes_pass_and_a_removed_section_is_named_by_its_old_id() {
    let built = project(COMPLETE).build();
    built.assert_ok();
    assert!(built.warnings().is_empty(), "{}", built.messages());
}

/// The silent change: `changes: []`, no `approved_by`, summary copied.
#[test]
fn an_undocumented_approved_version_is_an_error_at_its_front_matter() {
    let front = "status: approved\neffective: 2021-01-01\nsummary: First.\nchanges: []\n";
    let built = project(front).build();
    built.assert_failed();
    let uncovered = built.error_containing("that no change note names");
    assert_eq!(
        place(uncovered),
        "content/doc/v1.1.md:7:1",
        "the `changes:` line"
    );
    assert_eq!(
        uncovered.message,
        "version 1.1 changes 4 sections that no change note names: `eligibility` (changed), `listing` (removed), `sessions` (changed), `review` (added)"
    );
    let approver = built.error_containing("has no `approved_by`");
    assert_eq!(
        place(approver),
        "content/doc/v1.1.md:4:1",
        "the `status:` line"
    );
    let summary = built.error_containing("summary is the same as version 1.0's");
    assert_eq!(place(summary), "content/doc/v1.1.md:6:1");
    assert_eq!(built.errors().len(), 3, "{}", built.messages());
    assert!(
        !built.exists("doc/index.html"),
        "a failed build writes nothing"
    );
}

#[test]
fn a_version_that_changes_nothing_is_an_error() {
    let same = V1_0
        .replace("version: \"1.0\"", "version: \"1.1\"")
        .replace("effective: 2020-01-01", "effective: 2021-01-01")
        .replace("summary: First.", "summary: Again.");
    let built = Project::new()
        .file("content/doc/v1.0.md", V1_0)
        .file("content/doc/v1.1.md", &same)
        .build();
    let e = built.error_containing("changes nothing");
    assert_eq!(e.message, "version 1.1 changes nothing from version 1.0");
    assert_eq!(place(e), "content/doc/v1.1.md:8:1");
}

#[test]
fn a_draft_gets_warnings_and_still_builds() {
    let front = "status: draft\neffective: 2021-01-01\nsummary: Second.\nchanges:\n  - id: age\n    sections: [eligibility]\n    summary: Adults means 18 or over.\n";
    let built = project(front).build_drafts();
    built.assert_ok();
    let warnings: Vec<String> = built.warnings().iter().map(|w| w.message.clone()).collect();
    assert!(
        warnings.contains(&"draft: version 1.1 has no `approved_by`".to_string()),
        "{warnings:?}"
    );
    assert!(
        warnings.contains(&"draft: version 1.1 changes 3 sections that no change note names: `listing` (removed), `sessions` (changed), `review` (added)".to_string()),
        "{warnings:?}"
    );
    // Without --drafts the draft is not built, so nothing is said about it.
    let plain = project(front).build();
    plain.assert_ok();
    assert!(plain.warnings().is_empty(), "{}", plain.messages());

    // The draft's page marks the sections no note covers.
    let html = built.page("doc/v1.1.html");
    let items = select_text(&html, ".wm-section-changes__item");
    assert!(
        items.contains(&"Eligibility: Changed. Change note: age".to_string()),
        "{items:?}"
    );
    assert!(
        items.contains(&"Review: Added. No change note".to_string()),
        "{items:?}"
    );
}

#[test]
fn version_and_comparison_pages_mark_each_changed_section_with_its_note() {
    let built = project(COMPLETE).build();
    built.assert_ok();
    let html = built.page("doc/v1.1.html");
    assert_eq!(
        select_text(&html, "#wm-sections-changed"),
        ["Sections changed since version 1.0"]
    );
    assert_eq!(
        select_text(&html, ".wm-section-changes__item"),
        [
            "Eligibility: Changed. Change note: age",
            "Listing: Removed. Change note: listing-dropped",
            "Sessions: Changed. Change note: sessions",
            "Review: Added. Change note: sessions",
        ]
    );
    // Each note link leads to the note on the same page; a removed section
    // links to the version that had it.
    for href in attr_all(&html, ".wm-section-changes__notes a", "href") {
        let id = href.strip_prefix('#').unwrap();
        assert_eq!(count(&html, &format!("[id=\"{id}\"]")), 1, "{href}");
    }
    assert_eq!(
        attr_all(&html, ".wm-section-changes__item > a", "href")[1],
        "v1.0.html#listing"
    );

    let compare = built.page("doc/compare-v1.0-v1.1.html");
    assert_eq!(select_text(&compare, ".wm-section-changes__item").len(), 4);
    assert_eq!(
        attr_all(&compare, ".wm-section-changes__notes a", "href")[0],
        "#doc-1-1-age"
    );
    assert_eq!(count(&compare, "#doc-1-1-age"), 1);
}

const DRAFT_UNCOVERED: &str = "status: draft\neffective: 2021-01-01\nsummary: Second.\nchanges:\n  - id: age\n    sections: [eligibility]\n    summary: Adults means 18 or over.\n";

#[test]
fn approve_refuses_a_draft_whose_notes_miss_a_section_and_leaves_it_untouched() {
    let p = project(DRAFT_UNCOVERED);
    let before = std::fs::read(p.root().join("content/doc/v1.1.md")).unwrap();
    let run = p.run(&["approve", "doc", "1.1", "--by", "Board"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("content/doc/v1.1.md:7:1: error: version 1.1 changes 3 sections that no change note names: `listing` (removed), `sessions` (changed), `review` (added)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(p.root().join("content/doc/v1.1.md")).unwrap(),
        before
    );
}

#[test]
fn approve_edits_only_the_approval_lines_and_the_version_becomes_current() {
    let front = COMPLETE
        .replace("status: approved\n", "status: draft # pending\n")
        .replace("approved_by: Board\n", "");
    let p = project(&front);
    let before = std::fs::read_to_string(p.root().join("content/doc/v1.1.md")).unwrap();
    let run = p.run(&[
        "approve",
        "doc",
        "1.1",
        "--by",
        "Programme board",
        "--effective",
        "2021-02-01",
    ]);
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        format!(
            "Approved version 1.1 of doc ({}):\n  status: draft # pending → approved\n  approved_by: (none) → Programme board\n  effective: 2021-01-01 → 2021-02-01\nIts 3 change notes cover all 4 changed sections.\n",
            std::path::Path::new(".").join("content/doc/v1.1.md").display()
        )
    );
    let after = std::fs::read_to_string(p.root().join("content/doc/v1.1.md")).unwrap();
    assert_eq!(
        after,
        before
            .replace(
                "status: draft # pending\n",
                "status: approved\napproved_by: Programme board\n"
            )
            .replace("effective: 2021-01-01\n", "effective: 2021-02-01\n")
    );
    let built = p.build();
    built.assert_ok();
    let html = built.page("doc/index.html");
    assert!(select_text(&html, "h1")[0].contains("Version 1.1"));

    let again = p.run(&["approve", "doc", "1.1", "--by", "Board"]);
    again.assert_code(1);
    assert!(
        again.stderr.contains("already approved"),
        "{}",
        again.stderr
    );
}

#[test]
fn approve_refuses_an_effective_date_before_the_current_version() {
    let p = project(&COMPLETE.replace("status: approved\n", "status: draft\n"));
    let run = p.run(&[
        "approve",
        "doc",
        "1.1",
        "--by",
        "Board",
        "--effective",
        "2019-06-01",
    ]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("not after version 1.0 (2020-01-01)"),
        "{}",
        run.stderr
    );
}

#[test]
fn diff_reads_the_older_version_as_before_whatever_the_order() {
    let p = project(&COMPLETE.replace("status: approved\n", "status: draft\n"));
    // No versions: the newest (the draft) against the current one.
    let newest = p.run(&["diff", "doc", "--color", "never"]);
    newest.assert_code(0);
    assert!(
        newest
            .stdout
            .starts_with("Test protocol: version 1.0 → version 1.1\n"),
        "{}",
        newest.stdout
    );
    for args in [["1.1", "1.0"], ["1.0", "1.1"]] {
        let run = p.run(&["diff", "doc", args[0], args[1], "--color", "never"]);
        run.assert_code(0);
        assert!(
            run.stdout
                .starts_with("Test protocol: version 1.0 → version 1.1\n"),
            "{}",
            run.stdout
        );
        // The added section is an addition, never a deletion.
        assert!(run.stdout.contains("Review"), "{}", run.stdout);
        let review = run.stdout.lines().find(|l| l.contains("Review")).unwrap();
        assert!(!review.to_lowercase().contains("removed"), "{review}");
    }
    // One version: compared with the current one, older first.
    let one = p.run(&["diff", "doc", "1.1", "--color", "never"]);
    assert!(
        one.stdout
            .starts_with("Test protocol: version 1.0 → version 1.1\n"),
        "{}",
        one.stdout
    );
    let same = p.run(&["diff", "doc", "1.0", "1.0"]);
    same.assert_code(1);
    assert!(
        same.stderr.contains("name two different versions"),
        "{}",
        same.stderr
    );
}

#[test]
fn new_version_says_when_it_builds_on_a_draft() {
    let p = project(&COMPLETE.replace("status: approved\n", "status: draft\n"));
    let run = p.run(&["new", "version", "doc"]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("warning: version 1.1 is a draft, not approved: version 1.2 builds on its unapproved text (the current approved version is 1.0)"),
        "{}",
        run.stderr
    );
    let approved = project(COMPLETE);
    let run = approved.run(&["new", "version", "doc"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

const TINY_MAP_V1_0: &str = "version:
  status: approved # signed off at the board
  effective: 2019-01-01
  approved_by: Board
  summary: First.
  major: true
  embed_by: 2019-06-30
title: Tiny map
lanes:
  - {id: court, label: Court}
steps:
  - {id: a, lane: court, label: Start here, type: start, next: [b]}
  - {id: b, lane: court, label: Finish, type: end}
";

/// Maps and forms go round the same loop as documents: `new version`
/// starts a draft from the latest file, a version that changes nothing or
/// repeats its predecessor's summary is flagged (a warning while a draft,
/// so `approve` refuses it), and `approve` edits only the approval lines.
#[test]
fn a_map_version_is_started_refused_while_unchanged_and_approved_once_it_changes() {
    let p = Project::new().file("content/maps/tiny/v1.0.yaml", TINY_MAP_V1_0);
    let draft_file = p.root().join("content/maps/tiny/v1.1.yaml");
    p.run(&["new", "version", "content/maps/tiny"])
        .assert_code(0);
    let draft = std::fs::read_to_string(&draft_file).unwrap();
    assert!(
        draft.starts_with("version:\n  status: draft\n  effective: "),
        "{draft}"
    );
    // The approval and the copied version's own major change are gone;
    // everything after the block is the copy.
    let keys: Vec<&str> = draft
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect();
    for gone in ["approved_by", "major: true", "embed_by: 2019"] {
        assert!(
            !keys.iter().any(|l| l.contains(gone)),
            "{gone} kept:\n{draft}"
        );
    }
    assert!(draft.ends_with(&TINY_MAP_V1_0[TINY_MAP_V1_0.find("title:").unwrap()..]));

    let warnings = p.build_drafts().assert_ok().messages();
    assert!(
        warnings.contains("content/maps/tiny/v1.1.yaml:1:1: warning: version 1.1 changes nothing from version 1.0 but its `version:` block"),
        "{warnings}"
    );
    assert!(
        warnings.contains("version 1.1's summary is the same as version 1.0's"),
        "{warnings}"
    );

    let refused = p.run(&["approve", "maps/tiny", "1.1", "--by", "Programme board"]);
    refused.assert_code(1);
    assert!(
        refused
            .stderr
            .contains("would break the build, so content/maps/tiny/v1.1.yaml is unchanged")
            && refused
                .stderr
                .contains("error: version 1.1 changes nothing from version 1.0"),
        "{}",
        refused.stderr
    );
    assert_eq!(std::fs::read_to_string(&draft_file).unwrap(), draft);

    let changed = draft
        .replace(
            "  summary: First.",
            "  summary: The case is closed, not just finished.",
        )
        .replace("label: Finish", "label: Close the case");
    p.write("content/maps/tiny/v1.1.yaml", &changed);
    let approved = p.run(&[
        "approve",
        "content/maps/tiny/v1.1.yaml",
        "v1.1",
        "--by",
        "Programme board",
        "--effective",
        "2020-02-01",
    ]);
    approved.assert_code(0);
    let effective_line = changed.lines().nth(2).unwrap();
    assert_eq!(
        approved.stdout,
        format!(
            "Approved version 1.1 of maps/tiny (./content/maps/tiny/v1.1.yaml):\n  status: draft → approved\n  approved_by: (none) → Programme board\n  effective: {} → 2020-02-01\nIts summary says what changed (maps and forms have no change notes).\n",
            effective_line.trim_start_matches("  effective: ")
        )
    );
    assert_eq!(
        std::fs::read_to_string(&draft_file).unwrap(),
        changed
            .replace(
                "  status: draft\n",
                "  status: approved\n  approved_by: Programme board\n"
            )
            .replace(effective_line, "  effective: 2020-02-01")
    );
    let built = p.build();
    built.assert_ok();
    let map = built.page("maps/tiny.html");
    assert!(select_text(&map, ".wm-version-status")
        .join(" ")
        .contains("Version 1.1"));
    assert!(select_text(&map, "svg.wm-map")
        .join(" ")
        .contains("Close the case"));
}

/// A version block written on one line cannot be edited line by line: the
/// commands say so and write nothing.
#[test]
fn a_one_line_version_block_is_refused_with_a_reason() {
    let p = Project::new().file(
        "content/forms/slip/v1.0.yaml",
        "version: {status: approved, effective: 2019-01-01, approved_by: Board}\ntitle: Slip\npurpose: Test.\nwho: Testers.\nprivacy: Nothing is kept.\nsections:\n  - id: one\n    title: One\n    fields:\n      - {id: ref, label: Case reference, type: text}\n",
    );
    let run = p.run(&["new", "version", "forms/slip"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("`version:` block is written on one line"),
        "{}",
        run.stderr
    );
    assert!(!p.root().join("content/forms/slip/v1.1.yaml").exists());
    let unknown = p.run(&["approve", "forms/nope", "1.0", "--by", "Board"]);
    unknown.assert_code(1);
    assert!(unknown
        .stderr
        .contains("no versioned document, map or form `forms/nope`"));
}
