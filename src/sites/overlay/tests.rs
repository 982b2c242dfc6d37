use super::*;

pub(super) const NATIONAL: &str = "\
National intro.

## Treatment {#treatment}

National treatment.

### Dosage {#dosage}

National dosage.

### Venues

National venues.

## Combined orders {#combined-orders}

National combined.

```markdown
## Fake {#fake}
```

## Court list priority {#court-list-priority}

National priority.

## Reviews {#reviews}

National reviews.
";

pub(super) const SITE_FILE: &str = "sites/plymouth/pathway.md";

pub(super) fn run(site: &str) -> Result<Merged, Vec<Diagnostic>> {
    overlay(&OverlayInput {
        national_body: NATIONAL,
        national_file: "content/pathway/treatment.md",
        site_body: site,
        site_file: SITE_FILE,
        site_body_first_line: 4,
    })
}

pub(super) fn merged(site: &str) -> Merged {
    match run(site) {
        Ok(m) => m,
        Err(errors) => panic!("unexpected errors: {errors:#?}"),
    }
}

pub(super) fn errors(site: &str) -> Vec<Diagnostic> {
    match run(site) {
        Ok(m) => panic!("expected errors, got {m:#?}"),
        Err(errors) => errors,
    }
}

pub(super) fn ids(m: &Merged) -> Vec<&str> {
    m.sections.iter().map(|s| s.id.as_str()).collect()
}

pub(super) const ALL: [&str; 6] = [
    "treatment",
    "dosage",
    "venues",
    "combined-orders",
    "court-list-priority",
    "reviews",
];

#[test]
fn no_overlay_keeps_the_national_page_with_pinned_ids() {
    let m = merged("");
    assert_eq!(ids(&m), ALL);
    assert!(m
        .sections
        .iter()
        .all(|s| s.origin == SectionOrigin::National));
    assert_eq!(m.national_intro, "National intro.");
    assert_eq!(
        m.sections[2].markdown,
        "### Venues {#venues}\n\nNational venues.\n"
    );
    assert!(m.markdown().starts_with(
        "National intro.\n\n## Treatment {#treatment}\n\nNational treatment.\n\n### Dosage"
    ));
}

#[test]
fn replace_swaps_one_section_in_place() {
    let m = merged("## Combined orders {#combined-orders}\n\nLocal combined.\n");
    assert_eq!(ids(&m), ALL);
    let s = &m.sections[3];
    assert_eq!(
        s.markdown,
        "## Combined orders {#combined-orders}\n\nLocal combined.\n"
    );
    match &s.origin {
        SectionOrigin::Replaced { national_markdown } => {
            assert!(national_markdown
                .starts_with("## Combined orders {#combined-orders}\n\nNational combined."));
            assert!(
                national_markdown.contains("## Fake {#fake}"),
                "code stays part of the section"
            );
        }
        other => panic!("{other:?}"),
    }
    let text = m.markdown();
    assert!(text.contains("Local combined.") && !text.contains("National combined."));
    assert!(text.contains("National priority."));
    assert_eq!(m.overridden_ids(), ["combined-orders"]);
}

#[test]
fn replacing_a_parent_replaces_its_children_and_keeps_the_site_level() {
    let m = merged("# Treatment here {#treatment}\n\nLocal treatment.\n\n### Dosage {#dosage}\n\nLocal dosage.\n");
    assert_eq!(
        ids(&m),
        [
            "treatment",
            "combined-orders",
            "court-list-priority",
            "reviews"
        ]
    );
    assert_eq!(m.sections[0].level, 1);
    assert_eq!(m.sections[0].title, "Treatment here");
    let SectionOrigin::Replaced { national_markdown } = &m.sections[0].origin else {
        panic!()
    };
    assert!(
        national_markdown.contains("National venues.")
            && !national_markdown.contains("National combined.")
    );
    let text = m.markdown();
    assert!(!text.contains("National dosage.") && !text.contains("National venues."));
    assert_eq!(text.matches("{#dosage}").count(), 1);
    assert!(text.contains("# Treatment here {#treatment}\n\nLocal treatment.\n\n### Dosage {#dosage}\n\nLocal dosage.\n"));
}

