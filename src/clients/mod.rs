//! How well-known FTP clients read a passive reply (227 or 229) and where they would connect. Each model
//! is written from its client's public source code (cited at the top of its file) in our own words, and
//! answers: accepted or rejected (with the client's own error text), the address and port it would
//! connect to, and whether it replaced the advertised address, and why.
//!
//! [`interpret`] runs every model and marks where a client differs from the RFC reading — the strict
//! reading of [`crate::wire::decode_with`], connecting to the advertised address (227) or to the control
//! connection's address (229).

mod commons_net;
pub(crate) mod curl;
mod filezilla;
pub(crate) mod ftplib;
mod goftp;
pub mod lenient;
mod lftp;
mod winscp;
mod wireshark;

use crate::wire::{self, Context, DecodeError, Decoded, Kind};
use serde::Serialize;
use std::net::IpAddr;

/// Decode one reply or command as the page and the CLI show it: the strict reading of
/// [`wire::decode_with`] and, when a 227's number group is malformed, a note on the error saying how
/// curl and Python ftplib read it anyway ([`lenient::note_for_227`]; the decoder knows no client).
pub fn decode_with(input: &str, ctx: &Context) -> Result<Decoded, DecodeError> {
    wire::decode_noted(input, ctx, lenient::note_for_227)
}

/// [`decode_with`] knowing nothing of the connection.
pub fn decode(input: &str) -> Result<Decoded, DecodeError> {
    decode_with(input, &Context::default())
}

/// [`wire::decode_all`] with the notes of [`decode_with`].
pub fn decode_all<'a>(
    text: &'a str,
    ctx: &Context,
) -> Vec<(&'a str, Result<Decoded, DecodeError>)> {
    wire::decode_all_noted(text, ctx, lenient::note_for_227)
}

/// What a model is shown: the whole reply as the client received it (lines joined with `\n`, no line
/// endings) and the control connection's peer, when known.
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    pub reply: &'a str,
    pub control: Option<IpAddr>,
}

impl Seen<'_> {
    /// The reply code, when the text starts with three digits.
    pub fn code(&self) -> Option<u16> {
        let b = self.reply.as_bytes();
        (b.len() >= 3 && b[..3].iter().all(u8::is_ascii_digit))
            .then(|| self.reply[..3].parse().unwrap_or(0))
    }
    /// The text after the code and its separator on the last line (what most clients parse).
    pub fn last_line_text(&self) -> &str {
        let last = self.reply.lines().next_back().unwrap_or("");
        last.get(4..).unwrap_or("")
    }
}

/// One client's reading of a reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// `curl`, `python-ftplib`, `filezilla`, `lftp`, `winscp`, `go-jlaffaye-ftp`, `commons-net`, `wireshark`.
    pub name: &'static str,
    /// The client accepts the reply and goes on to open the data connection.
    pub accepted: bool,
    /// The host it would connect to, as the client writes it (may be no valid address, e.g. `256.1.2.3`);
    /// `None` when it uses the control connection's address and that is not known.
    pub ip: Option<String>,
    /// The port it would connect to (a client without range checks may compute more than 65535).
    pub port: Option<u64>,
    /// It did not use the address the reply advertised.
    pub replaced: bool,
    /// Why, in a sentence (the client's behaviour, version-specific where it matters).
    pub note: String,
    /// The client's own error text, when it rejects the reply.
    pub error: Option<String>,
    /// Differs from the RFC reading (accepted when the RFC reading rejects or the other way round, or
    /// another address or port). Set by [`interpret`].
    pub differs: bool,
    /// The source the model is written from.
    pub source: &'static str,
}

