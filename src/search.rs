//! The search index, built at build time and written in pieces that the search box loads as it
//! needs them (scripts, not JSON, so that they also load from `file://`):
//!
//! * `assets/search/manifest.js`: the first term of every shard (the terms, sorted, are cut
//!   into runs of about [`SHARD_BYTES`]), the number of documents, the display chunk size and
//!   the languages;
//! * `assets/search/t<i>.js`: shard `i`, the terms from its first term up to the next shard's,
//!   each with its best postings (document and precomputed score), and the exact field names
//!   among them. A term is in the last shard whose first term is not after it; the terms that
//!   start with a prefix are consecutive, so a prefix search loads that shard and the following
//!   ones whose first term starts with the prefix. Terms are ordered by UTF-16 code units, as
//!   JavaScript compares strings;
//! * `assets/search/d-<lang>-<n>.js`: what a result shows (name, URL, group title, summary) for
//!   documents `n * CHUNK ..`, in one language.
//!
//! Scores replicate MiniSearch 7's BM25+ with per-field boosts, so `templates/assets/search.js`
//! only adds up stored scores, weighting prefix and fuzzy matches as MiniSearch does.

use crate::markdown;
use crate::model::{Book, Lang};
use crate::render::paths;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// Documents per display chunk (`d-<lang>-<n>.js`). Small, because the ten results of a query
/// usually lie in ten different chunks: these rows are most of what a query downloads.
pub const CHUNK: usize = 16;
/// A shard is closed before its JSON would grow past this many bytes.
pub const SHARD_BYTES: usize = 24 * 1024;
/// The most postings kept per term: the best by score. A term in more documents than this says
/// little about any of them (its inverse document frequency is close to its floor).
pub const MAX_POSTINGS: usize = 100;

/// BM25+ parameters, MiniSearch 7's defaults.
const K: f64 = 1.2;
const B: f64 = 0.7;
const D: f64 = 0.5;
/// Score multiplier of a deprecated field.
const DEPRECATED_BOOST: f64 = 0.8;

/// The indexed fields of a document, with their boosts (`Field as usize` indexes `BOOSTS`).
#[derive(Clone, Copy)]
enum Field {
    Name,
    Parts,
    Label,
    Words,
    Summary,
    Group,
    Text,
}

const FIELDS: [Field; 7] = [
    Field::Name,
    Field::Parts,
    Field::Label,
    Field::Words,
    Field::Summary,
    Field::Group,
    Field::Text,
];
const BOOSTS: [f64; 7] = [10.0, 3.0, 6.0, 6.0, 2.0, 1.0, 1.0];

/// Whether `c` is a Han character (the CJK ideograph blocks, their extensions and compatibility
/// forms, and the iteration and Hangzhou numeral marks). The same list is in `search.js`.
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3007}' | '\u{3021}'..='\u{3029}' | '\u{3038}'..='\u{303B}'
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

fn is_word(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric() || c == '_'
}

/// Splits text into search terms, exactly as `search.js` does: lowercased; a run of Han
/// characters becomes its overlapping character pairs (`学习率` → `学习`, `习率`; a lone
/// character stays itself); a run of letters, digits and `_` stays whole and, when it holds `_`,
/// also gives its non-empty `_`-separated parts.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut run_han = false;
    for c in text.to_lowercase().chars() {
        let han = is_han(c);
        if !han && !is_word(c) {
            flush(&mut run, run_han, &mut out);
            continue;
        }
        if !run.is_empty() && han != run_han {
            flush(&mut run, run_han, &mut out);
        }
        run_han = han;
        run.push(c);
    }
    flush(&mut run, run_han, &mut out);
    out
}

fn flush(run: &mut Vec<char>, han: bool, out: &mut Vec<String>) {
    if run.is_empty() {
        return;
    }
    if han {
        if run.len() == 1 {
            out.push(run[0].to_string());
        }
        out.extend(run.windows(2).map(|w| w.iter().collect::<String>()));
    } else {
        let word: String = run.iter().collect();
        if word.contains('_') {
            let parts: Vec<String> = word
                .split('_')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            out.push(word);
            out.extend(parts);
        } else {
            out.push(word);
        }
    }
    run.clear();
}

