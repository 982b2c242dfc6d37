//! `waymark new site ID [--from SITE]`: start a new delivery site's pages.
//!
//! A new site's programme lead should have something that builds on the
//! first try and shows them where to write: a `site.yaml` whose unknown facts
//! are listed as unknown (never invented placeholders that could be read as
//! true), and a `pathway.md` that overlays the national protocol. With
//! `--from`, the pathway and the site's figures come from an existing site
//! (one with phased orders, say), because starting from a working local
//! variation is how the later sites actually began; the facts that belong to
//! the other place (courts, contacts, dates, steering group) are not copied.
//!
//! Files are written as text so the author gets readable YAML with comments,
//! and nothing is overwritten.

use std::path::{Path, PathBuf};

use super::CommandError;
use crate::config::SiteConfig;
use crate::content::rules::{NationalRules, RULES_FILE};
use crate::content::sites::SiteRecord;
use crate::content::CONTENT_DIR;
use crate::yaml;

/// What the project declares that a new site's files name: the kind a new
/// site is (the last declared: kinds run from first sites to later ones),
/// its audiences, its requirement types and allowed combinations.
#[derive(Debug, Default)]
struct Declared {
    kind: Option<String>,
    audiences: Vec<String>,
    requirements: Vec<String>,
    combinations: Option<Vec<Vec<String>>>,
}

impl Declared {
    /// Read leniently: a project whose files have mistakes still gets a
    /// scaffold, and its build then reports them.
    fn read(root: &Path) -> Declared {
        let config = SiteConfig::load(root).ok();
        let rules: Option<NationalRules> = std::fs::read_to_string(root.join(RULES_FILE))
            .ok()
            .and_then(|text| yaml::parse(&text, yaml::Origin::file(RULES_FILE)).ok());
        Declared {
            kind: config
                .as_ref()
                .and_then(|c| c.site_kinds.last())
                .map(|k| k.id.clone()),
            audiences: config
                .iter()
                .flat_map(|c| c.audiences_in_order())
                .map(|a| a.id.clone())
                .collect(),
            requirements: rules
                .iter()
                .flat_map(|r| r.requirement_ids())
                .map(str::to_string)
                .collect(),
            combinations: rules.and_then(|r| r.allowed_combinations),
        }
    }
}

/// The national document a site's pathway varies when no other is known.
const DEFAULT_NATIONAL: &str = "protocol/national-protocol";

/// What was created.
#[derive(Debug)]
pub struct Created {
    pub files: Vec<PathBuf>,
}

