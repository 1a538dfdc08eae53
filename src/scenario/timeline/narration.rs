//! The English of the steps: what each step's narration says, from what the simulation found. No
//! decision is made here; every text is built from values the session and the packets produced.

use super::super::model::Range;
use super::super::step::{Node, Translation};
use crate::base::plural;
use std::net::{IpAddr, SocketAddr};

// ---- packets ---------------------------------------------------------------------------------

/// What the NATs on a packet's way did to it (empty when nothing), each sentence with a leading blank.
pub(super) fn nat_story(translations: &[Translation]) -> String {
    translations
        .iter()
        .map(|t| {
            format!(
                " The {} rewrites it: {} becomes {} ({}).",
                t.device, t.before, t.after, t.why
            )
        })
        .collect()
}

pub(super) fn dropped(at: Node, why: &str) -> String {
    format!("The {at} discards the packet and sends nothing back: {why}.")
}

/// A control line's narration, when the line was lost on its way.
pub(super) fn never_arrives(narration: &str, at: Node, why: &str) -> String {
    format!("{narration} But it never arrives: at the {at}, {why}.")
}

pub(super) fn control_syn(client: SocketAddr, port: u16, nat_story: &str) -> String {
    format!("The client opens the control connection: a TCP SYN from {client} to the server's port {port}.{nat_story}")
}

pub(super) fn control_syn_stopped(at: Node, why: &str) -> String {
    format!("The control connection's SYN stops at the {at}: {why}.")
}

/// The SYN-ACK, and how the server sees the client (`client_ip`: the client's own address).
pub(super) fn control_accepted(seen: SocketAddr, client_ip: IpAddr) -> String {
    format!(
        "The server accepts: SYN-ACK, then the client's ACK. The server sees the client as {seen}{}",
        if seen.ip() == client_ip {
            ".".to_string()
        } else {
            format!(", not {client_ip}: that is the NAT's work.")
        }
    )
}

/// A data-connection SYN from `who` (`The client`, `An attacker, guessing the port,`).
pub(super) fn data_syn(who: &str, src: SocketAddr, dst: SocketAddr, nat_story: &str) -> String {
    format!("{who} opens the data connection: a SYN from {src} to {dst}.{nat_story}")
}

/// Why a delivered SYN is refused by the host itself.
pub(super) fn nothing_listens(at: SocketAddr) -> String {
    format!("nothing listens on {at}, so its TCP stack answers with a reset")
}

pub(super) fn host_refuses(at: Node, why: &str) -> String {
    format!("The {at} refuses: {why} (\"connection refused\").")
}

pub(super) fn data_accepted(at: Node, seen_dst: SocketAddr, seen_src: SocketAddr) -> String {
    format!("The {at} accepts on {seen_dst}: SYN-ACK, ACK. It sees the connection coming from {seen_src}.")
}

pub(super) fn not_past(syn: &str, at: Node) -> String {
    format!("{syn} It does not get past the {at}.")
}

pub(super) fn connect_timeout(host: Node) -> String {
    format!("No answer ever comes. The {host} resends the SYN a few times (after 1 s, 3 s, 7 s…) and gives up when its connect timeout runs out: \"connection timed out\".")
}

pub(super) fn reset_at(syn: &str, at: Node, why: &str) -> String {
    format!("{syn} At the {at}: {why}.")
}

pub(super) fn device_resets(at: Node) -> String {
    format!("The {at} answers with a TCP reset: \"connection refused\", at once.")
}

// ---- FTP helpers -----------------------------------------------------------------------------

pub(super) fn helper_blind(edge: Node, passive: bool) -> String {
    format!(
        "The FTP helper on the {edge} sees only TLS ciphertext: it cannot read this {}, so it neither rewrites it nor opens the port.",
        if passive { "reply" } else { "command" }
    )
}

pub(super) fn helper_ignores(edge: Node, sender: IpAddr) -> String {
    format!(
        "The FTP helper on the {edge} reads the line but ignores it: the address in it is not the sender's own ({sender}), and Linux's nf_conntrack_ftp neither opens nor rewrites anything for such a line."
    )
}

