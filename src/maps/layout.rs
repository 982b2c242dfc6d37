//! Places lanes and steps: a swimlane grid computed in Rust at build time.
//!
//! Lanes are columns and time runs down the page, as published court and
//! health pathways draw their swimlanes: a wide drawing of a long pathway
//! made readers scroll sideways even on a desktop, while a tall one reads
//! within the page width and scrolls the way the page does. Longest-path
//! ranks (see [`super::graph`]) are rows, moved down where needed so that a
//! lane holds at most one step per row (two steps side by side would double
//! the lane's width).
//!
//! The grid is computed along two axes, *flow* (rank: the drawing's y) and
//! *cross* (lane: its x), in a frame where flow is x; [`transpose`] turns
//! it upright at the end, so [`super::route`] reasons in one frame only.
//! Every row is followed by a gap and every lane starts with a strip; these
//! are the only places edges run, so gap heights and strip widths are sized
//! from how many edges need a track there. All coordinates are whole
//! pixels, so output is byte-for-byte deterministic and tests can compare
//! geometry exactly.

use super::graph;
use super::labels;
use super::metrics::{block_width, wrap, FONT_SIZE, LINE_HEIGHT};
use super::model::{Map, StepKind};
use super::route;

/// Outer margin of the drawing.
pub const MARGIN: i32 = 16;
/// Spacing between parallel edge tracks.
pub const TRACK: i32 = 10;
const MIN_GAP: i32 = 36;
/// Space either side of the steps inside a lane (room for decision stubs).
pub const PAD: i32 = 24;
/// Space between steps stacked in one lane and row (not used once ranks
/// are separated, but kept so the grid never overlaps if they were).
pub const STACK_GAP: i32 = 44;
const TASK_TEXT: f64 = 124.0;
const DECISION_TEXT: f64 = 108.0;
const LANE_TEXT: f64 = 118.0;
const BOX_PAD_X: i32 = 10;
const BOX_PAD_Y: i32 = 10;
const MIN_BOX_W: i32 = 100;
const MIN_BOX_H: i32 = 44;
/// How far a decision's left and right corners stick out past its text.
pub const POINT: i32 = 16;
/// Font size of branch labels ("Yes", "No"): the steps' size, so a map
/// scaled to fit the page keeps both at 12 px or more.
pub const BRANCH_FONT: f64 = 14.0;
/// Height of one row of branch labels at the top of a gap.
pub const LABEL_ROW: i32 = 16;
/// The widest a drawing may be (natural size, px) and still show its
/// 14 px text at 12 px or more when scaled into the wide page column at a
/// 1280 px window (1220 px).
pub const WIDTH_BUDGET: i32 = 1420;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    pub fn right(&self) -> i32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }
    pub fn cx(&self) -> i32 {
        self.x + self.w / 2
    }
    pub fn cy(&self) -> i32 {
        self.y + self.h / 2
    }
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
    /// The same box with x and y swapped (from the flow frame to the page).
    pub fn transposed(&self) -> Rect {
        Rect {
            x: self.y,
            y: self.x,
            w: self.h,
            h: self.w,
        }
    }
}

/// A lane's column down the whole drawing, with its heading and wrapped label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaneBox {
    pub id: String,
    pub rect: Rect,
    /// The heading cell at the top of the column.
    pub head: Rect,
    pub label_lines: Vec<String>,
}

/// A step's bounding box (a decision's hexagon touches its box's sides at
/// mid-height and runs along its top and bottom).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepBox {
    pub step: usize,
    pub id: String,
    pub kind: StepKind,
    pub lane: usize,
    pub rank: usize,
    pub rect: Rect,
    pub lines: Vec<String>,
}

/// A branch label near the start of its edge; `x`,`y` is the text's
/// start and baseline, `rect` the background behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeLabel {
    pub text: String,
    pub x: i32,
    pub y: i32,
    pub rect: Rect,
    /// Which row of its gap's label band (0 = top).
    pub row: usize,
}

/// An edge as an orthogonal polyline from a side of one step to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeRoute {
    pub from: usize,
    pub to: usize,
    pub back: bool,
    pub points: Vec<(i32, i32)>,
    pub label: Option<EdgeLabel>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub width: i32,
    pub height: i32,
    /// Height of the lane-heading row at the top.
    pub head_height: i32,
    pub lanes: Vec<LaneBox>,
    /// In map step order.
    pub steps: Vec<StepBox>,
    pub edges: Vec<EdgeRoute>,
}

