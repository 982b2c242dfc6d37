//! The output contract (design §5): relative URLs that name files that
//! exist, anchors that exist, a CSP on every page, no inline script or
//! style, deterministic output, sanitised and escaped content.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use scraper::Html;
use waymark::build::{build, BuildOptions};

/// The bundled project built once per run of this file (with and without drafts).
fn bundled(drafts: bool) -> &'static Built {
    static PLAIN: OnceLock<Built> = OnceLock::new();
    static DRAFTS: OnceLock<Built> = OnceLock::new();
    let cell = if drafts { &DRAFTS } else { &PLAIN };
    cell.get_or_init(|| {
        let name = if drafts {
            "contract-drafts"
        } else {
            "contract-plain"
        };
        build_bundled_to(
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name),
            drafts,
        )
    })
}

fn build_bundled_to(out: PathBuf, drafts: bool) -> Built {
    let report = build(&BuildOptions {
        root: repo_root(),
        out: Some(out.clone()),
        drafts,
        write: true,
        zip: false,
    });
    let built = Built::of(report, out);
    built.assert_ok();
    built
}

/// Every source file under content/, concatenated: external links in the
/// output must have been written by an author.
fn content_text() -> String {
    let mut text = String::new();
    for (_, bytes) in snapshot(&repo_root().join("content")) {
        text.push_str(&String::from_utf8_lossy(&bytes));
    }
    text
}

/// Joins a relative URL path onto a page's folder; `None` if it climbs out.
fn resolve(page: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

const FILE_EXTENSIONS: &[&str] = &[
    "html", "css", "js", "png", "jpg", "jpeg", "gif", "svg", "webp", "pdf", "xml", "json", "txt",
    "ico", "csv",
];

/// Checks every URL of every page of `built` and returns the problems found.
fn url_problems(built: &Built) -> Vec<String> {
    let files = built.files();
    let authored = content_text();
    let pages: BTreeMap<&String, Html> = files
        .iter()
        .filter(|(f, _)| f.ends_with(".html"))
        .map(|(f, b)| (f, Html::parse_document(&String::from_utf8_lossy(b))))
        .collect();
    let ids: BTreeMap<&String, BTreeSet<String>> = pages
        .iter()
        .map(|(f, h)| (*f, ids(h).into_iter().collect()))
        .collect();
    let mut problems = Vec::new();
    for (file, html) in &pages {
        let urls = attr_all(html, "[href]", "href")
            .into_iter()
            .chain(attr_all(html, "[src]", "src"))
            .chain(attr_all(html, "form[action]", "action"));
        for url in urls {
            let mut problem = |what: &str| problems.push(format!("{file}: {url:?}: {what}"));
            if url.is_empty() {
                problem("empty URL");
                continue;
            }
            if url.starts_with("//") || url.contains("://") || url.starts_with("mailto:") {
                if !authored.contains(&url) {
                    problem("external URL not written in content/");
                }
                continue;
            }
            if url.contains(':') {
                problem("URL with a scheme");
                continue;
            }
            if url.starts_with('/') {
                problem("root-relative URL");
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url.as_str(), None),
            };
            let target = if path.is_empty() {
                (*file).clone()
            } else {
                let ext = Path::new(path)
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase());
                if !ext.is_some_and(|e| FILE_EXTENSIONS.contains(&e.as_str())) {
                    problem("does not name a file");
                    continue;
                }
                match resolve(file, &percent_decode(path)) {
                    Some(t) => t,
                    None => {
                        problem("climbs above the site root");
                        continue;
                    }
                }
            };
            if !files.contains_key(&target) {
                problem(&format!("{target} does not exist"));
                continue;
            }
            if let Some(fragment) = fragment {
                match ids.get(&target) {
                    Some(ids) if ids.contains(&percent_decode(fragment)) => {}
                    Some(_) => problem(&format!("no id `{fragment}` in {target}")),
                    None => problem("fragment on a non-HTML file"),
                }
            }
        }
    }
    problems
}

