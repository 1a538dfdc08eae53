//! The configuration generator (`ftp_explorer::config`): every target with representative inputs, every
//! validation code (what triggers it and what does not), the query string round trip, and no panic on
//! any input. The proof on the real programs is `tests/live_config_servers.rs`.

use ftp_explorer::config::{
    check, command_line, from_query, generate, parse_port_range, preview, targets, to_query,
    wrong_while_typing, Code, Field, Form, Inputs, Kind, Pair, Problem, Severity, Target,
    NOTES_HEADING, TLS_CERT_FILE, TLS_KEY_FILE,
};
use proptest::prelude::*;

fn inputs() -> Inputs {
    Inputs {
        address: "198.51.100.20".into(),
        behind_nat: true,
        ..Inputs::default()
    }
}

fn text(target: Target, i: &Inputs) -> String {
    match generate(target, i) {
        Ok(g) => g.text,
        Err(p) => panic!("{target}: {p:#?}"),
    }
}

fn codes(p: &[Problem]) -> Vec<&'static str> {
    p.iter().map(|p| p.code.as_str()).collect()
}

/// Non-comment, non-blank lines.
fn directives(t: &str) -> Vec<&str> {
    t.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Representative inputs: the classic NAT setup, a host name, IPv6, TLS without active mode, another
/// control port, no limits, no address on a public host.
fn variants() -> Vec<(&'static str, Inputs)> {
    vec![
        ("nat", inputs()),
        (
            "host name, tls, no active, port 2121",
            Inputs {
                address: "ftp.example.com".into(),
                tls: true,
                active: false,
                control_port: 2121,
                passive_min: 40000,
                passive_max: 40999,
                ..inputs()
            },
        ),
        (
            "ipv6, no nat",
            Inputs {
                address: "2001:db8::21".into(),
                behind_nat: false,
                ..Inputs::default()
            },
        ),
        (
            "no address, no nat, unlimited",
            Inputs {
                max_clients: 0,
                max_per_ip: 0,
                ..Inputs::default()
            },
        ),
        (
            "tls with active, small range",
            Inputs {
                tls: true,
                passive_min: 60000,
                passive_max: 60009,
                max_clients: 5,
                max_per_ip: 2,
                data_timeout: 600,
                ..inputs()
            },
        ),
    ]
}

#[test]
fn every_target_generates_every_representative_input() {
    for (name, i) in variants() {
        for &t in Target::ALL {
            // What must be refused: a host name for pyftpdlib; for Docker (NAT), no address or IPv6.
            let expected: &[&str] = match (t, i.address.as_str()) {
                (Target::Pyftpdlib, "ftp.example.com") => &["address-host-name-unsupported"],
                (Target::Docker, "") => &["address-required"],
                (Target::Docker, "2001:db8::21") => &["address-ipv6"],
                _ => &[],
            };
            match generate(t, &i) {
                Ok(g) => {
                    assert!(
                        expected.is_empty(),
                        "{t} {name}: should be refused with {expected:?}"
                    );
                    assert_eq!(g.target, t);
                    assert!(!g.text.is_empty() && g.text.ends_with('\n'), "{t} {name}");
                    assert!(
                        g.text.contains(&g.command),
                        "{t} {name}: the header shows the command"
                    );
                    for (n, line) in g.text.lines().enumerate() {
                        assert_eq!(
                            line.trim_end(),
                            line,
                            "{t} {name}: trailing blank on line {}",
                            n + 1
                        );
                        assert!(
                            !line.contains("{}") || t == Target::Nftables,
                            "{t} {name}: {line}"
                        );
                        if line.trim_start().starts_with("# ")
                            && !line.contains("ftp-explorer config")
                        {
                            assert!(
                                line.chars().count() <= 100,
                                "{t} {name}: comment too long: {line}"
                            );
                        }
                    }
                    let comments = g
                        .text
                        .lines()
                        .filter(|l| {
                            l.trim_start().starts_with('#') || l.trim_start().starts_with("<!--")
                        })
                        .count();
                    assert!(
                        comments >= directives(&g.text).len() / 2,
                        "{t} {name}: too few comments"
                    );
                    assert!(g.warnings.iter().all(|w| w.severity == Severity::Warning));
                }
                Err(p) => {
                    let errors: Vec<&str> = p
                        .iter()
                        .filter(|p| p.is_error())
                        .map(|p| p.code.as_str())
                        .collect();
                    assert_eq!(errors, expected, "{t} {name}: {p:#?}");
                }
            }
        }
    }
}

/// The settings come first, each under a comment of a line or two; the long explanations come after
/// them, in one "NOTES" section that holds comments only. (Issue 18: the real settings used to start
/// after some 25 lines of comments.)
#[test]
fn settings_first_then_the_notes() {
    for (name, i) in variants() {
        for &t in Target::ALL {
            let Ok(g) = generate(t, &i) else { continue };
            let lines: Vec<&str> = g.text.lines().collect();
            let heading = format!("# {NOTES_HEADING}");
            let at = lines
                .iter()
                .position(|l| *l == heading)
                .unwrap_or_else(|| panic!("{t} {name}: no notes heading"));
            assert_eq!(
                lines.iter().filter(|l| **l == heading).count(),
                1,
                "{t} {name}"
            );
            // After the heading: comments and blank lines only.
            for l in &lines[at..] {
                assert!(l.is_empty() || l.starts_with('#'), "{t} {name}: {l}");
            }
            // The first setting: within the first lines (after the shebang, a two-line header and,
            // for some, a third line and a blank).
            let first = lines
                .iter()
                .position(|l| {
                    let l = l.trim();
                    !l.is_empty() && !l.starts_with('#')
                })
                .unwrap();
            let limit = match t {
                Target::Vsftpd => 4, // the fifth line
                Target::Proftpd => 5,
                Target::Pyftpdlib | Target::Docker => 6,
                _ => 5,
            };
            assert!(
                first <= limit,
                "{t} {name}: first setting on line {}",
                first + 1
            );
            // Above the notes, comments are short: a line each (two where a long value wraps one),
            // so that runs stay short (four where options are left out, each saying so) and there
            // are about as many comment lines as settings (Docker's Compose example aside).
            let mut run = 0;
            let (mut comments, mut settings) = (0, 0);
            for (n, l) in lines[..at].iter().enumerate() {
                let compose =
                    (t == Target::Docker && l.starts_with("#  ")) || l.starts_with("# --- ");
                if l.trim_start().starts_with('#') && n > 3 && !compose {
                    run += 1;
                    comments += 1;
                    assert!(
                        run <= 4,
                        "{t} {name}: a long comment above the settings at line {}: {l}",
                        n + 1
                    );
                } else {
                    run = 0;
                    settings += usize::from(!l.trim().is_empty() && !l.starts_with('#'));
                }
            }
            assert!(
                comments <= settings + 4,
                "{t} {name}: {comments} comment lines for {settings} settings"
            );
            // Every explanation is somewhere: the notes hold more comment lines than the settings part.
            assert!(lines.len() - at > 8, "{t} {name}: notes too short");
        }
    }
}

/// vsftpd.conf(5) options (vsftpd 3.0.3): every generated line is option=value, no blanks around '='.
const VSFTPD_OPTIONS: &[&str] = &[
    "listen_port",
    "pasv_enable",
    "pasv_min_port",
    "pasv_max_port",
    "pasv_address",
    "pasv_addr_resolve",
    "pasv_promiscuous",
    "port_enable",
    "connect_from_port_20",
    "port_promiscuous",
    "max_clients",
    "max_per_ip",
    "data_connection_timeout",
    "ssl_enable",
    "rsa_cert_file",
    "rsa_private_key_file",
    "ssl_sslv2",
    "ssl_sslv3",
    "ssl_tlsv1",
    "ssl_ciphers",
    "force_local_logins_ssl",
    "force_local_data_ssl",
    "allow_anon_ssl",
    "force_anon_logins_ssl",
    "force_anon_data_ssl",
    "require_ssl_reuse",
];

fn vsftpd_value<'a>(t: &'a str, key: &str) -> Option<&'a str> {
    directives(t)
        .into_iter()
        .rev()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
}

