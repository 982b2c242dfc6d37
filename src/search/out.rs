//! Where the index's files go as they are made: kept (for `waymark serve`,
//! which compares them with the last index, and for tests) or handed on at
//! once (a build writes each file and drops it, so the whole index — 80 MB
//! at 10,000 pages — is never held at once).

use std::sync::Mutex;

use super::SearchFile;

/// Receives each file of the index as it is made, from any thread.
pub type Emit<'a> = &'a (dyn Fn(SearchFile) + Sync);

pub(super) struct Out<'a> {
    emit: Option<Emit<'a>>,
    kept: Mutex<Vec<SearchFile>>,
    /// Every file's path and size, in the order each writer made them (the
    /// manifest lists term shards' sizes and the mean document shard's).
    sizes: Mutex<Vec<(String, usize)>>,
}

impl<'a> Out<'a> {
    pub(super) fn keep() -> Self {
        Out {
            emit: None,
            kept: Mutex::default(),
            sizes: Mutex::default(),
        }
    }

    pub(super) fn emit(emit: Emit<'a>) -> Self {
        Out {
            emit: Some(emit),
            ..Out::keep()
        }
    }

    pub(super) fn put(&self, file: SearchFile) {
        lock(&self.sizes).push((file.path.clone(), file.contents.len()));
        match self.emit {
            Some(emit) => emit(file),
            None => lock(&self.kept).push(file),
        }
    }

    /// Sizes of the files under `dir`, in the order they were made.
    pub(super) fn sizes_under(&self, dir: &str) -> Vec<usize> {
        lock(&self.sizes)
            .iter()
            .filter(|(path, _)| path.starts_with(dir))
            .map(|&(_, size)| size)
            .collect()
    }

    /// The kept files, sorted by path.
    pub(super) fn into_sorted(self) -> Vec<SearchFile> {
        let mut files = self.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

/// A poisoned lock only means another writer panicked; the list is whole.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
