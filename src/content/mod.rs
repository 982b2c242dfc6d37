//! Loading: the `content/` folder read into typed values.
//!
//! This stage only reads and parses; it does not decide URLs or check links
//! (that is `crate::tree` and `crate::links`). Files are read in parallel,
//! then merged in path order so every later stage sees a stable order.

pub mod frontmatter;
pub mod glossary;
pub mod rules;
pub mod sites;
pub mod summary;
pub mod vocabulary;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::names;
use crate::versioning::VersionNumber;
use crate::versioning::{self, VersionedFile, YamlKind};
use crate::yaml;
use frontmatter::FrontMatter;
use glossary::{Glossary, GLOSSARY_FILE};
use sites::{EmbeddingFile, Site, SiteRecord};

pub const CONTENT_DIR: &str = "content";
/// Pages larger than this are refused: guidance pages are a few kilobytes,
/// and a huge file is most likely a mistake (or hostile input).
const MAX_PAGE_BYTES: u64 = 8 * 1024 * 1024;

/// A Markdown page as written.
#[derive(Debug, Clone)]
pub struct SourcePage {
    /// Path under `content/`, with `/` separators: `guide/consent.md`.
    pub path: String,
    /// Path from the project root, for messages: `content/guide/consent.md`.
    pub file: String,
    pub front: FrontMatter,
    /// The front matter as written (it starts on line 2), for positions of keys.
    pub front_yaml: String,
    pub body: String,
    /// The 1-based line of the file on which `body` starts.
    pub body_line: usize,
    /// The body opens with the heading the page's title is (taken from it,
    /// or the same text as the front matter's): the page's own `<h1>`
    /// shows it, so the body keeps only its anchor.
    pub title_heading: bool,
}

impl SourcePage {
    /// Where the body sits in its file, for positions in rendering messages.
    pub fn source_ref(&self) -> crate::markdown::SourceRef<'_> {
        crate::markdown::SourceRef {
            file: &self.file,
            body_line: self.body_line,
            title_heading: self.title_heading,
        }
    }

    /// Where in the file the first front-matter line matching `pred` is
    /// (serde keeps no positions, so messages about a key find its line).
    pub fn front_line_where(&self, pred: impl Fn(&str) -> bool) -> Option<Position> {
        self.front_yaml
            .lines()
            .position(pred)
            // Line 1 of the file is the opening `---`.
            .map(|i| Position::new(i + 2, 1))
    }

    /// Where the top-level front-matter key `key` is written.
    pub fn front_key(&self, key: &str) -> Option<Position> {
        let prefix = format!("{key}:");
        self.front_line_where(|l| l.starts_with(&prefix))
    }

    /// The folder the page is in (`guide` for `guide/consent.md`, `` at the top).
    pub fn folder(&self) -> &str {
        parent_folder(&self.path)
    }

    /// The name the page's URL is made from: `x` for `x.md`, `x.markdown`
    /// and `x.html.md` (a convention for "the page x.html").
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        page_stem(name).unwrap_or(name)
    }
}

/// True for a file Markdown tools treat as a page: `.md` or `.markdown`,
/// in any case (`README.MD`).
pub fn is_page_name(name: &str) -> bool {
    page_stem(name).is_some()
}

/// A page file's name without its Markdown extension (and a `.html` before
/// it); `None` for other files.
pub fn page_stem(name: &str) -> Option<&str> {
    let lower = name.to_ascii_lowercase();
    let ext = [".md", ".markdown"]
        .into_iter()
        .find(|ext| lower.ends_with(ext) && lower.len() > ext.len())?;
    let stem = &name[..name.len() - ext.len()];
    let html = stem.len().checked_sub(".html".len()).filter(|&at| {
        at > 0 && stem.is_char_boundary(at) && stem[at..].eq_ignore_ascii_case(".html")
    });
    Some(html.map_or(stem, |at| &stem[..at]))
}

/// True for the page at the content root that is the 404 page's text
/// (`404.md`, in any of the page spellings).
pub fn is_not_found_text(path: &str) -> bool {
    !path.contains('/') && page_stem(path) == Some("404")
}

/// `_section.yaml`: optional title, summary and order of a folder.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FolderMeta {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub order: Option<i64>,
}

