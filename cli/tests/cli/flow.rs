//! `ftp-explorer flow`: the contract of the issue (flags, JSON fields, kinds, failures), the terminal
//! sequence diagram, and usage errors.

use crate::common::{code, run, stderr, stdout};
use serde_json::Value;

fn json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["flow", "--json"];
    all.extend_from_slice(args);
    let o = run(&all);
    (
        code(&o),
        serde_json::from_str(&stdout(&o)).expect("one JSON object"),
    )
}

#[test]
fn the_json_has_the_fields_the_issue_names() {
    let (status, v) = json(&[
        "--mode",
        "pasv",
        "--client",
        "nat",
        "--client-firewall",
        "off",
        "--server",
        "nat",
        "--server-firewall",
        "open",
        "--alg",
        "off",
        "--tls",
        "off",
        "--ip",
        "4",
    ]);
    assert_eq!(status, 1, "PASV advertising a private address fails");
    assert_eq!(v["scenario"]["mode"], "pasv");
    assert_eq!(v["scenario"]["server"], "nat");
    let steps = v["steps"].as_array().unwrap();
    let kinds = [
        "syn", "syn-ack", "rst", "command", "reply", "data", "drop", "timeout", "tls", "note",
    ];
    for s in steps {
        for key in ["from", "to", "kind", "text"] {
            assert!(s.get(key).is_some(), "{key} in {s}");
        }
        assert!(
            kinds.contains(&s["kind"].as_str().unwrap()),
            "{}",
            s["kind"]
        );
    }
    let pasv = steps
        .iter()
        .find(|s| s["text"].as_str().unwrap().starts_with("227"))
        .unwrap();
    assert_eq!(
        pasv["bytes"],
        "227 Entering Passive Mode (10,0,0,5,195,80)\r\n"
    );
    assert_eq!(pasv["decoded"]["endpoint"]["ip"], "10.0.0.5");
    let dc = &v["data_connection"];
    assert_eq!(dc["opened"], false);
    assert_eq!(dc["from"], "192.168.1.10:51001");
    assert_eq!(dc["to"], "10.0.0.5:50000");
    assert_eq!(dc["failure"], "timeout");
    assert!(
        dc["reason"].as_str().unwrap().contains("private"),
        "{}",
        dc["reason"]
    );
    assert!(v["link"].as_str().unwrap().contains("mode=pasv"));
}

#[test]
fn the_outcomes_follow_the_knobs() {
    // nat-external: behind NAT with the external address configured.
    let (status, v) = json(&["--server", "nat-external"]);
    assert_eq!(status, 0);
    assert_eq!(v["data_connection"]["opened"], true);
    assert_eq!(v["data_connection"]["failure"], Value::Null);
    // Active mode behind the client's NAT: the server refuses the PORT.
    let (status, v) = json(&["--mode", "port", "--client", "nat", "--server", "public"]);
    assert_eq!(status, 1);
    assert_eq!(v["data_connection"]["failure"], "rejected");
    // Told to announce its public address, the client passes the address check; its NAT, which
    // forwards nothing, drops the server's SYN: a timeout, marked at the client's edge.
    let (status, v) = json(&[
        "--mode",
        "port",
        "--client",
        "nat",
        "--server",
        "public",
        "--port-ip",
        "external",
    ]);
    assert_eq!(status, 1);
    assert_eq!(v["scenario"]["port_ip"], "external");
    assert!(v["link"].as_str().unwrap().contains("port-ip=external"));
    assert_eq!(v["data_connection"]["failure"], "timeout");
    assert_eq!(v["data_connection"]["to"], "198.51.100.7:52000");
    let steps = v["steps"].as_array().unwrap();
    assert!(steps
        .iter()
        .any(|s| s["bytes"] == "PORT 198,51,100,7,203,32\r\n"));
    let drop = steps.iter().find(|s| s["kind"] == "drop").unwrap();
    assert_eq!(drop["from"], "client-edge");
    assert_eq!(drop["connection"], "data");
    // The preset is the same scenario.
    let (_, p) = json(&["--preset", "active-nat-no-forward"]);
    assert_eq!(p["scenario"], v["scenario"]);
    let text = stdout(&run(&["flow", "--preset", "active-nat-no-forward"]));
    assert!(
        text.contains("[client-side NAT/firewall] BLOCKED by rule: policy drop"),
        "{text}"
    );
    // The range closed: a timeout, or "refused" when the firewall rejects.
    let (_, v) = json(&["--server", "nat-external", "--server-firewall", "closed"]);
    assert_eq!(v["data_connection"]["failure"], "timeout");
    let (_, v) = json(&[
        "--server",
        "nat-external",
        "--server-firewall",
        "closed",
        "--blocked",
        "reject",
    ]);
    assert_eq!(v["data_connection"]["failure"], "refused");
    // The helper rescues cleartext, not TLS.
    let (s1, _) = json(&["--server", "nat", "--alg", "on"]);
    let (s2, v) = json(&["--server", "nat", "--alg", "on", "--tls", "on"]);
    assert_eq!((s1, s2), (0, 1));
    assert!(v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["helper"]["blind"] == true));
    // IPv6 EPSV.
    let (status, v) = json(&["--mode", "epsv", "--ip", "6"]);
    assert_eq!(status, 0);
    assert!(v["data_connection"]["to"]
        .as_str()
        .unwrap()
        .starts_with("[2001:db8:2::5]"));
}

