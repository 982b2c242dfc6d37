//! Reading a site's overlay headings and checking them against the national
//! page.
//!
//! Every mistake is collected, with the site file's line and column, so an
//! author fixes a whole file per build. The checks run on heading ids and
//! outline structure only; assembling the merged text happens once they pass.

use std::collections::{HashMap, HashSet};

use super::directives::{split, Action, Directive, Plan};
use super::outline::{Outline, Section};
use super::OverlayInput;
use crate::diagnostics::{did_you_mean, Diagnostic, Position};
use crate::slug::slugify;

/// Reads and checks every directive of `input.site_body` against the national
/// outline, returning all problems at once.
pub(super) fn check(
    input: &OverlayInput<'_>,
    national: &Outline,
    site: &Outline,
) -> Result<(Vec<Directive>, Plan), Vec<Diagnostic>> {
    let mut run = Run {
        input,
        national,
        site,
        errors: Vec::new(),
    };
    let mut directives = split(site, national, input.site_body.len());
    for d in &mut directives {
        d.action = run.action(d.section);
    }
    let plan = run.plan(&directives);
    if run.errors.is_empty() {
        return Ok((directives, plan));
    }
    let mut errors = run.errors;
    errors.sort_by(|a, b| (a.position, &a.message).cmp(&(b.position, &b.message)));
    Err(errors)
}

struct Run<'a> {
    input: &'a OverlayInput<'a>,
    national: &'a Outline,
    site: &'a Outline,
    errors: Vec<Diagnostic>,
}

