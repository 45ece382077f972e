//! The gettext PO file format: writing entries the way GNU gettext's tools do (escapes, `""`
//! first lines for multi-line strings, lines wrapped at 79 columns) and reading them back with
//! the line and column of every problem.

use crate::diagnostics::{Diagnostic, SourceFile};

/// Lines of a PO file are wrapped at this width, like `msgmerge` and `xgettext` do.
const WIDTH: usize = 79;

/// One PO entry (the header is the entry with an empty `msgid` and no `msgctxt`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// `#.` lines: context for the translator from the program.
    pub extracted: Vec<String>,
    /// `#:` lines: where the text is.
    pub references: Vec<String>,
    /// Whether the entry is marked `#, fuzzy`.
    pub fuzzy: bool,
    /// `#| msgid`: the source text the translation was made from, when it has changed.
    pub previous_msgid: Option<String>,
    /// The stable key.
    pub msgctxt: Option<String>,
    /// The source text.
    pub msgid: String,
    /// The translation; empty when there is none.
    pub msgstr: String,
    /// The 1-based line where the entry starts (reading only; 0 for written entries).
    pub line: usize,
}

/// Writes `entries` as a PO file; the first is usually the header.
pub fn write(entries: &[Entry]) -> String {
    let mut out = String::new();
    for (i, entry) in entries.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for comment in &entry.extracted {
            for line in comment.lines() {
                push_comment(&mut out, "#.", line);
            }
        }
        for reference in &entry.references {
            push_comment(&mut out, "#:", reference);
        }
        if entry.fuzzy {
            out.push_str("#, fuzzy\n");
        }
        if let Some(previous) = &entry.previous_msgid {
            push_string(&mut out, "#| ", "msgid", previous);
        }
        if let Some(ctxt) = &entry.msgctxt {
            push_string(&mut out, "", "msgctxt", ctxt);
        }
        push_string(&mut out, "", "msgid", &entry.msgid);
        push_string(&mut out, "", "msgstr", &entry.msgstr);
    }
    out
}

fn push_comment(out: &mut String, mark: &str, text: &str) {
    out.push_str(mark);
    if !text.is_empty() {
        out.push(' ');
        out.push_str(text);
    }
    out.push('\n');
}

/// Writes `keyword "…"`, or `keyword ""` followed by one quoted line per piece when the text
/// has line breaks inside it or does not fit on one line. Every line starts with `prefix`
/// (`#| ` for a previous msgid).
fn push_string(out: &mut String, prefix: &str, keyword: &str, text: &str) {
    let escaped = escape(text);
    let single = prefix.len() + keyword.len() + escaped.chars().count() + 3;
    let inner_break = escaped.find("\\n").is_some_and(|at| at + 2 < escaped.len());
    if single <= WIDTH && !inner_break {
        out.push_str(&format!("{prefix}{keyword} \"{escaped}\"\n"));
        return;
    }
    out.push_str(&format!("{prefix}{keyword} \"\"\n"));
    for piece in pieces(&escaped, WIDTH - prefix.len() - 2) {
        out.push_str(&format!("{prefix}\"{piece}\"\n"));
    }
}

/// Splits escaped text after every `\n` and, where a piece is still wider than `width`
/// characters, after the last space that fits (a piece without a space is left long).
fn pieces(escaped: &str, width: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = escaped;
    while !rest.is_empty() {
        let line_end = rest.find("\\n").map_or(rest.len(), |i| i + 2);
        let mut line = &rest[..line_end];
        while line.chars().count() > width {
            let limit = line
                .char_indices()
                .nth(width)
                .map_or(line.len(), |(i, _)| i);
            match line[..limit].rfind(' ') {
                Some(space) if space > 0 => {
                    out.push(&line[..=space]);
                    line = &line[space + 1..];
                }
                _ => break,
            }
        }
        out.push(line);
        rest = &rest[line_end..];
    }
    out
}

/// Escapes text for a PO string: backslash, quote and control characters.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\{:03o}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Which string the next continuation line belongs to.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    None,
    Ctxt,
    Id,
    Str,
    PreviousId,
    Skipped,
}

