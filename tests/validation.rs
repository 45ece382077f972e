//! One test per kind of bad input: the exact `path:line:col: message` a user sees, exit code 1,
//! and DEST byte for byte as the previous good build left it.

use crate::common;

use common::*;
use std::path::Path;

/// Builds the minimal fixture once, applies `break_it`, builds again, and returns stderr after
/// checking the failed build exited 1 and left the previous site untouched.
fn failed_build(break_it: impl FnOnce(&Path)) -> String {
    let (_dir, root) = book_copy("minimal");
    let good = fieldbook(&["build", "-q"], &root);
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let before = read_tree(&root.join("out"));
    break_it(&root);
    let bad = fieldbook(&["build", "-q"], &root);
    assert_eq!(bad.status.code(), Some(1), "bad input must exit 1");
    assert_eq!(
        read_tree(&root.join("out")),
        before,
        "a failed build changed DEST"
    );
    String::from_utf8(bad.stderr).unwrap()
}

/// Asserts that `stderr` reports `expected` (the `path:line:col: error: message` line) with a hint.
fn assert_reports(stderr: &str, expected: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == expected)
        .unwrap_or_else(|| panic!("expected line\n  {expected}\nin\n{stderr}"));
    assert!(
        lines.get(at + 1).is_some_and(|l| l.starts_with("  hint: ")),
        "no hint after {expected}:\n{stderr}"
    );
}

const BASICS: &str = "content/trainer/groups/01-basics.toml";
const SCHEDULE: &str = "content/trainer/groups/02-schedule.toml";

#[test]
fn errors_on_toml_syntax() {
    let err = failed_build(|root| edit(root, BASICS, "order = 1", "order = = 1"));
    assert_reports(&err, &format!("{BASICS}:2:9: error: extra `=`"));
}

#[test]
fn errors_on_unknown_key_listing_the_known_ones() {
    let err =
        failed_build(|root| edit(root, "book.toml", "[build]", "[build]\ndestination = \"x\""));
    assert_reports(
        &err,
        "book.toml:11:1: error: unknown field `destination`, expected `dest`",
    );
}

#[test]
fn errors_on_wrong_value_type() {
    let err = failed_build(|root| edit(root, BASICS, "order = 1", "order = \"first\""));
    assert_reports(
        &err,
        &format!("{BASICS}:2:9: error: invalid type: string \"first\", expected i64"),
    );
}

#[test]
fn errors_on_missing_book_toml() {
    let err = failed_build(|root| std::fs::remove_file(root.join("book.toml")).unwrap());
    assert_reports(
        &err,
        "book.toml: error: cannot read the file: it does not exist",
    );
}

#[test]
fn errors_on_duplicate_field_naming_both_places() {
    let err = failed_build(|root| edit(root, SCHEDULE, "name = \"extra\"", "name = \"epochs\""));
    assert_reports(
        &err,
        &format!("{SCHEDULE}:23:8: error: field `epochs` is defined twice"),
    );
    assert!(
        err.contains(&format!("it is first defined at {BASICS}:22:8")),
        "{err}"
    );
}

#[test]
fn errors_on_duplicate_group_id() {
    let err = failed_build(|root| edit(root, SCHEDULE, "id = \"schedule\"", "id = \"basics\""));
    assert_reports(
        &err,
        &format!("{SCHEDULE}:1:6: error: group id `basics` is used twice"),
    );
}

#[test]
fn errors_on_see_also_to_a_missing_field_with_a_suggestion() {
    let err = failed_build(|root| {
        edit(
            root,
            SCHEDULE,
            "see-also = [\"precision\"]",
            "see-also = [\"precison\"]",
        )
    });
    assert_reports(&err, &format!("{SCHEDULE}:12:13: error: `see-also` names `precison`, which is not a field of this reference"));
    assert!(err.contains("hint: did you mean `precision`?"), "{err}");
}

#[test]
fn errors_on_enum_referenced_but_not_defined() {
    let err = failed_build(|root| {
        edit(
            root,
            SCHEDULE,
            "Union[Strategy, str]",
            "Union[Strategey, str]",
        )
    });
    assert_reports(&err, &format!("{SCHEDULE}:10:15: error: the type of `save_strategy` uses `Strategey`, which is neither a built-in type nor a defined enum"));
    assert!(err.contains("did you mean `Strategy`?"), "{err}");
}

#[test]
fn errors_on_malformed_annotation_at_the_column_inside_it() {
    let err = failed_build(|root| {
        edit(
            root,
            BASICS,
            "type = \"Optional[int]\"",
            "type = \"Optional[int\"",
        )
    });
    assert_reports(&err, &format!("{BASICS}:37:21: error: the type of `old_epochs` does not parse: expected `]` to close `Optional[` opened at column 9, found end of annotation"));
}

