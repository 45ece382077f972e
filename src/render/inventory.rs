//! Link inventories for other sites: Sphinx's `objects.inv` (for intersphinx), `xref.json`, and
//! `sitemap.xml` with hreflang alternates.

use super::paths;
use crate::lang::Lang;
use crate::model::Book;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

/// One linkable object: its qualified name, Sphinx role, and page path below the site root.
pub struct Entry {
    name: String,
    role: &'static str,
    /// Per language: page path (relative to the site root) with `#anchor`.
    paths: BTreeMap<Lang, String>,
}

/// Every linkable object of the book (references, fields, enums and members), sorted by name
/// and role: computed once per build and shared by the inventories.
pub fn entries(book: &Book) -> Vec<Entry> {
    let langs = &book.config.languages;
    let per_lang =
        |f: &dyn Fn(Lang) -> String| langs.iter().map(|&l| (l, f(l))).collect::<BTreeMap<_, _>>();
    let mut out = Vec::new();
    for r in &book.references {
        out.push(Entry {
            name: r.import_path.clone(),
            role: "py:class",
            paths: per_lang(&|l| paths::reference(l, &r.id)),
        });
        for (g, f) in r.fields() {
            out.push(Entry {
                name: format!("{}.{}", r.import_path, f.name),
                role: "py:attribute",
                paths: per_lang(&|l| format!("{}#{}", paths::group(l, &r.id, &g.id), f.name)),
            });
        }
        for e in &r.enums {
            let qualified = e.import_path.clone().unwrap_or_else(|| e.name.clone());
            out.push(Entry {
                name: qualified.clone(),
                role: "py:class",
                paths: per_lang(&|l| format!("{}#{}", paths::enums(l, &r.id), e.name)),
            });
            for m in &e.members {
                out.push(Entry {
                    name: format!("{qualified}.{}", m.name),
                    role: "py:attribute",
                    paths: per_lang(&|l| {
                        format!("{}#{}.{}", paths::enums(l, &r.id), e.name, m.name)
                    }),
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.name, a.role).cmp(&(&b.name, b.role)));
    out.dedup_by(|a, b| a.name == b.name && a.role == b.role);
    out
}

/// `objects.inv` (Sphinx inventory version 2) for one language. `base` is stripped from the
/// front of page paths: `""` for the inventory at the site root, `"zh/"` for `zh/objects.inv`.
pub fn objects_inv(book: &Book, entries: &[Entry], lang: Lang, base: &str) -> Vec<u8> {
    let project = book.config.title.get(lang);
    let version = book
        .references
        .iter()
        .find_map(|r| r.version.clone())
        .unwrap_or_default();
    let mut body = String::new();
    for entry in entries {
        let path = &entry.paths[&lang];
        let uri = path.strip_prefix(base).unwrap_or(path);
        // Sphinx lines are space-separated; names never contain spaces, URIs are percent-safe.
        let _ = writeln!(
            body,
            "{} {} 1 {} -",
            entry.name,
            entry.role,
            uri.replace(' ', "%20")
        );
    }
    let mut out = format!(
        "# Sphinx inventory version 2\n# Project: {}\n# Version: {}\n# The remainder of this file is compressed using zlib.\n",
        one_line(project),
        one_line(&version)
    )
    .into_bytes();
    // zlib's fastest level: the inventory's lines repeat so much that the default level spent
    // ~2% of a 20,000-field build searching for matches, for a file only ~25% smaller.
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::fast());
    encoder
        .write_all(body.as_bytes())
        .expect("writing to memory");
    out.extend(encoder.finish().expect("writing to memory"));
    out
}

/// A header value on one line: control characters and Unicode line and paragraph separators
/// (which some readers split lines at) become spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// `xref.json`: qualified name → {lang: absolute URL}, for fields, enums and members.
pub fn xref_json(book: &Book, entries: &[Entry]) -> String {
    let map: BTreeMap<&str, BTreeMap<&'static str, String>> = entries
        .iter()
        .map(|e| {
            (
                e.name.as_str(),
                e.paths
                    .iter()
                    .map(|(l, p)| (l.code(), format!("{}{p}", book.config.site_url)))
                    .collect(),
            )
        })
        .collect();
    let mut json = serde_json::to_string_pretty(&map).unwrap_or_default();
    json.push('\n');
    json
}

/// The most URLs one sitemap file may list (the sitemaps.org protocol's limit).
const SITEMAP_MAX_URLS: usize = 50_000;

/// The sitemap files: `sitemap.xml` listing every page (`pages`: paths below the site root in
/// the default language) in every language, with its alternates. A book with more URLs than one
/// sitemap may hold gets `sitemap-1.xml`, `sitemap-2.xml`, … and a `sitemap.xml` that indexes
/// them, so no file outgrows the protocol's limits.
pub fn sitemaps(book: &Book, pages: &[String]) -> Vec<(String, String)> {
    split_sitemap(book, pages, SITEMAP_MAX_URLS)
}

fn split_sitemap(book: &Book, pages: &[String], max_urls: usize) -> Vec<(String, String)> {
    let per_file = (max_urls / book.config.languages.len().max(1)).max(1);
    if pages.len() <= per_file {
        return vec![("sitemap.xml".to_string(), urlset(book, pages))];
    }
    let mut files: Vec<(String, String)> = pages
        .chunks(per_file)
        .enumerate()
        .map(|(i, chunk)| (format!("sitemap-{}.xml", i + 1), urlset(book, chunk)))
        .collect();
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (name, _) in &files {
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            xml_escape(&format!("{}{name}", book.config.site_url))
        ));
    }
    index.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".to_string(), index));
    files
}

