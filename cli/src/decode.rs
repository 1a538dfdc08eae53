//! `ftp-explorer decode`: replies and commands that set up a data connection, decoded; with
//! `--clients`, how real clients read each one.

use crate::show::{class_line, underline};
use crate::usage::Usage;
use clap::Args;
use ftp_explorer::address::parse_ip;
use ftp_explorer::analyse;
use ftp_explorer::report::{decode_report, DecodeReport};
use ftp_explorer::wire::{Context, DecodeError, Decoded};
use std::io::{Read, Write};
use std::net::IpAddr;
use std::process::ExitCode;

pub const HELP: &str = "\
ftp-explorer decode [--json] [--control ADDRESS] [--clients] [TEXT...]

Decode FTP replies and commands that set up a data connection:
    227 (PASV)   228 (LPSV)   229 (EPSV)   522
    PASV  EPSV [1|2|ALL]  LPSV  PORT h1,h2,h3,h4,p1,p2  EPRT |p|addr|port|  LPRT af,hal,…
Each TEXT argument is one reply or command; an argument holding line breaks is one multi-line
reply (227-… … 227 …). With no TEXT, standard input is read and each line decoded, multi-line
replies grouped.

OPTIONS:
    --json               one JSON object per input, one per line
    --control ADDRESS    the control connection's peer (the server's address as the client sees
                                                  it): EPSV then names the address, and mismatches and IPv6 are checked
    --clients            also show how curl, Python ftplib, FileZilla, lftp, WinSCP, Go's
                         jlaffaye/ftp, Apache Commons Net and Wireshark read each 227/229 reply:
                         accepted?, the address and port they would connect to, and where they
                         differ from the RFC reading (JSON: \"clients\":[{\"name\", \"accepted\",
                         \"ip\", \"port\", \"replaced\", \"note\", \"error\", \"differs\", \"source\"}])
    -h, --help           this help

JSON: {\"input\":…, \"ok\":true, \"kind\":\"pasv|epsv|port|eprt|lpsv|lprt\", \"ip\":…|null,
       \"port\":N|null, \"address\":{…}|null, \"warnings\":[{\"code\":…, \"message\":…}], …}
   or {\"input\":…, \"ok\":false, \"kind\":…|null, \"error\":{\"code\":…, \"message\":…, \"span\":[start,end]}}

EXAMPLES:
    ftp-explorer decode '227 Entering Passive Mode (10,0,0,1,195,80)'
        ftp-explorer decode --control 198.51.100.7 '229 Entering Extended Passive Mode (|||6446|)'
    ftp-explorer decode --clients --control 203.0.113.9 '227 Entering Passive Mode (256,1,2,3,4,5)'
    printf '227-Hello\\n227 Entering Passive Mode (8,8,8,8,100,200)\\n' | ftp-explorer decode --json
";

/// `decode`'s arguments.
#[derive(Args)]
#[command(override_help = HELP)]
pub struct DecodeArgs {
    /// One JSON object per input, one per line.
    #[arg(long)]
    json: bool,
    /// The control connection's peer: EPSV then names the address; mismatches and IPv6 are checked.
    #[arg(long, value_name = "ADDRESS", value_parser = control_address)]
    control: Option<IpAddr>,
    /// Also show how real clients read each 227/229 reply.
    #[arg(long)]
    clients: bool,
    /// Replies and commands, one per argument; none: standard input, one per line.
    #[arg(value_name = "TEXT")]
    texts: Vec<String>,
}

/// `--control`: an address written exactly.
fn control_address(text: &str) -> Result<IpAddr, String> {
    parse_ip(text).map_err(|e| format!("--control '{text}': {}", e.message))
}

/// Each input and how it decodes.
type Inputs<'a> = Vec<(&'a str, Result<Decoded, DecodeError>)>;

pub fn run(a: &DecodeArgs) -> Result<ExitCode, Usage> {
    let ctx = Context {
        control_peer: a.control,
    };
    let stdin_text;
    let inputs: Inputs = if a.texts.is_empty() {
        stdin_text = match read_stdin() {
            Ok(text) => text,
            Err(e) => {
                eprintln!("ftp-explorer: cannot read standard input: {e}");
                return Ok(ExitCode::from(2));
            }
        };
        decode_lines(&stdin_text, &ctx)
    } else {
        a.texts
            .iter()
            .map(|t| (t.as_str(), ftp_explorer::clients::decode_with(t, &ctx)))
            .collect()
    };
    if write_all(a, &ctx, &inputs).is_err() {
        return Ok(ExitCode::from(1)); // stdout closed (e.g. piped into head): stop quietly
    }
    let failed = inputs.iter().filter(|(_, r)| r.is_err()).count();
    if !a.json && failed > 0 {
        eprintln!(
            "ftp-explorer: {failed} of {} input(s) could not be decoded",
            inputs.len()
        );
    }
    Ok(ExitCode::from(u8::from(failed > 0)))
}

/// Standard input as text (invalid UTF-8 read lossily).
fn read_stdin() -> std::io::Result<String> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Standard input's lines decoded, multi-line replies grouped (the core's analysis job).
fn decode_lines<'a>(text: &'a str, ctx: &Context) -> Inputs<'a> {
    let request = analyse::Request {
        mode: analyse::Mode::Decode,
        control: ctx.control_peer,
        ..analyse::Request::default()
    };
    match analyse::run(text, &request) {
        analyse::Outcome::Decoded { items, .. } => items,
        _ => Vec::new(),
    }
}

