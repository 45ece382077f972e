//! `fieldbook new DIR --from FILE.py --class NAME`: a book for one class that builds with no
//! edit, from a small package written by each test (a dataclass over a base in a sibling
//! package, a pydantic model, an attrs class).

use crate::common;
use std::fs;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A site-packages folder: `mylib` (the class, an enum, a nested config) beside `baselib`
/// (its base class) and `mylib-1.2.3.dist-info`.
fn site(dir: &Path) {
    write(dir, "mylib-1.2.3.dist-info/METADATA", "Name: mylib\n");
    write(
        dir,
        "baselib/__init__.py",
        "from .common import CommonArgs\n",
    );
    write(
        dir,
        "baselib/common.py",
        r#"from dataclasses import dataclass, field

@dataclass
class CommonArgs:
    """Arguments every tool of the suite shares."""

    seed: int = field(default=42, metadata={"help": "Random seed. Set it for reproducible runs."})
"#,
    );
    write(
        dir,
        "mylib/__init__.py",
        "from .config import TrainConfig\n__version__ = \"9.9\"\n",
    );
    write(
        dir,
        "mylib/kinds.py",
        r#"from enum import Enum

class Schedule(str, Enum):
    """How the learning rate changes."""

    LINEAR = "linear"  # falls in a straight line
    COSINE = "cosine"
    """Half a cosine wave."""
"#,
    );
    write(
        dir,
        "mylib/config.py",
        r#"from dataclasses import dataclass, field
from typing import Literal, Optional
from baselib import CommonArgs
from missinglib import Mixin
from .kinds import Schedule


@dataclass
class Inner:
    """Settings of the inner loop."""

    steps: int = 3


@dataclass
class TrainConfig(CommonArgs, Mixin):
    """
    Configuration of one training run.

    Args:
        lr (`float`, *optional*, defaults to 1e-3):
            The learning rate. Lower it when the loss jumps.
        mode:
            Which mode to run in.
    """

    lr: float = field(default=1e-3, metadata={"help": "Step size. See <a href=\"https://x.org/lr\">the guide</a>."})
    schedule: Schedule = Schedule.LINEAR
    mode: Literal["fast", "slow"] = "fast"
    inner: Optional[Inner] = None
    quiet: bool = False
"#,
    );
}

/// `fieldbook new BOOK --from FROM --class TrainConfig --lang en`.
fn new_train_config(book: &Path, from: &Path, cwd: &Path) -> std::process::Output {
    new_train_config_with(book, from, cwd, &["--lang", "en"])
}

/// `fieldbook new BOOK --from FROM --class TrainConfig` and `extra`.
fn new_train_config_with(
    book: &Path,
    from: &Path,
    cwd: &Path,
    extra: &[&str],
) -> std::process::Output {
    let mut args = vec![
        "new",
        book.to_str().unwrap(),
        "--from",
        from.to_str().unwrap(),
        "--class",
        "TrainConfig",
    ];
    args.extend_from_slice(extra);
    common::fieldbook(&args, cwd)
}

