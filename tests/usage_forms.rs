//! Snippets that fit the class (`cli` and `forms` in `reference.toml`): the command-line row only
//! for classes parsed by `HfArgumentParser`, a constructor call named after the class otherwise,
//! YAML and TOML keys where the reference lists those forms, and factory defaults written as
//! values (`{}`), never as `'dict()'`.

use crate::common;

use common::*;

/// The text of `field`'s section on a group page, tags removed and entities decoded.
fn section_text(page: &str, field: &str) -> String {
    let start = page
        .find(&format!("<section class=\"field\" id=\"{field}\""))
        .unwrap_or_else(|| panic!("no section for {field}"));
    let html = &page[start..start + page[start..].find("</section>").unwrap()];
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Builds the minimal fixture with `reference.toml`'s `cli` line replaced by `usage` and returns
/// its `schedule` page in English.
fn schedule_page(usage: &str) -> String {
    let (_dir, root) = book_copy("minimal");
    edit(
        &root,
        "content/trainer/reference.toml",
        "cli = \"hf-argparser\"",
        usage,
    );
    let out = fieldbook(&["build", "-q", "-d", "site"], &root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    read(&root.join("site"), "en/trainer/schedule.html")
}

#[test]
fn a_class_parsed_by_hf_argparser_shows_flags_and_args() {
    let page = schedule_page("cli = \"hf-argparser\"");
    let extra = section_text(&page, "extra");
    // A factory default is a value on the command line, not the call `dict()`.
    assert!(extra.contains("Command line--extra '{}'"), "{extra}");
    assert!(!extra.contains("dict()'"), "{extra}");
    assert!(
        extra.contains("args = TrainerConfig(output_dir=\"out\", extra={})"),
        "{extra}"
    );
}

#[test]
fn other_classes_show_a_constructor_call_and_no_command_line() {
    let page = schedule_page("");
    assert!(!page.contains("Command line"), "a command-line row");
    assert!(!page.contains("<dd><code>--"), "a flag");
    let extra = section_text(&page, "extra");
    assert!(
        extra.contains("config = TrainerConfig(output_dir=\"out\", extra={})"),
        "{extra}"
    );
    assert!(!extra.contains("args ="), "{extra}");
    // The union note does not talk about a command line the class does not have.
    assert!(!extra.contains("On the command line"), "{extra}");
    // …and leaves no empty paragraph where that sentence was.
    assert!(!page.contains("<p></p>"), "an empty paragraph");
    // Only the Python form unless the reference asks for more.
    assert!(!page.contains("language-yaml") && !page.contains("language-toml"));
}

#[test]
fn yaml_and_toml_forms_set_the_same_keys() {
    let page = schedule_page("forms = [\"python\", \"yaml\", \"toml\"]");
    let extra = section_text(&page, "extra");
    let yaml = "Setting it in a YAML file\n    output_dir: \"out\"\nextra: {}";
    let toml = "Setting it in a TOML file\n    output_dir = \"out\"\nextra = {}";
    assert!(extra.contains(yaml), "{extra}");
    assert!(extra.contains(toml), "{extra}");
    assert!(page.contains("<code class=\"language-yaml\">"));
    // The Python form comes first, as `forms` lists it.
    assert!(extra.find("Setting it in code").unwrap() < extra.find(yaml).unwrap());
}

#[test]
fn forms_without_python_show_only_the_file_keys() {
    let page = schedule_page("forms = [\"toml\"]");
    let extra = section_text(&page, "extra");
    assert!(!extra.contains("Setting it in code"), "{extra}");
    assert!(extra.contains("extra = {}"), "{extra}");
}

#[test]
fn import_into_sets_cli_when_the_source_uses_hf_argparser() {
    let (_dir, root) = book_copy("from-source");
    let reference = root.join("content/trainer/reference.toml");
    let before = std::fs::read_to_string(&reference).unwrap();
    let args = [
        "import",
        "src/trainer.py",
        "--class",
        "TrainerConfig",
        "--into",
        "content/trainer",
    ];
    // A module that does not use HfArgumentParser: no command line.
    assert!(fieldbook(&args, &root).status.success());
    assert_eq!(std::fs::read_to_string(&reference).unwrap(), before);

    let source = root.join("src/trainer.py");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(
        &source,
        format!("{text}\n# parser = HfArgumentParser(TrainerConfig)\n"),
    )
    .unwrap();
    let out = fieldbook(&args, &root);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("note: set `cli = \"hf-argparser\"`"));
    let after = std::fs::read_to_string(&reference).unwrap();
    // The key joins the top-level keys, before the `[[versions]]` tables; the rest is kept.
    assert_eq!(
        after,
        before.replacen(
            "\n\n[[versions]]",
            "\ncli = \"hf-argparser\"\n\n[[versions]]",
            1
        )
    );
    // A second run changes nothing, and the pages show the flags.
    assert!(fieldbook(&args, &root).status.success());
    assert_eq!(std::fs::read_to_string(&reference).unwrap(), after);
    assert!(fieldbook(&["build", "-q", "-d", "site"], &root)
        .status
        .success());
    assert!(read(&root.join("site"), "en/trainer/schedule.html").contains("<dd><code>--"));
}
