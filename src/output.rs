//! Writing the site atomically.
//!
//! A build writes into a hidden staging folder beside the output folder and
//! swaps it in only when every page rendered without error, so readers and
//! servers never see a half-built site and a failed build leaves the previous
//! `public/` exactly as it was. A marker file identifies folders Waymark
//! made, so a mistyped `--out` never replaces someone's own folder.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Written into every output folder; its presence means "safe to replace".
pub const MARKER: &str = ".waymark-output";

/// The file `rel` names inside the output folder `out`.
///
/// Every write and removal in an output folder goes through here, whatever
/// produced `rel`, so no page name, asset name or generated path can reach
/// outside the folder: `rel` must be `/`-separated plain names, none of them
/// empty, `.`, `..`, or holding a backslash, a colon or a control character.
/// Source file names are checked earlier, with a located message
/// (`crate::names`); this is the last line of defence.
pub fn site_path(out: &Path, rel: &str) -> io::Result<PathBuf> {
    let bad = |why: &str| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write {rel:?}: {why}"),
        )
    };
    if rel.is_empty() || rel.starts_with('/') {
        return Err(bad("not a relative path"));
    }
    let mut path = out.to_path_buf();
    for part in rel.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Err(bad("it would leave the output folder"));
        }
        if part
            .chars()
            .any(|c| c == '\\' || c == ':' || c.is_control())
        {
            return Err(bad(
                "a backslash, colon or control character in a file name",
            ));
        }
        path.push(part);
    }
    Ok(path)
}

#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// Folders already made inside `dir` (as `/`-separated paths), so a
    /// file costs one `open`, `write` and `close`, not a `stat` of its
    /// folder as well.
    folders: Mutex<HashSet<String>>,
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
        remove_litter(parent, &name);
        let dir = parent.join(format!(".{name}.{STAGING}{}", std::process::id()));
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
            folders: Mutex::default(),
        })
    }

    /// Writes one file, `rel` being a `/`-separated path inside the site.
    /// A path that could leave the folder is refused (see [`site_path`]).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = site_path(&self.dir, rel)?;
        if let (Some((folder, _)), Some(parent)) = (rel.rsplit_once('/'), path.parent()) {
            let mut made = self.folders.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(folder) {
                fs::create_dir_all(parent)?;
                made.insert(folder.to_string());
            }
        }
        fs::write(path, bytes)
    }

    /// Where a staged file is on disk (`rel` as in `write`).
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Swaps the staged site in place of the target.
    ///
    /// Where the OS can exchange two folders in one step (Linux), readers
    /// and servers see the old site or the new one and nothing between, even
    /// if the build is killed mid-swap. Elsewhere it takes two renames, with
    /// the old site put back if the second fails.
    pub fn commit(mut self) -> io::Result<()> {
        let had_old = self.target.exists();
        if had_old && exchange(&self.dir, &self.target)? {
            // `self.dir` now holds the previous site.
            self.committed = true;
            let _ = fs::remove_dir_all(&self.dir);
            return Ok(());
        }
        let old = self.dir.with_file_name(format!(
            ".{}.{OLD}{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
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

/// Name parts of the folders a build makes beside its output.
const STAGING: &str = "waymark-staging-";
const OLD: &str = "waymark-old-";

/// Exchanges two folders atomically; `Ok(false)` when this OS or file
/// system cannot, so the caller falls back to renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in a path"))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        // Not supported by this kernel or file system.
        Some(libc::ENOSYS | libc::EINVAL | libc::ENOTSUP) => Ok(false),
        _ => Err(err),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Removes staging and old-site folders that builds killed part-way left
/// beside the output folder `name` (they can be hundreds of megabytes).
/// Only folders Waymark made (they hold the marker) whose build process is
/// gone are removed, so a build running at the same time is left alone.
fn remove_litter(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix('.'))
            .and_then(|n| n.strip_prefix(name))
            .and_then(|n| n.strip_prefix('.'))
        else {
            continue;
        };
        let Some(pid) = rest
            .strip_prefix(STAGING)
            .or_else(|| rest.strip_prefix(OLD))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let path = entry.path();
        if !process_alive(pid) && path.join(MARKER).is_file() {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid == 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true // cannot tell: leave the folder
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

    /// A build killed mid-way leaves its staging folder (and, with the old
    /// two-rename swap, the previous site); the next build removes them,
    /// but never a folder of a build that is still running.
    #[test]
    fn litter_of_killed_builds_is_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        // 4294967294 is beyond any process id: no build of that id runs.
        for dead in [
            ".public.waymark-staging-4294967294",
            ".public.waymark-old-4294967294",
        ] {
            let d = tmp.path().join(dead);
            fs::create_dir_all(d.join("big")).unwrap();
            fs::write(d.join(MARKER), "").unwrap();
        }
        let alive = tmp
            .path()
            .join(format!(".public.waymark-staging-{}", std::process::id()));
        // Process 1 always runs: its build's folder must be left alone.
        let running = tmp.path().join(".public.waymark-staging-1");
        fs::create_dir_all(&running).unwrap();
        fs::write(running.join(MARKER), "").unwrap();
        let foreign = tmp.path().join(".public.waymark-old-4294967293");
        fs::create_dir_all(&foreign).unwrap(); // no marker: not ours
        let s = Staging::new(&out).unwrap();
        assert_eq!(s.dir, alive);
        s.write("index.html", b"new").unwrap();
        s.commit().unwrap();
        let mut left: Vec<String> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".public.waymark-old-4294967293",
                ".public.waymark-staging-1",
                "public"
            ]
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn swap_is_one_exchange_on_linux() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir_all(&a).unwrap();
        fs::create_dir_all(&b).unwrap();
        fs::write(a.join("f"), "a").unwrap();
        fs::write(b.join("f"), "b").unwrap();
        assert!(
            exchange(&a, &b).unwrap(),
            "tmpfs and ext4 support RENAME_EXCHANGE"
        );
        assert_eq!(fs::read_to_string(a.join("f")).unwrap(), "b");
        assert_eq!(fs::read_to_string(b.join("f")).unwrap(), "a");
    }

    #[test]
    fn output_paths_cannot_leave_the_folder() {
        let out = Path::new("/site");
        assert_eq!(
            site_path(out, "a/b.html").unwrap(),
            Path::new("/site/a/b.html")
        );
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "a/./b",
            "x\\..\\y",
            "c:x",
            "a\nb",
            "",
        ] {
            assert!(site_path(out, bad).is_err(), "{bad:?} was allowed");
        }
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::new(&tmp.path().join("public")).unwrap();
        assert!(s.write("../escaped.html", b"x").is_err());
        assert!(!tmp.path().join("escaped.html").exists());
    }
}
