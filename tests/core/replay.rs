//! Captures replayed in the flow view (`ftp_explorer::replay`), held to the real fixture captures in
//! tests/fixtures/captures/ (their README says what happened in each).

use ftp_explorer::capture::analyse;
use ftp_explorer::diagnose::capture::{diagnose_capture, CaptureDiagnosis};
use ftp_explorer::diagnose::{Code, Options};
use ftp_explorer::replay::{events, replay};
use ftp_explorer::scenario::view::stop;
use ftp_explorer::scenario::{Connection, Failure, Node, StepKind, Timeline};

fn load(name: &str) -> (ftp_explorer::capture::Analysis, CaptureDiagnosis) {
    let path = format!(
        "{}/tests/fixtures/captures/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let a = analyse(&bytes);
    let d = diagnose_capture(&a, &Options::default());
    (a, d)
}

fn play(name: &str) -> Timeline {
    let (a, d) = load(name);
    replay(&a, 0, d.sessions.first()).unwrap()
}

/// The kinds and texts of the data connection's steps.
fn data_steps(t: &Timeline) -> Vec<(StepKind, String)> {
    t.steps
        .iter()
        .filter(|s| s.connection == Connection::Data)
        .map(|s| (s.kind, s.text.clone()))
        .collect()
}

fn fixtures() -> Vec<String> {
    let dir = format!("{}/tests/fixtures/captures", env!("CARGO_MANIFEST_DIR"));
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".pcap") || n.ends_with(".pcapng"))
        .collect();
    v.sort();
    v
}

#[test]
fn steps_follow_the_capture_in_packet_order() {
    for name in fixtures() {
        let (a, d) = load(&name);
        for i in 0..a.sessions.len() {
            let ev = events(&a, i);
            let packets: Vec<u32> = ev.iter().filter_map(|e| e.packet).collect();
            assert!(
                packets.windows(2).all(|w| w[0] <= w[1]),
                "{name} #{i}: {packets:?}"
            );
            let t = replay(&a, i, d.sessions.get(i)).unwrap();
            assert_eq!(
                t.steps.len(),
                ev.len().min(ftp_explorer::replay::MAX_STEPS),
                "{name}"
            );
            for (k, (s, e)) in t.steps.iter().zip(&ev).enumerate() {
                assert_eq!(s.number, k + 1);
                // Each step tells its packet and time, as the capture has them.
                if let Some(p) = e.packet {
                    assert!(
                        s.narration.starts_with(&format!("Packet {p}, ")),
                        "{name}: {}",
                        s.narration
                    );
                }
            }
            // Every step draws (the page's and the CLI's drawing code) without a panic.
            for step in 0..=t.steps.len() {
                let o = ftp_explorer::draw::topology::Opts {
                    width: 900,
                    animate: false,
                    ms: 1000,
                };
                let (svg, _, _) = ftp_explorer::draw::topology::topology(&t, step, &o);
                assert!(!svg.is_empty());
                let _ = ftp_explorer::draw::lanes::lanes(&t, step, 700);
                let _ = ftp_explorer::draw::step::detail(&t, step);
            }
        }
        assert!(replay(&a, a.sessions.len(), None).is_none());
    }
}

#[test]
fn a_healthy_passive_session_replays_its_dialogue_and_connection() {
    let t = play("pasv-healthy.pcap");
    assert!(t.works, "{}", t.summary);
    assert!(t.fix.is_empty());
    let texts: Vec<&str> = t.steps.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(&texts[..3], ["SYN", "SYN-ACK", "220 (vsFTPd 3.0.3)"]);
    assert!(
        texts.contains(&"PASS ****"),
        "the password stays masked: {texts:?}"
    );
    // The 227 is decoded by the core's decoder, and the data connection follows it to that endpoint.
    let pasv = t.steps.iter().find(|s| s.text.starts_with("227 ")).unwrap();
    assert_eq!(pasv.kind, StepKind::Reply);
    let e = pasv.decoded.as_ref().and_then(|d| d.endpoint).unwrap();
    assert_eq!(
        (e.ip.unwrap().to_string(), e.port),
        ("127.0.0.1".into(), 50003)
    );
    assert_eq!(
        data_steps(&t),
        [
            (StepKind::Syn, "SYN".into()),
            (StepKind::SynAck, "SYN-ACK".into()),
            (StepKind::Data, "135 bytes to the client".into())
        ]
    );
    let syn = t
        .steps
        .iter()
        .find(|s| s.connection == Connection::Data)
        .unwrap();
    assert_eq!(syn.hops.last().unwrap().dst.to_string(), "127.0.0.1:50003");
    assert!(t.steps.iter().all(|s| s.delivered));
    assert!(t.steps.last().unwrap().text.starts_with("221"));
    // No device between the hosts is proven by a loopback capture.
    let present: Vec<Node> = t
        .nodes
        .iter()
        .filter(|n| n.present)
        .map(|n| n.node)
        .collect();
    assert_eq!(present, [Node::Client, Node::Internet, Node::Server]);
    assert!(t.data_connection.opened && t.data_connection.failure.is_none());
}

