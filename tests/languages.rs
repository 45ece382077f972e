//! Any number of languages: a third language (Japanese) whose interface strings come from the
//! book's `[ui.ja]`, built end to end with a few texts translated and the rest missing (shown
//! in English, marked, counted per language);
//! tags such as `zh-Hant` and `pt-BR`; the errors for a malformed tag and an incomplete table.

use crate::common;
use std::fs;
use std::path::{Path, PathBuf};

/// The `[ui.ja]` table of the fixture, as the book writes it.
fn ui_ja() -> String {
    fs::read_to_string(common::fixture("third-language/ui-ja.toml")).unwrap()
}

/// The minimal fixture with `languages` replaced by `languages` and `ui` appended to book.toml
/// (without its Chinese guide when Chinese is not one of them).
fn book_with(languages: &str, ui: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = common::book_copy("minimal");
    if !languages.contains("\"zh\"") {
        fs::remove_file(root.join("content/guides/types.zh.md")).unwrap();
    }
    common::edit(
        &root,
        "book.toml",
        r#"languages = ["en", "zh"]"#,
        &format!("languages = {languages}"),
    );
    let mut book = fs::read_to_string(root.join("book.toml")).unwrap();
    book.push('\n');
    book.push_str(ui);
    fs::write(root.join("book.toml"), book).unwrap();
    (dir, root)
}

/// The minimal book in en, ja and zh, with `output_dir` translated into Japanese.
fn japanese_book() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = book_with(r#"["en", "ja", "zh"]"#, &ui_ja());
    common::edit(
        &root,
        "content/trainer/groups/01-basics.toml",
        r#"summary.zh = "检查点目录。""#,
        "summary.zh = \"检查点目录。\"\nsummary.ja = \"チェックポイントの保存先フォルダ。\"\n\
         explanation.ja = \"実行中に書き出されるものはすべてここに置かれます。`epochs` も参照。\"",
    );
    (dir, root)
}

