//! Publishing a book: the GitHub Actions workflow that builds it and deploys it to GitHub Pages on
//! every push, and on pull requests fails when the class and its docs disagree
//! (`fieldbook check --deny drift`) — not because a translation is missing or stale.
//!
//! [`github_workflow`] gives the file's text (`fieldbook new` writes it with a new book);
//! [`write_github_workflow`] is `fieldbook workflow`: it writes `.github/workflows/docs.yml` at the
//! top of the git repository that holds the book.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::fs;
use std::path::{Path, PathBuf};

/// Where the workflow goes, relative to the repository's top folder.
pub const WORKFLOW_PATH: &str = ".github/workflows/docs.yml";

/// The steps that install Rust and fieldbook, the same in both jobs.
const INSTALL: &str = r#"      - uses: actions/checkout@v4
      - name: Install Rust
        run: rustup toolchain install stable --profile minimal && rustup default stable
      - name: Install fieldbook
        env:
          # The git URL fieldbook is installed from: set the repository variable FIELDBOOK_GIT
          # (Settings > Secrets and variables > Actions > Variables), e.g. to the URL of the
          # fieldbook repository you use.
          FIELDBOOK_GIT: ${{ vars.FIELDBOOK_GIT }}
        run: |
          if [ -z "$FIELDBOOK_GIT" ]; then
            echo "::error::set the repository variable FIELDBOOK_GIT to the git URL to install fieldbook from"
            exit 1
          fi
          cargo install --locked --git "$FIELDBOOK_GIT" fieldbook
"#;

/// The text of `.github/workflows/docs.yml` for a book in the folder `book` of its repository
/// (`.` for the top folder, `/`-separated), published from pushes to `branch`.
pub fn github_workflow(book: &str, branch: &str) -> String {
    format!(
        r#"# Built by `fieldbook workflow`. On a push to {branch}: builds the fieldbook book in `{book}` and
# publishes it to GitHub Pages (Settings > Pages > Source: GitHub Actions), with `site-url` set
# to the Pages URL. On a pull request: fails when the class and its docs disagree (a field added,
# removed or changed in the code but not in the content), not when translations are missing or
# stale.
name: docs

on:
  push:
    branches: [{branch}]
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: docs-${{{{ github.ref }}}}
  cancel-in-progress: true

env:
  BOOK: {book_yaml}

jobs:
  check:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
{INSTALL}      - name: The docs agree with the code
        run: fieldbook check "$BOOK" --deny drift

  build:
    if: github.event_name != 'pull_request'
    runs-on: ubuntu-latest
    steps:
{INSTALL}      - id: pages
        uses: actions/configure-pages@v5
      - name: Build the book
        run: fieldbook build "$BOOK" -d "$RUNNER_TEMP/site" --site-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: ${{{{ runner.temp }}}}/site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#,
        book_yaml = yaml_quoted(book),
    )
}

/// `text` as a YAML single-quoted scalar.
fn yaml_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// `fieldbook workflow`: writes [`github_workflow`] for the book at `root` into
/// `.github/workflows/docs.yml` of the git repository holding it (the nearest folder above
/// `root` with a `.git`; `root` itself when there is none), and returns the file written. An
/// existing workflow is left alone.
pub fn write_github_workflow(root: &Path, branch: &str) -> Result<PathBuf, Diagnostics> {
    if !root.join("book.toml").is_file() {
        return Err(Diagnostic::file(root.join("book.toml"), "no book here")
            .with_hint("run `fieldbook workflow` in a book's folder (the one with book.toml), or pass it: `fieldbook workflow docs`")
            .into());
    }
    if branch.is_empty()
        || !branch
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./".contains(c))
    {
        return Err(Diagnostic::file(
            root.join("book.toml"),
            format!("`{branch}` is not a branch name the workflow can hold"),
        )
        .with_hint(
            "give a branch name of letters, digits, `-`, `_`, `.` and `/`, e.g. `--branch main`",
        )
        .into());
    }
    let root = root
        .canonicalize()
        .map_err(|e| Diagnostic::file(root, format!("cannot read the folder: {e}")))?;
    let repo = root
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(&root);
    let relative = root.strip_prefix(repo).unwrap_or(Path::new(""));
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.iter().any(|p| {
        p.chars()
            .any(|c| c.is_control() || c == '"' || c == '\\' || c == '$')
    }) {
        return Err(Diagnostic::file(
            &root,
            "the book's folder name holds characters a workflow cannot quote safely",
        )
        .with_hint("rename the folder to letters, digits, `-`, `_` and `.`")
        .into());
    }
    let book = if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    };
    let target = repo.join(WORKFLOW_PATH);
    if target.exists() {
        return Err(Diagnostic::file(&target, "a workflow already exists here")
            .with_hint("move it away to write a new one, or edit it by hand")
            .into());
    }
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::file(parent, format!("cannot create the folder: {e}")))?;
    }
    fs::write(&target, github_workflow(&book, branch))
        .map_err(|e| Diagnostic::file(&target, format!("cannot write the file: {e}")))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::{github_workflow, yaml_quoted};

    #[test]
    fn the_workflow_names_the_book_and_the_branch() {
        let text = github_workflow("docs/book", "trunk");
        assert!(text.contains("    branches: [trunk]\n"));
        assert!(text.contains("  BOOK: 'docs/book'\n"));
        assert!(text.contains("fieldbook check \"$BOOK\" --deny drift"));
        assert!(text.contains("--site-url \"${{ steps.pages.outputs.base_url }}/\""));
        assert_eq!(text.matches("cargo install --locked --git").count(), 2);
    }

    #[test]
    fn yaml_quoting_doubles_single_quotes() {
        assert_eq!(yaml_quoted("it's"), "'it''s'");
    }
}
