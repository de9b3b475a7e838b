//! The site's block render hooks in the Markdown pass: headings, code blocks, blockquotes
//! and tables the site's `render-heading`, `render-codeblock[-LANG]`,
//! `render-blockquote[-TYPE]` and `render-table` render, and the passthrough elements
//! (`$$…$$`, `\[…\]`, `\(…\)`) of `render-passthrough[-TYPE]`
//! ([`crate::render::site::hooks`] has the lookup).
//!
//! Each element is read whole, its context gathered as Hugo 0.168 gives it, and the hook's
//! HTML takes the element's place: block HTML as one HTML block that Markdown leaves alone
//! (its blank lines written `&#10;`, the lines after the first carrying the indentation or
//! quote markers of the element's container), its `href`/`src` resolved and checked as
//! every link's. A heading's hook runs once the page's heading ids are known, so its
//! `.Anchor` is Hugo's id. A hook that fails is a warning at the element; Markdown then
//! renders the element as if there were no hook.

use super::Pass;
use crate::render::site::hooks::{HookKind, HookOutput, position};
use crate::render::site::shortcodes::{literal_text, starts_with_block_tag};
use crate::render::without_blank_lines;
use crate::template::{Map, SafeKind, Value};
use pulldown_cmark::{Alignment, CodeBlockKind, Event, Tag, TagEnd};
use std::ops::Range;

/// Whether a page may hold an element a block hook renders (so the pass must run): a
/// line that may start a heading, a fence, a quote or a table row, or a
/// passthrough delimiter, for the kinds the site has hooks for.
pub(super) fn may_apply(
    hooks: Option<&crate::render::site::shortcodes::SiteShortcodes>,
    markdown: &str,
) -> bool {
    let Some(hooks) = hooks else { return false };
    let has = |kind| hooks.has_hook(kind);
    (has(HookKind::Heading) && (markdown.contains('#') || has_setext_underline(markdown)))
        || (has(HookKind::Codeblock) && (markdown.contains("```") || markdown.contains("~~~")))
        || (has(HookKind::Blockquote) && markdown.contains('>'))
        || (has(HookKind::Table) && markdown.contains('|'))
        || (has(HookKind::Passthrough) && ["$$", "\\(", "\\["].iter().any(|d| markdown.contains(d)))
}

/// Whether a line may underline a setext heading (`===` or `---`).
fn has_setext_underline(markdown: &str) -> bool {
    markdown.lines().any(|line| {
        let t = line.trim_start_matches([' ', '\t', '>']).trim_end();
        !t.is_empty() && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-'))
    })
}

/// A block element being read for its hook.
pub(super) struct BlockHooked {
    kind: HookKind,
    /// The element's span in the page's rendered Markdown.
    pub(super) range: Range<usize>,
    /// A fenced code block's info string.
    info: Option<String>,
    /// A heading's level, explicit id, classes and attributes.
    level: usize,
    heading_attributes: Map,
    /// A table's column alignments.
    alignments: Vec<Alignment>,
    /// Whether a blockquote is one of GitHub's five alerts, whose marker line the parser
    /// has taken out of its events.
    gfm_alert: bool,
    /// Its `.Ordinal`: its number among the page's elements of its kind.
    ordinal: usize,
    /// The events inside the element.
    events: Vec<Event<'static>>,
    /// Where each event starts in the page, for reports at the element's links.
    starts: Vec<usize>,
    depth: usize,
    /// How many diagnostics the page had when the element started: the visitors'
    /// reports inside it are dropped when the hook renders it.
    diagnostics_mark: usize,
    /// The link and image `.Ordinal`s when the element started: its text's links are
    /// rendered again (by their hooks) with the same numbers.
    link_ordinals: [usize; 2],
}

/// A heading whose hook runs once the page's heading ids are known.
pub(super) struct HookedHeading {
    /// Its index among the page's headings.
    index: usize,
    element: BlockHooked,
}