#[test]
fn the_private_address_timeout_shows_unanswered_syns_lost_on_the_way() {
    let (a, d) = load("nat-private-used-client.pcap");
    let t = replay(&a, 0, d.sessions.first()).unwrap();
    assert!(!t.works);
    // The capture proves a NAT in front of the server: it advertised 10.0.1.5, but is reached at 203.0.113.5.
    let edge = t.nodes.iter().find(|n| n.node == Node::ServerEdge).unwrap();
    assert!(edge.present, "{edge:?}");
    assert!(
        edge.detail.contains("10.0.1.5") && edge.detail.contains("203.0.113.5"),
        "{}",
        edge.detail
    );
    let syns: Vec<usize> = (0..t.steps.len())
        .filter(|&i| t.steps[i].connection == Connection::Data && t.steps[i].kind == StepKind::Syn)
        .collect();
    assert_eq!(syns.len(), 3, "three tries, as the capture has them");
    assert!(
        t.steps[syns[2]]
            .text
            .contains("try 3, 2.0 s after the first"),
        "{}",
        t.steps[syns[2]].text
    );
    for &i in &syns {
        assert!(!t.steps[i].delivered);
        let st = stop(&t, i).unwrap();
        assert_eq!((st.node, st.word), (Node::Internet, "LOST"));
        assert_eq!(st.rule, "no route to 10.0.1.5");
    }
    // Then the client gives up: a timeout, the outcome the wire shows.
    let last = &t.steps[syns[2] + 1];
    assert_eq!(last.kind, StepKind::Timeout);
    assert_eq!(last.text, "no answer to 3 SYNs");
    assert_eq!(t.data_connection.failure, Some(Failure::Timeout));
    assert!(
        t.summary.contains("10.0.1.5:50004") && t.summary.contains("never answered"),
        "{}",
        t.summary
    );
    // The fix is the diagnosis's (the same card the report shows first).
    assert!(d.sessions[0]
        .findings
        .iter()
        .any(|f| f.code == Code::DataSynUnanswered));
    assert!(t.fix[0].contains("pasv_address"), "{:?}", t.fix);
}

#[test]
fn a_reset_and_an_icmp_error_refuse_the_data_syn_where_they_came_from() {
    let t = play("pasv-range-reset-client.pcap");
    assert!(!t.works);
    assert_eq!(t.data_connection.failure, Some(Failure::Refused));
    let i = t
        .steps
        .iter()
        .position(|s| s.connection == Connection::Data && s.kind == StepKind::Syn)
        .unwrap();
    assert!(!t.steps[i].delivered);
    let st = stop(&t, i).unwrap();
    assert_eq!((st.node, st.word), (Node::Server, "REFUSED"));
    assert_eq!(t.steps[i + 1].kind, StepKind::Rst);
    assert_eq!(t.steps[i + 1].text, "RST from 203.0.113.5");
    assert!(t.steps[i + 1].narration.contains("Connection refused"));

    let t = play("pasv-range-icmp-client.pcap");
    assert!(!t.works);
    assert_eq!(t.data_connection.failure, Some(Failure::Refused));
    let i = t
        .steps
        .iter()
        .position(|s| s.connection == Connection::Data && s.kind == StepKind::Syn)
        .unwrap();
    assert_eq!(stop(&t, i).unwrap().word, "REFUSED");
    let icmp = &t.steps[i + 1];
    assert!(
        icmp.text
            .starts_with("ICMP communication administratively prohibited from 203.0.113.5"),
        "{}",
        icmp.text
    );
    assert!(
        icmp.narration.contains("type 3 code 13") && icmp.narration.contains("No route to host"),
        "{}",
        icmp.narration
    );
}

#[test]
fn active_mode_behind_nat_shows_the_clients_nat_and_the_servers_unanswered_tries() {
    let t = play("active-behind-nat-server.pcap");
    assert!(!t.works);
    let edge = t.nodes.iter().find(|n| n.node == Node::ClientEdge).unwrap();
    assert!(
        edge.present && edge.detail.contains("192.168.1.2") && edge.detail.contains("203.0.113.2"),
        "{edge:?}"
    );
    let syns: Vec<&ftp_explorer::scenario::Step> = t
        .steps
        .iter()
        .filter(|s| s.connection == Connection::Data && s.kind == StepKind::Syn)
        .collect();
    assert_eq!(syns.len(), 5);
    assert!(syns
        .iter()
        .all(|s| s.from == Node::Server && s.to == Node::Client && !s.delivered));
    // The 425 comes after the tries, from the capture.
    let after = t
        .steps
        .iter()
        .position(|s| s.text.starts_with("425"))
        .unwrap();
    let timeout = t
        .steps
        .iter()
        .position(|s| s.kind == StepKind::Timeout)
        .unwrap();
    assert!(timeout < after);
}