#[test]
fn vsftpd_lines() {
    for (name, i) in variants() {
        let t = text(Target::Vsftpd, &i);
        for line in directives(&t) {
            let (k, v) = line
                .split_once('=')
                .unwrap_or_else(|| panic!("{name}: {line}"));
            assert!(VSFTPD_OPTIONS.contains(&k), "{name}: unknown option {k}");
            assert!(
                !v.is_empty() && !v.contains(' ') && k.trim() == k,
                "{name}: {line}"
            );
        }
        let get = |k| vsftpd_value(&t, k);
        assert_eq!(
            get("pasv_min_port"),
            Some(i.passive_min.to_string().as_str())
        );
        assert_eq!(
            get("pasv_max_port"),
            Some(i.passive_max.to_string().as_str())
        );
        assert_eq!(
            get("listen_port"),
            Some(i.control_port.to_string().as_str())
        );
        assert_eq!(get("pasv_promiscuous"), Some("NO"));
        assert_eq!(get("port_promiscuous"), Some("NO"));
        assert_eq!(
            get("port_enable"),
            Some(if i.active { "YES" } else { "NO" })
        );
        assert_eq!(get("connect_from_port_20"), i.active.then_some("YES"));
        assert_eq!(get("max_clients"), Some(i.max_clients.to_string().as_str()));
        assert_eq!(get("max_per_ip"), Some(i.max_per_ip.to_string().as_str()));
        assert_eq!(
            get("data_connection_timeout"),
            Some(i.data_timeout.to_string().as_str())
        );
        assert_eq!(get("ssl_enable"), Some(if i.tls { "YES" } else { "NO" }));
        if i.tls {
            assert_eq!(get("rsa_cert_file"), Some(TLS_CERT_FILE));
            assert_eq!(get("rsa_private_key_file"), Some(TLS_KEY_FILE));
            assert_eq!(get("force_local_data_ssl"), Some("YES"));
            assert_eq!(get("ssl_tlsv1"), Some("NO"));
        }
        match i.address.as_str() {
            "198.51.100.20" => {
                assert_eq!(get("pasv_address"), Some("198.51.100.20"));
                assert_eq!(get("pasv_addr_resolve"), Some("NO"));
            }
            "ftp.example.com" => {
                assert_eq!(get("pasv_address"), Some("ftp.example.com"));
                assert_eq!(get("pasv_addr_resolve"), Some("YES"));
            }
            _ => assert_eq!(get("pasv_address"), None, "{name}"),
        }
    }
}

/// ProFTPD 1.3.8 directives used (each in its documentation: mod_core, mod_auth, mod_xfer, mod_dso,
/// mod_tls).
const PROFTPD_DIRECTIVES: &[&str] = &[
    "Port",
    "PassivePorts",
    "MasqueradeAddress",
    "AllowForeignAddress",
    "<Limit",
    "DenyAll",
    "</Limit>",
    "MaxInstances",
    "MaxClients",
    "MaxClientsPerHost",
    "TimeoutStalled",
    "<IfModule",
    "LoadModule",
    "</IfModule>",
    "TLSEngine",
    "TLSProtocol",
    "TLSRSACertificateFile",
    "TLSRSACertificateKeyFile",
    "TLSRequired",
    "TLSVerifyClient",
];

#[test]
fn proftpd_directives() {
    for (name, i) in variants() {
        let t = text(Target::Proftpd, &i);
        let d = directives(&t);
        for line in &d {
            let word = line.split_whitespace().next().unwrap();
            assert!(
                PROFTPD_DIRECTIVES.contains(&word),
                "{name}: unknown directive {word}"
            );
        }
        // ProFTPD keeps the first occurrence: the text must not set anything twice.
        let mut words: Vec<&str> = d
            .iter()
            .map(|l| l.split_whitespace().next().unwrap())
            .collect();
        words.retain(|w| !w.starts_with('<') && *w != "DenyAll");
        let mut unique = words.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            words.len(),
            unique.len(),
            "{name}: a directive appears twice"
        );
        assert!(d.contains(&format!("PassivePorts {} {}", i.passive_min, i.passive_max).as_str()));
        assert!(d.contains(&format!("Port {}", i.control_port).as_str()));
        assert!(d.contains(&"AllowForeignAddress off"));
        assert!(d.contains(&format!("TimeoutStalled {}", i.data_timeout).as_str()));
        assert_eq!(d.contains(&"<Limit PORT EPRT>"), !i.active, "{name}");
        assert_eq!(d.contains(&"TLSEngine on"), i.tls, "{name}");
        assert_eq!(d.contains(&"TLSRequired on"), i.tls, "{name}");
        if i.max_clients == 0 {
            assert!(d.contains(&"MaxClients none"));
        } else {
            assert!(d.contains(&format!("MaxClients {}", i.max_clients).as_str()));
            assert!(d.contains(&format!("MaxInstances {}", i.max_clients + 1).as_str()));
        }
        let masq = d.iter().find(|l| l.starts_with("MasqueradeAddress"));
        match i.address.as_str() {
            "" | "2001:db8::21" => assert_eq!(masq, None),
            a => assert_eq!(masq, Some(&format!("MasqueradeAddress {a}").as_str())),
        }
    }
}

/// The options `pure-ftpd --help` lists (1.0.50).
const PURE_FTPD_FLAGS: &str = "0123456AabBCcdDeEfFgGhHIijJKkLlMmNnoOpPqQrRsStTuUVwWxXyYzZ";

