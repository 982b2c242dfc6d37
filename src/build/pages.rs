//! Rendering: every page's body (Markdown, generated, site and training
//! pages), its template, its search records, and under `waymark serve` the
//! fingerprints that let unchanged pages be skipped.

use super::page_kind::{self, Bodies, Drawn};
use super::page_views::{self, SitePrints};
use super::*;

/// One page's search records, analysed by the worker that rendered it
/// (`search::IndexedSection`: terms and snippets, not the full text),
/// shared between the render, the serve memo and the search index (never
/// copied).
pub(super) type PageRecords = std::sync::Arc<Vec<IndexedSection>>;

/// What rendering needs beyond [`Resolved`], worked out once per build.
pub(super) struct RenderInputs {
    about_url: Option<String>,
    /// Sites whose local pathway is behind the national text:
    /// `(site name, site page URL, section titles)`.
    pub(super) stale_variations: Vec<(String, String, Vec<String>)>,
    pub(super) pathway_urls: Vec<String>,
    pub(super) map_urls: Vec<Option<String>>,
    pub(super) maintenance: crate::versions::maintenance::Report,
}

impl RenderInputs {
    pub(super) fn new(resolved: &Resolved) -> Self {
        let stale_variations = resolved
            .variations
            .iter()
            .filter(|v| !v.stale.is_empty())
            .map(|v| {
                let site = &resolved.content.sites[v.site];
                let sections = v.stale.iter().map(|s| s.title.clone()).collect();
                (
                    site.record.name.clone(),
                    site_pages::site_url(site),
                    sections,
                )
            })
            .collect();
        let pathway_urls = resolved
            .variations
            .iter()
            .map(|v| page_url(resolved, v.page))
            .collect();
        let map_urls = resolved
            .content
            .sites
            .iter()
            .map(|site| {
                let id = format!("{}-pathway", site.id);
                resolved.maps.iter().find(|m| m.id == id).map(|m| m.url())
            })
            .collect();
        let maintenance = crate::versions::maintenance::report(
            &resolved.content,
            &resolved.documents,
            resolved
                .variations
                .iter()
                .filter(|v| !v.stale.is_empty())
                .map(|v| {
                    (
                        v.site,
                        v.page,
                        v.stale.iter().map(|s| s.title.clone()).collect(),
                    )
                }),
            &resolved.tracked,
            resolved.today,
        );
        RenderInputs {
            maintenance,
            about_url: about_url(resolved).cloned(),
            stale_variations,
            pathway_urls,
            map_urls,
        }
    }
}

/// Renders single pages of a resolved build: the one code path behind both
/// a full build and `waymark serve`'s quick path.
pub(super) struct Renderer<'a> {
    resolved: &'a Resolved,
    env: RenderEnv<'a>,
    bodies: Bodies<'a>,
    /// Analyses each page's search records as it is rendered, so they keep
    /// only what the index needs.
    analyser: search::Analyser,
}

impl<'a> Renderer<'a> {
    pub(super) fn new(
        resolved: &'a Resolved,
        inputs: &'a RenderInputs,
        highlighter: &'a Highlighter,
        vocabulary: &search::Vocabulary,
    ) -> Self {
        Renderer {
            resolved,
            env: RenderEnv {
                config: &resolved.config,
                content: &resolved.content,
                tree: &resolved.tree,
                theme: &resolved.theme,
                today: resolved.today,
                header_nav: resolved.header_nav.clone(),
                about_url: inputs.about_url.clone(),
                nav_cache: Default::default(),
            },
            bodies: Bodies::new(resolved, inputs, highlighter),
            analyser: search_analyser(resolved, vocabulary),
        }
    }