impl BlockHooked {
    /// Takes the next event of the element; `true` at its end.
    pub(super) fn feed(&mut self, event: &Event<'_>, at: usize) -> bool {
        let same = |tag: &Tag<'_>| {
            matches!(
                (self.kind, tag),
                (HookKind::Blockquote, Tag::BlockQuote(_)) | (HookKind::Table, Tag::Table(_))
            )
        };
        match event {
            Event::Start(tag) if same(tag) => self.depth += 1,
            Event::End(end) => {
                let closes = matches!(
                    (self.kind, end),
                    (HookKind::Heading, TagEnd::Heading(_))
                        | (HookKind::Codeblock, TagEnd::CodeBlock)
                        | (HookKind::Blockquote, TagEnd::BlockQuote(_))
                        | (HookKind::Table, TagEnd::Table)
                );
                if closes {
                    self.depth -= 1;
                    if self.depth == 0 {
                        return true;
                    }
                }
            }
            _ => {}
        }
        self.events.push(event.clone().into_static());
        self.starts.push(at);
        false
    }

    /// The element's events, each with where it starts in the page.
    fn located_events(&self) -> impl Iterator<Item = (Event<'static>, usize)> + '_ {
        self.events.iter().cloned().zip(self.starts.iter().copied())
    }

    /// Whether the element refers to a footnote (`[^1]`). Such an element is left to
    /// Markdown: mdBook numbers a page's footnotes and writes their definitions only for
    /// references it renders itself, so a reference inside hook HTML would leave the
    /// footnote's text out of the page.
    fn has_footnote_reference(&self) -> bool {
        self.events
            .iter()
            .any(|event| matches!(event, Event::FootnoteReference(_)))
    }

    /// Whether this is a heading (whose hook waits for the page's ids).
    pub(super) fn is_heading(&self) -> bool {
        self.kind == HookKind::Heading
    }

    /// A heading's level (1 to 6).
    pub(super) fn level(&self) -> usize {
        self.level
    }

    /// The element's plain text (a heading's, for its id).
    pub(super) fn plain_text(&self) -> String {
        let mut text = String::new();
        for event in &self.events {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
        }
        text
    }

    /// The explicit `{#id}` of a heading.
    pub(super) fn explicit_id(&self) -> Option<String> {
        self.heading_attributes.get("id").map(Value::to_go_string)
    }
}