/// Every input, as JSON lines or as text for people.
fn write_all(a: &DecodeArgs, ctx: &Context, inputs: &Inputs) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for (input, result) in inputs {
        let readings = if a.clients {
            ftp_explorer::clients::interpret(input, ctx.control_peer)
        } else {
            Vec::new()
        };
        if a.json {
            let mut report: DecodeReport = decode_report(input, result);
            if a.clients {
                report = report.with_clients(&readings);
            }
            serde_json::to_writer(&mut out, &report).map_err(std::io::Error::from)?;
            writeln!(out)?;
        } else {
            let mut text = render_decoded(input, result);
            if !readings.is_empty() {
                text.pop(); // the blank line that ends the entry comes after the table
                text.push_str(&render_clients(&readings));
                text.push('\n');
            }
            write!(out, "{text}")?;
        }
    }
    Ok(())
}

/// Text for people: the input, what it is, the endpoint, the arithmetic, the address class, warnings.
fn render_decoded(input: &str, result: &Result<Decoded, DecodeError>) -> String {
    let mut s = String::new();
    for line in input.lines() {
        s.push_str(&format!("{line}\n"));
    }
    match result {
        Ok(d) => {
            s.push_str(&format!("  {}\n", d.summary));
            if let Some(ip) = d.ip() {
                s.push_str(&format!("  address    {ip}\n"));
            }
            if let Some(port) = d.port() {
                s.push_str(&format!("  port       {port}\n"));
            }
            if let Some(m) = d.arithmetic {
                s.push_str(&format!("  arithmetic {m}\n"));
            }
            if let Some(c) = &d.address {
                s.push_str(&format!("  class      {}\n", class_line(c)));
            }
            for w in &d.warnings {
                s.push_str(&format!("  warning    [{}] {}\n", w.code, w.message));
            }
            for f in &d.facts {
                s.push_str(&format!("  ·          {f}\n"));
            }
        }
        Err(e) => {
            if let Some(marker) = underline(input, e.span) {
                s.push_str(&marker);
            }
            s.push_str(&format!(
                "  error      [{}] {} (bytes {}..{})\n",
                e.code, e.message, e.span.start, e.span.end
            ));
            if let Some(note) = &e.note {
                s.push_str(&format!("  note       {note}\n"));
            }
        }
    }
    s.push('\n');
    s
}

/// One line per client: a mark where it differs from the RFC reading, what it does, and why.
fn render_clients(readings: &[ftp_explorer::clients::Reading]) -> String {
    let mut s = String::from("  clients    (≠ marks a client that differs from the RFC reading)\n");
    for r in readings {
        let mark = if r.differs { "≠" } else { " " };
        let what = if r.accepted {
            let host =
                r.ip.clone()
                    .unwrap_or_else(|| "the control address".to_string());
            format!(
                "{} {host} port {}{}",
                r.action(),
                r.port.map_or("?".to_string(), |p| p.to_string()),
                if r.replaced {
                    " (replaced the advertised address)"
                } else {
                    ""
                }
            )
        } else {
            match r.error.as_deref() {
                Some(e) => format!("rejects it: {e}"),
                None => "finds no endpoint in it".to_string(),
            }
        };
        s.push_str(&format!("  {mark} {:<16} {what}. {}\n", r.name, r.note));
    }
    s
}
