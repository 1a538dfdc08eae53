//! The FTP session, in order: who sends what when, and what each side decides from what actually
//! arrived (the packets' fate comes from [`super::packets`], the words from [`super::replies`] and
//! [`super::narration`]).

use super::super::model::{Attack, IpVersion, Mode, PasvIp, PortIp, ServerSite};
use super::super::step::*;
use super::{narration as say, replies, Cause, Story};
use crate::wire::{self, Endpoint, Kind};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

impl Story {
    pub(super) fn play(&mut self) {
        if !self.open_control() {
            return;
        }
        let srv = self.control.1;
        self.reply(replies::GREETING, say::greeting(srv));
        if self.s.tls {
            self.secure();
        }
        self.command(replies::USER, say::USER.into());
        self.reply(replies::USER_OK, say::USER_OK.into());
        self.command(replies::PASS, say::password(self.encrypted));
        self.reply(replies::PASS_OK, say::PASS_OK.into());
        self.command(replies::TYPE, say::TYPE.into());
        self.reply(replies::TYPE_OK, say::ACCEPTED.into());
        if self.s.mode.is_passive() {
            self.passive();
        } else {
            self.active();
        }
    }

    /// AUTH TLS, the handshake, PBSZ and PROT: from the handshake on, the control connection is
    /// encrypted.
    fn secure(&mut self) {
        self.command(replies::AUTH_TLS, say::AUTH_TLS.into());
        self.reply(replies::AUTH_OK, say::AUTH_OK.into());
        self.push(
            Node::Client,
            Node::Server,
            StepKind::Tls,
            Connection::Control,
            "TLS handshake".into(),
            None,
            say::TLS_HANDSHAKE.into(),
        );
        self.encrypted = true;
        self.command(replies::PBSZ, say::PBSZ.into());
        self.reply(replies::PBSZ_OK, say::ACCEPTED.into());
        self.command(replies::PROT, say::PROT.into());
        self.reply(replies::PROT_OK, say::PROT_OK.into());
    }

    // ---- passive mode ----------------------------------------------------------------------

    fn passive(&mut self) {
        let a = self.s.addresses;
        let epsv = matches!(self.s.mode, Mode::Epsv | Mode::EpsvAll);
        if self.s.mode == Mode::EpsvAll {
            self.command(replies::EPSV_ALL, say::EPSV_ALL.into());
            self.reply(replies::EPSV_ALL_OK, say::EPSV_ALL_OK.into());
        }
        let ask = replies::passive_request(epsv);
        if self
            .command(ask, say::passive_request(epsv).into())
            .is_none()
        {
            return self.lost();
        }
        let Some(port) = self.free_passive_port() else {
            return;
        };
        let Some(arrived) = self.passive_answer(epsv, port) else {
            return self.lost();
        };
        let Some(target) = self.read_passive_answer(&arrived, epsv) else {
            return;
        };
        let src = SocketAddr::new(self.net.client_addr, a.client_source_port);
        // Port stealing: a third host connects first.
        let stolen_first = self.s.attack == Attack::Steal && self.steal(port);
        let result = self.connect(Node::Client, src, target, Connection::Data, "The client");
        let (seen_src, seen_dst) = match result {
            Ok((_, s, d)) => (s, d),
            Err((at, why, failure)) => {
                let reason = format!("at the {at}: {why}");
                let cause = Cause::DataBlocked(at, why, failure);
                return self.fail(Some(src), Some(target), failure, reason, cause);
            }
        };
        self.command(replies::RETR, say::RETR.into());
        let (src, target) = (Some(src), Some(target));
        let control_peer = self.server_sees.map(|s| s.ip());
        if stolen_first {
            return self.serve_thief(src, target, control_peer);
        }
        if self.s.ip_check && control_peer.is_some_and(|p| p != seen_src.ip()) {
            self.reply(
                replies::BAD_IP,
                say::foreign_data(seen_src.ip(), control_peer),
            );
            let (reason, cause) = (
                say::FOREIGN_DATA_REASON.into(),
                Cause::Stolen { checked: true },
            );
            return self.fail(src, target, Failure::Rejected, reason, cause);
        }
        self.data = DataConnection {
            opened: true,
            from: src.map(|a| a.to_string()),
            to: target.map(|a| a.to_string()),
            failure: None,
            reason: format!("the server accepted it on {seen_dst}, from {seen_src}"),
        };
        self.transfer(Node::Server, Node::Client);
    }