impl Pass<'_> {
    /// Starts reading a heading, code block, blockquote or table when the site has a hook
    /// for it.
    pub(super) fn start_block_hook(
        &mut self,
        event: &Event<'_>,
        range: &Range<usize>,
    ) -> Option<BlockHooked> {
        let hooks = self.hooks?;
        let mut element = BlockHooked {
            kind: HookKind::Heading,
            range: range.clone(),
            info: None,
            level: 0,
            heading_attributes: Map::new(),
            alignments: Vec::new(),
            gfm_alert: false,
            ordinal: 0,
            events: Vec::new(),
            starts: Vec::new(),
            depth: 1,
            diagnostics_mark: self.diagnostics.len(),
            link_ordinals: [
                self.ordinals[HookKind::Link as usize],
                self.ordinals[HookKind::Image as usize],
            ],
        };
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) if hooks.has_hook(HookKind::Heading) => {
                element.level = *level as usize;
                element.heading_attributes = heading_attributes(id, classes, attrs);
            }
            // Hugo runs code block hooks for fenced code only.
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let info = Some(info.to_string());
                let lang = code_type(info.as_deref().unwrap_or(""));
                if !hooks.has_hook(HookKind::Codeblock) {
                    return None;
                }
                // Every code block counts for `.Ordinal`, hooked or not, as in Hugo.
                let ordinal = self.next_ordinal(HookKind::Codeblock);
                hooks.hook_template(HookKind::Codeblock, lang)?;
                element.ordinal = ordinal;
                element.kind = HookKind::Codeblock;
                element.info = info;
            }
            Event::Start(Tag::BlockQuote(gfm)) if hooks.has_hook(HookKind::Blockquote) => {
                element.kind = HookKind::Blockquote;
                element.gfm_alert = gfm.is_some();
            }
            Event::Start(Tag::Table(alignments)) if hooks.has_hook(HookKind::Table) => {
                element.kind = HookKind::Table;
                element.alignments = alignments.clone();
            }
            _ => return None,
        }
        if element.kind != HookKind::Codeblock {
            element.ordinal = self.next_ordinal(element.kind);
        }
        Some(element)
    }

    /// Ends the reading of `element`: a heading joins the page's `headings` (its hook runs
    /// once their ids are known), any other element's hook runs now.
    pub(super) fn end_block_hook(
        &mut self,
        markdown: &str,
        element: BlockHooked,
        headings: &mut Vec<super::Heading>,
    ) {
        if !element.is_heading() {
            self.run_block_hook(markdown, element);
            return;
        }
        let level = pulldown_cmark::HeadingLevel::try_from(element.level())
            .unwrap_or(pulldown_cmark::HeadingLevel::H6);
        headings.push(super::Heading {
            start: element.range.start,
            end: element.range.end,
            level,
            text: element.plain_text(),
            explicit_id: element.explicit_id(),
            hooked: true,
        });
        self.hooked_headings.push(HookedHeading {
            index: headings.len() - 1,
            element,
        });
    }

    /// Runs the hooks of the page's hooked headings, `anchors` giving each one's heading
    /// index and Hugo id.
    pub(super) fn run_heading_hooks(&mut self, markdown: &str, anchors: &[(usize, String)]) {
        let hooked = std::mem::take(&mut self.hooked_headings);
        for heading in &hooked {
            let anchor = anchors
                .iter()
                .find(|(index, _)| *index == heading.index)
                .map_or("", |(_, anchor)| anchor.as_str());
            self.run_heading_hook(markdown, &heading.element, anchor);
        }
    }

    /// Runs the hook of an element that has been read (not a heading: see
    /// [`Pass::run_heading_hook`]), queueing its replacement.
    pub(super) fn run_block_hook(&mut self, markdown: &str, element: BlockHooked) {
        if element.has_footnote_reference() {
            return;
        }
        let ordinal = element.ordinal;
        // The visitors ran the link hooks inside the element; its text runs them again.
        let counted = [
            self.ordinals[HookKind::Link as usize],
            self.ordinals[HookKind::Image as usize],
        ];
        self.ordinals[HookKind::Link as usize] = element.link_ordinals[0];
        self.ordinals[HookKind::Image as usize] = element.link_ordinals[1];
        // What the visitors reported inside the element counts only if the hook fails;
        // gathering the fields (its links' hooks) reports afresh.
        let visitors = self.diagnostics.items()[element.diagnostics_mark..].to_vec();
        self.diagnostics.truncate(element.diagnostics_mark);
        let (variant, fields) = match element.kind {
            HookKind::Codeblock => self.code_block_fields(&element),
            HookKind::Blockquote => self.blockquote_fields(markdown, &element),
            HookKind::Table => (String::new(), self.table_fields(&element)),
            _ => return,
        };
        self.ordinals[HookKind::Link as usize] = counted[0];
        self.ordinals[HookKind::Image as usize] = counted[1];
        self.run_element_hook(markdown, &element, &variant, ordinal, fields, visitors);
    }

    /// Runs the heading hook of `element` now that its `anchor` (Hugo's id) is known.
    pub(super) fn run_heading_hook(&mut self, markdown: &str, element: &BlockHooked, anchor: &str) {
        if element.has_footnote_reference() {
            return;
        }
        let ordinal = element.ordinal;
        let mut attributes = element.heading_attributes.clone();
        attributes.insert("id".to_string(), Value::from(anchor));
        let text = self.html_with_link_hooks(element.located_events());
        let fields = Map::from([
            ("Level".to_string(), Value::from(element.level as i64)),
            ("Anchor".to_string(), Value::from(anchor)),
            ("Text".to_string(), Value::Safe(SafeKind::Html, text.into())),
            ("PlainText".to_string(), Value::from(element.plain_text())),
            ("Attributes".to_string(), Value::from(attributes)),
        ]);
        self.run_element_hook(markdown, element, "", ordinal, fields, Vec::new());
    }

    /// Runs the passthrough hook for `formula`, queueing its HTML in the formula's place
    /// (as an HTML block when the formula has its lines to itself); `false` when the hook
    /// failed (the formula is then left to the page's math, or to Markdown).
    pub(super) fn passthrough_hook(
        &mut self,
        markdown: &str,
        formula: &crate::math::Delimited,
    ) -> bool {
        let Some(hooks) = self.hooks else {
            return false;
        };
        let kind = match formula.display {
            crate::math::Display::Block => "block",
            crate::math::Display::Inline => "inline",
        };
        let Some(template) = hooks.hook_template(HookKind::Passthrough, kind) else {
            return false;
        };
        let ordinal = self.next_ordinal(HookKind::Passthrough);
        let at = formula.span.start;
        let fields = Map::from([
            (
                "Inner".to_string(),
                Value::from(&markdown[formula.tex.clone()]),
            ),
            ("Type".to_string(), Value::from(kind)),
            ("Ordinal".to_string(), Value::from(ordinal as i64)),
            ("Position".to_string(), self.position_value(at)),
            ("Attributes".to_string(), Value::from(Map::new())),
        ]);
        let output = hooks.run_hook(
            self.site,
            self.page_index,
            HookKind::Passthrough,
            &template,
            fields,
        );
        let Some(html) = self.hook_html(at, output) else {
            return false;
        };
        let line_start = markdown[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = markdown[formula.span.end..]
            .find('\n')
            .map_or(markdown.len(), |i| formula.span.end + i + 1);
        let alone = markdown[line_start..at]
            .trim_start_matches([' ', '\t', '>'])
            .is_empty()
            && markdown[formula.span.end..line_end].trim().is_empty();
        if kind == "block" && alone {
            let range = formula.span.start..line_end;
            let replacement = block_replacement(markdown, &range, &html);
            self.edits.push((range, replacement));
        } else {
            let html = html.lines().filter(|l| !l.trim().is_empty());
            let html: Vec<&str> = html.collect();
            self.edits
                .push((formula.span.clone(), literal_text(&html.join("\n"))));
        }
        true
    }

    /// The next `.Ordinal` of `kind` on the page.
    pub(super) fn next_ordinal(&mut self, kind: HookKind) -> usize {
        let counter = &mut self.ordinals[kind as usize];
        *counter += 1;
        *counter - 1
    }

    /// Runs the hook for `element` with its `fields` (`.Ordinal` and `.Position` added)
    /// and queues its HTML in the element's place; on failure, warns and leaves the
    /// element to Markdown.
    fn run_element_hook(
        &mut self,
        markdown: &str,
        element: &BlockHooked,
        variant: &str,
        ordinal: usize,
        mut fields: Map,
        visitors: Vec<crate::diagnostic::Diagnostic>,
    ) {
        let Some(hooks) = self.hooks else { return };
        let Some(template) = hooks.hook_template(element.kind, variant) else {
            return;
        };
        fields.insert("Ordinal".to_string(), Value::from(ordinal as i64));
        fields.insert(
            "Position".to_string(),
            self.position_value(element.range.start),
        );
        let output = hooks.run_hook(self.site, self.page_index, element.kind, &template, fields);
        let range = &element.range;
        let inside = |r: &Range<usize>| r.start >= range.start && r.end <= range.end;
        if element.is_heading() {
            // A heading's events went to its hook only: no visitor ran inside it.
        } else if output.html.is_ok() {
            // The hook renders the element: what the visitors did inside it is void.
            self.edits.retain(|(r, _)| !inside(r));
        } else {
            // Markdown renders it, with the visitors' edits and reports.
            self.diagnostics.truncate(element.diagnostics_mark);
            for diagnostic in visitors {
                self.diagnostics.push(diagnostic);
            }
        }
        if let Some(html) = self.hook_html(element.range.start, output) {
            let range = element.range.clone();
            let replacement = block_replacement(markdown, &range, &html);
            self.html_blocks.push(range.clone());
            self.edits.push((range, replacement));
        }
    }

    /// The hook's HTML with its links resolved; its warnings and failure reported at `at`
    /// (`None` when it failed).
    pub(super) fn hook_html(&mut self, at: usize, output: HookOutput) -> Option<String> {
        let name = output.template;
        for warning in output.warnings {
            self.report(at, format!("{name}: {warning}"));
        }
        match output.html {
            Ok(html) => Some(self.fix_html_urls(html.trim(), at)),
            Err(error) => {
                self.report(
                    at,
                    format!("{name}: the site's hook failed ({error}); Markdown renders this one"),
                );
                None
            }
        }
    }

    /// Hugo's `.Position` of the element at `at`: the page's file, line and column.
    fn position_value(&self, at: usize) -> Value {
        let offset = self.map.to_source(at);
        let at = self.source.position(offset);
        position(
            &self.source.display_path.display().to_string(),
            at.line,
            at.col,
        )
    }

    /// A code block's `.Type`, `.Inner`, `.Options` and `.Attributes`; its variant is its
    /// language.
    fn code_block_fields(&self, element: &BlockHooked) -> (String, Map) {
        let info = element.info.as_deref().unwrap_or("");
        let lang = code_type(info).to_string();
        let inner: String = element
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        // Hugo's `.Inner` ends without the last line's newline.
        let inner = inner.strip_suffix('\n').unwrap_or(&inner);
        let (options, attributes) = match info.find('{') {
            Some(brace) => fence_attributes(&info[brace..]),
            None => (Map::new(), Map::new()),
        };
        let fields = Map::from([
            ("Type".to_string(), Value::from(lang.as_str())),
            ("Inner".to_string(), Value::from(inner)),
            ("Options".to_string(), Value::from(options)),
            ("Attributes".to_string(), Value::from(attributes)),
        ]);
        (lang, fields)
    }

    /// A blockquote's `.Type`, `.AlertType`, `.AlertTitle`, `.AlertSign`, `.Text` and
    /// `.Attributes`; its variant is its `.Type` (`alert` or `regular`).
    fn blockquote_fields(&mut self, markdown: &str, element: &BlockHooked) -> (String, Map) {
        let quote = &markdown[element.range.clone()];
        let first_end = quote.find('\n').unwrap_or(quote.len());
        let alert = super::callout::parse(&quote[..first_end]);
        // The page's own events (its reference links resolved), without an alert's
        // marker line.
        let events: Vec<_> = element.located_events().collect();
        let events = match (&alert, element.gfm_alert) {
            (Some(_), false) => without_first_line(&events),
            _ => events,
        };
        let text = self.html_with_link_hooks(events.into_iter());
        let kind = if alert.is_some() { "alert" } else { "regular" };
        let title = match alert.as_ref().and_then(|a| a.title) {
            Some(title) => self.inline_html(title, element.range.start),
            None => String::new(),
        };
        let sign = match alert.as_ref().and_then(|a| a.fold) {
            Some(true) => "+",
            Some(false) => "-",
            None => "",
        };
        let fields = Map::from([
            ("Type".to_string(), Value::from(kind)),
            (
                "AlertType".to_string(),
                Value::from(
                    alert
                        .as_ref()
                        .map_or(String::new(), |a| a.kind.to_lowercase()),
                ),
            ),
            (
                "AlertTitle".to_string(),
                Value::Safe(SafeKind::Html, title.into()),
            ),
            ("AlertSign".to_string(), Value::from(sign)),
            ("Text".to_string(), Value::Safe(SafeKind::Html, text.into())),
            ("Attributes".to_string(), Value::from(Map::new())),
        ]);
        (kind.to_string(), fields)
    }

    /// `text` (Markdown, the text of the element at `at`) as HTML, parsed as the page is,
    /// its links and images rendered by the site's hooks.
    fn markdown_html(&mut self, text: &str, at: usize) -> String {
        let options = self.options;
        self.html_with_link_hooks(options.parser(text).map(|event| (event, at)))
    }

    /// One line of Markdown as inline HTML (without its paragraph).
    fn inline_html(&mut self, text: &str, at: usize) -> String {
        let html = self.markdown_html(text, at);
        let html = html.trim_end();
        html.strip_prefix("<p>")
            .and_then(|h| h.strip_suffix("</p>"))
            .unwrap_or(html)
            .to_string()
    }
}

