//! Every error code the decoders produce, with its exact span; every warning code; the `note` on a 227
//! that lenient clients read differently.

// Decoding as the page and the CLI show it: the strict reading, and on a malformed 227 the note on how
// real clients read it (`clients::decode_with` adds it; `wire` knows no client).
use ftp_explorer::clients::{decode, decode_with};
use ftp_explorer::wire::{Context, DecodeError, Decoded, ErrorCode, Span, WarningCode};
use std::net::IpAddr;

fn err(input: &str) -> DecodeError {
    match decode(input) {
        Ok(d) => panic!("{input:?} should fail, decoded {d:?}"),
        Err(e) => e,
    }
}

/// The error's code, and that its span covers exactly `part`, found at byte `at` of `input`.
#[track_caller]
fn expect(input: &str, code: ErrorCode, start: usize, end: usize) -> DecodeError {
    let e = err(input);
    assert_eq!(e.code, code, "{input:?}: {e}");
    assert_eq!(e.span, Span::new(start, end), "{input:?}: {e}");
    assert!(e.span.end <= input.len());
    e
}

/// Like `expect`, with the span given as the first occurrence of `part` at or after byte `from`.
#[track_caller]
fn expect_at(input: &str, code: ErrorCode, part: &str, from: usize) -> DecodeError {
    let start = from + input[from..].find(part).expect("part in input");
    expect(input, code, start, start + part.len())
}

fn ok(input: &str) -> Decoded {
    decode(input).unwrap_or_else(|e| panic!("{input:?} should decode, got {e}"))
}

fn peer(text: &str) -> Context {
    Context {
        control_peer: Some(text.parse::<IpAddr>().unwrap()),
    }
}

fn codes(d: &Decoded) -> Vec<WarningCode> {
    d.warnings.iter().map(|w| w.code).collect()
}

const P: &str = "227 Entering Passive Mode ";

// ---------------------------------------------------------------- inputs and framing

#[test]
fn empty_input() {
    expect("", ErrorCode::EmptyInput, 0, 0);
    let e = expect("   \n\t", ErrorCode::EmptyInput, 0, 5);
    assert_eq!(e.message, "nothing to decode");
}

#[test]
fn unknown_input() {
    let e = expect("FOO 1,2,3", ErrorCode::UnknownInput, 0, 3);
    assert!(e.message.contains("'FOO'"), "{}", e.message);
    expect("  NOOP", ErrorCode::UnknownInput, 2, 6);
    expect("RETR file", ErrorCode::UnknownInput, 0, 4);
}

#[test]
fn no_endpoint_reply() {
    let e = expect("200 OK", ErrorCode::NoEndpointReply, 0, 3);
    assert!(e.message.contains("reply 200"), "{}", e.message);
    assert!(e.message.contains("positive completion"), "{}", e.message);
    let e = expect(
        "425 Can't open data connection.",
        ErrorCode::NoEndpointReply,
        0,
        3,
    );
    assert!(e.message.contains("transient negative"), "{}", e.message);
}

#[test]
fn bad_reply_framing_and_unterminated() {
    expect(
        "2270 Entering Passive Mode (1,2,3,4,5,6)",
        ErrorCode::BadReplyFraming,
        3,
        4,
    );
    expect("227x(1,2,3,4,5,6)", ErrorCode::BadReplyFraming, 3, 4);
    expect(
        "227-Entering Passive Mode\n(1,2,3,4,5,6)",
        ErrorCode::UnterminatedMultiline,
        0,
        3,
    );
}

// ---------------------------------------------------------------- 227 / PORT number groups

#[test]
fn octet_out_of_range_with_lenient_note() {
    let input = format!("{P}(256,1,2,3,4,5)");
    let e = expect_at(&input, ErrorCode::OctetOutOfRange, "256", 0);
    assert_eq!(e.message, "octet 256 is above 255");
    let note = e
        .note
        .as_deref()
        .expect("a note on how real clients read it");
    assert!(
        note.contains("curl would read it as 56.1.2.3 port 1029"),
        "{note}"
    );
    assert!(
        note.contains("Python ftplib would read it as 256.1.2.3 port 1029"),
        "{note}"
    );

    let e = expect_at("PORT 1,2,3,999,5,6", ErrorCode::OctetOutOfRange, "999", 0);
    assert_eq!(e.message, "octet 999 is above 255");
    assert_eq!(e.note, None, "notes are for 227 replies");
}

