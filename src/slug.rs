//! GitHub-style heading slugs.
//!
//! Automatic heading ids follow the slug rules most Markdown tools share
//! (GitHub, mdBook, many editors), so that links written for those tools keep
//! working here: lower case, punctuation dropped, spaces to hyphens, and `-1`,
//! `-2`, … appended to repeats within one page.

use std::collections::{HashMap, HashSet};

/// Turns heading text into its GitHub-style slug, without de-duplication.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for ch in text.trim().chars() {
        if ch.is_alphanumeric() || ch == '_' || ch == '-' {
            slug.extend(ch.to_lowercase());
        } else if ch == ' ' {
            slug.push('-');
        }
        // Every other character (punctuation, symbols) is dropped, as GitHub does.
    }
    slug
}

/// Hands out unique ids within one page.
///
/// Explicit ids (`{#id}`) are reserved first so that an automatic id never
/// takes a name the author chose by hand.
#[derive(Debug, Default)]
pub struct Slugger {
    seen: HashSet<String>,
    /// Next suffix to try per base slug, so a title repeated n times costs
    /// O(n) in all rather than O(n²).
    next_suffix: HashMap<String, usize>,
}

impl Slugger {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an id the author wrote explicitly. Returns false if it was
    /// already taken on this page.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.seen.insert(id.to_string())
    }

    /// The unique slug for a heading's text: `text`, then `text-1`, `text-2`, ….
    pub fn unique(&mut self, text: &str) -> String {
        let base = slugify(text);
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        if self.seen.insert(base.clone()) {
            return base;
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.seen.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_style() {
        assert_eq!(slugify("Consent and capacity"), "consent-and-capacity");
        assert_eq!(slugify("What's a CSTR?"), "whats-a-cstr");
        assert_eq!(
            slugify("MHTR: sign-off (clinical lead)"),
            "mhtr-sign-off-clinical-lead"
        );
        assert_eq!(slugify("  Step 1 — screening "), "step-1--screening");
    }

    #[test]
    fn repeats_get_numbered() {
        let mut s = Slugger::new();
        assert_eq!(s.unique("Notes"), "notes");
        assert_eq!(s.unique("Notes"), "notes-1");
        assert_eq!(s.unique("Notes"), "notes-2");
    }

    #[test]
    fn explicit_ids_are_reserved() {
        let mut s = Slugger::new();
        assert!(s.reserve("notes"));
        assert_eq!(s.unique("Notes"), "notes-1");
        assert!(!s.reserve("notes"));
    }
}
