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
mod record;
mod shards;
#[cfg(test)]
mod tests;
pub mod text;
mod vocab;

use std::borrow::Borrow;
use std::collections::BTreeMap;

use encode::TermList;
pub use encode::{decode_postings, Posting};
pub use out::Emit;
use out::Out;
pub use record::{Analyser, IndexedSection, PageFacts};
pub use vocab::Vocabulary;

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

/// One searchable unit as a page describes it: a page section with its
/// full text. [`Analyser::sections`] turns it into the [`IndexedSection`]
/// the index is built from.
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
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
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

/// Builds every file of the search index for `sections`, analysing them
/// first (a build analyses its pages as it renders them, then calls
/// [`Analyser::files`] or [`Analyser::write_index`]).
pub fn build_index<R: Borrow<SearchSection>>(
    sections: &[R],
    synonyms: &[Synonym],
) -> Vec<SearchFile> {
    let analyser = Analyser::new(synonyms.to_vec(), &Vocabulary::default());
    let recs = analyser.sections(sections.iter().map(|s| s.borrow().clone()).collect());
    analyser.files(&recs)
}

impl Analyser {
    /// Builds every file of the search index for `sections`, which this
    /// analyser made.
    pub fn files<R: Borrow<IndexedSection> + Sync>(&self, sections: &[R]) -> Vec<SearchFile> {
        let out = Out::keep();
        make_index(sections, self, &out, &|| false, Scoring::AllTerms);
        out.into_sorted()
    }

    /// Builds the index like [`Analyser::files`], handing each file to
    /// `emit` as soon as it is made instead of returning them all (in no
    /// set order). Gives up, leaving the index unfinished, once `stop`
    /// says so (it is asked between steps): `waymark serve` stops an index
    /// that a rebuild has made stale, so its records and postings are not
    /// held beside the rebuild's. `scoring` trades time for memory.
    pub fn write_index<R: Borrow<IndexedSection> + Sync>(
        &self,
        sections: &[R],
        emit: Emit<'_>,
        stop: &(dyn Fn() -> bool + Sync),
        scoring: Scoring,
    ) {
        make_index(sections, self, &Out::emit(emit), stop, scoring);
    }
}

fn make_index<R: Borrow<IndexedSection> + Sync>(
    sections: &[R],
    analyser: &Analyser,
    out: &Out<'_>,
    stop: &(dyn Fn() -> bool + Sync),
    scoring: Scoring,
) {
    // Stable ids: current records first, each group in input order.
    let mut recs: Vec<&IndexedSection> = sections.iter().map(Borrow::borrow).collect();
    recs.sort_by_key(|r| !r.current()); // stable
    let (recs, copies) = dedup::merge_copies(recs);
    let current = recs.iter().filter(|r| r.current()).count();

    // Document shards and facets depend only on the records: write them on
    // a second thread while this one scores (2-core budget).
    let facets = shards::Facets::new(&recs, &copies);
    let made = std::thread::scope(|scope| {
        let docs = scope.spawn(|| {
            let n = shards::write_docs(&recs, &facets, out, stop);
            shards::write_facets(&recs, &facets, out);
            n
        });
        let (postings, tables) = score(&recs, analyser, current as u32, scoring, stop)?;
        let next = shards::next_chars(&postings);
        let cards = cards::plan(&postings);
        let card_of = cards::write(&cards, &recs, &facets, out);
        if stop() {
            return None;
        }
        let bounds = shards::write_terms(&postings, &tables.surface, &card_of, out);
        let n = docs.join().expect("doc writer thread");
        Some(((bounds, next), n, tables))
    });
    let Some(((bounds, next), doc_count, tables)) = made else {
        return;
    };
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
        synonyms: &tables.synonyms,
    };
    out.put(manifest.file());
}

/// What the index reads of the vocabulary, copied out in one short lock
/// (render workers analysing the next build's pages may need it meanwhile).
struct Tables {
    /// Display forms of terms (see [`display_forms`]).
    surface: BTreeMap<String, String>,
    /// Each usable synonym pair with its sides' terms.
    synonyms: Vec<(Synonym, Vec<String>, Vec<String>)>,
}

/// How the index spends memory against time when it scores (output is the
/// same either way).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scoring {
    /// Every term's postings in one pass over the records: the fastest, and
    /// what a build does, whose budget is its time; its peak memory is
    /// those postings (5.5 million, 66 MB, at 10,000 pages).
    #[default]
    AllTerms,
    /// Terms in slices of about this many postings, one pass over the
    /// records per slice: what `waymark serve` does, which builds its index
    /// on a background thread after the reload, where a pass costs no one a
    /// wait, and which lives long enough for its peak memory to matter.
    InSlices(usize),
}