#[test]
fn new_writes_a_book_that_builds_with_no_edit() {
    let tmp = tempfile::tempdir().unwrap();
    let site_dir = tmp.path().join("site");
    site(&site_dir);
    let book = tmp.path().join("book");
    let from = site_dir.join("mylib/config.py");
    let out = new_train_config(&book, &from, tmp.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    // The base from a package that is not there is a warning, never silent.
    assert!(
        said.contains("warning: base class `Mixin` (imported from `missinglib`) of `TrainConfig` was not found; its fields are missing"),
        "{said}"
    );

    let reference = fs::read_to_string(book.join("content/train-config/reference.toml")).unwrap();
    assert!(
        reference.contains("import-path = \"mylib.TrainConfig\""),
        "{reference}"
    );
    assert!(
        reference.contains("library = \"mylib\"\nversion = \"1.2.3\""),
        "{reference}"
    );
    assert!(reference.contains("intro.en = \"Configuration of one training run.\""));
    // Groups by declaring class: the base from the sibling package first.
    let groups = book.join("content/train-config/groups");
    let base = fs::read_to_string(groups.join("01-common-args.toml")).unwrap();
    assert!(base.contains("title.en = \"CommonArgs\""), "{base}");
    assert!(base.contains("intro.en = \"Arguments every tool of the suite shares.\""));
    assert!(
        base.contains(
            "summary.en = \"Random seed.\"\nexplanation.en = \"Set it for reproducible runs.\""
        ),
        "{base}"
    );
    let own = fs::read_to_string(groups.join("02-train-config.toml")).unwrap();
    // Own help first (HTML as Markdown), the docstring entry extending it.
    assert!(own.contains("summary.en = \"Step size.\""), "{own}");
    assert!(
        own.contains("explanation.en = \"\"\"\nSee [the guide](https://x.org/lr).\n\nThe learning rate. Lower it when the loss jumps.\"\"\""),
        "{own}"
    );
    assert!(
        own.contains("summary.en = \"Which mode to run in.\""),
        "{own}"
    );
    assert!(
        own.contains("summary.en = \"Not described in the source.\""),
        "{own}"
    );
    assert!(!own.contains(".zh"), "no text in other languages: {own}");
    let enums = fs::read_to_string(book.join("content/train-config/enums.toml")).unwrap();
    assert!(
        enums.contains("name = \"Schedule\"\nimport-path = \"mylib.kinds.Schedule\""),
        "{enums}"
    );
    assert!(
        enums.contains("value = \"linear\"\ntext.en = \"falls in a straight line\""),
        "{enums}"
    );
    assert!(
        enums.contains("text.en = \"Half a cosine wave.\""),
        "{enums}"
    );
    // The nested config gets a reference of its own.
    let inner = fs::read_to_string(book.join("content/train-config-inner/reference.toml")).unwrap();
    assert!(inner.contains("class = \"Inner\""), "{inner}");

    let out = common::fieldbook(&["build", book.to_str().unwrap()], tmp.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("base class `Mixin`"),
        "build warns too: {said}"
    );
    // The nested config class is documented, not an unknown type.
    assert!(!said.contains("neither a built-in type"), "{said}");
    let page = common::read(&book.join("book"), "en/train-config/train-config.html");
    assert!(
        page.contains("<a href=\"https://x.org/lr\">the guide</a>"),
        "{page}"
    );
    assert!(page.contains("Which mode to run in."));
    assert!(
        page.contains(
            "<a class=\"class-link\" href=\"../../en/train-config-inner/index.html\"><code>Inner</code></a>"
        ),
        "the field typed `Optional[Inner]` links to Inner's reference"
    );
    let guide = common::read(&book.join("book"), "en/guides/getting-started.html");
    assert!(guide.contains("from mylib import TrainConfig") || guide.contains("TrainConfig"));

    // A second `new` into the same folder is refused and changes nothing.
    let before = common::read_tree(&book);
    let again = new_train_config(&book, &from, tmp.path());
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("a book already exists here"));
    assert_eq!(before, common::read_tree(&book));
}

