//! Link destinations: the one place that reads a URL as Hugo content writes it, applies
//! Hugo's URL rules to paths, resolves site-absolute URLs to the book's chapters and files,
//! and writes a destination that is valid in Markdown and in HTML.
//!
//! Every link mdbook-hugo emits, from the Markdown pass (site links, cards, raw HTML) or
//! from a shortcode (`ref`, `relref`, buttons, `children`, images), is made here.

use crate::site::{LinkTarget, Site};
use percent_encoding::percent_decode_str;
use std::borrow::Cow;

/// A URL cut into its parts, as written (nothing decoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// Everything before `?` and `#` (`/what/roles/`).
    pub path: &'a str,
    /// After `?`, without it.
    pub query: Option<&'a str>,
    /// After `#`, without it.
    pub fragment: Option<&'a str>,
}

/// Cuts `url` at the first `#` (fragment) and then at the first `?` (query).
pub fn split(url: &str) -> UrlParts<'_> {
    // One scan finds whichever of `#` and `?` comes first: a `?` after the first `#` is
    // part of the fragment.
    let Some(cut) = url.bytes().position(|b| b == b'#' || b == b'?') else {
        return UrlParts {
            path: url,
            query: None,
            fragment: None,
        };
    };
    let (path, rest) = (&url[..cut], &url[cut + 1..]);
    if url.as_bytes()[cut] == b'#' {
        return UrlParts {
            path,
            query: None,
            fragment: Some(rest),
        };
    }
    let (query, fragment) = match rest.bytes().position(|b| b == b'#') {
        Some(hash) => (&rest[..hash], Some(&rest[hash + 1..])),
        None => (rest, None),
    };
    UrlParts {
        path,
        query: Some(query),
        fragment,
    }
}

/// The `/`-separated segments of `path`, empty ones included (`str::split('/')`, by a
/// plain byte scan, which costs less than a `memchr` call on the short segments of links).
pub fn segments(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(path);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.bytes().position(|b| b == b'/') {
            Some(slash) => {
                rest = Some(&text[slash + 1..]);
                Some(&text[..slash])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// The last `/`-separated segment of `path` (all of it when it has no `/`).
pub fn last_segment(path: &str) -> &str {
    let slash = path.bytes().rposition(|b| b == b'/');
    slash.map_or(path, |slash| &path[slash + 1..])
}

/// `%XX` escapes decoded (invalid UTF-8 kept as written).
pub fn decode(path: &str) -> Cow<'_, str> {
    if !path.contains('%') {
        return Cow::Borrowed(path);
    }
    match percent_decode_str(path).decode_utf8() {
        Ok(decoded) => decoded,
        Err(_) => Cow::Borrowed(path),
    }
}

/// Whether [`encode`] percent-encodes a byte, by its value (a table: links are encoded
/// byte by byte, and a look-up costs less than the comparisons).
const ENCODED_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = needs_encoding(b as u8);
        b += 1;
    }
    table
};

/// Whether [`encode`] percent-encodes the byte `b` (see there).
const fn needs_encoding(b: u8) -> bool {
    b.is_ascii_control()
        || matches!(
            b,
            b' ' | b'"' | b'%' | b'<' | b'>' | b'(' | b')' | b'\\' | b'`' | b'{' | b'}' | b'|'
        )
}

