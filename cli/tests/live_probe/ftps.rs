//! Inside namespaces: explicit FTPS on vsftpd.

use crate::*;

/// Explicit FTPS on vsftpd (self-signed certificate): everything over TLS with --insecure; refused
/// without it; and a misadvertised address under TLS is tls-hides-passive-reply too.
/// As curl-vsftpd-ftps.log and curl-vsftpd-ftps-nat-skip-pasv-ip.log.
#[test]
#[ignore = "live: needs root, ip, vsftpd; run by cargo xtask test"]
fn vsftpd_ftps() {
    const TLS: &[&str] = &[
        "ssl_enable=YES",
        "allow_anon_ssl=YES",
        "force_anon_logins_ssl=YES",
        "force_anon_data_ssl=YES",
        "ssl_tlsv1=YES",
        "ssl_sslv2=NO",
        "ssl_sslv3=NO",
        "require_ssl_reuse=NO",
        "ssl_ciphers=HIGH",
    ];
    let ns = Netns::new("ftps");
    let (server, port) = vsftpd(Place::Ns(&ns), "127.0.0.1", TLS);
    let target = format!("127.0.0.1:{port}");
    let p = probe(
        Place::Ns(&ns),
        &[&target, "--tls", "--insecure", "--active", "--timeout", "5"],
    );
    assert_eq!(p.code, 0, "{}", p.show());
    assert!(p.codes().is_empty(), "{}", p.show());
    assert_eq!(p.json["tls"]["protected_data"], true, "{}", p.show());
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
    for a in p.json["attempts"].as_array().unwrap() {
        assert_eq!(a["transfer"]["code"], 226, "{}", p.show());
    }
    // The system store does not trust the self-signed certificate: stop before logging in.
    let p = probe(Place::Ns(&ns), &[&target, "--tls", "--timeout", "5"]);
    assert_eq!(p.code, 2, "{}", p.show());
    assert_eq!(p.json["error"]["stage"], "tls", "{}", p.show());
    drop(server);
    // The same with pasv_address=10.255.0.5 (dropped), in a namespace of its own.
    let ns = Netns::new("ftpsnat");
    ns.firewall(&[NAT_DROP]);
    let mut tls_nat = TLS.to_vec();
    tls_nat.push("pasv_address=10.255.0.5");
    let (_server, port) = vsftpd(Place::Ns(&ns), "127.0.0.1", &tls_nat);
    let p = probe(
        Place::Ns(&ns),
        &[
            &format!("127.0.0.1:{port}"),
            "--tls",
            "--insecure",
            "--timeout",
            "2",
        ],
    );
    assert_eq!(p.code, 1, "{}", p.show());
    assert_eq!(
        p.codes(),
        set(&[
            "advertised-private-address",
            "client-replaced-address",
            "data-connection-timeout",
            "tls-hides-passive-reply"
        ]),
        "{}",
        p.show()
    );
}