#[test]
fn replacing_a_child_leaves_parent_and_siblings_national() {
    let m = merged("### Dosage {#dosage}\nLocal dosage.\n");
    assert_eq!(ids(&m), ALL);
    assert_eq!(m.sections[0].origin, SectionOrigin::National);
    assert!(matches!(
        m.sections[1].origin,
        SectionOrigin::Replaced { .. }
    ));
    assert_eq!(m.sections[2].origin, SectionOrigin::National);
}

#[test]
fn additions_go_after_the_whole_anchor_subtree_in_site_order() {
    let m =
        merged("## Remote {#remote after=treatment}\nA\n\n## Phone {#phone after=treatment}\nB\n");
    assert_eq!(
        ids(&m),
        [
            "treatment",
            "dosage",
            "venues",
            "remote",
            "phone",
            "combined-orders",
            "court-list-priority",
            "reviews"
        ]
    );
    assert_eq!(
        m.sections[3].origin,
        SectionOrigin::Added {
            after: "treatment".into()
        }
    );
    assert_eq!(m.sections[3].markdown, "## Remote {#remote}\n\nA\n");
    assert_eq!(m.anchor_ids(), ["treatment"]);
    assert!(m.overridden_ids().is_empty());
}

#[test]
fn addition_after_a_nested_section_and_its_parent() {
    let m = merged("## After all {#after-all after=treatment}\n\n#### Note {#dosage-note after=dosage}\nN\n\n### Venue note {#venue-note after=venues}\n");
    assert_eq!(
        ids(&m),
        [
            "treatment",
            "dosage",
            "dosage-note",
            "venues",
            "venue-note",
            "after-all",
            "combined-orders",
            "court-list-priority",
            "reviews"
        ]
    );
    assert_eq!(m.sections[2].level, 4, "the site's level is kept");
}

#[test]
fn remove_keeps_the_entry_and_reason_but_drops_the_text() {
    let site = "## Court list priority {#court-list-priority remove}\n\nOur court lists every CSTR case first.\n";
    let m = merged(site);
    assert_eq!(ids(&m), ALL);
    let s = &m.sections[4];
    assert_eq!(s.markdown, "");
    assert_eq!(s.title, "Court list priority");
    let SectionOrigin::Removed {
        national_markdown,
        reason,
    } = &s.origin
    else {
        panic!()
    };
    assert_eq!(reason, "Our court lists every CSTR case first.");
    assert!(national_markdown.contains("National priority."));
    let text = m.markdown();
    assert!(!text.contains("Court list priority") && !text.contains("National priority."));
    assert!(text.ends_with("## Reviews {#reviews}\n\nNational reviews.\n"));
    assert_eq!(m.overridden_ids(), ["court-list-priority"]);
}

#[test]
fn preamble_is_kept_apart() {
    let m = merged("\nThis is Plymouth's version.\n\n## Reviews {#reviews}\nLocal.\n");
    assert_eq!(m.preamble, "This is Plymouth's version.");
    assert!(!m.markdown().contains("Plymouth"));
}

#[test]
fn headings_in_code_are_not_sections_on_either_side() {
    // `fake` is only inside a fenced block nationally.
    let errs = errors("## Fake {#fake}\n");
    assert!(errs[0].message.contains("unknown section id `fake`"));
    // A fenced heading in the site's text stays text of its section.
    let m = merged("## Reviews {#reviews}\n\n~~~\n## Treatment {#treatment after=x}\n~~~\n");
    assert_eq!(ids(&m), ALL);
    assert!(m.sections[5]
        .markdown
        .contains("~~~\n## Treatment {#treatment after=x}\n~~~"));
}

#[test]
fn setext_headings_and_extra_spaces_are_understood() {
    let m = merged("Combined *orders* {#combined-orders}\n---\nLocal.\n\n##   Remote   { #remote    after=treatment }  \nR\n");
    assert_eq!(m.sections[3].id, "remote");
    assert_eq!(m.sections[3].markdown, "## Remote {#remote}\n\nR\n");
    assert_eq!(
        m.sections[4].markdown,
        "## Combined *orders* {#combined-orders}\n\nLocal.\n"
    );
}

