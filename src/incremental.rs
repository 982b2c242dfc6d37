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
//! - the *site shape*, shared by every page: configuration, theme, the page
//!   tree (titles, URLs, order: navigation and listings), the link index
//!   (every target and anchor), glossary, maps, forms, sites, today's date;
//! - its own source, for a Markdown page; every page's source, for generated
//!   pages (versions, comparisons, change log, site pages), which read many.
//!
//! So editing a page's text re-renders that page and the generated pages;
//! renaming a heading or a title changes the shape and re-renders all (its
//! anchors and its place in navigation are everywhere). Output is written
//! only after the whole build succeeds, so a broken edit leaves the served
//! site as it was.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::io;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::search::SearchSection;
use crate::tree::PageKind;

/// What a previous build produced for one page.
#[derive(Debug, Clone)]
pub struct PageMemo {
    pub fingerprint: u64,
    pub records: Vec<SearchSection>,
    /// Warnings the page gave when rendered (errors never reach the memo).
    pub diagnostics: Vec<Diagnostic>,
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

/// The fingerprint of every page of the tree, given the shape hash and the
/// sources. `reads_pages` says which generated pages read page sources
/// (versions, change log, site pages); the others (maps, forms, search)
/// depend on the shape alone.
pub fn fingerprints(
    shape: u64,
    kinds: &[PageKind],
    page_sources: &[(&str, &str)],
    reads_pages: &dyn Fn(&str) -> bool,
) -> Vec<u64> {
    let mut all = DefaultHasher::new();
    page_sources.hash(&mut all);
    let all = all.finish();
    kinds
        .iter()
        .map(|kind| {
            let mut h = DefaultHasher::new();
            shape.hash(&mut h);
            match kind {
                PageKind::Markdown(i) => page_sources.get(*i).hash(&mut h),
                PageKind::FolderIndex | PageKind::Glossary => {}
                PageKind::Generated(template) if reads_pages(template) => {
                    (template, all).hash(&mut h)
                }
                PageKind::Generated(template) => template.hash(&mut h),
            }
            h.finish()
        })
        .collect()
}

/// Writes the files that changed into `out`, removes the ones no longer
/// produced, and remembers what is there. `kept` are files of reused pages:
/// unchanged, so not in `outputs`, but still part of the site.
pub fn sync(
    out: &Path,
    outputs: BTreeMap<String, Vec<u8>>,
    kept: &BTreeSet<String>,
    session: &mut Session,
) -> io::Result<SyncCounts> {
    let mut counts = SyncCounts::default();
    let mut now: BTreeMap<String, u64> = BTreeMap::new();
    for (path, bytes) in &outputs {
        let hash = hash_bytes(bytes);
        let target = out.join(path);
        if session.files.get(path) != Some(&hash) || !target.is_file() {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            // Write beside and rename, so the server never sends half a file.
            let tmp = target.with_extension("waymark-tmp");
            std::fs::write(&tmp, bytes)?;
            std::fs::rename(&tmp, &target)?;
            counts.written += 1;
        }
        now.insert(path.clone(), hash);
    }
    for path in kept {
        if let Some(hash) = session.files.get(path) {
            now.entry(path.clone()).or_insert(*hash);
        }
    }
    for path in session.files.keys().filter(|p| !now.contains_key(*p)) {
        let target = out.join(path);
        match std::fs::remove_file(&target) {
            Ok(()) => counts.removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        remove_empty_parents(out, &target);
    }
    session.files = now;
    Ok(counts)
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
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel == crate::output::MARKER {
            continue;
        }
        if let Ok(bytes) = std::fs::read(entry.path()) {
            files.insert(rel, hash_bytes(&bytes));
        }
    }
    files
}
