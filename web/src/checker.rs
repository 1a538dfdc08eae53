//! The checker's report: findings (most severe first, each linking to its lines), the data connections,
//! and the session as a timeline in three lanes: client, data connections, server.

use ftp_explorer::diagnose::{Diagnosis, Finding, Links, Severity};
use ftp_explorer::log::{Decoding, Event, Line, Mode, Outcome, Role, Session};
use std::collections::{HashMap, HashSet};
use yew::prelude::*;

/// Timeline rows rendered at most; a longer log is summarised below them.
pub const MAX_ROWS: usize = 1000;
/// Findings and data connections rendered at most (the copied report has them all).
pub const MAX_ITEMS: usize = 100;

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub report: std::rc::Rc<(Session, Diagnosis)>,
    pub on_copy: Callback<CopyWhat>,
}

/// What the copy buttons copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyWhat {
    Text,
    Markdown,
    Link,
}

fn severity_word(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Error => ("✗", "Error"),
        Severity::Warning => ("⚠", "Warning"),
        Severity::Info => ("ℹ", "Info"),
    }
}

#[function_component(Report)]
pub fn report(props: &ReportProps) -> Html {
    // A performance mark once the report is in the page (read by the big-paste measurement).
    use_effect_with(std::rc::Rc::as_ptr(&props.report) as usize, |_| {
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.mark("ftpx:rendered");
        }
    });
    let (session, diagnosis) = &*props.report;
    // Where each shown finding leads (the core's mapping).
    let links = ftp_explorer::diagnose::links(
        diagnosis.findings.iter().take(MAX_ITEMS),
        session,
        &diagnosis.options,
    );
    let copy = |what: CopyWhat| {
        let cb = props.on_copy.clone();
        Callback::from(move |_| cb.emit(what))
    };
    html! {
        <section class="report" aria-labelledby="report-heading">
            <h2 id="report-heading">{"Diagnosis"}</h2>
            <p class="summary-line" data-field="summary">{ &diagnosis.summary }</p>
            <p class="session-facts">
                {"Log format: "}<strong data-field="format">{ session.format.title() }</strong>
                { if session.format_given { " (chosen)" } else { " (detected)" } }
                if let Some(c) = &session.control {
                    {" · Control connection: "}
                    <strong data-field="control">{ peer_text(c) }</strong>
                }
                if session.tls { {" · TLS on the control connection"} }
            </p>
            <div class="report-actions" role="group" aria-label="Copy the report">
                <button type="button" onclick={copy(CopyWhat::Text)}>{"Copy as text"}</button>
                <button type="button" onclick={copy(CopyWhat::Markdown)}>{"Copy as Markdown"}</button>
                <button type="button" onclick={copy(CopyWhat::Link)}>{"Copy share link"}</button>
            </div>
            if !diagnosis.findings.iter().any(|f| f.severity != Severity::Info) {
                <p class="no-findings">{"✓ No errors or warnings."}</p>
            }
            if !diagnosis.findings.is_empty() {
                <ol class="findings" aria-label="Findings, most severe first">
                    { for diagnosis.findings.iter().take(MAX_ITEMS).zip(&links).enumerate().map(|(i, (f, l))| finding(i + 1, f, l)) }
                </ol>
                if diagnosis.findings.len() > MAX_ITEMS {
                    <p class="more">{ format!("Showing the first {MAX_ITEMS} of {} findings; \"Copy as text\" gives them all.", diagnosis.findings.len()) }</p>
                }
            }
            if !session.data_connections.is_empty() { { data_connections(session) } }
            { timeline(session, diagnosis) }
        </section>
    }
}

fn peer_text(c: &ftp_explorer::log::Peer) -> String {
    let mut s = c.host.clone().unwrap_or_default();
    if let Some(ip) = c.ip {
        s = if s.is_empty() {
            ip.to_string()
        } else {
            format!("{s} ({ip})")
        };
    }
    if let Some(p) = c.port {
        s.push_str(&format!(" port {p}"));
    }
    s
}

