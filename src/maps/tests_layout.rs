//! Geometry invariants, checked on the content maps and on generated ones.

use super::layout::{Layout, Rect, WIDTH_BUDGET};
use super::model::StepKind;
use super::tests::{build, parse, NATIONAL, NON_COMPLIANCE, SITES};
use super::*;

/// Does the segment a–b pass through the inside of `r`?
fn crosses(a: (i32, i32), b: (i32, i32), r: &Rect) -> bool {
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    x0 < r.right() && x1 > r.x && y0 < r.bottom() && y1 > r.y
}

fn check(map: &Map, lay: &Layout) {
    let steps = &lay.steps;
    for (i, a) in steps.iter().enumerate() {
        for b in &steps[i + 1..] {
            assert!(!a.rect.overlaps(&b.rect), "{} overlaps {}", a.id, b.id);
        }
        let lane = &lay.lanes[a.lane].rect;
        assert!(
            a.rect.y >= lane.y + lay.head_height
                && a.rect.bottom() <= lane.bottom()
                && a.rect.x > lane.x
                && a.rect.right() < lane.right(),
            "{} outside its lane",
            a.id
        );
        assert_eq!(lay.lanes[a.lane].id, map.steps[a.step].lane);
    }
    for lane in &lay.lanes {
        assert_eq!((lane.head.x, lane.head.w), (lane.rect.x, lane.rect.w));
    }
    let first = lay.lanes.first().unwrap().rect.x;
    let last = lay.lanes.last().unwrap().rect.right();
    let edges = graph::edges(map);
    assert_eq!(edges.len(), lay.edges.len());
    for (e, spec) in lay.edges.iter().zip(&edges) {
        let name = format!("{}->{}", steps[e.from].id, steps[e.to].id);
        assert!(e.points.len() >= 2, "{name}");
        for w in e.points.windows(2) {
            assert!(
                w[0].0 == w[1].0 || w[0].1 == w[1].1,
                "{name} not orthogonal: {w:?}"
            );
            for s in steps {
                assert!(
                    !crosses(w[0], w[1], &s.rect),
                    "{name} crosses {}: {w:?}",
                    s.id
                );
            }
        }
        // Starts on the source's outline (bottom side, or a decision's
        // left or right corner), ends on the target's top side.
        let (p, q) = (e.points[0], *e.points.last().unwrap());
        let (src, dst) = (steps[e.from].rect, steps[e.to].rect);
        assert!(
            (p.1 == src.bottom() && p.0 > src.x && p.0 < src.right())
                || (steps[e.from].kind == StepKind::Decision
                    && p.1 == src.cy()
                    && (p.0 == src.x || p.0 == src.right())),
            "{name} starts off its step: {p:?} {src:?}"
        );
        assert!(
            q.1 == dst.y && q.0 > dst.x && q.0 < dst.right(),
            "{name} ends off its step: {q:?} {dst:?}"
        );
        if e.back {
            assert!(
                e.points
                    .windows(2)
                    .any(|w| w[0].0 == w[1].0 && (w[0].0 < first || w[0].0 > last)),
                "{name} back-edge not in an outer channel"
            );
        } else {
            assert!(
                e.points.iter().all(|p| p.0 >= first && p.0 <= last),
                "{name} forward edge left the lanes"
            );
            assert!(q.1 > p.1, "{name} forward edge does not run down");
        }
        // Every branch label is drawn, and every decision's branch has one.
        assert_eq!(
            e.label.as_ref().map(|l| l.text.as_str()),
            spec.label.as_deref(),
            "{name}"
        );
        if steps[e.from].kind == StepKind::Decision {
            assert!(e.label.is_some(), "{name}: decision branch without a label");
        }
        if let Some(l) = &e.label {
            for s in steps {
                assert!(
                    !l.rect.overlaps(&s.rect),
                    "label {} on {name} overlaps {}",
                    l.text,
                    s.id
                );
            }
            assert!(
                l.rect.x >= 0 && l.rect.right() <= lay.width && l.rect.bottom() <= lay.height,
                "label {} on {name} outside the drawing",
                l.text
            );
        }
        for p in &e.points {
            assert!(
                p.0 > 0 && p.0 < lay.width && p.1 > 0 && p.1 < lay.height,
                "{name} outside the drawing"
            );
        }
    }
    // No two labels on top of each other.
    let labels: Vec<_> = lay.edges.iter().filter_map(|e| e.label.as_ref()).collect();
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            assert!(
                !a.rect.overlaps(&b.rect),
                "labels {} and {} overlap",
                a.text,
                b.text
            );
        }
    }
    assert_eq!(
        lay.edges.iter().filter(|e| e.back).count() > 0,
        edges.iter().any(|e| e.back)
    );
}

