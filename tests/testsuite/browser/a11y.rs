//! Accessibility at zero: axe-core in Chromium and the W3C validator (vnu) over every
//! page of the repository's site and of the test fixture. Both tools come from the npm
//! registry (`.ci/run` installs them under `target/npm/`; `WAYMARK_AXE` and `WAYMARK_VNU`
//! point elsewhere); without them the tests say so loudly and pass, unless
//! `WAYMARK_REQUIRE_BROWSER=1`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{chromium, file_url};
use crate::common::{default_site, TestSite};

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

/// Both sites, published into temporary folders, with their HTML pages.
fn sites() -> Vec<(TestSite, PathBuf, Vec<String>)> {
    let publish = |holder: TestSite, root: &Path, built: waymark::Site| {
        let public = holder.root().join("public");
        built.write(root, &public).unwrap();
        let pages = built
            .files
            .keys()
            .filter(|k| k.ends_with(".html"))
            .cloned()
            .collect();
        (holder, public, pages)
    };
    let fixture = TestSite::fixture("guide");
    let fixture_root = fixture.root().to_path_buf();
    let built = fixture.build_with(false, true).unwrap();
    vec![
        publish(
            TestSite::empty(),
            Path::new(env!("CARGO_MANIFEST_DIR")),
            default_site(true),
        ),
        publish(fixture, &fixture_root, built),
    ]
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
    let mut found = Vec::new();
    let mut checked = 0;
    for (_site, public, pages) in sites() {
        for page in pages {
            let path: Vec<String> = page
                .split('/')
                .map(waymark::paths::encode_segment)
                .collect();
            // On a phone, as most readers are; and every channel page wide too.
            let sizes: &[(u32, u32)] = if page.contains('/') {
                &[(390, 844), (1200, 900)]
            } else {
                &[(390, 844)]
            };
            for &(width, height) in sizes {
                session.phone(width, height);
                session.open(&file_url(&public, &path.join("/")));
                session.wait_for("document.readyState === 'complete'", "the page");
                session.tab.evaluate(&source, false).expect("load axe");
                let result = session
                    .tab
                    .evaluate(
                        "axe.run(document, { resultTypes: ['violations'] }).then(r => JSON.stringify(r.violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' ')).slice(0, 3)])))",
                        true,
                    )
                    .expect("run axe");
                let violations: Vec<Value> =
                    serde_json::from_str(result.value.unwrap().as_str().unwrap()).unwrap();
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
    for (_site, public, pages) in &sites {
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
