//! Writes the index files: term shards and tails, document shards, the facet
//! table and the manifest. Every file is a classic script calling one
//! `window.__wmSearch.<kind>(…)` registration function (see `mod.rs` for why).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::encode::{encode_postings, js_str, js_value, push_varint, Posting};
use super::text::STOP_WORDS;
use super::{SearchFile, SearchSection, SynTerms, DOCS_PER_SHARD, HEAD, SNIPPET_CHARS};

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
    postings: &BTreeMap<String, Vec<Posting>>,
    surface: &BTreeMap<String, String>,
    current: u32,
    files: &mut Vec<SearchFile>,
) -> Vec<String> {
    let mut bounds: Vec<String> = Vec::new();
    let mut shard: Vec<String> = Vec::new();
    let mut size = 0usize;
    let mut last_prefix = String::new();
    let mut tails = 0usize;
    let flush = |shard: &mut Vec<String>, files: &mut Vec<SearchFile>, idx: usize| {
        let body = format!("window.__wmSearch.shard({idx},{{{}}});\n", shard.join(","));
        files.push(file(format!("search/t/{idx}.js"), body));
        shard.clear();
    };
    for (term, list) in postings {
        let (head, tail) = split_head(list, current);
        let tail_ref = if tail.is_empty() {
            -1
        } else {
            let body = format!(
                "window.__wmSearch.tail({tails},\"{}\");\n",
                encode_postings(&tail)
            );
            files.push(file(format!("search/p/{tails}.js"), body));
            tails += 1;
            tails as i64 - 1
        };
        let sf = surface.get(term).map(String::as_str).unwrap_or("");
        let entry = format!(
            "{}:[{},\"{}\",{},{}]",
            js_str(term),
            list.len(),
            encode_postings(&head),
            tail_ref,
            js_str(sf)
        );
        let p = prefix2(term);
        let new_prefix = p != last_prefix;
        if !shard.is_empty()
            && ((new_prefix && size >= SHARD_MIN) || size + entry.len() + 1 > SHARD_MAX)
        {
            flush(&mut shard, files, bounds.len() - 1);
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
    flush(&mut shard, files, bounds.len() - 1);
    bounds
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
}

impl Facets {
    pub fn new(recs: &[&SearchSection]) -> Self {
        let mut kinds: Vec<String> = recs.iter().map(|r| r.kind.clone()).collect();
        let mut audiences: Vec<String> = recs
            .iter()
            .flat_map(|r| r.audience.iter().cloned())
            .collect();
        let mut sites: Vec<String> = recs.iter().filter_map(|r| r.site.clone()).collect();
        for v in [&mut kinds, &mut audiences, &mut sites] {
            v.sort();
            v.dedup();
        }
        Facets {
            kinds,
            audiences,
            sites,
        }
    }
    fn idx(list: &[String], v: &str) -> usize {
        list.binary_search_by(|x| x.as_str().cmp(v)).unwrap_or(0)
    }
    /// (kind index, site index + 1 or 0, audience bit mask).
    pub fn codes(&self, r: &SearchSection) -> (u32, u32, u32) {
        let kind = Self::idx(&self.kinds, &r.kind) as u32;
        let site = r
            .site
            .as_deref()
            .map_or(0, |s| Self::idx(&self.sites, s) as u32 + 1);
        let aud = r.audience.iter().fold(0u32, |m, a| {
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

/// Writes `search/d/N.js`: per shard, the distinct pages (URL without
/// fragment, page title, breadcrumb) and the records `[page, fragment,
/// section title, snippet, kind, site+1, audience mask]`.
pub fn write_docs(recs: &[&SearchSection], facets: &Facets, files: &mut Vec<SearchFile>) -> usize {
    let chunks: Vec<&[&SearchSection]> = recs.chunks(DOCS_PER_SHARD).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        let mut pages = String::new();
        let mut page_keys: Vec<(&str, &str)> = Vec::new();
        let mut rows = String::new();
        for r in chunk.iter() {
            let (base, frag) = r.url.split_once('#').unwrap_or((&r.url, ""));
            let key = (base, r.page_title.as_str());
            let pi = match page_keys.iter().position(|k| *k == key) {
                Some(p) => p,
                None => {
                    page_keys.push(key);
                    let crumb: Vec<String> = r.breadcrumb.iter().map(|c| js_str(c)).collect();
                    let sep = if pages.is_empty() { "" } else { "," };
                    let (b, t) = (js_str(base), js_str(&r.page_title));
                    pages.push_str(&format!("{sep}[{b},{t},[{}]]", crumb.join(",")));
                    page_keys.len() - 1
                }
            };
            let (k, s, a) = facets.codes(r);
            let sep = if rows.is_empty() { "" } else { "," };
            let (f, h, t) = (
                js_str(frag),
                js_str(&r.section_title),
                js_str(&snippet(&r.text)),
            );
            rows.push_str(&format!("{sep}[{pi},{f},{h},{t},{k},{s},{a}]"));
        }
        let body = format!("window.__wmSearch.docs({i},{{\"p\":[{pages}],\"r\":[{rows}]}});\n");
        files.push(file(format!("search/d/{i}.js"), body));
    }
    chunks.len()
}

/// Writes `search/facets.js`: runs of consecutive records sharing facet
/// codes, as varints (run length, kind, site + 1, audience mask).
pub fn write_facets(recs: &[&SearchSection], facets: &Facets, files: &mut Vec<SearchFile>) {
    let mut out = String::new();
    let mut run: Option<((u32, u32, u32), u32)> = None;
    let emit = |out: &mut String, c: (u32, u32, u32), n: u32| {
        for v in [n, c.0, c.1, c.2] {
            push_varint(out, v);
        }
    };
    for r in recs {
        let c = facets.codes(r);
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
    files.push(file("search/facets.js".to_string(), body));
}

/// Collapses whitespace and cuts `text` near [`SNIPPET_CHARS`] at a word end
/// (reads only the start of the text).
pub fn snippet(text: &str) -> String {
    let mut out = String::with_capacity(SNIPPET_CHARS + 8);
    let mut chars = 0;
    for w in text.split_whitespace() {
        let n = w.chars().count();
        if chars + n + usize::from(chars > 0) > SNIPPET_CHARS {
            if chars == 0 {
                out.extend(w.chars().take(SNIPPET_CHARS));
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

/// Everything the manifest says.
pub struct Manifest<'a> {
    pub records: usize,
    pub current: usize,
    pub doc_shards: usize,
    pub bounds: &'a [String],
    pub facets: &'a Facets,
    pub synonyms: &'a SynTerms<'a>,
    pub terms: &'a [String],
}

impl Manifest<'_> {
    pub fn file(&self) -> SearchFile {
        let syn: Vec<Value> = self
            .synonyms
            .iter()
            .map(|p| {
                let t = |ids: &[u32]| -> Vec<&str> {
                    ids.iter()
                        .map(|&i| self.terms[i as usize].as_str())
                        .collect()
                };
                json!([p.syn.abbreviation, p.syn.expansion, t(&p.abbr), t(&p.exp)])
            })
            .collect();
        let v = json!({
            "v": super::shards::FORMAT,
            "n": self.records,
            "c": self.current,
            "docsPerShard": DOCS_PER_SHARD,
            "docShards": self.doc_shards,
            "head": HEAD,
            "rule": "term shard i holds terms t with bounds[i] <= t < bounds[i+1] (binary search)",
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
