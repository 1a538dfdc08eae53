//! What the page remembers across view switches and reloads, in this browser tab only: the session's
//! storage (`sessionStorage`, gone when the tab closes; nothing is ever sent anywhere). Where the browser
//! refuses storage, view switches still keep everything (the values live in the page), reloads do not.
//!
//! - each view's last URL (`ftpx:view:flow|setup|guide`), for the navigation tabs;
//! - the decoder's text, passwords masked, up to [`TEXT_LIMIT`] (`ftpx:decoder:text`), its options and
//!   the encoder's fields (see `decoder/store.rs`).

use super::route::Tab;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = sessionStorage, js_name = getItem)]
    fn get_item(key: &str) -> Result<Option<String>, JsValue>;
    #[wasm_bindgen(catch, js_namespace = sessionStorage, js_name = setItem)]
    fn set_item(key: &str, value: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = sessionStorage, js_name = removeItem)]
    fn remove_item(key: &str) -> Result<(), JsValue>;
}

/// The largest decoder text kept across a reload (UTF-8 bytes; it is stored masked). Browsers give a
/// site's session storage 5–10 MB, some counting UTF-16 units (2 bytes a character): 1 MiB of text
/// stays well inside that, and writing it costs a few milliseconds. A larger text is kept across view
/// switches only (and a reload says it was too large); a write the browser refuses counts as too large.
pub const TEXT_LIMIT: usize = 1024 * 1024;

/// The stored value of `key`, if any (and if the browser allows storage).
pub fn load(key: &str) -> Option<String> {
    get_item(key).ok().flatten()
}

/// Store `value` under `key`; false if the browser refused (storage off, or full).
pub fn save(key: &str, value: &str) -> bool {
    set_item(key, value).is_ok()
}

pub fn forget(key: &str) {
    let _ = remove_item(key);
}

thread_local! {
    /// The views' last URLs, also when storage is refused.
    static VIEWS: RefCell<Vec<(Tab, String)>> = const { RefCell::new(Vec::new()) };
}

fn view_key(tab: Tab) -> String {
    format!("ftpx:view:{}", tab.key())
}

/// Remember `hash` as the last URL of its view, and point the view's navigation tab at it (the shell is
/// not re-rendered when a view rewrites its URL). The decoder's tab always opens `#/`: its text lives in
/// the page, and a `#log=` link would replace it.
pub fn remember_view(tab: Tab, hash: &str) {
    if tab == Tab::Analyse || last_view(tab) == hash {
        return;
    }
    VIEWS.with(|v| {
        let mut v = v.borrow_mut();
        v.retain(|(t, _)| *t != tab);
        v.push((tab, hash.to_string()));
    });
    save(&view_key(tab), hash);
    let link = web_sys::window().and_then(|w| w.document()).and_then(|d| {
        d.query_selector(&format!(".site-nav a[data-tab={}]", tab.key()))
            .ok()
            .flatten()
    });
    if let Some(link) = link {
        let _ = link.set_attribute("href", hash);
    }
}

/// The URL the view's navigation tab opens: its last one in this session, else its bare URL.
pub fn last_view(tab: Tab) -> String {
    if tab == Tab::Analyse {
        return tab.home().to_string();
    }
    VIEWS
        .with(|v| {
            v.borrow()
                .iter()
                .find(|(t, _)| *t == tab)
                .map(|(_, h)| h.clone())
        })
        .or_else(|| load(&view_key(tab)).filter(|h| h.starts_with(tab.home())))
        .unwrap_or_else(|| tab.home().to_string())
}
