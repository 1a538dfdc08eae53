//! Marking: a student's answer, as typed, against an item's computed answer. Lenient about form (case,
//! blanks, brackets, `:` or a blank between address and port, a choice's letter or number), strict
//! about substance.

use super::{letter, Answer, Item};
use serde::Serialize;
use std::net::IpAddr;

/// The verdict on one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mark {
    pub correct: bool,
    /// The right answer, as a student would write it.
    pub expected: String,
    /// Why (the same words whether the answer was right or not).
    pub explanation: String,
}

/// Mark `response` against `item`.
pub fn mark(item: &Item, response: &str) -> Mark {
    let correct = match &item.answer {
        Answer::Endpoint { ip, port } => endpoint(response) == Some((ip.clone(), *port)),
        Answer::Bytes { p1, p2 } => numbers(response) == [u32::from(*p1), u32::from(*p2)],
        Answer::Class {
            category,
            globally_reachable,
        } => class(response, category, *globally_reachable),
        Answer::Outcome { opened, device } => outcome(response, *opened, device.as_deref()),
        Answer::Choice { choice } => chosen(response, item.choices.len()) == Some(*choice),
        Answer::Code { code } => normal(response) == normal(code),
    };
    Mark {
        correct,
        expected: item.answer.to_string(),
        explanation: item.explanation.clone(),
    }
}

/// Lower case, with `_` and blanks read as `-`, trimmed.
fn normal(text: &str) -> String {
    text.trim()
        .to_ascii_lowercase()
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The whole numbers in a text, in order.
fn numbers(text: &str) -> Vec<u32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// An address and a port: `10.0.0.1:50000`, `10.0.0.1 port 50000`, `[2001:db8::1]:50000`, `2001:db8::1 50000`.
fn endpoint(text: &str) -> Option<(String, u16)> {
    let text = text.trim();
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let port: u16 = words
        .last()?
        .trim_start_matches(':')
        .parse()
        .ok()
        .or_else(|| {
            let (_, p) = text.rsplit_once(':')?;
            p.parse().ok()
        })?;
    let ip = words.iter().find_map(|w| {
        let w = w.trim_matches(['[', ']']);
        w.parse::<IpAddr>().ok().or_else(|| {
            let (host, _) = w.rsplit_once(':')?;
            host.trim_matches(['[', ']']).parse().ok()
        })
    })?;
    Some((ip.to_string(), port))
}

/// A class and whether it is reachable: `private no`, `shared cgnat, unreachable`, `public yes`.
fn class(text: &str, category: &str, reachable: bool) -> bool {
    let t = normal(text);
    let says_reachable = if t.contains("unreachable") || t.ends_with("-no") || t.contains("-not-") {
        Some(false)
    } else if t.contains("reachable") || t.ends_with("-yes") {
        Some(true)
    } else {
        None
    };
    t.starts_with(&normal(category)) && says_reachable == Some(reachable)
}

/// `opens`, or the device that stops it (`fails at server-edge`, `server-edge`).
fn outcome(text: &str, opened: bool, device: Option<&str>) -> bool {
    let t = normal(text);
    let says_open = (t.contains("open") || t == "yes") && !t.contains("not") && !t.contains("fail");
    match (opened, device) {
        (true, _) => says_open,
        (false, Some(d)) => !says_open && t.split("-at-").last() == Some(normal(d).as_str()),
        (false, None) => !says_open,
    }
}

/// A choice by its letter (`B`) or its number from 1 (`2`): the index.
fn chosen(text: &str, count: usize) -> Option<usize> {
    let t = text.trim().trim_end_matches([')', '.']);
    let i = match t.parse::<usize>() {
        Ok(n) => n.checked_sub(1)?,
        Err(_) => {
            let c = t.chars().next()?.to_ascii_uppercase();
            (0..count).find(|i| letter(*i) == c && t.chars().count() == 1)?
        }
    };
    (i < count).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_an_answer() {
        assert_eq!(endpoint("10.0.0.1:50000"), Some(("10.0.0.1".into(), 50000)));
        assert_eq!(
            endpoint(" 10.0.0.1 port 50000 "),
            Some(("10.0.0.1".into(), 50000))
        );
        assert_eq!(
            endpoint("[2001:db8::1]:21"),
            Some(("2001:db8::1".into(), 21))
        );
        assert_eq!(endpoint("2001:db8::1 21"), Some(("2001:db8::1".into(), 21)));
        assert_eq!(endpoint("nonsense"), None);
        assert!(class("Shared_CGNAT unreachable", "shared_cgnat", false));
        assert!(class("private no", "private", false));
        assert!(
            !class("private", "private", false),
            "reachability must be said"
        );
        assert!(outcome("opens", true, None));
        assert!(outcome("fails at server-edge", false, Some("server-edge")));
        assert!(outcome("server-edge", false, Some("server-edge")));
        assert!(!outcome("fails at server", false, Some("server-edge")));
        assert_eq!(chosen("b", 4), Some(1));
        assert_eq!(chosen("3", 4), Some(2));
        assert_eq!(chosen("E", 4), None);
        assert_eq!(chosen("0", 4), None);
    }
}
