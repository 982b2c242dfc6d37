//! A project that is not the bundled programme: its own audiences, site
//! kinds and four requirement types (a fourth the bundled content does not
//! have), declared in its own files. Everywhere the bundled ones show, these
//! must: page metadata, the change log's filter, search facets, site pages,
//! the matrix, case studies, bench cards, the rule checks and `waymark new site`.

mod common;

use common::*;

const SITE_YAML: &str = "title: Lending service guidance
audiences:
  - {id: volunteers, name: Library volunteers, order: 2}
  - {id: members, name: Library members, description: People who borrow, order: 1}
  - {id: staff, name: Branch staff}
site_kinds:
  - {id: pilot, name: Pilot branch}
  - {id: joined, name: Joined later}
";

const RULES: &str = "min_age: 16
min_age_note: the scheme is for young people and adults
requirements:
  - {id: bks, name: Book loan, short: BKS}
  - {id: aud, name: Audiobook loan, short: AUD}
  - {id: mag, name: Magazine loan, short: MAG}
  - {id: tool, name: Tool library loan, short: TOOL, max_months: 3, also_called: [tool hire]}
allowed_combinations: [[bks, aud], [bks, tool], [bks, mag]]
forbidden_combinations: [[aud, tool]]
orders:
  - {id: standard_card, name: standard card, phrases: [standard card], abbreviations: [SC], max_months: 24}
";

const V1_0: &str = "---
title: National lending protocol
version: \"1.0\"
status: approved
effective: 2020-01-01
approved_by: Board
audience: [staff]
---

## Loans {#loans}

Loans last three weeks.
";

const V2_0: &str = "---
title: National lending protocol
version: \"2.0\"
status: approved
effective: 2021-01-01
approved_by: Board
audience: [volunteers]
changes:
  - id: longer-loans
    sections: [loans]
    summary: Loans are longer.
---

## Loans {#loans}

Loans last four weeks.
";

const NORTH: &str = "name: North branch
kind: joined
status: live
live_from: 2021-06-01
requirements: {tool: 2021-06-01, bks: 2021-06-01}
combinations: [[bks, tool]]
parameters: {tool_months: 2}
";

const NORTH_PATHWAY: &str = "---
title: North's lending
variation_of: protocol/national
based_on: \"2.0\"
audience: [volunteers]
---

North lends tools too.

## Loans {#loans}

Loans last four weeks; tools two months.
";

fn project() -> Project {
    Project::bare()
        .file("site.yaml", SITE_YAML)
        .file("content/national-rules.yaml", RULES)
        .file("content/index.md", "---\ntitle: Home\naudience: [members, staff]\n---\nWelcome.\n")
        .file("content/protocol/national/v1.0.md", V1_0)
        .file("content/protocol/national/v2.0.md", V2_0)
        .file("content/sites/north/site.yaml", NORTH)
        .file("content/sites/north/pathway.md", NORTH_PATHWAY)
        .file(
            "content/sites/south/site.yaml",
            "name: South branch\nkind: pilot\nstatus: live\nrequirements: {mag: 2020-02-01}\n",
        )
        .file(
            "content/training/cases/one.md",
            "---\ntitle: A tool loan\nkind: case-study\nrequirements: [tool, bks]\nsites: [north]\n---\nA composite case.\n",
        )
        .file(
            "content/training/cards/north.md",
            "---\ntitle: North at the desk\nkind: bench-card\nsite: north\n---\nWhat to check.\n",
        )
}

#[test]
fn declared_audiences_show_on_pages_in_the_change_log_filter_and_search_facets() {
    let built = project().build();
    built.assert_ok();
    assert!(built.warnings().is_empty(), "{}", built.messages());

    let home = built.page("index.html");
    assert_eq!(select_text(&home, "dd"), ["Library members, Branch staff"]);

    // The filter lists them by `order`, then as declared.
    let changes = built.page("changes.html");
    let options: Vec<(String, String)> = changes
        .select(&sel("#wm-f-audience option"))
        .map(|o| (o.value().attr("value").unwrap().to_string(), text_of(o)))
        .collect();
    assert_eq!(
        options,
        [
            ("".into(), "Everyone".into()),
            ("members".into(), "Library members".into()),
            ("volunteers".into(), "Library volunteers".into()),
            ("staff".into(), "Branch staff".into()),
        ]
    );
    assert_eq!(
        attr_all(&changes, "li.wm-change", "data-audience"),
        ["volunteers"]
    );

    let manifest = built.text("search/manifest.js");
    assert!(
        manifest.contains(
            "\"audiences\":[\"Branch staff\",\"Library members\",\"Library volunteers\"]"
        ),
        "{manifest}"
    );
}

