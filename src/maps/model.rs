//! What an author writes in `content/maps/<id>.yaml`, and the checked map
//! the rest of the module works on.
//!
//! Two layers, on purpose: [`MapFile`] is the file exactly as written (strict
//! serde types, every struct `deny_unknown_fields`, plus the source positions
//! of the parts we may complain about), and [`Map`] is the result of checking
//! it (or of overlaying a site variation on the national map). Layout, SVG,
//! text alternative and diff only ever see a [`Map`], so they never have to
//! cope with a dangling lane or step id.
//!
//! serde_yaml keeps no spans, so positions are recovered from the text by
//! [`super::spans`]; each step carries its own file name because after an
//! overlay a map mixes steps from the national file and the site's file.

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Position};

/// One map file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapFile {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub lanes: Vec<LaneDef>,
    #[serde(default)]
    pub steps: Vec<StepDef>,
    #[serde(default)]
    pub notes: Option<String>,
    /// `maps/<id>` of the map this one varies.
    #[serde(default)]
    pub variation_of: Option<String>,
    #[serde(default)]
    pub replace: Vec<StepDef>,
    #[serde(default)]
    pub add: Vec<StepDef>,
    #[serde(default)]
    pub remove: Vec<String>,
    /// Status and dates of this version, in a versioned map's folder.
    #[serde(default)]
    pub version: Option<crate::versioning::VersionMeta>,
    /// Where things are in the file (filled in by [`super::parse_map_file`]).
    #[serde(skip)]
    pub source: FileSpans,
}

/// Source positions for the parts of a [`MapFile`] that are not steps or lanes.
#[derive(Debug, Clone, Default)]
pub struct FileSpans {
    pub file: String,
    /// Position of each top-level key that was present (`steps`, `remove`…).
    pub keys: Vec<(String, Position)>,
    /// Position of each id in `remove`, in order.
    pub remove: Vec<Position>,
}

impl FileSpans {
    /// Where the top-level `key` is, or the top of the file.
    pub fn key(&self, key: &str) -> Position {
        self.keys
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, p)| *p)
            .unwrap_or(Position::new(1, 1))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaneDef {
    pub id: String,
    pub label: String,
    #[serde(skip)]
    pub at: Position,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepDef {
    pub id: String,
    #[serde(default)]
    pub lane: Option<String>,
    pub label: String,
    #[serde(default, rename = "type")]
    pub kind: StepKind,
    #[serde(default)]
    pub link: Option<String>,
    #[serde(default)]
    pub next: Vec<NextDef>,
    #[serde(skip)]
    pub spans: StepSpans,
}

/// A `next` entry: a bare step id, or `{to, label}` for a labelled branch.
#[derive(Debug, Clone)]
pub enum NextDef {
    To(String),
    Branch(BranchDef),
}

// Hand-written rather than `#[serde(untagged)]`, so a typo inside a branch
// is reported as "unknown field `lable`" instead of "did not match any variant".
impl<'de> Deserialize<'de> for NextDef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = NextDef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a step id or `{to: <step id>, label: <text>}`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NextDef, E> {
                Ok(NextDef::To(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<NextDef, A::Error> {
                BranchDef::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(NextDef::Branch)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BranchDef {
    pub to: String,
    #[serde(default)]
    pub label: Option<String>,
}

impl NextDef {
    pub fn to_next(&self) -> Next {
        match self {
            NextDef::To(to) => Next {
                to: to.clone(),
                label: None,
            },
            NextDef::Branch(b) => Next {
                to: b.to.clone(),
                label: b.label.clone().filter(|l| !l.trim().is_empty()),
            },
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepKind {
    Start,
    #[default]
    Task,
    Decision,
    End,
}

impl StepKind {
    pub fn name(self) -> &'static str {
        match self {
            StepKind::Start => "start",
            StepKind::Task => "task",
            StepKind::Decision => "decision",
            StepKind::End => "end",
        }
    }
}

/// Positions inside one step entry, for pointed diagnostics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepSpans {
    pub file: String,
    /// The step's `id:` value (the step's "line").
    pub id: Position,
    pub lane: Option<Position>,
    pub link: Option<Position>,
    /// One per `next` entry where it could be found.
    pub next: Vec<Position>,
}

impl StepSpans {
    pub fn next_at(&self, i: usize) -> Position {
        self.next.get(i).copied().unwrap_or(self.id)
    }
}

/// A checked map: every lane and `next` id resolves, steps are reachable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Map {
    pub title: String,
    pub summary: Option<String>,
    pub notes: Option<String>,
    pub lanes: Vec<Lane>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    pub id: String,
    pub label: String,
    pub file: String,
    pub at: Position,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub id: String,
    pub lane: String,
    pub label: String,
    pub kind: StepKind,
    pub link: Option<String>,
    pub next: Vec<Next>,
    pub spans: StepSpans,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Next {
    pub to: String,
    pub label: Option<String>,
}

impl Map {
    /// Step positions by id; with repeated ids the first one wins.
    pub fn index_by_id(&self) -> std::collections::BTreeMap<&str, usize> {
        self.steps
            .iter()
            .enumerate()
            .rev()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect()
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    pub fn lane_index(&self, id: &str) -> Option<usize> {
        self.lanes.iter().position(|l| l.id == id)
    }

    pub fn lane_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.lanes
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.label.as_str())
            .unwrap_or(id)
    }

    /// A one-sentence description for `<desc>` and screen readers.
    pub fn description(&self) -> String {
        match self.summary.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => s.to_string(),
            _ => format!(
                "{}: a process map of {} steps across {} lanes.",
                self.title,
                self.steps.len(),
                self.lanes.len()
            ),
        }
    }
}

impl StepDef {
    /// Converts to a [`Step`], reporting a missing lane.
    pub(super) fn to_step(&self, out: &mut Vec<Diagnostic>) -> Option<Step> {
        let Some(lane) = self.lane.clone().filter(|l| !l.trim().is_empty()) else {
            out.push(
                Diagnostic::error(
                    &self.spans.file,
                    self.spans.id,
                    format!("step `{}` has no lane", self.id),
                )
                .with_hint("add `lane: <lane id>` naming who does this step"),
            );
            return None;
        };
        Some(Step {
            id: self.id.clone(),
            lane,
            label: self.label.clone(),
            kind: self.kind,
            link: self.link.clone().filter(|l| !l.trim().is_empty()),
            next: self.next.iter().map(NextDef::to_next).collect(),
            spans: self.spans.clone(),
        })
    }
}

impl LaneDef {
    pub(super) fn to_lane(&self, file: &str) -> Lane {
        Lane {
            id: self.id.clone(),
            label: self.label.clone(),
            file: file.to_string(),
            at: self.at,
        }
    }
}
