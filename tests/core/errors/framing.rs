//! Inputs and framing: empty and unknown input, replies without an endpoint, bad reply framing.

use super::{expect, ErrorCode};

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
