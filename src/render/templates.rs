//! Tera setup: built-in templates embedded in the binary, overridable file by file from the
//! book's own `templates/` folder.

use super::erased::Page;
use super::template_limits::{self, Recursion};
use crate::cache::RebuildCache;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Book;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;
use tera::Tera;

/// The built-in templates, by name.
const BUILTINS: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("home.html", include_str!("../../templates/home.html")),
    (
        "reference.html",
        include_str!("../../templates/reference.html"),
    ),
    ("group.html", include_str!("../../templates/group.html")),
    (
        "defaults.html",
        include_str!("../../templates/defaults.html"),
    ),
    ("enums.html", include_str!("../../templates/enums.html")),
    ("changes.html", include_str!("../../templates/changes.html")),
    ("guide.html", include_str!("../../templates/guide.html")),
    ("root.html", include_str!("../../templates/root.html")),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
];

/// Static files copied to `DEST/assets/`: the stylesheets, the icon and the search box.
pub const ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../templates/assets/style.css"),
    ),
    (
        "search.js",
        include_str!("../../templates/assets/search.js"),
    ),
    (
        "favicon.svg",
        include_str!("../../templates/assets/favicon.svg"),
    ),
    (
        "highlight.css",
        include_str!("../../templates/assets/highlight.css"),
    ),
];

