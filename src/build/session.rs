//! What `waymark serve` keeps between builds: each page's memo, the hash of
//! every file written, the last search index and the last good build for the
//! quick path. It lives with the build, whose state it holds; `incremental`
//! only reads and updates its file hashes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::LastGood;
use crate::incremental::PageMemo;

/// What `waymark serve` remembers between builds.
#[derive(Debug, Default)]
pub struct Session {
    /// By page URL.
    pub pages: HashMap<String, PageMemo>,
    /// Hash of the bytes of every file in the served folder, by path.
    pub files: BTreeMap<String, u64>,
    /// The last search index: a hash of the records it was built from and
    /// the paths of its files. Their contents are on disk and never read
    /// back, so they are not held (at 10,000 pages they were tens of MB).
    pub search: Option<(u64, Vec<String>)>,
    /// The last good build, resolved, for the quick path (see
    /// `crate::build::rebuild_paths`).
    pub(crate) last_good: Option<LastGood>,
    /// Set when the files on disk may differ from `last_good` in ways the
    /// quick path cannot tell (a full build failed): the next build is full.
    pub(crate) needs_full: bool,
    /// Page files edited since the last good build whose edit failed: the
    /// quick path reads them again with the next batch.
    pub(crate) unsettled: BTreeSet<std::path::PathBuf>,
    /// The quick path has updated pages but not yet the search index.
    pub(crate) search_pending: bool,
    /// Bumped whenever pages' search records change, so that an index built
    /// on another thread from older records is not written.
    pub(crate) search_generation: u64,
}
