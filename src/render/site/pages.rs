//! The site's pages as templates see them: `.Page`, `site.GetPage`, and the page
//! collections `.RegularPages`, `.Pages`, `.Sections`, `.Parent`, `.CurrentSection`,
//! `site.RegularPages`, `site.Pages`, `site.Sections`, `site.Home`.
//!
//! The page tree is the site's default language as the import reads it
//! ([`crate::hugo::content`]: cascade, drafts, dates and `build` options applied), read
//! once per build when a template first asks for it. A page object is made once per page,
//! so two lookups of one page are the same page (`in`, `eq`). Collections are in Hugo's
//! default order (`weight`, with 0 last; then the newer `date`; then `linkTitle`; then the
//! file's path) and leave out pages with `build.list: never` (Hugo 0.168, `page.DefaultPageSort`).

use crate::hugo::content::{Content, ContentFile, ContentPage, Kind as PageKind, List};
use crate::render::safe::markdown_to_html;
use crate::render::site::fragments::{Expand, MarkdownShortcodes};
use crate::render::site::resources::{Resources, bundle as bundle_resources};
use crate::template::{Map, Object, SafeKind, Scratch, Value};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};

/// The pages of the site's content, read on first use.
pub(super) struct PageTree {
    root: PathBuf,
    /// `markup.goldmark.parser.autoDefinitionTermID`: definition terms have ids.
    term_ids: bool,
    /// `markup.tableOfContents`: `startLevel`, `endLevel` and `ordered`, the arguments of
    /// `.Fragments.ToHTML` that give `.TableOfContents` (Hugo's defaults: 2, 3, false).
    toc: [Value; 3],
    /// `.Site` of every page (weak: the site object holds the tree).
    site: OnceLock<Weak<dyn Object>>,
    loaded: OnceLock<Loaded>,
    /// Expands a page's shortcodes for its `.Fragments` and `.Content`, once the book's
    /// conversion has set it.
    markdown_shortcodes: OnceLock<Arc<dyn MarkdownShortcodes>>,
}

