//! Healthy servers on this machine's 127.0.0.1.

use crate::*;

#[test]
#[ignore = "live: needs root, vsftpd; run by cargo xtask test"]
fn vsftpd_on_loopback_is_healthy_in_both_modes() {
    need_root();
    need_program("ss");
    let (_server, port) = vsftpd(Place::Host, "127.0.0.1", &[]);
    let p = probe(
        Place::Host,
        &[&format!("127.0.0.1:{port}"), "--active", "--timeout", "5"],
    );
    assert_eq!(p.code, 0, "{}", p.show());
    assert_eq!(p.codes(), set(&["cleartext-credentials"]), "{}", p.show());
    assert_eq!(
        p.results(),
        [
            "epsv control-address connected",
            "pasv control-address connected",
            "eprt this-machine connected"
        ],
        "{}",
        p.show()
    );
    assert!(
        p.json["greeting"].as_str().unwrap().contains("vsFTPd"),
        "{}",
        p.show()
    );
    for a in p.json["attempts"].as_array().unwrap() {
        assert_eq!(a["transfer"]["code"], 226, "{}", p.show());
    }
}

#[test]
#[ignore = "live: needs root, pyftpdlib; run by cargo xtask test"]
fn pyftpdlib_on_loopback_is_healthy_in_both_modes() {
    need_root();
    need_program("ss");
    let (_server, port) = pyftpdlib(Place::Host, "127.0.0.1", None);
    let p = probe(
        Place::Host,
        &[&format!("127.0.0.1:{port}"), "--active", "--timeout", "5"],
    );
    assert_eq!(p.code, 0, "{}", p.show());
    assert_eq!(p.codes(), set(&["cleartext-credentials"]), "{}", p.show());
    assert_eq!(
        p.results(),
        [
            "epsv control-address connected",
            "pasv control-address connected",
            "eprt this-machine connected"
        ],
        "{}",
        p.show()
    );
    assert!(
        p.json["greeting"].as_str().unwrap().contains("pyftpdlib"),
        "{}",
        p.show()
    );
}