/// Compiled templates for one build.
pub struct Templates {
    tera: Tera,
    /// The files of `DEST/assets/`: the built-ins of [`ASSETS`], each replaced by the book's
    /// `templates/assets/<name>` when it has one.
    pub assets: Vec<(&'static str, Vec<u8>)>,
    /// Files of the book's `templates/` that change nothing (a misspelt override).
    pub warnings: Vec<Diagnostic>,
    /// A hash of every template's source: rendered pages are reused only with the same templates.
    fingerprint: u64,
    /// Every template: name, text and, for the book's own, its path as shown in messages.
    sources: Vec<(String, String, Option<String>)>,
}

impl Templates {
    /// Compiles the built-ins, replacing any the book overrides in `ROOT/templates/`.
    pub fn load(root: &Path) -> Result<Templates, Diagnostics> {
        let mut sources: Vec<(String, String, Option<String>)> = BUILTINS
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string(), None))
            .collect();
        let mut problems = Diagnostics::default();
        let mut warnings = Vec::new();
        let mut own = Vec::new();
        for name in override_files(root, "templates", ".html", &mut problems) {
            let shown = Path::new("templates").join(&name);
            match crate::source::read_file(root, &shown) {
                Ok(file) => {
                    let origin = Some(shown.display().to_string());
                    match sources.iter_mut().find(|(n, _, _)| *n == name) {
                        Some(slot) => *slot = (name, file.text, origin),
                        None => {
                            own.push(name.clone());
                            sources.push((name, file.text, origin));
                        }
                    }
                }
                Err(d) => problems.push(d),
            }
        }
        // A template of the book's own that no template names is used by nothing: most likely a
        // misspelt override (`gide.html` for `guide.html`).
        let builtin: Vec<&str> = BUILTINS.iter().map(|(n, _)| *n).collect();
        for name in &own {
            let quoted = [format!("\"{name}\""), format!("'{name}'")];
            let used = sources
                .iter()
                .any(|(n, text, _)| n != name && quoted.iter().any(|q| text.contains(q.as_str())));
            if !used {
                warnings.push(unused_override("templates", name, &builtin));
            }
        }
        let mut assets: Vec<(&'static str, Vec<u8>)> = ASSETS
            .iter()
            .map(|(name, text)| (*name, text.as_bytes().to_vec()))
            .collect();
        let asset_names: Vec<&str> = ASSETS.iter().map(|(n, _)| *n).collect();
        for name in override_files(root, "templates/assets", "", &mut problems) {
            match assets.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => {
                    let shown = Path::new("templates/assets").join(&name);
                    match crate::source::read_file(root, &shown) {
                        Ok(file) => slot.1 = file.text.into_bytes(),
                        Err(d) => problems.push(d),
                    }
                }
                // serve's reload script lives beside the assets in the built-in templates folder,
                // which is the bundled book's own `templates/`; it is not a site asset.
                None if name == "live.js" => {}
                None => warnings.push(unused_override("templates/assets", &name, &asset_names)),
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(crate::highlight::escape_html);
        if let Err(e) = add_all(&mut tera, &sources) {
            let chain = error_chain(&e);
            // Tera names the template at fault in quotes: 'group.html'.
            let culprit = sources
                .iter()
                .find(|(name, _, _)| chain.contains(&format!("'{name}'")));
            let shown = match culprit {
                Some((name, _, shown)) => shown_name(name, shown),
                None => "templates".to_string(),
            };
            problems.push(template_error(&shown, &e));
        } else if let Some(recursion) = template_limits::find_recursion(&tera) {
            problems.push(recursion_error(&sources, &recursion));
        }
        tera.register_function("range", template_limits::range);
        tera.register_filter("breakable", super::breaks::filter);
        let mut hasher = DefaultHasher::new();
        sources.hash(&mut hasher);
        problems.into_result(Templates {
            tera,
            assets,
            warnings,
            fingerprint: hasher.finish(),
            sources,
        })
    }

    /// Renders one page. With a `cache` (`serve`), a page whose template and data are those of
    /// a page an earlier build rendered is taken from it.
    pub fn render(
        &self,
        name: &str,
        data: &dyn Page,
        cache: Option<&RebuildCache>,
    ) -> Result<String, Diagnostic> {
        let value = data.value().map_err(|e| {
            Diagnostic::file(shown_name(name, &self.shown_of(name)), error_chain(&e))
        })?;
        let render = |value: serde_json::Value| {
            let context =
                tera::Context::from_value(value).map_err(|e| self.render_error(name, &e))?;
            self.tera
                .render(name, &context)
                .map_err(|e| self.render_error(name, &e))
        };
        match cache {
            Some(cache) => {
                let mut hasher = DefaultHasher::new();
                self.fingerprint.hash(&mut hasher);
                hash_value(&value, &mut hasher);
                cache.page(name, hasher.finish(), || render(value))
            }
            None => render(value),
        }
    }

    /// A render error of template `name` as a diagnostic, at the place in the templates it names
    /// (the call of a failed function, a missing variable) when one can be found.
    fn render_error(&self, name: &str, e: &tera::Error) -> Diagnostic {
        let chain = error_chain(e);
        let between = |open: &str, close: char| {
            let start = chain.find(open)? + open.len();
            let len = chain[start..].find(close)?;
            Some(chain[start..start + len].to_string())
        };
        let (needle, hint) = if let Some(function) = between("Function call '", '\'') {
            (
                Some(format!("{function}(")),
                "check the arguments of the call (see the message)",
            )
        } else {
            (
                between("Variable `", '`'),
                "a template may only use the variables documented in the README",
            )
        };
        // The template rendered first, then those it may draw on (macros, parents, includes).
        let mut order: Vec<&(String, String, Option<String>)> = self.sources.iter().collect();
        order.sort_by_key(|(n, _, _)| n != name);
        let found = needle.as_deref().and_then(|needle| {
            order.iter().find_map(|(n, text, shown)| {
                let (line, col) = position_of(text, text.find(needle)?);
                Some((shown_name(n, shown), line, col))
            })
        });
        let message = format!("cannot render: {chain}");
        let d = match found {
            Some((shown, line, col)) => Diagnostic::at(shown, line, col, message),
            None => Diagnostic::file(shown_name(name, &self.shown_of(name)), message),
        };
        d.with_hint(hint)
    }

    /// Where template `name` came from, if the book overrides it.
    fn shown_of(&self, name: &str) -> Option<String> {
        self.sources
            .iter()
            .find(|(n, _, _)| n == name)
            .and_then(|(_, _, shown)| shown.clone())
    }

    /// Renders the site root, which sends readers to a language.
    pub fn render_root(&self, book: &Book, problems: &mut Diagnostics) -> String {
        #[derive(Serialize)]
        struct Root {
            title: String,
            default_href: String,
            languages: Vec<(String, String, String)>,
            /// Code and home page of each language, for the script: no book text (a
            /// language's name may come from the book) goes into a `<script>`.
            redirects: Vec<(&'static str, String)>,
        }
        let config = &book.config;
        let data = Root {
            title: config.title.get(config.default_language).clone(),
            default_href: super::paths::home(config.default_language),
            languages: config
                .languages
                .iter()
                .map(|l| {
                    (
                        l.code().to_string(),
                        l.native_name().to_string(),
                        super::paths::home(*l),
                    )
                })
                .collect(),
            redirects: config
                .languages
                .iter()
                .map(|l| (l.code(), super::paths::home(*l)))
                .collect(),
        };
        self.render("root.html", &data, None).unwrap_or_else(|d| {
            problems.push(d);
            String::new()
        })
    }
}

/// The names of the files in the book's `folder` (relative to `root`) that end with `suffix`,
/// sorted; nothing when the folder does not exist.
fn override_files(
    root: &Path,
    folder: &str,
    suffix: &str,
    problems: &mut Diagnostics,
) -> Vec<String> {
    let dir = root.join(folder);
    if !dir.is_dir() {
        return Vec::new();
    }
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(Diagnostic::file(
                folder,
                format!("cannot read the folder: {e}"),
            ));
            return Vec::new();
        }
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.ends_with(suffix) && !name.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// The warning for a file of the book's `folder` that overrides nothing.
fn unused_override(folder: &str, name: &str, known: &[&str]) -> Diagnostic {
    let hint = match crate::diagnostics::did_you_mean(name, known) {
        Some(close) => format!("did you mean `{close}`? "),
        None => String::new(),
    };
    Diagnostic::file(
        Path::new(folder).join(name),
        format!("`{name}` replaces no built-in file and nothing uses it, so it changes nothing"),
    )
    .with_hint(format!(
        "{hint}the files that can be replaced here are {}",
        known
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
    .warning()
}

/// Adds the templates (name, text, where it came from) to `tera`, as `add_raw_templates` would,
/// but parses them in parallel: Tera's parser is the slowest part of starting a small build, and
/// `add_raw_templates` parses one template after the other. `{% extends %}` and the macro
/// imports are checked once, against the full set. Fails with the error `add_raw_templates`
/// gives: the first template, in order, that does not parse.
fn add_all(tera: &mut Tera, sources: &[(String, String, Option<String>)]) -> tera::Result<()> {
    let parsed: Vec<tera::Result<tera::Template>> = sources
        .par_iter()
        .map(|(name, text, _)| {
            tera::Template::new(name, None, text)
                .map_err(|e| tera::Error::chain(format!("Failed to parse '{name}'"), e))
        })
        .collect();
    for template in parsed {
        let template = template?;
        tera.templates.insert(template.name.clone(), template);
    }
    tera.build_inheritance_chains()?;
    tera.check_macro_files()
}

/// A Tera parse error as a diagnostic: Tera reports ` --> line:col` and `= expected …`.
fn template_error(shown: &str, e: &tera::Error) -> Diagnostic {
    let chain = error_chain(e);
    let position = chain.find("--> ").and_then(|i| {
        let rest = &chain[i + 4..];
        let end = rest
            .find(|c: char| !c.is_ascii_digit() && c != ':')
            .unwrap_or(rest.len());
        let (line, col) = rest[..end].split_once(':')?;
        Some((line.parse().ok()?, col.parse().ok()?))
    });
    let message = match chain.find("= ") {
        Some(at) => chain[at + 2..].trim().to_string(),
        None => chain.lines().next().unwrap_or("").trim().to_string(),
    };
    let d = match position {
        Some((line, col)) => Diagnostic::at(
            shown,
            line,
            col,
            format!("template syntax error: {message}"),
        ),
        None => Diagnostic::file(shown, format!("template error: {message}")),
    };
    d.with_hint("fix the Tera syntax (see https://keats.github.io/tera/docs/)")
}

/// A cycle of macro calls as a diagnostic at the macro (or include) where it starts.
fn recursion_error(
    sources: &[(String, String, Option<String>)],
    recursion: &Recursion,
) -> Diagnostic {
    let (file, needle) = recursion.anchor();
    let source = sources.iter().find(|(name, _, _)| name == file);
    let shown = shown_name(file, &source.and_then(|(_, _, shown)| shown.clone()));
    let message = format!(
        "a macro may not call itself, directly or through others: {}",
        recursion.describe()
    );
    let position = source.and_then(|(_, text, _)| find_tag_word(text, &needle));
    let d = match position {
        Some((line, col)) => Diagnostic::at(&shown, line, col, message),
        None => Diagnostic::file(&shown, message),
    };
    d.with_hint(
        "templates have no recursion limit, so a recursive macro would crash the build; \
         render nested data with a loop, or one macro per level",
    )
}

/// The line and column (1-based, in characters) of the first `word` inside a `{% … %}` tag,
/// where `word` is one or two words (`macro name`) separated by any whitespace in the text.
fn find_tag_word(text: &str, word: &str) -> Option<(usize, usize)> {
    let (first, second) = word.split_once(' ').unwrap_or((word, ""));
    let mut from = 0;
    while let Some(open) = text[from..].find("{%").map(|i| from + i) {
        let inner = text[open + 2..].trim_start_matches(['-', ' ', '\t', '\n', '\r']);
        let at = text.len() - inner.len();
        let rest = inner.strip_prefix(first).map(|r| r.trim_start());
        let matched = match rest {
            Some(rest) if second.is_empty() => Some(rest),
            Some(rest) => rest
                .strip_prefix(second)
                .filter(|r| !r.starts_with(|c: char| c.is_alphanumeric() || c == '_')),
            None => None,
        };
        if matched.is_some() {
            return Some(position_of(text, at));
        }
        from = open + 2;
    }
    None
}

/// Feeds a JSON value to `hasher`, every kind and length marked, so that different values of the
/// same text (`"1"` and `1`, `["ab"]` and `["a", "b"]`) hash differently.
fn hash_value(value: &serde_json::Value, hasher: &mut DefaultHasher) {
    use serde_json::Value;
    match value {
        Value::Null => 0u8.hash(hasher),
        Value::Bool(b) => (1u8, b).hash(hasher),
        Value::Number(n) => (2u8, n.to_string()).hash(hasher),
        Value::String(s) => (3u8, s).hash(hasher),
        Value::Array(items) => {
            (4u8, items.len()).hash(hasher);
            items.iter().for_each(|item| hash_value(item, hasher));
        }
        Value::Object(map) => {
            (5u8, map.len()).hash(hasher);
            for (key, item) in map {
                key.hash(hasher);
                hash_value(item, hasher);
            }
        }
    }
}

/// How a template is named in messages: its path in the book, or `(built-in) NAME`.
fn shown_name(name: &str, shown: &Option<String>) -> String {
    match shown {
        Some(shown) => shown.clone(),
        None => format!("(built-in) {name}"),
    }
}

/// The line and column (1-based, the column in characters) of byte offset `at` in `text`.
fn position_of(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, col)
}

/// The message of an error and all its causes, joined.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
