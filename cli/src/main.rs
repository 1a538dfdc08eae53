//! `ftp-explorer`: the command-line front over the core. It reads arguments (clap), and each command
//! prints; all FTP knowledge is in the library.
//!
//! One clap tree, [`Cli`]: each command's arguments, help and run are in its own module. The help texts
//! are laid out by hand (examples, JSON shapes), clap shows them as written. A usage error exits 2 and
//! is shown the way its command shows them ([`usage`]); `--help` and `--version` exit 0.

use clap::{CommandFactory, Parser, Subcommand};
use std::process::ExitCode;

mod check;
mod classify;
mod config;
mod decode;
mod encode;
mod flow;
mod practice;
mod show;
mod usage;
// The probe opens sockets and speaks TLS (rustls): the only command with I/O beyond stdin/stdout.
use ftp_explorer_cli::probe;

const MAIN_HELP: &str = "\
ftp-explorer: decode and diagnose FTP active/passive mode

USAGE:
    ftp-explorer decode   [--json] [--control ADDRESS] [--clients] [TEXT...]
    ftp-explorer classify [--json] ADDRESS...
    ftp-explorer encode   pasv|epsv|port|eprt|lpsv|lprt ADDRESS PORT
    ftp-explorer check    [--json|--markdown] [--format F] [--passive-range MIN-MAX] [FILE|-]
    ftp-explorer flow     [--mode port|eprt|pasv|epsv] [--client public|nat] [--server public|nat|nat-external]
                          [--server-firewall open|closed] [--alg on|off] [--tls on|off] [--ip 4|6] [--json] …
    ftp-explorer config   vsftpd|proftpd|pure-ftpd|pyftpdlib|iptables|nftables|ufw|firewalld|docker
                          --address ADDR_OR_HOST --passive-ports MIN-MAX [--behind-nat] [--tls] …
    ftp-explorer probe    HOST[:PORT] [--user U --password-stdin] [--tls] [--active] [--json]
    ftp-explorer practice [--seed N] [--count K] [--kinds k1,k2] [--level L] [--answers] [--format F]
    ftp-explorer help [COMMAND]     (or COMMAND --help)

EXAMPLES:
    ftp-explorer decode '227 Entering Passive Mode (192,168,1,100,195,80).'
    ftp-explorer decode --json 'EPRT |2|::1|6275|'
    ftp-explorer classify 100.64.0.1 fe80::1
    ftp-explorer encode pasv 203.0.113.50 50000
    curl -v ftp://127.0.0.1/ 2>&1 | ftp-explorer check
    ftp-explorer flow --mode port --client nat
    ftp-explorer config vsftpd --address 203.0.113.10 --passive-ports 50000-50100 --behind-nat
    ftp-explorer probe 127.0.0.1:2121
    ftp-explorer practice --seed 2024 --count 5 --answers

EXIT STATUS (decode, classify, encode): 0 all inputs decoded, 1 some input could not be decoded,
2 usage error. Each other command's help gives its own.
";

/// The whole command line.
#[derive(Parser)]
#[command(name = "ftp-explorer", version, override_help = MAIN_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    Decode(decode::DecodeArgs),
    Classify(classify::ClassifyArgs),
    Encode(encode::EncodeArgs),
    Check(check::CheckArgs),
    Flow(flow::FlowArgs),
    Config(config::ConfigArgs),
    Probe(probe::ProbeArgs),
    Practice(practice::PracticeArgs),
}

impl Command {
    /// The command's name, as written on the command line.
    fn name(&self) -> &'static str {
        match self {
            Command::Decode(_) => "decode",
            Command::Classify(_) => "classify",
            Command::Encode(_) => "encode",
            Command::Check(_) => "check",
            Command::Flow(_) => "flow",
            Command::Config(_) => "config",
            Command::Probe(_) => "probe",
            Command::Practice(_) => "practice",
        }
    }

    fn run(self) -> Result<ExitCode, usage::Usage> {
        match self {
            Command::Decode(a) => decode::run(&a),
            Command::Classify(a) => classify::run(&a),
            Command::Encode(a) => encode::run(&a),
            Command::Check(a) => check::run(&a),
            Command::Flow(a) => flow::run(a),
            Command::Config(a) => config::run(&a),
            Command::Probe(a) => Ok(probe::run_with(&a)),
            Command::Practice(a) => practice::run(&a),
        }
    }
}

fn main() -> ExitCode {
    let args = utf8_args(std::env::args_os().skip(1));
    let cli = match Cli::try_parse_from(
        std::iter::once("ftp-explorer".to_string()).chain(args.clone()),
    ) {
        Ok(cli) => cli,
        Err(e) => return usage::clap_error(named_command(&args), e),
    };
    let Some(command) = cli.command else {
        return usage::show(None, "a command is needed");
    };
    let name = command.name();
    command
        .run()
        .unwrap_or_else(|usage::Usage(reason)| usage::show(Some(name), &reason))
}

/// The command the arguments name, if the first one names one: its help follows a usage error.
fn named_command(args: &[String]) -> Option<&str> {
    let first = args.first()?;
    Cli::command()
        .find_subcommand(first)
        .is_some()
        .then_some(first.as_str())
}

/// The arguments as text. An argument that is not UTF-8 (a byte pasted from a binary reply, say) is read
/// with U+FFFD for each invalid sequence, and a warning says which one: the decoder then names the
/// replacement character where the byte was. (`std::env::args` would panic.)
fn utf8_args(args: impl Iterator<Item = std::ffi::OsString>) -> Vec<String> {
    args.enumerate()
        .map(|(i, a)| match a.into_string() {
            Ok(s) => s,
            Err(raw) => {
                let text = raw.to_string_lossy().into_owned();
                eprintln!(
                    "ftp-explorer: warning: argument {} is not UTF-8; read as {text:?}, with U+FFFD for each invalid byte sequence",
                    i + 1
                );
                text
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
