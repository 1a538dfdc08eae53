//! From entries to a session: commands paired with their (multi-line) replies, endpoints decoded by the
//! core, and every data connection followed from its negotiation to its outcome.

use super::entry::{read_line, Entry, Target};
use super::format::{detect, Format};
use super::mask::mask_password;
use crate::clients::decode_with;
use crate::wire::reply::starts_with_code;
use crate::wire::{Context, DecodeError, Decoded, Kind};
use serde::Serialize;
use std::net::IpAddr;

/// The control connection's peer, as the log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Peer {
    pub host: Option<String>,
    pub ip: Option<IpAddr>,
    pub port: Option<u16>,
}

/// What a line of the log was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Command,
    Reply,
    /// The client's own message (connecting, errors, notes).
    Client,
    Blank,
    /// Not understood: kept and shown.
    Unknown,
}

/// One line of the pasted log, passwords masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// 1-based line number in the paste.
    pub number: usize,
    pub text: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Command {
    /// The command as sent (password masked).
    pub text: String,
    /// The verb, upper case (`PASV`).
    pub verb: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reply {
    pub code: u16,
    /// All lines of the reply, joined with `\n`, as the server sent them.
    pub text: String,
    pub lines: Vec<usize>,
}

impl Reply {
    pub fn is_negative(&self) -> bool {
        self.code >= 400
    }
}

/// The result of decoding an endpoint-bearing command or reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decoding {
    Decoded(Box<Decoded>),
    Error(DecodeError),
}

/// A command and the reply to it (either may be missing: the greeting has no command).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exchange {
    pub command: Option<Command>,
    pub reply: Option<Reply>,
    /// For PASV/EPSV/LPSV replies and PORT/EPRT/LPRT commands: what the core made of the endpoint.
    pub decoding: Option<Decoding>,
}

impl Exchange {
    pub fn verb(&self) -> Option<&str> {
        self.command.as_ref().map(|c| c.verb.as_str())
    }
    pub fn code(&self) -> Option<u16> {
        self.reply.as_ref().map(|r| r.code)
    }
    pub fn decoded(&self) -> Option<&Decoded> {
        match &self.decoding {
            Some(Decoding::Decoded(d)) => Some(d.as_ref()),
            _ => None,
        }
    }
    /// The lines of this exchange (command and reply).
    pub fn lines(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.command.iter().map(|c| c.line).collect();
        v.extend(self.reply.iter().flat_map(|r| r.lines.iter().copied()));
        v
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Passive,
    Active,
}

/// How a data connection ended, as far as the log tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Ok,
    TimedOut,
    Refused,
    /// The server or client reported another failure (425, 426, an error message).
    Failed,
    /// Negotiated, but no transfer command followed.
    NotAttempted,
    /// A transfer began but the log ends before its result.
    Unknown,
}

impl Outcome {
    /// The JSON name (kebab-case), without going through a serializer.
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::TimedOut => "timed-out",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
            Outcome::NotAttempted => "not-attempted",
            Outcome::Unknown => "unknown",
        }
    }
}

/// An address and port a connection went to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Address {
    pub ip: Option<IpAddr>,
    pub port: Option<u16>,
}

