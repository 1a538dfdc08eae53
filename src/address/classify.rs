use super::registry::{self, Block};
use super::Category;
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What an address is, per the IANA special-purpose registries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Classification {
    /// The address, IPv6 in RFC 5952 text.
    pub ip: IpAddr,
    /// 4 or 6.
    pub family: u8,
    pub category: Category,
    /// The registry block that matched (`10.0.0.0/8`), or `None` for an ordinary public address.
    pub range: Option<String>,
    /// The registry's name for that block.
    pub name: Option<&'static str>,
    pub rfc: Option<&'static str>,
    /// Whether a host anywhere on the Internet could reach this address.
    pub globally_reachable: bool,
    pub description: String,
    /// For IPv4-mapped, NAT64 (64:ff9b::/96) and 6to4 addresses: the IPv4 address inside, classified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embedded_ipv4: Option<Box<Classification>>,
}

impl Classification {
    /// True for an ordinary public address (no special-purpose block holds it).
    pub fn is_public(&self) -> bool {
        self.category == Category::Public
    }
}

/// Classify an address: the most specific registry block that holds it, or `public`.
pub fn classify(ip: IpAddr) -> Classification {
    match ip {
        IpAddr::V4(v4) => from_block(ip, 4, registry::lookup_v4(v4), None),
        IpAddr::V6(v6) => {
            let block = registry::lookup_v6(v6);
            let embedded = block
                .and_then(|b| embedded_ipv4(v6, b))
                .map(|e| Box::new(classify(IpAddr::V4(e))));
            from_block(ip, 6, block, embedded)
        }
    }
}

fn from_block<A: std::fmt::Display>(
    ip: IpAddr,
    family: u8,
    block: Option<&Block<A>>,
    embedded_ipv4: Option<Box<Classification>>,
) -> Classification {
    match block {
        None => Classification {
            ip,
            family,
            category: Category::Public,
            range: None,
            name: None,
            rfc: None,
            globally_reachable: true,
            description: Category::Public.meaning().to_string(),
            embedded_ipv4,
        },
        Some(b) => {
            let mut description = format!(
                "{} ({}, {}). {}",
                b.name,
                b.range(),
                b.rfc,
                b.category.meaning()
            );
            if b.reachable {
                description.push_str(" The registry marks this block globally reachable.");
            }
            if let Some(e) = &embedded_ipv4 {
                description.push_str(&format!(
                    " It carries the IPv4 address {}: {}.",
                    e.ip,
                    e.category.phrase()
                ));
            }
            Classification {
                ip,
                family,
                category: b.category,
                range: Some(b.range()),
                name: Some(b.name),
                rfc: Some(b.rfc),
                globally_reachable: b.reachable,
                description,
                embedded_ipv4,
            }
        }
    }
}

/// The IPv4 address carried inside some IPv6 forms.
fn embedded_ipv4(ip: Ipv6Addr, block: &Block<Ipv6Addr>) -> Option<Ipv4Addr> {
    let bits = u128::from(ip);
    match (block.category, block.prefix_len) {
        (Category::Ipv4Mapped, 96) | (Category::Nat64, 96) => Some(Ipv4Addr::from(bits as u32)),
        (Category::SixToFour, 16) => Some(Ipv4Addr::from((bits >> 80) as u32)),
        _ => None,
    }
}