thread_local! {
    /// The pages (tree's address, page's index in it, and what is expanded: `.Fragments`'
    /// Markdown or `.Content`'s whole body) whose shortcodes this thread is expanding,
    /// outermost first. Per thread, as an
    /// expansion runs start to end on the thread that asked for it: it starts no parallel
    /// work, so a rayon worker never takes up another page's conversion in its middle.
    /// Each page's flag tells whether a re-entrant request was refused while it expanded
    /// (its result then depends on the pages around it).
    static EXPANDING: std::cell::RefCell<Vec<(ExpandingPage, bool)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A page on [`EXPANDING`]: the tree's address, the page's index in it, what is expanded.
type ExpandingPage = (usize, usize, Expand);

/// Takes its page off [`EXPANDING`] when the expansion ends, even by a panic.
struct Expanding;

impl Expanding {
    /// Puts `page` on [`EXPANDING`]; `None` when it is there already (a re-entrant request;
    /// for `.Content`, it flags every page on the stack: a refused `.Fragments` request
    /// falls back to the page's body, as before `.Content` expanded).
    fn start(page: ExpandingPage) -> Option<Expanding> {
        EXPANDING.with(|stack| {
            let mut stack = stack.borrow_mut();
            if stack.iter().any(|(p, _)| *p == page) {
                if page.2 == Expand::All {
                    stack.iter_mut().for_each(|(_, refused)| *refused = true);
                }
                return None;
            }
            stack.push((page, false));
            Some(Expanding)
        })
    }

    /// Whether a re-entrant request was refused while this page expanded.
    fn refused_reentry(&self) -> bool {
        EXPANDING.with(|stack| stack.borrow().last().is_some_and(|(_, refused)| *refused))
    }
}

impl Drop for Expanding {
    fn drop(&mut self) {
        EXPANDING.with(|stack| stack.borrow_mut().pop());
    }
}

struct Loaded {
    pages: Vec<ContentPage>,
    /// The files published with the pages (bundle resources).
    files: Vec<ContentFile>,
    /// One page object per page, same order.
    values: Vec<Value>,
    /// Page index by content path, and by logical path (the first page of a path wins).
    by_path: HashMap<String, usize>,
    by_logical: HashMap<String, usize>,
    /// `.Fragments` of each page, made on first use.
    fragments: Mutex<HashMap<usize, Value>>,
    /// The expanded Markdown of each page calling shortcodes whose `.Content` was made
    /// without a refused re-entrant request ([`PageTree::content_markdown`]).
    contents: Mutex<HashMap<usize, String>>,
}

impl PageTree {
    /// A tree for the site at `root`, not read yet.
    pub(super) fn new(root: &Path) -> Arc<PageTree> {
        let config = crate::hugo::config::SiteConfig::load(root).ok();
        let term_ids = config
            .as_ref()
            .is_some_and(|c| c.flag("markup.goldmark.parser.autoDefinitionTermID"));
        let toc_setting = |key: &str, default: Value| {
            config
                .as_ref()
                .and_then(|c| c.get(&format!("markup.tableOfContents.{key}")))
                .map_or(default, Value::from)
        };
        Arc::new(PageTree {
            root: root.to_path_buf(),
            term_ids,
            toc: [
                toc_setting("startLevel", Value::Int(2)),
                toc_setting("endLevel", Value::Int(3)),
                toc_setting("ordered", Value::Bool(false)),
            ],
            site: OnceLock::new(),
            loaded: OnceLock::new(),
            markdown_shortcodes: OnceLock::new(),
        })
    }

    /// Sets how a page's shortcodes are expanded for its `.Fragments` and `.Content` (the
    /// first setting stays).
    pub(super) fn set_markdown_shortcodes(&self, expansion: Arc<dyn MarkdownShortcodes>) {
        let _ = self.markdown_shortcodes.set(expansion);
    }

    /// Sets `.Site` for the tree's pages.
    pub(super) fn set_site(&self, site: &Arc<dyn Object>) {
        let _ = self.site.set(Arc::downgrade(site));
    }

    fn site(&self) -> Value {
        self.site
            .get()
            .and_then(Weak::upgrade)
            .map_or(Value::Nil, Value::Object)
    }

    fn loaded(self: &Arc<Self>) -> &Loaded {
        self.loaded.get_or_init(|| {
            let Content { pages, files, .. } = read_content(&self.root);
            // Another thread converting a page may be waiting for the tree: on all cores, on
            // threads of their own (rayon's could deadlock here: `crate::parallel`).
            let values = crate::parallel::map_on_own_threads(pages.iter().collect(), |p| {
                let page = crate::site::Page::new(&p.path, Path::new(&p.path), p.text.clone());
                let tree = Arc::downgrade(self);
                page_object(&page, self.site(), new_store(), tree, Rendering::No)
            });
            let mut by_path = HashMap::new();
            let mut by_logical = HashMap::new();
            for (i, page) in pages.iter().enumerate() {
                by_path.entry(page.path.clone()).or_insert(i);
                by_logical.entry(page.logical_path()).or_insert(i);
                by_logical.entry(logical(&page.path)).or_insert(i);
            }
            Loaded {
                pages,
                files,
                values,
                by_path,
                by_logical,
                fragments: Mutex::new(HashMap::new()),
                contents: Mutex::new(HashMap::new()),
            }
        })
    }

    /// `GetPage PATH`: by Hugo's logical path (`/functions/strings/trimspace`, a section
    /// `/functions`), with or without the file's extension, case-insensitively.
    pub(super) fn get(self: &Arc<Self>, path: &str) -> Option<Value> {
        let loaded = self.loaded();
        let found = *loaded.by_logical.get(&logical(path))?;
        Some(loaded.values[found].clone())
    }

    fn index_of(self: &Arc<Self>, path: &str) -> Option<usize> {
        self.loaded().by_path.get(path).copied()
    }

    /// `.Fragments` of the page at content path `path` whose body is `body`, made once.
    ///
    /// A page whose body calls `{{% %}}` shortcodes has them expanded first (Hugo reads the
    /// rendered Markdown), by the book's conversion ([`MarkdownShortcodes`]). That runs the
    /// page's templates, which may ask for `.Fragments` again, of this page or of the page
    /// asking: a request for a page this thread is already expanding (re-entrant) gets the
    /// fragments of its body as written, and is not kept. No lock is held while a page
    /// expands, and no thread waits for another's expansion: two threads asking for the
    /// same page at once both expand it, and the first result is kept. Without the
    /// conversion (a page outside the book, a single page converted), the body is read as
    /// it is.
    fn fragments(self: &Arc<Self>, path: &str, body: impl FnOnce() -> String) -> Value {
        let Some(index) = self.index_of(path) else {
            return super::fragments::fragments(&body(), self.term_ids);
        };
        let loaded = self.loaded();
        let cache = || loaded.fragments.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = cache().get(&index) {
            return found.clone();
        }
        let body = body();
        let expansion = self.markdown_shortcodes.get();
        let markdown = match expansion {
            Some(expansion) if body.contains("{{%") => {
                let tree = Arc::as_ptr(self) as usize;
                let Some(_expanding) = Expanding::start((tree, index, Expand::Markdown)) else {
                    return super::fragments::fragments(&body, self.term_ids);
                };
                let page = &loaded.pages[index];
                let page_value = loaded.values[index].clone();
                expansion.expand(&page.path, &page.text, page_value, Expand::Markdown)
            }
            _ => None,
        };
        let made = super::fragments::fragments(markdown.as_deref().unwrap_or(&body), self.term_ids);
        cache().entry(index).or_insert(made).clone()
    }

    /// The Markdown whose rendering is `.Content` of the page at content path `path`, whose
    /// body `body` calls shortcodes: every call expanded in the page's context by the
    /// book's conversion ([`MarkdownShortcodes`], [`Expand::All`]), as Hugo renders the
    /// page before giving its content.
    ///
    /// The expansion runs the page's templates, which may ask for `.Content` again: a
    /// request for a page this thread is already expanding (a page asking for its own
    /// content, or pages asking for each other's) is refused, where Hugo 0.168 never ends.
    /// The outermost expansion that met a refusal is an error (reported once, by the
    /// conversion of the page asking); the others are not kept, so a result never depends
    /// on which page asked first. No lock is held while a page expands. Errors too when
    /// the page is not one of the book's or its shortcodes do not parse.
    fn content_markdown(self: &Arc<Self>, path: &str) -> Result<String, String> {
        let refused = || {
            format!(
                "the content of {path} calls shortcodes, which mdbook-hugo runs only for the book's pages whose shortcodes parse"
            )
        };
        let (Some(index), Some(expansion)) = (self.index_of(path), self.markdown_shortcodes.get())
        else {
            return Err(refused());
        };
        let loaded = self.loaded();
        let cache = || loaded.contents.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = cache().get(&index) {
            return Ok(found.clone());
        }
        let outermost = EXPANDING.with(|stack| stack.borrow().is_empty());
        let cycle = || {
            format!(
                "the content of {path} needs itself: its shortcodes ask for its own `.Content` or for that of a page asking for it (Hugo 0.168 never ends there)"
            )
        };
        let Some(expanding) = Expanding::start((Arc::as_ptr(self) as usize, index, Expand::All))
        else {
            return Err(cycle());
        };
        let page = &loaded.pages[index];
        let markdown = expansion
            .expand(&page.path, &page.text, self.rendering(index), Expand::All)
            .ok_or_else(refused)?;
        match expanding.refused_reentry() {
            false => {
                cache().entry(index).or_insert_with(|| markdown.clone());
                Ok(markdown)
            }
            true if outermost => Err(cycle()),
            true => Ok(markdown),
        }
    }

    /// `.Page` of page `index` for its own shortcodes while it renders ([`Rendering::Yes`]),
    /// sharing the page's `.Store`.
    fn rendering(self: &Arc<Self>, index: usize) -> Value {
        let loaded = self.loaded();
        let p = &loaded.pages[index];
        let page = crate::site::Page::new(&p.path, Path::new(&p.path), p.text.clone());
        let store = loaded.values[index]
            .get_field("Store")
            .unwrap_or_else(new_store);
        let tree = Arc::downgrade(self);
        page_object(&page, self.site(), store, tree, Rendering::Yes)
    }

    /// The pages `keep` selects, listed and in Hugo's default order.
    fn collect(self: &Arc<Self>, keep: impl Fn(&ContentPage) -> bool) -> Value {
        let loaded = self.loaded();
        let mut found: Vec<usize> = (0..loaded.pages.len())
            .filter(|&i| loaded.pages[i].list != List::Never && keep(&loaded.pages[i]))
            .collect();
        found.sort_by(|&a, &b| default_order(&loaded.pages[a], &loaded.pages[b]));
        let values = found
            .into_iter()
            .map(|i| loaded.values[i].clone())
            .collect();
        Value::Object(Arc::new(Pages(values)))
    }

    /// A collection or relative of the page at content path `path`, by field name.
    fn relative(self: &Arc<Self>, path: &str, name: &str) -> Option<Value> {
        let Some(index) = self.index_of(path) else {
            return Some(Value::Nil);
        };
        let page = &self.loaded().pages[index];
        let is_list = page.kind != PageKind::Page;
        let dir = page.dir().to_string();
        let container = page.container_dir().to_string();
        Some(match name {
            "RegularPages" if is_list => {
                self.collect(|p| p.kind == PageKind::Page && p.container_dir() == dir)
            }
            "Pages" if is_list => self.collect(|p| {
                p.kind != PageKind::Home && p.container_dir() == dir && p.path != path
            }),
            "Sections" if is_list => {
                self.collect(|p| p.kind == PageKind::Section && p.container_dir() == dir)
            }
            "RegularPages" | "Pages" | "Sections" => Value::Object(Arc::new(Pages(Vec::new()))),
            "Parent" if page.kind == PageKind::Home => Value::Nil,
            "Parent" => self.section_at(&container),
            "CurrentSection" if is_list => self.loaded().values[index].clone(),
            "CurrentSection" => self.section_at(&container),
            "IsSection" => Value::from(page.kind == PageKind::Section),
            "IsHome" => Value::from(page.kind == PageKind::Home),
            "IsPage" => Value::from(page.kind == PageKind::Page),
            "IsNode" => Value::from(is_list),
            "Kind" => Value::from(match page.kind {
                PageKind::Home => "home",
                PageKind::Section => "section",
                PageKind::Page => "page",
            }),
            "Path" => Value::from(page.logical_path()),
            "Resources" => self.resources(index),
            "BundleType" => Value::from(match page.kind {
                PageKind::Page if page.is_leaf_bundle() => "leaf",
                PageKind::Page => "",
                _ => "branch",
            }),
            _ => return None,
        })
    }

    /// `.Resources`: the files of a leaf bundle (anywhere below its folder) or of a branch
    /// bundle (directly in its folder); none for a page that is no bundle.
    fn resources(self: &Arc<Self>, index: usize) -> Value {
        let loaded = self.loaded();
        let page = &loaded.pages[index];
        let leaf = page.is_leaf_bundle();
        let bundle = page.kind != PageKind::Page || leaf;
        let dir = page.dir();
        let url = loaded.values[index]
            .get_field("RelPermalink")
            .unwrap_or_default()
            .to_go_string();
        let files = loaded.files.iter().filter_map(|f| {
            let name = if dir.is_empty() {
                f.path.as_str()
            } else {
                f.path.strip_prefix(dir)?.strip_prefix('/')?
            };
            let inside = bundle && (leaf || !name.contains('/'));
            inside.then(|| (name.to_string(), format!("{url}{name}"), f.file.clone()))
        });
        let metadata = loaded.values[index]
            .get_field("Params")
            .and_then(|p| p.get_field("resources"))
            .unwrap_or_default();
        Value::Object(Arc::new(Resources(bundle_resources(
            files.collect(),
            &metadata,
        ))))
    }

    /// The section page of folder `dir`, or of the nearest folder above it that has one.
    fn section_at(self: &Arc<Self>, dir: &str) -> Value {
        let loaded = self.loaded();
        crate::hugo::content::ancestors(dir)
            .find_map(|d| {
                loaded
                    .pages
                    .iter()
                    .position(|p| p.kind != PageKind::Page && p.dir() == d)
            })
            .map_or(Value::Nil, |i| loaded.values[i].clone())
    }

    /// `site.RegularPages`, `site.Pages`, `site.Sections`, `site.Home`.
    pub(super) fn site_field(self: &Arc<Self>, name: &str) -> Option<Value> {
        Some(match name {
            "RegularPages" => self.collect(|p| p.kind == PageKind::Page),
            "Pages" => self.collect(|_| true),
            "Sections" => {
                self.collect(|p| p.kind == PageKind::Section && p.container_dir().is_empty())
            }
            "Home" => self.section_at(""),
            _ => return None,
        })
    }
}

/// The site's default language's content; nothing when the site cannot be read (the import
/// reports why).
fn read_content(root: &Path) -> Content {
    let read = || -> anyhow::Result<Content> {
        let config = crate::hugo::config::SiteConfig::load(root)?;
        let language = config.default_language();
        crate::hugo::content::load(root, &config, &language, crate::hugo::dates::now())
    };
    read().unwrap_or_default()
}

/// `/Functions/Strings/TrimSpace.md` → `/functions/strings/trimspace`; `_index`/`index`
/// stand for their folder.
fn logical(path: &str) -> String {
    let path = path.trim().trim_matches('/').to_lowercase();
    let path = path
        .strip_suffix(".md")
        .or_else(|| path.strip_suffix(".markdown"))
        .or_else(|| path.strip_suffix(".html"))
        .unwrap_or(&path);
    let path = path
        .strip_suffix("/_index")
        .or_else(|| path.strip_suffix("/index"))
        .unwrap_or(path);
    let path = if path == "_index" || path == "index" {
        ""
    } else {
        path
    };
    format!("/{path}")
}

/// Hugo's default page order.
fn default_order(a: &ContentPage, b: &ContentPage) -> Ordering {
    let weight = match (a.weight, b.weight) {
        (x, y) if x == y => Ordering::Equal,
        (0, _) => Ordering::Greater,
        (_, 0) => Ordering::Less,
        (x, y) => x.cmp(&y),
    };
    weight
        .then_with(|| b.date.unwrap_or(0).cmp(&a.date.unwrap_or(0)))
        .then_with(|| {
            let (x, y) = (a.link_title(), b.link_title());
            x.to_lowercase().cmp(&y.to_lowercase()).then(x.cmp(&y))
        })
        .then_with(|| a.file.cmp(&b.file))
}

/// A fresh `.Store`.
pub(super) fn new_store() -> Value {
    Value::Object(Arc::new(Scratch::new()))
}

/// Hugo's `Pages`: a list of pages that `range`, `len`, `first`, `where` … take, with its
/// sort methods.
/// A page's `.AlternativeOutputFormats` in the book: none (the book publishes each page as
/// HTML only, whatever formats the site's `outputs` add), so `Get NAME` is nil, as Hugo
/// gives for a format the page does not have.
struct NoOutputFormats;

impl Object for NoOutputFormats {
    fn type_name(&self) -> &str {
        "page.OutputFormats"
    }

    fn field(&self, name: &str) -> Option<Value> {
        (name == "Len").then(|| Value::from(0_i64))
    }

    fn method(&self, name: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        (name == "Get").then_some(Ok(Value::Nil))
    }

    fn to_list(&self) -> Option<Vec<Value>> {
        Some(Vec::new())
    }

    fn truthy(&self) -> bool {
        false
    }
}

struct Pages(Vec<Value>);

impl Pages {
    fn sorted_by(&self, key: impl Fn(&Value) -> Value) -> Value {
        let mut pages = self.0.clone();
        pages.sort_by(|a, b| compare(&key(a), &key(b)));
        Value::Object(Arc::new(Pages(pages)))
    }
}

/// Hugo's page sorts compare titles with the language's collation (`CI/CD` between
/// `chain` and `collection`) and weights as numbers.
fn compare(a: &Value, b: &Value) -> Ordering {
    crate::template::sort_cmp(a, b)
}

/// Hugo's `.ByWeight` (its default page order): weight, a weight of 0 last; then the
/// newer `date` first; then the link title, case-insensitively; then the path (Hugo 0.168
/// puts a section titled `Aardvark` between pages `A` and `B` of the same weight, also
/// after `union`). Dates compare as their front matter text.
fn by_weight(a: &Value, b: &Value) -> Ordering {
    let text = |page: &Value, keys: &[&str]| {
        keys.iter()
            .try_fold(page.clone(), |v, key| v.get_field(key))
            .map(|v| v.to_go_string())
            .unwrap_or_default()
    };
    let date = |page: &Value| text(page, &["Params", "date"]);
    let title = |page: &Value| text(page, &["LinkTitle"]);
    compare(&weight_key(a), &weight_key(b))
        .then_with(|| date(b).cmp(&date(a)))
        .then_with(|| {
            let (x, y) = (title(a), title(b));
            x.to_lowercase().cmp(&y.to_lowercase()).then(x.cmp(&y))
        })
        .then_with(|| text(a, &["Path"]).cmp(&text(b, &["Path"])))
}

/// Hugo's `.ByWeight` key: a weight of 0 (none) after every other weight.
fn weight_key(page: &Value) -> Value {
    match page.get_field("Weight") {
        Some(Value::Int(0)) | None => Value::Int(i64::MAX),
        Some(weight) => weight,
    }
}

impl Object for Pages {
    fn type_name(&self) -> &str {
        "page.Pages"
    }

    fn field(&self, name: &str) -> Option<Value> {
        let field = |key: &'static str| move |p: &Value| p.get_field(key).unwrap_or_default();
        Some(match name {
            "Len" => Value::from(self.0.len() as i64),
            "ByTitle" => self.sorted_by(field("Title")),
            "ByLinkTitle" => self.sorted_by(field("LinkTitle")),
            "ByWeight" => {
                let mut pages = self.0.clone();
                pages.sort_by(by_weight);
                Value::Object(Arc::new(Pages(pages)))
            }
            "Reverse" => {
                let mut pages = self.0.clone();
                pages.reverse();
                Value::Object(Arc::new(Pages(pages)))
            }
            _ => return None,
        })
    }

    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match name {
            "Limit" => Some(match args.first() {
                Some(Value::Int(n)) if *n >= 0 => Ok(Value::Object(Arc::new(Pages(
                    self.0.iter().take(*n as usize).cloned().collect(),
                )))),
                _ => Err("Limit wants a count".into()),
            }),
            "GroupBy" | "GroupByParam" => Some(super::groups::group_by(
                &self.0,
                name == "GroupByParam",
                args,
                |pages| Value::Object(Arc::new(Pages(pages))),
            )),
            _ => None,
        }
    }

    fn to_list(&self) -> Option<Vec<Value>> {
        Some(self.0.clone())
    }

    fn with_items(&self, items: Vec<Value>) -> Option<Value> {
        Some(Value::Object(Arc::new(Pages(items))))
    }

    fn truthy(&self) -> bool {
        !self.0.is_empty()
    }

    fn display(&self) -> String {
        format!("Pages({})", self.0.len())
    }
}

