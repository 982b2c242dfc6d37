//! The build, as a flat list of timed steps:
//! config → theme → load → resolve → render and write → commit.
//!
//! Each step is a call into the module that owns that concern; this file only
//! sequences them, collects diagnostics and times them. `waymark check` runs
//! the same steps without writing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{SiteConfig, CONFIG_FILE};
use crate::content::{self, Content};
use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::embeds::PageResolver;
use crate::form_pages;
use crate::incremental::{self, PageMemo, Session, SyncCounts};
use crate::links::{LinkIndex, PageLinks};
use crate::map_pages;
use crate::markdown::{self, highlight::Highlighter, Heading, LinkResolver};
use crate::output::Staging;
use crate::render::{glossary_context, PageBody, RenderEnv};
use crate::search::{self, SearchSection};
use crate::site_search;
use crate::sites::pages::{self as site_pages, SiteContext, SitePage};
use crate::sites::variations::{self, SiteVariation};
use crate::theme::Theme;
use crate::tree::{ExtraPage, PageEntry, PageKind, PageTree};
use crate::versions::changes;
use crate::versions::pages::{self as version_pages, GenContext, GenPage};
use crate::versions::yaml_docs::{self, YamlDocs, YamlKind};
use crate::versions::Documents;
use crate::yaml_doc_pages;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `None` means `<root>/public`.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    /// False for `waymark check`: every validation, nothing written.
    pub write: bool,
}

