//! The page tree: which HTML pages the site has, their URLs, and how they
//! sit in folders.
//!
//! The URLs of authored pages and folders are decided here: a page
//! `content/a/b.md` becomes `a/b.html`; a folder `content/a/` becomes
//! `a/index.html` (from `a/index.md` if written, otherwise a generated
//! listing). Generated pages come planned (`PlannedPage`) and are put at
//! the URL their kind declares (`crate::build::page_kind::url`). Every URL
//! names a file, because `file://` has no directory indexes.

use std::collections::BTreeMap;

use crate::content::{title_from_slug, Content, FolderMeta};

/// Which page a tree entry is: one variant for every kind of page the build
/// writes, carrying the typed ids it is made from (indices into the loaded
/// content, the documents, the sites…). The variant is the page's identity;
/// what each kind reads, which template draws it and how its body is made
/// are declared together in `crate::build::page_kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// A Markdown page: index into `Content::pages`.
    Markdown(usize),
    /// A generated listing of a folder that has no `index.md`.
    FolderIndex,
    /// The glossary, from `glossary.yaml`.
    Glossary,
    /// A version of a versioned document (`doc` indexes `Documents::docs`);
    /// `canonical` is the shown version at the document's plain URL.
    Version {
        doc: usize,
        version: usize,
        canonical: bool,
    },
    /// A version laid out for printing.
    Print { doc: usize, version: usize },
    /// Every version of a document, map or form, on one timeline.
    History { item: VersionedRef },
    /// Two versions of a document, map or form compared (`from`, `to`
    /// index its versions): a document's redline, a map's or form's
    /// computed changes.
    Compare {
        item: VersionedRef,
        from: usize,
        to: usize,
    },
    /// "What's changed", the site-wide change log.
    Changes,
    /// Which sites have confirmed each major change.
    EmbeddingMatrix,
    /// A site's agenda of changes to confirm (`site` indexes `Content::sites`).
    EmbeddingSite { site: usize },
    /// The programme team's maintenance view.
    Maintenance,
    /// A delivery site's own page (`site` indexes `Content::sites`).
    Site { site: usize },
    /// A site's pathway compared with the national one (`variation` indexes
    /// the resolved site variations).
    SiteCompare { variation: usize },
    /// Every site against every national section.
    SiteMatrix,
    /// A process map (`map` indexes the resolved, checked maps).
    Map { map: usize },
    /// A form (`form` indexes the resolved forms, versions included).
    Form { form: usize },
    /// The search results page.
    Search,
    /// The A–Z of pages, search without JavaScript.
    AToZ,
    /// The page static servers send for a missing address (`404.html`),
    /// with `content/404.md`'s text when the project has one.
    NotFound,
    /// The Atom feed of "What's changed" (`feed.xml`, with `base_url`).
    Feed,
}

/// Which versioned thing a page is about: every versioned kind has one
/// set of version pages (`PageKind::History`, `PageKind::Compare`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VersionedRef {
    /// A Markdown document (indexes `Documents::docs`).
    Document(usize),
    /// A versioned map or form (indexes `YamlDocs::docs`, which holds both,
    /// each with its kind).
    MapOrForm(usize),
}

#[derive(Debug, Clone, Hash)]
pub struct PageEntry {
    /// Site-root-relative output path: `guide/consent.html`.
    pub url: String,
    pub title: String,
    pub summary: Option<String>,
    /// The folder whose navigation the page belongs to.
    pub folder: String,
    pub kind: PageKind,
    pub order: Option<i64>,
}

