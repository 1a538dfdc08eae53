//! Server setup: a form whose output is the configuration for the chosen server or firewall, live, with
//! the problems beside the fields they concern. Reading the form and writing the text are the core's
//! ([`crate::config::query`] and [`crate::config::generate`]); this view keeps what was typed and shows.

use crate::config::{from_query, to_query, Form};
use crate::config::{generate, targets, Field, Kind, Problem};
use crate::diagnose::Severity;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The `#/setup?…` query the page was opened with.
    pub query: String,
}

/// What was typed, field by field (the query's keys), in the query's order.
#[derive(Clone, PartialEq)]
struct Typed(Vec<(&'static str, String)>);

const KEYS: [&str; 10] = [
    "target",
    "address",
    "nat",
    "ports",
    "active",
    "tls",
    "max_clients",
    "max_per_ip",
    "data_timeout",
    "control_port",
];

impl Typed {
    fn from_form(f: &Form) -> Typed {
        let i = &f.inputs;
        let flag = |b: bool| if b { "1" } else { "0" }.to_string();
        Typed(vec![
            ("target", f.target.as_str().to_string()),
            ("address", i.address.clone()),
            ("nat", flag(i.behind_nat)),
            ("ports", format!("{}-{}", i.passive_min, i.passive_max)),
            ("active", flag(i.active)),
            ("tls", flag(i.tls)),
            ("max_clients", i.max_clients.to_string()),
            ("max_per_ip", i.max_per_ip.to_string()),
            ("data_timeout", i.data_timeout.to_string()),
            ("control_port", i.control_port.to_string()),
        ])
    }

    fn get(&self, key: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn set(&self, key: &'static str, value: String) -> Typed {
        let mut t = self.clone();
        match t.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => t.0.push((key, value)),
        }
        t
    }

    /// The typed values as a query for the core's reader (values percent-encoded).
    fn query(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| {
                let e = crate::percent::encode(v, |b| {
                    b.is_ascii_alphanumeric()
                        || matches!(b, b'-' | b'.' | b'_' | b':' | b'[' | b']')
                });
                format!("{k}={e}")
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

use super::copy_text as copy;

fn replace_url(form: &Form) {
    super::route::replace(&super::route::Route::Setup(to_query(form)));
}

#[function_component(SetupPage)]
pub fn setup_page(props: &Props) -> Html {
    let typed = {
        let q = props.query.clone();
        use_state(move || Typed::from_form(&from_query(&q).0))
    };
    {
        // Opened again through a link: start from that link.
        let typed = typed.clone();
        use_effect_with(props.query.clone(), move |q| {
            typed.set(Typed::from_form(&from_query(q).0));
        });
    }
    let (form, mut problems) = from_query(&typed.query());
    let result = generate(form.target, &form.inputs);
    let (text, command, filename) = match &result {
        Ok(g) => {
            problems.extend(g.warnings.iter().cloned());
            (Some(g.text.clone()), g.command.clone(), g.filename)
        }
        Err(p) => {
            problems.extend(p.iter().cloned());
            (None, String::new(), "")
        }
    };
    {
        let form = form.clone();
        use_effect_with(form, replace_url);
    }
    let on = |key: &'static str| {
        let typed = typed.clone();
        Callback::from(move |value: String| typed.set(typed.set_value(key, value)))
    };
    let field_problems = |field: Field| -> Vec<Problem> {
        problems
            .iter()
            .filter(|p| p.field == field)
            .cloned()
            .collect()
    };
    let text_field = |key: &'static str,
                      field: Field,
                      label: &'static str,
                      hint: &'static str,
                      numeric: bool| {
        let id = format!("setup-{key}");
        let err_id = format!("{id}-problems");
        let ps = field_problems(field);
        let bad = ps.iter().any(|p| p.is_error());
        let cb = on(key);
        html! {
            <div class="setup-field">
                <label for={id.clone()}>{ label }</label>
                <input id={id} type="text" value={typed.get(key)} spellcheck="false" autocomplete="off"
                    inputmode={numeric.then_some("numeric")} placeholder={hint}
                    aria-invalid={bad.to_string()} aria-describedby={err_id.clone()}
                    oninput={Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))} />
                <ul id={err_id} class="problems">{ for ps.iter().map(problem) }</ul>
            </div>
        }
    };
    let check_field = |key: &'static str, field: Field, label: &'static str| {
        let id = format!("setup-{key}");
        let on_now = typed.get(key) == "1";
        let cb = on(key);
        let ps = field_problems(field);
        html! {
            <div class="setup-check">
                <input id={id.clone()} type="checkbox" checked={on_now}
                    onchange={Callback::from(move |e: Event| cb.emit(if e.target_unchecked_into::<web_sys::HtmlInputElement>().checked() { "1".into() } else { "0".into() }))} />
                <label for={id}>{ label }</label>
                <ul class="problems">{ for ps.iter().map(problem) }</ul>
            </div>
        }
    };
    let on_target = on("target");
    let kinds = [
        (Kind::Server, "FTP server"),
        (Kind::Firewall, "Firewall"),
        (Kind::Container, "Container"),
    ];
    html! {
        <main class="setup">
            <h2>{"Server setup"}</h2>
            <p>{"Fill in your server's situation; the configuration below follows as you type, every line commented. Copy it, or run the same with the command line shown under it."}</p>
            <form class="setup-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <div class="setup-field">
                    <label for="setup-target">{"Generate for"}</label>
                    <select id="setup-target" onchange={Callback::from(move |e: Event| on_target.emit(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))}>
                        { for kinds.iter().map(|(kind, title)| html! {
                            <optgroup label={*title}>
                                { for targets().into_iter().filter(|t| t.kind == *kind).map(|t| html! {
                                    <option value={t.name} selected={t.target == form.target}>{ t.display_name }</option>
                                }) }
                            </optgroup>
                        }) }
                    </select>
                </div>
                { text_field("address", Field::Address, "Public address or host name to advertise", "e.g. 203.0.113.10", false) }
                { text_field("ports", Field::PassivePorts, "Passive port range", "e.g. 50000-51000", false) }
                { check_field("nat", Field::BehindNat, "The server is behind NAT (a router, a cloud's 1:1 NAT, Docker)") }
                { check_field("active", Field::Active, "Keep active mode (PORT/EPRT) allowed") }
                { check_field("tls", Field::Tls, "Require TLS (FTPS)") }
                <details class="setup-more">
                    <summary>{"Limits and ports"}</summary>
                    { text_field("max_clients", Field::MaxClients, "Maximum clients (0: no limit)", "50", true) }
                    { text_field("max_per_ip", Field::MaxPerIp, "Maximum clients per address (0: no limit)", "10", true) }
                    { text_field("data_timeout", Field::DataTimeout, "Data-connection timeout (seconds)", "300", true) }
                    { text_field("control_port", Field::ControlPort, "Control port", "21", true) }
                </details>
                <ul class="problems">{ for field_problems(Field::Target).iter().map(problem) }</ul>
            </form>
            <section class="setup-output" aria-labelledby="setup-output-heading" aria-live="polite">
                <h3 id="setup-output-heading">{ match &text { Some(_) => filename.to_string(), None => "Nothing generated yet: fix the errors above".into() } }</h3>
                if let Some(t) = text.clone() {
                    <div class="report-actions">
                        <button type="button" onclick={Callback::from(move |_| copy(&t))}>{"Copy configuration"}</button>
                        { { let c = command.clone(); html! { <button type="button" onclick={Callback::from(move |_| copy(&c))}>{"Copy command line"}</button> } } }
                    </div>
                    <pre class="config-text" tabindex="0" aria-label={format!("Generated {filename}")}><code>{ text.clone().unwrap_or_default() }</code></pre>
                    <p class="note">{"Command line: "}<code>{ command }</code></p>
                }
            </section>
        </main>
    }
}

impl Typed {
    fn set_value(&self, key: &'static str, value: String) -> Typed {
        debug_assert!(KEYS.contains(&key));
        self.set(key, value)
    }
}

fn problem(p: &Problem) -> Html {
    let (mark, class) = match p.severity {
        Severity::Error => ("✖ Error: ", "problem error"),
        Severity::Warning => ("⚠ Warning: ", "problem warning"),
        Severity::Info => ("ℹ ", "problem info"),
    };
    html! { <li class={class} data-code={p.code.as_str()}><strong>{ mark }</strong>{ p.message.clone() }</li> }
}
