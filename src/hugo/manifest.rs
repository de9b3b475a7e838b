//! The import's record of the files it wrote into a book (`.mdbook-hugo-import` at the
//! book's root), so a re-run replaces or removes only those and leaves the user's own files
//! alone.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The manifest's file name, in the book's root folder.
pub const FILE_NAME: &str = ".mdbook-hugo-import";

/// What the last import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The site folder it was imported from, as given.
    pub site: String,
    /// The language imported.
    pub language: String,
    /// Every file written, relative to the book's root, `/`-separated (`book.toml` is not
    /// listed: it is edited in place, never removed).
    pub files: BTreeSet<String>,
    /// The SHA-256 (lower-case hex) of each file as the import wrote it, so a re-run can
    /// tell a file edited in the book since then and refuse to replace it. Manifests of
    /// earlier versions have none: a file without a hash that a re-run would change or
    /// remove counts as edited (`--force` replaces it).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hashes: BTreeMap<String, String>,
}

/// The SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Manifest {
    /// Reads the manifest of the book at `book_dir`; an empty one when there is none.
    pub fn read(book_dir: &Path) -> Result<Self> {
        let path = book_dir.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text)
                .with_context(|| format!("{} is not an import manifest", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    /// Writes the manifest into the book at `book_dir`.
    pub fn write(&self, book_dir: &Path) -> Result<()> {
        let path = book_dir.join(FILE_NAME);
        let text = serde_json::to_string_pretty(self)? + "\n";
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
    }
}
