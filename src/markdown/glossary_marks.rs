//! Glossary abbreviations marked on their first use on each page.
//!
//! Every glossary term with an `expansion` (RAG, GP, L&D…) and every alias
//! of such a term that is itself an abbreviation (BRR for BBR) is looked for
//! in a page's text. Its first use on the page becomes
//!
//! ```html
//! <span class="wm-term">
//!   <a class="wm-term__link" href="../glossary.html#rag" aria-describedby="wm-term-rag">
//!     <abbr class="wm-abbr" title="Red, amber, green">RAG</abbr>
//!     <span class="wm-visually-hidden"> (Red, amber, green)</span>
//!   </a>
//!   <span class="wm-term__tip" role="tooltip">
//!     <span class="wm-term__expansion">Red, amber, green</span>
//!     <span class="wm-term__definition" id="wm-term-rag">First sentence of the definition.</span>
//!   </span>
//! </span>
//! ```
//!
//! (one line in the output). The link is keyboard-reachable and leads to the
//! entry; the tooltip shows on hover and on focus with CSS alone; a screen
//! reader reads the expansion inline, in reading order, and the definition
//! as the link's description. A term whose abbreviation is ambiguous
//! (`ambiguity:`) also shows a visible "(ambiguous)" inside the link, with
//! the note in the tooltip; like the mark itself, only on first use.
//!
//! Rules: case-sensitive whole words (letters, digits and `_` are word
//! characters; `RAG-based` and `RAG/GP` count, `XRAG` does not); a
//! plural `s` after an abbreviation ending in a capital (`GPs`) counts as a
//! use and stays inside the link, outside the `<abbr>`; the longest term
//! wins where two overlap. Never inside links, images, headings, tables (the
//! table's scrolling wrapper would clip the tooltip), code, raw HTML
//! (including an author's own `<abbr>`), or generated blocks (maps, checks).
//!
//! [`GlossaryMatcher`] is built once per build (an Aho-Corasick automaton
//! over every pattern, cached in the `Glossary`) from each term's
//! [`MarkableTerm`], so this module needs nothing of `content`'s types; [`GlossaryMarks`] is one
//! page's view of it: the page-relative glossary URL and which terms the
//! page has marked so far, so a page rendered in several pieces (a site's
//! pathway page) still marks each term once.

use std::cell::RefCell;

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::slug::{slugify, Slugger};
use super::{escape_html, Slots};

/// Where the glossary page is, from the site root (see `tree`).
pub const GLOSSARY_URL: &str = "glossary.html";

/// Longest definition shown in a tooltip, in characters.
const MAX_SUMMARY_CHARS: usize = 200;

/// Every markable pattern of a glossary, ready to search any text.
#[derive(Debug, Clone, Default)]
pub struct GlossaryMatcher {
    automaton: Option<AhoCorasick>,
    /// Which term each pattern belongs to.
    owners: Vec<usize>,
    /// Whether each pattern ends in a capital, so a plural `s` may follow.
    pluralisable: Vec<bool>,
    terms: Vec<MarkTerm>,
}

#[derive(Debug, Clone)]
struct MarkTerm {
    anchor: String,
    /// Unique on every page: the id the link's description points at.
    tip_id: String,
    expansion: String,
    summary: String,
    ambiguity: Option<String>,
}

/// What marking reads of one glossary term. The glossary itself is
/// load-stage data (`content::glossary`), which sits above this module.
#[derive(Debug, Clone, Copy)]
pub struct MarkableTerm<'a> {
    pub term: &'a str,
    pub expansion: Option<&'a str>,
    pub definition: &'a str,
    pub aliases: &'a [String],
    pub ambiguity: Option<&'a str>,
}

