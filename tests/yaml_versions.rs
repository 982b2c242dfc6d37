//! Versioned maps and forms: `content/maps/<id>/v1.0.yaml` folders, their
//! pages, comparisons and entries in "What's changed".

mod common;

use common::*;

fn map_version(meta: &str, extra_step: bool) -> String {
    let mut text = format!(
        "version: {{{meta}}}
title: Tiny map
lanes:
  - {{id: court, label: Court}}
  - {{id: probation, label: Probation}}
steps:
  - {{id: a, lane: court, label: Start here, type: start, next: [b]}}
"
    );
    if extra_step {
        text.push_str("  - {id: b, lane: probation, label: Check the list, next: [c]}\n");
    } else {
        text.push_str("  - {id: b, lane: court, label: Check list, next: [c]}\n");
    }
    text.push_str("  - {id: c, lane: court, label: Finish, type: end}\n");
    text
}

fn form_version(meta: &str, options: &str, dob: bool) -> String {
    let mut text = format!(
        "version: {{{meta}}}
title: Tiny slip
purpose: To test versions.
who: Testers.
privacy: Nothing is kept.
sections:
  - id: one
    title: One
    fields:
      - {{id: ref, label: Case reference, type: text}}
      - {{id: reasons, label: Reasons not recommended, type: checkboxes, options: [{options}]}}
"
    );
    if dob {
        text.push_str("      - {id: dob, label: Date of birth, type: date}\n");
    }
    text
}

fn project() -> Project {
    Project::new()
        .file(
            "content/maps/tiny/v1.0.yaml",
            &map_version("status: approved, effective: 2019-01-01", false),
        )
        .file(
            "content/maps/tiny/v1.1.yaml",
            &map_version(
                "status: approved, effective: 2020-01-01, summary: Probation checks the list, major: true",
                true,
            ),
        )
        .file(
            "content/forms/slip/v1.0.yaml",
            &form_version("status: approved, effective: 2019-01-01", "No consent", true),
        )
        .file(
            "content/forms/slip/v1.1.yaml",
            &form_version(
                "status: approved, effective: 2021-01-01, summary: Fewer personal details, audience: [probation]",
                "No consent, Other",
                false,
            ),
        )
        .file(
            "content/guide.md",
            &page("Guide", "See [the map](maps/tiny.yaml) and [the slip](forms/slip/v1.0.yaml).\n\n```map\ntiny\n```\n"),
        )
}

#[test]
fn every_version_has_a_permanent_page_and_the_plain_address_shows_the_newest() {
    let built = project().build();
    built.assert_ok();
    for file in [
        "maps/tiny.html",
        "maps/tiny/v1.0.html",
        "maps/tiny/v1.1.html",
        "forms/slip.html",
        "forms/slip/v1.0.html",
        "forms/slip/v1.1.html",
    ] {
        assert!(built.exists(file), "{file} missing");
    }
    let current = built.page("maps/tiny.html");
    assert!(select_text(&current, "svg.wm-map")
        .join(" ")
        .contains("Check the list"));
    assert_eq!(count(&current, "#wm-version-banner"), 0);
    assert!(select_text(&current, ".wm-version-status")
        .join(" ")
        .contains("Version 1.1"));
    let old = built.page("maps/tiny/v1.0.html");
    assert_eq!(
        select_text(&old, "#wm-version-banner"),
        ["Superseded version"]
    );
    assert!(select_text(&old, "svg.wm-map")
        .join(" ")
        .contains("Check list"));
    assert!(attr_all(&old, ".wm-notification a", "href").contains(&"../tiny.html".to_string()));

    // The newest form is the one at the plain address, and links to a version resolve.
    let slip = built.page("forms/slip.html");
    assert_eq!(count(&slip, "[data-wm-field='dob']"), 0);
    assert_eq!(
        count(&built.page("forms/slip/v1.0.html"), "[data-wm-field='dob']"),
        1
    );
    let guide = built.page("guide.html");
    assert!(attr_all(&guide, ".wm-prose a", "href").contains(&"forms/slip/v1.0.html".to_string()));
    // Only the plain address is listed in the folder and found by search.
    let listing = built.page("forms/index.html");
    assert_eq!(
        attr_all(&listing, ".wm-listing a", "href")
            .iter()
            .filter(|h| h.contains("slip"))
            .count(),
        1
    );
}

