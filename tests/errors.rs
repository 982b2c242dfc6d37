//! Bad input (design §6): every error names file, line and column, says what
//! is wrong and how to fix it; all errors are reported together; nothing
//! panics, whatever the input.

mod common;

use common::*;

#[test]
fn unknown_front_matter_key_suggests_the_right_one() {
    let built = Project::new()
        .file(
            "content/a.md",
            "---\nsummary: Something\ntitel: Hello\n---\nBody\n",
        )
        .build();
    let e = built.single_error();
    assert_eq!(place(e), "content/a.md:3:1");
    assert!(e.message.contains("titel"), "{}", e.message);
    let hint = e.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("did you mean `title`"), "{hint}");
}

#[test]
fn bad_audience_lists_allowed_values() {
    let built = Project::new()
        .file(
            "content/a.md",
            "---\ntitle: A\naudience: [probation, judges]\n---\nBody\n",
        )
        .build();
    let e = built.single_error();
    assert_eq!(e.file, "content/a.md");
    assert_eq!(e.position.line, 3);
    assert!(e.message.contains("judges"), "{}", e.message);
    let hint = e.hint.as_deref().unwrap_or_default();
    for allowed in [
        "magistrates",
        "probation",
        "treatment-providers",
        "new-sites",
        "steering-groups",
        "defence",
        "programme-team",
    ] {
        assert!(hint.contains(allowed), "hint lacks {allowed}: {hint}");
    }
}

#[test]
fn near_miss_audience_gets_did_you_mean() {
    let built = Project::new()
        .file(
            "content/a.md",
            "---\ntitle: A\naudience:\n  - magistrate\n---\nBody\n",
        )
        .build();
    let e = built.single_error();
    assert_eq!(e.position.line, 4);
    assert!(
        e.hint
            .as_deref()
            .unwrap_or_default()
            .contains("did you mean `magistrates`"),
        "{e}"
    );
}

#[test]
fn bad_date_has_a_clear_message() {
    for bad in ["2019-13-01", "31/01/2020", "soon"] {
        let built = Project::new()
            .file(
                "content/a.md",
                &format!("---\ntitle: A\nreview_by: {bad}\n---\nBody\n"),
            )
            .build();
        let e = built.single_error();
        assert_eq!(e.file, "content/a.md");
        assert!(e.message.contains(bad), "{}", e.message);
        assert!(e.message.contains("YYYY-MM-DD"), "{}", e.message);
    }
}

#[test]

fn bad_date_points_at_its_line() {
    let built = Project::new()
        .file(
            "content/a.md",
            "---\ntitle: A\nsummary: S\nreview_by: 2019-13-01\n---\nBody\n",
        )
        .build();
    let e = built.single_error();
    assert_eq!(e.position.line, 4, "{e}");
}

#[test]
fn unclosed_front_matter_is_an_error_with_a_hint() {
    let built = Project::new()
        .file(
            "content/a.md",
            "---\ntitle: A\n\nBody with no closing fence\n",
        )
        .build();
    let e = built.single_error();
    assert_eq!(place(e), "content/a.md:1:1");
    assert!(e.message.contains("never closed"), "{}", e.message);
    assert!(e.hint.as_deref().unwrap_or_default().contains("---"));
}

#[test]
fn an_empty_title_is_an_error_and_a_missing_one_comes_from_the_page() {
    let built = Project::new()
        .file(
            "content/none.md",
            "---\nsummary: S\n---\nIntro.\n\n## Taken from here\n",
        )
        .file("content/empty.md", "---\ntitle: \"  \"\n---\nBody\n")
        .file("content/nothing.md", "---\n---\nBody\n")
        .check();
    let files: Vec<&str> = built.errors().iter().map(|d| d.file.as_str()).collect();
    assert_eq!(files, ["content/empty.md"], "{}", built.messages());
    assert!(built.errors()[0].message.contains("title"));

    let built = Project::new()
        .file(
            "content/none.md",
            "---\nsummary: S\n---\nIntro.\n\n## Taken from here\n",
        )
        .file("content/nothing.md", "---\n---\nBody\n")
        .build();
    built.assert_ok();
    // Front matter without a title: the first heading, else the file name.
    assert_eq!(
        select_text(&built.page("none.html"), "h1"),
        ["Taken from here"]
    );
    assert_eq!(select_text(&built.page("nothing.html"), "h1"), ["Nothing"]);
}

