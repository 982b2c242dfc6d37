//! Highlighted lines, kept by their text and the parser's state before them.
//!
//! syntect highlights a line from two things only: the line's text and the
//! state the lines before it left (the parser's context stack and the
//! scopes still open). Given the same pair it gives the same HTML and the
//! same next state, so a line seen before in that state is taken from here
//! instead of running the grammar's regexes again. On the benchmark corpus
//! 17,820 lines of YAML are 127 distinct lines.
//!
//! The cache is per thread: syntect's parser state holds Oniguruma capture
//! regions, which may not cross threads. Each thread's cache belongs to one
//! `Highlighter` at a time (its syntax set's context ids are what a state
//! means) and stops growing at a fixed size, so memory stays bounded on a
//! site whose code never repeats.

use std::cell::RefCell;
use std::collections::HashMap;

use syntect::html::{line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};

/// The classes every highlighted token gets (`hl-keyword`, …).
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Most bytes of line text and HTML one thread keeps.
const MAX_BYTES: usize = 8 << 20;

/// One line highlighted from one state.
struct Highlighted {
    state: ParseState,
    scopes: ScopeStack,
    html: String,
    /// Spans this line opens minus those it closes.
    open_delta: isize,
    next_state: ParseState,
    next_scopes: ScopeStack,
}

#[derive(Default)]
pub(super) struct LineCache {
    /// The highlighter whose lines these are.
    owner: Option<u64>,
    /// By line text, every state it was highlighted from.
    lines: HashMap<String, Vec<Highlighted>>,
    bytes: usize,
}

thread_local! {
    static CACHE: RefCell<LineCache> = RefCell::new(LineCache::default());
}

/// Runs `f` with this thread's cache for the highlighter `owner`, emptied
/// first if it held another highlighter's lines.
pub(super) fn with_cache<T>(owner: u64, f: impl FnOnce(&mut LineCache) -> T) -> T {
    CACHE.with_borrow_mut(|cache| {
        if cache.owner != Some(owner) {
            *cache = LineCache {
                owner: Some(owner),
                ..LineCache::default()
            };
        }
        f(cache)
    })
}

impl LineCache {
    /// Appends the HTML of `line` (which ends with its newline) to `html`,
    /// moving `state` and `scopes` past it; returns the change in open
    /// spans. `None` when syntect fails on the line.
    pub(super) fn line(
        &mut self,
        line: &str,
        state: &mut ParseState,
        scopes: &mut ScopeStack,
        syntaxes: &SyntaxSet,
        html: &mut String,
    ) -> Option<isize> {
        let seen = self.lines.get(line).and_then(|states| {
            states
                .iter()
                .find(|h| h.state == *state && h.scopes == *scopes)
        });
        if let Some(seen) = seen {
            html.push_str(&seen.html);
            state.clone_from(&seen.next_state);
            scopes.clone_from(&seen.next_scopes);
            return Some(seen.open_delta);
        }
        let before = (self.bytes < MAX_BYTES).then(|| (state.clone(), scopes.clone()));
        let ops = state.parse_line(line, syntaxes).ok()?;
        let (line_html, open_delta) =
            line_tokens_to_classed_spans(line, &ops, STYLE, scopes).ok()?;
        html.push_str(&line_html);
        if let Some((state_before, scopes_before)) = before {
            self.bytes += line.len() + line_html.len();
            self.lines
                .entry(line.to_string())
                .or_default()
                .push(Highlighted {
                    state: state_before,
                    scopes: scopes_before,
                    html: line_html,
                    open_delta,
                    next_state: state.clone(),
                    next_scopes: scopes.clone(),
                });
        }
        Some(open_delta)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Highlighter;
    use syntect::html::ClassedHTMLGenerator;
    use syntect::util::LinesWithEndings;

    /// What syntect's own generator makes of `code`: the cache must give
    /// exactly this, whether its lines were seen before or not.
    fn uncached(h: &Highlighter, lang: &str, code: &str) -> String {
        let syntaxes = h.syntaxes.get_or_init(two_face::syntax::extra_newlines);
        let syntax = super::super::find_syntax(syntaxes, lang).unwrap();
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, super::STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .unwrap();
        }
        generator.finalize()
    }

    #[test]
    fn cached_lines_give_what_syntect_gives() {
        let h = Highlighter::new();
        // Repeated lines in different states: inside a block scalar, a
        // heredoc, a comment and a string that span lines, and unclosed at
        // the end.
        let samples = [
            ("yaml", "a: 1\nb: |\n  a: 1\n  b: 2\nc: 1\na: 1\n"),
            ("yaml", "a: 1\nb: >\n  a: 1\na: 1\n"),
            (
                "bash",
                "cat <<EOF\necho hi\nEOF\necho hi\ncat <<END\necho hi\nEND\n",
            ),
            (
                "rust",
                "/* a\nlet x = 1;\n*/\nlet x = 1;\n\"a\nlet x = 1;\n",
            ),
            ("python", "s = \"\"\"\nx = 1\n\"\"\"\nx = 1\n"),
            ("html", "<p>\n<script>\nlet x = 1;\n</script>\nlet x = 1;\n"),
            ("yaml", "key: \"unclosed\n  more\n"),
        ];
        for _ in 0..2 {
            for (lang, code) in samples {
                assert_eq!(
                    h.highlight(lang, code).unwrap(),
                    uncached(&h, lang, code),
                    "{lang}: {code:?}"
                );
            }
        }
    }
}
