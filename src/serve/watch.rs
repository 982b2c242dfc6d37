//! Debounced watching of the project's sources, for rebuild-on-save.
//!
//! One save in an editor is rarely one file-system event: it can be a swap
//! file, a backup, a temporary file renamed over the real one, and several
//! writes. Rebuilding per event would build several times per save, and some
//! of those events name files that never matter (or no longer exist). So
//! [`Watcher::next_batch`] waits until events have been quiet for a short
//! debounce (60 ms by default, never more than 1 s in all), then returns the
//! set of paths that really changed: sorted, without duplicates, without
//! editor noise, and without files that were created and gone again within
//! the batch (the temporary half of an atomic save, whose target *is*
//! reported).
//!
//! It uses `notify`'s recommended watcher (inotify, FSEvents, …) through a
//! plain channel, so no async runtime and no debouncer crate. Single files
//! such as `site.yaml` are watched through their folder, because an atomic
//! save replaces the file and would silently end a watch on the file itself.
//! A folder that is missing at start (say `themes/`) is watched for through
//! its parent and picked up when it appears.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use notify::event::{EventKind, ModifyKind, RenameMode};
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher as _};

/// How long events must be quiet before a batch is returned.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(60);
/// The longest a batch is held back while events keep coming.
pub const MAX_WAIT: Duration = Duration::from_secs(1);

enum Msg {
    Event(notify::Result<Event>),
    Stop,
}

/// A watched folder or file.
struct Target {
    /// Absolute, with symlinks resolved as far as it exists.
    path: PathBuf,
    /// Watched recursively itself (an existing folder); otherwise watched
    /// through its parent.
    recursive: bool,
}

/// Watches folders (recursively) and single files for changes.
pub struct Watcher {
    inner: Mutex<RecommendedWatcher>,
    targets: Mutex<Vec<Target>>,
    rx: Mutex<Receiver<Msg>>,
    stop: StopHandle,
    debounce: Duration,
}

/// Ends [`Watcher::next_batch`] from another thread (e.g. a Ctrl-C handler).
#[derive(Clone)]
pub struct StopHandle {
    tx: Sender<Msg>,
    stopped: Arc<AtomicBool>,
}

impl StopHandle {
    /// Makes the current and every later `next_batch` return `None`.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        let _ = self.tx.send(Msg::Stop);
    }
}

impl Watcher {
    /// Starts watching `paths`: folders recursively, files singly. A path
    /// that does not exist yet is fine if its parent folder does.
    pub fn new(paths: Vec<PathBuf>, debounce: Duration) -> notify::Result<Watcher> {
        let (tx, rx) = mpsc::channel();
        let events = tx.clone();
        let mut inner = notify::recommended_watcher(move |res| {
            let _ = events.send(Msg::Event(res));
        })?;
        let mut targets = Vec::new();
        let mut parents = BTreeSet::new();
        for path in paths {
            let path = absolute(&path)?;
            if path.is_dir() {
                inner.watch(&path, RecursiveMode::Recursive)?;
                targets.push(Target {
                    path,
                    recursive: true,
                });
            } else {
                let parent = path.parent().unwrap_or(&path).to_path_buf();
                if parents.insert(parent.clone()) {
                    inner.watch(&parent, RecursiveMode::NonRecursive)?;
                }
                targets.push(Target {
                    path,
                    recursive: false,
                });
            }
        }
        Ok(Watcher {
            inner: Mutex::new(inner),
            targets: Mutex::new(targets),
            rx: Mutex::new(rx),
            stop: StopHandle {
                tx,
                stopped: Arc::new(AtomicBool::new(false)),
            },
            debounce,
        })
    }

    /// A handle that stops this watcher from any thread.
    pub fn stop_handle(&self) -> StopHandle {
        self.stop.clone()
    }

    /// Whether the watcher was stopped (so `None` from a batch is final).
    pub fn stopped(&self) -> bool {
        self.stop.stopped.load(Ordering::SeqCst)
    }

    /// Blocks until a burst of changes has settled; the changed paths,
    /// sorted and deduplicated. `None` once stopped.
    pub fn next_batch(&self) -> Option<Vec<PathBuf>> {
        self.batch(None)
    }

    /// Like [`next_batch`](Self::next_batch), but gives up (`None`) if no
    /// change starts within `timeout`.
    pub fn next_batch_timeout(&self, timeout: Duration) -> Option<Vec<PathBuf>> {
        self.batch(Some(Instant::now() + timeout))
    }

