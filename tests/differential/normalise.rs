//! Turns a page's `<main>`, from Hugo or from mdBook, into a comparable outline: one line
//! per block, indented by nesting, with visible text whitespace-collapsed, headings with
//! level and id, lists, tables, quotes, code with exact text, and links and images with
//! targets resolved to `page#fragment` (see `differential.rs` for the rules).

use scraper::{ElementRef, Html, Node, Selector};

/// Which tool wrote the HTML: it decides how widgets and tool chrome are read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    Hugo,
    Mdbook,
}

/// Resolves an `href` or `src` of the page to a comparable target.
pub trait Resolve {
    /// A link target: `page.md#fragment`, or the URL as written when it leaves the site.
    fn link(&self, href: &str) -> String;
    /// An image source: a site-absolute path, or the URL when it leaves the site.
    fn image(&self, src: &str) -> String;
}

/// The outline of the `<main>` element of `html`.
pub fn outline(html: &str, side: Side, resolve: &dyn Resolve) -> Vec<String> {
    let doc = Html::parse_document(html);
    let main = doc
        .select(&Selector::parse("main").unwrap())
        .next()
        .expect("<main> in the page");
    let mut w = Writer {
        side,
        resolve,
        lines: Vec::new(),
        depth: 0,
    };
    w.container(main);
    w.lines
}

struct Writer<'r> {
    side: Side,
    resolve: &'r dyn Resolve,
    lines: Vec<String>,
    depth: usize,
}

/// Whether `el` has `class`.
fn has_class(el: ElementRef, class: &str) -> bool {
    el.value().classes().any(|c| c == class)
}

/// The rest of `el`'s first class that starts with `prefix`.
fn class_with_prefix(el: ElementRef, prefix: &str) -> Option<String> {
    el.value()
        .classes()
        .find_map(|c| c.strip_prefix(prefix).map(str::to_string))
}

/// Elements that are blocks (anything else is read as inline content).
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "div",
    "table",
    "figure",
    "figcaption",
    "details",
    "summary",
    "hr",
    "dl",
    "dt",
    "dd",
    "section",
    "aside",
    "nav",
    "header",
    "footer",
    "iframe",
];

/// Whether an element of this name is a block.
fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name)
}

/// Collapses runs of whitespace to one space and trims.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The child elements of `el`.
fn children(el: ElementRef) -> impl Iterator<Item = ElementRef> {
    el.children().filter_map(ElementRef::wrap)
}