/// Line links shown under one finding (a finding about one address in a long log can name thousands).
const MAX_LINE_LINKS: usize = 40;

/// Move focus to the element a same-page link points at (the browser only scrolls to it).
pub(crate) fn focus_target(id: String) -> Callback<MouseEvent> {
    Callback::from(move |_| {
        let el = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id));
        if let Some(el) =
            el.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
        }
    })
}

fn finding(n: usize, f: &Finding, links: &Links) -> Html {
    let more = f.lines.len().saturating_sub(MAX_LINE_LINKS);
    let refs = (!f.lines.is_empty()).then(|| {
        html! {
            <p class="lines">{ if f.lines.len() == 1 { "Line " } else { "Lines " } }
                { for f.lines.iter().take(MAX_LINE_LINKS).enumerate().map(|(i, l)| html! {
                    <>{ if i > 0 { ", " } else { "" } }<a href={format!("#line-{l}")}>{ l }</a></>
                }) }
                if more > 0 { { format!(" and {more} more") } }
            </p>
        }
    });
    finding_card(&format!("finding-{n}"), f, links, refs.unwrap_or_default())
}

/// A finding's card (severity in words and symbol, code, message, fix, its links to the flow view and
/// to Server setup) with `refs` under it (the lines or packets behind it). Shared by the log report and
/// the capture report.
pub(crate) fn finding_card(id: &str, f: &Finding, links: &Links, refs: Html) -> Html {
    let (symbol, word) = severity_word(f.severity);
    let flow = links.flow_href().map(|href| {
        let title = links
            .preset
            .and_then(ftp_explorer::scenario::preset)
            .map_or("the connection flow", |p| p.title);
        html! { <a class="button" data-link="flow" {href}><span aria-hidden="true">{"▶ "}</span>{"Watch it happen: "}{ title }</a> }
    });
    let setup = links.setup_href().map(|href| {
        html! { <a class="button" data-link="setup" {href}><span aria-hidden="true">{"⚙ "}</span>{"Server setup with this fix"}</a> }
    });
    html! {
        <li id={id.to_string()} tabindex="-1" class={classes!("finding", f.severity.as_str())} data-code={f.code.as_str()} aria-labelledby={format!("{id}-title")}>
            <h3 id={format!("{id}-title")}><span aria-hidden="true">{ symbol }{" "}</span>{ word }{": "}<code>{ f.code.as_str() }</code></h3>
            <p>{ with_code(&f.message) }</p>
            <p class="fix"><strong>{"Fix: "}</strong>{ with_code(&f.fix) }</p>
            if flow.is_some() || setup.is_some() {
                <p class="finding-links">{ for flow }{ for setup }</p>
            }
            { refs }
        </li>
    }
}

/// Text with `backticked` parts shown as code.
pub(crate) fn with_code(text: &str) -> Html {
    let parts = text.split('`').enumerate().map(|(i, part)| {
        if i % 2 == 1 {
            html! { <code>{ part }</code> }
        } else {
            html! { { part } }
        }
    });
    html! { <>{ for parts }</> }
}

fn outcome_text(o: Outcome) -> (&'static str, &'static str) {
    match o {
        Outcome::Ok => ("✓", "succeeded"),
        Outcome::TimedOut => ("✗", "timed out"),
        Outcome::Refused => ("✗", "refused"),
        Outcome::Failed => ("✗", "failed"),
        Outcome::NotAttempted => ("–", "not attempted"),
        Outcome::Unknown => ("?", "no result in the log"),
    }
}

