//! The IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and the RFCs that updated them, as
//! published in 2025), plus the blocks from the IANA address-space registries that matter for a data
//! connection (multicast, the reserved IPv6 space outside 2000::/3). One row per block: data, not code.
//!
//! `reachable` is the registry's "Globally Reachable" column. Where that column is blank or "N/A"
//! (deprecated blocks such as 6to4 and Teredo), the block is treated as not reachable. Multicast is not
//! reachable for a TCP data connection, whatever its scope. The longest matching prefix wins, so a more
//! specific row (192.0.0.9/32, globally reachable) overrides its parent (192.0.0.0/24, not reachable).
//!
//! Sources: iana.org/assignments/iana-ipv4-special-registry, iana-ipv6-special-registry,
//! multicast-addresses, ipv6-address-space, ipv6-multicast-addresses.

use super::Category::{self, *};
use std::net::{Ipv4Addr, Ipv6Addr};

/// One row of a registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block<A> {
    pub network: A,
    pub prefix_len: u8,
    /// The registry's own name for the block.
    pub name: &'static str,
    pub rfc: &'static str,
    /// Globally reachable, per the registry (blank/N/A read as false).
    pub reachable: bool,
    pub category: Category,
}

#[allow(clippy::too_many_arguments)] // one table row: every column is an argument
const fn v4(
    a: u8,
    b: u8,
    c: u8,
    d: u8,
    len: u8,
    name: &'static str,
    rfc: &'static str,
    reachable: bool,
    category: Category,
) -> Block<Ipv4Addr> {
    Block {
        network: Ipv4Addr::new(a, b, c, d),
        prefix_len: len,
        name,
        rfc,
        reachable,
        category,
    }
}

const fn v6(
    s: [u16; 8],
    len: u8,
    name: &'static str,
    rfc: &'static str,
    reachable: bool,
    category: Category,
) -> Block<Ipv6Addr> {
    Block {
        network: Ipv6Addr::new(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]),
        prefix_len: len,
        name,
        rfc,
        reachable,
        category,
    }
}

/// IPv4 Special-Purpose Address Registry, plus multicast (224.0.0.0/4, IPv4 Multicast Address Space Registry).
#[rustfmt::skip]
pub const IPV4: &[Block<Ipv4Addr>] = &[
    v4(0, 0, 0, 0, 8,        "\"This network\"",                         "RFC 791",  false, ThisNetwork),
    v4(0, 0, 0, 0, 32,       "\"This host on this network\"",            "RFC 1122", false, Unspecified),
    v4(10, 0, 0, 0, 8,       "Private-Use",                              "RFC 1918", false, Private),
    v4(100, 64, 0, 0, 10,    "Shared Address Space",                     "RFC 6598", false, SharedCgnat),
    v4(127, 0, 0, 0, 8,      "Loopback",                                 "RFC 1122", false, Loopback),
    v4(169, 254, 0, 0, 16,   "Link Local",                               "RFC 3927", false, LinkLocal),
    v4(172, 16, 0, 0, 12,    "Private-Use",                              "RFC 1918", false, Private),
    v4(192, 0, 0, 0, 24,     "IETF Protocol Assignments",                "RFC 6890", false, IetfProtocol),
    v4(192, 0, 0, 0, 29,     "IPv4 Service Continuity Prefix",           "RFC 7335", false, IetfProtocol),
    v4(192, 0, 0, 8, 32,     "IPv4 dummy address",                       "RFC 7600", false, IetfProtocol),
    v4(192, 0, 0, 9, 32,     "Port Control Protocol Anycast",            "RFC 7723", true,  IetfProtocol),
    v4(192, 0, 0, 10, 32,    "Traversal Using Relays around NAT Anycast","RFC 8155", true,  IetfProtocol),
    v4(192, 0, 0, 170, 32,   "NAT64/DNS64 Discovery",                    "RFC 8880", false, IetfProtocol),
    v4(192, 0, 0, 171, 32,   "NAT64/DNS64 Discovery",                    "RFC 8880", false, IetfProtocol),
    v4(192, 0, 2, 0, 24,     "Documentation (TEST-NET-1)",               "RFC 5737", false, Documentation),
    v4(192, 31, 196, 0, 24,  "AS112-v4",                                 "RFC 7535", true,  OtherSpecial),
    v4(192, 52, 193, 0, 24,  "AMT",                                      "RFC 7450", true,  OtherSpecial),
    v4(192, 88, 99, 0, 24,   "Deprecated (6to4 Relay Anycast)",          "RFC 7526", false, SixToFour),
    v4(192, 168, 0, 0, 16,   "Private-Use",                              "RFC 1918", false, Private),
    v4(192, 175, 48, 0, 24,  "Direct Delegation AS112 Service",          "RFC 7534", true,  OtherSpecial),
    v4(198, 18, 0, 0, 15,    "Benchmarking",                             "RFC 2544", false, Benchmarking),
    v4(198, 51, 100, 0, 24,  "Documentation (TEST-NET-2)",               "RFC 5737", false, Documentation),
    v4(203, 0, 113, 0, 24,   "Documentation (TEST-NET-3)",               "RFC 5737", false, Documentation),
    v4(224, 0, 0, 0, 4,      "Multicast",                                "RFC 5771", false, Multicast),
    v4(240, 0, 0, 0, 4,      "Reserved",                                 "RFC 1112", false, Reserved),
    v4(255, 255, 255, 255, 32, "Limited Broadcast",                      "RFC 919",  false, Broadcast),
];