#[derive(Debug, Default, Clone)]
pub struct Content {
    /// Shared, so that `waymark serve` can make the next build's content
    /// from the last one's, reading again only the pages that changed
    /// (`build::quick`), without copying the text of every other page.
    pub pages: Vec<std::sync::Arc<SourcePage>>,
    pub folder_meta: BTreeMap<String, FolderMeta>,
    /// Other files (images, PDFs) copied as they are, by path under `content/`.
    pub assets: Vec<String>,
    pub glossary: Option<Glossary>,
    pub sites: Vec<Site>,
    /// Forms and pink slips, `content/forms/<id>.yaml`, by id.
    pub forms: Vec<crate::forms::Form>,
    /// Process maps, `content/maps/<id>.yaml`, by id.
    pub maps: Vec<(String, crate::maps::MapFile)>,
    /// Versions of maps, `content/maps/<id>/v<n>.yaml`, grouped by the
    /// build (`crate::versions::yaml_docs`).
    pub map_versions: Vec<VersionedFile<crate::maps::MapFile>>,
    /// Versions of forms, `content/forms/<id>/v<n>.yaml`.
    pub form_versions: Vec<VersionedFile<crate::forms::Form>>,
    /// `content/national-rules.yaml`: the national rules sites are checked against.
    pub national_rules: Option<crate::content::rules::NationalRules>,
    /// Reading positions from mdBook `SUMMARY.md` files, by page path under
    /// `content/` (see [`summary`]); the tree uses them where a page has no
    /// `order`.
    pub reading_order: BTreeMap<String, usize>,
    /// Pages that could not be loaded (paths under `content/`): links to
    /// them are not reported as broken on top of the load error.
    pub failed_pages: Vec<String>,
    /// `content/404.md` (mdBook's convention): the text of the generated
    /// 404 page, not a page of the tree (it is in no listing, navigation or
    /// search, and its URL is the 404 page's own).
    pub not_found: Option<SourcePage>,
}

impl Content {
    /// A site's name by its id (`None` when there is no such site): labels
    /// of filters and search facets.
    pub fn site_name(&self, id: &str) -> Option<&str> {
        self.sites
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.record.name.as_str())
    }

    /// A requirement type declared in `content/national-rules.yaml`.
    pub fn requirement(&self, id: &str) -> Option<&crate::content::rules::RequirementType> {
        self.national_rules.as_ref()?.requirement(id)
    }

    /// A requirement's short form for tags ("VIS"), or its id in capitals.
    pub fn requirement_short(&self, id: &str) -> String {
        self.requirement(id)
            .map_or_else(|| id.to_uppercase(), |r| r.short())
    }

    /// `items` (requirement `id`s) in the order the rules declare the requirement types (pages
    /// list them so, not alphabetically); undeclared ones last.
    pub fn in_requirement_order<T>(
        &self,
        items: impl IntoIterator<Item = T>,
        id: impl Fn(&T) -> &str,
    ) -> Vec<T> {
        let declared = self
            .national_rules
            .as_ref()
            .map(|r| r.requirement_ids())
            .unwrap_or_default();
        let mut list: Vec<T> = items.into_iter().collect();
        list.sort_by_key(|item| {
            declared
                .iter()
                .position(|d| *d == id(item))
                .unwrap_or(usize::MAX)
        });
        list
    }

    /// True when a page in `folder` (a path under `content/`) failed to
    /// load. Whatever depends on that folder's pages (a versioned document's
    /// versions, anchors, change ids) is then unknown, and reporting it
    /// missing would bury the one real error under follow-on ones.
    pub fn failed_in_folder(&self, folder: &str) -> bool {
        let folder = folder.trim_end_matches('/');
        self.failed_pages.iter().any(|p| parent_folder(p) == folder)
    }
}

/// What a file under `content/` is, judged by its path.
enum FileKind {
    Page,
    Summary,
    FolderMeta,
    Glossary,
    SiteRecord(String),
    SiteEmbedding(String),
    NationalRules,
    Map(String),
    Form(String),
    MapVersion(String, VersionNumber),
    FormVersion(String, VersionNumber),
    UnknownYaml,
    Asset,
    Ignored,
}