/// A heading's `{#id .class key=value}` as Hugo's `.Attributes` map (`class` joined with
/// spaces; `id` kept for the caller to take out).
fn heading_attributes(
    id: &Option<pulldown_cmark::CowStr<'_>>,
    classes: &[pulldown_cmark::CowStr<'_>],
    attrs: &[(
        pulldown_cmark::CowStr<'_>,
        Option<pulldown_cmark::CowStr<'_>>,
    )],
) -> Map {
    let mut map = Map::new();
    if let Some(id) = id {
        map.insert("id".to_string(), Value::from(id.as_ref()));
    }
    if !classes.is_empty() {
        let joined: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
        map.insert("class".to_string(), Value::from(joined.join(" ").as_str()));
    }
    for (key, value) in attrs {
        let value = value.as_deref().unwrap_or("");
        map.insert(key.to_string(), attribute_value(value));
    }
    map
}

impl Pass<'_> {
    /// A table's `.THead` and `.TBody`: rows of cells with `.Text` (HTML, links by their
    /// hooks) and `.Alignment` (`left`, `center`, `right` or empty).
    fn table_fields(&mut self, element: &BlockHooked) -> Map {
        let mut head: Vec<Value> = Vec::new();
        let mut body: Vec<Value> = Vec::new();
        let mut row: Vec<Value> = Vec::new();
        let mut cell: Option<Vec<(Event<'static>, usize)>> = None;
        for (event, at) in element.located_events() {
            match event {
                Event::End(TagEnd::TableHead) => {
                    head.push(Value::from(std::mem::take(&mut row)));
                }
                Event::End(TagEnd::TableRow) => body.push(Value::from(std::mem::take(&mut row))),
                Event::Start(Tag::TableCell) => cell = Some(Vec::new()),
                Event::End(TagEnd::TableCell) => {
                    let events = cell.take().unwrap_or_default();
                    let alignment = match element.alignments.get(row.len()) {
                        Some(Alignment::Left) => "left",
                        Some(Alignment::Center) => "center",
                        Some(Alignment::Right) => "right",
                        _ => "",
                    };
                    row.push(Value::from(Map::from([
                        (
                            "Text".to_string(),
                            Value::Safe(
                                SafeKind::Html,
                                self.html_with_link_hooks(events.into_iter()).into(),
                            ),
                        ),
                        ("Alignment".to_string(), Value::from(alignment)),
                    ])));
                }
                other => {
                    if let Some(cell) = cell.as_mut() {
                        cell.push((other, at));
                    }
                }
            }
        }
        Map::from([
            ("THead".to_string(), Value::from(head)),
            ("TBody".to_string(), Value::from(body)),
            ("Attributes".to_string(), Value::from(Map::new())),
        ])
    }
}

/// A fenced code block's `.Type`: the info string's first word (before any `{`); empty
/// without one.
pub(super) fn code_type(info: &str) -> &str {
    info.split(|c: char| c.is_whitespace() || c == '{' || c == ',')
        .next()
        .unwrap_or("")
}

/// A fence's `{…}` as Hugo's `.Options` (the highlighting options) and `.Attributes` (the
/// rest; `.class` entries joined as `class`, `#id` as `id`).
fn fence_attributes(braced: &str) -> (Map, Map) {
    let inner = braced.trim().trim_start_matches('{').trim_end_matches('}');
    let (mut options, mut attributes) = (Map::new(), Map::new());
    let mut classes: Vec<String> = Vec::new();
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let end = crate::highlight::attribute_end(rest).max(1);
        let item = &rest[..end];
        rest = rest[end..].trim_start_matches([' ', ',', '\t']);
        if let Some(class) = item.strip_prefix('.') {
            classes.push(class.to_string());
            continue;
        }
        if let Some(id) = item.strip_prefix('#') {
            attributes.insert("id".to_string(), Value::from(id));
            continue;
        }
        let Some((key, value)) = item.split_once('=') else {
            continue;
        };
        let key = key.trim();
        let lower = key.to_ascii_lowercase();
        let value = attribute_value(value.trim());
        if lower == "hl_lines" {
            // Hugo hands the hook the lines parsed: `[[2 2] [4 5]]`.
            options.insert("hl_lines_parsed".to_string(), hl_lines_parsed(&value));
        } else if crate::highlight::HIGHLIGHT_OPTIONS.contains(&lower.as_str()) {
            options.insert(lower, value);
        } else {
            attributes.insert(key.to_string(), value);
        }
    }
    if !classes.is_empty() {
        attributes.insert("class".to_string(), Value::from(classes.join(" ").as_str()));
    }
    (options, attributes)
}

