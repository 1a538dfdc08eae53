//! The error codes themselves: unique kebab-case names, Display and JSON, and every code reachable
//! from some input.

use super::{err, DecodeError, ErrorCode, Span, WarningCode};

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
