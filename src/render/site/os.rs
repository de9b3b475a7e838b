//! Hugo's `os` template namespace: `os.Getenv` (`getenv`) under the site's
//! `security.funcs.getenv` policy, and `os.ReadFile` (`readFile`), `os.FileExists`
//! (`fileExists`), `os.Stat` and `os.ReadDir` (`readDir`) on the site's files.
//!
//! As Hugo 0.168 resolves a path (its docs and `tpl/os/os.go`): relative to the project
//! folder (the site's root) first, then, for `ReadFile`, `FileExists` and `Stat`, relative
//! to the content tree as the site mounts it (`module.mounts` with target `content`, so
//! Docsy's `readFile "/project/repo/README.md"` reads the repository's `README.md`). A
//! leading `/` is optional. `ReadDir` reads the project folder only. A file that does
//! not exist reads as `""`, as in Hugo. Nothing outside the site (or a mount's source) is
//! read: `..` is refused, and so is a symbolic link that leads out.

use crate::hugo::config::SiteConfig;
use crate::hugo::mounts::Mount;
use crate::template::{Object, Value};
use regex::Regex;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Hugo's default `security.funcs.getenv`.
const DEFAULT_GETENV: &[&str] = &["^HUGO_", "^CI$"];

/// Hugo's cap on `readFile` (`tpl/os`: "file is too big").
const MAX_READ: u64 = 1_000_000;

/// The site's files and environment as the `os` functions see them.
pub(super) struct OsFuncs {
    root: PathBuf,
    content: Vec<Mount>,
    /// The `security.funcs.getenv` patterns; empty for Hugo's `none`.
    getenv: Vec<Regex>,
    /// The policy as configured, for the denial message.
    policy: Vec<String>,
}

impl OsFuncs {
    /// The functions for the site at `root` with its configuration (`None` when it has
    /// none: Hugo's defaults). Problems (a bad pattern) are returned as messages.
    pub(super) fn new(root: &Path, config: Option<&SiteConfig>) -> (OsFuncs, Vec<String>) {
        let mut problems = Vec::new();
        // A mount that cannot be read was reported by `import`; here it is only not used.
        let content = config
            .and_then(|c| {
                crate::hugo::mounts::mounts(root, c, &c.default_language(), &mut Vec::new()).ok()
            })
            .unwrap_or_else(|| {
                vec![Mount {
                    source: root.join("content"),
                    target: String::new(),
                    langs: Vec::new(),
                }]
            });
        let policy = config
            .and_then(|c| c.get("security.funcs.getenv"))
            .map(patterns)
            .unwrap_or_else(|| DEFAULT_GETENV.iter().map(|s| s.to_string()).collect());
        let getenv = policy
            .iter()
            .filter(|p| p.as_str() != "none")
            .filter_map(|p| match Regex::new(p) {
                Ok(re) => Some(re),
                Err(e) => {
                    problems.push(format!("security.funcs.getenv: {p:?}: {e}"));
                    None
                }
            })
            .collect();
        let funcs = OsFuncs {
            root: root.to_path_buf(),
            content,
            getenv,
            policy,
        };
        (funcs, problems)
    }

