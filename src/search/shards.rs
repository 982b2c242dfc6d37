//! Writes the index files: term shards and tails, document shards, the facet
//! table and the manifest. Every file is a classic script calling one
//! `window.__wmSearch.<kind>(…)` registration function (see `mod.rs` for why).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{json, Value};

use super::encode::{encode_postings, js_str, js_value, push_varint, Posting, TermList};
use super::out::Out;
use super::text::STOP_WORDS;
use super::{IndexedSection, SearchFile, Synonym, DOCS_PER_SHARD, HEAD, SNIPPET_CHARS};
use crate::slug::slugify;

/// Format version, bumped when the file layout changes.
pub const FORMAT: u32 = 1;
/// A term shard is closed before it would pass this many bytes…
pub const SHARD_MAX: usize = 40 * 1024;
/// …and at a two-letter prefix change once it holds at least this many.
pub const SHARD_MIN: usize = 12 * 1024;

fn file(path: String, body: String) -> SearchFile {
    SearchFile {
        path,
        contents: body.into_bytes(),
    }
}

/// First two characters of a term (its whole text if shorter).
pub fn prefix2(t: &str) -> &str {
    match t.char_indices().nth(2) {
        Some((i, _)) => &t[..i],
        None => t,
    }
}

/// Writes `search/t/N.js` and `search/p/N.js`; returns the shard boundaries:
/// shard `i` holds the terms `t` with `bounds[i] <= t < bounds[i + 1]`
/// (the first boundary is always "").
pub fn write_terms(
    postings: &BTreeMap<String, TermList>,
    surface: &BTreeMap<String, String>,
    cards: &BTreeMap<String, (usize, usize)>,
    out: &Out<'_>,
) -> Vec<String> {
    let mut bounds: Vec<String> = Vec::new();
    let mut shard: Vec<String> = Vec::new();
    let mut size = 0usize;
    let mut last_prefix = String::new();
    let mut tails = 0usize;
    let flush = |shard: &mut Vec<String>, idx: usize| {
        let body = format!("window.__wmSearch.shard({idx},{{{}}});\n", shard.join(","));
        out.put(file(format!("search/t/{idx}.js"), body));
        shard.clear();
    };
    for (term, list) in postings {
        let tail_ref = if list.tail.is_empty() {
            -1
        } else {
            let body = format!("window.__wmSearch.tail({tails},\"{}\");\n", list.tail);
            out.put(file(format!("search/p/{tails}.js"), body));
            tails += 1;
            tails as i64 - 1
        };
        let sf = surface.get(term).map(String::as_str).unwrap_or("");
        let (card, card_kib) = cards.get(term).map_or((-1, 0), |&(f, k)| (f as i64, k));
        let entry = format!(
            "{}:[{},\"{}\",{},{},{},{}]",
            js_str(term),
            list.len,
            list.head,
            tail_ref,
            js_str(sf),
            card,
            card_kib
        );
        let p = prefix2(term);
        let new_prefix = p != last_prefix;
        if !shard.is_empty()
            && ((new_prefix && size >= SHARD_MIN) || size + entry.len() + 1 > SHARD_MAX)
        {
            flush(&mut shard, bounds.len() - 1);
            bounds.push(if new_prefix {
                p.to_string()
            } else {
                term.clone()
            });
            size = 0;
        }
        if bounds.is_empty() {
            bounds.push(String::new());
        }
        size += entry.len() + 1;
        shard.push(entry);
        last_prefix = p.to_string();
    }
    if bounds.is_empty() {
        bounds.push(String::new());
    }
    flush(&mut shard, bounds.len() - 1);
    bounds
}

/// A term's postings (sorted by id) as the index files need them.
pub fn term_list(list: &[Posting], current: u32) -> TermList {
    let (head, tail) = split_head(list, current);
    TermList {
        len: list.len() as u32,
        cards: super::cards::card_ids(list, current),
        head: encode_postings(&head),
        tail: encode_postings(&tail),
    }
}

/// Splits a posting list (sorted by id) into the head — the best [`HEAD`]
/// postings, current versions first, then by score — and the tail, both
/// sorted by id.
pub fn split_head(list: &[Posting], current: u32) -> (Vec<Posting>, Vec<Posting>) {
    if list.len() <= HEAD {
        return (list.to_vec(), Vec::new());
    }
    let mut ranked: Vec<&Posting> = list.iter().collect();
    ranked.sort_by(|a, b| {
        (b.id < current)
            .cmp(&(a.id < current))
            .then(b.score.cmp(&a.score))
            .then(a.id.cmp(&b.id))
    });
    let mut head: Vec<Posting> = ranked[..HEAD].iter().map(|p| **p).collect();
    let mut tail: Vec<Posting> = ranked[HEAD..].iter().map(|p| **p).collect();
    head.sort_by_key(|p| p.id);
    tail.sort_by_key(|p| p.id);
    (head, tail)
}

