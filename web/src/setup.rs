//! Server setup: a form whose output is the chosen server program's configuration beside its firewall
//! rules, live, each with Copy and Download. Reading the form, checking it and writing the texts are the
//! core's ([`ftp_explorer::config`]); this view keeps what was typed and decides only when to show what:
//! - the output never goes blank: while the inputs hold an error, each text stays at the last one that
//!   worked (or the core's [`preview`], which leaves out what is wrong), marked "Not updated: fix …";
//! - a field being typed in is not shouted at: its problems wait until the user leaves it (a gentle
//!   note says so), unless what is there is wrong whatever comes next ([`wrong_while_typing`]);
//! - an address that is needed (behind NAT, Docker) is asked for beside the field, not as an error.

use ftp_explorer::config::{
    generate, preview, targets, wrong_while_typing, Code, Field, Generated, Kind, Pair, Problem,
    NOTES_HEADING,
};
use ftp_explorer::diagnose::Severity;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The `#/setup?…` query the page was opened with.
    pub query: String,
}

/// Each input of the form: its query key (and element id `setup-KEY`), the field its problems name,
/// its label.
const INPUTS: [(&str, Field, &str); 10] = [
    ("target", Field::Target, "Server program"),
    ("nat", Field::BehindNat, "The server is behind NAT"),
    ("address", Field::Address, "Public address to advertise"),
    ("ports", Field::PassivePorts, "Passive port range"),
    (
        "active",
        Field::Active,
        "Keep active mode (PORT/EPRT) allowed",
    ),
    ("tls", Field::Tls, "Require TLS (FTPS)"),
    (
        "max_clients",
        Field::MaxClients,
        "Maximum clients (0: no limit)",
    ),
    (
        "max_per_ip",
        Field::MaxPerIp,
        "Maximum clients per address (0: no limit)",
    ),
    (
        "data_timeout",
        Field::DataTimeout,
        "Data-connection timeout (seconds)",
    ),
    ("control_port", Field::ControlPort, "Control port"),
];

fn input_of(field: Field) -> (&'static str, &'static str) {
    INPUTS
        .iter()
        .find(|(_, f, _)| *f == field)
        .map(|(k, _, l)| (*k, *l))
        .unwrap_or(("target", "Server program"))
}

