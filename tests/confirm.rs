//! `waymark confirm` and the agenda page's form (issue 17): decisions go into
//! a site's embedding.yaml without hand-editing YAML, keeping the file's
//! comments and order, and bad input is refused with located errors.

mod common;

use common::*;

const V1_0: &str = "---\ntitle: Doc\nversion: \"1.0\"\nstatus: approved\neffective: 2020-01-01\napproved_by: Board\nsummary: First.\n---\n\n## Intake\n\nText.\n";
const V1_1: &str = r#"---
title: Doc
version: "1.1"
status: approved
effective: 2020-06-01
approved_by: Board
summary: Second.
changes:
  - id: faster-intake
    sections: [intake]
    summary: Intake on the same day.
    major: true
    embed_by: 2099-01-01
  - id: shared-form
    sections: [intake]
    summary: One shared form.
    major: true
    embed_by: 2099-01-01
  - id: typo
    sections: []
    summary: A typo fixed.
    major: false
---

## Intake

Text, faster.
"#;
const SITE: &str = "name: Exeter\nkind: testbed\nstatus: live\nlive_from: 2000-01-01\n";
const EMBEDDING: &str = "# Exeter steering group decisions.\nconfirmations:\n  - change: doc@1.1#shared-form   # agreed in March\n    status: in-progress\n    date: 2020-09-01\n    by: Steering group\n    evidence: Form drafted.\n";

fn project() -> Project {
    Project::new()
        .file("content/doc/v1.0.md", V1_0)
        .file("content/doc/v1.1.md", V1_1)
        .file("content/sites/x/site.yaml", SITE)
        .file("content/sites/x/embedding.yaml", EMBEDDING)
}

fn embedding(p: &Project) -> String {
    std::fs::read_to_string(p.root().join("content/sites/x/embedding.yaml")).unwrap()
}

/// The matrix cell of a change for site x (its link to the agenda entry).
fn state(p: &Project, change_anchor: &str) -> String {
    let built = p.build();
    built.assert_ok();
    let html = built.page("embedding/index.html");
    select_text(
        &html,
        &format!(".wm-embed-matrix a[href='x.html#{change_anchor}']"),
    )
    .join(" ")
}

#[test]
fn one_decision_from_the_command_line() {
    let p = project();
    assert!(state(&p, "doc-1-1-faster-intake").contains("Awaiting"));
    let run = p.run(&[
        "confirm",
        "--site",
        "x",
        "doc@1.1#faster-intake",
        "--status",
        "embedded",
        "--date",
        "2024-03-06",
        "--by",
        "Steering group",
        "--evidence",
        "Audit: all seen the same day",
    ]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("Recorded 1 decision for Exeter"),
        "{}",
        run.stdout
    );
    // The old text, comments included, is untouched; the entry is appended.
    assert_eq!(
        embedding(&p),
        format!("{EMBEDDING}  - change: doc@1.1#faster-intake\n    status: embedded\n    date: 2024-03-06\n    by: Steering group\n    evidence: \"Audit: all seen the same day\"\n")
    );
    assert!(state(&p, "doc-1-1-faster-intake").contains("Embedded"));
    // The same decision again changes nothing.
    let again = p.run(&[
        "confirm",
        "--site",
        "x",
        "doc@1.1#faster-intake",
        "--status",
        "embedded",
        "--date",
        "2024-03-06",
        "--by",
        "Steering group",
        "--evidence",
        "Audit: all seen the same day",
    ]);
    assert_eq!(again.status, Some(0), "{}", again.stderr);
    assert!(
        again.stdout.contains("Already recorded"),
        "{}",
        again.stdout
    );
}

#[test]
fn a_minor_change_is_recorded_with_a_note() {
    let p = project();
    let run = p.run(&[
        "confirm",
        "--site",
        "x",
        "doc@1.1#typo",
        "--status",
        "embedded",
        "--date",
        "2024-03-06",
        "--by",
        "Steering group",
        "--evidence",
        "Seen.",
    ]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Note: doc@1.1#typo is a minor change; sites need not confirm it."),
        "{}",
        run.stdout
    );
    assert!(embedding(&p).ends_with("evidence: Seen.\n"));
}

#[test]
fn bad_values_on_the_command_line_are_refused() {
    let p = project();
    let run = p.run(&[
        "confirm",
        "--site",
        "x",
        "doc@1.1#faster-intak",
        "--status",
        "done",
        "--date",
        "06/03/2024",
        "--by",
        " ",
        "--evidence",
        "x",
    ]);
    assert_eq!(run.status, Some(1));
    for needle in [
        "unknown change `doc@1.1#faster-intak`",
        "did you mean `doc@1.1#faster-intake`?",
        "`done` is not a status",
        "use one of: embedded, in-progress, not-applicable",
        "`06/03/2024` is not a date",
        "`by` is empty",
    ] {
        assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
    }
    assert_eq!(embedding(&p), EMBEDDING, "nothing written");
    let unknown_site = p.run(&[
        "confirm",
        "--site",
        "nowhere",
        "doc@1.1#faster-intake",
        "--status",
        "embedded",
        "--date",
        "2024-03-06",
        "--by",
        "G",
        "--evidence",
        "E",
    ]);
    assert_eq!(unknown_site.status, Some(1));
    assert!(
        unknown_site.stderr.contains("no site `nowhere`; sites: x"),
        "{}",
        unknown_site.stderr
    );
}

