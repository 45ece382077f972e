//! Build-time syntax highlighting with syntect. Code becomes HTML with one short class per token
//! (`hl-k` keyword, `hl-s` string, …; see `CLASSES`), styled by `templates/assets/highlight.css`
//! in light and dark. Python, the language of every field's snippets, is highlighted from ruff's
//! tokens (`python.rs`, which says why); other fenced languages in guides use syntect's bundled
//! grammars, which are loaded only when a page needs one.

mod python;

use crate::cache::RebuildCache;
use std::sync::OnceLock;
use syntect::parsing::{ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Scope prefixes and the class their tokens get, most specific first. A token takes the class
/// of the innermost scope on its stack that starts with one of these prefixes.
const CLASSES: &[(&str, &str)] = &[
    ("comment", "hl-c"),
    ("string", "hl-s"),
    ("constant.numeric", "hl-n"),
    ("constant.language", "hl-l"),
    ("constant.character.escape", "hl-s"),
    ("constant", "hl-l"),
    ("keyword.operator", "hl-o"),
    ("keyword", "hl-k"),
    ("storage", "hl-k"),
    ("entity.name.decorator", "hl-d"),
    ("entity.name.function", "hl-f"),
    ("entity.name.class", "hl-t"),
    ("entity.name.type", "hl-t"),
    ("entity.name.tag", "hl-t"),
    ("entity.other.attribute-name", "hl-p"),
    ("variable.function", "hl-f"),
    ("variable.parameter", "hl-p"),
    ("variable.language", "hl-b"),
    ("support", "hl-b"),
    ("markup.heading", "hl-k"),
    ("markup.deleted", "hl-c"),
    ("markup.inserted", "hl-s"),
];

/// syntect's bundled grammars, for the other languages guides may use.
fn bundled() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The scopes of `CLASSES`, parsed once.
fn class_scopes() -> &'static [(Scope, &'static str)] {
    static SCOPES: OnceLock<Vec<(Scope, &'static str)>> = OnceLock::new();
    SCOPES.get_or_init(|| {
        CLASSES
            .iter()
            .filter_map(|(prefix, class)| Some((Scope::new(prefix).ok()?, *class)))
            .collect()
    })
}

/// The class of a scope's tokens, if it has one of its own.
fn class_of(scope: Scope) -> Option<&'static str> {
    class_scopes()
        .iter()
        .find(|(prefix, _)| prefix.is_prefix_of(scope))
        .map(|(_, class)| *class)
}

/// A scope stack with, for each depth, the class a token there takes: that of the innermost
/// scope down to it that has one. Keeps `class` from walking the whole stack at every token.
#[derive(Default)]
struct ClassStack {
    scopes: ScopeStack,
    classes: Vec<Option<&'static str>>,
}

impl ClassStack {
    /// Applies a scope operation from `ParseState::parse_line`.
    fn apply(&mut self, op: &ScopeStackOp) -> Option<()> {
        self.scopes.apply(op).ok()?;
        match op {
            ScopeStackOp::Push(scope) => {
                let class = class_of(*scope).or(self.class());
                self.classes.push(class);
            }
            ScopeStackOp::Pop(_) => self.classes.truncate(self.scopes.len()),
            // Clearing and restoring scopes (bundled grammars) change the stack below the top.
            _ => {
                self.classes.clear();
                for scope in self.scopes.as_slice() {
                    let class = class_of(*scope).or(self.class());
                    self.classes.push(class);
                }
            }
        }
        Some(())
    }

    /// The class of a token under the stack, if any.
    fn class(&self) -> Option<&'static str> {
        self.classes.last().copied().flatten()
    }
}

/// Highlights `code` as [`highlight`] does, reusing an earlier build's work when `cache` has it.
pub fn highlight_cached(cache: Option<&RebuildCache>, code: &str, lang: &str) -> String {
    match cache {
        Some(cache) => cache.highlighted(code, lang, || highlight(code, lang)),
        None => highlight(code, lang),
    }
}

/// Highlights `code` written in `lang` (a Markdown fence tag such as `python`, `toml`, `bash`).
/// Returns the inner HTML of a `<code>` element, escaped; unknown languages come back plain.
pub fn highlight(code: &str, lang: &str) -> String {
    let (set, syntax) = match lang.trim().to_ascii_lowercase().as_str() {
        "" => return escape_html(code),
        "python" | "py" | "python3" => return python::to_html(code),
        "sh" | "shell" | "console" => match bundled().find_syntax_by_token("bash") {
            Some(syntax) => (bundled(), syntax),
            None => return escape_html(code),
        },
        token => match bundled().find_syntax_by_token(token) {
            Some(syntax) => (bundled(), syntax),
            None => return escape_html(code),
        },
    };
    to_html(code, set, syntax).unwrap_or_else(|| escape_html(code))
}

