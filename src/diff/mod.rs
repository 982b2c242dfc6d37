//! Comparing two versions of a protocol document.
//!
//! Steering groups review a new version of a protocol by asking two
//! questions: which sections changed, and what exactly was reworded. This
//! module answers both from the Markdown (front matter already stripped),
//! never from rendered HTML, so markup noise never shows up as a change.
//!
//! The pipeline:
//!
//! 1. [`split_sections`] cuts each version into sections at `h2`–`h6`
//!    headings, with the same ids the rendered page uses for its anchors.
//! 2. Sections are matched by id, then title, then content, and moves are
//!    found with a longest increasing subsequence so that one moved section
//!    does not flag its neighbours.
//! 3. Within a matched section, blocks are aligned as a sequence, and an
//!    edited block gets a word-level redline.
//! 4. [`render_html`] and [`render_terminal`] present the result; the HTML is
//!    accessible (insertions and deletions are announced in words, not only
//!    shown in colour) and needs no inline styles or scripts.
//!
//! Everything is deterministic, and every stage has a size cap with a coarser
//! fallback, so no input can make a compare page slow or make it panic.

mod align;
mod blocks;
mod matching;
mod render;
mod render_structured;
mod sections;
mod shape;
mod structured;
mod terminal;
mod terminal_structured;
mod text;
mod words;

#[cfg(test)]
mod tests;

pub use render::render_html;
pub use sections::split_sections;
pub use terminal::render_terminal;

/// One top-level Markdown block: a paragraph, list, table, code block, block
/// quote, level-1 heading (lower levels start sections), thematic break or
/// HTML block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// The block's Markdown source, without trailing whitespace.
    pub source: String,
    /// Plain text for word diffing: inline markup stripped, one line per
    /// list item (nested items indented two spaces a level) or table row,
    /// table cells separated by `" | "`.
    pub text: String,
    /// Items of a list or rows of a table, so a redline can compare them
    /// one by one and show them as a list or table again.
    pub shape: Shape,
}

/// The inner structure of a block that a redline shows structurally.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Shape {
    /// Shown as running text (paragraphs, code, quotes, …).
    #[default]
    Flat,
    /// Every item of a list and its nested lists, in document order.
    List(Vec<ListItem>),
    Table(Table),
}

/// One list item: its own words (nested lists are separate items).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// 0 for the outermost list.
    pub depth: usize,
    pub ordered: bool,
    /// The item's number in an ordered list.
    pub number: Option<u64>,
    pub text: String,
}

/// A table's plain-text cells; every row has as many cells as the header.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Paragraph,
    Heading(u8),
    List,
    Table,
    Code,
    Quote,
    Rule,
    Html,
    /// Footnote definitions and anything else block-level.
    Other,
}

/// A heading and the blocks up to the next heading of level 2–6.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading's anchor id; `""` for text before the first heading.
    pub id: String,
    /// The heading's plain text; `""` for text before the first heading.
    pub title: String,
    /// 2–6, or 0 for text before the first heading.
    pub level: u8,
    pub blocks: Vec<Block>,
}

/// The differences between two versions, section by section.
///
/// Sections come in the new version's order; a removed section is placed
/// after the unmoved section it followed in the old version.
#[derive(Debug, Clone, PartialEq)]
pub struct DocDiff {
    pub sections: Vec<SectionDiff>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionStatus {
    /// Same blocks (the section may still be moved or renamed).
    Unchanged,
    /// Some block, or the heading level, differs.
    Changed,
    Added,
    Removed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SectionDiff {
    /// The new id (the old id for a removed section).
    pub id: String,
    /// Some when the section was matched to one with a different id.
    pub old_id: Option<String>,
    /// The new title (the old title for a removed section).
    pub title: String,
    /// Some when the title differs: the section was renamed.
    pub old_title: Option<String>,
    pub level: u8,
    /// Some when the heading level differs.
    pub old_level: Option<u8>,
    pub status: SectionStatus,
    /// Matched, but its place among the matched sections changed.
    pub moved: bool,
    /// For a moved section, where it was and where it is now: the titles of
    /// the sections it followed in the old and the new version (`None`: it
    /// came first). A move is shown once, at the new place, with this note.
    pub moved_from_to: Option<(Option<String>, Option<String>)>,
    pub blocks: Vec<BlockDiff>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockDiff {
    Same(Block),
    Added(Block),
    Removed(Block),
    /// An edited block. `words` may be all [`WordOp::Same`] when only the
    /// Markdown formatting changed.
    Changed {
        old: Block,
        new: Block,
        words: Vec<WordOp>,
    },
}

/// A run of tokens in a word redline. Whitespace is kept, so concatenating the
/// `Same` and `Inserted` runs gives the new text back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordOp {
    Same(String),
    Inserted(String),
    Deleted(String),
}

/// How many sections changed in each way. A section can count under more
/// than one heading (changed and moved, say). Comparison pages show these
/// as they are, so templates read them directly.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DiffCounts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub moved: usize,
    /// Title or id changed.
    pub renamed: usize,
}

/// One line of a changes summary, for templates that lay out their own table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryEntry {
    /// The section id (`""` for text before the first heading).
    pub id: String,
    /// The fragment [`render_html`] gives this section: `diff-{id}`.
    pub anchor: String,
    /// The title to show (a placeholder for text before the first heading).
    pub title: String,
    /// The main kind of change, usable as a CSS class suffix: `"added"`,
    /// `"removed"`, `"changed"`, `"renamed"` or `"moved"`.
    pub status: &'static str,
    /// Every change in words, e.g. "Changed, moved, renamed from ‘Old’".
    pub description: String,
}

