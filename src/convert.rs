//! Converting pages: one chapter ([`convert_page`]) and a whole set of chapters that link to
//! each other ([`convert_pages`]), shared by the preprocessor and the `convert`/`check`
//! subcommands.

use crate::config::HugoConfig;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::markdown::{self, Origin, SourceMap};
use crate::render::placement::{Placement, place, placement};
use crate::render::site::shortcodes::{Expand, MarkdownShortcodes};
use crate::render::{Registry, RenderContext};
use crate::shortcode::{self, Node};
use crate::site::{Page, Site};
use crate::source::SourceFile;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::{Arc, Weak};

/// A chapter to convert: where it lives and its text.
#[derive(Debug, Clone)]
pub struct PageInput {
    /// Path relative to the book's source folder (`what/_index.md`).
    pub source_path: String,
    /// Path shown in diagnostics (`book-src/what/_index.md`).
    pub display_path: PathBuf,
    /// The chapter's text.
    pub text: String,
}

/// The result of converting a set of pages.
#[derive(Debug)]
pub struct BookConversion {
    /// Per input, in order: the output path and Markdown, or `None` for a left-out draft.
    pub outputs: Vec<Option<PageOutput>>,
    /// Everything reported, over all pages.
    pub diagnostics: Diagnostics,
}

/// One converted page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageOutput {
    /// Where mdBook should write it (`what/index.md`).
    pub output_path: String,
    /// The converted Markdown.
    pub markdown: String,
}

/// Converts pages that form one site: links and refs resolve among them.
pub fn convert_pages(
    inputs: Vec<PageInput>,
    src_dir: Option<PathBuf>,
    config: &HugoConfig,
    registry: &Registry,
) -> BookConversion {
    convert_pages_with_parents(inputs, None, src_dir, config, registry)
}

/// [`convert_pages`] for chapters whose tree is known (mdBook's `SUMMARY.md`):
/// `parents[i]` is the index in `inputs` of input `i`'s parent chapter. Without it the
/// tree follows the folders.
pub fn convert_pages_with_parents(
    inputs: Vec<PageInput>,
    parents: Option<Vec<Option<usize>>>,
    src_dir: Option<PathBuf>,
    config: &HugoConfig,
    registry: &Registry,
) -> BookConversion {
    let mut diagnostics = Diagnostics::new();
    let registry = Arc::new(registry.for_book(config, &mut diagnostics));
    let mut kept = Vec::with_capacity(inputs.len());
    let mut left_out = std::collections::HashSet::new();
    let mut pages = Vec::with_capacity(inputs.len());
    let read: Vec<Page> = inputs
        .into_par_iter()
        .map(|input| Page::new(&input.source_path, &input.display_path, input.text))
        .collect();
    for page in read {
        let is_draft = page.front_matter.draft && !config.keep_drafts;
        if is_draft {
            diagnostics.push(Diagnostic::for_file(
                Severity::Note,
                &page.source.display_path,
                "draft page left out of the book (set `keep-drafts = true` in \
                 [preprocessor.hugo] to keep drafts)"
                    .into(),
            ));
        }
        kept.push(!is_draft);
        if is_draft {
            left_out.insert(page.source_path.clone());
        } else {
            pages.push(page);
        }
    }
    let mut site = Site::new(pages, src_dir);
    site.left_out = left_out;
    report_url_conflicts(&site, &mut diagnostics);
    report_output_conflicts(&site, &mut diagnostics);
    if let Some(parents) = parents {
        site.set_parents(crate::site::parents_of_kept(&parents, &kept));
    }
    let sources = site.take_sources();
    let site = Arc::new(site);
    if let Some(templates) = registry.site_templates() {
        templates.set_markdown_shortcodes(Arc::new(ShortcodeExpansion {
            site: Arc::clone(&site),
            config: Arc::new(config.clone()),
            registry: Arc::downgrade(&registry),
        }));
    }
    let mut converted = Vec::with_capacity(site.pages.len());
    for (index, converted_page) in convert_all(&site, sources, config, &registry)
        .into_iter()
        .enumerate()
    {
        diagnostics.extend(converted_page.diagnostics);
        converted.push(PageOutput {
            output_path: site.pages[index].output_path.clone(),
            markdown: converted_page.markdown,
        });
    }
    let mut converted = converted.into_iter();
    let outputs = kept
        .into_iter()
        .map(|keep| if keep { converted.next() } else { None })
        .collect();
    if config.strict {
        diagnostics.promote_warnings();
    }
    BookConversion {
        outputs,
        diagnostics,
    }
}

