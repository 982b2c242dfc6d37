//! How a page's body is made, for the kinds `Bodies::body` does not hand
//! straight to a feature's pages module: Markdown pages and sites' merged
//! pathways.

use super::super::pages::RenderInputs;
use super::*;
use crate::sites::page_data::{PathwayPageData, StaleSection, VariationView};

impl<'a> Bodies<'a> {
    pub(in crate::build) fn new(
        resolved: &'a Resolved,
        inputs: &'a RenderInputs,
        highlighter: &'a Highlighter,
    ) -> Self {
        let today = resolved.today;
        Bodies {
            resolved,
            highlighter,
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
                forms: &resolved.forms,
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

    /// A Markdown page (content page `page`, tree page `id`), or a site's
    /// pathway merged over the national text.
    pub(super) fn markdown_body(
        &self,
        id: usize,
        page: usize,
        diags: &mut Vec<Diagnostic>,
    ) -> PageBody {
        let resolved = self.resolved;
        let entry = &resolved.tree.pages[id];
        let headings = resolved.headings[id].to_vec();
        let source = &resolved.content.pages[page];
        let own: BTreeSet<String> = headings.iter().map(|h| h.id.clone()).collect();
        let links = PageResolver {
            links: PageLinks {
                index: &resolved.links,
                from_url: &entry.url,
                source_dir: source.folder(),
                own_anchors: &own,
            },
            maps: &resolved.maps,
            forms: &resolved.forms,
            glossary: markdown::GlossaryMarks::for_page(
                resolved.content.glossary.as_ref().map(|g| g.matcher()),
                &entry.url,
            ),
        };
        if let Some(v) = resolved.variations.iter().find(|v| v.page == page) {
            return self.pathway_body(v, &links, headings, &entry.url, diags);
        }
        let rendered = markdown::render(
            resolved.page_text(page),
            &source.source_ref(),
            &headings,
            &links,
            self.highlighter,
        );
        diags.extend(rendered.diagnostics);
        // A heading the page's title was made from is shown as the <h1>,
        // not in the body, so it is no entry of the contents either (its
        // anchor stays in the link index).
        let mut headings = headings;
        if source.title_heading && !headings.is_empty() {
            headings.remove(0);
        }
        PageBody {
            search: rendered.sections,
            html: rendered.html,
            headings,
            extra: Value::Null,
        }
    }

    /// A site's pathway page: the merged text with its local sections marked.
    fn pathway_body(
        &self,
        v: &SiteVariation,
        links: &PageResolver<'_>,
        headings: Vec<Heading>,
        url: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> PageBody {
        let resolved = self.resolved;
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
            self.highlighter,
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
}

impl Bodies<'_> {
    /// The Atom feed's data: the change log's entries, made for the site's
    /// root (the feed's URLs are written after `base_url`).
    pub(super) fn feed_data(&self) -> Value {
        let resolved = self.resolved;
        let entries = crate::versions::change_log::entries(
            &resolved.documents,
            &resolved.content,
            &resolved.yaml_docs,
            &resolved.maps,
            &resolved.forms,
            version_pages::CHANGES_URL,
        );
        let base = resolved.config.base_url.as_deref().unwrap_or_default();
        crate::render::extra_data(&version_pages::FeedContext::new(
            entries,
            &resolved.config.title,
            base,
        ))
    }
}
