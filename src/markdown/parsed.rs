//! Each Markdown text goes through the parser once per build: [`parse`] keeps its events, the
//! ids of its headings and its plain text together, and [`ParsedTexts`] hands the same
//! [`Parsed`] to every consumer (the link table, the pages of every version, the search index).

use super::{check_cost, slugify, strip_tags, LinkError};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The Markdown extensions fieldbook turns on.
pub(super) const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// One Markdown text, parsed: what rendering, the link table and the search index need of it.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The parser's events, each with its byte offset in the text.
    pub(super) events: Vec<(Event<'static>, usize)>,
    /// The anchors of its headings, in order.
    pub heading_ids: Vec<String>,
    /// Its text without markup, whitespace collapsed (for the search index).
    pub plain_text: String,
    /// Why the text was not parsed: its structure would be too costly ([`check_cost`]).
    pub(super) refused: Option<LinkError>,
}

/// Parses `markdown` once; a text [`check_cost`] refuses has no events, headings or text, and
/// rendering it reports the error.
pub fn parse(markdown: &str) -> Parsed {
    if let Err(e) = check_cost(markdown) {
        return Parsed {
            refused: Some(e),
            ..Parsed::default()
        };
    }
    let mut events = Vec::new();
    let mut plain = String::with_capacity(markdown.len());
    let mut heading_ids = Vec::new();
    let mut heading: Option<String> = None;
    for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
        match &event {
            Event::Text(t) | Event::Code(t) => {
                plain.push_str(t);
                heading.iter_mut().for_each(|h| h.push_str(t));
            }
            // A heading's anchor is the text of what it shows (rendering passes raw HTML on).
            Event::InlineHtml(html) => heading
                .iter_mut()
                .for_each(|h| h.push_str(&strip_tags(html))),
            Event::SoftBreak | Event::HardBreak => plain.push(' '),
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(end) => {
                plain.push(' ');
                if matches!(end, TagEnd::Heading(_)) {
                    heading_ids.extend(heading.take().map(|t| slugify(&t)));
                }
            }
            _ => {}
        }
        events.push((event.into_static(), range.start));
    }
    Parsed {
        events,
        heading_ids,
        plain_text: collapse_whitespace(&plain),
        refused: None,
    }
}

/// The texts one build has parsed, by content: the first to ask for a text parses it (others
/// asking meanwhile wait for that parse), later ones get the same [`Parsed`].
#[derive(Debug, Default)]
pub struct ParsedTexts {
    texts: Mutex<HashMap<String, Arc<OnceLock<Arc<Parsed>>>>>,
}

impl ParsedTexts {
    /// `markdown`, parsed once for the whole build.
    pub fn get(&self, markdown: &str) -> Arc<Parsed> {
        let cell = {
            let mut texts = self.texts.lock().unwrap_or_else(|e| e.into_inner());
            match texts.get(markdown) {
                Some(cell) => Arc::clone(cell),
                None => Arc::clone(texts.entry(markdown.to_string()).or_default()),
            }
        };
        Arc::clone(cell.get_or_init(|| Arc::new(parse(markdown))))
    }
}

/// `text.split_whitespace()` joined by single spaces, in one pass over the bytes: only the lead
/// bytes of whitespace characters are decoded (none of CJK text's).
pub(super) fn collapse_whitespace(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut push_word = |word: &str| {
        if !word.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    };
    let (mut word, mut i) = (0, 0);
    while i < bytes.len() {
        let space = match bytes[i] {
            b' ' | b'\t'..=b'\r' => 1,
            // U+0085, U+00A0, U+1680, U+2000..=U+205F, U+3000.
            0xC2 | 0xE1..=0xE3 => text[i..]
                .chars()
                .next()
                .filter(|c| c.is_whitespace())
                .map_or(0, char::len_utf8),
            _ => 0,
        };
        if space == 0 {
            i += 1;
        } else {
            push_word(&text[word..i]);
            i += space;
            word = i;
        }
    }
    push_word(&text[word..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_parsed_once_and_its_parts_agree_with_its_render() {
        let texts = ParsedTexts::default();
        let text = "# Hello `x` <b>world</b>\n\nSome *text*,\nover ~~two~~ lines.\n";
        let first = texts.get(text);
        assert!(Arc::ptr_eq(&first, &texts.get(&String::from(text))));
        assert_eq!(first.heading_ids, ["hello-x-world"]);
        assert_eq!(
            first.plain_text, // Every closing tag ends a word, as the search index always had it.
            "Hello x world Some text , over two lines."
        );
        let links = super::super::LinkTable::default();
        let ctx = super::super::MarkdownContext {
            links: &links,
            current_reference: None,
            root: "",
            current_guide: None,
            cache: None,
        };
        let (html, _) = super::super::render(text, &ctx);
        assert!(html.starts_with("<h1 id=\"hello-x-world\">"), "{html}");
    }
}
