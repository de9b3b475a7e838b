//! Files as Hugo templates see them: a page bundle's `.Resources` and `resources.Get`
//! (the `assets/` folders of the site and its themes). A resource is its original file
//! (`.Name`, `.Title`, `.RelPermalink`, `.Permalink`, `.MediaType`, `.ResourceType`,
//! `.Content`, `.Params`). A raster image (JPEG, PNG, GIF, WebP, BMP, TIFF) also has
//! `.Width`/`.Height` (read from its header) and the processing methods `.Resize`,
//! `.Fill`, `.Fit`, `.Crop`, `.Process` and `.Filter`: they return the same file with the
//! size Hugo's processing would give it ([`super::images`]); `.Exif` has no tags.
//!
//! Media types follow Hugo 0.168's built-in list (`media/config.go`) for the common
//! suffixes; others are `application/octet-stream`.

use super::images::{self, Action};
use crate::template::{Map, Object, Value};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// One file: its name (its path in the bundle or `assets/`), URL and file.
#[derive(Clone)]
struct Resource {
    name: String,
    /// `.Title`: the name unless the page's `resources` metadata gives one.
    title: Option<String>,
    /// `.Params` from the page's `resources` metadata (keys lowercased).
    params: Map,
    rel_permalink: String,
    file: PathBuf,
    /// An image's width and height in pixels: read from the file's header on first use,
    /// or set by processing; the error says why the header could not be read.
    size: OnceLock<Result<(u32, u32), String>>,
}

/// A resource value: `name` is its path in the bundle (or under `assets/`), `url` its
/// site-absolute URL.
pub(super) fn resource(name: &str, url: &str, file: PathBuf) -> Value {
    Value::Object(Arc::new(Resource::new(name, url, file)))
}

/// A bundle's files `(name, url, file)` as resources, with the page's `resources` front
/// matter (`metadata`: a list of `{src, name, title, params}`) applied as Hugo 0.168 applies
/// it (`resources/resource_metadata.go`): every entry whose `src` glob matches the file's
/// name (case-insensitively) merges its `params` in (a later entry's value wins, as Hugo
/// 0.168 shows); the first matching entry
/// with a `name` (or `title`) sets it, `:counter` in it standing for the count of files that
/// entry has named so far (from 1).
pub(super) fn bundle(files: Vec<(String, String, PathBuf)>, metadata: &Value) -> Vec<Value> {
    let entries: Vec<Value> = match metadata {
        Value::List(list) => list.iter().cloned().collect(),
        _ => Vec::new(),
    };
    let mut counters: std::collections::HashMap<String, i64> = Default::default();
    files
        .into_iter()
        .map(|(name, url, file)| {
            let mut r = Resource::new(&name, &url, file);
            let (mut new_name, mut title) = (None, None);
            for entry in &entries {
                let src = entry.get_field("src").unwrap_or_default().to_go_string();
                if src.is_empty() || !glob_match(&src.to_lowercase(), &name.to_lowercase()) {
                    continue;
                }
                for (slot, key) in [(&mut new_name, "name"), (&mut title, "title")] {
                    let Some(text) = entry.get_field(key).filter(Value::truthy) else {
                        continue;
                    };
                    if slot.is_none() {
                        let text = text.to_go_string();
                        let counted = if text.contains(":counter") {
                            let n = counters.entry(format!("{key}_{src}")).or_insert(0);
                            *n += 1;
                            text.replace(":counter", &n.to_string())
                        } else {
                            text
                        };
                        *slot = Some(counted);
                    }
                }
                if let Some(Value::Map(params)) = entry.get_field("params") {
                    for (k, v) in params.iter() {
                        r.params.insert(k.to_lowercase(), v.clone());
                    }
                }
            }
            // `.Title` is the file's own name unless an entry gives a title, also when an
            // entry renames it (Hugo 0.168: `name: pic-:counter` gives `.Title` `photo.png`).
            r.title = title.or_else(|| Some(r.name.clone()));
            if let Some(renamed) = new_name {
                r.name = renamed;
            }
            Value::Object(Arc::new(r))
        })
        .collect()
}

/// The image formats Hugo processes (its `imageFormats`), by media subtype.
const RASTER: &[&str] = &["jpeg", "png", "gif", "webp", "bmp", "tiff"];

impl Resource {
    fn new(name: &str, url: &str, file: PathBuf) -> Resource {
        Resource {
            name: name.to_string(),
            title: None,
            params: Map::new(),
            rel_permalink: url.to_string(),
            file,
            size: OnceLock::new(),
        }
    }