#[test]
fn invalid_utf8_names_the_file_and_line() {
    let built = Project::new()
        .bytes(
            "content/bad.md",
            b"---\ntitle: A\n---\n\nFine line.\nbad \xff\xfe here\n",
        )
        .build();
    let e = built.single_error();
    assert_eq!(place(e), "content/bad.md:6:5");
    assert!(e.message.contains("UTF-8"), "{}", e.message);
}

#[test]
fn invalid_utf8_in_yaml_files_is_reported() {
    let built = Project::new()
        .file("content/a.md", &page("A", "x\n"))
        .bytes("content/_section.yaml", b"title: Caf\xe9\n")
        .build();
    let e = built.single_error();
    assert_eq!(place(e), "content/_section.yaml:1:11");
}

#[test]
fn missing_site_yaml_is_a_clear_error() {
    let project = Project::bare().file("content/a.md", &page("A", "x\n"));
    let built = project.build();
    let e = built.single_error();
    assert_eq!(e.file, "site.yaml");
    assert!(e.message.contains("site.yaml"), "{}", e.message);
    assert!(
        e.hint
            .as_deref()
            .unwrap_or_default()
            .contains("waymark init"),
        "{e}"
    );
    assert!(!project.out().exists(), "nothing written");
}

#[test]
fn missing_content_folder_is_a_clear_error() {
    let built = Project::bare().file("site.yaml", "title: T\n").build();
    let e = built.single_error();
    assert_eq!(e.file, "content");
    assert!(e.message.contains("content/"), "{}", e.message);
}

#[test]
fn bad_yaml_syntax_in_site_yaml_gives_line_and_column() {
    let built = Project::new()
        .file(
            "site.yaml",
            "title: T\nnavigation:\n  - title: Home\n    path: [unclosed\n",
        )
        .build();
    let e = built.single_error();
    assert_eq!(place(e), "site.yaml:4:11", "{e}");

    let built = Project::new()
        .file("site.yaml", "title: T\n  language: en\n")
        .build();
    let e = built.single_error();
    assert_eq!(place(e), "site.yaml:2:11");
}

#[test]
fn unknown_key_in_site_yaml_suggests() {
    let built = Project::new()
        .file("site.yaml", "title: T\nlangauge: en-GB\n")
        .build();
    let e = built.single_error();
    assert_eq!(place(e), "site.yaml:2:1");
    assert!(
        e.hint
            .as_deref()
            .unwrap_or_default()
            .contains("did you mean `language`"),
        "{e}"
    );
}

#[test]
fn bad_section_yaml_is_an_error_at_its_line() {
    let built = Project::new()
        .file("content/s/a.md", &page("A", "x\n"))
        .file("content/s/_section.yaml", "title: S\norder: first\n")
        .build();
    let e = built.single_error();
    assert_eq!(e.file, "content/s/_section.yaml");
    assert_eq!(e.position.line, 2);
}

#[test]
fn unknown_yaml_file_is_a_warning_not_an_error() {
    let built = Project::new()
        .file("content/a.md", &page("A", "x\n"))
        .file("content/notes.yaml", "x: 1\n")
        .build();
    built.assert_ok();
    let w = built.warnings();
    assert_eq!(w.len(), 1, "{}", built.messages());
    assert_eq!(w[0].file, "content/notes.yaml");
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let built = Project::new()
        .file("content/one.md", "---\ntitle: One\ntitel: x\n---\nx\n")
        .file(
            "content/two.md",
            "---\ntitle: Two\nreview_by: soon\n---\nx\n",
        )
        .file("content/three.md", "---\ntitle: Three\n")
        .file("content/fine.md", &page("Fine", "x\n"))
        .build();
    built.assert_failed();
    let places: Vec<String> = built.errors().into_iter().map(place).collect();
    assert_eq!(places.len(), 3, "{}", built.messages());
    assert_eq!(places[0], "content/one.md:3:1");
    assert_eq!(places[1], "content/three.md:1:1");
    assert!(places[2].starts_with("content/two.md:"), "{places:?}");
}

#[test]
fn broken_links_in_several_files_are_reported_together() {
    let built = Project::new()
        .file("content/a.md", &page("A", "[x](nope-a.md)\n"))
        .file("content/b.md", &page("B", "[x](a.md#nope)\n"))
        .file("content/c/d.md", &page("D", "text\n\n[x](../nope-d.md)\n"))
        .build();
    let places: Vec<String> = built.errors().into_iter().map(place).collect();
    assert_eq!(
        places,
        ["content/a.md:5:1", "content/b.md:5:1", "content/c/d.md:7:1"]
    );
}

#[test]

