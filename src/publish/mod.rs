//! Publishing: what a build adds once every page and asset is written, so
//! the site can be hosted, kept offline and checked.
//!
//! - `manifest`: `SHA256SUMS`, every file with its hash, and `waymark verify`.
//! - `worker`: the offline service worker `sw.js` and `assets/offline-info.js`.
//! - `zip`: the optional offline ZIP (`offline: {zip: true}` or `--zip`).
//! - `web`: `sitemap.xml` and `robots.txt` when `base_url` is set.
//!
//! `finish` runs in the staging folder just before it is swapped in, so all
//! of it is as atomic as the pages. `waymark serve` skips it (a hash of every
//! file on every save would cost more than the save's budget, and a service
//! worker caching pages would fight the live reload): its output has no
//! `SHA256SUMS`, `sw.js`, `offline-info.js`, sitemap, robots or ZIP.
//!
//! Order matters, because later files describe earlier ones: sitemap and
//! robots; then, with a ZIP, the ZIP's copy of the site (its pages say it is
//! an offline copy and carry no download link) and then the folder's pages
//! (their footers link to the ZIP, with its size); then `offline-info.js` and
//! `sw.js` (which cache every file so far); last the manifest.

use crate::config::{KeepMode, SiteConfig};
use crate::date::Date;
use crate::output::Staging;

pub mod manifest;
pub mod web;
pub mod worker;
pub mod zip;

pub use manifest::{FileHash, Files, Verification, MANIFEST_FILE};

/// Marks where a page's footer gets the ZIP's download link; `base.html`
/// writes `<!--waymark-download:ROOT-->` when the ZIP is on.
const DOWNLOAD_MARK: &[u8] = b"<!--waymark-download:";

/// The ZIP's file name: the site's title as a slug.
pub fn zip_name(config: &SiteConfig) -> String {
    let slug = crate::slug::slugify(&config.title);
    let slug = if slug.is_empty() { "site".into() } else { slug };
    format!("{slug}.zip")
}

/// Output paths this module writes, with what they are, so a content file of
/// the same name is reported (see `build::resolve`).
pub fn reserved(config: &SiteConfig) -> Vec<(String, &'static str)> {
    let mut paths = vec![(MANIFEST_FILE.to_string(), "the integrity manifest")];
    paths.push((worker::INFO_FILE.into(), "the offline panel's data"));
    if config.offline.keep != KeepMode::Off {
        paths.push((worker::WORKER_FILE.into(), "the offline service worker"));
    }
    if config.base_url.is_some() {
        paths.push((web::SITEMAP_FILE.into(), "the sitemap"));
        paths.push((web::ROBOTS_FILE.into(), "robots.txt"));
    }
    if config.offline.zip {
        paths.push((zip_name(config), "the offline ZIP"));
    }
    paths
}

/// "4.2 MB", as a file manager shows sizes.
pub fn size_text(bytes: u64) -> String {
    const K: f64 = 1024.0;
    let b = bytes as f64;
    if b < K * K {
        format!("{} KB", ((b / K).ceil() as u64).max(1))
    } else if b < K * K * K {
        format!("{:.1} MB", b / K / K)
    } else {
        format!("{:.1} GB", b / K / K / K)
    }
}

/// What `finish` added.
#[derive(Debug, Default)]
pub struct Finished {
    pub files: usize,
    pub zip_bytes: Option<u64>,
}

/// Adds the publishing files to a staged site whose files so far are `files`.
pub fn finish(
    staging: &Staging,
    mut files: Files,
    config: &SiteConfig,
    built: Date,
) -> Result<Finished, String> {
    let before = files.len();
    let write = |files: &mut Files, path: &str, bytes: &[u8]| -> Result<(), String> {
        staging
            .write(path, bytes)
            .map_err(|e| format!("cannot write {path}: {e}"))?;
        files.insert(path.to_string(), FileHash::of(bytes));
        Ok(())
    };
    if let Some(base) = &config.base_url {
        let sitemap = web::sitemap(base, files.keys());
        write(&mut files, web::SITEMAP_FILE, sitemap.as_bytes())?;
        let robots = web::robots(base, config.robots.as_deref());
        write(&mut files, web::ROBOTS_FILE, robots.as_bytes())?;
    }
    let mut finished = Finished::default();
    if config.offline.zip {
        let name = zip_name(config);
        let marked = pages_with_mark(staging, &files)?;
        let zipped = make_zip(staging, &files, &marked, config, built, &name)?;
        let size = zipped.len() as u64;
        // The folder's pages link to the ZIP beside them.
        for path in &marked {
            let bytes = read(staging, path)?;
            let link = |root: &str| {
                format!(
                    "<p class=\"wm-download\"><a href=\"{root}{name}\" download>Download for offline use</a> (ZIP file, {})</p>",
                    size_text(size)
                )
            };
            write(&mut files, path, &replace_mark(&bytes, link))?;
        }
        staging
            .write(&name, &zipped)
            .map_err(|e| format!("cannot write {name}: {e}"))?;
        finished.zip_bytes = Some(size);
    }
    let generated = described(&files, config, built);
    for (path, bytes) in &generated {
        write(&mut files, path, bytes)?;
    }
    staging
        .write(MANIFEST_FILE, manifest::format(&files).as_bytes())
        .map_err(|e| format!("cannot write {MANIFEST_FILE}: {e}"))?;
    finished.files = files.len() - before + 1 + usize::from(config.offline.zip);
    Ok(finished)
}

