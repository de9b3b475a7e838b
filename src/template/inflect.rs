//! Hugo's `inflect.Singularize` and `inflect.Pluralize` (Hugo 0.168 uses
//! `gobuffalo/flect`): English rules for the last word of the text, with flect's common
//! irregular and uncountable words. Rarer irregular words are not known.

/// Words whose singular and plural are the same.
const UNCOUNTABLE: &[&str] = &[
    "equipment",
    "information",
    "rice",
    "money",
    "species",
    "series",
    "fish",
    "sheep",
    "news",
    "metadata",
    "deer",
    "aircraft",
    "software",
    "hardware",
];

/// `(singular, plural)` pairs no rule makes.
const IRREGULAR: &[(&str, &str)] = &[
    ("person", "people"),
    ("man", "men"),
    ("woman", "women"),
    ("child", "children"),
    ("foot", "feet"),
    ("tooth", "teeth"),
    ("mouse", "mice"),
    ("goose", "geese"),
    ("index", "indices"),
    ("matrix", "matrices"),
    ("vertex", "vertices"),
    ("analysis", "analyses"),
    ("basis", "bases"),
    ("crisis", "crises"),
    ("thesis", "theses"),
    ("axis", "axes"),
    ("alias", "aliases"),
    ("status", "statuses"),
    ("leaf", "leaves"),
    ("life", "lives"),
    ("knife", "knives"),
    ("wife", "wives"),
    ("half", "halves"),
    ("self", "selves"),
    ("shelf", "shelves"),
    ("wolf", "wolves"),
    ("quiz", "quizzes"),
    ("ox", "oxen"),
    ("datum", "data"),
    ("cache", "caches"),
    ("move", "moves"),
    ("movie", "movies"),
];

/// `text` with its last word made singular.
pub fn singularize(text: &str) -> String {
    with_last_word(text, |word| {
        if let Some((singular, _)) = IRREGULAR.iter().find(|(_, p)| *p == word) {
            return singular.to_string();
        }
        let rules: &[(&str, &str)] = &[
            ("ies", "y"),
            ("sses", "ss"),
            ("ches", "ch"),
            ("shes", "sh"),
            ("xes", "x"),
            ("zes", "z"),
            ("ss", "ss"),
            ("us", "us"),
            ("is", "is"),
            ("s", ""),
        ];
        apply(word, rules)
    })
}

/// `text` with its last word made plural.
pub fn pluralize(text: &str) -> String {
    with_last_word(text, |word| {
        if let Some((_, plural)) = IRREGULAR.iter().find(|(s, _)| *s == word) {
            return plural.to_string();
        }
        if IRREGULAR.iter().any(|(_, p)| *p == word) {
            return word.to_string();
        }
        let consonant_y = word.len() > 1
            && word.ends_with('y')
            && !word[..word.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
        if consonant_y {
            return format!("{}ies", &word[..word.len() - 1]);
        }
        if ["s", "x", "z", "ch", "sh"]
            .iter()
            .any(|e| word.ends_with(e))
        {
            return format!("{word}es");
        }
        format!("{word}s")
    })
}

/// Applies `f` to the last word (lowercase comparisons; the case of the first letter kept).
fn with_last_word(text: &str, f: impl Fn(&str) -> String) -> String {
    let start = text
        .rfind(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .map_or(0, |i| i + 1);
    let (head, word) = text.split_at(start);
    let lower = word.to_lowercase();
    if word.is_empty() || UNCOUNTABLE.contains(&lower.as_str()) {
        return text.to_string();
    }
    let changed = f(&lower);
    let changed = if word.starts_with(char::is_uppercase) {
        let mut chars = changed.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    } else {
        changed
    };
    format!("{head}{changed}")
}

fn apply(word: &str, rules: &[(&str, &str)]) -> String {
    for (suffix, replacement) in rules {
        if let Some(stem) = word.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return format!("{stem}{replacement}");
        }
    }
    word.to_string()
}
