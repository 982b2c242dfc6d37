//! Typed, strict front matter.
//!
//! Front matter is the YAML between `---` lines at the top of a page. It is
//! deserialised into [`FrontMatter`] with unknown keys refused, so a typo such
//! as `titel:` fails the build with a suggestion instead of vanishing.

use serde::{Deserialize, Serialize};

// Kept at their old paths: pages, versions and commands name them here.
pub use crate::config::vocabulary::Audience;
use crate::date::Date;
use crate::diagnostics::{did_you_mean, Diagnostic, Position};
pub use crate::versioning::VersionStatus;
use crate::yaml;

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Without one, the page's first heading gives it (`content::parse_page`).
    #[serde(default)]
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
    /// Case studies: the requirements they concern, by the ids
    /// `content/national-rules.yaml` declares.
    #[serde(default)]
    pub requirements: Vec<String>,
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

    /// Keys the project declared in `site.yaml` (`extra_front_matter`),
    /// kept as written and given to templates as `page_meta.extra`.
    #[serde(skip)]
    pub extra: std::collections::BTreeMap<String, serde_json::Value>,
}

/// Every key Waymark itself reads (the fields above).
pub const KNOWN_KEYS: [&str; 20] = [
    "title",
    "summary",
    "audience",
    "order",
    "draft",
    "owner",
    "review_by",
    "kind",
    "duration_minutes",
    "objectives",
    "requirements",
    "sites",
    "site",
    "variation_of",
    "based_on",
    "version",
    "status",
    "effective",
    "approved_by",
    "changes",
];

/// What other generators' keys are in Waymark, for the hint.
fn other_generators(key: &str) -> Option<&'static str> {
    Some(match key {
        "weight" | "nav_order" | "sidebar_position" | "position" => {
            "Waymark's key for a page's place in its folder is `order`"
        }
        "description" | "excerpt" | "abstract" => "Waymark's key for this is `summary`",
        "author" | "authors" | "maintainer" => {
            "Waymark records an `owner`: a role, never a person's name"
        }
        "draft" => return None,
        "date" | "lastmod" | "last_reviewed" | "last_updated" => {
            "Waymark has `review_by` for the date a page is due for review"
        }
        "sidebar_label" | "nav_title" | "linkTitle" | "short_title" => {
            "Waymark shows the `title` everywhere"
        }
        _ => return None,
    })
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

/// What changed in a version, as its authors describe it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
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

/// The top-level keys written in `yaml_text`, with their 0-based lines.
/// Front matter keeps its keys at the start of a line, so a line scan
/// finds every one (serde stops at the first unknown key).
fn top_level_keys(yaml_text: &str) -> Vec<(String, usize)> {
    yaml_text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            l.starts_with(|c: char| !c.is_whitespace() && !matches!(c, '#' | '-' | '[' | '{'))
        })
        .filter_map(|(i, l)| {
            let (key, _) = l.split_once(':')?;
            let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
            (!key.is_empty()).then(|| (key.to_string(), i))
        })
        .collect()
}

