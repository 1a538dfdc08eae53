//! A log read line by line: each line's password masked, its entry recognised for the log's format, and
//! fed to the session being built — all at once ([`read_log`]) or a slice at a time ([`LogReader`]).

use super::builder::Builder;
use super::entry::{read_line, Entry};
use super::format::{detect, Format};
use super::mask::mask_password;
use super::session::{Line, Role, Session};

/// Read a pasted log: detect its format (unless given), mask passwords, and build the session.
pub fn read_log(text: &str, format: Option<Format>) -> Session {
    let mut reader = LogReader::new(text, format);
    reader.step(text, usize::MAX);
    reader.finish()
}

/// [`read_log`] in steps, so a page can read a multi-megabyte log a slice at a time and stay responsive.
/// Every call to [`LogReader::step`] must pass the same text.
pub struct LogReader {
    builder: Builder,
    format: Format,
    /// Byte offset of the next line to read.
    pos: usize,
    /// Lines read so far.
    read: usize,
}

impl LogReader {
    /// Detect the format (unless given) and get ready to read `text`.
    pub fn new(text: &str, format: Option<Format>) -> Self {
        let chosen = format.unwrap_or_else(|| detect(text));
        LogReader {
            builder: Builder::new(chosen, format.is_some()),
            format: chosen,
            pos: 0,
            read: 0,
        }
    }

    /// Read up to `max_lines` more lines of `text`; true once the whole text is read.
    pub fn step(&mut self, text: &str, max_lines: usize) -> bool {
        let rest = text.get(self.pos..).unwrap_or("");
        for raw in rest.split_inclusive('\n').take(max_lines) {
            self.pos += raw.len();
            self.read += 1;
            // What `str::lines` yields: the line without "\n" or "\r\n".
            let line = raw
                .strip_suffix('\n')
                .map_or(raw, |l| l.strip_suffix('\r').unwrap_or(l));
            let masked = mask_password(line);
            let entry = read_line(self.format, &masked);
            let role = match &entry {
                Entry::Command(_) => Role::Command,
                Entry::Reply(_) => Role::Reply,
                Entry::Blank => Role::Blank,
                Entry::Unknown(_) => Role::Unknown,
                _ => Role::Client,
            };
            self.builder.session.lines.push(Line {
                number: self.read,
                text: masked.trim_end_matches('\r').to_string(),
                role,
            });
            self.builder.feed(self.read, entry);
        }
        self.pos >= text.len()
    }

    /// How far the reading is, as a fraction of `text` (for a progress indicator).
    pub fn progress(&self, text: &str) -> f64 {
        if text.is_empty() {
            1.0
        } else {
            self.pos as f64 / text.len() as f64
        }
    }

    pub fn finish(self) -> Session {
        self.builder.finish()
    }
}
