//! Properties: decode ∘ encode is the identity on (kind, address, port); encode ∘ decode is the identity
//! on canonical texts; nothing panics on any text; every span is inside its input and on char boundaries;
//! classification is total and agrees with a naive longest-prefix match.

use ftp_explorer::address::registry::{IPV4, IPV6};
use ftp_explorer::address::{classify, parse_ip, Category};
use ftp_explorer::wire::reply::{parse_reply, split_inputs};
use ftp_explorer::wire::{
    decode, decode_all, decode_with, encode, recognise, Context, DecodeError, Decoded, ErrorCode,
    Kind, Span,
};
use proptest::prelude::*;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(Kind::ALL.to_vec())
}

fn ipv4() -> impl Strategy<Value = Ipv4Addr> {
    prop_oneof![
        any::<u32>().prop_map(Ipv4Addr::from),
        // Special blocks are small: pick addresses near the rows' bounds too.
        (prop::sample::select(IPV4.to_vec()), any::<u32>()).prop_map(|(b, r)| {
            let (first, last) = b.bounds();
            let size = u64::from(u32::from(last)) - u64::from(u32::from(first)) + 1;
            Ipv4Addr::from(u32::from(first) + (u64::from(r) % size) as u32)
        }),
    ]
}

fn ipv6() -> impl Strategy<Value = Ipv6Addr> {
    prop_oneof![
        any::<u128>().prop_map(Ipv6Addr::from),
        any::<u32>().prop_map(|v| Ipv4Addr::from(v).to_ipv6_mapped()),
        (any::<u16>(), any::<u16>()).prop_map(|(a, b)| Ipv6Addr::new(0, 0, 0, 0, 0, 0, a, b)),
        (prop::sample::select(IPV6.to_vec()), any::<u128>()).prop_map(|(b, r)| {
            let (first, last) = b.bounds();
            let span = u128::from(last) - u128::from(first);
            let offset = if span == u128::MAX { r } else { r % (span + 1) };
            Ipv6Addr::from(u128::from(first) + offset)
        }),
    ]
}

fn ip() -> impl Strategy<Value = IpAddr> {
    prop_oneof![ipv4().prop_map(IpAddr::V4), ipv6().prop_map(IpAddr::V6)]
}

fn port() -> impl Strategy<Value = u16> {
    1u16..=65535
}

/// The address `kind` puts on the wire for `ip`: PASV and PORT carry an IPv4-mapped address as its IPv4
/// address, EPSV carries none. `Err` with the code the encoder must refuse it with.
fn on_the_wire(kind: Kind, ip: IpAddr) -> Result<Option<IpAddr>, ErrorCode> {
    let wire = match (kind, ip) {
        (Kind::Epsv, _) => return Ok(None),
        (Kind::Pasv | Kind::Port, IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            // `PORT ::` is refused as unspecified before its family is looked at.
            None if kind == Kind::Port && v6.is_unspecified() => {
                return Err(ErrorCode::UnspecifiedAddress)
            }
            None => return Err(ErrorCode::WrongFamily),
        },
        _ => ip,
    };
    if !kind.is_passive() && wire.is_unspecified() {
        return Err(ErrorCode::UnspecifiedAddress);
    }
    Ok(Some(wire))
}

#[track_caller]
fn check_span(input: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= input.len(),
        "{what} span {span:?} outside {input:?} (len {})",
        input.len()
    );
    assert!(
        input.is_char_boundary(span.start) && input.is_char_boundary(span.end),
        "{what} span {span:?} not on char boundaries of {input:?}"
    );
}

fn check_result(input: &str, result: &Result<Decoded, DecodeError>) {
    match result {
        Ok(d) => {
            if let Some(s) = d.span {
                check_span(input, s, "decoded");
            }
            for w in &d.warnings {
                if let Some(s) = w.span {
                    check_span(input, s, w.code.as_str());
                }
            }
            if let (Some(m), Some(port)) = (d.arithmetic, d.port()) {
                assert_eq!(u32::from(m.p1) * 256 + u32::from(m.p2), u32::from(port));
                assert_eq!(m.high, u32::from(m.p1) * 256);
                assert_eq!(m.port, port);
            }
            if let Some(p) = d.port() {
                assert_ne!(p, 0, "{input:?} decoded to port 0");
            }
            if let (Some(ip), Some(class)) = (d.ip(), &d.address) {
                assert_eq!(class.ip, ip);
            }
            // The report is serialisable.
            serde_json::to_string(d).unwrap();
        }
        Err(e) => {
            check_span(input, e.span, e.code.as_str());
            assert!(!e.message.is_empty());
            serde_json::to_string(e).unwrap();
        }
    }
    let _ = recognise(input);
}

