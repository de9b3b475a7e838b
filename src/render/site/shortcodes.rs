//! A Hugo site's own shortcode templates, run unchanged by the Go template engine
//! ([`crate::template`]) with Hugo's shortcode context.
//!
//! With `site = "PATH"` in `[preprocessor.hugo]` (`mdbook-hugo import` writes it), every
//! template under the site's and its themes' `layouts/_shortcodes/` and
//! `layouts/shortcodes/` becomes a shortcode of the book, winning over a built-in handler of
//! the same name, as in Hugo; the partials under `layouts/_partials/` and
//! `layouts/partials/` are there for `partial`. Whether a shortcode takes a body follows its
//! template (`.Inner`), as [`crate::site_templates`] reads it.
//!
//! What a template gets, as in Hugo: `.Get` (position or name), `.Params`,
//! `.IsNamedParams`, `.Inner`, `.InnerDeindent`, `.Name`, `.Ordinal`, `.Position`,
//! `.Parent`, `.Store`/`.Scratch`, `.Page` (`.Title`, `.LinkTitle`, `.Params`, `.Param`,
//! `.RelPermalink`, `.Permalink`, `.File`, `.Section`, `.Site`, `.Store`/`.Scratch`,
//! `.RenderString`), `.Site`/`site` (`.Params`, `.Title`, `.BaseURL`, `.Language.Lang`),
//! `page`, and the site functions `relref`/`ref`, the `os` functions (`readFile`,
//! `fileExists`, `os.Stat`, `readDir`, `getenv`: [`crate::render::site::os`]),
//! `markdownify`, `T`/`i18n` (the site's and its themes' `i18n/` files,
//! [`crate::render::site::i18n`]), `resources.Get` and the `images.*` filters.
//!
//! As in Hugo, a call's children run before it: a site template directly inside another
//! sees it as `.Parent` and may write into its `.Scratch` (Doks' and Docsy's tabs collect
//! their tabs so). A page's `.Store` is shared by all its calls. A function or
//! field we do not provide is a warning naming it with the template's `file:line:col`, and
//! the shortcode's source stays in the page (an error under `strict`).

use crate::render::RenderContext;
use crate::render::safe::{markdown_to_html, without_blank_lines};
pub(crate) use crate::render::site::fragments::{Expand, MarkdownShortcodes};
use crate::render::site::hooks::HookKind;
use crate::render::site::i18n::Translations;
use crate::render::site::os::OsFuncs;
use crate::render::site::pages::{PageTree, Rendering, lowercase_keys, page_object, safe_html};
use crate::render::widgets::markup::html_block;
use crate::shortcode::{BodyKind, Params, Shortcode, Value as Param};
use crate::site::LinkTarget;
use crate::template::{Host, Kind, Map, Object, SafeKind, Scratch, Templates, Value};
use std::collections::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The site's templates, parsed once per build.
pub struct SiteShortcodes {
    /// The site's folder.
    pub root: PathBuf,
    pub(super) templates: Templates,
    /// The render hooks the site defines (`render-link` …), parsed as `_markup/NAME`, with
    /// their files.
    pub(super) hooks: BTreeMap<String, PathBuf>,
    /// The kinds of element the site's hooks render, less those the book leaves out.
    pub(super) hook_kinds: BTreeSet<HookKind>,
    /// Shortcode name → (template name in the set, body kind).
    shortcodes: BTreeMap<String, (String, BodyKind)>,
    /// `.Site`: params, title, base URL, data, pages.
    site: Value,
    /// The site's pages, for `GetPage` and the page collections.
    tree: Arc<PageTree>,
    /// The `assets/` folders, for `resources.Get`.
    assets: Vec<PathBuf>,
    /// The default language's translations (`T`).
    translations: Translations,
    /// `readFile`, `getenv` and the other `os` functions.
    os: OsFuncs,
    /// Each page's `.Page`, by page index, made on first use: shared by the page's calls.
    page_values: Mutex<HashMap<usize, Value>>,
}

/// A template that could not be read or parsed: its file and what was wrong.
pub struct LoadProblem {
    /// The template file.
    pub file: PathBuf,
    /// The engine's message (`template: NAME:LINE:COL: ...`).
    pub message: String,
}

impl SiteShortcodes {
    /// Reads every shortcode and partial template of the site at `root`. `params`,
    /// `title` and `base_url` come from the site's configuration.
    pub fn load(
        root: &Path,
        params: &serde_json::Map<String, serde_json::Value>,
        title: &str,
        base_url: &str,
    ) -> (SiteShortcodes, Vec<LoadProblem>) {
        // The site's data files are read while its templates are parsed.
        let (parsed, data) = rayon::join(
            || ParsedTemplates::parse(root),
            || load_data(&crate::site_templates::data_dirs(root)),
        );
        let ParsedTemplates {
            templates,
            shortcodes,
            hooks,
            hook_kinds,
            mut problems,
        } = parsed;
        let tree = PageTree::new(root);
        let site_object = Arc::new(SiteObject {
            tree: tree.clone(),
            params: lowercase_keys(&serde_json::Value::Object(params.clone())),
            title: title.to_string(),
            base_url: base_url.to_string(),
            data,
        });
        tree.set_site(&(site_object.clone() as Arc<dyn Object>));
        let config = crate::hugo::config::SiteConfig::load(root).ok();
        let (os, os_problems) = OsFuncs::new(root, config.as_ref());
        let config_file = config
            .as_ref()
            .and_then(|c| c.files.first().cloned())
            .unwrap_or_else(|| root.to_path_buf());
        let missing_themes = config.iter().flat_map(|c| &c.warnings).map(|warning| {
            format!(
                "{warning}; its templates are not used either (a site built with \
                 `hugo --themesDir DIR` needs `HUGO_THEMESDIR=DIR` for `mdbook build` too)"
            )
        });
        let messages: Vec<String> = missing_themes.chain(os_problems).collect();
        problems.extend(messages.into_iter().map(|message| LoadProblem {
            file: config_file.clone(),
            message,
        }));
        let mut i18n_problems = Vec::new();
        let translations = Translations::load(
            &crate::site_templates::i18n_dirs(root),
            &site_language(config.as_ref()),
            &mut i18n_problems,
        );
        problems.extend(
            i18n_problems
                .into_iter()
                .map(|(file, message)| LoadProblem { file, message }),
        );
        let site = SiteShortcodes {
            translations,
            os,
            root: root.to_path_buf(),
            templates,
            hooks,
            hook_kinds,
            assets: crate::site_templates::assets_dirs(root),
            shortcodes,
            site: Value::Object(site_object.clone()),
            tree,
            page_values: Mutex::new(HashMap::new()),
        };
        (site, problems)
    }