#[test]
fn every_url_in_the_bundled_site_is_relative_and_resolves() {
    let built = bundled(false);
    let problems = url_problems(built);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_url_in_the_bundled_site_with_drafts_resolves() {
    let built = bundled(true);
    let problems = url_problems(built);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_url_checker_catches_broken_urls() {
    // The checker itself must be able to fail.
    let built = Project::new()
        .file("content/a.md", &page("A", "x\n"))
        .build();
    built.assert_ok();
    let path = built.path("a.html");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "</main>",
        "<a href=\"/abs.html\">1</a><a href=\"nope.html\">2</a><a href=\"index.html#nope\">3</a><a href=\"assets/\">4</a><a href=\"https://evil.example/\">5</a></main>",
    );
    std::fs::write(&path, text).unwrap();
    let problems = url_problems(&built);
    assert_eq!(problems.len(), 5, "{problems:#?}");
}

fn each_page(built: &Built, mut check: impl FnMut(&str, &Html)) {
    for (file, bytes) in built.files() {
        if file.ends_with(".html") {
            let html = Html::parse_document(&String::from_utf8_lossy(&bytes));
            check(&file, &html);
        }
    }
}

#[test]
fn every_page_has_a_strict_csp_and_no_inline_script_or_style() {
    for drafts in [false, true] {
        let built = bundled(drafts);
        let mut pages = 0;
        each_page(built, |file, html| {
            pages += 1;
            let csp = attr_all(html, "meta[http-equiv=Content-Security-Policy]", "content");
            assert_eq!(csp.len(), 1, "{file}: one CSP meta tag");
            let csp = &csp[0];
            assert!(csp.contains("default-src 'none'"), "{file}: {csp}");
            assert!(!csp.contains("unsafe-inline"), "{file}: {csp}");
            assert!(!csp.contains("unsafe-eval"), "{file}: {csp}");
            assert_eq!(count(html, "script:not([src])"), 0, "{file}: inline script");
            assert_eq!(count(html, "[style]"), 0, "{file}: style attribute");
            assert_eq!(count(html, "style"), 0, "{file}: style element");
            for el in html.select(&sel("*")) {
                for (name, _) in el.value().attrs() {
                    assert!(
                        !name.starts_with("on"),
                        "{file}: event handler attribute {name}"
                    );
                }
            }
        });
        assert!(pages > 25);
    }
}

#[test]
fn not_found_page_exists() {
    let built = bundled(false);
    assert!(built.exists("404.html"));
    let html = built.page("404.html");
    assert_eq!(select_text(&html, "h1"), ["Page not found"]);
    assert_eq!(attr_all(&html, "main a", "href"), ["index.html"]);
    // Its footer links where the home page's do (About, Glossary, A to Z).
    let footer = |html: &Html| attr_all(html, "footer a", "href");
    let home = built.page("index.html");
    assert_eq!(footer(&home).len(), 3, "{:?}", footer(&home));
    assert_eq!(footer(&html), footer(&home));
    // A page kind of its own, in no listing: the A–Z and the home page
    // do not link to it.
    for listing in ["a-z.html", "index.html"] {
        let links = attr_all(&built.page(listing), "a", "href");
        assert!(
            !links.iter().any(|h| h.contains("404")),
            "{listing}: {links:?}"
        );
    }
}

#[test]
fn building_twice_gives_byte_identical_output() {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let one = build_bundled_to(base.join("determinism-1"), true);
    let two = build_bundled_to(base.join("determinism-2"), true);
    let a = one.files();
    let b = two.files();
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "same files"
    );
    let differing: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(differing.is_empty(), "files differ: {differing:?}");
    assert!(a.len() > 30);
}

#[test]
fn fixture_builds_are_deterministic_too() {
    let project = Project::new()
        .file("content/a.md", &page("A", "## One\n\n```yaml\na: 1\n```\n"))
        .file("content/b/c.md", &page("C", "[a](../a.md#one)\n"))
        .file("content/b/d.md", &page("D", "x\n"));
    let one = project.build_to(project.root().join("one"), false, true);
    let two = project.build_to(project.root().join("two"), false, true);
    one.assert_ok();
    assert_eq!(one.files(), two.files());
}

#[test]
fn raw_html_in_markdown_is_sanitised() {
    let hostile = "<script>alert(1)</script>\n\n<p onclick=\"alert(2)\">clickable</p>\n\n<img src=\"x.png\" onerror=\"alert(3)\" alt=\"i\">\n\n<a href=\"javascript:alert(4)\">js link</a>\n\n<iframe src=\"https://evil.example/\"></iframe>\n\n<style>body { display: none }</style>\n\n<div style=\"color: red\">styled</div>\n\n<form action=\"https://evil.example/\"><input name=\"q\"></form>\n\nText with <b>bold</b> and <abbr title=\"Mental health treatment requirement\">MHTR</abbr>.\n";
    let project = Project::new()
        .file("content/x.md", &page("Hostile", hostile))
        .file("content/x.png", "png");
    // Raw HTML's links go through the link checker: a script link is refused.
    let refused = project.check();
    let e = refused.single_error();
    assert_eq!(place(e), "content/x.md:11:10");
    assert!(e.message.contains("run script"), "{}", e.message);

    project.write(
        "content/x.md",
        &page("Hostile", &hostile.replace("javascript:alert(4)", "x.md")),
    );
    let built = project.build();
    built.assert_ok();
    let html = built.page("x.html");
    let text = built.text("x.html");
    assert_eq!(count(&html, "script:not([src])"), 0);
    assert!(!text.contains("alert("), "script text removed");
    assert_eq!(count(&html, "iframe, style, [style]"), 0);
    // The theme's own search form is the only form on the page.
    assert_eq!(count(&html, ".wm-prose form, .wm-prose input"), 0);
    for el in html.select(&sel(".wm-prose *")) {
        for (name, value) in el.value().attrs() {
            assert!(!name.starts_with("on"), "{name}");
            assert!(!value.trim_start().starts_with("javascript:"), "{value}");
        }
    }
    let prose = select_text(&html, ".wm-prose").join(" ");
    assert!(prose.contains("clickable"));
    assert!(prose.contains("js link"));
    // Harmless markup survives.
    assert_eq!(select_text(&html, ".wm-prose b"), ["bold"]);
    assert_eq!(
        attr_all(&html, ".wm-prose abbr", "title"),
        ["Mental health treatment requirement"]
    );
}