/// One warning per URL two pages claim, at the page whose claim loses (Hugo would write
/// one page over the other).
fn report_url_conflicts(site: &Site, diagnostics: &mut Diagnostics) {
    for conflict in site.url_conflicts() {
        let first = &site.pages[conflict.first];
        let second = &site.pages[conflict.second];
        diagnostics.push(Diagnostic::for_file(
            Severity::Warning,
            &second.source.display_path,
            format!(
                "the URL {} is already the URL of {}; links to it lead there",
                conflict.url,
                first.source.display_path.display()
            ),
        ));
    }
}

/// One warning per chapter that mdBook writes to the same file as an earlier one (a
/// folder's `_index.md` and a `README.md` beside it both become its `index.html`): one
/// replaces the other in the built book, and its content would be lost without a word.
fn report_output_conflicts(site: &Site, diagnostics: &mut Diagnostics) {
    let mut written: std::collections::HashMap<&str, usize> = Default::default();
    for (index, page) in site.pages.iter().enumerate() {
        let Some(&first) = written.get(page.output_path.as_str()) else {
            written.insert(&page.output_path, index);
            continue;
        };
        let html = page.output_path.trim_end_matches(".md");
        diagnostics.push(Diagnostic::for_file(
            Severity::Warning,
            &page.source.display_path,
            format!(
                "mdBook writes this chapter and {} to the same file, {html}.html: one \
                 replaces the other in the built book; rename one of the two files",
                site.pages[first].source.display_path.display()
            ),
        ));
    }
}

/// Converts every page of `site`, whose texts `sources` are (taken out of it with
/// [`Site::take_sources`]), on as many threads as the machine has cores; the results come
/// back in page order.
///
/// Each page's text is freed as soon as the page is converted, so the pages converted next
/// reuse its memory instead of asking the system for more.
fn convert_all(
    site: &Site,
    sources: Vec<SourceFile>,
    config: &HugoConfig,
    registry: &Registry,
) -> Vec<Converted> {
    let sources: Vec<_> = sources.into_iter().enumerate().collect();
    sources
        .into_par_iter()
        .map(|(index, source)| convert_owned(site, index, source, config, registry))
        .collect()
}

/// One page converted by [`convert_owned`].
struct Converted {
    markdown: String,
    diagnostics: Diagnostics,
}

/// [`convert_source`] for a page's own text: a page with nothing to convert (no front
/// matter, no `{{`, nothing for the Markdown pass, [`markdown::is_untouched`]) gives its
/// text back as it is, without a copy; the output is the same (a property test holds it).
fn convert_owned(
    site: &Site,
    page_index: usize,
    source: SourceFile,
    config: &HugoConfig,
    registry: &Registry,
) -> Converted {
    let page = &site.pages[page_index];
    let untouched = page.body_start == 0
        && page.front_matter_error.is_none()
        && page.front_matter.title.is_none()
        && memchr::memmem::find(source.text.as_bytes(), b"{{").is_none()
        && markdown::is_untouched(&source.text, None, config.math, registry.site_templates())
        && !crate::emoji::applies(config.emoji, &source.text);
    if untouched {
        return Converted {
            markdown: source.text,
            diagnostics: Diagnostics::new(),
        };
    }
    let (markdown, diagnostics) = convert_source(site, page_index, &source, config, registry);
    Converted {
        markdown,
        diagnostics,
    }
}