    /// `.Page` of the page being rendered, with the `.Store` its calls share.
    pub(super) fn page_value(&self, book: &crate::site::Site, page_index: usize) -> Value {
        // Made once per page: its calls and hooks share it (and its `.Store`).
        self.page_values
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(page_index)
            .or_insert_with(|| {
                let store = Value::Object(Arc::new(Scratch::new()));
                page_object(
                    &book.pages[page_index],
                    self.site.clone(),
                    store,
                    Arc::downgrade(&self.tree),
                    Rendering::Yes,
                )
            })
            .clone()
    }

    /// Sets how the book's conversion expands a page's `{{% %}}` shortcodes, so that the
    /// page's `.Fragments` hold the headings they write, as in Hugo.
    pub(crate) fn set_markdown_shortcodes(&self, expansion: Arc<dyn MarkdownShortcodes>) {
        self.tree.set_markdown_shortcodes(expansion);
    }

    /// Keeps only the hooks of `kinds` (the book's `render-hooks`): the other elements
    /// are rendered by Markdown, as without a hook.
    pub fn retain_hooks(&mut self, kinds: &[HookKind]) {
        self.hook_kinds.retain(|kind| kinds.contains(kind));
    }

    /// The shortcode names the site defines, with whether each takes a body.
    pub fn names(&self) -> impl Iterator<Item = (&str, BodyKind)> {
        self.shortcodes.iter().map(|(n, (_, k))| (n.as_str(), *k))
    }
}

/// The site's default content language (`en` when its configuration cannot be read).
fn site_language(config: Option<&crate::hugo::config::SiteConfig>) -> String {
    config.map_or_else(|| "en".to_string(), |c| c.default_language())
}

/// Parses one template file into the set; `false` (and a problem) when it cannot.
fn parse_file(
    templates: &mut Templates,
    name: &str,
    file: &Path,
    problems: &mut Vec<LoadProblem>,
) -> bool {
    let kind = if file.extension().is_some_and(|e| e == "html") {
        Kind::Html
    } else {
        Kind::Text
    };
    let parsed = std::fs::read_to_string(file)
        .map_err(|e| e.to_string())
        .and_then(|text| {
            templates
                .parse(name, &text, kind)
                .map_err(|e| e.to_string())
        });
    match parsed {
        Ok(()) => true,
        Err(message) => {
            problems.push(LoadProblem {
                file: file.to_path_buf(),
                message,
            });
            false
        }
    }
}

/// Renders `sc` with the site's template for its name. `{{< >}}` output is HTML, written as
/// an HTML block when it holds a block; `{{% %}}` output is Markdown, written as it is.
/// When the template fails (a partial of a theme that is not at hand, a function we lack),
/// `fallback`, the built-in handler of the same name, renders the call, with a warning;
/// without one the call stays as written.
pub(crate) fn render(
    ctx: &mut RenderContext<'_>,
    site: &SiteShortcodes,
    fallback: Option<&crate::render::Render>,
    sc: &Shortcode<'_>,
    out: &mut String,
) {
    let Some((template, _)) = site
        .shortcodes
        .get(&*crate::render::registry::name_key(sc.name))
    else {
        return;
    };
    let mark = ctx.diagnostics.len();
    let page = ctx
        .page_value()
        .unwrap_or_else(|| site.page_value(ctx.site, ctx.page_index));
    let object = Arc::new(ShortcodeObject::new(ctx, site, sc, page.clone()));
    let data = Value::Object(object.clone());
    // The children run first, as in Hugo: they see this call as their `.Parent` and may
    // write into its `.Scratch`.
    let inner = ctx.render_inner_of_template(sc, data.clone());
    let _ = object.inner.set(nested_markdown_inner(ctx, sc, inner));
    let host = SiteHost::new(ctx.site, ctx.page_index, site, page);
    let result = site.templates.execute(template, &data, &host);
    let warnings = host.take_warnings();
    for warning in warnings {
        ctx.warn(sc.open.start, format!("{}: {warning}", sc.name));
    }
    match result {
        Ok(output) if sc.delim == crate::shortcode::Delim::Percent => {
            out.push_str(&markdown_output(ctx, sc, output));
        }
        // In code (a fence or a code span), Hugo puts the output where its placeholder was,
        // as it is; escaping it for Markdown text would show the escapes (`&#91;`).
        Ok(output) if ctx.in_code(sc.open.start) => out.push_str(output.trim_end()),
        // Block HTML is placed as it is, as one HTML block: a blank line in it (children's
        // output in `.Inner`, say) would end the block and make the rest Markdown.
        Ok(output) if starts_with_block_tag(&output) => {
            html_block(out, &without_blank_lines(output.trim()));
        }
        // Inline output stays in its paragraph (a blank line in it would end it), and is
        // HTML placed as is: its text must not be read as Markdown again.
        Ok(output) => out.push_str(&literal_text(&collapse_blank_lines(output.trim_end()))),
        Err(error) => match fallback {
            Some(fallback) => {
                // The fallback renders the body again: what the first rendering reported
                // is reported by the second.
                ctx.diagnostics.truncate(mark);
                ctx.warn(
                    sc.open.start,
                    format!(
                        "{}: the site's template failed ({error}); rendered by mdbook-hugo's own `{}` instead",
                        sc.name, sc.name
                    ),
                );
                fallback.call(ctx, sc, out);
            }
            None => {
                ctx.warn(
                    sc.open.start,
                    format!(
                        "{}: the site's template failed ({error}); the shortcode is left as written",
                        sc.name
                    ),
                );
                // Its tags stay as written; its body, converted, stays in the page (the
                // shortcodes in it rendered, not left raw with it).
                let source = ctx.source();
                out.push_str(&source[sc.open.clone()]);
                out.push_str(object.inner.get().map_or("", String::as_str));
                if let Some(close) = &sc.close {
                    out.push_str(&source[close.clone()]);
                }
            }
        },
    }
}

