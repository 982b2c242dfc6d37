//! Process maps as pages: `content/maps/<id>.yaml` becomes `maps/<id>.html`
//! with the diagram, the same map in words, and, for a site's variation,
//! what differs from the national map (listed, and marked on the diagram).
//!
//! `crate::maps` knows maps; this module knows the site: which pages maps
//! become, how their links resolve, and what each page shows.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Position};
use crate::links::{LinkIndex, PageLinks};
use crate::maps::{self, Highlights, Map, MapFile};
use crate::markdown::LinkResolver;
use crate::render::{extra_data, PageBody};
use crate::tree::{PageKind, PlannedPage};

/// A checked map ready to draw.
pub struct SiteMap {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub notes: Option<String>,
    pub map: Map,
    /// Index (in the list `build_all` returns) of the map this one varies.
    pub base: Option<usize>,
}

impl SiteMap {
    pub fn url(&self) -> String {
        format!("maps/{}.html", self.id)
    }
}

/// Checks every map: standalone maps first, then site variations overlaid
/// on the map they name.
pub fn build_all(sources: &[(String, &MapFile)], diags: &mut Diagnostics) -> Vec<SiteMap> {
    let mut built: Vec<SiteMap> = Vec::new();
    for (id, file) in sources.iter().filter(|(_, f)| f.variation_of.is_none()) {
        match maps::build_map(file) {
            Ok(map) => built.push(site_map(id, file, map, None)),
            Err(errors) => diags.extend(errors),
        }
    }
    for (id, file) in sources.iter().filter(|(_, f)| f.variation_of.is_some()) {
        let wanted = file.variation_of.as_deref().unwrap_or_default();
        let base_id = wanted.trim_start_matches("maps/").trim_end_matches(".yaml");
        let Some(base) = built
            .iter()
            .position(|m| m.id == base_id && m.base.is_none())
        else {
            let known: Vec<String> = built.iter().map(|m| format!("maps/{}", m.id)).collect();
            let mut d = Diagnostic::error(
                &file.source.file,
                key_position(file, "variation_of"),
                format!("`variation_of: {wanted}` names no map"),
            );
            if let Some(best) = did_you_mean(wanted, known.iter().map(String::as_str)) {
                d = d.with_hint(format!("did you mean `{best}`?"));
            }
            diags.push(d);
            continue;
        };
        match maps::apply_variation(&built[base].map, file) {
            Ok(map) => built.push(site_map(id, file, map, Some(base))),
            Err(errors) => diags.extend(errors),
        }
    }
    // A versioned map's shown version is built twice from one file: warn once.
    let mut warned = BTreeSet::new();
    for m in &built {
        if let Some(d) = too_wide(m, sources) {
            if warned.insert(d.file.clone()) {
                diags.push(d);
            }
        }
    }
    // Sources arrive in path order, so this order (standalone maps, then
    // variations, each pointing at its base by index) is deterministic.
    built
}

/// A warning when a map is drawn wider than the page can show with its text
/// at 12 px or more (`maps::layout::WIDTH_BUDGET`): too many lanes, or lanes
/// made wide by long labels.
fn too_wide(m: &SiteMap, sources: &[(String, &MapFile)]) -> Option<Diagnostic> {
    let width = maps::layout(&m.map).width;
    if width <= maps::layout::WIDTH_BUDGET {
        return None;
    }
    let file = sources.iter().find(|(id, _)| *id == m.id)?.1;
    let at = if file.lanes.is_empty() {
        Position::new(1, 1)
    } else {
        file.source.key("lanes")
    };
    Some(
        Diagnostic::warning(
            &file.source.file,
            at,
            format!(
                "this map is drawn {width} px wide, more than the {} px that fit the page with its text at 12 px or more",
                maps::layout::WIDTH_BUDGET
            ),
        )
        .with_hint("use fewer lanes or shorter lane and step labels; readers of a wider map see smaller text"),
    )
}

fn site_map(id: &str, file: &MapFile, map: Map, base: Option<usize>) -> SiteMap {
    SiteMap {
        id: id.to_string(),
        title: file.title.clone(),
        summary: file.summary.clone(),
        notes: file.notes.clone(),
        map,
        base,
    }
}

fn key_position(file: &MapFile, key: &str) -> Position {
    file.source
        .keys
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, p)| *p)
        .unwrap_or(Position::new(1, 1))
}

/// The tree pages of the maps, listed in the `maps` folder.
pub fn plan(maps: &[SiteMap]) -> Vec<PlannedPage> {
    maps.iter()
        .enumerate()
        .map(|(map, m)| PlannedPage {
            kind: PageKind::Map { map },
            title: m.title.clone(),
            summary: m.summary.clone(),
            folder: "maps".into(),
            order: Some(if m.base.is_none() { 0 } else { 1 }),
            // Versions (`<id>/v1.0`) are reached from their map's page.
            listed: !m.id.contains('/'),
            folder_index: false,
        })
        .collect()
}

/// Links in maps are written relative to `content/maps/`, like a page there.
fn resolver<'a>(
    index: &'a LinkIndex,
    url: &'a str,
    no_anchors: &'a BTreeSet<String>,
) -> PageLinks<'a> {
    PageLinks {
        index,
        from_url: url,
        source_dir: "maps",
        own_anchors: no_anchors,
    }
}

pub fn check_links(maps: &[SiteMap], index: &LinkIndex, diags: &mut Diagnostics) {
    let none = BTreeSet::new();
    for m in maps {
        let url = m.url();
        let links = resolver(index, &url, &none);
        let problems = maps::check_links(&m.map, &|href| {
            links.resolve(href).map_err(|e| match e.hint {
                Some(h) => format!("{} ({h})", e.message),
                None => e.message,
            })
        });
        diags.extend(problems);
    }
}

