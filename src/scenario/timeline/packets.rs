//! The packet simulation: each packet of the session is sent over the [`super::Network`] and recorded
//! as a step with what happened to it on every leg. Whether a line arrives, whether a connection opens,
//! and the addresses each side sees come from here, never from a script.

use super::super::network::{End, Packet};
use super::super::step::*;
use super::{narration, Story};
use crate::wire::{self, Endpoint};
use std::net::SocketAddr;

fn packet(src: SocketAddr, dst: SocketAddr, syn: bool, what: &'static str) -> Packet {
    Packet {
        src,
        dst,
        syn,
        what,
    }
}

/// A data connection as the receiving host sees it: (that host, the source, the destination).
pub(super) type Accepted = (Node, SocketAddr, SocketAddr);
/// A data connection that did not open: where, why, and how it looked to the sender.
pub(super) type Refused = (Node, String, Failure);

impl Story {
    /// The control connection's SYN and SYN-ACK. False when it did not open.
    pub(super) fn open_control(&mut self) -> bool {
        let (c, srv) = self.control;
        let w = self.net.send(Node::Client, packet(c, srv, true, "control"));
        let end = w.end.clone();
        let narration = match &end {
            End::Delivered(..) => {
                narration::control_syn(c, srv.port(), &narration::nat_story(&w.translations))
            }
            End::Dropped(n, why) | End::Reset(n, why) => narration::control_syn_stopped(*n, why),
        };
        self.push(
            Node::Client,
            Node::Server,
            StepKind::Syn,
            Connection::Control,
            "SYN".into(),
            Some(w),
            narration,
        );
        let End::Delivered(_, seen_src, seen_dst) = end else {
            self.cause = super::Cause::NoControl("the control connection did not open".into());
            return false;
        };
        self.server_sees = Some(seen_src);
        let back = self
            .net
            .send(Node::Server, packet(seen_dst, seen_src, false, "control"));
        let narration = narration::control_accepted(seen_src, self.control.0.ip());
        self.push(
            Node::Server,
            Node::Client,
            StepKind::SynAck,
            Connection::Control,
            "SYN-ACK".into(),
            Some(back),
            narration,
        );
        true
    }

    /// One line on the control connection. Returns the line as it arrived (an FTP helper may have
    /// rewritten it), or `None` when it was lost.
    pub(super) fn line(
        &mut self,
        from: Node,
        text: &str,
        endpoint: Option<Endpoint>,
        narration: String,
    ) -> Option<String> {
        let (src, dst, to, kind) = match from {
            Node::Client => (
                self.control.0,
                self.control.1,
                Node::Server,
                StepKind::Command,
            ),
            _ => {
                let c = self.server_sees.unwrap_or(self.control.0);
                let srv = SocketAddr::new(self.net.server_addr, self.s.addresses.control_port);
                (srv, c, Node::Client, StepKind::Reply)
            }
        };
        let w = self.net.send(from, packet(src, dst, false, "control"));
        let lost = match &w.end {
            End::Delivered(..) => None,
            End::Dropped(n, why) | End::Reset(n, why) => Some((*n, why.clone())),
        };
        let edges: Vec<Node> = w
            .hops
            .iter()
            .map(|h| h.to)
            .filter(|n| matches!(n, Node::ClientEdge | Node::ServerEdge))
            .collect();
        let narration = match &lost {
            Some((n, why)) => narration::never_arrives(&narration, *n, why),
            None => narration,
        };
        let i = self.push(
            from,
            to,
            kind,
            Connection::Control,
            text.to_string(),
            Some(w),
            narration,
        );
        self.steps[i].bytes = Some(format!("{text}\r\n"));
        if let Some(e) = endpoint {
            self.steps[i].endpoint = Some(e);
            self.steps[i].decoded = wire::decode(text).ok().map(|d| DecodedLine {
                kind: d.kind,
                endpoint: d.endpoint,
                summary: d.summary,
            });
        }
        if let Some((n, why)) = &lost {
            self.dropped(*n, Connection::Control, why);
            return None;
        }
        Some(self.through_helpers(i, from, text, &edges))
    }