    /// Renders page `id` of the tree and writes it; returns its problems
    /// and its search records, analysed.
    pub(super) fn page(
        &self,
        id: usize,
        write: &(dyn Fn(&str, &[u8]) -> Option<Diagnostic> + Sync),
    ) -> (Vec<Diagnostic>, Vec<IndexedSection>) {
        let resolved = self.resolved;
        let entry = &resolved.tree.pages[id];
        let url = &entry.url;
        let mut diags = Vec::new();
        let mut body = self.bodies.body(id, &mut diags);
        let mut sections = std::mem::take(&mut body.search);
        let rendered = match page_kind::drawn_as(entry.kind) {
            Drawn::Page => self
                .env
                .render_page(id, &body, &page_kind::frame(resolved, id)),
            Drawn::NotFound => self.env.render_not_found(&entry.title, &body),
            Drawn::Feed => self.env.render_feed(&body.extra, url),
        };
        match rendered {
            Ok(html) => {
                if page_kind::read_back(entry.kind) {
                    sections = site_search::rendered_sections(&html);
                }
                diags.extend(write(url, html.as_bytes()))
            }
            Err(d) => diags.push(d),
        }
        let records = match page_kind::search_facet(resolved, id) {
            Some(facet) => site_search::page_records(
                &resolved.config,
                &resolved.tree,
                &resolved.content,
                facet,
                id,
                sections,
            ),
            None => Vec::new(),
        };
        (diags, self.analyser.sections(records))
    }
}

/// The analyser of a build's search records: the glossary's synonyms are
/// expanded as records are analysed.
fn search_analyser(resolved: &Resolved, vocabulary: &search::Vocabulary) -> search::Analyser {
    search::Analyser::new(
        site_search::synonyms(resolved.content.glossary.as_ref()),
        vocabulary,
    )
}

/// Renders and writes every page; returns the problems found, the pages'
/// search records, and what else was produced. Under `waymark serve`, given
/// the memo of the last build and this build's fingerprints, pages whose
/// fingerprint is unchanged are reused; with `defer`, so is a changed page
/// that lists every page's title (the A–Z) and has been written before:
/// it is left to the search thread ([`render_deferred`]), since at 10,000
/// pages it took longer to render than all the other pages a title edit
/// changes.
pub(super) fn render_all(
    resolved: &Resolved,
    highlighter: &Highlighter,
    vocabulary: &search::Vocabulary,
    write: &(dyn Fn(&str, &[u8]) -> Option<Diagnostic> + Sync),
    serve: Option<(&std::collections::HashMap<String, PageMemo>, &Fingerprints)>,
    defer: bool,
) -> (Vec<Diagnostic>, Vec<PageRecords>, Produced) {
    let (memo, fingerprints) = match serve {
        Some((memo, fingerprints)) => (Some(memo), Some(fingerprints)),
        None => (None, None),
    };
    let inputs = RenderInputs::new(resolved);
    let renderer = Renderer::new(resolved, &inputs, highlighter, vocabulary);
    let deferred = std::sync::Mutex::new(Vec::new());
    type One = (Vec<Diagnostic>, PageRecords, Option<(String, PageMemo)>);
    let per_page: Vec<One> = (0..resolved.tree.pages.len())
        .into_par_iter()
        .map(|id| -> One {
            let url = &resolved.tree.pages[id].url;
            let fingerprint = fingerprints.as_ref().map(|f| f.pages[id]);
            if let (Some(fp), Some(memo)) = (fingerprint, memo) {
                let unchanged =
                    |m: &&PageMemo| m.fingerprint == Some(with_links(resolved, fp, &m.link_keys));
                if let Some(m) = memo.get(url).filter(unchanged) {
                    return (m.diagnostics.clone(), m.records.clone(), None);
                }
                let later = |m: &&PageMemo| {
                    defer
                        && m.diagnostics.is_empty()
                        && page_kind::inputs(resolved, resolved.tree.pages[id].kind).every_title
                };
                if let Some(m) = memo.get(url).filter(later) {
                    deferred
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((url.clone(), fp));
                    return (Vec::new(), m.records.clone(), None);
                }
            }
            let ((diags, records), link_keys) =
                crate::links::recording_lookups(|| renderer.page(id, write));
            let records = std::sync::Arc::new(records);
            let remembered = fingerprint.map(|fingerprint| {
                let memo = PageMemo {
                    fingerprint: Some(with_links(resolved, fingerprint, &link_keys)),
                    records: records.clone(),
                    diagnostics: diags.clone(),
                    link_keys,
                };
                (url.clone(), memo)
            });
            (diags, records, remembered)
        })
        .collect();
    let mut diags = Vec::new();
    let mut records = Vec::with_capacity(per_page.len());
    let mut fresh = Vec::new();
    for (d, r, f) in per_page {
        diags.extend(d);
        records.push(r);
        fresh.extend(f);
    }
    let urls: BTreeSet<String> = resolved.tree.pages.iter().map(|p| p.url.clone()).collect();
    let rendered: BTreeSet<&String> = fresh.iter().map(|(u, _)| u).collect();
    let kept: BTreeSet<String> = if memo.is_some() {
        urls.iter()
            .filter(|u| !rendered.contains(u))
            .cloned()
            .collect()
    } else {
        BTreeSet::new()
    };
    let shape = fingerprints.map(|f| f.site);
    (
        diags,
        records,
        Produced {
            fresh,
            kept,
            urls,
            shape,
            source_prints: Vec::new(),
            search_deferred: false,
            search_kept: BTreeSet::new(),
            deferred: deferred.into_inner().unwrap_or_else(|e| e.into_inner()),
        },
    )
}

