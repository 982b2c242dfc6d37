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
//!   folder's listing (the folder, whether it lists more than the block,
//!   the block the page falls in by the one block rule,
//!   `tree::nav_block_starts` — each entry's title, URL and summary, in
//!   order — and the entries before and after it), and for a folder's
//!   landing page its own listing and its parent's, whole. Indices are
//!   never hashed, only what they point at: adding a page shifts indices
//!   without changing what other pages show, and blocks are cut where
//!   entries' URLs say, so it changes one block, not every later one.
//! - its **links** (`LinkIndex::lookups_print` over the keys its render
//!   looked up, recorded by `links::recording_lookups` and kept in the
//!   page's memo): the URL and anchors of each page it links to.
//!
//! Pages whose kind declares that they read more of the tree than that
//! (`PageInputs::whole_tree`: generated pages such as versions and site
//! pages, the glossary, training pages with their learning path, sites'
//! pathways) take the whole tree and link index ([`whole_site_print`]) as
//! before; the A–Z page takes every page's title ([`every_title_print`]).

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::*;
use crate::incremental::PageInputs;
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
    /// folder and its landing page.
    head: u64,
    /// Each block of listed pages (`Folder::nav_blocks`), and whether the
    /// folder lists more than it ("all pages in …"): a page's sidebar shows
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
        // The block `render` shows: `sequence[0]` is the landing page,
        // `sequence[i]` the listed child `i - 1`.
        let block = tree.folders.get(path).map_or(0, |folder| {
            let range = folder.nav_block(pos.map(|p| p.saturating_sub(1)));
            folder.nav_blocks.partition_point(|&s| s < range.start)
        });
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
        let mut blocks = Vec::new();
        if let Some(folder) = tree.folders.get(path) {
            hash_place(tree, folder, &mut head);
            hash_entry(tree, folder.index, &mut head);
            let ends = folder.nav_blocks.iter().skip(1).copied();
            for (start, end) in folder
                .nav_blocks
                .iter()
                .copied()
                .zip(ends.chain([listed.len()]))
            {
                let mut h = DefaultHasher::new();
                (end - start < listed.len()).hash(&mut h);
                for &p in listed.get(start..end).unwrap_or_default() {
                    hash_entry(tree, p, &mut h);
                }
                blocks.push(h.finish());
            }
        }
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

/// A hash of the title, summary and URL of every page (what the A–Z
/// lists; `PageInputs::every_title`), with each page's kind, which decides
/// whether it is listed.
pub(super) fn every_title_print(tree: &PageTree) -> u64 {
    let mut h = DefaultHasher::new();
    for e in &tree.pages {
        (
            &e.url,
            &e.title,
            &e.summary,
            std::mem::discriminant(&e.kind),
        )
            .hash(&mut h);
    }
    h.finish()
}

/// A hash of what page `id` shows of the page tree (see the module docs),
/// with what else of it its kind declares it reads (`reads`): the whole
/// tree and link index, or every title (`prints`).
pub(super) fn view_print(
    resolved: &Resolved,
    listings: &Listings,
    id: usize,
    reads: &PageInputs,
    prints: &SitePrints,
) -> u64 {
    let tree = &resolved.tree;
    let entry = &tree.pages[id];
    let mut h = DefaultHasher::new();
    if reads.whole_tree {
        prints.whole.hash(&mut h);
    }
    if reads.every_title {
        prints.titles.hash(&mut h);
    }
    hash_entry(tree, id, &mut h);
    for folder in tree.ancestors(id) {
        hash_place(tree, folder, &mut h);
    }
    match tree.folder_of_index(id) {
        // A landing page lists its folder's children, whole; its sidebar
        // and previous/next links walk its parent folder as any page's
        // walk its own.
        Some(folder) => {
            listings.whole(&folder.path, &mut h);
            if let Some(parent) = folder.parent.as_deref() {
                listings.navigation(tree, parent, id, &mut h);
            }
        }
        // Any other page shows its folder's listing in its sidebar and
        // previous/next links.
        None => listings.navigation(tree, &entry.folder, id, &mut h),
    }
    h.finish()
}

/// A page's entry, without the indices that shift when pages come and go.
fn hash_entry(tree: &PageTree, id: usize, h: &mut DefaultHasher) {
    let e = &tree.pages[id];
    // The kind without its ids (indices shift as pages come and go).
    let kind = std::mem::discriminant(&e.kind);
    (&e.url, &e.title, &e.summary, &e.folder, kind, e.order).hash(h);
}

/// What breadcrumbs and sidebars show of a folder: not how many entries it
/// lists, which only listings show ([`hash_folder`]), so a new page does
/// not re-render every page below its folder.
fn hash_place(tree: &PageTree, folder: &crate::tree::Folder, h: &mut DefaultHasher) {
    (
        &folder.path,
        &folder.title,
        &folder.summary,
        &folder.parent,
        &tree.pages[folder.index].url,
    )
        .hash(h);
}

/// A folder as a listing shows it: its place and how many entries it has.
fn hash_folder(tree: &PageTree, folder: &crate::tree::Folder, h: &mut DefaultHasher) {
    hash_place(tree, folder, h);
    folder.children.len().hash(h);
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
    /// [`every_title_print`].
    pub(super) titles: u64,
}
