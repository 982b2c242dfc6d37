//! Rendering: every page's body (Markdown, generated, site and training
//! pages), its template, its search records, and under `waymark serve` the
//! fingerprints that let unchanged pages be skipped.

use super::page_views::{self, SitePrints};
use super::*;
use crate::sites::page_data::{PathwayPageData, StaleSection, VariationView};

/// One page's search records, shared between the render, the serve memo
/// and the search index (never copied).
pub(super) type PageRecords = std::sync::Arc<Vec<SearchSection>>;

/// What rendering needs beyond [`Resolved`], worked out once per build.
pub(super) struct RenderInputs {
    about_url: Option<String>,
    /// Sites whose local pathway is behind the national text:
    /// `(site name, site page URL, section titles)`.
    stale_variations: Vec<(String, String, Vec<String>)>,
    pathway_urls: Vec<String>,
    map_urls: Vec<Option<String>>,
    maintenance: crate::maintenance::Report,
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
        let maintenance = crate::maintenance::report(
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
            about_url: resolved.links.target("about.md").map(|t| t.url.clone()),
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
    highlighter: &'a Highlighter,
    env: RenderEnv<'a>,
    gen: GenContext<'a>,
    sites: SiteContext<'a>,
}

impl<'a> Renderer<'a> {
    pub(super) fn new(
        resolved: &'a Resolved,
        inputs: &'a RenderInputs,
        highlighter: &'a Highlighter,
    ) -> Self {
        let today = resolved.today;
        Renderer {
            resolved,
            highlighter,
            env: RenderEnv {
                config: &resolved.config,
                content: &resolved.content,
                tree: &resolved.tree,
                theme: &resolved.theme,
                today,
                header_nav: resolved.header_nav.clone(),
                about_url: inputs.about_url.clone(),
                nav_cache: Default::default(),
            },
            gen: GenContext {
                config: &resolved.config,
                content: &resolved.content,
                docs: &resolved.documents,
                sites: &resolved.content.sites,
                links: &resolved.links,
                highlighter,
                today,
                has_feed: resolved.config.base_url.is_some(),
                maps: &resolved.maps,
                yaml_docs: &resolved.yaml_docs,
                tracked: &resolved.tracked,
                stale_variations: &inputs.stale_variations,
                maintenance: &inputs.maintenance,
            },
            sites: SiteContext {
                config: &resolved.config,
                content: &resolved.content,
                docs: &resolved.documents,
                variations: &resolved.variations,
                today,
                pathway_urls: &inputs.pathway_urls,
                map_urls: &inputs.map_urls,
                tracked: &resolved.tracked,
                has_agendas: version_pages::has_agendas(
                    &resolved.documents,
                    &resolved.content.sites,
                    !resolved.yaml_docs.docs.is_empty(),
                ),
            },
        }
    }

