//! Unit tests of [`super`] (annotation).

use super::*;

fn is_enum(name: &str) -> bool {
    let enums = ["IntervalStrategy", "SchedulerType", "OptimizerNames"];
    let more = ["HubStrategy", "FSDPOption", "DebugOption"];
    enums.contains(&name) || more.contains(&name)
}

/// One annotation per line: `source ; shape ; nullable ; English ; Chinese`.
/// The first 17 lines are every annotation of `TrainingArguments` 4.40.2.
const READINGS: &str = r#"
str ; Plain ; no ; string ; 字符串
bool ; Plain ; no ; boolean ; 布尔值
Union[IntervalStrategy, str] ; EnumOrString ; no ; IntervalStrategy member or string ; IntervalStrategy 成员或字符串
int ; Plain ; no ; integer ; 整数
Optional[int] ; Optional ; yes ; integer or None ; 整数或 None
Optional[float] ; Optional ; yes ; float or None ; 浮点数或 None
float ; Plain ; no ; float ; 浮点数
Union[SchedulerType, str] ; EnumOrString ; no ; SchedulerType member or string ; SchedulerType 成员或字符串
Optional[Union[dict, str]] ; PlainUnion ; yes ; dict or string, or None ; 字典或字符串，或 None
Optional[str] ; Optional ; yes ; string or None ; 字符串或 None
Optional[bool] ; Optional ; yes ; boolean or None ; 布尔值或 None
Union[str, List[DebugOption]] ; EnumOrString ; no ; string or list of DebugOption members ; 字符串或 DebugOption 成员列表
Optional[List[str]] ; Container ; yes ; list of strings or None ; 字符串列表或 None
Optional[Union[List[FSDPOption], str]] ; EnumOrString ; yes ; list of FSDPOption members or string, or None ; FSDPOption 成员列表或字符串，或 None
Union[OptimizerNames, str] ; EnumOrString ; no ; OptimizerNames member or string ; OptimizerNames 成员或字符串
Union[None, str, List[str]] ; PlainUnion ; yes ; string or list of strings, or None ; 字符串或字符串列表，或 None
Union[HubStrategy, str] ; EnumOrString ; no ; HubStrategy member or string ; HubStrategy 成员或字符串
str | None ; Optional ; yes ; string or None ; 字符串或 None
None ; Plain ; yes ; None ; None
Any ; Plain ; no ; any value ; 任意值
typing.Any ; Plain ; no ; any value ; 任意值
"IntervalStrategy" ; Plain ; no ; IntervalStrategy member ; IntervalStrategy 成员
Optional['HubStrategy'] ; Optional ; yes ; HubStrategy member or None ; HubStrategy 成员或 None
(int | None) ; Optional ; yes ; integer or None ; 整数或 None
int | str | None ; PlainUnion ; yes ; integer or string, or None ; 整数或字符串，或 None
Union[int, float, str] ; PlainUnion ; no ; integer, float or string ; 整数、浮点数或字符串
Union[IntervalStrategy, int] ; PlainUnion ; no ; IntervalStrategy member or integer ; IntervalStrategy 成员或整数
List[str] ; Container ; no ; list of strings ; 字符串列表
typing.List[ int , ] ; Container ; no ; list of integers ; 整数列表
list[int] | None ; Container ; yes ; list of integers or None ; 整数列表或 None
Dict[str, Any] ; Container ; no ; mapping from string to any value ; 键为字符串、值为任意类型的字典
Tuple[int, ...] ; Container ; no ; tuple of integers ; 整数元组
Tuple[int, str] ; Container ; no ; tuple of (integer, string) ; 由整数、字符串组成的元组
List[Union[int, str]] ; Container ; no ; list of integers or strings ; 元素为整数或字符串的列表
Set[HubStrategy] ; Container ; no ; set of HubStrategy members ; HubStrategy 成员集合
List[Dict[str, int]] ; Container ; no ; list of mappings from string to integer ; 元素为键为字符串、值为整数的字典的列表
Literal["a", "b"] ; Literal ; no ; one of "a", "b" ; 取值之一："a"、"b"
Optional[Literal['x', 1]] ; Literal ; yes ; one of "x", 1 or None ; 取值之一："x"、1 或 None
Literal["a", None] ; Literal ; yes ; one of "a", None ; 取值之一："a"、None
Optional["Literal['a']"] ; Literal ; yes ; one of "a" or None ; 取值之一："a"或 None
Path ; Plain ; no ; Path ; Path
List[Path] ; Container ; no ; list of Path values ; Path 列表
Größe ; Plain ; no ; Größe ; Größe
Callable[..., int] ; Plain ; no ; Callable[..., int] ; Callable[..., int]
"#;

