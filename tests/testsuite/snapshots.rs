//! Every page kind of the fixture site `tests/fixtures/guide`, whole and unminified,
//! against its reviewed copy under `tests/snapshots/guide/` (the same path as in the
//! output): home, page, folder index, chapter overview, channel page, contents, 404,
//! the shared navigation script, the search index's meta file, the sitemap, and the
//! list of every file the build writes. A change to any of them fails with a diff;
//! after a deliberate change, `SNAPSHOTS=overwrite cargo test snapshots` rewrites the
//! copies, and the diff is read over like any other change before it is committed.
//!
//! What the snapshots pin, a person reviews: the furniture every page carries (`lang`,
//! title, description, canonical address, skip link, landmarks, breadcrumbs ending at
//! the page, previous/next, stylesheet), the Markdown extensions (callouts, tables,
//! task lists, footnotes, heading ids and self-links, the outline), the chapter's
//! cards and comparison table in front-matter order, the channel's facts, numbered
//! steps and neighbours, and the sitemap's addresses and dates. Rules that must hold
//! for any site stay tests of their own (`build.rs`, `properties.rs`).

use std::path::{Path, PathBuf};

use snapbox::data::DataFormat;
use snapbox::{Assert, Data, IntoData};

/// The outputs that are snapshotted, one of each kind the theme renders.
const SNAPSHOTS: &[&str] = &[
    // home page
    "index.html",
    // a page with every Markdown extension
    "a.html",
    // a page in a folder: relative links, breadcrumbs, previous/next
    "d/bee.html",
    // a folder's index page
    "d/index.html",
    // a page whose title and text carry markup, shown as text
    "escape.html",
    // a channel chapter's overview
    "ch.html",
    // a channel's page of steps, with its HowTo JSON-LD
    "ch/app.html",
    // the contents page
    "toc.html",
    // the not-found page, with addresses from `base_url`
    "404.html",
    // the whole navigation tree, drawn by the page script
    "assets/nav.js",
    // the search index's entry point
    "search/meta.js",
    "sitemap.xml",
];

fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/guide")
}

/// Compares each `(name, text)` with `tests/snapshots/guide/<name>` and fails once,
/// with every diff.
fn assert_snapshots(outputs: &[(&str, String)]) {
    let assert = Assert::new().action_env(snapbox::assert::DEFAULT_ACTION_ENV);
    let diffs: Vec<String> = outputs
        .iter()
        .filter_map(|(name, text)| {
            // `raw`: compared as written, with no `[..]` wildcards or path rewriting.
            let expected =
                Data::read_from(&snapshot_dir().join(name), Some(DataFormat::Text)).raw();
            assert
                .try_eq(Some(name), text.clone().into_data(), expected)
                .err()
                .map(|e| e.to_string())
        })
        .collect();
    assert!(
        diffs.is_empty(),
        "{} of {} snapshots differ (after a deliberate change: SNAPSHOTS=overwrite cargo test snapshots, then review the diff):\n\n{}",
        diffs.len(),
        outputs.len(),
        diffs.join("\n")
    );
}

#[test]
fn every_page_kind_of_the_fixture_matches_its_snapshot() {
    let site = crate::common::guide_site();
    let mut outputs: Vec<(&str, String)> = SNAPSHOTS
        .iter()
        .map(|path| {
            let text = site
                .text(path)
                .unwrap_or_else(|| panic!("the fixture has no {path}"));
            (*path, text.to_string())
        })
        .collect();
    // Every file of the output, so a page, asset or index file that appears or
    // disappears is seen too.
    let files: String = site.files.keys().map(|path| format!("{path}\n")).collect();
    outputs.push(("files.txt", files));
    assert_snapshots(&outputs);
}
