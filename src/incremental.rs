//! Incremental rebuilds for `waymark serve`.
//!
//! The serve loop keeps a [`Session`] between builds. Each build still loads
//! and resolves the whole project (that is what makes the result equal to a
//! clean build: there is one build, not a second "incremental" code path that
//! could drift from it), but pages whose inputs have not changed are not
//! rendered again, and files whose bytes have not changed are not written.
//!
//! A page's inputs are summed up in a fingerprint:
//!
//! - the *site shape*, shared by every page: configuration, glossary, maps,
//!   forms, sites, today's date (not templates: each page adds the print of
//!   its own);
//! - what the page shows of the page tree (its entry, breadcrumbs, the
//!   listing its sidebar walks) and what the links it looked up resolve to
//!   (`build::page_views`); generated pages and others that may read any of
//!   the tree take all of it;
//! - its own source, for a Markdown page; every page's source, for generated
//!   pages (versions, comparisons, change log, site pages), which read many.
//!
//! So editing a page's text re-renders that page and the generated pages;
//! renaming a heading or a title, or adding a page, re-renders the pages
//! that show it (its folder's sidebar, listings, pages linking to it).
//! Files are written aside as they are rendered and moved into place only
//! after the whole build succeeds ([`Pending`]), so a broken edit leaves the
//! served site as it was.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::io;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::search::SearchSection;
use crate::tree::PageKind;

mod pending;
pub use pending::Pending;

/// What a previous build produced for one page.
#[derive(Debug, Clone)]
pub struct PageMemo {
    /// `None` when the page was rendered by the quick path without working
    /// out its full fingerprint: the next full build renders it again.
    pub fingerprint: Option<u64>,
    /// Shared, so that the serve loop can hand every page's records to
    /// the search thread without copying them.
    pub records: std::sync::Arc<Vec<SearchSection>>,
    /// Warnings the page gave when rendered (errors never reach the memo).
    pub diagnostics: Vec<Diagnostic>,
    /// Every link key the page's render looked up (`links::recording_lookups`):
    /// its fingerprint covers what they resolve to.
    pub link_keys: Vec<String>,
}

/// What `waymark serve` remembers between builds.
#[derive(Debug, Default)]
pub struct Session {
    /// By page URL.
    pub pages: HashMap<String, PageMemo>,
    /// Hash of the bytes of every file in the served folder, by path.
    pub files: BTreeMap<String, u64>,
    /// The last search index and a hash of the records it was built from.
    pub search: Option<(u64, Vec<crate::search::SearchFile>)>,
    /// The last good build, resolved, for the quick path (see
    /// `crate::build::rebuild_paths`).
    pub(crate) last_good: Option<crate::build::LastGood>,
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
}

/// Counts from one sync, for the serve log and the benchmark.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SyncCounts {
    pub rendered: usize,
    pub reused: usize,
    pub written: usize,
    pub removed: usize,
}

pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Hashes anything printable; used for the parts of the site shape that
/// have no `Hash` of their own. Debug output of these types is complete and
/// deterministic (ordered collections only).
pub fn hash_debug(h: &mut DefaultHasher, value: &dyn std::fmt::Debug) {
    format!("{value:?}").hash(h);
}

/// One fingerprint from two: a page's own, and what else it reads (every
/// page source, or the templates it is rendered with).
pub fn combine(print: u64, other: u64) -> u64 {
    let mut h = DefaultHasher::new();
    (print, other).hash(&mut h);
    h.finish()
}

/// The fingerprint of a Markdown page: the site shape and its own source.
pub fn markdown_fingerprint(shape: u64, source: Option<&(&str, &str)>) -> u64 {
    let mut h = DefaultHasher::new();
    shape.hash(&mut h);
    source.hash(&mut h);
    h.finish()
}

/// The fingerprint of every page of the tree, given the shape hash and the
/// sources. `reads_pages` says which generated pages read page sources
/// (versions, change log, site pages); the others (maps, forms, search)
/// depend on the shape alone. `merged` says which Markdown pages are
/// merged with others (a site's pathway, over the national text), so
/// depend on every source too.
pub fn fingerprints(
    shape: u64,
    kinds: &[PageKind],
    page_sources: &[(&str, &str)],
    reads_pages: &dyn Fn(&str) -> bool,
    merged: &dyn Fn(usize) -> bool,
) -> Vec<u64> {
    let mut all = DefaultHasher::new();
    page_sources.hash(&mut all);
    let all = all.finish();
    kinds
        .iter()
        .map(|kind| match kind {
            PageKind::Markdown(i) => {
                let own = markdown_fingerprint(shape, page_sources.get(*i));
                if merged(*i) {
                    combine(own, all)
                } else {
                    own
                }
            }
            PageKind::FolderIndex | PageKind::Glossary => shape,
            PageKind::Generated(template) => {
                let mut h = DefaultHasher::new();
                (shape, template).hash(&mut h);
                if reads_pages(template) {
                    combine(h.finish(), all)
                } else {
                    h.finish()
                }
            }
        })
        .collect()
}