#[derive(Debug, Default)]
pub struct BuildReport {
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub files: usize,
    pub timings: Vec<(&'static str, Duration)>,
    pub out: PathBuf,
}

impl BuildReport {
    pub fn succeeded(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// Everything resolved before rendering starts.
struct Resolved {
    config: SiteConfig,
    theme: Theme,
    content: Content,
    tree: PageTree,
    /// Headings of each tree page (empty for pages without Markdown).
    headings: Vec<Vec<Heading>>,
    /// Checked process maps, by id.
    maps: Vec<map_pages::SiteMap>,
    /// Versioned maps and forms.
    yaml_docs: YamlDocs,
    /// Sites' pathway variations, merged with the national document.
    variations: Vec<SiteVariation>,
    /// Generated site pages (site, comparison, matrix), by URL.
    site_pages: std::collections::HashMap<String, SitePage>,
    /// Comparison pages of versioned maps and forms, by URL.
    yaml_compare: std::collections::HashMap<String, yaml_doc_pages::ComparePage>,
    /// What generates each generated page of the tree, by page id.
    generated: Vec<Option<GenPage>>,
    documents: Documents,
    links: LinkIndex,
    header_nav: Vec<(String, String)>,
}

pub fn build(options: &BuildOptions) -> BuildReport {
    let mut report = BuildReport {
        out: output_dir(options),
        ..Default::default()
    };
    let mut diags = Diagnostics::new();
    let resolved = timed(&mut report.timings, "load and resolve", || {
        resolve(options, &mut diags)
    });
    let Some(resolved) = resolved else {
        report.diagnostics = diags.sorted();
        return report;
    };
    // With errors already, still render (writing nothing) so that every
    // problem of the build, link errors included, is reported in one run.
    let already_failed = diags.has_errors();

    let staging = if options.write && !already_failed {
        match prepare_output(&options.root, &report.out).and_then(|()| Staging::new(&report.out)) {
            Ok(s) => Some(s),
            Err(message) => {
                diags.push(output_error(&report.out, message));
                report.diagnostics = diags.sorted();
                return report;
            }
        }
    } else {
        None
    };

    let files = AtomicUsize::new(0);
    let write = |rel: &str, bytes: &[u8]| -> Option<Diagnostic> {
        let staging = staging.as_ref()?;
        files.fetch_add(1, Ordering::Relaxed);
        staging
            .write(rel, bytes)
            .err()
            .map(|e| output_error(&report.out, format!("cannot write {rel}: {e}")))
    };
    produce(
        options,
        &resolved,
        &write,
        None,
        &mut report.timings,
        &mut diags,
    );
    report.pages = resolved.tree.pages.len();

    if let Some(staging) = staging {
        if diags.has_errors() {
            drop(staging); // the previous output stays untouched
        } else {
            report.files = files.load(Ordering::Relaxed);
            let committed = timed(&mut report.timings, "swap output into place", || {
                staging.commit()
            });
            if let Err(e) = committed {
                diags.push(output_error(
                    &report.out,
                    format!("cannot move the new site into place: {e}"),
                ));
            }
        }
    }
    report.diagnostics = diags.sorted();
    report
}

/// A build for `waymark serve`: the same steps, but pages whose inputs are
/// unchanged since the last build are not rendered again, and the output
/// folder is updated in place, file by file, only when the whole build
/// succeeded (see `crate::incremental`).
pub fn rebuild(options: &BuildOptions, session: &mut Session) -> (BuildReport, SyncCounts) {
    let mut report = BuildReport {
        out: output_dir(options),
        ..Default::default()
    };
    let mut diags = Diagnostics::new();
    let resolved = timed(&mut report.timings, "load and resolve", || {
        resolve(options, &mut diags)
    });
    let Some(resolved) = resolved else {
        report.diagnostics = diags.sorted();
        return (report, SyncCounts::default());
    };
    let outputs = std::sync::Mutex::new(std::collections::BTreeMap::new());
    let write = |rel: &str, bytes: &[u8]| -> Option<Diagnostic> {
        if let Ok(mut o) = outputs.lock() {
            o.insert(rel.to_string(), bytes.to_vec());
        }
        None
    };
    let outcome = produce(
        options,
        &resolved,
        &write,
        Some(&session.pages),
        &mut report.timings,
        &mut diags,
    );
    report.pages = resolved.tree.pages.len();
    let mut counts = SyncCounts {
        rendered: outcome.fresh.len(),
        reused: outcome.kept.len(),
        ..Default::default()
    };
    if !diags.has_errors() {
        let outputs = outputs.into_inner().unwrap_or_default();
        report.files = outputs.len() + outcome.kept.len();
        let synced = timed(&mut report.timings, "update changed files", || {
            incremental::sync(&report.out, outputs, &outcome.kept, session)
        });
        match synced {
            Ok(c) => {
                counts.written = c.written;
                counts.removed = c.removed;
                session.pages.retain(|url, _| outcome.urls.contains(url));
                session.pages.extend(outcome.fresh);
            }
            Err(e) => diags.push(output_error(
                &report.out,
                format!("cannot update the site: {e}"),
            )),
        }
    }
    report.diagnostics = diags.sorted();
    (report, counts)
}

fn output_dir(options: &BuildOptions) -> PathBuf {
    options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join("public"))
}

fn output_error(out: &Path, message: String) -> Diagnostic {
    Diagnostic::error(out.display().to_string(), Position::new(1, 1), message)
}

/// Refuses an output folder that would swallow the project.
pub fn prepare_output(root: &Path, out: &Path) -> Result<(), String> {
    match unsafe_output(root, out) {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
}

/// What rendering produced besides the files.
struct Produced {
    /// Pages rendered this time, with what to remember of them.
    fresh: Vec<(String, PageMemo)>,
    /// Files of pages reused from the memo (not rewritten).
    kept: BTreeSet<String>,
    /// Every page URL of this build.
    urls: BTreeSet<String>,
}

/// Renders pages, the search index and assets through `write`.
fn produce(
    options: &BuildOptions,
    resolved: &Resolved,
    write: &(dyn Fn(&str, &[u8]) -> Option<Diagnostic> + Sync),
    memo: Option<&std::collections::HashMap<String, PageMemo>>,
    timings: &mut Vec<(&'static str, Duration)>,
    diags: &mut Diagnostics,
) -> Produced {
    let (render_diags, records, produced) = timed(timings, "render and write pages", || {
        render_all(resolved, write, memo)
    });
    diags.extend(render_diags);
    timed(timings, "search index", || {
        for file in build_search_index(resolved, records) {
            diags.extend(write(&file.path, &file.contents));
        }
    });
    timed(timings, "copy assets", || {
        for (name, bytes) in &resolved.theme.static_files {
            diags.extend(write(&format!("assets/{name}"), bytes));
        }
        for asset in &resolved.content.assets {
            let path = options.root.join(content::CONTENT_DIR).join(asset);
            match std::fs::read(&path) {
                Ok(bytes) => diags.extend(write(asset, &bytes)),
                Err(e) => diags.push(Diagnostic::error(
                    format!("content/{asset}"),
                    Position::new(1, 1),
                    format!("cannot read: {e}"),
                )),
            }
        }
    });
    produced
}

fn timed<T>(
    timings: &mut Vec<(&'static str, Duration)>,
    name: &'static str,
    step: impl FnOnce() -> T,
) -> T {
    let start = Instant::now();
    let value = step();
    timings.push((name, start.elapsed()));
    value
}

/// Output folders that would destroy the project if replaced.
fn unsafe_output(root: &Path, out: &Path) -> Option<String> {
    let root = root.canonicalize().ok()?;
    let out_abs = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(out)
    };
    let out_abs = out_abs.canonicalize().unwrap_or(out_abs);
    if root.starts_with(&out_abs) {
        return Some(
            "the output folder contains the project itself; choose a folder such as public/".into(),
        );
    }
    for protected in ["content", "themes", "src", ".git"] {
        if out_abs.starts_with(root.join(protected)) {
            return Some(format!(
                "the output folder is inside {protected}/; choose a folder such as public/"
            ));
        }
    }
    None
}

fn resolve(options: &BuildOptions, diags: &mut Diagnostics) -> Option<Resolved> {
    let config = match SiteConfig::load(&options.root) {
        Ok(c) => c,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let theme = match Theme::load(&options.root, &config.theme) {
        Ok(t) => Some(t),
        Err(errors) => {
            diags.extend(errors);
            None
        }
    };
    let mut content = content::load(&options.root, options.drafts, diags);
    let theme = theme?;
    let yaml_docs = collect_yaml_versions(&mut content, options.drafts, diags);

    let today = Date::today();
    let documents = Documents::collect(&content, options.drafts, diags);
    changes::validate(&documents, &content.sites, today, diags);
    let variations = variations::resolve(&mut content, &documents, diags);
    crate::training::validate(&content, diags);
    let site_plan = site_pages::plan(&content, &variations);
    let site_pages_by_url = site_plan
        .iter()
        .map(|(p, g)| (p.entry.url.clone(), g.clone()))
        .collect();
    let site_maps = map_pages::build_all(&content.maps, diags);
    let plan = version_pages::plan(
        &documents,
        &content,
        &content.sites,
        !yaml_docs.docs.is_empty(),
    );
    let yaml_plan = yaml_doc_pages::plan(&yaml_docs);
    let yaml_compare = yaml_plan
        .iter()
        .map(|(p, c)| (p.entry.url.clone(), c.clone()))
        .collect();
    let gen_by_url: std::collections::HashMap<String, GenPage> = plan
        .iter()
        .map(|(p, g)| (p.entry.url.clone(), g.clone()))
        .collect();
    let tree = PageTree::build(
        &content,
        &|i| documents.member_pages.contains(&i),
        plan.into_iter()
            .map(|(p, _)| p)
            .chain(search_pages())
            .chain(map_pages::plan(&site_maps))
            .chain(form_pages::plan(&content.forms))
            .chain(yaml_plan.into_iter().map(|(p, _)| p))
            .chain(site_plan.into_iter().map(|(p, _)| p))
            .collect(),
    );
    check_output_collisions(&content, &tree, &theme, config.base_url.is_some(), diags);
    let generated: Vec<Option<GenPage>> = tree
        .pages
        .iter()
        .map(|p| match p.kind {
            PageKind::Generated(_) => gen_by_url.get(&p.url).cloned(),
            _ => None,
        })
        .collect();
    let headings: Vec<Vec<Heading>> = tree
        .pages
        .par_iter()
        .map(|entry| match entry.kind {
            PageKind::Markdown(i) => markdown::scan_headings(&content.pages[i].body),
            _ => Vec::new(),
        })
        .collect();

    let mut links = LinkIndex::default();
    for (id, entry) in tree.pages.iter().enumerate() {
        let anchors: BTreeSet<String> = headings[id].iter().map(|h| h.id.clone()).collect();
        match entry.kind {
            PageKind::Markdown(i) => {
                let page = &content.pages[i];
                for dup in markdown::duplicate_ids(&headings[id]) {
                    diags.push(
                        Diagnostic::error(
                            &page.file,
                            Position::of_offset(&page.body, dup.offset, page.body_line),
                            format!("heading id `{}` is used twice on this page", dup.id),
                        )
                        .with_hint("give each heading a different `{#id}`"),
                    );
                }
                links.add_page(page.path.clone(), entry.url.clone(), anchors.clone());
            }
            PageKind::Glossary => {
                let glossary_anchors = content
                    .glossary
                    .as_ref()
                    .map(|g| g.anchors())
                    .unwrap_or_default();
                links.add_page(
                    content::glossary::GLOSSARY_FILE,
                    entry.url.clone(),
                    glossary_anchors,
                );
            }
            PageKind::Generated(_) => {
                // Generated pages have no source file: link to them by their URL.
                links.add_page(entry.url.clone(), entry.url.clone(), anchors.clone());
                if let Some(GenPage::Version {
                    doc,
                    version,
                    canonical,
                }) = &generated[id]
                {
                    let d = &documents.docs[*doc];
                    let v = &d.versions[*version];
                    let key = if *canonical {
                        d.path.clone()
                    } else {
                        format!("{}/v{}.md", d.path, v.number)
                    };
                    links.add_page(key, entry.url.clone(), v.section_ids.clone());
                }
            }
            PageKind::FolderIndex => {}
        }
        if let Some(folder) = tree.folder_of_index(id) {
            links.add_page(folder.path.clone(), entry.url.clone(), anchors);
        }
    }
    for asset in &content.assets {
        links.add_asset(asset.clone());
    }
    // Maps are linked to by their source file, like pages.
    for m in &site_maps {
        links.add_page(format!("maps/{}.yaml", m.id), m.url(), BTreeSet::new());
    }
    map_pages::check_links(&site_maps, &links, diags);
    for form in &content.forms {
        links.add_page(
            format!("forms/{}.yaml", form.id),
            form_pages::url(form),
            BTreeSet::new(),
        );
    }
    // A page that failed to load is still a link target, with anchors unchecked.
    for failed in &content.failed_pages {
        links.add_asset(failed.clone());
    }

    // Header navigation from site.yaml, resolved like any link from the home page.
    let mut header_nav = Vec::new();
    let no_anchors = BTreeSet::new();
    let from_root = PageLinks {
        index: &links,
        from_url: "index.html",
        source_dir: "",
        own_anchors: &no_anchors,
    };
    for item in &config.navigation {
        match from_root.resolve(&item.path) {
            Ok(url) => header_nav.push((item.title.clone(), url)),
            Err(err) => {
                let line = navigation_line(&options.root, &item.path);
                let mut d = Diagnostic::error(
                    CONFIG_FILE,
                    Position::new(line, 1),
                    format!("navigation: {}", err.message),
                );
                if let Some(h) = err.hint {
                    d = d.with_hint(h);
                }
                diags.push(d);
            }
        }
    }

    for page in &content.pages {
        if let Some(due) = page.front.review_by.filter(|d| *d < today) {
            diags.push(
                Diagnostic::warning(
                    &page.file,
                    Position::new(2, 1),
                    format!("page was due for review on {}", due.long()),
                )
                .with_hint("review the page with its owner, then move `review_by` forward"),
            );
        }
    }

    Some(Resolved {
        config,
        theme,
        content,
        tree,
        headings,
        generated,
        documents,
        maps: site_maps,
        yaml_docs,
        yaml_compare,
        variations,
        site_pages: site_pages_by_url,
        links,
        header_nav,
    })
}

/// Groups the versions of maps and forms and adds each version, and the
/// shown version under the plain id, to the map and form lists.
fn collect_yaml_versions(content: &mut Content, drafts: bool, diags: &mut Diagnostics) -> YamlDocs {
    let plain_maps: Vec<String> = content.maps.iter().map(|(id, _)| id.clone()).collect();
    let plain: Vec<&str> = plain_maps.iter().map(String::as_str).collect();
    let (map_docs, map_items) = yaml_docs::collect(
        YamlKind::Map,
        std::mem::take(&mut content.map_versions),
        &plain,
        drafts,
        diags,
    );
    content.maps.extend(map_items);
    let plain_forms: Vec<String> = content.forms.iter().map(|f| f.id.clone()).collect();
    let plain: Vec<&str> = plain_forms.iter().map(String::as_str).collect();
    let (form_docs, form_items) = yaml_docs::collect(
        YamlKind::Form,
        std::mem::take(&mut content.form_versions),
        &plain,
        drafts,
        diags,
    );
    let docs = YamlDocs {
        docs: map_docs.into_iter().chain(form_docs).collect(),
    };
    for (id, mut form) in form_items {
        if let Some((doc, v, _)) = docs.locate(YamlKind::Form, &id) {
            form.shown_version = Some(doc.versions[v].number.to_string());
        }
        form.id = id;
        content.forms.push(form);
    }
    docs
}

fn navigation_line(root: &Path, path: &str) -> usize {
    std::fs::read_to_string(root.join(CONFIG_FILE))
        .ok()
        .and_then(|t| t.lines().position(|l| l.contains(path)))
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// Renders and writes every page; returns the problems found and the
/// pages' search records.
fn render_all(
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
    if let (Some(base), false) = (
        &resolved.config.base_url,
        resolved.documents.docs.is_empty(),
    ) {
        let feed = version_pages::atom_feed(&resolved.documents, &resolved.config.title, base);
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

fn build_search_index(
    resolved: &Resolved,
    mut records: Vec<SearchSection>,
) -> Vec<search::SearchFile> {
    if let Some(glossary) = &resolved.content.glossary {
        records.extend(site_search::glossary_records(glossary));
    }
    let synonyms = site_search::synonyms(resolved.content.glossary.as_ref());
    // Records arrive in thread order; sort so the index is deterministic.
    records.sort_by(|a, b| a.url.cmp(&b.url));
    search::build_index(&records, &synonyms)
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

/// Two things written to the same output file would make the result depend
/// on thread timing; report the author's file that collides instead.
fn check_output_collisions(
    content: &Content,
    tree: &PageTree,
    theme: &Theme,
    feed: bool,
    diags: &mut Diagnostics,
) {
    let mut owners: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    owners.insert("404.html".into(), "the generated 404 page".into());
    if feed {
        owners.insert(
            version_pages::FEED_URL.into(),
            "the Atom feed of changes".into(),
        );
    }
    for (name, _) in &theme.static_files {
        owners.insert(format!("assets/{name}"), format!("the theme's {name}"));
    }
    // Generated pages first: they cannot be renamed, so the author's file is the one to report.
    let mut order: Vec<usize> = (0..tree.pages.len()).collect();
    order.sort_by_key(|&id| matches!(tree.pages[id].kind, PageKind::Markdown(_)));
    for id in order {
        let entry = &tree.pages[id];
        let owner = match entry.kind {
            PageKind::Markdown(i) => content.pages[i].file.clone(),
            _ => format!("the generated page \"{}\"", entry.title),
        };
        if let Some(existing) = owners.get(&entry.url) {
            let file = match entry.kind {
                PageKind::Markdown(i) => content.pages[i].file.clone(),
                _ => crate::config::CONFIG_FILE.to_string(),
            };
            diags.push(
                Diagnostic::error(
                    file,
                    Position::new(1, 1),
                    format!(
                        "{owner} would be written to {}, which is already {existing}",
                        entry.url
                    ),
                )
                .with_hint("rename or move the file so that each output file has one source"),
            );
        } else {
            owners.insert(entry.url.clone(), owner);
        }
    }
    for asset in &content.assets {
        if let Some(existing) = owners.get(asset) {
            diags.push(
                Diagnostic::error(
                    format!("content/{asset}"),
                    Position::new(1, 1),
                    format!("this file would be copied to {asset}, which is already {existing}"),
                )
                .with_hint("rename or move the file"),
            );
        }
    }
}

/// The search results page and the A–Z index (the no-JavaScript fallback).
fn search_pages() -> Vec<ExtraPage> {
    let page = |url: &str, title: &str, summary: &str, template: &'static str| ExtraPage {
        entry: PageEntry {
            url: url.into(),
            title: title.into(),
            summary: Some(summary.into()),
            folder: String::new(),
            kind: PageKind::Generated(template),
            order: None,
        },
        listed: false,
        folder_index: false,
    };
    vec![
        page(
            site_search::SEARCH_URL,
            "Search",
            "Search all the guidance, protocol versions and the glossary.",
            "search.html",
        ),
        page(
            site_search::A_Z_URL,
            "A to Z",
            "Every page of the guidance, in alphabetical order.",
            "a-z.html",
        ),
    ]
}
