//! Typed, strict front matter.
//!
//! Front matter is the YAML between `---` lines at the top of a page. It is
//! deserialised into [`FrontMatter`] with unknown keys refused, so a typo such
//! as `titel:` fails the build with a suggestion instead of vanishing.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::diagnostics::{Diagnostic, Position};
use crate::yaml;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub audience: Vec<Audience>,
    #[serde(default)]
    pub order: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    /// The role that owns the page (never a person's name).
    #[serde(default)]
    pub owner: Option<String>,
    /// Past this date the build warns and the page says it is due for review.
    #[serde(default)]
    pub review_by: Option<Date>,

    /// What kind of page this is, when it is more than guidance.
    #[serde(default)]
    pub kind: PageType,
    /// Training modules: how long the module takes, in minutes.
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    /// Training modules: what the reader will be able to do afterwards.
    #[serde(default)]
    pub objectives: Vec<String>,
    /// Case studies: the requirements they concern.
    #[serde(default)]
    pub requirements: Vec<crate::content::sites::Requirement>,
    /// Case studies: the sites they draw on, by id.
    #[serde(default)]
    pub sites: Vec<String>,
    /// Bench cards: the site whose local specifics the card adds, by id.
    #[serde(default)]
    pub site: Option<String>,

    // Keys of a site's variation of a national document (see `crate::sites`).
    /// The national document this page overlays, e.g. `protocol/national-protocol`.
    #[serde(default)]
    pub variation_of: Option<String>,
    /// The national version the site's text was written against.
    #[serde(default)]
    pub based_on: Option<String>,

    // Keys of a version of a versioned document (see `crate::versions`).
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub status: Option<VersionStatus>,
    #[serde(default)]
    pub effective: Option<Date>,
    #[serde(default)]
    pub approved_by: Option<String>,
    #[serde(default)]
    pub changes: Vec<ChangeNote>,
}

impl FrontMatter {
    /// True when any key that only a document version may carry is present.
    pub fn has_version_keys(&self) -> bool {
        self.version.is_some()
            || self.status.is_some()
            || self.effective.is_some()
            || self.approved_by.is_some()
            || !self.changes.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    Magistrates,
    Probation,
    TreatmentProviders,
    NewSites,
    SteeringGroups,
    Defence,
    ProgrammeTeam,
}

impl Audience {
    pub const ALL: [Audience; 7] = [
        Audience::Magistrates,
        Audience::Probation,
        Audience::TreatmentProviders,
        Audience::NewSites,
        Audience::SteeringGroups,
        Audience::Defence,
        Audience::ProgrammeTeam,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Audience::Magistrates => "magistrates",
            Audience::Probation => "probation",
            Audience::TreatmentProviders => "treatment-providers",
            Audience::NewSites => "new-sites",
            Audience::SteeringGroups => "steering-groups",
            Audience::Defence => "defence",
            Audience::ProgrammeTeam => "programme-team",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Audience::Magistrates => "Magistrates and judges",
            Audience::Probation => "Probation",
            Audience::TreatmentProviders => "Treatment providers",
            Audience::NewSites => "New sites",
            Audience::SteeringGroups => "Steering groups",
            Audience::Defence => "Defence solicitors",
            Audience::ProgrammeTeam => "Programme team",
        }
    }
}

/// Kinds of page with their own presentation (see `crate::training`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageType {
    #[default]
    Guidance,
    TrainingModule,
    CaseStudy,
    BenchCard,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionStatus {
    Draft,
    Approved,
}

/// What changed in a version, as its authors describe it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeNote {
    pub id: String,
    #[serde(default)]
    pub sections: Vec<String>,
    pub summary: String,
    #[serde(default)]
    pub major: bool,
    #[serde(default)]
    pub embed_by: Option<Date>,
}

/// A page file split into its front matter and Markdown body.
#[derive(Debug, Clone)]
pub struct SplitPage<'a> {
    /// The YAML text, if the page has front matter.
    pub yaml: Option<&'a str>,
    pub body: &'a str,
    /// The 1-based line on which `body` starts.
    pub body_line: usize,
}

/// Splits `text` at its `---` fences. Pages without front matter are plain
/// Markdown: any folder of ordinary Markdown should build.
pub fn split(text: &str) -> Result<SplitPage<'_>, Position> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Ok(SplitPage {
            yaml: None,
            body: text,
            body_line: 1,
        });
    }
    let yaml_start = first_line_end;
    let mut offset = yaml_start;
    for (line, raw_line) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        if raw_line.trim_end() == "---" {
            let body_start = offset + raw_line.len();
            return Ok(SplitPage {
                yaml: Some(&text[yaml_start..offset]),
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += raw_line.len();
    }
    Err(Position::new(1, 1))
}

/// Parses a page's front matter; `file` is the path used in messages.
pub fn parse(yaml_text: &str, file: &str) -> Result<FrontMatter, Diagnostic> {
    let front: FrontMatter = yaml::parse(
        yaml_text,
        yaml::Origin {
            file,
            first_line: 2,
        },
    )?;
    if front.title.trim().is_empty() {
        return Err(
            Diagnostic::error(file, Position::new(2, 1), "`title` is empty")
                .with_hint("every page needs a title"),
        );
    }
    Ok(front)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let page = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(page.yaml, Some("title: A\n"));
        assert_eq!(page.body, "Body\n");
        assert_eq!(page.body_line, 4);
    }

    #[test]
    fn plain_markdown_has_no_front_matter() {
        let page = split("# Title\n").unwrap();
        assert!(page.yaml.is_none());
        assert_eq!(page.body_line, 1);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split("---\ntitle: A\n").is_err());
    }

    #[test]
    fn unknown_audience_suggests() {
        let err = parse("title: A\naudience: [magistrate]\n", "a.md").unwrap_err();
        assert_eq!(err.position.line, 3);
        assert!(err.hint.unwrap().contains("magistrates"));
    }
}
