//! `waymark serve`: incremental rebuilds equal clean builds, and the real
//! binary serves, reloads on edits, shows errors in place and heals.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use waymark::build::Session;
use waymark::build::{
    apply_search, rebuild, rebuild_paths, search_job, update_search, BuildOptions, BuildReport,
};

fn versioned(n: &str, effective: &str, body: &str) -> String {
    format!("---\ntitle: Protocol\nversion: \"{n}\"\nstatus: approved\neffective: {effective}\napproved_by: Board\nchanges:\n  - id: scope\n    sections: [scope]\n    summary: The scope changes.\n---\n\n## Scope {{#scope}}\n\n{body}\n\n## Review {{#review}}\n\nYearly.\n")
}

fn project() -> Project {
    Project::new()
        .file("content/index.md", &page("Home", "Welcome. See [a](guide/a.md)."))
        .file("content/guide/a.md", &page("Page A", "## First {#first}\n\nText of A."))
        .file("content/guide/b.md", &page("Page B", "Links to [A's first section](a.md#first)."))
        .file("content/protocol/p/v1.0.md", &versioned("1.0", "2019-01-01", "Old scope."))
        .file("content/protocol/p/v1.1.md", &versioned("1.1", "2020-01-01", "New scope."))
        .file("content/glossary.yaml", "terms:\n  - term: MHTR\n    expansion: Mental Health Treatment Requirement\n    definition: A requirement.\n")
}

/// Everything in the output folder except Waymark's marker and what only
/// `waymark build` writes (the manifest and the offline worker: see
/// `waymark::publish`, which `waymark serve` skips by design).
fn site_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = snapshot(dir);
    files.remove(".waymark-output");
    files.remove(waymark::publish::MANIFEST_FILE);
    files.remove(waymark::publish::worker::WORKER_FILE);
    files.remove(waymark::publish::worker::INFO_FILE);
    files
}

fn assert_same_as_clean_build(p: &Project, served: &Path, step: &str) {
    let clean = p.root().join("clean");
    let built = p.build_to(clean.clone(), false, true);
    built.assert_ok();
    let (a, b) = (site_files(served), site_files(&clean));
    let only_served: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_clean: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_served.is_empty() && only_clean.is_empty(),
        "{step}: files differ: only served {only_served:?}, only clean {only_clean:?}"
    );
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{step}: {path} differs from a clean build"
        );
    }
}

/// The served build reported exactly what a clean build of the project as
/// it now is reports.
fn assert_same_diagnostics_as_clean_build(p: &Project, served: &BuildReport, step: &str) {
    let clean = p.build_to(p.root().join("clean-check"), false, false);
    let listed = |r: &BuildReport| r.diagnostics.iter().cloned().collect::<Vec<_>>();
    assert_eq!(
        listed(served),
        listed(&clean.report),
        "{step}: diagnostics differ from a clean build's"
    );
}

