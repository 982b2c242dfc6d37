//! `waymark serve`'s quick path: an edit to the text of Markdown pages,
//! re-rendered without loading and resolving the project again.
//!
//! A full rebuild (`super::rebuild`) loads every file, resolves the site and
//! then skips unchanged pages by fingerprint; at 10,000 pages loading alone
//! takes most of a second. Yet the common edit — a sentence in one page —
//! changes nothing that other pages read. So the session keeps the last good
//! build, resolved ([`LastGood`]), and when every changed file is a page
//! already in it whose *shape* is unchanged, this path:
//!
//! 1. reads those pages again (with `content::reload_page`, as `load` would);
//! 2. checks that their front matter, title and headings (ids, levels, text)
//!    are exactly as before: then the page tree, navigation, listings, the
//!    link index and every other page's anchors are as before too;
//! 3. re-renders them, and the pages whose kind declares that they read
//!    every page's text (`page_kind::inputs`, the same declaration the
//!    fingerprints are made from), with the one
//!    [`Renderer`] a full build uses;
//! 4. writes the files whose bytes changed, and tells the browser to reload.
//!
//! The search index is brought up to date just after ([`update_search`]),
//! from the remembered search records of every page, so the reload signal
//! does not wait for it.
//!
//! Anything else — a new, deleted or renamed file, a YAML file, a template,
//! `site.yaml`, a changed title or heading, a page that belongs to a
//! versioned document or a site's pathway, a page that cannot be parsed, a
//! new day, or any build since the last good one that failed — takes the
//! full path. That keeps this path small enough to be obviously equal to a
//! clean build, which `tests/serve.rs` checks byte for byte.

use super::page_kind;
use super::page_views;
use super::pages::{with_links, DeferredPages, RenderInputs, Renderer, SearchBuilt, SearchJob};
use super::*;
use crate::content::SourcePage;

mod structure;

/// Builds after `changed` files changed (as the watcher reports them):
/// quickly when only page text changed, from the last good build when
/// Markdown pages changed their place or came and went
/// (`structure`), in full otherwise.
pub fn rebuild_paths(
    options: &BuildOptions,
    session: &mut Session,
    changed: &[PathBuf],
) -> (BuildReport, SyncCounts) {
    session.stop_search();
    if let Some(done) = page_edits(options, session, changed) {
        return done;
    }
    match structure::structural_edits(options, session, changed) {
        Some(done) => done,
        None => rebuild(options, session),
    }
}

/// An edited page, read again, and where it sits in the last good build.
struct Edit {
    /// Index in `content.pages`.
    page: usize,
    /// Index in the page tree.
    id: usize,
    source: SourcePage,
    headings: Vec<Heading>,
}

/// What both quick paths start from: the last good build, when one may be
/// built on (no failed build since it, the same day), and every changed
/// path not yet settled.
fn last_good_and_paths<'a>(
    session: &'a Session,
    changed: &[PathBuf],
) -> Option<(&'a LastGood, BTreeSet<PathBuf>)> {
    if session.needs_full || changed.is_empty() {
        return None;
    }
    let last = session.last_good.as_ref()?;
    // Pages say how old things are (review, overdue): a new day since the
    // last good build means a full build.
    if last.resolved.today != Date::today() {
        return None;
    }
    let mut paths: BTreeSet<PathBuf> = session.unsettled.clone();
    paths.extend(changed.iter().cloned());
    Some((last, paths))
}

