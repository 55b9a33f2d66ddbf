//! Content at the extremes: the build answers (a site or an error), never crashes,
//! overflows its stack or hangs. Each build runs on a thread with a generous deadline,
//! so a hang fails the test instead of stalling the suite; nothing here measures speed.

use std::sync::mpsc;
use std::time::Duration;

use waymark::{BuildError, Site};

use crate::common::TestSite;

/// Builds `site` (minified, as published) on its own thread; panics if it has not
/// answered within two minutes.
fn build_within_deadline(site: TestSite) -> Result<Site, BuildError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(site.build_with(false, true));
    });
    rx.recv_timeout(Duration::from_secs(120))
        .expect("the build neither finished nor failed: it hangs")
}

fn page(body: &str) -> String {
    format!("---\ntitle: 极端\n---\n{body}")
}

#[test]
fn deep_nesting_is_an_error_at_its_line_not_a_crash() {
    for (what, body) in [
        ("quotes", format!("开头。\n\n{} 深\n", ">".repeat(3000))),
        (
            "lists",
            (0..2500)
                .map(|i| format!("{}- x\n", "  ".repeat(i)))
                .collect(),
        ),
        (
            "emphasis",
            format!("{}x{}\n", "*_".repeat(2000), "_*".repeat(2000)),
        ),
        (
            "links",
            format!("{}x{}\n", "[".repeat(5000), "](a.md)".repeat(5000)),
        ),
    ] {
        let site = TestSite::minimal().with("content/deep.md", &page(&body));
        match build_within_deadline(site) {
            Ok(_) => {}
            Err(BuildError::Invalid(errors)) => {
                assert!(
                    errors
                        .iter()
                        .any(|e| e.file == "content/deep.md" && e.line >= 4),
                    "{what}: {}",
                    errors[0]
                );
            }
            Err(e) => panic!("{what}: {e}"),
        }
    }
}

#[test]
fn fifty_thousand_identical_headings_get_unique_ids() {
    let body = "## Note\n\n正文。\n\n".repeat(50_000) + "## Step\n\n## Step\n\n## Search\n";
    let site = TestSite::minimal().with("content/notes.md", &page(&body));
    let site = build_within_deadline(site).unwrap_or_else(|e| panic!("{e}"));
    let html = site.text("notes.html").unwrap();
    // Minified: attribute values that need no quotes have none.
    let has_id =
        |id: &str| html.contains(&format!("id={id}>")) || html.contains(&format!("id={id} "));
    assert!(has_id("note") && has_id("note-2") && has_id("note-50000"));
    assert!(has_id("step") && has_id("step_2"));
    assert!(
        has_id("search-2"),
        "a heading never takes the search box's id"
    );
    assert_eq!(html.matches("id=search ").count(), 1);
}

#[test]
fn a_twenty_megabyte_page_builds() {
    let paragraph = "这是一段很长的中文正文，用来测试很大的页面。 Some English words too.\n\n";
    let body = paragraph.repeat(20_000_000 / paragraph.len() + 1);
    let site = TestSite::minimal().with("content/big.md", &page(&body));
    let site = build_within_deadline(site).unwrap_or_else(|e| panic!("{e}"));
    assert!(site.files["big.html"].len() > 15_000_000);
}

#[test]
fn search_of_a_page_with_repeated_step_headings_answers() {
    let site = TestSite::minimal().with("content/a.md", &page("## Step\n\n一\n\n## Step\n\n二\n"));
    let out = site.cli(&["search", "step"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("a.html#step"));
}
