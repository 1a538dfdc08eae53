//! The control connection's replies, read from its bytes: a pure incremental parser. The caller feeds
//! whatever arrived (any split, any size) and takes back whole lines and whole replies; no socket, no
//! clock. The CLI puts a socket and a deadline around it.
//!
//! - A line ends at `\n`; a `\r` before it is dropped; bytes that are not UTF-8 are read lossily.
//! - A line longer than [`MAX_LINE`] bytes (its line ending included) is cut after [`MAX_LINE`] bytes and
//!   the rest is read as the next line, so a server that never sends `\n` cannot grow the buffer.
//! - A reply is complete at its last line (RFC 959 §4.2: `ddd-` … `ddd `); a line that does not start
//!   with a code is a reply by itself (the checker reports it). A reply that runs to
//!   [`MAX_REPLY_LINES`] lines without its last line is taken as it is.

use super::transcript::Transcript;

/// The longest line kept whole, in bytes (line ending included).
pub const MAX_LINE: usize = 8192;
/// The most lines one reply may hold.
pub const MAX_REPLY_LINES: usize = 1000;

/// A reply from the control connection: its code (0 when its first line has none) and its lines, as the
/// transcript holds them (without line endings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlReply {
    pub code: u16,
    pub lines: Vec<String>,
}

impl ControlReply {
    /// Build a reply from its lines (the code from the first).
    pub fn from_lines(lines: Vec<String>) -> Self {
        let code = lines.first().map_or(0, |l| reply_code(l));
        ControlReply { code, lines }
    }

    /// The first line (`""` for none).
    pub fn first(&self) -> &str {
        self.lines.first().map_or("", String::as_str)
    }

    /// The lines joined by `\n`, as the wire decoder reads a multi-line reply.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// 1yz: a preliminary reply (another follows).
    pub fn is_preliminary(&self) -> bool {
        self.code / 100 == 1
    }

    /// 2yz: done.
    pub fn is_completion(&self) -> bool {
        self.code / 100 == 2
    }
}

/// Bytes in, lines and replies out. What is not yet a whole line or a whole reply is kept for the next
/// [`feed`](Self::feed).
#[derive(Debug, Clone, Default)]
pub struct ReplyReader {
    /// Bytes read but not yet a whole line.
    buf: Vec<u8>,
    /// Lines of a reply not yet complete.
    pending: Vec<String>,
}

impl ReplyReader {
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes that arrived.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next whole line (without `\r\n` or `\n`), or a [`MAX_LINE`]-byte piece of a longer one.
    pub fn next_line(&mut self) -> Option<String> {
        let end = match self.buf.iter().take(MAX_LINE).position(|&b| b == b'\n') {
            Some(i) => i + 1,
            None if self.buf.len() >= MAX_LINE => MAX_LINE,
            None => return None,
        };
        let raw: Vec<u8> = self.buf.drain(..end).collect();
        let text = String::from_utf8_lossy(&raw);
        Some(text.trim_end_matches(['\n', '\r']).to_string())
    }

    /// Add a line to the reply being read; the reply, when this line completes it.
    pub fn push_line(&mut self, line: String) -> Option<ControlReply> {
        self.pending.push(line);
        if reply_complete(&self.pending) || self.pending.len() >= MAX_REPLY_LINES {
            return Some(ControlReply::from_lines(std::mem::take(&mut self.pending)));
        }
        None
    }

    /// Move every whole line into the transcript (cleaned: control characters and the password
    /// neutralised, as the reply keeps them too) until a reply is complete; that reply, or `None` when
    /// more bytes are needed.
    pub fn read_into(&mut self, t: &mut Transcript) -> Option<ControlReply> {
        while let Some(raw) = self.next_line() {
            let line = t.clean(&raw);
            t.reply_line(&line);
            if let Some(reply) = self.push_line(line) {
                return Some(reply);
            }
        }
        None
    }

    /// Lines of the reply being read, so far.
    pub fn pending(&self) -> &[String] {
        &self.pending
    }