    /// The line of step `i` as the FTP helpers on `edges` pass it on; the first helper's action is
    /// shown on the step.
    fn through_helpers(&mut self, i: usize, from: Node, text: &str, edges: &[Node]) -> String {
        let mut arrived = text.to_string();
        for &edge in edges {
            if let Some(action) = self.helper(edge, from, &arrived) {
                if let Some((_, after)) = &action.rewrote {
                    arrived = after.clone();
                }
                // One helper action per step is shown; a second edge rewriting too is rare (both NATs).
                if self.steps[i].helper.is_none() {
                    self.steps[i].helper = Some(action);
                }
            }
        }
        arrived
    }

    pub(super) fn command(&mut self, text: &str, narration: String) -> Option<String> {
        self.line(Node::Client, text, None, narration)
    }

    pub(super) fn reply(&mut self, text: &str, narration: String) -> Option<String> {
        self.line(Node::Server, text, None, narration)
    }

    /// A data-connection SYN from `host` (as `src`) to `dst`; on success the SYN-ACK, too. Returns the
    /// addresses as the receiving host sees them, or the failure.
    pub(super) fn connect(
        &mut self,
        host: Node,
        src: SocketAddr,
        dst: SocketAddr,
        conn: Connection,
        who: &str,
    ) -> Result<Accepted, Refused> {
        let what = if conn == Connection::Attack {
            "attack"
        } else {
            "data"
        };
        let w = self.net.send(host, packet(src, dst, true, what));
        let end = w.end.clone();
        let to = match &end {
            End::Delivered(n, ..) => *n,
            _ => self.intended(dst),
        };
        let syn = narration::data_syn(who, src, dst, &narration::nat_story(&w.translations));
        let narration = match &end {
            End::Delivered(..) => syn,
            End::Dropped(at, _) => narration::not_past(&syn, *at),
            End::Reset(at, why) => narration::reset_at(&syn, *at, why),
        };
        self.push(
            host,
            to,
            StepKind::Syn,
            conn,
            "SYN".into(),
            Some(w),
            narration,
        );
        match end {
            End::Delivered(at, seen_src, seen_dst) => {
                self.answer_syn(host, at, seen_src, seen_dst, conn, what)
            }
            End::Dropped(at, why) => {
                self.dropped(at, conn, &why);
                let timeout = narration::connect_timeout(host);
                self.push(
                    host,
                    host,
                    StepKind::Timeout,
                    conn,
                    "timeout".into(),
                    None,
                    timeout,
                );
                Err((at, why, Failure::Timeout))
            }
            End::Reset(at, why) => {
                let rst = narration::device_resets(at);
                self.push(at, host, StepKind::Rst, conn, "RST".into(), None, rst);
                Err((at, why, Failure::Refused))
            }
        }
    }

    /// The host `at` answers a SYN that reached it: SYN-ACK when something listens there, else a reset.
    fn answer_syn(
        &mut self,
        host: Node,
        at: Node,
        seen_src: SocketAddr,
        seen_dst: SocketAddr,
        conn: Connection,
        what: &'static str,
    ) -> Result<Accepted, Refused> {
        let listening = self
            .listening
            .iter()
            .any(|(n, a)| *n == at && *a == seen_dst);
        if !listening {
            let why = narration::nothing_listens(seen_dst);
            let rst = narration::host_refuses(at, &why);
            self.push(at, host, StepKind::Rst, conn, "RST".into(), None, rst);
            return Err((at, why, Failure::Refused));
        }
        let back = self.net.send(at, packet(seen_dst, seen_src, false, what));
        let accepted = narration::data_accepted(at, seen_dst, seen_src);
        self.push(
            at,
            host,
            StepKind::SynAck,
            conn,
            "SYN-ACK".into(),
            Some(back),
            accepted,
        );
        Ok((at, seen_src, seen_dst))
    }

    /// The host an address was meant for, for drawing a lost packet's arrow.
    fn intended(&self, dst: SocketAddr) -> Node {
        let ip = dst.ip();
        if ip == self.net.third_party {
            Node::ThirdParty
        } else if ip == self.net.client_addr || ip == self.s.addresses.client_public {
            Node::Client
        } else {
            Node::Server
        }
    }
}
