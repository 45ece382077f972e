//! A field set in a config file: the YAML and TOML usage snippets of references whose users write
//! config files (`forms = ["python", "yaml"]` in `reference.toml`). Values come from the Python
//! literal of the example; an example that is code (a factory call, a computed default) has no
//! file form and is shown as a comment naming the expression.

use crate::model::UsageForm;
use crate::python::literal::Value;

/// The lines that set each `(name, value, code)` in a file of `form` (YAML or TOML): `value` is
/// the example's literal value, `code` its Python text.
pub fn config_file(form: UsageForm, settings: &[(&str, Option<&Value>, &str)]) -> String {
    let mut out = String::new();
    for (name, value, code) in settings {
        let written = value.and_then(|v| file_value(form, v));
        let separator = if form == UsageForm::Toml { " = " } else { ": " };
        match written {
            Some(text) => out.push_str(&format!("{name}{separator}{text}\n")),
            // None has no TOML form: leaving the key out keeps the default.
            None if form == UsageForm::Toml && matches!(value, Some(Value::None)) => {
                out.push_str(&format!("# {name}: leave the key out for None\n"))
            }
            None => out.push_str(&format!("# {name}: {code} (set it in Python)\n")),
        }
    }
    out
}

/// A number as YAML and TOML both read it: `5e-5` becomes `5.0e-5` (YAML 1.1 loaders such as
/// PyYAML read an exponent without a dot as a string); other forms (`0x10`, `1j`) have none.
fn number(text: &str) -> Option<String> {
    let digits = text.trim_start_matches(['-', '+']);
    if !digits
        .chars()
        .all(|c| c.is_ascii_digit() || "._eE-+".contains(c))
        || !digits.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let text = text.replace('_', "");
    match text.find(['e', 'E']) {
        Some(i) if !text[..i].contains('.') => Some(format!("{}.0{}", &text[..i], &text[i..])),
        _ => Some(text),
    }
}

/// A string as a double-quoted string, which YAML and TOML read alike.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A value as `form` writes it: YAML flow style, or TOML arrays and inline tables. `None` is
/// YAML's `null` and has no TOML form (none either for bytes and other numbers).
fn file_value(form: UsageForm, value: &Value) -> Option<String> {
    let toml = form == UsageForm::Toml;
    Some(match value {
        Value::None if !toml => "null".to_string(),
        Value::None | Value::Bytes(_) => return None,
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number(&n.text)?,
        Value::Str(s) => quoted(s),
        Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
            let items: Option<Vec<String>> = items.iter().map(|v| file_value(form, v)).collect();
            format!("[{}]", items?.join(", "))
        }
        Value::Dict(pairs) => {
            let (assign, pad) = if toml { (" = ", " ") } else { (": ", "") };
            let pairs: Option<Vec<String>> = pairs
                .iter()
                .map(|(k, v)| Some(format!("{}{assign}{}", key(k)?, file_value(form, v)?)))
                .collect();
            match pairs?.join(", ") {
                inner if inner.is_empty() => "{}".to_string(),
                inner => format!("{{{pad}{inner}{pad}}}"),
            }
        }
    })
}

/// A dict key as a quoted string (numbers and booleans become their text, as JSON would).
fn key(value: &Value) -> Option<String> {
    match value {
        Value::Str(s) => Some(quoted(s)),
        Value::Number(n) => Some(quoted(&n.text)),
        Value::Bool(b) => Some(quoted(&b.to_string())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::config_file;
    use crate::model::UsageForm;
    use crate::python::literal::Literal;

    fn file(form: UsageForm, name: &str, literal: &str) -> String {
        let literal = Literal::parse(literal).unwrap();
        config_file(form, &[(name, Some(literal.value()), literal.text())])
    }

    #[test]
    fn yaml_keys_take_literals_as_yaml_reads_them() {
        assert_eq!(file(UsageForm::Yaml, "r", "16"), "r: 16\n");
        assert_eq!(file(UsageForm::Yaml, "lr", "5e-5"), "lr: 5.0e-5\n");
        assert_eq!(file(UsageForm::Yaml, "on", "True"), "on: true\n");
        assert_eq!(file(UsageForm::Yaml, "x", "None"), "x: null\n");
        assert_eq!(
            file(UsageForm::Yaml, "m", "{'a': [1, 'b\"'], 2: None}"),
            "m: {\"a\": [1, \"b\\\"\"], \"2\": null}\n"
        );
    }

    #[test]
    fn toml_keys_have_no_null() {
        assert_eq!(file(UsageForm::Toml, "r", "16"), "r = 16\n");
        assert_eq!(
            file(UsageForm::Toml, "t", "('q', 'v')"),
            "t = [\"q\", \"v\"]\n"
        );
        assert_eq!(
            file(UsageForm::Toml, "d", "{'a': 1}"),
            "d = { \"a\" = 1 }\n"
        );
        assert_eq!(file(UsageForm::Toml, "d", "{}"), "d = {}\n");
        assert_eq!(
            file(UsageForm::Toml, "x", "None"),
            "# x: leave the key out for None\n"
        );
        assert_eq!(
            file(UsageForm::Toml, "x", "[None]"),
            "# x: [None] (set it in Python)\n"
        );
    }

    #[test]
    fn code_is_named_not_converted() {
        assert_eq!(
            config_file(UsageForm::Yaml, &[("loftq_config", None, "LoftQConfig()")]),
            "# loftq_config: LoftQConfig() (set it in Python)\n"
        );
    }
}