/// IPv6 Special-Purpose Address Registry, plus multicast (ff00::/8) and the IPv6 Address Space Registry's
/// blocks that IANA lists as "Reserved by IETF" (everything outside 2000::/3, fc00::/7, fe80::/10, ff00::/8).
#[rustfmt::skip]
pub const IPV6: &[Block<Ipv6Addr>] = &[
    // IPv6 Address Space Registry: reserved space (RFC 4291 §2.4 and its successors).
    v6([0, 0, 0, 0, 0, 0, 0, 0], 8,            "Reserved by IETF",                 "RFC 4291", false, Reserved),
    v6([0x0100, 0, 0, 0, 0, 0, 0, 0], 8,       "Reserved by IETF",                 "RFC 4291", false, Reserved),
    v6([0x0200, 0, 0, 0, 0, 0, 0, 0], 7,       "Reserved by IETF",                 "RFC 4048", false, Reserved),
    v6([0x0400, 0, 0, 0, 0, 0, 0, 0], 6,       "Reserved by IETF",                 "RFC 4291", false, Reserved),
    v6([0x0800, 0, 0, 0, 0, 0, 0, 0], 5,       "Reserved by IETF",                 "RFC 4291", false, Reserved),
    v6([0x1000, 0, 0, 0, 0, 0, 0, 0], 4,       "Reserved by IETF",                 "RFC 4291", false, Reserved),
    v6([0x4000, 0, 0, 0, 0, 0, 0, 0], 3,       "Reserved by IETF",                 "RFC 4291", false, Reserved),
    v6([0x6000, 0, 0, 0, 0, 0, 0, 0], 3,       "Reserved by IETF",                 "RFC 4291", false, Reserved),
    v6([0x8000, 0, 0, 0, 0, 0, 0, 0], 3,       "Reserved by IETF",                 "RFC 4291", false, Reserved),
    v6([0xa000, 0, 0, 0, 0, 0, 0, 0], 3,       "Reserved by IETF",                 "RFC 4291", false, Reserved),
    v6([0xc000, 0, 0, 0, 0, 0, 0, 0], 3,       "Reserved by IETF",                 "RFC 4291", false, Reserved),
    v6([0xe000, 0, 0, 0, 0, 0, 0, 0], 4,       "Reserved by IETF",                 "RFC 4291", false, Reserved),
    v6([0xf000, 0, 0, 0, 0, 0, 0, 0], 5,       "Reserved by IETF",                 "RFC 4291", false, Reserved),
    v6([0xf800, 0, 0, 0, 0, 0, 0, 0], 6,       "Reserved by IETF",                 "RFC 4291", false, Reserved),
    v6([0xfe00, 0, 0, 0, 0, 0, 0, 0], 9,       "Reserved by IETF",                 "RFC 4291", false, Reserved),
    v6([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10,      "Reserved by IETF (deprecated site-local)", "RFC 3879", false, Reserved),
    // IPv6 Special-Purpose Address Registry.
    v6([0, 0, 0, 0, 0, 0, 0, 1], 128,          "Loopback Address",                 "RFC 4291", false, Loopback),
    v6([0, 0, 0, 0, 0, 0, 0, 0], 128,          "Unspecified Address",              "RFC 4291", false, Unspecified),
    v6([0, 0, 0, 0, 0, 0xffff, 0, 0], 96,      "IPv4-mapped Address",              "RFC 4291", false, Ipv4Mapped),
    v6([0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96,   "IPv4-IPv6 Translat.",              "RFC 6052", true,  Nat64),
    v6([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48,   "IPv4-IPv6 Translat.",              "RFC 8215", false, Nat64),
    v6([0x100, 0, 0, 0, 0, 0, 0, 0], 64,       "Discard-Only Address Block",       "RFC 6666", false, Discard),
    v6([0x100, 0, 0, 1, 0, 0, 0, 0], 64,       "Dummy IPv6 Prefix",                "RFC 9780", false, OtherSpecial),
    v6([0x2001, 0, 0, 0, 0, 0, 0, 0], 23,      "IETF Protocol Assignments",        "RFC 2928", false, IetfProtocol),
    v6([0x2001, 0, 0, 0, 0, 0, 0, 0], 32,      "TEREDO",                           "RFC 4380", false, Teredo),
    v6([0x2001, 1, 0, 0, 0, 0, 0, 1], 128,     "Port Control Protocol Anycast",    "RFC 7723", true,  IetfProtocol),
    v6([0x2001, 1, 0, 0, 0, 0, 0, 2], 128,     "Traversal Using Relays around NAT Anycast", "RFC 8155", true, IetfProtocol),
    v6([0x2001, 1, 0, 0, 0, 0, 0, 3], 128,     "DNS-SD Service Registration Protocol Anycast", "RFC 9665", true, IetfProtocol),
    v6([0x2001, 2, 0, 0, 0, 0, 0, 0], 48,      "Benchmarking",                     "RFC 5180", false, Benchmarking),
    v6([0x2001, 3, 0, 0, 0, 0, 0, 0], 32,      "AMT",                              "RFC 7450", true,  OtherSpecial),
    v6([0x2001, 4, 0x112, 0, 0, 0, 0, 0], 48,  "AS112-v6",                         "RFC 7535", true,  OtherSpecial),
    v6([0x2001, 0x10, 0, 0, 0, 0, 0, 0], 28,   "Deprecated (previously ORCHID)",   "RFC 4843", false, Orchid),
    v6([0x2001, 0x20, 0, 0, 0, 0, 0, 0], 28,   "ORCHIDv2",                         "RFC 7343", true,  Orchid),
    v6([0x2001, 0x30, 0, 0, 0, 0, 0, 0], 28,   "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374", true, OtherSpecial),
    v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32,  "Documentation",                    "RFC 3849", false, Documentation),
    v6([0x2002, 0, 0, 0, 0, 0, 0, 0], 16,      "6to4",                             "RFC 3056", false, SixToFour),
    v6([0x2620, 0x4f, 0x8000, 0, 0, 0, 0, 0], 48, "Direct Delegation AS112 Service", "RFC 7534", true,  OtherSpecial),
    v6([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20,      "Documentation",                    "RFC 9637", false, Documentation),
    v6([0x5f00, 0, 0, 0, 0, 0, 0, 0], 16,      "Segment Routing (SRv6) SIDs",      "RFC 9602", false, Srv6),
    v6([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7,       "Unique-Local",                     "RFC 4193", false, UniqueLocal),
    v6([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10,      "Link-Local Unicast",               "RFC 4291", false, LinkLocal),
    v6([0xff00, 0, 0, 0, 0, 0, 0, 0], 8,       "Multicast",                        "RFC 4291", false, Multicast),
];

fn mask_v4(len: u8) -> u32 {
    if len == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(len))
    }
}

fn mask_v6(len: u8) -> u128 {
    if len == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(len))
    }
}

impl Block<Ipv4Addr> {
    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        u32::from(ip) & mask_v4(self.prefix_len) == u32::from(self.network)
    }
    /// First and last address of the block.
    pub fn bounds(&self) -> (Ipv4Addr, Ipv4Addr) {
        let first = u32::from(self.network);
        (
            Ipv4Addr::from(first),
            Ipv4Addr::from(first | !mask_v4(self.prefix_len)),
        )
    }
}

