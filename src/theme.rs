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
    "templates/print.html",
    "templates/compare-picker.html",
    "templates/history.html",
    "templates/compare.html",
    "templates/changes.html",
    "templates/embedding.html",
    "templates/embedding-site.html",
    "static/waymark.css",
    "static/print.css",
    "static/waymark.js",
    "static/search.js",
    "static/search.css",
    "static/maps.css",
    "static/forms.css",
    "static/forms.js",
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
    "static/checks.js",
];

pub struct Theme {
    pub tera: Tera,
    /// Static files to copy into the output, by path under `static/`.
    pub static_files: Vec<(String, Vec<u8>)>,
    /// A hash of every template and static file, so `waymark serve` knows
    /// when a theme edit means every page must be rendered again.
    pub fingerprint: u64,
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
                    let rel = display_path(&dir, entry.path());
                    let file = display_path(root, entry.path());
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
        tera.autoescape_on(vec![".html"]);
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
        static_files.sort_by(|a, b| a.0.cmp(&b.0));
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for (n, t, _) in &templates {
            std::hash::Hash::hash(&(n, t), &mut hasher);
        }
        std::hash::Hash::hash(&static_files, &mut hasher);
        let fingerprint = std::hash::Hasher::finish(&hasher);
        Ok(Theme {
            tera,
            static_files,
            fingerprint,
        })
    }
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
