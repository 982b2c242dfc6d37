//! Markdown from elsewhere (issue 19, first pieces): nothing is dropped
//! without a located warning, a mentioned tag never swallows the page,
//! raw-HTML ids are anchors, email autolinks are mail links, GitHub alerts
//! and README landing pages work, and a team's own front-matter keys can be
//! kept.

mod common;

use common::*;

#[test]
fn a_mentioned_tag_does_not_delete_the_rest_of_the_page() {
    let built = Project::new()
        .file(
            "content/index.md",
            &page(
                "Home",
                "Put CSS in a <style> element.\n\n## Later section\n\nStill here.\n\nA stray <title> too.\n\n## Last\n\nEnd.\n",
            ),
        )
        .build();
    built.assert_ok();
    let html = built.page("index.html");
    assert_eq!(select_text(&html, "main h2"), ["Later section", "Last"]);
    let body = select_text(&html, "main p").join("\n");
    assert!(body.contains("Put CSS in a <style> element."), "{body}");
    assert!(
        body.contains("Still here.") && body.contains("End."),
        "{body}"
    );
    let warned: Vec<String> = built.warnings().iter().map(|w| place(w)).collect();
    assert_eq!(
        warned,
        ["content/index.md:5:14", "content/index.md:11:9"],
        "{}",
        built.messages()
    );
}

#[test]
fn what_the_sanitiser_removes_is_a_located_warning() {
    let built = Project::new()
        .file(
            "content/index.md",
            &page(
                "Home",
                "Intro.\n\n<img src=\"a.png\" alt=\"Diagram\" style=\"width: 40%\">\n\n<script>alert(1)</script>\n\n<iframe src=\"x.html\"></iframe>\n",
            ),
        )
        .file("content/a.png", "png")
        .build();
    built.assert_ok();
    let messages: Vec<(String, String)> = built
        .warnings()
        .iter()
        .map(|w| (place(w), w.message.clone()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "content/index.md:7:1".to_string(),
                "removed from the page: the `style` attribute of <img>".to_string()
            ),
            (
                "content/index.md:9:1".to_string(),
                "removed from the page: the <script> element and its content".to_string()
            ),
            (
                "content/index.md:11:1".to_string(),
                "removed from the page: the <iframe> element and its content".to_string()
            ),
        ],
        "{}",
        built.messages()
    );
    let html = built.text("index.html");
    assert!(!html.contains("alert(1)") && !html.contains("<iframe"));
    assert!(built
        .page("index.html")
        .select(&sel("main img[alt=Diagram]"))
        .next()
        .is_some());
}

#[test]
fn raw_html_ids_are_anchors_links_can_use() {
    let built = Project::new()
        .file(
            "content/index.md",
            &page(
                "Home",
                "See [install](guide.md#install-step) and [missing](guide.md#nope).",
            ),
        )
        .file(
            "content/guide.md",
            &page("Guide", "<a id=\"install-step\"></a>\n\nInstall it.\n"),
        )
        .build();
    let e = built.single_error();
    assert!(e.message.contains("#nope"), "{}", e.message);
}

#[test]
fn email_autolinks_are_mail_links() {
    let built = Project::new()
        .file(
            "content/index.md",
            &page("Home", "Contact <team@example.org> for help."),
        )
        .build();
    built.assert_ok();
    let html = built.page("index.html");
    let a = html
        .select(&sel("main a[href='mailto:team@example.org']"))
        .next();
    assert!(a.is_some(), "{}", built.text("index.html"));
}

#[test]
fn github_alerts_become_inset_and_warning_text() {
    let built = Project::new()
        .file(
            "content/index.md",
            &page(
                "Home",
                "> [!NOTE]\n> Bring the referral form.\n\n> [!WARNING]\n> Never share the slip.\n\n> A plain quote.\n",
            ),
        )
        .build();
    built.assert_ok();
    let html = built.page("index.html");
    assert_eq!(
        select_text(&html, "main .wm-inset-text"),
        ["Note Bring the referral form."]
    );
    assert_eq!(
        select_text(&html, "main .wm-warning-text .wm-alert__label"),
        ["Warning"]
    );
    assert_eq!(select_text(&html, "main blockquote"), ["A plain quote."]);
    assert!(!built.text("index.html").contains("[!NOTE]"));
}

#[test]
fn a_readme_is_its_folders_landing_page() {
    let built = Project::new()
        .file(
            "content/index.md",
            &page("Home", "See [the guide](guide/README.md)."),
        )
        .file("content/guide/README.md", "# The guide\n\nStart here.\n")
        .file(
            "content/guide/a.md",
            &page("A", "Back to [the guide](README.md)."),
        )
        .file("content/other/index.md", &page("Other", "Index wins."))
        .file("content/other/README.md", "# Other readme\n")
        .build();
    built.assert_ok();
    assert_eq!(
        select_text(&built.page("guide/index.html"), "h1"),
        ["The guide"]
    );
    assert!(!built.exists("guide/README.html"));
    let home = built.page("index.html");
    // The author's link (and the folder listing) lead to the landing page.
    assert!(home.select(&sel("main a[href='guide/index.html']")).count() >= 1);
    assert_eq!(home.select(&sel("a[href*='README']")).count(), 0);
    // With an index.md, README.md stays an ordinary page.
    assert_eq!(
        select_text(&built.page("other/index.html"), "h1"),
        ["Other"]
    );
    assert!(built.exists("other/README.html"));
}

#[test]
fn a_teams_own_front_matter_keys_are_all_reported_or_kept() {
    let p = Project::new().file(
        "content/index.md",
        "---\ntitle: Home\nweight: 10\nowner_slack: \"#guidance\"\nlayout: wide\n---\nHello.\n",
    );
    let built = p.check();
    let places: Vec<String> = built.errors().iter().map(|e| place(e)).collect();
    // All three in one run, not one per build.
    assert_eq!(
        places,
        [
            "content/index.md:3:1",
            "content/index.md:4:1",
            "content/index.md:5:1"
        ],
        "{}",
        built.messages()
    );
    assert!(built.errors()[0]
        .hint
        .as_deref()
        .unwrap()
        .contains("`order`"));

    p.write(
        "site.yaml",
        &format!("{MINIMAL_SITE_YAML}extra_front_matter: [weight, owner_slack, layout]\n"),
    );
    let built = p.build();
    built.assert_ok();
    assert_eq!(select_text(&built.page("index.html"), "h1"), ["Home"]);
}
