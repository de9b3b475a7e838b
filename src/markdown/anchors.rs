//! Heading ids as Hugo and mdBook compute them, so old deep links keep landing.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Hugo's GitHub-style heading id (`autoHeadingIDType = "github"`, Hugo 0.168): letters
/// and decimal digits (Unicode `L*` and `Nd`) and `_` lowercased, each space and `-` to `-`,
/// everything else dropped (other numbers such as `²`, marks, tabs, punctuation); empty
/// becomes `heading`. `text` is the heading's text after Goldmark's typographer, which Hugo
/// enables by default (`--` is an en dash by then, and so dropped).
pub fn hugo_id(text: &str) -> String {
    let id: String = text
        .trim()
        .chars()
        .filter_map(|c| match c {
            ' ' | '-' => Some('-'),
            c if c == '_' || is_letter_or_digit(c) => Some(c.to_lowercase().next().unwrap_or(c)),
            _ => None,
        })
        .collect();
    if id.is_empty() { "heading".into() } else { id }
}

/// Go's `unicode.IsLetter || unicode.IsDigit`: general category `L*` or `Nd`. `٣` counts;
/// `²` (`No`) and `Ⅻ` (`Nl`, though Rust calls it alphabetic) do not.
fn is_letter_or_digit(c: char) -> bool {
    use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.general_category_group() == GeneralCategoryGroup::Letter
        || c.general_category() == GeneralCategory::DecimalNumber
}

/// mdBook 0.5's heading id: trimmed, lowercased, alphanumerics, `_` and `-` kept, each
/// whitespace character to `-`, the rest dropped.
pub fn mdbook_id(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// Makes ids unique within a page the way both tools do: `-1`, `-2`, ...
#[derive(Debug, Default)]
pub struct UniqueIds {
    used: HashSet<String>,
    /// For an id claimed more than once, the suffix to try first next time: ids are never
    /// given back, so the first free suffix only grows.
    next_suffix: HashMap<String, usize>,
}

impl UniqueIds {
    /// Whether `id` is taken.
    pub fn contains(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    /// Returns `id`, or `id-N` for the first free `N`.
    pub fn claim(&mut self, id: String) -> String {
        if !self.used.contains(&id) {
            self.used.insert(id.clone());
            return id;
        }
        let first_try = self.next_suffix.get(&id).copied().unwrap_or(1);
        let (n, candidate) = (first_try..)
            .map(|n| (n, suffixed(&id, n)))
            .find(|(_, candidate)| !self.used.contains(candidate))
            .expect("an unused suffix exists");
        self.used.insert(candidate.clone());
        self.next_suffix.insert(id, n + 1);
        candidate
    }
}

/// `id-n` (`the-plan-2`), built without `format!`, whose general machinery costs more
/// than the id itself on pages that repeat a heading.
fn suffixed(id: &str, n: usize) -> String {
    let n = n.to_string();
    let mut candidate = String::with_capacity(id.len() + 1 + n.len());
    candidate.push_str(id);
    candidate.push('-');
    candidate.push_str(&n);
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_headings_agree() {
        for text in [
            "PgM and TPM",
            "Key takeaways",
            "Critical path",
            "step_2 - done",
        ] {
            assert_eq!(hugo_id(text), mdbook_id(text), "{text}");
        }
        assert_eq!(hugo_id("PgM and TPM"), "pgm-and-tpm");
    }

    #[test]
    fn edge_cases_differ_where_the_tools_differ() {
        assert_eq!(hugo_id("a\tb"), "ab");
        assert_eq!(mdbook_id("a\tb"), "a-b");
        assert_eq!(hugo_id("!!!"), "heading");
        assert_eq!(mdbook_id("!!!"), "");
        assert_eq!(hugo_id("Größe & Maß"), "größe--maß");
        // Checked against Hugo 0.168: only decimal digits count as digits, marks drop.
        assert_eq!(hugo_id("Ünï ² ³ ½ Ⅻ ٣ x"), "ünï-----٣-x");
        assert_eq!(hugo_id("x² scaling"), "x-scaling");
        assert_eq!(mdbook_id("x² scaling"), "x²-scaling");
        assert_eq!(hugo_id("e\u{301}x a\tb"), "ex-ab");
        assert_eq!(hugo_id("Go \u{2013} no go"), "go--no-go");
    }

    #[test]
    fn duplicates_get_numbered_suffixes() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("a".into()), "a");
        assert_eq!(ids.claim("a".into()), "a-1");
        assert_eq!(ids.claim("a".into()), "a-2");
    }

    #[test]
    fn a_suffix_taken_by_a_heading_of_its_own_is_skipped() {
        let mut ids = UniqueIds::default();
        for (id, expected) in [
            ("a", "a"),
            ("a-2", "a-2"),
            ("a", "a-1"),
            ("a", "a-3"),
            ("a-1", "a-1-1"),
            ("a-4", "a-4"),
            ("a", "a-5"),
            ("a-3", "a-3-1"),
        ] {
            assert_eq!(ids.claim(id.into()), expected, "{id}");
        }
    }
}
