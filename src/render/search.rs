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

use super::paths;
use super::wording::{field_explanation, field_summary, group_title};
use crate::lang::Lang;
use crate::markdown::ParsedTexts;
use crate::model::{Book, Field as BookField, Group, Reference};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

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

const BOOSTS: [f64; 7] = [10.0, 3.0, 6.0, 6.0, 2.0, 1.0, 1.0];

/// Whether `c` is written without spaces between words, so search cuts its runs into
/// character pairs: a Han character (the CJK ideograph blocks, their extensions and
/// compatibility forms, and the iteration and Hangzhou numeral marks), Japanese kana
/// (hiragana, katakana with its prolonged sound mark and half-width forms) or Korean hangul
/// (syllables and jamo). The same list is in `search.js`.
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}' | '\u{3005}' | '\u{3007}' | '\u{3021}'..='\u{3029}'
        | '\u{3038}'..='\u{303B}' | '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}'
        | '\u{3130}'..='\u{318F}' | '\u{31F0}'..='\u{31FF}' | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}' | '\u{20000}'..='\u{2FA1F}')
}

/// `text.to_lowercase()`, copying what lowercasing leaves alone (Han text has no case) in
/// runs rather than looking every character up in the case tables.
fn lowercase(text: &str) -> String {
    if text.contains('Σ') {
        // Its lowercase depends on the characters around it.
        return text.to_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (i, c) in text.char_indices() {
        if c.is_ascii_uppercase() || !(c.is_ascii() || is_han(c)) {
            out.push_str(&text[copied..i]);
            out.extend(c.to_lowercase());
            copied = i + c.len_utf8();
        }
    }
    out.push_str(&text[copied..]);
    out
}

fn is_word(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric() || c == '_'
}

/// Calls `emit` with the search terms of already lowercased text (see [`lowercase`]), exactly
/// as `search.js` splits text: a run of Han characters gives its overlapping character pairs
/// (`学习率` → `学习`, `习率`; a lone character stays itself); a run of letters, digits and `_`
/// stays whole and, when it holds `_`, also gives its non-empty `_`-separated parts. The terms
/// are slices of `lower` (a Han pair is two adjacent characters): nothing is allocated.
fn for_each_term<'a>(lower: &'a str, mut emit: impl FnMut(&'a str)) {
    let bytes = lower.as_bytes();
    let mut run = Run::default();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            // ASCII is never Han: a word character continues or starts a word run (scanned
            // here to its last ASCII character), anything else ends the run.
            if !(b.is_ascii_alphanumeric() || b == b'_') {
                run.end(lower, i, &mut emit);
                i += 1;
                continue;
            }
            if run.han {
                run.end(lower, i, &mut emit);
            }
            if run.chars == 0 {
                run.start = i;
                run.han = false;
            }
            run.chars += 1;
            i += 1;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            continue;
        }
        let c = lower[i..].chars().next().unwrap_or_default();
        let han = is_han(c);
        if !han && !is_word(c) {
            run.end(lower, i, &mut emit);
        } else {
            if run.chars > 0 && han != run.han {
                run.end(lower, i, &mut emit);
            }
            if run.chars == 0 {
                run.start = i;
                run.han = han;
            } else if han {
                emit(&lower[run.last..i + c.len_utf8()]);
            }
            run.last = i;
            run.chars += 1;
        }
        i += c.len_utf8();
    }
    run.end(lower, lower.len(), &mut emit);
}

/// The current run of Han or word characters of [`for_each_term`] (byte offsets).
#[derive(Default)]
struct Run {
    start: usize,
    /// Where its last character starts (kept for Han runs only).
    last: usize,
    /// Its number of characters (for a word run, only whether it is 0: no run).
    chars: usize,
    han: bool,
}

impl Run {
    /// Emits what is left of the run ending at byte `end` (a Han run has emitted its pairs as
    /// they came) and empties it.
    fn end<'a>(&mut self, lower: &'a str, end: usize, emit: &mut impl FnMut(&'a str)) {
        if self.chars == 0 {
            return;
        }
        let run = &lower[self.start..end];
        if !self.han {
            emit(run);
            if run.contains('_') {
                run.split('_')
                    .filter(|p| !p.is_empty())
                    .for_each(&mut *emit);
            }
        } else if self.chars == 1 {
            emit(run);
        }
        self.chars = 0;
    }
}

