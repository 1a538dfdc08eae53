//! What each edge does with a packet passing through it: connection tracking (the state it keeps,
//! idle expiry, the connections FTP helpers announce), its firewall rules and its NAT. Every decision
//! is recorded in the walk as a verdict or a translation, with the rule and the state that made it.

use super::super::model::{Blocked, Range};
use super::super::step::{Node, Translation, Verdict};
use super::{sock, Edge, End, Expectation, Flow, Network, Packet, Walk};
use std::net::{IpAddr, SocketAddr};

impl Network {
    /// Forget every connection these edges track (an idle timeout ran out).
    pub fn expire(&mut self, what: &str) {
        for f in &mut self.flows {
            if f.what == what {
                f.expired = true;
            }
        }
    }

    /// Connections and expectations a device holds, in words, for a verdict.
    pub fn state_of(&self, device: Node) -> Vec<String> {
        let mut out: Vec<String> = self
            .flows
            .iter()
            .filter(|f| f.device == device)
            .map(|f| {
                let seen = if f.inside == f.outside {
                    String::new()
                } else {
                    format!(" (outside: {})", f.outside)
                };
                format!(
                    "{} {} ⇄ {}{seen}: {}",
                    f.what,
                    f.inside,
                    f.remote,
                    if f.expired { "expired" } else { "established" }
                )
            })
            .collect();
        out.extend(
            self.expectations
                .iter()
                .filter(|e| e.device == device)
                .map(|e| format!("expected (FTP helper): {} → {}", e.from, e.outside)),
        );
        out
    }

    pub(super) fn outbound(&mut self, edge: Node, p: &mut Packet, w: &mut Walk) -> bool {
        let e = self.edge(edge).clone();
        if !e.stateful && !e.nat {
            return true;
        }
        let existing = self
            .flows
            .iter()
            .position(|f| f.device == edge && f.inside == p.src && f.remote == p.dst);
        match existing {
            Some(i) if self.flows[i].expired => {
                self.expired(edge, w);
                false
            }
            Some(i) => {
                let outside = self.flows[i].outside;
                w.verdicts.push(Verdict {
                    device: edge,
                    allowed: true,
                    rule: "ct state established accept".into(),
                    state: self.state_of(edge),
                });
                self.translate_src(edge, p, outside, w, "the connection's NAT mapping");
                true
            }
            None => {
                let outside = if e.nat {
                    sock(e.public, p.src.port())
                } else {
                    p.src
                };
                self.flows.push(Flow {
                    device: edge,
                    inside: p.src,
                    outside,
                    remote: p.dst,
                    expired: false,
                    what: p.what,
                });
                w.verdicts.push(Verdict {
                    device: edge,
                    allowed: true,
                    rule: "new connection from inside: allowed (outgoing traffic is allowed), state recorded".into(),
                    state: self.state_of(edge),
                });
                self.translate_src(
                    edge,
                    p,
                    outside,
                    w,
                    "source NAT (masquerade) of a new outgoing connection",
                );
                true
            }
        }
    }

    fn translate_src(
        &self,
        edge: Node,
        p: &mut Packet,
        outside: SocketAddr,
        w: &mut Walk,
        why: &str,
    ) {
        if outside != p.src {
            let before = format!("{} → {}", p.src, p.dst);
            p.src = outside;
            w.translations.push(Translation {
                device: edge,
                before,
                after: format!("{} → {}", p.src, p.dst),
                why: why.into(),
            });
        }
    }

    fn translate_dst(
        &self,
        edge: Node,
        p: &mut Packet,
        inside: SocketAddr,
        w: &mut Walk,
        why: &str,
    ) {
        if inside != p.dst {
            let before = format!("{} → {}", p.src, p.dst);
            p.dst = inside;
            w.translations.push(Translation {
                device: edge,
                before,
                after: format!("{} → {}", p.src, p.dst),
                why: why.into(),
            });
        }
    }

    /// A packet arriving at `edge` from the Internet: an answer on a tracked connection, a connection
    /// an FTP helper expects, a forwarded/opened port, or refused. False when it goes no further.
    pub(super) fn inbound(&mut self, edge: Node, p: &mut Packet, w: &mut Walk) -> bool {
        let e = self.edge(edge).clone();
        if !e.stateful && !e.nat {
            return true;
        }
        if let Some(i) = self
            .flows
            .iter()
            .position(|f| f.device == edge && f.outside == p.dst && f.remote == p.src)
        {
            return self.inbound_tracked(edge, i, p, w);
        }
        if !p.syn {
            w.verdicts.push(Verdict {
                device: edge,
                allowed: false,
                rule: "ct state invalid drop".into(),
                state: self.state_of(edge),
            });
            w.end = End::Dropped(edge, "it belongs to no connection this device knows".into());
            return false;
        }
        if let Some(i) = self
            .expectations
            .iter()
            .position(|x| x.device == edge && x.outside == p.dst && x.from == p.src.ip())
        {
            self.inbound_expected(edge, i, p, w);
            return true;
        }
        let to_us = p.dst.ip() == e.public || (!e.nat && p.dst.ip() == e.inside_host);
        if let Some(r) = e
            .open
            .iter()
            .find(|r| r.contains(p.dst.port()))
            .filter(|_| to_us)
        {
            self.inbound_opened(edge, &e, *r, p, w);
            return true;
        }
        self.refuse(edge, &e, p, w);
        false
    }

