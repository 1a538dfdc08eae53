//! A scenario (and a second one to compare, and the step shown) as `key=value&…` text: the URL contract
//! of the page's flow view (`#/flow?…`) and the `--scenario` text of the CLI. Every knob is written, so a
//! shared link keeps its meaning if defaults change; addresses are written only when not the defaults.
//! Reading ignores unknown keys and refuses bad values with the key's name.

use super::model::*;
use crate::base::{PortRange, RangeError};
use std::fmt;
use std::net::IpAddr;

/// What the flow view shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlowLink {
    pub scenario: Scenario,
    pub compare: Option<Scenario>,
    /// The step shown: 0 before the first, n after the n-th.
    pub step: usize,
    /// The preset it came from, if unchanged since.
    pub preset: Option<String>,
    /// Presenter mode: the diagram and narration fill the screen (`present=1`).
    pub present: bool,
}

/// A value that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError {
    pub key: String,
    pub value: String,
    pub message: String,
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}: {}", self.key, self.value, self.message)
    }
}

impl std::error::Error for LinkError {}

fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}

/// The knobs of `s` as `key=value` pairs, each key prefixed with `prefix`.
pub fn scenario_pairs(s: &Scenario, prefix: &str) -> Vec<(String, String)> {
    pairs(s, prefix, false)
}

/// Every knob's value, addresses and ranges included even when they are the defaults.
pub fn scenario_pairs_all(s: &Scenario) -> Vec<(String, String)> {
    pairs(s, "", true)
}

fn pairs(s: &Scenario, prefix: &str, all: bool) -> Vec<(String, String)> {
    let mut v: Vec<(&str, String)> = vec![
        ("mode", s.mode.to_string()),
        ("ip", s.ip.to_string()),
        ("client", s.client.to_string()),
        ("client-firewall", on_off(s.client_firewall).into()),
        ("server", s.server.to_string()),
        ("server-firewall", s.server_firewall.to_string()),
        ("blocked", s.blocked.to_string()),
        ("alg", on_off(s.alg).into()),
        ("tls", on_off(s.tls).into()),
        ("ip-check", on_off(s.ip_check).into()),
        ("pasv-ip", s.pasv_ip.to_string()),
        ("port-ip", s.port_ip.to_string()),
        ("attack", s.attack.to_string()),
        ("idle-timeout", s.idle_timeout.to_string()),
        ("transfer", s.transfer_seconds.to_string()),
        ("busy", s.busy_ports.to_string()),
    ];
    let a = &s.addresses;
    let d = Addresses::for_version(s.ip);
    let addrs: [(&str, IpAddr, IpAddr); 6] = [
        ("client-private", a.client_private, d.client_private),
        ("client-public", a.client_public, d.client_public),
        ("client-lan", a.client_lan, d.client_lan),
        ("server-private", a.server_private, d.server_private),
        ("server-public", a.server_public, d.server_public),
        ("third-party", a.third_party, d.third_party),
    ];
    for (k, now, default) in addrs {
        if all || now != default {
            v.push((k, now.to_string()));
        }
    }
    if all || a.passive_range != d.passive_range {
        v.push(("range", a.passive_range.to_string()));
    }
    if all || a.firewall_range != d.firewall_range {
        v.push(("firewall-range", a.firewall_range.to_string()));
    }
    if all || a.control_port != d.control_port {
        v.push(("control-port", a.control_port.to_string()));
    }
    v.into_iter()
        .map(|(k, val)| (format!("{prefix}{k}"), val))
        .collect()
}

/// Percent-encode what could break a URL fragment (only `%`, `&`, `=`, `#` and blanks ever occur).
fn escape(s: &str) -> String {
    crate::percent::encode(s, |b| !matches!(b, b'%' | b'&' | b'=' | b'#' | b' ' | b'+'))
}

