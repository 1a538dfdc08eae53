//! Reading the probe client's session: the steps, the passive replies and ports, the listings.

use ftp_explorer::config::Target;
use serde_json::{json, Value};
use std::net::IpAddr;

pub(crate) fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Every PASV reply advertises `ip` and every PASV/EPSV port lies in `range`; listings arrive.
pub(crate) fn assert_passive(target: Target, session: &Value, ip: &str, range: (u16, u16)) {
    let want: IpAddr = ip.parse().unwrap();
    let mut seen = (0, 0);
    for step in session["steps"].as_array().unwrap() {
        let cmd = str_of(step, "cmd");
        if cmd != "PASV" && cmd != "EPSV" {
            continue;
        }
        let reply = str_of(step, "reply");
        let d = ftp_explorer::wire::decode(reply)
            .unwrap_or_else(|e| panic!("{target}: {cmd} → {reply:?}: {e:?}"));
        let port = d.port().unwrap();
        assert!(
            (range.0..=range.1).contains(&port),
            "{target}: {cmd} → {reply:?}: port {port} is outside {}-{}",
            range.0,
            range.1
        );
        if cmd == "PASV" {
            assert_eq!(
                d.ip(),
                Some(want),
                "{target}: PASV → {reply:?} does not advertise {ip}"
            );
            seen.0 += 1;
        } else {
            seen.1 += 1;
        }
        if step["list"].as_bool() == Some(true) {
            assert!(
                str_of(step, "data").contains("hello.txt"),
                "{target}: {cmd} listing did not arrive: {step}"
            );
            assert!(
                str_of(step, "final").starts_with("226"),
                "{target}: {cmd} transfer: {step}"
            );
        }
    }
    assert!(
        seen.0 >= 3 && seen.1 >= 3,
        "{target}: too few PASV/EPSV replies checked: {session}"
    );
    let listings = session["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["list"].as_bool() == Some(true) && str_of(s, "cmd").len() == 4)
        .count();
    assert!(
        listings >= 2,
        "{target}: the listings were not asked for: {session}"
    );
}

pub(crate) fn step<'a>(session: &'a Value, prefix: &str) -> &'a Value {
    session["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| str_of(s, "cmd").starts_with(prefix))
        .unwrap_or_else(|| panic!("no step {prefix} in {session}"))
}

/// The passive steps every session runs: replies alone, then listings over the advertised endpoint.
pub(crate) fn passive_steps() -> Vec<Value> {
    let mut steps = Vec::new();
    for _ in 0..3 {
        steps.push(json!({"cmd": "PASV"}));
        steps.push(json!({"cmd": "EPSV"}));
    }
    steps.push(json!({"cmd": "PASV", "list": true}));
    steps.push(json!({"cmd": "EPSV", "list": true}));
    steps
}