fn load_errors_and_link_errors_are_reported_together() {
    let built = Project::new()
        .file("content/a.md", "---\ntitle: A\ntitel: x\n---\nx\n")
        .file("content/b.md", &page("B", "[x](nope.md)\n"))
        .build();
    let places: Vec<String> = built.errors().into_iter().map(place).collect();
    assert_eq!(places, ["content/a.md:3:1", "content/b.md:5:1"]);
}

#[test]
fn crlf_and_bom_pages_build_and_report_correct_lines() {
    let built = Project::new()
        .file(
            "content/win.md",
            "\u{feff}---\r\ntitle: Windows\r\n---\r\n\r\nText.\r\n\r\n[x](nope.md)\r\n",
        )
        .build();
    let e = built.single_error();
    assert_eq!(place(e), "content/win.md:7:1");
    let built = Project::new()
        .file(
            "content/win.md",
            "\u{feff}---\r\ntitle: Windows\r\n---\r\n\r\n## Heading\r\n",
        )
        .build();
    built.assert_ok();
    let html = built.page("win.html");
    assert_eq!(select_text(&html, "h1"), ["Windows"]);
    assert_eq!(attr_all(&html, ".wm-prose h2", "id"), ["heading"]);
}

#[test]
fn front_matter_that_is_not_a_mapping_is_an_error() {
    for yaml in ["- a\n- b\n", "just text\n", "[1, 2\n", "title: [a, b]\n"] {
        let built = Project::new()
            .file("content/a.md", &format!("---\n{yaml}---\nBody\n"))
            .build();
        let e = built.single_error();
        assert_eq!(e.file, "content/a.md", "{yaml:?}");
        assert!(e.position.line >= 1, "{yaml:?}");
    }
}

// --- hostile input: no panics -------------------------------------------

#[test]
fn deeply_nested_lists_quotes_and_emphasis_do_not_panic() {
    let depth = 10_000;
    let lists = format!("{}deep\n", "- ".repeat(depth));
    let quotes = format!("{} deep\n", ">".repeat(depth));
    let emphasis = format!("{}x{}\n", "*".repeat(depth), "*".repeat(depth));
    let brackets = format!("{}x{}\n", "[".repeat(depth), "]".repeat(depth));
    let built = Project::new()
        .file("content/lists.md", &page("Lists", &lists))
        .file("content/quotes.md", &page("Quotes", &quotes))
        .file("content/emphasis.md", &page("Emphasis", &emphasis))
        .file("content/brackets.md", &page("Brackets", &brackets))
        .build();
    built.assert_ok();
    for p in ["lists", "quotes", "emphasis", "brackets"] {
        let text = built.text(&format!("{p}.html"));
        assert!(text.contains("</html>"), "{p}.html is complete");
    }
}

#[test]
fn deeply_nested_raw_html_is_refused_without_panic() {
    // Sanitising is worse than quadratic in nesting depth, so a page with
    // this much raw HTML is an error naming the page, not a stalled build.
    let html = format!(
        "Intro.\n\n{}x<script>alert(1)</script>\n",
        "<div>".repeat(10_000)
    );
    let built = Project::new()
        .file("content/html.md", &page("Html", &html))
        .build();
    let e = built.single_error();
    assert_eq!(e.file, "content/html.md");
    assert!(e.message.contains("raw HTML tags"), "{}", e.message);
    assert!(!built.exists("html.html"));
}

#[test]
fn moderately_nested_raw_html_is_sanitised() {
    let html = format!("{}x<script>alert(1)</script>\n", "<div>".repeat(500));
    let built = Project::new()
        .file("content/html.md", &page("Html", &html))
        .build();
    built.assert_ok();
    let text = built.text("html.html");
    assert!(text.contains("</html>"));
    assert!(!text.contains("alert(1)"));
}

#[test]
fn deeply_nested_versions_compare_without_panic() {
    let depth = 10_000;
    let v1 = format!(
        "---\ntitle: Doc\nversion: \"1.0\"\nstatus: approved\neffective: 2020-01-01\napproved_by: Board\n---\n\n## Part\n\n{}old\n",
        "> ".repeat(depth)
    );
    let v2 = format!(
        "---\ntitle: Doc\nversion: \"1.1\"\nstatus: approved\neffective: 2020-02-01\napproved_by: Board\nchanges:\n  - id: part\n    sections: [part]\n    summary: Deeper.\n---\n\n## Part\n\n{}new\n\n{}x\n",
        "> ".repeat(depth),
        "- ".repeat(depth)
    );
    let built = Project::new()
        .file("content/doc/v1.0.md", &v1)
        .file("content/doc/v1.1.md", &v2)
        .build();
    built.assert_ok();
    assert!(built.exists("doc/compare-v1.0-v1.1.html"));
}

