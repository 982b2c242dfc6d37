//! `waymark new site ID [--from SITE]`: start a new delivery site's pages.
//!
//! A new site's programme lead should have something that builds on the
//! first try and shows them where to write: a `site.yaml` whose unknown facts
//! are listed as unknown (never invented placeholders that could be read as
//! true), and a `pathway.md` that overlays the national protocol. With
//! `--from`, the pathway and the site's figures come from an existing site
//! (Plymouth's phased orders, say), because starting from a working local
//! variation is how the later sites actually began; the facts that belong to
//! the other place (courts, contacts, dates, steering group) are not copied.
//!
//! Files are written as text so the author gets readable YAML with comments,
//! and nothing is overwritten.

use std::path::{Path, PathBuf};

use crate::content::sites::SiteRecord;
use crate::content::CONTENT_DIR;
use crate::yaml;

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
) -> Result<Created, String> {
    check_id(id)?;
    let sites = root.join(CONTENT_DIR).join("sites");
    let dir = sites.join(id);
    if dir.exists() {
        return Err(format!(
            "{} already exists; choose another id",
            dir.display()
        ));
    }
    let name = name.map(str::to_string).unwrap_or_else(|| title_case(id));
    let (site_yaml, pathway) = match from {
        Some(other) => from_site(root, &sites, other, &name)?,
        None => (national_site_yaml(&name), national_pathway(root, &name)?),
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

fn national_site_yaml(name: &str) -> String {
    format!(
        "# A new CSTR site. List facts only when they are agreed; anything not yet
# known stays in `unknown`, and the site's page says so.
name: {}
kind: later-site
status: setting-up
# live_from: 2027-04-01
# requirements: {{mhtr: 2027-04-01, atr: 2027-04-01, drr: 2027-04-01}}
combinations: [[mhtr, atr], [mhtr, drr]]
contacts:
  - {{role: CSTR programme lead, how: Through the steering group}}
steering_group:
  members: [Chair (commissioner), Probation, MHTR clinical lead, Substance misuse service, Liaison and diversion, Court]
parameters: {{}}
unknown:
  - Start date of each requirement
  - Courts served
  - Who delivers MHTR, ATR and DRR assessment and treatment
  - How often the steering group meets
",
        quote(name)
    )
}

/// The national document other sites vary, and its current version.
fn national_target(root: &Path) -> Result<(String, String), String> {
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

fn national_pathway(root: &Path, name: &str) -> Result<String, String> {
    let (national, version) = national_target(root)?;
    Ok(format!(
        "---
title: {title}
summary: How {name} runs the national pathway, section by section where it differs.
audience: [probation, treatment-providers, magistrates, new-sites, steering-groups]
variation_of: {national}
based_on: \"{version}\"
owner: {name} steering group
---

{name} follows version {version} of the national protocol. Every section not written below is the national text.

To vary a section, add a heading with the national section's id: `## Eligibility {{#eligibility}}` replaces it, `## Court rota {{#court-rota after=identification}}` adds a new section after it, and `## Review {{#review remove}}` leaves it out, with a sentence saying why. Site figures from `site.yaml` can be written as `{{{{ site.usual_order_months }}}}`.
",
        title = quote(&format!("{name}'s pathway")),
    ))
}

fn from_site(
    root: &Path,
    sites: &Path,
    other: &str,
    name: &str,
) -> Result<(String, String), String> {
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
    let mut site_yaml = national_site_yaml(name);
    site_yaml = site_yaml.replace(
        "combinations: [[mhtr, atr], [mhtr, drr]]\n",
        &format!("combinations: {}\n", combinations_yaml(&record)),
    );
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
    site_yaml = site_yaml.replace(
        "parameters: {}\n",
        &format!(
            "# Figures copied from {}; check each one for {name}.\nparameters: {{{}}}\n",
            record.name,
            params.join(", ")
        ),
    );
    let pathway_file = dir.join("pathway.md");
    let pathway = match std::fs::read_to_string(&pathway_file) {
        Ok(text) => retitle(&text, &record.name, name),
        // A site with no local pathway yet lends its figures only.
        Err(_) => national_pathway(root, name)?,
    };
    Ok((site_yaml, pathway))
}

fn combinations_yaml(record: &SiteRecord) -> String {
    let items: Vec<String> = record
        .combinations
        .iter()
        .map(|c| {
            let ids: Vec<&str> = c.iter().map(|r| r.id()).collect();
            format!("[{}]", ids.join(", "))
        })
        .collect();
    format!("[{}]", items.join(", "))
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