/// One field of the book, as the index sees it.
struct Doc<'a> {
    name: &'a str,
    /// Page and anchor below the language folder: `training-args/basics.html#output_dir`.
    url: String,
    /// Index into the group titles.
    group: usize,
    /// Label, summary per language (in the book's language order).
    labels: Vec<&'a str>,
    summaries: Vec<&'a str>,
    /// Aliases, old names of fields it replaces, enum names and values, choices.
    words: String,
    /// Plain text of the explanation in every language.
    text: String,
    deprecated: bool,
}

/// The documents (one per field, in book order) and the group titles per language.
fn documents(book: &Book) -> (Vec<Doc<'_>>, Vec<Vec<&str>>) {
    let langs = &book.config.languages;
    let mut groups = Vec::new();
    let mut docs = Vec::new();
    for reference in &book.references {
        // Deprecated fields point readers at their replacement: searching the old name finds both.
        let mut old_names: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (_, field) in reference.fields() {
            if let Some(rep) = field
                .deprecation
                .as_ref()
                .and_then(|d| d.replacement.as_deref())
            {
                old_names.entry(rep).or_default().push(&field.name);
            }
        }
        for group in &reference.groups {
            let group_index = groups.len();
            groups.push(langs.iter().map(|&l| group.title.get(l).as_str()).collect());
            for field in &group.fields {
                let mut words: Vec<&str> = field.aliases.iter().map(String::as_str).collect();
                words.extend(old_names.get(field.name.as_str()).into_iter().flatten());
                for enum_name in &field.classification.enums {
                    words.push(enum_name);
                    if let Some(e) = reference.enum_def(enum_name) {
                        words.extend(e.members.iter().map(|m| m.value.as_str()));
                    }
                }
                words.extend(field.choices.iter().flatten().map(String::as_str));
                let text: Vec<String> = langs
                    .iter()
                    .map(|&l| markdown::plain_text(field.explanation.get(l)))
                    .collect();
                docs.push(Doc {
                    name: &field.name,
                    url: page_below_language(
                        &paths::group(Lang::En, &reference.id, &group.id),
                        &field.name,
                    ),
                    group: group_index,
                    labels: langs
                        .iter()
                        .map(|&l| field.label.as_ref().map_or("", |t| t.get(l).as_str()))
                        .collect(),
                    summaries: langs
                        .iter()
                        .map(|&l| field.summary.get(l).as_str())
                        .collect(),
                    words: words.join(" "),
                    text: text.join(" "),
                    deprecated: field.deprecation.is_some(),
                });
            }
        }
    }
    (docs, groups)
}

/// The terms of one indexed field of a document.
fn field_terms(doc: &Doc, groups: &[Vec<&str>], field: Field) -> Vec<String> {
    match field {
        // The whole name is one term (an exact name match ranks highest); its snake_case parts
        // count less, so `lr` ranks the field aliased `lr` above `lr_scheduler_type`.
        Field::Name => vec![doc.name.to_lowercase()],
        Field::Parts => doc
            .name
            .to_lowercase()
            .split('_')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
        Field::Label => tokenize(&doc.labels.join(" ")),
        Field::Words => tokenize(&doc.words),
        Field::Summary => tokenize(&doc.summaries.join(" ")),
        Field::Group => tokenize(&groups.get(doc.group).map_or(String::new(), |g| g.join(" "))),
        Field::Text => tokenize(&doc.text),
    }
}

/// A term's postings: (document, score × 100), sorted by document.
type Postings = Vec<(u32, u32)>;

/// A document's distinct terms per field, with their counts.
fn field_counts(per_field: &[Vec<String>]) -> Vec<FxHashMap<&str, u32>> {
    per_field
        .iter()
        .take(BOOSTS.len())
        .map(|terms| {
            let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
            for t in terms {
                *counts.entry(t.as_str()).or_default() += 1;
            }
            counts
        })
        .collect()
}

/// Postings being collected for one term: (document, score × 100).
type Candidates = Vec<(u32, u32)>;

