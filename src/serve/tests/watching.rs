//! The debounced watcher on a real temporary folder.

use std::time::Instant;

use crate::serve::watch::{Watcher, DEFAULT_DEBOUNCE};

use super::*;

fn watched() -> (tempfile::TempDir, PathBuf, Watcher) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().canonicalize().unwrap();
    fs::create_dir_all(dir.join("content/sub")).unwrap();
    fs::write(dir.join("content/page.md"), "one").unwrap();
    fs::write(dir.join("site.yaml"), "title: x").unwrap();
    fs::write(dir.join("other.txt"), "not watched").unwrap();
    let watcher = Watcher::new(
        vec![
            dir.join("content"),
            dir.join("site.yaml"),
            dir.join("themes"),
        ],
        DEFAULT_DEBOUNCE,
    )
    .unwrap();
    (tmp, dir, watcher)
}

fn batch(watcher: &Watcher) -> Vec<PathBuf> {
    let start = Instant::now();
    let batch = watcher
        .next_batch_timeout(Duration::from_secs(3))
        .expect("a batch");
    assert!(
        start.elapsed() < Duration::from_millis(1500),
        "{:?}",
        start.elapsed()
    );
    batch
}

/// No further batch arrives (the previous one was complete).
fn quiet(watcher: &Watcher) {
    let extra = watcher.next_batch_timeout(Duration::from_millis(300));
    assert_eq!(extra, None);
}

#[test]
fn create_modify_and_delete_are_reported_once_each() {
    let (_tmp, dir, w) = watched();
    let page = dir.join("content/sub/new.md");
    fs::write(&page, "hello").unwrap();
    assert_eq!(batch(&w), std::slice::from_ref(&page));
    quiet(&w);
    fs::write(&page, "changed").unwrap();
    assert_eq!(batch(&w), std::slice::from_ref(&page));
    fs::remove_file(&page).unwrap();
    assert_eq!(batch(&w), [page]);
    fs::write(dir.join("site.yaml"), "title: y").unwrap();
    assert_eq!(batch(&w), [dir.join("site.yaml")]);
    // Files beside a watched file are not watched.
    fs::write(dir.join("other.txt"), "changed").unwrap();
    quiet(&w);
}

#[test]
fn a_burst_of_writes_is_one_batch() {
    let (_tmp, dir, w) = watched();
    let mut expected = Vec::new();
    for i in 0..20 {
        let path = dir.join(format!("content/p{}.md", i % 5));
        fs::write(&path, format!("version {i}")).unwrap();
        expected.push(path);
        std::thread::sleep(Duration::from_millis(5));
    }
    expected.sort();
    expected.dedup();
    assert_eq!(batch(&w), expected);
    quiet(&w);
}

#[test]
fn editor_noise_is_ignored() {
    let (_tmp, dir, w) = watched();
    for noise in [
        ".page.md.swp",
        ".page.md.swx",
        "page.md~",
        "4913",
        ".#page.md",
        "#page.md#",
        ".DS_Store",
    ] {
        fs::write(dir.join("content").join(noise), "x").unwrap();
    }
    fs::create_dir_all(dir.join("content/.git")).unwrap();
    fs::write(dir.join("content/.git/index"), "x").unwrap();
    quiet(&w);
    // Noise alongside a real change: only the change.
    fs::write(dir.join("content/.page.md.swp"), "y").unwrap();
    fs::write(dir.join("content/page.md"), "two").unwrap();
    assert_eq!(batch(&w), [dir.join("content/page.md")]);
}

#[test]
fn atomic_saves_report_their_target() {
    let (_tmp, dir, w) = watched();
    // Write a temporary file, then rename it over the real one.
    let tmp_file = dir.join("content/page.md.tmp.1234");
    fs::write(&tmp_file, "saved atomically").unwrap();
    fs::rename(&tmp_file, dir.join("content/page.md")).unwrap();
    assert_eq!(batch(&w), [dir.join("content/page.md")]);
    // The same for a single watched file, whose watch survives it.
    let tmp_file = dir.join(".site.yaml.new");
    fs::write(&tmp_file, "title: z").unwrap();
    fs::rename(&tmp_file, dir.join("site.yaml")).unwrap();
    assert_eq!(batch(&w), [dir.join("site.yaml")]);
    fs::write(dir.join("site.yaml"), "title: again").unwrap();
    assert_eq!(batch(&w), [dir.join("site.yaml")]);
}

#[test]
fn a_vim_style_save_reports_the_file() {
    let (_tmp, dir, w) = watched();
    let content = dir.join("content");
    let page = content.join("page.md");
    // Probe, back up by renaming, write anew, drop the backup.
    fs::write(content.join("4913"), "").unwrap();
    fs::remove_file(content.join("4913")).unwrap();
    fs::rename(&page, content.join("page.md~")).unwrap();
    fs::write(&page, "saved by vim").unwrap();
    fs::remove_file(content.join("page.md~")).unwrap();
    assert_eq!(batch(&w), std::slice::from_ref(&page));
    quiet(&w);
}

#[test]
fn a_folder_created_later_is_watched() {
    let (_tmp, dir, w) = watched();
    fs::create_dir_all(dir.join("themes")).unwrap();
    assert_eq!(batch(&w), [dir.join("themes")]);
    let css = dir.join("themes/site.css");
    fs::write(&css, "x").unwrap();
    assert_eq!(batch(&w), [css]);
}

#[test]
fn stopping_ends_a_blocked_wait() {
    let (_tmp, _dir, w) = watched();
    let stop = w.stop_handle();
    let start = Instant::now();
    std::thread::scope(|scope| {
        let waiter = scope.spawn(|| w.next_batch());
        std::thread::sleep(Duration::from_millis(100));
        stop.stop();
        assert_eq!(waiter.join().unwrap(), None);
    });
    assert!(start.elapsed() < Duration::from_secs(1));
    assert_eq!(w.next_batch(), None, "stays stopped");
}

#[test]
fn missing_paths_need_an_existing_parent() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(Watcher::new(vec![tmp.path().join("no/such/dir")], DEFAULT_DEBOUNCE).is_err());
}
