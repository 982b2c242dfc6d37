//! A site's pathway page laid over a national page, section by section.
//!
//! Sites used to copy a national page and edit it, and the copies drifted
//! from the national text without anyone noticing. Instead a site writes only
//! the sections that differ, each under a heading whose `{#id}` names the
//! national section it concerns:
//!
//! ```markdown
//! ## Booking {#booking}
//! Replaces the national section `booking` (and its subsections).
//!
//! ## Remote delivery {#remote-delivery after=booking}
//! A new section, placed after the national section `booking` and
//! everything nested under it.
//!
//! ## Weekend visits {#weekend-visits remove}
//! The national section is left out here; this text is the local reason.
//! ```
//!
//! A *section* is a heading and everything up to the next heading of the same
//! or a higher level, so replacing an `##` replaces its `###` children too.
//! Overlays may target headings of any level, and keep the level the site
//! wrote. In the site file, a heading nested under an overlay heading (a
//! `###` after a `##`) is part of that overlay's text, unless it carries
//! `after=` or `remove`, or its `{#id}` names a national section outside the
//! one being replaced; then it is an overlay of its own. So a replacement can
//! keep its national subsection ids, and a site can add after a national
//! `###` without restructuring its file. Text before the site's first heading
//! is a site preamble, returned separately for the page template to place.
//!
//! The result is flat: one [`MergedSection`] per national heading (with its
//! own text up to the next heading of any level), except that a replaced or
//! removed section stands for its whole subtree, and each added section
//! carries its own subtree. Headings are written back as `## Title {#id}`, so
//! national anchors keep their ids however the site's text is slotted in.
//! Removed sections stay in the list, in place, so readers and reviewers can
//! see what a site leaves out; [`Merged::markdown`] omits them.
//!
//! Heading attributes are parsed by pulldown-cmark itself (the renderer's
//! options), so fenced code, setext headings and spacing inside `{…}` behave
//! exactly as on the rendered page. Every mistake is reported, with the site
//! file's line and column, before giving up.

mod check;
mod directives;
mod outline;
mod stale;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_errors;

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use directives::{Action, Directive, Plan};
use outline::{open_fence, trim_blank_lines, Outline};

pub use stale::{overlay_targets, stale_sections, StaleChange, StaleSection, Target, TargetKind};

/// The two Markdown bodies to combine, with where they come from.
#[derive(Debug, Clone, Copy)]
pub struct OverlayInput<'a> {
    pub national_body: &'a str,
    pub national_file: &'a str,
    pub site_body: &'a str,
    pub site_file: &'a str,
    /// Line of the site file on which `site_body` starts (after front matter).
    pub site_body_first_line: usize,
}

/// Where a merged section's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionOrigin {
    National,
    /// The site's text stands in for this national text (the whole subtree).
    Replaced {
        national_markdown: String,
    },
    /// A site section with no national counterpart, placed after `after`.
    Added {
        after: String,
    },
    /// Left out by the site, for the `reason` given under its heading.
    Removed {
        national_markdown: String,
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedSection {
    pub id: String,
    /// Plain-text title: the site's for replaced and added sections, the
    /// national one otherwise.
    pub title: String,
    /// Heading level as written by whichever side supplied the text.
    pub level: u8,
    pub origin: SectionOrigin,
    /// Heading line (`## Title {#id}`) and text; empty for removed sections.
    pub markdown: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// The site file's text before its first heading (not in [`Merged::markdown`]).
    pub preamble: String,
    /// The national text before its first heading.
    pub national_intro: String,
    /// In document order, removed sections included.
    pub sections: Vec<MergedSection>,
}

impl Merged {
    /// The merged page: national intro, then every section not removed.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let blocks = std::iter::once(self.national_intro.as_str()).chain(
            self.sections
                .iter()
                .filter(|s| !matches!(s.origin, SectionOrigin::Removed { .. }))
                .map(|s| s.markdown.as_str()),
        );
        for block in blocks.map(trim_blank_lines).filter(|b| !b.is_empty()) {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(block);
            out.push('\n');
        }
        out
    }

    /// Ids of the national sections this site replaces or removes.
    pub fn overridden_ids(&self) -> Vec<&str> {
        self.sections
            .iter()
            .filter(|s| {
                matches!(
                    s.origin,
                    SectionOrigin::Replaced { .. } | SectionOrigin::Removed { .. }
                )
            })
            .map(|s| s.id.as_str())
            .collect()
    }

    /// Ids of the national sections this site's additions are placed after.
    pub fn anchor_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for s in &self.sections {
            if let SectionOrigin::Added { after } = &s.origin {
                if !ids.contains(&after.as_str()) {
                    ids.push(after);
                }
            }
        }
        ids
    }
}

