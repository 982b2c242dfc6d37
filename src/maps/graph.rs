//! The map as a graph: which edges loop back, each step's column, and the
//! reading order shared by the diagram and its text alternative.
//!
//! Pathways loop (breach goes back to court), so the longest-path ranking
//! that puts steps in columns needs a DAG: a depth-first search from the
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

/// Steps in reading order: by column, then lane, then file order.
pub fn reading_order(map: &Map, ranks: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..map.steps.len()).collect();
    order.sort_by_key(|&i| {
        let lane = map.lane_index(&map.steps[i].lane).unwrap_or(usize::MAX);
        (ranks[i], lane, i)
    });
    order
}