#[test]
fn declared_site_kinds_and_a_fourth_requirement_type_show_on_site_and_training_pages() {
    let built = project().build();
    built.assert_ok();

    let north = built.page("sites/north/index.html");
    assert_eq!(select_text(&north, ".wm-caption"), ["Joined later"]);
    // In the order the rules declare them, not as the record lists them.
    assert_eq!(
        select_text(&north, "#requirements + table tbody td:first-child"),
        ["Book loan (BKS)", "Tool library loan (TOOL)"]
    );
    assert!(text_of(first(&north, "main")).contains("BKS with TOOL"));
    let south = built.page("sites/south/index.html");
    assert_eq!(select_text(&south, ".wm-caption"), ["Pilot branch"]);

    // Sites are listed by kind, in declared order: the pilot first.
    let sites = built.page("sites/index.html");
    let listed = text_of(first(&sites, "main"));
    let (s, n) = (listed.find("South branch"), listed.find("North branch"));
    assert!(s.is_some() && n.is_some() && s < n, "{listed}");

    let matrix = built.page("sites/matrix.html");
    assert!(text_of(first(&matrix, "main")).contains("North branch"));

    let case = built.page("training/cases/one.html");
    assert_eq!(
        select_text(&case, ".wm-case-tags .wm-tag--grey"),
        ["TOOL", "BKS"]
    );
    let card = built.page("training/cards/north.html");
    assert_eq!(
        select_text(&card, ".wm-bench-card__site p"),
        ["BKS since 1 June 2021; TOOL since 1 June 2021. Combined orders: BKS with TOOL."]
    );
}

#[test]
fn undeclared_words_are_located_errors_that_list_the_declared_ones() {
    let built = project()
        .file(
            "content/index.md",
            "---\ntitle: Home\naudience:\n  - members\n  - member\n---\nWelcome.\n",
        )
        .file(
            "content/sites/north/site.yaml",
            &NORTH.replace("kind: joined", "kind: joined-later"),
        )
        .file(
            "content/training/cases/one.md",
            "---\ntitle: A tool loan\nkind: case-study\nrequirements: [tools]\n---\nA case.\n",
        )
        .build();
    built.assert_failed();
    let e = built.error_containing("unknown audience `member`");
    assert_eq!(place(e), "content/index.md:5:5");
    let hint = e.hint.as_deref().unwrap();
    assert!(hint.contains("did you mean `members`?"), "{hint}");
    assert!(hint.contains("volunteers, members, staff"), "{hint}");

    let e = built.error_containing("unknown site kind `joined-later`");
    assert_eq!(place(e), "content/sites/north/site.yaml:2:1");
    assert!(e.hint.as_deref().unwrap().contains("pilot, joined"));

    let e = built.error_containing("unknown requirement `tools`");
    assert_eq!(place(e), "content/training/cases/one.md:4:16");
    assert!(e.hint.as_deref().unwrap().contains("did you mean `tool`?"));
}

#[test]
fn the_rules_check_the_fourth_requirement_type() {
    let site = NORTH
        .replace("combinations: [[bks, tool]]", "combinations: [[aud, tool]]")
        .replace("tool_months: 2", "tool_months: 5");
    let built = project()
        .file("content/sites/north/site.yaml", &site)
        .file(
            "content/sites/north/pathway.md",
            &NORTH_PATHWAY.replace(
                "North lends tools too.",
                "North offers tool hire with an audiobook loan. We accept members aged 14.",
            ),
        )
        .build();
    built.assert_failed();
    let messages: Vec<&str> = built.errors().iter().map(|e| e.message.as_str()).collect();
    assert!(
        messages
            .contains(&"site `north`: AUD + TOOL is not allowed: AUD and TOOL are never combined"),
        "{messages:?}"
    );
    let e = built.error_containing("`tool_months: 5` is longer than a TOOL allows");
    assert!(e.hint.as_deref().unwrap().contains("max_months: 3"));
    let e = built.error_containing("this sentence describes AUD and TOOL combined");
    assert_eq!(e.file, "content/sites/north/pathway.md");
    let e = built.error_containing("people aged 14");
    assert!(e
        .hint
        .as_deref()
        .unwrap()
        .contains("the scheme is for young people and adults"));
}

#[test]
fn a_new_site_takes_the_declared_kind_audiences_and_combinations() {
    let p = project();
    p.run(&["new", "site", "east"]).assert_code(0);
    let site = std::fs::read_to_string(p.root().join("content/sites/east/site.yaml")).unwrap();
    assert!(site.contains("kind: joined\n"), "{site}");
    assert!(
        site.contains("combinations: [[bks, aud], [bks, tool], [bks, mag]]\n"),
        "{site}"
    );
    let pathway = std::fs::read_to_string(p.root().join("content/sites/east/pathway.md")).unwrap();
    assert!(
        pathway.contains("audience: [members, volunteers, staff]\n"),
        "{pathway}"
    );
    let built = p.build();
    built.assert_ok();
    let east = built.page("sites/east/index.html");
    assert_eq!(select_text(&east, ".wm-caption"), ["Joined later"]);

    // `waymark status` reads the same project: its tracked site is a column.
    let status = p.run(&["status"]);
    status.assert_code(0);
    assert!(status.stdout.contains("north"), "{}", status.stdout);
}

