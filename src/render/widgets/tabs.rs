//! Tabs: hugo-book's, Doks' and Relearn's `tabs` + `tab`, Docsy's `tabpane` + `tab`.
//!
//! Keyboard-accessible tabs driven by `theme/hugo-tabs.js`. Every panel is in the page (so
//! in the search index); without the script, and in print, every panel shows with its
//! label. Ids carry the page's path, so the print page, which holds every chapter, has no
//! two alike.

use super::code::code_block;
use super::markup::deindent;
use crate::render::safe::html_param;
use crate::render::{RenderContext, push_decimal, start_block};
use crate::shortcode::{Node, Shortcode, Value};
use std::borrow::Cow;

/// One tab, ready to write.
struct Panel {
    /// The label as inline HTML (Docsy's headers are Markdown).
    label: String,
    body: String,
    /// Docsy's persistence key (lowercase): choosing this tab chooses the tabs with the
    /// same key in every `tabpane`, on this page and the next ones (`theme/hugo-tabs.js`).
    persist: Option<String>,
    /// Docsy's `disabled`: a label in the tab list that cannot be chosen (`Languages:`),
    /// with no panel (a disabled tab with content is an ordinary tab, with a warning).
    disabled: bool,
}

/// `tabs`/`tabpane` with their `tab` children.
pub(crate) fn tabs(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let group = ctx.unique_id("tabs");
    if let Some(persist) = sc
        .params
        .named("persist")
        .map(|v| v.as_text().to_ascii_lowercase())
        && !matches!(persist.as_str(), "header" | "lang" | "disabled")
    {
        ctx.warn(
            sc.open.start,
            format!(
                "{}: `persist` is header, lang or disabled, not {persist:?}; tabs are not tied",
                sc.name
            ),
        );
    }
    let mut panels = Vec::new();
    let mut stray = String::new();
    for node in sc.inner.as_deref().unwrap_or_default() {
        match node {
            Node::Shortcode(tab) if tab.name == "tab" => {
                let panel = panel(ctx, sc, tab, panels.len());
                panels.push(panel);
            }
            Node::Text(span) if ctx.source()[span.clone()].trim().is_empty() => {}
            other => ctx.render_nodes(std::slice::from_ref(other), &mut stray),
        }
    }
    untie_duplicate_keys(ctx, sc, &mut panels);
    if !stray.trim().is_empty() {
        ctx.warn(
            sc.open.start,
            format!(
                "{}: content outside a `tab` is shown before the tabs",
                sc.name
            ),
        );
        start_block(out);
        out.push_str(stray.trim());
        out.push('\n');
    }
    write_tabs(&group, &panels, out);
}

/// Two tabs of one pane with the same persistence key cannot both be chosen by it: as
/// Docsy does, the pane does not persist, with a warning naming the key.
fn untie_duplicate_keys(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, panels: &mut [Panel]) {
    let mut seen = std::collections::HashSet::new();
    let duplicate = panels
        .iter()
        .filter_map(|p| p.persist.as_deref())
        .find(|key| !seen.insert(*key))
        .map(str::to_string);
    if let Some(key) = duplicate {
        ctx.warn(
            sc.open.start,
            format!(
                "{}: two tabs have the persistence key {key:?}; this pane's tabs are not tied",
                sc.name
            ),
        );
        for panel in panels.iter_mut() {
            panel.persist = None;
        }
    }
}

/// Reads one `tab`: its label and its body, as Markdown or (Docsy) as code.
fn panel(
    ctx: &mut RenderContext<'_>,
    pane: &Shortcode<'_>,
    tab: &Shortcode<'_>,
    index: usize,
) -> Panel {
    let label = tab
        .params
        .text("header", 0)
        .or_else(|| tab.params.text("name", usize::MAX))
        .or_else(|| tab.params.text("title", usize::MAX))
        .map_or_else(|| Cow::Owned(format!("Tab {}", index + 1)), trimmed);
    let mut disabled = tab.params.named("disabled").is_some_and(Value::is_truthy);
    let body = ctx.render_inner(tab);
    if disabled && !body.trim().is_empty() {
        ctx.warn(
            tab.open.start,
            "tab: a `disabled` tab with content; shown as a tab that can be chosen",
        );
        disabled = false;
    }
    let label_html = html_param(ctx, tab.open.start, "tab", &label);
    let lang = code_language(pane, tab, &label);
    let persist = (!disabled)
        .then(|| persist_key(pane, &label, lang.as_deref(), &body))
        .flatten();
    let body = match lang {
        Some(lang) => {
            let options = tab
                .params
                .text("highlight", usize::MAX)
                .or_else(|| pane.params.text("highlight", usize::MAX))
                .unwrap_or_default()
                .into_owned();
            let code = deindent(body.trim_start_matches('\n').trim_end(), tab.indent);
            let mut block = String::new();
            code_block(
                ctx,
                tab.open.start,
                "tab",
                &lang,
                &options,
                &code,
                &mut block,
            );
            block
        }
        None => body,
    };
    Panel {
        label: label_html,
        body,
        persist,
        disabled,
    }
}

/// `text` without its surrounding whitespace, borrowed when it was.
fn trimmed(text: Cow<'_, str>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(text) => Cow::Borrowed(text.trim()),
        Cow::Owned(text) => Cow::Owned(text.trim().to_string()),
    }
}

