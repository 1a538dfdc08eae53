//! Notes about connections, worded as curl words them so the checker's reader follows them.

use super::target::endpoint;
use std::net::IpAddr;

/// `  Trying 1.2.3.4:21...` (a connection attempt starts).
pub fn trying(ip: IpAddr, port: u16) -> String {
    format!("  Trying {}...", endpoint(ip, port))
}

/// The control connection is up.
pub fn connected_control(host: &str, ip: IpAddr, port: u16) -> String {
    format!("Connected to {host} ({ip}) port {port}")
}

/// A data connection is up.
pub fn connected_data(ip: IpAddr, port: u16, ms: u64) -> String {
    format!("Connected to {ip} port {port} (data connection, {ms} ms)")
}

/// The client replaces the advertised address with the control connection's (what curl does).
pub fn skip(advertised: IpAddr, control: IpAddr, why: &str) -> String {
    format!("Skip {advertised} for data connection, re-use {control} instead ({why})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curls_words() {
        let v4: IpAddr = "10.0.0.5".parse().unwrap();
        let v6: IpAddr = "::1".parse().unwrap();
        assert_eq!(trying(v6, 21), "  Trying [::1]:21...");
        assert_eq!(
            connected_control("h", v4, 21),
            "Connected to h (10.0.0.5) port 21"
        );
        assert_eq!(
            connected_data(v4, 50000, 3),
            "Connected to 10.0.0.5 port 50000 (data connection, 3 ms)"
        );
        assert_eq!(
            skip(v4, "192.0.2.7".parse().unwrap(), "why"),
            "Skip 10.0.0.5 for data connection, re-use 192.0.2.7 instead (why)"
        );
    }
}
