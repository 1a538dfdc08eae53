//! `ftp-explorer`: the command-line front over the core. It parses arguments and prints; all FTP
//! knowledge is in the library.

use ftp_explorer::address::{parse_ip, Classification};
use ftp_explorer::analyse;
use ftp_explorer::report::{classify_report, decode_report, ClassifyReport, DecodeReport};
use ftp_explorer::wire::{self, Context, DecodeError, Decoded, Kind};
use std::io::{Read, Write};
use std::process::ExitCode;

// Each of these commands lives in its own file, parses its own flags and prints its own help;
// `run` returns the exit status (2 on a usage error, after printing the reason and the help).
mod config;
mod flow;
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

EXIT STATUS (decode, classify, encode): 0 all inputs decoded, 1 some input could not be decoded,
2 usage error. Each other command's help gives its own.
";

const DECODE_HELP: &str = "\
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

const CLASSIFY_HELP: &str = "\
ftp-explorer classify [--json] ADDRESS...

Classify IPv4/IPv6 addresses against the IANA special-purpose address registries (RFC 6890 and
updates): public, private, shared_cgnat, loopback, link_local, unspecified, this_network,
documentation, benchmarking, multicast, broadcast, reserved, ietf_protocol, ipv4_mapped, nat64,
discard, unique_local, 6to4, teredo, orchid, srv6, other_special.
Addresses must be written exactly (no leading zeros, no blanks, no zone index).

