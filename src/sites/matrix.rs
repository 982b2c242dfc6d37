//! The cross-site matrix (`sites/matrix.html`): every site against every
//! national section, with the sections sites add placed after the one they
//! follow.

use super::overlay::{MergedSection, SectionOrigin};
use super::page_data::{MatrixCell, MatrixColumn, MatrixPageData, MatrixRow};
use super::pages::{site_url, SiteContext};
use super::variations::SiteVariation;
use crate::links::relative_url;
use crate::markdown;

impl SiteContext<'_> {
    pub(super) fn matrix_data(&self, url: &str) -> MatrixPageData<'_> {
        let columns: Vec<MatrixColumn> = self
            .variations
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let site = &self.content.sites[v.site];
                MatrixColumn {
                    name: &site.record.name,
                    url: relative_url(url, &self.pathway_urls[i]),
                    site_url: relative_url(url, &site_url(site)),
                    stale: !v.stale.is_empty(),
                }
            })
            .collect();
        // Rows: the national sections in order, with each site's additions
        // after the section they follow.
        let mut rows: Vec<(String, String, u8, bool)> = Vec::new();
        if let Some(first) = self.variations.first() {
            let doc = &self.docs.docs[first.national_doc];
            let national = &self.content.pages[doc.versions[first.national_version].payload.page];
            for h in markdown::scan_headings(&national.body) {
                rows.push((h.id, h.text, h.level, true));
            }
        }
        for v in self.variations {
            for (k, s) in v.merged.sections.iter().enumerate() {
                if let SectionOrigin::Added { .. } = s.origin {
                    if rows.iter().any(|r| r.0 == s.id) {
                        continue;
                    }
                    // After the nearest earlier section already in the rows.
                    let at = v.merged.sections[..k]
                        .iter()
                        .rev()
                        .find_map(|p| rows.iter().position(|r| r.0 == p.id))
                        .map_or(rows.len(), |p| p + 1);
                    rows.insert(at, (s.id.clone(), s.title.clone(), s.level, false));
                }
            }
        }
        let rows_data: Vec<MatrixRow> = rows
            .iter()
            .enumerate()
            .map(|(r, (id, title, level, national))| {
                let cells: Vec<MatrixCell> = self
                    .variations
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let mut target = id.clone();
                        let (label, tag) = match v
                            .merged
                            .sections
                            .iter()
                            .find(|s| &s.id == id)
                            .map(|s| &s.origin)
                        {
                            Some(SectionOrigin::Replaced { .. }) => ("Varied", "wm-tag--blue"),
                            Some(SectionOrigin::Added { .. }) => ("Added", "wm-tag--green"),
                            Some(SectionOrigin::Removed { .. }) => ("Left out", "wm-tag--grey"),
                            Some(SectionOrigin::National) => ("National", ""),
                            // Inside a varied or removed parent, or not at this site.
                            None if *national => match enclosing(&rows[..r], *level, v) {
                                Some(parent) => {
                                    // Link to the subsection where the site's
                                    // text keeps its id, else to the parent.
                                    if !parent_keeps(parent, id) {
                                        target = parent.id.clone();
                                    }
                                    match parent.origin {
                                        SectionOrigin::Removed { .. } => {
                                            ("Left out", "wm-tag--grey")
                                        }
                                        _ => ("Within varied section", "wm-tag--blue"),
                                    }
                                }
                                None => ("Within varied section", "wm-tag--blue"),
                            },
                            None => ("—", ""),
                        };
                        let href = format!("{}#{target}", relative_url(url, &self.pathway_urls[i]));
                        MatrixCell {
                            label,
                            tag,
                            url: (label != "—").then_some(href),
                        }
                    })
                    .collect();
                MatrixRow {
                    id: id.clone(),
                    title: title.clone(),
                    level: *level,
                    national: *national,
                    cells,
                }
            })
            .collect();
        MatrixPageData {
            columns,
            rows: rows_data,
        }
    }
}

/// The merged section a national row missing from `v` falls inside: its
/// nearest earlier row of a higher level that is in the merged page.
fn enclosing<'v>(
    before: &[(String, String, u8, bool)],
    level: u8,
    v: &'v SiteVariation,
) -> Option<&'v MergedSection> {
    let mut level = level;
    for (id, _, l, national) in before.iter().rev() {
        if !*national || *l >= level {
            continue;
        }
        level = *l;
        if let Some(s) = v.merged.sections.iter().find(|s| &s.id == id) {
            return Some(s);
        }
    }
    None
}

/// Whether a replaced section's own text keeps a heading with `id`.
fn parent_keeps(parent: &MergedSection, id: &str) -> bool {
    matches!(parent.origin, SectionOrigin::Replaced { .. })
        && markdown::scan_headings(&parent.markdown)
            .iter()
            .any(|h| h.id == id)
}
