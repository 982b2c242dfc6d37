//! Cross-references: links written as source paths, resolved to output URLs.
//!
//! Authors link to source files (`../eligibility.md#consent`) so links also
//! work in a repository's web view. The [`LinkIndex`] knows every linkable
//! source path, the URL it becomes, and the anchors on that page; a
//! [`PageLinks`] resolves hrefs from one page's point of view and produces
//! relative URLs, so the site works from `file://` and under any sub-path.

use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use crate::diagnostics::did_you_mean;
use crate::markdown::{LinkError, LinkResolver};
use crate::urls::relative_path;
// Kept at their old path: pages, renderers and commands call them as `links::…`.
pub use crate::urls::{normalise, relative_url, root_prefix};

/// A page other pages can link to.
#[derive(Debug, Clone, Hash)]
pub struct LinkTarget {
    pub url: String,
    pub anchors: BTreeSet<String>,
    /// False when the page's anchors cannot be known (its source failed to
    /// load): links to it are then not checked for anchors.
    pub anchors_known: bool,
    /// A hash of the three above ([`LinkTarget::print_of`]), worked out once:
    /// `waymark serve` hashes what every page's links resolve to after each
    /// structural edit, and hashing each target's anchors again for every
    /// page linking to it was most of that.
    print: u64,
}

impl LinkTarget {
    fn print_of(url: &str, anchors: &BTreeSet<String>, anchors_known: bool) -> u64 {
        let mut h = DefaultHasher::new();
        (url, anchors, anchors_known).hash(&mut h);
        h.finish()
    }
}

#[derive(Debug, Default, Hash)]
pub struct LinkIndex {
    /// Source key (`guide/consent.md`, `guide` for a folder) → target.
    targets: BTreeMap<String, LinkTarget>,
    /// Files copied as they are (`img/map.png`).
    assets: BTreeSet<String>,
}

impl LinkTarget {
    /// A page at `url` with these anchors.
    pub fn page(url: String, anchors: BTreeSet<String>) -> Self {
        LinkTarget {
            print: LinkTarget::print_of(&url, &anchors, true),
            url,
            anchors,
            anchors_known: true,
        }
    }
}

impl LinkIndex {
    pub fn add_page(
        &mut self,
        key: impl Into<String>,
        url: impl Into<String>,
        anchors: BTreeSet<String>,
    ) {
        self.add_target(key, LinkTarget::page(url.into(), anchors));
    }

    /// Adds a target made elsewhere (a build makes every page's in
    /// parallel), replacing any under the same key.
    pub fn add_target(&mut self, key: impl Into<String>, target: LinkTarget) {
        self.targets.insert(key.into(), target);
    }

    /// Stops checking anchors on links to `key`, whose page exists but
    /// whose text failed to load.
    pub fn forget_anchors(&mut self, key: &str) {
        if let Some(t) = self.targets.get_mut(key) {
            t.anchors_known = false;
            t.print = LinkTarget::print_of(&t.url, &t.anchors, false);
        }
    }

    pub fn add_asset(&mut self, path: impl Into<String>) {
        self.assets.insert(path.into());
    }

    pub fn target(&self, key: &str) -> Option<&LinkTarget> {
        self.targets.get(key)
    }

    /// A hash of what `keys` resolve to (URL and anchors, or nothing):
    /// unchanged unless a link to one of them would render differently.
    pub fn lookups_print(&self, keys: &[String]) -> u64 {
        let mut h = DefaultHasher::new();
        for key in keys {
            key.hash(&mut h);
            match self.target_of(key) {
                Some(t) => (1u8, t.print).hash(&mut h),
                None => (2u8, self.asset_of(key)).hash(&mut h),
            }
        }
        h.finish()
    }

    /// The page a key names, as [`LinkIndex::lookup_quietly`] finds it.
    fn target_of(&self, key: &str) -> Option<&LinkTarget> {
        let key = key.trim_end_matches('/');
        if let Some(t) = self.targets.get(key) {
            return Some(t);
        }
        let folder = key
            .strip_suffix("/index.md")
            .or_else(|| (key == "index.md").then_some(""))?;
        self.targets.get(folder)
    }

