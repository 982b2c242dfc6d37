//! A section as the index keeps it ([`IndexedSection`]): analysed where it
//! is made (each render worker analyses its own page), so only what the
//! index needs is held until the index is built — the section's terms with
//! their counts and first positions, its surface words' uses, and its
//! snippet — never its full text.
//!
//! Why: a site's records were most of what a build held before the index
//! (at 10,000 pages, ~100,000 sections of full text, each with its own copy
//! of the page's title, breadcrumb and audiences), and `waymark serve`
//! keeps every page's records between builds. Here a page's sections share
//! one [`PageFacts`], and the analysis is a few bytes a term.

use std::borrow::Cow;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::shards::snippet;
use super::vocab::{Vocabulary, Words, NONE};
use super::{cards::CARD_CHARS, SearchSection, Synonym, SNIPPET_CHARS};

/// What every section of one page shares, held once per page.
#[derive(Clone, Debug, Default, Hash, PartialEq, Eq)]
pub struct PageFacts {
    pub page_title: String,
    pub breadcrumb: Vec<String>,
    /// protocol, guidance, site, form, map, training, glossary…
    pub kind: String,
    pub audience: Vec<String>,
    pub site: Option<String>,
    /// False for superseded versions.
    pub current: bool,
}

/// One searchable section, analysed (see the module docs).
#[derive(Debug, Hash)]
pub struct IndexedSection {
    /// Site-root-relative URL, e.g. `pathway/screening.html#who`.
    pub url: String,
    pub page: Arc<PageFacts>,
    /// Empty for the page's intro (text before the first heading).
    pub section_title: String,
    /// The first [`SNIPPET_CHARS`] of the text (`shards::snippet`).
    snippet: String,
    /// The first [`CARD_CHARS`], as a cut of `snippet` where it is one.
    card: CardSnippet,
    /// A digest of the text, to find site copies of national passages
    /// (`dedup`); `None` for a section with no text.
    text_digest: Option<[u8; 16]>,
    /// Terms in the body.
    pub(super) body_len: u32,
    /// Per term, sorted by term id, as varints: the term id's difference
    /// from the one before, `body_tf << 2 | heading << 1 | page_title`, and
    /// the term's first position.
    occurrences: Box<[u8]>,
    /// Per surface word (not stop words), sorted by word id, as varints:
    /// the id's difference from the one before, and its uses in all fields.
    words: Box<[u8]>,
}

/// How a card's shorter snippet is kept: almost always a cut of the
/// document snippet, so it costs four bytes, not a second string.
#[derive(Debug, Hash)]
enum CardSnippet {
    /// The same as the document snippet (a short section).
    Same,
    /// The document snippet's first `n` bytes, then `…`.
    Cut(u32),
    /// Neither (trailing punctuation trimmed differently): its own text.
    Own(Box<str>),
}

/// One term's occurrences in one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Occurrence {
    pub(super) term: u32,
    pub(super) body_tf: u32,
    pub(super) heading: bool,
    pub(super) page_title: bool,
    pub(super) first_pos: u32,
}

impl IndexedSection {
    pub fn current(&self) -> bool {
        self.page.current
    }

