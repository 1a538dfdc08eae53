//! The number groups of 227 and PORT (and the LPRT/EPRT forms of the same errors): octets, port bytes,
//! port zero, counts, blanks, signs, empty fields, glued characters, the address family.

use super::{expect, expect_at, ErrorCode, P};

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
