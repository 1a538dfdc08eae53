//! One log line, whatever client wrote it, as one [`Entry`]: a command, a line of a reply, or something
//! the client said about connections. Each format's reader only strips its own markers; what the client's
//! messages mean is recognised once, in [`client_message`].

use super::format::{filezilla_body, winscp_body, Format};
use crate::address::parse_ip;
use crate::wire::reply::starts_with_code;
use std::net::IpAddr;

/// What a line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A command the client sent.
    Command(String),
    /// One line of a reply from the server.
    Reply(String),
    /// The client starts connecting somewhere (control or data).
    Connecting(Destination),
    /// The client's connection is up.
    Connected(Destination),
    /// A connection attempt timed out.
    TimedOut(String),
    /// A connection attempt was refused.
    Refused(String),
    /// The client ignored or fixed the address the server advertised.
    ReplacedAddress {
        advertised: Option<IpAddr>,
        used: Option<IpAddr>,
        text: String,
    },
    /// The client gave up on EPSV and falls back to PASV.
    EpsvDisabled(String),
    /// The client falls back from passive to active mode (FileZilla "Passive mode failed").
    PassiveFailed(String),
    /// The TLS handshake on the control connection finished (or the client says it uses TLS).
    Tls(String),
    /// Another error the client reported.
    ClientError(String),
    /// Something the client said that matters to no rule.
    Info(String),
    /// A line this reader does not understand: kept and shown, never dropped.
    Unknown(String),
    Blank,
}

/// Where a connection goes, as far as the line says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Destination {
    pub host: Option<String>,
    pub ip: Option<IpAddr>,
    pub port: Option<u16>,
}

/// FTP command verbs (RFC 959, 2228, 2389, 2428, 3659 and common extensions), to tell commands from prose.
const VERBS: &[&str] = &[
    "USER", "PASS", "ACCT", "CWD", "CDUP", "SMNT", "QUIT", "REIN", "PORT", "PASV", "TYPE", "STRU",
    "MODE", "RETR", "STOR", "STOU", "APPE", "ALLO", "REST", "RNFR", "RNTO", "ABOR", "DELE", "RMD",
    "MKD", "PWD", "LIST", "NLST", "SITE", "SYST", "STAT", "HELP", "NOOP", "FEAT", "OPTS", "AUTH",
    "PBSZ", "PROT", "CCC", "EPRT", "EPSV", "LPRT", "LPSV", "MDTM", "SIZE", "MLSD", "MLST", "XPWD",
    "XCWD", "XMKD", "XRMD", "CLNT", "HOST", "LANG", "MFMT", "MFCT", "MFF", "XCRC", "XMD5",
];

/// Is this text an FTP command (a known verb, alone or followed by a space)?
pub fn is_command(text: &str) -> bool {
    let verb = text.split(' ').next().unwrap_or("");
    VERBS.iter().any(|v| v.eq_ignore_ascii_case(verb)) && verb.len() >= 3
}

/// Read one line in the given format.
pub fn read_line(format: Format, line: &str) -> Entry {
    let line = line.trim_end_matches('\r');
    if line.trim().is_empty() {
        return Entry::Blank;
    }
    match format {
        Format::Curl => curl(line),
        Format::Lftp => lftp(line),
        Format::FileZilla => filezilla(line),
        Format::WinScp => winscp(line),
        Format::Ftplib => ftplib(line),
        Format::BsdFtp => bsd(line),
        Format::Transcript => transcript(line),
        Format::Wireshark | Format::Plain => plain(line),
    }
}

/// curl's progress meter (`  % Total …`, `  0  135 … --:--:--`) and data markers (`{ [135 bytes data]`).
fn curl_noise(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("% Total")
        || t.starts_with("Dload")
        || t.starts_with("{ [")
        || t.starts_with("} [")
        || (!t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || " -:.kMGT%".contains(c)))
}

fn curl(line: &str) -> Entry {
    // The progress meter redraws with carriage returns and may run into the next message on one line.
    let line = line.rsplit('\r').next().unwrap_or(line);
    if !line.starts_with(['>', '<', '*']) {
        if let Some(at) = line.find(['*', '<', '>']) {
            if at > 0 && curl_noise(&line[..at]) {
                return curl(&line[at..]);
            }
        }
        if curl_noise(line) {
            return Entry::Info(line.to_string());
        }
    }
    if let Some(c) = line.strip_prefix("> ") {
        return Entry::Command(c.to_string());
    }
    if let Some(r) = line.strip_prefix("< ") {
        return Entry::Reply(r.to_string());
    }
    if let Some(m) = line.strip_prefix('*') {
        return client_message(m.trim_start());
    }
    if line.starts_with("curl: (") {
        return client_message(line);
    }
    Entry::Unknown(line.to_string())
}

