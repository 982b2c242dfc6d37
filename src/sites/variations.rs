//! The resolve step for sites: finds each site's pathway variation, lays it
//! over the national document, fills in the site's figures, checks the site
//! against the national rules and notes which overrides have gone stale.
//!
//! A variation page is an ordinary page under `content/sites/<id>/` with
//! `variation_of` and `based_on` in its front matter. After this step its
//! body *is* the merged pathway, so headings, links, search, versions and
//! diffs downstream treat it like any other page; the merge itself is kept
//! alongside so the site's pages can mark which sections are local.

use std::collections::BTreeMap;

use super::overlay::{self, Merged, OverlayInput, SectionOrigin, StaleSection};
use super::params;
use crate::content::rules::{self, SiteFacts, SiteText};
use crate::content::Content;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Position};
use crate::versions::{Documents, VersionNumber};

/// One site's variation of a national document, merged.
#[derive(Debug, Clone)]
pub struct SiteVariation {
    /// Index into `Content::sites`.
    pub site: usize,
    /// Index into `Content::pages` of the variation page.
    pub page: usize,
    /// Index into `Documents::docs` of the national document.
    pub national_doc: usize,
    /// Index into that document's versions of the version merged with (the
    /// current one).
    pub national_version: usize,
    pub based_on: VersionNumber,
    pub merged: Merged,
    /// Overridden national sections that changed since `based_on`.
    pub stale: Vec<StaleSection>,
    /// Line in the site's file of each section the site wrote, by id.
    pub site_lines: BTreeMap<String, usize>,
    /// Line in the site's file on which the preamble starts (after the blank
    /// lines that follow the front matter).
    pub preamble_line: usize,
    /// Folder of the national version's source (`protocol/national-protocol`):
    /// links in national text are relative to it, not to the site's folder.
    pub national_dir: String,
}

impl SiteVariation {
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for s in &self.merged.sections {
            match s.origin {
                SectionOrigin::Replaced { .. } => counts.0 += 1,
                SectionOrigin::Added { .. } => counts.1 += 1,
                SectionOrigin::Removed { .. } => counts.2 += 1,
                SectionOrigin::National => {}
            }
        }
        counts
    }
}

