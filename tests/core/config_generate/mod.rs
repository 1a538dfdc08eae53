//! The configuration generator (`ftp_explorer::config`): every target with representative inputs, every
//! validation code (what triggers it and what does not), the query string round trip, and no panic on
//! any input. The proof on the real programs is `tests/live_config_servers/`.
//!
//! One test binary; a module per subject.

mod cases;
mod errors;
mod firewalls;
mod form;
mod properties;
mod servers;
mod targets;
mod validation;

use ftp_explorer::config::{generate, Inputs, Problem, Target};

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

/// Inputs with a documentation address, changed by `f`.
fn with(f: impl FnOnce(&mut Inputs)) -> Inputs {
    let mut i = Inputs {
        address: "198.51.100.20".into(),
        ..Inputs::default()
    };
    f(&mut i);
    i
}