    /// The snippet of `chars` characters: [`SNIPPET_CHARS`] for document
    /// shards, [`CARD_CHARS`] for cards.
    pub(super) fn snippet(&self, chars: usize) -> Cow<'_, str> {
        if chars != CARD_CHARS {
            debug_assert_eq!(chars, SNIPPET_CHARS);
            return Cow::Borrowed(&self.snippet);
        }
        match &self.card {
            CardSnippet::Same => Cow::Borrowed(&self.snippet),
            CardSnippet::Cut(n) => Cow::Owned(format!("{}…", &self.snippet[..*n as usize])),
            CardSnippet::Own(s) => Cow::Borrowed(s),
        }
    }

    /// What two sections must share for one to be a copy of the other
    /// (`dedup`): the section title and the text.
    pub(super) fn copy_key(&self) -> Option<(&str, [u8; 16])> {
        self.text_digest.map(|d| (self.section_title.as_str(), d))
    }

    /// The record's term occurrences, by term id.
    pub(super) fn occurrences(&self) -> impl Iterator<Item = Occurrence> + '_ {
        let mut bytes = &self.occurrences[..];
        let mut term = 0u64;
        std::iter::from_fn(move || {
            if bytes.is_empty() {
                return None;
            }
            term += read_varint(&mut bytes);
            let counts = read_varint(&mut bytes);
            let first_pos = read_varint(&mut bytes);
            Some(Occurrence {
                term: term as u32,
                body_tf: (counts >> 2) as u32,
                heading: counts & 2 != 0,
                page_title: counts & 1 != 0,
                first_pos: first_pos as u32,
            })
        })
    }

    /// Each surface word's id and uses.
    pub(super) fn word_uses(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut bytes = &self.words[..];
        let mut word = 0u64;
        std::iter::from_fn(move || {
            if bytes.is_empty() {
                return None;
            }
            word += read_varint(&mut bytes);
            let uses = read_varint(&mut bytes);
            Some((word as u32, uses as u32))
        })
    }
}

/// A usable synonym pair with the term ids of both sides.
#[derive(Debug)]
pub(super) struct SynPair {
    pub(super) syn: Synonym,
    pub(super) abbr: Vec<u32>,
    pub(super) exp: Vec<u32>,
}

/// Turns sections into [`IndexedSection`]s, expanding the glossary's
/// synonyms (see the module docs of `search`). Cheap to make: a render
/// makes one per build.
#[derive(Debug)]
pub struct Analyser {
    pub(super) synonyms: Vec<Synonym>,
    pub(super) pairs: Vec<SynPair>,
    /// The term ids its sections are written in.
    pub(super) vocabulary: Vocabulary,
}

impl Analyser {
    /// An analyser writing term ids of `vocabulary`: records analysed by
    /// analysers sharing it can go into one index.
    pub fn new(synonyms: Vec<Synonym>, vocabulary: &Vocabulary) -> Self {
        let mut vocab = vocabulary.lock();
        let pairs = synonyms
            .iter()
            .map(|s| SynPair {
                syn: s.clone(),
                abbr: vocab.tokens(&s.abbreviation),
                exp: vocab.tokens(&s.expansion),
            })
            .filter(|p| !p.abbr.is_empty() && !p.exp.is_empty() && p.abbr != p.exp)
            .collect();
        drop(vocab);
        Analyser {
            synonyms,
            pairs,
            vocabulary: vocabulary.clone(),
        }
    }

    /// The glossary's synonyms this analyser expands.
    pub fn synonyms(&self) -> &[Synonym] {
        &self.synonyms
    }

    /// Analyses one page's sections (or any sections: consecutive ones with
    /// the same page facts share them).
    pub fn sections(&self, sections: Vec<SearchSection>) -> Vec<IndexedSection> {
        // Split on this thread, then interned under one lock for them all.
        let split: Vec<Words> = sections
            .iter()
            .map(|s| Words::of(&fields(s).map(|(_, text)| text)))
            .collect();
        let interned: Vec<_> = {
            let mut vocab = self.vocabulary.lock();
            split.iter().map(|w| vocab.intern(w)).collect()
        };
        let mut last: Option<Arc<PageFacts>> = None;
        sections
            .into_iter()
            .zip(interned)
            .map(|(s, interned)| {
                let (body_len, mut occurrences) = analyse(&s, interned.fields, &self.pairs);
                occurrences.sort_by_key(|o| o.term);
                let facts = PageFacts {
                    page_title: s.page_title,
                    breadcrumb: s.breadcrumb,
                    kind: s.kind,
                    audience: s.audience,
                    site: s.site,
                    current: s.current,
                };
                let page = match last.take().filter(|p| **p == facts) {
                    Some(p) => p,
                    None => Arc::new(facts),
                };
                last = Some(page.clone());
                let mut words = interned.word_uses;
                words.sort_unstable();
                let doc = snippet(&s.text, SNIPPET_CHARS);
                let card = card_snippet(&doc, snippet(&s.text, CARD_CHARS));
                IndexedSection {
                    url: s.url,
                    page,
                    section_title: s.section_title,
                    card,
                    snippet: doc,
                    text_digest: (!s.text.trim().is_empty()).then(|| digest(&s.text)),
                    body_len,
                    occurrences: encode_occurrences(&occurrences),
                    words: encode_words(&words),
                }
            })
            .collect()
    }
}

