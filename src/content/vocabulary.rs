//! Every use of the project's own words checked against their declarations:
//! audiences (front matter, map and form versions) against `site.yaml`'s
//! `audiences`, site kinds against its `site_kinds`, and requirement types
//! (site records, case studies) against `content/national-rules.yaml`.
//!
//! Loading reads these as plain ids, since the declarations live in other
//! files; this step, run once everything is loaded, reports each undeclared
//! id where it is written, with the declared ones in the hint.

use super::{Content, SourcePage, CONTENT_DIR};
use crate::config::vocabulary::{find_word, unknown};
use crate::config::SiteConfig;
use crate::content::rules::RULES_FILE;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};

/// Unknown ids reported per list: a file that names thousands (hostile or
/// generated) gets a few errors, not a search of its text for each.
const MAX_PER_LIST: usize = 20;

/// Where to declare audiences and site kinds, for hints.
const AUDIENCES_IN: &str = "site.yaml (`audiences`)";
const KINDS_IN: &str = "site.yaml (`site_kinds`)";

/// A project that declares no audiences (or no site kinds) gets them from
/// use: each id its files write, named from the id ("new-sites" → "New
/// sites"), in id order. So Markdown written before declarations existed,
/// or a small project that never needs them, builds unchanged; once a
/// project declares any, [`check`] holds every use to the declarations.
pub fn imply_undeclared(config: &mut SiteConfig, content: &Content) {
    use crate::config::vocabulary::{AudienceDef, SiteKindDef};
    use std::collections::BTreeSet;
    if config.audiences.is_empty() {
        let used: BTreeSet<&str> = content
            .pages
            .iter()
            .flat_map(|p| p.front.audience.iter().map(|a| a.id()))
            .chain(content.map_versions.iter().flat_map(|v| {
                v.meta
                    .iter()
                    .flat_map(|m| m.audience.iter().map(|a| a.id()))
            }))
            .chain(content.form_versions.iter().flat_map(|v| {
                v.meta
                    .iter()
                    .flat_map(|m| m.audience.iter().map(|a| a.id()))
            }))
            .collect();
        config.audiences = used
            .into_iter()
            .map(|id| AudienceDef {
                id: id.to_string(),
                name: name_from_id(id),
                description: None,
                order: None,
            })
            .collect();
    }
    if config.site_kinds.is_empty() {
        let used: BTreeSet<&str> = content
            .sites
            .iter()
            .filter_map(|s| s.record.kind.as_deref())
            .collect();
        config.site_kinds = used
            .into_iter()
            .map(|id| SiteKindDef {
                id: id.to_string(),
                name: name_from_id(id),
            })
            .collect();
    }
}

