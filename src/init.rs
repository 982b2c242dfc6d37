//! `waymark init DIR`: a small project that builds with no warnings and
//! shows the whole product, to start from.
//!
//! It is deliberately not the bundled programme: a made-up home visits
//! service, with its own audiences and kinds of area (`site.yaml`), two
//! services and a rule for combining them (`content/national-rules.yaml`),
//! a versioned protocol whose second version has change notes (one major),
//! an area that varies one section and has confirmed the major change, a
//! glossary, a process map and a form. The files live in `src/init/` as
//! they are written to the new project.

use std::fs;
use std::path::Path;

/// Every file of the new project, by its path in the project.
const FILES: &[(&str, &str)] = &[
    (
        "content/forms/_section.yaml",
        include_str!("init/content/forms/_section.yaml"),
    ),
    (
        "content/forms/visit-request.yaml",
        include_str!("init/content/forms/visit-request.yaml"),
    ),
    (
        "content/forms/visit-feedback/v1.0.yaml",
        include_str!("init/content/forms/visit-feedback/v1.0.yaml"),
    ),
    (
        "content/forms/visit-feedback/v1.1.yaml",
        include_str!("init/content/forms/visit-feedback/v1.1.yaml"),
    ),
    (
        "content/glossary.yaml",
        include_str!("init/content/glossary.yaml"),
    ),
    (
        "content/guidance/_section.yaml",
        include_str!("init/content/guidance/_section.yaml"),
    ),
    (
        "content/guidance/getting-started.md",
        include_str!("init/content/guidance/getting-started.md"),
    ),
    ("content/index.md", include_str!("init/content/index.md")),
    (
        "content/maps/_section.yaml",
        include_str!("init/content/maps/_section.yaml"),
    ),
    (
        "content/maps/visit.yaml",
        include_str!("init/content/maps/visit.yaml"),
    ),
    (
        "content/national-rules.yaml",
        include_str!("init/content/national-rules.yaml"),
    ),
    (
        "content/protocol/_section.yaml",
        include_str!("init/content/protocol/_section.yaml"),
    ),
    (
        "content/protocol/home-visits/v1.0.md",
        include_str!("init/content/protocol/home-visits/v1.0.md"),
    ),
    (
        "content/protocol/home-visits/v1.1.md",
        include_str!("init/content/protocol/home-visits/v1.1.md"),
    ),
    (
        "content/sites/_section.yaml",
        include_str!("init/content/sites/_section.yaml"),
    ),
    (
        "content/sites/riverside/embedding.yaml",
        include_str!("init/content/sites/riverside/embedding.yaml"),
    ),
    (
        "content/sites/riverside/pathway.md",
        include_str!("init/content/sites/riverside/pathway.md"),
    ),
    (
        "content/sites/riverside/site.yaml",
        include_str!("init/content/sites/riverside/site.yaml"),
    ),
    ("site.yaml", include_str!("init/site.yaml")),
    (".gitignore", "/public\n"),
];

pub fn init(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let mut entries =
            fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} already exists and is not empty; choose a new folder",
                dir.display()
            ));
        }
    }
    for (path, text) in FILES {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}
