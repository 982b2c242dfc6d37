//! Hostile content (issue: hardening): file names that try to leave the
//! project or the output folder, content that tries to replace generated
//! files, and inputs that used to take quadratic time or follow-on noise.
//! Each test fails on the code before the fix.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use waymark::build::Session;
use waymark::build::{rebuild, BuildOptions};

/// Every file under `dir` whose name contains `needle`.
fn files_named(dir: &Path, needle: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(needle))
        .map(|e| e.into_path())
        .collect()
}

/// An output folder four levels down, so that a name climbing out of it
/// would still land inside the test's own temporary folder, where the test
/// can see it.
fn deep_out(p: &Project) -> PathBuf {
    p.root().join("w1/w2/w3/w4/public")
}

#[test]
fn backslash_names_cannot_write_outside_the_output_folder() {
    let p = Project::new()
        .file("content/index.md", &page("Home", "Hello."))
        .file(
            "content/cstr/x\\..\\..\\..\\..\\pwned.md",
            &page("Pwned", "Written outside."),
        );
    let built = p.build_to(deep_out(&p), false, true);
    let e = built.error_containing("cannot be published");
    assert_eq!(e.file, "content/cstr/x\\..\\..\\..\\..\\pwned.md");
    assert_eq!((e.position.line, e.position.column), (1, 1));
    assert!(e.message.contains("backslash"), "{}", e.message);
    assert!(
        files_named(p.root(), "pwned.html").is_empty(),
        "a page was written outside the output folder"
    );
    assert!(!deep_out(&p).exists(), "a failed build wrote output");
}

#[cfg(unix)]
#[test]
fn no_name_or_link_makes_a_build_read_outside_the_project() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP SECRET").unwrap();
    let p = Project::new()
        .file("content/index.md", &page("Home", "Hello."))
        // Read naively, `link\secret.txt` would become content/link/secret.txt,
        // through the symbolic link, outside the project.
        .file("content/link\\secret.txt", "decoy");
    std::os::unix::fs::symlink(outside.path(), p.root().join("content/link")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        p.root().join("content/secret-copy.txt"),
    )
    .unwrap();
    let built = p.build_to(deep_out(&p), false, true);
    built.error_containing("the name holds `\\`");
    let warned: Vec<&str> = built
        .warnings()
        .iter()
        .filter(|w| w.message.contains("symbolic link"))
        .map(|w| w.file.as_str())
        .collect();
    assert_eq!(warned, ["content/link", "content/secret-copy.txt"]);

    // Without the bad name the build succeeds and still holds no secret.
    p.remove("content/link\\secret.txt");
    let built = p.build_to(deep_out(&p), false, true);
    built.assert_ok();
    for (path, bytes) in built.files() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TOP SECRET"),
            "{path} holds a file from outside the project"
        );
    }
}

#[test]
fn names_that_break_urls_are_located_errors() {
    // The last two: names Windows keeps for devices, which a copy of the
    // site onto a Windows laptop could not create (a folder's error names
    // the folder).
    for (name, at) in [
        ("c#.md", "c#.md"),
        ("why?.md", "why?.md"),
        ("100%.md", "100%.md"),
        ("a:b.md", "a:b.md"),
        ("con.md", "con.md"),
        ("aux/notes.md", "aux"),
    ] {
        let p = Project::new()
            .file("content/index.md", &page("Home", "Hello."))
            .file(&format!("content/{name}"), &page("Odd", "Text."));
        let built = p.check();
        let e = built.single_error();
        assert_eq!(e.file, format!("content/{at}"), "{}", built.messages());
        assert!(e.message.contains("cannot be published"), "{}", e.message);
    }
}

#[test]
fn serve_rebuilds_refuse_escaping_names_too() {
    let p = Project::new().file("content/index.md", &page("Home", "Hello."));
    let served = deep_out(&p);
    std::fs::create_dir_all(&served).unwrap();
    let options = BuildOptions {
        root: p.root().to_path_buf(),
        out: Some(served.clone()),
        drafts: false,
        write: true,
        zip: false,
    };
    let mut session = Session::default();
    let (report, _) = rebuild(&options, &mut session);
    assert!(report.succeeded(), "{:?}", report.diagnostics);
    p.write(
        "content/x\\..\\..\\..\\..\\..\\pwned.md",
        &page("Pwned", "Written outside."),
    );
    let (report, _) = rebuild(&options, &mut session);
    assert!(!report.succeeded());
    assert!(files_named(p.root(), "pwned.html").is_empty());
    assert!(
        served.join("index.html").is_file(),
        "the last good site stays"
    );
}

#[test]
fn content_cannot_replace_the_search_index() {
    let p = Project::new()
        .file("content/index.md", &page("Home", "Hello."))
        .file("content/search/manifest.js", "alert('pwned')")
        .file(
            "content/search/help.md",
            &page("Search help", "How to search."),
        );
    let built = p.build();
    built.assert_failed();
    let files: Vec<&str> = built
        .errors()
        .iter()
        .filter(|e| e.message.contains("reserved for the search index"))
        .map(|e| e.file.as_str())
        .collect();
    assert_eq!(
        files,
        ["content/search/help.md", "content/search/manifest.js"],
        "{}",
        built.messages()
    );
    // One error per file: the clash is not reported a second time.
    assert_eq!(built.errors().len(), 2, "{}", built.messages());

    // Moved out of the reserved folder, the file is an ordinary asset and
    // the index is Waymark's own.
    p.remove("content/search/manifest.js");
    p.remove("content/search/help.md");
    p.write("content/search-help/manifest.js", "alert('pwned')");
    let built = p.build();
    built.assert_ok();
    assert!(!built.text("search/manifest.js").contains("pwned"));
    assert!(built.text("search-help/manifest.js").contains("pwned"));
}

