//! The error types: a problem and the list `generate` refuses with are `std::error::Error`s that say
//! what is wrong in a line each; the address's error says which part of the text is wrong.

use super::with;
use ftp_explorer::config::{generate, Advertised, AdvertisedErrorKind, Target};
use std::error::Error;

#[test]
fn problems_are_errors_that_read_as_lines() {
    let problems = generate(
        Target::Vsftpd,
        &with(|i| {
            i.address.clear();
            i.passive_min = 51000;
            i.passive_max = 50000;
            i.max_clients = 0;
        }),
    )
    .unwrap_err();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(problems.errors().count(), 1);
    let first = problems[0].to_string();
    assert!(
        first.starts_with("error [passive-range-reversed] passive_ports: the passive range 51000-50000 is backwards"),
        "{first}"
    );
    assert!(problems[1]
        .to_string()
        .starts_with("warning [unlimited-clients] max_clients: no limit on clients"));
    let all = problems.to_string();
    assert_eq!(all.lines().count(), 2, "{all}");
    assert_eq!(all.lines().next(), Some(first.as_str()));
    // Usable as any error, and as a plain list.
    let boxed: Box<dyn Error> = Box::new(problems.clone());
    assert_eq!(boxed.to_string(), all);
    let single: &dyn Error = &problems[0];
    assert!(single.source().is_none());
    assert_eq!(problems.clone().into_vec().len(), 2);
    assert_eq!((&problems).into_iter().count(), 2);
    assert_eq!(
        serde_json::to_value(&problems).unwrap()[0]["code"],
        "passive-range-reversed"
    );
}

#[test]
fn the_address_error_says_what_is_wrong() {
    let kind = |t: &str| Advertised::parse(t).unwrap_err().kind;
    assert_eq!(
        kind("::ffff:192.0.2.1"),
        AdvertisedErrorKind::Ipv4Mapped("192.0.2.1".parse().unwrap())
    );
    assert!(matches!(kind("010.0.0.1"), AdvertisedErrorKind::NotAnIp(_)));
    assert_eq!(kind("bücher.example"), AdvertisedErrorKind::NonAscii('ü'));
    assert_eq!(kind("ftp_x.example"), AdvertisedErrorKind::Character('_'));
    assert_eq!(kind(&"a.".repeat(130)), AdvertisedErrorKind::TooLong(260));
    assert_eq!(kind("ftp.example."), AdvertisedErrorKind::FinalDot);
    assert_eq!(kind("ftp..example"), AdvertisedErrorKind::EmptyLabel);
    assert_eq!(
        kind(&"a".repeat(64)),
        AdvertisedErrorKind::LabelTooLong("a".repeat(64))
    );
    assert_eq!(
        kind("-ftp.example"),
        AdvertisedErrorKind::LabelHyphen("-ftp".into())
    );
    assert_eq!(kind("ftp.123"), AdvertisedErrorKind::NumericLastLabel);
    // The text is kept as read (without the blanks around it), and the message names it.
    let e = Advertised::parse("  ftp..example ").unwrap_err();
    assert_eq!(e.text, "ftp..example");
    assert_eq!(
        e.to_string(),
        "'ftp..example' has an empty label (two dots in a row, or a leading dot)"
    );
    // A numeric text that is no address: the address reader's error is the source.
    let e = Advertised::parse("1.2.3").unwrap_err();
    assert!(
        e.to_string().starts_with("'1.2.3' is not an IP address: "),
        "{e}"
    );
    assert!(e.source().is_some());
    assert_eq!(Advertised::parse(" "), Ok(Advertised::None));
}
