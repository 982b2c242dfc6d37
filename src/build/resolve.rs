//! Load and resolve: everything read and checked before any page is
//! rendered, as a list of named steps. [`load`] reads the project into a
//! [`Loaded`] (configuration and content; the commands that read versions
//! use it too), [`load_theme`] the theme; [`resolve`] turns them
//! into the [`Resolved`] build: versions of documents, maps and forms
//! ([`resolve_versions`], shared with the commands that read versions),
//! site variations, the page tree, output collisions, headings, the link
//! index ([`link_index`]), header navigation and review warnings.
//!
//! Versions of maps and forms are read from the loaded files, not moved
//! into `Content`: the maps drawn and the forms published are lists of
//! their own (`map_list`, `form_list`). A site's pathway page keeps its
//! loaded text; the text merged over the national document is kept in its
//! variation (`variations::resolve`), and every later stage reads a page's
//! text through `variations::page_text` (`Resolved::page_text`), so it
//! reads like any page's. Nothing changes the [`Resolved`] build after
//! `resolve`: `waymark serve`'s quick path makes the next build as a new
//! value from the last one (`quick`), reusing [`page_tree`] and
//! [`tree_steps`] (output collisions, the link index, header navigation
//! and the About page).

use super::page_kind::{self, LinkedBy};
use super::site_links::{about_page, header_navigation};
use super::*;
use crate::links::LinkTarget;

/// The load stage: the project as read from disk, before anything is
/// resolved.
pub(crate) struct Loaded {
    pub(crate) config: SiteConfig,
    pub(crate) content: Content,
}

/// Versioned documents, maps and forms, grouped and checked.
pub(crate) struct Versions {
    pub(crate) documents: Documents,
    pub(crate) yaml_docs: YamlDocs,
    /// Major changes sites must confirm (documents, maps and forms).
    pub(crate) tracked: Vec<crate::versions::embedding::Tracked>,
}

/// The load stage of a build: the project and its theme; `None` when
/// either cannot be read (their errors reported).
pub(super) fn load_with_theme(
    options: &BuildOptions,
    diags: &mut Diagnostics,
) -> Option<(Loaded, Theme)> {
    let loaded = load(&options.root, options.drafts, options.zip, diags)?;
    let theme = load_theme(&options.root, &loaded.config, diags)?;
    Some((loaded, theme))
}

/// The theme `site.yaml` names, over the built-in one; `None` (its errors
/// reported) when it cannot be loaded.
fn load_theme(root: &Path, config: &SiteConfig, diags: &mut Diagnostics) -> Option<Theme> {
    match Theme::load(root, &config.theme) {
        Ok(t) => Some(t),
        Err(errors) => {
            diags.extend(errors);
            None
        }
    }
}

/// Reads configuration and content; `None` when `site.yaml` cannot be
/// read. Ids the project uses but does not declare are implied, then
/// every use is checked against the declarations.
pub(crate) fn load(
    root: &Path,
    drafts: bool,
    zip: bool,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    let mut config = match SiteConfig::load(root) {
        Ok(c) => c,
        Err(errors) => {
            diags.extend(errors);
            return None;
        }
    };
    config.offline.zip |= zip;
    let content = content::load(root, drafts, &config.extra_front_matter, diags);
    content::vocabulary::imply_undeclared(&mut config, &content);
    content::vocabulary::check(&config, &content, diags);
    Some(Loaded { config, content })
}

/// Groups and checks the versions of maps and forms and of Markdown
/// documents, and works out the major changes sites must confirm. Reads
/// the loaded content without changing it.
pub(crate) fn resolve_versions(
    content: &Content,
    drafts: bool,
    diags: &mut Diagnostics,
) -> Versions {
    let yaml_docs = collect_yaml_versions(content, drafts, diags);
    let documents = Documents::collect(content, drafts, diags);
    let tracked = crate::versions::embedding::tracked_changes(&documents, &yaml_docs, content);
    Versions {
        documents,
        yaml_docs,
        tracked,
    }
}

