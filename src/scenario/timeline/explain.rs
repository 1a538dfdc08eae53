//! The outcome in words: the summary and the fixes for why the story ended where it did, what the
//! attack achieved, where real programs differ from the drawing, and the scenario's one-line title.

use super::super::model::{
    Attack, Blocked, ClientSite, IpVersion, Mode, PasvIp, PortIp, Scenario, ServerSite,
};
use super::super::step::{AttackOutcome, Failure, Node};
use super::{Cause, Story};

impl Story {
    /// The summary sentence and the fixes, from the cause.
    pub(super) fn explain(&self) -> (String, Vec<String>) {
        let s = &self.s;
        let a = &s.addresses;
        let range = a.passive_range;
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
            Cause::IllegalPort => self.illegal_port(),
            Cause::NoFreePort => (
                format!("The server ran out of passive ports: all {} ports of {range} are in use.", range.len()),
                vec![
                    format!("Widen the passive range (and the firewall's and the NAT's with it): about two ports per simultaneous transfer, more while closed ports sit in TIME_WAIT."),
                    "Limit simultaneous sessions to what the range can serve: vsftpd max_clients / max_per_ip, ProFTPD MaxClients, Pure-FTPd -c/-C.".into(),
                ],
            ),
            Cause::DataBlocked(at, why, failure) => self.data_blocked(*at, why, *failure),
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

    /// The server refused PORT/EPRT: passive mode, or announcing the public address.
    fn illegal_port(&self) -> (String, Vec<String>) {
        let s = &self.s;
        let a = &s.addresses;
        let mut fix = vec!["Use passive mode (PASV/EPSV): the client opens the data connection itself, which its NAT allows.".to_string()];
        if s.client == ClientSite::Nat {
            fix.push(format!("Or make the client announce its public address ({}): curl -P {}, lftp set ftp:port-ipv4 {}, FileZilla's active-mode external IP, and forward its active port range to it.", a.client_public, a.client_public, a.client_public));
            if !s.alg {
                fix.push(
                    "Or enable the FTP helper on the client's router (cleartext FTP only).".into(),
                );
            }
        }
        (format!("Active mode failed: the client wrote its private address {} in the command and the server, which only connects back to the control connection's address, refused it.", self.net.client_addr), fix)
    }

    /// The data connection's SYN stopped at `at`: what to open or change there.
    fn data_blocked(&self, at: Node, why: &str, failure: Failure) -> (String, Vec<String>) {
        let s = &self.s;
        let a = &s.addresses;
        let range = a.passive_range;
        let external = |v: &mut Vec<String>| {
            v.push(format!("Configure the server's external address: vsftpd pasv_address={}, ProFTPD MasqueradeAddress {}, Pure-FTPd -P {}, pyftpdlib masquerade_address.", a.server_public, a.server_public, a.server_public));
        };
        let mut fix = Vec::new();
        let summary = format!(
            "The data connection {}: at the {at}, {why}.",
            match failure {
                Failure::Timeout => "timed out",
                Failure::Refused => "was refused",
                Failure::Rejected => "was refused",
            }
        );
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
                if s.port_ip == PortIp::External && at == Node::ClientEdge {
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
}

/// How the attack ended, when there was one.
pub(super) fn attack_outcome(s: &Scenario, cause: &Cause) -> Option<AttackOutcome> {
    match (s.attack, cause) {
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
    }
}

/// Where real programs differ from this model.
pub(super) fn client_notes(s: &Scenario) -> Vec<String> {
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
