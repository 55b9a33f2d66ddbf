//! A reader follows an old, bookmarked address of a moved page (`aliases:`): the alias
//! page sends them on, keeping the `#step` or `#heading` they bookmarked.

use super::{chromium, file_url};
use crate::common::TestSite;

#[test]
fn an_old_address_leads_to_the_same_place_on_the_new_page() {
    let Some(chrome) = chromium("an_old_address_leads_to_the_same_place_on_the_new_page") else {
        return;
    };
    let site = TestSite::minimal()
        .with(
            "content/index.md",
            "---\ntitle: 首页\n---\n看[新页](guide/new.md)。\n",
        )
        .with(
            "content/guide/new.md",
            "---\ntitle: 新页\naliases: [old/page.html]\n---\n## 一 {#one}\n\n文字。\n\n## 二 {#two}\n\n文字。\n",
        );
    let out = site.cli(&["build", "-q"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = site.root().join("public");
    let session = chrome.session();
    session.open(&format!("{}#two", file_url(&public, "old/page.html")));
    session.wait_for(
        "location.pathname.endsWith('/guide/new.html') && location.hash === '#two'",
        "the new page at the bookmarked heading",
    );
    session.wait_for(
        "document.getElementById('two') !== null",
        "the heading on the new page",
    );
    // Without script the refresh still leads to the page, at its top.
    let plain = chrome.session();
    plain.disable_scripts();
    plain.open(&format!("{}#two", file_url(&public, "old/page.html")));
    plain.wait_for(
        "location.pathname.endsWith('/guide/new.html')",
        "the new page without script",
    );
}
