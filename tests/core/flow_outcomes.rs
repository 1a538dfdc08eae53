//! The connection-flow model: derived outcomes of every preset and of the cross product of the main
//! knobs (checked against an independent statement of the rules), every FTP line decoding back to the
//! endpoint its step claims, the shape of every timeline, and the URL contract.

use ftp_explorer::scenario::*;
use ftp_explorer::wire;
use proptest::prelude::*;

/// What should happen, per preset: (id, works, data-connection failure, attack succeeded).
const EXPECTED: &[(&str, bool, Option<&str>, Option<bool>)] = &[
    ("active-vs-passive", false, Some("rejected"), None),
    ("active-nat", false, Some("rejected"), None),
    ("active-nat-no-forward", false, Some("timeout"), None),
    ("active-firewall", false, Some("timeout"), None),
    ("active-alg", true, None, None),
    ("active-alg-ftps", false, Some("rejected"), None),
    ("pasv-private-ip", false, Some("timeout"), None),
    ("pasv-address-set", true, None, None),
    ("epsv-no-address", true, None, None),
    ("epsv-works-pasv-fails", false, Some("timeout"), None),
    ("works-locally", false, Some("timeout"), None),
    ("refused-data-port", false, Some("refused"), None),
    ("range-closed", false, Some("timeout"), None),
    ("range-mismatch", false, Some("timeout"), None),
    ("alg-cleartext", true, None, None),
    ("alg-ftps", false, Some("timeout"), None),
    ("stall-idle-timeout", false, None, None),
    ("range-exhausted", false, Some("rejected"), None),
    ("port-stealing", false, Some("rejected"), Some(false)),
    (
        "port-stealing-unchecked",
        false,
        Some("refused"),
        Some(true),
    ),
    ("bounce", false, None, Some(true)),
    ("bounce-refused", false, Some("rejected"), Some(false)),
    ("ipv6-epsv", true, None, None),
    ("ipv6-pasv", false, Some("rejected"), None),
];

fn failure(t: &Timeline) -> Option<&'static str> {
    t.data_connection.failure.map(|f| f.as_str())
}

#[test]
fn every_preset_has_its_derived_outcome() {
    let all = presets();
    assert_eq!(
        all.len(),
        EXPECTED.len(),
        "a preset without an expected outcome, or the reverse"
    );
    for (id, works, fail, attack) in EXPECTED {
        let p = preset(id).unwrap_or_else(|| panic!("no preset {id}"));
        let t = timeline(&p.scenario);
        let bounce_ok = *id == "bounce";
        assert_eq!(t.works && !bounce_ok, *works, "{id}: works; {}", t.summary);
        assert_eq!(failure(&t), *fail, "{id}: failure; {}", t.summary);
        assert_eq!(
            t.attack.as_ref().map(|a| a.succeeded),
            *attack,
            "{id}: attack"
        );
        if !t.works {
            assert!(
                !t.fix.is_empty() || attack.is_some(),
                "{id}: a failure without a fix"
            );
        }
    }
}

#[test]
fn the_contrasting_presets_show_a_contrast() {
    for id in ["works-locally", "epsv-works-pasv-fails"] {
        let p = preset(id).unwrap();
        let (a, b) = (timeline(&p.scenario), timeline(&p.compare.unwrap()));
        assert!(!a.works && b.works, "{id}: {} / {}", a.summary, b.summary);
    }
    let p = preset("active-vs-passive").unwrap();
    let passive = timeline(&p.compare.unwrap());
    assert!(passive.works, "{}", passive.summary);
}

