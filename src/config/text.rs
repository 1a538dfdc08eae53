//! Writing commented configuration text: the settings first, each under a one-line comment, then the
//! long explanations ("notes") after them, so that an administrator sees what is set before why.

use super::validate::Settings;
use super::Advertised;
use crate::base::{wrap, LongWords};

/// Comments are wrapped so that lines stay within this many characters (the prefix included).
const WIDTH: usize = 92;

/// The line that opens the notes (a test and the page look for it).
pub const NOTES_HEADING: &str =
    "NOTES: why each setting above is set so (explanations only; no setting below)";

/// A configuration text under construction: the settings part, and the notes written after it.
pub(crate) struct Text {
    out: String,
    /// `(about, explanation)`: each becomes a paragraph of the notes, in the order written.
    notes: Vec<(String, String)>,
    /// The comment marker (`#` for every format written).
    mark: &'static str,
}

impl Text {
    pub fn new(mark: &'static str) -> Self {
        Text {
            out: String::with_capacity(4096),
            notes: Vec::new(),
            mark,
        }
    }

    /// A comment, wrapped; `\n` in `text` starts a new comment line.
    pub fn comment(&mut self, text: &str) -> &mut Self {
        self.comment_at("", text)
    }

    /// A comment indented by `indent`, wrapped.
    pub fn comment_at(&mut self, indent: &str, text: &str) -> &mut Self {
        let lead = format!("{indent}{} ", self.mark);
        for para in text.split('\n') {
            if para.is_empty() {
                self.out.push_str(indent);
                self.out.push_str(self.mark);
                self.out.push('\n');
                continue;
            }
            let width = WIDTH.saturating_sub(lead.chars().count()).max(30);
            if para.starts_with(' ') {
                // An indented line (a command to type) stays as it is.
                self.out.push_str(&lead);
                self.out.push_str(para);
                self.out.push('\n');
                continue;
            }
            // A list item ("- …") wraps with a hanging indent.
            let hang = if para.starts_with("- ") { "  " } else { "" };
            for (n, line) in wrap(para, width - hang.len(), LongWords::Keep)
                .into_iter()
                .enumerate()
            {
                self.out.push_str(&lead);
                if n > 0 {
                    self.out.push_str(hang);
                }
                self.out.push_str(&line);
                self.out.push('\n');
            }
        }
        self
    }

    /// A line as it is.
    pub fn line(&mut self, text: &str) -> &mut Self {
        self.out.push_str(text);
        self.out.push('\n');
        self
    }

    pub fn blank(&mut self) -> &mut Self {
        self.out.push('\n');
        self
    }

    /// A section heading: a blank line, then `# --- title`.
    pub fn section(&mut self, title: &str) -> &mut Self {
        self.blank();
        self.out.push_str(&format!("{} --- {title}\n", self.mark));
        self
    }

    /// A long explanation for the notes after the settings, about the setting(s) named by `about` (a
    /// `\n` in `text` starts a new paragraph; a paragraph starting with a blank is a command, kept as is).
    pub fn note(&mut self, about: &str, text: &str) -> &mut Self {
        self.notes.push((about.to_string(), text.to_string()));
        self
    }

    /// A setting's comments: `brief` (one line) above it, `long` in the notes about `about`.
    pub fn explain(&mut self, indent: &str, about: &str, brief: &str, long: &str) -> &mut Self {
        self.comment_at(indent, brief);
        self.note(about, long)
    }

    /// The text: the settings, then the notes (each a "- about: …" item with a hanging indent).
    pub fn finish(mut self) -> String {
        if self.notes.is_empty() {
            return self.out;
        }
        let m = self.mark;
        let rule = "-".repeat(WIDTH - m.len() - 1);
        self.out
            .push_str(&format!("\n{m} {rule}\n{m} {NOTES_HEADING}\n"));
        let notes = std::mem::take(&mut self.notes);
        for (about, text) in notes {
            self.out.push_str(m);
            self.out.push('\n');
            for (n, para) in text.split('\n').enumerate() {
                if para.is_empty() && n > 0 {
                    self.out.push_str(&format!("{m}\n"));
                    continue;
                }
                if para.starts_with(' ') {
                    self.out.push_str(&format!("{m}  {para}\n"));
                    continue;
                }
                // "- about: text", continued (and later paragraphs) under the text.
                let first = match (n, about.is_empty()) {
                    (0, false) => format!("- {about}: "),
                    (0, true) => "- ".to_string(),
                    _ => String::new(),
                };
                let text = format!("{first}{para}");
                for (k, line) in wrap(&text, WIDTH - m.len() - 3, LongWords::Keep)
                    .into_iter()
                    .enumerate()
                {
                    let lead = if k == 0 && n == 0 { "" } else { "  " };
                    self.out.push_str(&format!("{m} {lead}{line}\n"));
                }
            }
        }
        self.out
    }
}

