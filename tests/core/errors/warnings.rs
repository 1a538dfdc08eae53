//! Every warning code, with its span: inputs that decode, but with something to say.

use super::{codes, decode_with, err, ok, peer, Span, WarningCode, P};

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