/// The worker and its info script for a site whose files are `files`.
fn described(files: &Files, config: &SiteConfig, built: Date) -> Vec<(String, Vec<u8>)> {
    let build = manifest::build_id(files);
    let mut cached = files.clone();
    let info = worker::info_script(&worker::Info {
        build: &build,
        built,
        bytes: files.values().map(|f| f.size).sum(),
        files: files.len() + 1,
        mode: config.offline.keep,
    });
    // The info script is cached too; its own size is near enough for the
    // size shown, which is counted before it exists.
    cached.insert(worker::INFO_FILE.into(), FileHash::of(info.as_bytes()));
    let mut out = vec![(worker::INFO_FILE.to_string(), info.into_bytes())];
    if config.offline.keep != KeepMode::Off {
        let sw = worker::worker_script(&build, built, &cached);
        out.push((worker::WORKER_FILE.into(), sw.into_bytes()));
    }
    out
}

fn read(staging: &Staging, path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(staging.path(path)).map_err(|e| format!("cannot read back {path}: {e}"))
}

/// HTML files that carry the download mark.
fn pages_with_mark(staging: &Staging, files: &Files) -> Result<Vec<String>, String> {
    let mut marked = Vec::new();
    for path in files.keys().filter(|p| p.ends_with(".html")) {
        let bytes = read(staging, path)?;
        if find(&bytes, DOWNLOAD_MARK).is_some() {
            marked.push(path.clone());
        }
    }
    Ok(marked)
}

/// The ZIP of the site: its pages say they are an offline copy, and it holds
/// its own worker and manifest, so an unzipped copy verifies and can be
/// served like the folder.
fn make_zip(
    staging: &Staging,
    files: &Files,
    marked: &[String],
    config: &SiteConfig,
    built: Date,
    name: &str,
) -> Result<Vec<u8>, String> {
    let copy_note = |_: &str| {
        format!(
            "<p class=\"wm-download\">This is a copy of the guidance for use offline, made on {}.</p>",
            built.long()
        )
    };
    let zip_page = |path: &str| -> Result<Vec<u8>, String> {
        Ok(replace_mark(&read(staging, path)?, copy_note))
    };
    let mut zfiles = files.clone();
    for path in marked {
        zfiles.insert(path.clone(), FileHash::of(&zip_page(path)?));
    }
    let generated: std::collections::BTreeMap<String, Vec<u8>> =
        described(&zfiles, config, built).into_iter().collect();
    for (path, bytes) in &generated {
        zfiles.insert(path.clone(), FileHash::of(bytes));
    }
    let manifest_text = manifest::format(&zfiles);
    let mut all: Vec<&str> = zfiles.keys().map(String::as_str).collect();
    all.push(MANIFEST_FILE);
    all.sort_unstable();
    let folder = name.trim_end_matches(".zip");
    let mut zip = zip::ZipBuilder::new(folder, built);
    for path in all {
        let bytes = if path == MANIFEST_FILE {
            manifest_text.as_bytes().to_vec()
        } else if let Some(bytes) = generated.get(path) {
            bytes.clone()
        } else if marked.binary_search_by(|m| m.as_str().cmp(path)).is_ok() {
            zip_page(path)?
        } else {
            read(staging, path)?
        };
        zip.add(path, &bytes)?;
    }
    zip.finish()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Replaces every `<!--waymark-download:ROOT-->` with `with(ROOT)`.
fn replace_mark(bytes: &[u8], with: impl Fn(&str) -> String) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 200);
    let mut rest = bytes;
    while let Some(at) = find(rest, DOWNLOAD_MARK) {
        out.extend_from_slice(&rest[..at]);
        let after = &rest[at + DOWNLOAD_MARK.len()..];
        match find(after, b"-->") {
            Some(end) => {
                let root = String::from_utf8_lossy(&after[..end]);
                out.extend_from_slice(with(&root).as_bytes());
                rest = &after[end + 3..];
            }
            None => {
                out.extend_from_slice(&rest[at..]);
                rest = &[];
            }
        }
    }
    out.extend_from_slice(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(size_text(10), "1 KB");
        assert_eq!(size_text(1536 * 1024), "1.5 MB");
    }

    #[test]
    fn marks_are_replaced_with_their_root() {
        let page = b"<footer><!--waymark-download:../--></footer>";
        let out = replace_mark(page, |root| format!("<a href=\"{root}x.zip\">"));
        assert_eq!(out, b"<footer><a href=\"../x.zip\"></footer>");
    }
}
