//! The server programs' texts: only options the program knows, with the values asked for.

use super::{directives, text, variants};
use ftp_explorer::config::{generate, Target, TLS_CERT_FILE, TLS_KEY_FILE};

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