pub(super) fn helper_rewrites(
    edge: Node,
    after: &str,
    peer: IpAddr,
    outside: SocketAddr,
    inside: SocketAddr,
) -> String {
    format!(
        "The FTP helper on the {edge} reads the cleartext line, writes its own outside address into it (\"{after}\") and expects a connection from {peer} to {outside}, which it will let in and send to {inside}."
    )
}

pub(super) fn helper_expects(
    edge: Node,
    peer: IpAddr,
    outside: SocketAddr,
    inside: SocketAddr,
) -> String {
    format!(
        "The FTP helper on the {edge} reads the cleartext line and expects a connection from {peer} to {outside}: it will let it in (conntrack RELATED){}.",
        if outside == inside { String::new() } else { format!(" and send it to {inside}") }
    )
}

// ---- logging in ------------------------------------------------------------------------------

pub(super) fn greeting(server: SocketAddr) -> String {
    format!(
        "The server greets: reply code 220, \"service ready\". The client reached it at {server}."
    )
}

pub(super) const AUTH_TLS: &str =
    "The client asks for TLS on the control connection (explicit FTPS, RFC 4217).";
pub(super) const AUTH_OK: &str =
    "The server agrees: from the next packet on, the control connection is encrypted.";
pub(super) const TLS_HANDSHAKE: &str = "The TLS handshake. Every router and firewall in between now sees only ciphertext: no FTP helper can read PASV replies or PORT commands any more.";
pub(super) const PBSZ: &str = "Required before PROT (RFC 4217); 0 for TLS.";
pub(super) const ACCEPTED: &str = "Accepted.";
pub(super) const PROT: &str = "Protect the data connections too: they will also be TLS.";
pub(super) const PROT_OK: &str = "Accepted: file data will be encrypted as well.";
pub(super) const USER: &str = "The client logs in (anonymous FTP here).";
pub(super) const USER_OK: &str = "331: user name accepted, password needed.";
pub(super) const PASS_OK: &str = "Logged in.";
pub(super) const TYPE: &str = "Binary transfers.";

pub(super) fn password(encrypted: bool) -> String {
    format!(
        "The password. {}",
        if encrypted {
            "Encrypted, like everything on this connection now."
        } else {
            "Without TLS it crosses the network in cleartext: anyone on the path can read it."
        }
    )
}

// ---- passive mode ----------------------------------------------------------------------------

pub(super) const EPSV_ALL: &str = "EPSV ALL (RFC 2428 §4): the client promises to use only EPSV from now on, so devices in between know no address will be sent.";
pub(super) const EPSV_ALL_OK: &str =
    "Accepted: the server will now refuse PORT, EPRT, PASV and LPSV.";

pub(super) const fn passive_request(epsv: bool) -> &'static str {
    if epsv {
        "The client asks for extended passive mode: \"open a port and tell me its number\". The answer will carry only a port: the address stays the one the control connection already uses."
    } else {
        "The client asks for passive mode: \"open a port and tell me where to connect\"."
    }
}

pub(super) fn no_free_port(range: Range, busy: u32) -> String {
    format!(
        "Every port of the passive range {range} ({} port{}) is taken by other transfers ({busy} busy). vsftpd tries random ports of the range and ends the session when binding keeps failing; other servers answer 425. With a nearly full range this happens at random.",
        range.len(),
        plural(range.len() as usize)
    )
}

/// The reason of a data connection that never was, for lack of a port.
pub(super) fn no_free_port_reason(range: Range, busy: u32) -> String {
    format!(
        "the server found no free port in its passive range {range}: {busy} of {} ports are in use",
        range.len()
    )
}

pub(super) fn epsv_answer(port: u16) -> String {
    format!("The server listens on port {port} and answers 229 with the port only, written between the delimiters |||{port}|. No address: nothing for a NAT to get wrong.")
}