/// `yaml_text` with only the lines for which `keep(key)` holds for the
/// top-level key they belong to; the others become blank, so every line
/// keeps its number (and messages their positions).
fn only_keys(yaml_text: &str, keys: &[(String, usize)], keep: impl Fn(&str) -> bool) -> String {
    let mut owner: Option<&str> = None;
    let mut next = keys.iter().peekable();
    let mut out = String::with_capacity(yaml_text.len());
    for (i, line) in yaml_text.lines().enumerate() {
        if let Some((key, _)) = next.next_if(|(_, at)| *at == i) {
            owner = Some(key);
        }
        if owner.is_none_or(&keep) {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Parses a page's front matter; `file` is the path used in messages and
/// `extra_keys` the project's own keys (`site.yaml`'s `extra_front_matter`).
/// Every unknown key of the page is reported at once.
pub fn parse(
    yaml_text: &str,
    file: &str,
    extra_keys: &[String],
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let origin = yaml::Origin {
        file,
        first_line: 2,
    };
    let keys = top_level_keys(yaml_text);
    let is_extra = |k: &str| extra_keys.iter().any(|e| e == k);
    let unknown: Vec<Diagnostic> = keys
        .iter()
        .filter(|(k, _)| !KNOWN_KEYS.contains(&k.as_str()) && !is_extra(k))
        .map(|(key, line)| {
            let hint = match (other_generators(key), did_you_mean(key, KNOWN_KEYS)) {
                (Some(other), _) => format!("{other}; to keep `{key}` as it is, list it under `extra_front_matter` in site.yaml"),
                (None, Some(best)) => format!("did you mean `{best}`? To keep `{key}`, list it under `extra_front_matter` in site.yaml"),
                (None, None) => format!("to keep `{key}` for your templates, list it under `extra_front_matter` in site.yaml; Waymark's own keys: {}", KNOWN_KEYS.join(", ")),
            };
            Diagnostic::error(file, Position::new(line + 2, 1), format!("unknown front-matter key `{key}`"))
                .with_hint(hint)
        })
        .collect();
    let has_extra = keys.iter().any(|(k, _)| is_extra(k));
    let own_text;
    let own = if has_extra || !unknown.is_empty() {
        own_text = only_keys(yaml_text, &keys, |k| KNOWN_KEYS.contains(&k));
        own_text.as_str()
    } else {
        yaml_text
    };
    let parsed: Result<FrontMatter, Diagnostic> = yaml::parse(own, origin).map_err(with_front_hint);
    if !unknown.is_empty() {
        // The known keys' own mistakes too, so one run reports them all.
        let mut all = unknown;
        all.extend(parsed.err());
        return Err(all);
    }
    let mut front = parsed.map_err(|d| vec![d])?;
    if has_extra {
        let extra_text = only_keys(yaml_text, &keys, is_extra);
        front.extra = yaml::parse(&extra_text, origin).map_err(|d| vec![d])?;
    }
    if front.title.trim().is_empty() && keys.iter().any(|(k, _)| k.as_str() == "title") {
        return Err(vec![Diagnostic::error(
            file,
            Position::new(2, 1),
            "`title` is empty",
        )
        .with_hint("every page needs a title")]);
    }
    Ok(front)
}

/// Hints for the front-matter mistakes people bring from elsewhere.
fn with_front_hint(d: Diagnostic) -> Diagnostic {
    if d.message.starts_with("order:") && d.message.contains("floating point") {
        return d.with_hint(
            "`order` is a whole number: renumber the pages (e.g. 40 and 41, or 400 and 405) to put one between two others",
        );
    }
    d
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
    fn audiences_are_read_as_written() {
        let front = parse("title: A\naudience: [readers, night-staff]\n", "a.md", &[]).unwrap();
        let ids: Vec<&str> = front.audience.iter().map(Audience::id).collect();
        assert_eq!(ids, ["readers", "night-staff"]);
    }

    #[test]
    fn every_unknown_key_is_reported_at_once_with_hints() {
        let err = parse(
            "title: A\nweight: 3\ndescription: D\nowner_slack: \"#team\"\ntitel: B\n",
            "a.md",
            &[],
        )
        .unwrap_err();
        let lines: Vec<usize> = err.iter().map(|d| d.position.line).collect();
        assert_eq!(lines, [3, 4, 5, 6]);
        assert!(err[0].hint.as_deref().unwrap().contains("`order`"));
        assert!(err[1].hint.as_deref().unwrap().contains("`summary`"));
        assert!(err[2]
            .hint
            .as_deref()
            .unwrap()
            .contains("extra_front_matter"));
        assert!(err[3]
            .hint
            .as_deref()
            .unwrap()
            .contains("did you mean `title`"));
    }

    #[test]
    fn a_known_keys_mistake_is_reported_beside_the_unknown_keys() {
        let err = parse("title: A\nweight: 3\norder: 40.5\n", "a.md", &[]).unwrap_err();
        let lines: Vec<usize> = err.iter().map(|d| d.position.line).collect();
        assert_eq!(lines, [3, 4], "{err:?}");
        assert!(err[1].message.starts_with("order:"), "{}", err[1].message);
        assert!(err[1].hint.as_deref().unwrap().contains("whole number"));
    }

    #[test]
    fn declared_extra_keys_are_kept_for_templates() {
        let extra = ["weight".to_string(), "tags".to_string()];
        let front = parse(
            "title: A\nweight: 3\ntags:\n  - court\n  - visits\norder: 2\n",
            "a.md",
            &extra,
        )
        .unwrap();
        assert_eq!(front.order, Some(2));
        assert_eq!(front.extra["weight"], serde_json::json!(3));
        assert_eq!(front.extra["tags"], serde_json::json!(["court", "visits"]));
        // Positions of errors in Waymark's own keys are unchanged.
        let err = parse("title: A\ntags: [x]\norder: two\n", "a.md", &extra).unwrap_err();
        assert_eq!(err[0].position.line, 4);
    }

    #[test]
    fn a_fractional_order_gets_a_hint() {
        let err = parse("title: A\norder: 40.5\n", "a.md", &[]).unwrap_err();
        assert!(
            err[0].hint.as_deref().unwrap().contains("whole number"),
            "{:?}",
            err[0]
        );
    }
}
