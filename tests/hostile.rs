//! Hostile content (issue 5, section 3): the `hostile` fixture carries script, markup, `javascript:`
//! URLs, Tera syntax, U+2028/U+2029 and bidi overrides in every text it has. It must build, and
//! nothing of it may become markup, script or a URL that runs code, in any output file.

use crate::common;

use common::*;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::sync::OnceLock;
use toml::Value as Toml;

/// A built site: every file by path below DEST.
struct Site {
    files: BTreeMap<String, Vec<u8>>,
}

impl Site {
    fn text(&self, path: &str) -> String {
        String::from_utf8(self.files[path].clone()).unwrap()
    }

    fn pages(&self) -> impl Iterator<Item = (&String, String)> {
        self.files
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| (p, String::from_utf8(b.clone()).unwrap()))
    }
}

fn build(fixture_name: &str) -> Site {
    let (dir, root) = book_copy(fixture_name);
    let dest = dir.path().join("site");
    let out = fieldbook(&["build", "-q", "-d", dest.to_str().unwrap()], &root);
    assert!(
        out.status.success(),
        "the {fixture_name} fixture must build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Site {
        files: read_tree(&dest),
    }
}

fn hostile() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| build("hostile"))
}

fn clean() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| build("minimal"))
}

fn fixture_toml(path: &str) -> Toml {
    let text = fs::read_to_string(fixture("hostile").join(path)).unwrap();
    text.parse::<toml::Table>().map(Toml::Table).unwrap()
}

/// One start tag: lowercase name, attributes (values as written, entities not decoded), and for
/// `<script>`/`<style>` the raw text up to the end tag.
#[derive(Debug, Clone)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    raw_text: Option<String>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A small tokenizer, strict on purpose: outside `<script>`/`<style>`, every `<` must open a
/// tag, an end tag, a comment or a doctype, since text from content must arrive as `&lt;`.
fn tags(html: &str, file: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        i += offset;
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i += rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        if let Some(end_tag) = rest.strip_prefix("</") {
            assert!(
                end_tag.starts_with(|c: char| c.is_ascii_alphabetic()),
                "{file}: a bare `</` in text: {}",
                &rest[..rest.len().min(80)]
            );
            i += rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        let body = &rest[1..];
        assert!(
            body.starts_with(|c: char| c.is_ascii_alphabetic()),
            "{file}: a bare `<` in text: {}",
            &rest[..rest.len().min(80)]
        );
        let name_len = body
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(body.len());
        let name = body[..name_len].to_ascii_lowercase();
        let mut j = name_len;
        let mut attrs = Vec::new();
        loop {
            let tail = &body[j..];
            let skipped = tail.len()
                - tail
                    .trim_start_matches(|c: char| c.is_whitespace() || c == '/')
                    .len();
            j += skipped;
            let tail = &body[j..];
            if tail.is_empty() {
                panic!("{file}: unterminated tag <{name}");
            }
            if tail.starts_with('>') {
                j += 1;
                break;
            }
            let attr_len = tail
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
                .unwrap_or(tail.len());
            let attr = tail[..attr_len].to_ascii_lowercase();
            j += attr_len;
            let tail = &body[j..];
            let mut value = String::new();
            if let Some(after) = tail.strip_prefix('=') {
                j += 1;
                let quote = after.chars().next().unwrap();
                if quote == '"' || quote == '\'' {
                    let end = after[1..].find(quote).expect("closing quote");
                    value = after[1..1 + end].to_string();
                    j += end + 2;
                } else {
                    let end = after
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    value = after[..end].to_string();
                    j += end;
                }
            }
            attrs.push((attr, value));
        }
        i += 1 + j;
        let raw_text = if name == "script" || name == "style" {
            let end = html[i..]
                .find(&format!("</{name}"))
                .unwrap_or_else(|| panic!("{file}: <{name}> never closed"));
            let text = html[i..i + end].to_string();
            i += end;
            Some(text)
        } else {
            None
        };
        out.push(Tag {
            name,
            attrs,
            raw_text,
        });
    }
    out
}

/// Decodes the character references a browser would decode in an attribute value.
fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a URL (attribute value as written) would run code or carry a document when followed.
fn is_dangerous_url(value: &str) -> bool {
    let url: String = decode_entities(value)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// The template a page comes from, which decides which scripts and head tags it should have.
fn kind(path: &str) -> &'static str {
    if path == "index.html" {
        "root"
    } else if path.contains("/p/") {
        "redirect"
    } else {
        "page"
    }
}

