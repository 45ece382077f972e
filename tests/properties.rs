//! Property tests (issue 5, section 4):
//!
//! - an annotation printed by [`TypeExpr::to_python`] parses back to the same tree, however the
//!   tree was written (spacing, quotes, parentheses, forward references, trailing commas), and
//!   printing is a fixed point;
//! - building the same generated book twice writes byte-identical sites.
//!
//! Case counts are modest so that this file runs in seconds; raise them with `PROPTEST_CASES`.

use fieldbook::python::annotation::{self, TypeExpr};
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// `default`, or the number in `PROPTEST_CASES` when it is set (for longer runs).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

// ----- (a) annotations -----

/// Where an expression stands, which decides what `parse` can give there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// The whole annotation: names, subscripts and unions only.
    Top,
    /// A subscript argument: also numbers and `...`.
    Arg,
    /// Directly inside `Literal[...]`: also strings.
    LiteralArg,
}

const NAMES: &[&str] = &[
    "int",
    "str",
    "float",
    "bool",
    "None",
    "Any",
    "dict",
    "list",
    "IntervalStrategy",
    "typing.Any",
    "os.PathLike",
    "学习率",
    "Optional",
];

const BASES: &[&str] = &[
    "Optional",
    "Union",
    "List",
    "Dict",
    "Literal",
    "Tuple",
    "list",
    "dict",
    "tuple",
    "typing.Optional",
    "typing.Literal",
    "Callable",
    "Annotated",
];

fn name() -> BoxedStrategy<TypeExpr> {
    prop_oneof![
        3 => prop::sample::select(NAMES).prop_map(|n| TypeExpr::Name(n.to_string())),
        1 => "[A-Za-z_][A-Za-z0-9_]{0,7}(\\.[A-Za-z_][A-Za-z0-9_]{0,5}){0,2}"
            .prop_filter("a Python keyword is not a name", |n| {
                !n.split('.').any(|part| KEYWORDS.contains(&part))
            })
            .prop_map(TypeExpr::Name),
    ]
    .boxed()
}

/// Python's keywords, which cannot be names.
const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

fn number() -> BoxedStrategy<TypeExpr> {
    // Python allows no leading zero on a decimal integer (`01`).
    "-?(0|[1-9][0-9]{0,3})(\\.[0-9]{1,3})?([eE][+-]?[0-9]{1,2})?"
        .prop_map(TypeExpr::Number)
        .boxed()
}

fn string() -> BoxedStrategy<TypeExpr> {
    let special =
        prop::sample::select(vec!['"', '\'', '\\', '\n', '\t', '\r', ' ', '学', 'n', '[']);
    prop::collection::vec(prop_oneof![any::<char>(), special], 0..8)
        .prop_map(|chars| TypeExpr::Str(chars.into_iter().collect()))
        .boxed()
}

fn leaf(ctx: Ctx) -> BoxedStrategy<TypeExpr> {
    match ctx {
        Ctx::Top => name(),
        Ctx::Arg => prop_oneof![
            6 => name(),
            1 => number(),
            1 => Just(TypeExpr::Ellipsis),
        ]
        .boxed(),
        Ctx::LiteralArg => prop_oneof![
            4 => string(),
            2 => number(),
            1 => name(),
            1 => Just(TypeExpr::Ellipsis),
        ]
        .boxed(),
    }
}

/// Strategies per context for trees at most `depth` levels deep, built bottom-up so each level
/// is constructed once. Returns (any expression, non-union expression) for Top, Arg, LiteralArg.
fn annotation(max_depth: usize) -> BoxedStrategy<TypeExpr> {
    let contexts = [Ctx::Top, Ctx::Arg, Ctx::LiteralArg];
    // level[c] = (any, not-a-union) for context c.
    let mut level: Vec<(BoxedStrategy<TypeExpr>, BoxedStrategy<TypeExpr>)> =
        contexts.iter().map(|&c| (leaf(c), leaf(c))).collect();
    for _ in 0..max_depth {
        let arg = level[1].0.clone();
        let literal_arg = level[2].0.clone();
        let subscript = prop::sample::select(BASES)
            .prop_flat_map(move |base| {
                let args = if base.ends_with("Literal") {
                    literal_arg.clone()
                } else {
                    arg.clone()
                };
                prop::collection::vec(args, 1..4).prop_map(move |args| TypeExpr::Subscript {
                    base: base.to_string(),
                    args,
                })
            })
            .boxed();
        level = contexts
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let single = prop_oneof![3 => leaf(c), 2 => subscript.clone()].boxed();
                let union = prop::collection::vec(level[i].1.clone(), 2..4)
                    .prop_map(TypeExpr::BitOr)
                    .boxed();
                let any = prop_oneof![3 => single.clone(), 1 => union].boxed();
                (any, single)
            })
            .collect();
    }
    level.swap_remove(0).0
}