#[derive(Debug, Clone, Hash)]
pub struct Folder {
    pub path: String,
    pub title: String,
    pub summary: Option<String>,
    pub order: Option<i64>,
    /// The folder's landing page.
    pub index: usize,
    /// Pages and sub-folders in reading order.
    pub children: Vec<Child>,
    pub parent: Option<String>,
    /// Where each block of `children` that a sidebar shows starts
    /// ([`nav_block_starts`]); the first is 0.
    pub nav_blocks: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Child {
    Page(usize),
    Folder(String),
}

#[derive(Debug, Default, Hash)]
pub struct PageTree {
    pub pages: Vec<PageEntry>,
    pub folders: BTreeMap<String, Folder>,
}

/// An extra page another stage contributes to the tree (e.g. a versioned
/// document's landing page), placed in `folder`'s listing when `listed`.
#[derive(Debug, Clone)]
pub struct ExtraPage {
    pub entry: PageEntry,
    pub listed: bool,
    /// The page is the landing page of its folder (no listing is generated).
    pub folder_index: bool,
}

/// A generated page as its feature plans it: which page it is, its title
/// and place in the tree, but not its URL, which its kind declares
/// (`crate::build::page_kind::url`).
#[derive(Debug, Clone)]
pub struct PlannedPage {
    pub kind: PageKind,
    pub title: String,
    pub summary: Option<String>,
    /// The folder whose navigation the page belongs to.
    pub folder: String,
    pub order: Option<i64>,
    /// In `folder`'s listing.
    pub listed: bool,
    /// The landing page of `folder` (no listing is generated).
    pub folder_index: bool,
}

impl PlannedPage {
    /// The page at `url`, for the tree.
    pub fn at(self, url: String) -> ExtraPage {
        ExtraPage {
            entry: PageEntry {
                url,
                title: self.title,
                summary: self.summary,
                folder: self.folder,
                kind: self.kind,
                order: self.order,
            },
            listed: self.listed,
            folder_index: self.folder_index,
        }
    }
}

impl PageTree {
    /// Builds the tree from loaded content. `skip` marks Markdown pages
    /// another stage renders itself (versions of a document).
    pub fn build(
        content: &Content,
        skip: &dyn Fn(usize) -> bool,
        extra: Vec<ExtraPage>,
    ) -> PageTree {
        let mut tree = PageTree::default();
        let mut listed: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut folder_index: BTreeMap<String, usize> = BTreeMap::new();

        // A folder's README.md is its landing page when it has no index.md,
        // as on GitHub and in mdBook.
        let has_index: std::collections::BTreeSet<&str> = content
            .pages
            .iter()
            .enumerate()
            .filter(|(i, p)| !skip(*i) && p.stem() == "index")
            .map(|(_, p)| p.folder())
            .collect();
        for (i, page) in content.pages.iter().enumerate() {
            if skip(i) {
                continue;
            }
            let folder = page.folder().to_string();
            let is_index = page.stem() == "index"
                || (page.stem().eq_ignore_ascii_case("readme")
                    && !has_index.contains(folder.as_str()));
            let name = if is_index { "index" } else { page.stem() };
            let url = if folder.is_empty() {
                format!("{name}.html")
            } else {
                format!("{folder}/{name}.html")
            };
            let id = tree.push(PageEntry {
                url,
                title: page.front.title.clone(),
                summary: page.front.summary.clone(),
                folder: folder.clone(),
                kind: PageKind::Markdown(i),
                // A SUMMARY.md's order counts where the page sets none.
                order: page.front.order.or_else(|| {
                    let position = content.reading_order.get(&page.path)?;
                    i64::try_from(*position).ok().map(|p| (p + 1) * 10)
                }),
            });
            if is_index {
                folder_index.insert(folder, id);
            } else {
                listed.entry(folder).or_default().push(id);
            }
        }
        if let Some(glossary) = &content.glossary {
            let id = tree.push(PageEntry {
                url: "glossary.html".into(),
                title: "Glossary".into(),
                summary: Some(glossary.summary.clone().unwrap_or_else(|| {
                    "Terms and abbreviations used in this guidance, with their meanings.".into()
                })),
                folder: String::new(),
                kind: PageKind::Glossary,
                order: Some(i64::MAX - 1),
            });
            listed.entry(String::new()).or_default().push(id);
        }
        for extra in extra {
            let folder = extra.entry.folder.clone();
            let id = tree.push(extra.entry);
            if extra.folder_index {
                folder_index.insert(folder, id);
            } else if extra.listed {
                listed.entry(folder).or_default().push(id);
            }
        }

        // Every folder holding a listed page exists, and so do its ancestors.
        let mut folder_paths: Vec<String> =
            listed.keys().chain(folder_index.keys()).cloned().collect();
        let mut i = 0;
        while i < folder_paths.len() {
            if let Some(parent) = parent_of(&folder_paths[i]) {
                if !folder_paths.contains(&parent) {
                    folder_paths.push(parent);
                }
            }
            i += 1;
        }
        if !folder_paths.iter().any(String::is_empty) {
            folder_paths.push(String::new());
        }
        folder_paths.sort();
        folder_paths.dedup();

        for path in &folder_paths {
            let meta = content.folder_meta.get(path).cloned().unwrap_or_default();
            let index = match folder_index.get(path) {
                Some(&id) => id,
                None => tree.push(PageEntry {
                    url: if path.is_empty() {
                        "index.html".into()
                    } else {
                        format!("{path}/index.html")
                    },
                    title: meta
                        .title
                        .clone()
                        .unwrap_or_else(|| default_folder_title(path)),
                    summary: meta.summary.clone(),
                    folder: path.clone(),
                    kind: PageKind::FolderIndex,
                    order: meta.order,
                }),
            };
            let FolderMeta {
                title,
                summary,
                order,
            } = meta;
            let index_entry = &tree.pages[index];
            tree.folders.insert(
                path.clone(),
                Folder {
                    path: path.clone(),
                    title: title.unwrap_or_else(|| index_entry.title.clone()),
                    summary: summary.or_else(|| index_entry.summary.clone()),
                    order: order.or(index_entry.order),
                    index,
                    children: Vec::new(),
                    parent: parent_of(path),
                    nav_blocks: vec![0],
                },
            );
        }

        // Children in reading order: by `order`, then title.
        let mut children: BTreeMap<String, Vec<Child>> = BTreeMap::new();
        for (folder, pages) in listed {
            children
                .entry(folder)
                .or_default()
                .extend(pages.into_iter().map(Child::Page));
        }
        for path in &folder_paths {
            if let Some(parent) = parent_of(path) {
                children
                    .entry(parent)
                    .or_default()
                    .push(Child::Folder(path.clone()));
            }
        }
        for (folder, mut kids) in children {
            // Keys worked out once per entry: a folder of 200 pages made
            // 3,000 lowercased titles and URLs per sort otherwise.
            kids.sort_by_cached_key(|c| tree.sort_key(c));
            let starts = nav_block_starts(kids.iter().map(|c| tree.child_url(c)));
            if let Some(f) = tree.folders.get_mut(&folder) {
                f.children = kids;
                f.nav_blocks = starts;
            }
        }
        tree
    }

