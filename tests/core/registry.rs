//! Every row of the special-purpose registries, checked at its bounds and just outside them against an
//! independent longest-prefix match; spot checks of well-known addresses; strict address parsing.

use ftp_explorer::address::registry::{lookup_v4, lookup_v6, Block, IPV4, IPV6};
use ftp_explorer::address::{classify, parse_ip, Category, Classification};
use ftp_explorer::wire::{DecodeError, ErrorCode, Span};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

// ---------------------------------------------------------------- an independent oracle

fn in_v4(b: &Block<Ipv4Addr>, ip: Ipv4Addr) -> bool {
    let len = u32::from(b.prefix_len);
    if len == 0 {
        return true;
    }
    (u32::from(ip) >> (32 - len)) == (u32::from(b.network) >> (32 - len))
}

fn in_v6(b: &Block<Ipv6Addr>, ip: Ipv6Addr) -> bool {
    let len = u32::from(b.prefix_len);
    if len == 0 {
        return true;
    }
    (u128::from(ip) >> (128 - len)) == (u128::from(b.network) >> (128 - len))
}

/// Naive longest-prefix match: the category of the most specific row, or public.
fn expected_v4(ip: Ipv4Addr) -> (Category, Option<u8>) {
    let mut best: Option<&Block<Ipv4Addr>> = None;
    for b in IPV4 {
        if in_v4(b, ip) && best.is_none_or(|x| b.prefix_len > x.prefix_len) {
            best = Some(b);
        }
    }
    best.map_or((Category::Public, None), |b| {
        (b.category, Some(b.prefix_len))
    })
}

fn expected_v6(ip: Ipv6Addr) -> (Category, Option<u8>) {
    let mut best: Option<&Block<Ipv6Addr>> = None;
    for b in IPV6 {
        if in_v6(b, ip) && best.is_none_or(|x| b.prefix_len > x.prefix_len) {
            best = Some(b);
        }
    }
    best.map_or((Category::Public, None), |b| {
        (b.category, Some(b.prefix_len))
    })
}

fn class4(ip: Ipv4Addr) -> Classification {
    classify(IpAddr::V4(ip))
}

fn class6(ip: Ipv6Addr) -> Classification {
    classify(IpAddr::V6(ip))
}

// ---------------------------------------------------------------- table integrity

#[test]
fn rows_are_aligned_and_unique() {
    for b in IPV4 {
        let (first, last) = b.bounds();
        assert_eq!(first, b.network, "{} is not aligned", b.range());
        assert!(u32::from(last) >= u32::from(first));
        assert_eq!(
            u64::from(u32::from(last)) - u64::from(u32::from(first)) + 1,
            1u64 << (32 - b.prefix_len),
            "{}",
            b.range()
        );
        assert!(b.contains(first) && b.contains(last));
        assert!(!b.rfc.is_empty() && !b.name.is_empty());
        let same = IPV4
            .iter()
            .filter(|o| o.network == b.network && o.prefix_len == b.prefix_len)
            .count();
        assert_eq!(same, 1, "duplicate row {}", b.range());
    }
    for b in IPV6 {
        let (first, last) = b.bounds();
        assert_eq!(first, b.network, "{} is not aligned", b.range());
        if b.prefix_len > 0 {
            assert_eq!(
                u128::from(last) - u128::from(first),
                u128::MAX.checked_shr(u32::from(b.prefix_len)).unwrap_or(0),
                "{}",
                b.range()
            );
        }
        assert!(b.contains(first) && b.contains(last));
        let same = IPV6
            .iter()
            .filter(|o| o.network == b.network && o.prefix_len == b.prefix_len)
            .count();
        assert_eq!(same, 1, "duplicate row {}", b.range());
    }
}

#[test]
fn every_category_name_is_the_contract_name() {
    let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        names,
        [
            "public",
            "private",
            "shared_cgnat",
            "loopback",
            "link_local",
            "unspecified",
            "this_network",
            "documentation",
            "benchmarking",
            "multicast",
            "broadcast",
            "reserved",
            "ietf_protocol",
            "ipv4_mapped",
            "nat64",
            "discard",
            "unique_local",
            "6to4",
            "teredo",
            "orchid",
            "srv6",
            "other_special",
        ]
    );
    for c in Category::ALL {
        assert_eq!(c.to_string(), c.as_str());
        assert_eq!(
            serde_json::to_string(c).unwrap(),
            format!("\"{}\"", c.as_str())
        );
        assert!(!c.phrase().is_empty() && !c.meaning().is_empty());
    }
}

// ---------------------------------------------------------------- every row, at and around its bounds

