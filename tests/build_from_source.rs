//! Building a reference from its Python source (`python = "…"` in reference.toml): facts come
//! from the code, content facts that disagree are warnings, code fields the content lacks go to
//! the "Not yet documented" group, content fields the code lacks are errors.

use crate::common;

use common::*;
use std::fs;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn can_build_facts_from_the_python_source() {
    let (_dir, root) = book_copy("from-source");
    let out = fieldbook(&["build", "-q"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
    let schedule = fs::read_to_string(root.join("out/en/trainer/schedule.html")).unwrap();
    // The content says "fp16"; the code says "bf16", and the code wins.
    let precision = &schedule[schedule.find("id=\"precision\"").unwrap()..];
    let facts = &precision[..precision.find("</dl>").unwrap()];
    assert!(facts.contains("&quot;bf16&quot;"), "{facts}");
    assert!(!facts.contains("fp16&quot;</code></dd>"), "{facts}");
    // The explanation written in the content is kept.
    assert!(precision.contains("Half precision format."));
}

#[test]
fn fields_missing_from_the_content_get_the_undocumented_group_in_both_languages() {
    let (_dir, root) = book_copy("from-source");
    let out = fieldbook(&["build", "-q"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
    let en = fs::read_to_string(root.join("out/en/trainer/undocumented.html")).unwrap();
    let zh = fs::read_to_string(root.join("out/zh/trainer/undocumented.html")).unwrap();
    assert!(en.contains("Not yet documented"));
    assert!(zh.contains("尚未编写说明"));
    for page in [&en, &zh] {
        assert!(page.contains("id=\"warmup_ratio\""));
        // The upstream help, quoted and labelled, with its Markdown-looking text shown as is.
        assert!(page.contains("<blockquote>"), "{page}");
        assert!(page.contains("[see *docs*]"), "{page}");
        assert!(page.contains("src/trainer.py:24"));
    }
    assert!(en.contains("quoted from the source"));
    assert!(zh.contains("原样引自"));
    // init=False fields are not constructor arguments: not documented.
    assert!(!en.contains("_n_gpu"));
    let json = fs::read_to_string(root.join("out/fields.json")).unwrap();
    assert!(json.contains("\"group\": \"undocumented\""), "fields.json");
}

#[test]
fn check_warns_about_disagreeing_facts_and_undocumented_fields() {
    let (_dir, root) = book_copy("from-source");
    let out = fieldbook(&["check", "-q"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("content/trainer/groups/02-schedule.toml:38:11: warning: the default of `precision` is `\"fp16\"` here but `\"bf16\"` in the code (src/trainer.py:20:5)"),
        "{err}"
    );
    assert!(
        err.contains(
            "src/trainer.py:24:5: warning: `warmup_ratio` is in the code but no group documents it; the site shows it under \"Not yet documented\" with its help quoted from the source"
        ),
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 2, "{err}");
    let strict = fieldbook(&["check", "-q", "--strict"], &root);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn a_type_written_in_the_content_is_compared_by_meaning() {
    let (_dir, root) = book_copy("from-source");
    // Same type, other spelling: no warning.
    edit(
        &root,
        "content/trainer/groups/01-basics.toml",
        "type = \"Optional[int]\"",
        "type = \"int | None\"",
    );
    let out = fieldbook(&["check", "-q"], &root);
    assert_eq!(
        stderr(&out).matches("warning:").count(),
        2,
        "{}",
        stderr(&out)
    );
    // Another type: a warning at the key, with both values.
    edit(
        &root,
        "content/trainer/groups/01-basics.toml",
        "type = \"int | None\"",
        "type = \"Optional[str]\"",
    );
    let out = fieldbook(&["check", "-q"], &root);
    let err = stderr(&out);
    assert!(err.contains("warning: the type of `old_epochs` is `Optional[str]` here but `Optional[int]` in the code (src/trainer.py:17:5)"), "{err}");
}

#[test]
fn a_content_field_the_code_lacks_is_an_error_with_a_suggestion() {
    let (_dir, root) = book_copy("from-source");
    edit(
        &root,
        "content/trainer/groups/01-basics.toml",
        "name = \"epochs\"",
        "name = \"epoch\"",
    );
    let out = fieldbook(&["build", "-q"], &root);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error: `epoch` is not a field of `TrainerConfig` in src/trainer.py"),
        "{err}"
    );
    assert!(err.contains("hint: did you mean `epochs`?"), "{err}");
    assert!(!root.join("out").exists());
}

#[test]
fn the_type_key_may_be_left_to_the_code() {
    let (_dir, root) = book_copy("from-source");
    edit(
        &root,
        "content/trainer/groups/01-basics.toml",
        "type = \"float\"\n",
        "",
    );
    let out = fieldbook(&["build", "-q"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
    let basics = fs::read_to_string(root.join("out/en/trainer/basics.html")).unwrap();
    let epochs = &basics[basics.find("id=\"epochs\"").unwrap()..];
    assert!(epochs.contains("<code class=\"type\">float</code>"));
}

#[test]
fn the_same_source_builds_byte_identical_sites() {
    let (_dir, root) = book_copy("from-source");
    assert!(fieldbook(&["build", "-q", "-d", "a"], &root)
        .status
        .success());
    assert!(fieldbook(&["build", "-q", "-d", "b"], &root)
        .status
        .success());
    assert_eq!(read_tree(&root.join("a")), read_tree(&root.join("b")));
}

#[test]
fn python_sources_outside_the_book_are_read_by_relative_and_absolute_paths_alike() {
    let (dir, root) = book_copy("from-source");
    let inside = fieldbook(&["build", "-q", "-d", "../inside"], &root);
    assert!(inside.status.success(), "{}", stderr(&inside));
    // The sources moved out of the book, as a package in site-packages would be.
    let outside = dir.path().join("site-packages");
    fs::rename(root.join("src"), &outside).unwrap();
    let reference = root.join("content/trainer/reference.toml");
    let text = fs::read_to_string(&reference).unwrap();
    for (name, prefix) in [
        ("relative", "../site-packages".to_string()),
        ("absolute", outside.display().to_string()),
    ] {
        fs::write(&reference, text.replace("\"src/", &format!("\"{prefix}/"))).unwrap();
        let dest = format!("../{name}");
        let out = fieldbook(&["build", "-q", "-d", &dest], &root);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert_eq!(
            read_tree(&dir.path().join(name)).get("en/trainer/schedule.html"),
            read_tree(&dir.path().join("inside")).get("en/trainer/schedule.html"),
            "{name}"
        );
    }
}
