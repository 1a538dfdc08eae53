//! The engine: from a [`Scenario`] to a [`Timeline`]. Nothing here is scripted per case: the session
//! is played message by message over the [`Network`], and the outcome is whatever happens to the packets.
//! Every FTP line that carries an endpoint is written by [`crate::wire::encode`] and read back by
//! [`crate::wire::decode`]; the server's other lines are vsftpd 3.0's.

use super::model::{
    Attack, Blocked, ClientSite, IpVersion, Mode, PasvIp, PortIp, Scenario, ServerSite,
};
use super::network::{End, Network, Packet, Walk};
use super::step::*;
use crate::base::plural;
use crate::wire::{self, Endpoint, Kind};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Play the scenario and return its timeline.
pub fn timeline(scenario: &Scenario) -> Timeline {
    let mut story = Story::new(*scenario);
    story.play();
    story.finish()
}

/// Why the story ended where it did: decides the summary and the fixes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Cause {
    Works,
    /// The control connection itself did not open (cannot happen with the knobs offered; kept honest).
    NoControl(String),
    /// The client cannot write PORT/EPRT for its address family, or use the 227's address.
    ClientCannot(String),
    /// The server refused PORT/EPRT (its address check).
    IllegalPort,
    /// The server found no free passive port.
    NoFreePort,
    /// The data connection's SYN went nowhere / was reset, stopped at this node for this reason.
    DataBlocked(Node, String, Failure),
    /// The server saw a foreign address on the passive port first.
    Stolen {
        checked: bool,
    },
    /// The final reply was lost because a device forgot the idle control connection.
    Stalled(Node),
    /// The bounce went through.
    Bounced,
}

struct Story {
    s: Scenario,
    net: Network,
    steps: Vec<Step>,
    encrypted: bool,
    notes: Vec<String>,
    /// The control connection as the client sees it: (client's own end, the server's end).
    control: (SocketAddr, SocketAddr),
    /// The client's address as the server sees it on the control connection.
    server_sees: Option<SocketAddr>,
    /// Endpoints with a listening socket.
    listening: Vec<(Node, SocketAddr)>,
    data: DataConnection,
    cause: Cause,
}

fn ep(ip: Option<IpAddr>, port: u16) -> Endpoint {
    Endpoint { ip, port }
}

impl Story {
    fn new(s: Scenario) -> Story {
        let net = Network::new(&s);
        let a = &s.addresses;
        let server_for_client = if s.client == ClientSite::Lan {
            net.server_addr
        } else {
            a.server_public
        };
        let control = (
            SocketAddr::new(net.client_addr, a.client_control_port),
            SocketAddr::new(server_for_client, a.control_port),
        );
        Story {
            s,
            net,
            steps: Vec::new(),
            encrypted: false,
            notes: Vec::new(),
            control,
            server_sees: None,
            listening: Vec::new(),
            data: DataConnection {
                opened: false,
                from: None,
                to: None,
                failure: None,
                reason: String::new(),
            },
            cause: Cause::Works,
        }
    }

