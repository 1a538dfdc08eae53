//! Every capture in tests/fixtures/captures/ (made with tcpdump and tshark in network namespaces, see its
//! README) read end to end: the sessions found, what the wire showed for each data connection, and the
//! findings — the checker's codes and the capture-only ones.

use ftp_explorer::capture::ftp::{DataEvidence, WireOutcome};
use ftp_explorer::capture::{analyse, Analysis, Opening};
use ftp_explorer::diagnose::capture::{
    check_two_sides, diagnose_capture, CaptureDiagnosis, TwoSided,
};
use ftp_explorer::diagnose::{Code, Options, Severity};
use ftp_explorer::log::{Outcome, Role};
use std::path::Path;

fn bytes(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/captures")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn check(name: &str) -> (Analysis, CaptureDiagnosis) {
    let a = analyse(&bytes(name));
    let d = diagnose_capture(&a, &Options::default());
    assert!(a.error.is_none(), "{name}: {:?}", a.error);
    (a, d)
}

fn codes(d: &CaptureDiagnosis, session: usize) -> Vec<(&'static str, Severity)> {
    d.sessions[session]
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.severity))
        .collect()
}

fn has(d: &CaptureDiagnosis, session: usize, code: Code) -> bool {
    d.sessions[session].findings.iter().any(|f| f.code == code)
}

fn only_data(a: &Analysis) -> &DataEvidence {
    assert_eq!(a.sessions.len(), 1);
    assert!(!a.sessions[0].data.is_empty());
    &a.sessions[0].data[0]
}

/// A healthy session: the dialogue read in full, one data connection made, nothing worse than the
/// cleartext-password note.
fn healthy(name: &str, via: &str, mode_active: bool) -> (Analysis, CaptureDiagnosis) {
    let (a, d) = check(name);
    assert_eq!(a.sessions.len(), 1, "{name}");
    let s = &a.sessions[0];
    assert!(
        !s.mid_session && s.encrypted.is_none() && s.damaged_lines == 0,
        "{name}"
    );
    let ev = only_data(&a);
    assert_eq!(ev.wire, WireOutcome::Connected, "{name}: {}", ev.summary);
    assert_eq!(s.session.data_connections[0].via.as_str(), via, "{name}");
    assert_eq!(s.session.data_connections[0].outcome, Outcome::Ok, "{name}");
    assert_eq!(ev.to, ev.expected, "{name}");
    assert!(ev.bytes_to_client + ev.bytes_to_server > 0, "{name}");
    assert!(
        ev.final_reply
            .as_deref()
            .is_some_and(|r| r.starts_with("226")),
        "{name}: {:?}",
        ev.final_reply
    );
    // Active mode: the server opened it; passive: the client.
    let from = ev.from.unwrap();
    assert_eq!(
        from.ip(),
        if mode_active {
            s.server.ip()
        } else {
            s.client.ip()
        },
        "{name}"
    );
    assert!(!d.has_errors(), "{name}: {:#?}", d);
    assert_eq!(
        codes(&d, 0),
        vec![("cleartext-credentials", Severity::Info)],
        "{name}"
    );
    // The password never appears: PASS is masked before anything else sees it.
    let json = serde_json::to_string(&ftp_explorer::report::capture_report(&a, &d)).unwrap();
    assert!(
        !json.contains("guest@example.com"),
        "{name}: the password leaked"
    );
    assert!(
        s.session.lines.iter().any(|l| l.text == "C: PASS ****"),
        "{name}"
    );
    // The control connection's raw bytes stay available, the password overwritten in place.
    let raw = &a.connection(s.connection).unwrap().to_server.bytes;
    assert!(
        !raw.windows(17).any(|w| w == b"guest@example.com"),
        "{name}"
    );
    assert!(
        raw.windows(22).any(|w| w == b"PASS *****************"),
        "{name}"
    );
    (a, d)
}

#[test]
fn healthy_pasv_pcap() {
    let (a, d) = healthy("pasv-healthy.pcap", "pasv", false);
    assert_eq!(a.file.format, "pcap");
    assert_eq!(a.file.timestamps, "microseconds");
    assert_eq!(a.file.interfaces[0].link, "ethernet");
    // Found on port 2121 by what it carries, not by the port.
    assert_eq!(a.sessions[0].server.port(), 2121);
    assert_eq!(
        d.summary,
        "passive mode via PASV; data connection to 127.0.0.1:50003 succeeded"
    );
    // Every line of the dialogue points at the packet that carried it, in order.
    let s = &a.sessions[0];
    let packets: Vec<u32> = s.sources.iter().skip(2).filter_map(|l| l.packet).collect();
    assert!(packets.windows(2).all(|w| w[0] <= w[1]), "{packets:?}");
    assert_eq!(s.session.lines[2].text, "S: 220 (vsFTPd 3.0.3)");
    assert_eq!(s.packet_of(3), Some(4));
    // The evidence: the three-way handshake first.
    let ev = only_data(&a);
    let flags: Vec<&str> = ev
        .packets
        .iter()
        .take(3)
        .map(|p| p.flags.as_str())
        .collect();
    assert_eq!(flags, ["SYN", "SYN,ACK", "ACK"]);
}

