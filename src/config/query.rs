//! The form's state as a compact `key=value&…` string (for a page's URL), and back.
//!
//! `target=vsftpd&address=203.0.113.10&nat=1&ports=50000-51000&active=0&tls=1&max_clients=50&max_per_ip=10
//! &data_timeout=300&control_port=21`. [`to_query`] writes `target` and `ports` always and the rest only
//! when it differs from [`Inputs::default`]; [`from_query`] reads any order, ignores unknown keys, keeps
//! the default for a value it cannot read and reports it. Values are percent-encoded (UTF-8);
//! `from_query(&to_query(f)).0 == f` for every form.

use super::validate::{number, parse_port_range};
use super::{Code, Field, Inputs, Kind, Problem, Target};
use serde::Serialize;

/// What a form holds: the target and the inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Form {
    pub target: Target,
    pub inputs: Inputs,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            target: Target::Vsftpd,
            inputs: Inputs::default(),
        }
    }
}

/// What the setup page shows: a server program's configuration beside its firewall rules (or Docker's
/// port mappings), both from the same inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pair {
    /// A [`Kind::Server`] target.
    pub server: Target,
    /// A [`Kind::Firewall`] or [`Kind::Container`] target.
    pub firewall: Target,
    pub inputs: Inputs,
}

/// The firewall a pair starts with.
pub const DEFAULT_FIREWALL: Target = Target::Nftables;

impl Default for Pair {
    fn default() -> Self {
        Pair {
            server: Target::Vsftpd,
            firewall: DEFAULT_FIREWALL,
            inputs: Inputs::default(),
        }
    }
}

impl Pair {
    /// Read a setup link. `target=` names either side: links written when the page showed one target
    /// at a time open the same form, the other side at its default; `firewall=` names the firewall side
    /// (and wins over a firewall named by `target=`). The rest is read as [`from_query`] reads it.
    pub fn from_query(query: &str) -> (Pair, Vec<Problem>) {
        let (form, mut problems) = from_query(query);
        let mut pair = Pair {
            inputs: form.inputs,
            ..Pair::default()
        };
        if form.target.kind() == Kind::Server {
            pair.server = form.target;
        } else {
            pair.firewall = form.target;
        }
        let q = query
            .strip_prefix('?')
            .or_else(|| query.strip_prefix('#'))
            .unwrap_or(query);
        for part in q.split('&') {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            if crate::percent::decode(key) != "firewall" {
                continue;
            }
            let value = crate::percent::decode(value);
            problems.retain(|p| {
                p.code != Code::TargetUnknown || !p.message.starts_with("unknown firewall")
            });
            match Target::from_name(&value).filter(|t| t.kind() != Kind::Server) {
                Some(t) => pair.firewall = t,
                None => {
                    let names: Vec<&str> = Target::ALL
                        .iter()
                        .filter(|t| t.kind() != Kind::Server)
                        .map(|t| t.as_str())
                        .collect();
                    problems.push(Problem::error(
                        Code::TargetUnknown,
                        Field::Target,
                        format!("unknown firewall '{value}' (one of: {})", names.join(", ")),
                    ));
                }
            }
        }
        (pair, problems)
    }

    /// The compact string: `target=SERVER`, then `firewall=…` unless it is the default, then what
    /// [`to_query`] writes. `Pair::from_query(&p.to_query()).0 == p`.
    pub fn to_query(&self) -> String {
        let rest = to_query(&Form {
            target: self.server,
            inputs: self.inputs.clone(),
        });
        let rest = rest.split_once('&').map_or("", |(_, r)| r);
        let mut q = format!("target={}", self.server.as_str());
        if self.firewall != DEFAULT_FIREWALL {
            q.push_str(&format!("&firewall={}", self.firewall.as_str()));
        }
        if !rest.is_empty() {
            q.push('&');
            q.push_str(rest);
        }
        q
    }
}