/// One field of the book, as the index sees it.
struct Doc<'a> {
    name: &'a str,
    /// Page and anchor below the language folder: `training-args/basics.html#output_dir`.
    url: String,
    /// Index into the group titles.
    group: usize,
    /// Summary per language (in the book's language order).
    summaries: Vec<Cow<'a, str>>,
    /// The indexed texts, each lowercased as a whole: the name; the labels and the summaries
    /// of all languages; aliases, old names of fields it replaces, enum names and values,
    /// choices; the plain text of the explanation in every language.
    lower_name: String,
    labels: String,
    words: String,
    summary: String,
    text: String,
    deprecated: bool,
}

/// The documents (one per field, in book order), the group titles per language, and each
/// group's titles of all languages lowercased (the text of its documents' group field).
fn documents<'a>(
    book: &'a Book,
    parsed: &ParsedTexts,
) -> (Vec<Doc<'a>>, Vec<Vec<&'a str>>, Vec<String>) {
    let langs = &book.config.languages;
    let mut groups: Vec<Vec<&str>> = Vec::new();
    // Every field with its reference, the old names of the fields it replaces and its group.
    let mut fields: Vec<(&Reference, usize, usize, &Group, &BookField)> = Vec::new();
    let mut old_names: Vec<BTreeMap<&str, Vec<&str>>> = Vec::new();
    for reference in &book.references {
        // Deprecated fields point readers at their replacement: searching the old name finds both.
        let mut replaced: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (_, field) in reference.fields() {
            if let Some(rep) = field
                .deprecation
                .as_ref()
                .and_then(|d| d.replacement.as_deref())
            {
                replaced.entry(rep).or_default().push(&field.name);
            }
        }
        old_names.push(replaced);
        for group in &reference.groups {
            groups.push(langs.iter().map(|&l| group_title(group, l)).collect());
            for field in &group.fields {
                fields.push((
                    reference,
                    old_names.len() - 1,
                    groups.len() - 1,
                    group,
                    field,
                ));
            }
        }
    }
    let docs = fields
        .into_par_iter()
        .map(|(reference, replaced, group_index, group, field)| {
            let mut words: Vec<&str> = field.aliases.iter().map(String::as_str).collect();
            words.extend(
                old_names[replaced]
                    .get(field.name.as_str())
                    .into_iter()
                    .flatten(),
            );
            for enum_name in &field.classification.enums {
                words.push(enum_name);
                if let Some(e) = reference.enum_def(enum_name) {
                    words.extend(e.members.iter().map(|m| m.value.as_str()));
                }
            }
            words.extend(field.choices.iter().flatten().map(String::as_str));
            let text: Vec<String> = langs
                .iter()
                .map(|&l| parsed.get(&field_explanation(field, l)).plain_text.clone())
                .collect();
            let labels: Vec<&str> = langs
                .iter()
                .map(|&l| field.label.as_ref().map_or("", |t| t.get(l).as_str()))
                .collect();
            let summaries: Vec<Cow<str>> = langs.iter().map(|&l| field_summary(field, l)).collect();
            Doc {
                name: &field.name,
                url: page_below_language(
                    &paths::group(Lang::En, &reference.id, &group.id),
                    &field.name,
                ),
                group: group_index,
                lower_name: lowercase(&field.name),
                labels: lowercase(&labels.join(" ")),
                words: lowercase(&words.join(" ")),
                summary: lowercase(&summaries.join(" ")),
                summaries,
                text: lowercase(&text.join(" ")),
                deprecated: field.deprecation.is_some(),
            }
        })
        .collect();
    let group_texts = groups.iter().map(|g| lowercase(&g.join(" "))).collect();
    (docs, groups, group_texts)
}

/// The number of indexed fields of a document.
const N_FIELDS: usize = BOOSTS.len();

/// A document's distinct terms, with their count in each indexed field.
type DocTerms<'a> = FxHashMap<&'a str, [u32; N_FIELDS]>;

/// Counts one occurrence of `term` in `field`.
fn add<'a>(terms: &mut DocTerms<'a>, field: Field, term: &'a str) {
    terms.entry(term).or_default()[field as usize] += 1;
}

