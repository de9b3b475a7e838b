//! Callouts written for Hugo themes (Obsidian and GitHub style) in mdBook's terms.
//!
//! mdBook 0.5 renders GitHub's five alerts (`> [!NOTE]`, `TIP`, `IMPORTANT`, `WARNING`,
//! `CAUTION`) and nothing else: no other type, no custom title, no folding. Hugo themes
//! render more through their blockquote render hooks: any type name, a title after the
//! marker, and `-`/`+` for a callout that folds (closed or open).

/// The marker line of a callout: `[!TYPE]`, an optional `-`/`+`, an optional title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Callout<'a> {
    /// The type as written (`INFO`, `note`).
    pub kind: &'a str,
    /// `Some(false)` for `-` (folded), `Some(true)` for `+` (open), `None` when it does not fold.
    pub fold: Option<bool>,
    /// The title after the marker, if any.
    pub title: Option<&'a str>,
}

impl Callout<'_> {
    /// The mdBook admonition for the type: the five as they are, other names by meaning
    /// (the Obsidian names Hugo themes accept), anything else a note.
    pub fn admonition(&self) -> &'static str {
        match self.kind.to_ascii_lowercase().as_str() {
            "tip" | "hint" | "success" | "check" | "done" => "TIP",
            "important" => "IMPORTANT",
            "warning" | "attention" | "question" | "help" | "faq" => "WARNING",
            "caution" | "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "CAUTION",
            _ => "NOTE",
        }
    }

    /// Whether mdBook would not render it as written.
    pub fn needs_rewrite(&self) -> bool {
        self.fold.is_some() || self.title.is_some() || self.kind != self.admonition()
    }
}

/// Reads the marker from a blockquote's first line (`> [!INFO]- Title`).
pub(super) fn parse(first_line: &str) -> Option<Callout<'_>> {
    let rest = first_line.trim_start().strip_prefix('>')?;
    let rest = rest.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
    let rest = rest.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let kind = &rest[..close];
    if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let mut after = &rest[close + 1..];
    let fold = match after.chars().next() {
        Some('-') => Some(false),
        Some('+') => Some(true),
        _ => None,
    };
    if fold.is_some() {
        after = &after[1..];
    }
    let title = after.trim();
    Some(Callout {
        kind,
        fold,
        title: (!title.is_empty()).then_some(title),
    })
}

/// The first line of the admonition: the quote's prefix, mdBook's marker, and the title as
/// a bold line of its own.
pub(super) fn admonition_head(callout: &Callout<'_>, first_line: &str) -> String {
    let prefix = &first_line[..first_line.find('[').unwrap_or(0)];
    let mut head = format!("{prefix}[!{}]", callout.admonition());
    if let Some(title) = callout.title {
        let continuation = prefix.trim_end();
        head.push_str(&format!("\n{continuation} **{title}**\n{continuation}"));
    }
    head
}

/// A folding callout as `<details>`, as edits of `quote` (spans relative to it): the
/// marker line becomes the opening with the title (or the type) as the summary, each
/// further line loses one `>` level, and the closing tag follows the quote. Edits stay at
/// line starts, so links inside are still fixed.
pub(super) fn details(
    callout: &Callout<'_>,
    open: bool,
    quote: &str,
) -> Vec<(std::ops::Range<usize>, String)> {
    let summary = callout.title.unwrap_or(callout.kind);
    let attribute = if open { " open" } else { "" };
    let kind = callout.admonition().to_ascii_lowercase();
    let first_end = quote.find('\n').unwrap_or(quote.len());
    let mut edits = vec![(
        0..first_end,
        format!(
            "<details class=\"hugo-callout hugo-callout-{kind}\"{attribute}>\n<summary>{}</summary>\n",
            crate::html::escape_text(summary)
        ),
    )];
    let mut at = first_end + 1;
    while at < quote.len() {
        let line = &quote[at..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let indent = line.len() - line.trim_start().len();
        if line[indent..].starts_with('>') {
            let marker = indent + 1 + usize::from(line[indent + 1..].starts_with(' '));
            edits.push((at..at + marker, String::new()));
        }
        at += line.len() + 1;
    }
    let end = quote.len();
    let closing = if quote.ends_with('\n') {
        "\n</details>\n"
    } else {
        "\n\n</details>\n"
    };
    edits.push((end..end, closing.to_string()));
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_read_with_their_fold_and_title() {
        let c = parse("> [!INFO]- Read me").unwrap();
        assert_eq!(
            (c.kind, c.fold, c.title),
            ("INFO", Some(false), Some("Read me"))
        );
        assert_eq!(c.admonition(), "NOTE");
        assert!(!parse("> [!NOTE]").unwrap().needs_rewrite());
        assert!(parse("> [!note]").unwrap().needs_rewrite());
        assert!(parse("> [!CAUTION] Title").unwrap().needs_rewrite());
        assert_eq!(parse("> text"), None);
        assert_eq!(parse("> [!a b]"), None);
    }
}
