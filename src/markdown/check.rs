//! Knowledge checks: a fenced block whose language is `check`.
//!
//! ````markdown
//! ```check
//! question: What does "suitable" tell the court?
//! options:
//!   - The person will certainly complete the order
//!   - The person meets the criteria and the service is available
//! answer: 2
//! explanation: Suitability means ...
//! hint: Think about what the assessment covers.   # optional
//! ```
//! ````
//!
//! The block is strict YAML (unknown keys are errors with a "did you mean"),
//! checked here, and drawn as a radio group in a fieldset whose legend is the
//! question. The answer and explanation sit in a `<details>` that works
//! without JavaScript; `checks.js` adds a "Check answer" button that gives
//! instant feedback in a live region. Nothing is stored anywhere.
//!
//! Ids come from the line of the opening fence in the source file
//! (`wm-check-12`), so they are unique within a page even when the page is
//! rendered in several pieces (a site's pathway page), and stable while the
//! text above the block does not change.

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Position};
use crate::markdown::escape_html;
use crate::yaml::{self, Scalar};

/// The fenced-block language that makes a knowledge check.
pub const LANGUAGE: &str = "check";
pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 5;

/// A knowledge check as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    question: String,
    /// Scalars, so `- 12` or `- True` are options too, not type errors.
    options: Vec<Scalar>,
    /// 1-based number of the correct option.
    answer: usize,
    #[serde(default)]
    explanation: Option<String>,
    #[serde(default)]
    hint: Option<String>,
}

/// A checked knowledge check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub question: String,
    pub options: Vec<String>,
    /// 1-based, within `1..=options.len()`.
    pub answer: usize,
    pub explanation: Option<String>,
    pub hint: Option<String>,
}

impl Check {
    /// The text of the correct option.
    pub fn correct(&self) -> &str {
        &self.options[self.answer - 1]
    }
}

/// Parses and checks a block's text. `fence` is where the opening fence
/// is in `file`, so every position points into the Markdown file (a block
/// indented in a list keeps its columns). Errors stop the check from
/// rendering; warnings (no explanation) do not.
pub fn parse(text: &str, file: &str, fence: Position) -> (Option<Check>, Vec<Diagnostic>) {
    let indent = fence.column.saturating_sub(1);
    let (check, mut diags) = parse_block(text, file, fence);
    for d in &mut diags {
        if d.position.line > fence.line {
            d.position.column += indent;
        }
    }
    (check, diags)
}