impl std::fmt::Display for Address {
    /// `192.0.2.1:50000`, `[2001:db8::1]:50000`, or `port 50000 at the control address` when the log does
    /// not name the address.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.ip, self.port) {
            (Some(IpAddr::V6(ip)), Some(p)) => write!(f, "[{ip}]:{p}"),
            (Some(ip), Some(p)) => write!(f, "{ip}:{p}"),
            (None, Some(p)) => write!(f, "port {p} at the control address"),
            (Some(ip), None) => write!(f, "{ip}"),
            (None, None) => f.write_str("an unknown endpoint"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataConnection {
    pub mode: Mode,
    /// The form that negotiated it (`pasv`, `epsv`, `port`, `eprt`, `lpsv`, `lprt`).
    pub via: Kind,
    /// Index into `exchanges` of the negotiation.
    pub exchange: usize,
    /// The endpoint the negotiation named (for EPSV: the control address, when known, and the port).
    pub advertised: Address,
    /// Where the client actually connected (passive mode), when the log says.
    pub used: Option<Address>,
    pub outcome: Outcome,
    /// The transfer command that used it (`LIST`, `RETR x`), if any.
    pub transfer: Option<String>,
    /// Why it failed, in the log's words.
    pub reason: Option<String>,
    pub lines: Vec<usize>,
}

/// What the client said that matters to the diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Event {
    ReplacedAddress {
        line: usize,
        advertised: Option<IpAddr>,
        used: Option<IpAddr>,
        text: String,
    },
    EpsvDisabled {
        line: usize,
        text: String,
    },
    PassiveFailed {
        line: usize,
        text: String,
    },
    TimedOut {
        line: usize,
        text: String,
    },
    Refused {
        line: usize,
        text: String,
    },
    ClientError {
        line: usize,
        text: String,
    },
}

impl Event {
    pub fn line(&self) -> usize {
        match self {
            Event::ReplacedAddress { line, .. }
            | Event::EpsvDisabled { line, .. }
            | Event::PassiveFailed { line, .. }
            | Event::TimedOut { line, .. }
            | Event::Refused { line, .. }
            | Event::ClientError { line, .. } => *line,
        }
    }
}

/// Everything read from a log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    pub format: Format,
    /// True when the format was given rather than detected.
    pub format_given: bool,
    pub control: Option<Peer>,
    /// TLS was negotiated on the control connection (`AUTH TLS`/`AUTH SSL` answered 234).
    pub tls: bool,
    pub lines: Vec<Line>,
    pub exchanges: Vec<Exchange>,
    pub data_connections: Vec<DataConnection>,
    pub events: Vec<Event>,
}

impl Session {
    /// Lines not understood by the reader (kept and shown).
    pub fn unknown_lines(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| l.role == Role::Unknown)
    }
}

const TRANSFER_VERBS: &[&str] = &["LIST", "NLST", "MLSD", "RETR", "STOR", "STOU", "APPE"];

/// Read a pasted log: detect its format (unless given), mask passwords, and build the session.
pub fn read_log(text: &str, format: Option<Format>) -> Session {
    let mut reader = LogReader::new(text, format);
    reader.step(text, usize::MAX);
    reader.finish()
}

/// [`read_log`] in steps, so a page can read a multi-megabyte log a slice at a time and stay responsive.
/// Every call to [`LogReader::step`] must pass the same text.
pub struct LogReader {
    builder: Builder,
    format: Format,
    /// Byte offset of the next line to read.
    pos: usize,
    /// Lines read so far.
    read: usize,
}

impl LogReader {
    /// Detect the format (unless given) and get ready to read `text`.
    pub fn new(text: &str, format: Option<Format>) -> Self {
        let chosen = format.unwrap_or_else(|| detect(text));
        LogReader {
            builder: Builder::new(chosen, format.is_some()),
            format: chosen,
            pos: 0,
            read: 0,
        }
    }

    /// Read up to `max_lines` more lines of `text`; true once the whole text is read.
    pub fn step(&mut self, text: &str, max_lines: usize) -> bool {
        let rest = text.get(self.pos..).unwrap_or("");
        for raw in rest.split_inclusive('\n').take(max_lines) {
            self.pos += raw.len();
            self.read += 1;
            // What `str::lines` yields: the line without "\n" or "\r\n".
            let line = raw
                .strip_suffix('\n')
                .map_or(raw, |l| l.strip_suffix('\r').unwrap_or(l));
            let masked = mask_password(line);
            let entry = read_line(self.format, &masked);
            let role = match &entry {
                Entry::Command(_) => Role::Command,
                Entry::Reply(_) => Role::Reply,
                Entry::Blank => Role::Blank,
                Entry::Unknown(_) => Role::Unknown,
                _ => Role::Client,
            };
            self.builder.session.lines.push(Line {
                number: self.read,
                text: masked.trim_end_matches('\r').to_string(),
                role,
            });
            self.builder.feed(self.read, entry);
        }
        self.pos >= text.len()
    }