    fn is_raster(&self) -> bool {
        let (main, sub) = media_type(&self.name);
        main == "image" && RASTER.contains(&sub)
    }

    /// Whether `.Content` is text: all but the known binary types (images other than SVG,
    /// audio, video, fonts, PDF, WebAssembly). Their bytes (an image's, for `base64Encode`)
    /// are not text, and a template asking for them gets an error rather than bytes made
    /// into text; a file of unknown type is read as text (source code, scripts).
    fn is_text(&self) -> bool {
        !matches!(
            media_type(&self.name),
            ("image" | "audio" | "video" | "font", _) | ("application", "pdf" | "wasm")
        ) || self.name.to_ascii_lowercase().ends_with(".svg")
    }

    /// Width and height from the file's header (`imagesize` reads only the header).
    fn size(&self) -> Result<(u32, u32), String> {
        self.size
            .get_or_init(|| {
                let read = imagesize::size(&self.file)
                    .map_err(|e| format!("{}: image header not read: {e}", self.name))?;
                let side = |n: usize| u32::try_from(n).map_err(|e| e.to_string());
                Ok((side(read.width)?, side(read.height)?))
            })
            .clone()
    }

    /// The same file with the size after processing.
    fn with_size(&self, size: (u32, u32)) -> Value {
        let processed = Resource {
            size: OnceLock::from(Ok(size)),
            ..self.clone()
        };
        Value::Object(Arc::new(processed))
    }

    /// `.Width`, `.Height`, `.Resize SPEC` …, `.Filter FILTER…` of a raster image.
    fn image_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let action = match name {
            "Width" => return Some(self.size().map(|(w, _)| Value::Int(i64::from(w)))),
            "Height" => return Some(self.size().map(|(_, h)| Value::Int(i64::from(h)))),
            "Exif" => return Some(Ok(exif())),
            "Filter" => {
                return Some(images::filters_of(args).and_then(|filters| {
                    let size = images::filtered_size(&filters, self.size()?)?;
                    Ok(self.with_size(size))
                }));
            }
            "Resize" => Some(Action::Resize),
            "Fill" => Some(Action::Fill),
            "Fit" => Some(Action::Fit),
            "Crop" => Some(Action::Crop),
            "Process" => None,
            _ => return None,
        };
        let spec = args.first().map(Value::to_go_string).unwrap_or_default();
        Some(
            images::parse_spec(action, &spec)
                .and_then(|spec| images::processed_size(&spec, self.size()?))
                .map(|size| self.with_size(size)),
        )
    }
}

/// `.Exif` as Hugo gives it for an image without EXIF data (Hugo 0.168 gives PNGs one):
/// no `.Tags`, `.Lat`/`.Long` 0, `.Date` Go's zero time. The EXIF data of a JPEG is not
/// read.
fn exif() -> Value {
    /// Go's zero `time.Time` (0001-01-01 00:00:00 UTC) in Unix seconds.
    const ZERO_TIME: i64 = -62_135_596_800;
    Value::from(Map::from([
        ("Tags".to_string(), Value::from(Map::new())),
        ("Lat".to_string(), Value::Float(0.0)),
        ("Long".to_string(), Value::Float(0.0)),
        ("Date".to_string(), crate::template::time_value(ZERO_TIME)),
    ]))
}

/// `images.Filter FILTER… IMAGE`: the image (the last argument) after the filters.
pub(super) fn filter_image(args: &[Value]) -> Result<Value, String> {
    let Some((Value::Object(image), filters)) = args.split_last() else {
        return Err("images.Filter needs filters and an image".to_string());
    };
    image
        .method("Filter", filters)
        .unwrap_or_else(|| Err(format!("{} is not an image", image.type_name())))
}

impl Object for Resource {
    fn type_name(&self) -> &str {
        "*resources.genericResource"
    }

