//! Publishing: `fieldbook workflow` writes a GitHub Actions workflow that real tools accept,
//! `check --deny drift` fails on the class and its docs disagreeing but not on translations, and
//! `build --site-url` sets the URL the workflow gets from GitHub Pages.

use crate::common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::Command;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A git repository (a `.git` folder is all `workflow` looks for) with a book in `docs/`.
fn repository_with_book() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    copy_tree(&fixture("minimal"), &dir.path().join("docs"));
    let repo = dir.path().to_path_buf();
    (dir, repo)
}

#[test]
fn workflow_writes_docs_yml_at_the_top_of_the_repository_once() {
    let (_dir, repo) = repository_with_book();
    let out = fieldbook(&["workflow", "docs", "--branch", "trunk"], &repo);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = repo.join(".github/workflows/docs.yml");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("  BOOK: 'docs'\n"), "{text}");
    assert!(text.contains("    branches: [trunk]\n"), "{text}");
    assert!(
        text.contains("fieldbook check \"$BOOK\" --deny drift"),
        "{text}"
    );
    for action in [
        "actions/configure-pages@v5",
        "actions/upload-pages-artifact@v3",
        "actions/deploy-pages@v4",
    ] {
        assert!(text.contains(action), "{action}");
    }
    // A second run leaves the workflow alone.
    fs::write(&path, "# mine\n").unwrap();
    let again = fieldbook(&["workflow", "docs"], &repo);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("docs.yml: error: a workflow already exists here"),
        "{}",
        stderr(&again)
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "# mine\n");
    // Not a book: a clear error, nothing written.
    let none = fieldbook(&["workflow", "."], &repo);
    assert_eq!(none.status.code(), Some(1));
    assert!(
        stderr(&none).contains("error: no book here"),
        "{}",
        stderr(&none)
    );
}

/// Runs `check-jsonschema --builtin-schema vendor.github-workflows` (SchemaStore's schema of
/// GitHub workflows) on `file`. Where the tool is missing the test says so and passes, unless
/// `FIELDBOOK_REQUIRE_WORKFLOW_TOOLS` is set (as `.ci/run` does after installing it).
pub(crate) fn schema_check(file: &Path) -> Option<std::process::Output> {
    let tool = std::env::var("CHECK_JSONSCHEMA").unwrap_or_else(|_| "check-jsonschema".into());
    match Command::new(&tool)
        .args(["--builtin-schema", "vendor.github-workflows"])
        .arg(file)
        .output()
    {
        Ok(out) => Some(out),
        Err(e) => {
            assert!(
                std::env::var_os("FIELDBOOK_REQUIRE_WORKFLOW_TOOLS").is_none(),
                "{tool}: {e}"
            );
            eprintln!("note: {tool} not found ({e}); the workflow was not validated (pip install check-jsonschema)");
            None
        }
    }
}

#[test]
fn the_workflow_is_valid_for_github_actions() {
    let (_dir, repo) = repository_with_book();
    assert!(fieldbook(&["workflow", "docs"], &repo).status.success());
    let path = repo.join(".github/workflows/docs.yml");
    if let Some(out) = schema_check(&path) {
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            stderr(&out)
        );
        // The tool does catch a broken workflow.
        let text = fs::read_to_string(&path).unwrap();
        fs::write(
            &path,
            text.replace("runs-on: ubuntu-latest", "runs-onn: ubuntu-latest"),
        )
        .unwrap();
        assert!(!schema_check(&path).unwrap().status.success());
    }
}

#[test]
fn deny_drift_fails_on_code_and_docs_disagreeing_only() {
    // A stale translation is a warning, but not drift.
    let (_dir, root) = book_copy("minimal");
    assert!(fieldbook(&["stamp"], &root).status.success());
    edit(
        &root,
        "content/trainer/groups/01-basics.toml",
        "Fractions stop partway through the last pass.",
        "Fractions stop partway through the final pass.",
    );
    let stale = fieldbook(&["check", "--deny", "drift"], &root);
    assert!(stale.status.success(), "{}", stderr(&stale));
    assert!(
        stderr(&stale).contains("warning: the `zh` translation of the explanation of `epochs` was made from an earlier `en` text"),
        "{}",
        stderr(&stale)
    );
    assert_eq!(
        fieldbook(&["check", "--strict"], &root).status.code(),
        Some(1)
    );

    // A default the code contradicts and a field the content lacks are drift.
    let (_dir, root) = book_copy("from-source");
    let drift = fieldbook(&["check", "--deny", "drift"], &root);
    assert_eq!(drift.status.code(), Some(1), "{}", stderr(&drift));
    assert!(
        String::from_utf8_lossy(&drift.stdout).starts_with("failed (--deny drift): "),
        "{}",
        String::from_utf8_lossy(&drift.stdout)
    );
    // `--strict` and `--deny` are one choice.
    let both = fieldbook(&["check", "--strict", "--deny", "drift"], &root);
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn deny_drift_also_checks_a_docstring_against_its_code() {
    // The fixture's class has no `Args:` section: its docstring and its code disagree.
    let root = fixture("from-source");
    let args = [
        "check",
        "--python",
        "src/trainer.py",
        "--class",
        "TrainerConfig",
    ];
    assert!(fieldbook(&args, &root).status.success());
    let denied = fieldbook(&[&args[..], &["--deny", "drift"]].concat(), &root);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
    assert!(
        stderr(&denied).contains("warning: `TrainerConfig` has no `Args:`/`Parameters:` section")
    );
}

#[test]
fn build_site_url_replaces_the_books() {
    let (_dir, root) = book_copy("minimal");
    let out = fieldbook(
        &[
            "build",
            "-q",
            "-d",
            "site",
            "--site-url",
            "https://user.github.io/repo",
        ],
        &root,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json = fs::read_to_string(root.join("site/fields.json")).unwrap();
    assert!(json.contains("\"site_url\": \"https://user.github.io/repo/\""));
    let page = read(&root.join("site"), "en/trainer/basics.html");
    assert!(page.contains(
        "<link rel=\"canonical\" href=\"https://user.github.io/repo/en/trainer/basics.html\">"
    ));
    let bad = fieldbook(&["build", "-q", "--site-url", "user.github.io"], &root);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("`user.github.io` is neither an absolute URL"));
}
