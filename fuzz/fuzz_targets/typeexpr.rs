//! The annotation parser: never panics, and whatever it accepts prints back canonically
//! (`parse(t.to_python()) == Ok(t)`, and printing that again gives the same text).
#![no_main]

use fieldbook::lang::Lang;
use fieldbook::python::annotation::{self, TypeExpr};
use libfuzzer_sys::fuzz_target;

fn is_enum(name: &str) -> bool {
    name.ends_with("Strategy") || name.ends_with("Type") || name == "Enum"
}

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let _ = annotation::name_offset(src, "int");
    let parsed: TypeExpr = match annotation::parse(src) {
        Ok(t) => t,
        Err(e) => {
            // Offsets are in characters and point into (or just past) the input.
            assert!(
                e.offset <= src.chars().count(),
                "error offset {} past the end of {src:?}",
                e.offset
            );
            let _ = e.to_string();
            return;
        }
    };
    let text = parsed.to_python();
    let again = annotation::parse(&text)
        .unwrap_or_else(|e| panic!("{src:?} parsed, but its text {text:?} does not: {e}"));
    assert_eq!(again, parsed, "{src:?} → {text:?} parses to another tree");
    assert_eq!(again.to_python(), text, "printing is not a fixed point");
    assert_eq!(parsed.to_string(), text);

    for name in parsed.type_names() {
        assert!(
            annotation::name_offset(src, name).is_some(),
            "type name {name:?} of {src:?} not found by name_offset"
        );
    }
    let classification = annotation::classify(&parsed, &is_enum);
    assert!(classification.enums.iter().all(|e| is_enum(e)));
    let _ = annotation::union_members(&parsed);
    let _ = annotation::literal_values(&parsed);
    for lang in Lang::ALL {
        let _ = annotation::describe(&parsed, lang, &is_enum);
    }
});