#[test]
fn healthy_epsv_pcapng() {
    let (a, _) = healthy("epsv-healthy.pcapng", "epsv", false);
    assert_eq!(a.file.format, "pcapng");
    assert_eq!(only_data(&a).bytes_to_client, 40); // hello.txt
}

#[test]
fn healthy_port_and_eprt_nanoseconds() {
    healthy("port-healthy.pcap", "port", true);
    let (a, _) = healthy("eprt-healthy-nanoseconds.pcap", "eprt", true);
    assert_eq!(a.file.timestamps, "nanoseconds");
    assert!(a.duration_us > 0 && a.duration_us < 5_000_000);
}

#[test]
fn healthy_ipv6_epsv() {
    let (a, _) = healthy("ipv6-epsv.pcapng", "epsv", false);
    assert!(a.sessions[0].server.is_ipv6());
    assert_eq!(
        a.sessions[0].session.control.as_ref().unwrap().ip,
        Some("::1".parse().unwrap())
    );
}

#[test]
fn linux_cooked_v1_and_v2() {
    let (a, _) = check("two-sessions-any.pcap");
    assert_eq!(a.file.interfaces[0].link, "linux-sll");
    let (b, _) = healthy("lftp-sll2.pcap", "pasv", false);
    assert_eq!(b.file.interfaces[0].link, "linux-sll2");
}

#[test]
fn two_sessions_at_once() {
    let (a, d) = check("two-sessions-any.pcap");
    assert_eq!(a.sessions.len(), 2);
    assert_eq!(d.sessions.len(), 2);
    // Each session got its own data connection, none taken twice.
    let ids: Vec<usize> = a
        .sessions
        .iter()
        .map(|s| s.data[0].connection.unwrap())
        .collect();
    assert_ne!(ids[0], ids[1]);
    for s in &a.sessions {
        assert_eq!(s.data[0].wire, WireOutcome::Connected);
        assert_eq!(s.data[0].expected, s.data[0].to);
    }
    // One is curl's RETR, the other lftp's LIST.
    let transfers: Vec<String> = a
        .sessions
        .iter()
        .map(|s| s.session.data_connections[0].transfer.clone().unwrap())
        .collect();
    assert!(
        transfers.iter().any(|t| t == "RETR hello.txt"),
        "{transfers:?}"
    );
    assert!(
        transfers.iter().any(|t| t.starts_with("LIST")),
        "{transfers:?}"
    );
    assert!(
        d.summary.starts_with("2 FTP sessions, 0 with errors"),
        "{}",
        d.summary
    );
}

#[test]
fn server_behind_nat_advertises_its_private_address_and_the_client_uses_it() {
    let (a, d) = check("nat-private-used-client.pcap");
    let ev = only_data(&a);
    assert_eq!(ev.wire, WireOutcome::Unanswered);
    assert_eq!(ev.to.unwrap().to_string(), "10.0.1.5:50004");
    assert_eq!(ev.syns, 3);
    assert!(
        ev.syn_span_us > 1_500_000 && ev.syn_span_us < 3_000_000,
        "{}",
        ev.syn_span_us
    );
    assert_eq!(
        a.sessions[0].session.data_connections[0].outcome,
        Outcome::TimedOut
    );
    assert!(d.has_errors());
    // The checker's codes with the same meanings, and the wire's own.
    assert!(has(&d, 0, Code::AdvertisedPrivateAddress));
    assert!(has(&d, 0, Code::DataConnectionTimeout));
    let f = d.sessions[0]
        .findings
        .iter()
        .find(|f| f.code == Code::DataSynUnanswered)
        .unwrap();
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("sent 3 times"), "{}", f.message);
    assert!(f.message.contains("private address"), "{}", f.message);
    assert!(f.fix.contains("pasv_address"), "{}", f.fix);
    // The summary leads with the wire's finding.
    assert!(d.summary.contains("was never answered"), "{}", d.summary);
    // On the server's side the connection never arrived.
    let (b, db) = check("nat-private-used-server.pcap");
    assert_eq!(only_data(&b).wire, WireOutcome::NotSeen);
    assert!(has(&db, 0, Code::DataNotSeen));
}

