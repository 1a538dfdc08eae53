//! Replies captured from real servers (tests/fixtures/servers/*.txt, see its README.md): every reply is
//! framed, every 227/228/229/522 reply and every PASV/EPSV/PORT/EPRT/LPRT/LPSV command is decoded, and the
//! notable replies are checked one by one.

use ftp_explorer::address::Category;
use ftp_explorer::wire::reply::{parse_reply, split_inputs};
use ftp_explorer::wire::{
    decode, decode_all, decode_with, Context, DecodeError, Decoded, ErrorCode, Form, Kind,
    WarningCode,
};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

const PASSIVE_PORTS: std::ops::RangeInclusive<u16> = 50000..=50010;
const MASQUERADE: &str = "203.0.113.5";

/// One transcript: its file name, the commands and the replies (multi-line replies joined with CRLF).
struct Transcript {
    name: String,
    /// (line number, text) of each `C:` line.
    commands: Vec<(usize, String)>,
    /// (line number of its first line, text) of each reply.
    replies: Vec<(usize, String)>,
}

impl Transcript {
    fn ipv6(&self) -> bool {
        self.name.contains("ipv6")
    }
    fn masquerade(&self) -> bool {
        self.name.contains("masquerade")
    }
    /// The control connection's peer as the capture client saw it.
    fn ctx(&self) -> Context {
        let peer = if self.ipv6() { "::1" } else { "127.0.0.1" };
        Context {
            control_peer: Some(peer.parse().unwrap()),
        }
    }
    fn reply(&self, prefix: &str) -> Vec<&str> {
        self.replies
            .iter()
            .filter(|(_, r)| r.starts_with(prefix))
            .map(|(_, r)| r.as_str())
            .collect()
    }
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/servers")
}

fn load(path: &Path) -> Transcript {
    let text = std::fs::read_to_string(path).unwrap();
    let mut t = Transcript {
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        commands: Vec::new(),
        replies: Vec::new(),
    };
    // Consecutive S: lines, then split into replies (a multi-line reply is one input).
    let mut block: Vec<(usize, &str)> = Vec::new();
    let flush = |block: &mut Vec<(usize, &str)>, t: &mut Transcript| {
        if block.is_empty() {
            return;
        }
        let joined = block
            .iter()
            .map(|(_, l)| *l)
            .collect::<Vec<_>>()
            .join("\r\n");
        let mut line_starts = Vec::new();
        let mut at = 0;
        for (n, l) in block.iter() {
            line_starts.push((at, *n));
            at += l.len() + 2;
        }
        for span in split_inputs(&joined) {
            let n = line_starts
                .iter()
                .rev()
                .find(|(s, _)| *s <= span.start)
                .unwrap()
                .1;
            t.replies
                .push((n, joined[span.start..span.end].to_string()));
        }
        block.clear();
    };
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if let Some(reply) = line.strip_prefix("S: ") {
            block.push((n, reply));
            continue;
        }
        flush(&mut block, &mut t);
        if let Some(command) = line.strip_prefix("C: ") {
            t.commands.push((n, command.to_string()));
        } else {
            assert!(
                line.starts_with('#') || line.is_empty(),
                "{}:{n}: unexpected line {line:?}",
                t.name
            );
        }
    }
    flush(&mut block, &mut t);
    t
}

fn transcripts() -> Vec<Transcript> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 13, "{paths:?}");
    paths.iter().map(|p| load(p)).collect()
}

fn find<'a>(all: &'a [Transcript], name: &str) -> &'a Transcript {
    all.iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no fixture {name}"))
}

fn codes(d: &Decoded) -> Vec<WarningCode> {
    d.warnings.iter().map(|w| w.code).collect()
}

/// The two 227 replies the README lists as malformed.
fn known_bad_227(t: &Transcript, reply: &str) -> Option<ErrorCode> {
    match (t.name.as_str(), reply) {
        ("proftpd-ipv6.txt", "227 Entering Passive Mode (1,195,88).") => {
            Some(ErrorCode::TooFewNumbers)
        }
        ("pyftpdlib-ipv6.txt", "227 Entering passive mode (::1,195,80).") => {
            Some(ErrorCode::WrongFamily)
        }
        _ => None,
    }
}

// ---------------------------------------------------------------- everything

#[test]
fn every_reply_is_well_framed() {
    let mut n = 0;
    for t in transcripts() {
        assert!(!t.replies.is_empty(), "{}", t.name);
        for (line, reply) in &t.replies {
            let framed =
                parse_reply(reply).unwrap_or_else(|e| panic!("{}:{line}: {reply:?}: {e}", t.name));
            assert_eq!(
                u32::from(framed.code),
                reply[..3].parse::<u32>().unwrap(),
                "{}:{line}",
                t.name
            );
            n += 1;
        }
    }
    assert!(n > 150, "only {n} replies");
}

