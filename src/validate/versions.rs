//! The versions of a reference: each one built from its own source (`with_versions`), with the
//! text that is right for it.
//!
//! Every version of a reference (`version` and `[[versions]]` in reference.toml) is built from
//! the same content, so this module decides, per version, what a field's page says:
//!
//! - `[field.versions."<version>"]` replaces the field's `summary`, `explanation` or
//!   `deprecated` on that version's pages;
//! - a deprecation with `since` shows only on versions from `since` on, and its `removed-in`
//!   only on versions before it;
//! - a field the content does not mark deprecated but whose help in a version's own source
//!   says it is deprecated is shown deprecated on that version's pages, with the replacement the
//!   help names when that is a field of the version.
//!
//! It also reports, as warnings, the deprecation and rename facts of the content that a
//! version's own source contradicts: a field announced as removed in a version whose source
//! still has it, a deprecation `since` a version whose older source already marks it
//! deprecated, a `replacement` other than the one a version's help names, and an `old-names`
//! entry that a version's source still has as a field of its own.

use super::names::MAX_NAME;
use super::reference::{drop_missing_links, reference};
use crate::config::localized;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceFile};
use crate::lang::Lang;
use crate::model::{Deprecation, FieldText, Reference};
use crate::model::{VersionChange, VersionEntry};
use crate::python::reader::ImportedField;
use crate::source::raw::{RawDeprecation, RawField};
use crate::source::LoadedVersion;
use crate::source::{LoadedCode, LoadedReference};
use rayon::prelude::*;
use serde_spanned::Spanned;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::collections::BTreeSet;

/// A model deprecation from the content's `deprecated = { … }` of field `name`; a missing
/// translation of its note is a problem at `at`.
pub fn deprecation(
    file: &SourceFile,
    raw: &RawDeprecation,
    at: usize,
    name: &str,
    langs: &[Lang],
    problems: &mut Diagnostics,
) -> Deprecation {
    let text = |s: &Option<Spanned<String>>| s.as_ref().map(|s| s.get_ref().clone());
    Deprecation {
        since: text(&raw.since),
        removed_in: text(&raw.removed_in),
        replacement: text(&raw.replacement),
        note: raw.note.as_ref().map(|n| {
            localized(
                file,
                n,
                at,
                &format!("the deprecation note of `{name}`"),
                "deprecated.note",
                langs,
                problems,
            )
        }),
    }
}

/// Orders version names as versions: `4.9.1` before `4.40.2`, numbers by value, other parts
/// as text; `4.41` comes before `4.41.2`.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    version_key(a).cmp(&version_key(b))
}

/// The sort key of [`compare_versions`].
pub fn version_key(name: &str) -> Vec<(u64, String)> {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .map(|part| match part.parse::<u64>() {
            Ok(n) => (n, String::new()),
            Err(_) => (u64::MAX, part.to_string()),
        })
        .collect()
}

/// Whether a field's help in the source says that it is deprecated.
fn help_says_deprecated(code: &ImportedField) -> bool {
    code.help
        .as_deref()
        .is_some_and(|h| h.to_lowercase().contains("deprecat"))
}

/// The constructor fields of a version's class, by name.
fn init_fields(code: &LoadedCode) -> BTreeMap<&str, &ImportedField> {
    crate::code_facts::init_fields(&code.class.fields)
        .map(|f| (f.name.as_str(), f))
        .collect()
}

/// The constructor field (one of `fields`, those of `code`) that `field`'s help in `code` names
/// as its replacement.
fn replacement_in<'a>(
    field: &ImportedField,
    code: &'a LoadedCode,
    fields: &BTreeMap<&str, &ImportedField>,
) -> Option<&'a str> {
    crate::python::diff::rename_target(field, &code.class.fields).filter(|n| fields.contains_key(n))
}

