//! A set written out: a worksheet with its answer key (text), and quiz files a course platform
//! imports — Moodle XML and GIFT. Short answers where the answer is a value (an address and port, two
//! bytes), one-of-several where it is a name (a class, a device, a change, a finding's code).

use super::{letter, Answer, Item, Kind, Set};
use std::fmt::Write;

/// The set as a worksheet: every item's prompt and input, then the answer key with the explanations.
pub fn text(set: &Set, answers: bool) -> String {
    let mut out = format!(
        "FTP connection modes: exercises (seed {}, level {})\n\n",
        set.seed, set.level
    );
    for (n, it) in set.items.iter().enumerate() {
        let _ = writeln!(out, "{}. [{}] {}", n + 1, it.kind, it.prompt);
        if let Some(c) = &it.control {
            let _ = writeln!(out, "   Control connection: {c}");
        }
        if it.kind != Kind::PredictOutcome && it.kind != Kind::ChooseFix {
            for line in it.input.to_string().lines() {
                let _ = writeln!(out, "   | {line}");
            }
        }
        for (i, c) in it.choices.iter().enumerate() {
            let _ = writeln!(out, "   {}) {}", letter(i), c.label);
        }
        if !it.options.is_empty() && it.choices.is_empty() {
            let _ = writeln!(out, "   Options: {}", it.options.join(", "));
        }
        out.push('\n');
    }
    if answers {
        out.push_str("ANSWER KEY\n\n");
        for (n, it) in set.items.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", n + 1, it.answer);
            for line in crate::base::wrap(&it.explanation, 92, crate::base::LongWords::Keep) {
                let _ = writeln!(out, "   {line}");
            }
        }
    }
    out
}

/// Text for XML: `&`, `<`, `>` and `"` escaped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The question's text as HTML: the prompt, the input in a `<pre>` block, the choices as a list.
fn question_html(it: &Item) -> String {
    let mut html = format!("<p>{}</p>", xml(&it.prompt));
    if let Some(c) = &it.control {
        let _ = write!(html, "<p>Control connection: {}</p>", xml(c));
    }
    if !matches!(it.kind, Kind::PredictOutcome | Kind::ChooseFix) {
        let _ = write!(html, "<pre>{}</pre>", xml(&it.input.to_string()));
    }
    html
}

/// The accepted short answers (several spellings of one value), or `None` for a one-of-several item.
fn short_answers(a: &Answer) -> Option<Vec<String>> {
    match a {
        Answer::Endpoint { ip, port } if ip.contains(':') => {
            Some(vec![format!("[{ip}]:{port}"), format!("{ip} {port}")])
        }
        Answer::Endpoint { ip, port } => Some(vec![format!("{ip}:{port}"), format!("{ip} {port}")]),
        Answer::Bytes { p1, p2 } => Some(vec![
            format!("{p1},{p2}"),
            format!("{p1}, {p2}"),
            format!("{p1} {p2}"),
        ]),
        _ => None,
    }
}

/// A one-of-several item's options and the index of the right one.
fn options(it: &Item) -> (Vec<String>, usize) {
    match &it.answer {
        Answer::Choice { choice } => (
            it.choices.iter().map(|c| c.label.clone()).collect(),
            *choice,
        ),
        Answer::Class { category, .. } => (it.options.clone(), index(&it.options, category)),
        Answer::Code { code } => (it.options.clone(), index(&it.options, code)),
        Answer::Outcome { opened, device } => {
            let right = if *opened {
                "opens"
            } else {
                device.as_deref().unwrap_or("")
            };
            (it.options.clone(), index(&it.options, right))
        }
        _ => (Vec::new(), 0),
    }
}

fn index(options: &[String], right: &str) -> usize {
    options.iter().position(|o| o == right).unwrap_or(0)
}

/// The set as Moodle XML (Question bank → Import → Moodle XML format).
pub fn moodle_xml(set: &Set) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
    let _ = writeln!(
        out,
        "  <question type=\"category\"><category><text>$course$/FTP connection modes/seed {}</text></category></question>",
        set.seed
    );
    for it in &set.items {
        let kind = if short_answers(&it.answer).is_some() {
            "shortanswer"
        } else {
            "multichoice"
        };
        let _ = writeln!(out, "  <question type=\"{kind}\">");
        let _ = writeln!(
            out,
            "    <name><text>{} {}</text></name>",
            xml(&it.id),
            it.kind
        );
        let _ = writeln!(
            out,
            "    <questiontext format=\"html\"><text>{}</text></questiontext>",
            xml(&question_html(it))
        );
        let _ = writeln!(
            out,
            "    <generalfeedback format=\"html\"><text>{}</text></generalfeedback>",
            xml(&format!("<p>{}</p>", xml(&it.explanation)))
        );
        match short_answers(&it.answer) {
            Some(spellings) => {
                out.push_str("    <usecase>0</usecase>\n");
                for s in spellings {
                    let _ = writeln!(
                        out,
                        "    <answer fraction=\"100\"><text>{}</text></answer>",
                        xml(&s)
                    );
                }
            }
            None => {
                out.push_str("    <single>true</single>\n    <shuffleanswers>0</shuffleanswers>\n");
                let (opts, right) = options(it);
                for (i, o) in opts.iter().enumerate() {
                    let fraction = if i == right { 100 } else { 0 };
                    let _ = writeln!(
                        out,
                        "    <answer fraction=\"{fraction}\" format=\"html\"><text>{}</text></answer>",
                        xml(o)
                    );
                }
            }
        }
        out.push_str("  </question>\n");
    }
    out.push_str("</quiz>\n");
    out
}

/// Text for GIFT: its special characters escaped, line ends kept as `\n`.
fn gift(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// The set in Moodle's GIFT format.
pub fn gift_format(set: &Set) -> String {
    let mut out = format!(
        "// FTP connection modes: seed {}, level {}\n\n",
        set.seed, set.level
    );
    for it in &set.items {
        let mut question = it.prompt.clone();
        if let Some(c) = &it.control {
            let _ = write!(question, " Control connection: {c}.");
        }
        if !matches!(it.kind, Kind::PredictOutcome | Kind::ChooseFix) {
            let _ = write!(question, "\n{}", it.input);
        }
        let _ = write!(out, "::{}::{} {{", gift(&it.id), gift(&question));
        match short_answers(&it.answer) {
            Some(spellings) => {
                for s in spellings {
                    let _ = write!(out, "\n\t={}", gift(&s));
                }
            }
            None => {
                let (opts, right) = options(it);
                for (i, o) in opts.iter().enumerate() {
                    let _ = write!(out, "\n\t{}{}", if i == right { '=' } else { '~' }, gift(o));
                }
            }
        }
        let _ = write!(out, "\n\t####{}\n}}\n\n", gift(&it.explanation));
    }
    out
}
