//! The page: one text box that decodes single replies and commands as you type, and turns a pasted
//! client log into a checked session.

use super::checker::{CopyWhat, Report};
use super::decoded::ResultCard;
use super::state::{
    size_words, Action, Mode, State, View, BOX_LIMIT, EXAMPLES, MAX_SHOWN, PAUSE_MS,
};
use crate::log::Format;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
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
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                load_file(file, d.clone());
            }
            input.set_value(""); // the same file can be opened again
        })
    };
    let on_drop = {
        let d = state.dispatcher();
        Callback::from(move |e: DragEvent| {
            if let Some(file) = e
                .data_transfer()
                .and_then(|t| t.files())
                .and_then(|f| f.get(0))
            {
                e.prevent_default();
                load_file(file, d.clone());
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
            <section class="decoder" aria-labelledby="decoder-heading" ondrop={on_drop} ondragover={on_dragover}>
                <h2 id="decoder-heading">{"Decode or check"}</h2>
                <label for="input">{"Replies, commands or a client log (multi-line replies are kept together)"}</label>
                <textarea id="input" ref={input_ref.clone()} rows="6" spellcheck="false" autocapitalize="off" autocomplete="off"
                    oninput={on_input} onpaste={on_paste}
                    readonly={state.box_is_preview()} aria-describedby="input-size" />
                <div class="input-tools">
                    <label class="file-button">
                        {"Open a log file…"}
                        <input type="file" id="file" accept=".log,.txt,text/plain" onchange={on_file} />
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

/// Read a file the user opened or dropped (locally: nothing is sent anywhere) and load its text.
fn load_file(file: web_sys::File, d: UseReducerDispatcher<State>) {
    let name = file.name();
    let promise = file.text();
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(text) => d.dispatch(Action::Load {
                text: text.as_string().unwrap_or_default(),
                source: format!("Opened {name}"),
            }),
            Err(_) => d.dispatch(Action::Notice(format!(
                "The browser could not read {name} as text."
            ))),
        }
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
    let now = || {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    };
    if state.input.trim().is_empty() {
        dispatcher.dispatch(Action::Analysed {
            generation,
            view: View::Empty,
        });
        return;
    }
    if !state.wants_check() {
        // Lines to decode one by one: decoded in slices too; the first MAX_SHOWN are kept for display.
        let text = state.input.clone();
        let peer = state.control_peer();
        let ctx = crate::wire::Context { control_peer: peer };
        let spans = crate::wire::reply::split_inputs(&text);
        let (mut items, mut failed, mut next) = (Vec::new(), 0, 0);
        while next < spans.len() {
            let start = now();
            while next < spans.len() && now() - start < SLICE_MS {
                for span in &spans[next..(next + STEP_LINES).min(spans.len())] {
                    let part = &text[span.start..span.end];
                    let result = crate::clients::decode_with(part, &ctx);
                    failed += usize::from(result.is_err());
                    if items.len() < MAX_SHOWN {
                        items.push(super::state::Item::new(part, result, peer));
                    }
                }
                next = (next + STEP_LINES).min(spans.len());
            }
            yew::platform::time::sleep(Duration::ZERO).await;
            if !current() {
                return;
            }
        }
        dispatcher.dispatch(Action::Analysed {
            generation,
            view: View::Decode {
                items,
                total: spans.len(),
                failed,
            },
        });
        return;
    }
    let text = state.input.clone();
    let (format, options) = (state.format, state.options());
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
    // The report is rendered in a task of its own.
    yew::platform::time::sleep(Duration::ZERO).await;
    if !current() {
        return;
    }
    let diagnosis = diagnoser.finish(&session);
    mark("ftpx:diagnosed");
    dispatcher.dispatch(Action::Analysed {
        generation,
        view: View::Check(std::rc::Rc::new((session, diagnosis))),
    });
}

/// A performance mark (seen in DevTools and read by `tests/e2e/measure-big-paste.mjs`), to tell which
/// phase of a large analysis takes the main thread.
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}
