//! The page's frame: the navigation between views and the view the URL fragment names.

use super::flow::FlowPage;
use super::guide::GuidePage;
use super::route::Route;
use super::setup::SetupPage;
use super::App;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

#[function_component(Shell)]
pub fn shell() -> Html {
    let hash = use_state(current_hash);
    {
        let hash = hash.clone();
        use_effect_with((), move |_| {
            let on_change = Closure::<dyn Fn()>::new(move || hash.set(current_hash()));
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback(
                    "hashchange",
                    on_change.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(w) = window {
                    let _ = w.remove_event_listener_with_callback(
                        "hashchange",
                        on_change.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    let (route, problems) = Route::from_hash(&hash);
    let tab = |href: &'static str, label: &'static str, here: bool| {
        html! { <a {href} aria-current={here.then_some("page")}>{ label }</a> }
    };
    let page = match &route {
        Route::Analyse => html! { <App /> },
        Route::Flow(link) => {
            html! { <FlowPage link={(**link).clone()} problems={problems.clone()} /> }
        }
        Route::Guide(selected) => html! { <GuidePage selected={selected.clone()} /> },
        Route::Setup(query) => html! { <SetupPage query={query.clone()} /> },
    };
    // The first Tab stop: straight past the navigation into the view (without touching the URL).
    let skip = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        let main = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("main").ok().flatten());
        if let Some(main) = main {
            let _ = main.set_attribute("tabindex", "-1");
            if let Ok(el) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
    html! {
        <>
            <nav class="site-nav" aria-label="Views">
                <a class="skip-link" href={(*hash).clone()} onclick={skip}>{"Skip to the view"}</a>
                { tab("#/", "Decode & check", route == Route::Analyse) }
                { tab("#/flow", "Connection flow", matches!(route, Route::Flow(_))) }
                { tab("#/setup", "Server setup", matches!(route, Route::Setup(_))) }
                { tab("#/guide", "Troubleshooting", matches!(route, Route::Guide(_))) }
            </nav>
            { page }
        </>
    }
}