    /// Calls `os.NAME` or its alias, or `hugo.WorkingDir`; `None` for another function.
    pub(super) fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let arg = args.first().map(Value::to_go_string).unwrap_or_default();
        Some(match name {
            "getenv" | "os.Getenv" => self.env(&arg),
            "readFile" | "os.ReadFile" => self.read(&arg),
            "fileExists" | "os.FileExists" => {
                self.find(name, &arg).map(|f| Value::Bool(f.is_some()))
            }
            "os.Stat" => self.find(name, &arg).and_then(|found| match found {
                Some(path) => file_info(&path).ok_or_else(|| format!("stat {arg}: unreadable")),
                None => Err(format!("stat {arg}: no such file or directory")),
            }),
            "readDir" | "os.ReadDir" => self.read_dir(&arg),
            // The project's folder, absolute: Docsy trims it off a page's `.File.Filename`.
            "hugo.WorkingDir" => Ok(Value::from(
                self.root
                    .canonicalize()
                    .unwrap_or_else(|_| self.root.clone())
                    .display()
                    .to_string(),
            )),
            _ => return None,
        })
    }

    /// `os.Getenv`: the variable when the policy allows it, else Hugo's denial.
    fn env(&self, name: &str) -> Result<Value, String> {
        if !self.getenv.iter().any(|re| re.is_match(name)) {
            return Err(format!(
                "access denied: {name:?} is not whitelisted in policy \"security.funcs.getenv\"; the current policy is {:?}",
                self.policy
            ));
        }
        Ok(Value::from(
            std::env::var(name).unwrap_or_default().as_str(),
        ))
    }

    fn read(&self, path: &str) -> Result<Value, String> {
        if path.is_empty() {
            return Err("readFile needs a filename".to_string());
        }
        let Some(file) = self.find("readFile", path)? else {
            return Ok(Value::from(""));
        };
        let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        if size > MAX_READ {
            return Err(format!("file {path:?} is too big"));
        }
        std::fs::read(&file)
            .map(|bytes| Value::from(String::from_utf8_lossy(&bytes).as_ref()))
            .map_err(|e| format!("read {path}: {e}"))
    }

    fn read_dir(&self, path: &str) -> Result<Value, String> {
        let rel = relative("readDir", path)?;
        let dir = inside("readDir", path, &self.root, &self.root.join(rel))?
            .filter(|d| d.is_dir())
            .ok_or_else(|| format!("failed to read directory {path:?}"))?;
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| format!("failed to read directory {path:?}: {e}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        Ok(Value::List(Arc::new(
            entries.iter().filter_map(|p| file_info(p)).collect(),
        )))
    }

    /// The file or folder `path` names: in the project folder, else in the content tree;
    /// `None` when there is none, an error (naming `function`) when it leads out.
    fn find(&self, function: &str, path: &str) -> Result<Option<PathBuf>, String> {
        let rel = relative(function, path)?;
        match inside(function, path, &self.root, &self.root.join(&rel))? {
            Some(found) => Ok(Some(found)),
            None => self.in_content(function, path, &rel),
        }
    }

    /// `rel` in the content tree: the first mount whose target holds it.
    fn in_content(
        &self,
        function: &str,
        path: &str,
        rel: &Path,
    ) -> Result<Option<PathBuf>, String> {
        let rel = rel.to_string_lossy().replace('\\', "/");
        for mount in &self.content {
            let rest = if mount.target.is_empty() {
                rel.as_str()
            } else if rel == mount.target {
                ""
            } else if let Some(rest) = rel.strip_prefix(&format!("{}/", mount.target)) {
                rest
            } else {
                continue;
            };
            let candidate = if rest.is_empty() {
                mount.source.clone()
            } else {
                mount.source.join(rest)
            };
            if let Some(found) = inside(function, path, &mount.source, &candidate)? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }
}

fn outside(function: &str, path: &str) -> String {
    format!("{function} {path:?}: outside the site")
}

/// `path` without its leading `/`; an error when it climbs with `..`.
fn relative(function: &str, path: &str) -> Result<PathBuf, String> {
    let rel = Path::new(path.trim_start_matches('/'));
    rel.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        .then(|| rel.to_path_buf())
        .ok_or_else(|| outside(function, path))
}

/// `file` when it exists and, symbolic links resolved, stays inside `base` (a folder, or
/// the mounted file itself); `None` when it does not exist; an error when it leads out.
fn inside(function: &str, path: &str, base: &Path, file: &Path) -> Result<Option<PathBuf>, String> {
    let (Ok(base), Ok(resolved)) = (base.canonicalize(), file.canonicalize()) else {
        return Ok(None);
    };
    if resolved.starts_with(&base) {
        Ok(Some(file.to_path_buf()))
    } else {
        Err(outside(function, path))
    }
}

/// The configured `security.funcs.getenv`: a list of patterns or one.
fn patterns(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::Array(list) => list
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        serde_json::Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Go's `fs.FileInfo` of `path`: `.Name`, `.Size`, `.IsDir`, `.ModTime`, `.Mode`.
struct FileInfo {
    name: String,
    size: i64,
    is_dir: bool,
    modified: i64,
}

fn file_info(path: &Path) -> Option<Value> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs() as i64);
    Some(Value::Object(Arc::new(FileInfo {
        name: path.file_name()?.to_string_lossy().into_owned(),
        size: meta.len() as i64,
        is_dir: meta.is_dir(),
        modified,
    })))
}

