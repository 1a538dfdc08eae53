//! The passive data connections: healthy, refused, fallen back, misadvertised, skipped, IPv6, host names.

use super::*;

#[test]
fn healthy_server_every_data_connection_works() {
    let f = fake(standard);
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 0, "{}", p.stdout);
    assert_eq!(p.codes(), set(&["cleartext-credentials"]));
    assert_eq!(
        p.results(),
        [
            tuple("epsv", "control-address", "connected"),
            tuple("pasv", "control-address", "connected")
        ]
    );
    let j = &p.json;
    assert_eq!(j["error"], Value::Null);
    assert_eq!(j["user"], "anonymous");
    assert_eq!(j["greeting"], "220 (vsFTPd 3.0.3)");
    assert_eq!(
        j["features"],
        serde_json::json!(["EPRT", "EPSV", "PASV", "UTF8"])
    );
    assert_eq!(j["target"]["port"], f.port);
    assert_eq!(j["exit_code"], 0);
    let t = &j["attempts"][0]["transfer"];
    assert_eq!(
        (t["command"].as_str(), t["code"].as_u64()),
        (Some("LIST"), Some(226))
    );
    assert!(t["bytes"].as_u64().unwrap() > 0);
    assert!(
        j["summary"]
            .as_str()
            .unwrap()
            .contains("every data connection worked"),
        "{}",
        j["summary"]
    );
    // The findings' shape is the checker's.
    let finding = &j["findings"][0];
    for key in ["code", "severity", "message", "fix", "lines"] {
        assert!(finding.get(key).is_some(), "{key}");
    }
    for dc in j["data_connections"].as_array().unwrap() {
        assert_eq!(dc["outcome"], "ok");
    }
    // The transcript: curl -v style, password masked.
    let text = p.transcript();
    assert!(
        text.contains("> PASS ****\n") && text.contains("> EPSV\n") && text.contains("> PASV\n"),
        "{text}"
    );
    assert!(
        text.contains("< 229 Entering Extended Passive Mode"),
        "{text}"
    );
    let cmds = f.commands();
    assert_eq!(
        cmds[..3],
        ["USER anonymous", "PASS probe@ftp-explorer.invalid", "FEAT"]
    );
    assert!(cmds.contains(&"QUIT".to_string()));
}

#[test]
fn text_report_looks_like_check() {
    let f = fake(standard);
    let o = run(&["probe", &f.target(), "--timeout", "3"]);
    let out = stdout(&o);
    assert_eq!(code(&o), 0, "{out}");
    assert!(
        out.starts_with("ftp-explorer probe: no problem found"),
        "{out}"
    );
    for section in [
        "\nFindings\n--------\n",
        "\nData connections\n",
        "\nAttempts\n--------\n",
        "\nTranscript",
    ] {
        assert!(out.contains(section), "{section}: {out}");
    }
    assert!(
        out.contains("[info] cleartext-credentials (lines "),
        "{out}"
    );
    assert!(out.contains("passive via EPSV: advertised"), "{out}");
    // Numbered transcript lines, which the finding lines point to.
    assert!(out.contains("\n 4  > USER anonymous\n"), "{out}");
}