/// Facet names (sorted) and each record's codes into them.
pub struct Facets {
    pub kinds: Vec<String>,
    pub audiences: Vec<String>,
    pub sites: Vec<String>,
    /// By record URL: the site copies a national record stands for (see
    /// `dedup`), as (URL, site name).
    copies: std::collections::HashMap<String, Vec<(String, String)>>,
}

impl Facets {
    /// `copies[i]`: the site records that record `i` stands for.
    pub fn new(recs: &[&IndexedSection], copies: &[Vec<&IndexedSection>]) -> Self {
        let mut kinds: Vec<String> = recs.iter().map(|r| r.page.kind.clone()).collect();
        let mut audiences: Vec<String> = recs
            .iter()
            .flat_map(|r| r.page.audience.iter().cloned())
            .collect();
        let mut sites: Vec<String> = recs
            .iter()
            .filter_map(|r| r.page.site.clone())
            .chain(copies.iter().flatten().filter_map(|c| c.page.site.clone()))
            .collect();
        for v in [&mut kinds, &mut audiences, &mut sites] {
            v.sort();
            v.dedup();
        }
        let copies = recs
            .iter()
            .zip(copies)
            .filter(|(_, c)| !c.is_empty())
            .map(|(r, c)| {
                let list = c
                    .iter()
                    .map(|c| (c.url.clone(), c.page.site.clone().unwrap_or_default()))
                    .collect();
                (r.url.clone(), list)
            })
            .collect();
        Facets {
            kinds,
            audiences,
            sites,
            copies,
        }
    }
    /// The site copies record `r` stands for: (URL, site name).
    pub fn copies_of(&self, r: &IndexedSection) -> &[(String, String)] {
        self.copies.get(&r.url).map_or(&[], Vec::as_slice)
    }
    /// Bit mask of the sites (index in `sites`, below 31) whose copies `r`
    /// stands for, so a site filter also finds the passages it inherits.
    pub fn inherited(&self, r: &IndexedSection) -> u32 {
        self.copies_of(r).iter().fold(0u32, |m, (_, site)| {
            let i = Self::idx(&self.sites, site);
            if i < 31 {
                m | (1 << i)
            } else {
                m
            }
        })
    }
    fn idx(list: &[String], v: &str) -> usize {
        list.binary_search_by(|x| x.as_str().cmp(v)).unwrap_or(0)
    }
    /// (kind index, site index + 1 or 0, audience bit mask).
    pub fn codes(&self, r: &IndexedSection) -> (u32, u32, u32) {
        let kind = Self::idx(&self.kinds, &r.page.kind) as u32;
        let site = r
            .page
            .site
            .as_deref()
            .map_or(0, |s| Self::idx(&self.sites, s) as u32 + 1);
        let aud = r.page.audience.iter().fold(0u32, |m, a| {
            let i = Self::idx(&self.audiences, a);
            if i < 31 {
                m | (1 << i)
            } else {
                m
            }
        });
        (kind, site, aud)
    }
}

/// Document shards per folder: `search/d/F/N.js` with F = N / this, so no
/// folder holds more than this many files (FAT32 sticks slow down, and some
/// tools fail, with tens of thousands of files in one folder).
pub const DOC_SHARDS_PER_DIR: usize = 1000;

/// Path of document shard `i`.
pub fn doc_path(i: usize) -> String {
    format!("search/d/{}/{i}.js", i / DOC_SHARDS_PER_DIR)
}

/// Writes the document shards: per shard, the rows of [`Rows`] for
/// [`DOCS_PER_SHARD`] consecutive records, as
/// `window.__wmSearch.docs(N, pages, rows)`.
pub fn write_docs(
    recs: &[&IndexedSection],
    facets: &Facets,
    out: &Out<'_>,
    stop: &(dyn Fn() -> bool + Sync),
) -> usize {
    let chunks: Vec<&[&IndexedSection]> = recs.chunks(DOCS_PER_SHARD).collect();
    // Independent files: encoded on every core, handed on as made (none
    // more once `stop` says the index is stale).
    chunks.par_iter().enumerate().for_each(|(i, chunk)| {
        if stop() {
            return;
        }
        let mut rows = Rows::default();
        for r in chunk.iter() {
            rows.push(r, facets, SNIPPET_CHARS, None);
        }
        let (pages, rows) = rows.finish();
        out.put(file(
            doc_path(i),
            format!("window.__wmSearch.docs({i},{pages},{rows});\n"),
        ))
    });
    chunks.len()
}

