//! The kinds about bytes and addresses: each builds its input text, then asks the decoder or the
//! classifier for the answer (the numbers drawn are never the answer itself).

use super::rng::Rng;
use super::{decoder_link, item, Answer, Input, Item, Kind, Level};
use crate::address::{classify as class_of, Category};
use crate::wire::{decode_with, Context, Decoded};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A port a server or client would use for data: mostly in a passive range's usual span.
fn data_port(rng: &mut Rng) -> u16 {
    if rng.chance(70) {
        rng.between(30000, 65535) as u16
    } else {
        rng.between(1025, 29999) as u16
    }
}

/// An IPv4 address in `a.b.0.0/prefix` with the rest drawn.
fn v4_in(rng: &mut Rng, base: [u8; 4], prefix: u32) -> Ipv4Addr {
    let host_bits = 32 - prefix.min(32);
    let mask = if host_bits == 32 {
        u32::MAX
    } else {
        (1u32 << host_bits) - 1
    };
    let mut host = (rng.bits() as u32) & mask;
    // Not the network or broadcast address of a small block: they read oddly in an exercise.
    if host_bits >= 2 && (host == 0 || host == mask) {
        host = 1;
    }
    Ipv4Addr::from((u32::from(Ipv4Addr::from(base)) & !mask) | host)
}

/// An address a server might advertise: private (the classic NAT mistake) or a documentation address
/// standing for a public one.
fn server_v4(rng: &mut Rng) -> Ipv4Addr {
    match rng.below(5) {
        0 => v4_in(rng, [10, 0, 0, 0], 8),
        1 => v4_in(rng, [172, 16, 0, 0], 12),
        2 => v4_in(rng, [192, 168, 0, 0], 16),
        3 => v4_in(rng, [198, 51, 100, 0], 24),
        _ => v4_in(rng, [203, 0, 113, 0], 24),
    }
}

/// The 227 reply's text for `ip` and `port`, in one of the forms real servers send (the odder ones at
/// higher levels).
fn reply_227(rng: &mut Rng, level: Level, ip: Ipv4Addr, port: u16) -> String {
    let [a, b, c, d] = ip.octets();
    let (p1, p2) = (port >> 8, port & 0xff);
    let numbers = format!("{a},{b},{c},{d},{p1},{p2}");
    let forms = match level {
        Level::Basic => 2,
        Level::Intermediate => 4,
        Level::Advanced => 6,
    };
    match rng.below(forms) {
        0 => format!("227 Entering Passive Mode ({numbers})."),
        1 => format!("227 Entering Passive Mode ({numbers})"),
        2 => format!("227 Entering passive mode ({numbers})"),
        3 => format!("227 Entering Passive Mode {numbers}"),
        4 => format!("227 ={numbers}"),
        _ => format!("227-Entering Passive Mode\n227 ({numbers})"),
    }
}

/// The decoder's reading of `text`, if it reads it and finds an endpoint.
fn decoded(text: &str, control: Option<IpAddr>) -> Option<Decoded> {
    let d = decode_with(
        text,
        &Context {
            control_peer: control,
        },
    )
    .ok()?;
    d.endpoint?;
    Some(d)
}

/// The port arithmetic as a sentence, from what the decoder computed.
fn arithmetic(d: &Decoded) -> String {
    match d.arithmetic {
        Some(m) => format!(
            "port = p1 × 256 + p2 = {} × 256 + {} = {} + {} = {}",
            m.p1, m.p2, m.high, m.p2, m.port
        ),
        None => format!("the port is {}", d.port().unwrap_or(0)),
    }
}

/// The address's class, in words.
fn class_words(ip: IpAddr) -> String {
    let c = class_of(ip);
    let reach = if c.globally_reachable {
        "reachable from anywhere on the Internet"
    } else {
        "not reachable from elsewhere on the Internet"
    };
    match &c.range {
        Some(range) => format!("{ip} is {} ({range}), {reach}", c.category.phrase()),
        None => format!("{ip} is {}, {reach}", c.category.phrase()),
    }
}