    /// How far the reading is, as a fraction of `text` (for a progress indicator).
    pub fn progress(&self, text: &str) -> f64 {
        if text.is_empty() {
            1.0
        } else {
            self.pos as f64 / text.len() as f64
        }
    }

    pub fn finish(self) -> Session {
        self.builder.finish()
    }
}

struct Builder {
    session: Session,
    /// A multi-line reply being collected: code, lines so far.
    open_reply: Option<(u16, Vec<(usize, String)>)>,
    /// Index of the data connection still waiting for its outcome.
    current_dc: Option<usize>,
    seen_reply: bool,
}

impl Builder {
    fn new(format: Format, given: bool) -> Self {
        Builder {
            session: Session {
                format,
                format_given: given,
                control: None,
                tls: false,
                lines: Vec::new(),
                exchanges: Vec::new(),
                data_connections: Vec::new(),
                events: Vec::new(),
            },
            open_reply: None,
            current_dc: None,
            seen_reply: false,
        }
    }

    fn feed(&mut self, line: usize, entry: Entry) {
        match entry {
            Entry::Command(text) => self.command(line, text.trim_end().to_string()),
            Entry::Reply(text) => {
                // ftplib prints a whole multi-line reply in one string.
                for part in text.split('\n') {
                    self.reply_line(line, part.trim_end_matches('\r').to_string());
                }
            }
            Entry::Connecting(t) | Entry::Connected(t) => self.connecting(line, t),
            Entry::TimedOut(text) => {
                self.fail_dc(line, Outcome::TimedOut, &text);
                self.session.events.push(Event::TimedOut { line, text });
            }
            Entry::Refused(text) => {
                self.fail_dc(line, Outcome::Refused, &text);
                self.session.events.push(Event::Refused { line, text });
            }
            Entry::ReplacedAddress {
                advertised,
                used,
                text,
            } => {
                if let Some(dc) = self
                    .current_dc
                    .and_then(|i| self.session.data_connections.get_mut(i))
                {
                    dc.lines.push(line);
                    if let Some(ip) = used {
                        dc.used = Some(Address {
                            ip: Some(ip),
                            port: dc.advertised.port,
                        });
                    }
                }
                self.session.events.push(Event::ReplacedAddress {
                    line,
                    advertised,
                    used,
                    text,
                });
            }
            Entry::EpsvDisabled(text) => {
                self.session.events.push(Event::EpsvDisabled { line, text })
            }
            Entry::PassiveFailed(text) => self
                .session
                .events
                .push(Event::PassiveFailed { line, text }),
            Entry::ClientError(text) => {
                if let Some(dc) = self
                    .current_dc
                    .and_then(|i| self.session.data_connections.get_mut(i))
                {
                    dc.lines.push(line);
                }
                self.session.events.push(Event::ClientError { line, text });
            }
            Entry::Tls(_) => self.session.tls = true,
            Entry::Info(_) | Entry::Unknown(_) | Entry::Blank => {}
        }
    }

    fn command(&mut self, line: usize, text: String) {
        self.flush_reply();
        let verb = text.split(' ').next().unwrap_or("").to_ascii_uppercase();
        if TRANSFER_VERBS.contains(&verb.as_str()) {
            if let Some(dc) = self
                .current_dc
                .and_then(|i| self.session.data_connections.get_mut(i))
            {
                if dc.transfer.is_none() {
                    dc.transfer = Some(text.clone());
                    dc.lines.push(line);
                    if dc.outcome == Outcome::NotAttempted {
                        dc.outcome = Outcome::Unknown;
                    }
                }
            }
        }
        if is_negotiation(&verb) {
            self.close_dc();
        }
        self.session.exchanges.push(Exchange {
            command: Some(Command { text, verb, line }),
            reply: None,
            decoding: None,
        });
    }

