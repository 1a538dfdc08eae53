//! The examples of RFC 959 (PORT, PASV/227), RFC 2428 (EPRT, EPSV, 229, 522) and RFC 1639 (LPRT, LPSV,
//! 228), decoded with every value checked: kind, form, code, command, endpoint, arithmetic, spans.
//! Plus multi-line 227 replies and reply framing errors.

use ftp_explorer::address::Category;
use ftp_explorer::wire::{
    decode, decode_with, recognise, Context, Decoded, ErrorCode, Form, Kind, PortMath, Span,
    WarningCode,
};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

fn ok(input: &str) -> Decoded {
    decode(input).unwrap_or_else(|e| panic!("{input:?} should decode, got {e}"))
}

fn v4(a: u8, b: u8, c: u8, d: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(a, b, c, d))
}

fn v6(text: &str) -> IpAddr {
    IpAddr::V6(text.parse::<Ipv6Addr>().unwrap())
}

fn warning_codes(d: &Decoded) -> Vec<&'static str> {
    d.warnings.iter().map(|w| w.code.as_str()).collect()
}

fn span_of(input: &str, part: &str) -> Span {
    let start = input.find(part).expect("part in input");
    Span::new(start, start + part.len())
}

// ---------------------------------------------------------------- RFC 959

#[test]
fn rfc959_pasv_command() {
    let d = ok("PASV");
    assert_eq!(d.kind, Kind::Pasv);
    assert_eq!(d.form, Form::Command);
    assert_eq!(d.command.as_deref(), Some("PASV"));
    assert_eq!(d.code, None);
    assert_eq!(d.endpoint, None);
    assert_eq!(d.arithmetic, None);
    assert_eq!(d.span, None);
    assert!(d.warnings.is_empty());
    // Verbs are case-insensitive (RFC 959 §5.3), the command is reported canonically.
    assert_eq!(ok("pasv").command.as_deref(), Some("PASV"));
}

#[test]
fn rfc959_227_reply() {
    let input = "227 Entering Passive Mode (192,168,1,100,195,80).";
    let d = ok(input);
    assert_eq!(d.kind, Kind::Pasv);
    assert_eq!(d.form, Form::Reply);
    assert_eq!(d.code, Some(227));
    assert_eq!(d.command, None);
    assert_eq!(d.ip(), Some(v4(192, 168, 1, 100)));
    assert_eq!(d.port(), Some(50000));
    assert_eq!(
        d.arithmetic,
        Some(PortMath {
            p1: 195,
            p2: 80,
            high: 49920,
            port: 50000
        })
    );
    assert_eq!(d.span, Some(span_of(input, "192,168,1,100,195,80")));
    assert_eq!(d.delimiter, None);
    let class = d.address.as_ref().unwrap();
    assert_eq!(class.category, Category::Private);
    assert_eq!(class.range.as_deref(), Some("192.168.0.0/16"));
    assert_eq!(warning_codes(&d), ["non-public-address"]);
    assert_eq!(d.warnings[0].span, Some(span_of(input, "192,168,1,100")));
    assert_eq!(recognise(input), Some(Kind::Pasv));
}