/// Counts the terms of every indexed field of a document into `terms`.
fn doc_terms<'a>(doc: &'a Doc, group_text: &'a str, terms: &mut DocTerms<'a>) {
    // The whole name is one term (an exact name match ranks highest); its snake_case parts
    // count less, so `lr` ranks the field aliased `lr` above `lr_scheduler_type`.
    add(terms, Field::Name, &doc.lower_name);
    for part in doc.lower_name.split('_').filter(|p| !p.is_empty()) {
        add(terms, Field::Parts, part);
    }
    for (field, text) in [
        (Field::Label, &doc.labels),
        (Field::Words, &doc.words),
        (Field::Summary, &doc.summary),
        (Field::Text, &doc.text),
    ] {
        for_each_term(text, |t| add(terms, field, t));
    }
    for_each_term(group_text, |t| add(terms, Field::Group, t));
}

/// A term's postings: (document, score × 100); sorted by document once the index is built.
type Postings = Vec<(u32, u32)>;

/// Keeps the best [`MAX_POSTINGS`] (score, then lower document first): the same set however
/// the documents were split between threads.
fn keep_best(postings: &mut Postings) {
    if postings.len() > MAX_POSTINGS {
        postings.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        postings.truncate(MAX_POSTINGS);
    }
}

/// Every term of the documents with its id (its index in `terms`), and what the scores need
/// from all documents.
#[derive(Default)]
struct Vocabulary<'a> {
    ids: FxHashMap<&'a str, u32>,
    terms: Vec<&'a str>,
    /// Per term and field, the number of documents holding the term in the field.
    df: Vec<[u32; N_FIELDS]>,
    /// Per field, the sum over documents of its length (its number of distinct terms).
    total_lengths: [u64; N_FIELDS],
}

/// One term of a document in one field, packed as term id (29 bits), field (3) and count (32):
/// a document's entries take 8 bytes each and order by term, then field.
type Entry = u64;

/// The entry of term `id` found `count` times in `field`.
fn entry(id: u32, field: usize, count: u32) -> Entry {
    u64::from(id) << 35 | (field as u64) << 32 | u64::from(count)
}

fn entry_term(entry: Entry) -> u32 {
    (entry >> 35) as u32
}

fn entry_field(entry: Entry) -> usize {
    (entry >> 32) as usize & 7
}

fn entry_count(entry: Entry) -> u32 {
    entry as u32
}