#[test]
fn errors_on_default_that_is_not_a_python_literal() {
    let err = failed_build(|root| edit(root, BASICS, "default = \"3.0\"", "default = \"three\""));
    assert_reports(&err, &format!("{BASICS}:24:12: error: the default of `epochs` is not a Python literal: `three` is a name, not a literal"));
}

#[test]
fn errors_on_a_language_without_interface_strings() {
    let err = failed_build(|root| {
        edit(
            root,
            "book.toml",
            "languages = [\"en\", \"zh\"]",
            "languages = [\"en\", \"fr\"]",
        )
    });
    assert_reports(
        &err,
        "book.toml:6:20: error: `fr` needs its interface strings: fieldbook ships them only for en and zh",
    );
}

#[test]
fn errors_on_broken_param_link_in_a_guide() {
    let err = failed_build(|root| {
        edit(
            root,
            "content/guides/types.md",
            "param:save_strategy",
            "param:save_stratgy",
        )
    });
    assert_reports(
        &err,
        "content/guides/types.md:8:76: error: `param:save_stratgy` links to an unknown field",
    );
    assert!(
        err.contains("hint: did you mean `param:save_strategy`?"),
        "{err}"
    );
}

#[test]
fn errors_on_broken_param_link_in_an_explanation() {
    let err = failed_build(|root| {
        edit(
            root,
            BASICS,
            "Everything the run writes goes here.",
            "See [epochs](param:epoks).",
        )
    });
    assert_reports(&err, &format!("{BASICS}:9:8: error: in the `en` explanation of `output_dir`: `param:epoks` links to an unknown field"));
}

#[test]
fn errors_on_field_name_that_is_not_an_identifier() {
    let err =
        failed_build(|root| edit(root, SCHEDULE, "name = \"backend\"", "name = \"back-end\""));
    assert_reports(
        &err,
        &format!("{SCHEDULE}:49:8: error: `back-end` is not a Python identifier"),
    );
}

#[test]
fn errors_on_group_id_that_would_make_a_bad_file_name() {
    for bad in ["../x", "a/b", "CON", ""] {
        let err = failed_build(|root| {
            edit(
                root,
                SCHEDULE,
                "id = \"schedule\"",
                &format!("id = \"{bad}\""),
            )
        });
        assert_reports(&err, &format!("{SCHEDULE}:1:6: error: group id `{bad}` cannot be a page name: it must be lowercase letters, digits, `-` or `_`, starting with a letter or digit"));
    }
    let err = failed_build(|root| edit(root, SCHEDULE, "id = \"schedule\"", "id = \"con\""));
    assert_reports(&err, &format!("{SCHEDULE}:1:6: error: group id `con` cannot be a page name: that name is reserved on Windows"));
}

#[test]
fn errors_on_replacement_that_is_not_a_field() {
    let err = failed_build(|root| {
        edit(
            root,
            BASICS,
            "replacement = \"epochs\"",
            "replacement = \"epoch\"",
        )
    });
    assert_reports(&err, &format!("{BASICS}:39:45: error: `replacement` names `epoch`, which is not a field of this reference"));
}

#[test]
fn errors_on_dest_that_is_the_root_or_inside_content() {
    for dest in [".", "content/site"] {
        let (_dir, root) = book_copy("minimal");
        let out = fieldbook(&["build", "-d", dest], &root);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("refusing to write the site here"), "{err}");
        assert!(!root.join("content/site").exists());
    }
}

#[test]
fn reports_every_problem_at_once() {
    let err = failed_build(|root| {
        edit(root, BASICS, "default = \"3.0\"", "default = \"three\"");
        edit(
            root,
            SCHEDULE,
            "see-also = [\"precision\"]",
            "see-also = [\"nope\"]",
        );
        edit(
            root,
            "content/guides/types.zh.md",
            "param:save_strategy",
            "param:nope",
        );
    });
    assert!(err.trim_end().ends_with("3 problems found"), "{err}");
}

