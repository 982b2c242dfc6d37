//! Approximate text widths, so boxes fit their labels without a font file.
//!
//! Maps are laid out at build time with no browser, and the site uses the
//! system sans-serif stack, whose exact font we cannot know. The table gives
//! Helvetica-like advance widths (thousandths of an em) for ASCII; other
//! letters count as an average letter and wide scripts as a full em. A 12%
//! margin covers wider system fonts (DejaVu Sans, Segoe UI), and boxes have
//! padding on top, so a small misestimate never clips a label.

/// The font size the maps' CSS uses for step text, in px.
pub const FONT_SIZE: f64 = 14.0;
/// Line height for wrapped labels, in px.
pub const LINE_HEIGHT: i32 = 18;
/// Headroom for fonts wider than the table.
const SAFETY: f64 = 1.12;

/// Advance widths for ' ' (0x20) through '~' (0x7e).
const ASCII: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0-9
    278, 278, 584, 584, 584, 556, 1015, // ':'..'@'
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A-M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N-Z
    278, 278, 278, 469, 556, 333, // '['..'`'
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a-m
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n-z
    334, 260, 334, 584, // '{'..'~'
];

fn advance(c: char) -> u16 {
    match c as u32 {
        0x20..=0x7e => ASCII[(c as u32 - 0x20) as usize],
        0x2018 | 0x2019 => 222,
        0x201c | 0x201d => 333,
        0x2013 => 556,
        0x2014 => 1000,
        _ if is_wide(c) => 1000,
        _ => 556,
    }
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115f | 0x2e80..=0xa4cf | 0xac00..=0xd7a3 | 0xf900..=0xfaff | 0xff00..=0xff60)
}

/// Estimated width of `text` in px at `size`; `bold` adds 20%, as DejaVu Sans
/// Bold (a common Linux system font) measured in Chromium is that much wider
/// than the regular weight on lower-case text (`tests/browser/checks/maps.mjs`).
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let em: u32 = text.chars().map(|c| u32::from(advance(c))).sum();
    let w = f64::from(em) / 1000.0 * size * SAFETY;
    if bold {
        w * 1.2
    } else {
        w
    }
}

/// Greedy word wrap to `max` px. A single word wider than `max` gets a line
/// of its own (the box grows to fit it rather than breaking the word).
pub fn wrap(text: &str, max: f64, size: f64, bold: bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || text_width(&candidate, size, bold) <= max {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// Width in whole px of the widest line.
pub fn block_width(lines: &[String], size: f64, bold: bool) -> i32 {
    lines
        .iter()
        .map(|l| text_width(l, size, bold).ceil() as i32)
        .max()
        .unwrap_or(0)
}