/// The resolve stage: a loaded project, resolved step by step.
pub(super) fn resolve(
    loaded: Loaded,
    theme: Theme,
    options: &BuildOptions,
    diags: &mut Diagnostics,
) -> Resolved {
    let Loaded { config, content } = loaded;
    let Versions {
        documents,
        yaml_docs,
        tracked,
    } = resolve_versions(&content, options.drafts, diags);
    let today = Date::today();
    changes::validate(&documents, &yaml_docs, &tracked, &content, today, diags);
    // Each site pathway's merged text, which later steps read as its
    // page's text (`variations::page_text`).
    let variations = variations::resolve(&content, &documents, diags);
    crate::training::validate(&content, diags);
    let site_maps = map_pages::build_all(&map_list(&content, &yaml_docs), diags);
    let forms = form_list(&content, &yaml_docs);
    let tree = page_tree(
        &content,
        &config,
        &documents,
        &yaml_docs,
        &site_maps,
        &forms,
        &variations,
    );
    let headings: Vec<Arc<Vec<Heading>>> = scan_headings(&content, &variations, &tree)
        .into_iter()
        .map(Arc::new)
        .collect();
    let raw_ids: Vec<Vec<String>> = (0..content.pages.len())
        .into_par_iter()
        .map(|i| markdown::raw_html::ids(variations::page_text(&content, &variations, i)))
        .collect();
    let TreeSteps {
        links,
        header_nav,
        about_url,
        diagnostics: tree_diagnostics,
    } = tree_steps(
        &options.root,
        TreeInputs {
            content: &content,
            variations: &variations,
            config: &config,
            theme: &theme,
            tree: &tree,
            headings: &headings,
            raw_ids: &raw_ids,
            documents: &documents,
            site_maps: &site_maps,
            forms: &forms,
        },
        true,
    );
    diags.extend(tree_diagnostics.iter().cloned());
    review_warnings(&content, today, diags);
    Resolved {
        config: Arc::new(config),
        theme: Arc::new(theme),
        content,
        tree: Arc::new(tree),
        headings,
        raw_ids,
        documents: Arc::new(documents),
        tracked: Arc::new(tracked),
        maps: Arc::new(site_maps),
        forms: Arc::new(forms),
        yaml_docs: Arc::new(yaml_docs),
        variations: Arc::new(variations),
        links: Arc::new(links),
        tree_diagnostics,
        header_nav,
        about_url,
        today,
    }
}

/// What the steps that read the page tree read ([`tree_steps`]).
#[derive(Clone, Copy)]
pub(super) struct TreeInputs<'a> {
    pub(super) content: &'a Content,
    /// Site pathways, whose pages' text is the merged text.
    pub(super) variations: &'a [SiteVariation],
    pub(super) config: &'a SiteConfig,
    pub(super) theme: &'a Theme,
    pub(super) tree: &'a PageTree,
    pub(super) headings: &'a [Arc<Vec<Heading>>],
    /// Each content page's raw-HTML ids (`markdown::raw_html::ids`).
    pub(super) raw_ids: &'a [Vec<String>],
    pub(super) documents: &'a Documents,
    pub(super) site_maps: &'a [map_pages::SiteMap],
    /// The forms published: the project's own and every form version.
    pub(super) forms: &'a [Form],
}

