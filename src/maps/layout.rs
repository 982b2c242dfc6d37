//! Places lanes and steps: a swimlane grid computed in Rust at build time.
//!
//! Lanes are rows and longest-path ranks are columns (see [`super::graph`]).
//! Steps of one lane in one column stack inside the lane, which grows to fit.
//! Every column is followed by a gap and every lane starts with a strip;
//! these are the only places edges run (see [`super::route`]), so the gap
//! widths and strip heights are sized from how many edges need a track
//! there. All coordinates are whole pixels, so output is byte-for-byte
//! deterministic and tests can compare geometry exactly.

use super::graph;
use super::metrics::{block_width, wrap, FONT_SIZE, LINE_HEIGHT};
use super::model::{Map, StepKind};
use super::route;

/// Outer margin of the drawing.
pub const MARGIN: i32 = 16;
/// Spacing between parallel edge tracks.
pub const TRACK: i32 = 10;
const MIN_GAP: i32 = 40;
/// Space above and below the steps inside a lane (room for decision stubs).
pub const PAD: i32 = 30;
/// Vertical space between steps stacked in one lane and column.
pub const STACK_GAP: i32 = 44;
const TASK_TEXT: f64 = 150.0;
const DECISION_TEXT: f64 = 112.0;
const LANE_TEXT: f64 = 130.0;
const BOX_PAD_X: i32 = 12;
const BOX_PAD_Y: i32 = 10;
const MIN_BOX_W: i32 = 100;
const MIN_BOX_H: i32 = 44;
/// Font size of branch labels ("Yes", "No").
pub const BRANCH_FONT: f64 = 12.0;

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
}

/// A lane's band across the whole drawing, with its wrapped label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaneBox {
    pub id: String,
    pub rect: Rect,
    pub label_lines: Vec<String>,
}

/// A step's bounding box (a diamond for decisions fills its box's sides).
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
    /// Width of the lane-label column at the left.
    pub head_width: i32,
    pub lanes: Vec<LaneBox>,
    /// In map step order.
    pub steps: Vec<StepBox>,
    pub edges: Vec<EdgeRoute>,
}

/// Column, gap and lane coordinates shared with the router.
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
}

/// Lays out a checked map.
pub fn layout(map: &Map) -> Layout {
    let edges = graph::edges(map);
    let ranks = graph::ranks(map.steps.len(), &edges);
    let cols = ranks.iter().max().map_or(1, |r| r + 1);
    let lane_of: Vec<usize> = map
        .steps
        .iter()
        .map(|s| map.lane_index(&s.lane).unwrap_or(0))
        .collect();
    let mut steps: Vec<StepBox> = map
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| size_step(i, &s.id, s.kind, &s.label, lane_of[i], ranks[i]))
        .collect();
    // Room for a label beside each port when a task's branches are labelled.
    for b in steps.iter_mut().filter(|b| b.kind != StepKind::Decision) {
        let out = edges.iter().filter(|e| e.from == b.step);
        if out.clone().any(|e| e.label.is_some()) {
            b.rect.h = b.rect.h.max(30 * out.count() as i32 + 16);
        }
    }
    let plan = route::plan(&edges, &lane_of, &ranks, map.lanes.len().max(1), cols);

    // Horizontal: head column, then gap, column, gap, ... column, gap.
    let heads: Vec<Vec<String>> = map
        .lanes
        .iter()
        .map(|l| wrap(&l.label, LANE_TEXT, FONT_SIZE, true))
        .collect();
    let head_width = heads
        .iter()
        .map(|h| block_width(h, FONT_SIZE, true))
        .max()
        .unwrap_or(0)
        .max(100)
        + 2 * BOX_PAD_X;
    let mut col_w = vec![MIN_BOX_W; cols];
    for s in &steps {
        col_w[s.rank] = col_w[s.rank].max(s.rect.w);
    }
    let mut gap_w: Vec<i32> = plan
        .gap_tracks
        .iter()
        .map(|&n| MIN_GAP.max((n as i32 + 1) * TRACK))
        .collect();
    for e in &edges {
        if let Some(label) = &e.label {
            let w = block_width(std::slice::from_ref(label), BRANCH_FONT, false);
            let tracks = plan.gap_tracks[ranks[e.from] + 1] as i32;
            let g = &mut gap_w[ranks[e.from] + 1];
            *g = (*g).max(w + 12 + (tracks + 1) * TRACK);
        }
    }
    let mut gap_x = vec![0; cols + 1];
    let mut col_x = vec![0; cols];
    let mut x = MARGIN + head_width;
    for c in 0..=cols {
        gap_x[c] = x;
        x += gap_w[c];
        if c < cols {
            col_x[c] = x;
            x += col_w[c];
        }
    }
    let width = x + MARGIN;

    // Vertical: top channel, lanes (strip, padded cells), bottom channel.
    let channel = |n: usize| if n == 0 { 0 } else { (n as i32 + 1) * TRACK };
    let top_channel_y = MARGIN;
    let mut y = MARGIN + channel(plan.top.len());
    let mut lane_y = Vec::new();
    let mut lane_h = Vec::new();
    for (li, corridor) in plan.corridors.iter().enumerate() {
        let strip = channel(corridor.len());
        let mut content = MIN_BOX_H;
        for c in 0..cols {
            let cell: Vec<&StepBox> = steps
                .iter()
                .filter(|s| s.lane == li && s.rank == c)
                .collect();
            let h: i32 = cell.iter().map(|s| s.rect.h).sum::<i32>()
                + STACK_GAP * (cell.len() as i32 - 1).max(0);
            content = content.max(h);
        }
        let head_h = heads.get(li).map_or(0, |h| h.len() as i32 * LINE_HEIGHT) + 2 * BOX_PAD_Y;
        let h = (strip + 2 * PAD + content).max(head_h);
        // Place the cells, centred in the lane's content area.
        let content_top = y + strip + PAD;
        let content_h = h - strip - 2 * PAD;
        for c in 0..cols {
            let members: Vec<usize> = (0..steps.len())
                .filter(|&i| steps[i].lane == li && steps[i].rank == c)
                .collect();
            let total: i32 = members.iter().map(|&i| steps[i].rect.h).sum::<i32>()
                + STACK_GAP * (members.len() as i32 - 1).max(0);
            let mut sy = content_top + (content_h - total) / 2;
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
    let height = y + channel(plan.bottom.len()) + MARGIN;
    let lanes = map
        .lanes
        .iter()
        .enumerate()
        .map(|(i, l)| LaneBox {
            id: l.id.clone(),
            rect: Rect {
                x: MARGIN,
                y: lane_y[i],
                w: width - 2 * MARGIN,
                h: lane_h[i],
            },
            label_lines: heads[i].clone(),
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
    };
    let routes = route::draw(&plan, &edges, &steps, &grid);
    Layout {
        width,
        height,
        head_width,
        lanes,
        steps,
        edges: routes,
    }
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
        // A (tw+8)×(th+8) text block fits a diamond twice as wide and tall.
        (((tw + 8) * 2).max(MIN_BOX_W), ((th + 8) * 2).max(60))
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