    /// Bytes kept that are not yet a whole line.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }
}

/// Is a reply complete? `lines` are the lines read so far (without line endings). A multi-line reply
/// (`ddd-`) ends with a line that starts with the same code and a space (RFC 959 §4.2).
pub fn reply_complete(lines: &[String]) -> bool {
    let Some(first) = lines.first() else {
        return false;
    };
    if !crate::wire::reply::starts_with_code(first) {
        return true; // not a reply: take the line as it is, the caller reports it
    }
    if first.as_bytes().get(3) != Some(&b'-') {
        return true;
    }
    let code = &first[..3];
    lines.len() > 1
        && lines.last().is_some_and(|l| {
            l.len() >= 3
                && l.is_char_boundary(3)
                && &l[..3] == code
                && l.as_bytes().get(3) != Some(&b'-')
        })
}

/// The code of a reply's first line (0 when it has none).
pub fn reply_code(first_line: &str) -> u16 {
    if crate::wire::reply::starts_with_code(first_line) {
        first_line[..3].parse().unwrap_or(0)
    } else {
        0
    }
}

/// The features a FEAT reply lists: its middle lines, trimmed (`211-Features:` … `211 End`).
pub fn features(reply_lines: &[String]) -> Vec<String> {
    if reply_lines.len() < 3 {
        return Vec::new();
    }
    reply_lines[1..reply_lines.len() - 1]
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// Every reply `bytes` gives when fed in pieces of `step` bytes.
    fn replies(bytes: &[u8], step: usize) -> Vec<ControlReply> {
        let mut r = ReplyReader::new();
        let mut t = Transcript::new();
        let mut out = Vec::new();
        for piece in bytes.chunks(step) {
            r.feed(piece);
            while let Some(reply) = r.read_into(&mut t) {
                out.push(reply);
            }
        }
        out
    }

    #[test]
    fn replies_frame() {
        assert!(reply_complete(&l(&["220 hi"])));
        assert!(!reply_complete(&l(&[])));
        assert!(!reply_complete(&l(&["211-Features:"])));
        assert!(!reply_complete(&l(&["211-Features:", " EPSV", "211-x"])));
        assert!(reply_complete(&l(&["211-Features:", " EPSV", "211 End"])));
        assert!(reply_complete(&l(&["211-Features:", "211"])));
        // A middle line with another code does not end it; a non-ASCII middle line is no trap.
        assert!(!reply_complete(&l(&["230-Hi", "220 other", "é€x"])));
        assert!(reply_complete(&l(&["hello, no code"])));
        assert_eq!(
            features(&l(&["211-Features:", " EPSV", " AUTH TLS", "211 End"])),
            ["EPSV", "AUTH TLS"]
        );
        assert!(features(&l(&["211 no features"])).is_empty());
        assert_eq!(reply_code("530 no"), 530);
        assert_eq!(reply_code("53x no"), 0);
        assert_eq!(reply_code(""), 0);
    }

    /// However the bytes are split, the same replies come out: CRLF and bare LF, a multi-line reply whose
    /// middle lines start with other codes or with the same code and a hyphen.
    #[test]
    fn any_split_gives_the_same_replies() {
        let wire =
            b"220 Welcome\r\n230-Hello\r\n220 not the end\n230-still not\r\n230 Done\r\n331 pw\n";
        let expected = vec![
            ControlReply::from_lines(l(&["220 Welcome"])),
            ControlReply::from_lines(l(&[
                "230-Hello",
                "220 not the end",
                "230-still not",
                "230 Done",
            ])),
            ControlReply::from_lines(l(&["331 pw"])),
        ];
        for step in [1, 2, 3, 7, 13, wire.len()] {
            assert_eq!(replies(wire, step), expected, "step {step}");
        }
        assert_eq!(expected[1].code, 230);
        assert_eq!(expected[1].first(), "230-Hello");
        assert!(expected[1].text().ends_with("still not\n230 Done"));
    }

    /// A reply not yet complete is kept with the bytes after it until the rest arrives; its lines reach
    /// the transcript as they arrive.
    #[test]
    fn partial_replies_wait_for_the_rest() {
        let mut r = ReplyReader::new();
        let mut t = Transcript::new();
        r.feed(b"211-Features:\r\n EPSV\r\n211 E");
        assert_eq!(r.read_into(&mut t), None);
        assert_eq!(r.pending(), ["211-Features:", " EPSV"]);
        assert_eq!(r.buffered(), 5);
        assert_eq!(t.lines(), ["< 211-Features:", "<  EPSV"]);
        r.feed(b"nd\r\n");
        let reply = r.read_into(&mut t).unwrap();
        assert_eq!(features(&reply.lines), ["EPSV"]);
        assert_eq!((r.pending().len(), r.buffered()), (0, 0));
        assert_eq!(t.len(), 3);
    }

    /// A line without `\n` is cut after MAX_LINE bytes; the rest is the next line. A line of exactly
    /// MAX_LINE bytes with its `\n` is whole.
    #[test]
    fn over_long_lines_are_cut() {
        let mut r = ReplyReader::new();
        r.feed(&vec![b'x'; MAX_LINE - 1]);
        assert_eq!(r.next_line(), None);
        r.feed(b"\n");
        assert_eq!(r.next_line().map(|s| s.len()), Some(MAX_LINE - 1));
        let mut long = b"500 ".to_vec();
        long.extend(vec![b'y'; MAX_LINE * 2]);
        long.extend(b"\r\n");
        r.feed(&long);
        let first = r.next_line().unwrap();
        assert_eq!(first.len(), MAX_LINE);
        assert!(first.starts_with("500 yyy"));
        assert_eq!(r.next_line().map(|s| s.len()), Some(MAX_LINE));
        assert_eq!(r.next_line().map(|s| s.len()), Some(4)); // the last 4 y's
        assert_eq!(r.next_line(), None);
        assert_eq!(r.buffered(), 0);
        // Cut lines still frame: the first piece is a whole reply (code and a space).
        let got = replies(&long, 4096);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].code, 500);
        assert_eq!((got[1].code, got[2].code), (0, 0));
    }

    /// A multi-line reply that never ends is taken after MAX_REPLY_LINES lines.
    #[test]
    fn endless_replies_stop_at_the_limit() {
        let mut wire = b"211-Features:\r\n".to_vec();
        for _ in 0..MAX_REPLY_LINES + 5 {
            wire.extend(b" X\r\n");
        }
        let got = replies(&wire, 512);
        assert_eq!(got[0].lines.len(), MAX_REPLY_LINES);
        assert_eq!(got[0].code, 211);
        // The lines after it are read as they come: lines without a code, a reply each.
        assert_eq!(got.len(), 1 + 6);
        assert!(got[1..].iter().all(|r| r.code == 0 && r.lines == [" X"]));
    }

    /// Bytes that are not UTF-8 are read lossily; control characters and the password never reach the
    /// transcript or the reply.
    #[test]
    fn lines_are_cleaned() {
        let mut r = ReplyReader::new();
        let mut t = Transcript::with_secret(Some("hunter2"));
        r.feed(b"230 hi \xff hunter2 \x1b[31m\r\n");
        let reply = r.read_into(&mut t).unwrap();
        assert_eq!(reply.first(), "230 hi \u{fffd} **** ?[31m");
        assert_eq!(t.lines(), ["< 230 hi \u{fffd} **** ?[31m"]);
        assert!(reply.is_completion() && !reply.is_preliminary());
    }

    #[test]
    fn an_empty_line_is_a_reply_of_its_own() {
        let got = replies(b"\r\n150 Here\r\n", 100);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].code, got[0].first()), (0, ""));
        assert!(got[1].is_preliminary());
        assert_eq!(ControlReply::from_lines(Vec::new()).first(), "");
    }
}
