//! The text report, whole, with what changes from run to run written steadily; escapes neutralised.

use super::*;

#[test]
fn terminal_escapes_from_the_server_are_neutralised() {
    let f = fake_on(
        "127.0.0.1:0",
        Some("220 \u{1b}]0;pwned\u{7}\u{1b}[2J hello"),
        standard,
    );
    let o = run(&["probe", &f.target(), "--timeout", "3"]);
    let out = stdout(&o);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("220 ?]0;pwned??[2J hello"), "{out}");
}

/// The report with what changes from run to run written steadily: ports (five digits in this
/// machine's ephemeral range) as `PORT`, a 227's port numbers as `P1,P2`, timings as `N ms`.
fn steady(text: &str) -> String {
    // The port numbers of `Passive Mode (h1,h2,h3,h4,p1,p2)`.
    let mut s = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("Passive Mode (") {
        let (before, after) = rest.split_at(at + "Passive Mode (".len());
        s.push_str(before);
        let end = after.find(')').unwrap_or(after.len());
        let numbers: Vec<&str> = after[..end].split(',').collect();
        if numbers.len() == 6 {
            s.push_str(&numbers[..4].join(","));
            s.push_str(",P1,P2");
            rest = &after[end..];
        } else {
            rest = after;
        }
    }
    s.push_str(rest);
    let mut out = String::new();
    let mut digits = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii_digit() {
            out.push(c);
            continue;
        }
        digits.push(c);
        if chars.peek().is_some_and(char::is_ascii_digit) {
            continue;
        }
        let after: String = chars.clone().take(3).collect();
        if digits.len() == 5 {
            out.push_str("PORT");
        } else if after == " ms" {
            out.push('N');
        } else {
            out.push_str(&digits);
        }
        digits.clear();
    }
    out
}

#[test]
fn steady_writes_ports_and_timings_steadily() {
    assert_eq!(
        steady(
            "Passive Mode (127,0,0,2,195,80). 127.0.0.1:50000 (12 ms) 2121 lines 3-7 (|||50001|)"
        ),
        "Passive Mode (127,0,0,2,P1,P2). 127.0.0.1:PORT (N ms) 2121 lines 3-7 (|||PORT|)"
    );
}

/// The whole text report of a healthy server, every line pinned: summary, server, greeting, user,
/// TLS, features, findings, data connections, attempts and the numbered transcript.
#[test]
fn the_text_report_line_by_line() {
    let f = fake(standard);
    let o = run(&["probe", &f.target(), "--timeout", "3"]);
    assert_eq!(code(&o), 0);
    assert_eq!(steady(&stdout(&o)), HEALTHY);
    assert_eq!(stderr(&o), "");
}

const HEALTHY: &str = r#"ftp-explorer probe: no problem found: every data connection worked (EPSV, PASV)

Server: 127.0.0.1:PORT
From: 127.0.0.1
Greeting: 220 (vsFTPd 3.0.3)
User: anonymous
TLS: none (commands, password and data cross the network in clear text)
Features (FEAT): EPRT, EPSV, PASV, UTF8

Findings
--------
[info] cleartext-credentials (lines 6, 7)
  The password was sent without encryption (no AUTH TLS before PASS): anyone on the path can read it, and this log holds it too (masked here).
  Fix: Use FTPS (AUTH TLS, e.g. `curl --ssl-reqd`, FileZilla "Require explicit FTP over TLS") or SFTP. Note that TLS hides PASV replies from NAT helpers: the server must then advertise its public address itself.


Data connections
----------------
passive via EPSV: advertised 127.0.0.1:PORT, used 127.0.0.1:PORT for LIST: ok
passive via PASV: advertised 127.0.0.1:PORT, used 127.0.0.1:PORT for LIST: ok

Attempts
--------
EPSV  127.0.0.1:PORT  control address: connected (N ms); LIST: 226 Directory send OK., 67 bytes (lines 15-22)
PASV  127.0.0.1:PORT  control address: connected (N ms); LIST: 226 Directory send OK., 67 bytes (lines 23-30)

Transcript (curl -v style; `ftp-explorer check` reads it)
---------------------------------------------------------
 1  *   Trying 127.0.0.1:PORT...
 2  * Connected to 127.0.0.1 (127.0.0.1) port PORT
 3  < 220 (vsFTPd 3.0.3)
 4  > USER anonymous
 5  < 331 Please specify the password.
 6  > PASS ****
 7  < 230 Login successful.
 8  > FEAT
 9  < 211-Features:
10  <  EPRT
11  <  EPSV
12  <  PASV
13  <  UTF8
14  < 211 End
15  > EPSV
16  < 229 Entering Extended Passive Mode (|||PORT|)
17  *   Trying 127.0.0.1:PORT...
18  * Connected to 127.0.0.1 port PORT (data connection, N ms)
19  > LIST
20  < 150 Here comes the directory listing.
21  * 67 bytes received on the data connection
22  < 226 Directory send OK.
23  > PASV
24  < 227 Entering Passive Mode (127,0,0,1,P1,P2).
25  *   Trying 127.0.0.1:PORT...
26  * Connected to 127.0.0.1 port PORT (data connection, N ms)
27  > LIST
28  < 150 Here comes the directory listing.
29  * 67 bytes received on the data connection
30  < 226 Directory send OK.
31  > QUIT
32  < 221 Goodbye.
"#;

