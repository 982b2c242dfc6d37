//! Snapshot tests: the main content of one page of every kind the build
//! writes, from the project `waymark init` makes (which shows the whole
//! product), so a reviewer sees any change to what readers get as a diff of
//! `tests/snapshots/*.snap`. When a change is intended, update them with
//! `INSTA_UPDATE=always cargo test --test snapshots` (or `cargo insta
//! review`) and review the diff like code.
//!
//! One test function on purpose: it pins "today" through
//! `SOURCE_DATE_EPOCH` for the process, so overdue and review states are the
//! same on every day the suite runs.

mod common;

use common::*;
use scraper::{Html, Selector};

/// Page kind → the page of the init project that shows it.
const PAGES: &[(&str, &str)] = &[
    ("home", "index.html"),
    ("authored-page", "guidance/getting-started.html"),
    ("folder-listing", "guidance/index.html"),
    ("document-current", "protocol/home-visits/index.html"),
    ("version-superseded", "protocol/home-visits/v1.0.html"),
    ("history", "protocol/home-visits/history.html"),
    ("comparison", "protocol/home-visits/compare-v1.0-v1.1.html"),
    ("print", "protocol/home-visits/print-v1.1.html"),
    ("changes", "changes.html"),
    ("embedding-matrix", "embedding/index.html"),
    ("embedding-agenda", "embedding/riverside.html"),
    ("site", "sites/riverside/index.html"),
    ("site-pathway", "sites/riverside/pathway.html"),
    ("site-compare", "sites/riverside/compare.html"),
    ("site-matrix", "sites/matrix.html"),
    ("map", "maps/visit.html"),
    ("form", "forms/visit-request.html"),
    ("form-version", "forms/visit-feedback/v1.0.html"),
    ("form-history", "forms/visit-feedback/history.html"),
    (
        "form-comparison",
        "forms/visit-feedback/compare-v1.0-v1.1.html",
    ),
    ("glossary", "glossary.html"),
    ("a-z", "a-z.html"),
    ("search", "search.html"),
    ("maintenance", "maintenance.html"),
    ("not-found", "404.html"),
];

/// Block-level tags that start a new line in a snapshot, so a diff shows
/// which paragraph, row or item changed rather than one long line.
const BLOCK_TAGS: &[&str] = &[
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "section",
    "div",
    "details",
    "summary",
    "nav",
    "form",
    "fieldset",
    "label",
    "svg",
    "g",
    "figure",
    "dl",
    "dt",
    "dd",
    "pre",
    "blockquote",
    "aside",
    "header",
    "footer",
    "article",
    "select",
    "option",
    "input",
    "textarea",
    "button",
];

fn readable(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tag = &rest[i + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if BLOCK_TAGS.contains(&name.as_str()) && !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
        out.push('<');
        rest = tag;
    }
    out.push_str(rest);
    out
}

#[test]
fn one_page_of_each_kind() {
    // 2026-09-21: a fixed "today" for review and overdue states.
    std::env::set_var("SOURCE_DATE_EPOCH", "1790000000");
    let (_dir, built) = initialised();
    built.assert_ok();
    let main = Selector::parse("main").unwrap();
    for (kind, url) in PAGES {
        assert!(built.exists(url), "the init project has no {url} ({kind})");
        let page = Html::parse_document(&built.text(url));
        let content = page
            .select(&main)
            .next()
            .unwrap_or_else(|| panic!("{url} has no <main>"))
            .html();
        insta::assert_snapshot!(*kind, readable(&content), url);
    }
}
