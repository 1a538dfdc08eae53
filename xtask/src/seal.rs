//! Seal the release page under a Content-Security-Policy that forbids every connection
//! (`connect-src 'none'`) and every inline script but the loader, whose hash it names.
//!
//! Trunk's loader fetches the `.wasm` with `fetch()`, which `connect-src 'none'` forbids. So the Wasm
//! moves into a JavaScript module (`…_wasm.js`: JavaScript files are scripts, allowed by `script-src
//! 'self'`), the loader imports it and hands its bytes to wasm-bindgen's `init`, the `.wasm` file and its
//! `<link rel=preload as=fetch>` go, and a `<meta http-equiv="Content-Security-Policy">` with the loader's
//! SHA-256 goes into `index.html`.
//!
//! The module carries the Wasm LZMA-compressed (`xz --format=raw`) and base64-encoded, with a small LZMA
//! decoder (`unlzma.js`). LZMA packs the Wasm a fifth smaller than gzip -9 does, and base64 of compressed
//! bytes costs under 1% once the server gzips it (every character carries 6 random bits: Huffman coding
//! gets them back), where the bytes as one character each, in a UTF-8 module, cost 5% over the gzipped
//! `.wasm` and a charset-dependent classic script breaks on hosts that send `charset=utf-8`.
//! Before packing, the imports lose wasm-bindgen's random name suffixes (in the Wasm and the glue alike),
//! and the glue and sw.js lose indentation and comments.

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
    let glue_name = format!("{stem}.js");
    let bytes = std::fs::read(dist.join(&wasm_name)).map_err(|e| format!("{wasm_name}: {e}"))?;
    let glue =
        std::fs::read_to_string(dist.join(&glue_name)).map_err(|e| format!("{glue_name}: {e}"))?;
    let (bytes, glue) = shorten_imports(&bytes, &glue);
    let glue = minify(&glue, true)?;
    std::fs::write(dist.join(&glue_name), &glue).map_err(|e| e.to_string())?;
    let packed = xz_raw(&bytes)?;
    let module = minify(&js_lzma_module(&packed, bytes.len()), true)?;
    std::fs::write(dist.join(&data_name), module).map_err(|e| e.to_string())?;
    std::fs::remove_file(dist.join(&wasm_name)).map_err(|e| e.to_string())?;
    // The service worker and its registration, copied as they are by Trunk (classic scripts).
    for name in ["sw.js", "register-sw.js"] {
        if let Ok(js) = std::fs::read_to_string(dist.join(name)) {
            std::fs::write(dist.join(name), minify(&js, false)?).map_err(|e| e.to_string())?;
        }
    }
    let new_loader = loader
        .replacen(
            &format!("module_or_path: './{wasm_name}'"),
            "module_or_path: bytes",
            1,
        )
        .replacen(
            "\n",
            // The module runs as a worker, so that unpacking the Wasm (45 ms here, 0.2 s on a slow
            // phone) leaves the main thread; where a module worker cannot start, it is imported instead.
            // (Either way it loads after the stylesheets: a static import is fetched at high priority
            // next to them and, on a slow link, delays the first paint of the static header.)
            &format!(
                "\nconst bytes = await new Promise((done) => {{\n\
                 const direct = () => import('./{data_name}').then((m) => done(m.default));\n\
                 try {{\n\
                 const w = new Worker('./{data_name}', {{ type: 'module' }});\n\
                 w.onmessage = (e) => {{ done(e.data); w.terminate(); }};\n\
                 w.onerror = () => {{ w.terminate(); direct(); }};\n\
                 }} catch {{ direct(); }}\n\
                 }});\n"
            ),
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
    // The glue changed: its <link rel=modulepreload> names the new hash.
    let glue_hash = format!("sha256-{}", base64(&sha256(glue.as_bytes())));
    let out = set_integrity(&out, &format!("./{glue_name}"), &glue_hash)?;
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

/// `html` with the `integrity` of each `<link>` that names `name` set to `hash`.
fn set_integrity(html: &str, name: &str, hash: &str) -> Result<String, String> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find("<link") {
        let close = open + rest[open..].find('>').ok_or("a <link without '>'")?;
        let tag = &rest[open..close];
        out.push_str(&rest[..open]);
        match tag.find("integrity=").filter(|_| tag.contains(name)) {
            None => out.push_str(tag),
            Some(i) => {
                let value = i + "integrity=".len();
                let (start, end) = match tag.as_bytes().get(value) {
                    Some(q @ (b'"' | b'\'')) => {
                        let end = tag[value + 1..]
                            .find(*q as char)
                            .ok_or("an unclosed integrity")?;
                        (value + 1, value + 1 + end)
                    }
                    _ => (
                        value,
                        tag[value..].find(' ').map_or(tag.len(), |e| value + e),
                    ),
                };
                out.push_str(&tag[..start]);
                out.push_str(hash);
                out.push_str(&tag[end..]);
            }
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    Ok(out)
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// Where `word` occurs in `text` as a whole identifier.
fn word_at(text: &str, word: &str) -> Vec<usize> {
    let t = text.as_bytes();
    text.match_indices(word)
        .map(|(i, _)| i)
        .filter(|&i| {
            (i == 0 || !is_ident(t[i - 1])) && t.get(i + word.len()).is_none_or(|&b| !is_ident(b))
        })
        .collect()
}

/// An unsigned LEB128 number (the Wasm binary format's integers) at `at`, which moves past it.
fn read_leb(b: &[u8], at: &mut usize) -> Option<u32> {
    let mut rest = b.get(*at..)?;
    let before = rest.len();
    let n = leb128::read::unsigned(&mut rest).ok()?;
    *at += before - rest.len();
    u32::try_from(n).ok()
}

fn put_leb(out: &mut Vec<u8>, n: u32) {
    // Writing into a Vec cannot fail.
    let _ = leb128::write::unsigned(out, u64::from(n));
}

/// The Wasm and its glue with short import names. wasm-bindgen names each import `__wbg_<name>_<16 hex
/// digits>`, once in the Wasm and once as a key in the glue: random digits that neither gzip nor LZMA can
/// shrink (3.9 KB of the page). An import whose name the glue holds exactly once, as `name:`, becomes
/// `w<n>`; anything unexpected leaves both unchanged.
fn shorten_imports(wasm: &[u8], glue: &str) -> (Vec<u8>, String) {
    match try_shorten_imports(wasm, glue) {
        Some(pair) => pair,
        None => {
            eprintln!("xtask: warning: the Wasm's imports keep their names (unexpected import section or glue)");
            (wasm.to_vec(), glue.to_string())
        }
    }
}

fn try_shorten_imports(wasm: &[u8], glue: &str) -> Option<(Vec<u8>, String)> {
    if wasm.get(..8)? != b"\0asm\x01\0\0\0" {
        return None;
    }
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    let mut renames: Vec<(String, String)> = Vec::new();
    let mut next = 0u32;
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let len = read_leb(wasm, &mut at)? as usize;
        let body = wasm.get(at..at + len)?;
        at += len;
        if id != 2 {
            out.push(id);
            put_leb(&mut out, len as u32);
            out.extend_from_slice(body);
            continue;
        }
        let mut i = 0;
        let count = read_leb(body, &mut i)?;
        let mut section = Vec::with_capacity(body.len());
        put_leb(&mut section, count);
        for _ in 0..count {
            let m = read_leb(body, &mut i)? as usize;
            let module = body.get(i..i + m)?;
            i += m;
            let n = read_leb(body, &mut i)? as usize;
            let name = std::str::from_utf8(body.get(i..i + n)?).ok()?;
            i += n;
            let desc = i;
            match *body.get(i)? {
                0 => {
                    i += 1;
                    read_leb(body, &mut i)?;
                }
                kind @ (1 | 2) => {
                    // A table (its reference type, then limits) or a memory (limits).
                    i += if kind == 1 { 2 } else { 1 };
                    let flags = *body.get(i)?;
                    i += 1;
                    read_leb(body, &mut i)?;
                    if flags & 1 == 1 {
                        read_leb(body, &mut i)?;
                    }
                }
                3 => i += 3,
                _ => return None,
            }
            let at_glue = word_at(glue, name);
            let new_name = if at_glue.len() == 1 && glue[at_glue[0] + name.len()..].starts_with(':')
            {
                let new_name = loop {
                    let candidate = format!("w{}", base36(next));
                    next += 1;
                    if word_at(glue, &candidate).is_empty() {
                        break candidate;
                    }
                };
                renames.push((name.to_string(), new_name.clone()));
                new_name
            } else {
                name.to_string()
            };
            put_leb(&mut section, module.len() as u32);
            section.extend_from_slice(module);
            put_leb(&mut section, new_name.len() as u32);
            section.extend_from_slice(new_name.as_bytes());
            section.extend_from_slice(body.get(desc..i)?);
        }
        if i != body.len() {
            return None;
        }
        out.push(2);
        put_leb(&mut out, section.len() as u32);
        out.extend_from_slice(&section);
    }
    let mut glue = glue.to_string();
    for (old, new) in &renames {
        let i = *word_at(&glue, old).first()?;
        glue.replace_range(i..i + old.len(), new);
    }
    Some((out, glue))
}

fn base36(mut n: u32) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).expect("ASCII")
}

