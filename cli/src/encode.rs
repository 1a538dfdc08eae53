//! `ftp-explorer encode`: the canonical text of a form for an address and a port.

use crate::usage::Usage;
use clap::Args;
use ftp_explorer::address::parse_ip;
use ftp_explorer::wire::{self, Kind};
use std::process::ExitCode;

pub const HELP: &str = "\
ftp-explorer encode pasv|epsv|port|eprt|lpsv|lprt ADDRESS PORT

Write the canonical text of a form for an address and a port:
    pasv  227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)      (IPv4)
    epsv  229 Entering Extended Passive Mode (|||port|)      (the address is not sent; may be omitted)
    port  PORT h1,h2,h3,h4,p1,p2                              (IPv4)
    eprt  EPRT |1|a.b.c.d|port|  or  EPRT |2|ipv6|port|
    lpsv  228 Entering Long Passive Mode (af,hal,…,2,p1,p2)
    lprt  LPRT af,hal,…,2,p1,p2

EXAMPLES:
    ftp-explorer encode pasv 192.168.1.100 50000
    ftp-explorer encode eprt ::1 6275
    ftp-explorer encode epsv 6446
";

/// `encode`'s arguments. The address and the port are read by `run`: a bad one is not a usage error
/// but an input that cannot be encoded (exit status 1), as in `decode`.
#[derive(Args)]
#[command(override_help = HELP, allow_negative_numbers = true)]
pub struct EncodeArgs {
    /// pasv, epsv, port, eprt, lpsv or lprt (any case).
    #[arg(value_name = "FORM", value_parser = form)]
    form: Option<Kind>,
    /// ADDRESS PORT (epsv: PORT alone is enough).
    #[arg(value_name = "ADDRESS PORT")]
    values: Vec<String>,
}

fn form(name: &str) -> Result<Kind, String> {
    Kind::from_name(name).ok_or_else(|| format!("unknown form '{name}'"))
}

pub fn run(a: &EncodeArgs) -> Result<ExitCode, Usage> {
    let Some(kind) = a.form else {
        return Err(Usage::new("encode needs a form, an address and a port"));
    };
    let (address, port) = match a.values.as_slice() {
        [address, port] => (Some(address.as_str()), port),
        [port] if kind == Kind::Epsv => (None, port),
        _ => return Err(Usage(format!("encode {kind} needs ADDRESS and PORT"))),
    };
    let ip = match address.map(|text| (text, parse_ip(text))) {
        None => None,
        Some((_, Ok(ip))) => Some(ip),
        Some((text, Err(e))) => {
            eprintln!("ftp-explorer: address '{text}': {} [{}]", e.message, e.code);
            return Ok(ExitCode::from(1));
        }
    };
    let port: u16 = match port.parse() {
        Ok(p) if port.bytes().all(|b| b.is_ascii_digit()) => p,
        _ => {
            eprintln!("ftp-explorer: port '{port}' is not a number from 1 to 65535");
            return Ok(ExitCode::from(1));
        }
    };
    match wire::encode(kind, ip, port) {
        Ok(text) => {
            println!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("ftp-explorer: {} [{}]", e.message, e.code);
            Ok(ExitCode::from(1))
        }
    }
}
