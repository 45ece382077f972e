//! Tera setup: built-in templates embedded in the binary, overridable file by file from the
//! book's own `templates/` folder.

use super::erased::Page;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Book;
use serde::Serialize;
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
    ("guide.html", include_str!("../../templates/guide.html")),
    ("root.html", include_str!("../../templates/root.html")),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
];

/// Static files copied to `DEST/assets/`: the stylesheet, the search box and the vendored
/// MiniSearch library.
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
        "minisearch.js",
        include_str!("../../templates/assets/minisearch.js"),
    ),
    (
        "favicon.svg",
        include_str!("../../templates/assets/favicon.svg"),
    ),
];

/// Compiled templates for one build.
pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// Compiles the built-ins, replacing any the book overrides in `ROOT/templates/`.
    pub fn load(root: &Path) -> Result<Templates, Diagnostics> {
        let mut sources: Vec<(String, String, Option<String>)> = BUILTINS
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string(), None))
            .collect();
        let mut problems = Diagnostics::default();
        let dir = root.join("templates");
        if dir.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(&dir)
                .map_err(|e| Diagnostic::file("templates", format!("cannot read the folder: {e}")))?
                .filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|name| name.ends_with(".html"))
                .collect();
            entries.sort();
            for name in entries {
                let shown = Path::new("templates").join(&name);
                match crate::source::read_file(root, &shown) {
                    Ok(file) => match sources.iter_mut().find(|(n, _, _)| *n == name) {
                        Some(slot) => *slot = (name, file.text, Some(shown.display().to_string())),
                        None => sources.push((name, file.text, Some(shown.display().to_string()))),
                    },
                    Err(d) => problems.push(d),
                }
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(crate::highlight::escape_html);
        for (name, text, shown) in &sources {
            if let Err(e) = tera.add_raw_template(name, text) {
                let shown = shown
                    .clone()
                    .unwrap_or_else(|| format!("(built-in) {name}"));
                problems.push(template_error(&shown, &e));
            }
        }
        if problems.is_empty() {
            if let Err(e) = tera.build_inheritance_chains() {
                problems.push(
                    Diagnostic::file("templates", error_chain(&e))
                        .with_hint("check `{% extends %}` and `{% block %}` names"),
                );
            }
        }
        problems.into_result(Templates { tera })
    }

    /// Renders one page.
    pub fn render(&self, name: &str, data: &dyn Page) -> Result<String, Diagnostic> {
        let context = data
            .context()
            .map_err(|e| Diagnostic::file(format!("templates/{name}"), error_chain(&e)))?;
        self.tera.render(name, &context).map_err(|e| {
            Diagnostic::file(
                format!("templates/{name}"),
                format!("cannot render: {}", error_chain(&e)),
            )
            .with_hint("a template may only use the variables documented in the README")
        })
    }

    /// Renders the site root, which sends readers to a language.
    pub fn render_root(&self, book: &Book, problems: &mut Diagnostics) -> String {
        #[derive(Serialize)]
        struct Root {
            title: String,
            default_href: String,
            languages: Vec<(String, String, String)>,
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
        };
        self.render("root.html", &data).unwrap_or_else(|d| {
            problems.push(d);
            String::new()
        })
    }
}

/// A Tera parse error as a diagnostic: Tera reports ` --> line:col` in its message.
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
    let message = chain
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("-->")
                && !l.starts_with('|')
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .collect::<Vec<_>>()
        .join(" ");
    let d = match position {
        Some((line, col)) => Diagnostic::at(
            shown,
            line,
            col,
            format!("template syntax error: {message}"),
        ),
        None => Diagnostic::file(shown, format!("template syntax error: {message}")),
    };
    d.with_hint("fix the Tera syntax (see https://keats.github.io/tera/docs/)")
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