#[test]
fn incremental_output_equals_a_clean_build_after_edits_deletions_and_renames() {
    let p = project();
    let (served, options) = serve_options(&p);
    let mut session = Session::default();
    let (report, first) = rebuild(&options, &mut session);
    assert!(report.succeeded(), "{:?}", report.diagnostics);
    assert_eq!(first.reused, 0);
    assert_same_as_clean_build(&p, &served, "first build");

    // A body edit re-renders that page, not every page.
    p.write(
        "content/guide/a.md",
        &page("Page A", "## First {#first}\n\nText of A, edited."),
    );
    let (report, counts) = rebuild(&options, &mut session);
    assert!(report.succeeded());
    assert!(counts.reused > 0, "{counts:?}");
    assert!(counts.rendered < first.rendered, "{counts:?} vs {first:?}");
    // The index follows the reload, as `waymark serve` builds it after.
    update_search(&options, &mut session);
    assert_same_as_clean_build(&p, &served, "body edit");

    // Nothing changed: nothing rendered or written.
    let (_, counts) = rebuild(&options, &mut session);
    assert_eq!((counts.written, counts.removed), (0, 0), "{counts:?}");

    type Step = (&'static str, Box<dyn Fn(&Project)>);
    let steps: Vec<Step> = vec![
        (
            "title edit",
            Box::new(|p: &Project| {
                p.write(
                    "content/guide/b.md",
                    &page(
                        "Page B renamed",
                        "Links to [A's first section](a.md#first).",
                    ),
                )
            }),
        ),
        (
            "heading id edit",
            Box::new(|p: &Project| {
                p.write(
                    "content/guide/a.md",
                    &page("Page A", "## Opening {#first}\n\n## More {#more}\n\nText."),
                );
            }),
        ),
        (
            "new page",
            Box::new(|p: &Project| p.write("content/guide/c.md", &page("Page C", "New."))),
        ),
        (
            "deletion",
            Box::new(|p: &Project| p.remove("content/guide/c.md")),
        ),
        (
            "rename",
            Box::new(|p: &Project| {
                std::fs::rename(
                    p.root().join("content/guide/b.md"),
                    p.root().join("content/guide/bee.md"),
                )
                .unwrap();
            }),
        ),
        (
            "new version",
            Box::new(|p: &Project| {
                p.write(
                    "content/protocol/p/v1.2.md",
                    &versioned("1.2", "2021-01-01", "Newest scope."),
                )
            }),
        ),
        (
            "glossary edit",
            Box::new(|p: &Project| {
                p.write("content/glossary.yaml", "terms:\n  - term: ATR\n    expansion: Alcohol Treatment Requirement\n    definition: Another.\n")
            }),
        ),
        (
            "template edit",
            Box::new(|p: &Project| {
                p.write("themes/default/templates/404.html", "{% extends \"base.html\" %}{% block content %}<h1>Gone</h1>{% endblock content %}")
            }),
        ),
        (
            "config edit",
            Box::new(|p: &Project| p.write("site.yaml", "title: Renamed site\nlanguage: en-GB\n")),
        ),
    ];
    for (step, change) in steps {
        change(&p);
        let (report, _) = rebuild(&options, &mut session);
        assert!(report.succeeded(), "{step}: {:?}", report.diagnostics);
        update_search(&options, &mut session);
        assert_same_as_clean_build(&p, &served, step);
    }
    assert!(
        !served.join("guide/c.html").exists(),
        "deleted page's output removed"
    );
    assert!(
        !served.join("guide/b.html").exists(),
        "renamed page's old output removed"
    );
}

/// Build options writing to the project's `served/` folder, and that folder.
fn serve_options(p: &Project) -> (std::path::PathBuf, BuildOptions) {
    let served = p.root().join("served");
    std::fs::create_dir_all(&served).unwrap();
    let options = BuildOptions {
        root: p.root().to_path_buf(),
        out: Some(served.clone()),
        drafts: false,
        write: true,
        zip: false,
    };
    (served, options)
}

/// Whether a build took the quick path (it reads only the edited pages).
fn was_quick(report: &BuildReport) -> bool {
    report
        .timings
        .iter()
        .any(|(n, _)| *n == "read edited pages")
}

/// Whether a build took the structural quick path: the next build derived
/// from the last good one, without loading the project again.
fn was_structural(report: &BuildReport) -> bool {
    report
        .timings
        .iter()
        .any(|(n, _)| *n == "plan the page tree")
}

/// Whether a build loaded and resolved the whole project again.
fn was_full(report: &BuildReport) -> bool {
    report.timings.iter().any(|(n, _)| *n == "load")
}

/// Saves `text` to `rel` (or deletes it) and rebuilds as `waymark serve`
/// would after the watcher saw it change.
fn save(
    p: &Project,
    options: &BuildOptions,
    session: &mut Session,
    rel: &str,
    text: Option<&str>,
) -> (BuildReport, waymark::incremental::SyncCounts) {
    match text {
        Some(text) => p.write(rel, text),
        None => p.remove(rel),
    }
    rebuild_paths(options, session, &[p.root().join(rel)])
}

#[test]
fn the_quick_path_for_page_text_equals_a_clean_build_and_knows_its_limits() {
    let p = project().file(
        "content/guide/code.md",
        &page("Code", "```rust\nfn main() {}\n```\n"),
    );
    let (served, options) = serve_options(&p);
    const A: &str = "content/guide/a.md";
    let mut session = Session::default();
    let (report, first) = rebuild_paths(&options, &mut session, &[p.root().join(A)]);
    assert!(
        report.succeeded() && !was_quick(&report),
        "no last build yet: full"
    );
    assert!(
        update_search(&options, &mut session).is_none(),
        "the full build wrote the index"
    );

    // A sentence edited: that page alone, pages first, then the index.
    let search_a = |dir: &Path| {
        snapshot(&dir.join("search"))
            .values()
            .any(|f| String::from_utf8_lossy(f).contains("zebra"))
    };
    let text = page("Page A", "## First {#first}\n\nText of A, with a zebra.");
    let (report, counts) = save(&p, &options, &mut session, A, Some(&text));
    assert!(
        report.succeeded() && was_quick(&report),
        "{:?}",
        report.timings
    );
    assert!(counts.rendered < first.rendered, "{counts:?}");
    assert_eq!(
        counts.written, 1,
        "only the page's own file changed: {counts:?}"
    );
    assert!(!search_a(&served), "the index follows the reload signal");
    let (written, _) = update_search(&options, &mut session)
        .expect("the index is behind")
        .expect("index written");
    assert!(written.written > 0 && search_a(&served));
    assert_same_as_clean_build(&p, &served, "quick body edit");

    // A page with code keeps its highlighting on the quick path.
    let text = page("Code", "Now:\n\n```rust\nfn main() { run(); }\n```\n");
    let (report, _) = save(
        &p,
        &options,
        &mut session,
        "content/guide/code.md",
        Some(&text),
    );
    assert!(report.succeeded() && was_quick(&report));
    update_search(&options, &mut session);
    assert_same_as_clean_build(&p, &served, "quick edit with code");

    // A broken link on the quick path: nothing written, the error named;
    // an edit to another page still sees the broken one; the fix heals.
    let before = site_files(&served);
    let text = page("Page A", "## First {#first}\n\nSee [gone](gone.md).");
    let (report, counts) = save(&p, &options, &mut session, A, Some(&text));
    assert!(was_quick(&report) && !report.succeeded());
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.file == "content/guide/a.md" && d.message.contains("gone.md")));
    assert_eq!(counts.written, 0);
    assert_eq!(
        site_files(&served),
        before,
        "the last good site is untouched"
    );
    let text = page(
        "Page B",
        "Links to [A's first section](a.md#first), edited.",
    );
    let (report, _) = save(
        &p,
        &options,
        &mut session,
        "content/guide/b.md",
        Some(&text),
    );
    assert!(!report.succeeded(), "a.md is still broken");
    let text = page("Page A", "## First {#first}\n\nFixed.");
    let (report, _) = save(&p, &options, &mut session, A, Some(&text));
    assert!(
        report.succeeded() && was_quick(&report),
        "{:?}",
        report.diagnostics
    );
    update_search(&options, &mut session);
    assert_same_as_clean_build(&p, &served, "quick fix of two pages");

    // What the quick path leaves to a full build: (step, file, new text or
    // `None` to delete it).
    let steps: Vec<(&str, &str, Option<String>)> = vec![
        ("heading renamed", "content/guide/a.md", Some(page("Page A", "## Opening {#first}\n\nFixed."))),
        ("title changed", "content/guide/a.md", Some(page("Page A2", "## Opening {#first}\n\nFixed."))),
        ("versioned page", "content/protocol/p/v1.1.md", Some(versioned("1.1", "2020-01-01", "Newer scope."))),
        ("new page", "content/guide/d.md", Some(page("Page D", "New."))),
        ("deleted page", "content/guide/d.md", None),
        ("glossary", "content/glossary.yaml", Some("terms:\n  - term: ATR\n    expansion: Alcohol Treatment Requirement\n    definition: Another.\n".to_string())),
        ("404 template", "themes/default/templates/404.html", Some("{% extends \"base.html\" %}{% block content %}<h1>Gone</h1>{% endblock content %}".to_string())),
    ];
    for (step, file, text) in steps {
        let (report, counts) = save(&p, &options, &mut session, file, text.as_deref());
        assert!(report.succeeded(), "{step}: {:?}", report.diagnostics);
        assert!(!was_quick(&report), "{step} is more than a text edit");
        // Titles, headings and the set of pages take the structural quick
        // path; versions, YAML and templates the full one.
        let structural = matches!(
            step,
            "heading renamed" | "title changed" | "new page" | "deleted page"
        );
        assert_eq!(was_structural(&report), structural, "{step}");
        assert_eq!(was_full(&report), !structural, "{step}");
        update_search(&options, &mut session);
        assert_same_as_clean_build(&p, &served, step);
        if step == "404 template" {
            // A template edit re-renders the pages that use it, no more:
            // the 404 page is a page kind with its templates declared.
            assert_eq!(
                (counts.rendered, counts.written),
                (1, 1),
                "only 404.html: {counts:?}"
            );
        }
    }

    let base = std::fs::read_to_string(repo_root().join("themes/default/templates/page.html"))
        .expect("the built-in page template");
    let template = p.root().join("themes/default/templates/page.html");
    p.write(
        "themes/default/templates/page.html",
        &base.replacen("</h1>", "</h1><!-- edited -->", 1),
    );
    let (report, counts) = rebuild_paths(&options, &mut session, &[template]);
    assert!(report.succeeded(), "{:?}", report.diagnostics);
    let markdown = snapshot(&p.root().join("content"))
        .keys()
        .filter(|k| k.ends_with(".md") && !k.starts_with("protocol/"))
        .count();
    assert!(
        counts.rendered >= markdown && counts.reused > 0,
        "Markdown pages, not folder or generated pages: {counts:?}"
    );
    update_search(&options, &mut session);
    assert_same_as_clean_build(&p, &served, "page template edit");
}