/// Reads a PO file into its entries (the header included). Obsolete entries (`#~`) and
/// translator comments are skipped; a plural entry, an unknown keyword or a malformed string
/// is an error at its line and column.
pub fn parse(file: &SourceFile) -> Result<Vec<Entry>, Diagnostic> {
    let mut entries = Vec::new();
    let mut entry = Entry::default();
    let mut started = false;
    let mut field = Field::None;
    let mut seen_str = false;
    for (index, raw_line) in file.text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw_line.trim_end();
        let indent = line.len() - line.trim_start().len();
        let line = line.trim_start();
        let at = |col: usize, message: String| {
            let col = raw_line[..(indent + col).min(raw_line.len())]
                .chars()
                .count()
                + 1;
            Diagnostic::at(&file.path, line_no, col, message)
        };
        if line.is_empty() {
            continue;
        }
        // A keyword or comment after a msgstr starts the next entry.
        let starts_entry = !line.starts_with('"') && !line.starts_with("#~");
        if starts_entry && seen_str {
            entries.push(std::mem::take(&mut entry));
            started = false;
            seen_str = false;
            field = Field::None;
        }
        if !started && starts_entry {
            entry.line = line_no;
            started = true;
        }
        if let Some(rest) = line.strip_prefix("#|") {
            let rest = rest.trim_start();
            let offset = line.len() - rest.len();
            if let Some(value) = rest.strip_prefix("msgid ") {
                entry.previous_msgid = Some(unquote(value, |c, m| at(offset + 6 + c, m))?);
                field = Field::PreviousId;
            } else if rest.starts_with('"') && field == Field::PreviousId {
                let more = unquote(rest, |c, m| at(offset + c, m))?;
                entry.previous_msgid.get_or_insert_default().push_str(&more);
            } else {
                field = Field::Skipped;
            }
            continue;
        }
        if line.starts_with("#~") {
            continue;
        }
        if let Some(rest) = line.strip_prefix("#,") {
            entry.fuzzy |= rest.split(',').any(|flag| flag.trim() == "fuzzy");
            continue;
        }
        if let Some(rest) = line.strip_prefix("#.") {
            entry.extracted.push(rest.trim().to_string());
            continue;
        }
        if let Some(rest) = line.strip_prefix("#:") {
            entry.references.push(rest.trim().to_string());
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.starts_with('"') {
            let more = unquote(line, at)?;
            match field {
                Field::Ctxt => entry.msgctxt.get_or_insert_default().push_str(&more),
                Field::Id => entry.msgid.push_str(&more),
                Field::Str => entry.msgstr.push_str(&more),
                _ => {
                    return Err(
                        at(0, "a string that follows no keyword".to_string()).with_hint(
                            "a continuation line must follow `msgctxt`, `msgid` or `msgstr`",
                        ),
                    )
                }
            }
            continue;
        }
        let (keyword, value) = line.split_once([' ', '\t']).unwrap_or((line, ""));
        let value_at = line.len() - value.trim_start().len();
        let value = value.trim_start();
        let text = |v: &str| unquote(v, |c, m| at(value_at + c, m));
        match keyword {
            "msgctxt" => {
                entry.msgctxt = Some(text(value)?);
                field = Field::Ctxt;
            }
            "msgid" => {
                entry.msgid = text(value)?;
                field = Field::Id;
            }
            "msgstr" => {
                entry.msgstr = text(value)?;
                field = Field::Str;
                seen_str = true;
            }
            "msgid_plural" | "msgstr[0]" => {
                return Err(at(0, format!("`{keyword}`: plural entries are not used by fieldbook"))
                    .with_hint("every text of a book is one `msgid` with one `msgstr`; remove the plural forms"))
            }
            other => {
                return Err(at(0, format!("unknown keyword `{other}`"))
                    .with_hint("a PO entry is `msgctxt`, `msgid` and `msgstr` lines, each followed by a quoted string"))
            }
        }
    }
    if started {
        if !seen_str {
            return Err(
                Diagnostic::at(&file.path, entry.line, 1, "this entry has no `msgstr`")
                    .with_hint("end every entry with `msgstr \"…\"` (empty when not translated)"),
            );
        }
        entries.push(entry);
    }
    Ok(entries)
}

