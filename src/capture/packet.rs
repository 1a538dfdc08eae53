//! One frame's headers: the link layer (Ethernet with VLAN tags, Linux cooked capture v1 and v2, raw IP,
//! BSD loopback), IPv4 and IPv6 (with extension headers), TCP, and ICMP/ICMPv6 errors with the packet they
//! quote. Written by hand, lax where captures are cut (a short snapshot length keeps the headers and
//! loses payload): `etherparse` (measured at 12.7 KB of Wasm, 5.5 KB gzipped, for this subset) knows
//! neither Linux cooked capture v2 nor the BSD loopback header, and its strict slicer refuses cut packets.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub const FIN: u8 = 0x01;
pub const SYN: u8 = 0x02;
pub const RST: u8 = 0x04;
pub const PSH: u8 = 0x08;
pub const ACK: u8 = 0x10;

/// A TCP segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tcp<'a> {
    pub src_port: u16,
    pub dst_port: u16,
    pub seq: u32,
    pub ack: u32,
    pub flags: u8,
    pub window: u16,
    /// The payload bytes the capture holds.
    pub payload: &'a [u8],
    /// Payload bytes the packet carried but the capture cut (snapshot length).
    pub missing: u32,
}

/// The connection an ICMP error quotes (the packet that caused it, as its sender sent it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quoted {
    pub src: IpAddr,
    pub dst: IpAddr,
    /// 6 for TCP.
    pub protocol: u8,
    pub src_port: Option<u16>,
    pub dst_port: Option<u16>,
    pub seq: Option<u32>,
}

/// An ICMP or ICMPv6 error message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IcmpError {
    pub v6: bool,
    pub kind: u8,
    pub code: u8,
    pub quoted: Option<Quoted>,
}

impl IcmpError {
    /// What the error says, in words (RFC 792, RFC 1812, RFC 4443).
    pub fn describe(&self) -> &'static str {
        match (self.v6, self.kind, self.code) {
            (false, 3, 0) => "network unreachable",
            (false, 3, 1) => "host unreachable",
            (false, 3, 2) => "protocol unreachable",
            (false, 3, 3) => "port unreachable",
            (false, 3, 4) => "fragmentation needed",
            (false, 3, 9) => "network administratively prohibited",
            (false, 3, 10) => "host administratively prohibited",
            (false, 3, 13) => "communication administratively prohibited",
            (false, 3, _) => "destination unreachable",
            (false, 11, _) => "time exceeded",
            (false, 12, _) => "parameter problem",
            (true, 1, 0) => "no route to destination",
            (true, 1, 1) => "communication administratively prohibited",
            (true, 1, 3) => "address unreachable",
            (true, 1, 4) => "port unreachable",
            (true, 1, 5) => "source address failed ingress/egress policy",
            (true, 1, 6) => "reject route to destination",
            (true, 1, _) => "destination unreachable",
            (true, 2, _) => "packet too big",
            (true, 3, _) => "time exceeded",
            (true, 4, _) => "parameter problem",
            _ => "ICMP error",
        }
    }

    /// What a client's connect() reports for it on Linux.
    pub fn errno(&self) -> &'static str {
        match (self.v6, self.kind, self.code) {
            (false, 3, 3) | (true, 1, 4) => "Connection refused",
            (false, 3, 0) | (false, 3, 9) | (true, 1, 0) => "Network is unreachable",
            (false, 3, 13) | (true, 1, 1) => "No route to host (administratively prohibited)",
            _ => "No route to host",
        }
    }

    /// Is it one that refuses the connection (rather than a transient note like "packet too big")?
    pub fn is_refusal(&self) -> bool {
        matches!((self.v6, self.kind), (false, 3) | (true, 1))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport<'a> {
    Tcp(Tcp<'a>),
    Icmp(IcmpError),
    /// Another protocol (UDP, informational ICMP…), or a later IP fragment.
    Other,
}

/// A decoded IP packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<'a> {
    pub src: IpAddr,
    pub dst: IpAddr,
    pub ttl: u8,
    pub transport: Transport<'a>,
    /// The headers themselves were cut by the snapshot length.
    pub headers_cut: bool,
}

/// Why a frame gave no IP packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Not IP (ARP, LLDP, IPX…): nothing to do with FTP.
    NotIp,
    /// A copy of a packet the capture also holds (Linux `-i any` on loopback sees each packet leave and arrive).
    Duplicate,
    /// The frame is too short for the headers it announces.
    Malformed,
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Skip::NotIp => "not an IP packet",
            Skip::Duplicate => "a copy of a packet the capture also holds",
            Skip::Malformed => "shorter than the headers it announces",
        })
    }
}

impl std::error::Error for Skip {}