/// Pages a serve build left for the search thread to render (see
/// [`render_all`]): the build they belong to, and each page's URL with its
/// fingerprint before links.
pub(super) struct DeferredPages {
    /// The last good build's, shared with the session.
    pub(super) resolved: std::sync::Arc<Resolved>,
    pub(super) highlighter: std::sync::Arc<Highlighter>,
    pub(super) vocabulary: search::Vocabulary,
    pub(super) pages: Vec<(String, u64)>,
}

/// A deferred page, rendered: its file and what the session remembers of
/// it, or the problems that kept it from being written.
pub(super) struct RenderedLater {
    pub(super) url: String,
    pub(super) bytes: Vec<u8>,
    pub(super) memo: PageMemo,
}

/// Renders the deferred pages with the one [`Renderer`]; `None` when any
/// page fails (the next build is then a full one, which reports why).
pub(super) fn render_deferred(deferred: &DeferredPages) -> Option<Vec<RenderedLater>> {
    let resolved = &deferred.resolved;
    let inputs = RenderInputs::new(resolved);
    let renderer = Renderer::new(
        resolved,
        &inputs,
        &deferred.highlighter,
        &deferred.vocabulary,
    );
    let mut done = Vec::new();
    for (url, fingerprint) in &deferred.pages {
        let id = resolved.tree.pages.iter().position(|e| &e.url == url)?;
        let file = std::sync::Mutex::new(None);
        let keep = |_: &str, bytes: &[u8]| {
            *file.lock().unwrap_or_else(|e| e.into_inner()) = Some(bytes.to_vec());
            None
        };
        let ((diags, records), link_keys) =
            crate::links::recording_lookups(|| renderer.page(id, &keep));
        let bytes = file.into_inner().unwrap_or_else(|e| e.into_inner());
        match bytes {
            Some(bytes) if diags.is_empty() => done.push(RenderedLater {
                url: url.clone(),
                bytes,
                memo: PageMemo {
                    fingerprint: Some(with_links(resolved, *fingerprint, &link_keys)),
                    records: std::sync::Arc::new(records),
                    diagnostics: diags,
                    link_keys,
                },
            }),
            _ => return None,
        }
    }
    Some(done)
}

/// The URL of the site's about page, which every page's footer links to
/// (`RenderInputs::about_url`); one lookup, so the fingerprints hash exactly
/// what the pages read.
fn about_url(resolved: &Resolved) -> Option<&String> {
    resolved.about_url.as_ref()
}