/// Writes the files of `outputs` whose bytes changed, leaving every other
/// file of the site alone (the quick path re-renders a few pages only).
pub fn write_changed(
    out: &Path,
    outputs: BTreeMap<String, Vec<u8>>,
    session: &mut Session,
) -> io::Result<usize> {
    let items = hashed(&outputs);
    write_items(out, &items, session)
}

/// Each file with the hash of its bytes (in parallel: a template edit can
/// change every page).
fn hashed(outputs: &BTreeMap<String, Vec<u8>>) -> Vec<(&str, &[u8], u64)> {
    use rayon::prelude::*;
    outputs
        .par_iter()
        .map(|(path, bytes)| (path.as_str(), bytes.as_slice(), hash_bytes(bytes)))
        .collect()
}

/// Writes the items whose hash the session does not already have, in
/// parallel, and remembers every item's hash; returns how many it wrote.
fn write_items(
    out: &Path,
    items: &[(&str, &[u8], u64)],
    session: &mut Session,
) -> io::Result<usize> {
    let written = write_all(out, items, &session.files)?;
    for (path, _, hash) in items {
        session.files.insert(path.to_string(), *hash);
    }
    Ok(written)
}

fn write_all(
    out: &Path,
    items: &[(&str, &[u8], u64)],
    known: &BTreeMap<String, u64>,
) -> io::Result<usize> {
    use rayon::prelude::*;
    let written: Vec<bool> = items
        .par_iter()
        .map(|(path, bytes, hash)| write_if_changed(out, path, bytes, *hash, known))
        .collect::<io::Result<_>>()?;
    Ok(written.into_iter().filter(|w| *w).count())
}

/// Replaces one set of files (`previous`, such as the last search index)
/// with `files` (path, bytes, hash): writes those that changed and removes
/// those of `previous` no longer produced. Every other file is left alone.
pub fn replace_files(
    out: &Path,
    previous: &BTreeSet<String>,
    files: &[(&str, &[u8], u64)],
    session: &mut Session,
) -> io::Result<SyncCounts> {
    let produced: BTreeSet<&str> = files.iter().map(|(p, _, _)| *p).collect();
    let gone: BTreeMap<String, u64> = previous
        .iter()
        .filter(|p| !produced.contains(p.as_str()))
        .filter_map(|p| session.files.get(p).map(|h| (p.clone(), *h)))
        .collect();
    let removed = remove_missing(out, &gone, &|_| false)?;
    session.files.retain(|p, _| !gone.contains_key(p));
    let written = write_items(out, files, session)?;
    Ok(SyncCounts {
        written,
        removed,
        ..Default::default()
    })
}

/// Writes one file unless the session says it already holds these bytes.
fn write_if_changed(
    out: &Path,
    path: &str,
    bytes: &[u8],
    hash: u64,
    known: &BTreeMap<String, u64>,
) -> io::Result<bool> {
    let target = crate::output::site_path(out, path)?;
    if known.get(path) == Some(&hash) && target.is_file() {
        return Ok(false);
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    // Write beside and rename, so the server never sends half a file. The
    // temporary name keeps the whole file name: files written in parallel
    // that differ only in extension (`search.js`, `search.css`) must not
    // share one.
    let mut tmp_name = target.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".waymark-tmp");
    let tmp = target.with_file_name(tmp_name);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, &target)?;
    Ok(true)
}

/// Removes the files `known` to be in `out` that `keep` does not keep;
/// returns how many were removed.
fn remove_missing(
    out: &Path,
    known: &BTreeMap<String, u64>,
    keep: &dyn Fn(&str) -> bool,
) -> io::Result<usize> {
    let mut removed = 0;
    for path in known.keys().filter(|p| !keep(p)) {
        let target = crate::output::site_path(out, path)?;
        match std::fs::remove_file(&target) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        remove_empty_parents(out, &target);
    }
    Ok(removed)
}

fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out || !d.starts_with(out) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Every file under `dir`, by path relative to it (for a session started
/// on an existing output folder).
pub fn scan(dir: &Path) -> BTreeMap<String, u64> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        // Only names Waymark could have written: anything else in the
        // folder is not ours to track (or remove).
        let Some(rel) = crate::content::names::slash_path(rel) else {
            continue;
        };
        if rel == crate::output::MARKER {
            continue;
        }
        if let Ok(bytes) = std::fs::read(entry.path()) {
            files.insert(rel, hash_bytes(&bytes));
        }
    }
    files
}