/// Keeps the best [`MAX_POSTINGS`] (score, then lower document first): the same set however
/// the documents were split between threads.
fn keep_best(postings: &mut Candidates) {
    if postings.len() > MAX_POSTINGS {
        postings.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        postings.truncate(MAX_POSTINGS);
    }
}

/// The inverted index of `n_docs` documents whose per-field term lists `terms_of(doc)` gives,
/// with the document boosts: for every term, every document holding it with its score
/// `boost(doc) × Σ_field boost(field) × BM25+(term, doc, field)`, as MiniSearch 7 computes it,
/// times 100 and rounded (at least 1). At most [`MAX_POSTINGS`] per term, the best.
///
/// Two passes over the documents, each in parallel, so that memory stays bounded by the
/// vocabulary rather than by the text: the first counts document frequencies and field
/// lengths, the second scores and keeps each term's best postings as it goes. (MiniSearch's
/// field length is a document's number of distinct terms in the field.)
fn inverted_index<F>(n_docs: usize, terms_of: F, doc_boosts: &[f64]) -> BTreeMap<String, Postings>
where
    F: Fn(usize) -> Vec<Vec<String>> + Sync,
{
    const N_FIELDS: usize = BOOSTS.len();
    type Frequencies = FxHashMap<String, [u32; N_FIELDS]>;
    let (df, total_lengths) = (0..n_docs)
        .into_par_iter()
        .fold(
            || (Frequencies::default(), [0.0f64; N_FIELDS]),
            |(mut df, mut totals), doc| {
                for (f, counts) in field_counts(&terms_of(doc)).iter().enumerate() {
                    totals[f] += counts.len() as f64;
                    for &term in counts.keys() {
                        match df.get_mut(term) {
                            Some(per_field) => per_field[f] += 1,
                            None => {
                                let mut per_field = [0; N_FIELDS];
                                per_field[f] = 1;
                                df.insert(term.to_string(), per_field);
                            }
                        }
                    }
                }
                (df, totals)
            },
        )
        .reduce(
            || (Frequencies::default(), [0.0f64; N_FIELDS]),
            |(mut a, mut totals), (b, more)| {
                for (f, t) in more.iter().enumerate() {
                    totals[f] += t;
                }
                for (term, per_field) in b {
                    let entry = a.entry(term).or_insert([0; N_FIELDS]);
                    for (f, n) in per_field.iter().enumerate() {
                        entry[f] += n;
                    }
                }
                (a, totals)
            },
        );
    let n = n_docs as f64;
    let averages = total_lengths.map(|t| if n > 0.0 { t / n } else { 0.0 });
    let collected: FxHashMap<String, Candidates> = (0..n_docs)
        .into_par_iter()
        .fold(
            FxHashMap::default,
            |mut postings: FxHashMap<String, Candidates>, doc| {
                let terms = terms_of(doc);
                let counts = field_counts(&terms);
                let mut scores: FxHashMap<&str, f64> = FxHashMap::default();
                for (f, terms) in counts.iter().enumerate() {
                    let norm = 1.0 - B + B * terms.len() as f64 / averages[f];
                    for (&term, &tf) in terms {
                        let df = f64::from(df.get(term).map_or(1, |d| d[f]));
                        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                        let tf = f64::from(tf);
                        let bm25 = idf * (D + tf * (K + 1.0) / (tf + K * norm));
                        *scores.entry(term).or_default() += BOOSTS[f] * bm25;
                    }
                }
                let boost = doc_boosts.get(doc).copied().unwrap_or(1.0);
                for (term, score) in scores {
                    let score = ((score * boost * 100.0).round() as u32).max(1);
                    let list = match postings.get_mut(term) {
                        Some(list) => list,
                        None => postings.entry(term.to_string()).or_default(),
                    };
                    list.push((doc as u32, score));
                    if list.len() >= 2 * MAX_POSTINGS {
                        keep_best(list);
                    }
                }
                postings
            },
        )
        .reduce(FxHashMap::default, |mut a, b| {
            for (term, list) in b {
                let all = a.entry(term).or_default();
                all.extend(list);
                keep_best(all);
            }
            a
        });
    collected
        .into_par_iter()
        .map(|(term, mut postings)| {
            keep_best(&mut postings);
            postings.sort_unstable();
            (term, postings)
        })
        .collect()
}

