//! The 404 page's own text: an authored `content/404.md` (mdBook's
//! convention, and what `waymark import mdbook` keeps) is rendered like any
//! page at the content root and shown in the theme's `404.html` instead of
//! its built-in wording.
//!
//! A 404 page is served at whatever address was missing, so a relative link
//! in it can only be right at the top of the site. With `base_url` known,
//! its links are made absolute, as the template's own `{{ root }}` links are.

use super::*;
use crate::markdown::LinkError;
use crate::render::NotFoundText;

/// The 404 page's text from `content/404.md`, if the project has one; its
/// link problems go to `diags`, located in that file.
pub(super) fn text(
    resolved: &Resolved,
    highlighter: &Highlighter,
    diags: &mut Vec<Diagnostic>,
) -> Option<NotFoundText> {
    let page = resolved.content.not_found.as_ref()?;
    let headings = markdown::scan_headings(&page.body);
    let own: BTreeSet<String> = headings.iter().map(|h| h.id.clone()).collect();
    let links = RootedLinks {
        links: PageLinks {
            index: &resolved.links,
            from_url: "404.html",
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
    // A page with no heading and no `title` is named after its file ("404"),
    // which says less than the theme's own title.
    let named_after_file = page.front.title == content::title_from_slug("404");
    Some(NotFoundText {
        title: (!named_after_file).then(|| page.front.title.clone()),
        html: rendered.html,
    })
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