/// The rules, stated independently of the engine: cleartext, no helper, IPv4, default client.
fn oracle(
    mode: Mode,
    client: ClientSite,
    server: ServerSite,
    fw: ServerFirewall,
    port_ip: PortIp,
) -> Option<&'static str> {
    let range_open = fw == ServerFirewall::Open;
    match mode {
        // Active: the server checks PORT/EPRT against the control peer; a NATed client writes its
        // private address, so the server refuses. Told to write its public address, it passes the
        // check, but its NAT forwards nothing: the server's SYN is dropped there, a timeout. A public
        // client without a firewall is reached either way (its public address is its own).
        Mode::Port | Mode::Eprt => match (client, port_ip) {
            (ClientSite::Nat, PortIp::Own) => Some("rejected"),
            (ClientSite::Nat, PortIp::External) => Some("timeout"),
            _ => None,
        },
        // PASV: a server behind NAT without its external address advertises a private address that
        // the Internet does not route; otherwise the range must be open.
        Mode::Pasv => {
            if server == ServerSite::Nat || !range_open {
                Some("timeout")
            } else {
                None
            }
        }
        // EPSV: no address at all; only the range matters.
        Mode::Epsv | Mode::EpsvAll => (!range_open).then_some("timeout"),
    }
}

#[test]
fn the_cross_product_of_the_main_knobs_follows_the_rules() {
    let mut n = 0;
    for &mode in Mode::ALL {
        for client in [ClientSite::Public, ClientSite::Nat] {
            for &server in ServerSite::ALL {
                for fw in [
                    ServerFirewall::Open,
                    ServerFirewall::Closed,
                    ServerFirewall::Mismatch,
                ] {
                    for &port_ip in PortIp::ALL {
                        let s = Scenario {
                            mode,
                            client,
                            server,
                            server_firewall: fw,
                            port_ip,
                            ..Scenario::default()
                        };
                        let t = timeline(&s);
                        let want = oracle(mode, client, server, fw, port_ip);
                        assert_eq!(failure(&t), want, "{}: {}", t.title, t.summary);
                        assert_eq!(t.works, want.is_none(), "{}", t.title);
                        assert_eq!(t.data_connection.opened, want.is_none(), "{}", t.title);
                        n += 1;
                    }
                }
            }
        }
    }
    assert_eq!(n, 5 * 2 * 3 * 3 * 2);
}

#[test]
fn helpers_rescue_cleartext_but_not_tls() {
    for &mode in Mode::ALL {
        for tls in [false, true] {
            // The server side: behind NAT without the external address, range closed.
            let s = Scenario {
                mode,
                server: ServerSite::Nat,
                server_firewall: ServerFirewall::Closed,
                alg: true,
                tls,
                client: ClientSite::Public,
                ..Scenario::default()
            };
            let t = timeline(&s);
            if mode.is_passive() {
                assert_eq!(t.works, !tls, "{}: {}", t.title, t.summary);
            }
            // The client side: active mode from behind NAT.
            let s = Scenario {
                mode,
                client: ClientSite::Nat,
                alg: true,
                tls,
                server: ServerSite::Public,
                ..Scenario::default()
            };
            let t = timeline(&s);
            if !mode.is_passive() {
                assert_eq!(t.works, !tls, "{}: {}", t.title, t.summary);
            }
        }
    }
    // The helper rewrote the 227: the client read the public address.
    let t = timeline(&preset("alg-cleartext").unwrap().scenario);
    let step = t.steps.iter().find(|s| s.text.starts_with("227")).unwrap();
    let (before, after) = step.helper.as_ref().unwrap().rewrote.clone().unwrap();
    assert_eq!(before, step.text);
    assert_eq!(
        wire::decode(&after).unwrap().ip(),
        Some("203.0.113.100".parse().unwrap())
    );
    // Under TLS it was blind.
    let t = timeline(&preset("alg-ftps").unwrap().scenario);
    let step = t.steps.iter().find(|s| s.text.starts_with("227")).unwrap();
    assert!(step.encrypted);
    assert!(step.helper.as_ref().unwrap().blind);
}

