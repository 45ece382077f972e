//! Everything fieldbook prints to a terminal goes through here: text from the user's files or
//! from Python help (`\u{1b}]0;…\u{7}`, `\u{1b}[2J`) is shown with its control characters
//! escaped, never sent raw, and a closed stdout or stderr (`fieldbook serve | head -n 2`) is not a
//! reason to panic.

use std::borrow::Cow;
use std::io::Write;

/// `text` with every control character (C0, DEL, C1; line breaks too) written as a visible
/// escape (`\u{1b}`, `\n`, `\t`), so that one printed value stays one line and cannot drive the
/// terminal.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_keeping(text, false)
}

/// Like [`escape`] but keeps line breaks: for whole printouts made of lines.
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    escape_keeping(text, true)
}

fn escape_keeping(text: &str, newlines: bool) -> Cow<'_, str> {
    let wanted = |c: char| c.is_control() && !(newlines && c == '\n');
    if !text.contains(wanted) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !wanted(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// Prints lines to standard output, control characters escaped; a closed pipe is ignored (the
/// reader has what it wanted).
pub fn say(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", escape_lines(text));
    let _ = out.flush();
}

/// Prints lines to standard error, control characters escaped; a closed pipe is ignored.
pub fn tell(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{}", escape_lines(text));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(escape("\u{1b}[2J\u{9b}"), "\\u{1b}[2J\\u{9b}");
        assert_eq!(escape("a\nb\tc"), "a\\nb\\tc");
        assert_eq!(escape_lines("a\nb\u{7f}"), "a\nb\\u{7f}");
        assert!(matches!(escape("学习率 plain"), Cow::Borrowed(_)));
    }
}
