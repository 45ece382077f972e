//! Every translatable text of a book, with a stable key, where it is written and what its
//! translation into one language was made from: what `po export` writes, `po import` and
//! `stamp` edit, and `check` looks at for stale translations.
//!
//! Keys (the PO `msgctxt`): `book/title`, `book/description`, `<ref>/title`, `<ref>/intro`,
//! `<ref>/group/<id>/title` and `/intro`, `<ref>/<field>/label`, `/summary`, `/explanation`,
//! `/deprecation-note`, `<ref>/<field>/versions/<version>/summary` (and `/explanation`,
//! `/deprecation-note`), `<ref>/enum/<Enum>/summary`, `/on-invalid` and `<ref>/enum/<Enum>/<MEMBER>`.

use crate::diagnostics::SourceFile;
use crate::lang::Lang;
use crate::source::raw::{RawDeprecation, RawLocalized};
use crate::source::{LoadedBook, LoadedReference};
use serde_spanned::Spanned;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One step of a path into a TOML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A key of a table.
    Key(String),
    /// An element of an array of tables.
    Index(usize),
}

/// What a translation was made from, as far as the book records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Made {
    /// From the current default-language text.
    Current,
    /// From an earlier text: the earlier text when the translation memory keeps it.
    Stale(Option<String>),
    /// Nothing records it.
    Unstamped,
}

/// One translatable text.
#[derive(Debug, Clone)]
pub struct Text {
    /// The stable key (`msgctxt`).
    pub key: String,
    /// What it is, for messages: "the summary of `learning_rate`".
    pub what: String,
    /// The file it is written in, as shown in messages.
    pub file: PathBuf,
    /// The line of its default-language value.
    pub line: usize,
    /// Where its translation is written (its default-language value when there is none).
    pub at: crate::diagnostics::Origin,
    /// Where its per-language table (`summary`, `text`, …) is in the file.
    pub path: Vec<Step>,
    /// The reference it belongs to, if any.
    pub reference: Option<String>,
    /// The field it belongs to, if any.
    pub field: Option<String>,
    /// The default-language text (trailing whitespace removed).
    pub source: String,
    /// The translation (trailing whitespace removed), when there is one.
    pub translation: Option<String>,
    /// What the translation was made from.
    pub made: Made,
    /// Context for the translator that the content gives (an enum member's value).
    pub context: Vec<String>,
}

/// Every translatable text of `loaded` with its translation into `lang`, in a stable order:
/// book-wide texts, then each reference's (its own, its groups' and fields' in file order, its
/// enums'). `default` is the language the texts are translated from.
pub fn texts(loaded: &LoadedBook, default: Lang, lang: Lang) -> Vec<Text> {
    let memory: BTreeMap<&str, &str> = loaded
        .memories
        .iter()
        .filter(|m| m.lang_code == lang.code())
        .flat_map(|m| m.parsed.value.iter())
        .map(|(k, v)| (k.as_str(), v.get_ref().as_str()))
        .collect();
    let mut out = Collector {
        default,
        lang,
        memory,
        texts: Vec::new(),
    };
    let book = &loaded.config;
    let at = |key: &str| vec![Step::Key("book".into()), Step::Key(key.into())];
    out.add(
        &book.file,
        "book/title",
        "the book's title",
        at("title"),
        Some(&book.value.book.title),
        None,
    );
    let description = book.value.book.description.as_ref();
    out.add(
        &book.file,
        "book/description",
        "the book's description",
        at("description"),
        description,
        None,
    );
    for reference in &loaded.references {
        out.reference(reference);
    }
    out.texts
}

struct Collector<'a> {
    default: Lang,
    lang: Lang,
    memory: BTreeMap<&'a str, &'a str>,
    texts: Vec<Text>,
}

/// The old stamp of a field (`translated-from.<lang>`): whether it matches the field's current
/// summary and explanation. It stands for both.
type Legacy = Option<bool>;

