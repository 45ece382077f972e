//! The reader on pydantic models and attrs classes: which attributes are fields, in which
//! order, with which facts (each library's own rules).

use super::*;
use std::fs;

fn read(source: &str, class: &str) -> ImportedClass {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.py");
    fs::write(&p, source).unwrap();
    read_config_class(&p, class, &[]).unwrap()
}

fn names(c: &ImportedClass) -> Vec<&str> {
    c.fields.iter().map(|f| f.name.as_str()).collect()
}

#[test]
fn pydantic_fields_in_mro_order_with_alias_constraints_and_description() {
    let c = read(
        r#"
from typing import Annotated, ClassVar
import inspect
from pydantic import BaseModel, ConfigDict, Field

class Base(BaseModel):
    a: int = 1
    b: str = Field("x", alias="B", min_length=1)

class Child(Base):
    model_config = ConfigDict(extra="forbid")
    LIMIT: ClassVar[int] = 3
    _cache: dict = {}
    c: Annotated[int, Field(ge=0, le=10, description="C help.")] = 5
    a: int = 2
    d: str = Field(..., description=inspect.cleandoc("""
        First line.
        Second line.
        """))
"#,
        "Child",
    );
    assert_eq!(c.kind, ClassKind::Pydantic);
    // A redefinition keeps the first position; private attributes, ClassVars and
    // `model_config` are not fields.
    assert_eq!(names(&c), ["a", "b", "c", "d"]);
    assert_eq!(c.fields[0].default.as_deref(), Some("2"));
    assert_eq!(c.fields[1].extra.alias.as_deref(), Some("B"));
    assert_eq!(c.fields[1].default.as_deref(), Some("\"x\""));
    assert_eq!(
        c.fields[1].extra.constraints,
        [("min_length".to_string(), "1".to_string())]
    );
    assert_eq!(c.fields[2].annotation, "int");
    assert_eq!(c.fields[2].help.as_deref(), Some("C help."));
    assert_eq!(c.fields[2].extra.constraints.len(), 2);
    assert_eq!(c.fields[3].default, None, "`...` is required");
    assert_eq!(
        c.fields[3].help.as_deref(),
        Some("First line.\nSecond line.")
    );
}

#[test]
fn attrs_fields_follow_attrs_rules() {
    let c = read(
        r#"
from attrs import define, field, Factory

@define
class A:
    x: int = 1
    y: int = 2

@define
class B(A):
    x: int = 3
    z: list = field(factory=list, metadata={"doc": "The z values."})
    w: list = Factory(list)
"#,
        "B",
    );
    assert_eq!(c.kind, ClassKind::Attrs);
    // attrs moves a redefined attribute to the subclass's place.
    assert_eq!(names(&c), ["y", "x", "z", "w"]);
    assert_eq!(c.fields[2].default_factory.as_deref(), Some("list"));
    assert_eq!(
        c.fields[2].extra.metadata_doc.as_deref(),
        Some("The z values.")
    );
    assert_eq!(c.fields[3].default_factory.as_deref(), Some("list"));

    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("old.py");
    fs::write(
        &p,
        "import attr\n@attr.s\nclass Old:\n    a = attr.ib(default=1, type=int)\n    \"\"\"The a.\"\"\"\n    b = attr.ib(factory=list)\n    c: int = 5\n",
    )
    .unwrap();
    let old = read_config_class(&p, "Old", &[]).unwrap();
    // Without auto_attribs only `attr.ib()` declares attributes.
    assert_eq!(names(&old), ["a", "b"]);
    assert_eq!(old.fields[0].annotation, "int");
    assert_eq!(old.fields[0].extra.attr_doc.as_deref(), Some("The a."));
}

#[test]
fn a_plain_class_is_refused_with_the_three_kinds_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("plain.py");
    fs::write(&p, "class Plain:\n    x: int = 1\n").unwrap();
    let e = read_config_class(&p, "Plain", &[]).unwrap_err();
    assert!(e.0[0]
        .message
        .contains("is not a dataclass, a pydantic model or an attrs class"));
}

#[test]
fn enums_and_nested_configs_are_found_through_imports() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("pkg")).unwrap();
    fs::write(dir.path().join("pkg/__init__.py"), "").unwrap();
    fs::write(
        dir.path().join("pkg/kinds.py"),
        "from enum import Enum\nclass Mode(str, Enum):\n    # the fast one\n    FAST = \"fast\"\n    SLOW = \"slow\"  # careful\n",
    )
    .unwrap();
    let p = dir.path().join("pkg/config.py");
    fs::write(
        &p,
        "from dataclasses import dataclass\nfrom .kinds import Mode\n@dataclass\nclass Inner:\n    n: int = 1\n",
    )
    .unwrap();
    match resolve_named(&p, "Mode", &[]) {
        Some(NamedType::Enum(e)) => {
            let got: Vec<_> = e
                .members
                .iter()
                .map(|m| (m.name.as_str(), m.value.as_str(), m.doc.as_deref()))
                .collect();
            assert_eq!(
                got,
                [
                    ("FAST", "\"fast\"", Some("the fast one")),
                    ("SLOW", "\"slow\"", Some("careful"))
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        resolve_named(&p, "Inner", &[]),
        Some(NamedType::Config { class, .. }) if class == "Inner"
    ));
    assert_eq!(resolve_named(&p, "int", &[]), None);
}