/// Drops from `memo` every page whose fingerprint changed (see
/// `Serving::forget_rendered`): it is about to be rendered again.
pub(super) fn forget_rendered(
    resolved: &Resolved,
    fingerprints: &Fingerprints,
    memo: &mut std::collections::HashMap<String, PageMemo>,
) {
    let unchanged: std::collections::HashSet<&str> = resolved
        .tree
        .pages
        .iter()
        .zip(&fingerprints.pages)
        .filter(|(entry, &fp)| {
            memo.get(&entry.url)
                .is_some_and(|m| m.fingerprint == Some(with_links(resolved, fp, &m.link_keys)))
        })
        .map(|(entry, _)| entry.url.as_str())
        .collect();
    memo.retain(|url, _| unchanged.contains(url.as_str()));
}

/// A page's fingerprint (before links) with the print of what the link
/// keys its render looked up resolve to now.
pub(super) fn with_links(resolved: &Resolved, fingerprint: u64, link_keys: &[String]) -> u64 {
    incremental::combine(fingerprint, resolved.links.lookups_print(link_keys))
}

/// The hashes a serve session compares pages by.
pub(super) struct Fingerprints {
    pub(super) site: SitePrints,
    /// Each page's fingerprint, before [`with_links`].
    pub(super) pages: Vec<u64>,
    /// The print of each page's source (`incremental::source_print`), in
    /// content order: kept with the build, so the next one made from it
    /// hashes only the pages that changed.
    pub(super) sources: Vec<u64>,
}

/// What every page's output depends on (see `crate::incremental`): the
/// site-shape hash, and each page's fingerprint from the inputs its kind
/// declares (`page_kind::inputs`), its view of the page tree
/// (`page_views`) and its templates. `known` holds the source prints already
/// known (by content index; `None` or missing: hashed here).
pub(super) fn page_fingerprints(resolved: &Resolved, known: &[Option<u64>]) -> Fingerprints {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    // Templates are not part of the shape: each page adds the print of
    // the templates it is rendered with (below), so a template edit
    // re-renders only the pages that use it.
    resolved.today.iso().hash(&mut h);
    for (title, url) in &resolved.header_nav {
        (title, url).hash(&mut h);
    }
    let c = &resolved.content;
    for value in [
        &resolved.config as &dyn std::fmt::Debug,
        // Not the tree or the links: each page adds what it shows of them
        // (`page_views`), so a new page or a new title re-renders only the
        // pages that show it.
        &c.glossary,
        &c.folder_meta,
        &c.maps,
        &c.map_versions,
        &c.forms,
        &c.form_versions,
        &c.sites,
        &c.assets,
        &c.national_rules,
    ] {
        incremental::hash_debug(&mut h, value);
    }
    // Read by every page (through `RenderInputs`), though it is a link.
    about_url(resolved).hash(&mut h);
    let shape = h.finish();
    let kinds: Vec<PageKind> = resolved.tree.pages.iter().map(|p| p.kind).collect();
    let inputs: Vec<_> = kinds
        .iter()
        .map(|&kind| page_kind::inputs(resolved, kind))
        .collect();
    // Hashing the whole tree and link index costs milliseconds of every
    // structural edit: only when some page reads them (a page whose kind
    // reads them keeps it through the quick path, which changes no kind).
    let whole = if inputs.iter().any(|reads| reads.whole_tree) {
        page_views::whole_site_print(resolved)
    } else {
        0
    };
    let sources = source_prints(resolved, known);
    let prints = incremental::fingerprints(shape, &inputs, &sources);
    let listings = page_views::Listings::new(&resolved.tree);
    let site = SitePrints {
        shape,
        whole,
        titles: page_views::every_title_print(&resolved.tree),
    };
    let prints = prints
        .into_par_iter()
        .zip(kinds)
        .zip(&inputs)
        .enumerate()
        .map(|(id, ((print, kind), reads))| {
            let print = incremental::combine(print, page_kind::templates_print(resolved, kind));
            let view = page_views::view_print(resolved, &listings, id, reads, &site);
            incremental::combine(print, view)
        })
        .collect();
    Fingerprints {
        site,
        pages: prints,
        sources,
    }
}

