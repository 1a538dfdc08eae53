//! Active mode from the client's side: a client firewall, and a client announcing its public address
//! from behind NAT.

use super::failure;
use ftp_explorer::scenario::*;

#[test]
fn a_client_firewall_blocks_active_mode_and_a_reject_is_refused() {
    let s = Scenario {
        mode: Mode::Port,
        client: ClientSite::Public,
        client_firewall: true,
        server: ServerSite::Public,
        ..Scenario::default()
    };
    let t = timeline(&s);
    assert_eq!(failure(&t), Some("timeout"));
    assert!(t
        .steps
        .iter()
        .any(|s| s.text == "425 Failed to establish connection."));
    let blocked = t
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Syn && !s.delivered)
        .unwrap();
    assert_eq!(blocked.reached, Node::ClientEdge);
    assert!(blocked
        .verdicts
        .iter()
        .any(|v| !v.allowed && v.device == Node::ClientEdge));
    let t = timeline(&Scenario {
        blocked: Blocked::Reject,
        ..s
    });
    assert_eq!(failure(&t), Some("refused"));
    assert!(t.steps.iter().any(|s| s.kind == StepKind::Rst));
}

#[test]
fn a_client_announcing_its_public_address_passes_the_check_and_dies_at_its_own_nat() {
    let s = preset("active-nat-no-forward").unwrap().scenario;
    let t = timeline(&s);
    // The PORT names the public address, as the encoder writes it and the decoder reads it back.
    let port = t
        .steps
        .iter()
        .find(|s| s.text.starts_with("PORT "))
        .unwrap();
    assert_eq!(port.text, "PORT 198,51,100,7,203,32");
    assert_eq!(
        port.decoded.as_ref().and_then(|d| d.endpoint).map(|e| e.ip),
        Some(Some("198.51.100.7".parse().unwrap()))
    );
    // The server's address check is satisfied: the control connection comes from that address too.
    assert!(t
        .steps
        .iter()
        .any(|s| s.text.starts_with("200 PORT command successful")));
    // The server's SYN crosses the Internet and stops at the client's router, which has no forward.
    let syn = t
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Syn && s.connection == Connection::Data)
        .unwrap();
    assert!(!syn.delivered);
    assert_eq!(syn.from, Node::Server);
    assert_eq!(syn.reached, Node::ClientEdge);
    assert_eq!(
        syn.hops.last().map(|h| h.dst.to_string()),
        Some("198.51.100.7:52000".to_string())
    );
    assert!(syn
        .verdicts
        .iter()
        .any(|v| !v.allowed && v.device == Node::ClientEdge));
    let i = syn.number - 1;
    let mark = view::stop(&t, i).unwrap();
    assert_eq!((mark.node, mark.word), (Node::ClientEdge, "DROPPED"));
    assert_eq!(t.steps[i + 1].kind, StepKind::Drop);
    assert!(t
        .steps
        .iter()
        .any(|s| s.text == "425 Failed to establish connection."));
    assert_eq!(failure(&t), Some("timeout"));
    assert!(t
        .fix
        .iter()
        .any(|f| f.contains("forward") && f.contains("52000")));
    // Rejecting instead: refused at once. An FTP helper cannot help: the address is not the sender's.
    assert_eq!(
        failure(&timeline(&Scenario {
            blocked: Blocked::Reject,
            ..s
        })),
        Some("refused")
    );
    let helped = timeline(&Scenario { alg: true, ..s });
    assert_eq!(failure(&helped), Some("timeout"), "{}", helped.summary);
    // EPRT the same; the default (its own address) is the address check's lesson.
    let eprt = timeline(&Scenario {
        mode: Mode::Eprt,
        ..s
    });
    assert_eq!(failure(&eprt), Some("timeout"));
    assert!(eprt
        .steps
        .iter()
        .any(|s| s.text == "EPRT |1|198.51.100.7|52000|"));
    let own = timeline(&preset("active-nat").unwrap().scenario);
    assert_eq!(failure(&own), Some("rejected"));
    assert!(own
        .steps
        .iter()
        .any(|s| s.text == "500 Illegal PORT command."));
    // A public client's public address is its own: nothing changes.
    let public = Scenario {
        client: ClientSite::Public,
        ..s
    };
    assert!(timeline(&public).works);
    assert_eq!(
        timeline(&public).steps,
        timeline(&Scenario {
            port_ip: PortIp::Own,
            ..public
        })
        .steps
    );
}