/// `{{% %}}` output is Markdown rendered with the page; shortcodes in it (a page's body
/// from `.RenderShortcodes`, say) are converted as the page's own are.
fn markdown_output(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, output: String) -> String {
    if !output.contains("{{<") && !output.contains("{{%") {
        return output;
    }
    let shown = format!(
        "{} (output of {})",
        ctx.page().source.display_path.display(),
        sc.name
    );
    let file = crate::source::SourceFile::new(shown, output);
    ctx.render_file(sc.open.start, &file)
        .unwrap_or_else(|| file.text.clone())
}

/// Whether `line`, the text after a line break, may start a Markdown block that ends or
/// changes a paragraph (CommonMark and mdBook's extensions): a blank line, or after spaces
/// and tabs a block quote's `>`, a heading's `#`, a list's or a thematic break's or a
/// setext underline's `-`, `+`, `*`, `_` or `=`, an ordered list's digit, a fence's
/// `` ` `` or `~`, an HTML block's `<`, a table's `|`, a definition's `:`, a footnote
/// definition's `[` or display math's `$`. A letter or a quote starts none.
fn may_start_block(line: &str) -> bool {
    match line.trim_start_matches([' ', '\t']).chars().next() {
        None | Some('\n' | '\r') => true,
        Some(c) => {
            c.is_ascii_digit()
                || matches!(
                    c,
                    '>' | '#'
                        | '-'
                        | '+'
                        | '*'
                        | '_'
                        | '='
                        | '`'
                        | '~'
                        | '<'
                        | '|'
                        | ':'
                        | '['
                        | '$'
                )
        }
    }
}

