//! Geometry invariants, checked on the content maps and on generated ones.

use super::layout::{Layout, Rect};
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
            a.rect.x >= lane.x + lay.head_width
                && a.rect.right() <= lane.right()
                && a.rect.y > lane.y
                && a.rect.bottom() < lane.bottom(),
            "{} outside its lane",
            a.id
        );
        assert_eq!(lay.lanes[a.lane].id, map.steps[a.step].lane);
    }
    let first = lay.lanes.first().unwrap().rect.y;
    let last = lay.lanes.last().unwrap().rect.bottom();
    for e in &lay.edges {
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
        // Starts on the source's outline, ends on the target's.
        let (p, q) = (e.points[0], *e.points.last().unwrap());
        let (src, dst) = (steps[e.from].rect, steps[e.to].rect);
        assert!(
            p == (src.right(), p.1) || p == (src.cx(), src.y) || p == (src.cx(), src.bottom()),
            "{name}"
        );
        assert!(q.0 == dst.x && q.1 > dst.y && q.1 < dst.bottom(), "{name}");
        if e.back {
            assert!(
                e.points
                    .windows(2)
                    .any(|w| w[0].1 == w[1].1 && (w[0].1 < first || w[0].1 > last)),
                "{name} back-edge not in an outer channel"
            );
        } else {
            assert!(
                e.points.iter().all(|p| p.1 >= first && p.1 <= last),
                "{name} forward edge left the lanes"
            );
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
        }
        for p in &e.points {
            assert!(
                p.0 > 0 && p.0 < lay.width && p.1 > 0 && p.1 < lay.height,
                "{name} outside the drawing"
            );
        }
    }
    assert_eq!(
        lay.edges.iter().filter(|e| e.back).count() > 0,
        graph::edges(map).iter().any(|e| e.back)
    );
}

#[test]
fn content_maps_have_clean_geometry() {
    let national = build(NATIONAL);
    check(&national, &layout(&national));
    let nc = build(NON_COMPLIANCE);
    let lay = layout(&nc);
    check(&nc, &lay);
    assert!(
        lay.edges.iter().any(|e| e.back),
        "the breach loop is a back-edge"
    );
    for (name, text) in SITES {
        let map = apply_variation(&national, &parse(text, name)).unwrap();
        check(&map, &layout(&map));
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
fn stacked_steps_grow_the_lane() {
    let text = "title: T\nlanes: [{id: a, label: A}, {id: b, label: B}]\nsteps:\n  - {id: s, lane: a, label: S, type: start, next: [x, y, z]}\n  - {id: x, lane: b, label: X}\n  - {id: y, lane: b, label: Y}\n  - {id: z, lane: b, label: Z}\n";
    let map = build(text);
    let lay = layout(&map);
    check(&map, &lay);
    let xs: Vec<i32> = lay.steps[1..].iter().map(|s| s.rect.x).collect();
    assert!(xs.iter().all(|&x| x == xs[0]), "same column");
    assert!(lay.lanes[1].rect.h > lay.lanes[0].rect.h);
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