    fn reply_line(&mut self, line: usize, text: String) {
        if let Some((code, lines)) = &mut self.open_reply {
            let closes = starts_with_code(&text)
                && text[..3] == code.to_string()[..]
                && !text[3..].starts_with('-');
            lines.push((line, text));
            if closes {
                self.flush_reply();
            }
            return;
        }
        if !starts_with_code(&text) {
            // A continuation outside a multi-line reply: attach it to the previous reply.
            if let Some(r) = self
                .session
                .exchanges
                .iter_mut()
                .rev()
                .find_map(|e| e.reply.as_mut())
            {
                r.text.push('\n');
                r.text.push_str(&text);
                // (ftplib's one log line can hold the reply and its continuation: name it once.)
                if r.lines.last() != Some(&line) {
                    r.lines.push(line);
                }
            }
            return;
        }
        let code = text[..3].parse().unwrap_or(0);
        let multi = text[3..].starts_with('-');
        self.open_reply = Some((code, vec![(line, text)]));
        if !multi {
            self.flush_reply();
        }
    }

    /// Finish the reply being collected (a multi-line reply cut short is finished as it stands).
    fn flush_reply(&mut self) {
        let Some((code, lines)) = self.open_reply.take() else {
            return;
        };
        self.seen_reply = true;
        let reply = Reply {
            code,
            text: lines
                .iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            // ftplib prints a whole multi-line reply on one log line: name that line once.
            lines: {
                let mut numbers: Vec<usize> = lines.iter().map(|(n, _)| *n).collect();
                numbers.dedup();
                numbers
            },
        };
        // Only the latest exchange can take this reply, if its command is still unanswered.
        let last = self.session.exchanges.len().checked_sub(1);
        let slot = last.filter(|&i| {
            let e = &self.session.exchanges[i];
            e.command.is_some() && e.reply.is_none()
        });
        // tnftp -d prints a passive reply a second time right after the first: an echo, not a reply.
        if slot.is_none_or(|i| i + 1 != self.session.exchanges.len()) {
            if let Some(prev) = self
                .session
                .exchanges
                .last_mut()
                .and_then(|e| e.reply.as_mut())
            {
                if prev.text == reply.text
                    && prev.lines.last().is_some_and(|&l| l + 1 == reply.lines[0])
                {
                    prev.lines.extend(&reply.lines);
                    return;
                }
            }
        }
        // Only the latest unanswered command gets this reply; older unanswered ones stay unanswered.
        let index = match slot {
            Some(i) if i + 1 == self.session.exchanges.len() => i,
            _ => {
                self.session.exchanges.push(Exchange {
                    command: None,
                    reply: None,
                    decoding: None,
                });
                self.session.exchanges.len() - 1
            }
        };
        self.session.exchanges[index].reply = Some(reply);
        self.after_reply(index);
    }