impl Writer<'_> {
    /// Writes one outline line at the current depth.
    fn emit(&mut self, line: String) {
        self.lines
            .push(format!("{}{line}", "  ".repeat(self.depth)));
    }

    /// Emits `head`, then the blocks of `el` one level deeper.
    fn nested(&mut self, head: String, el: ElementRef, skip: &dyn Fn(ElementRef) -> bool) {
        self.emit(head);
        self.depth += 1;
        self.container_skipping(el, skip);
        self.depth -= 1;
    }

    /// The blocks of `el`.
    fn container(&mut self, el: ElementRef) {
        self.container_skipping(el, &|_| false);
    }

    /// The blocks of `el`: runs of inline content between blocks are paragraphs.
    fn container_skipping(&mut self, el: ElementRef, skip: &dyn Fn(ElementRef) -> bool) {
        let mut pending = String::new();
        for child in el.children() {
            match child.value() {
                Node::Text(t) => pending.push_str(t),
                Node::Element(e) => {
                    let child = ElementRef::wrap(child).unwrap();
                    if skip(child) || self.is_footnote_rule(child) {
                        continue;
                    }
                    if is_block(e.name()) && !self.is_inline_widget(child) {
                        self.flush(&mut pending);
                        self.block(child);
                    } else {
                        pending.push_str(&self.inline(child));
                    }
                }
                _ => {}
            }
        }
        self.flush(&mut pending);
    }

    /// Writes the pending inline run as a paragraph, if it has text.
    fn flush(&mut self, pending: &mut String) {
        let text = collapse(pending);
        if !text.is_empty() {
            self.emit(format!("p {text:?}"));
        }
        pending.clear();
    }

    /// mdBook's `hr` right before its footnotes.
    fn is_footnote_rule(&self, el: ElementRef) -> bool {
        let next = el.next_siblings().filter_map(ElementRef::wrap).next();
        self.side == Side::Mdbook
            && el.value().name() == "hr"
            && next.is_some_and(|n| has_class(n, "footnote-definition"))
    }

    /// Blocks that read as inline content (our QR code and embeds on either side).
    fn is_inline_widget(&self, el: ElementRef) -> bool {
        has_class(el, "hugo-qr")
    }

    /// One block element and what it holds.
    fn block(&mut self, el: ElementRef) {
        if self.widget(el) {
            return;
        }
        let name = el.value().name();
        match name {
            "p" => {
                let text = collapse(&self.inline_children(el));
                if !text.is_empty() {
                    self.emit(format!("p {text:?}"));
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading(el),
            "ul" => self.nested("ul".into(), el, &|_| false),
            "ol" => {
                let start = el.value().attr("start").unwrap_or("1").to_string();
                self.nested(format!("ol start={start}"), el, &|_| false)
            }
            "li" => self.nested("li".into(), el, &|_| false),
            "blockquote" => self.nested("blockquote".into(), el, &|_| false),
            "pre" => self.code(el, false),
            "div" if self.side == Side::Hugo && has_class(el, "highlight") => self.chroma_block(el),
            "table" => self.table(el),
            "figure" => self.nested("figure".into(), el, &|_| false),
            "figcaption" => self.caption(el),
            "details" => self.details(el),
            "hr" => self.emit("hr".into()),
            "dl" => self.nested("dl".into(), el, &|_| false),
            "dt" => {
                let text = collapse(&self.inline_children(el));
                self.emit(format!("dt {text:?}"));
            }
            "dd" => self.nested("dd".into(), el, &|_| false),
            "iframe" => {
                let src = el.value().attr("src").unwrap_or("");
                let title = el.value().attr("title").unwrap_or("");
                self.emit(format!("iframe {} {title:?}", video(src)));
            }
            _ => self.container(el),
        }
    }

    /// `hN #id "text"`: on mdBook's side the id is our `span.hugo-anchor`'s when there is
    /// one.
    fn heading(&mut self, el: ElementRef) {
        let level = &el.value().name()[1..];
        let mut id = el.value().attr("id").unwrap_or("").to_string();
        if self.side == Side::Mdbook {
            let anchor = Selector::parse("span.hugo-anchor").unwrap();
            if let Some(a) = el.select(&anchor).next() {
                id = a.value().attr("id").unwrap_or("").to_string();
            }
        }
        let text = collapse(&self.inline_children(el));
        self.emit(format!("h{level} #{id} {text:?}"));
    }

    /// A figure's caption: its title (Hugo's `h4`, our `strong.hugo-figure-title`), then
    /// the rest of its text.
    fn caption(&mut self, el: ElementRef) {
        let is_title = |c: ElementRef| match self.side {
            Side::Hugo => c.value().name() == "h4",
            Side::Mdbook => has_class(c, "hugo-figure-title"),
        };
        let title = children(el)
            .find(|c| is_title(*c))
            .map(|t| collapse(&t.text().collect::<String>()));
        let mut text = String::new();
        for child in el.children() {
            match ElementRef::wrap(child) {
                Some(c) if is_title(c) => {}
                Some(c) => text.push_str(&self.inline(c)),
                None => text.push_str(child.value().as_text().map_or("", |t| t)),
            }
        }
        let title = title.map(|t| format!(" title={t:?}")).unwrap_or_default();
        self.emit(format!("caption{title} {:?}", collapse(&text)));
    }

    /// `details [open] summary=...`, then the body.
    fn details(&mut self, el: ElementRef) {
        let summary = children(el)
            .find(|c| c.value().name() == "summary")
            .map(|s| collapse(&self.inline_children(s)))
            .unwrap_or_default();
        let open = if el.value().attr("open").is_some() {
            " open"
        } else {
            ""
        };
        let head = format!("details{open} summary={summary:?}");
        self.nested(head, el, &|c| c.value().name() == "summary");
    }

    /// `table`, then one `row` line per row.
    fn table(&mut self, el: ElementRef) {
        self.emit("table".into());
        self.depth += 1;
        let rows = Selector::parse("tr").unwrap();
        for row in el.select(&rows) {
            let cells: Vec<String> = children(row).map(|cell| self.cell(cell)).collect();
            self.emit(format!("row {}", cells.join(" | ")));
        }
        self.depth -= 1;
    }

    /// A table cell: `th:` or nothing, then its blocks on one line.
    fn cell(&mut self, cell: ElementRef) -> String {
        let mut inner = Writer {
            side: self.side,
            resolve: self.resolve,
            lines: Vec::new(),
            depth: 0,
        };
        inner.container(cell);
        let kind = if cell.value().name() == "th" {
            "th:"
        } else {
            ""
        };
        format!("{kind}[{}]", inner.lines.join(" ⏎ "))
    }

    /// Chroma's block: with `linenos=table` a table of two cells, the numbers and the code.
    fn chroma_block(&mut self, el: ElementRef) {
        let numbered = Selector::parse(".lnt, .ln").unwrap();
        let pres = Selector::parse("pre").unwrap();
        match el.select(&pres).last() {
            Some(pre) => self.code(pre, el.select(&numbered).next().is_some()),
            None => self.container(el),
        }
    }

    /// A code block: language, line numbers (`numbered`, or our fence class) and marked
    /// lines, then the exact lines.
    fn code(&mut self, pre: ElementRef, mut numbered: bool) {
        let code_sel = Selector::parse("code").unwrap();
        let code = pre.select(&code_sel).next().unwrap_or(pre);
        let mut attrs = String::new();
        let lang = code
            .value()
            .attr("data-lang")
            .map(str::to_string)
            .or_else(|| class_with_prefix(code, "language-"));
        if let Some(lang) = lang {
            attrs.push_str(&format!(" lang={lang}"));
        }
        let mut text = String::new();
        let mut hl = Vec::new();
        match self.side {
            Side::Hugo => self.chroma(code, &mut text, &mut hl, &mut numbered),
            Side::Mdbook => {
                text = code.text().collect();
                for class in code.value().classes() {
                    if class == "hugo-linenos" {
                        numbered = true;
                    } else if let Some(n) = class.strip_prefix("hugo-hl-") {
                        hl.extend(expand_range(n));
                    }
                }
            }
        }
        if numbered {
            attrs.push_str(" linenos");
        }
        if !hl.is_empty() {
            let hl: Vec<String> = hl.iter().map(usize::to_string).collect();
            attrs.push_str(&format!(" hl={}", hl.join(",")));
        }
        self.emit(format!("code{attrs}"));
        for line in text.trim_end_matches('\n').split('\n') {
            self.emit(format!("  | {line}"));
        }
    }

    /// Chroma's output: the code without line numbers, and which lines are marked.
    fn chroma(
        &self,
        code: ElementRef,
        text: &mut String,
        hl: &mut Vec<usize>,
        numbered: &mut bool,
    ) {
        let mut line_no = 0;
        for node in code.descendants() {
            let Some(el) = ElementRef::wrap(node) else {
                if let Node::Text(t) = node.value() {
                    let inside_number = node
                        .ancestors()
                        .filter_map(ElementRef::wrap)
                        .any(|a| has_class(a, "ln") || has_class(a, "lnt"));
                    if !inside_number {
                        text.push_str(t);
                    }
                }
                continue;
            };
            if has_class(el, "line") {
                line_no += 1;
                if has_class(el, "hl") {
                    hl.push(line_no);
                }
            }
            if has_class(el, "ln") || has_class(el, "lnt") {
                *numbered = true;
            }
        }
    }

    /// Theme widgets, read the same on both sides: admonitions as `box KIND title=...`,
    /// tabs as `tabs` / `tab LABEL`, columns. Returns whether `el` was one.
    fn widget(&mut self, el: ElementRef) -> bool {
        match self.side {
            Side::Hugo => self.hugo_widget(el),
            Side::Mdbook => self.mdbook_widget(el),
        }
    }

    /// The stand-in templates' widgets and Goldmark's footnotes.
    fn hugo_widget(&mut self, el: ElementRef) -> bool {
        let attr = |n: &str| el.value().attr(n).unwrap_or("").to_string();
        if has_class(el, "box") {
            let title = children(el)
                .find(|c| has_class(*c, "box-title"))
                .map(|t| collapse(&self.inline_children(t)))
                .unwrap_or_default();
            let fold = attr("data-fold");
            let fold = if fold.is_empty() {
                String::new()
            } else {
                format!(" fold={fold}")
            };
            let head = format!("box {}{fold} title={title:?}", attr("data-kind"));
            self.nested(head, el, &|c| has_class(c, "box-title"));
        } else if has_class(el, "tabs") {
            self.nested("tabs".into(), el, &|_| false);
        } else if has_class(el, "tab") {
            self.nested(format!("tab {:?}", attr("data-label")), el, &|_| false);
        } else if has_class(el, "columns") {
            self.nested("columns".into(), el, &|_| false);
        } else if has_class(el, "column") {
            self.nested("column".into(), el, &|_| false);
        } else if has_class(el, "footnotes") {
            self.footnotes(el, "div.footnotes > ol > li");
        } else {
            return false;
        }
        true
    }

    /// Our widgets, mdBook's admonitions and footnotes.
    fn mdbook_widget(&mut self, el: ElementRef) -> bool {
        if let Some(kind) = class_with_prefix(el, "blockquote-tag-") {
            self.admonition(el, kind);
        } else if has_class(el, "hugo-tabs") {
            self.nested("tabs".into(), el, &|c| has_class(c, "hugo-tablist"));
        } else if has_class(el, "hugo-tabpanel") {
            let label = children(el)
                .find(|c| has_class(*c, "hugo-tab-label"))
                .map(|l| collapse(&l.text().collect::<String>()))
                .unwrap_or_default();
            self.nested(format!("tab {label:?}"), el, &|c| {
                has_class(c, "hugo-tab-label")
            });
        } else if has_class(el, "hugo-columns") {
            self.nested("columns".into(), el, &|_| false);
        } else if has_class(el, "hugo-column") {
            self.nested("column".into(), el, &|_| false);
        } else if el.value().name() == "ol" && has_class(el, "footnote-definition") {
            self.footnotes(el, "ol.footnote-definition > li");
        } else if has_class(el, "hugo-embed") {
            self.container_skipping(el, &|c| has_class(c, "hugo-embed-link"));
        } else {
            return false;
        }
        true
    }

    /// The footnotes: `footnotes`, then each note (Hugo's sit in a `div` with an `hr`,
    /// mdBook's `hr` comes before the list and is dropped in `container_skipping`).
    fn footnotes(&mut self, el: ElementRef, items: &str) {
        self.emit("footnotes".into());
        self.depth += 1;
        for li in el.select(&Selector::parse(items).unwrap()) {
            self.block(li);
        }
        self.depth -= 1;
    }

    /// mdBook's admonition: its label ("Note") is chrome and dropped; a first paragraph
    /// that is all bold is the title, as the preprocessor writes custom titles.
    fn admonition(&mut self, el: ElementRef, kind: String) {
        let first_p = children(el)
            .find(|c| c.value().name() == "p" && !has_class(*c, "blockquote-tag-title"));
        let title_p = first_p.filter(|p| {
            let strong: Vec<_> = children(*p).collect();
            let text_outside: String = p
                .children()
                .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
                .collect();
            strong.len() == 1
                && strong[0].value().name() == "strong"
                && text_outside.trim().is_empty()
        });
        let title = title_p
            .and_then(|p| children(p).next())
            .map(|strong| collapse(&self.inline_children(strong)))
            .unwrap_or_default();
        let title_id = title_p.map(|p| p.id());
        let head = format!("box {kind} title={title:?}");
        self.nested(head, el, &|c| {
            has_class(c, "blockquote-tag-title") || Some(c.id()) == title_id
        });
    }

    /// The inline text of `el`'s children.
    fn inline_children(&self, el: ElementRef) -> String {
        let mut out = String::new();
        for child in el.children() {
            match child.value() {
                Node::Text(t) => out.push_str(t),
                Node::Element(_) => out.push_str(&self.inline(ElementRef::wrap(child).unwrap())),
                _ => {}
            }
        }
        out
    }

    /// One inline element as text: links `[text](→target)`, images `![alt](src)`, code in
    /// backticks, `*em*`, `**strong**`, `~~del~~`, footnote references `[^n]`; chrome
    /// (mdBook's heading links, icons, footnote back links, our extra anchors) dropped.
    fn inline(&self, el: ElementRef) -> String {
        let attr = |n: &str| el.value().attr(n).unwrap_or("");
        match el.value().name() {
            "a" if self.is_chrome_link(el) => self.inline_children(el),
            "a" if self.is_backref(el) => String::new(),
            "a" if self.is_footnote_ref(el) => {
                format!("[^{}]", collapse(&el.text().collect::<String>()))
            }
            "a" => {
                let text = collapse(&self.inline_children(el));
                format!("[{text}](→{})", self.resolve.link(attr("href")))
            }
            "img" if self.side == Side::Hugo && attr("src").starts_with("/qr_") => {
                format!("![{}](qr)", collapse(attr("alt")))
            }
            "img" => format!(
                "![{}]({})",
                collapse(attr("alt")),
                self.resolve.image(attr("src"))
            ),
            "code" => format!("`{}`", el.text().collect::<String>()),
            "em" | "i" if !self.inline_children(el).trim().is_empty() => {
                format!("*{}*", self.inline_children(el))
            }
            "strong" | "b" => format!("**{}**", self.inline_children(el)),
            "del" | "s" => format!("~~{}~~", self.inline_children(el)),
            "br" => " ".into(),
            "script" | "style" | "button" => String::new(),
            "svg" if has_class(el, "hugo-qr-code") => format!("![{}](qr)", attr("aria-label")),
            "svg" if attr("role") == "img" => format!("![{}](svg)", attr("aria-label")),
            "svg" | "i" => String::new(),
            "iframe" => format!(" iframe {} {:?} ", video(attr("src")), attr("title")),
            "input" if attr("type") == "checkbox" => {
                if el.value().attr("checked").is_some() {
                    "[x] ".into()
                } else {
                    "[ ] ".into()
                }
            }
            "span" if has_class(el, "hugo-anchor") => String::new(),
            // mdBook's image zoom: a checkbox and a second copy of the image.
            "label" if has_class(el, "checkbox-label") => {
                let img = el.select(&Selector::parse("img").unwrap()).next();
                img.map(|i| self.inline(i)).unwrap_or_default()
            }
            name if is_block(name) => format!(" {} ", self.inline_children(el)),
            _ => self.inline_children(el),
        }
    }

    /// mdBook's `<a class="header">` around heading text.
    fn is_chrome_link(&self, el: ElementRef) -> bool {
        self.side == Side::Mdbook && has_class(el, "header")
    }

    /// A footnote's link back to its reference.
    fn is_backref(&self, el: ElementRef) -> bool {
        let href = el.value().attr("href").unwrap_or("");
        has_class(el, "footnote-backref") || (self.side == Side::Mdbook && href.starts_with("#fr-"))
    }

    /// A footnote reference in the text.
    fn is_footnote_ref(&self, el: ElementRef) -> bool {
        let href = el.value().attr("href").unwrap_or("");
        has_class(el, "footnote-ref")
            || (self.side == Side::Mdbook && href.starts_with("#footnote-"))
    }
}

/// A video frame's source as `host/id` (the query, player options, is not compared).
fn video(src: &str) -> String {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    let id = path.rsplit('/').next().unwrap_or("");
    let host = if src.contains("youtube") {
        "youtube"
    } else if src.contains("vimeo") {
        "vimeo"
    } else {
        return path.to_string();
    };
    format!("{host}/{id}")
}

/// `2`, `2-4` -> the line numbers.
fn expand_range(spec: &str) -> Vec<usize> {
    match spec.split_once('-') {
        Some((a, b)) => match (a.parse::<usize>(), b.parse::<usize>()) {
            (Ok(a), Ok(b)) => (a..=b).collect(),
            _ => Vec::new(),
        },
        None => spec.parse().into_iter().collect(),
    }
}
