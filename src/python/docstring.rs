//! The parameter section of a class docstring (`Parameters:` / `Args:` / `Attributes:`), in the
//! style Hugging Face libraries write it:
//!
//! ```text
//! Parameters:
//!     > Section heading
//!
//!     name (`type`, *optional*, defaults to `value`):
//!         Description, possibly with nested lists and <Tip> blocks.
//! ```
//!
//! The parser is deliberately forgiving: the header may lack its colon, an entry may be written
//! `name(` without a space or lack its trailing colon, the type may be quoted `'dict'` instead of
//! backticked, and HTML-like blocks (`<Tip>`, `<Deprecated>`) and code fences never start entries.

use serde::Serialize;

/// What a docstring says about one parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldDoc {
    /// The type as written between the parentheses, one enclosing pair of backticks or quotes
    /// removed (`` `bool` `` → `bool`); `None` when the entry gives no type.
    #[serde(rename = "type")]
    pub type_text: Option<String>,
    /// True when the entry says `*optional*`.
    pub optional: bool,
    /// The text after "defaults to", one enclosing pair of backticks removed.
    pub default: Option<String>,
    /// The description below the entry line, dedented, blank lines at both ends removed.
    pub description: String,
}

/// One entry of a parameter section, with where it stands in the docstring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocEntry {
    /// The parameter's name.
    pub name: String,
    /// What the entry says.
    pub doc: FieldDoc,
    /// 0-based line of the entry within the docstring's text.
    pub line: usize,
    /// 0-based character column of the name within that line.
    pub col: usize,
    /// The `> Heading` the entry stands under, if any.
    pub heading: Option<String>,
}

const HEADERS: [&str; 5] = ["Parameters", "Args", "Arguments", "Params", "Attributes"];

/// Parses every parameter section of `docstring` (the string's value) into entries, in order.
pub fn parse_param_section(docstring: &str) -> Vec<DocEntry> {
    let lines: Vec<&str> = docstring.split('\n').collect();
    let mut entries = Vec::new();
    let mut i = 0;
    let mut found_header = false;
    while i < lines.len() {
        let trimmed = lines[i].trim();
        let word = trimmed.strip_suffix(':').unwrap_or(trimmed).trim_end();
        if HEADERS.contains(&word) {
            found_header = true;
            i = parse_section(&lines, i + 1, Some(indent(lines[i])), &mut entries);
        } else {
            i += 1;
        }
    }
    // A docstring that continues another one (`@add_start_docstrings(Base.__doc__)`) may be
    // nothing but entries: read it as a section when its first line is `name (type…):`.
    if !found_header {
        if let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) {
            let trimmed = lines[first].trim();
            if parse_entry_line(trimmed).is_some_and(|e| e.parenthesised) {
                parse_section(&lines, first, None, &mut entries);
            }
        }
    }
    entries
}

/// Parses the section whose entries start at line `start`, under a header indented by
/// `header_indent` (none for a headerless docstring); returns the index of the first line after
/// the section.
fn parse_section<'a>(
    lines: &[&'a str],
    start: usize,
    header_indent: Option<usize>,
    entries: &mut Vec<DocEntry>,
) -> usize {
    // The entries' indentation: the first non-blank line that is not a `>` heading.
    let Some(entry_indent) = lines[start..]
        .iter()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('>'))
        .map(|l| indent(l))
    else {
        return start;
    };
    let headerless = header_indent.is_none();
    let flat = match header_indent {
        Some(h) if entry_indent < h => return start,
        Some(h) => entry_indent == h,
        None => false,
    };
    let header_indent = header_indent.unwrap_or(0);

    let mut current: Option<Building<'a>> = None;
    let mut heading: Option<String> = None;
    let mut block_end: Option<String> = None; // inside <Tag> … </Tag> or a ``` fence
    let mut i = start;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(b) = current.as_mut() {
                b.lines.push("");
            }
            i += 1;
            continue;
        }
        let ind = indent(line);
        if ind < entry_indent || (!flat && !headerless && ind <= header_indent) {
            break;
        }
        if let Some(end) = &block_end {
            if trimmed.contains(end.as_str()) {
                block_end = None;
            }
            if let Some(b) = current.as_mut() {
                b.lines.push(line);
            }
            i += 1;
            continue;
        }
        if let Some(end) = block_opening(trimmed) {
            block_end = Some(end);
            if let Some(b) = current.as_mut() {
                b.lines.push(line);
            }
            i += 1;
            continue;
        }
        if ind == entry_indent {
            if let Some(text) = trimmed.strip_prefix('>') {
                finish(current.take(), entries);
                let text = text.trim();
                heading = (!text.is_empty()).then(|| text.to_string());
                i += 1;
                continue;
            }
            if let Some(parsed) = parse_entry_line(trimmed) {
                finish(current.take(), entries);
                current = Some(Building {
                    entry: DocEntry {
                        name: parsed.name,
                        doc: FieldDoc {
                            type_text: parsed.type_text,
                            optional: parsed.optional,
                            default: parsed.default,
                            description: String::new(),
                        },
                        line: i,
                        col: line[..line.len() - line.trim_start().len()].chars().count(),
                        heading: heading.clone(),
                    },
                    first: parsed.rest,
                    lines: Vec::new(),
                });
                i += 1;
                continue;
            }
            if flat && is_other_section_header(trimmed) {
                break;
            }
        }
        if let Some(b) = current.as_mut() {
            b.lines.push(line);
        }
        i += 1;
    }
    finish(current, entries);
    i
}