/// The title shown for text before the first heading.
pub const PREAMBLE_TITLE: &str = "Opening text";

impl SectionDiff {
    pub fn renamed(&self) -> bool {
        self.old_title.is_some() || self.old_id.is_some()
    }

    /// Nothing to show: same blocks, place, title, id and level.
    pub fn is_unchanged(&self) -> bool {
        self.status == SectionStatus::Unchanged
            && !self.moved
            && !self.renamed()
            && self.old_level.is_none()
    }

    /// The title to show, with a placeholder for the opening text.
    pub fn display_title(&self) -> &str {
        if self.id.is_empty() && self.title.is_empty() {
            PREAMBLE_TITLE
        } else {
            &self.title
        }
    }

    /// Where a moved section went, in words, e.g. "Moved: was after
    /// ‘Consent’, now after ‘Review’."
    pub fn move_note(&self) -> Option<String> {
        let (was, now) = self.moved_from_to.as_ref()?;
        let place = |p: &Option<String>| match p {
            Some(t) => format!("after \u{2018}{t}\u{2019}"),
            None => "first".to_string(),
        };
        Some(format!("Moved: was {}, now {}.", place(was), place(now)))
    }

    /// The main kind of change, as in [`SummaryEntry::status`]; `"unchanged"`
    /// when there is none.
    pub fn status_word(&self) -> &'static str {
        match self.status {
            SectionStatus::Added => "added",
            SectionStatus::Removed => "removed",
            SectionStatus::Changed => "changed",
            SectionStatus::Unchanged if self.renamed() => "renamed",
            SectionStatus::Unchanged if self.moved => "moved",
            SectionStatus::Unchanged => "unchanged",
        }
    }

    /// Every change as one phrase, e.g. "Changed, moved".
    pub fn description(&self) -> String {
        let labels = self.labels();
        let mut out = String::new();
        for (k, label) in labels.iter().enumerate() {
            if k == 0 {
                out.push_str(label);
            } else {
                out.push_str(", ");
                out.push_str(&lower_first(label));
            }
        }
        out
    }

    /// Every change in words, in a fixed order, e.g. `["Changed", "Moved"]`.
    pub fn labels(&self) -> Vec<String> {
        let mut labels = Vec::new();
        match self.status {
            SectionStatus::Added => labels.push("Added".to_string()),
            SectionStatus::Removed => labels.push("Removed".to_string()),
            SectionStatus::Changed => labels.push("Changed".to_string()),
            SectionStatus::Unchanged => {}
        }
        if self.moved {
            labels.push("Moved".to_string());
        }
        if let Some(old) = &self.old_title {
            labels.push(format!("Renamed from \u{2018}{old}\u{2019}"));
        }
        if let Some(old) = &self.old_id {
            let old = if old.is_empty() {
                "(none)"
            } else {
                old.as_str()
            };
            labels.push(format!("Link changed from #{old}"));
        }
        if let Some(old) = self.old_level {
            labels.push(format!("Was a level {old} heading"));
        }
        labels
    }
}

impl DocDiff {
    /// True when the two versions have the same sections, in the same order,
    /// with the same ids, titles, levels and blocks.
    pub fn is_identical(&self) -> bool {
        self.sections.iter().all(SectionDiff::is_unchanged)
    }

