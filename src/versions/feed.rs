//! The Atom feed of "What's changed", written when `base_url` is set.

use serde_json::Value;

use super::changes::all_changes;
use super::pages::{change_anchor, CHANGES_URL, FEED_URL};
use super::{Documents, VersionState};
use crate::markdown;

/// The Atom feed of changes, for readers who follow the site in a feed
/// reader. Written only when `base_url` is set, since feeds need absolute URLs.
/// `others` are the change-log entries of versioned maps and forms (see
/// `crate::yaml_doc_pages::changes`, made with URLs relative to the root).
pub fn atom_feed(docs: &Documents, others: &[Value], site_title: &str, base_url: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let esc = markdown::escape_html;
    let kind = |major: bool| {
        if major {
            "Major change"
        } else {
            "Minor change"
        }
    };
    // (date, entry), merged newest first; the sort is stable.
    let mut entries: Vec<(String, String)> = Vec::new();
    for c in all_changes(docs)
        .iter()
        .filter(|c| c.version.state != VersionState::Draft)
    {
        let link = format!("{base}/{}", c.doc.url(&c.version.file_name()));
        entries.push((c.version.effective.iso(), format!(
            "  <entry>\n    <title>{}, version {}: {}</title>\n    <id>{base}/{CHANGES_URL}#{}</id>\n    <link href=\"{link}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <author><name>{}</name></author>\n    <summary>{}. {}</summary>\n  </entry>\n",
            esc(&c.doc.title), c.version.number, esc(&c.note.id), change_anchor(&c.id), c.version.effective.iso(),
            esc(c.version.approved_by.as_deref().unwrap_or(site_title)), kind(c.note.major), esc(&c.note.summary)
        )));
    }
    for c in others.iter().filter(|c| c["draft"] != true) {
        let text = |key: &str| c[key].as_str().unwrap_or_default().to_string();
        let date = text("date_iso");
        entries.push((date.clone(), format!(
            "  <entry>\n    <title>{}, version {}</title>\n    <id>{base}/{CHANGES_URL}#{}</id>\n    <link href=\"{base}/{}\"/>\n    <updated>{date}T00:00:00Z</updated>\n    <author><name>{}</name></author>\n    <summary>{}. {}</summary>\n  </entry>\n",
            esc(&text("doc_title")), esc(&text("version")), esc(&text("anchor")), esc(&text("compare_url")),
            esc(site_title), kind(c["note"]["major"] == true), esc(c["note"]["summary"].as_str().unwrap_or_default())
        )));
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0));
    let updated = entries
        .first()
        .map(|e| e.0.clone())
        .unwrap_or_else(|| "1970-01-01".into());
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str(&format!("  <title>{} – what's changed</title>\n  <id>{base}/{CHANGES_URL}</id>\n  <link rel=\"alternate\" href=\"{base}/{CHANGES_URL}\"/>\n  <link rel=\"self\" href=\"{base}/{FEED_URL}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n", esc(site_title)));
    for (_, entry) in entries {
        xml.push_str(&entry);
    }
    xml.push_str("</feed>\n");
    xml
}