/// What the steps that read the page tree make, with what they reported.
pub(super) struct TreeSteps {
    pub(super) links: LinkIndex,
    pub(super) header_nav: Vec<(String, String)>,
    /// The footer's About page (`site.yaml`'s `about:`).
    pub(super) about_url: Option<String>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// The steps that read the page tree: output collisions, the link index,
/// header navigation and the About page, with what they reported.
/// `waymark serve`'s quick path runs them again over the tree it derives
/// (`quick::structure`).
/// `collisions` false skips the output-collision check: for a tree whose
/// every page has the URL and source it had in a build where the check
/// found nothing (`quick::structure`).
pub(super) fn tree_steps(root: &Path, inputs: TreeInputs, collisions: bool) -> TreeSteps {
    let mut diags = Diagnostics::new();
    let TreeInputs {
        content,
        config,
        theme,
        tree,
        ..
    } = inputs;
    if collisions {
        check_output_collisions(content, tree, theme, config, &mut diags);
    }
    let links = link_index(&inputs, &mut diags);
    let header_nav = header_navigation(root, config, &links, &mut diags);
    let about_url = about_page(root, config, &links, &mut diags);
    TreeSteps {
        links,
        header_nav,
        about_url,
        diagnostics: diags.iter().cloned().collect(),
    }
}

/// The page tree: Markdown pages (less the members of versioned documents,
/// which their document's pages show) and every feature's planned pages.
pub(super) fn page_tree(
    content: &Content,
    config: &SiteConfig,
    documents: &Documents,
    yaml_docs: &YamlDocs,
    site_maps: &[map_pages::SiteMap],
    forms: &[Form],
    variations: &[SiteVariation],
) -> PageTree {
    let mut planned: Vec<PlannedPage> = version_pages::plan(
        documents,
        content,
        &content.sites,
        !yaml_docs.docs.is_empty(),
    );
    planned.extend(search_pages());
    planned.extend(map_pages::plan(site_maps));
    planned.extend(form_pages::plan(forms));
    planned.extend(yaml_pages::plan(yaml_docs));
    planned.extend(site_pages::plan(content, config, variations));
    planned.push(super::not_found::plan(content));
    planned.extend(crate::versions::feed::plan(
        config.base_url.as_deref(),
        !documents.docs.is_empty() || !yaml_docs.docs.is_empty(),
    ));
    let urls = page_kind::Urls {
        content,
        documents,
        yaml_docs,
        maps: site_maps,
        forms,
        variations,
    };
    // Markdown pages and folder listings are never planned: the tree places
    // them (`page_kind::url` is `None` for them).
    let pages = planned
        .into_iter()
        .filter_map(|page| {
            let url = page_kind::url(page.kind, &urls)?;
            Some(page.at(url))
        })
        .collect();
    PageTree::build(content, &|i| documents.member_pages.contains(&i), pages)
}

/// Headings of each tree page (empty for pages without Markdown).
pub(super) fn scan_headings(
    content: &Content,
    variations: &[SiteVariation],
    tree: &PageTree,
) -> Vec<Vec<Heading>> {
    tree.pages
        .par_iter()
        .map(|entry| match entry.kind {
            PageKind::Markdown(i) => {
                markdown::scan_headings(variations::page_text(content, variations, i))
            }
            _ => Vec::new(),
        })
        .collect()
}

/// One page's link targets by key, and the problems found making them.
type PageTargets = (Vec<(String, LinkTarget)>, Vec<Diagnostic>);

/// The index of everything an author can link to: pages with their
/// anchors (a heading used twice on a page is reported here), folders,
/// versions by their source paths, generated pages by URL, maps, forms and
/// assets.
fn link_index(inputs: &TreeInputs, diags: &mut Diagnostics) -> LinkIndex {
    let TreeInputs {
        content,
        variations,
        tree,
        headings,
        raw_ids,
        documents,
        site_maps,
        forms,
        ..
    } = *inputs;
    // Each page's targets and problems are made in parallel (at 10,000
    // pages this step was a fifth of a structural edit under `waymark
    // serve`), then added in page order, as before.
    let per_page: Vec<PageTargets> = tree
        .pages
        .par_iter()
        .enumerate()
        .map(|(id, entry)| {
            let mut targets = Vec::new();
            let mut problems = Vec::new();
            let mut anchors: BTreeSet<String> = headings[id].iter().map(|h| h.id.clone()).collect();
            let landing = tree.folder_of_index(id);
            // Copied only for a landing page, which its folder's path names too.
            let own = |anchors: &mut BTreeSet<String>| match landing {
                Some(_) => anchors.clone(),
                None => std::mem::take(anchors),
            };
            let mut add = |key: String, anchors: BTreeSet<String>| {
                targets.push((key, LinkTarget::page(entry.url.clone(), anchors)));
            };
            match page_kind::linked_by(entry.kind, documents) {
                LinkedBy::Source(i) => {
                    let page = &content.pages[i];
                    let text = variations::page_text(content, variations, i);
                    // `<a id="…">` in the text is an anchor too (the sanitiser keeps ids).
                    anchors.extend(raw_ids[i].iter().cloned());
                    for dup in markdown::duplicate_ids(&headings[id]) {
                        problems.push(
                            Diagnostic::error(
                                &page.file,
                                Position::of_offset(text, dup.offset, page.body_line),
                                format!("heading id `{}` is used twice on this page", dup.id),
                            )
                            .with_hint("give each heading a different `{#id}`"),
                        );
                    }
                    add(page.path.clone(), own(&mut anchors));
                }
                LinkedBy::Glossary => {
                    let glossary_anchors = content
                        .glossary
                        .as_ref()
                        .map(|g| g.anchors())
                        .unwrap_or_default();
                    add(
                        content::glossary::GLOSSARY_FILE.to_string(),
                        glossary_anchors,
                    );
                }
                LinkedBy::FolderOnly | LinkedBy::Nothing => {}
                LinkedBy::Url { also } => {
                    add(entry.url.clone(), own(&mut anchors));
                    if let Some((key, anchors)) = also {
                        add(key, anchors.clone());
                    }
                }
            }
            if let Some(folder) = landing {
                add(folder.path.clone(), anchors);
            }
            (targets, problems)
        })
        .collect();
    let mut links = LinkIndex::default();
    for (targets, problems) in per_page {
        for (key, target) in targets {
            links.add_target(key, target);
        }
        diags.extend(problems);
    }
    for asset in &content.assets {
        links.add_asset(asset.clone());
    }
    // Maps are linked to by their source file, like pages.
    for m in site_maps {
        links.add_page(format!("maps/{}.yaml", m.id), m.url(), BTreeSet::new());
    }
    map_pages::check_links(site_maps, &links, diags);
    for form in forms {
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
    // A document with a version that failed to load has unknown sections:
    // its anchors are not checked until the root error is fixed.
    for doc in documents
        .docs
        .iter()
        .filter(|d| content.failed_in_folder(&d.path))
    {
        links.forget_anchors(&doc.path);
        for v in &doc.versions {
            links.forget_anchors(&format!("{}/v{}.md", doc.path, v.number));
        }
    }

    links
}

/// A warning for each page past its review date.
fn review_warnings(content: &Content, today: Date, diags: &mut Diagnostics) {
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
}

/// Groups the versions of maps and forms. The loaded version files stay
/// in `Content::map_versions`/`form_versions`; each version names its file
/// by index (read by `map_list` and `form_list`).
fn collect_yaml_versions(content: &Content, drafts: bool, diags: &mut Diagnostics) -> YamlDocs {
    let plain: Vec<&str> = content.maps.iter().map(|(id, _)| id.as_str()).collect();
    let map_docs = yaml_docs::collect(
        YamlKind::Map,
        &content.map_versions,
        |m| m.title.clone(),
        &plain,
        drafts,
        diags,
    );
    let plain: Vec<&str> = content.forms.iter().map(|f| f.id.as_str()).collect();
    let form_docs = yaml_docs::collect(
        YamlKind::Form,
        &content.form_versions,
        |f| f.title.clone(),
        &plain,
        drafts,
        diags,
    );
    YamlDocs {
        docs: map_docs.into_iter().chain(form_docs).collect(),
    }
}

/// The maps to check and draw: the project's own maps, then each versioned
/// map's shown version under its plain id and every version under
/// `<id>/v<n>`, all borrowed from the loaded files (so drawing and
/// embedding need nothing versioned).
fn map_list<'a>(content: &'a Content, yaml_docs: &'a YamlDocs) -> Vec<(String, &'a MapFile)> {
    content
        .maps
        .iter()
        .map(|(id, m)| (id.clone(), m))
        .chain(yaml_docs::items(
            yaml_docs,
            YamlKind::Map,
            &content.map_versions,
        ))
        .collect()
}

/// The forms the site publishes, in the same order as `map_list`: each
/// version a form of its own (`<id>/v<n>`, and the shown one as `<id>`)
/// that knows which version it is. Copies of the loaded forms, which are
/// small; the content keeps its own.
fn form_list(content: &Content, yaml_docs: &YamlDocs) -> Vec<Form> {
    let versions =
        yaml_docs::items(yaml_docs, YamlKind::Form, &content.form_versions).map(|(id, form)| {
            let mut form = form.clone();
            if let Some((doc, v, _)) = yaml_docs.locate(YamlKind::Form, &id) {
                form.shown_version = Some(doc.versions[v].number.to_string());
            }
            form.id = id;
            form
        });
    content.forms.iter().cloned().chain(versions).collect()
}

/// Two things written to the same output file would make the result depend
/// on thread timing; report the author's file that collides instead.
fn check_output_collisions(
    content: &Content,
    tree: &PageTree,
    theme: &Theme,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) {
    // Owners are named only when two claim one path: under `waymark serve`
    // this check runs after every new or deleted page, and naming all
    // 10,000 owners up front was most of its time.
    enum Owner<'a> {
        Named(String),
        Page(&'a PageEntry),
    }
    let describe = |owner: &Owner| match owner {
        Owner::Named(what) => what.clone(),
        Owner::Page(entry) => match entry.kind {
            PageKind::Markdown(i) => content.pages[i].file.clone(),
            _ => format!("the generated page \"{}\"", entry.title),
        },
    };
    let fixed: Vec<(String, String)> = crate::publish::reserved(config)
        .into_iter()
        .map(|(path, what)| (path, what.to_string()))
        .chain(
            theme
                .static_files
                .iter()
                .map(|(name, _)| (format!("assets/{name}"), format!("the theme's {name}"))),
        )
        .collect();
    let mut owners: std::collections::HashMap<&str, Owner> = std::collections::HashMap::new();
    for (path, what) in &fixed {
        owners.insert(path, Owner::Named(what.clone()));
    }
    // Generated pages first: they cannot be renamed, so the author's file is the one to report.
    let mut order: Vec<usize> = (0..tree.pages.len()).collect();
    order.sort_by_key(|&id| matches!(tree.pages[id].kind, PageKind::Markdown(_)));
    for id in order {
        let entry = &tree.pages[id];
        if let Some(existing) = owners.get(entry.url.as_str()) {
            let file = match entry.kind {
                PageKind::Markdown(i) => content.pages[i].file.clone(),
                _ => crate::config::CONFIG_FILE.to_string(),
            };
            diags.push(
                Diagnostic::error(
                    file,
                    Position::new(1, 1),
                    format!(
                        "{} would be written to {}, which is already {}",
                        describe(&Owner::Page(entry)),
                        entry.url,
                        describe(existing)
                    ),
                )
                .with_hint("rename or move the file so that each output file has one source"),
            );
        } else {
            owners.insert(&entry.url, Owner::Page(entry));
        }
    }
    // The search index's files are named only once it is built, so its
    // whole folder is reserved: an author's `search/manifest.js` would
    // otherwise replace the index and run in every reader's browser.
    let reserved = format!("{}/", crate::search::INDEX_DIR);
    let in_reserved = tree.pages.iter().filter_map(|entry| match entry.kind {
        PageKind::Markdown(i) if entry.url.starts_with(&reserved) => {
            Some(content.pages[i].file.clone())
        }
        _ => None,
    });
    let assets_in_reserved = content
        .assets
        .iter()
        .filter(|a| a.starts_with(&reserved))
        .map(|a| format!("{}/{a}", content::CONTENT_DIR));
    for file in in_reserved.chain(assets_in_reserved) {
        diags.push(
            Diagnostic::error(
                file,
                Position::new(1, 1),
                format!("the folder {reserved} of the site is reserved for the search index"),
            )
            .with_hint(format!(
                "move the file out of content/{reserved}, e.g. into content/search-help/"
            )),
        );
    }
    // Case-only differences clash when the site is copied to a memory
    // stick or a Windows or macOS disk, where one file would replace the other.
    let mut folded: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    let asset_files: Vec<(&str, Owner)> = content
        .assets
        .iter()
        .map(|a| {
            let file = format!("{}/{a}", content::CONTENT_DIR);
            (a.as_str(), Owner::Named(file))
        })
        .collect();
    let mut every_output: Vec<(&str, &Owner)> = owners
        .iter()
        .map(|(url, owner)| (*url, owner))
        .chain(asset_files.iter().map(|(a, owner)| (*a, owner)))
        .collect();
    // Owners is a HashMap: keep messages stable. (Two owners of one path
    // fold to the same text, which is reported above, not here.)
    every_output.sort_by(|a, b| a.0.cmp(b.0));
    for (url, owner) in every_output {
        let Some(other) = folded.insert(url.to_lowercase(), url) else {
            continue;
        };
        if other != url {
            let owner = describe(owner);
            let file = if owner.starts_with(content::CONTENT_DIR) {
                owner
            } else {
                crate::config::CONFIG_FILE.to_string()
            };
            diags.push(
                Diagnostic::warning(
                    file,
                    Position::new(1, 1),
                    format!("{other} and {url} differ only in capital letters, so one replaces the other when the site is copied to a memory stick or a Windows or macOS disk"),
                )
                .with_hint("rename one of the source files"),
            );
        }
    }
    for asset in &content.assets {
        if let Some(existing) = owners.get(asset.as_str()) {
            diags.push(
                Diagnostic::error(
                    format!("content/{asset}"),
                    Position::new(1, 1),
                    format!(
                        "this file would be copied to {asset}, which is already {}",
                        describe(existing)
                    ),
                )
                .with_hint("rename or move the file"),
            );
        }
    }
}

/// The search results page and the A–Z index (the no-JavaScript fallback).
fn search_pages() -> Vec<PlannedPage> {
    let page = |title: &str, summary: &str, kind: PageKind| PlannedPage {
        kind,
        title: title.into(),
        summary: Some(summary.into()),
        folder: String::new(),
        order: None,
        listed: false,
        folder_index: false,
    };
    vec![
        page(
            "Search",
            "Search all the guidance, protocol versions and the glossary.",
            PageKind::Search,
        ),
        page(
            "A to Z",
            "Every page of the guidance, in alphabetical order.",
            PageKind::AToZ,
        ),
    ]
}
