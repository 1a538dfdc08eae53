//! What each box of the drawing stands for in this scenario: its title, its addresses, and whether it
//! plays a part.

use super::super::model::{Attack, ClientSite, Range, ServerSite};
use super::super::step::{Node, NodeLabel};
use super::Story;

impl Story {
    pub(super) fn labels(&self) -> Vec<NodeLabel> {
        let s = &self.s;
        let a = &s.addresses;
        let ce = &self.net.client_edge;
        let se = &self.net.server_edge;
        let lan = s.client == ClientSite::Lan;
        let fw = |open: &Vec<Range>| {
            let v: Vec<String> = open.iter().map(Range::words).collect();
            format!("open: {}", v.join(", "))
        };
        vec![
            NodeLabel {
                node: Node::Client,
                title: if lan {
                    "Client (in the server's LAN)".into()
                } else {
                    "Client".into()
                },
                detail: self.net.client_addr.to_string(),
                present: true,
            },
            NodeLabel {
                node: Node::ClientEdge,
                title: if lan {
                    "(not on the path)".into()
                } else {
                    ce.label.clone()
                },
                detail: if ce.nat {
                    format!("outside {}", ce.public)
                } else {
                    String::new()
                },
                present: !lan && (ce.nat || ce.stateful),
            },
            NodeLabel {
                node: Node::Internet,
                title: "Internet".into(),
                detail: String::new(),
                present: !lan || s.attack != Attack::None,
            },
            NodeLabel {
                node: Node::ServerEdge,
                title: se.label.clone(),
                detail: if se.nat {
                    format!("outside {} · {}", se.public, fw(&se.open))
                } else {
                    fw(&se.open)
                },
                present: true,
            },
            NodeLabel {
                node: Node::Server,
                title: "FTP server".into(),
                detail: format!(
                    "{} · passive {}{}",
                    self.net.server_addr,
                    a.passive_range,
                    if s.server == ServerSite::NatExternal {
                        format!(" · pasv_address={}", a.server_public)
                    } else {
                        String::new()
                    }
                ),
                present: true,
            },
            NodeLabel {
                node: Node::ThirdParty,
                title: match s.attack {
                    Attack::Steal => "Attacker".into(),
                    Attack::Bounce => "Third host (mail server)".into(),
                    Attack::None => "Third host".into(),
                },
                detail: a.third_party.to_string(),
                present: match s.attack {
                    Attack::None => false,
                    Attack::Steal => s.mode.is_passive(),
                    Attack::Bounce => !s.mode.is_passive(),
                },
            },
        ]
    }
}
