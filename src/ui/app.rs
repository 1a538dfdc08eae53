//! The page: one text box that decodes single replies and commands as you type, and turns a pasted
//! client log into a checked session.

use super::checker::{CopyWhat, Report};
use super::decoded::ResultCard;
use super::state::{Action, Mode, State, View, EXAMPLES, MAX_SHOWN, PAUSE_MS};
use crate::log::Format;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The text a share link carries, if the page was opened with one.
fn shared_text() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    crate::share::text_from_fragment(&hash)
}

#[function_component(App)]
pub fn app() -> Html {
    let state =
        use_reducer(|| State::new(&shared_text().unwrap_or_else(|| EXAMPLES[0].1.to_string())));
    // A large text is analysed once typing pauses, a slice at a time, so the page stays responsive.
    let latest = use_mut_ref(|| 0u64);
    {
        let state = state.clone();
        let latest = latest.clone();
        use_effect_with(
            (state.generation, state.stale),
            move |&(generation, stale)| {
                *latest.borrow_mut() = generation;
                if stale {
                    yew::platform::spawn_local(analyse_in_slices(state, latest, generation));
                }
            },
        );
    }
    // The text box is not bound to the state: writing a multi-megabyte text back into it after every
    // keystroke or paste would make the browser lay it out again. The page writes into it only when the
    // text comes from elsewhere (first load, an example, a share link).
    let input_ref = use_node_ref();
    {
        let input_ref = input_ref.clone();
        let state = state.clone();
        use_effect_with(state.replaced, move |_| {
            if let Some(area) = input_ref.cast::<HtmlTextAreaElement>() {
                area.set_value(&state.input);
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
            let mode = match e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .as_str()
            {
                "decode" => Mode::Decode,
                "check" => Mode::Check,
                _ => Mode::Auto,
            };
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
        let state = state.clone();
        Callback::from(move |what: CopyWhat| copy(&state, what))
    };
    let status = match &state.view {
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
        View::Check(r) => {
            let count = |sev| r.1.findings.iter().filter(|f| f.severity == sev).count();
            let (e, w) = (
                count(crate::diagnose::Severity::Error),
                count(crate::diagnose::Severity::Warning),
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
            <section class="decoder" aria-labelledby="decoder-heading">
                <h2 id="decoder-heading">{"Decode or check"}</h2>
                <label for="input">{"Replies, commands or a client log (multi-line replies are kept together)"}</label>
                                <textarea id="input" ref={input_ref.clone()} rows="6" spellcheck="false" autocapitalize="off" autocomplete="off"
                    oninput={on_input} />
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
                    { for crate::log::examples::EXAMPLES.iter().enumerate().map(|(i, ex)| {
                        let d = state.dispatcher();
                        html! { <button type="button" title={ex.description} onclick={Callback::from(move |_| d.dispatch(Action::LoadLog(i)))}>{ ex.name }</button> }
                    }) }
                </div>
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
                } }
            </section>
            <footer><p>{"Decodes per RFC 959, 1123, 1639 and 2428; address classes from the IANA special-purpose registries (RFC 6890). Works offline; makes no network requests; share links keep the log in the URL fragment, which browsers never send."}</p></footer>
        </main>
    }
}

/// Copy the report (or a share link) to the clipboard and say so.
fn copy(state: &UseReducerHandle<State>, what: CopyWhat) {
    let View::Check(report) = &state.view else {
        return;
    };
    let (session, diagnosis) = &**report;
    let Some(window) = web_sys::window() else {
        return;
    };
    let (text, done) = match what {
        CopyWhat::Text => (
            crate::report::check_text(session, diagnosis, false),
            "Report copied as text.",
        ),
        CopyWhat::Markdown => (
            crate::report::check_text(session, diagnosis, true),
            "Report copied as Markdown.",
        ),
        CopyWhat::Link => {
            let fragment = crate::share::fragment_for(&state.input);
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

/// Lines read per step of a large log; steps run until [`SLICE_MS`] has passed, then the browser runs.
const STEP_LINES: usize = 1_000;
/// Work per slice, in milliseconds: short enough that input and painting never wait long.
const SLICE_MS: f64 = 40.0;

/// Read and diagnose a large log a slice at a time, yielding to the browser in between; give up as soon
/// as the text changes again. The core does all the work; this only schedules it.
async fn analyse_in_slices(
    state: UseReducerHandle<State>,
    latest: std::rc::Rc<std::cell::RefCell<u64>>,
    generation: u64,
) {
    use crate::diagnose::Diagnoser;
    use crate::log::LogReader;
    use std::time::Duration;
    let current = || *latest.borrow() == generation;
    yew::platform::time::sleep(Duration::from_millis(PAUSE_MS)).await;
    if !current() {
        return;
    }
    let dispatcher = state.dispatcher();
    if !state.wants_check() {
        dispatcher.dispatch(Action::Analyse { generation });
        return;
    }
    let text = state.input.clone();
    let (format, options) = (state.format, state.options());
    let now = || {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    };
    let mut reader = LogReader::new(&text, format);
    let mut shown = 0u8;
    loop {
        let start = now();
        let mut done = false;
        while !done && now() - start < SLICE_MS {
            done = reader.step(&text, STEP_LINES);
        }
        if done {
            break;
        }
        let percent = (reader.progress(&text) * 90.0) as u8;
        if percent >= shown + 10 {
            shown = percent;
            dispatcher.dispatch(Action::Progress {
                generation,
                percent,
            });
        }
        yew::platform::time::sleep(Duration::ZERO).await;
        if !current() {
            return;
        }
    }
    mark("ftpx:read");
    let session = reader.finish();
    mark("ftpx:session");
    let mut diagnoser = Diagnoser::new(&options);
    while !diagnoser.step(&session) {
        yew::platform::time::sleep(Duration::ZERO).await;
        if !current() {
            return;
        }
    }
    let diagnosis = diagnoser.finish(&session);
    mark("ftpx:diagnosed");
    dispatcher.dispatch(Action::Checked {
        generation,
        report: std::rc::Rc::new((session, diagnosis)),
    });
}

/// A performance mark (seen in DevTools and read by `tests/e2e/measure-big-paste.mjs`), to tell which
/// phase of a large analysis takes the main thread.
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}
