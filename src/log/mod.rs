//! Pasted FTP client logs: recognise the client (`format`), read each line (`entry`), mask passwords
//! (`mask`), read the log line by line (`reader`) and build the session (`session`, the shapes):
//! commands paired with replies (`builder`), data connections followed (`data`).

mod builder;
mod data;
pub mod entry;
pub mod examples;
pub mod format;
pub mod mask;
pub mod reader;
pub mod session;

pub use format::{detect, Format};
pub use session::{
    read_log, Address, Command, DataConnection, Decoding, Event, Exchange, Line, LogReader, Mode,
    Outcome, Peer, Reply, Role, Session,
};

/// Is this text a session (a client log, or a dialogue of commands and replies) rather than lines to
/// decode one by one? True when a client's markers are recognised, or when plain text holds both a
/// command and a reply.
pub fn looks_like_session(text: &str) -> bool {
    let format = detect(text);
    if format != Format::Plain {
        return true;
    }
    let (mut commands, mut replies) = (false, false);
    for line in text.lines() {
        match entry::read_line(Format::Plain, line) {
            entry::Entry::Command(_) => commands = true,
            entry::Entry::Reply(_) => replies = true,
            _ => {}
        }
        if commands && replies {
            return true;
        }
    }
    false
}
