//! Which client wrote a log, recognised from the markers its lines carry.

use serde::Serialize;
use std::fmt;

/// A log format the reader understands. The names are a stable contract (`--format`, JSON `format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Format {
    /// `curl -v`: `> CMD`, `< reply`, `* note`.
    #[serde(rename = "curl")]
    Curl,
    /// `lftp -d`: `---> CMD`, `<--- reply`, `---- note`.
    #[serde(rename = "lftp")]
    Lftp,
    /// FileZilla's message log: `Status:`, `Command:`, `Response:`, `Error:` (optionally after a timestamp).
    #[serde(rename = "filezilla")]
    FileZilla,
    /// WinSCP's session log: `. `, `> `, `< `, `! ` followed by a timestamp.
    #[serde(rename = "winscp")]
    WinScp,
    /// Python ftplib with `set_debuglevel(1|2)`: `*cmd* '…'`, `*put* '…'`, `*get* '…'`, `*resp* '…'`.
    #[serde(rename = "ftplib")]
    Ftplib,
    /// BSD/tnftp and GNU inetutils `ftp -d`: `---> CMD`, replies as they came.
    #[serde(rename = "bsd-ftp")]
    BsdFtp,
    /// A transcript with `C:`/`S:` (or `C>`/`S>`, `Client:`/`Server:`) prefixes.
    #[serde(rename = "transcript")]
    Transcript,
    /// Wireshark/tshark "Follow TCP Stream" text of the control connection.
    #[serde(rename = "wireshark")]
    Wireshark,
    /// Bare replies and commands, one per line (what a copied Follow-TCP-Stream window holds).
    #[serde(rename = "plain")]
    Plain,
}

impl Format {
    pub const ALL: [Format; 9] = [
        Format::Curl,
        Format::Lftp,
        Format::FileZilla,
        Format::WinScp,
        Format::Ftplib,
        Format::BsdFtp,
        Format::Transcript,
        Format::Wireshark,
        Format::Plain,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Curl => "curl",
            Format::Lftp => "lftp",
            Format::FileZilla => "filezilla",
            Format::WinScp => "winscp",
            Format::Ftplib => "ftplib",
            Format::BsdFtp => "bsd-ftp",
            Format::Transcript => "transcript",
            Format::Wireshark => "wireshark",
            Format::Plain => "plain",
        }
    }

    pub const fn title(self) -> &'static str {
        match self {
            Format::Curl => "curl -v",
            Format::Lftp => "lftp -d",
            Format::FileZilla => "FileZilla message log",
            Format::WinScp => "WinSCP session log",
            Format::Ftplib => "Python ftplib debug output",
            Format::BsdFtp => "BSD/tnftp or GNU inetutils ftp -d",
            Format::Transcript => "C:/S: transcript",
            Format::Wireshark => "Wireshark Follow TCP Stream",
            Format::Plain => "plain replies and commands",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A WinSCP line: a marker, a space, then `YYYY-MM-DD hh:mm:ss.mmm `.
pub(crate) fn winscp_body(line: &str) -> Option<(char, &str)> {
    let mut chars = line.chars();
    let marker = chars.next()?;
    if !matches!(marker, '.' | '>' | '<' | '!' | '*') || !line[1..].starts_with(' ') {
        return None;
    }
    let rest = &line[2..];
    let b = rest.as_bytes();
    let stamp = b.len() >= 20
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b' '
        && b[13] == b':'
        && b[16] == b':';
    if !stamp {
        return None;
    }
    let after = rest[19..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    Some((marker, after.strip_prefix(' ').unwrap_or(after)))
}

/// FileZilla: the text after `Status:` etc., with any `date time pid id ` prefix skipped.
pub(crate) fn filezilla_body(line: &str) -> Option<(&'static str, &str)> {
    const KINDS: [&str; 7] = [
        "Status:",
        "Command:",
        "Response:",
        "Error:",
        "Trace:",
        "Listing:",
        "Warning:",
    ];
    for kind in KINDS {
        if let Some(at) = line.find(kind) {
            let before = &line[..at];
            // Only a timestamp/pid prefix (digits, '-', ':', '.', blanks) may stand before the kind.
            if before
                .chars()
                .all(|c| c.is_ascii_digit() || " -:.\t/".contains(c))
            {
                return Some((
                    kind,
                    line[at + kind.len()..].trim_start_matches([' ', '\t']),
                ));
            }
        }
    }
    None
}

/// Guess the format: every recogniser counts the lines that carry its markers; the best count wins.
pub fn detect(text: &str) -> Format {
    let mut score = [0usize; 9];
    let mut lftp_replies = 0;
    for line in text.lines().take(5000) {
        let l = line.trim_end_matches('\r');
        if winscp_body(l).is_some() {
            score[3] += 2;
            continue;
        }
        if filezilla_body(l).is_some() {
            score[2] += 2;
            continue;
        }
        if l.starts_with("*cmd* ")
            || l.starts_with("*put* ")
            || l.starts_with("*get* ")
            || l.starts_with("*resp* ")
        {
            score[4] += 3;
            continue;
        }
        if l.starts_with("<--- ") {
            lftp_replies += 1;
            score[1] += 3;
            continue;
        }
        if l.starts_with("---> ") {
            score[1] += 1;
            score[5] += 1;
            continue;
        }
        if l.starts_with("---- ") {
            score[1] += 2;
            continue;
        }
        if l.starts_with("> ")
            || l.starts_with("< ")
            || l.starts_with("* ")
            || l.starts_with("*   ")
        {
            score[0] += 2;
            continue;
        }
        if ["C: ", "S: ", "C> ", "S> ", "Client: ", "Server: "]
            .iter()
            .any(|p| l.starts_with(p))
        {
            score[6] += 2;
            continue;
        }
        if l.starts_with("Follow: tcp")
            || l.starts_with("Node 0: ")
            || l.starts_with("Node 1: ")
            || l.starts_with("Filter: tcp.stream")
        {
            score[7] += 10;
            continue;
        }
        if crate::wire::reply::starts_with_code(l) {
            score[8] += 1;
            score[5] += 1; // ftp -d prints replies bare
        }
    }
    if lftp_replies == 0 && score[5] > 0 && score[1] > 0 {
        // `---> ` without `<--- `: the BSD/inetutils client.
        score[1] = 0;
    }
    if score[5] > 0 && !text.lines().any(|l| l.starts_with("---> ")) {
        score[5] = 0;
    }
    let best = (0..9)
        .max_by_key(|&i| (score[i], usize::MAX - i))
        .unwrap_or(8);
    if score[best] == 0 {
        Format::Plain
    } else {
        Format::ALL[best]
    }
}
