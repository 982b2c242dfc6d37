//! `waymark status [--site ID] [--format table|json|csv]`: the embedding
//! matrix in the terminal, or as data for a steering group's own records.

use std::path::Path;

use serde::Serialize;

use crate::date::Date;
use crate::versions::changes::{embed_state, major_changes};

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
    status: String,
    date: Option<String>,
    by: Option<String>,
}

pub fn run(root: &Path, site: Option<&str>, format: Format) -> Result<String, String> {
    let (content, documents) = super::load_documents(root, false)?;
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
                ));
            }
            found
        }
        None => content.sites.iter().collect(),
    };
    let today = Date::today();
    let changes = major_changes(&documents);
    let mut rows = Vec::new();
    for change in &changes {
        for s in &sites {
            let (state, confirmation) = embed_state(s, change, today);
            rows.push(Row {
                change: change.id.clone(),
                document: change.doc.title.clone(),
                version: change.version.number.to_string(),
                summary: change.note.summary.clone(),
                embed_by: change.note.embed_by.map(|d| d.iso()),
                site: s.id.clone(),
                status: state.label().to_string(),
                date: confirmation.and_then(|c| c.date).map(|d| d.iso()),
                by: confirmation.and_then(|c| c.by.clone()),
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
        ),
    })
}

fn csv(rows: &[Row]) -> String {
    let field = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = String::from("change,document,version,embed_by,site,status,date,by,summary\n");
    for r in rows {
        let cells = [
            &r.change,
            &r.document,
            &r.version,
            r.embed_by.as_deref().unwrap_or(""),
            &r.site,
            &r.status,
            r.date.as_deref().unwrap_or(""),
            r.by.as_deref().unwrap_or(""),
            &r.summary,
        ];
        out.push_str(&cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// Changes down the side, sites across the top.
fn table(changes: &[String], sites: &[String], rows: &[Row]) -> String {
    let label_width = changes
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let widths: Vec<usize> = sites.iter().map(|s| s.len().max(14)).collect();
    let mut out = format!("{:label_width$}", "Change");
    for (s, w) in sites.iter().zip(&widths) {
        out.push_str(&format!("  {s:w$}"));
    }
    out.push('\n');
    for change in changes {
        out.push_str(&format!("{change:label_width$}"));
        for (s, w) in sites.iter().zip(&widths) {
            let status = rows
                .iter()
                .find(|r| &r.change == change && &r.site == s)
                .map(|r| r.status.as_str())
                .unwrap_or("");
            out.push_str(&format!("  {status:w$}"));
        }
        out.push('\n');
    }
    if changes.is_empty() {
        out.push_str("(no major changes)\n");
    }
    out
}
