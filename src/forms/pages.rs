//! Forms as pages: `content/forms/<id>.yaml` becomes `forms/<id>.html`, a
//! form that prints blank without JavaScript and can be filled in, checked,
//! saved to a file and reopened with it (`themes/default/static/parts/forms/`, joined into `forms.js`).

use serde::Serialize;

use crate::forms::{self, Form};
use crate::markdown::SectionText;
use crate::render::{extra_data, PageBody};
use crate::tree::{PageKind, PlannedPage};

/// A form page's template data: the id its answers are kept under.
#[derive(Debug, Serialize)]
struct FormPageData<'a> {
    form_id: &'a str,
}

pub fn url(form: &Form) -> String {
    format!("forms/{}.html", form.id)
}

/// The tree pages of the forms, listed in the `forms` folder.
pub fn plan(forms: &[Form]) -> Vec<PlannedPage> {
    let mut pages: Vec<(String, PlannedPage)> = forms
        .iter()
        .enumerate()
        .map(|(form, f)| {
            let page = PlannedPage {
                kind: PageKind::Form { form },
                title: f.title.clone(),
                summary: Some(f.purpose.clone()),
                folder: "forms".into(),
                order: None,
                // Versions (`<id>/v1.0`) are reached from their form's page.
                listed: !f.id.contains('/'),
                folder_index: false,
            };
            (url(f), page)
        })
        .collect();
    // In the order of their URLs, as the tree has always had them.
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    pages.into_iter().map(|(_, page)| page).collect()
}

pub fn body(form: &Form) -> PageBody {
    // Searchable by what the form is for and the questions it asks.
    let mut text = format!("{} {} ", form.purpose, form.who);
    for section in &form.sections {
        text.push_str(&section.title);
        text.push(' ');
        for field in &section.fields {
            text.push_str(&field.label);
            text.push(' ');
        }
    }
    // Only the version at the plain address is searchable.
    let search = if form.id.contains('/') {
        Vec::new()
    } else {
        vec![SectionText {
            id: String::new(),
            title: String::new(),
            text: text.trim().to_string(),
        }]
    };
    PageBody {
        html: forms::render_form_html(form, "f"),
        headings: Vec::new(),
        extra: extra_data(&FormPageData { form_id: &form.id }),
        search,
    }
}
