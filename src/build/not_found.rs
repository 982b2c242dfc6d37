//! The 404 page (`PageKind::NotFound`): planned at the top of the site,
//! outside every listing, and drawn by `RenderEnv::render_not_found`.
//!
//! Its own text: an authored `content/404.md` (mdBook's
//! convention, and what `waymark import mdbook` keeps) is rendered like any
//! page at the content root and shown in the theme's `404.html` instead of
//! its built-in wording.
//!
//! A 404 page is served at whatever address was missing, so a relative link
//! in it can only be right at the top of the site. With `base_url` known,
//! its links are made absolute, as the template's own `{{ root }}` links are.

use super::*;
use crate::markdown::LinkError;

/// The 404 page's URL: static servers look for it at the top of the site.
pub(super) const URL: &str = "404.html";

/// The 404 page's title when `content/404.md` has none of its own.
const DEFAULT_TITLE: &str = "Page not found";

/// The 404 page: at the top of the site ([`URL`]), in no listing. Its title is
/// `content/404.md`'s own (front matter or a heading); a file with neither
/// is named after its file ("404"), which says less than the theme's title.
pub(super) fn plan(content: &Content) -> PlannedPage {
    let title = content
        .not_found
        .as_ref()
        .map(|page| page.front.title.clone())
        .filter(|title| *title != content::title_from_slug("404"))
        .unwrap_or_else(|| DEFAULT_TITLE.into());
    PlannedPage {
        kind: PageKind::NotFound,
        title,
        summary: None,
        folder: String::new(),
        order: None,
        listed: false,
        folder_index: false,
    }
}

/// The 404 page's body: `content/404.md` rendered, if the project has one
/// (else empty, and the theme says it in its own words); its link
/// problems go to `diags`, located in that file.
pub(super) fn body(
    resolved: &Resolved,
    highlighter: &Highlighter,
    diags: &mut Vec<Diagnostic>,
) -> PageBody {
    let Some(page) = resolved.content.not_found.as_ref() else {
        return PageBody {
            html: String::new(),
            headings: Vec::new(),
            extra: serde_json::Value::Null,
            search: Vec::new(),
        };
    };
    let headings = markdown::scan_headings(&page.body);
    let own: BTreeSet<String> = headings.iter().map(|h| h.id.clone()).collect();
    let links = RootedLinks {
        links: PageLinks {
            index: &resolved.links,
            from_url: URL,
            source_dir: "",
            own_anchors: &own,
        },
        root: resolved
            .config
            .base_url
            .as_deref()
            .map(|b| format!("{}/", b.trim_end_matches('/'))),
    };
    let rendered = markdown::render(
        &page.body,
        &page.source_ref(),
        &headings,
        &links,
        highlighter,
    );
    diags.extend(rendered.diagnostics);
    PageBody {
        html: rendered.html,
        headings,
        extra: serde_json::Value::Null,
        search: Vec::new(),
    }
}

/// A page's links, made absolute under `root` when there is one.
struct RootedLinks<'a> {
    links: PageLinks<'a>,
    root: Option<String>,
}

impl LinkResolver for RootedLinks<'_> {
    fn resolve(&self, href: &str) -> Result<String, LinkError> {
        let url = self.links.resolve(href)?;
        Ok(match &self.root {
            Some(root) if is_site_relative(&url) => format!("{root}{url}"),
            _ => url,
        })
    }
}

/// True for a URL into the site relative to the page (`guide/a.html`), not
/// a fragment of the page itself or an address with a scheme.
fn is_site_relative(url: &str) -> bool {
    let before_path = url.split(['/', '?', '#']).next().unwrap_or("");
    !url.is_empty() && !url.starts_with(['#', '/']) && !before_path.contains(':')
}

#[cfg(test)]
mod tests {
    use super::is_site_relative;

    #[test]
    fn only_links_into_the_site_are_rooted() {
        assert!(is_site_relative("index.html"));
        assert!(is_site_relative("guide/a.html#x"));
        assert!(!is_site_relative("#top"));
        assert!(!is_site_relative("https://example.org/a.html"));
        assert!(!is_site_relative("mailto:team@example.org"));
    }
}
