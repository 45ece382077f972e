//! Several versions of one reference (`[[versions]]` in reference.toml): each version's pages
//! under `<lang>/<ref>/v/<version>/`, a version switch on every page of the reference, and a
//! "What changed" page per pair of consecutive versions, in both languages.

use crate::common;

use common::*;

/// The `<nav class="version-switch">` of a page.
fn switch(page: &str) -> &str {
    let start = page
        .find("<nav class=\"version-switch\"")
        .expect("a version switch");
    &page[start..start + page[start..].find("</nav>").unwrap()]
}

/// The `<tr>` of a "What changed" page whose kind is `kind` and that mentions `name`, without the
/// line-break opportunities (`<wbr>`) of long names.
fn row(page: &str, kind: &str, name: &str) -> String {
    page.match_indices(&format!("<tr class=\"change-{kind}\""))
        .map(|(i, _)| page[i..i + page[i..].find("</tr>").unwrap()].replace("<wbr>", ""))
        .find(|r| r.contains(&format!("<code>{name}</code>")))
        .unwrap_or_else(|| panic!("no {kind} row for {name}"))
}

#[test]
fn every_page_of_a_versioned_reference_has_a_version_switch_in_both_languages() {
    let (_dir, dest) = build_bundled();
    for lang in ["en", "zh"] {
        let main = read(&dest, &format!("{lang}/training-args/evaluation.html"));
        let s = switch(&main);
        assert!(
            s.contains(&format!(
                "href=\"../../{lang}/training-args/v/4.39.3/evaluation.html\">4.39.3</a>"
            )),
            "{s}"
        );
        assert!(s.contains(&format!("href=\"../../{lang}/training-args/evaluation.html\" aria-current=\"page\">4.40.2</a>")), "{s}");
        assert!(
            s.contains(&format!(
                "href=\"../../{lang}/training-args/v/4.41.2/evaluation.html\">4.41.2</a>"
            )),
            "{s}"
        );
        assert!(s.contains(&format!("href=\"../../{lang}/training-args/changes/4.40.2-to-4.41.2.html\">4.40.2 → 4.41.2</a>")), "{s}");
        // From an older version's page, back to the main version's same page.
        let old = read(
            &dest,
            &format!("{lang}/training-args/v/4.39.3/evaluation.html"),
        );
        let s = switch(&old);
        assert!(
            s.contains(&format!(
                "href=\"../../../../{lang}/training-args/evaluation.html\">4.40.2</a>"
            )),
            "{s}"
        );
        assert!(s.contains("aria-current=\"page\">4.39.3</a>"), "{s}");
        // A group only one version has: the others link to their reference page.
        let undocumented = read(
            &dest,
            &format!("{lang}/training-args/v/4.41.2/undocumented.html"),
        );
        let s = switch(&undocumented);
        assert!(
            s.contains(&format!(
                "href=\"../../../../{lang}/training-args/index.html\">4.40.2</a>"
            )),
            "{s}"
        );
    }
    let zh = read(&dest, "zh/training-args/index.html");
    assert!(switch(&zh).contains("版本") && switch(&zh).contains("变更"));
    // The anchor travels with a switch click.
    assert!(read(&dest, "en/training-args/index.html").contains(".version-switch a"));
}

#[test]
fn a_field_keeps_its_anchor_in_every_version() {
    let (_dir, dest) = build_bundled();
    for page in [
        "en/training-args/optimizer.html",
        "en/training-args/v/4.39.3/optimizer.html",
        "en/training-args/v/4.41.2/optimizer.html",
        "zh/training-args/v/4.41.2/optimizer.html",
    ] {
        assert!(read(&dest, page).contains("id=\"learning_rate\""), "{page}");
    }
    // Facts come from each version's code: `evaluation_strategy` defaults to "no" up to 4.40
    // and to None in 4.41, where it is a deprecated alias of `eval_strategy`.
    let v41 = read(&dest, "en/training-args/v/4.41.2/evaluation.html");
    let section = &v41[v41.find("id=\"evaluation_strategy\"").unwrap()..];
    let facts = &section[..section.find("</dl>").unwrap()];
    assert!(facts.contains("<code>None</code>"), "{facts}");
    // A field new in 4.40 is not on the 4.39.3 pages.
    assert!(!read(&dest, "en/training-args/v/4.39.3/evaluation.html")
        .contains("id=\"eval_do_concat_batches\""));
    // Only the main version has permalinks and fields.json entries.
    assert!(!read(&dest, "fields.json").contains("/v/"));
    for entry in std::fs::read_dir(dest.join("assets/search")).unwrap() {
        let script = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(
            !script.contains("/v/4."),
            "the search index has another version's page"
        );
    }
}