/// The 227: the port arithmetic, and `why` this address.
pub(super) fn pasv_answer(port: u16, why: &str) -> String {
    let m = crate::wire::PortMath::of_port(port);
    format!(
        "The server listens on port {port} and answers 227: the address as four numbers, then the port as two ({} × 256 + {} = {port}). {why}",
        m.p1, m.p2
    )
}

pub(super) const PASV_ON_IPV6: &str = "A 227 can carry only an IPv4 address (RFC 2428 §1); on an IPv6 connection vsftpd writes 0,0,0,0 (seen with vsftpd 3.0.3 over ::1).";

pub(super) fn pasv_external(advertised: IpAddr, own: IpAddr) -> String {
    format!("It writes the external address it was configured with ({advertised}, vsftpd pasv_address), not its own {own}.")
}

pub(super) fn pasv_private(advertised: IpAddr) -> String {
    format!("It writes the only address it knows, its own: {advertised}, a private address behind its NAT.")
}

pub(super) fn pasv_public(advertised: IpAddr) -> String {
    format!("It writes its own public address, {advertised}.")
}

pub(super) fn ignores_227(ip: IpAddr, control_ip: IpAddr, port: u16) -> String {
    format!("The client ignores the address {ip} in the reply and connects to the control connection's address {control_ip} with port {port} (as curl ≥ 7.74 and ftplib do by default).")
}

pub(super) fn follows_227(ip: IpAddr, port: u16) -> String {
    format!("The client connects where the reply says: {ip}, port {port} (RFC 959).")
}

pub(super) const HELPER_REWROTE_227: &str = "The FTP helper rewrote the 227 on its way: the client read a different address from the one the server wrote.";

/// Why the client cannot use the 227's address on an IPv6 control connection.
pub(super) fn unusable_target(ip: IpAddr) -> String {
    format!("{ip} is no address the client can reach over its IPv6 control connection: the client gives up (real clients send EPSV first on IPv6 for this reason)")
}

pub(super) fn cannot_use(target: SocketAddr, why: &str) -> String {
    format!("The client cannot use {target}: {why}.")
}

// ---- port stealing ---------------------------------------------------------------------------

pub(super) const STEALING_WORKS: &str = "Port stealing works because a passive port waits for any connection; a small range or predictable ports make it easy to guess.";
pub(super) const THIEF: &str = "An attacker, guessing the port,";
pub(super) const THIEF_BLOCKED: &str =
    "The attacker's connection did not get through, so nothing was stolen.";

pub(super) fn thief_refused(thief: IpAddr, control_peer: Option<IpAddr>) -> String {
    format!(
        "vsftpd accepts the first connection on the port: the attacker's, from {thief}. With pasv_promiscuous=NO (the default) it compares that address with the control connection's ({}) and refuses: nothing is sent, but this transfer fails and must be retried.",
        control_peer.map_or("?".into(), |p| p.to_string())
    )
}

pub(super) fn thief_refused_reason(thief: IpAddr) -> String {
    format!("the server took the attacker's connection from {thief} first and refused it (address check); the transfer was aborted")
}

pub(super) const THIEF_SERVED: &str = "The server accepts the first connection on the port, the attacker's, and does not check where it comes from (pasv_promiscuous=YES / AllowForeignAddress on).";
pub(super) const FILE_TO_THIEF: &str = "The file goes to the attacker.";
pub(super) const SERVER_BELIEVES: &str = "The server believes the transfer went well.";
pub(super) const CLIENT_RESET: &str = "The client's own connection was never taken: the server closes its listening port and the client's connection is reset.";

pub(super) fn thief_served_reason(thief: IpAddr) -> String {
    format!("the file went to the attacker's connection from {thief}; the client's connection was reset")
}

pub(super) fn foreign_data(from: IpAddr, control_peer: Option<IpAddr>) -> String {
    format!(
        "The data connection comes from {from}, not from the control connection's {}: vsftpd refuses it (pasv_promiscuous=NO).",
        control_peer.map_or("?".into(), |p| p.to_string())
    )
}

pub(super) const FOREIGN_DATA_REASON: &str =
    "the server refused a data connection from an address other than the control connection's";

// ---- active mode -----------------------------------------------------------------------------

