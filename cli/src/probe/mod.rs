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

pub use args::{ProbeArgs, Settings};

use args::password_from;
use ftp_explorer::diagnose::Options;
use ftp_explorer::probe::{analyse, exit_code, json_report, render_text};
use std::io::{self, Read, Write};
use std::process::ExitCode;

/// Print a clap error (a usage error, or the help) and give its exit status: 2, or 0 for the help.
/// Every usage error shows the usage, also those clap words without it (a value its parser refused, a
/// missing value).
pub fn report(mut e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue};
    use clap::CommandFactory;
    let code = u8::try_from(e.exit_code()).unwrap_or(2);
    if code != 0 && e.get(ContextKind::Usage).is_none() {
        let usage = ProbeArgs::command().render_usage();
        e.insert(ContextKind::Usage, ContextValue::StyledStr(usage));
    }
    let _ = e.print();
    ExitCode::from(code)
}

/// Run `ftp-explorer probe` with `args` (what follows `probe` on the command line); the exit status.
pub fn run(args: &[String]) -> ExitCode {
    match ProbeArgs::parse_from_args(args) {
        Ok(a) => run_with(&a),
        Err(e) => report(e),
    }
}

/// Run the probe with arguments clap has read (for a front that parses the whole command line).
pub fn run_with(args: &ProbeArgs) -> ExitCode {
    let a = match args.settings() {
        Ok(a) => a,
        Err(e) => return report(e),
    };
    let password = if a.password_stdin {
        let mut bytes = Vec::new();
        if let Err(e) = io::stdin().read_to_end(&mut bytes) {
            eprintln!("ftp-explorer: cannot read the password from standard input: {e}");
            return ExitCode::from(2);
        }
        match password_from(&bytes) {
            Ok(p) => Some(p),
            Err(m) => return report(ProbeArgs::usage_error(m)),
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