/// A page as a template sees it: front matter, URL, file, section, site, its body, its
/// `.Store` (also `.Scratch`), and, through `tree`, its place among the site's pages.
/// Whether a page object is `.Page` of the page being rendered, as its own shortcodes see
/// it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Rendering {
    /// A page of the site as any template finds it.
    No,
    /// `.Page` of the page's own shortcodes while it renders: as in Hugo 0.168 (its
    /// `pageWithoutContent`), its `.Content`, `.Plain`, `.Summary` are empty and its
    /// `.WordCount`, `.ReadingTime` 0 (checked with Hugo 0.168).
    Yes,
}

pub(super) fn page_object(
    page: &crate::site::Page,
    site: Value,
    store: Value,
    tree: Weak<PageTree>,
    rendering: Rendering,
) -> Value {
    let front = &page.front_matter;
    // Hugo's `.Params`: the page's own front matter keys, with those of its `params` table.
    let mut fields = front.fields.clone();
    for table in [crate::site::CASCADE_KEY, "params"] {
        if let Some(serde_json::Value::Object(nested)) = fields.remove(table) {
            fields.extend(nested);
        }
    }
    let params = lowercase_keys(&serde_json::Value::Object(fields));
    let title = front.title.clone().unwrap_or_default();
    let link_title = crate::frontmatter::field(&front.fields, "linktitle")
        .and_then(|t| t.as_str())
        .map_or_else(|| title.clone(), str::to_string);
    let url = page.hugo_url();
    let (dir, file) = page
        .source_path
        .rsplit_once('/')
        .unwrap_or(("", &page.source_path));
    let section = page
        .source_path
        .split('/')
        .next()
        .filter(|_| !dir.is_empty());
    let file_value = Value::from(Map::from([
        ("Path".to_string(), Value::from(page.source_path.as_str())),
        ("LogicalName".to_string(), Value::from(file)),
        (
            "BaseFileName".to_string(),
            Value::from(file.rsplit_once('.').map_or(file, |(stem, _)| stem)),
        ),
        ("Dir".to_string(), Value::from(format!("{dir}/").as_str())),
    ]));
    let body = page.source.text.get(page.body_start..).unwrap_or_default();
    Value::Object(Arc::new(PageObject {
        path: page.source_path.clone(),
        tree,
        rendering,
        string: OnceLock::new(),
        fields: Map::from([
            ("Title".to_string(), Value::from(title.as_str())),
            ("LinkTitle".to_string(), Value::from(link_title.as_str())),
            (
                "Description".to_string(),
                Value::from(front.description.clone().unwrap_or_default().as_str()),
            ),
            ("Draft".to_string(), Value::from(front.draft)),
            ("Weight".to_string(), Value::from(front.weight.unwrap_or(0))),
            ("Params".to_string(), params),
            ("RelPermalink".to_string(), Value::from(url.as_str())),
            ("Permalink".to_string(), Value::from(url.as_str())),
            ("File".to_string(), file_value),
            ("Section".to_string(), Value::from(section.unwrap_or(""))),
            ("Site".to_string(), site),
            ("RawContent".to_string(), Value::from(body)),
            ("Store".to_string(), store.clone()),
            ("Scratch".to_string(), store),
        ]),
    }))
}