#[test]
fn comparisons_list_field_and_step_changes_and_mark_the_diagram() {
    let built = project().build();
    built.assert_ok();
    let form = built.page("forms/slip/compare-v1.0-v1.1.html");
    let items = select_text(&form, ".wm-form-changes li").join("\n");
    assert!(items.contains("Other"), "{items}");
    assert!(items.contains("Date of birth"), "{items}");
    let map = built.page("maps/tiny/compare-v1.0-v1.1.html");
    let words = select_text(&map, ".wm-map-diff li").join("\n");
    assert!(words.contains("Moved"), "{words}");
    assert!(words.contains("reworded"), "{words}");
    assert!(count(&map, "svg.wm-map") == 1);
}

#[test]
fn map_and_form_versions_join_whats_changed_in_date_order() {
    let built = project().build();
    built.assert_ok();
    let changes = built.page("changes.html");
    let docs = attr_all(&changes, ".wm-change", "data-doc");
    assert_eq!(docs, ["forms/slip", "maps/tiny"], "newest first");
    let form_entry = select_text(&changes, ".wm-change").join("\n");
    assert!(form_entry.contains("Fewer personal details"));
    assert!(
        form_entry.contains("Date of birth"),
        "field-level changes shown"
    );
    assert_eq!(
        attr_all(&changes, ".wm-change", "data-major"),
        ["minor", "major"]
    );
    assert_eq!(
        attr_all(&changes, ".wm-change", "data-audience")[0],
        "probation"
    );
    let filter = attr_all(&changes, "#wm-f-doc option", "value");
    assert!(
        filter.contains(&"maps/tiny".to_string()) && filter.contains(&"forms/slip".to_string())
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let p = project().file(
        "content/maps/tiny/v2.0.yaml",
        &map_version("status: draft, effective: 2022-01-01", true),
    );
    let built = p.build();
    built.assert_ok();
    assert!(!built.exists("maps/tiny/v2.0.html"));
    let drafts = p.build_drafts();
    drafts.assert_ok();
    assert_eq!(
        select_text(&drafts.page("maps/tiny/v2.0.html"), "#wm-version-banner"),
        ["Draft version"]
    );
    // The plain address still shows the approved version.
    assert!(
        select_text(&drafts.page("maps/tiny.html"), ".wm-version-status")
            .join(" ")
            .contains("1.1")
    );
}

#[test]
fn version_files_are_checked() {
    let built = Project::new()
        .file(
            "content/maps/tiny/v1.0.yaml",
            &map_version("status: approved, effective: 2020-01-01", false),
        )
        .file(
            "content/maps/tiny/v1.1.yaml",
            &map_version("status: approved, effective: 2019-01-01", true),
        )
        .build();
    let e = built.error_containing("not after the version before it");
    assert_eq!(place(e), "content/maps/tiny/v1.1.yaml:1:1");

    let built = Project::new()
        .file(
            "content/forms/slip/v1.0.yaml",
            &form_version(
                "number: \"1.2\", status: approved, effective: 2019-01-01",
                "A",
                false,
            ),
        )
        .build();
    built.error_containing("does not match the file name v1.0.yaml");

    let no_meta = form_version("status: approved, effective: 2019-01-01", "A", false)
        .replace("version: {status: approved, effective: 2019-01-01}\n", "");
    let built = Project::new()
        .file("content/forms/slip/v1.0.yaml", &no_meta)
        .build();
    built.error_containing("needs a `version:` block");

    let built = Project::new()
        .file(
            "content/maps/tiny.yaml",
            &map_version("status: approved, effective: 2019-01-01", false),
        )
        .build();
    let e = built.error_containing("not versioned");
    assert_eq!(place(e), "content/maps/tiny.yaml:1:1");

    let built = Project::new()
        .file(
            "content/maps/tiny/v1.0.yaml",
            &map_version("status: approved, effective: 2019-01-01", false),
        )
        .file(
            "content/maps/tiny.yaml",
            &map_version("status: approved, effective: 2019-01-01", false).replacen(
                "version: {status: approved, effective: 2019-01-01}\n",
                "",
                1,
            ),
        )
        .build();
    built.error_containing("both `maps/tiny.yaml` and a versioned folder");

    let built = Project::new()
        .file(
            "content/maps/tiny/v1.0.yaml",
            &map_version("status: approved, effectiv: 2019-01-01", false),
        )
        .build();
    let e = built.error_containing("effectiv");
    assert!(
        e.hint.as_deref().unwrap_or("").contains("effective"),
        "{e:?}"
    );
}

#[test]
fn the_atom_feed_includes_map_and_form_versions() {
    let built = project()
        .file(
            "site.yaml",
            &format!("{MINIMAL_SITE_YAML}base_url: https://example.org/guide/\n"),
        )
        .build();
    built.assert_ok();
    let feed = built.text("changes.xml");
    let titles: Vec<&str> = feed
        .split("<title>")
        .skip(2)
        .map(|t| t.split("</title>").next().unwrap_or(""))
        .collect();
    assert_eq!(
        titles,
        ["Tiny slip, version 1.1", "Tiny map, version 1.1"],
        "newest first"
    );
    assert!(feed
        .contains("<link href=\"https://example.org/guide/forms/slip/compare-v1.0-v1.1.html\"/>"));
    assert!(feed.contains("<summary>Major change. Probation checks the list</summary>"));
    assert!(feed.contains("<updated>2021-01-01T00:00:00Z</updated>"));
}

/// A major version of a map is tracked for embedding like a protocol change:
/// matrix, agenda, change log and `waymark status`.
#[test]
fn a_major_map_version_is_tracked_for_embedding() {
    let p = Project::new()
        .file(
            "content/maps/tiny/v1.0.yaml",
            &map_version("status: approved, effective: 2019-01-01", false),
        )
        .file(
            "content/maps/tiny/v1.1.yaml",
            &map_version(
                "status: approved, effective: 2020-01-01, summary: Probation checks the list, major: true, embed_by: 2020-06-30",
                true,
            ),
        )
        .file("content/sites/x/site.yaml", "name: Exeter\nkind: testbed\nstatus: live\nlive_from: 2018-01-01\n")
        .file(
            "content/sites/x/embedding.yaml",
            "confirmations:\n  - change: maps/tiny@1.1\n    status: in-progress\n    date: 2020-09-01\n    by: Steering group\n",
        )
        .file("content/sites/y/site.yaml", "name: Yonder\nkind: testbed\nstatus: live\nlive_from: 2018-01-01\n");
    let built = p.build();
    built.assert_ok();
    let overdue = built
        .warnings()
        .into_iter()
        .find(|w| w.message.contains("overdue"))
        .unwrap();
    assert_eq!(
        overdue.message,
        "Yonder has 1 overdue change: maps/tiny@1.1"
    );

    let matrix = built.page("embedding/index.html");
    let row = first(&matrix, "tr#maps-tiny-1-1");
    assert_eq!(
        text_of(
            row.select(&sel(".wm-embed-matrix__summary"))
                .next()
                .unwrap()
        ),
        "Probation checks the list"
    );
    let cells: Vec<String> = row.select(&sel("td")).map(text_of).collect();
    assert_eq!(cells, ["In progress since 1 Sep 2020 Past due", "Overdue"]);

    let agenda = built.page("embedding/y.html");
    assert_eq!(
        attr_all(&agenda, "li.wm-agenda__item", "id"),
        ["maps-tiny-1-1"]
    );
    assert_eq!(
        attr_all(
            &agenda,
            "li.wm-agenda__item .wm-change-note__meta a",
            "href"
        )[0],
        "../maps/tiny/v1.1.html"
    );

    let changes = built.page("changes.html");
    let entry = first(&changes, "li.wm-change#maps-tiny-1-1");
    assert_eq!(entry.value().attr("data-sites"), Some("x y"));
    let states: Vec<String> = entry
        .select(&sel(".wm-site-states li"))
        .map(text_of)
        .collect();
    assert_eq!(
        states,
        [
            "Exeter: In progress since 1 September 2020 Past due",
            "Yonder: Overdue"
        ]
    );

    let json = p.run(&["status", "--format", "json"]);
    json.assert_code(0);
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["change"], "maps/tiny@1.1");
    assert_eq!(rows[0]["document"], "Tiny map");
    assert_eq!(rows[1]["state"], "overdue");

    // A confirmation naming a version that does not exist is an error.
    let bad = Project::new()
        .file(
            "content/maps/tiny/v1.0.yaml",
            &map_version("status: approved, effective: 2019-01-01", false),
        )
        .file(
            "content/sites/x/site.yaml",
            "name: Exeter\nkind: testbed\nstatus: live\nlive_from: 2018-01-01\n",
        )
        .file(
            "content/sites/x/embedding.yaml",
            "confirmations:\n  - change: maps/tiny@1.2\n    status: embedded\n",
        )
        .build();
    let e = bad.error_containing("unknown change `maps/tiny@1.2`");
    assert_eq!(place(e), "content/sites/x/embedding.yaml:2:1");
    assert!(
        e.hint
            .as_deref()
            .unwrap_or_default()
            .contains("maps/tiny@1.0"),
        "{:?}",
        e.hint
    );
}

