//! `fieldbook import FILE.py --class NAME [--json]` on the Python fixtures in
//! `tests/fixtures/python/`. The JSON of `ChildConfig` is pinned in
//! `tests/fixtures/python/expected/child.json`; after an intended change rerun with
//! `FIELDBOOK_BLESS=1 cargo test --test integration import_cli::` and review the diff.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const CHILD: &str = "tests/fixtures/python/pkg/child.py";

fn fieldbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fieldbook"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run fieldbook")
}

fn import_json(file: &str, class: &str) -> Vec<Value> {
    let out = fieldbook(&["import", file, "--class", class, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    match serde_json::from_slice(&out.stdout).expect("valid JSON") {
        Value::Array(fields) => fields,
        other => panic!("not an array: {other}"),
    }
}

fn field<'a>(fields: &'a [Value], name: &str) -> &'a Value {
    fields
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

/// Runs a failing import and returns its stderr.
fn import_error(file: &str, class: &str) -> String {
    let out = fieldbook(&["import", file, "--class", class, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn can_import_a_dataclass_as_json_matching_the_golden_file() {
    let out = fieldbook(&["import", CHILD, "--class", "ChildConfig", "--json"]);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = String::from_utf8(out.stdout).unwrap();
    let expected_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/python/expected/child.json");
    if std::env::var_os("FIELDBOOK_BLESS").is_some() {
        std::fs::write(&expected_path, &got).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap();
    assert_eq!(got, expected);
}

#[test]
fn can_import_inherited_fields_in_dataclass_order() {
    let fields = import_json(CHILD, "ChildConfig");
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    // Base fields first; `learning_rate`, redefined in the child, keeps the base's position.
    assert_eq!(
        names,
        [
            "output_dir",
            "strategy",
            "learning_rate",
            "seed",
            "ratio",
            "log_level",
            "optim",
            "tags",
            "extra",
            "name"
        ]
    );
    let lr = field(&fields, "learning_rate");
    assert_eq!(lr["default"], "1e-4");
    assert_eq!(lr["help"], "Overridden here.");
    // The ClassVar is not a field.
    assert!(!names.contains(&"REGISTRY"));
}

#[test]
fn can_read_help_strings_as_python_values() {
    let fields = import_json(CHILD, "ChildConfig");
    // Parenthesised implicit concatenation; `%%` stays as written.
    assert_eq!(
        field(&fields, "ratio")["help"],
        "A ratio, in percent: 50%% by default."
    );
    // Escapes are decoded.
    assert_eq!(field(&fields, "tags")["help"], "Tags\tfor the run.\n");
    assert_eq!(field(&fields, "seed")["help"], Value::Null);
}

#[test]
fn can_read_choices_defaults_factories_and_other_metadata() {
    let fields = import_json(CHILD, "ChildConfig");
    assert_eq!(field(&fields, "log_level")["choices"], "log_levels.keys()");
    let optim = field(&fields, "optim");
    assert_eq!(optim["choices"], serde_json::json!(["adamw", "sgd"]));
    assert_eq!(
        optim["metadata"],
        serde_json::json!({"deprecated": "True", "aliases": "(\"opt\",)"})
    );
    let tags = field(&fields, "tags");
    assert_eq!(tags["default"], Value::Null);
    assert_eq!(tags["default_factory"], "list");
    let extra = field(&fields, "extra");
    assert_eq!(extra["default_factory"], "lambda: {\"a\": 1}");
    assert_eq!(extra["init"], false);
    // Fields declared without field().
    assert_eq!(field(&fields, "seed")["default"], "42");
    assert_eq!(field(&fields, "name")["default"], "None");
    assert_eq!(field(&fields, "output_dir")["default"], Value::Null);
}

#[test]
fn can_read_the_docstring_parameter_section_with_its_quirks() {
    let fields = import_json(CHILD, "ChildConfig");
    // `seed(` without a space, under an `Args` header without a colon.
    let seed = &field(&fields, "seed")["doc"];
    assert_eq!(seed["type"], "int");
    assert_eq!(seed["optional"], true);
    assert_eq!(seed["default"], "42");
    // `'float'` instead of backticks; a <Tip> block stays in the description.
    let ratio = &field(&fields, "ratio")["doc"];
    assert_eq!(ratio["type"], "float");
    assert!(ratio["description"]
        .as_str()
        .unwrap()
        .ends_with("Note: a tip, not an entry.\n\n</Tip>"));
    // An entry after a `> Logging` heading, and one without its trailing colon.
    assert_eq!(field(&fields, "log_level")["doc"]["default"], "\"info\"");
    assert_eq!(
        field(&fields, "tags")["doc"]["description"],
        "Tags for the run."
    );
    // Inherited fields are documented by the base's docstring, nested lists kept.
    let strategy = &field(&fields, "strategy")["doc"];
    assert_eq!(strategy["type"], "`str` or [`Strategy`]");
    assert!(strategy["description"]
        .as_str()
        .unwrap()
        .contains("\n\n    - `\"no\"`: never."));
    assert_eq!(field(&fields, "extra")["doc"], Value::Null);
}

#[test]
fn can_follow_absolute_imports_inside_the_package() {
    let fields = import_json("tests/fixtures/python/pkg/sub/deep.py", "DeepConfig");
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["output_dir", "strategy", "learning_rate", "depth"]);
    let depth = field(&fields, "depth");
    assert_eq!(depth["help"], "How deep.");
    assert_eq!(depth["doc"]["description"], "How deep.");
}

#[test]
fn notes_a_base_class_it_cannot_find() {
    let out = fieldbook(&[
        "import",
        "tests/fixtures/python/external.py",
        "--class",
        "MyArguments",
        "--json",
    ]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "tests/fixtures/python/external.py:7:19: warning: base class `TrainingArguments` \
         (imported from `transformers`) of `MyArguments` was not found; its fields are missing\n  \
         hint: put the package that defines it beside this one (a site-packages or \
         unpacked-wheels folder), or add its folder to `python-path`\n"
    );
    let fields: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(fields.len(), 1);
}

#[test]
fn prints_a_table_without_json() {
    let out = fieldbook(&["import", CHILD, "--class", "ChildConfig"]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("name"), "{table}");
    assert!(lines[0].contains("annotation") && lines[0].ends_with("help"));
    assert!(lines[1].starts_with("output_dir "));
    assert!(table.contains("extra (init=False)"));
    assert!(table.contains("list()"));
    assert_eq!(lines.last(), Some(&"10 fields"));
}

#[test]
fn errors_on_a_class_that_is_not_a_dataclass() {
    assert_eq!(
        import_error("tests/fixtures/python/errors.py", "Plain"),
        "tests/fixtures/python/errors.py:4:7: error: class `Plain` is not a dataclass, a \
         pydantic model or an attrs class\n  hint: fieldbook reads classes decorated with \
         `@dataclass` or attrs' `@define` / `@attr.s`, and subclasses of pydantic's \
         `BaseModel` / `BaseSettings`\n1 problem found\n"
    );
}

#[test]
fn errors_on_a_missing_class_with_did_you_mean() {
    assert_eq!(
        import_error("tests/fixtures/python/errors.py", "TrainingArgument"),
        "tests/fixtures/python/errors.py:9:7: error: no class `TrainingArgument` in this file\n  \
         hint: did you mean `TrainingArguments` (defined here)?\n1 problem found\n"
    );
    assert_eq!(
        import_error("tests/fixtures/python/errors.py", "Nothing"),
        "tests/fixtures/python/errors.py: error: no class `Nothing` in this file\n  \
         hint: classes defined here: `Plain`, `TrainingArguments`\n1 problem found\n"
    );
}

#[test]
fn errors_on_a_file_that_does_not_parse() {
    assert_eq!(
        import_error("tests/fixtures/python/broken.py", "Broken"),
        "tests/fixtures/python/broken.py:7:5: error: the file is not valid Python: Expected `,`, \
         found name\n  hint: fieldbook reads Python 3 source as CPython would; fix this syntax \
         error\n1 problem found\n"
    );
}

#[test]
fn errors_on_a_missing_file() {
    let err = import_error("tests/fixtures/python/missing.py", "X");
    assert!(
        err.starts_with("tests/fixtures/python/missing.py: error: cannot read the file"),
        "{err}"
    );
}

#[test]
fn errors_on_bad_usage() {
    let out = fieldbook(&["import", CHILD]);
    assert_eq!(out.status.code(), Some(2));
}

/// The comparison script used on real sources agrees on the fixtures (skipped without python3).
#[test]
fn compare_script_agrees_on_the_fixtures() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("python3 not found; skipped");
        return;
    }
    for (file, class) in [
        (CHILD, "ChildConfig"),
        ("tests/fixtures/python/pkg/sub/deep.py", "DeepConfig"),
        ("tests/fixtures/python/external.py", "MyArguments"),
    ] {
        let out = Command::new("python3")
            .args([
                "tests/python/compare_dataclass.py",
                "--fieldbook",
                env!("CARGO_BIN_EXE_fieldbook"),
                file,
                class,
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains(" exact"), "{stdout}");
    }
}

#[test]
fn quiet_keeps_the_imported_fields_which_are_the_output() {
    let out = fieldbook(&["-q", "import", CHILD, "--class", "ChildConfig", "--json"]);
    assert!(out.status.success());
    let fields: Value = serde_json::from_slice(&out.stdout).expect("JSON even with -q");
    assert!(fields.as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    use std::io::Read;
    use std::process::Stdio;
    // The vendored 4.40.2 source prints ~80 KB of JSON, more than a pipe holds.
    let mut child = Command::new(env!("CARGO_BIN_EXE_fieldbook"))
        .args([
            "import",
            "sources/transformers-4.40.2/training_args.py",
            "--class",
            "TrainingArguments",
            "--json",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed here, like `| head -c 16`.
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(status.code().is_some(), "killed by a signal: {status:?}");
}

#[test]
fn the_table_shows_control_characters_of_python_help_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("args.py");
    std::fs::write(
        &file,
        "from dataclasses import dataclass, field\n\n@dataclass\nclass Args:\n    x: int = field(default=1, metadata={\"help\": \"title \\x1b]0;owned\\x07 clear \u{1b}[2J\"})\n",
    )
    .unwrap();
    let out = fieldbook(&["import", file.to_str().unwrap(), "--class", "Args"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        !table.contains('\u{1b}') && !table.contains('\u{7}'),
        "{table:?}"
    );
    assert!(table.contains("clear \\u{1b}[2J"), "{table}");
}