/// A page: its fields, its relatives in the tree, and its methods.
struct PageObject {
    /// The page's path in the content tree (`docs/a.md`).
    path: String,
    tree: Weak<PageTree>,
    /// Whether it is `.Page` of the page being rendered (no content then).
    rendering: Rendering,
    fields: Map,
    /// `.String`, made on first use (it resolves the file's path).
    string: OnceLock<String>,
}

impl PageObject {
    /// The page's Markdown body: the site's file, read by the tree (the book's copy of the
    /// page being converted is not at hand while it converts), else `RawContent`.
    fn body(&self) -> String {
        let from_tree = self.tree.upgrade().and_then(|tree| {
            let index = tree.index_of(&self.path)?;
            let text = &tree.loaded().pages[index].text;
            let start = crate::frontmatter::split(text).map_or(0, |s| s.body_start);
            Some(text.get(start..).unwrap_or_default().to_string())
        });
        from_tree.unwrap_or_else(|| {
            self.fields
                .get("RawContent")
                .map(Value::to_go_string)
                .unwrap_or_default()
        })
    }

    /// Hugo's `Page.GetPage` with a relative path (`2026/0.16.0`, `../b`, `./b`): the page
    /// it names from this page's folder (a section's or a bundle's own folder), which Hugo
    /// 0.168 tries before the site's pages; `None` when there is none.
    fn relative_page(&self, path: &str) -> Option<Value> {
        if path.starts_with('/') {
            return None;
        }
        let dir = self.path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let mut segments: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
        for segment in path.split('/') {
            match segment {
                "" | "." => {}
                ".." => {
                    segments.pop()?;
                }
                name => segments.push(name),
            }
        }
        self.tree.upgrade()?.get(&segments.join("/"))
    }

