//! One drawing of a timeline for the page and the terminal: both sequence diagrams place every device
//! in the same order ([`ftp_explorer::draw::lanes_of`]), for every preset and its comparison, and with
//! the client in the server's LAN (where the client stands beside the server).

use ftp_explorer::draw::{lanes::lanes, lanes_of, terminal::diagram};
use ftp_explorer::scenario::{presets, timeline, FlowLink, Timeline};

/// The devices of the page's sequence diagram, left to right (its lifelines, by their x).
fn page_lanes(t: &Timeline) -> Vec<String> {
    let (svg, _, _) = lanes(t, 1, 1200);
    let mut lifelines: Vec<(i32, String)> = svg
        .split(r#"<path class="life" data-node=""#)
        .skip(1)
        .map(|rest| {
            let (node, rest) = rest.split_once('"').unwrap();
            let x = rest.split_once(r#"d="M"#).unwrap().1;
            let x: i32 = x.split(' ').next().unwrap().parse().unwrap();
            (x, node.to_string())
        })
        .collect();
    lifelines.sort();
    lifelines.into_iter().map(|(_, n)| n).collect()
}

/// The devices of the terminal's sequence diagram, left to right (the names over its lifelines).
fn terminal_lanes(t: &Timeline) -> Vec<String> {
    let text = diagram(t, true);
    let rows: Vec<&str> = text.lines().collect();
    // The header (the devices' names) is the line just before the first numbered arrow ("  1 ").
    let first_arrow = rows
        .iter()
        .position(|l| l.trim_start().starts_with("1 "))
        .expect("a numbered arrow");
    rows[first_arrow - 1]
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

fn timelines() -> Vec<(String, Timeline)> {
    let mut all = Vec::new();
    for p in presets() {
        all.push((p.id.to_string(), timeline(&p.scenario)));
        if let Some(c) = &p.compare {
            all.push((format!("{} (compared)", p.id), timeline(c)));
        }
    }
    for query in [
        "client=lan",
        "client=lan&mode=port",
        "client=public&server=public",
        "attack=steal",
    ] {
        let l = FlowLink::from_query(query).unwrap_or_else(|e| panic!("{query}: {e:?}"));
        all.push((query.to_string(), timeline(&l.scenario)));
    }
    all
}

#[test]
fn the_page_and_the_terminal_place_every_device_the_same() {
    let mut lan_seen = false;
    for (name, t) in timelines() {
        let shared: Vec<String> = lanes_of(&t)
            .iter()
            .map(|n| n.as_str().to_string())
            .collect();
        assert_eq!(page_lanes(&t), shared, "{name}: the page's lanes");
        assert_eq!(terminal_lanes(&t), shared, "{name}: the terminal's lanes");
        assert!(
            shared.contains(&"client".to_string()) && shared.contains(&"server".to_string()),
            "{name}"
        );
        let pos = |n: &str| shared.iter().position(|x| x == n).unwrap();
        if !shared.contains(&"internet".to_string()) {
            // A client in the server's LAN stands beside the server, in both drawings.
            lan_seen = true;
            assert_eq!(pos("client") + 1, pos("server"), "{name}: {shared:?}");
        }
    }
    assert!(lan_seen, "no timeline had the client in the server's LAN");
}
