//! The page model: for every kind of page the build writes
//! ([`PageKind`], one variant each, carrying its typed ids), this module
//! declares in one place
//!
//! - its URL ([`url`], calling its feature's URL rule), for every
//!   generated page: a feature's `plan` says which pages exist, their
//!   titles and folders, not where they are written;
//! - which template draws it ([`template`]) and how ([`frame`]: full width,
//!   training details; [`drawn_as`]: a page of the site, the 404 page or
//!   the feed);
//! - what it reads besides the site shape and its templates ([`inputs`]),
//!   from which `waymark serve`'s fingerprints (`pages::page_fingerprints`)
//!   and its quick path (`quick`) are derived;
//! - how its body and template data are made ([`Bodies::body`]), by calling
//!   its feature's pages module;
//! - what an author's link names it by ([`linked_by`]);
//! - whether and how it is searched ([`search_facet`], [`read_back`]) and
//!   whether the A–Z lists it ([`in_a_z`]).
//!
//! Each concern is one exhaustive `match` without a catch-all arm, so a new
//! kind of page cannot be added without the compiler asking for each.
//! A page's title and place in the tree are decided where its feature
//! plans it (`versions::pages::plan`, `sites::pages::plan`…, as
//! `tree::PlannedPage`s), because they are worked out from the feature's
//! own data.

use super::*;

mod bodies;
mod urls;
use crate::content::frontmatter::{FrontMatter, PageType};
use crate::incremental::PageInputs;
use crate::render::Frame;
use crate::site_search::SearchFacet;
use crate::tree::VersionedRef;
use crate::versions::VersionState;
pub(super) use urls::{url, Urls};

/// A Markdown page whose front matter makes it a bench card is drawn with
/// this template instead of `page.html`.
const BENCH_CARD_TEMPLATE: &str = "bench-card.html";

/// The template that draws a page of this kind.
pub(super) fn template(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Markdown(_) => "page.html",
        PageKind::FolderIndex => "folder.html",
        PageKind::Glossary => "glossary.html",
        PageKind::Version { .. } => "version.html",
        PageKind::Print { .. } => "print.html",
        PageKind::History { .. } => "history.html",
        PageKind::Compare {
            item: VersionedRef::Document(_),
            ..
        } => "compare.html",
        PageKind::Compare {
            item: VersionedRef::MapOrForm(_),
            ..
        } => "yaml-compare.html",
        PageKind::Changes => "changes.html",
        PageKind::EmbeddingMatrix => "embedding.html",
        PageKind::EmbeddingSite { .. } => "embedding-site.html",
        PageKind::Maintenance => "maintenance.html",
        PageKind::Site { .. } => "site.html",
        PageKind::SiteCompare { .. } => "site-compare.html",
        PageKind::SiteMatrix => "site-matrix.html",
        PageKind::Map { .. } => "map.html",
        PageKind::Form { .. } => "form.html",
        PageKind::Search => "search.html",
        PageKind::AToZ => "a-z.html",
        PageKind::NotFound => "404.html",
        PageKind::Feed => "feed.xml",
    }
}

/// Every template a page of this kind may be drawn with: a Markdown page
/// may be a bench card, so both of its templates count.
fn templates(kind: PageKind) -> Vec<&'static str> {
    match kind {
        PageKind::Markdown(_) => vec![template(kind), BENCH_CARD_TEMPLATE],
        other => vec![template(other)],
    }
}

/// The print of the templates a page of this kind is rendered with, so a
/// template edit re-renders only the pages that use it.
pub(super) fn templates_print(resolved: &Resolved, kind: PageKind) -> u64 {
    resolved.theme.templates_print(&templates(kind))
}

/// Full-width pages, without section navigation: redlines, matrices, maps,
/// print pages and change logs, and search results with their filters
/// beside them.
fn wide(kind: PageKind) -> bool {
    match kind {
        PageKind::Search
        | PageKind::Compare { .. }
        | PageKind::Map { .. }
        | PageKind::Print { .. }
        | PageKind::Changes
        | PageKind::EmbeddingMatrix
        | PageKind::EmbeddingSite { .. }
        | PageKind::SiteCompare { .. }
        | PageKind::SiteMatrix
        | PageKind::NotFound
        | PageKind::Feed => true,
        PageKind::Markdown(_)
        | PageKind::FolderIndex
        | PageKind::Glossary
        | PageKind::Version { .. }
        | PageKind::History { .. }
        | PageKind::Maintenance
        | PageKind::Site { .. }
        | PageKind::Form { .. }
        | PageKind::AToZ => false,
    }
}

