//! What the user's files say, before validation: serde types that keep spans for errors.

use serde::Deserialize;
use serde_spanned::Spanned;
use std::collections::BTreeMap;

/// Text per language code, as written (`title.en = "…"`, `title.zh = "…"`).
pub type RawLocalized = BTreeMap<String, Spanned<String>>;

/// The `[ui.<lang>]` tables of `book.toml`, by the language as written.
pub type RawUi = BTreeMap<String, Spanned<BTreeMap<Spanned<String>, Spanned<String>>>>;

/// `book.toml`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawBookToml {
    /// The `[book]` table.
    pub book: RawBookSection,
    /// The `[build]` table.
    #[serde(default)]
    pub build: RawBuildSection,
    /// `[ui.<lang>]`: the interface strings of a language fieldbook does not ship, by key.
    #[serde(default)]
    pub ui: RawUi,
}

/// `[book]` in `book.toml`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawBookSection {
    /// Site title per language.
    pub title: RawLocalized,
    /// One-line description per language (used in `<meta name="description">`).
    pub description: Option<RawLocalized>,
    /// Languages to build, e.g. `["en", "zh"]`.
    pub languages: Spanned<Vec<Spanned<String>>>,
    /// The language the site root sends readers to; the first of `languages` when absent.
    pub default_language: Option<Spanned<String>>,
    /// Where the site will be served from, e.g. `https://example.org/docs/`.
    pub site_url: Option<Spanned<String>>,
    /// The slug of the guide that Union/Enum notes link to (e.g. `union-vs-enum`).
    pub union_note_page: Option<Spanned<String>>,
}

/// `[build]` in `book.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawBuildSection {
    /// Output folder, relative to the book root (default `book`).
    pub dest: Option<Spanned<String>>,
}

/// `content/<reference>/reference.toml`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawReference {
    /// The Python class name, e.g. `TrainingArguments`.
    pub class: Spanned<String>,
    /// Where users import it from, e.g. `transformers.TrainingArguments`.
    pub import_path: Spanned<String>,
    /// The library that defines the class.
    pub library: Option<Spanned<String>>,
    /// The library version the facts were read from.
    pub version: Option<Spanned<String>>,
    /// The Python file defining the class, relative to the book root: when given, every build
    /// takes the facts (names, annotations, defaults, choices, help) from it.
    pub python: Option<Spanned<String>>,
    /// Extra folders the Python reader looks imports up in (relative to the book root, or
    /// absolute), after the package's own root and its sibling packages.
    #[serde(default)]
    pub python_path: Vec<Spanned<String>>,
    /// Page title per language (defaults to the class name).
    pub title: Option<RawLocalized>,
    /// Introduction per language (Markdown).
    pub intro: RawLocalized,
    /// Other versions of the class, each built from its own source with the same content.
    #[serde(default)]
    pub versions: Vec<RawVersion>,
    /// The command line that parses the class: `"hf-argparser"` (none when left out).
    pub cli: Option<Spanned<String>>,
    /// The usage snippets each field shows: `"python"`, `"yaml"`, `"toml"`.
    pub forms: Option<Spanned<Vec<Spanned<String>>>>,
}

/// One `[[versions]]` entry of `reference.toml`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawVersion {
    /// The version, e.g. `4.39.3`; also the folder of its pages.
    pub name: Spanned<String>,
    /// The Python file defining the class in that version, relative to the book root.
    pub python: Spanned<String>,
}

/// One group file, `content/<reference>/groups/*.toml`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawGroup {
    /// The group's id; also its page's file name.
    pub id: Spanned<String>,
    /// Position among the reference's groups.
    pub order: Spanned<i64>,
    /// Title per language.
    pub title: RawLocalized,
    /// Introduction per language (Markdown).
    pub intro: RawLocalized,
    /// The fields of the group, in page order.
    #[serde(default, rename = "field")]
    pub fields: Vec<RawField>,
}