#[test]
fn every_ipv4_row_at_its_bounds() {
    for b in IPV4 {
        let (first, last) = b.bounds();
        for ip in [first, last] {
            let (cat, len) = expected_v4(ip);
            let c = class4(ip);
            assert_eq!(c.category, cat, "{ip} in {}", b.range());
            assert_eq!(lookup_v4(ip).map(|x| x.prefix_len), len, "{ip}");
            assert_eq!(c.family, 4);
            assert_eq!(c.ip, IpAddr::V4(ip));
            // Unless a more specific row covers this exact address, it is this row.
            if len == Some(b.prefix_len) {
                assert_eq!(c.category, b.category, "{ip} in {}", b.range());
                assert_eq!(c.range.as_deref(), Some(b.range().as_str()));
                assert_eq!(c.rfc, Some(b.rfc));
                assert_eq!(c.name, Some(b.name));
                assert_eq!(c.globally_reachable, b.reachable, "{ip}");
            }
        }
        // Just outside.
        let outside = [
            u32::from(first).checked_sub(1),
            u32::from(last).checked_add(1),
        ];
        for ip in outside.into_iter().flatten().map(Ipv4Addr::from) {
            let (cat, _) = expected_v4(ip);
            let c = class4(ip);
            assert_eq!(c.category, cat, "{ip} next to {}", b.range());
            let same_category_covers = IPV4
                .iter()
                .any(|o| o.category == b.category && in_v4(o, ip));
            if !same_category_covers {
                assert_ne!(c.category, b.category, "{ip} next to {}", b.range());
            }
            assert!(!b.contains(ip), "{ip} next to {}", b.range());
        }
    }
}

#[test]
fn every_ipv6_row_at_its_bounds() {
    for b in IPV6 {
        let (first, last) = b.bounds();
        for ip in [first, last] {
            let (cat, len) = expected_v6(ip);
            let c = class6(ip);
            assert_eq!(c.category, cat, "{ip} in {}", b.range());
            assert_eq!(lookup_v6(ip).map(|x| x.prefix_len), len, "{ip}");
            assert_eq!(c.family, 6);
            if len == Some(b.prefix_len) {
                assert_eq!(c.category, b.category, "{ip} in {}", b.range());
                assert_eq!(c.range.as_deref(), Some(b.range().as_str()));
                assert_eq!(c.globally_reachable, b.reachable, "{ip}");
            }
        }
        let outside = [
            u128::from(first).checked_sub(1),
            u128::from(last).checked_add(1),
        ];
        for ip in outside.into_iter().flatten().map(Ipv6Addr::from) {
            assert!(!b.contains(ip), "{ip} next to {}", b.range());
            let (cat, _) = expected_v6(ip);
            let c = class6(ip);
            assert_eq!(c.category, cat, "{ip} next to {}", b.range());
            let same_category_covers = IPV6
                .iter()
                .any(|o| o.category == b.category && in_v6(o, ip));
            if !same_category_covers {
                assert_ne!(c.category, b.category, "{ip} next to {}", b.range());
            }
        }
    }
}

#[test]
fn public_addresses_have_no_block() {
    for ip in ["8.8.8.8", "1.1.1.1", "2606:4700::1", "2a00:1450::1"] {
        let c = classify(ip.parse().unwrap());
        assert_eq!(c.category, Category::Public, "{ip}");
        assert!(c.is_public());
        assert_eq!(c.range, None);
        assert_eq!(c.rfc, None);
        assert_eq!(c.name, None);
        assert!(c.globally_reachable);
        assert!(c.embedded_ipv4.is_none());
    }
}

// ---------------------------------------------------------------- spot checks

fn cat(ip: &str) -> Classification {
    classify(ip.parse::<IpAddr>().unwrap())
}

