//! Hugo's shortcode grammar: a lexer for tags and a parser that pairs them into a tree.
//!
//! Shortcodes are found before any Markdown parsing, as Hugo does, so they are recognised in
//! code blocks too. The tree keeps byte spans into the original file for diagnostics.

mod ast;
mod lexer;
mod parser;

pub use ast::{Delim, Escaped, JsonTree, Node, Params, Shortcode, Span, Value};
pub use lexer::ParseError;
pub use parser::{BodyKind, parse};

/// What Hugo prefixes to every shortcode extraction error.
pub const ERROR_PREFIX: &str = "failed to extract shortcode";
