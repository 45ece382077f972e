//! Python highlighting from ruff's own tokens.
//!
//! Why not a syntect grammar: every field has two generated Python snippets, so Python is almost
//! all the code a build highlights. syntect's bundled Python grammar spends ~170 µs a line (and
//! marks far more than a reader needs), which is why fieldbook used to carry a hand-tuned grammar
//! of 26 numbered capture groups; ruff's parser is already linked to read the sources, and its
//! tokens give strings, comments, numbers and names exactly as Python reads them. Measured with
//! callgrind on the 2,000-field book from `bench/gen.py`: highlighting took 490 M instructions
//! with the hand-tuned grammar (and its per-thread memo of parsed lines), 208 M from ruff's
//! tokens, with byte-identical HTML on the bundled book. Every `python` fence of a guide goes
//! through here too, so both kinds of code look the same.
//!
//! The classes are those the grammar gave: comments `hl-c`, strings `hl-s` (an f-string whole),
//! numbers `hl-n`, `True`/`False`/`None`/`Ellipsis`/`NotImplemented` `hl-l`, keywords `hl-k`,
//! builtins and `self`/`cls` `hl-b`, decorators `hl-d`, a called name or the name after
//! `def`/`class` `hl-f`, and a keyword argument (`name=` inside parentheses) `hl-p`.

use super::Html;
use ruff_python_ast::token::{Token, TokenKind};
use ruff_python_ast::PySourceType;
use ruff_text_size::Ranged;

const CONSTANTS: &[&str] = &["Ellipsis", "False", "None", "NotImplemented", "True"];

const KEYWORDS: &[&str] = &[
    "and", "as", "assert", "async", "await", "break", "continue", "def", "del", "elif", "else",
    "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

const BUILTINS: &[&str] = &[
    "abs",
    "all",
    "any",
    "bool",
    "bytes",
    "callable",
    "cls",
    "dict",
    "enumerate",
    "filter",
    "float",
    "frozenset",
    "getattr",
    "hasattr",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "map",
    "max",
    "min",
    "next",
    "object",
    "open",
    "print",
    "range",
    "repr",
    "reversed",
    "round",
    "self",
    "set",
    "setattr",
    "sorted",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "zip",
];

/// Highlights Python source as the inner HTML of a `<code>` element. Code that does not parse is
/// still highlighted token by token (ruff's lexer recovers); text outside tokens is plain.
pub fn to_html(code: &str) -> String {
    let parsed = ruff_python_parser::parse_unchecked_source(code, PySourceType::Python);
    let tokens: &[Token] = parsed.tokens();
    let mut html = Html::with_capacity(code.len() * 2);
    let mut written = 0;
    let mut parens = 0usize;
    let mut interpolated = 0usize;
    // A class decided ahead for a later token (the name after `def`), and where a decorator ends.
    let mut next_class: Option<&'static str> = None;
    let mut decorator_end = 0;
    for (i, token) in tokens.iter().enumerate() {
        let (start, end) = (token.start().to_usize(), token.end().to_usize());
        if start < written || end <= start {
            continue;
        }
        let kind = token.kind();
        let text = &code[start..end];
        let class = if end <= decorator_end {
            Some("hl-d")
        } else if interpolated > 0 || is_string(kind) {
            match kind {
                TokenKind::FStringStart | TokenKind::TStringStart => interpolated += 1,
                TokenKind::FStringEnd | TokenKind::TStringEnd => {
                    interpolated = interpolated.saturating_sub(1)
                }
                _ => {}
            }
            Some("hl-s")
        } else {
            match kind {
                TokenKind::Comment => Some("hl-c"),
                TokenKind::Int | TokenKind::Float | TokenKind::Complex => Some("hl-n"),
                TokenKind::Lpar => {
                    parens += 1;
                    None
                }
                TokenKind::Rpar => {
                    parens = parens.saturating_sub(1);
                    None
                }
                TokenKind::At => {
                    decorator_end = decorator_name_end(code, &tokens[i + 1..]);
                    (decorator_end > end).then_some("hl-d")
                }
                _ if is_word(text) => {
                    let follows = |wanted: TokenKind| {
                        tokens.get(i + 1).is_some_and(|next| {
                            next.kind() == wanted
                                && !code[end..next.start().to_usize()].contains('\n')
                        })
                    };
                    if let Some(class) = next_class.take() {
                        Some(class)
                    } else if parens > 0 && follows(TokenKind::Equal) {
                        Some("hl-p")
                    } else if (text == "def" || text == "class")
                        && tokens.get(i + 1).is_some_and(|n| is_word(&code[n.range()]))
                    {
                        next_class = Some("hl-f");
                        Some("hl-k")
                    } else if CONSTANTS.contains(&text) {
                        Some("hl-l")
                    } else if KEYWORDS.contains(&text) {
                        Some("hl-k")
                    } else if BUILTINS.contains(&text) {
                        Some("hl-b")
                    } else if follows(TokenKind::Lpar) {
                        Some("hl-f")
                    } else {
                        None
                    }
                }
                _ => None,
            }
        };
        html.push(&code[written..start], None);
        html.push(text, class);
        written = end;
    }
    html.push(&code[written..], None);
    html.finish()
}

/// Whether a token of this kind is (a piece of) a string literal.
fn is_string(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::String | TokenKind::FStringStart | TokenKind::TStringStart
    )
}

/// Whether `text` is a name as the highlighter reads one: an ASCII letter or `_`, then word
/// characters (keywords included).
fn is_word(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Where a decorator's dotted name, starting at `after` (the tokens after `@`), ends: 0 if no
/// name follows.
fn decorator_name_end(code: &str, after: &[Token]) -> usize {
    let mut end = 0;
    let mut want_name = true;
    for token in after {
        let text = &code[token.range()];
        match (want_name, token.kind()) {
            (true, _) if is_word(text) => end = token.end().to_usize(),
            (false, TokenKind::Dot) => {}
            _ => break,
        }
        want_name = !want_name;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn keyword_arguments_only_inside_parentheses() {
        let html = to_html("x = 1\nf(x=1, y == 2)\n");
        assert!(
            html.starts_with("x = <span class=\"hl-n\">1</span>"),
            "{html}"
        );
        assert!(html.contains("(<span class=\"hl-p\">x</span>="), "{html}");
        assert!(!html.contains("\"hl-p\">y"), "{html}");
    }

    #[test]
    fn f_strings_are_strings_whole_and_decorators_take_their_dotted_name() {
        let html = to_html("@a.b\ndef g():\n    return f\"{x}!\"\n");
        assert!(html.contains("<span class=\"hl-d\">@a.b</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-f\">g</span>"), "{html}");
        assert!(
            html.contains("<span class=\"hl-s\">f&quot;{x}!&quot;</span>"),
            "{html}"
        );
    }

    #[test]
    fn code_that_does_not_parse_keeps_every_character() {
        let code = "x = (\"open\n>>> 1 +\n\t€ 'a\n";
        let html = to_html(code);
        let text = html
            .replace("<span class=\"hl-s\">", "")
            .replace("<span class=\"hl-n\">", "")
            .replace("</span>", "");
        assert_eq!(text, super::super::escape_html(code));
    }
}