/// Display rows of records, as document shards and card files write them:
/// the distinct pages `[URL without fragment, page title, breadcrumb]` and
/// per record `[id (cards only), page, fragment, section title, snippet,
/// kind, site+1, audience mask]` (a fragment that is the section title's
/// slug is written as a number, see [`fragment`]). To keep small files
/// small, a breadcrumb that ends with the page title is written without it
/// (a page whose breadcrumb does not gets a fourth item, 0), and a record's
/// trailing zero facet codes are left out.
#[derive(Default)]
pub struct Rows<'a> {
    pages: Vec<String>,
    page_keys: Vec<(&'a str, &'a str)>,
    rows: Vec<String>,
}

impl<'a> Rows<'a> {
    pub fn push(&mut self, r: &'a IndexedSection, facets: &Facets, chars: usize, id: Option<u32>) {
        let (base, frag) = r.url.split_once('#').unwrap_or((&r.url, ""));
        let key = (base, r.page.page_title.as_str());
        let pi = match self.page_keys.iter().position(|k| *k == key) {
            Some(p) => p,
            None => {
                self.page_keys.push(key);
                let crumbs = &r.page.breadcrumb;
                let ends_with_title = crumbs.last() == Some(&r.page.page_title);
                let shown = if ends_with_title {
                    &crumbs[..crumbs.len() - 1]
                } else {
                    &crumbs[..]
                };
                let crumb: Vec<String> = shown.iter().map(|c| js_str(c)).collect();
                let (b, t) = (js_str(base), js_str(&r.page.page_title));
                let flag = if ends_with_title { "" } else { ",0" };
                self.pages
                    .push(format!("[{b},{t},[{}]{flag}]", crumb.join(",")));
                self.page_keys.len() - 1
            }
        };
        let (k, s, a) = facets.codes(r);
        let id = id.map(|id| format!("{id},")).unwrap_or_default();
        let mut row = format!(
            "[{id}{pi},{},{},{}",
            fragment(frag, &r.section_title),
            js_str(&r.section_title),
            js_str(&r.snippet(chars))
        );
        let codes = [k, s, a];
        let copies = facets.copies_of(r);
        let used = if copies.is_empty() {
            codes.iter().rposition(|&c| c != 0).map_or(0, |p| p + 1)
        } else {
            codes.len()
        };
        for c in &codes[..used] {
            row.push_str(&format!(",{c}"));
        }
        if !copies.is_empty() {
            let list: Vec<String> = copies
                .iter()
                .map(|(url, site)| format!("[{},{}]", js_str(url), js_str(site)))
                .collect();
            row.push_str(&format!(",[{}]", list.join(",")));
        }
        row.push(']');
        self.rows.push(row);
    }

    /// The pages and rows as two JS array literals.
    pub fn finish(self) -> (String, String) {
        (
            format!("[{}]", self.pages.join(",")),
            format!("[{}]", self.rows.join(",")),
        )
    }
}

/// A record's fragment as written: most are the slug of the section title
/// (or that plus `-N` for a repeated title), written as the number 0 (or N)
/// for the reader to slug again. Only ASCII titles qualify, so the reader's
/// slug rule (search.js `slug`) cannot differ from [`slugify`]'s.
fn fragment(frag: &str, title: &str) -> String {
    if !frag.is_empty() && title.is_ascii() {
        let slug = slugify(title);
        if frag == slug {
            return "0".to_string();
        }
        if let Some(n) = frag
            .strip_prefix(slug.as_str())
            .and_then(|rest| rest.strip_prefix('-'))
            .filter(|n| !n.starts_with('0'))
            .and_then(|n| n.parse::<u32>().ok())
        {
            return n.to_string();
        }
    }
    js_str(frag)
}

/// Writes `search/facets.js`: runs of consecutive records sharing facet
/// codes, as varints (run length, kind, site + 1, audience mask, mask of the
/// sites whose copies the record stands for).
pub fn write_facets(recs: &[&IndexedSection], facets: &Facets, index: &Out<'_>) {
    let mut out = String::new();
    type Codes = (u32, u32, u32, u32);
    let mut run: Option<(Codes, u32)> = None;
    let emit = |out: &mut String, c: Codes, n: u32| {
        for v in [n, c.0, c.1, c.2, c.3] {
            push_varint(out, v);
        }
    };
    for r in recs {
        let (k, s, a) = facets.codes(r);
        let c = (k, s, a, facets.inherited(r));
        run = match run {
            Some((pc, n)) if pc == c => Some((pc, n + 1)),
            Some((pc, n)) => {
                emit(&mut out, pc, n);
                Some((c, 1))
            }
            None => Some((c, 1)),
        };
    }
    if let Some((c, n)) = run {
        emit(&mut out, c, n);
    }
    let body = format!("window.__wmSearch.facets(\"{out}\");\n");
    index.put(file("search/facets.js".to_string(), body));
}

