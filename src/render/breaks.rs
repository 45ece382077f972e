//! The `breakable` template filter: code that may wrap between its parts. Names, types and
//! values in tables are code without spaces (`initialization_strategy_for_every_adapter_layer`,
//! `Optional[Union[list[int], dict[str, list[int]]]]`); left alone they either widen their table
//! past the page or, with CSS `overflow-wrap: anywhere`, break in the middle of a word. The filter
//! escapes the text and puts a line-break opportunity (`<wbr>`) after each `_`, `.`, `|`, `,` and
//! `[`, so a line only ever ends between the parts of a name or a type. Code of at most
//! [`SHORT`] characters stays whole: a table column is never that narrow, and `"adamw_torch"`
//! reads better unbroken.

use std::collections::HashMap;
use tera::Value;

/// Code this short (in characters) gets no `<wbr>`.
pub const SHORT: usize = 16;

/// `text` as escaped HTML with `<wbr>` after each `_`, `.`, `|`, `,` and `[` (none when it has at
/// most [`SHORT`] characters).
pub fn breakable(text: &str) -> String {
    if text.chars().count() <= SHORT {
        return crate::highlight::escape_html(text);
    }
    // The entities escaping writes (`&amp;`, `&lt;`, `&#39;`, …) hold none of these characters.
    let mut html = String::with_capacity(text.len() + text.len() / 4);
    for c in crate::highlight::escape_html(text).chars() {
        html.push(c);
        if matches!(c, '_' | '.' | '|' | ',' | '[') {
            html.push_str("<wbr>");
        }
    }
    html
}

/// The Tera filter `{{ value | breakable | safe }}`: [`breakable`] of a string (other values are
/// shown as Tera prints them, then made breakable).
pub fn filter(value: &Value, _args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    Ok(Value::String(breakable(&text)))
}

#[cfg(test)]
mod tests {
    use super::breakable;

    #[test]
    fn code_may_wrap_between_its_parts_only() {
        assert_eq!(
            breakable("Optional[Union[list[int], dict[str, int]]]"),
            "Optional[<wbr>Union[<wbr>list[<wbr>int],<wbr> dict[<wbr>str,<wbr> int]]]"
        );
        assert_eq!(
            breakable("Optional[int] | None"),
            "Optional[<wbr>int] |<wbr> None"
        );
        assert_eq!(
            breakable("gradient_accumulation_steps"),
            "gradient_<wbr>accumulation_<wbr>steps"
        );
        assert_eq!(
            breakable("IntervalStrategy.STEPS"),
            "IntervalStrategy.<wbr>STEPS"
        );
        assert_eq!(
            breakable("lowrankadapterconfiguration"),
            "lowrankadapterconfiguration"
        );
    }

    #[test]
    fn short_code_stays_whole() {
        assert_eq!(breakable("\"adamw_torch\""), "&quot;adamw_torch&quot;");
        assert_eq!(breakable("Optional[int]"), "Optional[int]");
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            breakable("Literal[\"<a href='x'>\", 'y']"),
            "Literal[<wbr>&quot;&lt;a href=&#39;x&#39;&gt;&quot;,<wbr> &#39;y&#39;]"
        );
    }
}