#[test]
fn a_major_map_version_without_embed_by_is_a_warning() {
    let built = project().build();
    built.assert_ok();
    let w = built
        .warnings()
        .into_iter()
        .find(|w| w.message.contains("embed_by"))
        .expect("a warning");
    assert_eq!(
        w.message,
        "major version 1.1 of this map has no `embed_by` date"
    );
    assert_eq!(place(w), "content/maps/tiny/v1.1.yaml:1:1");
}

#[test]
fn a_maps_history_page_lists_its_versions_like_a_documents() {
    let built = project().build();
    built.assert_ok();
    let history = built.page("maps/tiny/history.html");
    // Newest first, each linking to its permanent page, with its summary and
    // the comparison with the version before.
    assert_eq!(
        attr_all(&history, ".wm-timeline__item", "data-version"),
        ["1.1", "1.0"]
    );
    assert_eq!(
        attr_all(&history, ".wm-timeline__title a", "href"),
        ["v1.1.html", "v1.0.html"]
    );
    assert_eq!(
        attr_all(&history, ".wm-timeline__item", "data-state"),
        ["current", "superseded"]
    );
    assert!(select_text(&history, ".wm-timeline__item")
        .join(" ")
        .contains("Probation checks the list"));
    assert_eq!(
        attr_all(&history, ".wm-timeline .wm-inline-links a", "href"),
        ["compare-v1.0-v1.1.html"],
        "a map has no print pages"
    );
    // What each version changed, computed as on the comparison page: only
    // the newer version has a version before it.
    let details = select_text(&history, ".wm-timeline__item details .wm-map-diff li");
    assert!(
        details.iter().any(|d| d.contains("Check the list")),
        "{details:?}"
    );
    assert_eq!(count(&history, ".wm-timeline__item details"), 1);
    // No document's "no change notes" line: maps have no notes.
    assert!(!select_text(&history, ".wm-timeline")
        .join(" ")
        .contains("No change notes"));
    assert_eq!(attr_all(&history, ".wm-lead a", "href"), ["../tiny.html"]);
    // Every page of the map leads to it: its version box and its comparisons.
    let map = built.page("maps/tiny.html");
    assert!(
        attr_all(&map, ".wm-version-list + p a", "href").contains(&"tiny/history.html".to_string())
    );
    let old = built.page("maps/tiny/v1.0.html");
    assert!(attr_all(&old, ".wm-version-list + p a", "href").contains(&"history.html".to_string()));
    let compare = built.page("maps/tiny/compare-v1.0-v1.1.html");
    assert!(attr_all(&compare, ".wm-inline-links a", "href").contains(&"history.html".to_string()));
    // A form has one too.
    let form = built.page("forms/slip/history.html");
    assert_eq!(
        attr_all(&form, ".wm-timeline__item", "data-version"),
        ["1.1", "1.0"]
    );
    assert!(
        select_text(&form, ".wm-timeline__item details .wm-form-changes li")
            .join(" ")
            .contains("Date of birth")
    );
}

