//! The cross product of the main knobs against an independent statement of the rules, and what FTP
//! helpers (ALGs) rescue.

use super::failure;
use ftp_explorer::scenario::*;
use ftp_explorer::wire;

/// The rules, stated independently of the engine: cleartext, no helper, IPv4, default client.
fn oracle(
    mode: Mode,
    client: ClientSite,
    server: ServerSite,
    fw: ServerFirewall,
    port_ip: PortIp,
) -> Option<&'static str> {
    let range_open = fw == ServerFirewall::Open;
    match mode {
        // Active: the server checks PORT/EPRT against the control peer; a NATed client writes its
        // private address, so the server refuses. Told to write its public address, it passes the
        // check, but its NAT forwards nothing: the server's SYN is dropped there, a timeout. A public
        // client without a firewall is reached either way (its public address is its own).
        Mode::Port | Mode::Eprt => match (client, port_ip) {
            (ClientSite::Nat, PortIp::Own) => Some("rejected"),
            (ClientSite::Nat, PortIp::External) => Some("timeout"),
            _ => None,
        },
        // PASV: a server behind NAT without its external address advertises a private address that
        // the Internet does not route; otherwise the range must be open.
        Mode::Pasv => {
            if server == ServerSite::Nat || !range_open {
                Some("timeout")
            } else {
                None
            }
        }
        // EPSV: no address at all; only the range matters.
        Mode::Epsv | Mode::EpsvAll => (!range_open).then_some("timeout"),
    }
}

#[test]
fn the_cross_product_of_the_main_knobs_follows_the_rules() {
    let mut n = 0;
    for &mode in Mode::ALL {
        for client in [ClientSite::Public, ClientSite::Nat] {
            for &server in ServerSite::ALL {
                for fw in [
                    ServerFirewall::Open,
                    ServerFirewall::Closed,
                    ServerFirewall::Mismatch,
                ] {
                    for &port_ip in PortIp::ALL {
                        let s = Scenario {
                            mode,
                            client,
                            server,
                            server_firewall: fw,
                            port_ip,
                            ..Scenario::default()
                        };
                        let t = timeline(&s);
                        let want = oracle(mode, client, server, fw, port_ip);
                        assert_eq!(failure(&t), want, "{}: {}", t.title, t.summary);
                        assert_eq!(t.works, want.is_none(), "{}", t.title);
                        assert_eq!(t.data_connection.opened, want.is_none(), "{}", t.title);
                        n += 1;
                    }
                }
            }
        }
    }
    assert_eq!(n, 5 * 2 * 3 * 3 * 2);
}

#[test]
fn helpers_rescue_cleartext_but_not_tls() {
    for &mode in Mode::ALL {
        for tls in [false, true] {
            // The server side: behind NAT without the external address, range closed.
            let s = Scenario {
                mode,
                server: ServerSite::Nat,
                server_firewall: ServerFirewall::Closed,
                alg: true,
                tls,
                client: ClientSite::Public,
                ..Scenario::default()
            };
            let t = timeline(&s);
            if mode.is_passive() {
                assert_eq!(t.works, !tls, "{}: {}", t.title, t.summary);
            }
            // The client side: active mode from behind NAT.
            let s = Scenario {
                mode,
                client: ClientSite::Nat,
                alg: true,
                tls,
                server: ServerSite::Public,
                ..Scenario::default()
            };
            let t = timeline(&s);
            if !mode.is_passive() {
                assert_eq!(t.works, !tls, "{}: {}", t.title, t.summary);
            }
        }
    }
    // The helper rewrote the 227: the client read the public address.
    let t = timeline(&preset("alg-cleartext").unwrap().scenario);
    let step = t.steps.iter().find(|s| s.text.starts_with("227")).unwrap();
    let (before, after) = step.helper.as_ref().unwrap().rewrote.clone().unwrap();
    assert_eq!(before, step.text);
    assert_eq!(
        wire::decode(&after).unwrap().ip(),
        Some("203.0.113.100".parse().unwrap())
    );
    // Under TLS it was blind.
    let t = timeline(&preset("alg-ftps").unwrap().scenario);
    let step = t.steps.iter().find(|s| s.text.starts_with("227")).unwrap();
    assert!(step.encrypted);
    assert!(step.helper.as_ref().unwrap().blind);
}
