//! Overlay mistakes: every one reported, with the site file's position.

use super::tests::{errors, ids, merged, SITE_FILE};
use crate::diagnostics::Position;

#[test]
fn unknown_id_is_reported_with_a_suggestion_and_position() {
    let errs = errors("Preamble.\n\n## Combined {#combined-order}\nx\n");
    assert_eq!(errs.len(), 1);
    let e = &errs[0];
    assert_eq!(
        (e.file.as_str(), e.position),
        (SITE_FILE, Position::new(6, 1))
    );
    assert!(
        e.message.contains("unknown section id `combined-order`"),
        "{}",
        e.message
    );
    assert_eq!(e.hint.as_deref(), Some("did you mean `combined-orders`?"));
}

#[test]
fn unknown_id_without_a_close_match_lists_the_ids() {
    let errs = errors("## Zzz {#zzz-qqq}\n");
    let hint = errs[0].hint.as_deref().unwrap_or_default();
    assert!(
        hint.contains("`treatment`") && hint.contains("`venues`"),
        "{hint}"
    );
}

#[test]
fn missing_id_suggests_the_matching_national_id() {
    let errs = errors("## Combined orders\nx\n\n## Something new\n");
    assert_eq!(errs.len(), 2);
    assert!(errs[0].message.contains("no explicit `{#id}`"));
    assert!(errs[0]
        .hint
        .as_deref()
        .unwrap_or_default()
        .contains("`{#combined-orders}`"));
    assert!(errs[1]
        .hint
        .as_deref()
        .unwrap_or_default()
        .contains("after="));
    assert_eq!(errs[1].position, Position::new(7, 1));
}

#[test]
fn attribute_mistakes_are_all_reported() {
    let errs = errors(concat!(
        "## A {#reviews remove after=treatment}\n",
        "## B {#venues remvoe}\n",
        "## C {#c after = treatment}\n",
        "## D {#dosage remove=yes}\n",
    ));
    let messages: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(errs.len(), 5, "{messages:#?}");
    assert!(messages[0].contains("both removed and added"));
    assert!(messages[1].contains("unknown heading attribute `remvoe`"));
    assert!(errs[1]
        .hint
        .as_deref()
        .unwrap_or_default()
        .starts_with("did you mean `remove`?"));
    assert!(messages[2].contains("`after` needs the id"));
    assert!(messages[3].contains("unknown heading attribute `treatment`"));
    assert!(messages[4].contains("`remove` takes no value"));
    let lines: Vec<usize> = errs.iter().map(|e| e.position.line).collect();
    assert_eq!(lines, [4, 5, 6, 6, 7]);
}

#[test]
fn bad_anchors_are_reported() {
    let errs = errors(concat!(
        "## New {#new after=treatmant}\n",
        "## Reviews {#reviews after=treatment}\n",
        "## Gone {#court-list-priority remove}\n",
        "## Later {#later after=court-list-priority}\n",
        "## Chained {#chained after=new}\n",
    ));
    let messages: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(errs.len(), 4, "{messages:#?}");
    assert!(messages[0].contains("unknown section id `treatmant` in `after=`"));
    assert_eq!(errs[0].hint.as_deref(), Some("did you mean `treatment`?"));
    assert!(messages[1].contains("has the id of an existing national section"));
    assert!(errs[1]
        .hint
        .as_deref()
        .unwrap_or_default()
        .contains("drop `after=treatment`"));
    assert!(messages[2].contains("names a section this site removes on line 6"));
    assert!(messages[3].contains("names a section this site adds"));
}

#[test]
fn conflicting_overlays_name_both_lines() {
    let errs = errors(concat!(
        "## Reviews {#reviews}\n",       // line 4
        "## Reviews again {#reviews}\n", // line 5
        "## R {#reviews remove}\n",      // line 6
        "## X {#x after=reviews}\n",     // line 7
        "## X2 {#x after=treatment}\n",  // line 8
        "### Dosage {#dosage}\n",        // line 9: a national id, so its own overlay
        "## Treatment {#treatment}\n",   // line 10
        "### Local {#local}\n",          // line 11: text of line 10's section
        "### Venues {#venues remove}\n", // line 12: `remove` makes it an overlay
    ));
    let messages: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(errs.len(), 5, "{messages:#?}");
    assert_eq!(
        messages[0],
        "section `reviews` is overlaid twice, on line 4 and line 5"
    );
    assert_eq!(
        messages[1],
        "section `reviews` is overlaid twice, on line 4 and line 6"
    );
    assert_eq!(
        messages[2],
        "section `x` is overlaid twice, on line 7 and line 8"
    );
    assert_eq!(
        messages[3],
        "section `dosage` is inside `treatment`, which line 10 already replaces"
    );
    assert_eq!(errs[3].position.line, 9);
    assert_eq!(
        messages[4],
        "section `venues` is inside `treatment`, which line 10 already replaces"
    );
    assert_eq!(errs[4].position.line, 12);
}

#[test]
fn anchor_inside_a_replaced_section_is_an_error() {
    let errs = errors("## Treatment {#treatment}\nT\n\n## New {#new after=dosage}\n");
    assert_eq!(errs.len(), 1);
    assert!(errs[0]
        .message
        .contains("`after=dosage` names a section inside `treatment`, which line 4 replaces"));
}

#[test]
fn nested_site_ids_may_not_repeat() {
    let errs = errors("## New {#new after=reviews}\n### Local {#local}\n## Other {#other after=treatment}\n### Again {#local}\n");
    assert_eq!(errs.len(), 1);
    assert_eq!(
        errs[0].message,
        "heading id `local` is used on line 5 and line 7"
    );
    // Inside the section it replaces, a national child id is expected.
    let m = merged("## Treatment {#treatment}\n### Dosage {#dosage}\nD\n");
    assert_eq!(ids(&m)[..2], ["treatment", "combined-orders"]);
}

#[test]
fn removed_sections_cannot_have_subheadings() {
    let errs = errors("## Treatment {#treatment remove}\nReason.\n### More\n");
    assert_eq!(errs.len(), 1);
    assert!(errs[0].message.contains("cannot have headings"));
}