/// Docsy's `persist` (`header`, `lang`, `disabled`; the old `persistLang=false` is
/// `disabled`): the key that ties a tab to the tabs of other panes. The default is
/// `header` when the pane sets `text` or `lang`, else `lang`; a `lang` key is the tab's
/// language or the first fence's in its body. Only `tabpane` persists.
fn persist_key(
    pane: &Shortcode<'_>,
    label: &str,
    lang: Option<&str>,
    body: &str,
) -> Option<String> {
    if pane.name != "tabpane" {
        return None;
    }
    let named = |key: &str| pane.params.named(key);
    if named("persistLang").is_some_and(|v| !v.is_truthy()) {
        return None;
    }
    let kind = match named("persist").map(|v| v.as_text().to_ascii_lowercase()) {
        Some(kind) => kind,
        None if named("text").is_some_and(Value::is_truthy) || named("lang").is_some() => {
            "header".to_string()
        }
        None => "lang".to_string(),
    };
    let key = match kind.as_str() {
        "header" => Some(crate::render::safe::plain_text(label)),
        "lang" => lang
            .map(str::to_string)
            .or_else(|| first_fence_language(body)),
        _ => None,
    };
    key.map(|k| k.trim().to_lowercase())
        .filter(|k| !k.is_empty())
}

/// The language of the first fenced code block in `markdown`.
fn first_fence_language(markdown: &str) -> Option<String> {
    markdown.lines().find_map(|line| {
        let info = line.trim_start().strip_prefix("```")?;
        let lang = info.trim_start_matches('`').split([' ', ',', '{']).next()?;
        (!lang.is_empty()).then(|| lang.to_string())
    })
}

/// Docsy: a tab is code when it (or its pane) names a `lang`, or the pane says
/// `langEqualsHeader`, unless `text=true`.
fn code_language(pane: &Shortcode<'_>, tab: &Shortcode<'_>, label: &str) -> Option<String> {
    let named =
        |sc: &Shortcode<'_>, key: &str| sc.params.named(key).map(|v| v.as_text().into_owned());
    let truthy = |sc: &Shortcode<'_>, key: &str| sc.params.named(key).map(Value::is_truthy);
    let text = truthy(tab, "text")
        .or_else(|| truthy(pane, "text"))
        .unwrap_or(false);
    if text {
        return None;
    }
    let lang = named(tab, "lang").or_else(|| named(pane, "lang"));
    let from_header = truthy(pane, "langEqualsHeader").unwrap_or(false);
    lang.or_else(|| from_header.then(|| label.to_ascii_lowercase()))
        .filter(|l| !l.trim().is_empty())
}

fn write_tabs(group: &str, panels: &[Panel], out: &mut String) {
    start_block(out);
    out.reserve(
        panels
            .iter()
            .map(|p| p.body.len() + 2 * p.label.len() + 400)
            .sum(),
    );
    out.push_str("<div class=\"hugo-tabs\" id=\"");
    out.push_str(group);
    out.push_str("\">\n<div class=\"hugo-tablist\" role=\"tablist\">\n");
    let first = panels.iter().position(|p| !p.disabled);
    for (i, panel) in panels.iter().enumerate() {
        if panel.disabled {
            out.push_str("<button type=\"button\" role=\"tab\" class=\"hugo-tab hugo-tab-disabled\" aria-disabled=\"true\" disabled>");
        } else {
            write_tab_button(group, i, Some(i) == first, panel, out);
        }
        out.push_str(&panel.label);
        out.push_str("</button>\n");
    }
    out.push_str("</div>\n");
    for (i, panel) in panels.iter().enumerate() {
        if panel.disabled {
            continue;
        }
        out.push_str("<div class=\"hugo-tabpanel\" role=\"tabpanel\" id=\"");
        push_tab_id(out, group, "-panel-", i);
        out.push_str("\" aria-labelledby=\"");
        push_tab_id(out, group, "-tab-", i);
        out.push_str("\" tabindex=\"0\">\n<p class=\"hugo-tab-label\">");
        out.push_str(&panel.label);
        out.push_str("</p>\n\n");
        out.push_str(panel.body.trim());
        out.push_str("\n\n</div>\n");
    }
    out.push_str("</div>\n");
}

/// The opening `<button ...>` of tab `i` of `group`, which can be chosen (`selected` when it
/// is the one shown first).
fn write_tab_button(group: &str, i: usize, selected: bool, panel: &Panel, out: &mut String) {
    out.push_str("<button type=\"button\" role=\"tab\" class=\"hugo-tab\" id=\"");
    push_tab_id(out, group, "-tab-", i);
    out.push_str("\" aria-controls=\"");
    push_tab_id(out, group, "-panel-", i);
    out.push_str(if selected {
        "\" aria-selected=\"true\" tabindex=\"0\""
    } else {
        "\" aria-selected=\"false\" tabindex=\"-1\""
    });
    if let Some(key) = &panel.persist {
        out.push_str(" data-hugo-persist=\"");
        out.push_str(&crate::html::escape_attr(key));
        out.push('"');
    }
    out.push('>');
}

/// Appends the id of tab `i`'s button (`kind` `-tab-`) or panel (`-panel-`) in `group`.
fn push_tab_id(out: &mut String, group: &str, kind: &str, i: usize) {
    out.push_str(group);
    out.push_str(kind);
    push_decimal(out, i);
}

/// A `tab` outside `tabs`: shown as a labelled section so nothing is lost. Relearn allows
/// a lone tab (one box with a title); the others do not, so they get a warning.
pub(crate) fn lone_tab(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    if sc.params.named("title").is_none() {
        ctx.warn(
            sc.open.start,
            "tab: used outside `tabs`; shown as a labelled section",
        );
    }
    let label = sc
        .params
        .text("header", 0)
        .or_else(|| sc.params.text("title", usize::MAX))
        .map_or_else(|| "Tab".to_string(), |l| l.trim().to_string());
    let body = ctx.render_inner(sc);
    start_block(out);
    out.push_str(&format!(
        "**{}**\n\n{}\n",
        crate::render::safe::markdown_text(&label),
        body.trim()
    ));
}
