//! English text analysis shared by the index builder and (by port) `search.js`.
//!
//! Pipeline: lower-case → fold common Latin accents → drop apostrophes inside
//! words (`court's` → `courts`) → split on anything not alphanumeric → drop
//! stop words → Snowball English (Porter2) stem. Tokens containing a digit
//! are kept verbatim (no stemming), so `2024`, `s136` and `v4` stay exact.
//!
//! Why these choices: the JavaScript side must reproduce the exact same terms
//! from a query, so every step is simple enough to port by hand and verify:
//! the stop-word list is shipped in the manifest (so both sides read one list)
//! and the stemmer port is checked word-for-word against `rust-stemmers` by
//! `tests/search_text.rs` (under Node, over the bundled vocabulary).

use rust_stemmers::{Algorithm, Stemmer};

/// Small stop-word list: words too frequent to help ranking. Kept short on
/// purpose (e.g. "not", "no" and "after" stay searchable).
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were",
    "will", "with",
];

/// Folds one lower-case character to ASCII when it is a common accented
/// Latin letter; returns the replacement (possibly two letters, e.g. `æ`).
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'ç' | 'ć' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ñ' | 'ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return None,
    })
}

/// Lower-cases, folds accents and splits into raw words (stop words kept).
/// Apostrophes (`'` and `’`) are removed so possessives join their word.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.to_string()));
    out
}

/// [`words`] without allocating: calls `f` with each word in a reused buffer.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut cur = String::new();
    for ch in text.chars() {
        if ch == '\'' || ch == '\u{2019}' {
            continue;
        }
        if ch.is_ascii() {
            if ch.is_ascii_alphanumeric() {
                cur.push(ch.to_ascii_lowercase());
            } else if !cur.is_empty() {
                f(&cur);
                cur.clear();
            }
            continue;
        }
        for lc in ch.to_lowercase() {
            if let Some(x) = fold(lc) {
                cur.push_str(x);
            } else if lc.is_alphanumeric() {
                cur.push(lc);
            } else if !cur.is_empty() {
                f(&cur);
                cur.clear();
            }
        }
    }
    if !cur.is_empty() {
        f(&cur);
    }
}

/// True for words dropped from the index and from queries.
pub fn is_stop(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Stems analysed words; holds the Snowball stemmer so it is built once.
pub struct Analyzer {
    stemmer: Stemmer,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }
}

impl Analyzer {
    /// Stem of one already-lower-cased word; words with digits are kept whole.
    pub fn stem(&self, word: &str) -> String {
        if word.chars().any(|c| c.is_ascii_digit()) || !word.is_ascii() {
            return word.to_string();
        }
        self.stemmer.stem(word).into_owned()
    }

    /// Full pipeline: the stemmed, stop-word-free terms of `text`, in order.
    pub fn terms(&self, text: &str) -> Vec<String> {
        words(text)
            .into_iter()
            .filter(|w| !is_stop(w))
            .map(|w| self.stem(&w))
            .collect()
    }

    /// Like [`Analyzer::terms`] but also returns each term's surface word.
    pub fn terms_with_words(&self, text: &str) -> Vec<(String, String)> {
        words(text)
            .into_iter()
            .filter(|w| !is_stop(w))
            .map(|w| (self.stem(&w), w))
            .collect()
    }
}
