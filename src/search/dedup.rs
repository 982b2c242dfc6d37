//! Passages a site pathway inherits unchanged from the national text.
//!
//! A site pathway is the national document with the site's overrides laid
//! over it, so most of its sections repeat a national section word for
//! word. Indexed as they are, one query returns the same passage once for
//! the national text and once per site. Instead, a current site record whose
//! section title and text equal a current national record's is left out of
//! the index, and the national record lists it ("also in 5 site pathways",
//! linking each copy). The sites of the copies still count for the results
//! page's site filter (`Facets::inherited`), so filtering by a site finds the
//! national passages it shares.

use std::collections::HashMap;

use super::IndexedSection;

/// The records to index (copies removed, order kept) and, per kept record,
/// the copies it stands for (empty for most). Texts are compared by digest
/// (`IndexedSection::copy_key`): records do not keep their full text.
pub fn merge_copies(
    recs: Vec<&IndexedSection>,
) -> (Vec<&IndexedSection>, Vec<Vec<&IndexedSection>>) {
    let mut national: HashMap<(&str, [u8; 16]), usize> = HashMap::new();
    for (i, &r) in recs.iter().enumerate() {
        if let (true, None, Some(key)) = (r.current(), &r.page.site, r.copy_key()) {
            national.entry(key).or_insert(i);
        }
    }
    let mut copies: Vec<Vec<&IndexedSection>> = vec![Vec::new(); recs.len()];
    let mut copy = vec![false; recs.len()];
    for (i, &r) in recs.iter().enumerate() {
        if !r.current() || r.page.site.is_none() {
            continue;
        }
        if let Some(&n) = r.copy_key().and_then(|key| national.get(&key)) {
            copies[n].push(r);
            copy[i] = true;
        }
    }
    recs.into_iter()
        .zip(copies)
        .zip(copy)
        .filter(|(_, is_copy)| !is_copy)
        .map(|(kept, _)| kept)
        .unzip()
}

#[cfg(test)]
mod tests {
    use super::super::{Analyser, SearchSection};
    use super::*;

    fn rec(url: &str, site: Option<&str>, title: &str, text: &str) -> SearchSection {
        SearchSection {
            url: url.into(),
            section_title: title.into(),
            text: text.into(),
            site: site.map(str::to_string),
            current: true,
            ..SearchSection::default()
        }
    }

    #[test]
    fn a_site_copy_of_a_national_passage_is_folded_into_it() {
        let recs = [
            rec("n.html#a", None, "Assessment", "Same words."),
            rec("s/x.html#a", Some("X"), "Assessment", "Same words."),
            rec("s/x.html#b", Some("X"), "Referral", "Local words."),
            rec("s/y.html#a", Some("Y"), "Assessment", "Same words."),
        ];
        let recs = Analyser::new(Vec::new(), &Default::default()).sections(recs.to_vec());
        let (kept, also) = merge_copies(recs.iter().collect());
        let urls: Vec<&str> = kept.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(urls, ["n.html#a", "s/x.html#b"]);
        let copies: Vec<&str> = also[0].iter().map(|r| r.url.as_str()).collect();
        assert_eq!(copies, ["s/x.html#a", "s/y.html#a"]);
        assert!(also[1].is_empty());
    }

    #[test]
    fn a_changed_word_or_title_or_a_superseded_national_text_keeps_the_site_passage() {
        let mut old = rec("n1.html#a", None, "Assessment", "Old words.");
        old.current = false;
        let recs = [
            rec("n.html#a", None, "Assessment", "Same words."),
            rec(
                "s/x.html#a",
                Some("X"),
                "Assessment",
                "Same words, locally.",
            ),
            rec("s/x.html#c", Some("X"), "Assessment here", "Same words."),
            old,
            rec("s/y.html#a", Some("Y"), "Assessment", "Old words."),
        ];
        let recs = Analyser::new(Vec::new(), &Default::default()).sections(recs.to_vec());
        let (kept, _) = merge_copies(recs.iter().collect());
        assert_eq!(kept.len(), 5);
    }
}
