//! Text that is right for each version: `[field.versions."<version>"]`, deprecations limited by
//! `since` and `removed-in`, deprecations read from a version's own source, and warnings for the
//! deprecation and rename facts a version's source contradicts.

use crate::common;

use common::*;

/// The `<section>` of field `name` on a page.
fn section<'a>(page: &'a str, name: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"{name}\">"))
        .unwrap_or_else(|| panic!("no section for {name}"));
    let start = page[..start].rfind("<section").unwrap();
    &page[start..start + page[start..].find("</section>").unwrap()]
}

/// The deprecation callout of a field's section, if it has one.
fn callout(section: &str) -> Option<&str> {
    let start = section.find("<div class=\"callout deprecated\"")?;
    Some(&section[start..start + section[start..].find("</div>").unwrap()])
}

/// Builds the book at `root` into `root/site`, which it returns; the build must succeed.
fn build_site(root: &std::path::Path) -> std::path::PathBuf {
    let out = fieldbook(&["build", "-q", "-d", "site"], root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    root.join("site")
}

#[test]
fn the_bundled_version_pages_say_what_is_true_for_their_version() {
    let (_dir, dest) = build_bundled();
    for lang in ["en", "zh"] {
        // 4.41 renamed `evaluation_strategy` to `eval_strategy`: only its pages say so.
        let new = read(
            &dest,
            &format!("{lang}/training-args/v/4.41.2/evaluation.html"),
        );
        let s = section(&new, "evaluation_strategy");
        let c = callout(s).expect("evaluation_strategy is deprecated on 4.41.2");
        assert!(c.contains("4.41") && c.contains("4.46"), "{c}");
        assert!(
            c.contains("#eval_strategy\"><code>eval_strategy</code></a>"),
            "{c}"
        );
        assert!(s.contains("FutureWarning"), "{s}");
        for page in [
            format!("{lang}/training-args/evaluation.html"),
            format!("{lang}/training-args/v/4.39.3/evaluation.html"),
        ] {
            let s = section(&read(&dest, &page), "evaluation_strategy").to_string();
            assert!(callout(&s).is_none(), "{page}: {s}");
            assert!(!s.contains("FutureWarning"), "{page}: {s}");
        }
        // `dispatch_batches` survived 4.41: no page announces its removal there.
        for page in [
            format!("{lang}/training-args/data.html"),
            format!("{lang}/training-args/v/4.41.2/data.html"),
        ] {
            let c = callout(section(&read(&dest, &page), "dispatch_batches"))
                .expect("dispatch_batches is deprecated")
                .to_string();
            assert!(
                !c.contains("Scheduled for removal") && !c.contains("计划移除于版本"),
                "{page}: {c}"
            );
        }
    }
    let out = fieldbook(&["check", "--strict"], &repo());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn per_version_text_and_deprecations_from_the_source() {
    let (_dir, root) = book_copy("from-source");
    let groups = "content/trainer/groups/01-basics.toml";
    // The 1.1.0 pages get their own text; the deprecation starts with 1.2.
    edit(
        &root,
        groups,
        "deprecated = { since = \"1.1\",",
        "deprecated = { since = \"1.2\",",
    );
    edit(
        &root,
        groups,
        "explanation.zh = \"\"\"\n为旧脚本保留。\n\"\"\"\n",
        "explanation.zh = \"\"\"\n为旧脚本保留。\n\"\"\"\n\n[field.versions.\"1.1.0\"]\nexplanation.en = \"In 1.1 a field of its own.\"\nexplanation.zh = \"在 1.1 中是独立的字段。\"\n",
    );
    let dest = build_site(&root);
    for (lang, own) in [
        ("en", "In 1.1 a field of its own."),
        ("zh", "在 1.1 中是独立的字段。"),
    ] {
        let old = read(&dest, &format!("{lang}/trainer/v/1.1.0/basics.html"));
        let s = section(&old, "old_epochs");
        assert!(s.contains(own), "{s}");
        assert!(callout(s).is_none(), "deprecated only since 1.2: {s}");
        let main = read(&dest, &format!("{lang}/trainer/basics.html"));
        let s = section(&main, "old_epochs");
        assert!(!s.contains(own), "{s}");
        assert!(callout(s).is_some(), "{s}");
    }

    // Without a deprecation in the content, the 1.2.0 source's help ("Deprecated. Use `epochs`
    // instead.") still marks it deprecated there, with its replacement; 1.1.0's does not.
    edit(
        &root,
        groups,
        "deprecated = { since = \"1.2\", replacement = \"epochs\", removed-in = \"2.0\", note.en = \"Use `epochs`.\", note.zh = \"请改用 `epochs`。\" }\n",
        "",
    );
    build_site(&root);
    let main = read(&dest, "en/trainer/basics.html");
    let c = callout(section(&main, "old_epochs"))
        .expect("deprecated by its help")
        .to_string();
    assert!(c.contains("#epochs\"><code>epochs</code></a>"), "{c}");
    let old = read(&dest, "en/trainer/v/1.1.0/basics.html");
    assert!(callout(section(&old, "old_epochs")).is_none());
}

#[test]
fn check_warns_about_deprecation_facts_a_version_source_contradicts() {
    let (_dir, root) = book_copy("from-source");
    let groups = "content/trainer/groups/01-basics.toml";
    // The fixture's own deprecation agrees with both versions' sources.
    let err = String::from_utf8_lossy(&fieldbook(&["check"], &root).stderr).to_string();
    assert!(!err.contains("old_epochs"), "{err}");
    // Removed in 1.1, replaced by `output_dir`: both versions' sources say otherwise.
    edit(
        &root,
        groups,
        "replacement = \"epochs\", removed-in = \"2.0\"",
        "replacement = \"output_dir\", removed-in = \"1.1\"",
    );
    let out = fieldbook(&["check"], &root);
    assert!(out.status.success(), "warnings only");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content/trainer/groups/01-basics.toml:39:72: warning: `old_epochs` is announced as removed in 1.1, but the source of version 1.1.0 still has it (src/trainer_1_1.py:12)"), "{err}");
    assert!(err.contains("content/trainer/groups/01-basics.toml:39:45: warning: the replacement of `old_epochs` is `output_dir` here, but the source of version 1.2.0 says to use `epochs` (src/trainer.py:"), "{err}");
    assert!(
        err.contains("hint: give the version that really removes it, or remove `removed-in`; text for version 1.1.0 alone goes in `[field.versions.\"1.1.0\"]`"),
        "{err}"
    );
    assert!(
        err.contains("hint: name `epochs` as the replacement\n"),
        "{err}"
    );
    // The site does not announce a removal that its own version contradicts.
    let c = callout(section(
        &read(&build_site(&root), "en/trainer/basics.html"),
        "old_epochs",
    ))
    .unwrap()
    .to_string();
    assert!(!c.contains("Scheduled for removal"), "{c}");

    // Deprecated since 1.2 while 1.1.0's own help already says so.
    edit(
        &root,
        "src/trainer_1_1.py",
        "Number of passes (old).",
        "Deprecated. Use `epochs` instead.",
    );
    edit(&root, groups, "since = \"1.1\"", "since = \"1.2\"");
    let err = String::from_utf8_lossy(&fieldbook(&["check"], &root).stderr).to_string();
    assert!(err.contains("warning: `old_epochs` is deprecated since 1.2 here, but the source of version 1.1.0 already says it is deprecated (src/trainer_1_1.py:12)"), "{err}");
}

#[test]
fn text_for_a_version_the_reference_lacks_is_an_error() {
    let (_dir, root) = book_copy("from-source");
    let groups = "content/trainer/groups/01-basics.toml";
    edit(
        &root,
        groups,
        "explanation.zh = \"\"\"\n为旧脚本保留。\n\"\"\"\n",
        "explanation.zh = \"\"\"\n为旧脚本保留。\n\"\"\"\n\n[field.versions.\"1.1\"]\nsummary.en = \"Old.\"\n\n[field.versions.\"1.2.0\"]\nsummary.en = \"Now.\"\nsummary.zh = \"现在。\"\n",
    );
    let out = fieldbook(&["build", "-q"], &root);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("01-basics.toml:49:17: error: `old_epochs` has text for version `1.1`, which the reference does not have"), "{err}");
    assert!(err.contains("hint: did you mean `1.1.0`?"), "{err}");
    assert!(
        err.contains("01-basics.toml:52:17: error: `1.2.0` is the reference's own version"),
        "{err}"
    );
    assert!(!root.join("book").exists(), "a failed build writes nothing");
}
