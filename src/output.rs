//! Writing the site atomically.
//!
//! A build writes into a hidden staging folder beside the output folder and
//! swaps it in only when every page rendered without error, so readers and
//! servers never see a half-built site and a failed build leaves the previous
//! `public/` exactly as it was. A marker file identifies folders Waymark
//! made, so a mistyped `--out` never replaces someone's own folder.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Written into every output folder; its presence means "safe to replace".
pub const MARKER: &str = ".waymark-output";

#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares a staging folder for `target`, refusing to replace a
    /// non-empty folder that Waymark did not create.
    pub fn new(target: &Path) -> Result<Staging, String> {
        if target.exists() {
            if !target.is_dir() {
                return Err(format!("{} exists and is not a folder", target.display()));
            }
            let empty = fs::read_dir(target)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !empty && !target.join(MARKER).exists() {
                return Err(format!(
                    "{} is not empty and was not made by Waymark; refusing to replace it (choose another --out, or empty it first)",
                    target.display()
                ));
            }
        }
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.waymark-staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
        }
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        fs::write(
            dir.join(MARKER),
            "This folder was built by Waymark and is replaced by each build.\n",
        )
        .map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// Writes one file, `rel` being a `/`-separated path inside the site.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, bytes)
    }

    /// Where a staged file is on disk (`rel` as in `write`).
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Swaps the staged site in place of the target.
    pub fn commit(mut self) -> io::Result<()> {
        let old = self.dir.with_file_name(format!(
            ".{}.waymark-old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old)?;
        }
        if let Err(err) = fs::rename(&self.dir, &self.target) {
            if had_old {
                // Put the previous site back rather than leave nothing.
                let _ = fs::rename(&old, &self.target);
            }
            return Err(err);
        }
        self.committed = true;
        if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_foreign_folders_and_swaps_atomically() {
        let tmp = tempfile::tempdir().unwrap();
        let foreign = tmp.path().join("mine");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("thesis.txt"), "precious").unwrap();
        assert!(Staging::new(&foreign).is_err());

        let out = tmp.path().join("public");
        let s = Staging::new(&out).unwrap();
        s.write("a/b.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "one");

        // An abandoned build leaves the previous output alone and no litter.
        let s = Staging::new(&out).unwrap();
        s.write("a/b.html", b"two").unwrap();
        drop(s);
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "one");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 2);
    }
}
