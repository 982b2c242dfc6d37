use super::*;

fn rules() -> NationalRules {
    let list = |items: &[&[&str]]| -> Vec<Vec<String>> {
        items
            .iter()
            .map(|c| c.iter().map(|s| s.to_string()).collect())
            .collect()
    };
    let requirement = |id: &str, name: &str| RequirementType {
        id: id.into(),
        name: name.into(),
        short: None,
        max_months: None,
        also_called: Vec::new(),
    };
    let order = |id: &str, name: &str, phrases: &[&str], abbreviations: &[&str], max| OrderType {
        id: id.into(),
        name: name.into(),
        phrases: phrases.iter().map(|p| p.to_string()).collect(),
        abbreviations: abbreviations.iter().map(|p| p.to_string()).collect(),
        max_months: max,
    };
    NationalRules {
        min_age: Some(18),
        min_age_note: Some("CSTRs are for adults".into()),
        requirements: vec![
            requirement("mhtr", "Mental Health Treatment Requirement"),
            requirement("atr", "Alcohol Treatment Requirement"),
            requirement("drr", "Drug Rehabilitation Requirement"),
        ],
        allowed_combinations: Some(list(&[&["mhtr", "atr"], &["mhtr", "drr"]])),
        forbidden_combinations: list(&[&["atr", "drr"]]),
        orders: vec![
            order(
                "community_order",
                "community order",
                &["community order"],
                &["CO"],
                36,
            ),
            order(
                "suspended_sentence_order",
                "suspended sentence order",
                &["suspended sentence order", "suspended sentence", "sso"],
                &[],
                24,
            ),
        ],
        source: String::new(),
        ..Default::default()
    }
}

const FILE: &str = "sites/plymouth/site.yaml";
const PAGE: &str = "sites/plymouth/pathway.md";

fn combos(combinations: &[&[&str]]) -> Vec<Diagnostic> {
    let site = SiteFacts {
        site_id: "plymouth",
        file: FILE,
        combinations: combinations
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (
                    c.iter().map(|s| s.to_string()).collect(),
                    Position::new(i + 1, 5),
                )
            })
            .collect(),
        ..SiteFacts::default()
    };
    check_site(&rules(), &site)
}

fn numbers(numbers: &[(&str, i64)]) -> Vec<Diagnostic> {
    let site = SiteFacts {
        site_id: "plymouth",
        file: FILE,
        numbers: numbers
            .iter()
            .enumerate()
            .map(|(i, (n, v))| (n.to_string(), *v, Position::new(i + 1, 3)))
            .collect(),
        ..SiteFacts::default()
    };
    check_site(&rules(), &site)
}

fn prose(text: &str) -> Vec<Diagnostic> {
    let site = SiteFacts {
        site_id: "plymouth",
        file: FILE,
        texts: vec![SiteText {
            file: PAGE,
            text,
            first_line: 1,
        }],
        ..SiteFacts::default()
    };
    check_site(&rules(), &site)
}

#[test]
fn the_example_rules_are_consistent() {
    assert!(rules().validate().is_empty());
    let mut bad = rules();
    bad.allowed_combinations
        .as_mut()
        .unwrap()
        .push(vec!["atr".into(), "drr".into()]);
    bad.forbidden_combinations
        .push(vec!["mhtr".into(), "xyz".into()]);
    let problems: Vec<String> = bad.validate().into_iter().map(|d| d.message).collect();
    assert_eq!(
        problems,
        [
            "unknown requirement `xyz`",
            "[atr, drr] is both allowed and forbidden (forbidden: [atr, drr])"
        ]
    );
}

#[test]
fn allowed_combinations_pass() {
    assert!(combos(&[&["mhtr", "atr"], &["DRR", " MHTR "], &["atr"], &["mhtr"]]).is_empty());
}

#[test]
fn forbidden_and_unlisted_combinations_fail() {
    let errs = combos(&[&["atr", "drr"], &["mhtr", "atr", "drr"]]);
    assert_eq!(errs.len(), 2);
    assert_eq!(
        (errs[0].file.as_str(), errs[0].position),
        (FILE, Position::new(1, 5))
    );
    assert_eq!(
        errs[0].message,
        "site `plymouth`: ATR + DRR is not allowed: ATR and DRR are never combined"
    );
    assert!(errs[0]
        .hint
        .as_deref()
        .unwrap_or_default()
        .contains("forbidden_combinations: [atr, drr]"));
    assert_eq!(errs[1].position, Position::new(2, 5));

    let mut narrow = rules();
    narrow.allowed_combinations.as_mut().unwrap().truncate(1);
    let site = SiteFacts {
        site_id: "plymouth",
        file: FILE,
        combinations: vec![(vec!["mhtr".into(), "drr".into()], Position::new(4, 1))],
        ..SiteFacts::default()
    };
    let errs = check_site(&narrow, &site);
    assert_eq!(errs.len(), 1);
    assert_eq!(
        errs[0].message,
        "site `plymouth`: MHTR + DRR is not an allowed combination"
    );
    assert!(errs[0]
        .hint
        .as_deref()
        .unwrap_or_default()
        .ends_with("allowed_combinations: [mhtr, atr]"));
}