#[test]
fn ipv4_spot_checks() {
    let table = [
        ("100.64.0.0", "shared_cgnat", Some("100.64.0.0/10")),
        ("100.127.255.255", "shared_cgnat", Some("100.64.0.0/10")),
        ("100.63.255.255", "public", None),
        ("100.128.0.0", "public", None),
        ("192.0.0.9", "ietf_protocol", Some("192.0.0.9/32")),
        ("192.0.0.10", "ietf_protocol", Some("192.0.0.10/32")),
        ("192.0.0.1", "ietf_protocol", Some("192.0.0.0/29")),
        ("192.0.0.200", "ietf_protocol", Some("192.0.0.0/24")),
        ("255.255.255.255", "broadcast", Some("255.255.255.255/32")),
        ("255.255.255.254", "reserved", Some("240.0.0.0/4")),
        ("0.0.0.0", "unspecified", Some("0.0.0.0/32")),
        ("0.1.2.3", "this_network", Some("0.0.0.0/8")),
        ("224.0.0.1", "multicast", Some("224.0.0.0/4")),
        ("239.255.255.255", "multicast", Some("224.0.0.0/4")),
        ("10.0.0.1", "private", Some("10.0.0.0/8")),
        ("172.31.255.255", "private", Some("172.16.0.0/12")),
        ("172.32.0.0", "public", None),
        ("192.168.1.100", "private", Some("192.168.0.0/16")),
        ("127.0.0.1", "loopback", Some("127.0.0.0/8")),
        ("169.254.1.1", "link_local", Some("169.254.0.0/16")),
        ("192.0.2.1", "documentation", Some("192.0.2.0/24")),
        ("198.51.100.7", "documentation", Some("198.51.100.0/24")),
        ("203.0.113.5", "documentation", Some("203.0.113.0/24")),
        ("198.19.255.255", "benchmarking", Some("198.18.0.0/15")),
        ("198.20.0.0", "public", None),
        ("192.88.99.1", "6to4", Some("192.88.99.0/24")),
        ("192.31.196.1", "other_special", Some("192.31.196.0/24")),
    ];
    for (ip, category, range) in table {
        let c = cat(ip);
        assert_eq!(c.category.as_str(), category, "{ip}");
        assert_eq!(c.range.as_deref(), range, "{ip}");
        assert_eq!(c.family, 4);
    }
    // 192.0.0.9: IETF protocol, yet the registry marks it globally reachable.
    let c = cat("192.0.0.9");
    assert!(c.globally_reachable);
    assert!(!c.is_public());
    assert!(
        c.description.contains("globally reachable"),
        "{}",
        c.description
    );
    assert!(!cat("192.0.0.8").globally_reachable);
    assert!(!cat("10.0.0.1").globally_reachable);
    assert!(cat("192.31.196.1").globally_reachable);
}

#[test]
fn ipv6_spot_checks() {
    let table = [
        ("2001:db8::1", "documentation", "2001:db8::/32"),
        ("3fff::1", "documentation", "3fff::/20"),
        ("3fff:fff:ffff::1", "documentation", "3fff::/20"),
        ("fe80::1", "link_local", "fe80::/10"),
        ("fc00::1", "unique_local", "fc00::/7"),
        ("fd12:3456::1", "unique_local", "fc00::/7"),
        ("ff02::1", "multicast", "ff00::/8"),
        ("4000::1", "reserved", "4000::/3"),
        ("fec0::1", "reserved", "fec0::/10"),
        ("::1", "loopback", "::1/128"),
        ("::", "unspecified", "::/128"),
        ("::2", "reserved", "::/8"),
        ("::ffff:10.0.0.1", "ipv4_mapped", "::ffff:0.0.0.0/96"),
        ("64:ff9b::808:808", "nat64", "64:ff9b::/96"),
        ("64:ff9b:1::1", "nat64", "64:ff9b:1::/48"),
        ("2002:c000:0204::1", "6to4", "2002::/16"),
        ("5f00::1", "srv6", "5f00::/16"),
        ("2001::1", "teredo", "2001::/32"),
        ("2001:20::1", "orchid", "2001:20::/28"),
        ("2001:10::1", "orchid", "2001:10::/28"),
        ("2001:2::1", "benchmarking", "2001:2::/48"),
        ("2001:1::1", "ietf_protocol", "2001:1::1/128"),
        ("2001:1::4", "ietf_protocol", "2001::/23"),
        ("100::1", "discard", "100::/64"),
        ("100:0:0:1::1", "other_special", "100:0:0:1::/64"),
    ];
    for (ip, category, range) in table {
        let c = cat(ip);
        assert_eq!(c.category.as_str(), category, "{ip}");
        assert_eq!(c.range.as_deref(), Some(range), "{ip}");
        assert_eq!(c.family, 6);
    }
    let c = cat("2606:4700::1");
    assert_eq!(c.category.as_str(), "public");
    assert_eq!(c.range, None);
    // RFC 5952 text for the address itself.
    assert_eq!(cat("2001:DB8:0:0:0:0:0:1").ip.to_string(), "2001:db8::1");
}

