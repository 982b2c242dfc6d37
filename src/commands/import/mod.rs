//! `waymark import mdbook BOOK`: turns an mdBook into a Waymark project.
//!
//! The book's source folder becomes `content/`, file for file, so links
//! between chapters keep working. What mdBook decides elsewhere is written
//! where Waymark reads it: the summary's reading order becomes each
//! chapter's `order`, `{{#include}}`s are expanded into the pages (a build
//! then never reads a file another page depends on), `book.toml`'s title and
//! language go to `site.yaml`, and `404.md` stays `content/404.md`, which the
//! build makes the text of the site's 404 page. READMEs are already folder landing pages
//! and hidden `# ` lines of Rust examples are dropped when rendering, as
//! mdBook does.
//!
//! Nothing is written unless the whole book was read without errors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use walkdir::WalkDir;

use crate::content::summary;
use crate::diagnostics::Diagnostic;
use crate::markdown::mdbook::{expand_includes, IncludeContext};

/// `book.toml`, as far as an import needs it.
#[derive(Debug, Default, Deserialize)]
struct BookToml {
    #[serde(default)]
    book: BookSection,
}

#[derive(Debug, Default, Deserialize)]
struct BookSection {
    title: Option<String>,
    language: Option<String>,
    /// The source folder, relative to the book (mdBook's default: `src`).
    src: Option<String>,
}

/// What an import wrote.
#[derive(Debug)]
pub struct Imported {
    pub project: PathBuf,
    pub chapters: usize,
    pub pages: usize,
    pub other_files: usize,
    /// Pages of the source folder the summary does not list (mdBook leaves
    /// them out; here they are published after the listed ones).
    pub unlisted: Vec<String>,
}

/// Reads the book at `book` and writes the project at `out` (which must not
/// exist or be empty). `progress` is told what is happening.
pub fn mdbook(book: &Path, out: &Path, progress: &dyn Fn(&str)) -> Result<Imported, String> {
    if !book.is_dir() {
        return Err(format!("{} is not a folder", book.display()));
    }
    if out.exists() && std::fs::read_dir(out).map_or(true, |mut d| d.next().is_some()) {
        return Err(format!(
            "{} already exists and is not empty: choose a new folder with --out",
            out.display()
        ));
    }
    let config = read_book_toml(book)?;
    let src_name = config.book.src.clone().unwrap_or_else(|| "src".into());
    let src = book.join(&src_name);
    if !src.is_dir() {
        return Err(format!(
            "the book has no source folder {} (book.toml's `src`, default `src`)",
            src.display()
        ));
    }
    let summary_text = std::fs::read_to_string(src.join("SUMMARY.md")).unwrap_or_default();
    let chapters = summary::chapters(&summary_text);
    progress(&format!(
        "Read {src_name}/SUMMARY.md: {} chapters",
        chapters.len()
    ));
    let order: BTreeMap<&str, usize> = chapters
        .iter()
        .enumerate()
        .map(|(i, c)| (c.path.as_str(), i))
        .collect();

    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut unlisted = Vec::new();
    let mut pages = 0;
    for entry in WalkDir::new(&src)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry.map_err(|e| format!("cannot read the book: {e}"))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel_path = entry.path().strip_prefix(&src).unwrap_or(entry.path());
        let rel = rel_path
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel == "SUMMARY.md" {
            continue;
        }
        let bytes = std::fs::read(entry.path())
            .map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
        if !crate::content::is_page_name(&rel) {
            files.insert(format!("content/{rel}"), bytes);
            continue;
        }
        let shown = format!("{src_name}/{rel}");
        let Ok(text) = String::from_utf8(bytes) else {
            errors.push(Diagnostic::error(
                &shown,
                crate::diagnostics::Position::new(1, 1),
                "the file is not valid UTF-8 text",
            ));
            continue;
        };
        let dir = entry.path().parent().unwrap_or(&src).to_path_buf();
        let (text, diags) = expand_includes(
            &text,
            &IncludeContext {
                root: book,
                file: &shown,
                dir: &dir,
            },
        );
        errors.extend(diags);
        if crate::content::is_not_found_text(&rel) {
            // The build makes it the 404 page's text; it is no chapter.
            files.insert(format!("content/{rel}"), text.into_bytes());
            continue;
        }
        pages += 1;
        let chapter = order.get(rel.as_str()).map(|&i| &chapters[i]);
        if chapter.is_none() {
            unlisted.push(rel.clone());
        }
        // Unlisted pages follow the listed ones, in name order.
        let position = order
            .get(rel.as_str())
            .copied()
            .unwrap_or(chapters.len() + unlisted.len());
        files.insert(
            format!("content/{rel}"),
            with_front_matter(&text, chapter.map(|c| c.title.as_str()), position).into_bytes(),
        );
    }
    if !errors.is_empty() {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        return Err(format!(
            "the book could not be imported (nothing was written):\n{}",
            lines.join("\n")
        ));
    }
    let title = config
        .book
        .title
        .clone()
        .or_else(|| {
            book.canonicalize()
                .ok()?
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "Book".into());
    let language = config.book.language.clone().unwrap_or_else(|| "en".into());
    let site_yaml = format!(
        "# Imported from an mdBook by `waymark import mdbook`.\ntitle: {}\nlanguage: {}\n",
        yaml_string(&title),
        yaml_string(&language)
    );
    files.insert("site.yaml".into(), site_yaml.into_bytes());

    let other_files = files.len() - pages - 1;
    for (rel, bytes) in &files {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    progress(&format!(
        "Wrote {} pages and {other_files} other files to {}",
        pages,
        out.display()
    ));
    Ok(Imported {
        project: out.to_path_buf(),
        chapters: chapters.len(),
        pages,
        other_files,
        unlisted,
    })
}

fn read_book_toml(book: &Path) -> Result<BookToml, String> {
    let path = book.join("book.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(BookToml::default());
    };
    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A chapter with front matter giving its place in the reading order, and
/// the summary's title when the page has no heading to take one from.
fn with_front_matter(text: &str, title: Option<&str>, position: usize) -> String {
    if text.starts_with("---\n") || text.starts_with("---\r\n") {
        // Front matter written by hand is kept as it is.
        return text.to_string();
    }
    let has_heading = pulldown_cmark::Parser::new_ext(text, crate::markdown::options()).any(|e| {
        matches!(
            e,
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { .. })
        )
    });
    let mut out = String::from("---\n");
    if let (Some(title), false) = (title, has_heading) {
        out.push_str(&format!("title: {}\n", yaml_string(title)));
    }
    out.push_str(&format!("order: {}\n---\n", (position + 1) * 10));
    out.push_str(text);
    out
}

/// A YAML scalar for any text: a JSON string is valid YAML.
fn yaml_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_get_their_order_and_a_title_only_when_they_have_no_heading() {
        assert_eq!(
            with_front_matter("# Intro\n\nText\n", Some("Introduction"), 0),
            "---\norder: 10\n---\n# Intro\n\nText\n"
        );
        assert_eq!(
            with_front_matter("Just text: \"quoted\"\n", Some("A: \"b\""), 2),
            "---\ntitle: \"A: \\\"b\\\"\"\norder: 30\n---\nJust text: \"quoted\"\n"
        );
    }
}
