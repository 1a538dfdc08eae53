//! Every timeline over many scenarios: each FTP line decodes back to the endpoint its step claims, and
//! each timeline is well formed (paths, deliveries, the JSON contract).

use ftp_explorer::scenario::*;
use ftp_explorer::wire;

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