#[test]
fn crlf_line_endings_and_a_bom_still_build() {
    let (_dir, root) = book_copy("minimal");
    let path = root.join(BASICS);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace('\n', "\r\n");
    std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    let out = fieldbook(&["build", "-q"], &root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn errors_on_links_to_missing_guides_and_headings() {
    let err = failed_build(|root| {
        edit(
            root,
            "content/guides/types.md",
            "## Enums",
            "## Enums\n\nSee [missing](typs.md) and [here](#enumz).",
        );
    });
    assert_reports(
        &err,
        "content/guides/types.md:8:5: error: `typs.md` links to a guide that does not exist",
    );
    assert!(err.contains("hint: did you mean `types.md`?"), "{err}");
    assert_reports(&err, "content/guides/types.md:8:28: error: `#enumz` points at `#enumz`, which is not a heading of guide `types`");
    assert!(err.contains("hint: did you mean `#enums`?"), "{err}");
}

#[test]
fn errors_on_a_reference_id_the_site_layout_uses() {
    // `en/p/` holds the permalinks: a reference `p` would lose pages to them (or they to it).
    let err = failed_build(|root| {
        std::fs::rename(root.join("content/trainer"), root.join("content/p")).unwrap()
    });
    assert!(
        err.contains("content/p: error: the folder name `p` cannot be a reference id: the site uses that name itself"),
        "{err}"
    );
    assert!(err.contains("  hint: rename the folder"), "{err}");
}

#[test]
fn check_finds_an_id_too_long_for_a_file_name_as_build_does() {
    let (_dir, root) = book_copy("minimal");
    let long = "a".repeat(300);
    edit(
        &root,
        SCHEDULE,
        "id = \"schedule\"",
        &format!("id = \"{long}\""),
    );
    check_and_build_report(
        &root,
        &format!("{SCHEDULE}:1:6: error: group id `{long}` cannot be a page name: it is 300 characters long, at most 100 fit in a file name"),
    );
}

/// Asserts that `check` and `build` both fail on the book at `root` with `expected`.
fn check_and_build_report(root: &Path, expected: &str) {
    for command in ["check", "build"] {
        let out = fieldbook(&[command, "-q"], root);
        assert_eq!(out.status.code(), Some(1), "{command} must fail");
        assert_reports(&String::from_utf8(out.stderr).unwrap(), expected);
    }
}

#[test]
fn a_misspelt_template_override_is_warned_about_with_a_suggestion() {
    let (_dir, root) = book_copy("minimal");
    std::fs::create_dir_all(root.join("templates/assets")).unwrap();
    std::fs::write(root.join("templates/gide.html"), "{{ title }}").unwrap();
    std::fs::write(root.join("templates/assets/highlite.css"), "x{}").unwrap();
    let out = fieldbook(&["check"], &root);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("templates/gide.html: warning: `gide.html` replaces no built-in file and nothing uses it")
            && err.contains("hint: did you mean `guide.html`?"),
        "{err}"
    );
    assert!(
        err.contains("templates/assets/highlite.css: warning:")
            && err.contains("did you mean `highlight.css`?"),
        "{err}"
    );
    // `--strict` fails on it.
    assert_eq!(
        fieldbook(&["check", "--strict", "-q"], &root).status.code(),
        Some(1)
    );
}

#[test]
fn the_documented_asset_overrides_replace_the_built_in_files() {
    let (_dir, root) = book_copy("minimal");
    std::fs::create_dir_all(root.join("templates/assets")).unwrap();
    std::fs::write(
        root.join("templates/assets/highlight.css"),
        ".hl-k { color: rebeccapurple }\n",
    )
    .unwrap();
    let out = fieldbook(&["build", "-q"], &root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(root.join("out/assets/highlight.css")).unwrap(),
        ".hl-k { color: rebeccapurple }\n"
    );
    // The other assets stay the built-ins.
    assert_eq!(
        std::fs::read_to_string(root.join("out/assets/style.css")).unwrap(),
        std::fs::read_to_string(repo().join("templates/assets/style.css")).unwrap()
    );
}

#[test]
fn control_characters_in_content_reach_the_terminal_escaped() {
    // A see-also target is quoted in its error: the escape sequences in it must not be sent raw.
    let err = failed_build(|root| {
        edit(
            root,
            BASICS,
            "aliases = [\"epoch\"]",
            "aliases = [\"epoch\"]\nsee-also = [\"gone\\u001b]0;owned\\u0007\\u001b[2J\"]",
        )
    });
    assert!(
        err.contains("gone\\u{1b}]0;owned\\u{7}\\u{1b}[2J"),
        "{err:?}"
    );
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
}

#[test]
fn check_finds_an_output_file_name_too_long_as_build_does() {
    // A field name is a Python identifier of any length, and names its permalink `p/<name>.html`.
    let (_dir, root) = book_copy("minimal");
    let long = "x".repeat(260);
    edit(
        &root,
        BASICS,
        "name = \"output_dir\"",
        &format!("name = \"{long}\""),
    );
    check_and_build_report(
        &root,
        &format!("en/p/{long}.html: error: the output file name is longer than 255 bytes, which file systems refuse"),
    );
}

#[test]
fn errors_on_an_old_name_shared_by_two_fields() {
    let err = failed_build(|root| {
        edit(
            root,
            BASICS,
            "aliases = [\"epoch\"]",
            "aliases = [\"epoch\"]\nold-names = [\"n\"]",
        );
        edit(
            root,
            BASICS,
            "type = \"str\"",
            "type = \"str\"\nold-names = [\"n\"]",
        );
    });
    assert!(
        err.contains("error: old name `n` is also an old name of `output_dir`"),
        "{err}"
    );
}