/// The front matter whose training details (module, case study, bench
/// card) a page shows: a Markdown page's own, or for a version of a
/// versioned module, its folder's newest version's.
fn training_front(resolved: &Resolved, id: usize) -> Option<&FrontMatter> {
    match resolved.tree.pages[id].kind {
        PageKind::Markdown(i) => Some(&resolved.content.pages[i].front),
        PageKind::Version { .. } => {
            crate::training::front_of(&resolved.content, &resolved.tree, id)
        }
        PageKind::FolderIndex
        | PageKind::Glossary
        | PageKind::Print { .. }
        | PageKind::History { .. }
        | PageKind::Compare { .. }
        | PageKind::Changes
        | PageKind::EmbeddingMatrix
        | PageKind::EmbeddingSite { .. }
        | PageKind::Maintenance
        | PageKind::Site { .. }
        | PageKind::SiteCompare { .. }
        | PageKind::SiteMatrix
        | PageKind::Map { .. }
        | PageKind::Form { .. }
        | PageKind::Search
        | PageKind::AToZ
        | PageKind::NotFound
        | PageKind::Feed => None,
    }
}

/// How page `id` is drawn: its template, width and training details.
pub(super) fn frame(resolved: &Resolved, id: usize) -> Frame<'_> {
    let kind = resolved.tree.pages[id].kind;
    let training_front = training_front(resolved, id);
    let bench_card = training_front.is_some_and(|f| f.kind == PageType::BenchCard);
    Frame {
        template: match kind {
            PageKind::Markdown(_) if bench_card => BENCH_CARD_TEMPLATE,
            other => template(other),
        },
        wide: wide(kind),
        training_front,
    }
}

/// What a page is drawn as.
pub(super) enum Drawn {
    /// A page of the site, in its place in the tree (`RenderEnv::render_page`).
    Page,
    /// The 404 page: served at any address, so with no place in the tree
    /// and every link rooted (`RenderEnv::render_not_found`).
    NotFound,
    /// The Atom feed, an XML document (`RenderEnv::render_feed`).
    Feed,
}

/// What a page of this kind is drawn as.
pub(super) fn drawn_as(kind: PageKind) -> Drawn {
    match kind {
        PageKind::NotFound => Drawn::NotFound,
        PageKind::Feed => Drawn::Feed,
        PageKind::Markdown(_)
        | PageKind::FolderIndex
        | PageKind::Glossary
        | PageKind::Version { .. }
        | PageKind::Print { .. }
        | PageKind::History { .. }
        | PageKind::Compare { .. }
        | PageKind::Changes
        | PageKind::EmbeddingMatrix
        | PageKind::EmbeddingSite { .. }
        | PageKind::Maintenance
        | PageKind::Site { .. }
        | PageKind::SiteCompare { .. }
        | PageKind::SiteMatrix
        | PageKind::Map { .. }
        | PageKind::Form { .. }
        | PageKind::Search
        | PageKind::AToZ => Drawn::Page,
    }
}