#[test]
fn a_client_firewall_blocks_active_mode_and_a_reject_is_refused() {
    let s = Scenario {
        mode: Mode::Port,
        client: ClientSite::Public,
        client_firewall: true,
        server: ServerSite::Public,
        ..Scenario::default()
    };
    let t = timeline(&s);
    assert_eq!(failure(&t), Some("timeout"));
    assert!(t
        .steps
        .iter()
        .any(|s| s.text == "425 Failed to establish connection."));
    let blocked = t
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Syn && !s.delivered)
        .unwrap();
    assert_eq!(blocked.reached, Node::ClientEdge);
    assert!(blocked
        .verdicts
        .iter()
        .any(|v| !v.allowed && v.device == Node::ClientEdge));
    let t = timeline(&Scenario {
        blocked: Blocked::Reject,
        ..s
    });
    assert_eq!(failure(&t), Some("refused"));
    assert!(t.steps.iter().any(|s| s.kind == StepKind::Rst));
}

#[test]
fn a_client_announcing_its_public_address_passes_the_check_and_dies_at_its_own_nat() {
    let s = preset("active-nat-no-forward").unwrap().scenario;
    let t = timeline(&s);
    // The PORT names the public address, as the encoder writes it and the decoder reads it back.
    let port = t
        .steps
        .iter()
        .find(|s| s.text.starts_with("PORT "))
        .unwrap();
    assert_eq!(port.text, "PORT 198,51,100,7,203,32");
    assert_eq!(
        port.decoded.as_ref().and_then(|d| d.endpoint).map(|e| e.ip),
        Some(Some("198.51.100.7".parse().unwrap()))
    );
    // The server's address check is satisfied: the control connection comes from that address too.
    assert!(t
        .steps
        .iter()
        .any(|s| s.text.starts_with("200 PORT command successful")));
    // The server's SYN crosses the Internet and stops at the client's router, which has no forward.
    let syn = t
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Syn && s.connection == Connection::Data)
        .unwrap();
    assert!(!syn.delivered);
    assert_eq!(syn.from, Node::Server);
    assert_eq!(syn.reached, Node::ClientEdge);
    assert_eq!(
        syn.hops.last().map(|h| h.dst.to_string()),
        Some("198.51.100.7:52000".to_string())
    );
    assert!(syn
        .verdicts
        .iter()
        .any(|v| !v.allowed && v.device == Node::ClientEdge));
    let i = syn.number - 1;
    let mark = view::stop(&t, i).unwrap();
    assert_eq!((mark.node, mark.word), (Node::ClientEdge, "DROPPED"));
    assert_eq!(t.steps[i + 1].kind, StepKind::Drop);
    assert!(t
        .steps
        .iter()
        .any(|s| s.text == "425 Failed to establish connection."));
    assert_eq!(failure(&t), Some("timeout"));
    assert!(t
        .fix
        .iter()
        .any(|f| f.contains("forward") && f.contains("52000")));
    // Rejecting instead: refused at once. An FTP helper cannot help: the address is not the sender's.
    assert_eq!(
        failure(&timeline(&Scenario {
            blocked: Blocked::Reject,
            ..s
        })),
        Some("refused")
    );
    let helped = timeline(&Scenario { alg: true, ..s });
    assert_eq!(failure(&helped), Some("timeout"), "{}", helped.summary);
    // EPRT the same; the default (its own address) is the address check's lesson.
    let eprt = timeline(&Scenario {
        mode: Mode::Eprt,
        ..s
    });
    assert_eq!(failure(&eprt), Some("timeout"));
    assert!(eprt
        .steps
        .iter()
        .any(|s| s.text == "EPRT |1|198.51.100.7|52000|"));
    let own = timeline(&preset("active-nat").unwrap().scenario);
    assert_eq!(failure(&own), Some("rejected"));
    assert!(own
        .steps
        .iter()
        .any(|s| s.text == "500 Illegal PORT command."));
    // A public client's public address is its own: nothing changes.
    let public = Scenario {
        client: ClientSite::Public,
        ..s
    };
    assert!(timeline(&public).works);
    assert_eq!(
        timeline(&public).steps,
        timeline(&Scenario {
            port_ip: PortIp::Own,
            ..public
        })
        .steps
    );
}