/// Converts page `page_index` of `site` into mdBook Markdown.
pub fn convert_page(
    site: &Site,
    page_index: usize,
    config: &HugoConfig,
    registry: &Registry,
) -> (String, Diagnostics) {
    let source = &site.pages[page_index].source;
    convert_source(site, page_index, source, config, registry)
}

/// Converts `source`, the text of page `page_index` of `site`.
fn convert_source(
    site: &Site,
    page_index: usize,
    source: &SourceFile,
    config: &HugoConfig,
    registry: &Registry,
) -> (String, Diagnostics) {
    let page = &site.pages[page_index];
    let text = &source.text;
    let mut diagnostics = Diagnostics::new();
    if let Some(error) = &page.front_matter_error {
        diagnostics.report(Severity::Error, source, error.offset, &error.message);
        return (text.clone(), diagnostics);
    }
    let body_kind = |name: &str| registry.body_kind(name);
    let nodes = match shortcode::parse(text, page.body_start, &body_kind) {
        Ok(nodes) => nodes,
        Err(error) => {
            diagnostics.report(Severity::Error, source, error.offset, error.to_string());
            return (text[page.body_start..].to_string(), diagnostics);
        }
    };
    let ctx = RenderContext::new(site, page_index, source, config, registry);
    let (rendered, map, render_diagnostics) = render_body(ctx, &nodes, AngleCalls::Render);
    diagnostics.extend(render_diagnostics);
    let input = markdown::PassInput {
        site,
        page_index,
        origin: Origin { source, map: &map },
        config,
        title: page.front_matter.title.as_deref(),
        math: config.math || uses_math_shortcode(&nodes),
        hooks: registry.site_templates(),
    };
    let markdown = markdown::fix_markdown(rendered, input, &mut diagnostics);
    (markdown, diagnostics)
}

/// The shortcodes that turn math on for their page, as their themes' scripts do: hugo-book's
/// `katex` and Learn/Relearn's `math`.
const MATH_SHORTCODES: &[&str] = &["katex", "math"];

/// Whether `nodes` (at any depth) call a shortcode of [`MATH_SHORTCODES`].
fn uses_math_shortcode(nodes: &[Node<'_>]) -> bool {
    nodes.iter().any(|node| match node {
        Node::Shortcode(sc) => {
            MATH_SHORTCODES.contains(&sc.name)
                || sc.inner.as_deref().is_some_and(uses_math_shortcode)
        }
        _ => false,
    })
}

/// What [`render_body`] does with a `{{< >}}` call at the page's top level.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AngleCalls {
    /// Renders it, as the page's conversion does.
    Render,
    /// Writes a placeholder word in its place, as Hugo's Markdown renderer sees it (Hugo
    /// places `{{< >}}` output after rendering: its headings are no Markdown headings). The
    /// word has Hugo's form with the call's number on the page; Hugo's also holds a number
    /// of its own, so a heading holding one gets another id than Hugo's.
    Placeholder,
}

