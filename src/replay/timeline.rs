//! The flow-view timeline built from a session's events: its steps, outcome, fix, notes and devices.

use super::devices::{edges, Edges};
use super::step::step;
use super::{events, outcome_words, plural, Event, MAX_STEPS};
use crate::address::classify;
use crate::capture::ftp::{DataEvidence, FtpSession, WireOutcome};
use crate::capture::Analysis;
use crate::diagnose::{Diagnosis, Severity};
use crate::scenario::{
    Connection as Conn, DataConnection, Failure, Node, NodeLabel, Scenario, Step, StepKind,
    Timeline, Verdict,
};
use std::net::IpAddr;

/// Session `index` of `a` as a timeline for the flow view: its own packets and FTP lines as steps, the
/// hosts as the drawing's client and server (with a NAT or firewall between where the capture proves
/// one), the outcome from what the wire shows. `diagnosis` (the session's, when known) gives the fix.
pub fn replay(a: &Analysis, index: usize, diagnosis: Option<&Diagnosis>) -> Option<Timeline> {
    let s = a.sessions.get(index)?;
    let e = edges(a, s);
    let outcome = Outcome::read(a, s);
    let mut t = Timeline {
        scenario: Scenario {
            mode: mode(s),
            tls: s.session.tls,
            ..Scenario::default()
        },
        title: format!(
            "Capture replay: session {}, {} → {}",
            index + 1,
            s.client,
            s.server
        ),
        steps: steps(s, &e, &events(a, index)),
        data_connection: outcome.data_connection(),
        works: outcome.works,
        summary: outcome.summary(s, diagnosis),
        fix: fix(outcome.works, diagnosis),
        notes: notes(s),
        attack: None,
        nodes: node_labels(s, &e),
    };
    stops(&mut t, s.client.ip(), s.server.ip());
    Some(t)
}

/// The events as steps, at most [`MAX_STEPS`] of them, then a note of how many more follow.
fn steps(s: &FtpSession, e: &Edges, all: &[Event]) -> Vec<Step> {
    let mut steps = Vec::new();
    for ev in all.iter().take(MAX_STEPS) {
        steps.push(step(s, e, ev, steps.len() + 1));
    }
    if all.len() > MAX_STEPS {
        let rest = all.len() - MAX_STEPS;
        steps.push(more_follow(rest, steps.len() + 1));
    }
    steps
}

/// The last step of a long session: `rest` more packets and lines are in the report.
fn more_follow(rest: usize, number: usize) -> Step {
    Step {
        number,
        from: Node::Client,
        to: Node::Client,
        kind: StepKind::Note,
        connection: Conn::Control,
        text: String::new(),
        bytes: None,
        endpoint: None,
        decoded: None,
        hops: Vec::new(),
        reached: Node::Client,
        delivered: true,
        verdicts: Vec::new(),
        translations: Vec::new(),
        helper: None,
        encrypted: false,
        narration: format!(
            "{rest} more packets and lines follow; the capture's report lists them all."
        ),
    }
}

/// The session's outcome on the wire.
struct Outcome<'a> {
    /// The data connection that decides: the last one the wire shows an attempt of (else the first
    /// negotiated one with no packet in the capture).
    decisive: Option<&'a DataEvidence>,
    works: bool,
}

impl<'a> Outcome<'a> {
    fn read(a: &Analysis, s: &'a FtpSession) -> Self {
        let attempted: Vec<&DataEvidence> = s
            .data
            .iter()
            .filter(|d| d.wire != WireOutcome::NotSeen)
            .collect();
        let decisive = attempted
            .last()
            .copied()
            .or_else(|| s.data.iter().find(|d| d.wire == WireOutcome::NotSeen));
        let unexplained_ok = s
            .unexplained
            .iter()
            .filter_map(|&i| a.connection(i))
            .any(|c| !c.syn_ack.is_empty() || c.syn.is_empty());
        let works = match decisive {
            Some(d) => matches!(d.wire, WireOutcome::Connected | WireOutcome::Partial),
            None => {
                unexplained_ok || s.unexplained.is_empty() && s.session.data_connections.is_empty()
            }
        };
        Outcome { decisive, works }
    }

    /// How the decisive data connection failed, if it did.
    fn failure(&self) -> Option<Failure> {
        self.decisive.and_then(|d| match d.wire {
            WireOutcome::Unanswered | WireOutcome::NotSeen => Some(Failure::Timeout),
            WireOutcome::Reset | WireOutcome::IcmpError => Some(Failure::Refused),
            _ => None,
        })
    }

    /// The outcome in a sentence.
    fn summary(&self, s: &FtpSession, diagnosis: Option<&Diagnosis>) -> String {
        match self.decisive {
            Some(d) => format!("Data connection {}: {}", d.index + 1, d.summary),
            None if !s.unexplained.is_empty() => format!(
                "{} under TLS; their negotiation cannot be read.",
                plural(s.unexplained.len() as u32, "data connection")
            ),
            None => diagnosis.map_or_else(
                || "No data connection in this session.".to_string(),
                |d| d.summary.clone(),
            ),
        }
    }

    /// The decisive data connection as the drawing shows it.
    fn data_connection(&self) -> DataConnection {
        let decisive = self.decisive;
        DataConnection {
            opened: self.works && decisive.is_some(),
            from: decisive.and_then(|d| d.from).map(|x| x.to_string()),
            to: decisive
                .and_then(|d| d.to.or(d.expected))
                .map(|x| x.to_string()),
            failure: self.failure(),
            reason: decisive.map_or(String::new(), outcome_words),
        }
    }
}

