//! The programme team's maintenance view: `maintenance.html` and
//! `waymark status --stale` (issue 17).

mod common;

use common::*;

const V1: &str = "---
title: National protocol
version: \"1.0\"
status: approved
effective: 2020-01-01
approved_by: Board
summary: First.
review_by: 2020-06-01
owner: Programme team
---

## Eligibility {#eligibility}

Adults.

## Treatment {#treatment}

Twelve weeks.
";

const V2: &str = "---
title: National protocol
version: \"2.0\"
status: approved
effective: 2021-01-01
approved_by: Board
summary: Second.
review_by: 2099-01-01
changes:
  - id: longer
    sections: [treatment]
    summary: Treatment lasts six months.
    major: true
    embed_by: 2021-06-30
---

## Eligibility {#eligibility}

Adults.

## Treatment {#treatment}

Six months.
";

fn project() -> Project {
    Project::new()
        .file("content/protocol/national/v1.0.md", V1)
        .file("content/protocol/national/v2.0.md", V2)
        .file(
            "content/guide/old.md",
            "---\ntitle: Old guide\nowner: Court lead\nreview_by: 2022-03-01\n---\n\nText.\n",
        )
        .file(
            "content/guide/orphan.md",
            "---\ntitle: Orphan guide\nreview_by: 2021-01-01\n---\n\nText.\n",
        )
        .file(
            "content/guide/fresh.md",
            "---\ntitle: Fresh guide\nowner: Court lead\nreview_by: 2099-01-01\n---\n\nText.\n",
        )
        .file("content/sites/x/site.yaml", "name: Exeter\nkind: testbed\nstatus: live\nlive_from: 2019-01-01\n")
        .file(
            "content/sites/x/pathway.md",
            "---\ntitle: Exeter's pathway\nvariation_of: protocol/national\nbased_on: \"1.0\"\n---\n\n## Treatment {#treatment}\n\nTen weeks here.\n",
        )
        .file("content/sites/y/site.yaml", "name: Yonder\nkind: testbed\nstatus: live\nlive_from: 2019-01-01\n")
        .file(
            "content/sites/y/embedding.yaml",
            "confirmations:\n  - change: protocol/national@2.0#longer\n    status: embedded\n    date: 2021-05-01\n",
        )
}

#[test]
fn the_maintenance_page_lists_reviews_stale_pathways_and_overdue_sites() {
    let built = project().build();
    built.assert_ok();
    let html = built.page("maintenance.html");
    // Oldest first; the superseded version 1.0 is history, not listed.
    assert_eq!(
        select_text(&html, "#reviews + .wm-table-wrap tbody tr td:first-child a"),
        ["Orphan guide", "Old guide"]
    );
    assert_eq!(
        select_text(&html, "#reviews + .wm-table-wrap tbody tr td:nth-child(2)"),
        ["No owner", "Court lead"]
    );
    assert_eq!(
        attr_all(&html, "#reviews + .wm-table-wrap tbody a", "href"),
        ["guide/orphan.html", "guide/old.html"]
    );
    assert_eq!(
        select_text(&html, "#stale + p + ul.wm-maintenance-list > li"),
        ["Exeter: Treatment"]
    );
    assert_eq!(select_text(&html, "#overdue + ul > li > a"), ["Exeter"]);
    assert_eq!(
        select_text(&html, "#overdue + ul li li"),
        ["Overdue Treatment lasts six months. National protocol, version 2.0 · protocol/national@2.0#longer"]
    );
    // The embedding matrix links to it.
    let matrix = built.page("embedding/index.html");
    assert!(attr_all(&matrix, "main a", "href").contains(&"../maintenance.html".to_string()));
}

#[test]
fn status_stale_prints_the_same_report() {
    let p = project();
    let run = p.run(&["status", "--stale"]);
    run.assert_code(0);
    let out = &run.stdout;
    assert!(out.contains("Pages past their review date (2):\n  2021-01-01  content/guide/orphan.md  owner: none recorded  (Orphan guide)\n  2022-03-01  content/guide/old.md  owner: Court lead  (Old guide)\n"), "{out}");
    assert!(
        out.contains("Site pathways behind a national change (1):\n  x: Treatment\n"),
        "{out}"
    );
    assert!(out.contains("Sites with overdue or past-due changes (1):\n  x:\n    overdue   protocol/national@2.0#longer\n"), "{out}");
    let both = p.run(&["status", "--stale", "--site", "x"]);
    both.assert_code(2);
}