/// One `<urlset>`: each page in every language, with its alternates.
fn urlset(book: &Book, pages: &[String]) -> String {
    let site = &book.config.site_url;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for page in pages {
        for &lang in &book.config.languages {
            xml.push_str(&format!(
                "  <url>\n    <loc>{}</loc>\n",
                xml_escape(&format!("{site}{}", paths::in_language(page, lang)))
            ));
            for &alt in &book.config.languages {
                xml.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    alt.html_tag(),
                    xml_escape(&format!("{site}{}", paths::in_language(page, alt)))
                ));
            }
            xml.push_str("  </url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Escapes a URL for XML text and double-quoted attributes. Characters XML 1.0 does not allow
/// at all (most control characters) are percent-encoded, as a URL would carry them.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push_str(&format!("%{:02X}", c as u32)),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{one_line, split_sitemap, xml_escape};
    use std::path::Path;

    #[test]
    fn a_sitemap_too_large_for_one_file_is_split_and_indexed() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let book = crate::load_book(&root, None).unwrap();
        let pages: Vec<String> = (0..5).map(|i| format!("en/p{i}.html")).collect();
        let one = split_sitemap(&book, &pages, 10);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].1.matches("<url>").count(), 10);
        // Two languages, at most 4 URLs a file: 2 pages a file, 3 files and an index.
        let split = split_sitemap(&book, &pages, 4);
        let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        assert!(split[..3]
            .iter()
            .all(|(_, xml)| xml.matches("<url>").count() <= 4));
        assert_eq!(split[2].1.matches("<url>").count(), 2);
        let index = &split[3].1;
        assert!(index.contains("<sitemapindex"));
        assert!(
            index.contains("<loc>https://example.org/docs/sitemap-2.xml</loc>"),
            "{index}"
        );
    }

    #[test]
    fn xml_escape_leaves_no_markup_and_no_character_xml_forbids() {
        assert_eq!(
            xml_escape("/a\"><b>&'\u{1}\n/"),
            "/a&quot;&gt;&lt;b&gt;&amp;&apos;%01%0A/"
        );
    }

    #[test]
    fn header_values_stay_on_one_line() {
        assert_eq!(one_line("a\nb\r\u{2028}c\u{2029}\u{85}"), "a b  c  ");
    }
}
