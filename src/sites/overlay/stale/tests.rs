use super::*;
use crate::sites::overlay::tests::NATIONAL;

const BASED_ON: &str = "## Treatment {#treatment}\nOld text.\n### Dosage {#dosage}\nSame.\n## Reviews {#reviews}\nReviews text,\nwrapped.\n## Old {#old}\nGone.\n## Anchor {#anchor}\nA.\n";

#[test]
fn stale_sections_compare_national_versions() {
    let current = "## Treatment {#treatment}\nOld text.\n### Dosage {#dosage}\nChanged.\n## Reviews {#reviews}\nReviews  text, wrapped.\n\n## Anchor {#anchor}\nA, edited.\n## New {#new}\n";
    let stale = stale_sections(
        &["treatment", "reviews", "old", "new", "nowhere"],
        &["anchor", "old"],
        BASED_ON,
        current,
    );
    let got: Vec<(&str, &str, StaleChange)> = stale
        .iter()
        .map(|s| (s.id.as_str(), s.title.as_str(), s.change))
        .collect();
    assert_eq!(
        got,
        [
            ("treatment", "Treatment", StaleChange::Changed), // a subsection changed
            ("old", "Old", StaleChange::RemovedNationally),
            ("new", "New", StaleChange::Changed), // the site could not have seen it
        ]
    );
    assert!(stale_sections(&["treatment", "reviews"], &["anchor"], BASED_ON, BASED_ON).is_empty());
}

#[test]
fn removed_anchors_are_stale() {
    let current = "## Treatment {#treatment}\nOld text.\n### Dosage {#dosage}\nSame.\n";
    let stale = stale_sections(&[], &["anchor", "treatment"], BASED_ON, current);
    assert_eq!(stale.len(), 1);
    assert_eq!(
        (stale[0].id.as_str(), stale[0].change),
        ("anchor", StaleChange::RemovedNationally)
    );
}

#[test]
fn targets_are_read_leniently() {
    // `treatmant` is unknown and `sub` is text of line 12: neither is checked here.
    let site = "Intro\n\n## A {#treatment}\n### Sub {#sub}\n### N {#n after=treatmant}\n## B {#b after=anchor}\n## C {#old remove}\n## No id\n";
    let targets = overlay_targets(site, 10, NATIONAL);
    let got: Vec<(&str, TargetKind, usize)> = targets
        .iter()
        .map(|t| (t.id.as_str(), t.kind, t.position.line))
        .collect();
    assert_eq!(
        got,
        [
            ("treatment", TargetKind::Overrides, 12),
            ("treatmant", TargetKind::Anchor, 14),
            ("anchor", TargetKind::Anchor, 15),
            ("old", TargetKind::Overrides, 16)
        ]
    );
}
