//! `ftp-explorer config`: not written yet.

use std::process::ExitCode;

pub fn run(_args: &[String]) -> ExitCode {
    eprintln!("ftp-explorer: 'config' is not available yet");
    ExitCode::from(2)
}
