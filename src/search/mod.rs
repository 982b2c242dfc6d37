//! Offline full-text search: the index builder (this module) and its reader,
//! `themes/default/static/parts/search/*.js`, joined into one `search.js` at build.
//!
//! # Why it looks like this
//! Sites are opened from a folder (`file://`) where browsers allow only classic
//! `<script src>`: no fetch, XHR, modules, workers or wasm. So the index is a
//! set of small classic scripts, each calling a registration function on
//! `window.__wmSearch`, loaded on demand by inserting `<script>` elements.
//! A first query must read little (< 300 KB at 10,000 pages), so the index is
//! split three ways:
//!
//! * `search/manifest.js` — a few KB: counts, term-shard boundaries and
//!   sizes, facet names, the stop-word list, the glossary synonyms, and the
//!   likeliest next letters after each one- and two-letter prefix (`next`).
//!   It is loaded when the search box takes focus.
//! * `search/t/N.js` — term shards: sorted stem ranges (a new shard starts at a
//!   new two-letter prefix once the current one holds ≥ 12 KB, and within a
//!   prefix when it would pass 40 KB). Each term maps to
//!   `[df, head postings, tail file or -1, surface word or "", card file or
//!   -1, card file KiB]`. The *head* holds the term's best [`HEAD`] postings
//!   (current versions first, then by score), so even "service" costs
//!   ~2 KB to read; the rest is in `search/p/N.js`,
//!   read only when a query needs completeness (the full results page). The
//!   shard's keys double as the vocabulary for prefix completion, one-typo
//!   tolerance and "did you mean" suggestions.
//! * `search/d/F/N.js` — documents, [`DOCS_PER_SHARD`] records each (F = N /
//!   1000, so no folder holds more than 1000 files): URL, titles,
//!   breadcrumb, facets, ~300-character snippet, the site copies it stands
//!   for, written compactly (see `shards::Rows`); `search/facets.js` —
//!   run-length facet codes of every record, read only when the results
//!   page filters. Facet names are the words readers see (audiences' labels,
//!   sites' names; `site_search` chooses them), never ids.
//! * `search/c/F/N.js` — card files (module `cards`): the same rows, with
//!   160-character snippets, for each term's best 16 current records,
//!   packed four terms to a file. The dropdown reads its rows from
//!   these; the results page reads document shards.
//!
//! # Latency: what a keystroke may load
//! From `file://` every script load costs ~3–5 ms whatever its size up to
//! tens of KB, and loads beside each other barely overlap (8 small files
//! take 20–35 ms in headless Chromium on 2 cores). The budget for a
//! keystroke after the first results is 20 ms, so what matters is how many
//! files a keystroke needs, not their bytes. Three things keep that low:
//!
//! * **Card files.** The top 8 results of a one-word query are always among
//!   the 16 best records of the terms it matches (a record outranked by 16
//!   others on its best term is outranked by them overall), so one card
//!   file, sometimes two, holds every row the dropdown shows instead of one
//!   document shard per row. Rows for a query of several words come from
//!   the cards of its words where they hold them (about half, measured) and
//!   from document shards for the rest. Cards cost ~30 MiB at 10,000 pages;
//!   the index stays far below mdBook's for the same pages.
//! * **Looking ahead.** After each render the reader guesses the next key
//!   from the vocabulary (document frequency of the words each letter leads
//!   to; the manifest's `next` table for words of one or two letters, whose
//!   continuations may lie in term shards not loaded yet; after other words,
//!   how often the words each letter leads to occur in those words' results),
//!   works out that query's results with the same code, and loads their
//!   files while the reader pauses. Only the likeliest key (for a word of
//!   two letters, the manifest's three likeliest, as its range spans several
//!   term shards) may load term shards; the others are followed where their
//!   term shards are loaded. Guessing must fit the < 300 KB read budget of a
//!   typed query, so it stops once the query has read 240 KB in all
//!   (estimated from the sizes the manifest and term entries give), leaving
//!   room for what the typed keys themselves need.
//! * **Waiting for a third letter.** While typing, a trailing word of one or
//!   two letters after other words is not searched yet (it would need files
//!   no guess covers well); the pause is used to load what its third letter
//!   will need.
//!
//! A key nobody guessed, in a query of several words, still costs a round of
//! document shards; `bench/search.mjs` reports the slowest.
//!
//! Scores are BM25 (k1 = 1.2, b = 0.75) over the section body plus fixed
//! bonuses for a match in the section heading (or the page title for the
//! intro) and in the page title, times idf; precomputed and quantised to 1–255
//! so the browser only adds integers. Each posting also keeps the term's first
//! position (stop words skipped) so adjacent query words earn a phrase boost.
//!
//! Record ids put every current record before any superseded one, so the
//! browser hides superseded versions by comparing `id < manifest.c`, with no
//! extra data.
//!
//! # Ranking: most words, not every word
//! The reader does not require every query word: a section's summed scores
//! are scaled by the share of the query's weight it matches, squared (a
//! word's weight is its idf, so missing "what" costs little and missing a
//! rare abbreviation a lot), and sections matching less than half the best section's
//! share are dropped. Question words ("how", "can", "we"…) are dropped from
//! a query that has other words. So a natural question with a word the right
//! section never uses still finds it; `tests/browser/checks/search-questions.mjs`
//! holds the questions that must keep finding their pages.
//!
//! # Site copies (module `dedup`)
//! A current site-pathway section whose title and text equal a current
//! national section's is not indexed; the national record's row lists the
//! copies (URL and site name) for the reader's "Also in N site pathways",
//! and `facets.js` gives each record a mask of those sites so the site
//! filter still finds the passages a site inherits.
//!
//! # Synonyms: expanded at index time
//! Glossary pairs (GP ↔ general practitioner) are expanded
//! while indexing, in both directions: a section containing the phrase also
//! gets postings for the abbreviation's terms, and a section containing the
//! abbreviation gets postings for the phrase's terms at consecutive positions.
//! Query-time expansion would turn "gp" into an AND of two of the most
//! common words in the corpus, which needs their complete posting lists
//! (hundreds of KB) and still could not require adjacency reliably with only
//! first positions. Index-time expansion makes "gp" one short, exact list and
//! costs a few postings per matching section. The manifest still carries the
//! table, which the browser uses to highlight expansions in snippets.
//!
//! # Trade-offs (documented for the reader code too)
//! * As-you-type results use heads only: the sections found for very common
//!   words are among their best postings, so the dropdown announces "N+
//!   results"; the results page loads the tails and is exact.
//! * Prefix completion of the last word reads at most 1 shard for a 2-letter
//!   prefix, 2 for 3 letters, 3 beyond; a very short prefix whose range spans
//!   more shards completes only from the first (more letters fix it).
//! * One typo is tolerated (words of ≥ 5 letters, only when the word has no
//!   exact or prefix match) among terms sharing the first two letters of the
//!   stem, plus those starting with the two letters swapped. Other typos in
//!   the first two letters are missed.
//! * Snippets are the first ~300 characters of a section (160 in the
//!   dropdown), not query-centred.
//! * While typing, the dropdown ignores a trailing word of one or two letters
//!   after other words ("court du" shows the results for "court"); the
//!   results page searches every word.
//! * Prefix completion matches a term's stem or its commonest word form, so
//!   "requirem" completes to `requir` ("requirement").
//!
//! Output is deterministic: records keep input order (current first), terms
//! are sorted, and nothing depends on hash order or time.