/// The compact string for a form (no leading `?` or `#`).
pub fn to_query(form: &Form) -> String {
    let i = &form.inputs;
    let d = Inputs::default();
    let mut parts = vec![
        format!("target={}", form.target.as_str()),
        format!("ports={}-{}", i.passive_min, i.passive_max),
    ];
    if !i.address.is_empty() {
        parts.push(format!("address={}", encode(&i.address)));
    }
    let flags = [
        ("nat", i.behind_nat, d.behind_nat),
        ("active", i.active, d.active),
        ("tls", i.tls, d.tls),
    ];
    for (key, value, default) in flags {
        if value != default {
            parts.push(format!("{key}={}", u8::from(value)));
        }
    }
    let numbers = [
        ("max_clients", i.max_clients, d.max_clients),
        ("max_per_ip", i.max_per_ip, d.max_per_ip),
        ("data_timeout", i.data_timeout, d.data_timeout),
        ("control_port", i.control_port, d.control_port),
    ];
    for (key, value, default) in numbers {
        if value != default {
            parts.push(format!("{key}={value}"));
        }
    }
    parts.join("&")
}

/// Read a form back (a leading `?` or `#` is skipped). Unknown keys are ignored; a value that cannot be
/// read leaves that input at its default and is reported (code and field); the last of repeated keys wins.
pub fn from_query(query: &str) -> (Form, Vec<Problem>) {
    let q = query
        .strip_prefix('?')
        .or_else(|| query.strip_prefix('#'))
        .unwrap_or(query);
    let mut form = Form::default();
    let mut problems: Vec<Problem> = Vec::new();
    for part in q.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let key = crate::percent::decode(key);
        let value = crate::percent::decode(value);
        let field = match key.as_str() {
            "target" => Field::Target,
            "address" => Field::Address,
            "nat" => Field::BehindNat,
            "ports" => Field::PassivePorts,
            "active" => Field::Active,
            "tls" => Field::Tls,
            "max_clients" => Field::MaxClients,
            "max_per_ip" => Field::MaxPerIp,
            "data_timeout" => Field::DataTimeout,
            "control_port" => Field::ControlPort,
            _ => continue,
        };
        problems.retain(|p| p.field != field); // a later value replaces an earlier one, and its problem
        let i = &mut form.inputs;
        let result = match field {
            Field::Target => Target::from_name(&value)
                .map(|t| form.target = t)
                .ok_or_else(|| {
                    let names: Vec<&str> = Target::ALL.iter().map(|t| t.as_str()).collect();
                    Problem::error(
                        Code::TargetUnknown,
                        field,
                        format!("unknown target '{value}' (one of: {})", names.join(", ")),
                    )
                }),
            Field::Address => {
                i.address = value;
                Ok(())
            }
            Field::PassivePorts => parse_port_range(&value).map(|(a, b)| {
                i.passive_min = a;
                i.passive_max = b;
            }),
            Field::BehindNat => flag(&value, field).map(|v| i.behind_nat = v),
            Field::Active => flag(&value, field).map(|v| i.active = v),
            Field::Tls => flag(&value, field).map(|v| i.tls = v),
            Field::MaxClients => whole(&value, field).map(|v| i.max_clients = v),
            Field::MaxPerIp => whole(&value, field).map(|v| i.max_per_ip = v),
            Field::DataTimeout => whole(&value, field).map(|v| i.data_timeout = v),
            Field::ControlPort => whole(&value, field).map(|v| i.control_port = v),
        };
        if let Err(p) = result {
            problems.push(p);
        }
    }
    (form, problems)
}

fn flag(value: &str, field: Field) -> Result<bool, Problem> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(Problem::error(
            Code::NotABoolean,
            field,
            format!(
                "{}: '{value}' is not a yes/no value (1 or 0)",
                field.as_str()
            ),
        )),
    }
}

/// A whole number for `field` (the same check and message as the command line's).
pub(crate) fn whole(value: &str, field: Field) -> Result<u32, Problem> {
    number(value).ok_or_else(|| {
        Problem::error(
            Code::NotANumber,
            field,
            format!(
                "{}: '{value}' is not a whole number (digits only, at most {})",
                field.as_str(),
                u32::MAX
            ),
        )
    })
}

/// Percent-encode everything but RFC 3986's unreserved characters (and `:`, for IPv6 addresses).
fn encode(text: &str) -> String {
    crate::percent::encode(text, |b| {
        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b':')
    })
}