/// One `[[field]]` of a group file.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawField {
    /// The attribute name.
    pub name: Spanned<String>,
    /// A short human name per language ("Learning rate" / "学习率").
    pub label: Option<RawLocalized>,
    /// The type annotation as written in Python; may be left out when the reference has a
    /// `python` source, which supplies it.
    #[serde(rename = "type")]
    pub annotation: Option<Spanned<String>>,
    /// The default as a Python literal; absent means required (unless `default-factory`).
    pub default: Option<Spanned<String>>,
    /// The source expression when the code computes the default (then `default` is its value).
    pub default_expr: Option<Spanned<String>>,
    /// `default_factory=` as written, e.g. `dict`.
    pub default_factory: Option<Spanned<String>>,
    /// Allowed values (`metadata={"choices": …}`).
    pub choices: Option<Vec<Spanned<String>>>,
    /// The source expression of `choices` when it is not a literal list.
    pub choices_expr: Option<Spanned<String>>,
    /// Deprecation, when the field is on its way out.
    pub deprecated: Option<Spanned<RawDeprecation>>,
    /// Related fields of the same reference.
    #[serde(default)]
    pub see_also: Vec<Spanned<String>>,
    /// Other words readers search for (abbreviations, synonyms).
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    /// Names the field had before it was renamed; each gets a permalink to the field.
    #[serde(default)]
    pub old_names: Vec<Spanned<String>>,
    /// The name users write in config files (pydantic's `alias`), when not the field's own.
    pub alias: Option<Spanned<String>>,
    /// Constraints on the value: `{ ge = 0, max_length = 64 }`.
    pub constraints: Option<Spanned<BTreeMap<String, toml::Value>>>,
    /// A Python expression used as the example value in snippets and command lines.
    pub example: Option<Spanned<String>>,
    /// One line per language (plain text).
    pub summary: RawLocalized,
    /// The full explanation per language (Markdown).
    pub explanation: RawLocalized,
    /// Per non-default language: the hash of the default-language text the translation was made
    /// from (written by `fieldbook stamp`).
    #[serde(default)]
    pub translated_from: RawLocalized,
    /// Text for one other version of the reference (`[field.versions."4.41.2"]`), by version
    /// name: it replaces the field's own text on that version's pages.
    #[serde(default)]
    pub versions: BTreeMap<Spanned<String>, RawFieldVersion>,
}

/// `[field.versions."<version>"]`: what a field's pages of that version say instead of the
/// field's own text. Every key is optional; a key left out keeps the field's own.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawFieldVersion {
    /// One line per language (plain text).
    pub summary: Option<RawLocalized>,
    /// The explanation per language (Markdown).
    pub explanation: Option<RawLocalized>,
    /// The deprecation as that version has it.
    pub deprecated: Option<Spanned<RawDeprecation>>,
}

/// `deprecated = { … }` of a field.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawDeprecation {
    /// The version that deprecated it.
    pub since: Option<Spanned<String>>,
    /// The version announced for its removal.
    pub removed_in: Option<Spanned<String>>,
    /// The field to use instead.
    pub replacement: Option<Spanned<String>>,
    /// What to do instead, per language (Markdown).
    pub note: Option<RawLocalized>,
}

/// `content/<reference>/enums.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawEnumFile {
    /// Every enum the reference's annotations use.
    #[serde(default, rename = "enum")]
    pub enums: Vec<RawEnum>,
}

/// One `[[enum]]`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawEnum {
    /// The class name, e.g. `IntervalStrategy`.
    pub name: Spanned<String>,
    /// Where it is imported from.
    pub import_path: Option<Spanned<String>>,
    /// What the enum selects, per language.
    pub summary: RawLocalized,
    /// What happens when a value outside the members is passed, per language (Markdown).
    pub on_invalid: Option<RawLocalized>,
    /// Its members in declaration order.
    #[serde(default, rename = "member")]
    pub members: Vec<RawMember>,
}

/// One `[[enum.member]]`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawMember {
    /// The member's name, e.g. `STEPS`.
    pub name: Spanned<String>,
    /// Its string value, e.g. `steps`.
    pub value: Spanned<String>,
    /// What choosing it does, per language (Markdown).
    pub text: RawLocalized,
}

/// The TOML front matter of a guide (`+++ … +++`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawFrontMatter {
    /// The guide's title.
    pub title: Option<Spanned<String>>,
    /// The sidebar section: `guides` (default) or `concepts`.
    pub section: Option<Spanned<String>>,
    /// Position within the section (lower first).
    #[serde(default)]
    pub weight: i64,
    /// In a translated guide: the hash of the default-language guide it was translated from
    /// (written by `fieldbook stamp`).
    pub translated_from: Option<Spanned<String>>,
}

/// `glossary.toml`: the book's terminology, checked in every translation.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawGlossary {
    /// One `[[term]]` per concept.
    #[serde(default, rename = "term")]
    pub terms: Vec<RawTerm>,
}

/// One `[[term]]` of `glossary.toml`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RawTerm {
    /// The term in the default language, e.g. `epoch`.
    pub term: Spanned<String>,
    /// Other forms of it matched too (its plural with `s`/`es` always is), e.g. `sharding`.
    #[serde(default)]
    pub forms: Vec<Spanned<String>>,
    /// Per language: the translations to use; a translation of a text that uses the term must
    /// use one of them.
    #[serde(default, rename = "use")]
    pub preferred: BTreeMap<String, Vec<Spanned<String>>>,
    /// Per language: variants a translation must never use.
    #[serde(default)]
    pub avoid: BTreeMap<String, Vec<Spanned<String>>>,
    /// Why, for translators (shown in PO comments).
    pub note: Option<Spanned<String>>,
}