/// An entry being read: its entry line, and the lines of its description as written.
struct Building<'a> {
    entry: DocEntry,
    first: String,
    lines: Vec<&'a str>,
}

fn finish(building: Option<Building>, entries: &mut Vec<DocEntry>) {
    let Some(mut b) = building else { return };
    let min = b
        .lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent(l))
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = Vec::new();
    if !b.first.is_empty() {
        out.push(&b.first);
    }
    for l in &b.lines {
        if l.trim().is_empty() {
            out.push("");
        } else {
            out.push(skip_columns(l, min).trim_end());
        }
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    b.entry.doc.description = out.join("\n");
    entries.push(b.entry);
}

/// The text of `line` after its first `n` columns of indentation.
fn skip_columns(line: &str, n: usize) -> &str {
    let mut col = 0;
    for (i, c) in line.char_indices() {
        if col >= n || !c.is_whitespace() {
            return &line[i..];
        }
        col += if c == '\t' { 8 - col % 8 } else { 1 };
    }
    ""
}

/// Indentation in columns (a tab advances to the next multiple of 8).
fn indent(line: &str) -> usize {
    let mut col = 0;
    for c in line.chars() {
        match c {
            ' ' => col += 1,
            '\t' => col += 8 - col % 8,
            _ => break,
        }
    }
    col
}

/// When `trimmed` opens a block in which no entry starts, the text that closes it.
fn block_opening(trimmed: &str) -> Option<String> {
    if trimmed.starts_with("```") {
        return Some("```".to_string())
            .filter(|_| trimmed.len() == 3 || !trimmed[3..].contains("```"));
    }
    let rest = trimmed.strip_prefix('<')?;
    let tag: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if tag.is_empty() || !tag.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let close = format!("</{tag}>");
    if trimmed.contains(&close) || trimmed.ends_with("/>") {
        return None;
    }
    Some(close)
}

fn is_other_section_header(trimmed: &str) -> bool {
    const OTHERS: [&str; 10] = [
        "Returns",
        "Return",
        "Raises",
        "Yields",
        "Examples",
        "Example",
        "Note",
        "Notes",
        "Attributes",
        "Warning",
    ];
    let word = trimmed.strip_suffix(':').unwrap_or(trimmed);
    OTHERS.contains(&word)
}

struct ParsedLine {
    name: String,
    /// The entry has a `(…)` part.
    parenthesised: bool,
    type_text: Option<String>,
    optional: bool,
    default: Option<String>,
    rest: String,
}