fn parse_block(text: &str, file: &str, fence: Position) -> (Option<Check>, Vec<Diagnostic>) {
    let first_line = fence.line + 1;
    let spec: Spec = match yaml::parse(text, yaml::Origin { file, first_line }) {
        Ok(spec) => spec,
        Err(mut d) => {
            // A missing key has no place of its own: point at the block.
            if let Some(key) = d
                .message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
            {
                let hint = match key {
                    "question" => "add `question:` with the question to ask".to_string(),
                    "options" => "add `options:` with 2 to 5 `- ` lines".to_string(),
                    "answer" => {
                        "add `answer:` with the number of the correct option, counting from 1"
                            .to_string()
                    }
                    _ => format!("add `{key}:`"),
                };
                d.message = format!("this check has no `{key}`");
                d.position = fence;
                d.hint = Some(hint);
            }
            return (None, vec![d]);
        }
    };
    let at = |(line, column): (usize, usize)| Position::new(first_line + line, column);
    let key = |name: &str| at(key_position(text, name).unwrap_or((0, 1)));
    let mut errors = Vec::new();

    let question = spec.question.trim().to_string();
    if question.is_empty() {
        errors.push(
            Diagnostic::error(file, key("question"), "the check's question is empty")
                .with_hint("write the question the reader should answer"),
        );
    }

    let options: Vec<String> = spec.options.iter().map(option_text).collect();
    let items = item_positions(text, "options");
    let item = |i: usize| items.get(i).copied().map(at).unwrap_or(key("options"));
    if options.len() < MIN_OPTIONS {
        errors.push(
            Diagnostic::error(
                file,
                key("options"),
                format!(
                    "a check needs at least {MIN_OPTIONS} options; this one has {}",
                    options.len()
                ),
            )
            .with_hint("list the options under `options:`, one `- ` line each"),
        );
    } else if options.len() > MAX_OPTIONS {
        errors.push(
            Diagnostic::error(
                file,
                item(MAX_OPTIONS),
                format!(
                    "a check has at most {MAX_OPTIONS} options; this one has {}",
                    options.len()
                ),
            )
            .with_hint("keep the options the reader can hold in mind at once"),
        );
    }
    for (i, option) in options.iter().enumerate() {
        if option.is_empty() {
            errors.push(Diagnostic::error(
                file,
                item(i),
                format!("option {} is empty", i + 1),
            ));
        } else if let Some(first) = options[..i]
            .iter()
            .position(|o| o.to_lowercase() == option.to_lowercase())
        {
            errors.push(
                Diagnostic::error(
                    file,
                    item(i),
                    format!("option {} repeats option {}: `{option}`", i + 1, first + 1),
                )
                .with_hint("every option must be different"),
            );
        }
    }

    if !(1..=options.len()).contains(&spec.answer) {
        errors.push(
            Diagnostic::error(
                file,
                key("answer"),
                format!(
                    "`answer: {}` is not one of the options (there are {})",
                    spec.answer,
                    options.len()
                ),
            )
            .with_hint(format!(
                "`answer` is the number of the correct option, counting from 1 (1 to {})",
                options.len().max(1)
            )),
        );
    }

    let text_of = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let explanation = text_of(spec.explanation);
    if !errors.is_empty() {
        return (None, errors);
    }
    let mut warnings = Vec::new();
    if explanation.is_none() {
        warnings.push(
            Diagnostic::warning(file, fence, "this check has no explanation").with_hint(
                "add `explanation:` saying why the answer is right: it is what readers learn from",
            ),
        );
    }
    (
        Some(Check {
            question,
            options,
            answer: spec.answer,
            explanation,
            hint: text_of(spec.hint),
        }),
        warnings,
    )
}

fn option_text(scalar: &Scalar) -> String {
    match scalar {
        // YAML reads `- True` as a boolean; show it as written in a sentence.
        Scalar::Bool(true) => "True".into(),
        Scalar::Bool(false) => "False".into(),
        other => other.to_string().trim().to_string(),
    }
}

/// Line index (from 0) and column of a top-level `key:` in the block.
fn key_position(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let rest = line.trim_start();
        let indent = line.len() - rest.len();
        (indent == 0 && rest.strip_prefix(key)?.trim_start().starts_with(':'))
            .then_some((i, indent + 1))
    })
}

/// Positions of the `- ` items under `key:`, in order (empty for a flow
/// list such as `[a, b]`, whose items are reported at the key).
fn item_positions(text: &str, key: &str) -> Vec<(usize, usize)> {
    let Some((start, _)) = key_position(text, key) else {
        return Vec::new();
    };
    let mut items = Vec::new();
    for (i, line) in text.lines().enumerate().skip(start + 1) {
        let rest = line.trim_start();
        let indent = line.len() - rest.len();
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if rest == "-" || rest.starts_with("- ") {
            items.push((i, indent + 1));
        } else if indent == 0 {
            break; // the next key
        }
        // Otherwise a continuation line of a long option.
    }
    items
}

