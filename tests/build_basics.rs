//! Pages, folders, navigation and Markdown rendering on a small fixture.

mod common;

use common::*;

#[test]
fn page_becomes_html_at_the_same_path_with_its_title() {
    let built = Project::new()
        .file("content/a/b.md", &page("Bee page", "Some text.\n"))
        .build();
    built.assert_ok();
    assert!(built.exists("a/b.html"));
    assert!(!built.exists("a/b.md"));
    let html = built.page("a/b.html");
    assert_eq!(select_text(&html, "h1"), ["Bee page"]);
    let title = select_text(&html, "title");
    assert_eq!(title.len(), 1);
    assert!(
        title[0].starts_with("Bee page"),
        "<title> should start with the page title: {title:?}"
    );
    assert!(title[0].contains("Test site"), "{title:?}");
    assert!(select_text(&html, "main").join(" ").contains("Some text."));
}

#[test]
fn plain_markdown_without_front_matter_takes_its_title_from_the_first_heading() {
    let built = Project::new()
        .file("content/plain.md", "# Plain title\n\nBody.\n")
        .file("content/no-heading.md", "Just text.\n")
        .build();
    built.assert_ok();
    assert_eq!(
        select_text(&built.page("plain.html"), "h1"),
        ["Plain title"]
    );
    assert_eq!(
        select_text(&built.page("no-heading.html"), "h1"),
        ["No heading"]
    );
}

#[test]
fn folder_without_index_gets_a_listing_in_order_then_title_order() {
    let built = Project::new()
        .file(
            "content/guide/zebra.md",
            "---\ntitle: Zebra\norder: 1\n---\nZ\n",
        )
        .file("content/guide/apple.md", &page("Apple", "A\n"))
        .file("content/guide/banana.md", &page("banana", "B\n"))
        .file("content/guide/cherry.md", &page("Cherry", "C\n"))
        .file(
            "content/guide/sub/_section.yaml",
            "title: Sub stuff\norder: 2\nsummary: The sub folder.\n",
        )
        .file("content/guide/sub/inner.md", &page("Inner", "I\n"))
        .build();
    built.assert_ok();
    let html = built.page("guide/index.html");
    assert_eq!(select_text(&html, "h1"), ["Guide"]);
    assert_eq!(
        select_text(&html, "main .wm-listing__link"),
        ["Zebra", "Sub stuff", "Apple", "banana", "Cherry"]
    );
    assert_eq!(
        attr_all(&html, "main .wm-listing__link", "href"),
        [
            "zebra.html",
            "sub/index.html",
            "apple.html",
            "banana.html",
            "cherry.html"
        ]
    );
    // The sub-folder's own listing uses its _section.yaml title and summary.
    let sub = built.page("guide/sub/index.html");
    assert_eq!(select_text(&sub, "h1"), ["Sub stuff"]);
    assert!(select_text(&sub, "main")
        .join(" ")
        .contains("The sub folder."));
    assert_eq!(select_text(&sub, "main .wm-listing__link"), ["Inner"]);
}

#[test]
fn section_yaml_title_is_used_in_breadcrumbs_and_listings() {
    let built = Project::new()
        .file("content/index.md", &page("Welcome", "Home.\n"))
        .file("content/cstr/_section.yaml", "title: About CSTRs\n")
        .file("content/cstr/deep/_section.yaml", "title: Deeper\n")
        .file("content/cstr/deep/page.md", &page("Leaf", "Leaf.\n"))
        .build();
    built.assert_ok();
    let leaf = built.page("cstr/deep/page.html");
    assert_eq!(
        select_text(&leaf, ".wm-breadcrumbs a"),
        ["Home", "About CSTRs", "Deeper"]
    );
    assert_eq!(
        attr_all(&leaf, ".wm-breadcrumbs a", "href"),
        ["../../index.html", "../index.html", "index.html"]
    );
    let home = built.page("index.html");
    assert_eq!(count(&home, ".wm-breadcrumbs"), 0, "no breadcrumbs on home");
    assert!(select_text(&home, "main .wm-listing__link").contains(&"About CSTRs".to_string()));
    assert_eq!(
        select_text(&built.page("cstr/index.html"), "h1"),
        ["About CSTRs"]
    );
}

