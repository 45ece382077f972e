//! What changed in a class between two versions of its source: found by
//! [`crate::python::diff::diff`], shown on the "What changed" pages and by `fieldbook diff`.

/// What changed between two versions of a dataclass (`fieldbook diff`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ClassDiff {
    /// Fields only in the new version (not counting rename targets already listed).
    pub added: Vec<AddedField>,
    /// Fields only in the old version that were not renamed.
    pub removed: Vec<String>,
    /// Removed fields whose old help said they were deprecated in favour of a field of the new
    /// version.
    pub renamed: Vec<Renamed>,
    /// Facts that changed on fields present in both.
    pub changed: Vec<Change>,
}

/// A field new in the new version.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AddedField {
    /// Its name.
    pub name: String,
    /// Its annotation (one line).
    pub annotation: String,
    /// Its default as source text (or `factory()`), null when required.
    pub default: Option<String>,
}

/// A field that went away (or stays only as a deprecated alias) in favour of another.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Renamed {
    /// The old name.
    pub from: String,
    /// The new name.
    pub to: String,
    /// False when a deprecation names the new field (the old help, or the new help of an old
    /// field that stays as a deprecated alias); true when it is inferred from a removed and an
    /// added field with the same annotation and default and similar help.
    pub inferred: bool,
}

/// One changed fact of a field.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    /// The field.
    pub name: String,
    /// `default`, `type` or `choices`.
    pub what: &'static str,
    /// The old value as source text (null: none).
    pub old: Option<String>,
    /// The new value as source text (null: none).
    pub new: Option<String>,
}
