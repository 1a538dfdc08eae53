//! The form's fields: a text input, a checkbox or a select each, with its hint and its problems — shown
//! at once, or, while the field is being typed in, only once the user leaves it.

use super::{input_of, problem, targets, wrong_while_typing, Code, Field, Kind, Problem, Typed};
use ftp_explorer::config::Target;
use yew::prelude::*;

/// How a field's problems are shown now.
pub(super) struct Shown {
    pub(super) html: Html,
    /// A hard error stands (aria-invalid).
    pub(super) invalid: bool,
    /// Anything shown at all.
    pub(super) any: bool,
}

/// What the fields are drawn from: what was typed, the field being typed in, the problems found.
pub(super) struct Form<'a> {
    pub(super) typed: UseStateHandle<Typed>,
    /// The text input being typed in and not yet left: its problems wait.
    pub(super) editing: UseStateHandle<Option<&'static str>>,
    pub(super) problems: &'a [Problem],
    /// The server is behind NAT: the address is required.
    pub(super) behind_nat: bool,
}

impl Form<'_> {
    /// Whether a field's problems wait (it is being typed in, and nothing in it is wrong for good).
    fn waits(&self, key: &str, field: Field) -> bool {
        *self.editing == Some(key) && !wrong_while_typing(field, &self.typed.get(key))
    }

    /// A field's problems, as shown now.
    pub(super) fn shown(&self, key: &'static str, field: Field) -> Shown {
        let mine: Vec<&Problem> = self.problems.iter().filter(|p| p.field == field).collect();
        if self.waits(key, field) {
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
    }

    fn set_value(&self, key: &'static str) -> Callback<String> {
        let typed = self.typed.clone();
        Callback::from(move |value: String| typed.set(typed.with(key, value)))
    }

    /// A text input, leaving which shows its problems.
    pub(super) fn text_field(
        &self,
        key: &'static str,
        field: Field,
        hint: &'static str,
        numeric: bool,
    ) -> Html {
        let label = input_of(field).1;
        let id = format!("setup-{key}");
        let hint_id = format!("{id}-hint");
        let err_id = format!("{id}-problems");
        let s = self.shown(key, field);
        let required = key == "address"
            && (self.behind_nat
                || self
                    .problems
                    .iter()
                    .any(|p| p.code == Code::AddressRequired));
        let oninput = {
            let set = self.set_value(key);
            let editing = self.editing.clone();
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
            let editing = self.editing.clone();
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
                <input id={id} type="text" value={self.typed.get(key)} spellcheck="false" autocomplete="off"
                    inputmode={numeric.then_some("numeric")}
                    aria-invalid={s.invalid.to_string()} aria-required={required.then_some("true")}
                    aria-describedby={format!("{hint_id} {err_id}")}
                    {oninput} {onblur} {onchange} {onkeydown} />
                <p id={hint_id} class="field-hint">{ hint }{ (key == "address" && !required).then_some(" Empty: the server names the address the client used.") }</p>
                <ul id={err_id} class="problems">{ s.html }</ul>
            </div>
        }
    }

    /// A checkbox.
    pub(super) fn check_field(&self, key: &'static str, field: Field, hint: &'static str) -> Html {
        let label = input_of(field).1;
        let id = format!("setup-{key}");
        let hint_id = format!("{id}-hint");
        let err_id = format!("{id}-problems");
        let on_now = self.typed.get(key) == "1";
        let set = self.set_value(key);
        let s = self.shown(key, field);
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
    }

    /// A select of targets, in groups by kind.
    pub(super) fn select(
        &self,
        key: &'static str,
        label: &'static str,
        groups: &[(&'static str, &[Kind])],
        chosen: Target,
    ) -> Html {
        let id = format!("setup-{key}");
        let err_id = format!("{id}-problems");
        let set = self.set_value(key);
        let s = if key == "target" {
            self.shown(key, Field::Target)
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
    }
}
