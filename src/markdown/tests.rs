//! Unit tests of [`super`] (markdown).

use super::*;

#[test]
fn heading_anchors_never_take_the_ids_of_the_page() {
    assert_eq!(slugify("Main"), "main-heading");
    assert_eq!(slugify("Search input"), "search-input-heading");
    assert_eq!(slugify("Main ideas"), "main-ideas");
    assert_eq!(slugify("Search result 3"), "search-result-3-heading");
    assert_eq!(
        parse("# Main\n\n[up](#main-heading)").heading_ids,
        ["main-heading"]
    );
}

#[test]
fn whitespace_collapses_as_split_whitespace_does() {
    for text in [
        "",
        "   ",
        " a  b\t\nc ",
        "a\u{3000}b\u{85}c\u{a0} d\u{1680}e\u{2028}f\u{205f}\u{2000}g",
        // Not whitespace: zero-width space, U+001C, CJK punctuation and ideographs.
        "x\u{200b}y\u{1c}z 学习\u{3001}率\u{3000}\u{3000}é\u{e1}\u{e3}",
    ] {
        let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(parsed::collapse_whitespace(text), expected, "{text:?}");
    }
}

fn table() -> LinkTable {
    let mut r = ReferenceLinks::default();
    r.fields.insert(
        "learning_rate".into(),
        "en/ta/optimizer.html#learning_rate".into(),
    );
    r.enums.insert(
        "IntervalStrategy".into(),
        "en/ta/enums.html#IntervalStrategy".into(),
    );
    r.enums.insert(
        "IntervalStrategy.STEPS".into(),
        "en/ta/enums.html#IntervalStrategy.STEPS".into(),
    );
    let mut t = LinkTable::default();
    t.references.insert("ta".into(), r);
    let mut g = GuideLinks {
        url: "en/guides/intro.html".into(),
        ..Default::default()
    };
    g.anchors.insert("first-steps".into());
    t.guides.insert("intro".into(), g);
    t
}

fn ctx(t: &LinkTable) -> MarkdownContext<'_> {
    MarkdownContext {
        links: t,
        current_reference: Some("ta"),
        root: "../../",
        current_guide: Some("intro"),
        cache: None,
    }
}

#[test]
fn backticked_field_names_become_links() {
    let t = table();
    let (html, errors) = render(
        "Raise `learning_rate` slowly; `other` stays code.",
        &ctx(&t),
    );
    assert!(errors.is_empty());
    assert!(
        html.contains(
            "<a href=\"../../en/ta/optimizer.html#learning_rate\"><code>learning_rate</code></a>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<code>other</code>") && !html.contains("#other"),
        "{html}"
    );
}

#[test]
fn a_field_name_that_is_already_a_link_text_is_not_linked_again() {
    let t = table();
    let (html, errors) = render("See [`learning_rate`](param:learning_rate).", &ctx(&t));
    assert!(errors.is_empty());
    assert_eq!(
        html.trim(),
        "<p>See <a href=\"../../en/ta/optimizer.html#learning_rate\"><code>learning_rate</code></a>.</p>"
    );
}

#[test]
fn param_and_enum_links_resolve_and_broken_ones_are_reported() {
    let t = table();
    let (html, errors) = render("[lr](param:learning_rate), [s](enum:IntervalStrategy.STEPS), `param:learning_rate`, [x](param:learnin_rate)", &ctx(&t));
    assert!(
        html.contains("href=\"../../en/ta/optimizer.html#learning_rate\">lr</a>"),
        "{html}"
    );
    assert!(
        html.contains("href=\"../../en/ta/enums.html#IntervalStrategy.STEPS\""),
        "{html}"
    );
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].message,
        "`param:learnin_rate` links to an unknown field"
    );
    assert_eq!(errors[0].hint, "did you mean `param:learning_rate`?");
    assert_eq!(
        errors[0].offset,
        "[lr](param:learning_rate), [s](enum:IntervalStrategy.STEPS), `param:learning_rate`, "
            .len()
    );
}

