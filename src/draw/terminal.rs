//! The sequence diagram as plain text, for a terminal (`ftp-explorer flow`): the same lane order as the
//! page's diagram ([`super::lanes_of`]), an arrow per step, and under it what the step carried.

use crate::base::{wrap as wrap_words, LongWords};
use crate::scenario::{Node, Step, StepKind, Timeline};

/// Width of one lifeline's column, in characters.
const LANE: usize = 17;

/// The column of a device's lifeline.
fn column(lanes: &[Node], n: Node) -> usize {
    let i = lanes.iter().position(|l| *l == n).unwrap_or(0);
    LANE / 2 + 4 + i * LANE
}

/// The timeline as a sequence diagram in plain text: the devices' titles, a lifeline per device (in
/// [`super::lanes_of`]'s order, as the page's diagram), one numbered arrow per step with its bytes,
/// decoding, legs, firewall verdicts, helper and narration (only the arrows when `brief`), then the data
/// connection's outcome, the result, the fix and the notes.
pub fn diagram(t: &Timeline, brief: bool) -> String {
    let lanes = super::lanes_of(t);
    let width = column(&lanes, *lanes.last().unwrap_or(&Node::Server)) + LANE / 2 + 1;
    let mut out = String::new();
    devices(&mut out, t, &lanes, width);
    for s in &t.steps {
        out.push_str(&arrow(&lanes, width, s));
        out.push('\n');
        if !brief {
            carried(&mut out, s);
        }
    }
    outcome(&mut out, t);
    out
}

/// The title, each device's title and details, and the names over the lifelines.
fn devices(out: &mut String, t: &Timeline, lanes: &[Node], width: usize) {
    out.push_str(&format!("{}\n\n", t.title));
    for label in t.nodes.iter().filter(|l| lanes.contains(&l.node)) {
        out.push_str(&format!(
            "  {:<12} {}{}\n",
            label.node.as_str().to_string(),
            label.title,
            if label.detail.is_empty() {
                String::new()
            } else {
                format!(" ({})", label.detail)
            }
        ));
    }
    out.push('\n');
    let mut header = vec![' '; width];
    for n in lanes {
        let name = n.as_str().to_string();
        let start = column(lanes, *n).saturating_sub(name.len() / 2);
        for (i, c) in name.chars().enumerate() {
            if let Some(slot) = header.get_mut(start + i) {
                *slot = c;
            }
        }
    }
    out.push_str(header.iter().collect::<String>().trim_end());
    out.push('\n');
}

/// What a step carried, under its arrow: bytes, decoding, legs, blocks, helper, narration.
fn carried(out: &mut String, s: &Step) {
    let pad = "      ";
    if let Some(b) = &s.bytes {
        out.push_str(&format!("{pad}bytes: {}\n", b.escape_debug()));
    }
    if let Some(d) = &s.decoded {
        out.push_str(&format!("{pad}decoded: {}\n", d.summary));
    }
    let telling = matches!(s.kind, StepKind::Syn | StepKind::SynAck | StepKind::Rst)
        || s.endpoint.is_some()
        || !s.delivered;
    if let (Some(first), Some(last)) = (s.hops.first(), s.hops.last()) {
        if telling && (first.src != last.src || first.dst != last.dst) {
            for h in &s.hops {
                out.push_str(&format!(
                    "{pad}{:>11} -> {:<11} {} -> {}\n",
                    h.from.as_str().to_string(),
                    h.to.as_str().to_string(),
                    h.src,
                    h.dst
                ));
            }
        }
    }
    for v in &s.verdicts {
        if !v.allowed {
            out.push_str(&format!(
                "{pad}[{}] BLOCKED by rule: {}\n",
                v.device, v.rule
            ));
        }
    }
    if let Some(h) = &s.helper {
        out.push_str(&format!("{pad}[{}] FTP helper: {}\n", h.device, h.note));
    }
    for line in wrap(&s.narration, 96) {
        out.push_str(&format!("{pad}{line}\n"));
    }
}

