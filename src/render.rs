//! Templating: a page's body and its place in the tree, through Tera, into
//! a complete HTML document.
//!
//! Everything a template sees is built here as plain serialisable structs,
//! with every URL already made relative to the page being rendered, so
//! templates never compute paths (and so cannot break `file://`).

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;

use crate::config::SiteConfig;
use crate::content::Content;
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Position};
use crate::links::{relative_url, root_prefix};
use crate::markdown::Heading;
use crate::theme::{error_chain, Theme};
use crate::tree::{Child, Folder, PageKind, PageTree};

/// The Content-Security-Policy of every page: nothing from outside, no
/// inline script or style. `'self'` covers the site's own files over HTTP;
/// Chromium treats `file:` pages as opaque origins, so `file:` is named too
/// for the site to work when opened from a folder.
pub const CSP: &str = "default-src 'none'; script-src 'self' file:; style-src 'self' file:; img-src 'self' file: data:; form-action 'self' file:; base-uri 'none'";

/// Pages with at least this many `##` headings get a contents list.
const TOC_MIN_HEADINGS: usize = 3;

/// What one page contributes beyond its place in the tree.
pub struct PageBody {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Extra values for templates of generated pages.
    pub extra: serde_json::Value,
    /// The page's text by section, for the search index (empty when the
    /// page is not searchable).
    pub search: Vec<crate::markdown::SectionText>,
}

/// What `404.html` receives: the frame of a page without a place in the
/// tree (no breadcrumbs, navigation or listing), every link under `root`.
#[derive(Serialize)]
struct NotFoundContext<'a> {
    site: SiteContext<'a>,
    csp: &'static str,
    root: String,
    url: &'static str,
    is_home: bool,
    title: &'a str,
    body: Option<&'a str>,
    about_url: Option<String>,
    glossary_url: Option<String>,
}

/// How a page of a given kind is drawn, as its kind declares it
/// (`crate::build::page_kind`).
pub struct Frame<'a> {
    /// The template that draws the page.
    pub template: &'static str,
    /// Full width, with no section navigation (redlines, matrices, print
    /// pages; search results with their filters beside them).
    pub wide: bool,
    /// The front matter whose training details the page shows, if any.
    pub training_front: Option<&'a crate::content::frontmatter::FrontMatter>,
}

/// Typed template data as a page's `extra`. Serializing a derived struct
/// (string keys only) to a JSON value cannot fail, so `Null` is never made.
pub fn extra_data<T: Serialize>(data: &T) -> serde_json::Value {
    serde_json::to_value(data).unwrap_or_default()
}

/// Everything shared by all pages of one build.
pub struct RenderEnv<'a> {
    pub config: &'a SiteConfig,
    pub content: &'a Content,
    pub tree: &'a PageTree,
    pub theme: &'a Theme,
    pub today: Date,
    /// Site-root-relative URLs of the header navigation, resolved once.
    pub header_nav: Vec<(String, String)>,
    pub about_url: Option<String>,
    /// Rendered section navigation by (page folder, nav folder, block start).
    pub nav_cache: Mutex<HashMap<(String, String, usize), Option<String>>>,
}

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Nav {
    title: String,
    url: String,
    items: Vec<NavItem>,
    /// The folder lists more than this block: the sidebar links to its
    /// page for the rest.
    more: bool,
}

#[derive(Serialize)]
struct ListItem {
    title: String,
    url: String,
    summary: Option<String>,
    is_folder: bool,
    count: usize,
}

#[derive(Serialize)]
struct AudienceTag<'a> {
    id: &'a str,
    /// The name `site.yaml` declares for it.
    label: &'a str,
    description: Option<&'a str>,
}

#[derive(Serialize, Default)]
struct PageMeta<'a> {
    audience: Vec<AudienceTag<'a>>,
    owner: Option<String>,
    review_by: Option<String>,
    /// The project's own front-matter keys (`extra_front_matter`).
    extra: Option<&'a std::collections::BTreeMap<String, serde_json::Value>>,
}

