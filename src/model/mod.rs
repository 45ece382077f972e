//! The validated book: what every later stage works from.

pub mod changes;

use crate::lang::Lang;

use crate::diagnostics::Origin;
use crate::python::annotation::{Classification, TypeExpr};
use crate::python::literal::Literal;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A value given per configured language: always in the default language, in another language
/// only where someone wrote it (a language without it is *missing* there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localized<T> {
    /// The values written, by language; always holds `default`.
    values: BTreeMap<Lang, T>,
    /// The language a missing value falls back to.
    default: Lang,
}

impl<T> Localized<T> {
    /// The values written per language; `values` must hold `default` (validation reports a
    /// missing default-language text before building one).
    pub fn new(values: BTreeMap<Lang, T>, default: Lang) -> Self {
        debug_assert!(values.contains_key(&default));
        Localized { values, default }
    }

    /// The value in `lang`, or in the default language where `lang` has none.
    pub fn get(&self, lang: Lang) -> &T {
        self.values
            .get(&lang)
            .or_else(|| self.values.get(&self.default))
            .or_else(|| self.values.values().next())
            .expect("validation fills the default language")
    }

    /// The value written in `lang`, if any (no fallback).
    pub fn translated(&self, lang: Lang) -> Option<&T> {
        self.values.get(&lang)
    }

    /// The value written in `lang`, if any, to change it.
    pub fn translated_mut(&mut self, lang: Lang) -> Option<&mut T> {
        self.values.get_mut(&lang)
    }

    /// Whether `lang` has no value of its own and shows the default language's.
    pub fn is_missing(&self, lang: Lang) -> bool {
        !self.values.contains_key(&lang)
    }

    /// The language a missing value falls back to.
    pub fn default_language(&self) -> Lang {
        self.default
    }
}

/// Site-wide settings from `book.toml`.
#[derive(Debug, Clone)]
pub struct BookConfig {
    /// The site's title per language.
    pub title: Localized<String>,
    /// The site's description per language.
    pub description: Localized<String>,
    /// The languages to build, the default first.
    pub languages: Vec<Lang>,
    /// The language the site root sends readers to.
    pub default_language: Lang,
    /// The public base URL, always ending in `/` (`/` when not configured).
    pub site_url: String,
    /// The guide that Union/Enum notes link to.
    pub union_note_page: Option<String>,
    /// Where the site is written (absolute or relative to the working directory).
    pub dest: PathBuf,
    /// Where `book.toml` sets `[build] dest`, when DEST comes from there rather than from `-d`:
    /// a book may then only write inside its own folder.
    pub dest_set_in_book: Option<crate::diagnostics::Origin>,
}

/// A whole validated book.
#[derive(Debug, Clone)]
pub struct Book {
    /// Settings.
    pub config: BookConfig,
    /// The config classes documented, sorted by id.
    pub references: Vec<Reference>,
    /// Guides and concept pages, in sidebar order.
    pub guides: Vec<Guide>,
    /// The book's terminology (`glossary.toml`); empty when it has none.
    pub glossary: crate::glossary::Glossary,
    /// Problems across the book that do not stop the build (terminology).
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
    /// Translations made from an earlier default-language text, per text (see
    /// [`crate::memory`]).
    pub stale: Vec<StaleText>,
}

/// A translated text whose default-language text changed since it was translated.
#[derive(Debug, Clone)]
pub struct StaleText {
    /// The language of the translation.
    pub lang: Lang,
    /// What it is: "the summary of `learning_rate`", "guide `union-vs-enum`".
    pub what: String,
    /// Where the translation is written.
    pub origin: Origin,
}

/// One documented config class.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The folder name under `content/`; used in URLs.
    pub id: String,
    /// The Python class name.
    pub class_name: String,
    /// Where users import it from.
    pub import_path: String,
    /// The library defining it.
    pub library: Option<String>,
    /// The library version the facts were read from.
    pub version: Option<String>,
    /// The page title per language.
    pub title: Localized<String>,
    /// Introduction per language (Markdown).
    pub intro: Localized<String>,
    /// Groups in order.
    pub groups: Vec<Group>,
    /// Enums used by the annotations.
    pub enums: Vec<EnumDef>,
    /// Where `reference.toml` starts, for problems found while rendering.
    pub origin: Origin,
    /// The Python file the facts are read from (`python` in `reference.toml`), as written.
    pub python: Option<PathBuf>,
    /// Problems that do not stop the build: content facts the code contradicts, fields of the
    /// code the content does not document.
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
    /// Every version of the class this reference documents, oldest first; empty when the
    /// reference declares no `[[versions]]`. The same list on the main reference and on each
    /// of [`Reference::other_versions`].
    pub versions: Vec<VersionEntry>,
    /// The pages of the other versions: the same content over each version's code, with the id
    /// `<id>/v/<version>` (on the main reference only).
    pub other_versions: Vec<Reference>,
    /// What changed between each pair of consecutive versions, oldest first (on the main
    /// reference only).
    pub changes: Vec<VersionChange>,
    /// How users set the class's fields: the command line and the snippet forms its pages show.
    pub usage: Usage,
}

