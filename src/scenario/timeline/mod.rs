//! The engine: from a [`Scenario`] to a [`Timeline`]. Nothing here is scripted per case: the session
//! is played message by message over the [`Network`], and the outcome is whatever happens to the packets.
//! Every FTP line that carries an endpoint is written by [`crate::wire::encode`] and read back by
//! [`crate::wire::decode`]; the server's other lines are vsftpd 3.0's.
//!
//! By job:
//! - here: the story's state, how a step is recorded, and the finished [`Timeline`];
//! - `session`: the FTP session, in order: who sends what when, and what each side decides from what
//!   arrived;
//! - `replies`: the lines themselves: the client's commands and vsftpd's replies;
//! - `packets`: the packet simulation: each packet sent over the [`Network`] and recorded as a step
//!   with what happened to it on every leg; `helper`: what an FTP helper (ALG) on the way does with a
//!   control line;
//! - `narration`: the English of the steps; `explain`: the outcome in words (summary, fixes, notes,
//!   the title); `labels`: what the drawing's boxes stand for.

mod explain;
mod helper;
mod labels;
mod narration;
mod packets;
mod replies;
mod session;

pub use explain::title;

use super::model::Scenario;
use super::network::{End, Network, Walk};
use super::step::*;
use std::net::SocketAddr;

/// Play the scenario and return its timeline.
pub fn timeline(scenario: &Scenario) -> Timeline {
    let mut story = Story::new(*scenario);
    story.play();
    story.finish()
}

/// Why the story ended where it did: decides the summary and the fixes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Cause {
    Works,
    /// The control connection itself did not open (cannot happen with the knobs offered; kept honest).
    NoControl(String),
    /// The client cannot write PORT/EPRT for its address family, or use the 227's address.
    ClientCannot(String),
    /// The server refused PORT/EPRT (its address check).
    IllegalPort,
    /// The server found no free passive port.
    NoFreePort,
    /// The data connection's SYN went nowhere / was reset, stopped at this node for this reason.
    DataBlocked(Node, String, Failure),
    /// The server saw a foreign address on the passive port first.
    Stolen {
        checked: bool,
    },
    /// The final reply was lost because a device forgot the idle control connection.
    Stalled(Node),
    /// The bounce went through.
    Bounced,
}

struct Story {
    s: Scenario,
    net: Network,
    steps: Vec<Step>,
    encrypted: bool,
    notes: Vec<String>,
    /// The control connection as the client sees it: (client's own end, the server's end).
    control: (SocketAddr, SocketAddr),
    /// The client's address as the server sees it on the control connection.
    server_sees: Option<SocketAddr>,
    /// Endpoints with a listening socket.
    listening: Vec<(Node, SocketAddr)>,
    data: DataConnection,
    cause: Cause,
}

impl Story {
    fn new(s: Scenario) -> Story {
        let net = Network::new(&s);
        let a = &s.addresses;
        let server_for_client = if s.client == super::model::ClientSite::Lan {
            net.server_addr
        } else {
            a.server_public
        };
        let control = (
            SocketAddr::new(net.client_addr, a.client_control_port),
            SocketAddr::new(server_for_client, a.control_port),
        );
        Story {
            s,
            net,
            steps: Vec::new(),
            encrypted: false,
            notes: Vec::new(),
            control,
            server_sees: None,
            listening: Vec::new(),
            data: DataConnection {
                opened: false,
                from: None,
                to: None,
                failure: None,
                reason: String::new(),
            },
            cause: Cause::Works,
        }
    }

    // ---- recording -------------------------------------------------------------------------

    /// Record a step; `walk` is the packet's way, when it is one. Returns the step's index.
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        from: Node,
        to: Node,
        kind: StepKind,
        connection: Connection,
        text: String,
        walk: Option<Walk>,
        narration: String,
    ) -> usize {
        let (hops, verdicts, translations, reached, delivered) = match walk {
            Some(w) => {
                let reached = w.reached();
                let delivered = matches!(w.end, End::Delivered(..));
                (w.hops, w.verdicts, w.translations, reached, delivered)
            }
            None => (Vec::new(), Vec::new(), Vec::new(), to, true),
        };
        self.steps.push(Step {
            number: self.steps.len() + 1,
            from,
            to,
            kind,
            connection,
            text,
            bytes: None,
            endpoint: None,
            decoded: None,
            hops,
            reached,
            delivered,
            verdicts,
            translations,
            helper: None,
            encrypted: self.encrypted && connection == Connection::Control,
            narration,
        });
        self.steps.len() - 1
    }

    /// A packet discarded at `at`: its own step (kind `drop`), right after the packet's.
    fn dropped(&mut self, at: Node, connection: Connection, why: &str) {
        self.push(
            at,
            at,
            StepKind::Drop,
            connection,
            "DROP".into(),
            None,
            narration::dropped(at, why),
        );
    }

    fn note(&mut self, at: Node, narration: String) {
        self.push(
            at,
            at,
            StepKind::Note,
            Connection::Control,
            String::new(),
            None,
            narration,
        );
    }

    /// A control line was lost before the data connection (no knob does this today; kept honest).
    fn lost(&mut self) {
        self.cause = Cause::NoControl("a control-connection message was lost".into());
    }

    fn fail(
        &mut self,
        from: Option<SocketAddr>,
        to: Option<SocketAddr>,
        failure: Failure,
        reason: String,
        cause: Cause,
    ) {
        self.data = DataConnection {
            opened: false,
            from: from.map(|a| a.to_string()),
            to: to.map(|a| a.to_string()),
            failure: Some(failure),
            reason,
        };
        self.cause = cause;
    }

    // ---- the verdict -----------------------------------------------------------------------

    fn finish(self) -> Timeline {
        let s = self.s;
        let works = self.cause == Cause::Works;
        let (summary, fix) = self.explain();
        let mut notes = self.notes.clone();
        notes.extend(explain::client_notes(&s));
        let attack = explain::attack_outcome(&s, &self.cause);
        let nodes = self.labels();
        Timeline {
            title: title(&s),
            scenario: s,
            steps: self.steps,
            data_connection: self.data,
            works,
            summary,
            fix,
            notes,
            attack,
            nodes,
        }
    }
}