#[test]
fn pure_ftpd_options() {
    for (name, i) in variants() {
        let t = text(Target::PureFtpd, &i);
        assert!(t.starts_with("#!/bin/bash\n"));
        let start = t.find("args=(\n").unwrap();
        let end = start + t[start..].find("\n)\n").unwrap();
        let args: Vec<&str> = directives(&t[start + 7..end]).into_iter().collect();
        for a in &args {
            let flag = a.strip_prefix('-').unwrap_or_else(|| panic!("{name}: {a}"));
            assert!(
                PURE_FTPD_FLAGS.contains(&flag[..1]),
                "{name}: unknown flag {a}"
            );
        }
        assert!(args.contains(&format!("-S {}", i.control_port).as_str()));
        assert!(args.contains(&format!("-p {}:{}", i.passive_min, i.passive_max).as_str()));
        assert_eq!(args.contains(&"-Y 3"), i.tls, "{name}");
        assert_eq!(
            args.contains(&format!("-2 {TLS_CERT_FILE},{TLS_KEY_FILE}").as_str()),
            i.tls
        );
        match i.address.as_str() {
            "" | "2001:db8::21" => assert!(!args.iter().any(|a| a.starts_with("-P"))),
            a => assert!(args.contains(&format!("-P {a}").as_str()), "{name}"),
        }
        assert!(!args
            .iter()
            .any(|a| a.starts_with("-N") || a.starts_with("-w") || a.starts_with("-W")));
        assert!(t.contains("exec \"${PURE_FTPD:-/usr/sbin/pure-ftpd}\" \"${args[@]}\" \"$@\""));
        assert!(t.contains(&format!(
            "echo '{} {}' > /etc/pure-ftpd/conf/PassivePortRange",
            i.passive_min, i.passive_max
        )));
    }
}

#[test]
fn pyftpdlib_script() {
    for (name, i) in variants() {
        let Ok(g) = generate(Target::Pyftpdlib, &i) else {
            continue; // the host-name variant: refused (checked above)
        };
        let t = g.text;
        assert!(t.starts_with("#!/usr/bin/env python3\n"));
        assert!(t.contains(&format!(
            "    passive_ports = range({}, {})",
            i.passive_min,
            i.passive_max + 1
        )));
        assert!(t.contains("    permit_foreign_addresses = False"));
        assert!(t.contains("    permit_privileged_ports = False"));
        assert!(t.contains(&format!("CONTROL_PORT = {}", i.control_port)));
        assert!(t.contains(&format!("MAX_CLIENTS = {}", i.max_clients)));
        assert!(t.contains(&format!("MAX_CLIENTS_PER_IP = {}", i.max_per_ip)));
        assert!(t.contains(&format!("    timeout = {}", i.data_timeout)));
        assert_eq!(t.contains("TLS_FTPHandler as HandlerBase"), i.tls, "{name}");
        assert_eq!(t.contains("    tls_data_required = True"), i.tls, "{name}");
        assert_eq!(
            t.contains("not in (\"PORT\", \"EPRT\")"),
            !i.active,
            "{name}"
        );
        let masq = format!("    masquerade_address = \"{}\"", i.address);
        assert_eq!(t.contains(&masq), i.address == "198.51.100.20", "{name}");
        // Python: class bodies indented by four spaces, no tabs.
        assert!(!t.contains('\t'));
    }
}

#[test]
fn firewall_rules() {
    for (name, i) in variants() {
        let (c, lo, hi) = (i.control_port, i.passive_min, i.passive_max);
        let nft = text(Target::Nftables, &i);
        assert!(nft.starts_with("#!/usr/sbin/nft -f\n"));
        assert!(nft.contains("\t\ttype filter hook input priority filter; policy drop;"));
        assert!(nft.contains(&format!("\t\ttcp dport {c} ct state new accept")));
        assert!(nft.contains(&format!("\t\ttcp dport {lo}-{hi} ct state new accept")));
        assert!(nft.contains("\t\tct state established,related accept"));
        assert_eq!(
            nft.contains(&format!("tcp dport {c} ct helper set \"ftp-standard\"")),
            !i.tls,
            "{name}"
        );
        assert_eq!(nft.contains("ct helper ftp-standard {"), !i.tls, "{name}");
        assert_eq!(nft.contains("chain output"), i.active, "{name}");
        assert_eq!(
            nft.matches('{').count(),
            nft.matches('}').count(),
            "{name}: braces"
        );
        if i.tls {
            assert!(
                nft.contains("cannot read the PASV/EPSV replies"),
                "{name}: the TLS comment"
            );
        }

        let ipt = text(Target::Iptables, &i);
        assert_eq!(ipt.matches("<<'EOF'\n").count(), 2, "{name}: IPv4 and IPv6");
        assert_eq!(ipt.matches("\nEOF\n").count(), 2);
        assert_eq!(
            ipt.matches("\nCOMMIT\n").count(),
            4,
            "{name}: raw and filter, twice"
        );
        assert_eq!(
            ipt.matches(&format!(
                "-A INPUT -p tcp --dport {c} -m conntrack --ctstate NEW -j ACCEPT"
            ))
            .count(),
            2
        );
        assert_eq!(
            ipt.matches(&format!(
                "-A INPUT -p tcp --dport {lo}:{hi} -m conntrack --ctstate NEW -j ACCEPT"
            ))
            .count(),
            2
        );
        assert_eq!(
            ipt.matches(&format!(
                "-A PREROUTING -p tcp --dport {c} -j CT --helper ftp"
            ))
            .count(),
            if i.tls { 0 } else { 2 }
        );
        assert!(
            ipt.contains("-A INPUT -p ipv6-icmp -j ACCEPT")
                && ipt.contains("-A INPUT -p icmp -j ACCEPT")
        );
        assert_eq!(
            ipt.contains("-A OUTPUT -p tcp --sport 20"),
            i.active,
            "{name}"
        );

        let ufw = text(Target::Ufw, &i);
        assert!(ufw.contains(&format!("\nufw allow {c}/tcp comment 'FTP control'\n")));
        assert!(ufw.contains(&format!(
            "\nufw allow {lo}:{hi}/tcp comment 'FTP passive data'\n"
        )));
        assert!(ufw.contains("\nufw allow 22/tcp comment 'SSH'\n"));
        assert!(ufw.find("ufw allow 22/tcp").unwrap() < ufw.find("ufw --force enable").unwrap());

        let fwd = text(Target::Firewalld, &i);
        assert!(fwd.contains(&format!("  <port protocol=\"tcp\" port=\"{c}\"/>")));
        assert!(fwd.contains(&format!("  <port protocol=\"tcp\" port=\"{lo}-{hi}\"/>")));
        let helper = match (i.tls, c) {
            (true, _) => None,
            (false, 21) => Some("ftp".to_string()),
            (false, p) => Some(format!("ftp-{p}")),
        };
        assert_eq!(fwd.contains("<helper name="), helper.is_some(), "{name}");
        if let Some(h) = &helper {
            assert!(fwd.contains(&format!("<helper name=\"{h}\"/>")));
            assert_eq!(
                fwd.contains("<helper module=\"nf_conntrack_ftp\">"),
                c != 21
            );
        }
        // XML comments must not hold "--".
        for line in fwd.lines().filter(|l| l.trim_start().starts_with("<!--")) {
            let inner = line
                .trim()
                .trim_start_matches("<!--")
                .trim_end_matches("-->");
            assert!(!inner.contains("--"), "{name}: {line}");
        }

        // Docker needs an IPv4 address to advertise (checked in every_target_generates_…).
        if let Ok(docker) = generate(Target::Docker, &i) {
            assert!(docker.text.contains(&format!("  -p {c}:{c}/tcp \\\n")));
            assert!(docker
                .text
                .contains(&format!("  -p {lo}-{hi}:{lo}-{hi}/tcp \\\n")));
        }
    }
}