/// What a page of this kind reads besides the site shape (configuration,
/// glossary, maps, forms, sites' records, rules, assets, today: see
/// `pages::page_fingerprints`), its own view of the page tree and the links
/// it looked up (`page_views`), and its templates.
pub(super) fn inputs(resolved: &Resolved, kind: PageKind) -> PageInputs {
    // Made from the site shape and the whole page tree (map and form
    // pages, the glossary…).
    let whole_tree = PageInputs {
        whole_tree: true,
        ..PageInputs::default()
    };
    let every_page_text = PageInputs {
        every_page_text: true,
        ..whole_tree
    };
    match kind {
        // A guidance page reads its own view of the tree (`page_views`); a
        // training page also reads its learning path, and a site's pathway
        // is merged over the national text, so it reads that too.
        PageKind::Markdown(i) => {
            let merged = resolved.variations.iter().any(|v| v.page == i);
            PageInputs {
                own_source: Some(i),
                every_page_text: merged,
                whole_tree: merged
                    || resolved.content.pages[i].front.kind
                        != crate::content::frontmatter::PageType::Guidance,
                every_title: false,
            }
        }
        // Versions, their comparisons, the change log, the embedding pages
        // and site pages are made from versioned documents' text.
        PageKind::Version { .. }
        | PageKind::Print { .. }
        | PageKind::History {
            item: VersionedRef::Document(_),
        }
        | PageKind::Compare {
            item: VersionedRef::Document(_),
            ..
        }
        | PageKind::Changes
        | PageKind::EmbeddingMatrix
        | PageKind::EmbeddingSite { .. }
        | PageKind::Maintenance
        | PageKind::Site { .. }
        | PageKind::SiteCompare { .. }
        | PageKind::SiteMatrix
        | PageKind::Feed => every_page_text,
        // The 404 page reads its own text (`content/404.md`, after every
        // page's source: `pages::source_prints`) and the links it makes.
        PageKind::NotFound => PageInputs {
            own_source: Some(resolved.content.pages.len()),
            ..PageInputs::default()
        },
        // A folder's listing is its view.
        PageKind::FolderIndex => PageInputs::default(),
        // A map's or form's versions are read from the site shape.
        PageKind::Glossary
        | PageKind::Map { .. }
        | PageKind::Form { .. }
        | PageKind::History {
            item: VersionedRef::MapOrForm(_),
        }
        | PageKind::Compare {
            item: VersionedRef::MapOrForm(_),
            ..
        } => whole_tree,
        // The search page is a form and its view; the A–Z lists every
        // page's title, summary and URL.
        PageKind::Search => PageInputs::default(),
        PageKind::AToZ => PageInputs {
            every_title: true,
            ..PageInputs::default()
        },
    }
}

/// What an author's link can name a page by (besides, for a folder's
/// landing page, the folder): see `resolve::link_index`.
pub(super) enum LinkedBy<'a> {
    /// Its source file's path (content page `.0`), with its headings' and
    /// raw HTML's anchors.
    Source(usize),
    /// `glossary.yaml`, with an anchor per term.
    Glossary,
    /// Only as its folder (a generated listing).
    FolderOnly,
    /// By nothing: not a page to link to.
    Nothing,
    /// Its URL (generated pages have no source file); `also` another name
    /// with its anchors: a version by its document's source path.
    Url {
        also: Option<(String, &'a BTreeSet<String>)>,
    },
}

/// What an author's link can name a page of this kind by.
pub(super) fn linked_by(kind: PageKind, documents: &Documents) -> LinkedBy<'_> {
    match kind {
        PageKind::Markdown(i) => LinkedBy::Source(i),
        PageKind::Glossary => LinkedBy::Glossary,
        PageKind::FolderIndex => LinkedBy::FolderOnly,
        // The shown version is what its document's folder path names; each
        // version is named by its own file.
        PageKind::Version {
            doc,
            version,
            canonical,
        } => {
            let d = &documents.docs[doc];
            let v = &d.versions[version];
            let key = if canonical {
                d.path.clone()
            } else {
                format!("{}/v{}.md", d.path, v.number)
            };
            LinkedBy::Url {
                also: Some((key, &v.payload.section_ids)),
            }
        }
        PageKind::Print { .. }
        | PageKind::History { .. }
        | PageKind::Compare { .. }
        | PageKind::Changes
        | PageKind::EmbeddingMatrix
        | PageKind::EmbeddingSite { .. }
        | PageKind::Maintenance
        | PageKind::Site { .. }
        | PageKind::SiteCompare { .. }
        | PageKind::SiteMatrix
        | PageKind::Map { .. }
        | PageKind::Form { .. }
        | PageKind::Search
        | PageKind::AToZ => LinkedBy::Url { also: None },
        // Neither is a page an author links to: a 404 page is reached by a
        // missing address, the feed by a reader's feed reader.
        PageKind::NotFound | PageKind::Feed => LinkedBy::Nothing,
    }
}

