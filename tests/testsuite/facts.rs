//! Facts: written once in `site.yml`, used as `{{ id }}` everywhere, shown with their
//! provenance. The fixture `tests/fixtures/facts` uses them in every place a fact may
//! stand (its pages are snapshotted in `snapshots.rs`); these tests hold the rules
//! for any site.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use waymark::search::query::search;

use crate::common::{attr_values, TestSite};

/// The output path and fragment a link on the facts page leads to.
fn target(href: &str) -> (String, Option<String>) {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(waymark::paths::percent_decode(f))),
        None => (href, None),
    };
    (waymark::paths::percent_decode(path), fragment)
}

/// Every page (but the facts page) that shows a fact lists it on the facts page under
/// that fact, and every use listed there leads to a page and an anchor that exist.
#[test]
fn the_facts_page_lists_every_use_and_each_leads_somewhere() {
    let site = TestSite::fixture("facts").site();
    let facts = site
        .text("facts.html")
        .expect("a site with facts has a facts page");
    // Fact id -> the output paths its entry lists.
    let mut listed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in facts.split("<section class=\"fact-entry").skip(1) {
        let id = attr_values(entry, "data-fact")[0].to_string();
        let uses = entry.split("class=\"fact-uses\"").nth(1).unwrap_or("");
        let uses = uses.split("</ul>").next().unwrap_or("");
        for href in attr_values(uses, "href") {
            let (path, fragment) = target(href);
            let page = site
                .text(&path)
                .unwrap_or_else(|| panic!("facts.html lists `{href}`, which is not a page"));
            if let Some(fragment) = fragment {
                assert!(
                    attr_values(page, "id").contains(&fragment.as_str()),
                    "facts.html lists `{href}`, but {path} has no such id"
                );
            }
            listed.entry(id.clone()).or_default().insert(path);
        }
    }
    let mut shown = 0;
    for (path, _) in site.files.iter().filter(|(p, _)| p.ends_with(".html")) {
        if path == "facts.html" || path == "404.html" || path == "toc.html" {
            continue;
        }
        let html = site.text(path).unwrap();
        let main = html.split("<main").nth(1).unwrap_or("");
        let main = main.split("<section class=\"page-facts\"").next().unwrap();
        for id in attr_values(main, "data-fact") {
            shown += 1;
            assert!(
                listed.get(id).is_some_and(|pages| pages.contains(path)),
                "{path} shows fact `{id}`, but the facts page does not list it there: {listed:?}"
            );
        }
    }
    assert!(
        shown > 20,
        "the fixture shows facts in many places ({shown})"
    );
    assert!(
        facts.contains("data-fact=\"unused\"") && facts.contains("没有页面用到"),
        "a fact no page uses is still listed, and says so"
    );
}

/// A page's printed list of sources names the facts the page shows: a channel's page
/// does not show its chapter's description, so not the facts used there either.
#[test]
fn a_channel_page_lists_the_sources_of_the_facts_it_shows() {
    let site = TestSite::minimal()
        .with(
            "site.yml",
            "title: t\nfacts:\n  hotline: {value: \"9510211\", kind: phone, source: 一篇文章}\n  platform: {value: 全国平台, source: 一篇文章}\n",
        )
        .with(
            "content/ch.md",
            "---\ntitle: 渠道\ndescription: 打电话或上{{ platform }}。\nchannels:\n  - {id: a, name: 电话, contact: \"{{ hotline }}\"}\n---\n\
             ## 电话 {#a}\n\n### 拨打\n\n拨打热线。\n",
        )
        .site();
    let listed = |path: &str| -> Vec<String> {
        let html = site.text(path).unwrap();
        let list = html.split("class=\"page-facts\"").nth(1).unwrap_or("");
        let list = list.split("</section>").next().unwrap();
        attr_values(list, "data-fact")
            .into_iter()
            .map(str::to_string)
            .collect()
    };
    assert_eq!(listed("ch/a.html"), ["hotline"]);
    assert!(
        listed("ch.html").contains(&"platform".to_string()),
        "{:?}",
        listed("ch.html")
    );
}

