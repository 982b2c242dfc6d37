//! Load and resolve: everything read and checked before any page is
//! rendered, as a list of named steps. [`load`] reads the project into a
//! [`Loaded`] (configuration and content; the commands that read versions
//! use it too), [`load_theme`] the theme; [`resolve`] turns them
//! into the [`Resolved`] build: versions of documents, maps and forms
//! ([`resolve_versions`], shared with the commands that read versions),
//! site variations, the page tree, output collisions, headings, the link
//! index ([`link_index`]), header navigation and review warnings.
//!
//! Where a step still writes into load's data (documented at each): map and
//! form versions are moved into `Content::maps`/`forms` as items of their
//! own (`collect_yaml_versions`), and a site's pathway page takes the text
//! merged over the national document as its body (`variations::resolve`),
//! so every later stage reads it like any page. Nothing changes the
//! [`Resolved`] build after `resolve`: `waymark serve`'s quick path makes
//! the next build as a new value from the last one (`quick`), reusing
//! [`page_tree`], [`link_index`] and [`header_navigation`].

use super::page_kind::{self, LinkedBy};
use super::*;

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

/// Groups and checks the versions of maps and forms (moving each version
/// into the map and form lists, see `collect_yaml_versions`) and of
/// Markdown documents, and works out the major changes sites must confirm.
pub(crate) fn resolve_versions(
    content: &mut Content,
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
    let Loaded {
        config,
        mut content,
    } = loaded;
    let Versions {
        documents,
        yaml_docs,
        tracked,
    } = resolve_versions(&mut content, options.drafts, diags);
    let today = Date::today();
    changes::validate(&documents, &yaml_docs, &tracked, &content, today, diags);
    // Writes each site pathway's merged text into its page's body.
    let variations = variations::resolve(&mut content, &documents, diags);
    crate::training::validate(&content, diags);
    let site_maps = map_pages::build_all(&content.maps, diags);
    let tree = page_tree(
        &content,
        &config,
        &documents,
        &yaml_docs,
        &site_maps,
        &variations,
    );
    let headings: Vec<Arc<Vec<Heading>>> = scan_headings(&content, &tree)
        .into_iter()
        .map(Arc::new)
        .collect();
    let raw_ids: Vec<Vec<String>> = content
        .pages
        .par_iter()
        .map(|page| markdown::raw_html::ids(&page.body))
        .collect();
    let (links, header_nav, tree_diagnostics) = tree_steps(
        &options.root,
        TreeInputs {
            content: &content,
            config: &config,
            theme: &theme,
            tree: &tree,
            headings: &headings,
            raw_ids: &raw_ids,
            documents: &documents,
            site_maps: &site_maps,
        },
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
        yaml_docs: Arc::new(yaml_docs),
        variations: Arc::new(variations),
        links: Arc::new(links),
        tree_diagnostics,
        header_nav,
        today,
    }
}

/// What the steps that read the page tree read ([`tree_steps`]).
#[derive(Clone, Copy)]
pub(super) struct TreeInputs<'a> {
    pub(super) content: &'a Content,
    pub(super) config: &'a SiteConfig,
    pub(super) theme: &'a Theme,
    pub(super) tree: &'a PageTree,
    pub(super) headings: &'a [Arc<Vec<Heading>>],
    /// Each content page's raw-HTML ids (`markdown::raw_html::ids`).
    pub(super) raw_ids: &'a [Vec<String>],
    pub(super) documents: &'a Documents,
    pub(super) site_maps: &'a [map_pages::SiteMap],
}

/// The steps that read the page tree: output collisions, the link index
/// and header navigation, with what they reported. `waymark serve`'s quick
/// path runs them again over the tree it derives (`quick::structure`).
pub(super) fn tree_steps(
    root: &Path,
    inputs: TreeInputs,
) -> (LinkIndex, Vec<(String, String)>, Vec<Diagnostic>) {
    let mut diags = Diagnostics::new();
    let TreeInputs {
        content,
        config,
        theme,
        tree,
        ..
    } = inputs;
    check_output_collisions(content, tree, theme, config, &mut diags);
    let links = link_index(&inputs, &mut diags);
    let header_nav = header_navigation(root, config, &links, &mut diags);
    (links, header_nav, diags.iter().cloned().collect())
}

/// The page tree: Markdown pages (less the members of versioned documents,
/// which their document's pages show) and every feature's planned pages.
pub(super) fn page_tree(
    content: &Content,
    config: &SiteConfig,
    documents: &Documents,
    yaml_docs: &YamlDocs,
    site_maps: &[map_pages::SiteMap],
    variations: &[SiteVariation],
) -> PageTree {
    let planned = version_pages::plan(
        documents,
        content,
        &content.sites,
        !yaml_docs.docs.is_empty(),
    )
    .into_iter()
    .chain(search_pages())
    .chain(map_pages::plan(site_maps))
    .chain(form_pages::plan(&content.forms))
    .chain(yaml_pages::plan(yaml_docs))
    .chain(site_pages::plan(content, config, variations))
    .collect();
    PageTree::build(content, &|i| documents.member_pages.contains(&i), planned)
}