pub(super) fn bounce_request(text: &str, ip: IpAddr, port: u16) -> String {
    format!("The attacker sends {text}: an address that is not its own ({ip}, port {port}), hoping the server will connect there (the FTP bounce attack).")
}

pub(super) fn port_request(port: u16, ip: IpAddr, own: IpAddr, external: bool) -> String {
    let m = crate::wire::PortMath::of_port(port);
    let whose = if external {
        format!("It writes the public address it was configured with, {ip} (its NAT's outside address), not its own {own}.")
    } else {
        format!("It can only write the address it has: {ip}.")
    };
    format!("Active mode: the client listens on port {port} and tells the server its address and port as six numbers ({} × 256 + {} = {port}). {whose}", m.p1, m.p2)
}

pub(super) fn eprt_request(port: u16, ip: IpAddr, external: bool) -> String {
    format!("Extended active mode: the client listens on port {port} and sends {} ({ip}) and port in the EPRT form |af|address|port| (RFC 2428).", if external { "the public address it was configured with" } else { "its address" })
}

/// The client cannot write the command (`why` starts lower-case).
pub(super) fn cannot_write(why: &str) -> String {
    format!("{} (Real clients switch to EPRT on IPv6.)", capitalise(why))
}

pub(super) fn foreign_port(named: IpAddr, peer: Option<IpAddr>) -> String {
    format!(
        "the command names {named}, but the control connection comes from {}",
        peer.map_or("?".into(), |p| p.to_string())
    )
}

pub(super) fn privileged_port(port: u16) -> String {
    format!("port {port} is below 1024")
}

pub(super) fn port_refused(why: &str) -> String {
    format!("The server checks the address before connecting anywhere (vsftpd port_promiscuous=NO, the default; ProFTPD AllowForeignAddress off): {why}. It refuses.")
}

pub(super) fn port_accepted(target: SocketAddr) -> String {
    format!("The server accepts and will connect to {target} when a transfer starts (vsftpd's reply itself suggests passive mode).")
}

pub(super) const RETR_ACTIVE: &str =
    "The client asks for the file. Now the server opens the data connection.";
pub(super) const BOUNCE_CONNECTED: &str =
    "The server has connected to the third host, as the PORT command asked.";

pub(super) fn bounce_data(target: SocketAddr) -> String {
    format!("The file's bytes go to {target}: had the attacker uploaded a file full of SMTP commands, the server would now be typing them into a mail server, from its own address.")
}

pub(super) const BOUNCE_SUCCESS: &str = "The server reports success to the attacker.";

pub(super) fn no_connection(target: SocketAddr) -> String {
    format!("The server could not connect to {target} and tells the client: 425.")
}

// ---- the transfer ----------------------------------------------------------------------------

pub(super) const RETR: &str = "The client asks for the file.";
pub(super) const TRANSFER_STARTS: &str = "The transfer starts.";

pub(super) fn file_flows(secs: u32, tls: bool) -> String {
    format!(
        "The file flows over the data connection{}. It takes {secs} s; meanwhile the control connection carries nothing.",
        if tls { ", encrypted (PROT P)" } else { "" }
    )
}

/// The idle control connection forgotten by `devices` (at least one).
pub(super) fn idle_expired(secs: u32, idle: u32, devices: &[Node]) -> String {
    let names: Vec<String> = devices.iter().map(|d| d.to_string()).collect();
    format!(
        "The control connection has been idle for {secs} s, longer than the {idle} s after which the {} forget{} an idle connection: its state is gone.",
        names.join(" and the "),
        // The verb agrees with one device ("forgets") or two ("forget").
        if devices.len() == 1 { "s" } else { "" }
    )
}

pub(super) const COMPLETE: &str = "The server reports success on the control connection.";
pub(super) const STUCK: &str = "The client has all the bytes but waits for the 226 that never comes: the transfer looks stuck at 100% until the client's timeout ends the session.";
pub(super) const QUIT: &str = "Done.";
pub(super) const GOODBYE: &str = "The server closes the control connection.";

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