#[test]
fn port_byte_out_of_range() {
    let input = format!("{P}(1,2,3,4,256,1)");
    let e = expect_at(&input, ErrorCode::PortByteOutOfRange, "256", 0);
    assert!(
        e.message.starts_with("port byte 256 is above 255"),
        "{}",
        e.message
    );
    expect_at(
        "PORT 1,2,3,4,5,300",
        ErrorCode::PortByteOutOfRange,
        "300",
        12,
    );
}

#[test]
fn port_zero_everywhere() {
    let input = format!("{P}(1,2,3,4,0,0)");
    let e = expect_at(&input, ErrorCode::PortZero, "0,0", 30);
    assert!(
        e.message.starts_with("port 0 is not a usable port"),
        "{}",
        e.message
    );
    assert_eq!(e.note, None);

    let e = expect("PORT 1,2,3,4,0,0", ErrorCode::PortZero, 13, 16);
    assert!(e.message.starts_with("port 0 is not a usable port"));

    let input = "229 Entering Extended Passive Mode (|||0|)";
    let e = expect_at(input, ErrorCode::PortZero, "0", 36);
    assert!(e.message.starts_with("port 0 is not a usable port"));

    let e = expect("EPRT |1|132.235.1.2|0|", ErrorCode::PortZero, 20, 21);
    assert!(e.message.starts_with("port 0 is not a usable port"));

    let e = expect("LPRT 4,4,1,2,3,4,2,0,0", ErrorCode::PortZero, 19, 22);
    assert!(e.message.starts_with("port 0 is not a usable port"));
}

#[test]
fn too_few_and_too_many_numbers() {
    let input = format!("{P}(1,2,3,4,5)");
    let e = expect_at(&input, ErrorCode::TooFewNumbers, "1,2,3,4,5", 0);
    assert_eq!(e.message, "five numbers, PASV needs six");

    let input = format!("{P}(1,2,3,4,5,6,7)");
    let e = expect_at(&input, ErrorCode::TooManyNumbers, "1,2,3,4,5,6,7", 0);
    assert_eq!(e.message, "seven numbers, PASV needs six");

    let e = expect("PORT 1,2,3,4,5", ErrorCode::TooFewNumbers, 5, 14);
    assert_eq!(e.message, "five numbers, PORT needs six");
    let e = expect("PORT 1,2,3,4,5,6,7", ErrorCode::TooManyNumbers, 5, 18);
    assert_eq!(e.message, "seven numbers, PORT needs six");

    let e = expect("LPRT 4", ErrorCode::TooFewNumbers, 5, 6);
    assert_eq!(e.message, "one number, LPRT needs nine");
}

#[test]
fn blank_sign_empty_glued_not_a_number() {
    let input = format!("{P}(1, 2, 3, 4, 5, 6)");
    // the first blank, right after "1,"
    let first_blank = input.find(", ").unwrap() + 1;
    let e = expect(
        &input,
        ErrorCode::BlankInGroup,
        first_blank,
        first_blank + 1,
    );
    assert!(e.message.contains("bare commas"), "{}", e.message);

    let input = format!("{P}(1,2,3,4,+5,6)");
    let e = expect_at(&input, ErrorCode::SignInGroup, "+", 0);
    assert!(e.message.contains("'+' sign"), "{}", e.message);
    let input = format!("{P}(1,2,3,4,5,-6)");
    expect_at(&input, ErrorCode::SignInGroup, "-", 0);

    let input = format!("{P}(1,2,,4,5,6)");
    let e = expect_at(
        &input,
        ErrorCode::EmptyField,
        ",",
        input.find(",,").unwrap(),
    );
    assert!(e.message.contains("two commas"), "{}", e.message);
    let input = format!("{P}(,1,2,3,4,5,6)");
    let e = expect_at(&input, ErrorCode::EmptyField, ",", 0);
    assert!(e.message.contains("starts with a comma"), "{}", e.message);
    let e = expect("PORT 1,2,3,4,5,", ErrorCode::EmptyField, 14, 15);
    assert!(e.message.contains("ends with a comma"), "{}", e.message);

    let input = format!("{P}(1,2,3,4a,5,6)");
    let e = expect_at(&input, ErrorCode::GluedCharacters, "a", 26);
    assert!(e.message.contains("'a' is glued"), "{}", e.message);
    // A letter glued to a bare group.
    let input = format!("{P}x1,2,3,4,5,6");
    let e = expect_at(&input, ErrorCode::GluedCharacters, "x", 0);
    assert!(e.message.contains("first number"), "{}", e.message);
    let input = format!("{P}1,2,3,4,5,6x");
    let e = expect_at(&input, ErrorCode::GluedCharacters, "x", 26);
    assert!(e.message.contains("last number"), "{}", e.message);

    let e = expect("PORT 1,2,x,4,5,6", ErrorCode::NotANumber, 9, 10);
    assert_eq!(e.message, "'x' is not a number");
}