/// Random choices for the untidy printer, reused in a cycle.
struct Choices {
    bytes: Vec<u8>,
    at: usize,
}

impl Choices {
    fn next(&mut self) -> u8 {
        let b = self.bytes[self.at % self.bytes.len()];
        self.at += 1;
        b
    }

    fn quote_char(&mut self) -> char {
        if self.next() & 1 == 0 {
            '\''
        } else {
            '"'
        }
    }

    fn space(&mut self) -> &'static str {
        match self.next() % 6 {
            0 => " ",
            1 => "  ",
            2 => "\t",
            _ => "",
        }
    }
}

/// Writes `expr` the way a person might: random spacing, single or double quotes, redundant
/// parentheses, trailing commas and quoted forward references.
fn untidy(expr: &TypeExpr, ctx: Ctx, ch: &mut Choices) -> String {
    let text = match expr {
        TypeExpr::Name(n) | TypeExpr::Number(n) => n.clone(),
        TypeExpr::Ellipsis => "...".to_string(),
        TypeExpr::Str(value) => quote(value, ch.quote_char()),
        TypeExpr::Subscript { base, args } => {
            let inner = if base.ends_with("Literal") {
                Ctx::LiteralArg
            } else {
                Ctx::Arg
            };
            let mut out = format!("{base}[{}", ch.space());
            for (i, arg) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(&format!("{},{}", ch.space(), ch.space()));
                }
                out.push_str(&untidy(arg, inner, ch));
            }
            if ch.next().is_multiple_of(5) {
                out.push(',');
            }
            out.push_str(&format!("{}]", ch.space()));
            out
        }
        TypeExpr::BitOr(members) => {
            let parts: Vec<String> = members.iter().map(|m| untidy(m, ctx, ch)).collect();
            parts.join(&format!("{}|{}", ch.space(), ch.space()))
        }
    };
    // A quoted forward reference is parsed as a whole annotation: names and subscripts only.
    fn annotation_alone(expr: &TypeExpr) -> bool {
        match expr {
            TypeExpr::Name(_) | TypeExpr::Subscript { .. } => true,
            TypeExpr::BitOr(members) => members.iter().all(annotation_alone),
            _ => false,
        }
    }
    let forward_ok = ctx != Ctx::LiteralArg && annotation_alone(expr);
    match ch.next() % 8 {
        0 => format!("({}{text}{})", ch.space(), ch.space()),
        1 if forward_ok => quote(&text, ch.quote_char()),
        _ => text,
    }
}

/// A Python string literal holding `value`, in the given quotes.
fn quote(value: &str, q: char) -> String {
    let mut out = String::from(q);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

fn depth(expr: &TypeExpr) -> usize {
    match expr {
        TypeExpr::Subscript { args, .. } => 1 + args.iter().map(depth).max().unwrap_or(0),
        TypeExpr::BitOr(members) => members.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

proptest! {
    #![proptest_config(Config { cases: cases(64), ..Config::default() })]

    #[test]
    fn printed_annotations_parse_back_to_the_same_tree(
        tree in annotation(6),
        choices in prop::collection::vec(any::<u8>(), 1..64),
    ) {
        prop_assert!(depth(&tree) <= 6);
        let text = tree.to_python();
        let parsed = annotation::parse(&text);
        prop_assert_eq!(parsed.as_ref(), Ok(&tree), "canonical text {:?}", text);

        // However it is written, the same tree comes back, and printing is a fixed point.
        let written = untidy(&tree, Ctx::Top, &mut Choices { bytes: choices, at: 0 });
        let parsed = annotation::parse(&written);
        prop_assert_eq!(parsed.as_ref(), Ok(&tree), "written as {:?}", written);
        let printed = parsed.unwrap().to_python();
        prop_assert_eq!(&printed, &text);
        prop_assert_eq!(annotation::parse(&printed).map(|t| t.to_python()), Ok(printed.clone()));
    }
}

// ----- (b) deterministic builds -----

/// Types the generated fields use, each with a default that fits.
const FIELD_TYPES: &[(&str, &str, &str)] = &[
    ("int", "default", "0"),
    ("float", "default", "5e-05"),
    ("str", "default", "\"out\""),
    ("bool", "default", "False"),
    ("Optional[int]", "default", "None"),
    ("Optional[str]", "default", "None"),
    ("List[str]", "default-factory", "list"),
    ("Dict[str, Any]", "default-factory", "dict"),
    ("Optional[Union[dict, str]]", "default", "None"),
    ("Literal[\"a\", \"b\"]", "default", "\"a\""),
    ("Tuple[int, ...]", "default", "(1, 2)"),
    ("int | None", "default", "None"),
];

/// Text with Markdown and CJK in it (never empty: starts with a word).
fn prose() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z]{1,8}",
        Just(" ".to_string()),
        Just(" ".to_string()),
        Just("学习率".to_string()),
        Just("梯度累积，".to_string()),
        Just("「引号」".to_string()),
        Just("**bold**".to_string()),
        Just("*em*".to_string()),
        Just("`code`".to_string()),
        Just("~~gone~~".to_string()),
        Just("<b>&amp;</b>".to_string()),
        Just("\"quoted\" 'text'".to_string()),
        Just("5e-5 & 1 < 2".to_string()),
        Just("\\".to_string()),
        Just("😀".to_string()),
    ];
    ("[A-Z][a-z]{0,6}", prop::collection::vec(piece, 0..12))
        .prop_map(|(first, rest)| format!("{first}{}", rest.concat()))
}

