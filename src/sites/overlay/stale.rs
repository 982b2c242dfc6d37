//! Which of a site's overlays the national text has moved on from.
//!
//! A site writes its overlay against one version of the national page (its
//! `based_on`). When the national team later rewrites a section the site
//! replaces or removes, the site's text silently keeps the old meaning; when
//! they delete a section a site adds after, the addition loses its place.
//! Comparing the two national versions section by section (whitespace
//! normalised, so re-wrapping a paragraph is not a change) tells the site
//! exactly which of its sections to review.
//!
//! A section's text here is its whole subtree, so a change in a subsection
//! makes the replaced parent stale too. Additions only go stale when their
//! anchor disappears: new national text around them does not contradict them.

use crate::diagnostics::Position;

#[cfg(test)]
mod tests;

use super::directives::split;
use super::outline::{normalise_whitespace, Outline};

/// How a site overlay refers to a national section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// Replaced or removed.
    Overrides,
    /// Named in `after=`.
    Anchor,
}

/// A national section id a site file refers to, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: String,
    pub kind: TargetKind,
    pub position: Position,
}

/// The national ids a site file's overlay headings refer to, read leniently
/// (no checks), so staleness can be reported even when `overlay` fails
/// because the national page has moved on. `national_body` (any version)
/// only decides which nested site headings are overlays, as in `overlay`.
pub fn overlay_targets(
    site_body: &str,
    site_body_first_line: usize,
    national_body: &str,
) -> Vec<Target> {
    let site = Outline::read(site_body);
    let national = Outline::read(national_body);
    let mut targets = Vec::new();
    for directive in split(&site, &national, site_body.len()) {
        let section = &site.sections[directive.section];
        if !section.explicit {
            continue;
        }
        let position = Position::of_offset(site_body, section.start, site_body_first_line);
        let after = section.attrs.iter().find_map(|(k, v)| match v {
            Some(v) if k == "after" && !v.is_empty() => Some(v.clone()),
            _ => None,
        });
        let (id, kind) = match after {
            Some(id) => (id, TargetKind::Anchor),
            None => (section.id.clone(), TargetKind::Overrides),
        };
        targets.push(Target { id, kind, position });
    }
    targets
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaleChange {
    /// The national text of the section differs between the two versions.
    Changed,
    /// The section is in the `based_on` version but not the current one.
    RemovedNationally,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleSection {
    pub id: String,
    /// The national title (from the `based_on` version where it exists).
    pub title: String,
    pub change: StaleChange,
}

/// The sections among `overridden` (replaced or removed by the site) and
/// `anchors` (named in its `after=`) that changed nationally between
/// `based_on_body` and `current_body`, in the order given.
///
/// An overridden id missing from `based_on` but present now counts as
/// changed: the site could not have seen that text. An id in neither version
/// is not reported here (`overlay` reports it as unknown).
pub fn stale_sections(
    overridden: &[&str],
    anchors: &[&str],
    based_on_body: &str,
    current_body: &str,
) -> Vec<StaleSection> {
    let based = Outline::read(based_on_body);
    let current = Outline::read(current_body);
    let subtree = |outline: &Outline, body: &str, index: usize| {
        let s = &outline.sections[index];
        let text = body.get(s.heading_end..s.subtree_end).unwrap_or("");
        normalise_whitespace(&format!("{}\n{text}", s.normalised_heading(s.level)))
    };
    let mut stale: Vec<StaleSection> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let refs = overridden
        .iter()
        .map(|id| (*id, true))
        .chain(anchors.iter().map(|id| (*id, false)));
    for (id, is_override) in refs {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        let change = match (based.find(id), current.find(id)) {
            (Some(_), None) => Some(StaleChange::RemovedNationally),
            (Some(b), Some(c)) if is_override => (subtree(&based, based_on_body, b)
                != subtree(&current, current_body, c))
            .then_some(StaleChange::Changed),
            (None, Some(_)) if is_override => Some(StaleChange::Changed),
            _ => None,
        };
        if let Some(change) = change {
            let title = based
                .find(id)
                .map(|i| &based.sections[i])
                .or_else(|| current.find(id).map(|i| &current.sections[i]))
                .map_or_else(String::new, |s| s.title.clone());
            stale.push(StaleSection {
                id: id.to_string(),
                title,
                change,
            });
        }
    }
    stale
}
