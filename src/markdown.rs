//! Markdown → HTML with pulldown-cmark: `param:`/`enum:` links resolved, backticked field names
//! linked, code blocks highlighted at build time, `javascript:` links dropped, and the whole
//! result (raw HTML included) sanitized with ammonia against the allow-list documented in the
//! README's "Security" section.

use crate::cache::RebuildCache;
use crate::diagnostics::did_you_mean;
use crate::highlight::{escape_html, highlight_cached};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

mod parsed;
pub use parsed::{parse, Parsed, ParsedTexts};

/// Where the fields and enums of one reference live, as URLs relative to the site root.
#[derive(Debug, Default, Clone)]
pub struct ReferenceLinks {
    /// Field name → `en/<ref>/<group>.html#<name>`.
    pub fields: BTreeMap<String, String>,
    /// Enum name → URL; member `Enum.MEMBER` → URL.
    pub enums: BTreeMap<String, String>,
}

/// Everything a link in one language can point at.
#[derive(Debug, Default, Clone)]
pub struct LinkTable {
    /// Per reference id.
    pub references: BTreeMap<String, ReferenceLinks>,
    /// Guides by slug.
    pub guides: BTreeMap<String, GuideLinks>,
    /// The texts of the build, parsed once: the guides' anchors above come from them, and
    /// [`render`] takes them from here.
    pub parsed: Arc<ParsedTexts>,
}

/// Where a guide lives in one language and which heading anchors it has.
#[derive(Debug, Default, Clone)]
pub struct GuideLinks {
    /// `en/guides/<slug>.html`.
    pub url: String,
    /// The ids of its headings.
    pub anchors: std::collections::BTreeSet<String>,
}

impl LinkTable {
    fn lookup<'a>(
        &'a self,
        current: Option<&str>,
        pick: impl Fn(&'a ReferenceLinks) -> &'a BTreeMap<String, String>,
        key: &str,
    ) -> Option<&'a String> {
        current
            .and_then(|c| self.references.get(c))
            .and_then(|r| pick(r).get(key))
            .or_else(|| self.references.values().find_map(|r| pick(r).get(key)))
    }

    fn names<'a>(
        &'a self,
        pick: impl Fn(&'a ReferenceLinks) -> &'a BTreeMap<String, String>,
    ) -> Vec<&'a str> {
        self.references
            .values()
            .flat_map(|r| pick(r).keys().map(String::as_str))
            .collect()
    }
}

/// What a Markdown text is rendered against.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownContext<'a> {
    /// Link targets in the page's language.
    pub links: &'a LinkTable,
    /// The reference whose names win when two references share one.
    pub current_reference: Option<&'a str>,
    /// The relative path from the page to the site root (`../../`).
    pub root: &'a str,
    /// The guide being rendered, whose headings `#anchor` links may point at.
    pub current_guide: Option<&'a str>,
    /// Work from earlier builds (highlighted code, sanitized HTML), when rebuilding in `serve`.
    pub cache: Option<&'a RebuildCache>,
}

/// A problem found while rendering (a link that points nowhere, a text too costly to parse):
/// byte offset into the Markdown, message and hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError {
    /// Byte offset in the Markdown text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// Renders Markdown to HTML (parsed once per link table, see [`LinkTable::parsed`]); broken
/// `param:`/`enum:` links are returned, not rendered.
pub fn render(markdown: &str, ctx: &MarkdownContext) -> (String, Vec<LinkError>) {
    let rendered = render_parsed(&ctx.links.parsed.get(markdown), markdown.len(), ctx);
    (rendered.html, rendered.errors)
}

/// A heading as rendered: what a table of contents lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedHeading {
    /// 1 for `#`, 2 for `##`, …
    pub level: u8,
    /// Its anchor.
    pub id: String,
    /// Its text as shown, without markup.
    pub text: String,
}

/// A text rendered to HTML, with its headings and the broken links found.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Its headings in order, taken from the parser's events while rendering.
    pub headings: Vec<RenderedHeading>,
    /// Broken `param:`/`enum:` and guide links.
    pub errors: Vec<LinkError>,
}

/// Like [`render`], with the headings for a table of contents.
pub fn render_with_headings(markdown: &str, ctx: &MarkdownContext) -> Rendered {
    render_parsed(&ctx.links.parsed.get(markdown), markdown.len(), ctx)
}