    /// Hugo's `.Content`: the body rendered as HTML, as `.RenderString` renders a block;
    /// a body calling shortcodes has them run first ([`PageObject::markdown`]).
    fn content(&self) -> Result<String, String> {
        render_block(self.markdown()?)
    }

    /// The Markdown whose rendering is the page's `.Content`: its body, with its shortcodes
    /// run in its own context when it calls any ([`PageTree::content_markdown`]).
    fn markdown(&self) -> Result<String, String> {
        if self.rendering == Rendering::Yes {
            return Ok(String::new());
        }
        let body = self.body();
        if !body.contains("{{<") && !body.contains("{{%") {
            return Ok(body);
        }
        match self.tree.upgrade() {
            Some(tree) => tree.content_markdown(&self.path),
            None => Err(format!(
                "the content of {} calls shortcodes, which mdbook-hugo runs only for the book's pages",
                self.path
            )),
        }
    }

    /// Hugo's `.Summary` and `.Truncated`, as Hugo 0.168 makes them: the content before a
    /// `<!--more-->` divider (truncated when text follows it); else the front matter
    /// `summary` rendered (never truncated); else the content's first paragraphs, whole,
    /// until they hold 70 words (`summaryLength`'s default; truncated when more follow).
    fn summary(&self) -> Result<(Value, bool), String> {
        const SUMMARY_LENGTH: i64 = 70;
        if self.rendering == Rendering::Yes {
            return Ok((Value::Safe(SafeKind::Html, "".into()), false));
        }
        let body = self.markdown()?;
        if let Some((before, after)) = body.split_once("<!--more-->") {
            let options = Value::from(Map::from([("display".to_string(), Value::from("block"))]));
            let summary = render_string(&[options, Value::from(before.trim_end())])?;
            return Ok((summary, !after.trim().is_empty()));
        }
        let from_front_matter = self
            .fields
            .get("Params")
            .and_then(|params| params.get_field("summary"))
            .filter(|summary| !matches!(summary, Value::Nil) && !summary.to_go_string().is_empty());
        if let Some(summary) = from_front_matter {
            return Ok((render_string(&[summary])?, false));
        }
        let html = render_block(body)?;
        let mut summary = String::new();
        for paragraph in html.split_inclusive("</p>") {
            summary.push_str(paragraph);
            let words = crate::template::count_words(&crate::template::plainify(&summary));
            if words >= SUMMARY_LENGTH {
                break;
            }
        }
        let truncated = summary.len() < html.trim_end().len();
        Ok((
            Value::Safe(SafeKind::Html, summary.trim().into()),
            truncated,
        ))
    }

