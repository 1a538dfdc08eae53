//! Find a symptom by the text a user has in hand: a reply code (`425`), a client's error (`curl: (28)`,
//! `TimeoutError: timed out`), a server's refusal (`Illegal PORT`), or a whole pasted log line.
//!
//! What is searched: each symptom's title and the lines the guide quotes under "What you see", and
//! [`WORDINGS`]: what real clients and servers printed in the captured logs of `tests/fixtures/logs`
//! (a test holds every wording to a log that contains it).

use super::{Symptom, SYMPTOMS};

/// A message a real program prints, and the symptom it points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wording {
    /// A symptom's id ([`Symptom::id`]).
    pub symptom: &'static str,
    /// The text as the program printed it (the variable parts — addresses, ports, times — left out).
    pub text: &'static str,
    /// Who prints it.
    pub source: &'static str,
}

const fn w(symptom: &'static str, text: &'static str, source: &'static str) -> Wording {
    Wording {
        symptom,
        text,
        source,
    }
}

/// Real wordings, from the logs in `tests/fixtures/logs` (FileZilla's and WinSCP's from their documented
/// formats, as those logs are).
pub const WORDINGS: &[Wording] = &[
    // A refused data connection.
    w("refused", "curl: (7) Failed to connect to", "curl"),
    w("refused", "failed: Connection refused", "curl -v"),
    w(
        "refused",
        "ConnectionRefusedError: [Errno 111] Connection refused",
        "Python ftplib",
    ),
    w(
        "refused",
        "Data socket error (Connection refused) - reconnecting",
        "lftp -d",
    ),
    w(
        "refused",
        "ls: Fatal error: max-retries exceeded (Connection refused)",
        "lftp",
    ),
    w("refused", "tnftp: Can't connect to", "tnftp"),
    // A data connection that times out: a private address advertised, or the range dropped.
    w(
        "timeout-private-ip",
        "curl: (28) Failed to connect to",
        "curl",
    ),
    w("timeout-private-ip", "connect timeout after", "curl -v"),
    w(
        "timeout-private-ip",
        "TimeoutError: timed out",
        "Python ftplib",
    ),
    w(
        "timeout-private-ip",
        "**** Timeout - reconnecting",
        "lftp -d",
    ),
    w(
        "timeout-private-ip",
        "Passive mode address mismatch.",
        "tnftp, GNU inetutils ftp",
    ),
    w(
        "timeout-private-ip",
        "for data connection, re-use",
        "curl -v (replaced the address)",
    ),
    w(
        "timeout-private-ip",
        "Address returned by PASV seemed to be incorrect and has been fixed",
        "lftp -d (replaced the address)",
    ),
    w(
        "timeout-private-ip",
        "Server sent passive reply with unroutable address",
        "FileZilla, WinSCP (replaced the address)",
    ),
    w("timeout-range", "curl: (28) Failed to connect to", "curl"),
    w("timeout-range", "curl: (28) Connection time-out", "curl"),
    w("timeout-range", "connect timeout after", "curl -v"),
    w("timeout-range", "TimeoutError: timed out", "Python ftplib"),
    w("timeout-range", "**** Timeout - reconnecting", "lftp -d"),
    w(
        "timeout-range",
        "ls: Fatal error: max-retries exceeded",
        "lftp",
    ),
    w(
        "timeout-range",
        "Timeout detected. (data connection)",
        "WinSCP",
    ),
    w(
        "timeout-range",
        "Connection timed out after 20 seconds of inactivity",
        "FileZilla",
    ),
    w(
        "timeout-range",
        "Failed to retrieve directory listing",
        "FileZilla",
    ),
    // Active mode.
    w("active-illegal-port", "500 Illegal PORT command.", "vsftpd"),
    w("active-illegal-port", "500 Illegal EPRT command.", "vsftpd"),
    w(
        "active-illegal-port",
        "500 I won't open a connection to",
        "Pure-FTPd",
    ),
    w(
        "active-timeout",
        "425 Failed to establish connection.",
        "vsftpd",
    ),
    w(
        "active-timeout",
        "425 Can't connect to specified address.",
        "pyftpdlib",
    ),
    w("active-timeout", "ftplib.error_temp: 425", "Python ftplib"),
    w("active-timeout", "RETR response: 425", "curl -v"),
];

/// A symptom that matches a search, and the text that matched (quoted to the user: why this one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub symptom: &'static Symptom,
    pub matched: &'static str,
    /// Who prints the matched text (`None` for the guide's own title and quotes).
    pub source: Option<&'static str>,
    /// Higher is better; hits come sorted by it, then in the table's order.
    pub score: u32,
}

/// Lower-case ASCII, typographic quotes made plain, runs of blanks made one space, trimmed.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for c in text.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            c => c.to_ascii_lowercase(),
        };
        if c.is_whitespace() {
            blank = true;
            continue;
        }
        if blank && !out.is_empty() {
            out.push(' ');
        }
        blank = false;
        out.push(c);
    }
    out
}

fn word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Where `needle` stands in `hay` as words of its own: not glued to a letter or digit before it, nor
/// (when it ends in a digit: `425` is not `4250`) after it. A word still being typed matches its start.
fn find_word(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let first = needle.chars().next();
    let last = needle.chars().next_back();
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        (!word_char(first) || !word_char(before))
            && (!last.is_some_and(|c| c.is_ascii_digit()) || !word_char(after))
    })
}

