//! The build, as a flat list of timed steps:
//! config → theme → load → resolve → render and write → commit.
//!
//! This file is the orchestration (`build`, and `rebuild` for `waymark
//! serve`); `resolve` gathers and checks everything before rendering, and
//! `pages` renders each page from what was resolved.
//!
//! Each step is a call into the module that owns that concern; this file only
//! sequences them, collects diagnostics and times them. `waymark check` runs
//! the same steps without writing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{SiteConfig, CONFIG_FILE};
use crate::content::{self, Content};
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::embeds::PageResolver;
use crate::forms::pages as form_pages;
use crate::forms::Form;
use crate::glossary_page::glossary_context;
use crate::incremental::{self, PageMemo, SyncCounts};
use crate::links::{LinkIndex, PageLinks};
use crate::maps::pages as map_pages;
use crate::maps::MapFile;
use crate::markdown::{self, highlight::Highlighter, Heading, LinkResolver};
use crate::output::Staging;
use crate::publish;
use crate::render::{PageBody, RenderEnv};
use crate::search::{self, IndexedSection};
use crate::site_search;
use crate::sites::pages::{self as site_pages, SiteContext};
use crate::sites::variations::{self, SiteVariation};
use crate::theme::Theme;
use crate::tree::{PageEntry, PageKind, PageTree, PlannedPage};
use crate::versions::changes;
use crate::versions::pages::{self as version_pages, GenContext};
use crate::versions::yaml_docs::{self, YamlDocs, YamlKind};
use crate::versions::yaml_pages;
use crate::versions::Documents;

mod not_found;
mod page_kind;
mod page_views;
mod pages;
mod quick;
mod resolve;
mod session;
mod site_links;

use pages::render_all;
pub(crate) use resolve::{load, resolve_versions, Versions};
use resolve::{load_with_theme, resolve};

pub use pages::{SearchBuilt, SearchJob};
pub use quick::{apply_search, rebuild_paths, search_job, update_search};
pub use session::{rebuild, Session};
use session::{render_and_sync, LastGood, Next};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `None` means `<root>/public`.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    /// False for `waymark check`: every validation, nothing written.
    pub write: bool,
    /// Also write the offline ZIP, whatever `site.yaml` says (`--zip`).
    pub zip: bool,
}

