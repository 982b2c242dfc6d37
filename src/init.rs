//! `waymark init DIR`: a minimal project that builds, to start from.

use std::fs;
use std::path::Path;

const SITE_YAML: &str = "title: My protocol site
language: en-GB
notice: This is a new Waymark project. Replace this notice in site.yaml.
navigation:
  - title: Home
    path: index.md
  - title: Guidance
    path: guidance/
";

const INDEX_MD: &str = "---
title: Home
summary: Start here.
---

This site was created with `waymark init`. Edit `content/index.md` to change this page.

- Read the [getting started](guidance/getting-started.md) page.
- Every link is written as a path to a source file, and checked when the site builds.
";

const SECTION_YAML: &str = "title: Guidance
summary: Pages of guidance, in reading order.
order: 1
";

const GETTING_STARTED_MD: &str = "---
title: Getting started
summary: How pages, folders and links work in Waymark.
order: 1
---

## Pages

Each Markdown file in `content/` becomes a page. Front matter between `---` lines
sets its `title` and, optionally, `summary`, `audience`, `order`, `owner` and `review_by`.

## Links

Link to other pages by their source path, for example [the home page](../index.md).
A link or `#anchor` that does not exist stops the build with the file and line.

## Building

Run `waymark build` in the project folder and open `public/index.html`.
";

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
    let files = [
        ("site.yaml", SITE_YAML),
        ("content/index.md", INDEX_MD),
        ("content/guidance/_section.yaml", SECTION_YAML),
        ("content/guidance/getting-started.md", GETTING_STARTED_MD),
        (".gitignore", "/public\n"),
    ];
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}