/// An explanation: paragraphs, a list, maybe a code block and a link to a field.
fn explanation() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prose(), 1..4),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(paragraphs, list, code)| {
            let mut out = paragraphs.join("\n\n");
            if list {
                out.push_str("\n\n- one 一\n- two `二`\n");
            }
            if code {
                out.push_str("\n```python\nargs = TrainingArguments(x=1)  # 注释\n```\n");
            }
            out
        })
}

#[derive(Debug, Clone)]
struct GenField {
    name: String,
    kind: usize,
    summary: (String, String),
    explanation: (String, String),
}

fn field() -> impl Strategy<Value = GenField> {
    (
        "[a-z][a-z0-9_]{0,10}",
        0..FIELD_TYPES.len(),
        (prose(), prose()),
        (explanation(), explanation()),
    )
        .prop_map(|(name, kind, summary, explanation)| GenField {
            name,
            kind,
            summary,
            explanation,
        })
}

fn book() -> impl Strategy<Value = (usize, Vec<GenField>)> {
    (1usize..=3, prop::collection::vec(field(), 1..=8))
        .prop_map(|(groups, fields)| (groups.min(fields.len()), fields))
}

fn toml_str(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Writes the generated book under `root`.
fn write_book(root: &Path, groups: usize, fields: &[GenField]) {
    let write = |path: &str, text: String| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "book.toml",
        "[book]\ntitle.en = \"Generated\"\ntitle.zh = \"生成的手册\"\nlanguages = [\"en\", \"zh\"]\n"
            .to_string(),
    );
    write(
        "content/gen/reference.toml",
        "class = \"GenConfig\"\nimport-path = \"gen.GenConfig\"\nintro.en = \"Generated.\"\nintro.zh = \"生成的。\"\n"
            .to_string(),
    );
    let mut files: BTreeMap<usize, String> = (0..groups)
        .map(|g| {
            (
                g,
                format!(
                    "id = \"group-{g}\"\norder = {g}\ntitle.en = \"Group {g}\"\ntitle.zh = \"第 {g} 组\"\nintro.en = \"Fields of group {g}.\"\nintro.zh = \"第 {g} 组的参数。\"\n"
                ),
            )
        })
        .collect();
    for (i, f) in fields.iter().enumerate() {
        let (annotation, key, default) = FIELD_TYPES[f.kind];
        let name = format!("{}_{i}", f.name);
        // Link every later field to the first one, in both languages.
        let link = if i > 0 {
            format!("\n\nSee [the first](param:{}_0).", fields[0].name)
        } else {
            String::new()
        };
        let text = files.get_mut(&(i % groups)).unwrap();
        text.push_str(&format!(
            "\n[[field]]\nname = {}\ntype = {}\n{key} = {}\nsummary.en = {}\nsummary.zh = {}\nexplanation.en = {}\nexplanation.zh = {}\n",
            toml_str(&name),
            toml_str(annotation),
            toml_str(default),
            toml_str(&f.summary.0),
            toml_str(&f.summary.1),
            toml_str(&format!("{}{link}", f.explanation.0)),
            toml_str(&format!("{}{link}", f.explanation.1)),
        ));
    }
    for (g, text) in files {
        write(&format!("content/gen/groups/{g:02}.toml"), text);
    }
}

/// Every file under `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn build(root: &Path, dest: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_fieldbook"))
        .arg("build")
        .arg(root)
        .arg("-d")
        .arg(dest)
        .arg("-q")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the generated book does not build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

proptest! {
    #![proptest_config(Config { cases: cases(8), ..Config::default() })]

    #[test]
    fn builds_of_generated_books_are_byte_identical((groups, fields) in book()) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("book");
        write_book(&root, groups, &fields);
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        build(&root, &a);
        build(&root, &b);
        let (a, b) = (tree(&a), tree(&b));
        prop_assert!(a.len() > 5, "only {} files written", a.len());
        prop_assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (path, bytes) in &a {
            prop_assert!(bytes == &b[path], "{} differs between two builds", path);
        }
    }
}
