//! The page: a text box that decodes as you type, examples, and the result cards.

use super::decoded::ResultCard;
use super::state::{Action, State, EXAMPLES, MAX_SHOWN};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| State::new(EXAMPLES[0].1));
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
    let status = match (state.total, state.failed) {
        (0, _) => "Nothing to decode yet.".to_string(),
        (n, 0) => format!("{n} decoded."),
        (n, f) => format!("{} decoded, {f} with errors.", n - f),
    };
    html! {
        <main>
            <header>
                <h1>{"ftp-explorer"}</h1>
                <p class="lede">{"Paste an FTP reply or command that sets up a data connection — "}
                    <code>{"227"}</code>{", "}<code>{"229"}</code>{", "}<code>{"228"}</code>{", "}<code>{"PORT"}</code>{", "}<code>{"EPRT"}</code>{", "}<code>{"LPRT"}</code>
                    {" — and see where the data connection goes, how the port is computed, and what is wrong. Nothing you paste leaves this page."}</p>
            </header>
            <section class="decoder" aria-labelledby="decoder-heading">
                <h2 id="decoder-heading">{"Decode"}</h2>
                <label for="input">{"Replies or commands, one per line (multi-line replies are kept together)"}</label>
                <textarea id="input" rows="4" spellcheck="false" autocapitalize="off" autocomplete="off"
                    value={state.input.clone()} oninput={on_input} />
                <label for="control">{"Control connection's peer (optional: the server address your client connected to)"}</label>
                <input id="control" type="text" spellcheck="false" autocomplete="off" inputmode="text"
                    placeholder="e.g. 198.51.100.7" value={state.control.clone()} oninput={on_control}
                    aria-invalid={state.control_error.is_some().to_string()} aria-describedby="control-error" />
                <p id="control-error" class="field-error">
                    if let Some(e) = &state.control_error { {"Not an address: "}{ &e.message } }
                </p>
                <div class="examples" role="group" aria-label="Examples">
                    <span class="examples-label" aria-hidden="true">{"Try: "}</span>
                    { for EXAMPLES.iter().enumerate().map(|(i, (name, text))| {
                        let d = state.dispatcher();
                        html! { <button type="button" title={*text} onclick={Callback::from(move |_| d.dispatch(Action::LoadExample(i)))}>{ *name }</button> }
                    }) }
                </div>
                <p role="status" id="status" class="status">{ status }</p>
                <ol class="results" aria-label="Results">
                    { for state.items.iter().cloned().enumerate().map(|(i, item)| html! { <ResultCard {item} index={i} /> }) }
                </ol>
                if state.total > MAX_SHOWN {
                    <p class="more">{ format!("Showing the first {MAX_SHOWN} of {} inputs.", state.total) }</p>
                }
            </section>
            <footer><p>{"Decodes per RFC 959, 1123, 1639 and 2428; address classes from the IANA special-purpose registries (RFC 6890). Works offline; makes no network requests."}</p></footer>
        </main>
    }
}
