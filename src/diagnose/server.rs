//! Rules on the session as a whole: credentials in clear text, server configuration errors.

use super::{Code, Finding, Options, Severity};
use crate::log::Session;

pub(super) fn cleartext_credentials(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    if s.tls {
        return;
    }
    let lines: Vec<usize> = s
        .exchanges
        .iter()
        .filter(|e| e.verb() == Some("PASS"))
        .flat_map(|e| e.lines())
        .collect();
    if lines.is_empty() {
        return;
    }
    out.push(Finding::new(
        Code::CleartextCredentials,
        Severity::Info,
        "The password was sent without encryption (no AUTH TLS before PASS): anyone on the path can read it, and this log holds it too (masked here).",
        "Use FTPS (AUTH TLS, e.g. `curl --ssl-reqd`, FileZilla \"Require explicit FTP over TLS\") or SFTP. Note that TLS hides PASV replies from NAT helpers: the server must then advertise its public address itself.",
        lines,
    ));
}

pub(super) fn invalid_config(s: &Session, _: &Options, out: &mut Vec<Finding>) {
    for e in &s.exchanges {
        let Some(r) = &e.reply else { continue };
        if let Some(at) = r.text.find("OOPS:") {
            let what = r.text[at + 5..].lines().next().unwrap_or("").trim();
            out.push(Finding::new(
                Code::InvalidServerConfig,
                Severity::Error,
                format!("The server (vsftpd) stopped the session because of its configuration: \"{what}\"."),
                "Fix the named option in vsftpd.conf and restart vsftpd: values take no quotes (pasv_address=203.0.113.5, not \"203.0.113.5\"), addresses must be numeric unless pasv_addr_resolve=YES, and the listed files and directories must exist.",
                e.lines(),
            ));
        }
    }
}
