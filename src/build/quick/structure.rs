//! `waymark serve`'s quick path for edits that change the site's shape: a
//! page's title, summary, order or headings, a new page, a deleted one (a
//! rename is both).
//!
//! A full rebuild reads and resolves all 10,000 pages of a large site again
//! (most of a second) before its fingerprints find the few hundred pages
//! that show the change. Here the next [`Resolved`] is made from the last
//! good one, as a new value ([`derive`]): the changed pages are read again,
//! every other page's source and headings are shared with the last build,
//! and the steps that read the page set are run again over them — the page
//! tree (`resolve::page_tree`), then output collisions, the link index and
//! header navigation (`resolve::tree_steps`). The result then goes through
//! the same fingerprints and renderer as a full rebuild
//! (`super::render_and_sync`): pages whose view of the tree or whose links
//! changed are rendered again, so a page linking to a deleted page reports
//! its broken link exactly as a clean build does.
//!
//! What it leaves to the full path, because resolve reads it from more than
//! the page set: a page whose front
//! matter says more than its title, summary, order and owner (audiences,
//! kinds, drafts, version or site keys), a versioned document's member or a
//! site's pathway page, a new or deleted landing page (`index.md`,
//! `README.md`), new or deleted folders, a file the last
//! build warned about or failed to load, and any change that makes the tree
//! steps report something other than they did.

use super::*;
use crate::content::frontmatter::FrontMatter;
use crate::content::CONTENT_DIR;
use crate::versioning::VersionNumber;

/// One changed Markdown file, as this path takes it.
enum Change {
    /// `page` indexes the last good build's `content.pages`.
    Edited {
        page: usize,
        source: SourcePage,
    },
    Added(SourcePage),
    Deleted {
        page: usize,
    },
}

/// The structural quick path; `None` when the edit needs a full build.
pub(super) fn structural_edits(
    options: &BuildOptions,
    session: &mut Session,
    changed: &[PathBuf],
) -> Option<(BuildReport, SyncCounts)> {
    let start = Instant::now();
    let (last, paths) = super::last_good_and_paths(session, changed)?;
    let warned: BTreeSet<&str> = last
        .resolve_warnings
        .iter()
        .map(|d| d.file.as_str())
        .collect();
    let changes = paths
        .iter()
        .map(|path| change_of(options, &last.resolved, &warned, path))
        .collect::<Option<Vec<Change>>>()?;
    let mut timings = vec![(READ_STEP, start.elapsed())];
    let (resolved, known_prints) = derive(&options.root, last, changes, &mut timings)?;
    let next = Next {
        resolved,
        resolve_warnings: last.resolve_warnings.clone(),
        highlighter: last.highlighter.clone(),
        known_prints,
    };
    let mut report = BuildReport {
        out: output_dir(options),
        ..Default::default()
    };
    report.timings = timings;
    let mut diags = Diagnostics::new();
    diags.extend(next.resolve_warnings.iter().cloned());
    let (report, counts, synced) = render_and_sync(options, session, next, report, diags);
    if !synced && !session.needs_full {
        // The last good build is kept as it was; the changed files are
        // read again with the next edit.
        session.unsettled = paths;
    }
    Some((report, counts))
}

/// The name of this path's first step in a build's timings.
const READ_STEP: &str = "read changed pages";

/// What changed at `path`, if this path can take it.
fn change_of(
    options: &BuildOptions,
    old: &Resolved,
    warned: &BTreeSet<&str>,
    path: &Path,
) -> Option<Change> {
    let under = path.strip_prefix(options.root.join(CONTENT_DIR)).ok()?;
    let rel = crate::names::source_path(under).ok()?;
    let file = format!("{CONTENT_DIR}/{rel}");
    if warned.contains(file.as_str())
        || content::is_not_found_text(&rel)
        || old.content.failed_pages.contains(&rel)
    {
        return None;
    }
    let existing = old.content.pages.iter().position(|p| p.path == rel);
    if let Some(page) = existing {
        if old.documents.member_pages.contains(&page)
            || old.variations.iter().any(|v| v.page == page)
        {
            return None;
        }
    }
    if path.symlink_metadata().is_err() {
        let page = existing?;
        let gone = &old.content.pages[page];
        return (plain(&gone.front) && !is_landing(gone)).then_some(Change::Deleted { page });
    }
    let extra = &old.config.extra_front_matter;
    let source = content::reload_page(&options.root, path, extra)?.ok()?;
    match existing {
        Some(page) => {
            let before = &old.content.pages[page].front;
            let same_kind = before.kind == Default::default();
            (same_kind && apart_from_place(&source.front) == apart_from_place(before))
                .then_some(Change::Edited { page, source })
        }
        None => {
            let name = rel.rsplit('/').next().unwrap_or(&rel);
            let plain_page = plain(&source.front)
                && !is_landing(&source)
                && VersionNumber::from_file_name(name).is_none();
            plain_page.then_some(Change::Added(source))
        }
    }
}

