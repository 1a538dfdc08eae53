//! # ftp-explorer
//!
//! Decode and diagnose FTP's two connection modes. Every piece of protocol logic lives here, as pure
//! functions over plain data: no I/O, no web crate, and no panic on any input. The web page (package
//! `ftp-explorer-web` in `web/`, Yew, Wasm only) and the command-line tool (package `ftp-explorer-cli` in
//! `cli/`) only render what it returns.
//!
//! - [`base`]: the small pieces under everything (enums with stable names, spans, words); imports nothing.
//! - [`capture`]: packet captures (pcap, pcapng): TCP reassembled, FTP sessions and their data connections.
//! - [`capture_job`]: one or two captures read and diagnosed in steps (the page runs it in slices).
//! - [`wire`]: text ⇄ typed values for PASV/227, EPSV/229/522, PORT, EPRT, LPSV/228, LPRT, reply framing.
//! - [`address`]: classification against the IANA special-purpose registries; strict address parsing.
//! - [`log`]: pasted client logs (curl, lftp, FileZilla, WinSCP, ftplib, ftp -d, transcripts) read into sessions.
//! - [`diagnose`]: rules over a session: findings with stable codes, severities, fixes and lines.
//! - [`analyse`]: one analysis of a text (decode or check) as a job in steps: the page runs it in slices, the CLI to the end.
//! - [`report`]: the JSON-ready reports that the CLI prints and the page shows.
//! - [`scenario`]: the connection-flow model: a scenario played over NATs and firewalls into a timeline.
//! - [`draw`]: a timeline drawn — network and sequence diagrams (SVG), step text, the terminal diagram.
//! - [`replay`]: a capture's session replayed as a timeline (packets and FTP lines as steps).
//! - [`guide`]: the troubleshooting table and the security checklist, as data.
//! - [`percent`]: percent-encoding for the links the page writes and reads.
//! - [`share`]: share links that carry the pasted text in the URL fragment, passwords masked.
//!
//! ```
//! let d = ftp_explorer::wire::decode("227 Entering Passive Mode (192,168,1,100,195,80).").unwrap();
//! assert_eq!(d.port(), Some(50000));
//! assert_eq!(d.address.unwrap().category.as_str(), "private");
//! ```

pub mod address;
pub mod analyse;
pub mod base;
pub mod capture;
pub mod capture_job;
pub mod clients;
pub mod config;
pub mod diagnose;
pub mod draw;
pub mod guide;
pub mod log;
pub mod percent;
pub mod practice;
pub mod probe;
pub mod replay;
pub mod report;
pub mod scenario;
pub mod share;
pub mod wire;