#[test]
fn five_megabyte_page_builds() {
    let para = "The court may add a mental health treatment requirement with consent. ";
    let mut body = String::with_capacity(5 * 1024 * 1024 + 1024);
    let mut n = 0;
    while body.len() < 5 * 1024 * 1024 {
        if n % 50 == 0 {
            body.push_str(&format!("\n\n## Section {n}\n\n"));
        }
        body.push_str(para);
        if n % 10 == 9 {
            body.push_str("\n\n");
        }
        n += 1;
    }
    let built = Project::new()
        .file("content/big.md", &page("Big", &body))
        .build();
    built.assert_ok();
    let text = built.text("big.html");
    assert!(text.len() > 5 * 1024 * 1024);
    assert!(text.contains("id=\"section-0\""));
}

#[test]
fn oversized_page_is_refused_with_a_message() {
    let body = "x".repeat(9 * 1024 * 1024);
    let built = Project::new()
        .file("content/huge.md", &page("Huge", &body))
        .build();
    let e = built.single_error();
    assert_eq!(place(e), "content/huge.md:1:1");
    assert!(e.message.contains("limit"), "{}", e.message);
}

#[test]
fn empty_files_and_odd_pages_do_not_panic() {
    let project = Project::new()
        .file("content/empty.md", "")
        .file("content/blank.md", "\n\n   \n")
        .file("content/_section.yaml", "")
        .file("content/only-heading.md", "#\n")
        .file("content/glossary.yaml", "");
    // An empty glossary is missing its terms; everything else is fine.
    let built = project.build();
    let e = built.single_error();
    assert_eq!(place(e), "content/glossary.yaml:1:1");
    assert!(e.message.contains("terms"), "{}", e.message);
    project.remove("content/glossary.yaml");
    let built = project.build();
    built.assert_ok();
    assert_eq!(select_text(&built.page("blank.html"), "h1"), ["Blank"]);
    assert_eq!(
        select_text(&built.page("only-heading.html"), "h1.wm-title"),
        ["Only heading"]
    );
}

#[test]
fn empty_and_nul_pages_build() {
    let built = Project::new()
        .file("content/empty.md", "")
        .file(
            "content/nul-bytes.md",
            "---\ntitle: Nul\n---\n\nA\0B\n\n## \0\n",
        )
        .build();
    built.assert_ok();
    assert_eq!(select_text(&built.page("empty.html"), "h1"), ["Empty"]);
    assert!(built.text("nul-bytes.html").contains("</html>"));
}

#[test]

fn nul_bytes_are_not_copied_into_html() {
    let built = Project::new()
        .file(
            "content/nul-bytes.md",
            "---\ntitle: Nul\n---\n\nA\0B\n\n## \0\n",
        )
        .build();
    built.assert_ok();
    let nul = built.text("nul-bytes.html");
    assert!(!nul.contains('\0'), "NUL bytes are not copied into HTML");
    assert!(nul.contains("A\u{fffd}B"));
}

#[test]
fn a_file_that_is_only_dashes_is_an_error_not_a_panic() {
    for text in ["---", "---\n", "---\n---", "---\n---\n---\n"] {
        let built = Project::new().file("content/d.md", text).build();
        for d in built.diagnostics() {
            assert_eq!(d.file, "content/d.md", "{text:?}: {d}");
        }
        if text.matches("---").count() == 1 {
            let e = built.single_error();
            assert_eq!(place(e), "content/d.md:1:1", "{text:?}");
        }
    }
}

#[test]
fn hostile_yaml_does_not_panic() {
    // A billion-laughs style alias bomb and deep flow nesting.
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\ntitle: T\n";
    let deep = format!("title: {}x{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let built = Project::new()
        .file("content/bomb.md", &format!("---\n{bomb}---\nx\n"))
        .file("content/deep.md", &format!("---\n{deep}---\nx\n"))
        .file("content/_section.yaml", &deep)
        .build();
    built.assert_failed();
    for d in built.errors() {
        assert!(d.file.starts_with("content/"), "{d}");
    }
    assert!(built.errors().len() >= 3, "{}", built.messages());
}

#[cfg(unix)]
#[test]
fn symlink_loop_does_not_hang_or_panic() {
    let project = Project::new().file("content/a/page.md", &page("P", "x\n"));
    std::os::unix::fs::symlink("..", project.root().join("content/a/loop")).unwrap();
    std::os::unix::fs::symlink("self", project.root().join("content/self")).unwrap();
    let built = project.build();
    built.assert_ok();
    assert!(built.exists("a/page.html"));
}