/// The inverted index of `n_docs` documents whose terms `terms_of(doc, terms)` counts into the
/// (empty) `terms`, with the document boosts: for every term, every document holding it with
/// its score `boost(doc) × Σ_field boost(field) × BM25+(term, doc, field)`, as MiniSearch 7
/// computes it, times 100 and rounded (at least 1). At most [`MAX_POSTINGS`] per term, the
/// best. The terms are in UTF-16 order ([`utf16_order`]).
///
/// Each document is tokenized once, in parallel, into its entries (its terms by id, with their
/// field and count: 8 bytes per distinct term and field, far less than the text), while the
/// vocabulary, the document frequencies and the field lengths are gathered. The scores then
/// need no more tokenizing or hashing of strings; each term keeps its best postings as they
/// come. (MiniSearch's field length is a document's number of distinct terms in the field.)
fn inverted_index<'a, F>(n_docs: usize, terms_of: F, doc_boosts: &[f64]) -> Vec<(&'a str, Postings)>
where
    F: Fn(usize, &mut DocTerms<'a>) + Sync,
{
    let vocabulary = Mutex::new(Vocabulary::default());
    let entries: Vec<Vec<Entry>> = (0..n_docs)
        .into_par_iter()
        .map_init(DocTerms::default, |terms, doc| {
            terms.clear();
            terms_of(doc, terms);
            let n_entries = terms.values().flatten().filter(|&&c| c > 0).count();
            let mut entries = Vec::with_capacity(n_entries);
            let mut v = vocabulary.lock().unwrap_or_else(PoisonError::into_inner);
            let v = &mut *v;
            for (&term, counts) in terms.iter() {
                let id = *v.ids.entry(term).or_insert_with(|| {
                    v.terms.push(term);
                    v.df.push([0; N_FIELDS]);
                    (v.terms.len() - 1) as u32
                });
                for (f, &count) in counts.iter().enumerate() {
                    if count > 0 {
                        v.df[id as usize][f] += 1;
                        v.total_lengths[f] += 1;
                        entries.push(entry(id, f, count));
                    }
                }
            }
            entries
        })
        .collect();
    let vocabulary = vocabulary
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    assert!(
        vocabulary.terms.len() <= 1 << 29,
        "more terms than an entry can tell"
    );
    let n = n_docs as f64;
    let averages = vocabulary
        .total_lengths
        .map(|t| if n > 0.0 { t as f64 / n } else { 0.0 });
    let collected: FxHashMap<u32, Postings> = entries
        .par_iter()
        .enumerate()
        .fold(
            FxHashMap::default,
            |mut postings: FxHashMap<u32, Postings>, (doc, entries)| {
                let mut lengths = [0u32; N_FIELDS];
                for &e in entries {
                    lengths[entry_field(e)] += 1;
                }
                let norms: [f64; N_FIELDS] =
                    std::array::from_fn(|f| 1.0 - B + B * f64::from(lengths[f]) / averages[f]);
                let boost = doc_boosts.get(doc).copied().unwrap_or(1.0);
                // A term's entries are consecutive, in field order.
                for term_entries in entries.chunk_by(|a, b| entry_term(*a) == entry_term(*b)) {
                    let id = entry_term(term_entries[0]);
                    let mut score = 0.0;
                    for &e in term_entries {
                        let f = entry_field(e);
                        let df = f64::from(vocabulary.df[id as usize][f]);
                        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                        let tf = f64::from(entry_count(e));
                        let bm25 = idf * (D + tf * (K + 1.0) / (tf + K * norms[f]));
                        score += BOOSTS[f] * bm25;
                    }
                    let score = ((score * boost * 100.0).round() as u32).max(1);
                    let list = postings.entry(id).or_default();
                    list.push((doc as u32, score));
                    if list.len() >= 2 * MAX_POSTINGS {
                        keep_best(list);
                    }
                }
                postings
            },
        )
        .reduce(FxHashMap::default, |mut a, mut b| {
            if a.len() < b.len() {
                std::mem::swap(&mut a, &mut b);
            }
            for (id, list) in b {
                let all = a.entry(id).or_default();
                all.extend(list);
                keep_best(all);
            }
            a
        });
    drop(entries);
    let mut index: Vec<(&str, Postings)> = collected
        .into_par_iter()
        .map(|(id, mut postings)| {
            keep_best(&mut postings);
            postings.sort_unstable();
            (vocabulary.terms[id as usize], postings)
        })
        .collect();
    index.par_sort_unstable_by(|a, b| utf16_order(a.0, b.0));
    index
}

/// Compares strings by their UTF-16 code units, as JavaScript does: as by code point, except
/// that U+E000..=U+FFFF come after the characters beyond U+FFFF (whose surrogates are lower).
fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    let same = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    // Back to the start of the first character that differs (a char boundary in both).
    let start = (0..=same)
        .rev()
        .find(|&i| a.is_char_boundary(i))
        .unwrap_or(0);
    match (a[start..].chars().next(), b[start..].chars().next()) {
        (Some(x), Some(y)) => {
            let unit = |c: char| match u32::from(c) {
                c @ 0xE000..=0xFFFF => c + 0x11_0000,
                c => c,
            };
            unit(x).cmp(&unit(y))
        }
        _ => a.len().cmp(&b.len()),
    }
}

/// Approximate JSON size of a term's entry in a shard.
fn entry_bytes(term: &str, postings: &Postings) -> usize {
    term.len() + 6 + postings.len() * 12
}

/// Cuts the index (its terms in UTF-16 order) into consecutive shards of at most
/// [`SHARD_BYTES`] (a term bigger than that alone has a shard of its own).
fn shard_terms<'i, 'a>(index: &'i [(&'a str, Postings)]) -> Vec<&'i [(&'a str, Postings)]> {
    let mut shards = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, (term, postings)) in index.iter().enumerate() {
        let bytes = entry_bytes(term, postings);
        if i > start && size + bytes > SHARD_BYTES {
            shards.push(&index[start..i]);
            (start, size) = (i, 0);
        }
        size += bytes;
    }
    if start < index.len() {
        shards.push(&index[start..]);
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
    names: BTreeMap<&'a str, &'a [u32]>,
}

/// A script that hands `data` to the search box.
fn loaded(kind: &str, index: impl Serialize, data: &impl Serialize) -> String {
    let mut script = b"fieldbookSearchLoaded(".to_vec();
    let _ = serde_json::to_writer(&mut script, kind);
    script.push(b',');
    let _ = serde_json::to_writer(&mut script, &index);
    script.push(b',');
    let _ = serde_json::to_writer(&mut script, data);
    script.extend_from_slice(b");\n");
    String::from_utf8(script).unwrap_or_default()
}