/// What a page must have exactly as many of as a clean page of the same kind: scripts (with
/// their inline text, or the file name they load) and the head's elements.
fn fixed_parts(tags: &[Tag]) -> Vec<String> {
    let mut parts: Vec<String> = tags
        .iter()
        .filter(|t| {
            matches!(
                t.name.as_str(),
                "script"
                    | "style"
                    | "meta"
                    | "link"
                    | "base"
                    | "title"
                    | "input"
                    | "textarea"
                    | "button"
            )
        })
        .map(|t| match (t.name.as_str(), t.attr("src")) {
            ("script", Some(src)) => format!("script src=…/{}", src.rsplit('/').next().unwrap()),
            ("script" | "style", None) => {
                format!("{} {}", t.name, t.raw_text.as_deref().unwrap_or(""))
            }
            ("meta", _) => format!(
                "meta {:?} {:?} {:?}",
                t.attr("charset"),
                t.attr("name"),
                t.attr("http-equiv")
            ),
            ("link", _) => format!("link {:?}", t.attr("rel")),
            ("input", _) => format!("input {:?} {:?}", t.attr("type"), t.attr("id")),
            _ => t.name.clone(),
        })
        .collect();
    parts.sort();
    parts
}

#[test]
fn no_content_becomes_a_script_an_event_handler_or_a_javascript_url() {
    let clean_parts: BTreeMap<&str, Vec<String>> = clean()
        .pages()
        .map(|(path, html)| (kind(path), fixed_parts(&tags(&html, path))))
        .collect();
    let mut allowed_tags: BTreeSet<String> = clean()
        .pages()
        .flat_map(|(path, html)| tags(&html, path).into_iter().map(|t| t.name))
        .collect();
    allowed_tags.extend(
        fieldbook::markdown::ALLOWED_TAGS
            .iter()
            .map(|t| t.to_string()),
    );
    let mut pages = 0;
    for (path, html) in hostile().pages() {
        pages += 1;
        let tags = tags(&html, path);
        assert_eq!(
            fixed_parts(&tags),
            clean_parts[kind(path)],
            "{path}: its scripts and head elements differ from a clean {} page",
            kind(path)
        );
        for tag in &tags {
            assert!(
                allowed_tags.contains(&tag.name)
                    && !["img", "svg", "math", "iframe", "object", "embed", "form"]
                        .contains(&tag.name.as_str()),
                "{path}: <{}> came from content",
                tag.name
            );
            for (name, value) in &tag.attrs {
                assert!(
                    !name.starts_with("on") && name != "srcdoc" && name != "formaction",
                    "{path}: <{} {name}=\"{value}\">",
                    tag.name
                );
                if name == "style" {
                    assert!(
                        [
                            "text-align: left",
                            "text-align: center",
                            "text-align: right"
                        ]
                        .contains(&value.as_str()),
                        "{path}: <{} style=\"{value}\">",
                        tag.name
                    );
                }
                let url = match name.as_str() {
                    "href" | "src" | "action" | "data" | "cite" | "poster" | "background" => {
                        Some(value.as_str())
                    }
                    "content" if tag.attr("http-equiv").is_some() => {
                        value.split_once("url=").map(|(_, u)| u)
                    }
                    _ => None,
                };
                if let Some(url) = url {
                    assert!(
                        !is_dangerous_url(url),
                        "{path}: <{} {name}=\"{value}\">",
                        tag.name
                    );
                }
            }
        }
        if kind(path) == "page" {
            for id in ["main", "search-input", "search-results", "nav-toggle"] {
                let count = tags.iter().filter(|t| t.attr("id") == Some(id)).count();
                assert_eq!(count, 1, "{path}: id `{id}` appears {count} times");
            }
        }
    }
    assert!(
        pages >= 40,
        "expected every page of the hostile book, got {pages}"
    );
}

#[test]
fn payload_text_is_shown_as_written_and_tera_syntax_stays_literal() {
    for (path, html) in hostile().pages() {
        // The book title is on every page; it carries the payloads as plain text.
        for literal in ["{{ 7*7 }}", "{% raw %}", "{# c #}"] {
            assert!(html.contains(literal), "{path} lacks {literal}");
        }
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path} does not show the <script> payload as text"
        );
        assert!(!html.contains("49"), "{path}: a template ran {{{{ 7*7 }}}}");
        assert!(html.contains('\u{202e}'), "{path} lost the RTL override");
    }
    // Markdown keeps code spans as written.
    let group = hostile().text("en/evil/payloads.html");
    assert!(group.contains("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"));
    assert!(group.contains("<code>{{ 7*7 }}</code>"));
    // and the allow-listed markup of raw HTML survives.
    assert!(group.contains("<kbd>Ctrl</kbd>"));
    assert!(group.contains("<abbr title=\"x\">abbr</abbr>"));
    let guide = hostile().text("en/guides/attack.html");
    assert!(guide.contains("<th style=\"text-align: center\">center</th>"));
    assert!(guide
        .contains("<pre class=\"code\" tabindex=\"0\"><code class=\"language-python\">x = <span class=\"hl-s\">"));
    assert!(guide.contains("&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(9)&lt;/script&gt;"));
}