/// Renders the events of a parsed text (`len` bytes long).
fn render_parsed(parsed: &Parsed, len: usize, ctx: &MarkdownContext) -> Rendered {
    if let Some(e) = &parsed.refused {
        return Rendered {
            errors: vec![e.clone()],
            ..Rendered::default()
        };
    }
    let mut headings = Vec::new();
    let mut heading_ids = parsed.heading_ids.iter();
    let mut errors = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut code_block: Option<(String, String)> = None;
    let mut heading: Option<(HeadingLevel, Vec<Event>)> = None;
    let mut dropping_link = false;
    // Inside a link that is kept (links do not nest in Markdown).
    let mut in_link = false;
    let mut has_raw_html = false;
    for (event, offset) in parsed.events.iter().cloned() {
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code_block = Some((lang, String::new()));
                continue;
            }
            Event::Text(text) if code_block.is_some() => {
                if let Some((_, code)) = code_block.as_mut() {
                    code.push_str(&text);
                }
                continue;
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, code) = code_block.take().unwrap_or_default();
                // The sanitizer's rule for `language-` classes, applied here for Markdown
                // that does not go through it.
                let class = if allowed_value("code", "class", &format!("language-{lang}")) {
                    format!(" class=\"language-{lang}\"")
                } else {
                    String::new()
                };
                Event::Html(
                    format!(
                        "<pre class=\"code\" tabindex=\"0\"><code{class}>{}</code></pre>\n",
                        highlight_cached(ctx.cache, &code, &lang)
                    )
                    .into(),
                )
            }
            // Code inside a link is the link's text: linking it again would nest `<a>`s.
            Event::Code(text) if in_link => Event::Code(text),
            Event::Code(text) => code_span(&text, offset, ctx, &mut errors),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match resolve_destination(&dest_url, offset, ctx, &mut errors) {
                Some(dest) => {
                    in_link = true;
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: dest.into(),
                        title,
                        id,
                    })
                }
                None => {
                    dropping_link = true;
                    continue;
                }
            },
            Event::End(TagEnd::Link) if dropping_link => {
                dropping_link = false;
                continue;
            }
            Event::End(TagEnd::Link) => {
                in_link = false;
                Event::End(TagEnd::Link)
            }
            // Raw HTML goes through as written; `sanitize` below keeps only the allow-list.
            Event::Html(html) | Event::InlineHtml(html) => {
                has_raw_html = true;
                Event::Html(html)
            }
            // Images show their alt text: books have no place for image files, and pages load
            // nothing from outside the site.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => continue,
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level, Vec::new()));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, inner)) = heading.take() {
                    let id = heading_ids.next().cloned().unwrap_or_default();
                    let mut inner_html = String::new();
                    pulldown_cmark::html::push_html(&mut inner_html, inner.iter().cloned());
                    headings.push(RenderedHeading {
                        level: level as u8,
                        id: id.clone(),
                        text: inner_html,
                    });
                    events.push(Event::Start(Tag::Heading {
                        level,
                        id: Some(id.into()),
                        classes: vec![],
                        attrs: vec![],
                    }));
                    events.extend(inner);
                }
                Event::End(TagEnd::Heading(HeadingLevel::H1)).clone()
            }
            other => other,
        };
        // Close headings with the right level.
        let event = match event {
            Event::End(TagEnd::Heading(_)) => match events.iter().rev().find_map(|e| match e {
                Event::Start(Tag::Heading { level, .. }) => Some(*level),
                _ => None,
            }) {
                Some(level) => Event::End(TagEnd::Heading(level)),
                None => continue,
            },
            other => other,
        };
        match heading.as_mut() {
            Some((_, inner)) => inner.push(event),
            None => events.push(event),
        }
    }
    let mut html = String::with_capacity(len * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // Without raw HTML, pulldown-cmark has escaped every text and attribute and
    // `resolve_destination` has kept only allowed URL schemes: the sanitizer would find nothing
    // to remove, so it runs only when the Markdown carries HTML of its own.
    // A heading's text is what its rendered HTML shows, after the same cleaning as the page.
    for heading in &mut headings {
        let shown = if has_raw_html {
            sanitize(&heading.text)
        } else {
            heading.text.clone()
        };
        heading.text = strip_tags(&shown);
    }
    let html = if has_raw_html {
        match ctx.cache {
            Some(cache) => cache.sanitized(&html, || sanitize(&html)),
            None => sanitize(&html),
        }
    } else {
        match limit_nesting(&html) {
            Cow::Owned(flattened) => flattened,
            Cow::Borrowed(_) => html,
        }
    };
    Rendered {
        html,
        headings,
        errors,
    }
}

