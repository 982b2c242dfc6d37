//! Sites: a site's pathway laid over the national versioned document, the
//! national rules checked against each site, stale local sections, and the
//! generated site, pathway, comparison and matrix pages.
//!
//! The fixture is a tiny national document in two versions (only `treatment`
//! changes between them) and sites that replace, add and remove sections.
//! Expected lines are found in the fixture text itself, so editing a fixture
//! cannot leave a test asserting a stale number.

mod common;

use common::*;
use scraper::{ElementRef, Html};

const NATIONAL: &str = "content/protocol/national-protocol";

const NATIONAL_V1: &str = r#"---
title: National protocol
version: "1.0"
status: approved
effective: 2020-01-01
approved_by: National steering group
summary: The first version.
---

How the national pathway runs.

## Eligibility {#eligibility}

Adults aged 18 or over are eligible.

## Identification {#identification}

Probation identifies possible cases on the court list.

### Screening {#screening}

Screen everyone on the list.

## Treatment {#treatment}

Treatment lasts twelve weeks.

## Review {#review}

The court reviews progress every month.

## Closure {#closure}

The order closes when treatment ends.
"#;

/// Version 2.0 changes only the text of `treatment`.
const NATIONAL_V2: &str = r#"---
title: National protocol
version: "2.0"
status: approved
effective: 2021-01-01
approved_by: National steering group
summary: Longer treatment.
changes:
  - id: longer-treatment
    sections: [treatment]
    summary: Treatment lasts six months.
    major: true
    embed_by: 2099-01-01
---

How the national pathway runs.

## Eligibility {#eligibility}

Adults aged 18 or over are eligible.

## Identification {#identification}

Probation identifies possible cases on the court list.

### Screening {#screening}

Screen everyone on the list.

## Treatment {#treatment}

Treatment lasts six months, in person or by video.

## Review {#review}

The court reviews progress every month.

## Closure {#closure}

The order closes when treatment ends.
"#;

/// The bundled rules, as the programme team writes them.
const RULES: &str = "min_age: 18
min_age_note: CSTRs are for adults
requirements:
  - {id: mhtr, name: Mental health treatment requirement, short: MHTR}
  - {id: atr, name: Alcohol treatment requirement, short: ATR}
  - {id: drr, name: Drug rehabilitation requirement, short: DRR}
allowed_combinations: [[mhtr, atr], [mhtr, drr]]
forbidden_combinations: [[atr, drr]]
orders:
  - {id: community_order, name: community order, phrases: [community order], abbreviations: [CO], max_months: 36}
  - {id: suspended_sentence_order, name: suspended sentence order, phrases: [suspended sentence order, suspended sentence, sso], max_months: 24}
";

const ALPHA_YAML: &str = "name: Alpha
kind: testbed
status: live
region: North
live_from: 2019-06-01
requirements: {mhtr: 2019-06-01, atr: 2019-07-01}
courts: [Alpha Magistrates' Court]
contacts:
  - {role: Programme lead, organisation: Alpha Council, how: Through the steering group}
steering_group:
  cadence: Monthly
  members: [Chair (commissioner), Probation]
parameters:
  sessions: 12
  usual_order_months: 12
combinations: [[mhtr, atr]]
";

/// Replaces `eligibility` (with a parameter), adds `local-clinic` after the
/// `identification` subtree, and leaves out `review`.
const ALPHA_PATHWAY: &str = r#"---
title: Alpha's pathway
variation_of: protocol/national-protocol
based_on: "2.0"
---

Alpha follows the national protocol except where this page says otherwise.

## Who can take part {#eligibility}

Adults aged 18 or over who live in Alpha are eligible for {{ site.sessions }} sessions.

## Local clinic {#local-clinic after=identification}

Alpha runs a weekly clinic at the court.

## Review {#review remove}

Alpha's court has no monthly review hearings.
"#;

/// Based on 1.0, replaces `identification` (unchanged in 2.0) and
/// `treatment` (changed in 2.0).
const BETA_PATHWAY: &str = r#"---
title: Beta's pathway
variation_of: protocol/national-protocol
based_on: "1.0"
---

## Identification {#identification}

The court duty officer identifies every case.

## Treatment {#treatment}

Treatment lasts twelve weeks at the Beta clinic.
"#;

fn site_yaml(name: &str) -> String {
    format!("name: {name}\nkind: testbed\nstatus: live\nlive_from: 2019-01-01\n")
}

/// The national document and the rules, with no sites.
fn national() -> Project {
    Project::new()
        .file(&format!("{NATIONAL}/v1.0.md"), NATIONAL_V1)
        .file(&format!("{NATIONAL}/v2.0.md"), NATIONAL_V2)
        .file("content/national-rules.yaml", RULES)
}

/// The national document and site Alpha.
fn alpha() -> Project {
    national()
        .file("content/sites/alpha/site.yaml", ALPHA_YAML)
        .file("content/sites/alpha/pathway.md", ALPHA_PATHWAY)
}

/// Alpha with `pathway.md` replaced.
fn alpha_with(pathway: &str) -> Project {
    alpha().file("content/sites/alpha/pathway.md", pathway)
}

/// Alpha's pathway with `body` after its front matter.
fn alpha_body(body: &str) -> String {
    format!(
        "---\ntitle: Alpha's pathway\nvariation_of: protocol/national-protocol\nbased_on: \"2.0\"\n---\n\n{body}"
    )
}

/// 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is not in the fixture"))
        + 1
}

/// 1-based column of `needle` on its line.
fn column_of(text: &str, needle: &str) -> usize {
    let line = text.lines().find(|l| l.contains(needle)).unwrap();
    line[..line.find(needle).unwrap()].chars().count() + 1
}

fn hint(d: &waymark::diagnostics::Diagnostic) -> &str {
    d.hint.as_deref().unwrap_or_default()
}

/// The page's prose: the pathway, without the header, TOC and key.
fn prose(html: &Html) -> ElementRef<'_> {
    first(html, "main .wm-prose")
}

/// Text of every h2/h3 of the prose, in document order.
fn prose_headings(html: &Html) -> Vec<String> {
    prose(html).select(&sel("h2, h3")).map(text_of).collect()
}

