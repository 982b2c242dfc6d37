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
//!   breadcrumbs, what its sidebar and previous/next links show of its
//!   folder's listing (the folder, how many pages it lists, the block of
//!   `render::MAX_NAV_ITEMS` entries the page falls in — each entry's
//!   title, URL and summary, in order — and the entries before and after
//!   it), and for a folder's landing page its own listing and its parent's,
//!   whole. Indices are never
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
use crate::render::MAX_NAV_ITEMS;
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

/// The prints of every folder's listing, worked out once per folder:
/// hashing a folder's listing for each of its pages would cost the square
/// of the folder's size.
pub(super) struct Listings(HashMap<String, Listing>);

/// What the pages of one folder show of its listing.
struct Listing {
    /// The whole listing ([`hash_listing`]): a landing page's children.
    whole: u64,
    /// What every sidebar of the folder shows whichever its block: the
    /// folder, its landing page and how many pages it lists ("and N more").
    head: u64,
    /// Each block of `MAX_NAV_ITEMS` listed pages: a page's sidebar shows
    /// the block it falls in (`render`'s section navigation).
    blocks: Vec<u64>,
    /// The reading sequence (landing page first, as `render` walks it).
    sequence: Vec<usize>,
    /// Where each page stands in `sequence`.
    position: HashMap<usize, usize>,
}

impl Listings {
    pub(super) fn new(tree: &PageTree) -> Self {
        Listings(
            tree.folders
                .keys()
                .map(|path| (path.clone(), Listing::new(tree, path)))
                .collect(),
        )
    }

    fn whole(&self, path: &str, h: &mut DefaultHasher) {
        self.0.get(path).map(|l| l.whole).hash(h);
    }

    /// What page `id`'s sidebar and previous/next links show of folder
    /// `path`'s listing: its head, the block the page falls in, and the
    /// pages before and after it. A title edit then re-renders the pages
    /// of one block, not the whole folder.
    fn navigation(&self, tree: &PageTree, path: &str, id: usize, h: &mut DefaultHasher) {
        let Some(listing) = self.0.get(path) else {
            "no folder".hash(h);
            return;
        };
        listing.head.hash(h);
        let pos = listing.position.get(&id).copied();
        // The same block rule as `render`: a page not in the sequence
        // shows the first block.
        let block = pos.map_or(0, |p| p.saturating_sub(1) / MAX_NAV_ITEMS);
        listing.blocks.get(block).hash(h);
        if let Some(pos) = pos {
            for near in [pos.checked_sub(1), Some(pos + 1)].into_iter().flatten() {
                match listing.sequence.get(near) {
                    Some(&p) => hash_entry(tree, p, h),
                    None => "none".hash(h),
                }
            }
        }
    }
}

impl Listing {
    fn new(tree: &PageTree, path: &str) -> Self {
        let mut whole = DefaultHasher::new();
        hash_listing(tree, path, &mut whole);
        let sequence = tree.reading_sequence(path);
        let listed = sequence.get(1..).unwrap_or_default();
        let mut head = DefaultHasher::new();
        if let Some(folder) = tree.folders.get(path) {
            hash_folder(tree, folder, &mut head);
            hash_entry(tree, folder.index, &mut head);
        }
        listed.len().hash(&mut head);
        let blocks = listed
            .chunks(MAX_NAV_ITEMS)
            .map(|block| {
                let mut h = DefaultHasher::new();
                for &p in block {
                    hash_entry(tree, p, &mut h);
                }
                h.finish()
            })
            .collect();
        let position = sequence.iter().enumerate().map(|(i, &p)| (p, i)).collect();
        Listing {
            whole: whole.finish(),
            head: head.finish(),
            blocks,
            sequence,
            position,
        }
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
    match tree.folder_of_index(id) {
        // A landing page lists its folder's children and its sidebar
        // walks its parent folder: both whole, as there are few of them.
        Some(folder) => {
            listings.whole(&entry.folder, &mut h);
            listings.whole(&folder.path, &mut h);
            if let Some(parent) = folder.parent.as_deref() {
                listings.whole(parent, &mut h);
            }
        }
        // Any other page shows its folder's listing in its sidebar and
        // previous/next links.
        None => listings.navigation(tree, &entry.folder, id, &mut h),
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