/// The drawing fits the page at 1280 px with its text at 12 px or more.
fn within_budget(lay: &Layout, name: &str) {
    assert!(
        lay.width <= WIDTH_BUDGET,
        "{name} is {} px wide (budget {WIDTH_BUDGET})",
        lay.width
    );
}

#[test]
fn content_maps_have_clean_geometry_within_the_page_width() {
    let national = build(NATIONAL);
    let lay = layout(&national);
    check(&national, &lay);
    within_budget(&lay, "national");
    // Six lanes side by side, read downwards.
    assert!(lay.height > lay.width, "{} x {}", lay.width, lay.height);
    let nc = build(NON_COMPLIANCE);
    let lay = layout(&nc);
    check(&nc, &lay);
    within_budget(&lay, "non-compliance");
    assert!(
        lay.edges.iter().any(|e| e.back),
        "the breach loop is a back-edge"
    );
    for (name, text) in SITES {
        let map = apply_variation(&national, &parse(text, name)).unwrap();
        let lay = layout(&map);
        check(&map, &lay);
        within_budget(&lay, name);
    }
}

#[test]
fn back_edges_loop_round_the_outside() {
    let map = build(NON_COMPLIANCE);
    let edges = graph::edges(&map);
    let back: Vec<(&str, &str)> = edges
        .iter()
        .filter(|e| e.back)
        .map(|e| (map.steps[e.from].id.as_str(), map.steps[e.to].id.as_str()))
        .collect();
    assert_eq!(back, [("resume", "missed")]);
}

#[test]
fn a_lane_holds_one_step_per_row() {
    let text = "title: T\nlanes: [{id: a, label: A}, {id: b, label: B}]\nsteps:\n  - {id: s, lane: a, label: S, type: start, next: [x, y, z]}\n  - {id: x, lane: b, label: X}\n  - {id: y, lane: b, label: Y}\n  - {id: z, lane: b, label: Z}\n";
    let map = build(text);
    let lay = layout(&map);
    check(&map, &lay);
    let xs: Vec<i32> = lay.steps[1..].iter().map(|s| s.rect.cx()).collect();
    assert!(xs.iter().all(|&x| x == xs[0]), "one column: {xs:?}");
    let mut ys: Vec<i32> = lay.steps[1..].iter().map(|s| s.rect.y).collect();
    ys.dedup();
    assert_eq!(ys.len(), 3, "one row each");
    assert_eq!(lay.lanes[0].rect.h, lay.lanes[1].rect.h);
}