/// The deprecation a content field has on the pages of `version`: its `[field.versions]`
/// entry's, else its own; with `since`, only from that version on.
fn raw_deprecation<'a>(raw: &'a RawField, version: &str) -> Option<&'a Spanned<RawDeprecation>> {
    let d = raw
        .versions
        .iter()
        .find(|(name, _)| name.get_ref() == version)
        .and_then(|(_, v)| v.deprecated.as_ref())
        .or(raw.deprecated.as_ref())?;
    let since = d.get_ref().since.as_ref().map(|s| s.get_ref().as_str());
    match since {
        Some(since) if compare_versions(version, since) == Ordering::Less => None,
        _ => Some(d),
    }
}

/// Makes the fields of `reference`, built from `code` (the source of `version`, or of the
/// reference's only version when it has no name), say what is right for that version: its
/// `[field.versions]` text, deprecations limited by `since` and `removed-in`, and deprecations
/// the source's help states that the content does not. Problems of the content are reported by
/// [`check_overrides`], not here.
pub fn apply(
    reference: &mut Reference,
    version: Option<&str>,
    loaded: &LoadedReference,
    code: &LoadedCode,
    langs: &[Lang],
) {
    let fields = init_fields(code);
    let raws: BTreeMap<&str, (&SourceFile, &RawField)> = loaded
        .groups
        .iter()
        .flat_map(|g| {
            g.value
                .fields
                .iter()
                .map(move |f| (f.name.get_ref().as_str(), (&g.file, f)))
        })
        .collect();
    let mut ignored = Diagnostics::default();
    for field in reference
        .groups
        .iter_mut()
        .flat_map(|g| g.fields.iter_mut())
    {
        if let (Some(version), Some((file, raw))) = (version, raws.get(field.name.as_str())) {
            let at = raw.name.span().start;
            if let Some((_, own)) = raw.versions.iter().find(|(n, _)| n.get_ref() == version) {
                let text = |t: &Option<_>, key: &str, problems: &mut Diagnostics| {
                    t.as_ref()
                        .map(|t| localized(file, t, at, key, key, langs, problems))
                };
                if let FieldText::Written {
                    summary,
                    explanation,
                } = &mut field.text
                {
                    if let Some(s) = text(&own.summary, "summary", &mut ignored) {
                        *summary = s;
                    }
                    if let Some(e) = text(&own.explanation, "explanation", &mut ignored) {
                        *explanation = e;
                    }
                }
            }
            field.deprecation = raw_deprecation(raw, version).map(|d| {
                let mut d = deprecation(file, d.get_ref(), at, &field.name, langs, &mut ignored);
                // This version's source has the field, so it was not removed before it.
                if d.removed_in
                    .as_deref()
                    .is_some_and(|r| compare_versions(r, version) != Ordering::Greater)
                {
                    d.removed_in = None;
                }
                d
            });
        }
        // What the source itself says, for the fields the content does not mark deprecated.
        let Some(code_field) = fields.get(field.name.as_str()) else {
            continue;
        };
        if field.deprecation.is_none() && help_says_deprecated(code_field) {
            field.deprecation = Some(Deprecation {
                since: None,
                removed_in: None,
                replacement: replacement_in(code_field, code, &fields).map(str::to_string),
                note: None,
            });
        }
    }
}

