//! The capture report: like the log report (its finding cards and styles), findings first — between the
//! two sides, then per capture and per FTP session — then each session's data connections with their
//! packet evidence, and a timeline of its packets and FTP lines (the core's [`ftp_explorer::replay::events`]).
//! A file that could not be read to its end says at which byte and why, and what was read before it is
//! kept. Each session has a button that replays it in the flow view (`#/flow?replay=N`).

use super::checker::{finding_card, focus_target, with_code, MAX_ITEMS, MAX_ROWS};
use super::state::Captured;
use ftp_explorer::capture::ftp::{FtpSession, WireOutcome};
use ftp_explorer::capture::{seconds, Analysis};
use ftp_explorer::diagnose::capture::CaptureDiagnosis;
use ftp_explorer::diagnose::{Diagnosis, Finding, Links, Severity};
use ftp_explorer::replay::{events, outcome_words, What};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub captured: Rc<Captured>,
}

/// All findings of the captures: between the sides, about each file, in each session.
fn all_findings(c: &Captured) -> impl Iterator<Item = &Finding> {
    let o = &c.outcome;
    o.findings.iter().chain(o.sides.iter().flat_map(|(_, d)| {
        d.findings
            .iter()
            .chain(d.sessions.iter().flat_map(|s| s.findings.iter()))
    }))
}

/// The decoder's status line once the captures are read.
pub fn status(c: &Captured) -> String {
    let count = |sev| all_findings(c).filter(|f| f.severity == sev).count();
    let (e, w) = (count(Severity::Error), count(Severity::Warning));
    format!(
        "Capture read: {e} error{}, {w} warning{}.",
        if e == 1 { "" } else { "s" },
        if w == 1 { "" } else { "s" }
    )
}

fn copy(c: &Captured, markdown: bool) {
    let o = &c.outcome;
    let text = match (&o.comparison, o.sides.as_slice()) {
        (Some(cmp), [(a, da), (b, db)]) => ftp_explorer::report::comparison_text(
            a,
            da,
            b,
            db,
            cmp,
            &o.findings,
            &o.summary,
            markdown,
        ),
        (_, [(a, d), ..]) => ftp_explorer::report::capture_text(a, d, markdown),
        _ => return,
    };
    crate::copy_text(&text);
}

#[function_component(CaptureReport)]
pub fn capture_report(props: &Props) -> Html {
    let c = &*props.captured;
    let o = &c.outcome;
    let two = o.sides.len() == 2;
    let copy_button = |markdown: bool, label: &'static str| {
        let c = props.captured.clone();
        html! { <button type="button" onclick={Callback::from(move |_| copy(&c, markdown))}>{ label }</button> }
    };
    html! {
        <section class="report capture-report" aria-labelledby="report-heading">
            <h2 id="report-heading">{ if two { "Diagnosis of the two captures" } else { "Diagnosis of the capture" } }</h2>
            <p class="summary-line" data-field="summary">{ with_code(&o.summary) }</p>
            <div class="report-actions" role="group" aria-label="Copy the report">
                { copy_button(false, "Copy as text") }
                { copy_button(true, "Copy as Markdown") }
            </div>
            if two {
                <h3 id="between-heading">{"Between the two capture points"}</h3>
                if o.findings.is_empty() {
                    <p class="no-findings">{"✓ Nothing changed between the client's side and the server's."}</p>
                } else {
                    { findings(&o.findings, "between", |_| Vec::new(), None) }
                }
            }
            { for o.sides.iter().enumerate().map(|(k, (a, d))| side(k, c.names.get(k).map_or("", String::as_str), a, d, two, &o.summary)) }
        </section>
    }
}

/// A list of finding cards; `packets` gives each finding's packets (linked to the timeline's rows).
fn findings(
    list: &[Finding],
    prefix: &str,
    packets: impl Fn(&Finding) -> Vec<(u32, String)>,
    links: Option<&[Links]>,
) -> Html {
    let none = Links::default();
    html! {
        <>
            <ol class="findings" aria-label="Findings, most severe first">
                { for list.iter().take(MAX_ITEMS).enumerate().map(|(i, f)| {
                    let refs = packets(f);
                    let refs = (!refs.is_empty()).then(|| html! {
                        <p class="lines">{ if refs.len() == 1 { "Packet " } else { "Packets " } }
                            { for refs.into_iter().take(40).enumerate().map(|(i, (p, id))| html! {
                                <>{ if i > 0 { ", " } else { "" } }<a href={format!("#{id}")} onclick={focus_target(id.clone())}>{ p }</a></>
                            }) }
                        </p>
                    });
                    let l = links.and_then(|l| l.get(i)).unwrap_or(&none);
                    finding_card(&format!("{prefix}-finding-{}", i + 1), f, l, refs.unwrap_or_default())
                }) }
            </ol>
            if list.len() > MAX_ITEMS {
                <p class="more">{ format!("Showing the first {MAX_ITEMS} of {} findings; \"Copy as text\" gives them all.", list.len()) }</p>
            }
        </>
    }
}

