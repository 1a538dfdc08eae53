//! Validation: each code raised as its case says, errors first, clear messages, host names and
//! the range parser.

use super::cases::cases;
use super::{codes, with};
use ftp_explorer::config::{
    check, generate, parse_port_range, Code, Field, Problem, Severity, Target,
};

#[test]
fn each_code_triggers_and_not_on_close_inputs() {
    for c in cases() {
        let yes = check(c.target, &c.yes);
        let hit = yes.iter().find(|p| p.code == c.code).unwrap_or_else(|| {
            panic!(
                "{} not raised for {} by {:?}: {:?}",
                c.code,
                c.target,
                c.yes,
                codes(&yes)
            )
        });
        assert_eq!(
            hit.severity, c.severity,
            "{} for {}: {hit:?}",
            c.code, c.target
        );
        assert_eq!(hit.field, c.field, "{} for {}", c.code, c.target);
        assert!(
            hit.message.len() > 30,
            "{}: a clear message: {}",
            c.code,
            hit.message
        );
        // Not raised (at that severity: a code that is an error behind NAT may stay a warning without).
        let no = check(c.target, &c.no);
        assert!(
            !no.iter()
                .any(|p| p.code == c.code && p.severity == c.severity),
            "{} raised for {} by {:?}: {:?}",
            c.code,
            c.target,
            c.no,
            codes(&no)
        );
        // An error stops generation; a warning travels with the text.
        match (generate(c.target, &c.yes), c.severity) {
            (Err(p), Severity::Error) => assert!(p.iter().any(|x| x.code == c.code)),
            (Ok(g), Severity::Warning) => assert!(g.warnings.iter().any(|x| x.code == c.code)),
            (r, s) => panic!("{} ({s:?}) for {}: {r:?}", c.code, c.target),
        }
    }
}

#[test]
fn every_code_is_tested() {
    let tested: Vec<Code> = cases().iter().map(|c| c.code).collect();
    // The parse codes are tested with the query and the range parser below.
    let parse = [
        Code::PassiveRangeSyntax,
        Code::NotANumber,
        Code::NotABoolean,
        Code::TargetUnknown,
    ];
    for code in Code::ALL {
        assert!(
            tested.contains(code) || parse.contains(code),
            "{code} has no test case"
        );
        assert!(
            code.as_str()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{code}: kebab-case"
        );
    }
}

#[test]
fn errors_come_first_and_the_firewalls_ignore_the_address_class() {
    let i = with(|i| {
        i.address = "192.168.1.10".into();
        i.behind_nat = true;
        i.max_clients = 0;
        i.passive_min = 1000;
    });
    let p = check(Target::Vsftpd, &i);
    let first_warning = p.iter().position(|p| !p.is_error()).unwrap();
    assert!(p[..first_warning].iter().all(Problem::is_error));
    assert!(p[first_warning..].iter().all(|p| !p.is_error()));
    assert_eq!(
        codes(&p),
        [
            "address-not-public",
            "passive-range-out-of-bounds",
            "unlimited-clients"
        ]
    );
    // A firewall does not use the address: a private one is no problem there.
    let fw = check(
        Target::Nftables,
        &with(|i| {
            i.address = "192.168.1.10".into();
            i.behind_nat = true
        }),
    );
    assert!(fw.is_empty(), "{fw:?}");
}

#[test]
fn messages_explain() {
    let p = check(
        Target::Vsftpd,
        &with(|i| {
            i.address = "10.1.2.3".into();
            i.behind_nat = true
        }),
    );
    assert!(
        p[0].message
            .contains("10.1.2.3 is a private address (10.0.0.0/8, RFC 1918)"),
        "{}",
        p[0].message
    );
    assert!(p[0].message.contains("public address"), "{}", p[0].message);
    let p = check(
        Target::Vsftpd,
        &with(|i| {
            i.passive_min = 50000;
            i.passive_max = 50009;
            i.max_clients = 20
        }),
    );
    assert!(
        p[0].message
            .contains("holds 10 port(s) for up to 20 clients"),
        "{}",
        p[0].message
    );
    let p = check(Target::Vsftpd, &with(|i| i.address = "1.2.3.4\nx".into()));
    assert!(
        p[0].message
            .contains("neither an IP address nor a host name"),
        "{}",
        p[0].message
    );
    let p = check(Target::Vsftpd, &with(|i| i.address = "010.0.0.1".into()));
    assert!(
        p[0].message.starts_with("'010.0.0.1' is not an IP address"),
        "{}",
        p[0].message
    );
}

#[test]
fn host_names() {
    for ok in [
        "ftp.example.com",
        "localhost",
        "a-b.c-d.example",
        "xn--bcher-kva.example",
        &"a".repeat(63),
    ] {
        assert!(
            check(Target::Vsftpd, &with(|i| i.address = ok.to_string()))
                .iter()
                .all(|p| p.code != Code::AddressInvalid),
            "{ok}"
        );
    }
    for bad in [
        "-ftp.example",
        "ftp-.example",
        "ftp..example",
        ".example",
        "ftp.example.",
        "bücher.example",
        "ftp.123",
        &"a".repeat(64),
        &format!("{}.com", "a.".repeat(130)),
    ] {
        let p = check(Target::Vsftpd, &with(|i| i.address = bad.to_string()));
        assert_eq!(
            p.first().map(|p| p.code),
            Some(Code::AddressInvalid),
            "{bad}: {p:?}"
        );
    }
}

#[test]
fn the_range_parser() {
    assert_eq!(parse_port_range("50000-51000").unwrap(), (50000, 51000));
    assert_eq!(parse_port_range(" 50000 - 51000 ").unwrap(), (50000, 51000));
    assert_eq!(
        parse_port_range("70000-80000").unwrap(),
        (70000, 80000),
        "syntax only; check() judges"
    );
    for bad in [
        "",
        "50000",
        "50000:51000",
        "a-b",
        "-1-5",
        "+5-6",
        "5-",
        "99999999999-1",
    ] {
        let e = parse_port_range(bad).unwrap_err();
        assert_eq!(e.code, Code::PassiveRangeSyntax, "{bad}");
        assert_eq!(e.field, Field::PassivePorts);
    }
}
