//! The drawing's devices: the hosts, the NAT or firewall between them the capture proves, and the
//! nodes a packet passes.

use super::data_connections;
use crate::capture::ftp::FtpSession;
use crate::capture::Analysis;
use crate::log::Mode;
use crate::scenario::{Hop, Node};
use std::net::{IpAddr, SocketAddr};

/// The drawing's devices a capture proves, besides the client and the server.
#[derive(Debug, Default)]
pub(super) struct Edges {
    /// In front of the server: (title, detail).
    pub(super) server: Option<(String, String)>,
    pub(super) client: Option<(String, String)>,
}

fn add(slot: &mut Option<(String, String)>, title: &str, detail: String) {
    match slot {
        Some((t, d)) => {
            if !t.contains(title) {
                t.push_str(" + ");
                t.push_str(title);
            }
            if !d.contains(&detail) {
                d.push_str(" · ");
                d.push_str(&detail);
            }
        }
        None => *slot = Some((title.to_string(), detail)),
    }
}

pub(super) fn edges(a: &Analysis, s: &FtpSession) -> Edges {
    let mut e = Edges::default();
    for (dc, ev) in s.session.data_connections.iter().zip(&s.data) {
        let adv = dc.advertised.ip;
        match dc.mode {
            Mode::Passive => {
                if let (true, Some(x), Some(to)) = (ev.translated, ev.expected, ev.to) {
                    add(
                        &mut e.server,
                        "server's NAT",
                        format!("{} outside · {} inside", x.ip(), to.ip()),
                    );
                } else if let Some(ip) = adv.filter(|ip| *ip != s.server.ip()) {
                    add(
                        &mut e.server,
                        "server's NAT",
                        format!("advertises {ip} · reached at {}", s.server.ip()),
                    );
                }
            }
            Mode::Active => {
                if let Some(ip) = adv.filter(|ip| *ip != s.client.ip()) {
                    add(
                        &mut e.client,
                        "client's NAT",
                        format!("announces {ip} · seen as {}", s.client.ip()),
                    );
                }
            }
        }
    }
    for (i, c) in data_connections(a, s) {
        let passive = s.data.get(i).is_none_or(|e| e.mode == Mode::Passive);
        let slot = if passive {
            &mut e.server
        } else {
            &mut e.client
        };
        let third = |ip: IpAddr| ip != c.server.ip() && ip != c.client.ip();
        if c.syn_ack.is_empty() {
            for r in c.resets.iter().filter(|r| !r.from_client) {
                let ip = c.server.ip();
                if third(ip) {
                    add(
                        slot,
                        "firewall",
                        format!("{ip} (sent the reset) · packet {}", r.packet),
                    );
                }
            }
            for n in c.icmp.iter().filter(|n| third(n.from)) {
                add(
                    slot,
                    "firewall",
                    format!("{} (sent the ICMP error)", n.from),
                );
            }
        }
    }
    e
}

/// The node of a host: the client's side or the server's.
pub(super) fn host(client: bool) -> Node {
    if client {
        Node::Client
    } else {
        Node::Server
    }
}

/// The nodes between two hosts, from `from`'s side, with the edges present.
pub(super) fn path(from_client: bool, e: &Edges) -> Vec<Node> {
    let mut v = vec![host(from_client)];
    let (near, far) = if from_client {
        (e.client.is_some(), e.server.is_some())
    } else {
        (e.server.is_some(), e.client.is_some())
    };
    let (ne, fe) = if from_client {
        (Node::ClientEdge, Node::ServerEdge)
    } else {
        (Node::ServerEdge, Node::ClientEdge)
    };
    if near {
        v.push(ne);
    }
    v.push(Node::Internet);
    if far {
        v.push(fe);
    }
    v.push(host(!from_client));
    v
}

pub(super) fn hops(nodes: &[Node], src: SocketAddr, dst: SocketAddr) -> Vec<Hop> {
    nodes
        .windows(2)
        .map(|w| Hop {
            from: w[0],
            to: w[1],
            src,
            dst,
        })
        .collect()
}