#[test]
fn rfc959_227_without_trailing_dot_and_public() {
    let input = "227 Entering Passive Mode (8,8,8,8,4,1)";
    let d = ok(input);
    assert_eq!(d.ip(), Some(v4(8, 8, 8, 8)));
    assert_eq!(d.port(), Some(1025));
    assert_eq!(d.arithmetic.unwrap().high, 1024);
    assert_eq!(d.address.as_ref().unwrap().category, Category::Public);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn rfc959_port_command() {
    let input = "PORT 192,168,1,2,7,138";
    let d = ok(input);
    assert_eq!(d.kind, Kind::Port);
    assert_eq!(d.form, Form::Command);
    assert_eq!(d.command.as_deref(), Some("PORT"));
    assert_eq!(d.code, None);
    assert_eq!(d.ip(), Some(v4(192, 168, 1, 2)));
    assert_eq!(d.port(), Some(7 * 256 + 138));
    assert_eq!(d.arithmetic, Some(PortMath::new(7, 138)));
    assert_eq!(d.arithmetic.unwrap().high, 1792);
    assert_eq!(d.span, Some(Span::new(5, input.len())));
    assert_eq!(recognise(input), Some(Kind::Port));
    // lowercase verb
    assert_eq!(ok("port 192,168,1,2,7,138").port(), Some(1930));
}

#[test]
fn rfc959_port_default_data_port_is_privileged() {
    // Port 20 (ftp-data), the RFC 959 default: decodes, with a privileged-port warning on p1,p2.
    let input = "PORT 198,51,100,7,0,20";
    let d = ok(input);
    assert_eq!(d.port(), Some(20));
    assert_eq!(d.arithmetic.unwrap().p1, 0);
    assert_eq!(d.arithmetic.unwrap().p2, 20);
    let w = d
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::PrivilegedPort)
        .expect("privileged-port warning");
    assert_eq!(w.span, Some(span_of(input, "0,20")));
    assert!(w.message.contains("port 20"), "{}", w.message);
}

// ---------------------------------------------------------------- RFC 2428

#[test]
fn rfc2428_eprt_ipv4() {
    let input = "EPRT |1|132.235.1.2|6275|";
    let d = ok(input);
    assert_eq!(d.kind, Kind::Eprt);
    assert_eq!(d.form, Form::Command);
    assert_eq!(d.command.as_deref(), Some("EPRT"));
    assert_eq!(d.ip(), Some(v4(132, 235, 1, 2)));
    assert_eq!(d.port(), Some(6275));
    assert_eq!(d.arithmetic, None, "EPRT has no p1/p2 arithmetic");
    assert_eq!(d.delimiter, Some('|'));
    assert_eq!(d.span, Some(Span::new(5, input.len())));
    assert_eq!(d.address.as_ref().unwrap().category, Category::Public);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert_eq!(recognise(input), Some(Kind::Eprt));
}

#[test]
fn rfc2428_eprt_ipv6() {
    let input = "EPRT |2|1080::8:800:200C:417A|5282|";
    let d = ok(input);
    assert_eq!(d.kind, Kind::Eprt);
    assert_eq!(d.ip(), Some(v6("1080::8:800:200c:417a")));
    assert_eq!(d.ip().unwrap().to_string(), "1080::8:800:200c:417a");
    assert_eq!(d.port(), Some(5282));
    assert_eq!(d.delimiter, Some('|'));
    // 1080::/16 lies in 1000::/4, "Reserved by IETF" in the IPv6 Address Space registry.
    let class = d.address.as_ref().unwrap();
    assert_eq!(class.category, Category::Reserved);
    assert_eq!(class.range.as_deref(), Some("1000::/4"));
    let w = &d.warnings[0];
    assert_eq!(w.code, WarningCode::NonPublicAddress);
    assert_eq!(w.span, Some(span_of(input, "1080::8:800:200C:417A")));
}

#[test]
fn rfc2428_eprt_other_delimiter() {
    // RFC 2428 §2: any delimiter in ASCII 33-126 is allowed.
    let input = "EPRT !1!132.235.1.2!6275!";
    let d = ok(input);
    assert_eq!(d.ip(), Some(v4(132, 235, 1, 2)));
    assert_eq!(d.port(), Some(6275));
    assert_eq!(d.delimiter, Some('!'));
    assert_eq!(warning_codes(&d), ["unusual-delimiter"]);
    assert_eq!(d.warnings[0].span, Some(Span::new(5, 6)));
}