    /// `.Fragments`: the page's headings.
    fn fragments(&self) -> Value {
        match self.tree.upgrade() {
            Some(tree) => tree.fragments(&self.path, || self.body()),
            None => super::fragments::fragments(&self.body(), false),
        }
    }

    /// `.TableOfContents`: `.Fragments.ToHTML` with the site's `markup.tableOfContents`.
    fn table_of_contents(&self) -> Result<Value, String> {
        let toc = self.tree.upgrade().map_or_else(
            || [Value::Int(2), Value::Int(3), Value::Bool(false)],
            |tree| tree.toc.clone(),
        );
        match self.fragments() {
            Value::Object(fragments) => fragments
                .method("ToHTML", &toc)
                .unwrap_or_else(|| Err("the page's fragments have no ToHTML".into())),
            _ => Err("the page has no fragments".into()),
        }
    }

    /// Hugo's `Page.String`: the absolute path of the page's file; `Page(` and its logical
    /// path `)` for a page without one.
    fn string(&self) -> String {
        self.string.get_or_init(|| self.make_string()).clone()
    }

    fn make_string(&self) -> String {
        self.filename()
            .unwrap_or_else(|| format!("Page({})", logical(&self.path)))
    }

    /// Hugo's `.File.Filename`: see [`filename`].
    fn filename(&self) -> Option<String> {
        filename(&self.tree, &self.path)
    }

