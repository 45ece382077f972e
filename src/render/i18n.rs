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
    ("outdated", "possibly outdated", "可能已过时"),
    ("unstamped", "not yet checked", "尚未核对"),
    ("not_found_title", "Page not found", "页面不存在"),
    ("not_found_text", "This address does not lead to a page of this site. Use the search box above, or start from the home page.", "这个地址没有对应的页面。可以用上方的搜索框查找参数，或从首页开始浏览。"),
];

/// The UI strings of one language, keyed for templates (`{{ t.required }}`).
pub fn strings(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|&(key, en, zh)| (key, if lang == Lang::Zh { zh } else { en }))
        .collect()
}

/// One UI string.
pub fn text(lang: Lang, key: &str) -> &'static str {
    STRINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|&(_, en, zh)| if lang == Lang::Zh { zh } else { en })
        .unwrap_or("")
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
}