    /// A packet of the connection `flows[i]`: passed back inside, unless its state expired.
    fn inbound_tracked(&mut self, edge: Node, i: usize, p: &mut Packet, w: &mut Walk) -> bool {
        if self.flows[i].expired {
            self.expired(edge, w);
            return false;
        }
        let inside = self.flows[i].inside;
        w.verdicts.push(Verdict {
            device: edge,
            allowed: true,
            rule: "ct state established accept".into(),
            state: self.state_of(edge),
        });
        self.translate_dst(edge, p, inside, w, "the connection's NAT mapping, reversed");
        true
    }

    /// A connection an FTP helper announced (`expectations[i]`): let in as RELATED, and tracked.
    fn inbound_expected(&mut self, edge: Node, i: usize, p: &mut Packet, w: &mut Walk) {
        let x = self.expectations.remove(i);
        self.flows.push(Flow {
            device: edge,
            inside: x.inside,
            outside: x.outside,
            remote: p.src,
            expired: false,
            what: p.what,
        });
        w.verdicts.push(Verdict {
            device: edge,
            allowed: true,
            rule: "ct state related accept (the FTP helper announced this connection)".into(),
            state: self.state_of(edge),
        });
        self.translate_dst(edge, p, x.inside, w, "the FTP helper's expectation");
    }

    /// A new connection to a port the edge opens (and forwards, behind NAT) in range `r`.
    fn inbound_opened(&mut self, edge: Node, e: &Edge, r: Range, p: &mut Packet, w: &mut Walk) {
        let inside = sock(e.inside_host, p.dst.port());
        self.flows.push(Flow {
            device: edge,
            inside,
            outside: p.dst,
            remote: p.src,
            expired: false,
            what: p.what,
        });
        let rule = if r.min == r.max {
            format!("tcp dport {} accept", r.min)
        } else {
            format!("tcp dport {}-{} accept", r.min, r.max)
        };
        w.verdicts.push(Verdict {
            device: edge,
            allowed: true,
            rule: if e.nat {
                format!("{rule} (forwarded to {})", e.inside_host)
            } else {
                rule
            },
            state: self.state_of(edge),
        });
        self.translate_dst(edge, p, inside, w, "port forward (destination NAT)");
    }

    /// A new incoming connection the edge does not allow: dropped or reset, as the scenario says.
    fn refuse(&self, edge: Node, e: &Edge, p: &Packet, w: &mut Walk) {
        let open: Vec<String> = e.open.iter().map(Range::words).collect();
        let why_rule = if e.open.is_empty() {
            "it lets in only answers to connections made from inside".to_string()
        } else {
            format!("it lets in only ports {} and answers", open.join(", "))
        };
        let (rule, reset) = match self.blocked {
            Blocked::Drop => ("policy drop", false),
            Blocked::Reject => ("reject with tcp reset", true),
        };
        w.verdicts.push(Verdict {
            device: edge,
            allowed: false,
            rule: format!(
                "{rule} (new connection to port {} not allowed)",
                p.dst.port()
            ),
            state: self.state_of(edge),
        });
        let why = format!(
            "the {} {} a new incoming connection to {}: {why_rule}",
            e.label,
            if reset { "rejects" } else { "drops" },
            p.dst
        );
        w.end = if reset {
            End::Reset(edge, why)
        } else {
            End::Dropped(edge, why)
        };
    }

    /// A packet of a connection whose state expired while idle: dropped as invalid.
    fn expired(&self, edge: Node, w: &mut Walk) {
        w.verdicts.push(Verdict {
            device: edge,
            allowed: false,
            rule: "ct state invalid drop (the connection's state expired while it was idle)".into(),
            state: self.state_of(edge),
        });
        w.end = End::Dropped(
            edge,
            "its connection-tracking entry expired while the connection was idle: the packet matches nothing and is dropped".into(),
        );
    }

    /// An FTP helper's expectation: a connection from `from` to `outside` goes to `inside`.
    pub fn expect(&mut self, device: Node, from: IpAddr, outside: SocketAddr, inside: SocketAddr) {
        self.expectations.push(Expectation {
            device,
            from,
            outside,
            inside,
        });
    }
}