/// "new-sites" → "New sites".
fn name_from_id(id: &str) -> String {
    let words = crate::content::rules::name_from_id(id);
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

pub fn check(config: &SiteConfig, content: &Content, diags: &mut Diagnostics) {
    let audiences: Vec<&str> = config.audiences.iter().map(|a| a.id.as_str()).collect();
    let kinds: Vec<&str> = config.site_kinds.iter().map(|k| k.id.as_str()).collect();
    let requirements: Vec<&str> = content
        .national_rules
        .as_ref()
        .map(|r| r.requirement_ids())
        .unwrap_or_default();
    let requirements_in = format!("{RULES_FILE} (`requirements`)");
    // Requirement types declared nowhere: any id is one (named from its id
    // where shown), as with audiences in `imply_undeclared`.
    let open_requirements = requirements.is_empty();
    for page in &content.pages {
        let undeclared = |ids: &[&str], id: &str| !ids.contains(&id);
        for a in page
            .front
            .audience
            .iter()
            .filter(|a| undeclared(&audiences, a.id()))
            .take(MAX_PER_LIST)
        {
            let at = front_value(page, "audience", a.id());
            diags.push(unknown(
                &page.file,
                at,
                "audience",
                a.id(),
                &audiences,
                AUDIENCES_IN,
            ));
        }
        for r in page
            .front
            .requirements
            .iter()
            .filter(|r| !open_requirements && undeclared(&requirements, r))
            .take(MAX_PER_LIST)
        {
            let at = front_value(page, "requirements", r);
            diags.push(unknown(
                &page.file,
                at,
                "requirement",
                r,
                &requirements,
                &requirements_in,
            ));
        }
    }
    let versions = content
        .map_versions
        .iter()
        .map(|v| (&v.file, v.meta_line, &v.meta))
        .chain(
            content
                .form_versions
                .iter()
                .map(|v| (&v.file, v.meta_line, &v.meta)),
        );
    for (file, line, meta) in versions {
        for a in meta
            .iter()
            .flat_map(|m| &m.audience)
            .filter(|a| !audiences.contains(&a.id()))
            .take(MAX_PER_LIST)
        {
            let at = Position::new(line, 1);
            diags.push(unknown(
                file,
                at,
                "audience",
                a.id(),
                &audiences,
                AUDIENCES_IN,
            ));
        }
    }
    for site in &content.sites {
        let file = format!("{CONTENT_DIR}/sites/{}/site.yaml", site.id);
        let line = |key: &str| Position::new(site.key_lines.get(key).copied().unwrap_or(1), 1);
        match &site.record.kind {
            Some(kind) if !kinds.contains(&kind.as_str()) => {
                diags.push(unknown(
                    &file,
                    line("kind"),
                    "site kind",
                    kind,
                    &kinds,
                    KINDS_IN,
                ));
            }
            None if !kinds.is_empty() => diags.push(
                Diagnostic::error(
                    &file,
                    Position::new(1, 1),
                    format!("site `{}` has no `kind`", site.id),
                )
                .with_hint(format!(
                    "kinds declared in {KINDS_IN}: {}",
                    kinds.join(", ")
                )),
            ),
            _ => {}
        }
        for r in site
            .record
            .requirements
            .keys()
            .filter(|r| !open_requirements && !requirements.contains(&r.as_str()))
            .take(MAX_PER_LIST)
        {
            diags.push(unknown(
                &file,
                line("requirements"),
                "requirement",
                r,
                &requirements,
                &requirements_in,
            ));
        }
    }
}

/// Where `value` is written under the front-matter key `key`.
fn front_value(page: &SourcePage, key: &str, value: &str) -> Position {
    let Some(key_at) = page.front_key(key) else {
        return Position::new(1, 1);
    };
    // `front_key` lines count the opening `---` (the YAML starts on line 2).
    match find_word(&page.front_yaml, key_at.line - 2, value) {
        Some((line, column)) => Position::new(line + 2, column + 1),
        None => key_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{AudienceDef, CONFIG_FILE};

    fn page(yaml: &str) -> SourcePage {
        SourcePage {
            path: "a.md".into(),
            file: "content/a.md".into(),
            front: crate::content::frontmatter::parse(yaml, "content/a.md", &[]).unwrap(),
            front_yaml: yaml.into(),
            body: String::new(),
            body_line: 1,
            title_heading: false,
        }
    }

    fn config(audiences: &[&str]) -> SiteConfig {
        let mut c: SiteConfig =
            crate::yaml::parse("title: T\n", crate::yaml::Origin::file(CONFIG_FILE)).unwrap();
        c.audiences = audiences
            .iter()
            .map(|id| AudienceDef {
                id: id.to_string(),
                name: id.to_uppercase(),
                description: None,
                order: None,
            })
            .collect();
        c
    }

    #[test]
    fn an_unknown_audience_is_located_and_lists_the_declared_ones() {
        let content = Content {
            pages: vec![page("title: A\naudience:\n  - readers\n  - reader\n").into()],
            ..Content::default()
        };
        let mut diags = Diagnostics::new();
        check(&config(&["readers", "editors"]), &content, &mut diags);
        let d: Vec<&Diagnostic> = diags.iter().collect();
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].position.line, d[0].position.column), (5, 5));
        assert_eq!(d[0].message, "unknown audience `reader`");
        let hint = d[0].hint.as_deref().unwrap();
        assert!(
            hint.contains("did you mean `readers`?") && hint.ends_with("readers, editors"),
            "{hint}"
        );
    }

    #[test]
    fn a_project_without_declarations_names_what_it_uses_from_the_ids() {
        let content = Content {
            pages: vec![page(
                "title: A\naudience: [new-readers, editors]\nkind: case-study\nrequirements: [vis]\n",
            )
            .into()],
            ..Content::default()
        };
        let mut config = config(&[]);
        imply_undeclared(&mut config, &content);
        let mut diags = Diagnostics::new();
        check(&config, &content, &mut diags);
        assert_eq!(diags.iter().count(), 0);
        assert_eq!(config.audience_name("new-readers"), Some("New readers"));
        assert_eq!(config.audience_name("editors"), Some("Editors"));
        // Once the project declares any, the others are errors again.
        let mut declared = super::tests::config(&["editors"]);
        imply_undeclared(&mut declared, &content);
        let mut diags = Diagnostics::new();
        check(&declared, &content, &mut diags);
        assert_eq!(diags.iter().count(), 1);
    }

    #[test]
    fn thousands_of_unknown_ids_give_a_few_errors() {
        let ids: Vec<String> = (0..5000).map(|i| format!("a{i}")).collect();
        let yaml = format!("title: A\naudience: [{}]\n", ids.join(", "));
        let content = Content {
            pages: vec![page(&yaml).into()],
            ..Content::default()
        };
        let mut diags = Diagnostics::new();
        check(&config(&["readers"]), &content, &mut diags);
        assert_eq!(diags.iter().count(), MAX_PER_LIST);
    }
}
