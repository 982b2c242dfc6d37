//! Process maps: swimlane diagrams of a service's pathway, drawn at build time.
//!
//! Design §4 asks for maps as inline SVG with no JavaScript and no browser
//! at build time, steps linked to the guidance, loops routed cleanly, and a
//! text alternative. The pipeline is one-way, like the rest of Waymark:
//!
//! 1. [`parse_map_file`] reads `content/maps/<id>.yaml` (or one version of a
//!    versioned map) into a [`MapFile`], through `crate::yaml` like every
//!    other YAML file, and recovers line numbers ([`spans`]).
//! 2. [`build_map`] checks a standalone map into a [`Map`];
//!    [`apply_variation`] overlays a site's map on the national one.
//!    [`check_links`] reports links the caller's resolver rejects.
//! 3. [`layout()`] places lanes, steps and orthogonal edges ([`graph`],
//!    [`layout`], [`route`], [`labels`], [`metrics`]); [`render_svg`] draws them.
//! 4. [`text_alternative`] / [`render_text_html`] give the same map in words.
//! 5. [`diff_maps`] / [`render_diff_html`] compare two versions; its
//!    [`MapDiff::highlights`] mark the changes in the new map's SVG.
//!
//! Everything is deterministic (ordered collections, integer geometry), so
//! a build gives byte-identical output. Styling lives in `static/maps.css`.

pub mod diff;
pub mod graph;
pub mod labels;
pub mod layout;
pub mod metrics;
pub mod model;
pub mod pages;
pub mod route;
pub mod spans;
pub mod svg;
pub mod text;
pub mod validate;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_layout;

pub use diff::{diff_maps, render_diff_html, Change, MapDiff};
pub use layout::{layout, Layout};
pub use model::{Map, MapFile, Step, StepKind};
pub use svg::{render_svg, Highlights};
pub use text::{render_text_html, text_alternative, TextStep};
pub use validate::{apply_variation, build_map, check_links};

use crate::diagnostics::Diagnostic;
use crate::yaml::{self, Origin};

/// Parses one map file; `origin` names the file (and its first line, if the
/// YAML is embedded in something larger).
pub fn parse_map_file(text: &str, origin: Origin<'_>) -> Result<MapFile, Vec<Diagnostic>> {
    let mut file: MapFile = yaml::parse(text, origin).map_err(|d| vec![d])?;
    spans::attach(&mut file, text, origin.file, origin.first_line);
    Ok(file)
}

/// Parses and checks a standalone map, links included.
pub fn load_map(
    text: &str,
    origin: Origin<'_>,
    resolve: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Map, Vec<Diagnostic>> {
    let file = parse_map_file(text, origin)?;
    let map = build_map(&file)?;
    let problems = check_links(&map, resolve);
    if problems.is_empty() {
        Ok(map)
    } else {
        Err(problems)
    }
}

/// Escapes text for HTML/SVG content and attribute values (the crate's one escaper).
pub(crate) use crate::html::escape_html as escape;
