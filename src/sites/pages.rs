//! What readers see of sites: a page per site (`sites/<id>/index.html`),
//! the site's pathway with its local sections marked and the national
//! wording one click away, "compare with national" (a redline of the merged
//! pathway against the national text), and a matrix of every site against
//! every national section (`sites/matrix.html`).
//!
//! A new site's programme lead reads these to learn how each existing site
//! differs; a steering group reads its own site's page to see what is stale.

use super::overlay::{SectionOrigin, StaleChange};
use super::page_data::{
    ComparePageData, EmbeddingSummary, NamedLink, ParameterView, PathwayCounts, PathwayView,
    RequirementView, SitePageData, SiteView, StaleView,
};
use super::variations::SiteVariation;
use crate::config::SiteConfig;
use crate::content::sites::Site;
use crate::content::Content;
use crate::diagnostics::Diagnostic;
use crate::diff;
use crate::links::{is_external, normalise, relative_url};
use crate::markdown::{
    self, highlight::Highlighter, Heading, LinkError, LinkResolver, SectionText, SourceRef,
};
use crate::render::{extra_data, PageBody};
use crate::tree::{PageKind, PlannedPage};
use crate::versions::embedding::{site_state, EmbedState, Tracked};
use crate::versions::Documents;

pub const MATRIX_URL: &str = "sites/matrix.html";

pub fn site_url(site: &Site) -> String {
    format!("sites/{}/index.html", site.id)
}

pub fn compare_url(site: &Site) -> String {
    format!("sites/{}/compare.html", site.id)
}

/// The generated pages: one per site (the landing page of its folder), a
/// comparison per variation, and the matrix when any site varies the pathway.
pub fn plan(
    content: &Content,
    config: &SiteConfig,
    variations: &[SiteVariation],
) -> Vec<PlannedPage> {
    let entry = |title: String,
                 summary: Option<String>,
                 folder: String,
                 kind: PageKind,
                 order,
                 listed: bool,
                 folder_index: bool| PlannedPage {
        kind,
        title,
        summary,
        folder,
        order,
        listed,
        folder_index,
    };
    let mut pages = Vec::new();
    for (s, site) in content.sites.iter().enumerate() {
        let record = &site.record;
        let kind = record.kind.as_deref().and_then(|k| config.site_kind(k));
        let summary = [kind.map(|(_, k)| k.name.as_str()), record.region.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        // Sites are listed by kind, in the order the kinds are declared.
        let order = Some(10 * (1 + kind.map_or(config.site_kinds.len(), |(i, _)| i)) as i64);
        pages.push(entry(
            record.name.clone(),
            (!summary.is_empty()).then_some(summary),
            format!("sites/{}", site.id),
            PageKind::Site { site: s },
            order,
            false,
            true,
        ));
    }
    for (v, variation) in variations.iter().enumerate() {
        let site = &content.sites[variation.site];
        pages.push(entry(
            format!("{}'s pathway compared with national", site.record.name),
            None,
            format!("sites/{}", site.id),
            PageKind::SiteCompare { variation: v },
            Some(90),
            true,
            false,
        ));
    }
    if !variations.is_empty() {
        pages.push(entry(
            "How each site differs from the national pathway".into(),
            Some("Every site against every section of the national protocol: national, varied, added or left out.".into()),
            "sites".into(),
            PageKind::SiteMatrix,
            Some(2),
            true,
            false,
        ));
    }
    pages
}

/// Everything the site pages need.
pub struct SiteContext<'a> {
    pub config: &'a SiteConfig,
    pub content: &'a Content,
    pub docs: &'a Documents,
    pub variations: &'a [SiteVariation],
    pub today: crate::date::Date,
    /// URL of each variation's pathway page, by variation index.
    pub pathway_urls: &'a [String],
    /// URL of each site's process map, if it has one.
    pub map_urls: &'a [Option<String>],
    /// Major changes sites must confirm (`versions::embedding`).
    pub tracked: &'a [Tracked],
    /// True when the build has embedding agendas (`versions::pages::plan`).
    pub has_agendas: bool,
}

