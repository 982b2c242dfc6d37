//! The floor under a cold build: what the disk and the Markdown parser alone
//! cost on a corpus, so Waymark's time (and the budget) can be set
//! against them. Not a site generator: no templates, links or index.
//!
//!     cargo run --release --example floor -- CONTENT_DIR OUT_DIR
//!
//! Prints, for the `.md` files under CONTENT_DIR, the wall time of
//! 1. reading every source (on every core);
//! 2. parsing each to HTML with pulldown-cmark (one core, then every core);
//! 3. writing one file per page, of the size of the page Waymark writes
//!    (`PAGE_BYTES`, default 23,000), into a fresh OUT_DIR (every core).

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(content), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: floor CONTENT_DIR OUT_DIR");
        std::process::exit(2);
    };
    let page_bytes: usize = std::env::var("PAGE_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(23_000);
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

    let _ = std::fs::remove_dir_all(&out);
    let page = vec![b'x'; page_bytes];
    let start = Instant::now();
    paths.par_iter().enumerate().for_each(|(i, _)| {
        let dir = PathBuf::from(&out).join(format!("d{}", i / 1000));
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(format!("p{i}.html")), &page);
    });
    let write = start.elapsed();

    let mb = sources.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    println!("{} sources, {mb:.1} MB", sources.len());
    println!(
        "read every source (all cores):        {:7.3} s",
        read.as_secs_f64()
    );
    println!(
        "pulldown-cmark to HTML, one core:     {:7.3} s",
        parse_one.as_secs_f64()
    );
    println!(
        "pulldown-cmark to HTML, all cores:    {:7.3} s",
        parse_all.as_secs_f64()
    );
    println!(
        "write {} files of {page_bytes} bytes (all cores): {:7.3} s",
        paths.len(),
        write.as_secs_f64()
    );
    println!(
        "floor (read + parse + write, all cores): {:.3} s",
        (read + parse_all + write).as_secs_f64()
    );
}