fn classify(rel: &str) -> FileKind {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
    {
        return FileKind::Ignored;
    }
    if name == "SUMMARY.md" {
        return FileKind::Summary;
    }
    if is_page_name(name) {
        return FileKind::Page;
    }
    if name == "_section.yaml" {
        return FileKind::FolderMeta;
    }
    if rel == GLOSSARY_FILE {
        return FileKind::Glossary;
    }
    if rel == crate::content::rules::RULES_FILE_NAME {
        return FileKind::NationalRules;
    }
    let parts: Vec<&str> = rel.split('/').collect();
    if let ["sites", id, file] = parts.as_slice() {
        match *file {
            "site.yaml" => return FileKind::SiteRecord(id.to_string()),
            "embedding.yaml" => return FileKind::SiteEmbedding(id.to_string()),
            _ => {}
        }
    }
    if let ["maps", file] = parts.as_slice() {
        if let Some(id) = file.strip_suffix(".yaml") {
            return FileKind::Map(id.to_string());
        }
    }
    if let ["forms", file] = parts.as_slice() {
        if let Some(id) = file.strip_suffix(".yaml") {
            return FileKind::Form(id.to_string());
        }
    }
    if let [folder @ ("maps" | "forms"), id, file] = parts.as_slice() {
        if let Some(number) = VersionNumber::from_yaml_file_name(file) {
            return if *folder == "maps" {
                FileKind::MapVersion(id.to_string(), number)
            } else {
                FileKind::FormVersion(id.to_string(), number)
            };
        }
    }
    if name.ends_with(".yaml") || name.ends_with(".yml") {
        return FileKind::UnknownYaml;
    }
    FileKind::Asset
}

/// One file's parsed result, before merging.
enum Loaded {
    Page(Box<SourcePage>),
    Summary(Vec<String>),
    FolderMeta(String, FolderMeta),
    Glossary(Glossary),
    SiteRecord(String, Box<SiteRecord>, BTreeMap<String, usize>),
    NationalRules(Box<crate::content::rules::NationalRules>),
    SiteEmbedding(String, EmbeddingFile, Vec<usize>),
    Map(String, Box<crate::maps::MapFile>),
    Form(Box<crate::forms::Form>),
    MapVersion(Box<VersionedFile<crate::maps::MapFile>>),
    FormVersion(Box<VersionedFile<crate::forms::Form>>),
    Asset(String),
    Nothing,
}

/// Loads `content/` under `root`; `extra_keys` are the front-matter keys the
/// project declared as its own (`site.yaml`'s `extra_front_matter`).
pub fn load(
    root: &Path,
    include_drafts: bool,
    extra_keys: &[String],
    diags: &mut Diagnostics,
) -> Content {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::error(
                CONTENT_DIR,
                Position::new(1, 1),
                "there is no content/ folder",
            )
            .with_hint("create content/index.md, or run `waymark init DIR` for a starting point"),
        );
        return Content::default();
    }

    let files = walk(&content_dir, diags);
    let results: Vec<(String, Result<Loaded, Vec<Diagnostic>>)> = files
        .par_iter()
        .map(|(path, rel)| (rel.clone(), load_file(path, rel.clone(), extra_keys)))
        .collect();

    let mut content = Content::default();
    let mut records: BTreeMap<String, (SiteRecord, BTreeMap<String, usize>)> = BTreeMap::new();
    let mut embeddings: BTreeMap<String, (EmbeddingFile, Vec<usize>)> = BTreeMap::new();
    for (rel, result) in results {
        if result.is_err() && is_page_name(&rel) {
            content.failed_pages.push(rel);
        }
        match result {
            Ok(Loaded::Page(page)) if is_not_found_text(&page.path) => {
                if let Some(first) = &content.not_found {
                    diags.push(Diagnostic::error(
                        &page.file,
                        Position::new(1, 1),
                        format!("{} is already the 404 page's text", first.file),
                    ));
                } else if include_drafts || !page.front.draft {
                    content.not_found = Some(*page);
                }
            }
            Ok(Loaded::Page(page)) => {
                if include_drafts || !page.front.draft {
                    content.pages.push(std::sync::Arc::from(page));
                }
            }
            Ok(Loaded::Summary(paths)) => {
                for path in paths {
                    let next = content.reading_order.len();
                    content.reading_order.entry(path).or_insert(next);
                }
            }
            Ok(Loaded::FolderMeta(folder, meta)) => {
                content.folder_meta.insert(folder, meta);
            }
            Ok(Loaded::Glossary(g)) => content.glossary = Some(g),
            Ok(Loaded::SiteRecord(id, r, lines)) => {
                records.insert(id, (*r, lines));
            }
            Ok(Loaded::NationalRules(r)) => content.national_rules = Some(*r),
            Ok(Loaded::SiteEmbedding(id, e, lines)) => {
                embeddings.insert(id, (e, lines));
            }
            Ok(Loaded::Map(id, map)) => content.maps.push((id, *map)),
            Ok(Loaded::Form(form)) => content.forms.push(*form),
            Ok(Loaded::MapVersion(v)) => content.map_versions.push(*v),
            Ok(Loaded::FormVersion(v)) => content.form_versions.push(*v),
            Ok(Loaded::Asset(path)) => content.assets.push(path),
            Ok(Loaded::Nothing) => {}
            Err(errors) => diags.extend(errors),
        }
    }
    for (id, (_, _)) in embeddings
        .iter()
        .filter(|(id, _)| !records.contains_key(*id))
    {
        diags.push(
            Diagnostic::error(
                format!("{CONTENT_DIR}/sites/{id}/embedding.yaml"),
                Position::new(1, 1),
                format!("site `{id}` has embedding records but no site.yaml"),
            )
            .with_hint(format!(
                "add content/sites/{id}/site.yaml with at least `name`, `kind` and `status`"
            )),
        );
    }
    for (id, (record, key_lines)) in records {
        let (embedding, confirmation_lines) = embeddings.remove(&id).unwrap_or_default();
        content.sites.push(Site {
            id,
            record,
            embedding,
            confirmation_lines,
            key_lines,
        });
    }
    content
}

