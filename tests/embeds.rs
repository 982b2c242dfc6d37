//! Maps and forms embedded in Markdown pages as fenced blocks.

mod common;

use common::*;

const MAP: &str = "title: Tiny map
lanes:
  - {id: court, label: Court}
steps:
  - {id: a, lane: court, label: Start here, type: start, next: [b], link: \"../guide.md\"}
  - {id: b, lane: court, label: Finish, type: end}
";

const FORM: &str = "title: Tiny form
purpose: To test embedding.
who: Testers.
privacy: Nothing is kept.
sections:
  - id: one
    title: One
    fields:
      - {id: name, label: Case reference, type: text}
";

fn project(body: &str) -> Project {
    Project::new()
        .file("content/maps/tiny.yaml", MAP)
        .file("content/forms/tiny-form.yaml", FORM)
        .file(
            "content/guide.md",
            &format!("---\ntitle: Guide\n---\n\n{body}"),
        )
}

#[test]
fn a_map_block_draws_the_map_in_the_page() {
    let built = project("Intro.\n\n```map\ntiny\n```\n").build();
    built.assert_ok();
    let html = built.page("guide.html");
    assert_eq!(count(&html, ".wm-prose .wm-map-embed figure svg.wm-map"), 1);
    // The step link is resolved from the embedding page, not from maps/.
    assert!(attr_all(&html, ".wm-map-embed svg a", "href").contains(&"guide.html".to_string()));
    assert_eq!(
        attr_all(&html, ".wm-map-embed figcaption a", "href"),
        ["maps/tiny.html"]
    );
    assert!(select_text(&html, ".wm-map-embed details")
        .join(" ")
        .contains("Start here"));
    assert_eq!(count(&html, ".wm-prose pre"), 0, "not shown as code");
}

#[test]
fn a_form_block_shows_a_card_leading_to_the_form() {
    let built = project("```form\ntiny-form\n```\n").build();
    built.assert_ok();
    let html = built.page("guide.html");
    assert_eq!(
        attr_all(&html, ".wm-form-card a", "href"),
        ["forms/tiny-form.html"]
    );
    assert!(built.exists("forms/tiny-form.html"));
}

#[test]
fn an_unknown_embed_is_an_error_at_its_line_with_a_suggestion() {
    let built = project("Text.\n\n```map\ntiyn\n```\n").build();
    let e = built.single_error();
    assert_eq!(place(e), "content/guide.md:7:1");
    assert!(e.message.contains("no map `tiyn`"), "{}", e.message);
    assert!(e.hint.as_deref().unwrap_or_default().contains("tiny"));
}

#[test]
fn other_code_blocks_stay_code() {
    let built = project("```yaml\nmap: tiny\n```\n").build();
    built.assert_ok();
    assert_eq!(count(&built.page("guide.html"), ".wm-prose pre code"), 1);
}
