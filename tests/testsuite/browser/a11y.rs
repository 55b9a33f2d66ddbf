//! Accessibility at zero: axe-core in Chromium and the W3C validator (vnu) over every
//! page of the repository's site and of the test fixture. Both tools come from the npm
//! registry (`.ci/run` installs them under `target/npm/`; `WAYMARK_AXE` and `WAYMARK_VNU`
//! point elsewhere); without them the tests say so loudly and pass, unless
//! `WAYMARK_REQUIRE_BROWSER=1`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{chromium, file_url, published_default, published_guide};

fn tool(env: &str, default: &str, test: &str) -> Option<PathBuf> {
    let path = std::env::var_os(env)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(default));
    if path.is_file() {
        return Some(path);
    }
    if std::env::var("WAYMARK_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("{} is missing; run `npm install --prefix target/npm axe-core vnu-jar` (as .ci/run does)", path.display());
    }
    eprintln!("\n*** SKIPPED `{test}`: {} not found ***\n", path.display());
    None
}

/// Both sites, as published for every browser test, with their HTML pages.
fn sites() -> Vec<(PathBuf, Vec<String>)> {
    let (_, default_public, default_site) = published_default();
    let guide = published_guide();
    [
        (default_public, default_site),
        (guide.public.clone(), &guide.site),
    ]
    .into_iter()
    .map(|(public, site)| {
        let pages = site
            .files
            .keys()
            .filter(|k| k.ends_with(".html"))
            .cloned()
            .collect();
        (public, pages)
    })
    .collect()
}

#[test]
fn axe_finds_no_violation_on_any_page() {
    let Some(axe) = tool(
        "WAYMARK_AXE",
        "target/npm/node_modules/axe-core/axe.min.js",
        "axe",
    ) else {
        return;
    };
    let Some(chrome) = chromium("axe_finds_no_violation_on_any_page") else {
        return;
    };
    let source = std::fs::read_to_string(axe).unwrap();
    let session = chrome.session();
    // axe-core (half a megabyte) is handed to the browser once, and runs in every
    // document the tab opens, before the page's own scripts (it only defines `axe`).
    session.add_script_on_new_document(&source);
    let mut found = Vec::new();
    let mut checked = 0;
    for (public, pages) in sites() {
        for page in pages {
            let path: Vec<String> = page
                .split('/')
                .map(waymark::paths::encode_segment)
                .collect();
            // On a phone, as most readers are; and every channel page wide too: the same
            // page turned into a wide window (the styles follow the width; the page is
            // not loaded again).
            let sizes: &[(u32, u32)] = if page.contains('/') {
                &[(390, 844), (1200, 900)]
            } else {
                &[(390, 844)]
            };
            for (i, &(width, height)) in sizes.iter().enumerate() {
                session.phone(width, height);
                if i == 0 {
                    session.open(&file_url(&public, &path.join("/")));
                }
                session.wait_for(
                    &format!("window.axe && innerWidth === {width}"),
                    "axe, at the width",
                );
                let result = session.eval(
                    "axe.run(document, { resultTypes: ['violations'] }).then(r => JSON.stringify(r.violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' ')).slice(0, 3)])))",
                );
                let violations: Vec<Value> =
                    serde_json::from_str(result.as_str().unwrap()).unwrap();
                for v in violations {
                    found.push(format!("{page} at {width}px: {v}"));
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 25, "only {checked} pages checked");
    assert!(
        found.is_empty(),
        "{} violations:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_validator_finds_no_error_on_any_page() {
    let Some(vnu) = tool(
        "WAYMARK_VNU",
        "target/npm/node_modules/vnu-jar/build/dist/vnu.jar",
        "vnu",
    ) else {
        return;
    };
    let mut files = Vec::new();
    let sites = sites();
    for (public, pages) in &sites {
        files.extend(pages.iter().map(|p| public.join(p)));
    }
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(vnu)
        .args(["--errors-only", "--format", "text"])
        .args(&files)
        .output()
        .expect("run java (apt-get install default-jre-headless)");
    let report =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "vnu found errors in {} pages:\n{report}",
        files.len()
    );
}