#[test]
fn python_path_finds_a_base_in_another_folder_and_is_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "elsewhere/missinglib/__init__.py",
        "from dataclasses import dataclass\n@dataclass\nclass Mixin:\n    verbose: bool = False\n",
    );
    site(&tmp.path().join("site"));
    let book = tmp.path().join("book");
    let out = common::fieldbook(
        &[
            "new",
            "book",
            "--from",
            "site/mylib/config.py",
            "--class",
            "TrainConfig",
            "--python-path",
            "elsewhere",
            "--lang",
            "en",
        ],
        tmp.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("was not found"), "{}", stderr(&out));
    let reference = fs::read_to_string(book.join("content/train-config/reference.toml")).unwrap();
    assert!(reference.contains("python-path = [\""), "{reference}");
    // `dataclasses` order: the last base's fields first.
    let mixin = fs::read_to_string(book.join("content/train-config/groups/01-mixin.toml")).unwrap();
    assert!(mixin.contains("name = \"verbose\""), "{mixin}");
    let out = common::fieldbook(&["build", "book"], tmp.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("was not found"), "{}", stderr(&out));

    // `import --into` on the new book adds no facts to the fields `new` wrote without them.
    let before = common::read_tree(&book.join("content"));
    let out = common::fieldbook(
        &[
            "import",
            "site/mylib/config.py",
            "--class",
            "TrainConfig",
            "--into",
            "book/content/train-config",
        ],
        tmp.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("updated the facts of 0 fields, added 0 new fields"));
    assert_eq!(before, common::read_tree(&book.join("content")));
}

#[test]
fn a_pydantic_model_shows_its_alias_and_constraints() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "app/settings.py",
        r#"from typing import Annotated
from pydantic import Field
from pydantic_settings import BaseSettings

class Settings(BaseSettings):
    """Settings of the app."""

    model_config = {"env_prefix": "APP_"}
    port: Annotated[int, Field(ge=1, le=65535, description="Port to listen on. Below 1024 needs root.")] = 8000
    name: str = Field("app", alias="appName", min_length=1)
    """The app's name."""