/// HTML whose text (outside its tags) Markdown must leave as it is: the characters
/// Markdown or smart punctuation would act on are written as character references, which
/// mean the same in HTML. In its tags, an attribute written right after the closing quote
/// of the one before (`href="x"target="_blank"`, which browsers read as two attributes)
/// gets a space: without it CommonMark does not see a tag at all, and mdBook would show
/// the tag as text. For the same reason no line may start with what would begin a block
/// and end the paragraph: a line break inside a tag becomes a space (a hook's `<a` with
/// its `>` alone on the last line, as Geekdoc writes it, was a quote), or in a quoted
/// attribute value, before a line that may start a block ([`may_start_block`]), `&#10;`,
/// which HTML reads as the line feed it was, and `>`, `#`, `+`
/// or `=` starting a line of text, or the `)` of a `1)` starting one, is written as a
/// character reference.
pub(crate) fn literal_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut quote = None;
    let mut after_value = false;
    let mut line_start = false;
    // Whether the last character was a `1` starting a line (`1)` would start a list).
    let mut one_starts_line = false;
    // In a tag, whether the last character but spaces was `=`: only there a quote starts
    // a value (`<a title=it's>` or a `'` in a comment starts none).
    let mut after_equals = false;
    // The end of a comment or of a script's or a style's text, kept as written.
    let mut raw_end = 0;
    let mut tag_start = 0;
    for (i, c) in html.char_indices() {
        if i < raw_end {
            out.push(c);
            continue;
        }
        if !in_tag && html[i..].starts_with("<!--") {
            // A comment is left as it is, to its end: its text is not shown.
            raw_end = html[i + 4..]
                .find("-->")
                .map_or(html.len(), |end| i + 4 + end + 3);
            out.push(c);
            continue;
        }
        if in_tag && c == '>' && quote.is_none() {
            // A script's or a style's text is not HTML text: a character reference
            // there would be read as written (`3 &#45; 2` in JavaScript).
            raw_end = raw_text_end(html, tag_start, i + 1);
        }
        if !in_tag && c == '<' {
            tag_start = i;
        }
        if let Some(open) = quote {
            // A line break in a value before a line that may start a block is written as
            // the character reference of the line feed HTML reads it as (a `\r\n` or a
            // `\r` is one too): the value stays the same, and no block starts inside the
            // tag. Any other stays as written, for what reads the raw value next (a
            // `class` split at white space into icon names, an `href` rewritten).
            match c {
                '\r' if html[i + 1..].starts_with('\n') => {
                    if !may_start_block(&html[i + 2..]) {
                        out.push(c);
                    }
                }
                '\r' | '\n' if may_start_block(&html[i + 1..]) => out.push_str("&#10;"),
                _ => out.push(c),
            }
            if c == open {
                quote = None;
                after_value = true;
            }
            continue;
        }
        if in_tag && after_value && !(c.is_whitespace() || c == '>' || c == '/') {
            out.push(' ');
        }
        after_value = false;
        if in_tag && (c == '\n' || c == '\r') {
            out.push(' ');
            continue;
        }
        let starts_line = std::mem::replace(&mut line_start, false);
        let one_before = std::mem::replace(&mut one_starts_line, false);
        let equals_before = std::mem::replace(&mut after_equals, false);
        if in_tag && c.is_whitespace() {
            after_equals = equals_before;
        } else if in_tag && c == '=' {
            after_equals = true;
        }
        match c {
            '\n' | '\r' if !in_tag => line_start = true,
            ' ' | '\t' if starts_line => line_start = true,
            '>' | '#' | '+' | '=' if starts_line && !in_tag => {
                out.push_str(&format!("&#{};", u32::from(c)));
                continue;
            }
            '1' if starts_line && !in_tag => one_starts_line = true,
            ')' if one_before && !in_tag => {
                out.push_str("&#41;");
                continue;
            }
            '<' => in_tag = true,
            '>' => in_tag = false,
            '"' | '\'' if in_tag && equals_before => quote = Some(c),
            '\\' | '*' | '_' | '[' | ']' | '`' | '~' | '|' | '!' | '\'' | '"' | '-' | '.'
                if !in_tag =>
            {
                out.push_str(&format!("&#{};", u32::from(c)));
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Where the text of the element whose opening tag is `html[start..text]` ends, when it
/// is a `<script>` or a `<style>` (their text is raw: the start of their closing tag, or
/// the end of `html`); else `text`.
fn raw_text_end(html: &str, start: usize, text: usize) -> usize {
    let tag = &html.as_bytes()[start + 1..];
    let Some(name) = [&b"script"[..], b"style"].into_iter().find(|name| {
        tag.len() > name.len()
            && tag[..name.len()].eq_ignore_ascii_case(name)
            && !tag[name.len()].is_ascii_alphanumeric()
    }) else {
        return text;
    };
    let rest = &html.as_bytes()[text..];
    let closing = (0..rest.len()).find(|&at| {
        rest[at..].starts_with(b"</")
            && rest.len() >= at + 2 + name.len()
            && rest[at + 2..at + 2 + name.len()].eq_ignore_ascii_case(name)
    });
    closing.map_or(html.len(), |at| text + at)
}

/// `text` with each run of line breaks made one, so it cannot end a Markdown paragraph.
fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// Whether HTML starts with a block-level element (so Markdown must not wrap it).
pub(crate) fn starts_with_block_tag(html: &str) -> bool {
    const BLOCKS: &[&str] = &[
        "<div",
        "<figure",
        "<table",
        "<ul",
        "<ol",
        "<p",
        "<pre",
        "<section",
        "<details",
        "<blockquote",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
        "<nav",
        "<aside",
        "<iframe",
        "<script",
        "<style",
    ];
    let start = html.trim_start();
    BLOCKS.iter().any(|b| start.starts_with(b))
}

/// The shortcode's values as Hugo's `ShortcodeWithPage` gives them.
struct ShortcodeObject {
    name: String,
    /// The page's file, for `.Position`.
    file: String,
    params: Value,
    positional: Vec<Value>,
    named: Map,
    is_named: bool,
    /// `.Inner`: the body, converted; set once the children have run.
    inner: OnceLock<String>,
    indent: String,
    ordinal: i64,
    line: i64,
    col: i64,
    page: Value,
    site: Value,
    /// `.Parent`: the site-template shortcode this one sits in, or nil.
    parent: Value,
    /// `.Store` (and `.Scratch`, its older name).
    store: Value,
}

impl ShortcodeObject {
    fn new(
        ctx: &RenderContext<'_>,
        site: &SiteShortcodes,
        sc: &Shortcode<'_>,
        page: Value,
    ) -> Self {
        let (positional, named, is_named) = match &sc.params {
            Params::Positional(values) => (values.iter().map(param).collect(), Map::new(), false),
            Params::Named(pairs) => (
                Vec::new(),
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), param(v)))
                    .collect(),
                true,
            ),
        };
        let params = if is_named {
            Value::from(named.clone())
        } else {
            Value::from(positional.clone())
        };
        let position = ctx.source_position(sc.open.start);
        let site_value = site.site.clone();
        ShortcodeObject {
            name: sc.name.to_string(),
            file: ctx.page().source.display_path.display().to_string(),
            params,
            positional,
            named,
            is_named,
            inner: OnceLock::new(),
            indent: sc.indent.to_string(),
            ordinal: ctx.ordinal(),
            line: position.0 as i64,
            col: position.1 as i64,
            page,
            site: site_value,
            parent: ctx.template_parent(),
            store: Value::Object(Arc::new(Scratch::new())),
        }
    }
}

impl ShortcodeObject {
    fn inner(&self) -> &str {
        self.inner.get().map_or("", String::as_str)
    }
}

impl Object for ShortcodeObject {
    fn type_name(&self) -> &str {
        "*hugolib.ShortcodeWithPage"
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Name" => Value::from(self.name.as_str()),
            "Params" => self.params.clone(),
            "IsNamedParams" => Value::from(self.is_named),
            // Hugo's `.Inner` and `.InnerDeindent` are `template.HTML`: printed as they are.
            "Inner" => Value::Safe(SafeKind::Html, self.inner().into()),
            "InnerDeindent" => {
                Value::Safe(SafeKind::Html, deindent(self.inner(), &self.indent).into())
            }
            "Ordinal" => Value::from(self.ordinal),
            "Page" => self.page.clone(),
            "Site" => self.site.clone(),
            "Parent" => self.parent.clone(),
            "Store" | "Scratch" => self.store.clone(),
            "Position" => Value::Object(Arc::new(PositionObject {
                file: self.file.clone(),
                line: self.line,
                col: self.col,
            })),
            _ => return None,
        })
    }

    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match name {
            // A parameter not given is the empty string, as in Hugo.
            "Get" => Some(Ok(match args.first() {
                Some(Value::Int(i)) => usize::try_from(*i)
                    .ok()
                    .and_then(|i| self.positional.get(i).cloned())
                    .unwrap_or_else(|| Value::from("")),
                Some(key) => key
                    .as_str()
                    .and_then(|k| self.named.get(k).cloned())
                    .unwrap_or_else(|| Value::from("")),
                None => return Some(Err("Get needs an argument".into())),
            })),
            _ => None,
        }
    }
}