const GOOD_FILE: &str = r#"{
  "format": "waymark-confirmations",
  "version": 1,
  "site": "x",
  "saved_at": "2024-03-06T10:00:00.000Z",
  "confirmations": [
    {
      "change": "doc@1.1#faster-intake",
      "status": "not-applicable",
      "date": "2024-03-06",
      "by": "Steering group",
      "evidence": "No same-day court here."
    },
    {
      "change": "doc@1.1#shared-form",
      "status": "embedded",
      "date": "2024-03-06",
      "by": "Clinical lead",
      "evidence": "The form is used for every referral."
    }
  ]
}
"#;

#[test]
fn a_file_from_the_agenda_page_is_merged() {
    let p = project().file("decisions.json", GOOD_FILE);
    let run = p.run(&["confirm", "--site", "x", "--from", "decisions.json"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("Recorded 2 decisions for Exeter"),
        "{}",
        run.stdout
    );
    let text = embedding(&p);
    assert!(text.starts_with(EMBEDDING), "{text}");
    assert!(text.ends_with("  - change: doc@1.1#shared-form\n    status: embedded\n    date: 2024-03-06\n    by: Clinical lead\n    evidence: The form is used for every referral.\n"), "{text}");
    assert!(state(&p, "doc-1-1-faster-intake").contains("Not applicable"));
    assert!(state(&p, "doc-1-1-shared-form").contains("Embedded"));
    // The agenda page has nothing left to confirm, so no form.
    let built = p.build();
    let agenda = built.page("embedding/x.html");
    assert_eq!(agenda.select(&sel("form[data-wm-confirm]")).count(), 0);
}

#[test]
fn a_bad_file_gets_errors_at_file_line_and_column() {
    let bad = GOOD_FILE
        .replace("doc@1.1#faster-intake", "doc@9.9#nothing")
        .replace("\"embedded\"", "\"embeded\"")
        .replace(
            "\"2024-03-06\",\n      \"by\": \"Clinical lead\"",
            "\"2024-02-30\",\n      \"by\": \"Clinical lead\"",
        );
    let p = project().file("decisions.json", &bad);
    let run = p.run(&["confirm", "--site", "x", "--from", "decisions.json"]);
    assert_eq!(run.status, Some(1));
    for needle in [
        "decisions.json:8:17: error: unknown change `doc@9.9#nothing`",
        "decisions.json:16:17: error: `embeded` is not a status",
        "decisions.json:17:15: error: `2024-02-30` is not a date",
    ] {
        assert!(run.stderr.contains(needle), "{needle}:\n{}", run.stderr);
    }
    assert_eq!(embedding(&p), EMBEDDING, "nothing written");

    // Not JSON at all, or the wrong site.
    let p = p.file(
        "broken.json",
        "{\n  \"format\": \"waymark-confirmations\",\n  oops\n}\n",
    );
    let run = p.run(&["confirm", "--site", "x", "--from", "broken.json"]);
    assert!(
        run.stderr
            .contains("broken.json:3:3: error: not a confirmation file"),
        "{}",
        run.stderr
    );
    let p = p.file(
        "other.json",
        &GOOD_FILE.replace("\"site\": \"x\"", "\"site\": \"y\""),
    );
    let run = p.run(&["confirm", "--site", "x", "--from", "other.json"]);
    assert!(
        run.stderr
            .contains("other.json:4:11: error: this file records decisions for site `y`, not `x`"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_agenda_page_has_a_form_for_each_awaiting_change() {
    let built = project().build();
    built.assert_ok();
    let html = built.page("embedding/x.html");
    let form = html.select(&sel("form#wm-confirm")).next().expect("form");
    // Hidden until confirm.js runs: without script there is nothing to save with.
    assert!(form.value().attr("hidden").is_some());
    assert_eq!(form.value().attr("data-wm-confirm"), Some("x"));
    assert_eq!(
        attr_all(&html, "[data-wm-change]", "data-wm-change"),
        ["doc@1.1#faster-intake", "doc@1.1#shared-form"]
    );
    let radios = attr_all(
        &html,
        "[data-wm-change='doc@1.1#faster-intake'] input[type=radio]",
        "value",
    );
    assert_eq!(radios, ["", "embedded", "in-progress", "not-applicable"]);
    // Every control has a label.
    for id in attr_all(
        &html,
        "form#wm-confirm input, form#wm-confirm textarea",
        "id",
    ) {
        assert_eq!(
            html.select(&sel(&format!("label[for='{id}']"))).count(),
            1,
            "{id}"
        );
    }
    assert!(html
        .select(&sel("script[src$='assets/confirm.js']"))
        .next()
        .is_some());
    assert!(built.exists("assets/confirm.js"));
}
