//! `ftp-explorer check`: a client log or a packet capture read and diagnosed; two captures of the same
//! session compared.

use crate::usage::Usage;
use clap::Args;
use ftp_explorer::analyse;
use ftp_explorer::diagnose::{diagnose, parse_range, Options};
use ftp_explorer::log::{read_log, Format};
use ftp_explorer::report;
use std::io::{Read, Write};
use std::process::ExitCode;

pub const HELP: &str = "\
ftp-explorer check [--json|--markdown] [--format F] [--passive-range MIN-MAX] [FILE|-]
ftp-explorer check [--json|--markdown] [--passive-range MIN-MAX] CLIENT-SIDE.pcap SERVER-SIDE.pcap

Read a whole FTP client log and say what happened and what is wrong: the control connection, every
command with its reply (endpoints decoded), every data connection and its outcome, and findings
(error / warning / info), each with the fix and the log lines behind it. Passwords are masked.
Reads FILE, or standard input when FILE is - or missing.

A packet capture (pcap or pcapng, recognised by its magic bytes) is read too: every FTP session in it,
each data connection matched to the packets that followed (--json adds them as evidence). Two captures
of the same session (CLIENT-SIDE SERVER-SIDE) are compared: addresses translated, replies rewritten by
an FTP helper, packets that never reached the other side.

OPTIONS:
    --format F             curl, lftp, filezilla, winscp, ftplib, bsd-ftp, transcript, wireshark,
                           plain (default: detected from the text)
    --passive-range A-B    the server's configured passive port range: ports outside it are flagged
    --json                 one JSON object: {\"format\", \"control\", \"exchanges\", \"data_connections\",
                           \"findings\":[{\"code\",\"severity\",\"message\",\"fix\",\"lines\"}], \"summary\"}
    --markdown             the report as Markdown, for a ticket

EXIT STATUS: 0 no error finding, 1 an error finding, 2 usage error (or unreadable file).

EXAMPLES:
    curl -v ftp://ftp.example.com/ 2>&1 | ftp-explorer check
    ftp-explorer check --json --passive-range 50000-51000 session.log
    lftp -d -e 'ls; bye' ftp://host 2>&1 | ftp-explorer check --format lftp
    ftp-explorer check --json failing-transfer.pcapng
    ftp-explorer check client-side.pcap server-side.pcap
";

/// `check`'s arguments.
#[derive(Args)]
#[command(override_help = HELP)]
pub struct CheckArgs {
    /// One JSON object.
    #[arg(long)]
    json: bool,
    /// The report as Markdown.
    #[arg(long)]
    markdown: bool,
    /// The log's format (default: detected from the text).
    #[arg(long, value_name = "F", value_parser = format)]
    format: Option<Format>,
    /// The server's configured passive port range.
    #[arg(long, value_name = "MIN-MAX", value_parser = passive_range)]
    passive_range: Option<(u16, u16)>,
    /// FILE or - (standard input), or two captures: CLIENT-SIDE SERVER-SIDE.
    #[arg(value_name = "FILE")]
    files: Vec<String>,
}

fn format(name: &str) -> Result<Format, String> {
    Format::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
        format!("unknown format '{name}' (one of: {})", names.join(", "))
    })
}

fn passive_range(text: &str) -> Result<(u16, u16), String> {
    parse_range(text).map_err(|e| format!("--passive-range {e}"))
}

pub fn run(a: &CheckArgs) -> Result<ExitCode, Usage> {
    let options = Options {
        passive_range: a.passive_range,
    };
    match a.files.as_slice() {
        [_, _] => Ok(check_two_sides(a, &options)),
        [] | [_] => {
            let name = a.files.first().map(String::as_str);
            let bytes = match read_input(name) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!(
                        "ftp-explorer: cannot read {}: {e}",
                        name.unwrap_or("standard input")
                    );
                    return Ok(ExitCode::from(2));
                }
            };
            let failed = if ftp_explorer::capture::is_capture(&bytes) {
                check_capture(a, &bytes, &options)
            } else {
                check_log(a, &String::from_utf8_lossy(&bytes), options)
            };
            Ok(ExitCode::from(u8::from(failed)))
        }
        _ => Err(Usage::new(
            "check reads one FILE (or - for standard input), or two captures of the same session",
        )),
    }
}

/// The bytes of FILE, or of standard input (no FILE, or -).
fn read_input(name: Option<&str>) -> std::io::Result<Vec<u8>> {
    match name {
        None | Some("-") => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes)?;
            Ok(bytes)
        }
        Some(path) => std::fs::read(path),
    }
}

/// Print `text` on standard output (a closed pipe is not an error here).
fn print(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// A packet capture: every FTP session in it. Whether an error was found.
fn check_capture(a: &CheckArgs, bytes: &[u8], options: &Options) -> bool {
    let (analysis, diagnosis) = ftp_explorer::diagnose::capture::check_capture(bytes, options);
    print(&if a.json {
        serde_json::to_string(&report::capture_report(&analysis, &diagnosis)).unwrap_or_default()
            + "\n"
    } else {
        report::capture_text(&analysis, &diagnosis, a.markdown)
    });
    diagnosis.has_errors()
}

/// A client log: read, diagnosed, reported. Whether an error was found.
fn check_log(a: &CheckArgs, text: &str, options: Options) -> bool {
    let request = analyse::Request {
        mode: analyse::Mode::Check,
        format: a.format,
        options,
        ..analyse::Request::default()
    };
    let (session, diagnosis) = match analyse::run(text, &request) {
        analyse::Outcome::Checked { session, diagnosis } => (session, diagnosis),
        // Nothing but blanks: read and diagnosed all the same (the report says there is nothing).
        _ => {
            let session = read_log(text, a.format);
            let diagnosis = diagnose(&session, &request.options);
            (session, diagnosis)
        }
    };
    print(&if a.json {
        serde_json::to_string(&report::check_report(&session, &diagnosis)).unwrap_or_default()
            + "\n"
    } else {
        report::check_text(&session, &diagnosis, a.markdown)
    });
    diagnosis.has_errors()
}

/// `check CLIENT-SIDE SERVER-SIDE`: two captures of the same sessions, compared.
fn check_two_sides(a: &CheckArgs, options: &Options) -> ExitCode {
    use ftp_explorer::capture::file::Reader;
    let mut files = Vec::new();
    for path in &a.files {
        match std::fs::read(path) {
            Ok(b) => match Reader::open(&b) {
                Ok(_) => files.push(b),
                Err(e) => {
                    eprintln!("ftp-explorer: {path} is not a capture: {e}");
                    return ExitCode::from(2);
                }
            },
            Err(e) => {
                eprintln!("ftp-explorer: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let t = ftp_explorer::diagnose::capture::check_two_sides(&files[0], &files[1], options);
    print(&if a.json {
        let report = report::ComparisonReport {
            kind: "comparison",
            first: report::capture_report(&t.first, &t.first_diagnosis),
            second: report::capture_report(&t.second, &t.second_diagnosis),
            comparison: &t.comparison,
            findings: &t.findings,
            summary: &t.summary,
        };
        serde_json::to_string(&report).unwrap_or_default() + "\n"
    } else {
        report::comparison_text(
            &t.first,
            &t.first_diagnosis,
            &t.second,
            &t.second_diagnosis,
            &t.comparison,
            &t.findings,
            &t.summary,
            a.markdown,
        )
    });
    ExitCode::from(u8::from(t.has_errors()))
}