#[test]
fn multiline_replies_are_grouped() {
    let all = transcripts();
    // Pure-FTPd's greeting: six lines, the first "220----------".
    let pure = find(&all, "pure-ftpd-ipv4.txt");
    let greeting = &pure.replies[0].1;
    assert!(greeting.starts_with("220---------- Welcome"));
    assert_eq!(greeting.lines().count(), 6);
    assert_eq!(parse_reply(greeting).unwrap().lines.len(), 6);
    // FEAT replies end with "211 End…".
    for t in &all {
        for r in t.reply("211-") {
            assert!(r.lines().last().unwrap().starts_with("211 "), "{}", t.name);
        }
    }
}

#[test]
fn every_endpoint_reply_decodes() {
    let mut counts = [0usize; 4];
    for t in transcripts() {
        let ctx = t.ctx();
        for (line, reply) in &t.replies {
            let code = &reply[..3];
            let at = format!("{}:{line}: {reply:?}", t.name);
            if !matches!(code, "227" | "228" | "229" | "522") {
                // Every other reply is refused as carrying no endpoint.
                let e = decode_with(reply, &ctx).unwrap_err();
                assert_eq!(e.code, ErrorCode::NoEndpointReply, "{at}");
                assert_eq!(e.span, ftp_explorer::wire::Span::new(0, 3), "{at}");
                continue;
            }
            let result = decode_with(reply, &ctx);
            match code {
                "227" => {
                    counts[0] += 1;
                    if let Some(expected) = known_bad_227(&t, reply) {
                        assert_eq!(result.unwrap_err().code, expected, "{at}");
                        continue;
                    }
                    let d = result.unwrap_or_else(|e| panic!("{at}: {e}"));
                    assert_eq!(d.kind, Kind::Pasv, "{at}");
                    assert_eq!(d.form, Form::Reply);
                    assert_eq!(d.code, Some(227));
                    let port = d.port().unwrap();
                    assert!(PASSIVE_PORTS.contains(&port), "{at}: port {port}");
                    let m = d.arithmetic.unwrap();
                    assert_eq!(m.p1, 195, "{at}");
                    assert_eq!(u32::from(m.p1) * 256 + u32::from(m.p2), u32::from(port));
                    let ip = d.ip().unwrap();
                    let category = d.address.as_ref().unwrap().category;
                    if t.masquerade() {
                        assert_eq!(ip, MASQUERADE.parse::<IpAddr>().unwrap(), "{at}");
                        assert_eq!(category, Category::Documentation, "{at}");
                    } else if t.ipv6() {
                        // vsftpd on IPv6 advertises 0.0.0.0.
                        assert_eq!(ip, "0.0.0.0".parse::<IpAddr>().unwrap(), "{at}");
                        assert_eq!(category, Category::Unspecified, "{at}");
                    } else {
                        assert_eq!(ip, "127.0.0.1".parse::<IpAddr>().unwrap(), "{at}");
                        assert_eq!(category, Category::Loopback, "{at}");
                    }
                    if t.ipv6() {
                        assert!(codes(&d).contains(&WarningCode::PasvOnIpv6), "{at}");
                    }
                }
                "229" => {
                    counts[1] += 1;
                    let d = result.unwrap_or_else(|e| panic!("{at}: {e}"));
                    assert_eq!(d.kind, Kind::Epsv, "{at}");
                    assert_eq!(d.code, Some(229));
                    let port = d.port().unwrap();
                    assert!(PASSIVE_PORTS.contains(&port), "{at}: port {port}");
                    assert_eq!(d.ip(), ctx.control_peer, "{at}");
                    assert_eq!(d.delimiter, Some('|'));
                    assert_eq!(d.address.as_ref().unwrap().category, Category::Loopback);
                    assert!(d.warnings.is_empty(), "{at}: {:?}", d.warnings);
                    // Without a context the address is unknown.
                    let bare = decode(reply).unwrap();
                    assert_eq!(bare.ip(), None);
                    assert_eq!(bare.port(), Some(port));
                }
                "228" => {
                    counts[2] += 1;
                    result.unwrap_or_else(|e| panic!("{at}: {e}"));
                }
                "522" => {
                    counts[3] += 1;
                    let d = result.unwrap_or_else(|e| panic!("{at}: {e}"));
                    assert_eq!(d.code, Some(522), "{at}");
                    assert_eq!(d.kind, Kind::Eprt, "{at}");
                    assert_eq!(d.endpoint, None, "{at}");
                }
                _ => unreachable!(),
            }
        }
    }
    // 227, 229, 228 (no server implements LPSV) and 522 replies in the committed captures.
    assert_eq!(counts, [14, 35, 0, 10]);
}

