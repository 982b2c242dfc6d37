//! Prose as sentences and words, for the rule heuristics in `prose`.
//!
//! Sentences come from pulldown-cmark's text events with the renderer's
//! options, so code blocks, code spans and raw HTML are left out, and each
//! block (paragraph, heading, list item, table cell) is split on its own.
//! Every sentence keeps the byte offset where it starts in the source, for
//! the diagnostic's line and column.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::markdown::options;

/// The prose of a Markdown body as (source offset, sentence) pairs.
pub(super) fn sentences(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    // Text of the current block, and where its pieces came from:
    // (offset in `buf`, offset in `text`, whether the piece is verbatim).
    let mut buf = String::new();
    let mut pieces: Vec<(usize, usize, bool)> = Vec::new();
    let mut in_code = false;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Text(t) if !in_code => {
                pieces.push((buf.len(), range.start, t.len() == range.len()));
                buf.push_str(&t);
            }
            Event::Code(_) | Event::SoftBreak | Event::HardBreak => buf.push(' '),
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(tag) if !is_inline(&tag) => flush(&mut buf, &mut pieces, &mut out),
            Event::End(end) if !is_inline_end(&end) => flush(&mut buf, &mut pieces, &mut out),
            _ => {}
        }
    }
    flush(&mut buf, &mut pieces, &mut out);
    out
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_inline_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// Splits a block's text at `.`, `!` or `?` followed by a space.
fn flush(buf: &mut String, pieces: &mut Vec<(usize, usize, bool)>, out: &mut Vec<(usize, String)>) {
    let source_offset = |at: usize| {
        let piece = pieces.iter().rev().find(|p| p.0 <= at);
        match piece {
            Some(&(b, s, true)) => s + (at - b),
            Some(&(_, s, false)) => s,
            None => 0,
        }
    };
    let mut start = 0;
    let mut chars = buf.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
        if matches!(c, '.' | '!' | '?') && next_is_space {
            let end = i + c.len_utf8();
            push_sentence(buf, start, end, &source_offset, out);
            start = end;
        }
    }
    push_sentence(buf, start, buf.len(), &source_offset, out);
    buf.clear();
    pieces.clear();
}

fn push_sentence(
    buf: &str,
    start: usize,
    end: usize,
    source_offset: &dyn Fn(usize) -> usize,
    out: &mut Vec<(usize, String)>,
) {
    let Some(raw) = buf.get(start..end) else {
        return;
    };
    let trimmed = raw.trim_start();
    if trimmed.trim().is_empty() {
        return;
    }
    let first = start + (raw.len() - trimmed.len());
    out.push((source_offset(first), trimmed.trim_end().to_string()));
}

/// Words, lower-cased if `lower`. `+`, `/`, `&` and clause punctuation
/// (`,` `;` `:`) are words of their own, so "3 years, short plans
/// 1 year" keeps its clauses apart; a decimal point or thousands
/// comma between digits stays inside its number. Both casings split the same way, so indices agree.
pub(super) fn tokens(sentence: &str, lower: bool) -> Vec<String> {
    let chars: Vec<char> = sentence.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = matches!(c, '.' | ',')
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_alphanumeric() || between_digits {
            match lower {
                true => word.extend(c.to_lowercase()),
                false => word.push(c),
            }
            continue;
        }
        if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if matches!(c, '+' | '/' | '&' | ',' | ';' | ':') {
            words.push(c.to_string());
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Where `phrase` (space-separated, lower case; last word may be plural)
/// occurs in `words`, as (start, end) word indices.
pub(super) fn find_phrase(words: &[String], phrase: &str) -> Vec<(usize, usize)> {
    let parts: Vec<&str> = phrase.split_whitespace().collect();
    let Some((last, init)) = parts.split_last() else {
        return Vec::new();
    };
    let n = parts.len();
    (0..words.len().saturating_sub(n - 1))
        .filter(|&i| {
            init.iter().enumerate().all(|(j, p)| words[i + j] == *p)
                && (words[i + n - 1] == *last || words[i + n - 1] == format!("{last}s"))
        })
        .map(|i| (i, i + n))
        .collect()
}

/// A number word or numeral, as a value.
pub(super) fn number(word: &str) -> Option<f64> {
    const WORDS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    if let Some(n) = WORDS.iter().position(|w| *w == word) {
        return Some(n as f64);
    }
    let digits = word.replace(',', "");
    digits.parse::<f64>().ok().filter(|n| n.is_finite())
}
