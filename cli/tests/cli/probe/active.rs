//! Active mode: the server connects back (or does not); EPRT refused falls back to PORT.

use super::*;

#[test]
fn active_mode_works_when_the_server_connects_back() {
    let f = fake(standard);
    let p = probe_json(&[&f.target(), "--timeout", "3", "--active"]);
    assert_eq!(p.code, 0, "{}", p.stdout);
    let last = p.results().pop().unwrap();
    assert_eq!(last, tuple("eprt", "this-machine", "connected"));
    let dcs = p.json["data_connections"].as_array().unwrap();
    assert_eq!(
        (dcs[2]["mode"].as_str(), dcs[2]["outcome"].as_str()),
        (Some("active"), Some("ok"))
    );
    assert!(f
        .commands()
        .iter()
        .any(|c| c.starts_with("EPRT |1|127.0.0.1|")));
}

#[test]
fn active_mode_425_is_active_connection_failed() {
    let f = fake(|cmd, s| {
        if cmd == "LIST" && s.active.is_some() {
            s.say("425 Failed to establish connection.");
            s.active = None;
            return true;
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3", "--active"]);
    assert_eq!(p.code, 1);
    assert!(
        p.codes().contains("active-connection-failed"),
        "{:?}",
        p.codes()
    );
    assert_eq!(
        p.results().pop().unwrap(),
        tuple("eprt", "this-machine", "failed")
    );
}

#[test]
fn active_mode_silence_times_out() {
    let f = fake(|cmd, s| {
        if cmd == "LIST" && s.active.is_some() {
            return true; // never connects, never answers
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "1", "--active"]);
    assert_eq!(p.code, 1);
    assert!(
        p.codes().contains("active-connection-failed"),
        "{:?}",
        p.codes()
    );
    assert_eq!(
        p.results().pop().unwrap(),
        tuple("eprt", "this-machine", "timed-out")
    );
    assert!(p.took < Duration::from_secs(8), "{:?}", p.took);
}

#[test]
fn eprt_refused_falls_back_to_port() {
    let f = fake(|cmd, s| {
        if cmd.starts_with("EPRT") {
            s.say("500 'EPRT': command not understood.");
            return true;
        }
        if let Some(arg) = cmd.strip_prefix("PORT ") {
            let n: Vec<u16> = arg.split(',').map(|x| x.parse().unwrap()).collect();
            let ip = IpAddr::from([n[0] as u8, n[1] as u8, n[2] as u8, n[3] as u8]);
            s.active = Some(SocketAddr::new(ip, n[4] * 256 + n[5]));
            s.say("200 PORT command successful. Consider using PASV.");
            return true;
        }
        standard(cmd, s)
    });
    let p = probe_json(&[&f.target(), "--timeout", "3", "--active"]);
    assert_eq!(
        p.results().pop().unwrap(),
        tuple("port", "this-machine", "connected")
    );
}