/// Every site variation, plus the rule checks of every site. Rewrites the
/// body of each variation page to the merged text.
pub fn resolve(
    content: &mut Content,
    documents: &Documents,
    diags: &mut Diagnostics,
) -> Vec<SiteVariation> {
    let rules = content.national_rules.clone();
    if let Some(rules) = &rules {
        diags.extend(rules.validate());
    }
    let mut variations = Vec::new();
    let mut merged_bodies: Vec<(usize, String)> = Vec::new();
    for (i, page) in content.pages.iter().enumerate() {
        let Some(national) = page.front.variation_of.as_deref() else {
            if page.front.based_on.is_some() {
                diags.push(
                    Diagnostic::error(&page.file, front_line(page, "based_on"), "`based_on` without `variation_of`")
                        .with_hint("name the national document this page varies, e.g. `variation_of: protocol/national-protocol`"),
                );
            }
            continue;
        };
        match resolve_one(content, documents, i, national) {
            Ok((variation, body, warnings)) => {
                diags.extend(warnings);
                merged_bodies.push((i, body));
                variations.push(variation);
            }
            // A national version that failed to load makes `based_on` and
            // the overlay unknowable; its own error is the one to fix.
            Err(_) if content.failed_in_folder(national.trim_end_matches("/index.md")) => {}
            Err(errors) => diags.extend(errors),
        }
    }
    for (i, body) in merged_bodies {
        // Still the only holder while resolving: no copy is made.
        std::sync::Arc::make_mut(&mut content.pages[i]).body = body;
    }
    if let Some(rules) = &rules {
        for (s, site) in content.sites.iter().enumerate() {
            let file = format!("content/sites/{}/site.yaml", site.id);
            let line = |key: &str| Position::new(site.key_lines.get(key).copied().unwrap_or(1), 1);
            let combinations = site
                .record
                .combinations
                .iter()
                .map(|c| (c.clone(), line("combinations")))
                .collect();
            let numbers = site
                .record
                .parameters
                .iter()
                .filter_map(|(k, v)| {
                    v.to_string()
                        .parse::<i64>()
                        .ok()
                        .map(|n| (k.clone(), n, line(&format!("parameters.{k}"))))
                })
                .collect();
            let texts: Vec<SiteText<'_>> = variations
                .iter()
                .filter(|v: &&SiteVariation| v.site == s)
                .map(|v| {
                    let page = &content.pages[v.page];
                    SiteText {
                        file: &page.file,
                        text: &v.merged.preamble,
                        first_line: v.preamble_line,
                    }
                })
                .collect();
            let local: Vec<(String, String, usize)> = variations
                .iter()
                .filter(|v| v.site == s)
                .flat_map(|v| {
                    let page = &content.pages[v.page];
                    v.merged
                        .sections
                        .iter()
                        .filter(|sec| {
                            matches!(
                                sec.origin,
                                SectionOrigin::Replaced { .. } | SectionOrigin::Added { .. }
                            )
                        })
                        .map(|sec| {
                            (
                                page.file.clone(),
                                sec.markdown.clone(),
                                v.site_lines.get(&sec.id).copied().unwrap_or(page.body_line),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
            let mut all_texts = texts;
            all_texts.extend(local.iter().map(|(file, text, line)| SiteText {
                file,
                text,
                first_line: *line,
            }));
            diags.extend(rules::check_site(
                rules,
                &SiteFacts {
                    site_id: &site.id,
                    file: &file,
                    combinations,
                    numbers,
                    texts: all_texts,
                },
            ));
        }
    }
    variations
}

type Resolved = (SiteVariation, String, Vec<Diagnostic>);

fn resolve_one(
    content: &Content,
    documents: &Documents,
    i: usize,
    national: &str,
) -> Result<Resolved, Vec<Diagnostic>> {
    let page = &content.pages[i];
    let error = |key: &str, message: String, hint: String| {
        vec![Diagnostic::error(&page.file, front_line(page, key), message).with_hint(hint)]
    };
    let site_id = match page.path.split('/').collect::<Vec<_>>().as_slice() {
        ["sites", id, ..] if page.path.matches('/').count() >= 2 => id.to_string(),
        _ => {
            return Err(error(
                "variation_of",
                "a site variation must live in its site's folder".into(),
                "move it to content/sites/<site id>/pathway.md".into(),
            ))
        }
    };
    let Some(site) = content.sites.iter().position(|s| s.id == site_id) else {
        return Err(error(
            "variation_of",
            format!("there is no site `{site_id}` for this variation"),
            format!("add content/sites/{site_id}/site.yaml, or run `waymark new site {site_id}`"),
        ));
    };
    let wanted = national.trim_end_matches('/').trim_end_matches("/index.md");
    let Some(national_doc) = documents.docs.iter().position(|d| d.path == wanted) else {
        let known: Vec<&str> = documents.docs.iter().map(|d| d.path.as_str()).collect();
        let hint = match did_you_mean(wanted, known.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("versioned documents: {}", known.join(", ")),
        };
        return Err(error(
            "variation_of",
            format!("`variation_of: {national}` names no versioned document"),
            hint,
        ));
    };
    let doc = &documents.docs[national_doc];
    let Some(based_text) = page.front.based_on.as_deref() else {
        return Err(error(
            "variation_of",
            "a site variation needs `based_on`: the national version its text was written against"
                .into(),
            format!("add `based_on: \"{}\"`", doc.versions[doc.shown()].number),
        ));
    };
    let versions: Vec<String> = doc.versions.iter().map(|v| v.number.to_string()).collect();
    let Some(based_on) = VersionNumber::parse(based_text).filter(|n| doc.find(*n).is_some()) else {
        return Err(error(
            "based_on",
            format!("`based_on: {based_text}` is not a version of {}", doc.path),
            format!("versions: {}", versions.join(", ")),
        ));
    };
    let national_version = doc.shown();
    let current = &content.pages[doc.versions[national_version].page];
    let based = &content.pages[doc.versions[doc.find(based_on).unwrap_or(national_version)].page];

    let values: BTreeMap<String, String> = content.sites[site]
        .record
        .parameters
        .iter()
        .map(|(k, v)| (k.clone(), v.to_string()))
        .collect();
    let site_body = params::substitute(&page.body, &values, &page.file, page.body_line)?;
    let merged = overlay::overlay(&OverlayInput {
        national_body: &current.body,
        national_file: &current.file,
        site_body: &site_body,
        site_file: &page.file,
        site_body_first_line: page.body_line,
    })?;
    let stale = overlay::stale_sections(
        &merged.overridden_ids(),
        &merged.anchor_ids(),
        &based.body,
        &current.body,
    );
    let mut site_lines = BTreeMap::new();
    for s in &merged.sections {
        if matches!(s.origin, SectionOrigin::National) {
            continue;
        }
        if let Some(offset) = id_offset(&page.body, &s.id) {
            site_lines.insert(
                s.id.clone(),
                Position::of_offset(&page.body, offset, page.body_line).line,
            );
        }
    }
    let name = &content.sites[site].record.name;
    let warnings = stale
        .iter()
        .map(|st| {
            let line = site_lines.get(&st.id).copied().unwrap_or(1);
            Diagnostic::warning(
                &page.file,
                Position::new(line, 1),
                format!(
                    "{name}'s section `{}` is stale: the national section {} since version {based_on}",
                    st.id,
                    match st.change {
                        overlay::StaleChange::Changed => "changed",
                        overlay::StaleChange::RemovedNationally => "was removed",
                    }
                ),
            )
            .with_hint(format!(
                "review it against version {} and then set `based_on: \"{}\"`",
                doc.versions[national_version].number, doc.versions[national_version].number
            ))
        })
        .collect();
    let mut body = merged.preamble.trim().to_string();
    let rest = merged.markdown();
    if !body.is_empty() && !rest.is_empty() {
        body.push_str("\n\n");
    }
    body.push_str(&rest);
    Ok((
        SiteVariation {
            site,
            page: i,
            national_doc,
            national_version,
            based_on,
            merged,
            stale,
            site_lines,
            preamble_line: page.body_line
                + page
                    .body
                    .split_inclusive('\n')
                    .take_while(|l| l.trim().is_empty())
                    .count(),
            national_dir: current.folder().to_string(),
        },
        body,
        warnings,
    ))
}

/// Where `{#id` is written with exactly this id (followed by `}` or a space),
/// so `{#booking` does not find `{#booking-note …}` first.
fn id_offset(body: &str, id: &str) -> Option<usize> {
    let needle = format!("{{#{id}");
    body.match_indices(&needle)
        .map(|(at, _)| at)
        .find(|&at| body[at + needle.len()..].starts_with(|c: char| c == '}' || c.is_whitespace()))
}

fn front_line(page: &crate::content::SourcePage, key: &str) -> Position {
    page.front_key(key).unwrap_or(Position::new(1, 1))
}
