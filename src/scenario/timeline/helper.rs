//! What an FTP helper (ALG, Linux `nf_conntrack_ftp` + `nf_nat_ftp`) on a router does with a control
//! line passing through: reads it if it can, rewrites the address behind NAT, and expects the data
//! connection it announces (which the [`super::Network`] then lets in).

use super::super::step::{HelperAction, Node};
use super::{narration, Story};
use crate::wire::{self, Kind};
use std::net::SocketAddr;

impl Story {
    /// What an FTP helper on `edge` does with a control line travelling from `from`.
    pub(super) fn helper(&mut self, edge: Node, from: Node, line: &str) -> Option<HelperAction> {
        let e = if edge == Node::ClientEdge {
            &self.net.client_edge
        } else {
            &self.net.server_edge
        };
        if !e.helper {
            return None;
        }
        let (nat, public, inside_host) = (e.nat, e.public, e.inside_host);
        let d = wire::decode(line).ok()?;
        let endpoint = d.endpoint?;
        // Only the side whose host listens matters: the client's edge for PORT/EPRT, the server's for 227/229.
        let ours = (from == Node::Client && edge == Node::ClientEdge && !d.kind.is_passive())
            || (from == Node::Server && edge == Node::ServerEdge && d.kind.is_passive());
        if !ours {
            return None;
        }
        let unread = |note| HelperAction {
            device: edge,
            rewrote: None,
            expects: None,
            blind: false,
            note,
        };
        if self.encrypted {
            return Some(HelperAction {
                blind: true,
                ..unread(narration::helper_blind(edge, d.kind.is_passive()))
            });
        }
        // nf_conntrack_ftp records (and nf_nat_ftp rewrites) only an address equal to the sender's own
        // on this connection: anything else is ignored ("NOT RECORDING"), which also keeps a helper from
        // opening the way for a bounce.
        let sender = if from == Node::Client {
            self.net.client_addr
        } else {
            self.net.server_addr
        };
        if endpoint.ip.is_some_and(|ip| ip != sender) {
            return Some(unread(narration::helper_ignores(edge, sender)));
        }
        let inside_ip = endpoint.ip.unwrap_or(inside_host);
        let inside = SocketAddr::new(
            if d.kind == Kind::Epsv {
                inside_host
            } else {
                inside_ip
            },
            endpoint.port,
        );
        let outside_ip = if nat { public } else { inside.ip() };
        let outside = SocketAddr::new(outside_ip, endpoint.port);
        let peer = if edge == Node::ClientEdge {
            self.control.1.ip()
        } else {
            self.server_sees.map_or(self.control.0.ip(), |s| s.ip())
        };
        let mut rewrote = None;
        if nat
            && matches!(d.kind, Kind::Pasv | Kind::Port | Kind::Eprt)
            && endpoint.ip != Some(public)
        {
            if let Ok(after) = wire::encode(d.kind, Some(public), endpoint.port) {
                rewrote = Some((line.to_string(), after));
            }
        }
        self.net.expect(edge, peer, outside, inside);
        let note = match &rewrote {
            Some((_, after)) => narration::helper_rewrites(edge, after, peer, outside, inside),
            None => narration::helper_expects(edge, peer, outside, inside),
        };
        Some(HelperAction {
            device: edge,
            expects: Some(format!("{peer} → {outside}")),
            rewrote,
            blind: false,
            note,
        })
    }
}