fn render_body(
    mut ctx: RenderContext<'_>,
    nodes: &[Node<'_>],
    angle: AngleCalls,
) -> (String, SourceMap, Diagnostics) {
    let body_length = ctx.source().len() - ctx.page().body_start.min(ctx.source().len());
    // Shortcode output makes a Hugo-heavy page up to about a fifth longer than its text
    // (measured on a generated book): sized for that, the page is rarely copied as it grows.
    let mut out = String::with_capacity(body_length + body_length / 4 + 64);
    let mut map = SourceMap::default();
    let mut calls = 0;
    for node in nodes {
        let (start, exact) = match node {
            Node::Text(span) => (span.start, true),
            Node::Escaped(escaped) => (escaped.span.start, false),
            Node::Shortcode(sc) => (sc.open.start, false),
        };
        map.push(out.len(), start, exact);
        let Node::Shortcode(sc) = node else {
            ctx.render_nodes(std::slice::from_ref(node), &mut out);
            continue;
        };
        calls += 1;
        if angle == AngleCalls::Placeholder && sc.delim == shortcode::Delim::Angle {
            out.push_str(&format!("HAHAHUGOSHORTCODEs{}HBHB", calls - 1));
            continue;
        }
        match placement(ctx.source(), sc.open.start) {
            Placement::Flow => ctx.render_nodes(std::slice::from_ref(node), &mut out),
            place_as => {
                let mut rendered = String::new();
                ctx.render_nodes(std::slice::from_ref(node), &mut rendered);
                place(&mut out, &place_as, &rendered);
            }
        }
    }
    (out, map, ctx.diagnostics)
}

/// The book's conversion as [`MarkdownShortcodes`]: a page of the site is found among the
/// book's pages by its path, and its calls are rendered by the book's registry as its own
/// conversion renders them (for [`Expand::Markdown`], the `{{< >}}` calls are left out,
/// [`AngleCalls::Placeholder`]); what they report is dropped, as the page's own conversion
/// reports it. The registry is held weakly: it holds the site's page tree, which holds this.
struct ShortcodeExpansion {
    site: Arc<Site>,
    config: Arc<HugoConfig>,
    registry: Weak<Registry>,
}

impl MarkdownShortcodes for ShortcodeExpansion {
    fn expand(
        &self,
        path: &str,
        text: &str,
        page: crate::template::Value,
        what: Expand,
    ) -> Option<String> {
        let registry = self.registry.upgrade()?;
        let index = self.site.page_index(path)?;
        let display_path = &self.site.pages[index].source.display_path;
        let source = SourceFile::new(display_path, text.to_string());
        let body_start = crate::frontmatter::split(&source.text).map_or(0, |s| s.body_start);
        let body_kind = |name: &str| registry.body_kind(name);
        let nodes = shortcode::parse(&source.text, body_start, &body_kind).ok()?;
        let ctx = RenderContext::new(&self.site, index, &source, &self.config, &registry)
            .with_page_value(page);
        let angle = match what {
            Expand::Markdown => AngleCalls::Placeholder,
            Expand::All => AngleCalls::Render,
        };
        let (markdown, _, _) = render_body(ctx, &nodes, angle);
        Some(markdown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::Page;
    use proptest::prelude::*;

    /// Pieces of a page: front matter, shortcodes, and Markdown the pass may change or not.
    const PIECES: &[&str] = &[
        "---\ntitle: T\n---\n",
        "# Title\n",
        "## A b\n",
        "text ",
        "\n",
        "\n\n",
        "{{< param \"x\" >}}",
        "{{ not a shortcode }}",
        "```rust\nfn f() {\n}\n```\n",
        "](/a/)",
        "[l](b.md)",
        "{.lead}",
        "\r\n",
        "\u{FEFF}",
    ];

    proptest! {
        /// A page given back as it is, without a copy, converts as the full path does.
        #[test]
        fn the_untouched_fast_path_never_changes_the_output(
            pieces in prop::collection::vec(prop::sample::select(PIECES), 0..16),
        ) {
            let page = Page::new("a.md", std::path::Path::new("a.md"), pieces.concat());
            let mut site = Site::new(vec![page], None);
            let config = HugoConfig::default();
            let registry = Registry::builtin();
            let (full, full_diagnostics) = convert_page(&site, 0, &config, &registry);
            let source = site.take_sources().pop().expect("one page");
            let fast = convert_owned(&site, 0, source, &config, &registry);
            prop_assert_eq!(&fast.markdown, &full);
            prop_assert_eq!(fast.diagnostics.len(), full_diagnostics.len());
        }
    }
}