/// Decode a frame of the given link type.
pub fn decode(link_type: u16, frame: &[u8], original_len: u32) -> Result<Packet<'_>, Skip> {
    let cut = (original_len as usize).saturating_sub(frame.len());
    let (ethertype, rest) = match link_type {
        1 => ethernet(frame)?,
        0 | 108 => {
            let b: [u8; 4] = frame
                .get(..4)
                .and_then(|b| b.try_into().ok())
                .ok_or(Skip::Malformed)?;
            // The address family in the host's byte order (0) or in network order (108, OpenBSD).
            let family = if link_type == 108 || (b[0] == 0 && b[1] == 0) {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            };
            let t = match family {
                2 => 0x0800,
                24 | 28 | 30 => 0x86dd,
                _ => return Err(Skip::NotIp),
            };
            (t, &frame[4..])
        }
        12 | 14 | 101 => match frame.first().map(|b| b >> 4) {
            Some(4) => (0x0800, frame),
            Some(6) => (0x86dd, frame),
            _ => return Err(Skip::NotIp),
        },
        228 => (0x0800, frame),
        229 => (0x86dd, frame),
        113 => {
            let h = frame.get(..16).ok_or(Skip::Malformed)?;
            let packet_type = u16::from_be_bytes([h[0], h[1]]);
            let arphrd = u16::from_be_bytes([h[2], h[3]]);
            if packet_type == 4 && arphrd == 772 {
                return Err(Skip::Duplicate);
            }
            (u16::from_be_bytes([h[14], h[15]]), &frame[16..])
        }
        276 => {
            let h = frame.get(..20).ok_or(Skip::Malformed)?;
            let arphrd = u16::from_be_bytes([h[8], h[9]]);
            if h[10] == 4 && arphrd == 772 {
                return Err(Skip::Duplicate);
            }
            (u16::from_be_bytes([h[0], h[1]]), &frame[20..])
        }
        _ => return Err(Skip::NotIp),
    };
    match ethertype {
        0x0800 => ipv4(rest, cut),
        0x86dd => ipv6(rest, cut),
        _ => Err(Skip::NotIp),
    }
}

fn ethernet(frame: &[u8]) -> Result<(u16, &[u8]), Skip> {
    let mut at = 12;
    // Up to a few stacked VLAN tags (802.1Q, 802.1ad, the old 0x9100).
    for _ in 0..8 {
        let t = frame.get(at..at + 2).ok_or(Skip::Malformed)?;
        let t = u16::from_be_bytes([t[0], t[1]]);
        if matches!(t, 0x8100 | 0x88a8 | 0x9100) {
            at += 4;
            continue;
        }
        return Ok((t, frame.get(at + 2..).ok_or(Skip::Malformed)?));
    }
    Err(Skip::Malformed)
}

fn ipv4(d: &[u8], cut: usize) -> Result<Packet<'_>, Skip> {
    let h = d.get(..20).ok_or(Skip::Malformed)?;
    if h[0] >> 4 != 4 {
        return Err(Skip::Malformed);
    }
    let ihl = usize::from(h[0] & 0x0f) * 4;
    if ihl < 20 {
        return Err(Skip::Malformed);
    }
    let total = usize::from(u16::from_be_bytes([h[2], h[3]]));
    let frag = u16::from_be_bytes([h[6], h[7]]);
    let src = IpAddr::V4(Ipv4Addr::new(h[12], h[13], h[14], h[15]));
    let dst = IpAddr::V4(Ipv4Addr::new(h[16], h[17], h[18], h[19]));
    let ttl = h[8];
    let proto = h[9];
    // The packet's end: its total length, within what was captured (Ethernet pads short frames).
    let captured = d.len();
    let (end, missing) = if total >= ihl && total <= captured {
        (total, 0)
    } else if total > captured {
        (captured, (total - captured).max(cut.min(total - captured)))
    } else {
        // A zero total length (TCP segmentation offload captures): take what was captured.
        (captured, cut)
    };
    let body = d.get(ihl..end);
    let mut p = Packet {
        src,
        dst,
        ttl,
        transport: Transport::Other,
        headers_cut: false,
    };
    if frag & 0x1fff != 0 {
        return Ok(p); // a later fragment: no transport header
    }
    let Some(body) = body else {
        p.headers_cut = true;
        return Ok(p);
    };
    p.transport = transport(proto, false, body, missing, &mut p.headers_cut);
    Ok(p)
}