impl FlowLink {
    /// The `key=value&…` text.
    pub fn to_query(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(p) = &self.preset {
            pairs.push(("preset".to_string(), p.clone()));
        }
        pairs.extend(scenario_pairs(&self.scenario, ""));
        if let Some(c) = &self.compare {
            pairs.extend(scenario_pairs(c, "vs."));
        }
        if self.step > 0 {
            pairs.push(("step".into(), self.step.to_string()));
        }
        if self.present {
            pairs.push(("present".into(), "1".into()));
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Read a `key=value&…` text. A `preset=ID` starts from that preset; the other keys then change it.
    pub fn from_query(query: &str) -> Result<FlowLink, Vec<LinkError>> {
        let pairs: Vec<(String, String)> = query
            .trim_start_matches(['?', '#'])
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (crate::percent::decode(k), crate::percent::decode(v)),
                None => (crate::percent::decode(p), String::new()),
            })
            .collect();
        let mut errors = Vec::new();
        let mut link = FlowLink::default();
        if let Some((_, id)) = pairs.iter().find(|(k, _)| k == "preset") {
            match super::presets::preset(id) {
                Some(p) => {
                    link.scenario = p.scenario;
                    link.compare = p.compare;
                    link.preset = Some(id.clone());
                }
                None => errors.push(LinkError {
                    key: "preset".into(),
                    value: id.clone(),
                    message: "no such preset".into(),
                }),
            }
        }
        let main: Vec<(String, String)> = pairs
            .iter()
            .filter(|(k, _)| !k.starts_with("vs."))
            .cloned()
            .collect();
        let vs: Vec<(String, String)> = pairs
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("vs.").map(|k| (k.to_string(), v.clone())))
            .collect();
        let before = link.scenario;
        apply(&mut link.scenario, &main, &mut errors);
        if !vs.is_empty() {
            let mut c = link.compare.unwrap_or(link.scenario);
            apply(&mut c, &vs, &mut errors);
            link.compare = Some(c);
        }
        if link.preset.is_some() && before != link.scenario {
            // Changed since the preset: a plain scenario now (the knobs carry everything).
            link.preset = None;
        }
        if let Some((_, v)) = pairs.iter().find(|(k, _)| k == "present") {
            match parse_on_off(v) {
                Some(on) => link.present = on,
                None => errors.push(LinkError {
                    key: "present".into(),
                    value: v.clone(),
                    message: "expected 1 or 0".into(),
                }),
            }
        }
        if let Some((_, v)) = pairs.iter().find(|(k, _)| k == "step") {
            match v.parse::<usize>() {
                Ok(n) => link.step = n,
                Err(_) => errors.push(LinkError {
                    key: "step".into(),
                    value: v.clone(),
                    message: "a step number is needed".into(),
                }),
            }
        }
        if errors.is_empty() {
            Ok(link)
        } else {
            Err(errors)
        }
    }
}

fn knob_value<T: Copy>(
    key: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
    names: String,
    errors: &mut Vec<LinkError>,
) -> Option<T> {
    let v = parse(value);
    if v.is_none() {
        errors.push(LinkError {
            key: key.into(),
            value: value.into(),
            message: format!("expected {names}"),
        });
    }
    v
}