#[test]
fn links_between_guides_are_checked_and_rewritten() {
    let t = table();
    let md = "[a](intro.md#first-steps) [b](intro.zh.md) [c](#first-steps) [d](intro.md#nope) [e](outro.md) [f](https://x.org/a.md)";
    let (html, errors) = render(md, &ctx(&t));
    assert!(
        html.contains("href=\"../../en/guides/intro.html#first-steps\">a</a>"),
        "{html}"
    );
    assert!(
        html.contains("href=\"../../en/guides/intro.html\">b</a>"),
        "{html}"
    );
    assert!(
        html.contains("href=\"#first-steps\">c</a>")
            && html.contains("href=\"https://x.org/a.md\""),
        "{html}"
    );
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`intro.md#nope` points at `#nope`, which is not a heading of guide `intro`",
            "`outro.md` links to a guide that does not exist"
        ]
    );
    assert_eq!(errors[1].hint, "did you mean `intro.md`?");
}

#[test]
fn raw_html_is_sanitized_and_javascript_links_are_dropped() {
    let t = table();
    let md = "<script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(1)> \
              <a href=\"jav&#x61;script:alert(2)\" onclick=\"x\">a</a> <svg onload=alert(3)>s</svg> \
              <iframe src=\"https://x.org\"></iframe> <kbd>Ctrl</kbd> <abbr title=\"t\" style=\"color:red\">ab</abbr> \
              <span class=\"skip-link\">c</span> ![alt](javascript:alert(4))\n\n\
              <details open ontoggle=alert(5)><summary>More</summary>\n\nbody\n\n</details>\n\n</div></main>";
    let (html, _) = render(md, &ctx(&t));
    for bad in [
        "<script",
        "alert(1)",
        "<img",
        "<svg",
        "<iframe",
        "javascript",
        "onerror",
        "onclick",
        "onload",
        "ontoggle",
        "style=",
        "skip-link",
        "</div>",
        "</main>",
    ] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    for good in [
        "<p>click  <a>a</a> s ",
        "<a>a</a>",
        "<kbd>Ctrl</kbd>",
        "<abbr title=\"t\">ab</abbr>",
        "<span>c</span>",
        "alt",
        "<details open=\"\"><summary>More</summary>",
        "<p>body</p>",
    ] {
        assert!(html.contains(good), "{good} not in {html:?}");
    }
}

#[test]
fn our_own_markup_survives_the_sanitizer() {
    let t = table();
    let md = "## Steps & more\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n3. x\n\n\
              `learning_rate` [s](enum:IntervalStrategy.STEPS) [h](https://x.org/a?b=1&c=2 \"T\") \
              [m](mailto:a@b.org) [g](intro.md#first-steps)\n\n```python\nx = \"<b>\"\n```\n";
    let (html, _) = render(md, &ctx(&t));
    for good in [
        "<h2 id=\"steps-more\">Steps &amp; more</h2>",
        "<th style=\"text-align: center\">a</th>",
        "<td style=\"text-align: right\">2</td>",
        "<ol start=\"3\">",
        "<a href=\"../../en/ta/optimizer.html#learning_rate\"><code>learning_rate</code></a>",
        "href=\"../../en/ta/enums.html#IntervalStrategy.STEPS\"",
        "<a href=\"https://x.org/a?b=1&amp;c=2\" title=\"T\">h</a>",
        "<a href=\"mailto:a@b.org\">m</a>",
        "href=\"../../en/guides/intro.html#first-steps\"",
        "<pre class=\"code\" tabindex=\"0\"><code class=\"language-python\">x = <span class=\"hl-s\">&quot;&lt;b&gt;&quot;</span>",
    ] {
        assert!(html.contains(good), "{good} not in {html:?}");
    }
    let plain = render("```\nx\n```\n\n```\"><x\ny\n```\n", &ctx(&t)).0;
    assert_eq!(
        plain,
        "<pre class=\"code\" tabindex=\"0\"><code>x\n</code></pre>\n<pre class=\"code\" tabindex=\"0\"><code>y\n</code></pre>\n"
    );
}

