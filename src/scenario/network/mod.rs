//! The network a scenario describes: hosts, the two edges (NAT routers, stateful firewalls, FTP helpers),
//! routing across the Internet, and the connection-tracking state each edge keeps. A packet is walked
//! hop by hop; every decision is recorded with its reason. Here: the topology and the routing;
//! `conntrack`: what each edge decides (state, firewall rules, NAT).

use super::model::{Blocked, ClientSite, IpVersion, Range, Scenario, ServerFirewall, ServerSite};
use super::step::{Hop, Node, Translation, Verdict};
use crate::address::{classify, Category};
use std::net::{IpAddr, SocketAddr};

mod conntrack;

/// What a router/firewall at one side is.
#[derive(Debug, Clone)]
pub(crate) struct Edge {
    /// Translates addresses (IPv4 only: nobody NATs IPv6 here).
    pub nat: bool,
    /// Keeps connection state and refuses unsolicited incoming connections.
    pub stateful: bool,
    /// The outside address.
    pub public: IpAddr,
    /// Incoming connections allowed (and forwarded, behind NAT) to these ports of `inside_host`.
    pub open: Vec<Range>,
    /// Where allowed incoming connections go.
    pub inside_host: IpAddr,
    pub helper: bool,
    /// In words, for the drawing: "NAT router + firewall".
    pub label: String,
}

/// A connection an edge tracks: the inside endpoint, how it looks outside, and the remote endpoint.
#[derive(Debug, Clone)]
pub(crate) struct Flow {
    pub device: Node,
    pub inside: SocketAddr,
    pub outside: SocketAddr,
    pub remote: SocketAddr,
    pub expired: bool,
    pub what: &'static str,
}

/// A data connection an FTP helper saw announced and lets in (conntrack "expectation", RELATED).
#[derive(Debug, Clone)]
pub(crate) struct Expectation {
    pub device: Node,
    pub from: IpAddr,
    pub outside: SocketAddr,
    pub inside: SocketAddr,
}

/// A packet on its way.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Packet {
    pub src: SocketAddr,
    pub dst: SocketAddr,
    /// Opens a connection (a SYN): may create state; otherwise it must match state.
    pub syn: bool,
    pub what: &'static str,
}

/// How a walk ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum End {
    /// Arrived at this host, with the addresses it carries there.
    Delivered(Node, SocketAddr, SocketAddr),
    /// Discarded at this node.
    Dropped(Node, String),
    /// A reset sent back from this node.
    Reset(Node, String),
}

/// The record of one walk.
#[derive(Debug, Clone)]
pub(crate) struct Walk {
    pub hops: Vec<Hop>,
    pub verdicts: Vec<Verdict>,
    pub translations: Vec<Translation>,
    pub end: End,
}

impl Walk {
    pub fn reached(&self) -> Node {
        match &self.end {
            End::Delivered(n, ..) | End::Dropped(n, _) | End::Reset(n, _) => *n,
        }
    }
}

pub(crate) struct Network {
    pub client_edge: Edge,
    pub server_edge: Edge,
    pub client_addr: IpAddr,
    pub server_addr: IpAddr,
    pub third_party: IpAddr,
    pub client_site: ClientSite,
    pub blocked: Blocked,
    pub flows: Vec<Flow>,
    pub expectations: Vec<Expectation>,
}

/// An address the Internet delivers: public, or a documentation prefix standing in for a public one.
pub(crate) fn internet_routable(ip: IpAddr) -> bool {
    let c = classify(ip);
    c.is_public() || c.category == Category::Documentation
}

fn sock(ip: IpAddr, port: u16) -> SocketAddr {
    SocketAddr::new(ip, port)
}

impl Network {
    pub fn new(s: &Scenario) -> Network {
        let a = &s.addresses;
        let v4 = s.ip == IpVersion::V4;
        let client_addr = match s.client {
            ClientSite::Nat if v4 => a.client_private,
            ClientSite::Nat | ClientSite::Public => a.client_public,
            ClientSite::Lan => a.client_lan,
        };
        let server_addr = match s.server {
            ServerSite::Public => a.server_public,
            _ if v4 => a.server_private,
            _ => a.server_public,
        };
        let client_nat = s.client == ClientSite::Nat;
        let client_label = match (client_nat, v4, s.client_firewall) {
            (true, true, _) => "NAT router (+ its stateful filter)",
            (true, false, _) => "router with a stateful firewall (IPv6: no NAT)",
            (false, _, true) => "firewall",
            (false, _, false) => "router (no NAT, no firewall)",
        };
        let client_edge = Edge {
            nat: client_nat && v4,
            stateful: client_nat || s.client_firewall,
            public: a.client_public,
            open: Vec::new(),
            inside_host: client_addr,
            helper: s.alg,
            label: client_label.to_string(),
        };
        let mut open = vec![Range::new(a.control_port, a.control_port)];
        match s.server_firewall {
            ServerFirewall::Open => open.push(a.passive_range),
            ServerFirewall::Closed => {}
            ServerFirewall::Mismatch => open.push(a.firewall_range),
        }
        let server_nat = s.server != ServerSite::Public && v4;
        let server_edge = Edge {
            nat: server_nat,
            stateful: true,
            public: a.server_public,
            open,
            inside_host: server_addr,
            helper: s.alg,
            label: if server_nat {
                "NAT router + firewall (port forwards)"
            } else {
                "firewall"
            }
            .to_string(),
        };
        Network {
            client_edge,
            server_edge,
            client_addr,
            server_addr,
            third_party: a.third_party,
            client_site: s.client,
            blocked: s.blocked,
            flows: Vec::new(),
            expectations: Vec::new(),
        }
    }

