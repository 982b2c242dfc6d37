use super::*;
use crate::content::sites::{EmbeddingFile, SiteRecord};

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn site(live_from: Option<&str>, confirmations: &str) -> Site {
    let mut yaml = String::from("name: Test\nkind: testbed\nstatus: live\n");
    if let Some(d) = live_from {
        yaml.push_str(&format!("live_from: {d}\n"));
    }
    let record: SiteRecord =
        crate::yaml::parse(&yaml, crate::yaml::Origin::file("site.yaml")).unwrap();
    let embedding: EmbeddingFile =
        crate::yaml::parse(confirmations, crate::yaml::Origin::file("embedding.yaml")).unwrap();
    Site {
        id: "test".into(),
        record,
        embedding,
        confirmation_lines: Vec::new(),
        key_lines: Default::default(),
    }
}

fn change(effective: &str, embed_by: Option<&str>) -> Tracked {
    Tracked {
        id: "doc@2.0#a".into(),
        short: "a".into(),
        doc_title: "Doc".into(),
        doc_path: "doc".into(),
        version: VersionNumber::parse("2.0").unwrap(),
        effective: date(effective),
        summary: "A change.".into(),
        embed_by: embed_by.map(date),
        page_url: "doc/v2.0.html".into(),
        sections: Vec::new(),
    }
}

#[test]
fn in_progress_past_its_date_stays_in_progress_and_is_marked_past_due() {
    let s = site(
        Some("2017-01-01"),
        "confirmations:\n  - change: doc@2.0#a\n    status: in-progress\n    date: 2021-02-10\n",
    );
    let c = change("2019-10-01", Some("2020-03-31"));
    let st = site_state(&s, &c, date("2026-12-01"));
    assert_eq!(st.state, EmbedState::InProgress);
    assert!(st.past_due);
    assert_eq!(st.date(), Some(date("2021-02-10")));
    assert_eq!(st.describe(), "In progress since 2021-02-10, past due");
    let before = site_state(&s, &c, date("2020-01-01"));
    assert_eq!(before.state, EmbedState::InProgress);
    assert!(!before.past_due);
}

#[test]
fn nothing_recorded_is_awaiting_then_overdue() {
    let s = site(Some("2017-01-01"), "{}");
    let c = change("2019-10-01", Some("2020-03-31"));
    assert_eq!(
        site_state(&s, &c, date("2020-03-31")).state,
        EmbedState::Awaiting
    );
    assert_eq!(
        site_state(&s, &c, date("2020-04-01")).state,
        EmbedState::Overdue
    );
}

#[test]
fn not_required_says_why() {
    let c = change("2019-10-01", Some("2020-03-31"));
    let later = site(Some("2020-01-01"), "{}");
    let st = site_state(&later, &c, date("2026-01-01"));
    assert_eq!(st.state, EmbedState::NotRequired);
    assert!(st.reason.unwrap().contains("went live on 1 January 2020"));
    let unknown = site(None, "{}");
    let st = site_state(&unknown, &c, date("2026-01-01"));
    assert_eq!(st.state, EmbedState::NotRequired);
    assert!(st.reason.unwrap().contains("no go-live date"));
}

#[test]
fn settled_records_win_whatever_the_dates() {
    let s = site(
        Some("2020-01-01"),
        "confirmations:\n  - change: doc@2.0#a\n    status: in-progress\n    date: 2019-11-01\n  - change: doc@2.0#a\n    status: not-applicable\n    date: 2020-02-01\n",
    );
    let c = change("2019-10-01", Some("2020-03-31"));
    let st = site_state(&s, &c, date("2026-01-01"));
    assert_eq!(st.state, EmbedState::NotApplicable);
    assert!(!st.past_due && st.reason.is_none());
}
