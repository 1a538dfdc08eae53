//! No client model panics, whatever the reply; every reading is consistent.

use ftp_explorer::clients::interpret;
use proptest::prelude::*;
use std::net::IpAddr;

fn check(reply: &str, control: Option<IpAddr>) {
    for r in interpret(reply, control) {
        if r.accepted {
            assert!(
                r.port.is_some(),
                "{}: accepted without a port on {reply:?}",
                r.name
            );
        } else {
            assert!(
                r.ip.is_none() || r.name == "wireshark",
                "{}: rejected with an address on {reply:?}",
                r.name
            );
        }
        assert!(
            !r.note.is_empty() || r.accepted,
            "{}: no note on {reply:?}",
            r.name
        );
    }
}

fn controls() -> impl Strategy<Value = Option<IpAddr>> {
    prop_oneof![
        Just(None),
        Just(Some("203.0.113.9".parse().unwrap())),
        Just(Some("10.0.0.1".parse().unwrap())),
        Just(Some("::1".parse().unwrap())),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn any_text_after_a_passive_code(code in prop_oneof![Just("227"), Just("229")], sep in prop_oneof![Just(" "), Just("-"), Just("")], body in ".{0,80}", control in controls()) {
        check(&format!("{code}{sep}{body}"), control);
    }

    #[test]
    fn reply_like_text(
        code in prop_oneof![Just("227 "), Just("229 "), Just("227-x\n227 ")],
        parts in proptest::collection::vec(prop_oneof![
            Just("(".to_string()), Just(")".to_string()), Just(",".to_string()), Just("|".to_string()),
            Just("!".to_string()), Just(" ".to_string()), Just(".".to_string()), Just("\n".to_string()),
            "[0-9]{1,12}", Just("-".to_string()), Just("+".to_string()), Just("%".to_string()),
            Just("::1".to_string()), Just("Entering Passive Mode ".to_string()),
        ], 0..24),
        control in controls(),
    ) {
        check(&format!("{code}{}", parts.concat()), control);
    }
}

#[test]
fn awkward_edges() {
    for reply in [
        "227",
        "229",
        "227 ",
        "229 (",
        "229 ()",
        "229 (|||)",
        "229 (||||)",
        "229 (|||4294967297|)",
        "227 (,,,,,)",
        "227 (9999999999999999999999,1,2,3,4,5)",
        "229 (%%%1%)",
        "227-\n227-\n227 ",
    ] {
        for control in [None, Some("203.0.113.9".parse().unwrap())] {
            check(reply, control);
        }
    }
}