/// Search indexes the values, not the `{{ id }}`: the number finds every step that uses
/// the fact, and the id finds nothing.
#[test]
fn search_finds_every_step_that_uses_a_fact() {
    let site = TestSite::minimal()
        .with(
            "site.yml",
            "title: t\nfacts:\n  hotline: {value: \"9510211\", kind: phone, source: 一篇文章}\n",
        )
        .with(
            "content/ch.md",
            "---\ntitle: 渠道\nchannels:\n  - {id: a, name: 电话}\n  - {id: b, name: 网页}\n---\n\
             ## 电话 {#a}\n\n### 拨打热线\n\n拨打 {{ hotline }}。\n\n### 等待\n\n等人接听。\n\n\
             ## 网页 {#b}\n\n### 打开网页\n\n打开网页。\n\n### 还不行就打电话\n\n再打 {{hotline}} 试试。\n",
        )
        .site();
    let urls: BTreeSet<String> = search(&site.search, "9510211")
        .iter()
        .map(|h| site.search.docs[h.doc as usize].url.clone())
        .collect();
    assert!(urls.contains("ch/a.html#step-1"), "{urls:?}");
    assert!(urls.contains("ch/b.html#step-2"), "{urls:?}");
    assert!(!urls.contains("ch/a.html#step-2"), "{urls:?}");
    assert!(search(&site.search, "hotline").is_empty());
    let html = site.text("ch/b.html").unwrap();
    let jsonld = html.split("application/ld+json").nth(1).unwrap();
    assert!(
        jsonld.contains("9510211") && !jsonld.contains("{{"),
        "JSON-LD carries the value"
    );
}

/// `check` tells the author which facts to check again, which were never checked, which
/// say nothing of their source, which no page uses, and where a value is typed by hand.
#[test]
fn check_advises_on_facts() {
    let site = TestSite::minimal()
        .with(
            "site.yml",
            "title: t\nstale_after: 365d\nfacts:\n  hotline: {value: \"9510211\", kind: phone, source: 一篇文章, checked: 2001-01-01}\n  hours: {value: 周一至周五, kind: hours}\n  spare: {value: 备用, source: x, checked: 2001-01-02}\n",
        )
        .with(
            "content/p.md",
            "---\ntitle: P\ndescription: d\n---\n拨打 {{ hotline }}、{{ hours }}，或者直接打 951-0211，`9510211` 在代码里不算。\n",
        );
    let out = site.cli(&["check"]);
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    for expected in [
        "warning: fact `hotline` was checked",
        "more than the site's `stale_after` of 365 days",
        "warning: fact `hours` was never checked",
        "warning: fact `hours` does not say where it comes from",
        "warning: no page uses fact `spare`",
        "warning: `951-0211` is typed here, but the fact `hotline` holds it",
        "write `{{ hotline }}` instead",
    ] {
        assert!(said.contains(expected), "missing {expected:?} in:\n{said}");
    }
    assert_eq!(
        said.matches("is typed here").count(),
        1,
        "a use and code are not typed values:\n{said}"
    );
}

/// A phone fact as a channel's whole contact keeps the big call button, which carries
/// the fact; its provenance stands with the channel's facts.
#[test]
fn a_phone_fact_as_contact_keeps_the_call_button() {
    let site = TestSite::fixture("facts").site();
    let html = site.text("channels/hotline.html").unwrap();
    assert!(
        html.contains("<dd data-fact=\"hotline\"><a class=\"tel button\" href=\"tel:9510211\">")
    );
    let sources = html.split("class=\"verify fact-sources\"").nth(1).unwrap();
    assert!(sources
        .split("</ul>")
        .next()
        .unwrap()
        .contains("一篇公开文章"));
}

