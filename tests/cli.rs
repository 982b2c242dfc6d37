//! The `waymark` binary: help, init, build, check and their exit codes.

mod common;

use common::*;

#[test]
fn help_succeeds_for_the_binary_and_every_subcommand() {
    let dir = Project::bare();
    let run = dir.run(&["--help"]);
    run.assert_code(0);
    for sub in ["build", "check", "init"] {
        assert!(
            run.stdout.contains(sub),
            "--help lists {sub}:\n{}",
            run.stdout
        );
    }
    for sub in ["build", "check", "init"] {
        let run = dir.run(&[sub, "--help"]);
        run.assert_code(0);
        assert!(
            run.stdout.contains("Usage"),
            "{sub} --help:\n{}",
            run.stdout
        );
        let run = dir.run(&["help", sub]);
        run.assert_code(0);
        assert!(run.stdout.contains("Usage"), "help {sub}:\n{}", run.stdout);
    }
    let run = dir.run(&["build", "--help"]);
    for flag in ["--root", "--out", "--drafts"] {
        assert!(run.stdout.contains(flag), "build --help lists {flag}");
    }
    let run = dir.run(&["check", "--help"]);
    assert!(run.stdout.contains("--deny-warnings"));
    dir.run(&["--version"]).assert_code(0);
}

#[test]
fn unknown_subcommand_or_flag_is_a_usage_error() {
    let dir = Project::bare();
    let run = dir.run(&["frobnicate"]);
    assert_ne!(run.status, Some(0));
    assert!(run.stderr.contains("frobnicate"), "{}", run.stderr);
    let run = dir.run(&["build", "--draft"]);
    assert_ne!(run.status, Some(0));
    assert!(
        run.stderr.contains("--drafts"),
        "suggests --drafts: {}",
        run.stderr
    );
}

#[test]
fn init_creates_a_project_that_builds() {
    let dir = Project::bare();
    let run = dir.run(&["init", "site"]);
    run.assert_code(0);
    let site = dir.root().join("site");
    assert!(site.join("site.yaml").is_file());
    assert!(site.join("content/index.md").is_file());

    let run = dir.run(&["build", "--root", "site"]);
    run.assert_code(0);
    assert!(run.stderr.contains("Built"), "{}", run.stderr);
    assert!(site.join("public/index.html").is_file());

    // And it builds cleanly from inside the folder, with no warnings.
    let run = run_in(&site, &["check", "--deny-warnings"]);
    run.assert_code(0);
    let run = run_in(&site, &["build"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let dir = Project::bare().file("taken/notes.txt", "mine");
    let run = dir.run(&["init", "taken"]);
    run.assert_code(1);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    assert_eq!(entries(&dir.root().join("taken")), ["notes.txt"]);
    // An existing empty folder is fine.
    std::fs::create_dir(dir.root().join("empty")).unwrap();
    dir.run(&["init", "empty"]).assert_code(0);
}

#[test]
fn build_errors_exit_non_zero_and_print_file_line_column() {
    let project = Project::new()
        .file("content/a.md", &page("A", "[x](nope.md)\n"))
        .file("content/b.md", "---\ntitle: B\ntitel: x\n---\n");
    // Only load errors are reported while loading fails…
    let run = project.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("content/b.md:3:1: error:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: did you mean `title`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Build failed"), "{}", run.stderr);
    assert!(!project.out().exists(), "nothing written");
    // …and link errors once it loads.
    project.write("content/b.md", &page("B", "x\n"));
    let run = project.run(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("content/a.md:5:1: error: link `nope.md`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 error"), "{}", run.stderr);
}

#[test]
fn build_in_a_folder_without_site_yaml_explains() {
    let dir = Project::bare();
    let run = dir.run(&["build"]);
    run.assert_code(1);
    assert!(run.stderr.contains("site.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("waymark init"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn build_with_root_out_and_drafts() {
    let project = Project::new()
        .file("content/a.md", &page("A", "x\n"))
        .file("content/d.md", "---\ntitle: D\ndraft: true\n---\nx\n");
    let elsewhere = Project::bare();
    let out = elsewhere.root().join("site");
    let root = project.root().to_str().unwrap();
    let run = elsewhere.run(&["build", "--root", root, "--out", "site", "--drafts"]);
    run.assert_code(0);
    assert!(out.join("a.html").is_file());
    assert!(out.join("d.html").is_file());
    assert!(!project.out().exists(), "--out was used instead of public/");
    let run = elsewhere.run(&["build", "--root", root, "--out", "site"]);
    run.assert_code(0);
    assert!(!out.join("d.html").exists());
}

#[test]
fn build_timings_are_printed_on_request() {
    let project = Project::new().file("content/a.md", &page("A", "x\n"));
    let run = project.run(&["build", "--timings"]);
    run.assert_code(0);
    assert!(run.stderr.contains(" ms "), "{}", run.stderr);
}

#[test]
fn check_writes_nothing_and_fails_on_errors() {
    let project = Project::new().file("content/a.md", &page("A", "[x](b.md)\n"));
    let run = project.run(&["check"]);
    run.assert_code(1);
    assert!(run.stderr.contains("content/a.md:5:1"), "{}", run.stderr);
    assert!(run.stderr.contains("Check failed"), "{}", run.stderr);
    assert_eq!(entries(project.root()), ["content", "site.yaml"]);

    project.write("content/b.md", &page("B", "x\n"));
    let run = project.run(&["check"]);
    run.assert_code(0);
    assert!(run.stderr.contains("Check passed"), "{}", run.stderr);
    assert_eq!(entries(project.root()), ["content", "site.yaml"]);
}

#[test]
fn check_deny_warnings_fails_on_a_past_review_date() {
    let project = Project::new().file(
        "content/a.md",
        "---\ntitle: A\nreview_by: 2001-01-01\n---\nx\n",
    );
    let run = project.run(&["check"]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("content/a.md:2:1: warning:"),
        "{}",
        run.stderr
    );
    let run = project.run(&["check", "--deny-warnings"]);
    run.assert_code(1);
    assert!(run.stderr.contains("1 warning"), "{}", run.stderr);
    // A future review date is no warning at all.
    project.write(
        "content/a.md",
        "---\ntitle: A\nreview_by: 2099-01-01\n---\nx\n",
    );
    project.run(&["check", "--deny-warnings"]).assert_code(0);
}

#[test]
fn source_date_epoch_fixes_today() {
    // 2030-01-01: a review date in 2029 is past, so --deny-warnings fails;
    // in 2000 (946684800) it is not yet due.
    let project = Project::new().file(
        "content/a.md",
        "---\ntitle: A\nreview_by: 2029-06-01\n---\nx\n",
    );
    let run = run_with_env(
        project.root(),
        &["check", "--deny-warnings"],
        &[("SOURCE_DATE_EPOCH", "1893456000")],
    );
    run.assert_code(1);
    assert!(run.stderr.contains("1 June 2029"), "{}", run.stderr);
    run_with_env(
        project.root(),
        &["check", "--deny-warnings"],
        &[("SOURCE_DATE_EPOCH", "946684800")],
    )
    .assert_code(0);
}

#[test]
fn diagnostics_are_not_coloured_when_not_a_terminal() {
    let project = Project::new().file("content/a.md", &page("A", "[x](b.md)\n"));
    let run = run_with_env(project.root(), &["check"], &[("NO_COLOR", "")]);
    run.assert_code(1);
    assert!(!run.stderr.contains('\x1b'), "{:?}", run.stderr);
}
