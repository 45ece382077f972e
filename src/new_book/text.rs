//! A field's English text from its source: the help (or description) and the docstring entry
//! joined, HTML and Sphinx/Hugging Face cross-reference syntax turned into Markdown, and split
//! into a one-line plain summary (the first sentence) and a Markdown explanation (the rest).

/// The text of a field: its own help first, the docstring entry (or attribute docstring)
/// extending it; `None` when the source says nothing about the field.
pub fn field_text(help: Option<&str>, doc: Option<&str>) -> Option<String> {
    let clean = |s: &str| Some(to_markdown(s)).filter(|t| !t.trim().is_empty());
    match (help.and_then(clean), doc.and_then(clean)) {
        (Some(own), Some(doc)) => {
            // One text that starts with the other's words says it all.
            let (a, b) = (words(&own) + " ", words(&doc) + " ");
            Some(if b.starts_with(&a) {
                doc
            } else if a.starts_with(&b) {
                own
            } else {
                format!("{}\n\n{}", own.trim_end(), doc.trim_start())
            })
        }
        (own, doc) => own.or(doc),
    }
}

/// The text's words, lowercased, one space apart: two texts that differ only in markup
/// (backticks, emphasis) or punctuation compare equal.
fn words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whitespace runs as one space.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `(summary, rest)`: the first sentence as one line of plain text, and the Markdown after it
/// (empty when the text is one sentence).
pub fn split_summary(text: &str) -> (String, String) {
    let text = text.trim();
    let end = first_sentence_end(text);
    let (first, rest) = text.split_at(end);
    (plain(first), rest.trim().to_string())
}