    /// The URL a listed child opens: a page's, or a sub-folder's landing page.
    fn child_url(&self, child: &Child) -> &str {
        match child {
            Child::Page(id) => &self.pages[*id].url,
            Child::Folder(path) => self
                .folders
                .get(path)
                .map_or("", |f| self.pages[f.index].url.as_str()),
        }
    }

    fn push(&mut self, entry: PageEntry) -> usize {
        self.pages.push(entry);
        self.pages.len() - 1
    }

    fn sort_key(&self, child: &Child) -> (i64, String, String) {
        match child {
            Child::Page(id) => {
                let p = &self.pages[*id];
                (
                    p.order.unwrap_or(i64::MAX / 2),
                    p.title.to_lowercase(),
                    p.url.clone(),
                )
            }
            Child::Folder(path) => {
                let f = &self.folders[path];
                (
                    f.order.unwrap_or(i64::MAX / 2),
                    f.title.to_lowercase(),
                    path.clone(),
                )
            }
        }
    }

    /// The folder whose landing page `page` is, if it is one.
    pub fn folder_of_index(&self, page: usize) -> Option<&Folder> {
        let folder = self.folders.get(&self.pages[page].folder)?;
        (folder.index == page).then_some(folder)
    }

    /// Ancestor folders of a page, root first, excluding a folder the page is the landing page of.
    pub fn ancestors(&self, page: usize) -> Vec<&Folder> {
        let mut chain = Vec::new();
        let mut current = Some(self.pages[page].folder.clone());
        while let Some(path) = current {
            let Some(folder) = self.folders.get(&path) else {
                break;
            };
            if folder.index != page {
                chain.push(folder);
            }
            current = folder.parent.clone();
        }
        chain.reverse();
        chain
    }