/// How well a query matches one text (0: not at all).
fn score(query: &str, text: &str) -> u32 {
    let text = normalise(text);
    if text == query {
        return 2000;
    }
    if find_word(&text, query) {
        // The query inside the text: better the more of the text it covers, and at its start (a code).
        let cover = (query.len() * 100 / text.len().max(1)) as u32;
        return 1000 + cover + if text.starts_with(query) { 200 } else { 0 };
    }
    if text.len() >= 4 && find_word(query, &text) {
        // A pasted line that holds a known wording: the longer the wording, the surer.
        return 500 + text.len().min(400) as u32;
    }
    // A few words, in any order (not for a pasted log: that is what the wordings are for).
    let words: Vec<&str> = query.split(' ').take(9).collect();
    if (2..=8).contains(&words.len()) && words.iter().all(|w| find_word(&text, w)) {
        return 100 + words.len() as u32;
    }
    0
}

/// How much of a query is read: a few lines. (A whole log belongs in the checker, which reads it all.)
pub const QUERY_LIMIT: usize = 4096;

/// The symptoms that match `query` (its first [`QUERY_LIMIT`] bytes), best first; empty for a blank
/// query. Pure and quick: a few hundred short texts.
pub fn search(query: &str) -> Vec<Hit> {
    let mut end = query.len().min(QUERY_LIMIT);
    while !query.is_char_boundary(end) {
        end -= 1;
    }
    let query = normalise(&query[..end]);
    if !query.chars().any(|c| c.is_alphanumeric()) {
        return Vec::new();
    }
    let mut hits: Vec<Hit> = Vec::new();
    for s in SYMPTOMS {
        let own = std::iter::once(s.title)
            .chain(s.seen.iter().copied())
            .map(|t| (t, None));
        let wordings = WORDINGS
            .iter()
            .filter(|w| w.symptom == s.id)
            .map(|w| (w.text, Some(w.source)));
        let best = own
            .chain(wordings)
            .map(|(text, source)| (score(&query, text), text, source))
            .filter(|(score, ..)| *score > 0)
            .fold(None::<(u32, &str, Option<&str>)>, |best, next| match best {
                Some(b) if b.0 >= next.0 => Some(b),
                _ => Some(next),
            });
        if let Some((score, matched, source)) = best {
            // Best first; equal scores keep the table's order.
            let at = hits
                .iter()
                .position(|h| h.score < score)
                .unwrap_or(hits.len());
            hits.insert(
                at,
                Hit {
                    symptom: s,
                    matched,
                    source,
                    score,
                },
            );
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(query: &str) -> Vec<&'static str> {
        search(query).iter().map(|h| h.symptom.id).collect()
    }

    #[test]
    fn codes_and_client_messages_find_their_symptoms() {
        assert_eq!(ids("425")[0], "active-timeout");
        assert!(ids("425").contains(&"random-failures"));
        // Both timeouts (curl says the same for either); the one whose own quote holds it first.
        assert_eq!(ids("curl: (28)"), ["timeout-range", "timeout-private-ip"]);
        assert_eq!(ids("Illegal PORT"), ["active-illegal-port"]);
        assert_eq!(ids("illegal port"), ["active-illegal-port"]);
        assert_eq!(ids("  ILLEGAL   port  "), ["active-illegal-port"]);
        assert_eq!(ids("Errno 111")[0], "refused");
        assert_eq!(ids("unroutable")[0], "timeout-private-ip");
        assert_eq!(ids("I won’t open a connection"), ["active-illegal-port"]);
    }

    #[test]
    fn a_whole_pasted_line_finds_the_wording_it_holds() {
        let hits = search("curl: (28) Failed to connect to 198.51.100.7 port 21 after 3001 ms: Couldn't connect to server");
        let mut found: Vec<&str> = hits.iter().map(|h| h.symptom.id).collect();
        found.sort();
        assert_eq!(found, ["timeout-private-ip", "timeout-range"]);
        assert_eq!(hits[0].matched, "curl: (28) Failed to connect to");
        assert_eq!(hits[0].source, Some("curl"));
        assert_eq!(
            ids("< 500 Illegal PORT command.\r")[0],
            "active-illegal-port"
        );
        assert_eq!(
            ids("ftplib.error_temp: 425 Failed to establish connection.")[0],
            "active-timeout"
        );
    }

    #[test]
    fn numbers_match_whole_and_junk_matches_nothing() {
        assert!(ids("4250").is_empty());
        assert!(ids("42").is_empty());
        assert!(ids("").is_empty());
        assert!(ids("  ()  ").is_empty());
        assert!(ids("zzzz qqqq").is_empty());
        // No input panics: odd characters, a huge query.
        for q in ["\u{0}", "é", "((((", "\u{10FFFF}425", &"x ".repeat(100_000)] {
            let _ = search(q);
        }
    }

    #[test]
    fn a_word_being_typed_matches_its_start() {
        assert_eq!(ids("Illegal PO"), ["active-illegal-port"]);
        assert_eq!(ids("refus")[0], "refused");
    }
}
