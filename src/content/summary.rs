//! mdBook's `SUMMARY.md`: the book's chapters in reading order.
//!
//! The summary is Markdown: optional prefix chapters (plain links), parts
//! (`# Part title`), numbered chapters as nested list items, separators
//! (`---`) and suffix chapters. Only the linked files and their order
//! matter here; a draft chapter (`[Title]()`) has no file and is skipped.
//!
//! A `SUMMARY.md` in `content/` gives the pages it lists their reading
//! order (where their front matter sets no `order`), so a book copied in as
//! it is reads in its own order; `waymark import mdbook` writes the same
//! order into each chapter.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// One chapter of the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    /// The title as the summary gives it (plain text).
    pub title: String,
    /// The file, relative to the book's source folder, `/`-separated.
    pub path: String,
}

/// The chapters of a summary, in reading order, each file once.
pub fn chapters(summary: &str) -> Vec<Chapter> {
    let mut out: Vec<Chapter> = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new(summary) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                current = Some((dest_url.to_string(), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = current.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Link) => {
                let Some((dest, title)) = current.take() else {
                    continue;
                };
                let path = dest
                    .split('#')
                    .next()
                    .unwrap_or("")
                    .trim_start_matches("./")
                    .to_string();
                let path = percent_decode(&path);
                if path.is_empty() || out.iter().any(|c| c.path == path) {
                    continue;
                }
                out.push(Chapter {
                    title: title.split_whitespace().collect::<Vec<_>>().join(" "),
                    path,
                });
            }
            _ => {}
        }
    }
    out
}

/// The reading order a `SUMMARY.md` in `folder` (under `content/`) gives:
/// each listed page's path under `content/`, in order. Links that leave
/// `content/` are skipped (the build reports nothing for them: the summary
/// is not a page).
pub fn reading_order(folder: &str, summary: &str) -> Vec<String> {
    chapters(summary)
        .into_iter()
        .filter_map(|c| crate::urls::normalise(folder, &c.path))
        .collect()
}

/// `%20` and other escapes in a summary link, as mdBook reads them.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_prefix_parts_nested_and_draft_chapters_in_order() {
        let summary = "# Summary\n\n[Introduction](README.md)\n\n# Getting started\n\n- [Installation](ch01/install.md)\n    - [On *Linux*](ch01/linux.md#top)\n    - [Draft]()\n- [Hello `world`](./ch02%20hello.md)\n\n---\n\n[Contributors](misc/contributors.md)\n[Again](README.md)\n";
        let found: Vec<(String, String)> = chapters(summary)
            .into_iter()
            .map(|c| (c.title, c.path))
            .collect();
        assert_eq!(
            found,
            [
                ("Introduction".to_string(), "README.md".to_string()),
                ("Installation".into(), "ch01/install.md".into()),
                ("On Linux".into(), "ch01/linux.md".into()),
                ("Hello world".into(), "ch02 hello.md".into()),
                ("Contributors".into(), "misc/contributors.md".into()),
            ]
        );
    }
}