/// Front matter with what only the tree and the page itself show (title,
/// summary, order, owner) left out, for comparing the rest.
fn apart_from_place(front: &FrontMatter) -> FrontMatter {
    FrontMatter {
        title: String::new(),
        summary: None,
        order: None,
        owner: None,
        ..front.clone()
    }
}

/// Front matter that says nothing resolve reads but the page's place: no
/// audiences, kind, draft, review date, version or site keys, extra keys.
fn plain(front: &FrontMatter) -> bool {
    apart_from_place(front) == apart_from_place(&FrontMatter::default())
}

/// A folder's landing page (`index.md`, or `README.md` without one): adding
/// or deleting one moves another page's URL.
fn is_landing(page: &SourcePage) -> bool {
    page.stem() == "index" || page.stem().eq_ignore_ascii_case("readme")
}

/// The order `content::load` keeps pages in: the walk of `content/`, by
/// name within each folder.
fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

/// The next build from the last good one and the changes, with the source
/// prints it already knows of its pages: `None` when the derivation would
/// not be exactly what a full build resolves.
fn derive(
    root: &Path,
    last: &LastGood,
    changes: Vec<Change>,
    timings: &mut Vec<(&'static str, Duration)>,
) -> Option<(Resolved, Vec<Option<u64>>)> {
    let start = Instant::now();
    let old = &last.resolved;
    let mut pages = old.content.pages.clone();
    let mut removed = BTreeSet::new();
    let mut added = Vec::new();
    for change in changes {
        match change {
            Change::Edited { page, source } => pages[page] = Arc::new(source),
            Change::Deleted { page } => {
                removed.insert(page);
            }
            Change::Added(source) => added.push(Arc::new(source)),
        }
    }
    let same_files = removed.is_empty() && added.is_empty();
    if !same_files {
        pages = pages
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !removed.contains(i))
            .map(|(_, p)| p)
            .collect();
        for new in added {
            let at = pages.partition_point(|p| walk_order(&p.path, &new.path).is_lt());
            pages.insert(at, new);
        }
    }
    let (documents, variations) = moved_indices(old, &pages)?;
    // Where each page of the next build was in the last one (`None`:
    // changed or new), by identity: every shared page is the same `Arc`.
    let was: std::collections::HashMap<usize, usize> = old
        .content
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (Arc::as_ptr(p) as usize, i))
        .collect();
    let before: Vec<Option<usize>> = pages
        .iter()
        .map(|p| was.get(&(Arc::as_ptr(p) as usize)).copied())
        .collect();
    let raw_ids: Vec<Vec<String>> = pages
        .iter()
        .zip(&before)
        .map(|(page, before)| match before {
            Some(i) => old.raw_ids[*i].clone(),
            None => markdown::raw_html::ids(&page.body),
        })
        .collect();
    let known_prints = before
        .iter()
        .map(|b| b.and_then(|i| last.source_prints.get(i).copied()))
        .collect();
    let mut content = old.content.clone();
    content.pages = pages;
    let tree = resolve::page_tree(
        &content,
        &old.config,
        &documents,
        &old.yaml_docs,
        &old.maps,
        &old.forms,
        &variations,
    );
    if !tree.folders.keys().eq(old.tree.folders.keys()) {
        return None;
    }
    let headings = reuse_headings(old, &content, &tree);
    timings.push(("plan the page tree", start.elapsed()));
    let start = Instant::now();
    // Every page where it was, from the same file (a renamed file may keep
    // its URL: `a.md` to `a.markdown`): the output collisions
    // are as before, and so is the link index when no anchor changed
    // either (a title, summary or order edit).
    let same_places = same_files
        && tree.pages.len() == old.tree.pages.len()
        && tree
            .pages
            .iter()
            .zip(&old.tree.pages)
            .all(|(new, was)| new.url == was.url && new.kind == was.kind);
    let (links, header_nav, about_url, tree_diagnostics) =
        if same_places && same_anchors(old, &tree, &headings, &raw_ids) {
            (
                old.links.clone(),
                old.header_nav.clone(),
                old.about_url.clone(),
                old.tree_diagnostics.clone(),
            )
        } else {
            let steps = resolve::tree_steps(
                root,
                resolve::TreeInputs {
                    content: &content,
                    variations: &variations,
                    config: &old.config,
                    theme: &old.theme,
                    tree: &tree,
                    headings: &headings,
                    raw_ids: &raw_ids,
                    documents: &documents,
                    site_maps: &old.maps,
                    forms: &old.forms,
                },
                !(same_places && old.tree_diagnostics.is_empty()),
            );
            (
                Arc::new(steps.links),
                steps.header_nav,
                steps.about_url,
                steps.diagnostics,
            )
        };
    if tree_diagnostics != old.tree_diagnostics {
        return None;
    }
    timings.push(("link index and header navigation", start.elapsed()));
    let next = old.with_pages(PagesResolved {
        content,
        documents,
        variations,
        tree: Arc::new(tree),
        headings,
        raw_ids,
        links,
        tree_diagnostics,
        header_nav,
        about_url,
    });
    Some((next, known_prints))
}

