//! The command line: parses arguments with clap and calls into the library.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::build::{build, BuildOptions, BuildReport};
use crate::commands::CommandError;
use crate::diagnostics::{Diagnostic, Severity};

#[derive(Debug, Parser)]
#[command(
    name = "waymark",
    version,
    about = "Publish versioned protocol guidance as a site that works offline"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the project into a static site (default: public/).
    Build {
        /// Project folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder; replaced atomically, only when the build succeeds.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include draft pages and draft versions.
        #[arg(long)]
        drafts: bool,
        /// Print how long each build step took.
        #[arg(long)]
        timings: bool,
        /// Also write the whole site as one ZIP for offline use, linked from
        /// every page's footer (as `offline: {zip: true}` in site.yaml does).
        #[arg(long)]
        zip: bool,
    },
    /// Check a copied or deployed site against its manifest (SHA256SUMS):
    /// reports missing, changed and extra files; exit 1 unless intact.
    ///
    /// The manifest lists every file of the site except itself, the output
    /// marker .waymark-output and the offline ZIP at the site's root. To check
    /// a ZIP, unzip it and verify the folder it holds.
    Verify {
        /// The site's folder (the one holding index.html and SHA256SUMS).
        dir: PathBuf,
    },
    /// Run every check a build does, without writing anything.
    Check {
        /// Project folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Also check draft pages and draft versions.
        #[arg(long)]
        drafts: bool,
        /// Fail (exit 1) on warnings as well as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Create a new minimal project that builds.
    Init {
        /// Folder to create (must be empty or not exist).
        dir: PathBuf,
    },
    /// Create something new in a project.
    #[command(subcommand)]
    New(NewCommand),
    /// Turn documentation written for another tool into a Waymark project.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Build, serve on 127.0.0.1 and rebuild on every change, reloading open pages.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (default 4173; another free port if it is taken).
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on. Only set this to share the preview beyond this computer.
        ///
        /// The server answers only requests whose Host names this machine, so a web page
        /// cannot read the preview by pointing its own name at your computer (DNS
        /// rebinding): always localhost, *.localhost, 127.x.x.x and [::1], with any port.
        /// With a non-loopback --bind it also answers to that address and to this
        /// machine's host name (NAME and NAME.local); with --bind 0.0.0.0 or :: to any IP
        /// address. Other names get 421 Misdirected Request.
        #[arg(long, verbatim_doc_comment)]
        bind: Option<std::net::IpAddr>,
        /// Where to write the preview (default: .waymark-serve in the project).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include draft pages and versions.
        #[arg(long)]
        drafts: bool,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Show a word-level redline between two versions of a document.
    ///
    /// The older of the two versions is always read as "before" and the newer
    /// as "after", whatever order they are given in. With no versions, the
    /// newest version (a draft included) is compared with the current one;
    /// with one, that version is compared with the current one.
    Diff {
        /// The document: its folder, e.g. protocol/national-protocol.
        doc: String,
        /// A version (default: the current version).
        from: Option<String>,
        /// Another version (default: the newest version, draft included, or the current one when FROM is given).
        to: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// When to colour the output.
        #[arg(long, value_enum, default_value = "auto")]
        color: ColorChoice,
    },
    /// Record steering-group decisions in a site's embedding.yaml: one
    /// (CHANGE with --status, --date, --by and --evidence), or every
    /// decision in a file saved from the site's agenda page (--from FILE).
    Confirm {
        /// The site (its folder name under content/sites/).
        #[arg(long)]
        site: String,
        /// The change, as `<document>@<version>#<change id>`.
        #[arg(required_unless_present = "from", conflicts_with = "from")]
        change: Option<String>,
        /// A confirmation file (JSON) saved from the site's agenda page.
        #[arg(long)]
        from: Option<PathBuf>,
        /// embedded, in-progress or not-applicable.
        #[arg(long, required_unless_present = "from", conflicts_with = "from")]
        status: Option<String>,
        /// The date of the decision, YYYY-MM-DD.
        #[arg(long, required_unless_present = "from", conflicts_with = "from")]
        date: Option<String>,
        /// Who decided: a group or role, never a person.
        #[arg(long, required_unless_present = "from", conflicts_with = "from")]
        by: Option<String>,
        /// What shows the change is (or is not) in practice.
        #[arg(long, required_unless_present = "from", conflicts_with = "from")]
        evidence: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Approve a draft version: set `status: approved`, `approved_by` and
    /// optionally `effective`, only if the project still checks and, for a
    /// document, its change notes name every section it changes. Other lines
    /// of the file are kept byte for byte.
    Approve {
        /// The document, map or form: its folder, e.g. protocol/national-protocol
        /// or maps/national-pathway.
        doc: String,
        /// The draft version to approve, e.g. 2.1.
        version: String,
        /// The body that approved it (a group or role, never a person).
        #[arg(long, value_name = "BODY")]
        by: String,
        /// The date it takes effect (default: the draft's `effective` date).
        #[arg(long, value_name = "YYYY-MM-DD")]
        effective: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Show which sites have confirmed each major change (the embedding matrix).
    Status {
        /// Only this site (its folder name under content/sites/).
        #[arg(long)]
        site: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: crate::commands::status::Format,
        /// Instead, list what needs the programme team's attention: pages
        /// past their review date (with owner), site pathways behind a
        /// national change, and sites with overdue changes.
        #[arg(long, conflicts_with_all = ["site", "format"])]
        stale: bool,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// Import an mdBook (the folder holding book.toml): SUMMARY.md's order
    /// becomes each chapter's `order`, `{{#include}}`s are expanded, README
    /// files are folder landing pages, book.toml's title goes to site.yaml
    /// and 404.md becomes the 404 page's text. Then checks the new project.
    Mdbook {
        /// The book's folder.
        dir: PathBuf,
        /// The project folder to create (must be empty or not exist;
        /// default: the book's folder name with `-waymark`, beside it).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum NewCommand {
    /// Copy a document's, map's or form's latest version to the next
    /// version, as a draft.
    Version {
        /// The folder of its versions, e.g. content/protocol/national-protocol
        /// or content/maps/national-pathway.
        path: String,
        /// Start a new major version (2.0 after 1.3) instead of a minor one.
        #[arg(long)]
        major: bool,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Start a new delivery site: content/sites/ID/site.yaml and a pathway
    /// that overlays the national protocol, ready to build.
    Site {
        /// The site's id: lower-case letters, digits and hyphens (e.g. north-wales).
        id: String,
        /// Copy another site's pathway variations and local figures (e.g. plymouth).
        #[arg(long, value_name = "SITE")]
        from: Option<String>,
        /// The site's name as readers see it (default: from the id).
        #[arg(long)]
        name: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Runs the command line; returns the process exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            drafts,
            timings,
            zip,
        } => {
            let report = build(&BuildOptions {
                root,
                out,
                drafts,
                write: true,
                zip,
            });
            print_diagnostics(&report);
            if timings {
                for (step, time) in &report.timings {
                    eprintln!("  {:>8.1} ms  {step}", time.as_secs_f64() * 1000.0);
                }
            }
            if report.succeeded() {
                let total: f64 = report.timings.iter().map(|(_, t)| t.as_secs_f64()).sum();
                eprintln!(
                    "Built {} pages ({} files) into {} in {:.2} s",
                    report.pages,
                    report.files,
                    report.out.display(),
                    total
                );
                0
            } else {
                eprintln!(
                    "Build failed: {}. The previous output was left as it was.",
                    counts(&report)
                );
                1
            }
        }
        Command::Verify { dir } => crate::commands::verify::run(&dir),
        Command::Check {
            root,
            drafts,
            deny_warnings,
        } => {
            let report = build(&BuildOptions {
                root,
                out: None,
                drafts,
                write: false,
                zip: false,
            });
            print_diagnostics(&report);
            let warnings = report.diagnostics.warning_count();
            if !report.succeeded() || (deny_warnings && warnings > 0) {
                eprintln!("Check failed: {}.", counts(&report));
                1
            } else {
                eprintln!("Check passed: {} pages, {}.", report.pages, counts(&report));
                0
            }
        }
        Command::New(NewCommand::Version { path, major, root }) => {
            match crate::commands::new_version::run(&root, &path, major) {
                Ok(created) => {
                    if let Some(warning) = &created.from_draft {
                        eprintln!("warning: {warning}");
                    }
                    eprintln!("Created {} as a draft. Edit it, list its changes, then run `waymark approve`.", created.path.display());
                    0
                }
                Err(error) => command_failed(error),
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            out,
            drafts,
            open,
        } => {
            let options = crate::commands::serve::ServeOptions {
                root,
                out,
                port,
                bind,
                drafts,
                open,
            };
            match crate::commands::serve::run(options, &print_diagnostics) {
                Ok(()) => 0,
                Err(message) => fail(&message),
            }
        }
        Command::New(NewCommand::Site {
            id,
            from,
            name,
            root,
        }) => match crate::commands::new_site::run(&root, &id, from.as_deref(), name.as_deref()) {
            Ok(created) => {
                for f in &created.files {
                    eprintln!("Created {}", f.display());
                }
                let report = build(&BuildOptions {
                    root: root.clone(),
                    out: None,
                    drafts: false,
                    write: false,
                    zip: false,
                });
                print_diagnostics(&report);
                if report.succeeded() {
                    eprintln!("The new site builds. Next: fill in site.yaml, then vary the national sections that differ in pathway.md.");
                    0
                } else {
                    eprintln!("The new site was created, but the project does not build yet: fix the problems above.");
                    1
                }
            }
            Err(error) => command_failed(error),
        },
        Command::Diff {
            doc,
            from,
            to,
            root,
            color,
        } => {
            let color = match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            match crate::commands::diff::run(&root, &doc, from.as_deref(), to.as_deref(), color) {
                Ok(text) => {
                    print!("{text}");
                    0
                }
                Err(error) => command_failed(error),
            }
        }
        Command::Confirm {
            site,
            change,
            from,
            status,
            date,
            by,
            evidence,
            root,
        } => {
            use crate::commands::confirm::{file::Entry, run, Source};
            let source = match (&from, change) {
                (Some(path), _) => Source::File(path),
                (None, change) => Source::One(Entry {
                    change: change.unwrap_or_default(),
                    status: status.unwrap_or_default(),
                    date: date.unwrap_or_default(),
                    by: by.unwrap_or_default(),
                    evidence: evidence.unwrap_or_default(),
                }),
            };
            match run(&root, &site, source) {
                Ok(text) => {
                    print!("{text}");
                    0
                }
                Err(error) => command_failed(error),
            }
        }
        Command::Approve {
            doc,
            version,
            by,
            effective,
            root,
        } => {
            match crate::commands::approve::run(&root, &doc, &version, &by, effective.as_deref()) {
                Ok(done) => {
                    println!(
                        "Approved version {} of {} ({}):",
                        done.number,
                        done.item,
                        done.file.display()
                    );
                    for edit in &done.edits {
                        println!("  {edit}");
                    }
                    match &done.coverage {
                        Some(cover) => println!(
                            "Its {} change note{} cover{} all {} changed section{}.",
                            cover.notes,
                            if cover.notes == 1 { "" } else { "s" },
                            if cover.notes == 1 { "s" } else { "" },
                            cover.sections,
                            if cover.sections == 1 { "" } else { "s" }
                        ),
                        None => println!(
                            "Its summary says what changed (maps and forms have no change notes)."
                        ),
                    }
                    0
                }
                Err(error) => command_failed(error),
            }
        }
        Command::Status {
            site,
            format,
            stale,
            root,
        } => {
            let result = if stale {
                crate::commands::status::stale(&root)
            } else {
                crate::commands::status::run(&root, site.as_deref(), format)
            };
            match result {
                Ok(text) => {
                    print!("{text}");
                    0
                }
                Err(error) => command_failed(error),
            }
        }
        Command::Import(ImportCommand::Mdbook { dir, out }) => import_mdbook(&dir, out),
        Command::Init { dir } => match crate::init::init(&dir) {
            Ok(()) => {
                eprintln!("Created a new Waymark project in {}.", dir.display());
                eprintln!(
                    "Next: cd {} && waymark build, then open public/index.html",
                    dir.display()
                );
                0
            }
            Err(message) => {
                eprintln!("error: {message}");
                1
            }
        },
    }
}

/// `waymark import mdbook`: imports, then checks the new project as a
/// build would and says what to do next.
fn import_mdbook(dir: &std::path::Path, out: Option<PathBuf>) -> i32 {
    let out = out.unwrap_or_else(|| {
        let name = dir
            .canonicalize()
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "book".into());
        dir.join("..").join(format!("{name}-waymark"))
    });
    let imported = match crate::commands::import::mdbook(dir, &out, &|line| eprintln!("{line}")) {
        Ok(imported) => imported,
        Err(message) => return fail(&message),
    };
    if !imported.unlisted.is_empty() {
        eprintln!(
            "{} pages are not in SUMMARY.md; they are published after the listed ones: {}",
            imported.unlisted.len(),
            imported.unlisted.join(", ")
        );
    }
    let report = build(&BuildOptions {
        root: imported.project.clone(),
        out: None,
        drafts: false,
        write: false,
        zip: false,
    });
    print_diagnostics(&report);
    eprintln!("Checked the new project: {}.", counts(&report));
    if report.succeeded() {
        eprintln!(
            "Next: cd {} && waymark build (or waymark serve)",
            imported.project.display()
        );
        0
    } else {
        eprintln!("The project was written, but does not build yet: fix the problems above.");
        1
    }
}

fn counts(report: &BuildReport) -> String {
    let e = report.diagnostics.error_count();
    let w = report.diagnostics.warning_count();
    format!(
        "{e} error{}, {w} warning{}",
        if e == 1 { "" } else { "s" },
        if w == 1 { "" } else { "s" }
    )
}

fn print_diagnostics(report: &BuildReport) {
    print_located(report.diagnostics.iter());
}

/// Prints diagnostics one a line with their hints (`file:line:col:
/// severity: message`), red and yellow on a terminal: the one renderer of
/// `build`, `check`, `serve` and every other command.
fn print_located<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diagnostics {
        let text = d.to_string();
        if color {
            let code = if d.severity == Severity::Error {
                "31"
            } else {
                "33"
            };
            eprintln!("\x1b[{code}m{text}\x1b[0m");
        } else {
            eprintln!("{text}");
        }
    }
}

/// A command's failure: located problems as a build prints them, or its
/// message; the exit code is 1 either way.
fn command_failed(error: CommandError) -> i32 {
    match error {
        CommandError::Located {
            context,
            diagnostics,
        } => {
            if let Some(context) = context {
                eprintln!("{context}");
            }
            print_located(&diagnostics);
            let n = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "Stopped: {n} error{} in the project.",
                if n == 1 { "" } else { "s" }
            );
            1
        }
        CommandError::Message(message) => fail(&message),
    }
}

fn fail(message: &str) -> i32 {
    eprintln!("error: {message}");
    1
}
