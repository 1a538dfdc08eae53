//! Usage errors: exit status 2, the reason on standard error, shown the way each command shows them.
//!
//! clap finds most of them (an unknown option, a missing value, a value its parser refused); the
//! commands find the rest (what clap cannot express: an address that must go with a form, say), as a
//! [`Usage`]. Both are worded the same way: `ftp-explorer: REASON`, then the command's help.

use clap::error::{ContextKind, ErrorKind};
use std::process::ExitCode;

/// A usage error a command found after clap read its arguments: the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage(pub String);

impl Usage {
    pub fn new(reason: impl Into<String>) -> Self {
        Usage(reason.into())
    }
}

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// Print the reason for a usage error of `command` (or of the command line as a whole) and give exit
/// status 2. Each command keeps its own wording: decode, classify, encode and check print their help
/// after the reason, flow names itself, config points to its help.
pub fn show(command: Option<&str>, reason: &str) -> ExitCode {
    match command {
        Some("flow") => eprintln!("ftp-explorer flow: {reason}\n\n{}", crate::flow::HELP),
        Some("config") => crate::config::usage(reason),
        _ => {
            eprintln!("ftp-explorer: {reason}\n");
            eprint!("{}", help(command));
        }
    }
    ExitCode::from(2)
}

/// The help text shown after a usage error.
fn help(command: Option<&str>) -> &'static str {
    match command {
        Some("decode") => crate::decode::HELP,
        Some("classify") => crate::classify::HELP,
        Some("encode") => crate::encode::HELP,
        Some("check") => crate::check::HELP,
        Some("practice") => crate::practice::HELP,
        _ => crate::MAIN_HELP,
    }
}

/// What clap said: the help or the version (printed on standard output, exit status 0), or a usage
/// error of `command`. The probe shows its errors as clap words them, with its usage.
pub fn clap_error(command: Option<&str>, e: clap::Error) -> ExitCode {
    if e.exit_code() == 0 {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    if command == Some("probe") {
        return ftp_explorer_cli::probe::report(e);
    }
    show(command, &reason(&e))
}

/// A clap error in the words the commands use.
fn reason(e: &clap::Error) -> String {
    let context = |kind| e.get(kind).map(ToString::to_string);
    let arg = context(ContextKind::InvalidArg);
    match (e.kind(), arg) {
        (ErrorKind::UnknownArgument, Some(arg)) if arg.starts_with('-') => {
            format!("unknown option '{arg}'")
        }
        (ErrorKind::UnknownArgument, Some(arg)) => format!("unexpected argument '{arg}'"),
        (ErrorKind::InvalidSubcommand, _) => match context(ContextKind::InvalidSubcommand) {
            Some(name) => format!("unknown command '{name}'"),
            None => first_line(e),
        },
        // `--flag` at the end, without its value.
        (ErrorKind::InvalidValue, Some(arg))
            if context(ContextKind::InvalidValue).is_some_and(|v| v.is_empty()) =>
        {
            format!("{} needs a value", flag_name(&arg))
        }
        // `--flag=value` for a flag that takes none.
        (ErrorKind::TooManyValues, Some(arg)) if !arg.contains('<') => {
            format!("{arg} takes no value")
        }
        // A value parser's own reason names the flag and the value.
        (ErrorKind::ValueValidation, _) => match std::error::Error::source(e) {
            Some(source) => source.to_string(),
            None => first_line(e),
        },
        _ => first_line(e),
    }
}

/// `--flag <VALUE>` → `--flag`.
fn flag_name(arg: &str) -> &str {
    arg.split(' ').next().unwrap_or(arg)
}

/// clap's own sentence, without its `error: ` and the usage that follows.
fn first_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let line = text.lines().next().unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, Parser};

    fn error(args: &[&str]) -> clap::Error {
        let args = std::iter::once("ftp-explorer").chain(args.iter().copied());
        match crate::Cli::try_parse_from(args) {
            Ok(_) => panic!("accepted"),
            Err(e) => e,
        }
    }

    #[test]
    fn clap_errors_in_the_commands_words() {
        for (args, says) in [
            (&["decode", "--bogus"][..], "unknown option '--bogus'"),
            (&["frobnicate"], "unknown command 'frobnicate'"),
            (&["flow", "--mode"], "--mode needs a value"),
            (
                &["config", "vsftpd", "--passive-ports"],
                "--passive-ports needs a value",
            ),
            (
                &["decode", "--control", "010.0.0.1"],
                "--control '010.0.0.1'",
            ),
            (
                &["check", "--format", "putty"],
                "unknown format 'putty' (one of: ",
            ),
            (&["config", "--tls=yes"], "--tls takes no value"),
        ] {
            let e = error(args);
            assert_eq!(e.exit_code(), 2, "{args:?}");
            let r = reason(&e);
            assert!(r.starts_with(says), "{args:?}: {r}");
        }
    }

    #[test]
    fn help_and_version_are_not_errors() {
        for args in [
            &["--help"][..],
            &["-V"],
            &["decode", "-h"],
            &["help", "check"],
        ] {
            assert_eq!(error(args).exit_code(), 0, "{args:?}");
        }
        // Each command's help is its text as written.
        let help = crate::Cli::command()
            .find_subcommand_mut("encode")
            .unwrap()
            .render_help()
            .to_string();
        assert_eq!(help, crate::encode::HELP);
    }
}
