//! Card files: the display rows of each term's best current records, so the
//! dropdown can show a word's top results from one file.
//!
//! Why: from `file://` every script load costs a few milliseconds whatever
//! its size, and the best results of a query are scattered over the
//! document shards (one shard per result). The best results of a query of
//! one word are among the best [`CARDS`] of the terms it matches, so a card
//! file holding those rows, with snippets cut to [`CARD_CHARS`], turns up to
//! 8 loads into one or two. Queries of several words whose best results are
//! not among any word's cards still read document shards for the rest.
//!
//! Neighbouring terms' cards are packed together (in term order) up to
//! [`CARD_PACK`] records per file, so no word adds a file of its own.
//! Card files cost about as much space as the document shards, well inside
//! the index-size budget.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::encode::{Posting, TermList};
use super::out::Out;
use super::shards::{Facets, Rows, DOC_SHARDS_PER_DIR};
use super::{IndexedSection, SearchFile};

/// Cards per term: the term's best current records by score.
pub const CARDS: usize = 16;
/// Snippet length of a card; the dropdown cuts document snippets to this too.
pub const CARD_CHARS: usize = 160;
/// Records per card file at most, when packing the cards of neighbouring
/// terms (in term order). Four terms' worth, not one: creating a file costs
/// the build far more than its bytes (16 made ten thousand card files at
/// 10,000 pages), while a reader's load costs about the same up to tens of
/// KB, and a neighbour's cards are often what the next keystroke needs.
pub const CARD_PACK: usize = 4 * CARDS;

/// The ids of a term's cards: its best [`CARDS`] current postings (id below
/// `current`), by score, then id. search.js `cardIds` picks the same.
pub fn card_ids(list: &[Posting], current: u32) -> Vec<u32> {
    let mut best: Vec<&Posting> = list.iter().filter(|p| p.id < current).collect();
    best.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
    best.truncate(CARDS);
    best.iter().map(|p| p.id).collect()
}

/// Which records go in which card file, and each term's card file.
pub struct CardPlan {
    /// Per card file, its records' ids (sorted).
    pub files: Vec<BTreeSet<u32>>,
    /// Term → its card file (terms with no current records have none).
    pub of_term: BTreeMap<String, usize>,
}

/// Packs the terms' cards into files, in term order.
pub fn plan(postings: &BTreeMap<String, TermList>) -> CardPlan {
    let mut files: Vec<BTreeSet<u32>> = Vec::new();
    let mut of_term = BTreeMap::new();
    let mut pack: BTreeSet<u32> = BTreeSet::new();
    for (term, list) in postings {
        let ids = &list.cards;
        if ids.is_empty() {
            continue;
        }
        let new = ids.iter().filter(|id| !pack.contains(id)).count();
        if !pack.is_empty() && pack.len() + new > CARD_PACK {
            files.push(std::mem::take(&mut pack));
        }
        pack.extend(ids.iter().copied());
        of_term.insert(term.clone(), files.len());
    }
    if !pack.is_empty() {
        files.push(pack);
    }
    CardPlan { files, of_term }
}

/// Path of card file `i`: `search/c/F/N.js`, F = N / 1000 as for documents.
pub fn card_path(i: usize) -> String {
    format!("search/c/{}/{i}.js", i / DOC_SHARDS_PER_DIR)
}

/// Writes the card files of `plan`: `window.__wmSearch.cards(N, pages,
/// rows)`, rows as document shards write them, each led by its record id.
/// Returns each term's card file and its size in KiB, rounded up (the
/// reader budgets what it loads ahead by it).
pub fn write(
    plan: &CardPlan,
    recs: &[&IndexedSection],
    facets: &Facets,
    out: &Out<'_>,
) -> BTreeMap<String, (usize, usize)> {
    // Each file is independent: encode them on every core and hand each
    // on as it is made, keeping only its size.
    let kib: Vec<usize> = plan
        .files
        .par_iter()
        .enumerate()
        .map(|(i, ids)| {
            let mut rows = Rows::default();
            for &id in ids {
                rows.push(recs[id as usize], facets, CARD_CHARS, Some(id));
            }
            let (pages, rows) = rows.finish();
            let file = SearchFile {
                path: card_path(i),
                contents: format!("window.__wmSearch.cards({i},{pages},{rows});\n").into_bytes(),
            };
            let kib = file.contents.len().div_ceil(1024);
            out.put(file);
            kib
        })
        .collect();
    plan.of_term
        .iter()
        .map(|(t, &f)| (t.clone(), (f, kib[f])))
        .collect()
}
