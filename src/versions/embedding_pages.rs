//! The embedding pages: the matrix of tracked changes by site, and one
//! agenda per site. Both read every state from `embedding::site_state`, the
//! rule `waymark status` uses too.

use super::embedding::{site_state, EmbedState, SiteState, Tracked};
use super::embedding_data::{
    AgendaItem, AgendaPage, AgendaSite, EmbedCell, MaintenancePage, MatrixPage, MatrixRow,
    MatrixSite, SiteEmbedState, StaleVariation, SteeringGroupView, TitledLink, TrackedView,
};
use super::pages::{change_anchor, site_agenda_url, GenContext, EMBEDDING_URL};
use crate::content::sites::Site;
use crate::links::relative_url;
use crate::render::{extra_data, PageBody};

impl GenContext<'_> {
    /// A tracked change for templates: named by its summary, with where it
    /// comes from and its id as the secondary line.
    pub(super) fn tracked_view(&self, t: &Tracked, url: &str) -> TrackedView {
        TrackedView {
            id: t.id.clone(),
            short: t.short.clone(),
            anchor: change_anchor(&t.id),
            summary: t.summary.clone(),
            source: t.source_line(),
            version_url: relative_url(url, &t.page_url),
            effective: t.effective.long(),
            embed_by: t.embed_by.map(|d| d.long()),
            sections: t
                .sections
                .iter()
                .map(|(title, target)| TitledLink {
                    title: title.clone(),
                    url: relative_url(url, target),
                })
                .collect(),
        }
    }

    /// Every site's state on a tracked change, for the change log.
    pub(super) fn site_states(&self, t: &Tracked, url: &str) -> Vec<SiteEmbedState> {
        self.sites
            .iter()
            .map(|site| SiteEmbedState {
                state: site_state(site, t, self.today).view(),
                id: site.id.clone(),
                name: site.record.name.clone(),
                url: relative_url(url, &site_agenda_url(site)),
            })
            .collect()
    }

    fn cell(&self, site: &Site, state: &SiteState<'_>, change: &Tracked, url: &str) -> EmbedCell {
        EmbedCell {
            state: state.view(),
            url: format!(
                "{}#{}",
                relative_url(url, &site_agenda_url(site)),
                change_anchor(&change.id)
            ),
            reason_short: match (state.state, site.record.live_from) {
                (EmbedState::NotRequired, None) => Some("No go-live date"),
                (EmbedState::NotRequired, Some(_)) => Some("Live after it"),
                _ => None,
            },
        }
    }

    pub(crate) fn matrix_body(&self, url: &str) -> PageBody {
        let rows = self
            .tracked
            .iter()
            .map(|c| MatrixRow {
                change: self.tracked_view(c, url),
                cells: self
                    .sites
                    .iter()
                    .map(|site| self.cell(site, &site_state(site, c, self.today), c, url))
                    .collect(),
            })
            .collect();
        let sites = self
            .sites
            .iter()
            .map(|s| {
                let states: Vec<SiteState<'_>> = self
                    .tracked
                    .iter()
                    .map(|c| site_state(s, c, self.today))
                    .collect();
                let count =
                    |f: &dyn Fn(&SiteState<'_>) -> bool| states.iter().filter(|st| f(st)).count();
                MatrixSite {
                    id: s.id.clone(),
                    name: s.record.name.clone(),
                    url: relative_url(url, &site_agenda_url(s)),
                    open: count(&|st| st.state.needs_action()),
                    overdue: count(&|st| st.state == EmbedState::Overdue),
                    past_due: count(&|st| st.past_due),
                    live_from: s.record.live_from.map(|d| d.long()),
                }
            })
            .collect();
        let stale = self
            .stale_variations
            .iter()
            .map(|(name, page, sections)| StaleVariation {
                name: name.clone(),
                url: relative_url(url, page),
                sections: sections.clone(),
            })
            .collect();
        let extra = MatrixPage {
            rows,
            sites,
            today: self.today.long(),
            stale,
        };
        PageBody {
            search: Vec::new(),
            html: String::new(),
            headings: Vec::new(),
            extra: extra_data(&extra),
        }
    }

    pub(crate) fn maintenance_body(&self, url: &str) -> PageBody {
        let page_url = |i: usize| {
            self.links
                .target(&self.content.pages[i].path)
                .map(|t| relative_url(url, &t.url))
        };
        let has_agendas = !self.docs.docs.is_empty() || !self.yaml_docs.docs.is_empty();
        let site_url = |s: &Site| has_agendas.then(|| relative_url(url, &site_agenda_url(s)));
        let extra = MaintenancePage {
            report: self
                .maintenance
                .view(self.sites, self.tracked, &page_url, &site_url),
            today: self.today.long(),
            matrix_url: (has_agendas && !self.sites.is_empty())
                .then(|| relative_url(url, EMBEDDING_URL)),
        };
        PageBody {
            search: Vec::new(),
            html: String::new(),
            headings: Vec::new(),
            extra: extra_data(&extra),
        }
    }

    pub(crate) fn site_body(&self, s: usize, url: &str) -> PageBody {
        let site = &self.sites[s];
        let (mut awaiting, mut settled, mut not_required) = (Vec::new(), Vec::new(), Vec::new());
        for c in self.tracked {
            let state = site_state(site, c, self.today);
            let item = AgendaItem {
                change: self.tracked_view(c, url),
                state: self.cell(site, &state, c, url),
            };
            match state.state {
                EmbedState::NotRequired => not_required.push(item),
                st if st.needs_action() => awaiting.push(item),
                _ => settled.push(item),
            }
        }
        let record = &site.record;
        let extra = AgendaPage {
            site: AgendaSite {
                id: site.id.clone(),
                name: record.name.clone(),
                region: record.region.clone(),
                live_from: record.live_from.map(|d| d.long()),
                steering_group: record.steering_group.as_ref().map(|g| SteeringGroupView {
                    cadence: g.cadence.clone(),
                    members: g.members.clone(),
                }),
            },
            awaiting,
            settled,
            not_required,
            matrix_url: relative_url(url, EMBEDDING_URL),
            today: self.today.long(),
        };
        PageBody {
            search: Vec::new(),
            html: String::new(),
            headings: Vec::new(),
            extra: extra_data(&extra),
        }
    }
}