#[test]
fn shapes_and_readings() {
    let lines: Vec<&str> = READINGS.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 44);
    for line in lines {
        let fields: Vec<&str> = line.split(" ; ").collect();
        let [src, shape, nullable, en, zh] = fields[..] else {
            panic!("bad table line {line}");
        };
        let t = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        assert_eq!(
            parse(&t.to_python()).as_ref(),
            Ok(&t),
            "round trip of {src}"
        );
        let c = classify(&t, &is_enum);
        assert_eq!(format!("{:?}", c.shape), shape, "shape of {src}");
        assert_eq!(c.nullable, nullable == "yes", "nullable of {src}");
        assert_eq!(describe(&t, Lang::En, &is_enum), en, "English for {src}");
        assert_eq!(describe(&t, Lang::Zh, &is_enum), zh, "Chinese for {src}");
    }
}

fn name(text: &str) -> TypeExpr {
    TypeExpr::Name(text.to_string())
}

fn sub(base: &str, args: Vec<TypeExpr>) -> TypeExpr {
    let base = base.to_string();
    TypeExpr::Subscript { base, args }
}

#[test]
fn parse_trees() {
    let bit_or = |names: &[&str]| TypeExpr::BitOr(names.iter().map(|n| name(n)).collect());
    assert_eq!(
        parse("Optional[int]"),
        Ok(sub("Optional", vec![name("int")]))
    );
    assert_eq!(parse("str | None"), Ok(bit_or(&["str", "None"])));
    assert_eq!(
        parse("(int | None) | str"),
        Ok(bit_or(&["int", "None", "str"]))
    );
    assert_eq!(parse("\"IntervalStrategy\""), Ok(name("IntervalStrategy")));
    assert_eq!(
        parse(" Optional[\n\t'Foo',\n]"),
        Ok(sub("Optional", vec![name("Foo")]))
    );
    let ellipsis = sub("Tuple", vec![name("int"), TypeExpr::Ellipsis]);
    assert_eq!(parse("Tuple[int, ...]"), Ok(ellipsis));
    let number = |text: &str| TypeExpr::Number(text.to_string());
    let numbers = vec![number("-1"), number("1.5"), number("2e-3"), name("True")];
    assert_eq!(
        parse("Literal[-1, 1.5, 2e-3, True]"),
        Ok(sub("Literal", numbers))
    );
    let escaped = parse(r#"Literal["a\"b", 'it\'s', "x\\y\n"]"#).unwrap();
    let strings = ["a\"b", "it's", "x\\y\n"].map(|s| TypeExpr::Str(s.to_string()));
    assert_eq!(escaped, sub("Literal", strings.to_vec()));
    assert_eq!(escaped.to_python(), r#"Literal["a\"b", "it's", "x\\y\n"]"#);
    assert_eq!(parse(&escaped.to_python()), Ok(escaped));
}

#[test]
fn enums_are_deduplicated_in_order() {
    let src = "Union[DebugOption, List[FSDPOption], Dict[str, DebugOption], str]";
    let c = classify(&parse(src).unwrap(), &is_enum);
    assert_eq!(c.shape, Shape::EnumOrString);
    assert_eq!(c.enums, ["DebugOption", "FSDPOption"]);
    let literal = parse("Literal[\"IntervalStrategy\"] | SchedulerType").unwrap();
    assert_eq!(classify(&literal, &is_enum).enums, ["SchedulerType"]);
}

/// One malformed annotation per line: `source ; offset ; part of the message`.
const MALFORMED: &str = r#"
int int ; 4 ; expected end of annotation, found name `int`
int] ; 3 ; expected end of annotation, found `]`
List[] ; 5 ; empty subscript: expected a type after `List[`, found `]`
Literal["abc ; 8 ; missing closing quote in string literal
Literal['ab\' ; 8 ; missing closing quote in string literal
int() ; 3 ; expected a type, found a call to `int`: calls are not allowed in annotations
1 ; 0 ; expected a type, found number `1`
... ; 0 ; expected a type, found `...`
List[int str] ; 9 ; expected `,` or `]` to close `List[` opened at column 5, found name `str`
Dict[str,, int] ; 9 ; expected a type, found `,`
int | | str ; 6 ; expected a type, found `|`
(int | None ; 11 ; expected `)` to close `(` opened at column 1, found end of annotation
() ; 0 ; expected a type, found `()`
List[@] ; 5 ; expected `,` or `]` to close `List[` opened at column 5, found `@`
typing. ; 7 ; expected an identifier
List[int, ; 9 ; expected `]` to close `List[` opened at column 5, found end of annotation
Optional[int ; 12 ; expected `]` to close `Optional[` opened at column 9, found end of annotation
Optional[""] ; 10 ; empty annotation
Optional["int int"] ; 14 ; expected end of annotation, found name `int`
Optional["1"] ; 10 ; expected a type, found number `1`
List[int][str] ; 0 ; expected a type, found `List[int]`
"#;

/// Malformed inputs whose spaces matter, so they cannot go in the table.
const SPACED_MALFORMED: [(&str, usize, &str); 3] = [
    ("", 0, "empty annotation: expected a type"),
    ("  \n\t ", 0, "empty annotation"),
    ("int | ", 6, "expected a type, found end of annotation"),
];

#[test]
fn malformed_annotations_point_at_the_problem() {
    let mut cases: Vec<(String, usize, String)> = SPACED_MALFORMED
        .iter()
        .map(|&(src, offset, message)| (src.to_string(), offset, message.to_string()))
        .collect();
    for line in MALFORMED.lines().filter(|l| !l.is_empty()) {
        let fields: Vec<&str> = line.split(" ; ").collect();
        let offset = fields[1].parse().unwrap();
        cases.push((fields[0].to_string(), offset, fields[2].to_string()));
    }
    assert_eq!(cases.len(), 24);
    for (src, offset, message) in cases {
        let e = parse(&src).expect_err(&src);
        assert_eq!(e.offset, offset, "offset for {src:?}: {e}");
        assert!(e.message.contains(&message), "message for {src:?}: {e}");
        assert!(e.message.starts_with(char::is_lowercase), "{e}");
    }
    let e = parse("Optional[int").unwrap_err();
    assert_eq!(e.to_string(), "expected `]` to close `Optional[` opened at column 9, found end of annotation (at column 13)");
}

#[test]
fn nesting_limit() {
    let nested = |levels: usize| format!("{}int{}", "List[".repeat(levels), "]".repeat(levels));
    assert!(parse(&nested(64)).is_ok());
    let e = parse(&nested(65)).unwrap_err();
    assert_eq!(e.message, "annotation nests deeper than 64 levels");
    assert_eq!(e.offset, 65 * 5 - 1, "the 65th `[`");
    // Ten thousand levels fail at the same bracket without overflowing the stack.
    assert_eq!(parse(&nested(10_000)).unwrap_err(), e);
    assert!(parse(&"List[".repeat(10_000)).is_err());
    assert!(parse(&"(".repeat(10_000)).is_err());
    // A quoted forward reference counts as one more level.
    let quoted = |levels: usize| format!("{}'int'{}", "List[".repeat(levels), "]".repeat(levels));
    assert!(parse(&quoted(63)).is_ok());
    assert_eq!(parse(&quoted(64)).unwrap_err().offset, 320);
}

#[test]
fn names_are_found_where_they_are_written() {
    assert_eq!(name_offset("Union[Strategey, str]", "Strategey"), Some(6));
    assert_eq!(name_offset("List['Foo']", "Foo"), Some(6));
    assert_eq!(name_offset("Literal['Foo'] | Foo", "Foo"), Some(17));
    assert_eq!(name_offset("int", "str"), None);
}

#[test]
fn prefixes_never_panic() {
    let samples = [
        "Optional[Union[List[FSDPOption], str]]",
        "Literal[\"a\\\"\", 'b', -1.5e3] | None",
        "Dict[str, \"Größe\"]",
    ];
    for sample in samples {
        let chars: Vec<char> = sample.chars().collect();
        for end in 0..chars.len() {
            let prefix: String = chars[..end].iter().collect();
            if let Err(e) = parse(&prefix) {
                assert!(e.offset <= end, "{prefix:?}: {e}");
            }
        }
        assert!(parse(sample).is_ok(), "{sample}");
    }
}
