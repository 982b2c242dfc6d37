//! Unit tests of the theme's scripts, under Node (no browser): the search
//! reader's ranking, query prediction and index lookups against an index the
//! real Rust indexer built (`tests/js/search.mjs`), and the forms script's
//! validation, dates and CSV (`tests/js/forms.mjs`). Each runs the joined
//! script as the build writes it (`theme::JOINED_SCRIPTS`), through
//! `tests/js/joined.mjs`. They need `node` (the browser tests need it too).

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use waymark::theme::{JOINED_CLOSING, JOINED_OPENING};

/// A versioned document of three sections, a site whose pathway replaces
/// one of them (so the other two are indexed once, "also in" the site),
/// pages sharing the common word "court" with "reform" in five of them and
/// "refund" in three, a page of question words and three pages of made-up
/// words (`qu…ot`) that spread the vocabulary over several term shards.
fn search_fixture() -> Project {
    let mut project = Project::new()
        .file(
            "content/protocol/guide/v1.0.md",
            "---\ntitle: Treatment guide\nversion: \"1.0\"\nstatus: approved\n\
             effective: 2020-01-01\napproved_by: National steering group\nsummary: How treatment runs.\n---\n\n\
             How treatment runs.\n\n\
             ## Clinic referral {#referral}\n\nThe clinic takes a referral from probation after screening.\n\n\
             ## Remote sessions {#remote}\n\nSessions may be delivered remotely by telephone when travel is hard.\n\n\
             ## Hearings {#hearings}\n\nHearings by video need a secure room.\n",
        )
        .file(
            "content/sites/alpha/site.yaml",
            "name: Alpha\nkind: testbed\nstatus: live\nlive_from: 2019-01-01\n",
        )
        .file(
            "content/sites/alpha/pathway.md",
            "---\ntitle: Alpha's pathway\nvariation_of: protocol/guide\nbased_on: \"1.0\"\n---\n\n\
             ## Hearings {#hearings}\n\nAlpha holds hearings in person only.\n",
        )
        .file(
            "content/faq.md",
            "# Questions\n\nHow do I ask? What can we do? How should you ask when you need to?\n",
        );
    let notes = [
        ("reform-1", "Reform one", "The court reform plan."),
        ("reform-2", "Reform two", "Another court reform."),
        ("reform-3", "Reform three", "A reform of the court rota."),
        ("reform-4", "Reform four", "Reform of court listings."),
        (
            "reform-5",
            "Reform five",
            "The reform board meets at court.",
        ),
        ("refund-1", "Refund one", "A refund of court costs."),
        ("refund-2", "Refund two", "Ask the court for a refund."),
        ("refund-3", "Refund three", "Refund letters from the court."),
    ];
    // Enough distinct words for several term shards, in three pages so the
    // other words' document frequencies barely move.
    for page in 0..3 {
        let words: Vec<String> = (0..500)
            .map(|i| {
                let n = page * 500 + i;
                let letter = |k: usize| char::from(b'a' + (n / k % 26) as u8);
                format!("qu{}{}{}ot", letter(676), letter(26), letter(1))
            })
            .collect();
        project = project.file(
            &format!("content/vocabulary/words-{page}.md"),
            &format!("# Words {page}\n\n{}\n", words.join(" ")),
        );
    }
    for (name, title, text) in notes {
        project = project.file(
            &format!("content/notes/{name}.md"),
            &format!("# {title}\n\n{text}\n"),
        );
    }
    project
}

/// Runs `node tests/js/SCRIPT ARG` and fails with its output unless it passes.
fn node(script: &str, arg: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("node")
        .arg(root.join("tests/js").join(script))
        .arg(arg)
        .env("WAYMARK_JOINED_OPENING", JOINED_OPENING)
        .env("WAYMARK_JOINED_CLOSING", JOINED_CLOSING)
        .output()
        .expect("this test needs `node` on PATH (scripts/test.sh installs what the tests need)");
    assert!(
        out.status.success(),
        "tests/js/{script} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn search_reader_ranks_predicts_and_reads_a_real_index() {
    let project = search_fixture();
    let built = project.build();
    built.assert_ok();
    assert!(built.exists("search/manifest.js") && built.exists("assets/search.js"));
    node("search.mjs", &built.out);
}

#[test]
fn forms_script_checks_dates_answers_and_writes_csv() {
    let project = Project::new().file("content/a.md", "# A\n\nText.\n");
    let built = project.build();
    built.assert_ok();
    node("forms.mjs", &built.out.join("assets/forms.js"));
}

#[test]
fn confirm_script_runs_with_its_shared_download_part() {
    let project = Project::new().file("content/a.md", "# A\n\nText.\n");
    let built = project.build();
    built.assert_ok();
    node("confirm.mjs", &built.out.join("assets/confirm.js"));
}
