//! An ICMP error on the data connection ("No route to host", firewalld's default REJECT, or "Network is
//! unreachable") is a refusal the checker reports, like a TCP reset.

use ftp_explorer::diagnose::{diagnose, Code, Options};
use ftp_explorer::log::read_log;

fn codes(log: &str) -> Vec<Code> {
    let session = read_log(log, None);
    diagnose(&session, &Options::default())
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn no_route_to_host_on_the_data_connection_is_a_refusal() {
    for error in ["No route to host", "Network is unreachable"] {
        let log = format!(
            "*   Trying 203.0.113.10:21...\n* Connected to ftp.example.net (203.0.113.10) port 21 (#0)\n< 220 (vsFTPd 3.0.3)\n> USER anonymous\n< 331 Please specify the password.\n> PASS guest@example.com\n< 230 Login successful.\n> EPSV\n* Connect data stream passively\n< 229 Entering Extended Passive Mode (|||50000|)\n*   Trying 203.0.113.10:50000...\n* connect to 203.0.113.10 port 50000 failed: {error}\n"
        );
        let c = codes(&log);
        assert!(c.contains(&Code::DataConnectionRefused), "{error}: {c:?}");
    }
}