/// Every file under `content/` that may be read, with its `/`-separated
/// path under `content/`, in name order. Hidden files and folders are
/// skipped; names that cannot be published (see [`crate::names`]) and symbolic
/// links are reported, not read, so nothing outside the project is ever
/// read and every path later derived from a name is the file itself.
fn walk(content_dir: &Path, diags: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut entries = WalkDir::new(content_dir).sort_by_file_name().into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .and_then(|p| p.strip_prefix(content_dir).ok())
                    .map(|p| format!("{CONTENT_DIR}/{}", p.to_string_lossy()))
                    .unwrap_or_else(|| CONTENT_DIR.to_string());
                diags.push(Diagnostic::error(
                    path,
                    Position::new(1, 1),
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let is_dir = entry.file_type().is_dir();
        if entry.file_name().to_string_lossy().starts_with('.') {
            if is_dir {
                entries.skip_current_dir();
            }
            continue;
        }
        let Ok(rel_path) = entry.path().strip_prefix(content_dir) else {
            continue;
        };
        let shown = format!("{CONTENT_DIR}/{}", rel_path.to_string_lossy());
        let rel = match names::source_path(rel_path) {
            Ok(rel) => rel,
            Err(why) => {
                diags.push(
                    Diagnostic::error(
                        shown,
                        Position::new(1, 1),
                        format!(
                            "this {} cannot be published: {why}",
                            if is_dir { "folder" } else { "file" }
                        ),
                    )
                    .with_hint(
                        "rename it using letters, digits, spaces, `-`, `_` and `.` (it becomes part of a web address)",
                    ),
                );
                if is_dir {
                    entries.skip_current_dir();
                }
                continue;
            }
        };
        if entry.path_is_symlink() {
            diags.push(
                Diagnostic::warning(
                    shown,
                    Position::new(1, 1),
                    "this is a symbolic link, which Waymark does not follow, so it is not published",
                )
                .with_hint("copy the file or folder into content/ instead of linking to it"),
            );
            continue;
        }
        if entry.file_type().is_file() {
            files.push((entry.into_path(), rel));
        }
    }
    files
}

/// Reads one page file again, exactly as [`load`] would, for `waymark
/// serve`'s quick path. `None` when `path` is not a page of the content
/// folder (a YAML file, an asset, a hidden file), which that path leaves to
/// a full build.
pub fn reload_page(
    root: &Path,
    path: &Path,
    extra_keys: &[String],
) -> Option<Result<SourcePage, Vec<Diagnostic>>> {
    let content_dir = root.join(CONTENT_DIR);
    // A name the full build would refuse, or a link it would not follow,
    // is left to the full build, which reports it.
    let rel = names::source_path(path.strip_prefix(&content_dir).ok()?).ok()?;
    if rel.split('/').any(|part| part.starts_with('.'))
        || !matches!(classify(&rel), FileKind::Page)
        || path.symlink_metadata().ok()?.file_type().is_symlink()
    {
        return None;
    }
    let file = format!("{CONTENT_DIR}/{rel}");
    Some(
        read_text(path, &file)
            .map_err(|d| vec![d])
            .and_then(|text| parse_page(&text, rel, file, extra_keys)),
    )
}

/// Reads and parses one file: `path` is the file, `rel` its checked path
/// under `content/` (from [`walk`]).
fn load_file(path: &Path, rel: String, extra_keys: &[String]) -> Result<Loaded, Vec<Diagnostic>> {
    let file = format!("{CONTENT_DIR}/{rel}");
    let kind = classify(&rel);
    if matches!(kind, FileKind::Ignored) {
        return Ok(Loaded::Nothing);
    }
    if matches!(kind, FileKind::Asset) {
        return Ok(Loaded::Asset(rel));
    }
    if matches!(kind, FileKind::UnknownYaml) {
        return Err(vec![Diagnostic::warning(&file, Position::new(1, 1), "Waymark does not know what this YAML file is, so it is not published")
            .with_hint("YAML files Waymark reads: _section.yaml, glossary.yaml, national-rules.yaml, maps/<id>.yaml, maps/<id>/v<n>.yaml, forms/<id>.yaml, forms/<id>/v<n>.yaml, sites/<id>/site.yaml, sites/<id>/embedding.yaml")]);
    }
    let text = read_text(path, &file).map_err(|d| vec![d])?;
    let origin = yaml::Origin::file(&file);
    let one = |d: Diagnostic| vec![d];
    Ok(match kind {
        FileKind::Page => Loaded::Page(Box::new(parse_page(&text, rel, file.clone(), extra_keys)?)),
        FileKind::Summary => Loaded::Summary(summary::reading_order(parent_folder(&rel), &text)),
        FileKind::FolderMeta => Loaded::FolderMeta(
            parent_folder(&rel).to_string(),
            yaml::parse(&text, origin).map_err(one)?,
        ),
        FileKind::Glossary => Loaded::Glossary(Glossary::parse(&text, &file)?),
        FileKind::SiteRecord(id) => Loaded::SiteRecord(
            id,
            Box::new(yaml::parse(&text, origin).map_err(one)?),
            sites::key_lines(&text),
        ),
        FileKind::NationalRules => {
            let mut rules: crate::content::rules::NationalRules =
                yaml::parse(&text, origin).map_err(one)?;
            rules.source = text;
            rules.upgrade_first_format();
            Loaded::NationalRules(Box::new(rules))
        }
        FileKind::SiteEmbedding(id) => {
            let lines = sites::confirmation_lines(&text);
            Loaded::SiteEmbedding(id, yaml::parse(&text, origin).map_err(one)?, lines)
        }
        FileKind::Form(id) => {
            let form = crate::forms::parse_form(&text, origin, &id)?;
            if form.version.is_some() {
                return Err(vec![versioning::misplaced_meta(
                    YamlKind::Form,
                    &file,
                    versioning::meta_line(&text),
                )]);
            }
            Loaded::Form(Box::new(form))
        }
        FileKind::Map(id) => {
            let map = crate::maps::parse_map_file(&text, origin)?;
            if map.version.is_some() {
                return Err(vec![versioning::misplaced_meta(
                    YamlKind::Map,
                    &file,
                    versioning::meta_line(&text),
                )]);
            }
            Loaded::Map(id, Box::new(map))
        }
        FileKind::FormVersion(id, number) => {
            let mut form = crate::forms::parse_form(&text, origin, &id)?;
            Loaded::FormVersion(Box::new(VersionedFile {
                id,
                number,
                meta_line: versioning::meta_line(&text),
                content_print: versioning::content_print(&text),
                meta: form.version.take(),
                file: file.clone(),
                item: form,
            }))
        }
        FileKind::MapVersion(id, number) => {
            let mut map = crate::maps::parse_map_file(&text, origin)?;
            Loaded::MapVersion(Box::new(VersionedFile {
                id,
                number,
                meta_line: versioning::meta_line(&text),
                content_print: versioning::content_print(&text),
                meta: map.version.take(),
                file: file.clone(),
                item: map,
            }))
        }
        FileKind::Ignored | FileKind::Asset | FileKind::UnknownYaml => Loaded::Nothing,
    })
}

/// Reads a text file, refusing huge files and reporting where invalid UTF-8 starts.
fn read_text(path: &Path, file: &str) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(file, Position::new(1, 1), format!("cannot read: {e}")))?;
    if meta.len() > MAX_PAGE_BYTES {
        return Err(Diagnostic::error(
            file,
            Position::new(1, 1),
            format!(
                "file is {} bytes; the limit is {MAX_PAGE_BYTES}",
                meta.len()
            ),
        )
        .with_hint("split it into smaller pages"));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(file, Position::new(1, 1), format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&err.as_bytes()[..valid]).into_owned();
        Diagnostic::error(
            file,
            Position::of_offset(&prefix, prefix.len(), 1),
            "the file is not valid UTF-8 text",
        )
        .with_hint("save the file as UTF-8 in your editor")
    })
}