#[test]
fn case_only_clashes_warn_for_memory_sticks() {
    let built = Project::new()
        .file("content/index.md", &page("Home", "Hello."))
        .file("content/Guide.md", &page("Guide", "One."))
        .file("content/guide.md", &page("guide", "Two."))
        .build();
    built.assert_ok();
    let w = built
        .warnings()
        .into_iter()
        .find(|w| w.message.contains("differ only in capital letters"))
        .unwrap_or_else(|| panic!("no warning: {}", built.messages()));
    assert!(w.message.contains("Guide.html") && w.message.contains("guide.html"));
}

/// A remote image is never loaded (the site works offline under a CSP of
/// its own files): a located warning, and the page links to it instead.
#[test]
fn remote_images_are_located_warnings_and_never_loaded() {
    let built = Project::new()
        .file(
            "content/index.md",
            &page("Home", "Intro.\n\n![Logo](https://example.org/logo.png)\n"),
        )
        .build();
    built.assert_ok();
    assert_eq!(count(&built.page("index.html"), "img[src^='https:']"), 0);
    let w = built.warnings();
    assert_eq!(w.len(), 1, "{}", built.messages());
    let e = w[0];
    assert_eq!(place(e), "content/index.md:7:1");
    assert!(
        e.message.contains("https://example.org/logo.png"),
        "{}",
        e.message
    );
    assert!(e.hint.as_deref().unwrap_or_default().contains("content/"));
}

#[test]
fn huge_titles_are_refused_with_their_line() {
    let title = "T".repeat(2 * 1024 * 1024);
    let built = Project::new()
        .file(
            "content/index.md",
            &format!("---\nsummary: S\ntitle: {title}\n---\nBody\n"),
        )
        .check();
    let e = built.single_error();
    assert_eq!(place(e), "content/index.md:3:1");
    assert!(e.message.contains("limit is 300"), "{}", e.message);
    let built = Project::new()
        .file("content/index.md", &format!("# {title}\n\nBody\n"))
        .check();
    assert!(built.single_error().message.contains("title"));
}

#[test]
fn byte_order_marks_in_yaml_files_are_accepted() {
    let built = Project::new()
        .file("site.yaml", &format!("\u{FEFF}{MINIMAL_SITE_YAML}"))
        .file("content/index.md", &page("Home", "Hello."))
        .file("content/guide/_section.yaml", "\u{FEFF}title: The guide\n")
        .file("content/guide/a.md", &page("A", "Text."))
        .build();
    built.assert_ok();
    assert_eq!(
        select_text(&built.page("guide/index.html"), "h1"),
        ["The guide"]
    );
}

#[test]
fn deeply_nested_yaml_is_refused_quickly_and_located() {
    let deep = format!("[{}", "[".repeat(100_000));
    let built = Project::new()
        .file("content/index.md", &page("Home", "Hello."))
        .file(
            "content/guide/_section.yaml",
            &format!("title: G\nsummary: {deep}\n"),
        )
        .file(
            "content/a.md",
            &format!("---\ntitle: A\nsummary: x\naudience: {deep}\n---\nBody\n"),
        )
        .check();
    let places: Vec<String> = built.errors().iter().map(|e| place(e)).collect();
    assert_eq!(
        places,
        ["content/a.md:4:75", "content/guide/_section.yaml:2:74"],
        "{}",
        built.messages()
    );
}

#[test]
fn a_broken_version_gives_its_own_error_not_dozens_of_follow_ons() {
    let version = |n: &str, extra: &str| {
        format!("---\ntitle: Protocol\nversion: \"{n}\"\nstatus: approved\neffective: 2020-0{}-01\napproved_by: Board\n{extra}changes:\n  - id: scope-change\n    sections: [scope]\n    summary: Scope changed.\n    major: true\n    embed_by: 2020-12-01\n---\n\n## Scope {{#scope}}\n\nText {n}.\n", if n == "1.0" { 1 } else { 2 })
    };
    let built = Project::new()
        .file("content/index.md", &page("Home", "See [scope](protocol/p/index.md#scope) and [v2](protocol/p/v2.0.md#scope)."))
        .file("content/protocol/p/v1.0.md", &version("1.0", ""))
        .file("content/protocol/p/v2.0.md", &version("2.0", "bogus: key\n"))
        .file("content/sites/a/site.yaml", "name: Alpha\nkind: testbed\nstatus: live\n")
        .file(
            "content/sites/a/embedding.yaml",
            "confirmations:\n  - change: protocol/p@2.0#scope-change\n    status: embedded\n    date: 2020-03-01\n    by: Steering group\n",
        )
        .check();
    let e = built.single_error();
    assert_eq!(place(e), "content/protocol/p/v2.0.md:7:1");
    assert!(e.message.contains("bogus"), "{}", e.message);
}