impl Block<Ipv6Addr> {
    pub fn contains(&self, ip: Ipv6Addr) -> bool {
        u128::from(ip) & mask_v6(self.prefix_len) == u128::from(self.network)
    }
    pub fn bounds(&self) -> (Ipv6Addr, Ipv6Addr) {
        let first = u128::from(self.network);
        (
            Ipv6Addr::from(first),
            Ipv6Addr::from(first | !mask_v6(self.prefix_len)),
        )
    }
}

impl<A: std::fmt::Display> Block<A> {
    /// `10.0.0.0/8`
    pub fn range(&self) -> String {
        format!("{}/{}", self.network, self.prefix_len)
    }
}

/// The most specific IPv4 row holding `ip`, if any.
pub fn lookup_v4(ip: Ipv4Addr) -> Option<&'static Block<Ipv4Addr>> {
    IPV4.iter()
        .filter(|b| b.contains(ip))
        .max_by_key(|b| b.prefix_len)
}

/// The most specific IPv6 row holding `ip`, if any.
pub fn lookup_v6(ip: Ipv6Addr) -> Option<&'static Block<Ipv6Addr>> {
    IPV6.iter()
        .filter(|b| b.contains(ip))
        .max_by_key(|b| b.prefix_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_a_proper_prefix() {
        for b in IPV4 {
            assert_eq!(
                u32::from(b.network) & !mask_v4(b.prefix_len),
                0,
                "{}",
                b.range()
            );
        }
        for b in IPV6 {
            assert_eq!(
                u128::from(b.network) & !mask_v6(b.prefix_len),
                0,
                "{}",
                b.range()
            );
        }
    }

    #[test]
    fn the_most_specific_row_wins() {
        assert_eq!(
            lookup_v4(Ipv4Addr::new(192, 0, 0, 9)).unwrap().name,
            "Port Control Protocol Anycast"
        );
        assert_eq!(
            lookup_v4(Ipv4Addr::new(192, 0, 0, 200)).unwrap().name,
            "IETF Protocol Assignments"
        );
        assert_eq!(
            lookup_v4(Ipv4Addr::new(0, 0, 0, 0)).unwrap().category,
            Unspecified
        );
        assert!(lookup_v4(Ipv4Addr::new(8, 8, 8, 8)).is_none());
        assert_eq!(lookup_v6(Ipv6Addr::LOCALHOST).unwrap().category, Loopback);
        assert_eq!(
            lookup_v6("::2".parse().unwrap()).unwrap().category,
            Reserved
        );
        assert!(lookup_v6("2606:4700::1".parse().unwrap()).is_none());
    }

    #[test]
    fn bounds() {
        let b = IPV4.iter().find(|b| b.range() == "100.64.0.0/10").unwrap();
        assert_eq!(
            b.bounds(),
            (
                Ipv4Addr::new(100, 64, 0, 0),
                Ipv4Addr::new(100, 127, 255, 255)
            )
        );
        assert_eq!(mask_v4(0), 0);
        assert_eq!(mask_v6(128), u128::MAX);
    }
}