impl Object for FileInfo {
    fn type_name(&self) -> &str {
        "*os.fileStat"
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Name" => Value::from(self.name.as_str()),
            "Size" => Value::Int(self.size),
            "IsDir" => Value::Bool(self.is_dir),
            "ModTime" => crate::template::time_value(self.modified),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn funcs(dir: &Path, config: &str) -> OsFuncs {
        std::fs::write(dir.join("hugo.toml"), config).unwrap();
        let config = SiteConfig::load(dir).unwrap();
        OsFuncs::new(dir, Some(&config)).0
    }

    #[test]
    fn the_working_dir_is_the_sites_absolute_folder() {
        let site = tempfile::tempdir().unwrap();
        let os = funcs(site.path(), "");
        let dir = site.path().canonicalize().unwrap().display().to_string();
        assert_eq!(os.call("hugo.WorkingDir", &[]), Some(Ok(Value::from(dir))));
    }

    #[test]
    fn read_file_looks_in_the_project_then_in_the_mounted_content() {
        let repo = tempfile::tempdir().unwrap();
        std::fs::create_dir(repo.path().join(".git")).unwrap();
        std::fs::write(repo.path().join("README.md"), "the readme").unwrap();
        let site = repo.path().join("site");
        std::fs::create_dir_all(site.join("content/docs")).unwrap();
        std::fs::write(site.join("content/docs/a.md"), "page a").unwrap();
        std::fs::write(site.join("notes.txt"), "notes").unwrap();
        let os = funcs(
            &site,
            "[[module.mounts]]\nsource = 'content'\ntarget = 'content'\n\
             [[module.mounts]]\nsource = '../README.md'\ntarget = 'content/repo/README.md'\n",
        );
        let call = |n: &str, a: &str| os.call(n, &[Value::from(a)]).unwrap();
        assert_eq!(call("readFile", "/notes.txt"), Ok(Value::from("notes")));
        assert_eq!(call("os.ReadFile", "docs/a.md"), Ok(Value::from("page a")));
        assert_eq!(
            call("readFile", "/repo/README.md"),
            Ok(Value::from("the readme"))
        );
        assert_eq!(call("readFile", "missing.md"), Ok(Value::from("")));
        assert_eq!(
            call("readFile", "../README.md"),
            Err("readFile \"../README.md\": outside the site".to_string())
        );
        assert_eq!(call("fileExists", "docs"), Ok(Value::Bool(true)));
        assert_eq!(call("fileExists", "docs/a"), Ok(Value::Bool(false)));
        let stat = call("os.Stat", "content").unwrap();
        assert_eq!(stat.get_field("IsDir"), Some(Value::Bool(true)));
        let listed = call("readDir", "content/docs").unwrap();
        let Value::List(listed) = listed else {
            panic!("readDir gives a list, not {listed:?}")
        };
        let names: Vec<String> = listed
            .iter()
            .map(|f| f.get_field("Name").unwrap().to_go_string())
            .collect();
        assert_eq!(names, ["a.md"]);
        assert!(call("readDir", "docs").is_err());
    }

    #[test]
    fn getenv_follows_the_security_policy() {
        let dir = tempfile::tempdir().unwrap();
        let os = funcs(dir.path(), "title = 'x'\n");
        let call = |a: &str| os.call("os.Getenv", &[Value::from(a)]).unwrap();
        assert_eq!(call("HUGO_MDBOOK_TEST_UNSET"), Ok(Value::from("")));
        assert!(call("PATH").unwrap_err().starts_with(
            "access denied: \"PATH\" is not whitelisted in policy \"security.funcs.getenv\""
        ));
        let own = funcs(dir.path(), "[security.funcs]\ngetenv = ['^PATH$']\n");
        assert!(own.call("getenv", &[Value::from("PATH")]).unwrap().is_ok());
        assert!(own.call("getenv", &[Value::from("CI")]).unwrap().is_err());
    }
}