/// A map page's template data beside its drawing.
#[derive(Debug, Serialize)]
struct MapPageData<'a> {
    notes: &'a Option<String>,
    /// The map in words, for readers who cannot use the drawing.
    steps_html: String,
    /// The map this one varies.
    base: Option<MapLink<'a>>,
    /// What changed from the base map, in words.
    diff_html: Option<String>,
    /// The maps that vary this one.
    variations: Vec<MapLink<'a>>,
}

/// A map's title with a link to its page.
#[derive(Debug, Serialize)]
struct MapLink<'a> {
    title: &'a str,
    url: String,
}

/// The body of a map's page.
pub fn body<'a>(maps: &'a [SiteMap], which: usize, index: &LinkIndex, url: &str) -> PageBody {
    let m = &maps[which];
    let none = BTreeSet::new();
    let links = resolver(index, url, &none);
    let link = |href: &str| links.resolve(href).ok();
    let base = m.base.map(|b| &maps[b]);
    let diff = base.map(|b| maps::diff_maps(&b.map, &m.map));
    let highlights = diff.as_ref().map(|d| d.highlights()).unwrap_or_default();
    let layout = maps::layout(&m.map);
    let svg = maps::render_svg(
        &m.map,
        &layout,
        &link,
        &highlights,
        &format!("map-{}", m.id.replace('/', "-")),
    );
    let steps = maps::render_text_html(
        &maps::text_alternative(&m.map),
        &link,
        &format!("step-{}", m.id.replace('/', "-")),
    );
    let link_to = |v: &'a SiteMap| MapLink {
        title: &v.title,
        url: crate::links::relative_url(url, &v.url()),
    };
    let variations: Vec<MapLink> = maps
        .iter()
        .filter(|v| v.base == Some(which))
        .map(link_to)
        .collect();
    PageBody {
        html: svg,
        headings: Vec::new(),
        extra: extra_data(&MapPageData {
            notes: &m.notes,
            steps_html: steps,
            base: base.map(link_to),
            diff_html: diff.as_ref().map(maps::render_diff_html),
            variations,
        }),
        search: Vec::new(),
    }
}

/// The newer of two maps drawn with what changed since the older marked
/// (the changes in words come from `maps::render_diff_html`).
pub fn compare_svg(
    maps: &[SiteMap],
    old: usize,
    new: usize,
    index: &LinkIndex,
    url: &str,
) -> String {
    let none = BTreeSet::new();
    let links = resolver(index, url, &none);
    let link = |href: &str| links.resolve(href).ok();
    let diff = maps::diff_maps(&maps[old].map, &maps[new].map);
    let m = &maps[new];
    maps::render_svg(
        &m.map,
        &maps::layout(&m.map),
        &link,
        &diff.highlights(),
        &format!("compare-{}", m.id.replace('/', "-")),
    )
}

/// A map drawn inside another page: the diagram, the map in words behind a
/// "show" control, and a link to the map's own page.
pub fn embed(maps: &[SiteMap], which: usize, index: &LinkIndex, url: &str) -> String {
    let m = &maps[which];
    let none = BTreeSet::new();
    let links = resolver(index, url, &none);
    let link = |href: &str| links.resolve(href).ok();
    let svg = maps::render_svg(
        &m.map,
        &maps::layout(&m.map),
        &link,
        &Highlights::default(),
        &format!("embed-{}", m.id),
    );
    let steps = maps::render_text_html(
        &maps::text_alternative(&m.map),
        &link,
        &format!("embed-step-{}", m.id),
    );
    let title = crate::markdown::escape_html(&m.title);
    format!(
        "<div class=\"wm-map-embed\">\n<figure>\n<div class=\"wm-map-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Process map: {title} (scrolls sideways)\">\n{svg}</div>\n<figcaption><a href=\"{}\">{title}</a>: open the map on its own page.</figcaption>\n</figure>\n<details class=\"wm-details\"><summary class=\"wm-details__summary\">The map in words</summary><div class=\"wm-details__text\">{steps}</div></details>\n</div>\n",
        crate::markdown::escape_html(&crate::links::relative_url(url, &m.url())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::Origin;

    fn lanes(n: usize) -> String {
        let mut text = String::from("title: Wide\nlanes:\n");
        for l in 0..n {
            text += &format!("  - {{id: l{l}, label: Team number {l}}}\n");
        }
        text += "steps:\n  - {id: s0, lane: l0, label: Start here, type: start, next: [s1]}\n";
        for l in 1..n {
            let next = if l + 1 < n {
                format!("[s{}]", l + 1)
            } else {
                "[]".into()
            };
            text += &format!("  - {{id: s{l}, lane: l{l}, label: Do step {l}, next: {next}}}\n");
        }
        text
    }

    fn warnings(text: &str) -> Vec<Diagnostic> {
        let file = maps::parse_map_file(text, Origin::file("content/maps/wide.yaml")).unwrap();
        let mut diags = Diagnostics::default();
        let built = build_all(&[("wide".into(), &file)], &mut diags);
        assert_eq!(built.len(), 1);
        diags.iter().cloned().collect()
    }

    #[test]
    fn a_map_too_wide_for_the_page_is_a_located_warning() {
        let found = warnings(&lanes(12));
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(d.severity, crate::diagnostics::Severity::Warning);
        assert_eq!(
            (d.file.as_str(), d.position.line),
            ("content/maps/wide.yaml", 2)
        );
        assert!(d.message.contains("px wide"), "{}", d.message);
        assert!(warnings(&lanes(4)).is_empty());
    }
}
