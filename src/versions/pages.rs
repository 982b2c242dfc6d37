//! The pages versioned documents add to a site, and their bodies.
//!
//! Per document: the current version at the document's plain URL, every
//! version at a permanent `v<n>.html`, a history timeline, comparisons of
//! every pair of versions, and a print page per version. Site-wide: "What's
//! changed" (plus an Atom feed when `base_url` is set) and the embedding
//! matrix with one agenda page per delivery site.

use super::change_log::{self, note_view, previous_of, NoteView};
use super::embedding::{EmbedState, Tracked};
use super::embedding_data::SiteEmbedState;
use super::page_data::{
    ChangesPage, ComparePage, DocLinks, FilterAudience, FilterDocument, FilterSite, Successor,
    VersionLink, VersionPage, VersionView,
};
use super::versioned_pages::{
    history_page, picker, plain_view, plan_comparisons, plan_history, version_list, ListLinks,
};
use super::{Document, Documents, Version, VersionState};
use crate::content::sites::Site;
use crate::content::Content;
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::diff;
use crate::embeds::PageResolver;
use crate::links::{relative_url, LinkIndex, PageLinks};
use crate::markdown::{self, highlight::Highlighter, Heading};
use crate::render::{extra_data, PageBody};
use crate::tree::{PageKind, PlannedPage, VersionedRef};

pub use super::feed::FeedContext;

pub const CHANGES_URL: &str = "changes.html";
pub const FEED_URL: &str = "changes.xml";
pub const EMBEDDING_URL: &str = "embedding/index.html";

pub fn print_url(doc: &Document, v: &Version) -> String {
    doc.url(&format!("print-v{}.html", v.number))
}

/// A site's embedding agenda (its page about the site itself is `sites::pages::site_url`).
pub fn site_agenda_url(site: &Site) -> String {
    format!("embedding/{}.html", site.id)
}

/// The pages to add to the tree.
/// `other_versions` is true when maps or forms have versions, which the
/// change log lists too.
pub fn plan(
    docs: &Documents,
    content: &Content,
    sites: &[Site],
    other_versions: bool,
) -> Vec<PlannedPage> {
    let mut pages = Vec::new();
    // A page's URL is its kind's (`build::page_kind::url`), not the plan's.
    let page = |title: String,
                summary: Option<String>,
                folder: &str,
                kind: PageKind,
                order: Option<i64>| PlannedPage {
        title,
        summary,
        folder: folder.to_string(),
        kind,
        order,
        listed: false,
        folder_index: false,
    };
    for (d, doc) in docs.docs.iter().enumerate() {
        let shown = &doc.versions[doc.shown()];
        let front = &content.pages[shown.payload.page].front;
        pages.push(PlannedPage {
            listed: true,
            ..page(
                doc.title.clone(),
                shown.summary.clone(),
                doc.folder(),
                PageKind::Version {
                    doc: d,
                    version: doc.shown(),
                    canonical: true,
                },
                front.order,
            )
        });
        for (v, version) in doc.versions.iter().enumerate() {
            let title = format!("{} – version {}", doc.title, version.number);
            pages.push(page(
                title.clone(),
                version.summary.clone(),
                doc.folder(),
                PageKind::Version {
                    doc: d,
                    version: v,
                    canonical: false,
                },
                None,
            ));
            pages.push(page(
                title,
                None,
                doc.folder(),
                PageKind::Print { doc: d, version: v },
                None,
            ));
        }
        let reference = VersionedRef::Document(d);
        pages.push(plan_history(doc, reference, doc.folder()));
        pages.extend(plan_comparisons(
            doc,
            reference,
            doc.folder(),
            |from, to| {
                format!(
                    "{}: version {} compared with {}",
                    doc.title, doc.versions[to].number, doc.versions[from].number
                )
            },
        ));
    }
    if !docs.docs.is_empty() || other_versions {
        pages.push(PlannedPage {
            listed: true,
            ..page("What's changed".into(), Some("Every change to versioned guidance, newest first. Filter by date to see what changed since your last meeting.".into()), "", PageKind::Changes, Some(i64::MAX / 4))
        });
    }
    if has_agendas(docs, sites, other_versions) {
        pages.push(PlannedPage {
            folder_index: true,
            ..page("Embedding national changes".into(), Some("Which sites have confirmed that each major national change is working in practice.".into()), "embedding", PageKind::EmbeddingMatrix, Some(i64::MAX / 4 + 1))
        });
        // Every site has an agenda, even one with nothing to confirm, so
        // the matrix and the CLI list the same sites (see `embedding`).
        for (s, site) in sites.iter().enumerate() {
            pages.push(PlannedPage {
                listed: true,
                ..page(format!("{}: changes to confirm", site.record.name), Some(format!("National changes awaiting confirmation by the {} steering group, printable as a meeting agenda.", site.record.name)), "embedding", PageKind::EmbeddingSite { site: s }, None)
            });
        }
    }
    if has_maintenance(docs, content, sites) {
        pages.push(page(
            "Maintenance".into(),
            Some("For the programme team: pages past their review date, site pathways behind a national change, and sites with overdue changes.".into()),
            "",
            PageKind::Maintenance,
            None,
        ));
    }
    pages
}

