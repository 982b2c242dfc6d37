//! Fuzzing every parser that reads author input, on stable Rust.
//!
//! Each target replays its saved corpus (`tests/fuzz/corpus/<target>/`,
//! inputs that once crashed or hung a parser, kept so they never come back)
//! and then feeds it mutations of real inputs: the bundled content's files of
//! that kind, changed byte by byte, by YAML and Markdown tokens, by cutting,
//! duplicating and splicing. A target passes when no input panics.
//!
//! `cargo test --test fuzz` is the bounded run CI does (a fixed seed, so a
//! failure reproduces). For a longer hunt:
//!
//! ```sh
//! WAYMARK_FUZZ_ITERS=20000 WAYMARK_FUZZ_SEED=$RANDOM cargo test --release --test fuzz
//! ```
//!
//! An input that panics is saved as `tests/fuzz/corpus/<target>/crash-<hash>`
//! before the test fails: fix the bug, and commit the file so the crash is
//! replayed for ever.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use common::repo_root;
use waymark::content::glossary::Glossary;
use waymark::content::rules::NationalRules;
use waymark::content::sites::{EmbeddingFile, SiteRecord};
use waymark::markdown::highlight::Highlighter;
use waymark::markdown::{self, LinkError, LinkResolver, SourceRef};
use waymark::sites::overlay::{overlay, OverlayInput};
use waymark::yaml::{self, Origin};

/// Mutations per target in the bounded run; the whole-project target,
/// which runs a full check per input, does a tenth of that.
const DEFAULT_ITERS: usize = 300;
const DEFAULT_SEED: u64 = 0x5EED_CAFE;

/// A small, fast, deterministic generator (xorshift64*): no dependency,
/// and the same seed gives the same inputs on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that matter to Waymark's parsers: YAML structure, Markdown
/// structure, Waymark's own syntax, and awkward text.
const TOKENS: &[&str] = &[
    "---\n",
    ":",
    ": ",
    "\n",
    "\n  ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\"",
    "#",
    "|\n",
    ">-\n",
    "&a ",
    "*a",
    "!!str ",
    "~",
    "null",
    "true",
    "1e999",
    "-1",
    "2021-02-30",
    "0x",
    "\t",
    "## ",
    "# ",
    "```",
    "```check\n",
    "```map\n",
    "```form\n",
    "~~~",
    "{#id}",
    "{#new after=scope}",
    "{#scope remove}",
    "{{ site.",
    "}}",
    "[x](",
    ")",
    "<script>",
    "<style>",
    "<a id=\"x\">",
    "<!--",
    "-->",
    "|---|",
    "| a |",
    "> [!NOTE]\n",
    "[^1]",
    "\\",
    "..",
    "../",
    "\u{FEFF}",
    "\u{0}",
    "\u{202E}",
    "é",
    "😀",
    "\r\n",
    " ",
    "    ",
];

fn mutate(rng: &mut Rng, input: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(7) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 | 2 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                out.splice(at..at, t.iter().copied());
            }
            3 if !out.is_empty() => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at.min(end)..end);
            }
            4 if !out.is_empty() => {
                let start = rng.below(out.len());
                let end = (start + rng.below(256)).min(out.len());
                let chunk: Vec<u8> = out[start..end].to_vec();
                let most = if rng.below(8) == 0 { 500 } else { 3 };
                for _ in 0..1 + rng.below(most) {
                    out.splice(at..at, chunk.iter().copied());
                }
            }
            5 if !others.is_empty() => {
                let other = &others[rng.below(others.len())];
                let start = rng.below(other.len());
                let end = (start + rng.below(512)).min(other.len());
                out.splice(at..at, other[start..end].iter().copied());
            }
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let times = 1 + rng.below(200);
                out.splice(at..at, t.iter().copied().cycle().take(t.len() * times));
            }
        }
    }
    out
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// Files of the bundled content whose path (under content/) matches `keep`.
fn seeds(keep: impl Fn(&str) -> bool) -> Vec<Vec<u8>> {
    let content = repo_root().join("content");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&content)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if entry.file_type().is_file() && keep(&rel) {
            out.push(std::fs::read(entry.path()).unwrap());
        }
    }
    assert!(!out.is_empty(), "no seed inputs found");
    out
}

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(target)
}

