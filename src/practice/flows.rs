//! The kinds about whole sessions: a scenario drawn from the knobs a level teaches, played by the flow
//! engine; the answer is what the simulated packets did (and, for `read-log`, what the checker finds
//! in the log the session would have printed).

use super::rng::Rng;
use super::{flow_link, item, Answer, Choice, Input, Item, Kind, Level};
use crate::diagnose::{diagnose, Code, Options};
use crate::log::Format;
use crate::scenario::{knobs, timeline, Connection, FlowLink, Node, StepKind, Timeline};

/// The knobs a level draws from, with the values it uses.
fn knob_pool(level: Level) -> Vec<(&'static str, &'static [&'static str])> {
    let mut pool: Vec<(&str, &[&str])> = vec![
        ("mode", &["pasv", "port"]),
        ("client", &["public", "nat"]),
        ("server", &["public", "nat", "nat-external"]),
        ("server-firewall", &["open", "closed"]),
    ];
    if level >= Level::Intermediate {
        pool[0].1 = &["pasv", "epsv", "port", "eprt"];
        pool.extend([
            ("client-firewall", &["off", "on"][..]),
            ("pasv-ip", &["use", "ignore"][..]),
            ("alg", &["off", "on"][..]),
            ("blocked", &["drop", "reject"][..]),
        ]);
    }
    if level == Level::Advanced {
        pool[1].1 = &["public", "nat", "lan"];
        pool[3].1 = &["open", "closed", "mismatch"];
        pool.extend([
            ("tls", &["off", "on"][..]),
            ("ip", &["4", "6"][..]),
            ("port-ip", &["own", "external"][..]),
        ]);
    }
    pool
}

/// A scenario drawn from `pool`, as a flow link's query text (only the knobs set; the rest default).
fn draw_query(pool: &[(&str, &[&str])], rng: &mut Rng) -> String {
    let pairs: Vec<String> = pool
        .iter()
        .map(|(key, values)| format!("{key}={}", rng.pick(values).copied().unwrap_or("")))
        .collect();
    // FTP helpers cannot read an encrypted control connection, and the engine says so; one surprise at
    // a time: helpers and TLS are not both on in an exercise.
    let mut query = pairs.join("&");
    if query.contains("tls=on") && query.contains("alg=on") {
        query = query.replace("alg=on", "alg=off");
    }
    query
}

/// The timeline of a query (`None` if the engine does not accept it).
fn play(query: &str) -> Option<Timeline> {
    FlowLink::from_query(query)
        .ok()
        .map(|l| timeline(&l.scenario))
}

/// The device that stops the data connection, as the engine's packets show it (`None` when it opens).
pub fn stopping_device(t: &Timeline) -> Option<Node> {
    if t.data_connection.opened {
        return None;
    }
    let data = || t.steps.iter().filter(|s| s.connection == Connection::Data);
    if let Some(s) = data().find(|s| matches!(s.kind, StepKind::Drop | StepKind::Rst)) {
        return Some(s.from);
    }
    if let Some(s) = data().find(|s| s.kind == StepKind::Syn && !s.delivered) {
        return Some(s.reached);
    }
    // Refused by a program: the server's negative reply, or the client that could not go on.
    let refused = t.steps.iter().any(|s| {
        s.kind == StepKind::Reply && s.from == Node::Server && s.text.starts_with(['4', '5'])
    });
    Some(if refused { Node::Server } else { Node::Client })
}

/// The devices a `predict-outcome` answer may name, with "opens" first.
fn outcome_options(t: &Timeline) -> Vec<String> {
    std::iter::once("opens".to_string())
        .chain(
            crate::draw::lanes_of(t)
                .into_iter()
                .filter(|n| *n != Node::ThirdParty)
                .map(|n| n.as_str().to_string()),
        )
        .collect()
}

/// Why the data connection opened or not, in the engine's words.
fn outcome_words(t: &Timeline) -> String {
    let dc = &t.data_connection;
    if dc.opened {
        format!("The data connection opens. {}", t.summary)
    } else {
        format!("{} {}", t.summary, t.fix.first().map_or("", |f| f.as_str()))
    }
}

pub(super) fn predict_outcome(level: Level, rng: &mut Rng) -> Item {
    let pool = knob_pool(level);
    // About half the sets' scenarios fail: draw until the coin's outcome comes up (bounded).
    let want_open = rng.chance(45);
    let mut found = None;
    for _ in 0..40 {
        let query = draw_query(&pool, rng);
        if let Some(t) = play(&query) {
            let fits = t.data_connection.opened == want_open;
            found = Some((query, t));
            if fits {
                break;
            }
        }
    }
    let (query, t) = found.unwrap_or_else(|| {
        let q = "mode=pasv&client=nat&server=nat".to_string();
        let t = play(&q).unwrap_or_else(|| timeline(&Default::default()));
        (q, t)
    });
    let device = stopping_device(&t);
    let mut it = item(
        Kind::PredictOutcome,
        format!(
            "{}. Does the data connection open? If not, which device stops it?",
            t.title
        ),
        Input::Text(t.title.clone()),
        Answer::Outcome {
            opened: t.data_connection.opened,
            device: device.map(|n| n.as_str().to_string()),
        },
        outcome_words(&t),
    );
    it.options = outcome_options(&t);
    it.link = flow_link(&query);
    it.scenario = Some(query);
    it.hint =
        "Follow the data connection's SYN: who sends it, to which address, and what each NAT \
               and firewall on its way does with it."
            .into();
    it
}

/// A change of one knob, in words: "Server: behind NAT, pasv_address set".
fn change_label(key: &str, value: &str) -> String {
    let all = knobs();
    let Some(k) = all.iter().find(|k| k.key == key) else {
        return format!("{key}={value}");
    };
    let words = k
        .choices
        .iter()
        .find(|(v, _)| *v == value)
        .map_or(value, |(_, label)| label);
    format!("{}: {words}", k.label)
}

/// The query with `key` set to `value`.
fn with(query: &str, key: &str, value: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if k == key => format!("{key}={value}"),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A failing scenario's single-knob changes, each played: (label, query, works).
fn changes(pool: &[(&str, &[&str])], query: &str) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    for (key, values) in pool {
        for value in values.iter() {
            let changed = with(query, key, value);
            if changed == query {
                continue;
            }
            if let Some(t) = play(&changed) {
                out.push((change_label(key, value), changed, t.works));
            }
        }
    }
    out
}

pub(super) fn choose_fix(level: Level, rng: &mut Rng) -> Item {
    let pool = knob_pool(level);
    for _ in 0..60 {
        let query = draw_query(&pool, rng);
        let Some(t) = play(&query) else { continue };
        if t.works {
            continue;
        }
        let all = changes(&pool, &query);
        let mut good: Vec<_> = all.iter().filter(|c| c.2).cloned().collect();
        let mut bad: Vec<_> = all.iter().filter(|c| !c.2).cloned().collect();
        if good.is_empty() || bad.len() < 2 {
            continue;
        }
        rng.shuffle(&mut good);
        rng.shuffle(&mut bad);
        let mut offered: Vec<_> = good
            .into_iter()
            .take(1)
            .chain(bad.into_iter().take(3))
            .collect();
        rng.shuffle(&mut offered);
        let Some(right) = offered.iter().position(|c| c.2) else {
            continue;
        };
        return fix_item(&t, &query, offered, right);
    }
    // Every draw above fails only if the engine changed beyond recognition; a known case stands in.
    let query = "mode=pasv&client=nat&server=nat&server-firewall=open".to_string();
    let t = play(&query).unwrap_or_else(|| timeline(&Default::default()));
    let offered = changes(&knob_pool(Level::Basic), &query);
    let right = offered.iter().position(|c| c.2).unwrap_or(0);
    fix_item(&t, &query, offered, right)
}

fn fix_item(t: &Timeline, query: &str, offered: Vec<(String, String, bool)>, right: usize) -> Item {
    let why: Vec<String> = offered
        .iter()
        .enumerate()
        .map(|(i, (label, q, works))| {
            let outcome = play(q).map_or_else(String::new, |t| t.summary);
            format!(
                "{}) {label}: {} {outcome}",
                super::letter(i),
                if *works { "works." } else { "still fails." }
            )
        })
        .collect();
    let mut it = item(
        Kind::ChooseFix,
        format!(
            "{}. The transfer fails: {} Which one change makes it work?",
            t.title, t.summary
        ),
        Input::Text(t.title.clone()),
        Answer::Choice { choice: right },
        why.join(" "),
    );
    it.choices = offered
        .into_iter()
        .map(|(label, scenario, _)| Choice { label, scenario })
        .collect();
    it.link = flow_link(query);
    it.scenario = Some(query.to_string());
    it.hint = "Play each change in your head from the data connection's SYN onwards.".into();
    it
}

pub(super) fn read_log(level: Level, rng: &mut Rng) -> Item {
    // curl -v logs: passive modes (curl's own) without TLS (its log would hide nothing here anyway).
    let mut pool: Vec<(&str, &[&str])> = knob_pool(level)
        .into_iter()
        .filter(|(k, _)| !matches!(*k, "tls" | "port-ip"))
        .collect();
    pool[0].1 = if level == Level::Basic {
        &["pasv"]
    } else {
        &["pasv", "epsv"]
    };
    // Mostly logs of failing transfers (the checker's real work); a working one now and then.
    let failing = rng.chance(85);
    for _ in 0..60 {
        let query = draw_query(&pool, rng);
        if failing && play(&query).is_none_or(|t| t.works) {
            continue;
        }
        if let Some(it) = log_item(query, rng) {
            return it;
        }
    }
    // Not needed with today's engine (a NAT without its external address always shows a finding).
    log_item("mode=pasv&client=nat&server=nat".to_string(), rng)
        .unwrap_or_else(log_item_of_last_resort)
}

/// A `read-log` item for a scenario, if the checker finds something in its log.
fn log_item(query: String, rng: &mut Rng) -> Option<Item> {
    let t = play(&query)?;
    let log = super::log::curl_log(&t);
    let session = crate::log::read_log(&log, Some(Format::Curl));
    let diagnosis = diagnose(&session, &Options::default());
    let finding = diagnosis.findings.first()?;
    let code = finding.code;
    let mut options: Vec<Code> = Code::ALL.iter().copied().filter(|c| *c != code).collect();
    rng.shuffle(&mut options);
    options.truncate(3);
    options.push(code);
    rng.shuffle(&mut options);
    let mut it = item(
        Kind::ReadLog,
        "This is what `curl -v` printed for a transfer. Which finding does the checker put first?"
            .into(),
        Input::Text(log.clone()),
        Answer::Code {
            code: code.as_str().to_string(),
        },
        format!("{} {}", finding.message, finding.fix),
    );
    it.options = options.iter().map(|c| c.as_str().to_string()).collect();
    it.link = super::decoder_link(&log);
    it.scenario = Some(query);
    it.hint = "Find the reply that set up the data connection, then what curl did with it.".into();
    Some(it)
}

/// What stands in if the engine's NAT case ever stops giving a finding: a bare PASV exchange with a
/// private address, whose finding the checker computes all the same.
fn log_item_of_last_resort() -> Item {
    let log =
        "> PASV\n< 227 Entering Passive Mode (10,0,0,5,195,80)\n*   Trying 10.0.0.5:50000...\n\
               * connect to 10.0.0.5 port 50000 failed: Connection timed out\n";
    let session = crate::log::read_log(log, Some(Format::Curl));
    let diagnosis = diagnose(&session, &Options::default());
    let code = diagnosis.findings.first().map_or(Code::ALL[0], |f| f.code);
    let mut it = item(
        Kind::ReadLog,
        "Which finding does the checker put first for this curl log?".into(),
        Input::Text(log.to_string()),
        Answer::Code {
            code: code.as_str().to_string(),
        },
        diagnosis.summary,
    );
    it.options = vec![code.as_str().to_string()];
    it
}