/// How page `id` is described in the search index, or `None` when it is
/// not searched: comparisons, history and print pages repeat text indexed
/// elsewhere; listings, the glossary page (its terms are records of their
/// own), the change log and site pages are not searched either.
pub(super) fn search_facet(resolved: &Resolved, id: usize) -> Option<SearchFacet> {
    let entry = &resolved.tree.pages[id];
    let facet = |kind, current, audience_page| {
        Some(SearchFacet {
            kind,
            current,
            audience_page,
        })
    };
    match entry.kind {
        PageKind::Markdown(i) => facet(site_search::kind_of(&entry.url), true, Some(i)),
        PageKind::Form { .. } => facet("Forms", true, None),
        PageKind::EmbeddingMatrix | PageKind::EmbeddingSite { .. } => {
            facet("Site confirmation", true, None)
        }
        PageKind::Version {
            doc,
            version,
            canonical,
        } => {
            let v = &resolved.documents.docs[doc].versions[version];
            match (canonical, v.state) {
                // The current version is indexed once, at the document's plain URL.
                (true, _) => facet("Protocol", true, Some(v.payload.page)),
                (false, VersionState::Superseded) => facet("Protocol", false, Some(v.payload.page)),
                _ => None,
            }
        }
        PageKind::FolderIndex
        | PageKind::Glossary
        | PageKind::Print { .. }
        | PageKind::History { .. }
        | PageKind::Compare { .. }
        | PageKind::Changes
        | PageKind::Maintenance
        | PageKind::Site { .. }
        | PageKind::SiteCompare { .. }
        | PageKind::SiteMatrix
        | PageKind::Map { .. }
        | PageKind::Search
        | PageKind::AToZ
        | PageKind::NotFound
        | PageKind::Feed => None,
    }
}

/// True for pages whose text exists only as rendered HTML (built from data
/// by their templates), so their search sections are read back from it
/// (`site_search::rendered_sections`): the embedding matrix and the sites'
/// agendas.
pub(super) fn read_back(kind: PageKind) -> bool {
    match kind {
        PageKind::EmbeddingMatrix | PageKind::EmbeddingSite { .. } => true,
        PageKind::Markdown(_)
        | PageKind::FolderIndex
        | PageKind::Glossary
        | PageKind::Version { .. }
        | PageKind::Print { .. }
        | PageKind::History { .. }
        | PageKind::Compare { .. }
        | PageKind::Changes
        | PageKind::Maintenance
        | PageKind::Site { .. }
        | PageKind::SiteCompare { .. }
        | PageKind::SiteMatrix
        | PageKind::Map { .. }
        | PageKind::Form { .. }
        | PageKind::Search
        | PageKind::AToZ
        | PageKind::NotFound
        | PageKind::Feed => false,
    }
}

/// Whether the A–Z, which stands in for search without JavaScript, lists
/// this page: authored pages, folders, the glossary, each versioned
/// document once (at its plain URL), the change log and embedding matrix.
fn in_a_z(entry: &PageEntry) -> bool {
    match entry.kind {
        PageKind::Markdown(_)
        | PageKind::Glossary
        | PageKind::FolderIndex
        | PageKind::Changes
        | PageKind::EmbeddingMatrix => true,
        PageKind::Version { .. } => entry.url.ends_with("/index.html"),
        PageKind::Print { .. }
        | PageKind::History { .. }
        | PageKind::Compare { .. }
        | PageKind::EmbeddingSite { .. }
        | PageKind::Maintenance
        | PageKind::Site { .. }
        | PageKind::SiteCompare { .. }
        | PageKind::SiteMatrix
        | PageKind::Map { .. }
        | PageKind::Form { .. }
        | PageKind::Search
        | PageKind::AToZ
        | PageKind::NotFound
        | PageKind::Feed => false,
    }
}

/// Makes every page's body, by kind, from the resolved build.
pub(super) struct Bodies<'a> {
    resolved: &'a Resolved,
    highlighter: &'a Highlighter,
    gen: GenContext<'a>,
    sites: SiteContext<'a>,
}