    // ---- recording -------------------------------------------------------------------------

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        from: Node,
        to: Node,
        kind: StepKind,
        connection: Connection,
        text: String,
        walk: Option<Walk>,
        narration: String,
    ) -> usize {
        let (hops, verdicts, translations, reached, delivered) = match walk {
            Some(w) => {
                let reached = w.reached();
                let delivered = matches!(w.end, End::Delivered(..));
                (w.hops, w.verdicts, w.translations, reached, delivered)
            }
            None => (Vec::new(), Vec::new(), Vec::new(), to, true),
        };
        self.steps.push(Step {
            number: self.steps.len() + 1,
            from,
            to,
            kind,
            connection,
            text,
            bytes: None,
            endpoint: None,
            decoded: None,
            hops,
            reached,
            delivered,
            verdicts,
            translations,
            helper: None,
            encrypted: self.encrypted && connection == Connection::Control,
            narration,
        });
        self.steps.len() - 1
    }

    /// A packet discarded at `at`: its own step (kind `drop`), right after the packet's.
    fn dropped(&mut self, at: Node, connection: Connection, why: &str) {
        self.push(
            at,
            at,
            StepKind::Drop,
            connection,
            "DROP".into(),
            None,
            format!("The {at} discards the packet and sends nothing back: {why}."),
        );
    }

    fn note(&mut self, at: Node, narration: String) {
        self.push(
            at,
            at,
            StepKind::Note,
            Connection::Control,
            String::new(),
            None,
            narration,
        );
    }

    // ---- the control connection -----------------------------------------------------------

    fn packet(src: SocketAddr, dst: SocketAddr, syn: bool, what: &'static str) -> Packet {
        Packet {
            src,
            dst,
            syn,
            what,
        }
    }

    fn open_control(&mut self) -> bool {
        let (c, srv) = self.control;
        let w = self
            .net
            .send(Node::Client, Self::packet(c, srv, true, "control"));
        let end = w.end.clone();
        let narration = match &end {
            End::Delivered(..) => format!(
                "The client opens the control connection: a TCP SYN from {c} to the server's port {}.{}",
                srv.port(),
                self.nat_story(&w)
            ),
            End::Dropped(n, why) | End::Reset(n, why) => format!("The control connection's SYN stops at the {n}: {why}."),
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
            self.cause = Cause::NoControl("the control connection did not open".into());
            return false;
        };
        self.server_sees = Some(seen_src);
        let back = self.net.send(
            Node::Server,
            Self::packet(seen_dst, seen_src, false, "control"),
        );
        let narration = format!(
            "The server accepts: SYN-ACK, then the client's ACK. The server sees the client as {seen_src}{}",
            if seen_src.ip() == self.control.0.ip() {
                ".".to_string()
            } else {
                format!(", not {}: that is the NAT's work.", self.control.0.ip())
            }
        );
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
    fn line(
        &mut self,
        from: Node,
        text: &str,
        endpoint: Option<Endpoint>,
        narration: String,
    ) -> Option<String> {
        let (src, dst) = match from {
            Node::Client => (self.control.0, self.control.1),
            _ => {
                let c = self.server_sees.unwrap_or(self.control.0);
                let srv = SocketAddr::new(self.net.server_addr, self.s.addresses.control_port);
                (srv, c)
            }
        };
        let to = if from == Node::Client {
            Node::Server
        } else {
            Node::Client
        };
        let w = self
            .net
            .send(from, Self::packet(src, dst, false, "control"));
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
        let kind = if from == Node::Client {
            StepKind::Command
        } else {
            StepKind::Reply
        };
        let mut narration = narration;
        if let Some((n, why)) = &lost {
            narration = format!("{narration} But it never arrives: at the {n}, {why}.");
        }
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
        }
        lost.is_none().then_some(())?;
        let mut arrived = text.to_string();
        for edge in edges {
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
        Some(arrived)
    }

    fn command(&mut self, text: &str, narration: String) -> Option<String> {
        self.line(Node::Client, text, None, narration)
    }

    fn reply(&mut self, text: &str, narration: String) -> Option<String> {
        self.line(Node::Server, text, None, narration)
    }

    /// What an FTP helper on `edge` does with a control line travelling from `from`.
    fn helper(&mut self, edge: Node, from: Node, line: &str) -> Option<HelperAction> {
        let e = if edge == Node::ClientEdge {
            &self.net.client_edge
        } else {
            &self.net.server_edge
        };
        if !e.helper {
            return None;
        }
        let (nat, public) = (e.nat, e.public);
        let d = wire::decode(line).ok()?;
        let endpoint = d.endpoint?;
        // Only the side whose host listens matters: the client's edge for PORT/EPRT, the server's for 227/229.
        let ours = (from == Node::Client && edge == Node::ClientEdge && !d.kind.is_passive())
            || (from == Node::Server && edge == Node::ServerEdge && d.kind.is_passive());
        if !ours {
            return None;
        }
        if self.encrypted {
            return Some(HelperAction {
                device: edge,
                rewrote: None,
                expects: None,
                blind: true,
                note: format!(
                    "The FTP helper on the {edge} sees only TLS ciphertext: it cannot read this {}, so it neither rewrites it nor opens the port.",
                    if d.kind.is_passive() { "reply" } else { "command" }
                ),
            });
        }
        // nf_conntrack_ftp records (and nf_nat_ftp rewrites) only an address equal to the sender's own
        // on this connection: anything else is ignored ("NOT RECORDING"), which also keeps a helper from
        // opening the way for a bounce.
        let sender = if from == Node::Client {
            self.net.client_addr
        } else {
            self.net.server_addr
        };
        if endpoint.ip.is_some_and(|ip| ip != sender) {
            return Some(HelperAction {
                device: edge,
                rewrote: None,
                expects: None,
                blind: false,
                note: format!(
                    "The FTP helper on the {edge} reads the line but ignores it: the address in it is not the sender's own ({sender}), and Linux's nf_conntrack_ftp neither opens nor rewrites anything for such a line."
                ),
            });
        }
        let inside_ip = endpoint.ip.unwrap_or(e.inside_host);
        let inside = SocketAddr::new(
            if d.kind == Kind::Epsv {
                e.inside_host
            } else {
                inside_ip
            },
            endpoint.port,
        );
        let outside_ip = if nat { public } else { inside.ip() };
        let outside = SocketAddr::new(outside_ip, endpoint.port);
        let peer = if edge == Node::ClientEdge {
            self.control.1.ip()
        } else {
            self.server_sees.map_or(self.control.0.ip(), |s| s.ip())
        };
        let mut rewrote = None;
        if nat
            && matches!(d.kind, Kind::Pasv | Kind::Port | Kind::Eprt)
            && endpoint.ip != Some(public)
        {
            if let Ok(after) = wire::encode(d.kind, Some(public), endpoint.port) {
                rewrote = Some((line.to_string(), after));
            }
        }
        self.net.expect(edge, peer, outside, inside);
        let note = match &rewrote {
            Some((_, after)) => format!(
                "The FTP helper on the {edge} reads the cleartext line, writes its own outside address into it (\"{after}\") and expects a connection from {peer} to {outside}, which it will let in and send to {inside}."
            ),
            None => format!(
                "The FTP helper on the {edge} reads the cleartext line and expects a connection from {peer} to {outside}: it will let it in (conntrack RELATED){}.",
                if outside == inside { String::new() } else { format!(" and send it to {inside}") }
            ),
        };
        Some(HelperAction {
            device: edge,
            expects: Some(format!("{peer} → {outside}")),
            rewrote,
            blind: false,
            note,
        })
    }

    fn nat_story(&self, w: &Walk) -> String {
        w.translations
            .iter()
            .map(|t| {
                format!(
                    " The {} rewrites it: {} becomes {} ({}).",
                    t.device, t.before, t.after, t.why
                )
            })
            .collect()
    }

    // ---- the data connection ---------------------------------------------------------------

    /// A data-connection SYN from `host` (as `src`) to `dst`; on success the SYN-ACK, too. Returns the
    /// addresses as the receiving host sees them, or the failure.
    fn connect(
        &mut self,
        host: Node,
        src: SocketAddr,
        dst: SocketAddr,
        conn: Connection,
        who: &str,
    ) -> Result<(Node, SocketAddr, SocketAddr), (Node, String, Failure)> {
        let what = if conn == Connection::Attack {
            "attack"
        } else {
            "data"
        };
        let w = self.net.send(host, Self::packet(src, dst, true, what));
        let end = w.end.clone();
        let to = match &end {
            End::Delivered(n, ..) => *n,
            _ => self.intended(dst),
        };
        let story = self.nat_story(&w);
        match end {
            End::Delivered(at, seen_src, seen_dst) => {
                let listening = self
                    .listening
                    .iter()
                    .any(|(n, a)| *n == at && *a == seen_dst);
                let narration =
                    format!("{who} opens the data connection: a SYN from {src} to {dst}.{story}");
                self.push(
                    host,
                    at,
                    StepKind::Syn,
                    conn,
                    "SYN".into(),
                    Some(w),
                    narration,
                );
                if !listening {
                    let why = format!(
                        "nothing listens on {seen_dst}, so its TCP stack answers with a reset"
                    );
                    self.push(
                        at,
                        host,
                        StepKind::Rst,
                        conn,
                        "RST".into(),
                        None,
                        format!("The {at} refuses: {why} (\"connection refused\")."),
                    );
                    return Err((at, why, Failure::Refused));
                }
                let back = self
                    .net
                    .send(at, Self::packet(seen_dst, seen_src, false, what));
                self.push(at, host, StepKind::SynAck, conn, "SYN-ACK".into(), Some(back), format!("The {at} accepts on {seen_dst}: SYN-ACK, ACK. It sees the connection coming from {seen_src}."));
                Ok((at, seen_src, seen_dst))
            }
            End::Dropped(at, why) => {
                let narration = format!("{who} opens the data connection: a SYN from {src} to {dst}.{story} It does not get past the {at}.");
                self.push(
                    host,
                    to,
                    StepKind::Syn,
                    conn,
                    "SYN".into(),
                    Some(w),
                    narration,
                );
                self.dropped(at, conn, &why);
                self.push(host, host, StepKind::Timeout, conn, "timeout".into(), None, format!("No answer ever comes. The {host} resends the SYN a few times (after 1 s, 3 s, 7 s…) and gives up when its connect timeout runs out: \"connection timed out\"."));
                Err((at, why, Failure::Timeout))
            }
            End::Reset(at, why) => {
                let narration = format!("{who} opens the data connection: a SYN from {src} to {dst}.{story} At the {at}: {why}.");
                self.push(
                    host,
                    to,
                    StepKind::Syn,
                    conn,
                    "SYN".into(),
                    Some(w),
                    narration,
                );
                self.push(
                    at,
                    host,
                    StepKind::Rst,
                    conn,
                    "RST".into(),
                    None,
                    format!("The {at} answers with a TCP reset: \"connection refused\", at once."),
                );
                Err((at, why, Failure::Refused))
            }
        }
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

    /// A control line was lost before the data connection (no knob does this today; kept honest).
    fn lost(&mut self) {
        self.cause = Cause::NoControl("a control-connection message was lost".into());
    }

    fn fail(
        &mut self,
        from: Option<SocketAddr>,
        to: Option<SocketAddr>,
        failure: Failure,
        reason: String,
        cause: Cause,
    ) {
        self.data = DataConnection {
            opened: false,
            from: from.map(|a| a.to_string()),
            to: to.map(|a| a.to_string()),
            failure: Some(failure),
            reason,
        };
        self.cause = cause;
    }

    // ---- the session -----------------------------------------------------------------------

    fn play(&mut self) {
        if !self.open_control() {
            return;
        }
        let srv = self.control.1;
        self.reply("220 (vsFTPd 3.0.5)", format!("The server greets: reply code 220, \"service ready\". The client reached it at {srv}."));
        if self.s.tls {
            self.command(
                "AUTH TLS",
                "The client asks for TLS on the control connection (explicit FTPS, RFC 4217)."
                    .into(),
            );
            self.reply(
                "234 Proceed with negotiation.",
                "The server agrees: from the next packet on, the control connection is encrypted."
                    .into(),
            );
            self.push(Node::Client, Node::Server, StepKind::Tls, Connection::Control, "TLS handshake".into(), None,
                "The TLS handshake. Every router and firewall in between now sees only ciphertext: no FTP helper can read PASV replies or PORT commands any more.".into());
            self.encrypted = true;
            self.command(
                "PBSZ 0",
                "Required before PROT (RFC 4217); 0 for TLS.".into(),
            );
            self.reply("200 PBSZ set to 0.", "Accepted.".into());
            self.command(
                "PROT P",
                "Protect the data connections too: they will also be TLS.".into(),
            );
            self.reply(
                "200 PROT now Private.",
                "Accepted: file data will be encrypted as well.".into(),
            );
        }
        self.command(
            "USER anonymous",
            "The client logs in (anonymous FTP here).".into(),
        );
        self.reply(
            "331 Please specify the password.",
            "331: user name accepted, password needed.".into(),
        );
        self.command("PASS anonymous@", format!("The password. {}", if self.encrypted { "Encrypted, like everything on this connection now." } else { "Without TLS it crosses the network in cleartext: anyone on the path can read it." }));
        self.reply("230 Login successful.", "Logged in.".into());
        self.command("TYPE I", "Binary transfers.".into());
        self.reply("200 Switching to Binary mode.", "Accepted.".into());
        if self.s.mode.is_passive() {
            self.passive();
        } else {
            self.active();
        }
    }

    fn passive(&mut self) {
        let a = self.s.addresses;
        let epsv = matches!(self.s.mode, Mode::Epsv | Mode::EpsvAll);
        if self.s.mode == Mode::EpsvAll {
            self.command("EPSV ALL", "EPSV ALL (RFC 2428 §4): the client promises to use only EPSV from now on, so devices in between know no address will be sent.".into());
            self.reply(
                "200 EPSV ALL ok.",
                "Accepted: the server will now refuse PORT, EPRT, PASV and LPSV.".into(),
            );
        }
        let ask = if epsv { "EPSV" } else { "PASV" };
        let ask_narr = if epsv {
            "The client asks for extended passive mode: \"open a port and tell me its number\". The answer will carry only a port: the address stays the one the control connection already uses."
        } else {
            "The client asks for passive mode: \"open a port and tell me where to connect\"."
        };
        if self.command(ask, ask_narr.into()).is_none() {
            return self.lost();
        }
        let range = a.passive_range;
        if self.s.busy_ports >= range.len() {
            let text = "500 OOPS: vsf_sysutil_bind";
            self.reply(text, format!(
                "Every port of the passive range {range} ({} port{}) is taken by other transfers ({} busy). vsftpd tries random ports of the range and ends the session when binding keeps failing; other servers answer 425. With a nearly full range this happens at random.",
                range.len(), plural(range.len() as usize), self.s.busy_ports
            ));
            self.fail(None, None, Failure::Rejected, format!("the server found no free port in its passive range {range}: {} of {} ports are in use", self.s.busy_ports, range.len()), Cause::NoFreePort);
            return;
        }
        let port = range.min + self.s.busy_ports as u16;
        let listen = SocketAddr::new(self.net.server_addr, port);
        self.listening.push((Node::Server, listen));
        // What the server writes: its configured external address, or the address it has.
        let (text, endpoint, narr) = if epsv {
            let text = wire::encode(Kind::Epsv, None, port).unwrap_or_default();
            (text, ep(None, port), format!(
                "The server listens on port {port} and answers 229 with the port only, written between the delimiters |||{port}|. No address: nothing for a NAT to get wrong."
            ))
        } else {
            let advertised = match (self.s.ip, self.s.server) {
                (IpVersion::V6, _) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                (_, ServerSite::NatExternal) => a.server_public,
                _ => self.net.server_addr,
            };
            let text = wire::encode(Kind::Pasv, Some(advertised), port).unwrap_or_default();
            let m = wire::PortMath::of_port(port);
            let why = match (self.s.ip, self.s.server) {
                (IpVersion::V6, _) => "A 227 can carry only an IPv4 address (RFC 2428 §1); on an IPv6 connection vsftpd writes 0,0,0,0 (seen with vsftpd 3.0.3 over ::1).".to_string(),
                (_, ServerSite::NatExternal) => format!("It writes the external address it was configured with ({advertised}, vsftpd pasv_address), not its own {}.", self.net.server_addr),
                (_, ServerSite::Nat) => format!("It writes the only address it knows, its own: {advertised}, a private address behind its NAT."),
                _ => format!("It writes its own public address, {advertised}."),
            };
            (text, ep(Some(advertised), port), format!(
                "The server listens on port {port} and answers 227: the address as four numbers, then the port as two ({} × 256 + {} = {port}). {why}", m.p1, m.p2
            ))
        };
        let Some(arrived) = self.line(Node::Server, &text, Some(endpoint), narr) else {
            return self.lost();
        };
        let helper_note = self.steps.last().and_then(|s| s.helper.clone());
        // The client reads the reply as it arrived (possibly rewritten by a helper).
        let decoded = wire::decode(&arrived).ok().and_then(|d| d.endpoint);
        let Some(got) = decoded else {
            self.fail(
                None,
                None,
                Failure::Rejected,
                "the client could not read the reply".into(),
                Cause::ClientCannot("the reply did not decode".into()),
            );
            return;
        };
        let control_ip = self.control.1.ip();
        let target_ip = match got.ip {
            None => control_ip,
            Some(_) if self.s.pasv_ip == PasvIp::Ignore => control_ip,
            Some(ip) => ip,
        };
        if !epsv {
            let reading = match (got.ip, self.s.pasv_ip) {
                (Some(ip), PasvIp::Ignore) if ip != control_ip => format!("The client ignores the address {ip} in the reply and connects to the control connection's address {control_ip} with port {} (as curl ≥ 7.74 and ftplib do by default).", got.port),
                (Some(ip), _) => format!("The client connects where the reply says: {ip}, port {} (RFC 959).", got.port),
                _ => String::new(),
            };
            if helper_note.as_ref().is_some_and(|h| h.rewrote.is_some()) {
                self.notes.push("The FTP helper rewrote the 227 on its way: the client read a different address from the one the server wrote.".into());
            }
            if !reading.is_empty() {
                self.note(Node::Client, reading);
            }
        }
        let target = SocketAddr::new(target_ip, got.port);
        let family_ok =
            target_ip.is_ipv4() == self.control.0.ip().is_ipv4() && !target_ip.is_unspecified();
        if !family_ok {
            let why = format!("{target_ip} is no address the client can reach over its IPv6 control connection: the client gives up (real clients send EPSV first on IPv6 for this reason)");
            self.note(
                Node::Client,
                format!("The client cannot use {target}: {why}."),
            );
            self.fail(
                None,
                Some(target),
                Failure::Rejected,
                why.clone(),
                Cause::ClientCannot(why),
            );
            return;
        }
        let src = SocketAddr::new(self.net.client_addr, a.client_source_port);
        // Port stealing: a third host connects first.
        let mut stolen_first = false;
        if self.s.attack == Attack::Steal {
            let thief = SocketAddr::new(a.third_party, 40404);
            let public_target = SocketAddr::new(
                if self.net.server_edge.nat {
                    a.server_public
                } else {
                    self.net.server_addr
                },
                port,
            );
            self.notes.push("Port stealing works because a passive port waits for any connection; a small range or predictable ports make it easy to guess.".into());
            match self.connect(
                Node::ThirdParty,
                thief,
                public_target,
                Connection::Attack,
                "An attacker, guessing the port,",
            ) {
                Ok(_) => stolen_first = true,
                Err(_) => self.notes.push(
                    "The attacker's connection did not get through, so nothing was stolen.".into(),
                ),
            }
        }
        let result = self.connect(Node::Client, src, target, Connection::Data, "The client");
        let (seen_src, seen_dst) = match result {
            Ok((_, s, d)) => (s, d),
            Err((at, why, failure)) => {
                self.fail(
                    Some(src),
                    Some(target),
                    failure,
                    format!("at the {at}: {why}"),
                    Cause::DataBlocked(at, why, failure),
                );
                return;
            }
        };
        self.command("RETR hello.txt", "The client asks for the file.".into());
        let control_peer = self.server_sees.map(|s| s.ip());
        if stolen_first {
            let thief = a.third_party;
            if self.s.ip_check {
                self.reply("425 Security: Bad IP connecting.", format!(
                    "vsftpd accepts the first connection on the port: the attacker's, from {thief}. With pasv_promiscuous=NO (the default) it compares that address with the control connection's ({}) and refuses: nothing is sent, but this transfer fails and must be retried.",
                    control_peer.map_or("?".into(), |p| p.to_string())
                ));
                self.fail(Some(src), Some(target), Failure::Rejected, format!("the server took the attacker's connection from {thief} first and refused it (address check); the transfer was aborted"), Cause::Stolen { checked: true });
            } else {
                self.reply("150 Opening BINARY mode data connection for hello.txt (41 bytes).", "The server accepts the first connection on the port, the attacker's, and does not check where it comes from (pasv_promiscuous=YES / AllowForeignAddress on).".into());
                self.push(
                    Node::Server,
                    Node::ThirdParty,
                    StepKind::Data,
                    Connection::Attack,
                    "hello.txt (41 bytes)".into(),
                    None,
                    "The file goes to the attacker.".into(),
                );
                self.reply(
                    "226 Transfer complete.",
                    "The server believes the transfer went well.".into(),
                );
                self.push(Node::Server, Node::Client, StepKind::Rst, Connection::Data, "RST".into(), None, "The client's own connection was never taken: the server closes its listening port and the client's connection is reset.".into());
                self.fail(Some(src), Some(target), Failure::Refused, format!("the file went to the attacker's connection from {thief}; the client's connection was reset"), Cause::Stolen { checked: false });
            }
            return;
        }
        if self.s.ip_check && control_peer.is_some_and(|p| p != seen_src.ip()) {
            self.reply("425 Security: Bad IP connecting.", format!("The data connection comes from {}, not from the control connection's {}: vsftpd refuses it (pasv_promiscuous=NO).", seen_src.ip(), control_peer.map_or("?".into(), |p| p.to_string())));
            self.fail(Some(src), Some(target), Failure::Rejected, "the server refused a data connection from an address other than the control connection's".into(), Cause::Stolen { checked: true });
            return;
        }
        self.data = DataConnection {
            opened: true,
            from: Some(src.to_string()),
            to: Some(target.to_string()),
            failure: None,
            reason: format!("the server accepted it on {seen_dst}, from {seen_src}"),
        };
        self.transfer(Node::Server, Node::Client);
    }

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
        let text = match wire::encode(kind, Some(ip), port) {
            Ok(t) => t,
            Err(e) => {
                let why = format!("the client cannot write this command: {}", e.message);
                self.note(
                    Node::Client,
                    format!(
                        "{} (Real clients switch to EPRT on IPv6.)",
                        capitalise(&why)
                    ),
                );
                self.fail(
                    None,
                    None,
                    Failure::Rejected,
                    why.clone(),
                    Cause::ClientCannot(why),
                );
                return;
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
        let narr = if bounce {
            format!("The attacker sends {text}: an address that is not its own ({ip}, port {port}), hoping the server will connect there (the FTP bounce attack).")
        } else if kind == Kind::Port {
            let m = wire::PortMath::of_port(port);
            let whose = if external {
                format!("It writes the public address it was configured with, {ip} (its NAT's outside address), not its own {own}.")
            } else {
                format!("It can only write the address it has: {ip}.")
            };
            format!("Active mode: the client listens on port {port} and tells the server its address and port as six numbers ({} × 256 + {} = {port}). {whose}", m.p1, m.p2)
        } else {
            format!("Extended active mode: the client listens on port {port} and sends {} ({ip}) and port in the EPRT form |af|address|port| (RFC 2428).", if external { "the public address it was configured with" } else { "its address" })
        };
        let Some(arrived) = self.line(Node::Client, &text, Some(ep(Some(ip), port)), narr) else {
            return self.lost();
        };
        let Some(got) = wire::decode(&arrived).ok().and_then(|d| d.endpoint) else {
            return;
        };
        let target = SocketAddr::new(got.ip.unwrap_or(ip), got.port);
        let peer = self.server_sees.map(|s| s.ip());
        let foreign = peer.is_some_and(|p| p != target.ip());
        if self.s.ip_check && (foreign || target.port() < 1024) {
            let reply = if kind == Kind::Port {
                "500 Illegal PORT command."
            } else {
                "500 Illegal EPRT command."
            };
            let why = if foreign {
                format!(
                    "the command names {}, but the control connection comes from {}",
                    target.ip(),
                    peer.map_or("?".into(), |p| p.to_string())
                )
            } else {
                format!("port {} is below 1024", target.port())
            };
            self.reply(reply, format!("The server checks the address before connecting anywhere (vsftpd port_promiscuous=NO, the default; ProFTPD AllowForeignAddress off): {why}. It refuses."));
            self.fail(
                None,
                Some(target),
                Failure::Rejected,
                format!(
                    "the server refused the {}: {why}",
                    kind.as_str().to_ascii_uppercase()
                ),
                Cause::IllegalPort,
            );
            return;
        }
        let ok = if kind == Kind::Port {
            "200 PORT command successful. Consider using PASV."
        } else {
            "200 EPRT command successful. Consider using EPSV."
        };
        self.reply(ok, format!("The server accepts and will connect to {target} when a transfer starts (vsftpd's reply itself suggests passive mode)."));
        self.command(
            "RETR hello.txt",
            "The client asks for the file. Now the server opens the data connection.".into(),
        );
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
                let to = at;
                if bounce {
                    self.reply(
                        "150 Opening BINARY mode data connection for hello.txt (41 bytes).",
                        "The server has connected to the third host, as the PORT command asked."
                            .into(),
                    );
                    self.push(Node::Server, Node::ThirdParty, StepKind::Data, Connection::Data, "hello.txt (41 bytes)".into(), None,
                        format!("The file's bytes go to {target}: had the attacker uploaded a file full of SMTP commands, the server would now be typing them into a mail server, from its own address."));
                    self.reply(
                        "226 Transfer complete.",
                        "The server reports success to the attacker.".into(),
                    );
                    self.cause = Cause::Bounced;
                    return;
                }
                self.transfer(Node::Server, to);
            }
            Err((at, why, failure)) => {
                self.reply(
                    "425 Failed to establish connection.",
                    format!("The server could not connect to {target} and tells the client: 425."),
                );
                self.fail(
                    Some(src),
                    Some(target),
                    failure,
                    format!("at the {at}: {why}"),
                    Cause::DataBlocked(at, why, failure),
                );
            }
        }
    }

    /// 150, the file, 226, QUIT: with an idle timeout shorter than the transfer, the 226 is lost.
    fn transfer(&mut self, from: Node, to: Node) {
        self.reply(
            "150 Opening BINARY mode data connection for hello.txt (41 bytes).",
            "The transfer starts.".into(),
        );
        let secs = self.s.transfer_seconds;
        self.push(from, to, StepKind::Data, Connection::Data, "hello.txt".into(), None, format!(
            "The file flows over the data connection{}. It takes {secs} s; meanwhile the control connection carries nothing.",
            if self.s.tls { ", encrypted (PROT P)" } else { "" }
        ));
        let idle = self.s.idle_timeout;
        if idle > 0 && secs > idle {
            let devices: Vec<Node> = [Node::ClientEdge, Node::ServerEdge]
                .into_iter()
                .filter(|n| self.net.on_control_path(*n))
                .collect();
            if !devices.is_empty() {
                self.net.expire("control");
                let names: Vec<String> = devices.iter().map(|d| d.to_string()).collect();
                self.note(devices[0], format!(
                    "The control connection has been idle for {secs} s, longer than the {idle} s after which the {} forget{} an idle connection: its state is gone.",
                    names.join(" and the "), if devices.len() == 1 { "s" } else { "" }
                ));
            }
        }
        let done = self.reply(
            "226 Transfer complete.",
            "The server reports success on the control connection.".into(),
        );
        if done.is_none() {
            let at = self.steps.last().map_or(Node::ServerEdge, |s| s.reached);
            self.push(Node::Client, Node::Client, StepKind::Timeout, Connection::Control, "timeout".into(), None,
                "The client has all the bytes but waits for the 226 that never comes: the transfer looks stuck at 100% until the client's timeout ends the session.".into());
            self.data.reason = format!(
                "{}; but the final 226 was lost at the {at}",
                self.data.reason
            );
            self.cause = Cause::Stalled(at);
            return;
        }
        self.command("QUIT", "Done.".into());
        self.reply(
            "221 Goodbye.",
            "The server closes the control connection.".into(),
        );
    }

    // ---- the verdict -----------------------------------------------------------------------

    fn finish(self) -> Timeline {
        let s = self.s;
        let works = self.cause == Cause::Works;
        let (summary, fix) = self.explain();
        let mut notes = self.notes.clone();
        notes.extend(client_notes(&s));
        let attack = match (s.attack, &self.cause) {
            (Attack::None, _) => None,
            (Attack::Steal, _) if !s.mode.is_passive() => Some(AttackOutcome {
                kind: Attack::Steal,
                succeeded: false,
                explanation: "Not attempted: port stealing races for a passive port, and in active mode the server opens no port to race for.".into(),
            }),
            (Attack::Bounce, _) if s.mode.is_passive() => Some(AttackOutcome {
                kind: Attack::Bounce,
                succeeded: false,
                explanation: "Not attempted: the bounce needs PORT or EPRT, and this session uses passive mode.".into(),
            }),
            (kind, cause) => {
                let succeeded = matches!(cause, Cause::Stolen { checked: false } | Cause::Bounced);
                let explanation = match (kind, succeeded) {
                    (Attack::Steal, true) => "The attacker connected to the passive port first and received the file: the server did not check the data connection's address.".to_string(),
                    (Attack::Steal, false) => "The attack failed: the server refuses a data connection from an address other than the control connection's (vsftpd pasv_promiscuous=NO, ProFTPD AllowForeignAddress off), at the price of this one transfer.".to_string(),
                    (_, true) => "The server connected to the third host and sent it the file: the FTP bounce worked because the server does not check PORT addresses.".to_string(),
                    (_, false) => "The bounce failed: the server connects only to the control connection's own address, and never to a port below 1024 (vsftpd port_promiscuous=NO).".to_string(),
                };
                Some(AttackOutcome { kind, succeeded, explanation })
            }
        };
        let nodes = self.labels();
        Timeline {
            title: title(&s),
            scenario: s,
            steps: self.steps,
            data_connection: self.data,
            works,
            summary,
            fix,
            notes,
            attack,
            nodes,
        }
    }

    fn labels(&self) -> Vec<NodeLabel> {
        let s = &self.s;
        let a = &s.addresses;
        let ce = &self.net.client_edge;
        let se = &self.net.server_edge;
        let lan = s.client == ClientSite::Lan;
        let fw = |open: &Vec<super::model::Range>| {
            let v: Vec<String> = open.iter().map(super::model::Range::words).collect();
            format!("open: {}", v.join(", "))
        };
        vec![
            NodeLabel {
                node: Node::Client,
                title: if lan {
                    "Client (in the server's LAN)".into()
                } else {
                    "Client".into()
                },
                detail: self.net.client_addr.to_string(),
                present: true,
            },
            NodeLabel {
                node: Node::ClientEdge,
                title: if lan {
                    "(not on the path)".into()
                } else {
                    ce.label.clone()
                },
                detail: if ce.nat {
                    format!("outside {}", ce.public)
                } else {
                    String::new()
                },
                present: !lan && (ce.nat || ce.stateful),
            },
            NodeLabel {
                node: Node::Internet,
                title: "Internet".into(),
                detail: String::new(),
                present: !lan || s.attack != Attack::None,
            },
            NodeLabel {
                node: Node::ServerEdge,
                title: se.label.clone(),
                detail: if se.nat {
                    format!("outside {} · {}", se.public, fw(&se.open))
                } else {
                    fw(&se.open)
                },
                present: true,
            },
            NodeLabel {
                node: Node::Server,
                title: "FTP server".into(),
                detail: format!(
                    "{} · passive {}{}",
                    self.net.server_addr,
                    a.passive_range,
                    if s.server == ServerSite::NatExternal {
                        format!(" · pasv_address={}", a.server_public)
                    } else {
                        String::new()
                    }
                ),
                present: true,
            },
            NodeLabel {
                node: Node::ThirdParty,
                title: match s.attack {
                    Attack::Steal => "Attacker".into(),
                    Attack::Bounce => "Third host (mail server)".into(),
                    Attack::None => "Third host".into(),
                },
                detail: a.third_party.to_string(),
                present: match s.attack {
                    Attack::None => false,
                    Attack::Steal => s.mode.is_passive(),
                    Attack::Bounce => !s.mode.is_passive(),
                },
            },
        ]
    }

    fn explain(&self) -> (String, Vec<String>) {
        let s = &self.s;
        let a = &s.addresses;
        let range = a.passive_range;
        let external = |v: &mut Vec<String>| {
            v.push(format!("Configure the server's external address: vsftpd pasv_address={}, ProFTPD MasqueradeAddress {}, Pure-FTPd -P {}, pyftpdlib masquerade_address.", a.server_public, a.server_public, a.server_public));
        };
        match &self.cause {
            Cause::Works => {
                let how = if s.mode.is_passive() { "the client connected out to the server's passive port" } else { "the server connected back to the client" };
                (format!("It works: {how}, and the file arrived."), Vec::new())
            }
            Cause::NoControl(why) => (format!("The control connection failed: {why}."), vec!["Open and forward the control port.".into()]),
            Cause::ClientCannot(why) => (
                format!("The data connection was never attempted: {why}."),
                vec!["Use the extended commands on IPv6: EPSV (passive) or EPRT (active), RFC 2428.".into()],
            ),
            Cause::IllegalPort if s.attack == Attack::Bounce => ("The bounce was refused: the server only connects back to the control connection's address.".into(), Vec::new()),
            Cause::IllegalPort => {
                let mut fix = vec!["Use passive mode (PASV/EPSV): the client opens the data connection itself, which its NAT allows.".to_string()];
                if s.client == ClientSite::Nat {
                    fix.push(format!("Or make the client announce its public address ({}): curl -P {}, lftp set ftp:port-ipv4 {}, FileZilla's active-mode external IP, and forward its active port range to it.", a.client_public, a.client_public, a.client_public));
                    if !s.alg {
                        fix.push("Or enable the FTP helper on the client's router (cleartext FTP only).".into());
                    }
                }
                (format!("Active mode failed: the client wrote its private address {} in the command and the server, which only connects back to the control connection's address, refused it.", self.net.client_addr), fix)
            }
            Cause::NoFreePort => (
                format!("The server ran out of passive ports: all {} ports of {range} are in use.", range.len()),
                vec![
                    format!("Widen the passive range (and the firewall's and the NAT's with it): about two ports per simultaneous transfer, more while closed ports sit in TIME_WAIT."),
                    "Limit simultaneous sessions to what the range can serve: vsftpd max_clients / max_per_ip, ProFTPD MaxClients, Pure-FTPd -c/-C.".into(),
                ],
            ),
            Cause::DataBlocked(at, why, failure) => {
                let mut fix = Vec::new();
                let summary = format!("The data connection {}: at the {at}, {why}.", match failure { Failure::Timeout => "timed out", Failure::Refused => "was refused", Failure::Rejected => "was refused" });
                match (s.mode.is_passive(), at) {
                    (true, Node::Internet) => {
                        external(&mut fix);
                        fix.push("Or use EPSV: its reply carries no address, so the client reuses the one it already reached (curl, lftp and FileZilla try EPSV first).".into());
                        fix.push("Or, as a workaround, a client that ignores the 227's address (curl's default --ftp-skip-pasv-ip, ftplib's default).".into());
                    }
                    (true, Node::ServerEdge) if why.contains("hairpin") => {
                        fix.push("Inside the LAN, connect to the server's private address and let the client ignore the 227's address (curl's default), or enable hairpin NAT on the router.".into());
                        fix.push("Or use EPSV.".into());
                    }
                    (true, Node::ServerEdge) => {
                        fix.push(format!("Open (and forward, behind NAT) exactly the server's passive range {range} in the server's firewall: e.g. nft add rule inet filter input tcp dport {range} accept."));
                        if s.tls {
                            fix.push("The FTP helper (nf_conntrack_ftp) cannot help here: the control connection is encrypted, so the range must be opened explicitly.".into());
                        } else if !s.alg {
                            fix.push("Or load the firewall's FTP helper (nf_conntrack_ftp) so it opens each announced port (cleartext FTP only).".into());
                        }
                    }
                    (false, Node::Internet) | (false, Node::ClientEdge) => {
                        fix.push("Use passive mode (PASV/EPSV): the client then opens the data connection itself.".into());
                        if s.port_ip == PortIp::External && *at == Node::ClientEdge {
                            fix.push(format!("Or forward the port the client announced ({}) on its router to {}: e.g. FileZilla's active-mode \"Limit local ports used by FileZilla\", with that range forwarded.", a.client_data_port, self.net.client_addr));
                        } else if s.tls {
                            fix.push("The client's FTP helper cannot read the encrypted PORT/EPRT: with FTPS, active mode needs a forwarded, opened port range on the client side.".into());
                        } else if !s.alg {
                            fix.push("Or enable the FTP helper on the client's router or firewall (cleartext FTP only).".into());
                        }
                    }
                    _ => fix.push("Find what refuses the connection at that point and open it.".into()),
                }
                (summary, fix)
            }
            Cause::Stolen { checked: true } if s.attack == Attack::Steal => (
                "The port thief was turned away: the server checks that the data connection comes from the control connection's address.".into(),
                vec!["Keep the address check on (vsftpd pasv_promiscuous=NO, ProFTPD AllowForeignAddress off, pyftpdlib permit_foreign_addresses=False), and prefer TLS with session reuse (vsftpd require_ssl_reuse=YES).".into()],
            ),
            Cause::Stolen { checked: true } => (
                "The server refused the data connection because it came from another address than the control connection.".into(),
                vec!["Make both connections leave through the same NAT address (no load-balanced or multi-address NAT pool), or use TLS session reuse instead of the address check.".into()],
            ),
            Cause::Stolen { checked: false } => (
                "The attacker stole the file: it connected to the passive port first, and the server did not check its address.".into(),
                vec!["Turn the address check on: vsftpd pasv_promiscuous=NO, ProFTPD AllowForeignAddress off, pyftpdlib permit_foreign_addresses=False.".into(), "Use TLS (FTPS), so that a stolen connection yields no readable data.".into()],
            ),
            Cause::Stalled(at) => (
                format!("The transfer finished but the session stalled: the {at} forgot the idle control connection, so the final 226 was lost."),
                vec![
                    "Keep the control connection alive during long transfers: TCP keepalives (curl --keepalive-time 60, ftplib: sock.setsockopt SO_KEEPALIVE), or a client that sends NOOPs (FileZilla's keep-alive).".into(),
                    format!("Or raise the device's idle timeout above the longest transfer ({} s here; Linux conntrack's established timeout is 5 days by default, many firewalls use 1 hour or less).", s.transfer_seconds),
                ],
            ),
            Cause::Bounced => (
                "The bounce worked: the server connected to a third host because the PORT command named it.".into(),
                vec!["Refuse PORT/EPRT to any address but the client's and to ports below 1024: vsftpd port_promiscuous=NO (default), ProFTPD AllowForeignAddress off, Pure-FTPd refuses by default, pyftpdlib permit_foreign_addresses=False and permit_privileged_ports=False.".into()],
            ),
        }
    }
}

