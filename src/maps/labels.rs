//! Branch labels ("Yes", "No") at the start of their arrows.
//!
//! A label is written in the band at the top of the gap below its step
//! (`layout::LABEL_ZONE`, kept free of edge tracks by the router), beside the
//! line its arrow runs down: left of it for a decision's left branch and for
//! the left half of a step's bottom ports, right of it otherwise, so labels
//! of one step face away from each other. Gaps hold no steps, so a label
//! never covers a step; a decision with branches from both corners is made
//! wide enough that the label under it ends before the right one's line. Labels of one gap that
//! would still cover each other (steps side by side in neighbouring lanes)
//! go down a row; [`rows_needed`] tells the layout how deep each band is.

use super::graph::Edge;
use super::layout::{EdgeLabel, Layout, Rect, BRANCH_FONT, LABEL_ROW};
use super::metrics::block_width;

/// Space between a line and its label.
const SPACE: i32 = 5;

/// Estimated width of a label (drawn bold).
pub fn width(text: &str) -> i32 {
    block_width(&[text.to_string()], BRANCH_FONT, true)
}

/// Decisions whose label under them would reach the line leaving their
/// right corner, with the width that makes it fit between that line and
/// the bottom line at the decision's centre (`route::STUB` outside it).
pub fn decisions_to_widen(lay: &Layout, edges: &[Edge]) -> Vec<(usize, i32)> {
    let mut out = Vec::new();
    for (i, e) in edges.iter().enumerate() {
        let b = &lay.steps[e.from];
        let (Some(text), super::model::StepKind::Decision) = (&e.label, b.kind) else {
            continue;
        };
        let [p0, p1, ..] = lay.edges[i].points.as_slice() else {
            continue;
        };
        let (left, right) = side_exits(lay, e.from);
        if p0.0 == p1.0 && left && right {
            let need = 2 * (width(text) + 2 * SPACE + 4 - super::route::STUB);
            if need > b.rect.w {
                out.push((e.from, need));
            }
        }
    }
    out
}

/// Whether decision `step` has a branch leaving its left and its right corner.
fn side_exits(lay: &Layout, step: usize) -> (bool, bool) {
    let mut sides = (false, false);
    for r in lay.edges.iter().filter(|r| r.from == step) {
        if let [p0, p1, ..] = r.points.as_slice() {
            if p0.1 == p1.1 {
                if p1.0 < p0.0 {
                    sides.0 = true;
                } else {
                    sides.1 = true;
                }
            }
        }
    }
    sides
}

/// Adds each labelled edge's label to an upright layout; `gap_y[g]` is the
/// top of the gap before row `g` (the flow frame's `gap_x`).
pub fn place(lay: &mut Layout, edges: &[Edge], gap_y: &[i32]) {
    let drawing_w = lay.width;
    // (gap, row, left, right) of the labels placed so far.
    let mut placed: Vec<(usize, usize, i32, i32)> = Vec::new();
    for (i, e) in edges.iter().enumerate() {
        let Some(text) = &e.label else { continue };
        let pts = &lay.edges[i].points;
        let (Some(&p0), Some(&p1)) = (pts.first(), pts.get(1)) else {
            continue;
        };
        let sideways = p1.1 == p0.1;
        let line_x = if sideways { p1.0 } else { p0.0 };
        let prefer_left = if sideways {
            p1.0 < p0.0
        } else if lay.steps[e.from].kind == super::model::StepKind::Decision {
            // Away from the line leaving a corner (widened to fit if both do).
            matches!(side_exits(lay, e.from), (false, true))
        } else {
            // This port's place among the step's ports along its bottom.
            let ports: Vec<i32> = lay
                .edges
                .iter()
                .filter(|r| r.from == e.from)
                .filter_map(|r| match r.points.as_slice() {
                    [a, b, ..] if a.0 == b.0 => Some(a.0),
                    _ => None,
                })
                .collect();
            let k = ports.iter().filter(|&&x| x < p0.0).count();
            ports.len() > 1 && 2 * k + 1 < ports.len()
        };
        let w = width(text);
        let left = line_x - SPACE - w;
        let right = line_x + SPACE;
        let x = match (prefer_left, left >= 2, right + w <= drawing_w - 2) {
            (true, true, _) | (false, true, false) => left,
            _ => right,
        };
        let gap = lay.steps[e.from].rank + 1;
        let (lo, hi) = (x - 2, x + w + 2);
        let row = (0..)
            .find(|&r| {
                !placed
                    .iter()
                    .any(|&(g, pr, a, b)| g == gap && pr == r && lo < b && a < hi)
            })
            .unwrap_or(0);
        placed.push((gap, row, lo, hi));
        let y = gap_y.get(gap).copied().unwrap_or(p0.1) + 15 + LABEL_ROW * row as i32;
        lay.edges[i].label = Some(EdgeLabel {
            text: text.clone(),
            x,
            y,
            rect: Rect {
                x: lo,
                y: y - 12,
                w: w + 4,
                h: LABEL_ROW,
            },
            row,
        });
    }
}

/// How many label rows each gap of a placed layout needs.
pub fn rows_needed(lay: &Layout) -> Vec<usize> {
    let gaps = lay.steps.iter().map(|s| s.rank + 2).max().unwrap_or(1);
    let mut rows = vec![0; gaps];
    for r in &lay.edges {
        if let Some(l) = &r.label {
            let g = lay.steps[r.from].rank + 1;
            rows[g] = rows[g].max(l.row + 1);
        }
    }
    rows
}
