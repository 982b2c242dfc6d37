use std::collections::BTreeMap;

use serde_json::Value;

use super::encode::{decode_postings, decode_varints, encode_postings, push_varint};
use super::shards::{prefix2, SHARD_MAX};
use super::text::{words, Analyzer, STOP_WORDS};
use super::*;

fn sec(url: &str, page: &str, section: &str, text: &str) -> SearchSection {
    SearchSection {
        url: url.into(),
        page_title: page.into(),
        section_title: section.into(),
        breadcrumb: vec!["Pathway".into()],
        text: text.into(),
        kind: "protocol".into(),
        audience: vec!["court".into()],
        site: None,
        current: true,
    }
}

fn mhtr() -> Vec<Synonym> {
    vec![Synonym {
        abbreviation: "MHTR".into(),
        expansion: "mental health treatment requirement".into(),
    }]
}

/// Parses `window.__wmSearch.kind(args);` into its JSON arguments.
fn args(f: &SearchFile) -> Vec<Value> {
    let s = std::str::from_utf8(&f.contents).unwrap();
    let open = s.find('(').unwrap();
    let close = s.rfind(')').unwrap();
    serde_json::from_str::<Value>(&format!("[{}]", &s[open + 1..close]))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// Every term of the index → (shard number, head postings, tail ref).
fn terms(files: &[SearchFile]) -> BTreeMap<String, (usize, Vec<Posting>, i64)> {
    let mut out = BTreeMap::new();
    for f in files.iter().filter(|f| f.path.starts_with("search/t/")) {
        let a = args(f);
        let shard = a[0].as_u64().unwrap() as usize;
        for (t, e) in a[1].as_object().unwrap() {
            let head = decode_postings(e[1].as_str().unwrap());
            let prev = out.insert(t.clone(), (shard, head, e[2].as_i64().unwrap()));
            assert!(prev.is_none(), "term {t} in two shards");
        }
    }
    out
}

fn manifest(files: &[SearchFile]) -> Value {
    let f = files
        .iter()
        .find(|f| f.path == "search/manifest.js")
        .unwrap();
    args(f)[0].clone()
}

#[test]
fn tokenises_folds_and_stems() {
    assert_eq!(
        words("Café's RÉSUMÉ, naïve—s136 v4"),
        ["cafes", "resume", "naive", "s136", "v4"]
    );
    let an = Analyzer::default();
    assert_eq!(
        an.terms("The assessments of the courts"),
        ["assess", "court"]
    );
    assert_eq!(an.terms("requirement requirements"), ["requir", "requir"]);
    assert_eq!(an.stem("2024"), "2024");
    let mut sorted = STOP_WORDS.to_vec();
    sorted.sort();
    assert_eq!(
        sorted, STOP_WORDS,
        "stop words must stay sorted (binary search)"
    );
}

#[test]
fn varints_round_trip() {
    let mut s = String::new();
    for v in [0, 1, 31, 32, 1023, 1024, 40_000, u32::MAX] {
        push_varint(&mut s, v);
    }
    assert_eq!(
        decode_varints(&s),
        [0, 1, 31, 32, 1023, 1024, 40_000, u32::MAX]
    );
    let list = vec![
        Posting {
            id: 3,
            score: 9,
            pos: 0,
        },
        Posting {
            id: 70,
            score: 255,
            pos: 400,
        },
    ];
    assert_eq!(decode_postings(&encode_postings(&list)), list);
}

fn corpus(n: usize) -> Vec<SearchSection> {
    let vocab = [
        "probation",
        "court",
        "clinician",
        "consent",
        "capacity",
        "safeguarding",
        "referral",
        "liaison",
        "diversion",
        "assessment",
        "sentence",
        "breach",
        "review",
        "adjournment",
        "formulation",
        "medication",
        "engagement",
        "outcome",
        "governance",
        "treatment",
    ];
    (0..n)
        .map(|i| {
            let text: Vec<String> = (0..120)
                .map(|k| format!("{}{}", vocab[(i * 7 + k * 13) % vocab.len()], (i + k) % 50))
                .collect();
            sec(
                &format!("p/{i}.html#s"),
                &format!("Page {i}"),
                "Section",
                &text.join(" "),
            )
        })
        .collect()
}

#[test]
fn every_term_in_exactly_one_shard_and_shards_bounded() {
    let files = build_index(&corpus(3000), &[]);
    let all = terms(&files);
    let bounds: Vec<String> = manifest(&files)["bounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_str().unwrap().to_string())
        .collect();
    assert!(
        bounds.len() > 3,
        "expected several shards, got {}",
        bounds.len()
    );
    assert_eq!(bounds[0], "");
    for (t, (shard, ..)) in &all {
        let by_rule = bounds
            .iter()
            .rposition(|b| b.as_str() <= t.as_str())
            .unwrap();
        assert_eq!(
            by_rule, *shard,
            "term {t} found in shard {shard}, rule says {by_rule}"
        );
    }
    for f in files.iter().filter(|f| f.path.starts_with("search/t/")) {
        assert!(
            f.contents.len() <= SHARD_MAX + 200,
            "{} is {} bytes",
            f.path,
            f.contents.len()
        );
    }
    // A new two-letter prefix starts a shard boundary or continues a shard.
    assert!(bounds
        .iter()
        .skip(1)
        .all(|b| b.len() >= 2 || prefix2(b) == b));
}

#[test]
fn deterministic() {
    let c = corpus(500);
    let a = build_index(&c, &mhtr());
    let b = build_index(&c, &mhtr());
    assert_eq!(a, b);
    let mut paths: Vec<&str> = a.iter().map(|f| f.path.as_str()).collect();
    let sorted = {
        let mut p = paths.clone();
        p.sort();
        p
    };
    assert_eq!(paths, sorted);
    paths.dedup();
    assert_eq!(paths.len(), a.len());
}

#[test]
fn synonyms_expand_both_ways() {
    let recs = vec![
        sec(
            "a.html",
            "Alpha",
            "",
            "The mental health treatment requirement applies.",
        ),
        sec("b.html", "Beta", "", "An MHTR was made."),
        sec(
            "c.html",
            "Gamma",
            "",
            "Mental capacity and health visitors.",
        ),
    ];
    let files = build_index(&recs, &mhtr());
    let t = terms(&files);
    let ids = |term: &str| -> Vec<u32> { t[term].1.iter().map(|p| p.id).collect() };
    assert_eq!(ids("mhtr"), [0, 1], "abbreviation finds the expansion");
    assert_eq!(ids("requir"), [0, 1], "expansion finds the abbreviation");
    assert_eq!(ids("mental"), [0, 1, 2]);
    // Expansion terms added for b are consecutive (phrase boost works).
    let pos = |term: &str| t[term].1.iter().find(|p| p.id == 1).unwrap().pos;
    assert_eq!(pos("health"), pos("mental") + 1);
    let m = manifest(&files);
    assert_eq!(m["syn"][0][2], serde_json::json!(["mhtr"]));
    assert_eq!(
        m["syn"][0][3],
        serde_json::json!(["mental", "health", "treatment", "requir"])
    );
}

#[test]
fn superseded_records_come_last_and_lose_head_slots() {
    let mut recs = corpus(HEAD + 150);
    for r in recs.iter_mut().take(100) {
        r.current = false;
        r.text.push_str(" zebra zebra zebra");
    }
    for r in recs.iter_mut().skip(100) {
        r.text.push_str(" zebra");
    }
    let files = build_index(&recs, &[]);
    let m = manifest(&files);
    let current = m["c"].as_u64().unwrap() as u32;
    assert_eq!(current as usize, HEAD + 50);
    let (_, head, tail) = &terms(&files)["zebra"];
    assert_eq!(head.len(), HEAD);
    assert!(*tail >= 0);
    // Superseded sections score higher here, but current ones fill the head.
    assert!(head.iter().all(|p| p.id < current));
    // Docs keep the input's URL for the superseded sections (now ids ≥ c).
    let d = files
        .iter()
        .find(|f| f.path == shards::doc_path(current as usize / DOCS_PER_SHARD))
        .unwrap();
    let a = args(d);
    let row = &a[2][current as usize % DOCS_PER_SHARD];
    let page = &a[1][row[0].as_u64().unwrap() as usize];
    assert_eq!(page[0], "p/0.html");
}

#[test]
fn headings_outrank_body() {
    let recs = vec![
        sec(
            "a.html#x",
            "Alpha",
            "Other",
            "Consent is discussed here among many other words about the court.",
        ),
        sec(
            "b.html#y",
            "Beta",
            "Consent",
            "Some words about the court and the hearing.",
        ),
        sec("c.html", "Consent", "", "Words."),
    ];
    // Sections without the word, so its idf (and scores) are not tiny.
    let filler = (0..20).map(|i| sec(&format!("f{i}.html"), "Other", "", "Court hearing words."));
    let recs: Vec<SearchSection> = recs.into_iter().chain(filler).collect();
    let t = terms(&build_index(&recs, &[]));
    let s: Vec<u8> = t["consent"].1.iter().map(|p| p.score).collect();
    // HEADING_BONUS is 2 against at most 2.2 for the body; a single use in a
    // sentence scores about 1.
    assert!(2 * s[1] > 3 * s[0], "heading {} vs body {}", s[1], s[0]);
    assert!(
        2 * s[2] > 3 * s[0],
        "intro page title {} vs body {}",
        s[2],
        s[0]
    );
}

#[test]
fn docs_and_facets() {
    let mut recs = corpus(25);
    recs[3].kind = "form".into();
    recs[3].site = Some("Riverside".into());
    recs[1].breadcrumb = vec!["Pathway".into(), "Page 1".into()];
    recs[2].text = "<script>alert(1)</script> \u{2028} end".into();
    let files = build_index(&recs, &[]);
    let m = manifest(&files);
    assert_eq!(m["kinds"], serde_json::json!(["form", "protocol"]));
    assert_eq!(m["sites"], serde_json::json!(["Riverside"]));
    assert_eq!(m["docShards"], 25usize.div_ceil(DOCS_PER_SHARD));
    let d0 = files.iter().find(|f| f.path == "search/d/0/0.js").unwrap();
    let body = std::str::from_utf8(&d0.contents).unwrap();
    assert!(!body.contains("</script") && !body.contains('\u{2028}'));
    let a = args(d0);
    // [page, fragment, section, snippet, kind, site + 1, audience mask]
    assert_eq!(a[2][3][4], 0);
    assert_eq!(a[2][3][5], 1);
    assert_eq!(a[2][3][6], 1);
    // Trailing zero codes are left out: record 0 is "protocol" (kind 1), no site.
    assert_eq!(a[2][0].as_array().unwrap().len(), 7);
    assert_eq!(a[2][0][4], 1);
    // A breadcrumb that ends with the page title is written without it; one
    // that does not is flagged so the reader does not add the title.
    assert_eq!(
        a[1][1],
        serde_json::json!(["p/1.html", "Page 1", ["Pathway"]])
    );
    assert_eq!(
        a[1][0],
        serde_json::json!(["p/0.html", "Page 0", ["Pathway"], 0])
    );
    let long = shards::snippet(&"word ".repeat(200), SNIPPET_CHARS);
    assert!(long.chars().count() <= SNIPPET_CHARS + 1 && long.ends_with('…'));
}

#[test]
fn fragments_that_are_title_slugs_are_written_as_numbers() {
    let mut recs = corpus(4);
    recs[0].url = "p/0.html#who-this-applies-to".into();
    recs[0].section_title = "Who this applies to".into();
    recs[1].url = "p/1.html#who-this-applies-to-2".into();
    recs[1].section_title = "Who this applies to".into();
    recs[2].url = "p/2.html#custom".into();
    recs[2].section_title = "Café rules".into();
    recs[3].url = "p/3.html#review-02".into();
    recs[3].section_title = "Review".into();
    let files = build_index(&recs, &[]);
    let d0 = files.iter().find(|f| f.path == "search/d/0/0.js").unwrap();
    let rows = args(d0)[2].clone();
    assert_eq!(rows[0][1], 0);
    assert_eq!(rows[1][1], 2);
    assert_eq!(rows[2][1], "custom");
    assert_eq!(rows[3][1], "review-02");
}

#[test]
fn manifest_guides_looking_ahead() {
    let text = |t: &str| sec("p.html#s", "Page", "Section", t);
    let recs = vec![
        text("court consent capacity"),
        text("court consent"),
        text("court 2024"),
    ];
    let files = build_index(&recs, &[]);
    let m = manifest(&files);
    // After "c": "o" (court 3 + consent 2) before "a" (capacity 1).
    assert_eq!(m["next"]["c"], "oa");
    assert_eq!(m["next"]["co"], "un");
    assert_eq!(m["next"]["ca"], "p");
    // Digits start no entry; every entry is one or two letters.
    assert!(m["next"].get("2").is_none());
    assert!(m["next"]
        .as_object()
        .unwrap()
        .keys()
        .all(|k| (1..=2).contains(&k.len())));
    // One size per term shard, in KiB rounded up; the mean document shard.
    let shards: Vec<&SearchFile> = files
        .iter()
        .filter(|f| f.path.starts_with("search/t/"))
        .collect();
    let tk = m["tk"].as_array().unwrap();
    assert_eq!(tk.len(), shards.len());
    assert_eq!(
        tk[0].as_u64().unwrap() as usize,
        shards[0].contents.len().div_ceil(1024)
    );
    let docs = files.iter().find(|f| f.path == "search/d/0/0.js").unwrap();
    assert_eq!(m["db"].as_u64().unwrap() as usize, docs.contents.len());
    assert_eq!(m["docShardsPerDir"], 1000);
}

/// Every card file's rows by record id, read back: id → (file, row).
fn card_rows(files: &[SearchFile]) -> BTreeMap<u64, Vec<(usize, Value)>> {
    let mut out: BTreeMap<u64, Vec<(usize, Value)>> = BTreeMap::new();
    for f in files.iter().filter(|f| f.path.starts_with("search/c/")) {
        let a = args(f);
        let n = a[0].as_u64().unwrap() as usize;
        assert_eq!(f.path, format!("search/c/{}/{n}.js", n / 1000));
        for row in a[2].as_array().unwrap() {
            out.entry(row[0].as_u64().unwrap())
                .or_default()
                .push((n, row.clone()));
        }
    }
    out
}

#[test]
fn card_ids_are_the_best_current_postings() {
    let p = |id, score| Posting { id, score, pos: 0 };
    // Record 9 is superseded (current = 8); ties go to the lower id.
    let list = [p(1, 5), p(2, 9), p(3, 5), p(9, 255)];
    assert_eq!(cards::card_ids(&list, 8), vec![2, 1, 3]);
    let many: Vec<Posting> = (0..40).map(|i| p(i, (i % 7) as u8)).collect();
    let ids = cards::card_ids(&many, 100);
    assert_eq!(ids.len(), cards::CARDS);
    assert!(ids[..5].iter().all(|id| id % 7 == 6));
    assert!(cards::card_ids(&[p(9, 3)], 8).is_empty());
}

#[test]
fn every_term_points_at_a_card_file_holding_its_best_records() {
    let mut recs = corpus(600);
    for r in recs.iter_mut().skip(550) {
        r.current = false;
    }
    recs[5].text.push_str(" quahog");
    recs[6].text.push_str(" quark");
    let files = build_index(&recs, &[]);
    let m = manifest(&files);
    let current = m["c"].as_u64().unwrap() as u32;
    assert_eq!(m["cards"], cards::CARDS);
    let rows = card_rows(&files);
    let mut card_of = BTreeMap::new();
    let kib = |n: i64| {
        let path = format!("search/c/{}/{n}.js", n / 1000);
        let f = files.iter().find(|f| f.path == path).unwrap();
        f.contents.len().div_ceil(1024) as u64
    };
    for f in files.iter().filter(|f| f.path.starts_with("search/t/")) {
        for (t, e) in args(f)[1].as_object().unwrap() {
            let file = e[4].as_i64().unwrap();
            // The entry gives the card file's size too, for the reader's budget.
            let size = e[5].as_u64().unwrap();
            assert_eq!(size, if file < 0 { 0 } else { kib(file) }, "{t}");
            card_of.insert(t.clone(), file);
        }
    }
    let all = terms(&files);
    assert!(all.len() > 100);
    for (t, (_, head, _)) in &all {
        let ids = cards::card_ids(head, current);
        let file = card_of[t];
        if ids.is_empty() {
            assert_eq!(file, -1, "{t} has no current records but a card file");
            continue;
        }
        for id in ids {
            assert!(
                rows.get(&u64::from(id))
                    .is_some_and(|r| r.iter().any(|(n, _)| *n as i64 == file)),
                "record {id} of {t} missing from card file {file}"
            );
        }
    }
    // A rare word's cards share a file with its neighbours'; no file holds
    // more than CARD_PACK records, and none repeats a record.
    assert_eq!(card_of["quahog"], card_of["quark"]);
    let mut per_file: BTreeMap<usize, Vec<u64>> = BTreeMap::new();
    for (id, r) in &rows {
        for (n, _) in r {
            per_file.entry(*n).or_default().push(*id);
        }
    }
    for (n, ids) in &per_file {
        assert!(
            ids.len() <= cards::CARD_PACK,
            "card file {n}: {}",
            ids.len()
        );
        let mut d = ids.clone();
        d.dedup();
        assert_eq!(&d, ids);
    }
}

#[test]
fn card_rows_match_document_rows_with_shorter_snippets() {
    let recs = corpus(40);
    let files = build_index(&recs, &[]);
    let docs: BTreeMap<u64, Value> = files
        .iter()
        .filter(|f| f.path.starts_with("search/d/"))
        .flat_map(|f| {
            let a = args(f);
            let base = a[0].as_u64().unwrap() * DOCS_PER_SHARD as u64;
            let pages = a[1].clone();
            a[2].as_array()
                .unwrap()
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let mut r = r.clone();
                    r[0] = pages[r[0].as_u64().unwrap() as usize].clone();
                    (base + i as u64, r)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let rows = card_rows(&files);
    assert!(!rows.is_empty());
    for f in files.iter().filter(|f| f.path.starts_with("search/c/")) {
        let a = args(f);
        for row in a[2].as_array().unwrap() {
            let id = row[0].as_u64().unwrap();
            let doc = &docs[&id];
            // Same page, fragment, title and facets; the snippet is the
            // document's cut to card length by the same rule.
            assert_eq!(a[1][row[1].as_u64().unwrap() as usize], doc[0]);
            let (row, doc) = (row.as_array().unwrap(), doc.as_array().unwrap());
            assert_eq!(row[2..4], doc[1..3]);
            assert_eq!(row[5..], doc[4..]);
            let text = &recs[id as usize].text;
            assert_eq!(
                row[4].as_str().unwrap(),
                shards::snippet(text, cards::CARD_CHARS)
            );
            assert!(row[4].as_str().unwrap().chars().count() <= cards::CARD_CHARS + 1);
        }
    }
}

/// Regression: every synonym hit used to be checked at every position, so a
/// section repeating an abbreviation n times took O(n²) (300,000 times took
/// over 30 s). Now one pass: 200,000 repeats would take hours the old way.
#[test]
fn repeated_abbreviations_index_in_linear_time() {
    let repeats = 200_000;
    let text = "MHTR ".repeat(repeats);
    let record = sec("a.html", "Alpha", "Section", &text);
    let analyser = Analyser::new(mhtr(), &vocab::Vocabulary::default());
    let [analysed] = &analyser.sections(vec![record])[..] else {
        panic!("one record");
    };
    assert_eq!(analysed.body_len as usize, repeats);
    let vocab = analyser.vocabulary.lock();
    let tf = |word: &str| {
        analysed
            .occurrences()
            .find(|o| vocab.terms[o.term as usize] == word)
            .unwrap()
            .body_tf as usize
    };
    assert_eq!(tf("mhtr"), repeats);
    // Each abbreviation also counts once for every word of its expansion.
    assert_eq!(tf("mental"), repeats);
    assert_eq!(tf("requir"), repeats);
}

#[test]
fn site_copies_are_listed_on_the_national_record_not_indexed() {
    let national = sec("n.html#a", "National", "Assessment", "Same words here.");
    let mut copy = sec("s/x.html#a", "X pathway", "Assessment", "Same words here.");
    copy.site = Some("Riverside".into());
    let mut own = sec("s/x.html#b", "X pathway", "Referral", "Local words.");
    own.site = Some("Riverside".into());
    let files = build_index(&[national, copy, own], &[]);
    let m = manifest(&files);
    assert_eq!(m["n"], 2, "the copy is not a record of its own");
    assert_eq!(m["sites"], serde_json::json!(["Riverside"]));
    let d0 = files.iter().find(|f| f.path == "search/d/0/0.js").unwrap();
    let a = args(d0);
    // [page, fragment, section, snippet, kind, site + 1, audience mask, copies]
    assert_eq!(a[2][0][7], serde_json::json!([["s/x.html#a", "Riverside"]]));
    assert_eq!(a[2][1].as_array().unwrap().len(), 7, "no copies, no list");
    // "same" is found once, on the national record.
    assert_eq!(terms(&files)["same"].1.len(), 1);
    // facets.js: (run, kind, site + 1, audience, inherited sites) per run;
    // the national record counts for Riverside's filter through its copy.
    let f = files.iter().find(|f| f.path == "search/facets.js").unwrap();
    let codes = decode_varints(args(f)[0].as_str().unwrap());
    assert_eq!(codes, [1, 0, 0, 1, 1, 1, 0, 1, 1, 0]);
}

/// Records are split into words by each render worker and interned under
/// one lock (`Words::of`, `Vocab::intern`): that must give the same term
/// ids and vocabulary as tokenising each field in turn, and count each
/// surface word's uses.
#[test]
fn splitting_apart_then_interning_equals_tokenising_in_turn() {
    use vocab::{Vocab, Words};
    let texts = [
        "The Court's order: court orders, ORDER and the courts.",
        "Café naïve façade — 2024 s136 v4; the and of",
        "",
        "order order order new words at the end",
    ];
    let (mut split, mut inline) = (Vocab::default(), Vocab::default());
    let interned = split.intern(&Words::of(&texts));
    let tokenised: Vec<Vec<u32>> = texts.iter().map(|t| inline.tokens(t)).collect();
    assert_eq!(interned.fields, tokenised);
    assert_eq!(split.terms, inline.terms);
    assert_eq!(split.word_text, inline.word_text);
    assert_eq!(split.word_term, inline.word_term);
    let mut counted: BTreeMap<String, u32> = BTreeMap::new();
    for w in texts.iter().flat_map(|t| words(t)) {
        if !text::is_stop(&w) {
            *counted.entry(w).or_default() += 1;
        }
    }
    let uses: BTreeMap<String, u32> = interned
        .word_uses
        .iter()
        .map(|&(w, n)| (split.word_text[w as usize].clone(), n))
        .collect();
    assert_eq!(uses, counted);
    assert_eq!(uses["order"], 5);
    assert!(
        split.terms.contains(&"court".to_string()),
        "{:?}",
        split.terms
    );
}

#[test]
fn scoring_in_slices_writes_the_same_index() {
    let mut sections = corpus(700);
    for (i, s) in sections.iter_mut().enumerate() {
        // A word in every section, so one term has a tail; some superseded.
        s.text.push_str(" protocol");
        s.current = i % 5 != 0;
    }
    let analyser = Analyser::new(mhtr(), &Vocabulary::default());
    let recs = analyser.sections(sections);
    let whole = analyser.files(&recs);
    assert!(
        terms(&whole).values().any(|(_, _, tail)| *tail >= 0),
        "no term has a tail"
    );
    for size in [1, 97, 5000] {
        let made = std::sync::Mutex::new(Vec::new());
        analyser.write_index(
            &recs,
            &|f| made.lock().unwrap().push(f),
            &|| false,
            Scoring::InSlices(size),
        );
        let mut sliced = made.into_inner().unwrap();
        sliced.sort_by(|a, b| a.path.cmp(&b.path));
        assert!(
            sliced == whole,
            "slices of {size} postings wrote another index"
        );
    }
}

#[test]
fn slices_cover_every_term_once_within_their_size() {
    let df = [3, 0, 5, 2, 9, 1];
    let whole = slices(&df, Scoring::AllTerms);
    assert_eq!((whole.len(), whole[0].clone()), (1, 0..6));
    let cut = slices(&df, Scoring::InSlices(5));
    assert_eq!(cut, vec![0..2, 2..3, 3..4, 4..5, 5..6]);
    // A term larger than a slice gets one of its own; nothing is dropped.
    let none = slices(&[], Scoring::InSlices(5));
    assert_eq!((none.len(), none[0].clone()), (1, 0..0));
    assert_eq!(slices(&[7, 7], Scoring::InSlices(5)), vec![0..1, 1..2]);
}