#[test]
fn server_behind_nat_and_a_client_that_replaces_the_address() {
    let (a, d) = check("nat-private-replaced-client.pcap");
    let ev = only_data(&a);
    assert_eq!(ev.wire, WireOutcome::Connected);
    assert!(ev.to_other_address);
    assert_eq!(ev.expected.unwrap().to_string(), "10.0.1.5:50010");
    assert_eq!(ev.to.unwrap().to_string(), "203.0.113.5:50010");
    // The same codes as curl's log of this gives.
    assert!(has(&d, 0, Code::AdvertisedPrivateAddress));
    assert!(has(&d, 0, Code::ClientReplacedAddress));
    // Behind the server's NAT, the same session looks healthy: the server cannot tell.
    let (_, db) = check("nat-private-replaced-server.pcap");
    assert!(!db.has_errors());
}

#[test]
fn captured_behind_the_servers_nat_the_public_address_arrives_translated() {
    let (a, d) = check("nat-pasv-healthy-server.pcap");
    let ev = only_data(&a);
    assert!(ev.translated && !ev.to_other_address);
    assert_eq!(ev.expected.unwrap().to_string(), "203.0.113.5:50004");
    assert_eq!(ev.to.unwrap().to_string(), "10.0.1.5:50004");
    assert!(!has(&d, 0, Code::ClientReplacedAddress));
    assert!(!d.has_errors());
}

#[test]
fn passive_range_dropped() {
    let (a, d) = check("pasv-range-dropped-client.pcap");
    let ev = &a.sessions[0].data[0];
    assert_eq!(ev.wire, WireOutcome::Unanswered);
    assert_eq!(ev.syns, 3);
    assert!(has(&d, 0, Code::DataSynUnanswered));
    assert!(has(&d, 0, Code::EpsvFailedFallback));
    let f = d.sessions[0]
        .findings
        .iter()
        .find(|f| f.code == Code::DataSynUnanswered)
        .unwrap();
    assert!(f.message.contains("does not forward it"), "{}", f.message);
}

#[test]
fn refused_by_a_reset() {
    let (a, d) = check("pasv-range-reset-client.pcap");
    for ev in &a.sessions[0].data {
        assert_eq!(ev.wire, WireOutcome::Reset);
        assert_eq!(ev.reset_by, Some("203.0.113.5".parse().unwrap()));
        assert!(ev.packets.iter().any(|p| p.flags.starts_with("RST")));
    }
    assert_eq!(
        d.sessions[0]
            .findings
            .iter()
            .filter(|f| f.code == Code::DataSynReset)
            .count(),
        2
    );
    assert!(has(&d, 0, Code::DataConnectionRefused));
    assert_eq!(
        a.sessions[0].session.data_connections[0].outcome,
        Outcome::Refused
    );
}

#[test]
fn refused_by_an_icmp_error() {
    let (a, d) = check("pasv-range-icmp-client.pcap");
    let ev = &a.sessions[0].data[0];
    assert_eq!(ev.wire, WireOutcome::IcmpError);
    let icmp = ev.icmp.as_ref().unwrap();
    assert_eq!((icmp.kind, icmp.code), (3, 13));
    assert_eq!(
        icmp.description,
        "communication administratively prohibited"
    );
    assert_eq!(icmp.from.to_string(), "203.0.113.5");
    let conn = a.connection(ev.connection.unwrap()).unwrap();
    assert_eq!(conn.opening, Opening::IcmpError);
    assert!(ev.packets.iter().any(|p| p.flags == "ICMP"));
    let f = d.sessions[0]
        .findings
        .iter()
        .find(|f| f.code == Code::DataIcmpError)
        .unwrap();
    assert!(f.message.contains("No route to host"), "{}", f.message);
}

#[test]
fn active_mode_from_behind_nat() {
    // The client side: EPRT names 192.168.1.2; the server's connection never arrives; vsftpd says 425.
    let (a, d) = check("active-behind-nat-client.pcap");
    assert_eq!(only_data(&a).wire, WireOutcome::NotSeen);
    assert!(has(&d, 0, Code::ActiveModeBehindNat));
    assert!(has(&d, 0, Code::ActiveConnectionFailed));
    // The server side: its SYNs to 192.168.1.2 go unanswered.
    let (b, db) = check("active-behind-nat-server.pcap");
    let ev = only_data(&b);
    assert_eq!(ev.wire, WireOutcome::Unanswered);
    assert_eq!(ev.to.unwrap().to_string(), "192.168.1.2:60489");
    assert!(ev.syns >= 4);
    let f = db.sessions[0]
        .findings
        .iter()
        .find(|f| f.code == Code::DataSynUnanswered)
        .unwrap();
    assert!(
        f.message.starts_with("The server's data connection"),
        "{}",
        f.message
    );
    assert!(f.fix.contains("passive mode"), "{}", f.fix);
}

