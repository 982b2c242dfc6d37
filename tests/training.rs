//! Training material: learning paths, versioned modules, case studies and
//! bench cards.

mod common;

use common::*;

fn module(title: &str, order: u32, minutes: u32) -> String {
    format!("---\ntitle: {title}\norder: {order}\nkind: training-module\nduration_minutes: {minutes}\nobjectives:\n  - Do one thing\n  - Do another\n---\n\nText of {title}.\n")
}

fn versioned_module(n: &str, effective: &str) -> String {
    format!("---\ntitle: Changes module\norder: 3\nkind: training-module\nduration_minutes: 7\nobjectives: [Know what changed]\nversion: \"{n}\"\nstatus: approved\neffective: {effective}\napproved_by: Training group\nchanges:\n  - id: what\n    sections: [what]\n    summary: Says which version this is.\n---\n\n## What changed {{#what}}\n\nVersion {n}.\n")
}

fn project() -> Project {
    Project::new()
        .file("content/national-rules.yaml", REQUIREMENT_TYPES)
        .file("content/sites/plym/site.yaml", "name: Plym\nkind: testbed\nstatus: live\nlive_from: 2017-12-01\nrequirements: {mhtr: 2017-12-01}\ncombinations: [[mhtr, drr]]\nparameters: {usual_order_months: 12}\ncontacts:\n  - {role: Court duty officer, how: At court daily.}\n")
        .file("content/training/path/_section.yaml", "title: Sentencers\n")
        .file("content/training/path/one.md", &module("Module one", 1, 10))
        .file("content/training/path/two.md", &module("Module two", 2, 15))
        .file("content/training/path/three/v1.0.md", &versioned_module("1.0", "2019-01-01"))
        .file("content/training/path/three/v1.1.md", &versioned_module("1.1", "2020-01-01"))
        .file("content/training/cases/a.md", "---\ntitle: A case\nkind: case-study\nrequirements: [mhtr, drr]\nsites: [plym]\n---\n\nA composite scenario.\n")
        .file("content/training/cards/national.md", "---\ntitle: National card\nkind: bench-card\n---\n\n## Tests {#tests}\n\n- Short.\n")
        .file("content/training/cards/plym.md", "---\ntitle: Plym card\nkind: bench-card\nsite: plym\n---\n\n## Local {#local}\n\n- Short.\n")
}

#[test]
fn modules_say_where_they_stand_in_their_path() {
    let built = project().build();
    built.assert_ok();
    let two = built.page("training/path/two.html");
    let position = select_text(&two, ".wm-module-info__position").join(" ");
    assert!(position.contains("Module 2 of 3"), "{position}");
    assert!(position.contains("Sentencers"), "{position}");
    assert!(
        position.contains("about 15 minutes") && position.contains("32 for the whole path"),
        "{position}"
    );
    assert_eq!(
        select_text(&two, ".wm-objectives li"),
        ["Do one thing", "Do another"]
    );
    assert_eq!(count(&two, ".wm-progress__step--done"), 2);
    assert_eq!(count(&two, ".wm-progress__step"), 3);
    // Previous and next walk the path.
    assert!(attr_all(&two, ".wm-pagination a", "href")
        .iter()
        .any(|h| h.ends_with("one.html")));

    // The versioned module is the third, on every version's page.
    let three = built.page("training/path/three/index.html");
    assert!(select_text(&three, ".wm-module-info__position")
        .join(" ")
        .contains("Module 3 of 3"));
    let old = built.page("training/path/three/v1.0.html");
    assert!(select_text(&old, ".wm-module-info__position")
        .join(" ")
        .contains("Module 3 of 3"));
    assert_eq!(
        select_text(&old, "#wm-version-banner"),
        ["Superseded version"]
    );
    // "What changed since you trained": the current version offers the
    // comparison with each version a reader may have trained on.
    assert!(built.exists("training/path/three/compare-v1.0-v1.1.html"));
    assert_eq!(
        attr_all(&three, ".wm-trained-on a", "href"),
        ["compare-v1.0-v1.1.html"]
    );
    assert_eq!(count(&old, ".wm-trained-on"), 0);

    // Ordinary pages carry none of it.
    let plain = project()
        .file("content/other.md", &page("Other", "Text."))
        .build();
    assert_eq!(count(&plain.page("other.html"), ".wm-module-info"), 0);
}

#[test]
fn case_studies_show_their_tags() {
    let built = project().build();
    let case = built.page("training/cases/a.html");
    let tags = select_text(&case, ".wm-case-tags .wm-tag");
    assert_eq!(tags, ["Case study", "MHTR", "DRR"]);
    assert!(select_text(&case, ".wm-case-tags")
        .join(" ")
        .contains("Drawn from: Plym."));
}

#[test]
fn bench_cards_use_their_own_layout_and_a_site_card_adds_the_site() {
    let built = project().build();
    let national = built.page("training/cards/national.html");
    assert_eq!(
        count(&national, "article.wm-bench-card .wm-bench-card__body"),
        1
    );
    assert_eq!(count(&national, ".wm-bench-card__site"), 0);
    let local = built.page("training/cards/plym.html");
    let site = select_text(&local, ".wm-bench-card__site").join(" ");
    assert!(site.contains("Plym at a glance"), "{site}");
    assert!(site.contains("MHTR since 1 December 2017"), "{site}");
    assert!(
        site.contains("MHTR with DRR") && site.contains("Usual order: 12 months"),
        "{site}"
    );
    assert!(
        site.contains("Court duty officer: At court daily.") && !site.contains("daily.."),
        "{site}"
    );
}

#[test]
fn training_keys_belong_to_their_kinds_and_name_real_sites() {
    let built = project()
        .file(
            "content/stray.md",
            "---\ntitle: Stray\nduration_minutes: 5\n---\n\nText.\n",
        )
        .build();
    let e = built.error_containing("`duration_minutes` is only for training-module pages");
    assert_eq!(place(e), "content/stray.md:3:1");
    assert!(e
        .hint
        .as_deref()
        .unwrap_or("")
        .contains("kind: training-module"));

    let built = project()
        .file(
            "content/training/cards/bad.md",
            "---\ntitle: Bad card\nkind: bench-card\nsite: plim\n---\n\nText.\n",
        )
        .build();
    let e = built.error_containing("no site `plim`");
    assert_eq!(place(e), "content/training/cards/bad.md:4:1");
    assert_eq!(e.hint.as_deref(), Some("did you mean `plym`?"));

    let built = project()
        .file(
            "content/x.md",
            "---\ntitle: X\nkind: lesson\n---\n\nText.\n",
        )
        .build();
    built.error_containing("unknown variant `lesson`");
}
