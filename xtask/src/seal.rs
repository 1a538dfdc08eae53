//! Seal the release page under a Content-Security-Policy that forbids every connection
//! (`connect-src 'none'`) and every inline script but the loader, whose hash it names.
//!
//! Trunk's loader fetches the `.wasm` with `fetch()`, which `connect-src 'none'` forbids. So the Wasm
//! bytes move into a JavaScript module (`…_wasm.js`, a string of one character per byte: JavaScript
//! files are scripts, allowed by `script-src 'self'`), the loader hands those bytes to wasm-bindgen's
//! `init`, the `.wasm` file and its `<link rel=preload as=fetch>` go, and a `<meta http-equiv=
//! "Content-Security-Policy">` with the loader's SHA-256 goes into `index.html`. The string costs about
//! 5% over the gzipped `.wasm` (base64 would cost 33%).

use std::path::Path;

/// The policy; `{hash}` is the loader's `sha256-…`.
const POLICY: &str = "default-src 'none'; script-src 'self' '{hash}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; connect-src 'none'; worker-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'";

pub fn seal(dist: &Path) -> Result<(), String> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let (open, close) = find_loader(&html).ok_or("no inline module loader in index.html")?;
    let loader = &html[open..close];
    // './ftp-explorer-web-<hash>_bg.wasm'
    let end = loader
        .find("_bg.wasm'")
        .ok_or("the loader names no _bg.wasm")?;
    let start = loader[..end]
        .rfind("'./")
        .ok_or("the loader's wasm path is not relative")?
        + 3;
    let stem = &loader[start..end];
    let wasm_name = format!("{stem}_bg.wasm");
    let data_name = format!("{stem}_wasm.js");
    let bytes = std::fs::read(dist.join(&wasm_name)).map_err(|e| format!("{wasm_name}: {e}"))?;
    std::fs::write(dist.join(&data_name), js_bytes_module(&bytes)).map_err(|e| e.to_string())?;
    std::fs::remove_file(dist.join(&wasm_name)).map_err(|e| e.to_string())?;
    let new_loader = loader
        .replacen(
            &format!("module_or_path: './{wasm_name}'"),
            "module_or_path: bytes",
            1,
        )
        .replacen(
            "\n",
            // A dynamic import: a static one is fetched at high priority next to the stylesheets and,
            // on a slow link, delays the first paint of the static header (Lighthouse: 74 vs 100).
            &format!("\nconst {{ default: data }} = await import('./{data_name}');\nconst bytes = new Uint8Array(data.length);\nfor (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i);\n"),
            1,
        );
    if !new_loader.contains("module_or_path: bytes") {
        return Err("could not rewrite the loader's module_or_path".into());
    }
    let hash = format!("sha256-{}", base64(&sha256(new_loader.as_bytes())));
    let mut out = String::with_capacity(html.len() + 512);
    out.push_str(&html[..open]);
    out.push_str(&new_loader);
    out.push_str(&html[close..]);
    let out = remove_tags_naming(&out, "<link", &wasm_name);
    let meta = format!(
        "<meta http-equiv=Content-Security-Policy content=\"{}\">",
        POLICY.replace("{hash}", &hash)
    );
    let at = out
        .find("<meta charset=utf-8>")
        .map(|i| i + "<meta charset=utf-8>".len())
        .or_else(|| out.find("<head>").map(|i| i + "<head>".len()))
        .ok_or("no place for the CSP meta in index.html")?;
    let out = format!("{}{meta}{}", &out[..at], &out[at..]);
    std::fs::write(&index, out).map_err(|e| e.to_string())?;
    eprintln!(
        "xtask: sealed {} under connect-src 'none' ({data_name} carries the Wasm)",
        index.display()
    );
    Ok(())
}

/// The byte range of the inline module script's content.
fn find_loader(html: &str) -> Option<(usize, usize)> {
    for tag in ["<script type=module>", "<script type=\"module\">"] {
        if let Some(i) = html.find(tag) {
            let open = i + tag.len();
            let close = open + html[open..].find("</script>")?;
            return Some((open, close));
        }
    }
    None
}

/// `html` without the tags starting with `tag` that mention `name`.
fn remove_tags_naming(html: &str, tag: &str, name: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(tag) {
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        out.push_str(&rest[..i]);
        if !rest[i..end].contains(name) {
            out.push_str(&rest[i..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `export default "…";` with one character per byte (U+0000–U+00FF), escaped where a string literal
/// needs it.
fn js_bytes_module(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2 + 32);
    s.push_str("export default \"");
    for &b in bytes {
        match b {
            b'\\' => s.push_str("\\\\"),
            b'"' => s.push_str("\\\""),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            _ => s.push(char::from(b)),
        }
    }
    s.push_str("\";\n");
    s
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// SHA-256 (FIPS 180-4).
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                block[4 * i],
                block[4 * i + 1],
                block[4 * i + 2],
                block[4 * i + 3],
            ]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, x) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_and_base64_match_known_values() {
        assert_eq!(
            base64(&sha256(b"")),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        assert_eq!(
            base64(&sha256(b"abc")),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        let hex = |d: [u8; 32]| d.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(
            hex(sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hex(sha256(&vec![b'a'; 1_000_000])),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
    }

    #[test]
    fn the_bytes_module_round_trips_every_byte() {
        let all: Vec<u8> = (0..=255).collect();
        let js = js_bytes_module(&all);
        let body = js
            .trim_start_matches("export default \"")
            .trim_end_matches("\";\n");
        let mut back = Vec::new();
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            back.push(if c == '\\' {
                match chars.next() {
                    Some('n') => b'\n',
                    Some('r') => b'\r',
                    Some(c) => c as u8,
                    None => panic!("dangling escape"),
                }
            } else {
                c as u32 as u8
            });
        }
        assert_eq!(back, all);
    }
}