/// `.Position`: Hugo's `text.Position`, printed `"file:line:col"`.
pub(super) struct PositionObject {
    /// The page's file, as the book shows it.
    pub(super) file: String,
    /// The line, from 1.
    pub(super) line: i64,
    /// The column, from 1.
    pub(super) col: i64,
}

impl Object for PositionObject {
    fn type_name(&self) -> &str {
        "text.Position"
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Filename" => Value::from(self.file.as_str()),
            "LineNumber" => Value::from(self.line),
            "ColumnNumber" => Value::from(self.col),
            _ => return None,
        })
    }

    fn display(&self) -> String {
        format!("\"{}:{}:{}\"", self.file, self.line, self.col)
    }
}

/// The body a template gets as `.Inner`: as rendered, except that Hugo renders the body of
/// a `{{% %}}` call nested in another shortcode as Markdown first (hugolib's
/// `renderShortcode`: markup at a level above 0), so Docsy's `{{% tab %}}` in a
/// `tabpane` hands its parent HTML, not Markdown.
fn nested_markdown_inner(ctx: &RenderContext<'_>, sc: &Shortcode<'_>, inner: String) -> String {
    let nested = ctx.enclosing.len() > 1;
    if sc.delim != crate::shortcode::Delim::Percent || !nested || inner.trim().is_empty() {
        return inner;
    }
    let html = crate::render::safe::markdown_to_html(&inner, true);
    // An escaped shortcode's mark stays readable for the Markdown pass.
    let escaped_open = format!("{{{{{}&lt;", crate::render::ESCAPE_MARK);
    html.replace(
        &escaped_open,
        &format!("{{{{{}<", crate::render::ESCAPE_MARK),
    )
}

/// `.InnerDeindent`: the body with the shortcode's own indentation removed from each line.
fn deindent(inner: &str, indent: &str) -> String {
    if indent.is_empty() {
        return inner.to_string();
    }
    inner
        .split_inclusive('\n')
        .map(|line| line.strip_prefix(indent).unwrap_or(line))
        .collect()
}

/// A shortcode parameter as a template value, typed as Hugo types it.
fn param(value: &Param<'_>) -> Value {
    match value {
        Param::String(s) => Value::from(s.as_ref()),
        Param::Int(i) => Value::from(*i),
        Param::Float(f) => Value::from(*f),
        Param::Bool(b) => Value::from(*b),
    }
}

/// `.Site` / `site`: params, title, base URL, language, `.Data` (the site's `data/`
/// files) and `.GetPage` (a page of the site's `content/`, read from its file).
struct SiteObject {
    /// The site's pages.
    tree: Arc<PageTree>,
    params: Value,
    title: String,
    base_url: String,
    data: Value,
}

impl Object for SiteObject {
    fn type_name(&self) -> &str {
        "*hugolib.SiteInfo"
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Params" => self.params.clone(),
            "Title" => Value::from(self.title.as_str()),
            "BaseURL" => Value::from(self.base_url.as_str()),
            "Data" => self.data.clone(),
            "Language" => Value::from(Map::from([("Lang".to_string(), Value::from("en"))])),
            _ => return self.tree.site_field(name),
        })
    }

    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match name {
            "GetPage" => {
                let path = args.last().map(Value::to_go_string).unwrap_or_default();
                Some(Ok(self.tree.get(&path).unwrap_or(Value::Nil)))
            }
            _ => None,
        }
    }
}

/// The site's shortcode, partial and render hook templates, parsed
/// ([`SiteShortcodes::load`]).
struct ParsedTemplates {
    templates: Templates,
    /// Each shortcode's template name and body kind.
    shortcodes: BTreeMap<String, (String, BodyKind)>,
    /// Each render hook's template file, by its name under `_markup`.
    hooks: BTreeMap<String, PathBuf>,
    hook_kinds: BTreeSet<HookKind>,
    problems: Vec<LoadProblem>,
}

impl ParsedTemplates {
    /// Parses the templates of the site at `root`: the site's own, then its themes'.
    fn parse(root: &Path) -> ParsedTemplates {
        let mut templates = Templates::new();
        let mut shortcodes = BTreeMap::new();
        let mut problems = Vec::new();
        let kinds = crate::site_templates::body_kinds(root);
        for (name, file) in crate::site_templates::shortcode_files(root) {
            let key = crate::render::registry::name_key(&name).into_owned();
            if shortcodes.contains_key(&key) {
                continue; // the site's own, or an earlier theme's, wins
            }
            let template = format!("_shortcodes/{name}");
            if parse_file(&mut templates, &template, &file, &mut problems) {
                let kind = kinds.get(&name).copied().unwrap_or(BodyKind::None);
                shortcodes.insert(key, (template, kind));
            }
        }
        for (name, file) in crate::site_templates::partial_files(root) {
            let template = format!("_partials/{name}");
            if !templates.contains(&template) {
                parse_file(&mut templates, &template, &file, &mut problems);
            }
        }
        let mut hooks = BTreeMap::new();
        let mut hook_kinds = BTreeSet::new();
        for (name, file) in crate::site_templates::markup_files(root) {
            let Some(kind) = HookKind::of_template(&name) else {
                problems.push(LoadProblem {
                    file,
                    message: format!(
                        "{name} is no render hook Hugo 0.168 runs; the template is not used"
                    ),
                });
                continue;
            };
            if parse_file(
                &mut templates,
                &format!("_markup/{name}"),
                &file,
                &mut problems,
            ) {
                hooks.insert(name, file);
                hook_kinds.insert(kind);
            }
        }
        ParsedTemplates {
            templates,
            shortcodes,
            hooks,
            hook_kinds,
            problems,
        }
    }
}

