//! Inside namespaces: IPv6, and a passive address the client cannot reach.

use crate::*;

#[test]
#[ignore = "live: needs root, ip, vsftpd; run by cargo xtask test"]
fn vsftpd_ipv6_uses_epsv() {
    let ns = Netns::new("v6");
    let (_server, port) = vsftpd(Place::Ns(&ns), "::1", &[]);
    let p = probe(
        Place::Ns(&ns),
        &[&format!("[::1]:{port}"), "--active", "--timeout", "5"],
    );
    assert_eq!(p.code, 0, "{}", p.show());
    assert_eq!(
        p.results(),
        [
            "epsv control-address connected",
            "eprt this-machine connected"
        ],
        "{}",
        p.show()
    );
    assert!(!p.codes().contains("pasv-on-ipv6"), "{}", p.show());
}

/// vsftpd `pasv_address=10.255.0.5`: nothing listens there (vsftpd binds its passive sockets to the
/// control connection's address), so the advertised endpoint is refused and the control address works.
/// As curl-vsftpd-nat-no-skip-refused.log + curl-vsftpd-nat-skip-pasv-ip.log.
#[test]
#[ignore = "live: needs root, ip, vsftpd; run by cargo xtask test"]
fn vsftpd_misadvertised_address_is_refused() {
    let ns = Netns::new("natref");
    let (_server, port) = vsftpd(Place::Ns(&ns), "127.0.0.1", &["pasv_address=10.255.0.5"]);
    let p = probe(
        Place::Ns(&ns),
        &[&format!("127.0.0.1:{port}"), "--timeout", "3"],
    );
    assert_eq!(p.code, 1, "{}", p.show());
    assert_eq!(
        p.codes(),
        set(&[
            "advertised-private-address",
            "cleartext-credentials",
            "client-replaced-address",
            "data-connection-refused"
        ]),
        "{}",
        p.show()
    );
    assert_eq!(
        p.results(),
        [
            "epsv control-address connected",
            "pasv advertised refused",
            "pasv control-address connected"
        ],
        "{}",
        p.show()
    );
    assert_eq!(p.json["attempts"][1]["ip"], "10.255.0.5");
}

/// The same address dropped by the namespace's firewall: the advertised endpoint times out.
/// As curl-vsftpd-nat-no-skip-timeout.log.
#[test]
#[ignore = "live: needs root, ip, nft, vsftpd; run by cargo xtask test"]
fn vsftpd_misadvertised_address_dropped_times_out() {
    let ns = Netns::new("natdrop");
    ns.firewall(&[NAT_DROP]);
    let (_server, port) = vsftpd(Place::Ns(&ns), "127.0.0.1", &["pasv_address=10.255.0.5"]);
    let p = probe(
        Place::Ns(&ns),
        &[&format!("127.0.0.1:{port}"), "--timeout", "2"],
    );
    assert_eq!(p.code, 1, "{}", p.show());
    assert_eq!(
        p.codes(),
        set(&[
            "advertised-private-address",
            "cleartext-credentials",
            "client-replaced-address",
            "data-connection-timeout"
        ]),
        "{}",
        p.show()
    );
    assert_eq!(
        p.results(),
        [
            "epsv control-address connected",
            "pasv advertised timed-out",
            "pasv control-address connected"
        ],
        "{}",
        p.show()
    );
}

/// pyftpdlib `masquerade_address=10.255.0.5`, the address rejected with a reset.
/// As ftplib-proftpd-nat-trust-refused.log.
#[test]
#[ignore = "live: needs root, ip, nft, pyftpdlib; run by cargo xtask test"]
fn pyftpdlib_misadvertised_address_is_refused() {
    let ns = Netns::new("pynat");
    ns.firewall(&["ip daddr 10.255.0.5 tcp flags & (syn | ack) == syn reject with tcp reset"]);
    let (_server, port) = pyftpdlib(Place::Ns(&ns), "127.0.0.1", Some("10.255.0.5"));
    let p = probe(
        Place::Ns(&ns),
        &[&format!("127.0.0.1:{port}"), "--timeout", "3"],
    );
    assert_eq!(p.code, 1, "{}", p.show());
    assert_eq!(
        p.codes(),
        set(&[
            "advertised-private-address",
            "cleartext-credentials",
            "client-replaced-address",
            "data-connection-refused"
        ]),
        "{}",
        p.show()
    );
    assert_eq!(
        p.results(),
        [
            "epsv control-address connected",
            "pasv advertised refused",
            "pasv control-address connected"
        ],
        "{}",
        p.show()
    );
}