#[test]
fn nested_site_headings_are_text_unless_they_target_elsewhere() {
    let m = merged(concat!(
        "## Remote {#remote after=treatment}\n\nR.\n\n",
        "### How {#how}\n\nHow text.\n\n", // text of Remote
        "### Venues {#venues}\n\nLocal venues.\n\n", // replaces national `venues`
        "### Note {#note after=dosage}\n\nNote.\n", // its own addition
    ));
    assert_eq!(
        ids(&m),
        [
            "treatment",
            "dosage",
            "note",
            "venues",
            "remote",
            "combined-orders",
            "court-list-priority",
            "reviews"
        ]
    );
    assert_eq!(
        m.sections[4].markdown,
        "## Remote {#remote}\n\nR.\n\n### How {#how}\n\nHow text.\n"
    );
    assert_eq!(
        m.sections[3].markdown,
        "### Venues {#venues}\n\nLocal venues.\n"
    );
    assert_eq!(m.sections[2].level, 3);
}

#[test]
fn headings_inside_block_quotes_are_text() {
    let m = merged("## Reviews {#reviews}\n\n> ## Quoted {#quoted after=nowhere}\n");
    assert_eq!(ids(&m), ALL);
    assert!(m.sections[5].markdown.contains("> ## Quoted"));
}

#[test]
fn odd_input_does_not_panic() {
    for site in [
        "#",
        "## {#}",
        "## {#x after}",
        "\u{feff}## é {#é}",
        "```\n## x {#y}",
        "##\t{#treatment .local}\n",
        "- ## a {#b}",
    ] {
        let _ = run(site);
    }
    let m = merged("## {#reviews .local}\n");
    assert_eq!(m.sections[5].markdown, "## {#reviews .local}\n");
}

#[test]
fn a_fence_left_open_at_the_end_of_the_site_file_is_closed() {
    let m = merged("## Remote {#remote after=treatment}\n\n````text\ncode ``` not a close\n");
    assert_eq!(
        m.sections[3].markdown,
        "## Remote {#remote}\n\n````text\ncode ``` not a close\n````\n"
    );
    assert!(m
        .markdown()
        .contains("\n## Combined orders {#combined-orders}\n"));
    let closed = merged("## Reviews {#reviews}\n\n~~~\nx\n~~~\n");
    assert_eq!(
        closed.sections[5].markdown,
        "## Reviews {#reviews}\n\n~~~\nx\n~~~\n"
    );
}

#[test]
fn random_overlays_never_panic_and_keep_national_anchors() {
    let pieces = [
        "## Treatment {#treatment}\n",
        "### Dosage {#dosage}\n",
        "## Reviews {#reviews remove}\n",
        "## New {#new after=treatment}\n",
        "### Venues {#venues}\n",
        "#### Deep {#deep after=dosage}\n",
        "text\n",
        "\n",
        "```\n",
        "> ## q {#q}\n",
        "Setext {#combined-orders}\n",
        "---\n",
        "## {#x after=}\n",
        "   ## Indented {#court-list-priority}\n",
        "- item\n",
        "# Top {#top after=reviews}\n",
        "~~~~\n",
        "    ## code {#c}\n",
        "| a |\n|---|\n",
        "<div>\n",
        "Title {#t after=dosage}\n===\n",
        "* * *\n",
        "[^1]: note\n",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..5000 {
        let n = (next() % 8) as usize;
        let site: String = (0..n)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        let Ok(m) = run(&site) else { continue };
        let merged_ids: Vec<String> = crate::markdown::scan_headings(&m.markdown())
            .into_iter()
            .map(|h| h.id)
            .collect();
        for s in &m.sections {
            let present = merged_ids.contains(&s.id);
            let removed = matches!(s.origin, SectionOrigin::Removed { .. });
            assert_eq!(present, !removed, "{site:?}\n{}", m.markdown());
        }
    }
}
