//! `waymark new site` through the real binary: the scaffold builds, `--from`
//! copies another site's pathway and figures, and mistakes are refused
//! without writing anything. Also run against a copy of the bundled content.

mod common;

use std::path::Path;

use common::*;
use scraper::Html;
use waymark::content::frontmatter::{self, FrontMatter};
use waymark::content::sites::{SiteRecord, SiteStatus};
use waymark::yaml::{self, Origin, Scalar};

const V1_0: &str = "---
title: National protocol
version: \"1.0\"
status: approved
effective: 2020-01-01
approved_by: Board
summary: First.
---

## Eligibility {#eligibility}

Adults are eligible.

## Treatment {#treatment}

Treatment lasts twelve weeks.
";

const V2_0: &str = "---
title: National protocol
version: \"2.0\"
status: approved
effective: 2021-01-01
approved_by: Board
summary: Second.
changes:
  - id: longer-treatment
    sections: [treatment]
    summary: Treatment is longer.
    major: true
    embed_by: 2099-01-01
---

## Eligibility {#eligibility}

Adults are eligible.

## Treatment {#treatment}

Treatment lasts six months.
";

const ALPHA_YAML: &str = "name: Alpha
kind: testbed
status: live
live_from: 2019-06-01
courts: [Alpha Magistrates' Court]
contacts:
  - {role: Clinical lead, organisation: Alpha Health}
parameters:
  sessions: 12
  referral_line: 01234 567890
combinations: [[mhtr, drr]]
";

const ALPHA_PATHWAY: &str = "---
title: Alpha's pathway
summary: How Alpha runs the pathway.
variation_of: protocol/national-protocol
based_on: \"2.0\"
owner: Alpha steering group
review_by: 2030-01-01
---

Alpha follows the national protocol.

## Who can take part {#eligibility}

Adults in Alpha are eligible for {{ site.sessions }} sessions; call {{ site.referral_line }}.

## Local clinic {#local-clinic after=treatment}

Alpha runs a weekly clinic.
";

/// A small project: the national document in two versions and site Alpha.
fn project() -> Project {
    Project::new()
        .file("content/protocol/national-protocol/v1.0.md", V1_0)
        .file("content/protocol/national-protocol/v2.0.md", V2_0)
        .file("content/sites/alpha/site.yaml", ALPHA_YAML)
        .file("content/sites/alpha/pathway.md", ALPHA_PATHWAY)
        .file("content/national-rules.yaml", REQUIREMENT_TYPES)
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

fn parse(root: &Path, rel: &str) -> Html {
    Html::parse_document(&read(root, rel))
}

/// A page's front matter, read as the build reads it (strict).
fn front_matter(text: &str) -> FrontMatter {
    let split = frontmatter::split(text).expect("closed front matter");
    frontmatter::parse(split.yaml.expect("front matter"), "pathway.md", &[])
        .unwrap_or_else(|d| panic!("{d:?}"))
}

/// A site's record, read as the build reads it (strict).
fn site_record(root: &Path, id: &str) -> SiteRecord {
    let text = read(root, &format!("content/sites/{id}/site.yaml"));
    yaml::parse(&text, Origin::file("site.yaml")).unwrap_or_else(|d| panic!("{d}\n{text}"))
}

#[test]
fn new_site_scaffolds_a_site_that_builds() {
    let p = project();
    // From another folder, with --root.
    let elsewhere = Project::bare();
    let root = p.root().to_str().unwrap();
    let run = elsewhere.run(&["new", "site", "north-wales", "--root", root]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("site.yaml") && run.stderr.contains("pathway.md"),
        "names the files it created:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("The new site builds"), "{}", run.stderr);
    assert!(
        entries(elsewhere.root()).is_empty(),
        "nothing written in the working folder"
    );
    assert_eq!(
        entries(&p.root().join("content/sites/north-wales")),
        ["pathway.md", "site.yaml"]
    );

    let record = site_record(p.root(), "north-wales");
    assert_eq!(record.name, "North Wales");
    assert_eq!(
        record.kind.as_deref(),
        Some("later-site"),
        "the last declared kind"
    );
    assert_eq!(record.status, SiteStatus::SettingUp);
    assert!(record.live_from.is_none(), "no invented start date");
    assert!(record.requirements.is_empty() && record.courts.is_empty());
    assert!(!record.unknown.is_empty(), "what is not known is said");

    let pathway = read(p.root(), "content/sites/north-wales/pathway.md");
    let front = front_matter(&pathway);
    assert_eq!(
        front.variation_of.as_deref(),
        Some("protocol/national-protocol")
    );
    assert_eq!(
        front.based_on.as_deref(),
        Some("2.0"),
        "the current national version"
    );

    let built = p.run(&["build"]);
    built.assert_code(0);
    let out = p.root().join("public");
    let site = parse(&out, "sites/north-wales/index.html");
    assert_eq!(select_text(&site, "h1"), ["North Wales"]);
    assert_eq!(select_text(&site, ".wm-caption"), ["Later site"]);
    let summary = text_of(first(&site, "#pathway + p"));
    assert!(
        summary.starts_with(
            "North Wales varies 0 sections of the National protocol, adds 0 and leaves out 0."
        ),
        "{summary}"
    );
    assert_eq!(
        attr_all(&site, "#pathway ~ ul.wm-inline-links a", "href")[0],
        "pathway.html"
    );
    // Everything national, nothing marked local.
    let html = parse(&out, "sites/north-wales/pathway.html");
    assert_eq!(count(&html, ".wm-local"), 0);
    assert_eq!(
        select_text(&html, "main .wm-prose h2"),
        ["Eligibility", "Treatment"]
    );
    assert!(text_of(first(&html, "main .wm-prose")).contains("Treatment lasts six months."));
    // Its start is not known, so no change is required of it; its agenda
    // says so.
    let agenda = parse(&out, "embedding/north-wales.html");
    assert_eq!(count(&agenda, "li.wm-agenda__item"), 0);
    assert!(text_of(first(&agenda, "main")).contains("no go-live date is recorded for this site"));
    assert!(out.join("embedding/alpha.html").exists());
    // With no variations it is still in the matrix, all national.
    let matrix = parse(&out, "sites/matrix.html");
    assert_eq!(
        select_text(&matrix, "main thead th a"),
        ["Alpha", "North Wales"]
    );
}

#[test]
fn new_site_takes_a_name() {
    let p = project();
    p.run(&["new", "site", "nw", "--name", "North Wales \"CSTR\""])
        .assert_code(0);
    assert_eq!(site_record(p.root(), "nw").name, "North Wales \"CSTR\"");
    p.run(&["build"]).assert_code(0);
    let site = parse(&p.root().join("public"), "sites/nw/index.html");
    assert_eq!(select_text(&site, "h1"), ["North Wales \"CSTR\""]);
}

#[test]
fn new_site_from_another_site_copies_its_pathway_and_figures_only() {
    let p = project();
    let run = p.run(&["new", "site", "north-wales", "--from", "alpha"]);
    run.assert_code(0);

    let record = site_record(p.root(), "north-wales");
    assert_eq!(record.name, "North Wales");
    assert_eq!(
        record.parameters.get("sessions"),
        Some(&Scalar::Integer(12))
    );
    assert_eq!(
        record.parameters.get("referral_line"),
        Some(&Scalar::Text("01234 567890".into()))
    );
    assert_eq!(record.combinations, [["mhtr", "drr"]]);
    // Facts that belong to Alpha are not copied.
    assert!(record.live_from.is_none());
    assert!(record.courts.is_empty());
    assert!(record.contacts.iter().all(|c| c
        .organisation
        .as_deref()
        .is_none_or(|o| !o.contains("Alpha"))));

    let pathway = read(p.root(), "content/sites/north-wales/pathway.md");
    let front = front_matter(&pathway);
    assert_eq!(front.title, "North Wales's pathway");
    assert_eq!(front.owner.as_deref(), Some("North Wales steering group"));
    assert_eq!(front.based_on.as_deref(), Some("2.0"));
    assert!(
        front.review_by.is_none(),
        "Alpha's review date is not copied"
    );
    assert!(
        pathway.contains("## Who can take part {#eligibility}"),
        "{pathway}"
    );
    assert!(pathway.contains("Copied from Alpha's pathway"), "{pathway}");

    p.run(&["build"]).assert_code(0);
    let out = p.root().join("public");
    let html = parse(&out, "sites/north-wales/pathway.html");
    assert_eq!(select_text(&html, "h1"), ["North Wales's pathway"]);
    assert_eq!(count(&html, ".wm-local--replaced"), 1);
    assert_eq!(count(&html, ".wm-local--added"), 1);
    let replaced = select_text(&html, ".wm-local--replaced > p");
    assert!(
        replaced
            .iter()
            .any(|p| p.contains("eligible for 12 sessions; call 01234 567890.")),
        "{replaced:?}"
    );
    // Alpha is untouched.
    assert_eq!(
        read(p.root(), "content/sites/alpha/pathway.md"),
        ALPHA_PATHWAY
    );
    assert!(out.join("sites/alpha/pathway.html").exists());
}

#[test]
fn new_site_refuses_an_existing_id() {
    let p = project();
    let run = p.run(&["new", "site", "alpha"]);
    assert_ne!(run.status, Some(0));
    assert!(
        run.stderr.contains("already exists; choose another id"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("alpha"), "{}", run.stderr);
    assert_eq!(read(p.root(), "content/sites/alpha/site.yaml"), ALPHA_YAML);
    assert_eq!(
        read(p.root(), "content/sites/alpha/pathway.md"),
        ALPHA_PATHWAY
    );

    // Twice in a row: the second run refuses the site the first created.
    p.run(&["new", "site", "north-wales"]).assert_code(0);
    let run = p.run(&["new", "site", "north-wales", "--from", "alpha"]);
    assert_ne!(run.status, Some(0));
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert!(
        !read(p.root(), "content/sites/north-wales/pathway.md").contains("Copied from"),
        "not overwritten"
    );
}

#[test]
fn new_site_refuses_a_bad_id() {
    let p = project();
    for bad in [
        "North-Wales",
        "north_wales",
        "1wales",
        "north wales",
        "../escape",
        "-x",
    ] {
        let run = p.run(&["new", "site", "--", bad]);
        assert_ne!(run.status, Some(0), "{bad:?} accepted");
        assert!(
            run.stderr.contains("is not a usable site id")
                && run
                    .stderr
                    .contains("lower-case letters, digits and hyphens"),
            "{bad:?}: {}",
            run.stderr
        );
    }
    assert_eq!(entries(&p.root().join("content/sites")), ["alpha"]);
    assert!(!p.root().join("content/escape").exists());
}

#[test]
fn new_site_from_an_unknown_site_writes_nothing() {
    let p = project();
    let run = p.run(&["new", "site", "north-wales", "--from", "nowhere"]);
    assert_ne!(run.status, Some(0));
    assert!(run.stderr.contains("no site `nowhere`"), "{}", run.stderr);
    assert!(!p.root().join("content/sites/north-wales").exists());
}

#[test]
fn new_site_from_plymouth_builds_with_the_bundled_content() {
    let dir = Project::bare();
    let root = dir.root();
    copy_dir(&repo_root().join("content"), &root.join("content"));
    std::fs::copy(repo_root().join("site.yaml"), root.join("site.yaml")).unwrap();

    let run = dir.run(&["new", "site", "north-wales", "--from", "plymouth"]);
    run.assert_code(0);
    assert!(run.stderr.contains("The new site builds"), "{}", run.stderr);
    let run = dir.run(&["new", "site", "east-wales", "--name", "East Wales"]);
    run.assert_code(0);
    // A site with no local pathway yet (Essex) lends its figures; the
    // pathway starts from the national template.
    let run = dir.run(&["new", "site", "west-essex", "--from", "essex"]);
    run.assert_code(0);
    let pathway = read(root, "content/sites/west-essex/pathway.md");
    assert!(
        pathway.contains("variation_of: protocol/national-protocol"),
        "{pathway}"
    );
    assert!(!pathway.contains("Copied from"), "{pathway}");

    let record = site_record(root, "north-wales");
    assert_eq!(
        record.parameters.get("usual_order_months"),
        Some(&Scalar::Integer(12))
    );

    dir.run(&["build"]).assert_code(0);
    let out = root.join("public");
    let html = parse(&out, "sites/north-wales/pathway.html");
    let plymouth = parse(&out, "sites/plymouth/pathway.html");
    for class in [
        ".wm-local--replaced",
        ".wm-local--added",
        ".wm-local--removed",
    ] {
        assert_eq!(count(&html, class), count(&plymouth, class), "{class}");
    }
    assert!(count(&html, ".wm-local--replaced") > 0);
    let site = parse(&out, "sites/north-wales/index.html");
    assert_eq!(select_text(&site, "h1"), ["North Wales"]);
    assert_eq!(
        attr_all(&site, "#pathway ~ ul.wm-inline-links a", "href")[..2],
        ["pathway.html", "compare.html"]
    );
    assert!(out.join("sites/east-wales/pathway.html").exists());
    let matrix = parse(&out, "sites/matrix.html");
    let columns = select_text(&matrix, "main thead th a");
    assert!(
        columns.contains(&"North Wales".to_string()) && columns.contains(&"East Wales".to_string()),
        "{columns:?}"
    );
}
