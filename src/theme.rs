//! Themes: Tera templates and static assets.
//!
//! The default theme (`themes/default/` in this repository) is compiled into
//! the binary, so a project made by `waymark init` builds without copying
//! it. A project overrides any template or asset by putting a file of the
//! same name in its own `themes/<name>/templates/` or `themes/<name>/static/`.

use std::path::Path;

use tera::Tera;
use walkdir::WalkDir;

use crate::diagnostics::{display_path, Diagnostic, Position};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../themes/default/", $name)) as &[u8])),*]
    };
}

/// The default theme's files, by path under `themes/default/`.
const DEFAULT_THEME: &[(&str, &[u8])] = embedded![
    "templates/base.html",
    "templates/macros.html",
    "templates/page.html",
    "templates/folder.html",
    "templates/glossary.html",
    "templates/404.html",
    "templates/section-nav.html",
    "templates/version.html",
    "templates/change-notes.html",
    "templates/section-changes.html",
    "templates/print.html",
    "templates/compare-picker.html",
    "templates/history.html",
    "templates/compare.html",
    "templates/changes.html",
    "templates/embedding.html",
    "templates/embedding-site.html",
    "templates/maintenance.html",
    "static/waymark.css",
    "static/print.css",
    "static/waymark.js",
    "static/search.css",
    "static/maps.css",
    "static/forms.css",
    "templates/form.html",
    "templates/map.html",
    "templates/yaml-versions.html",
    "templates/yaml-compare.html",
    "templates/site.html",
    "templates/training-info.html",
    "templates/bench-card.html",
    "templates/site-compare.html",
    "templates/site-matrix.html",
    "templates/search.html",
    "templates/a-z.html",
    "templates/feed.xml",
    "static/checks.js",
    "static/offline.js",
    "static/parts/shared/download.js",
    "static/parts/search/text.js",
    "static/parts/search/start.js",
    "static/parts/search/index-files.js",
    "static/parts/search/query.js",
    "static/parts/search/rank.js",
    "static/parts/search/rows.js",
    "static/parts/search/ahead.js",
    "static/parts/search/render.js",
    "static/parts/search/dropdown.js",
    "static/parts/search/results-page.js",
    "static/parts/search/init.js",
    "static/parts/forms/start.js",
    "static/parts/forms/field.js",
    "static/parts/forms/dates.js",
    "static/parts/forms/validation.js",
    "static/parts/forms/conditions.js",
    "static/parts/forms/saved-file.js",
    "static/parts/forms/csv.js",
    "static/parts/forms/print.js",
    "static/parts/forms/page.js",
    "static/parts/confirm/decisions.js",
];

/// A script written as one file but kept in parts in the theme, so each part
/// stays small, about one concern and testable on its own (the tests under
/// `tests/js/` run the parts under Node) while a page still loads one script
/// (each extra `file://` script costs milliseconds per keystroke).
pub struct JoinedScript {
    /// Its name under `static/` (the output's `assets/`).
    pub output: &'static str,
    /// Its parts in order, by path under `static/`: those of `x.js` in
    /// `parts/x/`, those two scripts share in `parts/shared/` (ESLint reads
    /// the same layout: a part may use what its folder and `shared/` declare).
    pub parts: &'static [&'static str],
}

/// The theme's joined scripts. Parts are joined after the project's theme is
/// laid over the default one, so a project may replace any single part, or
/// a whole script by a file of the script's own name (its parts are then
/// not used).
pub const JOINED_SCRIPTS: &[JoinedScript] = &[
    JoinedScript {
        output: "search.js",
        parts: &[
            "parts/search/text.js",
            "parts/search/start.js",
            "parts/search/index-files.js",
            "parts/search/query.js",
            "parts/search/rank.js",
            "parts/search/rows.js",
            "parts/search/ahead.js",
            "parts/search/render.js",
            "parts/search/dropdown.js",
            "parts/search/results-page.js",
            "parts/search/init.js",
        ],
    },
    JoinedScript {
        output: "forms.js",
        parts: &[
            "parts/forms/start.js",
            "parts/shared/download.js",
            "parts/forms/field.js",
            "parts/forms/dates.js",
            "parts/forms/validation.js",
            "parts/forms/conditions.js",
            "parts/forms/saved-file.js",
            "parts/forms/csv.js",
            "parts/forms/print.js",
            "parts/forms/page.js",
        ],
    },
    JoinedScript {
        output: "confirm.js",
        parts: &["parts/shared/download.js", "parts/confirm/decisions.js"],
    },
];

