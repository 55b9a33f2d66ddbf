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

use crate::common::TestSite;

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

/// The outputs of the fixture `tests/fixtures/facts` that are snapshotted: every place
/// a fact may stand, with its value, link, `data-fact` and provenance card.
const FACTS_SNAPSHOTS: &[&str] = &[
    // facts in the title, description, text, a heading, a link, an image, a table,
    // a callout, a task list, a footnote, a code span and block, an escaped use
    "index.html",
    // facts in the channels' fields, on their cards and in the comparison table
    "channels.html",
    // a channel whose contact, hours, time, needs, steps' titles and bodies use facts
    "channels/hotline.html",
    // every fact with its provenance and its uses
    "facts.html",
];

/// The bilingual fixture's pages: a translated page and its original, a translated
/// channel page, a page shown untranslated, and the English contents page and sitemap.
const LANGUAGES_SNAPSHOTS: &[&str] = &[
    "ways.html",
    "en/ways.html",
    "en/ways/app.html",
    "en/untranslated.html",
    "en/toc.html",
    "sitemap.xml",
];

fn snapshot_dir(fixture: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(fixture)
}

/// Compares each `(name, text)` with `tests/snapshots/<fixture>/<name>` and fails
/// once, with every diff.
fn assert_snapshots(fixture: &str, outputs: &[(&str, String)]) {
    let assert = Assert::new().action_env(snapbox::assert::DEFAULT_ACTION_ENV);
    let diffs: Vec<String> = outputs
        .iter()
        .filter_map(|(name, text)| {
            // `raw`: compared as written, with no `[..]` wildcards or path rewriting.
            let expected =
                Data::read_from(&snapshot_dir(fixture).join(name), Some(DataFormat::Text)).raw();
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
    check_fixture("guide", SNAPSHOTS);
}

#[test]
fn every_place_a_fact_stands_matches_its_snapshot() {
    check_fixture("facts", FACTS_SNAPSHOTS);
}

#[test]
fn every_language_of_a_bilingual_site_matches_its_snapshot() {
    check_fixture("languages", LANGUAGES_SNAPSHOTS);
}

/// The `paths` of fixture `name`, and the list of its output files, against their
/// snapshots.
fn check_fixture(name: &str, paths: &[&str]) {
    let site = TestSite::fixture(name).site();
    let mut outputs: Vec<(&str, String)> = paths
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
    assert_snapshots(name, &outputs);
}
