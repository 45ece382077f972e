//! View models: what templates see. Every string is already in the page's language and every
//! link is already relative to the page; templates never see domain types.

use serde::Serialize;
use std::collections::BTreeMap;

/// A link with its label.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// What the reader sees.
    pub label: String,
    /// Where it goes, relative to the page.
    pub href: String,
}

/// One language in the language switch.
#[derive(Debug, Clone, Serialize)]
pub struct AlternateView {
    /// Language code (`en`).
    pub code: String,
    /// BCP 47 tag for `hreflang`.
    pub tag: String,
    /// The language's own name.
    pub name: String,
    /// The same page in that language, relative.
    pub href: String,
    /// The same page in that language, absolute (site URL based), for `<link rel="alternate">`.
    pub url: String,
    /// True for the page's own language.
    pub current: bool,
}

/// One entry of the sidebar.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// Label.
    pub label: String,
    /// Link, relative to the page.
    pub href: String,
    /// True on the page it links to.
    pub current: bool,
    /// A small count or note shown after the label.
    pub badge: Option<String>,
}

/// One section of the sidebar (a reference, the guides, the concepts).
#[derive(Debug, Clone, Serialize)]
pub struct NavSection {
    /// Heading.
    pub title: String,
    /// Entries.
    pub items: Vec<NavItem>,
}

/// What every page shares: language, chrome strings, sidebar, switch.
#[derive(Debug, Clone, Serialize)]
pub struct Chrome {
    /// Page language code.
    pub lang: String,
    /// `<html lang>`.
    pub html_lang: String,
    /// UI strings in this language.
    pub t: BTreeMap<&'static str, &'static str>,
    /// Relative prefix back to the site root.
    pub root: String,
    /// The book's title.
    pub site_title: String,
    /// The book's description.
    pub description: String,
    /// Link to this language's home page.
    pub home_href: String,
    /// Sidebar.
    pub nav: Vec<NavSection>,
    /// Language switch.
    pub alternates: Vec<AlternateView>,
    /// This page's absolute URL.
    pub canonical: String,
    /// The `<title>` text.
    pub page_title: String,
    /// Version switch: the same page in every version of the current reference (empty when
    /// it has one version).
    pub versions: Vec<NavItem>,
    /// The "What changed" pages of the current reference, one per pair of versions.
    pub changes: Vec<NavItem>,
}

/// A row of the generated type note.
#[derive(Debug, Clone, Serialize)]
pub struct NoteRow {
    /// `IntervalStrategy.STEPS` for enum members.
    pub member: Option<String>,
    /// The value as code (`"steps"`, `dict`).
    pub value: String,
    /// What it does (HTML).
    pub text_html: String,
    /// True for the field's default.
    pub is_default: bool,
}

/// The generated Union/Enum/choices note of a field.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    /// `enum`, `union`, `choices` or `literal`.
    pub kind: &'static str,
    /// Heading.
    pub title: String,
    /// First sentence (HTML).
    pub intro_html: String,
    /// The allowed values or forms.
    pub rows: Vec<NoteRow>,
    /// What happens otherwise (HTML).
    pub outro_html: String,
    /// Link to the "Union vs Enum" concept page.
    pub concept: Option<LinkView>,
}

/// A field's deprecation.
#[derive(Debug, Clone, Serialize)]
pub struct DeprecationView {
    /// Version that deprecated it.
    pub since: Option<String>,
    /// Version that removes it.
    pub removed_in: Option<String>,
    /// The field to use instead.
    pub replacement: Option<LinkView>,
    /// Extra advice (HTML).
    pub note_html: Option<String>,
}

/// A field as a row of a defaults table.
#[derive(Debug, Clone, Serialize)]
pub struct FieldRow {
    /// Name and anchor id.
    pub name: String,
    /// Short human name, when the content gives one.
    pub label: Option<String>,
    /// Link to the field's section, relative to the page being rendered.
    pub href: String,
    /// Annotation as written.
    pub annotation: String,
    /// Human reading of the type.
    pub reading: String,
    /// True when there is no default.
    pub required: bool,
    /// The default as code.
    pub default_code: Option<String>,
    /// Extra words on how the default comes about (HTML).
    pub default_note_html: Option<String>,
    /// One-line summary.
    pub summary: String,
    /// The html tag of the language the summary is shown in when the page's language has none
    /// of its own.
    pub summary_lang: Option<&'static str>,
    /// True when the field is deprecated.
    pub deprecated: bool,
}

