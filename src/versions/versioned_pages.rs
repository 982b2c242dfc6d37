//! What the pages of every versioned kind share, made once from the one
//! model (`versioning::Versioned`): the list of versions a version page or
//! a map's version box shows, the compare picker, and the history page's
//! timeline. Each kind adds only what it alone has: a document's change
//! notes and print pages (`versions::pages`), a map's or form's computed
//! changes (`versions::yaml_pages`).

use super::page_data::{
    DocLinks, HistoryItem, HistoryPage, Picker, PickerOption, PickerPair, VersionListItem,
    VersionView,
};
use super::Versioned;
use crate::links::relative_url;
use crate::tree::{PageKind, PlannedPage, VersionedRef};

/// Which comparison each entry of a version list links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListLinks {
    /// "What changed since this older version", to the version shown, where
    /// that comparison is built (a document's version page).
    SinceThisOne,
    /// The comparison with the version before (a map's or form's box).
    PreviousOne,
}

/// Every version of `item`, newest first, for a page of version `this`
/// at `url`.
pub fn version_list<V>(
    item: &Versioned<V>,
    this: usize,
    url: &str,
    links: ListLinks,
) -> Vec<VersionListItem> {
    let built_pairs = item.compare_pairs();
    item.versions
        .iter()
        .enumerate()
        .rev()
        .map(|(i, v)| VersionListItem {
            number: v.number.to_string(),
            state: v.state,
            state_label: v.state.label(),
            effective: v.effective.long(),
            summary: v.summary.clone(),
            url: relative_url(url, &item.version_url(i)),
            is_this: i == this,
            since_url: (links == ListLinks::SinceThisOne && built_pairs.contains(&(i, this)))
                .then(|| relative_url(url, &item.compare_url(i, this))),
            compare_url: (links == ListLinks::PreviousOne && i > 0)
                .then(|| relative_url(url, &item.compare_url(i - 1, i))),
        })
        .collect()
}

/// Data for the compare picker: every version, every pre-built pair's URL,
/// and the pair selected (by default the shown version and the one before).
pub fn picker<V>(item: &Versioned<V>, url: &str, selected: Option<(usize, usize)>) -> Picker {
    let options = item
        .versions
        .iter()
        .enumerate()
        .map(|(i, v)| PickerOption {
            number: v.number.to_string(),
            label: format!(
                "Version {} ({}, {})",
                v.number,
                v.effective.long(),
                v.state.label().to_lowercase()
            ),
            index: i,
        })
        .collect();
    let pairs = item
        .compare_pairs()
        .into_iter()
        .map(|(f, t)| PickerPair {
            from: item.versions[f].number.to_string(),
            to: item.versions[t].number.to_string(),
            url: relative_url(url, &item.compare_url(f, t)),
        })
        .collect();
    let shown = item.shown();
    let (from, to) = selected.unwrap_or((shown.saturating_sub(1), shown));
    Picker {
        options,
        pairs,
        from: item.versions[from].number.to_string(),
        to: item.versions[to].number.to_string(),
    }
}

/// A version as a page lists it when the kind has no change notes of its
/// own (a map or form): what every version has.
pub fn plain_view<V>(item: &Versioned<V>, v: usize, url: &str) -> VersionView {
    let version = &item.versions[v];
    VersionView {
        number: version.number.to_string(),
        changed_since: v
            .checked_sub(1)
            .map(|p| item.versions[p].number.to_string()),
        section_changes: None,
        state: version.state,
        state_label: version.state.label(),
        effective: version.effective.long(),
        effective_iso: version.effective.iso(),
        approved_by: version.approved_by.clone(),
        summary: version.summary.clone(),
        url: relative_url(url, &item.version_url(v)),
        changes: Vec::new(),
    }
}

/// The history page's data: every version newest first (each drawn by
/// `view`, with its print page where the kind has one), the link to the
/// comparison with the version before, and the picker.
pub fn history_page<V>(
    item: &Versioned<V>,
    url: &str,
    has_notes: bool,
    view: impl Fn(usize) -> VersionView,
    print_url: impl Fn(usize) -> Option<String>,
) -> HistoryPage {
    let versions = (0..item.versions.len())
        .rev()
        .map(|i| {
            let previous = i.checked_sub(1);
            HistoryItem {
                version: view(i),
                compare_url: previous.map(|p| relative_url(url, &item.compare_url(p, i))),
                previous_number: previous.map(|p| item.versions[p].number.to_string()),
                print_url: print_url(i).map(|p| relative_url(url, &p)),
                details_html: None,
            }
        })
        .collect();
    HistoryPage {
        doc: DocLinks {
            title: item.title.clone(),
            url: relative_url(url, &item.shown_url()),
            history_url: None,
            print_url: None,
        },
        has_notes,
        versions,
        picker: picker(item, url, None),
    }
}

/// The history page of `item` (`reference` names it in the page kind), in
/// the folder `folder`, unlisted: it is reached from the item's pages.
pub fn plan_history<V>(item: &Versioned<V>, reference: VersionedRef, folder: &str) -> PlannedPage {
    PlannedPage {
        title: format!("History of the {}", lower_first(&item.title)),
        summary: Some("Every version, when it took effect, and what changed.".into()),
        folder: folder.to_string(),
        kind: PageKind::History { item: reference },
        order: None,
        listed: false,
        folder_index: false,
    }
}

/// The pages comparing pairs of `item`'s versions (`compare_pairs`), titled
/// by `title(from, to)`, unlisted in `folder`.
pub fn plan_comparisons<V>(
    item: &Versioned<V>,
    reference: VersionedRef,
    folder: &str,
    title: impl Fn(usize, usize) -> String,
) -> Vec<PlannedPage> {
    item.compare_pairs()
        .into_iter()
        .map(|(from, to)| PlannedPage {
            title: title(from, to),
            summary: None,
            folder: folder.to_string(),
            kind: PageKind::Compare {
                item: reference,
                from,
                to,
            },
            order: None,
            listed: false,
            folder_index: false,
        })
        .collect()
}

/// "National protocol" → "national protocol", keeping acronyms ("GP
/// protocol") as written.
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if chars.clone().next().is_some_and(|n| n.is_lowercase()) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    }
}
