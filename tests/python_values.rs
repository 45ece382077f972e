//! Python values as pages print them: defaults and examples are parsed once into typed values,
//! and the command line shows dicts and lists as the JSON `HfArgumentParser` reads.

use crate::common;

use common::*;

/// The `<dd><code>` text after "Command line" for `field` on a group page, entities decoded.
fn command_line(page: &str, field: &str) -> String {
    let section = &page[page
        .find(&format!("id=\"{field}\""))
        .unwrap_or_else(|| panic!("no section for {field}"))..];
    let code = &section[section.find("<dd><code>--").expect("a command line") + 10..];
    let code = &code[..code.find("</code>").unwrap()];
    code.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn lists_and_dicts_on_the_command_line_are_json() {
    let (_dir, root) = book_copy("minimal");
    edit(
        &root,
        "content/trainer/groups/02-schedule.toml",
        "default-factory = \"dict\"\n",
        "default-factory = \"dict\"\nexample = \"['a', {'b': None, 'c': (True, 5e-05)}]\"\n",
    );
    let out = fieldbook(&["build", "-q", "-d", "site"], &root);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = read(&root.join("site"), "en/trainer/schedule.html");
    assert_eq!(
        command_line(&page, "extra"),
        r#"--extra '["a", {"b": null, "c": [true, 5e-05]}]'"#
    );
}
