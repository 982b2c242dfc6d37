//! `render` with knowledge checks and glossary marks: the HTML a page gets.

use super::*;
use crate::content::glossary::Glossary;
use crate::diagnostics::Severity;

const GLOSSARY: &str = "terms:
  - term: MHTR
    expansion: Mental Health Treatment Requirement
    definition: A requirement for treatment of a mental health condition. Second sentence.
    aliases: [mental health treatment requirement]
  - term: ATR
    expansion: Alcohol Treatment Requirement
    definition: A requirement for someone dependent on alcohol.
  - term: DRR
    expansion: Drug Rehabilitation Requirement
    definition: A requirement for drug treatment & testing.
  - term: L&D
    expansion: Liaison and Diversion
    definition: Services that identify needs at court.
  - term: BBR
    expansion: Building Better Relationships
    definition: A programme for men who have been violent to a partner.
    aliases: [BRR, building better relationships]
    ambiguity: Printed as \"BRR\" in one table.
  - term: Consent
    definition: Agreement to comply.
";

/// A resolver with glossary marks, as `PageResolver` gives a page.
struct Marking<'a> {
    marks: Option<GlossaryMarks<'a>>,
}

impl LinkResolver for Marking<'_> {
    fn resolve(&self, href: &str) -> Result<String, LinkError> {
        Ok(href.replace(".md", ".html"))
    }

    fn embed(&self, kind: &str, id: &str) -> Option<Result<String, LinkError>> {
        (kind == "map").then(|| {
            Ok(format!(
                "<figure class=\"wm-map-embed\"><svg class=\"wm-map\" aria-labelledby=\"t-{id}\"><title id=\"t-{id}\">{id}</title></svg></figure>\n"
            ))
        })
    }

    fn glossary(&self) -> Option<&GlossaryMarks<'_>> {
        self.marks.as_ref()
    }
}

fn glossary() -> Glossary {
    Glossary::parse(GLOSSARY, "content/glossary.yaml").expect("test glossary")
}

fn render_with(body: &str, links: &dyn LinkResolver) -> Rendered {
    let headings = scan_headings(body);
    render(
        body,
        &SourceRef {
            file: "content/guide/page.md",
            body_line: 5,
            title_heading: false,
        },
        &headings,
        links,
        &Highlighter::new(),
    )
}

