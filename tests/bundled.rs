//! The bundled CSTR project at the repository root.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use common::*;
use scraper::Html;
use waymark::build::{build, BuildOptions};

fn bundled() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bundled");
        let report = build(&BuildOptions {
            root: repo_root(),
            out: Some(out.clone()),
            drafts: false,
            write: true,
            zip: false,
        });
        Built::of(report, out)
    })
}

fn markdown_sources() -> Vec<String> {
    snapshot(&repo_root().join("content"))
        .into_keys()
        .filter(|f| f.ends_with(".md"))
        .collect()
}

#[test]
fn builds_without_errors() {
    let built = bundled();
    assert!(built.errors().is_empty(), "{}", built.messages());
    assert!(built.report.pages >= 25);
}

#[test]
fn has_at_least_25_markdown_pages_and_each_is_published() {
    let sources = markdown_sources();
    assert!(sources.len() >= 25, "only {} pages", sources.len());
    let built = bundled();
    for source in sources {
        let text = std::fs::read_to_string(repo_root().join("content").join(&source)).unwrap();
        let is_version = source.rsplit('/').next().is_some_and(|n| {
            n.starts_with('v') && n[1..].starts_with(|c: char| c.is_ascii_digit())
        });
        if text.contains("\ndraft: true") || text.contains("\nstatus: draft") {
            continue;
        }
        let html = source.trim_end_matches(".md").to_string() + ".html";
        assert!(built.exists(&html), "{source} was not published as {html}");
        if is_version {
            let folder = source.rsplit_once('/').unwrap().0;
            assert!(built.exists(&format!("{folder}/index.html")));
        }
    }
}

#[test]
fn every_page_has_one_h1_a_main_a_skip_link_and_the_language() {
    let built = bundled();
    let mut pages = 0;
    for (file, bytes) in built.files() {
        if !file.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = Html::parse_document(&String::from_utf8_lossy(&bytes));
        assert_eq!(count(&html, "h1"), 1, "{file}: exactly one h1");
        assert!(!select_text(&html, "h1")[0].is_empty(), "{file}: empty h1");
        assert_eq!(count(&html, "main"), 1, "{file}: one main");
        assert_eq!(attr_all(&html, "html", "lang"), ["en-GB"], "{file}");
        let skip = first(&html, "body a");
        assert_eq!(
            skip.value().attr("href"),
            Some("#main-content"),
            "{file}: the first link skips to the content"
        );
        assert_eq!(count(&html, "main#main-content"), 1, "{file}");
        assert_eq!(
            count(&html, "[id=main-content]"),
            1,
            "{file}: unique target"
        );
        let title = select_text(&html, "head > title");
        assert_eq!(title.len(), 1, "{file}");
        assert!(title[0].contains("CSTR protocol and guidance"), "{file}");
        // ids are unique on every page.
        let mut all = ids(&html);
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n, "{file}: duplicate ids");
    }
    assert!(pages >= 40, "{pages} pages");
}

#[test]
fn about_page_says_the_content_is_illustrative() {
    let built = bundled();
    let html = built.page("about.html");
    let main = select_text(&html, "main").join(" ").to_lowercase();
    assert!(main.contains("illustrative"), "{main}");
    // And every page carries the notice.
    let home = built.page("index.html");
    assert!(select_text(&home, ".wm-phase-banner")
        .join(" ")
        .to_lowercase()
        .contains("illustrative"));
}

#[test]
fn header_navigation_reaches_every_section() {
    let built = bundled();
    let html = built.page("cstr/consent.html");
    let titles = select_text(&html, ".wm-service-nav a");
    assert_eq!(
        titles,
        [
            "Home",
            "About CSTRs",
            "The pathway",
            "Protocol",
            "What's changed",
            "Sites",
            "Training",
            "Glossary"
        ]
    );
    assert_eq!(
        attr_all(&html, ".wm-service-nav a[aria-current]", "href"),
        ["index.html"],
        "About CSTRs is the current section"
    );
}

#[test]
fn national_protocol_shows_current_version_and_history() {
    let built = bundled();
    let html = built.page("protocol/national-protocol/index.html");
    assert_eq!(count(&html, "#wm-version-banner"), 0);
    let status = select_text(&html, ".wm-version-status").join(" ");
    assert!(status.contains("Current version"), "{status}");
    // One line, then the document: notes one click away, compare with the version before.
    assert!(
        status.contains("changes") && status.contains("compare with 1.1"),
        "{status}"
    );
    assert_eq!(
        attr_all(&html, ".wm-version-status a", "href")[0],
        "#wm-version-changes"
    );
    assert_eq!(count(&html, "details#wm-version-about[open]"), 0);
    assert_eq!(
        count(&html, "details#wm-version-about #wm-version-changes"),
        1
    );
    assert_eq!(
        count(&html, ".wm-change-note__id"),
        0,
        "no internal ids for readers"
    );
    let history = built.page("protocol/national-protocol/history.html");
    assert!(
        count(&history, ".wm-change-note__id") > 0,
        "the history keeps the ids"
    );
    let versions = attr_all(&history, ".wm-timeline__item", "data-version");
    assert!(versions.len() >= 3, "{versions:?}");
    assert!(
        !built.exists("protocol/national-protocol/v2.1.html"),
        "draft hidden"
    );
    assert!(built.exists("changes.html"));
    assert!(built.exists("embedding/index.html"));
}

#[test]
fn check_passes_via_the_binary() {
    let run = run_in(&repo_root(), &["check"]);
    run.assert_code(0);
    assert!(run.stderr.contains("Check passed"), "{}", run.stderr);
}
