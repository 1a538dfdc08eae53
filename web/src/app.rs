//! The page: one text box that decodes single replies and commands as you type, and turns a pasted
//! client log into a checked session.

use super::checker::{CopyWhat, Report};
use super::decoded::ResultCard;
use super::memory;
use super::state::{
    size_words, Action, Mode, State, View, BOX_LIMIT, EXAMPLES, MAX_SHOWN, PAUSE_MS,
};
use ftp_explorer::log::Format;
use ftp_explorer::wire::{DecodeError, Field, Kind};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The encoder's fields (address and port → the canonical text of a form).
#[derive(Debug, Clone, PartialEq)]
pub struct Encoder {
    pub kind: Kind,
    pub address: String,
    pub port: String,
    /// Is its fold open?
    pub open: bool,
}

impl Default for Encoder {
    fn default() -> Self {
        Encoder {
            kind: Kind::Pasv,
            address: "203.0.113.50".into(),
            port: "50000".into(),
            open: false,
        }
    }
}

/// The forms the encoder offers, with their names on the page.
const FORMS: [(Kind, &str); 6] = [
    (Kind::Pasv, "227 reply (PASV)"),
    (Kind::Epsv, "229 reply (EPSV)"),
    (Kind::Port, "PORT command"),
    (Kind::Eprt, "EPRT command"),
    (Kind::Lpsv, "228 reply (LPSV)"),
    (Kind::Lprt, "LPRT command"),
];

/// Session-memory keys (see `memory.rs`).
const TEXT_KEY: &str = "ftpx:decoder:text";
const TOO_LARGE_KEY: &str = "ftpx:decoder:too-large";
/// The names and sizes of the captures open (never their bytes): what to say after a reload.
const CAPTURE_KEY: &str = "ftpx:decoder:capture";
const OPTIONS_KEY: &str = "ftpx:decoder:options";
const LINK_KEY: &str = "ftpx:decoder:link";
const ENCODER_KEY: &str = "ftpx:encoder";
/// Separates the fields of a stored value (a control character no field holds).
const SEP: char = '\u{1f}';

/// The decoder's state and the encoder's fields, kept by the shell while the views come and go (a
/// pasted log and its report survive a visit to another view), and in the session's memory across a
/// reload.
#[derive(Clone)]
pub struct Store {
    pub state: UseReducerHandle<State>,
    pub encoder: UseStateHandle<Encoder>,
    /// The `#log=` link applied last (a fingerprint): a link replaces the text once, when followed,
    /// not again on every visit or reload.
    link: Rc<RefCell<String>>,
    /// What the handles held when this store was made (they read the latest values, whenever read).
    revision: u64,
    fields: Encoder,
}

/// The same store when it was made from the same values (the state is compared by its revision: a
/// report can be huge).
impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision && self.fields == other.fields
    }
}

