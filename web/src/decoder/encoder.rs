//! The encoder: a form, an address and a port give the form's canonical text (the core writes it and
//! says what is wrong, per field), which can be decoded or copied; its fields are kept like the text.

use super::store::{Store, ENCODER_KEY, SEP};
use crate::memory;
use crate::state::Action;
use ftp_explorer::wire::{DecodeError, Field, Kind};
use web_sys::{HtmlInputElement, HtmlSelectElement};
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
/// The encoder's fields as they were left (after a reload), or the defaults.
pub(super) fn initial_encoder() -> Encoder {
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

/// The encoder: a form, an address and a port give the form's canonical text, which can be decoded
/// (it replaces the text in the box) or copied. The core writes it and says what is wrong, per field.
pub(super) fn encoder(store: &Store) -> Html {
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
    let (on_kind, on_toggle) = (on_kind(store), on_toggle(store));
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
    let on_copy = on_copy(store, text.clone());
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

/// A form chosen.
fn on_kind(store: &Store) -> Callback<Event> {
    let handle = store.encoder.clone();
    Callback::from(move |ev: Event| {
        let mut next = (*handle).clone();
        let value = ev.target_unchecked_into::<HtmlSelectElement>().value();
        next.kind = Kind::from_name(&value).unwrap_or(Kind::Pasv);
        handle.set(next);
    })
}

/// The fold opened or closed (kept, as the fields are).
fn on_toggle(store: &Store) -> Callback<Event> {
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
}

/// Copy the encoded text, and say whether the browser allowed it.
fn on_copy(store: &Store, text: Option<String>) -> Callback<MouseEvent> {
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
}
