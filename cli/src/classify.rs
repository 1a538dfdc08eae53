//! `ftp-explorer classify`: addresses against the IANA special-purpose registries.

use crate::show::{class_line, underline};
use crate::usage::Usage;
use clap::Args;
use ftp_explorer::report::{classify_report, ClassifyReport};
use std::io::Write;
use std::process::ExitCode;

pub const HELP: &str = "\
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

/// `classify`'s arguments.
#[derive(Args)]
#[command(override_help = HELP)]
pub struct ClassifyArgs {
    /// One JSON object per address, one per line.
    #[arg(long)]
    json: bool,
    /// The addresses (at least one).
    #[arg(value_name = "ADDRESS")]
    addresses: Vec<String>,
}

pub fn run(a: &ClassifyArgs) -> Result<ExitCode, Usage> {
    if a.addresses.is_empty() {
        return Err(Usage::new("classify needs at least one address"));
    }
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    for input in &a.addresses {
        let report = classify_report(input);
        let text = if a.json {
            serde_json::to_string(&report).unwrap_or_default() + "\n"
        } else {
            render(input, &report)
        };
        failed |= matches!(report, ClassifyReport::Failed { .. });
        if out.write_all(text.as_bytes()).is_err() {
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::from(u8::from(failed)))
}

/// Text for people: the address, its class and what it is for; or the error under the input.
fn render(input: &str, report: &ClassifyReport) -> String {
    match report {
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
}
