//! Orthogonal edge routing through the grid's free space.
//!
//! This works in the layout's flow frame (x along the flow, y across the
//! lanes; see [`super::layout`]): "right" below means onward in time.
//!
//! Boxes live only in columns and never in the gaps between columns, the
//! strip at the top of each lane, or the channels above the first and below
//! the last lane. Edges run only there, so by construction no edge crosses a
//! box: an edge leaves its step sideways into the gap after its column, runs
//! vertically in that gap, and either enters the next column's step directly
//! or travels along a horizontal track (the target lane's strip for long
//! forward edges, an outer channel for back-edges) to the gap before its
//! target's column. Each edge gets its own track in every gap, strip and
//! channel it uses; tracks in a gap are ordered to reduce crossings and to
//! avoid two edges sharing a line, which would make the arrows ambiguous.

use super::graph::Edge;
use super::layout::{EdgeRoute, Grid, Rect, StepBox, POINT, TRACK};
use super::model::StepKind;

/// How far a decision's side branches run straight out before turning.
pub const STUB: i32 = 20;

/// How an edge gets from its source's column to its target's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// Target is in the next column: one vertical in the gap between.
    Adjacent,
    /// Long forward edge along the target lane's strip.
    Corridor(usize),
    /// Back-edge around the top or bottom of the map.
    Top,
    Bottom,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub via: Vec<Via>,
    /// Number of vertical tracks each gap needs.
    pub gap_tracks: Vec<usize>,
    /// Edges using each lane's strip.
    pub corridors: Vec<Vec<usize>>,
    pub top: Vec<usize>,
    pub bottom: Vec<usize>,
    /// Each non-adjacent edge's track in its strip or channel (0 = outermost).
    pub track: Vec<usize>,
    /// How many tracks each lane's strip needs.
    pub corridor_tracks: Vec<usize>,
    pub top_tracks: usize,
    pub bottom_tracks: usize,
}

/// Decides each edge's route and counts the tracks it needs.
pub fn plan(edges: &[Edge], lane_of: &[usize], ranks: &[usize], lanes: usize, cols: usize) -> Plan {
    let mut p = Plan {
        via: Vec::new(),
        gap_tracks: vec![0; cols + 1],
        corridors: vec![Vec::new(); lanes],
        top: Vec::new(),
        bottom: Vec::new(),
        track: vec![0; edges.len()],
        corridor_tracks: vec![0; lanes],
        top_tracks: 0,
        bottom_tracks: 0,
    };
    for (i, e) in edges.iter().enumerate() {
        let (out, into) = (ranks[e.from] + 1, ranks[e.to]);
        let via = if e.back {
            if lane_of[e.from] + lane_of[e.to] < lanes - 1 {
                p.top.push(i);
                Via::Top
            } else {
                p.bottom.push(i);
                Via::Bottom
            }
        } else if into == out {
            Via::Adjacent
        } else {
            p.corridors[lane_of[e.to]].push(i);
            Via::Corridor(lane_of[e.to])
        };
        p.gap_tracks[out] += 1;
        if via != Via::Adjacent {
            p.gap_tracks[into] += 1;
        }
        p.via.push(via);
    }
    let rows = |i: usize| {
        let (a, b) = (ranks[edges[i].from] + 1, ranks[edges[i].to]);
        (a.min(b), a.max(b))
    };
    for lane in 0..lanes {
        p.corridor_tracks[lane] = share_tracks(&p.corridors[lane], &rows, &mut p.track);
    }
    p.top_tracks = share_tracks(&p.top, &rows, &mut p.track);
    p.bottom_tracks = share_tracks(&p.bottom, &rows, &mut p.track);
    p
}

