//! The map as a graph: which edges loop back, each step's row, and the
//! reading order shared by the diagram and its text alternative.
//!
//! Pathways loop (breach goes back to court), so the longest-path ranking
//! that puts steps in rows needs a DAG: a depth-first search from the
//! start steps, in file order, marks every edge into a step still on the
//! search stack as a back-edge. Using file order makes the choice of which
//! edge "goes back" predictable for authors and deterministic for output.
//! The search is iterative, so a long hostile chain cannot overflow the stack.

use super::model::{Map, StepKind};

/// One arrow between two steps of a checked map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// Position of this edge in the source step's `next`.
    pub branch: usize,
    pub label: Option<String>,
    pub back: bool,
}

/// The map's edges (dangling ids skipped), with back-edges marked.
pub fn edges(map: &Map) -> Vec<Edge> {
    let index = map.index_by_id();
    let mut edges: Vec<Edge> = Vec::new();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); map.steps.len()];
    for (from, step) in map.steps.iter().enumerate() {
        for (branch, next) in step.next.iter().enumerate() {
            if let Some(&to) = index.get(next.to.as_str()) {
                out[from].push(edges.len());
                edges.push(Edge {
                    from,
                    to,
                    branch,
                    label: next.label.clone(),
                    back: false,
                });
            }
        }
    }
    // 0 = unseen, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; map.steps.len()];
    let roots = (0..map.steps.len())
        .filter(|&i| map.steps[i].kind == StepKind::Start)
        .chain(0..map.steps.len());
    for root in roots {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        let mut stack = vec![(root, 0usize)];
        while let Some(top) = stack.last_mut() {
            let node = top.0;
            if let Some(&e) = out[node].get(top.1) {
                top.1 += 1;
                let to = edges[e].to;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        stack.push((to, 0));
                    }
                    1 => edges[e].back = true,
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    edges
}

/// Longest-path rank of every step over the forward edges: the column.
pub fn ranks(steps: usize, edges: &[Edge]) -> Vec<usize> {
    let mut indegree = vec![0usize; steps];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); steps];
    for e in edges.iter().filter(|e| !e.back) {
        indegree[e.to] += 1;
        out[e.from].push(e.to);
    }
    let mut rank = vec![0usize; steps];
    let mut ready: Vec<usize> = (0..steps).rev().filter(|&i| indegree[i] == 0).collect();
    while let Some(n) = ready.pop() {
        for &to in &out[n] {
            rank[to] = rank[to].max(rank[n] + 1);
            indegree[to] -= 1;
            if indegree[to] == 0 {
                ready.push(to);
            }
        }
    }
    rank
}

/// Each step's row in the drawing: its rank, moved down so that no lane has
/// two steps in one row (side by side they would double the lane's width),
/// keeping every forward edge pointing down. Ranks are a topological order
/// of the forward edges, so visiting steps by rank sees each step's sources
/// first.
pub fn rows(map: &Map, edges: &[Edge]) -> Vec<usize> {
    let ranks = ranks(map.steps.len(), edges);
    let lane_of: Vec<usize> = map
        .steps
        .iter()
        .map(|s| map.lane_index(&s.lane).unwrap_or(0))
        .collect();
    let mut sources: Vec<Vec<usize>> = vec![Vec::new(); ranks.len()];
    for e in edges.iter().filter(|e| !e.back) {
        sources[e.to].push(e.from);
    }
    let mut order: Vec<usize> = (0..ranks.len()).collect();
    order.sort_by_key(|&i| (ranks[i], i));
    let mut row = vec![0usize; ranks.len()];
    let mut taken = std::collections::BTreeSet::new();
    for i in order {
        let mut r = sources[i]
            .iter()
            .map(|&s| row[s] + 1)
            .max()
            .unwrap_or(0)
            .max(ranks[i]);
        while !taken.insert((lane_of[i], r)) {
            r += 1;
        }
        row[i] = r;
    }
    row
}

/// Steps in reading order: by row, then lane, then file order.
pub fn reading_order(map: &Map, ranks: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..map.steps.len()).collect();
    order.sort_by_key(|&i| {
        let lane = map.lane_index(&map.steps[i].lane).unwrap_or(usize::MAX);
        (ranks[i], lane, i)
    });
    order
}
