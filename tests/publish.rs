//! Publishing: the integrity manifest and `waymark verify`, the offline
//! worker, the offline ZIP, and what a web server gets when `base_url` is set.

mod common;

use std::io::Read;

use common::*;

fn project(site_yaml: &str) -> Project {
    Project::bare()
        .file("site.yaml", site_yaml)
        .file(
            "content/index.md",
            &page("Home", "Welcome. See [a page](guide/a.md)."),
        )
        .file("content/guide/a.md", &page("A page", "## One\n\nText.\n"))
        .file("content/guide/b c.md", &page("Spaced", "Text.\n"))
}

#[test]
fn the_manifest_lists_every_file_but_itself_and_verify_accepts_an_intact_copy() {
    let p = project(MINIMAL_SITE_YAML);
    let built = p.build();
    built.assert_ok();
    let manifest = built.text("SHA256SUMS");
    let files = built.files();
    let listed: Vec<&str> = manifest.lines().map(|l| &l[66..]).collect();
    let expected: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|f| *f != "SHA256SUMS" && *f != ".waymark-output")
        .collect();
    assert_eq!(listed, expected, "the manifest lists every file, sorted");
    assert!(listed.contains(&"sw.js") && listed.contains(&"assets/offline-info.js"));
    // A copy elsewhere (with the marker, as `cp -r` gives) is intact.
    let copy = p.root().join("copy");
    copy_dir(&built.out, &copy);
    let run = run_in(p.root(), &["verify", "copy"]);
    run.assert_code(0);
    assert!(run.stdout.contains("Intact"), "{}", run.stdout);
}

#[test]
fn verify_catches_a_deleted_an_edited_and_an_extra_file() {
    let p = project(MINIMAL_SITE_YAML);
    let built = p.build();
    built.assert_ok();
    let copy = p.root().join("copy");
    copy_dir(&built.out, &copy);
    std::fs::remove_file(copy.join("guide/a.html")).unwrap();
    let edited = copy.join("index.html");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, text.replace("Welcome", "Welcome!")).unwrap();
    std::fs::write(copy.join("guide/notes.txt"), "left behind").unwrap();
    let run = run_in(p.root(), &["verify", "copy"]);
    run.assert_code(1);
    let out = &run.stdout;
    assert!(
        out.contains("Missing") && out.contains("  guide/a.html"),
        "{out}"
    );
    assert!(
        out.contains("Changed") && out.contains("  index.html"),
        "{out}"
    );
    assert!(
        out.contains("Extra") && out.contains("  guide/notes.txt"),
        "{out}"
    );
    assert!(
        out.contains("Not intact: 1 missing, 1 changed, 1 extra"),
        "{out}"
    );
    // No manifest at all: a clear error, not "intact".
    let empty = p.root().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let run = run_in(p.root(), &["verify", "empty"]);
    run.assert_code(2);
    assert!(run.stderr.contains("SHA256SUMS"), "{}", run.stderr);
    assert!(run_in(p.root(), &["verify", "--help"])
        .stdout
        .contains("missing, changed and extra"));
}

#[test]
fn the_worker_caches_every_file_under_a_cache_named_after_the_build() {
    let p = project(MINIMAL_SITE_YAML);
    let first = p.build();
    first.assert_ok();
    let sw = first.text("sw.js");
    assert!(sw.contains("\"guide/b c.html\"") && sw.contains("\"assets/offline-info.js\""));
    assert!(!sw.contains("\"sw.js\"") && !sw.contains("\"SHA256SUMS\""));
    let build_of = |sw: &str| sw.split("var BUILD = '").nth(1).unwrap()[..16].to_string();
    let id = build_of(&sw);
    assert!(first.text("assets/offline-info.js").contains(&id));
    // Every page loads the registration script, an external classic script.
    let page = first.page("guide/a.html");
    assert!(attr_all(&page, "script", "src").contains(&"../assets/offline.js".to_string()));
    // Same input, same bytes; changed input, a new build id.
    let again = p.build_to(p.root().join("again"), false, true);
    assert_eq!(sw, again.text("sw.js"));
    p.write("content/guide/a.md", &page_text());
    let changed = p.build_to(p.root().join("changed"), false, true);
    assert_ne!(build_of(&changed.text("sw.js")), id);
    // `keep: off` writes no worker.
    let off = project("title: T\noffline:\n  keep: off\n").build();
    off.assert_ok();
    assert!(!off.exists("sw.js") && off.text("assets/offline-info.js").contains("\"off\""));
}

fn page_text() -> String {
    page("A page", "## One\n\nChanged text.\n")
}

