//! Hugo's shortcode grammar, rule by rule (cases written from the rules, not copied).

mod common;

use common::{parse_error, tree};
use serde_json::json;

fn only_shortcode(text: &str) -> serde_json::Value {
    let nodes = tree(text);
    let shortcodes: Vec<_> = nodes
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "shortcode")
        .cloned()
        .collect();
    assert_eq!(shortcodes.len(), 1, "one shortcode in {text:?}: {nodes:#}");
    shortcodes[0].clone()
}

fn params(text: &str) -> serde_json::Value {
    only_shortcode(text)["params"].clone()
}

// --- delimiters -----------------------------------------------------------------------

#[test]
fn both_delimiter_kinds_are_shortcodes_and_go_templates_are_text() {
    assert_eq!(only_shortcode("a {{< foo >}} b")["delim"], "<");
    assert_eq!(only_shortcode("a {{% foo %}} b")["delim"], "%");
    assert_eq!(
        tree("{{ .Title }} and {{ partial \"x\" . }}"),
        json!([{"kind": "text", "text": "{{ .Title }} and {{ partial \"x\" . }}"}])
    );
    assert_eq!(
        tree("{{{< foo >}}")[0],
        json!({"kind": "text", "text": "{"})
    );
}

#[test]
fn the_closing_delimiter_must_match_the_opening_one() {
    // `%}}` does not close a `{{<` tag: `%` is not a valid parameter character.
    let (message, line, col) = parse_error("{{< foo %}}");
    assert!(
        message.contains("unrecognized character in shortcode action: U+0025 '%'"),
        "{message}"
    );
    assert_eq!((line, col), (1, 9));
    let (message, _, _) = parse_error("{{% foo >}}");
    assert!(message.contains("U+003E '>'"), "{message}");
}

#[test]
fn shortcodes_are_found_in_code_too() {
    let text = "```sh\ncurl -O https://x/{{< param \"v\" >}}.tgz\n```\n\n    {{< a >}}\n\nand `{{< b >}}`\n";
    let names: Vec<_> = tree(text)
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["name"].as_str().map(str::to_string))
        .collect();
    assert_eq!(names, ["param", "a", "b"]);
}

// --- escapes ------------------------------------------------------------------------------

#[test]
fn escapes_become_literal_text_with_inner_spacing_kept() {
    assert_eq!(
        tree("{{</* foo a=\"b\" */>}}"),
        json!([{"kind": "text", "text": "{{< foo a=\"b\" >}}"}])
    );
    assert_eq!(
        tree("{{</*foo*/>}}"),
        json!([{"kind": "text", "text": "{{<foo>}}"}])
    );
    assert_eq!(
        tree("{{%/*  x  */%}}"),
        json!([{"kind": "text", "text": "{{%  x  %}}"}])
    );
}

#[test]
fn escapes_span_lines_and_may_contain_closing_delimiters() {
    let nodes = tree("{{</* a\n b >}} c */>}} tail");
    assert_eq!(nodes[0]["text"], "{{< a\n b >}} c >}}");
    assert_eq!(nodes[1]["text"], " tail");
}

#[test]
fn an_unclosed_escape_is_an_error() {
    let (message, line, col) = parse_error("x\n{{</* never closed >}}");
    assert_eq!(message, "comment must be closed");
    assert_eq!((line, col), (2, 1));
    // The `*/` must come after `/*`, not overlap it.
    parse_error("{{</*/>}}");
    // An angle escape is not closed by the percent terminator.
    parse_error("{{</* x */%}}");
}

// --- closing and self-closing tags -----------------------------------------------------------

#[test]
fn closing_tags_allow_spaces_after_the_slash_and_no_spaces_at_all() {
    for text in [
        "{{< foo >}}x{{< /foo >}}",
        "{{< foo >}}x{{</foo>}}",
        "{{< foo >}}x{{< / foo >}}",
        "{{< foo >}}x{{<\n/foo\n>}}",
    ] {
        let sc = only_shortcode(text);
        assert_eq!(
            sc["inner"],
            json!([{"kind": "text", "text": "x"}]),
            "{text}"
        );
        assert_eq!(sc["self_closing"], false);
    }
}

#[test]
fn anything_after_the_closing_name_is_an_error() {
    let (message, line, col) = parse_error("{{< foo >}}{{< /foo bar >}}");
    assert_eq!(message, "unclosed shortcode");
    assert_eq!((line, col), (1, 21));
}

#[test]
fn self_closing_tags_have_no_body() {
    for text in [
        "{{< foo />}}",
        "{{< foo p />}}",
        "{{< foo p/>}}",
        "{{< foo a=\"b\" / >}}",
        "{{% foo /%}}",
    ] {
        let sc = only_shortcode(text);
        assert_eq!(sc["self_closing"], true, "{text}");
        assert_eq!(sc["inner"], json!(null), "{text}");
    }
    // A self-closed body shortcode is fine, even with a closer for another call later.
    assert_eq!(only_shortcode("{{< details />}}")["inner"], json!(null));
}

