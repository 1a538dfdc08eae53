//! Exercises the engine generates and marks: a set drawn from a seed, each item's answer computed by
//! the same decoder, classifier, flow engine and checker the rest of the project uses — never stored.
//!
//! - [`generate`]: a [`Set`] from a [`Request`] (seed, count, kinds, level). The same request always
//!   gives the same set ([`rng`] says why the generator is our own).
//! - [`mark`]: a student's answer against an item, with the explanation.
//! - [`export`]: a set as text (a worksheet and its key), Moodle XML and GIFT.
//!
//! ```
//! use ftp_explorer::practice::{generate, mark, Kind, Level, Request};
//! let set = generate(&Request { seed: 7, count: 3, kinds: vec![Kind::PortFromReply], level: Level::Basic });
//! let item = &set.items[0];
//! let right = item.answer.to_string();
//! assert!(mark(item, &right).correct);
//! ```

pub mod export;
mod flows;
mod items;
mod log;
mod marking;
pub mod rng;

pub use flows::stopping_device;
pub use marking::{mark, Mark};

use rng::Rng;
use serde::Serialize;
use std::fmt;

crate::named_enum! {
    /// What an exercise asks.
    pub Kind {
        /// A 227 reply → the address and port it names (p1 × 256 + p2).
        PortFromReply => "port-from-reply",
        /// A port → the two bytes p1 and p2 of a PORT command or 227 reply.
        BytesFromPort => "bytes-from-port",
        /// A 229 reply and the control connection's address → where the client connects.
        EpsvEndpoint => "epsv-endpoint",
        /// An address → its class, and whether a client elsewhere on the Internet could reach it.
        Classify => "classify",
        /// A scenario → does the data connection open; if not, which device stops it.
        PredictOutcome => "predict-outcome",
        /// A failing scenario and several changes → the one change that makes it work.
        ChooseFix => "choose-fix",
        /// A client log → the finding it shows.
        ReadLog => "read-log",
    }
}

crate::named_enum! {
    /// How hard: from a first lesson (the port arithmetic, private addresses, plain NAT) to the odd
    /// reply forms, IPv6, TLS, FTP helpers and firewalls of an advanced course.
    #[derive(Default, PartialOrd, Ord)]
    pub Level {
        #[default]
        Basic => "basic",
        Intermediate => "intermediate",
        Advanced => "advanced",
    }
}

impl Level {
    /// A level by its name or its number (1, 2, 3).
    pub fn parse(text: &str) -> Option<Level> {
        match text.trim() {
            "1" => Some(Level::Basic),
            "2" => Some(Level::Intermediate),
            "3" => Some(Level::Advanced),
            other => Level::from_name(&other.to_ascii_lowercase()),
        }
    }

    /// The kinds a set of this level has when none are asked for.
    pub fn kinds(self) -> &'static [Kind] {
        match self {
            Level::Basic => &[
                Kind::PortFromReply,
                Kind::BytesFromPort,
                Kind::Classify,
                Kind::PredictOutcome,
            ],
            Level::Intermediate | Level::Advanced => Kind::ALL,
        }
    }
}

/// What set to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub seed: u64,
    /// How many items (at most [`MAX_ITEMS`]).
    pub count: usize,
    /// The kinds to draw from, in turn (empty: the level's).
    pub kinds: Vec<Kind>,
    pub level: Level,
}

/// The most items a set has (a worksheet, not a stress test).
pub const MAX_ITEMS: usize = 200;

impl Default for Request {
    fn default() -> Self {
        Request {
            seed: 1,
            count: 10,
            kinds: Vec::new(),
            level: Level::Basic,
        }
    }
}

/// A set of exercises.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Set {
    pub seed: u64,
    pub level: Level,
    pub items: Vec<Item>,
}

/// One exercise, with everything needed to show it, mark it and explain it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// `SEED-N`, N from 1.
    pub id: String,
    pub kind: Kind,
    pub prompt: String,
    /// The reply, the port (a number), the address or the log text.
    pub input: Input,
    /// The control connection's address (`epsv-endpoint`).
    pub control: Option<String>,
    /// The flow link's query text (`predict-outcome`, `choose-fix`), as `ftp-explorer flow --scenario`
    /// takes it.
    pub scenario: Option<String>,
    /// The changes to choose from (`choose-fix`).
    pub choices: Vec<Choice>,
    pub answer: Answer,
    pub explanation: String,
    /// Where the page shows it: the decoder with the input, or the flow view with the scenario.
    pub link: String,
    /// Answers to choose from where the answer is a name (`classify`: classes; `read-log`: codes).
    pub options: Vec<String>,
    /// A nudge that does not give the answer away.
    pub hint: String,
}

