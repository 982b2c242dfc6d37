//! What the served copy of an HTML page gets: CSP, script, banner.

use crate::serve::live::{allow_self, inject, overlay_html, BuildError};

const REAL: &str = "default-src 'none'; script-src 'self' file:; style-src 'self' file:; img-src 'self' file: data:; form-action 'self' file:; base-uri 'none'";

#[test]
fn the_sites_csp_gains_connect_src_and_nothing_else() {
    let mut policy = REAL.to_string();
    for directive in ["connect-src", "script-src", "style-src"] {
        policy = allow_self(&policy, directive);
    }
    assert_eq!(policy, format!("{REAL}; connect-src 'self'"));
}

#[test]
fn csp_fallbacks_are_respected() {
    let cases = [
        ("connect-src 'none'", "connect-src 'self'"),
        (
            "connect-src https://a.example",
            "connect-src https://a.example 'self'",
        ),
        ("connect-src *", "connect-src *"),
        ("default-src *", "default-src *"),
        ("default-src 'self'", "default-src 'self'"),
        (
            "default-src https://a.example",
            "default-src https://a.example; connect-src https://a.example 'self'",
        ),
        ("img-src 'self'", "img-src 'self'"), // nothing restricts connect-src
        (
            "DEFAULT-SRC 'none';",
            "DEFAULT-SRC 'none'; connect-src 'self'",
        ),
    ];
    for (policy, expected) in cases {
        assert_eq!(allow_self(policy, "connect-src"), expected, "{policy}");
    }
}

#[test]
fn pages_get_the_script_before_the_end_of_body() {
    let page = b"<!DOCTYPE html><html><head><meta http-equiv=\"content-security-policy\" content='default-src &#39;none&#39;'></head><BODY class=\"x\"><p>hi</p></BODY></html>";
    let html = String::from_utf8(inject(page, 4, &[])).unwrap();
    assert!(html.contains("<script src=\"/__waymark/live.js\" data-build=\"4\"></script>\n</BODY>"));
    assert!(html.contains("content='default-src &#x27;none&#x27;; connect-src &#x27;self&#x27;; script-src &#x27;self&#x27;; style-src &#x27;self&#x27;'"), "{html}");
    // Other meta tags are left alone; so is a page without a body.
    let page = b"<meta name=\"description\" content=\"default-src\"><p>bare";
    let html = String::from_utf8(inject(page, 1, &[])).unwrap();
    assert!(html.starts_with("<meta name=\"description\" content=\"default-src\"><p>bare<script"));
}

#[test]
fn the_banner_opens_the_body_wherever_it_is() {
    let errors = [BuildError {
        file: "content/a&b.md".into(),
        line: 1,
        column: 2,
        message: "bad".into(),
        hint: None,
    }];
    let html = String::from_utf8(inject(
        b"<html><body class=\"x\">\n<h1>t</h1></body>",
        1,
        &errors,
    ))
    .unwrap();
    let banner = html.find("role=\"alert\"").unwrap();
    assert!(
        html.find("<body class=\"x\">").unwrap() < banner && banner < html.find("<h1>").unwrap()
    );
    assert!(html.contains("<code>content/a&amp;b.md:1:2</code> — bad</li>"));
    let html = String::from_utf8(inject(b"<!doctype html><head></head><p>x", 1, &errors)).unwrap();
    assert!(html.find("</head>").unwrap() < html.find("role=\"alert\"").unwrap());
    assert!(html.find("role=\"alert\"").unwrap() < html.find("<p>x").unwrap());
    // `<bodyx>` is not a body tag.
    let html = String::from_utf8(inject(b"<bodyx><body>", 1, &errors)).unwrap();
    assert!(html.starts_with("<bodyx><body><link"));
    let many = vec![errors[0].clone(); 3];
    assert!(overlay_html(&many).contains("did not build: 3 errors"));
    assert!(overlay_html(&errors).contains("did not build: 1 error<"));
}