JSON: {\"input\":…, \"ok\":true, \"ip\":…, \"family\":4|6, \"category\":…, \"range\":…|null,
       \"rfc\":…|null, \"globally_reachable\":bool, \"description\":…}
   or {\"input\":…, \"ok\":false, \"error\":{\"code\":…, \"message\":…, \"span\":[start,end]}}

EXAMPLES:
    ftp-explorer classify 192.168.1.100 100.64.0.1 ::ffff:10.0.0.1
    ftp-explorer classify --json 2001:db8::1
";

const CHECK_HELP: &str = "\
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

const ENCODE_HELP: &str = "\
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

fn main() -> ExitCode {
    let args = utf8_args(std::env::args_os().skip(1));
    match run(&args) {
        Ok(code) => code,
        Err(Usage(message, help)) => {
            eprintln!("ftp-explorer: {message}\n");
            eprint!("{help}");
            ExitCode::from(2)
        }
    }
}

struct Usage(String, &'static str);

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

fn run(args: &[String]) -> Result<ExitCode, Usage> {
    let Some(command) = args.first() else {
        return Err(Usage("a command is needed".into(), MAIN_HELP));
    };
    let rest = &args[1..];
    match command.as_str() {
        "decode" => decode(rest),
        "classify" => classify(rest),
        "encode" => encode(rest),
        "check" => check(rest),
        "flow" => Ok(flow::run(rest)),
        "config" => Ok(config::run(rest)),
        "probe" => Ok(probe::run(rest)),
        "-h" | "--help" => print(MAIN_HELP),
        "help" => print(match rest.first().map(String::as_str) {
            Some("decode") => DECODE_HELP,
            Some("classify") => CLASSIFY_HELP,
            Some("encode") => ENCODE_HELP,
            Some("check") => CHECK_HELP,
            Some(c @ ("flow" | "config" | "probe")) => {
                let help = [String::from("--help")];
                return Ok(match c {
                    "flow" => flow::run(&help),
                    "config" => config::run(&help),
                    _ => probe::run(&help),
                });
            }
            _ => MAIN_HELP,
        }),
        "-V" | "--version" => print(concat!("ftp-explorer ", env!("CARGO_PKG_VERSION"), "\n")),
        other => Err(Usage(format!("unknown command '{other}'"), MAIN_HELP)),
    }
}

fn print(text: &str) -> Result<ExitCode, Usage> {
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// Flags and positional arguments; `--` ends the flags (so a text may start with a hyphen).
struct Parsed {
    json: bool,
    clients: bool,
    markdown: bool,
    control: Option<String>,
    format: Option<String>,
    passive_range: Option<String>,
    help: bool,
    positional: Vec<String>,
}

fn parse(args: &[String], takes_control: bool, help: &'static str) -> Result<Parsed, Usage> {
    let mut p = Parsed {
        json: false,
        clients: false,
        markdown: false,
        control: None,
        format: None,
        passive_range: None,
        help: false,
        positional: Vec::new(),
    };
    let checking = std::ptr::eq(help, CHECK_HELP);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => p.json = true,
            "--clients" if takes_control => p.clients = true,
            "-h" | "--help" => p.help = true,
            "--markdown" if checking => p.markdown = true,
            "--format" if checking => {
                p.format = Some(
                    it.next()
                        .ok_or_else(|| Usage("--format needs a name".into(), help))?
                        .clone(),
                )
            }
            "--passive-range" if checking => {
                p.passive_range = Some(
                    it.next()
                        .ok_or_else(|| Usage("--passive-range needs MIN-MAX".into(), help))?
                        .clone(),
                )
            }
            "-" if checking => p.positional.push(a.clone()),
            "--control" if takes_control => {
                p.control = Some(
                    it.next()
                        .ok_or_else(|| Usage("--control needs an address".into(), help))?
                        .clone(),
                )
            }
            "--" => {
                p.positional.extend(it.by_ref().cloned());
            }
            flag if flag.starts_with("--") => {
                return Err(Usage(format!("unknown option '{flag}'"), help))
            }
            _ => p.positional.push(a.clone()),
        }
    }
    Ok(p)
}

fn decode(args: &[String]) -> Result<ExitCode, Usage> {
    let p = parse(args, true, DECODE_HELP)?;
    if p.help {
        return print(DECODE_HELP);
    }
    let ctx =
        match &p.control {
            None => Context::default(),
            Some(text) => Context {
                control_peer: Some(parse_ip(text).map_err(|e| {
                    Usage(format!("--control '{text}': {}", e.message), DECODE_HELP)
                })?),
            },
        };
    let stdin_text;
    let inputs: Vec<(&str, Result<Decoded, DecodeError>)> = if p.positional.is_empty() {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            eprintln!("ftp-explorer: cannot read standard input: {e}");
            return Ok(ExitCode::from(2));
        }
        stdin_text = String::from_utf8_lossy(&bytes).into_owned();
        let request = analyse::Request {
            mode: analyse::Mode::Decode,
            control: ctx.control_peer,
            ..analyse::Request::default()
        };
        match analyse::run(&stdin_text, &request) {
            analyse::Outcome::Decoded { items, .. } => items,
            _ => Vec::new(),
        }
    } else {
        p.positional
            .iter()
            .map(|t| (t.as_str(), ftp_explorer::clients::decode_with(t, &ctx)))
            .collect()
    };
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for (input, result) in &inputs {
        failed |= result.is_err();
        let readings = if p.clients {
            ftp_explorer::clients::interpret(input, ctx.control_peer)
        } else {
            Vec::new()
        };
        let written = if p.json {
            let mut report: DecodeReport = decode_report(input, result);
            if p.clients {
                report = report.with_clients(&readings);
            }
            serde_json::to_writer(&mut out, &report)
                .map_err(std::io::Error::from)
                .and_then(|_| writeln!(out))
        } else {
            let mut text = render_decoded(input, result);
            if !readings.is_empty() {
                text.pop(); // the blank line that ends the entry comes after the table
                text.push_str(&render_clients(&readings));
                text.push('\n');
            }
            write!(out, "{text}")
        };
        if written.is_err() {
            return Ok(ExitCode::from(1)); // stdout closed (e.g. piped into head): stop quietly
        }
    }
    if !p.json && failed {
        let n = inputs.iter().filter(|(_, r)| r.is_err()).count();
        eprintln!(
            "ftp-explorer: {n} of {} input(s) could not be decoded",
            inputs.len()
        );
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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

/// A `^^^` line under the offending bytes, when they sit on the input's single line.
fn underline(input: &str, span: wire::Span) -> Option<String> {
    if input.contains('\n')
        || span.end > input.len()
        || !input.is_char_boundary(span.start)
        || !input.is_char_boundary(span.end)
    {
        return None;
    }
    let pad = input[..span.start].chars().count();
    let width = input[span.start..span.end].chars().count().max(1);
    Some(format!("{}{}\n", " ".repeat(pad), "^".repeat(width)))
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

fn class_line(c: &Classification) -> String {
    let mut s = c.category.as_str().to_string();
    if let (Some(range), Some(rfc)) = (&c.range, c.rfc) {
        s.push_str(&format!(" ({}, {range}, {rfc})", c.name.unwrap_or("")));
    }
    s.push_str(if c.globally_reachable {
        ", globally reachable"
    } else {
        ", not globally reachable"
    });
    if let Some(e) = &c.embedded_ipv4 {
        s.push_str(&format!("; carries IPv4 {} ({})", e.ip, e.category));
    }
    s
}

fn classify(args: &[String]) -> Result<ExitCode, Usage> {
    let p = parse(args, false, CLASSIFY_HELP)?;
    if p.help {
        return print(CLASSIFY_HELP);
    }
    if p.positional.is_empty() {
        return Err(Usage(
            "classify needs at least one address".into(),
            CLASSIFY_HELP,
        ));
    }
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    for input in &p.positional {
        let report = classify_report(input);
        let text = if p.json {
            serde_json::to_string(&report).unwrap_or_default() + "\n"
        } else {
            match &report {
                ClassifyReport::Classified { class, .. } => {
                    format!(
                        "{input}\n  {}\n  {}\n\n",
                        class_line(class),
                        class.description
                    )
                }
                ClassifyReport::Failed { error, .. } => {
                    let marker = underline(input, error.span).unwrap_or_default();
                    format!(
                        "{input}\n{marker}  error [{}] {}\n\n",
                        error.code, error.message
                    )
                }
            }
        };
        failed |= matches!(report, ClassifyReport::Failed { .. });
        if out.write_all(text.as_bytes()).is_err() {
            return Ok(ExitCode::from(1));
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn encode(args: &[String]) -> Result<ExitCode, Usage> {
    let p = parse(args, false, ENCODE_HELP)?;
    if p.help {
        return print(ENCODE_HELP);
    }
    let [kind, rest @ ..] = p.positional.as_slice() else {
        return Err(Usage(
            "encode needs a form, an address and a port".into(),
            ENCODE_HELP,
        ));
    };
    let kind = Kind::from_name(kind)
        .ok_or_else(|| Usage(format!("unknown form '{kind}'"), ENCODE_HELP))?;
    let (address, port) = match rest {
        [address, port] => (Some(address.as_str()), port),
        [port] if kind == Kind::Epsv => (None, port),
        _ => {
            return Err(Usage(
                format!("encode {kind} needs ADDRESS and PORT"),
                ENCODE_HELP,
            ))
        }
    };
    let ip = match address {
        None => None,
        Some(text) => match parse_ip(text) {
            Ok(ip) => Some(ip),
            Err(e) => {
                eprintln!("ftp-explorer: address '{text}': {} [{}]", e.message, e.code);
                return Ok(ExitCode::from(1));
            }
        },
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

fn check(args: &[String]) -> Result<ExitCode, Usage> {
    use ftp_explorer::diagnose::{diagnose, Options};
    use ftp_explorer::log::{read_log, Format};
    let p = parse(args, false, CHECK_HELP)?;
    if p.help {
        return print(CHECK_HELP);
    }
    let format = match &p.format {
        None => None,
        Some(name) => Some(Format::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
            Usage(
                format!("unknown format '{name}' (one of: {})", names.join(", ")),
                CHECK_HELP,
            )
        })?),
    };
    let passive_range = match &p.passive_range {
        None => None,
        Some(text) => Some(
            ftp_explorer::diagnose::parse_range(text)
                .map_err(|e| Usage(format!("--passive-range {e}"), CHECK_HELP))?,
        ),
    };
    if p.positional.len() == 2 {
        return Ok(check_two_sides(&p, passive_range));
    }
    if p.positional.len() > 2 {
        return Err(Usage(
            "check reads one FILE (or - for standard input), or two captures of the same session"
                .into(),
            CHECK_HELP,
        ));
    }
    let mut bytes = Vec::new();
    let read = match p.positional.first().map(String::as_str) {
        None | Some("-") => std::io::stdin().read_to_end(&mut bytes).map(|_| ()),
        Some(path) => std::fs::read(path).map(|b| bytes = b),
    };
    if let Err(e) = read {
        eprintln!(
            "ftp-explorer: cannot read {}: {e}",
            p.positional
                .first()
                .map_or("standard input", String::as_str)
        );
        return Ok(ExitCode::from(2));
    }
    if ftp_explorer::capture::is_capture(&bytes) {
        let options = Options { passive_range };
        let (a, d) = ftp_explorer::diagnose::capture::check_capture(&bytes, &options);
        let out = if p.json {
            serde_json::to_string(&ftp_explorer::report::capture_report(&a, &d)).unwrap_or_default()
                + "\n"
        } else {
            ftp_explorer::report::capture_text(&a, &d, p.markdown)
        };
        let _ = std::io::stdout().lock().write_all(out.as_bytes());
        return Ok(ExitCode::from(u8::from(d.has_errors())));
    }
    let text = String::from_utf8_lossy(&bytes);
    let request = analyse::Request {
        mode: analyse::Mode::Check,
        format,
        options: Options { passive_range },
        ..analyse::Request::default()
    };
    let (session, diagnosis) = match analyse::run(&text, &request) {
        analyse::Outcome::Checked { session, diagnosis } => (session, diagnosis),
        // Nothing but blanks: read and diagnosed all the same (the report says there is nothing).
        _ => {
            let session = read_log(&text, format);
            let diagnosis = diagnose(&session, &request.options);
            (session, diagnosis)
        }
    };
    let out = if p.json {
        serde_json::to_string(&ftp_explorer::report::check_report(&session, &diagnosis))
            .unwrap_or_default()
            + "\n"
    } else {
        ftp_explorer::report::check_text(&session, &diagnosis, p.markdown)
    };
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(if diagnosis.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `check CLIENT-SIDE SERVER-SIDE`: two captures of the same sessions, compared.
fn check_two_sides(p: &Parsed, passive_range: Option<(u16, u16)>) -> ExitCode {
    use ftp_explorer::capture::file::Reader;
    let mut files = Vec::new();
    for path in &p.positional {
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
    let options = ftp_explorer::diagnose::Options { passive_range };
    let t = ftp_explorer::diagnose::capture::check_two_sides(&files[0], &files[1], &options);
    let out = if p.json {
        let report = ftp_explorer::report::ComparisonReport {
            kind: "comparison",
            first: ftp_explorer::report::capture_report(&t.first, &t.first_diagnosis),
            second: ftp_explorer::report::capture_report(&t.second, &t.second_diagnosis),
            comparison: &t.comparison,
            findings: &t.findings,
            summary: &t.summary,
        };
        serde_json::to_string(&report).unwrap_or_default() + "\n"
    } else {
        ftp_explorer::report::comparison_text(
            &t.first,
            &t.first_diagnosis,
            &t.second,
            &t.second_diagnosis,
            &t.comparison,
            &t.findings,
            &t.summary,
            p.markdown,
        )
    };
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    ExitCode::from(u8::from(t.has_errors()))
}