    /// Renders page `id` of the tree and writes it; returns its problems
    /// and its search records.
    pub(super) fn page(
        &self,
        id: usize,
        write: &(dyn Fn(&str, &[u8]) -> Option<Diagnostic> + Sync),
    ) -> (Vec<Diagnostic>, Vec<SearchSection>) {
        let resolved = self.resolved;
        let url = &resolved.tree.pages[id].url;
        let mut diags = Vec::new();
        let mut body = match (&resolved.generated[id], resolved.site_pages.get(url)) {
            (Some(page), _) => self.gen.body(page, url, &mut diags),
            (None, Some(page)) => self.sites.body(page, url),
            (None, None) => page_body(resolved, self.highlighter, id, &mut diags),
        };
        let mut sections = std::mem::take(&mut body.search);
        match self.env.render_page(id, &body) {
            Ok(html) => {
                if site_search::indexes_rendered(resolved.generated[id].as_ref()) {
                    sections = site_search::rendered_sections(&html);
                }
                diags.extend(write(url, html.as_bytes()))
            }
            Err(d) => diags.push(d),
        }
        let records = site_search::page_records(
            &resolved.config,
            &resolved.tree,
            &resolved.content,
            &resolved.documents,
            resolved.generated[id].as_ref(),
            id,
            sections,
        );
        (diags, records)
    }
}

/// Renders and writes every page; returns the problems found, the pages'
/// search records, and (under `waymark serve`, given the memo of the last
/// build) the site-shape hash that page fingerprints start from.
pub(super) fn render_all(
    resolved: &Resolved,
    highlighter: &Highlighter,
    write: &(dyn Fn(&str, &[u8]) -> Option<Diagnostic> + Sync),
    memo: Option<&std::collections::HashMap<String, PageMemo>>,
) -> (Vec<Diagnostic>, Vec<PageRecords>, Produced) {
    let fingerprints = memo.map(|_| page_fingerprints(resolved));
    let inputs = RenderInputs::new(resolved);
    let renderer = Renderer::new(resolved, &inputs, highlighter);
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
    let has_changes = !resolved.documents.docs.is_empty() || !resolved.yaml_docs.docs.is_empty();
    if let (Some(base), true) = (&resolved.config.base_url, has_changes) {
        // Made for the root, so every URL is relative to it.
        let entries = crate::versions::change_log::entries(
            &resolved.documents,
            &resolved.content,
            &resolved.yaml_docs,
            &resolved.maps,
            &resolved.content.forms,
            version_pages::CHANGES_URL,
        );
        let context = version_pages::FeedContext::new(entries, &resolved.config.title, base);
        match renderer.env.render_feed(&context) {
            Ok(feed) => diags.extend(write(version_pages::FEED_URL, feed.as_bytes())),
            Err(d) => diags.push(d),
        }
    }
    match renderer.env.render_not_found() {
        Ok(html) => diags.extend(write("404.html", html.as_bytes())),
        Err(d) => diags.push(d),
    }
    let shape = fingerprints.map(|f| f.site);
    (
        diags,
        records,
        Produced {
            fresh,
            kept,
            urls,
            shape,
            search_deferred: false,
            search_kept: BTreeSet::new(),
        },
    )
}

/// Generated pages that read page sources (versions, the change log, site
/// pages), so re-render when any page's text changes. The others depend on
/// the site shape alone.
pub(super) fn reads_page_sources(template: &str) -> bool {
    ![
        map_pages::TEMPLATE,
        form_pages::TEMPLATE,
        yaml_doc_pages::COMPARE_TEMPLATE,
        "search.html",
        "a-z.html",
    ]
    .contains(&template)
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
}

/// What every page's output depends on (see `crate::incremental`): the
/// site-shape hash, and each page's fingerprint.
fn page_fingerprints(resolved: &Resolved) -> Fingerprints {
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
        &c.forms,
        &c.sites,
        &c.assets,
        &c.national_rules,
    ] {
        incremental::hash_debug(&mut h, value);
    }
    // Read by every page (through `RenderInputs`), though it is a link.
    resolved
        .links
        .target("about.md")
        .map(|t| &t.url)
        .hash(&mut h);
    let shape = h.finish();
    let whole = page_views::whole_site_print(resolved);
    let kinds: Vec<PageKind> = resolved.tree.pages.iter().map(|p| p.kind.clone()).collect();
    let sources: Vec<(&str, &str)> = c
        .pages
        .iter()
        .map(|p| (p.front_yaml.as_str(), p.body.as_str()))
        .collect();
    let merged = |page: usize| resolved.variations.iter().any(|v| v.page == page);
    let prints = incremental::fingerprints(shape, &kinds, &sources, &reads_page_sources, &merged);
    let listings = page_views::Listings::new(&resolved.tree);
    let prints = prints
        .into_par_iter()
        .zip(&kinds)
        .enumerate()
        .map(|(id, (print, kind))| {
            let print = incremental::combine(print, templates_print(resolved, kind));
            let view = page_views::view_print(resolved, &listings, id, whole);
            incremental::combine(print, view)
        })
        .collect();
    Fingerprints {
        site: SitePrints { shape, whole },
        pages: prints,
    }
}

/// The print of the templates a page of this kind is rendered with (a
/// Markdown page may be a bench card, so both of its templates count).
pub(super) fn templates_print(resolved: &Resolved, kind: &PageKind) -> u64 {
    let theme = &resolved.theme;
    match kind {
        PageKind::Markdown(_) => theme.templates_print(&["page.html", "bench-card.html"]),
        PageKind::FolderIndex => theme.templates_print(&["folder.html"]),
        PageKind::Glossary => theme.templates_print(&["glossary.html"]),
        PageKind::Generated(name) => theme.templates_print(&[name]),
    }
}

