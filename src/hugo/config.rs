//! A Hugo site's configuration, merged as Hugo merges it.
//!
//! Hugo reads, in this order, each later source winning key by key (tables merge deeply):
//!
//! 1. the root file: the first of `hugo.{toml,yaml,yml,json}`, `config.{toml,yaml,yml,json}`;
//! 2. `config/_default/*`: `hugo.*` and `config.*` at the top level, `params.*` under
//!    `params`, `menus.*` under `menus`, `languages.*` under `languages`, any other `X.*`
//!    under `X`; a language part (`menus.en.toml`, `params.fr.toml`) puts the file under
//!    `languages.LANG.X`;
//! 3. `config/production/*` the same way (`hugo` builds with environment `production`);
//! 4. the themes' and vendored modules' own config, which only fills keys the site left
//!    unset (the site wins).
//!
//! Keys are case-insensitive: Hugo lowercases every key, `params` included, and so does
//! [`SiteConfig`]. The effective configuration of one language is the root merged with
//! `languages.LANG` ([`SiteConfig::for_language`]). Unknown keys are kept and ignored.

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value};
use std::path::{Component, Path, PathBuf};

/// The extensions Hugo reads config from, in the order it tries them.
const EXTENSIONS: &[&str] = &["toml", "yaml", "yml", "json"];

/// The environment Hugo's `hugo` (build) command uses, whose overlay folder is read.
pub const ENVIRONMENT: &str = "production";

/// A site's merged configuration: every key lowercased, tables merged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteConfig {
    /// The merged values (keys lowercased).
    pub values: Map<String, Value>,
    /// The config files read, in the order they were merged.
    pub files: Vec<PathBuf>,
    /// Problems that did not stop the reading (a theme that is not there).
    pub warnings: Vec<String>,
    /// The folders of the themes and modules found inside the site (see
    /// [`SiteConfig::theme_dirs`]), site's first theme first.
    pub themes: Vec<PathBuf>,
}

impl SiteConfig {
    /// Reads and merges the config of the site at `root` (see the module doc). A file that
    /// cannot be parsed is an error naming the file, line and column; a site with no config
    /// file at all is an error too (it is not a Hugo site).
    pub fn load(root: &Path) -> Result<Self> {
        let mut config = SiteConfig::default();
        if let Some(file) = first_existing(root, &["hugo", "config"]) {
            let values = read_file(&file)?;
            config.merge_site(values, file);
        }
        for dir in ["_default", ENVIRONMENT] {
            config.merge_dir(&root.join("config").join(dir))?;
        }
        if config.files.is_empty() {
            bail!(
                "{} is not a Hugo site: no hugo.toml, hugo.yaml, hugo.json, config.* or config/_default/",
                root.display()
            );
        }
        config.merge_environment(std::env::vars());
        config.themes = config.theme_dirs(root);
        for theme in config.themes.clone() {
            config.merge_theme(&theme)?;
        }
        Ok(config)
    }

    /// Hugo's `HUGO_KEY=value` environment variables for top-level keys (`HUGO_THEMESDIR`,
    /// `HUGO_CONTENTDIR`, `HUGO_BASEURL`, ...), over every config file, as Hugo applies them;
    /// how a site run as `hugo --themesDir ../..` (Docsy's) is imported:
    /// `HUGO_THEMESDIR=../.. mdbook-hugo import ...`. Nested keys are not read.
    fn merge_environment(&mut self, vars: impl Iterator<Item = (String, String)>) {
        for (name, value) in vars {
            let Some(key) = name.strip_prefix("HUGO_") else {
                continue;
            };
            if key.is_empty() || key.contains('_') || key == "ENVIRONMENT" {
                continue;
            }
            self.values
                .insert(key.to_ascii_lowercase(), Value::String(value));
        }
    }