/// The `data/` folders of the site and its themes (`dirs`, the site's first) as Hugo's
/// `.Site.Data`: each YAML, TOML or JSON file under its name, folders as nested maps. A
/// file of a folder earlier in `dirs` wins over a file at the same path in a later one
/// (a site overrides its theme's data file by file), and folders of the same path merge.
/// A file that does not parse is left out.
fn load_data(dirs: &[PathBuf]) -> Value {
    let mut map = Map::new();
    for dir in dirs {
        add_data(dir, &mut map);
    }
    Value::from(map)
}

/// Adds the files of `dir` that `map` does not have yet (see [`load_data`]).
fn add_data(dir: &Path, map: &mut Map) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_symlink()) {
            continue;
        }
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            let mut folder = match map.remove(&name) {
                Some(Value::Map(existing)) => std::sync::Arc::unwrap_or_clone(existing),
                Some(file) => {
                    map.insert(name, file);
                    continue;
                }
                None => Map::new(),
            };
            add_data(&path, &mut folder);
            map.insert(name, Value::from(folder));
        } else if !map.contains_key(&name)
            && let Some(value) = read_data_file(&path)
        {
            map.insert(name, value);
        }
    }
}

fn read_data_file(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = match path.extension()?.to_str()? {
        "json" => serde_json::from_str(&text).ok()?,
        "yaml" | "yml" => serde_yaml_ng::from_str(&text).ok()?,
        "toml" => crate::frontmatter::toml_to_json(toml::from_str::<toml::Value>(&text).ok()?),
        _ => return None,
    };
    Some(Value::from(&json))
}

/// Hugo's `highlight CODE LANG OPTIONS`, as mdBook shows code: a `<pre><code>` in the
/// language's class (mdBook's highlighter colours it in the browser), safe HTML.
pub(super) fn highlight(args: &[Value]) -> Value {
    let code = args.first().map(Value::to_go_string).unwrap_or_default();
    let lang = args.get(1).map(Value::to_go_string).unwrap_or_default();
    let lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
        .collect();
    // Without a language, Hugo's `<code>` has no class.
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{lang}\"")
    };
    let html = format!(
        "<pre><code{class}>{}</code></pre>",
        crate::html::escape_keeping_lines(code.trim_end_matches('\n'))
    );
    Value::Safe(crate::template::SafeKind::Html, html.into())
}

/// Hugo's `transform.ToMath TEX [OPTIONS]`: the formula as MathML (Hugo writes KaTeX's
/// HTML and MathML; browsers draw MathML without a script), in display mode when the
/// options say `displayMode`; TeX that does not parse is an error, as in Hugo.
fn to_math(args: &[Value]) -> Result<Value, String> {
    let tex = args.first().map(Value::to_go_string).unwrap_or_default();
    let options = args.get(1).cloned().unwrap_or_default();
    let display = match options.get_field("displayMode").is_some_and(|v| v.truthy()) {
        true => crate::math::Display::Block,
        false => crate::math::Display::Inline,
    };
    crate::math::to_mathml(&tex, display, "hugo-math")
        .map(|html| Value::Safe(crate::template::SafeKind::Html, html.into()))
        .map_err(|e| format!("transform.ToMath: {e}"))
}

/// Hugo's `relURL`/`absURL` for a site of one language: a URL with a scheme (or `//`)
/// as it is, any other below `base` (`/` for `relURL`; `a/b` and `/a/b` alike).
fn site_url(base: &str, url: &str) -> String {
    let has_scheme = url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme || url.starts_with("//") {
        return url.to_string();
    }
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        url.trim_start_matches('/')
    )
}

/// The site functions templates call, and the warnings they leave.
pub(super) struct SiteHost<'a> {
    /// `readFile`, `getenv` and the other `os` functions.
    os: &'a OsFuncs,
    /// The book's pages, for `ref`/`relref` from `page_index`.
    book: &'a crate::site::Site,
    page_index: usize,
    templates: &'a Templates,
    translations: &'a Translations,
    assets: &'a [PathBuf],
    site: Value,
    /// `page`: the page being rendered.
    page: Value,
    warnings: Mutex<Vec<String>>,
}

impl<'a> SiteHost<'a> {
    pub(super) fn new(
        book: &'a crate::site::Site,
        page_index: usize,
        site: &'a SiteShortcodes,
        page: Value,
    ) -> Self {
        SiteHost {
            page,
            os: &site.os,
            book,
            page_index,
            templates: &site.templates,
            translations: &site.translations,
            assets: &site.assets,
            site: site.site.clone(),
            warnings: Mutex::new(Vec::new()),
        }
    }

    pub(super) fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut self.warnings.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Hugo's `T KEY [DATA]`: the site's translation; a key without one is the empty
    /// string, as in Hugo, and a warning.
    fn translate(&self, args: &[Value]) -> Result<Value, String> {
        let key = args.first().map(Value::to_go_string).unwrap_or_default();
        let data = args.get(1).cloned().unwrap_or_default();
        match self.translations.translate(&key, &data, self) {
            Some(text) => text.map(Value::from),
            None => {
                self.warnf(&format!(
                    "i18n: no translation of {key:?} in the site's i18n files; it renders as nothing, as in Hugo"
                ));
                Ok(Value::from(""))
            }
        }
    }

    /// Hugo's `ref`/`relref` from the page: the link to the book's page.
    fn reference(&self, target: &str) -> Result<Value, String> {
        let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
        let found = self
            .book
            .resolve_ref(self.page_index, path)
            .map_err(|_| format!("REF_NOT_FOUND: Ref {target:?}: page not found"))?;
        let link = self
            .book
            .relative_link(self.page_index, &LinkTarget::Page(found));
        Ok(Value::from(if fragment.is_empty() {
            link
        } else {
            format!("{link}#{fragment}")
        }))
    }
}