/// The pieces fact values are made of: markup, quotes, link and template syntax.
const VALUE: &[&str] = &[
    "<script>alert(1)</script>",
    "<a href=\"https://evil.example\">x</a>",
    "[链接](https://evil.example)",
    "https://evil.example",
    "www.evil.example",
    "javascript:alert(2)",
    "**粗**",
    "`code`",
    "&amp;",
    "&#60;",
    "\"",
    "'",
    "<",
    ">",
    "&",
    "#",
    "|",
    "* ",
    "电话",
    "9510211",
    " ",
    "\\",
    "{",
    "}",
    "%",
];

fn value() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VALUE), 1..8).prop_map(|v| v.concat())
}

/// The number of `<a ` and `<script` tags in a page.
fn tags(html: &str) -> (usize, usize) {
    (html.matches("<a ").count(), html.matches("<script").count())
}

/// A site using fact `f` (written in YAML as `yaml_value`, of `kind`) in a paragraph, a
/// heading, a link's text, a table, a step, a page title and a channel's fields (its
/// `contact` too for a phone: a contact that looks like a number is dialled, whatever
/// wrote it).
fn site_with(yaml_value: &str, kind: &str) -> TestSite {
    let contact = if kind == "phone" {
        "    contact: \"{{ f }}\"\n"
    } else {
        ""
    };
    TestSite::minimal()
        .with(
            "site.yml",
            &format!("title: t\nfacts:\n  f: {{value: {yaml_value}, kind: {kind}, source: 一篇文章}}\n"),
        )
        .with(
            "content/ch.md",
            "---\ntitle: \"渠道 {{ f }}\"\ndescription: \"说明 {{ f }}\"\nchannels:\n  - id: a\n    name: \"方式 {{ f }}\"\n    summary: \"摘要 {{ f }}\"\n{contact}    hours: \"{{ f }}\"\n    needs: [\"{{ f }}\"]\n---\n\
             正文 {{ f }}。\n\n| a | b |\n|---|---|\n| {{ f }} | x |\n\n[链接 {{ f }}](ch.md)\n\n\
             ## 方式 {#a}\n\n### 第一步 {{ f }}\n\n做 {{ f }}。\n"
                .replace("{contact}", contact)
                .as_str(),
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, .. ProptestConfig::default() })]

    /// Whatever a text or hours fact holds, it is shown as text: every page has the same
    /// links and scripts as with a plain value, and the value, escaped, is on the page.
    #[test]
    fn a_text_fact_never_yields_markup_or_a_link(raw in value(), kind in prop::sample::select(&["text", "hours"][..])) {
        let yaml = format!("'{}'", raw.replace('\'', "''"));
        let site = site_with(&yaml, kind);
        let built = site.build();
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.contains("{{") {
            prop_assert!(built.is_err(), "{raw:?} must be refused");
            return Ok(());
        }
        let built = built.map_err(|e| TestCaseError::fail(e.to_string()))?;
        let plain = site_with("'值'", kind).site();
        for page in ["ch.html", "ch/a.html", "facts.html"] {
            let html = built.text(page).unwrap();
            prop_assert_eq!(tags(html), tags(plain.text(page).unwrap()), "{} with {:?}", page, raw);
            prop_assert!(html.contains(&waymark::markdown::escape(trimmed)), "{} lacks {:?}", page, trimmed);
        }
    }

    /// A phone fact is exactly one `tel:` link wherever it may be a link.
    #[test]
    fn a_phone_fact_is_a_tel_link_and_nothing_else(digits in "[0-9]{3,8}", sep in prop::sample::select(&["", " ", "-"][..])) {
        let value = format!("{}{sep}{}", &digits[..2], &digits[2..]);
        let site = site_with(&format!("\"{value}\""), "phone").site();
        let plain = site_with("'12345'", "phone").site();
        let html = site.text("ch/a.html").unwrap();
        let tel = format!("href=\"tel:{digits}\"");
        // The call button, the step's title and its body, and as many links as with
        // any other number.
        prop_assert_eq!(html.matches(&tel).count(), 3, "{}", html);
        prop_assert_eq!(tags(html), tags(plain.text("ch/a.html").unwrap()));
    }
}