pub(super) fn port_from_reply(level: Level, rng: &mut Rng) -> Item {
    loop {
        let (ip, port) = (server_v4(rng), data_port(rng));
        let text = reply_227(rng, level, ip, port);
        let Some(d) = decoded(&text, None) else {
            continue;
        };
        let (Some(ip), Some(port)) = (d.ip(), d.port()) else {
            continue;
        };
        let explanation = format!(
            "The first four numbers are the address, the last two the port: {}. {}.",
            arithmetic(&d),
            class_words(ip)
        );
        let mut it = item(
            Kind::PortFromReply,
            "The server answers PASV with this reply. Which address and port does a client that \
             follows the reply connect to?"
                .into(),
            Input::Text(text.clone()),
            Answer::Endpoint {
                ip: ip.to_string(),
                port,
            },
            explanation,
        );
        it.link = decoder_link(&text);
        it.hint = "Four numbers make the address; the port is p1 × 256 + p2.".into();
        return it;
    }
}

pub(super) fn bytes_from_port(level: Level, rng: &mut Rng) -> Item {
    loop {
        let port = if level == Level::Basic && rng.chance(50) {
            // A round hundred, as passive ranges often start.
            (rng.between(11, 650) * 100) as u16
        } else {
            data_port(rng)
        };
        let client = v4_in(rng, [192, 168, 0, 0], 16);
        let Ok(command) = crate::wire::encode(crate::wire::Kind::Port, Some(client.into()), port)
        else {
            continue;
        };
        let Some(d) = decoded(&command, None) else {
            continue;
        };
        let Some(m) = d.arithmetic else {
            continue;
        };
        let explanation = format!(
            "{port} ÷ 256 = {} remainder {}: p1 = {}, p2 = {}. The command is `{}`; check: {}.",
            m.p1,
            m.p2,
            m.p1,
            m.p2,
            command.trim_end(),
            arithmetic(&d)
        );
        let mut it = item(
            Kind::BytesFromPort,
            format!(
                "A client at {client} listens on port {port} for the data connection. Which two \
                 numbers p1,p2 end its PORT command?"
            ),
            Input::Number(u32::from(port)),
            Answer::Bytes { p1: m.p1, p2: m.p2 },
            explanation,
        );
        it.link = decoder_link(command.trim_end());
        it.hint = "p1 is how many whole 256s fit in the port; p2 is what is left.".into();
        return it;
    }
}

pub(super) fn epsv_endpoint(level: Level, rng: &mut Rng) -> Item {
    loop {
        let control: IpAddr = if level == Level::Advanced && rng.chance(40) {
            Ipv6Addr::new(
                0x2001,
                0xdb8,
                0,
                rng.below(0xffff) as u16,
                0,
                0,
                0,
                1 + rng.below(0xfff) as u16,
            )
            .into()
        } else {
            server_v4(rng).into()
        };
        let port = data_port(rng);
        let delimiter = if level == Level::Advanced && rng.chance(30) {
            '!'
        } else {
            '|'
        };
        let text = format!(
            "229 Entering Extended Passive Mode ({0}{0}{0}{port}{0})",
            delimiter
        );
        let Some(d) = decoded(&text, Some(control)) else {
            continue;
        };
        let (Some(ip), Some(port)) = (d.ip(), d.port()) else {
            continue;
        };
        let explanation = format!(
            "A 229 reply carries only the port ({port}), between its delimiters ('{delimiter}'); the \
             client connects to the address it already reached for the control connection, {control} \
             (RFC 2428). No address in the reply means nothing for a NAT to get wrong."
        );
        let mut it = item(
            Kind::EpsvEndpoint,
            format!(
                "The control connection goes to {control}. The server answers EPSV with this reply. \
                 Where does the client open the data connection?"
            ),
            Input::Text(text.clone()),
            Answer::Endpoint {
                ip: ip.to_string(),
                port,
            },
            explanation,
        );
        it.control = Some(control.to_string());
        it.link = decoder_link(&text);
        it.hint = "A 229 reply names no address.".into();
        return it;
    }
}

