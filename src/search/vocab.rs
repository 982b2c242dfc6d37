//! Word and term interning for the index builder.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::text::{self, Analyzer};

/// Marks a stop word (no term) in [`Vocab::word_term`].
pub(super) const NONE: u32 = u32::MAX;

/// A small fast hasher (FxHash-style) for the word table: the default
/// SipHash costs more than the rest of tokenising. Output never depends on
/// hash order, so this cannot affect determinism.
#[derive(Default, Clone, Copy)]
pub(super) struct Fx(u64);
impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut it = bytes.chunks_exact(8);
        for c in &mut it {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let r = it.remainder();
        if !r.is_empty() {
            let mut v = [0u8; 8];
            v[..r.len()].copy_from_slice(r);
            self.add(u64::from_le_bytes(v));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
}
impl Fx {
    #[inline]
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}
pub(super) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// A shared vocabulary: every word and term met by the analysers that hold
/// it, so a section analysed by one render worker, or kept by `waymark
/// serve` from an earlier build, names terms by the same ids as every
/// other. A build makes one; a serve session keeps one for all its builds
/// (`build::Session::vocabulary`), since it keeps records between them.
/// The index never depends on id order (terms are written sorted by text),
/// so sharing it changes no output. Cloning shares it.
#[derive(Clone, Default)]
pub struct Vocabulary(std::sync::Arc<std::sync::Mutex<Vocab>>);

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vocabulary")
    }
}

impl Vocabulary {
    /// The vocabulary, locked (a poisoned lock only means another thread
    /// panicked between whole insertions: the tables are consistent).
    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, Vocab> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Interns words and terms so each distinct word is stemmed once and the
/// per-token work is one hash lookup (the build must stay well under a
/// second per 10,000 pages).
#[derive(Default)]
pub(super) struct Vocab {
    an: Analyzer,
    word_id: FxMap<String, u32>,
    /// Per word id: its term id (or [`NONE`] for a stop word) and its text.
    pub(super) word_term: Vec<u32>,
    pub(super) word_text: Vec<String>,
    pub(super) terms: Vec<String>,
    term_id: FxMap<String, u32>,
}

/// A record's fields as term ids, and how often each of its (non-stop)
/// words occurs, by word id: what [`Vocab::intern`] makes of [`Words`].
pub(super) struct Interned {
    pub(super) fields: Vec<Vec<u32>>,
    pub(super) word_uses: Vec<(u32, u32)>,
}

impl Vocab {
    fn term(&mut self, t: &str) -> u32 {
        if let Some(&id) = self.term_id.get(t) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.terms.push(t.to_string());
        self.term_id.insert(t.to_string(), id);
        id
    }
    fn word(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.word_id.get(w) {
            return id;
        }
        let tid = if text::is_stop(w) {
            NONE
        } else {
            let st = self.an.stem(w);
            self.term(&st)
        };
        let id = self.word_text.len() as u32;
        self.word_id.insert(w.to_string(), id);
        self.word_text.push(w.to_string());
        self.word_term.push(tid);
        id
    }
    /// Term ids of each of a record's fields tokenised by [`Words::of`],
    /// stop words dropped, and the uses of each surface word: the same ids
    /// as [`Vocab::tokens`] on each field in turn, with one lookup per
    /// distinct word of the record instead of one per word.
    pub(super) fn intern(&mut self, words: &Words) -> Interned {
        let mut word_uses = Vec::new();
        let terms: Vec<u32> = (0..words.ends.len())
            .zip(&words.uses)
            .map(|(i, &uses)| {
                let wid = self.word(words.word(i));
                let tid = self.word_term[wid as usize];
                if tid != NONE {
                    word_uses.push((wid, uses));
                }
                tid
            })
            .collect();
        let fields = words
            .fields
            .iter()
            .map(|field| {
                field
                    .iter()
                    .map(|&local| terms[local as usize])
                    .filter(|&t| t != NONE)
                    .collect()
            })
            .collect();
        Interned { fields, word_uses }
    }

    /// Term ids of `text`, stop words dropped.
    pub(super) fn tokens(&mut self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        text::for_each_word(text, |w| {
            let wid = self.word(w);
            let tid = self.word_term[wid as usize];
            if tid != NONE {
                out.push(tid);
            }
        });
        out
    }
}

/// One record's fields split into words, with no shared state, so each
/// render worker splits its own sections and then interns them under one
/// short lock ([`Vocab::intern`]).
/// A handful of allocations per record, not one per word.
#[derive(Default)]
pub(super) struct Words {
    /// The record's distinct words, in order of first occurrence, one after
    /// another; `ends[i]` is where word `i` ends.
    text: String,
    ends: Vec<u32>,
    /// How often each distinct word occurs.
    uses: Vec<u32>,
    /// Each field's words, as indexes of distinct words.
    fields: Vec<Vec<u32>>,
}

impl Words {
    /// Splits `fields` (in the order they are indexed) into words.
    pub(super) fn of(fields: &[&str]) -> Words {
        use std::hash::BuildHasher;
        // Open addressing by the word's hash (a collision steps on to the
        // next slot), over word ids: no key is copied.
        let hasher = BuildHasherDefault::<Fx>::default();
        let mut slots: FxMap<u64, u32> = FxMap::default();
        let mut words = Words::default();
        for text in fields {
            let mut field = Vec::new();
            text::for_each_word(text, |w| {
                let mut h = hasher.hash_one(w);
                let id = loop {
                    match slots.get(&h) {
                        Some(&id) if words.word(id as usize) == w => break id,
                        Some(_) => h = h.wrapping_add(1),
                        None => {
                            let id = words.ends.len() as u32;
                            words.text.push_str(w);
                            words.ends.push(words.text.len() as u32);
                            words.uses.push(0);
                            slots.insert(h, id);
                            break id;
                        }
                    }
                };
                words.uses[id as usize] += 1;
                field.push(id);
            });
            words.fields.push(field);
        }
        words
    }

    fn word(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }
}
