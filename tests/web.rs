//! The page in a real browser: wasm-bindgen-test runs this in headless Chromium (`cargo xtask test`).
//! The app is mounted into a div of its own, text is typed into the box as a user would (an `input`
//! event), and the rendered result is read back from the DOM.
#![cfg(target_arch = "wasm32")]

use ftp_explorer::ui::App;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement, InputEvent};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(50)).await;
}

async fn type_text(root: &Element, text: &str) {
    let area: HtmlTextAreaElement = root
        .query_selector("#input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    area.set_value(text);
    area.dispatch_event(&InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element {selector}"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn decodes_as_you_type() {
    let root = mount();
    settle().await;
    type_text(&root, "PORT 10,0,0,1,195,80").await;
    assert_eq!(text_of(&root, "[data-field=port]"), "50000");
    assert_eq!(text_of(&root, "[data-field=ip]"), "10.0.0.1");
    assert!(text_of(&root, "[data-field=class]").contains("private"));
    assert!(text_of(&root, "[data-field=arithmetic]").contains("49920"));
    assert_eq!(text_of(&root, "#status"), "1 decoded.");

    // Typing on: the result follows the text, and an error marks the offending bytes.
    type_text(&root, "227 Entering Passive Mode (1,2,3,4,256,0)").await;
    assert_eq!(
        text_of(&root, "[data-field=error-code]"),
        "port-byte-out-of-range"
    );
    assert_eq!(text_of(&root, ".result.err mark"), "256");
    assert!(text_of(&root, "#status").contains("1 with errors"));
}

#[wasm_bindgen_test]
async fn groups_a_multiline_reply_and_counts_inputs() {
    let root = mount();
    settle().await;
    type_text(
        &root,
        "227-Entering Passive Mode\n227 (8,8,8,8,100,200)\nEPSV ALL\nbogus",
    )
    .await;
    let cards = root.query_selector_all(".results > li").unwrap();
    assert_eq!(cards.length(), 3);
    assert_eq!(text_of(&root, "[data-field=port]"), "25800");
    assert!(text_of(&root, "[data-field=class]").contains("public"));
    assert_eq!(text_of(&root, "#status"), "2 decoded, 1 with errors.");
}
