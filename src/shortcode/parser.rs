//! Pairs the flat tag stream into a tree, deciding bodies as Hugo does: by what the
//! shortcode's template needs, which a registry tells us through [`BodyKind`].

use super::ast::{Node, Shortcode};
use super::lexer::{CloseTag, OpenTag, ParseError, Stage, Token, tokenize};

/// Whether a shortcode takes a body, as its template would decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// The template uses `.Inner`: the call must be closed or self-closed.
    Required,
    /// The template has no `.Inner`: a closing tag is an error.
    None,
    /// Not known: paired when a matching closing tag follows.
    Unknown,
}

/// How deep shortcodes may nest. The tree is walked recursively when it is rendered (and
/// dropped), so a deeper one is refused with a located error instead of overflowing the
/// stack; real content nests a handful of levels.
pub const MAX_NESTING: usize = 128;

/// Parses `source[start..]` into a tree. Spans point into `source`.
///
/// `body_kind` answers, for a shortcode name, whether its template takes a body; it is
/// asked once per opening tag, and again for a closing tag only when its name is not that
/// of the shortcode it closes.
pub fn parse<'s>(
    source: &'s str,
    start: usize,
    body_kind: &dyn Fn(&str) -> BodyKind,
) -> Result<Vec<Node<'s>>, ParseError> {
    let (tokens, lex_error) = tokenize(source, start);
    TreeBuilder {
        // The nodes waiting to be placed never outnumber the tokens.
        nodes: Vec::with_capacity(tokens.len()),
        tokens,
        body_kind,
        stack: Vec::new(),
    }
    .build(lex_error)
}

struct OpenFrame<'s> {
    tag: OpenTag<'s>,
    /// What `body_kind` said of the tag's name.
    kind: BodyKind,
    /// Where its body's nodes start in [`TreeBuilder::nodes`].
    first_child: usize,
}

struct TreeBuilder<'t, 's> {
    /// The tokens, each moved out (an empty text left in its place) as it is paired:
    /// [`TreeBuilder::closer_follows`] reads only those after the current one.
    tokens: Vec<Token<'s>>,
    body_kind: &'t dyn Fn(&str) -> BodyKind,
    stack: Vec<OpenFrame<'s>>,
    /// The top level's nodes, then the body read so far of each open shortcode in turn: a
    /// body is moved out, at its exact length, when its closing tag comes.
    nodes: Vec<Node<'s>>,
}

impl<'s> TreeBuilder<'_, 's> {
    /// Pairs the tokens; `lex_error`, the lexer's error after the last token, is reported
    /// unless pairing those tokens failed first.
    fn build(mut self, lex_error: Option<ParseError>) -> Result<Vec<Node<'s>>, ParseError> {
        for index in 0..self.tokens.len() {
            match std::mem::replace(&mut self.tokens[index], Token::Text(0..0)) {
                Token::Text(span) => self.push(Node::Text(span)),
                Token::Escaped(escaped) => self.push(Node::Escaped(escaped)),
                Token::Open(tag) => self.open(index, tag)?,
                Token::Close(close) => self.close(&close)?,
            }
        }
        if let Some(error) = lex_error {
            return Err(error);
        }
        if let Some(frame) = self.stack.pop() {
            return Err(ParseError {
                stage: Stage::Parser,
                offset: frame.tag.span.start,
                message: format!(
                    "shortcode {:?} must be closed or self-closed",
                    frame.tag.name
                ),
            });
        }
        Ok(self.nodes)
    }

    fn push(&mut self, node: Node<'s>) {
        self.nodes.push(node);
    }

    fn open(&mut self, index: usize, tag: OpenTag<'s>) -> Result<(), ParseError> {
        let kind = (self.body_kind)(tag.name);
        let takes_body = !tag.self_closing
            && (tag.inline
                || match kind {
                    BodyKind::Required => true,
                    BodyKind::None => false,
                    BodyKind::Unknown => self.closer_follows(index, tag.name),
                });
        // Hugo 0.168 reads `/>}}` as a closing tag too: on a shortcode whose template has
        // no `.Inner` it is the same error as an explicit closer, reported where the
        // outermost shortcode being extracted starts.
        if tag.self_closing && !tag.inline && kind == BodyKind::None {
            let outermost = self.stack.first().map(|f| f.tag.span.start);
            return Err(ParseError {
                stage: Stage::Parser,
                offset: outermost.unwrap_or(tag.span.start),
                message: format!(
                    "shortcode {:?} does not evaluate .Inner or .InnerDeindent, yet a closing tag was provided",
                    tag.name
                ),
            });
        }
        if takes_body && self.stack.len() >= MAX_NESTING {
            return Err(ParseError {
                stage: Stage::Parser,
                offset: tag.span.start,
                message: format!(
                    "shortcode {:?} is nested more than {MAX_NESTING} levels deep",
                    tag.name
                ),
            });
        }
        if takes_body {
            self.stack.push(OpenFrame {
                tag,
                kind,
                first_child: self.nodes.len(),
            });
        } else {
            self.push(Node::Shortcode(leaf(tag)));
        }
        Ok(())
    }

    /// For an unknown shortcode: does a closing tag for it follow, at the same nesting,
    /// before the enclosing shortcode closes?
    fn closer_follows(&self, index: usize, name: &str) -> bool {
        let mut depth = 0usize;
        for token in &self.tokens[index + 1..] {
            match token {
                Token::Open(tag) if tag.name == name && !tag.self_closing => depth += 1,
                Token::Close(close) if close.name == name => {
                    if depth == 0 {
                        return true;
                    }
                    depth -= 1;
                }
                Token::Close(close) if self.stack.iter().any(|f| f.tag.name == close.name) => {
                    return false;
                }
                _ => {}
            }
        }
        false
    }

    fn close(&mut self, close: &CloseTag<'s>) -> Result<(), ParseError> {
        let error = |message: String| ParseError {
            offset: close.span.start,
            message,
            stage: Stage::Lexer,
        };
        let kind = match self.stack.last() {
            Some(frame) if frame.tag.name == close.name => frame.kind,
            _ => (self.body_kind)(close.name),
        };
        if kind == BodyKind::None {
            return Err(ParseError {
                stage: Stage::Parser,
                ..error(format!(
                    "shortcode {:?} does not evaluate .Inner or .InnerDeindent, yet a closing tag was provided",
                    close.name
                ))
            });
        }
        // Hugo pairs a closing tag with the innermost open shortcode whatever its name (its
        // lexer has checked that the name was opened somewhere before); with none open, the
        // closing tag is read as one given to a shortcode without `.Inner` (Hugo 0.168).
        let Some(frame) = self.stack.pop() else {
            return Err(ParseError {
                stage: Stage::Parser,
                ..error(format!(
                    "shortcode {:?} does not evaluate .Inner or .InnerDeindent, yet a closing tag was provided",
                    close.name
                ))
            });
        };
        let mut shortcode = leaf(frame.tag);
        shortcode.inner = Some(self.nodes.drain(frame.first_child..).collect());
        shortcode.close = Some(close.span.clone());
        self.push(Node::Shortcode(shortcode));
        Ok(())
    }
}

fn leaf(tag: OpenTag<'_>) -> Shortcode<'_> {
    Shortcode {
        name: tag.name,
        delim: tag.delim,
        params: tag.params,
        self_closing: tag.self_closing,
        inline: tag.inline,
        inner: None,
        open: tag.span,
        close: None,
        indent: tag.indent,
    }
}
