use super::*;

fn note(id: &str, sections: &[&str]) -> ChangeNote {
    ChangeNote {
        id: id.into(),
        sections: sections.iter().map(|s| s.to_string()).collect(),
        summary: "x".into(),
        major: false,
        embed_by: None,
    }
}

const OLD: &str = "## Roles\n\nA.\n\n## Assessment\n\nSame day.\n\n### Timing\n\nMorning.\n\n## Listing\n\nFridays.\n";
const NEW: &str = "## Roles\n\nA and B.\n\n## Assessment\n\nSame day.\n\n### Timing\n\nAfternoon.\n\n## Data\n\nNew.\n";

#[test]
fn every_kind_of_change_is_found_and_matched_to_its_notes() {
    let notes = [note("roles", &["roles"]), note("timing", &["assessment"])];
    let refs: Vec<(String, &ChangeNote)> = notes.iter().map(|n| (n.id.clone(), n)).collect();
    let changes = section_changes(OLD, NEW, &refs);
    let by_id: BTreeMap<&str, &SectionChange> =
        changes.iter().map(|c| (c.id.as_str(), c)).collect();
    assert_eq!(by_id["roles"].notes, ["roles"]);
    assert_eq!(by_id["roles"].status, "changed");
    // Naming a section covers its subsections.
    assert_eq!(by_id["timing"].notes, ["timing"]);
    assert_eq!(by_id["data"].status, "added");
    assert!(by_id["data"].notes.is_empty());
    assert_eq!(by_id["listing"].status, "removed");
    assert!(by_id["listing"].removed);
    assert!(
        !by_id.contains_key("assessment"),
        "unchanged sections are left out"
    );
}

#[test]
fn a_renamed_section_may_be_named_by_either_id() {
    let old = "## Data returns {#data-returns}\n\nA.\n";
    let new = "## Data definitions {#data-definitions}\n\nA.\n";
    let notes = [note("renamed", &["data-returns"])];
    let refs: Vec<(String, &ChangeNote)> = notes.iter().map(|n| (n.id.clone(), n)).collect();
    let changes = section_changes(old, new, &refs);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].status, "renamed");
    assert_eq!(changes[0].notes, ["renamed"]);
}