/// Collapses whitespace and cuts `text` near `limit` characters at a word
/// end (reads only the start of the text). search.js `cut` repeats this rule
/// to shorten document snippets to card length.
pub fn snippet(text: &str, limit: usize) -> String {
    let mut out = String::with_capacity(limit + 8);
    let mut chars = 0;
    for w in text.split_whitespace() {
        let n = w.chars().count();
        if chars + n + usize::from(chars > 0) > limit {
            if chars == 0 {
                out.extend(w.chars().take(limit));
            }
            let end = out.trim_end_matches([',', ';', ':', '.', ' ']).len();
            out.truncate(end);
            out.push('…');
            return out;
        }
        if chars > 0 {
            out.push(' ');
            chars += 1;
        }
        out.push_str(w);
        chars += n;
    }
    out
}

/// How many of the likeliest next characters [`next_chars`] keeps per prefix.
pub const NEXT_CHARS: usize = 3;

/// For every one- and two-letter prefix (a–z) of the index's terms, the
/// characters that most often follow it, likeliest first (weighted by
/// document frequency; ties alphabetical). The browser uses it to guess the
/// next keystroke before it has loaded the term shards that would tell it.
pub fn next_chars(postings: &BTreeMap<String, TermList>) -> BTreeMap<String, String> {
    let mut weight: BTreeMap<String, BTreeMap<char, usize>> = BTreeMap::new();
    for (term, list) in postings {
        let chars: Vec<char> = term.chars().take(3).collect();
        for k in 1..=2 {
            if chars.len() <= k || !chars[..k].iter().all(|c| c.is_ascii_lowercase()) {
                break;
            }
            let prefix: String = chars[..k].iter().collect();
            *weight
                .entry(prefix)
                .or_default()
                .entry(chars[k])
                .or_default() += list.len as usize;
        }
    }
    weight
        .into_iter()
        .map(|(prefix, w)| {
            let mut w: Vec<(char, usize)> = w.into_iter().collect();
            w.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let chars = w.iter().take(NEXT_CHARS).map(|(c, _)| *c).collect();
            (prefix, chars)
        })
        .collect()
}

/// Everything the manifest says.
pub struct Manifest<'a> {
    pub records: usize,
    pub current: usize,
    pub doc_shards: usize,
    /// Size of each term shard in KiB, rounded up (the browser budgets
    /// what it loads ahead of the reader's keys).
    pub term_kib: &'a [usize],
    /// Mean size of a document shard in bytes.
    pub doc_bytes: usize,
    pub next: &'a BTreeMap<String, String>,
    pub bounds: &'a [String],
    pub facets: &'a Facets,
    /// Each usable synonym pair with the terms of its two sides.
    pub synonyms: &'a [(Synonym, Vec<String>, Vec<String>)],
}

impl Manifest<'_> {
    pub fn file(&self) -> SearchFile {
        let syn: Vec<Value> = self
            .synonyms
            .iter()
            .map(|(syn, abbr, exp)| json!([syn.abbreviation, syn.expansion, abbr, exp]))
            .collect();
        let v = json!({
            "v": super::shards::FORMAT,
            "n": self.records,
            "c": self.current,
            "docsPerShard": DOCS_PER_SHARD,
            "docShards": self.doc_shards,
            "docShardsPerDir": DOC_SHARDS_PER_DIR,
            "head": HEAD,
            "cards": super::cards::CARDS,
            "cardChars": super::cards::CARD_CHARS,
            "rule": "term shard i holds terms t with bounds[i] <= t < bounds[i+1] (binary search)",
            "tk": self.term_kib,
            "db": self.doc_bytes,
            "next": self.next,
            "bounds": self.bounds,
            "kinds": self.facets.kinds,
            "audiences": self.facets.audiences,
            "sites": self.facets.sites,
            "stop": STOP_WORDS,
            "syn": syn,
        });
        file(
            "search/manifest.js".to_string(),
            format!("window.__wmSearch.manifest({});\n", js_value(&v)),
        )
    }
}