impl Reading {
    /// What the reading's address and port are: where a client connects, or what a capture shows.
    pub fn action(&self) -> &'static str {
        if self.name == "wireshark" {
            "shows"
        } else {
            "connects to"
        }
    }

    pub(crate) fn accept(
        name: &'static str,
        source: &'static str,
        ip: Option<String>,
        port: u64,
        replaced: bool,
        note: impl Into<String>,
    ) -> Self {
        Reading {
            name,
            accepted: true,
            ip,
            port: Some(port),
            replaced,
            note: note.into(),
            error: None,
            differs: false,
            source,
        }
    }
    pub(crate) fn reject(
        name: &'static str,
        source: &'static str,
        error: impl Into<String>,
        note: impl Into<String>,
    ) -> Self {
        Reading::no_endpoint(name, source, Some(error.into()), note)
    }
    /// Rejected, with the client's error text when it has one (some clients fail silently).
    pub(crate) fn no_endpoint(
        name: &'static str,
        source: &'static str,
        error: Option<String>,
        note: impl Into<String>,
    ) -> Self {
        Reading {
            name,
            accepted: false,
            ip: None,
            port: None,
            replaced: false,
            note: note.into(),
            error,
            differs: false,
            source,
        }
    }
}

/// C's `isspace` in the "C" locale: blank, tab, newline, vertical tab, form feed, carriage return.
pub(crate) fn c_isspace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// The front of every C number conversion the clients use (`strtol`, `strtoul`, `atol`, `scanf`'s `%d`
/// and `%u`): blanks, an optional sign, a run of decimal digits, from `start`. Returns whether the sign
/// was `-` and where the digits are (empty when there are none). What a value that does not fit becomes
/// differs between those functions, so each model converts the digits itself.
pub(crate) fn c_number(b: &[u8], start: usize) -> (bool, std::ops::Range<usize>) {
    let mut i = start
        + b.get(start..)
            .map_or(0, |rest| rest.iter().take_while(|&&c| c_isspace(c)).count());
    let negative = b.get(i) == Some(&b'-');
    if matches!(b.get(i), Some(b'-' | b'+')) {
        i += 1;
    }
    let digits = b.get(i..).map_or(0, |rest| {
        rest.iter().take_while(|c| c.is_ascii_digit()).count()
    });
    (negative, i..i + digits)
}

type Model = fn(&Seen) -> Reading;

/// Every model, in the order the page and the CLI show them.
const MODELS: &[Model] = &[
    curl::read,
    ftplib::read,
    filezilla::read,
    lftp::read,
    winscp::read,
    goftp::read,
    commons_net::read,
    wireshark::read,
];

/// The reply as the models see it: lines without their endings, joined with `\n`, trimmed.
fn normalise(reply: &str) -> String {
    let text: String = reply
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .collect::<Vec<_>>()
        .join("\n");
    text.trim().to_string()
}

/// curl's and Python ftplib's readings alone (without the RFC comparison, so the strict decoder can ask
/// for them while it writes an error's note: the same models as the client table, so the two agree).
pub(crate) fn curl_and_ftplib(reply: &str, control: Option<IpAddr>) -> [Reading; 2] {
    let text = normalise(reply);
    let seen = Seen {
        reply: &text,
        control,
    };
    [curl::read(&seen), ftplib::read(&seen)]
}

/// How each client reads `reply` (a 227 or 229 reply, possibly multi-line). Other texts get no readings.
pub fn interpret(reply: &str, control: Option<IpAddr>) -> Vec<Reading> {
    let text = normalise(reply);
    let seen = Seen {
        reply: &text,
        control,
    };
    if !matches!(seen.code(), Some(227 | 229)) {
        return Vec::new();
    }
    // The RFC reading: the strict decode; 229 connects to the control address.
    let strict = decode_with(
        &text,
        &Context {
            control_peer: control,
        },
    )
    .ok();
    let rfc = strict.as_ref().map(|d| {
        let ip = match d.kind {
            Kind::Epsv => control.map(|c| c.to_string()),
            _ => d.ip().map(|ip| ip.to_string()),
        };
        (ip, d.port().map(u64::from))
    });
    MODELS
        .iter()
        .map(|model| {
            let mut r = model(&seen);
            r.differs = match (&rfc, r.accepted) {
                (None, accepted) => accepted,
                (Some(_), false) => true,
                (Some((ip, port)), true) => r.ip != *ip || r.port != *port,
            };
            r
        })
        .collect()
}
