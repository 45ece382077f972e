//! `serve`'s rebuild cache: a rebuild redoes only the work whose input changed, and its site is
//! the one a build without the cache makes.

use crate::common;

use fieldbook::cache::{CacheStats, RebuildCache};
use fieldbook::output::OutputFile;
use fieldbook::{render_book, BuildOptions};
use std::fs;
use std::path::Path;

const OPTIONS: BuildOptions = BuildOptions {
    dest: None,
    write: false,
    site_url: None,
};

/// Builds the book at `root` with `cache` and returns the site and what the build did.
fn rebuild(root: &Path, cache: &RebuildCache) -> (Vec<OutputFile>, CacheStats) {
    let (_, files) = render_book(root, &OPTIONS, Some(cache)).expect("the book builds");
    (files, cache.finish_build())
}

fn uncached(root: &Path) -> Vec<OutputFile> {
    render_book(root, &OPTIONS, None)
        .expect("the book builds")
        .1
}

fn edit(root: &Path, from: &str, to: &str) {
    let path = root.join("content/trainer/groups/01-basics.toml");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn page<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
    let file = files.iter().find(|f| f.path == path).expect(path);
    std::str::from_utf8(&file.bytes).unwrap()
}

#[test]
fn an_edit_re_renders_only_what_shows_it() {
    let (_dir, root) = common::book_copy("minimal");
    let cache = RebuildCache::default();

    let (_, first) = rebuild(&root, &cache);
    assert!(first.rendered > 10, "{first:?}");
    assert!(first.highlighted > 5, "{first:?}");
    // Only the default language's "Page not found", written twice, is rendered once for both.
    assert_eq!((first.pages_reused, first.highlights_reused), (1, 0));

    // Nothing changed: every page and snippet is reused.
    let (_, same) = rebuild(&root, &cache);
    assert_eq!((same.rendered, same.highlighted), (0, 0), "{same:?}");
    assert_eq!(same.pages_reused, first.rendered + 1);

    // One field's English explanation: only the English page of its group shows it.
    edit(
        &root,
        "Fractions stop partway through the last pass.",
        "Fractions stop partway through the final pass.",
    );
    let (files, explained) = rebuild(&root, &cache);
    assert_eq!(explained.rendered, 1, "{explained:?}");
    assert_eq!(explained.highlighted, 0, "{explained:?}");
    assert!(page(&files, "en/trainer/basics.html").contains("through the final pass"));
    assert_eq!(files, uncached(&root));

    // One field's default: its two snippets change (the import line stays), and the pages
    // showing the default in either language.
    edit(&root, "default = \"3.0\"", "default = \"4.0\"");
    let (files, defaulted) = rebuild(&root, &cache);
    assert!((1..=2).contains(&defaulted.highlighted), "{defaulted:?}");
    assert!(defaulted.rendered >= 2, "{defaulted:?}");
    assert!(defaulted.rendered < first.rendered / 2, "{defaulted:?}");
    assert!(page(&files, "zh/trainer/basics.html").contains("4.0"));
    assert_eq!(files, uncached(&root));
}
