//! The search reader tokenises and stems in JavaScript (`parts/search/text.js`),
//! the index in Rust (`search::text`). A query term that differs by one
//! letter from the indexed term finds nothing, so the two must agree on every
//! word. This test runs the JavaScript under Node over the whole vocabulary of
//! the bundled content plus a list of awkward cases, and fails on the first
//! disagreement. It needs `node` (the browser tests need it too).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use waymark::search::text::{words, Analyzer};

/// Words chosen to reach every branch of the Porter2 stemmer and of the
/// tokeniser: exceptions, short words, `y` as a consonant, step suffixes,
/// apostrophes, accents, digits, non-Latin scripts and characters whose
/// lower case is longer than themselves.
const AWKWARD: &[&str] = &[
    "skis skies dying lying tying idly gently ugly early only singly sky news howe atlas cosmos bias andes",
    "inning innings outing outings canning cannings herring herrings earring earrings proceed proceeded exceed exceeding succeed succeeded",
    "generate generates generously general generic communism communication commune arsenal arsenic past",
    "yelling yes youth boy boys toy's say sayings crying cried ties tie's agreed feed bleed",
    "caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled sized hopping tanned falling hissing fizzed failing filing",
    "happy sky relational conditional rational valenci hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization predication operator feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti",
    "triplicate formative formalize electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic adjustable defensible irritant replacement adjustment dependent adoption homologou communism activate angulariti homologous effective bowdlerize",
    "probate rate cease controll roll generalizations oscillators",
    "Court's court’s courts’ O'Neill rock'n'roll don't",
    "naïve café résumé Straße Æsop œuvre Ångström façade Øresund ŁÓDŹ",
    "İstanbul ǅemal ΣΊΣΥΦΟΣ Ελλάδα Москва 東京 ١٢٣ ½ ① ²",
    "s136 v4 2024 1,000 3.5% 10am mid-2019 co-operate e-mail re-offending 24/7 MHTR/ATR",
    "a an and are as at be by for from has have in into is it its of on or that the their this to was were will with",
    "ied ies sses eed eedly ed edly ing ingly ational tional enci anci abli entli izer ization ation ator alism aliti alli fulness ousli ousness iveness iviti biliti bli ogi fulli lessli",
    "y yy yay eye ayy aye bye dye",
];

fn vocabulary() -> Vec<String> {
    let mut texts: Vec<String> = AWKWARD.iter().map(|s| s.to_string()).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut files: Vec<_> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            name.ends_with(".md") || name.ends_with(".yaml")
        })
        .map(|e| e.into_path())
        .collect();
    files.sort();
    assert!(
        files.len() > 20,
        "the bundled content was not found under {}",
        root.display()
    );
    let mut seen = std::collections::BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("bundled content is UTF-8");
        for w in words(&text) {
            seen.insert(w);
        }
    }
    // Each distinct word once, and its original-case forms through the
    // awkward texts above: the vocabulary covers the stemmer, the texts the tokeniser.
    texts.extend(seen);
    texts
}

#[test]
fn reader_tokenises_and_stems_exactly_as_the_index() {
    let texts = vocabulary();
    let analyzer = Analyzer::default();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/search_text.mjs");
    let mut node = Command::new("node")
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("this test needs `node` on PATH (scripts/test.sh installs what the tests need)");
    let input = serde_json::to_vec(&texts).unwrap();
    node.stdin.take().unwrap().write_all(&input).unwrap();
    let out = node.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let js: Vec<(Vec<String>, Vec<String>)> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(js.len(), texts.len());

    let mut differences = Vec::new();
    let mut stems_checked = 0;
    for (text, (js_words, js_stems)) in texts.iter().zip(&js) {
        let rust_words = words(text);
        if &rust_words != js_words {
            differences.push(format!(
                "words of {text:?}: Rust {rust_words:?}, JS {js_words:?}"
            ));
            continue;
        }
        for (w, js_stem) in rust_words.iter().zip(js_stems) {
            stems_checked += 1;
            let rust_stem = analyzer.stem(w);
            if &rust_stem != js_stem {
                differences.push(format!("stem of {w:?}: Rust {rust_stem:?}, JS {js_stem:?}"));
            }
        }
    }
    assert!(
        stems_checked > 2000,
        "only {stems_checked} words were compared"
    );
    assert!(
        differences.is_empty(),
        "{} disagreements between parts/search/text.js and src/search/text.rs, first ones:\n{}",
        differences.len(),
        differences[..differences.len().min(20)].join("\n")
    );
}