impl SiteContext<'_> {
    /// A site's own page.
    pub fn site_body(&self, site: usize, url: &str) -> PageBody {
        data_only(extra_data(&self.site_data(site, url)))
    }

    /// The cross-site matrix.
    pub fn matrix_body(&self, url: &str) -> PageBody {
        data_only(extra_data(&self.matrix_data(url)))
    }

    fn site_data(&self, s: usize, url: &str) -> SitePageData<'_> {
        let site = &self.content.sites[s];
        let r = &site.record;
        let declared = self
            .content
            .national_rules
            .iter()
            .flat_map(|n| &n.requirements);
        let requirements: Vec<RequirementView> = declared
            .filter(|req| {
                r.requirements.contains_key(&req.id)
                    || r.combinations.iter().flatten().any(|c| *c == req.id)
            })
            .map(|req| RequirementView {
                label: req.label(),
                since: r.requirements.get(&req.id).map(|d| d.long()),
            })
            .collect();
        let combinations: Vec<String> = r
            .combinations
            .iter()
            .map(|c| {
                c.iter()
                    .map(|x| self.content.requirement_short(x))
                    .collect::<Vec<_>>()
                    .join(" with ")
            })
            .collect();
        let kind = r
            .kind
            .as_deref()
            .and_then(|k| self.config.site_kind(k))
            .map(|(_, k)| &k.name);
        let parameters: Vec<ParameterView> = r
            .parameters
            .iter()
            .map(|(k, v)| ParameterView {
                name: k,
                value: v.to_string(),
            })
            .collect();
        let pathway = self
            .variations
            .iter()
            .enumerate()
            .find(|(_, v)| v.site == s)
            .map(|(i, v)| self.pathway_data(i, v, url));
        // The same states as the matrix and the agenda (`versions::embedding`).
        let states: Vec<_> = self
            .tracked
            .iter()
            .map(|c| site_state(site, c, self.today))
            .collect();
        let count = |f: &dyn Fn(EmbedState) -> bool| states.iter().filter(|st| f(st.state)).count();
        let embedding = EmbeddingSummary {
            open: count(&|st| st.needs_action()),
            overdue: count(&|st| st == EmbedState::Overdue),
            past_due: states.iter().filter(|st| st.past_due).count(),
            settled: count(&|st| matches!(st, EmbedState::Embedded | EmbedState::NotApplicable)),
            not_required: count(&|st| st == EmbedState::NotRequired),
            tracked: r.live_from.is_some(),
            url: self
                .has_agendas
                .then(|| relative_url(url, &format!("embedding/{}.html", site.id))),
        };
        SitePageData {
            site: SiteView {
                id: &site.id,
                name: &r.name,
                kind,
                status: r.status.label(),
                region: &r.region,
                live_from: r.live_from.map(|d| d.long()),
                courts: &r.courts,
                cohort: &r.cohort,
                requirements,
                combinations,
                providers: &r.providers,
                contacts: &r.contacts,
                steering_group: &r.steering_group,
                parameters,
                unknown: &r.unknown,
                note: &r.note,
            },
            pathway,
            embedding,
            matrix_url: relative_url(url, MATRIX_URL),
            map_url: self
                .map_urls
                .get(s)
                .cloned()
                .flatten()
                .map(|m| relative_url(url, &m)),
        }
    }

    fn pathway_data<'s>(&'s self, i: usize, v: &'s SiteVariation, url: &str) -> PathwayView<'s> {
        let doc = &self.docs.docs[v.national_doc];
        let national = &doc.versions[v.national_version];
        let (replaced, added, removed) = v.counts();
        let pathway_url = &self.pathway_urls[i];
        let stale: Vec<StaleView> = v
            .stale
            .iter()
            .map(|st| StaleView {
                title: &st.title,
                url: format!("{}#{}", relative_url(url, pathway_url), st.id),
                change: match st.change {
                    StaleChange::Changed => "the national text has changed",
                    StaleChange::RemovedNationally => "the national section has been removed",
                },
            })
            .collect();
        PathwayView {
            url: relative_url(url, pathway_url),
            compare_url: relative_url(url, &compare_url(&self.content.sites[v.site])),
            national_title: &doc.title,
            national_version: national.number.to_string(),
            national_url: relative_url(url, &doc.url(&national.file_name())),
            based_on: v.based_on.to_string(),
            counts: PathwayCounts {
                replaced,
                added,
                removed,
            },
            stale,
        }
    }

    /// A site's pathway compared with the national one.
    pub fn compare_body(&self, i: usize, url: &str) -> PageBody {
        let v = &self.variations[i];
        let doc = &self.docs.docs[v.national_doc];
        let national = &self.content.pages[doc.versions[v.national_version].payload.page];
        let result = diff::diff_documents(&national.body, &v.text);
        let counts = result.counts();
        let site = &self.content.sites[v.site];
        PageBody {
            search: Vec::new(),
            html: diff::render_html(&result),
            headings: Vec::new(),
            extra: extra_data(&ComparePageData {
                site: NamedLink {
                    name: &site.record.name,
                    url: relative_url(url, &site_url(site)),
                },
                pathway: self.pathway_data(i, v, url),
                counts,
                identical: result.is_identical(),
            }),
        }
    }
}
/// Resolves links in national text as its authors wrote them, relative to
/// the national document's folder, though the text is shown on the site's
/// page (whose resolver makes the result relative to that page).
struct NationalLinks<'a> {
    site: &'a dyn LinkResolver,
    dir: &'a str,
}