    /// The passive port the server takes: the first free one of its range, or none (it says so).
    fn free_passive_port(&mut self) -> Option<u16> {
        let range = self.s.addresses.passive_range;
        let busy = self.s.busy_ports;
        if busy >= range.len() {
            self.reply(replies::NO_FREE_PORT, say::no_free_port(range, busy));
            let reason = say::no_free_port_reason(range, busy);
            self.fail(None, None, Failure::Rejected, reason, Cause::NoFreePort);
            return None;
        }
        Some(range.min + busy as u16)
    }

    /// The server listens on `port` and answers 229 or 227 with the address it knows. Returns the reply
    /// as it arrived at the client, or `None` when it was lost.
    fn passive_answer(&mut self, epsv: bool, port: u16) -> Option<String> {
        self.listening
            .push((Node::Server, SocketAddr::new(self.net.server_addr, port)));
        // What the server writes: its configured external address, or the address it has.
        let (text, endpoint, narration) = if epsv {
            let (text, endpoint) = replies::passive_answer(None, port);
            (text, endpoint, say::epsv_answer(port))
        } else {
            let (advertised, why) = match (self.s.ip, self.s.server) {
                (IpVersion::V6, _) => (
                    IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                    say::PASV_ON_IPV6.to_string(),
                ),
                (_, ServerSite::NatExternal) => {
                    let public = self.s.addresses.server_public;
                    (public, say::pasv_external(public, self.net.server_addr))
                }
                (_, ServerSite::Nat) => (
                    self.net.server_addr,
                    say::pasv_private(self.net.server_addr),
                ),
                _ => (self.net.server_addr, say::pasv_public(self.net.server_addr)),
            };
            let (text, endpoint) = replies::passive_answer(Some(advertised), port);
            (text, endpoint, say::pasv_answer(port, &why))
        };
        self.line(Node::Server, &text, Some(endpoint), narration)
    }

    /// How the client reads the 227/229 that arrived: where it will connect, or `None` when it cannot.
    fn read_passive_answer(&mut self, arrived: &str, epsv: bool) -> Option<SocketAddr> {
        let helper_note = self.steps.last().and_then(|s| s.helper.clone());
        // The client reads the reply as it arrived (possibly rewritten by a helper).
        let Some(got) = wire::decode(arrived).ok().and_then(|d| d.endpoint) else {
            let cause = Cause::ClientCannot("the reply did not decode".into());
            let reason = "the client could not read the reply".into();
            self.fail(None, None, Failure::Rejected, reason, cause);
            return None;
        };
        let control_ip = self.control.1.ip();
        let target_ip = match got.ip {
            None => control_ip,
            Some(_) if self.s.pasv_ip == PasvIp::Ignore => control_ip,
            Some(ip) => ip,
        };
        if !epsv {
            self.note_227_reading(got, control_ip, helper_note);
        }
        let target = SocketAddr::new(target_ip, got.port);
        let family_ok =
            target_ip.is_ipv4() == self.control.0.ip().is_ipv4() && !target_ip.is_unspecified();
        if !family_ok {
            let why = say::unusable_target(target_ip);
            self.note(Node::Client, say::cannot_use(target, &why));
            let cause = Cause::ClientCannot(why.clone());
            self.fail(None, Some(target), Failure::Rejected, why, cause);
            return None;
        }
        Some(target)
    }

    /// The client's reading of a 227's address, as a note step (and a note when a helper rewrote it).
    fn note_227_reading(
        &mut self,
        got: Endpoint,
        control_ip: IpAddr,
        helper: Option<HelperAction>,
    ) {
        let reading = match (got.ip, self.s.pasv_ip) {
            (Some(ip), PasvIp::Ignore) if ip != control_ip => {
                say::ignores_227(ip, control_ip, got.port)
            }
            (Some(ip), _) => say::follows_227(ip, got.port),
            _ => String::new(),
        };
        if helper.as_ref().is_some_and(|h| h.rewrote.is_some()) {
            self.notes.push(say::HELPER_REWROTE_227.into());
        }
        if !reading.is_empty() {
            self.note(Node::Client, reading);
        }
    }

