//! Properties over any input: the query round trip, generate or explain, no panic, a text to show.

use ftp_explorer::config::{
    check, from_query, generate, preview, to_query, Form, Inputs, Pair, Problem, Target,
};
use proptest::prelude::*;

fn any_target() -> impl Strategy<Value = Target> {
    prop::sample::select(Target::ALL.to_vec())
}

fn any_inputs() -> impl Strategy<Value = Inputs> {
    let address = prop_oneof![
        Just(String::new()),
        "\\PC{0,30}",
        "[0-9.]{1,16}",
        "[0-9a-f:]{2,20}",
        "[a-z0-9.-]{1,30}",
        Just("203.0.113.5".to_string()),
        Just("ftp.example.com".to_string()),
    ];
    let port = prop_oneof![0u32..70000, any::<u32>(), Just(21u32)];
    (
        address,
        any::<bool>(),
        port.clone(),
        port.clone(),
        any::<bool>(),
        any::<bool>(),
        prop_oneof![0u32..2000, any::<u32>()],
        prop_oneof![0u32..200, any::<u32>()],
        prop_oneof![0u32..70000, any::<u32>()],
        port,
    )
        .prop_map(
            |(
                address,
                behind_nat,
                passive_min,
                passive_max,
                active,
                tls,
                max_clients,
                max_per_ip,
                data_timeout,
                control_port,
            )| Inputs {
                address,
                behind_nat,
                passive_min,
                passive_max,
                active,
                tls,
                max_clients,
                max_per_ip,
                data_timeout,
                control_port,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn query_round_trips(target in any_target(), inputs in any_inputs()) {
        let f = Form { target, inputs };
        let (back, problems) = from_query(&to_query(&f));
        prop_assert!(problems.is_empty(), "{:?}", problems);
        prop_assert_eq!(back, f);
    }

    #[test]
    fn any_input_generates_or_explains(target in any_target(), inputs in any_inputs()) {
        let problems = check(target, &inputs);
        match generate(target, &inputs) {
            Ok(g) => {
                prop_assert!(problems.iter().all(|p| !p.is_error()));
                prop_assert_eq!(&g.warnings, &problems);
                prop_assert!(g.text.ends_with('\n'));
                // What the address puts in the text is only ever a checked address or host name.
                let a = inputs.address.trim();
                if !a.is_empty() {
                    prop_assert!(a.bytes().all(|b| b.is_ascii_alphanumeric() || b".:-".contains(&b)));
                }
            }
            Err(p) => {
                prop_assert_eq!(&p, &problems);
                prop_assert!(p.iter().any(Problem::is_error));
            }
        }
    }

    #[test]
    fn any_query_reads_without_panic(q in "\\PC{0,80}") {
        let _ = from_query(&q);
        let _ = Pair::from_query(&q);
    }

    #[test]
    fn pair_queries_round_trip(
        server in prop::sample::select(vec![Target::Vsftpd, Target::Proftpd, Target::PureFtpd, Target::Pyftpdlib]),
        firewall in prop::sample::select(vec![Target::Nftables, Target::Iptables, Target::Ufw, Target::Firewalld, Target::Docker]),
        inputs in any_inputs(),
    ) {
        let p = Pair { server, firewall, inputs };
        let (back, problems) = Pair::from_query(&p.to_query());
        prop_assert!(problems.is_empty(), "{:?}", problems);
        prop_assert_eq!(back, p);
    }

    /// Whatever the inputs, a form has something to show: the configuration, or a preview.
    #[test]
    fn any_input_has_a_text_to_show(target in any_target(), inputs in any_inputs()) {
        match (generate(target, &inputs), preview(target, &inputs)) {
            (Ok(_), None) => {}
            (Err(_), Some((g, fields))) => {
                prop_assert!(!fields.is_empty());
                prop_assert!(g.text.ends_with('\n'));
                prop_assert!(g.text.contains(&g.command));
            }
            (ok, p) => prop_assert!(false, "generate {:?} but preview {:?}", ok.is_ok(), p.is_some()),
        }
    }
}
