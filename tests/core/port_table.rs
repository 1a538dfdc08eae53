//! The port table: p1 × 256 + p2 for a set of addresses, read from both a 227 reply and a PORT command,
//! with the arithmetic fields and the address class.

use ftp_explorer::address::Category;
use ftp_explorer::wire::{decode, encode, Decoded, Form, Kind, PortMath, Span};
use std::net::{IpAddr, Ipv4Addr};

struct Row {
    bytes: [u8; 6],
    high: u32,
    port: u16,
    category: Category,
}

const TABLE: &[Row] = &[
    Row {
        bytes: [192, 168, 1, 100, 20, 0],
        high: 5120,
        port: 5120,
        category: Category::Private,
    },
    Row {
        bytes: [10, 0, 0, 1, 195, 80],
        high: 49920,
        port: 50000,
        category: Category::Private,
    },
    Row {
        bytes: [203, 0, 113, 50, 255, 255],
        high: 65280,
        port: 65535,
        category: Category::Documentation,
    },
    Row {
        bytes: [172, 16, 0, 1, 4, 1],
        high: 1024,
        port: 1025,
        category: Category::Private,
    },
    Row {
        bytes: [8, 8, 8, 8, 100, 200],
        high: 25600,
        port: 25800,
        category: Category::Public,
    },
];

fn group(b: &[u8; 6]) -> String {
    b.iter().map(u8::to_string).collect::<Vec<_>>().join(",")
}

fn check(d: &Decoded, row: &Row, input: &str, group_text: &str) {
    let b = row.bytes;
    let ip = IpAddr::V4(Ipv4Addr::new(b[0], b[1], b[2], b[3]));
    assert_eq!(d.ip(), Some(ip), "{input}");
    assert_eq!(d.port(), Some(row.port), "{input}");
    assert_eq!(
        d.arithmetic,
        Some(PortMath {
            p1: b[4],
            p2: b[5],
            high: row.high,
            port: row.port
        }),
        "{input}"
    );
    assert_eq!(u32::from(b[4]) * 256, row.high);
    assert_eq!(row.high + u32::from(b[5]), u32::from(row.port));
    let start = input.find(group_text).unwrap();
    assert_eq!(
        d.span,
        Some(Span::new(start, start + group_text.len())),
        "{input}"
    );
    let class = d.address.as_ref().expect("classified");
    assert_eq!(class.ip, ip);
    assert_eq!(class.family, 4);
    assert_eq!(class.category, row.category, "{input}");
    let codes: Vec<&str> = d.warnings.iter().map(|w| w.code.as_str()).collect();
    if row.category == Category::Public {
        assert!(codes.is_empty(), "{input}: {codes:?}");
    } else {
        assert_eq!(codes, ["non-public-address"], "{input}");
    }
    assert_eq!(
        d.arithmetic.unwrap().to_string(),
        format!(
            "{} × 256 + {} = {} + {} = {}",
            b[4], b[5], row.high, b[5], row.port
        )
    );
}

#[test]
fn port_table_227_reply() {
    for row in TABLE {
        let g = group(&row.bytes);
        let input = format!("227 Entering Passive Mode ({g})");
        let d = decode(&input).unwrap();
        assert_eq!(d.kind, Kind::Pasv);
        assert_eq!(d.form, Form::Reply);
        assert_eq!(d.code, Some(227));
        check(&d, row, &input, &g);
        // And with the usual trailing period.
        let input = format!("227 Entering Passive Mode ({g}).");
        check(&decode(&input).unwrap(), row, &input, &g);
    }
}

#[test]
fn port_table_port_command() {
    for row in TABLE {
        let g = group(&row.bytes);
        let input = format!("PORT {g}");
        let d = decode(&input).unwrap();
        assert_eq!(d.kind, Kind::Port);
        assert_eq!(d.form, Form::Command);
        assert_eq!(d.command.as_deref(), Some("PORT"));
        check(&d, row, &input, &g);
    }
}

#[test]
fn port_table_encodes_back() {
    for row in TABLE {
        let b = row.bytes;
        let ip = Some(IpAddr::V4(Ipv4Addr::new(b[0], b[1], b[2], b[3])));
        let g = group(&b);
        assert_eq!(
            encode(Kind::Pasv, ip, row.port).unwrap(),
            format!("227 Entering Passive Mode ({g})")
        );
        assert_eq!(
            encode(Kind::Port, ip, row.port).unwrap(),
            format!("PORT {g}")
        );
        assert_eq!(PortMath::of_port(row.port), PortMath::new(b[4], b[5]));
    }
}