/// Parses `name (type, *optional*, defaults to x): text`, `name(type):`, `name (type)` and
/// `name: text`.
fn parse_entry_line(trimmed: &str) -> Option<ParsedLine> {
    let name_len = trimmed
        .char_indices()
        .find(|&(i, c)| !(c == '_' || c.is_alphanumeric() && (i > 0 || !c.is_numeric())))
        .map_or(trimmed.len(), |(i, _)| i);
    if name_len == 0 {
        return None;
    }
    let name = &trimmed[..name_len];
    let after = trimmed[name_len..].trim_start();
    if let Some(inner_start) = after.strip_prefix('(') {
        let (inside, rest) = match balanced_close(inner_start) {
            Some(close) => (&inner_start[..close], inner_start[close + 1..].trim_start()),
            None => (inner_start.trim_end_matches([':', ')']), ""),
        };
        let rest = if let Some(r) = rest.strip_prefix(':') {
            r.trim()
        } else if rest.is_empty() {
            ""
        } else {
            return None;
        };
        let (type_text, optional, default) = parse_parenthesised(inside);
        Some(ParsedLine {
            name: name.to_string(),
            parenthesised: true,
            type_text,
            optional,
            default,
            rest: rest.to_string(),
        })
    } else {
        after.strip_prefix(':').map(|rest| ParsedLine {
            name: name.to_string(),
            parenthesised: false,
            type_text: None,
            optional: false,
            default: None,
            rest: rest.trim().to_string(),
        })
    }
}

