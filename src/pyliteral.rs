//! Checks that a default is a Python literal: `None`, `True`, numbers, strings, and lists,
//! tuples, sets or dicts of those.

/// Nesting deeper than this is refused (defaults are short; this keeps recursion bounded).
const MAX_DEPTH: usize = 32;

/// Why a text is not a Python literal: the character offset and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralError {
    /// Character offset into the checked text.
    pub offset: usize,
    /// What was expected and found.
    pub message: String,
}

/// Checks `text` is one Python literal.
pub fn check(text: &str) -> Result<(), LiteralError> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = Checker { chars, pos: 0 };
    p.skip_ws();
    p.value(0)?;
    p.skip_ws();
    if p.pos < p.chars.len() {
        return Err(p.error("expected the end of the literal"));
    }
    Ok(())
}

struct Checker {
    chars: Vec<char>,
    pos: usize,
}

impl Checker {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn error(&self, expected: &str) -> LiteralError {
        let found = match self.peek() {
            Some(c) => format!("`{c}`"),
            None => "the end".to_string(),
        };
        LiteralError {
            offset: self.pos,
            message: format!("{expected}, found {found}"),
        }
    }

    fn value(&mut self, depth: usize) -> Result<(), LiteralError> {
        if depth > MAX_DEPTH {
            return Err(LiteralError {
                offset: self.pos,
                message: format!("literal nests deeper than {MAX_DEPTH} levels"),
            });
        }
        match self.peek() {
            Some('"' | '\'') => self.string(),
            Some(c) if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => self.number(),
            Some('[') => self.sequence(']', depth, false),
            Some('(') => self.sequence(')', depth, false),
            Some('{') => self.sequence('}', depth, true),
            Some(c) if c.is_alphabetic() || c == '_' => {
                let start = self.pos;
                while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    self.pos += 1;
                }
                let word: String = self.chars[start..self.pos].iter().collect();
                if matches!(self.peek(), Some('"' | '\'')) && ["r", "b", "rb", "br", "u"].contains(&word.to_lowercase().as_str()) {
                    return self.string();
                }
                match word.as_str() {
                    "None" | "True" | "False" => Ok(()),
                    _ => Err(LiteralError {
                        offset: start,
                        message: format!("`{word}` is a name, not a literal"),
                    }),
                }
            }
            _ => Err(self.error("expected a literal (None, True, False, a number, a string, a list, a tuple or a dict)")),
        }
    }

    fn string(&mut self) -> Result<(), LiteralError> {
        let start = self.pos;
        let quote = self.chars[self.pos];
        let triple = self.chars[self.pos..].starts_with(&[quote, quote, quote]);
        self.pos += if triple { 3 } else { 1 };
        loop {
            match self.peek() {
                None => {
                    return Err(LiteralError {
                        offset: start,
                        message: "string is never closed".to_string(),
                    })
                }
                Some('\\') => self.pos += 2,
                Some('\n') if !triple => {
                    return Err(LiteralError {
                        offset: start,
                        message: "string is never closed on its line".to_string(),
                    })
                }
                Some(c) if c == quote => {
                    if !triple {
                        self.pos += 1;
                        return Ok(());
                    }
                    if self.chars[self.pos..].starts_with(&[quote, quote, quote]) {
                        self.pos += 3;
                        return Ok(());
                    }
                    self.pos += 1;
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn number(&mut self) -> Result<(), LiteralError> {
        let start = self.pos;
        if matches!(self.peek(), Some('-' | '+')) {
            self.pos += 1;
            self.skip_ws();
        }
        let digits_start = self.pos;
        while self.peek().is_some_and(|c| {
            c.is_ascii_alphanumeric()
                || c == '.'
                || c == '_'
                || ((c == '-' || c == '+')
                    && matches!(self.chars.get(self.pos - 1), Some('e' | 'E')))
        }) {
            self.pos += 1;
        }
        let text: String = self.chars[digits_start..self.pos]
            .iter()
            .filter(|&&c| c != '_')
            .collect();
        let lower = text.to_lowercase();
        let ok = text.parse::<f64>().is_ok() && !lower.contains("inf") && !lower.contains("nan")
            || lower.starts_with("0x") && u64::from_str_radix(&lower[2..], 16).is_ok()
            || lower
                .strip_suffix('j')
                .is_some_and(|n| n.parse::<f64>().is_ok());
        if ok {
            Ok(())
        } else {
            Err(LiteralError {
                offset: start,
                message: format!(
                    "`{}` is not a number",
                    self.chars[start..self.pos].iter().collect::<String>()
                ),
            })
        }
    }

    fn sequence(&mut self, close: char, depth: usize, braces: bool) -> Result<(), LiteralError> {
        let open_at = self.pos;
        self.pos += 1;
        let mut is_dict: Option<bool> = None;
        loop {
            self.skip_ws();
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok(());
            }
            if self.peek().is_none() {
                return Err(LiteralError {
                    offset: open_at,
                    message: format!("`{}` is never closed", self.chars[open_at]),
                });
            }
            self.value(depth + 1)?;
            self.skip_ws();
            if braces {
                let has_colon = self.peek() == Some(':');
                if *is_dict.get_or_insert(has_colon) != has_colon {
                    return Err(
                        self.error("expected every entry to be `key: value` or none of them")
                    );
                }
                if has_colon {
                    self.pos += 1;
                    self.skip_ws();
                    self.value(depth + 1)?;
                    self.skip_ws();
                }
            }
            match self.peek() {
                None => {
                    return Err(LiteralError {
                        offset: open_at,
                        message: format!("`{}` is never closed", self.chars[open_at]),
                    })
                }
                Some(',') => self.pos += 1,
                Some(c) if c == close => {}
                _ => return Err(self.error(&format!("expected `,` or `{close}`"))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_the_defaults_of_training_arguments() {
        for text in [
            "None",
            "False",
            "True",
            "5e-5",
            "1e-8",
            "0.0",
            "-1",
            "500",
            "\"no\"",
            "\"\"",
            "'O1'",
            "1800",
            "[]",
            "{\"a\": 1}",
            "(1, 2,)",
            "{1, 2}",
            "-1.5e+3",
        ] {
            assert_eq!(check(text), Ok(()), "{text}");
        }
    }

    #[test]
    fn rejects_names_calls_and_broken_literals() {
        let cases = [
            ("default_optim", 0, "`default_optim` is a name, not a literal"),
            ("dict()", 0, "`dict` is a name, not a literal"),
            ("\"steps", 0, "string is never closed"),
            ("[1, 2", 0, "`[` is never closed"),
            ("1 2", 2, "expected the end of the literal, found `2`"),
            ("5e-", 0, "`5e-` is not a number"),
            ("{1: 2, 3}", 8, "expected every entry to be `key: value` or none of them, found `}`"),
            ("", 0, "expected a literal (None, True, False, a number, a string, a list, a tuple or a dict), found the end"),
        ];
        for (text, offset, message) in cases {
            let err = check(text).unwrap_err();
            assert_eq!(
                (err.offset, err.message.as_str()),
                (offset, message),
                "{text}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000);
        assert!(check(&text).unwrap_err().message.contains("deeper"));
    }
}