#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    language: &'a str,
    notice: Option<&'a str>,
    notice_label: Option<&'a str>,
    /// For canonical links (`crate::publish::web`).
    base_url: Option<&'a str>,
    /// The offline ZIP is on: the footer carries its download mark.
    offline_zip: bool,
}

impl<'a> SiteContext<'a> {
    fn of(config: &'a SiteConfig) -> Self {
        SiteContext {
            title: &config.title,
            language: &config.language,
            notice: config.notice.as_deref(),
            notice_label: config.notice_label.as_deref(),
            base_url: config.base_url.as_deref(),
            offline_zip: config.offline.zip,
        }
    }
}

#[derive(Serialize)]
struct PageContext<'a> {
    site: SiteContext<'a>,
    csp: &'static str,
    root: String,
    url: &'a str,
    is_home: bool,
    title: &'a str,
    summary: Option<&'a str>,
    caption: Option<String>,
    body: &'a str,
    toc: Vec<&'a Heading>,
    page_meta: PageMeta<'a>,
    review_due: bool,
    review_by: Option<String>,
    breadcrumbs: Vec<Link>,
    header_nav: Vec<NavItem>,
    /// The section navigation, already rendered (see `section_nav`).
    section_nav: Option<String>,
    /// Whether there is one: templates test this, not `section_nav`, because
    /// Tera escapes a string just to test it (the 9 KB sidebar, per page).
    has_section_nav: bool,
    prev: Option<Link>,
    next: Option<Link>,
    children: Vec<ListItem>,
    about_url: Option<String>,
    glossary_url: Option<String>,
    /// Module, case study or bench card details (see `crate::training`).
    training: Option<crate::training::TrainingInfo<'a>>,
    extra: &'a serde_json::Value,
}

