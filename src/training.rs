//! Training material: learning paths of modules, case studies and bench
//! cards. They are Markdown pages with a `kind` in their front matter; this
//! module works out what the templates show beside the text.
//!
//! A *learning path* is a folder of modules (`content/training/new-staff/`):
//! the reading order of the folder is the order of the path, so previous and
//! next links come from the ordinary section navigation, and a module says
//! where it stands ("Module 2 of 5") and how long the path takes. A module
//! may itself be a versioned document folder (`05-local-delivery/v1.1.md`),
//! so readers can see what changed since the version they trained on.
//!
//! Nothing a reader does is stored: there is no progress to save.

use serde::Serialize;

use crate::content::frontmatter::{FrontMatter, PageType};
use crate::content::Content;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Position};
use crate::tree::{PageKind, PageTree};

/// What a training page's template shows beside its text (`training` in the
/// page context), told apart by `kind`.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum TrainingInfo<'a> {
    /// A module of a learning path.
    Module {
        /// "Module N of …", when the page is in its path's reading order.
        position: Option<usize>,
        total: usize,
        minutes: Option<u32>,
        /// The whole path's time, the sum of its modules'.
        path_minutes: u32,
        path_title: Option<String>,
        objectives: &'a [String],
    },
    CaseStudy {
        requirements: Vec<String>,
        sites: Vec<String>,
    },
    BenchCard {
        site: Option<SiteFacts<'a>>,
    },
}

/// A site's specifics for its bench card.
#[derive(Debug, Serialize)]
pub struct SiteFacts<'a> {
    pub name: &'a str,
    pub live_from: Option<String>,
    /// "REQUIREMENT since DATE", in the national order.
    pub requirements: Vec<String>,
    pub combinations: Vec<String>,
    pub usual_order_months: Option<String>,
    /// "ROLE: HOW", or the role alone.
    pub contacts: Vec<String>,
}

/// The front matter behind a tree page: its own for a Markdown page; for the
/// landing page of a versioned module folder, the newest version's.
pub fn front_of<'a>(content: &'a Content, tree: &PageTree, id: usize) -> Option<&'a FrontMatter> {
    let entry = &tree.pages[id];
    match entry.kind {
        PageKind::Markdown(i) => Some(&content.pages[i].front),
        _ => {
            let folder = entry.url.rsplit_once('/').map(|(d, _)| d)?;
            content
                .pages
                .iter()
                .filter(|p| p.folder() == folder && p.front.version.is_some())
                .max_by(|a, b| a.path.cmp(&b.path))
                .map(|p| &p.front)
        }
    }
}

/// Where a module stands in its path, its objectives and timings; the tags
/// of a case study; the site of a bench card. `None` for other pages.
pub fn page_info<'a>(
    content: &'a Content,
    tree: &PageTree,
    id: usize,
    front: &'a FrontMatter,
) -> Option<TrainingInfo<'a>> {
    match front.kind {
        PageType::Guidance => None,
        PageType::TrainingModule => Some(module_info(content, tree, id, front)),
        PageType::CaseStudy => Some(TrainingInfo::CaseStudy {
            requirements: front
                .requirements
                .iter()
                .map(|r| content.requirement_short(r))
                .collect(),
            sites: site_names(content, &front.sites),
        }),
        PageType::BenchCard => Some(TrainingInfo::BenchCard {
            site: front.site.as_ref().and_then(|s| site_facts(content, s)),
        }),
    }
}