/// Headings of each tree page (empty for pages without Markdown).
pub(super) fn scan_headings(content: &Content, tree: &PageTree) -> Vec<Vec<Heading>> {
    tree.pages
        .par_iter()
        .map(|entry| match entry.kind {
            PageKind::Markdown(i) => markdown::scan_headings(&content.pages[i].body),
            _ => Vec::new(),
        })
        .collect()
}

/// The index of everything an author can link to: pages with their
/// anchors (a heading used twice on a page is reported here), folders,
/// versions by their source paths, generated pages by URL, maps, forms and
/// assets.
fn link_index(inputs: &TreeInputs, diags: &mut Diagnostics) -> LinkIndex {
    let TreeInputs {
        content,
        tree,
        headings,
        raw_ids,
        documents,
        site_maps,
        ..
    } = *inputs;
    let mut links = LinkIndex::default();
    for (id, entry) in tree.pages.iter().enumerate() {
        let mut anchors: BTreeSet<String> = headings[id].iter().map(|h| h.id.clone()).collect();
        match page_kind::linked_by(entry.kind, documents) {
            LinkedBy::Source(i) => {
                let page = &content.pages[i];
                // `<a id="…">` in the text is an anchor too (the sanitiser keeps ids).
                anchors.extend(raw_ids[i].iter().cloned());
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
            LinkedBy::Glossary => {
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
            LinkedBy::FolderOnly => {}
            LinkedBy::Url { also } => {
                links.add_page(entry.url.clone(), entry.url.clone(), anchors.clone());
                if let Some((key, anchors)) = also {
                    links.add_page(key, entry.url.clone(), anchors.clone());
                }
            }
        }
        if let Some(folder) = tree.folder_of_index(id) {
            links.add_page(folder.path.clone(), entry.url.clone(), anchors);
        }
    }
    for asset in &content.assets {
        links.add_asset(asset.clone());
    }
    // Maps are linked to by their source file, like pages.
    for m in site_maps {
        links.add_page(format!("maps/{}.yaml", m.id), m.url(), BTreeSet::new());
    }
    map_pages::check_links(site_maps, &links, diags);
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

/// The header navigation of `site.yaml`, resolved like any link from the
/// home page.
fn header_navigation(
    root: &Path,
    config: &SiteConfig,
    links: &LinkIndex,
    diags: &mut Diagnostics,
) -> Vec<(String, String)> {
    let mut header_nav = Vec::new();
    let no_anchors = BTreeSet::new();
    let from_root = PageLinks {
        index: links,
        from_url: "index.html",
        source_dir: "",
        own_anchors: &no_anchors,
    };
    for item in &config.navigation {
        match from_root.resolve(&item.path) {
            Ok(url) => header_nav.push((item.title.clone(), url)),
            Err(err) => {
                let line = navigation_line(root, &item.path);
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

    header_nav
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

/// Groups the versions of maps and forms and adds each version, and the
/// shown version under the plain id, to the map and form lists. The loaded
/// version files are moved out of `Content::map_versions`/`form_versions`
/// (left empty) into the documents, not copied: a 1,000-version map
/// history is read once.
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

/// Two things written to the same output file would make the result depend
/// on thread timing; report the author's file that collides instead.
fn check_output_collisions(
    content: &Content,
    tree: &PageTree,
    theme: &Theme,
    config: &SiteConfig,
    diags: &mut Diagnostics,
) {
    let mut owners: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    owners.insert("404.html".into(), "the generated 404 page".into());
    for (path, what) in crate::publish::reserved(config) {
        owners.insert(path, what.into());
    }
    if config.base_url.is_some() {
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
    let asset_files: Vec<(String, String)> = content
        .assets
        .iter()
        .map(|a| (a.clone(), format!("{}/{a}", content::CONTENT_DIR)))
        .collect();
    let mut every_output: Vec<(&String, &String)> = owners
        .iter()
        .chain(asset_files.iter().map(|(a, f)| (a, f)))
        .collect();
    every_output.sort(); // owners is a HashMap: keep messages stable
    for (url, owner) in every_output {
        let Some(other) = folded.insert(url.to_lowercase(), url) else {
            continue;
        };
        if other != url {
            let file = if owner.starts_with(content::CONTENT_DIR) {
                owner.clone()
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
    let page = |url: &str, title: &str, summary: &str, kind: PageKind| ExtraPage {
        entry: PageEntry {
            url: url.into(),
            title: title.into(),
            summary: Some(summary.into()),
            folder: String::new(),
            kind,
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
            PageKind::Search,
        ),
        page(
            site_search::A_Z_URL,
            "A to Z",
            "Every page of the guidance, in alphabetical order.",
            PageKind::AToZ,
        ),
    ]
}
