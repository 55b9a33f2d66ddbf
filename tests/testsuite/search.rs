//! Search: the index the build publishes, and what a reader's queries find first.

use serde_json::Value;
use waymark::search::query::search;

use crate::common::{default_site, TestSite};

/// The query table shared with the browser test.
pub fn quality_queries() -> Vec<(String, String)> {
    let table: Vec<Value> = serde_json::from_str(include_str!("../search/queries.json")).unwrap();
    table
        .iter()
        .map(|q| {
            (
                q["query"].as_str().unwrap().to_string(),
                q["first"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn realistic_queries_find_the_right_step_first() {
    let site = default_site(true);
    let queries = quality_queries();
    assert!(queries.len() >= 15);
    let mut wrong = Vec::new();
    for (query, expected) in &queries {
        let hits = search(&site.search, query);
        let got: Vec<&str> = hits
            .iter()
            .take(3)
            .map(|h| site.search.docs[h.doc as usize].url.as_str())
            .collect();
        if got.first() != Some(&expected.as_str()) {
            wrong.push(format!("{query:?}: expected {expected}, got {got:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} queries rank wrongly:\n{}",
        wrong.len(),
        queries.len(),
        wrong.join("\n")
    );
}

/// A search that finds nothing offers, from each synonym group, the first word that
/// finds something on its own: the suggestions read posting lists, and must pick what
/// running each word as a query would.
#[test]
fn suggestions_are_the_first_words_that_find_something() {
    let site = default_site(true);
    let mut alone = site.search.clone();
    alone.synonyms.clear();
    let mut expected: Vec<String> = site
        .search
        .synonyms
        .iter()
        .filter_map(|group| group.iter().find(|w| !search(&alone, w).is_empty()))
        .cloned()
        .collect();
    expected.dedup();
    assert!(expected.len() >= 3, "{expected:?}");
    assert_eq!(site.search.suggestions, expected);
}

#[test]
fn every_result_lands_on_an_existing_anchor() {
    let site = default_site(true);
    assert!(site.search.docs.len() > 40);
    for doc in &site.search.docs {
        let (file, anchor) = doc.url.split_once('#').unwrap_or((&doc.url, ""));
        let html = site
            .text(file)
            .unwrap_or_else(|| panic!("{} points to a missing file", doc.url));
        if !anchor.is_empty() {
            assert!(
                html.contains(&format!("id={anchor}"))
                    || html.contains(&format!("id=\"{anchor}\"")),
                "{}",
                doc.url
            );
        }
    }
    assert!(site
        .search
        .docs
        .iter()
        .any(|d| d.url == "channels/app.html#step-4" && d.crumbs.ends_with("第 4 步")));
}

#[test]
fn the_index_is_published_as_scripts_and_is_small_on_a_small_site() {
    let site = default_site(true);
    let total: usize = site
        .files
        .iter()
        .filter(|(k, _)| k.starts_with("search/"))
        .map(|(_, v)| v.len())
        .sum();
    assert!(site.files.contains_key("search/meta.js"));
    assert!(total < 200_000, "the default site's index is {total} bytes");
    let html = site.text("index.html").unwrap();
    assert!(
        html.contains("inputmode=search"),
        "a search box in the header"
    );
    assert!(html.contains("id=search-results"));
    assert!(!site
        .files
        .iter()
        // The service worker fetches; it runs only over http(s), never from disk.
        .any(|(k, v)| k.ends_with(".js")
            && k != waymark::paths::WORKER
            && String::from_utf8_lossy(v).contains("fetch(")));
}

#[test]
fn content_in_the_index_is_escaped() {
    let site = crate::common::guide_site();
    for (path, bytes) in site.files.iter().filter(|(k, _)| k.starts_with("search/")) {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("<script>") && !text.contains("</script>"),
            "{path}"
        );
    }
    let hits = search(&site.search, "alert");
    assert!(!hits.is_empty(), "escaped text stays searchable");
}

#[test]
fn a_content_folder_named_search_is_reported() {
    let errors = TestSite::minimal()
        .with("content/search/meta.js", "x")
        .errors();
    assert!(
        errors.iter().any(|e| e.message.contains("search index")),
        "{errors:?}"
    );
}

/// The search box's examples are the site's own (`search.examples`); without them the
/// theme says only what the box is for, in the site's language.
#[test]
fn the_search_box_offers_the_sites_own_examples() {
    let placeholder = |site: &waymark::Site| {
        let html = site.text("index.html").unwrap().to_string();
        crate::common::attr_values(&html, "placeholder")[0].to_string()
    };
    assert_eq!(placeholder(default_site(false)), "搜索，如“小蜜”“12315”");
    assert_eq!(placeholder(&TestSite::minimal().site()), "搜索本站");
    let english = TestSite::minimal()
        .with(
            "site.yml",
            "title: t\nlanguage: en\nsearch:\n  examples: [refund, \"9510211\"]\n",
        )
        .site();
    assert_eq!(placeholder(&english), "Search, e.g. “refund”, “9510211”");
}
