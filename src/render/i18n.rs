//! Page chrome in every supported language: no English on a Chinese page.

use crate::lang::Lang;
use std::collections::BTreeMap;

/// Every UI string key with its English and Chinese text.
const STRINGS: &[(&str, &str, &str)] = &[
    ("skip_to_content", "Skip to content", "跳到正文"),
    ("what_changed", "What changed", "变更"),
    ("change_kind", "Change", "变更类型"),
    ("change_field", "Field", "参数"),
    ("change_before", "Before", "变更前"),
    ("change_after", "After", "变更后"),
    ("change_added", "added", "新增"),
    ("change_removed", "removed", "移除"),
    ("change_renamed", "renamed", "重命名"),
    ("change_default", "default changed", "默认值变更"),
    ("change_type", "type changed", "类型变更"),
    ("change_choices", "choices changed", "可选值变更"),
    (
        "change_inferred",
        "inferred: same type and default, similar help; no deprecation names it",
        "推断所得：类型与默认值相同、帮助文本相近，但没有弃用说明指明",
    ),
    ("inferred", "inferred", "推断"),
    ("no_changes", "No field changed between these versions.", "这两个版本之间没有参数变更。"),
    (
        "changes_intro",
        "Fields of the class compared between the two versions' source code: added, removed, renamed (a deprecation names the new field), and changed defaults, types and choices. Each name links to the field in that version.",
        "对比两个版本的源代码中该类的参数：新增、移除、重命名（由弃用说明指明新参数），以及默认值、类型和可选值的变更。每个参数名都链接到它在对应版本中的说明。",
    ),
    ("undocumented_title", "Not yet documented", "尚未编写说明"),
    (
        "undocumented_intro",
        "Fields the source code has and this book does not explain yet. Their facts come from the code; the text shown is the help string quoted from the source, in English.",
        "源代码中已有、本手册尚未讲解的参数。类型和默认值取自代码；下面显示的是从源代码原样引用的英文帮助文本。",
    ),
    ("upstream_help_short", "From the source:", "源代码帮助（英文）："),
    (
        "quoted_from_source",
        "Not yet documented here. The help text, quoted from the source",
        "本手册尚未讲解此参数。以下为源代码中的英文帮助文本，原样引自",
    ),
    ("no_upstream_help", "Not yet documented; the source gives no help text.", "尚未编写说明；源代码也没有帮助文本。"),
    ("menu", "Menu", "目录"),
    ("search_placeholder", "Search parameters…", "搜索参数…"),
    ("search_label", "Search parameters", "搜索参数"),
    ("search_empty", "No parameter matches", "没有匹配的参数"),
    ("language", "Language", "切换语言"),
    ("home", "Home", "首页"),
    ("references", "References", "参考手册"),
    ("groups", "Groups", "分组"),
    ("guides", "Guides", "教程"),
    ("concepts", "Concepts", "概念"),
    ("all_defaults", "All defaults", "全部默认值"),
    ("enums", "Enums", "枚举"),
    ("fields_suffix", "fields", "个参数"),
    ("on_this_page", "On this page", "本页内容"),
    ("name", "Name", "名称"),
    ("type", "Type", "类型"),
    ("default", "Default", "默认值"),
    ("summary", "Summary", "说明"),
    ("required", "required", "必填"),
    ("command_line", "Command line", "命令行参数"),
    ("config_name", "Name in config files", "配置文件中的名称"),
    ("constraints", "Constraints", "取值约束"),
    ("multiple_of", "multiple of", "的倍数"),
    ("length", "length", "长度"),
    ("matches", "matches", "匹配"),
    ("see_also", "See also", "另见"),
    ("deprecated", "Deprecated", "已弃用"),
    ("use_instead", "Use instead:", "替代参数："),
    ("removed_in", "Scheduled for removal in", "计划移除于版本"),
    ("deprecated_since", "Deprecated since", "弃用自版本"),
    ("declared_in", "Declared in", "声明于"),
    ("declaration", "Declaration", "声明"),
    ("usage", "Setting it in code", "在代码中设置"),
    ("usage_yaml", "Setting it in a YAML file", "在 YAML 配置文件中设置"),
    ("usage_toml", "Setting it in a TOML file", "在 TOML 配置文件中设置"),
    (
        "computed_default",
        "computed in the source as",
        "源码中由表达式计算：",
    ),
    (
        "factory_default",
        "a new empty value per instance, from",
        "每个实例新建一个空值，来自",
    ),
    ("choices", "Allowed values", "允许的取值"),
    (
        "enum_note_title",
        "Enum member or string",
        "枚举成员或字符串",
    ),
    ("union_note_title", "Accepted forms", "可接受的形式"),
    ("choices_note_title", "Allowed values", "允许的取值"),
    ("literal_note_title", "Allowed values", "允许的取值"),
    ("member", "Member", "成员"),
    ("value", "String value", "字符串值"),
    ("what_it_does", "What it does", "作用"),
    ("default_marker", "default", "默认"),
    (
        "union_concept",
        "Read more: Union vs Enum",
        "延伸阅读：Union 与枚举",
    ),
    ("import", "Import", "导入"),
    ("version", "Version", "版本"),
    ("library", "Library", "库"),
    ("enum_used_by", "Used by", "使用它的参数"),
    ("built_with", "Built with fieldbook", "由 fieldbook 生成"),
    ("choose_language", "Choose a language", "选择语言"),
    ("group_count", "groups", "个分组"),
    ("field_count", "fields", "个参数"),
    ("python_type", "Python type", "Python 类型"),
    ("reading", "Reads as", "含义"),
    ("permalink", "Link to this parameter", "本参数的链接"),
    ("stale_translation", "This translation may be outdated: the original text changed after it was translated.", "此译文可能已过时：原文在翻译之后有过修改。"),
    ("read_original", "Read the original in", "阅读原文："),
    ("translation_coverage", "Translation coverage", "翻译覆盖情况"),
    ("up_to_date", "up to date", "与原文同步"),
    ("not_translated", "not translated yet", "尚未翻译"),
    (
        "untranslated_mark",
        "Not translated yet: shown in the original language.",
        "尚未翻译，暂以原文显示。",
    ),
    ("outdated", "possibly outdated", "可能已过时"),
    ("unstamped", "not yet checked", "尚未核对"),
    ("not_found_title", "Page not found", "页面不存在"),
    // The notes under a field's type. In these, `code` is shown as code and `{name}` stands for
    // the field's name (`{enum}` the enum's, `{member}` and `{value}` a member and its string).
    ("none_unset", "leave it unset", "不设置"),
    (
        "union_intro",
        "`{name}` accepts any of these forms; which one you pass decides how it is read.",
        "`{name}` 可以接受下列任一种形式，传入哪一种决定了它如何被解析。",
    ),
    (
        "union_outro",
        "On the command line every value arrives as a string, so only the string form can be passed there.",
        "在命令行中所有值都以字符串传入，因此只能使用字符串形式。",
    ),
    (
        "choices_intro",
        "`{name}` takes one of the strings below.",
        "`{name}` 只接受下列字符串之一。",
    ),
    (
        "choices_outro",
        "`HfArgumentParser` turns this list into the flag's `choices`, so the command line rejects any other value.",
        "`HfArgumentParser` 会把这份列表设为命令行参数的 `choices`，因此命令行会拒绝其他取值。",
    ),
    (
        "literal_intro",
        "`{name}` is typed `Literal`: only these values are valid.",
        "`{name}` 的类型是 `Literal`，只有下列取值有效。",
    ),
    (
        "literal_outro",
        "`HfArgumentParser` uses them as the flag's `choices`.",
        "`HfArgumentParser` 会把它们作为命令行参数的 `choices`。",
    ),
    ("form_dict", "a Python dict, used as given", "Python 字典，按原样使用"),
    (
        "form_str",
        "a string; the explanation above says what it holds (often JSON text or a file path)",
        "字符串，内容见上文说明（通常是 JSON 文本或文件路径）",
    ),
    (
        "enum_intro",
        "Pass a member of {enum} or its string value: `{member}` and `{value}` mean the same thing.",
        "既可以传入 {enum} 的成员，也可以直接传入它的字符串值：`{member}` 与 `{value}` 等价。",
    ),
    (
        "enum_list_intro",
        "Pass a list of {enum} members, or one string holding their values separated by spaces: `[{member}]` and `{value}` mean the same thing.",
        "可以传入由 {enum} 成员组成的列表，也可以传入一个用空格分隔各个值的字符串：`[{member}]` 与 `{value}` 等价。",
    ),
    (
        "enum_outro",
        "Values outside this list are not valid for this field.",
        "列表之外的取值对该参数无效。",
    ),
    ("not_found_text", "This address does not lead to a page of this site. Use the search box above, or start from the home page.", "这个地址没有对应的页面。可以用上方的搜索框查找参数，或从首页开始浏览。"),
];