/// The first letter upper-cased (the model's texts are ASCII at their start; ASCII case mapping keeps
/// Unicode's case tables out of the Wasm).
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| {
        let mut out = String::from(f.to_ascii_uppercase());
        out.push_str(c.as_str());
        out
    })
}

/// Where real programs differ from this model.
fn client_notes(s: &Scenario) -> Vec<String> {
    let mut n = Vec::new();
    if s.mode == Mode::Pasv && s.pasv_ip == PasvIp::Use && s.ip == IpVersion::V4 {
        n.push("Drawn: a client that connects to the address in the 227, as RFC 959 says. curl (since 7.74.0) and Python ftplib (since the 2021 bpo-43285 fix) ignore that address by default and reuse the control connection's; FileZilla does so when the address is private and the server's is not. Set the client to ignore the 227 address (pasv-ip=ignore) to see them.".into());
    }
    if s.mode == Mode::Pasv {
        n.push("Real clients rarely send PASV first: curl, lftp and FileZilla try EPSV and fall back to PASV when it is refused.".into());
    }
    if s.port_ip == PortIp::External && !s.mode.is_passive() && s.client == ClientSite::Nat {
        n.push("Drawn: a client told its public address for active mode (FileZilla's \"Use the following IP address\" or its external-IP lookup, curl -P ADDRESS, lftp ftp:port-ipv4). That gets the PORT past the server's address check; the router still needs a forward for the announced port.".into());
    }
    if s.blocked == Blocked::Reject {
        n.push("Drawn: the firewall rejects with a TCP reset. A REJECT with an ICMP message (firewalld's default) makes clients report \"no route to host\" or \"host unreachable\" instead of \"connection refused\".".into());
    }
    if s.alg {
        n.push("FTP helpers: Linux needs the nf_conntrack_ftp (and nf_nat_ftp) module and, since kernel 4.7, an explicit ct helper rule; home-router and firewall ALGs vary, and some mangle replies.".into());
    }
    if s.ip == IpVersion::V6 {
        n.push("IPv6 is drawn without NAT: the \"NAT\" sites are routers with stateful firewalls, which still refuse unsolicited incoming connections.".into());
    }
    n.push("The server's replies are vsftpd 3.0's; other servers word them differently, with the same codes.".into());
    n
}