impl Bodies<'_> {
    /// Page `id`'s body, template data and search text.
    pub(super) fn body(&self, id: usize, diags: &mut Vec<Diagnostic>) -> PageBody {
        let resolved = self.resolved;
        let entry = &resolved.tree.pages[id];
        let url = entry.url.as_str();
        let (gen, sites) = (&self.gen, &self.sites);
        match entry.kind {
            PageKind::Markdown(i) => self.markdown_body(id, i, diags),
            PageKind::FolderIndex | PageKind::Search => data_only(Vec::new(), Value::Null),
            PageKind::Glossary => data_only(
                resolved.headings[id].to_vec(),
                resolved
                    .content
                    .glossary
                    .as_ref()
                    .map(glossary_context)
                    .unwrap_or_default(),
            ),
            PageKind::Version {
                doc,
                version,
                canonical,
            } => gen.version_body(doc, version, canonical, url, diags, false),
            PageKind::Print { doc, version } => {
                gen.version_body(doc, version, false, url, diags, true)
            }
            PageKind::History { item } => match item {
                VersionedRef::Document(doc) => gen.history_body(doc, url),
                VersionedRef::MapOrForm(d) => yaml_pages::history_body(
                    &resolved.yaml_docs,
                    d,
                    &resolved.maps,
                    &resolved.forms,
                    url,
                ),
            },
            PageKind::Compare { item, from, to } => match item {
                VersionedRef::Document(doc) => gen.compare_body(doc, from, to, url),
                VersionedRef::MapOrForm(d) => yaml_pages::compare_body(
                    &resolved.yaml_docs,
                    d,
                    from,
                    to,
                    &resolved.maps,
                    &resolved.forms,
                    &resolved.links,
                    url,
                ),
            },
            PageKind::Changes => gen.changes_body(url),
            PageKind::EmbeddingMatrix => gen.matrix_body(url),
            PageKind::EmbeddingSite { site } => gen.site_body(site, url),
            PageKind::Maintenance => gen.maintenance_body(url),
            PageKind::Site { site } => sites.site_body(site, url),
            PageKind::SiteCompare { variation } => sites.compare_body(variation, url),
            PageKind::SiteMatrix => sites.matrix_body(url),
            PageKind::Map { map } => {
                let mut body = map_pages::body(&resolved.maps, map, &resolved.links, url);
                body.extra["versions"] = crate::render::extra_data(&yaml_pages::panel(
                    &resolved.yaml_docs,
                    YamlKind::Map,
                    &resolved.maps[map].id,
                    url,
                ));
                body
            }
            PageKind::Form { form } => {
                let form = &resolved.forms[form];
                let mut body = form_pages::body(form);
                body.extra["versions"] = crate::render::extra_data(&yaml_pages::panel(
                    &resolved.yaml_docs,
                    YamlKind::Form,
                    &form.id,
                    url,
                ));
                body
            }
            PageKind::AToZ => data_only(
                Vec::new(),
                crate::render::extra_data(&site_search::a_z_context(&resolved.tree, url, &in_a_z)),
            ),
            PageKind::NotFound => super::not_found::body(resolved, self.highlighter, diags),
            PageKind::Feed => data_only(Vec::new(), self.feed_data()),
        }
    }
}

/// A page drawn by its template from data alone (no body text).
fn data_only(headings: Vec<Heading>, extra: Value) -> PageBody {
    PageBody {
        search: Vec::new(),
        html: String::new(),
        headings,
        extra,
    }
}

type Value = serde_json::Value;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_matrix_and_agendas_are_read_back_from_html() {
        assert!(read_back(PageKind::EmbeddingMatrix));
        assert!(read_back(PageKind::EmbeddingSite { site: 0 }));
        assert!(!read_back(PageKind::Changes));
        assert!(!read_back(PageKind::Markdown(0)));
    }

    #[test]
    fn a_markdown_page_counts_both_of_its_templates() {
        // The templates a kind is drawn with are what make a template edit
        // re-render it: a Markdown page may be a bench card.
        assert_eq!(
            templates(PageKind::Markdown(0)),
            ["page.html", "bench-card.html"]
        );
        assert_eq!(templates(PageKind::AToZ), ["a-z.html"]);
    }
}
