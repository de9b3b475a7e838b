//! Hugo's `transform.CanHighlight LANG`: whether Chroma, Hugo's highlighter, has a lexer
//! for `LANG`, found as Chroma's `lexers.Get` finds one (Chroma 2.27, `registry.go`): a
//! lexer's name or alias, as written or in lower case, else a lexer whose file name
//! patterns match `filename.LANG` or `LANG` itself (Go's `filepath.Match`; also with a
//! backup suffix such as `.bak` or `.in` after the pattern). The tables come from Chroma's
//! sources ([`super::chroma_lexers`]).

use super::chroma_lexers::{FILENAMES, NAMES};

/// The file suffixes Chroma ignores after a pattern (`registry.go`'s `ignoredSuffixes`).
const IGNORED_SUFFIXES: &[&str] = &[
    "~",
    ".bak",
    ".old",
    ".orig",
    ".dpkg-dist",
    ".dpkg-old",
    ".ucf-dist",
    ".ucf-new",
    ".ucf-old",
    ".rpmnew",
    ".rpmorig",
    ".rpmsave",
    ".in",
];

/// Whether Chroma can highlight `lang` (see the module doc).
pub(crate) fn can_highlight(lang: &str) -> bool {
    let lower = go_to_lower(lang);
    if NAMES.binary_search(&lang).is_ok() || NAMES.binary_search(&lower.as_str()).is_ok() {
        return true;
    }
    matches_a_pattern(&format!("filename.{lang}")) || matches_a_pattern(lang)
}

/// Go's `strings.ToLower`: each character's simple lower case mapping, one character for
/// one (`İ` is `i`, where Rust's `to_lowercase` writes `i` and a combining dot).
fn go_to_lower(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{130}' => 'i',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

/// Go's `filepath.Base` on Unix: the last element of `path`, trailing slashes ignored
/// (`go/` is `go`); `.` for an empty path, `/` for slashes only.
fn go_base(path: &str) -> &str {
    if path.is_empty() {
        return ".";
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/";
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

/// Whether the base name of `file` (Go's `filepath.Base`) matches a lexer's file name
/// pattern, alone or followed by an ignored suffix.
fn matches_a_pattern(file: &str) -> bool {
    let base = go_base(file);
    FILENAMES.iter().any(|pattern| {
        go_match(pattern, base)
            || IGNORED_SUFFIXES
                .iter()
                .any(|suffix| go_match(&format!("{pattern}{suffix}"), base))
    })
}

/// Go's `filepath.Match` on Unix: `*` any run of characters but `/`, `?` one character
/// but `/`, `[...]` a class (`^` negates it, `a-z` a range), `\` escapes the next one. A
/// malformed pattern matches nothing (Go reports `ErrBadPattern`).
fn go_match(pattern: &str, name: &str) -> bool {
    let mut pattern = pattern.chars();
    let Some(first) = pattern.clone().next() else {
        return name.is_empty();
    };
    match first {
        '*' => {
            pattern.next();
            let rest = pattern.as_str();
            name.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(name.len()))
                .take_while(|&i| !name[..i].contains('/'))
                .any(|i| go_match(rest, &name[i..]))
        }
        _ => {
            let Some(c) = name.chars().next() else {
                return false;
            };
            let Some(rest) = match_one(pattern.as_str(), c) else {
                return false;
            };
            go_match(rest, &name[c.len_utf8()..])
        }
    }
}

/// Matches the pattern's first element (not `*`) against `c`: the rest of the pattern when
/// it matches.
fn match_one(pattern: &str, c: char) -> Option<&str> {
    let mut chars = pattern.chars();
    match chars.next()? {
        '?' => (c != '/').then_some(chars.as_str()),
        '\\' => {
            let literal = chars.next()?;
            (literal == c).then_some(chars.as_str())
        }
        '[' => match_class(chars.as_str(), c),
        literal => (literal == c).then_some(chars.as_str()),
    }
}

/// A character class after its `[`: the rest of the pattern after its `]` when `c` is in
/// it (or out of it, with `^`).
fn match_class(class: &str, c: char) -> Option<&str> {
    let mut chars = class.chars();
    let negated = chars.clone().next() == Some('^');
    if negated {
        chars.next();
    }
    let mut found = false;
    let mut first = true;
    loop {
        let lo = match chars.next()? {
            ']' if !first => break,
            '\\' => chars.next()?,
            other => other,
        };
        first = false;
        let hi = if chars.clone().next() == Some('-') && chars.clone().nth(1) != Some(']') {
            chars.next();
            match chars.next()? {
                '\\' => chars.next()?,
                other => other,
            }
        } else {
            lo
        };
        found |= lo <= c && c <= hi;
    }
    (found != negated && c != '/').then_some(chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_globs_match_as_filepath_match_does() {
        assert!(go_match("*.go", "main.go"));
        assert!(!go_match("*.go", "main.gox"));
        assert!(go_match("*.[1-9]", "ls.1"));
        assert!(!go_match("*.[1-9]", "ls.0"));
        assert!(go_match("*.[gs]sed", "a.gsed"));
        assert!(go_match("*.x[bp]m", "icon.xpm"));
        assert!(go_match("Makefile.*", "Makefile.am"));
        assert!(go_match(".bash_*", ".bash_profile"));
        assert!(go_match("a?c", "abc"));
        assert!(!go_match("a?c", "a/c"));
        assert!(go_match("[^a]b", "xb"));
        assert!(!go_match("[^a]b", "ab"));
        assert!(go_match("\\*x", "*x"));
        assert!(!go_match("*", "a/b"));
    }

    /// Values from Hugo 0.168: Chroma takes the base name of `filename.LANG` and `LANG`
    /// as Go's `filepath.Base` does (trailing slashes dropped), and lowers case as Go.
    #[test]
    fn names_are_based_and_lowered_as_go_does() {
        let cases = [
            ("go/", true),
            ("Makefile/", true),
            ("go//", true),
            ("x/Makefile", true),
            ("a/go", false),
            ("", false),
            ("/", false),
            (".", false),
            ("\u{130}ni", true),
            ("[", false),
            ("*.go", true),
            ("GO.bak", false),
        ];
        for (lang, expected) in cases {
            assert_eq!(can_highlight(lang), expected, "{lang:?}");
        }
    }

    #[test]
    fn the_tables_are_sorted_for_the_search() {
        assert!(NAMES.windows(2).all(|w| w[0] < w[1]));
        assert!(NAMES.iter().all(|n| *n == n.to_lowercase()));
    }
}