#[test]
fn no_number_group() {
    let input = "227 Entering Passive Mode";
    let e = expect(input, ErrorCode::NoNumberGroup, 0, input.len());
    assert!(e.message.contains("h1,h2,h3,h4,p1,p2"));
    let input = "228 Entering Long Passive Mode";
    expect(input, ErrorCode::NoNumberGroup, 0, input.len());
}

#[test]
fn unspecified_address_is_an_error_in_active_forms() {
    let e = expect("PORT 0,0,0,0,195,80", ErrorCode::UnspecifiedAddress, 5, 12);
    assert!(
        e.message.starts_with("0.0.0.0 names no host"),
        "{}",
        e.message
    );
    let e = expect(
        "EPRT |1|0.0.0.0|6275|",
        ErrorCode::UnspecifiedAddress,
        8,
        15,
    );
    assert!(e.message.contains("EPRT"), "{}", e.message);
    let e = expect("EPRT |2|::|6275|", ErrorCode::UnspecifiedAddress, 8, 10);
    assert!(e.message.starts_with(":: names no host"), "{}", e.message);
    expect(
        "LPRT 4,4,0,0,0,0,2,195,80",
        ErrorCode::UnspecifiedAddress,
        9,
        16,
    );
}

#[test]
fn ipv6_inside_a_pasv_group_is_wrong_family() {
    // pyftpdlib on IPv6 writes the IPv6 literal where the four numbers belong.
    let input = "227 Entering passive mode (::1,195,80).";
    let e = expect_at(input, ErrorCode::WrongFamily, "::1", 0);
    assert!(e.message.contains("IPv6"), "{}", e.message);
    assert!(e.message.contains("EPSV"), "{}", e.message);
    let e = expect("PORT ::1,195,80", ErrorCode::WrongFamily, 5, 8);
    assert!(e.message.contains("EPRT"), "{}", e.message);
    let e = expect_at(
        "227 Entering Passive Mode (2001:db8::7,195,80)",
        ErrorCode::WrongFamily,
        "2001:db8::7",
        0,
    );
    assert!(
        e.message.starts_with("2001:db8::7 is an IPv6 address"),
        "{}",
        e.message
    );
}

// ---------------------------------------------------------------- EPSV / 229

#[test]
fn epsv_command_errors() {
    let e = expect("EPSV 3", ErrorCode::UnsupportedNetworkProtocol, 5, 6);
    assert!(e.message.contains("522"), "{}", e.message);
    let e = expect("EPSV foo", ErrorCode::BadArgument, 5, 8);
    assert!(e.message.contains("'foo'"), "{}", e.message);
    expect("EPSV\t1", ErrorCode::BadArgument, 4, 5);
    let e = expect("PASV 1", ErrorCode::UnexpectedArgument, 5, 6);
    assert_eq!(e.message, "PASV takes no argument");
    let e = expect("LPSV now", ErrorCode::UnexpectedArgument, 5, 8);
    assert_eq!(e.message, "LPSV takes no argument");
    expect("PASV\nPASV", ErrorCode::BadArgument, 4, 9);
}

