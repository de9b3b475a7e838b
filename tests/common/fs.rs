//! File-system helpers shared by every test crate (`tests/differential.rs` loads this
//! file on its own, as it does not load `common`).

use std::path::Path;

/// Recursively copies a folder.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Writes `text` to `root/path`, making the folders on the way.
#[allow(
    dead_code,
    reason = "tests/differential.rs loads this file and writes no files"
)]
pub fn write_file(root: &Path, path: &str, text: &str) {
    let file = root.join(path);
    std::fs::create_dir_all(file.parent().expect("a file has a folder")).unwrap();
    std::fs::write(file, text).unwrap();
}