/// Every page of the bundled guidance edited in turn (training modules,
/// bench cards, case studies, pathway stages, folder indexes…): whichever
/// path each edit takes, the served site ends equal to a clean build.
/// `content/404.md` is no page of the tree but the 404 page's text: saving,
/// adding or deleting it rebuilds the 404 page as a clean build would.
#[test]
fn an_edit_stops_the_index_it_makes_stale_and_a_failed_one_asks_for_it_again() {
    let p = project();
    let (served, options) = serve_options(&p);
    const A: &str = "content/guide/a.md";
    let mut session = Session::default();
    assert!(rebuild(&options, &mut session).0.succeeded());

    // An edit leaves the index to a job; the next edit makes it stale.
    let zebra = page("Page A", "## First {#first}\n\nText with a zebra.");
    assert!(save(&p, &options, &mut session, A, Some(&zebra))
        .0
        .succeeded());
    let stale = search_job(&mut session).expect("the index is behind");
    let yak = page("Page A", "## First {#first}\n\nText with a yak.");
    assert!(save(&p, &options, &mut session, A, Some(&yak))
        .0
        .succeeded());
    assert!(
        apply_search(&options, &mut session, stale.run()).is_none(),
        "a stale index is not written"
    );

    // An edit that fails stops the index too (it was current, but the
    // rebuild cannot know it will fail), and the session asks for it again.
    let current = search_job(&mut session).expect("the index is behind");
    let broken = page("Page A", "## First {#first}\n\nSee [gone](gone.md).");
    assert!(!save(&p, &options, &mut session, A, Some(&broken))
        .0
        .succeeded());
    assert!(
        apply_search(&options, &mut session, current.run()).is_none(),
        "the stopped index is not written"
    );
    let again = search_job(&mut session).expect("asked for again after the failed edit");
    assert!(matches!(
        apply_search(&options, &mut session, again.run()),
        Some(Ok(_))
    ));
    let search_has = |word: &str| {
        snapshot(&served.join("search"))
            .values()
            .any(|f| String::from_utf8_lossy(f).contains(word))
    };
    assert!(search_has("yak") && !search_has("zebra"));

    // Mended, the site equals a clean build.
    assert!(save(&p, &options, &mut session, A, Some(&yak))
        .0
        .succeeded());
    update_search(&options, &mut session);
    assert_same_as_clean_build(&p, &served, "after a stopped index");
}