#[test]
fn epsv_reply_errors() {
    let input = "229 Entering Extended Passive Mode (|||6446!)";
    let e = expect_at(input, ErrorCode::DelimitersDiffer, "!", 0);
    assert_eq!(e.message, "EPSV delimiters differ: '|' then '!'");
    let input = "229 Entering Extended Passive Mode (|!|6446|)";
    let e = expect_at(input, ErrorCode::DelimitersDiffer, "!", 0);
    assert_eq!(e.message, "EPSV delimiters differ: '|' then '!'");

    let input = "229 Entering Extended Passive Mode (|||70000|)";
    let e = expect_at(input, ErrorCode::PortOutOfRange, "70000", 0);
    assert!(e.message.contains("70000"), "{}", e.message);

    let input = "229 Entering Extended Passive Mode (|2|::1|5000|)";
    let e = expect_at(input, ErrorCode::FieldsNotEmpty, "2|::1", 0);
    assert!(e.message.contains("EPRT form"), "{}", e.message);

    let input = "229 Entering Extended Passive Mode (||||)";
    expect_at(input, ErrorCode::MissingPort, "||||", 0);
    let input = "229 Entering Extended Passive Mode (|||)";
    expect_at(input, ErrorCode::NoEpsvGroup, "|||", 0);
    let input = "229 Entering Extended Passive Mode ()";
    let open = input.find('(').unwrap() + 1;
    expect(input, ErrorCode::NoEpsvGroup, open, open);
    let input = "229 Entering Extended Passive Mode";
    expect(input, ErrorCode::NoEpsvGroup, 0, input.len());
    let input = "229 Entering Extended Passive Mode (   6446 )";
    expect_at(input, ErrorCode::BadDelimiter, " ", 35);
    let input = "229 Entering Extended Passive Mode (|||64a6|)";
    let e = expect_at(input, ErrorCode::BadPort, "a", 36);
    assert!(e.message.contains("'a' in the port"), "{}", e.message);
    // No closing delimiter after the port: an empty span at the end of the group.
    let input = "229 Entering Extended Passive Mode (|||6446)";
    let close = input.find(')').unwrap();
    expect(input, ErrorCode::NoEpsvGroup, close, close);
}

// ---------------------------------------------------------------- EPRT

#[test]
fn eprt_errors() {
    let e = expect(
        "EPRT |3|132.235.1.2|6275|",
        ErrorCode::UnsupportedNetworkProtocol,
        6,
        7,
    );
    assert!(e.message.contains("network protocol 3"), "{}", e.message);
    expect("EPRT |x|132.235.1.2|6275|", ErrorCode::BadArgument, 6, 7);
    expect("EPRT ||132.235.1.2|6275|", ErrorCode::BadArgument, 6, 6);

    let e = expect("EPRT |1|::1|6275|", ErrorCode::AddressFamilyMismatch, 8, 11);
    assert_eq!(
        e.message,
        "protocol 1 means IPv4, but ::1 is an IPv6 address"
    );
    let e = expect(
        "EPRT |2|132.235.1.2|6275|",
        ErrorCode::AddressFamilyMismatch,
        8,
        19,
    );
    assert_eq!(
        e.message,
        "protocol 2 means IPv6, but 132.235.1.2 is an IPv4 address"
    );

    let e = expect(
        "EPRT |1|132.235.1.2|6275",
        ErrorCode::WrongFieldCount,
        5,
        24,
    );
    assert!(e.message.contains("closing '|'"), "{}", e.message);
    let e = expect(
        "EPRT |1|132.235.1.2|6275|9|",
        ErrorCode::WrongFieldCount,
        5,
        27,
    );
    assert!(e.message.ends_with("found four"), "{}", e.message);

    expect(
        "EPRT |1|132.235.1.2|65536|",
        ErrorCode::PortOutOfRange,
        20,
        25,
    );
    expect("EPRT |1|132.235.1.2||", ErrorCode::MissingPort, 20, 20);
    expect("EPRT |1|132.235.1.2|+1|", ErrorCode::BadPort, 20, 21);
    expect("EPRT  |1|132.235.1.2|6275|", ErrorCode::BadDelimiter, 5, 6);
    let e = expect("EPRT", ErrorCode::MissingArgument, 0, 4);
    assert!(e.message.contains("|protocol|address|port|"));

    // Address errors come from parse_ip, shifted to the address field.
    expect("EPRT |1|010.0.0.1|6275|", ErrorCode::LeadingZero, 8, 11);
    expect("EPRT |1|1.2.3|6275|", ErrorCode::WrongOctetCount, 8, 13);
    expect("EPRT |2|fe80::1%eth0|6275|", ErrorCode::ZoneIndex, 15, 20);
    expect("EPRT |2|1::2::3|6275|", ErrorCode::DoubleColonTwice, 12, 14);
    expect("EPRT |1||6275|", ErrorCode::BadAddress, 8, 8);
}

