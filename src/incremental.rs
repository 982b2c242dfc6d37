//! Incremental rebuilds for `waymark serve`.
//!
//! The serve loop keeps a `build::Session` between builds (this module sees
//! only its hash of every file written, `Session::files`). Each build still loads
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
//!   (`build::page_views`); a kind declared to read more of the tree
//!   ([`PageInputs::whole_tree`]) takes all of it;
//! - what the page's kind declares it reads ([`PageInputs`], from
//!   `build::page_kind::inputs`): its own source, for a Markdown page; every
//!   page's source, for pages made from other pages' text (versions,
//!   comparisons, change log, site pages, a site's merged pathway);
//! - the print of the templates it is drawn with.
//!
//! So editing a page's text re-renders that page and the generated pages;
//! renaming a heading or a title, or adding a page, re-renders the pages
//! that show it (its folder's sidebar, listings, pages linking to it).
//! Files are written aside as they are rendered and moved into place only
//! after the whole build succeeds ([`Pending`]), so a broken edit leaves the
//! served site as it was.

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::search::IndexedSection;

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
    pub records: std::sync::Arc<Vec<IndexedSection>>,
    /// Warnings the page gave when rendered (errors never reach the memo).
    pub diagnostics: Vec<Diagnostic>,
    /// Every link key the page's render looked up (`links::recording_lookups`):
    /// its fingerprint covers what they resolve to.
    pub link_keys: Vec<String>,
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

/// The print of one page's source (front matter and text). `waymark
/// serve` keeps each page's print with its last good build, so that a build
/// derived from it hashes only the pages that changed.
pub fn source_print(front: &str, body: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (front, body).hash(&mut h);
    h.finish()
}

/// The fingerprint of a Markdown page: the site shape and the print of its
/// own source ([`source_print`]).
pub fn markdown_fingerprint(shape: u64, source: Option<u64>) -> u64 {
    let mut h = DefaultHasher::new();
    shape.hash(&mut h);
    source.hash(&mut h);
    h.finish()
}

/// What a page reads besides the site shape and its templates, as its kind
/// declares it (`crate::build::page_kind::inputs`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageInputs {
    /// Its own Markdown source: an index into the page sources.
    pub own_source: Option<usize>,
    /// Every page's text (versions, the change log, site pages, a site's
    /// pathway merged over the national text).
    pub every_page_text: bool,
    /// More of the page tree and link index than its own view (its entry,
    /// breadcrumbs and the listing its sidebar walks, `build::page_views`):
    /// all of it, so any title, URL or page-set change re-renders it.
    pub whole_tree: bool,
    /// Every page's title, summary and URL (the A–Z), but neither the
    /// folders nor the link index: a heading edit leaves it alone.
    pub every_title: bool,
}

/// The fingerprint of every page of the tree, given the shape hash, what
/// each page reads and the print of every page source ([`source_print`]).
pub fn fingerprints(shape: u64, inputs: &[PageInputs], source_prints: &[u64]) -> Vec<u64> {
    let all = every_source_print(source_prints);
    inputs
        .iter()
        .map(|reads| fingerprint(shape, reads, source_prints, Some(all)).unwrap_or(shape))
        .collect()
}

/// The print of every page's source at once, for pages that read them all.
pub fn every_source_print(source_prints: &[u64]) -> u64 {
    let mut all = DefaultHasher::new();
    source_prints.hash(&mut all);
    all.finish()
}

/// One page's fingerprint; `all` is [`every_source_print`], and without it
/// a page that reads every page's text has none (`None`).
pub fn fingerprint(
    shape: u64,
    reads: &PageInputs,
    source_prints: &[u64],
    all: Option<u64>,
) -> Option<u64> {
    let own = match reads.own_source {
        Some(i) => markdown_fingerprint(shape, source_prints.get(i).copied()),
        None => shape,
    };
    if reads.every_page_text {
        all.map(|all| combine(own, all))
    } else {
        Some(own)
    }
}

/// Writes the files of `outputs` whose bytes changed, leaving every other
/// file of the site alone (the quick path re-renders a few pages only).
pub fn write_changed(
    out: &Path,
    outputs: BTreeMap<String, Vec<u8>>,
    files: &mut BTreeMap<String, u64>,
) -> io::Result<usize> {
    let items = hashed(&outputs);
    write_items(out, &items, files)
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

/// Writes the items whose hash `files` does not already have, in
/// parallel, and remembers every item's hash; returns how many it wrote.
fn write_items(
    out: &Path,
    items: &[(&str, &[u8], u64)],
    files: &mut BTreeMap<String, u64>,
) -> io::Result<usize> {
    let written = write_all(out, items, files)?;
    for (path, _, hash) in items {
        files.insert(path.to_string(), *hash);
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
        let Some(rel) = crate::names::slash_path(rel) else {
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