#[test]
fn the_404_text_follows_its_file_under_serve() {
    let p = project().file("content/404.md", "# Gone\n\nTry [the start](index.md).\n");
    let (served, options) = serve_options(&p);
    let mut session = Session::default();
    let (report, _) = rebuild_paths(&options, &mut session, &[p.root().join("content/404.md")]);
    assert!(report.succeeded());
    assert_same_as_clean_build(&p, &served, "first build");
    let (report, _) = save(
        &p,
        &options,
        &mut session,
        "content/404.md",
        Some("# Moved on\n\nTry [page A](guide/a.md#first).\n"),
    );
    assert!(report.succeeded() && !was_quick(&report));
    assert!(String::from_utf8_lossy(&site_files(&served)["404.html"]).contains("Moved on"));
    assert_same_as_clean_build(&p, &served, "404.md edited");
    let (report, _) = save(&p, &options, &mut session, "content/404.md", None);
    assert!(report.succeeded());
    assert_same_as_clean_build(&p, &served, "404.md deleted");
}

#[test]
fn quick_edits_to_every_bundled_page_equal_a_clean_build() {
    let p = Project::bare();
    copy_dir(&repo_root().join("content"), &p.root().join("content"));
    std::fs::copy(repo_root().join("site.yaml"), p.root().join("site.yaml")).unwrap();
    let (served, options) = serve_options(&p);
    let mut session = Session::default();
    assert!(rebuild(&options, &mut session).0.succeeded());
    let mut pages: Vec<String> = snapshot(&p.root().join("content"))
        .into_keys()
        .filter(|k| k.ends_with(".md"))
        .collect();
    pages.sort();
    let mut quick = 0;
    for rel in &pages {
        let path = p.root().join("content").join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            format!("{text}\nA sentence added in review mentions the MHTR.\n"),
        )
        .unwrap();
        let (report, _) = rebuild_paths(&options, &mut session, &[path]);
        assert!(report.succeeded(), "{rel}: {:?}", report.diagnostics);
        quick += usize::from(was_quick(&report));
    }
    update_search(&options, &mut session);
    assert!(
        quick * 2 > pages.len(),
        "most text edits take the quick path: {quick} of {}",
        pages.len()
    );
    assert_same_as_clean_build(&p, &served, "every bundled page edited");
}