fn check_all(text: &str) {
    check_result(text, &decode(text));
    let v6 = Context {
        control_peer: Some("2001:db8::21".parse().unwrap()),
    };
    check_result(text, &decode_with(text, &v6));
    let spans = split_inputs(text);
    let mut last_end = 0;
    for s in &spans {
        check_span(text, *s, "split_inputs");
        assert!(
            s.start >= last_end,
            "overlapping inputs {spans:?} in {text:?}"
        );
        assert!(!text[s.start..s.end].trim().is_empty(), "blank input {s:?}");
        last_end = s.end;
    }
    let all = decode_all(text, &Context::default());
    assert_eq!(all.len(), spans.len());
    for (part, result) in &all {
        check_result(part, result);
    }
    let _ = parse_reply(text).map(|r| {
        for l in &r.lines {
            assert!(l.offset + l.text.len() <= text.len());
        }
    });
    match parse_ip(text) {
        Ok(ip) => assert_eq!(Ok(ip), text.parse::<IpAddr>(), "{text:?}"),
        Err(e) => check_span(text, e.span, e.code.as_str()),
    }
}

const ALPHABET: &[char] = &[
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ',', '(', ')', '|', '!', ':', ' ', '.', '-',
    '+', '\n', '\r', '2', '2', '7', 'P', 'O', 'R', 'T', 'E', 'P', 'S', 'V', 'A', 'L', 'L', 'L',
    'P', 'R', 'T', 'a', 'b', 'c', 'é', '€', '\t',
];

fn alphabet_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..max)
        .prop_map(|v| v.into_iter().collect())
}

fn unicode_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..48).prop_map(|v| v.into_iter().collect())
}