/// Splits and parses one page. A page whose front matter gives no title
/// takes its first heading's text (any level, ATX or setext), else its
/// file name.
pub fn parse_page(
    text: &str,
    path: String,
    file: String,
    extra_keys: &[String],
) -> Result<SourcePage, Vec<Diagnostic>> {
    // CommonMark replaces NUL with U+FFFD; doing it here keeps NUL out of HTML.
    let cleaned;
    let text = if text.contains('\0') {
        cleaned = text.replace('\0', "\u{FFFD}");
        cleaned.as_str()
    } else {
        text
    };
    let split = frontmatter::split(text).map_err(|pos| {
        vec![Diagnostic::error(
            &file,
            pos,
            "front matter starts with `---` but is never closed",
        )
        .with_hint("add a line with just `---` after the front matter")]
    })?;
    let mut front = match split.yaml {
        Some(yaml_text) => frontmatter::parse(yaml_text, &file, extra_keys)?,
        None => FrontMatter::default(),
    };
    let body = crate::markdown::mdbook::without_title_directives(split.body);
    let first = first_heading(&body);
    let title_heading = match first {
        Some(heading) if front.title.is_empty() => {
            front.title = heading.text;
            heading.opens_body
        }
        Some(heading) => heading.opens_body && heading.text == front.title.trim(),
        None => false,
    };
    if front.title.is_empty() {
        let name = path.rsplit('/').next().unwrap_or(&path);
        front.title = title_from_slug(page_stem(name).unwrap_or(name));
    }
    let front_yaml = split.yaml.unwrap_or_default().to_string();
    check_lengths(&front, &front_yaml, &file).map_err(|d| vec![d])?;
    Ok(SourcePage {
        path,
        file,
        front,
        front_yaml,
        body: body.into_owned(),
        body_line: split.body_line,
        title_heading,
    })
}

