//! The programme team's maintenance view: what needs looking after across
//! the whole site. One generated page (`maintenance.html`) and
//! `waymark status --stale` read the same [`Report`]:
//!
//! - pages past their `review_by` date, with their owner role (a
//!   versioned document counts once, by the version it shows);
//! - site pathways whose national sections changed after the version they
//!   were written against;
//! - sites with overdue changes, or changes in progress past their
//!   confirm-by date (`versions::embedding`).

use serde::Serialize;

use super::embedding::{site_state, EmbedState, Tracked};
use super::Documents;
use crate::content::sites::Site;
use crate::content::Content;
use crate::date::Date;

pub const URL: &str = "maintenance.html";

/// A page past its review date.
#[derive(Debug, Clone)]
pub struct ReviewDue {
    /// Index into `Content::pages`.
    pub page: usize,
    pub title: String,
    pub file: String,
    pub owner: Option<String>,
    pub review_by: Date,
}

/// A site pathway behind the national text.
#[derive(Debug, Clone)]
pub struct StalePathway {
    /// Index into `Content::sites`.
    pub site: usize,
    /// Index into `Content::pages` of the pathway page.
    pub page: usize,
    pub sections: Vec<String>,
}

/// A site's embedding backlog.
#[derive(Debug, Clone)]
pub struct Backlog {
    /// Index into `Content::sites`.
    pub site: usize,
    /// Indices into the tracked changes.
    pub overdue: Vec<usize>,
    pub past_due: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Oldest review date first.
    pub reviews: Vec<ReviewDue>,
    pub stale: Vec<StalePathway>,
    pub backlog: Vec<Backlog>,
}

/// Builds the report. `stale` gives each out-of-date pathway as
/// `(site, pathway page, national section titles)`.
pub fn report(
    content: &Content,
    docs: &Documents,
    stale: impl IntoIterator<Item = (usize, usize, Vec<String>)>,
    tracked: &[Tracked],
    today: Date,
) -> Report {
    // A document's versions other than the one it shows are history, not
    // pages to maintain.
    let hidden: std::collections::BTreeSet<usize> = docs
        .docs
        .iter()
        .flat_map(|d| {
            let shown = d.versions[d.shown()].payload.page;
            d.versions
                .iter()
                .map(|v| v.payload.page)
                .filter(move |p| *p != shown)
        })
        .collect();
    let mut reviews: Vec<ReviewDue> = content
        .pages
        .iter()
        .enumerate()
        .filter(|(i, _)| !hidden.contains(i))
        .filter_map(|(i, p)| {
            let due = p.front.review_by.filter(|d| *d < today)?;
            Some(ReviewDue {
                page: i,
                title: p.front.title.clone(),
                file: p.file.clone(),
                owner: p.front.owner.clone(),
                review_by: due,
            })
        })
        .collect();
    reviews.sort_by(|a, b| a.review_by.cmp(&b.review_by).then(a.file.cmp(&b.file)));
    let stale = stale
        .into_iter()
        .map(|(site, page, sections)| StalePathway {
            site,
            page,
            sections,
        })
        .collect();
    let backlog = content
        .sites
        .iter()
        .enumerate()
        .filter_map(|(s, site)| {
            let states: Vec<_> = tracked.iter().map(|t| site_state(site, t, today)).collect();
            let pick = |f: &dyn Fn(&super::embedding::SiteState<'_>) -> bool| {
                states
                    .iter()
                    .enumerate()
                    .filter(|(_, st)| f(st))
                    .map(|(i, _)| i)
                    .collect::<Vec<_>>()
            };
            let overdue = pick(&|st| st.state == EmbedState::Overdue);
            let past_due = pick(&|st| st.past_due);
            (!overdue.is_empty() || !past_due.is_empty()).then_some(Backlog {
                site: s,
                overdue,
                past_due,
            })
        })
        .collect();
    Report {
        reviews,
        stale,
        backlog,
    }
}

