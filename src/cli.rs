//! The command line: parses arguments with clap and calls into the library.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::build::{build, BuildOptions, BuildReport};
use crate::diagnostics::Severity;

#[derive(Debug, Parser)]
#[command(
    name = "waymark",
    version,
    about = "Publish versioned CSTR protocol guidance as a site that works offline"
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
    /// Build, serve on 127.0.0.1 and rebuild on every change, reloading open pages.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (default 4173; another free port if it is taken).
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on. Only set this to share the preview beyond this computer.
        #[arg(long)]
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
    Diff {
        /// The document: its folder, e.g. protocol/national-protocol.
        doc: String,
        /// Older version (default: the one before NEWER).
        from: Option<String>,
        /// Newer version (default: the current version).
        to: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// When to colour the output.
        #[arg(long, value_enum, default_value = "auto")]
        color: ColorChoice,
    },
    /// Show which sites have confirmed each major change (the embedding matrix).
    Status {
        /// Only this site (its folder name under content/sites/).
        #[arg(long)]
        site: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: crate::commands::status::Format,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum NewCommand {
    /// Copy a document's latest version to the next version, as a draft.
    Version {
        /// The document folder, e.g. content/protocol/national-protocol.
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
                    eprintln!("Created {} as a draft. Edit it, list its changes, then set `status: approved`.", created.display());
                    0
                }
                Err(message) => fail(&message),
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
            Err(message) => fail(&message),
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
                Err(message) => fail(&message),
            }
        }
        Command::Status { site, format, root } => {
            match crate::commands::status::run(&root, site.as_deref(), format) {
                Ok(text) => {
                    print!("{text}");
                    0
                }
                Err(message) => fail(&message),
            }
        }
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
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in report.diagnostics.iter() {
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

fn fail(message: &str) -> i32 {
    eprintln!("error: {message}");
    1
}