#[test]
fn a_connection_translated_by_the_servers_nat_is_drawn_so() {
    let t = play("nat-pasv-healthy-server.pcap");
    assert!(t.works);
    let syn = t
        .steps
        .iter()
        .find(|s| s.connection == Connection::Data && s.kind == StepKind::Syn)
        .unwrap();
    let x = &syn.translations[0];
    assert_eq!(x.device, Node::ServerEdge);
    assert!(
        x.before.ends_with("→ 203.0.113.5:50004") && x.after.ends_with("→ 10.0.1.5:50004"),
        "{x:?}"
    );
    let dsts: Vec<String> = syn.hops.iter().map(|h| h.dst.to_string()).collect();
    assert_eq!(dsts.first().unwrap(), "203.0.113.5:50004");
    assert_eq!(dsts.last().unwrap(), "10.0.1.5:50004");
}

/// The outcome is the wire's: a replay that fails is a session whose diagnosis has an error, and the
/// healthy captures (per the fixtures' README) replay as working.
#[test]
fn the_outcome_matches_the_captures_verdict() {
    let healthy = [
        "pasv-healthy.pcap",
        "epsv-healthy.pcapng",
        "port-healthy.pcap",
        "eprt-healthy-nanoseconds.pcap",
        "ipv6-epsv.pcapng",
        "lftp-sll2.pcap",
        "nat-private-replaced-client.pcap",
        "nat-helper-pasv-client.pcap",
        "nat-pasv-healthy-client.pcap",
        "nat-pasv-healthy-server.pcap",
        "active-helper-client.pcap",
        "active-helper-server.pcap",
    ];
    let failing = [
        "nat-private-used-client.pcap",
        "pasv-range-dropped-client.pcap",
        "pasv-range-reset-client.pcap",
        "pasv-range-icmp-client.pcap",
        "active-behind-nat-server.pcap",
        "client-firewall-client.pcap",
    ];
    for name in fixtures() {
        let (a, d) = load(&name);
        for i in 0..a.sessions.len() {
            let t = replay(&a, i, d.sessions.get(i)).unwrap();
            if !t.works {
                assert!(
                    d.sessions[i].has_errors()
                        || d.sessions[i]
                            .findings
                            .iter()
                            .any(|f| f.code == Code::DataNotSeen),
                    "{name} #{i}: {}",
                    t.summary
                );
            }
            if healthy.contains(&name.as_str()) {
                assert!(t.works, "{name} #{i}: {}", t.summary);
            }
            if failing.contains(&name.as_str()) {
                assert!(!t.works, "{name} #{i}: {}", t.summary);
                assert!(
                    !t.fix.is_empty(),
                    "{name}: a failure has the diagnosis's fix"
                );
                // Its failing SYN is shown stopped, by what the capture shows.
                assert!(
                    (0..t.steps.len())
                        .any(|k| t.steps[k].kind == StepKind::Syn && stop(&t, k).is_some()),
                    "{name}"
                );
            }
        }
    }
    // Two sessions at once: each its own replay.
    let (a, d) = load("two-sessions-any.pcap");
    assert_eq!(a.sessions.len(), 2);
    for i in 0..2 {
        assert!(replay(&a, i, d.sessions.get(i)).unwrap().works);
    }
}

/// The page's job (read in slices, then two sides compared) gives what reading at once gives.
#[test]
fn the_capture_job_in_slices_gives_the_same_as_at_once() {
    use ftp_explorer::capture_job::{run, CaptureJob};
    let read = |n: &str| {
        std::fs::read(format!(
            "{}/tests/fixtures/captures/{n}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let (c, s) = (
        read("pasv-range-dropped-client.pcap"),
        read("pasv-range-dropped-server.pcap"),
    );
    let files: [&[u8]; 2] = [&c, &s];
    let mut job = CaptureJob::new(&files, &Options::default());
    let mut last = 0.0;
    let mut steps = 0;
    while !job.is_done() {
        let p = job.step(&files, 3);
        assert!(p >= last && p <= 1.0, "{p} after {last}");
        last = p;
        steps += 1;
    }
    assert!(steps > 5, "{steps} steps");
    let sliced = job.finish(&files);
    assert_eq!(sliced, run(&files, &Options::default()));
    let two = ftp_explorer::diagnose::capture::check_two_sides(&c, &s, &Options::default());
    assert_eq!(sliced.findings, two.findings);
    assert_eq!(sliced.sides[0].1, two.first_diagnosis);
    assert!(sliced
        .findings
        .iter()
        .any(|f| f.code == Code::PacketLostBetweenSides));
    assert!(
        sliced.summary.starts_with("between the sides: "),
        "{}",
        sliced.summary
    );
    // A text file is no capture: the error names the offset, nothing panics.
    let text = b"220 hello\r\n".to_vec();
    let one = run(&[&text], &Options::default());
    let e = one.sides[0].0.error.as_ref().unwrap();
    assert_eq!(e.offset, 0);
}
