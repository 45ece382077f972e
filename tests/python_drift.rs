//! `fieldbook check --python FILE --class NAME` (docstring vs code) and `fieldbook diff` on the
//! fixtures in `tests/fixtures/python/`.

use serde_json::Value;
use std::process::{Command, Output};

fn fieldbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fieldbook"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run fieldbook")
}

const DRIFT: &str = "tests/fixtures/python/drift.py";

#[test]
fn check_python_reports_docstring_drift_with_positions() {
    let out = fieldbook(&["check", "--python", DRIFT, "--class", "DriftConfig"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let expected = [
        "drift.py:9:9: warning: the docstring says `report_to` defaults to `\"all\"`, the code says `None`",
        "drift.py:9:9: warning: the docstring gives the type as `str` or `List[str]`, the annotation is `Optional[List[str]]`",
        "drift.py:17:9: warning: the docstring says `seed` defaults to `None`, the code says `42`",
        "drift.py:17:9: warning: the docstring allows `None` (its default `None`), but the annotation `int` is not Optional",
        "drift.py:21:9: warning: the docstring says `warmup` defaults to `10`, the code says `0`",
        "drift.py:34:5: warning: `undocumented` is not documented in the class docstring",
        "drift.py:23:9: warning: the docstring documents `gone`, which is not a field of `DriftConfig`",
    ];
    for line in expected {
        assert!(err.contains(line), "missing {line:?} in\n{err}");
    }
    assert_eq!(err.matches("warning:").count(), expected.len(), "{err}");
    // Same values spelt differently are not drift; prose defaults are not compared.
    for quiet in ["do_eval", "strategy", "learning_rate", "level"] {
        assert!(
            !err.contains(&format!("`{quiet}`")),
            "{quiet} reported:\n{err}"
        );
    }
    assert!(String::from_utf8_lossy(&out.stdout).contains("7 warnings"));
}

#[test]
fn check_python_json_and_strict() {
    let out = fieldbook(&[
        "check",
        "--python",
        DRIFT,
        "--class",
        "DriftConfig",
        "--format",
        "json",
        "--strict",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(json["errors"].as_array().unwrap().len(), 0);
    let warnings = json["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 7);
    assert_eq!(warnings[0]["line"], 9);
    assert_eq!(warnings[0]["column"], 9);
    assert_eq!(warnings[0]["severity"], "warning");
}

#[test]
fn check_python_errors_for_a_missing_class() {
    let out = fieldbook(&["check", "--python", DRIFT, "--class", "Nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error:"));
    let out = fieldbook(&["check", "--python", DRIFT]);
    assert_eq!(out.status.code(), Some(2), "--python needs --class");
}

const OLD: &str = "tests/fixtures/python/diff_old.py";
const NEW: &str = "tests/fixtures/python/diff_new.py";

#[test]
fn diff_lists_added_removed_renamed_and_changed_facts() {
    let out = fieldbook(&["diff", OLD, NEW, "--class", "Args"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let expected = "\
added    seed: int = 42
removed  legacy
renamed  batch_per_gpu → batch_per_device
default  debug: False → True
choices  mode: [\"fast\", \"slow\"] → [\"fast\", \"slow\", \"auto\"]
default  tags: list() → None
type     tags: List[str] → Optional[list[str]]
1 added, 1 removed, 1 renamed, 4 changed
";
    assert_eq!(text, expected);
    // Same values and same types spelt differently (`5e-5`/`5e-05`, `Optional[int]`/`int | None`,
    // `"fast"`/`'fast'`) are not changes.
    assert!(!text.contains("lr:") && !text.contains("steps:"));
}

#[test]
fn diff_json() {
    let out = fieldbook(&["diff", OLD, NEW, "--class", "Args", "--format", "json"]);
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["added"][0]["name"], "seed");
    assert_eq!(json["added"][0]["default"], "42");
    assert_eq!(json["removed"][0], "legacy");
    assert_eq!(json["renamed"][0]["from"], "batch_per_gpu");
    assert_eq!(json["renamed"][0]["to"], "batch_per_device");
    let changed = json["changed"].as_array().unwrap();
    assert_eq!(changed.len(), 4);
    assert_eq!(changed[0]["name"], "debug");
    assert_eq!(changed[0]["what"], "default");
    assert_eq!(changed[0]["old"], "False");
    assert_eq!(changed[0]["new"], "True");
}

#[test]
fn diff_of_a_missing_class_fails_with_the_place() {
    let out = fieldbook(&["diff", OLD, NEW, "--class", "Argz"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("diff_old.py"));
}

#[test]
fn diff_finds_renames_by_deprecated_alias_and_infers_look_alikes() {
    let (old, new) = (
        "tests/fixtures/python/rename_old.py",
        "tests/fixtures/python/rename_new.py",
    );
    let out = fieldbook(&["diff", old, new, "--class", "Args", "--format", "json"]);
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let renamed = json["renamed"].as_array().unwrap();
    // `eval_every` stays as a deprecated alias whose new help names the new field.
    assert_eq!(renamed[0]["from"], "eval_every");
    assert_eq!(renamed[0]["to"], "eval_steps");
    assert_eq!(renamed[0]["inferred"], false);
    // `warm` → `warmup_ratio`: same type and default, similar help; marked as inferred.
    assert_eq!(renamed[1]["from"], "warm");
    assert_eq!(renamed[1]["to"], "warmup_ratio");
    assert_eq!(renamed[1]["inferred"], true);
    // Two removed fields look like `loader_workers`: no guess.
    assert_eq!(renamed.len(), 2);
    assert_eq!(json["removed"], serde_json::json!(["workers", "threads"]));
    assert_eq!(json["added"][0]["name"], "loader_workers");
    let text = fieldbook(&["diff", old, new, "--class", "Args"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text
        .contains("renamed  warm → warmup_ratio (inferred: same type and default, similar help)"));
    assert!(text.contains("renamed  eval_every → eval_steps\n"));
}

#[test]
fn diff_sees_transformers_4_41_rename_eval_strategy() {
    let out = fieldbook(&[
        "diff",
        "sources/transformers-4.40.2/training_args.py",
        "sources/transformers-4.41.2/training_args.py",
        "--class",
        "TrainingArguments",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("renamed  evaluation_strategy → eval_strategy\n"),
        "{text}"
    );
    assert!(!text.contains("added    eval_strategy"), "{text}");
    assert!(
        text.ends_with("2 added, 0 removed, 1 renamed, 1 changed\n"),
        "{text}"
    );
}