/// The maintenance view exists when there is anything it could list.
pub fn has_maintenance(docs: &Documents, content: &Content, sites: &[Site]) -> bool {
    !docs.docs.is_empty()
        || !sites.is_empty()
        || content.pages.iter().any(|p| p.front.review_by.is_some())
}

/// The embedding matrix and site agendas exist when there are sites and
/// something versioned whose major changes they might confirm.
pub fn has_agendas(docs: &Documents, sites: &[Site], other_versions: bool) -> bool {
    !sites.is_empty() && (!docs.docs.is_empty() || other_versions)
}

/// Everything page bodies need.
pub struct GenContext<'a> {
    pub config: &'a crate::config::SiteConfig,
    pub content: &'a Content,
    pub docs: &'a Documents,
    pub sites: &'a [Site],
    pub links: &'a LinkIndex,
    pub highlighter: &'a Highlighter,
    pub today: Date,
    pub has_feed: bool,
    /// Maps that version pages may embed.
    pub maps: &'a [crate::maps::pages::SiteMap],
    /// Forms that version pages may embed, versions of forms included.
    pub forms: &'a [crate::forms::Form],
    /// Versioned maps and forms, whose versions join the change log.
    pub yaml_docs: &'a super::yaml_docs::YamlDocs,
    /// Major changes sites must confirm, newest first.
    pub tracked: &'a [Tracked],
    /// Sites' local pathways whose national sections changed since they
    /// were written, for the steering dashboard: `(site name, site page URL,
    /// section titles)`.
    pub stale_variations: &'a [(String, String, Vec<String>)],
    /// What the programme team should look after (`crate::versions::maintenance`).
    pub maintenance: &'a crate::versions::maintenance::Report,
}