/// The first and last lines of a joined script. Its parts run inside one
/// function in strict mode, so what they declare at their top level is
/// shared by the parts of that script and by no other script (a part is a
/// plain script for ESLint, and `tests/js/` runs the body between these
/// lines to reach each part's functions).
pub const JOINED_OPENING: &str = "(function () {\n'use strict';\n";
pub const JOINED_CLOSING: &str = "}());\n";

/// Replaces the parts of each joined script with the joined file.
fn join_scripts(static_files: &mut Vec<(String, Vec<u8>)>) {
    let mut joined_files = Vec::new();
    for script in JOINED_SCRIPTS {
        if static_files.iter().any(|(n, _)| n == script.output) {
            continue; // the project's theme has its own script of this name
        }
        let mut joined = JOINED_OPENING.as_bytes().to_vec();
        for part in script.parts {
            if let Some((_, bytes)) = static_files.iter().find(|(n, _)| n == part) {
                joined.extend_from_slice(format!("// {part}\n").as_bytes());
                joined.extend_from_slice(bytes);
                if !joined.ends_with(b"\n") {
                    joined.push(b'\n');
                }
            }
        }
        joined.extend_from_slice(JOINED_CLOSING.as_bytes());
        joined_files.push((script.output.to_string(), joined));
    }
    static_files.retain(|(n, _)| {
        !JOINED_SCRIPTS
            .iter()
            .any(|script| script.parts.contains(&n.as_str()))
    });
    static_files.extend(joined_files);
}

pub struct Theme {
    pub tera: Tera,
    /// Static files to copy into the output, by path under `static/`.
    pub static_files: Vec<(String, Vec<u8>)>,
    /// For each template, a hash of its source and of every template it
    /// extends, includes or imports, so `waymark serve` re-renders only the
    /// pages whose templates an edit touched.
    template_prints: std::collections::BTreeMap<String, u64>,
}