fn data_connections(s: &Session) -> Html {
    html! {
        <>
            <h3>{"Data connections"}</h3>
            <table class="dc-table stack-table">
                <thead><tr>
                    <th scope="col">{"#"}</th><th scope="col">{"Mode"}</th><th scope="col">{"Negotiated with"}</th><th scope="col">{"Advertised"}</th>
                    <th scope="col">{"Client connected to"}</th><th scope="col">{"Transfer"}</th><th scope="col">{"Outcome"}</th>
                </tr></thead>
                <tbody>
                    { for s.data_connections.iter().take(MAX_ITEMS).enumerate().map(|(i, dc)| {
                        let (sym, word) = outcome_text(dc.outcome);
                        html! { <tr data-outcome={word}>
                            <td data-label="Connection">{ i + 1 }</td>
                            <td data-label="Mode">{ if dc.mode == Mode::Passive { "passive" } else { "active" } }</td>
                            <td data-label="Negotiated with">{ dc.via.as_str().to_ascii_uppercase() }</td>
                            <td data-label="Advertised" class="endpoint">{ dc.advertised.to_string() }</td>
                            <td data-label="Client connected to" class="endpoint">{ dc.used.as_ref().map_or_else(|| "—".to_string(), ToString::to_string) }</td>
                            <td data-label="Transfer">{ dc.transfer.clone().unwrap_or_else(|| "—".to_string()) }</td>
                            <td data-label="Outcome" class={classes!("outcome", if dc.outcome == Outcome::Ok { "good" } else { "bad" })}><span aria-hidden="true">{ sym }{" "}</span>{ word }</td>
                        </tr> }
                    }) }
                                </tbody>
            </table>
            if s.data_connections.len() > MAX_ITEMS {
                <p class="more">{ format!("Showing the first {MAX_ITEMS} of {} data connections.", s.data_connections.len()) }</p>
            }
        </>
    }
}

fn timeline(s: &Session, d: &Diagnosis) -> Html {
    // What each shown line is part of (only the shown rows are looked up, so a huge log costs nothing).
    let shown: Vec<&Line> = s
        .lines
        .iter()
        .filter(|l| l.role != Role::Blank)
        .take(MAX_ROWS)
        .collect();
    let last_shown = shown.last().map_or(0, |l| l.number);
    let mut decoded_at: HashMap<usize, &Decoding> = HashMap::new();
    // How real clients read each passive reply shown (the same table as under a decoded reply).
    let control = s.control.as_ref().and_then(|c| c.ip);
    let mut readings_at: HashMap<usize, Vec<ftp_explorer::clients::Reading>> = HashMap::new();
    for e in s
        .exchanges
        .iter()
        .take_while(|e| e.lines().first().is_some_and(|&l| l <= last_shown))
    {
        if let Some(dec) = &e.decoding {
            let last = e
                .reply
                .as_ref()
                .and_then(|r| r.lines.last().copied())
                .or(e.command.as_ref().map(|c| c.line));
            let at = if matches!(dec, Decoding::Decoded(x) if x.form == ftp_explorer::wire::Form::Command)
            {
                e.command.as_ref().map(|c| c.line)
            } else {
                last
            };
            if let Some(at) = at {
                decoded_at.insert(at, dec);
                if let Some(r) = e.reply.as_ref().filter(|r| matches!(r.code, 227 | 229)) {
                    readings_at.insert(at, ftp_explorer::clients::interpret(&r.text, control));
                }
            }
        }
    }
    // Client messages about a data connection, with that connection's number (1-based, as in the table).
    let data_lines: HashMap<usize, usize> = s
        .data_connections
        .iter()
        .enumerate()
        .take_while(|(_, dc)| dc.lines.first().is_some_and(|&l| l <= last_shown))
        .flat_map(|(i, dc)| dc.lines.iter().map(move |&l| (l, i + 1)))
        .filter(|&(l, _)| l <= last_shown)
        .collect();
    let failures: HashSet<usize> = s
        .events
        .iter()
        .filter(|e| {
            e.line() <= last_shown && matches!(e, Event::TimedOut { .. } | Event::Refused { .. })
        })
        .map(Event::line)
        .collect();
    // The most severe problem each shown line is part of: its finding's number (1-based, as listed), or
    // 0 when only findings past the rendered ones name the line.
    let mut flagged: HashMap<usize, usize> = HashMap::new();
    for (i, f) in d.findings.iter().enumerate().rev() {
        if f.severity == Severity::Info {
            continue;
        }
        let n = if i < MAX_ITEMS { i + 1 } else { 0 };
        for &l in f.lines.iter().filter(|&&l| l <= last_shown) {
            flagged.insert(l, n);
        }
    }
    let total = s.lines.iter().filter(|l| l.role != Role::Blank).count();
    html! {
        <>
            <h3 id="timeline-heading">{"Timeline"}</h3>
            <p class="lane-legend" aria-hidden="true"><span>{"Client"}</span><span>{"Data connections"}</span><span>{"Server"}</span></p>
            <ol class="timeline" aria-labelledby="timeline-heading">
                { for shown.into_iter().map(|l| row(l, decoded_at.get(&l.number).copied(), readings_at.get(&l.number).map(Vec::as_slice), data_lines.get(&l.number).copied(), failures.contains(&l.number), flagged.get(&l.number).copied())) }
            </ol>
            if total > MAX_ROWS {
                <p class="more">{ format!("Showing the first {MAX_ROWS} of {total} lines; the findings cover them all.") }</p>
            }
        </>
    }
}