/// Lays `input.site_body` over `input.national_body`; see the module docs.
pub fn overlay(input: &OverlayInput<'_>) -> Result<Merged, Vec<Diagnostic>> {
    let national = Outline::read(input.national_body);
    let site = Outline::read(input.site_body);
    let (directives, plan) = check::check(input, &national, &site)?;
    Ok(assemble(input, &national, &site, &directives, &plan))
}

fn assemble(
    input: &OverlayInput<'_>,
    national: &Outline,
    site_outline: &Outline,
    directives: &[Directive],
    plan: &Plan,
) -> Merged {
    let (nat, site) = (input.national_body, input.site_body);
    let site_markdown = |d: &Directive| {
        let s = &site_outline.sections[d.section];
        section_markdown(s.normalised_heading(s.level), site, s.heading_end, d.end)
    };
    let mut emit_after: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for &(a, k) in &plan.additions {
        emit_after
            .entry(national.last_in_subtree(a))
            .or_default()
            .push((a, k));
    }
    for list in emit_after.values_mut() {
        // Deeper anchors close first; one anchor's additions keep site order.
        list.sort_by_key(|&(a, _)| std::cmp::Reverse(a));
    }
    let mut sections = Vec::new();
    for (n, ns) in national.sections.iter().enumerate() {
        let national_subtree = || nat.get(ns.start..ns.subtree_end).unwrap_or("").to_string();
        if plan.enclosing(national, n).is_some() {
            // Covered by a replaced or removed ancestor.
        } else if let Some(&k) = plan.targets.get(&n) {
            let d = &directives[k];
            let s = &site_outline.sections[d.section];
            sections.push(match directives[k].action {
                Some(Action::Remove) => MergedSection {
                    id: ns.id.clone(),
                    title: ns.title.clone(),
                    level: ns.level,
                    origin: SectionOrigin::Removed {
                        national_markdown: national_subtree(),
                        reason: trim_blank_lines(site.get(s.heading_end..d.end).unwrap_or(""))
                            .to_string(),
                    },
                    markdown: String::new(),
                },
                _ => MergedSection {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    level: s.level,
                    origin: SectionOrigin::Replaced {
                        national_markdown: national_subtree(),
                    },
                    markdown: site_markdown(d),
                },
            });
        } else {
            sections.push(MergedSection {
                id: ns.id.clone(),
                title: ns.title.clone(),
                level: ns.level,
                origin: SectionOrigin::National,
                markdown: section_markdown(
                    ns.normalised_heading(ns.level),
                    nat,
                    ns.heading_end,
                    ns.end,
                ),
            });
        }
        for &(a, k) in emit_after.get(&n).into_iter().flatten() {
            let d = &directives[k];
            let s = &site_outline.sections[d.section];
            sections.push(MergedSection {
                id: s.id.clone(),
                title: s.title.clone(),
                level: s.level,
                origin: SectionOrigin::Added {
                    after: national.sections[a].id.clone(),
                },
                markdown: site_markdown(d),
            });
        }
    }
    Merged {
        preamble: trim_blank_lines(site.get(..site_outline.intro_end).unwrap_or("")).to_string(),
        national_intro: trim_blank_lines(nat.get(..national.intro_end).unwrap_or("")).to_string(),
        sections,
    }
}

/// A heading line followed by `body[from..to]`, blank lines trimmed and a
/// fence the text leaves open closed.
fn section_markdown(heading: String, body: &str, from: usize, to: usize) -> String {
    let text = trim_blank_lines(body.get(from..to).unwrap_or(""));
    let mut out = heading;
    out.push('\n');
    if !text.is_empty() {
        out.push('\n');
        out.push_str(text);
        out.push('\n');
        if let Some(fence) = open_fence(text) {
            out.push_str(&fence);
            out.push('\n');
        }
    }
    out
}
