//! The log reader by format: detection from a few lines, `--format` override, password masking in every
//! client's spelling, multi-line replies, unknown lines, `looks_like_session`, share links, and no panic
//! (with every line number and span in range) on arbitrary text.
//!
//! Split by subject: `detection` (formats, names, control peer, `--format`, `looks_like_session`),
//! `passwords` (masking in every spelling, share links), `lines_and_replies` (multi-line replies,
//! unknown lines), `properties` (no panic on arbitrary text). One short sample per format lives here.

mod detection;
mod lines_and_replies;
mod passwords;
mod properties;

use ftp_explorer::log::Format;

const CURL: &str = "\
*   Trying 192.0.2.10:21...
* Connected to ftp.example.net (192.0.2.10) port 21 (#0)
< 220 (vsFTPd 3.0.3)
> USER anonymous
< 331 Please specify the password.
";

const LFTP: &str = "\
---- Connecting to ftp.example.net (192.0.2.10) port 21
<--- 220 (vsFTPd 3.0.3)
---> USER anonymous
<--- 331 Please specify the password.
";

const FILEZILLA: &str = "\
Status:\tConnecting to 192.0.2.10:21...
Status:\tConnection established, waiting for welcome message...
Response:\t220 (vsFTPd 3.0.3)
Command:\tUSER anonymous
Response:\t331 Please specify the password.
";

/// FileZilla's log file: date, time, process and session ids before the kind.
const FILEZILLA_FILE: &str = "\
2024-05-01 10:00:00 4242 1 Status: Connecting to 192.0.2.10:21...
2024-05-01 10:00:00 4242 1 Response: 220 (vsFTPd 3.0.3)
2024-05-01 10:00:00 4242 1 Command: USER anonymous
2024-05-01 10:00:00 4242 1 Response: 331 Please specify the password.
";

const WINSCP: &str = "\
. 2024-05-01 10:00:00.012 Connecting to ftp.example.com ...
< 2024-05-01 10:00:00.076 220 (vsFTPd 3.0.3)
> 2024-05-01 10:00:00.077 USER demo
< 2024-05-01 10:00:00.107 331 Please specify the password.
";

const FTPLIB: &str = "\
*get* '220 (vsFTPd 3.0.3)\\n'
*resp* '220 (vsFTPd 3.0.3)'
*cmd* 'USER anonymous'
*put* 'USER anonymous\\r\\n'
*get* '331 Please specify the password.\\n'
*resp* '331 Please specify the password.'
";

const BSD: &str = "\
Connected to 192.0.2.10.
220 (vsFTPd 3.0.3)
---> USER anonymous
331 Please specify the password.
";

const TRANSCRIPT: &str = "\
S: 220 (vsFTPd 3.0.3)
C: USER anonymous
S: 331 Please specify the password.
";

const TSHARK: &str = "

===================================================================
Follow: tcp,ascii
Filter: tcp.stream eq 0
Node 0: 192.0.2.99:44802
Node 1: 192.0.2.10:21
\t20
220 (vsFTPd 3.0.3)

16
USER anonymous

\t34
331 Please specify the password.

===================================================================
";

/// A dialogue pasted from a terminal or a ticket: bare commands and replies.
const PLAIN: &str = "\
220 (vsFTPd 3.0.3)
USER anonymous
331 Please specify the password.
PASV
227 Entering Passive Mode (192,0,2,10,195,80).
";

const SAMPLES: &[(&str, Format)] = &[
    (CURL, Format::Curl),
    (LFTP, Format::Lftp),
    (FILEZILLA, Format::FileZilla),
    (FILEZILLA_FILE, Format::FileZilla),
    (WINSCP, Format::WinScp),
    (FTPLIB, Format::Ftplib),
    (BSD, Format::BsdFtp),
    (TRANSCRIPT, Format::Transcript),
    (TSHARK, Format::Wireshark),
    (PLAIN, Format::Plain),
];