    /// A third host races the client to the passive `port`. True when its connection got in.
    fn steal(&mut self, port: u16) -> bool {
        let a = self.s.addresses;
        let thief = SocketAddr::new(a.third_party, 40404);
        let public_target = SocketAddr::new(
            if self.net.server_edge.nat {
                a.server_public
            } else {
                self.net.server_addr
            },
            port,
        );
        self.notes.push(say::STEALING_WORKS.into());
        match self.connect(
            Node::ThirdParty,
            thief,
            public_target,
            Connection::Attack,
            say::THIEF,
        ) {
            Ok(_) => true,
            Err(_) => {
                self.notes.push(say::THIEF_BLOCKED.into());
                false
            }
        }
    }

    /// The server took the thief's connection first: refused by the address check, or served.
    fn serve_thief(
        &mut self,
        src: Option<SocketAddr>,
        target: Option<SocketAddr>,
        control_peer: Option<IpAddr>,
    ) {
        let thief = self.s.addresses.third_party;
        if self.s.ip_check {
            self.reply(replies::BAD_IP, say::thief_refused(thief, control_peer));
            let reason = say::thief_refused_reason(thief);
            let cause = Cause::Stolen { checked: true };
            return self.fail(src, target, Failure::Rejected, reason, cause);
        }
        self.reply(replies::OPENING, say::THIEF_SERVED.into());
        self.push(
            Node::Server,
            Node::ThirdParty,
            StepKind::Data,
            Connection::Attack,
            replies::FILE_WITH_SIZE.into(),
            None,
            say::FILE_TO_THIEF.into(),
        );
        self.reply(replies::COMPLETE, say::SERVER_BELIEVES.into());
        self.push(
            Node::Server,
            Node::Client,
            StepKind::Rst,
            Connection::Data,
            "RST".into(),
            None,
            say::CLIENT_RESET.into(),
        );
        let reason = say::thief_served_reason(thief);
        let cause = Cause::Stolen { checked: false };
        self.fail(src, target, Failure::Refused, reason, cause);
    }

    // ---- active mode -----------------------------------------------------------------------

    fn active(&mut self) {
        let a = self.s.addresses;
        let kind = if self.s.mode == Mode::Port {
            Kind::Port
        } else {
            Kind::Eprt
        };
        let bounce = self.s.attack == Attack::Bounce;
        // The client writes the address it has, unless told its public one (`port-ip=external`).
        let external =
            self.s.port_ip == PortIp::External && a.client_public != self.net.client_addr;
        let (ip, port) = if bounce {
            (a.third_party, a.bounce_port)
        } else if external {
            (a.client_public, a.client_data_port)
        } else {
            (self.net.client_addr, a.client_data_port)
        };
        let text = match replies::active_request(kind, ip, port) {
            Ok(t) => t,
            Err(e) => {
                let why = format!("the client cannot write this command: {}", e.message);
                self.note(Node::Client, say::cannot_write(&why));
                let cause = Cause::ClientCannot(why.clone());
                return self.fail(None, None, Failure::Rejected, why, cause);
            }
        };
        // The client listens on its port; in the bounce, a mail server listens on the third host.
        let listener = if bounce {
            Node::ThirdParty
        } else {
            Node::Client
        };
        let own = if bounce { ip } else { self.net.client_addr };
        self.listening.push((listener, SocketAddr::new(own, port)));
        let narration = if bounce {
            say::bounce_request(&text, ip, port)
        } else if kind == Kind::Port {
            say::port_request(port, ip, own, external)
        } else {
            say::eprt_request(port, ip, external)
        };
        let endpoint = Endpoint { ip: Some(ip), port };
        let Some(arrived) = self.line(Node::Client, &text, Some(endpoint), narration) else {
            return self.lost();
        };
        let Some(got) = wire::decode(&arrived).ok().and_then(|d| d.endpoint) else {
            return;
        };
        let target = SocketAddr::new(got.ip.unwrap_or(ip), got.port);
        if !self.port_allowed(kind, target) {
            return;
        }
        self.reply(replies::accepted(kind), say::port_accepted(target));
        self.command(replies::RETR, say::RETR_ACTIVE.into());
        self.connect_back(target, bounce);
    }