impl GlossaryMatcher {
    pub fn new<'t>(terms: impl IntoIterator<Item = MarkableTerm<'t>>) -> Self {
        let mut matcher = GlossaryMatcher::default();
        let mut patterns: Vec<&str> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut ids = Slugger::new();
        for term in terms {
            let Some(expansion) = term.expansion.map(str::trim) else {
                continue;
            };
            if expansion.is_empty() {
                continue;
            }
            let index = matcher.terms.len();
            // The term's anchor on the glossary page, as `Term::anchor` makes it.
            let anchor = slugify(term.term);
            matcher.terms.push(MarkTerm {
                tip_id: ids.unique(&format!("wm-term-{anchor}")),
                anchor,
                expansion: expansion.to_string(),
                summary: summary(term.definition),
                ambiguity: term
                    .ambiguity
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string),
            });
            let own = std::iter::once(term.term).chain(
                term.aliases
                    .iter()
                    .map(String::as_str)
                    .filter(|a| is_abbreviation(a)),
            );
            for pattern in own.map(str::trim) {
                // Two terms claiming one alias is a glossary error; the first keeps it.
                if !pattern.is_empty() && seen.insert(pattern) {
                    patterns.push(pattern);
                    matcher.owners.push(index);
                    matcher
                        .pluralisable
                        .push(pattern.ends_with(|c: char| c.is_uppercase()));
                }
            }
        }
        if !patterns.is_empty() {
            matcher.automaton = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .ok();
        }
        matcher
    }

    /// No term to mark (no term has an expansion).
    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// Uses of terms in `text`, in order, as (start, end, term, plural):
    /// whole words, longest first where two overlap.
    fn find(&self, text: &str) -> Vec<(usize, usize, usize, bool)> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut candidates: Vec<(usize, usize, usize)> = automaton
            .find_overlapping_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
        candidates.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let mut found = Vec::new();
        let mut cursor = 0;
        for (start, end, pattern) in candidates {
            if start < cursor {
                continue;
            }
            if let Some(plural) = whole_word(text, start, end, self.pluralisable[pattern]) {
                found.push((start, end, self.owners[pattern], plural));
                cursor = end + usize::from(plural);
            }
        }
        found
    }
}

