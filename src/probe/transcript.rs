//! The probe's dialogue, in `curl -v` form, with the password never written.

/// The probe's dialogue in `curl -v` form: `> ` a command, `< ` a reply line, `* ` the probe's note.
/// The password is never written: `PASS` is always shown as `PASS ****`, and any text the server sends
/// back is scrubbed of it too. Control characters (terminal escapes a hostile server might send) are
/// written as `?`.
#[derive(Debug, Clone, Default)]
pub struct Transcript {
    lines: Vec<String>,
    secret: Option<String>,
}

impl Transcript {
    pub fn new() -> Self {
        Self::default()
    }

    /// A transcript that scrubs `secret` (the password) from everything written to it.
    pub fn with_secret(secret: Option<&str>) -> Self {
        Transcript {
            lines: Vec::new(),
            secret: secret.filter(|s| !s.is_empty()).map(str::to_string),
        }
    }

    fn push(&mut self, prefix: &str, text: &str) -> usize {
        let clean = scrub(text, self.secret.as_deref());
        self.lines.push(format!("{prefix}{clean}"));
        self.lines.len()
    }

    /// `text` as the transcript would hold it: control characters as `?`, the password as `****`.
    /// Everything the server sends goes through this before the probe keeps or quotes it.
    pub fn clean(&self, text: &str) -> String {
        scrub(text, self.secret.as_deref())
    }

    /// A command sent; returns its line number (1-based). `PASS x` is written `PASS ****`.
    pub fn command(&mut self, text: &str) -> usize {
        let verb = text.split(' ').next().unwrap_or("");
        if verb.eq_ignore_ascii_case("PASS") {
            return self.push("> ", "PASS ****");
        }
        self.push("> ", text)
    }

    /// One line of a reply; returns its line number.
    pub fn reply_line(&mut self, text: &str) -> usize {
        self.push("< ", text)
    }

    /// The probe's own note; returns its line number.
    pub fn note(&mut self, text: &str) -> usize {
        self.push("* ", text)
    }

    /// Lines so far (the next line written gets number `len() + 1`).
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The whole transcript, one line per line, ending in a line break.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            s.push_str(l);
            s.push('\n');
        }
        s
    }
}

/// `text` with every control character written `?` and the secret written `****`. A password shorter
/// than 3 characters is scrubbed only where it stands as a whole word (every `a` in a reply is not it).
pub fn scrub(text: &str, secret: Option<&str>) -> String {
    let mut s = neutralise(text);
    if let Some(secret) = secret.filter(|p| !p.is_empty()) {
        let clean = neutralise(secret);
        if clean.chars().count() >= 3 {
            s = s.replace(&clean, "****");
        } else {
            s = s
                .split(' ')
                .map(|w| if w == clean { "****" } else { w })
                .collect::<Vec<_>>()
                .join(" ");
        }
    }
    s
}

/// Every control character but the tab written `?`.
fn neutralise(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() && c != '\t' { '?' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcript_never_holds_the_password() {
        let mut t = Transcript::with_secret(Some("s3cret!"));
        t.command("PASS s3cret!");
        t.reply_line("230 welcome s3cret! \u{1b}[31m");
        t.note("x s3cret! y");
        let text = t.text();
        assert!(!text.contains("s3cret!"), "{text}");
        assert!(text.contains("> PASS ****") && text.contains("?[31m"));
        assert_eq!(scrub("ok ab abc", Some("ab")), "ok **** abc");
    }

    #[test]
    fn lines_are_numbered_from_one() {
        let mut t = Transcript::new();
        assert!(t.is_empty());
        assert_eq!(t.note("  Trying 1.2.3.4:21..."), 1);
        assert_eq!(t.reply_line("220 hi"), 2);
        assert_eq!(t.command("pass x"), 3);
        assert_eq!(
            t.lines(),
            ["*   Trying 1.2.3.4:21...", "< 220 hi", "> PASS ****"]
        );
        assert_eq!(t.text().lines().count(), t.len());
        assert!(t.text().ends_with('\n'));
        // No secret: nothing is starred but PASS's argument; tabs stay.
        assert_eq!(t.clean("a\tb\r"), "a\tb?");
    }
}
