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

/// Go's `filepath.Match` on Unix (Go 1.16 and later, `path/filepath/match.go`): `*` any
/// run of characters but `/`, `?` one character but `/`, `[...]` a class (`^` negates it,
/// `a-z` a range, `\` escapes the next character; `/` may be in it), `\` escapes the next
/// one. A malformed pattern matches nothing: Go reports `ErrBadPattern` for it, whatever
/// the name (Chroma's patterns are all well formed; see [`go_match_checked`]).
fn go_match(pattern: &str, name: &str) -> bool {
    go_match_checked(pattern, name).unwrap_or(false)
}

/// A malformed `filepath.Match` pattern (Go's `ErrBadPattern`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BadPattern;

/// Go's `filepath.Match`, with its error: the pattern is cut into chunks, each a run of
/// single-character terms after `*`s, and every chunk is read to its end even after it
/// failed to match, so a malformed one is reported however the name compares. A class must
/// have a term, and must end with `]`; a term is a character but `-` and `]` (a `\`
/// escapes one), or a range `lo-hi` of two terms; bounds the wrong way round are no error,
/// the range is empty. `\` must be followed by the character it escapes.
fn go_match_checked(mut pattern: &str, mut name: &str) -> Result<bool, BadPattern> {
    'chunks: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            // A trailing `*` matches the rest of the name unless it has a `/`.
            return Ok(!name.contains('/'));
        }
        if let Some(after) = match_chunk(chunk, name)?
            && (after.is_empty() || !pattern.is_empty())
        {
            name = after;
            continue;
        }
        if star {
            // Skip one more character, never a `/`.
            for (i, c) in name.char_indices() {
                if c == '/' {
                    break;
                }
                if let Some(after) = match_chunk(chunk, &name[i + c.len_utf8()..])? {
                    if pattern.is_empty() && !after.is_empty() {
                        continue;
                    }
                    name = after;
                    continue 'chunks;
                }
            }
        }
        // No match: the rest of the pattern must still be well formed.
        while !pattern.is_empty() {
            let (_, chunk, rest) = scan_chunk(pattern);
            pattern = rest;
            match_chunk(chunk, "")?;
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

/// Go's `scanChunk`: the `*`s that start `pattern` (whether there were any), the chunk up
/// to the next `*` outside a class, and the rest.
fn scan_chunk(pattern: &str) -> (bool, &str, &str) {
    let chunk_start = pattern.trim_start_matches('*');
    let star = chunk_start.len() < pattern.len();
    let bytes = chunk_start.as_bytes();
    let mut in_class = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if i + 1 < bytes.len() => i += 1,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'*' if !in_class => break,
            _ => {}
        }
        i += 1;
    }
    (star, &chunk_start[..i], &chunk_start[i..])
}

/// Go's `matchChunk`: the rest of `name` after `chunk` when `chunk` matches its start,
/// `None` when not; the chunk is read to its end either way, to report a malformed one.
fn match_chunk<'n>(chunk: &str, name: &'n str) -> Result<Option<&'n str>, BadPattern> {
    let mut rest = Some(name);
    let mut terms = chunk.chars();
    while let Some(term) = terms.next() {
        // The name's next character, while the chunk still matches.
        let next = rest.and_then(|r| r.chars().next());
        let matched = match term {
            '[' => {
                let (in_class, after) = class_contains(terms.as_str(), next)?;
                terms = after.chars();
                in_class
            }
            '?' => next.is_some_and(|c| c != '/'),
            '\\' => Some(terms.next().ok_or(BadPattern)?) == next,
            literal => Some(literal) == next,
        };
        rest = match (rest, next) {
            (Some(r), Some(c)) if matched => Some(&r[c.len_utf8()..]),
            _ => None,
        };
    }
    Ok(rest)
}

/// A class after its `[` (Go's class parsing, with `getEsc`): whether `c` is in it (out of
/// it, for `[^...]`; `false` without a character), and the chunk after its `]`.
fn class_contains(class: &str, c: Option<char>) -> Result<(bool, &str), BadPattern> {
    let (negated, mut rest) = match class.strip_prefix('^') {
        Some(after) => (true, after),
        None => (false, class),
    };
    let mut found = false;
    let mut ranges = 0;
    loop {
        if ranges > 0
            && let Some(after) = rest.strip_prefix(']')
        {
            return Ok((c.is_some() && found != negated, after));
        }
        let (lo, after) = class_char(rest)?;
        let (hi, after) = match after.strip_prefix('-') {
            Some(range_end) => class_char(range_end)?,
            None => (lo, after),
        };
        found |= c.is_some_and(|c| lo <= c && c <= hi);
        ranges += 1;
        rest = after;
    }
}

/// Go's `getEsc`: a class's character, `\` escaping it, and what follows it, which may
/// not be empty (the class has not ended). `-` and `]` are not characters here.
fn class_char(class: &str) -> Result<(char, &str), BadPattern> {
    let mut chars = class.chars();
    let c = match chars.next() {
        None | Some('-' | ']') => return Err(BadPattern),
        Some('\\') => chars.next().ok_or(BadPattern)?,
        Some(c) => c,
    };
    let after = chars.as_str();
    if after.is_empty() {
        return Err(BadPattern);
    }
    Ok((c, after))
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

    /// Go 1.16+ `filepath.Match` (read in `path/filepath/match.go`: `matchChunk` reads
    /// every chunk to its end, `getEsc` rejects an empty class term, `-`, `]` and a class
    /// with no `]` after a term, `Match` checks the chunks after a failed one): these
    /// patterns give `ErrBadPattern` whatever the name, even one their start does not
    /// match (`x[`, `*.go[` on `main.c`), so they match nothing. A range with its bounds
    /// the wrong way round is no error in Go: it holds no character (`[^z-a]` any).
    #[test]
    fn malformed_patterns_match_nothing_as_filepath_match_reports_them() {
        let malformed = [
            "[", "[a-", "[]", "[]]", "[^]", "[\\", "[a", "[a-]", "[-a]", "[]a]", "[a-b-c]",
            "[a\\]", "[^", "\\", "a\\", "x[", "*[", "*.go[", "a*[b", "[*", "[a-\\",
        ];
        for pattern in malformed {
            for name in ["", "a", "x", "[", "]", "-", "\\", "main.c", "ab", "*"] {
                assert_eq!(
                    go_match_checked(pattern, name),
                    Err(BadPattern),
                    "{pattern:?} on {name:?}"
                );
                assert!(!go_match(pattern, name), "{pattern:?} on {name:?}");
            }
        }
        let well_formed = [
            ("[\\]]", "]", true),
            ("[\\-]", "-", true),
            ("[a\\-z]", "-", true),
            ("[a\\-z]", "b", false),
            ("[z-a]", "m", false),
            ("[z-a]", "z", false),
            ("[^z-a]", "m", true),
            ("[a-c]x", "bx", true),
            ("[^a-c]", "d", true),
            ("[^a-c]", "b", false),
            ("[é-ü]", "ö", true),
            ("*", "", true),
            ("\\[", "[", true),
            ("[[]", "[", true),
            ("[*]", "*", true),
            ("*x", "a/x", false),
            // Go checks `/` for `*` and `?` only, not in a class.
            ("a[/]c", "a/c", true),
            ("a[^b]c", "a/c", true),
        ];
        for (pattern, name, matched) in well_formed {
            assert_eq!(
                go_match_checked(pattern, name),
                Ok(matched),
                "{pattern:?} on {name:?}"
            );
        }
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