impl Host for SiteHost<'_> {
    /// Hugo finds `partial "name"` with or without the template's extension.
    fn partial_template(&self, name: &str) -> String {
        let exact = format!("_partials/{name}");
        if self.templates.contains(&exact) {
            return exact;
        }
        [".html", ".md"]
            .iter()
            .map(|ext| format!("{exact}{ext}"))
            .find(|t| self.templates.contains(t))
            .unwrap_or(exact)
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let first = || args.last().map(Value::to_go_string).unwrap_or_default();
        if let Some(result) = self.os.call(name, args) {
            return Some(result);
        }
        Some(match name {
            "site" => Ok(self.site.clone()),
            "page" => Ok(self.page.clone()),
            "relref" | "ref" => self.reference(&first()),
            "markdownify" => Ok(safe_html(&markdown_to_html(&first(), true))),
            "T" | "i18n" | "lang.Translate" => self.translate(args),
            "transform.Remarshal" => super::remarshal::remarshal(args),
            "transform.ToMath" => to_math(args),
            "highlight" | "transform.Highlight" => Ok(highlight(args)),
            "transform.HighlightCodeBlock" => super::hooks::highlight_code_block(args),
            "resources.Get" => Ok(crate::render::site::resources::assets_get(
                self.assets,
                &first(),
            )),
            "relURL" | "urls.RelURL" | "relLangURL" | "urls.RelLangURL" => {
                Ok(Value::from(site_url("/", &first())))
            }
            "absURL" | "urls.AbsURL" | "absLangURL" | "urls.AbsLangURL" => {
                let base = self.site.get_field("BaseURL").unwrap_or_default();
                Ok(Value::from(site_url(&base.to_go_string(), &first())))
            }
            "hugo.Data" => Ok(self.site.get_field("Data").unwrap_or_default()),
            name if name.starts_with("hugo.Data.") => {
                let data = self.site.get_field("Data").unwrap_or_default();
                Ok(name["hugo.Data.".len()..]
                    .split('.')
                    .try_fold(data, |v, key| v.get_field(key))
                    .unwrap_or_default())
            }
            // A resource as it is: the book serves files unminified (hugo-book's `katex`
            // minifies its options file before reading its `.Content`).
            "minify" | "resources.Minify" => match args.last() {
                Some(resource) => Ok(resource.clone()),
                None => Err(format!("{name}: wants a resource")),
            },
            "images.Filter" => super::resources::filter_image(args),
            name if name.starts_with("images.") => super::images::filter(&name[7..], args)?,
            "resources.GetRemote" | "getJSON" | "getCSV" => {
                Err(format!("{name}: the network is not used; nothing fetched"))
            }
            _ => return None,
        })
    }

    fn warnf(&self, message: &str) {
        if let Ok(mut warnings) = self.warnings.lock() {
            warnings.push(message.to_string());
        }
    }

    /// Hugo's `now`: the time of the build ([`build_time`]).
    fn now_unix(&self) -> i64 {
        build_time(
            std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(),
            std::time::SystemTime::now(),
        )
    }
}

/// The build's time in Unix seconds: `source_date_epoch` (the reproducible-builds
/// convention's `SOURCE_DATE_EPOCH`, whole seconds) when it is set and a number, else
/// `now`, as Hugo's `now` is the time of the build (Docsy's `release-summary` looks for
/// this year's and last year's posts).
pub(crate) fn build_time(source_date_epoch: Option<&str>, now: std::time::SystemTime) -> i64 {
    if let Some(fixed) = source_date_epoch.and_then(|s| s.trim().parse::<i64>().ok()) {
        return fixed;
    }
    match now.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => after.as_secs() as i64,
        Err(before) => -(before.duration().as_secs() as i64),
    }
}

#[cfg(test)]
mod tests {
    use super::{Value, build_time, load_data};
    use std::time::{Duration, UNIX_EPOCH};

    /// Attributes written without a space between them get one, so that CommonMark sees
    /// the tag (Hextra's link hook writes `href="..."target="_blank"`); text outside tags
    /// is still made literal, quotes in values are left alone.
    #[test]
    fn literal_text_spaces_attributes_that_touch() {
        assert_eq!(
            super::literal_text(r#"<a href="x"target="_blank" rel='n'>it's [x]</a>"#),
            r#"<a href="x" target="_blank" rel='n'>it&#39;s &#91;x&#93;</a>"#
        );
        assert_eq!(
            super::literal_text(r#"<i class="a"/><b title="a>b">c</b>"#),
            r#"<i class="a"/><b title="a>b">c</b>"#
        );
    }

    /// A quote starts an attribute value only after `=`: an apostrophe in a comment or in
    /// an unquoted value is no quote, and the text after the tag is still made literal (it
    /// was taken as the value, `*a*` became emphasis). A comment is kept as it is.
    #[test]
    fn literal_text_quotes_only_values() {
        assert_eq!(
            super::literal_text("<!-- don't --><b>*a*</b>"),
            "<!-- don't --><b>&#42;a&#42;</b>"
        );
        assert_eq!(
            super::literal_text("<a title=it's>*a*</a> <b x = 'y'z>_</b>"),
            "<a title=it's>&#42;a&#42;</a> <b x = 'y' z>&#95;</b>"
        );
    }

    /// The text of a script or a style is kept as written: character references are not
    /// read there (`3 &#45; 2` was a syntax error in the page's JavaScript).
    #[test]
    fn literal_text_keeps_scripts_and_styles() {
        let js = "<script type=\"module\">var x = 3 - 2;\n= \"a.b\";</SCRIPT> *c*";
        assert_eq!(
            super::literal_text(js),
            "<script type=\"module\">var x = 3 - 2;\n= \"a.b\";</SCRIPT> &#42;c&#42;"
        );
        assert_eq!(
            super::literal_text("<style>a > b { x: 1 }</style><scripts>*</scripts>"),
            "<style>a > b { x: 1 }</style><scripts>&#42;</scripts>"
        );
        assert!(super::starts_with_block_tag("<script>x</script>"));
    }

    /// No line of inline output may begin a block: Geekdoc's link hook writes its `<a`
    /// over four lines, the `>` alone on the last, which Markdown read as a quote.
    #[test]
    fn literal_text_starts_no_block_on_a_line() {
        let hook = "<a\n  class=\"x--raw\"\n  href=\"/b/\"\n>t</a>";
        assert_eq!(
            super::literal_text(hook),
            "<a   class=\"x--raw\"   href=\"/b/\" >t</a>"
        );
        assert_eq!(
            super::literal_text("<b>a\n> b\n  # c\n=d</b>"),
            "<b>a\n&#62; b\n  &#35; c\n&#61;d</b>"
        );
        // `1)` may start a list that interrupts a paragraph; `2)` and `(1)` may not.
        assert_eq!(
            super::literal_text("<b>a\n1) b\n2) c (1) d</b>"),
            "<b>a\n1&#41; b\n2) c (1) d</b>"
        );
        let mut html = String::new();
        let markdown = format!("x {}", super::literal_text(hook));
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&markdown));
        assert_eq!(
            html,
            "<p>x <a   class=\"x--raw\"   href=\"/b/\" >t</a></p>\n"
        );
    }