/// The blocks a `classify` item draws from, by level.
fn sample_address(level: Level, rng: &mut Rng) -> IpAddr {
    let basic: [fn(&mut Rng) -> IpAddr; 7] = [
        |r| v4_in(r, [10, 0, 0, 0], 8).into(),
        |r| v4_in(r, [172, 16, 0, 0], 12).into(),
        |r| v4_in(r, [192, 168, 0, 0], 16).into(),
        |r| v4_in(r, [100, 64, 0, 0], 10).into(),
        |r| v4_in(r, [127, 0, 0, 0], 8).into(),
        |r| v4_in(r, [203, 0, 113, 0], 24).into(),
        |r| {
            Ipv4Addr::new(
                8 + r.below(40) as u8 * 2,
                r.below(256) as u8,
                r.below(256) as u8,
                1 + r.below(250) as u8,
            )
            .into()
        },
    ];
    let more: [fn(&mut Rng) -> IpAddr; 5] = [
        |r| v4_in(r, [169, 254, 0, 0], 16).into(),
        |r| v4_in(r, [198, 18, 0, 0], 15).into(),
        |r| v4_in(r, [224, 0, 0, 0], 4).into(),
        |_| Ipv4Addr::UNSPECIFIED.into(),
        |r| v4_in(r, [192, 0, 2, 0], 24).into(),
    ];
    let v6: [fn(&mut Rng) -> IpAddr; 5] = [
        |_| Ipv6Addr::LOCALHOST.into(),
        |r| Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1 + r.below(0xffff) as u16).into(),
        |r| Ipv6Addr::new(0xfd00 + r.below(0xff) as u16, 0, 0, 0, 0, 0, 0, 1).into(),
        |r| Ipv6Addr::new(0x2001, 0xdb8, r.below(0xffff) as u16, 0, 0, 0, 0, 1).into(),
        |r| v4_in(r, [10, 0, 0, 0], 8).to_ipv6_mapped().into(),
    ];
    let pool: Vec<fn(&mut Rng) -> IpAddr> = match level {
        Level::Basic => basic.to_vec(),
        Level::Intermediate => basic.iter().chain(&more).copied().collect(),
        Level::Advanced => basic.iter().chain(&more).chain(&v6).copied().collect(),
    };
    let draw = pool[rng.below(pool.len() as u64) as usize];
    draw(rng)
}

/// The classes offered as answers at a level (always including the right one).
fn class_options(level: Level, answer: Category) -> Vec<String> {
    use Category::*;
    let mut names: Vec<Category> = vec![Public, Private, SharedCgnat, Loopback, Documentation];
    if level >= Level::Intermediate {
        names.extend([LinkLocal, Benchmarking, Multicast, Unspecified]);
    }
    if level == Level::Advanced {
        names.extend([UniqueLocal, Ipv4Mapped]);
    }
    if !names.contains(&answer) {
        names.push(answer);
    }
    names.into_iter().map(|c| c.as_str().to_string()).collect()
}

pub(super) fn classify(level: Level, rng: &mut Rng) -> Item {
    let ip = sample_address(level, rng);
    let c = class_of(ip);
    let explanation = format!(
        "{}. {}",
        class_words(ip),
        if c.globally_reachable {
            "A client anywhere could connect to it, if no firewall stops it."
        } else {
            "A data connection to it from a client elsewhere cannot work: a server that advertises it \
             in a 227 is behind NAT and has not been told its public address."
        }
    );
    let mut it = item(
        Kind::Classify,
        "Which class is this address in, and could a client elsewhere on the Internet reach it?"
            .into(),
        Input::Text(ip.to_string()),
        Answer::Class {
            category: c.category.as_str().to_string(),
            globally_reachable: c.globally_reachable,
        },
        explanation,
    );
    it.options = class_options(level, c.category);
    it.link = match ip {
        IpAddr::V4(v4) => decoder_link(&format!(
            "227 Entering Passive Mode ({},{},{},{},195,80)",
            v4.octets()[0],
            v4.octets()[1],
            v4.octets()[2],
            v4.octets()[3]
        )),
        IpAddr::V6(_) => decoder_link(&format!("EPRT |2|{ip}|50000|")),
    };
    it.hint = "Think of the IANA special-purpose registries: RFC 1918, RFC 6598, RFC 5737…".into();
    it
}
