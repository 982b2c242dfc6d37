//! `waymark serve`: build, serve on 127.0.0.1, watch, rebuild what changed,
//! and tell open pages to reload.
//!
//! The pieces live elsewhere: `crate::serve` (HTTP, file watching, the
//! reload stream and error banner) and `crate::build::rebuild` with
//! `crate::incremental` (re-rendering only what an edit affects). This
//! module is the loop that joins them.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use crate::build::Session;
use crate::build::{
    apply_search, prepare_output, rebuild, rebuild_paths, search_job, BuildOptions, BuildReport,
    SearchBuilt,
};
use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::incremental;
use crate::serve::{
    BuildError, LiveState, ServeConfig, Server, Watcher, DEFAULT_DEBOUNCE, DEFAULT_PORT,
};

/// Where `waymark serve` writes, so serving never disturbs `public/`.
pub const SERVE_DIR: &str = ".waymark-serve";

/// How often the loop looks for a finished search index while one is built.
const SEARCH_POLL: Duration = Duration::from_millis(50);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub out: Option<PathBuf>,
    pub port: Option<u16>,
    /// Only an explicit `--bind` serves beyond this machine.
    pub bind: Option<IpAddr>,
    pub drafts: bool,
    pub open: bool,
}

/// Runs until the watcher stops (Ctrl-C ends the process; the output folder
/// is always consistent because files are renamed into place).
pub fn run(mut options: ServeOptions, print: &dyn Fn(&BuildReport)) -> Result<(), String> {
    // The watcher reports changed files by absolute, resolved paths; the
    // quick paths find a file's page by its path under the root, which a
    // relative root (`.`, the usual case) would never prefix, sending every
    // edit down the full path.
    options.root = options.root.canonicalize().map_err(|e| {
        format!(
            "cannot open the project folder {}: {e}",
            options.root.display()
        )
    })?;
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join(SERVE_DIR));
    prepare_output(&options.root, &out)?;
    prepare_folder(&out)?;
    let build_options = BuildOptions {
        root: options.root.clone(),
        out: Some(out.clone()),
        drafts: options.drafts,
        write: true,
        zip: false,
    };
    let live = Arc::new(LiveState::new());
    let mut session = Session {
        files: incremental::scan(&out),
        ..Default::default()
    };
    rebuild_once(&build_options, &mut session, &live, print, None);
    crate::memory::release_free();

    let ip = options.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let port = options.port.unwrap_or(DEFAULT_PORT);
    let mut config = ServeConfig::new(&out, live.clone());
    config.bind = SocketAddr::new(ip, port);
    let server = match Server::start(config.clone()) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && options.port.is_none() => {
            config.bind = SocketAddr::new(ip, 0);
            Server::start(config).map_err(|e| format!("cannot start the server: {e}"))?
        }
        Err(e) => return Err(format!("cannot serve on {ip}:{port}: {e}")),
    };
    eprintln!("Serving {} at {}", out.display(), server.url());
    if !ip.is_loopback() {
        let addresses = if ip.is_unspecified() {
            "any IP address".to_string()
        } else {
            ip.to_string()
        };
        eprintln!(
            "Shared beyond this computer: answering to {addresses} and this machine's host name as well as localhost; other Host names get 421."
        );
    }
    eprintln!("Watching content/, themes/ and site.yaml. Press Ctrl-C to stop.");
    if options.open {
        let _ = std::process::Command::new("xdg-open")
            .arg(server.url())
            .spawn();
    }

    let watched = vec![
        options.root.join(CONTENT_DIR),
        options.root.join("themes"),
        options.root.join(CONFIG_FILE),
    ];
    let watcher = Watcher::new(watched, DEFAULT_DEBOUNCE)
        .map_err(|e| format!("cannot watch the project: {e}"))?;
    // The search index is built on its own thread after a quick rebuild, so
    // the next edit never waits for it; an index built from records that
    // changed meanwhile is dropped and built again.
    let (built_tx, built_rx) = mpsc::channel::<SearchBuilt>();
    let mut indexing: Option<Instant> = None;
    loop {
        if indexing.is_none() {
            if let Some(job) = search_job(&mut session) {
                indexing = Some(Instant::now());
                let tx = built_tx.clone();
                std::thread::spawn(move || {
                    // Behind the next edit's rendering, which is what the
                    // author waits for: on 2 cores the index took one whole
                    // core from every structural edit that followed it.
                    lower_priority();
                    // On a pool of its own, of one thread: on the global
                    // pool the index's parallel encoding queued ahead of the
                    // next edit's rendering, which waited for it (up to a
                    // second at 10,000 pages); with as many threads as the
                    // global pool it still took half the cores from the edit
                    // (`bench/serve.py`: title edit 1.3 s with one thread,
                    // 2.7 s with two, at a load average of 6).
                    let own = rayon::ThreadPoolBuilder::new().num_threads(1).build();
                    let built = match own {
                        Ok(pool) => pool.install(|| job.run()),
                        Err(_) => job.run(),
                    };
                    let _ = tx.send(built);
                    crate::memory::release_free();
                });
            }
        }
        let batch = match indexing {
            None => watcher.next_batch(),
            Some(_) => watcher.next_batch_timeout(SEARCH_POLL),
        };
        let changed = match batch {
            Some(changed) => changed,
            None if watcher.stopped() => break,
            None => {
                // No edit waiting: a finished index is written now. (With
                // an edit waiting, the rebuild comes first: writing the
                // index's files held up its reload by most of a second at
                // 10,000 pages, and an edit to pages makes that index stale
                // anyway.)
                if let (Some(started), Ok(built)) = (indexing, built_rx.try_recv()) {
                    indexing = None;
                    match apply_search(&build_options, &mut session, built) {
                        Some(Ok((c, pages))) => {
                            eprintln!(
                                "Search index updated in {} ms: {} files written, {} removed.",
                                started.elapsed().as_millis(),
                                c.written,
                                c.removed
                            );
                            // Pages written after the reload (the A–Z):
                            // only tabs showing them reload again.
                            if !pages.is_empty() {
                                live.notify_pages(pages);
                            }
                        }
                        Some(Err(message)) => eprintln!("error: {message}"),
                        None => {} // pages changed meanwhile: the loop starts a newer index
                    }
                }
                continue;
            }
        };
        let names: Vec<String> = changed
            .iter()
            .map(|p| {
                p.strip_prefix(&options.root)
                    .unwrap_or(p)
                    .display()
                    .to_string()
            })
            .collect();
        eprintln!("Changed: {}", names.join(", "));
        rebuild_once(&build_options, &mut session, &live, print, Some(&changed));
        crate::memory::release_free();
    }
    server.shutdown();
    Ok(())
}

