//! The connection-flow model: derived outcomes of every preset and of the cross product of the main
//! knobs (checked against an independent statement of the rules), every FTP line decoding back to the
//! endpoint its step claims, the shape of every timeline, and the URL contract.
//!
//! Split by subject: `presets` (each preset's outcome), `main_knobs` (the cross product against the
//! rules, and helpers), `active_mode`, `passive_mode`, `timelines` (every FTP line, every timeline's
//! shape), `links` (the URL contract).

mod active_mode;
mod links;
mod main_knobs;
mod passive_mode;
mod presets;
mod timelines;

use ftp_explorer::scenario::Timeline;

fn failure(t: &Timeline) -> Option<&'static str> {
    t.data_connection.failure.map(|f| f.as_str())
}
