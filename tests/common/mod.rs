//! Shared fixtures for the integration tests, in the manner of mdBook's
//! test helpers: a throw-away project on disk, built with the real library,
//! and helpers that parse the output with `scraper` so tests assert on the
//! HTML a reader gets rather than on strings.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;
use waymark::build::{build, BuildOptions, BuildReport};
use waymark::diagnostics::Diagnostic;

/// The `site.yaml` of a test project: a title, and the audiences and site
/// kinds the fixtures name (a project declares its own; see `config::vocabulary`).
pub const MINIMAL_SITE_YAML: &str = concat!(
    "title: Test site\nlanguage: en-GB\n",
    "audiences:\n",
    "  - {id: magistrates, name: Magistrates and judges}\n",
    "  - {id: probation, name: Probation}\n",
    "  - {id: treatment-providers, name: Treatment providers}\n",
    "  - {id: new-sites, name: New sites}\n",
    "  - {id: steering-groups, name: Steering groups}\n",
    "  - {id: defence, name: Defence solicitors}\n",
    "  - {id: programme-team, name: Programme team}\n",
    "site_kinds:\n",
    "  - {id: testbed, name: Testbed site (2017–18)}\n",
    "  - {id: later-site, name: Later site}\n",
);

/// A `content/national-rules.yaml` declaring the fixtures' requirement types
/// and nothing else (no rule to break).
pub const REQUIREMENT_TYPES: &str = concat!(
    "requirements:\n",
    "  - {id: mhtr, name: Mental health treatment requirement, short: MHTR}\n",
    "  - {id: atr, name: Alcohol treatment requirement, short: ATR}\n",
    "  - {id: drr, name: Drug rehabilitation requirement, short: DRR}\n",
);

/// A project in a temporary folder.
pub struct Project {
    dir: Arc<TempDir>,
}

impl Default for Project {
    fn default() -> Self {
        Self::new()
    }
}

impl Project {
    /// A new project holding only a minimal `site.yaml` and an empty `content/`.
    pub fn new() -> Self {
        let project = Self::bare();
        project.write("site.yaml", MINIMAL_SITE_YAML);
        std::fs::create_dir_all(project.root().join("content")).unwrap();
        project
    }

    /// A new, completely empty folder.
    pub fn bare() -> Self {
        Self {
            dir: Arc::new(
                tempfile::Builder::new()
                    .prefix("waymark-test-")
                    .tempdir()
                    .expect("temp dir"),
            ),
        }
    }

    /// Adds (or replaces) a file, creating its folders.
    pub fn file(self, path: &str, text: &str) -> Self {
        self.write(path, text);
        self
    }

    /// Adds a file of raw bytes (e.g. invalid UTF-8).
    pub fn bytes(self, path: &str, bytes: &[u8]) -> Self {
        self.write_bytes(path, bytes);
        self
    }

    /// Writes a file in place, for changing a project between builds.
    pub fn write(&self, path: &str, text: &str) {
        self.write_bytes(path, text.as_bytes());
    }

    pub fn write_bytes(&self, path: &str, bytes: &[u8]) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.root().join(path)).unwrap();
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder, `<root>/public`.
    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Builds into `<root>/public`, without drafts.
    pub fn build(&self) -> Built {
        self.build_with(false, true)
    }

    /// Builds into `<root>/public` with drafts.
    pub fn build_drafts(&self) -> Built {
        self.build_with(true, true)
    }

    /// `waymark check`: every validation, nothing written.
    pub fn check(&self) -> Built {
        self.build_with(false, false)
    }

    pub fn build_with(&self, drafts: bool, write: bool) -> Built {
        self.build_to(self.out(), drafts, write)
    }

    pub fn build_to(&self, out: PathBuf, drafts: bool, write: bool) -> Built {
        let report = build(&BuildOptions {
            root: self.root().to_path_buf(),
            out: Some(out.clone()),
            drafts,
            write,
            zip: false,
        });
        Built {
            report,
            out,
            _project: Some(self.dir.clone()),
        }
    }

    /// Runs the real binary with `args`, in the project folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }
}

/// A build's report and where it wrote. Keeps the project's temporary
/// folder alive, so `Project::new().file(..).build()` can be one expression.
pub struct Built {
    pub report: BuildReport,
    pub out: PathBuf,
    _project: Option<Arc<TempDir>>,
}