/// A short fingerprint of a `#log=` fragment (its length and FNV-1a hash): stored instead of the link.
fn fingerprint(hash: &str) -> String {
    let h = hash.strip_prefix('#').unwrap_or(hash);
    let fnv = h.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |v, b| {
        (v ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("{}:{fnv:x}", h.len())
}

impl Store {
    /// The page moved to `hash`: a `#log=` link not applied yet replaces the text.
    pub fn follow(&self, hash: &str) {
        let Some(text) = ftp_explorer::share::text_from_fragment(hash) else {
            return;
        };
        let print = fingerprint(hash);
        if self.link.replace(print.clone()) == print {
            return;
        }
        memory::save(LINK_KEY, &print);
        let notice = format!(
            "Opened the text the link carries ({}).",
            size_words(text.len())
        );
        self.state.dispatch(Action::Open {
            text,
            notice: Some(notice),
        });
    }

    /// The page itself wrote this `#log=` link (a share link for the current text): nothing to apply.
    fn own_link(&self, hash: &str) {
        let print = fingerprint(hash);
        memory::save(LINK_KEY, &print);
        *self.link.borrow_mut() = print;
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

fn mode_name(mode: Mode) -> &'static str {
    mode.as_str()
}

fn mode_from(name: &str) -> Mode {
    Mode::from_name(name).unwrap_or_default()
}

/// The text with every `PASS` argument masked (the core's masking, line by line), as it is stored.
fn masked(text: &str) -> String {
    let lines: Vec<std::borrow::Cow<'_, str>> = text
        .split('\n')
        .map(ftp_explorer::log::mask::mask_password)
        .collect();
    lines.join("\n")
}

/// Keep the text for a reload, masked, if it is small enough; else say how large it was.
fn save_text(text: &str) {
    if text.len() <= memory::TEXT_LIMIT && memory::save(TEXT_KEY, &masked(text)) {
        memory::forget(TOO_LARGE_KEY);
    } else {
        memory::forget(TEXT_KEY);
        memory::save(TOO_LARGE_KEY, &text.len().to_string());
    }
}

/// The state the page opens with: a `#log=` link's text when the link is new in this tab; else the text
/// and options as they were left (after a reload); else the first example.
fn initial(link: &RefCell<String>) -> State {
    let hash = current_hash();
    if let Some(text) = ftp_explorer::share::text_from_fragment(&hash) {
        let print = fingerprint(&hash);
        let seen = memory::load(LINK_KEY).is_some_and(|p| p == print);
        memory::save(LINK_KEY, &print);
        *link.borrow_mut() = print;
        if !seen {
            return State::new(&text);
        }
    }
    let options = memory::load(OPTIONS_KEY).unwrap_or_default();
    let mut o = options.split(SEP);
    let mut next = || o.next().unwrap_or_default().to_string();
    let (mode, format, range, control) = (mode_from(&next()), next(), next(), next());
    let restore =
        |text: String| State::restored(text, control, mode, Format::from_name(&format), range);
    if let Some(names) = memory::load(CAPTURE_KEY) {
        let mut state = restore(String::new());
        state.notice = Some(format!(
            "The packet capture you had open, {names}, is not kept across a reload: the page holds a capture in memory only (it is binary, can be large and can hold passwords). Open or drop it again."
        ));
        return state;
    }
    if let Some(text) = memory::load(TEXT_KEY) {
        return restore(text);
    }
    if let Some(size) = memory::load(TOO_LARGE_KEY).and_then(|s| s.parse::<usize>().ok()) {
        let mut state = restore(String::new());
        state.notice = Some(format!(
            "The text you had here ({}) is too large to keep across a reload (the page keeps up to {}, passwords masked, in this tab only): open or paste it again.",
            size_words(size),
            size_words(memory::TEXT_LIMIT)
        ));
        return state;
    }
    State::new(EXAMPLES[0].1)
}

fn initial_encoder() -> Encoder {
    let Some(saved) = memory::load(ENCODER_KEY) else {
        return Encoder::default();
    };
    let f: Vec<&str> = saved.split(SEP).collect();
    match f.as_slice() {
        [kind, address, port, open] => Encoder {
            kind: Kind::from_name(kind).unwrap_or(Kind::Pasv),
            address: address.to_string(),
            port: port.to_string(),
            open: *open == "1",
        },
        _ => Encoder::default(),
    }
}

/// The decoder's store: created once by the shell (or by [`App`] on its own), it runs the analysis of a
/// large text wherever the user is, and keeps what is worth keeping in the session's memory.
#[hook]
pub fn use_decoder() -> Store {
    let link = use_mut_ref(String::new);
    let state = {
        let link = link.clone();
        use_reducer(move || initial(&link))
    };
    let encoder = use_state(initial_encoder);
    // A large text is analysed once typing pauses, a slice at a time, so the page stays responsive.
    let latest = use_mut_ref(|| 0u64);
    {
        let state = state.clone();
        use_effect_with(
            (state.generation, state.stale),
            move |&(generation, stale)| {
                *latest.borrow_mut() = generation;
                if stale && state.capture.is_some() {
                    yew::platform::spawn_local(capture_in_slices(state, latest, generation));
                } else if stale {
                    yew::platform::spawn_local(analyse_in_slices(state, latest, generation));
                }
            },
        );
    }
    // What a reload brings back, written as it changes (storage writes are synchronous and cheap; the
    // text is written only when it is another text).
    let saved = use_mut_ref(|| (0usize, String::new(), String::new()));
    {
        let mut saved = saved.borrow_mut();
        let text = Rc::as_ptr(&state.input) as usize;
        if saved.0 != text {
            saved.0 = text;
            save_text(&state.input);
            match &state.capture {
                Some(c) => {
                    memory::save(CAPTURE_KEY, &c.describe());
                }
                None => memory::forget(CAPTURE_KEY),
            }
        }
        let sep = SEP.to_string();
        let format = state.format.map_or("", |f| f.as_str());
        let options = [mode_name(state.mode), format, &state.range, &state.control].join(&sep);
        if saved.1 != options {
            memory::save(OPTIONS_KEY, &options);
            saved.1 = options;
        }
        let e = &*encoder;
        let open = if e.open { "1" } else { "0" };
        let fields = [e.kind.as_str(), &e.address, &e.port, open].join(&sep);
        if saved.2 != fields {
            memory::save(ENCODER_KEY, &fields);
            saved.2 = fields;
        }
    }
    Store {
        revision: state.revision,
        fields: (*encoder).clone(),
        state,
        encoder,
        link,
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub store: Store,
}

/// The decoder on its own, with a store of its own (the shell keeps one across views instead).
#[function_component(App)]
pub fn app() -> Html {
    let store = use_decoder();
    html! { <Decoder {store} /> }
}

#[function_component(Decoder)]
pub fn decoder(props: &Props) -> Html {
    let store = props.store.clone();
    let state = store.state.clone();
    // The text box is not bound to the state: writing a multi-megabyte text back into it after every
    // keystroke or paste would make the browser lay it out again. The page writes into it only when the
    // text comes from elsewhere (first load, an example, a share link) and when the view comes back.
    let input_ref = use_node_ref();
    {
        let input_ref = input_ref.clone();
        let state = state.clone();
        use_effect_with(state.replaced, move |_| {
            if let Some(area) = input_ref.cast::<HtmlTextAreaElement>() {
                area.set_value(state.box_text());
            }
        });
    }
    let on_input = {
        let d = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            d.dispatch(Action::SetInput(
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ))
        })
    };
    // A paste that would make the text large is taken over: the text goes into the state whole and the
    // box shows its beginning (see `BOX_LIMIT`). Into a small text it goes where the cursor is; a paste
    // into the beginning of a large text replaces it.
    let on_paste = {
        let d = state.dispatcher();
        let preview = state.box_is_preview();
        Callback::from(move |e: Event| {
            let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else {
                return;
            };
            let Some(pasted) = e
                .clipboard_data()
                .and_then(|data| data.get_data("text/plain").ok())
            else {
                return;
            };
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let current = if preview { String::new() } else { area.value() };
            if !preview && current.len() + pasted.len() <= BOX_LIMIT {
                return; // the browser pastes; the input event follows
            }
            e.prevent_default();
            let text = if preview {
                pasted
            } else {
                let at = |n: Option<u32>| utf8_offset(&current, n.unwrap_or(0) as usize);
                let (start, end) = (
                    at(area.selection_start().ok().flatten()),
                    at(area.selection_end().ok().flatten()),
                );
                let (start, end) = (start.min(end), end.max(start));
                if start == 0 && end == current.len() {
                    pasted // (no copy of a large paste just to add nothing to it)
                } else {
                    [&current[..start], pasted.as_str(), &current[end..]].concat()
                }
            };
            d.dispatch(Action::Load {
                text,
                source: "Pasted".into(),
            });
        })
    };
    let on_file = {
        let d = state.dispatcher();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(files) = input.files() {
                load_files(&files, d.clone());
            }
            input.set_value(""); // the same file can be opened again
        })
    };
    let on_drop = {
        let d = state.dispatcher();
        Callback::from(move |e: DragEvent| {
            if let Some(files) = e
                .data_transfer()
                .and_then(|t| t.files())
                .filter(|f| f.length() > 0)
            {
                e.prevent_default();
                load_files(&files, d.clone());
            }
        })
    };
    let on_dragover = Callback::from(|e: DragEvent| {
        if e.data_transfer()
            .is_some_and(|t| t.types().includes(&"Files".into(), 0))
        {
            e.prevent_default();
        }
    });
    let on_clear = {
        let d = state.dispatcher();
        let input_ref = input_ref.clone();
        Callback::from(move |_| {
            d.dispatch(Action::Clear);
            if let Some(area) = input_ref.cast::<web_sys::HtmlElement>() {
                let _ = area.focus();
            }
        })
    };
    let on_control = {
        let d = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            d.dispatch(Action::SetControl(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };
    let on_range = {
        let d = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            d.dispatch(Action::SetRange(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };
    let on_mode = {
        let d = state.dispatcher();
        Callback::from(move |e: Event| {
            let mode = mode_from(&e.target_unchecked_into::<HtmlSelectElement>().value());
            d.dispatch(Action::SetMode(mode));
        })
    };
    let on_format = {
        let d = state.dispatcher();
        Callback::from(move |e: Event| {
            d.dispatch(Action::SetFormat(Format::from_name(
                &e.target_unchecked_into::<HtmlSelectElement>().value(),
            )))
        })
    };
    let on_copy = {
        let store = store.clone();
        Callback::from(move |what: CopyWhat| copy(&store, what))
    };
    let status = match &state.view {
        _ if state.stale && state.capture.is_some() => format!(
            "Reading the capture ({})… {}%",
            state
                .capture
                .as_ref()
                .map(|c| c.describe())
                .unwrap_or_default(),
            state.progress.unwrap_or(0)
        ),
        _ if state.stale => format!(
            "Analysing {} KB… {}%",
            state.input.len() / 1024,
            state.progress.unwrap_or(0)
        ),
        View::Empty => "Nothing to decode yet.".to_string(),
        View::Decode {
            total, failed: 0, ..
        } => format!("{total} decoded."),
        View::Decode { total, failed, .. } => {
            format!("{} decoded, {failed} with errors.", total - failed)
        }
        View::Capture(c) => super::capture::status(c),
        View::Check(r) => {
            let count = |sev| r.1.findings.iter().filter(|f| f.severity == sev).count();
            let (e, w) = (
                count(ftp_explorer::diagnose::Severity::Error),
                count(ftp_explorer::diagnose::Severity::Warning),
            );
            format!(
                "Log checked: {e} error{}, {w} warning{}.",
                if e == 1 { "" } else { "s" },
                if w == 1 { "" } else { "s" }
            )
        }
    };
    html! {
        <main>
            <section class="decoder" aria-labelledby="decoder-heading" ondrop={on_drop} ondragover={on_dragover}>
                <h2 id="decoder-heading">{"Decode or check"}</h2>
                <label for="input">{"Replies, commands or a client log (multi-line replies are kept together)"}</label>
                <textarea id="input" ref={input_ref.clone()} rows="6" spellcheck="false" autocapitalize="off" autocomplete="off"
                    oninput={on_input} onpaste={on_paste}
                    readonly={state.box_is_preview()} aria-describedby="input-size" />
                <div class="input-tools">
                    <label class="file-button">
                        {"Open a log or capture…"}
                        <input type="file" id="file" multiple=true accept=".log,.txt,text/plain,.pcap,.pcapng,.cap,application/vnd.tcpdump.pcap" onchange={on_file} />
                    </label>
                    <button type="button" id="clear" onclick={on_clear} disabled={state.input.is_empty()}>{"Clear"}</button>
                    <p id="input-size" class="input-size">
                        if state.box_is_preview() {
                            { format!("The box shows the first {} of {} (read-only); the analysis reads all of it.", size_words(state.box_text().len()), size_words(state.input.len())) }
                        }
                    </p>
                </div>
                <div class="options">
                    <div>
                        <label for="mode">{"Read the text as"}</label>
                        <select id="mode" onchange={on_mode}>
                            <option value="auto" selected={state.mode == Mode::Auto}>{"Automatic"}</option>
                            <option value="decode" selected={state.mode == Mode::Decode}>{"Lines to decode one by one"}</option>
                            <option value="check" selected={state.mode == Mode::Check}>{"A session log to check"}</option>
                        </select>
                    </div>
                    <div>
                        <label for="format">{"Log format"}</label>
                        <select id="format" onchange={on_format}>
                            <option value="" selected={state.format.is_none()}>{"Detect automatically"}</option>
                            { for Format::ALL.iter().map(|f| html! { <option value={f.as_str()} selected={state.format == Some(*f)}>{ f.title() }</option> }) }
                        </select>
                    </div>
                    <div>
                        <label for="range">{"Server's passive range (optional)"}</label>
                        <input id="range" type="text" inputmode="numeric" placeholder="e.g. 50000-51000" autocomplete="off"
                            value={state.range.clone()} oninput={on_range} aria-invalid={state.range_error.is_some().to_string()} aria-describedby="range-error" />
                        <p id="range-error" class="field-error">{ state.range_error.clone().unwrap_or_default() }</p>
                    </div>
                </div>
                if !state.checking() {
                    <label for="control">{"Control connection's peer (optional: the server address your client connected to)"}</label>
                    <input id="control" type="text" spellcheck="false" autocomplete="off"
                        placeholder="e.g. 198.51.100.7" value={state.control.clone()} oninput={on_control}
                        aria-invalid={state.control_error.is_some().to_string()} aria-describedby="control-error" />
                    <p id="control-error" class="field-error">
                        if let Some(e) = &state.control_error { {"Not an address: "}{ &e.message } }
                    </p>
                }
                <div class="examples" role="group" aria-label="Example replies and commands">
                    <span class="examples-label" aria-hidden="true">{"Try: "}</span>
                    { for EXAMPLES.iter().enumerate().map(|(i, (name, text))| {
                        let d = state.dispatcher();
                        html! { <button type="button" title={*text} onclick={Callback::from(move |_| d.dispatch(Action::LoadExample(i)))}>{ *name }</button> }
                    }) }
                </div>
                <div class="examples" role="group" aria-label="Example logs">
                    <span class="examples-label" aria-hidden="true">{"Logs: "}</span>
                    { for ftp_explorer::log::examples::EXAMPLES.iter().enumerate().map(|(i, ex)| {
                        let d = state.dispatcher();
                        html! { <button type="button" title={ex.description} onclick={Callback::from(move |_| d.dispatch(Action::LoadLog(i)))}>{ ex.name }</button> }
                    }) }
                </div>
                { encoder(&store) }
                <p role="status" id="status" class="status">{ status }</p>
                <p role="status" class="notice">{ state.notice.clone().unwrap_or_default() }</p>
                { match &state.view {
                    View::Empty => html! {},
                    View::Decode { items, total, .. } => html! {
                        <>
                            <ol class="results" aria-label="Results">
                                { for items.iter().cloned().enumerate().map(|(i, item)| html! { <ResultCard {item} index={i} /> }) }
                            </ol>
                            if *total > MAX_SHOWN {
                                <p class="more">{ format!("Showing the first {MAX_SHOWN} of {total} inputs.") }</p>
                            }
                        </>
                    },
                    View::Check(report) => html! { <Report report={report.clone()} {on_copy} /> },
                    View::Capture(c) => html! { <super::capture::CaptureReport captured={c.clone()} /> },
                } }
            </section>
            <footer><p>{"Decodes per RFC 959, 1123, 1639 and 2428; address classes from the IANA special-purpose registries (RFC 6890). Works offline; makes no network requests; share links keep the log in the URL fragment, which browsers never send."}</p></footer>
        </main>
    }
}

/// The encoder: a form, an address and a port give the form's canonical text, which can be decoded
/// (it replaces the text in the box) or copied. The core writes it and says what is wrong, per field.
fn encoder(store: &Store) -> Html {
    let e = (*store.encoder).clone();
    let result = ftp_explorer::wire::encode_fields(e.kind, &e.address, &e.port);
    let error_of = |field: Field| -> Option<DecodeError> {
        match &result {
            Err(errors) => errors
                .iter()
                .find(|f| f.field == field)
                .map(|f| f.error.clone()),
            Ok(_) => None,
        }
    };
    let (address_error, port_error) = (error_of(Field::Address), error_of(Field::Port));
    let message = |error: &Option<DecodeError>| match error {
        Some(e) => {
            html! { <><code class="error-code">{ e.code.as_str() }</code>{" "}{ &e.message }</> }
        }
        None => html! {},
    };
    let set = |change: fn(&mut Encoder, String)| {
        let handle = store.encoder.clone();
        Callback::from(move |ev: InputEvent| {
            let mut next = (*handle).clone();
            change(
                &mut next,
                ev.target_unchecked_into::<HtmlInputElement>().value(),
            );
            handle.set(next);
        })
    };
    let on_kind = {
        let handle = store.encoder.clone();
        Callback::from(move |ev: Event| {
            let mut next = (*handle).clone();
            let value = ev.target_unchecked_into::<HtmlSelectElement>().value();
            next.kind = Kind::from_name(&value).unwrap_or(Kind::Pasv);
            handle.set(next);
        })
    };
    let on_toggle = {
        let handle = store.encoder.clone();
        Callback::from(move |ev: Event| {
            let open = ev
                .target_unchecked_into::<web_sys::Element>()
                .has_attribute("open");
            if open != handle.open {
                let mut next = (*handle).clone();
                next.open = open;
                handle.set(next);
            }
        })
    };
    let text = result.as_ref().ok().cloned();
    let on_decode = {
        let d = store.state.dispatcher();
        let text = text.clone();
        Callback::from(move |_| {
            if let Some(text) = &text {
                d.dispatch(Action::Open {
                    text: text.clone(),
                    notice: None,
                });
            }
        })
    };
    let on_copy = {
        let d = store.state.dispatcher();
        let text = text.clone();
        Callback::from(move |_| {
            let Some(text) = &text else { return };
            let Some(window) = web_sys::window() else {
                return;
            };
            let promise = window.navigator().clipboard().write_text(text);
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let message = match wasm_bindgen_futures::JsFuture::from(promise).await {
                    Ok(_) => "Encoded text copied.",
                    Err(_) => "The browser did not allow copying to the clipboard.",
                };
                d.dispatch(Action::Notice(message.to_string()));
            });
        })
    };
    let no_address = !ftp_explorer::wire::carries_address(e.kind);
    html! {
        <details class="encoder" open={e.open} ontoggle={on_toggle}>
            <summary>{"Encode: address and port → 227, 229, PORT, EPRT, 228, LPRT"}</summary>
            <div class="encode-fields">
                <div class="encode-field">
                    <label for="enc-kind">{"Form"}</label>
                    <select id="enc-kind" onchange={on_kind}>
                        { for FORMS.iter().map(|(k, name)| html! {
                            <option value={k.as_str()} selected={*k == e.kind}>{ *name }</option>
                        }) }
                    </select>
                </div>
                <div class="encode-field">
                    <label for="enc-address">{"Address"}</label>
                    <input id="enc-address" type="text" spellcheck="false" autocomplete="off" autocapitalize="off"
                        value={e.address.clone()} oninput={set(|e, v| e.address = v)} disabled={no_address}
                        aria-invalid={address_error.is_some().to_string()} aria-describedby="enc-address-msg" />
                    <p id="enc-address-msg" class={classes!("field-error", no_address.then_some("field-note"))}>
                        if no_address {
                            {"EPSV's 229 reply carries no address: the client connects to the control connection's."}
                        } else {
                            { message(&address_error) }
                        }
                    </p>
                </div>
                <div class="encode-field">
                    <label for="enc-port">{"Port"}</label>
                    <input id="enc-port" type="text" inputmode="numeric" autocomplete="off"
                        value={e.port.clone()} oninput={set(|e, v| e.port = v)}
                        aria-invalid={port_error.is_some().to_string()} aria-describedby="enc-port-msg" />
                    <p id="enc-port-msg" class="field-error">{ message(&port_error) }</p>
                </div>
            </div>
            <label for="encoded">{"Canonical text"}</label>
            <div class="encoded">
                <output id="encoded" for="enc-kind enc-address enc-port" aria-live="polite">
                    if let Some(t) = &text {
                        <code>{ t }</code>
                    } else {
                        <span class="dim">{"Nothing to encode until the fields are right."}</span>
                    }
                </output>
                <div class="encoded-actions">
                    <button type="button" id="enc-decode" onclick={on_decode} disabled={text.is_none()}>{"Decode it"}</button>
                    <button type="button" id="enc-copy" onclick={on_copy} disabled={text.is_none()}>{"Copy"}</button>
                </div>
            </div>
        </details>
    }
}

/// Copy the report (or a share link) to the clipboard and say so.
fn copy(store: &Store, what: CopyWhat) {
    let state = &store.state;
    let View::Check(report) = &state.view else {
        return;
    };
    let (session, diagnosis) = &**report;
    let Some(window) = web_sys::window() else {
        return;
    };
    let (text, done) = match what {
        CopyWhat::Text => (
            ftp_explorer::report::check_text(session, diagnosis, false),
            "Report copied as text.",
        ),
        CopyWhat::Markdown => (
            ftp_explorer::report::check_text(session, diagnosis, true),
            "Report copied as Markdown.",
        ),
        CopyWhat::Link => {
            let fragment = ftp_explorer::share::fragment_for(&state.input);
            store.own_link(&fragment);
            let _ = window.location().set_hash(&fragment);
            let href = window.location().href().unwrap_or_default();
            (href, "Share link copied (passwords masked; the log stays in the link's #fragment, which is never sent to a server).")
        }
    };
    let promise = window.navigator().clipboard().write_text(&text);
    let dispatcher = state.dispatcher();
    wasm_bindgen_futures::spawn_local(async move {
        let message = match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => done.to_string(),
            Err(_) => "The browser did not allow copying to the clipboard.".to_string(),
        };
        dispatcher.dispatch(Action::Notice(message));
    });
}

/// The byte offset in `text` of a position the browser gives in UTF-16 units (a selection's end).
fn utf8_offset(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Read the files the user opened or dropped (locally: nothing is sent anywhere). A packet capture is
/// recognised by its magic bytes (two captures: the client's side and the server's, compared); any other
/// file is read as text, as a log.
fn load_files(list: &web_sys::FileList, d: UseReducerDispatcher<State>) {
    let files: Vec<gloo::file::File> = (0..list.length().min(2))
        .filter_map(|i| list.get(i))
        .map(gloo::file::File::from)
        .collect();
    wasm_bindgen_futures::spawn_local(async move {
        let mut read = Vec::new();
        for file in &files {
            match gloo::file::futures::read_as_bytes(file).await {
                Ok(bytes) => read.push((file.name(), bytes)),
                Err(_) => {
                    return d.dispatch(Action::Notice(format!(
                        "The browser could not read {}.",
                        file.name()
                    )))
                }
            }
        }
        let captures = read
            .iter()
            .filter(|(_, b)| ftp_explorer::capture::is_capture(b))
            .count();
        if captures > 0 {
            // Captures only (a log beside a capture is left out, and said so).
            let skipped: Vec<String> = read
                .iter()
                .filter(|(_, b)| !ftp_explorer::capture::is_capture(b))
                .map(|(n, _)| n.clone())
                .collect();
            read.retain(|(_, b)| ftp_explorer::capture::is_capture(b));
            d.dispatch(Action::OpenCapture(read));
            if !skipped.is_empty() {
                d.dispatch(Action::Notice(format!(
                    "{} is not a packet capture and was left out: open it on its own to check it as a log.",
                    skipped.join(", ")
                )));
            }
            return;
        }
        let Some((name, bytes)) = read.into_iter().next() else {
            return;
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        d.dispatch(Action::Load {
            text,
            source: format!("Opened {name}"),
        });
    });
}

/// Frames read per step of a large capture.
const STEP_FRAMES: usize = 2_000;

/// Read and diagnose captures a slice at a time with the core's job, yielding to the browser in between,
/// with the progress shown (and announced: the status is a live region); give up as soon as another
/// input arrives.
async fn capture_in_slices(
    state: UseReducerHandle<State>,
    latest: std::rc::Rc<std::cell::RefCell<u64>>,
    generation: u64,
) {
    use ftp_explorer::capture_job::CaptureJob;
    use std::time::Duration;
    let current = || *latest.borrow() == generation;
    let Some(files) = state.capture.clone() else {
        return;
    };
    let dispatcher = state.dispatcher();
    let now = || {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    };
    let options = state.options();
    let bytes = files.bytes();
    let mut job = CaptureJob::new(&bytes, &options);
    let mut shown = 0u8;
    while !job.is_done() {
        let start = now();
        while !job.is_done() && now() - start < SLICE_MS {
            let percent = (job.step(&bytes, STEP_FRAMES) * 100.0) as u8;
            if percent >= shown + 5 {
                shown = percent;
                dispatcher.dispatch(Action::Progress {
                    generation,
                    percent,
                });
            }
        }
        gloo::timers::future::sleep(Duration::ZERO).await;
        if !current() {
            return;
        }
    }
    let captured = super::state::Captured {
        names: files.files.iter().map(|(n, _)| n.clone()).collect(),
        options,
        outcome: job.finish(&bytes),
    };
    mark("ftpx:diagnosed");
    dispatcher.dispatch(Action::Analysed {
        generation,
        view: View::Capture(std::rc::Rc::new(captured)),
    });
}

/// Lines read per step of a large log; steps run until [`SLICE_MS`] has passed, then the browser runs.
const STEP_LINES: usize = 1_000;
/// Work per slice, in milliseconds: short enough that input and painting never wait long.
const SLICE_MS: f64 = 40.0;

/// Analyse a large text a slice at a time with the core's job (the same job that analyses a small text
/// at once, and the CLI's), yielding to the browser in between; give up as soon as the text changes
/// again. The core does all the work; this only schedules it.
async fn analyse_in_slices(
    state: UseReducerHandle<State>,
    latest: std::rc::Rc<std::cell::RefCell<u64>>,
    generation: u64,
) {
    use ftp_explorer::analyse::{Job, Phase};
    use std::time::Duration;
    let current = || *latest.borrow() == generation;
    gloo::timers::future::sleep(Duration::from_millis(PAUSE_MS)).await;
    if !current() {
        return;
    }
    let dispatcher = state.dispatcher();
    let now = || {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    };
    let text = state.input.clone();
    let request = state.request();
    let mut job = Job::new(&text, &request);
    let (mut phase, mut shown) = (job.progress().phase, 0u8);
    while !job.is_done() {
        let start = now();
        while !job.is_done() && now() - start < SLICE_MS {
            let progress = job.step(STEP_LINES);
            if phase == Phase::Reading && progress.phase != Phase::Reading {
                // The log is read into a session: the marks the big-paste measurement reads.
                mark("ftpx:read");
                mark("ftpx:session");
            }
            phase = progress.phase;
            let percent = (progress.fraction * 100.0) as u8;
            if phase == Phase::Reading && percent >= shown + 10 {
                shown = percent;
                dispatcher.dispatch(Action::Progress {
                    generation,
                    percent,
                });
            }
        }
        gloo::timers::future::sleep(Duration::ZERO).await;
        if !current() {
            return;
        }
    }
    let view = View::of(job.finish(), request.control);
    if matches!(view, View::Check(_)) {
        mark("ftpx:diagnosed");
    }
    dispatcher.dispatch(Action::Analysed { generation, view });
}

/// A performance mark (seen in DevTools and read by `tests/e2e/measure-big-paste.mjs`), to tell which
/// phase of a large analysis takes the main thread.
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}