#[test]
fn the_printed_transcript_reads_back_through_check_to_the_same_findings() {
    let f = fake(|cmd, s| {
        if cmd == "PASV" {
            let p = s.listen();
            drop(s.data.take());
            s.say(&pasv_reply([127, 0, 0, 1], p)); // nothing listens any more: refused
            return true;
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    let check = run_stdin(&["check", "--json", "--format", "curl"], p.transcript());
    let checked: Value = serde_json::from_str(stdout(&check).trim()).unwrap();
    let codes: BTreeSet<String> = checked["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, p.codes());
    assert_eq!(code(&check), p.code);
}

#[test]
fn pasv_port_closed_is_data_connection_refused() {
    let f = fake(|cmd, s| match cmd {
        "EPSV" => {
            s.say("500 Unknown command.");
            true
        }
        "PASV" => {
            s.say(&pasv_reply([127, 0, 0, 1], closed_port()));
            true
        }
        _ => standard(cmd, s),
    });
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 1, "{}", p.stdout);
    assert_eq!(
        p.codes(),
        set(&[
            "cleartext-credentials",
            "data-connection-refused",
            "epsv-not-supported"
        ])
    );
    assert_eq!(p.results(), [tuple("pasv", "control-address", "refused")]);
    assert_eq!(p.json["findings"][0]["severity"], "error");
    assert_eq!(p.json["data_connections"][0]["outcome"], "refused");
    // The finding's lines are the transcript's lines of the PASV exchange and the attempt.
    let lines: Vec<u64> = p.json["findings"][0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_u64().unwrap())
        .collect();
    let transcript = p.json["transcript"].as_array().unwrap();
    let texts: Vec<&str> = lines
        .iter()
        .map(|&n| transcript[n as usize - 1]["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.iter().any(|t| t.starts_with("> PASV"))
            && texts.iter().any(|t| t.contains("Connection refused")),
        "{texts:?}"
    );
}

#[test]
fn epsv_port_closed_then_pasv_works_is_fallback() {
    let f = fake(|cmd, s| {
        if cmd == "EPSV" {
            s.say(&format!(
                "229 Entering Extended Passive Mode (|||{}|)",
                closed_port()
            ));
            return true;
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 1);
    assert_eq!(
        p.codes(),
        set(&[
            "cleartext-credentials",
            "data-connection-refused",
            "epsv-failed-fallback"
        ])
    );
    assert_eq!(
        p.results(),
        [
            tuple("epsv", "control-address", "refused"),
            tuple("pasv", "control-address", "connected")
        ]
    );
}

#[test]
fn private_address_with_skip_advertised_is_never_contacted() {
    // 10.1.2.3 is only named, never connected to (--skip-advertised): the control address is used.
    let f = fake_advertising([10, 1, 2, 3]);
    let p = probe_json(&[&f.target(), "--timeout", "3", "--skip-advertised"]);
    // The control connection is on loopback (not public): the private address is a warning.
    assert_eq!(p.code, 0, "{}", p.stdout);
    assert_eq!(
        p.codes(),
        set(&[
            "advertised-private-address",
            "cleartext-credentials",
            "client-replaced-address"
        ])
    );
    assert_eq!(
        p.results(),
        [
            tuple("epsv", "control-address", "connected"),
            tuple("pasv", "advertised", "skipped"),
            tuple("pasv", "control-address", "connected"),
        ]
    );
    assert_eq!(p.json["attempts"][1]["ip"], "10.1.2.3");
    assert!(
        !p.transcript().contains("Trying 10.1.2.3"),
        "{}",
        p.transcript()
    );
    // One PASV: the advertised endpoint was not tried, so its listener served the control address.
    assert_eq!(f.commands().iter().filter(|c| *c == "PASV").count(), 1);
}

#[test]
fn loopback_elsewhere_is_tried_then_the_control_address() {
    // 127.0.0.2 is another loopback address where nothing listens: refused, then 127.0.0.1 works.
    let f = fake_advertising([127, 0, 0, 2]);
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 1);
    assert_eq!(
        p.codes(),
        set(&[
            "advertised-loopback-address",
            "cleartext-credentials",
            "client-replaced-address",
            "data-connection-refused"
        ])
    );
    assert_eq!(
        p.results(),
        [
            tuple("epsv", "control-address", "connected"),
            tuple("pasv", "advertised", "refused"),
            tuple("pasv", "control-address", "connected"),
        ]
    );
    // The same advertised address is reported once, with the lines of both PASV replies.
    let loopback: Vec<&Value> = p.json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "advertised-loopback-address")
        .collect();
    assert_eq!(loopback.len(), 1);
    assert_eq!(f.commands().iter().filter(|c| *c == "PASV").count(), 2);
}

#[test]
fn unspecified_address_is_not_connected_to() {
    let f = fake_advertising([0, 0, 0, 0]);
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert!(
        p.codes().contains("advertised-unspecified-address"),
        "{:?}",
        p.codes()
    );
    assert_eq!(p.results()[1], tuple("pasv", "advertised", "skipped"));
    assert_eq!(
        p.results()[2],
        tuple("pasv", "control-address", "connected")
    );
}

#[test]
fn vsftpd_oops_is_invalid_server_config() {
    let f = fake(|cmd, s| {
        if cmd == "PASV" {
            s.say("500 OOPS: invalid pasv_address");
            return false; // vsftpd ends the session
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 1);
    assert!(
        p.codes().contains("invalid-server-config"),
        "{:?}",
        p.codes()
    );
    assert_eq!(p.json["error"], Value::Null);
}

#[test]
fn ipv6_control_connection_uses_epsv_only() {
    let Ok(probe_bind) = TcpListener::bind("[::1]:0") else {
        eprintln!("no ::1 on this machine: skipped");
        return;
    };
    drop(probe_bind);
    let f = fake_on("[::1]:0", Some("220 ready"), standard);
    let p = probe_json(&[&f.target(), "--timeout", "3", "--active"]);
    assert_eq!(p.code, 0, "{}", p.stdout);
    assert_eq!(
        p.results(),
        [
            tuple("epsv", "control-address", "connected"),
            tuple("eprt", "this-machine", "connected")
        ]
    );
    assert!(!p.codes().contains("pasv-on-ipv6"));
    assert!(p.transcript().contains("PASV not sent"));
    let cmds = f.commands();
    assert!(
        cmds.iter().any(|c| c.starts_with("EPRT |2|::1|")),
        "{cmds:?}"
    );
}

#[test]
fn a_host_name_is_resolved_and_each_address_tried() {
    // localhost may resolve to ::1 first: the fake listens on 127.0.0.1 only, so ::1 is refused and
    // 127.0.0.1 is tried next.
    let f = fake(standard);
    let p = probe_json(&[&format!("localhost:{}", f.port), "--timeout", "3"]);
    assert_eq!(p.code, 0, "{}", p.stdout);
    assert_eq!(p.json["target"]["host"], "localhost");
    assert_eq!(p.json["target"]["ip"], Value::Null);
    assert_eq!(p.json["peer"], format!("127.0.0.1:{}", f.port));
    assert!(
        p.transcript().contains(&format!(
            "* Connected to localhost (127.0.0.1) port {}",
            f.port
        )),
        "{}",
        p.transcript()
    );
    // -6 leaves only ::1, where nothing listens: could not connect.
    let p6 = probe_json(&["-6", &format!("localhost:{}", f.port), "--timeout", "2"]);
    assert_eq!(p6.code, 2);
    assert!(
        matches!(
            p6.json["error"]["stage"].as_str(),
            Some("connect" | "resolve")
        ),
        "{}",
        p6.json["error"]
    );
}

#[test]
fn passive_mode_disabled_is_passive_mode_refused() {
    let f = fake(|cmd, s| {
        if cmd == "EPSV" || cmd == "PASV" {
            s.say("550 Permission denied.");
            return true;
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3"]);
    assert_eq!(p.code, 1, "{}", p.stdout);
    assert!(
        p.codes().contains("passive-mode-refused"),
        "{:?}",
        p.codes()
    );
    assert!(p.json["attempts"].as_array().unwrap().is_empty());
}