/// A tracked change the backlog names.
#[derive(Debug, Serialize)]
pub struct ChangeRef {
    pub summary: String,
    pub id: String,
    pub source: String,
}

/// A page due for review, as `maintenance.html` lists it.
#[derive(Debug, Serialize)]
pub struct ReviewView {
    pub title: String,
    pub file: String,
    pub owner: Option<String>,
    pub review_by: String,
    pub url: Option<String>,
}

/// A site pathway behind the national text.
#[derive(Debug, Serialize)]
pub struct StaleView {
    pub site: String,
    pub url: Option<String>,
    pub sections: Vec<String>,
}

/// A site's overdue and past-due changes.
#[derive(Debug, Serialize)]
pub struct BacklogView {
    pub site: String,
    pub url: Option<String>,
    pub overdue: Vec<ChangeRef>,
    pub past_due: Vec<ChangeRef>,
}

/// The report as `maintenance.html` receives it (`extra.report`).
#[derive(Debug, Serialize)]
pub struct ReportView {
    pub reviews: Vec<ReviewView>,
    pub stale: Vec<StaleView>,
    pub backlog: Vec<BacklogView>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.reviews.is_empty() && self.stale.is_empty() && self.backlog.is_empty()
    }

    /// The report for the page template. `page_url` maps a content page to
    /// its URL relative to the maintenance page; `site_url` a site to its
    /// agenda.
    pub fn view(
        &self,
        sites: &[Site],
        tracked: &[Tracked],
        page_url: &dyn Fn(usize) -> Option<String>,
        site_url: &dyn Fn(&Site) -> Option<String>,
    ) -> ReportView {
        let change = |i: &usize| {
            let t = &tracked[*i];
            ChangeRef {
                summary: t.summary.clone(),
                id: t.id.clone(),
                source: t.source_line(),
            }
        };
        ReportView {
            reviews: self
                .reviews
                .iter()
                .map(|r| ReviewView {
                    title: r.title.clone(),
                    file: r.file.clone(),
                    owner: r.owner.clone(),
                    review_by: r.review_by.long(),
                    url: page_url(r.page),
                })
                .collect(),
            stale: self
                .stale
                .iter()
                .map(|s| StaleView {
                    site: sites[s.site].record.name.clone(),
                    url: page_url(s.page),
                    sections: s.sections.clone(),
                })
                .collect(),
            backlog: self
                .backlog
                .iter()
                .map(|b| {
                    let site = &sites[b.site];
                    BacklogView {
                        site: site.record.name.clone(),
                        url: site_url(site),
                        overdue: b.overdue.iter().map(change).collect(),
                        past_due: b.past_due.iter().map(change).collect(),
                    }
                })
                .collect(),
        }
    }

    /// The report as text, for `waymark status --stale`.
    pub fn text(&self, sites: &[Site], tracked: &[Tracked], today: Date) -> String {
        let mut out = format!("Needs attention as at {}\n", today.iso());
        out.push_str(&format!(
            "\nPages past their review date ({}):\n",
            self.reviews.len()
        ));
        for r in &self.reviews {
            out.push_str(&format!(
                "  {}  {}  owner: {}  ({})\n",
                r.review_by.iso(),
                r.file,
                r.owner.as_deref().unwrap_or("none recorded"),
                r.title
            ));
        }
        out.push_str(&format!(
            "\nSite pathways behind a national change ({}):\n",
            self.stale.len()
        ));
        for s in &self.stale {
            out.push_str(&format!(
                "  {}: {}\n",
                sites[s.site].id,
                s.sections.join(", ")
            ));
        }
        out.push_str(&format!(
            "\nSites with overdue or past-due changes ({}):\n",
            self.backlog.len()
        ));
        for b in &self.backlog {
            out.push_str(&format!("  {}:\n", sites[b.site].id));
            for i in &b.overdue {
                out.push_str(&format!("    overdue   {}\n", tracked[*i].id));
            }
            for i in &b.past_due {
                out.push_str(&format!("    past due  {} (in progress)\n", tracked[*i].id));
            }
        }
        out
    }
}
