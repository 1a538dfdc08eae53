//! `ftp-explorer probe`: not written yet.

use std::process::ExitCode;

pub fn run(_args: &[String]) -> ExitCode {
    eprintln!("ftp-explorer: 'probe' is not available yet");
    ExitCode::from(2)
}
