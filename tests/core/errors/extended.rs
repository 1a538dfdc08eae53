//! The extended forms (RFC 2428): the EPSV command and its 229 reply, and EPRT.

use super::{expect, expect_at, ErrorCode};

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