impl Built {
    /// A build of a project that is not a temporary fixture.
    pub fn of(report: BuildReport, out: PathBuf) -> Self {
        Self {
            report,
            out,
            _project: None,
        }
    }
}

impl Built {
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        self.report.diagnostics.iter().collect()
    }

    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect()
    }

    pub fn warnings(&self) -> Vec<&Diagnostic> {
        self.report
            .diagnostics
            .iter()
            .filter(|d| !d.is_error())
            .collect()
    }

    /// Every diagnostic as the CLI prints it, one per line, for messages.
    pub fn messages(&self) -> String {
        self.report
            .diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Panics with every diagnostic unless the build succeeded.
    pub fn assert_ok(&self) -> &Self {
        assert!(
            self.report.succeeded(),
            "build failed:\n{}",
            self.messages()
        );
        self
    }

    /// Panics unless the build failed.
    pub fn assert_failed(&self) -> &Self {
        assert!(
            !self.report.succeeded(),
            "build succeeded but should have failed:\n{}",
            self.messages()
        );
        self
    }

    /// The only error of a failed build.
    pub fn single_error(&self) -> &Diagnostic {
        let errors = self.errors();
        assert_eq!(errors.len(), 1, "expected one error:\n{}", self.messages());
        errors[0]
    }

    /// The error whose message contains `needle`.
    pub fn error_containing(&self, needle: &str) -> &Diagnostic {
        self.errors()
            .into_iter()
            .find(|d| d.message.contains(needle))
            .unwrap_or_else(|| panic!("no error containing {needle:?}:\n{}", self.messages()))
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.out.join(rel)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).is_file()
    }

    /// The text of an output file.
    pub fn text(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel))
            .unwrap_or_else(|e| panic!("cannot read output {rel}: {e}"))
    }

    /// An output page, parsed.
    pub fn page(&self, rel: &str) -> Html {
        Html::parse_document(&self.text(rel))
    }

    /// Every file of the output, by path relative to it.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.out)
    }
}

/// `file:line:col`, as diagnostics print it.
pub fn place(d: &Diagnostic) -> String {
    format!("{}:{}:{}", d.file, d.position.line, d.position.column)
}

pub fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector:?}: {e:?}"))
}

/// The text of an element, whitespace collapsed.
pub fn text_of(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of every element matching `selector`.
pub fn select_text(html: &Html, selector: &str) -> Vec<String> {
    html.select(&sel(selector)).map(text_of).collect()
}

/// Attribute `attr` of every element matching `selector` that has it.
pub fn attr_all(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    html.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

pub fn count(html: &Html, selector: &str) -> usize {
    html.select(&sel(selector)).count()
}

/// The first element matching `selector`; panics if there is none.
pub fn first<'a>(html: &'a Html, selector: &str) -> ElementRef<'a> {
    html.select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("no element matches {selector:?}"))
}

/// Every `id` in a page.
pub fn ids(html: &Html) -> Vec<String> {
    attr_all(html, "[id]", "id")
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(base, &path, files);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    walk(dir, dir, &mut files);
    files
}

/// Names of the entries of a folder, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The output of one run of the real binary.
pub struct Run {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.status,
            Some(code),
            "exit status {:?}, expected {code}\nstdout:\n{}\nstderr:\n{}",
            self.status,
            self.stdout,
            self.stderr
        );
        self
    }
}

/// Runs the `waymark` binary in `dir` with `args`. `SOURCE_DATE_EPOCH` and
/// `NO_COLOR` are cleared/set so output does not depend on the caller's shell.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with_env(dir, args, &[])
}

pub fn run_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_waymark"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1");
    for (k, v) in env {
        command.env(k, v);
    }
    let output: Output = command.output().expect("run waymark");
    Run {
        status: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A page with front matter: `page("Title", "body")`.
pub fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n\n{body}")
}

/// The repository's own project (the bundled CSTR guidance).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder and everything in it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The project `waymark init` makes, built: the holder keeps its folder alive.
pub fn initialised() -> (Project, Built) {
    let dir = Project::bare();
    let root = dir.root().join("new");
    waymark::init::init(&root).unwrap();
    let out = root.join("public");
    let report = build(&BuildOptions {
        root: root.clone(),
        out: Some(out.clone()),
        drafts: false,
        write: true,
        zip: false,
    });
    (dir, Built::of(report, out))
}
