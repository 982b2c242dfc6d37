//! Markdown from elsewhere (issue 19): titles from any heading, raw-HTML
//! links resolved like Markdown ones, bare URLs, definition lists,
//! footnotes that cannot clash with headings, plain strikethrough, and
//! the file names other tools use for pages.

mod common;

use common::*;

/// A chapter as mdBook and GitHub write them: no front matter, and a title
/// heading that is not always a first-line `# `.
#[test]
fn titles_come_from_the_first_heading_of_any_kind_as_plain_text() {
    let built = Project::new()
        .file("content/index.md", &page("Home", "See [ownership](book/ch04-01-what-is-ownership.md#what-is-ownership), [setext](book/setext.md#the-setext-title) and [late](book/late.md#the-late-title)."))
        .file(
            "content/book/ch04-01-what-is-ownership.md",
            "## What Is *Ownership*? {#what-is-ownership}\n\nOwnership is a set of rules.\n\n# Stack and heap\n\nText.\n",
        )
        .file("content/book/setext.md", "The `setext` title\n==================\n\nBody.\n")
        .file(
            "content/book/late.md",
            "An opening paragraph before any heading.\n\n# The late title\n\nMore.\n",
        )
        .build();
    built.assert_ok();

    let own = built.page("book/ch04-01-what-is-ownership.html");
    assert_eq!(
        select_text(&own, "title")[0].split(" – ").next(),
        Some("What Is Ownership?")
    );
    // One h1, the title; the body's own `#` heading is demoted.
    assert_eq!(select_text(&own, "h1"), ["What Is Ownership?"]);
    assert_eq!(select_text(&own, "main h2"), ["Stack and heap"]);
    // The title heading keeps its anchor, so the link to it resolves.
    assert_eq!(count(&own, "main [id='what-is-ownership']"), 1);
    assert!(!built
        .text("book/ch04-01-what-is-ownership.html")
        .contains("{#"));

    let setext = built.page("book/setext.html");
    assert_eq!(select_text(&setext, "h1"), ["The setext title"]);
    assert_eq!(count(&setext, "[id='the-setext-title']"), 1);

    let late = built.page("book/late.html");
    assert_eq!(select_text(&late, "h1"), ["The late title"]);
    // After a paragraph, the heading stays where it is, below the title.
    assert_eq!(
        select_text(&late, "main h2#the-late-title"),
        ["The late title"]
    );

    // Listings and search use the same plain title.
    let listing = built.text("book/index.html");
    assert!(listing.contains("What Is Ownership?"), "{listing}");
    assert!(!listing.contains("*Ownership*") && !listing.contains("Ch04 01"));
}

#[test]
fn raw_html_links_and_images_are_resolved_like_markdown_ones() {
    let built = Project::new()
        .file(
            "content/guide/index.md",
            &page(
                "Guide",
                "<p align=\"center\"><img src=\"../img/logo.png\" alt=\"Logo\"></p>\n\nSee the <a href=\"bom.md#parts\">bill of materials</a>.\n",
            ),
        )
        .file("content/guide/bom.md", &page("Bill of materials", "## Parts\n\nBolts.\n"))
        .file("content/img/logo.png", "png")
        .build();
    assert!(built.errors().is_empty(), "{}", built.messages());
    let html = built.page("guide/index.html");
    assert_eq!(attr_all(&html, "main p a", "href"), ["bom.html#parts"]);
    assert_eq!(attr_all(&html, "main img", "src"), ["../img/logo.png"]);

    let broken = Project::new()
        .file(
            "content/index.md",
            &page("Home", "Intro.\n\n<a href=\"missing.md\">gone</a> and <img src=\"https://example.org/x.png\" alt=\"x\">\n"),
        )
        .build();
    let e = broken.single_error();
    assert_eq!(place(e), "content/index.md:7:10");
    assert!(e.message.contains("missing.md"), "{}", e.message);
    // A remote image is never loaded (offline, CSP): a warning, and its alt
    // text is shown.
    let w = broken.warnings();
    assert_eq!(w.len(), 1, "{}", broken.messages());
    assert_eq!(place(w[0]), "content/index.md:7:45");
    assert!(w[0].message.contains("another website"), "{}", w[0].message);
}

/// Badges and other remote images (everywhere in READMEs) are never
/// loaded: each is a located warning, a Markdown image becomes a link to it
/// labelled with its alt text, and a raw `<img>` gives way to its alt text.
#[test]
fn remote_images_show_their_alt_text_with_a_warning() {
    let built = Project::new()
        .file(
            "content/index.md",
            &page(
                "Home",
                "![crates.io](https://img.example.org/v.svg) ![](https://img.example.org/x.png)\n\n<a href=\"https://example.org/repo\"><img src=\"https://img.example.org/gh.svg\" alt=\"github\" height=\"28\"></a>\n",
            ),
        )
        .build();
    built.assert_ok();
    assert_eq!(built.warnings().len(), 3, "{}", built.messages());
    let html = built.page("index.html");
    assert_eq!(
        attr_all(&html, "main a", "href"),
        [
            "https://img.example.org/v.svg",
            "https://img.example.org/x.png",
            "https://example.org/repo"
        ]
    );
    assert_eq!(
        select_text(&html, "main p a"),
        ["crates.io", "image", "github"]
    );
    assert_eq!(
        count(&html, "main img"),
        0,
        "nothing is loaded from elsewhere"
    );
}