#[test]
fn previous_and_next_follow_reading_order() {
    let built = Project::new()
        .file("content/s/one.md", "---\ntitle: One\norder: 1\n---\n1\n")
        .file("content/s/two.md", "---\ntitle: Two\norder: 2\n---\n2\n")
        .file(
            "content/s/three.md",
            "---\ntitle: Three\norder: 3\n---\n3\n",
        )
        .build();
    built.assert_ok();
    let one = built.page("s/one.html");
    assert_eq!(
        attr_all(&one, "a.wm-pagination__prev", "href"),
        ["index.html"]
    );
    assert_eq!(
        attr_all(&one, "a.wm-pagination__next", "href"),
        ["two.html"]
    );
    let two = built.page("s/two.html");
    assert_eq!(
        attr_all(&two, "a.wm-pagination__prev", "href"),
        ["one.html"]
    );
    assert_eq!(
        attr_all(&two, "a.wm-pagination__next", "href"),
        ["three.html"]
    );
    assert_eq!(
        select_text(&two, "a.wm-pagination__next .wm-pagination__title"),
        ["Three"]
    );
    let three = built.page("s/three.html");
    assert_eq!(
        attr_all(&three, "a.wm-pagination__prev", "href"),
        ["two.html"]
    );
    assert_eq!(count(&three, "a.wm-pagination__next"), 0);
    assert_eq!(attr_all(&three, "[rel=prev]", "href"), ["two.html"]);
}

#[test]
fn headings_get_github_style_ids_and_repeats_are_numbered() {
    let built = Project::new()
        .file(
            "content/h.md",
            &page(
                "Headings",
                "## What's a CSTR?\n\n## Notes\n\n## Notes\n\n### MHTR: sign-off (clinical lead)\n\n## Consent and capacity\n",
            ),
        )
        .build();
    built.assert_ok();
    let html = built.page("h.html");
    assert_eq!(
        attr_all(&html, ".wm-prose h2, .wm-prose h3", "id"),
        [
            "whats-a-cstr",
            "notes",
            "notes-1",
            "mhtr-sign-off-clinical-lead",
            "consent-and-capacity"
        ]
    );
}

#[test]
fn explicit_ids_are_honoured_and_overlay_attributes_not_emitted() {
    let built = Project::new()
        .file(
            "content/h.md",
            &page(
                "Explicit",
                "## Remote delivery {#remote after=treatment}\n\n## Other {#notes}\n\n## Notes\n",
            ),
        )
        .build();
    built.assert_ok();
    let html = built.page("h.html");
    assert_eq!(
        attr_all(&html, ".wm-prose h2", "id"),
        ["remote", "notes", "notes-1"]
    );
    let h2 = first(&html, "h2#remote");
    assert_eq!(text_of(h2), "Remote delivery");
    let attrs: Vec<&str> = h2.value().attrs().map(|(k, _)| k).collect();
    assert_eq!(attrs, ["id"], "only the id is emitted");
    assert!(!built.text("h.html").contains("after"));
}

#[test]
fn duplicate_explicit_ids_are_an_error() {
    let built = Project::new()
        .file(
            "content/d.md",
            "---\ntitle: D\n---\n\n## One {#same}\n\n## Two {#same}\n",
        )
        .build();
    built.assert_failed();
    let e = built.error_containing("used twice");
    assert_eq!(place(e), "content/d.md:7:1");
}

#[test]
fn contents_list_only_for_pages_with_three_or_more_h2() {
    let built = Project::new()
        .file(
            "content/long.md",
            &page(
                "Long",
                "## First\n\nx\n\n### Inner\n\ny\n\n## Second\n\nz\n\n## Third\n\nw\n",
            ),
        )
        .file(
            "content/short.md",
            &page(
                "Short",
                "## First\n\nx\n\n## Second\n\ny\n\n### Deep\n\n### Deeper\n",
            ),
        )
        .build();
    built.assert_ok();
    let long = built.page("long.html");
    assert_eq!(count(&long, "nav.wm-contents"), 1);
    assert_eq!(
        attr_all(&long, "nav.wm-contents a", "href"),
        ["#first", "#inner", "#second", "#third"]
    );
    assert_eq!(
        select_text(&long, "nav.wm-contents a"),
        ["First", "Inner", "Second", "Third"]
    );
    let short = built.page("short.html");
    assert_eq!(count(&short, "nav.wm-contents"), 0);
}

#[test]
fn fenced_yaml_is_highlighted_with_classes_not_styles() {
    let built = Project::new()
        .file(
            "content/code.md",
            &page(
                "Code",
                "```yaml\ntitle: <b>Hello</b>\norder: 3\n```\n\n```\nplain <text>\n```\n",
            ),
        )
        .build();
    built.assert_ok();
    let html = built.page("code.html");
    let code = first(&html, "pre code.language-yaml");
    let classes: Vec<String> = code
        .select(&sel("span[class]"))
        .flat_map(|s| s.value().classes().map(str::to_string).collect::<Vec<_>>())
        .collect();
    assert!(!classes.is_empty(), "no highlight spans");
    assert!(
        classes.iter().all(|c| c.starts_with("hl-")),
        "all classes prefixed hl-: {classes:?}"
    );
    assert_eq!(text_of(code), "title: <b>Hello</b> order: 3");
    assert_eq!(count(&html, "main b"), 0, "code is escaped");
    assert_eq!(count(&html, "[style]"), 0);
    let plain = html
        .select(&sel("pre code"))
        .find(|c| c.value().attr("class").is_none())
        .expect("plain code block");
    assert_eq!(text_of(plain), "plain <text>");
}

