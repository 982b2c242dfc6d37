//! `waymark verify DIR`: checks a copied or deployed site against the
//! manifest its build wrote (`crate::publish::manifest`).

use std::path::Path;

use crate::publish::{manifest, MANIFEST_FILE};

/// Most paths listed under each heading before "and N more".
const SHOWN: usize = 50;

/// Prints what was found; returns the exit code (0 intact, 1 not, 2 unreadable).
pub fn run(dir: &Path) -> i32 {
    let result = match manifest::verify(dir) {
        Ok(r) => r,
        Err(message) => {
            eprintln!("error: {message}");
            return 2;
        }
    };
    let list = |heading: &str, paths: &[String]| {
        if paths.is_empty() {
            return;
        }
        println!("{heading} ({}):", paths.len());
        for p in paths.iter().take(SHOWN) {
            println!("  {p}");
        }
        if paths.len() > SHOWN {
            println!("  … and {} more", paths.len() - SHOWN);
        }
    };
    list(
        "Missing: listed in the manifest but not in the folder",
        &result.missing,
    );
    list("Changed: contents differ from the build", &result.changed);
    list(
        "Extra: in the folder but not in the manifest",
        &result.extra,
    );
    if result.intact() {
        println!(
            "Intact: all {} files listed in {MANIFEST_FILE} are present and unchanged, and there are no others.",
            result.ok
        );
        0
    } else {
        println!(
            "Not intact: {} missing, {} changed, {} extra ({} files match). Copy the site again from the build, or rebuild it.",
            result.missing.len(),
            result.changed.len(),
            result.extra.len(),
            result.ok
        );
        1
    }
}
