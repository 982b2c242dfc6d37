//! `waymark status [--site ID] [--format table|json|csv]`: the embedding
//! matrix in the terminal, or as data for a steering group's own records.
//! Every state comes from `versions::embedding::site_state`, the rule the
//! web pages use, so the two always agree.

use std::path::Path;

use serde::Serialize;

use super::CommandError;
use crate::date::Date;
use crate::versions::embedding::{site_state, EmbedState};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Serialize)]
struct Row {
    change: String,
    document: String,
    version: String,
    summary: String,
    embed_by: Option<String>,
    site: String,
    /// `embedded`, `in-progress`, `not-applicable`, `awaiting`, `overdue`
    /// or `not-required`.
    state: EmbedState,
    /// The state in words, as the web pages show it.
    status: String,
    /// In progress after the change's `embed_by` date.
    past_due: bool,
    /// Why no confirmation is needed (`not-required` only).
    reason: Option<String>,
    date: Option<String>,
    by: Option<String>,
}

pub fn run(root: &Path, site: Option<&str>, format: Format) -> Result<String, CommandError> {
    let (content, _, _, changes) = super::load_tracked(root)?;
    let sites: Vec<_> = match site {
        Some(id) => {
            let found: Vec<_> = content.sites.iter().filter(|s| s.id == id).collect();
            if found.is_empty() {
                let known: Vec<&str> = content.sites.iter().map(|s| s.id.as_str()).collect();
                return Err(format!(
                    "no site `{id}`; sites: {}",
                    if known.is_empty() {
                        "none".into()
                    } else {
                        known.join(", ")
                    }
                )
                .into());
            }
            found
        }
        None => content.sites.iter().collect(),
    };
    let today = Date::today();
    let mut rows = Vec::new();
    for change in &changes {
        for s in &sites {
            let st = site_state(s, change, today);
            rows.push(Row {
                change: change.id.clone(),
                document: change.doc_title.clone(),
                version: change.version.to_string(),
                summary: change.summary.clone(),
                embed_by: change.embed_by.map(|d| d.iso()),
                site: s.id.clone(),
                state: st.state,
                status: st.state.label().to_string(),
                past_due: st.past_due,
                reason: st.reason.clone(),
                date: st.date().map(|d| d.iso()),
                by: st.confirmation.and_then(|c| c.by.clone()),
            });
        }
    }
    Ok(match format {
        Format::Json => serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())? + "\n",
        Format::Csv => csv(&rows),
        Format::Table => table(
            &changes.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
            &sites.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
            &rows,
            today,
        ),
    })
}

/// `waymark status --stale`: the maintenance view (`crate::versions::maintenance`)
/// as text.
pub fn stale(root: &Path) -> Result<String, CommandError> {
    let (content, documents, _, tracked) = super::load_tracked(root)?;
    let mut diags = crate::diagnostics::Diagnostics::new();
    let variations = crate::sites::variations::resolve(&content, &documents, &mut diags);
    let today = Date::today();
    let report = crate::versions::maintenance::report(
        &content,
        &documents,
        variations.iter().filter(|v| !v.stale.is_empty()).map(|v| {
            (
                v.site,
                v.page,
                v.stale.iter().map(|s| s.title.clone()).collect(),
            )
        }),
        &tracked,
        today,
    );
    Ok(report.text(&content.sites, &tracked, today))
}

/// Quotes a CSV field when it needs it.
pub(super) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(rows: &[Row]) -> String {
    let mut out = String::from(
        "change,document,version,embed_by,site,state,status,past_due,reason,date,by,summary\n",
    );
    for r in rows {
        let state = serde_json::to_value(r.state)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        let cells = [
            r.change.as_str(),
            &r.document,
            &r.version,
            r.embed_by.as_deref().unwrap_or(""),
            &r.site,
            &state,
            &r.status,
            if r.past_due { "yes" } else { "no" },
            r.reason.as_deref().unwrap_or(""),
            r.date.as_deref().unwrap_or(""),
            r.by.as_deref().unwrap_or(""),
            &r.summary,
        ];
        out.push_str(
            &cells
                .iter()
                .map(|c| csv_field(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}

/// The short cell text: the state, its date, and "past due" beside an
/// in-progress record whose confirm-by date has passed.
fn cell(r: &Row) -> String {
    let mut text = r.status.clone();
    if let Some(d) = &r.date {
        text.push_str(&format!(" {d}"));
    }
    if r.past_due {
        text.push_str(", past due");
    }
    text
}

/// Changes down the side, sites across the top; then the reasons behind
/// "Not required", so nothing is left unexplained.
fn table(changes: &[String], sites: &[String], rows: &[Row], today: Date) -> String {
    let label_width = changes
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let widths: Vec<usize> = sites
        .iter()
        .map(|s| {
            rows.iter()
                .filter(|r| &r.site == s)
                .map(|r| cell(r).chars().count())
                .chain([s.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = format!("Status as at {}\n\n{:label_width$}", today.iso(), "Change");
    for (s, w) in sites.iter().zip(&widths) {
        out.push_str(&format!("  {s:w$}"));
    }
    let trim = |out: &mut String| {
        while out.ends_with(' ') {
            out.pop();
        }
        out.push('\n');
    };
    trim(&mut out);
    for change in changes {
        out.push_str(&format!("{change:label_width$}"));
        for (s, w) in sites.iter().zip(&widths) {
            let text = rows
                .iter()
                .find(|r| &r.change == change && &r.site == s)
                .map(cell)
                .unwrap_or_default();
            out.push_str(&format!("  {text:w$}"));
        }
        trim(&mut out);
    }
    if changes.is_empty() {
        out.push_str("(no major changes)\n");
    }
    let reasons: std::collections::BTreeSet<(&str, &str)> = rows
        .iter()
        .filter_map(|r| r.reason.as_deref().map(|why| (r.site.as_str(), why)))
        .collect();
    if !reasons.is_empty() {
        out.push_str("\nNot required:\n");
        for (site, why) in reasons {
            out.push_str(&format!("  {site}: {why}\n"));
        }
    }
    out
}