fn ipv6(d: &[u8], cut: usize) -> Result<Packet<'_>, Skip> {
    let h = d.get(..40).ok_or(Skip::Malformed)?;
    if h[0] >> 4 != 6 {
        return Err(Skip::Malformed);
    }
    let payload_len = usize::from(u16::from_be_bytes([h[4], h[5]]));
    let src = IpAddr::V6(Ipv6Addr::from(
        <[u8; 16]>::try_from(&h[8..24]).unwrap_or([0; 16]),
    ));
    let dst = IpAddr::V6(Ipv6Addr::from(
        <[u8; 16]>::try_from(&h[24..40]).unwrap_or([0; 16]),
    ));
    let mut p = Packet {
        src,
        dst,
        ttl: h[7],
        transport: Transport::Other,
        headers_cut: false,
    };
    let captured = d.len() - 40;
    let (end, missing) = if payload_len == 0 {
        (captured, cut) // a jumbogram or an offloaded segment
    } else if payload_len <= captured {
        (payload_len, 0)
    } else {
        (captured, payload_len - captured)
    };
    let mut body = &d[40..40 + end];
    let mut next = h[6];
    for _ in 0..16 {
        match next {
            0 | 43 | 60 | 135 | 139 | 140 => {
                let Some(ext) = body.get(..2) else {
                    p.headers_cut = true;
                    return Ok(p);
                };
                let len = (usize::from(ext[1]) + 1) * 8;
                next = ext[0];
                let Some(rest) = body.get(len..) else {
                    p.headers_cut = true;
                    return Ok(p);
                };
                body = rest;
            }
            44 => {
                let Some(ext) = body.get(..8) else {
                    p.headers_cut = true;
                    return Ok(p);
                };
                let offset = u16::from_be_bytes([ext[2], ext[3]]) >> 3;
                next = ext[0];
                if offset != 0 {
                    return Ok(p); // a later fragment
                }
                body = &body[8..];
            }
            51 => {
                let Some(ext) = body.get(..2) else {
                    p.headers_cut = true;
                    return Ok(p);
                };
                let len = (usize::from(ext[1]) + 2) * 4;
                next = ext[0];
                let Some(rest) = body.get(len..) else {
                    p.headers_cut = true;
                    return Ok(p);
                };
                body = rest;
            }
            _ => break,
        }
    }
    p.transport = transport(next, true, body, missing, &mut p.headers_cut);
    Ok(p)
}

fn transport<'a>(
    proto: u8,
    v6: bool,
    body: &'a [u8],
    missing: usize,
    cut: &mut bool,
) -> Transport<'a> {
    match (proto, v6) {
        (6, _) => {
            let Some(h) = body.get(..20) else {
                *cut = true;
                return Transport::Other;
            };
            let offset = usize::from(h[12] >> 4) * 4;
            let payload = match body.get(offset.max(20)..) {
                Some(p) => p,
                None => {
                    *cut = missing > 0;
                    &[]
                }
            };
            Transport::Tcp(Tcp {
                src_port: u16::from_be_bytes([h[0], h[1]]),
                dst_port: u16::from_be_bytes([h[2], h[3]]),
                seq: u32::from_be_bytes([h[4], h[5], h[6], h[7]]),
                ack: u32::from_be_bytes([h[8], h[9], h[10], h[11]]),
                flags: h[13],
                window: u16::from_be_bytes([h[14], h[15]]),
                payload,
                missing: if body.len() >= offset {
                    missing as u32
                } else {
                    // The options were cut too: the payload length is unknown beyond "some".
                    (missing + body.len()).saturating_sub(offset) as u32
                },
            })
        }
        (1, false) | (58, true) => {
            let Some(h) = body.get(..8) else {
                *cut = true;
                return Transport::Other;
            };
            let error = if v6 {
                (1..=4).contains(&h[0])
            } else {
                matches!(h[0], 3 | 11 | 12)
            };
            if !error {
                return Transport::Other;
            }
            Transport::Icmp(IcmpError {
                v6,
                kind: h[0],
                code: h[1],
                quoted: quoted(&body[8..], v6),
            })
        }
        _ => Transport::Other,
    }
}

/// The packet quoted in an ICMP error: its IP header and at least 8 bytes of its transport header.
fn quoted(d: &[u8], v6: bool) -> Option<Quoted> {
    let (src, dst, mut proto, mut rest) = if v6 {
        let h = d.get(..40)?;
        (
            IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(&h[8..24]).ok()?)),
            IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(&h[24..40]).ok()?)),
            h[6],
            &d[40..],
        )
    } else {
        let h = d.get(..20)?;
        let ihl = usize::from(h[0] & 0x0f) * 4;
        (
            IpAddr::V4(Ipv4Addr::new(h[12], h[13], h[14], h[15])),
            IpAddr::V4(Ipv4Addr::new(h[16], h[17], h[18], h[19])),
            h[9],
            d.get(ihl.max(20)..).unwrap_or(&[]),
        )
    };
    if v6 {
        // Skip the common extension headers of the quoted packet.
        for _ in 0..8 {
            match proto {
                0 | 43 | 60 => {
                    let ext = rest.get(..2)?;
                    proto = ext[0];
                    rest = rest.get((usize::from(ext[1]) + 1) * 8..)?;
                }
                _ => break,
            }
        }
    }
    let ports = rest.get(..4);
    Some(Quoted {
        src,
        dst,
        protocol: proto,
        src_port: ports.map(|p| u16::from_be_bytes([p[0], p[1]])),
        dst_port: ports.map(|p| u16::from_be_bytes([p[2], p[3]])),
        seq: rest
            .get(4..8)
            .filter(|_| proto == 6)
            .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]])),
    })
}