/// The `.wm-local` block whose heading (or, for removed sections, the block
/// itself) has `id`.
fn local_block<'a>(html: &'a Html, id: &str) -> ElementRef<'a> {
    html.select(&sel(".wm-local"))
        .find(|b| {
            b.value().attr("id") == Some(id)
                || b.select(&sel(&format!("[id=\"{id}\"]"))).next().is_some()
        })
        .unwrap_or_else(|| panic!("no .wm-local block for #{id}"))
}

fn block_text(block: ElementRef<'_>, selector: &str) -> String {
    block
        .select(&sel(selector))
        .map(text_of)
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The matrix as (row title, [cell text]) and the cell links by row id.
fn matrix_rows(html: &Html) -> Vec<(String, Vec<String>)> {
    html.select(&sel("main table tbody tr"))
        .map(|tr| {
            let title = text_of(tr.select(&sel("th")).next().unwrap());
            let cells = tr.select(&sel("td")).map(text_of).collect();
            (title, cells)
        })
        .collect()
}

fn matrix_links(html: &Html, row_title: &str) -> Vec<Option<String>> {
    let row = html
        .select(&sel("main table tbody tr"))
        .find(|tr| text_of(tr.select(&sel("th")).next().unwrap()) == row_title)
        .unwrap_or_else(|| panic!("no matrix row {row_title:?}"));
    row.select(&sel("td"))
        .map(|td| {
            td.select(&sel("a"))
                .next()
                .and_then(|a| a.value().attr("href").map(str::to_string))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The merged pathway page

#[test]
fn replaced_added_and_removed_sections_are_marked_in_national_order() {
    let built = alpha().build();
    built.assert_ok();
    assert!(
        built.warnings().is_empty(),
        "no warnings expected:\n{}",
        built.messages()
    );
    let html = built.page("sites/alpha/pathway.html");

    // National order, the site's title for the replaced section, the added
    // section after the whole `identification` subtree, and the removed
    // section still shown in place.
    assert_eq!(
        prose_headings(&html),
        [
            "Who can take part",
            "Identification",
            "Screening",
            "Local clinic",
            "Treatment",
            "Review",
            "Closure"
        ]
    );
    // Preamble, then the national intro, before the first section.
    let paragraphs = select_text(&html, "main .wm-prose > p");
    assert_eq!(
        &paragraphs[..2],
        [
            "Alpha follows the national protocol except where this page says otherwise.",
            "How the national pathway runs."
        ]
    );

    assert_eq!(count(&html, ".wm-local"), 3);
    assert_eq!(count(&html, ".wm-local--replaced"), 1);
    assert_eq!(count(&html, ".wm-local--added"), 1);
    assert_eq!(count(&html, ".wm-local--removed"), 1);

    // Replaced: the site's text, the tag, and the national wording behind a
    // details element, with the national heading demoted so ids stay unique.
    let replaced = local_block(&html, "eligibility");
    assert!(replaced
        .value()
        .classes()
        .any(|c| c == "wm-local--replaced"));
    assert_eq!(
        block_text(replaced, "h2"),
        "Who can take part",
        "the replaced section keeps the national id with the site's title"
    );
    let tag = block_text(replaced, ".wm-local__tag");
    assert!(
        tag.starts_with("Local ") && tag.contains("Alpha replaces the national wording"),
        "{tag}"
    );
    assert!(
        block_text(replaced, ":scope > p")
            .contains("who live in Alpha are eligible for 12 sessions"),
        "site text with the parameter filled in"
    );
    assert_eq!(count(&html, "details.wm-local__national"), 2);
    let details = replaced
        .select(&sel("details.wm-local__national"))
        .next()
        .expect("replaced section has the national wording");
    assert_eq!(
        block_text(details, "summary"),
        "National wording (National protocol, version 2.0)"
    );
    let national_text = block_text(details, ".wm-details__text");
    assert!(
        national_text.contains("Eligibility")
            && national_text.contains("Adults aged 18 or over are eligible."),
        "{national_text}"
    );
    assert_eq!(
        details.select(&sel("[id]")).count(),
        0,
        "no ids inside the national wording"
    );

    // Added: the site's section with its own tag and no national wording.
    let added = local_block(&html, "local-clinic");
    assert!(added.value().classes().any(|c| c == "wm-local--added"));
    assert!(
        block_text(added, ".wm-local__tag").starts_with("Local addition Alpha adds this section")
    );
    assert!(block_text(added, "p").contains("Alpha runs a weekly clinic at the court."));
    assert_eq!(added.select(&sel("details")).count(), 0);

    // Removed: the national title, the reason, the national wording; the
    // id on the block so links to #review still land.
    let removed = local_block(&html, "review");
    assert_eq!(removed.value().attr("id"), Some("review"));
    assert!(removed.value().classes().any(|c| c == "wm-local--removed"));
    assert_eq!(block_text(removed, "h2"), "Review");
    assert!(block_text(removed, ".wm-local__tag").starts_with("Not used here Alpha leaves out"));
    assert!(
        block_text(removed, ":scope > p").contains("Alpha's court has no monthly review hearings.")
    );
    assert!(block_text(removed, "details .wm-details__text")
        .contains("The court reviews progress every month."));

    // National sections are not wrapped.
    let treatment = first(&html, "#treatment");
    assert!(treatment
        .parent()
        .and_then(ElementRef::wrap)
        .is_some_and(|p| !p.value().classes().any(|c| c == "wm-local")));
    assert!(text_of(prose(&html)).contains("Treatment lasts six months, in person or by video."));

    // Contents: the added section is listed, and every entry lands on the page.
    let toc = attr_all(&html, ".wm-contents a", "href");
    assert!(toc.contains(&"#local-clinic".to_string()), "{toc:?}");
    assert!(toc.contains(&"#eligibility".to_string()), "{toc:?}");
    let page_ids = ids(&html);
    for href in &toc {
        assert!(
            page_ids.contains(&href[1..].to_string()),
            "TOC entry {href} has no target"
        );
    }
    // Each id once.
    let mut sorted = page_ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), page_ids.len(), "duplicate ids: {page_ids:?}");

    // The key links to the national version, the comparison and the site.
    let key_links = attr_all(&html, ".wm-variation-key a", "href");
    assert!(
        key_links
            .iter()
            .any(|h| h.ends_with("national-protocol/v2.0.html")),
        "{key_links:?}"
    );
    assert!(
        key_links.contains(&"compare.html".to_string()),
        "{key_links:?}"
    );
    assert!(
        key_links.contains(&"index.html".to_string()),
        "{key_links:?}"
    );
    assert_eq!(count(&html, "#wm-stale-banner"), 0);
}

#[test]
fn a_replacement_keeps_national_subsection_ids_it_writes() {
    let built = alpha_with(&alpha_body(
        "## Identification {#identification}\n\nThe court duty officer identifies every case.\n\n\
         ### Screening {#screening}\n\nAlpha screens on the morning of the hearing.\n",
    ))
    .build();
    built.assert_ok();
    let html = built.page("sites/alpha/pathway.html");
    let block = local_block(&html, "identification");
    assert_eq!(block_text(block, "h2, h3"), "Identification | Screening");
    assert_eq!(block.select(&sel("#screening")).count(), 1);
    // The national wording of the whole subtree, subsection included.
    let national = block_text(block, "details .wm-details__text");
    assert!(
        national.contains("Probation identifies possible cases")
            && national.contains("Screen everyone on the list."),
        "{national}"
    );
    assert_eq!(count(&html, "#screening"), 1);

    // The matrix links to the subsection the site kept.
    let matrix = built.page("sites/matrix.html");
    assert_eq!(
        matrix_links(&matrix, "Screening"),
        [Some("alpha/pathway.html#screening".to_string())]
    );
    assert_eq!(
        select_text(&matrix, "tbody tr:nth-child(3) td"),
        ["Within varied section"]
    );
}

#[test]
fn sections_inside_a_replaced_or_removed_parent_link_to_the_parent_in_the_matrix() {
    // Identification replaced without its `screening` subsection: the
    // page has no #screening, so the matrix links to #identification.
    let replaced = alpha_with(&alpha_body(
        "## Identification {#identification}\n\nThe court duty officer identifies every case.\n",
    ))
    .build();
    replaced.assert_ok();
    assert_eq!(
        count(&replaced.page("sites/alpha/pathway.html"), "#screening"),
        0
    );
    let matrix = replaced.page("sites/matrix.html");
    assert_eq!(
        matrix_links(&matrix, "Screening"),
        [Some("alpha/pathway.html#identification".to_string())]
    );
    assert_eq!(
        select_text(&matrix, "tbody tr:nth-child(3) td"),
        ["Within varied section"]
    );

    // Identification left out: so is its subsection.
    let removed = alpha_with(&alpha_body(
        "## Identification {#identification remove}\n\nThe court lists every case itself.\n",
    ))
    .build();
    removed.assert_ok();
    let matrix = removed.page("sites/matrix.html");
    assert_eq!(
        matrix_links(&matrix, "Screening"),
        [Some("alpha/pathway.html#identification".to_string())]
    );
    assert_eq!(
        select_text(&matrix, "tbody tr:nth-child(3) td"),
        ["Left out"]
    );
    assert_eq!(
        count(
            &removed.page("sites/alpha/pathway.html"),
            "div.wm-local--removed#identification"
        ),
        1
    );
}

#[test]
fn links_in_national_text_keep_their_national_targets_on_the_site_page() {
    // Relative links in the national document are written from its folder;
    // on the site's page they must still reach the same pages.
    let v2 = NATIONAL_V2
        .replace(
            "Adults aged 18 or over are eligible.",
            "Adults aged 18 or over are eligible. See [the protocol index](../index.md) and [version 1.0](v1.0.md#eligibility).",
        )
        .replace(
            "The court reviews progress every month.",
            "The court reviews progress every month, as in [version 1.0](v1.0.md).",
        )
        .replace(
            "    embed_by: 2099-01-01\n---",
            "    embed_by: 2099-01-01\n  - id: links\n    sections: [eligibility, review]\n    summary: Links to the index and the first version.\n---",
        );
    let built = alpha_with(&alpha_body(
        "## Review {#review remove}\n\nNo review hearings here.\n",
    ))
    .file(&format!("{NATIONAL}/v2.0.md"), &v2)
    .file(
        "content/protocol/index.md",
        &page("Protocol", "The protocol."),
    )
    .file("content/sites/index.md", &page("Sites", "All sites."))
    .build();
    built.assert_ok();
    let national = built.page("protocol/national-protocol/v2.0.html");
    assert_eq!(
        attr_all(&national, "#eligibility + p a", "href"),
        ["../index.html", "v1.0.html#eligibility"]
    );
    let html = built.page("sites/alpha/pathway.html");
    // A national section kept as it is.
    assert_eq!(
        attr_all(&html, "#eligibility + p a", "href"),
        [
            "../../protocol/index.html",
            "../../protocol/national-protocol/v1.0.html#eligibility"
        ]
    );
    // The national wording of a section the site leaves out.
    assert_eq!(
        attr_all(&html, "#review details a", "href"),
        ["../../protocol/national-protocol/v1.0.html"]
    );
}

// ---------------------------------------------------------------------------
// Overlay errors

#[test]
fn unknown_section_id_names_the_site_heading_and_suggests_the_id() {
    let body = alpha_body(
        "## Who can take part {#eligibilty}\n\nText.\n\n## Clinic {#clinic after=identificaton}\n\nText.\n",
    );
    let built = alpha_with(&body).build();
    built.assert_failed();
    assert!(!built.exists("sites/alpha/pathway.html"));
    let file = "content/sites/alpha/pathway.md";

    let e = built.error_containing("unknown section id `eligibilty`");
    assert_eq!(
        place(e),
        format!("{file}:{}:1", line_of(&body, "{#eligibilty}"))
    );
    assert!(
        e.message.contains("protocol/national-protocol/v2.0.md"),
        "{}",
        e.message
    );
    assert!(
        hint(e).contains("did you mean `eligibility`?"),
        "{}",
        hint(e)
    );

    let e = built.error_containing("unknown section id `identificaton` in `after=`");
    assert_eq!(
        place(e),
        format!("{file}:{}:1", line_of(&body, "{#clinic after"))
    );
    assert!(
        hint(e).contains("did you mean `identification`?"),
        "{}",
        hint(e)
    );
    assert_eq!(built.errors().len(), 2, "{}", built.messages());
}

#[test]
fn an_unknown_id_with_nothing_close_lists_the_national_ids() {
    let body = alpha_body("## Court rota {#court-rota}\n\nText.\n");
    let built = alpha_with(&body).build();
    let e = built.single_error();
    assert!(
        e.message.contains("unknown section id `court-rota`"),
        "{}",
        e.message
    );
    for id in [
        "`eligibility`",
        "`identification`",
        "`screening`",
        "`treatment`",
    ] {
        assert!(hint(e).contains(id), "hint lacks {id}: {}", hint(e));
    }
}

#[test]
fn a_heading_without_an_explicit_id_is_an_error() {
    let body = alpha_body("## Eligibility\n\nText.\n");
    let built = alpha_with(&body).build();
    let e = built.single_error();
    assert!(
        e.message
            .contains("site section `Eligibility` has no explicit `{#id}`"),
        "{}",
        e.message
    );
    assert_eq!(
        place(e),
        format!(
            "content/sites/alpha/pathway.md:{}:1",
            line_of(&body, "## Eligibility")
        )
    );
    assert!(hint(e).contains("{#eligibility}"), "{}", hint(e));
}

#[test]
fn conflicting_overlays_are_errors() {
    let file = "content/sites/alpha/pathway.md";

    // The same section overlaid twice.
    let body = alpha_body(
        "## Eligibility {#eligibility}\n\nOne.\n\n## Treatment {#treatment}\n\nT.\n\n## Eligibility again {#eligibility}\n\nTwo.\n",
    );
    let built = alpha_with(&body).build();
    let (first_line, second) = (
        line_of(&body, "{#eligibility}"),
        line_of(&body, "again {#eligibility}"),
    );
    let e = built.error_containing("is overlaid twice");
    assert_eq!(
        e.message,
        format!("section `eligibility` is overlaid twice, on line {first_line} and line {second}")
    );
    assert_eq!(place(e), format!("{file}:{second}:1"));

    // A subsection overlaid on its own when its parent is already replaced.
    let body = alpha_body(
        "## Identification {#identification}\n\nLocal.\n\n## Screening {#screening}\n\nLocal screening.\n",
    );
    let built = alpha_with(&body).build();
    let e = built.single_error();
    assert_eq!(
        e.message,
        format!(
            "section `screening` is inside `identification`, which line {} already replaces",
            line_of(&body, "{#identification}")
        )
    );
    assert_eq!(
        place(e),
        format!("{file}:{}:1", line_of(&body, "{#screening}"))
    );

    // Removed and added at once.
    let body = alpha_body("## Clinic {#clinic after=treatment remove}\n\nWhy.\n");
    let e = alpha_with(&body).build().single_error().clone();
    assert!(
        e.message.contains("is both removed and added"),
        "{}",
        e.message
    );

    // Added after a section the same site removes.
    let body = alpha_body(
        "## Review {#review remove}\n\nNo reviews.\n\n## Clinic {#clinic after=review}\n\nClinic.\n",
    );
    let built = alpha_with(&body).build();
    let e = built.single_error();
    assert_eq!(
        e.message,
        format!(
            "`after=review` names a section this site removes on line {}",
            line_of(&body, "{#review remove}")
        )
    );
    assert_eq!(
        place(e),
        format!("{file}:{}:1", line_of(&body, "{#clinic after"))
    );

    // A new section reusing a national id.
    let body = alpha_body("## Treatment {#treatment after=eligibility}\n\nText.\n");
    let e = alpha_with(&body).build().single_error().clone();
    assert!(
        e.message
            .contains("new section `treatment` has the id of an existing national section"),
        "{}",
        e.message
    );
}

#[test]
fn bad_variation_of_and_based_on_are_errors_at_their_front_matter_lines() {
    let file = "content/sites/alpha/pathway.md";
    let pathway = ALPHA_PATHWAY.replace(
        "variation_of: protocol/national-protocol",
        "variation_of: protocol/national-protocl",
    );
    let built = alpha_with(&pathway).build();
    let e = built.single_error();
    assert_eq!(
        e.message,
        "`variation_of: protocol/national-protocl` names no versioned document"
    );
    assert_eq!(
        place(e),
        format!("{file}:{}:1", line_of(&pathway, "variation_of:"))
    );
    assert_eq!(hint(e), "did you mean `protocol/national-protocol`?");

    let pathway = ALPHA_PATHWAY.replace("based_on: \"2.0\"", "based_on: \"3.0\"");
    let built = alpha_with(&pathway).build();
    let e = built.single_error();
    assert_eq!(
        e.message,
        "`based_on: 3.0` is not a version of protocol/national-protocol"
    );
    assert_eq!(
        place(e),
        format!("{file}:{}:1", line_of(&pathway, "based_on:"))
    );
    assert_eq!(hint(e), "versions: 1.0, 2.0");

    let pathway = ALPHA_PATHWAY.replace("based_on: \"2.0\"\n", "");
    let built = alpha_with(&pathway).build();
    let e = built.single_error();
    assert!(e.message.contains("needs `based_on`"), "{}", e.message);
    assert_eq!(hint(e), "add `based_on: \"2.0\"`");

    let pathway = ALPHA_PATHWAY.replace("variation_of: protocol/national-protocol\n", "");
    let built = alpha_with(&pathway).build();
    let e = built.single_error();
    assert_eq!(e.message, "`based_on` without `variation_of`");
    assert_eq!(
        place(e),
        format!("{file}:{}:1", line_of(&pathway, "based_on:"))
    );
}

#[test]
fn a_variation_outside_a_site_folder_or_without_a_site_record_is_an_error() {
    let built = national()
        .file("content/guidance/local.md", &alpha_body("Text.\n"))
        .build();
    let e = built.single_error();
    assert_eq!(e.file, "content/guidance/local.md");
    assert!(
        e.message.contains("must live in its site's folder"),
        "{}",
        e.message
    );

    let built = national()
        .file("content/sites/nowhere/pathway.md", &alpha_body("Text.\n"))
        .build();
    let e = built.single_error();
    assert_eq!(e.message, "there is no site `nowhere` for this variation");
    assert!(hint(e).contains("waymark new site nowhere"), "{}", hint(e));
}

// ---------------------------------------------------------------------------
// Site parameters

#[test]
fn parameters_are_substituted_outside_code_only() {
    let body = alpha_body(
        "## Who can take part {#eligibility}\n\nAlpha offers {{site.sessions}} sessions over {{ site.usual_order_months }} months.\n\n\
         Authors write `{{ site.sessions }}` to use the figure.\n",
    );
    let built = alpha_with(&body).build();
    built.assert_ok();
    let html = built.page("sites/alpha/pathway.html");
    let block = local_block(&html, "eligibility");
    let text = block_text(block, ":scope > p");
    assert!(
        text.contains("Alpha offers 12 sessions over 12 months."),
        "{text}"
    );
    assert_eq!(block_text(block, ":scope > p code"), "{{ site.sessions }}");

    // The site page lists the figures.
    let site = built.page("sites/alpha/index.html");
    assert_eq!(
        select_text(&site, "#local-figures + dl dt"),
        ["sessions", "usual_order_months"]
    );
    assert_eq!(select_text(&site, "#local-figures + dl dd"), ["12", "12"]);
}

#[test]
fn an_unknown_parameter_is_an_error_at_its_position() {
    let body = alpha_body(
        "## Who can take part {#eligibility}\n\nAlpha offers {{ site.sesions }} sessions.\n",
    );
    let built = alpha_with(&body).build();
    let e = built.single_error();
    assert_eq!(e.message, "unknown site parameter `sesions`");
    assert_eq!(
        place(e),
        format!(
            "content/sites/alpha/pathway.md:{}:{}",
            line_of(&body, "{{ site.sesions"),
            column_of(&body, "{{ site.sesions")
        )
    );
    assert!(
        hint(e).starts_with("did you mean `sessions`?"),
        "{}",
        hint(e)
    );
    assert!(hint(e).contains("`usual_order_months`"), "{}", hint(e));
}

// ---------------------------------------------------------------------------
// National rules

#[test]
fn a_forbidden_combination_in_site_yaml_names_the_file_and_line() {
    let yaml = ALPHA_YAML.replace(
        "combinations: [[mhtr, atr]]",
        "combinations: [[mhtr, atr], [atr, drr]]",
    );
    let built = alpha().file("content/sites/alpha/site.yaml", &yaml).build();
    let e = built.single_error();
    assert_eq!(
        place(e),
        format!(
            "content/sites/alpha/site.yaml:{}:1",
            line_of(&yaml, "combinations:")
        )
    );
    assert_eq!(
        e.message,
        "site `alpha`: ATR + DRR is not allowed: ATR and DRR are never combined"
    );
    assert!(
        hint(e).contains("forbidden_combinations: [atr, drr]"),
        "{}",
        hint(e)
    );
    assert!(
        hint(e).contains("content/national-rules.yaml"),
        "{}",
        hint(e)
    );

    // A combination that is neither allowed nor forbidden.
    let yaml = ALPHA_YAML.replace(
        "combinations: [[mhtr, atr]]",
        "combinations: [[mhtr, atr, drr]]",
    );
    let built = alpha().file("content/sites/alpha/site.yaml", &yaml).build();
    let e = built.single_error();
    assert!(e.message.contains("is not allowed"), "{}", e.message);
}

#[test]
fn an_order_longer_than_the_law_allows_names_the_parameter_line() {
    let yaml = ALPHA_YAML.replace("usual_order_months: 12", "usual_order_months: 40");
    let built = alpha().file("content/sites/alpha/site.yaml", &yaml).build();
    let e = built.single_error();
    assert_eq!(
        place(e),
        format!(
            "content/sites/alpha/site.yaml:{}:1",
            line_of(&yaml, "usual_order_months:")
        )
    );
    assert_eq!(
        e.message,
        "site `alpha`: `usual_order_months: 40` is longer than any order allows"
    );
    assert!(
        hint(e).contains("order `community_order`, max_months: 36"),
        "{}",
        hint(e)
    );

    // 36 is the maximum itself, and allowed.
    let yaml = ALPHA_YAML.replace("usual_order_months: 12", "usual_order_months: 36");
    alpha()
        .file("content/sites/alpha/site.yaml", &yaml)
        .build()
        .assert_ok();

    // A suspended sentence order has a lower maximum.
    let yaml = ALPHA_YAML.replace("usual_order_months: 12", "sso_months: 30");
    let built = alpha().file("content/sites/alpha/site.yaml", &yaml).build();
    let e = built.single_error();
    assert!(
        e.message
            .contains("longer than a suspended sentence order allows"),
        "{}",
        e.message
    );
}

#[test]
fn pathway_text_combining_atr_and_drr_fails_and_a_negation_passes() {
    let combined = alpha_body(
        "## Who can take part {#eligibility}\n\nAdults are eligible.\n\n## Local clinic {#local-clinic after=identification}\n\nThe clinic is weekly. We run ATR and DRR together.\n",
    );
    let built = alpha_with(&combined).build();
    let e = built.single_error();
    assert_eq!(e.file, "content/sites/alpha/pathway.md");
    assert_eq!(
        e.position.line,
        line_of(&combined, "We run ATR and DRR together")
    );
    assert!(
        e.message.contains("ATR") && e.message.contains("DRR") && e.message.contains("combined"),
        "{}",
        e.message
    );
    assert!(hint(e).contains("forbidden_combinations"), "{}", hint(e));

    // In the preamble too.
    let preamble = alpha_body("Alpha offers an ATR alongside a DRR.\n");
    let e = alpha_with(&preamble).build().single_error().clone();
    assert_eq!(e.position.line, line_of(&preamble, "alongside"));

    // Restating the rule is fine.
    let negated = combined.replace(
        "We run ATR and DRR together.",
        "ATR and DRR are never combined.",
    );
    let built = alpha_with(&negated).build();
    built.assert_ok();
    assert!(built
        .page("sites/alpha/pathway.html")
        .root_element()
        .text()
        .collect::<String>()
        .contains("ATR and DRR are never combined."));
}

// ---------------------------------------------------------------------------
// Stale local sections

fn with_beta(pathway: &str) -> Project {
    national()
        .file("content/sites/beta/site.yaml", &site_yaml("Beta"))
        .file("content/sites/beta/pathway.md", pathway)
}

#[test]
fn a_section_changed_nationally_since_based_on_is_stale() {
    let built = with_beta(BETA_PATHWAY).build();
    built.assert_ok();
    let warnings = built.warnings();
    let stale: Vec<_> = warnings
        .iter()
        .filter(|d| d.message.contains("stale"))
        .collect();
    assert_eq!(stale.len(), 1, "{}", built.messages());
    let w = stale[0];
    assert_eq!(
        place(w),
        format!(
            "content/sites/beta/pathway.md:{}:1",
            line_of(BETA_PATHWAY, "{#treatment}")
        )
    );
    assert_eq!(
        w.message,
        "Beta's section `treatment` is stale: the national section changed since version 1.0"
    );
    assert!(hint(w).contains("based_on: \"2.0\""), "{}", hint(w));

    // The site page says so and links to the section.
    let site = built.page("sites/beta/index.html");
    assert_eq!(
        select_text(&site, "#wm-stale-banner"),
        ["Local pathway needs review"]
    );
    let banner = first(&site, "[aria-labelledby=wm-stale-banner]");
    let links: Vec<_> = banner.select(&sel("li a")).collect();
    assert_eq!(links.len(), 1);
    assert_eq!(text_of(links[0]), "Treatment");
    assert_eq!(
        links[0].value().attr("href"),
        Some("pathway.html#treatment")
    );
    assert!(
        text_of(banner).contains("version 1.0"),
        "{}",
        text_of(banner)
    );

    // So does the pathway page, linking to the section on the same page.
    let pathway = built.page("sites/beta/pathway.html");
    assert_eq!(
        select_text(&pathway, "#wm-stale-banner"),
        ["Some local sections need review"]
    );
    let banner = first(&pathway, "[aria-labelledby=wm-stale-banner]");
    assert_eq!(
        attr_all(&Html::parse_fragment(&banner.html()), "a", "href"),
        ["#treatment"]
    );
    assert_eq!(count(&pathway, "#treatment"), 1);

    // The matrix flags the column.
    let matrix = built.page("sites/matrix.html");
    assert_eq!(
        select_text(&matrix, "thead th .wm-tag--yellow"),
        ["Needs review"]
    );
    // And the steering dashboard lists it.
    let dashboard = built.page("embedding/index.html");
    let stale = select_text(&dashboard, "#stale-pathways + p + ul li").join(" ");
    assert!(
        stale.contains("Beta") && stale.contains("Treatment"),
        "{stale}"
    );

    // Once reviewed against 2.0, nothing is stale.
    let built = with_beta(&BETA_PATHWAY.replace("based_on: \"1.0\"", "based_on: \"2.0\"")).build();
    built.assert_ok();
    assert!(
        built
            .warnings()
            .iter()
            .all(|d| !d.message.contains("stale")),
        "{}",
        built.messages()
    );
    assert_eq!(
        count(&built.page("sites/beta/index.html"), "#wm-stale-banner"),
        0
    );
    assert_eq!(
        count(&built.page("sites/beta/pathway.html"), "#wm-stale-banner"),
        0
    );
}

#[test]
fn a_national_change_elsewhere_does_not_make_a_site_stale() {
    // Based on 1.0, but replaces and removes only sections 2.0 left alone.
    let pathway = r#"---
title: Beta's pathway
variation_of: protocol/national-protocol
based_on: "1.0"
---

## Identification {#identification}

The court duty officer identifies every case.

## Review {#review remove}

No review hearings here.

## Clinic {#clinic after=treatment}

Beta runs a clinic.
"#;
    let built = with_beta(pathway).build();
    built.assert_ok();
    assert!(
        built
            .warnings()
            .iter()
            .all(|d| !d.message.contains("stale")),
        "{}",
        built.messages()
    );
    assert_eq!(
        count(&built.page("sites/beta/index.html"), "#wm-stale-banner"),
        0
    );
    assert_eq!(
        count(&built.page("sites/beta/pathway.html"), "#wm-stale-banner"),
        0
    );
    // The national change itself reaches the page.
    let html = built.page("sites/beta/pathway.html");
    assert!(text_of(prose(&html)).contains("Treatment lasts six months, in person or by video."));
}

#[test]
fn a_removed_section_changed_nationally_is_stale_too() {
    let pathway = r#"---
title: Beta's pathway
variation_of: protocol/national-protocol
based_on: "1.0"
---

## Treatment {#treatment remove}

Beta does not deliver treatment itself.
"#;
    let built = with_beta(pathway).build();
    built.assert_ok();
    let w = built
        .warnings()
        .into_iter()
        .find(|d| d.message.contains("stale"))
        .unwrap_or_else(|| panic!("no stale warning:\n{}", built.messages()))
        .clone();
    assert_eq!(w.position.line, line_of(pathway, "{#treatment remove}"));
    let site = built.page("sites/beta/index.html");
    assert_eq!(
        attr_all(&site, "[aria-labelledby=wm-stale-banner] li a", "href"),
        ["pathway.html#treatment"]
    );
    // The link target exists: the removed block carries the id.
    assert_eq!(
        count(
            &built.page("sites/beta/pathway.html"),
            "div.wm-local--removed#treatment"
        ),
        1
    );
}

#[test]
fn stale_warnings_point_at_the_right_heading_when_ids_share_a_prefix() {
    // `{#treatment-note …}` comes first and starts with `{#treatment`.
    let pathway = r#"---
title: Beta's pathway
variation_of: protocol/national-protocol
based_on: "1.0"
---

## Treatment note {#treatment-note after=identification}

A local note.

## Treatment {#treatment}

Treatment lasts twelve weeks at the Beta clinic.
"#;
    let built = with_beta(pathway).build();
    built.assert_ok();
    let w = built
        .warnings()
        .into_iter()
        .find(|d| d.message.contains("stale"))
        .unwrap_or_else(|| panic!("no stale warning:\n{}", built.messages()))
        .clone();
    assert_eq!(
        place(&w),
        format!(
            "content/sites/beta/pathway.md:{}:1",
            line_of(pathway, "{#treatment}")
        )
    );
}

// ---------------------------------------------------------------------------
// The matrix and the comparison

#[test]
fn the_matrix_shows_each_site_against_each_section_with_links() {
    let built = alpha()
        .file("content/sites/beta/site.yaml", &site_yaml("Beta"))
        .file(
            "content/sites/beta/pathway.md",
            &BETA_PATHWAY.replace("\"1.0\"", "\"2.0\""),
        )
        // A site without a pathway has no column.
        .file("content/sites/gamma/site.yaml", &site_yaml("Gamma"))
        .build();
    built.assert_ok();
    let html = built.page("sites/matrix.html");
    assert_eq!(
        select_text(&html, "main table thead th"),
        ["Section", "Alpha", "Beta"]
    );
    assert_eq!(
        attr_all(&html, "main table thead th a", "href"),
        ["alpha/index.html", "beta/index.html"]
    );
    assert_eq!(
        matrix_rows(&html),
        [
            (
                "Eligibility".to_string(),
                vec!["Varied".to_string(), "National".into()]
            ),
            (
                "Identification".into(),
                vec!["National".into(), "Varied".into()]
            ),
            (
                "Screening".into(),
                vec!["National".into(), "Within varied section".into()]
            ),
            (
                "Local clinic (local)".into(),
                vec!["Added".into(), "—Not at this site".into()]
            ),
            ("Treatment".into(), vec!["National".into(), "Varied".into()]),
            ("Review".into(), vec!["Left out".into(), "National".into()]),
            ("Closure".into(), vec!["National".into(), "National".into()]),
        ]
    );
    assert_eq!(
        matrix_links(&html, "Eligibility"),
        [
            Some("alpha/pathway.html#eligibility".to_string()),
            Some("beta/pathway.html#eligibility".to_string())
        ]
    );
    assert_eq!(
        matrix_links(&html, "Local clinic (local)"),
        [Some("alpha/pathway.html#local-clinic".to_string()), None]
    );
    assert_eq!(
        matrix_links(&html, "Review"),
        [
            Some("alpha/pathway.html#review".to_string()),
            Some("beta/pathway.html#review".to_string())
        ]
    );
    // Tags carry the state's colour.
    assert_eq!(
        select_text(&html, "tbody .wm-tag--blue"),
        ["Varied", "Varied", "Within varied section", "Varied"]
    );
    assert_eq!(select_text(&html, "tbody .wm-tag--green"), ["Added"]);
    assert_eq!(select_text(&html, "tbody .wm-tag--grey"), ["Left out"]);

    // Every link of the matrix lands on an element of its pathway page.
    for href in attr_all(&html, "main table tbody a", "href") {
        let (page, fragment) = href.split_once('#').expect("cell links name a section");
        let target = built.page(&format!("sites/{page}"));
        assert_eq!(
            count(&target, &format!("[id=\"{fragment}\"]")),
            1,
            "matrix link {href} has no target"
        );
    }
}

#[test]
fn the_comparison_redlines_the_site_against_national() {
    let built = alpha().build();
    built.assert_ok();
    let html = built.page("sites/alpha/compare.html");
    assert_eq!(
        select_text(&html, "h1"),
        ["Alpha's pathway compared with national"]
    );
    let ins = select_text(&html, ".wm-diff ins");
    let del = select_text(&html, ".wm-diff del");
    assert!(
        !ins.is_empty() && !del.is_empty(),
        "ins {ins:?} del {del:?}"
    );
    let ins = ins.join(" ");
    let del = del.join(" ");
    // Alpha's words in, the removed section's national words out.
    assert!(ins.contains("clinic"), "{ins}");
    assert!(
        ins.contains("12 sessions") || ins.contains("sessions"),
        "{ins}"
    );
    assert!(del.contains("reviews progress every month"), "{del}");
    // Screen-reader text on every change.
    assert_eq!(
        count(&html, ".wm-diff ins > .wm-visually-hidden"),
        count(&html, ".wm-diff ins")
    );
    // Links back.
    let links = attr_all(&html, "main a", "href");
    for want in ["pathway.html", "index.html"] {
        assert!(links.contains(&want.to_string()), "{links:?}");
    }
}

// ---------------------------------------------------------------------------
// The site page and embedding

#[test]
fn the_site_page_summarises_the_record_and_the_pathway() {
    let built = alpha().build();
    built.assert_ok();
    let html = built.page("sites/alpha/index.html");
    assert_eq!(select_text(&html, "h1"), ["Alpha"]);
    assert_eq!(
        select_text(&html, ".wm-caption"),
        ["Testbed site (2017–18)"]
    );
    let facts: Vec<(String, String)> = html
        .select(&sel("#facts + dl > div"))
        .map(|d| (block_text(d, "dt"), block_text(d, "dd")))
        .collect();
    assert_eq!(
        facts,
        [
            ("Status".to_string(), "Live".to_string()),
            ("Region".into(), "North".into()),
            ("Live on the protocol from".into(), "1 June 2019".into()),
            ("Courts".into(), "Alpha Magistrates' Court".into()),
            ("Combined orders offered".into(), "MHTR with ATR".into()),
        ]
    );
    assert_eq!(
        select_text(&html, "#requirements + table tbody td"),
        [
            "Mental health treatment requirement (MHTR)",
            "1 June 2019",
            "Alcohol treatment requirement (ATR)",
            "1 July 2019"
        ]
    );
    assert_eq!(select_text(&html, "#contacts + dl dt"), ["Programme lead"]);
    let contact = first(&html, "#contacts + dl dd");
    assert_eq!(
        contact.text().collect::<Vec<_>>(),
        ["Alpha Council", "Through the steering group"]
    );
    assert_eq!(
        select_text(&html, "#steering-group + dl dt"),
        ["Meets", "Members, by role"]
    );
    assert_eq!(select_text(&html, "#steering-group + dl dd")[0], "Monthly");
    assert_eq!(
        select_text(&html, "#steering-group + dl dd li"),
        ["Chair (commissioner)", "Probation"]
    );
    let pathway = text_of(first(&html, "#pathway + p"));
    assert!(
        pathway.starts_with(
            "Alpha varies 1 section of the National protocol, adds 1 and leaves out 1."
        ),
        "{pathway}"
    );
    assert!(pathway.contains("(version 2.0)"), "{pathway}");
    let links: Vec<(String, String)> = html
        .select(&sel("#pathway ~ ul.wm-inline-links a"))
        .map(|a| (text_of(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        links,
        [
            (
                "Read Alpha's pathway".to_string(),
                "pathway.html".to_string()
            ),
            ("Compare with national".into(), "compare.html".into()),
            ("Compare all sites".into(), "../matrix.html".into()),
        ]
    );
    // Embedding is tracked: one major change made after Alpha went live.
    assert_eq!(
        attr_all(&html, "#embedding ~ p a", "href"),
        ["../../embedding/alpha.html"]
    );
    assert!(built.exists("embedding/alpha.html"));
    assert_eq!(count(&html, "#wm-stale-banner"), 0);
}

#[test]
fn a_later_site_without_live_from_is_shown_as_not_required_with_the_reason() {
    let built = alpha()
        .file(
            "content/sites/delta/site.yaml",
            "name: Delta\nkind: later-site\nstatus: setting-up\nunknown: [Start date]\n",
        )
        .file(
            "content/sites/delta/pathway.md",
            "---\ntitle: Delta's pathway\nvariation_of: protocol/national-protocol\nbased_on: \"2.0\"\n---\n\n## Closure {#closure}\n\nDelta closes orders at a final review.\n",
        )
        .build();
    built.assert_ok();

    let html = built.page("sites/delta/index.html");
    assert_eq!(select_text(&html, ".wm-caption"), ["Later site"]);
    assert!(select_text(&html, "#facts + dl dd").contains(&"Setting up".to_string()));
    assert_eq!(
        select_text(&html, "#embedding + p"),
        ["No national change needs confirming by Delta: no go-live date is recorded for the site, so every change is shown as not required. See Delta's embedding record"]
    );
    assert_eq!(select_text(&html, "#not-known + ul li"), ["Start date"]);
    assert!(built.exists("sites/delta/pathway.html"));

    // The website lists it as `waymark status` does: every change not
    // required, with the reason.
    assert!(built.exists("embedding/alpha.html"));
    let agenda = built.page("embedding/delta.html");
    assert_eq!(count(&agenda, "li.wm-agenda__item"), 0);
    assert!(text_of(first(&agenda, "#not-required + p"))
        .contains("no go-live date is recorded for this site"));
    let embedding = built.page("embedding/index.html");
    assert_eq!(
        select_text(&embedding, "main table thead th a"),
        ["Alpha", "Delta"]
    );
    assert_eq!(
        select_text(&embedding, "main .wm-listing a"),
        ["Alpha", "Delta"]
    );
    let delta_cells: Vec<String> = embedding
        .select(&sel(".wm-embed-matrix tbody td"))
        .filter(|td| {
            td.select(&sel("a"))
                .any(|a| a.value().attr("href").unwrap().starts_with("delta.html#"))
        })
        .map(text_of)
        .collect();
    assert!(!delta_cells.is_empty());
    assert!(
        delta_cells
            .iter()
            .all(|c| c == "Not required No go-live date"),
        "{delta_cells:?}"
    );

    // It still has its column in the pathway matrix.
    let matrix = built.page("sites/matrix.html");
    assert_eq!(
        select_text(&matrix, "main table thead th a"),
        ["Alpha", "Delta"]
    );
}

#[test]
fn sites_without_a_pathway_get_a_page_and_no_matrix() {
    let built = national()
        .file("content/sites/gamma/site.yaml", &site_yaml("Gamma"))
        .build();
    built.assert_ok();
    let html = built.page("sites/gamma/index.html");
    assert_eq!(select_text(&html, "h1"), ["Gamma"]);
    assert!(
        text_of(first(&html, "#pathway + p")).starts_with("No local pathway is recorded for Gamma")
    );
    assert!(!built.exists("sites/gamma/pathway.html"));
    assert!(!built.exists("sites/gamma/compare.html"));
    assert!(!built.exists("sites/matrix.html"));
}

/// Resolving site variations reads the loaded content and changes none of
/// it: a pathway's merged text lives in its variation, and `page_text` is
/// how every later stage reads any page's text.
#[test]
fn variations_keep_the_merged_text_and_leave_the_loaded_pages_alone() {
    use waymark::sites::variations;
    let root = repo_root();
    let (content, documents) = waymark::commands::load_documents(&root, false).unwrap();
    let mut diags = waymark::diagnostics::Diagnostics::new();
    let found = variations::resolve(&content, &documents, &mut diags);
    assert!(
        !found.is_empty(),
        "the bundled sites vary the national pathway"
    );
    let (reloaded, _) = waymark::commands::load_documents(&root, false).unwrap();
    for v in &found {
        let page = &content.pages[v.page];
        assert_eq!(page.body, reloaded.pages[v.page].body, "{}", page.file);
        assert_eq!(variations::page_text(&content, &found, v.page), v.text);
        assert_ne!(
            v.text, page.body,
            "{}: merged over the national text",
            page.file
        );
    }
    let plain = (0..content.pages.len())
        .find(|i| found.iter().all(|v| v.page != *i))
        .unwrap();
    assert_eq!(
        variations::page_text(&content, &found, plain),
        content.pages[plain].body
    );
}
