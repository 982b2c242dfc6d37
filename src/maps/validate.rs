//! Turns a [`MapFile`] into a checked [`Map`], and overlays site variations.
//!
//! All problems are collected before giving up (design §6), each at the line
//! of the step or lane it concerns, with a "did you mean" hint for ids that
//! look like typos. A site variation is checked after it is merged, so a
//! national step left pointing at a step the site removed is caught too —
//! though removal bypasses a step (its predecessors inherit its `next`),
//! which is what "we don't do this step here" means on a pathway.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{did_you_mean, Diagnostic, Position};

use super::model::{Map, MapFile, Next, Step, StepKind};

/// Checks a standalone (national or non-variation) map file.
pub fn build_map(file: &MapFile) -> Result<Map, Vec<Diagnostic>> {
    let name = &file.source.file;
    let mut out = Vec::new();
    if let Some(v) = &file.variation_of {
        out.push(
            Diagnostic::error(
                name,
                file.source.key("variation_of"),
                format!("this map is a variation of `{v}`; it must be built with its base map"),
            )
            .with_hint("load it with `apply_variation`"),
        );
    }
    for (key, used) in [
        ("replace", !file.replace.is_empty()),
        ("add", !file.add.is_empty()),
        ("remove", !file.remove.is_empty()),
    ] {
        if used && file.variation_of.is_none() {
            out.push(
                Diagnostic::error(
                    name,
                    file.source.key(key),
                    format!("`{key}` is only allowed in a map with `variation_of`"),
                )
                .with_hint("add `variation_of: maps/<base map>` or list the steps under `steps`"),
            );
        }
    }
    let mut lanes = Vec::new();
    for def in &file.lanes {
        lanes.push(def.to_lane(name));
    }
    let steps: Vec<Step> = file
        .steps
        .iter()
        .filter_map(|d| d.to_step(&mut out))
        .collect();
    let map = Map {
        title: file.title.clone(),
        summary: file.summary.clone(),
        notes: file.notes.clone(),
        lanes,
        steps,
    };
    out.extend(validate(&map, name, file.source.key("steps")));
    if out.is_empty() {
        Ok(map)
    } else {
        Err(out)
    }
}

/// Every structural check on a merged map. `file`/`at` locate map-wide
/// problems (no start step).
pub fn validate(map: &Map, file: &str, at: Position) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for lane in &map.lanes {
        if !seen.insert(lane.id.as_str()) {
            out.push(Diagnostic::error(
                &lane.file,
                lane.at,
                format!("lane id `{}` is used twice", lane.id),
            ));
        }
    }
    let lane_ids: Vec<&str> = map.lanes.iter().map(|l| l.id.as_str()).collect();
    let step_ids: Vec<&str> = map.steps.iter().map(|s| s.id.as_str()).collect();
    let mut seen = BTreeSet::new();
    for step in &map.steps {
        let sp = &step.spans;
        if !seen.insert(step.id.as_str()) {
            out.push(Diagnostic::error(
                &sp.file,
                sp.id,
                format!("step id `{}` is used twice", step.id),
            ));
        }
        if !lane_ids.contains(&step.lane.as_str()) {
            out.push(unknown(
                &sp.file,
                sp.lane.unwrap_or(sp.id),
                "lane",
                &step.lane,
                &lane_ids,
            ));
        }
        for (i, next) in step.next.iter().enumerate() {
            if !step_ids.contains(&next.to.as_str()) {
                out.push(unknown(
                    &sp.file,
                    sp.next_at(i),
                    "step",
                    &next.to,
                    &step_ids,
                ));
            }
        }
        if step.kind == StepKind::Decision && step.next.len() < 2 {
            out.push(
                Diagnostic::error(
                    &sp.file,
                    sp.id,
                    format!(
                        "decision `{}` has {} branch(es); a decision needs at least two",
                        step.id,
                        step.next.len()
                    ),
                )
                .with_hint("list each outcome under `next` as `{to: <step>, label: <answer>}`, or make it a `task`"),
            );
        }
        // An unlabelled arrow out of a decision leaves the reader guessing
        // which answer it stands for.
        if step.kind == StepKind::Decision {
            for (i, next) in step.next.iter().enumerate() {
                if next.label.is_none() {
                    out.push(
                        Diagnostic::error(
                            &sp.file,
                            sp.next_at(i),
                            format!(
                                "the branch from decision `{}` to `{}` has no label",
                                step.id, next.to
                            ),
                        )
                        .with_hint(format!(
                            "write it as `{{to: {}, label: <the answer that leads there>}}`",
                            next.to
                        )),
                    );
                }
            }
        }
    }
    let starts: Vec<usize> = (0..map.steps.len())
        .filter(|&i| map.steps[i].kind == StepKind::Start)
        .collect();
    if starts.is_empty() {
        out.push(
            Diagnostic::error(file, at, "the map has no start step")
                .with_hint("mark the first step with `type: start`"),
        );
        return out;
    }
    let index = map.index_by_id();
    let mut reached = vec![false; map.steps.len()];
    let mut stack = starts;
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut reached[i], true) {
            continue;
        }
        for next in &map.steps[i].next {
            if let Some(&j) = index.get(next.to.as_str()) {
                stack.push(j);
            }
        }
    }
    for (i, (step, reached)) in map.steps.iter().zip(reached).enumerate() {
        // A repeated id is reported above; its second use is never "reached".
        if !reached && index.get(step.id.as_str()) == Some(&i) {
            out.push(
                Diagnostic::error(
                    &step.spans.file,
                    step.spans.id,
                    format!("step `{}` cannot be reached from any start step", step.id),
                )
                .with_hint("add it to an earlier step's `next`, or mark it `type: start`"),
            );
        }
    }
    out
}

