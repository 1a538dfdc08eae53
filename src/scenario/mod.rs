//! The connection-flow model: a [`Scenario`] (mode, NATs, firewalls, FTP helper, TLS, addresses) is
//! played over a small simulated network into a [`Timeline`] of steps, each with the exact bytes, the
//! addresses on every leg, what each firewall decided and why, and what each NAT or FTP helper rewrote.
//! The outcome is derived from the packets, never scripted.
//!
//! - [`model`]: the scenario's knobs and addresses.
//! - [`network`]: hosts, edges (NAT, stateful firewall, FTP helper), routing, connection tracking.
//! - [`timeline`]: the engine that plays a session over the network.
//! - [`step`]: what a timeline is made of.
//! - [`presets`]: the troubleshooting table's rows, the attacks and the lessons.
//! - [`knobs`]: the controls as data, for the page's form.
//! - [`link`]: a scenario as `key=value&…` text (the page's URL, the CLI's `--scenario`).
//!
//! ```
//! use ftp_explorer::scenario::{timeline, Scenario, ServerSite};
//! let s = Scenario { server: ServerSite::Nat, ..Scenario::default() };
//! let t = timeline(&s);
//! assert!(!t.works); // PASV advertises 10.0.0.5, which the Internet does not route
//! let fixed = timeline(&Scenario { server: ServerSite::NatExternal, ..s });
//! assert!(fixed.works);
//! ```

pub mod knobs;
pub mod link;
pub mod model;
pub mod network;
pub mod presets;
pub mod step;
pub mod timeline;
pub mod view;

pub use knobs::{knobs, value_of, Input, Knob};
pub use link::{FlowLink, LinkError};
pub use model::*;
pub use presets::{preset, presets, Preset};
pub use step::*;
pub use timeline::{timeline, title};