/// A one-line title for a scenario.
pub fn title(s: &Scenario) -> String {
    let mode = match s.mode {
        Mode::Port => "Active (PORT)",
        Mode::Eprt => "Extended active (EPRT)",
        Mode::Pasv => "Passive (PASV)",
        Mode::Epsv => "Extended passive (EPSV)",
        Mode::EpsvAll => "EPSV ALL",
    };
    let client = match s.client {
        ClientSite::Public => "client public",
        ClientSite::Nat => "client behind NAT",
        ClientSite::Lan => "client in the server's LAN",
    };
    let server = match s.server {
        ServerSite::Public => "server public",
        ServerSite::Nat => "server behind NAT",
        ServerSite::NatExternal => "server behind NAT, external address set",
    };
    let mut parts = vec![
        mode.to_string(),
        client.to_string(),
        server.to_string(),
        format!("range {}", s.server_firewall),
    ];
    if s.client_firewall {
        parts.push("client firewall".into());
    }
    if s.port_ip == PortIp::External && !s.mode.is_passive() {
        parts.push("public address announced".into());
    }
    if s.alg {
        parts.push("FTP helper".into());
    }
    if s.tls {
        parts.push("TLS".into());
    }
    if s.ip == IpVersion::V6 {
        parts.push("IPv6".into());
    }
    parts.join(" · ")
}
