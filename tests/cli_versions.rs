//! The version commands (`new version`, `diff`, `status`) through the real
//! binary, and the Atom feed of changes.

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

## Treatment {#treatment}

Treatment lasts twelve weeks.
";

const V1_1: &str = "---
title: Test protocol
version: \"1.1\"
status: approved
effective: 2021-01-01
approved_by: Board
summary: Second.
changes:
  - id: longer-treatment
    sections: [treatment]
    summary: Treatment is longer.
    major: true
    embed_by: 2021-06-30
  - id: wording
    sections: [eligibility]
    summary: Clearer wording.
---

## Eligibility {#eligibility}

Adults aged 18 or over are eligible.

## Treatment {#treatment}

Treatment lasts six months.
";

fn project() -> Project {
    Project::new()
        .file("content/doc/v1.0.md", V1_0)
        .file("content/doc/v1.1.md", V1_1)
        .file("content/sites/x/site.yaml", "name: Site X\nkind: testbed\nstatus: live\nlive_from: 2019-01-01\n")
        .file(
            "content/sites/x/embedding.yaml",
            "confirmations:\n  - change: doc@1.1#longer-treatment\n    status: embedded\n    date: 2021-05-01\n    by: Steering group\n",
        )
        .file("content/sites/y/site.yaml", "name: Site Y\nkind: testbed\nstatus: live\nlive_from: 2019-01-01\n")
}