/// The elements raw HTML in Markdown may use (the README's "Security" section lists them).
#[rustfmt::skip]
pub const ALLOWED_TAGS: &[&str] = &[
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul", "var",
];

/// Attributes per element; their values are checked further by `allowed_value`.
const ALLOWED_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "title"]),
    ("abbr", &["title"]),
    ("h1", &["id"]),
    ("h2", &["id"]),
    ("h3", &["id"]),
    ("h4", &["id"]),
    ("h5", &["id"]),
    ("h6", &["id"]),
    ("ol", &["start"]),
    ("th", &["style", "colspan", "rowspan"]),
    ("td", &["style", "colspan", "rowspan"]),
    ("pre", &["class", "tabindex"]),
    ("code", &["class"]),
    ("span", &["class"]),
    ("details", &["open"]),
];

/// URL schemes a link may use; links without a scheme (within the book) are kept too.
const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// The sanitizer, configured once per process.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::empty();
        let attributes: HashMap<&str, HashSet<&str>> = ALLOWED_ATTRIBUTES
            .iter()
            .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
            .collect();
        builder
            .tags(ALLOWED_TAGS.iter().copied().collect())
            .tag_attributes(attributes)
            .generic_attributes(["lang"].into_iter().collect())
            .generic_attribute_prefixes(HashSet::new())
            .url_schemes(ALLOWED_SCHEMES.iter().copied().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .clean_content_tags(
                [
                    "script", "style", "template", "textarea", "title", "xmp", "noscript",
                ]
                .into_iter()
                .collect(),
            )
            .strip_comments(true)
            .link_rel(None)
            .attribute_filter(|element, attribute, value| {
                allowed_value(element, attribute, value).then_some(Cow::Borrowed(value))
            });
        builder
    })
}

/// Checks the values of attributes whose element and name are allowed: classes only as our own
/// markup writes them, ids as heading anchors, `style` only as a table column's alignment.
fn allowed_value(element: &str, attribute: &str, value: &str) -> bool {
    let class_chars = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_+#.".contains(c))
    };
    match (element, attribute) {
        ("pre", "class") => value == "code",
        // A code block scrolls sideways: keyboard users reach it with Tab.
        ("pre", "tabindex") => value == "0",
        ("code", "class") => value.strip_prefix("language-").is_some_and(class_chars),
        ("span", "class") => value
            .split_ascii_whitespace()
            .all(|c| c.strip_prefix("hl-").is_some_and(class_chars)),
        (_, "id") => {
            !value.is_empty()
                && value
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        }
        (_, "style") => matches!(
            value,
            "text-align: left" | "text-align: center" | "text-align: right"
        ),
        (_, "start" | "colspan" | "rowspan") => {
            !value.is_empty() && value.len() <= 6 && value.bytes().all(|b| b.is_ascii_digit())
        }
        ("details", "open") => value.is_empty(),
        _ => true,
    }
}

/// Sanitizes rendered HTML: elements, attributes and URL schemes outside the allow-list are
/// removed (the text inside a removed element stays, except for `<script>`, `<style>` and the
/// like, whose content goes too), and the result is balanced, so it cannot close or open
/// anything around it on the page.
pub fn sanitize(html: &str) -> String {
    sanitizer().clean(&limit_nesting(html)).to_string()
}

/// How deep elements may nest in the HTML handed to the sanitizer.
const MAX_NESTING: usize = 64;