/// Checks each `[field.versions."<version>"]` of a reference: it must name one of `others`
/// (the reference's other versions, not `main`, whose text is the field's own), its texts need
/// every language, and a deprecation's `replacement` must be a field of that version.
pub fn check_overrides(
    loaded: &LoadedReference,
    main: Option<&str>,
    others: &[(&str, &LoadedCode)],
    langs: &[Lang],
    problems: &mut Diagnostics,
) {
    let names: Vec<&str> = others.iter().map(|(n, _)| *n).collect();
    for group in &loaded.groups {
        let file = &group.file;
        for raw in &group.value.fields {
            let field = raw.name.get_ref();
            for (version, own) in &raw.versions {
                let at = version.span().start;
                let name = version.get_ref().as_str();
                let Some((_, code)) = others.iter().find(|(n, _)| *n == name) else {
                    let message = if Some(name) == main {
                        format!("`{name}` is the reference's own version: the text of `{field}` there is the field's own")
                    } else {
                        format!("`{field}` has text for version `{name}`, which the reference does not have")
                    };
                    let hint = match (Some(name) == main, did_you_mean(name, &names)) {
                        (true, _) => "write it as the field's own `summary`, `explanation` or `deprecated`".to_string(),
                        (false, Some(close)) => format!("did you mean `{close}`?"),
                        (false, None) if names.is_empty() => "add the version as `[[versions]]` in reference.toml, with its `python` source".to_string(),
                        (false, None) => format!("the other versions are {}", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")),
                    };
                    problems.push(file.error_at(at, message).with_hint(hint));
                    continue;
                };
                let what = |part: &str| format!("the {part} of `{field}` for version {name}");
                if let Some(s) = &own.summary {
                    localized(file, s, at, &what("summary"), "summary", langs, problems);
                }
                if let Some(e) = &own.explanation {
                    localized(
                        file,
                        e,
                        at,
                        &what("explanation"),
                        "explanation",
                        langs,
                        problems,
                    );
                }
                let Some(d) = &own.deprecated else { continue };
                deprecation(file, d.get_ref(), at, field, langs, problems);
                if let Some(rep) = &d.get_ref().replacement {
                    let fields = init_fields(code);
                    if !fields.contains_key(rep.get_ref().as_str()) {
                        let known: Vec<&str> = fields.keys().copied().collect();
                        let hint = match did_you_mean(rep.get_ref(), &known) {
                            Some(close) => format!("did you mean `{close}`?"),
                            None => format!("name a field of version {name}'s source"),
                        };
                        problems.push(
                            file.error_at(
                                rep.span().start,
                                format!("the replacement `{}` of `{field}` is not a field of version {name}", rep.get_ref()),
                            )
                            .with_hint(hint),
                        );
                    }
                }
            }
        }
    }
}

/// Warnings for the deprecation and rename facts of the content that the source of one of
/// `versions` (every version of the reference, its own included) contradicts; each fact is
/// reported once, at its key, naming the first version that contradicts it. `main` is the
/// reference's own version, whose text cannot be given per version.
pub fn contradictions(
    loaded: &LoadedReference,
    main: &str,
    versions: &[(&str, &LoadedCode)],
) -> Vec<Diagnostic> {
    let mut sorted: Vec<(&str, &LoadedCode, BTreeMap<&str, &ImportedField>)> = versions
        .iter()
        .map(|(n, c)| (*n, *c, init_fields(c)))
        .collect();
    sorted.sort_by_cached_key(|(n, _, _)| version_key(n));
    let mut out: Vec<Diagnostic> = Vec::new();
    for group in &loaded.groups {
        let file = &group.file;
        for raw in &group.value.fields {
            let name = raw.name.get_ref();
            let mut reported: Vec<usize> = Vec::new();
            let mut warn = |offset: usize, message: String, hint: String| {
                if !reported.contains(&offset) {
                    reported.push(offset);
                    out.push(file.error_at(offset, message).with_hint(hint).drift());
                }
            };
            for (version, code, fields) in &sorted {
                // Where the text of this version alone could go.
                let own_text = if *version == main {
                    String::new()
                } else {
                    format!("; text for version {version} alone goes in `[field.versions.\"{version}\"]`")
                };
                let place =
                    |f: &ImportedField| format!("{}:{}", code.path.display(), f.origin.line);
                // Deprecations written for another version, or before their `since`, are not
                // this version's; `since` itself is checked against every version.
                let own = raw
                    .versions
                    .iter()
                    .find(|(n, _)| n.get_ref() == version)
                    .and_then(|(_, v)| v.deprecated.as_ref())
                    .or(raw.deprecated.as_ref());
                let Some(code_field) = fields.get(name.as_str()) else {
                    continue;
                };
                let Some(d) = own.map(|d| d.get_ref()) else {
                    check_old_names(raw, version, code, fields, &place, &mut warn);
                    continue;
                };
                if let Some(removed) = &d.removed_in {
                    if compare_versions(removed.get_ref(), version) != Ordering::Greater {
                        warn(
                            removed.span().start,
                            format!(
                                "`{name}` is announced as removed in {}, but the source of version {version} still has it ({})",
                                removed.get_ref(),
                                place(code_field)
                            ),
                            format!("give the version that really removes it, or remove `removed-in`{own_text}"),
                        );
                    }
                }
                let applies = raw_deprecation(raw, version).is_some();
                if let Some(since) = &d.since {
                    if !applies && help_says_deprecated(code_field) {
                        warn(
                            since.span().start,
                            format!(
                                "`{name}` is deprecated since {} here, but the source of version {version} already says it is deprecated ({})",
                                since.get_ref(),
                                place(code_field)
                            ),
                            format!("set `since` to {version} or earlier"),
                        );
                    }
                }
                if let (true, Some(rep)) = (applies, &d.replacement) {
                    let named = replacement_in(code_field, code, fields);
                    if let Some(named) = named.filter(|n| n != rep.get_ref()) {
                        warn(
                            rep.span().start,
                            format!(
                                "the replacement of `{name}` is `{}` here, but the source of version {version} says to use `{named}` ({})",
                                rep.get_ref(),
                                place(code_field)
                            ),
                            format!("name `{named}` as the replacement{own_text}"),
                        );
                    }
                }
                check_old_names(raw, version, code, fields, &place, &mut warn);
            }
        }
    }
    out
}

/// Warns about each earlier name of `raw` that version `version`'s `fields` still have as a
/// field which does not point to `raw` as its replacement.
fn check_old_names(
    raw: &RawField,
    version: &str,
    code: &LoadedCode,
    fields: &BTreeMap<&str, &ImportedField>,
    place: &dyn Fn(&ImportedField) -> String,
    warn: &mut dyn FnMut(usize, String, String),
) {
    let name = raw.name.get_ref();
    for old in &raw.old_names {
        let Some(f) = fields.get(old.get_ref().as_str()) else {
            continue;
        };
        if replacement_in(f, code, fields) != Some(name.as_str()) {
            warn(
                old.span().start,
                format!(
                    "`{}` is listed as an earlier name of `{name}`, but the source of version {version} has it as a field of its own ({})",
                    old.get_ref(),
                    place(f)
                ),
                format!("remove it from `old-names`, or make its help in that version say it is deprecated in favour of `{name}`"),
            );
        }
    }
}

/// A reference with its other versions (`[[versions]]`): each built from its own code and the
/// same content, with the version list and what changed between consecutive versions.
pub(super) fn with_versions(
    loaded: &LoadedReference,
    langs: &[Lang],
    default: Lang,
    classes: &BTreeSet<&str>,
    problems: &mut Diagnostics,
) -> Reference {
    let raw = &loaded.reference.value;
    let file = &loaded.reference.file;
    // Other versions need the main version's own name and code.
    let main_name = match (&raw.version, &loaded.code) {
        (Some(v), Some(_)) => Some(v.get_ref().as_str()),
        _ => None,
    };
    let (named, name_problems) = match main_name {
        Some(main_name) => named_versions(loaded, main_name),
        None => (Vec::new(), Diagnostics::default()),
    };
    // The main version and the others are built from their own code, all at once.
    let (mut main, built) = rayon::join(
        || {
            let mut r = reference(
                loaded,
                loaded.code.as_ref(),
                true,
                langs,
                default,
                classes,
                problems,
            );
            if let Some(code) = &loaded.code {
                apply(&mut r, main_name, loaded, code, langs);
            }
            r
        },
        || {
            named
                .par_iter()
                .map(|v| {
                    let name = v.name.get_ref();
                    // The content's problems are the main version's, reported there.
                    let mut ignored = Diagnostics::default();
                    let mut r = reference(
                        loaded,
                        Some(&v.code),
                        false,
                        langs,
                        default,
                        classes,
                        &mut ignored,
                    );
                    r.id = format!("{}/v/{name}", loaded.id);
                    r.version = Some(name.clone());
                    r.warnings.clear();
                    apply(&mut r, Some(name), loaded, &v.code, langs);
                    drop_missing_links(&mut r);
                    (r, &v.code)
                })
                .collect::<Vec<(Reference, &LoadedCode)>>()
        },
    );
    let others: Vec<(&str, &LoadedCode)> = named
        .iter()
        .map(|v| (v.name.get_ref().as_str(), &v.code))
        .collect();
    check_overrides(loaded, main_name, &others, langs, problems);
    if let (Some(main_name), Some(code)) = (main_name, &loaded.code) {
        let mut all = others.clone();
        all.push((main_name, code));
        main.warnings
            .extend(contradictions(loaded, main_name, &all));
    }
    let Some(first) = raw.versions.first() else {
        return main;
    };
    if main_name.is_none() {
        problems.push(
            file.error_at(first.name.span().start, "`[[versions]]` needs the reference's own `version` and `python`")
                .with_hint("add `version = \"…\"` and `python = \"….py\"` for the main version; each `[[versions]]` entry adds another"),
        );
        return main;
    }
    problems.0.extend(name_problems.0);
    let Some(main_code) = loaded.code.as_ref() else {
        return main;
    };
    let mut all: Vec<(&Reference, &LoadedCode, bool)> = vec![(&main, main_code, true)];
    all.extend(built.iter().map(|(r, c)| (r, *c, false)));
    all.sort_by_cached_key(|(r, _, _)| version_key(r.version.as_deref().unwrap_or("")));
    let versions: Vec<VersionEntry> = all
        .iter()
        .map(|(r, _, is_main)| VersionEntry {
            name: r.version.clone().unwrap_or_default(),
            id: r.id.clone(),
            main: *is_main,
            fields: r
                .fields()
                .map(|(g, f)| (f.name.clone(), g.id.clone()))
                .collect(),
        })
        .collect();
    let changes = all
        .windows(2)
        .map(|pair| VersionChange {
            old: pair[0].0.version.clone().unwrap_or_default(),
            new: pair[1].0.version.clone().unwrap_or_default(),
            // All fields, as `fieldbook diff` compares them, so the page and the CLI agree.
            diff: crate::python::diff::diff(&pair[0].1.class.fields, &pair[1].1.class.fields),
        })
        .collect();
    main.other_versions = built
        .into_iter()
        .map(|(mut r, _)| {
            r.versions = versions.clone();
            r
        })
        .collect();
    main.versions = versions;
    main.changes = changes;
    main
}

/// The `[[versions]]` entries whose names can be folder names and are not taken (by the main
/// version, `main_name`, or an earlier entry), and the problems of the others.
fn named_versions<'a>(
    loaded: &'a LoadedReference,
    main_name: &str,
) -> (Vec<&'a LoadedVersion>, Diagnostics) {
    let file = &loaded.reference.file;
    let mut seen = vec![main_name];
    let mut named = Vec::new();
    let mut problems = Diagnostics::default();
    for v in &loaded.versions {
        let name = v.name.get_ref();
        let bad_name = name.is_empty()
            || name.len() > MAX_NAME
            || name.starts_with('.')
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'));
        if bad_name || seen.contains(&name.as_str()) {
            let why = if bad_name {
                "cannot be a folder name: use at most 100 letters, digits, `.`, `-`, `_` and `+`, not starting with `.`"
            } else {
                "is already a version of this reference"
            };
            problems.push(
                file.error_at(v.name.span().start, format!("version `{name}` {why}"))
                    .with_hint(
                        "give each version its own name, as the library spells it, e.g. `4.39.3`",
                    ),
            );
            continue;
        }
        seen.push(name);
        named.push(v);
    }
    (named, problems)
}