    /// `.File`, whose `Filename` is looked up only when asked for (it reads the site's
    /// pages).
    fn file(&self) -> Option<Value> {
        let Value::Map(fields) = self.fields.get("File")? else {
            return None;
        };
        Some(Value::Object(Arc::new(FileObject {
            fields: fields.clone(),
            tree: self.tree.clone(),
            path: self.path.clone(),
        })))
    }
}

/// Hugo's `.File.Filename` of the page at content path `path`: the absolute path of its
/// file in the site; `None` for a page the site's content does not have.
fn filename(tree: &Weak<PageTree>, path: &str) -> Option<String> {
    let tree = tree.upgrade()?;
    let index = tree.index_of(path)?;
    let file = tree.loaded().pages[index].file.clone();
    Some(file.canonicalize().unwrap_or(file).display().to_string())
}

/// A page's `.File` (Hugo's `source.File`): `Path`, `LogicalName`, `BaseFileName`, `Dir`,
/// and `Filename`, found when asked for.
struct FileObject {
    fields: Arc<Map>,
    tree: Weak<PageTree>,
    path: String,
}

impl Object for FileObject {
    fn type_name(&self) -> &str {
        "*source.File"
    }

    fn field(&self, name: &str) -> Option<Value> {
        if name == "Filename" {
            return filename(&self.tree, &self.path).map(|f| Value::from(f.as_str()));
        }
        self.fields.get(name).cloned()
    }
}

impl Object for PageObject {
    fn type_name(&self) -> &str {
        "*hugolib.pageState"
    }

