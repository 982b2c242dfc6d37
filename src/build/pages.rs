//! Rendering: every page's body (Markdown, generated, site and training
//! pages), its template, its search records, and under `waymark serve` the
//! fingerprints that let unchanged pages be skipped.

use super::*;

/// Renders and writes every page; returns the problems found and the
/// pages' search records.
pub(super) fn render_all(
    resolved: &Resolved,
    write: &(dyn Fn(&str, &[u8]) -> Option<Diagnostic> + Sync),
    memo: Option<&std::collections::HashMap<String, PageMemo>>,
) -> (Vec<Diagnostic>, Vec<SearchSection>, Produced) {
    let fingerprints = memo.map(|_| page_fingerprints(resolved));
    let highlighter = Highlighter::new();
    let about_url = resolved.links.target("about.md").map(|t| t.url.clone());
    let env = RenderEnv {
        config: &resolved.config,
        content: &resolved.content,
        tree: &resolved.tree,
        theme: &resolved.theme,
        today: Date::today(),
        header_nav: resolved.header_nav.clone(),
        about_url,
        nav_cache: Default::default(),
    };
    let stale_variations: Vec<(String, String, Vec<String>)> = resolved
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
    let gen = GenContext {
        content: &resolved.content,
        docs: &resolved.documents,
        sites: &resolved.content.sites,
        links: &resolved.links,
        highlighter: &highlighter,
        today: env.today,
        has_feed: resolved.config.base_url.is_some(),
        maps: &resolved.maps,
        yaml_docs: &resolved.yaml_docs,
        stale_variations: &stale_variations,
    };
    let pathway_urls: Vec<String> = resolved
        .variations
        .iter()
        .map(|v| page_url(resolved, v.page))
        .collect();
    let map_urls: Vec<Option<String>> = resolved
        .content
        .sites
        .iter()
        .map(|site| {
            let id = format!("{}-pathway", site.id);
            resolved.maps.iter().find(|m| m.id == id).map(|m| m.url())
        })
        .collect();
    let site_ctx = SiteContext {
        content: &resolved.content,
        docs: &resolved.documents,
        variations: &resolved.variations,
        today: env.today,
        pathway_urls: &pathway_urls,
        map_urls: &map_urls,
    };
    type One = (
        Vec<Diagnostic>,
        Vec<SearchSection>,
        Option<(String, PageMemo)>,
    );
    let (mut diags, records, fresh): (
        Vec<Diagnostic>,
        Vec<SearchSection>,
        Vec<(String, PageMemo)>,
    ) = (0..resolved.tree.pages.len())
        .into_par_iter()
        .map(|id| -> One {
            let url = &resolved.tree.pages[id].url;
            let fingerprint = fingerprints.as_ref().map(|f| f[id]);
            if let (Some(fp), Some(memo)) = (fingerprint, memo) {
                if let Some(m) = memo.get(url).filter(|m| m.fingerprint == fp) {
                    return (m.diagnostics.clone(), m.records.clone(), None);
                }
            }
            let mut diags = Vec::new();
            let mut body = match (&resolved.generated[id], resolved.site_pages.get(url)) {
                (Some(page), _) => gen.body(page, url, &mut diags),
                (None, Some(page)) => site_ctx.body(page, url),
                (None, None) => page_body(resolved, &highlighter, id, &mut diags),
            };
            match env.render_page(id, &body) {
                Ok(html) => diags.extend(write(&resolved.tree.pages[id].url, html.as_bytes())),
                Err(d) => diags.push(d),
            }
            let sections = std::mem::take(&mut body.search);
            let records = site_search::page_records(
                &resolved.tree,
                &resolved.content,
                &resolved.documents,
                resolved.generated[id].as_ref(),
                id,
                sections,
            );
            let remembered = fingerprint.map(|fingerprint| {
                let memo = PageMemo {
                    fingerprint,
                    records: records.clone(),
                    diagnostics: diags.clone(),
                };
                (url.clone(), memo)
            });
            (diags, records, remembered)
        })
        .fold(
            || (Vec::new(), Vec::new(), Vec::new()),
            |mut a, b| {
                a.0.extend(b.0);
                a.1.extend(b.1);
                a.2.extend(b.2);
                a
            },
        )
        .reduce(
            || (Vec::new(), Vec::new(), Vec::new()),
            |mut a, b| {
                a.0.extend(b.0);
                a.1.extend(b.1);
                a.2.extend(b.2);
                a
            },
        );
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
        let others: Vec<serde_json::Value> = yaml_doc_pages::changes(
            &resolved.yaml_docs,
            &resolved.maps,
            &resolved.content.forms,
            version_pages::CHANGES_URL,
        )
        .into_iter()
        .map(|c| c.json)
        .collect();
        let feed =
            version_pages::atom_feed(&resolved.documents, &others, &resolved.config.title, base);
        diags.extend(write(version_pages::FEED_URL, feed.as_bytes()));
    }
    match env.render_not_found() {
        Ok(html) => diags.extend(write("404.html", html.as_bytes())),
        Err(d) => diags.push(d),
    }
    (diags, records, Produced { fresh, kept, urls })
}

