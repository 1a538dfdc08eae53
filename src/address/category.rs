use serde::{Serialize, Serializer};
use std::fmt;

/// The class of an address. The names are a stable contract (the CLI's JSON `category`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    Public,
    Private,
    SharedCgnat,
    Loopback,
    LinkLocal,
    Unspecified,
    ThisNetwork,
    Documentation,
    Benchmarking,
    Multicast,
    Broadcast,
    Reserved,
    IetfProtocol,
    Ipv4Mapped,
    Nat64,
    Discard,
    UniqueLocal,
    SixToFour,
    Teredo,
    Orchid,
    Srv6,
    OtherSpecial,
}

impl Category {
    pub const ALL: &'static [Category] = &[
        Category::Public,
        Category::Private,
        Category::SharedCgnat,
        Category::Loopback,
        Category::LinkLocal,
        Category::Unspecified,
        Category::ThisNetwork,
        Category::Documentation,
        Category::Benchmarking,
        Category::Multicast,
        Category::Broadcast,
        Category::Reserved,
        Category::IetfProtocol,
        Category::Ipv4Mapped,
        Category::Nat64,
        Category::Discard,
        Category::UniqueLocal,
        Category::SixToFour,
        Category::Teredo,
        Category::Orchid,
        Category::Srv6,
        Category::OtherSpecial,
    ];

    /// The stable name: `public`, `shared_cgnat`, `6to4`, …
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Public => "public",
            Category::Private => "private",
            Category::SharedCgnat => "shared_cgnat",
            Category::Loopback => "loopback",
            Category::LinkLocal => "link_local",
            Category::Unspecified => "unspecified",
            Category::ThisNetwork => "this_network",
            Category::Documentation => "documentation",
            Category::Benchmarking => "benchmarking",
            Category::Multicast => "multicast",
            Category::Broadcast => "broadcast",
            Category::Reserved => "reserved",
            Category::IetfProtocol => "ietf_protocol",
            Category::Ipv4Mapped => "ipv4_mapped",
            Category::Nat64 => "nat64",
            Category::Discard => "discard",
            Category::UniqueLocal => "unique_local",
            Category::SixToFour => "6to4",
            Category::Teredo => "teredo",
            Category::Orchid => "orchid",
            Category::Srv6 => "srv6",
            Category::OtherSpecial => "other_special",
        }
    }

    /// A short phrase for sentences: "a private address".
    pub const fn phrase(self) -> &'static str {
        match self {
            Category::Public => "a public address",
            Category::Private => "a private address",
            Category::SharedCgnat => "a shared (carrier-grade NAT) address",
            Category::Loopback => "a loopback address",
            Category::LinkLocal => "a link-local address",
            Category::Unspecified => "the unspecified address",
            Category::ThisNetwork => "a \"this network\" address",
            Category::Documentation => "a documentation address",
            Category::Benchmarking => "a benchmarking address",
            Category::Multicast => "a multicast address",
            Category::Broadcast => "the broadcast address",
            Category::Reserved => "a reserved address",
            Category::IetfProtocol => "an IETF protocol assignment",
            Category::Ipv4Mapped => "an IPv4-mapped IPv6 address",
            Category::Nat64 => "a NAT64 translation address",
            Category::Discard => "a discard-only address",
            Category::UniqueLocal => "a unique-local address",
            Category::SixToFour => "a 6to4 address",
            Category::Teredo => "a Teredo address",
            Category::Orchid => "an ORCHID identifier",
            Category::Srv6 => "an SRv6 segment identifier",
            Category::OtherSpecial => "a special-purpose address",
        }
    }

    /// What the class means for an FTP data connection, in plain words.
    pub const fn meaning(self) -> &'static str {
        match self {
            Category::Public => "Routed on the Internet: a client anywhere can try to connect to it.",
            Category::Private => "Used inside homes, offices, clouds and containers and never routed on the Internet: a client outside that network cannot connect to it. A server behind NAT that advertises it must be told its public address.",
            Category::SharedCgnat => "Used between a carrier's NAT and its customers: not reachable from the Internet. Note that FileZilla does not treat it as unroutable, so it will not substitute the server's address.",
            Category::Loopback => "Means \"this very machine\": a remote client connecting to it reaches itself, not the server.",
            Category::LinkLocal => "Valid only on one network link, usually self-assigned when DHCP failed: not reachable from elsewhere.",
            Category::Unspecified => "Means \"no particular address\": it names no host. Some clients then reuse the control connection's address, others fail.",
            Category::ThisNetwork => "The \"this network\" block: it cannot be used as a destination.",
            Category::Documentation => "Reserved for examples in documentation: it is never assigned to a real host.",
            Category::Benchmarking => "Reserved for network benchmark tests: not reachable from the Internet.",
            Category::Multicast => "A group address: TCP, and so an FTP data connection, cannot use it.",
            Category::Broadcast => "Reaches every host on the local link: TCP cannot connect to it.",
            Category::Reserved => "Reserved by the IETF and not assigned: no host has it.",
            Category::IetfProtocol => "Set aside for specific IETF protocols: not an ordinary host address.",
            Category::Ipv4Mapped => "An IPv4 address written in IPv6 form, used inside dual-stack hosts; on the wire it means the embedded IPv4 address.",
            Category::Nat64 => "An IPv4 host reached through a NAT64 translator.",
            Category::Discard => "Traffic to it is dropped on purpose.",
            Category::UniqueLocal => "The IPv6 counterpart of private addresses: not routed on the Internet.",
            Category::SixToFour => "The deprecated 6to4 transition mechanism: do not rely on it being reachable.",
            Category::Teredo => "The Teredo tunnelling mechanism: an address of a tunnel, not a server.",
            Category::Orchid => "A cryptographic identifier, not a routable locator.",
            Category::Srv6 => "A Segment Routing identifier inside an operator's network: not a host address.",
            Category::OtherSpecial => "A special-purpose block from the IANA registry.",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
