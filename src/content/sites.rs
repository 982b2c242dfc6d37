//! Delivery-site records: `content/sites/<id>/site.yaml` and
//! `content/sites/<id>/embedding.yaml`.
//!
//! Each CSTR site runs the national protocol with local differences; these
//! files say who the site is and which national changes its steering group
//! has confirmed are embedded in practice.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::yaml::Scalar;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteRecord {
    pub name: String,
    #[serde(default)]
    pub region: Option<String>,
    /// When the site went live on the protocol: national changes made after
    /// this date need the site's confirmation.
    pub live_from: Date,
    /// Start date of each requirement the site runs (`mhtr`, `atr`, `drr`).
    #[serde(default)]
    pub requirements: BTreeMap<Requirement, Date>,
    #[serde(default)]
    pub courts: Vec<String>,
    #[serde(default)]
    pub cohort: Option<String>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub steering_group: Option<SteeringGroup>,
    /// Values the site's pages can use in their text.
    #[serde(default)]
    pub parameters: BTreeMap<String, Scalar>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Requirement {
    Mhtr,
    Atr,
    Drr,
}

impl Requirement {
    pub fn label(self) -> &'static str {
        match self {
            Requirement::Mhtr => "Mental health treatment requirement (MHTR)",
            Requirement::Atr => "Alcohol treatment requirement (ATR)",
            Requirement::Drr => "Drug rehabilitation requirement (DRR)",
        }
    }
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
