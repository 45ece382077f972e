//! Everything fieldbook knows about Python source, in one place.
//!
//! - [`reader`]: reads a dataclass straight from its `.py` file with ruff's parser (fields,
//!   inherited fields, defaults, `default_factory`, metadata, docstring entries). Every build of a
//!   reference with `python = "…"` uses it, as do `import`, `check --python` and `diff`.
//! - [`annotation`]: a type annotation (`Optional[Union[dict, str]]`) as a tree, how it is shaped
//!   (plain, optional, enum-or-string, …) and how it reads in English and Chinese.
//! - [`literal`]: a default or example value (`5e-5`, `"steps"`, `{"a": [1, None]}`) as a typed
//!   value that keeps the text it was written as.
//! - [`docstring`]: the `Args:` / `Parameters:` section of a class docstring.
//! - [`diff`]: comparisons of Python facts: a docstring against its code (`check --python`), and
//!   one version of a class against another (`diff`, "What changed" pages).
//!
//! Annotations and literals are parsed with the same ruff parser the reader uses, whether they
//! come from a `.py` file or from the content's TOML.

pub mod annotation;
pub mod diff;
pub mod docstring;
pub mod literal;
pub mod reader;

/// Stack size of the thread that parses deeply nested Python (reserved, only touched as far as
/// it is used).
const DEEP_STACK: usize = 1 << 30;

/// Runs `f` on a thread with a deep stack, or on this one when no thread can be had: ruff's
/// syntax trees are dropped recursively, so absurdly nested input needs one.
pub(crate) fn on_deep_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    let f = std::sync::Mutex::new(Some(f));
    let take = || f.lock().ok().and_then(|mut f| f.take());
    let spawned = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("fieldbook-python".to_string())
            .stack_size(DEEP_STACK)
            .spawn_scoped(scope, || take().map(|f| f()))
            .ok()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
    });
    match spawned.flatten() {
        Some(value) => value,
        None => match take() {
            Some(f) => f(),
            None => unreachable!("`f` runs on the thread or here"),
        },
    }
}
