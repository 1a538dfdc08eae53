//! Pasted FTP client logs: recognise the client (`format`), read each line (`entry`), mask passwords
//! (`mask`), and build the session: exchanges, decoded endpoints, data connections (`session`).

pub mod entry;
pub mod format;
pub mod mask;
pub mod session;

pub use format::{detect, Format};
pub use session::{
    read_log, Address, Command, DataConnection, Decoding, Event, Exchange, Line, Mode, Outcome,
    Peer, Reply, Role, Session,
};
