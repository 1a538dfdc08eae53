//! The session built from a log's entries: commands paired with their (multi-line) replies, TLS noted,
//! and the client's messages kept as events. What happens to each data connection is [`super::data`]'s.

use super::entry::Entry;
use super::format::Format;
use super::session::{Command, Event, Exchange, Outcome, Reply, Session};
use crate::wire::reply::starts_with_code;

/// A session being built, one entry at a time.
pub(super) struct Builder {
    pub(super) session: Session,
    /// A multi-line reply being collected: code, lines so far.
    open_reply: Option<(u16, Vec<(usize, String)>)>,
    /// Index of the data connection still waiting for its outcome.
    pub(super) current_dc: Option<usize>,
    pub(super) seen_reply: bool,
}

impl Builder {
    pub(super) fn new(format: Format, given: bool) -> Self {
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

    /// Is a multi-line reply being collected?
    pub(super) fn in_reply(&self) -> bool {
        self.open_reply.is_some()
    }

    pub(super) fn feed(&mut self, line: usize, entry: Entry) {
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
                self.replaced_address(line, used);
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
                self.note_line(line);
                self.session.events.push(Event::ClientError { line, text });
            }
            Entry::Tls(_) => self.session.tls = true,
            Entry::Info(_) | Entry::Unknown(_) | Entry::Blank => {}
        }
    }

    fn command(&mut self, line: usize, text: String) {
        self.flush_reply();
        let verb = text.split(' ').next().unwrap_or("").to_ascii_uppercase();
        self.transfer_command(line, &verb, &text);
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
        if slot.is_none_or(|i| i + 1 != self.session.exchanges.len()) && self.echo(&reply) {
            return;
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

    /// Is this reply the previous one printed again on the next line? Then the previous one takes its
    /// lines.
    fn echo(&mut self, reply: &Reply) -> bool {
        let Some(prev) = self
            .session
            .exchanges
            .last_mut()
            .and_then(|e| e.reply.as_mut())
        else {
            return false;
        };
        if prev.text == reply.text && prev.lines.last().is_some_and(|&l| l + 1 == reply.lines[0]) {
            prev.lines.extend(&reply.lines);
            return true;
        }
        false
    }

    /// A reply has been paired: TLS, the endpoint it (or its command) carries, and the transfer it
    /// settles.
    fn after_reply(&mut self, index: usize) {
        let ex = &self.session.exchanges[index];
        let Some(reply) = ex.reply.clone() else {
            return;
        };
        // TLS on the control connection.
        if ex.verb() == Some("AUTH") && reply.code == 234 {
            self.session.tls = true;
        }
        self.decode_endpoint(index, &reply);
        self.settle_transfer(index, &reply);
    }

    pub(super) fn finish(mut self) -> Session {
        self.flush_reply();
        self.session
    }
}

fn is_negotiation(verb: &str) -> bool {
    matches!(verb, "PASV" | "EPSV" | "LPSV" | "PORT" | "EPRT" | "LPRT")
}
