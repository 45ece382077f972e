use std::{fmt, io};

use crate::errors::Error;

/// Escape HTML following [OWASP](https://www.owasp.org/index.php/XSS_(Cross_Site_Scripting)_Prevention_Cheat_Sheet)
///
/// Escape the following characters with HTML entity encoding to prevent switching
/// into any execution context, such as script, style, or event handlers. Using
/// hex entities is recommended in the spec. In addition to the 5 characters
/// significant in XML (&, <, >, ", '), the forward slash is included as it helps
/// to end an HTML entity.
///
/// ```text
/// & --> &amp;
/// < --> &lt;
/// > --> &gt;
/// " --> &quot;
/// ' --> &#x27;     &apos; is not recommended
/// / --> &#x2F;     forward slash is included as it helps end an HTML entity
/// ```
#[inline]
pub fn escape_html(input: &str) -> String {
    let mut output = String::with_capacity(input.len() * 2);
    for c in input.chars() {
        match c {
            '&' => output.push_str("&amp;"),
            '<' => output.push_str("&lt;"),
            '>' => output.push_str("&gt;"),
            '"' => output.push_str("&quot;"),
            '\'' => output.push_str("&#x27;"),
            '/' => output.push_str("&#x2F;"),
            _ => output.push(c),
        }
    }

    // Not using shrink_to_fit() on purpose
    output
}

/// Where the renderer writes a page. It only ever writes whole `&str`s, so rendering into a
/// `String` needs no UTF-8 check afterwards; an `io::Write` is reached through `IoOutput`.
pub(crate) trait Output {
    /// Appends `text`.
    fn write_str(&mut self, text: &str) -> Result<(), Error>;

    /// Appends formatted text (what `write!` calls).
    fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> Result<(), Error>;
}

impl Output for String {
    #[inline]
    fn write_str(&mut self, text: &str) -> Result<(), Error> {
        self.push_str(text);
        Ok(())
    }

    fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> Result<(), Error> {
        // Fails only if a `Display` implementation fails, as `io::Write::write_fmt` did.
        fmt::Write::write_fmt(self, args)
            .map_err(|_| Error::from(io::Error::other("formatter error")))
    }
}

/// An `io::Write` as the renderer's output (`Tera::render_to`).
pub(crate) struct IoOutput<W>(pub W);

impl<W: io::Write> Output for IoOutput<W> {
    fn write_str(&mut self, text: &str) -> Result<(), Error> {
        self.0.write_all(text.as_bytes()).map_err(Error::from)
    }

    fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> Result<(), Error> {
        self.0.write_fmt(args).map_err(Error::from)
    }
}

/// What `render` writes, as a string.
pub(crate) fn render_to_string<F>(render: F) -> Result<String, Error>
where
    F: FnOnce(&mut String) -> Result<(), Error>,
{
    let mut buffer = String::new();
    render(&mut buffer)?;
    Ok(buffer)
}

#[cfg(test)]
mod tests {
    use super::escape_html;
    use super::render_to_string;

    #[test]
    fn test_escape_html() {
        let tests = vec![
            (r"", ""),
            (r"a&b", "a&amp;b"),
            (r"<a", "&lt;a"),
            (r">a", "&gt;a"),
            (r#"""#, "&quot;"),
            (r#"'"#, "&#x27;"),
            (r#"大阪"#, "大阪"),
        ];
        for (input, expected) in tests {
            assert_eq!(escape_html(input), expected);
        }
        let empty = String::new();
        assert_eq!(escape_html(&empty), empty);
    }

    #[test]
    fn test_render_to_string() {
        use super::Output;
        let string = render_to_string(|w| write!(w, "test")).unwrap();
        assert_eq!(string, "test".to_owned());
    }
}
