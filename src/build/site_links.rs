//! What `site.yaml` links to, resolved once the link index exists: the
//! header navigation and the about page every footer links to. Each path
//! is resolved like a link from the home page, and one that names nothing
//! is an error at its line of `site.yaml`.

use super::*;

/// The header navigation of `site.yaml`, resolved like any link from the
/// home page.
pub(super) fn header_navigation(
    root: &Path,
    config: &SiteConfig,
    links: &LinkIndex,
    diags: &mut Diagnostics,
) -> Vec<(String, String)> {
    let mut header_nav = Vec::new();
    for item in &config.navigation {
        if let Some(url) = from_root(links, &item.path, root, "navigation", diags) {
            header_nav.push((item.title.clone(), url));
        }
    }
    header_nav
}

/// The page a project's footers link to as "About" when it has none set.
const DEFAULT_ABOUT: &str = "about.md";

/// The site-root-relative URL of the about page every footer links to:
/// `site.yaml`'s `about`, which must name a page, else `about.md` when
/// the project has one.
pub(super) fn about_page(
    root: &Path,
    config: &SiteConfig,
    links: &LinkIndex,
    diags: &mut Diagnostics,
) -> Option<String> {
    match &config.about {
        Some(path) => from_root(links, path, root, "about", diags),
        None => links.target(DEFAULT_ABOUT).map(|t| t.url.clone()),
    }
}

/// A path `site.yaml` names under `key` (`navigation`, `about`), resolved
/// as a link from the site's root; an error at its line when it names
/// nothing.
fn from_root(
    links: &LinkIndex,
    path: &str,
    root: &Path,
    key: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    let no_anchors = BTreeSet::new();
    let from_root = PageLinks {
        index: links,
        from_url: "index.html",
        source_dir: "",
        own_anchors: &no_anchors,
    };
    match from_root.resolve(path) {
        Ok(url) => Some(url),
        Err(err) => {
            let line = config_line(root, key, path);
            let mut d = Diagnostic::error(
                CONFIG_FILE,
                Position::new(line, 1),
                format!("{key}: {}", err.message),
            );
            if let Some(h) = err.hint {
                d = d.with_hint(h);
            }
            diags.push(d);
            None
        }
    }
}

/// The line of `site.yaml` naming `path` under `key`, for its errors.
fn config_line(root: &Path, key: &str, path: &str) -> usize {
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default();
    let line_of = |found: &dyn Fn(&str) -> bool| text.lines().position(found).map(|i| i + 1);
    // `about: x.md` is one line; a navigation entry's path is on its own
    // line (or its `{title, path}` one).
    line_of(&|l| l.trim_start().starts_with(&format!("{key}:")) && l.contains(path))
        .or_else(|| line_of(&|l| l.contains(path)))
        .unwrap_or(1)
}