/// Parses `code` line by line and writes each run of tokens with the same class as one `<span>`.
fn to_html(code: &str, set: &SyntaxSet, syntax: &SyntaxReference) -> Option<String> {
    let mut state = ParseState::new(syntax);
    let mut stack = ClassStack::default();
    let mut html = Html::with_capacity(code.len() * 2);
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, set).ok()?;
        let mut start = 0;
        for (at, op) in ops.iter() {
            html.push(&line[start..*at], stack.class());
            start = *at;
            stack.apply(op)?;
        }
        html.push(&line[start..], stack.class());
    }
    Some(html.finish())
}

/// HTML being written: text escaped, one span open at a time.
struct Html {
    out: String,
    open: Option<&'static str>,
}

impl Html {
    fn with_capacity(capacity: usize) -> Self {
        Html {
            out: String::with_capacity(capacity),
            open: None,
        }
    }

    fn push(&mut self, text: &str, class: Option<&'static str>) {
        if text.is_empty() {
            return;
        }
        if class != self.open {
            if self.open.is_some() {
                self.out.push_str("</span>");
            }
            if let Some(class) = class {
                self.out.push_str("<span class=\"");
                self.out.push_str(class);
                self.out.push_str("\">");
            }
            self.open = class;
        }
        push_escaped(&mut self.out, text);
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.out.push_str("</span>");
        }
        self.out
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as `escape_html` does.
fn push_escaped(out: &mut String, text: &str) {
    let mut plain = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_tokens_get_short_classes() {
        let html = highlight(
            "@dataclass\nclass A:\n    x: int = field(default=5e-5, help='it\\'s')  # note\n",
            "python",
        );
        for expected in [
            "<span class=\"hl-d\">@dataclass</span>",
            "<span class=\"hl-k\">class</span>",
            "<span class=\"hl-f\">A</span>",
            "<span class=\"hl-b\">int</span>",
            "<span class=\"hl-f\">field</span>",
            "<span class=\"hl-p\">default</span>",
            "<span class=\"hl-n\">5e-5</span>",
            "<span class=\"hl-s\">&#39;it\\&#39;s&#39;</span>",
            "<span class=\"hl-c\"># note",
        ] {
            assert!(html.contains(expected), "{expected} not in {html}");
        }
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn strings_spanning_lines_and_keyword_lookalikes() {
        let html = highlight("s = \"\"\"a\nb\"\"\"\nimported = None\n", "py");
        assert!(
            html.contains("<span class=\"hl-s\">&quot;&quot;&quot;a\nb&quot;&quot;&quot;</span>"),
            "{html}"
        );
        assert!(
            html.contains("imported = <span class=\"hl-l\">None</span>"),
            "{html}"
        );
    }

    #[test]
    fn tokens_taken_together_keep_their_own_classes() {
        // Keyword arguments with their values, and pairs of strings, are matched at once.
        let html = highlight(
            "f(a=\"x\", b=None, c=1, d=True=1, e=.5)\nx = {\"a\": \"b\", 'c': 1, \"d\": \"\"\"e\"\"\"}\n",
            "python",
        );
        for expected in [
            "<span class=\"hl-p\">a</span>=<span class=\"hl-s\">&quot;x&quot;</span>",
            "<span class=\"hl-p\">b</span>=<span class=\"hl-l\">None</span>",
            "<span class=\"hl-p\">c</span>=<span class=\"hl-n\">1</span>",
            "<span class=\"hl-p\">d</span>=<span class=\"hl-p\">True</span>=<span class=\"hl-n\">1</span>",
            "<span class=\"hl-p\">e</span>=<span class=\"hl-n\">.5</span>",
            "{<span class=\"hl-s\">&quot;a&quot;</span>: <span class=\"hl-s\">&quot;b&quot;</span>, ",
            "<span class=\"hl-s\">&#39;c&#39;</span>: <span class=\"hl-n\">1</span>",
            "<span class=\"hl-s\">&quot;d&quot;</span>: <span class=\"hl-s\">&quot;&quot;&quot;e&quot;&quot;&quot;</span>}",
        ] {
            assert!(html.contains(expected), "{expected} not in {html}");
        }
    }

    #[test]
    fn other_languages_use_the_bundled_grammars() {
        let html = highlight("echo \"hi\" # greet\n", "bash");
        assert!(
            html.contains("class=\"hl-s\"") && html.contains("class=\"hl-c\""),
            "{html}"
        );
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        assert_eq!(highlight("<b>", "no-such-language"), "&lt;b&gt;");
        assert_eq!(escape_html("a<'&\">"), "a&lt;&#39;&amp;&quot;&gt;");
    }

    #[test]
    fn every_class_is_styled_in_light_and_dark() {
        let css = include_str!("../../templates/assets/highlight.css");
        let (light, dark) = css
            .split_once("prefers-color-scheme: dark")
            .expect("a dark section");
        for (_, class) in CLASSES {
            let selector = format!(".{class} ");
            assert!(
                light.contains(&selector) || light.contains(&format!(".{class},")),
                "{class} light"
            );
            assert!(
                dark.contains(&selector) || dark.contains(&format!(".{class},")),
                "{class} dark"
            );
        }
    }
}
