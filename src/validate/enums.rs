//! A reference's `enums.toml`: every enum's name, import path, members and texts.

use super::field::KNOWN_TYPES;
use super::names::{check_import_path, is_identifier};
use crate::config::localized;
use crate::diagnostics::Diagnostics;
use crate::lang::Lang;
use crate::model::{EnumDef, EnumMember};
use crate::source::raw::RawEnumFile;
use crate::source::Parsed;
use std::collections::BTreeMap;

pub(super) fn enums(
    parsed: &Parsed<RawEnumFile>,
    langs: &[Lang],
    problems: &mut Diagnostics,
) -> Vec<EnumDef> {
    let file = &parsed.file;
    let first_at = |offset: usize| {
        let (line, col) = file.line_col(offset);
        format!("{}:{line}:{col}", file.path.display())
    };
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for e in &parsed.value.enums {
        let name = e.name.get_ref();
        if let Some(&first) = seen.get(name.as_str()) {
            problems.push(
                file.error_at(
                    e.name.span().start,
                    format!("enum `{name}` is defined twice"),
                )
                .with_hint(format!(
                    "it is first defined at {}; keep one definition",
                    first_at(first)
                )),
            );
            continue;
        }
        seen.insert(name, e.name.span().start);
        if !is_identifier(name) {
            problems.push(
                file.error_at(
                    e.name.span().start,
                    format!("enum name `{name}` is not a Python identifier"),
                )
                .with_hint("write the class name as in the Python source, e.g. `IntervalStrategy`"),
            );
        } else if KNOWN_TYPES.contains(&name.as_str()) {
            problems.push(
                file.error_at(
                    e.name.span().start,
                    format!("enum `{name}` has the name of a built-in type"),
                )
                .with_hint(
                    "annotations could not tell the two apart; use the enum's own class name",
                ),
            );
        }
        if let Some(path) = &e.import_path {
            check_import_path(file, path, problems);
        }
        if e.members.is_empty() {
            problems.push(
                file.error_at(e.name.span().start, format!("enum `{name}` has no members"))
                    .with_hint("add its members as `[[enum.member]]` tables with `name`, `value` and `text`"),
            );
        }
        let mut member_names: BTreeMap<&str, usize> = BTreeMap::new();
        let mut values: BTreeMap<&str, usize> = BTreeMap::new();
        let members = e
            .members
            .iter()
            .map(|m| {
                let member = m.name.get_ref();
                if let Some(&first) = member_names.get(member.as_str()) {
                    problems.push(
                        file.error_at(
                            m.name.span().start,
                            format!("member `{name}.{member}` is defined twice"),
                        )
                        .with_hint(format!(
                            "it is first defined at {}; keep one definition",
                            first_at(first)
                        )),
                    );
                } else {
                    member_names.insert(member, m.name.span().start);
                    if !is_identifier(member) {
                        problems.push(
                            file.error_at(
                                m.name.span().start,
                                format!("member name `{member}` is not a Python identifier"),
                            )
                            .with_hint("write the member as in the Python source, e.g. `STEPS`"),
                        );
                    }
                }
                if let Some(&first) = values.get(m.value.get_ref().as_str()) {
                    problems.push(
                        file.error_at(
                            m.value.span().start,
                            format!(
                                "value \"{}\" is used by two members of `{name}`",
                                m.value.get_ref()
                            ),
                        )
                        .with_hint(format!(
                            "it is first used at {}; Python would make the second an alias, so list it once",
                            first_at(first)
                        )),
                    );
                } else {
                    values.insert(m.value.get_ref(), m.value.span().start);
                }
                EnumMember {
                    name: m.name.get_ref().clone(),
                    value: m.value.get_ref().clone(),
                    text: localized(
                        file,
                        &m.text,
                        m.name.span().start,
                        &format!("member `{name}.{}`", m.name.get_ref()),
                        "text",
                        langs,
                        problems,
                    ),
                }
            })
            .collect();
        out.push(EnumDef {
            name: name.clone(),
            import_path: e.import_path.as_ref().map(|s| s.get_ref().clone()),
            summary: localized(
                file,
                &e.summary,
                e.name.span().start,
                &format!("the summary of enum `{name}`"),
                "summary",
                langs,
                problems,
            ),
            on_invalid: e.on_invalid.as_ref().map(|t| {
                localized(
                    file,
                    t,
                    e.name.span().start,
                    &format!("`on-invalid` of enum `{name}`"),
                    "on-invalid",
                    langs,
                    problems,
                )
            }),
            members,
            origin: file.origin(e.name.span().start),
        });
    }
    out
}