/// The search index files, and a hash of the records they were built from
/// (`waymark serve` keeps both, to know the index's files later).
pub(super) fn build_search_index(
    resolved: &Resolved,
    pages: Vec<PageRecords>,
) -> (Vec<search::SearchFile>, u64) {
    let job = SearchJob::new(resolved, pages);
    let records = job.records();
    (job.files(&records), job.key(&records))
}

/// Everything the search index is built from, so that `waymark serve` can
/// build it on another thread after the reload signal. Pages' records are
/// shared, not copied: gathering them costs next to nothing.
pub struct SearchJob {
    /// Each page's records, in page order.
    pages: Vec<PageRecords>,
    glossary: Vec<SearchSection>,
    synonyms: Vec<search::Synonym>,
    /// The serve session's search generation the records belong to.
    pub(super) generation: u64,
}

impl SearchJob {
    pub(super) fn new(resolved: &Resolved, pages: Vec<std::sync::Arc<Vec<SearchSection>>>) -> Self {
        SearchJob {
            pages,
            glossary: resolved
                .content
                .glossary
                .as_ref()
                .map(site_search::glossary_records)
                .unwrap_or_default(),
            synonyms: site_search::synonyms(resolved.content.glossary.as_ref()),
            generation: 0,
        }
    }

    /// Every record, in a deterministic order: references, since copying
    /// every record of a large site only to sort it cost as much as a
    /// quarter of the index build.
    fn records(&self) -> Vec<&SearchSection> {
        let mut records: Vec<&SearchSection> = self
            .pages
            .iter()
            .flat_map(|p| p.iter())
            .chain(self.glossary.iter())
            .collect();
        // Records arrive in thread order; sort so the index is deterministic.
        records.sort_by(|a, b| a.url.cmp(&b.url));
        records
    }

    fn files(&self, records: &[&SearchSection]) -> Vec<search::SearchFile> {
        search::build_index(records, &self.synonyms)
    }

    fn key(&self, records: &[&SearchSection]) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hash::hash(&(records, &self.synonyms), &mut h);
        std::hash::Hasher::finish(&h)
    }

    /// Builds the index (on any thread), with the key for the cache and
    /// each file's hash, so the serve loop only compares and writes.
    pub fn run(self) -> SearchBuilt {
        let records = self.records();
        let files = self.files(&records);
        SearchBuilt {
            generation: self.generation,
            key: self.key(&records),
            hashes: files
                .iter()
                .map(|f| incremental::hash_bytes(&f.contents))
                .collect(),
            files,
        }
    }
}

/// A search index built by [`SearchJob::run`], to hand back to the session.
pub struct SearchBuilt {
    pub(super) generation: u64,
    pub(super) key: u64,
    pub(super) files: Vec<search::SearchFile>,
    /// `incremental::hash_bytes` of each file.
    pub(super) hashes: Vec<u64>,
}