/// The print of every page's source (front matter and text, a site
/// pathway's merged text: `Resolved::page_text`), in content order, then
/// the 404 page's (`content/404.md`, empty without one), which
/// `page_kind::inputs` declares as that page's own: `known` ones taken as
/// they are, the others hashed (in parallel).
fn source_prints(resolved: &Resolved, known: &[Option<u64>]) -> Vec<u64> {
    let pages = &resolved.content.pages;
    let mut prints: Vec<u64> = (0..pages.len())
        .into_par_iter()
        .map(|i| {
            known.get(i).copied().flatten().unwrap_or_else(|| {
                incremental::source_print(&pages[i].front_yaml, resolved.page_text(i))
            })
        })
        .collect();
    let (front, body) = resolved
        .content
        .not_found
        .as_ref()
        .map_or(("", ""), |p| (p.front_yaml.as_str(), p.body.as_str()));
    prints.push(incremental::source_print(front, body));
    prints
}

/// Everything the search index is built from, so that `waymark serve` can
/// build it on another thread after the reload signal. Pages' records are
/// shared, not copied: gathering them costs next to nothing.
pub struct SearchJob {
    /// Each page's records, in page order.
    pages: Vec<PageRecords>,
    glossary: Vec<IndexedSection>,
    analyser: search::Analyser,
    /// The serve session's search generation the records belong to.
    pub(super) generation: u64,
    /// Pages the last serve build left to render here.
    pub(super) deferred: Option<DeferredPages>,
    /// The served folder and the hashes of the files it holds under
    /// `search/`: [`SearchJob::run`] writes the files that changed beside
    /// it as they are made, so the index is never held whole.
    beside: Option<(std::path::PathBuf, std::collections::BTreeMap<String, u64>)>,
    /// Set when a rebuild has made this index stale: it stops at its next
    /// step (see [`SearchJob::canceller`]).
    cancelled: std::sync::Arc<std::sync::atomic::AtomicBool>,
    scoring: search::Scoring,
}

/// Postings `waymark serve`'s index scores at a time (`search::Scoring`):
/// 262,144 are 3 MB, where every term's at once were 66 MB at 10,000
/// pages; each slice costs a pass over the records (21 at 10,000 pages,
/// about 20 ms each), on the index's background thread.
const SERVE_SLICE: usize = 1 << 18;

impl SearchJob {
    /// The index of `pages`' records, analysed in `vocabulary`'s term ids.
    pub(super) fn new(
        resolved: &Resolved,
        pages: Vec<PageRecords>,
        vocabulary: &search::Vocabulary,
    ) -> Self {
        let analyser = search_analyser(resolved, vocabulary);
        SearchJob {
            pages,
            glossary: resolved
                .content
                .glossary
                .as_ref()
                .map(|g| analyser.sections(site_search::glossary_records(g)))
                .unwrap_or_default(),
            analyser,
            generation: 0,
            deferred: None,
            beside: None,
            cancelled: Default::default(),
            scoring: search::Scoring::AllTerms,
        }
    }

    /// Scores in slices, sparing memory at the cost of time: for `waymark
    /// serve`, whose process stays (its peak is what it holds), and whose
    /// index is built after the reload it would otherwise delay.
    pub(super) fn sparing_memory(mut self) -> Self {
        self.scoring = search::Scoring::InSlices(SERVE_SLICE);
        self
    }

    /// A flag that stops this job when set: a full rebuild sets it (as the
    /// index is stale once the rebuild succeeds), so the job lets go of its
    /// records and postings instead of holding them beside the rebuild's.
    pub(super) fn canceller(&self) -> std::sync::Arc<std::sync::atomic::AtomicBool> {
        self.cancelled.clone()
    }