#[test]
fn bare_urls_are_linked_as_on_github_but_not_in_code() {
    let built = Project::new()
        .file(
            "content/index.md",
            &page(
                "Home",
                "Help is at www.example.org/help and https://example.org/docs_v2.\n\n`https://example.org/in-code`\n\n```\nwww.example.org/in-block\n```\n",
            ),
        )
        .build();
    built.assert_ok();
    let html = built.page("index.html");
    assert_eq!(
        attr_all(&html, "main a", "href"),
        ["http://www.example.org/help", "https://example.org/docs_v2"]
    );
    assert_eq!(
        select_text(&html, "main p a"),
        ["www.example.org/help", "https://example.org/docs_v2"]
    );
}

#[test]
fn definition_lists_footnotes_and_strikethrough() {
    let built = Project::new()
        .file(
            "content/index.md",
            &page(
                "Home",
                "Term one\n: Its definition.\n\nA claim.[^note] Again.[^note] Other.[^2]\n\n## Note\n\nA heading named like the note.\n\n~~Old advice~~ New advice.\n\n[^note]: The note's text.\n[^2]: Second.\n",
            ),
        )
        .build();
    built.assert_ok();
    let html = built.page("index.html");
    assert_eq!(select_text(&html, "main dl dt"), ["Term one"]);
    assert_eq!(select_text(&html, "main dl dd"), ["Its definition."]);

    // The heading keeps its slug; the note's ids cannot clash with it.
    assert_eq!(count(&html, "[id='note']"), 1);
    assert_eq!(select_text(&html, "main h2#note"), ["Note"]);
    assert_eq!(
        attr_all(&html, "main sup a", "href"),
        ["#fn:note", "#fn:note", "#fn:2"]
    );
    assert_eq!(
        attr_all(&html, "main sup a", "id"),
        ["fnref:note", "fnref:note-2", "fnref:2"]
    );
    assert_eq!(select_text(&html, "main sup a"), ["1", "1", "2"]);
    // Listed at the end, in order, each with a way back.
    assert_eq!(
        attr_all(&html, "main .wm-footnotes li", "id"),
        ["fn:note", "fn:2"]
    );
    assert_eq!(
        attr_all(&html, "main .wm-footnotes li a.wm-footnote-back", "href"),
        ["#fnref:note", "#fnref:2"]
    );
    let ids = ids(&html);
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");

    // Struck-out text is not the redline's tracked deletion.
    assert_eq!(select_text(&html, "main s"), ["Old advice"]);
    assert_eq!(count(&html, "main del"), 0);
}

#[test]
fn file_names_other_tools_use_for_pages() {
    let built = Project::new()
        .file(
            "content/index.md",
            &page(
                "Home",
                "[Export](export.html.md), [Guide](guide.markdown), [Read me](docs/README.MD).",
            ),
        )
        .file("content/export.html.md", "# Export\n")
        .file("content/guide.markdown", "# Guide\n")
        .file("content/docs/README.MD", "# Docs\n")
        .build();
    built.assert_ok();
    assert!(built.exists("export.html") && !built.exists("export.html.html"));
    assert!(built.exists("guide.html"));
    assert_eq!(select_text(&built.page("docs/index.html"), "h1"), ["Docs"]);
    assert!(!built.exists("docs/README.MD"));
    assert_eq!(
        attr_all(&built.page("index.html"), "main p a", "href"),
        ["export.html", "guide.html", "docs/index.html"]
    );
}

/// A title taken from an `h2` that opens the page is the page's `<h1>`, so
/// the contents list does not offer it again; the sections below it are listed.
#[test]
fn the_title_heading_is_not_an_entry_of_the_contents() {
    let built = Project::new()
        .file(
            "content/guide.md",
            "## Getting started\n\nIntro.\n\n## Install\n\nA.\n\n## Configure\n\nB.\n\n## Run\n\nC.\n",
        )
        .build();
    built.assert_ok();
    let guide = built.page("guide.html");
    assert_eq!(select_text(&guide, "h1"), ["Getting started"]);
    let contents = select_text(&guide, ".wm-contents a");
    assert_eq!(contents, ["Install", "Configure", "Run"]);
    assert_eq!(count(&guide, "main [id='getting-started']"), 1);
}
