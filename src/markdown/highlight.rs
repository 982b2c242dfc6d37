//! Syntax highlighting of fenced code with syntect, using bat's syntax
//! collection (`two-face`), which covers what documentation is written in
//! (console sessions, TOML, Dockerfiles, PowerShell, SCSS, Terraform…).
//! syntect runs on Oniguruma: bat's PowerShell grammar (and a few others)
//! needs regex features the pure-Rust engine lacks.
//!
//! Highlighting emits CSS classes (`hl-keyword`, …), never inline styles:
//! the pages' Content-Security-Policy forbids style attributes. The syntax
//! definitions take tens of milliseconds to load, so they are loaded once,
//! on the first page that has a fenced block with a language, and never for
//! a site without code.
//!
//! Highlighting a line is a pure function of the line and the parser's
//! state before it, and documentation repeats lines (the same keys of a
//! config snippet, the same commands), so each line's result is kept by its
//! text and state (`lines::LineCache`): output is the same, the regexes run
//! once per distinct line.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::escape_html;

mod lines;

pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
    /// Tells this highlighter's cached lines from another's (see `lines`).
    id: u64,
}

impl Default for Highlighter {
    fn default() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        Highlighter {
            syntaxes: OnceLock::new(),
            id: NEXT.fetch_add(1, Ordering::Relaxed),
        }
    }
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
        let syntaxes = self.syntaxes.get_or_init(two_face::syntax::extra_newlines);
        let syntax = find_syntax(syntaxes, lang)?;
        // What syntect's `ClassedHTMLGenerator` does, a line at a time
        // through the cache: the parser's state and the open scopes carry
        // from line to line, and spans still open at the end are closed.
        let mut state = ParseState::new(syntax);
        let mut scopes = ScopeStack::new();
        let mut html = String::with_capacity(code.len() * 3);
        let mut open_spans = 0isize;
        lines::with_cache(self.id, |cache| {
            for line in LinesWithEndings::from(code) {
                open_spans += cache.line(line, &mut state, &mut scopes, syntaxes, &mut html)?;
            }
            Some(())
        })?;
        for _ in 0..open_spans {
            html.push_str("</span>");
        }
        Some(html)
    }
}

/// The syntax for a fence's language: by file extension or name (as
/// syntect does), after mapping the names writers use that are neither.
fn find_syntax<'a>(syntaxes: &'a SyntaxSet, lang: &str) -> Option<&'a SyntaxReference> {
    let lower = lang.to_ascii_lowercase();
    let token = match lower.as_str() {
        // Shell sessions: bat has no session grammar; prompts read as shell.
        "console" | "shell" | "shell-session" | "shellsession" | "sh" | "zsh" | "terminal" => {
            "bash"
        }
        "powershell" | "pwsh" | "ps" => "ps1",
        "terraform" | "hcl" => "tf",
        "docker" | "containerfile" => "dockerfile",
        "golang" => "go",
        "jsonc" | "json5" => "json",
        "text" | "txt" | "plain" | "plaintext" | "none" => return None,
        other => other,
    };
    syntaxes
        .find_syntax_by_token(token)
        .or_else(|| syntaxes.find_syntax_by_extension(token))
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

    #[test]
    fn languages_of_documentation_are_highlighted() {
        let h = Highlighter::new();
        let samples = [
            ("console", "$ cargo build --release\n"),
            ("shell", "export PATH=\"$HOME/bin:$PATH\"\n"),
            ("sh", "if [ -f x ]; then echo hi; fi\n"),
            ("bash", "for f in *.md; do echo \"$f\"; done\n"),
            ("toml", "[package]\nname = \"x\"\n"),
            ("dockerfile", "FROM debian:stable\nRUN apt-get update\n"),
            ("Dockerfile", "FROM debian:stable\n"),
            ("scss", "$c: red;\n.a { .b { color: $c; } }\n"),
            (
                "terraform",
                "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n",
            ),
            ("rust", "fn main() { let x = 1; }\n"),
            ("python", "def f(x):\n    return x\n"),
            ("js", "const a = () => 1;\n"),
            ("yaml", "a: [1, 2]\n"),
            ("json", "{\"a\": 1}\n"),
            ("html", "<p class=\"x\">t</p>\n"),
            ("css", "p { color: red; }\n"),
            ("sql", "SELECT a FROM t WHERE b = 1;\n"),
            ("diff", "-a\n+b\n"),
            ("ini", "[a]\nb=c\n"),
            // bat's PowerShell grammar needs Oniguruma's regex features
            // (the pure-Rust engine cannot run it).
            (
                "powershell",
                "Get-ChildItem -Path C:\\ | Where-Object { $_.Length -gt 1kb }\n",
            ),
            ("pwsh", "$x = 1; Write-Host $x\n"),
        ];
        for (lang, code) in samples {
            let html = h.code_block(lang, code);
            // More than the one class every known language gets (`hl-source`).
            let classes = html.matches("class=\"hl-").count();
            assert!(classes >= 2, "{lang} was not highlighted: {html}");
            assert!(!html.contains("style="), "{html}");
        }
        assert!(!h.code_block("text", "a = 1").contains("hl-"));
    }
}