#[test]
fn rfc2428_229_reply_without_context() {
    let input = "229 Entering Extended Passive Mode (|||6446|)";
    let d = ok(input);
    assert_eq!(d.kind, Kind::Epsv);
    assert_eq!(d.form, Form::Reply);
    assert_eq!(d.code, Some(229));
    assert_eq!(d.command, None);
    assert_eq!(d.ip(), None, "EPSV carries no address");
    assert_eq!(d.port(), Some(6446));
    assert_eq!(d.endpoint.unwrap().ip, None);
    assert_eq!(d.arithmetic, None);
    assert_eq!(d.delimiter, Some('|'));
    assert_eq!(d.span, Some(span_of(input, "|||6446|")));
    assert_eq!(d.address, None);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert_eq!(recognise(input), Some(Kind::Epsv));
}

#[test]
fn rfc2428_229_reply_with_control_peer() {
    let input = "229 Entering Extended Passive Mode (|||6446|)";
    let peer = v4(198, 51, 100, 7);
    let d = decode_with(
        input,
        &Context {
            control_peer: Some(peer),
        },
    )
    .unwrap();
    assert_eq!(d.ip(), Some(peer));
    assert_eq!(d.port(), Some(6446));
    assert_eq!(
        d.address.as_ref().unwrap().category,
        Category::Documentation
    );
    assert_eq!(d.address.as_ref().unwrap().ip, peer);

    let peer6 = v6("2606:4700::1");
    let d = decode_with(
        input,
        &Context {
            control_peer: Some(peer6),
        },
    )
    .unwrap();
    assert_eq!(d.ip(), Some(peer6));
    assert_eq!(d.address.as_ref().unwrap().category, Category::Public);
}

#[test]
fn rfc2428_229_other_delimiter() {
    let input = "229 Entering Extended Passive Mode (!!!6446!)";
    let d = ok(input);
    assert_eq!(d.port(), Some(6446));
    assert_eq!(d.delimiter, Some('!'));
    assert_eq!(warning_codes(&d), ["unusual-delimiter"]);
    let at = input.find('(').unwrap() + 1;
    assert_eq!(d.warnings[0].span, Some(Span::new(at, at + 1)));
}

#[test]
fn rfc2428_epsv_commands() {
    for (input, command) in [
        ("EPSV", "EPSV"),
        ("EPSV 1", "EPSV 1"),
        ("EPSV 2", "EPSV 2"),
        ("EPSV ALL", "EPSV ALL"),
        ("epsv all", "EPSV ALL"),
        ("EPSV All", "EPSV ALL"),
    ] {
        let d = ok(input);
        assert_eq!(d.kind, Kind::Epsv, "{input}");
        assert_eq!(d.form, Form::Command, "{input}");
        assert_eq!(d.command.as_deref(), Some(command), "{input}");
        assert_eq!(d.endpoint, None, "{input}");
        assert_eq!(d.code, None, "{input}");
        assert!(d.warnings.is_empty(), "{input}");
        assert_eq!(recognise(input), Some(Kind::Epsv));
    }
    assert!(ok("EPSV 1").summary.contains("IPv4"));
    assert!(ok("EPSV 2").summary.contains("IPv6"));
}

#[test]
fn rfc2428_522_replies() {
    let d = ok("522 Network protocol not supported, use (1)");
    assert_eq!(d.kind, Kind::Eprt);
    assert_eq!(d.form, Form::Reply);
    assert_eq!(d.code, Some(522));
    assert_eq!(d.endpoint, None);
    assert!(d.summary.contains("IPv4"), "{}", d.summary);
    assert!(!d.summary.contains("IPv6"), "{}", d.summary);

    let d = ok("522 Network protocol not supported, use (1,2)");
    assert_eq!(d.code, Some(522));
    assert!(d.summary.contains("IPv4 and IPv6"), "{}", d.summary);

    let d = ok("522 Bad network protocol.");
    assert_eq!(d.code, Some(522));
    assert!(!d.summary.contains("IPv4"), "{}", d.summary);
    assert_eq!(recognise("522 x"), Some(Kind::Eprt));
}

// ---------------------------------------------------------------- RFC 1639