/// The fix, when the session failed: the diagnosis's first error finding's, in plain text.
fn fix(works: bool, diagnosis: Option<&Diagnosis>) -> Vec<String> {
    let mut fix: Vec<String> = Vec::new();
    if !works {
        for f in diagnosis
            .map(|d| d.findings.as_slice())
            .unwrap_or_default()
            .iter()
            .filter(|f| f.severity == Severity::Error)
        {
            if fix.is_empty() {
                // The drawing's text is plain: the finding's `code` marks go.
                fix.push(f.fix.replace('`', ""));
            }
        }
    }
    fix
}

/// The scenario's mode: the first data connection's negotiation (PASV when there is none).
fn mode(s: &FtpSession) -> crate::scenario::Mode {
    s.session
        .data_connections
        .first()
        .map_or(crate::scenario::Mode::Pasv, |dc| {
            use crate::wire::Kind;
            match dc.via {
                Kind::Epsv => crate::scenario::Mode::Epsv,
                Kind::Port | Kind::Lprt => crate::scenario::Mode::Port,
                Kind::Eprt => crate::scenario::Mode::Eprt,
                _ => crate::scenario::Mode::Pasv,
            }
        })
}

/// What a replay is and is not, and what the capture misses.
fn notes(s: &FtpSession) -> Vec<String> {
    let mut notes = vec![
        "Replayed from a capture taken at one point: every address is as seen there, on every leg. A device between the hosts is drawn only where the capture proves one.".to_string(),
        "Timing and packet numbers are the capture's own; the data connection's bytes are one step, not one per packet.".to_string(),
    ];
    if s.mid_session {
        notes.push(
            "The capture starts mid-session: what happened before it is not replayed.".into(),
        );
    }
    if s.encrypted.is_some() {
        notes.push("After AUTH TLS the dialogue is encrypted: no command or reply can be read, only the connections.".into());
    }
    notes
}

/// The drawing's nodes: the hosts, the network between, and the edges the capture proves.
fn node_labels(s: &FtpSession, e: &Edges) -> Vec<NodeLabel> {
    let label = |node: Node, title: String, detail: String, present: bool| NodeLabel {
        node,
        title,
        detail,
        present,
    };
    let (st, sd) = e.server.clone().unwrap_or_default();
    let (ct, cd) = e.client.clone().unwrap_or_default();
    vec![
        label(
            Node::Client,
            "FTP client".into(),
            s.client.ip().to_string(),
            true,
        ),
        label(Node::ClientEdge, ct, cd, e.client.is_some()),
        label(
            Node::Internet,
            "network between".into(),
            "not seen by the capture".into(),
            true,
        ),
        label(Node::ServerEdge, st, sd, e.server.is_some()),
        label(
            Node::Server,
            "FTP server".into(),
            format!("{} port {}", s.server.ip(), s.server.port()),
            true,
        ),
        label(Node::ThirdParty, String::new(), String::new(), false),
    ]
}

/// Fill in where each failed SYN stopped, from what answered it (a reset, an ICMP error) or nothing.
fn stops(t: &mut Timeline, client: IpAddr, server: IpAddr) {
    let n = t.steps.len();
    for i in 0..n {
        if t.steps[i].kind != StepKind::Syn || t.steps[i].delivered {
            continue;
        }
        let conn = t.steps[i].connection;
        // The answer: the next step on the same connection that is a reset or an ICMP error.
        let answer = t.steps[i + 1..]
            .iter()
            .take_while(|s| !(s.kind == StepKind::Syn && s.connection == conn && s.delivered))
            .find(|s| s.kind == StepKind::Rst && s.connection == conn)
            .map(|s| (s.from, s.text.clone()));
        let syn = &mut t.steps[i];
        match answer {
            Some((node, text)) => {
                syn.reached = node;
                let keep = syn
                    .hops
                    .iter()
                    .position(|h| h.to == node)
                    .map_or(0, |k| k + 1);
                syn.hops.truncate(keep);
                syn.verdicts.push(Verdict {
                    device: node,
                    allowed: false,
                    rule: format!("answered with {text}"),
                    state: Vec::new(),
                });
            }
            None => {
                let dst = syn.hops.last().map(|h| h.dst.ip());
                let acceptor = syn.to;
                let own = if acceptor == Node::Client {
                    client
                } else {
                    server
                };
                if dst == Some(own) {
                    // Addressed to the host the control connection reached: the capture cannot tell
                    // whether it died on the way or at that host's firewall.
                    syn.reached = acceptor;
                    syn.verdicts.push(Verdict {
                        device: acceptor,
                        allowed: false,
                        rule: format!(
                            "no answer in the capture: dropped on the way, or by a firewall at {own}"
                        ),
                        state: Vec::new(),
                    });
                } else {
                    syn.reached = Node::Internet;
                    let keep = syn
                        .hops
                        .iter()
                        .position(|h| h.to == Node::Internet)
                        .map_or(0, |k| k + 1);
                    syn.hops.truncate(keep);
                    // A private (or otherwise unroutable) address: nothing on the Internet carries it
                    // there (the drawing says LOST, no route).
                    if let Some(ip) =
                        dst.filter(|ip| classify(*ip).globally_reachable || is_doc(*ip))
                    {
                        syn.verdicts.push(Verdict {
                            device: Node::Internet,
                            allowed: false,
                            rule: format!("no answer in the capture from {ip}"),
                            state: Vec::new(),
                        });
                    }
                }
            }
        }
    }
}

/// Documentation addresses (RFC 5737, RFC 3849) stand for public ones in examples and test networks.
fn is_doc(ip: IpAddr) -> bool {
    classify(ip).category.as_str() == "documentation"
}