/// Approximate JSON size of a term's entry in a shard.
fn entry_bytes(term: &str, postings: &Postings) -> usize {
    term.len() + 6 + postings.len() * 12
}

/// Cuts the index's terms, in UTF-16 order, into consecutive shards of at most
/// [`SHARD_BYTES`] (a term bigger than that alone has a shard of its own).
fn shard_terms(index: &BTreeMap<String, Postings>) -> Vec<Vec<&str>> {
    let mut terms: Vec<&str> = index.keys().map(String::as_str).collect();
    terms.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    let mut shards: Vec<Vec<&str>> = Vec::new();
    let mut size = 0;
    for term in terms {
        let bytes = entry_bytes(term, &index[term]);
        match shards.last_mut() {
            Some(shard) if size + bytes <= SHARD_BYTES => shard.push(term),
            _ => {
                shards.push(vec![term]);
                size = 0;
            }
        }
        size += bytes;
    }
    shards
}

#[derive(Serialize)]
struct Manifest<'a> {
    keys: Vec<&'a str>,
    docs: usize,
    chunk: usize,
    langs: Vec<&'static str>,
}

#[derive(Serialize)]
struct Shard<'a> {
    /// term → [document delta, score × 100, …], documents ascending.
    terms: BTreeMap<&'a str, Vec<u32>>,
    /// lowercased field name → documents of that exact name.
    names: BTreeMap<&'a str, Vec<u32>>,
}

/// A script that hands `data` to the search box.
fn loaded(kind: &str, index: impl Serialize, data: &impl Serialize) -> String {
    format!(
        "fieldbookSearchLoaded({},{},{});\n",
        serde_json::to_string(kind).unwrap_or_default(),
        serde_json::to_string(&index).unwrap_or_default(),
        serde_json::to_string(data).unwrap_or_default()
    )
}

/// The files of the search index, as (path below DEST, script text): the manifest, the term
/// shards and the display chunks (see the module documentation).
pub fn search_files(book: &Book) -> Vec<(String, String)> {
    let (docs, groups) = documents(book);
    let boosts: Vec<f64> = docs
        .iter()
        .map(|d| if d.deprecated { DEPRECATED_BOOST } else { 1.0 })
        .collect();
    let terms_of = |doc: usize| {
        FIELDS
            .iter()
            .map(|&f| field_terms(&docs[doc], &groups, f))
            .collect()
    };
    let index = inverted_index(docs.len(), terms_of, &boosts);
    let mut names: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (i, doc) in docs.iter().enumerate() {
        let ids = names.entry(doc.name.to_lowercase()).or_default();
        if ids.len() < MAX_POSTINGS {
            ids.push(i as u32);
        }
    }
    let shards = shard_terms(&index);
    let langs: Vec<Lang> = book.config.languages.clone();
    let mut files = vec![(
        "assets/search/manifest.js".to_string(),
        loaded(
            "m",
            0,
            &Manifest {
                keys: shards
                    .iter()
                    .filter_map(|terms| terms.first().copied())
                    .collect(),
                docs: docs.len(),
                chunk: CHUNK,
                langs: langs.iter().map(|l| l.code()).collect(),
            },
        ),
    )];
    for (i, terms) in shards.iter().enumerate() {
        let mut shard = Shard {
            terms: BTreeMap::new(),
            names: BTreeMap::new(),
        };
        for &term in terms {
            let mut flat = Vec::new();
            let mut previous = 0;
            for &(doc, score) in &index[term] {
                flat.push(doc - previous);
                flat.push(score);
                previous = doc;
            }
            shard.terms.insert(term, flat);
            if let Some(ids) = names.get(term) {
                shard.names.insert(term, ids.clone());
            }
        }
        files.push((format!("assets/search/t{i}.js"), loaded("t", i, &shard)));
    }
    for (l, lang) in langs.iter().enumerate() {
        for (n, chunk) in docs.chunks(CHUNK).enumerate() {
            let rows: Vec<[&str; 4]> = chunk
                .iter()
                .map(|d| {
                    [
                        d.name,
                        d.url.as_str(),
                        groups
                            .get(d.group)
                            .and_then(|g| g.get(l))
                            .copied()
                            .unwrap_or(""),
                        d.summaries.get(l).copied().unwrap_or(""),
                    ]
                })
                .collect();
            let kind = format!("d-{}", lang.code());
            files.push((
                format!("assets/search/{kind}-{n}.js"),
                loaded(&kind, n, &rows),
            ));
        }
    }
    files
}

