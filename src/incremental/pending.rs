//! A serve rebuild's files, streamed to disk as they are rendered.
//!
//! A full rebuild under `waymark serve` may change any file, but must leave
//! the served folder as it was if the build fails. It used to hold every
//! rendered file's bytes in memory until the end (most of serve's peak:
//! 2.85× a cold build's at 10,000 pages). Now each file is hashed as it is
//! rendered: a file whose bytes the served folder already holds is only
//! noted; any other is written at once into a hidden folder beside the
//! served one (the same file system, as the output's staging folder), and
//! moved into place, file by file, only when the whole build succeeded
//! ([`Pending::commit`]). A failed build drops the hidden folder.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::{hash_bytes, remove_missing, SyncCounts};

/// Files of one rebuild: those already served as they are, and those
/// written beside the served folder, waiting to be moved in.
pub struct Pending {
    out: PathBuf,
    dir: PathBuf,
    /// The hash of every file the served folder holds (the serve session's).
    known: BTreeMap<String, u64>,
    /// Every file of the build: its hash, and whether it waits in `dir`.
    files: Mutex<BuildFiles>,
}

/// Every file of a build, by path: its hash, and whether it waits beside
/// the served folder.
type BuildFiles = BTreeMap<String, (u64, bool)>;

impl Pending {
    /// Prepares an empty hidden folder beside `out`.
    pub fn new(out: &Path, known: &BTreeMap<String, u64>) -> io::Result<Pending> {
        Pending::named(out, known, "pending")
    }

    /// A second kind of pending files, in a folder of its own (`purpose` in
    /// its name), so that it can exist beside a rebuild's: the search index,
    /// built on its own thread while the next edit may be rebuilding.
    pub fn named(out: &Path, known: &BTreeMap<String, u64>, purpose: &str) -> io::Result<Pending> {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let dir = parent.join(format!(".{name}.waymark-{purpose}"));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Pending {
            out: out.to_path_buf(),
            dir,
            known: known.clone(),
            files: Mutex::new(BTreeMap::new()),
        })
    }

    /// Notes one file of the build, writing it aside unless the served
    /// folder already holds these bytes.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let hash = hash_bytes(bytes);
        let served = crate::output::site_path(&self.out, rel)?;
        let waits = !(self.known.get(rel) == Some(&hash) && served.is_file());
        if waits {
            let aside = crate::output::site_path(&self.dir, rel)?;
            if let Some(parent) = aside.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&aside, bytes)?;
        }
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(rel.to_string(), (hash, waits));
        Ok(())
    }

    /// How many files the build produced.
    pub fn len(&self) -> usize {
        self.files.lock().map(|f| f.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Moves the waiting files into the served folder (each by one rename,
    /// so the server never sends half a file), removes the served files
    /// this build no longer produced (`kept` are files of reused pages,
    /// still part of the site), and remembers what is there.
    pub fn commit(
        self,
        kept: &std::collections::BTreeSet<String>,
        known: &mut BTreeMap<String, u64>,
    ) -> io::Result<SyncCounts> {
        let (files, written) = self.move_in()?;
        let mut counts = SyncCounts {
            written,
            ..Default::default()
        };
        let mut now: BTreeMap<String, u64> = files
            .into_iter()
            .map(|(rel, (hash, _))| (rel, hash))
            .collect();
        for path in kept {
            if let Some(hash) = known.get(path) {
                now.entry(path.clone()).or_insert(*hash);
            }
        }
        counts.removed = remove_missing(&self.out, known, &|p| now.contains_key(p))?;
        *known = now;
        Ok(counts)
    }
}

impl Pending {
    /// Moves the waiting files into the served folder, each by one rename
    /// (so the server never sends half a file), in parallel (a template
    /// edit moves every page); returns every file this build produced, by
    /// path (hash, whether it waited), and how many were moved.
    fn move_in(&self) -> io::Result<(BuildFiles, usize)> {
        let files = std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()));
        let waiting: Vec<&String> = files
            .iter()
            .filter(|(_, (_, waits))| *waits)
            .map(|(rel, _)| rel)
            .collect();
        waiting.par_iter().try_for_each(|rel| -> io::Result<()> {
            let target = crate::output::site_path(&self.out, rel)?;
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::rename(crate::output::site_path(&self.dir, rel)?, &target)
        })?;
        let moved = waiting.len();
        Ok((files, moved))
    }

    /// Puts these files in place of `previous` (such as the last search
    /// index): moves the waiting ones in, removes those of `previous` no
    /// longer produced, and remembers the hashes of both in `known`; every
    /// other file is left alone. Returns the counts and the files' paths.
    pub fn replace(
        self,
        previous: &std::collections::BTreeSet<String>,
        known: &mut BTreeMap<String, u64>,
    ) -> io::Result<(SyncCounts, Vec<String>)> {
        let (files, written) = self.move_in()?;
        let gone: BTreeMap<String, u64> = previous
            .iter()
            .filter(|p| !files.contains_key(p.as_str()))
            .filter_map(|p| known.get(p).map(|h| (p.clone(), *h)))
            .collect();
        let removed = remove_missing(&self.out, &gone, &|_| false)?;
        known.retain(|p, _| !gone.contains_key(p));
        let mut paths = Vec::with_capacity(files.len());
        for (rel, (hash, _)) in files {
            known.insert(rel.clone(), hash);
            paths.push(rel);
        }
        let counts = SyncCounts {
            written,
            removed,
            ..Default::default()
        };
        Ok((counts, paths))
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}