/// `hl_lines` (`[2,"4-5"]`, `"2 4-5"`) as Hugo's `hl_lines_parsed`: `[start end]` pairs.
fn hl_lines_parsed(value: &Value) -> Value {
    let words: Vec<String> = match value {
        Value::List(items) => items.iter().map(Value::to_go_string).collect(),
        other => other
            .to_go_string()
            .split_whitespace()
            .map(str::to_string)
            .collect(),
    };
    let pairs = words.iter().filter_map(|word| {
        let (start, end) = word.split_once('-').unwrap_or((word, word));
        let start = start.trim().parse::<i64>().ok()?;
        let end = end.trim().parse::<i64>().ok()?;
        Some(Value::from(vec![Value::from(start), Value::from(end)]))
    });
    Value::from(pairs.collect::<Vec<_>>())
}

/// A Goldmark attribute value as Hugo types it: a quoted string, `true`/`false`, a
/// number, a `[…]` list of values, or else the bare word.
fn attribute_value(value: &str) -> Value {
    if let Some(quoted) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        return Value::from(quoted);
    }
    if let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        let mut items = Vec::new();
        let mut rest = list.trim();
        while !rest.is_empty() {
            let end = crate::highlight::attribute_end(rest).max(1);
            items.push(attribute_value(rest[..end].trim()));
            rest = rest[end..].trim_start_matches([' ', ',', '\t']);
        }
        return Value::from(items);
    }
    match value {
        "true" => Value::from(true),
        "false" => Value::from(false),
        _ => value
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| value.parse::<f64>().map(Value::from))
            .unwrap_or_else(|_| Value::from(value)),
    }
}