/// The HTML of a check. `line` (the opening fence's line) makes its ids.
pub fn html(check: &Check, line: usize) -> String {
    let id = format!("wm-check-{line}");
    let mut out = String::with_capacity(1024);
    out.push_str(&format!(
        "<section class=\"wm-check\" aria-labelledby=\"{id}-q\" data-wm-check data-wm-answer=\"{}\">\n",
        check.answer
    ));
    match &check.hint {
        Some(_) => out.push_str(&format!(
            "<fieldset class=\"wm-check__fieldset\" aria-describedby=\"{id}-hint\">\n"
        )),
        None => out.push_str("<fieldset class=\"wm-check__fieldset\">\n"),
    }
    out.push_str(&format!(
        "<legend class=\"wm-check__question\" id=\"{id}-q\">{}</legend>\n",
        escape_html(&check.question)
    ));
    if let Some(hint) = &check.hint {
        out.push_str(&format!(
            "<p class=\"wm-check__hint\" id=\"{id}-hint\">{}</p>\n",
            escape_html(hint)
        ));
    }
    out.push_str("<div class=\"wm-check__options\">\n");
    for (i, option) in check.options.iter().enumerate() {
        let n = i + 1;
        out.push_str(&format!(
            "<div class=\"wm-check__option\"><input class=\"wm-check__input\" type=\"radio\" name=\"{id}\" id=\"{id}-{n}\" value=\"{n}\"><label class=\"wm-check__label\" for=\"{id}-{n}\">{}</label></div>\n",
            escape_html(option)
        ));
    }
    out.push_str("</div>\n</fieldset>\n");
    out.push_str("<p class=\"wm-check__actions\"><button type=\"button\" class=\"wm-button wm-check__button\" data-wm-check-button hidden>Check answer</button></p>\n");
    out.push_str(&format!(
        "<p class=\"wm-check__feedback\" id=\"{id}-feedback\" role=\"status\"></p>\n"
    ));
    out.push_str("<details class=\"wm-details wm-check__answer\"><summary class=\"wm-details__summary\">Show the answer</summary><div class=\"wm-details__text\">\n");
    out.push_str(&format!(
        "<p class=\"wm-check__correct\"><strong>Answer:</strong> {}</p>\n",
        escape_html(check.correct())
    ));
    if let Some(explanation) = &check.explanation {
        out.push_str(&format!(
            "<p class=\"wm-check__explanation\">{}</p>\n",
            escape_html(explanation)
        ));
    }
    out.push_str("</div></details>\n</section>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "question: What does suitable tell the court?\noptions:\n  - The person will certainly complete the order\n  - The person meets the criteria & treatment is available\nanswer: 2\nexplanation: Suitability means <this>.\n";

    fn parse_at(text: &str) -> (Option<Check>, Vec<Diagnostic>) {
        // As if the fence were on line 20 of the file.
        parse(text, "content/a.md", Position::new(20, 1))
    }

    fn only_error(text: &str) -> Diagnostic {
        let (check, diags) = parse_at(text);
        assert!(check.is_none(), "{check:?}");
        assert_eq!(diags.len(), 1, "{diags:#?}");
        diags.into_iter().next().unwrap()
    }

    #[test]
    fn a_good_check_parses() {
        let (check, diags) = parse_at(GOOD);
        assert!(diags.is_empty(), "{diags:?}");
        let check = check.unwrap();
        assert_eq!(check.options.len(), 2);
        assert_eq!(check.answer, 2);
        assert_eq!(
            check.correct(),
            "The person meets the criteria & treatment is available"
        );
        assert_eq!(check.hint, None);
    }

    #[test]
    fn missing_keys_are_errors_at_the_fence() {
        // "answer" in the question must not be taken for the missing key.
        let d = only_error("question: What is the answer?\noptions: [a, b]\n");
        assert_eq!(d.message, "this check has no `answer`");
        assert_eq!(d.file, "content/a.md");
        assert_eq!(d.position, Position::new(20, 1));
        assert!(d.hint.unwrap().contains("counting from 1"));
        let d = only_error("options: [a, b]\nanswer: 1\n");
        assert_eq!(d.message, "this check has no `question`");
    }

    #[test]
    fn an_indented_block_keeps_its_columns() {
        let (_, diags) = parse(
            "question: Q?\noptions: [a, b]\nanswer: 3\n",
            "content/a.md",
            Position::new(10, 3),
        );
        assert_eq!(diags[0].position, Position::new(13, 3));
    }

    #[test]
    fn unknown_keys_suggest_the_right_one() {
        let d = only_error("question: Q?\noptions: [a, b]\nanswer: 1\nexplaination: x\n");
        assert!(d.message.contains("unknown field `explaination`"));
        assert_eq!(d.position, Position::new(24, 1));
        assert!(d.hint.unwrap().contains("did you mean `explanation`"));
    }

    #[test]
    fn answer_out_of_range_points_at_the_answer_line() {
        let d = only_error("question: Q?\noptions:\n  - a\n  - b\nanswer: 3\nexplanation: x\n");
        assert_eq!(d.position, Position::new(25, 1));
        assert!(d.message.contains("`answer: 3`"), "{}", d.message);
        assert!(d.hint.unwrap().contains("1 to 2"));
        let d = only_error("question: Q?\noptions: [a, b]\nanswer: 0\nexplanation: x\n");
        assert_eq!(d.position.line, 23);
    }

    #[test]
    fn a_negative_or_wordy_answer_is_a_type_error_at_its_line() {
        let d = only_error("question: Q?\noptions: [a, b]\nanswer: two\n");
        assert_eq!(d.position.line, 23, "{d:?}");
    }

    #[test]
    fn fewer_than_two_options() {
        let d = only_error("question: Q?\noptions:\n  - only one\nanswer: 1\nexplanation: x\n");
        assert_eq!(d.position, Position::new(22, 1));
        assert!(d.message.contains("at least 2"), "{}", d.message);
    }

    #[test]
    fn more_than_five_options_points_at_the_sixth() {
        let d = only_error(
            "question: Q?\noptions:\n  - a\n  - b\n  - c\n  - d\n  - e\n  - f\nanswer: 1\nexplanation: x\n",
        );
        assert_eq!(d.position, Position::new(28, 3));
        assert!(d.message.contains("at most 5"));
    }

    #[test]
    fn duplicate_options_point_at_the_repeat() {
        let d = only_error(
            "question: Q?\noptions:\n  - Yes\n  - No\n  - yes\nanswer: 1\nexplanation: x\n",
        );
        assert_eq!(d.position, Position::new(25, 3));
        assert!(
            d.message.contains("option 3 repeats option 1"),
            "{}",
            d.message
        );
    }

    #[test]
    fn several_problems_are_reported_together() {
        let (check, diags) = parse_at("question: ''\noptions:\n  - a\n  - a\nanswer: 4\n");
        assert!(check.is_none());
        assert_eq!(diags.len(), 3, "{diags:#?}");
    }

    #[test]
    fn scalars_are_options_as_written() {
        let (check, _) = parse_at("question: Q?\noptions:\n  - True\n  - 12\nanswer: 1\n");
        assert_eq!(check.unwrap().options, ["True", "12"]);
    }

    #[test]
    fn no_explanation_is_a_warning_at_the_fence() {
        let (check, diags) = parse_at("question: Q?\noptions: [a, b]\nanswer: 1\n");
        assert!(check.is_some());
        assert_eq!(diags.len(), 1);
        assert!(!diags[0].is_error());
        assert_eq!(diags[0].position, Position::new(20, 1));
    }

    #[test]
    fn html_ties_labels_to_inputs_and_hides_the_answer_in_details() {
        let (check, _) = parse_at(GOOD);
        let html = html(&check.unwrap(), 20);
        assert!(html.starts_with("<section class=\"wm-check\" aria-labelledby=\"wm-check-20-q\""));
        assert!(html.contains("data-wm-answer=\"2\""));
        assert!(html.contains("<legend class=\"wm-check__question\" id=\"wm-check-20-q\">What does suitable tell the court?</legend>"));
        for n in 1..=2 {
            assert!(html.contains(&format!(
                "type=\"radio\" name=\"wm-check-20\" id=\"wm-check-20-{n}\" value=\"{n}\"><label class=\"wm-check__label\" for=\"wm-check-20-{n}\">"
            )));
        }
        assert!(html.contains("role=\"status\""));
        assert!(html.contains("data-wm-check-button hidden>Check answer</button>"));
        assert!(html.contains("<summary class=\"wm-details__summary\">Show the answer</summary>"));
        assert!(html.contains(
            "<strong>Answer:</strong> The person meets the criteria &amp; treatment is available"
        ));
        assert!(html.contains("Suitability means &lt;this&gt;."));
    }

    #[test]
    fn a_hint_describes_the_fieldset() {
        let (check, _) = parse_at("question: Q?\noptions: [a, b]\nanswer: 1\nhint: Think.\n");
        let html = html(&check.unwrap(), 3);
        assert!(html.contains(
            "<fieldset class=\"wm-check__fieldset\" aria-describedby=\"wm-check-3-hint\">"
        ));
        assert!(html.contains("<p class=\"wm-check__hint\" id=\"wm-check-3-hint\">Think.</p>"));
    }
}
