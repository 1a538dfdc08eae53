//! The web page (Yew, Wasm only; natively this crate is empty). It renders what the core returns and holds no protocol knowledge:
//! `state` is the page's plain data and its one reducer, `app` the page, `decoded` the decoder's result
//! cards, `checker` the log report (findings, data connections, timeline), `flow` the connection-flow
//! explorer; `route` is the URL contract and `shell` the frame that picks the view and keeps the
//! decoder's state while other views are shown; `memory` is what the page keeps across a reload.
#![cfg(target_arch = "wasm32")]

mod capture;
mod checker;
mod decoded;
mod decoder;
pub mod flow;
mod guide;
mod highlight;
mod memory;
mod reclaim;
pub mod route;
mod setup;
mod shell;
pub mod state;

pub use decoder::DecoderPage;
pub use shell::Shell;

/// Copy a text to the clipboard (best effort: a browser may refuse).
pub(crate) fn copy_text(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Mount the page into `<div id="app">` (falling back to a new div in `<body>`).
pub fn start() {
    let document = web_sys::window().and_then(|w| w.document());
    let root = document.as_ref().and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            // The page's own "Loading…" (www/index.html) goes with the mount; the region is ready.
            let _ = root.remove_attribute("aria-busy");
            yew::Renderer::<Shell>::with_root(root).render();
        }
        None => {
            yew::Renderer::<Shell>::new().render();
        }
    }
}