fn lftp(line: &str) -> Entry {
    if let Some(c) = line.strip_prefix("---> ") {
        return Entry::Command(c.to_string());
    }
    if let Some(r) = line.strip_prefix("<--- ") {
        return Entry::Reply(r.to_string());
    }
    if let Some(m) = line
        .strip_prefix("---- ")
        .or_else(|| line.strip_prefix("**** "))
    {
        return client_message(m);
    }
    client_message_or_unknown(line)
}

fn filezilla(line: &str) -> Entry {
    match filezilla_body(line) {
        Some(("Command:", c)) => Entry::Command(c.to_string()),
        Some(("Response:", r)) => Entry::Reply(r.to_string()),
        Some(("Error:", e)) => match client_message(e) {
            Entry::Info(t) | Entry::Unknown(t) => Entry::ClientError(t),
            other => other,
        },
        Some((_, m)) => client_message(m),
        None => client_message_or_unknown(line),
    }
}

fn winscp(line: &str) -> Entry {
    match winscp_body(line) {
        Some(('>', c)) => Entry::Command(c.to_string()),
        Some(('<', r)) => Entry::Reply(r.to_string()),
        Some(('!', e)) => match client_message(e) {
            Entry::Info(t) | Entry::Unknown(t) => Entry::ClientError(t),
            other => other,
        },
        Some((_, m)) => client_message(m),
        None => Entry::Unknown(line.to_string()),
    }
}

fn ftplib(line: &str) -> Entry {
    for (prefix, command) in [("*cmd* ", true), ("*resp* ", false)] {
        if let Some(rest) = line.strip_prefix(prefix) {
            let text = python_str(rest);
            return if command {
                Entry::Command(text)
            } else {
                Entry::Reply(text)
            };
        }
    }
    // `*put*` repeats `*cmd*` with its line ending; `*get*` shows each reply line, which `*resp*` repeats
    // for the last one. Multi-line replies are taken from `*get*`, single ones from `*resp*`.
    if line.starts_with("*put* ") {
        return Entry::Info(line.to_string());
    }
    if let Some(rest) = line.strip_prefix("*get* ") {
        return Entry::Info(format!("get {}", python_str(rest)));
    }
    // A Python traceback: its frames are context; its last line says what went wrong.
    if line.starts_with("Traceback (most recent call last)")
        || line.starts_with("  ")
        || line.trim_start().starts_with('^')
    {
        return Entry::Info(line.to_string());
    }
    client_message_or_unknown(line)
}

