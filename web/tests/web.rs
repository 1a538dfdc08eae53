//! The page in a real browser: wasm-bindgen-test runs this in headless Chromium (`cargo xtask test`).
//! The app is mounted into a div of its own, text is typed into the box as a user would (an `input`
//! event), and the rendered result is read back from the DOM.
#![cfg(target_arch = "wasm32")]

use ftp_explorer_web::DecoderPage;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlTextAreaElement, InputEvent};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<DecoderPage>::with_root(root.clone()).render();
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
        // Replies only (no command): lines to decode one by one, not a session.
        "227-Entering Passive Mode\n227 (8,8,8,8,100,200)\n229 Entering Extended Passive Mode (|||6446|)\nbogus",
    )
    .await;
    let cards = root.query_selector_all(".results > li").unwrap();
    assert_eq!(cards.length(), 3);
    assert_eq!(text_of(&root, "[data-field=port]"), "25800");
    assert!(text_of(&root, "[data-field=class]").contains("public"));
    assert_eq!(text_of(&root, "#status"), "2 decoded, 1 with errors.");
}

#[wasm_bindgen_test]
async fn a_pasted_log_becomes_a_checked_session() {
    let root = mount();
    settle().await;
    let log = "*   Trying 198.51.100.20:21...\n* Connected to ftp.example.org (198.51.100.20) port 21 (#0)\n< 220 (vsFTPd 3.0.3)\n> USER anonymous\n< 331 Please specify the password.\n> PASS secret123\n< 230 Login successful.\n> PASV\n< 227 Entering Passive Mode (10,0,0,5,195,81).\n*   Trying 10.0.0.5:50001...\n* Failed to connect to 10.0.0.5 port 50001 after 3000 ms: Timeout was reached\n";
    type_text(&root, log).await;
    assert_eq!(text_of(&root, "[data-field=format]"), "curl -v");
    let codes: Vec<String> = {
        let list = root.query_selector_all(".finding").unwrap();
        (0..list.length())
            .map(|i| {
                list.item(i)
                    .unwrap()
                    .dyn_into::<Element>()
                    .unwrap()
                    .get_attribute("data-code")
                    .unwrap()
            })
            .collect()
    };
    assert!(
        codes.contains(&"advertised-private-address".to_string()),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"data-connection-timeout".to_string()),
        "{codes:?}"
    );
    // The password never reaches the page's DOM; the timeline keeps every line, with line anchors.
    assert!(!root.inner_html().contains("secret123"));
    assert!(text_of(&root, "#line-6").contains("PASS ****"));
    assert!(text_of(&root, "#line-9").contains("10.0.0.5 port 50001"));
    assert!(text_of(&root, ".dc-table").contains("timed out"));
}

// The reducer on large texts (plain data in, plain data out: no DOM needed).
mod large_texts {
    use ftp_explorer_web::state::{Action, State, View, BOX_LIMIT, BOX_PREVIEW};
    use wasm_bindgen_test::*;

    fn big_log() -> String {
        // Multi-byte characters around the preview's cut, so it must land on a character boundary.
        "> PASV\n< 227 Entering Passive Mode (10,0,0,1,195,80) — é ✓\n".repeat(4_000)
    }

    #[wasm_bindgen_test]
    fn a_loaded_large_text_is_kept_whole_and_the_box_shows_its_beginning_up_to_a_line_end() {
        let text = big_log();
        assert!(text.len() > BOX_LIMIT);
        let s = State::new("").apply(Action::Load {
            text: text.clone(),
            source: "Pasted".into(),
        });
        assert_eq!(s.input.as_str(), text.as_str());
        assert!(s.box_is_preview());
        let shown = s.box_text();
        assert!(shown.len() <= BOX_PREVIEW && shown.len() > BOX_PREVIEW - 100);
        assert!(text.starts_with(shown));
        assert!(text[shown.len()..].starts_with('\n'), "cut at a line end");
        // Not analysed in this transition: the page does it a slice at a time.
        assert!(s.stale);
        assert_eq!(s.replaced, 1);
        assert!(s.notice.as_deref().unwrap().starts_with("Pasted: "));
    }