#[test]
fn presets_compare_and_scenario_text() {
    let o = run(&["flow", "--presets"]);
    assert_eq!(code(&o), 0);
    let list = stdout(&o);
    assert!(list.contains("works-locally") && list.contains("[fails]") && list.contains("[works]"));
    let (_, v) = json(&["--preset", "epsv-works-pasv-fails", "--compare"]);
    assert_eq!(v["works"], false);
    assert_eq!(v["compare"]["works"], true);
    assert_eq!(v["compare"]["scenario"]["mode"], "epsv");
    // --scenario reads the page's link text; flags after it change it.
    let (_, v) = json(&[
        "--scenario",
        "mode=epsv&server=nat",
        "--server-firewall",
        "closed",
    ]);
    assert_eq!(v["scenario"]["mode"], "epsv");
    assert_eq!(v["data_connection"]["failure"], "timeout");
}

#[test]
fn the_text_is_a_sequence_diagram_with_the_blocked_packet_marked() {
    let o = run(&["flow", "--preset", "range-closed"]);
    assert_eq!(code(&o), 1);
    let text = stdout(&o);
    let header = text
        .lines()
        .find(|l| {
            l.contains("client-edge")
                && l.contains("server-edge")
                && l.trim_start().starts_with("client")
        })
        .unwrap();
    assert!(header.contains("internet"), "{header}");
    let blocked = text
        .lines()
        .find(|l| l.contains("X<") || l.contains(">X") || l.contains("-X"))
        .unwrap_or_else(|| panic!("no blocked arrow in\n{text}"));
    assert!(blocked.contains("SYN"), "{blocked}");
    assert!(text.contains("BLOCKED by rule: policy drop"), "{text}");
    assert!(text.contains("RESULT: FAILS."));
    assert!(text.contains("FIX: "));
    // --brief: one line per step, and the dropped packet has its own step (kind "drop") at the Internet.
    let brief = stdout(&run(&["flow", "--brief"]));
    let (_, v) = json(&[]);
    let steps = v["steps"].as_array().unwrap();
    let numbered = brief
        .lines()
        .filter(|l| l.len() > 3 && l[..3].trim().parse::<usize>().is_ok())
        .count();
    assert_eq!(numbered, steps.len(), "{brief}");
    let drop = steps
        .iter()
        .find(|s| s["kind"] == "drop")
        .expect("a drop step");
    assert_eq!(
        (drop["from"].as_str(), drop["to"].as_str()),
        (Some("internet"), Some("internet"))
    );
}

#[test]
fn bad_values_exit_2_with_the_reason() {
    for (args, needle) in [
        (
            vec!["flow", "--mode", "passive"],
            "--mode=passive: expected port|eprt|pasv|epsv|epsv-all",
        ),
        (vec!["flow", "--ip", "5"], "--ip=5: expected 4|6"),
        (
            vec!["flow", "--port-ip", "public"],
            "--port-ip=public: expected own|external",
        ),
        (
            vec!["flow", "--range", "51000-50000"],
            "--range=51000-50000",
        ),
        (
            vec!["flow", "--server-public", "::1"],
            "IPv4 address is needed",
        ),
        (vec!["flow", "--colour", "red"], "unknown option '--colour'"),
        (vec!["flow", "--mode"], "--mode needs a value"),
        (
            vec!["flow", "--preset", "nope"],
            "--preset=nope: no such preset",
        ),
    ] {
        let o = run(&args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
    let o = run(&["help", "flow"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("--server public|nat|nat-external"));
    assert!(stdout(&o).contains("--port-ip own|external"));
}