impl LinkResolver for NationalLinks<'_> {
    fn resolve(&self, href: &str) -> Result<String, LinkError> {
        let split = href.find(['#', '?']).unwrap_or(href.len());
        let (path, rest) = href.split_at(split);
        if path.is_empty() || path.starts_with('/') || is_external(href) {
            return self.site.resolve(href);
        }
        match normalise(self.dir, path) {
            Some(key) => self.site.resolve(&format!("/{key}{rest}")),
            None => self.site.resolve(href),
        }
    }

    fn embed(&self, kind: &str, id: &str) -> Option<Result<String, LinkError>> {
        self.site.embed(kind, id)
    }

    fn glossary(&self) -> Option<&crate::markdown::GlossaryMarks<'_>> {
        self.site.glossary()
    }
}

/// The body of a site's pathway page: each section rendered in turn, the
/// local ones marked and followed by the national wording they replace.
#[allow(clippy::too_many_arguments)]
pub fn pathway_html(
    v: &SiteVariation,
    site_name: &str,
    source: &SourceRef<'_>,
    headings: &[Heading],
    links: &dyn LinkResolver,
    highlighter: &Highlighter,
    national_label: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> (String, Vec<SectionText>) {
    let mut html = String::new();
    let mut sections = Vec::new();
    let mut used = 0;
    let national_links = NationalLinks {
        site: links,
        dir: &v.national_dir,
    };
    let mut render = |md: &str,
                      line: usize,
                      links: &dyn LinkResolver,
                      used: &mut usize,
                      diagnostics: &mut Vec<Diagnostic>| {
        let count = markdown::scan_headings(md).len();
        let slice = headings
            .get(*used..(*used + count).min(headings.len()))
            .unwrap_or(&[]);
        *used += count;
        let r = markdown::render(
            md,
            &SourceRef {
                file: source.file,
                body_line: line,
                title_heading: false,
            },
            slice,
            links,
            highlighter,
        );
        diagnostics.extend(r.diagnostics);
        sections.extend(r.sections);
        r.html
    };
    let preamble = v.merged.preamble.trim();
    if !preamble.is_empty() {
        html.push_str(&render(
            preamble,
            v.preamble_line,
            links,
            &mut used,
            diagnostics,
        ));
    }
    let intro = v.merged.national_intro.trim();
    if !intro.is_empty() {
        html.push_str(&render(intro, 1, &national_links, &mut used, diagnostics));
    }
    let esc = markdown::escape_html;
    for s in &v.merged.sections {
        let line = v.site_lines.get(&s.id).copied().unwrap_or(source.body_line);
        match &s.origin {
            SectionOrigin::National => html.push_str(&render(
                &s.markdown,
                line,
                &national_links,
                &mut used,
                diagnostics,
            )),
            SectionOrigin::Replaced { .. } | SectionOrigin::Added { .. } => {
                let national_markdown = match &s.origin {
                    SectionOrigin::Replaced { national_markdown } => Some(national_markdown),
                    _ => None,
                };
                let added = national_markdown.is_none();
                let body = render(&s.markdown, line, links, &mut used, diagnostics);
                let tag = if added {
                    format!("<p class=\"wm-local__tag\"><strong class=\"wm-tag wm-tag--green\">Local addition</strong> {} adds this section; it is not in the national protocol.</p>\n", esc(site_name))
                } else {
                    format!("<p class=\"wm-local__tag\"><strong class=\"wm-tag wm-tag--blue\">Local</strong> {} replaces the national wording of this section.</p>\n", esc(site_name))
                };
                html.push_str(&format!(
                    "<div class=\"wm-local wm-local--{}\">\n",
                    if added { "added" } else { "replaced" }
                ));
                html.push_str(&after_first_heading(&body, &tag));
                if let Some(national) = national_markdown {
                    html.push_str(&national_details(
                        national,
                        national_label,
                        &national_links,
                        highlighter,
                    ));
                }
                html.push_str("</div>\n");
            }
            SectionOrigin::Removed {
                national_markdown,
                reason,
            } => {
                let level = s.level.clamp(2, 6);
                html.push_str(&format!(
                    "<div class=\"wm-local wm-local--removed\" id=\"{id}\">\n<h{level} class=\"wm-local__removed-title\">{title}</h{level}>\n<p class=\"wm-local__tag\"><strong class=\"wm-tag wm-tag--grey\">Not used here</strong> {site} leaves out this national section.</p>\n{reason}{national}</div>\n",
                    id = esc(&s.id),
                    title = esc(&s.title),
                    site = esc(site_name),
                    reason = if reason.trim().is_empty() { String::new() } else { format!("<p>{}</p>\n", esc(reason.trim())) },
                    national = national_details(national_markdown, national_label, &national_links, highlighter),
                ));
            }
        }
    }
    (html, sections)
}

fn after_first_heading(html: &str, insert: &str) -> String {
    match html.find("</h") {
        Some(at) => match html[at..].find('>') {
            Some(end) => format!(
                "{}\n{insert}{}",
                &html[..at + end + 1],
                &html[at + end + 1..]
            ),
            None => format!("{insert}{html}"),
        },
        None => format!("{insert}{html}"),
    }
}

/// The national text a site replaces or leaves out, behind a reveal. Its
/// headings become bold lines so their ids do not clash with the page's.
fn national_details(
    md: &str,
    label: &str,
    links: &dyn LinkResolver,
    highlighter: &Highlighter,
) -> String {
    let mut demoted = String::new();
    let mut fence: Option<&str> = None;
    for line in md.lines() {
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
        } else if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
        } else if t.starts_with('#') {
            let title = t.trim_start_matches('#').trim();
            let title = title
                .rsplit_once(" {")
                .map_or(title, |(before, _)| before)
                .trim();
            demoted.push_str(&format!("**{title}**\n"));
            continue;
        }
        demoted.push_str(line);
        demoted.push('\n');
    }
    let r = markdown::render(
        &demoted,
        &SourceRef {
            file: "",
            body_line: 1,
            title_heading: false,
        },
        &[],
        links,
        highlighter,
    );
    format!(
        "<details class=\"wm-details wm-local__national\"><summary class=\"wm-details__summary\">National wording ({})</summary><div class=\"wm-details__text\">{}</div></details>\n",
        markdown::escape_html(label),
        r.html
    )
}

/// A page drawn by its template from typed data alone.
fn data_only(extra: serde_json::Value) -> PageBody {
    PageBody {
        search: Vec::new(),
        html: String::new(),
        headings: Vec::new(),
        extra,
    }
}
