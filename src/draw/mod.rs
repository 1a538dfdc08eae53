//! Drawing a timeline, for the page and the terminal alike: one lane order ([`lanes_of`]) and pure
//! timeline-to-text functions, so the page and the CLI place every device the same.
//!
//! - [`topology`]: the network drawing (SVG): a box per device, a track per connection, the packet.
//! - [`lanes`]: the sequence diagram (SVG): a lifeline per device, an arrow per step.
//! - [`step`]: the current step in detail, and the whole story (HTML text with links only).
//! - [`terminal`]: the sequence diagram as plain text for a terminal (`ftp-explorer flow`).
//! - [`svg`]: the small helpers the SVG drawings share (escaping, clipping, text lines).
//!
//! The SVG's style lives with the page (`www/flow.css`, every rule starting with `.fx`).

pub mod lanes;
mod layout;
pub mod step;
pub mod svg;
pub mod terminal;
pub mod topology;

use crate::scenario::{Node, Timeline};

/// The devices of a timeline from left to right, as both sequence diagrams draw their lifelines: the
/// drawing's axis ([`topology::order`]: a client in the server's LAN stands beside the server), then a
/// third party (an attacker), keeping only the devices that play a part in this timeline.
pub fn lanes_of(t: &Timeline) -> Vec<Node> {
    topology::order(t)
        .into_iter()
        .chain([Node::ThirdParty])
        .filter(|n| svg::label(t, *n).is_some())
        .collect()
}
