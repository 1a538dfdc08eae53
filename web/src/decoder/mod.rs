//! The decoder page: one text box that decodes single replies and commands as you type, and turns a
//! pasted client log or an opened capture into a checked session.
//!
//! - [`store`]: the state and the encoder's fields, kept across views and reloads;
//! - [`input`]: pastes, files opened or dropped, Copy;
//! - [`slices`]: large inputs analysed a slice at a time;
//! - [`encoder`]: the encoder fold.

mod encoder;
mod input;
mod slices;
mod store;

pub use store::{use_decoder, Store};

use crate::checker::{CopyWhat, Report};
use crate::decoded::ResultCard;
use crate::state::{size_words, Action, Mode, State, View, EXAMPLES, MAX_SHOWN};
use encoder::encoder;
use ftp_explorer::log::Format;
use input::{copy, load_files};
use store::mode_from;
use web_sys::{DragEvent, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub store: Store,
}

/// The decoder page on its own, with a store of its own (the shell keeps one across views instead).
#[function_component(DecoderPage)]
pub fn decoder_page() -> Html {
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
    let on_paste = input::on_paste(&state);
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
    let on_copy = {
        let store = store.clone();
        Callback::from(move |what: CopyWhat| copy(&store, what))
    };
    let status = status_text(&state);
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
                { options(&state) }
                { examples(&state) }
                { encoder(&store) }
                <p role="status" id="status" class="status">{ status }</p>
                <p role="status" class="notice">{ state.notice.clone().unwrap_or_default() }</p>
                { results(&state.view, on_copy) }
            </section>
            <footer><p>{"Decodes per RFC 959, 1123, 1639 and 2428; address classes from the IANA special-purpose registries (RFC 6890). Works offline; makes no network requests; share links keep the log in the URL fragment, which browsers never send."}</p></footer>
        </main>
    }
}

/// What the status line says: the progress of a large input, or what the analysis found.
fn status_text(state: &State) -> String {
    match &state.view {
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
        View::Capture(c) => crate::capture::status(c),
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
    }
}

/// How to read the text (mode, format), the server's passive range, and the control connection's peer.
fn options(state: &UseReducerHandle<State>) -> Html {
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
    html! {
        <>
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
        </>
    }
}

/// The example replies, commands and logs, one button each.
fn examples(state: &UseReducerHandle<State>) -> Html {
    html! {
        <>
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
        </>
    }
}

/// What the analysis found: the decoded inputs, the log's report or the capture's.
fn results(view: &View, on_copy: Callback<CopyWhat>) -> Html {
    match view {
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
    }
}