// ---------------------------------------------------------------- LPRT / 228

#[test]
fn long_address_errors() {
    let e = expect(
        "LPRT 5,4,1,2,3,4,2,1,1",
        ErrorCode::UnsupportedAddressFamily,
        5,
        6,
    );
    assert!(e.message.contains("address family 5"), "{}", e.message);
    let e = expect("LPRT 4,16,1,2,3,4,2,1,1", ErrorCode::BadAddressLength, 7, 9);
    assert!(e.message.contains("address length 16"), "{}", e.message);
    expect("LPRT 6,4,1,2,3,4,2,1,1", ErrorCode::BadAddressLength, 7, 8);
    let e = expect("LPRT 4,4,1,2,3,4,3,1,1", ErrorCode::BadPortLength, 17, 18);
    assert!(e.message.contains("port length 3"), "{}", e.message);
    let e = expect("LPRT 4,4,1,2,3,4,2,1", ErrorCode::TooFewNumbers, 5, 20);
    assert_eq!(e.message, "eight numbers, LPRT needs nine");
    expect("LPRT 4,4,1,2,3,4,2,1,1,1", ErrorCode::TooManyNumbers, 5, 24);
    expect(
        "LPRT 4,4,1,2,300,4,2,1,1",
        ErrorCode::OctetOutOfRange,
        13,
        16,
    );
    expect(
        "LPRT 4,4,1,2,3,4,2,1,256",
        ErrorCode::PortByteOutOfRange,
        21,
        24,
    );
    expect("LPRT", ErrorCode::MissingArgument, 0, 4);
    let input = "228 Entering Long Passive Mode (4,4,1,2,3,4,2,1)";
    let e = expect_at(input, ErrorCode::TooFewNumbers, "4,4,1,2,3,4,2,1", 0);
    assert_eq!(e.message, "eight numbers, LPSV needs nine");
}

#[test]
fn every_error_code_has_a_unique_kebab_name() {
    let mut seen = std::collections::HashSet::new();
    for c in ErrorCode::ALL {
        let s = c.as_str();
        assert!(
            s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{s}"
        );
        assert!(seen.insert(s), "duplicate {s}");
        assert_eq!(c.to_string(), s);
        assert_eq!(serde_json::to_string(c).unwrap(), format!("\"{s}\""));
    }
    let mut seen = std::collections::HashSet::new();
    for c in WarningCode::ALL {
        assert!(seen.insert(c.as_str()));
    }
}

#[test]
fn display_and_json_of_an_error() {
    let e = err("PORT 1,2,3,4,0,0");
    assert_eq!(
        e.to_string(),
        "port-zero (bytes 13..16): port 0 is not a usable port: no data connection can be made to it"
    );
    let json: serde_json::Value = serde_json::to_value(&e).unwrap();
    assert_eq!(json["code"], "port-zero");
    assert_eq!(json["span"], serde_json::json!([13, 16]));
    assert!(json.get("note").is_none(), "no note: the field is skipped");
}

// ---------------------------------------------------------------- warnings

#[test]
fn warning_unspecified_address_in_227() {
    let input = format!("{P}(0,0,0,0,195,83).");
    let d = ok(&input);
    assert_eq!(d.ip(), Some("0.0.0.0".parse().unwrap()));
    assert_eq!(d.port(), Some(50003));
    assert_eq!(codes(&d), [WarningCode::UnspecifiedAddress]);
    let start = input.find("0,0,0,0").unwrap();
    assert_eq!(d.warnings[0].span, Some(Span::new(start, start + 7)));
    assert_eq!(d.address.as_ref().unwrap().category.as_str(), "unspecified");
    // LPSV with :: also warns, and does not fail.
    let d = ok("228 Entering Long Passive Mode (6,16,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,195,80)");
    assert_eq!(codes(&d), [WarningCode::UnspecifiedAddress]);
}