impl Collector<'_> {
    fn reference(&mut self, loaded: &LoadedReference) {
        let id = &loaded.id;
        let r = &loaded.reference;
        let file = &r.file;
        let title = r.value.title.as_ref();
        let key = |k: &str| vec![Step::Key(k.into())];
        self.owned(
            file,
            format!("{id}/title"),
            format!("the title of `{id}`"),
            key("title"),
            title,
            (id, None),
            None,
        );
        self.owned(
            file,
            format!("{id}/intro"),
            format!("the introduction of `{id}`"),
            key("intro"),
            Some(&r.value.intro),
            (id, None),
            None,
        );
        for group in &loaded.groups {
            let file = &group.file;
            let g = &group.value;
            let gid = g.id.get_ref();
            let prefix = format!("{id}/group/{gid}");
            self.owned(
                file,
                format!("{prefix}/title"),
                format!("the title of group `{gid}`"),
                key("title"),
                Some(&g.title),
                (id, None),
                None,
            );
            self.owned(
                file,
                format!("{prefix}/intro"),
                format!("the introduction of group `{gid}`"),
                key("intro"),
                Some(&g.intro),
                (id, None),
                None,
            );
            for (i, f) in g.fields.iter().enumerate() {
                let name = f.name.get_ref();
                let default = self.default.code();
                let legacy = f.translated_from.get(self.lang.code()).map(|hash| {
                    let summary = f
                        .summary
                        .get(default)
                        .map_or("", |s| s.get_ref().trim_end());
                    let explanation = f
                        .explanation
                        .get(default)
                        .map_or("", |s| s.get_ref().trim_end());
                    *hash.get_ref() == crate::drift::text_hash(summary, explanation)
                });
                let base = vec![Step::Key("field".into()), Step::Index(i)];
                let step = |k: &str| [base.clone(), vec![Step::Key(k.into())]].concat();
                let owner = (id.as_str(), Some(name.as_str()));
                let p = format!("{id}/{name}");
                self.owned(
                    file,
                    format!("{p}/label"),
                    format!("the label of `{name}`"),
                    step("label"),
                    f.label.as_ref(),
                    owner,
                    None,
                );
                self.owned(
                    file,
                    format!("{p}/summary"),
                    format!("the summary of `{name}`"),
                    step("summary"),
                    Some(&f.summary),
                    owner,
                    legacy,
                );
                self.owned(
                    file,
                    format!("{p}/explanation"),
                    format!("the explanation of `{name}`"),
                    step("explanation"),
                    Some(&f.explanation),
                    owner,
                    legacy,
                );
                self.note(
                    file,
                    &p,
                    name,
                    step("deprecated"),
                    f.deprecated.as_ref(),
                    owner,
                );
                for (version, text) in &f.versions {
                    let v = version.get_ref();
                    let vp = format!("{p}/versions/{v}");
                    let vstep = |k: &str| {
                        [
                            base.clone(),
                            vec![
                                Step::Key("versions".into()),
                                Step::Key(v.clone()),
                                Step::Key(k.into()),
                            ],
                        ]
                        .concat()
                    };
                    let what = |part: &str| format!("the {part} of `{name}` in {v}");
                    self.owned(
                        file,
                        format!("{vp}/summary"),
                        what("summary"),
                        vstep("summary"),
                        text.summary.as_ref(),
                        owner,
                        None,
                    );
                    self.owned(
                        file,
                        format!("{vp}/explanation"),
                        what("explanation"),
                        vstep("explanation"),
                        text.explanation.as_ref(),
                        owner,
                        None,
                    );
                    self.note(
                        file,
                        &vp,
                        name,
                        vstep("deprecated"),
                        text.deprecated.as_ref(),
                        owner,
                    );
                }
            }
        }
        if let Some(enums) = &loaded.enums {
            let file = &enums.file;
            for (i, e) in enums.value.enums.iter().enumerate() {
                let name = e.name.get_ref();
                let p = format!("{id}/enum/{name}");
                let base = vec![Step::Key("enum".into()), Step::Index(i)];
                let step = |k: &str| [base.clone(), vec![Step::Key(k.into())]].concat();
                self.owned(
                    file,
                    format!("{p}/summary"),
                    format!("the summary of enum `{name}`"),
                    step("summary"),
                    Some(&e.summary),
                    (id, None),
                    None,
                );
                self.owned(
                    file,
                    format!("{p}/on-invalid"),
                    format!("the invalid-value note of enum `{name}`"),
                    step("on-invalid"),
                    e.on_invalid.as_ref(),
                    (id, None),
                    None,
                );
                for (j, m) in e.members.iter().enumerate() {
                    let member = m.name.get_ref();
                    let path = [
                        base.clone(),
                        vec![
                            Step::Key("member".into()),
                            Step::Index(j),
                            Step::Key("text".into()),
                        ],
                    ]
                    .concat();
                    let text = self.owned(
                        file,
                        format!("{p}/{member}"),
                        format!("the text of `{name}.{member}`"),
                        path,
                        Some(&m.text),
                        (id, None),
                        None,
                    );
                    if let Some(text) = text {
                        let value = m.value.get_ref();
                        text.context = vec![format!("enum member `{name}.{member}` = \"{value}\"")];
                    }
                }
            }
        }
    }

    /// A deprecation's note (`deprecated = { note.en = … }`).
    fn note(
        &mut self,
        file: &SourceFile,
        prefix: &str,
        name: &str,
        deprecated: Vec<Step>,
        raw: Option<&Spanned<RawDeprecation>>,
        owner: (&str, Option<&str>),
    ) {
        let note = raw.and_then(|d| d.get_ref().note.as_ref());
        let path = [deprecated, vec![Step::Key("note".into())]].concat();
        let what = format!("the deprecation note of `{name}`");
        self.owned(
            file,
            format!("{prefix}/deprecation-note"),
            what,
            path,
            note,
            owner,
            None,
        );
    }

    /// Adds the text at `path` (see [`Collector::add`]) as one of `reference`'s (and `field`'s).
    #[allow(clippy::too_many_arguments)]
    fn owned(
        &mut self,
        file: &SourceFile,
        key: String,
        what: String,
        path: Vec<Step>,
        raw: Option<&RawLocalized>,
        (reference, field): (&str, Option<&str>),
        legacy: Legacy,
    ) -> Option<&mut Text> {
        let text = self.add(file, &key, &what, path, raw, legacy)?;
        text.reference = Some(reference.to_string());
        text.field = field.map(str::to_string);
        Some(text)
    }

    /// Adds the text at `path` when it has a default-language value.
    fn add(
        &mut self,
        file: &SourceFile,
        key: &str,
        what: &str,
        path: Vec<Step>,
        raw: Option<&RawLocalized>,
        legacy: Legacy,
    ) -> Option<&mut Text> {
        let raw = raw?;
        let source = raw.get(self.default.code())?;
        let written = raw.get(self.lang.code());
        let translation = written.map(|t| t.get_ref().trim_end().to_string());
        let source_text = source.get_ref().trim_end().to_string();
        let made = match (self.memory.get(key), legacy) {
            (Some(from), _) if from.trim_end() == source_text => Made::Current,
            (Some(from), _) => Made::Stale(Some(from.trim_end().to_string())),
            (None, Some(true)) => Made::Current,
            (None, Some(false)) => Made::Stale(None),
            (None, None) => Made::Unstamped,
        };
        self.texts.push(Text {
            key: key.to_string(),
            what: what.to_string(),
            file: file.path.clone(),
            line: file.line_col(source.span().start).0,
            at: file.origin(written.unwrap_or(source).span().start),
            path,
            reference: None,
            field: None,
            source: source_text,
            translation,
            made,
            context: Vec::new(),
        });
        self.texts.last_mut()
    }
}