mod cards;
mod dedup;
mod encode;
mod out;
mod shards;
#[cfg(test)]
mod tests;
pub mod text;
mod vocab;

use std::borrow::Borrow;
use std::collections::BTreeMap;

pub use encode::{decode_postings, Posting};
pub use out::Emit;
use out::Out;
use rayon::prelude::*;
use vocab::{Vocab, Words, NONE};

/// Records split into words ahead of interning, per batch (see
/// `build_index`): enough to keep a core busy, few enough to hold little.
const SPLIT_CHUNK: usize = 2048;

/// Postings kept in a term's head (in its term shard); the rest go to a tail
/// file. 500, not more: the heads of common words are most of a term
/// shard's bytes, and smaller shards let the reader look further ahead within
/// its read budget. The cost: as-you-type results of two very common words
/// are the records in both words' best 500 (see "Trade-offs").
pub const HEAD: usize = 500;
/// Records per document shard: a result whose row is on no card needs its
/// own shard and the reader loads guessed results ahead (see "Latency"
/// above), so shards stay small (~6 KB); but not tiny, since each file
/// costs the build a file creation (4 per shard made 20,000 files at
/// 10,000 pages, most of the build's writing time) and the reader a load of
/// about the same cost at 1.5 KB as at 6 KB.
pub const DOCS_PER_SHARD: usize = 16;
/// Snippet length in characters (cut at a word boundary).
pub const SNIPPET_CHARS: usize = 300;

