//! Problems found in a user's book, each tied to a place in a file.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in the user's input, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file, as the user would type it (relative to the book root where possible).
    pub path: PathBuf,
    /// 1-based line and column (in characters); `None` when the problem is the file as a whole.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// An error fails the build; a warning is reported and the build goes on.
    pub severity: Severity,
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input is wrong: nothing is written.
    #[default]
    Error,
    /// Worth fixing (drift, stale translations); fails only `check --strict`.
    Warning,
}

impl Diagnostic {
    /// Turns this problem into a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// A problem with a file as a whole (missing, unreadable, ...).
    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            position: None,
            message: message.into(),
            hint: None,
            severity: Severity::Error,
        }
    }

    /// A problem at a line and column of a file.
    pub fn at(
        path: impl Into<PathBuf>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.into(),
            position: Some((line, col)),
            message: message.into(),
            hint: None,
            severity: Severity::Error,
        }
    }

    /// Adds the hint that tells the user how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl Diagnostic {
    fn severity_word(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Shows the diagnostic as `path:line:col: error: message` and an indented `hint:` line. Every
/// part is passed through [`crate::term::escape`]: a control character from the user's files or
/// from Python help cannot reach the terminal raw, and a file name or message with a line break
/// stays on its one line.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::term::escape;
        let path = self.path.display().to_string();
        let path = escape(&path);
        let message = escape(&self.message);
        match self.position {
            Some((line, col)) => write!(
                f,
                "{path}:{line}:{col}: {}: {message}",
                self.severity_word(),
            )?,
            None => write!(f, "{path}: {}: {message}", self.severity_word())?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", escape(hint))?;
        }
        Ok(())
    }
}

/// A place in a file that later stages report problems against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, as shown in diagnostics.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

impl Origin {
    /// A diagnostic at this place.
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(&self.path, self.line, self.col, message)
    }
}

/// Every problem a build found, reported together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records one more problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// True when nothing went wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Turns the collection into `Err` when it holds any problem, sorted by place.
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.0.sort();
            self.0.dedup();
            Err(self)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        let n = self.0.len();
        write!(f, "{n} problem{} found", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

/// A file's text plus the table that turns byte offsets into line and column.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path shown in diagnostics.
    pub path: PathBuf,
    /// The file's text (a leading BOM removed).
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Wraps text read from `path`, dropping a UTF-8 byte-order mark and turning Windows line
    /// endings (`\r\n`) into `\n`, so that every later stage sees one kind of line end.
    /// Columns are unaffected: the `\r` only ever stood at the end of a line.
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let text = if text.contains("\r\n") {
            text.replace("\r\n", "\n")
        } else {
            text
        };
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// Reads a file as UTF-8; bad bytes become a diagnostic naming their line and column.
    pub fn read(path: &Path, shown_as: &Path) -> Result<Self, Diagnostic> {
        let bytes = std::fs::read(path).map_err(|e| {
            Diagnostic::file(shown_as, format!("cannot read the file: {e}"))
                .with_hint("check that the file exists and is readable")
        })?;
        SourceFile::from_bytes(bytes, shown_as)
    }

    /// Decodes a file's bytes as UTF-8; bad bytes become a diagnostic naming their line and
    /// column.
    pub fn from_bytes(bytes: Vec<u8>, shown_as: &Path) -> Result<Self, Diagnostic> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(shown_as, text)),
            Err(err) => {
                let valid = err.utf8_error().valid_up_to();
                let bytes = err.into_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
                let probe = SourceFile::new(shown_as, prefix);
                let (line, col) = probe.line_col(probe.text.len());
                Err(Diagnostic::at(
                    shown_as,
                    line,
                    col,
                    format!("the file is not valid UTF-8 (byte 0x{:02x})", bytes[valid]),
                )
                .with_hint("save the file as UTF-8"))
            }
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count();
        (line + 1, col + 1)
    }

    /// The place of a byte offset of this file.
    pub fn origin(&self, offset: usize) -> Origin {
        let (line, col) = self.line_col(offset);
        Origin {
            path: self.path.clone(),
            line,
            col,
        }
    }

    /// A diagnostic at a byte offset of this file.
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.line_col(offset);
        Diagnostic::at(&self.path, line, col, message)
    }
}

/// The closest candidate by edit distance, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(wrong: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(wrong, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 4))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let file = SourceFile::new("a.toml", "x = 1\n学习率 = 2\n".to_string());
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(6), (2, 1));
        assert_eq!(file.line_col(6 + "学习率".len()), (2, 4));
    }

    #[test]
    fn crlf_becomes_lf_and_positions_hold() {
        let file = SourceFile::new("a.toml", "\u{feff}x = 1\r\ny = 2\r\n".to_string());
        assert_eq!(file.text, "x = 1\ny = 2\n");
        assert_eq!(file.line_col(6 + 4), (2, 5));
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("learnin_rate", &["learning_rate", "seed"]),
            Some("learning_rate")
        );
        assert_eq!(did_you_mean("zzz", &["learning_rate", "seed"]), None);
    }

    #[test]
    fn bom_is_dropped() {
        let file = SourceFile::new("a.toml", "\u{feff}x = 1".to_string());
        assert_eq!(file.text, "x = 1");
    }

    #[test]
    fn display_escapes_control_characters_and_line_breaks() {
        let d = Diagnostic::at("content/a\nb.toml", 1, 2, "bad `\u{1b}]0;owned\u{7}`")
            .with_hint("not \u{1b}[2J");
        assert_eq!(
            d.to_string(),
            "content/a\\nb.toml:1:2: error: bad `\\u{1b}]0;owned\\u{7}`\n  hint: not \\u{1b}[2J"
        );
    }

    #[test]
    fn display_names_file_line_column_and_hint() {
        let d =
            Diagnostic::at("content/a.toml", 3, 7, "unknown group `x`").with_hint("use one of `a`");
        assert_eq!(
            d.to_string(),
            "content/a.toml:3:7: error: unknown group `x`\n  hint: use one of `a`"
        );
    }
}
