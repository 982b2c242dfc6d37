//! The integrity manifest, `SHA256SUMS`: one line per file of the site,
//! `<sha-256 in hex>  <path>`, sorted by path (the format `sha256sum -c`
//! reads, so a copy can be checked without Waymark too).
//!
//! **The rule**: the manifest lists every file of the site except itself,
//! Waymark's output marker (`.waymark-output`) and the offline ZIP (which
//! holds the site and so cannot be listed in a file it contains). `waymark
//! verify` checks every listed file and reports any other file as extra,
//! except those three.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

/// Where the manifest is written, at the site's root.
pub const MANIFEST_FILE: &str = "SHA256SUMS";

/// One file's hash and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileHash {
    pub sha256: [u8; 32],
    pub size: u64,
}

impl FileHash {
    pub fn of(bytes: &[u8]) -> Self {
        FileHash {
            sha256: Sha256::digest(bytes).into(),
            size: bytes.len() as u64,
        }
    }

    pub fn hex(&self) -> String {
        hex(&self.sha256)
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every file of a site by its `/`-separated path.
pub type Files = BTreeMap<String, FileHash>;

/// The manifest's text for `files`.
pub fn format(files: &Files) -> String {
    let mut text = String::with_capacity(files.len() * 100);
    for (path, hash) in files {
        text.push_str(&hash.hex());
        text.push_str("  ");
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// A short hash of every file's path and contents: the build's identity.
pub fn build_id(files: &Files) -> String {
    let digest = Sha256::digest(format(files).as_bytes());
    hex(&digest[..8])
}

/// Reads a manifest: path → lower-case hex hash.
pub fn parse(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut entries = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = || {
            format!(
                "line {} of {MANIFEST_FILE} is not `<sha-256>  <path>`: {line}",
                n + 1
            )
        };
        let (hash, rest) = line.split_at_checked(64).ok_or_else(bad)?;
        let path = rest
            .strip_prefix("  ")
            .or_else(|| rest.strip_prefix(" *"))
            .ok_or_else(bad)?;
        if !hash.bytes().all(|b| b.is_ascii_hexdigit()) || path.is_empty() {
            return Err(bad());
        }
        entries.insert(path.to_string(), hash.to_ascii_lowercase());
    }
    Ok(entries)
}

/// What `waymark verify` found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Verification {
    /// Files the manifest lists that match.
    pub ok: usize,
    /// Listed but absent.
    pub missing: Vec<String>,
    /// Present but with different contents.
    pub changed: Vec<String>,
    /// Present but not listed (and not one of the files the rule leaves out).
    pub extra: Vec<String>,
}

impl Verification {
    pub fn intact(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.extra.is_empty()
    }
}

/// Files the manifest never lists, by the rule above.
pub fn left_out(path: &str) -> bool {
    path == MANIFEST_FILE
        || path == crate::output::MARKER
        || (!path.contains('/') && path.ends_with(".zip"))
}

/// Checks the site in `dir` against its `SHA256SUMS`.
pub fn verify(dir: &Path) -> Result<Verification, String> {
    let manifest_path = dir.join(MANIFEST_FILE);
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| {
        format!(
            "cannot read {}: {e} (is {} a site built by Waymark?)",
            manifest_path.display(),
            dir.display()
        )
    })?;
    let listed = parse(&text)?;
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .map_err(|e| e.to_string())?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        found.insert(rel, entry.into_path());
    }
    let mut result = Verification::default();
    for (path, hash) in &listed {
        match found.get(path) {
            None => result.missing.push(path.clone()),
            Some(file) => {
                let bytes = std::fs::read(file)
                    .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
                if &FileHash::of(&bytes).hex() == hash {
                    result.ok += 1;
                } else {
                    result.changed.push(path.clone());
                }
            }
        }
    }
    for path in found.keys() {
        if !listed.contains_key(path) && !left_out(path) {
            result.extra.push(path.clone());
        }
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_and_parse_round_trip() {
        let mut files = Files::new();
        files.insert("a b/index.html".into(), FileHash::of(b"hello"));
        files.insert("index.html".into(), FileHash::of(b""));
        let text = format(&files);
        assert!(text.starts_with(
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824  a b/index.html\n"
        ));
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed["index.html"], FileHash::of(b"").hex());
        assert!(parse("nonsense\n").is_err());
        assert_eq!(build_id(&files).len(), 16);
    }

    #[test]
    fn the_rule_leaves_out_the_manifest_marker_and_root_zip() {
        assert!(left_out("SHA256SUMS"));
        assert!(left_out(".waymark-output"));
        assert!(left_out("cstr-guidance.zip"));
        assert!(!left_out("assets/x.zip"));
        assert!(!left_out("index.html"));
    }
}