/// What every page's output depends on (see `crate::incremental`).
fn page_fingerprints(resolved: &Resolved) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    resolved.theme.fingerprint.hash(&mut h);
    Date::today().iso().hash(&mut h);
    for (title, url) in &resolved.header_nav {
        (title, url).hash(&mut h);
    }
    let c = &resolved.content;
    for value in [
        &resolved.config as &dyn std::fmt::Debug,
        &resolved.tree,
        &resolved.links,
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
    let shape = h.finish();
    let kinds: Vec<PageKind> = resolved.tree.pages.iter().map(|p| p.kind.clone()).collect();
    let sources: Vec<(&str, &str)> = c
        .pages
        .iter()
        .map(|p| (p.front_yaml.as_str(), p.body.as_str()))
        .collect();
    let shape_only = [
        map_pages::TEMPLATE,
        form_pages::TEMPLATE,
        yaml_doc_pages::COMPARE_TEMPLATE,
        "search.html",
        "a-z.html",
    ];
    incremental::fingerprints(shape, &kinds, &sources, &|t| !shape_only.contains(&t))
}

/// The search index files. Under `waymark serve`, `cache` holds the last
/// index and a hash of what it was built from: when nothing searchable
/// changed (a template edit, say), the same files are given again instead of
/// building the index anew.
pub(super) fn build_search_index(
    resolved: &Resolved,
    mut records: Vec<SearchSection>,
    cache: Option<&mut Option<(u64, Vec<search::SearchFile>)>>,
) -> Vec<search::SearchFile> {
    if let Some(glossary) = &resolved.content.glossary {
        records.extend(site_search::glossary_records(glossary));
    }
    let synonyms = site_search::synonyms(resolved.content.glossary.as_ref());
    // Records arrive in thread order; sort so the index is deterministic.
    records.sort_by(|a, b| a.url.cmp(&b.url));
    let Some(cache) = cache else {
        return search::build_index(&records, &synonyms);
    };
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::hash::Hash::hash(&(&records, &synonyms), &mut h);
    let key = std::hash::Hasher::finish(&h);
    match cache {
        Some((k, files)) if *k == key => files.clone(),
        _ => {
            let files = search::build_index(&records, &synonyms);
            *cache = Some((key, files.clone()));
            files
        }
    }
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
                    body.extra["versions"] = yaml_doc_pages::panel(
                        &resolved.yaml_docs,
                        YamlKind::Form,
                        &form.id,
                        &entry.url,
                    );
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
            body.extra["versions"] = yaml_doc_pages::panel(
                &resolved.yaml_docs,
                YamlKind::Map,
                &resolved.maps[which].id,
                &entry.url,
            );
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
            extra: site_search::a_z_context(&resolved.tree, &entry.url),
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
        extra: serde_json::json!({
            "variation": {
                "site": site.record.name,
                "site_url": rel(&site_pages::site_url(site)),
                "compare_url": rel(&site_pages::compare_url(site)),
                "national": label,
                "national_url": rel(&doc.url(&national.file_name())),
                "stale": v.stale.iter().map(|s| serde_json::json!({"id": s.id, "title": s.title})).collect::<Vec<_>>(),
                "based_on": v.based_on.to_string(),
            }
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
