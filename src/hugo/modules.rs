//! Where a Hugo module the site imports lies on disk when it is replaced by a local folder:
//! the site's `go.mod` `replace` directives with a folder (`replace example.com/theme =>
//! ../`; Go's rule: a replacement starting with `./`, `../` or `/` is a folder, relative
//! to `go.mod`), then `HUGO_MODULE_REPLACEMENTS` (`path -> folder, ...`, a relative folder
//! being relative to `themesDir`), as Hugo's module loader applies them
//! ([Hugo docs: module configuration](https://gohugo.io/configuration/module/)).
//! Modules that would be downloaded are not: nothing outside the site is fetched.

use std::path::Path;

/// A module path replaced by a local folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// The module path (`github.com/imfing/hextra`).
    pub module: String,
    /// The folder, as written: relative to the site (`go.mod`) or to `themesDir`
    /// (`HUGO_MODULE_REPLACEMENTS`), or absolute.
    pub folder: String,
    /// Whether `folder` is relative to `themesDir` rather than to the site.
    pub from_themes_dir: bool,
}

/// The replacements that apply to the site at `root`: `HUGO_MODULE_REPLACEMENTS` (from
/// `env`, the environment's value) first, as Hugo lets it override `go.mod`, then the
/// local `replace` directives of `root/go.mod`. An unreadable `go.mod` gives none.
pub fn replacements(root: &Path, env: Option<&str>) -> Vec<Replacement> {
    let mut out: Vec<Replacement> = env.map(parse_env).unwrap_or_default();
    if let Ok(go_mod) = std::fs::read_to_string(root.join("go.mod")) {
        out.extend(parse_go_mod(&go_mod));
    }
    out
}

/// `HUGO_MODULE_REPLACEMENTS`: `module -> folder` pairs separated by commas.
fn parse_env(value: &str) -> Vec<Replacement> {
    value
        .split(',')
        .filter_map(|pair| pair.split_once("->"))
        .map(|(module, folder)| Replacement {
            module: module.trim().to_string(),
            folder: folder.trim().to_string(),
            from_themes_dir: !Path::new(folder.trim()).is_absolute(),
        })
        .filter(|r| !r.module.is_empty() && !r.folder.is_empty())
        .collect()
}

/// The `replace` directives of a `go.mod` whose target is a folder, in the one-line form
/// and in `replace ( ... )` blocks; a version on the left (`module v1.2.3 =>`) is ignored.
fn parse_go_mod(text: &str) -> Vec<Replacement> {
    let mut out = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        let directive = if in_block {
            if line == ")" {
                in_block = false;
                continue;
            }
            line
        } else if let Some(rest) = line.strip_prefix("replace") {
            let rest = rest.trim();
            if rest == "(" {
                in_block = true;
                continue;
            }
            rest
        } else {
            continue;
        };
        if let Some(replacement) = parse_replace(directive) {
            out.push(replacement);
        }
    }
    out
}

/// One `module [version] => target [version]`, when the target is a folder.
fn parse_replace(directive: &str) -> Option<Replacement> {
    let (left, right) = directive.split_once("=>")?;
    // Go allows either side quoted (`"../theme"`).
    let module = left.split_whitespace().next()?.trim_matches('"');
    let folder = right.split_whitespace().next()?.trim_matches('"');
    let is_folder = folder.starts_with("./")
        || folder.starts_with("../")
        || folder == "."
        || folder == ".."
        || Path::new(folder).is_absolute();
    is_folder.then(|| Replacement {
        module: module.to_string(),
        folder: folder.to_string(),
        from_themes_dir: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_replace_directives_are_read_in_both_forms() {
        let go_mod = "module example.com/site\n\ngo 1.21\n\n\
            replace github.com/imfing/hextra => ../\n\
            replace example.com/pinned v1.2.0 => ./themes/pinned // local copy\n\
            replace (\n\texample.com/a => ../a\n\texample.com/remote => example.com/fork v1.0.0\n\
            \t\"example.com/q\" => \"../q\"\n)\n\
            require example.com/b v1.0.0\n";
        let found: Vec<(String, String)> = parse_go_mod(go_mod)
            .into_iter()
            .map(|r| (r.module, r.folder))
            .collect();
        assert_eq!(
            found,
            [
                ("github.com/imfing/hextra".to_string(), "../".to_string()),
                (
                    "example.com/pinned".to_string(),
                    "./themes/pinned".to_string()
                ),
                ("example.com/a".to_string(), "../a".to_string()),
                ("example.com/q".to_string(), "../q".to_string()),
            ]
        );
    }

    #[test]
    fn the_environment_lists_pairs_relative_to_the_themes_folder() {
        let found = parse_env("github.com/x/theme -> ../.., example.com/y->/abs/y");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].module, "github.com/x/theme");
        assert_eq!(found[0].folder, "../..");
        assert!(found[0].from_themes_dir);
        assert_eq!(found[1].folder, "/abs/y");
        assert!(!found[1].from_themes_dir);
    }
}
