//! What changed between two versions of a map, keyed by step id.
//!
//! Steering groups need to see that "clinical sign-off now happens before
//! consent", not two pictures to compare by eye. Steps are matched by id
//! (ids are stable; labels are what authors edit), so a diff says which
//! steps were added, removed, reworded, retyped, relinked or rewired, and
//! which moved to another lane (a change of who does it). The new map's
//! SVG highlights added, changed and moved steps; removed steps cannot be
//! drawn in the new map, so they are listed in words only.

use std::fmt::Write;

use super::escape;
use super::model::{Map, Next};
use super::svg::Highlights;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapDiff {
    pub added: Vec<StepRef>,
    pub removed: Vec<StepRef>,
    pub changed: Vec<StepChange>,
    pub moved: Vec<StepMove>,
}

/// A step named by id, label and lane label (for the words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRef {
    pub id: String,
    pub label: String,
    pub lane: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepChange {
    pub id: String,
    pub label: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Label {
        old: String,
        new: String,
    },
    Kind {
        old: String,
        new: String,
    },
    Link {
        old: Option<String>,
        new: Option<String>,
    },
    /// Onward steps, as labels (with branch labels) in old and new.
    Next {
        old: Vec<String>,
        new: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepMove {
    pub id: String,
    pub label: String,
    pub from_lane: String,
    pub to_lane: String,
}

impl MapDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.moved.is_empty()
    }

    /// Steps to mark in the new map's SVG.
    pub fn highlights(&self) -> Highlights {
        Highlights {
            added: self.added.iter().map(|s| s.id.clone()).collect(),
            changed: self.changed.iter().map(|s| s.id.clone()).collect(),
            moved: self.moved.iter().map(|s| s.id.clone()).collect(),
        }
    }
}

fn step_ref(map: &Map, s: &super::model::Step) -> StepRef {
    StepRef {
        id: s.id.clone(),
        label: s.label.clone(),
        lane: map.lane_label(&s.lane).to_string(),
    }
}

fn describe_next(map: &Map, next: &[Next]) -> Vec<String> {
    next.iter()
        .map(|n| {
            let to = map.step(&n.to).map_or(n.to.as_str(), |s| s.label.as_str());
            match &n.label {
                Some(l) => format!("{l}: {to}"),
                None => to.to_string(),
            }
        })
        .collect()
}

/// Compares two checked maps step by step, in the new map's order
/// (removed steps in the old map's order).
pub fn diff_maps(old: &Map, new: &Map) -> MapDiff {
    let mut d = MapDiff::default();
    for s in &old.steps {
        if new.step(&s.id).is_none() {
            d.removed.push(step_ref(old, s));
        }
    }
    for s in &new.steps {
        let Some(o) = old.step(&s.id) else {
            d.added.push(step_ref(new, s));
            continue;
        };
        let mut changes = Vec::new();
        if o.label != s.label {
            changes.push(Change::Label {
                old: o.label.clone(),
                new: s.label.clone(),
            });
        }
        if o.kind != s.kind {
            changes.push(Change::Kind {
                old: o.kind.name().into(),
                new: s.kind.name().into(),
            });
        }
        if o.link != s.link {
            changes.push(Change::Link {
                old: o.link.clone(),
                new: s.link.clone(),
            });
        }
        if o.next != s.next {
            changes.push(Change::Next {
                old: describe_next(old, &o.next),
                new: describe_next(new, &s.next),
            });
        }
        if !changes.is_empty() {
            d.changed.push(StepChange {
                id: s.id.clone(),
                label: s.label.clone(),
                changes,
            });
        }
        let (from, to) = (old.lane_label(&o.lane), new.lane_label(&s.lane));
        if o.lane != s.lane {
            d.moved.push(StepMove {
                id: s.id.clone(),
                label: s.label.clone(),
                from_lane: from.to_string(),
                to_lane: to.to_string(),
            });
        }
    }
    d
}

fn quoted(s: &str) -> String {
    format!("“{}”", escape(s))
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "nothing".to_string()
    } else {
        items
            .iter()
            .map(|i| quoted(i))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The diff in words, as a list grouped by kind of change.
pub fn render_diff_html(diff: &MapDiff) -> String {
    if diff.is_empty() {
        return "<p class=\"wm-map-diff\">No steps changed.</p>\n".to_string();
    }
    let mut s = String::from("<ul class=\"wm-map-diff\">\n");
    for a in &diff.added {
        let _ = writeln!(
            s,
            "<li class=\"wm-map-diff__added\"><strong>Added:</strong> {} ({}).</li>",
            quoted(&a.label),
            escape(&a.lane)
        );
    }
    for r in &diff.removed {
        let _ = writeln!(
            s,
            "<li class=\"wm-map-diff__removed\"><strong>Removed:</strong> {} ({}).</li>",
            quoted(&r.label),
            escape(&r.lane)
        );
    }
    for c in &diff.changed {
        let mut parts = Vec::new();
        for ch in &c.changes {
            parts.push(match ch {
                Change::Label { old, .. } => format!("reworded from {}", quoted(old)),
                Change::Kind { old, new } => format!("now a {new} step (was a {old})"),
                Change::Link { new: Some(new), .. } => format!("now links to {}", quoted(new)),
                Change::Link { new: None, .. } => "no longer links to guidance".to_string(),
                Change::Next { old, new } => {
                    format!("now leads to {} (was {})", list(new), list(old))
                }
            });
        }
        let _ = writeln!(
            s,
            "<li class=\"wm-map-diff__changed\"><strong>Changed:</strong> {}: {}.</li>",
            quoted(&c.label),
            parts.join("; ")
        );
    }
    for m in &diff.moved {
        let _ = writeln!(
            s,
            "<li class=\"wm-map-diff__moved\"><strong>Moved:</strong> {} is now done by {} (was {}).</li>",
            quoted(&m.label),
            escape(&m.to_lane),
            escape(&m.from_lane)
        );
    }
    s.push_str("</ul>\n");
    s
}