#[test]
fn embedded_ipv4() {
    let c = cat("::ffff:10.0.0.1");
    assert_eq!(c.category, Category::Ipv4Mapped);
    let e = c.embedded_ipv4.as_ref().expect("embedded IPv4");
    assert_eq!(e.ip, "10.0.0.1".parse::<IpAddr>().unwrap());
    assert_eq!(e.category, Category::Private);
    assert!(c.description.contains("10.0.0.1"), "{}", c.description);

    let c = cat("64:ff9b::808:808");
    assert_eq!(c.category, Category::Nat64);
    assert!(c.globally_reachable);
    let e = c.embedded_ipv4.as_ref().unwrap();
    assert_eq!(e.ip, "8.8.8.8".parse::<IpAddr>().unwrap());
    assert_eq!(e.category, Category::Public);

    let c = cat("2002:c000:0204::1");
    assert_eq!(c.category, Category::SixToFour);
    let e = c.embedded_ipv4.as_ref().unwrap();
    assert_eq!(e.ip, "192.0.2.4".parse::<IpAddr>().unwrap());
    assert_eq!(e.category, Category::Documentation);

    // Only those three blocks carry one.
    assert!(cat("64:ff9b:1::808:808").embedded_ipv4.is_none());
    assert!(cat("2001:db8::1").embedded_ipv4.is_none());
    assert!(cat("10.0.0.1").embedded_ipv4.is_none());

    let json = serde_json::to_value(cat("::ffff:10.0.0.1")).unwrap();
    assert_eq!(json["embedded_ipv4"]["category"], "private");
    let json = serde_json::to_value(cat("2001:db8::1")).unwrap();
    assert!(json.get("embedded_ipv4").is_none());
}

// ---------------------------------------------------------------- parse_ip

#[test]
fn parse_ip_accepts_exact_addresses() {
    for (text, ip) in [
        ("1.2.3.4", "1.2.3.4"),
        ("0.0.0.0", "0.0.0.0"),
        ("255.255.255.255", "255.255.255.255"),
        ("::", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("2001:DB8::1", "2001:db8::1"),
        ("2001:db8:0:0:0:0:0:1", "2001:db8::1"),
        ("::ffff:10.0.0.1", "::ffff:10.0.0.1"),
        ("64:ff9b::8.8.8.8", "64:ff9b::808:808"),
        ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
        ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
    ] {
        assert_eq!(
            parse_ip(text).unwrap_or_else(|e| panic!("{text}: {e}")),
            ip.parse::<IpAddr>().unwrap(),
            "{text}"
        );
    }
}

#[track_caller]
fn reject(text: &str, code: ErrorCode, start: usize, end: usize) {
    // The address error, as the decoder reports it (same code, span and message).
    let e = DecodeError::from(parse_ip(text).expect_err(text));
    assert_eq!(e.code, code, "{text:?}: {e}");
    assert_eq!(e.span, Span::new(start, end), "{text:?}: {e}");
    assert!(!e.message.is_empty());
}

#[test]
fn parse_ip_rejections() {
    reject("010.0.0.1", ErrorCode::LeadingZero, 0, 3);
    reject("1.2.3", ErrorCode::WrongOctetCount, 0, 5);
    reject("1.2.3.4.5", ErrorCode::WrongOctetCount, 0, 9);
    reject("1::2::3", ErrorCode::DoubleColonTwice, 4, 6);
    reject(" 1.2.3.4", ErrorCode::SurroundingBlank, 0, 1);
    reject("1.2.3.4 ", ErrorCode::SurroundingBlank, 7, 8);
    reject("256.1.1.1", ErrorCode::OctetOutOfRange, 0, 3);
    reject("1.1.1.256", ErrorCode::OctetOutOfRange, 6, 9);
    reject("fe80::1%eth0", ErrorCode::ZoneIndex, 7, 12);
    reject("12345::1", ErrorCode::GroupTooLong, 0, 5);
    reject("[::1]", ErrorCode::InvalidCharacter, 0, 1);
    reject("1:2:3:4:5:6:7:8:9", ErrorCode::WrongGroupCount, 0, 17);
    reject("1:2:3:4:5:6:7", ErrorCode::WrongGroupCount, 0, 13);
    reject("1:2:3:4::5:6:7:8", ErrorCode::WrongGroupCount, 0, 16);
    reject("1..2.3", ErrorCode::EmptyOctet, 2, 2);
    reject("1.2.3.4/24", ErrorCode::InvalidCharacter, 7, 8);
    reject("1.2.3.x", ErrorCode::InvalidCharacter, 6, 7);
    reject("g::1", ErrorCode::InvalidCharacter, 0, 1);
    reject("1:::2", ErrorCode::BadAddress, 1, 4);
    reject(":1::2", ErrorCode::BadAddress, 0, 1);
    reject("1::2:", ErrorCode::BadAddress, 4, 5);
    reject("", ErrorCode::BadAddress, 0, 0);
    reject("   ", ErrorCode::BadAddress, 0, 3);
    reject("::1.2.3.4:5", ErrorCode::BadAddress, 2, 9);
    reject("::ffff:010.0.0.1", ErrorCode::LeadingZero, 7, 10);
    // Brackets get a hint.
    let e = parse_ip("[::1]").unwrap_err();
    assert!(e.message.contains("URL"), "{}", e.message);
}
