//! Links written as source paths: rewriting, and errors that name the place.

mod common;

use common::*;

/// A project where `content/pathway/a.md` links with `body` (which starts on line 5).
fn linking(body: &str) -> Project {
    Project::new()
        .file("content/pathway/a.md", &page("A", body))
        .file(
            "content/pathway/b.md",
            &page(
                "B",
                "## Consent and capacity\n\nText.\n\n## Anchor {#anchor}\n",
            ),
        )
        .file(
            "content/cstr/eligibility.md",
            &page("Eligibility", "## Who\n"),
        )
}

#[test]
fn source_links_are_rewritten_to_relative_html() {
    let built = linking(
        "[same folder](b.md) [anchor](b.md#anchor) [up](../cstr/eligibility.md#who) \
         [folder](../pathway/) [folder no slash](../cstr) [folder index](../cstr/index.md) \
         [here](#top-anchor) [root](../index.md) [absolute](/cstr/eligibility.md)\n\n## Top anchor\n",
    )
    .build();
    built.assert_ok();
    let html = built.page("pathway/a.html");
    assert_eq!(
        attr_all(&html, ".wm-prose a", "href"),
        [
            "b.html",
            "b.html#anchor",
            "../cstr/eligibility.html#who",
            "index.html",
            "../cstr/index.html",
            "../cstr/index.html",
            "#top-anchor",
            "../index.html",
            "../cstr/eligibility.html",
        ]
    );
}

#[test]
fn links_from_a_nested_page_climb_correctly() {
    let built = Project::new()
        .file(
            "content/a/b/c/deep.md",
            &page("Deep", "[b](../../../x/b.md#anchor)\n"),
        )
        .file("content/x/b.md", &page("B", "## Anchor {#anchor}\n"))
        .build();
    built.assert_ok();
    assert_eq!(
        attr_all(&built.page("a/b/c/deep.html"), ".wm-prose a", "href"),
        ["../../../x/b.html#anchor"]
    );
}

#[test]
fn auto_slug_anchors_resolve() {
    let built = linking("[c](b.md#consent-and-capacity)\n").build();
    built.assert_ok();
    assert_eq!(
        attr_all(&built.page("pathway/a.html"), ".wm-prose a", "href"),
        ["b.html#consent-and-capacity"]
    );
}

#[test]
fn external_links_pass_through_unchanged() {
    let built = linking(
        "[w](https://example.org/a.md?q=1#x) [m](mailto:team@example.org) [t](tel:+441234) [p](//cdn.example.org/x)\n",
    )
    .build();
    built.assert_ok();
    assert_eq!(
        attr_all(&built.page("pathway/a.html"), ".wm-prose a", "href"),
        [
            "https://example.org/a.md?q=1#x",
            "mailto:team@example.org",
            "tel:+441234",
            "//cdn.example.org/x"
        ]
    );
}

#[test]
fn broken_link_names_file_line_and_column_with_a_hint() {
    // Front matter is lines 1–3, a blank line 4, so the body starts on line 5.
    let built = linking("First line.\n\nSome text and [bad](screning.md) here.\n")
        .file("content/pathway/screening.md", &page("Screening", "x\n"))
        .build();
    built.assert_failed();
    let e = built.single_error();
    assert_eq!(place(e), "content/pathway/a.md:7:15");
    assert!(e.message.contains("screning.md"), "{}", e.message);
    let hint = e.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("did you mean"), "{hint}");
    assert!(hint.contains("screening.md"), "{hint}");
}

#[test]

fn did_you_mean_for_links_prefers_the_closest_file_name() {
    let built = linking("[bad](eligibilty.md)\n").build();
    let e = built.single_error();
    let hint = e.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("eligibility.md"), "{hint}");
    assert!(!hint.contains("b.md`"), "{hint}");
}

#[test]
fn broken_link_in_a_list_item_reports_its_column() {
    let built = linking("- one\n- two [x](missing-page.md)\n").build();
    let e = built.single_error();
    assert_eq!(place(e), "content/pathway/a.md:6:7");
}

#[test]
fn broken_link_columns_count_characters_not_bytes() {
    let built = linking("Café – [x](nope.md)\n").build();
    let e = built.single_error();
    assert_eq!(place(e), "content/pathway/a.md:5:8");
}