#[test]
fn ignoring_the_227_address_rescues_a_private_advertisement() {
    let s = Scenario {
        server: ServerSite::Nat,
        pasv_ip: PasvIp::Ignore,
        ..Scenario::default()
    };
    let t = timeline(&s);
    assert!(t.works, "{}", t.summary);
    // Inside the LAN, an external address needs hairpin NAT, unless the client ignores it.
    let lan = Scenario {
        client: ClientSite::Lan,
        server: ServerSite::NatExternal,
        ..Scenario::default()
    };
    let t = timeline(&lan);
    assert!(!t.works);
    assert!(
        t.data_connection.reason.contains("hairpin"),
        "{}",
        t.data_connection.reason
    );
    assert!(
        timeline(&Scenario {
            pasv_ip: PasvIp::Ignore,
            ..lan
        })
        .works
    );
}

#[test]
fn the_nat_translation_is_visible_on_every_leg() {
    let t = timeline(&preset("pasv-address-set").unwrap().scenario);
    let syn = t
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Syn && s.connection == Connection::Data)
        .unwrap();
    let legs: Vec<String> = syn
        .hops
        .iter()
        .map(|h| format!("{}>{} {}>{}", h.from.as_str(), h.to.as_str(), h.src, h.dst))
        .collect();
    assert_eq!(
        legs,
        [
            "client>client-edge 192.168.1.10:51001>203.0.113.100:50000",
            "client-edge>internet 198.51.100.7:51001>203.0.113.100:50000",
            "internet>server-edge 198.51.100.7:51001>203.0.113.100:50000",
            "server-edge>server 198.51.100.7:51001>10.0.0.5:50000",
        ]
    );
    assert_eq!(syn.translations.len(), 2);
    assert!(syn
        .verdicts
        .iter()
        .any(|v| v.allowed && v.rule.contains("50000-51000")));
    assert_eq!(
        t.data_connection.from.as_deref(),
        Some("192.168.1.10:51001")
    );
    assert_eq!(t.data_connection.to.as_deref(), Some("203.0.113.100:50000"));
}

#[test]
fn the_stall_loses_the_226_and_exhaustion_refuses_the_port() {
    let t = timeline(&preset("stall-idle-timeout").unwrap().scenario);
    assert!(t.data_connection.opened);
    let lost = t
        .steps
        .iter()
        .find(|s| s.text == "226 Transfer complete.")
        .unwrap();
    assert!(!lost.delivered);
    assert!(t.fix.iter().any(|f| f.contains("keepalive")));
    // Below the timeout it works.
    assert!(
        timeline(&Scenario {
            transfer_seconds: 60,
            ..preset("stall-idle-timeout").unwrap().scenario
        })
        .works
    );
    let p = preset("range-exhausted").unwrap().scenario;
    assert!(!timeline(&p).works);
    assert!(
        timeline(&Scenario { busy_ports: 9, ..p }).works,
        "one port left is enough"
    );
}