/// Titles, headings and the set of pages change what other pages show
/// (sidebars, listings, breadcrumbs, links): a rebuild re-renders the pages
/// that show the change, and only those, and still equals a clean build.
#[test]
fn structural_edits_re_render_the_pages_that_show_them_and_equal_a_clean_build() {
    /// Pages in the big folder: three sidebars' worth at the most.
    const BIG: usize = 120;
    let mut p = project()
        .file("content/other/index.md", &page("Other", "Elsewhere."))
        .file(
            "content/other/far.md",
            &page("Far", "Links to [B](../guide/b.md)."),
        )
        .file(
            "content/quiet/q.md",
            &page("Quiet", "Links to [a big page](../big/p05.md)."),
        )
        .file("content/notes/README.md", &page("Notes", "The notes."))
        .file("content/notes/n.md", &page("Note", "A note."))
        .file(
            "content/quiet/r.md",
            &page("Reader", "Read [the notes](../notes/README.md)."),
        );
    // A big folder: its sidebars show a block of at most 40 entries.
    for i in 0..BIG {
        p = p.file(
            &format!("content/big/p{i:02}.md"),
            &page(
                &format!("Big {i:02}"),
                &format!("## Part {{#part}}\n\nText {i}."),
            ),
        );
    }
    let (served, options) = serve_options(&p);
    let mut session = Session::default();
    let (report, first) = rebuild(&options, &mut session);
    assert!(report.succeeded(), "{:?}", report.diagnostics);

    // (step, [(file, new text or `None` to delete it)]), each step saved at once.
    type Step<'a> = (&'a str, Vec<(&'a str, Option<String>)>);
    let steps: Vec<Step> = vec![
        (
            "title edit",
            vec![(
                "content/guide/b.md",
                Some(page(
                    "Page B, retitled",
                    "Links to [A's first section](a.md#first).",
                )),
            )],
        ),
        // Its folder's sidebars show it in one block: the pages of the
        // other blocks show none of what changed.
        (
            "title edit in a big folder's block",
            vec![(
                "content/big/p50.md",
                Some(page("Big 50, retitled", "## Part {#part}\n\nText 50.")),
            )],
        ),
        (
            "heading edit",
            vec![(
                "content/guide/a.md",
                Some(page(
                    "Page A",
                    "## First {#first}\n\n## Added {#added}\n\nText of A.",
                )),
            )],
        ),
        (
            "heading renamed, linked to",
            vec![(
                "content/big/p05.md",
                Some(page("Big 05", "## Part renamed {#part-renamed}\n\nText.")),
            )],
        ),
        (
            "new page in a big folder",
            vec![(
                "content/big/p30a.md",
                Some(page("Big 30a", "Inserted between 30 and 31.")),
            )],
        ),
        (
            "deleted page in a big folder",
            vec![("content/big/p10.md", None)],
        ),
        (
            "new first page of a big folder",
            vec![("content/big/a00.md", Some(page("Aardvark", "Now first.")))],
        ),
        (
            "page renamed, its link with it",
            vec![
                ("content/guide/b.md", None),
                (
                    "content/guide/bee.md",
                    Some(page("Page B, retitled", "Links to [A](a.md).")),
                ),
                (
                    "content/other/far.md",
                    Some(page("Far", "Links to [Bee](../guide/bee.md).")),
                ),
            ],
        ),
        (
            "page moved between folders",
            vec![
                ("content/big/p20.md", None),
                (
                    "content/other/p20.md",
                    Some(page("Big 20", "## Part {#part}\n\nText 20.")),
                ),
            ],
        ),
        (
            "folder index retitled",
            vec![(
                "content/other/index.md",
                Some(page("Other things", "Elsewhere.")),
            )],
        ),
        // The README stops being the landing page, so its URL changes: a
        // page linking to it, itself unchanged, must show the new URL.
        (
            "landing page added over a README",
            vec![(
                "content/notes/index.md",
                Some(page("Notes home", "Landing.")),
            )],
        ),
    ];
    let mut step_counts = std::collections::BTreeMap::new();
    for (step, files) in steps {
        for (file, text) in &files {
            match text {
                Some(text) => p.write(file, text),
                None => p.remove(file),
            }
        }
        let paths: Vec<_> = files.iter().map(|(f, _)| p.root().join(f)).collect();
        let (report, counts) = rebuild_paths(&options, &mut session, &paths);
        assert!(report.succeeded(), "{step}: {:?}", report.diagnostics);
        // A new landing page moves the README's URL: the full path.
        let full = step == "landing page added over a README";
        assert_eq!(was_structural(&report), !full, "{step}");
        assert_eq!(was_full(&report), full, "{step}");
        assert_same_diagnostics_as_clean_build(&p, &report, step);
        update_search(&options, &mut session);
        assert_same_as_clean_build(&p, &served, step);
        step_counts.insert(step, counts);
    }
    // A title shows in its folder's sidebar and in pages linking to it, not
    // in the pages of another folder.
    let counts = step_counts["title edit"];
    assert!(
        counts.rendered * 3 < first.rendered && counts.reused >= BIG,
        "{counts:?} vs first {first:?}"
    );
    // One block of the big folder (at most 40 pages), its listing and the
    // pages that read the whole tree or every title, not the folder's
    // other blocks; and so for a page that comes or goes: the blocks are
    // cut where the entries' URLs say, so the others keep their entries,
    // and no sidebar counts the folder's pages.
    for step in [
        "title edit in a big folder's block",
        "new page in a big folder",
        "deleted page in a big folder",
        "new first page of a big folder",
    ] {
        let counts = step_counts[step];
        assert!(
            counts.rendered < BIG / 2,
            "{step}: {counts:?} vs first {first:?}"
        );
    }
    assert!(!served.join("guide/b.html").exists());
    assert!(!served.join("big/p20.html").exists());
    assert!(served.join("other/p20.html").exists());

    // Deleting a page that others link to breaks their links, unchanged
    // as they are: the structural path reports what a clean build reports
    // and writes nothing; the page's return heals the site.
    let a = std::fs::read_to_string(p.root().join("content/guide/a.md")).unwrap();
    let before = site_files(&served);
    let (report, _) = save(&p, &options, &mut session, "content/guide/a.md", None);
    assert!(
        was_structural(&report) && !report.succeeded(),
        "{:?}",
        report.diagnostics
    );
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.file == "content/guide/bee.md" && d.is_error()),
        "bee.md's link to a.md is broken: {:?}",
        report.diagnostics
    );
    assert_same_diagnostics_as_clean_build(&p, &report, "linked page deleted");
    assert!(
        site_files(&served) == before,
        "a failed build writes nothing"
    );
    // The last good build still has the page as it was: to the quick path
    // its return is an edit of the page's text.
    let (report, _) = save(&p, &options, &mut session, "content/guide/a.md", Some(&a));
    assert!(
        was_quick(&report) && report.succeeded(),
        "{:?}",
        report.diagnostics
    );
    assert_same_diagnostics_as_clean_build(&p, &report, "linked page back");
    update_search(&options, &mut session);
    assert_same_as_clean_build(&p, &served, "linked page back");
}