    pub fn counts(&self) -> DiffCounts {
        let mut c = DiffCounts::default();
        for s in &self.sections {
            match s.status {
                SectionStatus::Added => c.added += 1,
                SectionStatus::Removed => c.removed += 1,
                SectionStatus::Changed => c.changed += 1,
                SectionStatus::Unchanged => {}
            }
            c.moved += usize::from(s.moved);
            c.renamed += usize::from(s.renamed());
        }
        c
    }

    /// One entry per section with something to show, in display order.
    pub fn summary(&self) -> Vec<SummaryEntry> {
        self.sections
            .iter()
            .filter(|s| !s.is_unchanged())
            .map(|s| SummaryEntry {
                id: s.id.clone(),
                anchor: format!("diff-{}", s.id),
                title: s.display_title().to_string(),
                status: s.status_word(),
                description: s.description(),
            })
            .collect()
    }
}

pub(crate) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Compares two versions of a document (Markdown, front matter stripped).
pub fn diff_documents(old: &str, new: &str) -> DocDiff {
    let old_sections = split_sections(old);
    let new_sections = split_sections(new);
    let matched = matching::match_sections(&old_sections, &new_sections);
    let moved = matching::moved_sections(&matched);

    // Removed sections go after the nearest earlier old section that kept its
    // place (or first, if none did).
    let mut stays_old = vec![false; old_sections.len()];
    let mut taken_old = vec![false; old_sections.len()];
    for (j, m) in matched.iter().enumerate() {
        if let Some(i) = *m {
            taken_old[i] = true;
            stays_old[i] = !moved[j];
        }
    }
    let mut removed_after: Vec<Vec<usize>> = vec![Vec::new(); old_sections.len() + 1];
    let mut anchor = 0; // 0 = start; i + 1 = after old section i
    for i in 0..old_sections.len() {
        if stays_old[i] {
            anchor = i + 1;
        } else if !taken_old[i] {
            removed_after[anchor].push(i);
        }
    }

    let removed = |i: usize| {
        let s = &old_sections[i];
        section_diff(
            s,
            None,
            SectionStatus::Removed,
            blocks_as(&s.blocks, BlockDiff::Removed),
        )
    };
    let mut sections: Vec<SectionDiff> = removed_after[0].iter().map(|&i| removed(i)).collect();
    for (j, new_section) in new_sections.iter().enumerate() {
        match matched[j] {
            None => sections.push(section_diff(
                new_section,
                None,
                SectionStatus::Added,
                blocks_as(&new_section.blocks, BlockDiff::Added),
            )),
            Some(i) => {
                let old_section = &old_sections[i];
                let block_diffs = blocks::diff_blocks(&old_section.blocks, &new_section.blocks);
                let changed = old_section.level != new_section.level
                    || block_diffs.iter().any(|b| !matches!(b, BlockDiff::Same(_)));
                let status = if changed {
                    SectionStatus::Changed
                } else {
                    SectionStatus::Unchanged
                };
                let mut diff = section_diff(new_section, Some(old_section), status, block_diffs);
                diff.moved = moved[j];
                if moved[j] {
                    let before = |s: &[Section], k: usize| {
                        k.checked_sub(1).map(|k| display_title(&s[k]).to_string())
                    };
                    diff.moved_from_to = Some((before(&old_sections, i), before(&new_sections, j)));
                }
                sections.push(diff);
                if stays_old[i] {
                    sections.extend(removed_after[i + 1].iter().map(|&i| removed(i)));
                }
            }
        }
    }
    DocDiff { sections }
}

fn display_title(s: &Section) -> &str {
    if s.id.is_empty() && s.title.is_empty() {
        PREAMBLE_TITLE
    } else {
        &s.title
    }
}

fn blocks_as(blocks: &[Block], wrap: fn(Block) -> BlockDiff) -> Vec<BlockDiff> {
    blocks.iter().cloned().map(wrap).collect()
}

fn section_diff(
    section: &Section,
    old: Option<&Section>,
    status: SectionStatus,
    blocks: Vec<BlockDiff>,
) -> SectionDiff {
    let differs =
        |f: fn(&Section) -> &str| old.filter(|o| f(o) != f(section)).map(|o| f(o).to_string());
    SectionDiff {
        id: section.id.clone(),
        old_id: differs(|s| &s.id),
        title: section.title.clone(),
        old_title: differs(|s| &s.title),
        level: section.level,
        old_level: old.filter(|o| o.level != section.level).map(|o| o.level),
        status,
        moved: false,
        moved_from_to: None,
        blocks,
    }
}
