//! The typed shape of a form file (`content/forms/<id>.yaml`).
//!
//! Every struct denies unknown keys, so a misspelt key is a build error with
//! a "did you mean" hint from `crate::yaml` rather than a silently missing
//! question. A few values are accepted more loosely than serde's defaults
//! because authors write them loosely: an option may be a bare string or a
//! `{value, label}` pair, and a scalar such as `equals: 3` or `options: [1, 2]`
//! is read as the text the author typed. Checks that need the whole form
//! (duplicate ids, conditions that can never hold) live in `validate`.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// One form: an introduction and its questions, grouped into sections.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// The form's id (its file or folder name); set by the loader, not the YAML.
    #[serde(skip)]
    pub id: String,
    /// The version being shown, for versioned forms; set by the build.
    #[serde(skip)]
    pub shown_version: Option<String>,
    /// Status and dates of this version, in a versioned form's folder.
    #[serde(default)]
    pub version: Option<crate::versioning::VersionMeta>,
    pub title: String,
    /// Why the form exists.
    pub purpose: String,
    /// Who completes it, and when.
    pub who: String,
    /// Where the answers go and what is never kept.
    pub privacy: String,
    pub sections: Vec<Section>,
}

/// A titled group of questions, shown as a `<fieldset>`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub fields: Vec<Field>,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: String,
    #[serde(deserialize_with = "scalar_text")]
    pub label: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    #[serde(default, deserialize_with = "optional_scalar_text")]
    pub hint: Option<String>,
    #[serde(default)]
    pub required: bool,
    /// `None` when the key is absent, so "missing" and "empty" read differently.
    #[serde(default)]
    pub options: Option<Vec<FieldOption>>,
    #[serde(default)]
    pub show_if: Option<ShowIf>,
    /// Smallest allowed answer (number fields only).
    #[serde(default)]
    pub min: Option<f64>,
    /// Largest allowed answer (number fields only).
    #[serde(default)]
    pub max: Option<f64>,
}

/// The kinds of question; YAML spells them in kebab case (`yes-no`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldType {
    Text,
    Textarea,
    Date,
    Number,
    Email,
    Select,
    Radios,
    Checkboxes,
    YesNo,
}

impl FieldType {
    /// The spelling authors use, for messages and data attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Textarea => "textarea",
            FieldType::Date => "date",
            FieldType::Number => "number",
            FieldType::Email => "email",
            FieldType::Select => "select",
            FieldType::Radios => "radios",
            FieldType::Checkboxes => "checkboxes",
            FieldType::YesNo => "yes-no",
        }
    }

    /// Types whose answers come from an author-written `options` list.
    pub fn needs_options(self) -> bool {
        matches!(
            self,
            FieldType::Select | FieldType::Radios | FieldType::Checkboxes
        )
    }

    /// Types shown as a group of radios or checkboxes in a nested fieldset.
    pub fn is_choice_group(self) -> bool {
        matches!(
            self,
            FieldType::Radios | FieldType::Checkboxes | FieldType::YesNo
        )
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One answer a choice question offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldOption {
    /// What is saved and compared by `show_if`.
    pub value: String,
    /// What the reader sees.
    pub label: String,
}

/// Show a question only when an earlier question has a given answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowIf {
    pub field: String,
    #[serde(deserialize_with = "scalar_text")]
    pub equals: String,
}

impl Field {
    /// The answers this question can take: its options, or yes/no.
    pub fn choices(&self) -> Vec<FieldOption> {
        match self.kind {
            FieldType::YesNo => vec![
                FieldOption {
                    value: "yes".into(),
                    label: "Yes".into(),
                },
                FieldOption {
                    value: "no".into(),
                    label: "No".into(),
                },
            ],
            _ => self.options.clone().unwrap_or_default(),
        }
    }
}

impl Form {
    /// Every field in reading order, with the section that holds it.
    pub fn fields(&self) -> impl Iterator<Item = (&Section, &Field)> {
        self.sections
            .iter()
            .flat_map(|s| s.fields.iter().map(move |f| (s, f)))
    }

    /// The field with this id, if any.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields().map(|(_, f)| f).find(|f| f.id == id)
    }
}

/// The `{value, label}` spelling of an option.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionSpec {
    #[serde(deserialize_with = "scalar_text")]
    value: String,
    #[serde(default, deserialize_with = "optional_scalar_text")]
    label: Option<String>,
}

impl<'de> Deserialize<'de> for FieldOption {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OptionVisitor;
        impl<'de> Visitor<'de> for OptionVisitor {
            type Value = FieldOption;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an option: text, or {value, label}")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FieldOption, A::Error> {
                let spec = OptionSpec::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(FieldOption {
                    label: spec.label.unwrap_or_else(|| spec.value.clone()),
                    value: spec.value,
                })
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldOption, E> {
                Ok(FieldOption {
                    value: v.to_string(),
                    label: v.to_string(),
                })
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<FieldOption, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FieldOption, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FieldOption, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<FieldOption, E> {
                self.visit_str(&v.to_string())
            }
        }
        deserializer.deserialize_any(OptionVisitor)
    }
}

/// Reads any YAML scalar as the text the author wrote (`3`, `true`, `no`).
struct ScalarText;

impl<'de> Visitor<'de> for ScalarText {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

fn scalar_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(ScalarText)
}

fn optional_scalar_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_any(ScalarText).map(Some)
}