/// What was typed, key by key (the query's keys), in the query's order.
#[derive(Clone, PartialEq)]
struct Typed(Vec<(&'static str, String)>);

impl Typed {
    fn from_pair(p: &Pair) -> Typed {
        let i = &p.inputs;
        let flag = |b: bool| if b { "1" } else { "0" }.to_string();
        Typed(vec![
            ("target", p.server.as_str().to_string()),
            ("firewall", p.firewall.as_str().to_string()),
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

    fn with(&self, key: &'static str, value: String) -> Typed {
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
                let e = ftp_explorer::percent::encode(v, |b| {
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

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Array, js_name = of)]
    fn array_of(item: &str) -> JsValue;
    #[wasm_bindgen(js_namespace = URL, js_name = createObjectURL)]
    fn create_object_url(blob: &web_sys::Blob) -> String;
    #[wasm_bindgen(js_namespace = URL, js_name = revokeObjectURL)]
    fn revoke_object_url(url: &str);
}

thread_local! {
    /// The last download's `blob:` URL, freed at the next download.
    static LAST_URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Save `text` as a file called `name`: a Blob made here, nothing sent anywhere.
fn download(name: &str, text: &str) -> Option<()> {
    let blob = web_sys::Blob::new_with_str_sequence(&array_of(text)).ok()?;
    let url = create_object_url(&blob);
    let doc = web_sys::window()?.document()?;
    let a: web_sys::HtmlElement = doc.create_element("a").ok()?.dyn_into().ok()?;
    a.set_attribute("href", &url).ok()?;
    a.set_attribute("download", name).ok()?;
    a.click();
    if let Some(old) = LAST_URL.with(|l| l.replace(Some(url))) {
        revoke_object_url(&old);
    }
    Some(())
}

/// Move the focus to the input `setup-KEY` (opening the section that holds it).
fn focus_input(key: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(el) = doc.get_element_by_id(&format!("setup-{key}")) else {
        return;
    };
    if let Ok(Some(d)) = el.closest("details") {
        let _ = d.set_attribute("open", "");
    }
    if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
}

/// How a field's problems are shown now.
struct Shown {
    html: Html,
    /// A hard error stands (aria-invalid).
    invalid: bool,
    /// Anything shown at all.
    any: bool,
}

#[function_component(SetupPage)]
pub fn setup_page(props: &Props) -> Html {
    let typed = {
        let q = props.query.clone();
        use_state(move || Typed::from_pair(&Pair::from_query(&q).0))
    };
    // The text input being typed in and not yet left: its problems wait.
    let editing = use_state(|| None::<&'static str>);
    // The "Limits and ports" section, opened by the user (or by a problem inside it).
    let more_open = use_state(|| false);
    // The last text that matched the inputs, per output (server, firewall).
    let last_good = use_mut_ref(|| [None::<Generated>, None::<Generated>]);
    {
        // Opened again through a link: start from that link.
        let typed = typed.clone();
        use_effect_with(props.query.clone(), move |q| {
            typed.set(Typed::from_pair(&Pair::from_query(q).0));
        });
    }
    let (pair, query_problems) = Pair::from_query(&typed.query());
    {
        let pair = pair.clone();
        use_effect_with(pair, |p| {
            super::route::replace(&super::route::Route::Setup(p.to_query()))
        });
    }
    let results = [pair.server, pair.firewall].map(|t| generate(t, &pair.inputs));

    // Every problem once (the two targets share most checks), errors first.
    let mut problems: Vec<Problem> = Vec::new();
    for errors in [true, false] {
        let all = query_problems
            .iter()
            .chain(results.iter().flat_map(|r| match r {
                Ok(g) => g.warnings.iter(),
                Err(p) => p.iter(),
            }));
        for p in all {
            if p.is_error() == errors
                && !problems
                    .iter()
                    .any(|q| q.code == p.code && q.field == p.field)
            {
                problems.push(p.clone());
            }
        }
    }

    let editing_now = *editing;
    // Whether a field's problems wait (it is being typed in, and nothing in it is wrong for good).
    let waits = |key: &str, field: Field| {
        editing_now == Some(key) && !wrong_while_typing(field, &typed.get(key))
    };
    let shown = |key: &'static str, field: Field| -> Shown {
        let mine: Vec<&Problem> = problems.iter().filter(|p| p.field == field).collect();
        if waits(key, field) {
            let needed: Vec<&Problem> = mine
                .iter()
                .copied()
                .filter(|p| p.code == Code::AddressRequired)
                .collect();
            let pending = mine
                .iter()
                .any(|p| p.is_error() && p.code != Code::AddressRequired);
            let any = pending || !needed.is_empty();
            let html = html! {
                <>
                    { for needed.iter().map(|p| problem(p)) }
                    if pending {
                        <li class="problem pending">{"Not complete yet? It is checked when you leave the field."}</li>
                    }
                </>
            };
            return Shown {
                html,
                invalid: false,
                any,
            };
        }
        Shown {
            invalid: mine
                .iter()
                .any(|p| p.is_error() && p.code != Code::AddressRequired),
            any: !mine.is_empty(),
            html: html! { <>{ for mine.iter().map(|p| problem(p)) }</> },
        }
    };

    let set_value = |key: &'static str| {
        let typed = typed.clone();
        Callback::from(move |value: String| typed.set(typed.with(key, value)))
    };
    let text_field = |key: &'static str, field: Field, hint: &'static str, numeric: bool| {
        let label = input_of(field).1;
        let id = format!("setup-{key}");
        let hint_id = format!("{id}-hint");
        let err_id = format!("{id}-problems");
        let s = shown(key, field);
        let required = key == "address"
            && (pair.inputs.behind_nat || problems.iter().any(|p| p.code == Code::AddressRequired));
        let oninput = {
            let set = set_value(key);
            let editing = editing.clone();
            Callback::from(move |e: InputEvent| {
                set.emit(
                    e.target_unchecked_into::<web_sys::HtmlInputElement>()
                        .value(),
                );
                if *editing != Some(key) {
                    editing.set(Some(key));
                }
            })
        };
        let leave = {
            let editing = editing.clone();
            move || {
                if *editing == Some(key) {
                    editing.set(None);
                }
            }
        };
        let onblur = {
            let leave = leave.clone();
            Callback::from(move |_: FocusEvent| leave())
        };
        let onchange = {
            let leave = leave.clone();
            Callback::from(move |_: Event| leave())
        };
        let onkeydown = Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                leave();
            }
        });
        html! {
            <div class="setup-field">
                <label for={id.clone()}>{ label }</label>
                <input id={id} type="text" value={typed.get(key)} spellcheck="false" autocomplete="off"
                    inputmode={numeric.then_some("numeric")}
                    aria-invalid={s.invalid.to_string()} aria-required={required.then_some("true")}
                    aria-describedby={format!("{hint_id} {err_id}")}
                    {oninput} {onblur} {onchange} {onkeydown} />
                <p id={hint_id} class="field-hint">{ hint }{ (key == "address" && !required).then_some(" Empty: the server names the address the client used.") }</p>
                <ul id={err_id} class="problems">{ s.html }</ul>
            </div>
        }
    };
    let check_field = |key: &'static str, field: Field, hint: &'static str| {
        let label = input_of(field).1;
        let id = format!("setup-{key}");
        let hint_id = format!("{id}-hint");
        let err_id = format!("{id}-problems");
        let on_now = typed.get(key) == "1";
        let set = set_value(key);
        let s = shown(key, field);
        html! {
            <div class="setup-check">
                <input id={id.clone()} type="checkbox" checked={on_now}
                    aria-describedby={format!("{hint_id} {err_id}")}
                    onchange={Callback::from(move |e: Event| set.emit(if e.target_unchecked_into::<web_sys::HtmlInputElement>().checked() { "1".into() } else { "0".into() }))} />
                <label for={id}>{ label }</label>
                <p id={hint_id} class="field-hint">{ hint }</p>
                <ul id={err_id} class="problems">{ s.html }</ul>
            </div>
        }
    };
    let select = |key: &'static str,
                  label: &'static str,
                  groups: &[(&'static str, &[Kind])],
                  chosen| {
        let id = format!("setup-{key}");
        let err_id = format!("{id}-problems");
        let set = set_value(key);
        let s = if key == "target" {
            shown(key, Field::Target)
        } else {
            Shown {
                html: Html::default(),
                invalid: false,
                any: false,
            }
        };
        html! {
            <div class="setup-field">
                <label for={id.clone()}>{ label }</label>
                <select id={id} aria-describedby={err_id.clone()}
                    onchange={Callback::from(move |e: Event| set.emit(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))}>
                    { for groups.iter().map(|(title, kinds)| html! {
                        <optgroup label={*title}>
                            { for targets().into_iter().filter(|t| kinds.contains(&t.kind)).map(|t| html! {
                                <option value={t.name} selected={t.target == chosen}>{ t.display_name }</option>
                            }) }
                        </optgroup>
                    }) }
                </select>
                <ul id={err_id} class="problems">{ s.html }</ul>
            </div>
        }
    };

    // The limits live in a section of their own, opened when a problem concerns them.
    let inner = [
        ("max_clients", Field::MaxClients),
        ("max_per_ip", Field::MaxPerIp),
        ("data_timeout", Field::DataTimeout),
        ("control_port", Field::ControlPort),
    ];
    let inner_problems = inner.iter().filter(|(k, f)| shown(k, *f).any).count();
    let ontoggle = {
        let more_open = more_open.clone();
        Callback::from(move |e: Event| {
            let open = e
                .target_unchecked_into::<web_sys::Element>()
                .has_attribute("open");
            if open != *more_open {
                more_open.set(open);
            }
        })
    };
    let details_open = *more_open || inner_problems > 0;

    let outputs = [0, 1].map(|n| {
        let target = if n == 0 { pair.server } else { pair.firewall };
        // What stops this text from following the inputs: a value the form could not read, or an
        // error the core found for this target.
        let mut blocking: Vec<&Problem> = query_problems.iter().filter(|p| p.is_error()).collect();
        if let Err(ps) = &results[n] {
            blocking.extend(ps.iter().filter(|p| p.is_error()));
        }
        let current = match &results[n] {
            Ok(g) if blocking.is_empty() => Some(g.clone()),
            _ => None,
        };
        let (shown_text, status) = match current {
            Some(g) => {
                last_good.borrow_mut()[n] = Some(g.clone());
                (Some(g), None)
            }
            None => {
                let last = last_good.borrow()[n].clone().filter(|g| g.target == target);
                let (g, left_out) = match last {
                    Some(g) => (Some(g), None),
                    None => match preview(target, &pair.inputs) {
                        Some((g, fields)) => (Some(g), Some(fields)),
                        // Only a value the form could not read stands: the text for the rest.
                        None => (results[n].clone().ok(), Some(Vec::new())),
                    },
                };
                (g, Some((blocking.first().map(|p| (*p).clone()), left_out)))
            }
        };
        output(n, target, shown_text, status, editing_now, &typed)
    });

    html! {
        <main class="setup">
            <h2>{"Server setup"}</h2>
            <p class="setup-intro">{"Describe your server: its configuration and its firewall rules follow as you type, the settings first and the explanations after them. Copy or download each file, or run the same with the command line shown under it. Nothing leaves this page."}</p>
            <div class="setup-layout">
                <form class="setup-form" aria-label="Your server" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    { select("target", "Server program", &[("FTP server", &[Kind::Server])], pair.server) }
                    { select("firewall", "Firewall (or Docker)", &[("Host firewall", &[Kind::Firewall]), ("Container", &[Kind::Container])], pair.firewall) }
                    { check_field("nat", Field::BehindNat, "A router, a cloud's 1:1 NAT or Docker: clients connect to another address than the server's own.") }
                    { text_field("address", Field::Address, "The address clients connect to, e.g. 203.0.113.10 (or a host name).", false) }
                    { text_field("ports", Field::PassivePorts, "MIN-MAX within 1024-65535, e.g. 50000-51000: the ports to open (and forward) for data connections.", false) }
                    { check_field("active", Field::Active, "The server connects to the client for data (PORT/EPRT). Passive mode always stays on.") }
                    { check_field("tls", Field::Tls, "Explicit FTPS (AUTH TLS) on the control and every data connection.") }
                    <details class="setup-more" open={details_open} {ontoggle}>
                        <summary>
                            {"Limits and ports"}
                            if inner_problems > 0 && !details_open {
                                { format!(" ({inner_problems} with a message)") }
                            }
                        </summary>
                        { text_field("max_clients", Field::MaxClients, "Clients at once, in all.", true) }
                        { text_field("max_per_ip", Field::MaxPerIp, "Clients at once from one IP address.", true) }
                        { text_field("data_timeout", Field::DataTimeout, "How long a transfer may stall: 1-65535.", true) }
                        { text_field("control_port", Field::ControlPort, "The port clients dial: FTP's is 21.", true) }
                    </details>
                </form>
                <div class="setup-outputs">
                    { for outputs }
                </div>
            </div>
        </main>
    }
}

/// One output: its heading, whether it follows the inputs, Copy and Download, the text (settings, then
/// the notes, set apart), and the command line that writes the same.
fn output(
    n: usize,
    target: ftp_explorer::config::Target,
    generated: Option<Generated>,
    status: Option<(Option<Problem>, Option<Vec<Field>>)>,
    editing: Option<&'static str>,
    typed: &Typed,
) -> Html {
    let id = format!("setup-output-{n}");
    let what = match target.kind() {
        Kind::Server => "configuration",
        Kind::Firewall => "firewall rules",
        Kind::Container => "port publishing",
    };
    let filename = generated.as_ref().map_or("", |g| g.filename);
    let stale = status.is_some();
    let status_html = match &status {
        None => {
            html! { <p class="setup-status ok" role="status" id={format!("{id}-status")}>{"✓ Up to date."}</p> }
        }
        Some((problem, left_out)) => {
            let (key, label) = problem
                .as_ref()
                .map(|p| input_of(p.field))
                .unwrap_or(("target", "Server program"));
            let (before, after) = match problem {
                Some(p) if p.code == Code::AddressRequired => ("Not updated: ", " is needed here."),
                Some(p)
                    if editing == Some(key) && !wrong_while_typing(p.field, &typed.get(key)) =>
                {
                    (
                        "Not updated yet: finish ",
                        " (it is checked when you leave the field).",
                    )
                }
                _ => ("Not updated: fix ", " (see the message beside it)."),
            };
            let shows = match (left_out, &generated) {
                (_, None) => "Nothing to show for these inputs yet.".to_string(),
                (None, Some(_)) => "Shown: the last configuration that matched the form.".into(),
                (Some(fields), Some(_)) if fields.is_empty() => {
                    "Shown: the configuration with that value at its default.".into()
                }
                (Some(fields), Some(_)) => {
                    let names: Vec<String> = fields
                        .iter()
                        .map(|f| format!("“{}”", input_of(*f).1))
                        .collect();
                    format!("Shown: the configuration without {}.", names.join(", "))
                }
            };
            html! {
                <p class="setup-status stale" role="status" id={format!("{id}-status")}>
                    <strong>{"⚠ "}</strong>{ before }
                    <button type="button" class="setup-go" onclick={Callback::from(move |_: MouseEvent| focus_input(key))}>{ format!("“{label}”") }</button>
                    { after }{" "}{ shows }
                </p>
            }
        }
    };
    let body = match generated {
        None => Html::default(),
        Some(g) => {
            let text = g.text.clone();
            // The notes start at the rule above their heading.
            let split = text
                .find(&format!("\n# {NOTES_HEADING}"))
                .map(|at| text[..at].rfind('\n').map_or(at, |r| r + 1))
                .unwrap_or(text.len());
            let (settings, notes) = text.split_at(split);
            let on_copy = {
                let t = text.clone();
                Callback::from(move |_: MouseEvent| copy(&t))
            };
            let on_download = {
                let t = text.clone();
                let name = g.filename;
                Callback::from(move |_: MouseEvent| {
                    let _ = download(name, &t);
                })
            };
            let on_command = {
                let c = g.command.clone();
                Callback::from(move |_: MouseEvent| copy(&c))
            };
            html! {
                <>
                    <div class="report-actions">
                        <button type="button" class="setup-copy" onclick={on_copy} aria-describedby={format!("{id}-status")}>{"Copy"}</button>
                        <button type="button" class="setup-download" onclick={on_download} aria-describedby={format!("{id}-status")}>{ format!("Download {}", g.filename) }</button>
                    </div>
                    <pre class={classes!("config-text", stale.then_some("stale"))} tabindex="0" aria-label={format!("{} {what}: {}", target.display_name(), g.filename)}><code>{ settings.to_string() }<span class="config-notes">{ notes.to_string() }</span></code></pre>
                    <p class="note setup-command">{"Command line: "}<code>{ g.command.clone() }</code>{" "}<button type="button" class="copy" onclick={on_command}>{"Copy command"}</button></p>
                </>
            }
        }
    };
    html! {
        <section class={classes!("setup-output", stale.then_some("is-stale"))} id={id.clone()} aria-labelledby={format!("{id}-heading")} data-target={target.as_str()} data-filename={filename}>
            <h3 id={format!("{id}-heading")}>{ format!("{} {what}", target.display_name()) }{ if filename.is_empty() { Html::default() } else { html! { <>{" · "}<code>{ filename }</code></> } } }</h3>
            { status_html }
            { body }
        </section>
    }
}

fn problem(p: &Problem) -> Html {
    let (mark, class) = match (p.severity, p.code) {
        (_, Code::AddressRequired) => ("→ Needed: ", "problem needed"),
        (Severity::Error, _) => ("✖ Error: ", "problem error"),
        (Severity::Warning, _) => ("⚠ Warning: ", "problem warning"),
        (Severity::Info, _) => ("ℹ ", "problem info"),
    };
    html! { <li class={class} data-code={p.code.as_str()}><strong>{ mark }</strong>{ p.message.clone() }</li> }
}