/// An item's input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Input {
    Number(u32),
    Text(String),
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::Number(n) => write!(f, "{n}"),
            Input::Text(t) => f.write_str(t),
        }
    }
}

/// One change offered in a `choose-fix` item: its words, and the whole scenario with it made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub label: String,
    pub scenario: String,
}

/// An item's answer, by kind (the JSON shapes the CLI prints).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    /// `port-from-reply`, `epsv-endpoint`.
    Endpoint { ip: String, port: u16 },
    /// `bytes-from-port`.
    Bytes { p1: u8, p2: u8 },
    /// `classify` (the names `classify --json` uses).
    Class {
        category: String,
        globally_reachable: bool,
    },
    /// `predict-outcome`: the device that stops the data connection (`None` when it opens).
    Outcome {
        opened: bool,
        device: Option<String>,
    },
    /// `choose-fix`: an index into the item's choices.
    Choice { choice: usize },
    /// `read-log`: the finding's code.
    Code { code: String },
}

/// The answer as a student would write it (what [`mark`] accepts as right).
impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Endpoint { ip, port } if ip.contains(':') => write!(f, "[{ip}]:{port}"),
            Answer::Endpoint { ip, port } => write!(f, "{ip}:{port}"),
            Answer::Bytes { p1, p2 } => write!(f, "{p1},{p2}"),
            Answer::Class {
                category,
                globally_reachable,
            } => write!(
                f,
                "{category} {}",
                if *globally_reachable {
                    "reachable"
                } else {
                    "unreachable"
                }
            ),
            Answer::Outcome { opened: true, .. } => f.write_str("opens"),
            Answer::Outcome { device, .. } => {
                write!(f, "fails at {}", device.as_deref().unwrap_or("?"))
            }
            Answer::Choice { choice } => write!(f, "{}", letter(*choice)),
            Answer::Code { code } => f.write_str(code),
        }
    }
}

/// The letter of choice `i` (A, B, C…).
pub fn letter(i: usize) -> char {
    char::from(b'A' + (i % 26) as u8)
}

/// Draw a set. Items take the requested kinds in turn; each draws from its own stream of the seed.
pub fn generate(request: &Request) -> Set {
    let kinds: &[Kind] = if request.kinds.is_empty() {
        request.level.kinds()
    } else {
        &request.kinds
    };
    let count = request.count.min(MAX_ITEMS);
    let items = (0..count)
        .map(|i| {
            let kind = kinds[i % kinds.len()];
            let mut rng = Rng::new(request.seed, i as u64);
            let mut item = make(kind, request.level, &mut rng);
            item.id = format!("{}-{}", request.seed, i + 1);
            item
        })
        .collect();
    Set {
        seed: request.seed,
        level: request.level,
        items,
    }
}

/// One item of `kind`.
fn make(kind: Kind, level: Level, rng: &mut Rng) -> Item {
    match kind {
        Kind::PortFromReply => items::port_from_reply(level, rng),
        Kind::BytesFromPort => items::bytes_from_port(level, rng),
        Kind::EpsvEndpoint => items::epsv_endpoint(level, rng),
        Kind::Classify => items::classify(level, rng),
        Kind::PredictOutcome => flows::predict_outcome(level, rng),
        Kind::ChooseFix => flows::choose_fix(level, rng),
        Kind::ReadLog => flows::read_log(level, rng),
    }
}

/// An item with the fields every kind fills; the rest empty.
fn item(kind: Kind, prompt: String, input: Input, answer: Answer, explanation: String) -> Item {
    Item {
        id: String::new(),
        kind,
        prompt,
        input,
        control: None,
        scenario: None,
        choices: Vec::new(),
        answer,
        explanation,
        link: String::new(),
        options: Vec::new(),
        hint: String::new(),
    }
}

/// The page's decoder with `text` in it.
fn decoder_link(text: &str) -> String {
    format!("#{}", crate::share::fragment_for(text))
}

/// The page's flow view playing `query`.
fn flow_link(query: &str) -> String {
    format!("#/flow?{query}")
}