/// A blockquote's events without the first line of its first paragraph (an alert's
/// `[!TYPE]` marker line); a one-line first paragraph goes whole.
fn without_first_line(events: &[(Event<'static>, usize)]) -> Vec<(Event<'static>, usize)> {
    if !matches!(events.first(), Some((Event::Start(Tag::Paragraph), _))) {
        return events.to_vec();
    }
    let Some(end) = events.iter().position(|(e, _)| {
        matches!(
            e,
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph)
        )
    }) else {
        return events.to_vec();
    };
    let mut out = Vec::with_capacity(events.len());
    if !matches!(events[end].0, Event::End(TagEnd::Paragraph)) {
        out.push((Event::Start(Tag::Paragraph), events[end].1));
    }
    out.extend(events[end + 1..].iter().cloned());
    out
}

/// What takes the place of the element at `range` of `markdown`: `html` as one HTML block
/// (or, when it is no block HTML, as literal text), each line after the first with the
/// indentation and quote markers of the element's container, and a blank line after it
/// when Markdown follows on the next line (so it does not join the block).
fn block_replacement(markdown: &str, range: &Range<usize>, html: &str) -> String {
    let line_start = markdown[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let prefix: String = markdown[line_start..range.start]
        .chars()
        .map(|c| if matches!(c, '>' | '\t') { c } else { ' ' })
        .collect();
    let body = if starts_with_block_tag(html) || html.trim_start().starts_with("<script") {
        without_blank_lines(html.trim())
    } else {
        literal_text(&without_blank_lines(html.trim()))
    };
    let mut out = String::with_capacity(body.len() + 16);
    for (i, line) in body.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&prefix);
        }
        out.push_str(line);
    }
    let element = &markdown[range.clone()];
    let after = &markdown[range.end..];
    if element.ends_with('\n') {
        out.push('\n');
        let next_line = after.split('\n').next().unwrap_or("");
        let next_is_blank = next_line
            .trim_start_matches([' ', '\t', '>'])
            .trim()
            .is_empty();
        if !after.is_empty() && !next_is_blank {
            out.push_str(prefix.trim_end());
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::site::shortcodes::SiteShortcodes;

    /// A site with the hooks `names` (each writes `<div class="NAME">…</div>`).
    fn site_with_hooks(names: &[&str]) -> (tempfile::TempDir, SiteShortcodes) {
        let dir = tempfile::tempdir().unwrap();
        let markup = dir.path().join("layouts/_markup");
        std::fs::create_dir_all(&markup).unwrap();
        for name in names {
            let body = format!("<div class=\"{name}\">{{{{ .Ordinal }}}}</div>");
            std::fs::write(markup.join(format!("{name}.html")), body).unwrap();
        }
        let (site, problems) = SiteShortcodes::load(dir.path(), &Default::default(), "S", "/");
        assert!(problems.is_empty());
        (dir, site)
    }

    #[test]
    fn the_pre_check_runs_the_pass_only_for_elements_the_site_hooks() {
        let plain = "Just words, *emphasis* and a list:\n\n- one\n- two\n";
        let pages = [
            ("render-heading", "## A heading\n"),
            ("render-heading", "A heading\n---\n"),
            ("render-codeblock", "```go\nx\n```\n"),
            ("render-blockquote", "> quoted\n"),
            ("render-table", "| a |\n|---|\n| b |\n"),
            ("render-passthrough", "Inline \\(x\\) math.\n"),
        ];
        let (_none, without) = site_with_hooks(&[]);
        for (hook, page) in pages {
            let (_dir, site) = site_with_hooks(&[hook]);
            assert!(may_apply(Some(&site), page), "{hook}: {page:?}");
            assert!(!may_apply(Some(&site), plain), "{hook}");
            assert!(!may_apply(Some(&without), page), "{page:?}");
            assert!(!may_apply(None, page), "{page:?}");
        }
        let (_dir, mut site) = site_with_hooks(&["render-heading"]);
        site.retain_hooks(&[HookKind::Codeblock]);
        assert!(!may_apply(Some(&site), "## A heading\n"));
    }

    #[test]
    fn a_code_block_takes_its_languages_hook_first() {
        let (_dir, site) = site_with_hooks(&["render-codeblock", "render-codeblock-mermaid"]);
        let template = |lang| site.hook_template(HookKind::Codeblock, lang);
        assert_eq!(
            template("mermaid").as_deref(),
            Some("render-codeblock-mermaid")
        );
        assert_eq!(
            template("Mermaid").as_deref(),
            Some("render-codeblock-mermaid")
        );
        assert_eq!(template("go").as_deref(), Some("render-codeblock"));
        let (_dir, site) = site_with_hooks(&["render-blockquote-alert"]);
        let template = |kind| site.hook_template(HookKind::Blockquote, kind);
        assert_eq!(
            template("alert").as_deref(),
            Some("render-blockquote-alert")
        );
        assert_eq!(template("regular"), None);
    }

    #[test]
    fn fence_attributes_split_into_options_and_attributes() {
        let (options, attributes) =
            fence_attributes(r#"{linenos=true hl_lines=[2,"4-5"] .wide #main title="a b" n=3}"#);
        assert_eq!(options.get("linenos"), Some(&Value::from(true)));
        let pair = |a: i64, b: i64| Value::from(vec![Value::from(a), Value::from(b)]);
        assert_eq!(
            options.get("hl_lines_parsed"),
            Some(&Value::from(vec![pair(2, 2), pair(4, 5)]))
        );
        assert_eq!(attributes.get("title"), Some(&Value::from("a b")));
        assert_eq!(attributes.get("class"), Some(&Value::from("wide")));
        assert_eq!(attributes.get("id"), Some(&Value::from("main")));
        assert_eq!(attributes.get("n"), Some(&Value::from(3)));
    }

    #[test]
    fn a_replacement_keeps_its_container_and_ends_its_block() {
        let markdown = "- ## Head\n  text\n";
        let range = 2..10;
        assert_eq!(
            block_replacement(markdown, &range, "<h2>\n\nHead</h2>"),
            "<h2>&#10;\n  Head</h2>\n\n"
        );
        let quoted = "> ```\n> x\n> ```\n> after\n";
        let replaced = block_replacement(quoted, &(2..quoted.len() - 8), "<pre>x\ny</pre>");
        assert_eq!(replaced, "<pre>x\n> y</pre>\n>\n");
        let events: Vec<(Event<'static>, usize)> =
            pulldown_cmark::Parser::new("[!X] T\nrest\n\nmore")
                .map(|e| (e.into_static(), 0))
                .collect();
        let mut html = String::new();
        let events = without_first_line(&events).into_iter().map(|(e, _)| e);
        pulldown_cmark::html::push_html(&mut html, events);
        assert_eq!(html, "<p>rest</p>\n<p>more</p>\n");
    }
}