/// Bundled pages retitled in turn (a third of them: each is a full
/// rebuild): fewer than all pages are rendered again, and the served site
/// equals a clean build after each.
#[test]
fn retitling_bundled_pages_equals_a_clean_build() {
    let p = Project::bare();
    copy_dir(&repo_root().join("content"), &p.root().join("content"));
    std::fs::copy(repo_root().join("site.yaml"), p.root().join("site.yaml")).unwrap();
    let (served, options) = serve_options(&p);
    let mut session = Session::default();
    let (report, first) = rebuild(&options, &mut session);
    assert!(report.succeeded());
    let mut pages: Vec<String> = snapshot(&p.root().join("content"))
        .into_keys()
        .filter(|k| k.ends_with(".md"))
        .collect();
    pages.sort();
    let mut retitled = 0;
    for rel in pages.iter().step_by(3) {
        let path = p.root().join("content").join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        // Plain `title: Words` lines only (a quoted title would need its
        // quotes kept).
        let Some(line) = text.lines().find(|l| {
            l.strip_prefix("title: ")
                .is_some_and(|t| !t.starts_with(['"', '\'', '|', '>']))
        }) else {
            continue;
        };
        std::fs::write(&path, text.replacen(line, &format!("{line} revised"), 1)).unwrap();
        let (report, counts) = rebuild_paths(&options, &mut session, &[path]);
        assert!(report.succeeded(), "{rel}: {:?}", report.diagnostics);
        assert!(counts.rendered < first.rendered, "{rel}: {counts:?}");
        update_search(&options, &mut session);
        assert_same_as_clean_build(&p, &served, &format!("{rel} retitled"));
        retitled += 1;
    }
    assert!(retitled > 5, "{retitled} pages retitled");
}