#[test]
fn the_zip_holds_an_offline_copy_and_the_footer_links_to_it_with_its_size() {
    let p = project("title: Test guidance\noffline:\n  zip: true\n");
    let built = p.build();
    built.assert_ok();
    let page = built.page("guide/a.html");
    let link = first(&page, ".wm-download a");
    assert_eq!(link.value().attr("href"), Some("../test-guidance.zip"));
    assert_eq!(text_of(link), "Download for offline use");
    let footer = select_text(&page, ".wm-download").join(" ");
    assert!(
        footer.contains("(ZIP file, ") && footer.contains(" KB)"),
        "{footer}"
    );
    assert!(!built.text("SHA256SUMS").contains("test-guidance.zip"));

    // Unzipped, it is a site of its own that verifies.
    let bytes = std::fs::read(built.path("test-guidance.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "entries are sorted");
    assert!(names.iter().all(|n| n.starts_with("test-guidance/")));
    assert!(!names
        .iter()
        .any(|n| n.ends_with(".zip") || n.ends_with(".waymark-output")));
    let unzipped = p.root().join("unzipped");
    archive.extract(&unzipped).unwrap();
    let site = unzipped.join("test-guidance");
    let copy_page = std::fs::read_to_string(site.join("guide/a.html")).unwrap();
    assert!(
        !copy_page.contains(".zip\""),
        "the copy has no link to a ZIP it lacks"
    );
    assert!(copy_page.contains("This is a copy of the guidance for use offline"));
    run_in(p.root(), &["verify", "unzipped/test-guidance"]).assert_code(0);
    run_in(p.root(), &["verify", "public"]).assert_code(0);
    let mut index = String::new();
    archive
        .by_name("test-guidance/index.html")
        .unwrap()
        .read_to_string(&mut index)
        .unwrap();
    assert!(index.contains("assets/offline.js"));

    // Deterministic, and the command-line flag does the same as site.yaml.
    let again = p.build_to(p.root().join("again"), false, true);
    assert_eq!(
        bytes,
        std::fs::read(again.path("test-guidance.zip")).unwrap()
    );
    let q = project("title: Test guidance\n");
    q.run(&["build", "--zip", "--out", "flagged"])
        .assert_code(0);
    assert!(q.root().join("flagged/test-guidance.zip").exists());
}

#[test]
fn base_url_adds_a_sitemap_robots_and_canonical_links_and_nothing_otherwise() {
    let p = project("title: T\nbase_url: https://example.org/cstr/\n")
        .file("content/protocol/p/v1.0.md", "---\ntitle: Protocol\nversion: \"1.0\"\nstatus: approved\neffective: 2019-01-01\napproved_by: Board\n---\n\n## Scope {#scope}\n\nOld.\n")
        .file("content/protocol/p/v1.1.md", "---\ntitle: Protocol\nversion: \"1.1\"\nstatus: approved\neffective: 2020-01-01\napproved_by: Board\nchanges:\n  - id: wider\n    sections: [scope]\n    summary: Wider scope\n---\n\n## Scope {#scope}\n\nNew.\n");
    let built = p.build();
    built.assert_ok();
    let sitemap = built.text("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/cstr/guide/b%20c.html</loc>"));
    assert!(!sitemap.contains("404.html"));
    let robots = built.text("robots.txt");
    assert!(
        robots.contains("Allow: /")
            && robots.contains("Sitemap: https://example.org/cstr/sitemap.xml")
    );
    let page = built.page("guide/a.html");
    assert_eq!(
        attr_all(&page, "link[rel=canonical]", "href"),
        vec!["https://example.org/cstr/guide/a.html".to_string()]
    );
    let feed = built.text("changes.xml");
    assert!(
        feed.contains("<link rel=\"self\" href=\"https://example.org/cstr/changes.xml\"/>"),
        "{feed}"
    );
    assert!(
        !feed.contains("href=\"/") && !feed.contains("cstr//"),
        "{feed}"
    );
    let disallowed = project("title: T\nbase_url: https://example.org\nrobots: disallow\n").build();
    assert!(disallowed.text("robots.txt").contains("Disallow: /"));

    let plain = project(MINIMAL_SITE_YAML).build();
    plain.assert_ok();
    assert!(!plain.exists("sitemap.xml") && !plain.exists("robots.txt"));
    assert_eq!(count(&plain.page("guide/a.html"), "link[rel=canonical]"), 0);
}

#[test]
fn a_content_file_named_like_a_generated_one_is_an_error() {
    let p = project(MINIMAL_SITE_YAML).file("content/sw.js", "// mine");
    let built = p.build();
    built.assert_failed();
    assert!(
        built.messages().contains("the offline service worker"),
        "{}",
        built.messages()
    );
}

#[test]
fn the_deploy_examples_parse_and_run_commands_that_exist() {
    let root = repo_root();
    for file in ["deploy/github-pages.yml", "deploy/gitlab-pages.yml"] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let parsed: Result<serde_yaml::Value, _> = serde_yaml::from_str(&text);
        assert!(parsed.is_ok(), "{file}: {parsed:?}");
        assert!(
            text.contains("waymark build --out public --zip")
                && text.contains("waymark verify public"),
            "{file}"
        );
    }
    let docker = std::fs::read_to_string(root.join("Dockerfile")).unwrap();
    assert!(docker.contains("waymark build --out /site --zip && waymark verify /site"));
    assert!(docker.contains("COPY deploy/nginx.conf"));
    let help = run_in(&root, &["build", "--help"]);
    assert!(help.stdout.contains("--zip"), "{}", help.stdout);
}