#[test]
fn single_port_ranges_are_written_as_one_port() {
    let i = Inputs {
        passive_min: 50000,
        passive_max: 50000,
        max_clients: 1,
        max_per_ip: 1,
        ..inputs()
    };
    assert!(text(Target::Nftables, &i).contains("\t\ttcp dport 50000 ct state new accept"));
    assert!(text(Target::Iptables, &i).contains("--dport 50000 -m conntrack"));
    assert!(text(Target::Ufw, &i).contains("ufw allow 50000/tcp"));
    assert!(text(Target::Firewalld, &i).contains("port=\"50000\"/>"));
    assert!(text(Target::Docker, &i).contains("-p 50000:50000/tcp"));
    assert!(text(Target::Vsftpd, &i).contains("pasv_min_port=50000\npasv_max_port=50000\n"));
    let p = generate(Target::Proftpd, &i).unwrap_err();
    assert_eq!(
        codes(&p),
        [
            "passive-range-single-port",
            "address-documentation",
            "passive-range-tight"
        ]
    );
}

// --------------------------------------------------------------------------------------------------
// Validation: each code, with inputs that trigger it and close inputs that do not.

struct Case {
    code: Code,
    severity: Severity,
    field: Field,
    target: Target,
    yes: Inputs,
    no: Inputs,
}

fn case(
    code: Code,
    severity: Severity,
    field: Field,
    target: Target,
    yes: Inputs,
    no: Inputs,
) -> Case {
    Case {
        code,
        severity,
        field,
        target,
        yes,
        no,
    }
}

fn with(f: impl FnOnce(&mut Inputs)) -> Inputs {
    let mut i = Inputs {
        address: "198.51.100.20".into(),
        ..Inputs::default()
    };
    f(&mut i);
    i
}

