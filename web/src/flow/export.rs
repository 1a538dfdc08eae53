//! Export the current diagram: the network drawing and the sequence diagram of each shown session,
//! side by side, at the current step, without animation, as one SVG file with its style embedded, or
//! as a PNG drawn from that SVG through a canvas. Both are downloaded from `data:` URLs: nothing is sent.

use ftp_explorer::draw::lanes::lanes;
use ftp_explorer::draw::svg::{esc, svg};
use ftp_explorer::draw::topology::{topology, Opts};
use ftp_explorer::scenario::Timeline;
use std::fmt::Write;
use wasm_bindgen::JsCast;

/// The whole diagram as a standalone SVG document, and its size.
pub fn file(timelines: &[&Timeline], step: usize) -> (String, i32, i32) {
    let opts = Opts {
        width: 1000,
        animate: false,
        ms: 0,
    };
    let mut inner = format!("<style>{}</style>", drawing_css());
    let (mut x, mut height) = (0, 0);
    for t in timelines {
        let (topo, tw, th) = topology(t, step, &opts);
        let (seq, lw, lh) = lanes(t, step, 1000);
        let w = tw.max(lw);
        let _ = write!(
            inner,
            r#"<g transform="translate({x} 0)"><text class="ttl" x="12" y="26">{}</text><text x="12" y="46">Step {} of {}</text><svg y="56" width="{tw}" height="{th}" viewBox="0 0 {tw} {th}">{topo}</svg><svg y="{}" width="{lw}" height="{lh}" viewBox="0 0 {lw} {lh}">{seq}</svg></g>"#,
            esc(&t.title),
            step.min(t.steps.len()),
            t.steps.len(),
            56 + th + 16
        );
        x += w + 24;
        height = height.max(56 + th + 16 + lh);
    }
    let width = x - 24;
    let body = format!(r##"<rect width="100%" height="100%" fill="#fff"/>{inner}"##);
    (svg(&body, width, height + 8, ""), width, height + 8)
}

/// The drawings' style: every rule of the page's style sheets that starts with `.fx` (www/flow.css).
fn drawing_css() -> String {
    let mut css = String::new();
    let Some(sheets) = web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.style_sheets())
    else {
        return css;
    };
    for i in 0..sheets.length() {
        let Some(rules) = sheets
            .item(i)
            .and_then(|s| s.dyn_into::<web_sys::CssStyleSheet>().ok())
            .and_then(|s| s.css_rules().ok())
        else {
            continue;
        };
        for j in 0..rules.length() {
            let text = rules.item(j).map(|r| r.css_text()).unwrap_or_default();
            if text.starts_with(".fx") {
                css.push_str(&text);
            }
        }
    }
    css
}

/// `text` as a `data:` URL of type `mime`.
fn data_url(mime: &str, text: &str) -> String {
    let data = ftp_explorer::percent::encode(text, |b| {
        b.is_ascii_alphanumeric() || b" -._~:/=;,".contains(&b)
    });
    format!("data:{mime};charset=utf-8,{data}")
}

/// Download `href` as `name`.
fn download(name: &str, href: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    let a: web_sys::HtmlElement = doc.create_element("a").ok()?.dyn_into().ok()?;
    a.set_attribute("href", href).ok()?;
    a.set_attribute("download", name).ok()?;
    a.click();
    Some(())
}

/// Save the diagram as `name`.svg.
pub fn save_svg(name: &str, timelines: &[&Timeline], step: usize) {
    let (text, ..) = file(timelines, step);
    download(&format!("{name}.svg"), &data_url("image/svg+xml", &text));
}

/// Save the diagram as `name`.png (twice the SVG's size, for sharp slides).
pub async fn save_png(name: String, text: String, w: i32, h: i32) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    let img = web_sys::HtmlImageElement::new().ok()?;
    img.set_src(&data_url("image/svg+xml", &text));
    wasm_bindgen_futures::JsFuture::from(img.decode())
        .await
        .ok()?;
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(w as u32 * 2);
    canvas.set_height(h as u32 * 2);
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.scale(2.0, 2.0).ok()?;
    ctx.draw_image_with_html_image_element(&img, 0.0, 0.0)
        .ok()?;
    download(
        &format!("{name}.png"),
        &canvas.to_data_url_with_type("image/png").ok()?,
    )
}