#[test]
fn a_slash_not_followed_by_the_end_of_the_tag_is_an_error() {
    // Hugo 0.168 reads a name after the `/` as a closing tag's, at the name.
    let (message, _, col) = parse_error("{{< foo / bar >}}");
    assert_eq!(
        message,
        "closing tag for shortcode 'bar' does not match start tag"
    );
    assert_eq!(col, 11);
    let (message, _, _) = parse_error("{{< foo / \"x\" >}}");
    assert!(message.starts_with("unrecognized character in shortcode action: U+0022"));
}

// --- names ------------------------------------------------------------------------------------

#[test]
fn names_may_hold_slashes_hyphens_underscores_and_start_with_digits() {
    for name in [
        "blocks/lead",
        "my-code_2",
        "1col",
        "_private",
        "a/b/c-d",
        "Ünïcode",
    ] {
        assert_eq!(
            only_shortcode(&format!("{{{{< {name} />}}}}"))["name"],
            name
        );
    }
}

#[test]
fn a_period_is_only_allowed_in_inline_names() {
    assert_eq!(
        only_shortcode("{{< time.inline />}}")["name"],
        "time.inline"
    );
    assert_eq!(
        only_shortcode("{{< time.inline >}}x{{< /time.inline >}}")["inner"][0]["text"],
        "x"
    );
    let (message, line, col) = parse_error("{{< my.code >}}");
    assert_eq!(
        message,
        "period in shortcode name only allowed for inline identifiers"
    );
    assert_eq!((line, col), (1, 7));
}

#[test]
fn a_tag_without_a_name_is_an_error() {
    let (message, line, col) = parse_error("text\n  {{< >}}");
    assert_eq!(message, "shortcode has no name");
    assert_eq!((line, col), (2, 3));
    assert_eq!(parse_error("{{%%}}").0, "shortcode has no name");
}

#[test]
fn names_must_start_with_a_letter_digit_or_underscore() {
    let (message, _, col) = parse_error("{{< -x >}}");
    assert_eq!(
        message,
        "unrecognized character in shortcode action: U+002D '-'. \
         Note: Parameters with non-alphanumeric args must be quoted"
    );
    assert_eq!(col, 5);
    assert!(parse_error("{{< \"quoted\" >}}").0.contains("U+0022 '\"'"));
}

// --- whitespace -------------------------------------------------------------------------------

#[test]
fn any_whitespace_including_newlines_separates_elements() {
    let sc = only_shortcode("{{<\n\tfigure\n  src=\"a.png\"\r\n\talt=\"A\"\n>}}");
    assert_eq!(sc["name"], "figure");
    assert_eq!(sc["params"], json!({"named": {"src": "a.png", "alt": "A"}}));
}

#[test]
fn end_of_file_inside_a_tag_is_an_error() {
    for text in [
        "{{< foo",
        "{{< foo a b",
        "{{< foo a=\"b\" ",
        "{{<",
        "{{< foo >}}{{< /foo",
    ] {
        let (message, _, _) = parse_error(text);
        assert_eq!(message, "unclosed shortcode action", "{text}");
    }
}

// --- parameters ----------------------------------------------------------------------------------

#[test]
fn positional_parameters_in_order() {
    assert_eq!(
        params("{{< x a \"b c\" `d` 4 >}}"),
        json!({"positional": ["a", "b c", "d", 4]})
    );
    assert_eq!(params("{{< x >}}"), json!({"positional": []}));
}

#[test]
fn named_parameters_keep_source_order() {
    assert_eq!(
        params("{{< x zeta=1 alpha=\"two\" mid=`three` >}}"),
        json!({"named": {"zeta": 1, "alpha": "two", "mid": "three"}})
    );
}

#[test]
fn bare_values_take_letters_digits_underscores_hyphens_and_periods() {
    assert_eq!(
        params("{{< x v1.2_beta-3 >}}"),
        json!({"positional": ["v1.2_beta-3"]})
    );
}

#[test]
fn spaces_are_allowed_after_the_equals_sign() {
    assert_eq!(
        params("{{< x a=   \"b\" c=\n d >}}"),
        json!({"named": {"a": "b", "c": "d"}})
    );
}

#[test]
fn an_unquoted_named_value_runs_to_the_next_whitespace() {
    assert_eq!(
        params("{{< img src=/img/a.jpg?w=2&h=3 alt=x >}}"),
        json!({"named": {"src": "/img/a.jpg?w=2&h=3", "alt": "x"}})
    );
}

