//! Which source file names Waymark accepts, and their `/`-separated form.
//!
//! A file's path under `content/` becomes both a URL and a path in the
//! output folder, and it is shown in messages. So that those three can never
//! disagree, a name is accepted only if it means the same thing everywhere:
//!
//! - valid UTF-8, with no control characters;
//! - no `\`: on Linux it is an ordinary character, but turned into `/` for a
//!   URL it would make `x\..\..\f.md` name a file outside the project;
//! - none of `#`, `?`, `%`: in a URL they start a fragment, a query or an
//!   escape, so links to the file would break;
//! - none of `: * " < > |`: Windows and the FAT and exFAT file systems of
//!   memory sticks cannot store them, and the site must copy onto those;
//! - not a name Windows keeps for a device (`CON`, `PRN`, `AUX`, `NUL`,
//!   `COM1`–`COM9`, `LPT1`–`LPT9`, in any case, with any extension): a copy
//!   onto a Windows laptop fails at `con.html` or `aux/`.
//!
//! Spaces and letters beyond ASCII are fine (links percent-encode them).
//! Hidden names (a leading `.`) are skipped before this check.

use std::path::{Component, Path};

/// Characters a source file or folder name may not contain, besides
/// control characters; each with the reason, for the message.
const REFUSED: [(char, &str); 10] = [
    (
        '\\',
        "a backslash is a folder separator on Windows and in URLs",
    ),
    (
        '#',
        "`#` starts a fragment in a URL, so links to it would break",
    ),
    (
        '?',
        "`?` starts a query in a URL, so links to it would break",
    ),
    (
        '%',
        "`%` starts an escape in a URL, so links to it would break",
    ),
    (
        ':',
        "Windows and memory sticks cannot store `:` in a file name",
    ),
    (
        '*',
        "Windows and memory sticks cannot store `*` in a file name",
    ),
    (
        '"',
        "Windows and memory sticks cannot store `\"` in a file name",
    ),
    (
        '<',
        "Windows and memory sticks cannot store `<` in a file name",
    ),
    (
        '>',
        "Windows and memory sticks cannot store `>` in a file name",
    ),
    (
        '|',
        "Windows and memory sticks cannot store `|` in a file name",
    ),
];

/// `rel` (relative to the content folder) as a `/`-separated string, or why
/// it cannot be published. The string names exactly the file `rel` does:
/// joining its parts onto the folder again gives back the same path.
pub fn source_path(rel: &Path) -> Result<String, String> {
    let mut parts: Vec<&str> = Vec::new();
    for component in rel.components() {
        let Component::Normal(part) = component else {
            return Err("the path is not a plain path inside content/".into());
        };
        let Some(part) = part.to_str() else {
            return Err("the file name is not valid UTF-8".into());
        };
        check_name(part)?;
        parts.push(part);
    }
    if parts.is_empty() {
        return Err("the path is empty".into());
    }
    Ok(parts.join("/"))
}

/// Why one file or folder name cannot be published, if it cannot.
pub fn check_name(name: &str) -> Result<(), String> {
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(format!(
            "the name holds a control character (U+{:04X})",
            u32::from(c)
        ));
    }
    if let Some((c, why)) = REFUSED.iter().find(|(c, _)| name.contains(*c)) {
        return Err(format!("the name holds `{c}`: {why}"));
    }
    if name.ends_with(' ') || name.ends_with('.') {
        return Err("the name ends with a space or a dot, which Windows drops".into());
    }
    if let Some(device) = windows_device(name) {
        return Err(format!(
            "Windows keeps the name `{device}` for a device, with any extension, so a copy of the site onto a Windows computer would fail"
        ));
    }
    Ok(())
}

/// The device name Windows reserves that `name` is, whatever its case and
/// extension (`con.md`, `Aux`, `lpt1.png`), if it is one.
fn windows_device(name: &str) -> Option<&str> {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    let reserved = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && matches!(upper.as_bytes()[3], b'1'..=b'9'));
    reserved.then_some(stem)
}

/// `rel` as a `/`-separated string if every part is a plain UTF-8 name with
/// no backslash; `None` otherwise. For paths Waymark itself wrote.
pub fn slash_path(rel: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for component in rel.components() {
        let Component::Normal(part) = component else {
            return None;
        };
        let part = part.to_str()?;
        if part.contains('\\') {
            return None;
        }
        parts.push(part);
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_pass_and_keep_their_shape() {
        assert_eq!(
            source_path(Path::new("cstr/consent and capacity.md")).unwrap(),
            "cstr/consent and capacity.md"
        );
        assert_eq!(
            source_path(Path::new("sites/café/pathway.md")).unwrap(),
            "sites/café/pathway.md"
        );
    }

    #[test]
    fn names_that_could_escape_or_break_links_are_refused() {
        for bad in [
            "cstr/x\\..\\..\\..\\..\\pwned.md",
            "y\\..\\passwd",
            "a/b#c.md",
            "a/what?.md",
            "100%.md",
            "a/c:d.png",
            "bell\u{7}.md",
            "new\nline.md",
            "trailing.",
            "../up.md",
            "CON.md",
            "guide/aux/index.md",
            "nul",
            "Com1.md",
            "lpt9.tar.gz",
            "con .md",
        ] {
            assert!(source_path(Path::new(bad)).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn names_near_a_windows_device_pass() {
        for good in [
            "console.md",
            "auxiliary.md",
            "com10.md",
            "com0.md",
            "lpt.md",
            "icon.png",
            "a/null.md",
        ] {
            assert!(source_path(Path::new(good)).is_ok(), "{good:?} was refused");
        }
        let refused = source_path(Path::new("guide/Aux.md")).unwrap_err();
        assert!(refused.contains("`Aux`"), "{refused}");
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_names_are_refused() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        assert!(source_path(Path::new(name)).unwrap_err().contains("UTF-8"));
    }

    #[test]
    fn written_paths_round_trip() {
        assert_eq!(
            slash_path(Path::new("a/b.html")).as_deref(),
            Some("a/b.html")
        );
        assert_eq!(slash_path(Path::new("a\\b.html")), None);
    }
}