fn cases() -> Vec<Case> {
    use Code::*;
    use Severity::{Error, Warning};
    use Target::*;
    vec![
        case(
            AddressInvalid,
            Error,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "192.168.1.256".into()),
            with(|i| i.address = "192.168.1.255".into()),
        ),
        case(
            AddressInvalid,
            Error,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "010.0.0.1".into()),
            with(|i| i.address = "10.0.0.1".into()),
        ),
        case(
            AddressInvalid,
            Error,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "ftp_server.example".into()),
            with(|i| i.address = "ftp-server.example".into()),
        ),
        case(
            AddressInvalid,
            Error,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "1.2.3.4\nanon_upload_enable=YES".into()),
            with(|i| i.address = " 1.2.3.4 ".into()),
        ),
        case(
            AddressInvalid,
            Error,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "::ffff:198.51.100.20".into()),
            with(|i| i.address = "2001:db8::1".into()),
        ),
        case(
            AddressInvalid,
            Error,
            Field::Address,
            Nftables,
            with(|i| i.address = "not an address".into()),
            with(|i| i.address = String::new()),
        ),
        case(
            AddressRequired,
            Error,
            Field::Address,
            Vsftpd,
            with(|i| {
                i.address = String::new();
                i.behind_nat = true
            }),
            with(|i| {
                i.address = String::new();
                i.behind_nat = false
            }),
        ),
        case(
            AddressRequired,
            Error,
            Field::Address,
            Docker,
            with(|i| i.address = String::new()),
            with(|i| i.address = "198.51.100.20".into()),
        ),
        case(
            AddressUnusable,
            Error,
            Field::Address,
            Proftpd,
            with(|i| i.address = "0.0.0.0".into()),
            with(|i| i.address = "1.0.0.1".into()),
        ),
        case(
            AddressUnusable,
            Error,
            Field::Address,
            Proftpd,
            with(|i| i.address = "224.0.0.1".into()),
            with(|i| i.address = "223.255.255.254".into()),
        ),
        case(
            AddressUnusable,
            Error,
            Field::Address,
            Proftpd,
            with(|i| i.address = "240.0.0.1".into()),
            with(|i| i.address = "8.8.8.8".into()),
        ),
        case(
            AddressNotPublic,
            Error,
            Field::Address,
            Vsftpd,
            with(|i| {
                i.address = "192.168.1.10".into();
                i.behind_nat = true
            }),
            with(|i| {
                i.address = "192.168.1.10".into();
                i.behind_nat = false
            }),
        ),
        case(
            AddressNotPublic,
            Error,
            Field::Address,
            PureFtpd,
            with(|i| {
                i.address = "100.64.0.1".into();
                i.behind_nat = true
            }),
            with(|i| {
                i.address = "100.63.255.255".into();
                i.behind_nat = true
            }),
        ),
        case(
            AddressNotPublic,
            Warning,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "10.0.0.5".into()),
            with(|i| i.address = "11.0.0.5".into()),
        ),
        case(
            AddressNotPublic,
            Warning,
            Field::Address,
            Pyftpdlib,
            with(|i| i.address = "127.0.0.1".into()),
            with(|i| i.address = "128.0.0.1".into()),
        ),
        case(
            AddressNotPublic,
            Error,
            Field::Address,
            Docker,
            with(|i| i.address = "172.17.0.2".into()),
            with(|i| i.address = "172.32.0.2".into()),
        ),
        case(
            AddressDocumentation,
            Warning,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "203.0.113.9".into()),
            with(|i| i.address = "203.0.114.9".into()),
        ),
        case(
            AddressIpv6,
            Warning,
            Field::Address,
            Proftpd,
            with(|i| i.address = "2001:db8::1".into()),
            with(|i| i.address = "192.0.2.1".into()),
        ),
        case(
            AddressIpv6,
            Error,
            Field::Address,
            Proftpd,
            with(|i| {
                i.address = "2001:db8::1".into();
                i.behind_nat = true
            }),
            with(|i| {
                i.address = "192.0.2.1".into();
                i.behind_nat = true
            }),
        ),
        case(
            AddressHostNameUnsupported,
            Error,
            Field::Address,
            Pyftpdlib,
            with(|i| i.address = "ftp.example.com".into()),
            with(|i| i.address = "198.51.100.20".into()),
        ),
        case(
            AddressResolvedAtStart,
            Warning,
            Field::Address,
            Vsftpd,
            with(|i| i.address = "ftp.example.com".into()),
            with(|i| i.address = "198.51.100.20".into()),
        ),
        case(
            AddressResolvedAtStart,
            Warning,
            Field::Address,
            Proftpd,
            with(|i| i.address = "ftp.example.com".into()),
            with(|i| i.address = "198.51.100.20".into()),
        ),
        case(
            PassiveRangeOutOfBounds,
            Error,
            Field::PassivePorts,
            Iptables,
            with(|i| {
                i.passive_min = 1023;
                i.passive_max = 2000
            }),
            with(|i| {
                i.passive_min = 1024;
                i.passive_max = 2000
            }),
        ),
        case(
            PassiveRangeOutOfBounds,
            Error,
            Field::PassivePorts,
            Vsftpd,
            with(|i| {
                i.passive_min = 65000;
                i.passive_max = 65536
            }),
            with(|i| {
                i.passive_min = 65000;
                i.passive_max = 65535
            }),
        ),
        case(
            PassiveRangeReversed,
            Error,
            Field::PassivePorts,
            Vsftpd,
            with(|i| {
                i.passive_min = 51000;
                i.passive_max = 50000
            }),
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 51000
            }),
        ),
        case(
            PassiveRangeIncludesControlPort,
            Error,
            Field::PassivePorts,
            Ufw,
            with(|i| i.control_port = 50500),
            with(|i| i.control_port = 51001),
        ),
        case(
            PassiveRangeTooSmall,
            Error,
            Field::PassivePorts,
            Vsftpd,
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50048
            }),
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50049
            }),
        ),
        case(
            PassiveRangeTooSmall,
            Error,
            Field::PassivePorts,
            Nftables,
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50009;
                i.max_clients = 11
            }),
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50009;
                i.max_clients = 10
            }),
        ),
        case(
            PassiveRangeSinglePort,
            Error,
            Field::PassivePorts,
            Proftpd,
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50000;
                i.max_clients = 1;
                i.max_per_ip = 1
            }),
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50001;
                i.max_clients = 1;
                i.max_per_ip = 1
            }),
        ),
        case(
            PassiveRangeTight,
            Warning,
            Field::PassivePorts,
            Vsftpd,
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50098;
            }),
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50099;
            }),
        ),
        case(
            PassiveRangeIncludesServicePorts,
            Warning,
            Field::PassivePorts,
            Nftables,
            with(|i| {
                i.passive_min = 3250;
                i.passive_max = 3350;
            }),
            with(|i| {
                i.passive_min = 3307;
                i.passive_max = 3388;
            }),
        ),
        case(
            PureFtpdClientsCapped,
            Warning,
            Field::MaxClients,
            PureFtpd,
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50098
            }),
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50099
            }),
        ),
        case(
            PureFtpdClientsCapped,
            Warning,
            Field::MaxClients,
            PureFtpd,
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50098;
                i.max_clients = 0
            }),
            with(|i| {
                i.passive_min = 50000;
                i.passive_max = 50098;
                i.max_clients = 49
            }),
        ),
        case(
            ControlPortOutOfRange,
            Error,
            Field::ControlPort,
            Firewalld,
            with(|i| i.control_port = 0),
            with(|i| i.control_port = 1),
        ),
        case(
            ControlPortOutOfRange,
            Error,
            Field::ControlPort,
            Vsftpd,
            with(|i| i.control_port = 65536),
            with(|i| i.control_port = 65535),
        ),
        case(
            UnlimitedClients,
            Warning,
            Field::MaxClients,
            Pyftpdlib,
            with(|i| i.max_clients = 0),
            with(|i| i.max_clients = 1),
        ),
        case(
            UnlimitedPerIp,
            Warning,
            Field::MaxPerIp,
            Proftpd,
            with(|i| i.max_per_ip = 0),
            with(|i| i.max_per_ip = 1),
        ),
        case(
            MaxPerIpAboveMaxClients,
            Warning,
            Field::MaxPerIp,
            Vsftpd,
            with(|i| {
                i.max_clients = 5;
                i.max_per_ip = 6
            }),
            with(|i| {
                i.max_clients = 5;
                i.max_per_ip = 5
            }),
        ),
        case(
            DataTimeoutOutOfRange,
            Error,
            Field::DataTimeout,
            Vsftpd,
            with(|i| i.data_timeout = 0),
            with(|i| i.data_timeout = 1),
        ),
        case(
            DataTimeoutOutOfRange,
            Error,
            Field::DataTimeout,
            Nftables,
            with(|i| i.data_timeout = 65536),
            with(|i| i.data_timeout = 65535),
        ),
        case(
            DataTimeoutShort,
            Warning,
            Field::DataTimeout,
            Proftpd,
            with(|i| i.data_timeout = 29),
            with(|i| i.data_timeout = 30),
        ),
        case(
            DataTimeoutUnsupported,
            Warning,
            Field::DataTimeout,
            PureFtpd,
            with(|i| i.data_timeout = 600),
            with(|i| i.data_timeout = 300),
        ),
        case(
            ActiveModeNotDisableable,
            Warning,
            Field::Active,
            PureFtpd,
            with(|i| i.active = false),
            with(|i| i.active = true),
        ),
        case(
            TlsActiveMode,
            Warning,
            Field::Active,
            Nftables,
            with(|i| {
                i.tls = true;
                i.active = true
            }),
            with(|i| {
                i.tls = true;
                i.active = false
            }),
        ),
    ]
}

#[test]
fn each_code_triggers_and_not_on_close_inputs() {
    for c in cases() {
        let yes = check(c.target, &c.yes);
        let hit = yes.iter().find(|p| p.code == c.code).unwrap_or_else(|| {
            panic!(
                "{} not raised for {} by {:?}: {:?}",
                c.code,
                c.target,
                c.yes,
                codes(&yes)
            )
        });
        assert_eq!(
            hit.severity, c.severity,
            "{} for {}: {hit:?}",
            c.code, c.target
        );
        assert_eq!(hit.field, c.field, "{} for {}", c.code, c.target);
        assert!(
            hit.message.len() > 30,
            "{}: a clear message: {}",
            c.code,
            hit.message
        );
        // Not raised (at that severity: a code that is an error behind NAT may stay a warning without).
        let no = check(c.target, &c.no);
        assert!(
            !no.iter()
                .any(|p| p.code == c.code && p.severity == c.severity),
            "{} raised for {} by {:?}: {:?}",
            c.code,
            c.target,
            c.no,
            codes(&no)
        );
        // An error stops generation; a warning travels with the text.
        match (generate(c.target, &c.yes), c.severity) {
            (Err(p), Severity::Error) => assert!(p.iter().any(|x| x.code == c.code)),
            (Ok(g), Severity::Warning) => assert!(g.warnings.iter().any(|x| x.code == c.code)),
            (r, s) => panic!("{} ({s:?}) for {}: {r:?}", c.code, c.target),
        }
    }
}