/// How users of a class set its fields (`cli` and `forms` in `reference.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    /// The command line that parses the class, if any: pages show a flag row only then.
    pub cli: Option<CommandLine>,
    /// The usage snippets each field shows, in order (`python` alone by default).
    pub forms: Vec<UsageForm>,
}

impl Default for Usage {
    fn default() -> Usage {
        Usage {
            cli: None,
            forms: vec![UsageForm::Python],
        }
    }
}

/// A command line that fills the class from flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandLine {
    /// transformers' `HfArgumentParser` (`cli = "hf-argparser"`): `--name value`, `--no_name`.
    HfArgparser,
}

/// One way of setting a field that a usage snippet shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageForm {
    /// A constructor call in Python.
    Python,
    /// A key in a YAML config file.
    Yaml,
    /// A key in a TOML config file.
    Toml,
}

impl UsageForm {
    /// The name written in `forms`, also the snippet's highlighting language.
    pub fn name(self) -> &'static str {
        match self {
            UsageForm::Python => "python",
            UsageForm::Yaml => "yaml",
            UsageForm::Toml => "toml",
        }
    }
}

/// One version of a reference, for the version switch and links between versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionEntry {
    /// The version's name, e.g. `4.39.3`.
    pub name: String,
    /// The id its pages live under: the reference's id for the main version,
    /// `<id>/v/<name>` for the others.
    pub id: String,
    /// Whether this is the reference's own `version` (today's URLs).
    pub main: bool,
    /// Field name → the id of the group documenting it in this version.
    pub fields: BTreeMap<String, String>,
}

/// What changed in a class between two consecutive versions.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionChange {
    /// The older version's name.
    pub old: String,
    /// The newer version's name.
    pub new: String,
    /// The fields added, removed, renamed and changed.
    pub diff: changes::ClassDiff,
}

impl Reference {
    /// Every field with the group it belongs to, in page order.
    pub fn fields(&self) -> impl Iterator<Item = (&Group, &Field)> {
        self.groups
            .iter()
            .flat_map(|g| g.fields.iter().map(move |f| (g, f)))
    }

    /// The field called `name` and its group.
    pub fn field(&self, name: &str) -> Option<(&Group, &Field)> {
        self.fields().find(|(_, f)| f.name == name)
    }

    /// The enum called `name`.
    pub fn enum_def(&self, name: &str) -> Option<&EnumDef> {
        self.enums.iter().find(|e| e.name == name)
    }
}

/// A group of related fields; one page per language.
#[derive(Debug, Clone)]
pub struct Group {
    /// The id; also the page's file name.
    pub id: String,
    /// Position among groups.
    pub order: i64,
    /// Its title and introduction: the content's, or fieldbook's own for the group it makes of
    /// the fields no group documents.
    pub text: GroupText,
    /// Fields in page order.
    pub fields: Vec<Field>,
    /// Where the group's `id` is, for problems found while rendering.
    pub origin: Origin,
}

/// Where a group's title and introduction come from.
#[derive(Debug, Clone)]
pub enum GroupText {
    /// Written in the content's group file.
    Written {
        /// Title per language.
        title: Localized<String>,
        /// Introduction per language (Markdown).
        intro: Localized<String>,
    },
    /// The group fieldbook makes of the fields the code has and no group documents; the
    /// renderer words its title and introduction.
    Undocumented,
}

/// Where a field's summary and explanation come from.
#[derive(Debug, Clone)]
pub enum FieldText {
    /// Written in the content.
    Written {
        /// One line per language.
        summary: Localized<String>,
        /// The explanation per language (Markdown).
        explanation: Localized<String>,
    },
    /// A field of the code that no group documents: the renderer shows its help as quoted.
    Undocumented(UndocumentedHelp),
}

/// What the code says about a field no group documents.
#[derive(Debug, Clone)]
pub struct UndocumentedHelp {
    /// The `help` metadata on one line, when the code gives one.
    pub help: Option<String>,
    /// Where the field is declared, `path:line`.
    pub place: String,
}

/// How a field gets its value when the caller does not pass one.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldDefault {
    /// No default: the caller must pass it.
    Required,
    /// A Python literal, e.g. `5e-5` or `"steps"`; `expr` is the source expression when the code
    /// computes it (then `literal` is what it evaluates to in the documented setup).
    Value {
        /// The literal value.
        literal: Literal,
        /// The expression as written in the source, when not a literal.
        expr: Option<String>,
    },
    /// A default the code computes (`expr`, as written) whose value the content does not give.
    Computed(String),
    /// `default_factory=…`, e.g. `dict`.
    Factory(String),
}