/// The value at `path` (`a.b.c`) of a TOML table.
fn at<'a>(value: &'a Toml, path: &str) -> &'a Toml {
    path.split('.').fold(value, |v, key| &v[key])
}

fn toml_str<'a>(value: &'a Toml, path: &str) -> &'a str {
    at(value, path).as_str().unwrap()
}

#[test]
fn fields_json_round_trips_every_payload() {
    let json: Json = serde_json::from_str(&hostile().text("fields.json")).unwrap();
    let book = fixture_toml("book.toml");
    assert_eq!(json["site_url"], toml_str(&book, "book.site-url"));
    let reference = fixture_toml("content/evil/reference.toml");
    let r = &json["references"][0];
    assert_eq!(r["library"], toml_str(&reference, "library"));
    assert_eq!(r["version"], toml_str(&reference, "version"));

    let enums = fixture_toml("content/evil/enums.toml");
    for (e, source) in r["enums"]
        .as_array()
        .unwrap()
        .iter()
        .zip(enums["enum"].as_array().unwrap())
    {
        assert_eq!(e["name"], toml_str(source, "name"));
        for (m, source) in e["members"]
            .as_array()
            .unwrap()
            .iter()
            .zip(source["member"].as_array().unwrap())
        {
            assert_eq!(m["value"], toml_str(source, "value"));
            for lang in ["en", "zh"] {
                assert_eq!(
                    m["text"][lang],
                    toml_str(source, &format!("text.{lang}")).trim()
                );
            }
        }
    }

    let mut checked = 0;
    for (group_file, group) in [
        ("01-payloads.toml", &r["groups"][0]),
        ("02-more.toml", &r["groups"][1]),
    ] {
        let source = fixture_toml(&format!("content/evil/groups/{group_file}"));
        for lang in ["en", "zh"] {
            assert_eq!(
                group["title"][lang],
                toml_str(&source, &format!("title.{lang}"))
            );
        }
        for f in source["field"].as_array().unwrap() {
            let name = toml_str(f, "name");
            let out = r["fields"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["name"] == name)
                .unwrap_or_else(|| panic!("{name} is not in fields.json"));
            assert_eq!(out["type"], toml_str(f, "type"), "{name}");
            for key in ["default", "default-expr", "default-factory"] {
                if let Some(v) = f.get(key) {
                    assert_eq!(
                        out[key.replace('-', "_")],
                        v.as_str().unwrap(),
                        "{name} {key}"
                    );
                }
            }
            for key in ["choices", "aliases"] {
                if let Some(v) = f.get(key) {
                    let source: Vec<&str> = v
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|s| s.as_str().unwrap())
                        .collect();
                    assert_eq!(out[key], serde_json::json!(source), "{name} {key}");
                }
            }
            for lang in ["en", "zh"] {
                for key in ["summary", "explanation"] {
                    assert_eq!(
                        out["text"][lang][key],
                        toml_str(f, &format!("{key}.{lang}")).trim(),
                        "{name} {key}.{lang}"
                    );
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, r["fields"].as_array().unwrap().len());
}

#[test]
fn search_index_scripts_round_trip_the_payloads() {
    let site = hostile();
    let scripts: Vec<(&String, String)> = site
        .files
        .keys()
        .filter(|p| p.starts_with("assets/search/"))
        .map(|p| (p, site.text(p)))
        .collect();
    assert!(scripts.len() > 3);
    for (path, script) in &scripts {
        assert!(
            !script.contains(['\u{2028}', '\u{2029}']),
            "{path}: U+2028/U+2029 must be escaped in a script"
        );
        search_script(script);
    }
    let source = fixture_toml("content/evil/groups/01-payloads.toml");
    let first = &source["field"][0];
    let [_, _, rows] = search_script(&site.text("assets/search/d-en-0.js"));
    assert_eq!(rows[0][0], toml_str(first, "name"));
    assert_eq!(rows[0][2], toml_str(&source, "title.en"));
    assert_eq!(rows[0][3], toml_str(first, "summary.en"));
    let [_, _, rows] = search_script(&site.text("assets/search/d-zh-0.js"));
    assert_eq!(rows[0][3], toml_str(first, "summary.zh"));
    // The label's words are indexed: its payload's text is searchable.
    let [_, _, manifest] = search_script(&site.text("assets/search/manifest.js"));
    let keys = manifest["keys"].as_array().unwrap();
    for term in ["iframe", "pwned", "evil"] {
        let shard = shard_of(keys, term).unwrap();
        let [_, _, data] = search_script(&site.text(&format!("assets/search/t{shard}.js")));
        assert!(data["terms"][term].is_array(), "{term}");
    }
}

#[test]
fn xref_json_and_objects_inv_list_the_same_names_one_per_line() {
    let xref: Json = serde_json::from_str(&hostile().text("xref.json")).unwrap();
    let site_url = toml_str(&fixture_toml("book.toml"), "book.site-url").to_string();
    let names: BTreeSet<String> = xref.as_object().unwrap().keys().cloned().collect();
    assert!(names.contains("evil.config.EvilConfig.größe_名前"));
    for urls in xref.as_object().unwrap().values() {
        for url in urls.as_object().unwrap().values() {
            assert!(url.as_str().unwrap().starts_with(&site_url), "{url}");
        }
    }
    for inv in ["objects.inv", "en/objects.inv", "zh/objects.inv"] {
        let bytes = &hostile().files[inv];
        let mut header_end = 0;
        for _ in 0..4 {
            header_end += bytes[header_end..]
                .iter()
                .position(|&b| b == b'\n')
                .unwrap()
                + 1;
        }
        let header = std::str::from_utf8(&bytes[..header_end]).unwrap();
        let lines: Vec<&str> = header.lines().collect();
        assert_eq!(lines[0], "# Sphinx inventory version 2");
        assert!(lines[1].starts_with("# Project: Book title "), "{header}");
        assert!(lines[2].starts_with("# Version: 1.0 "), "{header}");
        assert!(
            !header.contains(['\r', '\u{2028}', '\u{2029}', '\u{85}']),
            "{inv}: a header value breaks its line"
        );
        assert_eq!(
            lines[3],
            "# The remainder of this file is compressed using zlib."
        );
        let mut body = String::new();
        flate2::read::ZlibDecoder::new(&bytes[header_end..])
            .read_to_string(&mut body)
            .unwrap();
        let mut listed = BTreeSet::new();
        for line in body.lines() {
            let parts: Vec<&str> = line.split(' ').collect();
            assert_eq!(parts.len(), 5, "{inv}: {line:?}");
            assert!(parts[1].starts_with("py:") && parts[2] == "1" && parts[4] == "-");
            assert!(!parts[3].contains(char::is_whitespace));
            listed.insert(parts[0].to_string());
        }
        assert_eq!(listed, names, "{inv}");
    }
}

/// Checks that XML is well formed as far as this file needs: balanced elements, every `&`
/// starting a reference, no `<` in text or attribute values. Returns the text of each element.
fn simple_xml(xml: &str) -> Vec<(String, String)> {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("an XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut texts = Vec::new();
    let mut rest = body;
    let check_refs = |s: &str| {
        for (i, _) in s.match_indices('&') {
            let entity = &s[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| entity.starts_with(e))
                    || entity.starts_with("&#"),
                "a bare & in XML: {}",
                &entity[..entity.len().min(20)]
            );
        }
        assert!(
            !s.chars()
                .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
            "a control character in XML"
        );
    };
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        check_refs(text);
        if let Some(top) = stack.last() {
            if !text.trim().is_empty() {
                texts.push((top.clone(), text.to_string()));
            }
        } else {
            assert!(text.trim().is_empty(), "text outside the root element");
        }
        let close = rest[open..].find('>').expect("an unterminated tag") + open;
        let tag = &rest[open + 1..close];
        let mut in_quotes = false;
        for c in tag.chars() {
            if c == '"' {
                in_quotes = !in_quotes;
            }
            assert!(c != '<', "`<` inside a tag: {tag}");
        }
        assert!(!in_quotes, "an unbalanced quote: {tag}");
        check_refs(tag);
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap().to_string());
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    texts
}

#[test]
fn sitemap_is_well_formed_xml_with_the_site_urls_escaped() {
    let site_url = toml_str(&fixture_toml("book.toml"), "book.site-url").to_string();
    let texts = simple_xml(&hostile().text("sitemap.xml"));
    let locs: Vec<String> = texts
        .into_iter()
        .filter(|(element, _)| element == "loc")
        .map(|(_, text)| decode_entities(&text))
        .collect();
    assert!(locs.len() >= 14, "{locs:?}");
    for loc in &locs {
        assert!(loc.starts_with(&site_url), "{loc}");
    }
    assert!(locs.contains(&format!("{site_url}zh/guides/attack.html")));
}

#[test]
fn redirect_and_not_found_pages_escape_their_urls() {
    let redirect = hostile().text("en/p/größe_名前.html");
    assert!(redirect.contains("content=\"0; url=../../en/evil/more.html#größe_名前\""));
    let not_found = hostile().text("404.html");
    // The site URL, which carries a payload, is escaped wherever the page uses it.
    assert!(not_found.contains(
        "href=\"/h&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}/en/index.html\""
    ));
}
