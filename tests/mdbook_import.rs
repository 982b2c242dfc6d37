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