    fn edge(&self, node: Node) -> &Edge {
        if node == Node::ClientEdge {
            &self.client_edge
        } else {
            &self.server_edge
        }
    }

    /// The edge a host leaves its network through (a LAN client shares the server's).
    fn edge_of(&self, host: Node) -> Option<Node> {
        match host {
            Node::Client if self.client_site == ClientSite::Lan => Some(Node::ServerEdge),
            Node::Client => Some(Node::ClientEdge),
            Node::Server => Some(Node::ServerEdge),
            _ => None,
        }
    }

    /// The host holding `ip` inside an edge's network.
    fn inside_host(&self, edge: Node, ip: IpAddr) -> Option<Node> {
        if edge == Node::ServerEdge && ip == self.server_addr {
            Some(Node::Server)
        } else if ip == self.client_addr && self.edge_of(Node::Client) == Some(edge) {
            Some(Node::Client)
        } else {
            None
        }
    }

    /// Walk a packet from host `from` until it is delivered, dropped or reset.
    pub fn send(&mut self, from: Node, mut p: Packet) -> Walk {
        let mut w = Walk {
            hops: Vec::new(),
            verdicts: Vec::new(),
            translations: Vec::new(),
            end: End::Dropped(from, String::new()),
        };
        let mut at = from;
        // Into the sender's own network first: the same LAN is delivered directly.
        if from == Node::Client || from == Node::Server {
            let edge = self.edge_of(from).unwrap_or(Node::ServerEdge);
            let lan_peer = if from == Node::Client {
                (edge == Node::ServerEdge && p.dst.ip() == self.server_addr).then_some(Node::Server)
            } else {
                (self.client_site == ClientSite::Lan && p.dst.ip() == self.client_addr)
                    .then_some(Node::Client)
            };
            if let Some(peer) = lan_peer {
                w.hops.push(hop(from, peer, &p));
                w.end = End::Delivered(peer, p.src, p.dst);
                return w;
            }
            w.hops.push(hop(from, edge, &p));
            at = edge;
            if !self.outbound(edge, &mut p, &mut w) {
                return w;
            }
            // A packet for the edge's own outside address, coming from inside: hairpin NAT.
            if p.dst.ip() == self.edge(edge).public && self.edge(edge).nat {
                w.end = End::Dropped(
                    edge,
                    format!(
                        "{} is this router's own outside address, seen from inside: it would need hairpin NAT (NAT loopback), which this router does not do",
                        p.dst.ip()
                    ),
                );
                return w;
            }
        }
        // Across the Internet.
        w.hops.push(hop(at, Node::Internet, &p));
        let dst = p.dst.ip();
        let target = if dst == self.third_party {
            Some(Node::ThirdParty)
        } else if dst == self.server_edge.public {
            Some(Node::ServerEdge)
        } else if dst == self.client_edge.public && self.client_site != ClientSite::Lan {
            Some(Node::ClientEdge)
        } else {
            None
        };
        let Some(target) = target else {
            let c = classify(dst);
            let why = if internet_routable(dst) {
                format!("no host on this network has {dst}")
            } else {
                format!(
                    "{dst} is a {} address ({}): routers on the Internet do not carry it, so the packet is lost",
                    c.category.as_str().replace('_', " "),
                    c.range.unwrap_or_default()
                )
            };
            w.end = End::Dropped(Node::Internet, why);
            return w;
        };
        w.hops.push(hop(Node::Internet, target, &p));
        if target == Node::ThirdParty {
            w.end = End::Delivered(Node::ThirdParty, p.src, p.dst);
            return w;
        }
        if !self.inbound(target, &mut p, &mut w) {
            return w;
        }
        match self.inside_host(target, p.dst.ip()) {
            Some(host) => {
                w.hops.push(hop(target, host, &p));
                w.end = End::Delivered(host, p.src, p.dst);
            }
            None => {
                w.end = End::Dropped(target, format!("no host behind it has {}", p.dst.ip()));
            }
        }
        w
    }

    /// Whether the edge is on the way between the client and the server (a LAN client skips both).
    pub fn on_control_path(&self, edge: Node) -> bool {
        self.client_site != ClientSite::Lan
            && (edge == Node::ServerEdge || self.client_edge.stateful || self.client_edge.nat)
    }
}

fn hop(from: Node, to: Node, p: &Packet) -> Hop {
    Hop {
        from,
        to,
        src: p.src,
        dst: p.dst,
    }
}
