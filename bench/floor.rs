//! The floor under a cold build: what the disk and the Markdown parser alone
//! cost on a corpus, so Waymark's time (and the budget) can be set
//! against them. Not a site generator: no templates, links or index.
//!
//!     cargo run --release --example floor -- CONTENT_DIR OUT_DIR [SITE_DIR...]
//!
//! Prints, for the `.md` files under CONTENT_DIR, the wall time of
//! 1. reading every source (on every core);
//! 2. parsing each to HTML with pulldown-cmark (one core, then every core);
//! 3. for each SITE_DIR (a site a generator wrote: `bench/run.sh` passes
//!    Waymark's and Hugo's output), writing the same files — the same
//!    relative paths and sizes, so the same number of files and folders and
//!    bytes — into OUT_DIR on every core, folders made first. Without a
//!    SITE_DIR, one file of `PAGE_BYTES` (default 23,000) per source.
//!
//! Each layout is written `FLOOR_ROUNDS` times (default 3) in two ways:
//! beside the copies already written (nothing of ours deleted just before),
//! then each time right after deleting the previous copy — what every
//! benchmark run does, as it removes the last output before building. On
//! ext4 without a journal (this machine's disk) the second costs more:
//! creating a file skips every inode of its group freed in the last minute
//! or more, one by one (the kernel's `recently_deleted`), so file creation
//! after a large delete is mostly that scan.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// Files to write: relative path and size, folders implied.
struct Layout {
    name: String,
    files: Vec<(PathBuf, usize)>,
}

impl Layout {
    fn of_site(dir: &Path) -> Layout {
        let files = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let size = e.metadata().ok()?.len() as usize;
                let rel = e.path().strip_prefix(dir).ok()?.to_path_buf();
                Some((rel, size))
            })
            .collect();
        Layout {
            name: dir.display().to_string(),
            files,
        }
    }

    fn pages(count: usize, page_bytes: usize) -> Layout {
        Layout {
            name: format!("{count} pages of {page_bytes} bytes"),
            files: (0..count)
                .map(|i| {
                    (
                        PathBuf::from(format!("d{}/p{i}.html", i / 1000)),
                        page_bytes,
                    )
                })
                .collect(),
        }
    }

    fn bytes(&self) -> usize {
        self.files.iter().map(|(_, size)| size).sum()
    }

    /// Writes every file under `out`: the folders first, then the files on
    /// every core, each with one `open`, `write` and `close`.
    fn write(&self, out: &Path, filler: &[u8]) -> Duration {
        let start = Instant::now();
        let mut dirs: Vec<PathBuf> = self
            .files
            .iter()
            .filter_map(|(rel, _)| rel.parent().map(|p| out.join(p)))
            .collect();
        dirs.push(out.to_path_buf());
        dirs.sort();
        dirs.dedup();
        for dir in &dirs {
            std::fs::create_dir_all(dir).expect("cannot make a folder");
        }
        self.files.par_iter().for_each(|(rel, size)| {
            std::fs::write(out.join(rel), &filler[..*size]).expect("cannot write");
        });
        start.elapsed()
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(content), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: floor CONTENT_DIR OUT_DIR [SITE_DIR...]");
        std::process::exit(2);
    };
    let out = PathBuf::from(out);
    let sites: Vec<String> = args.collect();
    let env_number = |name: &str, default: usize| -> usize {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let page_bytes = env_number("PAGE_BYTES", 23_000);
    let rounds = env_number("FLOOR_ROUNDS", 3).max(1);

    let paths: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();

    let start = Instant::now();
    let sources: Vec<String> = paths
        .par_iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect();
    let read = start.elapsed();

    let to_html = |s: &String| {
        let mut html = String::with_capacity(s.len() * 2);
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(s));
        html.len()
    };
    let start = Instant::now();
    let one: usize = sources.iter().map(to_html).sum();
    let parse_one = start.elapsed();
    let start = Instant::now();
    let all: usize = sources.par_iter().map(to_html).sum();
    let parse_all = start.elapsed();
    assert_eq!(one, all);

    let mb = sources.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    println!("{} sources, {mb:.1} MB", sources.len());
    println!("read every source (all cores):      {:7.3} s", secs(read));
    println!(
        "pulldown-cmark to HTML, one core:   {:7.3} s",
        secs(parse_one)
    );
    println!(
        "pulldown-cmark to HTML, all cores:  {:7.3} s",
        secs(parse_all)
    );

    let layouts: Vec<Layout> = if sites.is_empty() {
        vec![Layout::pages(paths.len(), page_bytes)]
    } else {
        sites
            .iter()
            .map(|s| Layout::of_site(Path::new(s)))
            .collect()
    };
    for layout in &layouts {
        let largest = layout.files.iter().map(|f| f.1).max().unwrap_or(0);
        let filler = vec![b'x'; largest];
        println!(
            "writing the files of {}: {} files, {:.1} MB ({} rounds, all cores)",
            layout.name,
            layout.files.len(),
            layout.bytes() as f64 / 1e6,
            rounds
        );
        let _ = std::fs::remove_dir_all(&out);
        // Beside the copies already written: no file of ours freed just before.
        let beside: Vec<Duration> = (0..rounds)
            .map(|round| layout.write(&out.join(format!("copy{round}")), &filler))
            .collect();
        let _ = std::fs::remove_dir_all(&out);
        // Then as a benchmark run does: delete the last copy, write anew.
        let copy = out.join("copy");
        layout.write(&copy, &filler);
        let mut deletes = Vec::new();
        let mut after_delete = Vec::new();
        for _ in 0..rounds {
            let start = Instant::now();
            std::fs::remove_dir_all(&copy).expect("cannot delete a copy");
            deletes.push(start.elapsed());
            after_delete.push(layout.write(&copy, &filler));
        }
        let _ = std::fs::remove_dir_all(&out);
        println!(
            "  with nothing deleted just before:       {}",
            spread(beside)
        );
        println!(
            "  right after deleting the last copy:     {}",
            spread(after_delete)
        );
        println!(
            "  (deleting that copy:                    {})",
            spread(deletes)
        );
    }
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// "min … s, median … s" of some timings.
fn spread(mut times: Vec<Duration>) -> String {
    times.sort();
    format!(
        "min {:6.3} s, median {:6.3} s",
        secs(times[0]),
        secs(times[times.len() / 2])
    )
}