impl GenContext<'_> {
    fn headings_of(&self, v: &Version) -> Vec<Heading> {
        markdown::scan_headings(&self.content.pages[v.payload.page].body)
    }

    pub(crate) fn version_body(
        &self,
        d: usize,
        v: usize,
        canonical: bool,
        url: &str,
        diags: &mut Vec<Diagnostic>,
        print: bool,
    ) -> PageBody {
        let doc = &self.docs.docs[d];
        let version = &doc.versions[v];
        let page = &self.content.pages[version.payload.page];
        let headings = self.headings_of(version);
        let links = PageResolver {
            links: PageLinks {
                index: self.links,
                from_url: url,
                source_dir: &doc.path,
                own_anchors: &version.payload.section_ids,
            },
            maps: self.maps,
            forms: self.forms,
            glossary: crate::markdown::GlossaryMarks::for_page(
                self.content.glossary.as_ref().map(|g| g.matcher()),
                url,
            ),
        };
        let rendered = markdown::render(
            &page.body,
            &page.source_ref(),
            &headings,
            &links,
            self.highlighter,
        );
        diags.extend(rendered.diagnostics);
        let rel = |target: &str| relative_url(url, target);
        let versions = version_list(doc, v, url, ListLinks::SinceThisOne);
        let current = doc.current.map(|c| &doc.versions[c]);
        let previous = v.checked_sub(1).map(|p| &doc.versions[p]);
        let superseded_by = doc
            .versions
            .iter()
            .skip(v + 1)
            .find(|o| o.state != VersionState::Draft);
        let extra = VersionPage {
            doc: DocLinks {
                title: doc.title.clone(),
                url: rel(&doc.shown_url()),
                history_url: Some(rel(&doc.history_url())),
                print_url: Some(rel(&print_url(doc, version))),
            },
            version: self.version_view(doc, version, &headings, url),
            canonical,
            print,
            current: current.map(|c| VersionLink {
                number: c.number.to_string(),
                url: rel(&doc.url(&c.file_name())),
            }),
            superseded_by: superseded_by.map(|s| Successor {
                number: s.number.to_string(),
                effective: s.effective.long(),
            }),
            previous_compare_url: v.checked_sub(1).map(|p| rel(&doc.compare_url(p, v))),
            previous_number: previous.map(|p| p.number.to_string()),
            versions,
        };
        PageBody {
            search: rendered.sections,
            html: rendered.html,
            headings,
            extra: extra_data(&extra),
        }
    }

    fn version_view(
        &self,
        doc: &Document,
        version: &Version,
        headings: &[Heading],
        url: &str,
    ) -> VersionView {
        let previous = previous_of(doc, version);
        let changes: Vec<NoteView> = version
            .payload
            .changes
            .iter()
            .map(|c| note_view(doc, version, previous, c, headings, url))
            .collect();
        // The sections changed since the version before, each marked with
        // the notes that cover it (`coverage`).
        let section_changes = previous.map(|p| {
            super::coverage::views(
                &version.payload.section_changes,
                &relative_url(url, &doc.url(&version.file_name())),
                &relative_url(url, &doc.url(&p.file_name())),
            )
        });
        // What every versioned thing shows of a version, plus the notes and
        // section changes only documents have.
        let index = doc
            .versions
            .iter()
            .position(|v| v.number == version.number)
            .unwrap_or_default();
        VersionView {
            section_changes,
            changes,
            ..plain_view(doc, index, url)
        }
    }

    pub(crate) fn history_body(&self, d: usize, url: &str) -> PageBody {
        let doc = &self.docs.docs[d];
        let extra = history_page(
            doc,
            url,
            true,
            |v| {
                let version = &doc.versions[v];
                self.version_view(doc, version, &self.headings_of(version), url)
            },
            |v| Some(print_url(doc, &doc.versions[v])),
        );
        PageBody {
            search: Vec::new(),
            html: String::new(),
            headings: Vec::new(),
            extra: extra_data(&extra),
        }
    }

    pub(crate) fn compare_body(&self, d: usize, from: usize, to: usize, url: &str) -> PageBody {
        let doc = &self.docs.docs[d];
        let (old, new) = (&doc.versions[from], &doc.versions[to]);
        let result = diff::diff_documents(
            &self.content.pages[old.payload.page].body,
            &self.content.pages[new.payload.page].body,
        );
        let counts = result.counts();
        // Every changed section, with the notes (of any version in the
        // range) that cover it.
        let range_notes: Vec<(String, &crate::content::frontmatter::ChangeNote)> = doc.versions
            [from + 1..=to]
            .iter()
            .flat_map(|v| {
                v.payload
                    .changes
                    .iter()
                    .map(move |n| (doc.change_id(v, n), n))
            })
            .collect();
        let sections = super::coverage::views(
            &super::coverage::section_changes(
                &self.content.pages[old.payload.page].body,
                &self.content.pages[new.payload.page].body,
                &range_notes,
            ),
            &relative_url(url, &doc.url(&new.file_name())),
            &relative_url(url, &doc.url(&old.file_name())),
        );
        let notes = doc.versions[from + 1..=to]
            .iter()
            .rev()
            .map(|v| self.version_view(doc, v, &self.headings_of(v), url))
            .collect();
        let extra = ComparePage {
            doc: DocLinks {
                title: doc.title.clone(),
                url: relative_url(url, &doc.shown_url()),
                history_url: Some(relative_url(url, &doc.history_url())),
                print_url: None,
            },
            from: self.version_view(doc, old, &[], url),
            to: self.version_view(doc, new, &[], url),
            counts,
            identical: result.is_identical(),
            sections,
            notes,
            picker: picker(doc, url, Some((from, to))),
        };
        PageBody {
            search: Vec::new(),
            html: diff::render_html(&result),
            headings: Vec::new(),
            extra: extra_data(&extra),
        }
    }

    pub(crate) fn changes_body(&self, url: &str) -> PageBody {
        let forms = self.forms;
        let mut changes = change_log::entries(
            self.docs,
            self.content,
            self.yaml_docs,
            self.maps,
            forms,
            url,
        );
        for change in &mut changes {
            // A tracked change (a major note, or a major map or form
            // version) lists every site's state.
            if let Some(t) = self.tracked.iter().find(|t| t.id == change.id) {
                let sites = self.site_states(t, url);
                change.site_ids = site_ids(&sites);
                if change.note.major {
                    change.sites = sites;
                }
            }
        }
        let mut documents: Vec<FilterDocument> = self
            .docs
            .docs
            .iter()
            .map(|d| FilterDocument {
                path: d.path.clone(),
                title: d.title.clone(),
            })
            .collect();
        documents.extend(crate::versions::yaml_pages::filter_documents(
            self.yaml_docs,
        ));
        // Only sites whose embedding is tracked can be filtered on.
        let sites = self
            .sites
            .iter()
            .filter(|s| s.record.live_from.is_some())
            .map(|s| FilterSite {
                id: s.id.clone(),
                name: s.record.name.clone(),
            })
            .collect();
        let audiences = self
            .config
            .audiences_in_order()
            .iter()
            .map(|a| FilterAudience {
                id: a.id.clone(),
                label: a.name.clone(),
            })
            .collect();
        let extra = ChangesPage {
            changes,
            documents,
            sites,
            audiences,
            feed_url: self.has_feed.then(|| relative_url(url, FEED_URL)),
            embedding_url: (!self.sites.is_empty()).then(|| relative_url(url, EMBEDDING_URL)),
        };
        PageBody {
            search: Vec::new(),
            html: String::new(),
            headings: Vec::new(),
            extra: extra_data(&extra),
        }
    }
}

/// The sites a change-log entry can be filtered on: those that have to act
/// on the change or have settled it (not those it is not required of).
fn site_ids(sites: &[SiteEmbedState]) -> String {
    sites
        .iter()
        .filter(|s| s.state.state != EmbedState::NotRequired)
        .map(|s| s.id.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An HTML id for a change: its full id with punctuation turned to hyphens.
pub fn change_anchor(full_id: &str) -> String {
    full_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}
