//! The embedding pages: the matrix of tracked changes by site, and one
//! agenda per site. Both read every state from `embedding::site_state`, the
//! rule `waymark status` uses too.

use serde_json::{json, Value};

use super::embedding::{site_state, EmbedState, SiteState, Tracked};
use super::pages::{change_anchor, site_agenda_url, GenContext, EMBEDDING_URL};
use crate::content::sites::Site;
use crate::links::relative_url;
use crate::render::PageBody;

impl GenContext<'_> {
    /// A tracked change for templates: named by its summary, with where it
    /// comes from and its id as the secondary line.
    pub(super) fn tracked_json(&self, t: &Tracked, url: &str) -> Value {
        let page = relative_url(url, &t.page_url);
        let sections: Vec<Value> = t
            .sections
            .iter()
            .map(|(title, target)| json!({"title": title, "url": relative_url(url, target)}))
            .collect();
        json!({
            "id": t.id,
            "short": t.short,
            "anchor": change_anchor(&t.id),
            "summary": t.summary,
            "source": t.source_line(),
            "version_url": page,
            "effective": t.effective.long(),
            "embed_by": t.embed_by.map(|d| d.long()),
            "sections": sections,
        })
    }

    /// Every site's state on a tracked change, for the change log.
    pub(super) fn site_states_json(&self, t: &Tracked, url: &str) -> Vec<Value> {
        self.sites
            .iter()
            .map(|site| {
                let mut state = site_state(site, t, self.today).json();
                state["id"] = json!(site.id);
                state["name"] = json!(site.record.name);
                state["url"] = json!(relative_url(url, &site_agenda_url(site)));
                state
            })
            .collect()
    }

    fn state_json(&self, site: &Site, state: &SiteState<'_>, change: &Tracked, url: &str) -> Value {
        let mut v = state.json();
        v["url"] = json!(format!(
            "{}#{}",
            relative_url(url, &site_agenda_url(site)),
            change_anchor(&change.id)
        ));
        v["reason_short"] = json!(match (state.state, site.record.live_from) {
            (EmbedState::NotRequired, None) => Some("No go-live date"),
            (EmbedState::NotRequired, Some(_)) => Some("Live after it"),
            _ => None,
        });
        v
    }

    pub(super) fn matrix_body(&self, url: &str) -> PageBody {
        let rows: Vec<Value> = self
            .tracked
            .iter()
            .map(|c| {
                let cells: Vec<Value> = self
                    .sites
                    .iter()
                    .map(|site| self.state_json(site, &site_state(site, c, self.today), c, url))
                    .collect();
                json!({"change": self.tracked_json(c, url), "cells": cells})
            })
            .collect();
        let sites: Vec<Value> = self
            .sites
            .iter()
            .map(|s| {
                let states: Vec<SiteState<'_>> = self
                    .tracked
                    .iter()
                    .map(|c| site_state(s, c, self.today))
                    .collect();
                let count = |f: &dyn Fn(&SiteState<'_>) -> bool| states.iter().filter(|st| f(st)).count();
                json!({
                    "id": s.id, "name": s.record.name, "url": relative_url(url, &site_agenda_url(s)),
                    "open": count(&|st| st.state.needs_action()),
                    "overdue": count(&|st| st.state == EmbedState::Overdue),
                    "past_due": count(&|st| st.past_due),
                    "live_from": s.record.live_from.map(|d| d.long()),
                })
            })
            .collect();
        PageBody {
            search: Vec::new(),
            html: String::new(),
            headings: Vec::new(),
            extra: json!({
                "rows": rows, "sites": sites, "today": self.today.long(),
                "stale": self.stale_variations.iter().map(|(name, page, sections)| json!({"name": name, "url": relative_url(url, page), "sections": sections})).collect::<Vec<_>>(),
            }),
        }
    }

    pub(super) fn maintenance_body(&self, url: &str) -> PageBody {
        let page_url = |i: usize| {
            self.links
                .target(&self.content.pages[i].path)
                .map(|t| relative_url(url, &t.url))
        };
        let has_agendas = !self.docs.docs.is_empty() || !self.yaml_docs.docs.is_empty();
        let site_url = |s: &Site| has_agendas.then(|| relative_url(url, &site_agenda_url(s)));
        let report = self.maintenance;
        PageBody {
            search: Vec::new(),
            html: String::new(),
            headings: Vec::new(),
            extra: json!({
                "report": report.json(self.sites, self.tracked, &page_url, &site_url),
                "today": self.today.long(),
                "matrix_url": (has_agendas && !self.sites.is_empty()).then(|| relative_url(url, EMBEDDING_URL)),
            }),
        }
    }

    pub(super) fn site_body(&self, s: usize, url: &str) -> PageBody {
        let site = &self.sites[s];
        let (mut awaiting, mut settled, mut not_required) = (Vec::new(), Vec::new(), Vec::new());
        for c in self.tracked {
            let state = site_state(site, c, self.today);
            let item = json!({
                "change": self.tracked_json(c, url),
                "state": self.state_json(site, &state, c, url),
            });
            match state.state {
                EmbedState::NotRequired => not_required.push(item),
                st if st.needs_action() => awaiting.push(item),
                _ => settled.push(item),
            }
        }
        let record = &site.record;
        PageBody {
            search: Vec::new(),
            html: String::new(),
            headings: Vec::new(),
            extra: json!({
                "site": {"id": site.id, "name": record.name, "region": record.region, "live_from": record.live_from.map(|d| d.long()),
                         "steering_group": record.steering_group.as_ref().map(|g| json!({"cadence": g.cadence, "members": g.members}))},
                "awaiting": awaiting,
                "settled": settled,
                "not_required": not_required,
                "matrix_url": relative_url(url, EMBEDDING_URL),
                "today": self.today.long(),
            }),
        }
    }
}