    #[wasm_bindgen_test]
    fn changing_an_option_on_a_large_text_defers_the_analysis_and_keeps_the_last_report() {
        let s = State::new("").apply(Action::Load {
            text: big_log(),
            source: "Opened x.log".into(),
        });
        let session = ftp_explorer::log::read_log("> PASV\n< 227 (10,0,0,1,195,80)", None);
        let diagnosis = ftp_explorer::diagnose::diagnose(&session, &Default::default());
        let report = View::Check(std::rc::Rc::new((session, diagnosis)));
        let done = s.apply(Action::Analysed {
            generation: s.generation,
            view: report.clone(),
        });
        assert!(!done.stale);
        assert!(done.notice.is_some(), "the notice outlives the analysis");
        let next = done.apply(Action::SetRange("50000-50010".into()));
        assert!(next.stale && next.generation > done.generation);
        assert_eq!(
            next.view, report,
            "the last report stays until the new one is ready"
        );
        // A result for an older text is ignored.
        let late = next.apply(Action::Analysed {
            generation: done.generation,
            view: View::Empty,
        });
        assert!(late.stale);
        let cleared = next.apply(Action::Clear);
        assert!(!cleared.stale && cleared.input.is_empty() && cleared.view == View::Empty);
    }
}

fn mount_shell() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<ftp_explorer_web::Shell>::with_root(root.clone()).render();
    root
}

async fn go(hash: &str) {
    web_sys::window()
        .unwrap()
        .location()
        .set_hash(hash)
        .unwrap();
    // The hashchange event comes in a task of its own.
    yew::platform::time::sleep(Duration::from_millis(100)).await;
}

#[wasm_bindgen_test]
async fn the_shell_keeps_the_decoders_text_and_result_across_views() {
    go("#/").await;
    let root = mount_shell();
    settle().await;
    type_text(&root, "PORT 10,0,0,1,195,80").await;
    assert_eq!(text_of(&root, "[data-field=port]"), "50000");
    go("#/guide").await;
    assert!(root.query_selector("#input").unwrap().is_none());
    assert!(text_of(&root, "main.guide h2").starts_with("Troubleshooting"));
    // The tab back to the decoder opens #/, where the text and its result are as they were.
    let back = root
        .query_selector(".site-nav a[data-tab=analyse]")
        .unwrap()
        .unwrap();
    assert_eq!(back.get_attribute("href").as_deref(), Some("#/"));
    go("#/").await;
    let area: HtmlTextAreaElement = root
        .query_selector("#input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(area.value(), "PORT 10,0,0,1,195,80");
    assert_eq!(text_of(&root, "[data-field=ip]"), "10.0.0.1");
    assert_eq!(text_of(&root, "#status"), "1 decoded.");
    // A followed #log= link replaces the text, once.
    let link = format!(
        "#{}",
        ftp_explorer::share::fragment_for("EPRT |1|192.0.2.1|6275|")
    );
    go(&link).await;
    assert_eq!(text_of(&root, "[data-field=port]"), "6275");
    type_text(&root, "PORT 192,0,2,1,4,1").await;
    go("#/guide").await;
    // The same link again (as Back brings it): not applied again over what was typed since.
    go(&link).await;
    assert_eq!(text_of(&root, "[data-field=port]"), "1025");
    go("#/").await;
}

#[wasm_bindgen_test]
async fn the_encoder_writes_the_text_and_puts_each_error_beside_its_field() {
    let root = mount();
    settle().await;
    let set = |id: &str, value: &str, event: &str| {
        let el = root.query_selector(id).unwrap().unwrap();
        js_set_value(&el, value);
        el.dispatch_event(&web_sys::Event::new(event).unwrap())
            .unwrap();
    };
    set("#enc-kind", "eprt", "change");
    settle().await;
    set("#enc-address", "2001:db8::7", "input");
    set("#enc-port", "6275", "input");
    settle().await;
    assert_eq!(text_of(&root, "#encoded"), "EPRT |2|2001:db8::7|6275|");
    set("#enc-kind", "port", "change");
    settle().await;
    assert!(text_of(&root, "#enc-address-msg").starts_with("wrong-family"));
    set("#enc-address", "192.0.2.1", "input");
    set("#enc-port", "0", "input");
    settle().await;
    assert_eq!(text_of(&root, "#enc-address-msg"), "");
    assert!(text_of(&root, "#enc-port-msg").starts_with("port-zero"));
    set("#enc-port", "1025", "input");
    settle().await;
    assert_eq!(text_of(&root, "#encoded"), "PORT 192,0,2,1,4,1");
    // "Decode it": the text goes into the box and is decoded.
    root.query_selector("#enc-decode")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    assert_eq!(text_of(&root, "[data-field=port]"), "1025");
    assert_eq!(text_of(&root, "[data-field=ip]"), "192.0.2.1");
}

/// Set an input's or a select's value, as the browser does before its input/change event.
fn js_set_value(el: &Element, value: &str) {
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.set_value(value);
    }
}
