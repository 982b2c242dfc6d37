//! What `waymark serve` keeps between builds — each page's memo, the hash of
//! every file written, the last search index and the last good build for the
//! quick paths — and the serve builds that keep it: [`rebuild`] (in full) and
//! [`render_and_sync`], which every serve build that renders pages ends in.
//! It lives with the build, whose state it holds; `incremental` only reads
//! and updates its file hashes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::*;
use crate::incremental::PageMemo;

/// What `waymark serve` remembers between builds.
#[derive(Debug, Default)]
pub struct Session {
    /// By page URL.
    pub pages: HashMap<String, PageMemo>,
    /// Hash of the bytes of every file in the served folder, by path.
    pub files: BTreeMap<String, u64>,
    /// The last search index: a hash of the records it was built from and
    /// the paths of its files. Their contents are on disk and never read
    /// back, so they are not held (at 10,000 pages they were tens of MB).
    pub search: Option<(u64, Vec<String>)>,
    /// The last good build, resolved, for the quick path (see
    /// `crate::build::rebuild_paths`).
    pub(crate) last_good: Option<LastGood>,
    /// Set when the files on disk may differ from `last_good` in ways the
    /// quick path cannot tell (a full build failed): the next build is full.
    pub(crate) needs_full: bool,
    /// Page files edited since the last good build whose edit failed: the
    /// quick path reads them again with the next batch.
    pub(crate) unsettled: BTreeSet<std::path::PathBuf>,
    /// The quick path has updated pages but not yet the search index.
    pub(crate) search_pending: bool,
    /// Bumped whenever pages' search records change, so that an index built
    /// on another thread from older records is not written.
    pub(crate) search_generation: u64,
    /// The term ids of every page's remembered search records: one
    /// vocabulary for all the session's builds, so records kept from an
    /// earlier build go into the next index beside new ones.
    pub(crate) vocabulary: crate::search::Vocabulary,
    /// Pages the last build left for the search thread to render (URL and
    /// fingerprint before links: `pages::render_all`), until written.
    pub(crate) deferred: Vec<(String, u64)>,
    /// Stops the index being built on another thread, if any
    /// (`SearchJob::canceller`): a full rebuild sets it before loading.
    pub(crate) search_cancel: Option<Arc<std::sync::atomic::AtomicBool>>,
}