fn unknown(file: &str, at: Position, what: &str, id: &str, known: &[&str]) -> Diagnostic {
    let d = Diagnostic::error(file, at, format!("unknown {what} `{id}`"));
    match did_you_mean(id, known.iter().copied()) {
        Some(best) => d.with_hint(format!("did you mean `{best}`?")),
        None => d.with_hint(format!("known {what}s: {}", known.join(", "))),
    }
}

/// Overlays a site's variation (`replace`, `add`, `remove` by step id, and
/// `lanes` to relabel or add lanes) on the national map, then checks the result.
pub fn apply_variation(national: &Map, site: &MapFile) -> Result<Map, Vec<Diagnostic>> {
    let src = &site.source;
    let name = src.file.as_str();
    let mut out = Vec::new();
    if site.variation_of.is_none() {
        out.push(
            Diagnostic::error(name, Position::new(1, 1), "this map has no `variation_of`")
                .with_hint("add `variation_of: maps/<base map>`"),
        );
    }
    if !site.steps.is_empty() {
        out.push(
            Diagnostic::error(name, src.key("steps"), "a variation cannot list `steps`")
                .with_hint("use `replace`, `add` and `remove` to change the base map's steps"),
        );
    }
    let mut map = national.clone();
    map.title = site.title.clone();
    map.summary = site.summary.clone().or(map.summary);
    map.notes = site.notes.clone().or(map.notes);
    for def in &site.lanes {
        match map.lanes.iter_mut().find(|l| l.id == def.id) {
            Some(lane) => *lane = def.to_lane(name),
            None => map.lanes.push(def.to_lane(name)),
        }
    }
    let national_ids: Vec<&str> = national.steps.iter().map(|s| s.id.as_str()).collect();
    let mut touched = BTreeSet::new();
    let mut twice = |id: &str, at: Position, out: &mut Vec<Diagnostic>| {
        if !touched.insert(id.to_string()) {
            out.push(Diagnostic::error(
                name,
                at,
                format!("step `{id}` is changed more than once in this variation"),
            ));
        }
    };
    for def in &site.replace {
        twice(&def.id, def.spans.id, &mut out);
        let Some(step) = def.to_step(&mut out) else {
            continue;
        };
        match map.steps.iter_mut().find(|s| s.id == def.id) {
            Some(slot) => *slot = step,
            None => out.push(
                unknown(name, def.spans.id, "step", &def.id, &national_ids)
                    .with_hint("`replace` changes an existing step; use `add` for a new one"),
            ),
        }
    }
    for def in &site.add {
        twice(&def.id, def.spans.id, &mut out);
        if national_ids.contains(&def.id.as_str()) {
            out.push(
                Diagnostic::error(
                    name,
                    def.spans.id,
                    format!("step `{}` already exists", def.id),
                )
                .with_hint("use `replace` to change an existing step"),
            );
        } else if let Some(step) = def.to_step(&mut out) {
            map.steps.push(step);
        }
    }
    let mut removed = BTreeSet::new();
    for (i, id) in site.remove.iter().enumerate() {
        let at = src.remove.get(i).copied().unwrap_or(src.key("remove"));
        twice(id, at, &mut out);
        if national_ids.contains(&id.as_str()) {
            removed.insert(id.clone());
        } else {
            out.push(unknown(name, at, "step", id, &national_ids));
        }
    }
    bypass(&mut map, &removed);
    out.extend(validate(&map, name, Position::new(1, 1)));
    if out.is_empty() {
        Ok(map)
    } else {
        Err(out)
    }
}

/// Drops `removed` steps, sending their predecessors on to their successors.
fn bypass(map: &mut Map, removed: &BTreeSet<String>) {
    let succ: BTreeMap<String, Vec<Next>> = map
        .steps
        .iter()
        .filter(|s| removed.contains(&s.id))
        .map(|s| (s.id.clone(), s.next.clone()))
        .collect();
    for step in map.steps.iter_mut().filter(|s| !removed.contains(&s.id)) {
        let mut next = Vec::new();
        for n in &step.next {
            let mut visited = BTreeSet::new();
            expand(n, &succ, &mut visited, &mut next);
        }
        next.dedup_by(|a, b| a.to == b.to);
        step.next = next;
    }
    map.steps.retain(|s| !removed.contains(&s.id));
}

fn expand(
    n: &Next,
    succ: &BTreeMap<String, Vec<Next>>,
    visited: &mut BTreeSet<String>,
    out: &mut Vec<Next>,
) {
    let Some(after) = succ.get(&n.to) else {
        if !out.iter().any(|o| o.to == n.to) {
            out.push(n.clone());
        }
        return;
    };
    if !visited.insert(n.to.clone()) {
        return;
    }
    for a in after {
        // A lone successor keeps the branch's label ("No" still means no).
        let carried = Next {
            to: a.to.clone(),
            label: if after.len() == 1 {
                n.label.clone()
            } else {
                a.label.clone()
            },
        };
        expand(&carried, succ, visited, out);
    }
}

/// Resolves every step link, reporting failures at the step's `link:`.
pub fn check_links(map: &Map, resolve: &dyn Fn(&str) -> Result<String, String>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for step in &map.steps {
        if let Some(link) = &step.link {
            if let Err(why) = resolve(link) {
                out.push(Diagnostic::error(
                    &step.spans.file,
                    step.spans.link.unwrap_or(step.spans.id),
                    format!(
                        "step `{}` links to `{link}`, which does not resolve: {why}",
                        step.id
                    ),
                ));
            }
        }
    }
    out
}