fn row(
    l: &Line,
    decoded: Option<&Decoding>,
    readings: Option<&[ftp_explorer::clients::Reading]>,
    data: Option<usize>,
    failed: bool,
    flagged: Option<usize>,
) -> Html {
    let lane = match l.role {
        Role::Command => "client",
        Role::Reply => "server",
        Role::Client if data.is_some() => "data",
        Role::Client => "note",
        _ => "unknown",
    };
    let who = match lane {
        "client" => "Client sends",
        "server" => "Server replies",
        "data" => "About a data connection",
        "note" => "Client says",
        _ => "Not understood",
    };
    let arrow = match lane {
        "client" => "→ ",
        "server" => "← ",
        "data" => "⇢ ",
        _ => "",
    };
    html! {
        <li id={format!("line-{}", l.number)} class={classes!("row", lane, failed.then_some("failed"), flagged.is_some().then_some("flagged"))}>
            <span class="ln">{ l.number }</span>
            <span class="cell">
                <span class="visually-hidden">{ who }{": "}</span>
                                <span aria-hidden="true" class="arrow">{ arrow }</span>
                if let Some(n) = data { <span class="dc-tag">{ format!("data #{n} ") }</span> }
                <code>{ &l.text }</code>
                if failed { <strong class="fail-mark">{" ✗ failed"}</strong> }
                if let Some(n) = flagged { { flag(n) } }
                if lane == "unknown" { <span class="dim">{" (not understood; kept as is)"}</span> }
                                if let Some(dec) = decoded { { inline_decoding(dec) } }
                if let Some(readings) = readings { { super::decoded::client_table(readings, l.number, false) } }
            </span>
        </li>
    }
}

/// "⚑ see finding 1": a link that moves focus to the most severe finding the line is part of.
fn flag(n: usize) -> Html {
    if n == 0 {
        return html! { <span class="flag">{" ⚑ see findings"}</span> };
    }
    let id = format!("finding-{n}");
    html! {
        <span class="flag">{" ⚑ see "}<a href={format!("#{id}")} onclick={focus_target(id)}>{ format!("finding {n}") }</a></span>
    }
}

fn inline_decoding(d: &Decoding) -> Html {
    match d {
        Decoding::Decoded(x) => {
            let endpoint = match (x.ip(), x.port()) {
                (Some(ip), Some(p)) => format!("{ip} port {p}"),
                (None, Some(p)) => format!("port {p} at the control address"),
                _ => String::new(),
            };
            let class = x
                .address
                .as_ref()
                .map(|c| format!(" · {}", c.category.as_str()))
                .unwrap_or_default();
            let math = x.arithmetic.map(|m| format!(" · {m}")).unwrap_or_default();
            html! { <span class="inline-decoded" data-field="inline-endpoint">{" ⟶ "}{ endpoint }{ class }{ math }</span> }
        }
        Decoding::Error(e) => {
            html! { <span class="inline-decoded error">{" ⟶ cannot decode: "}<code>{ e.code.as_str() }</code>{" "}{ &e.message }</span> }
        }
    }
}