/// How a language fieldbook does not ship reads a type (`Optional[List[int]]`): words, and
/// patterns whose `{…}` are filled in. English and Chinese have readers of their own (plurals,
/// spacing); these are what a book writes for any other language, with the English as example.
const TYPE_READINGS: &[(&str, &str)] = &[
    ("type_int", "integer"),
    ("type_float", "float"),
    ("type_str", "string"),
    ("type_bool", "boolean"),
    ("type_dict", "dict"),
    ("type_list", "list"),
    ("type_tuple", "tuple"),
    ("type_set", "set"),
    ("type_sequence", "sequence"),
    ("type_bytes", "bytes"),
    ("type_any", "any value"),
    ("type_enum_member", "{name} member"),
    ("type_container_of", "{container} of {item}"),
    ("type_tuple_of", "tuple of ({items})"),
    ("type_mapping", "mapping from {key} to {value}"),
    ("type_one_of", "one of {values}"),
    ("type_or", "{a} or {b}"),
    ("type_or_none", "{type} or None"),
    ("type_list_separator", ", "),
];

/// Every interface string a book supplies for a language fieldbook does not ship
/// (`[ui.<lang>]`), snake_case, with its English text as the example to translate.
pub fn ui_keys() -> Vec<(&'static str, &'static str)> {
    std::iter::once(("language_name", "English"))
        .chain(STRINGS.iter().map(|&(key, en, _)| (key, en)))
        .chain(TYPE_READINGS.iter().copied())
        .collect()
}