fn parse_on_off(v: &str) -> Option<bool> {
    match v {
        "on" | "yes" | "true" | "1" => Some(true),
        "off" | "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// Parse `MIN-MAX` (both 1–65535, MIN ≤ MAX) with [`PortRange::parse`]. Links have always allowed a
/// `+` right before a number (`+50000-+51000`), so one is dropped first.
pub fn parse_range(v: &str) -> Result<Range, RangeError> {
    let unsigned = match v.split_once('-') {
        Some((a, b)) => format!("{}-{}", unsigned(a), unsigned(b)),
        None => v.to_string(),
    };
    PortRange::parse(&unsigned)
        .map(|r| Range::new(r.min, r.max))
        .map_err(|e| RangeError {
            text: v.to_string(),
            ..e
        })
}

/// A number's text without the `+` before its first digit.
fn unsigned(number: &str) -> &str {
    let t = number.trim();
    t.strip_prefix('+')
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(t)
}

/// Set the knobs named in `pairs` on `s`. The IP version is applied first (it resets the addresses).
/// Unknown keys are ignored.
pub fn apply(s: &mut Scenario, pairs: &[(String, String)], errors: &mut Vec<LinkError>) {
    if let Some((k, v)) = pairs.iter().find(|(k, _)| k == "ip") {
        if let Some(ip) = knob_value(k, v, IpVersion::from_name, IpVersion::names(), errors) {
            *s = s.with_ip(ip);
        }
    }
    for (k, v) in pairs {
        let _known = set_choice(s, k, v, errors)
            || set_switch(s, k, v, errors)
            || set_number(s, k, v, errors)
            || set_address(s, k, v, errors);
    }
}

/// A knob with named values (`mode=pasv`). False when `key` is none of them.
fn set_choice(s: &mut Scenario, key: &str, v: &str, e: &mut Vec<LinkError>) -> bool {
    fn read<T: Copy>(
        key: &str,
        v: &str,
        e: &mut Vec<LinkError>,
        slot: &mut T,
        parse: fn(&str) -> Option<T>,
        names: String,
    ) {
        *slot = knob_value(key, v, parse, names, e).unwrap_or(*slot);
    }
    match key {
        "mode" => read(key, v, e, &mut s.mode, Mode::from_name, Mode::names()),
        "client" => read(
            key,
            v,
            e,
            &mut s.client,
            ClientSite::from_name,
            ClientSite::names(),
        ),
        "server" => read(
            key,
            v,
            e,
            &mut s.server,
            ServerSite::from_name,
            ServerSite::names(),
        ),
        "server-firewall" => read(
            key,
            v,
            e,
            &mut s.server_firewall,
            ServerFirewall::from_name,
            ServerFirewall::names(),
        ),
        "blocked" => read(
            key,
            v,
            e,
            &mut s.blocked,
            Blocked::from_name,
            Blocked::names(),
        ),
        "pasv-ip" => read(
            key,
            v,
            e,
            &mut s.pasv_ip,
            PasvIp::from_name,
            PasvIp::names(),
        ),
        "port-ip" => read(
            key,
            v,
            e,
            &mut s.port_ip,
            PortIp::from_name,
            PortIp::names(),
        ),
        "attack" => read(key, v, e, &mut s.attack, Attack::from_name, Attack::names()),
        _ => return false,
    }
    true
}

/// An on/off knob (`tls=on`). False when `key` is none of them.
fn set_switch(s: &mut Scenario, key: &str, v: &str, e: &mut Vec<LinkError>) -> bool {
    let slot = match key {
        "client-firewall" => &mut s.client_firewall,
        "alg" => &mut s.alg,
        "tls" => &mut s.tls,
        "ip-check" => &mut s.ip_check,
        _ => return false,
    };
    *slot = knob_value(key, v, parse_on_off, "on|off".into(), e).unwrap_or(*slot);
    true
}

/// A number, a port or a port range (`busy=10`, `range=50000-51000`). False when `key` is none of them.
fn set_number(s: &mut Scenario, key: &str, v: &str, e: &mut Vec<LinkError>) -> bool {
    let error = |message: String| LinkError {
        key: key.into(),
        value: v.into(),
        message,
    };
    let mut number = |slot: &mut u32, max: u32| match v.parse::<u32>().ok().filter(|n| *n <= max) {
        Some(n) => *slot = n,
        None => e.push(error(format!("expected a whole number from 0 to {max}"))),
    };
    match key {
        "idle-timeout" => number(&mut s.idle_timeout, 864_000),
        "transfer" => number(&mut s.transfer_seconds, 864_000),
        "busy" => number(&mut s.busy_ports, 65_535),
        "control-port" => match v.parse::<u16>().ok().filter(|p| *p > 1) {
            Some(p) => s.addresses.control_port = p,
            None => e.push(error(
                "expected a port from 2 to 65535 (active mode sends from the port below it)".into(),
            )),
        },
        "range" | "firewall-range" => match parse_range(v) {
            Ok(r) if key == "range" => s.addresses.passive_range = r,
            Ok(r) => s.addresses.firewall_range = r,
            Err(_) => e.push(error(
                "expected MIN-MAX, ports from 1 to 65535, MIN ≤ MAX".into(),
            )),
        },
        _ => return false,
    }
    true
}

/// An address of the scenario's IP version (`server-public=203.0.113.9`). False when `key` is none of
/// them.
fn set_address(s: &mut Scenario, key: &str, v: &str, e: &mut Vec<LinkError>) -> bool {
    let version = s.ip;
    let a = &mut s.addresses;
    let slot = match key {
        "client-private" => &mut a.client_private,
        "client-public" => &mut a.client_public,
        "client-lan" => &mut a.client_lan,
        "server-private" => &mut a.server_private,
        "server-public" => &mut a.server_public,
        "third-party" => &mut a.third_party,
        _ => return false,
    };
    let message = match crate::address::parse_ip(v) {
        Ok(ip) if ip.is_ipv4() == (version == IpVersion::V4) => {
            *slot = ip;
            return true;
        }
        Ok(_) => format!("an IPv{version} address is needed here (ip={version})"),
        Err(err) => err.message,
    };
    e.push(LinkError {
        key: key.into(),
        value: v.into(),
        message,
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The link's own range reader before it went through [`PortRange::parse`].
    fn before(v: &str) -> Option<Range> {
        let (a, b) = v.split_once('-')?;
        let (a, b): (u16, u16) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
        (a >= 1 && a <= b).then_some(Range::new(a, b))
    }

    #[test]
    fn ranges_read_as_they_always_did() {
        let named = [
            "50000-51000",
            " 1 - 65535 ",
            "+50000-+51000",
            "+ 1-2",
            "++1-2",
            "1-+",
            "0-5",
            "5-3",
            "1-65536",
            "65535-65535",
            "000000000000050000-50001",
            "99999999999-1",
            "1-2-3",
            "\u{a0}1-2",
            "١-2",
            "",
        ];
        for v in named {
            assert_eq!(parse_range(v).ok(), before(v), "{v:?}");
        }
        // Every text of up to five characters out of these.
        let alphabet = ['0', '1', '9', '+', '-', ' '];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            for v in &longer {
                assert_eq!(parse_range(v).ok(), before(v), "{v:?}");
            }
            texts = longer;
        }
        assert_eq!(
            parse_range("20-10").unwrap_err().kind,
            crate::base::RangeErrorKind::Reversed(20, 10)
        );
    }
}
