//! Pairs the flat tag stream into a tree, deciding bodies as Hugo does: by what the
//! shortcode's template needs, which a registry tells us through [`BodyKind`].

use super::ast::{Node, Shortcode};
use super::lexer::{CloseTag, OpenTag, ParseError, Token, tokenize};

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
/// `body_kind` answers, for a shortcode name, whether its template takes a body.
pub fn parse<'s>(
    source: &'s str,
    start: usize,
    body_kind: &dyn Fn(&str) -> BodyKind,
) -> Result<Vec<Node<'s>>, ParseError> {
    let tokens = tokenize(source, start)?;
    TreeBuilder {
        tokens: &tokens,
        body_kind,
        stack: Vec::new(),
        root: Vec::new(),
    }
    .build()
}

struct OpenFrame<'s> {
    tag: OpenTag<'s>,
    children: Vec<Node<'s>>,
}

struct TreeBuilder<'t, 's> {
    tokens: &'t [Token<'s>],
    body_kind: &'t dyn Fn(&str) -> BodyKind,
    stack: Vec<OpenFrame<'s>>,
    root: Vec<Node<'s>>,
}

impl<'s> TreeBuilder<'_, 's> {
    fn build(mut self) -> Result<Vec<Node<'s>>, ParseError> {
        for (index, token) in self.tokens.iter().enumerate() {
            match token {
                Token::Text(span) => self.push(Node::Text(span.clone())),
                Token::Escaped(escaped) => self.push(Node::Escaped(escaped.clone())),
                Token::Open(tag) => self.open(index, tag.clone())?,
                Token::Close(close) => self.close(close)?,
            }
        }
        if let Some(frame) = self.stack.pop() {
            return Err(ParseError {
                offset: frame.tag.span.start,
                message: format!(
                    "shortcode {:?} must be closed or self-closed",
                    frame.tag.name
                ),
            });
        }
        Ok(self.root)
    }

    fn push(&mut self, node: Node<'s>) {
        match self.stack.last_mut() {
            Some(frame) => frame.children.push(node),
            None => self.root.push(node),
        }
    }

    fn open(&mut self, index: usize, tag: OpenTag<'s>) -> Result<(), ParseError> {
        let takes_body = !tag.self_closing
            && (tag.inline
                || match (self.body_kind)(tag.name) {
                    BodyKind::Required => true,
                    BodyKind::None => false,
                    BodyKind::Unknown => self.closer_follows(index, tag.name),
                });
        if takes_body && self.stack.len() >= MAX_NESTING {
            return Err(ParseError {
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
                children: Vec::new(),
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
        };
        if (self.body_kind)(close.name) == BodyKind::None {
            return Err(error(format!(
                "shortcode {:?} has no .Inner, yet a closing tag was provided",
                close.name
            )));
        }
        match self.stack.last() {
            None => Err(error("got closing shortcode, but none is open".into())),
            Some(frame) if frame.tag.name != close.name => Err(error(format!(
                "closing tag for shortcode '{}' does not match start tag",
                close.name
            ))),
            Some(_) => {
                let frame = self.stack.pop().expect("checked above");
                let mut shortcode = leaf(frame.tag);
                shortcode.inner = Some(frame.children);
                shortcode.close = Some(close.span.clone());
                self.push(Node::Shortcode(shortcode));
                Ok(())
            }
        }
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