/// A field's deprecation.
#[derive(Debug, Clone)]
pub struct Deprecation {
    /// The version that deprecated it.
    pub since: Option<String>,
    /// The version announced for its removal.
    pub removed_in: Option<String>,
    /// The field to use instead.
    pub replacement: Option<String>,
    /// What to do instead, per language (Markdown); may be empty.
    pub note: Option<Localized<String>>,
}

/// One field of a config class.
#[derive(Debug, Clone)]
pub struct Field {
    /// The attribute name (a Python identifier); also its anchor.
    pub name: String,
    /// A short human name per language.
    pub label: Option<Localized<String>>,
    /// The annotation as written.
    pub annotation: String,
    /// The parsed annotation.
    pub type_expr: TypeExpr,
    /// Its shape, nullability and enums.
    pub classification: Classification,
    /// Its default.
    pub default: FieldDefault,
    /// Allowed values from the source's `choices`.
    pub choices: Option<Vec<String>>,
    /// The source expression of `choices`, when not a literal list.
    pub choices_expr: Option<String>,
    /// Its deprecation, if any.
    pub deprecation: Option<Deprecation>,
    /// Related fields.
    pub see_also: Vec<String>,
    /// Extra words for search.
    pub aliases: Vec<String>,
    /// Names the field had before a rename.
    pub old_names: Vec<String>,
    /// The name users write in config files when it is not the field's own (pydantic's
    /// `alias`).
    pub alias: Option<String>,
    /// Constraints on the value (pydantic's `ge`, `lt`, `min_length`, …) with their values as
    /// written, in [`CONSTRAINTS`] order.
    pub constraints: Vec<(String, String)>,
    /// A Python literal to use as the example value.
    pub example: Option<Literal>,
    /// Its summary and explanation: the content's, or the help the code gives a field no group
    /// documents.
    pub text: FieldText,
    /// Per translated (non-default) language: missing where the summary or explanation has no
    /// text in it, else whether its `translated-from` stamp is the hash of the current
    /// default-language text (current or stale), or unstamped.
    pub translations: BTreeMap<Lang, TranslationState>,
    /// Where the field's `name` is, for problems found while rendering.
    pub origin: Origin,
}

/// The constraints a field may state (`constraints = { ge = 0 }` or pydantic's `Field(ge=0)`),
/// in the order pages show them.
pub const CONSTRAINTS: [&str; 8] = [
    "gt",
    "ge",
    "lt",
    "le",
    "multiple_of",
    "min_length",
    "max_length",
    "pattern",
];

/// An enum used by annotations.
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// Class name.
    pub name: String,
    /// Where it is imported from.
    pub import_path: Option<String>,
    /// What it selects, per language.
    pub summary: Localized<String>,
    /// What happens with a value outside the members, per language (Markdown).
    pub on_invalid: Option<Localized<String>>,
    /// Members in declaration order.
    pub members: Vec<EnumMember>,
    /// Where the enum's `name` is, for problems found while rendering.
    pub origin: Origin,
}

/// One enum member.
#[derive(Debug, Clone)]
pub struct EnumMember {
    /// The member name, e.g. `STEPS`.
    pub name: String,
    /// Its string value, e.g. `steps`.
    pub value: String,
    /// What choosing it does, per language (Markdown).
    pub text: Localized<String>,
}

/// The sidebar section a guide sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GuideSection {
    /// Tutorials and how-tos.
    Guides,
    /// Background explanations such as "Union vs Enum".
    Concepts,
}

/// A guide or concept page, in every configured language.
#[derive(Debug, Clone)]
pub struct Guide {
    /// File name without language and extension; also the page's file name.
    pub slug: String,
    /// Sidebar section.
    pub section: GuideSection,
    /// Position in the section.
    pub weight: i64,
    /// Title per language.
    pub title: Localized<String>,
    /// Markdown body per language, with the file it came from (for link errors).
    pub body: Localized<GuideBody>,
}

/// The Markdown of one language's version of a guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideBody {
    /// The file it was read from, as shown in diagnostics.
    pub path: PathBuf,
    /// The line on which the Markdown body starts (1-based).
    pub first_line: usize,
    /// The Markdown text.
    pub markdown: String,
    /// A translation whose default-language guide changed since it was translated (its
    /// front matter's `translated-from` is not the hash of today's guide).
    pub stale: bool,
}

/// Where one field's translation into one language stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TranslationState {
    /// Stamped from the current default-language text.
    Current,
    /// Stamped from an earlier default-language text: the translation may be outdated.
    Stale,
    /// Never stamped: nobody recorded which text it was made from.
    Unstamped,
    /// Not translated: the language has no text of its own, pages show the default language's.
    Missing,
}