#[test]
fn every_code_is_tested() {
    let tested: Vec<Code> = cases().iter().map(|c| c.code).collect();
    // The parse codes are tested with the query and the range parser below.
    let parse = [
        Code::PassiveRangeSyntax,
        Code::NotANumber,
        Code::NotABoolean,
        Code::TargetUnknown,
    ];
    for code in Code::ALL {
        assert!(
            tested.contains(code) || parse.contains(code),
            "{code} has no test case"
        );
        assert!(
            code.as_str()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{code}: kebab-case"
        );
    }
}

#[test]
fn errors_come_first_and_the_firewalls_ignore_the_address_class() {
    let i = with(|i| {
        i.address = "192.168.1.10".into();
        i.behind_nat = true;
        i.max_clients = 0;
        i.passive_min = 1000;
    });
    let p = check(Target::Vsftpd, &i);
    let first_warning = p.iter().position(|p| !p.is_error()).unwrap();
    assert!(p[..first_warning].iter().all(Problem::is_error));
    assert!(p[first_warning..].iter().all(|p| !p.is_error()));
    assert_eq!(
        codes(&p),
        [
            "address-not-public",
            "passive-range-out-of-bounds",
            "unlimited-clients"
        ]
    );
    // A firewall does not use the address: a private one is no problem there.
    let fw = check(
        Target::Nftables,
        &with(|i| {
            i.address = "192.168.1.10".into();
            i.behind_nat = true
        }),
    );
    assert!(fw.is_empty(), "{fw:?}");
}

#[test]
fn messages_explain() {
    let p = check(
        Target::Vsftpd,
        &with(|i| {
            i.address = "10.1.2.3".into();
            i.behind_nat = true
        }),
    );
    assert!(
        p[0].message
            .contains("10.1.2.3 is a private address (10.0.0.0/8, RFC 1918)"),
        "{}",
        p[0].message
    );
    assert!(p[0].message.contains("public address"), "{}", p[0].message);
    let p = check(
        Target::Vsftpd,
        &with(|i| {
            i.passive_min = 50000;
            i.passive_max = 50009;
            i.max_clients = 20
        }),
    );
    assert!(
        p[0].message
            .contains("holds 10 port(s) for up to 20 clients"),
        "{}",
        p[0].message
    );
    let p = check(Target::Vsftpd, &with(|i| i.address = "1.2.3.4\nx".into()));
    assert!(
        p[0].message
            .contains("neither an IP address nor a host name"),
        "{}",
        p[0].message
    );
    let p = check(Target::Vsftpd, &with(|i| i.address = "010.0.0.1".into()));
    assert!(
        p[0].message.starts_with("'010.0.0.1' is not an IP address"),
        "{}",
        p[0].message
    );
}

#[test]
fn host_names() {
    for ok in [
        "ftp.example.com",
        "localhost",
        "a-b.c-d.example",
        "xn--bcher-kva.example",
        &"a".repeat(63),
    ] {
        assert!(
            check(Target::Vsftpd, &with(|i| i.address = ok.to_string()))
                .iter()
                .all(|p| p.code != Code::AddressInvalid),
            "{ok}"
        );
    }
    for bad in [
        "-ftp.example",
        "ftp-.example",
        "ftp..example",
        ".example",
        "ftp.example.",
        "bücher.example",
        "ftp.123",
        &"a".repeat(64),
        &format!("{}.com", "a.".repeat(130)),
    ] {
        let p = check(Target::Vsftpd, &with(|i| i.address = bad.to_string()));
        assert_eq!(
            p.first().map(|p| p.code),
            Some(Code::AddressInvalid),
            "{bad}: {p:?}"
        );
    }
}

#[test]
fn the_range_parser() {
    assert_eq!(parse_port_range("50000-51000").unwrap(), (50000, 51000));
    assert_eq!(parse_port_range(" 50000 - 51000 ").unwrap(), (50000, 51000));
    assert_eq!(
        parse_port_range("70000-80000").unwrap(),
        (70000, 80000),
        "syntax only; check() judges"
    );
    for bad in [
        "",
        "50000",
        "50000:51000",
        "a-b",
        "-1-5",
        "+5-6",
        "5-",
        "99999999999-1",
    ] {
        let e = parse_port_range(bad).unwrap_err();
        assert_eq!(e.code, Code::PassiveRangeSyntax, "{bad}");
        assert_eq!(e.field, Field::PassivePorts);
    }
}

#[test]
fn targets_are_listed_with_names() {
    let list = targets();
    assert_eq!(list.len(), 9);
    for t in &list {
        assert_eq!(Target::from_name(t.name), Some(t.target));
        assert!(!t.display_name.is_empty() && !t.filename.is_empty());
    }
    assert_eq!(list.iter().filter(|t| t.kind == Kind::Server).count(), 4);
    assert_eq!(list.iter().filter(|t| t.kind == Kind::Firewall).count(), 4);
    assert_eq!(Target::from_name("PURE-FTPD"), Some(Target::PureFtpd));
    assert_eq!(Target::from_name("pureftpd"), Some(Target::PureFtpd));
    assert_eq!(Target::from_name("apache"), None);
    let json = serde_json::to_value(list[0]).unwrap();
    assert_eq!(json["target"], "vsftpd");
    assert_eq!(json["kind"], "server");
}

#[test]
fn generated_and_problems_serialize_for_the_page() {
    let g = generate(Target::Vsftpd, &with(|i| i.address = "203.0.113.1".into())).unwrap();
    let v = serde_json::to_value(&g).unwrap();
    assert_eq!(v["target"], "vsftpd");
    assert_eq!(v["warnings"][0]["code"], "address-documentation");
    assert_eq!(v["warnings"][0]["severity"], "warning");
    assert_eq!(v["warnings"][0]["field"], "address");
    assert_eq!(v["filename"], "vsftpd.conf");
}

#[test]
fn the_command_line_shows_only_what_differs() {
    assert_eq!(
        command_line(Target::Nftables, &Inputs::default()),
        "ftp-explorer config nftables --passive-ports 50000-51000"
    );
    let i = Inputs {
        address: "ftp.example.com".into(),
        behind_nat: true,
        active: false,
        tls: true,
        max_clients: 7,
        max_per_ip: 2,
        data_timeout: 60,
        control_port: 2121,
        ..Inputs::default()
    };
    assert_eq!(
        command_line(Target::Proftpd, &i),
        "ftp-explorer config proftpd --address ftp.example.com --passive-ports 50000-51000 --behind-nat --no-active --tls --max-clients 7 --max-per-ip 2 --data-timeout 60 --control-port 2121"
    );
}