#[test]
fn every_endpoint_command_decodes() {
    let mut n = 0;
    for t in transcripts() {
        let ctx = t.ctx();
        for (line, command) in &t.commands {
            let verb = command.split(' ').next().unwrap();
            if !matches!(verb, "PASV" | "EPSV" | "LPSV" | "PORT" | "EPRT" | "LPRT") {
                assert_eq!(
                    decode(command).unwrap_err().code,
                    ErrorCode::UnknownInput,
                    "{}:{line}: {command}",
                    t.name
                );
                continue;
            }
            n += 1;
            let at = format!("{}:{line}: {command:?}", t.name);
            let result = decode_with(command, &ctx);
            match command.as_str() {
                "EPSV 3" | "EPRT |3|x|1|" => assert_eq!(
                    result.unwrap_err().code,
                    ErrorCode::UnsupportedNetworkProtocol,
                    "{at}"
                ),
                "PORT 127,0,0,1,0,0" => {
                    let e = result.unwrap_err();
                    assert_eq!(e.code, ErrorCode::PortZero, "{at}");
                    assert_eq!(&command[e.span.start..e.span.end], "0,0");
                }
                _ => {
                    let d = result.unwrap_or_else(|e| panic!("{at}: {e}"));
                    assert_eq!(d.form, Form::Command, "{at}");
                    // The command is reported canonically: the verb, or "EPSV 1" / "EPSV ALL".
                    let canonical = if verb == "EPSV" {
                        command.as_str()
                    } else {
                        verb
                    };
                    assert_eq!(d.command.as_deref(), Some(canonical), "{at}");
                    assert_eq!(d.kind.as_str(), verb.to_ascii_lowercase(), "{at}");
                    if d.kind.is_passive() {
                        assert_eq!(d.endpoint, None, "{at}");
                    } else {
                        let ip = d.ip().unwrap();
                        let category = d.address.as_ref().unwrap().category;
                        match ip.to_string().as_str() {
                            "127.0.0.1" | "::1" => {
                                assert_eq!(category, Category::Loopback, "{at}")
                            }
                            "10.0.0.1" => assert_eq!(category, Category::Private, "{at}"),
                            other => panic!("{at}: unexpected address {other}"),
                        }
                        assert!((50000..=50002).contains(&d.port().unwrap()), "{at}");
                    }
                }
            }
        }
    }
    assert!(n > 80, "only {n} commands");
}

#[test]
fn decode_all_on_a_whole_server_side() {
    // The server side of a transcript pasted at once: each reply is one input, nothing panics, and the
    // endpoint replies are exactly the ones that decode.
    for t in transcripts() {
        let text: String = t.replies.iter().map(|(_, r)| format!("{r}\r\n")).collect();
        let all = decode_all(&text, &t.ctx());
        assert_eq!(all.len(), t.replies.len(), "{}", t.name);
        for ((part, result), (_, reply)) in all.iter().zip(&t.replies) {
            assert_eq!(*part, reply.as_str());
            let endpoint = matches!(&reply[..3], "227" | "228" | "229" | "522");
            assert_eq!(
                result.is_ok(),
                endpoint && known_bad_227(&t, reply).is_none(),
                "{}: {reply:?}",
                t.name
            );
        }
    }
}

// ---------------------------------------------------------------- notable replies (README.md)

fn only(t: &Transcript, prefix: &str) -> String {
    let r = t.reply(prefix);
    assert_eq!(r.len(), 1, "{}: {r:?}", t.name);
    r[0].to_string()
}

#[test]
fn vsftpd_ipv6_pasv_advertises_0_0_0_0() {
    let all = transcripts();
    let t = find(&all, "vsftpd-ipv6.txt");
    let reply = only(t, "227");
    assert_eq!(reply, "227 Entering Passive Mode (0,0,0,0,195,83).");
    let d = decode(&reply).unwrap();
    assert_eq!(d.ip(), Some("0.0.0.0".parse().unwrap()));
    assert_eq!(d.port(), Some(50003));
    assert_eq!(codes(&d), [WarningCode::UnspecifiedAddress]);
    let w = &d.warnings[0];
    assert_eq!(
        &reply[w.span.unwrap().start..w.span.unwrap().end],
        "0,0,0,0"
    );
    let d = decode_with(&reply, &t.ctx()).unwrap();
    assert_eq!(
        codes(&d),
        [WarningCode::UnspecifiedAddress, WarningCode::PasvOnIpv6]
    );
}

