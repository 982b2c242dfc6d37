//! Every CommonMark spec example, and GitHub's table, strikethrough and
//! task-list extension examples, run through Waymark's own renderer
//! (`markdown::render`, the one every page uses), so conformance cannot slip.
//!
//! The examples are in `tests/fixtures/commonmark/examples.json` (see the
//! README beside it for where they come from). Both sides are normalised
//! before comparing (see [`canonical`]) so that what Waymark adds on purpose
//! (heading ids, highlight spans, the table scroll region, classes, one
//! `<h1>` per page) does not count. The examples that still differ are
//! listed in [`KNOWN`], each with the reason: a new difference fails, and
//! so does a listed one that has gone (so the list stays true).

use std::collections::BTreeMap;

use scraper::{Html, Node};
use waymark::markdown::highlight::Highlighter;
use waymark::markdown::{render, scan_headings, LinkError, LinkResolver, SourceRef};

/// Example numbers (by suite) that intentionally render differently.
const KNOWN: &[(&str, &[u32], &str)] = &[
    (
        "commonmark",
        &[
            150, 163, 169, 170, 171, 172, 176, 178, 201, 491, 524, 536, 613, 614, 615, 616, 617,
        ],
        "raw HTML passes the sanitiser: unknown elements (<foo>, <bab>, <responsive-image>, \
         <Warning>), <script>, <style>, <textarea> and unknown attributes are removed, each \
         with a located warning (tests/foreign_markdown.rs)",
    ),
    (
        "commonmark",
        &[173],
        "a <style> never closed is shown as text, not left to swallow the rest of the page",
    ),
    (
        "commonmark",
        &[602, 606, 608, 611, 612],
        "bare URLs and email addresses are linked, as GitHub's autolink extension does",
    ),
];

/// Links are kept as written: resolving them is `links`' job (tested in
/// tests/links.rs), and the spec's targets (`/url`) are not pages here.
struct AsWritten;

impl LinkResolver for AsWritten {
    fn resolve(&self, href: &str) -> Result<String, LinkError> {
        Ok(href.to_string())
    }
}

fn waymark_html(markdown: &str) -> String {
    let headings = scan_headings(markdown);
    let source = SourceRef {
        file: "content/example.md",
        body_line: 1,
        title_heading: false,
    };
    render(
        markdown,
        &source,
        &headings,
        &AsWritten,
        &Highlighter::new(),
    )
    .html
}

/// A comparable form of an HTML fragment: elements with their attributes
/// sorted, whitespace collapsed, and what Waymark adds on purpose removed.
fn canonical(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    let mut out = String::new();
    for child in fragment.tree.root().children() {
        walk(child, &mut out);
    }
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    // Without its checkbox, a task item's text starts the item.
    collapsed.replace("> <", "><").replace("<li> ", "<li>")
}

fn walk(node: ego_tree::NodeRef<'_, Node>, out: &mut String) {
    match node.value() {
        Node::Text(text) => out.push_str(&escape(text)),
        Node::Element(element) => {
            let class = element.attr("class").unwrap_or("");
            let name = element.name();
            // Task markers are words for screen readers, not checkboxes.
            if class.contains("wm-task")
                || (name == "input" && element.attr("type") == Some("checkbox"))
            {
                return;
            }
            let unwrap = name == "html"
                || class.contains("wm-table-wrap")
                || (name == "span" && class.split(' ').any(|c| c.starts_with("hl-")));
            if unwrap {
                for child in node.children() {
                    walk(child, out);
                }
                return;
            }
            let name = match name {
                // A page's only <h1> is its title: the body starts at <h2>.
                "h1" => "h2",
                // Struck-out text is <s>; <del> is the redline's.
                "del" => "s",
                other => other,
            };
            let mut attrs: Vec<(String, String)> = element
                .attrs()
                .filter(|(k, _)| {
                    !matches!(
                        *k,
                        "id" | "class" | "style" | "align" | "tabindex" | "role" | "aria-label"
                    )
                })
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            attrs.sort();
            out.push('<');
            out.push_str(name);
            for (k, v) in attrs {
                out.push_str(&format!(" {k}=\"{}\"", escape(&v)));
            }
            out.push('>');
            for child in node.children() {
                walk(child, out);
            }
            if !matches!(name, "img" | "br" | "hr" | "input") {
                out.push_str(&format!("</{name}>"));
            }
        }
        _ => {
            for child in node.children() {
                walk(child, out);
            }
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[derive(serde::Deserialize)]
struct Example {
    example: u32,
    markdown: String,
    html: String,
}

#[test]
fn spec_examples_render_as_the_spec_says_or_as_listed() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/commonmark/examples.json"),
    )
    .unwrap();
    let suites: BTreeMap<String, Vec<Example>> = serde_json::from_str(&text).unwrap();
    assert_eq!(suites["commonmark"].len(), 652);

    let mut differ: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    let mut report = String::new();
    for (suite, examples) in &suites {
        for ex in examples {
            let ours = canonical(&waymark_html(&ex.markdown));
            let theirs = canonical(&ex.html);
            if ours != theirs {
                differ.entry(suite).or_default().push(ex.example);
                let known = KNOWN
                    .iter()
                    .any(|(s, n, _)| s == suite && n.contains(&ex.example));
                if !known {
                    report.push_str(&format!(
                        "\n{suite} {}:\n  markdown: {:?}\n  spec:     {theirs}\n  waymark:  {ours}\n",
                        ex.example, ex.markdown
                    ));
                }
            }
        }
    }
    let mut gone = Vec::new();
    for (suite, numbers, _) in KNOWN {
        for n in *numbers {
            if !differ.get(suite).is_some_and(|d| d.contains(n)) {
                gone.push(format!("{suite} {n}"));
            }
        }
    }
    assert!(
        report.is_empty(),
        "examples that render differently from the spec and are not listed in KNOWN:{report}\nall differing: {differ:?}"
    );
    assert!(
        gone.is_empty(),
        "listed in KNOWN but now as the spec says (remove them): {gone:?}"
    );
}
