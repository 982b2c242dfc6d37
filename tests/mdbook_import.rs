//! `waymark import mdbook` (issue 19): a book in mdBook's layout becomes a
//! project that builds with no errors, in the summary's order, with
//! includes expanded, hidden lines dropped and its 404 text kept; and a
//! plain folder of Markdown without front matter builds as it is.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use waymark::build::{build, BuildOptions};

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

fn build_project(root: &Path) -> Built {
    let out = root.join("public");
    let report = build(&BuildOptions {
        root: root.to_path_buf(),
        out: Some(out.clone()),
        drafts: false,
        write: true,
        zip: false,
    });
    Built::of(report, out)
}

#[test]
fn an_mdbook_imports_and_builds_in_its_summary_order() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("handbook");
    let run = run_in(
        dir.path(),
        &[
            "import",
            "mdbook",
            fixture("mdbook-sample").to_str().unwrap(),
            "--out",
            project.to_str().unwrap(),
        ],
    );
    run.assert_code(0);
    assert!(run.stderr.contains("7 chapters"), "{}", run.stderr);
    assert!(run.stderr.contains("0 errors"), "{}", run.stderr);

    let site = std::fs::read_to_string(project.join("site.yaml")).unwrap();
    assert!(site.contains("title: \"The Field Handbook\""), "{site}");

    let built = build_project(&project);
    assert!(built.errors().is_empty(), "{}", built.messages());

    // SUMMARY order, not alphabetical: foreword, getting started, installing, contributors.
    let home = built.page("index.html");
    assert_eq!(select_text(&home, "h1"), ["Introduction"]);
    let listed = select_text(&home, "main .wm-listing a, main li a");
    let position = |title: &str| {
        listed
            .iter()
            .position(|t| t.contains(title))
            .unwrap_or_else(|| panic!("{title} not listed: {listed:?}"))
    };
    assert!(
        position("Foreword") < position("Getting started"),
        "{listed:?}"
    );
    assert!(position("Getting started") < position("Installing the tools"));
    assert!(position("Installing the tools") < position("Contributors"));

    // The include is expanded, its anchor lines and hidden lines are not shown.
    let start = built.page("getting-started.html");
    assert_eq!(select_text(&start, "h1"), ["Getting started"]);
    let code = select_text(&start, "main pre code");
    assert_eq!(code.len(), 2);
    for block in &code {
        assert!(
            block.contains("println!(\"Hello, field team!\");"),
            "{block}"
        );
        assert!(!block.contains("ANCHOR"), "{block}");
        assert!(!block.contains("use std::io"), "{block}");
        assert!(!block.contains("{{#"), "{block}");
    }

    // The reference folder's README is its landing page; raw-HTML links resolve.
    let config = built.page("reference/config.html");
    assert_eq!(
        attr_all(&config, "main p a", "href"),
        ["../installing.html#installing-the-tools"]
    );
    assert_eq!(
        select_text(&built.page("reference/index.html"), "h1"),
        ["Reference"]
    );

    // 404.md is the text of the 404 page, not a page that collides with it.
    let not_found = built.page("404.html");
    assert_eq!(select_text(&not_found, "h1"), ["Document not found (404)"]);
    assert_eq!(attr_all(&not_found, ".wm-prose a", "href"), ["index.html"]);

    let install = built.page("installing.html");
    assert_eq!(select_text(&install, "main dl dt"), ["Prefix", "Channel"]);
    assert_eq!(
        attr_all(&install, "main p a:not(.wm-footnote-back)", "href"),
        ["http://www.example.org/tools"]
    );
    assert!(count(&install, "main pre code.language-console .hl-source") >= 1);
}

#[test]
fn an_import_that_cannot_read_an_include_writes_nothing_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    std::fs::create_dir_all(book.join("src")).unwrap();
    std::fs::write(book.join("src/SUMMARY.md"), "- [One](one.md)\n").unwrap();
    std::fs::write(
        book.join("src/one.md"),
        "# One\n\n```rust\n{{#include missing.rs}}\n```\n",
    )
    .unwrap();
    let project = dir.path().join("out");
    let run = run_in(
        dir.path(),
        &[
            "import",
            "mdbook",
            "book",
            "--out",
            project.to_str().unwrap(),
        ],
    );
    run.assert_code(1);
    assert!(
        run.stderr.contains("src/one.md:4:1") && run.stderr.contains("missing.rs"),
        "{}",
        run.stderr
    );
    assert!(!project.exists());

    let not_empty = run_in(dir.path(), &["import", "mdbook", "book", "--out", "book"]);
    not_empty.assert_code(1);
    assert!(
        not_empty.stderr.contains("not empty"),
        "{}",
        not_empty.stderr
    );
}

#[test]
fn a_plain_folder_of_markdown_builds_as_it_is() {
    let built = Project::new()
        .file(
            "content/README.md",
            "Overview\n========\n\nStart with [setup](docs/setup.md).\n",
        )
        .file(
            "content/docs/setup.md",
            "## Setup\n\nRun the installer.\n\n## Check\n\nRun `tool --version`.\n",
        )
        .file(
            "content/docs/faq.markdown",
            "Questions people ask.\n\n### Why?\n\nBecause.\n",
        )
        .build();
    built.assert_ok();
    assert_eq!(select_text(&built.page("index.html"), "h1"), ["Overview"]);
    assert_eq!(select_text(&built.page("docs/setup.html"), "h1"), ["Setup"]);
    assert_eq!(select_text(&built.page("docs/faq.html"), "h1"), ["Why?"]);
}