// --------------------------------------------------------------------------------------------------
// The query string.

#[test]
fn query_round_trip_and_compactness() {
    let f = Form::default();
    assert_eq!(to_query(&f), "target=vsftpd&ports=50000-51000");
    let f = Form {
        target: Target::PureFtpd,
        inputs: Inputs {
            address: "ftp.example.com".into(),
            behind_nat: true,
            tls: true,
            active: false,
            max_clients: 0,
            ..Inputs::default()
        },
    };
    let q = to_query(&f);
    assert_eq!(q, "target=pure-ftpd&ports=50000-51000&address=ftp.example.com&nat=1&active=0&tls=1&max_clients=0");
    assert_eq!(from_query(&q), (f.clone(), vec![]));
    assert_eq!(from_query(&format!("?{q}")).0, f);
    assert_eq!(from_query(&format!("#{q}")).0, f);
    let v6 = Form {
        inputs: Inputs {
            address: "2001:db8::1 x&y=z%".into(),
            ..Inputs::default()
        },
        ..Form::default()
    };
    assert!(to_query(&v6).contains("address=2001:db8::1%20x%26y%3Dz%25"));
    assert_eq!(from_query(&to_query(&v6)).0, v6);
}

#[test]
fn query_ignores_unknown_keys_and_reports_bad_values() {
    let (f, p) = from_query("target=nftables&utm_source=x&theme=dark&ports=40000-40100");
    assert!(p.is_empty());
    assert_eq!(f.target, Target::Nftables);
    assert_eq!((f.inputs.passive_min, f.inputs.passive_max), (40000, 40100));

    let (f, p) = from_query("target=iis&ports=5-x&nat=maybe&max_clients=-3&data_timeout=&control_port=99999999999&tls=yes");
    assert_eq!(f.target, Target::Vsftpd, "the default stays");
    assert_eq!(f.inputs.passive_min, 50000);
    assert!(f.inputs.tls);
    let got: Vec<(&str, Field)> = p.iter().map(|p| (p.code.as_str(), p.field)).collect();
    assert_eq!(
        got,
        [
            ("target-unknown", Field::Target),
            ("passive-range-syntax", Field::PassivePorts),
            ("not-a-boolean", Field::BehindNat),
            ("not-a-number", Field::MaxClients),
            ("not-a-number", Field::DataTimeout),
            ("not-a-number", Field::ControlPort),
        ]
    );
    assert!(p.iter().all(|p| p.severity == Severity::Error));
    // The last of repeated keys wins, and a good value clears an earlier bad one's problem.
    let (f, p) = from_query("max_clients=x&max_clients=9&address=a&address=b");
    assert!(p.is_empty(), "{p:?}");
    assert_eq!((f.inputs.max_clients, f.inputs.address.as_str()), (9, "b"));
    // Malformed escapes stay as they are; '+' is a space.
    assert_eq!(from_query("address=%zz%4").0.inputs.address, "%zz%4");
    assert_eq!(from_query("address=a+b%2Bc").0.inputs.address, "a b+c");
    assert_eq!(from_query("").0, Form::default());
    assert_eq!(
        from_query("&&=&nat").1.len(),
        1,
        "a key without a value is an empty value"
    );
}

#[test]
fn pair_query_reads_old_links_and_round_trips() {
    // A link from before the page showed a server beside its firewall opens the same form.
    let (p, problems) = Pair::from_query("target=nftables&ports=40000-40100");
    assert!(problems.is_empty());
    assert_eq!((p.server, p.firewall), (Target::Vsftpd, Target::Nftables));
    assert_eq!((p.inputs.passive_min, p.inputs.passive_max), (40000, 40100));
    let (p, _) = Pair::from_query("target=ufw&address=198.51.100.2&nat=1");
    assert_eq!((p.server, p.firewall), (Target::Vsftpd, Target::Ufw));
    assert!(p.inputs.behind_nat);
    let (p, _) = Pair::from_query("target=proftpd&address=198.51.100.2");
    assert_eq!((p.server, p.firewall), (Target::Proftpd, Target::Nftables));
    assert_eq!(Pair::from_query("").0, Pair::default());
    // firewall= names the firewall side, and wins over a firewall named by target=.
    let (p, problems) = Pair::from_query("target=pure-ftpd&firewall=docker");
    assert!(problems.is_empty());
    assert_eq!((p.server, p.firewall), (Target::PureFtpd, Target::Docker));
    let (p, _) = Pair::from_query("target=iptables&firewall=firewalld");
    assert_eq!(p.firewall, Target::Firewalld);
    // A server, or nothing known, as the firewall: reported, the default kept.
    for bad in ["vsftpd", "pf", ""] {
        let (p, problems) = Pair::from_query(&format!("target=proftpd&firewall={bad}"));
        assert_eq!(p.firewall, Target::Nftables);
        assert_eq!(codes(&problems), ["target-unknown"], "{bad}");
        assert_eq!(problems[0].field, Field::Target);
        assert!(problems[0].message.starts_with(&format!(
            "unknown firewall '{bad}' (one of: nftables, iptables, ufw, firewalld, docker)"
        )));
    }
    // The written link: compact, the firewall only when not the default.
    assert_eq!(
        Pair::default().to_query(),
        "target=vsftpd&ports=50000-51000"
    );
    let p = Pair {
        server: Target::Pyftpdlib,
        firewall: Target::Iptables,
        inputs: Inputs {
            address: "198.51.100.2".into(),
            tls: true,
            ..Inputs::default()
        },
    };
    assert_eq!(
        p.to_query(),
        "target=pyftpdlib&firewall=iptables&ports=50000-51000&address=198.51.100.2&tls=1"
    );
    assert_eq!(Pair::from_query(&p.to_query()), (p, vec![]));
}