impl RenderEnv<'_> {
    /// Renders page `id` of the tree with `body` into a whole HTML document,
    /// drawn as `frame` says.
    pub fn render_page(
        &self,
        id: usize,
        body: &PageBody,
        frame: &Frame<'_>,
    ) -> Result<String, Diagnostic> {
        let entry = &self.tree.pages[id];
        let url = entry.url.as_str();
        let rel = |target: &str| relative_url(url, target);
        let is_home = url == "index.html";
        let is_folder_index = self.tree.folder_of_index(id).is_some();

        let (meta, review_by, review_due) = match &entry.kind {
            PageKind::Markdown(i) => {
                let front = &self.content.pages[*i].front;
                let review_by = front.review_by.map(|d| d.long());
                (
                    PageMeta {
                        audience: front
                            .audience
                            .iter()
                            .map(|a| {
                                let declared = self.config.audience(a.id());
                                AudienceTag {
                                    id: a.id(),
                                    label: declared.map_or(a.id(), |d| &d.name),
                                    description: declared.and_then(|d| d.description.as_deref()),
                                }
                            })
                            .collect(),
                        owner: front.owner.clone(),
                        review_by: review_by.clone(),
                        extra: Some(&front.extra),
                    },
                    review_by,
                    front.review_by.is_some_and(|d| d < self.today),
                )
            }
            _ => (PageMeta::default(), None, false),
        };

        let ancestors = self.tree.ancestors(id);
        let breadcrumbs: Vec<Link> = if is_home {
            Vec::new()
        } else {
            ancestors
                .iter()
                .map(|f| Link {
                    // The home page's own title is the site's; "Home" says where the link goes.
                    title: if f.path.is_empty() {
                        "Home".to_string()
                    } else {
                        f.title.clone()
                    },
                    url: rel(&self.tree.pages[f.index].url),
                })
                .collect()
        };
        let caption = ancestors
            .last()
            .filter(|f| !f.path.is_empty())
            .map(|f| f.title.clone());

        // The folder whose pages the sidebar and previous/next walk.
        let nav_folder = if is_folder_index {
            self.tree
                .folders
                .get(&entry.folder)
                .and_then(|f| f.parent.clone())
        } else {
            Some(entry.folder.clone())
        };
        let nav_folder = if frame.wide { None } else { nav_folder };
        let (nav, prev, next) = match nav_folder.as_deref().and_then(|f| self.tree.folders.get(f)) {
            Some(folder) if !is_home => {
                let seq = self.tree.reading_sequence(&folder.path);
                let pos = seq.iter().position(|&p| p == id);
                let link = |p: usize| Link {
                    title: self.tree.pages[p].title.clone(),
                    url: rel(&self.tree.pages[p].url),
                };
                let prev = pos.and_then(|i| i.checked_sub(1)).map(|i| link(seq[i]));
                let next = pos.and_then(|i| seq.get(i + 1)).map(|&p| link(p));
                // Pages show the block of siblings they fall in (the one
                // block rule, `tree::nav_block_starts`); `seq[0]` is the
                // landing page, `seq[i]` the listed child `i - 1`.
                let block = folder.nav_block(pos.map(|p| p.saturating_sub(1)));
                let nav = self.section_nav(folder, &seq[1..], block, url)?;
                // The cached list is the same for every page of the block; mark this one.
                let nav = nav.map(|html| {
                    html.replace(
                        &format!("data-wm-nav=\"{}\"", rel(url)),
                        "aria-current=\"page\"",
                    )
                });
                (nav, prev, next)
            }
            _ => (None, None, None),
        };

        let children = match self.tree.folder_of_index(id) {
            Some(folder) => folder
                .children
                .iter()
                .map(|c| self.list_item(c, url))
                .collect(),
            None => Vec::new(),
        };

        let header_nav = self
            .header_nav
            .iter()
            .map(|(title, target)| {
                let target_folder = target.strip_suffix("index.html").unwrap_or(target);
                let current = if target == "index.html" {
                    is_home
                } else {
                    url.starts_with(target_folder)
                };
                NavItem {
                    title: title.clone(),
                    url: rel(target),
                    current,
                }
            })
            .collect();

        let h2_count = body.headings.iter().filter(|h| h.level == 2).count();
        let toc: Vec<&Heading> = if h2_count >= TOC_MIN_HEADINGS {
            body.headings
                .iter()
                .filter(|h| h.level == 2 || h.level == 3)
                .collect()
        } else {
            Vec::new()
        };

        let context = PageContext {
            site: SiteContext::of(self.config),
            csp: CSP,
            root: root_prefix(url),
            url,
            is_home,
            title: &entry.title,
            summary: entry.summary.as_deref(),
            caption,
            body: &body.html,
            toc,
            page_meta: meta,
            review_due,
            review_by,
            breadcrumbs,
            header_nav,
            has_section_nav: nav.is_some(),
            section_nav: nav,
            prev,
            next,
            children,
            about_url: self.about_url.as_deref().map(rel),
            glossary_url: self.content.glossary.as_ref().map(|_| rel("glossary.html")),
            training: frame
                .training_front
                .and_then(|f| crate::training::page_info(self.content, self.tree, id, f)),
            extra: &body.extra,
        };
        self.render_template(frame.template, &context, url)
    }

    /// The section navigation for pages in `page_url`'s folder: rendered
    /// once per folder and block, then shared, because it is identical for
    /// every page of the block except which entry is current (and rendering
    /// it per page was nearly half of all templating time).
    fn section_nav(
        &self,
        folder: &Folder,
        listed: &[usize],
        block: std::ops::Range<usize>,
        page_url: &str,
    ) -> Result<Option<String>, Diagnostic> {
        let dir = page_url.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let key = (dir.to_string(), folder.path.clone(), block.start);
        if let Some(cached) = self
            .nav_cache
            .lock()
            .ok()
            .and_then(|c| c.get(&key).cloned())
        {
            return Ok(cached);
        }
        let rel = |target: &str| relative_url(page_url, target);
        let items: Vec<NavItem> = listed
            .get(block)
            .unwrap_or_default()
            .iter()
            .map(|&p| NavItem {
                title: self.tree.pages[p].title.clone(),
                url: rel(&self.tree.pages[p].url),
                current: false,
            })
            .collect();
        let html = if items.is_empty() {
            None
        } else {
            let nav = Nav {
                title: folder.title.clone(),
                url: rel(&self.tree.pages[folder.index].url),
                more: listed.len() > items.len(),
                items,
            };
            let mut context = tera::Context::new();
            context.insert("nav", &nav);
            Some(
                self.theme
                    .tera
                    .render("section-nav.html", &context)
                    .map_err(|e| {
                        Diagnostic::error(
                            format!("themes/{}/templates/section-nav.html", self.config.theme),
                            Position::new(1, 1),
                            error_chain(&e),
                        )
                    })?,
            )
        };
        if let Ok(mut cache) = self.nav_cache.lock() {
            cache.insert(key, html.clone());
        }
        Ok(html)
    }

    fn list_item(&self, child: &Child, from: &str) -> ListItem {
        match child {
            Child::Page(p) => {
                let page = &self.tree.pages[*p];
                ListItem {
                    title: page.title.clone(),
                    url: relative_url(from, &page.url),
                    summary: page.summary.clone(),
                    is_folder: false,
                    count: 0,
                }
            }
            Child::Folder(path) => {
                let folder = &self.tree.folders[path];
                ListItem {
                    title: folder.title.clone(),
                    url: relative_url(from, &self.tree.pages[folder.index].url),
                    summary: folder.summary.clone(),
                    is_folder: true,
                    count: folder.children.len(),
                }
            }
        }
    }

    /// The 404 page: served from any depth by static servers, so links are
    /// absolute when `base_url` is known and root-relative guesses otherwise.
    /// `body` is the project's own text (`content/404.md`, rendered; empty
    /// without one), shown instead of the theme's wording.
    pub fn render_not_found(&self, title: &str, body: &PageBody) -> Result<String, Diagnostic> {
        let root = self
            .config
            .base_url
            .as_deref()
            .map(|b| format!("{}/", b.trim_end_matches('/')))
            .unwrap_or_default();
        let rooted = |target: &str| format!("{root}{target}");
        let context = NotFoundContext {
            site: SiteContext::of(self.config),
            csp: CSP,
            url: "404.html",
            is_home: false,
            title,
            body: (!body.html.is_empty()).then_some(body.html.as_str()),
            // The footer's links, as every other page has them.
            about_url: self.about_url.as_deref().map(rooted),
            glossary_url: self
                .content
                .glossary
                .as_ref()
                .map(|_| rooted("glossary.html")),
            root,
        };
        self.render_template("404.html", &context, "404.html")
    }

    /// The Atom feed of changes (`feed.xml`), from the context the change
    /// log gives it (`versions::feed`). It takes any `Serialize` so that
    /// `render` need not import `versions`, which renders with it.
    pub fn render_feed<T: Serialize>(&self, context: &T, url: &str) -> Result<String, Diagnostic> {
        self.render_template("feed.xml", context, url)
    }

    fn render_template<T: Serialize>(
        &self,
        template: &str,
        context: &T,
        url: &str,
    ) -> Result<String, Diagnostic> {
        let context = tera::Context::from_serialize(context).map_err(|e| {
            Diagnostic::error(
                format!("themes/{}/templates/{template}", self.config.theme),
                Position::new(1, 1),
                error_chain(&e),
            )
        })?;
        self.theme.tera.render(template, &context).map_err(|e| {
            Diagnostic::error(
                format!("themes/{}/templates/{template}", self.config.theme),
                Position::new(1, 1),
                format!("rendering {url}: {}", error_chain(&e)),
            )
            .with_hint("check the variables the template uses; see ARCHITECTURE.md for what each template receives")
        })
    }
}