#[test]
fn diff_prints_a_word_level_redline() {
    let p = project();
    let run = p.run(&["diff", "doc", "1.0", "1.1", "--color", "never"]);
    run.assert_code(0);
    assert!(
        run.stdout.contains("version 1.0 → version 1.1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("[-twelve weeks-]") || run.stdout.contains("[-twelve-]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("{+six months+}") || run.stdout.contains("{+six+}"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour codes when told never"
    );
}

#[test]
fn diff_defaults_to_the_current_version_and_the_one_before() {
    let p = project();
    let explicit = p.run(&["diff", "content/doc/", "1.0", "1.1", "--color", "never"]);
    let default = p.run(&["diff", "doc", "--color", "never"]);
    default.assert_code(0);
    assert_eq!(explicit.stdout, default.stdout);
    let coloured = p.run(&["diff", "doc", "--color", "always"]);
    assert!(
        coloured.stdout.contains('\u{1b}'),
        "colour codes when told always"
    );
}

/// The version commands load through the build's own steps, so a map whose
/// versions are out of order stops them with the build's located error
/// (they once read Markdown documents only and never saw it).
#[test]
fn version_commands_report_a_broken_map_version_where_it_is() {
    let map = |effective: &str| {
        format!(
            "version: {{status: approved, effective: {effective}}}
title: Tiny map
lanes:
  - {{id: court, label: Court}}
steps:
  - {{id: a, lane: court, label: Start here, type: start, next: [b]}}
  - {{id: b, lane: court, label: Finish, type: end}}
"
        )
    };
    let p = project()
        .file("content/maps/tiny/v1.0.yaml", &map("2020-01-01"))
        .file("content/maps/tiny/v1.1.yaml", &map("2019-01-01"));
    for args in [
        &["diff", "doc"][..],
        &["status"][..],
        &["new", "version", "doc"][..],
    ] {
        let run = p.run(args);
        run.assert_code(1);
        assert!(
            run.stderr.contains("content/maps/tiny/v1.1.yaml:1:1")
                && run.stderr.contains("not after the version before it"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(!p.root().join("content/doc/v1.2.md").exists());
}

/// A command that cannot read the project prints its problems as `check`
/// does — `file:line:col: error: …` with the hint under it — and exits 1.
#[test]
fn commands_print_located_problems_as_check_does() {
    let p = project().file("content/guide.md", "---\ntitel: Guide\n---\n\nText.\n");
    let check = p.run(&["check"]);
    check.assert_code(1);
    let located = "content/guide.md:2:1: error: unknown front-matter key `titel`";
    for args in [&["diff", "doc"][..], &["status"][..]] {
        let run = p.run(args);
        run.assert_code(1);
        let lines: Vec<&str> = run.stderr.lines().collect();
        let at = lines.iter().position(|l| *l == located);
        let at = at.unwrap_or_else(|| panic!("{args:?}: a line `{located}` in\n{}", run.stderr));
        let hint = lines.get(at + 1).copied().unwrap_or_default();
        assert!(
            hint.starts_with("  help: did you mean `title`?"),
            "{args:?}: {hint}"
        );
        // The same two lines `check` prints, from the same renderer.
        assert!(
            check.stderr.contains(&format!("{located}\n{hint}\n")),
            "{args:?}: {}",
            check.stderr
        );
    }
}

#[test]
fn diff_explains_unknown_documents_and_versions() {
    let p = project();
    let run = p.run(&["diff", "nope"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("no versioned document `nope`") && run.stderr.contains("doc"),
        "{}",
        run.stderr
    );
    let run = p.run(&["diff", "doc", "0.9", "1.1"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("no version 0.9") && run.stderr.contains("1.0, 1.1"),
        "{}",
        run.stderr
    );
}

#[test]
fn new_version_starts_a_draft_that_builds() {
    let p = project();
    p.run(&["new", "version", "content/doc"]).assert_code(0);
    let text = std::fs::read_to_string(p.root().join("content/doc/v1.2.md")).unwrap();
    assert!(text.contains("version: \"1.2\""), "{text}");
    assert!(text.contains("status: draft"), "{text}");
    assert!(text.contains("changes: []"), "{text}");
    assert!(!text.contains("approved_by"), "{text}");
    assert!(
        text.contains("Treatment lasts six months."),
        "the body is copied"
    );

    // Without --drafts the site is as before; with it, the draft is there.
    let built = p.build();
    built.assert_ok();
    assert!(!built.exists("doc/v1.2.html"));
    let built = p.build_drafts();
    built.assert_ok();
    assert!(built.exists("doc/v1.2.html"));

    // A major version comes next, and an existing file is never overwritten.
    p.run(&["new", "version", "doc", "--major"]).assert_code(0);
    assert!(p.root().join("content/doc/v2.0.md").exists());
    std::fs::remove_file(p.root().join("content/doc/v2.0.md")).unwrap();
    std::fs::write(p.root().join("content/doc/v1.3.md"), "keep me").unwrap();
    let run = p.run(&["new", "version", "doc"]);
    run.assert_code(1);
    assert_eq!(
        std::fs::read_to_string(p.root().join("content/doc/v1.3.md")).unwrap(),
        "keep me"
    );
}

#[test]
fn status_reports_each_site_in_every_format() {
    let p = project();
    let table = p.run(&["status"]);
    table.assert_code(0);
    let row = table
        .stdout
        .lines()
        .find(|l| l.starts_with("doc@1.1#longer-treatment"))
        .expect("a row per major change");
    assert!(row.contains("Embedded") && row.contains("Overdue"), "{row}");
    assert!(
        !table.stdout.contains("wording"),
        "minor changes need no confirmation"
    );

    let json = p.run(&["status", "--format", "json"]);
    json.assert_code(0);
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2, "one major change × two sites");
    let x = rows.iter().find(|r| r["site"] == "x").unwrap();
    assert_eq!(x["status"], "Embedded");
    assert_eq!(x["date"], "2021-05-01");

    let csv = p.run(&["status", "--site", "y", "--format", "csv"]);
    csv.assert_code(0);
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert!(
        lines[0].starts_with("change,document,version"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 2);
    assert!(lines[1].contains(",y,overdue,Overdue,no,,"), "{}", lines[1]);

    let unknown = p.run(&["status", "--site", "z"]);
    unknown.assert_code(1);
    assert!(unknown.stderr.contains("sites: x, y"), "{}", unknown.stderr);
}

/// The Plymouth case: in progress after the confirm-by date stays in
/// progress, with its date and "past due", in every format; a later site
/// is listed as not required, with the reason.
#[test]
fn status_keeps_in_progress_records_and_explains_not_required() {
    let p = project()
        .file(
            "content/sites/y/embedding.yaml",
            "confirmations:\n  - change: doc@1.1#longer-treatment\n    status: in-progress\n    date: 2022-02-10\n    by: Forum\n",
        )
        .file("content/sites/z/site.yaml", "name: Site Z\nkind: later-site\nstatus: live\nlive_from: 2023-01-01\n");
    let table = p.run(&["status"]);
    table.assert_code(0);
    let row = table
        .stdout
        .lines()
        .find(|l| l.starts_with("doc@1.1#longer-treatment"))
        .unwrap();
    assert!(row.contains("In progress 2022-02-10, past due"), "{row}");
    assert!(!row.contains("Overdue"), "{row}");
    assert!(row.contains("Not required"), "{row}");
    assert!(
        table
            .stdout
            .contains("z: the site went live on 1 January 2023 with this change already in place"),
        "{}",
        table.stdout
    );

    let json = p.run(&["status", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let y = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["site"] == "y")
        .unwrap();
    assert_eq!(y["state"], "in-progress");
    assert_eq!(y["status"], "In progress");
    assert_eq!(y["past_due"], true);
    assert_eq!(y["date"], "2022-02-10");
    let z = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["site"] == "z")
        .unwrap();
    assert_eq!(z["state"], "not-required");
    assert!(z["reason"].as_str().unwrap().contains("went live"));

    let csv = p.run(&["status", "--site", "y", "--format", "csv"]);
    let line = csv.stdout.lines().nth(1).unwrap();
    assert!(
        line.contains(",y,in-progress,In progress,yes,,2022-02-10,Forum,"),
        "{line}"
    );

    let unknown = p.run(&["status", "--site", "w"]);
    unknown.assert_code(1);
    assert!(unknown.stderr.contains("sites: x, y"), "{}", unknown.stderr);
}

#[test]
fn atom_feed_is_written_only_with_a_base_url() {
    let p = project();
    let built = p.build();
    built.assert_ok();
    assert!(!built.exists("changes.xml"));

    p.write(
        "site.yaml",
        &format!("{MINIMAL_SITE_YAML}base_url: https://guidance.example/cstr/\n"),
    );
    let built = p.build();
    built.assert_ok();
    let feed = built.text("changes.xml");
    assert!(feed.starts_with("<?xml"));
    assert_eq!(
        feed.matches("<entry>").count(),
        2,
        "one entry per change note"
    );
    assert!(
        feed.contains("<link href=\"https://guidance.example/cstr/doc/v1.1.html\"/>"),
        "{feed}"
    );
    let changes = built.page("changes.html");
    assert_eq!(
        attr_all(&changes, "a[href='changes.xml']", "href").len(),
        1,
        "the page links to its feed"
    );
}

#[test]
fn atom_feed_escapes_text_for_xml_without_escaping_urls() {
    let p = project();
    p.write(
        "site.yaml",
        &format!(
            "{}base_url: https://guidance.example/cstr/\n",
            MINIMAL_SITE_YAML.replace(
                "title: Test site",
                "title: \"Courts & <Treatment> 'guide'\""
            )
        ),
    );
    let built = p.build();
    built.assert_ok();
    let feed = built.text("changes.xml");
    assert!(
        feed.contains(
            "<title>Courts &amp; &lt;Treatment&gt; &#39;guide&#39; – what's changed</title>"
        ),
        "{feed}"
    );
    assert!(
        feed.contains("<link rel=\"self\" href=\"https://guidance.example/cstr/changes.xml\"/>"),
        "{feed}"
    );
    assert!(!feed.contains("&#x2F;"), "{feed}");
}