/// A field's whole section on its group page.
#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    /// What the defaults table shows (flattened: templates read `f.name`, `f.summary`, …).
    #[serde(flatten)]
    pub row: FieldRow,
    /// Explanation (HTML).
    pub explanation_html: String,
    /// The html tag of the language the explanation is shown in when the page's language has
    /// none of its own.
    pub explanation_lang: Option<&'static str>,
    /// The command-line form, for classes parsed from the command line (`cli` in
    /// `reference.toml`); none otherwise.
    pub cli: Option<String>,
    /// Caption of the declaration snippet ("Declared in transformers 4.40.2").
    pub declaration_title: String,
    /// Highlighted `field(...)` declaration (HTML).
    pub declaration_html: String,
    /// Highlighted usage examples, one per form of the reference's `forms` (Python call, YAML or
    /// TOML keys).
    pub usages: Vec<UsageView>,
    /// Deprecation, if any.
    pub deprecation: Option<DeprecationView>,
    /// Related fields.
    pub see_also: Vec<LinkView>,
    /// The name users write in config files, when not the field's own (pydantic's `alias`).
    pub config_name: Option<String>,
    /// Each constraint on the value, worded (`≥ 0`, `length ≤ 64`).
    pub constraints: Vec<String>,
    /// The other references of the book that document a class the annotation names (a nested
    /// config class).
    pub class_links: Vec<LinkView>,
    /// Generated type note, if any.
    pub note: Option<NoteView>,
    /// When this language's text was translated from an older default-language text: a link to
    /// the field in the default language.
    pub stale: Option<LinkView>,
}

/// One usage example of a field.
#[derive(Debug, Clone, Serialize)]
pub struct UsageView {
    /// Its caption ("Setting it in code").
    pub title: String,
    /// The code's language: `python`, `yaml` or `toml`.
    pub language: &'static str,
    /// The highlighted code (HTML).
    pub html: String,
}

/// A group in listings (index pages, defaults tables).
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// Group id (anchor on the defaults page).
    pub id: String,
    /// Title.
    pub title: String,
    /// Intro (HTML).
    pub intro_html: String,
    /// Link to the group page.
    pub href: String,
    /// Its fields as table rows (empty in listings that only need counts).
    pub rows: Vec<FieldRow>,
    /// Its fields' whole sections (only on the group's own page).
    pub fields: Vec<FieldView>,
    /// How many fields it has.
    pub count: usize,
}

/// An enum member on the enums page.
#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    /// `STEPS`.
    pub name: String,
    /// `steps`.
    pub value: String,
    /// Anchor id, `IntervalStrategy.STEPS`.
    pub anchor: String,
    /// What it does (HTML).
    pub text_html: String,
}

/// An enum on the enums page.
#[derive(Debug, Clone, Serialize)]
pub struct EnumView {
    /// Name and anchor id.
    pub name: String,
    /// Import path.
    pub import_path: Option<String>,
    /// Summary (HTML).
    pub summary_html: String,
    /// Members.
    pub members: Vec<MemberView>,
    /// Fields typed with it.
    pub used_by: Vec<LinkView>,
}

/// A reference as its index page and the home page show it.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceView {
    /// Title.
    pub title: String,
    /// Class name.
    pub class_name: String,
    /// Import path.
    pub import_path: String,
    /// Library name.
    pub library: Option<String>,
    /// Library version.
    pub version: Option<String>,
    /// Intro (HTML).
    pub intro_html: String,
    /// Link to its index page.
    pub href: String,
    /// Link to the defaults page.
    pub defaults_href: String,
    /// Link to the enums page (when it has enums).
    pub enums_href: Option<String>,
    /// Its groups (without field sections).
    pub groups: Vec<GroupView>,
    /// Number of fields.
    pub field_count: usize,
    /// Translation coverage per translated language.
    pub coverage: Vec<CoverageView>,
}

/// How much of a reference is translated into one language, and how much of it is current.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageView {
    /// The language's own name.
    pub language: String,
    /// Its fields by translation state.
    #[serde(flatten)]
    pub counts: crate::drift::Coverage,
}