/// The text of a Python string literal as `repr` prints it: quotes removed, common escapes undone.
fn python_str(lit: &str) -> String {
    let lit = lit.trim();
    let inner = lit
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .or_else(|| lit.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
        .unwrap_or(lit);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => {}
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('\'') => out.push('\''),
            Some('"') => out.push('"'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn bsd(line: &str) -> Entry {
    if let Some(c) = line.strip_prefix("---> ") {
        return Entry::Command(c.to_string());
    }
    // tnftp's and inetutils' own debug chatter.
    const CHATTER: [&str; 6] = [
        "setupsockbufsize:",
        "features[",
        "Remote system type is",
        "Using binary mode",
        "Using ascii mode",
        "ftp: setsockopt",
    ];
    if CHATTER.iter().any(|c| line.starts_with(c)) {
        return Entry::Info(line.to_string());
    }
    if starts_with_code(line) || line.starts_with(' ') {
        return Entry::Reply(line.to_string());
    }
    client_message_or_unknown(line)
}

fn transcript(line: &str) -> Entry {
    for p in ["C: ", "C> ", "Client: ", "C:"] {
        if let Some(c) = line.strip_prefix(p) {
            return Entry::Command(c.to_string());
        }
    }
    for p in ["S: ", "S> ", "Server: ", "S:"] {
        if let Some(r) = line.strip_prefix(p) {
            return Entry::Reply(r.to_string());
        }
    }
    plain(line)
}

/// A bare line: a reply if it starts with a code, a command if it starts with a verb.
fn plain(line: &str) -> Entry {
    let t = line.trim_start_matches('\t');
    if starts_with_code(t) {
        return Entry::Reply(t.to_string());
    }
    if is_command(t) {
        return Entry::Command(t.to_string());
    }
    // tshark "Follow TCP Stream": node 1 is the side that accepted the connection, the server.
    if let Some(server) = t.strip_prefix("Node 1: ") {
        return Entry::Connected(target(server));
    }
    if t.starts_with("Follow: ")
        || t.starts_with("Filter: ")
        || t.starts_with("Node ")
        || t.starts_with("====")
        || t.bytes().all(|b| b.is_ascii_digit())
    {
        return Entry::Info(line.to_string());
    }
    Entry::Unknown(line.to_string())
}

fn client_message_or_unknown(line: &str) -> Entry {
    match client_message(line) {
        Entry::Info(t) => Entry::Unknown(t),
        other => other,
    }
}

/// What a client's own message means. Messages are recognised by their words, from the clients' sources:
/// curl lib/ftp.c and lib/connect.c, lftp src/ftpclass.cc, FileZilla engine/ftp, WinSCP, ftplib.
pub fn client_message(text: &str) -> Entry {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    replaced_address(t, &lower)
        .or_else(|| passive_trouble(t, &lower))
        .or_else(|| failure(t, &lower))
        .or_else(|| tls(t, &lower))
        .or_else(|| connection(t, &lower))
        .unwrap_or_else(|| {
            if lower.starts_with("curl: (")
                || lower.contains("failed to ")
                || lower.contains("could not")
                || lower.contains("couldn't")
                || lower.contains("error")
            {
                Entry::ClientError(t.to_string())
            } else {
                Entry::Info(t.to_string())
            }
        })
}

/// The client used another address than the passive reply advertised.
fn replaced_address(t: &str, lower: &str) -> Option<Entry> {
    // curl: "Skip 10.0.0.5 for data connection, re-use 127.0.0.1 instead"
    if lower.starts_with("skip ") && lower.contains("for data connection") {
        let words: Vec<&str> = t.split_whitespace().collect();
        let advertised = words.get(1).and_then(|w| ip_in(w));
        let used = lower
            .find("re-use ")
            .or_else(|| lower.find("reuse "))
            .and_then(|i| first_ip(&t[i..]));
        return Some(Entry::ReplacedAddress {
            advertised,
            used,
            text: t.to_string(),
        });
    }
    // lftp: "Address returned by PASV seemed to be incorrect and has been fixed"
    // FileZilla: "Server sent passive reply with unroutable address. Using server address instead."
    // WinSCP: "Server sent passive reply with unroutable address 10.0.0.5, using host address instead."
    if lower.contains("seemed to be incorrect and has been fixed")
        || lower.contains("using server address instead")
        || lower.contains("using host address instead")
    {
        let advertised = lower
            .find("unroutable address ")
            .and_then(|i| first_ip(&t[i + 19..]));
        return Some(Entry::ReplacedAddress {
            advertised,
            used: None,
            text: t.to_string(),
        });
    }
    None
}

/// Passive mode given up on, or EPSV turned off after a failure.
fn passive_trouble(t: &str, lower: &str) -> Option<Entry> {
    if lower.contains("passive reply with unroutable address")
        && lower.contains("passive mode failed")
    {
        return Some(Entry::PassiveFailed(t.to_string()));
    }
    if lower.contains("failed epsv attempt") || lower.contains("disabling epsv") {
        return Some(Entry::EpsvDisabled(t.to_string()));
    }
    None
}

/// A connection timed out, or was refused (a reset or an ICMP error).
fn failure(t: &str, lower: &str) -> Option<Entry> {
    // curl "Timeout was reached", "ipv4 connect timeout after 2996ms", "(28) Connection time-out";
    // lftp "**** Timeout - reconnecting"; WinSCP "Timeout detected."; Python "TimeoutError: timed out".
    let setting = lower.contains("timeout: "); // WinSCP's session header "…; Timeout: 15 sec" is a setting
    if !setting
        && (lower.contains("timed out")
            || lower.contains("timeout")
            || lower.contains("time-out")
            || lower.contains("etimedout"))
    {
        return Some(Entry::TimedOut(t.to_string()));
    }
    // An ICMP error instead of a reset ("No route to host": firewalld's default REJECT sends
    // host-prohibited) is an active refusal too: something answered at once.
    if lower.contains("connection refused")
        || lower.contains("econnrefused")
        || lower.contains("no route to host")
        || lower.contains("network is unreachable")
        || lower.contains("host is unreachable")
        || lower.contains("ehostunreach")
        || lower.contains("enetunreach")
    {
        return Some(Entry::Refused(t.to_string()));
    }
    None
}

/// TLS set up on the connection.
fn tls(t: &str, lower: &str) -> Option<Entry> {
    (lower.contains("ssl connection using")
        || lower.contains("tls connection")
        || lower.contains("tls handshake") && !lower.contains("fail")
        || lower.starts_with("verifying certificate")
        || lower.contains("tls connection established"))
    .then(|| Entry::Tls(t.to_string()))
}

/// Connecting to, or connected to, an address.
fn connection(t: &str, lower: &str) -> Option<Entry> {
    // curl "Connected to host (ip) port N", "Connected 2nd connection to ip port N";
    // FileZilla "Connection established"; lftp "connected to …"
    if lower.starts_with("connected to")
        || lower.starts_with("connected 2nd connection")
        || lower.contains("connection established")
    {
        return Some(Entry::Connected(target(t)));
    }
    // curl "Trying 1.2.3.4:21...", "Connecting to host (ip) port N"; lftp "Connecting to host (ip) port N";
    // FileZilla "Connecting to 1.2.3.4:21..."
    if lower.starts_with("trying ")
        || lower.starts_with("connecting to")
        || lower.starts_with("connecting data connection")
        // lftp: "Connecting data socket to (127.0.0.1) port 50000"
        || lower.starts_with("connecting data socket")
    {
        return Some(Entry::Connecting(target(t)));
    }
    None
}

/// Host, address and port named in a message like "Connected to ftp.example.com (192.0.2.1) port 21",
/// "Trying 192.0.2.1:21...", "Connecting to [::1]:21...".
pub fn target(text: &str) -> Destination {
    let mut t = Destination {
        ip: first_ip(text),
        ..Destination::default()
    };
    let lower = text.to_ascii_lowercase();
    if let Some(i) = lower.find(" port ") {
        t.port = text[i + 6..]
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|p| p.parse().ok());
    }
    if t.port.is_none() {
        // "1.2.3.4:21" or "[::1]:21"
        for word in text.split_whitespace() {
            let w = word.trim_end_matches(['.', ',', ')']);
            // A bare IPv6 address ("Connected to ::1.") carries no port.
            if parse_ip(w.trim_start_matches('(')).is_ok() {
                continue;
            }
            if let Some((host, port)) = w.rsplit_once(':') {
                let host = host
                    .trim_start_matches('(')
                    .trim_start_matches('[')
                    .trim_end_matches(']');
                if ip_in(host).is_some() || (!host.contains(':') && !host.is_empty()) {
                    if let Ok(p) = port.parse() {
                        t.port = Some(p);
                        break;
                    }
                }
            }
        }
    }
    // A host name: "Connected to NAME (ip)" / "Connecting to NAME (ip)".
    for key in ["connected to ", "connecting to "] {
        if let Some(i) = lower.find(key) {
            let name = text[i + key.len()..]
                .split_whitespace()
                .next()
                .unwrap_or("");
            let name = name.trim_end_matches(['.', ',']).trim_start_matches('[');
            let name = name.split(']').next().unwrap_or(name);
            let name = if ip_in(name).is_none() {
                name.rsplit_once(':').map_or(name, |(h, _)| h)
            } else {
                name
            };
            if !name.is_empty() && ip_in(name).is_none() && !name.starts_with('(') {
                t.host = Some(name.to_string());
            }
        }
    }
    t
}

/// An address in a word, with brackets, parentheses and a `:port` allowed around it.
fn ip_in(word: &str) -> Option<IpAddr> {
    let w =
        word.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | ',' | ';' | '\'' | '"'));
    // Cheap test first: most words of a message are not addresses, and a failed parse builds an error.
    let plausible = w.len() >= 2
        && w.bytes().any(|b| b.is_ascii_digit())
        && w.bytes()
            .all(|b| b.is_ascii_hexdigit() || matches!(b, b'.' | b':' | b'[' | b']'))
        && (w.contains('.') || w.contains(':'));
    if !plausible {
        return None;
    }
    let w = w.trim_end_matches("...").trim_end_matches('.');
    if let Ok(ip) = parse_ip(w) {
        return Some(ip);
    }
    // a.b.c.d:port or [v6]:port
    if let Some((h, p)) = w.rsplit_once(':') {
        if p.bytes().all(|b| b.is_ascii_digit()) && !p.is_empty() {
            if let Ok(ip) = parse_ip(h.trim_matches(|c| c == '[' || c == ']')) {
                return Some(ip);
            }
        }
    }
    None
}

/// The first address named in a text.
pub fn first_ip(text: &str) -> Option<IpAddr> {
    text.split_whitespace().find_map(ip_in)
}