/// The text of one quoted PO string (`"…"`), escapes resolved; `at(column, message)` makes an
/// error at a byte column of the string as given.
fn unquote(value: &str, at: impl Fn(usize, String) -> Diagnostic) -> Result<String, Diagnostic> {
    let hint =
        "write the text between double quotes, with `\\\"` for a quote and `\\\\` for a backslash";
    let Some(body) = value.strip_prefix('"') else {
        return Err(at(0, "expected a quoted string".to_string()).with_hint(hint));
    };
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let rest = &body[i + 1..];
                let after = rest.trim();
                if !after.is_empty() {
                    let col = i + 2 + rest.len() - rest.trim_start().len();
                    return Err(
                        at(col, format!("unexpected `{after}` after the string")).with_hint(hint)
                    );
                }
                return Ok(out);
            }
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, 'a')) => out.push('\u{7}'),
                Some((_, 'b')) => out.push('\u{8}'),
                Some((_, 'v')) => out.push('\u{b}'),
                Some((_, 'f')) => out.push('\u{c}'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, '"')) => out.push('"'),
                Some((_, d)) if d.is_digit(8) => {
                    let digits: String = std::iter::once(d)
                        .chain(body[i + 2..].chars().take_while(|c| c.is_digit(8)).take(2))
                        .collect();
                    for _ in 1..digits.len() {
                        chars.next();
                    }
                    let code = u32::from_str_radix(&digits, 8).unwrap_or(0);
                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                }
                Some((_, other)) => {
                    return Err(at(i + 1, format!("unknown escape `\\{other}`")).with_hint(hint))
                }
                None => break,
            },
            c => out.push(c),
        }
    }
    Err(at(value.len(), "the string is not closed".to_string()).with_hint(hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(ctxt: &str, id: &str, s: &str) -> Entry {
        Entry {
            msgctxt: Some(ctxt.to_string()),
            msgid: id.to_string(),
            msgstr: s.to_string(),
            ..Entry::default()
        }
    }

    #[test]
    fn short_strings_stay_on_one_line_and_multi_line_text_breaks_after_each_newline() {
        let text = write(&[
            entry("a/b", "Say \"hi\" \\ now.", ""),
            entry("a/c", "One.\n\nTwo.\n", "一。\n\n二。\n"),
        ]);
        assert_eq!(
            text,
            "msgctxt \"a/b\"\nmsgid \"Say \\\"hi\\\" \\\\ now.\"\nmsgstr \"\"\n\n\
             msgctxt \"a/c\"\nmsgid \"\"\n\"One.\\n\"\n\"\\n\"\n\"Two.\\n\"\nmsgstr \"\"\n\"一。\\n\"\n\"\\n\"\n\"二。\\n\"\n"
        );
    }

    #[test]
    fn long_lines_wrap_at_spaces_within_79_columns() {
        let long = "word ".repeat(40);
        let text = write(&[entry("k", long.trim_end(), "")]);
        for line in text.lines() {
            assert!(line.chars().count() <= WIDTH, "{line}");
        }
        let parsed = parse(&SourceFile::new("a.po", text)).unwrap();
        assert_eq!(parsed[0].msgid, long.trim_end());
    }

    #[test]
    fn written_entries_read_back_the_same() {
        let mut fuzzy = entry("ref/f/summary", "New text with a \t tab.", "旧的译文");
        fuzzy.fuzzy = true;
        fuzzy.previous_msgid = Some("Old text,\nover two lines.".to_string());
        fuzzy.extracted = vec!["type: `int`".to_string()];
        fuzzy.references = vec!["content/a.toml:3".to_string()];
        let header = Entry {
            msgstr: "Language: zh\n".to_string(),
            ..Entry::default()
        };
        let entries = vec![header, fuzzy];
        let text = write(&entries);
        let parsed = parse(&SourceFile::new("a.po", text)).unwrap();
        let without_lines: Vec<Entry> =
            parsed.into_iter().map(|e| Entry { line: 0, ..e }).collect();
        assert_eq!(without_lines, entries);
    }

    #[test]
    fn malformed_files_are_errors_at_their_line_and_column() {
        let bad = |text: &str| {
            parse(&SourceFile::new("a.po", text.to_string()))
                .unwrap_err()
                .to_string()
        };
        let cases = [
            (
                "msgid \"a\nmsgstr \"\"\n",
                "a.po:1:9: error: the string is not closed",
            ),
            (
                "msgid \"a\"\nmsgstr \"\\q\"\n",
                "a.po:2:9: error: unknown escape `\\q`",
            ),
            (
                "msgid \"a\"\nmsgstrr \"\"\n",
                "a.po:2:1: error: unknown keyword `msgstrr`",
            ),
            (
                "msgid \"a\"\n",
                "a.po:1:1: error: this entry has no `msgstr`",
            ),
            (
                "msgid \"a\" x\nmsgstr \"\"\n",
                "a.po:1:11: error: unexpected `x`",
            ),
        ];
        for (text, expected) in cases {
            let got = bad(text);
            assert!(got.starts_with(expected), "{got}");
        }
    }
}