    /// Merges `values` over the current ones (the newer source wins).
    fn merge_site(&mut self, values: Map<String, Value>, file: PathBuf) {
        merge_over(&mut self.values, values);
        self.files.push(file);
    }

    /// Merges every config file of a `config/ENV` folder, in name order.
    fn merge_dir(&mut self, dir: &Path) -> Result<()> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(());
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && has_config_extension(p))
            .collect();
        files.sort();
        for file in files {
            let values = read_file(&file)?;
            let placed = place_dir_file(&file, values);
            self.merge_site(placed, file);
        }
        Ok(())
    }

    /// Fills keys the site left unset from a theme's (or module's) config.
    fn merge_theme(&mut self, theme_dir: &Path) -> Result<()> {
        let mut theme = SiteConfig::default();
        if let Some(file) = first_existing(theme_dir, &["hugo", "config"]) {
            theme.merge_site(read_file(&file)?, file);
        }
        for dir in ["_default", ENVIRONMENT] {
            theme.merge_dir(&theme_dir.join("config").join(dir))?;
        }
        for key in [
            "params",
            "menus",
            "languages",
            "markup",
            "outputformats",
            "mediatypes",
        ] {
            if let Some(value) = theme.values.remove(key) {
                let mut defaults = Map::new();
                defaults.insert(key.to_string(), value);
                merge_under(&mut self.values, defaults);
            }
        }
        self.files.extend(theme.files);
        Ok(())
    }

    /// The config's `module.replacements` (`path -> folder` pairs, a string with commas
    /// or a list), as one string with commas.
    fn module_replacements(&self) -> Option<String> {
        match self.get("module.replacements")? {
            Value::String(pairs) => Some(pairs.clone()),
            Value::Array(list) => Some(
                list.iter()
                    .filter_map(as_string)
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            _ => None,
        }
    }

    /// The folders of the site's themes (`theme`, a name or a list) and module imports that
    /// exist on disk: a local replacement ([`super::modules`]: `go.mod`'s `replace`,
    /// `HUGO_MODULE_REPLACEMENTS` or the config's `module.replacements`), else
    /// `THEMESDIR/NAME` or `_vendor/PATH`. A theme that is missing, or whose folder is outside the site (`themesDir = "../.."`, as theme example sites do), is
    /// not read: a warning in [`SiteConfig::warnings`], since the site's own config and
    /// content are complete without the theme's defaults.
    pub fn theme_dirs(&mut self, root: &Path) -> Vec<PathBuf> {
        let mut names: Vec<String> = match self.values.get("theme") {
            Some(Value::String(name)) => vec![name.clone()],
            Some(Value::Array(list)) => list.iter().filter_map(as_string).collect(),
            _ => Vec::new(),
        };
        if let Some(Value::Array(imports)) = self.get("module.imports") {
            names.extend(
                imports
                    .iter()
                    .filter_map(|i| i.get("path").and_then(as_string)),
            );
        }
        let themes_dir = self.string("themesdir").unwrap_or_else(|| "themes".into());
        let themes_dir = relative_to_site(root, &themes_dir);
        // The environment's value replaces the config's, as Hugo reads `HUGO_MODULE_*`.
        let listed = std::env::var("HUGO_MODULE_REPLACEMENTS")
            .ok()
            .or_else(|| self.module_replacements());
        let replacements = super::modules::replacements(root, listed.as_deref());
        let replaced = |name: &str| {
            let replacement = replacements.iter().find(|r| r.module == name)?;
            let folder = if replacement.from_themes_dir {
                format!("{themes_dir}/{}", replacement.folder)
            } else {
                replacement.folder.clone()
            };
            let dir = inside_site(root, &folder).ok()?;
            // `themes/../mytheme` is found even when `themes/` does not exist, as in Hugo.
            let dir = std::path::absolute(&dir)
                .ok()
                .and_then(|absolute| lexical(&absolute))
                .unwrap_or(dir);
            dir.is_dir().then_some(dir)
        };
        let mut dirs = Vec::new();
        for name in names {
            let found = replaced(&name).or_else(|| {
                [themes_dir.as_str(), "_vendor"].iter().find_map(|base| {
                    let dir = inside_site(root, &format!("{base}/{name}")).ok()?;
                    dir.is_dir().then_some(dir)
                })
            });
            match found {
                Some(dir) if !dirs.contains(&dir) => dirs.push(dir),
                Some(_) => {}
                None => {
                    let outside = root.join(&themes_dir).join(&name);
                    let warning = if outside.is_dir() {
                        format!(
                            "theme or module `{name}` is at {}, outside the site and its \
                             repository, where nothing is read; its config (default params) \
                             is not read",
                            outside.display()
                        )
                    } else {
                        format!(
                            "theme or module `{name}` is not in {themes_dir}/ or _vendor/ inside \
                             the site, nor replaced by a folder inside it (go.mod, \
                             HUGO_MODULE_REPLACEMENTS, module.replacements); its config (default params) is not read"
                        )
                    };
                    self.warnings.push(warning);
                }
            }
        }
        dirs
    }

    /// The value at a dotted, case-insensitive path (`module.mounts`, `params.github`).
    pub fn get(&self, path: &str) -> Option<&Value> {
        lookup(&self.values, path)
    }

    /// The string at `path`, if it is one.
    pub fn string(&self, path: &str) -> Option<String> {
        self.get(path).and_then(as_string)
    }

    /// The boolean at `path` (`false` when unset).
    pub fn flag(&self, path: &str) -> bool {
        self.get(path).and_then(Value::as_bool).unwrap_or(false)
    }

    /// The site's default content language (`defaultContentLanguage`, `en` by default).
    pub fn default_language(&self) -> String {
        self.string("defaultcontentlanguage")
            .map(|l| l.to_lowercase())
            .unwrap_or_else(|| "en".into())
    }

    /// The languages the site declares (`languages` keys), default language first, then by
    /// `weight`; just the default language when there is no `languages` table.
    pub fn languages(&self) -> Vec<String> {
        let default = self.default_language();
        let mut langs: Vec<(i64, String)> = match self.values.get("languages") {
            Some(Value::Object(map)) => map
                .iter()
                .filter(|(_, v)| !v.get("disabled").and_then(Value::as_bool).unwrap_or(false))
                .map(|(k, v)| {
                    (
                        v.get("weight").and_then(Value::as_i64).unwrap_or(0),
                        k.clone(),
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        langs.sort_by(|a, b| (a.0 == 0, a.0, &a.1).cmp(&(b.0 == 0, b.0, &b.1)));
        let mut out = vec![default.clone()];
        out.extend(langs.into_iter().map(|(_, l)| l).filter(|l| *l != default));
        out
    }

    /// The effective configuration of language `lang`: the root with `languages.LANG`
    /// merged over it (a language's `title`, `params`, `contentDir`, `menus` win), without
    /// the `languages` table itself.
    pub fn for_language(&self, lang: &str) -> SiteConfig {
        let mut values = self.values.clone();
        let language = values
            .get("languages")
            .and_then(|l| l.get(lang))
            .and_then(Value::as_object)
            .cloned();
        values.remove("languages");
        if let Some(language) = language {
            merge_over(&mut values, language);
        }
        SiteConfig {
            values,
            files: self.files.clone(),
            warnings: self.warnings.clone(),
            themes: self.themes.clone(),
        }
    }
}

/// The first `NAME.EXT` of `names` × [`EXTENSIONS`] that is a file in `dir`.
fn first_existing(dir: &Path, names: &[&str]) -> Option<PathBuf> {
    names
        .iter()
        .flat_map(|name| {
            EXTENSIONS
                .iter()
                .map(move |ext| dir.join(format!("{name}.{ext}")))
        })
        .find(|p| p.is_file())
}

fn has_config_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e))
}

/// Where the values of `config/ENV/NAME[.LANG].EXT` go in the merged config.
fn place_dir_file(file: &Path, values: Map<String, Value>) -> Map<String, Value> {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (base, lang) = match stem.split_once('.') {
        Some((base, lang)) => (base.to_string(), Some(lang.to_string())),
        None => (stem, None),
    };
    if matches!(base.as_str(), "hugo" | "config") {
        return values;
    }
    let mut placed = Map::new();
    placed.insert(base, Value::Object(values));
    match lang {
        Some(lang) => {
            let mut language = Map::new();
            language.insert(lang, Value::Object(placed));
            let mut languages = Map::new();
            languages.insert("languages".into(), Value::Object(language));
            languages
        }
        None => placed,
    }
}

/// Reads one config file (TOML, YAML or JSON by extension) into a table with lowercased keys.
/// Errors name the file and, where the parser says, the line and column.
pub fn read_file(path: &Path) -> Result<Map<String, Value>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let value = parse(&text, ext).map_err(|e| anyhow::anyhow!("{}:{e}", path.display()))?;
    match lowercase_keys(value) {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => bail!("{}: the config must be a table of keys", path.display()),
    }
}

