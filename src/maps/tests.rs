//! Parsing, validation, overlay, diff, text alternative and SVG markup tests.
//! Geometry is tested in `tests_layout.rs`.

use super::*;
use crate::diagnostics::Position;
use crate::yaml::Origin;

pub(super) fn parse(text: &str, name: &str) -> MapFile {
    parse_map_file(text, Origin::file(name)).unwrap_or_else(|d| panic!("{d:?}"))
}

pub(super) fn build(text: &str) -> Map {
    build_map(&parse(text, "m.yaml")).unwrap_or_else(|d| panic!("{d:?}"))
}

fn errors(text: &str) -> Vec<(usize, usize, String)> {
    let file = match parse_map_file(text, Origin::file("m.yaml")) {
        Ok(f) => f,
        Err(d) => {
            return d
                .iter()
                .map(|d| (d.position.line, d.position.column, d.message.clone()))
                .collect()
        }
    };
    build_map(&file).map(|_| Vec::new()).unwrap_or_else(|d| {
        d.iter()
            .map(|d| (d.position.line, d.position.column, d.message.clone()))
            .collect()
    })
}

fn has(errs: &[(usize, usize, String)], line: usize, col: usize, text: &str) -> bool {
    errs.iter()
        .any(|(l, c, m)| *l == line && *c == col && m.contains(text))
}

pub(super) const NATIONAL: &str = include_str!("../../content/maps/national-pathway/v2.0.yaml");
pub(super) const NON_COMPLIANCE: &str = include_str!("../../content/maps/non-compliance.yaml");
pub(super) const SITES: [(&str, &str); 3] = [
    (
        "plymouth",
        include_str!("../../content/maps/plymouth-pathway.yaml"),
    ),
    (
        "northampton",
        include_str!("../../content/maps/northampton-pathway.yaml"),
    ),
    (
        "sefton",
        include_str!("../../content/maps/sefton-pathway.yaml"),
    ),
];

const SMALL: &str = "title: Small
lanes:
  - {id: a, label: Alpha}
  - {id: b, label: Beta}
