//! `ftp-explorer probe`: the pure half of the live probe. The CLI (`cli/src/probe/`) does the network
//! I/O; everything it decides and everything it prints is here, as plain functions over plain data, so
//! the probe's findings come from the same rules, with the same codes, as `ftp-explorer check`.
//!
//! How: the probe writes its [`Transcript`] in `curl -v` form (`> CMD`, `< reply`, `* note`), and the
//! notes about connections use the words curl uses (`Trying 10.0.0.5:50000...`, `connect to … failed:
//! Connection refused`, `Skip 10.0.0.5 for data connection, re-use 192.0.2.7 instead`). [`analyse`] reads
//! that text with the checker's own reader ([`crate::log::read_log`]) and runs [`crate::diagnose`] on it:
//! the finding lines are transcript lines, and `ftp-explorer check` on the printed transcript gives the
//! same findings.
//!
//! - [`target`]: [`parse_target`] reads `HOST`, `HOST:PORT`, `1.2.3.4:21`, `[::1]:2121`, `ftp://host:port/`.
//! - [`transcript`], [`note`]: the dialogue, with the password never written and control characters
//!   neutralised; the notes in curl's words.
//! - [`reader`]: [`ReplyReader`], the control connection's replies from its bytes (lines, multi-line
//!   replies, the line and reply limits), with no socket.
//! - [`plan`]: what to try next: the greeting, AUTH TLS, the login steps, PROT, where to connect after a
//!   227 ([`pasv_plan`]), the active-mode command.
//! - [`record`]: what the probe saw ([`Probe`], each [`Attempt`], [`ProbeError`] with its [`Stage`]).
//! - [`analysis`], [`render`], [`json`]: the findings and the report, as text (like `check`'s) or JSON.

pub mod analysis;
pub mod json;
pub mod note;
pub mod plan;
pub mod reader;
pub mod record;
pub mod render;
pub mod target;
pub mod transcript;

pub use analysis::{analyse, exit_code, summary, Analysis};
pub use json::{json_report, ProbeJson, TranscriptLine};
pub use plan::{active_command, pasv_plan, PasvPlan};
pub use reader::{
    features, reply_code, reply_complete, ControlReply, ReplyReader, MAX_LINE, MAX_REPLY_LINES,
};
pub use record::{Attempt, ConnectResult, Probe, ProbeError, Stage, TlsInfo, Toward, Transfer};
pub use render::{attempt_line, line_ranges, render_text};
pub use target::{endpoint, parse_target, ProbeTarget, TargetError, DEFAULT_PORT};
pub use transcript::{scrub, Transcript};