/// A refused advertised address and the retry at the control address: the head, and everything after
/// the findings (the checker's, pinned by its own tests).
#[test]
fn the_text_report_of_a_refused_address() {
    let f = fake_advertising([127, 0, 0, 2]);
    let o = run(&["probe", &f.target(), "--timeout", "3"]);
    assert_eq!(code(&o), 1);
    let out = steady(&stdout(&o));
    let (head, rest) = out.split_once("\nFindings\n").unwrap();
    assert_eq!(head, REFUSED_HEAD);
    let tail = &rest[rest.find("\nData connections\n").unwrap()..];
    assert_eq!(tail, REFUSED_TAIL);
}

const REFUSED_HEAD: &str = r#"ftp-explorer probe: 1 error, 2 warnings: The server advertised 127.0.0.2, a loopback address (RFC 1122, 127.0.0.0/8), in its 227 reply, but the client reached the server at 127.0.0.1. The client connected there (port PORT) and the data connection was refused (there, the client reached itself, not the server): the server is behind NAT (or in a container) and advertises an address this client cannot reach.

Server: 127.0.0.1:PORT
From: 127.0.0.1
Greeting: 220 (vsFTPd 3.0.3)
User: anonymous
TLS: none (commands, password and data cross the network in clear text)
Features (FEAT): EPRT, EPSV, PASV, UTF8
"#;

const REFUSED_TAIL: &str = r#"
Data connections
----------------
passive via EPSV: advertised 127.0.0.1:PORT, used 127.0.0.1:PORT for LIST: ok
passive via PASV: advertised 127.0.0.2:PORT, used 127.0.0.2:PORT: refused
passive via PASV: advertised 127.0.0.2:PORT, used 127.0.0.1:PORT for LIST: ok

Attempts
--------
EPSV  127.0.0.1:PORT  control address: connected (N ms); LIST: 226 Directory send OK., 67 bytes (lines 15-22)
PASV  127.0.0.2:PORT  advertised (loopback, RFC 1122): refused (N ms) (lines 23-26)
PASV  127.0.0.1:PORT  control address: connected (N ms); LIST: 226 Directory send OK., 67 bytes (lines 27-35)

Transcript (curl -v style; `ftp-explorer check` reads it)
---------------------------------------------------------
 1  *   Trying 127.0.0.1:PORT...
 2  * Connected to 127.0.0.1 (127.0.0.1) port PORT
 3  < 220 (vsFTPd 3.0.3)
 4  > USER anonymous
 5  < 331 Please specify the password.
 6  > PASS ****
 7  < 230 Login successful.
 8  > FEAT
 9  < 211-Features:
10  <  EPRT
11  <  EPSV
12  <  PASV
13  <  UTF8
14  < 211 End
15  > EPSV
16  < 229 Entering Extended Passive Mode (|||PORT|)
17  *   Trying 127.0.0.1:PORT...
18  * Connected to 127.0.0.1 port PORT (data connection, N ms)
19  > LIST
20  < 150 Here comes the directory listing.
21  * 67 bytes received on the data connection
22  < 226 Directory send OK.
23  > PASV
24  < 227 Entering Passive Mode (127,0,0,2,P1,P2).
25  *   Trying 127.0.0.2:PORT...
26  * connect to 127.0.0.2 port PORT failed: Connection refused
27  > PASV
28  < 227 Entering Passive Mode (127,0,0,2,P1,P2).
29  * Skip 127.0.0.2 for data connection, re-use 127.0.0.1 instead (second try: the control address, as curl does by default)
30  *   Trying 127.0.0.1:PORT...
31  * Connected to 127.0.0.1 port PORT (data connection, N ms)
32  > LIST
33  < 150 Here comes the directory listing.
34  * 67 bytes received on the data connection
35  < 226 Directory send OK.
36  > QUIT
37  < 221 Goodbye.
"#;

/// A stop: where and why (in the report and on stderr), and no attempts.
#[test]
fn the_text_report_of_a_stop() {
    let f = fake(|cmd, s| {
        if cmd.starts_with("PASS") {
            s.say("530 Login incorrect.");
            return true;
        }
        standard(cmd, s)
    });
    let o = run_stdin(
        &[
            "probe",
            &f.target(),
            "--timeout",
            "3",
            "--user",
            "bob",
            "--password-stdin",
        ],
        "hunter2\n",
    );
    assert_eq!(code(&o), 2);
    assert_eq!(steady(&stdout(&o)), STOPPED);
    assert_eq!(
        steady(&stderr(&o)),
        "ftp-explorer: could not probe 127.0.0.1:PORT (login): login as bob refused: \"530 Login incorrect.\"\n"
    );
}

const STOPPED: &str = r#"ftp-explorer probe: could not probe (login): login as bob refused: "530 Login incorrect."

Server: 127.0.0.1:PORT
From: 127.0.0.1
Greeting: 220 (vsFTPd 3.0.3)
User: bob
TLS: none (commands, password and data cross the network in clear text)
Stopped at login: login as bob refused: "530 Login incorrect."

Findings
--------
[info] cleartext-credentials (lines 6, 7)
  The password was sent without encryption (no AUTH TLS before PASS): anyone on the path can read it, and this log holds it too (masked here).
  Fix: Use FTPS (AUTH TLS, e.g. `curl --ssl-reqd`, FileZilla "Require explicit FTP over TLS") or SFTP. Note that TLS hides PASV replies from NAT helpers: the server must then advertise its public address itself.


Transcript (curl -v style; `ftp-explorer check` reads it)
---------------------------------------------------------
 1  *   Trying 127.0.0.1:PORT...
 2  * Connected to 127.0.0.1 (127.0.0.1) port PORT
 3  < 220 (vsFTPd 3.0.3)
 4  > USER bob
 5  < 331 Please specify the password.
 6  > PASS ****
 7  < 530 Login incorrect.
 8  > QUIT
 9  < 221 Goodbye.
"#;
