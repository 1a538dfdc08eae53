//! One result card: a decoded endpoint with its arithmetic, address class and warnings, or an error with
//! the offending bytes marked. Meaning is carried by text and symbols, never by colour alone.

use super::highlight::marked;
use super::state::Item;
use ftp_explorer::address::Classification;
use ftp_explorer::clients::Reading;
use ftp_explorer::wire::{DecodeError, Decoded, Form, PortMath};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultCardProps {
    pub item: Item,
    pub index: usize,
}

#[function_component(ResultCard)]
pub fn result_card(props: &ResultCardProps) -> Html {
    let item = &props.item;
    match &item.result {
        Ok(d) => ok_card(&item.text, d, props.index, &item.clients),
        Err(e) => error_card(&item.text, e, props.index, &item.clients),
    }
}

fn heading(d: &Decoded) -> String {
    let form = d.kind.as_str().to_ascii_uppercase();
    match (d.form, d.code) {
        (Form::Reply, Some(code)) => format!("{code} reply ({form})"),
        _ => format!("{} command", d.command.clone().unwrap_or(form)),
    }
}

fn ok_card(text: &str, d: &Decoded, index: usize, clients: &[Reading]) -> Html {
    let id = format!("result-{index}");
    // Decoded with warnings (a private address, no parentheses…) is not a plain success: a ⚠ card that
    // says so in words, not the ✓ one.
    let warned = !d.warnings.is_empty();
    let verdict = match d.warnings.len() {
        0 => String::new(),
        1 => " — decoded, with a warning".to_string(),
        n => format!(" — decoded, with {n} warnings"),
    };
    html! {
        <li class={classes!("result", if warned { "warn" } else { "ok" })} data-kind={d.kind.as_str()} aria-labelledby={id.clone()}>
            <h3 id={id}>
                <span class="mark" aria-hidden="true">{ if warned { "⚠ " } else { "✓ " } }</span>{ heading(d) }
                if warned { <span class="verdict">{ verdict }</span> } else { <span class="visually-hidden">{", decoded"}</span> }
            </h3>
            { marked(text, d.span, "decoded part") }
            <p class="summary">{ &d.summary }</p>
            <dl class="facts-grid">
                if let Some(endpoint) = d.endpoint {
                    <dt>{"Address"}</dt>
                    <dd data-field="ip">{ endpoint.ip.map_or_else(|| "the control connection's address (not sent)".to_string(), |ip| ip.to_string()) }</dd>
                    <dt>{"Port"}</dt>
                    <dd data-field="port">{ endpoint.port }</dd>
                }
                if let Some(m) = d.arithmetic {
                    <dt>{"Port arithmetic"}</dt>
                    <dd data-field="arithmetic">{ arithmetic(m) }</dd>
                }
                if let Some(c) = &d.address {
                    <dt>{"Address class"}</dt>
                    <dd data-field="class">{ class(c) }</dd>
                }
            </dl>
            if !d.warnings.is_empty() {
                <ul class="warnings" aria-label="Warnings">
                    { for d.warnings.iter().map(|w| html! {
                        <li data-code={w.code.as_str()}><span class="mark" aria-hidden="true">{"⚠ "}</span><strong>{"Warning "}<code>{ w.code.as_str() }</code>{": "}</strong>{ &w.message }</li>
                    }) }
                </ul>
            }
                        if !d.facts.is_empty() {
                <ul class="explain" aria-label="What this means">
                    { for d.facts.iter().map(|f| html! { <li>{ f }</li> }) }
                </ul>
            }
            { client_table(clients, index, true) }
        </li>
    }
}

fn arithmetic(m: PortMath) -> Html {
    html! {
        <table class="arith">
            <caption class="visually-hidden">{"Port = p1 × 256 + p2"}</caption>
            <thead><tr><th scope="col">{"p1"}</th><th scope="col">{"p2"}</th><th scope="col">{"p1 × 256"}</th><th scope="col">{"p1 × 256 + p2"}</th></tr></thead>
            <tbody><tr><td>{ m.p1 }</td><td>{ m.p2 }</td><td>{ m.high }</td><td><strong>{ m.port }</strong></td></tr></tbody>
        </table>
    }
}

