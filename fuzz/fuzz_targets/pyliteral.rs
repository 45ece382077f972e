//! The Python literal checker (defaults): never panics, error offsets stay inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = fieldbook::python::literal::check(src) {
        assert!(
            e.offset <= src.chars().count(),
            "error offset {} past the end of {src:?}",
            e.offset
        );
    }
});
