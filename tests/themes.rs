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

#[test]
fn a_theme_may_replace_one_part_of_a_joined_script() {
    let part = "// court's ranking\nfunction rank(qw, cands, opts) { return { words: qw, hits: [], terms: {}, matched: [] }; }\n";
    let built = Project::new()
        .file("site.yaml", "title: Themed\ntheme: court\n")
        .file("content/a.md", PAGE)
        .file("themes/court/static/parts/search/rank.js", part)
        .build();
    built.assert_ok();
    let search = built.text("assets/search.js");
    assert!(search.contains(part), "the project's part is joined");
    assert!(
        !search.contains("function rankSome("),
        "the default part it replaces is not"
    );
    for default_part in ["function parse(q, typing)", "function combobox(form)"] {
        assert!(
            search.contains(default_part),
            "{default_part} is still joined"
        );
    }
    assert!(
        search.find("// court's ranking") > search.find("function parse(")
            && search.find("// court's ranking") < search.find("function combobox("),
        "the replaced part keeps its place"
    );
    assert!(
        !built.exists("assets/parts/search/rank.js") && !built.exists("assets/parts"),
        "parts are not copied as assets"
    );
    // The other joined scripts, and the part they share, are untouched.
    let forms = built.text("assets/forms.js");
    let confirm = built.text("assets/confirm.js");
    for script in [&forms, &confirm] {
        assert!(script.contains("function download(text, type, name)"));
    }
}

#[test]
fn a_theme_may_replace_a_part_two_scripts_share_or_a_whole_joined_script() {
    let download = "function download(text, type, name) { window.courtSaved = name; }\n";
    let built = Project::new()
        .file("site.yaml", "title: Themed\ntheme: court\n")
        .file("content/a.md", PAGE)
        .file("themes/court/static/parts/shared/download.js", download)
        .file(
            "themes/court/static/search.js",
            "// the court's own search\n",
        )
        .build();
    built.assert_ok();
    for script in ["assets/forms.js", "assets/confirm.js"] {
        let text = built.text(script);
        assert!(
            text.contains(download),
            "{script} joins the project's shared part"
        );
        assert!(!text.contains("URL.createObjectURL"), "{script}");
    }
    assert_eq!(
        built.text("assets/search.js"),
        "// the court's own search\n",
        "a script of the joined script's own name replaces it whole"
    );
}