/// Replays the target's corpus, then runs mutations of `seed_inputs`.
/// `run` gets each input as text (invalid UTF-8 made lossy, as Waymark's
/// loader reports it before any parser sees it).
fn fuzz(target: &str, seed_inputs: Vec<Vec<u8>>, iters: usize, run: impl Fn(&str)) {
    let saved: Vec<Vec<u8>> = std::fs::read_dir(corpus_dir(target))
        .map(|d| {
            let mut files: Vec<PathBuf> = d.map(|e| e.unwrap().path()).collect();
            files.sort();
            files.iter().map(|p| std::fs::read(p).unwrap()).collect()
        })
        .unwrap_or_default();
    let seed = env_number("WAYMARK_FUZZ_SEED", DEFAULT_SEED);
    let mut rng = Rng(seed
        ^ target.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
        })
        | 1);
    let inputs = saved
        .into_iter()
        .chain(seed_inputs.clone())
        .chain((0..iters).map(|_| {
            let base = &seed_inputs[rng.below(seed_inputs.len())];
            mutate(&mut rng, base, &seed_inputs)
        }));
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {})); // one report below, not one per panic
    let mut failure = None;
    for input in inputs {
        let text = String::from_utf8_lossy(&input);
        if catch_unwind(AssertUnwindSafe(|| run(&text))).is_err() {
            failure = Some(input);
            break;
        }
    }
    std::panic::set_hook(hook);
    if let Some(input) = failure {
        let hash = input.iter().fold(0xCBF2_9CE4_8422_2325u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
        });
        let dir = corpus_dir(target);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("crash-{hash:016x}"));
        std::fs::write(&path, &input).unwrap();
        // Run it again with the normal hook, so the panic's message shows.
        run(&String::from_utf8_lossy(&input));
        panic!("{target}: an input panicked; saved as {}", path.display());
    }
}

fn iters() -> usize {
    env_number("WAYMARK_FUZZ_ITERS", DEFAULT_ITERS as u64) as usize
}

fn is_page(rel: &str) -> bool {
    rel.ends_with(".md")
}

#[test]
fn fuzz_front_matter_and_pages() {
    fuzz("front-matter", seeds(is_page), iters(), |text| {
        let _ = waymark::content::parse_page(text, "a.md".into(), "content/a.md".into(), &[]);
    });
}

/// Resolves every link and embeds nothing, like a page with no neighbours.
struct AnyLink;

impl LinkResolver for AnyLink {
    fn resolve(&self, href: &str) -> Result<String, LinkError> {
        if href.contains("missing") {
            return Err(LinkError {
                message: "missing".into(),
                hint: None,
            });
        }
        Ok(href.to_string())
    }
}

#[test]
fn fuzz_markdown_rendering() {
    let highlighter = Highlighter::new();
    fuzz("markdown", seeds(is_page), iters(), |text| {
        let headings = markdown::scan_headings(text);
        let source = SourceRef {
            file: "content/a.md",
            body_line: 1,
            title_heading: false,
        };
        let _ = markdown::render(text, &source, &headings, &AnyLink, &highlighter);
        let _ = markdown::plain_text(text);
    });
}