/// One searchable unit: a page section.
#[derive(Clone, Debug, Default, Hash)]
pub struct SearchSection {
    /// Site-root-relative URL, e.g. `pathway/screening.html#who`.
    pub url: String,
    pub page_title: String,
    /// Empty for the page's intro (text before the first heading).
    pub section_title: String,
    pub breadcrumb: Vec<String>,
    /// Plain text of this section only.
    pub text: String,
    /// protocol, guidance, site, form, map, training, glossary…
    pub kind: String,
    pub audience: Vec<String>,
    pub site: Option<String>,
    /// False for superseded versions.
    pub current: bool,
}

/// A glossary abbreviation and its expansion.
#[derive(Clone, Debug, Hash)]
pub struct Synonym {
    pub abbreviation: String,
    pub expansion: String,
}

/// One output file, `path` relative to the output root (under `search/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchFile {
    pub path: String,
    pub contents: Vec<u8>,
}

/// Bonus (in BM25 tf-saturation units, at most 2.2) for a term in the
/// section heading. 2, not more: an abbreviation found in many headings
/// would otherwise outweigh a section whose text is about two query words
/// together (two abbreviations, and the table that combines them).
const HEADING_BONUS: f64 = 2.0;
/// Bonus for a term in the page title of a non-intro section.
const PAGE_TITLE_BONUS: f64 = 0.5;
/// The output folder that holds the index (reserved: no page or asset may
/// be written inside it).
pub const INDEX_DIR: &str = "search";

/// Quantisation: stored score = round(score × SCALE), clamped to 1..=255.
const SCALE: f64 = 8.0;

/// A usable synonym pair with the term ids of both sides.
struct SynPair<'a> {
    syn: &'a Synonym,
    abbr: Vec<u32>,
    exp: Vec<u32>,
}
type SynTerms<'a> = Vec<SynPair<'a>>;

/// One term's occurrences in one record, before scoring.
#[derive(Clone, Copy)]
struct Raw {
    id: u32,
    term: u32,
    body_tf: u32,
    heading: bool,
    page_title: bool,
    first_pos: u32,
}

/// A [`Raw`] in its term's list, which says the term: 16 bytes, not 20,
/// for every (term, record) pair of the site held until scoring.
#[derive(Clone, Copy)]
struct Occurrence {
    id: u32,
    body_tf: u32,
    first_pos: u32,
    heading: bool,
    page_title: bool,
}

impl From<Raw> for Occurrence {
    fn from(r: Raw) -> Self {
        Occurrence {
            id: r.id,
            body_tf: r.body_tf,
            first_pos: r.first_pos,
            heading: r.heading,
            page_title: r.page_title,
        }
    }
}

/// Builds every file of the search index for `sections`.
/// `sections` may be records or references to them: the builder only reads
/// them, so a caller holding them elsewhere need not copy them.
pub fn build_index<R: std::borrow::Borrow<SearchSection> + Sync>(
    sections: &[R],
    synonyms: &[Synonym],
) -> Vec<SearchFile> {
    let out = Out::keep();
    make_index(sections, synonyms, &out);
    out.into_sorted()
}

/// Builds the index like [`build_index`], handing each file to `emit` as
/// soon as it is made instead of returning them all (in no set order).
pub fn write_index<R: std::borrow::Borrow<SearchSection> + Sync>(
    sections: &[R],
    synonyms: &[Synonym],
    emit: Emit<'_>,
) {
    make_index(sections, synonyms, &Out::emit(emit));
}