/// The data connection's outcome, the result, the attack's, the fixes and the notes.
fn outcome(out: &mut String, t: &Timeline) {
    out.push('\n');
    let d = &t.data_connection;
    out.push_str(&format!(
        "DATA CONNECTION: {}{}{}\n",
        if d.opened {
            "opened".to_string()
        } else {
            format!(
                "not opened ({})",
                d.failure.map_or("-".into(), |f| f.as_str().to_string())
            )
        },
        match (&d.from, &d.to) {
            (Some(f), Some(to)) => format!(", {f} -> {to}"),
            (None, Some(to)) => format!(", to {to}"),
            _ => String::new(),
        },
        if d.reason.is_empty() {
            String::new()
        } else {
            format!(": {}", d.reason)
        }
    ));
    out.push_str(&format!(
        "RESULT: {} {}\n",
        if t.works { "WORKS." } else { "FAILS." },
        t.summary
    ));
    if let Some(a) = &t.attack {
        out.push_str(&format!(
            "ATTACK ({}): {} {}\n",
            a.kind,
            if a.succeeded { "SUCCEEDED." } else { "FAILED." },
            a.explanation
        ));
    }
    for f in &t.fix {
        for (i, line) in wrap(f, 96).iter().enumerate() {
            out.push_str(&format!(
                "{}{line}\n",
                if i == 0 { "FIX: " } else { "     " }
            ));
        }
    }
    for n in &t.notes {
        for (i, line) in wrap(n, 96).iter().enumerate() {
            out.push_str(&format!(
                "{}{line}\n",
                if i == 0 { "NOTE: " } else { "      " }
            ));
        }
    }
}

/// One step's row: the lifelines, the arrow from sender to receiver (or to where it was stopped, `X`).
fn arrow(lanes: &[Node], width: usize, s: &Step) -> String {
    let mut row = vec![' '; width];
    for n in lanes {
        row[column(lanes, *n)] = '|';
    }
    let number = format!("{:>3}", s.number);
    for (i, c) in number.chars().enumerate() {
        row[i] = c;
    }
    let label = match s.kind {
        StepKind::Command | StepKind::Reply => s.text.clone(),
        StepKind::Note => "(note)".into(),
        _ => s.text.to_uppercase(),
    };
    let a = column(lanes, s.from);
    let b = column(lanes, if s.delivered { s.to } else { s.reached });
    let mut line: String;
    if a == b {
        row[a] = '*';
        line = row.iter().collect();
        let at = a + 2;
        line = format!("{}{}", &line.chars().take(at).collect::<String>(), label);
    } else {
        let (lo, hi) = (a.min(b), a.max(b));
        for slot in row.iter_mut().take(hi).skip(lo + 1) {
            *slot = '-';
        }
        let head = if b > a { (hi - 1, '>') } else { (lo + 1, '<') };
        row[head.0] = head.1;
        if !s.delivered {
            row[b] = 'X';
        }
        let room = hi - lo - 3;
        let text: String = if label.chars().count() + 2 <= room {
            format!(" {label} ")
        } else {
            String::new()
        };
        let start = lo + 1 + (room.saturating_sub(text.chars().count())) / 2 + 1;
        for (i, c) in text.chars().enumerate() {
            if let Some(slot) = row.get_mut(start + i) {
                *slot = c;
            }
        }
        line = row.iter().collect::<String>().trim_end().to_string();
        if text.is_empty() {
            line = format!("{line}  {label}");
        }
    }
    let tag = match (s.kind, s.connection) {
        (StepKind::Note, _) => String::new(),
        (_, c) => format!("  [{c}{}]", if s.encrypted { ", TLS" } else { "" }),
    };
    if s.kind == StepKind::Note {
        return line;
    }
    format!("{line}{tag}")
}

/// Narration, fixes and notes wrapped for a terminal (a long word, such as a path, stands alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_words(text, width, LongWords::Keep)
}