fn page_body(
    resolved: &Resolved,
    highlighter: &Highlighter,
    id: usize,
    diags: &mut Vec<Diagnostic>,
) -> PageBody {
    let entry = &resolved.tree.pages[id];
    let headings = resolved.headings[id].clone();
    match entry.kind {
        PageKind::Markdown(i) => {
            let page = &resolved.content.pages[i];
            let own: BTreeSet<String> = headings.iter().map(|h| h.id.clone()).collect();
            let links = PageResolver {
                links: PageLinks {
                    index: &resolved.links,
                    from_url: &entry.url,
                    source_dir: page.folder(),
                    own_anchors: &own,
                },
                maps: &resolved.maps,
                forms: &resolved.content.forms,
                glossary: markdown::GlossaryMarks::for_page(
                    resolved.content.glossary.as_ref(),
                    &entry.url,
                ),
            };
            if let Some(v) = resolved.variations.iter().find(|v| v.page == i) {
                return pathway_body(
                    resolved,
                    v,
                    &links,
                    highlighter,
                    headings,
                    &entry.url,
                    diags,
                );
            }
            let rendered = markdown::render(
                &page.body,
                &page.source_ref(),
                &headings,
                &links,
                highlighter,
            );
            diags.extend(rendered.diagnostics);
            // A heading the page's title was made from is shown as the <h1>,
            // not in the body, so it is no entry of the contents either (its
            // anchor stays in the link index).
            let mut headings = headings;
            if page.title_heading && !headings.is_empty() {
                headings.remove(0);
            }
            PageBody {
                search: rendered.sections,
                html: rendered.html,
                headings,
                extra: serde_json::Value::Null,
            }
        }
        PageKind::Glossary => PageBody {
            search: Vec::new(),
            html: String::new(),
            headings,
            extra: resolved
                .content
                .glossary
                .as_ref()
                .map(glossary_context)
                .unwrap_or_default(),
        },
        PageKind::Generated(form_pages::TEMPLATE) => {
            match resolved
                .content
                .forms
                .iter()
                .find(|f| form_pages::url(f) == entry.url)
            {
                Some(form) => {
                    let mut body = form_pages::body(form);
                    body.extra["versions"] = crate::render::extra_data(&yaml_doc_pages::panel(
                        &resolved.yaml_docs,
                        YamlKind::Form,
                        &form.id,
                        &entry.url,
                    ));
                    body
                }
                None => PageBody {
                    search: Vec::new(),
                    html: String::new(),
                    headings,
                    extra: serde_json::Value::Null,
                },
            }
        }
        PageKind::Generated(map_pages::TEMPLATE) => {
            let which = resolved
                .maps
                .iter()
                .position(|m| m.url() == entry.url)
                .unwrap_or_default();
            let mut body = map_pages::body(&resolved.maps, which, &resolved.links, &entry.url);
            body.extra["versions"] = crate::render::extra_data(&yaml_doc_pages::panel(
                &resolved.yaml_docs,
                YamlKind::Map,
                &resolved.maps[which].id,
                &entry.url,
            ));
            body
        }
        PageKind::Generated(yaml_doc_pages::COMPARE_TEMPLATE) => {
            match resolved.yaml_compare.get(&entry.url) {
                Some(page) => yaml_doc_pages::compare_body(
                    &resolved.yaml_docs,
                    page,
                    &resolved.maps,
                    &resolved.content.forms,
                    &resolved.links,
                    &entry.url,
                ),
                None => PageBody {
                    search: Vec::new(),
                    html: String::new(),
                    headings,
                    extra: serde_json::Value::Null,
                },
            }
        }
        PageKind::Generated("a-z.html") => PageBody {
            search: Vec::new(),
            html: String::new(),
            headings,
            extra: crate::render::extra_data(&site_search::a_z_context(&resolved.tree, &entry.url)),
        },
        PageKind::FolderIndex | PageKind::Generated(_) => PageBody {
            search: Vec::new(),
            html: String::new(),
            headings,
            extra: serde_json::Value::Null,
        },
    }
}

/// A site's pathway page: the merged text with its local sections marked.
fn pathway_body(
    resolved: &Resolved,
    v: &SiteVariation,
    links: &PageResolver<'_>,
    highlighter: &Highlighter,
    headings: Vec<Heading>,
    url: &str,
    diags: &mut Vec<Diagnostic>,
) -> PageBody {
    let page = &resolved.content.pages[v.page];
    let site = &resolved.content.sites[v.site];
    let doc = &resolved.documents.docs[v.national_doc];
    let national = &doc.versions[v.national_version];
    let label = format!("{}, version {}", doc.title, national.number);
    let (html, search) = site_pages::pathway_html(
        v,
        &site.record.name,
        &page.source_ref(),
        &headings,
        links,
        highlighter,
        &label,
        diags,
    );
    let rel = |target: &str| crate::links::relative_url(url, target);
    PageBody {
        search,
        html,
        headings,
        extra: crate::render::extra_data(&PathwayPageData {
            variation: VariationView {
                site: &site.record.name,
                site_url: rel(&site_pages::site_url(site)),
                compare_url: rel(&site_pages::compare_url(site)),
                national: label,
                national_url: rel(&doc.url(&national.file_name())),
                stale: v
                    .stale
                    .iter()
                    .map(|s| StaleSection {
                        id: &s.id,
                        title: &s.title,
                    })
                    .collect(),
                based_on: v.based_on.to_string(),
            },
        }),
    }
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