/// The quick path; `None` when the edit needs a full build.
fn page_edits(
    options: &BuildOptions,
    session: &mut Session,
    changed: &[PathBuf],
) -> Option<(BuildReport, SyncCounts)> {
    let start = Instant::now();
    let vocabulary = session.vocabulary.clone();
    let (last, paths) = last_good_and_paths(session, changed)?;
    let mut edits = Vec::new();
    for path in &paths {
        edits.push(read_edit(options, &last.resolved, path)?);
    }

    let mut report = BuildReport {
        out: output_dir(options),
        ..Default::default()
    };
    report.timings.push(("read edited pages", start.elapsed()));
    let mut last = session.last_good.take()?;
    // The next build, as a new value: the last good one stays as it was
    // until this one has rendered without errors.
    let mut edited_pages = Vec::new();
    let (resolved, mut ids) = {
        let old = &last.resolved;
        let mut content = old.content.clone();
        let mut headings = old.headings.clone();
        let mut ids = Vec::new();
        for edit in edits {
            content.pages[edit.page] = Arc::new(edit.source);
            headings[edit.id] = Arc::new(edit.headings);
            ids.push(edit.id);
            edited_pages.push(edit.page);
        }
        let next = old.with_pages(PagesResolved {
            content,
            documents: old.documents.clone(),
            variations: old.variations.clone(),
            tree: old.tree.clone(),
            headings,
            // Unchanged: `read_edit` requires the same raw-HTML ids.
            raw_ids: old.raw_ids.clone(),
            links: old.links.clone(),
            tree_diagnostics: old.tree_diagnostics.clone(),
            header_nav: old.header_nav.clone(),
            about_url: old.about_url.clone(),
        });
        (next, ids)
    };
    ids.extend(
        resolved
            .tree
            .pages
            .iter()
            .enumerate()
            .filter(|(_, e)| page_kind::inputs(&resolved, e.kind).every_page_text)
            .map(|(id, _)| id),
    );
    let outputs = std::sync::Mutex::new(std::collections::BTreeMap::new());
    let write = |rel: &str, bytes: &[u8]| -> Option<Diagnostic> {
        if let Ok(mut o) = outputs.lock() {
            o.insert(rel.to_string(), bytes.to_vec());
        }
        None
    };
    type Rendered = (usize, Vec<Diagnostic>, Vec<IndexedSection>, Vec<String>);
    let rendered: Vec<Rendered> = timed(&mut report.timings, "render pages", || {
        let inputs = RenderInputs::new(&resolved);
        let renderer = Renderer::new(&resolved, &inputs, &last.highlighter, &vocabulary);
        ids.par_iter()
            .map(|&id| {
                let ((diags, records), link_keys) =
                    crate::links::recording_lookups(|| renderer.page(id, &write));
                (id, diags, records, link_keys)
            })
            .collect()
    });
    report.pages = resolved.tree.pages.len();
    let mut counts = SyncCounts {
        rendered: rendered.len(),
        reused: report.pages.saturating_sub(rendered.len()),
        ..Default::default()
    };

    let failed = rendered
        .iter()
        .any(|(_, diags, _, _)| diags.iter().any(Diagnostic::is_error));
    let mut diags = Diagnostics::new();
    if failed {
        // The last good build stays as it was; the broken pages are read
        // again with the next edit, whichever file that edit touches.
        session.unsettled = paths;
        for (_, page_diags, _, _) in rendered {
            diags.extend(page_diags);
        }
        session.last_good = Some(last);
        report.diagnostics = diags.sorted();
        return Some((report, counts));
    }

    let outputs = outputs.into_inner().unwrap_or_default();
    let written = timed(&mut report.timings, "update changed files", || {
        incremental::write_changed(&report.out, outputs, &mut session.files)
    });
    match written {
        Ok(n) => counts.written = n,
        Err(e) => {
            // Some files may be new and some old: only a full build can
            // put the folder right.
            session.needs_full = true;
            session.last_good = Some(last);
            diags.push(output_error(
                &report.out,
                format!("cannot update the site: {e}"),
            ));
            report.diagnostics = diags.sorted();
            return Some((report, counts));
        }
    }
    let mut source_prints = last.source_prints.clone();
    for &page in &edited_pages {
        let source = &resolved.content.pages[page];
        if let Some(print) = source_prints.get_mut(page) {
            *print = incremental::source_print(&source.front_yaml, &source.body);
        }
    }
    let listings = page_views::Listings::new(&resolved.tree);
    for (id, page_diags, records, link_keys) in rendered {
        // A page that reads every page's text gets no fingerprint here
        // (that would hash every source): the next full build renders it.
        // Otherwise as `pages::page_fingerprints` works it out, with the
        // links this render looked up.
        let kind = resolved.tree.pages[id].kind;
        let inputs = page_kind::inputs(&resolved, kind);
        let fingerprint = incremental::fingerprint(last.shape.shape, &inputs, &source_prints, None)
            .map(|print| {
                let print =
                    incremental::combine(print, page_kind::templates_print(&resolved, kind));
                let view = page_views::view_print(&resolved, &listings, id, &inputs, &last.shape);
                with_links(&resolved, incremental::combine(print, view), &link_keys)
            });
        let memo = PageMemo {
            fingerprint,
            records: std::sync::Arc::new(records),
            diagnostics: page_diags,
            link_keys,
        };
        session
            .pages
            .insert(resolved.tree.pages[id].url.clone(), memo);
    }
    diags.extend(last.resolve_warnings.iter().cloned());
    for entry in &resolved.tree.pages {
        if let Some(memo) = session.pages.get(&entry.url) {
            diags.extend(memo.diagnostics.iter().cloned());
        }
    }
    report.files = session.files.len();
    report.diagnostics = diags.sorted();
    last.resolved = Arc::new(resolved);
    last.source_prints = source_prints;
    session.unsettled.clear();
    session.search_pending = true;
    session.search_generation += 1;
    session.last_good = Some(last);
    Some((report, counts))
}