#[test]
fn unknown_or_repeated_requirements_fail() {
    let errs = combos(&[&["mhrt", "atr"], &["mhtr", "mhtr"], &[]]);
    let messages: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "site `plymouth`: unknown requirement `mhrt` in a combination",
            "site `plymouth`: a combination names the same requirement twice",
            "site `plymouth`: empty combination",
        ]
    );
    assert!(errs[0]
        .hint
        .as_deref()
        .unwrap_or_default()
        .starts_with("did you mean `mhtr`?"));
}

#[test]
fn month_and_age_parameters_are_bounded() {
    assert!(numbers(&[
        ("usual_order_months", 12),
        ("max_order_months", 36),
        ("sso_max_months", 24),
        ("min_age", 18),
        ("lesson_months", 30),
        ("max_sessions", 400)
    ])
    .is_empty());
    let errs = numbers(&[
        ("max_order_months", 40),
        ("sso_max_months", 30),
        ("suspended_order_months", 25),
        ("min_age", 16),
        ("usual_order_months", -1),
    ]);
    let lines: Vec<usize> = errs.iter().map(|e| e.position.line).collect();
    assert_eq!(lines, [1, 2, 3, 4, 5]);
    assert_eq!(
        errs[0].message,
        "site `plymouth`: `max_order_months: 40` is longer than any order allows"
    );
    assert!(errs[0].hint.as_deref().unwrap_or_default().contains("order `community_order`, max_months: 36 (a requirement in a community order lasts at most 3 years (36 months))"));
    assert!(errs[1]
        .hint
        .as_deref()
        .unwrap_or_default()
        .contains("order `suspended_sentence_order`, max_months: 24"));
    assert!(errs[2].message.contains("suspended sentence order"));
    assert_eq!(
        errs[3].message,
        "site `plymouth`: `min_age: 16` is below the national minimum age of 18"
    );
    assert!(errs[4].message.contains("negative"));
}

#[test]
fn prose_that_combines_atr_and_drr_fails() {
    for text in [
        "Plymouth runs ATR and DRR together.",
        "We can offer an ATR with a DRR.",
        "Combined ATR and DRR orders are available.",
        "An Alcohol Treatment Requirement alongside a Drug Rehabilitation Requirement suits some people.",
        "Some people get both an ATR and a DRR.",
        "DRRs plus ATRs are common here.",
        "The bench may make an ATR + DRR in combination.",
    ] {
        let errs = prose(text);
        assert_eq!(errs.len(), 1, "{text}: {errs:#?}");
        assert_eq!(errs[0].message, "this sentence describes ATR and DRR combined", "{text}");
        assert_eq!(errs[0].file, PAGE);
    }
}

#[test]
fn prose_about_atr_and_drr_separately_passes() {
    for text in [
        "ATR and DRR are never combined.",
        "ATR and DRR cannot be combined.",
        "You can't have an ATR with a DRR.",
        "No one gets an ATR with a DRR.",
        "Turning Point delivers ATR and DRR.",
        "## What the ATR and DRR assessment covers",
        "An MHTR may combine with ATR or with DRR.",
        "ATR and DRR can both be offered by the same provider.",
        "The court chooses ATR or DRR, together with an MHTR where suitable.",
        "```\nATR and DRR together\n```",
        "Try `ATR with DRR` in the search box.",
    ] {
        assert!(prose(text).is_empty(), "{text}: {:#?}", prose(text));
    }
}

#[test]
fn order_lengths_over_the_maximum_fail() {
    let cases = [
        (
            "A suspended sentence order of 30 months is possible.",
            "suspended sentence order",
            "30 months",
        ),
        (
            "SSOs can run for up to 3 years.",
            "suspended sentence order",
            "3 years (36 months)",
        ),
        (
            "Plymouth uses a 30-month SSO.",
            "suspended sentence order",
            "30 months",
        ),
        (
            "A community order can last up to 4 years.",
            "community order",
            "4 years (48 months)",
        ),
        (
            "The CO is usually 40 months long.",
            "community order",
            "40 months",
        ),
    ];
    for (text, order, length) in cases {
        let errs = prose(text);
        assert_eq!(errs.len(), 1, "{text}: {errs:#?}");
        assert_eq!(
            errs[0].message,
            format!("this sentence gives a {order} a length of {length}")
        );
    }
}

#[test]
fn ordinary_lengths_pass() {
    for text in [
        "Most orders here are orders of 12 months.",
        "Community orders can last up to 3 years, suspended sentence orders up to 2 years.",
        "A community order for someone who has drunk heavily for 5 years is common.",
        "A suspended sentence order cannot last 3 years.",
        "She had a community order 4 years ago.",
        "Our co-located team has run for 4 years.",
        "An SSO of 1.5 years is allowed.",
    ] {
        assert!(prose(text).is_empty(), "{text}: {:#?}", prose(text));
    }
}

