//! The long forms (RFC 1639): LPRT and the 228 reply.

use super::{expect, expect_at, ErrorCode};

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