pub fn run(
    root: &Path,
    id: &str,
    from: Option<&str>,
    name: Option<&str>,
) -> Result<Created, CommandError> {
    check_id(id)?;
    let sites = root.join(CONTENT_DIR).join("sites");
    let dir = sites.join(id);
    if dir.exists() {
        return Err(format!("{} already exists; choose another id", dir.display()).into());
    }
    let name = name.map(str::to_string).unwrap_or_else(|| title_case(id));
    let declared = Declared::read(root);
    let (site_yaml, pathway) = match from {
        Some(other) => from_site(root, &sites, other, &name, &declared)?,
        None => (
            national_site_yaml(&name, &declared, None),
            national_pathway(root, &name, &declared)?,
        ),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut files = Vec::new();
    for (file, text) in [("site.yaml", site_yaml), ("pathway.md", pathway)] {
        let path = dir.join(file);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        files.push(path);
    }
    Ok(Created { files })
}

/// Ids become folder names and URLs: lower-case letters, digits and hyphens.
fn check_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 60
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{id}` is not a usable site id: use lower-case letters, digits and hyphens, starting with a letter (e.g. `north-wales`)"
        ))
    }
}

fn title_case(id: &str) -> String {
    id.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `[[a, b], [a, c]]`.
fn combinations_yaml(combinations: &[Vec<String>]) -> String {
    let items: Vec<String> = combinations
        .iter()
        .map(|c| format!("[{}]", c.join(", ")))
        .collect();
    format!("[{}]", items.join(", "))
}

/// The new site's record; `copied` is the other site's record with `--from`.
fn national_site_yaml(name: &str, declared: &Declared, copied: Option<&SiteRecord>) -> String {
    let mut out = format!(
        "# A new site. List facts only when they are agreed; anything not yet
# known stays in `unknown`, and the site's page says so.
name: {}
",
        quote(name)
    );
    if let Some(kind) = &declared.kind {
        out.push_str(&format!("kind: {kind}\n"));
    }
    out.push_str("status: setting-up\n# live_from: 2027-04-01\n");
    if !declared.requirements.is_empty() {
        let dates: Vec<String> = declared
            .requirements
            .iter()
            .map(|r| format!("{r}: 2027-04-01"))
            .collect();
        out.push_str(&format!("# requirements: {{{}}}\n", dates.join(", ")));
    }
    let combinations = match copied {
        Some(record) => Some(record.combinations.clone()),
        None => declared.combinations.clone(),
    };
    if let Some(c) = combinations.filter(|c| !c.is_empty()) {
        out.push_str(&format!("combinations: {}\n", combinations_yaml(&c)));
    }
    out.push_str(
        "contacts:
  - {role: Programme lead, how: Through the steering group}
steering_group:
  members: [Chair]
",
    );
    match copied {
        Some(record) => {
            let params: Vec<String> = record
                .parameters
                .iter()
                .map(|(k, v)| {
                    let text = v.to_string();
                    if text.parse::<f64>().is_ok() {
                        format!("{k}: {text}")
                    } else {
                        format!("{k}: {}", quote(&text))
                    }
                })
                .collect();
            out.push_str(&format!(
                "# Figures copied from {}; check each one for {name}.\nparameters: {{{}}}\n",
                record.name,
                params.join(", ")
            ));
        }
        None => out.push_str("parameters: {}\n"),
    }
    out.push_str("unknown:\n");
    if !declared.requirements.is_empty() {
        out.push_str("  - Start date of each requirement\n");
    }
    out.push_str("  - Who delivers each service\n  - How often the steering group meets\n");
    out
}

/// The national document other sites vary, and its current version.
fn national_target(root: &Path) -> Result<(String, String), CommandError> {
    let (_, documents) = super::load_documents(root, false)?;
    let doc = documents
        .docs
        .iter()
        .find(|d| d.path == DEFAULT_NATIONAL)
        .or_else(|| documents.docs.first())
        .ok_or("there is no versioned national document to vary (a folder of v<major>.<minor>.md files)")?;
    let current = doc
        .current
        .map(|c| doc.versions[c].number.to_string())
        .ok_or_else(|| format!("`{}` has no approved version to base a site on", doc.path))?;
    Ok((doc.path.clone(), current))
}

fn national_pathway(root: &Path, name: &str, declared: &Declared) -> Result<String, CommandError> {
    let (national, version) = national_target(root)?;
    let audience = match declared.audiences.is_empty() {
        true => String::new(),
        false => format!("audience: [{}]\n", declared.audiences.join(", ")),
    };
    Ok(format!(
        "---
title: {title}
summary: How {name} runs the national pathway, section by section where it differs.
{audience}variation_of: {national}
based_on: \"{version}\"
owner: {name} steering group
---

{name} follows version {version} of the national protocol. Every section not written below is the national text.

To vary a section, add a heading with the national section's id: `## Eligibility {{#eligibility}}` replaces it, `## Court rota {{#court-rota after=identification}}` adds a new section after it, and `## Review {{#review remove}}` leaves it out, with a sentence saying why. Figures from the site's `site.yaml` (`parameters`) can be written as `{{{{ site.NAME }}}}`.
",
        title = quote(&format!("{name}'s pathway")),
    ))
}

fn from_site(
    root: &Path,
    sites: &Path,
    other: &str,
    name: &str,
    declared: &Declared,
) -> Result<(String, String), CommandError> {
    let dir = sites.join(other);
    let site_file = dir.join("site.yaml");
    let text = std::fs::read_to_string(&site_file)
        .map_err(|_| format!("no site `{other}` (expected {})", site_file.display()))?;
    let file = site_file.display().to_string();
    let record: SiteRecord = yaml::parse(&text, yaml::Origin::file(&file)).map_err(|d| {
        format!(
            "{}:{}:{}: {}",
            d.file, d.position.line, d.position.column, d.message
        )
    })?;
    let site_yaml = national_site_yaml(name, declared, Some(&record));
    let pathway_file = dir.join("pathway.md");
    let pathway = match std::fs::read_to_string(&pathway_file) {
        Ok(text) => retitle(&text, &record.name, name),
        // A site with no local pathway yet lends its figures only.
        Err(_) => national_pathway(root, name, declared)?,
    };
    Ok((site_yaml, pathway))
}

/// The copied pathway under the new site's name, with the old site's name
/// swapped in its front matter only (the body is the author's to rewrite).
fn retitle(text: &str, old: &str, new: &str) -> String {
    let mut out = String::new();
    let mut in_front = false;
    for (i, line) in text.lines().enumerate() {
        if line.trim_end() == "---" && (i == 0 || in_front) {
            in_front = i == 0;
            out.push_str(line);
            out.push('\n');
            if i == 0 {
                continue;
            }
            out.push_str(&format!(
                "\n> Copied from {old}'s pathway. Rewrite each section for {new} before it is used.\n"
            ));
            continue;
        }
        if in_front {
            match line.split_once(':') {
                Some(("title", _)) => out.push_str(&format!("title: {}", quote(&format!("{new}'s pathway")))),
                Some(("owner", _)) => out.push_str(&format!("owner: {new} steering group")),
                Some(("summary", _)) => out.push_str(&format!(
                    "summary: How {new} runs the national pathway, starting from {old}'s variations."
                )),
                Some(("review_by", _)) => continue,
                _ => out.push_str(line),
            }
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}