fn side(
    k: usize,
    name: &str,
    a: &Analysis,
    d: &CaptureDiagnosis,
    two: bool,
    overall: &str,
) -> Html {
    let prefix = format!("c{}", k + 1);
    let links: Vec<&str> = {
        let mut v: Vec<&str> = a.file.interfaces.iter().map(|i| i.link).collect();
        v.dedup();
        v
    };
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    html! {
        <>
            if two {
                <h3 class="capture-side">{ if k == 0 { "The client's side: " } else { "The server's side: " } }<code>{ name }</code></h3>
            }
            <p class="session-facts" data-field="capture-facts">
                if !two { <strong>{ name }</strong>{": "} }
                { format!("{}, timestamps in {}, link {}: {} packets over {}; {}, {}.",
                    a.file.format, a.file.timestamps, links.join(", "), a.frames, seconds(a.duration_us),
                    plural(a.connections.len(), "TCP connection"), plural(a.sessions.len(), "FTP session")) }
            </p>
            if let Some(e) = &a.error {
                <div class="capture-error" role="note" data-field="capture-error">
                    <p><strong>{ format!("Reading stopped at byte {}", e.offset) }</strong>{ format!(" of {}: {} ", a.bytes, e.message) }<code>{ e.code }</code></p>
                    <p>{ if a.frames == 0 {
                        "Nothing could be read before it.".to_string()
                    } else {
                        format!("The {} packets read before it are kept and analysed below.", a.frames)
                    } }</p>
                </div>
            }
            if !d.findings.is_empty() {
                { findings(&d.findings, &prefix, |_| Vec::new(), None) }
            }
            { for a.sessions.iter().zip(&d.sessions).enumerate().map(|(i, (s, diag))| session(a, &prefix, (k, i), s, diag, overall)) }
        </>
    }
}

fn session(
    a: &Analysis,
    prefix: &str,
    (k, i): (usize, usize),
    s: &FtpSession,
    d: &Diagnosis,
    overall: &str,
) -> Html {
    let id = format!("{prefix}-s{}", i + 1);
    let ev = events(a, i);
    // Row ids: the first event of each packet.
    let row_id = |p: u32| format!("{id}-p{p}");
    let packets = |f: &Finding| -> Vec<(u32, String)> {
        let mut v: Vec<u32> = f.lines.iter().filter_map(|&l| s.packet_of(l)).collect();
        v.sort_unstable();
        v.dedup();
        v.into_iter().map(|p| (p, row_id(p))).collect()
    };
    let links =
        ftp_explorer::diagnose::links(d.findings.iter().take(MAX_ITEMS), &s.session, &d.options);
    let replay = if k == 0 {
        format!("#/flow?replay={}", i + 1)
    } else {
        format!("#/flow?replay={}&side=2", i + 1)
    };
    let title = format!("Session {}: {} → {}", i + 1, s.client, s.server);
    html! {
        <section class="capture-session" id={id.clone()} aria-labelledby={format!("{id}-title")}>
            <h3 id={format!("{id}-title")}>{ &title }</h3>
            // (A capture with one session: its summary is the report's, already above.)
            if d.summary != overall { <p class="summary-line">{ with_code(&d.summary) }</p> }
            <p class="finding-links"><a class="button replay" href={replay} data-link="replay" aria-label={format!("Replay in the flow view: session {}", i + 1)}><span aria-hidden="true">{"▶ "}</span>{"Replay in the flow view"}</a></p>
            if !d.findings.iter().any(|f| f.severity != Severity::Info) {
                <p class="no-findings">{"✓ No errors or warnings."}</p>
            }
            if !d.findings.is_empty() {
                { findings(&d.findings, &id, packets, Some(&links)) }
            }
            if !s.data.is_empty() { { data_table(s, &id) } }
            { timeline(&ev, &id, s) }
        </section>
    }
}

