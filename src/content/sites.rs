//! Delivery-site records: `content/sites/<id>/site.yaml` and
//! `content/sites/<id>/embedding.yaml`.
//!
//! Each delivery site runs the national protocol with local differences;
//! these files say who the site is and which national changes its steering
//! group has confirmed are embedded in practice. The kinds of site and the
//! requirement types a record names are the project's own (`site.yaml`'s
//! `site_kinds`, `content/national-rules.yaml`'s `requirements`), checked
//! once everything is loaded (`crate::content::vocabulary`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::yaml::Scalar;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteRecord {
    pub name: String,
    /// One of the kinds of site the project declares in `site.yaml`.
    #[serde(default)]
    pub kind: Option<String>,
    pub status: SiteStatus,
    #[serde(default)]
    pub region: Option<String>,
    /// When the site went live on the protocol: national changes made after
    /// this date need the site's confirmation. Unknown for some later sites,
    /// whose embedding is then not tracked.
    #[serde(default)]
    pub live_from: Option<Date>,
    /// Start date of each requirement the site runs, by requirement id.
    #[serde(default)]
    pub requirements: BTreeMap<String, Date>,
    #[serde(default)]
    pub courts: Vec<String>,
    #[serde(default)]
    pub cohort: Option<String>,
    /// Who delivers each service, by organisation (never a person).
    #[serde(default)]
    pub providers: Vec<Provider>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub steering_group: Option<SteeringGroup>,
    /// Values the site's pages can use in their text, as `{{ site.NAME }}`.
    #[serde(default)]
    pub parameters: BTreeMap<String, Scalar>,
    /// The combined orders the site offers, checked against national rules.
    #[serde(default)]
    pub combinations: Vec<Vec<String>>,
    /// Facts the sources do not give, said plainly on the site's page.
    #[serde(default)]
    pub unknown: Vec<String>,
    /// Caveats about the sources, shown on the site's page.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SiteStatus {
    Live,
    SettingUp,
    Unknown,
}

impl SiteStatus {
    pub fn label(self) -> &'static str {
        match self {
            SiteStatus::Live => "Live",
            SiteStatus::SettingUp => "Setting up",
            SiteStatus::Unknown => "Not known",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub service: String,
    pub organisation: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub role: String,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub how: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SteeringGroup {
    #[serde(default)]
    pub cadence: Option<String>,
    #[serde(default)]
    pub members: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EmbeddingFile {
    #[serde(default)]
    pub confirmations: Vec<Confirmation>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    /// `<document path>@<version>#<change id>`.
    pub change: String,
    pub status: EmbeddingStatus,
    #[serde(default)]
    pub date: Option<Date>,
    /// A group or role, never a person.
    #[serde(default)]
    pub by: Option<String>,
    #[serde(default)]
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EmbeddingStatus {
    Embedded,
    InProgress,
    NotApplicable,
}

/// A loaded site with the line of each confirmation, for error messages.
#[derive(Debug, Clone)]
pub struct Site {
    pub id: String,
    pub record: SiteRecord,
    pub embedding: EmbeddingFile,
    /// Line of each confirmation's `change:` key in embedding.yaml.
    pub confirmation_lines: Vec<usize>,
    /// Line of each top-level key of site.yaml, and of each parameter as
    /// `parameters.<name>`, for the rule checks' messages.
    pub key_lines: BTreeMap<String, usize>,
}

/// Where the keys of a site.yaml are: serde keeps no positions.
pub fn key_lines(text: &str) -> BTreeMap<String, usize> {
    let mut lines = BTreeMap::new();
    let mut in_parameters = false;
    for (i, line) in text.lines().enumerate() {
        let indented = line.starts_with(' ');
        let Some((key, rest)) = line.trim_start().split_once(':') else {
            continue;
        };
        if key.starts_with('#') || key.starts_with('-') {
            continue;
        }
        if !indented {
            in_parameters = key == "parameters";
            lines.insert(key.to_string(), i + 1);
            if in_parameters {
                // `parameters: {a: 1, b: 2}` written on one line.
                for part in rest
                    .trim()
                    .trim_start_matches('{')
                    .trim_end_matches('}')
                    .split(',')
                {
                    if let Some((k, _)) = part.split_once(':') {
                        lines.insert(format!("parameters.{}", k.trim()), i + 1);
                    }
                }
            }
        } else if in_parameters {
            lines.insert(format!("parameters.{}", key.trim()), i + 1);
        }
    }
    lines
}

/// Lines on which each `- change:` entry starts, in order: serde does not
/// keep positions, and the embedding checks need them for their messages.
pub fn confirmation_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start();
            t.starts_with("- change:") || t.starts_with("change:")
        })
        .map(|(i, _)| i + 1)
        .collect()
}