#[test]
fn the_ftp_helper_rewrites_port_and_the_connection_arrives() {
    let (a, d) = check("active-helper-client.pcap");
    assert_eq!(only_data(&a).wire, WireOutcome::Connected);
    // The checker's rule still names the private address, but the wire shows it worked.
    let f = d.sessions[0]
        .findings
        .iter()
        .find(|f| f.code == Code::ActiveModeBehindNat)
        .unwrap();
    assert_eq!(f.severity, Severity::Info);
    assert!(!d.has_errors());
    let t = two("active-helper-client.pcap", "active-helper-server.pcap");
    let r = &t.comparison.rewrites;
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].what, "PORT command");
    assert_eq!(
        (r[0].sent_side.as_str(), r[0].received_side.as_str()),
        ("client", "server")
    );
    assert_eq!(r[0].sent_address, Some("192.168.1.2".parse().unwrap()));
    assert_eq!(r[0].received_address, Some("203.0.113.2".parse().unwrap()));
    assert!(r[0].worked);
    assert!(t
        .findings
        .iter()
        .any(|f| f.code == Code::ReplyRewrittenInTransit && f.severity == Severity::Info));
}

#[test]
fn the_ftp_helper_rewrites_the_227() {
    let t = two("nat-helper-pasv-client.pcap", "nat-helper-pasv-server.pcap");
    let r = &t.comparison.rewrites;
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].what, "227 reply");
    assert_eq!(r[0].sent_side, "server");
    assert_eq!(
        r[0].sent_text,
        "227 Entering Passive Mode (10,0,1,5,195,80)."
    );
    assert_eq!(
        r[0].received_text,
        "227 Entering Passive Mode (203,0,113,5,195,80)."
    );
    // Both sides' control connections are the same session, translated both ways.
    let tr = &t.comparison.translations[0];
    assert_eq!(tr.what, "control");
    assert_eq!(tr.first_server.to_string(), "203.0.113.5:21");
    assert_eq!(tr.second_server.to_string(), "10.0.1.5:21");
    assert_eq!(tr.second_client.ip().to_string(), "203.0.113.2");
    assert!(t.findings.iter().any(|f| f.code == Code::AddressTranslated));
    assert!(!t.has_errors());
}

#[test]
fn a_client_firewall_drops_the_servers_data_connection() {
    let (a, d) = check("client-firewall-client.pcap");
    let ev = only_data(&a);
    // The SYN reached the client's interface and got no answer: the client's own firewall.
    assert_eq!(ev.wire, WireOutcome::Unanswered);
    assert_eq!(ev.from.unwrap().ip().to_string(), "203.0.113.5");
    assert!(has(&d, 0, Code::DataSynUnanswered));
    // Both sides saw the same SYNs: nothing vanished between them; the helper rewrote the PORT.
    let t = two("client-firewall-client.pcap", "client-firewall-server.pcap");
    assert!(t.comparison.lost.is_empty(), "{:#?}", t.comparison.lost);
    assert_eq!(t.comparison.rewrites.len(), 1);
    assert!(!t.comparison.rewrites[0].worked);
}

#[test]
fn two_sides_show_where_the_packets_vanished() {
    let t = two(
        "pasv-range-dropped-client.pcap",
        "pasv-range-dropped-server.pcap",
    );
    assert_eq!(t.comparison.pairs.len(), 1);
    let lost = &t.comparison.lost;
    assert_eq!(lost.len(), 1, "{lost:#?}");
    assert_eq!(lost[0].seen_side, "client");
    assert_eq!(lost[0].missing_side, "server");
    assert_eq!(lost[0].packets.len(), 3);
    assert!(lost[0].why.contains("dropped them"), "{}", lost[0].why);
    let f = t
        .findings
        .iter()
        .find(|f| f.code == Code::PacketLostBetweenSides)
        .unwrap();
    assert_eq!(f.severity, Severity::Error);
    // A reset from the router in front of the server: the answer came from between the capture points.
    let t = two(
        "pasv-range-reset-client.pcap",
        "pasv-range-reset-server.pcap",
    );
    assert!(
        t.comparison
            .lost
            .iter()
            .all(|l| l.why.contains("came from a device between")),
        "{:#?}",
        t.comparison.lost
    );
    // Active mode: the server's SYNs never reach the client's side.
    let t = two(
        "active-behind-nat-client.pcap",
        "active-behind-nat-server.pcap",
    );
    assert_eq!(t.comparison.lost.len(), 1);
    assert_eq!(t.comparison.lost[0].seen_side, "server");
}