/// Parses config text; the error message starts with `line:col: ` when the position is known.
fn parse(text: &str, ext: &str) -> std::result::Result<Value, String> {
    match ext {
        "toml" => text
            .parse::<toml::Table>()
            .map(|t| crate::frontmatter::toml_to_json(toml::Value::Table(t)))
            .map_err(|e| {
                let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
                format!("{line}:{col}: invalid TOML: {}", e.message())
            }),
        "json" => serde_json::from_str(text)
            .map_err(|e| format!("{}:{}: invalid JSON: {e}", e.line(), e.column())),
        _ => {
            let mut yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).map_err(|e| {
                let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
                format!("{line}:{col}: invalid YAML: {e}")
            })?;
            yaml.apply_merge()
                .map_err(|e| format!("1:1: invalid YAML merge key: {e}"))?;
            serde_json::to_value(yaml).map_err(|e| format!("1:1: unsupported YAML: {e}"))
        }
    }
}

/// The 1-based line and column of byte `offset` of `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Lowercases every key of every table, as Hugo does.
fn lowercase_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k.to_lowercase(), lowercase_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(lowercase_keys).collect()),
        other => other,
    }
}

/// Deep merge: tables merge key by key, anything else in `newer` replaces the old value.
pub fn merge_over(base: &mut Map<String, Value>, newer: Map<String, Value>) {
    for (key, value) in newer {
        match (base.get_mut(&key), value) {
            (Some(Value::Object(old)), Value::Object(new)) => merge_over(old, new),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Deep merge where `base` wins: `defaults` only fill keys `base` lacks.
pub fn merge_under(base: &mut Map<String, Value>, defaults: Map<String, Value>) {
    for (key, value) in defaults {
        match (base.get_mut(&key), value) {
            (Some(Value::Object(old)), Value::Object(new)) => merge_under(old, new),
            (Some(_), _) => {}
            (None, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn lookup<'a>(map: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut current = map.get(&parts.next()?.to_lowercase())?;
    for part in parts {
        current = current.get(part.to_lowercase())?;
    }
    Some(current)
}

fn as_string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// `relative` (a config path such as `contentDir`) joined to the site root. A path that
/// leaves the site (absolute, or `..` above the root) is an error, unless it stays inside
/// the git repository that holds the site: the import reads only the site's own files.
pub fn inside_site(root: &Path, relative: &str) -> Result<PathBuf> {
    let leaves = || {
        anyhow::anyhow!(
            "the path `{relative}` leaves the site folder {} (and its repository); only paths \
             inside them are read",
            root.display()
        )
    };
    let base = lexical(&std::path::absolute(root).map_err(|_| leaves())?).ok_or_else(leaves)?;
    let up = repository_depth(&base);
    let boundary = base.ancestors().nth(up).unwrap_or(&base).to_path_buf();
    let joined = lexical(&base.join(relative)).ok_or_else(leaves)?;
    if !joined.starts_with(&boundary) || Path::new(relative).is_absolute() {
        return Err(leaves());
    }
    Ok(root.join(relative))
}

/// A `themesDir` as a path relative to the site folder `root`: an absolute one
/// (`HUGO_THEMESDIR=$PWD/../..`) names the same folder as its relative form, so it is found
/// and bounded (inside the site or its repository, [`inside_site`]) alike. A relative one, or
/// one that cannot be made relative, is returned as it is.
fn relative_to_site(root: &Path, themes_dir: &str) -> String {
    let path = Path::new(themes_dir);
    if !path.is_absolute() {
        return themes_dir.to_string();
    }
    std::path::absolute(root)
        .ok()
        .and_then(|root| lexical(&root))
        .and_then(|root| pathdiff::diff_paths(lexical(path)?, root))
        .map(|relative| crate::source::path_to_slash(&relative))
        .unwrap_or_else(|| themes_dir.to_string())
}

/// `path` with its `.` and `..` parts applied (`/a/b/../c` is `/a/c`), without touching the
/// disk; `None` when `..` climbs above the root.
fn lexical(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

/// The folder the site's files must stay inside, canonical: the root of the git repository
/// that holds the site, else the site's own folder (see [`inside_site`]).
pub fn boundary(root: &Path) -> std::io::Result<PathBuf> {
    let canonical = root.canonicalize()?;
    let up = repository_depth(&canonical);
    Ok(canonical
        .ancestors()
        .nth(up)
        .map_or(canonical.clone(), Path::to_path_buf))
}

/// How many folders the site at `root` sits below the root of the git repository that
/// holds it (the nearest folder above with a `.git`), 0 when it is none's: a site may
/// name folders of its own repository (Docsy's site mounts `../README.md` and uses
/// `../theme`), which a clone of that repository brings along.
fn repository_depth(root: &Path) -> usize {
    let Ok(root) = std::path::absolute(root) else {
        return 0;
    };
    root.ancestors()
        .position(|dir| dir.join(".git").exists())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        dir
    }

    #[test]
    fn config_dir_overrides_the_root_file_and_themes_fill_in() {
        let dir = site(&[
            (
                "hugo.toml",
                "title = 'Root'\ntheme = 't'\n[params]\na = 'root'\n[params.Nested]\nX = 1\n",
            ),
            (
                "config/_default/params.toml",
                "b = 'dir'\n[nested]\ny = 2\n",
            ),
            ("config/production/params.yaml", "b: prod\n"),
            ("config/_default/menus.en.toml", "[[main]]\nname = 'M'\n"),
            (
                "themes/t/hugo.toml",
                "title = 'Theme'\n[params]\na = 'theme'\nt = 1\n[params.nested]\nx = 9\nz = 3\n",
            ),
        ]);
        let config = SiteConfig::load(dir.path()).unwrap();
        assert_eq!(config.string("title").as_deref(), Some("Root"));
        assert_eq!(
            config.get("params").unwrap(),
            &serde_json::json!({"a": "root", "b": "prod", "t": 1, "nested": {"x": 1, "y": 2, "z": 3}})
        );
        let en = config.for_language("en");
        assert_eq!(en.get("menus.main.0.name"), None); // arrays are not dotted
        assert_eq!(en.get("menus").unwrap()["main"][0]["name"], "M");
    }

    /// A module import that `go.mod` replaces by a folder of the site is read from there
    /// (Hextra's documentation imports the theme it sits in: `replace ... => ../`).
    #[test]
    fn a_module_replaced_by_a_folder_in_go_mod_is_read_from_it() {
        let dir = site(&[
            (
                "hugo.toml",
                "title = 'Site'\n[[module.imports]]\npath = 'example.com/theme'\n",
            ),
            (
                "go.mod",
                "module example.com/site\n\nreplace example.com/theme => ./local/theme\n",
            ),
            ("local/theme/hugo.toml", "[params]\nfromTheme = 1\n"),
        ]);
        let config = SiteConfig::load(dir.path()).unwrap();
        assert!(config.warnings.is_empty(), "{:?}", config.warnings);
        assert_eq!(
            config.themes,
            [dir.path().join("local/theme").canonicalize().unwrap()]
        );
        assert_eq!(config.get("params.fromtheme"), Some(&serde_json::json!(1)));
    }

    #[test]
    fn malformed_files_are_named_with_their_line() {
        let dir = site(&[("hugo.toml", "title = 'x'\n[params\n")]);
        let error = format!("{:#}", SiteConfig::load(dir.path()).unwrap_err());
        assert!(error.contains("hugo.toml:2:"), "{error}");
        let dir = site(&[("hugo.yaml", "title: x\nparams:\n  a: [1\n")]);
        let error = format!("{:#}", SiteConfig::load(dir.path()).unwrap_err());
        assert!(error.contains("hugo.yaml:"), "{error}");
    }

    /// Hugo 0.168 finds a module imported by path in the folder `module.replacements`
    /// names, relative to `themesDir` (`../mytheme` from `themes/`), as with
    /// `HUGO_MODULE_REPLACEMENTS`; a string of pairs or a list of them.
    #[test]
    fn module_replacements_in_the_config_are_read() {
        for replacements in [
            "replacements = \"example.com/theme -> ../mytheme\"",
            "replacements = [\"example.com/other -> x\", \"example.com/theme -> ../mytheme\"]",
        ] {
            let toml = format!(
                "[module]\n{replacements}\n[[module.imports]]\npath = \"example.com/theme\"\n"
            );
            let dir = site(&[
                ("hugo.toml", toml.as_str()),
                ("mytheme/hugo.toml", "[params]\nfrom_theme = 1\n"),
            ]);
            let config = SiteConfig::load(dir.path()).unwrap();
            assert_eq!(
                config.themes,
                [dir.path().join("mytheme")],
                "{replacements}"
            );
            assert!(config.warnings.is_empty(), "{:?}", config.warnings);
        }
    }

    #[test]
    fn yaml_anchors_and_merge_keys_work() {
        let dir = site(&[("hugo.yaml", "base: &b\n  x: 1\nparams:\n  <<: *b\n  y: 2\n")]);
        let config = SiteConfig::load(dir.path()).unwrap();
        assert_eq!(
            config.get("params").unwrap(),
            &serde_json::json!({"x": 1, "y": 2})
        );
    }

    #[test]
    fn paths_leaving_the_site_are_refused() {
        let root = Path::new("/site");
        assert!(inside_site(root, "../other").is_err());
        // The site's own path may hold `..` (book.toml's `site = "../site"`).
        let dotted = root.join("x/..");
        assert!(inside_site(&dotted, "content/en").is_ok());
        assert!(inside_site(&dotted, "../other").is_err());
        assert!(inside_site(root, "/etc").is_err());
        assert_eq!(
            inside_site(root, "a/../b").unwrap(),
            Path::new("/site/a/../b")
        );
    }

    #[test]
    fn languages_come_default_first_then_by_weight() {
        let dir = site(&[(
            "hugo.toml",
            "defaultContentLanguage = 'fr'\n[languages.de]\nweight = 3\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\ntitle = 'Titre'\n",
        )]);
        let config = SiteConfig::load(dir.path()).unwrap();
        assert_eq!(config.languages(), ["fr", "en", "de"]);
        assert_eq!(
            config.for_language("fr").string("title").as_deref(),
            Some("Titre")
        );
    }
}