fn make_index<R: std::borrow::Borrow<SearchSection> + Sync>(
    sections: &[R],
    synonyms: &[Synonym],
    out: &Out<'_>,
) {
    let mut v = Vocab::default();
    // Stable ids: current records first, each group in input order.
    let mut recs: Vec<&SearchSection> = sections.iter().map(Borrow::borrow).collect();
    recs.sort_by_key(|r| !r.current); // stable
    let (recs, copies) = dedup::merge_copies(recs);
    let current = recs.iter().filter(|r| r.current).count();

    let syn: SynTerms = synonyms
        .iter()
        .map(|s| SynPair {
            syn: s,
            abbr: v.tokens(&s.abbreviation, false),
            exp: v.tokens(&s.expansion, false),
        })
        .filter(|p| !p.abbr.is_empty() && !p.exp.is_empty() && p.abbr != p.exp)
        .collect();

    // Document shards and facets depend only on the records: write them on
    // a second thread while this one analyses and scores (2-core budget).
    let facets = shards::Facets::new(&recs, &copies);
    let ((bounds, next), doc_count) = std::thread::scope(|scope| {
        let docs = scope.spawn(|| {
            let n = shards::write_docs(&recs, &facets, out);
            shards::write_facets(&recs, &facets, out);
            n
        });
        let mut raw: Vec<Vec<Occurrence>> = Vec::new();
        let mut lens: Vec<u32> = Vec::with_capacity(recs.len());
        let mut stats = Stats::default();
        // Records are split into words on every core, a chunk ahead of
        // this thread, which interns them in record order (so term ids, and
        // the index, are the same as splitting them here one by one); a
        // chunk at a time, so split words never pile up for every record.
        let split = |chunk: &[&SearchSection]| -> Vec<Words> {
            chunk
                .par_iter()
                .map(|r| Words::of(&fields(r).map(|(_, text)| text)))
                .collect()
        };
        let mut chunks = recs.chunks(SPLIT_CHUNK).enumerate();
        let mut ahead = chunks.next().map(|(_, c)| split(c)).unwrap_or_default();
        loop {
            let next = chunks.next();
            let ((), following) = rayon::join(
                || {
                    for (words, r) in ahead.iter().zip(&recs[lens.len()..]) {
                        let id = lens.len() as u32;
                        let terms = v.intern(words);
                        lens.push(analyse(r, terms, &syn, id, &mut stats, v.terms.len()));
                        raw.resize_with(v.terms.len(), Vec::new);
                        for s in stats.touched.drain(..) {
                            stats.slot[s.term as usize] = NONE;
                            raw[s.term as usize].push(s.into());
                        }
                    }
                },
                || next.map(|(_, c)| split(c)),
            );
            match following {
                Some(words) => ahead = words,
                None => break,
            }
        }
        let postings = score(raw, &lens, &v.terms);
        let surface = display_forms(&v);
        let next = shards::next_chars(&postings);
        let cards = cards::plan(&postings, current as u32);
        let card_of = cards::write(&cards, &recs, &facets, out);
        let bounds = shards::write_terms(&postings, &surface, &card_of, current as u32, out);
        let n = docs.join().expect("doc writer thread");
        ((bounds, next), n)
    });
    // Term shards are made in order, on one thread.
    let term_kib: Vec<usize> = out
        .sizes_under("search/t/")
        .into_iter()
        .map(|bytes| bytes.div_ceil(1024))
        .collect();
    let mean_bytes = |dir: &str| {
        let sizes = out.sizes_under(dir);
        sizes.iter().sum::<usize>() / usize::max(sizes.len(), 1)
    };
    let manifest = shards::Manifest {
        records: recs.len(),
        current,
        doc_shards: doc_count,
        term_kib: &term_kib,
        doc_bytes: mean_bytes("search/d/"),
        next: &next,
        bounds: &bounds,
        facets: &facets,
        synonyms: &syn,
        terms: &v.terms,
    };
    out.put(manifest.file());
}

