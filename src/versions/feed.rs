//! The Atom feed of "What's changed", written when `base_url` is set; drawn
//! by the theme's `feed.xml` from the change log's typed entries.

use serde::Serialize;

use super::change_log::ChangeLogEntry;
use super::pages::{CHANGES_URL, FEED_URL};
use crate::tree::{PageKind, PlannedPage};

/// The feed (`PageKind::Feed`, at [`FEED_URL`]), in no listing: made when
/// the site has versioned documents, maps or forms and a `base_url` (a feed
/// needs absolute addresses).
pub fn plan(base_url: Option<&str>, has_changes: bool) -> Option<PlannedPage> {
    (base_url.is_some() && has_changes).then(|| PlannedPage {
        kind: PageKind::Feed,
        title: "Atom feed of changes".into(),
        summary: None,
        folder: String::new(),
        order: None,
        listed: false,
        folder_index: false,
    })
}

/// What `feed.xml` receives. Entry URLs are relative to the site's root,
/// so the template writes each after `base`.
#[derive(Debug, Serialize)]
pub struct FeedContext<'a> {
    pub site_title: &'a str,
    /// `base_url` without a trailing `/`.
    pub base: &'a str,
    pub changes_url: &'static str,
    pub feed_url: &'static str,
    /// The newest entry's date (ISO), or the epoch's for an empty feed.
    pub updated: String,
    /// Every change but drafts', newest first.
    pub entries: Vec<ChangeLogEntry>,
}

impl<'a> FeedContext<'a> {
    /// `entries` come from `change_log::entries` made for the site's root.
    /// Feeds need absolute URLs, hence only with `base_url`.
    pub fn new(entries: Vec<ChangeLogEntry>, site_title: &'a str, base_url: &'a str) -> Self {
        let entries: Vec<ChangeLogEntry> = entries.into_iter().filter(|e| !e.draft).collect();
        let updated = entries
            .first()
            .map(|e| e.date_iso.clone())
            .unwrap_or_else(|| "1970-01-01".into());
        FeedContext {
            site_title,
            base: base_url.trim_end_matches('/'),
            changes_url: CHANGES_URL,
            feed_url: FEED_URL,
            updated,
            entries,
        }
    }
}