/// Whether an alias is an abbreviation worth marking: one word, at least
/// half of whose letters are capitals (`BRR`, `AUDIT-C`, `L&D`, `CoP`), as
/// opposed to a spelled-out form (`general practitioner`).
pub fn is_abbreviation(alias: &str) -> bool {
    let alias = alias.trim();
    if alias.is_empty() || alias.contains(char::is_whitespace) {
        return false;
    }
    let letters = alias.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = alias.chars().filter(|c| c.is_uppercase()).count();
    capitals > 0 && capitals * 2 >= letters
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `Some(plural)` if `text[start..end]` is a whole word, or is one with a
/// plural `s` after it (only when `pluralisable`).
fn whole_word(text: &str, start: usize, end: usize, pluralisable: bool) -> Option<bool> {
    if text[..start].chars().next_back().is_some_and(is_word_char) {
        return None;
    }
    let mut after = text[end..].chars();
    match after.next() {
        None => Some(false),
        Some(c) if !is_word_char(c) => Some(false),
        Some('s') if pluralisable && !after.next().is_some_and(is_word_char) => Some(true),
        _ => None,
    }
}

/// The first sentence of a definition, cut at a word if it is long.
fn summary(definition: &str) -> String {
    let text = definition.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut end = text.len();
    for (i, _) in text.match_indices(". ") {
        if text[i + 2..].starts_with(|c: char| c.is_uppercase()) {
            end = i + 1;
            break;
        }
    }
    let sentence = &text[..end];
    if sentence.chars().count() <= MAX_SUMMARY_CHARS {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(MAX_SUMMARY_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// One page's marking state.
#[derive(Debug)]
pub struct GlossaryMarks<'a> {
    matcher: &'a GlossaryMatcher,
    /// The glossary page, relative to this page (`../glossary.html`).
    glossary_url: String,
    /// Terms this page has marked already.
    marked: RefCell<Vec<bool>>,
}

impl<'a> GlossaryMarks<'a> {
    /// Marks for a page that reaches the glossary page at `glossary_url`
    /// (relative to the page).
    pub fn new(matcher: &'a GlossaryMatcher, glossary_url: impl Into<String>) -> Self {
        Self {
            matcher,
            glossary_url: glossary_url.into(),
            marked: RefCell::new(vec![false; matcher.terms.len()]),
        }
    }

    /// Marks for the page at `page_url` (from the site root) with the
    /// build's matcher, or `None` when there is no glossary, nothing to mark
    /// or the page is the glossary itself.
    pub fn for_page(matcher: Option<&'a GlossaryMatcher>, page_url: &str) -> Option<Self> {
        let matcher = matcher?;
        if matcher.is_empty() || page_url == GLOSSARY_URL {
            return None;
        }
        Some(Self::new(
            matcher,
            crate::urls::relative_url(page_url, GLOSSARY_URL),
        ))
    }

    fn all_marked(&self) -> bool {
        self.marked.borrow().iter().all(|&m| m)
    }

    /// Marks first uses in rendered events. Generated HTML goes into
    /// `slots`, out of the sanitiser's reach.
    pub(super) fn mark<'e>(&self, events: Vec<Event<'e>>, slots: &mut Slots) -> Vec<Event<'e>> {
        let mut out = Vec::with_capacity(events.len() + 8);
        // Links, images, headings and tables open: no marks inside.
        let mut closed = 0usize;
        // Raw HTML elements open.
        let mut raw = 0usize;
        let mut text: Option<CowStr<'e>> = None;
        for event in events {
            if let Event::Text(t) = event {
                // pulldown-cmark splits text at `&` and escapes: join it up
                // so `L&D` is one word.
                text = Some(match text.take() {
                    None => t,
                    Some(before) => CowStr::from(format!("{before}{t}")),
                });
                continue;
            }
            if let Some(t) = text.take() {
                if closed > 0 || raw > 0 || self.all_marked() {
                    out.push(Event::Text(t));
                } else {
                    self.mark_text(t, &mut out, slots);
                }
            }
            match &event {
                Event::Start(
                    Tag::Link { .. } | Tag::Image { .. } | Tag::Heading { .. } | Tag::Table(_),
                ) => closed += 1,
                Event::End(TagEnd::Link | TagEnd::Image | TagEnd::Heading(_) | TagEnd::Table) => {
                    closed = closed.saturating_sub(1)
                }
                Event::Html(html) | Event::InlineHtml(html) => raw = open_elements(raw, html),
                _ => {}
            }
            out.push(event);
        }
        if let Some(t) = text {
            if closed == 0 && raw == 0 {
                self.mark_text(t, &mut out, slots);
            } else {
                out.push(Event::Text(t));
            }
        }
        out
    }

    fn mark_text<'e>(&self, text: CowStr<'e>, out: &mut Vec<Event<'e>>, slots: &mut Slots) {
        let found = self.matcher.find(&text);
        let mut marked = self.marked.borrow_mut();
        let mut done = 0;
        for (start, end, term, plural) in found {
            if marked[term] {
                continue;
            }
            marked[term] = true;
            if start > done {
                out.push(Event::Text(text[done..start].to_string().into()));
            }
            out.push(slots.push(self.html(term, &text[start..end], plural)));
            done = end + usize::from(plural);
        }
        match done {
            0 => out.push(Event::Text(text)),
            d if d < text.len() => out.push(Event::Text(text[d..].to_string().into())),
            _ => {}
        }
    }

    fn html(&self, term: usize, word: &str, plural: bool) -> String {
        let t = &self.matcher.terms[term];
        let expansion = escape_html(&t.expansion);
        let (flag, note) = match &t.ambiguity {
            Some(note) => (
                " <span class=\"wm-term__flag\">(ambiguous)</span>",
                format!(
                    " <span class=\"wm-term__ambiguity\"><strong>Ambiguous:</strong> {}</span>",
                    escape_html(note)
                ),
            ),
            None => ("", String::new()),
        };
        format!(
            "<span class=\"wm-term\"><a class=\"wm-term__link\" href=\"{href}\" aria-describedby=\"{id}\"><abbr class=\"wm-abbr\" title=\"{expansion}\">{word}</abbr>{s}<span class=\"wm-visually-hidden\"> ({expansion})</span>{flag}</a><span class=\"wm-term__tip\" role=\"tooltip\"><span class=\"wm-term__expansion\">{expansion}</span> <span class=\"wm-term__definition\" id=\"{id}\">{summary}{note}</span></span></span>",
            href = escape_html(&format!("{}#{}", self.glossary_url, t.anchor)),
            id = escape_html(&t.tip_id),
            word = escape_html(word),
            s = if plural { "s" } else { "" },
            summary = escape_html(&t.summary),
        )
    }
}