fn marked(body: &str) -> String {
    let g = glossary();
    let marks = GlossaryMarks::for_page(Some(g.matcher()), "guide/page.html");
    let r = render_with(body, &Marking { marks });
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    r.html
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

const CHECK: &str = "Intro.

```check
question: What does an MHTR need?
options:
  - Nothing
  - The person's consent
answer: 2
explanation: Consent is a legal precondition.
```
";

#[test]
fn a_check_block_renders_as_a_knowledge_check() {
    let r = render_with(CHECK, &Marking { marks: None });
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    // The fence is on body line 3, which is line 7 of the file.
    assert!(r.html.contains("<section class=\"wm-check\" aria-labelledby=\"wm-check-7-q\" data-wm-check data-wm-answer=\"2\">"), "{}", r.html);
    assert!(r.html.contains(
        "<label class=\"wm-check__label\" for=\"wm-check-7-2\">The person&#39;s consent</label>"
    ));
    assert!(!r.html.contains("<pre"), "not shown as code");
    assert!(!r.html.contains("wm-slot"), "{}", r.html);
}

#[test]
fn a_checks_question_is_searchable_but_not_its_answer() {
    let r = render_with(CHECK, &Marking { marks: None });
    let text: String = r.sections.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(text, "Intro. What does an MHTR need?");
}

#[test]
fn check_errors_point_into_the_markdown_file() {
    let body = "Intro.\n\n```check\nquestion: Q?\noptions:\n  - a\n  - b\nanswer: 5\n```\n";
    let r = render_with(body, &Marking { marks: None });
    let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{:?}", r.diagnostics);
    assert_eq!(errors[0].file, "content/guide/page.md");
    // `answer:` is body line 8: file line 12.
    assert_eq!(errors[0].position, Position::new(12, 1));
    assert!(!r.html.contains("wm-check"), "a broken check is left out");
}

#[test]
fn a_check_without_explanation_warns() {
    let body = "```check\nquestion: Q?\noptions: [a, b]\nanswer: 1\n```\n";
    let r = render_with(body, &Marking { marks: None });
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(r.diagnostics[0].severity, Severity::Warning);
    assert_eq!(r.diagnostics[0].position, Position::new(5, 1));
    assert!(r.html.contains("wm-check"));
}

#[test]
fn generated_html_survives_the_sanitiser() {
    let body =
        format!("<div class=\"note\" onclick=\"x()\">raw</div>\n\n{CHECK}\n```map\ntiny\n```\n");
    let r = render_with(&body, &Marking { marks: None });
    assert!(!r.html.contains("onclick"), "raw HTML is still sanitised");
    for kept in [
        "<input class=\"wm-check__input\" type=\"radio\"",
        "aria-labelledby=\"wm-check-",
        "data-wm-answer=\"2\"",
        "role=\"status\"",
        "<button type=\"button\"",
        "<svg class=\"wm-map\" aria-labelledby=\"t-tiny\">",
    ] {
        assert!(r.html.contains(kept), "lost {kept}: {}", r.html);
    }
    assert!(!r.html.contains("wm-slot"), "{}", r.html);
}

#[test]
fn an_authors_slot_span_cannot_inject_markup() {
    let body = "<span class=\"wm-slot-0\"></span><span class=\"wm-slot-9\"></span>\n\n<b onclick=\"x\">b</b>\n";
    let r = render_with(body, &Marking { marks: None });
    assert!(!r.html.contains("onclick"));
    assert!(
        r.html.contains("wm-slot-9"),
        "an unknown slot stays an empty span"
    );
}

#[test]
fn glossary_terms_are_marked_on_first_use_only() {
    let html = marked("An MHTR is a requirement. Another MHTR.\n\nA third MHTR.\n");
    assert_eq!(count(&html, "<abbr"), 1, "{html}");
    assert!(html.contains(
        "<p>An <span class=\"wm-term\"><a class=\"wm-term__link\" href=\"../glossary.html#mhtr\" aria-describedby=\"wm-term-mhtr\"><abbr class=\"wm-abbr\" title=\"Mental Health Treatment Requirement\">MHTR</abbr><span class=\"wm-visually-hidden\"> (Mental Health Treatment Requirement)</span></a><span class=\"wm-term__tip\" role=\"tooltip\"><span class=\"wm-term__expansion\">Mental Health Treatment Requirement</span> <span class=\"wm-term__definition\" id=\"wm-term-mhtr\">A requirement for treatment of a mental health condition.</span></span></span> is a requirement. Another MHTR.</p>"
    ), "{html}");
}

#[test]
fn each_term_is_marked_once() {
    let html = marked("ATR, DRR and MHTR; then ATR and DRR again.\n");
    assert_eq!(count(&html, "<abbr"), 3, "{html}");
    for t in ["ATR", "DRR", "MHTR"] {
        assert_eq!(count(&html, &format!("\">{t}</abbr>")), 1, "{t}: {html}");
    }
}

#[test]
fn never_in_links_headings_code_tables_or_raw_html() {
    let html = marked(
        "## The MHTR\n\n[an MHTR](other.md) and `MHTR` and <abbr title=\"x\">MHTR</abbr> and <span>MHTR</span>\n\n![MHTR chart](chart.png)\n\n| MHTR |\n|---|\n| MHTR |\n\n```text\nMHTR\n```\n\nAt last an MHTR.\n",
    );
    assert_eq!(count(&html, "class=\"wm-term\""), 1, "{html}");
    assert!(
        html.contains("<p>At last an <span class=\"wm-term\">"),
        "{html}"
    );
    assert!(html.contains("alt=\"MHTR chart\""), "{html}");
    assert!(html.contains("<h2 id=\"the-mhtr\">The MHTR</h2>"), "{html}");
}

#[test]
fn words_must_be_whole_but_plurals_count() {
    let html = marked("XATR, ATRx, ATR2 and atr are not uses. MHTRs are.\n");
    assert_eq!(count(&html, "<abbr"), 1, "{html}");
    assert!(html.contains("<abbr class=\"wm-abbr\" title=\"Mental Health Treatment Requirement\">MHTR</abbr>s<span class=\"wm-visually-hidden\">"), "{html}");
    assert!(html.contains("</span></span> are.</p>"), "{html}");
    let html = marked("DRRs and DRRss.\n");
    assert!(html.contains(">DRR</abbr>s<"), "{html}");
    assert!(html.contains(" and DRRss.</p>"), "{html}");
}

#[test]
fn abbreviation_aliases_mark_their_term() {
    let html = marked("The BRR table. Later, BBR and mental health treatment requirement.\n");
    assert_eq!(count(&html, "<abbr"), 1, "{html}");
    assert!(
        html.contains("title=\"Building Better Relationships\">BRR</abbr>"),
        "{html}"
    );
    assert!(
        !html.contains(">mental health"),
        "spelled-out aliases are not marked: {html}"
    );
}

#[test]
fn ambiguous_terms_are_flagged() {
    let html = marked("A BBR order.\n");
    assert!(
        html.contains("</span> <span class=\"wm-term__flag\">(ambiguous)</span></a>"),
        "{html}"
    );
    assert!(html.contains("<span class=\"wm-term__ambiguity\"><strong>Ambiguous:</strong> Printed as &quot;BRR&quot; in one table.</span></span></span></span>"), "{html}");
    let html = marked("An ATR.\n");
    assert!(!html.contains("ambiguous"), "{html}");
}

#[test]
fn terms_with_punctuation_and_in_emphasis() {
    let html = marked("Ask **L&amp;D** first, then L&D.\n");
    assert!(html.contains("<strong><span class=\"wm-term\"><a class=\"wm-term__link\" href=\"../glossary.html#ld\""), "{html}");
    assert!(
        html.contains("title=\"Liaison and Diversion\">L&amp;D</abbr>"),
        "{html}"
    );
    assert_eq!(count(&html, "<abbr"), 1);
}

#[test]
fn terms_without_expansion_are_not_marked() {
    assert!(!marked("Consent matters.\n").contains("<abbr"));
}

#[test]
fn marks_survive_raw_html_on_the_page() {
    let html = marked("<div class=\"x\">raw</div>\n\nAn MHTR.\n");
    assert!(html.contains("aria-describedby=\"wm-term-mhtr\""), "{html}");
    assert!(html.contains("role=\"tooltip\""), "{html}");
}

#[test]
fn search_text_is_unchanged_by_marks() {
    let g = glossary();
    let marks = GlossaryMarks::for_page(Some(g.matcher()), "a.html");
    let r = render_with("An MHTR and an ATR.\n", &Marking { marks });
    assert_eq!(r.sections[0].text, "An MHTR and an ATR.");
}

#[test]
fn one_page_in_several_pieces_marks_once() {
    let g = glossary();
    let links = Marking {
        marks: GlossaryMarks::for_page(Some(g.matcher()), "sites/a/pathway.html"),
    };
    let first = render_with("An MHTR.\n", &links);
    let second = render_with("An MHTR and an ATR.\n", &links);
    assert!(
        first.html.contains("href=\"../../glossary.html#mhtr\""),
        "{}",
        first.html
    );
    assert!(!second.html.contains(">MHTR</abbr>"), "{}", second.html);
    assert!(second.html.contains(">ATR</abbr>"), "{}", second.html);
}

#[test]
fn no_marks_on_the_glossary_page_or_without_expansions() {
    let g = glossary();
    assert!(GlossaryMarks::for_page(Some(g.matcher()), "glossary.html").is_none());
    assert!(GlossaryMarks::for_page(None, "a.html").is_none());
    let plain =
        Glossary::parse("terms:\n  - term: Consent\n    definition: a\n", "g.yaml").unwrap();
    assert!(GlossaryMarks::for_page(Some(plain.matcher()), "a.html").is_none());
}

#[test]
fn a_check_in_a_list_item_reports_real_columns() {
    let body = "- item\n\n  ```check\n  question: Q?\n  options: [a, b]\n  answer: 9\n  ```\n";
    let r = render_with(body, &Marking { marks: None });
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    // `answer:` is body line 6 (file line 10), indented by two spaces.
    assert_eq!(r.diagnostics[0].position, Position::new(10, 3));
}