/// BM25 with heading/page-title bonuses, quantised; lists sorted by id.
fn score(
    raw: Vec<Vec<Occurrence>>,
    lens: &[u32],
    terms: &[String],
) -> BTreeMap<String, Vec<Posting>> {
    let n = lens.len().max(1) as f64;
    let avg = (lens.iter().map(|&l| f64::from(l)).sum::<f64>() / n).max(1.0);
    let mut postings = BTreeMap::new();
    for (t, mut list) in raw.into_iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        list.sort_by_key(|r| r.id);
        let d = list.len() as f64;
        let idf = (1.0 + (n - d + 0.5) / (d + 0.5)).ln();
        let scored = list
            .iter()
            .map(|s| {
                let tf = f64::from(s.body_tf);
                let norm = 0.25 + 0.75 * f64::from(lens[s.id as usize]) / avg;
                let sat = tf * 2.2 / (tf + 1.2 * norm);
                let bonus = if s.heading { HEADING_BONUS } else { 0.0 }
                    + if s.page_title { PAGE_TITLE_BONUS } else { 0.0 };
                let q = ((sat + bonus) * idf * SCALE).round().clamp(1.0, 255.0) as u8;
                Posting {
                    id: s.id,
                    score: q,
                    pos: s.first_pos,
                }
            })
            .collect();
        postings.insert(terms[t].clone(), scored);
    }
    postings
}

/// Display form of each term whose most frequent word (ties: alphabetical
/// first) differs from the stem, e.g. `requir` → `requirement`.
fn display_forms(v: &Vocab) -> BTreeMap<String, String> {
    let mut best: Vec<Option<usize>> = vec![None; v.terms.len()];
    for (w, &t) in v.word_term.iter().enumerate() {
        if t == NONE || v.word_count[w] == 0 {
            continue;
        }
        let b = &mut best[t as usize];
        let better = b.is_none_or(|o| {
            let (co, cw) = (v.word_count[o], v.word_count[w]);
            cw > co || (cw == co && v.word_text[w] < v.word_text[o])
        });
        if better {
            *b = Some(w);
        }
    }
    best.iter()
        .enumerate()
        .filter_map(|(t, w)| {
            let w = &v.word_text[(*w)?];
            (*w != v.terms[t]).then(|| (v.terms[t].clone(), w.clone()))
        })
        .collect()
}

/// A record's indexed fields in position order, each with its field code
/// for [`note`]: the page title (1; not for an intro, whose heading is the
/// page title), the heading (2) and the body (0).
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
/// order), into `stats` (term id → occurrences); returns the body length in
/// terms. `term_count` is the number of terms interned so far.
fn analyse(
    r: &SearchSection,
    terms: Vec<Vec<u32>>,
    syn: &SynTerms,
    id: u32,
    stats: &mut Stats,
    term_count: usize,
) -> u32 {
    stats.slot.resize(term_count, NONE);
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
            note(stats, id, t, *field, p);
            while let Some(&(_, list)) = hits.next_if(|(at, _)| *at == i) {
                for (k, &st) in list.iter().enumerate() {
                    note(stats, id, st, *field, p + k as u32);
                }
            }
        }
        if *field == 0 {
            body_len = terms.len() as u32;
        }
        pos += terms.len() as u32;
    }
    body_len
}

/// One record's term occurrences: `slot[term]` indexes `touched` (or is
/// [`NONE`]), so no per-record map is allocated or hashed.
#[derive(Default)]
struct Stats {
    slot: Vec<u32>,
    touched: Vec<Raw>,
}

fn note(m: &mut Stats, id: u32, t: u32, field: u8, pos: u32) {
    let mut i = m.slot[t as usize];
    if i == NONE {
        i = m.touched.len() as u32;
        m.slot[t as usize] = i;
        m.touched.push(Raw {
            id,
            term: t,
            body_tf: 0,
            heading: false,
            page_title: false,
            first_pos: pos,
        });
    }
    let s = &mut m.touched[i as usize];
    match field {
        0 => s.body_tf += 1,
        1 => s.page_title = true,
        _ => s.heading = true,
    }
}

/// Where one side of a synonym pair occurs in `terms`: (start index, the
/// other side's terms, added there at consecutive positions).
fn synonym_hits<'a>(terms: &[u32], syn: &'a SynTerms) -> Vec<(usize, &'a [u32])> {
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