#[test]
fn tables_are_wrapped_in_a_focusable_region() {
    let built = Project::new()
        .file(
            "content/t.md",
            &page("Tables", "| Col A | Col B |\n|---|---|\n| 1 | 2 |\n"),
        )
        .build();
    built.assert_ok();
    let html = built.page("t.html");
    let wrap = first(&html, ".wm-prose .wm-table-wrap");
    assert_eq!(wrap.value().attr("tabindex"), Some("0"));
    assert_eq!(wrap.value().attr("role"), Some("region"));
    assert!(wrap.value().attr("aria-label").is_some());
    assert_eq!(
        select_text(&html, ".wm-table-wrap > table th"),
        ["Col A", "Col B"]
    );
    assert_eq!(select_text(&html, ".wm-table-wrap > table td"), ["1", "2"]);
}

#[test]
fn footnotes_strikethrough_and_task_lists_render() {
    let built = Project::new()
        .file(
            "content/x.md",
            &page(
                "Extensions",
                "A claim.[^src]\n\nThis is ~~gone~~ now.\n\n- [x] done\n- [ ] to do\n\n[^src]: The source.\n",
            ),
        )
        .build();
    built.assert_ok();
    let html = built.page("x.html");
    assert_eq!(select_text(&html, ".wm-prose s"), ["gone"]);
    // Task markers are drawn boxes with their state in words (an unlabelled
    // disabled checkbox fails WCAG), not form controls.
    assert!(html.select(&sel(".wm-prose input")).next().is_none());
    let states = select_text(&html, ".wm-prose li .wm-task .wm-visually-hidden");
    assert_eq!(states, ["Done:", "To do:"]);
    assert_eq!(html.select(&sel(".wm-prose li .wm-task--done")).count(), 1);
    // The footnote reference links to a definition that exists on the page.
    let refs = attr_all(&html, ".wm-prose sup a", "href");
    assert_eq!(refs.len(), 1, "one footnote reference");
    let target = refs[0].strip_prefix('#').expect("fragment link");
    let def = html
        .select(&sel(".wm-prose [id]"))
        .find(|e| e.value().attr("id") == Some(target))
        .expect("footnote definition");
    assert!(text_of(def).contains("The source."));
}

#[test]
fn page_metadata_audience_owner_and_review_date_shown() {
    let built = Project::new()
        .file(
            "content/m.md",
            "---\ntitle: Meta\naudience: [magistrates, probation]\nowner: National CSTR team\nreview_by: 2099-01-31\n---\nBody\n",
        )
        .build();
    built.assert_ok();
    assert!(built.warnings().is_empty(), "{}", built.messages());
    let html = built.page("m.html");
    let meta = select_text(&html, ".wm-meta dd");
    assert_eq!(
        meta,
        [
            "Magistrates and judges, Probation",
            "National CSTR team",
            "31 January 2099"
        ]
    );
    assert_eq!(count(&html, ".wm-warning"), 0);
}

#[test]
fn past_review_date_warns_and_shows_on_the_page() {
    let built = Project::new()
        .file(
            "content/old.md",
            "---\ntitle: Old\nreview_by: 2001-02-03\n---\nBody\n",
        )
        .build();
    built.assert_ok();
    let warnings = built.warnings();
    assert_eq!(warnings.len(), 1, "{}", built.messages());
    assert_eq!(warnings[0].file, "content/old.md");
    assert!(warnings[0].message.contains("3 February 2001"));
    let html = built.page("old.html");
    assert!(select_text(&html, ".wm-warning")
        .join(" ")
        .contains("due for review on 3 February 2001"));
}

#[test]
fn draft_pages_only_with_drafts() {
    let project = Project::new()
        .file("content/pub.md", &page("Published", "x\n"))
        .file(
            "content/wip.md",
            "---\ntitle: Work in progress\ndraft: true\n---\nx\n",
        );
    let built = project.build();
    built.assert_ok();
    assert!(!built.exists("wip.html"));
    assert!(!built.text("index.html").contains("Work in progress"));
    let built = project.build_drafts();
    built.assert_ok();
    assert!(built.exists("wip.html"));
}

