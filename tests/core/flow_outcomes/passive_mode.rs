//! Passive mode through NAT: ignoring the 227 address, and the translation on every leg.

use ftp_explorer::scenario::*;

#[test]
fn ignoring_the_227_address_rescues_a_private_advertisement() {
    let s = Scenario {
        server: ServerSite::Nat,
        pasv_ip: PasvIp::Ignore,
        ..Scenario::default()
    };
    let t = timeline(&s);
    assert!(t.works, "{}", t.summary);
    // Inside the LAN, an external address needs hairpin NAT, unless the client ignores it.
    let lan = Scenario {
        client: ClientSite::Lan,
        server: ServerSite::NatExternal,
        ..Scenario::default()
    };
    let t = timeline(&lan);
    assert!(!t.works);
    assert!(
        t.data_connection.reason.contains("hairpin"),
        "{}",
        t.data_connection.reason
    );
    assert!(
        timeline(&Scenario {
            pasv_ip: PasvIp::Ignore,
            ..lan
        })
        .works
    );
}

#[test]
fn the_nat_translation_is_visible_on_every_leg() {
    let t = timeline(&preset("pasv-address-set").unwrap().scenario);
    let syn = t
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Syn && s.connection == Connection::Data)
        .unwrap();
    let legs: Vec<String> = syn
        .hops
        .iter()
        .map(|h| format!("{}>{} {}>{}", h.from.as_str(), h.to.as_str(), h.src, h.dst))
        .collect();
    assert_eq!(
        legs,
        [
            "client>client-edge 192.168.1.10:51001>203.0.113.100:50000",
            "client-edge>internet 198.51.100.7:51001>203.0.113.100:50000",
            "internet>server-edge 198.51.100.7:51001>203.0.113.100:50000",
            "server-edge>server 198.51.100.7:51001>10.0.0.5:50000",
        ]
    );
    assert_eq!(syn.translations.len(), 2);
    assert!(syn
        .verdicts
        .iter()
        .any(|v| v.allowed && v.rule.contains("50000-51000")));
    assert_eq!(
        t.data_connection.from.as_deref(),
        Some("192.168.1.10:51001")
    );
    assert_eq!(t.data_connection.to.as_deref(), Some("203.0.113.100:50000"));
}
