//! Theme overrides: a project's own templates and assets replace the
//! built-in default theme's, file by file.

mod common;

use common::*;

const PAGE: &str = "---\ntitle: A page\n---\n\nBody text.\n";

#[test]
fn a_project_template_overrides_the_built_in_one() {
    let built = Project::new()
        .file("content/a.md", PAGE)
        .file(
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<h1>{{ title }}</h1><p class=\"custom-marker\">custom</p>{{ body | safe }}{% endblock content %}",
        )
        .build();
    built.assert_ok();
    let html = built.page("a.html");
    assert_eq!(select_text(&html, ".custom-marker"), ["custom"]);
    // Templates not overridden still come from the built-in theme.
    assert_eq!(count(&html, "a.wm-skip-link"), 1);
}

#[test]
fn a_named_theme_can_replace_an_asset_and_add_one() {
    let built = Project::new()
        .file("site.yaml", "title: Themed\ntheme: court\n")
        .file("content/a.md", PAGE)
        .file("themes/court/static/waymark.css", "body { color: black }\n")
        .file("themes/court/static/extra.css", "p { margin: 0 }\n")
        .build();
    built.assert_ok();
    assert_eq!(built.text("assets/waymark.css"), "body { color: black }\n");
    assert!(built.exists("assets/extra.css"));
    assert!(
        built.exists("assets/print.css"),
        "other default assets remain"
    );
}

#[test]
fn a_missing_theme_is_an_error() {
    let built = Project::new()
        .file("site.yaml", "title: Themed\ntheme: nowhere\n")
        .file("content/a.md", PAGE)
        .build();
    let e = built.single_error();
    assert!(
        e.message.contains("theme `nowhere` not found"),
        "{}",
        e.message
    );
}

#[test]
fn a_template_syntax_error_names_the_template() {
    let built = Project::new()
        .file("content/a.md", PAGE)
        .file("themes/default/templates/page.html", "line one\n{% if %}\n")
        .build();
    let e = built.single_error();
    assert_eq!(e.file, "themes/default/templates/page.html");
    assert_eq!(e.position.line, 2, "{e}");
}