/// A word for a POSIX shell: as it is when it holds only safe characters, else in single quotes.
pub(crate) fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:/,=+@%".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The facts a header lists, one per line (firewall rules do not use the address, limits or timeout).
pub(crate) fn summary(s: &Settings) -> String {
    let address = match &s.address {
        Advertised::None => {
            "none (the server advertises the address the client connected to)".to_string()
        }
        Advertised::Ipv4(a) => a.to_string(),
        Advertised::Ipv6(a) => format!("{a} (IPv6: not written into 227 replies)"),
        Advertised::Host(h) => format!("{h} (host name)"),
    };
    let limit = |n: u32| {
        if n == 0 {
            "no limit".to_string()
        } else {
            n.to_string()
        }
    };
    let firewall = s.target.kind() == super::Kind::Firewall;
    let mut lines = Vec::new();
    if !firewall {
        lines.push(format!("Advertised address: {address}"));
    }
    lines.push(format!(
        "Behind NAT: {}",
        match (s.behind_nat, s.target) {
            (_, super::Target::Docker) => "yes (Docker publishes ports through NAT)",
            (true, _) => "yes",
            (false, _) => "no",
        }
    ));
    lines.push(format!("Control port: {}", s.control_port));
    lines.push(format!(
        "Passive ports: {}-{} ({} ports)",
        s.range.min,
        s.range.max,
        s.ports()
    ));
    lines.push(format!(
        "Active mode (PORT/EPRT): {}",
        if s.active { "allowed" } else { "refused" }
    ));
    lines.push(format!(
        "TLS (FTPS): {}",
        if s.tls {
            "required on control and data connections"
        } else {
            "off"
        }
    ));
    if !firewall {
        lines.push(format!(
            "Clients: {} in all, {} per address",
            limit(s.max_clients),
            limit(s.max_per_ip)
        ));
        lines.push(format!("Data-connection timeout: {} s", s.data_timeout));
    }
    lines.join("\n")
}

/// The shell commands that make a self-signed certificate at the expected paths (for a test; a
/// production server wants a certificate from a CA clients trust, e.g. Let's Encrypt).
pub(crate) fn self_signed_cert(s: &Settings, cert: &str, key: &str) -> String {
    let cn = match &s.address {
        Advertised::Host(h) => h.clone(),
        Advertised::Ipv4(a) => a.to_string(),
        Advertised::Ipv6(a) => a.to_string(),
        Advertised::None => "ftp.example.com".to_string(),
    };
    format!(
        "  openssl req -x509 -newkey rsa:3072 -nodes -days 365 -subj '/CN={cn}' \\\n      -keyout {key} -out {cert}\n  chmod 600 {key}"
    )
}

/// The opening lines every target shares, kept short so that the settings start at once: `first` (one
/// line: what the text is, where it goes, how to apply it), then the command that writes it. The title
/// and the facts it was written for open the notes.
pub(crate) fn header(t: &mut Text, s: &Settings, first: &str, title: &str) {
    // One line, never wrapped (the tests hold it to 100 characters).
    t.line(&format!("{} {first}", t.mark));
    t.line(&format!(
        "{} Generated with: {}",
        t.mark,
        super::command_line(s.target, &s.inputs())
    ));
    let facts: Vec<String> = summary(s).lines().map(|l| format!(" {l}")).collect();
    t.note("", &format!("{title} Written for:\n{}", facts.join("\n")));
}

/// Why the 227 address matters here, in one sentence (empty when nothing special applies).
pub(crate) fn nat_reason(s: &Settings) -> &'static str {
    if s.behind_nat {
        " Behind NAT it must be the public address clients connect to: the server would otherwise send its own private address, which no client outside can reach."
    } else {
        ""
    }
}
