//! Small readings of a [`Timeline`] for drawings (the page's flow view): where a packet that did not
//! arrive was stopped, and in which word. Derived from the steps only; nothing here is scripted.

use super::step::{Node, StepKind, Timeline};

/// Where and how a packet was stopped on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    /// The node that stopped it.
    pub node: Node,
    /// `DROPPED` (a device discarded it), `REFUSED` (a device answered with a reset) or `LOST` (nothing
    /// on the Internet carries it to its address).
    pub word: &'static str,
    /// The rule that decided, or why it was lost (`policy drop (…)`, `no route to 10.0.0.5`).
    pub rule: String,
}

/// The stop of step `index` (0-based) of `t`, when its packet did not arrive.
pub fn stop(t: &Timeline, index: usize) -> Option<Stop> {
    let step = t.steps.get(index)?;
    if step.delivered || step.hops.is_empty() {
        return None;
    }
    let node = step.reached;
    let reset = t
        .steps
        .get(index + 1)
        .is_some_and(|next| next.kind == StepKind::Rst && next.from == node);
    let refused_by = step
        .verdicts
        .iter()
        .rev()
        .find(|v| v.device == node && !v.allowed);
    let word = if reset {
        "REFUSED"
    } else if node == Node::Internet && refused_by.is_none() {
        "LOST"
    } else {
        "DROPPED"
    };
    let rule = match (refused_by, step.hops.last()) {
        (Some(v), _) => v.rule.clone(),
        (None, Some(h)) if node == Node::Internet => format!("no route to {}", h.dst.ip()),
        (None, Some(h)) => format!("nothing to deliver {} to", h.dst),
        (None, None) => String::new(),
    };
    Some(Stop { node, word, rule })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{preset, timeline};

    fn stops(id: &str) -> Vec<(usize, Stop)> {
        let t = timeline(&preset(id).unwrap().scenario);
        (0..t.steps.len())
            .filter_map(|i| stop(&t, i).map(|s| (i, s)))
            .collect()
    }

    #[test]
    fn words_follow_the_packets() {
        let lost = stops("pasv-private-ip");
        assert_eq!(lost.len(), 1);
        assert_eq!((lost[0].1.node, lost[0].1.word), (Node::Internet, "LOST"));
        assert_eq!(lost[0].1.rule, "no route to 10.0.0.5");
        let dropped = stops("range-closed");
        assert_eq!(
            (dropped[0].1.node, dropped[0].1.word),
            (Node::ServerEdge, "DROPPED")
        );
        assert!(
            dropped[0].1.rule.starts_with("policy drop"),
            "{}",
            dropped[0].1.rule
        );
        let refused = stops("refused-data-port");
        assert_eq!(
            (refused[0].1.node, refused[0].1.word),
            (Node::ServerEdge, "REFUSED")
        );
        assert!(refused[0].1.rule.contains("reset"), "{}", refused[0].1.rule);
        assert!(stops("pasv-address-set").is_empty());
        // The stalled transfer: the final reply is dropped where the idle state expired.
        let stalled = stops("stall-idle-timeout");
        assert_eq!(stalled.last().unwrap().1.word, "DROPPED");
    }
}
