//! Example logs for the page's one-click buttons. Each names the findings it must produce; a test holds
//! them to it. Addresses are documentation and private ranges.

/// One example log.
pub struct Example {
    pub name: &'static str,
    pub description: &'static str,
    pub text: &'static str,
    /// Finding codes the example must produce (errors and warnings; infos may come too).
    pub expect: &'static [&'static str],
}

pub const EXAMPLES: &[Example] = &[
    Example {
        name: "Healthy passive session",
        description: "curl -v listing a directory over EPSV.",
        text: HEALTHY,
        expect: &[],
    },
    Example {
        name: "Server behind NAT",
        description:
            "The server advertises its private address; curl works around it, other clients fail.",
        text: NAT,
        expect: &["advertised-private-address", "client-replaced-address"],
    },
    Example {
        name: "Blocked passive ports",
        description: "lftp: the passive port is not forwarded, the data connection times out.",
        text: BLOCKED,
        expect: &["data-connection-timeout"],
    },
    Example {
        name: "Active mode behind NAT",
        description:
            "FileZilla in active mode from a home network: the server cannot connect back.",
        text: ACTIVE_NAT,
        expect: &["active-mode-behind-nat", "active-connection-failed"],
    },
];

const HEALTHY: &str = "\
*   Trying 203.0.113.10:21...
* Connected to ftp.example.net (203.0.113.10) port 21 (#0)
< 220 (vsFTPd 3.0.3)
> USER anonymous
< 331 Please specify the password.
> PASS guest@example.com
< 230 Login successful.
> PWD
< 257 \"/\" is the current directory
* Entry path is '/'
> EPSV
* Connect data stream passively
< 229 Entering Extended Passive Mode (|||50012|)
*   Trying 203.0.113.10:50012...
* Connected 2nd connection to 203.0.113.10 port 50012 (#0)
> TYPE A
< 200 Switching to ASCII mode.
> LIST
< 150 Here comes the directory listing.
* Maximum file size exceeded
< 226 Directory send OK.
* Connection #0 to host ftp.example.net left intact
";

const NAT: &str = "\
*   Trying 198.51.100.20:21...
* Connected to ftp.example.org (198.51.100.20) port 21 (#0)
< 220 (vsFTPd 3.0.3)
> USER anonymous
< 331 Please specify the password.
> PASS guest@example.com
< 230 Login successful.
> PWD
< 257 \"/\" is the current directory
> PASV
* Connect data stream passively
< 227 Entering Passive Mode (10,0,0,5,195,81).
* Skip 10.0.0.5 for data connection, re-use 198.51.100.20 instead
*   Trying 198.51.100.20:50001...
* Connected 2nd connection to 198.51.100.20 port 50001 (#0)
> TYPE A
< 200 Switching to ASCII mode.
> LIST
< 150 Here comes the directory listing.
< 226 Directory send OK.
";

const BLOCKED: &str = "\
---- Resolving host address...
---- 1 address found: 203.0.113.10
---- Connecting to ftp.example.net (203.0.113.10) port 21
<--- 220 ProFTPD Server (Debian) [203.0.113.10]
---> FEAT
<--- 211-Features:
<---  EPSV
<---  MDTM
<--- 211 End
---> USER anonymous
<--- 331 Anonymous login ok, send your complete email address as your password
---> PASS XXXX
<--- 230 Anonymous access granted, restrictions apply
---> PWD
<--- 257 \"/\" is the current directory
---> PASV
<--- 227 Entering Passive Mode (203,0,113,10,195,88).
---- Connecting data socket to (203.0.113.10) port 50008
**** Socket error (Connection timed out) - reconnecting
---- Closing data socket
";

const ACTIVE_NAT: &str = "\
Status:\tConnecting to 203.0.113.10:21...
Status:\tConnection established, waiting for welcome message...
Response:\t220 (vsFTPd 3.0.3)
Command:\tUSER alice
Response:\t331 Please specify the password.
Command:\tPASS ********
Response:\t230 Login successful.
Status:\tLogged in
Status:\tRetrieving directory listing...
Command:\tPWD
Response:\t257 \"/home/alice\" is the current directory
Command:\tTYPE I
Response:\t200 Switching to Binary mode.
Command:\tPORT 192,168,1,23,213,49
Response:\t200 PORT command successful. Consider using PASV.
Command:\tMLSD
Response:\t425 Failed to establish connection.
Error:\tFailed to retrieve directory listing
";

#[cfg(test)]
mod tests {
    use super::EXAMPLES;
    use crate::diagnose::{diagnose, Options, Severity};
    use crate::log::read_log;

    #[test]
    fn every_example_shows_what_it_claims() {
        for ex in EXAMPLES {
            let session = read_log(ex.text, None);
            let d = diagnose(&session, &Options::default());
            let serious: Vec<&str> = d
                .findings
                .iter()
                .filter(|f| f.severity != Severity::Info)
                .map(|f| f.code.as_str())
                .collect();
            let mut want: Vec<&str> = ex.expect.to_vec();
            let mut got = serious.clone();
            want.sort_unstable();
            got.sort_unstable();
            got.dedup();
            assert_eq!(got, want, "{}: {:#?}", ex.name, d.findings);
        }
    }
}
