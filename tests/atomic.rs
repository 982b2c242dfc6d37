//! Atomic output (design §5): a failed build leaves the previous `public/`
//! exactly as it was, with no litter beside it, and Waymark never replaces
//! a folder it did not make.

mod common;

use common::*;

fn good_project() -> Project {
    Project::new()
        .file("content/index.md", &page("Home", "[A](a.md)\n"))
        .file("content/a.md", &page("A", "## Part\n\nFirst version.\n"))
        .file("content/s/b.md", &page("B", "[Part](../a.md#part)\n"))
}

/// Entries beside the output folder, other than the project's own files.
fn litter(project: &Project) -> Vec<String> {
    entries(project.root())
        .into_iter()
        .filter(|n| !["content", "public", "site.yaml"].contains(&n.as_str()))
        .collect()
}

#[test]
fn failed_render_leaves_previous_output_byte_for_byte() {
    let project = good_project();
    project.build().assert_ok();
    let before = snapshot(&project.out());
    assert!(before.contains_key("a.html"));

    // A broken link is found while rendering, after the staging folder exists.
    project.write("content/a.md", &page("A changed", "[x](missing.md)\n"));
    project.write("content/new.md", &page("New page", "x\n"));
    let built = project.build();
    built.assert_failed();
    assert_eq!(snapshot(&project.out()), before, "public/ changed");
    assert!(
        litter(&project).is_empty(),
        "left behind: {:?}",
        litter(&project)
    );
}

#[test]
fn failed_load_leaves_previous_output_byte_for_byte() {
    let project = good_project();
    project.build().assert_ok();
    let before = snapshot(&project.out());
    project.write("content/a.md", "---\ntitel: A\n---\nx\n");
    project.build().assert_failed();
    assert_eq!(snapshot(&project.out()), before);
    assert!(litter(&project).is_empty(), "{:?}", litter(&project));
}

#[test]
fn failed_build_via_binary_leaves_output_and_exits_non_zero() {
    let project = good_project();
    project.run(&["build"]).assert_code(0);
    let before = snapshot(&project.out());
    project.write("content/s/b.md", &page("B", "[Part](../a.md#gone)\n"));
    let run = project.run(&["build"]);
    run.assert_code(1);
    assert!(run.stderr.contains("content/s/b.md:5:1"), "{}", run.stderr);
    assert!(run.stderr.contains("left as it was"), "{}", run.stderr);
    assert_eq!(snapshot(&project.out()), before);
    assert!(litter(&project).is_empty(), "{:?}", litter(&project));
}

#[test]
fn successful_rebuild_replaces_output_and_removes_stale_files() {
    let project = good_project();
    project.build().assert_ok();
    project.remove("content/s/b.md");
    project.write("content/a.md", &page("A", "## Part\n\nSecond version.\n"));
    project.build().assert_ok();
    let after = snapshot(&project.out());
    assert!(!after.contains_key("s/b.html"), "stale page removed");
    assert!(String::from_utf8_lossy(&after["a.html"]).contains("Second version."));
    assert!(litter(&project).is_empty(), "{:?}", litter(&project));
}

#[test]
fn out_pointing_at_a_foreign_folder_is_refused_and_untouched() {
    let project = good_project().file("mine/thesis.txt", "precious");
    let out = project.root().join("mine");
    let built = project.build_to(out.clone(), false, true);
    built.assert_failed();
    let e = built.single_error();
    assert!(e.message.contains("not made by Waymark"), "{e}");
    assert_eq!(entries(&out), ["thesis.txt"]);
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.txt")).unwrap(),
        "precious"
    );
    let mut left = litter(&project);
    left.retain(|n| n != "mine");
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn out_pointing_at_a_foreign_folder_via_binary() {
    let project = good_project().file("mine/notes.md", "keep me");
    let run = project.run(&["build", "--out", "mine"]);
    run.assert_code(1);
    assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    assert_eq!(entries(&project.root().join("mine")), ["notes.md"]);
}

#[test]
fn out_pointing_at_an_empty_folder_or_a_new_one_is_fine() {
    let project = good_project();
    std::fs::create_dir_all(project.root().join("empty")).unwrap();
    project
        .build_to(project.root().join("empty"), false, true)
        .assert_ok();
    assert!(project.root().join("empty/a.html").is_file());
    project
        .build_to(project.root().join("new/deeper/site"), false, true)
        .assert_ok();
    assert!(project.root().join("new/deeper/site/a.html").is_file());
}

#[test]
fn out_that_would_destroy_the_project_is_refused() {
    let project = good_project();
    for out in [".", "content", "content/public"] {
        let built = project.build_to(project.root().join(out), false, true);
        built.assert_failed();
        assert!(
            project.root().join("content/a.md").is_file(),
            "--out {out} damaged content/"
        );
    }
    assert!(project.root().join("site.yaml").is_file());
}

#[test]
fn out_that_is_a_file_is_refused() {
    let project = good_project().file("site.txt", "not a folder");
    let built = project.build_to(project.root().join("site.txt"), false, true);
    built.assert_failed();
    assert_eq!(
        std::fs::read_to_string(project.root().join("site.txt")).unwrap(),
        "not a folder"
    );
}

#[test]
fn check_writes_nothing() {
    let project = good_project();
    let built = project.check();
    built.assert_ok();
    assert!(!project.out().exists());
    assert!(litter(&project).is_empty(), "{:?}", litter(&project));
}