impl Theme {
    /// Loads the built-in default theme, then the project's theme folder on top.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut templates: Vec<(String, String, String)> = Vec::new(); // (name, source, file for messages)
        let mut static_files: Vec<(String, Vec<u8>)> = Vec::new();
        for (path, bytes) in DEFAULT_THEME {
            if let Some(t) = path.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(bytes).into_owned();
                templates.push((t.to_string(), text, format!("(built-in theme) {path}")));
            } else if let Some(s) = path.strip_prefix("static/") {
                static_files.push((s.to_string(), bytes.to_vec()));
            }
        }

        let theme_dir = root.join("themes").join(name);
        let mut errors = Vec::new();
        if theme_dir.is_dir() {
            for (sub, is_template) in [("templates", true), ("static", false)] {
                let dir = theme_dir.join(sub);
                if !dir.is_dir() {
                    continue;
                }
                for entry in WalkDir::new(&dir)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_map(Result::ok)
                {
                    if !entry.file_type().is_file() {
                        continue;
                    }
                    let file = display_path(root, entry.path());
                    let Ok(rel_path) = entry.path().strip_prefix(&dir) else {
                        continue;
                    };
                    // Theme files become output paths too: the same name
                    // rules as content (no `\`, nothing that leaves a folder).
                    let rel = match crate::content::names::source_path(rel_path) {
                        Ok(rel) => rel,
                        Err(why) => {
                            errors.push(Diagnostic::error(
                                file,
                                Position::new(1, 1),
                                format!("this theme file cannot be used: {why}"),
                            ));
                            continue;
                        }
                    };
                    if rel.rsplit('/').next().is_some_and(|n| n.starts_with('.')) {
                        continue;
                    }
                    match std::fs::read(entry.path()) {
                        Ok(bytes) if is_template => match String::from_utf8(bytes) {
                            Ok(text) => replace_or_push(&mut templates, (rel, text, file)),
                            Err(_) => errors.push(Diagnostic::error(
                                file,
                                Position::new(1, 1),
                                "template is not valid UTF-8",
                            )),
                        },
                        Ok(bytes) => {
                            static_files.retain(|(n, _)| n != &rel);
                            static_files.push((rel, bytes));
                        }
                        Err(e) => errors.push(Diagnostic::error(
                            file,
                            Position::new(1, 1),
                            format!("cannot read: {e}"),
                        )),
                    }
                }
            }
        } else if name != "default" {
            errors.push(
                Diagnostic::error(
                    "site.yaml",
                    Position::new(1, 1),
                    format!("theme `{name}` not found"),
                )
                .with_hint(format!(
                    "create themes/{name}/ or remove `theme:` to use the default"
                )),
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.register_filter("xml", XmlText);
        let sources: Vec<(&str, &str)> = templates
            .iter()
            .map(|(n, t, _)| (n.as_str(), t.as_str()))
            .collect();
        if let Err(err) = tera.add_raw_templates(sources) {
            let message = error_chain(&err);
            let file = templates
                .iter()
                .find(|(n, _, _)| message.contains(&format!("'{n}'")))
                .map(|(_, _, f)| f.clone())
                .unwrap_or_else(|| format!("themes/{name}/templates"));
            return Err(vec![Diagnostic::error(
                file,
                template_position(&message),
                message,
            )
            .with_hint(
                "fix the template syntax; see the Tera documentation for tags and filters",
            )]);
        }
        join_scripts(&mut static_files);
        static_files.sort_by(|a, b| a.0.cmp(&b.0));
        let template_prints = template_prints(&templates);
        Ok(Theme {
            tera,
            static_files,
            template_prints,
        })
    }
}

/// The `xml` filter: text escaped for XML the way the rest of the build
/// escapes HTML (Tera's own escaping also writes `/` as `&#x2F;`, which a
/// feed's URLs do not need), and marked safe so it is not escaped twice.
struct XmlText;

