//! Real documentation nobody here wrote (issue 19): small doc sets from
//! crates, kept unchanged under `tests/fixtures/corpora/` with their
//! source and licence, build with zero errors given only a `site.yaml`, and
//! nothing in them is dropped without a word.

mod common;

use std::path::Path;

use common::*;

/// The fixture's Markdown files (not its SOURCE.md), by name.
fn corpus(name: &str) -> Vec<(String, String)> {
    let dir = repo_root().join("tests/fixtures/corpora").join(name);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "SOURCE.md"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Builds the corpus as `content/<folder>/` of a project with only a site.yaml.
fn build_corpus(folder: &str, files: &[(String, String)]) -> Built {
    let mut project = Project::new().file("content/index.md", &page("Home", "Imported docs.\n"));
    for (name, text) in files {
        project = project.file(&format!("content/{folder}/{name}"), text);
    }
    project.build()
}

fn output_name(name: &str) -> String {
    let stem = Path::new(name)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    if stem.eq_ignore_ascii_case("readme") {
        "index.html".into()
    } else {
        format!("{stem}.html")
    }
}

/// Every fenced block of the source is a code block of the page.
fn assert_every_code_block_kept(built: &Built, folder: &str, files: &[(String, String)]) {
    for (name, text) in files {
        let fences = text
            .lines()
            // Fences in block quotes too (`> ```rust`).
            .filter(|l| l.trim_start_matches(['>', ' ']).starts_with("```"))
            .count();
        let html = built.page(&format!("{folder}/{}", output_name(name)));
        assert_eq!(
            count(&html, "main pre code"),
            fences / 2,
            "{name}: a code block went missing"
        );
        assert_eq!(count(&html, "h1"), 1, "{name}: one h1");
    }
}

#[test]
fn clap_examples_build_with_titles_from_file_names_and_highlighted_sessions() {
    let files = corpus("clap-examples");
    let built = build_corpus("clap", &files);
    assert!(built.errors().is_empty(), "{}", built.messages());
    assert!(built.warnings().is_empty(), "{}", built.messages());
    assert_every_code_block_kept(&built, "clap", &files);
    let apps = built.page("clap/02_apps.html");
    // No heading to take a title from: the file name gives it.
    assert_eq!(select_text(&apps, "h1"), ["02 apps"]);
    assert!(count(&apps, "main pre code.language-console .hl-source") >= 1);
    let listing = select_text(&built.page("clap/index.html"), "main a").join("|");
    for title in ["01 quick", "Demo", "Git", "Escaped positional"] {
        assert!(listing.contains(title), "{title} not listed: {listing}");
    }
}

#[test]
fn derive_more_docs_build_without_rustdocs_hidden_lines() {
    let (broken, files): (Vec<_>, Vec<_>) = corpus("derive-more-docs")
        .into_iter()
        .partition(|(name, _)| name == "display.md");
    let built = build_corpus("derive", &files);
    assert!(built.errors().is_empty(), "{}", built.messages());
    assert!(built.warnings().is_empty(), "{}", built.messages());
    assert_every_code_block_kept(&built, "derive", &files);
    let as_ref = built.page("derive/as_ref.html");
    // The title is the first heading, as plain text.
    assert_eq!(
        select_text(&as_ref, "h1"),
        ["What #[derive(AsRef)] generates"]
    );
    let code = select_text(&as_ref, "main pre code").join("\n");
    assert!(code.contains("struct MyWrapper(String);"), "{code}");
    assert!(!code.contains("use derive_more::AsRef"), "{code}");
    assert!(count(&as_ref, "main pre code.language-rust .hl-source") >= 1);

    // The one real mistake in the set is reported where it is, with the fix.
    let built = build_corpus("derive", &broken);
    let e = built.single_error();
    assert_eq!(place(e), "content/derive/display.md:18:1");
    assert!(
        e.message.contains("#The-`rename_all`-attribute"),
        "{}",
        e.message
    );
}

/// A GOV.UK-style docs folder: a folder per component, each `README.md` its
/// landing page, no front matter, links out to the Design System.
#[test]
fn govuk_frontend_component_docs_build_as_folders_with_landing_pages() {
    let dir = repo_root().join("tests/fixtures/corpora/govuk-frontend-components");
    let mut project = Project::new().file("content/index.md", &page("Home", "Imported docs.\n"));
    let mut readmes = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if !rel.ends_with(".md") || rel == "SOURCE.md" {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        if rel.ends_with("/README.md") {
            readmes.push((rel.trim_end_matches("/README.md").to_string(), text.clone()));
        }
        project = project.file(&format!("content/components/{rel}"), &text);
    }
    assert!(
        readmes.len() > 30,
        "the fixture holds the component READMEs"
    );
    let built = project.build();
    built.assert_ok();
    assert!(built.diagnostics().is_empty(), "{}", built.messages());
    for (component, text) in &readmes {
        let html = built.page(&format!("components/{component}/index.html"));
        let heading = text.lines().find_map(|l| l.strip_prefix("# ")).unwrap();
        assert_eq!(
            select_text(&html, "main h1"),
            [heading.trim()],
            "{component}"
        );
        // Links out to the Design System are kept as written.
        let outside = attr_all(&html, "main a[href^='https://']", "href");
        assert_eq!(
            outside.len(),
            text.matches("](https://").count(),
            "{component}: every outside link kept"
        );
    }
    let second = built.page("components/details/implementation.html");
    assert_eq!(select_text(&second, "main h1"), ["Implementation notes"]);
}

/// An npm package's rule documentation: titles from headings holding inline
/// code, `markdown` examples (some inside four-backtick fences), and a
/// rules page whose anchors are the old `<a name="md001"></a>`, which other
/// pages link to.
#[test]
fn markdownlint_rule_docs_keep_their_a_name_anchors() {
    let files = corpus("markdownlint-rules");
    let mut project = Project::new().file(
        "content/index.md",
        &page(
            "Home",
            "See [MD003](rules/Rules.md#md003) and [MD001](rules/md001.md).\n",
        ),
    );
    for (name, text) in &files {
        project = project.file(&format!("content/rules/{name}"), text);
    }
    let built = project.build();
    built.assert_ok();
    assert!(built.diagnostics().is_empty(), "{}", built.messages());

    let rules = built.page("rules/Rules.html");
    let anchors = ids(&rules);
    for id in ["md001", "md003", "md004"] {
        assert!(anchors.contains(&id.to_string()), "{id}: {anchors:?}");
    }
    assert_eq!(count(&rules, "a[name]"), 0, "written as ids");
    assert_eq!(
        attr_all(&built.page("index.html"), "main p a", "href"),
        ["rules/Rules.html#md003", "rules/md001.html"]
    );

    let md001 = built.page("rules/md001.html");
    assert_eq!(
        select_text(&md001, "h1"),
        ["MD001 - Heading levels should only increment by one level at a time"]
    );
    assert!(count(&md001, "main pre code.language-markdown span") >= 1);
    // A four-backtick fence holds the three-backtick examples as its text.
    let md048 = built.page("rules/md048.html");
    assert_eq!(count(&md048, "main pre code"), 2);
    assert!(select_text(&md048, "main pre code")[0].contains("~~~ruby"));
    // Bare URLs in prose are links; the ones shown as mistakes in code are not.
    let md034 = built.page("rules/md034.html");
    assert_eq!(count(&md034, "main pre a"), 0);
}

/// A real mdBook (the `cxx` crate's), built both ways a team would: copied
/// into `content/` as it is, and through `waymark import mdbook`. Its
/// `{{#title …}}` lines name only mdBook's browser tab (and hold `<T>`,
/// which would read as a tag): gone, with the heading as the one title;
/// its `404.md` is the 404 page's text; the remote image there is shown as
/// its alt text, with the one warning.
#[test]
fn the_cxx_book_builds_copied_in_or_imported() {
    let book = repo_root().join("tests/fixtures/corpora/cxx-book");
    let copied = Project::new().file("content/index.md", &page("Home", "The book.\n"));
    copy_dir(&book.join("src"), &copied.root().join("content"));
    let dir = tempfile::tempdir().unwrap();
    let imported = dir.path().join("cxx");
    let run = run_in(
        dir.path(),
        &[
            "import",
            "mdbook",
            book.to_str().unwrap(),
            "--out",
            imported.to_str().unwrap(),
        ],
    );
    run.assert_code(0);
    let imported_text =
        std::fs::read_to_string(imported.join("content/binding/result.md")).unwrap();
    assert!(!imported_text.contains("{{#title"), "{imported_text}");
    let imported = run_in(&imported, &["build"]);
    imported.assert_code(0);
    assert!(
        imported.stderr.contains("ferris-error.png"),
        "{}",
        imported.stderr
    );

    let built = copied.build();
    built.assert_ok();
    let warnings = built.warnings();
    assert_eq!(warnings.len(), 1, "{}", built.messages());
    assert_eq!(place(warnings[0]), "content/404.md:5:11");

    let result = built.page("binding/result.html");
    assert_eq!(select_text(&result, "h1"), ["Result<T>"]);
    assert_eq!(count(&result, "h1, main h2#resultt"), 1);
    assert!(select_text(&result, "title")[0].starts_with("Result<T>"));
    assert!(!result.html().contains("{{#title"));
    assert!(count(&result, "main pre code.language-cpp .hl-source") >= 1);
    assert!(count(&result, "main pre code.language-rust .hl-source") >= 1);

    let not_found = built.page("404.html");
    assert_eq!(
        select_text(&not_found, "main h1"),
        ["Whoops, this page doesn’t exist :-("]
    );
    assert_eq!(text_of(first(&not_found, ".wm-prose")), "ferris");
    assert_eq!(count(&not_found, "main img"), 0);
}
