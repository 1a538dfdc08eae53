//! Any address and port, every form: what the encoder writes, the decoder reads back unchanged.
#![no_main]
use ftp_explorer::wire::{decode, encode, Kind};
use libfuzzer_sys::fuzz_target;
use std::net::{IpAddr, Ipv6Addr};

fuzz_target!(|input: (u128, bool, u16, u8)| {
    let (bits, v4, port, k) = input;
    let ip = if v4 { IpAddr::V4((bits as u32).into()) } else { IpAddr::V6(Ipv6Addr::from(bits)) };
    let kind = Kind::ALL[usize::from(k) % Kind::ALL.len()];
    if let Ok(text) = encode(kind, Some(ip), port) {
        let d = decode(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(d.kind, kind);
        assert_eq!(d.port(), Some(port));
        if kind != Kind::Epsv {
            let back = d.ip().unwrap();
            assert!(back == ip || IpAddr::V6(match back { IpAddr::V4(b) => b.to_ipv6_mapped(), IpAddr::V6(b) => b }) == ip);
        }
    }
});
