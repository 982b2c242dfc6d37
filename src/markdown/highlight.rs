//! Syntax highlighting of fenced code with syntect.
//!
//! Highlighting emits CSS classes (`hl-keyword`, …), never inline styles:
//! the pages' Content-Security-Policy forbids style attributes. The syntax
//! definitions take tens of milliseconds to load, so they are loaded once,
//! on the first page that has a fenced block with a language, and never for
//! a site without code.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::escape_html;

#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
}

impl Highlighter {
    pub fn new() -> Self {
        Self::default()
    }

    /// The HTML for one fenced block: `<pre><code>` with highlight classes
    /// when the language is known, plain escaped text otherwise.
    pub fn code_block(&self, lang: &str, code: &str) -> String {
        let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
        let body = if lang.is_empty() {
            None
        } else {
            self.highlight(lang, code)
        };
        let body = body.unwrap_or_else(|| escape_html(code));
        // A long line scrolls inside the block, so the block is a labelled
        // region the keyboard can reach (WCAG 2.1.1 and 1.4.10).
        const PRE: &str = "<pre class=\"wm-code\" tabindex=\"0\" role=\"region\" aria-label=\"Code (scrolls sideways)\">";
        if lang.is_empty() {
            format!("{PRE}<code>{body}</code></pre>\n")
        } else {
            format!(
                "{PRE}<code class=\"language-{}\">{body}</code></pre>\n",
                escape_html(lang)
            )
        }
    }

    fn highlight(&self, lang: &str, code: &str) -> Option<String> {
        let syntaxes = self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines);
        let syntax = syntaxes.find_syntax_by_token(lang)?;
        let mut generator = ClassedHTMLGenerator::new_with_class_style(
            syntax,
            syntaxes,
            ClassStyle::SpacedPrefixed { prefix: "hl-" },
        );
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_unknown_gets_escaped_text() {
        let h = Highlighter::new();
        let yaml = h.code_block("yaml", "title: <b>\n");
        assert!(yaml.contains("class=\"language-yaml\""));
        assert!(yaml.contains("hl-"), "{yaml}");
        assert!(yaml.contains("&lt;b&gt;"));
        assert!(!yaml.contains("style="));
        assert!(
            yaml.starts_with("<pre class=\"wm-code\" tabindex=\"0\" role=\"region\" aria-label=")
        );
        let plain = h.code_block("no-such-language", "<x>");
        assert!(plain.contains("&lt;x&gt;"));
    }
}
