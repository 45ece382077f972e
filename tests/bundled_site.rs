//! The whole bundled TrainingArguments site, as a reader would check it: every field in both
//! languages, with its section, its rows in the defaults tables and its allowed values.

use crate::common;

use common::*;
use serde_json::Value;
use std::fs;

/// The HTML of the section with `id`, up to its end.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("\" id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = page[start..].find("</section>").unwrap();
    &page[start..start + end]
}

#[test]
fn every_field_is_documented_in_both_languages_with_section_rows_and_values() {
    let (_dir, dest) = build_bundled();
    let json: Value = serde_json::from_str(&read(&dest, "fields.json")).unwrap();
    let reference = &json["references"][0];
    assert_eq!(reference["class"], "TrainingArguments");
    assert_eq!(reference["version"], "4.40.2");
    let fields = reference["fields"].as_array().unwrap();
    assert_eq!(
        fields.len(),
        122,
        "every __init__ field of TrainingArguments 4.40.2"
    );
    let groups = reference["groups"].as_array().unwrap();
    assert!((9..=12).contains(&groups.len()), "{} groups", groups.len());
    let enums: Vec<&Value> = reference["enums"].as_array().unwrap().iter().collect();
    for lang in ["en", "zh"] {
        // Long names carry line-break opportunities (`<wbr>`) the reader does not see.
        let defaults =
            read(&dest, &format!("{lang}/training-args/defaults.html")).replace("<wbr>", "");
        for field in fields {
            let name = field["name"].as_str().unwrap();
            let group = field["group"].as_str().unwrap();
            let text = &field["text"][lang];
            for part in ["summary", "explanation"] {
                assert!(
                    text[part].as_str().is_some_and(|t| !t.trim().is_empty()),
                    "{name}: no {lang} {part}"
                );
            }
            let page =
                read(&dest, &format!("{lang}/training-args/{group}.html")).replace("<wbr>", "");
            let sec = section(&page, name);
            assert!(page.contains(&format!("<td><a href=\"../../{lang}/training-args/{group}.html#{name}\"><code>{name}</code></a>")), "{name}: no row in the {lang} group table");
            assert!(
                defaults.contains(&format!("{group}.html#{name}\"><code>{name}</code></a>")),
                "{name}: no row in the {lang} defaults page"
            );
            for e in field["enums"].as_array().unwrap() {
                let e = enums
                    .iter()
                    .find(|d| d["name"] == *e)
                    .unwrap_or_else(|| panic!("{name}: enum {e} undefined"));
                for member in e["members"].as_array().unwrap() {
                    let value = member["value"].as_str().unwrap();
                    assert!(
                        sec.contains(&format!("<code>&quot;{value}&quot;</code>")),
                        "{name} ({lang}): allowed value {value:?} missing from its note"
                    );
                }
            }
            if let Some(choices) = field["choices"].as_array() {
                for choice in choices {
                    assert!(
                        sec.contains(&format!(
                            "<code>&quot;{}&quot;</code>",
                            choice.as_str().unwrap()
                        )),
                        "{name}: choice {choice} missing"
                    );
                }
            }
        }
    }
}

#[test]
fn english_and_chinese_texts_differ_and_chinese_pages_read_chinese() {
    let (_dir, dest) = build_bundled();
    let json: Value = serde_json::from_str(&read(&dest, "fields.json")).unwrap();
    for field in json["references"][0]["fields"].as_array().unwrap() {
        let (en, zh) = (
            &field["text"]["en"]["summary"],
            &field["text"]["zh"]["summary"],
        );
        assert_ne!(en, zh, "{}: summary not translated", field["name"]);
        let zh = zh.as_str().unwrap();
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}: Chinese summary has no Chinese: {zh}",
            field["name"]
        );
    }
}

#[test]
fn deprecated_fields_link_their_replacement() {
    let (_dir, dest) = build_bundled();
    let page = read(&dest, "en/training-args/basics.html");
    let sec = section(&page, "per_gpu_train_batch_size");
    assert!(sec.contains("badge deprecated"));
    assert!(
        sec.contains("href=\"../../en/training-args/basics.html#per_device_train_batch_size\""),
        "{sec}"
    );
}

#[test]
fn the_union_vs_enum_concept_page_exists_in_both_languages_and_notes_link_it() {
    let (_dir, dest) = build_bundled();
    assert!(read(&dest, "en/guides/union-vs-enum.html").contains("<h1>Union vs Enum</h1>"));
    assert!(read(&dest, "zh/guides/union-vs-enum.html").contains("<h1>Union 与枚举</h1>"));
    let page = read(&dest, "zh/training-args/checkpoints.html");
    assert!(section(&page, "save_strategy").contains("href=\"../../zh/guides/union-vs-enum.html\""));
}

#[test]
fn the_site_root_sends_readers_to_a_language() {
    let (_dir, dest) = build_bundled();
    let root = read(&dest, "index.html");
    assert!(root.contains("<meta http-equiv=\"refresh\" content=\"0; url=en/index.html\">"));
    assert!(root.contains("href=\"zh/index.html\""));
}

/// The bundled reference reads its facts from the vendored transformers 4.40.2 source, and the
/// content agrees with it: no warning, every `__init__` field documented (`_n_gpu`, the one
/// `init=False` field, is not a constructor argument and is left out).
#[test]
fn the_bundled_reference_is_built_from_its_source_without_drift() {
    let reference =
        fs::read_to_string(repo().join("content/training-args/reference.toml")).unwrap();
    assert!(reference.contains("python = \"sources/transformers-4.40.2/training_args.py\""));
    let out = fieldbook(&["check", "--format", "json"], &repo());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["warnings"], serde_json::json!([]), "{report}");
    let (_dir, dest) = build_bundled();
    let fields: Value = serde_json::from_str(&read(&dest, "fields.json")).unwrap();
    let list = fields["references"][0]["fields"].as_array().unwrap();
    assert_eq!(list.len(), 122);
    assert!(list.iter().all(|f| f["group"] != "undocumented"));
    assert!(!list.iter().any(|f| f["name"] == "_n_gpu"));
}