#[test]
fn one_model_answers_for_documents_maps_and_forms() {
    use waymark::date::Date;
    use waymark::versions::{VersionState, Versioned, VersionedKind};

    let doc = |number: &str, effective: &str, extra: &str| {
        format!(
            "---\ntitle: Tiny protocol\nversion: \"{number}\"\nstatus: approved\neffective: {effective}\napproved_by: Board\n{extra}---\n\n## Steps\n\nVersion {number} of the steps.\n"
        )
    };
    let project = project()
        .file(
            "content/protocol/tiny/v1.0.md",
            &doc("1.0", "2019-01-01", ""),
        )
        .file(
            "content/protocol/tiny/v1.1.md",
            &doc(
                "1.1",
                "2020-01-01",
                "changes:\n  - {id: steps, sections: [steps], summary: Steps reworded.}\n",
            ),
        );
    let (_, documents, yaml, _) =
        waymark::commands::load_tracked(project.root()).expect("the project loads");

    // The same questions, asked the same way, of every kind.
    fn in_force<V>(item: &Versioned<V>, date: &str) -> Option<String> {
        item.in_force_on(Date::parse(date).unwrap())
            .map(|v| v.number.to_string())
    }
    fn states<V>(item: &Versioned<V>) -> Vec<VersionState> {
        item.versions.iter().map(|v| v.state).collect()
    }
    let document = &documents.docs[0];
    let map = yaml.docs.iter().find(|d| d.id == "tiny").unwrap();
    let form = yaml.docs.iter().find(|d| d.id == "slip").unwrap();
    assert_eq!(document.kind, VersionedKind::Document);
    assert_eq!(map.kind, VersionedKind::Map);
    assert_eq!(form.kind, VersionedKind::Form);
    assert_eq!(document.shown_url(), "protocol/tiny/index.html");
    assert_eq!(map.shown_url(), "maps/tiny.html");
    assert_eq!(document.title, "Tiny protocol");
    assert_eq!(map.title, "Tiny map");
    assert_eq!(form.title, "Tiny slip");

    assert_eq!(document.shown(), 1);
    assert_eq!(map.shown(), 1);
    assert_eq!(form.shown(), 1);
    let settled = [VersionState::Superseded, VersionState::Current];
    assert_eq!(states(document), settled);
    assert_eq!(states(map), settled);
    assert_eq!(states(form), settled);

    assert_eq!(in_force(document, "2018-12-31"), None);
    assert_eq!(in_force(map, "2018-12-31"), None);
    assert_eq!(in_force(document, "2019-06-01").as_deref(), Some("1.0"));
    assert_eq!(in_force(map, "2019-06-01").as_deref(), Some("1.0"));
    assert_eq!(in_force(form, "2020-06-01").as_deref(), Some("1.0"));
    assert_eq!(in_force(document, "2020-01-01").as_deref(), Some("1.1"));
    assert_eq!(in_force(map, "2020-01-01").as_deref(), Some("1.1"));
    assert_eq!(in_force(form, "2021-01-01").as_deref(), Some("1.1"));
}