#[test]
fn underage_eligibility_fails() {
    let cases = [
        ("We accept referrals for people aged 16 and 17.", "aged 16"),
        ("17-year-olds can be referred.", "aged 17"),
        ("Assessment is available to anyone under 18.", "under 18"),
        (
            "Referrals for people younger than 18 are considered.",
            "younger than 18",
        ),
    ];
    for (text, who) in cases {
        let errs = prose(text);
        assert_eq!(errs.len(), 1, "{text}: {errs:#?}");
        assert_eq!(errs[0].message, format!("this sentence offers the service to people {who}, younger than the national minimum age of 18"));
    }
}

#[test]
fn adult_ages_and_other_young_people_pass() {
    for text in [
        "CSTRs are for adults aged 18 and over, and we accept referrals from 18.",
        "People under 18 are not eligible.",
        "Under-18s are dealt with by the youth court.",
        "The youth court deals with 10 to 17 year olds.",
        "We accept referrals for young adults under 25.",
        "We offer a crèche for children aged 5 and under.",
    ] {
        assert!(prose(text).is_empty(), "{text}: {:#?}", prose(text));
    }
}

#[test]
fn prose_positions_point_at_the_sentence() {
    let text = "# Local pathway\n\nWe help. Plymouth runs *ATR* and DRR together. Fine.\n\n- first\n- an SSO of 30 months\n";
    let site = SiteFacts {
        site_id: "plymouth",
        file: FILE,
        texts: vec![SiteText {
            file: PAGE,
            text,
            first_line: 10,
        }],
        ..SiteFacts::default()
    };
    let errs = check_site(&rules(), &site);
    let at: Vec<(usize, usize)> = errs
        .iter()
        .map(|e| (e.position.line, e.position.column))
        .collect();
    assert_eq!(at, [(12, 10), (15, 3)]);
}

#[test]
fn odd_prose_does_not_panic() {
    for text in [
        "",
        ".",
        "é. é! ?",
        "99999999999999999999999 years community order",
        "under 99999999999999999999 referral",
        "aged -5 eligible",
        "| a | b |\n|---|---|\n| ATR with DRR | x |",
    ] {
        let _ = prose(text);
    }
    assert_eq!(prose("| a | b |\n|---|---|\n| ATR with DRR | x |").len(), 1);
}

#[test]
fn mistakes_in_the_rules_file_are_located() {
    let source = "requirements:\n  - {id: vis, name: Visit}\n  - {id: vis, name: Again}\nforbidden_combinations: [[vis, cal]]\norders:\n  - {id: plan, name: plan, max_months: 6}\n";
    let mut rules: NationalRules =
        crate::yaml::parse(source, crate::yaml::Origin::file(RULES_FILE)).unwrap();
    rules.source = source.to_string();
    let found: Vec<(usize, String)> = rules
        .validate()
        .into_iter()
        .map(|d| (d.position.line, d.message))
        .collect();
    assert_eq!(
        found,
        [
            (2, "requirement `vis` is declared twice".to_string()),
            (4, "unknown requirement `cal`".to_string()),
            (
                6,
                "order `plan` has no `phrases` or `abbreviations`".to_string()
            ),
        ]
    );
}

#[test]
fn rules_that_declare_only_requirement_types_check_nothing_else() {
    let rules: NationalRules = crate::yaml::parse(
        "requirements:\n  - {id: vis, name: Visit}\n  - {id: cal, name: Call}\n",
        crate::yaml::Origin::file(RULES_FILE),
    )
    .unwrap();
    assert!(rules.validate().is_empty());
    let site = SiteFacts {
        site_id: "north",
        file: FILE,
        combinations: vec![(vec!["vis".into(), "cal".into()], Position::new(1, 1))],
        numbers: vec![
            ("min_age".into(), 3, Position::new(2, 1)),
            ("usual_months".into(), 400, Position::new(3, 1)),
        ],
        texts: vec![SiteText {
            file: PAGE,
            text: "We accept referrals for people aged 12. A plan can last 40 years.",
            first_line: 1,
        }],
    };
    assert!(check_site(&rules, &site).is_empty());
}

#[test]
fn a_requirement_type_is_checked_by_its_other_names_and_its_maximum() {
    let mut rules = rules();
    let drr = rules
        .requirements
        .iter_mut()
        .find(|r| r.id == "drr")
        .unwrap();
    drr.also_called.push("drug programme".into());
    drr.max_months = Some(12);
    let site = SiteFacts {
        site_id: "plymouth",
        file: FILE,
        numbers: vec![("drr_max_months".into(), 18, Position::new(1, 1))],
        texts: vec![SiteText {
            file: PAGE,
            text: "Plymouth offers an ATR with a drug programme.",
            first_line: 1,
        }],
        ..SiteFacts::default()
    };
    let messages: Vec<String> = check_site(&rules, &site)
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(
        messages,
        [
            "site `plymouth`: `drr_max_months: 18` is longer than a DRR allows",
            "this sentence describes ATR and DRR combined",
        ]
    );
}
