//! Where the probe stops (login refused, silence, nothing listening, TLS refused, usage errors), and
//! the password never shown.

use super::*;

#[test]
fn login_refused_exits_2_and_stops_before_passive() {
    let f = fake(|cmd, s| {
        if cmd.starts_with("PASS") {
            s.say("530 Login incorrect.");
            return true;
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 2);
    assert_eq!(p.json["error"]["stage"], "login");
    assert!(p.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("530 Login incorrect."));
    assert!(
        p.stderr.contains("could not probe") && p.stderr.contains("530"),
        "{}",
        p.stderr
    );
    assert!(p.json["attempts"].as_array().unwrap().is_empty());
    // No passive-mode-refused: PASV was never asked.
    assert!(!p.codes().contains("passive-mode-refused"));
    let cmds = f.commands();
    assert!(!cmds.iter().any(|c| c == "PASV" || c == "EPSV"), "{cmds:?}");
}

#[test]
fn a_server_that_never_answers_is_bounded() {
    let f = fake_on("127.0.0.1:0", None, |_, _| true);
    let p = probe_json(&[&f.target(), "--timeout", "0.5"]);
    assert_eq!(p.code, 2);
    assert_eq!(p.json["error"]["stage"], "greeting");
    assert!(p.took < Duration::from_secs(5), "{:?}", p.took);
    assert!(
        p.transcript().contains("No reply to the connection"),
        "{}",
        p.transcript()
    );
}

#[test]
fn nothing_listening_is_could_not_connect() {
    let port = closed_port();
    let p = probe_json(&[&format!("127.0.0.1:{port}"), "--timeout", "2"]);
    assert_eq!(p.code, 2);
    assert_eq!(p.json["error"]["stage"], "connect");
    assert!(p.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("connection refused"));
    assert!(p.json["findings"].as_array().unwrap().is_empty());
    // Plain text too: the report on stdout, the reason on stderr.
    let o = run(&["probe", &format!("127.0.0.1:{port}"), "--timeout", "2"]);
    assert_eq!(code(&o), 2);
    assert!(
        stdout(&o).starts_with("ftp-explorer probe: could not probe (connect)"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("could not probe 127.0.0.1:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_password_never_shows() {
    const SECRET: &str = "Sup3r-S3cret!pw";
    // A careless server echoes the password back in its replies.
    let f = fake(|cmd, s| {
        if let Some(pw) = cmd.strip_prefix("PASS ") {
            s.say(&format!("230-Welcome, your password {pw} was accepted"));
            s.say("230 Login successful.");
            return true;
        }
        if cmd == "PASV" {
            s.say(&format!("500 No PASV for {SECRET}"));
            return true;
        }
        standard(cmd, s)
    });
    let target = f.target();
    let o = run_stdin(
        &[
            "probe",
            "--json",
            "--user",
            "alice",
            "--password-stdin",
            &target,
            "--timeout",
            "3",
        ],
        format!("{SECRET}\n"),
    );
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(
        !out.contains(SECRET) && !err.contains(SECRET),
        "{out}\n{err}"
    );
    assert!(out.contains("PASS ****"));
    let cmds = f.commands();
    assert!(cmds.contains(&format!("PASS {SECRET}")), "{cmds:?}");
    assert!(cmds.contains(&"USER alice".to_string()));
    // Text report, login refused (the error message quotes the server): still never shown.
    let f = fake(|cmd, s| {
        if let Some(pw) = cmd.strip_prefix("PASS ") {
            s.say(&format!("530 Login incorrect: {pw}"));
            return true;
        }
        standard(cmd, s)
    });
    let o = run_stdin(
        &[
            "probe",
            "--user",
            "alice",
            "--password-stdin",
            &f.target(),
            "--timeout",
            "3",
        ],
        SECRET,
    );
    assert_eq!(code(&o), 2);
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(
        !out.contains(SECRET) && !err.contains(SECRET),
        "{out}\n{err}"
    );
    assert!(err.contains("530 Login incorrect: ****"), "{err}");
}

#[test]
fn a_named_user_without_password_is_told_how_to_give_it() {
    let f = fake(standard);
    let p = probe_json(&["--user", "alice", &f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 2);
    assert_eq!(p.json["error"]["stage"], "login");
    assert!(p.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("--password-stdin"));
}

#[test]
fn tls_refused_by_the_server_exits_2() {
    let f = fake(|cmd, s| {
        if cmd.starts_with("AUTH") {
            s.say("530 Please login with USER and PASS.");
            return true;
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3", "--tls", "--insecure"]);
    assert_eq!(p.code, 2);
    assert_eq!(p.json["error"]["stage"], "tls");
    assert!(
        !f.commands().iter().any(|c| c.starts_with("USER")),
        "no login in clear text after a refused AUTH TLS"
    );
}

#[test]
fn help_and_usage_errors() {
    for args in [&["probe", "--help"][..], &["help", "probe"]] {
        let o = run(args);
        assert_eq!(code(&o), 0);
        let out = stdout(&o);
        assert!(
            out.contains("EXIT STATUS")
                && out.contains("--password-stdin")
                && out.contains("--insecure"),
            "{out}"
        );
    }
    let usage: &[&[&str]] = &[
        &["probe"],
        &["probe", "[::1"],
        &["probe", "host:0"],
        &["probe", "010.0.0.1"],
        &["probe", "a", "b"],
        &["probe", "h", "--timeout", "0"],
        &["probe", "h", "--timeout", "x"],
        &["probe", "h", "--insecure"],
        &["probe", "h", "--bogus"],
        &["probe", "--user"],
        &["probe", "-6", "127.0.0.1"],
        &["probe", "h", "--passive-range", "9-1"],
    ];
    for args in usage {
        let o = run(args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(
            stderr(&o).contains("ftp-explorer probe HOST"),
            "{args:?}: help follows the reason"
        );
    }
    // A password on the command line is refused, and not echoed.
    let o = run(&["probe", "h", "--password", "hunter2secret"]);
    assert_eq!(code(&o), 2);
    assert!(!stderr(&o).contains("hunter2secret") && !stdout(&o).contains("hunter2secret"));
    // A password with a line break would smuggle a command: refused.
    let o = run_stdin(&["probe", "127.0.0.1:9", "--password-stdin"], "a\nQUIT\n");
    assert_eq!(code(&o), 2);
    assert!(!stderr(&o).contains("QUIT"));
}

/// `--password` and `-p` are refused in every spelling, with the usage, and the value never shows.
#[test]
fn a_password_on_the_command_line_is_refused_in_every_spelling() {
    for args in [
        &["probe", "127.0.0.1:9", "--password=hunter2secret"][..],
        &["probe", "127.0.0.1:9", "-phunter2secret"],
        &["probe", "127.0.0.1:9", "-p", "hunter2secret"],
        &["probe", "--password", "hunter2secret", "127.0.0.1:9"],
    ] {
        let o = run(args);
        assert_eq!(code(&o), 2, "{args:?}");
        let err = stderr(&o);
        assert!(
            err.contains("is not accepted") && err.contains("--password-stdin"),
            "{err}"
        );
        assert!(err.contains("ftp-explorer probe HOST"), "{err}");
        assert!(!err.contains("hunter2secret") && !stdout(&o).contains("hunter2secret"));
    }
}
