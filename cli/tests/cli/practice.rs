//! `ftp-explorer practice`: the flags and JSON the issue names, the same set for the same seed, the
//! worksheet with its key, the quiz formats, and usage errors (exit 2).

use crate::common::{code, run, stderr, stdout};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let mut all = vec!["practice", "--json"];
    all.extend_from_slice(args);
    let o = run(&all);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("one JSON object")
}

#[test]
fn the_json_is_one_object_with_the_named_fields_and_the_seed_decides() {
    let v = json(&["--seed", "31", "--count", "7", "--level", "advanced", "--kinds",
        "port-from-reply,bytes-from-port,epsv-endpoint,classify,predict-outcome,choose-fix,read-log"]);
    assert_eq!(v["seed"], 31);
    assert_eq!(v["level"], "advanced");
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 7);
    let kinds: Vec<&str> = items.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "port-from-reply",
            "bytes-from-port",
            "epsv-endpoint",
            "classify",
            "predict-outcome",
            "choose-fix",
            "read-log"
        ]
    );
    for it in items {
        for key in [
            "id",
            "kind",
            "prompt",
            "input",
            "control",
            "scenario",
            "choices",
            "answer",
            "explanation",
            "link",
        ] {
            assert!(it.get(key).is_some(), "{key} in {it}");
        }
    }
    assert!(
        items[1]["input"].is_u64(),
        "bytes-from-port's input is the port, a number"
    );
    assert!(items[2]["control"].is_string());
    // The scenario is the flow command's --scenario text: playing it gives the predicted outcome.
    let scenario = items[4]["scenario"].as_str().unwrap();
    let o = run(&["flow", "--json", "--scenario", scenario]);
    let flow: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        flow["data_connection"]["opened"],
        items[4]["answer"]["opened"]
    );
    // choose-fix: exactly one of the choices' scenarios works, and it is the answer.
    let choices = items[5]["choices"].as_array().unwrap();
    let works: Vec<usize> = (0..choices.len())
        .filter(|i| {
            let o = run(&[
                "flow",
                "--json",
                "--scenario",
                choices[*i]["scenario"].as_str().unwrap(),
            ]);
            code(&o) == 0
        })
        .collect();
    assert_eq!(
        works,
        [items[5]["answer"]["choice"].as_u64().unwrap() as usize]
    );
    // The same command, the same set; another seed, another.
    assert_eq!(v, json(&["--seed", "31", "--count", "7", "--level", "3", "--kinds",
        "port-from-reply,bytes-from-port,epsv-endpoint,classify,predict-outcome,choose-fix,read-log"]));
    assert_ne!(
        v["items"],
        json(&["--seed", "32", "--count", "7", "--level", "3"])["items"]
    );
}

#[test]
fn a_worksheet_with_its_key_and_the_quiz_formats() {
    let o = run(&["practice", "--seed", "5", "--count", "3"]);
    assert_eq!(code(&o), 0);
    let sheet = stdout(&o);
    assert!(sheet.contains("1. [") && sheet.contains("3. ["), "{sheet}");
    assert!(!sheet.contains("ANSWER KEY"));
    let keyed = stdout(&run(&[
        "practice",
        "--seed",
        "5",
        "--count",
        "3",
        "--answers",
    ]));
    assert!(
        keyed.starts_with(&sheet[..sheet.find("\n\n").unwrap()]),
        "the same set"
    );
    assert!(keyed.contains("ANSWER KEY"));
    let xml = stdout(&run(&[
        "practice",
        "--seed",
        "5",
        "--count",
        "3",
        "--format",
        "moodle-xml",
    ]));
    assert!(
        xml.starts_with("<?xml") && xml.trim_end().ends_with("</quiz>"),
        "{xml}"
    );
    assert_eq!(
        xml.matches("<question type=\"").count(),
        4,
        "a category and three questions"
    );
    let gift = stdout(&run(&[
        "practice", "--seed", "5", "--count", "3", "--format", "gift",
    ]));
    assert_eq!(
        gift.matches("\n::5-").count() + usize::from(gift.starts_with("::5-")),
        3,
        "{gift}"
    );
}

#[test]
fn usage_errors_exit_2_with_the_reason() {
    for (args, reason) in [
        (&["practice", "--count", "0"][..], "--count"),
        (&["practice", "--count", "201"][..], "--count"),
        (
            &["practice", "--kinds", "port-from-reply,nonsense"][..],
            "nonsense",
        ),
        (&["practice", "--level", "expert"][..], "expert"),
        (&["practice", "--format", "pdf"][..], "pdf"),
        (&["practice", "--seed", "-1"][..], "-1"),
        (&["practice", "--json", "--format", "gift"][..], "disagree"),
    ] {
        let o = run(args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).contains(reason), "{args:?}: {}", stderr(&o));
    }
}