    /// A line break inside a quoted attribute value starts no line either: it is written
    /// `&#10;`, so the value HTML reads is the same (`> y` there was a block quote, and
    /// `#`, `=`, `1)` a heading, a setext underline, a list). `\r\n` and `\r` are line
    /// breaks too, in and out of tags.
    #[test]
    fn literal_text_starts_no_line_inside_a_quoted_value() {
        for (html, literal) in [
            ("<a title=\"x\n> y\">t</a>", "<a title=\"x&#10;> y\">t</a>"),
            ("<a title='x\n# y'>t</a>", "<a title='x&#10;# y'>t</a>"),
            ("<a title=\"x\n=\">t</a>", "<a title=\"x&#10;=\">t</a>"),
            (
                "<a title=\"x\n1) y\">t</a>",
                "<a title=\"x&#10;1) y\">t</a>",
            ),
            (
                "<a title=\"x\r\n> y\"\r\nhref='z\r- w'>t\r> u</a>",
                "<a title=\"x&#10;> y\"  href='z&#10;- w'>t\r&#62; u</a>",
            ),
        ] {
            let out = super::literal_text(html);
            assert_eq!(out, literal, "{html:?}");
            let mut rendered = String::new();
            let markdown = format!("x {out}");
            let parser = pulldown_cmark::Parser::new(&markdown);
            pulldown_cmark::html::push_html(&mut rendered, parser);
            assert!(rendered.starts_with("<p>x <a title="), "{rendered}");
            for block in ["<blockquote", "<h1", "<h2", "<ol", "<ul"] {
                assert!(!rendered.contains(block), "{html:?}: {rendered}");
            }
        }
    }

    /// A line break in a quoted value stays as written before a line that starts no
    /// block: what reads the raw value next finds it as before. A `class` written over two
    /// lines was still split into Font Awesome's classes (with `&#10;` mdBook was left
    /// with `fas&#10;`, the icon missing, and `fa-star&#10;`, an unknown icon).
    #[test]
    fn literal_text_keeps_line_breaks_in_values_that_start_no_block() {
        for html in [
            "<i class=\"fas\n  fa-check\"></i>",
            "<i class=\"fa fa-star\n\"></i>",
            "<i class='fa-solid\r\n\tfa-house'></i>",
        ] {
            let out = super::literal_text(html);
            assert_eq!(out, html);
            let tags = crate::html::start_tags(&out);
            let classes = tags[0].attribute("class").and_then(|a| a.value).unwrap();
            let icon = crate::icons::resolve(classes);
            assert!(matches!(icon, Ok(Some(_))), "{html:?}: {icon:?}");
        }
        // Before a line that may start a block the break is still `&#10;`.
        assert_eq!(
            super::literal_text("<a title=\"x\n  - y\n\n\">t</a>"),
            "<a title=\"x&#10;  - y&#10;\n\">t</a>"
        );
    }

    /// A theme's data files join the site's (Hextra's icons are in the theme's
    /// `data/icons.yaml`); a site file wins over the theme's at the same path, and folders
    /// of the same path merge.
    #[test]
    fn data_of_the_site_and_its_themes_merge_file_by_file() {
        let site = tempfile::tempdir().unwrap();
        let theme = tempfile::tempdir().unwrap();
        let write = |dir: &std::path::Path, path: &str, text: &str| {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        };
        write(site.path(), "data/links.yaml", "home: site\n");
        write(site.path(), "data/people/ann.toml", "name = 'Ann'\n");
        write(
            theme.path(),
            "data/links.yaml",
            "home: theme\nextra: theme\n",
        );
        write(theme.path(), "data/icons.yaml", "rss: '<svg/>'\n");
        write(theme.path(), "data/people/bob.json", "{\"name\": \"Bob\"}");
        let data = load_data(&[site.path().join("data"), theme.path().join("data")]);
        let at = |path: &[&str]| {
            path.iter()
                .try_fold(data.clone(), |v, key| v.get_field(key))
                .map(|v| v.to_go_string())
        };
        assert_eq!(at(&["links", "home"]).as_deref(), Some("site"));
        assert_eq!(at(&["links", "extra"]).as_deref(), Some("<nil>"));
        assert_eq!(at(&["icons", "rss"]).as_deref(), Some("<svg/>"));
        assert_eq!(at(&["people", "ann", "name"]).as_deref(), Some("Ann"));
        assert_eq!(at(&["people", "bob", "name"]).as_deref(), Some("Bob"));
        assert!(matches!(data, Value::Map(_)));
    }

    #[test]
    fn now_is_the_build_time_unless_source_date_epoch_fixes_it() {
        let when = UNIX_EPOCH + Duration::from_secs(1_780_000_000);
        assert_eq!(build_time(None, when), 1_780_000_000);
        assert_eq!(build_time(Some("86400"), when), 86_400);
        assert_eq!(build_time(Some("not a number"), when), 1_780_000_000);
    }
}