/// A known prefix followed by junk: reaches deep into each decoder.
fn prefixed_text() -> impl Strategy<Value = String> {
    let prefix = prop::sample::select(vec![
        "227 Entering Passive Mode (",
        "227-Entering Passive Mode\r\n",
        "227 ",
        "227",
        "228",
        "229",
        "522",
        "227-x\n227",
        "229-x\r\n229",
        "228-\n228",
        "228 Entering Long Passive Mode (",
        "229 Entering Extended Passive Mode (",
        "229 Entering Extended Passive Mode |||",
        "229 (|||",
        "522 Network protocol not supported (",
        "PORT ",
        "EPRT |",
        "EPRT |2|",
        "EPRT |1|",
        "LPRT 4,4,",
        "LPRT 6,16,",
        "EPSV ",
        "PASV",
        "  ",
    ]);
    let junk = prop_oneof![1 => Just(String::new()), 4 => alphabet_text(40)];
    (prefix, junk).prop_map(|(p, s)| format!("{p}{s}"))
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn decode_encode_is_identity(kind in kind(), ip in ip(), port in port()) {
        let encoded = encode(kind, Some(ip), port);
        let expected_ip = match on_the_wire(kind, ip) {
            Ok(wire) => wire,
            Err(code) => {
                prop_assert_eq!(encoded.unwrap_err().code, code);
                return Ok(());
            }
        };
        let text = encoded.unwrap_or_else(|e| panic!("{kind} {ip} {port}: {e}"));
        let d = decode(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        prop_assert_eq!(d.kind, kind);
        prop_assert_eq!(d.port(), Some(port));
        prop_assert_eq!(d.ip(), expected_ip, "{}", text);
        prop_assert_eq!(d.form, if kind.is_passive() {
            ftp_explorer::wire::Form::Reply
        } else {
            ftp_explorer::wire::Form::Command
        });
        check_result(&text, &Ok(d.clone()));
        // encode ∘ decode: the canonical text again.
        prop_assert_eq!(encode(d.kind, d.ip(), port).unwrap(), text);
    }

    #[test]
    fn pasv_and_port_with_ipv4_mapped(v4 in ipv4(), port in port()) {
        // PASV/PORT encode an IPv4-mapped IPv6 address as its IPv4 address.
        let mapped = IpAddr::V6(v4.to_ipv6_mapped());
        let text = encode(Kind::Pasv, Some(mapped), port).unwrap();
        prop_assert_eq!(decode(&text).unwrap().ip(), Some(IpAddr::V4(v4)));
        match encode(Kind::Port, Some(mapped), port) {
            Ok(text) => prop_assert_eq!(decode(&text).unwrap().ip(), Some(IpAddr::V4(v4))),
            Err(e) => {
                prop_assert!(v4.is_unspecified());
                prop_assert_eq!(e.code, ErrorCode::UnspecifiedAddress);
            }
        }
    }

    #[test]
    fn canonical_texts_round_trip(h in any::<[u8; 4]>(), p1 in any::<u8>(), p2 in any::<u8>()) {
        prop_assume!(p1 != 0 || p2 != 0);
        let g = format!("{},{},{},{},{p1},{p2}", h[0], h[1], h[2], h[3]);
        let port = u16::from(p1) * 256 + u16::from(p2);
        let mut texts = vec![format!("227 Entering Passive Mode ({g})")];
        if h != [0, 0, 0, 0] {
            texts.push(format!("PORT {g}"));
            texts.push(format!("EPRT |1|{}.{}.{}.{}|{port}|", h[0], h[1], h[2], h[3]));
            texts.push(format!("LPRT 4,4,{},{},{},{},2,{p1},{p2}", h[0], h[1], h[2], h[3]));
        }
        texts.push(format!("228 Entering Long Passive Mode (4,4,{},{},{},{},2,{p1},{p2})", h[0], h[1], h[2], h[3]));
        texts.push(format!("229 Entering Extended Passive Mode (|||{port}|)"));
        for text in texts {
            let d = decode(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            prop_assert_eq!(d.port(), Some(port));
            prop_assert_eq!(encode(d.kind, d.ip(), port).unwrap(), text);
        }
    }

    #[test]
    fn group_found_on_any_line_of_a_multiline_227(
        h in any::<[u8; 4]>(),
        port in port(),
        before in 0usize..4,
        after in 0usize..4,
        parens in any::<bool>(),
        tail in prop::sample::select(vec!["", ".", " OK", ").", " (ok)"]),
    ) {
        let m = ftp_explorer::wire::PortMath::of_port(port);
        let g = format!("{},{},{},{},{},{}", h[0], h[1], h[2], h[3], m.p1, m.p2);
        let group = if parens { format!("({g})") } else { g.clone() };
        let mut lines = vec!["227-Entering Passive Mode".to_string()];
        lines.extend((0..before).map(|i| format!(" line {i} of text")));
        lines.push(format!(" here: {group}{tail}"));
        lines.extend((0..after).map(|i| format!("227-more text {i}")));
        lines.push("227 End".to_string());
        let text = lines.join("\r\n");
        let d = decode(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        prop_assert_eq!(d.ip(), Some(IpAddr::V4(Ipv4Addr::from(h))));
        prop_assert_eq!(d.port(), Some(port));
        let span = d.span.unwrap();
        prop_assert_eq!(&text[span.start..span.end], g.as_str());
        // The same reply as stdin text: one input.
        let all = decode_all(&text, &Context::default());
        prop_assert_eq!(all.len(), 1);
        prop_assert_eq!(all[0].0, text.as_str());
    }

    #[test]
    fn no_panic_on_alphabet_strings(text in alphabet_text(80)) {
        check_all(&text);
    }

    #[test]
    fn no_panic_on_prefixed_strings(text in prefixed_text()) {
        check_all(&text);
    }

    #[test]
    fn no_panic_on_unicode(text in unicode_text()) {
        check_all(&text);
    }

    #[test]
    fn no_panic_on_any_string(text in any::<String>()) {
        check_all(&text);
    }

    #[test]
    fn parse_ip_reads_every_canonical_address(ip in ip()) {
        prop_assert_eq!(parse_ip(&ip.to_string()), Ok(ip));
        if let IpAddr::V6(v6) = ip {
            // Uncompressed and uppercase forms too.
            let s = v6.segments();
            let full = format!(
                "{:X}:{:X}:{:X}:{:X}:{:X}:{:X}:{:X}:{:X}",
                s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]
            );
            prop_assert_eq!(parse_ip(&full), Ok(ip));
        }
    }

    #[test]
    fn classify_is_total_v4(bits in any::<u32>()) {
        let ip = Ipv4Addr::from(bits);
        let c = classify(IpAddr::V4(ip));
        prop_assert_eq!(c.family, 4);
        prop_assert_eq!(c.ip, IpAddr::V4(ip));
        let best = IPV4.iter().filter(|b| b.contains(ip)).max_by_key(|b| b.prefix_len);
        prop_assert_eq!(c.category, best.map_or(Category::Public, |b| b.category));
        prop_assert_eq!(c.globally_reachable, best.is_none_or(|b| b.reachable));
        prop_assert!(c.embedded_ipv4.is_none());
    }

    #[test]
    fn classify_is_total_v6(bits in any::<u128>()) {
        let ip = Ipv6Addr::from(bits);
        let c = classify(IpAddr::V6(ip));
        prop_assert_eq!(c.family, 6);
        let best = IPV6.iter().filter(|b| b.contains(ip)).max_by_key(|b| b.prefix_len);
        prop_assert_eq!(c.category, best.map_or(Category::Public, |b| b.category));
        if let Some(e) = &c.embedded_ipv4 {
            prop_assert_eq!(e.family, 4);
            prop_assert!(matches!(
                c.category,
                Category::Ipv4Mapped | Category::Nat64 | Category::SixToFour
            ));
        }
    }

    #[test]
    fn classify_special_blocks(ip in ip()) {
        let c = classify(ip);
        prop_assert_eq!(c.range.is_some(), c.category != Category::Public);
        serde_json::to_string(&c).unwrap();
    }
}