/// Writes `text` (decoded) so that it is one valid Markdown link destination and a valid
/// HTML attribute value once attribute-escaped: ASCII controls, space, `"`, `%`, `<`, `>`,
/// `(`, `)`, `\`, `` ` ``, `{`, `}` and `|` (a table cell) are percent-encoded; everything
/// else, non-ASCII letters included, is kept, so fragments still match heading ids as
/// written. `/`, `#`, `?` are structure and kept.
pub fn encode(text: &str) -> Cow<'_, str> {
    let needs = |b: u8| ENCODED_BYTES[usize::from(b)];
    if !text.bytes().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match u8::try_from(c) {
            Ok(b) if needs(b) => out.push_str(&format!("%{b:02X}")),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Hugo's `paths.Sanitize` for a path made from file and folder names, followed by the
/// lowercasing Hugo does unless `disablePathToLower` (Hugo 0.168, checked with `hugo list
/// all`): each space becomes `-`; letters, decimal digits, marks, `.`, `/`, `\`, `_`, `-`,
/// `#`, `+`, `~`, `@` and `%XX` stay; everything else is dropped.
/// `My Sec/Page One` → `my-sec/page-one`, `a&b (c)` → `ab-c`, `x²y` → `xy`.
pub fn urlize_path(path: &str) -> String {
    let path = path.trim();
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    for (i, c) in path.char_indices() {
        if c.is_whitespace() {
            out.push('-');
        } else if is_allowed_path_character(c)
            || (c == '%' && bytes.get(i + 1..i + 3).is_some_and(is_hex_pair))
        {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn is_hex_pair(pair: &[u8]) -> bool {
    pair.iter().all(u8::is_ascii_hexdigit)
}

fn is_allowed_path_character(c: char) -> bool {
    use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};
    if c.is_ascii() {
        return c.is_ascii_alphanumeric()
            || matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@');
    }
    matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Letter | GeneralCategoryGroup::Mark
    ) || c.general_category() == GeneralCategory::DecimalNumber
}

/// Resolves `reference` against the folder URL `dir` (`/a/b/`): `.` and `..` segments are
/// applied and never climb above the root; an absolute `reference` ignores `dir`. Used for
/// relative aliases, which Hugo resolves against the folder of the page's URL.
pub fn join(dir: &str, reference: &str) -> String {
    let mut joined = format!("/{}", join_segments(dir, reference));
    if reference.ends_with('/') && joined.len() > 1 {
        joined.push('/');
    }
    joined
}

/// `reference` resolved against `base` as `/`-separated segments without leading or
/// trailing `/` (`a/b` + `../c` is `a/c`): `.` and `..` applied, never above the root; an
/// absolute `reference` ignores `base`. The one path normalisation of links, refs and URLs.
pub fn join_segments(base: &str, reference: &str) -> String {
    let base = if reference.starts_with('/') { "" } else { base };
    let mut joined = String::with_capacity(base.len() + reference.len() + 1);
    for part in [base, reference].into_iter().flat_map(segments) {
        match part {
            "" | "." => {}
            ".." => {
                // Segments hold no `/`: the last one starts after the last `/`.
                joined.truncate(joined.bytes().rposition(|b| b == b'/').unwrap_or(0));
            }
            part => {
                if !joined.is_empty() {
                    joined.push('/');
                }
                joined.push_str(part);
            }
        }
    }
    joined
}

/// What to do with one URL found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlFix {
    /// Not ours to change (external, relative to a real file, an anchor).
    Keep,
    /// Use this destination instead (already encoded).
    Replace(String),
    /// Site-absolute but leads nowhere.
    Dead,
}

/// Rewrites a URL written in page `page_index`: a site-absolute one (`/what/roles/#x`,
/// `/images/a.png`) becomes the relative link to the chapter or file, and a link to
/// `README.md`/`_index.md` the `index.md` mdBook writes. The query and fragment are kept;
/// a chapter link with a query names the `.html` file, because mdBook's own `.md` → `.html`
/// rewrite drops what follows `.md` unless it is a fragment.
pub fn rewrite(site: &Site, page_index: usize, url: &str) -> UrlFix {
    let url = url.trim();
    let parts = split(url);
    if parts.path.starts_with('/') && !parts.path.starts_with("//") {
        return match site.resolve_site_path(parts.path) {
            Some(target) => UrlFix::Replace(link_to(site, page_index, &target, parts)),
            None => UrlFix::Dead,
        };
    }
    let is_relative_file = !parts.path.is_empty() && !parts.path.contains(':');
    let file = last_segment(parts.path);
    if is_relative_file && is_dead_chapter_link(site, page_index, parts.path, file) {
        return UrlFix::Dead;
    }
    if is_relative_file && (file == "_index.md" || file.eq_ignore_ascii_case("readme.md")) {
        let dir = &parts.path[..parts.path.len() - file.len()];
        let path = format!("{dir}index.md");
        return UrlFix::Replace(with_rest(encode(&decode(&path)).into_owned(), parts));
    }
    if is_relative_file
        && !parts.path.starts_with("//")
        && let Some(target) = resolve_by_page_url(site, page_index, parts.path)
    {
        return UrlFix::Replace(link_to(site, page_index, &target, parts));
    }
    UrlFix::Keep
}

/// A relative link that names no file beside the page's source, resolved as a browser
/// resolves it on the Hugo site: against the page's URL (`../quickstart/` from
/// `/docs/go/basics/` is `/docs/go/quickstart/`; with pretty URLs a page is one folder
/// deeper than its file), to a page or a static file of the book. `None` for a file
/// beside the source (mdBook resolves it as the file it is) and for a Markdown file.
fn resolve_by_page_url(site: &Site, page_index: usize, path: &str) -> Option<LinkTarget> {
    let page = &site.pages[page_index];
    let decoded = decode(path);
    let file = last_segment(&decoded);
    if file.len() >= 3 && file.as_bytes()[file.len() - 3..].eq_ignore_ascii_case(b".md") {
        return None;
    }
    let beside_source = join_segments(page.source_dir(), &decoded);
    let is_file = site.has_source_path(&beside_source)
        || site
            .src_dir
            .as_ref()
            .is_some_and(|dir| dir.join(&beside_source).is_file());
    if is_file {
        return None;
    }
    // A browser resolves against the URL's folder: `/custom/page.html` (a `url` naming a
    // file) is in `/custom/`.
    let url = page.hugo_url();
    let folder = &url[..url.rfind('/').map_or(0, |slash| slash + 1)];
    site.resolve_site_path(&join(folder, path))
}

/// Whether the relative `path` (its last segment `file`) names a Markdown file that is
/// neither a chapter of the book nor a file in its source folder: mdBook resolves it
/// against the chapter's own folder and would write a link to nothing. Only checked when
/// the book's folder is known.
fn is_dead_chapter_link(site: &Site, page_index: usize, path: &str, file: &str) -> bool {
    let Some(src_dir) = &site.src_dir else {
        return false;
    };
    let is_markdown =
        file.len() >= 3 && file.as_bytes()[file.len() - 3..].eq_ignore_ascii_case(b".md");
    if !is_markdown {
        return false;
    }
    let target = join_segments(site.pages[page_index].source_dir(), &decode(path));
    let exists = |path: &str| {
        site.has_source_path(path)
            || (!site.left_out.contains(path) && src_dir.join(path).is_file())
    };
    if is_section_file(file) {
        // `_index.md`, `README.md` and `index.md` all name the folder's index chapter.
        let dir = target.rsplit_once('/').map_or("", |(dir, _)| dir);
        let in_dir = |name: &str| join_segments(dir, name);
        return !["_index.md", "README.md", "readme.md", "index.md"]
            .iter()
            .any(|name| exists(&in_dir(name)));
    }
    !exists(&target)
}

/// Whether a file name names a folder's index chapter (`_index.md`, `README.md`, `index.md`).
fn is_section_file(file: &str) -> bool {
    file == "_index.md" || file.eq_ignore_ascii_case("readme.md") || file == "index.md"
}

/// The destination from page `from` to `target`, with `parts`' query and fragment.
pub fn link_to(site: &Site, from: usize, target: &LinkTarget, parts: UrlParts<'_>) -> String {
    let mut path = site.relative_path_to(from, target);
    if parts.query.is_some()
        && matches!(target, LinkTarget::Page(_))
        && let Some(stem) = path.strip_suffix(".md")
    {
        path = format!("{stem}.html");
    }
    let encoded = match encode(&path) {
        Cow::Borrowed(_) => path,
        Cow::Owned(encoded) => encoded,
    };
    with_rest(encoded, parts)
}

/// Appends `?query` and `#fragment` (each encoded) to an encoded path.
fn with_rest(mut destination: String, parts: UrlParts<'_>) -> String {
    // Room for both as written, so that the usual destination grows once.
    let rest_len = |part: Option<&str>| part.map_or(0, |part| part.len() + 1);
    destination.reserve(rest_len(parts.query) + rest_len(parts.fragment));
    if let Some(query) = parts.query {
        destination.push('?');
        destination.push_str(&encode(query));
    }
    if let Some(fragment) = parts.fragment {
        destination.push('#');
        destination.push_str(&encode(&decode(fragment)));
    }
    destination
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Joining in one string gives what joining a list of segments gives.
        #[test]
        fn joined_segments_are_the_segment_lists(
            base in "(/|\\.\\.|\\.|a|bc|é)*",
            reference in "(/|\\.\\.|\\.|a|bc|é)*",
        ) {
            let base_used = if reference.starts_with('/') { "" } else { base.as_str() };
            let mut parts: Vec<&str> = Vec::new();
            for part in base_used.split('/').chain(reference.split('/')) {
                match part {
                    "" | "." => {}
                    ".." => {
                        parts.pop();
                    }
                    part => parts.push(part),
                }
            }
            proptest::prop_assert_eq!(join_segments(&base, &reference), parts.join("/"));
        }
    }

    #[test]
    fn file_names_are_urlized_as_hugo_does() {
        // Each pair checked with `hugo list all` (Hugo 0.168).
        for (name, url) in [
            ("a  b", "a--b"),
            ("a_b", "a_b"),
            ("a+b~c@d#e", "a+b~c@d#e"),
            ("x%20y", "x%20y"),
            ("Ünï code", "ünï-code"),
            ("a.b.c", "a.b.c"),
            ("x²y", "xy"),
            ("A -- B", "a----b"),
            ("a's \"q\"", "as-q"),
            ("a&b (c)", "ab-c"),
            ("My Sec/Page One", "my-sec/page-one"),
            ("e\u{301}x", "e\u{301}x"),
            ("  a%20b", "a%20b"),
        ] {
            assert_eq!(urlize_path(name), url, "{name}");
        }
    }

    #[test]
    fn destinations_are_encoded_once_and_only_where_needed() {
        assert_eq!(encode("my notes.md"), "my%20notes.md");
        assert_eq!(encode("a(b)|c"), "a%28b%29%7Cc");
        assert_eq!(encode("größe.md#größe"), "größe.md#größe");
        assert_eq!(encode("100%.md"), "100%25.md");
        assert_eq!(decode("my%20notes.md"), "my notes.md");
        assert_eq!(decode("bad%ff"), "bad%ff");
    }

    #[test]
    fn relative_references_join_the_folder() {
        assert_eq!(join("/a/b/", "rel"), "/a/b/rel");
        assert_eq!(join("/a/b/", "../up.html"), "/a/up.html");
        assert_eq!(join("/a/b/", "Mixed Case/X/"), "/a/b/Mixed Case/X/");
        assert_eq!(join("/a/", "../../../x"), "/x");
        assert_eq!(join("/a/", "/abs/"), "/abs/");
    }

    /// On a Hugo site with pretty URLs, `docs/go/basics.md` is `/docs/go/basics/`, so its
    /// link `../quickstart/` means `/docs/go/quickstart/` (gRPC's pages link so); in the
    /// book the link must reach that chapter.
    #[test]
    fn relative_links_resolve_against_the_pages_hugo_url() {
        use crate::site::Page;
        let page = |path: &str| Page::new(path, std::path::Path::new(path), String::new());
        let site = Site::new(
            [
                "docs/_index.md",
                "docs/go/_index.md",
                "docs/go/basics.md",
                "docs/go/quickstart.md",
            ]
            .into_iter()
            .map(page)
            .collect(),
            None,
        );
        let fix = |from: usize, url: &str| rewrite(&site, from, url);
        let to = |s: &str| UrlFix::Replace(s.to_string());
        assert_eq!(fix(2, "../quickstart/"), to("quickstart.md"));
        assert_eq!(
            fix(2, "../quickstart/#prerequisites"),
            to("quickstart.md#prerequisites")
        );
        assert_eq!(fix(2, "../../"), to("../index.md"));
        assert_eq!(fix(1, "basics/"), to("basics.md"));
        assert_eq!(fix(1, "basics"), to("basics.md"));
        assert_eq!(fix(1, "api/"), UrlFix::Keep);
        assert_eq!(fix(2, "quickstart.md"), UrlFix::Keep);
        assert_eq!(fix(2, "https://grpc.io/"), UrlFix::Keep);
    }

    /// A folder of the book's sources beside the page is no file: `../` from
    /// `docs/go/basics.md` (`/docs/go/basics/` on the Hugo site) is `/docs/go/`, the
    /// section, even though a folder `docs/` lies beside the source; a file there is kept.
    #[test]
    fn relative_links_to_folders_resolve_against_the_pages_hugo_url() {
        use crate::site::Page;
        let src = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(src.path().join("docs/go")).unwrap();
        std::fs::write(src.path().join("docs/go/img.png"), "png").unwrap();
        let page = |path: &str| Page::new(path, std::path::Path::new(path), String::new());
        let site = Site::new(
            ["docs/_index.md", "docs/go/_index.md", "docs/go/basics.md"]
                .into_iter()
                .map(page)
                .collect(),
            Some(src.path().to_path_buf()),
        );
        assert_eq!(rewrite(&site, 2, "../"), UrlFix::Replace("index.md".into()));
        assert_eq!(rewrite(&site, 2, "img.png"), UrlFix::Keep);
    }

    /// Hugo 0.168: a page whose `url` is `/custom/page.html` is in `/custom/`, so its link
    /// `other/` is `/custom/other/`, not the `docs/other/` beside its source.
    #[test]
    fn relative_links_of_a_page_whose_url_names_a_file() {
        use crate::site::Page;
        let mut moved = Page::new(
            "docs/u.md",
            std::path::Path::new("docs/u.md"),
            String::new(),
        );
        moved.front_matter.url = Some("/custom/page.html".into());
        let page = |path: &str| Page::new(path, std::path::Path::new(path), String::new());
        let mut pages: Vec<Page> = ["custom/other.md", "docs/other.md"]
            .into_iter()
            .map(page)
            .collect();
        pages.push(moved);
        let site = Site::new(pages, None);
        assert_eq!(
            rewrite(&site, 2, "other/"),
            UrlFix::Replace("../custom/other.md".into())
        );
    }

    #[test]
    fn urls_split_into_path_query_and_fragment() {
        let parts = split("/b/?tab=2#a?b");
        assert_eq!(parts.path, "/b/");
        assert_eq!(parts.query, Some("tab=2"));
        assert_eq!(parts.fragment, Some("a?b"));
    }
}
