//! The current step in detail: the exact bytes (CRLF shown) with a link that opens the line in the
//! decoder, the decoded endpoint, the packet leg by leg with the addresses each side sees, what each
//! firewall decided (rule and state), the NAT's translations and what an FTP helper did. Written as
//! HTML text from the core's step; it holds links only, no controls.

use super::svg::{esc, title};
use crate::scenario::view::stop;
use crate::scenario::Timeline;
use std::fmt::Write;

/// The link that opens `line` in the decoder (a `#log=` fragment).
fn open_in_decoder(line: &str) -> String {
    format!(
        r##"<a class="open-decoder" href="#{}">Open “{}” in the decoder</a>"##,
        crate::share::fragment_for(line),
        esc(line)
    )
}

/// The details of step `step` (1-based; 0: before the first) of `t`.
pub fn detail(t: &Timeline, step: usize) -> String {
    let len = t.steps.len();
    let mut o = String::with_capacity(4096);
    if step == 0 {
        o.push_str(r#"<p class="hint">Before the first packet. Press Play, or Forward (→).</p>"#);
        return o;
    }
    let i = step.min(len).saturating_sub(1);
    if i >= len {
        return o;
    }
    if step > len {
        let _ = write!(
            o,
            r#"<p class="hint">Finished: its last step, {len}, is shown.</p>"#
        );
    }
    heading(&mut o, t, i, len);
    facts(&mut o, t, i);
    legs(&mut o, t, i);
    verdicts(&mut o, t, i);
    translations(&mut o, t, i);
    helper(&mut o, i, t);
    o
}

/// The step's title line, what it is, and where it was stopped.
fn heading(o: &mut String, t: &Timeline, i: usize, len: usize) {
    let s = &t.steps[i];
    let what = if s.text.is_empty() {
        s.kind.as_str()
    } else {
        &s.text
    };
    let _ = write!(
        o,
        r#"<h4>Step {} of {len}: {}</h4><p class="meta">{} · {} connection · {} → {}{}</p>"#,
        i + 1,
        esc(what),
        s.kind,
        s.connection,
        esc(&title(t, s.from)),
        esc(&title(t, s.to)),
        if s.encrypted {
            " · encrypted (TLS)"
        } else {
            ""
        }
    );
    if let Some(st) = stop(t, i) {
        let _ = write!(
            o,
            r#"<p class="stopped"><span aria-hidden="true">✕ </span><strong>{}</strong> at the {}: {}</p>"#,
            st.word,
            esc(&title(t, st.node)),
            esc(&st.rule)
        );
    }
}

/// The narration, and the bytes, decoding and endpoint of an FTP line.
fn facts(o: &mut String, t: &Timeline, i: usize) {
    let s = &t.steps[i];
    let _ = write!(
        o,
        r#"<p class="narr">{}</p><dl class="facts-grid">"#,
        esc(&s.narration)
    );
    if let Some(bytes) = &s.bytes {
        let shown = esc(bytes)
            .replace(
                '\r',
                r#"<span class="crlf" title="carriage return">\r</span>"#,
            )
            .replace('\n', r#"<span class="crlf" title="line feed">\n</span>"#);
        let _ = write!(
            o,
            r#"<dt>Bytes</dt><dd><code class="bytes">{shown}</code> {}</dd>"#,
            open_in_decoder(&s.text)
        );
    }
    if let Some(d) = &s.decoded {
        let _ = write!(o, "<dt>Decoded</dt><dd>{}</dd>", esc(&d.summary));
    }
    if let Some(e) = s.decoded.as_ref().and_then(|d| d.endpoint).or(s.endpoint) {
        let ip =
            e.ip.map_or("no address (the control connection's)".to_string(), |ip| {
                ip.to_string()
            });
        let _ = write!(
            o,
            "<dt>Endpoint</dt><dd><code>{}</code> port <code>{}</code></dd>",
            esc(&ip),
            e.port
        );
    }
    o.push_str("</dl>");
}

/// The packet leg by leg, with the addresses a NAT rewrote.
fn legs(o: &mut String, t: &Timeline, i: usize) {
    let s = &t.steps[i];
    if !s.hops.is_empty() {
        o.push_str(r#"<div class="legs-wrap"><table class="legs"><caption>The packet leg by leg (✎: rewritten on the way)</caption><thead><tr><th scope="col">Leg</th><th scope="col">Source</th><th scope="col">Destination</th></tr></thead><tbody>"#);
        let mut prev: Option<&crate::scenario::Hop> = None;
        for h in &s.hops {
            let cell = |v: String, changed: bool| {
                if changed {
                    format!(
                        r#"<td class="chg"><span aria-hidden="true">✎ </span><code>{}</code><span class="visually-hidden"> (rewritten)</span></td>"#,
                        esc(&v)
                    )
                } else {
                    format!("<td><code>{}</code></td>", esc(&v))
                }
            };
            let _ = write!(
                o,
                "<tr><th scope=\"row\">{} → {}</th>{}{}</tr>",
                esc(&title(t, h.from)),
                esc(&title(t, h.to)),
                cell(h.src.to_string(), prev.is_some_and(|p| p.src != h.src)),
                cell(h.dst.to_string(), prev.is_some_and(|p| p.dst != h.dst))
            );
            prev = Some(h);
        }
        o.push_str("</tbody></table></div>");
    }
}

/// What each firewall decided, with its connection table.
fn verdicts(o: &mut String, t: &Timeline, i: usize) {
    let s = &t.steps[i];
    if !s.verdicts.is_empty() {
        o.push_str(r#"<h5>Firewalls</h5><ul class="verdicts">"#);
        for v in &s.verdicts {
            let _ = write!(
                o,
                r#"<li><strong>{}</strong> by the {}: <code>{}</code>"#,
                if v.allowed {
                    "✓ ALLOWED"
                } else {
                    "✕ BLOCKED"
                },
                esc(&title(t, v.device)),
                esc(&v.rule)
            );
            if !v.state.is_empty() {
                o.push_str(r#"<ul class="state" aria-label="Its connection table">"#);
                for line in &v.state {
                    let _ = write!(o, "<li><code>{}</code></li>", esc(line));
                }
                o.push_str("</ul>");
            }
            o.push_str("</li>");
        }
        o.push_str("</ul>");
    }
}

/// The NATs' translations.
fn translations(o: &mut String, t: &Timeline, i: usize) {
    let s = &t.steps[i];
    if !s.translations.is_empty() {
        o.push_str(r#"<h5>Address translation (NAT)</h5><ul class="nat">"#);
        for x in &s.translations {
            let _ = write!(
                o,
                "<li>The {}: <code>{}</code> becomes <code>{}</code> ({})</li>",
                esc(&title(t, x.device)),
                esc(&x.before),
                esc(&x.after),
                esc(&x.why)
            );
        }
        o.push_str("</ul>");
    }
}

/// What an FTP helper did with the line.
fn helper(o: &mut String, i: usize, t: &Timeline) {
    let s = &t.steps[i];
    if let Some(h) = &s.helper {
        let _ = write!(o, r#"<h5>FTP helper</h5><p>{}</p>"#, esc(&h.note));
        if let Some((before, after)) = &h.rewrote {
            let _ = write!(
                o,
                "<p>Rewritten: <code>{}</code> → <code>{}</code> {}</p>",
                esc(before),
                esc(after),
                open_in_decoder(after)
            );
        }
        if let Some(x) = &h.expects {
            let _ = write!(o, "<p>Lets in: <code>{}</code></p>", esc(x));
        }
    }
}

/// Every step's narration, for print (and for reading the whole story at once).
pub fn story(t: &Timeline) -> String {
    let mut o = String::from(r#"<ol class="story">"#);
    for s in &t.steps {
        let _ = write!(o, "<li>{}</li>", esc(&s.narration));
    }
    o.push_str("</ol>");
    o
}
