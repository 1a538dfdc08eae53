//! `ftp-explorer probe`: the network half of the live probe. It talks to the server (std::net, every
//! connect and every wait bounded) and records what happened; what to try, how to write it down and
//! what it means are in the core (`ftp_explorer::probe`), which reads the transcript with the
//! checker's own reader and rules.
//!
//! - [`args`]: the command line, and the [`Settings`](args::Settings) it gives.
//! - [`tls`]: rustls set-up (which certificates to trust) and the handshake.
//! - [`control`]: the control connection, a stream with the core's reply reader on top.
//! - [`session`]: connect, greeting, AUTH TLS, login, PBSZ/PROT, FEAT, QUIT.
//! - [`data`], [`active`]: the passive data connections and active mode.

pub mod active;
pub mod args;
pub mod control;
pub mod data;
pub mod session;
pub mod tls;

use args::{parse, password_from, Parsed, HELP};
use ftp_explorer::diagnose::Options;
use ftp_explorer::probe::{analyse, exit_code, json_report, render_text};
use std::io::{self, Read, Write};
use std::process::ExitCode;

fn usage(message: &str) -> ExitCode {
    eprintln!("ftp-explorer: {message}\n");
    eprint!("{HELP}");
    ExitCode::from(2)
}

/// Run `ftp-explorer probe` with `args` (what follows `probe` on the command line); the exit status.
pub fn run(args: &[String]) -> ExitCode {
    let a = match parse(args) {
        Ok(Parsed::Help) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Ok(Parsed::Run(a)) => a,
        Err(m) => return usage(&m),
    };
    let password = if a.password_stdin {
        let mut bytes = Vec::new();
        if let Err(e) = io::stdin().read_to_end(&mut bytes) {
            eprintln!("ftp-explorer: cannot read the password from standard input: {e}");
            return ExitCode::from(2);
        }
        match password_from(&bytes) {
            Ok(p) => Some(p),
            Err(m) => return usage(m),
        }
    } else {
        None
    };
    let tls = match a.tls.as_ref().map(tls::client_config).transpose() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("ftp-explorer: --tls: {e}");
            return ExitCode::from(2);
        }
    };
    let p = session::probe_server(&a, password.as_deref(), tls);
    let analysis = analyse(
        &p,
        &Options {
            passive_range: a.passive_range,
        },
    );
    let out = if a.json {
        serde_json::to_string(&json_report(&p, &analysis)).unwrap_or_default() + "\n"
    } else {
        render_text(&p, &analysis)
    };
    let _ = io::stdout().lock().write_all(out.as_bytes());
    if let Some(e) = &p.error {
        eprintln!(
            "ftp-explorer: could not probe {} ({}): {}",
            a.target.display(),
            e.stage,
            e.message
        );
    }
    ExitCode::from(exit_code(&p, &analysis))
}
