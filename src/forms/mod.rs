//! Forms: referral forms and pink slips, from YAML to accessible HTML.
//!
//! Practitioners fill these in on a court-room tablet or print them blank,
//! so a form must be a complete, printable page without JavaScript and a
//! better one with it (see `static/parts/forms/`). The answers are personal
//! data: the engine never sends them anywhere and never writes them to
//! browser storage, which on `file://` every local page shares. This module
//! only turns one YAML file into a checked [`Form`], renders it, and
//! describes the difference between two versions for the change log.
//!
//! - [`model`]: the typed YAML shape (strict: unknown keys are errors);
//! - [`validate`]: whole-form checks, each placed at a file and line;
//! - [`render`]: the HTML, following GOV.UK form patterns;
//! - [`diff`]: field-level changes between two versions, in plain words.

pub mod diff;
pub mod model;
pub mod pages;
pub mod render;
pub mod validate;

#[cfg(test)]
mod tests;

pub use diff::{diff_forms, render_diff_html, FieldChange};
pub use model::{Field, FieldOption, FieldType, Form, Section, ShowIf};
pub use render::render_form_html;

use crate::diagnostics::Diagnostic;
use crate::yaml::{self, Origin};

/// Parses and checks one form file. `id` is the form's id (its file or
/// folder name), used to tell saved answers of one form from another's.
/// Returns every problem found, not just the first.
pub fn parse_form(text: &str, origin: Origin<'_>, id: &str) -> Result<Form, Vec<Diagnostic>> {
    let mut form: Form = yaml::parse(text, origin).map_err(|d| vec![d])?;
    form.id = id.to_string();
    let problems = validate::validate(&form, text, origin);
    if problems.is_empty() {
        Ok(form)
    } else {
        Err(problems)
    }
}
