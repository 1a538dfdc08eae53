//! How two widespread clients read a 227 reply that the strict reading rejects, so an error can say
//! "a real client would read this anyway" ([`super::decode_with`] hands [`note_for_227`] to the decoder,
//! which knows no client). The scans are the client models' own; which address each client then
//! connects to is theirs to say too.
//!
//! - Python `ftplib.parse227` (Lib/ftplib.py): `re.search(r'(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)')` over the
//!   reply, no range check; port = (p1 << 8) + p2.
//! - curl (lib/ftp.c, `match_pasv_6nums`, 8.x): tries every byte position of the reply text in turn;
//!   at a digit it reads six numbers, each at most 255, separated by bare commas.

/// A group of six numbers as a lenient client reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LenientReading {
    pub client: &'static str,
    pub numbers: [u64; 6],
}

impl LenientReading {
    pub fn host(&self) -> String {
        let n = &self.numbers;
        format!("{}.{}.{}.{}", n[0], n[1], n[2], n[3])
    }
    /// The port the client computes (may exceed 65535 for ftplib, which does not check). Python's
    /// integers do not overflow; here absurd digit strings saturate instead.
    pub fn port(&self) -> u64 {
        self.numbers[4]
            .saturating_mul(256)
            .saturating_add(self.numbers[5])
    }
    pub fn describe(&self) -> String {
        format!(
            "{} would read it as {} port {}",
            self.client,
            self.host(),
            self.port()
        )
    }
}

/// Python ftplib's `parse227` (the scan of `clients::ftplib`).
pub fn ftplib(text: &str) -> Option<LenientReading> {
    crate::clients::ftplib::scan227(text).map(|numbers| LenientReading {
        client: "Python ftplib",
        numbers,
    })
}

/// curl's scan for six numbers of at most 255 (the scan of `clients::curl`).
pub fn curl(text: &str) -> Option<LenientReading> {
    crate::clients::curl::scan227(text).map(|numbers| LenientReading {
        client: "curl",
        numbers,
    })
}

/// A note for an error: how curl and Python ftplib read the reply anyway — or that one rejects it. Whether
/// each accepts comes from its model in `crate::clients` (the table of how clients read a reply uses the
/// same models, so the note and the table agree); the numbers are the model's own scan of the text it
/// reads (curl: the final line; ftplib: the whole reply). `None` when neither reads it.
pub fn note_for_227(reply: &str, control: Option<std::net::IpAddr>) -> Option<String> {
    let [curl_r, ftplib_r] = crate::clients::curl_and_ftplib(reply, control);
    if !curl_r.accepted && !ftplib_r.accepted {
        return None;
    }
    let lines: Vec<&str> = reply.lines().map(|l| l.trim_end_matches('\r')).collect();
    // curl scans from its final line (the first that starts with three digits and a space) on.
    let final_line = lines
        .iter()
        .position(|l| {
            let b = l.as_bytes();
            b.len() > 3 && b[..3].iter().all(u8::is_ascii_digit) && b[3] == b' '
        })
        .map(|i| lines[i..].join("\n"))
        .unwrap_or_default();
    let curl_text = final_line.get(4..).unwrap_or("");
    let parts: Vec<String> = [
        (&curl_r, "curl", curl(curl_text)),
        (&ftplib_r, "Python ftplib", ftplib(&lines.join("\n"))),
    ]
    .into_iter()
    .map(|(r, name, scan)| match (r.accepted, scan) {
        (true, Some(s)) => s.describe(),
        (true, None) => format!("{name} reads it"),
        (false, _) => match &r.error {
            Some(e) => format!("{name} rejects it (\"{e}\")"),
            None => format!("{name} finds no endpoint in it"),
        },
    })
    .collect();
    let ignore = match (curl_r.accepted, ftplib_r.accepted) {
        (true, true) => "Both ignore the advertised address by default today (curl since 7.74.0, ftplib since the 2021 fix for bpo-43285) and connect to the control connection's address on that port.",
        (true, false) => "curl ignores the advertised address by default today (since 7.74.0) and connects to the control connection's address on that port.",
        _ => "ftplib ignores the advertised address by default today (since the 2021 fix for bpo-43285) and connects to the control connection's address on that port.",
    };
    Some(format!(
        "Real clients differ: {}. {ignore}",
        parts.join("; ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_skips_to_a_group_of_small_numbers_ftplib_takes_the_first() {
        let text = "Entering Passive Mode (256,1,2,3,4,5)";
        let c = curl(text).unwrap();
        assert_eq!((c.host(), c.port()), ("56.1.2.3".to_string(), 1029));
        let f = ftplib(text).unwrap();
        assert_eq!((f.host(), f.port()), ("256.1.2.3".to_string(), 1029));
    }

    #[test]
    fn ftplib_has_no_range_check_on_the_port() {
        let f = ftplib("(1,2,3,4,300,300)").unwrap();
        assert_eq!(f.port(), 300 * 256 + 300);
        assert!(curl("(1,2,3,4,300,300)").is_none());
    }

    #[test]
    fn neither_reads_blanks_or_short_groups() {
        assert!(note_for_227("227 (1, 2, 3, 4, 5, 6)", None).is_none());
        assert!(note_for_227("227 (1,2,3,4,5)", None).is_none());
        assert!(note_for_227("227 (1,2,3,4,5,6,7)", None)
            .unwrap()
            .contains("1.2.3.4 port 1286"));
    }
}