    /// The landing page and listed pages of a page's folder, in reading
    /// order: the sequence that previous/next links walk (a listed child
    /// at `children[i]` stands at `i + 1`).
    pub fn reading_sequence(&self, folder: &str) -> Vec<usize> {
        let Some(f) = self.folders.get(folder) else {
            return Vec::new();
        };
        let mut seq = vec![f.index];
        seq.extend(f.children.iter().map(|c| match c {
            Child::Page(id) => *id,
            Child::Folder(path) => self.folders[path].index,
        }));
        seq
    }
}

impl Folder {
    /// The block of `children` whose sidebar the child at `position` shows
    /// (`None`, or a position past the end: a page the folder does not
    /// list, which shows the first block).
    pub fn nav_block(&self, position: Option<usize>) -> std::ops::Range<usize> {
        let position = position.filter(|&p| p < self.children.len()).unwrap_or(0);
        let at = self.nav_blocks.partition_point(|&start| start <= position);
        let start = self
            .nav_blocks
            .get(at.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        let end = self
            .nav_blocks
            .get(at)
            .copied()
            .unwrap_or(self.children.len());
        start..end
    }
}

/// Most entries a sidebar shows: keeps every page's size independent of how
/// many pages its folder holds (no O(n²) output).
pub const MAX_NAV_ITEMS: usize = 40;
/// Fewest entries of a block of a folder too long for one sidebar (the
/// last block of a folder may hold fewer).
const MIN_NAV_ITEMS: usize = 10;
/// About one entry in this many, once a block has `MIN_NAV_ITEMS`, ends it.
const NAV_BOUNDARY_ONE_IN: u64 = 10;

/// **The one block rule** of section navigation, which `render` draws and
/// `waymark serve`'s page views (`build::page_views`) hash: where each
/// block of a listing starts, given the URLs of its entries in reading
/// order. A listing of up to `MAX_NAV_ITEMS` is one block. A longer one is
/// cut after an entry whose URL hashes to a boundary (content-defined, as
/// in chunking backups), within `MIN_NAV_ITEMS..=MAX_NAV_ITEMS` entries a
/// block: so adding or removing a page changes the block it falls in and
/// seldom its neighbour, where fixed-size blocks shifted every later
/// block's first entry and so every later sidebar of the folder.
pub fn nav_block_starts<'a>(urls: impl ExactSizeIterator<Item = &'a str>) -> Vec<usize> {
    let len = urls.len();
    let mut starts = vec![0];
    if len <= MAX_NAV_ITEMS {
        return starts;
    }
    let mut start = 0;
    for (i, url) in urls.enumerate() {
        let size = i + 1 - start;
        if i + 1 < len && (size == MAX_NAV_ITEMS || (size >= MIN_NAV_ITEMS && is_boundary(url))) {
            start = i + 1;
            starts.push(start);
        }
    }
    starts
}

/// Whether a block may end after the entry at `url`: a stable hash (the
/// same on every machine and Rust release), so the same listing always
/// has the same blocks.
fn is_boundary(url: &str) -> bool {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(url.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(first) % NAV_BOUNDARY_ONE_IN == 0
}

fn parent_of(path: &str) -> Option<String> {
    if path.is_empty() {
        None
    } else {
        Some(
            path.rsplit_once('/')
                .map(|(p, _)| p.to_string())
                .unwrap_or_default(),
        )
    }
}

fn default_folder_title(path: &str) -> String {
    if path.is_empty() {
        "Home".to_string()
    } else {
        title_from_slug(path.rsplit('/').next().unwrap_or(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(n: usize, skip: Option<usize>) -> Vec<String> {
        (0..n)
            .filter(|&i| Some(i) != skip)
            .map(|i| format!("big/page-{i:05}.html"))
            .collect()
    }

    /// Each listed URL with the block it falls in (the block's URLs).
    fn blocks_by_url(urls: &[String]) -> BTreeMap<String, Vec<String>> {
        let starts = nav_block_starts(urls.iter().map(String::as_str));
        let ends = starts.iter().skip(1).copied().chain([urls.len()]);
        let mut by_url = BTreeMap::new();
        for (start, end) in starts.iter().copied().zip(ends) {
            for url in &urls[start..end] {
                by_url.insert(url.clone(), urls[start..end].to_vec());
            }
        }
        by_url
    }

    #[test]
    fn a_listing_that_fits_is_one_block() {
        let short = urls(MAX_NAV_ITEMS, None);
        assert_eq!(nav_block_starts(short.iter().map(String::as_str)), vec![0]);
        assert_eq!(nav_block_starts(std::iter::empty()), vec![0]);
    }

    #[test]
    fn blocks_of_a_long_listing_stay_within_bounds() {
        let long = urls(1000, None);
        let starts = nav_block_starts(long.iter().map(String::as_str));
        let ends: Vec<usize> = starts.iter().skip(1).copied().chain([1000]).collect();
        let sizes: Vec<usize> = starts.iter().zip(&ends).map(|(s, e)| e - s).collect();
        assert!(sizes.iter().all(|&n| n <= MAX_NAV_ITEMS), "{sizes:?}");
        let (last, rest) = sizes.split_last().unwrap();
        assert!(*last >= 1);
        assert!(rest.iter().all(|&n| n >= MIN_NAV_ITEMS), "{sizes:?}");
        // Neither all minimal nor all maximal: the URLs decide.
        assert!(sizes.iter().any(|&n| n < MAX_NAV_ITEMS / 2));
        assert!(sizes.len() > 1000 / MAX_NAV_ITEMS);
    }

    /// Removing any one page of a folder of 200 (or adding it back) changes
    /// the sidebars of its own block and seldom more, never the folder's.
    #[test]
    fn removing_a_page_changes_few_blocks() {
        let all = urls(200, None);
        let before = blocks_by_url(&all);
        let mut worst = 0;
        let mut total = 0;
        for gone in 0..200 {
            let after = blocks_by_url(&urls(200, Some(gone)));
            let changed = after
                .iter()
                .filter(|(url, block)| before[*url] != **block)
                .count();
            worst = worst.max(changed);
            total += changed;
        }
        assert!(worst <= 2 * MAX_NAV_ITEMS, "worst {worst}");
        assert!(total / 200 <= MAX_NAV_ITEMS, "mean {}", total / 200);
    }

    #[test]
    fn a_page_outside_the_listing_shows_the_first_block() {
        let folder = Folder {
            path: "big".into(),
            title: "Big".into(),
            summary: None,
            order: None,
            index: 0,
            children: (1..=100).map(Child::Page).collect(),
            parent: Some(String::new()),
            nav_blocks: vec![0, 30, 70],
        };
        assert_eq!(folder.nav_block(None), 0..30);
        assert_eq!(folder.nav_block(Some(29)), 0..30);
        assert_eq!(folder.nav_block(Some(30)), 30..70);
        assert_eq!(folder.nav_block(Some(99)), 70..100);
        assert_eq!(folder.nav_block(Some(100)), 0..30);
    }
}