    /// The asset a key names, when it names no page.
    fn asset_of(&self, key: &str) -> Option<&str> {
        let key = key.trim_end_matches('/');
        self.assets.get(key).map(String::as_str)
    }

    /// Resolves a source path (already joined and normalised) to its target
    /// URL, noting the key for [`recording_lookups`].
    fn lookup(&self, key: &str) -> Option<(&str, Option<&BTreeSet<String>>)> {
        LOOKUPS.with(|keys| {
            if let Some(keys) = keys.borrow_mut().as_mut() {
                keys.insert(key.to_string());
            }
        });
        self.lookup_quietly(key)
    }

    fn lookup_quietly(&self, key: &str) -> Option<(&str, Option<&BTreeSet<String>>)> {
        match self.target_of(key) {
            Some(t) => Some((&t.url, t.anchors_known.then_some(&t.anchors))),
            None => self.asset_of(key).map(|a| (a, None)),
        }
    }
}

thread_local! {
    /// The keys looked up on this thread while [`recording_lookups`] runs.
    static LOOKUPS: RefCell<Option<BTreeSet<String>>> = const { RefCell::new(None) };
}

/// Runs `work` and returns, with its result, every link key it looked up
/// (sorted). `waymark serve` remembers them per page, so that a page is
/// rendered again when, and only when, a page it links to moves, appears,
/// disappears or changes its anchors ([`LinkIndex::lookups_print`]).
/// Rendering one page never leaves its thread, so a thread-local record
/// sees all of its links; an outer recording is kept aside and restored.
pub fn recording_lookups<T>(work: impl FnOnce() -> T) -> (T, Vec<String>) {
    let outer = LOOKUPS.with(|keys| keys.replace(Some(BTreeSet::new())));
    let value = work();
    let keys = LOOKUPS.with(|keys| keys.replace(outer)).unwrap_or_default();
    (value, keys.into_iter().collect())
}

/// Resolves links as seen from one page.
pub struct PageLinks<'a> {
    pub index: &'a LinkIndex,
    /// The page's own output URL (`guide/consent.html`).
    pub from_url: &'a str,
    /// The folder of the page's source file (`guide`).
    pub source_dir: &'a str,
    /// Anchors on the page itself, for `#fragment` links.
    pub own_anchors: &'a BTreeSet<String>,
}

impl LinkResolver for PageLinks<'_> {
    fn resolve(&self, href: &str) -> Result<String, LinkError> {
        if is_active_scheme(href) {
            return Err(LinkError {
                message: format!("link `{href}` would run script, which pages may not contain"),
                hint: Some("link to a page or an address instead".into()),
            });
        }
        if is_external(href) {
            return Ok(href.to_string());
        }
        let (path, fragment) = match href.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (href, None),
        };
        let path = path.split('?').next().unwrap_or("");
        if path.is_empty() {
            return match fragment {
                Some(f) => {
                    check_anchor(f, Some(self.own_anchors), "this page").map(|_| format!("#{f}"))
                }
                None => Ok(href.to_string()),
            };
        }
        let decoded = percent_decode(path);
        let key = normalise(self.source_dir, &decoded).ok_or_else(|| LinkError {
            message: format!("link `{href}` points outside content/"),
            hint: Some(
                "links are relative to the page's own folder; check the number of `../`".into(),
            ),
        })?;
        let (target_url, anchors) = self
            .index
            .lookup(&key)
            .ok_or_else(|| self.not_found(href, &key))?;
        let mut url = relative_url(self.from_url, target_url);
        if let Some(f) = fragment {
            if let Some(anchors) = anchors {
                check_anchor(f, Some(anchors), &key)?;
            }
            url.push('#');
            url.push_str(f);
        }
        Ok(url)
    }
}

impl PageLinks<'_> {
    fn not_found(&self, href: &str, key: &str) -> LinkError {
        let hint = if key.ends_with(".html") {
            Some(
                "link to the source file (`.md`), not the built page: Waymark rewrites it"
                    .to_string(),
            )
        } else {
            self.closest(key)
                .map(|best| format!("did you mean `{best}`?"))
                .or_else(|| Some("links are paths to source files relative to this page, e.g. `../pathway/screening.md`".into()))
        };
        LinkError {
            message: format!("link `{href}` does not resolve: there is no `content/{key}`"),
            hint,
        }
    }
}