impl tera::Filter for XmlText {
    fn filter(
        &self,
        value: &tera::Value,
        _args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let text = match value {
            tera::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        Ok(tera::Value::String(crate::markdown::escape_html(&text)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

impl Theme {
    /// A hash of the templates `names` and everything they use, with the
    /// section navigation that every page renders separately.
    pub fn templates_print(&self, names: &[&str]) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for name in names.iter().chain(&["section-nav.html"]) {
            std::hash::Hash::hash(&(name, self.template_prints.get(*name)), &mut h);
        }
        std::hash::Hasher::finish(&h)
    }
}

/// Each template's print: its source and, transitively, the sources of the
/// templates it names in `extends`, `include` and `import` tags.
fn template_prints(
    templates: &[(String, String, String)],
) -> std::collections::BTreeMap<String, u64> {
    let sources: std::collections::BTreeMap<&str, &str> = templates
        .iter()
        .map(|(n, t, _)| (n.as_str(), t.as_str()))
        .collect();
    sources
        .keys()
        .map(|&name| {
            let mut seen = std::collections::BTreeSet::new();
            let mut todo = vec![name];
            while let Some(next) = todo.pop() {
                if seen.insert(next) {
                    if let Some(source) = sources.get(next) {
                        todo.extend(template_uses(source));
                    }
                }
            }
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for used in seen {
                std::hash::Hash::hash(&(used, sources.get(used)), &mut h);
            }
            (name.to_string(), std::hash::Hasher::finish(&h))
        })
        .collect()
}

/// The templates a template's `extends`, `include` and `import` tags name.
fn template_uses(source: &str) -> Vec<&str> {
    source
        .split("{%")
        .skip(1)
        .filter_map(|tag| {
            let tag = tag.split("%}").next()?.trim_start_matches('-').trim();
            let (keyword, rest) = tag.split_once(char::is_whitespace)?;
            if !matches!(keyword, "extends" | "include" | "import") {
                return None;
            }
            let rest = rest.trim_start();
            let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
            rest[1..].split(quote).next()
        })
        .collect()
}

fn replace_or_push(templates: &mut Vec<(String, String, String)>, item: (String, String, String)) {
    match templates.iter_mut().find(|(n, _, _)| *n == item.0) {
        Some(slot) => *slot = item,
        None => templates.push(item),
    }
}

/// Tera nests the useful part of an error in its source chain.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

/// Tera's parse errors say ` --> 12:5`; use that position when present.
fn template_position(message: &str) -> Position {
    message
        .split("--> ")
        .nth(1)
        .and_then(|rest| {
            let mut nums = rest
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty());
            Some(Position::new(
                nums.next()?.parse().ok()?,
                nums.next()?.parse().ok()?,
            ))
        })
        .unwrap_or(Position::new(1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str, source: &str) -> (String, String, String) {
        (name.into(), source.into(), name.into())
    }

    #[test]
    fn every_part_is_in_the_default_theme_in_its_scripts_folder() {
        for script in JOINED_SCRIPTS {
            let own = format!("parts/{}/", script.output.trim_end_matches(".js"));
            for part in script.parts {
                assert!(
                    DEFAULT_THEME
                        .iter()
                        .any(|(path, _)| path.strip_prefix("static/") == Some(part)),
                    "{part} is not embedded in DEFAULT_THEME, so {} would lack it",
                    script.output
                );
                assert!(
                    part.starts_with(&own) || part.starts_with("parts/shared/"),
                    "{part} of {} is outside {own} and parts/shared/ (ESLint reads that layout)",
                    script.output
                );
            }
        }
    }

    #[test]
    fn joining_wraps_the_parts_in_order_and_leaves_no_part_behind() {
        let file = |n: &str, text: &str| (n.to_string(), text.as_bytes().to_vec());
        let mut files: Vec<(String, Vec<u8>)> = DEFAULT_THEME
            .iter()
            .filter_map(|(p, _)| p.strip_prefix("static/"))
            .filter(|p| p.starts_with("parts/"))
            .map(|p| file(p, &format!("var part = '{p}';")))
            .collect();
        files.push(file("waymark.css", "body {}"));
        join_scripts(&mut files);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["waymark.css", "search.js", "forms.js", "confirm.js"]
        );
        let confirm = String::from_utf8(files[3].1.clone()).unwrap();
        assert_eq!(
            confirm,
            format!(
                "{JOINED_OPENING}// parts/shared/download.js\nvar part = 'parts/shared/download.js';\n\
                 // parts/confirm/decisions.js\nvar part = 'parts/confirm/decisions.js';\n{JOINED_CLOSING}"
            )
        );
        let forms = String::from_utf8(files[2].1.clone()).unwrap();
        assert!(forms.contains("var part = 'parts/shared/download.js';"));
    }

    #[test]
    fn template_uses_reads_extends_include_and_import_tags() {
        let source = r#"{% extends "base.html" %}{%- include 'part.html' -%}{% import "macros.html" as m %}{% if x %}{{ "not.html" }}{% endif %}"#;
        assert_eq!(
            template_uses(source),
            vec!["base.html", "part.html", "macros.html"]
        );
    }

    #[test]
    fn a_template_print_changes_with_what_it_uses_and_nothing_else() {
        let prints = |part: &str| {
            template_prints(&[
                t("base.html", "<html>{% block c %}{% endblock c %}</html>"),
                t(
                    "page.html",
                    r#"{% extends "base.html" %}{% include "part.html" %}"#,
                ),
                t("part.html", part),
                t("404.html", r#"{% extends "base.html" %}"#),
                t("other.html", "other"),
            ])
        };
        let (before, after) = (prints("part"), prints("part, edited"));
        assert_ne!(
            before["page.html"], after["page.html"],
            "an include changed"
        );
        assert_ne!(before["part.html"], after["part.html"]);
        assert_eq!(before["404.html"], after["404.html"]);
        assert_eq!(before["base.html"], after["base.html"]);
        assert_eq!(before["other.html"], after["other.html"]);
    }
}
