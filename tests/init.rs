//! `waymark init`: the starting project is not the bundled programme, shows
//! every part of the product, and builds with no errors and no warnings.

mod common;

use common::*;

#[test]
fn the_new_project_builds_with_no_warnings() {
    let (_dir, built) = initialised();
    built.assert_ok();
    assert!(built.diagnostics().is_empty(), "{}", built.messages());
}

#[test]
fn the_new_project_shows_the_whole_product() {
    let (_dir, built) = initialised();
    built.assert_ok();

    // One versioned document with two versions, change notes and a comparison.
    let doc = built.page("protocol/home-visits/index.html");
    let text = text_of(first(&doc, "main"));
    assert!(
        text.contains("Visits are booked within five working days, not ten."),
        "{text}"
    );
    assert!(text.contains("A red rating now leads to a phone check-in within a week."));
    assert!(built.exists("protocol/home-visits/v1.0.html"));
    let compare = built.page("protocol/home-visits/compare-v1.0-v1.1.html");
    assert!(
        count(&compare, "ins") > 0,
        "the comparison marks what was added"
    );

    // One area with a variation of the protocol and an embedding record.
    let area = built.page("sites/riverside/index.html");
    assert_eq!(select_text(&area, ".wm-caption"), ["First area"]);
    assert_eq!(
        select_text(&area, "#requirements + table tbody td:first-child"),
        ["Home visit (Visit)", "Phone check-in (Call)"]
    );
    let pathway = built.page("sites/riverside/pathway.html");
    assert_eq!(count(&pathway, ".wm-local--added"), 1);
    assert!(text_of(first(&pathway, ".wm-local--added")).contains("up to 3 months"));
    let embedding = built.page("embedding/riverside.html");
    assert!(text_of(first(&embedding, "main")).contains("Embedded"));

    // A glossary (marked where pages use it), a map and a form.
    let glossary = built.page("glossary.html");
    assert!(text_of(first(&glossary, "main")).contains("Red, amber, green"));
    assert_eq!(
        attr_all(&doc, "abbr.wm-abbr", "title"),
        ["Red, amber, green"]
    );
    let map = built.page("maps/visit.html");
    assert_eq!(count(&map, "svg.wm-map"), 1);
    let form = built.page("forms/visit-request.html");
    assert!(count(&form, "form input, form textarea") >= 4);

    // The project's own audiences label its pages.
    let home = built.page("index.html");
    assert_eq!(
        select_text(&home, "dd"),
        ["Visitors, Area coordinators, Partner organisations"]
    );
}

#[test]
fn the_new_project_names_nothing_of_the_bundled_programme() {
    let dir = Project::bare();
    let root = dir.root().join("new");
    waymark::init::init(&root).unwrap();
    let mut stack = vec![root];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap().to_lowercase();
        for word in [
            "cstr",
            "mhtr",
            "probation",
            "magistrat",
            "sentenc",
            "testbed",
        ] {
            assert!(!text.contains(word), "{} names `{word}`", path.display());
        }
    }
}