#[test]
fn warning_privileged_port() {
    let input = format!("{P}(8,8,8,8,0,21)");
    let d = ok(&input);
    assert_eq!(codes(&d), [WarningCode::PrivilegedPort]);
    let start = input.find("0,21").unwrap();
    assert_eq!(d.warnings[0].span, Some(Span::new(start, start + 4)));
    assert!(d.warnings[0].message.starts_with("port 21 is privileged"));

    let d = ok("229 Entering Extended Passive Mode (|||1023|)");
    assert_eq!(codes(&d), [WarningCode::PrivilegedPort]);
    let d = ok("229 Entering Extended Passive Mode (|||1024|)");
    assert!(d.warnings.is_empty());

    let d = ok("EPRT |1|8.8.8.8|25|");
    assert_eq!(codes(&d), [WarningCode::PrivilegedPort]);
    assert_eq!(d.warnings[0].span, Some(Span::new(16, 18)));
    assert!(
        d.warnings[0].message.contains("bounce"),
        "{}",
        d.warnings[0].message
    );
}

#[test]
fn warning_missing_parenthesis() {
    let input = format!("{P}8,8,8,8,195,80");
    let d = ok(&input);
    assert_eq!(d.port(), Some(50000));
    assert_eq!(codes(&d), [WarningCode::MissingParenthesis]);
    assert_eq!(d.warnings[0].span, Some(Span::new(26, input.len())));
    // Unclosed parenthesis.
    let input = format!("{P}(8,8,8,8,195,80");
    let d = ok(&input);
    assert_eq!(codes(&d), [WarningCode::MissingParenthesis]);
    assert_eq!(d.warnings[0].span, Some(Span::new(27, input.len())));
    assert!(d.warnings[0].message.contains("closing"));
    // 229 without parentheses: the group ends at its fourth delimiter.
    let input = "229 Entering Extended Passive Mode |||6446|";
    let d = ok(input);
    assert_eq!(d.port(), Some(6446));
    assert_eq!(codes(&d), [WarningCode::MissingParenthesis]);
    let input = "229 Entering Extended Passive Mode |||6446| ok";
    let d = ok(input);
    assert_eq!(d.port(), Some(6446));
    assert_eq!(d.span, Some(Span::new(35, 43)));
    // 228 without parentheses.
    let d = ok("228 Entering Long Passive Mode 4,4,8,8,8,8,2,195,80");
    assert_eq!(codes(&d), [WarningCode::MissingParenthesis]);
}

#[test]
fn warning_extra_numbers() {
    let input = format!("{P}(8,8,8,8,195,80) 42");
    let d = ok(&input);
    assert_eq!(codes(&d), [WarningCode::ExtraNumbers]);
    let after = input.find(')').unwrap() + 1;
    assert_eq!(d.warnings[0].span, Some(Span::new(after, input.len())));
}

#[test]
fn warning_leading_zeros() {
    let input = format!("{P}(8,8,8,08,195,080)");
    let d = ok(&input);
    assert_eq!(d.ip(), Some("8.8.8.8".parse().unwrap()));
    assert_eq!(d.port(), Some(50000));
    assert_eq!(codes(&d), [WarningCode::LeadingZeros]);
    let start = input.find("08").unwrap();
    assert_eq!(d.warnings[0].span, Some(Span::new(start, start + 2)));
    let d = ok("PORT 8,8,8,8,0195,080");
    assert_eq!(d.port(), Some(50000));
    assert_eq!(codes(&d), [WarningCode::LeadingZeros]);
}

#[test]
fn warning_unusual_delimiter_and_not_unicast() {
    let d = ok("229 Entering Extended Passive Mode (###6446#)");
    assert_eq!(d.delimiter, Some('#'));
    assert_eq!(codes(&d), [WarningCode::UnusualDelimiter]);
    assert_eq!(d.warnings[0].span, Some(Span::new(36, 37)));
    assert!(d.warnings[0].message.contains("'#'"));

    let d = ok(&format!("{P}(224,0,0,1,195,80)"));
    assert_eq!(codes(&d), [WarningCode::NotUnicast]);
    let d = ok("PORT 255,255,255,255,195,80");
    assert_eq!(codes(&d), [WarningCode::NotUnicast]);
}

