//! mdBook's conventions inside Markdown: hidden lines in Rust examples and
//! `{{#include}}` of other files.
//!
//! Hidden lines are dropped when a page is rendered, so books read the same
//! here as in mdBook. Includes are expanded by `waymark import mdbook`
//! (`crate::commands::import`), which writes the result into the project's
//! pages, so a build never reads a file another page depends on.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Position};

/// Rust examples without the lines mdBook hides (`# use std::io;`, a lone
/// `#`); `##` at a line's start stands for a literal `#`. Other languages
/// are returned as they are.
pub fn visible_code<'a>(lang: &str, code: &'a str) -> Cow<'a, str> {
    let first = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    if first != "rust" || !code.contains('#') {
        return Cow::Borrowed(code);
    }
    let mut out = String::with_capacity(code.len());
    for line in code.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if let Some(rest) = trimmed.strip_prefix('#') {
            if rest.starts_with('#') {
                out.push_str(indent);
                out.push_str(rest);
                continue;
            }
            if rest.starts_with(' ') || rest.trim_end_matches(['\n', '\r']).is_empty() {
                continue;
            }
        }
        out.push_str(line);
    }
    Cow::Owned(out)
}

/// How deep includes may nest (mdBook's own limit).
const MAX_DEPTH: usize = 10;

/// Where includes are read from: `dir` is the including file's folder, and
/// nothing outside `root` may be read.
pub struct IncludeContext<'a> {
    pub root: &'a Path,
    /// The including file, for messages (as shown to the user).
    pub file: &'a str,
    pub dir: &'a Path,
}

/// `text` with each `{{#include …}}`, `{{#rustdoc_include …}}` and
/// `{{#playground …}}` replaced by the file (or the lines or anchored part
/// of it) it names, and the problems found, located in `text`. A `\` before
/// `{{#` keeps the directive as written, without the `\`.
pub fn expand_includes(text: &str, at: &IncludeContext<'_>) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let out = expand(text, at, 0, &mut diags);
    (out, diags)
}

fn expand(
    text: &str,
    at: &IncludeContext<'_>,
    depth: usize,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut consumed = 0;
    while let Some(i) = rest.find("{{#") {
        let escaped = rest[..i].ends_with('\\');
        let Some(close) = rest[i..].find("}}") else {
            break;
        };
        let directive = &rest[i + 3..i + close];
        let position = Position::of_offset(text, consumed + i, 1);
        out.push_str(&rest[..if escaped { i - 1 } else { i }]);
        let whole = &rest[i..i + close + 2];
        rest = &rest[i + close + 2..];
        consumed += i + close + 2;
        if escaped {
            out.push_str(whole);
            continue;
        }
        let (name, args) = directive
            .trim()
            .split_once(char::is_whitespace)
            .unwrap_or((directive.trim(), ""));
        let hidden = match name {
            "include" | "playground" => false,
            "rustdoc_include" => true,
            // `{{#title}}` names only the browser tab in mdBook; a page's
            // title here is its heading (or front matter), so it goes, with
            // its line when it stands alone.
            "title" => {
                if out.is_empty() || out.ends_with('\n') {
                    rest = rest
                        .strip_prefix("\r\n")
                        .or_else(|| rest.strip_prefix('\n'))
                        .unwrap_or(rest);
                }
                continue;
            }
            // Other directives (`{{#template}}`) are left as written.
            _ => {
                out.push_str(whole);
                continue;
            }
        };
        match included(args.trim(), hidden, at) {
            Ok((path, piece)) if depth < MAX_DEPTH => {
                let dir = path.parent().unwrap_or(at.dir).to_path_buf();
                let shown = path
                    .strip_prefix(at.root)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                let inner = IncludeContext {
                    root: at.root,
                    file: &shown,
                    dir: &dir,
                };
                out.push_str(&expand(&piece, &inner, depth + 1, diags));
            }
            Ok(_) => diags.push(
                Diagnostic::error(
                    at.file,
                    position,
                    format!("includes nest more than {MAX_DEPTH} deep"),
                )
                .with_hint("an included file probably includes itself"),
            ),
            Err((message, hint)) => {
                diags.push(Diagnostic::error(at.file, position, message).with_hint(hint));
                out.push_str(whole);
            }
        }
    }
    out.push_str(rest);
    out
}