impl Session {
    /// Stops the index being built on another thread, if any. Every
    /// rebuild calls this first: the index is stale once the rebuild
    /// succeeds (`apply_search` drops it), and until it notices it holds
    /// every page's records and its postings beside the rebuild's, and
    /// takes a core. Should the rebuild fail, `apply_search` asks for the
    /// index again.
    pub(crate) fn stop_search(&mut self) {
        if let Some(cancel) = self.search_cancel.take() {
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

/// A build for `waymark serve`: the same steps, but pages whose inputs are
/// unchanged since the last build are not rendered again, and the output
/// folder is updated in place, file by file, only when the whole build
/// succeeded (see `crate::incremental`).
pub fn rebuild(options: &BuildOptions, session: &mut Session) -> (BuildReport, SyncCounts) {
    // Until this build succeeds, the files may differ from the last good
    // build in any way: only a full build can tell. So the last good build
    // is of no more use, and is dropped before the project is read again
    // (holding both was a second copy of the whole site in memory).
    session.needs_full = true;
    session.last_good = None;
    session.stop_search();
    let (report, diags, resolved) = begin(options);
    let Some(resolved) = resolved else {
        let mut report = report;
        report.diagnostics = diags.sorted();
        return (report, SyncCounts::default());
    };
    let resolve_warnings: Vec<Diagnostic> = diags.iter().cloned().collect();
    // Kept with the build for the quick path, syntaxes loaded.
    let highlighter = Arc::new(Highlighter::new());
    let (report, counts, _) = render_and_sync(
        options,
        session,
        Next {
            resolved,
            resolve_warnings,
            highlighter,
            known_prints: Vec::new(),
        },
        report,
        diags,
    );
    (report, counts)
}

/// A resolved build for `waymark serve` to render, with what the session
/// keeps of it when it succeeds.
pub(super) struct Next {
    pub(super) resolved: Resolved,
    /// Warnings of loading and resolving (already in the build's
    /// diagnostics), reported again with every quick build.
    pub(super) resolve_warnings: Vec<Diagnostic>,
    pub(super) highlighter: Arc<Highlighter>,
    /// The print of each page's source where already known (by content
    /// index), from the build this one was made from.
    pub(super) known_prints: Vec<Option<u64>>,
}

/// Renders a resolved build under `waymark serve`: pages whose fingerprint
/// is unchanged are reused, changed files go to disk aside as they come and
/// are moved into place only when the whole build succeeded; then the build
/// becomes the session's last good one. On failure the session's files and
/// last good build are left as they were (a full rebuild has already let the
/// last good build go, and forgets the memos of the pages it renders again).
/// The last value says whether the files were updated.
pub(super) fn render_and_sync(
    options: &BuildOptions,
    session: &mut Session,
    next: Next,
    mut report: BuildReport,
    mut diags: Diagnostics,
) -> (BuildReport, SyncCounts, bool) {
    let Next {
        resolved,
        resolve_warnings,
        highlighter,
        known_prints,
    } = next;
    // A full rebuild has already let the last good build go.
    let full = session.last_good.is_none();
    // Files go to disk as they are rendered (beside the served folder until
    // the build succeeds), so the rebuild holds hashes, not every file.
    let pending = match incremental::Pending::new(&report.out, &session.files) {
        Ok(p) => p,
        Err(e) => {
            diags.push(output_error(
                &report.out,
                format!("cannot prepare the site's update: {e}"),
            ));
            report.diagnostics = diags.sorted();
            return (report, SyncCounts::default(), false);
        }
    };
    let claims = OutputClaims::default();
    let already_failed = diags.has_errors();
    let write = |rel: &str, bytes: &[u8]| -> Option<Diagnostic> {
        if already_failed {
            return None;
        }
        if let Some(clash) = claims.claim(rel, &report.out) {
            return Some(clash);
        }
        pending
            .put(rel, bytes)
            .err()
            .map(|e| output_error(&report.out, format!("cannot write {rel}: {e}")))
    };
    let outcome = produce(
        options,
        &resolved,
        &highlighter,
        &write,
        Some(Serving {
            session: &mut *session,
            known_prints: &known_prints,
            forget_rendered: full,
        }),
        &mut report.timings,
        &mut diags,
    );
    report.pages = resolved.tree.pages.len();
    let mut counts = SyncCounts {
        rendered: outcome.fresh.len(),
        reused: outcome.kept.len(),
        ..Default::default()
    };
    let mut synced_ok = false;
    if !diags.has_errors() {
        let mut kept = outcome.kept;
        kept.extend(outcome.search_kept);
        report.files = pending.len() + kept.len();
        let synced = timed(&mut report.timings, "update changed files", || {
            pending.commit(&kept, &mut session.files)
        });
        match synced {
            Ok(c) => {
                synced_ok = true;
                counts.written = c.written;
                counts.removed = c.removed;
                session.pages.retain(|url, _| outcome.urls.contains(url));
                session.pages.extend(outcome.fresh);
                if let Some(shape) = outcome.shape {
                    session.last_good = Some(LastGood {
                        out: report.out.clone(),
                        resolved: Arc::new(resolved),
                        resolve_warnings,
                        shape,
                        source_prints: outcome.source_prints,
                        highlighter,
                    });
                    session.needs_full = false;
                    session.unsettled.clear();
                    session.search_pending = outcome.search_deferred;
                    session.search_generation += 1;
                    session.deferred = outcome.deferred;
                }
            }
            Err(e) => {
                // Some files may be new and some old: only a full build can
                // put the folder right.
                session.needs_full = true;
                session.last_good = None;
                diags.push(output_error(
                    &report.out,
                    format!("cannot update the site: {e}"),
                ))
            }
        }
    }
    report.diagnostics = diags.sorted();
    (report, counts, synced_ok)
}

/// The last good build of a `waymark serve` session, kept whole so that an
/// edit to a page's text re-renders that page without loading the project
/// again (see `quick`).
pub(crate) struct LastGood {
    /// The served folder (the search index is written beside it).
    pub(super) out: PathBuf,
    /// Shared with the search thread's deferred pages (`search_job`), which
    /// would otherwise copy it for every index.
    pub(super) resolved: Arc<Resolved>,
    /// Warnings of loading and resolving, reported again with every build.
    pub(super) resolve_warnings: Vec<Diagnostic>,
    /// The site-wide hashes page fingerprints start from.
    pub(super) shape: page_views::SitePrints,
    /// The print of each page's source, in content order
    /// (`incremental::source_print`).
    pub(super) source_prints: Vec<u64>,
    /// Kept for its loaded syntax definitions (shared with the next build
    /// the quick path makes).
    pub(super) highlighter: Arc<Highlighter>,
}

impl std::fmt::Debug for LastGood {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LastGood")
            .field("pages", &self.resolved.tree.pages.len())
            .field("shape", &self.shape)
            .field("today", &self.resolved.today)
            .finish_non_exhaustive()
    }
}