/// BM25 with heading/page-title bonuses, quantised, over the records in id
/// order: a first pass counts each term's records and the body lengths, a
/// second makes each term's list at its final size (sorted by id, as the
/// records are visited in order) and turns it into the [`TermList`] the
/// files are written from, so no list of every occurrence is held beside
/// the postings. With [`Scoring::InSlices`] the second pass is made once
/// per slice of terms, so only one slice's postings are held at a time.
/// `None` when `stop` says so, asked before each slice: a serve rebuild
/// that makes the index stale must not find it still holding every page's
/// old records beside its own new ones.
fn score(
    recs: &[&IndexedSection],
    analyser: &Analyser,
    current: u32,
    scoring: Scoring,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<(BTreeMap<String, TermList>, Tables)> {
    let mut df: Vec<u32> = Vec::new();
    let mut uses: Vec<u32> = Vec::new();
    for r in recs {
        for o in r.occurrences() {
            let t = o.term as usize;
            if t >= df.len() {
                df.resize(t + 1, 0);
            }
            df[t] += 1;
        }
        for (w, n) in r.word_uses() {
            let w = w as usize;
            if w >= uses.len() {
                uses.resize(w + 1, 0);
            }
            uses[w] += n;
        }
    }
    let n = recs.len().max(1) as f64;
    let avg = (recs.iter().map(|r| f64::from(r.body_len)).sum::<f64>() / n).max(1.0);
    let idf: Vec<f64> = df
        .iter()
        .map(|&d| {
            let d = f64::from(d);
            (1.0 + (n - d + 0.5) / (d + 0.5)).ln()
        })
        .collect();
    let mut lists: Vec<Option<TermList>> = (0..df.len()).map(|_| None).collect();
    for terms in slices(&df, scoring) {
        if stop() {
            return None;
        }
        let mut slice: Vec<Vec<Posting>> = df[terms.clone()]
            .iter()
            .map(|&d| Vec::with_capacity(d as usize))
            .collect();
        for (id, r) in recs.iter().enumerate() {
            let norm = 0.25 + 0.75 * f64::from(r.body_len) / avg;
            for o in r.occurrences() {
                let t = o.term as usize;
                if !terms.contains(&t) {
                    continue;
                }
                let tf = f64::from(o.body_tf);
                let sat = tf * 2.2 / (tf + 1.2 * norm);
                let bonus = if o.heading { HEADING_BONUS } else { 0.0 }
                    + if o.page_title { PAGE_TITLE_BONUS } else { 0.0 };
                let q = ((sat + bonus) * idf[t] * SCALE).round().clamp(1.0, 255.0) as u8;
                slice[t - terms.start].push(Posting {
                    id: id as u32,
                    score: q,
                    pos: o.first_pos,
                });
            }
        }
        // Each list gives way to its smaller form as it is made.
        for (t, list) in terms.zip(slice) {
            if !list.is_empty() {
                lists[t] = Some(shards::term_list(&list, current));
            }
        }
    }
    // The vocabulary is locked only to copy what the index names: render
    // workers intern every page's words under the same lock, and under
    // `waymark serve` this runs on a low-priority thread that must never
    // keep them waiting while it sorts the postings.
    let (surface, synonyms, terms) = {
        let vocab = analyser.vocabulary.lock();
        let text = |ids: &[u32]| -> Vec<String> {
            ids.iter()
                .map(|&i| vocab.terms[i as usize].clone())
                .collect()
        };
        let synonyms = analyser
            .pairs
            .iter()
            .map(|p| (p.syn.clone(), text(&p.abbr), text(&p.exp)))
            .collect();
        let terms: Vec<Option<String>> = lists
            .iter()
            .enumerate()
            .map(|(t, list)| list.as_ref().map(|_| vocab.terms[t].clone()))
            .collect();
        (display_forms(&vocab, &uses), synonyms, terms)
    };
    let postings = lists
        .into_iter()
        .zip(terms)
        .filter_map(|(list, term)| Some((term?, list?)))
        .collect();
    Some((postings, Tables { surface, synonyms }))
}

/// The ranges of term ids to score together: all at once, or slices of
/// about `size` postings by their counts `df` (a term is never split).
fn slices(df: &[u32], scoring: Scoring) -> Vec<std::ops::Range<usize>> {
    let size = match scoring {
        Scoring::AllTerms => return std::iter::once(0..df.len()).collect(),
        Scoring::InSlices(size) => size.max(1),
    };
    let mut slices = Vec::new();
    let (mut start, mut held) = (0, 0usize);
    for (t, &d) in df.iter().enumerate() {
        if held > 0 && held + d as usize > size {
            slices.push(start..t);
            (start, held) = (t, 0);
        }
        held += d as usize;
    }
    slices.push(start..df.len());
    slices
}

/// Display form of each term whose most frequent word (ties: alphabetical
/// first) differs from the stem, e.g. `requir` → `requirement`; `uses`
/// counts each word's uses in the records, by word id.
fn display_forms(v: &vocab::Vocab, uses: &[u32]) -> BTreeMap<String, String> {
    let mut best: BTreeMap<u32, usize> = BTreeMap::new();
    for (w, &count) in uses.iter().enumerate() {
        let t = v.word_term[w];
        if t == vocab::NONE || count == 0 {
            continue;
        }
        let better = best.get(&t).is_none_or(|&o| {
            let co = uses[o];
            count > co || (count == co && v.word_text[w] < v.word_text[o])
        });
        if better {
            best.insert(t, w);
        }
    }
    best.into_iter()
        .filter_map(|(t, w)| {
            let (term, word) = (&v.terms[t as usize], &v.word_text[w]);
            (word != term).then(|| (term.clone(), word.clone()))
        })
        .collect()
}