#[test]
fn broken_image_is_an_error_too() {
    let built = linking("![map](../img/nowhere.png)\n").build();
    let e = built.single_error();
    assert_eq!(place(e), "content/pathway/a.md:5:1");
    assert!(e.message.contains("nowhere.png"), "{}", e.message);
}

#[test]
fn missing_anchor_is_an_error_with_a_hint() {
    let built = linking("See [x](b.md#anchr).\n").build();
    let e = built.single_error();
    assert_eq!(place(e), "content/pathway/a.md:5:5");
    assert!(e.message.contains("#anchr"), "{}", e.message);
    assert!(
        e.hint.as_deref().unwrap_or_default().contains("#anchor"),
        "{e}"
    );
}

#[test]
fn missing_anchor_on_the_same_page_is_an_error() {
    let built = linking("## Real heading\n\n[x](#real-headin)\n").build();
    let e = built.single_error();
    assert_eq!(place(e), "content/pathway/a.md:7:1");
    assert!(
        e.hint
            .as_deref()
            .unwrap_or_default()
            .contains("#real-heading"),
        "{e}"
    );
}

#[test]
fn linking_to_html_hints_at_the_markdown_source() {
    let built = linking("[x](b.html)\n").build();
    let e = built.single_error();
    assert_eq!(place(e), "content/pathway/a.md:5:1");
    let hint = e.hint.as_deref().unwrap_or_default();
    assert!(hint.contains(".md"), "{hint}");
    assert!(hint.to_lowercase().contains("source"), "{hint}");
}

#[test]
fn links_escaping_content_are_errors() {
    let built = linking("[x](../../site.yaml)\n").build();
    let e = built.single_error();
    assert_eq!(place(e), "content/pathway/a.md:5:1");
    assert!(e.message.contains("outside content/"), "{}", e.message);
}

#[test]
fn every_broken_link_is_reported() {
    let built = linking("[a](x.md)\n\n[b](y.md)\n\n[c](b.md#nope)\n").build();
    built.assert_failed();
    let places: Vec<String> = built.errors().into_iter().map(place).collect();
    assert_eq!(
        places,
        [
            "content/pathway/a.md:5:1",
            "content/pathway/a.md:7:1",
            "content/pathway/a.md:9:1"
        ]
    );
}

#[test]
fn reference_style_links_are_checked_and_rewritten() {
    let built = linking("See [the other page][b].\n\n[b]: b.md#anchor\n").build();
    built.assert_ok();
    assert_eq!(
        attr_all(&built.page("pathway/a.html"), ".wm-prose a", "href"),
        ["b.html#anchor"]
    );
    let built = linking("See [the other page][b].\n\n[b]: nope.md\n").build();
    let e = built.single_error();
    assert_eq!(e.file, "content/pathway/a.md");
    assert_eq!(e.position.line, 5);
}

#[test]
fn links_with_percent_encoded_spaces_resolve() {
    let built = Project::new()
        .file("content/a.md", &page("A", "[x](my%20page.md)\n"))
        .file("content/my page.md", &page("Spaced", "x\n"))
        .build();
    built.assert_ok();
    let href = attr_all(&built.page("a.html"), ".wm-prose a", "href");
    assert_eq!(href.len(), 1);
    assert!(
        href[0] == "my%20page.html" || href[0] == "my page.html",
        "{href:?}"
    );
    assert!(built.exists("my page.html"));
}

#[test]
fn links_to_generated_pages_by_their_url() {
    let built = Project::new()
        .file("content/a.md", &page("A", "[home](index.html)\n"))
        .build();
    // index.html is generated (no index.md): there is no source to link to,
    // and the home page is linked as a folder instead.
    built.assert_failed();
    let built = Project::new()
        .file("content/a.md", &page("A", "[home](./)\n"))
        .build();
    built.assert_ok();
    assert_eq!(
        attr_all(&built.page("a.html"), ".wm-prose a", "href"),
        ["index.html"]
    );
}

#[test]

fn generated_urls_are_percent_encoded() {
    let built = Project::new()
        .file("content/a.md", &page("A", "[x](my%20page.md)\n"))
        .file("content/my page.md", &page("Spaced", "x\n"))
        .build();
    built.assert_ok();
    for rel in ["a.html", "index.html", "my page.html"] {
        let html = built.page(rel);
        for href in attr_all(&html, "a", "href") {
            assert!(!href.contains(' '), "{rel}: href {href:?} has a raw space");
        }
    }
}