#[test]
fn code_blocks_are_highlighted_and_headings_get_ids() {
    let t = table();
    let (html, _) = render("## First steps\n\n```python\nx = 1\n```\n", &ctx(&t));
    assert!(
        html.contains("<h2 id=\"first-steps\">First steps</h2>"),
        "{html}"
    );
    assert!(
        html.contains("<pre class=\"code\" tabindex=\"0\"><code class=\"language-python\">")
            && html.contains("hl-"),
        "{html}"
    );
}

#[test]
fn a_code_block_is_reachable_by_keyboard_and_raw_html_cannot_steal_focus() {
    let t = table();
    let html = render(
        "<pre tabindex=\"5\">a</pre>\n\n<pre tabindex=\"0\">b</pre>\n\n```\nc\n```\n",
        &ctx(&t),
    )
    .0;
    assert!(html.contains("<pre>a</pre>"), "{html}");
    assert!(html.contains("<pre tabindex=\"0\">b</pre>"), "{html}");
    assert!(
        html.contains("<pre class=\"code\" tabindex=\"0\"><code>c"),
        "{html}"
    );
}

/// Regression (fuzz target `markdown`): deep nesting cost the sanitizer quadratic time.
#[test]
fn a_text_too_costly_to_parse_is_refused_quickly_where_it_goes_over() {
    let t = table();
    let start = std::time::Instant::now();
    let text = format!("Fine *text*.\n\n{}", "*a_".repeat(100_000));
    let (html, errors) = render(&text, &ctx(&t));
    assert!(html.is_empty());
    assert_eq!(errors.len(), 1);
    // The 1,001st run of the second paragraph.
    assert_eq!(errors[0].offset, 14 + 3 * 500);
    assert!(
        errors[0].message.contains("more than 1000 runs"),
        "{errors:?}"
    );
    let parsed = parse(&text);
    assert!(parsed.plain_text.is_empty() && parsed.heading_ids.is_empty());
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    // Ordinary text, escaped stars and many short paragraphs are fine.
    let many = "*a* _b_ [c](d) `e`\n\n".repeat(5_000);
    assert!(check_cost(&many).is_ok());
    assert!(check_cost(&"\\*a".repeat(5_000)).is_ok());
    assert!(check_cost(&"| `a` | `b` |\n".repeat(5_000)).is_ok());
}

#[test]
fn deep_nesting_is_flattened_not_quadratic() {
    let t = table();
    let started = std::time::Instant::now();
    let quotes = format!("{} deep", ">".repeat(20_000));
    let (html, _) = render(&quotes, &ctx(&t));
    assert_eq!(html.matches("<blockquote>").count(), MAX_NESTING);
    assert!(html.contains("deep"));
    let raw = format!("{}raw", "<blockquote>".repeat(20_000));
    let (html, _) = render(&raw, &ctx(&t));
    assert!(html.matches("<blockquote>").count() <= MAX_NESTING);
    assert!(html.contains("raw"));
    // Both took minutes before the limit; the bound is loose for slow debug builds.
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn ordinary_nesting_is_left_alone() {
    let siblings =
        "<p>a<p>b<br><hr><ul><li>c<li>d<P>e</UL><table><tr><td>f<td>g</table>".repeat(200);
    assert!(matches!(limit_nesting(&siblings), Cow::Borrowed(_)));
    // A custom element is not the `p` it starts like, so it does not close one.
    let custom = "<p>".to_string() + &"<p-x>".repeat(70);
    assert_eq!(
        limit_nesting(&custom).matches("&lt;p-x>").count(),
        71 - MAX_NESTING
    );
    let nested = format!("{}x{}", "<ul><li>".repeat(31), "</li></ul>".repeat(31));
    assert!(matches!(limit_nesting(&nested), Cow::Borrowed(_)));
    let deeper = format!("{}x{}", "<i>".repeat(70), "</i>".repeat(70));
    let limited = limit_nesting(&deeper);
    assert_eq!(limited.matches("&lt;i>").count(), 70 - MAX_NESTING);
    assert_eq!(limited.matches("&lt;/i>").count(), 70 - MAX_NESTING);
}
