//! Which headings of a site file are overlays, and what they do.
//!
//! Shared by `overlay` (which checks and applies them) and `overlay_targets`
//! (which only needs the ids, to report staleness), so both read a site
//! file the same way.

use std::collections::HashMap;

use super::outline::{Outline, Section};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Action {
    Replace,
    Remove,
    Add { after: String },
}

/// A site heading that starts an overlay, the site headings nested in its
/// text, and what it asks for (`None` until read, or if it is malformed).
#[derive(Debug)]
pub(super) struct Directive {
    /// Index of the heading in the site outline.
    pub section: usize,
    /// Where its text ends: the next directive's heading, or the end.
    pub end: usize,
    pub children: Vec<usize>,
    pub action: Option<Action>,
}

/// Cuts the site's headings into directives and the text under them.
///
/// A heading starts a new directive when it is not nested under the current
/// one (same or higher level), when it carries `after=` or `remove`, or when
/// its `{#id}` names a national section outside the one the current
/// directive replaces. Any other heading is part of the current text: so a
/// replacement may keep national subsection ids, and a `###` may still
/// target a national `###` after a site `##`.
pub(crate) fn split(site: &Outline, national: &Outline, len: usize) -> Vec<Directive> {
    let mut directives: Vec<Directive> = Vec::new();
    for (index, section) in site.sections.iter().enumerate() {
        if let Some(d) = directives.last_mut() {
            let current = &site.sections[d.section];
            if current.level < section.level && !starts_overlay(current, section, national) {
                d.children.push(index);
                continue;
            }
            d.end = section.start;
        }
        directives.push(Directive {
            section: index,
            end: len,
            children: Vec::new(),
            action: None,
        });
    }
    directives
}

/// Whether `section`, nested under directive heading `current`, is a
/// directive of its own (see [`split`]).
fn starts_overlay(current: &Section, section: &Section, national: &Outline) -> bool {
    let directive_attr = |s: &Section| s.attrs.iter().any(|(k, _)| k == "after" || k == "remove");
    if directive_attr(section) {
        return true;
    }
    let Some(target) = section
        .explicit
        .then(|| national.find(&section.id))
        .flatten()
    else {
        return false;
    };
    let replaced = match directive_attr(current) {
        true => None,
        false => national.find(&current.id).map(|i| &national.sections[i]),
    };
    let start = national.sections[target].start;
    !replaced.is_some_and(|r| r.start < start && start < r.subtree_end)
}

/// What the valid directives do to national sections, by national index.
#[derive(Debug, Default)]
pub(super) struct Plan {
    /// Replaced or removed national section → directive.
    pub targets: HashMap<usize, usize>,
    /// Additions as (anchor, directive), in site order.
    pub additions: Vec<(usize, usize)>,
}

impl Plan {
    /// The nearest strict ancestor of national section `n` that is replaced
    /// or removed, with its directive.
    pub fn enclosing(&self, national: &Outline, n: usize) -> Option<(usize, usize)> {
        let mut at = national.sections.get(n).and_then(|s| s.parent);
        while let Some(p) = at {
            if let Some(&k) = self.targets.get(&p) {
                return Some((p, k));
            }
            at = national.sections.get(p).and_then(|s| s.parent);
        }
        None
    }
}