fn class(c: &Classification) -> Html {
    let reach = if c.globally_reachable {
        "globally reachable"
    } else {
        "not globally reachable"
    };
    html! {
        <>
            <span class={classes!("badge", if c.globally_reachable { "reachable" } else { "unreachable" })} data-category={c.category.as_str()}>
                { c.category.as_str() }{" — "}{ reach }
            </span>
            <span class="desc">{" "}{ &c.description }</span>
            if let Some(e) = &c.embedded_ipv4 {
                <span class="desc">{ format!(" Embedded IPv4 {}: {}.", e.ip, e.category.as_str()) }</span>
            }
        </>
    }
}

fn error_card(text: &str, e: &DecodeError, index: usize, clients: &[Reading]) -> Html {
    let id = format!("result-{index}");
    html! {
        <li class="result err" aria-labelledby={id.clone()}>
            <h3 id={id}><span class="mark" aria-hidden="true">{"✗ "}</span>{"Cannot decode: "}<code data-field="error-code">{ e.code.as_str() }</code></h3>
            { marked(text, Some(e.span), "problem") }
            <p class="error-message" data-field="error-message">{ &e.message }{ format!(" (bytes {}–{})", e.span.start, e.span.end) }</p>
                        if let Some(note) = &e.note {
                <p class="note"><strong>{"Real clients: "}</strong>{ note }</p>
            }
            { client_table(clients, index, true) }
        </li>
    }
}

/// One row per well-known client: does it accept the reply, where would it connect, and does that
/// differ from the RFC reading (marked with "≠" and in words, not by colour alone).
/// `unfold`: open the table when some client differs (the decoder does; the timeline keeps them folded).
pub(super) fn client_table(readings: &[Reading], index: usize, unfold: bool) -> Html {
    if readings.is_empty() {
        return html! {};
    }
    html! { <ClientTable readings={std::rc::Rc::new(readings.to_vec())} {index} {unfold} /> }
}

#[derive(Properties, PartialEq)]
struct ClientTableProps {
    readings: std::rc::Rc<Vec<Reading>>,
    index: usize,
    unfold: bool,
}

/// The table of how each client reads a reply, folded unless asked. Its rows are built only once it is
/// opened: a long checked log has one table per passive reply, and building them all would cost the
/// page its responsiveness (and a slow teardown when the report is replaced).
#[function_component(ClientTable)]
fn client_table_view(props: &ClientTableProps) -> Html {
    let readings = &props.readings;
    let differing = readings.iter().filter(|r| r.differs).count();
    let open = use_state(|| props.unfold && differing > 0);
    {
        let open = open.clone();
        use_effect_with((props.unfold, differing), move |&(unfold, differing)| {
            open.set(unfold && differing > 0);
        });
    }
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let now = e
                .target_unchecked_into::<web_sys::Element>()
                .has_attribute("open");
            if now != *open {
                open.set(now);
            }
        })
    };
    let caption_id = format!("clients-{}", props.index);
    html! {
        <details class="clients" open={*open} {ontoggle}>
            <summary id={caption_id.clone()}>
                { format!("How clients read it: {} of {} differ from the RFC reading", differing, readings.len()) }
            </summary>
            if *open {
            <table class="client-table stack-table" aria-labelledby={caption_id}>
                <thead><tr>
                    <th scope="col">{"Client"}</th><th scope="col">{"Reads it?"}</th><th scope="col">{"Connects to"}</th>
                    <th scope="col">{"vs RFC"}</th><th scope="col">{"Why"}</th>
                </tr></thead>
                <tbody>
                    { for readings.iter().map(|r| {
                        let target = match (&r.ip, r.port) {
                            (Some(ip), Some(p)) if ip.contains(':') => format!("[{ip}]:{p}"),
                            (Some(ip), Some(p)) => format!("{ip}:{p}"),
                            (None, Some(p)) => format!("control address, port {p}"),
                            _ => "—".to_string(),
                        };
                        html! {
                            <tr class={classes!(r.differs.then_some("differs"))} data-client={r.name}>
                                <th scope="row">{ r.name }</th>
                                <td data-label="Reads it">{ match (r.accepted, &r.error) { (true, _) => "✓ accepts", (false, Some(_)) => "✗ rejects", (false, None) => "✗ no endpoint" } }</td>
                                <td data-label="Connects to">{ if r.action() != "connects to" { format!("{}: ", r.action()) } else { String::new() } }{ target }{ if r.replaced { " (replaced)" } else { "" } }</td>
                                <td data-label="vs RFC">{ if r.differs { "≠ differs" } else { "= same" } }</td>
                                <td class="why" data-label="Why">
                                    if let Some(e) = &r.error { <code>{ e }</code>{" "} }
                                    { &r.note }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            }
        </details>
    }
}