/// The UI strings of one language, keyed for templates (`{{ t.required }}`).
pub fn strings(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|&(key, en, zh)| {
            let text = match lang {
                Lang::En => en,
                Lang::Zh => zh,
                Lang::Other(tag) => tag.ui(key).unwrap_or(""),
            };
            (key, text)
        })
        .collect()
}

/// One UI string.
pub fn text(lang: Lang, key: &str) -> &'static str {
    if let Lang::Other(tag) = lang {
        return tag.ui(key).unwrap_or("");
    }
    STRINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|&(_, en, zh)| if lang == Lang::Zh { zh } else { en })
        .unwrap_or("")
}

/// One UI string as HTML: its text escaped, `` `code` `` as `<code>`, and each `{name}` of
/// `args` replaced by that argument's HTML (in one pass, so an argument is never re-read).
pub fn html(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut in_code = false;
    let mut out = crate::lang::fill_in(text(lang, key), args, |piece, out| {
        for c in piece.chars() {
            match c {
                '`' => {
                    out.push_str(if in_code { "</code>" } else { "<code>" });
                    in_code = !in_code;
                }
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
    });
    if in_code {
        out.push_str("</code>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_is_translated_and_keys_are_unique() {
        let mut keys = std::collections::BTreeSet::new();
        for (key, en, zh) in STRINGS {
            assert!(keys.insert(key), "duplicate key {key}");
            assert!(!en.is_empty() && !zh.is_empty(), "{key}");
            assert_ne!(en, zh, "{key} is not translated");
        }
    }

    #[test]
    fn html_escapes_the_text_and_fills_in_arguments_once() {
        let html = html(Lang::En, "union_intro", &[("name", "{name}<b>")]);
        assert_eq!(
            html,
            "<code>{name}<b></code> accepts any of these forms; which one you pass decides how it is read."
        );
    }
}