/// Gives each edge of one strip or channel a track, sharing a track between
/// edges whose runs cover different rows (a long map would otherwise need a
/// track per edge and grow wide). Longer runs take the outer tracks, so
/// shorter ones nest inside them. Returns the number of tracks.
fn share_tracks(
    list: &[usize],
    rows: &dyn Fn(usize) -> (usize, usize),
    track: &mut [usize],
) -> usize {
    let mut order = list.to_vec();
    order.sort_by_key(|&i| {
        let (lo, hi) = rows(i);
        (std::cmp::Reverse(hi - lo), lo, i)
    });
    let mut taken: Vec<(usize, usize, usize)> = Vec::new();
    for i in order {
        let (lo, hi) = rows(i);
        let t = (0..)
            .find(|&t| {
                !taken
                    .iter()
                    .any(|&(tt, a, b)| tt == t && lo <= b && a <= hi)
            })
            .unwrap_or(0);
        taken.push((t, lo, hi));
        track[i] = t;
    }
    taken.iter().map(|&(t, _, _)| t + 1).max().unwrap_or(0)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Right,
    Top,
    Bottom,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Toward {
    Left,
    Right,
}

/// A vertical run in a gap and where horizontal segments join it.
struct Run {
    edge: usize,
    out: bool,
    lo: i32,
    hi: i32,
    joins: [(i32, Toward); 2],
}

/// Crossings (and, weighted, shared lines) if run `a` is left of run `b`.
fn cost(a: &Run, b: &Run) -> u32 {
    let mut c = 0;
    for &(y, t) in &b.joins {
        if t == Toward::Left && a.lo < y && y < a.hi {
            c += 1;
        }
    }
    for &(y, t) in &a.joins {
        if t == Toward::Right {
            if b.lo < y && y < b.hi {
                c += 1;
            }
            if b.joins.contains(&(y, Toward::Left)) {
                c += 10;
            }
        }
    }
    c
}

/// Turns a plan into polylines, once the boxes have their places.
pub fn draw(plan: &Plan, edges: &[Edge], steps: &[StepBox], grid: &Grid) -> Vec<EdgeRoute> {
    let n = edges.len();
    let mut hy = vec![0i32; n];
    let step = |k: usize| TRACK * (k as i32 + 1);
    for (lane, list) in plan.corridors.iter().enumerate() {
        for &i in list {
            hy[i] = grid.lane_y[lane] + step(plan.track[i]);
        }
    }
    for &i in &plan.top {
        hy[i] = grid.top_channel_y + step(plan.track[i]);
    }
    // The bottom channel grows outward downwards: outer tracks last.
    for &i in &plan.bottom {
        hy[i] = grid.bottom_channel_y + step(plan.bottom_tracks - 1 - plan.track[i]);
    }
    let heading = |i: usize| match plan.via[i] {
        Via::Adjacent => steps[edges[i].to].rect.cy(),
        _ => hy[i],
    };

    // Exits: a port on the source and the y at which the edge enters the gap.
    let mut stub: Vec<Vec<(i32, i32)>> = vec![Vec::new(); n];
    let mut y0 = vec![0i32; n];
    for (s, b) in steps.iter().enumerate() {
        let mut out: Vec<usize> = (0..n).filter(|&i| edges[i].from == s).collect();
        out.sort_by_key(|&i| (heading(i), edges[i].branch));
        let r = b.rect;
        if b.kind == StepKind::Decision {
            let headings: Vec<i32> = out.iter().map(|&i| heading(i) - r.cy()).collect();
            let sides = decision_sides(&headings);
            for (&i, sd) in out.iter().zip(sides) {
                let (port, y) = match sd {
                    Side::Right => ((r.right(), r.cy()), r.cy()),
                    Side::Bottom => ((r.cx(), r.bottom()), r.bottom() + STUB),
                    Side::Top => ((r.cx(), r.y), r.y - STUB),
                };
                stub[i] = vec![port, (port.0, y)];
                y0[i] = y;
            }
        } else {
            for (k, &i) in out.iter().enumerate() {
                let y = spread(r, k, out.len(), 8.min(r.h / 4));
                stub[i] = vec![(r.right(), y)];
                y0[i] = y;
            }
        }
    }
    // Entries: ports spread along the target's near side, ordered by where
    // edges come from, so arrows meeting at one step stay apart.
    let mut entry = vec![(0i32, 0i32); n];
    for (t, b) in steps.iter().enumerate() {
        let mut inc: Vec<usize> = (0..n).filter(|&i| edges[i].to == t).collect();
        let origin = |i: usize| match plan.via[i] {
            Via::Adjacent => y0[i],
            _ => hy[i],
        };
        inc.sort_by_key(|&i| (origin(i), i));
        // A decision's flat side stops short of its points.
        let inset = if b.kind == StepKind::Decision {
            POINT + 4
        } else {
            8.min(b.rect.h / 4)
        };
        for (k, &i) in inc.iter().enumerate() {
            entry[i] = (b.rect.x, spread(b.rect, k, inc.len(), inset));
        }
    }
    // Vertical tracks in each gap.
    let mut runs: Vec<Vec<Run>> = (0..grid.gap_x.len()).map(|_| Vec::new()).collect();
    for i in 0..n {
        let (out_gap, in_gap) = (steps[edges[i].from].rank + 1, steps[edges[i].to].rank);
        let yt = entry[i].1;
        let run = |edge, out, a: i32, b: i32, joins| Run {
            edge,
            out,
            lo: a.min(b),
            hi: a.max(b),
            joins,
        };
        match plan.via[i] {
            Via::Adjacent => runs[out_gap].push(run(
                i,
                true,
                y0[i],
                yt,
                [(y0[i], Toward::Left), (yt, Toward::Right)],
            )),
            Via::Corridor(_) => {
                runs[out_gap].push(run(
                    i,
                    true,
                    y0[i],
                    hy[i],
                    [(y0[i], Toward::Left), (hy[i], Toward::Right)],
                ));
                runs[in_gap].push(run(
                    i,
                    false,
                    hy[i],
                    yt,
                    [(hy[i], Toward::Left), (yt, Toward::Right)],
                ));
            }
            Via::Top | Via::Bottom => {
                runs[out_gap].push(run(
                    i,
                    true,
                    y0[i],
                    hy[i],
                    [(y0[i], Toward::Left), (hy[i], Toward::Left)],
                ));
                runs[in_gap].push(run(
                    i,
                    false,
                    hy[i],
                    yt,
                    [(hy[i], Toward::Right), (yt, Toward::Right)],
                ));
            }
        }
    }
    let mut x_out = vec![0i32; n];
    let mut x_in = vec![0i32; n];
    // Tracks start past the band where branch labels are written, at the
    // start of the gap after their source (see `super::labels`).
    let zone = &grid.label_zone;
    for (g, list) in runs.iter_mut().enumerate() {
        order_runs(list);
        let count = list.len() as i32;
        let (x0, w) = (grid.gap_x[g] + zone[g], grid.gap_w[g] - zone[g]);
        for (k, run) in list.iter().enumerate() {
            let x = x0 + w * (k as i32 + 1) / (count + 1);
            if run.out {
                x_out[run.edge] = x;
            }
            if !run.out || plan.via[run.edge] == Via::Adjacent {
                x_in[run.edge] = x;
            }
        }
    }
    (0..n)
        .map(|i| {
            let mut pts = stub[i].clone();
            pts.push((x_out[i], y0[i]));
            if plan.via[i] != Via::Adjacent {
                pts.push((x_out[i], hy[i]));
                pts.push((x_in[i], hy[i]));
            }
            pts.push((x_in[i], entry[i].1));
            pts.push(entry[i]);
            EdgeRoute {
                from: edges[i].from,
                to: edges[i].to,
                back: edges[i].back,
                points: simplify(pts),
                // Placed once the drawing is upright (`super::labels`).
                label: None,
            }
        })
        .collect()
}

/// Which side each of a decision's branches leaves from, given where each
/// heads relative to the decision's centre (sorted, top first): the branch
/// heading nearest level leaves to the right, one heading up from the top,
/// one heading down from the bottom; any others also leave to the right.
fn decision_sides(headings: &[i32]) -> Vec<Side> {
    let n = headings.len();
    if n < 2 {
        return vec![Side::Right; n];
    }
    let level = (0..n).min_by_key(|&k| (headings[k].abs(), k)).unwrap_or(0);
    let mut sides = vec![Side::Right; n];
    if level > 0 {
        sides[0] = Side::Top;
    }
    if level < n - 1 {
        sides[n - 1] = Side::Bottom;
    }
    sides
}

/// The `k`th of `n` evenly spread points along a box side, `inset` clear of its corners.
fn spread(r: Rect, k: usize, n: usize, inset: i32) -> i32 {
    r.y + inset + (r.h - 2 * inset) * (k as i32 + 1) / (n as i32 + 1)
}

/// Swaps neighbouring tracks while that lowers the crossing cost.
fn order_runs(list: &mut [Run]) {
    for _ in 0..list.len() {
        let mut swapped = false;
        for k in 1..list.len() {
            if cost(&list[k], &list[k - 1]) < cost(&list[k - 1], &list[k]) {
                list.swap(k - 1, k);
                swapped = true;
            }
        }
        if !swapped {
            break;
        }
    }
}

/// Drops repeated points and points in the middle of a straight run.
fn simplify(pts: Vec<(i32, i32)>) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::new();
    for p in pts {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            if (a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1) {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}