/// The file an include names and the text it brings in.
fn included(
    args: &str,
    hidden: bool,
    at: &IncludeContext<'_>,
) -> Result<(PathBuf, String), (String, String)> {
    let (path, selector) = match args.split_once(':') {
        Some((path, selector)) => (path.trim(), Some(selector.trim())),
        None => (args, None),
    };
    if path.is_empty() {
        return Err((
            "the include names no file".into(),
            "write `{{#include path/to/file.rs}}`, relative to this file".into(),
        ));
    }
    let wanted = at.dir.join(path);
    let not_found = || {
        (
            format!("the included file `{path}` does not exist"),
            "include paths are relative to the including file's folder".to_string(),
        )
    };
    let real = wanted.canonicalize().map_err(|_| not_found())?;
    let root = at.root.canonicalize().map_err(|_| not_found())?;
    if !real.starts_with(&root) {
        return Err((
            format!("the included file `{path}` is outside the project"),
            "copy the file into the project and include that copy".into(),
        ));
    }
    let text = std::fs::read_to_string(&real).map_err(|e| {
        (
            format!("cannot read the included file `{path}`: {e}"),
            "included files must be UTF-8 text".to_string(),
        )
    })?;
    let lines: Vec<&str> = text.lines().collect();
    let keep = match selector {
        None | Some("") => (0..lines.len()).map(|i| (i, true)).collect::<Vec<_>>(),
        Some(selector) => select(&lines, selector).map_err(|why| {
            (
                format!("cannot include `{args}`: {why}"),
                "mdBook's forms: `file`, `file:10`, `file:2:10`, `file::10`, `file:2:`, `file:anchor`".to_string(),
            )
        })?,
    };
    let mut out = String::new();
    for (i, shown) in keep {
        let line = lines[i];
        if is_anchor_line(line) {
            continue;
        }
        if shown {
            out.push_str(line);
            out.push('\n');
        } else if hidden {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
    }
    if selector.is_some_and(|s| !s.is_empty()) {
        // A part of a file comes without a final line break (as in mdBook),
        // so the fence's own closing line does not add an empty one.
        out.pop();
    }
    Ok((real, out))
}

/// Which lines an include selector takes (as `(index, shown)`; with
/// `rustdoc_include` the others are kept as hidden lines).
fn select(lines: &[&str], selector: &str) -> Result<Vec<(usize, bool)>, String> {
    let count = lines.len();
    let number = |s: &str| -> Result<Option<usize>, String> {
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<usize>()
            .map(Some)
            .map_err(|_| format!("`{s}` is not a line number"))
    };
    let range = if selector.chars().next().is_some_and(|c| c.is_ascii_digit())
        || selector.starts_with(':')
    {
        let (start, end) = match selector.split_once(':') {
            Some((a, b)) => (number(a)?, number(b)?),
            // `file:10` is line 10 alone.
            None => {
                let n = number(selector)?;
                (n, n)
            }
        };
        let start = start.unwrap_or(1).max(1) - 1;
        let end = end.unwrap_or(count).min(count);
        start..end.max(start)
    } else {
        let start_mark = format!("ANCHOR: {selector}");
        let end_mark = format!("ANCHOR_END: {selector}");
        let start = lines
            .iter()
            .position(|l| l.trim_end().ends_with(&start_mark))
            .ok_or_else(|| format!("there is no `ANCHOR: {selector}` line in the file"))?;
        let end = lines[start..]
            .iter()
            .position(|l| l.trim_end().ends_with(&end_mark))
            .map_or(count, |e| start + e);
        start + 1..end
    };
    Ok((0..count).map(|i| (i, range.contains(&i))).collect())
}

/// mdBook's `// ANCHOR: name` and `// ANCHOR_END: name` lines, which are
/// never shown.
fn is_anchor_line(line: &str) -> bool {
    line.contains("ANCHOR: ") || line.contains("ANCHOR_END: ")
}

/// `text` without mdBook's `{{#title …}}` directives, which name only the
/// browser tab there: a page's title here is its front matter's or its
/// first heading's. Each goes with its line when it stands alone, but the
/// line break stays, so positions of later lines do not move (and a heading
/// after it still opens the page). A `\` before `{{#` keeps it as written.
pub fn without_title_directives(text: &str) -> Cow<'_, str> {
    if !text.contains("{{#title") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{{#title") {
        let close = rest[i..].find("}}");
        let ok = !rest[..i].ends_with('\\')
            && rest[i + 8..].starts_with(|c: char| c.is_whitespace() || c == '}');
        match (close, ok) {
            (Some(close), true) => {
                out.push_str(&rest[..i]);
                rest = &rest[i + close + 2..];
            }
            (Some(_), false) | (None, true) | (None, false) => {
                out.push_str(&rest[..i + 8]);
                rest = &rest[i + 8..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Warnings for the `{{#include}}`s (and `rustdoc_include`, `playground`)
/// left in a page of a normal build. Only `waymark import mdbook` expands
/// them: a build expanding them would make a page's output depend on files
/// that are not the page, which `waymark serve`'s page fingerprints and
/// quick path do not follow, and a book's includes mostly reach outside its
/// text (`../listings/…`), where a build never reads. Left alone, the
/// directive would be published as literal text in place of the code.
/// A directive inside inline code (`` `{{#include x}}` ``) or escaped with
/// `\` is writing about the syntax, and passes.
pub fn unexpanded_includes(body: &str, file: &str, body_line: usize) -> Vec<Diagnostic> {
    if !body.contains("{{#") {
        return Vec::new();
    }
    let spans: Vec<std::ops::Range<usize>> =
        pulldown_cmark::Parser::new_ext(body, super::options())
            .into_offset_iter()
            .filter(|(e, _)| matches!(e, pulldown_cmark::Event::Code(_)))
            .map(|(_, range)| range)
            .collect();
    let mut diags = Vec::new();
    for (at, _) in body.match_indices("{{#") {
        let name: String = body[at + 3..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let hint = match name.as_str() {
            "include" | "rustdoc_include" | "playground" => "run `waymark import mdbook BOOK` on the book, which writes the included text into the page, or paste it in",
            _ => continue,
        };
        if body[..at].ends_with('\\') || spans.iter().any(|s| s.contains(&at)) {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                file,
                Position::of_offset(body, at, body_line),
                format!(
                    "mdBook's `{{{{#{name} …}}}}` is not read by a build and is shown as written"
                ),
            )
            .with_hint(hint),
        );
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_rust_lines_are_dropped() {
        let code = "# use std::io;\n#\nfn main() {\n    # let hidden = 1;\n    ## not hidden\n    #[derive(Debug)]\n    let x = 1;\n}\n";
        assert_eq!(
            visible_code("rust,ignore", code),
            "fn main() {\n    # not hidden\n    #[derive(Debug)]\n    let x = 1;\n}\n"
        );
        assert_eq!(visible_code("python", "# comment\n"), "# comment\n");
    }

    #[test]
    fn includes_take_files_ranges_and_anchors() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("src/listings")).unwrap();
        std::fs::write(
            root.join("src/listings/main.rs"),
            "use std::io;\n// ANCHOR: body\nfn main() {}\n// ANCHOR_END: body\nfn other() {}\n",
        )
        .unwrap();
        let at = IncludeContext {
            root,
            file: "src/ch01.md",
            dir: &root.join("src"),
        };
        let (out, diags) = expand_includes(
            "A\n{{#include listings/main.rs:body}}\nB\n{{#include listings/main.rs:1}}\n{{#include listings/main.rs:5:}}\n\\{{#include kept}}\n",
            &at,
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            out,
            "A\nfn main() {}\nB\nuse std::io;\nfn other() {}\n{{#include kept}}\n"
        );
        let (out, _) = expand_includes("{{#rustdoc_include listings/main.rs:3}}", &at);
        assert_eq!(out, "# use std::io;\nfn main() {}\n# fn other() {}");
    }

    #[test]
    fn missing_and_outside_includes_are_located_errors() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("book");
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        let at = IncludeContext {
            root: &root,
            file: "src/ch01.md",
            dir: &root.join("src"),
        };
        let (out, diags) = expand_includes(
            "Intro\n\n  {{#include missing.rs}}\n{{#include ../../secret.txt}}\n",
            &at,
        );
        assert!(!out.contains('s') || out.contains("secret.txt"), "{out}");
        let found: Vec<(usize, usize, &str)> = diags
            .iter()
            .map(|d| (d.position.line, d.position.column, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (3, 3, "the included file `missing.rs` does not exist"),
                (
                    4,
                    1,
                    "the included file `../../secret.txt` is outside the project"
                ),
            ]
        );
    }

    #[test]
    fn a_title_directive_goes_with_its_line() {
        let at = IncludeContext {
            root: Path::new("."),
            file: "src/box.md",
            dir: Path::new("."),
        };
        let (out, diags) = expand_includes(
            "{{#title rust::Box<T> — Rust}}\n# rust::Box\\<T\\>\n\nText {{#title x}} here.\n",
            &at,
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(out, "# rust::Box\\<T\\>\n\nText  here.\n");
    }

    #[test]
    fn a_build_drops_title_directives_keeping_their_lines() {
        assert_eq!(
            without_title_directives(
                "{{#title rust::Box<T> — Rust}}\n# Box\n\\{{#title kept}} {{#titles no}}\n"
            ),
            "\n# Box\n\\{{#title kept}} {{#titles no}}\n"
        );
        assert!(matches!(
            without_title_directives("# A\n"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn directives_left_in_a_build_are_located_warnings() {
        let body = "{{#include A}}\n\nSee `{{#include a.rs}}` and \\{{#include b.rs}}.\n\n```\n{{#include c.rs}}\n```\n";
        let found: Vec<(usize, String)> = unexpanded_includes(body, "content/a.md", 3)
            .into_iter()
            .map(|d| (d.position.line, d.message))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, 3);
        assert!(found[0].1.contains("{{#include"), "{found:?}");
        assert_eq!(found[1].0, 8);
        assert!(found[1].1.contains("{{#include"), "{found:?}");
    }
}