#[test]
fn rfc1639_lprt_ipv4() {
    let input = "LPRT 4,4,132,235,1,2,2,24,131";
    let d = ok(input);
    assert_eq!(d.kind, Kind::Lprt);
    assert_eq!(d.form, Form::Command);
    assert_eq!(d.command.as_deref(), Some("LPRT"));
    assert_eq!(d.ip(), Some(v4(132, 235, 1, 2)));
    assert_eq!(d.port(), Some(6275));
    assert_eq!(
        d.arithmetic,
        Some(PortMath {
            p1: 24,
            p2: 131,
            high: 6144,
            port: 6275
        })
    );
    assert_eq!(d.span, Some(Span::new(5, input.len())));
    assert_eq!(d.address.as_ref().unwrap().category, Category::Public);
    assert_eq!(recognise(input), Some(Kind::Lprt));
}

#[test]
fn rfc1639_lprt_ipv6() {
    // 1080::8:800:200c:417a, port 5282 = 20 × 256 + 162.
    let input = "LPRT 6,16,16,128,0,0,0,0,0,0,0,8,8,0,32,12,65,122,2,20,162";
    let d = ok(input);
    assert_eq!(d.kind, Kind::Lprt);
    assert_eq!(d.ip(), Some(v6("1080::8:800:200c:417a")));
    assert_eq!(d.port(), Some(5282));
    assert_eq!(d.arithmetic, Some(PortMath::new(20, 162)));
    assert_eq!(d.arithmetic.unwrap().high, 5120);
}

#[test]
fn rfc1639_lpsv_and_228() {
    let d = ok("LPSV");
    assert_eq!(d.kind, Kind::Lpsv);
    assert_eq!(d.form, Form::Command);
    assert_eq!(d.command.as_deref(), Some("LPSV"));
    assert_eq!(d.endpoint, None);

    let input = "228 Entering Long Passive Mode (4,4,132,235,1,2,2,24,131)";
    let d = ok(input);
    assert_eq!(d.kind, Kind::Lpsv);
    assert_eq!(d.form, Form::Reply);
    assert_eq!(d.code, Some(228));
    assert_eq!(d.ip(), Some(v4(132, 235, 1, 2)));
    assert_eq!(d.port(), Some(6275));
    assert_eq!(d.arithmetic, Some(PortMath::new(24, 131)));
    assert_eq!(d.span, Some(span_of(input, "4,4,132,235,1,2,2,24,131")));
    assert_eq!(recognise(input), Some(Kind::Lpsv));

    let input =
        "228 Entering Long Passive Mode (6,16,32,1,13,184,0,0,0,0,0,0,0,0,0,0,0,1,2,195,80)";
    let d = ok(input);
    assert_eq!(d.ip(), Some(v6("2001:db8::1")));
    assert_eq!(d.port(), Some(50000));
    assert_eq!(
        d.address.as_ref().unwrap().category,
        Category::Documentation
    );
}

// ---------------------------------------------------------------- multi-line replies

#[test]
fn multiline_227_numbers_on_first_line() {
    let input = "227-Entering Passive Mode (10,0,0,1,195,80)\r\n227 OK\r\n";
    let d = ok(input);
    assert_eq!(d.code, Some(227));
    assert_eq!(d.ip(), Some(v4(10, 0, 0, 1)));
    assert_eq!(d.port(), Some(50000));
    assert_eq!(d.span, Some(span_of(input, "10,0,0,1,195,80")));
    assert!(d
        .facts
        .iter()
        .any(|f| f.contains("multi-line reply (2 lines)")));
}