#[test]
fn images_and_other_files_are_copied_and_linked_relatively() {
    let png: &[u8] = b"\x89PNG\r\n\x1a\nnot really";
    let built = Project::new()
        .bytes("content/img/map.png", png)
        .file(
            "content/a/b.md",
            &page(
                "Pic",
                "![A map](../img/map.png)\n\n[Download](../img/map.png)\n",
            ),
        )
        .build();
    built.assert_ok();
    assert_eq!(std::fs::read(built.path("img/map.png")).unwrap(), png);
    let html = built.page("a/b.html");
    assert_eq!(attr_all(&html, ".wm-prose img", "src"), ["../img/map.png"]);
    assert_eq!(attr_all(&html, ".wm-prose img", "alt"), ["A map"]);
    assert_eq!(attr_all(&html, ".wm-prose a", "href"), ["../img/map.png"]);
}

#[test]
fn site_notice_and_navigation_from_site_yaml() {
    let built = Project::new()
        .file(
            "site.yaml",
            "title: Nav site\nnotice: Illustrative only.\nnavigation:\n  - title: Home\n    path: index.md\n  - title: Guide\n    path: guide/\n",
        )
        .file("content/index.md", &page("Home page", "Hi\n"))
        .file("content/guide/a.md", &page("A", "a\n"))
        .build();
    built.assert_ok();
    let html = built.page("guide/a.html");
    assert_eq!(select_text(&html, ".wm-service-nav a"), ["Home", "Guide"]);
    assert_eq!(
        attr_all(&html, ".wm-service-nav a", "href"),
        ["../index.html", "index.html"]
    );
    assert_eq!(
        attr_all(&html, ".wm-service-nav a[aria-current]", "href"),
        ["index.html"]
    );
    assert!(select_text(&html, ".wm-phase-banner")
        .join(" ")
        .contains("Illustrative only."));
}

#[test]
fn navigation_to_a_missing_page_is_an_error_in_site_yaml() {
    let built = Project::new()
        .file(
            "site.yaml",
            "title: Nav site\nnavigation:\n  - title: Gone\n    path: gone.md\n",
        )
        .file("content/index.md", &page("Home", "x\n"))
        .build();
    built.assert_failed();
    let e = built.single_error();
    assert_eq!(place(e), "site.yaml:4:1");
    assert!(e.message.contains("gone.md"), "{}", e.message);
}

/// Every footer's "About" link: `about.md` when the project has one,
/// else nothing, unless `site.yaml` names another page with `about:`,
/// which must exist.
#[test]
fn the_about_page_is_about_md_or_what_site_yaml_names() {
    let footer = |built: &Built, page: &str| attr_all(&built.page(page), "footer a", "href");
    let p = Project::new()
        .file("content/index.md", &page("Home", "x\n"))
        .file("content/about.md", &page("About", "x\n"))
        .file("content/team/who.md", &page("Who we are", "x\n"));
    let built = p.build();
    built.assert_ok();
    assert_eq!(footer(&built, "index.html"), ["about.html", "a-z.html"]);

    p.write("site.yaml", "title: T\nabout: team/who.md\n");
    let built = p.build();
    built.assert_ok();
    assert_eq!(footer(&built, "index.html"), ["team/who.html", "a-z.html"]);
    assert_eq!(footer(&built, "about.html"), ["team/who.html", "a-z.html"]);
    assert_eq!(footer(&built, "team/who.html"), ["who.html", "../a-z.html"]);

    std::fs::remove_file(p.root().join("content/about.md")).unwrap();
    p.write("site.yaml", "title: T\n");
    let built = p.build();
    built.assert_ok();
    assert_eq!(footer(&built, "index.html"), ["a-z.html"]);

    p.write(
        "site.yaml",
        "title: T\n# Who the site is by.\nabout: team/gone.md\n",
    );
    let built = p.build();
    built.assert_failed();
    let e = built.single_error();
    assert_eq!(place(e), "site.yaml:3:1");
    assert!(
        e.message.starts_with("about: ") && e.message.contains("team/gone.md"),
        "{}",
        e.message
    );
}

/// The disclaimer tag comes from site.yaml, never from the theme: a real
/// deployment must not print "Illustrative" on its pages or bench cards.
#[test]
fn the_notice_label_comes_from_site_yaml_only() {
    let p = Project::new()
        .file(
            "site.yaml",
            "title: Real site\nnotice: Approved by the board.\n",
        )
        .file("content/index.md", &page("Home", "Hello."));
    let built = p.build();
    built.assert_ok();
    let html = built.page("index.html");
    assert_eq!(
        select_text(&html, ".wm-phase-banner"),
        ["Approved by the board."]
    );
    assert!(!built
        .text("index.html")
        .to_lowercase()
        .contains("illustrative"));

    p.write(
        "site.yaml",
        "title: Real site\nnotice_label: Draft\nnotice: Approved by the board.\n",
    );
    let built = p.build();
    assert_eq!(
        select_text(&built.page("index.html"), ".wm-phase-banner .wm-tag"),
        ["Draft"]
    );
}