/// Reads one changed file as an edit the quick path can take, or `None`.
fn read_edit(options: &BuildOptions, resolved: &Resolved, path: &Path) -> Option<Edit> {
    let extra = &resolved.config.extra_front_matter;
    let source = content::reload_page(&options.root, path, extra)?.ok()?;
    let page = resolved
        .content
        .pages
        .iter()
        .position(|p| p.path == source.path)?;
    let old = &resolved.content.pages[page];
    if source.front_yaml != old.front_yaml
        || source.front.title != old.front.title
        || resolved.documents.member_pages.contains(&page)
        || resolved.variations.iter().any(|v| v.page == page)
    {
        return None;
    }
    let id = resolved
        .tree
        .pages
        .iter()
        .position(|e| e.kind == PageKind::Markdown(page))?;
    let headings = markdown::scan_headings(&source.body);
    let same = headings.len() == resolved.headings[id].len()
        && headings
            .iter()
            .zip(resolved.headings[id].iter())
            .all(|(a, b)| (a.level, &a.id, &a.text) == (b.level, &b.id, &b.text))
        // Raw-HTML ids are anchors other pages' links are checked against.
        && markdown::raw_html::ids(&source.body) == resolved.raw_ids[page];
    same.then_some(Edit {
        page,
        id,
        source,
        headings,
    })
}

/// Brings the search index up to date after the quick path, on this
/// thread: [`search_job`], run, then [`apply_search`]. `None` when it is
/// already current.
pub fn update_search(
    options: &BuildOptions,
    session: &mut Session,
) -> Option<Result<(SyncCounts, Duration), String>> {
    let start = Instant::now();
    let built = search_job(session)?.run();
    let applied = apply_search(options, session, built)?;
    Some(applied.map(|(counts, _)| (counts, start.elapsed())))
}

/// What the search index must now be built from, if the quick path left it
/// behind: every page's remembered search records. Run it anywhere
/// ([`SearchJob::run`]) and hand the result to [`apply_search`].
pub fn search_job(session: &mut Session) -> Option<SearchJob> {
    if !session.search_pending {
        return None;
    }
    let last = session.last_good.as_ref()?;
    let pages = last
        .resolved
        .tree
        .pages
        .iter()
        .filter_map(|e| session.pages.get(&e.url))
        .map(|m| m.records.clone())
        .collect();
    let mut job = SearchJob::new(&last.resolved, pages, &session.vocabulary)
        .beside(&last.out, &session.files)
        .sparing_memory();
    job.generation = session.search_generation;
    if !session.deferred.is_empty() {
        job.deferred = Some(DeferredPages {
            resolved: last.resolved.clone(),
            highlighter: last.highlighter.clone(),
            vocabulary: session.vocabulary.clone(),
            pages: session.deferred.clone(),
        });
    }
    session.search_cancel = Some(job.canceller());
    session.search_pending = false;
    Some(job)
}

/// Writes a built search index, unless pages changed again while it was
/// being built (then `None`: the session wants a newer job, see
/// `Session::search_pending`).
///
/// The index's changed files already wait beside the served folder the
/// session knows (`LastGood::out`); `options` names the folder the
/// deferred pages are written to. Besides the counts, says which of those
/// pages changed, so that a tab showing one reloads.
pub fn apply_search(
    options: &BuildOptions,
    session: &mut Session,
    built: SearchBuilt,
) -> Option<Result<(SyncCounts, Vec<String>), String>> {
    if built.generation != session.search_generation {
        return None;
    }
    if built.cancelled {
        // Stopped by a rebuild that then failed: build it again when there
        // is a good build to build it from.
        session.search_pending = true;
        return None;
    }
    let mut changed_pages = Vec::new();
    match built.pages {
        Some(Some(pages)) => {
            let mut outputs = std::collections::BTreeMap::new();
            let mut memos = Vec::new();
            let mut before = Vec::new();
            for page in pages {
                before.push((page.url.clone(), session.files.get(&page.url).copied()));
                outputs.insert(page.url.clone(), page.bytes);
                memos.push((page.url, page.memo));
            }
            let written =
                incremental::write_changed(&output_dir(options), outputs, &mut session.files);
            if let Err(e) = written {
                session.needs_full = true;
                return Some(Err(format!("cannot update the site: {e}")));
            }
            // `write_changed` hashed each page into `files`: changed pages
            // are those whose hash moved.
            changed_pages = before
                .into_iter()
                .filter(|(url, hash)| session.files.get(url).copied() != *hash)
                .map(|(url, _)| url)
                .collect();
            session.pages.extend(memos);
            session.deferred.clear();
        }
        // A deferred page failed: a full build reports why.
        Some(None) => session.needs_full = true,
        None => {}
    }
    let previous: BTreeSet<String> = session
        .search
        .as_ref()
        .map(|(_, paths)| paths.iter().cloned().collect())
        .unwrap_or_default();
    let replaced = built.files.and_then(|pending| {
        pending
            .replace(&previous, &mut session.files)
            .map_err(|e| e.to_string())
    });
    Some(match replaced {
        Ok((counts, paths)) => {
            session.search = Some((built.key, paths));
            Ok((counts, changed_pages))
        }
        Err(e) => {
            session.needs_full = true;
            Err(format!("cannot update the search index: {e}"))
        }
    })
}
