//! Footnotes, numbered in order of first use, listed at the end of the page
//! with a way back to where each was cited.
//!
//! pulldown-cmark's own footnote HTML uses the note's name as its id, so
//! `[^note]` clashes with a `## Note` heading, and it has no back-links.
//! Ids here are `fn:<name>` and `fnref:<name>`: a heading's slug never holds
//! a colon, so they cannot clash.

use std::collections::HashMap;

use pulldown_cmark::{Event, TagEnd};

use super::{escape_html, slug::slugify, Slots};

#[derive(Default)]
pub(crate) struct Footnotes<'a> {
    /// Each note's number and id part, by its name as written.
    notes: HashMap<String, (usize, String)>,
    /// How many times each note has been cited so far, by name.
    cited: HashMap<String, usize>,
    /// The definition being read: its name and where its events start.
    open: Option<(String, usize)>,
    /// Finished definitions: number, name and their rendered events.
    defined: Vec<(usize, String, Vec<Event<'a>>)>,
}

impl<'a> Footnotes<'a> {
    /// The note's number and id part, given on first sight.
    fn note(&mut self, name: &str) -> (usize, String) {
        if let Some(note) = self.notes.get(name) {
            return note.clone();
        }
        let number = self.notes.len() + 1;
        let slug = slugify(name);
        let taken = self.notes.values().any(|(_, key)| *key == slug);
        let key = if slug.is_empty() || taken {
            number.to_string()
        } else {
            slug
        };
        self.notes.insert(name.to_string(), (number, key.clone()));
        (number, key)
    }

    /// The superscript link for one citation of `name`.
    pub fn reference(&mut self, name: &str, slots: &mut Slots) -> Event<'static> {
        let (number, key) = self.note(name);
        let count = self.cited.entry(name.to_string()).or_default();
        *count += 1;
        let id = if *count == 1 {
            format!("fnref:{key}")
        } else {
            format!("fnref:{key}-{count}")
        };
        slots.push(format!(
            "<sup class=\"wm-footnote-ref\"><a href=\"#fn:{key}\" id=\"{id}\">{number}</a></sup>",
            key = escape_html(&key),
            id = escape_html(&id),
        ))
    }

    /// A definition starts at `at` in the page's events.
    pub fn start(&mut self, name: &str, at: usize) {
        self.note(name);
        if self.open.is_none() {
            self.open = Some((name.to_string(), at));
        }
    }

    /// The definition that started ends: its events leave the page's flow
    /// for the list at the end.
    pub fn end(&mut self, events: &mut Vec<Event<'a>>) {
        if let Some((name, at)) = self.open.take() {
            let body: Vec<Event<'a>> = events.drain(at.min(events.len())..).collect();
            let (number, _) = self.note(&name);
            self.defined.push((number, name, body));
        }
    }

    /// Appends the list of notes, in number order, to the page.
    pub fn finish(mut self, events: &mut Vec<Event<'a>>, slots: &mut Slots) {
        if self.defined.is_empty() {
            return;
        }
        self.defined.sort_by_key(|(number, _, _)| *number);
        events.push(slots.push(
            "<div class=\"wm-footnotes\" role=\"note\" aria-label=\"Footnotes\">\n<ol>\n".into(),
        ));
        for (number, name, mut body) in std::mem::take(&mut self.defined) {
            let (_, key) = self.note(&name);
            let key = escape_html(&key);
            events.push(slots.push(format!("<li id=\"fn:{key}\" value=\"{number}\">")));
            if self.cited.contains_key(&name) {
                let back = slots.push(format!(
                    " <a class=\"wm-footnote-back\" href=\"#fnref:{key}\" aria-label=\"Back to reference {number}\">↩</a>"
                ));
                // Inside the last paragraph, as readers expect, when there is one.
                match body.last() {
                    Some(Event::End(TagEnd::Paragraph)) => body.insert(body.len() - 1, back),
                    _ => body.push(back),
                }
            }
            events.extend(body);
            events.push(slots.push("</li>\n".into()));
        }
        events.push(slots.push("</ol>\n</div>\n".into()));
    }
}