impl Run<'_> {
    fn position(&self, section: usize) -> Position {
        let offset = self.site.sections.get(section).map_or(0, |s| s.start);
        Position::of_offset(
            self.input.site_body,
            offset,
            self.input.site_body_first_line,
        )
    }

    fn line(&self, section: usize) -> usize {
        self.position(section).line
    }

    fn error(&mut self, section: usize, message: String, hint: String) {
        let at = self.position(section);
        self.errors
            .push(Diagnostic::error(self.input.site_file, at, message).with_hint(hint));
    }

    fn site_section(&self, index: usize) -> &Section {
        &self.site.sections[index]
    }

    /// Reads one overlay heading's `{#id after=… remove}`.
    fn action(&mut self, index: usize) -> Option<Action> {
        let section = self.site_section(index).clone();
        let before = self.errors.len();
        let mut after: Option<String> = None;
        let mut remove = false;
        for (key, value) in &section.attrs {
            match (key.as_str(), value.as_deref()) {
                ("after", Some(v)) if !v.is_empty() => after = Some(v.to_string()),
                ("after", _) => self.error(
                    index,
                    "`after` needs the id of a national section".into(),
                    "write `after=ID` with no spaces around `=`, \
                     e.g. `{#new-section after=booking}`"
                        .into(),
                ),
                ("remove", None) => remove = true,
                ("remove", Some(_)) => self.error(
                    index,
                    "`remove` takes no value".into(),
                    "write `{#id remove}`".into(),
                ),
                (other, _) => {
                    let guess = did_you_mean(other, ["after", "remove"])
                        .map(|g| format!("did you mean `{g}`? "))
                        .unwrap_or_default();
                    self.error(
                        index,
                        format!("unknown heading attribute `{other}` on a site overlay heading"),
                        format!("{guess}allowed here: `#id`, `.class`, `after=ID`, `remove`"),
                    );
                }
            }
        }
        if remove && after.is_some() {
            self.error(
                index,
                format!("section `{}` is both removed and added", section.id),
                "use `remove` to leave out a national section, \
                 or `after=ID` to add a new one, not both"
                    .into(),
            );
        }
        if !section.explicit {
            let slug = slugify(&section.title);
            let hint = match self.national.find(&slug) {
                Some(_) => format!(
                    "to replace the national section with this title, write `{{#{slug}}}`; \
                     to add a new section, `{{#{slug}-local after=ID}}`"
                ),
                None => "add `{#id}` with the id of the national section this replaces, \
                         or `{#new-id after=ID}` to add a section after national section ID"
                    .into(),
            };
            self.error(
                index,
                format!("site section `{}` has no explicit `{{#id}}`", section.title),
                hint,
            );
        }
        if self.errors.len() > before {
            return None;
        }
        Some(match after {
            Some(after) => Action::Add { after },
            None if remove => Action::Remove,
            None => Action::Replace,
        })
    }

    fn unknown_id_hint(&self, id: &str) -> String {
        let ids: Vec<&str> = self
            .national
            .sections
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        if let Some(guess) = did_you_mean(id, ids.iter().copied()) {
            return format!("did you mean `{guess}`?");
        }
        let mut list = ids
            .iter()
            .take(15)
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if ids.len() > 15 {
            list.push_str(", …");
        }
        match ids.is_empty() {
            true => format!("`{}` has no headings", self.input.national_file),
            false => format!("section ids in `{}`: {list}", self.input.national_file),
        }
    }

    /// Checks every directive against the national outline and each other.
    fn plan(&mut self, directives: &[Directive]) -> Plan {
        let mut plan = Plan::default();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let added: HashSet<&str> = directives
            .iter()
            .filter(|d| matches!(d.action, Some(Action::Add { .. })))
            .map(|d| self.site.sections[d.section].id.as_str())
            .collect();
        for (k, d) in directives.iter().enumerate() {
            let Some(action) = &d.action else { continue };
            let id = self.site_section(d.section).id.clone();
            if let Some(&first) = seen.get(&id) {
                let first_line = self.line(directives[first].section);
                self.error(
                    d.section,
                    format!(
                        "section `{id}` is overlaid twice, on line {first_line} and line {}",
                        self.line(d.section)
                    ),
                    "keep one overlay per section id".into(),
                );
                continue;
            }
            seen.insert(id.clone(), k);
            match action {
                Action::Replace | Action::Remove => match self.national.find(&id) {
                    Some(n) => {
                        plan.targets.insert(n, k);
                    }
                    None => {
                        let hint = self.unknown_id_hint(&id);
                        self.error(
                            d.section,
                            format!(
                                "unknown section id `{id}`: `{}` has no such heading",
                                self.input.national_file
                            ),
                            hint,
                        );
                    }
                },
                Action::Add { after } => {
                    if self.national.find(&id).is_some() {
                        self.error(
                            d.section,
                            format!(
                                "new section `{id}` has the id of an existing national section"
                            ),
                            format!(
                                "to replace the national section `{id}`, drop `after={after}`; \
                                 to add a section, choose another id"
                            ),
                        );
                    }
                    match self.national.find(after) {
                        Some(a) => plan.additions.push((a, k)),
                        None if added.contains(after.as_str()) => self.error(
                            d.section,
                            format!("`after={after}` names a section this site adds"),
                            "give several new sections the same national `after=`; \
                             they keep this file's order"
                                .into(),
                        ),
                        None => {
                            let hint = self.unknown_id_hint(after);
                            let message = format!("unknown section id `{after}` in `after=`");
                            self.error(d.section, message, hint);
                        }
                    }
                }
            }
        }
        self.check_nesting(directives, &plan);
        plan
    }

    /// Overlays inside a replaced or removed section, and removed sections'
    /// bodies.
    fn check_nesting(&mut self, directives: &[Directive], plan: &Plan) {
        let mut targets: Vec<(usize, usize)> = plan.targets.iter().map(|(&n, &k)| (n, k)).collect();
        targets.sort_unstable();
        let verb = |k: usize| match directives[k].action {
            Some(Action::Remove) => "removes",
            _ => "replaces",
        };
        for &(n, k) in &targets {
            if let Some((outer, j)) = plan.enclosing(self.national, n) {
                let outer_id = self.national.sections[outer].id.clone();
                let id = self.national.sections[n].id.clone();
                let outer_line = self.line(directives[j].section);
                self.error(
                    directives[k].section,
                    format!(
                        "section `{id}` is inside `{outer_id}`, which line {outer_line} already {}",
                        verb(j)
                    ),
                    format!(
                        "the overlay of `{outer_id}` covers its subsections; \
                         put this text there, or overlay `{id}` alone"
                    ),
                );
            }
            if matches!(directives[k].action, Some(Action::Remove))
                && !directives[k].children.is_empty()
            {
                let child = directives[k].children[0];
                let line = self.line(directives[k].section);
                self.error(
                    child,
                    "a removed section's text is only a short reason; it cannot have headings"
                        .into(),
                    format!(
                        "shorten the reason under line {line}, \
                         or replace the section instead of removing it"
                    ),
                );
            }
        }
        for &(a, k) in &plan.additions {
            let anchor = self.national.sections[a].id.clone();
            let removed_here = plan
                .targets
                .get(&a)
                .filter(|&&j| matches!(directives[j].action, Some(Action::Remove)));
            if let Some(&j) = removed_here {
                self.error(
                    directives[k].section,
                    format!(
                        "`after={anchor}` names a section this site removes on line {}",
                        self.line(directives[j].section)
                    ),
                    "place the new section after a section the page keeps".into(),
                );
            } else if let Some((outer, j)) = plan.enclosing(self.national, a) {
                let outer_id = self.national.sections[outer].id.clone();
                self.error(
                    directives[k].section,
                    format!(
                        "`after={anchor}` names a section inside `{outer_id}`, which line {} {}",
                        self.line(directives[j].section),
                        verb(j)
                    ),
                    format!(
                        "use `after={outer_id}`, or put this text in the overlay of `{outer_id}`"
                    ),
                );
            }
        }
        self.check_child_ids(directives, plan);
    }

    /// Explicit ids under site overlays must not repeat an id the merged page
    /// keeps, or anchors would become ambiguous.
    fn check_child_ids(&mut self, directives: &[Directive], plan: &Plan) {
        let kept: HashSet<&str> = (0..self.national.sections.len())
            .filter(|&n| {
                !plan.targets.contains_key(&n) && plan.enclosing(self.national, n).is_none()
            })
            .map(|n| self.national.sections[n].id.as_str())
            .collect();
        let mut introduced: HashMap<String, usize> = HashMap::new();
        for d in directives
            .iter()
            .filter(|d| matches!(d.action, Some(Action::Replace | Action::Add { .. })))
        {
            introduced
                .entry(self.site_section(d.section).id.clone())
                .or_insert(d.section);
        }
        let mut problems = Vec::new();
        for d in directives.iter().filter(|d| d.action.is_some()) {
            for &c in &d.children {
                let child = self.site_section(c);
                if !child.explicit {
                    continue;
                }
                if kept.contains(child.id.as_str()) {
                    problems.push((
                        c,
                        format!(
                            "heading id `{}` is also a national section the merged page keeps",
                            child.id
                        ),
                        "choose another id; each id may appear once on a page".to_string(),
                    ));
                } else if let Some(&first) = introduced.get(&child.id) {
                    problems.push((
                        c,
                        format!(
                            "heading id `{}` is used on line {} and line {}",
                            child.id,
                            self.line(first),
                            self.line(c)
                        ),
                        "choose another id; each id may appear once on a page".to_string(),
                    ));
                } else {
                    introduced.insert(child.id.clone(), c);
                }
            }
        }
        for (c, message, hint) in problems {
            self.error(c, message, hint);
        }
    }
}