/// The files of the search index, as (path below DEST, script text): the manifest, the term
/// shards and the display chunks (see the module documentation). Explanations come from
/// `parsed`, the texts the build parses once.
pub fn search_files(book: &Book, parsed: &ParsedTexts) -> Vec<(String, String)> {
    let (docs, groups, group_texts) = documents(book, parsed);
    let boosts: Vec<f64> = docs
        .iter()
        .map(|d| if d.deprecated { DEPRECATED_BOOST } else { 1.0 })
        .collect();
    let index = inverted_index(
        docs.len(),
        |doc, terms| doc_terms(&docs[doc], &group_texts[docs[doc].group], terms),
        &boosts,
    );
    let mut names: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    for (i, doc) in docs.iter().enumerate() {
        let ids = names.entry(&doc.lower_name).or_default();
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
                keys: shards.iter().map(|terms| terms[0].0).collect(),
                docs: docs.len(),
                chunk: CHUNK,
                langs: langs.iter().map(|l| l.code()).collect(),
            },
        ),
    )];
    files.par_extend(shards.par_iter().enumerate().map(|(i, terms)| {
        let mut shard = Shard {
            terms: BTreeMap::new(),
            names: BTreeMap::new(),
        };
        for (term, postings) in terms.iter() {
            let mut flat = Vec::with_capacity(2 * postings.len());
            let mut previous = 0;
            for &(doc, score) in postings {
                flat.push(doc - previous);
                flat.push(score);
                previous = doc;
            }
            shard.terms.insert(term, flat);
            if let Some(ids) = names.get(term) {
                shard.names.insert(term, ids);
            }
        }
        (format!("assets/search/t{i}.js"), loaded("t", i, &shard))
    }));
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
                        d.summaries.get(l).map_or("", |s| s),
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
    /// The terms of `text`, as the search box splits it (lowercased first).
    fn tokenize(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_term(&lowercase(text), |t| out.push(t.to_string()));
        out
    }

    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// The index of documents given as their term lists per field.
    fn index_of<'a>(docs: &'a [Vec<Vec<String>>], boosts: &[f64]) -> Vec<(&'a str, Postings)> {
        let terms_of = |d: usize, terms: &mut DocTerms<'a>| {
            for (f, field_terms) in docs[d].iter().enumerate() {
                for t in field_terms {
                    terms.entry(t).or_default()[f] += 1;
                }
            }
        };
        inverted_index(docs.len(), terms_of, boosts)
    }

    /// A term's postings in an index.
    fn postings<'i>(index: &'i [(&str, Postings)], term: &str) -> &'i Postings {
        &index.iter().find(|e| e.0 == term).unwrap().1
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
        // Japanese kana and kanji, and Korean hangul, are cut into pairs too.
        assert_eq!(tokenize("学習率"), strings(&["学習", "習率"]));
        assert_eq!(tokenize("ステップ"), strings(&["ステ", "テッ", "ップ"]));
        assert_eq!(tokenize("の値"), strings(&["の値"]));
        assert_eq!(tokenize("학습률"), strings(&["학습", "습률"]));
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
        let docs = [d0, d1];
        let index = index_of(&docs, &[1.0, 0.8]);
        // Field lengths (distinct terms) 2 and 1, average 1.5. For "a": N = 2, df = 1,
        // idf = ln(1 + 1.5 / 1.5) = ln 2; tf = 2: 2 × 2.2 / (2 + 1.2 × (0.3 + 0.7 × 2 / 1.5)).
        let a = 10.0 * 2f64.ln() * (0.5 + 4.4 / (2.0 + 1.2 * (0.3 + 0.7 * 2.0 / 1.5)));
        assert_eq!(
            postings(&index, "a"),
            &vec![(0, (a * 100.0).round() as u32)]
        );
        // "b": df = 2, idf = ln(1 + 0.5 / 2.5); doc 1 is deprecated (× 0.8).
        let idf = (1.0f64 + 0.5 / 2.5).ln();
        let b0 = 10.0 * idf * (0.5 + 2.2 / (1.0 + 1.2 * (0.3 + 0.7 * 2.0 / 1.5)));
        let b1 = 0.8 * 10.0 * idf * (0.5 + 2.2 / (1.0 + 1.2 * (0.3 + 0.7 * 1.0 / 1.5)));
        assert_eq!(
            postings(&index, "b"),
            &vec![
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
        let docs = [d0];
        let index = index_of(&docs, &[1.0]);
        // N = 1, df = 1: idf = ln(1 + 0.5 / 1.5); length = average, so bm25 = idf × (0.5 + 1).
        let bm25 = (1.0f64 + 0.5 / 1.5).ln() * 1.5;
        assert_eq!(
            postings(&index, "x"),
            &vec![(0, ((10.0 + 1.0) * bm25 * 100.0).round() as u32)]
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
        let index = index_of(&docs, &[1.0; 150]);
        let common = postings(&index, "common");
        assert_eq!(common.len(), MAX_POSTINGS);
        assert!(common.windows(2).all(|w| w[0].0 < w[1].0), "by document");
        let kept: Vec<u32> = common.iter().map(|p| p.0).collect();
        assert_eq!(kept, (0..100).collect::<Vec<u32>>(), "the best 100");
    }

    #[test]
    fn lowercase_is_str_to_lowercase() {
        for text in ["", "ABC def", "ÄÖÜ İ ẞ K Ⅻ Ⓐ 学习率 ＡＢ", "ΣΑΣ ΟΔΟΣ", "𐐀x"]
        {
            assert_eq!(lowercase(text), text.to_lowercase(), "{text:?}");
        }
        // Han characters have no case.
        let han = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_han(c));
        assert!(han.into_iter().all(|c| c.to_lowercase().eq([c])));
    }

    #[test]
    fn terms_are_in_utf16_order() {
        let mut terms = vec![
            "",
            "a",
            "ab",
            "b",
            "é",
            "ｚ",
            "\u{e000}",
            "\u{ffff}",
            "\u{d7ff}",
            "𠀀",
            "𠀁",
            "😀",
            "学",
            "a𠀀",
            "aｚ",
            "a\u{d7ff}",
            "aé",
            "éa",
            "é",
        ];
        terms.sort_by(|a, b| utf16_order(a, b));
        let mut expected = terms.clone();
        expected.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        assert_eq!(terms, expected);
        for a in &terms {
            for b in &terms {
                assert_eq!(
                    utf16_order(a, b),
                    a.encode_utf16().cmp(b.encode_utf16()),
                    "{a} {b}"
                );
            }
        }
    }

    /// The shard the search box finds for a term: the last whose first term is not after it.
    fn shard_of(keys: &[&str], term: &str) -> Option<usize> {
        keys.iter()
            .rposition(|k| k.encode_utf16().cmp(term.encode_utf16()).is_le())
    }

    #[test]
    fn shards_are_bounded_and_every_term_is_found_in_its_shard() {
        let mut owned: Vec<(String, Postings)> = Vec::new();
        let many: Postings = (0..100).map(|d| (d, 100)).collect();
        for i in 0..400 {
            owned.push((format!("learning{i}"), many.clone()));
            owned.push((format!("lr{i}"), vec![(1, 5)]));
        }
        // U+FF41 sorts after the astral 𠀀 in UTF-16 (surrogates) but before it by code point.
        for t in [
            "l", "le", "lea", "x", "学习", "学", "习率", "𠀀𠀁", "ａb", "a_b",
        ] {
            owned.push((t.to_string(), many.clone()));
        }
        let mut index: Vec<(&str, Postings)> =
            owned.iter().map(|(t, p)| (t.as_str(), p.clone())).collect();
        index.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
        let shards = shard_terms(&index);
        let keys: Vec<&str> = shards.iter().map(|s| s[0].0).collect();
        assert!(shards.len() > 3);
        let mut seen = 0;
        for (i, terms) in shards.iter().enumerate() {
            let size: usize = terms.iter().map(|(t, p)| entry_bytes(t, p)).sum();
            assert!(size <= SHARD_BYTES || terms.len() == 1, "shard {i} too big");
            for (t, _) in terms.iter() {
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
            .take_while(|s| std::ptr::eq(*s, &shards[own]) || s[0].0.starts_with("learning1"))
            .flat_map(|s| s.iter().map(|e| e.0))
            .filter(|t| t.starts_with("learning1"))
            .collect();
        with_prefix.sort();
        let mut expected: Vec<&str> = index
            .iter()
            .map(|e| e.0)
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
        let a = index_of(&docs, &[1.0; 50]);
        let b = index_of(&docs, &[1.0; 50]);
        assert_eq!(a, b);
        assert_eq!(shard_terms(&a), shard_terms(&b));
    }
}