/// A small deterministic generator of awkward maps: many lanes, fan-out,
/// long edges, loops in both directions, decisions with three branches.
fn generated(seed: u64, steps: usize, lanes: usize) -> String {
    let mut state = seed;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let mut s = String::from("title: Generated\nlanes:\n");
    for l in 0..lanes {
        s += &format!("  - {{id: l{l}, label: Lane number {l}}}\n");
    }
    s += "steps:\n";
    for i in 0..steps {
        let kind = if i == 0 {
            "start"
        } else if next(4) == 0 {
            "decision"
        } else {
            "task"
        };
        let mut targets = Vec::new();
        if i + 1 < steps {
            targets.push(i + 1);
        }
        let extra = if kind == "decision" {
            1 + next(2)
        } else {
            next(2)
        };
        for _ in 0..extra {
            let t = next(steps);
            if t != i && !targets.contains(&t) {
                targets.push(t);
            }
        }
        while kind == "decision" && targets.len() < 2 {
            let t = (0..steps)
                .find(|t| *t != i && !targets.contains(t))
                .unwrap();
            targets.push(t);
        }
        if seed.is_multiple_of(7) && i == steps / 2 {
            targets.push(i); // a self-loop
        }
        let next_list: Vec<String> = targets
            .iter()
            .enumerate()
            .map(|(k, t)| {
                if kind == "decision" {
                    format!("{{to: s{t}, label: Branch {k}}}")
                } else {
                    format!("s{t}")
                }
            })
            .collect();
        let words = ["Check", "the list and", "screen", "for need", "then refer"];
        let label: Vec<&str> = (0..1 + next(5)).map(|k| words[k]).collect();
        s += &format!(
            "  - {{id: s{i}, lane: l{}, label: {} {i}, type: {kind}, next: [{}]}}\n",
            next(lanes),
            label.join(" "),
            next_list.join(", ")
        );
    }
    s
}

#[test]
fn generated_maps_have_clean_geometry() {
    for seed in 0..40 {
        let text = generated(seed, 6 + (seed as usize % 20), 1 + (seed as usize % 6));
        let map = build(&text);
        let lay = layout(&map);
        check(&map, &lay);
        assert_eq!(lay, layout(&map), "deterministic");
    }
}

/// A long pathway shaped like real ones: mostly onward steps wandering
/// across six lanes, a decision every fifth step that skips ahead or loops
/// back, labels of one to four lines.
fn long_pathway(steps: usize) -> String {
    let mut s = String::from("title: Long\nlanes:\n");
    for (l, name) in [
        "Court and judiciary",
        "Probation",
        "Liaison and diversion",
        "Clinical team",
        "Treatment provider",
        "Substance misuse service",
    ]
    .iter()
    .enumerate()
    {
        s += &format!("  - {{id: l{l}, label: {name}}}\n");
    }
    s += "steps:\n";
    let words = [
        "Agree",
        "the plan with the person",
        "and record it",
        "in the case notes",
        "before the next hearing",
    ];
    for i in 0..steps {
        let lane = (i + i / 3) % 6;
        let label = words[..1 + (i * 7) % 5].join(" ");
        let (kind, next) = if i == 0 {
            ("start", "[s1]".to_string())
        } else if i + 1 == steps {
            ("end", "[]".to_string())
        } else if i % 5 == 2 && i % 10 == 7 {
            (
                "decision",
                format!(
                    "[{{to: s{}, label: \"Yes\"}}, {{to: s{}, label: Try again}}]",
                    i + 1,
                    i - 4
                ),
            )
        } else if i % 5 == 2 {
            (
                "decision",
                format!(
                    "[{{to: s{}, label: \"Yes\"}}, {{to: s{}, label: Not suitable}}]",
                    i + 1,
                    (i + 3).min(steps - 1)
                ),
            )
        } else {
            ("task", format!("[s{}]", i + 1))
        };
        s += &format!(
            "  - {{id: s{i}, lane: l{lane}, label: {label} {i}, type: {kind}, next: {next}}}\n"
        );
    }
    s
}

#[test]
fn a_larger_generated_map_fits_the_width_budget() {
    // Twice the bundled national map's steps, in the same six lanes.
    let map = build(&long_pathway(48));
    let lay = layout(&map);
    check(&map, &lay);
    within_budget(&lay, "a 48-step pathway");
    assert!(lay.edges.iter().any(|e| e.back));
}