fn module_info<'a>(
    content: &Content,
    tree: &PageTree,
    id: usize,
    front: &'a FrontMatter,
) -> TrainingInfo<'a> {
    // The path is the folder of the page, or for the landing page of a
    // versioned module, the folder above it.
    let entry = &tree.pages[id];
    // A version page of a versioned module stands for its document folder
    // (`path/05-local/`), which is one entry of the path.
    let dir = |url: &str| url.rsplit_once('/').map(|(d, _)| d.to_string());
    let doc_dir = match entry.kind {
        PageKind::Version { .. } => dir(&entry.url),
        _ => None,
    };
    let is_me = |p: usize| p == id || (doc_dir.is_some() && dir(&tree.pages[p].url) == doc_dir);
    let modules_of = |folder: &str| -> Vec<usize> {
        tree.reading_sequence(folder)
            .into_iter()
            .skip(1)
            .filter(|&p| {
                front_of(content, tree, p).is_some_and(|f| f.kind == PageType::TrainingModule)
            })
            .collect()
    };
    let parent = tree
        .folders
        .get(&entry.folder)
        .and_then(|f| f.parent.clone());
    let (folder, modules) = [Some(entry.folder.clone()), parent]
        .into_iter()
        .flatten()
        .map(|f| {
            let m = modules_of(&f);
            (f, m)
        })
        .find(|(_, m)| m.iter().any(|&p| is_me(p)))
        .unwrap_or_else(|| (entry.folder.clone(), Vec::new()));
    let position = modules.iter().position(|&p| is_me(p));
    let minutes: u32 = modules
        .iter()
        .filter_map(|&p| front_of(content, tree, p).and_then(|f| f.duration_minutes))
        .sum();
    TrainingInfo::Module {
        position: position.map(|p| p + 1),
        total: modules.len(),
        minutes: front.duration_minutes,
        path_minutes: minutes,
        path_title: tree.folders.get(&folder).map(|f| f.title.clone()),
        objectives: &front.objectives,
    }
}

fn site_names(content: &Content, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            content
                .sites
                .iter()
                .find(|s| &s.id == id)
                .map_or_else(|| id.clone(), |s| s.record.name.clone())
        })
        .collect()
}

/// A site's specifics for its bench card, from its site.yaml.
fn site_facts<'a>(content: &'a Content, id: &str) -> Option<SiteFacts<'a>> {
    let site = content.sites.iter().find(|s| s.id == id)?;
    let r = &site.record;
    let months = r
        .parameters
        .get("usual_order_months")
        .map(|m| m.to_string());
    Some(SiteFacts {
        name: &r.name,
        live_from: r.live_from.map(|d| d.long()),
        requirements: content
            .in_requirement_order(&r.requirements, |(id, _)| id.as_str())
            .into_iter()
            .map(|(req, d)| format!("{} since {}", content.requirement_short(req), d.long()))
            .collect(),
        combinations: r
            .combinations
            .iter()
            .map(|c| {
                c.iter()
                    .map(|x| content.requirement_short(x))
                    .collect::<Vec<_>>()
                    .join(" with ")
            })
            .collect(),
        usual_order_months: months,
        contacts: r
            .contacts
            .iter()
            .map(|c| match &c.how {
                Some(how) => format!("{}: {}", c.role, how.trim_end_matches('.')),
                None => c.role.clone(),
            })
            .collect(),
    })
}

/// Training keys belong to their kinds, and name sites that exist.
pub fn validate(content: &Content, diags: &mut Diagnostics) {
    let ids: Vec<&str> = content.sites.iter().map(|s| s.id.as_str()).collect();
    for page in &content.pages {
        let f = &page.front;
        let line = |key: &str| page.front_key(key).unwrap_or(Position::new(1, 1));
        let misplaced = |key: &str, kind: &str| {
            Diagnostic::error(
                &page.file,
                line(key),
                format!("`{key}` is only for {kind} pages"),
            )
            .with_hint(format!("add `kind: {kind}`, or remove `{key}`"))
        };
        if f.kind != PageType::TrainingModule {
            if f.duration_minutes.is_some() {
                diags.push(misplaced("duration_minutes", "training-module"));
            }
            if !f.objectives.is_empty() {
                diags.push(misplaced("objectives", "training-module"));
            }
        }
        if f.kind != PageType::CaseStudy && (!f.sites.is_empty() || !f.requirements.is_empty()) {
            let key = if f.sites.is_empty() {
                "requirements"
            } else {
                "sites"
            };
            diags.push(misplaced(key, "case-study"));
        }
        if f.kind != PageType::BenchCard && f.site.is_some() {
            diags.push(misplaced("site", "bench-card"));
        }
        for (key, site) in f
            .sites
            .iter()
            .map(|s| ("sites", s))
            .chain(f.site.iter().map(|s| ("site", s)))
        {
            if !ids.contains(&site.as_str()) {
                let mut d = Diagnostic::error(&page.file, line(key), format!("no site `{site}`"));
                if let Some(best) = did_you_mean(site, ids.iter().copied()) {
                    d = d.with_hint(format!("did you mean `{best}`?"));
                }
                diags.push(d);
            }
        }
    }
}
