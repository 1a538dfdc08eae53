//! Any text as a flow link (`#/flow?…`) and as a setup form (`#/setup?…`): no panic; what reads back
//! writes back to the same thing; the scenario it names plays to a timeline without panic.
#![no_main]
use ftp_explorer::config::{from_query, generate, to_query};
use ftp_explorer::scenario::{timeline, FlowLink};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(link) = FlowLink::from_query(text) {
        assert_eq!(FlowLink::from_query(&link.to_query()).ok(), Some(link.clone()));
        let t = timeline(&link.scenario);
        assert!(!t.steps.is_empty());
        if let Some(c) = &link.compare {
            let _ = timeline(c);
        }
    }
    let (form, _) = from_query(text);
    assert_eq!(from_query(&to_query(&form)).0, form);
    let _ = generate(form.target, &form.inputs);
});