steps:
  - {id: s, lane: a, label: Begin, type: start, next: [d]}
  - id: d
    lane: b
    type: decision
    label: Ok?
    next:
      - {to: e, label: \"Yes\"}
      - {to: f, label: \"No\"}
  - {id: e, lane: a, label: Do it, next: [z]}
  - {id: f, lane: b, label: Fix it, next: [d]}
  - {id: z, lane: a, label: Done, type: end}
";

#[test]
fn content_maps_build_and_overlay() {
    let national = build(NATIONAL);
    assert!(national.steps.len() > 15);
    build(NON_COMPLIANCE);
    for (name, text) in SITES {
        let site = parse(text, name);
        let map = apply_variation(&national, &site).unwrap_or_else(|d| panic!("{name}: {d:?}"));
        assert!(!diff_maps(&national, &map).is_empty(), "{name}");
    }
}

#[test]
fn every_validation_error_has_the_right_line() {
    let text = "title: T
lanes:
  - {id: a, label: A}
  - {id: a, label: Again}
steps:
  - {id: s, lane: a, label: S, type: start, next: [t, nope]}
  - {id: t, lane: zz, label: T, type: decision, next: [s]}
  - {id: t, lane: a, label: T twice}
  - {id: u, lane: a, label: Lonely}
  - id: v
    label: No lane
";
    let e = errors(text);
    assert!(has(&e, 4, 10, "lane id `a` is used twice"), "{e:?}");
    assert!(has(&e, 6, 55, "unknown step `nope`"), "{e:?}");
    assert!(has(&e, 7, 19, "unknown lane `zz`"), "{e:?}");
    assert!(has(&e, 7, 10, "decision `t` has 1 branch"), "{e:?}");
    assert!(
        has(
            &e,
            7,
            56,
            "the branch from decision `t` to `s` has no label"
        ),
        "{e:?}"
    );
    assert!(has(&e, 8, 10, "step id `t` is used twice"), "{e:?}");
    assert!(has(&e, 9, 10, "`u` cannot be reached"), "{e:?}");
    assert!(has(&e, 10, 9, "step `v` has no lane"), "{e:?}");
    assert_eq!(e.len(), 8, "{e:?}");
}

#[test]
fn missing_start_unknown_key_and_hints() {
    let e =
        errors("title: T\nlanes: [{id: a, label: A}]\nsteps:\n  - {id: x, lane: a, label: X}\n");
    assert!(has(&e, 3, 1, "no start step"), "{e:?}");
    let e = errors("title: T\nsteps:\n  - {id: x, lane: a, label: X, nxt: [y]}\n");
    assert_eq!(e[0].0, 3, "{e:?}");
    assert!(e[0].2.contains("unknown field `nxt`"), "{e:?}");
    let e =
        errors("title: T\nsteps:\n  - {id: x, lane: a, label: X, next: [{to: y, lable: Yes}]}\n");
    assert!(e[0].2.contains("unknown field `lable`"), "{e:?}");
    let file = parse("title: T\nlanes: [{id: court, label: C}]\nsteps:\n  - {id: x, lane: cuort, label: X, type: start}\n", "h.yaml");
    let d = build_map(&file).unwrap_err();
    assert_eq!(d[0].hint.as_deref(), Some("did you mean `court`?"));
    assert_eq!(
        d[0].to_string().split(": error").next(),
        Some("h.yaml:4:19")
    );
}

#[test]
fn a_start_with_incoming_edges_is_fine() {
    let map = build("title: T\nlanes: [{id: a, label: A}]\nsteps:\n  - {id: x, lane: a, label: X, type: start, next: [y]}\n  - {id: y, lane: a, label: Y, next: [x]}\n");
    assert_eq!(map.steps.len(), 2);
}

#[test]
fn variation_only_keys_need_variation_of() {
    let e = errors("title: T\nlanes: [{id: a, label: A}]\nsteps:\n  - {id: x, lane: a, label: X, type: start}\nremove: [x]\n");
    assert!(has(&e, 5, 1, "`remove` is only allowed"), "{e:?}");
}

#[test]
fn links_are_checked_at_the_link_line() {
    let text = "title: T\nlanes: [{id: a, label: A}]\nsteps:\n  - id: x\n    lane: a\n    type: start\n    label: X\n    link: \"../nowhere.md\"\n";
    let resolve = |l: &str| {
        if l.contains("nowhere") {
            Err("no such page".to_string())
        } else {
            Ok(l.to_string())
        }
    };
    let d = load_map(text, Origin::file("l.yaml"), &resolve).unwrap_err();
    assert_eq!(d[0].position, Position::new(8, 12));
    assert!(d[0].message.contains("no such page"));
}

const SITE: &str = "title: Site
variation_of: maps/small
lanes:
  - {id: b, label: Beta team}
  - {id: c, label: Gamma}
replace:
  - {id: e, lane: c, label: Do it locally, next: [z]}
add:
  - {id: g, lane: c, label: Extra check, next: [z]}
remove: [f]
";

#[test]
fn overlay_replaces_adds_and_removes() {
    let national = build(SMALL);
    let mut site = parse(SITE, "site.yaml");
    // `f` is removed: `d`'s "No" branch now skips it and goes to `d`'s own successors.
    site.replace[0].next = vec![model::NextDef::To("g".into())];
    let map = apply_variation(&national, &site).unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(map.title, "Site");
    assert!(map.step("f").is_none());
    assert_eq!(map.step("e").unwrap().label, "Do it locally");
    assert_eq!(map.step("e").unwrap().spans.file, "site.yaml");
    assert_eq!(map.step("g").unwrap().lane, "c");
    assert_eq!(map.lane_label("b"), "Beta team");
    assert_eq!(map.lanes.len(), 3);
    let d = map.step("d").unwrap();
    assert_eq!(d.next.len(), 2);
    assert!(d.next.iter().all(|n| n.to != "f"));
}

#[test]
fn overlay_errors_point_at_the_site_file() {
    let national = build(SMALL);
    let text = "title: Site\nvariation_of: maps/small\nreplace:\n  - {id: q, lane: a, label: Q}\nadd:\n  - {id: e, lane: a, label: E}\nremove: [s, zz]\n";
    let d = apply_variation(&national, &parse(text, "site.yaml")).unwrap_err();
    let at = |line: usize, col: usize, text: &str| {
        d.iter().any(|x| {
            x.file == "site.yaml"
                && x.position == Position::new(line, col)
                && x.message.contains(text)
        })
    };
    assert!(at(4, 10, "unknown step `q`"), "{d:?}");
    assert!(at(6, 10, "step `e` already exists"), "{d:?}");
    assert!(at(7, 13, "unknown step `zz`"), "{d:?}");
    assert!(at(1, 1, "no start step"), "{d:?}");
}

#[test]
fn diff_finds_added_removed_changed_and_moved() {
    let old = build(SMALL);
    let new = build(
        &SMALL
            .replace("label: Do it,", "label: Do it now,")
            .replace("{id: e, lane: a,", "{id: e, lane: b,")
            .replace(
                "  - {id: f, lane: b, label: Fix it, next: [d]}\n",
                "  - {id: h, lane: b, label: Help, next: [d]}\n",
            )
            .replace("{to: f,", "{to: h,"),
    );
    let d = diff_maps(&old, &new);
    assert_eq!(
        d.added.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        ["h"]
    );
    assert_eq!(
        d.removed.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        ["f"]
    );
    let changed: Vec<&str> = d.changed.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(changed, ["d", "e"]);
    assert!(matches!(d.changed[1].changes[0], Change::Label { .. }));
    assert_eq!(d.moved[0].id, "e");
    assert_eq!(
        (d.moved[0].from_lane.as_str(), d.moved[0].to_lane.as_str()),
        ("Alpha", "Beta")
    );
    let html = render_diff_html(&d);
    assert!(
        html.contains("<strong>Added:</strong> “Help” (Beta)"),
        "{html}"
    );
    assert!(
        html.contains("<strong>Removed:</strong> “Fix it”"),
        "{html}"
    );
    assert!(html.contains("reworded from “Do it”"), "{html}");
    assert!(html.contains("is now done by Beta (was Alpha)"), "{html}");
    let h = d.highlights();
    assert!(h.added.contains("h") && h.changed.contains("e") && h.moved.contains("e"));
    let svg = render_svg(&new, &layout(&new), &|_| None, &h, "m");
    assert!(svg.contains("wm-map__step--added"));
    assert!(svg.contains("wm-map__step--moved"));
    assert!(diff_maps(&old, &old).is_empty());
}

#[test]
fn text_alternative_order_and_decisions() {
    let map = build(SMALL);
    let steps = text_alternative(&map);
    let order: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
    // Rank order, then lane order (a before b) within a rank.
    assert_eq!(order, ["s", "d", "e", "f", "z"]);
    assert_eq!(steps[1].who, "Beta");
    let html = render_text_html(&steps, &|l| Some(l.to_string()), "m");
    assert!(html.starts_with("<ol class=\"wm-map-steps\">"));
    assert!(html.contains("If yes: <a href=\"#m-text-e\">step 3</a> (Do it). If no: <a href=\"#m-text-f\">step 4</a> (Fix it)."), "{html}");
    assert!(
        html.contains("Next: <a href=\"#m-text-d\">step 2</a> (Ok?)."),
        "{html}"
    );
    assert!(html.contains("The pathway ends here."));
}

#[test]
fn labels_are_escaped() {
    let map = build(&SMALL.replace("label: Do it,", "label: \"Score < 10 & \\\"low\\\"\","));
    let svg = render_svg(&map, &layout(&map), &|_| None, &Highlights::none(), "m");
    assert!(svg.contains("Score &lt; 10 &amp; &quot;low&quot;"), "{svg}");
    assert!(!svg.contains("Score <"));
    let html = render_text_html(&text_alternative(&map), &|_| None, "m");
    assert!(html.contains("Score &lt; 10"));
    assert!(!html.contains("Score <"));
}

#[test]
fn svg_is_accessible_and_styled_only_by_class() {
    let map = build(NATIONAL);
    let links = |l: &str| Some(format!("/x/{l}"));
    let svg = render_svg(&map, &layout(&map), &links, &Highlights::none(), "np");
    assert!(svg.starts_with("<svg "));
    // The national map links its steps, so it is a labelled group, not an image.
    assert!(svg.contains("role=\"group\""));
    assert!(svg.contains("aria-labelledby=\"np-title np-desc\""));
    assert!(svg.contains("<title id=\"np-title\">National CSTR pathway</title>"));
    assert!(svg.contains("<desc id=\"np-desc\">From spotting"));
    assert!(!svg.contains("style="));
    assert!(svg.contains("marker-end=\"url(#np-arrow)\""));
    assert!(svg.contains(
        "<a class=\"wm-map__link\" href=\"/x/../pathway/sentencing.md#the-recommendation\">"
    ));
    assert!(svg.contains("wm-map__step--decision") && svg.contains("wm-map__edge--back"));
    // Ids are unique and all prefixed.
    let ids: Vec<&str> = svg
        .split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
    assert!(ids.iter().all(|i| i.starts_with("np-")));
    let w = layout(&map).width;
    assert!(svg.contains(&format!("viewBox=\"0 0 {w} ")));
}

#[test]
fn output_is_deterministic() {
    for text in [NATIONAL, NON_COMPLIANCE, SMALL] {
        let a = build(text);
        let b = build(text);
        let one = render_svg(&a, &layout(&a), &|_| None, &Highlights::none(), "p");
        let two = render_svg(&b, &layout(&b), &|_| None, &Highlights::none(), "p");
        assert_eq!(one, two);
    }
}