/// `js` minified by terser (npm, installed with the build tools in xtask/node): compressed, local names
/// mangled; a module's exports and every property name are kept.
fn minify(js: &str, module: bool) -> Result<String, String> {
    let terser = crate::root()
        .join("xtask")
        .join("node")
        .join("node_modules")
        .join(".bin")
        .join("terser");
    let mut cmd = std::process::Command::new(&terser);
    cmd.args(["--compress", "--mangle", "--ecma", "2020"]);
    if module {
        cmd.arg("--module");
    }
    let out = pipe(
        &mut cmd,
        js.as_bytes(),
        "terser",
        "run `cargo xtask dist`, which installs it",
    )?;
    String::from_utf8(out).map_err(|e| format!("terser: {e}"))
}

/// Run `cmd` with `input` on its standard input; its standard output, or why it failed (`hint`: how to
/// get the program when it cannot start).
fn pipe(
    cmd: &mut std::process::Command,
    input: &[u8],
    name: &str,
    hint: &str,
) -> Result<Vec<u8>, String> {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not run {name} ({e}): {hint}"))?;
    let mut stdin = child.stdin.take().ok_or(format!("{name}: no stdin"))?;
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("{name}: {e}"))?;
    writer
        .join()
        .map_err(|_| format!("{name}: the writer panicked"))?
        .map_err(|e| format!("{name}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{name} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(out.stdout)
}

/// The LZMA parameters: literal context bits, literal position bits, position bits (`pb=0` suits Wasm's
/// byte-aligned code, 0.2% smaller than the default `pb=2`; `lc=4` is 0.05% smaller than `lc=3`).
const LZMA_LC_LP_PB: (u8, u8, u8) = (4, 0, 0);

/// `bytes` packed by `xz` as a raw LZMA1 stream (xz-utils: on every Linux, `brew install xz` on macOS).
fn xz_raw(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let (lc, lp, pb) = LZMA_LC_LP_PB;
    pipe(
        std::process::Command::new("xz")
            .arg("--format=raw")
            .arg(format!("--lzma1=preset=9e,lc={lc},lp={lp},pb={pb}"))
            .arg("--stdout"),
        bytes,
        "xz",
        "install xz-utils (Debian/Ubuntu: apt-get install xz-utils; macOS: brew install xz)",
    )
}

/// The LZMA decoder, with comments and indentation dropped.
fn unlzma_js() -> String {
    include_str!("unlzma.js")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .map(|l| l.find(" // ").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module: the decoder, then `export default` the `size` decoded bytes of the base64 of `packed`.
fn js_lzma_module(packed: &[u8], size: usize) -> String {
    let (lc, lp, pb) = LZMA_LC_LP_PB;
    format!(
        "// ftp-explorer's WebAssembly: LZMA, then base64 (xtask/src/seal.rs).\n{}\nconst s = atob(\"{}\"), a = new Uint8Array(s.length);\nfor (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);\nconst bytes = unlzma(a, {size}, {lc}, {lp}, {pb});\n// Run as a worker by the page's loader: hand the bytes over (moved, not copied).\nif (typeof document === \"undefined\" && typeof postMessage === \"function\") postMessage(bytes, [bytes.buffer]);\nexport default bytes;\n",
        unlzma_js(),
        base64(packed)
    )
}

/// Standard base64 with padding (RFC 4648), as CSP hashes and the packed module want it.
fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// SHA-256 (FIPS 180-4), for the policy's script hashes and Subresource Integrity.
fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(data).into()
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

    /// Pack bytes with xz, build the module, run it in Node and compare: every byte value, long
    /// repeats (matches and rep matches), and text.
    #[test]
    fn the_lzma_module_round_trips() {
        let mut data: Vec<u8> = (0..=255).collect();
        let mut x: u32 = 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as usize
        };
        while data.len() < 200_000 {
            // Random bytes, or a copy of an earlier run (LZMA's matches; repeated distances, its reps).
            let (n, from) = (
                4 + next() % 60,
                data.len() - 1 - next() % data.len().min(4000),
            );
            for i in 0..n {
                let b = if next() % 4 == 0 {
                    next() as u8
                } else {
                    data[from + i % (data.len() - from)]
                };
                data.push(b);
            }
        }
        data.extend_from_slice(include_str!("seal.rs").as_bytes());
        let dir = std::env::temp_dir().join(format!("xtask-seal-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let packed = xz_raw(&data).unwrap();
        assert!(
            packed.len() < data.len() * 3 / 4,
            "xz packed {} bytes into {}",
            data.len(),
            packed.len()
        );
        let module = dir.join("data.mjs");
        std::fs::write(&module, js_lzma_module(&packed, data.len())).unwrap();
        let script =
            "const { default: b } = await import(process.argv[1]); process.stdout.write(b);";
        let out = std::process::Command::new("node")
            .args(["--input-type=module", "-e", script])
            .arg(&module)
            .output()
            .expect("node runs the module (install Node.js)");
        std::fs::remove_dir_all(&dir).ok();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stdout == data,
            "the module decoded {} bytes, not the {} packed",
            out.stdout.len(),
            data.len()
        );
    }

    #[test]
    fn imports_get_short_names_in_the_wasm_and_the_glue() {
        // A module with one type, and three imports: two the glue holds once as keys, one it holds twice.
        let mut wasm = b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0".to_vec();
        let names = [
            "__wbg_foo_0123456789abcdef",
            "__wbg_bar_fedcba9876543210",
            "__wbindgen_twice",
        ];
        let mut section = vec![3];
        for name in names {
            section.extend_from_slice(b"\x0b./app_bg.js");
            section.push(name.len() as u8);
            section.extend_from_slice(name.as_bytes());
            section.extend_from_slice(&[0, 0]);
        }
        wasm.push(2);
        put_leb(&mut wasm, section.len() as u32);
        wasm.extend_from_slice(&section);
        let glue = "const w0 = 1;\nconst i = {\n    __wbg_foo_0123456789abcdef: function() {},\n    \
                    __wbg_bar_fedcba9876543210: (a) => a,\n    __wbindgen_twice: f,\n};\n// __wbindgen_twice\n";
        let (short, glue) = shorten_imports(&wasm, glue);
        assert_eq!(
            glue,
            "const w0 = 1;\nconst i = {\n    w1: function() {},\n    w2: (a) => a,\n    __wbindgen_twice: f,\n};\n// __wbindgen_twice\n"
        );
        let text = String::from_utf8_lossy(&short);
        assert!(
            text.contains("\x02w1\0\0")
                && text.contains("\x02w2\0\0")
                && text.contains("__wbindgen_twice")
        );
        assert_eq!(short.len(), wasm.len() - 2 * 24);
        // Not a Wasm module: both unchanged.
        assert_eq!(
            shorten_imports(b"\0asm\x02", "x"),
            (b"\0asm\x02".to_vec(), "x".to_string())
        );
    }

    #[test]
    fn minified_js_keeps_exports_property_names_and_template_literals() {
        let js = "// a comment\nexport function longName(argument) {\n    const imports = { someProperty: argument };\n    globalThis.keep(imports);\n    return `a\n  b` + argument;\n}\n";
        let out = minify(js, true).unwrap();
        assert!(out.len() < js.len() && !out.contains("comment"), "{out}");
        assert!(
            out.contains("export function longName") && out.contains("someProperty"),
            "{out}"
        );
        // The literal's text survives, as a template or as an escaped string.
        assert!(
            out.contains("`a\n  b`") || out.contains(r#""a\n  b""#),
            "{out}"
        );
    }

    #[test]
    fn the_glues_integrity_follows_it() {
        let html = "<script type=module>import './g.js'</script><link href=./s.css integrity=sha384-A rel=stylesheet>\
                    <link crossorigin href=./g.js integrity=sha384-B rel=modulepreload><link integrity=\"sha384-C\" href=\"./g.js\">";
        assert_eq!(
            set_integrity(html, "./g.js", "sha256-N").unwrap(),
            "<script type=module>import './g.js'</script><link href=./s.css integrity=sha384-A rel=stylesheet>\
             <link crossorigin href=./g.js integrity=sha256-N rel=modulepreload><link integrity=\"sha256-N\" href=\"./g.js\">"
        );
    }
}
