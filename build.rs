//! Compiles the repository's `theme/` folder into the binary, so a site without a
//! theme of its own builds with the default one.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    // Read at run time: a build script compiled for one checkout may be reused by
    // another sharing the target folder, and must read the theme of the one it runs for.
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let theme = root.join("theme");
    println!("cargo:rerun-if-changed=theme");
    let mut files = Vec::new();
    collect(&theme, &mut files);
    files.sort();
    let mut code = String::from(
        "/// Every file of the default theme: path relative to `theme/`, and bytes.\n",
    );
    code.push_str("pub static DEFAULT_THEME: &[(&str, &[u8])] = &[\n");
    for path in &files {
        let rel = path.strip_prefix(&theme).expect("walked below theme/");
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        writeln!(
            code,
            "    ({:?}, include_bytes!({:?})),",
            rel.join("/"),
            path.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("default_theme.rs");
    std::fs::write(out, code).expect("write default_theme.rs");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
