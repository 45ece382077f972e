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
    /// A warning that the class and its docs disagree (a content fact the code contradicts, a
    /// field or enum of the code the content lacks): `check --deny drift` fails on these only.
    pub drift: bool,
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

    /// Turns this problem into a warning that the class and its docs disagree.
    pub fn drift(mut self) -> Self {
        self.severity = Severity::Warning;
        self.drift = true;
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
            drift: false,
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
            drift: false,
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

    /// Reads a file as UTF-8 (see [`read_bytes`] for what is refused); bad bytes become a
    /// diagnostic naming their line and column. Messages name `shown`.
    pub fn read(path: &Path, shown: &Path) -> Result<Self, Diagnostic> {
        SourceFile::from_bytes(read_bytes(path, shown)?, shown)
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

/// Files larger than this (4 MiB) are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The one file reader every command uses (the book's content, Python sources, files edited in
/// place): reads `path`, refusing anything that is not a regular file (a folder, a FIFO, a
/// device such as `/dev/zero` behind a symlink) and files over [`MAX_FILE_BYTES`], so no input
/// makes fieldbook wait or fill memory. Messages name `shown`.
pub fn read_bytes(path: &Path, shown: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| {
        Diagnostic::file(shown, format!("cannot read the file: {}", io_reason(&e)))
            .with_hint("check that the file exists and is readable")
    })?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file"
        };
        return Err(
            Diagnostic::file(shown, format!("cannot read the file: it is {what}"))
                .with_hint("replace it with a text file, or remove it"),
        );
    }
    let too_big = |size: u64| {
        let hint = if shown.extension().is_some_and(|e| e == "md") {
            "split it into several guides"
        } else if shown.parent().is_some_and(|p| p.ends_with("groups")) {
            "split the group into several group files"
        } else {
            "make the file smaller"
        };
        Diagnostic::file(
            shown,
            format!(
                "the file is {}, more than the {} fieldbook reads from one file",
                human_size(size),
                human_size(MAX_FILE_BYTES)
            ),
        )
        .with_hint(hint)
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    // Read at most one byte more than the limit, in case the file grew since `metadata`.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| {
            Diagnostic::file(shown, format!("cannot read the file: {}", io_reason(&e)))
                .with_hint("check that the file is readable")
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// `10.0 MiB`, `4 MiB`, `812 bytes`.
pub(crate) fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes < MIB {
        format!("{bytes} bytes")
    } else if bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    }
}

/// An I/O error in words a user reads: "it does not exist", "permission denied".
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Names longer than this (in characters) get no "did you mean": identifiers that long are not
/// typed by hand, and comparing them costs time on hostile input.
pub const MAX_SUGGESTED_CHARS: usize = 64;

/// At most this many candidates are looked at for one name (the first ones, in the order given),
/// and at most [`MAX_COMPARED_CANDIDATES`] of those of a length close enough are compared, so
/// that thousands of unknown names against thousands of candidates stay fast.
pub const MAX_SCANNED_CANDIDATES: usize = 4_096;

/// At most this many candidates of a length close enough are compared for one name.
pub const MAX_COMPARED_CANDIDATES: usize = 256;

/// The closest candidate by edit distance, when it is close enough to be a likely typo (at most
/// 2 edits, or a quarter of the candidate's length); ties go to the candidate first in sort
/// order. Bounded: see [`MAX_SUGGESTED_CHARS`] and [`MAX_COMPARED_CANDIDATES`].
pub fn did_you_mean<'a>(wrong: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let wrong: Vec<char> = wrong.chars().collect();
    if wrong.len() > MAX_SUGGESTED_CHARS {
        return None;
    }
    let counts = letter_counts(&wrong);
    let mut best: Option<(usize, &'a str)> = None;
    let mut compared = 0;
    let mut other: Vec<char> = Vec::new();
    for &candidate in candidates.iter().take(MAX_SCANNED_CANDIDATES) {
        // Too short by its bytes alone (it has at most as many characters as bytes).
        let bytes = candidate.len();
        if bytes > 4 * MAX_SUGGESTED_CHARS
            || (bytes < wrong.len() && wrong.len() - bytes > 2.max(bytes / 4))
        {
            continue;
        }
        compared += 1;
        if compared > MAX_COMPARED_CANDIDATES {
            break;
        }
        other.clear();
        other.extend(candidate.chars());
        let mut limit = 2.max(other.len() / 4);
        if let Some((d, _)) = best {
            limit = limit.min(d);
        }
        // Lower bounds of the edit distance: lengths and letter counts.
        if wrong.len().abs_diff(other.len()) > limit
            || letter_distance(&counts, &letter_counts(&other)) > limit
        {
            continue;
        }
        if let Some(d) = edit_distance_within(&wrong, &other, limit) {
            if best.is_none_or(|b| (d, candidate) < b) {
                best = Some((d, candidate));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// How often each character occurs, folded into 64 buckets.
fn letter_counts(text: &[char]) -> [u16; 64] {
    let mut counts = [0u16; 64];
    for &c in text {
        let slot = &mut counts[c as usize % 64];
        *slot = slot.saturating_add(1);
    }
    counts
}

/// A lower bound of the edit distance from the letter counts alone: each edit changes at most
/// one count up and one down.
fn letter_distance(a: &[u16; 64], b: &[u16; 64]) -> usize {
    let (mut more, mut fewer) = (0usize, 0usize);
    for (x, y) in a.iter().zip(b) {
        if x > y {
            more += usize::from(x - y);
        } else {
            fewer += usize::from(y - x);
        }
    }
    more.max(fewer)
}

/// The edit distance of `a` and `b` when it is at most `limit`; stops as soon as a row of the
/// table shows it must be larger.
fn edit_distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        if cur.iter().min().is_some_and(|&m| m > limit) {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= limit)
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
        assert_eq!(did_you_mean("sed", &["seed", "send", "sea"]), Some("sea"));
    }

    #[test]
    fn suggestions_stay_fast_for_thousands_of_names() {
        let names: Vec<String> = (0..8000).map(|i| format!("field_number_{i:05}")).collect();
        let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
        let long = "x".repeat(100_000);
        let start = std::time::Instant::now();
        // 1,000 unknown names, each close to every one of 8,000 candidates (the worst case: no
        // filter rejects any): unbounded, 8 million full edit distances (minutes in a debug
        // build); bounded, 256 per name.
        for i in 0..1000 {
            assert!(did_you_mean(&format!("feld_number_{i:05}"), &candidates).is_some());
        }
        assert_eq!(did_you_mean(&long, &[long.as_str()]), None);
        // The bound leaves room for a slow, busy machine.
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
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
