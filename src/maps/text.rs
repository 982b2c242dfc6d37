//! The map in words: an ordered list for screen readers, phones and print.
//!
//! A diagram is not enough on its own (WCAG 1.1.1), and on a small screen a
//! list is easier to follow than a wide drawing. Steps come in the same
//! reading order as the diagram's rows (top to bottom, then lane, then file order)
//! and each says who does it, what it is, where the guidance is, and what
//! comes next — decisions spelled out branch by branch ("If yes: …").

use std::fmt::Write;

use super::escape;
use super::graph;
use super::model::{Map, StepKind};

/// One step of the text alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextStep {
    /// 1-based position in the list.
    pub number: usize,
    pub id: String,
    pub who: String,
    pub label: String,
    pub kind: StepKind,
    pub link: Option<String>,
    pub next: Vec<TextNext>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextNext {
    /// The branch label ("Yes"), if any.
    pub when: Option<String>,
    pub id: String,
    pub number: usize,
    pub label: String,
}

/// The steps in reading order with their onward steps resolved to numbers.
pub fn text_alternative(map: &Map) -> Vec<TextStep> {
    let edges = graph::edges(map);
    let rows = graph::rows(map, &edges);
    let order = graph::reading_order(map, &rows);
    let mut number = vec![0; map.steps.len()];
    for (n, &i) in order.iter().enumerate() {
        number[i] = n + 1;
    }
    order
        .iter()
        .map(|&i| {
            let s = &map.steps[i];
            TextStep {
                number: number[i],
                id: s.id.clone(),
                who: map.lane_label(&s.lane).to_string(),
                label: s.label.clone(),
                kind: s.kind,
                link: s.link.clone(),
                next: s
                    .next
                    .iter()
                    .filter_map(|n| {
                        let j = map.step_index(&n.to)?;
                        Some(TextNext {
                            when: n.label.clone(),
                            id: n.to.clone(),
                            number: number[j],
                            label: map.steps[j].label.clone(),
                        })
                    })
                    .collect(),
            }
        })
        .collect()
}

/// "If yes" from "Yes", keeping acronyms ("If GP only").
fn condition(label: &str) -> String {
    let mut chars = label.chars();
    let lower = match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_uppercase() => label.to_string(),
        (Some(a), _) => a.to_lowercase().chain(label.chars().skip(1)).collect(),
        _ => String::new(),
    };
    format!("If {lower}")
}

/// The onward steps in words, as HTML (escaped), with in-list links.
fn next_html(step: &TextStep, prefix: &str) -> String {
    let target = |n: &TextNext| {
        format!(
            "<a href=\"#{prefix}-text-{}\">step {}</a> ({})",
            escape(&n.id),
            n.number,
            escape(&n.label)
        )
    };
    if step.next.is_empty() {
        return if step.kind == StepKind::End {
            "The pathway ends here.".to_string()
        } else {
            String::new()
        };
    }
    let branched = step.kind == StepKind::Decision || step.next.iter().any(|n| n.when.is_some());
    if !branched {
        let list: Vec<String> = step.next.iter().map(target).collect();
        return format!("Next: {}.", join_words(&list, "and"));
    }
    let mut out = Vec::new();
    for n in &step.next {
        let when = match &n.when {
            Some(w) => condition(w),
            None => "Otherwise".to_string(),
        };
        out.push(format!("{}: {}.", escape(&when), target(n)));
    }
    out.join(" ")
}

fn join_words(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

/// The text alternative as an ordered list. `links` resolves step links;
/// `prefix` keeps the in-list anchors unique on the page.
pub fn render_text_html(
    steps: &[TextStep],
    links: &dyn Fn(&str) -> Option<String>,
    prefix: &str,
) -> String {
    let p = escape(prefix);
    let mut s = String::from("<ol class=\"wm-map-steps\">\n");
    for step in steps {
        let kind = match step.kind {
            StepKind::Start => " (start)",
            StepKind::Decision => " (decision)",
            StepKind::End => " (end)",
            StepKind::Task => "",
        };
        let _ = write!(
            s,
            "<li id=\"{p}-text-{}\"><span class=\"wm-map-steps__who\">{}:</span> \
             <span class=\"wm-map-steps__what\">{}</span>{kind}.",
            escape(&step.id),
            escape(&step.who),
            escape(&step.label)
        );
        if let Some(href) = step.link.as_deref().and_then(links) {
            let _ = write!(
                s,
                " <a href=\"{}\">Guidance<span class=\"wm-visually-hidden\"> on {}</span></a>.",
                escape(&href),
                escape(&step.label)
            );
        }
        let next = next_html(step, &p);
        if !next.is_empty() {
            let _ = write!(s, " <span class=\"wm-map-steps__next\">{next}</span>");
        }
        s.push_str("</li>\n");
    }
    s.push_str("</ol>\n");
    s
}
