//! The decoder page's state: plain data, changed only by [`State::reduce`] over an [`Action`].

use crate::address::parse_ip;
use crate::wire::{decode_all, Context, DecodeError, Decoded};
use std::rc::Rc;
use yew::Reducible;

/// Inputs shown at most; the rest of a huge paste is counted, not rendered.
pub const MAX_SHOWN: usize = 200;

/// Ready-made inputs, one click each (and the page's first-run teaching).
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "PASV behind NAT",
        "227 Entering Passive Mode (192,168,1,100,195,80).",
    ),
    ("EPSV", "229 Entering Extended Passive Mode (|||6446|)"),
    ("PORT", "PORT 203,0,113,50,255,255"),
    ("EPRT IPv6", "EPRT |2|::1|6275|"),
    (
        "Multi-line 227",
        "227-Entering Passive Mode\n227 (10,0,0,1,195,80)",
    ),
    (
        "LPSV",
        "228 Entering Long Passive Mode (4,4,8,8,8,8,2,100,200)",
    ),
    ("Broken octet", "227 Entering Passive Mode (256,1,2,3,4,5)"),
    ("0.0.0.0", "227 Entering Passive Mode (0,0,0,0,195,80)."),
];

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The text box changed.
    SetInput(String),
    /// The control-connection peer box changed.
    SetControl(String),
    /// An example button was pressed.
    LoadExample(usize),
}

/// One decoded input: its text and what the core made of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub text: String,
    pub result: Result<Decoded, DecodeError>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    pub input: String,
    pub control: String,
    /// Derived from `input` and `control` by the core; recomputed by the reducer, never edited.
    pub items: Vec<Item>,
    /// How many inputs the text holds in all (may exceed `items.len()`).
    pub total: usize,
    pub failed: usize,
    /// Why the control-peer box is not an address, if it is not.
    pub control_error: Option<DecodeError>,
}

impl State {
    pub fn new(input: &str) -> Self {
        State {
            input: input.to_string(),
            ..State::default()
        }
        .analysed()
    }

    fn analysed(mut self) -> Self {
        let (peer, control_error) = match self.control.trim() {
            "" => (None, None),
            _ => match parse_ip(&self.control) {
                Ok(ip) => (Some(ip), None),
                Err(e) => (None, Some(e)),
            },
        };
        let ctx = Context { control_peer: peer };
        let all = decode_all(&self.input, &ctx);
        self.total = all.len();
        self.failed = all.iter().filter(|(_, r)| r.is_err()).count();
        self.items = all
            .into_iter()
            .take(MAX_SHOWN)
            .map(|(t, result)| Item {
                text: t.to_string(),
                result,
            })
            .collect();
        self.control_error = control_error;
        self
    }

    /// The one pure transition: every change of the page goes through here.
    pub fn apply(&self, action: Action) -> State {
        let mut next = self.clone();
        match action {
            Action::SetInput(text) => next.input = text,
            Action::SetControl(text) => next.control = text,
            Action::LoadExample(i) => {
                if let Some((_, text)) = EXAMPLES.get(i) {
                    next.input = (*text).to_string();
                }
            }
        }
        next.analysed()
    }
}

impl Reducible for State {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}