/// The byte index of the `)` that closes an already opened parenthesis, skipping brackets and
/// backticked spans.
fn balanced_close(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_code = false;
    for (i, c) in text.char_indices() {
        match c {
            '`' => in_code = !in_code,
            _ if in_code => {}
            '(' | '[' | '{' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Splits the text between the parentheses into type, optional flag and default.
fn parse_parenthesised(inside: &str) -> (Option<String>, bool, Option<String>) {
    // Top-level comma positions.
    let mut parts: Vec<(usize, &str)> = Vec::new();
    let mut depth = 0usize;
    let mut in_code = false;
    let mut start = 0;
    for (i, c) in inside.char_indices() {
        match c {
            '`' => in_code = !in_code,
            _ if in_code => {}
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push((start, &inside[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push((start, &inside[start..]));

    let mut types: Vec<&str> = Vec::new();
    let mut optional = false;
    let mut default = None;
    for (offset, part) in parts {
        let p = part.trim();
        let lower = p.to_ascii_lowercase();
        let unstarred = lower.trim_matches(|c| c == '*' || c == '_');
        if unstarred == "optional" {
            optional = true;
        } else if let Some(rest) = [
            "defaults to",
            "default to",
            "defaults:",
            "default:",
            "default=",
        ]
        .iter()
        .find_map(|prefix| lower.starts_with(prefix).then(|| &p[prefix.len()..]))
        {
            // The default runs to the end: it may itself contain top-level commas.
            let lead = part.len() - part.trim_start().len();
            let full = &inside[offset + lead + (p.len() - rest.len())..];
            default = Some(unwrap_code(full.trim()).to_string());
            break;
        } else if !p.is_empty() {
            types.push(p);
        }
    }
    let type_text = (!types.is_empty()).then(|| unwrap_quoted(&types.join(", ")).to_string());
    (type_text, optional, default)
}

/// Removes one pair of backticks enclosing the whole text.
fn unwrap_code(text: &str) -> &str {
    match text.strip_prefix('`').and_then(|t| t.strip_suffix('`')) {
        Some(inner) if !inner.contains('`') => inner,
        _ => text,
    }
}

/// Removes one pair of backticks, single or double quotes enclosing the whole text.
fn unwrap_quoted(text: &str) -> &str {
    for q in ['`', '\'', '"'] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            if !inner.contains(q) && !inner.is_empty() {
                return inner;
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(doc: &str, name: &str) -> FieldDoc {
        parse_param_section(doc)
            .into_iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no entry {name}"))
            .doc
    }

    const DOC: &str = r#"
    TrainingArguments is the subset of the arguments.

    Parameters:
        output_dir (`str`):
            The output directory where the model predictions and checkpoints will be written.
        overwrite_output_dir (`bool`, *optional*, defaults to `False`):
            If `True`, overwrite the content of the output directory.
        evaluation_strategy (`str` or [`~trainer_utils.IntervalStrategy`], *optional*, defaults to `"no"`):
            The evaluation strategy to adopt during training. Possible values are:

                - `"no"`: No evaluation is done during training.
                - `"steps"`: Evaluation is done (and logged) every `eval_steps`.

        gradient_accumulation_steps (`int`, *optional*, defaults to 1):
            Number of updates steps.

            <Tip warning={true}>

            When using gradient accumulation, one step is counted as one step with backward pass.

            </Tip>

        num_train_epochs(`float`, *optional*, defaults to 3.0):
            Total number of training epochs to perform.
        lr_scheduler_kwargs ('dict', *optional*, defaults to {}):
            The extra arguments for the lr_scheduler.
        adam_betas (`Tuple[float, float]`, *optional*, defaults to `(0.9, 0.999)`):
            The betas.
        trainable_token_indices (`Optional[Union[List[int], dict[str, List[int]]]]`)
            Lets you specify which token indices.
    "#;

    #[test]
    fn reads_type_optional_default_and_description() {
        let d = one(DOC, "overwrite_output_dir");
        assert_eq!(d.type_text.as_deref(), Some("bool"));
        assert!(d.optional);
        assert_eq!(d.default.as_deref(), Some("False"));
        assert_eq!(
            d.description,
            "If `True`, overwrite the content of the output directory."
        );
        let d = one(DOC, "output_dir");
        assert!(!d.optional);
        assert_eq!(d.default, None);
    }

    #[test]
    fn keeps_nested_lists_and_tips_in_the_description() {
        let d = one(DOC, "evaluation_strategy");
        assert_eq!(
            d.type_text.as_deref(),
            Some("`str` or [`~trainer_utils.IntervalStrategy`]")
        );
        assert_eq!(d.default.as_deref(), Some("\"no\""));
        assert!(d.description.contains("\n\n    - `\"no\"`: No evaluation"));
        let d = one(DOC, "gradient_accumulation_steps");
        assert_eq!(d.default.as_deref(), Some("1"));
        assert!(d.description.ends_with("</Tip>"), "{}", d.description);
    }

    #[test]
    fn tolerates_quirks() {
        let d = one(DOC, "num_train_epochs");
        assert_eq!(d.type_text.as_deref(), Some("float"));
        assert_eq!(d.default.as_deref(), Some("3.0"));
        let d = one(DOC, "lr_scheduler_kwargs");
        assert_eq!(d.type_text.as_deref(), Some("dict"));
        assert_eq!(d.default.as_deref(), Some("{}"));
        let d = one(DOC, "adam_betas");
        assert_eq!(d.default.as_deref(), Some("(0.9, 0.999)"));
        let d = one(DOC, "trainable_token_indices");
        assert_eq!(
            d.type_text.as_deref(),
            Some("Optional[Union[List[int], dict[str, List[int]]]]")
        );
        assert_eq!(d.description, "Lets you specify which token indices.");
        assert_eq!(parse_param_section(DOC).len(), 8);
    }

    #[test]
    fn header_without_colon_and_headings() {
        let doc = "Config.\n\n    Args\n        > Model\n\n        a (`int`): first\n        > Data\n\n        b:\n\n            <Deprecated version=\"1.1\">\n\n            Note: gone.\n\n            </Deprecated>\n\n    > [!NOTE]\n    > not a parameter\n";
        let entries = parse_param_section(doc);
        let names: Vec<_> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(entries[0].heading.as_deref(), Some("Model"));
        assert_eq!(entries[0].doc.description, "first");
        assert_eq!(entries[1].heading.as_deref(), Some("Data"));
        assert_eq!(entries[1].doc.type_text, None);
        assert!(entries[1].doc.description.contains("Note: gone."));
        assert_eq!((entries[0].line, entries[0].col), (5, 8));
    }

    #[test]
    fn a_continuation_docstring_is_all_entries() {
        let doc = "\n        a (`bool`, *optional*, defaults to `False`):\n            First.\n        b (`int`, *optional*):\n            Second.\n    ";
        let entries = parse_param_section(doc);
        let names: Vec<_> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(entries[1].doc.description, "Second.");
        assert!(parse_param_section("\n    Note: nothing here.\n").is_empty());
    }

    #[test]
    fn an_attributes_section_documents_fields() {
        let entries = parse_param_section(
            "Settings.\n\nAttributes:\n    port: Port to listen on.\n    host (str): Host name.\n",
        );
        let got: Vec<_> = entries
            .iter()
            .map(|e| (e.name.as_str(), e.doc.description.as_str()))
            .collect();
        assert_eq!(
            got,
            [("port", "Port to listen on."), ("host", "Host name.")]
        );
    }

    #[test]
    fn no_section_no_entries() {
        assert!(parse_param_section("Just a class.\n\n    Returns:\n        x").is_empty());
    }
}