#[test]
fn a_capture_that_starts_mid_session() {
    let (a, d) = check("mid-session.pcap");
    let s = &a.sessions[0];
    assert!(s.mid_session);
    assert!(has(&d, 0, Code::CaptureMidSession));
    // What was captured is still read: the PASV and its data connection.
    assert_eq!(s.data[0].wire, WireOutcome::Connected);
    assert!(!has(&d, 0, Code::CleartextCredentials)); // the login is not in it
}

#[test]
fn packets_cut_by_a_short_snap_length() {
    let (a, d) = check("snaplen-80.pcap");
    assert!(a.cut_frames > 0);
    assert_eq!(a.snaplen, 80);
    let s = &a.sessions[0];
    assert!(s.damaged_lines > 0 && s.snaplen_bytes > 0);
    assert!(!s.mid_session);
    let f = d.sessions[0]
        .findings
        .iter()
        .find(|f| f.code == Code::CaptureSnaplenCut)
        .unwrap();
    assert!(f.fix.contains("-s 0"));
    // Damaged lines are shown but never read as commands or replies (no malformed-reply from a cut 227),
    // and a client line cut before its end never shows its text.
    assert!(!has(&d, 0, Code::MalformedReply));
    let damaged: Vec<&str> = s
        .session
        .lines
        .iter()
        .filter(|l| l.text.starts_with("[incomplete]"))
        .map(|l| l.text.as_str())
        .collect();
    assert!(
        damaged.iter().any(|t| t.contains("227 Entering P")),
        "{damaged:?}"
    );
    assert!(damaged.iter().all(|t| !t.contains("guest")), "{damaged:?}");
    assert!(s
        .session
        .lines
        .iter()
        .filter(|l| l.text.starts_with("[incomplete]"))
        .all(|l| l.role == Role::Unknown));
    // The data connection the lost 227 negotiated is still listed, from the wire.
    assert_eq!(s.unexplained.len(), 1);
}

#[test]
fn an_encrypted_control_connection() {
    let (a, d) = check("ftps-explicit.pcap");
    let s = &a.sessions[0];
    let e = s.encrypted.as_ref().unwrap();
    assert_eq!(e.kind, "explicit");
    assert!(e.bytes_to_server > 0 && e.bytes_to_client > 0);
    assert!(s.session.tls);
    // AUTH and its 234 are read in clear; nothing after.
    let last = s.session.lines.last().unwrap();
    assert!(last.text.starts_with("S: 234"), "{}", last.text);
    // The data connection is there, unexplained (its negotiation is encrypted).
    assert_eq!(s.unexplained.len(), 1);
    let f = d.sessions[0]
        .findings
        .iter()
        .find(|f| f.code == Code::ControlEncrypted)
        .unwrap();
    assert!(f.message.contains("cannot say"), "{}", f.message);
    assert!(f.fix.contains("SSLKEYLOGFILE"));
    assert!(
        d.summary.starts_with("the control connection is encrypted"),
        "{}",
        d.summary
    );
    // The TLS bytes stay available (for a TLS handshake reader): the ClientHello starts a record.
    let c = a.connection(s.unexplained[0]).unwrap();
    assert_eq!(c.to_server.bytes.first(), Some(&0x16));
}

fn two(client: &str, server: &str) -> TwoSided {
    check_two_sides(&bytes(client), &bytes(server), &Options::default())
}

#[test]
fn every_fixture_reads_without_error_and_every_finding_points_at_real_lines() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captures");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !(name.ends_with(".pcap") || name.ends_with(".pcapng")) {
            continue;
        }
        n += 1;
        let (a, d) = check(&name);
        assert!(!a.sessions.is_empty(), "{name}");
        for (s, diag) in a.sessions.iter().zip(&d.sessions) {
            assert_eq!(s.sources.len(), s.session.lines.len(), "{name}");
            assert_eq!(s.data.len(), s.session.data_connections.len(), "{name}");
            for f in &diag.findings {
                assert!(
                    f.lines
                        .iter()
                        .all(|&l| l >= 1 && l <= s.session.lines.len()),
                    "{name}: {f:?}"
                );
                assert!(
                    Code::ALL.contains(&f.code) || Code::CAPTURE.contains(&f.code),
                    "{name}: {f:?}"
                );
            }
        }
    }
    assert!(n >= 30, "{n} fixtures");
}