    fn is_cancelled(&self) -> bool {
        self.cancelled.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Makes [`SearchJob::run`] write the index's changed files beside the
    /// served folder `out`, whose files' hashes are `files`.
    pub(super) fn beside(
        mut self,
        out: &std::path::Path,
        files: &std::collections::BTreeMap<String, u64>,
    ) -> Self {
        let under = format!("{}/", search::INDEX_DIR);
        let known = files
            .range(under.clone()..)
            .take_while(|(path, _)| path.starts_with(&under))
            .map(|(path, hash)| (path.clone(), *hash))
            .collect();
        self.beside = Some((out.to_path_buf(), known));
        self
    }

    /// Builds the index and hands each file to `emit` as it is made.
    pub(super) fn write(&self, emit: search::Emit<'_>) {
        self.analyser
            .write_index(&self.records(), emit, &|| self.is_cancelled(), self.scoring);
    }

    /// Every record, in a deterministic order: references, since copying
    /// every record of a large site only to sort it cost as much as a
    /// quarter of the index build.
    fn records(&self) -> Vec<&IndexedSection> {
        let mut records: Vec<&IndexedSection> = self
            .pages
            .iter()
            .flat_map(|p| p.iter())
            .chain(self.glossary.iter())
            .collect();
        // Records arrive in thread order; sort so the index is deterministic.
        records.sort_by(|a, b| a.url.cmp(&b.url));
        records
    }

    /// A hash of the records and synonyms the index is built from.
    pub(super) fn key(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hash::hash(&(self.records(), self.analyser.synonyms()), &mut h);
        std::hash::Hasher::finish(&h)
    }

    /// Builds the index (on any thread), writing the files that changed
    /// beside the served folder as they are made (see
    /// [`SearchJob::beside`]), so the serve loop only moves them in.
    pub fn run(self) -> SearchBuilt {
        // The deferred pages first: a page is the likelier to be looked at.
        let pages = self.deferred.as_ref().map(render_deferred);
        let files = match &self.beside {
            Some((out, known)) => self.write_beside(out, known),
            None => Err("no served folder to write the search index beside".to_string()),
        };
        SearchBuilt {
            pages,
            generation: self.generation,
            cancelled: self.is_cancelled(),
            key: self.key(),
            files,
        }
    }

    fn write_beside(
        &self,
        out: &std::path::Path,
        known: &std::collections::BTreeMap<String, u64>,
    ) -> Result<incremental::Pending, String> {
        let pending = incremental::Pending::named(out, known, "search-pending")
            .map_err(|e| format!("cannot prepare the search index's update: {e}"))?;
        let failed = std::sync::Mutex::new(None);
        self.write(&|file| {
            if let Err(e) = pending.put(&file.path, &file.contents) {
                let mut failed = failed.lock().unwrap_or_else(|e| e.into_inner());
                failed.get_or_insert_with(|| format!("cannot write {}: {e}", file.path));
            }
        });
        match failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Some(problem) => Err(problem),
            None => Ok(pending),
        }
    }
}

/// A search index built by [`SearchJob::run`], to hand back to the session.
pub struct SearchBuilt {
    /// The deferred pages, rendered (`None` inside: one failed).
    pub(super) pages: Option<Option<Vec<RenderedLater>>>,
    pub(super) generation: u64,
    /// Stopped before it was finished (see [`SearchJob::canceller`]).
    pub(super) cancelled: bool,
    pub(super) key: u64,
    /// The index's files, those that changed waiting beside the served
    /// folder.
    pub(super) files: Result<incremental::Pending, String>,
}

/// The URL of a content page, wherever the tree put it.
fn page_url(resolved: &Resolved, page: usize) -> String {
    resolved
        .tree
        .pages
        .iter()
        .find(|e| e.kind == PageKind::Markdown(page))
        .map(|e| e.url.clone())
        .or_else(|| {
            resolved
                .links
                .target(&resolved.content.pages[page].path)
                .map(|t| t.url.clone())
        })
        .unwrap_or_default()
}