    fn batch(&self, deadline: Option<Instant>) -> Option<Vec<PathBuf>> {
        let rx = lock(&self.rx);
        loop {
            let mut batch = Batch::default();
            // Wait for the first relevant event.
            while batch.changes.is_empty() {
                if self.stop.stopped.load(Ordering::SeqCst) {
                    return None;
                }
                let msg = match deadline {
                    None => rx.recv().ok()?,
                    Some(d) => {
                        let left = d.saturating_duration_since(Instant::now());
                        rx.recv_timeout(left).ok()?
                    }
                };
                self.take(msg, &mut batch)?;
            }
            // Then until quiet, or at most MAX_WAIT.
            let first = Instant::now();
            let mut last = first;
            loop {
                let until = (last + self.debounce).min(first + MAX_WAIT);
                let left = until.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                match rx.recv_timeout(left) {
                    Ok(msg) => {
                        if self.take(msg, &mut batch)? {
                            last = Instant::now();
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            self.refresh_watches();
            let paths = batch.finish();
            if !paths.is_empty() {
                return Some(paths);
            }
        }
    }

    /// Adds a message's relevant paths to `batch`: `Some(true)` if it added
    /// any, `None` on stop.
    fn take(&self, msg: Msg, batch: &mut Batch) -> Option<bool> {
        let event = match msg {
            Msg::Stop => return None,
            Msg::Event(Ok(event)) => event,
            Msg::Event(Err(_)) => return Some(false), // the next event still counts
        };
        let targets = lock(&self.targets);
        if event.need_rescan() {
            // Events were lost: report every target so the caller rebuilds.
            for t in targets.iter() {
                batch.add(t.path.clone(), false);
            }
            return Some(true);
        }
        let appeared = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(RenameMode::To))
        );
        let both = matches!(
            event.kind,
            EventKind::Modify(ModifyKind::Name(RenameMode::Both))
        );
        if matches!(event.kind, EventKind::Access(_)) {
            return Some(false);
        }
        let mut added = false;
        for (i, path) in event.paths.into_iter().enumerate() {
            if is_noise(&path) || !targets.iter().any(|t| path.starts_with(&t.path)) {
                continue;
            }
            batch.add(path, appeared || (both && i == 1));
            added = true;
        }
        Some(added)
    }

    /// Watches folders that have appeared; falls back to the parent for
    /// folders that have gone (their watch went with them).
    fn refresh_watches(&self) {
        let mut inner = lock(&self.inner);
        for t in lock(&self.targets).iter_mut() {
            if !t.recursive && t.path.is_dir() {
                t.recursive = inner.watch(&t.path, RecursiveMode::Recursive).is_ok();
            } else if t.recursive && !t.path.exists() {
                let _ = inner.unwatch(&t.path);
                if let Some(parent) = t.path.parent() {
                    let _ = inner.watch(parent, RecursiveMode::NonRecursive);
                }
                t.recursive = false;
            }
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stop.stop();
    }
}

/// Changed paths of one batch, and whether each first appeared in it.
#[derive(Default)]
struct Batch {
    changes: BTreeMap<PathBuf, bool>,
}

impl Batch {
    fn add(&mut self, path: PathBuf, appeared: bool) {
        self.changes.entry(path).or_insert(appeared);
    }

    /// The paths to report: a path that appeared during the batch and is
    /// gone again (an atomic save's temporary file) never mattered.
    fn finish(self) -> Vec<PathBuf> {
        self.changes
            .into_iter()
            .filter(|(path, appeared)| !*appeared || path.symlink_metadata().is_ok())
            .map(|(path, _)| path)
            .collect()
    }
}

/// Editor and tool droppings that never affect a build.
pub fn is_noise(path: &Path) -> bool {
    if path
        .components()
        .any(|c| matches!(c.as_os_str().to_str(), Some(".git" | ".hg" | ".svn")))
    {
        return true;
    }
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let lower = name.to_ascii_lowercase();
    [".swp", ".swx", ".swo", ".swn", ".crswap"]
        .iter()
        .any(|s| lower.ends_with(s))
        || name.ends_with('~')
        || name == "4913" // vim's "can I write here?" probe
        || name.starts_with(".#") // emacs lock
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#')) // emacs autosave
        || name == ".DS_Store"
        || name.starts_with(".goutputstream-") // gedit
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___") // JetBrains safe write
}

/// An absolute path with symlinks resolved, also for a path that does not
/// exist yet (its parent must), so it matches the paths events carry.
fn absolute(path: &Path) -> notify::Result<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Ok(p);
    }
    let missing = || notify::Error::path_not_found().add_path(path.to_path_buf());
    let abs = std::path::absolute(path).map_err(|_| missing())?;
    let (Some(parent), Some(name)) = (abs.parent(), abs.file_name()) else {
        return Err(missing());
    };
    Ok(parent.canonicalize().map_err(|_| missing())?.join(name))
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_noise_is_recognised() {
        for noisy in [
            "c/.page.md.swp",
            "c/.page.md.swx",
            "c/page.md~",
            "c/4913",
            "c/.#page.md",
            "c/#page.md#",
            "c/.DS_Store",
            "c/.git/index",
            "c/page.md___jb_tmp___",
        ] {
            assert!(is_noise(Path::new(noisy)), "{noisy}");
        }
        for real in [
            "c/page.md",
            "c/#hash.md",
            "c/a.swp.md",
            "site.yaml",
            "c/4913.md",
        ] {
            assert!(!is_noise(Path::new(real)), "{real}");
        }
    }
}