/// Row, gap and lane coordinates shared with the router, in the flow frame
/// (x along the flow; `col` is a rank, `gap_x` the flow position of a gap).
#[derive(Debug, Clone)]
pub struct Grid {
    /// `gap_x[g]`, `gap_w[g]` for the gap before column `g` (and one after the last).
    pub gap_x: Vec<i32>,
    pub gap_w: Vec<i32>,
    pub col_x: Vec<i32>,
    pub col_w: Vec<i32>,
    pub lane_y: Vec<i32>,
    pub lane_h: Vec<i32>,
    /// Top of the edge-free area of the top channel and of the bottom channel.
    pub top_channel_y: i32,
    pub bottom_channel_y: i32,
    /// Depth of the band at the start of each gap kept for branch labels.
    pub label_zone: Vec<i32>,
}

/// Lays out a checked map, lanes as columns and time running down.
///
/// Branch labels that would cover each other are written in more than one
/// row; how many rows a gap needs is known only once ports are placed, so
/// the layout is made again with those rows when one row is not enough
/// (label rows change only heights, never where a label sits across).
/// Decisions are widened the same way when the label under one needs room.
pub fn layout(map: &Map) -> Layout {
    let first = layout_with(map, &[], &[]);
    let rows = labels::rows_needed(&first);
    let widen = labels::decisions_to_widen(&first, &graph::edges(map));
    if rows.iter().all(|&r| r <= 1) && widen.is_empty() {
        first
    } else {
        layout_with(map, &rows, &widen)
    }
}