/// Whether every page's anchors — heading ids and raw-HTML ids, what the
/// link index holds of it besides its URL — are as in the last build, for a
/// tree whose pages are all where they were; and no changed page has a
/// heading id twice (that error's position moves with the text).
fn same_anchors(
    old: &Resolved,
    tree: &PageTree,
    headings: &[Arc<Vec<Heading>>],
    raw_ids: &[Vec<String>],
) -> bool {
    let ids = |hs: &[Heading]| hs.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
    tree.pages.iter().enumerate().all(|(id, entry)| {
        let (new, was) = (&headings[id], &old.headings[id]);
        if Arc::ptr_eq(new, was) {
            return true;
        }
        let raw_same = match entry.kind {
            PageKind::Markdown(i) => raw_ids.get(i) == old.raw_ids.get(i),
            _ => true,
        };
        raw_same && ids(new) == ids(was) && markdown::duplicate_ids(new).is_empty()
    })
}

/// Versioned documents and site pathways name their pages by index into
/// `content.pages`: where pages came or went before them, the same
/// documents and pathways with the indices their pages now have (they are
/// never among the changed pages, so each is found by identity).
#[allow(clippy::type_complexity)]
fn moved_indices(
    old: &Resolved,
    pages: &[Arc<SourcePage>],
) -> Option<(Arc<Documents>, Arc<Vec<SiteVariation>>)> {
    let now: std::collections::HashMap<usize, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (Arc::as_ptr(p) as usize, i))
        .collect();
    let moved = |i: usize| {
        now.get(&(Arc::as_ptr(old.content.pages.get(i)?) as usize))
            .copied()
    };
    let named = old
        .documents
        .member_pages
        .iter()
        .copied()
        .chain(old.variations.iter().map(|v| v.page));
    let mut unmoved = true;
    for i in named {
        let to = moved(i)?;
        unmoved &= to == i;
    }
    if unmoved {
        return Some((old.documents.clone(), old.variations.clone()));
    }
    let mut documents = (*old.documents).clone();
    documents.member_pages = documents
        .member_pages
        .iter()
        .map(|&i| moved(i))
        .collect::<Option<_>>()?;
    for version in documents
        .docs
        .iter_mut()
        .flat_map(|d| d.versions.iter_mut())
    {
        version.payload.page = moved(version.payload.page)?;
    }
    let mut variations = (*old.variations).clone();
    for variation in &mut variations {
        variation.page = moved(variation.page)?;
    }
    Some((Arc::new(documents), Arc::new(variations)))
}

/// Each tree page's headings: the last build's for a page whose source is
/// the same (shared), scanned again for a changed or new one.
fn reuse_headings(old: &Resolved, content: &Content, tree: &PageTree) -> Vec<Arc<Vec<Heading>>> {
    let known: std::collections::HashMap<usize, usize> = old
        .tree
        .pages
        .iter()
        .enumerate()
        .filter_map(|(id, e)| match e.kind {
            PageKind::Markdown(i) => Some((Arc::as_ptr(&old.content.pages[i]) as usize, id)),
            _ => None,
        })
        .collect();
    let none = Arc::new(Vec::new());
    tree.pages
        .iter()
        .map(|entry| match entry.kind {
            PageKind::Markdown(i) => {
                let page = &content.pages[i];
                match known.get(&(Arc::as_ptr(page) as usize)) {
                    Some(&id) => old.headings[id].clone(),
                    None => Arc::new(markdown::scan_headings(&page.body)),
                }
            }
            _ => none.clone(),
        })
        .collect()
}