/// Lowers the calling thread's scheduling priority (Linux: a thread's nice
/// value is its own), so the search index never slows a rebuild.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: `setpriority` on the calling thread's id changes nothing
    // but its priority; a failure leaves it as it was.
    unsafe {
        let thread = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, thread, 19);
    }
}

/// Makes the output folder Waymark's, as `build` would.
fn prepare_folder(out: &std::path::Path) -> Result<(), String> {
    let marker = out.join(crate::output::MARKER);
    if out.is_dir() {
        let empty = std::fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !marker.exists() {
            return Err(format!(
                "{} is not empty and was not made by Waymark; choose another --out",
                out.display()
            ));
        }
    }
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    std::fs::write(
        &marker,
        "This folder was built by Waymark (waymark serve).\n",
    )
    .map_err(|e| format!("cannot write in {}: {e}", out.display()))
}

/// One rebuild: reports the outcome to the terminal and the browser.
/// `changed` are the files the watcher saw change (`None`: build in full).
/// Pages are reloaded as soon as they are written; when the quick path left
/// the search index behind, the serve loop builds it on another thread.
pub fn rebuild_once(
    options: &BuildOptions,
    session: &mut Session,
    live: &LiveState,
    print: &dyn Fn(&BuildReport),
    changed: Option<&[PathBuf]>,
) {
    let start = Instant::now();
    let (report, counts) = match changed {
        Some(paths) => rebuild_paths(options, session, paths),
        None => rebuild(options, session),
    };
    print(&report);
    if report.succeeded() {
        live.clear_errors();
        let steps: Vec<String> = report
            .timings
            .iter()
            .map(|(name, d)| format!("{name} {} ms", d.as_millis()))
            .collect();
        eprintln!(
            "Rebuilt in {} ms: {} pages rendered, {} unchanged; {} files written, {} removed ({}).",
            start.elapsed().as_millis(),
            counts.rendered,
            counts.reused,
            counts.written,
            counts.removed,
            steps.join(", ")
        );
    } else {
        eprintln!("The build failed; the last good site is still served.");
        let errors = report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| BuildError {
                file: d.file.clone(),
                line: d.position.line,
                column: d.position.column,
                message: d.message.clone(),
                hint: d.hint.clone(),
            })
            .collect();
        live.set_errors(errors);
    }
}
