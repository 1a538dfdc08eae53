//! `ftp-explorer flow`: not written yet.

use std::process::ExitCode;

pub fn run(_args: &[String]) -> ExitCode {
    eprintln!("ftp-explorer: 'flow' is not available yet");
    ExitCode::from(2)
}
