//! The arrows of the core's layers, read from the source: the ground floor has no arrow back up.
//!
//! - `base` (small pieces: enums with stable names, spans, words) imports nothing of the project;
//! - `address` imports only `base`;
//! - `wire` imports only `address` and `base`.
//!
//! Everything above may import these; nothing here may import what is above.

use std::path::{Path, PathBuf};

/// Every `crate::<module>` a source file names (in `use` lines and in paths alike), with its line.
fn crate_paths(file: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(file).unwrap();
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let module: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push((i + 1, module));
            rest = after;
        }
        // `super::super::…` would climb out of a module's own folder just the same.
        assert!(
            !code.contains("super::super"),
            "{}:{}: climbs out of its module with super::super",
            file.display(),
            i + 1
        );
    }
    found
}

fn sources(under: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let path = root.join(under);
    if path.is_file() {
        return vec![path];
    }
    let mut files = Vec::new();
    let mut stack = vec![path];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    assert!(!files.is_empty(), "no sources under src/{under}");
    files
}

fn only_imports(module: &str, allowed: &[&str]) {
    for file in sources(module) {
        for (line, used) in crate_paths(&file) {
            // `crate::named_enum!` is base's macro, exported at the crate's root.
            let used = if used == "named_enum" {
                "base".to_string()
            } else {
                used
            };
            assert!(
                used == module.trim_end_matches(".rs") || allowed.contains(&used.as_str()),
                "{}:{line}: `{module}` imports crate::{used}; it may import only {allowed:?}",
                file.display()
            );
        }
    }
}

#[test]
fn base_imports_nothing_of_the_project() {
    only_imports("base.rs", &[]);
}

#[test]
fn address_imports_only_base() {
    only_imports("address", &["base"]);
}

#[test]
fn wire_imports_only_address_and_base() {
    only_imports("wire", &["address", "base"]);
}

/// The names in one `[...dependencies]` table of a manifest (the keys at the start of its lines).
fn dependency_names(manifest: &str, table: &str) -> Vec<String> {
    let header = format!("[{table}]");
    let mut names = Vec::new();
    let mut inside = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == header;
        } else if inside && !line.is_empty() && !line.starts_with('#') {
            if let Some((name, _)) = line.split_once('=') {
                names.push(name.trim().to_string());
            }
        }
    }
    names
}

/// The core (the root package) depends on serde only: no web, TLS, CLI, terminal or I/O crate,
/// on any target (`cargo tree -p ftp-explorer -e normal` shows serde and what serde needs).
#[test]
fn the_core_depends_on_serde_only() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .expect("the root Cargo.toml");
    assert_eq!(dependency_names(&manifest, "dependencies"), ["serde"]);
    for line in manifest.lines() {
        let table = line.trim();
        assert!(
            !(table.starts_with("[target.") && table.ends_with(".dependencies]")),
            "the core has target-specific dependencies: {table}"
        );
    }
}

/// The front ends hold no protocol knowledge: they depend on the core, and the core on none of them.
#[test]
fn the_front_ends_depend_on_the_core() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for package in ["cli", "web"] {
        let manifest =
            std::fs::read_to_string(root.join(package).join("Cargo.toml")).expect("manifest");
        assert!(
            dependency_names(&manifest, "dependencies").contains(&"ftp-explorer".to_string()),
            "{package} does not use the core"
        );
    }
    for module in sources("") {
        let text = std::fs::read_to_string(&module).unwrap();
        for crate_name in [
            "ftp_explorer_cli",
            "ftp_explorer_web",
            "yew",
            "web_sys",
            "wasm_bindgen",
        ] {
            assert!(
                !text.contains(&format!("{crate_name}::")),
                "{} names {crate_name}",
                module.display()
            );
        }
    }
}
