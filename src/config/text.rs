//! Writing commented configuration text: comments wrapped at a readable width, one option per line.

use super::validate::{Advertised, Settings};

/// Comments are wrapped so that lines stay within this many characters (the prefix included).
const WIDTH: usize = 92;

/// A configuration text under construction.
pub(crate) struct Text {
    out: String,
    /// The comment marker: `#` (most formats) or `<!--` handled by the XML writer itself.
    mark: &'static str,
}

impl Text {
    pub fn new(mark: &'static str) -> Self {
        Text {
            out: String::with_capacity(4096),
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
            for (n, line) in wrap(para, width - hang.len()).into_iter().enumerate() {
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

    pub fn finish(self) -> String {
        self.out
    }
}

/// Greedy word wrap; a word longer than the width stands alone on its line.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
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
        s.min,
        s.max,
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

/// The opening comment every target shares: what the text is, the command that writes it, the facts.
pub(crate) fn header(t: &mut Text, s: &Settings, title: &str) {
    t.comment(title);
    t.comment("Generated by ftp-explorer with:");
    t.line(&format!(
        "{}   {}",
        t.mark,
        super::command_line(s.target, &s.inputs())
    ));
    t.comment(&format!("\n{}\n", summary(s)));
}

/// Why the 227 address matters here, in one sentence (empty when nothing special applies).
pub(crate) fn nat_reason(s: &Settings) -> &'static str {
    if s.behind_nat {
        " Behind NAT it must be the public address clients connect to: the server would otherwise send its own private address, which no client outside can reach."
    } else {
        ""
    }
}