    /// The server's address check on PORT/EPRT (when on): the address must be the control
    /// connection's and the port 1024 or above. False when it refused (and said so).
    fn port_allowed(&mut self, kind: Kind, target: SocketAddr) -> bool {
        let peer = self.server_sees.map(|s| s.ip());
        let foreign = peer.is_some_and(|p| p != target.ip());
        if !self.s.ip_check || !(foreign || target.port() < 1024) {
            return true;
        }
        let why = if foreign {
            say::foreign_port(target.ip(), peer)
        } else {
            say::privileged_port(target.port())
        };
        self.reply(replies::illegal(kind), say::port_refused(&why));
        let command = kind.as_str().to_ascii_uppercase();
        let reason = format!("the server refused the {command}: {why}");
        self.fail(
            None,
            Some(target),
            Failure::Rejected,
            reason,
            Cause::IllegalPort,
        );
        false
    }

    /// The server connects to `target` from the port below its control port, then transfers (or, in
    /// the bounce, types the file into the third host).
    fn connect_back(&mut self, target: SocketAddr, bounce: bool) {
        let a = self.s.addresses;
        let src = SocketAddr::new(
            self.net.server_addr,
            a.control_port.saturating_sub(1).max(1),
        );
        match self.connect(Node::Server, src, target, Connection::Data, "The server") {
            Ok((at, seen_src, _)) => {
                self.data = DataConnection {
                    opened: true,
                    from: Some(src.to_string()),
                    to: Some(target.to_string()),
                    failure: None,
                    reason: format!("the {at} accepted it, from {seen_src}"),
                };
                if bounce {
                    return self.bounced(target);
                }
                self.transfer(Node::Server, at);
            }
            Err((at, why, failure)) => {
                self.reply(replies::NO_CONNECTION, say::no_connection(target));
                let reason = format!("at the {at}: {why}");
                let cause = Cause::DataBlocked(at, why, failure);
                self.fail(Some(src), Some(target), failure, reason, cause);
            }
        }
    }

    /// The bounce: the file goes to the third host.
    fn bounced(&mut self, target: SocketAddr) {
        self.reply(replies::OPENING, say::BOUNCE_CONNECTED.into());
        self.push(
            Node::Server,
            Node::ThirdParty,
            StepKind::Data,
            Connection::Data,
            replies::FILE_WITH_SIZE.into(),
            None,
            say::bounce_data(target),
        );
        self.reply(replies::COMPLETE, say::BOUNCE_SUCCESS.into());
        self.cause = Cause::Bounced;
    }

    // ---- the transfer ----------------------------------------------------------------------

    /// 150, the file, 226, QUIT: with an idle timeout shorter than the transfer, the 226 is lost.
    fn transfer(&mut self, from: Node, to: Node) {
        self.reply(replies::OPENING, say::TRANSFER_STARTS.into());
        let secs = self.s.transfer_seconds;
        self.push(
            from,
            to,
            StepKind::Data,
            Connection::Data,
            replies::FILE.into(),
            None,
            say::file_flows(secs, self.s.tls),
        );
        let idle = self.s.idle_timeout;
        if idle > 0 && secs > idle {
            self.forget_idle_control(secs, idle);
        }
        if self
            .reply(replies::COMPLETE, say::COMPLETE.into())
            .is_none()
        {
            let at = self.steps.last().map_or(Node::ServerEdge, |s| s.reached);
            self.push(
                Node::Client,
                Node::Client,
                StepKind::Timeout,
                Connection::Control,
                "timeout".into(),
                None,
                say::STUCK.into(),
            );
            self.data.reason = format!(
                "{}; but the final 226 was lost at the {at}",
                self.data.reason
            );
            self.cause = Cause::Stalled(at);
            return;
        }
        self.command(replies::QUIT, say::QUIT.into());
        self.reply(replies::GOODBYE, say::GOODBYE.into());
    }

    /// The devices on the control connection's path forget it while it idles during the transfer.
    fn forget_idle_control(&mut self, secs: u32, idle: u32) {
        let devices: Vec<Node> = [Node::ClientEdge, Node::ServerEdge]
            .into_iter()
            .filter(|n| self.net.on_control_path(*n))
            .collect();
        if !devices.is_empty() {
            self.net.expire("control");
            self.note(devices[0], say::idle_expired(secs, idle, &devices));
        }
    }
}