/// Elements that need no end tag, or whose end tag is often left out: not
/// counted, so one of them never switches marking off for the rest of a page.
const NOT_COUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option",
];

/// How many raw HTML elements are open after `html`, given `open` before.
fn open_elements(mut open: usize, html: &str) -> usize {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || NOT_COUNTED.contains(&name.as_str()) {
            continue;
        }
        let tag_end = rest.find('>').unwrap_or(rest.len());
        if closing {
            open = open.saturating_sub(1);
        } else if !rest[..tag_end].ends_with('/') {
            open += 1;
        }
    }
    open
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::glossary::Term;

    fn term(term: &str, expansion: Option<&str>, aliases: &[&str]) -> Term {
        Term {
            term: term.into(),
            expansion: expansion.map(Into::into),
            definition: format!("The {term} thing. More detail follows."),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            related: Vec::new(),
            ambiguity: None,
        }
    }

    #[test]
    fn abbreviations_among_aliases() {
        for yes in ["BRR", "AUDIT-C", "L&D", "CoP", "CSTRs", "K10"] {
            assert!(is_abbreviation(yes), "{yes}");
        }
        for no in [
            "alcohol treatment requirement",
            "MHA 1983",
            "adjourn",
            "Kessler",
            "",
        ] {
            assert!(!is_abbreviation(no), "{no}");
        }
    }

    #[test]
    fn whole_words_and_plurals() {
        let terms = [
            term("DRR", Some("Drug Rehabilitation Requirement"), &[]),
            term("L&D", Some("Liaison and Diversion"), &[]),
            term("Clinical lead", None, &["CL"]),
        ];
        let m = GlossaryMatcher::new(terms.iter().map(Term::markable));
        let words = |text: &str| -> Vec<String> {
            m.find(text)
                .into_iter()
                .map(|(s, e, _, p)| format!("{}{}", &text[s..e], if p { "+s" } else { "" }))
                .collect()
        };
        assert_eq!(words("a DRR."), ["DRR"]);
        assert_eq!(words("DRRs and DRR's"), ["DRR+s", "DRR"]);
        assert_eq!(
            words("XDRR DRRx DRRss DRR_1 drr DRR2"),
            Vec::<String>::new()
        );
        assert_eq!(words("non-DRR, DRR/L&D"), ["DRR", "DRR", "L&D"]);
        assert_eq!(
            words("CL is not marked"),
            Vec::<String>::new(),
            "no expansion"
        );
    }

    #[test]
    fn summary_is_the_first_sentence() {
        assert_eq!(summary("One, e.g. this. Two."), "One, e.g. this.");
        let long = "word ".repeat(80);
        let s = summary(&long);
        assert!(
            s.ends_with("word…") && s.chars().count() <= MAX_SUMMARY_CHARS + 1,
            "{s}"
        );
    }

    #[test]
    fn raw_html_elements_are_counted() {
        assert_eq!(open_elements(0, "<abbr title=\"x\">"), 1);
        assert_eq!(open_elements(1, "</abbr>"), 0);
        assert_eq!(open_elements(0, "<br><img src=x /><p>"), 0);
        assert_eq!(open_elements(0, "<span/>"), 0);
        assert_eq!(open_elements(0, "<div>\n<span>a</span>"), 1);
        assert_eq!(open_elements(0, "<!-- a --> 1 < 2"), 0);
    }
}
