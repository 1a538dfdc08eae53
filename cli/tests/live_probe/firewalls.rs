//! Inside namespaces: the passive range or active mode blocked by a firewall.

use crate::*;

/// The passive range dropped: EPSV's and PASV's data connections time out.
/// As curl-vsftpd-pasv-ports-blocked-timeout.log.
#[test]
#[ignore = "live: needs root, ip, nft, vsftpd; run by cargo xtask test"]
fn vsftpd_firewalled_range_drop_times_out() {
    let ns = Netns::new("pasvdrop");
    ns.firewall(&[PASV_DROP]);
    let (_server, port) = vsftpd(Place::Ns(&ns), "127.0.0.1", &[]);
    let p = probe(
        Place::Ns(&ns),
        &[&format!("127.0.0.1:{port}"), "--timeout", "2"],
    );
    assert_eq!(p.code, 1, "{}", p.show());
    assert_eq!(
        p.codes(),
        set(&[
            "cleartext-credentials",
            "data-connection-timeout",
            "epsv-failed-fallback"
        ]),
        "{}",
        p.show()
    );
    assert_eq!(
        p.results(),
        [
            "epsv control-address timed-out",
            "pasv control-address timed-out"
        ],
        "{}",
        p.show()
    );
}

/// The passive range rejected with a reset: refused. As curl-vsftpd-pasv-ports-blocked-refused.log.
#[test]
#[ignore = "live: needs root, ip, nft, vsftpd; run by cargo xtask test"]
fn vsftpd_firewalled_range_reject_is_refused() {
    let ns = Netns::new("pasvrej");
    ns.firewall(&[PASV_REJECT]);
    let (_server, port) = vsftpd(Place::Ns(&ns), "127.0.0.1", &[]);
    let p = probe(
        Place::Ns(&ns),
        &[&format!("127.0.0.1:{port}"), "--timeout", "3"],
    );
    assert_range_refused(&p);
}

/// What a probe finds when the server's passive range is rejected (whichever server it is).
fn assert_range_refused(p: &Probed) {
    assert_eq!(p.code, 1, "{}", p.show());
    assert_eq!(
        p.codes(),
        set(&[
            "cleartext-credentials",
            "data-connection-refused",
            "epsv-failed-fallback"
        ]),
        "{}",
        p.show()
    );
    assert_eq!(
        p.results(),
        [
            "epsv control-address refused",
            "pasv control-address refused"
        ],
        "{}",
        p.show()
    );
}

/// pyftpdlib with its passive range rejected. As ftplib-pyftpdlib-… / lftp-proftpd-pasv-ports-blocked-refused.log.
#[test]
#[ignore = "live: needs root, ip, nft, pyftpdlib; run by cargo xtask test"]
fn pyftpdlib_firewalled_range_reject_is_refused() {
    let ns = Netns::new("pyrej");
    ns.firewall(&[PASV_REJECT]);
    let (_server, port) = pyftpdlib(Place::Ns(&ns), "127.0.0.1", None);
    let p = probe(
        Place::Ns(&ns),
        &[&format!("127.0.0.1:{port}"), "--timeout", "3"],
    );
    assert_range_refused(&p);
}

/// Active mode with the server's connection back rejected: vsftpd answers 425.
/// As curl-vsftpd-active-port-blocked-refused.log.
#[test]
#[ignore = "live: needs root, ip, nft, vsftpd; run by cargo xtask test"]
fn vsftpd_active_mode_blocked_fails() {
    let ns = Netns::new("actrej");
    ns.firewall(&[ACTIVE_REJECT]);
    let (_server, port) = vsftpd(Place::Ns(&ns), "127.0.0.1", &[]);
    let p = probe(
        Place::Ns(&ns),
        &[&format!("127.0.0.1:{port}"), "--active", "--timeout", "8"],
    );
    assert_eq!(p.code, 1, "{}", p.show());
    assert_eq!(
        p.codes(),
        set(&["active-connection-failed", "cleartext-credentials"]),
        "{}",
        p.show()
    );
    assert_eq!(
        p.results(),
        [
            "epsv control-address connected",
            "pasv control-address connected",
            "eprt this-machine failed"
        ],
        "{}",
        p.show()
    );
}