/// Titles appear on every page that links to this one (navigation,
/// listings, search rows), so an enormous one multiplies: 40 pages with
/// 2 MB titles once took `check` to 1.7 GB. Real titles and summaries are
/// far below these limits.
const MAX_TITLE_CHARS: usize = 300;
const MAX_SUMMARY_CHARS: usize = 2_000;

fn check_lengths(front: &FrontMatter, front_yaml: &str, file: &str) -> Result<(), Diagnostic> {
    let fields = [
        ("title", front.title.as_str(), MAX_TITLE_CHARS),
        (
            "summary",
            front.summary.as_deref().unwrap_or(""),
            MAX_SUMMARY_CHARS,
        ),
    ];
    for (key, value, limit) in fields {
        let chars = value.chars().count();
        if chars > limit {
            let prefix = format!("{key}:");
            let line = front_yaml
                .lines()
                .position(|l| l.starts_with(&prefix))
                .map_or(1, |i| i + 2);
            return Err(Diagnostic::error(
                file,
                Position::new(line, 1),
                format!("the {key} is {chars} characters long; the limit is {limit}"),
            )
            .with_hint(format!(
                "shorten the {key}: it is shown wherever the page is listed"
            )));
        }
    }
    Ok(())
}

/// The first heading of a body with text, as plain text.
struct FirstHeading {
    text: String,
    /// Nothing but blank lines comes before it.
    opens_body: bool,
}