#[test]
fn fuzz_knowledge_checks() {
    let checks: Vec<Vec<u8>> = seeds(is_page)
        .iter()
        .flat_map(|page| {
            let page = String::from_utf8_lossy(page).into_owned();
            page.split("```check\n")
                .skip(1)
                .filter_map(|rest| rest.split("```").next().map(|c| c.as_bytes().to_vec()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        !checks.is_empty(),
        "the bundled content has knowledge checks"
    );
    fuzz("knowledge-check", checks, iters(), |text| {
        let (check, _) = markdown::check::parse(
            text,
            "content/a.md",
            waymark::diagnostics::Position::new(3, 1),
        );
        if let Some(check) = check {
            let _ = markdown::check::html(&check, 3);
        }
    });
}

#[test]
fn fuzz_maps() {
    let maps = seeds(|rel| {
        rel.starts_with("maps/") && rel.ends_with(".yaml") && !rel.ends_with("_section.yaml")
    });
    fuzz("map", maps, iters(), |text| {
        let origin = Origin::file("content/maps/a.yaml");
        if let Ok(map) = waymark::maps::load_map(text, origin, &|link| Ok(link.to_string())) {
            let layout = waymark::maps::layout(&map);
            let _ = waymark::maps::render_svg(
                &map,
                &layout,
                &|l| Some(l.to_string()),
                &Default::default(),
                "m",
            );
            let _ = waymark::maps::text_alternative(&map);
        }
    });
}

#[test]
fn fuzz_forms() {
    let forms = seeds(|rel| {
        rel.starts_with("forms/") && rel.ends_with(".yaml") && !rel.ends_with("_section.yaml")
    });
    fuzz("form", forms, iters(), |text| {
        let origin = Origin::file("content/forms/a.yaml");
        if let Ok(form) = waymark::forms::parse_form(text, origin, "a") {
            let _ = waymark::forms::render_form_html(&form, "f");
        }
    });
}

#[test]
fn fuzz_site_overlays() {
    let national =
        std::fs::read_to_string(repo_root().join("content/protocol/national-protocol/v2.0.md"))
            .unwrap();
    let pathways = seeds(|rel| rel.starts_with("sites/") && rel.ends_with("pathway.md"));
    fuzz("site-overlay", pathways, iters(), |text| {
        let _ = overlay(&OverlayInput {
            national_body: &national,
            national_file: "content/protocol/national-protocol/v2.0.md",
            site_body: text,
            site_file: "content/sites/a/pathway.md",
            site_body_first_line: 1,
        });
    });
}

#[test]
fn fuzz_site_records_embedding_and_rules() {
    let yaml_files = seeds(|rel| {
        rel.starts_with("sites/") && rel.ends_with(".yaml") || rel == "national-rules.yaml"
    });
    fuzz("site-yaml", yaml_files, iters(), |text| {
        let origin = Origin::file("content/sites/a/site.yaml");
        let _ = yaml::parse::<SiteRecord>(text, origin);
        let _ = yaml::parse::<EmbeddingFile>(text, origin);
        let _ = waymark::content::sites::key_lines(text);
        let _ = waymark::content::sites::confirmation_lines(text);
        if let Ok(rules) = yaml::parse::<NationalRules>(text, origin) {
            let _ = rules.validate();
        }
    });
}

#[test]
fn fuzz_glossary() {
    fuzz(
        "glossary",
        seeds(|rel| rel == "glossary.yaml"),
        iters(),
        |text| {
            let _ = Glossary::parse(text, "content/glossary.yaml");
        },
    );
}

/// The whole pipeline on a small project assembled from the bundled
/// content (site.yaml, a versioned document, a site with its pathway and
/// embedding records, rules, glossary, a map, a form and a page with
/// knowledge checks): each input replaces one of its files, and `check`
/// runs every stage on it.
#[test]
fn fuzz_whole_project_check() {
    let repo = repo_root();
    let files = [
        "site.yaml",
        "content/index.md",
        "content/glossary.yaml",
        "content/national-rules.yaml",
        "content/protocol/national-protocol/v1.0.md",
        "content/protocol/national-protocol/v2.0.md",
        "content/sites/birmingham/site.yaml",
        "content/sites/birmingham/embedding.yaml",
        "content/sites/birmingham/pathway.md",
        "content/maps/non-compliance.yaml",
        "content/forms/mhtr-referral.yaml",
        "content/training/probation/03-supervising-a-cstr.md",
    ];
    let project = tempfile::tempdir().unwrap();
    let originals: Vec<Vec<u8>> = files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(repo.join(f)).unwrap();
            let path = project.path().join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &bytes).unwrap();
            bytes
        })
        .collect();
    let options = waymark::build::BuildOptions {
        root: project.path().to_path_buf(),
        out: None,
        drafts: true,
        write: false,
        zip: false,
    };
    // Which file an input replaces is chosen from the input's own bytes,
    // so a saved crash replays against the same file.
    let pick = |text: &str| {
        text.bytes()
            .fold(0usize, |h, b| h.wrapping_mul(31) + b as usize)
            % files.len()
    };
    let mut seed_inputs = originals.clone();
    seed_inputs.push(b"---\ntitle: x\n---\n".to_vec());
    fuzz("project", seed_inputs, iters() / 10, |text| {
        let which = pick(text);
        let path = project.path().join(files[which]);
        std::fs::write(&path, text).unwrap();
        let result = catch_unwind(AssertUnwindSafe(|| waymark::build::build(&options)));
        std::fs::write(&path, &originals[which]).unwrap();
        if let Err(panic) = result {
            std::panic::resume_unwind(panic);
        }
    });
}