#[test]
fn a_broken_edit_writes_nothing_and_the_fix_heals_it() {
    let p = project();
    let (served, options) = serve_options(&p);
    let mut session = Session::default();
    assert!(rebuild(&options, &mut session).0.succeeded());
    let before = site_files(&served);
    p.write("content/guide/a.md", "---\ntitel: Oops\n---\nBroken.");
    let (report, counts) = rebuild(&options, &mut session);
    assert!(!report.succeeded());
    assert_eq!(counts.written, 0);
    assert_eq!(
        site_files(&served),
        before,
        "the last good site is untouched"
    );
    p.write(
        "content/guide/a.md",
        &page("Page A", "## First {#first}\n\nFixed."),
    );
    assert!(rebuild(&options, &mut session).0.succeeded());
    update_search(&options, &mut session);
    assert_same_as_clean_build(&p, &served, "after the fix");
}

/// The real binary, serving a project on a free port.
struct Serve {
    child: Child,
    base: String,
    /// The server's log lines after it started.
    log: std::sync::mpsc::Receiver<String>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_serve(root: &Path) -> Serve {
    let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["serve", "--port", "0"])
        .current_dir(root)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start waymark serve");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            if let Some(url) = line
                .split(" at ")
                .nth(1)
                .filter(|_| line.starts_with("Serving "))
            {
                return Serve {
                    child,
                    base: url.trim().trim_end_matches('/').to_string(),
                    log: rx,
                };
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("waymark serve did not start");
}

fn get(base: &str, path: &str) -> (u16, String) {
    let addr = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (
        status,
        text.split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default(),
    )
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn serve_reloads_open_pages_shows_errors_in_place_and_heals() {
    let p = project();
    let serve = start_serve(p.root());
    let (status, html) = get(&serve.base, "/guide/a.html");
    assert_eq!(status, 200);
    assert!(html.contains("Text of A.") && html.contains("__waymark/live.js"));
    assert!(
        !std::fs::read_to_string(p.root().join(".waymark-serve/guide/a.html"))
            .unwrap()
            .contains("live.js"),
        "the script is only injected when served"
    );
    assert!(
        !p.root().join("public").exists(),
        "serve leaves public/ alone"
    );

    // An open event stream hears about the rebuild.
    let addr = serve.base.trim_start_matches("http://").to_string();
    let mut events = TcpStream::connect(&addr).unwrap();
    write!(
        events,
        "GET /__waymark/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    p.write(
        "content/guide/a.md",
        &page("Page A", "## First {#first}\n\nText of A, saved."),
    );
    let mut seen = String::new();
    let mut buf = [0u8; 512];
    while !seen.contains("event: reload") {
        let n = events.read(&mut buf).expect("reload event within 30 s");
        assert!(n > 0, "stream closed: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    wait_for("the edit to be served", || {
        get(&serve.base, "/guide/a.html")
            .1
            .contains("Text of A, saved.")
    });
    // Started in the project folder (root `.`), the server still knows the
    // changed file as a page of the project: it names it from the root and
    // takes the quick path for a text edit, not a full rebuild.
    let mut log: Vec<String> = Vec::new();
    while !log.iter().any(|l| l.starts_with("Rebuilt")) {
        match serve.log.recv_timeout(Duration::from_secs(30)) {
            Ok(line) => log.push(line),
            Err(_) => panic!("no rebuild logged: {log:?}"),
        }
    }
    assert!(
        log.iter().any(|l| l == "Changed: content/guide/a.md"),
        "{log:?}"
    );
    assert!(
        log.iter()
            .any(|l| l.starts_with("Rebuilt") && l.contains("read edited pages")),
        "{log:?}"
    );

    // A broken edit: the error is shown in the page, the last good page stays.
    p.write("content/guide/a.md", "---\ntitel: Oops\n---\nBroken.");
    wait_for("the error banner", || {
        get(&serve.base, "/guide/b.html")
            .1
            .contains("content/guide/a.md:2:1")
    });
    let (_, html) = get(&serve.base, "/guide/a.html");
    assert!(
        html.contains("Text of A, saved."),
        "last good page still served"
    );
    assert!(html.contains("role=\"alert\""));
    // Fixing it heals by itself.
    p.write(
        "content/guide/a.md",
        &page("Page A", "## First {#first}\n\nHealed."),
    );
    wait_for("the fix", || {
        let (_, html) = get(&serve.base, "/guide/a.html");
        html.contains("Healed.") && !html.contains("role=\"alert\"")
    });

    // Outside the folder is refused; the server keeps answering.
    for bad in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/guide/..%2f..%2fsite.yaml",
    ] {
        let (status, body) = get(&serve.base, bad);
        assert!(
            status == 403 || status == 404 || status == 400,
            "{bad}: {status}"
        );
        assert!(!body.contains("language: en-GB"), "{bad} leaked site.yaml");
    }
    assert_eq!(get(&serve.base, "/index.html").0, 200);
}