#[derive(Debug, Default)]
pub struct BuildReport {
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub files: usize,
    pub timings: Vec<(&'static str, Duration)>,
    pub out: PathBuf,
}

impl BuildReport {
    pub fn succeeded(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// Everything resolved before rendering starts. Nothing changes it once
/// made: `waymark serve`'s quick path makes the next build's `Resolved` as a
/// new value from the last one (`quick`), so the parts an edit to pages
/// cannot change are shared (`Arc`), as is each page's source and headings.
#[derive(Clone)]
pub(crate) struct Resolved {
    config: Arc<SiteConfig>,
    theme: Arc<Theme>,
    content: Content,
    tree: Arc<PageTree>,
    /// Headings of each tree page (empty for pages without Markdown).
    headings: Vec<Arc<Vec<Heading>>>,
    /// Raw-HTML ids of each content page (`markdown::raw_html::ids` of its
    /// text), anchors beside its headings; kept so a build made from this
    /// one scans only the pages that changed.
    raw_ids: Vec<Vec<String>>,
    /// Checked process maps, by id: the project's own, then each version
    /// of a versioned map (see `resolve::map_list`).
    maps: Arc<Vec<map_pages::SiteMap>>,
    /// The forms published: the project's own, then each version of a
    /// versioned form (see `resolve::form_list`).
    forms: Arc<Vec<Form>>,
    /// Versioned maps and forms.
    yaml_docs: Arc<YamlDocs>,
    /// Sites' pathway variations, merged with the national document.
    variations: Arc<Vec<SiteVariation>>,
    documents: Arc<Documents>,
    /// Major changes sites must confirm (documents, maps and forms).
    tracked: Arc<Vec<crate::versions::embedding::Tracked>>,
    links: Arc<LinkIndex>,
    /// What the steps that read the page tree reported (output collisions,
    /// the link index, header navigation; `resolve::tree_steps`), also in
    /// the build's diagnostics: the quick path derives a new tree and keeps
    /// it only when these steps report the same over it.
    tree_diagnostics: Vec<Diagnostic>,
    header_nav: Vec<(String, String)>,
    /// The about page every footer links to (`site.yaml`'s `about`).
    about_url: Option<String>,
    /// "Today" for review, overdue and past-due states, read once when the
    /// build starts, so a build that runs across midnight agrees with itself.
    today: Date,
}

impl Resolved {
    /// Content page `page`'s text as every stage reads it: a site
    /// pathway's text merged over the national document
    /// (`variations::page_text`), any other page's as loaded.
    fn page_text(&self, page: usize) -> &str {
        variations::page_text(&self.content, &self.variations, page)
    }

    /// The next build of a `waymark serve` session after pages changed:
    /// these pages' content, tree, headings, links and header navigation
    /// (and documents and pathways, whose page indices may move), sharing
    /// everything else with `self`.
    fn with_pages(&self, pages: PagesResolved) -> Resolved {
        Resolved {
            config: self.config.clone(),
            theme: self.theme.clone(),
            content: pages.content,
            tree: pages.tree,
            headings: pages.headings,
            raw_ids: pages.raw_ids,
            maps: self.maps.clone(),
            forms: self.forms.clone(),
            yaml_docs: self.yaml_docs.clone(),
            variations: pages.variations,
            documents: pages.documents,
            tracked: self.tracked.clone(),
            links: pages.links,
            tree_diagnostics: pages.tree_diagnostics,
            header_nav: pages.header_nav,
            about_url: pages.about_url,
            today: self.today,
        }
    }
}

/// The parts of a [`Resolved`] build that an edit to Markdown pages changes.
struct PagesResolved {
    content: Content,
    /// The same as the last build's, unless pages came or went before
    /// theirs (they name pages by index).
    documents: Arc<Documents>,
    variations: Arc<Vec<SiteVariation>>,
    tree: Arc<PageTree>,
    headings: Vec<Arc<Vec<Heading>>>,
    raw_ids: Vec<Vec<String>>,
    links: Arc<LinkIndex>,
    tree_diagnostics: Vec<Diagnostic>,
    header_nav: Vec<(String, String)>,
    about_url: Option<String>,
}

pub fn build(options: &BuildOptions) -> BuildReport {
    let (mut report, mut diags, resolved) = begin(options);
    let Some(resolved) = resolved else {
        report.diagnostics = diags.sorted();
        return report;
    };
    // With errors already, still render (writing nothing) so that every
    // problem of the build, link errors included, is reported in one run.
    let already_failed = diags.has_errors();

    let staging = if options.write && !already_failed {
        match prepare_output(&options.root, &report.out).and_then(|()| Staging::new(&report.out)) {
            Ok(s) => Some(s),
            Err(message) => {
                diags.push(output_error(&report.out, message));
                report.diagnostics = diags.sorted();
                return report;
            }
        }
    } else {
        None
    };

    let files = AtomicUsize::new(0);
    let claims = OutputClaims::default();
    // Every file's hash, for the manifest and the offline worker.
    let hashes = std::sync::Mutex::new(publish::Files::new());
    let write = |rel: &str, bytes: &[u8]| -> Option<Diagnostic> {
        // After resolve's errors nothing is written, and its collision
        // check has already named the files: no follow-on message.
        if already_failed {
            return None;
        }
        if let Some(clash) = claims.claim(rel, &report.out) {
            return Some(clash);
        }
        let staging = staging.as_ref()?;
        files.fetch_add(1, Ordering::Relaxed);
        let hash = publish::FileHash::of(bytes);
        if let Ok(mut h) = hashes.lock() {
            h.insert(rel.to_string(), hash);
        }
        staging
            .write(rel, bytes)
            .err()
            .map(|e| output_error(&report.out, format!("cannot write {rel}: {e}")))
    };
    produce(
        options,
        &resolved,
        &Highlighter::new(),
        &write,
        None,
        &mut report.timings,
        &mut diags,
    );
    report.pages = resolved.tree.pages.len();

    if let Some(staging) = staging {
        if diags.has_errors() {
            drop(staging); // the previous output stays untouched
        } else {
            report.files = files.load(Ordering::Relaxed);
            let hashes = hashes.into_inner().unwrap_or_default();
            let finished = timed(
                &mut report.timings,
                "manifest, offline worker and ZIP",
                || publish::finish(&staging, hashes, &resolved.config, resolved.today),
            );
            match finished {
                Ok(f) => report.files += f.files,
                Err(message) => {
                    diags.push(output_error(&report.out, message));
                    report.diagnostics = diags.sorted();
                    return report;
                }
            }
            let committed = timed(&mut report.timings, "swap output into place", || {
                staging.commit()
            });
            if let Err(e) = committed {
                diags.push(output_error(
                    &report.out,
                    format!("cannot move the new site into place: {e}"),
                ));
            }
        }
    }
    report.diagnostics = diags.sorted();
    report
}

/// The first step of every build: a report for the output folder, and the
/// project loaded and resolved (`None` when it cannot even be read).
fn begin(options: &BuildOptions) -> (BuildReport, Diagnostics, Option<Resolved>) {
    let mut report = BuildReport {
        out: output_dir(options),
        ..Default::default()
    };
    let mut diags = Diagnostics::new();
    let loaded = timed(&mut report.timings, "load", || {
        load_with_theme(options, &mut diags)
    });
    let resolved = loaded.map(|(loaded, theme)| {
        timed(&mut report.timings, "resolve", || {
            resolve(loaded, theme, options, &mut diags)
        })
    });
    (report, diags, resolved)
}

fn output_dir(options: &BuildOptions) -> PathBuf {
    options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join("public"))
}

/// Every output path written by one build. Resolve already refuses
/// sources that would clash with a generated file; this catches any clash
/// it does not know of (a new kind of generated file, say), so no file of
/// one build is ever silently replaced by another of the same build.
#[derive(Default)]
struct OutputClaims(std::sync::Mutex<std::collections::HashSet<String>>);

impl OutputClaims {
    /// Claims `rel`; an error if it was already written by this build.
    fn claim(&self, rel: &str, out: &Path) -> Option<Diagnostic> {
        let mut claimed = self.0.lock().unwrap_or_else(|e| e.into_inner());
        (!claimed.insert(rel.to_string())).then(|| {
            output_error(
                out,
                format!("two parts of the build would both write {rel}; nothing was written"),
            )
        })
    }
}

fn output_error(out: &Path, message: String) -> Diagnostic {
    Diagnostic::error(out.display().to_string(), Position::new(1, 1), message)
}

/// Refuses an output folder that would swallow the project.
pub fn prepare_output(root: &Path, out: &Path) -> Result<(), String> {
    match unsafe_output(root, out) {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
}

/// What rendering produced besides the files.
struct Produced {
    /// Pages rendered this time, with what to remember of them.
    fresh: Vec<(String, PageMemo)>,
    /// Files of pages reused from the memo (not rewritten).
    kept: BTreeSet<String>,
    /// Every page URL of this build.
    urls: BTreeSet<String>,
    /// The site-wide hashes, when fingerprints were worked out.
    shape: Option<page_views::SitePrints>,
    /// The print of each page's source, when fingerprints were worked out.
    source_prints: Vec<u64>,
    /// The search index was left as it was, to be built after the reload.
    search_deferred: bool,
    /// The files of that index, still part of the site meanwhile.
    search_kept: BTreeSet<String>,
    /// Pages left for the search thread to render, with their fingerprints
    /// (`pages::render_all`); their files stay meanwhile.
    deferred: Vec<(String, u64)>,
}

/// A build under `waymark serve`, as [`produce`] sees it.
struct Serving<'a> {
    session: &'a mut Session,
    /// Source prints already known, by content index (see [`Next`]).
    known_prints: &'a [Option<u64>],
    /// Forget, before rendering, the memo of each page about to be
    /// rendered again. Only for a full rebuild, whose failure sends the next
    /// build down the full path too: a template edit renders every page, and
    /// holding every page's old search records beside the new ones was a
    /// second copy of them at serve's peak memory.
    forget_rendered: bool,
}

/// Renders pages, the search index and assets through `write`.
fn produce(
    options: &BuildOptions,
    resolved: &Resolved,
    highlighter: &Highlighter,
    write: &(dyn Fn(&str, &[u8]) -> Option<Diagnostic> + Sync),
    serving: Option<Serving>,
    timings: &mut Vec<(&'static str, Duration)>,
    diags: &mut Diagnostics,
) -> Produced {
    let fingerprints = serving.as_ref().map(|s| {
        timed(timings, "page fingerprints", || {
            pages::page_fingerprints(resolved, s.known_prints)
        })
    });
    // A serve session keeps one vocabulary for all its builds' records.
    let vocabulary = serving
        .as_ref()
        .map(|s| s.session.vocabulary.clone())
        .unwrap_or_default();
    let session = serving.map(|s| {
        if let (true, Some(prints)) = (s.forget_rendered, &fingerprints) {
            pages::forget_rendered(resolved, prints, &mut s.session.pages);
        }
        s.session
    });
    let (memo, search_cache) = match session {
        Some(s) => (Some(&s.pages), Some(&mut s.search)),
        None => (None, None),
    };
    let serve = memo.zip(fingerprints.as_ref());
    // With an index already written, this build's is made on the search
    // thread, which can render the A–Z too.
    let defer = matches!(search_cache, Some(Some(_)));
    let (render_diags, records, mut produced) = timed(timings, "render and write pages", || {
        render_all(resolved, highlighter, &vocabulary, write, serve, defer)
    });
    produced.source_prints = fingerprints.map(|f| f.sources).unwrap_or_default();
    diags.extend(render_diags);
    match search_cache {
        // Under `waymark serve`, once there is an index, a rebuild leaves it
        // in place and the serve loop builds the new one on its thread
        // (`search_job`), as after a quick rebuild: the reload never waits
        // for the index of every page.
        Some(Some((_, paths))) => {
            produced.search_kept = paths.iter().cloned().collect();
            produced.search_deferred = true;
        }
        // A build writes each file of the index as it is made, and so does
        // a serve session's first build, which keeps only their paths.
        search_cache => {
            let mut job = SearchJob::new(resolved, records, &vocabulary);
            if search_cache.is_some() {
                // Serve's first build: what rendering freed goes back
                // before the index is made beside what the session keeps.
                crate::memory::release_free();
                job = job.sparing_memory();
            }
            let problems = std::sync::Mutex::new(Vec::new());
            let paths = std::sync::Mutex::new(Vec::new());
            let keep_paths = search_cache.is_some();
            timed(timings, "search index, built and written", || {
                job.write(&|file| {
                    if keep_paths {
                        lock(&paths).push(file.path.clone());
                    }
                    if let Some(problem) = write(&file.path, &file.contents) {
                        lock(&problems).push(problem);
                    }
                })
            });
            diags.extend(problems.into_inner().unwrap_or_else(|e| e.into_inner()));
            // The files' paths are kept for the rebuilds that follow.
            if let Some(cache) = search_cache {
                let mut paths = paths.into_inner().unwrap_or_else(|e| e.into_inner());
                paths.sort();
                *cache = Some((job.key(), paths));
            }
        }
    }
    timed(timings, "copy assets", || {
        for (name, bytes) in &resolved.theme.static_files {
            diags.extend(write(&format!("assets/{name}"), bytes));
        }
        for asset in &resolved.content.assets {
            let path = options.root.join(content::CONTENT_DIR).join(asset);
            match std::fs::read(&path) {
                Ok(bytes) => diags.extend(write(asset, &bytes)),
                Err(e) => diags.push(Diagnostic::error(
                    format!("content/{asset}"),
                    Position::new(1, 1),
                    format!("cannot read: {e}"),
                )),
            }
        }
    });
    produced
}

/// A poisoned lock only means another writer panicked; the list is whole.
fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn timed<T>(
    timings: &mut Vec<(&'static str, Duration)>,
    name: &'static str,
    step: impl FnOnce() -> T,
) -> T {
    let start = Instant::now();
    let value = step();
    timings.push((name, start.elapsed()));
    value
}

/// Output folders that would destroy the project if replaced.
fn unsafe_output(root: &Path, out: &Path) -> Option<String> {
    let root = root.canonicalize().ok()?;
    let out_abs = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(out)
    };
    let out_abs = out_abs.canonicalize().unwrap_or(out_abs);
    if root.starts_with(&out_abs) {
        return Some(
            "the output folder contains the project itself; choose a folder such as public/".into(),
        );
    }
    for protected in ["content", "themes", "src", ".git"] {
        if out_abs.starts_with(root.join(protected)) {
            return Some(format!(
                "the output folder is inside {protected}/; choose a folder such as public/"
            ));
        }
    }
    None
}
