//! Each server program with its generated text: plain FTP behind NAT with small limits, and FTPS with
//! a host name, active mode refused and another control port.

use super::netns::Netns;
use super::session::{assert_passive, passive_steps, step, str_of};
use super::start::{server_ns, start_server};
use super::{env, gen, Env, HOST_NAME, OTHER_IP, PUBLIC_IP, SERVER_IP};
use ftp_explorer::config::{Inputs, Target};
use serde_json::{json, Value};

/// Plain FTP behind NAT, active mode allowed, small limits: the classic setup.
fn server_plain(target: Target) {
    let env = env();
    let range = (50000, 50019);
    let inputs = Inputs {
        address: PUBLIC_IP.into(),
        behind_nat: true,
        passive_min: range.0.into(),
        passive_max: range.1.into(),
        active: true,
        tls: false,
        max_clients: 3,
        max_per_ip: 2,
        data_timeout: 120,
        control_port: 21,
    };
    let g = gen(target, &inputs);
    assert!(
        g.warnings
            .iter()
            .any(|w| w.code.as_str() == "address-documentation"),
        "{:?}",
        g.warnings
    );
    let mut ns = server_ns("plain", 21, range);
    start_server(target, &mut ns, &env, &g.text, 21);

    let mut steps = passive_steps();
    steps.push(json!({"cmd": "PORT", "list": true}));
    steps.push(json!({"cmd": "PORT 198,51,100,99,195,80"}));
    steps.push(json!({"cmd": "PORT 10,0,0,1,195,80"}));
    let s = ns.probe(
        &env,
        // The client dials the public address, as it would through the NAT router.
        json!({"mode": "session", "host": PUBLIC_IP, "port": 21, "steps": steps}),
    );
    assert!(
        str_of(&s, "login").starts_with("230"),
        "{target}: login: {s}"
    );
    assert_passive(target, &s, PUBLIC_IP, range);

    assert_active_mode(target, &s);
    assert_limits(target, &ns, &env);
}

/// Active mode allowed: the listing arrives on the connection the server opened, from the port the
/// texts say; PORT to a foreign host is refused.
fn assert_active_mode(target: Target, s: &Value) {
    // Active mode: allowed, and the listing arrives on the connection the server opened.
    let active = step(s, "PORT 203,0,113,5,");
    assert!(
        str_of(active, "reply").starts_with("200"),
        "{target}: active mode refused: {active}"
    );
    assert!(
        str_of(active, "data").contains("hello.txt"),
        "{target}: active listing: {active}"
    );
    let source_port = active["server_source"][1].as_u64().unwrap();
    eprintln!("{target}: active data connection came from port {source_port}");
    // What the generated comments (and the firewall texts) say: vsftpd (connect_from_port_20=YES) and
    // Pure-FTPd (as root) from port 20; ProFTPD (root revoked after login) and pyftpdlib from an
    // ephemeral port.
    if matches!(target, Target::Vsftpd | Target::PureFtpd) {
        assert_eq!(
            source_port, 20,
            "{target}: the texts say active connections come from port 20"
        );
    } else {
        assert!(
            source_port >= 1024,
            "{target}: the texts say active connections come from an ephemeral port"
        );
    }
    // A PORT naming another host: refused (bounce attack), or never connected.
    // A PORT naming another (public) host: refused, the FTP bounce attack.
    let foreign = step(s, "PORT 198,51,100,99");
    let reply = str_of(foreign, "reply");
    assert!(
        reply.starts_with('5'),
        "{target}: PORT to a foreign host accepted: {reply}"
    );
    eprintln!("{target}: PORT to a foreign host: {reply}");
    // A private address from a client with a public one: ProFTPD takes it for the client's NAT
    // mistake and uses the client's own address instead (accepted, still safe); the others refuse.
    let private = str_of(step(s, "PORT 10,0,0,1"), "reply");
    assert_eq!(
        private.starts_with("200"),
        target == Target::Proftpd,
        "{target}: {private}"
    );
    eprintln!("{target}: PORT to a private address: {private}");
}