fn card_snippet(doc: &str, card: String) -> CardSnippet {
    if card == doc {
        return CardSnippet::Same;
    }
    match card.strip_suffix('…') {
        Some(cut) if doc.starts_with(cut) => CardSnippet::Cut(cut.len() as u32),
        _ => CardSnippet::Own(card.into_boxed_str()),
    }
}

fn digest(text: &str) -> [u8; 16] {
    let full = Sha256::digest(text.as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

/// A record's indexed fields in position order, each with its field code:
/// the page title (1; not for an intro, whose heading is the page title),
/// the heading (2) and the body (0).
fn fields(r: &SearchSection) -> [(u8, &str); 3] {
    let intro = r.section_title.trim().is_empty();
    if intro {
        // The intro has no page-title field: an empty one adds no terms.
        [(1, ""), (2, &r.page_title), (0, &r.text)]
    } else {
        [(1, &r.page_title), (2, &r.section_title), (0, &r.text)]
    }
}

/// Analyses one record, whose fields' term ids are `terms` (in [`fields`]
/// order), with synonyms expanded: its body length in terms and each term's
/// occurrences (in order of first sight).
fn analyse(r: &SearchSection, terms: Vec<Vec<u32>>, syn: &[SynPair]) -> (u32, Vec<Occurrence>) {
    let mut seen: super::vocab::FxMap<u32, u32> = Default::default();
    let mut out: Vec<Occurrence> = Vec::new();
    let mut note = |t: u32, field: u8, pos: u32| {
        let i = *seen.entry(t).or_insert_with(|| {
            out.push(Occurrence {
                term: t,
                body_tf: 0,
                heading: false,
                page_title: false,
                first_pos: pos,
            });
            out.len() as u32 - 1
        });
        let o = &mut out[i as usize];
        match field {
            0 => o.body_tf += 1,
            1 => o.page_title = true,
            _ => o.heading = true,
        }
    };
    let mut pos = 0u32;
    let mut body_len = 0;
    for ((field, _), terms) in fields(r).iter().zip(&terms) {
        // Sorted by position and walked alongside the terms: one pass over
        // each, so a section repeating an abbreviation n times costs O(n),
        // not O(n²).
        let mut extra = synonym_hits(terms, syn);
        extra.sort_by_key(|&(at, _)| at);
        let mut hits = extra.iter().peekable();
        for (i, &t) in terms.iter().enumerate() {
            let p = pos + i as u32;
            note(t, *field, p);
            while let Some(&(_, list)) = hits.next_if(|(at, _)| *at == i) {
                for (k, &st) in list.iter().enumerate() {
                    note(st, *field, p + k as u32);
                }
            }
        }
        if *field == 0 {
            body_len = terms.len() as u32;
        }
        pos += terms.len() as u32;
    }
    debug_assert!(out.iter().all(|o| o.term != NONE));
    (body_len, out)
}

/// Where one side of a synonym pair occurs in `terms`: (start index, the
/// other side's terms, added there at consecutive positions).
fn synonym_hits<'a>(terms: &[u32], syn: &'a [SynPair]) -> Vec<(usize, &'a [u32])> {
    let mut out = Vec::new();
    for p in syn {
        for (from, to) in [(&p.abbr, &p.exp), (&p.exp, &p.abbr)] {
            if from.len() > terms.len() {
                continue;
            }
            for i in 0..=terms.len() - from.len() {
                if terms[i] == from[0] && terms[i..i + from.len()] == from[..] {
                    out.push((i, &to[..]));
                }
            }
        }
    }
    out
}

fn encode_occurrences(sorted: &[Occurrence]) -> Box<[u8]> {
    let mut out = Vec::with_capacity(sorted.len() * 5);
    let mut prev = 0u32;
    for o in sorted {
        write_varint(&mut out, u64::from(o.term - prev));
        prev = o.term;
        let counts =
            u64::from(o.body_tf) << 2 | u64::from(o.heading) << 1 | u64::from(o.page_title);
        write_varint(&mut out, counts);
        write_varint(&mut out, u64::from(o.first_pos));
    }
    out.into_boxed_slice()
}

fn encode_words(sorted: &[(u32, u32)]) -> Box<[u8]> {
    let mut out = Vec::with_capacity(sorted.len() * 3);
    let mut prev = 0u32;
    for &(word, uses) in sorted {
        write_varint(&mut out, u64::from(word - prev));
        prev = word;
        write_varint(&mut out, u64::from(uses));
    }
    out.into_boxed_slice()
}

/// LEB128: seven bits a byte, low first, the high bit meaning "more".
fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(bytes: &mut &[u8]) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some((&b, rest)) = bytes.split_first() {
        *bytes = rest;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(text: &str) -> SearchSection {
        SearchSection {
            url: "a.html#b".into(),
            page_title: "Court liaison".into(),
            section_title: "Referral".into(),
            text: text.into(),
            current: true,
            ..SearchSection::default()
        }
    }

    #[test]
    fn occurrences_and_words_round_trip_through_their_encoding() {
        let an = Analyser::new(Vec::new(), &Vocabulary::default());
        let [s] = &an.sections(vec![section(
            "Referral to the court, referrals and courts.",
        )])[..] else {
            panic!("one section");
        };
        let mut vocab = an.vocabulary.lock();
        let by_text: Vec<(String, u32, bool, bool, u32)> = s
            .occurrences()
            .map(|o| {
                let t = vocab.terms[o.term as usize].clone();
                (t, o.body_tf, o.heading, o.page_title, o.first_pos)
            })
            .collect();
        let mut by_text = by_text;
        by_text.sort();
        assert_eq!(
            by_text,
            [
                ("court".to_string(), 2, false, true, 0),
                ("liaison".to_string(), 0, false, true, 1),
                ("referr".to_string(), 2, true, false, 2),
            ]
        );
        assert_eq!(s.body_len, 4);
        let words: Vec<(String, u32)> = s
            .word_uses()
            .map(|(w, uses)| (vocab.word_text[w as usize].clone(), uses))
            .collect();
        assert!(words.contains(&("referrals".to_string(), 1)));
        assert!(words.contains(&("court".to_string(), 2)));
        assert_eq!(vocab.tokens("the"), Vec::<u32>::new());
    }

    #[test]
    fn card_snippets_equal_cutting_the_text_itself() {
        let an = Analyser::new(Vec::new(), &Vocabulary::default());
        let long = "word ".repeat(100);
        let odd = format!("{}abc... {}", "x".repeat(150), "y ".repeat(100));
        let first_word_too_long = format!("{}.... tail", "z".repeat(400));
        for text in [
            "Short text.",
            long.as_str(),
            odd.as_str(),
            &first_word_too_long,
        ] {
            let [s] = &an.sections(vec![section(text)])[..] else {
                panic!("one section");
            };
            assert_eq!(s.snippet(CARD_CHARS), snippet(text, CARD_CHARS), "{text}");
            assert_eq!(s.snippet(SNIPPET_CHARS), snippet(text, SNIPPET_CHARS));
        }
    }

    #[test]
    fn sections_of_one_page_share_its_facts() {
        let an = Analyser::new(Vec::new(), &Vocabulary::default());
        let recs = an.sections(vec![section("One."), section("Two.")]);
        assert!(Arc::ptr_eq(&recs[0].page, &recs[1].page));
    }
}