#[test]

fn javascript_urls_in_markdown_links_are_not_emitted() {
    let built = Project::new()
        .file(
            "content/x.md",
            &page(
                "Links",
                "[click](javascript:alert(1)) and ![i](javascript:alert(2))\n",
            ),
        )
        .build();
    let html_has_js = built.report.succeeded() && {
        let html = built.page("x.html");
        attr_all(&html, "[href]", "href")
            .into_iter()
            .chain(attr_all(&html, "[src]", "src"))
            .any(|u| u.to_lowercase().starts_with("javascript:"))
    };
    assert!(!html_has_js, "javascript: URL emitted");
}

#[test]

fn aligned_tables_have_no_style_attributes() {
    let built = Project::new()
        .file(
            "content/t.md",
            &page(
                "T",
                "| Left | Centre | Right |\n|:-----|:------:|------:|\n| a | b | c |\n",
            ),
        )
        .build();
    built.assert_ok();
    let html = built.page("t.html");
    assert_eq!(count(&html, "[style]"), 0, "{}", built.text("t.html"));
    assert_eq!(select_text(&html, "td"), ["a", "b", "c"]);
}

#[test]
fn special_characters_in_titles_and_summaries_are_escaped() {
    let built = Project::new()
        .file(
            "site.yaml",
            "title: Fish & <Chips>\nnotice: Not <i>official</i> & illustrative.\n",
        )
        .file(
            "content/x.md",
            "---\ntitle: 'Q&A: <b>bold</b> \"quoted\"'\nsummary: <script>alert(1)</script> & more\n---\n\nBody.\n",
        )
        .file("content/s/_section.yaml", "title: A <em>section</em>\n")
        .file("content/s/y.md", &page("Y & Z", "y\n"))
        .build();
    built.assert_ok();
    let html = built.page("x.html");
    assert_eq!(select_text(&html, "h1"), ["Q&A: <b>bold</b> \"quoted\""]);
    assert_eq!(
        select_text(&html, "title"),
        ["Q&A: <b>bold</b> \"quoted\" – Fish & <Chips>"]
    );
    assert_eq!(
        attr_all(&html, "meta[name=description]", "content"),
        ["<script>alert(1)</script> & more"]
    );
    assert_eq!(count(&html, "b, chips, i, em"), 0);
    assert_eq!(count(&html, "script:not([src])"), 0);
    assert!(select_text(&html, ".wm-phase-banner")
        .join(" ")
        .contains("Not <i>official</i> & illustrative."));

    let home = built.page("index.html");
    let listing = select_text(&home, ".wm-listing__link");
    assert!(
        listing.contains(&"Q&A: <b>bold</b> \"quoted\"".to_string()),
        "{listing:?}"
    );
    assert!(
        listing.contains(&"A <em>section</em>".to_string()),
        "{listing:?}"
    );
    assert!(select_text(&home, ".wm-listing__summary")
        .join(" ")
        .contains("<script>alert(1)</script> & more"));
    assert_eq!(count(&home, "b, chips, em, i"), 0);
    assert_eq!(count(&home, "script:not([src])"), 0);

    let y = built.page("s/y.html");
    assert_eq!(
        select_text(&y, ".wm-breadcrumbs a"),
        ["Home", "A <em>section</em>"]
    );
    assert_eq!(count(&y, "em"), 0);
}

#[test]
fn every_page_declares_its_language() {
    let built = Project::new()
        .file("site.yaml", "title: Welsh site\nlanguage: cy\n")
        .file("content/a.md", &page("A", "x\n"))
        .build();
    built.assert_ok();
    each_page(&built, |file, html| {
        assert_eq!(attr_all(html, "html", "lang"), ["cy"], "{file}");
    });
}

#[test]

fn pages_that_collide_with_generated_files_are_errors() {
    let built = Project::new()
        .file("content/changes.md", &page("My changes page", "mine\n"))
        .file("content/assets/waymark.css", "body {}\n")
        .file(
            "content/doc/v1.0.md",
            "---\ntitle: Doc\nversion: \"1.0\"\nstatus: approved\neffective: 2020-01-01\n---\nx\n",
        )
        .build();
    built.assert_failed();
    // (`content/404.md` collides with nothing: it is the 404 page's text,
    // see tests/mdbook_import.rs.)
    for file in ["content/changes.md", "content/assets/waymark.css"] {
        assert!(
            built.errors().iter().any(|e| e.file == file),
            "no error for {file}:\n{}",
            built.messages()
        );
    }
}
