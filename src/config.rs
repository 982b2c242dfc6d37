//! `site.yaml`: the project's settings.
//!
//! Strict like front matter: an unknown key is an error with a suggestion,
//! because a misspelt setting that is silently ignored is worse than none.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Position};
use crate::yaml;

pub mod vocabulary;

pub use vocabulary::{AudienceDef, SiteKindDef};

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Shown in the header and in every page's `<title>`.
    pub title: String,
    /// BCP 47 language tag for `<html lang>`.
    #[serde(default = "default_language")]
    pub language: String,
    /// One-line description for the home page and the feed.
    #[serde(default)]
    pub description: Option<String>,
    /// A notice shown at the top of every page (e.g. "illustrative content").
    #[serde(default)]
    pub notice: Option<String>,
    /// A short tag before the notice and in bench-card footers (e.g.
    /// "Illustrative"); nothing when unset, so a real deployment prints no
    /// disclaimer it did not write.
    #[serde(default)]
    pub notice_label: Option<String>,
    /// Links in the header, in order: paths to source files or folders in `content/`.
    #[serde(default)]
    pub navigation: Vec<NavLink>,
    /// The page every footer links to as "About": a path in `content/`
    /// like a navigation link's. Unset, `about.md` is linked when the
    /// project has one; set, it must name a page.
    #[serde(default)]
    pub about: Option<String>,
    /// The address the site is published at, for feeds; optional because
    /// the site itself never needs it (every link is relative).
    #[serde(default)]
    pub base_url: Option<String>,
    /// Offline use when hosted: the service worker and the ZIP (`crate::publish`).
    #[serde(default)]
    pub offline: OfflineConfig,
    /// `robots.txt` when `base_url` is set: `allow` (default), `disallow`,
    /// or the file's whole text.
    #[serde(default)]
    pub robots: Option<String>,
    /// Front-matter keys of the project's own (`weight`, `tags`…): kept on
    /// each page and given to templates as `page_meta.extra`, instead of
    /// being refused as unknown.
    #[serde(default)]
    pub extra_front_matter: Vec<String>,
    /// Who the project's pages are for, as front matter's `audience:` names
    /// them (see `vocabulary`); none by default.
    #[serde(default)]
    pub audiences: Vec<AudienceDef>,
    /// Kinds of delivery site, as a site's record names them in `kind:`.
    #[serde(default)]
    pub site_kinds: Vec<SiteKindDef>,
    /// Theme folder name under `themes/`; the built-in default fills gaps.
    #[serde(default = "default_theme")]
    pub theme: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NavLink {
    pub title: String,
    pub path: String,
}

fn default_language() -> String {
    "en-GB".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

impl SiteConfig {
    /// Reads and checks `site.yaml`; every problem with its declarations is
    /// reported at once.
    pub fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|err| {
            Diagnostic::error(CONFIG_FILE, Position::new(1, 1), format!("cannot read {CONFIG_FILE}: {err}"))
                .with_hint(format!(
                    "run waymark in a project folder (one with {CONFIG_FILE}), pass --root, or create one with `waymark init DIR`"
                ))
        }).map_err(|d| vec![d])?;
        let config: SiteConfig =
            yaml::parse(&text, yaml::Origin::file(CONFIG_FILE)).map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        if config.title.trim().is_empty() {
            problems.push(
                Diagnostic::error(CONFIG_FILE, Position::new(1, 1), "`title` is empty")
                    .with_hint("give the site a title, e.g. `title: Service guidance`"),
            );
        }
        if config.theme.contains(['/', '\\']) || config.theme.starts_with('.') {
            problems.push(Diagnostic::error(
                CONFIG_FILE,
                Position::new(1, 1),
                "`theme` must be a folder name under themes/",
            ));
        }
        problems.extend(vocabulary::validate(
            CONFIG_FILE,
            &text,
            "audiences",
            config
                .audiences
                .iter()
                .map(|a| (a.id.as_str(), a.name.as_str())),
        ));
        problems.extend(vocabulary::validate(
            CONFIG_FILE,
            &text,
            "site_kinds",
            config
                .site_kinds
                .iter()
                .map(|k| (k.id.as_str(), k.name.as_str())),
        ));
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// An audience's name for readers (`None` for an id the project does
    /// not declare): labels of pages, filters and search facets.
    pub fn audience_name(&self, id: &str) -> Option<&str> {
        self.audience(id).map(|a| a.name.as_str())
    }

    pub fn audience(&self, id: &str) -> Option<&AudienceDef> {
        self.audiences.iter().find(|a| a.id == id)
    }

    /// The declared audiences in the order lists show them: by `order`,
    /// then as declared.
    pub fn audiences_in_order(&self) -> Vec<&AudienceDef> {
        let mut list: Vec<(usize, &AudienceDef)> = self.audiences.iter().enumerate().collect();
        list.sort_by_key(|(i, a)| (a.order.is_none(), a.order, *i));
        list.into_iter().map(|(_, a)| a).collect()
    }

    /// A site kind's label and its place among kinds (declared order).
    pub fn site_kind(&self, id: &str) -> Option<(usize, &SiteKindDef)> {
        self.site_kinds.iter().enumerate().find(|(_, k)| k.id == id)
    }
}

/// `offline:` in `site.yaml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OfflineConfig {
    /// Also write the site as one ZIP, linked from every page's footer.
    #[serde(default)]
    pub zip: bool,
    /// When a reader's browser keeps the site (over http or https only).
    #[serde(default)]
    pub keep: KeepMode,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeepMode {
    /// After the first visit.
    #[default]
    Auto,
    /// When the reader presses "Keep this guidance on this device".
    Button,
    /// Never: no service worker is written.
    Off,
}

impl KeepMode {
    pub fn as_str(self) -> &'static str {
        match self {
            KeepMode::Auto => "auto",
            KeepMode::Button => "button",
            KeepMode::Off => "off",
        }
    }
}