    fn field(&self, name: &str) -> Option<Value> {
        let (main, sub) = media_type(&self.name);
        Some(match name {
            "Name" | "Key" => Value::from(self.name.as_str()),
            "Title" => Value::from(self.title.as_deref().unwrap_or(&self.name)),
            "RelPermalink" | "Permalink" => Value::from(self.rel_permalink.as_str()),
            "ResourceType" => Value::from(if self.name.ends_with(".md") {
                "page"
            } else {
                main
            }),
            "MediaType" => Value::from(Map::from([
                ("Type".to_string(), Value::from(format!("{main}/{sub}"))),
                ("MainType".to_string(), Value::from(main)),
                ("SubType".to_string(), Value::from(sub)),
            ])),
            "Content" if self.is_text() => Value::from(
                String::from_utf8_lossy(&std::fs::read(&self.file).unwrap_or_default()).as_ref(),
            ),
            "Params" => Value::from(self.params.clone()),
            "Data" => Value::from(Map::new()),
            _ => return None,
        })
    }

    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if name == "Content" && !self.is_text() {
            return Some(Err(format!(
                "the content of {} is binary ({}); templates get the content of text files only",
                self.name,
                media_type(&self.name).0
            )));
        }
        if self.is_raster() {
            self.image_method(name, args)
        } else {
            None
        }
    }

    fn display(&self) -> String {
        self.rel_permalink.clone()
    }
}

/// `(main type, subtype)` of a file by its suffix.
fn media_type(name: &str) -> (&'static str, &'static str) {
    let suffix = name.rsplit_once('.').map(|(_, s)| s.to_ascii_lowercase());
    match suffix.as_deref().unwrap_or_default() {
        "png" => ("image", "png"),
        "jpg" | "jpeg" | "jpe" | "jif" | "jfif" => ("image", "jpeg"),
        "gif" => ("image", "gif"),
        "webp" => ("image", "webp"),
        "svg" => ("image", "svg+xml"),
        "bmp" => ("image", "bmp"),
        "tif" | "tiff" => ("image", "tiff"),
        "avif" => ("image", "avif"),
        "ico" => ("image", "x-icon"),
        "css" => ("text", "css"),
        "scss" => ("text", "x-scss"),
        "sass" => ("text", "x-sass"),
        "js" | "jsm" | "mjs" => ("text", "javascript"),
        "ts" => ("text", "typescript"),
        "jsx" => ("text", "jsx"),
        "tsx" => ("text", "tsx"),
        "json" => ("application", "json"),
        "xml" => ("application", "xml"),
        "toml" => ("application", "toml"),
        "yaml" | "yml" => ("application", "yaml"),
        "pdf" => ("application", "pdf"),
        "wasm" => ("application", "wasm"),
        "html" | "htm" => ("text", "html"),
        "md" | "markdown" => ("text", "markdown"),
        "txt" => ("text", "plain"),
        "csv" => ("text", "csv"),
        "mp4" => ("video", "mp4"),
        "webm" => ("video", "webm"),
        "ogg" => ("audio", "ogg"),
        "mp3" => ("audio", "mpeg"),
        "woff" => ("font", "woff"),
        "woff2" => ("font", "woff2"),
        "ttf" => ("font", "ttf"),
        "otf" => ("font", "otf"),
        _ => ("application", "octet-stream"),
    }
}

/// Hugo's `Resources`: a page bundle's files, with `Get`, `GetMatch`, `Match`, `ByType`.
pub(super) struct Resources(pub(super) Vec<Value>);

impl Resources {
    fn names(&self) -> impl Iterator<Item = (String, &Value)> {
        self.0
            .iter()
            .map(|r| (r.get_field("Name").unwrap_or_default().to_go_string(), r))
    }

    fn matching(&self, pattern: &str) -> Vec<Value> {
        self.names()
            .filter(|(name, _)| glob_match(&pattern.to_lowercase(), &name.to_lowercase()))
            .map(|(_, r)| r.clone())
            .collect()
    }
}

impl Object for Resources {
    fn type_name(&self) -> &str {
        "resource.Resources"
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Len" => Some(Value::from(self.0.len() as i64)),
            _ => None,
        }
    }

    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let arg = args.first().map(Value::to_go_string).unwrap_or_default();
        Some(Ok(match name {
            // Hugo matches names case-insensitively.
            "Get" => {
                let wanted = arg.trim_start_matches("./").to_lowercase();
                self.names()
                    .find(|(name, _)| name.to_lowercase() == wanted)
                    .map_or(Value::Nil, |(_, r)| r.clone())
            }
            "GetMatch" => self.matching(&arg).into_iter().next().unwrap_or(Value::Nil),
            "Match" => Value::Object(Arc::new(Resources(self.matching(&arg)))),
            "ByType" => Value::Object(Arc::new(Resources(
                self.0
                    .iter()
                    .filter(|r| {
                        r.get_field("ResourceType")
                            .is_some_and(|t| t.to_go_string() == arg)
                    })
                    .cloned()
                    .collect(),
            ))),
            _ => return None,
        }))
    }

    fn to_list(&self) -> Option<Vec<Value>> {
        Some(self.0.clone())
    }

    fn truthy(&self) -> bool {
        !self.0.is_empty()
    }
}