#[test]
fn a_book_copied_in_as_it_is_reads_in_its_summary_order() {
    let p = Project::new()
        .file(
            "content/SUMMARY.md",
            "# Summary\n\n- [Zebra first](zebra.md)\n- [Apple second](apple.md)\n- [Middle](middle/README.md)\n    - [Inner](middle/inner.md)\n",
        )
        .file("content/index.md", &page("Home", "The book.\n"))
        .file("content/apple.md", "# Apple\n")
        .file("content/zebra.md", "# Zebra\n")
        .file("content/middle/README.md", "# Middle\n")
        .file("content/middle/inner.md", "# Inner\n")
        .file("content/unlisted.md", "# Aardvark unlisted\n");
    let built = p.build();
    built.assert_ok();
    // The summary is not a page of its own.
    assert!(!built.exists("SUMMARY.html"));
    let home = built.page("index.html");
    let listed: Vec<String> = select_text(&home, "main a")
        .into_iter()
        .filter(|t| ["Zebra", "Apple", "Middle", "Aardvark unlisted"].contains(&t.as_str()))
        .collect();
    assert_eq!(listed, ["Zebra", "Apple", "Middle", "Aardvark unlisted"]);
    // Reading order walks the same way.
    let zebra = built.page("zebra.html");
    assert!(attr_all(&zebra, "a", "href")
        .iter()
        .any(|h| h == "apple.html"));
}

/// mdBook's `404.md` in an ordinary project (not imported): the generated
/// 404 page shows its text, with links checked like any page's at the top
/// of the site; it is in no listing and collides with nothing.
#[test]
fn an_authored_404_md_is_the_text_of_the_generated_404_page() {
    let project = Project::new()
        .file("content/index.md", &page("Home", "Welcome.\n"))
        .file("content/guide/setup.md", "# Setup\n\n## Top tips\n\nText.\n")
        .file(
            "content/404.md",
            "# Gone away\n\nTry [the start](index.md) or [the tips](guide/setup.md#top-tips).\n\n<a href=\"guide/setup.md\">Setup</a>\n",
        );
    let built = project.build();
    built.assert_ok();
    assert!(built.diagnostics().is_empty(), "{}", built.messages());
    let not_found = built.page("404.html");
    assert_eq!(select_text(&not_found, "main h1"), ["Gone away"]);
    assert_eq!(count(&not_found, "h1"), 1);
    assert_eq!(
        attr_all(&not_found, ".wm-prose a", "href"),
        [
            "index.html",
            "guide/setup.html#top-tips",
            "guide/setup.html"
        ]
    );
    // The theme's own wording is replaced, not added to.
    assert!(!not_found.html().contains("If you typed the web address"));
    let home = built.page("index.html");
    assert!(
        attr_all(&home, "a", "href")
            .iter()
            .all(|h| !h.contains("404")),
        "the 404 text is no page of the site"
    );

    // Served at any depth: with base_url known, its links are absolute.
    project.write(
        "site.yaml",
        "title: Docs\nlanguage: en\nbase_url: https://example.org/docs/\n",
    );
    let built = project.build();
    built.assert_ok();
    assert_eq!(
        attr_all(&built.page("404.html"), ".wm-prose a", "href"),
        [
            "https://example.org/docs/index.html",
            "https://example.org/docs/guide/setup.html#top-tips",
            "https://example.org/docs/guide/setup.html"
        ]
    );

    // So are its footer's (the A to Z here: no about page or glossary).
    assert_eq!(
        attr_all(&built.page("404.html"), "footer a", "href"),
        ["https://example.org/docs/a-z.html"]
    );

    // Its links are checked, located in 404.md.
    project.write("site.yaml", "title: Docs\nlanguage: en\n");
    project.write("content/404.md", "No heading here.\n\n[Old](old.md)\n");
    let built = project.build();
    assert_eq!(place(built.single_error()), "content/404.md:3:1");
    project.write("content/404.md", "No heading here, so the theme's title.\n");
    let built = project.build();
    built.assert_ok();
    let not_found = built.page("404.html");
    assert_eq!(select_text(&not_found, "main h1"), ["Page not found"]);
    assert_eq!(
        select_text(&not_found, ".wm-prose p"),
        ["No heading here, so the theme's title."]
    );
}

/// `{{#include}}` is expanded only by the importer: left in a page of a
/// normal build, it is a located warning naming the importer, not literal
/// text published without a word. Writing about the syntax passes.
#[test]
fn an_include_left_in_an_ordinary_build_is_a_located_warning() {
    let built = Project::new()
        .file(
            "content/index.md",
            "# Home\n\nMention `{{#include file.rs}}` or \\{{#include file.rs}} freely.\n\n```rust\n{{#rustdoc_include ../listings/ch01/main.rs:all}}\n```\n",
        )
        .build();
    built.assert_ok();
    let warnings = built.warnings();
    assert_eq!(warnings.len(), 1, "{}", built.messages());
    assert_eq!(place(warnings[0]), "content/index.md:6:1");
    assert!(
        warnings[0].message.contains("{{#rustdoc_include"),
        "{}",
        warnings[0].message
    );
    assert!(
        warnings[0]
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("waymark import mdbook"),
        "{:?}",
        warnings[0].hint
    );
}