/// The client limits of [`server_plain`]: 2 per address, 3 in all.
fn assert_limits(target: Target, ns: &Netns, env: &Env) {
    // Limits: 2 per address, 3 in all.
    let l = ns.probe(
        env,
        json!({"mode": "limits", "host": SERVER_IP, "port": 21,
               "sources": [SERVER_IP, SERVER_IP, SERVER_IP, OTHER_IP, OTHER_IP]}),
    );
    let accepted: Vec<bool> = l["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["accepted"].as_bool().unwrap())
        .collect();
    assert_eq!(
        accepted,
        [true, true, false, true, false],
        "{target}: limits (2 per address, 3 in all): {l}"
    );
    eprintln!(
        "{target}: over the per-address limit: {}",
        l["connections"][2]["reply"]
    );
    eprintln!(
        "{target}: over the total limit: {}",
        l["connections"][4]["reply"]
    );
}

/// FTPS required, a host name to advertise (an address for pyftpdlib), active mode refused, another
/// control port.
fn server_tls(target: Target) {
    let env = env();
    let range = (50100, 50139);
    let address = if target == Target::Pyftpdlib {
        PUBLIC_IP
    } else {
        HOST_NAME
    };
    let inputs = Inputs {
        address: address.into(),
        behind_nat: true,
        passive_min: range.0.into(),
        passive_max: range.1.into(),
        active: false,
        tls: true,
        max_clients: 10,
        max_per_ip: 5,
        data_timeout: 300,
        control_port: 2121,
    };
    let g = gen(target, &inputs);
    let mut ns = server_ns("tls", 2121, range);
    start_server(target, &mut ns, &env, &g.text, 2121);

    // Clear text: no login.
    let p = ns.probe(
        &env,
        json!({"mode": "plain", "host": SERVER_IP, "port": 2121}),
    );
    for k in ["USER", "PASS"] {
        assert!(
            !str_of(&p, k).starts_with("230"),
            "{target}: logged in without TLS: {p}"
        );
    }
    eprintln!(
        "{target}: clear-text login: {} / {}",
        str_of(&p, "USER"),
        str_of(&p, "PASS")
    );

    let mut steps = passive_steps();
    steps.push(json!({"cmd": "PORT 203,0,113,5,156,64"}));
    let s = ns.probe(
        &env,
        json!({"mode": "session", "tls": true, "host": PUBLIC_IP, "port": 2121, "steps": steps}),
    );
    assert!(
        str_of(&s, "login").starts_with("230"),
        "{target}: TLS login: {s}"
    );
    assert_passive(target, &s, PUBLIC_IP, range);
    let port = str_of(step(&s, "PORT"), "reply").to_string();
    if target == Target::PureFtpd {
        // The generator warns (active-mode-not-disableable): Pure-FTPd has no option to refuse PORT.
        assert!(g
            .warnings
            .iter()
            .any(|w| w.code.as_str() == "active-mode-not-disableable"));
        assert!(port.starts_with("200"), "{target}: PORT: {port}");
    } else {
        assert!(
            port.starts_with('5'),
            "{target}: PORT accepted although active mode is refused: {port}"
        );
    }
    eprintln!("{target}: PORT with active mode refused: {port}");
}

#[test]
#[ignore = "needs root and the servers of `cargo xtask test` (FTP_EXPLORER_SERVERS)"]
fn vsftpd_plain_behind_nat() {
    server_plain(Target::Vsftpd);
}

#[test]
#[ignore = "needs root and the servers of `cargo xtask test` (FTP_EXPLORER_SERVERS)"]
fn vsftpd_tls_host_name_no_active() {
    server_tls(Target::Vsftpd);
}

#[test]
#[ignore = "needs root and the servers of `cargo xtask test` (FTP_EXPLORER_SERVERS)"]
fn proftpd_plain_behind_nat() {
    server_plain(Target::Proftpd);
}

#[test]
#[ignore = "needs root and the servers of `cargo xtask test` (FTP_EXPLORER_SERVERS)"]
fn proftpd_tls_host_name_no_active() {
    server_tls(Target::Proftpd);
}

#[test]
#[ignore = "needs root and the servers of `cargo xtask test` (FTP_EXPLORER_SERVERS)"]
fn pure_ftpd_plain_behind_nat() {
    server_plain(Target::PureFtpd);
}

#[test]
#[ignore = "needs root and the servers of `cargo xtask test` (FTP_EXPLORER_SERVERS)"]
fn pure_ftpd_tls_host_name_no_active() {
    server_tls(Target::PureFtpd);
}

#[test]
#[ignore = "needs root and the servers of `cargo xtask test` (FTP_EXPLORER_SERVERS)"]
fn pyftpdlib_plain_behind_nat() {
    server_plain(Target::Pyftpdlib);
}

#[test]
#[ignore = "needs root and the servers of `cargo xtask test` (FTP_EXPLORER_SERVERS)"]
fn pyftpdlib_tls_no_active() {
    server_tls(Target::Pyftpdlib);
}
