//! Every target with representative inputs: what each text holds and how it is laid out.

use super::{codes, directives, inputs, text, variants};
use ftp_explorer::config::{generate, Inputs, Severity, Target, NOTES_HEADING};

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
