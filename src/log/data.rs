//! Data connections followed through a log: opened by a negotiation the core decodes (a passive reply, or
//! an accepted PORT/EPRT/LPRT), then told where the client connected, which transfer used it, and how it
//! ended — by the client's messages and the transfer's replies.

use super::builder::Builder;
use super::entry::Destination;
use super::session::{Address, DataConnection, Decoding, Mode, Outcome, Peer, Reply};
use crate::clients::decode_with;
use crate::wire::{Context, Decoded, Kind};
use std::net::IpAddr;

const TRANSFER_VERBS: &[&str] = &["LIST", "NLST", "MLSD", "RETR", "STOR", "STOU", "APPE"];

impl Builder {
    /// The data connection still waiting for its outcome.
    fn current_dc_mut(&mut self) -> Option<&mut DataConnection> {
        self.current_dc
            .and_then(|i| self.session.data_connections.get_mut(i))
    }

    /// The endpoint in a passive reply (whatever command it answers) or an active command: decoded and
    /// kept on the exchange; a usable one opens a data connection.
    pub(super) fn decode_endpoint(&mut self, index: usize, reply: &Reply) {
        let ctx = Context {
            control_peer: self.session.control.as_ref().and_then(|c| c.ip),
        };
        let ex = &self.session.exchanges[index];
        let passive_reply = matches!(reply.code, 227..=229);
        let active_command = matches!(ex.verb(), Some("PORT" | "EPRT" | "LPRT"));
        let decoding = if passive_reply {
            Some(decode_with(&reply.text, &ctx))
        } else if active_command {
            ex.command.as_ref().map(|c| decode_with(&c.text, &ctx))
        } else {
            None
        };
        let Some(result) = decoding else {
            return;
        };
        let ok = result.as_ref().ok().cloned();
        self.session.exchanges[index].decoding = Some(match result {
            Ok(d) => Decoding::Decoded(Box::new(d)),
            Err(e) => Decoding::Error(e),
        });
        let accepted = !active_command || reply.code < 300;
        if let (Some(d), true) = (ok, accepted) {
            if d.endpoint.is_some() || d.kind == Kind::Epsv {
                self.open_dc(index, &d);
            }
        }
    }

    /// The transfer's own replies settle the current data connection.
    pub(super) fn settle_transfer(&mut self, index: usize, reply: &Reply) {
        let Some(dc) = self.current_dc_mut() else {
            return;
        };
        if dc.transfer.is_none() || index <= dc.exchange {
            return;
        }
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

    /// A transfer command (`LIST`, `RETR x`…) uses the current data connection, if none did yet.
    pub(super) fn transfer_command(&mut self, line: usize, verb: &str, text: &str) {
        if !TRANSFER_VERBS.contains(&verb) {
            return;
        }
        if let Some(dc) = self.current_dc_mut() {
            if dc.transfer.is_none() {
                dc.transfer = Some(text.to_string());
                dc.lines.push(line);
                if dc.outcome == Outcome::NotAttempted {
                    dc.outcome = Outcome::Unknown;
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

    pub(super) fn close_dc(&mut self) {
        self.current_dc = None;
    }

    /// "Connecting to…", "Connected to…": the control connection's peer before any reply, else where a
    /// passive data connection went.
    pub(super) fn connecting(&mut self, line: usize, t: Destination) {
        // Before any reply, a connection is the control connection.
        if !self.seen_reply && !self.in_reply() {
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
        if let Some(dc) = self.current_dc_mut() {
            if dc.mode == Mode::Passive && (t.ip.is_some() || t.port.is_some()) {
                dc.used = Some(Address {
                    ip: t.ip.or(dc.used.as_ref().and_then(|u| u.ip)),
                    port: t.port.or(dc.advertised.port),
                });
                dc.lines.push(line);
            }
        }
    }

    /// The client says the current data connection timed out or was refused.
    pub(super) fn fail_dc(&mut self, line: usize, outcome: Outcome, text: &str) {
        if let Some(dc) = self.current_dc_mut() {
            dc.outcome = outcome;
            dc.reason.get_or_insert_with(|| text.to_string());
            dc.lines.push(line);
        }
    }

    /// The client says it connected elsewhere than the reply advertised.
    pub(super) fn replaced_address(&mut self, line: usize, used: Option<IpAddr>) {
        if let Some(dc) = self.current_dc_mut() {
            dc.lines.push(line);
            if let Some(ip) = used {
                dc.used = Some(Address {
                    ip: Some(ip),
                    port: dc.advertised.port,
                });
            }
        }
    }

    /// A client message about the current data connection: one of its lines.
    pub(super) fn note_line(&mut self, line: usize) {
        if let Some(dc) = self.current_dc_mut() {
            dc.lines.push(line);
        }
    }
}
