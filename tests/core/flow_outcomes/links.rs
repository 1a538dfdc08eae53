//! The URL contract: links round-trip, bad values name their key, any scenario's link and any query
//! text are read without panic, every knob can be set through the link reader.

use ftp_explorer::scenario::*;
use proptest::prelude::*;

#[test]
fn links_round_trip_and_bad_values_name_their_key() {
    for p in presets() {
        let link = FlowLink {
            scenario: p.scenario,
            compare: p.compare,
            step: 3,
            preset: None,
            present: p.compare.is_some(),
        };
        assert_eq!(
            FlowLink::from_query(&link.to_query()).unwrap(),
            link,
            "{}",
            p.id
        );
        let by_id = FlowLink::from_query(&format!("preset={}", p.id)).unwrap();
        assert_eq!(by_id.scenario, p.scenario);
        assert_eq!(by_id.preset.as_deref(), Some(p.id));
    }
    let errors = FlowLink::from_query("mode=pasx&range=9-1&server-public=::1&step=x&preset=nope")
        .unwrap_err();
    let keys: Vec<&str> = errors.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["preset", "mode", "range", "server-public", "step"]);
    assert!(errors[1].message.contains("port|eprt|pasv|epsv|epsv-all"));
    // Presenter mode is part of the link; it keeps the preset.
    let l = FlowLink::from_query("preset=alg-ftps&present=1&step=4").unwrap();
    assert!(l.present);
    assert_eq!(l.preset.as_deref(), Some("alg-ftps"));
    assert!(
        l.to_query().ends_with("&step=4&present=1"),
        "{}",
        l.to_query()
    );
    assert!(!FlowLink::from_query("preset=alg-ftps").unwrap().present);
    assert_eq!(
        FlowLink::from_query("present=yes please").unwrap_err()[0].key,
        "present"
    );
    // Unknown keys are ignored; a changed preset is no longer that preset.
    let l = FlowLink::from_query("preset=alg-ftps&tls=off&colour=red").unwrap();
    assert_eq!(l.preset, None);
    assert!(!l.scenario.tls);
}

fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    (
        (
            0..Mode::ALL.len(),
            0..ClientSite::ALL.len(),
            0..ServerSite::ALL.len(),
            0..3usize,
            any::<[bool; 6]>(),
            0..2usize,
        ),
        (
            0u32..2000,
            0u32..2000,
            0u32..70000,
            any::<u16>(),
            any::<u16>(),
            any::<[u8; 4]>(),
            any::<u16>(),
        ),
    )
        .prop_map(
            |((m, c, s, f, b, ip), (idle, transfer, busy, lo, hi, addr, port))| {
                let mut sc = Scenario {
                    mode: Mode::ALL[m],
                    client: ClientSite::ALL[c],
                    server: ServerSite::ALL[s],
                    server_firewall: [
                        ServerFirewall::Open,
                        ServerFirewall::Closed,
                        ServerFirewall::Mismatch,
                    ][f],
                    client_firewall: b[0],
                    alg: b[1],
                    tls: b[2],
                    ip_check: b[3],
                    pasv_ip: if b[4] { PasvIp::Use } else { PasvIp::Ignore },
                    port_ip: if addr[1] % 2 == 0 {
                        PortIp::Own
                    } else {
                        PortIp::External
                    },
                    attack: [Attack::None, Attack::Steal, Attack::Bounce][(addr[0] % 3) as usize],
                    blocked: if b[5] { Blocked::Drop } else { Blocked::Reject },
                    idle_timeout: idle,
                    transfer_seconds: transfer,
                    busy_ports: busy,
                    ..Scenario::default()
                }
                .with_ip(IpVersion::ALL[ip]);
                sc.addresses.passive_range = Range::new(lo.max(1), hi.max(1));
                sc.addresses.control_port = port;
                if sc.ip == IpVersion::V4 {
                    // Any address anywhere, even colliding ones: the engine must cope.
                    sc.addresses.server_public = std::net::IpAddr::from(addr);
                }
                sc
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_scenario_plays_without_panic_and_its_link_round_trips(s in scenario_strategy()) {
        let t = timeline(&s);
        prop_assert!(!t.steps.is_empty());
        prop_assert_eq!(t.data_connection.failure.is_none(), t.data_connection.opened);
        let link = FlowLink { scenario: s, compare: None, step: 0, preset: None, present: false };
        if s.addresses.passive_range.min <= s.addresses.passive_range.max && s.addresses.control_port > 1 && s.busy_ports <= 65535 {
            prop_assert_eq!(FlowLink::from_query(&link.to_query()).unwrap(), link);
        }
    }

    #[test]
    fn any_query_text_is_read_without_panic(q in "[a-z=&%0-9.:-]{0,80}") {
        let _ = FlowLink::from_query(&q);
    }
}

#[test]
fn every_knob_can_be_set_through_the_link_reader() {
    for knob in knobs() {
        let s = Scenario::default();
        let current = value_of(&s, knob.key);
        assert!(!current.is_empty(), "{} has no value", knob.key);
        let mut errors = Vec::new();
        let mut t = s;
        ftp_explorer::scenario::link::apply(
            &mut t,
            &[(knob.key.to_string(), current.clone())],
            &mut errors,
        );
        assert!(errors.is_empty(), "{}: {errors:?}", knob.key);
        assert_eq!(t, s, "{} = {current} changed the scenario", knob.key);
        for (value, _) in &knob.choices {
            let mut t = s;
            ftp_explorer::scenario::link::apply(
                &mut t,
                &[(knob.key.to_string(), value.to_string())],
                &mut errors,
            );
            assert!(errors.is_empty(), "{}={value}: {errors:?}", knob.key);
            assert_eq!(value_of(&t, knob.key), *value);
        }
    }
}
