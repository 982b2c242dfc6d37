//! Writes a laid-out map as inline SVG.
//!
//! The page's Content-Security-Policy forbids `style` attributes, so every
//! visual choice is a class (`wm-map__…`) styled by `static/maps.css`; the
//! only presentation attributes are the few that keep the drawing legible
//! if the stylesheet fails to load (unfilled edge paths, white boxes, the
//! font). Ids are prefixed so two maps can share a page. Changes from a
//! diff are marked with a class *and* a visible word ("New", "Changed",
//! "Moved"), so they are not shown by colour alone.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::escape;
use super::layout::{Layout, Rect, StepBox, POINT};
use super::metrics::LINE_HEIGHT;
use super::model::{Map, StepKind};

/// Steps to mark in the drawing, usually from [`super::diff::MapDiff::highlights`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlights {
    pub added: BTreeSet<String>,
    pub changed: BTreeSet<String>,
    pub moved: BTreeSet<String>,
}

impl Highlights {
    pub fn none() -> Self {
        Self::default()
    }

    fn marks(&self, id: &str) -> Vec<(&'static str, &'static str)> {
        let mut m = Vec::new();
        if self.added.contains(id) {
            m.push(("added", "New"));
        }
        if self.changed.contains(id) {
            m.push(("changed", "Changed"));
        }
        if self.moved.contains(id) {
            m.push(("moved", "Moved"));
        }
        m
    }
}

const FONT: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/// The map as an inline `<svg>`; `links` turns an author link into an href
/// (None leaves the step unlinked), `prefix` makes ids unique on the page.
pub fn render_svg(
    map: &Map,
    layout: &Layout,
    links: &dyn Fn(&str) -> Option<String>,
    highlights: &Highlights,
    prefix: &str,
) -> String {
    let p = escape(prefix);
    // `img` would hide the step links from assistive technology (and nest
    // interactive content in an image); a labelled group keeps both.
    let role = if map.steps.iter().any(|s| s.link.is_some()) {
        "group"
    } else {
        "img"
    };
    let (w, h) = (layout.width, layout.height);
    let mut s = String::with_capacity(8192);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"wm-map\" role=\"{role}\" \
         aria-labelledby=\"{p}-title {p}-desc\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"{FONT}\" font-size=\"14\">\n\
         <title id=\"{p}-title\">{}</title>\n<desc id=\"{p}-desc\">{}</desc>\n\
         <defs><marker id=\"{p}-arrow\" class=\"wm-map__arrow\" viewBox=\"0 0 10 10\" refX=\"10\" \
         refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" \
         orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n",
        escape(&map.title),
        escape(&map.description()),
    );
    s.push_str("<g class=\"wm-map__lanes\">\n");
    for lane in &layout.lanes {
        let r = lane.rect;
        let _ = write!(
            s,
            "<g class=\"wm-map__lane\" id=\"{p}-lane-{}\">{}{}",
            escape(&lane.id),
            rect("wm-map__lane-band", r, 0),
            rect("wm-map__lane-head", lane.head, 0),
        );
        text(
            &mut s,
            "wm-map__lane-label",
            lane.head.cx(),
            lane.head.cy(),
            &lane.label_lines,
        );
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n<g class=\"wm-map__edges\">\n");
    for e in &layout.edges {
        let class = if e.back {
            "wm-map__edge wm-map__edge--back"
        } else {
            "wm-map__edge"
        };
        let mut d = String::new();
        for (i, (x, y)) in e.points.iter().enumerate() {
            let _ = write!(d, "{}{x},{y}", if i == 0 { "M" } else { " L" });
        }
        let _ = writeln!(
            s,
            "<path class=\"{class}\" d=\"{d}\" fill=\"none\" stroke=\"currentColor\" \
             marker-end=\"url(#{p}-arrow)\"/>"
        );
    }
    s.push_str("</g>\n<g class=\"wm-map__branches\">\n");
    for l in layout.edges.iter().filter_map(|e| e.label.as_ref()) {
        let _ = writeln!(
            s,
            "<g class=\"wm-map__branch\">{}<text class=\"wm-map__branch-label\" x=\"{}\" y=\"{}\">{}</text></g>",
            rect("wm-map__branch-bg", l.rect, 0),
            l.x,
            l.y,
            escape(&l.text)
        );
    }
    s.push_str("</g>\n<g class=\"wm-map__steps\">\n");
    for b in &layout.steps {
        let step = &map.steps[b.step];
        let href = step.link.as_deref().and_then(links);
        if let Some(href) = &href {
            let _ = write!(s, "<a class=\"wm-map__link\" href=\"{}\">", escape(href));
        }
        step_group(&mut s, b, &step.label, highlights, &p);
        if href.is_some() {
            s.push_str("</a>");
        }
        s.push('\n');
    }
    s.push_str("</g>\n</svg>\n");
    s
}

fn step_group(s: &mut String, b: &StepBox, label: &str, highlights: &Highlights, p: &str) {
    let marks = highlights.marks(&b.id);
    let mut class = format!("wm-map__step wm-map__step--{}", b.kind.name());
    for (m, _) in &marks {
        let _ = write!(class, " wm-map__step--{m}");
    }
    let r = b.rect;
    let note: Vec<&str> = marks.iter().map(|(_, w)| *w).collect();
    let title = if note.is_empty() {
        escape(label)
    } else {
        format!("{} ({})", escape(label), note.join(", ").to_lowercase())
    };
    let _ = write!(
        s,
        "<g class=\"{class}\" id=\"{p}-step-{}\"><title>{title}</title>",
        escape(&b.id)
    );
    match b.kind {
        StepKind::Decision => {
            let point = POINT.min(r.w / 4);
            let _ = write!(
                s,
                "<polygon class=\"wm-map__shape\" points=\"{},{} {},{} {},{} {},{} {},{} {},{}\" fill=\"#fff\" stroke=\"currentColor\"/>",
                r.x,
                r.cy(),
                r.x + point,
                r.y,
                r.right() - point,
                r.y,
                r.right(),
                r.cy(),
                r.right() - point,
                r.bottom(),
                r.x + point,
                r.bottom()
            );
        }
        StepKind::Start | StepKind::End => s.push_str(&rect("wm-map__shape", r, 18)),
        StepKind::Task => s.push_str(&rect("wm-map__shape", r, 4)),
    }
    if !note.is_empty() {
        let _ = write!(
            s,
            "<text class=\"wm-map__badge\" x=\"{}\" y=\"{}\">{}</text>",
            r.x,
            r.y - 5,
            note.join(", ")
        );
    }
    text(s, "wm-map__label", r.cx(), r.cy(), &b.lines);
    s.push_str("</g>");
}

fn rect(class: &str, r: Rect, rx: i32) -> String {
    let round = if rx > 0 {
        format!(" rx=\"{rx}\"")
    } else {
        String::new()
    };
    let fill = if class == "wm-map__shape" {
        " fill=\"#fff\" stroke=\"currentColor\""
    } else {
        ""
    };
    format!(
        "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{round}{fill}/>",
        r.x, r.y, r.w, r.h
    )
}

/// Centred multi-line text around (`cx`, `cy`).
fn text(s: &mut String, class: &str, cx: i32, cy: i32, lines: &[String]) {
    let top = cy - lines.len() as i32 * LINE_HEIGHT / 2;
    let _ = write!(s, "<text class=\"{class}\" text-anchor=\"middle\">");
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            s,
            "<tspan x=\"{cx}\" y=\"{}\">{}</tspan>",
            top + 13 + LINE_HEIGHT * i as i32,
            escape(line)
        );
    }
    s.push_str("</text>");
}