/// A glob as Hugo matches resource names: `*` within one path part, `**` across parts,
/// `?` one character.
pub(super) fn glob_match(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    glob_at(&p, &n)
}

fn glob_at(p: &[char], n: &[char]) -> bool {
    match p {
        [] => n.is_empty(),
        ['*', '*', rest @ ..] => (0..=n.len()).any(|i| glob_at(rest, &n[i..])),
        ['*', rest @ ..] => (0..=n.len())
            .take_while(|&i| i == 0 || n[i - 1] != '/')
            .any(|i| glob_at(rest, &n[i..])),
        ['?', rest @ ..] => !n.is_empty() && n[0] != '/' && glob_at(rest, &n[1..]),
        [c, rest @ ..] => n.first() == Some(c) && glob_at(rest, &n[1..]),
    }
}

/// `resources.Get PATH`: the file at PATH in the first `assets/` folder that has it
/// (nothing outside them: `..` is refused).
pub(super) fn assets_get(dirs: &[PathBuf], path: &str) -> Value {
    let relative = Path::new(path.trim_start_matches('/'));
    let inside = relative
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !inside {
        return Value::Nil;
    }
    dirs.iter()
        .map(|dir| dir.join(relative))
        .find(|file| file.is_file())
        .map_or(Value::Nil, |file| {
            let name = path.trim_start_matches('/');
            resource(name, &format!("/{name}"), file)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_as_hugo_matches_names() {
        assert!(glob_match("*.png", "a.png"));
        assert!(!glob_match("*.png", "img/a.png"));
        assert!(glob_match("**.png", "img/a.png"));
        assert!(glob_match("img/*", "img/a.png"));
        assert!(glob_match("?.png", "a.png"));
        assert!(!glob_match("?.png", "ab.png"));
        assert!(glob_match("**", "a/b/c"));
    }

    #[test]
    fn resources_get_match_and_type() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.png"), b"png").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
        let list = Resources(vec![
            resource("a.png", "/p/a.png", dir.path().join("a.png")),
            resource("notes.txt", "/p/notes.txt", dir.path().join("notes.txt")),
        ]);
        let get = |m: &str, a: &str| list.method(m, &[Value::from(a)]).unwrap().unwrap();
        assert_eq!(
            get("Get", "A.PNG").get_field("RelPermalink"),
            Some(Value::from("/p/a.png"))
        );
        assert_eq!(get("Get", "none"), Value::Nil);
        assert_eq!(
            get("GetMatch", "*.txt").get_field("Content"),
            Some(Value::from("hello"))
        );
        let images = get("ByType", "image");
        assert_eq!(images.get_field("Len"), Some(Value::from(1)));
        let media = get("Get", "a.png").get_field("MediaType").unwrap();
        assert_eq!(media.get_field("Type"), Some(Value::from("image/png")));
        // An image's bytes are no text: asking for them is an error, not mangled text.
        let image = get("Get", "a.png");
        let Value::Object(image) = image else {
            panic!("a resource")
        };
        assert_eq!(image.field("Content"), None);
        assert!(
            image
                .method("Content", &[])
                .unwrap()
                .unwrap_err()
                .contains("a.png is binary (image)")
        );
        assert_eq!(assets_get(&[dir.path().to_path_buf()], "../x"), Value::Nil);
        assert!(assets_get(&[dir.path().to_path_buf()], "/notes.txt").truthy());
    }

    #[test]
    fn a_renamed_bundle_file_keeps_its_own_name_as_title() {
        let metadata: serde_json::Value =
            serde_json::from_str(r#"[{"src": "*.png", "name": "pic-:counter"}]"#).unwrap();
        let files = ["a.png", "b.png"]
            .map(|n| (n.to_string(), format!("/g/{n}"), PathBuf::from(n)))
            .to_vec();
        let fields: Vec<(Value, Value)> = bundle(files, &Value::from(&metadata))
            .iter()
            .map(|r| (r.get_field("Name").unwrap(), r.get_field("Title").unwrap()))
            .collect();
        // The output of Hugo 0.168 for the same bundle: `[pic-1|a.png][pic-2|b.png]`.
        assert_eq!(
            fields,
            [
                (Value::from("pic-1"), Value::from("a.png")),
                (Value::from("pic-2"), Value::from("b.png"))
            ]
        );
    }
}
