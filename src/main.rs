//! The `fieldbook` command line.

use clap::{Parser, Subcommand};
use fieldbook::cmd::check::Strictness;
use fieldbook::cmd::{self, Format};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: rendering allocates and frees many small strings
/// and values, and mimalloc does that markedly faster than glibc's malloc. Measured 2026-12-04
/// (bench/gen.py books, three alternating runs each): 20,000 fields 1.94-2.20 s with mimalloc
/// against 3.00-3.20 s with glibc (peak RSS 366-374 MB against 345-350 MB); 2,000 fields
/// 0.19-0.25 s against 0.26 s.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Build bilingual reference sites for configuration classes.
#[derive(Parser)]
#[command(name = "fieldbook", version, about)]
struct Cli {
    /// Print nothing on success.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into DEST (default: `[build] dest` of book.toml, or `book`).
    Build {
        /// The book's root folder (holds book.toml).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Output folder.
        #[arg(short = 'd', long = "dest")]
        dest: Option<PathBuf>,
        /// Open the site in a browser (where there is none, a note says so; the build succeeds).
        #[arg(long)]
        open: bool,
        /// The URL the site is served from, instead of book.toml's `site-url` (e.g. the GitHub
        /// Pages URL in CI).
        #[arg(long, value_name = "URL", value_parser = site_url)]
        site_url: Option<String>,
    },
    /// Load, validate and render the book without writing anything.
    Check {
        /// The book's root folder (holds book.toml).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// `text` for people, `json` for machines.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Fail (exit 1) on warnings too.
        #[arg(long, conflicts_with = "deny")]
        strict: bool,
        /// Fail (exit 1) on the warnings that the class and its docs disagree (content facts the
        /// code contradicts, fields or enums of the code the content lacks), not on others such
        /// as stale translations: the check for a pull request.
        #[arg(long, value_enum, value_name = "KIND")]
        deny: Option<Deny>,
        /// Check a dataclass's docstring against its code in this Python file instead of a book.
        #[arg(long, value_name = "FILE.py", requires = "class")]
        python: Option<PathBuf>,
        /// The dataclass to check (with `--python`).
        #[arg(long = "class", value_name = "NAME", requires = "python")]
        class: Option<String>,
    },
    /// Record that every translation is up to date with the default-language text
    /// (writes `translated-from.<lang>` into the group files, keeping their formatting).
    Stamp {
        /// The book's root folder (holds book.toml).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Only this language (default: every non-default language).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Translations as gettext PO files: export for translators, import what they wrote.
    Po {
        #[command(subcommand)]
        command: PoCommand,
    },
    /// Build in memory, serve on 127.0.0.1, rebuild on change and reload open pages.
    Serve {
        /// The book's root folder (holds book.toml).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(short, long, default_value_t = 3000)]
        port: u16,
        /// Address to bind; the default only accepts connections from this machine.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a small working book in DIR.
    Init {
        /// Where to create it.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Create a complete, buildable book for one configuration class (a dataclass, a pydantic
    /// model or an attrs class) read from its Python source.
    New {
        /// Where to create it (must not hold a book yet).
        dir: PathBuf,
        /// The Python file that defines the class.
        #[arg(long, value_name = "FILE.py")]
        from: PathBuf,
        /// The class to document.
        #[arg(long = "class", value_name = "NAME")]
        class: String,
        /// Another folder to look imports up in (repeatable).
        #[arg(long = "python-path", value_name = "DIR")]
        python_path: Vec<PathBuf>,
        /// The book's languages, English first (texts are written in English only).
        #[arg(long, value_delimiter = ',', default_value = "en,zh")]
        lang: Vec<String>,
        /// The branch the GitHub Pages workflow publishes from.
        #[arg(long, default_value = "main")]
        branch: String,
        /// Do not write the GitHub Actions workflow (`.github/workflows/docs.yml`).
        #[arg(long)]
        no_workflow: bool,
    },
    /// Print the `[ui.LANG]` table of interface strings a book writes for a language fieldbook
    /// does not ship (any BCP 47 tag but en and zh), with the English text of each to translate.
    Ui {
        /// The language's BCP 47 tag, as in `languages` of book.toml (e.g. `ja`, `pt-BR`).
        lang: String,
    },
    /// List what changed in a dataclass between two versions of its Python source.
    Diff {
        /// The old version's file.
        old: PathBuf,
        /// The new version's file.
        new: PathBuf,
        /// The dataclass to compare.
        #[arg(long = "class", value_name = "NAME")]
        class: String,
        /// `text` for people, `json` for machines.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Write the GitHub Actions workflow that publishes the book to GitHub Pages on every push
    /// and checks pull requests for drift between the class and its docs
    /// (`.github/workflows/docs.yml` at the top of the git repository holding the book).
    Workflow {
        /// The book's root folder (holds book.toml).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// The branch whose pushes publish the site.
        #[arg(long, default_value = "main")]
        branch: String,
    },
    /// Read a dataclass's fields from its Python source and print them.
    Import {
        /// The Python file that defines the class.
        file: PathBuf,
        /// The dataclass to read.
        #[arg(long = "class", value_name = "NAME")]
        class: String,
        /// Print a JSON array, one object per field, instead of a table.
        #[arg(long)]
        json: bool,
        /// Update this content folder (`content/<ref-id>`) instead of printing: facts of known
        /// fields updated in place, new fields added to `groups/99-imported.toml`.
        #[arg(long, value_name = "DIR", conflicts_with = "json")]
        into: Option<PathBuf>,
        /// Another folder to look imports up in (repeatable).
        #[arg(long = "python-path", value_name = "DIR")]
        python_path: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum PoCommand {
    /// Write one PO file per reference and one for the book-wide texts into DIR/<lang>/.
    Export {
        /// The book's root folder (holds book.toml).
        #[arg(default_value = ".")]
        root: PathBuf,
        /// The language to export (a non-default language of the book).
        #[arg(long)]
        lang: String,
        /// Where to write the files.
        #[arg(short = 'o', long = "out", default_value = "po")]
        out: PathBuf,
    },
    /// Write the translations of PO files into the book (all files or none).
    Import {
        /// The PO files, then optionally the book's root folder (default `.`).
        #[arg(required = true, value_name = "FILE.po... [ROOT]")]
        paths: Vec<PathBuf>,
    },
}

/// Warnings `check --deny` makes fatal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Deny {
    /// The class and its docs disagree: content facts the code contradicts, fields or enums of
    /// the code the content lacks.
    Drift,
}

/// `--site-url`: an absolute URL or a path starting with `/`.
fn site_url(text: &str) -> Result<String, String> {
    fieldbook::config::site_url(text).map_err(|text| {
        format!("`{text}` is neither an absolute URL (`https://user.github.io/repo/`) nor a path starting with `/`")
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = cli.quiet;
    match cli.command {
        Command::Build {
            root,
            dest,
            open,
            site_url,
        } => cmd::build::run(&root, dest, site_url, open, quiet),
        Command::Workflow { root, branch } => cmd::workflow::run(&root, &branch, quiet),
        Command::Check {
            root,
            format,
            strict,
            deny,
            python,
            class,
        } => {
            let strictness = match (strict, deny) {
                (true, _) => Strictness::Strict,
                (false, Some(Deny::Drift)) => Strictness::Drift,
                (false, None) => Strictness::Lenient,
            };
            match (python, class) {
                (Some(file), Some(class)) => {
                    cmd::check::python(&file, &class, format, strictness, quiet)
                }
                _ => cmd::check::run(&root, format, strictness, quiet),
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
        } => cmd::serve::run(&fieldbook::serve::ServeOptions {
            root,
            bind,
            port,
            open,
        }),
        Command::Po {
            command: PoCommand::Export { root, lang, out },
        } => cmd::po::export(&root, &lang, &out, quiet),
        Command::Po {
            command: PoCommand::Import { mut paths },
        } => {
            // A last argument that is a folder is the book's root.
            let root = match paths.last() {
                Some(last) if paths.len() > 1 && last.is_dir() => paths.pop(),
                _ => None,
            };
            cmd::po::import(&root.unwrap_or_else(|| ".".into()), &paths, quiet)
        }
        Command::Stamp { root, lang } => cmd::stamp::run(&root, lang.as_deref(), quiet),
        Command::Import {
            file,
            class,
            into: Some(into),
            python_path,
            ..
        } => cmd::import::into(&file, &class, &python_path, &into, quiet),
        Command::Import {
            file,
            class,
            json,
            python_path,
            ..
        } => cmd::import::print(&file, &class, &python_path, json),
        Command::Diff {
            old,
            new,
            class,
            format,
        } => cmd::diff::run(&old, &new, &class, format),
        Command::Init { dir } => cmd::init::run(&dir, quiet),
        Command::New {
            dir,
            from,
            class,
            python_path,
            lang,
            branch,
            no_workflow,
        } => cmd::new::run(
            &fieldbook::new_book::NewBook {
                dir,
                from,
                class,
                python_path,
                languages: lang,
                workflow_branch: (!no_workflow).then_some(branch),
            },
            quiet,
        ),
        Command::Ui { lang } => cmd::ui::run(&lang),
    }
}