fn data_table(s: &FtpSession, id: &str) -> Html {
    html! {
        <>
            <h4>{"Data connections"}</h4>
            <table class="dc-table stack-table capture-dc">
                <thead><tr>
                    <th scope="col">{"#"}</th><th scope="col">{"Negotiated with"}</th><th scope="col">{"Advertised"}</th>
                    <th scope="col">{"Connection on the wire"}</th><th scope="col">{"Outcome"}</th><th scope="col">{"Bytes"}</th><th scope="col">{"Final reply"}</th>
                </tr></thead>
                <tbody>
                    { for s.session.data_connections.iter().zip(&s.data).take(MAX_ITEMS).map(|(dc, e)| {
                        let ok = matches!(e.wire, WireOutcome::Connected | WireOutcome::Partial);
                        let wire = match (e.from, e.to) {
                            (Some(f), Some(t)) => format!("{f} → {t}"),
                            _ => "—".to_string(),
                        };
                        html! { <tr data-wire={e.wire.as_str()}>
                            <td data-label="Connection">{ e.index + 1 }</td>
                            <td data-label="Negotiated with">{ dc.via.as_str().to_ascii_uppercase() }
                                { e.negotiated_packet.map(|p| format!(" (packet {p})")).unwrap_or_default() }</td>
                            <td data-label="Advertised" class="endpoint">{ dc.advertised.to_string() }</td>
                            <td data-label="Connection on the wire" class="endpoint">{ wire }
                                if e.to_other_address { <span class="dim">{" (not the advertised address)"}</span> }</td>
                            <td data-label="Outcome" class={classes!("outcome", if ok { "good" } else { "bad" })}><span aria-hidden="true">{ if ok { "✓ " } else { "✗ " } }</span>{ outcome_words(e) }</td>
                            <td data-label="Bytes">{ format!("{} ↑ {} ↓", e.bytes_to_server, e.bytes_to_client) }</td>
                            <td data-label="Final reply">{ e.final_reply.clone().unwrap_or_else(|| "—".to_string()) }</td>
                        </tr> }
                    }) }
                </tbody>
            </table>
            { for s.data.iter().take(MAX_ITEMS).filter(|e| !e.packets.is_empty()).map(|e| html! {
                <details class="evidence">
                    <summary>{ format!("Data connection {}: its packets — {}", e.index + 1, e.summary) }</summary>
                    <div class="legs-wrap">
                    <table class="evidence-table" aria-label={format!("Packets of data connection {} ({id})", e.index + 1)}>
                        <thead><tr><th scope="col">{"Packet"}</th><th scope="col">{"Time"}</th><th scope="col">{"From → to"}</th><th scope="col">{"Flags"}</th><th scope="col">{"Bytes"}</th><th scope="col">{"What it means"}</th></tr></thead>
                        <tbody>
                            { for e.packets.iter().map(|p| html! { <tr>
                                <td>{ p.packet }</td><td>{ seconds(p.time_us) }</td><td class="endpoint">{ format!("{} → {}", p.from, p.to) }</td>
                                <td><code>{ &p.flags }</code></td><td>{ p.len }</td><td>{ &p.note }</td>
                            </tr> }) }
                        </tbody>
                    </table>
                    </div>
                    if e.packets_omitted > 0 { <p class="more">{ format!("{} packets in between are not listed.", e.packets_omitted) }</p> }
                </details>
            }) }
        </>
    }
}

fn timeline(ev: &[ftp_explorer::replay::Event], id: &str, s: &FtpSession) -> Html {
    let mut seen = std::collections::HashSet::new();
    let rows = ev.iter().take(MAX_ROWS).map(|e| {
        let lane = match (e.what, e.data) {
            (What::Command, _) => "client",
            (What::Reply, _) => "server",
            (What::Tls, _) => "note",
            (_, Some(_)) => "data",
            (_, None) if e.from_client => "client",
            _ => "server",
        };
        let who = match lane {
            "client" => "Client",
            "server" => "Server",
            "data" => "Data connection",
            _ => "Control connection",
        };
        let row_id = e.packet.filter(|p| seen.insert(*p)).map(|p| format!("{id}-p{p}"));
        let decoded = matches!(e.what, What::Command | What::Reply)
            .then(|| ftp_explorer::wire::decode(&e.text).ok())
            .flatten()
            .filter(|d| d.endpoint.is_some());
        html! {
            <li id={row_id} tabindex="-1" class={classes!("row", lane, e.failed.then_some("failed"))}>
                <span class="ln" title="packet">{ e.packet.map(|p| p.to_string()).unwrap_or_default() }</span>
                <span class="cell">
                    <span class="visually-hidden">{ who }{": "}</span>
                    <span class="time">{ seconds(e.time_us) }{" "}</span>
                    if let Some(n) = e.data { <span class="dc-tag">{ format!("data #{} ", n + 1) }</span> }
                    <code>{ &e.text }</code>
                    if e.failed { <strong class="fail-mark">{" ✗"}</strong> }
                    if let Some(d) = decoded { <span class="inline-decoded" data-field="inline-endpoint">{" ⟶ "}{ d.summary }</span> }
                </span>
            </li>
        }
    });
    html! {
        <>
            <h4 id={format!("{id}-timeline")}>{"Timeline of packets and FTP lines"}</h4>
            <p class="lane-legend" aria-hidden="true"><span>{"Client"}</span><span>{"Data connections"}</span><span>{"Server"}</span></p>
            <ol class="timeline capture-timeline" aria-labelledby={format!("{id}-timeline")}>{ for rows }</ol>
            if ev.len() > MAX_ROWS {
                <p class="more">{ format!("Showing the first {MAX_ROWS} of {} rows; the findings cover them all.", ev.len()) }</p>
            }
            if s.mid_session { <p class="dim">{"The capture starts mid-session: what came before it is not in the capture."}</p> }
        </>
    }
}