    fn after_reply(&mut self, index: usize) {
        let ctx = Context {
            control_peer: self.session.control.as_ref().and_then(|c| c.ip),
        };
        let ex = &self.session.exchanges[index];
        let reply = ex.reply.clone().expect("reply just set");
        let verb = ex.verb().unwrap_or("").to_string();
        // TLS on the control connection.
        if verb == "AUTH" && reply.code == 234 {
            self.session.tls = true;
        }
        // Passive replies, whatever command they answer.
        let passive_reply = matches!(reply.code, 227..=229);
        let active_command = matches!(verb.as_str(), "PORT" | "EPRT" | "LPRT");
        let decoding = if passive_reply {
            Some(decode_with(&reply.text, &ctx))
        } else if active_command {
            ex.command.as_ref().map(|c| decode_with(&c.text, &ctx))
        } else {
            None
        };
        if let Some(result) = decoding {
            let ok = result.as_ref().ok().cloned();
            self.session.exchanges[index].decoding = Some(match result {
                Ok(d) => Decoding::Decoded(Box::new(d)),
                Err(e) => Decoding::Error(e),
            });
            let accepted = if active_command {
                reply.code < 300
            } else {
                true
            };
            if let (Some(d), true) = (ok, accepted) {
                if d.endpoint.is_some() || d.kind == Kind::Epsv {
                    self.open_dc(index, &d);
                }
            }
        }
        // The transfer's own replies settle the current data connection.
        if let Some(dc) = self
            .current_dc
            .and_then(|i| self.session.data_connections.get_mut(i))
        {
            if dc.transfer.is_some() && index > dc.exchange {
                match reply.code {
                    125 | 150 => {
                        dc.outcome = Outcome::Ok;
                        dc.lines.extend(&reply.lines);
                    }
                    226 | 250 => {
                        if dc.outcome == Outcome::Unknown {
                            dc.outcome = Outcome::Ok;
                        }
                        dc.lines.extend(&reply.lines);
                    }
                    425 | 426 => {
                        if matches!(dc.outcome, Outcome::Unknown | Outcome::Ok) {
                            dc.outcome = Outcome::Failed;
                        }
                        dc.reason.get_or_insert_with(|| reply.text.clone());
                        dc.lines.extend(&reply.lines);
                    }
                    _ => {}
                }
            }
        }
    }

    fn open_dc(&mut self, exchange: usize, d: &Decoded) {
        self.close_dc();
        let mode = if d.kind.is_passive() {
            Mode::Passive
        } else {
            Mode::Active
        };
        let advertised = Address {
            ip: d.ip(),
            port: d.port(),
        };
        self.session.data_connections.push(DataConnection {
            mode,
            via: d.kind,
            exchange,
            advertised,
            used: None,
            outcome: Outcome::NotAttempted,
            transfer: None,
            reason: None,
            lines: self.session.exchanges[exchange].lines(),
        });
        self.current_dc = Some(self.session.data_connections.len() - 1);
    }

    fn close_dc(&mut self) {
        self.current_dc = None;
    }

    fn connecting(&mut self, line: usize, t: Target) {
        // Before any reply, a connection is the control connection.
        if !self.seen_reply && self.open_reply.is_none() {
            let peer = self.session.control.get_or_insert_with(Peer::default);
            if peer.host.is_none() {
                peer.host = t.host.clone();
            }
            if t.ip.is_some() {
                peer.ip = t.ip;
            }
            if t.port.is_some() {
                peer.port = t.port;
            }
            return;
        }
        // curl 7.88 repeats the control connection's "Connected to … port 21" after opening the data one.
        let control = self.session.control.as_ref().map(|c| (c.ip, c.port));
        if control.is_some_and(|(ip, port)| {
            port.is_some() && port == t.port && (t.ip.is_none() || ip == t.ip)
        }) {
            return;
        }
        if let Some(dc) = self
            .current_dc
            .and_then(|i| self.session.data_connections.get_mut(i))
        {
            if dc.mode == Mode::Passive && (t.ip.is_some() || t.port.is_some()) {
                dc.used = Some(Address {
                    ip: t.ip.or(dc.used.as_ref().and_then(|u| u.ip)),
                    port: t.port.or(dc.advertised.port),
                });
                dc.lines.push(line);
            }
        }
    }

    fn fail_dc(&mut self, line: usize, outcome: Outcome, text: &str) {
        if let Some(dc) = self
            .current_dc
            .and_then(|i| self.session.data_connections.get_mut(i))
        {
            dc.outcome = outcome;
            dc.reason.get_or_insert_with(|| text.to_string());
            dc.lines.push(line);
        }
    }

    fn finish(mut self) -> Session {
        self.flush_reply();
        self.session
    }
}

fn is_negotiation(verb: &str) -> bool {
    matches!(verb, "PASV" | "EPSV" | "LPSV" | "PORT" | "EPRT" | "LPRT")
}