#[test]
fn proftpd_ipv6_pasv_has_three_numbers() {
    let all = transcripts();
    let t = find(&all, "proftpd-ipv6.txt");
    let reply = only(t, "227");
    assert_eq!(reply, "227 Entering Passive Mode (1,195,88).");
    let e: DecodeError = decode(&reply).unwrap_err();
    assert_eq!(e.code, ErrorCode::TooFewNumbers);
    assert_eq!(e.message, "three numbers, PASV needs six");
    assert_eq!(&reply[e.span.start..e.span.end], "1,195,88");
    assert_eq!(e.note, None, "no client reads six numbers here");
}

#[test]
fn pyftpdlib_lowercase_227_and_ipv6_literal() {
    let all = transcripts();
    let t = find(&all, "pyftpdlib-ipv4.txt");
    let reply = only(t, "227");
    assert_eq!(reply, "227 Entering passive mode (127,0,0,1,195,84).");
    let d = decode(&reply).unwrap();
    assert_eq!(d.ip(), Some("127.0.0.1".parse().unwrap()));
    assert_eq!(d.port(), Some(50004));
    assert_eq!(d.address.as_ref().unwrap().category, Category::Loopback);
    assert_eq!(codes(&d), [WarningCode::NonPublicAddress]);

    let t = find(&all, "pyftpdlib-ipv6.txt");
    let reply = only(t, "227");
    assert_eq!(reply, "227 Entering passive mode (::1,195,80).");
    let e = decode(&reply).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongFamily);
    assert_eq!(&reply[e.span.start..e.span.end], "::1");
    assert!(e.message.contains("IPv6"), "{}", e.message);
    assert!(e.message.contains("EPSV"), "{}", e.message);
    // pyftpdlib's 229 ends with ").": still read.
    let d = decode("229 Entering extended passive mode (|||50004|).").unwrap();
    assert_eq!(d.port(), Some(50004));
    assert!(d.warnings.is_empty());
}

#[test]
fn masquerade_runs_advertise_the_documentation_address() {
    let all = transcripts();
    let mut seen = 0;
    for t in all.iter().filter(|t| t.masquerade()) {
        for reply in t.reply("227") {
            let d = decode_with(reply, &t.ctx()).unwrap();
            assert_eq!(d.ip(), Some(MASQUERADE.parse().unwrap()), "{}", t.name);
            let class = d.address.as_ref().unwrap();
            assert_eq!(class.category, Category::Documentation);
            assert_eq!(class.range.as_deref(), Some("203.0.113.0/24"));
            assert!(PASSIVE_PORTS.contains(&d.port().unwrap()));
            let c = codes(&d);
            assert!(
                c.contains(&WarningCode::NonPublicAddress),
                "{}: {c:?}",
                t.name
            );
            // The control connection went to loopback: the advertised address differs.
            if t.ipv6() {
                assert!(c.contains(&WarningCode::PasvOnIpv6), "{}: {c:?}", t.name);
            } else {
                assert!(
                    c.contains(&WarningCode::AddressMismatch),
                    "{}: {c:?}",
                    t.name
                );
            }
            seen += 1;
        }
    }
    // vsftpd, proftpd, pyftpdlib once each, pure-ftpd twice (also after EPSV ALL), proftpd on IPv6.
    assert_eq!(seen, 6);
}

#[test]
fn every_passive_port_lies_in_the_configured_range() {
    let mut ports = Vec::new();
    for t in transcripts() {
        for (_, reply) in &t.replies {
            if let Ok(d) = decode(reply) {
                if d.kind.is_passive() {
                    ports.push(d.port().unwrap());
                }
            }
        }
    }
    assert_eq!(ports.len(), 12 + 35);
    assert!(ports.iter().all(|p| PASSIVE_PORTS.contains(p)), "{ports:?}");
}

#[test]
fn replies_522() {
    let d = decode("522 Network protocol not supported, use (1,2)").unwrap();
    assert!(d.summary.contains("IPv4 and IPv6"), "{}", d.summary);
    let d = decode("522 Only IPv4 and IPv6 are supported (1,2)").unwrap();
    assert!(
        d.summary.contains("it supports IPv4 and IPv6"),
        "{}",
        d.summary
    );
    // pyftpdlib's hint "(use 1)" / "(use 2)".
    let d = decode("522 Network protocol not supported (use 1).").unwrap();
    assert!(d.summary.contains("it supports IPv4 "), "{}", d.summary);
    let d = decode("522 Network protocol not supported (use 2).").unwrap();
    assert!(d.summary.contains("it supports IPv6 "), "{}", d.summary);
    // vsftpd gives no hint.
    let d = decode("522 Bad network protocol.").unwrap();
    assert!(!d.summary.contains("it supports"), "{}", d.summary);

    let all = transcripts();
    let t = find(&all, "proftpd-ipv4.txt");
    assert_eq!(
        t.reply("522"),
        [
            "522 Network protocol not supported, use (1,2)",
            "522 Network protocol not supported, use (1,2)"
        ]
    );
}