#[test]
fn quoted_values_only_escape_double_quotes() {
    assert_eq!(
        params(r#"{{< x t="say \"hi\" to C:\path\n" >}}"#),
        json!({"named": {"t": "say \"hi\" to C:\\path\\n"}})
    );
    assert_eq!(
        params(r#"{{< x "a>}}b" >}}"#),
        json!({"positional": ["a>}}b"]})
    );
}

#[test]
fn a_newline_or_end_of_file_inside_quotes_is_an_error() {
    let (message, line, col) = parse_error("{{< x t=\"open\nmore\" >}}");
    assert_eq!(
        message,
        "unterminated quoted string in shortcode parameter-argument: 'open"
    );
    // Hugo 0.168 points at the string's first character, after the quote.
    assert_eq!((line, col), (1, 10));
    let (message, _, _) = parse_error("{{< x \"tail");
    assert!(
        message.ends_with("unterminated quoted string in shortcode parameter-argument: 'tail'")
    );
}

#[test]
fn a_backslash_before_a_backtick_inside_quotes_is_an_error() {
    let (message, _, _) = parse_error("{{< x \"a\\`b\" >}}");
    assert_eq!(message, "unrecognized escape character");
}

#[test]
fn raw_values_have_no_escapes_and_may_span_lines() {
    assert_eq!(
        params("{{< x `line one\nline \"two\" \\n` >}}"),
        json!({"positional": ["line one\nline \"two\" \\n"]})
    );
    let (message, _, _) = parse_error("{{< x `never\nclosed >}}");
    assert_eq!(
        message,
        "unterminated raw string in shortcode parameter-argument: 'never"
    );
}

#[test]
fn values_are_typed_as_hugo_types_them() {
    assert_eq!(
        params("{{< x true false 42 -7 0.5 -1.5 >}}"),
        json!({"positional": [true, false, 42, -7, 0.5, -1.5]})
    );
    // Unquoted named values run to whitespace, so they may start with `+` or `.`.
    assert_eq!(
        params("{{< x a=+3 b=.25 c=-.5 >}}"),
        json!({"named": {"a": 3, "b": 0.25, "c": -0.5}})
    );
    // A bare positional value cannot start with `+` or `.`.
    assert!(parse_error("{{< x +3 >}}").0.contains("U+002B '+'"));
    assert!(parse_error("{{< x .25 >}}").0.contains("U+002E '.'"));
    // Quoted and raw values are always strings; other shapes stay strings too.
    assert_eq!(
        params("{{< x \"true\" `42` 1. 1e5 True 0x10 1.2.3 >}}"),
        json!({"positional": ["true", "42", "1.", "1e5", "True", "0x10", "1.2.3"]})
    );
    assert_eq!(
        params("{{< x n=12 f=1.5 b=false s=\"1\" >}}"),
        json!({"named": {"n": 12, "f": 1.5, "b": false, "s": "1"}})
    );
}

#[test]
fn mixing_positional_and_named_parameters_is_an_error() {
    let (message, line, col) = parse_error("{{< x a=1 two >}}");
    assert_eq!(
        message,
        "got positional parameter 'two'. Cannot mix named and positional parameters"
    );
    assert_eq!((line, col), (1, 11));
    let (message, _, _) = parse_error("{{< x one b=2 >}}");
    assert_eq!(
        message,
        "got named parameter 'b'. Cannot mix named and positional parameters"
    );
    let (message, _, _) = parse_error("{{< x a=1 \"two\" >}}");
    assert_eq!(
        message,
        "got quoted positional parameter. Cannot mix named and positional parameters"
    );
}

#[test]
fn other_characters_in_a_tag_must_be_quoted() {
    let (message, _, col) = parse_error("{{< x a!b >}}");
    assert!(message.contains("U+0021 '!'"), "{message}");
    assert_eq!(col, 8);
}

// --- nesting and pairing ------------------------------------------------------------------------------

#[test]
fn shortcodes_nest() {
    let sc = only_shortcode(
        "{{< tabs >}}\n{{< tab \"A\" >}}a{{< /tab >}}\n{{< tab \"B\" >}}b {{< param x >}}{{< /tab >}}\n{{< /tabs >}}",
    );
    let inner = sc["inner"].as_array().unwrap();
    let tabs: Vec<_> = inner.iter().filter(|n| n["kind"] == "shortcode").collect();
    assert_eq!(tabs.len(), 2);
    assert_eq!(tabs[1]["inner"][1]["name"], "param");
    assert_eq!(tabs[1]["line"], 3);
}

#[test]
fn a_closing_tag_with_nothing_open_is_an_error() {
    let (message, line, col) = parse_error("a\n\n{{< /alert >}}");
    assert_eq!(message, "got closing shortcode, but none is open");
    // Hugo 0.168 points at the `/`.
    assert_eq!((line, col), (3, 5));
}

#[test]
fn a_mismatched_closing_tag_is_an_error() {
    // A name never opened is the lexer's error, at the name (Hugo 0.168: 4:17 of its file).
    let (message, _, col) = parse_error("{{< alert >}}{{< /another >}}");
    assert_eq!(
        message,
        "closing tag for shortcode 'another' does not match start tag"
    );
    assert_eq!(col, 19);
    // A name opened before closes the innermost open shortcode, as in Hugo, so the outer
    // one is left open.
    let (message, _, col) = parse_error("{{< alert >}}{{< details >}}x{{< /alert >}}");
    assert_eq!(
        message,
        "failed to extract shortcode: shortcode \"alert\" must be closed or self-closed"
    );
    assert_eq!(col, 1);
    only_shortcode("{{< alert >}}{{< details >}}x{{< /alert >}}{{< /details >}}");
}

#[test]
fn a_body_shortcode_left_open_is_an_error() {
    let (message, line, col) = parse_error("intro\n{{< details summary=\"x\" >}}\nbody");
    assert_eq!(
        message,
        "failed to extract shortcode: shortcode \"details\" must be closed or self-closed"
    );
    assert_eq!((line, col), (2, 1));
}

#[test]
fn a_closing_tag_on_a_bodiless_shortcode_is_an_error() {
    let (message, _, col) = parse_error("{{< param \"x\" >}}{{< /param >}}");
    assert_eq!(
        message,
        "failed to extract shortcode: shortcode \"param\" does not evaluate .Inner or .InnerDeindent, yet a closing tag was provided"
    );
    assert_eq!(col, 18);
}

#[test]
fn unknown_shortcodes_pair_only_when_a_closer_follows() {
    let paired = only_shortcode("{{< mystery >}}body{{< /mystery >}}");
    assert_eq!(paired["inner"], json!([{"kind": "text", "text": "body"}]));
    let alone = only_shortcode("{{< mystery >}} and more");
    assert_eq!(alone["inner"], json!(null));
    // An unknown one inside a known body does not pair past the body's end, so its late
    // closer has nothing open.
    let (message, _, col) =
        parse_error("{{< details >}}{{< mystery >}}{{< /details >}}{{< /mystery >}}");
    assert_eq!(
        message,
        "failed to extract shortcode: shortcode \"mystery\" does not evaluate .Inner or .InnerDeindent, yet a closing tag was provided"
    );
    assert_eq!(col, 47);
}

#[test]
fn nested_unknown_shortcodes_of_the_same_name_pair_inside_out() {
    let sc = only_shortcode("{{< box >}}a{{< box >}}b{{< /box >}}c{{< /box >}}");
    assert_eq!(sc["inner"][1]["inner"][0]["text"], "b");
    assert_eq!(sc["inner"][2]["text"], "c");
}

// --- positions --------------------------------------------------------------------------------------

#[test]
fn lines_and_character_columns_are_reported() {
    let nodes = tree("héllo wörld {{< a />}}\n\t{{< b />}}");
    assert_eq!(
        (nodes[1]["line"].as_u64(), nodes[1]["col"].as_u64()),
        (Some(1), Some(13))
    );
    assert_eq!(
        (nodes[3]["line"].as_u64(), nodes[3]["col"].as_u64()),
        (Some(2), Some(2))
    );
}

#[test]
fn self_closing_a_shortcode_without_inner_is_an_error_as_in_hugo() {
    // Hugo 0.168 reads `/>}}` as a closing tag: `{{< figure src="a.png" />}}` fails there.
    let (message, line, col) = parse_error("x\n{{< figure src=\"a.png\" />}}");
    assert_eq!(
        message,
        "failed to extract shortcode: shortcode \"figure\" does not evaluate .Inner or .InnerDeindent, yet a closing tag was provided"
    );
    assert_eq!((line, col), (2, 1));
    // A shortcode that takes a body may be self-closed.
    only_shortcode("{{< details summary=\"x\" />}}");
}

#[test]
fn a_closing_tag_is_checked_against_every_name_opened_before_however_many() {
    // The lexer keeps the first names in a list and the rest in a set: names from both
    // close, and a name never opened is still the lexer's error.
    let opened: String = (0..40).map(|i| format!("{{{{< n{i} />}}}}")).collect();
    for name in ["n0", "n15", "n16", "n39"] {
        let nodes = tree(&format!("{opened}{{{{< {name} >}}}}x{{{{< /{name} >}}}}"));
        let nodes = nodes.as_array().unwrap();
        assert_eq!(nodes.len(), 41);
        assert_eq!(nodes[40]["name"], name);
        assert_eq!(nodes[40]["inner"][0]["text"], "x");
    }
    let (message, _, _) = parse_error(&format!("{opened}{{{{< n3 >}}}}{{{{< /never >}}}}"));
    assert_eq!(
        message,
        "closing tag for shortcode 'never' does not match start tag"
    );
}