#[test]
fn preview_leaves_out_what_is_wrong_and_says_which() {
    // Valid inputs: no preview, generate answers.
    assert_eq!(preview(Target::Vsftpd, &inputs()), None);
    // Behind NAT without an address: written without one, the address named.
    let i = Inputs {
        behind_nat: true,
        ..Inputs::default()
    };
    let (g, fields) = preview(Target::Vsftpd, &i).unwrap();
    assert_eq!(fields, [Field::Address]);
    assert!(!g.text.contains("pasv_address="));
    assert!(g.text.contains("\npasv_min_port=50000\n"));
    assert!(
        g.text.contains("--behind-nat"),
        "the header says what it was written for"
    );
    // A private address behind NAT: the same.
    let i = Inputs {
        address: "192.168.1.5".into(),
        ..inputs()
    };
    let (g, fields) = preview(Target::Proftpd, &i).unwrap();
    assert_eq!(fields, [Field::Address]);
    assert!(!g.text.contains("MasqueradeAddress 192.168.1.5"));
    // Docker needs an address whatever the NAT box says.
    let (g, fields) = preview(Target::Docker, &Inputs::default()).unwrap();
    assert_eq!(fields, [Field::Address]);
    assert!(g.text.contains("-p 50000-51000:50000-51000/tcp"));
    // A reversed range: the default range, the rest kept.
    let i = Inputs {
        passive_min: 60000,
        passive_max: 59000,
        tls: true,
        control_port: 990,
        ..inputs()
    };
    let (g, fields) = preview(Target::Nftables, &i).unwrap();
    assert_eq!(fields, [Field::PassivePorts]);
    assert!(g.text.contains("tcp dport 50000-51000 ct state new accept"));
    assert!(g.text.contains("tcp dport 990 ct state new accept"));
    // A range too small for the clients, then a control port inside the default range: two rounds.
    let i = Inputs {
        passive_min: 50000,
        passive_max: 50009,
        max_clients: 5000,
        control_port: 50500,
        ..inputs()
    };
    let (_, fields) = preview(Target::Vsftpd, &i).unwrap();
    assert!(
        fields.contains(&Field::PassivePorts) && fields.contains(&Field::ControlPort),
        "{fields:?}"
    );
}

#[test]
fn wrong_while_typing_only_when_nothing_typed_next_can_mend_it() {
    for (field, text) in [
        (Field::Address, ""),
        (Field::Address, "2"),
        (Field::Address, "203.0."),
        (Field::Address, "203.0.113.999"),
        (Field::Address, "ftp.exa"),
        (Field::Address, "ftp-"),
        (Field::Address, "2001:db8:"),
        (Field::Address, " 198.51.100.7 "),
        (Field::PassivePorts, "50000-"),
        (Field::PassivePorts, "50000-5"),
        (Field::PassivePorts, "5"),
        (Field::PassivePorts, "50000 - 51000"),
        (Field::MaxClients, ""),
        (Field::MaxClients, "0"),
        (Field::ControlPort, "2"),
        (Field::DataTimeout, "65535"),
    ] {
        assert!(!wrong_while_typing(field, text), "{field:?} {text:?}");
    }
    for (field, text) in [
        (Field::Address, "203.0.113.10 x"),
        (Field::Address, "ftp_example"),
        (Field::Address, "ftp..example"),
        (Field::Address, ".example"),
        (Field::Address, "é"),
        (Field::PassivePorts, "50000:51000"),
        (Field::PassivePorts, "50000-51000-"),
        (Field::PassivePorts, "70000"),
        (Field::PassivePorts, "a"),
        (Field::MaxClients, "-1"),
        (Field::MaxClients, "5x"),
        (Field::MaxClients, "99999999999"),
        (Field::ControlPort, "65536"),
        (Field::DataTimeout, "1e3"),
    ] {
        assert!(wrong_while_typing(field, text), "{field:?} {text:?}");
    }
}

fn any_target() -> impl Strategy<Value = Target> {
    prop::sample::select(Target::ALL.to_vec())
}

fn any_inputs() -> impl Strategy<Value = Inputs> {
    let address = prop_oneof![
        Just(String::new()),
        "\\PC{0,30}",
        "[0-9.]{1,16}",
        "[0-9a-f:]{2,20}",
        "[a-z0-9.-]{1,30}",
        Just("203.0.113.5".to_string()),
        Just("ftp.example.com".to_string()),
    ];
    let port = prop_oneof![0u32..70000, any::<u32>(), Just(21u32)];
    (
        address,
        any::<bool>(),
        port.clone(),
        port.clone(),
        any::<bool>(),
        any::<bool>(),
        prop_oneof![0u32..2000, any::<u32>()],
        prop_oneof![0u32..200, any::<u32>()],
        prop_oneof![0u32..70000, any::<u32>()],
        port,
    )
        .prop_map(
            |(
                address,
                behind_nat,
                passive_min,
                passive_max,
                active,
                tls,
                max_clients,
                max_per_ip,
                data_timeout,
                control_port,
            )| Inputs {
                address,
                behind_nat,
                passive_min,
                passive_max,
                active,
                tls,
                max_clients,
                max_per_ip,
                data_timeout,
                control_port,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn query_round_trips(target in any_target(), inputs in any_inputs()) {
        let f = Form { target, inputs };
        let (back, problems) = from_query(&to_query(&f));
        prop_assert!(problems.is_empty(), "{:?}", problems);
        prop_assert_eq!(back, f);
    }

    #[test]
    fn any_input_generates_or_explains(target in any_target(), inputs in any_inputs()) {
        let problems = check(target, &inputs);
        match generate(target, &inputs) {
            Ok(g) => {
                prop_assert!(problems.iter().all(|p| !p.is_error()));
                prop_assert_eq!(&g.warnings, &problems);
                prop_assert!(g.text.ends_with('\n'));
                // What the address puts in the text is only ever a checked address or host name.
                let a = inputs.address.trim();
                if !a.is_empty() {
                    prop_assert!(a.bytes().all(|b| b.is_ascii_alphanumeric() || b".:-".contains(&b)));
                }
            }
            Err(p) => {
                prop_assert_eq!(&p, &problems);
                prop_assert!(p.iter().any(Problem::is_error));
            }
        }
    }

    #[test]
    fn any_query_reads_without_panic(q in "\\PC{0,80}") {
        let _ = from_query(&q);
        let _ = Pair::from_query(&q);
    }

    #[test]
    fn pair_queries_round_trip(
        server in prop::sample::select(vec![Target::Vsftpd, Target::Proftpd, Target::PureFtpd, Target::Pyftpdlib]),
        firewall in prop::sample::select(vec![Target::Nftables, Target::Iptables, Target::Ufw, Target::Firewalld, Target::Docker]),
        inputs in any_inputs(),
    ) {
        let p = Pair { server, firewall, inputs };
        let (back, problems) = Pair::from_query(&p.to_query());
        prop_assert!(problems.is_empty(), "{:?}", problems);
        prop_assert_eq!(back, p);
    }

    /// Whatever the inputs, a form has something to show: the configuration, or a preview.
    #[test]
    fn any_input_has_a_text_to_show(target in any_target(), inputs in any_inputs()) {
        match (generate(target, &inputs), preview(target, &inputs)) {
            (Ok(_), None) => {}
            (Err(_), Some((g, fields))) => {
                prop_assert!(!fields.is_empty());
                prop_assert!(g.text.ends_with('\n'));
                prop_assert!(g.text.contains(&g.command));
            }
            (ok, p) => prop_assert!(false, "generate {:?} but preview {:?}", ok.is_ok(), p.is_some()),
        }
    }
}