/// Lays out with `label_rows[g]` rows of labels in gap `g` (one if
/// unlisted) and the decisions in `widen` at least as wide as given.
fn layout_with(map: &Map, label_rows: &[usize], widen: &[(usize, i32)]) -> Layout {
    let edges = graph::edges(map);
    let lane_of: Vec<usize> = map
        .steps
        .iter()
        .map(|s| map.lane_index(&s.lane).unwrap_or(0))
        .collect();
    let ranks = graph::rows(map, &edges);
    let cols = ranks.iter().max().map_or(1, |r| r + 1);
    // Sized upright, then turned into the flow frame (w along the flow).
    let mut steps: Vec<StepBox> = map
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut b = size_step(i, &s.id, s.kind, &s.label, lane_of[i], ranks[i]);
            for &(_, w) in widen.iter().filter(|(step, _)| *step == i) {
                b.rect.w = b.rect.w.max(w);
            }
            b.rect = b.rect.transposed();
            b
        })
        .collect();
    let plan = route::plan(&edges, &lane_of, &ranks, map.lanes.len().max(1), cols);

    // Flow: heading row, then gap, row, gap, ... row, gap.
    let heads: Vec<Vec<String>> = map
        .lanes
        .iter()
        .map(|l| wrap(&l.label, LANE_TEXT, FONT_SIZE, true))
        .collect();
    let head_height = heads
        .iter()
        .map(|h| h.len() as i32 * LINE_HEIGHT)
        .max()
        .unwrap_or(0)
        + 2 * BOX_PAD_Y;
    let mut col_w = vec![MIN_BOX_H; cols];
    for s in &steps {
        col_w[s.rank] = col_w[s.rank].max(s.rect.w);
    }
    let mut gap_w: Vec<i32> = plan
        .gap_tracks
        .iter()
        .map(|&n| MIN_GAP.max((n as i32 + 1) * TRACK))
        .collect();
    let mut label_zone = vec![0; cols + 1];
    for e in edges.iter().filter(|e| e.label.is_some()) {
        let g = ranks[e.from] + 1;
        let rows = label_rows.get(g).copied().unwrap_or(1).max(1) as i32;
        label_zone[g] = rows * LABEL_ROW + 4;
        let tracks = plan.gap_tracks[g] as i32;
        gap_w[g] = gap_w[g].max(label_zone[g] + (tracks + 1) * TRACK);
    }
    let mut gap_x = vec![0; cols + 1];
    let mut col_x = vec![0; cols];
    let mut x = MARGIN + head_height;
    for c in 0..=cols {
        gap_x[c] = x;
        x += gap_w[c];
        if c < cols {
            col_x[c] = x;
            x += col_w[c];
        }
    }
    let length = x + MARGIN;

    // Cross: left channel, lanes (strip, padded cells), right channel.
    let channel = |n: usize| if n == 0 { 0 } else { (n as i32 + 1) * TRACK };
    let top_channel_y = MARGIN;
    let mut y = MARGIN + channel(plan.top_tracks);
    let mut lane_y = Vec::new();
    let mut lane_h = Vec::new();
    for (li, &tracks) in plan.corridor_tracks.iter().enumerate() {
        let strip = channel(tracks);
        let mut content = MIN_BOX_W;
        for c in 0..cols {
            let cell = steps.iter().filter(|s| s.lane == li && s.rank == c);
            let h: i32 = cell.clone().map(|s| s.rect.h).sum::<i32>()
                + STACK_GAP * (cell.count() as i32 - 1).max(0);
            content = content.max(h);
        }
        let head_w = heads.get(li).map_or(0, |h| block_width(h, FONT_SIZE, true)) + 2 * BOX_PAD_X;
        let h = (strip + 2 * PAD + content).max(head_w);
        // Place the cells, centred in the lane's content area.
        let content_top = y + strip + PAD;
        let content_h = h - strip - 2 * PAD;
        for c in 0..cols {
            let members: Vec<usize> = (0..steps.len())
                .filter(|&i| steps[i].lane == li && steps[i].rank == c)
                .collect();
            let total: i32 = members.iter().map(|&i| steps[i].rect.h).sum::<i32>()
                + STACK_GAP * (members.len() as i32 - 1).max(0);
            // From the centre, so boxes of different sizes in one lane share
            // a centre line and an arrow between them runs straight.
            let mut sy = content_top + content_h / 2 - total / 2;
            for i in members {
                let r = &mut steps[i].rect;
                r.x = col_x[c] + (col_w[c] - r.w) / 2;
                r.y = sy;
                sy += r.h + STACK_GAP;
            }
        }
        lane_y.push(y);
        lane_h.push(h);
        y += h;
    }
    let bottom_channel_y = y;
    let breadth = y + channel(plan.bottom_tracks) + MARGIN;
    let lanes = map
        .lanes
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let band = Rect {
                x: MARGIN,
                y: lane_y[i],
                w: length - 2 * MARGIN,
                h: lane_h[i],
            };
            LaneBox {
                id: l.id.clone(),
                rect: band.transposed(),
                head: Rect {
                    w: head_height,
                    ..band
                }
                .transposed(),
                label_lines: heads[i].clone(),
            }
        })
        .collect();
    let grid = Grid {
        gap_x,
        gap_w,
        col_x,
        col_w,
        lane_y,
        lane_h,
        top_channel_y,
        bottom_channel_y,
        label_zone,
    };
    let mut routes = route::draw(&plan, &edges, &steps, &grid);
    for s in &mut steps {
        s.rect = s.rect.transposed();
    }
    for r in &mut routes {
        for p in &mut r.points {
            *p = (p.1, p.0);
        }
    }
    let mut lay = Layout {
        width: breadth,
        height: length,
        head_height,
        lanes,
        steps,
        edges: routes,
    };
    labels::place(&mut lay, &edges, &grid.gap_x);
    lay
}

fn size_step(i: usize, id: &str, kind: StepKind, label: &str, lane: usize, rank: usize) -> StepBox {
    let decision = kind == StepKind::Decision;
    let lines = wrap(
        label,
        if decision { DECISION_TEXT } else { TASK_TEXT },
        FONT_SIZE,
        false,
    );
    let tw = block_width(&lines, FONT_SIZE, false);
    let th = lines.len() as i32 * LINE_HEIGHT;
    let (w, h) = if decision {
        // A hexagon: the text between its flat top and bottom, a point each side.
        (
            (tw + 2 * BOX_PAD_X + 2 * POINT).max(MIN_BOX_W),
            (th + 2 * BOX_PAD_Y).max(MIN_BOX_H),
        )
    } else {
        (
            (tw + 2 * BOX_PAD_X).max(MIN_BOX_W),
            (th + 2 * BOX_PAD_Y).max(MIN_BOX_H),
        )
    };
    StepBox {
        step: i,
        id: id.to_string(),
        kind,
        lane,
        rank,
        rect: Rect { x: 0, y: 0, w, h },
        lines,
    }
}
