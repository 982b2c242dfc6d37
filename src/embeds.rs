//! Items embedded in Markdown pages as fenced blocks:
//!
//! ````markdown
//! ```map
//! national-pathway
//! ```
//! ````
//!
//! draws the process map `content/maps/national-pathway/` (its current version) in the page,
//! and a `form` block shows a card leading to that form. The resolver wraps
//! a page's link resolver, so links and embeds are checked in one pass and
//! reported at the block's line.

use crate::diagnostics::did_you_mean;
use crate::forms::Form;
use crate::links::{relative_url, PageLinks};
use crate::maps::pages::{self as map_pages, SiteMap};
use crate::markdown::{escape_html, GlossaryMarks, LinkError, LinkResolver};

pub struct PageResolver<'a> {
    pub links: PageLinks<'a>,
    pub maps: &'a [SiteMap],
    pub forms: &'a [Form],
    /// Glossary abbreviations to mark on their first use on this page.
    pub glossary: Option<GlossaryMarks<'a>>,
}

impl LinkResolver for PageResolver<'_> {
    fn resolve(&self, href: &str) -> Result<String, LinkError> {
        self.links.resolve(href)
    }

    fn embed(&self, kind: &str, id: &str) -> Option<Result<String, LinkError>> {
        match kind {
            "map" => Some(self.map(id)),
            "form" => Some(self.form(id)),
            _ => None,
        }
    }

    fn glossary(&self) -> Option<&GlossaryMarks<'_>> {
        self.glossary.as_ref()
    }
}

impl PageResolver<'_> {
    fn map(&self, id: &str) -> Result<String, LinkError> {
        let which = self
            .maps
            .iter()
            .position(|m| m.id == id)
            .ok_or_else(|| unknown("map", id, self.maps.iter().map(|m| m.id.as_str())))?;
        Ok(map_pages::embed(
            self.maps,
            which,
            self.links.index,
            self.links.from_url,
        ))
    }

    fn form(&self, id: &str) -> Result<String, LinkError> {
        let form = self
            .forms
            .iter()
            .find(|f| f.id == id)
            .ok_or_else(|| unknown("form", id, self.forms.iter().map(|f| f.id.as_str())))?;
        let url = relative_url(self.links.from_url, &crate::forms::pages::url(form));
        Ok(format!(
            "<div class=\"wm-inset wm-form-card\">\n<p><strong>Form:</strong> <a href=\"{}\">{}</a></p>\n<p>{}</p>\n<p>Print it blank, or fill it in on this device: your answers are not sent anywhere.</p>\n</div>\n",
            escape_html(&url),
            escape_html(&form.title),
            escape_html(&form.purpose)
        ))
    }
}

fn unknown<'a>(kind: &str, id: &str, known: impl Iterator<Item = &'a str> + Clone) -> LinkError {
    LinkError {
        message: format!("there is no {kind} `{id}` to embed"),
        hint: did_you_mean(id, known.clone())
            .map(|b| format!("did you mean `{b}`?"))
            .or_else(|| Some(format!("{kind}s: {}", known.collect::<Vec<_>>().join(", ")))),
    }
}