#[test]
fn multiline_227_numbers_on_middle_line() {
    let input = "227-Here it comes\n 8,8,8,8,100,200\n227 End";
    let d = ok(input);
    assert_eq!(d.ip(), Some(v4(8, 8, 8, 8)));
    assert_eq!(d.port(), Some(25800));
    assert_eq!(d.span, Some(span_of(input, "8,8,8,8,100,200")));
    // Bare numbers: legal (RFC 1123), but flagged.
    assert_eq!(warning_codes(&d), ["missing-parenthesis"]);
    assert!(d.facts.iter().any(|f| f.contains("(3 lines)")));

    // A middle line with its own "227-" prefix.
    let input = "227-Here it comes\n227-(8,8,8,8,100,200)\n227 End";
    let d = ok(input);
    assert_eq!(d.port(), Some(25800));
    assert_eq!(d.span, Some(span_of(input, "8,8,8,8,100,200")));
    assert!(d.warnings.is_empty());
}

#[test]
fn multiline_227_numbers_on_last_line() {
    let input = "227-Hello\n227-Still hello\n227 Entering Passive Mode (203,0,113,50,255,255).";
    let d = ok(input);
    assert_eq!(d.ip(), Some(v4(203, 0, 113, 50)));
    assert_eq!(d.port(), Some(65535));
    assert_eq!(d.span, Some(span_of(input, "203,0,113,50,255,255")));
    assert_eq!(
        d.address.as_ref().unwrap().category,
        Category::Documentation
    );
}

#[test]
fn multiline_with_leading_blank_shifts_spans() {
    let input = "  227-Hello\n227 Entering Passive Mode (10,0,0,1,195,80)";
    let d = ok(input);
    assert_eq!(d.span, Some(span_of(input, "10,0,0,1,195,80")));
}

#[test]
fn framing_errors() {
    let e = decode("2270 Entering Passive Mode (1,2,3,4,5,6)").unwrap_err();
    assert_eq!(e.code, ErrorCode::BadReplyFraming);
    assert_eq!(e.span, Span::new(3, 4));
    assert!(e.message.contains("'0'"), "{}", e.message);

    let e = decode("227x(1,2,3,4,5,6)").unwrap_err();
    assert_eq!(e.code, ErrorCode::BadReplyFraming);
    assert_eq!(e.span, Span::new(3, 4));
    assert!(e.message.contains("'x'"), "{}", e.message);

    let input = "227-Entering Passive Mode (1,2,3,4,5,6)\n227-more\n";
    let e = decode(input).unwrap_err();
    assert_eq!(e.code, ErrorCode::UnterminatedMultiline);
    assert_eq!(e.span, Span::new(0, 3));
    assert!(e.message.contains("'227 '"), "{}", e.message);

    // A closing line with another code does not close the reply.
    let e = decode("227-Entering Passive Mode (1,2,3,4,5,6)\n226 done").unwrap_err();
    assert_eq!(e.code, ErrorCode::UnterminatedMultiline);

    // A single-line reply followed by another line.
    let input = "227 Entering Passive Mode (1,2,3,4,5,6)\nmore";
    let e = decode(input).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadReplyFraming);
    assert_eq!(e.span, span_of(input, "more"));
}

#[test]
fn bare_code_spans_stay_inside_the_input() {
    // "227" alone: no group, and the span must not point past the end of the input.
    for input in ["227", "228", "229", "227-x\n227"] {
        let e = decode(input).unwrap_err();
        assert!(e.span.end <= input.len(), "{input:?}: {:?}", e.span);
    }
    let e = decode("227").unwrap_err();
    assert_eq!(e.code, ErrorCode::NoNumberGroup);
    assert_eq!(e.span, Span::new(0, 3));
    let e = decode("229").unwrap_err();
    assert_eq!(e.code, ErrorCode::NoEpsvGroup);
    assert_eq!(e.span, Span::new(0, 3));
}

#[test]
fn port_math_display() {
    assert_eq!(
        PortMath::new(195, 80).to_string(),
        "195 × 256 + 80 = 49920 + 80 = 50000"
    );
    assert_eq!(PortMath::of_port(50000), PortMath::new(195, 80));
    assert_eq!(PortMath::of_port(65535), PortMath::new(255, 255));
}