/// Turns start tags nested deeper than [`MAX_NESTING`] (and their end tags) into text by escaping
/// their `<`. html5ever, under ammonia, looks down the stack of open elements for most start
/// tags, so unbounded nesting (`>>>>…` in Markdown, `<div><div>…` in raw HTML) costs quadratic
/// time: 100 KB of `>` took five minutes (found by `fuzz/run.sh`, target `markdown`).
///
/// The depth is counted conservatively, never below what the HTML parser builds (give or take
/// the `tbody`/`tr` it inserts into tables): an element is closed only by its own end tag on top
/// of the stack, by the same start tag on top of the stack (`<p>`, `<li>`, `<td>`…), or by the end
/// tag of a block that closes the implied ends (`p`, `li`…) above it. Escaping is harmless
/// where the count errs: `&lt;` reads as `<` in text and in attribute values alike.
fn limit_nesting(html: &str) -> Cow<'_, str> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    const CLOSES_SIBLING: &[&str] = &["p", "li", "dt", "dd", "tr", "td", "th", "option"];
    const IMPLIED_END: &[&str] = &[
        "p", "li", "dt", "dd", "option", "optgroup", "rb", "rp", "rt", "rtc",
    ];
    // End tags that close the implied ends above them (and, for tables, the table's parts).
    #[rustfmt::skip]
    const CLOSES_IMPLIED: &[&str] = &[
        "address", "article", "aside", "blockquote", "button", "center", "details", "dialog",
        "dir", "div", "dl", "fieldset", "figcaption", "figure", "footer", "form", "header",
        "hgroup", "listing", "main", "menu", "nav", "ol", "pre", "search", "section", "summary",
        "ul", "p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "caption",
    ];
    const CLOSES_TABLE_PARTS: &[&str] = &["table", "tbody", "thead", "tfoot", "tr"];
    const TABLE_PARTS: &[&str] = &[
        "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "colgroup",
    ];
    // Each start tag opens at most one element, so HTML with no more than `MAX_NESTING` of them
    // (a field's explanation, its code highlighted) nests no deeper: nothing to escape. Counting
    // every `<`, in one vectorised pass, settles it for most; start tags are counted only after.
    let bytes = html.as_bytes();
    let few = |count: usize| count <= MAX_NESTING;
    if few(bytes.iter().filter(|b| **b == b'<').count())
        || few(html
            .match_indices('<')
            .filter(|(at, _)| bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic))
            .take(MAX_NESTING + 1)
            .count())
    {
        return Cow::Borrowed(html);
    }
    let mut open: Vec<String> = Vec::new();
    let mut escaped: HashMap<String, usize> = HashMap::new();
    let mut out = String::new();
    let mut copied = 0;
    for (at, _) in html.match_indices('<') {
        let closing = html[at + 1..].starts_with('/');
        let start = at + 1 + usize::from(closing);
        // As the HTML tokenizer reads it: an ASCII letter, then up to whitespace, `/` or `>`.
        let len = html[start..]
            .bytes()
            .take_while(|b| !b.is_ascii_whitespace() && *b != b'/' && *b != b'>')
            .count();
        if len == 0 || !html.as_bytes()[start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[start..start + len].to_ascii_lowercase();
        let escape = if closing {
            match escaped.get_mut(&name).filter(|n| **n > 0) {
                Some(n) => {
                    *n -= 1;
                    true
                }
                None => {
                    let table = CLOSES_TABLE_PARTS.contains(&name.as_str());
                    let passable = |o: &String| {
                        *o != name
                            && (table || CLOSES_IMPLIED.contains(&name.as_str()))
                            && (IMPLIED_END.contains(&o.as_str())
                                || (table && TABLE_PARTS.contains(&o.as_str())))
                    };
                    let above = open.iter().rev().take_while(|o| passable(o)).count();
                    let at_name = open.len().checked_sub(above + 1);
                    if at_name.is_some_and(|i| open[i] == name) {
                        open.truncate(at_name.unwrap_or(0));
                    }
                    false
                }
            }
        } else if VOID.contains(&name.as_str()) {
            false
        } else {
            if CLOSES_SIBLING.contains(&name.as_str()) && open.last() == Some(&name) {
                open.pop();
            }
            if open.len() < MAX_NESTING {
                open.push(name);
                false
            } else {
                *escaped.entry(name).or_default() += 1;
                true
            }
        };
        if escape {
            out.push_str(&html[copied..at]);
            out.push_str("&lt;");
            copied = at + 1;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Renders one line of Markdown without the surrounding `<p>`.
pub fn render_inline(markdown: &str, ctx: &MarkdownContext) -> (String, Vec<LinkError>) {
    let (html, errors) = render(markdown, ctx);
    let trimmed = html.trim();
    let inner = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .filter(|s| !s.contains("<p>"))
        .unwrap_or(trimmed);
    (inner.to_string(), errors)
}

fn code_span<'a>(
    text: &str,
    offset: usize,
    ctx: &MarkdownContext,
    errors: &mut Vec<LinkError>,
) -> Event<'a> {
    let code = format!("<code>{}</code>", escape_html(text));
    if let Some(target) = text.strip_prefix("param:") {
        return match resolve_destination(text, offset, ctx, errors) {
            Some(href) => Event::Html(
                format!(
                    "<a href=\"{}\"><code>{}</code></a>",
                    escape_html(&href),
                    escape_html(target)
                )
                .into(),
            ),
            None => Event::Html(code.into()),
        };
    }
    match ctx.links.lookup(ctx.current_reference, |r| &r.fields, text) {
        Some(url) if is_identifier_like(text) => {
            Event::Html(format!("<a href=\"{}{}\">{code}</a>", ctx.root, escape_html(url)).into())
        }
        _ => Event::Html(code.into()),
    }
}

fn is_identifier_like(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Turns `param:`/`enum:` destinations into URLs; `None` drops the link (a scheme outside
/// `ALLOWED_SCHEMES`, such as `javascript:`).
fn resolve_destination(
    dest: &str,
    offset: usize,
    ctx: &MarkdownContext,
    errors: &mut Vec<LinkError>,
) -> Option<String> {
    let scheme = dest
        .trim_start()
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let scheme: String = scheme
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let has_scheme = dest
        .split(['/', '#', '?'])
        .next()
        .is_some_and(|before_path| before_path.contains(':'));
    if has_scheme
        && !ALLOWED_SCHEMES.contains(&scheme.as_str())
        && !matches!(scheme.as_str(), "param" | "enum")
    {
        return None;
    }
    let (kind, target) = if let Some(t) = dest.strip_prefix("param:") {
        ("field", t)
    } else if let Some(t) = dest.strip_prefix("enum:") {
        ("enum", t)
    } else if is_relative(dest) {
        return Some(resolve_relative(dest, offset, ctx, errors));
    } else {
        return Some(dest.to_string());
    };
    let (found, candidates) = if kind == "field" {
        (
            ctx.links
                .lookup(ctx.current_reference, |r| &r.fields, target),
            ctx.links.names(|r| &r.fields),
        )
    } else {
        (
            ctx.links
                .lookup(ctx.current_reference, |r| &r.enums, target),
            ctx.links.names(|r| &r.enums),
        )
    };
    match found {
        Some(url) => Some(format!("{}{}", ctx.root, url)),
        None => {
            let hint = match did_you_mean(target, &candidates) {
                Some(s) => format!(
                    "did you mean `{}:{s}`?",
                    &dest[..dest.len() - target.len() - 1]
                ),
                None => format!(
                    "link to {} {kind} that the book documents",
                    if kind == "enum" { "an" } else { "a" }
                ),
            };
            errors.push(LinkError {
                offset,
                message: format!("`{dest}` links to an unknown {kind}"),
                hint,
            });
            Some(String::new())
        }
    }
}

/// True for links without a scheme or a leading `/` (links within the book).
fn is_relative(dest: &str) -> bool {
    let before_path = dest.split(['/', '#', '?']).next().unwrap_or("");
    !dest.starts_with('/') && !before_path.contains(':')
}

/// Checks a link to another guide (`other.md`, `other.md#anchor`, `other.zh.md`) or to a heading
/// of the current guide (`#anchor`), and turns guide files into their pages.
fn resolve_relative(
    dest: &str,
    offset: usize,
    ctx: &MarkdownContext,
    errors: &mut Vec<LinkError>,
) -> String {
    let (path, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest, None),
    };
    let check_anchor = |guide: &str, links: &GuideLinks, errors: &mut Vec<LinkError>| {
        if let Some(fragment) = fragment {
            if !links.anchors.contains(fragment) {
                let anchors: Vec<&str> = links.anchors.iter().map(String::as_str).collect();
                let hint = match did_you_mean(fragment, &anchors) {
                    Some(s) => format!("did you mean `#{s}`?"),
                    None => format!(
                        "the headings of `{guide}` have the anchors: {}",
                        anchors.join(", ")
                    ),
                };
                errors.push(LinkError { offset, message: format!("`{dest}` points at `#{fragment}`, which is not a heading of guide `{guide}`"), hint });
            }
        }
    };
    if path.is_empty() {
        if let Some(guide) = ctx.current_guide {
            if let Some(links) = ctx.links.guides.get(guide) {
                check_anchor(guide, links, errors);
            }
        }
        return dest.to_string();
    }
    let Some(file) = path.strip_suffix(".md") else {
        return dest.to_string();
    };
    let name = file.rsplit('/').next().unwrap_or(file);
    let slug = match name.rsplit_once('.') {
        Some((slug, _lang)) => slug,
        None => name,
    };
    match ctx.links.guides.get(slug) {
        Some(links) => {
            check_anchor(slug, links, errors);
            let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
            format!("{}{}{fragment}", ctx.root, links.url)
        }
        None => {
            let slugs: Vec<&str> = ctx.links.guides.keys().map(String::as_str).collect();
            let hint = match did_you_mean(slug, &slugs) {
                Some(s) => format!("did you mean `{s}.md`?"),
                None => "link to a file in content/guides/".to_string(),
            };
            errors.push(LinkError {
                offset,
                message: format!("`{dest}` links to a guide that does not exist"),
                hint,
            });
            String::new()
        }
    }
}

/// The text of an HTML fragment: tags removed, the common entities decoded.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Inline delimiter runs (`*`, `_`, `~`, `` ` ``, `[`, `]`) one block of Markdown may hold. The
/// Markdown parser's work on a block grows with the square of their number when they do not
/// pair up (`*a_*a_…`: 100,000 of them took minutes); at this limit a block costs about a
/// millisecond, so a 4 MiB text stays within seconds.
pub const MAX_DELIMITER_RUNS: usize = 1_000;

/// Refuses a text whose structure would make parsing it too costly: more than
/// [`MAX_DELIMITER_RUNS`] delimiter runs in one block (lines up to a blank line; each table row
/// counts on its own). Linear in the text; the error is at the run over the limit.
pub fn check_cost(markdown: &str) -> Result<(), LinkError> {
    let bytes = markdown.as_bytes();
    let mut runs = 0;
    let mut line_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if line_start {
            let rest = markdown[i..].trim_start_matches([' ', '\t']);
            if rest.starts_with(['\n', '\r']) || rest.is_empty() || rest.starts_with('|') {
                runs = 0;
            }
        }
        line_start = b == b'\n';
        match b {
            b'\\' => i += 1,
            b'*' | b'_' | b'~' | b'`' | b'[' | b']' => {
                runs += 1;
                if runs > MAX_DELIMITER_RUNS {
                    return Err(LinkError {
                        offset: i,
                        message: format!(
                            "this paragraph has more than {MAX_DELIMITER_RUNS} runs of `*`, `_`, `~`, backticks and brackets, more than fieldbook parses in one paragraph (the time to parse grows with the square of their number)"
                        ),
                        hint: "split the paragraph with blank lines, or escape literal characters with `\\` (`\\*`)".to_string(),
                    });
                }
                while bytes.get(i + 1) == Some(&b) {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Element ids the built-in templates give every page: a heading's anchor never takes one.
const PAGE_IDS: &[&str] = &[
    "main",
    "nav-toggle",
    "search-input",
    "search-results",
    "fieldbook-errors",
];

/// A heading's anchor: lowercase words joined by `-`, CJK kept; an id the page itself uses
/// (`main`, `search-input`, …) gets `-heading` appended, so that ids stay unique.
pub fn slugify(text: &str) -> String {
    let slug = heading_slug(text);
    // search.js numbers its results `search-result-<n>`.
    let result_id = slug
        .strip_prefix("search-result-")
        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
    if PAGE_IDS.contains(&slug.as_str()) || result_id {
        format!("{slug}-heading")
    } else {
        slug
    }
}

fn heading_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests;