#[test]
fn what_changed_lists_the_eval_strategy_rename_with_links_to_both_versions() {
    let (_dir, dest) = build_bundled();
    for (lang, renamed, added, default) in [
        ("en", "renamed", "added", "default changed"),
        ("zh", "重命名", "新增", "默认值变更"),
    ] {
        let page = read(
            &dest,
            &format!("{lang}/training-args/changes/4.40.2-to-4.41.2.html"),
        );
        let r = row(&page, "renamed", "evaluation_strategy");
        assert!(r.contains(renamed));
        assert!(
            r.contains(&format!(
                "href=\"../../../{lang}/training-args/evaluation.html#evaluation_strategy\""
            )),
            "{r}"
        );
        assert!(
            r.contains(&format!(
                "href=\"../../../{lang}/training-args/v/4.41.2/undocumented.html#eval_strategy\""
            )),
            "{r}"
        );
        assert!(
            !r.contains("class=\"count\""),
            "a rename named by a deprecation is not inferred"
        );
        let a = row(&page, "added", "batch_eval_metrics");
        assert!(a.contains(added) && a.contains("bool = False"), "{a}");
        let d = row(&page, "default", "evaluation_strategy");
        assert!(
            d.contains(default) && d.contains("&quot;no&quot;") && d.contains("None"),
            "{d}"
        );
        let older = read(
            &dest,
            &format!("{lang}/training-args/changes/4.39.3-to-4.40.2.html"),
        );
        let t = row(&older, "type", "report_to");
        assert!(
            t.contains(&format!(
                "href=\"../../../{lang}/training-args/v/4.39.3/logging.html#report_to\""
            )),
            "{t}"
        );
        assert!(
            t.contains("Optional[List[str]]") && t.contains("Union[None, str, List[str]]"),
            "{t}"
        );
        row(&older, "choices", "ddp_backend");
        row(&older, "added", "eval_do_concat_batches");
    }
}

#[test]
fn what_changed_rows_agree_with_the_diff_command() {
    let (_dir, root) = book_copy("from-source");
    let out = fieldbook(&["build", "-q"], &root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let diff = fieldbook(
        &[
            "diff",
            "src/trainer_1_1.py",
            "src/trainer.py",
            "--class",
            "TrainerConfig",
            "--format",
            "json",
        ],
        &root,
    );
    let json: serde_json::Value = serde_json::from_slice(&diff.stdout).unwrap();
    for lang in ["en", "zh"] {
        let page = read(
            &root.join("out"),
            &format!("{lang}/trainer/changes/1.1.0-to-1.2.0.html"),
        );
        let count = |kind: &str| {
            page.matches(&format!("<tr class=\"change-{kind}\""))
                .count()
        };
        assert_eq!(count("added"), json["added"].as_array().unwrap().len());
        assert_eq!(count("removed"), 1);
        assert_eq!(count("renamed"), 1);
        assert_eq!(
            count("default") + count("type") + count("choices"),
            json["changed"].as_array().unwrap().len()
        );
        // Removed: linked in the old version only.
        let r = row(&page, "removed", "max_steps");
        assert!(
            r.contains(&format!(
                "href=\"../../../{lang}/trainer/v/1.1.0/undocumented.html#max_steps\""
            )),
            "{r}"
        );
        // An inferred rename is marked as such.
        let r = row(&page, "renamed", "warmup");
        assert!(r.contains("class=\"count\""), "{r}");
        assert!(r.contains("warmup_ratio"));
        // A field the version does not document (init=False) is named, not linked.
        assert!(row(&page, "added", "_n_gpu").contains("\"><code>_n_gpu</code></td>"));
    }
    assert!(
        read(&root.join("out"), "en/trainer/changes/1.1.0-to-1.2.0.html")
            .contains("inferred: same type and default")
    );
}

#[test]
fn bad_versions_are_errors_at_their_place() {
    let (_dir, root) = book_copy("from-source");
    edit(
        &root,
        "content/trainer/reference.toml",
        "name = \"1.1.0\"",
        "name = \"1.2.0\"",
    );
    let out = fieldbook(&["build", "-q"], &root);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content/trainer/reference.toml:10:8: error: version `1.2.0` is already a version of this reference"), "{err}");
    edit(
        &root,
        "content/trainer/reference.toml",
        "name = \"1.2.0\"",
        "name = \"../x\"",
    );
    let out = fieldbook(&["build", "-q"], &root);
    assert!(String::from_utf8_lossy(&out.stderr).contains("version `../x` cannot be a folder name"));
    edit(
        &root,
        "content/trainer/reference.toml",
        "src/trainer_1_1.py",
        "src/nope.py",
    );
    let out = fieldbook(&["build", "-q"], &root);
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("error: the Python source `src/nope.py` does not exist"));
    // Versions need the main version's own source.
    edit(
        &root,
        "content/trainer/reference.toml",
        "src/nope.py",
        "src/trainer_1_1.py",
    );
    edit(
        &root,
        "content/trainer/reference.toml",
        "name = \"../x\"",
        "name = \"1.1.0\"",
    );
    edit(
        &root,
        "content/trainer/reference.toml",
        "python = \"src/trainer.py\"\n",
        "",
    );
    let out = fieldbook(&["build", "-q"], &root);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content/trainer/reference.toml:9:8: error: `[[versions]]` needs the reference's own `version` and `python`"), "{err}");
}

#[test]
fn links_to_fields_a_version_lacks_are_left_out_of_its_pages() {
    let (_dir, dest) = build_bundled();
    // `eval_do_concat_batches` is new in 4.40: see-also links to it are gone from 4.39.3.
    let old = read(&dest, "en/training-args/v/4.39.3/evaluation.html");
    assert!(!old.contains("href=\"\""));
    assert!(read(&dest, "en/training-args/evaluation.html")
        .contains("#eval_do_concat_batches\"><code>eval_do_concat_batches</code></a>"));
}