fn build(root: &Path) -> PathBuf {
    let dest = root.join("out");
    let out = common::fieldbook(&["build", "-q", "."], root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dest
}

fn check_errors(root: &Path) -> String {
    let out = common::fieldbook(&["check", "."], root);
    assert_eq!(out.status.code(), Some(1), "check passed");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_third_language_builds_with_its_own_pages_switch_and_search() {
    let (_dir, root) = japanese_book();
    let dest = build(&root);
    for page in [
        "ja/index.html",
        "ja/trainer/index.html",
        "ja/trainer/basics.html",
        "ja/trainer/enums.html",
        "ja/guides/types.html",
        "ja/404.html",
        "ja/p/epochs.html",
    ] {
        assert!(dest.join(page).is_file(), "no {page}");
    }
    let page = common::read(&dest, "ja/trainer/basics.html");
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"),
        "{page:.80}"
    );
    // Interface strings from [ui.ja]; the type read with its type-… patterns.
    assert!(page.contains("本文へ移動"), "skip link");
    assert!(page.contains(">既定値<"), "defaults column");
    assert!(page.contains("整数または None"), "reading of Optional[int]");
    // The language switch lists all three by their own names, each a hreflang alternate.
    let switch = page.split("class=\"lang-switch\"").nth(1).unwrap();
    let switch = &switch[..switch.find("</nav>").unwrap()];
    let names: Vec<&str> = switch
        .split("</a>")
        .filter_map(|a| a.rsplit('>').next())
        .filter(|n| !n.trim().is_empty())
        .collect();
    assert_eq!(
        names,
        ["English", "日本語", "中文"],
        "in the order of `languages`"
    );
    for (tag, url) in [
        ("en", "https://example.org/docs/en/trainer/basics.html"),
        ("zh-CN", "https://example.org/docs/zh/trainer/basics.html"),
        ("ja", "https://example.org/docs/ja/trainer/basics.html"),
    ] {
        let link = format!("<link rel=\"alternate\" hreflang=\"{tag}\" href=\"{url}\">");
        assert!(page.contains(&link), "no {link}");
        assert!(
            common::read(&dest, "en/trainer/basics.html").contains(&link),
            "English page lacks {link}"
        );
    }
    // The translated field reads in Japanese; an untranslated one falls back to English.
    assert!(page.contains("チェックポイントの保存先フォルダ。"));
    assert!(page.contains("実行中に書き出されるものはすべてここに置かれます。"));
    assert!(
        page.contains("<td><span lang=\"en\">How many passes over the data.</span> <span class=\"badge untranslated\">未翻訳</span></td>"),
        "epochs falls back to English, marked in Japanese"
    );
    assert!(page.contains("まだ翻訳されていません。原文のまま表示しています。"));
    // Coverage per language on the reference index, in check's JSON and in fields.json.
    let index = common::read(&dest, "ja/trainer/index.html");
    assert!(
        index.contains("1 未確認 · 6 未翻訳"),
        "ja coverage on the index"
    );
    let out = common::fieldbook(&["check", "--format", "json", "."], &root);
    let check: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(check["coverage"]["trainer"]["basics"]["ja"]["missing"], 2);
    assert_eq!(check["coverage"]["trainer"]["basics"]["zh"]["missing"], 0);
    // The type note of an enum field, from the book's Japanese patterns.
    let schedule = common::read(&dest, "ja/trainer/schedule.html");
    assert!(schedule.contains("<code>Strategy</code></a> のメンバーか、その文字列の値を渡します"));
    // Outputs that enumerate languages list ja.
    let fields: serde_json::Value =
        serde_json::from_str(&common::read(&dest, "fields.json")).unwrap();
    assert_eq!(fields["languages"], serde_json::json!(["en", "ja", "zh"]));
    let output_dir = &fields["references"][0]["fields"][0];
    assert_eq!(output_dir["name"], "output_dir");
    assert_eq!(
        output_dir["text"]["ja"]["summary"],
        "チェックポイントの保存先フォルダ。"
    );
    assert_eq!(
        output_dir["url"]["ja"],
        "https://example.org/docs/ja/trainer/basics.html#output_dir"
    );
    assert_eq!(output_dir["reading"]["ja"], "文字列");
    assert_eq!(output_dir["translation"]["ja"], "unstamped");
    let epochs = &fields["references"][0]["fields"][1];
    assert_eq!(epochs["translation"]["ja"], "missing");
    assert_eq!(epochs["text"]["ja"]["summary"], serde_json::Value::Null);
    let sitemap = common::read(&dest, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/docs/ja/trainer/basics.html</loc>"));
    assert!(sitemap.contains("hreflang=\"ja\""));
    assert!(dest.join("ja/objects.inv").is_file());
    let xref: serde_json::Value = serde_json::from_str(&common::read(&dest, "xref.json")).unwrap();
    assert_eq!(
        xref["trainer.TrainerConfig.epochs"]["ja"],
        "https://example.org/docs/ja/trainer/basics.html#epochs"
    );
    let manifest = common::read(&dest, "assets/search/manifest.js");
    assert!(
        manifest.contains(r#""langs":["en","ja","zh"]"#),
        "{manifest}"
    );
    let root_page = common::read(&dest, "index.html");
    assert!(
        root_page.contains(">日本語</a>"),
        "root page lists Japanese"
    );
    // Search: the Japanese summary is indexed in character pairs, and the Japanese display
    // rows show the Japanese summary.
    let postings = common::search_postings(&dest, "保存");
    assert!(!postings.is_empty(), "保存 not indexed");
    // Katakana too: チェックポイント gives ポイ, イン, ント, so ポイント finds it.
    let docs = |p: Vec<(u64, u64)>| p.into_iter().map(|(doc, _)| doc).collect::<Vec<_>>();
    assert_eq!(docs(common::search_postings(&dest, "ポイ")), [0]);
    let rows = fs::read_to_string(dest.join("assets/search/d-ja-0.js")).unwrap();
    assert!(
        rows.contains("チェックポイントの保存先フォルダ。"),
        "{rows:.300}"
    );
    assert!(postings.iter().any(|&(doc, _)| doc == 0), "{postings:?}");
}

#[test]
fn tags_are_paths_in_lowercase_and_html_lang_as_written() {
    let ui = ui_ja().replace("[ui.ja]", "[ui.zh-Hant]");
    let (_dir, root) = book_with(r#"["en", "zh-Hant"]"#, &ui);
    let dest = build(&root);
    let page = common::read(&dest, "zh-hant/trainer/basics.html");
    assert!(page.contains("<html lang=\"zh-Hant\">"), "{page:.80}");
    assert!(page.contains(
        "<link rel=\"alternate\" hreflang=\"zh-Hant\" href=\"https://example.org/docs/zh-hant/trainer/basics.html\">"
    ));
    assert!(
        !dest.join("zh").exists(),
        "zh is not a language of this book"
    );
    // Search loads the display rows of the page's language folder.
    assert!(page.contains("data-lang=\"zh-hant\""));
    assert!(dest.join("assets/search/d-zh-hant-0.js").is_file());
}

#[test]
fn the_table_fieldbook_ui_prints_makes_a_language_build() {
    let out = common::fieldbook(&["ui", "pt-BR"], &common::repo());
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("[ui.pt-BR]\nlanguage-name = \"English\"\n"),
        "{table:.200}"
    );
    let (_dir, root) = book_with(r#"["en", "pt-BR"]"#, &table);
    let dest = build(&root);
    assert!(common::read(&dest, "pt-br/index.html").contains("<html lang=\"pt-BR\">"));
}

#[test]
fn a_malformed_tag_is_an_error_with_the_fix() {
    let (_dir, root) = book_with(r#"["en", "pt_BR"]"#, "");
    let stderr = check_errors(&root);
    assert!(
        stderr.starts_with("book.toml:6:20: error: `pt_BR` is not a BCP 47 language tag"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: did you mean `pt-BR`?"), "{stderr}");
}

#[test]
fn missing_and_unknown_interface_strings_are_listed_at_the_table() {
    let ui = ui_ja()
        .replace("menu = \"メニュー\"\n", "")
        .replace("type-or-none = \"{type}または None\"\n", "")
        .replace("search-label =", "serach-label =")
        .replace("home = \"ホーム\"", "home = \"\"")
        .replace("type-or = \"{a}または{b}\"", "type-or = \"{a}または{c}\"");
    let (_dir, root) = book_with(r#"["en", "zh", "ja"]"#, &ui);
    let stderr = check_errors(&root);
    let table_line = fs::read_to_string(root.join("book.toml"))
        .unwrap()
        .lines()
        .position(|l| l == "[ui.ja]")
        .unwrap()
        + 1;
    let expected = format!(
        "book.toml:{table_line}:1: error: `[ui.ja]` lacks 3 of fieldbook's interface strings: \
         menu, search-label, type-or-none\n  \
         hint: add, translated: menu = \"Menu\"; search-label = \"Search parameters\"; \
         type-or-none = \"{{type}} or None\"\n"
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(
        stderr.contains(&format!("book.toml:{}:1: error: `serach-label` is not an interface string of fieldbook\n  hint: did you mean `search-label`?", table_line + 24)),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: `type-or` uses the placeholder `{c}`, which fieldbook does not fill in\n  hint: this text can use `{a}`, `{b}`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: `home` is empty\n  hint: write the text of `home`; in English it reads \"Home\""),
        "{stderr}"
    );
    assert!(stderr.ends_with("4 problems found\n"), "{stderr}");
}

#[test]
fn a_books_interface_strings_are_text_never_markup() {
    let payload = "</script><img src=x onerror=alert(1)>";
    let ui = ui_ja()
        .replace(
            "language-name = \"日本語\"",
            &format!("language-name = \"{payload}\""),
        )
        .replace("menu = \"メニュー\"", &format!("menu = \"{payload}\""))
        .replace(
            "form-dict = \"Python の辞書、そのまま使われる\"",
            &format!("form-dict = \"{payload}\""),
        )
        .replace("union-outro = \"", &format!("union-outro = \"{payload}"));
    let (_dir, root) = book_with(r#"["en", "zh", "ja"]"#, &ui);
    let dest = build(&root);
    let mut seen = 0;
    for (path, bytes) in common::read_tree(&dest) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("<img"),
            "{path} carries the payload as markup"
        );
        seen += text.matches("&lt;&#x2F;script&gt;&lt;img").count()
            + text.matches("&lt;/script&gt;&lt;img").count();
    }
    assert!(seen > 0, "the payload is shown escaped somewhere");
}

#[test]
fn a_reference_may_not_take_the_name_of_a_language_folder() {
    let (_dir, root) = japanese_book();
    fs::rename(root.join("content/trainer"), root.join("content/ja")).unwrap();
    let stderr = check_errors(&root);
    assert!(
        stderr.starts_with("content/ja: error: the folder name `ja` cannot be a reference id"),
        "{stderr}"
    );
}

#[test]
fn the_glossary_checks_a_third_languages_translations() {
    let (_dir, root) = japanese_book();
    fs::write(
        root.join("glossary.toml"),
        "[[term]]\nterm = \"folder\"\nuse.ja = [\"ディレクトリ\"]\navoid.ja = [\"フォルダ\"]\n",
    )
    .unwrap();
    let out = common::fieldbook(&["check", "."], &root);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("warning: the `ja` summary of `output_dir` writes `フォルダ` for “folder”, which the glossary rules out"),
        "{stderr}"
    );
}

#[test]
fn fieldbook_ui_refuses_a_shipped_language_and_a_malformed_tag() {
    for (tag, message) in [
        (
            "zh",
            "book.toml: error: fieldbook ships the interface strings of `zh`",
        ),
        (
            "pt_BR",
            "book.toml: error: `pt_BR` is not a BCP 47 language tag",
        ),
    ] {
        let out = common::fieldbook(&["ui", tag], &common::repo());
        assert_eq!(out.status.code(), Some(1), "{tag}");
        assert!(out.stdout.is_empty(), "{tag}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with(message), "{stderr}");
    }
}