#[test]
fn warning_pasv_on_ipv6_and_address_mismatch() {
    let input = format!("{P}(8,8,8,8,195,80)");
    let d = decode_with(&input, &peer("2001:db8::21")).unwrap();
    assert_eq!(codes(&d), [WarningCode::PasvOnIpv6]);
    let start = input.find("8,8,8,8").unwrap();
    assert_eq!(d.warnings[0].span, Some(Span::new(start, start + 7)));
    assert!(d.warnings[0].message.contains("EPSV"));

    // vsftpd on IPv6: 0.0.0.0 plus pasv-on-ipv6.
    let d = decode_with(&format!("{P}(0,0,0,0,195,83)."), &peer("::1")).unwrap();
    assert_eq!(
        codes(&d),
        [WarningCode::UnspecifiedAddress, WarningCode::PasvOnIpv6]
    );

    // The PASV command itself, on an IPv6 control connection.
    let d = decode_with("PASV", &peer("::1")).unwrap();
    assert_eq!(codes(&d), [WarningCode::PasvOnIpv6]);
    assert_eq!(d.warnings[0].span, None);
    assert!(decode_with("PASV", &peer("127.0.0.1"))
        .unwrap()
        .warnings
        .is_empty());

    // PORT on IPv6 suggests EPRT.
    let d = decode_with("PORT 8,8,8,8,195,80", &peer("::1")).unwrap();
    assert_eq!(codes(&d), [WarningCode::PasvOnIpv6]);
    assert!(d.warnings[0].message.contains("EPRT"));

    // A passive reply naming another host than the control peer.
    let d = decode_with(&input, &peer("8.8.4.4")).unwrap();
    assert_eq!(codes(&d), [WarningCode::AddressMismatch]);
    assert!(d.warnings[0].message.contains("8.8.4.4"));
    assert!(decode_with(&input, &peer("8.8.8.8"))
        .unwrap()
        .warnings
        .is_empty());
    // Active forms name the client: no mismatch with the server's address.
    assert!(decode_with("PORT 8,8,8,8,195,80", &peer("8.8.4.4"))
        .unwrap()
        .warnings
        .is_empty());
}

#[test]
fn warning_spans_shift_with_leading_blanks() {
    let input = format!("   {P}(10,0,0,1,195,80)");
    let d = ok(&input);
    let start = input.find("10,0,0,1").unwrap();
    assert_eq!(d.warnings[0].span, Some(Span::new(start, start + 8)));
    let e = err("   PORT 1,2,3,4,0,0");
    assert_eq!(e.span, Span::new(16, 19));
}

#[test]
fn warnings_on_228_match_227() {
    let input = "228 Entering Long Passive Mode (4,4,8,8,8,8,2,195,80";
    let d = ok(input);
    assert_eq!(codes(&d), [WarningCode::MissingParenthesis]);
    assert_eq!(d.warnings[0].span, Some(Span::new(32, input.len())));
    let input = "228 Entering Long Passive Mode (4,4,8,8,8,8,2,195,80) 5";
    let d = ok(input);
    assert_eq!(codes(&d), [WarningCode::ExtraNumbers]);
    assert_eq!(d.warnings[0].span, Some(Span::new(53, input.len())));
}