fn all_scenarios() -> Vec<Scenario> {
    let mut v: Vec<Scenario> = presets()
        .into_iter()
        .flat_map(|p| [Some(p.scenario), p.compare])
        .flatten()
        .collect();
    for &mode in Mode::ALL {
        for &client in ClientSite::ALL {
            for &server in ServerSite::ALL {
                for alg in [false, true] {
                    for tls in [false, true] {
                        for &ip in IpVersion::ALL {
                            for fw in [ServerFirewall::Open, ServerFirewall::Closed] {
                                let s = Scenario {
                                    mode,
                                    client,
                                    server,
                                    alg,
                                    tls,
                                    server_firewall: fw,
                                    ..Scenario::default()
                                }
                                .with_ip(ip);
                                v.push(s);
                                v.push(Scenario {
                                    client_firewall: true,
                                    attack: Attack::Steal,
                                    ..s
                                });
                                v.push(Scenario {
                                    port_ip: PortIp::External,
                                    blocked: Blocked::Reject,
                                    ..s
                                });
                                v.push(Scenario {
                                    attack: Attack::Bounce,
                                    ip_check: false,
                                    pasv_ip: PasvIp::Ignore,
                                    ..s
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    v
}

#[test]
fn every_ftp_line_decodes_back_to_the_endpoint_its_step_claims() {
    let mut checked = 0;
    for s in all_scenarios() {
        let t = timeline(&s);
        for step in &t.steps {
            if let Some(bytes) = &step.bytes {
                assert!(
                    bytes.ends_with("\r\n") && bytes.trim_end_matches("\r\n") == step.text,
                    "{bytes:?}"
                );
            }
            let Some(claim) = step.endpoint else { continue };
            let bytes = step.bytes.as_deref().unwrap();
            let d = wire::decode(bytes.trim_end())
                .unwrap_or_else(|e| panic!("{}: {bytes:?}: {e}", t.title));
            assert_eq!(d.endpoint, Some(claim), "{}: step {}", t.title, step.number);
            assert_eq!(step.decoded.as_ref().map(|x| x.endpoint), Some(Some(claim)));
            // A helper's rewrite is the encoder's text too, and decodes to its outside address.
            if let Some((_, after)) = step.helper.as_ref().and_then(|h| h.rewrote.clone()) {
                let r = wire::decode(&after).unwrap();
                assert_eq!(r.port(), Some(claim.port));
                assert_eq!(wire::encode(r.kind, r.ip(), claim.port).unwrap(), after);
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} lines checked");
}

#[test]
fn every_timeline_is_well_formed() {
    for s in all_scenarios() {
        let t = timeline(&s);
        assert!(!t.steps.is_empty());
        for (i, step) in t.steps.iter().enumerate() {
            assert_eq!(step.number, i + 1);
            assert!(
                !step.narration.trim().is_empty(),
                "{}: step {} has no narration",
                t.title,
                step.number
            );
            for pair in step.hops.windows(2) {
                assert_eq!(
                    pair[0].to, pair[1].from,
                    "{}: broken path at step {}",
                    t.title, step.number
                );
            }
            if let (Some(first), Some(last)) = (step.hops.first(), step.hops.last()) {
                assert_eq!(first.from, step.from, "{}: step {}", t.title, step.number);
                assert_eq!(last.to, step.reached, "{}: step {}", t.title, step.number);
            }
            if step.delivered && !step.hops.is_empty() {
                assert_eq!(step.reached, step.to);
            }
            if !step.delivered {
                assert_ne!(step.reached, step.to, "{}: step {}", t.title, step.number);
            }
        }
        let d = &t.data_connection;
        assert_eq!(d.failure.is_none(), d.opened, "{}", t.title);
        assert!(
            d.opened || !d.reason.is_empty(),
            "{}: a failure without a reason",
            t.title
        );
        if d.failure == Some(Failure::Timeout) {
            assert!(t.steps.iter().any(|s| s.kind == StepKind::Timeout));
        }
        if t.works {
            assert!(t.steps.iter().any(|s| s.kind == StepKind::Data));
            assert!(t.fix.is_empty());
        }
        // The JSON contract of `ftp-explorer flow --json`.
        let v = serde_json::to_value(&t).unwrap();
        for key in ["scenario", "steps", "data_connection", "works", "summary"] {
            assert!(v.get(key).is_some(), "{key}");
        }
        for key in ["opened", "from", "to", "failure", "reason"] {
            assert!(v["data_connection"].get(key).is_some(), "{key}");
        }
    }
}

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
