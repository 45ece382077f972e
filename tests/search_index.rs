//! The search index as written into a built site: every field findable in both languages, files
//! of bounded size, and a manifest that lists exactly the shard files present.

use crate::common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// The largest search file allowed: a shard is split above 24 KB; display chunks hold 16 rows.
const MAX_FILE_BYTES: u64 = 32 * 1024;

fn read(site: &Path, name: &str) -> [Value; 3] {
    search_script(&fs::read_to_string(site.join("assets/search").join(name)).unwrap())
}

/// Document ids and display rows (name, URL, group, summary) of one language.
fn rows(site: &Path, lang: &str) -> Vec<Value> {
    let [_, _, manifest] = read(site, "manifest.js");
    let chunk = manifest["chunk"].as_u64().unwrap() as usize;
    let docs = manifest["docs"].as_u64().unwrap() as usize;
    let mut rows = Vec::new();
    for n in 0..docs.div_ceil(chunk) {
        let [kind, index, data] = read(site, &format!("d-{lang}-{n}.js"));
        assert_eq!(
            (kind.as_str(), index.as_u64()),
            (Some(&*format!("d-{lang}")), Some(n as u64))
        );
        rows.extend(data.as_array().unwrap().iter().cloned());
    }
    assert_eq!(rows.len(), docs);
    rows
}

fn doc_of(rows: &[Value], name: &str) -> u64 {
    rows.iter().position(|r| r[0] == name).unwrap() as u64
}

#[test]
fn search_index_holds_every_field_in_both_languages() {
    let (_dir, root) = book_copy("minimal");
    assert!(fieldbook(&["build", "-q"], &root).status.success());
    let site = root.join("out");
    let en = rows(&site, "en");
    let zh = rows(&site, "zh");
    assert_eq!(en.len(), 7);
    let save = doc_of(&en, "save_strategy");
    assert_eq!(en[save as usize][1], "trainer/schedule.html#save_strategy");
    assert_eq!(zh[save as usize][3], "何时保存。");
    let docs = |term: &str| -> Vec<u64> {
        search_postings(&site, term)
            .into_iter()
            .map(|(d, _)| d)
            .collect()
    };
    assert!(docs("save_strategy").contains(&save), "the whole name");
    assert!(docs("strategy").contains(&save), "a part of the name");
    assert!(docs("epoch").contains(&save), "enum values are searchable");
    assert!(
        docs("old_epochs").contains(&doc_of(&en, "epochs")),
        "a deprecated field's name finds its replacement"
    );
    assert!(docs("保存").contains(&save), "Chinese character pairs");
    assert!(docs("no_such_term").is_empty());
    for page in ["out/en/index.html", "out/zh/trainer/basics.html"] {
        let html = fs::read_to_string(root.join(page)).unwrap();
        assert!(
            html.contains("<input type=\"search\""),
            "{page} has a search box"
        );
        assert!(html.contains("role=\"listbox\""));
    }
}

#[test]
fn bundled_search_files_are_bounded_and_the_manifest_lists_exactly_the_shards() {
    let (_dir, site) = build_bundled();
    assert!(!site.join("assets/search-index.js").exists());
    assert!(!site.join("assets/minisearch.js").exists());
    let mut shards = BTreeSet::new();
    let mut chunks = BTreeSet::new();
    for entry in fs::read_dir(site.join("assets/search")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        let size = entry.metadata().unwrap().len();
        assert!(size <= MAX_FILE_BYTES, "{name} is {size} bytes");
        let [kind, index, _] = read(&site, &name);
        let expected = match kind.as_str().unwrap() {
            "m" => "manifest.js".to_string(),
            "t" => {
                shards.insert(index.as_u64().unwrap());
                format!("t{index}.js")
            }
            d => {
                chunks.insert(name.clone());
                format!("{d}-{index}.js")
            }
        };
        assert_eq!(name, expected, "a file names what it holds");
    }
    let [_, _, manifest] = read(&site, "manifest.js");
    let keys = manifest["keys"].as_array().unwrap();
    assert_eq!(
        shards,
        (0..keys.len() as u64).collect(),
        "one shard per key"
    );
    assert_eq!(manifest["docs"], 122);
    assert_eq!(manifest["langs"], serde_json::json!(["en", "zh"]));
    assert_eq!(chunks.len(), 2 * 122usize.div_ceil(16));
    // Every term of every shard is found again by the longest-prefix rule.
    for i in 0..keys.len() {
        let [_, _, shard] = read(&site, &format!("t{i}.js"));
        for (term, postings) in shard["terms"].as_object().unwrap() {
            let found = search_postings(&site, term);
            assert_eq!(
                found.len() * 2,
                postings.as_array().unwrap().len(),
                "{term}"
            );
            assert!(found.iter().all(|&(_, score)| score >= 1));
        }
    }
    let en = rows(&site, "en");
    let best = |term: &str| {
        let postings = search_postings(&site, term);
        postings.iter().max_by_key(|p| p.1).map(|p| p.0)
    };
    let lr = doc_of(&en, "learning_rate");
    assert_eq!(
        best("learning_rate"),
        Some(lr),
        "the field's own name scores highest"
    );
    assert!(search_postings(&site, "学习").iter().any(|&(d, _)| d == lr));
}