#[test]
fn a_project_that_declares_nothing_builds_plain_pages() {
    let built = Project::bare()
        .file("site.yaml", "title: Plain docs\n")
        .file("content/index.md", "# Welcome\n\nPlain Markdown.\n")
        .file("content/guide/setup.md", "# Setting up\n\nSteps.\n")
        .build();
    built.assert_ok();
    assert!(built.diagnostics().is_empty(), "{}", built.messages());
    // Declaring nothing, a project still names audiences, site kinds and
    // requirement types by id (Markdown from before declarations existed):
    // each is named from its id; only a declared list makes others errors.
    let built = Project::bare()
        .file("site.yaml", "title: Plain docs\n")
        .file(
            "content/index.md",
            "---\ntitle: Home\naudience: [new-readers, staff]\n---\nHi.\n",
        )
        .file(
            "content/sites/north/site.yaml",
            "name: North\nkind: pilot-area\nstatus: live\nrequirements: {vis: 2021-06-01}\n",
        )
        .build();
    built.assert_ok();
    assert!(built.errors().is_empty(), "{}", built.messages());
    let home = built.page("index.html");
    let meta = select_text(&home, "main");
    assert!(meta.iter().any(|t| t.contains("New readers")), "{meta:?}");
    let site = built.text("sites/north/index.html");
    assert!(site.contains("Pilot area"), "the kind is named from its id");
}

/// The first format of `national-rules.yaml` (bare requirement ids with
/// `requirement_names`, `max_months` by order) still loads, and its rules
/// still apply.
#[test]
fn the_first_rules_format_still_builds_and_applies() {
    let rules = "min_age: 16
requirements: [bks, aud, mag, tool]
requirement_names: {bks: Book loan, aud: Audiobook loan, mag: Magazine loan, tool: Tool library loan}
forbidden_combinations: [[aud, tool]]
max_months: {standard_card: 24}
";
    let built = project().file("content/national-rules.yaml", rules).build();
    built.assert_ok();
    assert!(built.errors().is_empty(), "{}", built.messages());
    let north = built.text("sites/north/index.html");
    assert!(
        north.contains("Tool library loan"),
        "named by requirement_names"
    );

    let north = NORTH
        .replace(
            "requirements: {tool: 2021-06-01, bks: 2021-06-01}",
            "requirements: {tool: 2021-06-01, aud: 2021-06-01}",
        )
        .replace("combinations: [[bks, tool]]", "combinations: [[aud, tool]]");
    let built = project()
        .file("content/national-rules.yaml", rules)
        .file("content/sites/north/site.yaml", &north)
        .build();
    built.assert_failed();
    let e = built.error_containing("never combined");
    assert!(
        e.file.ends_with("sites/north/site.yaml"),
        "{}",
        built.messages()
    );
}

/// A versioned form names the project's own audiences too: its version
/// shows in the change log under that audience, and the filter names it.
#[test]
fn a_versioned_forms_audience_is_one_of_the_declared_ones() {
    let form = |meta: &str, options: &str| {
        format!(
            "version: {{{meta}}}\ntitle: Loan slip\npurpose: To lend.\nwho: Staff.\nprivacy: Nothing is kept.\nsections:\n  - id: one\n    title: One\n    fields:\n      - {{id: kind, label: Kind of loan, type: radios, options: [{options}]}}\n"
        )
    };
    let p = project()
        .file(
            "content/forms/slip/v1.0.yaml",
            &form("status: approved, effective: 2020-01-01", "Book"),
        )
        .file(
            "content/forms/slip/v1.1.yaml",
            &form(
                "status: approved, effective: 2021-06-01, summary: Tools can be lent, audience: [staff]",
                "Book, Tool",
            ),
        );
    let built = p.build();
    built.assert_ok();
    let changes = built.page("changes.html");
    let audiences = attr_all(&changes, "li.wm-change", "data-audience");
    assert!(audiences.contains(&"staff".to_string()), "{audiences:?}");

    p.write(
        "content/forms/slip/v1.1.yaml",
        &form(
            "status: approved, effective: 2021-06-01, summary: Tools can be lent, audience: [probation]",
            "Book, Tool",
        ),
    );
    let built = p.build();
    let e = built.error_containing("unknown audience `probation`");
    assert_eq!(e.file, "content/forms/slip/v1.1.yaml");
    assert!(e
        .hint
        .as_deref()
        .unwrap()
        .contains("volunteers, members, staff"));
}