/// The byte offset just after the first sentence: a `.`, `!` or `?` followed by whitespace (or
/// a blank line), outside backticks and brackets, not after an abbreviation (`e.g.`); the whole
/// text when there is none.
fn first_sentence_end(text: &str) -> usize {
    const ABBREVIATIONS: [&str; 8] = ["e.g", "i.e", "etc", "vs", "cf", "approx", "resp", "Dr"];
    let mut code = false;
    let mut depth = 0i32;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        match c {
            '`' => code = !code,
            '(' | '[' if !code => depth += 1,
            ')' | ']' if !code => depth -= 1,
            '\n' if !code && text[i + 1..].starts_with('\n') => return i,
            '.' | '!' | '?' | '。' if !code && depth <= 0 => {
                let next = chars.get(k + 1).map(|&(_, n)| n);
                let word: String = text[..i]
                    .chars()
                    .rev()
                    .take_while(|c| !c.is_whitespace() && *c != '(')
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let ends = c == '。' || next.is_none_or(char::is_whitespace);
                if ends && !ABBREVIATIONS.contains(&word.as_str()) && !word.ends_with("e.g") {
                    return i + c.len_utf8();
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// Markdown as one line of plain text: links as their text, backticks and emphasis removed.
fn plain(markdown: &str) -> String {
    let mut out = String::new();
    let mut rest = markdown;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](").and_then(|close| {
            let tail = &after[close + 2..];
            tail.find(')').map(|end| (close, close + 2 + end + 1))
        }) {
            Some((close, end)) => {
                out.push_str(&after[..close]);
                rest = &after[end..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    squash(&out.replace(['`', '*'], ""))
}

/// Help text as Markdown: `<a href="u">t</a>` as `[t](u)`, `<code>` as backticks, `<br>` as a
/// line break, emphasis tags as `*`/`**`, any other tag (`<Tip>`) dropped with its text kept;
/// Hugging Face's `` [`~module.Name`] `` and Sphinx's `` :class:`Name` `` as `` `Name` ``.
pub fn to_markdown(text: &str) -> String {
    let text = cross_references(text);
    let mut out = String::new();
    let mut rest = text.as_str();
    let mut href: Vec<Option<String>> = Vec::new();
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/');
        let Some(gt) = after.find('>').filter(|_| is_tag) else {
            out.push('<');
            rest = after;
            continue;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("a", false) => {
                href.push(attribute(tag, "href"));
                out.push('[');
            }
            ("a", true) => match href.pop().flatten() {
                Some(url) => out.push_str(&format!("]({url})")),
                None => out.push(']'),
            },
            ("code", _) => out.push('`'),
            ("br", _) => out.push('\n'),
            ("b" | "strong", _) => out.push_str("**"),
            ("i" | "em", _) => out.push('*'),
            ("p", true) => out.push_str("\n\n"),
            _ => {}
        }
    }
    out.push_str(rest);
    out.replace("%%", "%").trim().to_string()
}

/// The value of attribute `name` in a tag's text (`a href="u"`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}="))? + name.len() + 1;
    let value = &tag[at..];
    let quote = value.chars().next()?;
    if quote == '"' || quote == '\'' {
        let end = value[1..].find(quote)?;
        Some(value[1..1 + end].to_string())
    } else {
        Some(value.split_whitespace().next()?.to_string())
    }
}

/// `` [`~a.b.Name`] `` → `` `Name` ``, `` [`a.Name`] `` → `` `a.Name` ``, `` :class:`x.Y` `` →
/// `` `x.Y` ``.
fn cross_references(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("[`") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find("`]") {
            Some(end)
                if !after[..end].contains('`')
                    && !after[end + 2..].starts_with('(')
                    && !after[..end].contains('\n') =>
            {
                let target = &after[..end];
                let shown = match target.strip_prefix('~') {
                    Some(t) => t.rsplit('.').next().unwrap_or(t),
                    None => target,
                };
                out.push('`');
                out.push_str(shown);
                out.push('`');
                rest = &after[end + 2..];
            }
            _ => {
                out.push_str("[`");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    // Sphinx roles: `:class:`X`` and the like.
    let mut result = String::new();
    let mut rest = out.as_str();
    while let Some(i) = rest.find(":`") {
        let before = &rest[..i];
        let role_start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == ':' || c == '_'))
            .map_or(0, |p| p + 1);
        let role = &before[role_start..];
        if role.starts_with(':') && role.len() > 1 {
            result.push_str(&before[..role_start]);
            rest = &rest[i + 1..];
        } else {
            result.push_str(&rest[..i + 2]);
            rest = &rest[i + 2..];
        }
    }
    result.push_str(rest);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_the_first_sentence_and_never_repeated() {
        let (s, rest) = split_summary(
            "Lora attention dimension (the `rank`, e.g. 8). Higher values train more weights.\nSee `alpha`.",
        );
        assert_eq!(s, "Lora attention dimension (the rank, e.g. 8).");
        assert_eq!(rest, "Higher values train more weights.\nSee `alpha`.");
        let (s, rest) = split_summary("Only one sentence");
        assert_eq!((s.as_str(), rest.as_str()), ("Only one sentence", ""));
        let (s, _) = split_summary("Uses `torch.float32`. Then more.");
        assert_eq!(s, "Uses torch.float32.");
    }

    #[test]
    fn html_and_cross_references_become_markdown() {
        assert_eq!(
            to_markdown(
                "See <a href=\"https://x.org/a\">the paper</a> and [`~trainer_utils.IntervalStrategy`]. <Tip>Use <code>x</code>.</Tip> 100%% a < b"
            ),
            "See [the paper](https://x.org/a) and `IntervalStrategy`. Use `x`. 100% a < b"
        );
        assert_eq!(to_markdown("Use :class:`~x.Y` here"), "Use `~x.Y` here");
        assert_eq!(
            plain("See [the paper](https://x.org/a), `x`."),
            "See the paper, x."
        );
    }

    #[test]
    fn own_help_first_then_the_docstring_extends_it() {
        assert_eq!(
            field_text(Some("Rank."), Some("The rank of the update matrices.")).unwrap(),
            "Rank.\n\nThe rank of the update matrices."
        );
        assert_eq!(
            field_text(Some("Rank."), Some("Rank. Higher is slower.")).unwrap(),
            "Rank. Higher is slower."
        );
        assert_eq!(field_text(None, Some("Doc only.")).unwrap(), "Doc only.");
        // The same words with other markup are the same text: the fuller one is kept.
        assert_eq!(
            field_text(
                Some("Extra kwargs, such as {'n': 1}."),
                Some("Extra kwargs, such as `{'n': 1}`. See the docs.")
            )
            .unwrap(),
            "Extra kwargs, such as `{'n': 1}`. See the docs."
        );
        assert_eq!(field_text(Some("  "), None), None);
    }
}