impl PageLinks<'_> {
    /// The linkable file whose name is closest to the one written, as the
    /// path the author would write from this page. Names are compared
    /// before folders: a misspelt file name is the common mistake, and
    /// comparing whole paths would favour any file in the same folder.
    fn closest(&self, key: &str) -> Option<String> {
        let name = |k: &str| k.rsplit('/').next().unwrap_or(k).to_string();
        let wanted = name(key);
        let candidates = self
            .index
            .targets
            .keys()
            .filter(|k| k.ends_with(".md") || k.ends_with(".yaml"))
            .chain(self.index.assets.iter());
        let best = candidates
            .map(|k| {
                (
                    strsim::jaro_winkler(&wanted, &name(k)),
                    strsim::jaro_winkler(key, k),
                    k,
                )
            })
            .filter(|(score, _, _)| *score >= 0.8)
            .max_by(|a, b| {
                a.0.total_cmp(&b.0)
                    .then(a.1.total_cmp(&b.1))
                    .then_with(|| b.2.cmp(a.2))
            })?;
        let from = if self.source_dir.is_empty() {
            "x".to_string()
        } else {
            format!("{}/x", self.source_dir)
        };
        Some(relative_path(&from, best.2))
    }
}

fn check_anchor(
    fragment: &str,
    anchors: Option<&BTreeSet<String>>,
    page: &str,
) -> Result<(), LinkError> {
    let Some(anchors) = anchors else {
        return Ok(());
    };
    let fragment = percent_decode(fragment);
    if fragment.is_empty() || anchors.contains(&fragment) {
        return Ok(());
    }
    Err(LinkError {
        message: format!("anchor `#{fragment}` does not exist on {page}"),
        hint: did_you_mean(&fragment, anchors.iter().map(String::as_str)).map(|b| format!("did you mean `#{b}`?")).or_else(|| {
            Some("anchors are heading ids: the GitHub-style slug of the heading, or an explicit `{#id}`".into())
        }),
    })
}

/// True for links whose scheme runs code when followed.
fn is_active_scheme(href: &str) -> bool {
    let lower: String = href
        .trim_start()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(11)
        .collect::<String>()
        .to_ascii_lowercase();
    lower.starts_with("javascript:") || lower.starts_with("vbscript:") || lower.starts_with("data:")
}

/// True for links that leave the site (`https:`, `mailto:`, `tel:`, `//host`).
pub fn is_external(href: &str) -> bool {
    if href.starts_with("//") {
        return true;
    }
    match href.find(':') {
        Some(colon) => {
            let scheme = &href[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !href[..colon].contains('/')
        }
        None => false,
    }
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links() {
        assert!(is_external("https://example.org"));
        assert!(is_external("mailto:a@b"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("a/b:c.md"));
    }

    #[test]
    fn resolves_pages_folders_and_anchors() {
        let mut index = LinkIndex::default();
        index.add_page(
            "cstr/consent.md",
            "cstr/consent.html",
            ["capacity".to_string()].into(),
        );
        index.add_page("cstr", "cstr/index.html", BTreeSet::new());
        let own = BTreeSet::from(["top".to_string()]);
        let links = PageLinks {
            index: &index,
            from_url: "pathway/a.html",
            source_dir: "pathway",
            own_anchors: &own,
        };
        assert_eq!(
            links.resolve("../cstr/consent.md#capacity").unwrap(),
            "../cstr/consent.html#capacity"
        );
        assert_eq!(links.resolve("../cstr/").unwrap(), "../cstr/index.html");
        assert_eq!(
            links.resolve("../cstr/index.md").unwrap(),
            "../cstr/index.html"
        );
        assert_eq!(links.resolve("#top").unwrap(), "#top");
        let err = links.resolve("../cstr/consent.md#capacty").unwrap_err();
        assert!(err.hint.unwrap().contains("#capacity"));
        let err = links.resolve("../cstr/consnt.md").unwrap_err();
        assert!(err.hint.unwrap().contains("cstr/consent.md"));
        assert!(links.resolve("#nope").is_err());
    }
}