/// Finds the first heading that has text: ATX or setext, any level, even
/// after paragraphs; its text without inline Markdown or a `{#id}`.
fn first_heading(body: &str) -> Option<FirstHeading> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut current: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => current = Some((range.start, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text)) = current.as_mut() {
                    text.push(' ');
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, text)) = current.take() {
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !text.is_empty() {
                        return Some(FirstHeading {
                            text,
                            opens_body: body[..start].trim().is_empty(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// `national-pathway` → `National pathway`.
pub fn title_from_slug(slug: &str) -> String {
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `a/b/c.md` → `a/b`; `c.md` → ``.
pub fn parent_folder(path: &str) -> &str {
    path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, path: &str) -> SourcePage {
        parse_page(text, path.into(), format!("content/{path}"), &[]).unwrap()
    }

    #[test]
    fn plain_markdown_title_comes_from_first_heading() {
        let page = parse("# Hello there\n\nText\n", "a.md");
        assert_eq!(page.front.title, "Hello there");
        assert!(page.title_heading);
        // The body stays whole, so positions and the heading's anchor hold.
        assert_eq!(page.body_line, 1);
        assert!(page.body.contains("Hello there"));
    }

    #[test]
    fn title_from_any_heading_as_plain_text() {
        let cases = [
            (
                "## What is *ownership*? {#own}\n\nText\n",
                "What is ownership?",
                true,
            ),
            ("Ownership\n=========\n\nText\n", "Ownership", true),
            ("Ownership\n---------\n", "Ownership", true),
            (
                "Intro paragraph.\n\n### The `Drop` trait\n",
                "The Drop trait",
                false,
            ),
            (
                "<!-- note -->\n\n# [Linked](x.md) title\n",
                "Linked title",
                false,
            ),
        ];
        for (body, title, opens) in cases {
            let page = parse(body, "ch04-01-what-is-ownership.md");
            assert_eq!(page.front.title, title, "{body}");
            assert_eq!(page.title_heading, opens, "{body}");
        }
        let none = parse("Just text.\n", "book/ch04-01-what-is-ownership.md");
        assert_eq!(none.front.title, "Ch04 01 what is ownership");
        assert!(!none.title_heading);
    }

    #[test]
    fn front_matter_title_matching_the_opening_heading_is_shown_once() {
        let page = parse("---\ntitle: Setup\n---\n# Setup\n\nText\n", "a.md");
        assert!(page.title_heading);
        let other = parse("---\ntitle: Setup\n---\n# Install\n", "a.md");
        assert!(!other.title_heading);
        let untitled = parse("---\nsummary: S\n---\nText\n\n## Later\n", "a.md");
        assert_eq!(untitled.front.title, "Later");
    }

    #[test]
    fn markdown_extensions_in_any_case_are_pages() {
        for name in [
            "a.md",
            "README.MD",
            "guide.markdown",
            "x.html.md",
            "Notes.Md",
        ] {
            assert!(is_page_name(name), "{name}");
        }
        for name in ["a.mdx", ".md", "a.md.bak", "a.txt"] {
            assert!(!is_page_name(name), "{name}");
        }
        assert_eq!(page_stem("x.html.md"), Some("x"));
        assert_eq!(page_stem("README.MD"), Some("README"));
        assert_eq!(page_stem("guide.markdown"), Some("guide"));
        assert_eq!(page_stem(".html.md"), Some(".html"));
    }

    #[test]
    fn classify_paths() {
        assert!(matches!(classify("a/b.md"), FileKind::Page));
        assert!(matches!(
            classify("sites/x/site.yaml"),
            FileKind::SiteRecord(_)
        ));
        assert!(matches!(classify("img/logo.png"), FileKind::Asset));
        assert!(matches!(classify("a/.b.md.swp"), FileKind::Ignored));
    }
}