/// Every error code is produced by some input, through `decode` or `parse_ip` (the address codes).
#[test]
fn every_error_code_is_reachable() {
    use ftp_explorer::address::parse_ip;
    let table: &[(ErrorCode, &str)] = &[
        (ErrorCode::EmptyInput, " "),
        (ErrorCode::UnknownInput, "NOOP"),
        (ErrorCode::BadReplyFraming, "227x"),
        (ErrorCode::UnterminatedMultiline, "227-a\n227-b"),
        (ErrorCode::NoEndpointReply, "200 OK"),
        (ErrorCode::NoNumberGroup, "227 Entering Passive Mode"),
        (ErrorCode::TooFewNumbers, "PORT 1,2,3,4,5"),
        (ErrorCode::TooManyNumbers, "PORT 1,2,3,4,5,6,7"),
        (ErrorCode::EmptyField, "PORT 1,2,,4,5,6"),
        (ErrorCode::BlankInGroup, "PORT 1, 2,3,4,5,6"),
        (ErrorCode::SignInGroup, "PORT 1,2,3,4,5,+6"),
        (ErrorCode::GluedCharacters, "PORT 1,2,3,4,5,6x"),
        (ErrorCode::NotANumber, "PORT 1,2,3,4,5,x"),
        (ErrorCode::OctetOutOfRange, "PORT 1,2,3,256,5,6"),
        (ErrorCode::PortByteOutOfRange, "PORT 1,2,3,4,5,256"),
        (ErrorCode::PortZero, "PORT 1,2,3,4,0,0"),
        (ErrorCode::PortOutOfRange, "EPRT |1|1.2.3.4|65536|"),
        (ErrorCode::MissingPort, "EPRT |1|1.2.3.4||"),
        (ErrorCode::BadPort, "EPRT |1|1.2.3.4|5x|"),
        (ErrorCode::UnspecifiedAddress, "PORT 0,0,0,0,1,1"),
        (ErrorCode::BadDelimiter, "EPRT  1 1.2.3.4 5 "),
        (ErrorCode::DelimitersDiffer, "229 (|||5!)"),
        (ErrorCode::FieldsNotEmpty, "229 (|1||5|)"),
        (ErrorCode::NoEpsvGroup, "229 Entering Extended Passive Mode"),
        (ErrorCode::UnsupportedNetworkProtocol, "EPSV 3"),
        (
            ErrorCode::UnsupportedAddressFamily,
            "LPRT 5,4,1,2,3,4,2,1,1",
        ),
        (ErrorCode::BadAddressLength, "LPRT 4,5,1,2,3,4,5,2,1,1"),
        (ErrorCode::BadPortLength, "LPRT 4,4,1,2,3,4,1,1"),
        (ErrorCode::WrongFieldCount, "EPRT |1|1.2.3.4|"),
        (ErrorCode::AddressFamilyMismatch, "EPRT |2|1.2.3.4|5|"),
        (ErrorCode::UnexpectedArgument, "PASV 1"),
        (ErrorCode::MissingArgument, "PORT"),
        (ErrorCode::BadArgument, "EPSV x"),
        (ErrorCode::SurroundingBlank, "EPRT |1| 1.2.3.4|5|"),
        (ErrorCode::InvalidCharacter, "EPRT |2|[::1]|5|"),
        (ErrorCode::LeadingZero, "EPRT |1|01.2.3.4|5|"),
        (ErrorCode::WrongOctetCount, "EPRT |1|1.2.3|5|"),
        (ErrorCode::EmptyOctet, "EPRT |1|1..3.4|5|"),
        (ErrorCode::DoubleColonTwice, "EPRT |2|1::2::3|5|"),
        (ErrorCode::GroupTooLong, "EPRT |2|12345::1|5|"),
        (ErrorCode::WrongGroupCount, "EPRT |2|1:2:3:4:5:6:7:8:9|5|"),
        (ErrorCode::ZoneIndex, "EPRT |2|fe80::1%eth0|5|"),
        (ErrorCode::BadAddress, "EPRT |2|1:::2|5|"),
        (
            ErrorCode::WrongFamily,
            "227 Entering passive mode (::1,195,80).",
        ),
    ];
    for code in ErrorCode::ALL {
        let (_, input) = table
            .iter()
            .find(|(c, _)| c == code)
            .unwrap_or_else(|| panic!("no input for {code}"));
        let e = err(input);
        assert_eq!(e.code, *code, "{input:?}: {e}");
        assert!(e.span.end <= input.len());
    }
    // The address codes come from parse_ip itself too.
    assert_eq!(
        DecodeError::from(parse_ip("1:::2").unwrap_err()).code,
        ErrorCode::BadAddress
    );
    // Every address code is a decoder code of the same name.
    for code in ftp_explorer::address::ErrorCode::ALL {
        assert!(ErrorCode::from_name(code.as_str()).is_some(), "{code}");
    }
    assert_eq!(
        err("EPRT |1| 1.2.3.4|5|").span,
        Span::new(8, 9),
        "surrounding blank, shifted to the address field"
    );
}
