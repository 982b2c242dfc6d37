//! Knowledge checks (```check blocks) and glossary abbreviations marked on
//! first use, through a real build.

mod common;

use common::*;

const CHECK: &str = "```check
question: What does a \"suitable\" tell the court?
options:
  - The person will complete the order
  - The person meets the test and treatment is available
  - Why the person offended
answer: 2
hint: Think about what the assessment covers.
explanation: It says the person meets the test, has consented and can be treated.
```
";

fn guide(body: &str) -> Project {
    Project::new().file("content/guide.md", &page("Guide", body))
}

#[test]
fn a_check_is_an_accessible_radio_group_with_the_answer_in_details() {
    let built = guide(&format!("Intro.\n\n{CHECK}")).build();
    built.assert_ok();
    let html = built.page("guide.html");
    let section = first(&html, ".wm-prose section.wm-check");
    let labelled_by = section.value().attr("aria-labelledby").unwrap();
    assert_eq!(
        attr_all(&html, "section.wm-check > fieldset > legend", "id"),
        [labelled_by],
        "the section is named by the fieldset's legend"
    );
    assert_eq!(
        select_text(&html, "section.wm-check legend"),
        ["What does a \"suitable\" tell the court?"]
    );
    assert_eq!(attr_all(&html, "section.wm-check", "data-wm-answer"), ["2"]);
    // Every radio has a label tied to it, and they share one name.
    let ids = attr_all(&html, "fieldset input[type=radio]", "id");
    assert_eq!(ids.len(), 3);
    assert_eq!(attr_all(&html, "fieldset label", "for"), ids);
    let names = attr_all(&html, "fieldset input[type=radio]", "name");
    assert!(names.iter().all(|n| n == &names[0]), "{names:?}");
    // The hint describes the group.
    let described = attr_all(&html, "fieldset", "aria-describedby");
    assert_eq!(
        attr_all(&html, ".wm-check__hint", "id"),
        described,
        "{described:?}"
    );
    // The button waits for the script; the live region is there from the start.
    assert_eq!(count(&html, "button.wm-check__button[hidden]"), 1);
    assert_eq!(count(&html, "section.wm-check [role=status]"), 1);
    // Without JavaScript, the answer and why.
    assert_eq!(
        select_text(&html, "section.wm-check details > summary"),
        ["Show the answer"]
    );
    let answer = select_text(&html, "section.wm-check details").join(" ");
    assert!(
        answer.contains("The person meets the test and treatment is available"),
        "{answer}"
    );
    assert!(answer.contains("has consented"), "{answer}");
    assert_eq!(count(&html, ".wm-prose pre"), 0, "not shown as code");
    // The script is on the page and in the output.
    assert!(attr_all(&html, "script", "src").contains(&"assets/checks.js".to_string()));
    assert!(built.exists("assets/checks.js"));
}

#[test]
fn two_checks_on_a_page_have_their_own_ids() {
    let built = guide(&format!("{CHECK}\nMore.\n\n{CHECK}")).build();
    built.assert_ok();
    let html = built.page("guide.html");
    assert_eq!(count(&html, "section.wm-check"), 2);
    let all = ids(&html);
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(all.len(), unique.len(), "duplicate ids: {all:?}");
    let names = attr_all(&html, "input[type=radio]", "name");
    assert_ne!(names[0], names[5]);
}

#[test]
fn a_check_on_a_page_with_raw_html_keeps_its_controls() {
    let built = guide(&format!("<div class=\"note\">Note</div>\n\n{CHECK}")).build();
    built.assert_ok();
    let html = built.page("guide.html");
    assert_eq!(count(&html, "section.wm-check input[type=radio]"), 3);
    assert_eq!(count(&html, "section.wm-check button"), 1);
    assert_eq!(count(&html, "section.wm-check [data-wm-answer]"), 0);
    assert_eq!(count(&html, "section.wm-check[data-wm-answer]"), 1);
}

#[test]
fn check_errors_name_the_markdown_file_line_and_column() {
    // Front matter is lines 1-3, a blank line, then the body from line 5.
    let body = "Intro.\n\n```check\nquestion: Q?\noptions:\n  - Yes\n  - yes\nanswer: 3\nexplanation: x\n```\n";
    let built = guide(body).build();
    built.assert_failed();
    let errors: Vec<String> = built
        .errors()
        .iter()
        .map(|d| format!("{} {}", place(d), d.message))
        .collect();
    assert_eq!(
        errors,
        [
            "content/guide.md:11:3 option 2 repeats option 1: `yes`",
            "content/guide.md:12:1 `answer: 3` is not one of the options (there are 2)",
        ],
        "{}",
        built.messages()
    );
}

#[test]
fn unknown_keys_in_a_check_are_errors_with_a_suggestion() {
    let body = "```check\nquestion: Q?\noptions: [a, b]\nanswers: 1\n```\n";
    let built = guide(body).build();
    let d = built.error_containing("unknown field `answers`");
    assert_eq!(place(d), "content/guide.md:8:1");
    assert!(d.hint.as_deref().unwrap().contains("did you mean `answer`"));
}

#[test]
fn a_check_without_an_explanation_is_a_warning() {
    let built = guide("```check\nquestion: Q?\noptions: [a, b]\nanswer: 1\n```\n").build();
    built.assert_ok();
    let w = built.warnings();
    assert_eq!(w.len(), 1, "{}", built.messages());
    assert_eq!(place(w[0]), "content/guide.md:5:1");
    assert_eq!(count(&built.page("guide.html"), "section.wm-check"), 1);
}

const GLOSSARY: &str = "terms:
  - term: MHTR
    expansion: Mental Health Treatment Requirement
    definition: A requirement for treatment of a mental health condition. More.
  - term: RO
    expansion: Responsible Officer
    definition: The probation officer in charge of the order.
    ambiguity: Some reports use RO for a referral order.
";

#[test]
fn an_alias_claimed_by_two_terms_fails_the_build_at_the_alias() {
    let built = Project::new()
        .file(
            "content/glossary.yaml",
            "terms:\n  - term: BBR\n    definition: a\n    aliases: [BRR]\n  - term: DRR\n    definition: b\n    aliases: [drug rehabilitation requirement, BRR]\n",
        )
        .file("content/index.md", &page("Home", "Hello.\n"))
        .build();
    let d = built.error_containing("already an alias of `BBR`");
    assert_eq!(place(d), "content/glossary.yaml:7:48");
}

#[test]
fn glossary_abbreviations_are_marked_on_first_use_with_a_tooltip() {
    let built = Project::new()
        .file("content/glossary.yaml", GLOSSARY)
        .file(
            "content/guide/page.md",
            &page(
                "Page",
                "## The MHTR\n\nAn MHTR, then [an MHTR](../glossary.yaml#mhtr), then MHTRs, and the RO.\n",
            ),
        )
        .build();
    built.assert_ok();
    let html = built.page("guide/page.html");
    assert_eq!(select_text(&html, ".wm-prose h2"), ["The MHTR"]);
    assert_eq!(count(&html, ".wm-prose abbr.wm-abbr"), 2);
    assert_eq!(
        attr_all(&html, ".wm-term > a.wm-term__link", "href"),
        ["../glossary.html#mhtr", "../glossary.html#ro"]
    );
    assert_eq!(
        attr_all(&html, ".wm-term abbr", "title"),
        ["Mental Health Treatment Requirement", "Responsible Officer"]
    );
    // The link's description is the definition, on the page.
    for described in attr_all(&html, ".wm-term__link", "aria-describedby") {
        assert_eq!(count(&html, &format!("[role=tooltip] #{described}")), 1);
    }
    assert_eq!(
        select_text(&html, ".wm-term__flag"),
        ["(ambiguous)"],
        "only RO is ambiguous"
    );
    // The glossary page marks nothing.
    assert_eq!(count(&built.page("glossary.html"), ".wm-term"), 0);
}
