//! What each page shows of the rest of the site, as a hash, so that
//! `waymark serve` re-renders after a title, heading or page-set change only
//! the pages that show what changed.
//!
//! A page's fingerprint (see `crate::incremental`) used to start from one
//! site-wide shape holding the whole page tree and link index: a new page or
//! a retitled one changed it, and every page was rendered again (40 s for a
//! new page at 10,000 pages). Now the shape leaves the tree and the links
//! out, and each page adds:
//!
//! - its **view** ([`view_print`]): its own entry, the folders of its
//!   breadcrumbs, the listing its sidebar and previous/next walk (every
//!   entry's title, URL and summary, in order, and each sub-folder's count),
//!   and for a folder's landing page its own listing. Indices are never
//!   hashed, only what they point at: adding a page shifts indices without
//!   changing what other pages show.
//! - its **links** (`LinkIndex::lookups_print` over the keys its render
//!   looked up, recorded by `links::recording_lookups` and kept in the
//!   page's memo): the URL and anchors of each page it links to.
//!
//! Pages whose kind declares that they read more of the tree than that
//! (`PageInputs::whole_tree`: generated pages such as the A–Z page, versions
//! and site pages, the glossary, training pages with their learning path,
//! sites' pathways) take the whole tree and link index
//! ([`whole_site_print`]) as before.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::page_kind;
use super::*;
use crate::tree::Child;

/// A hash of the whole page tree and link index, for the pages that may
/// read any of it.
pub(super) fn whole_site_print(resolved: &Resolved) -> u64 {
    // Hashed, not printed: printing 10,000 entries and link targets to hash
    // the text cost tens of milliseconds of every structural edit.
    let mut h = DefaultHasher::new();
    resolved.tree.hash(&mut h);
    resolved.links.hash(&mut h);
    h.finish()
}

/// The print of every folder's listing ([`hash_listing`]), worked out once
/// per folder: hashing a folder's listing for each of its pages would cost
/// the square of the folder's size.
pub(super) struct Listings(HashMap<String, u64>);

impl Listings {
    pub(super) fn new(tree: &PageTree) -> Self {
        Listings(
            tree.folders
                .keys()
                .map(|path| {
                    let mut h = DefaultHasher::new();
                    hash_listing(tree, path, &mut h);
                    (path.clone(), h.finish())
                })
                .collect(),
        )
    }

    fn hash(&self, path: &str, h: &mut DefaultHasher) {
        self.0.get(path).hash(h);
    }
}

/// A hash of what page `id` shows of the page tree (see the module docs);
/// `whole` is [`whole_site_print`], taken by pages that may read more.
pub(super) fn view_print(resolved: &Resolved, listings: &Listings, id: usize, whole: u64) -> u64 {
    let tree = &resolved.tree;
    let entry = &tree.pages[id];
    let mut h = DefaultHasher::new();
    if !reads_only_its_view(resolved, id) {
        whole.hash(&mut h);
    }
    hash_entry(tree, id, &mut h);
    for folder in tree.ancestors(id) {
        hash_folder(tree, folder, &mut h);
    }
    // The listing of its own folder: the sidebar, previous and next of a
    // page, the children of a landing page.
    listings.hash(&entry.folder, &mut h);
    // A landing page's sidebar walks its parent folder.
    if let Some(parent) = tree.folder_of_index(id).and_then(|f| f.parent.as_deref()) {
        listings.hash(parent, &mut h);
    }
    h.finish()
}

/// Whether everything page `id` reads of the tree is in [`view_print`], as
/// its kind declares (`page_kind::inputs`): guidance pages and folder
/// listings.
fn reads_only_its_view(resolved: &Resolved, id: usize) -> bool {
    !page_kind::inputs(resolved, resolved.tree.pages[id].kind).whole_tree
}

/// A page's entry, without the indices that shift when pages come and go.
fn hash_entry(tree: &PageTree, id: usize, h: &mut DefaultHasher) {
    let e = &tree.pages[id];
    // The kind without its ids (indices shift as pages come and go).
    let kind = std::mem::discriminant(&e.kind);
    (&e.url, &e.title, &e.summary, &e.folder, kind, e.order).hash(h);
}

fn hash_folder(tree: &PageTree, folder: &crate::tree::Folder, h: &mut DefaultHasher) {
    (
        &folder.path,
        &folder.title,
        &folder.summary,
        &folder.parent,
        &tree.pages[folder.index].url,
        folder.children.len(),
    )
        .hash(h);
}

/// A folder and every entry of its reading order.
fn hash_listing(tree: &PageTree, path: &str, h: &mut DefaultHasher) {
    let Some(folder) = tree.folders.get(path) else {
        "no folder".hash(h);
        return;
    };
    hash_folder(tree, folder, h);
    hash_entry(tree, folder.index, h);
    for child in &folder.children {
        match child {
            Child::Page(p) => hash_entry(tree, *p, h),
            Child::Folder(sub) => match tree.folders.get(sub) {
                Some(f) => {
                    hash_folder(tree, f, h);
                    hash_entry(tree, f.index, h);
                }
                None => sub.hash(h),
            },
        }
    }
}

/// The site-wide hashes of one build that page fingerprints start from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SitePrints {
    /// Everything every page reads, except the tree and the link index.
    pub(super) shape: u64,
    /// [`whole_site_print`].
    pub(super) whole: u64,
}