/// `en/x/y.html` + `name` → `x/y.html#name` (the language folder is added by the page).
fn page_below_language(path: &str, anchor: &str) -> String {
    let below = path.split_once('/').map_or(path, |(_, rest)| rest);
    format!("{below}#{anchor}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn urls_drop_the_language_folder() {
        assert_eq!(
            page_below_language("en/training-args/basics.html", "seed"),
            "training-args/basics.html#seed"
        );
    }

    #[test]
    fn tokenizer_latin_snake_case_han_and_mixed() {
        assert_eq!(
            tokenize("The Learning-Rate!"),
            strings(&["the", "learning", "rate"])
        );
        assert_eq!(
            tokenize("per_device_train_batch_size"),
            strings(&[
                "per_device_train_batch_size",
                "per",
                "device",
                "train",
                "batch",
                "size"
            ])
        );
        assert_eq!(tokenize("_x__"), strings(&["_x__", "x"]));
        assert_eq!(tokenize("学习率"), strings(&["学习", "习率"]));
        assert_eq!(tokenize("率"), strings(&["率"]));
        // A Han run and a Latin run touching each other are two runs.
        assert_eq!(
            tokenize("lr调度器v2 步"),
            strings(&["lr", "调度", "度器", "v2", "步"])
        );
        // Astral Han (extension B) counts in characters, not UTF-16 units.
        assert_eq!(tokenize("𠀀𠀁𠀂"), strings(&["𠀀𠀁", "𠀁𠀂"]));
        assert_eq!(tokenize("ÄBC größe"), strings(&["äbc", "größe"]));
        assert!(tokenize(" -- ,. ").is_empty());
    }

    #[test]
    fn scores_are_minisearch_bm25_plus() {
        // Two documents, one field each (name, boost 10): doc 0 = ["a", "a", "b"], doc 1 = ["b"].
        let mut d0 = vec![Vec::new(); 7];
        d0[0] = strings(&["a", "a", "b"]);
        let mut d1 = vec![Vec::new(); 7];
        d1[0] = strings(&["b"]);
        let index = inverted_index(2, |d| [&d0, &d1][d].clone(), &[1.0, 0.8]);
        // Field lengths (distinct terms) 2 and 1, average 1.5. For "a": N = 2, df = 1,
        // idf = ln(1 + 1.5 / 1.5) = ln 2; tf = 2: 2 × 2.2 / (2 + 1.2 × (0.3 + 0.7 × 2 / 1.5)).
        let a = 10.0 * 2f64.ln() * (0.5 + 4.4 / (2.0 + 1.2 * (0.3 + 0.7 * 2.0 / 1.5)));
        assert_eq!(index["a"], vec![(0, (a * 100.0).round() as u32)]);
        // "b": df = 2, idf = ln(1 + 0.5 / 2.5); doc 1 is deprecated (× 0.8).
        let idf = (1.0f64 + 0.5 / 2.5).ln();
        let b0 = 10.0 * idf * (0.5 + 2.2 / (1.0 + 1.2 * (0.3 + 0.7 * 2.0 / 1.5)));
        let b1 = 0.8 * 10.0 * idf * (0.5 + 2.2 / (1.0 + 1.2 * (0.3 + 0.7 * 1.0 / 1.5)));
        assert_eq!(
            index["b"],
            vec![
                (0, (b0 * 100.0).round() as u32),
                (1, (b1 * 100.0).round() as u32)
            ]
        );
    }

    #[test]
    fn scores_add_up_over_fields_with_their_boosts() {
        let mut d0 = vec![Vec::new(); 7];
        d0[0] = strings(&["x"]);
        d0[6] = strings(&["x"]);
        let index = inverted_index(1, |_| d0.clone(), &[1.0]);
        // N = 1, df = 1: idf = ln(1 + 0.5 / 1.5); length = average, so bm25 = idf × (0.5 + 1).
        let bm25 = (1.0f64 + 0.5 / 1.5).ln() * 1.5;
        assert_eq!(
            index["x"],
            vec![(0, ((10.0 + 1.0) * bm25 * 100.0).round() as u32)]
        );
    }

    #[test]
    fn postings_are_capped_to_the_best() {
        // Term "common" in 150 documents; document i also holds i distinct other words in the
        // same field, so the shorter documents score higher.
        let docs: Vec<Vec<Vec<String>>> = (0..150)
            .map(|i| {
                let mut fields = vec![Vec::new(); 7];
                fields[6].push("common".to_string());
                fields[6].extend((0..i).map(|j| format!("w{j}")));
                fields
            })
            .collect();
        let index = inverted_index(docs.len(), |d| docs[d].clone(), &vec![1.0; 150]);
        let common = &index["common"];
        assert_eq!(common.len(), MAX_POSTINGS);
        assert!(common.windows(2).all(|w| w[0].0 < w[1].0), "by document");
        let kept: Vec<u32> = common.iter().map(|p| p.0).collect();
        assert_eq!(kept, (0..100).collect::<Vec<u32>>(), "the best 100");
    }

    /// The shard the search box finds for a term: the last whose first term is not after it.
    fn shard_of(keys: &[&str], term: &str) -> Option<usize> {
        keys.iter()
            .rposition(|k| k.encode_utf16().cmp(term.encode_utf16()).is_le())
    }

    #[test]
    fn shards_are_bounded_and_every_term_is_found_in_its_shard() {
        let mut index: BTreeMap<String, Postings> = BTreeMap::new();
        let many: Postings = (0..100).map(|d| (d, 100)).collect();
        for i in 0..400 {
            index.insert(format!("learning{i}"), many.clone());
            index.insert(format!("lr{i}"), vec![(1, 5)]);
        }
        // U+FF41 sorts after the astral 𠀀 in UTF-16 (surrogates) but before it by code point.
        for t in [
            "l", "le", "lea", "x", "学习", "学", "习率", "𠀀𠀁", "ａb", "a_b",
        ] {
            index.insert(t.to_string(), many.clone());
        }
        let shards = shard_terms(&index);
        let keys: Vec<&str> = shards.iter().map(|s| s[0]).collect();
        assert!(shards.len() > 3);
        let mut seen = 0;
        for (i, terms) in shards.iter().enumerate() {
            let size: usize = terms.iter().map(|t| entry_bytes(t, &index[*t])).sum();
            assert!(size <= SHARD_BYTES || terms.len() == 1, "shard {i} too big");
            for t in terms {
                assert_eq!(shard_of(&keys, t), Some(i), "{t}");
                seen += 1;
            }
        }
        assert_eq!(seen, index.len());
        // The terms starting with a prefix are in its shard and the following shards whose
        // first term starts with it.
        let own = shard_of(&keys, "learning1").unwrap();
        let mut with_prefix: Vec<&str> = shards[own..]
            .iter()
            .take_while(|s| std::ptr::eq(*s, &shards[own]) || s[0].starts_with("learning1"))
            .flatten()
            .copied()
            .filter(|t| t.starts_with("learning1"))
            .collect();
        with_prefix.sort();
        let mut expected: Vec<&str> = index
            .keys()
            .map(String::as_str)
            .filter(|t| t.starts_with("learning1"))
            .collect();
        expected.sort();
        assert_eq!(with_prefix, expected);
    }

    #[test]
    fn the_same_input_gives_the_same_index() {
        let docs: Vec<Vec<Vec<String>>> = (0..50)
            .map(|i| {
                let mut fields = vec![Vec::new(); 7];
                fields[6] = tokenize(&format!("word{} 学习率 common_{}", i % 7, i % 3));
                fields
            })
            .collect();
        let a = inverted_index(docs.len(), |d| docs[d].clone(), &vec![1.0; 50]);
        let b = inverted_index(docs.len(), |d| docs[d].clone(), &vec![1.0; 50]);
        assert_eq!(a, b);
        assert_eq!(shard_terms(&a), shard_terms(&b));
    }
}