"#,
    );
    let out = common::fieldbook(
        &[
            "new",
            "book",
            "--from",
            "app/settings.py",
            "--class",
            "Settings",
            "--lang",
            "en",
        ],
        tmp.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let group = fs::read_to_string(
        tmp.path()
            .join("book/content/settings/groups/01-settings.toml"),
    )
    .unwrap();
    assert!(
        group.contains(
            "summary.en = \"Port to listen on.\"\nexplanation.en = \"Below 1024 needs root.\""
        ),
        "{group}"
    );
    assert!(
        group.contains("summary.en = \"The app's name.\""),
        "{group}"
    );
    let out = common::fieldbook(&["build", "book"], tmp.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let page = common::read(&tmp.path().join("book/book"), "en/settings/settings.html");
    assert!(
        page.contains("<dt>Constraints</dt><dd><code>≥ 1</code>, <code>≤ 65535</code></dd>"),
        "{page}"
    );
    assert!(page.contains("<dt>Name in config files</dt><dd><code>appName</code></dd>"));
    assert!(page.contains("<dt>Constraints</dt><dd><code>length ≥ 1</code></dd>"));
    let guide = common::read(
        &tmp.path().join("book/book"),
        "en/guides/getting-started.html",
    );
    assert!(
        guide.contains("appName"),
        "the guide uses the name users type: {guide}"
    );
}

#[test]
fn content_constraints_are_checked() {
    let (_tmp, root) = common::book_copy("minimal");
    let groups = root.join("content");
    let file = fs::read_dir(&groups)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("groups"))
        .find(|p| p.is_dir())
        .and_then(|g| {
            fs::read_dir(g)
                .unwrap()
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .next()
        })
        .unwrap();
    let text = fs::read_to_string(&file).unwrap();
    let at = text.find("[[field]]\nname = ").unwrap();
    let end = text[at + 10..].find('\n').unwrap() + at + 10;
    let with = format!(
        "{}\nalias = \"lr\"\nconstraints = {{ ge = 0, between = 3 }}{}",
        &text[..end],
        &text[end..]
    );
    fs::write(&file, &with).unwrap();
    let out = common::fieldbook(&["check", "."], &root);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("has `between = 3`, which is not a constraint fieldbook knows"),
        "{}",
        stderr(&out)
    );
    fs::write(&file, with.replace(", between = 3", "")).unwrap();
    let out = common::fieldbook(&["build", ".", "-d", "site"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
    let pages: Vec<String> = common::read_tree(&root.join("site"))
        .into_iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .collect();
    assert!(pages
        .iter()
        .any(|p| p.contains("<dt>Constraints</dt><dd><code>≥ 0</code></dd>")));
    assert!(pages
        .iter()
        .any(|p| p.contains("<dt>Name in config files</dt><dd><code>lr</code></dd>")));
}

#[test]
fn new_writes_the_publish_workflow_and_the_ui_table_of_a_third_language() {
    let tmp = tempfile::tempdir().unwrap();
    let site_dir = tmp.path().join("site");
    site(&site_dir);
    let book = tmp.path().join("book");
    let from = site_dir.join("mylib/config.py");
    let out = new_train_config_with(&book, &from, tmp.path(), &["--lang", "en,zh,ja"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // No git repository above the book: the workflow goes into the book's own folder.
    let workflow = book.join(".github/workflows/docs.yml");
    let text = fs::read_to_string(&workflow).unwrap();
    assert!(text.contains("  BOOK: '.'\n"), "{text}");
    assert!(
        text.contains("fieldbook check \"$BOOK\" --deny drift"),
        "{text}"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(".github/workflows/docs.yml"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    if let Some(check) = crate::publish::schema_check(&workflow) {
        assert!(check.status.success(), "{}", stderr(&check));
    }
    // Japanese gets its interface-string table (in English, to translate), so the book builds.
    let book_toml = fs::read_to_string(book.join("book.toml")).unwrap();
    assert!(book_toml.contains("\n[ui.ja]\n"), "{book_toml}");
    let out = common::fieldbook(&["build", book.to_str().unwrap()], tmp.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let page = common::read(&book.join("book"), "ja/train-config/train-config.html");
    assert!(page.contains("<html lang=\"ja\">"));
    assert!(
        page.contains("class=\"summary\" lang=\"en\""),
        "missing texts are marked"
    );
}

#[test]
fn new_leaves_an_existing_workflow_alone_and_can_write_none() {
    let tmp = tempfile::tempdir().unwrap();
    let site_dir = tmp.path().join("site");
    site(&site_dir);
    // The book inside a git repository that already publishes something.
    let repo = tmp.path().join("repo");
    fs::create_dir_all(repo.join(".git")).unwrap();
    write(&repo, ".github/workflows/docs.yml", "name: ours\n");
    let from = site_dir.join("mylib/config.py");
    let out = new_train_config(&repo.join("docs"), &from, tmp.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("docs.yml: warning: a workflow already exists here"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_to_string(repo.join(".github/workflows/docs.yml")).unwrap(),
        "name: ours\n"
    );
    assert!(!repo.join("docs/.github").exists());

    let book = tmp.path().join("plain");
    let out = new_train_config_with(&book, &from, tmp.path(), &["--lang", "en", "--no-workflow"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!book.join(".github").exists());
}

#[test]
fn a_type_the_book_cannot_document_is_a_warning_not_drift() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "pkg/conf.py",
        r#"from dataclasses import dataclass
from pathlib import Path
from elsewhere import Frobnicator


@dataclass
class Conf:
    """Settings."""

    home: Path = Path(".")
    """Where files go."""
    frob: Frobnicator = None
    """The frobnicator."""
"#,
    );
    let book = tmp.path().join("book");
    let from = tmp.path().join("pkg/conf.py");
    let out = common::fieldbook(
        &[
            "new",
            book.to_str().unwrap(),
            "--from",
            from.to_str().unwrap(),
            "--class",
            "Conf",
            "--lang",
            "en",
            "--no-workflow",
        ],
        tmp.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let check = common::fieldbook(&["check", "--deny", "drift"], &book);
    let said = stderr(&check);
    assert!(check.status.success(), "{said}");
    assert!(
        said.contains(":12:5: warning: the type of `frob` uses `Frobnicator`, which is neither a built-in type nor an enum or class this book documents"),
        "{said}"
    );
    // `Path` is a value type of the standard library: nothing to document.
    assert!(!said.contains("`Path`"), "{said}");
}
