//! Where each generated page is written: one exhaustive `match`, each arm
//! calling the URL rule of the feature that owns the page.

use super::*;

/// What generated pages' URLs are worked out from: the ids a kind carries
/// index into these.
pub(in crate::build) struct Urls<'a> {
    pub(in crate::build) content: &'a Content,
    pub(in crate::build) documents: &'a Documents,
    pub(in crate::build) yaml_docs: &'a YamlDocs,
    pub(in crate::build) maps: &'a [map_pages::SiteMap],
    /// The forms published: the project's own and every form version.
    pub(in crate::build) forms: &'a [Form],
    pub(in crate::build) variations: &'a [SiteVariation],
}

/// The URL of a generated page of this kind, from its feature's URL rule;
/// `None` for the pages the tree places itself (`tree::PageTree::build`):
/// a Markdown page at its source path, a folder's listing in its folder,
/// the glossary at `glossary.html`.
pub(in crate::build) fn url(kind: PageKind, at: &Urls<'_>) -> Option<String> {
    let doc = |d: usize| &at.documents.docs[d];
    let site = |s: usize| &at.content.sites[s];
    Some(match kind {
        PageKind::Markdown(_) | PageKind::FolderIndex | PageKind::Glossary => return None,
        PageKind::Version {
            doc: d,
            version,
            canonical,
        } => {
            let d = doc(d);
            if canonical {
                d.url("index.html")
            } else {
                d.url(&d.versions[version].file_name())
            }
        }
        PageKind::Print { doc: d, version } => {
            let d = doc(d);
            version_pages::print_url(d, &d.versions[version])
        }
        PageKind::History { item } => match item {
            VersionedRef::Document(d) => doc(d).history_url(),
            VersionedRef::MapOrForm(d) => at.yaml_docs.docs[d].history_url(),
        },
        PageKind::Compare { item, from, to } => match item {
            VersionedRef::Document(d) => doc(d).compare_url(from, to),
            VersionedRef::MapOrForm(d) => at.yaml_docs.docs[d].compare_url(from, to),
        },
        PageKind::Changes => version_pages::CHANGES_URL.into(),
        PageKind::EmbeddingMatrix => version_pages::EMBEDDING_URL.into(),
        PageKind::EmbeddingSite { site: s } => version_pages::site_agenda_url(site(s)),
        PageKind::Maintenance => crate::versions::maintenance::URL.into(),
        PageKind::Site { site: s } => site_pages::site_url(site(s)),
        PageKind::SiteCompare { variation } => {
            site_pages::compare_url(site(at.variations[variation].site))
        }
        PageKind::SiteMatrix => site_pages::MATRIX_URL.into(),
        PageKind::Map { map } => at.maps[map].url(),
        PageKind::Form { form } => form_pages::url(&at.forms[form]),
        PageKind::Search => site_search::SEARCH_URL.into(),
        PageKind::AToZ => site_search::A_Z_URL.into(),
        PageKind::NotFound => super::not_found::URL.into(),
        PageKind::Feed => version_pages::FEED_URL.into(),
    })
}