    fn field(&self, name: &str) -> Option<Value> {
        if name == "RawContent" {
            return Some(Value::from(self.body()));
        }
        if name == "File" {
            return self.file();
        }
        if let Some(value) = self.fields.get(name) {
            return Some(value.clone());
        }
        if name == "String" {
            return Some(Value::from(self.string()));
        }
        if name == "Fragments" {
            return Some(self.fragments());
        }
        if name == "AlternativeOutputFormats" {
            return Some(Value::Object(Arc::new(NoOutputFormats)));
        }
        self.tree.upgrade()?.relative(&self.path, name)
    }

    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match name {
            "Param" => {
                let key = args.first().and_then(Value::as_str)?.to_ascii_lowercase();
                let lookup = |v: Option<Value>| v.and_then(|p| dotted(&p, &key));
                let page = lookup(self.fields.get("Params").cloned());
                let site = lookup(self.fields.get("Site").and_then(|s| s.get_field("Params")));
                Some(Ok(page.or(site).unwrap_or(Value::Nil)))
            }
            // The body with its shortcodes still to render: `{{% %}}` output is converted
            // again (see `site_shortcodes::render`), which renders them.
            "RenderShortcodes" => Some(Ok(Value::Safe(SafeKind::Html, self.body().into()))),
            "GetPage" => {
                let path = args.last().map(Value::to_go_string).unwrap_or_default();
                if let Some(found) = self.relative_page(&path) {
                    return Some(Ok(found));
                }
                let site = self.fields.get("Site")?;
                let Value::Object(site) = site else {
                    return Some(Ok(Value::Nil));
                };
                site.method("GetPage", &[Value::from(path.as_str())])
            }
            "RenderString" => Some(render_string(args)),
            "Content" | "Plain" | "WordCount" | "ReadingTime" if args.is_empty() => {
                Some(self.content().map(|html| content_field(name, &html)))
            }
            "TableOfContents" if args.is_empty() => Some(self.table_of_contents()),
            "Summary" if args.is_empty() => Some(self.summary().map(|(summary, _)| summary)),
            "Truncated" if args.is_empty() => {
                Some(self.summary().map(|(_, truncated)| Value::Bool(truncated)))
            }
            _ => None,
        }
    }

    fn display(&self) -> String {
        self.string()
    }
}

/// Hugo's `.RenderString [OPTIONS] MARKDOWN`: the Markdown as HTML; with the default
/// `display` `inline`, a single paragraph comes without its `<p>`, with `block` it keeps it.
fn render_string(args: &[Value]) -> Result<Value, String> {
    let (text, options) = match args {
        [text] => (text, None),
        [options, text] => (text, Some(options)),
        _ => return Err("wants a Markdown text, after an optional map of options".into()),
    };
    let display = match options {
        None => "inline".to_string(),
        Some(Value::Map(map)) => map
            .get("display")
            .map_or("inline".into(), Value::to_go_string),
        Some(other) => return Err(format!("options must be a map, not {}", other.type_name())),
    };
    let html = markdown_to_html(&text.to_go_string(), true);
    match display.as_str() {
        "inline" => Ok(safe_html(&html)),
        "block" if html.is_empty() || super::shortcodes::starts_with_block_tag(&html) => {
            Ok(Value::Safe(SafeKind::Html, html.into()))
        }
        "block" => Ok(Value::Safe(SafeKind::Html, format!("<p>{html}</p>").into())),
        other => Err(format!("display {other:?} is not inline or block")),
    }
}

/// Markdown rendered as `.Content` renders a page's: as `.RenderString` renders a block.
fn render_block(markdown: String) -> Result<String, String> {
    let options = Value::from(Map::from([("display".to_string(), Value::from("block"))]));
    render_string(&[options, Value::from(markdown)]).map(|v| v.to_go_string())
}

/// `.Content`, `.Plain`, `.WordCount` or `.ReadingTime` of a page whose content is `html`
/// (Hugo: reading time is the words at 213 a minute, rounded up).
fn content_field(name: &str, html: &str) -> Value {
    let plain = || crate::template::plainify(html);
    match name {
        "Content" => Value::Safe(SafeKind::Html, html.into()),
        "Plain" => Value::from(plain().as_str()),
        "WordCount" => Value::Int(crate::template::count_words(&plain())),
        _ => Value::Int((crate::template::count_words(&plain()) + 212) / 213),
    }
}

/// Markdown rendered to HTML as Hugo's `markdownify` gives it: trusted HTML, and a single
/// paragraph without its `<p>`.
pub(super) fn safe_html(html: &str) -> Value {
    let html = html.trim_end();
    let inner = html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .filter(|h| !h.contains("<p>"));
    Value::Safe(SafeKind::Html, inner.unwrap_or(html).into())
}

/// A dotted, case-insensitive key (`a.b`) looked up in a map value.
fn dotted(value: &Value, key: &str) -> Option<Value> {
    key.split('.').try_fold(value.clone(), |v, part| {
        let Value::Map(map) = &v else { return None };
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(part))
            .map(|(_, v)| v.clone())
    })
}

/// Params as Hugo gives them to templates: map keys lowercased, at every depth.
pub(super) fn lowercase_keys(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Object(map) => Value::from(
            crate::frontmatter::lower_case_keys_first(map)
                .map(|(k, v)| (k.to_lowercase(), lowercase_keys(v)))
                .collect::<Map>(),
        ),
        serde_json::Value::Array(list) => {
            Value::from(list.iter().map(lowercase_keys).collect::<Vec<_>>())
        }
        other => Value::from(other),
    }
}
