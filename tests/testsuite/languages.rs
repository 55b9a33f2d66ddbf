//! A site in several languages (`tests/fixtures/languages`: Chinese, the default, and
//! English with one page left untranslated): every page in every language at its
//! path, fallbacks that say what they are, versions linked both ways, facts and search
//! per language, and the default site's two languages.

use std::collections::BTreeSet;

use waymark::Site;

use crate::common::{attr_values, TestSite};

fn site() -> &'static Site {
    static SITE: std::sync::OnceLock<Site> = std::sync::OnceLock::new();
    SITE.get_or_init(|| TestSite::fixture("languages").site())
}

/// The HTML pages of the site, as output paths.
fn pages(site: &Site) -> Vec<&str> {
    site.files
        .keys()
        .map(String::as_str)
        .filter(|p| p.ends_with(".html"))
        .collect()
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
            || ('\u{3000}'..='\u{303f}').contains(&c)
            || ('\u{ff00}'..='\u{ffef}').contains(&c)
    })
}

#[test]
fn every_page_is_published_in_every_language_and_files_are_shared() {
    let site = site();
    let zh: BTreeSet<&str> = pages(site)
        .into_iter()
        .filter(|p| !p.starts_with("en/"))
        .collect();
    let en: BTreeSet<&str> = pages(site)
        .into_iter()
        .filter_map(|p| p.strip_prefix("en/"))
        .collect();
    assert_eq!(zh, en, "the same pages in both languages");
    for page in [
        "index.html",
        "ways.html",
        "ways/app.html",
        "ways/hotline.html",
        "d/index.html",
        "untranslated.html",
        "toc.html",
        "facts.html",
        "404.html",
    ] {
        assert!(zh.contains(page), "{page}");
    }
    assert!(site.files.contains_key("img/photo.svg"));
    assert!(
        !site
            .files
            .keys()
            .any(|p| p.starts_with("en/img/") || p.starts_with("en/assets/waymark")),
        "assets are shared, not copied"
    );
    // The English page's image is the shared one.
    let notes = site.text("en/d/index.html").unwrap();
    assert!(attr_values(notes, "src").contains(&"../../img/photo.svg"));
    assert_eq!(site.languages.len(), 2);
    assert_eq!(site.languages[1].tag, "en");
    assert_eq!(site.languages[1].fallbacks, 1);
}

#[test]
fn a_page_without_a_translation_says_so_and_points_to_its_original() {
    let site = site();
    let page = site.text("en/untranslated.html").unwrap();
    assert!(
        page.contains("<html lang=\"en\""),
        "the page's UI is English"
    );
    assert!(page.contains("This page has not been translated yet; it is shown in Chinese."));
    assert!(page.contains("<main id=\"main\" tabindex=\"-1\" lang=\"zh-CN\">"));
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(page
        .contains("<link rel=\"canonical\" href=\"https://example.org/guide/untranslated.html\">"));
    assert!(page.contains("这一页还没有英文版"));
    // Its fact is the default language's value, like the text around it.
    assert!(page.contains("点 <span class=\"fact\" data-fact=\"me_tab\">我的"));
    // Translated pages are neither marked nor hidden from search engines.
    let translated = site.text("en/ways.html").unwrap();
    assert!(!translated.contains("noindex") && !translated.contains("fallback-notice"));
    assert!(translated
        .contains("<link rel=\"canonical\" href=\"https://example.org/guide/en/ways.html\">"));
    let original = site.text("untranslated.html").unwrap();
    assert!(!original.contains("fallback-notice") && !original.contains("noindex"));
}

/// Every page, of every kind, links its versions: `hreflang` for those written in
/// their language, `x-default` for the default's, and a switcher to the same page in
/// the other language, whose link resolves.
#[test]
fn every_page_links_its_versions() {
    let site = site();
    for page in pages(site) {
        let html = site.text(page).unwrap();
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        let own = page.strip_prefix("en/").unwrap_or(page);
        assert!(
            html.contains(&format!(
                "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/guide/{own}\">"
            )),
            "{page}: x-default"
        );
        assert!(
            html.contains(&format!(
                "<link rel=\"alternate\" hreflang=\"zh-CN\" href=\"https://example.org/guide/{own}\">"
            )),
            "{page}: zh-CN"
        );
        let english = own != "untranslated.html";
        assert_eq!(
            html.contains(&format!(
                "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/guide/en/{own}\">"
            )),
            english,
            "{page}: an English alternate only where the page is in English"
        );
        let switch = html
            .split("<nav class=\"languages\"")
            .nth(1)
            .and_then(|s| s.split("</nav>").next())
            .unwrap_or_else(|| panic!("{page} has no language switcher"));
        let hrefs = attr_values(switch, "href");
        assert_eq!(hrefs.len(), 1, "{page}: the one other language");
        let other = if page.starts_with("en/") {
            own.to_string()
        } else {
            format!("en/{own}")
        };
        if own == "404.html" {
            // Served at any address: its links start from `base_url`.
            assert_eq!(
                hrefs[0],
                format!("https://example.org/guide/{other}"),
                "{page}"
            );
        } else {
            let from_dir = page.rsplit_once('/').map_or("", |(d, _)| d);
            let target = waymark::paths::join(from_dir, hrefs[0]).unwrap();
            assert_eq!(target, other, "{page}: the switcher opens the same page");
        }
        let name = if page.starts_with("en/") {
            ">中文<"
        } else {
            ">English<"
        };
        assert!(switch.contains(name), "{page}: {switch}");
    }
}

#[test]
fn a_translated_channel_keeps_its_steps_and_their_anchors() {
    let site = site();
    for channel in ["ways/app.html", "ways/hotline.html"] {
        let ids = |path: &str| -> Vec<String> {
            attr_values(site.text(path).unwrap(), "id")
                .into_iter()
                .filter(|id| waymark::paths::step_number(id).is_some())
                .map(str::to_string)
                .collect()
        };
        assert_eq!(ids(channel), ids(&format!("en/{channel}")), "{channel}");
    }
    let app = site.text("en/ways/app.html").unwrap();
    assert!(app.contains("Ask for a return"));
    // Navigation and contents are the language's own.
    let toc = site.text("en/toc.html").unwrap();
    assert!(toc.contains("Ways to return") && toc.contains("Notes"));
    let nav = site.text("en/assets/nav.js").unwrap();
    assert!(nav.contains("\"en/ways.html\"") && nav.contains("Ways to return"));
    assert!(!site.text("assets/nav.js").unwrap().contains("en/"));
}

#[test]
fn facts_and_dates_are_written_in_the_reader_s_language() {
    let site = site();
    let en = site.text("en/ways/app.html").unwrap();
    assert!(en.contains("我的 (Me)") && en.contains("The menu at the bottom of the app"));
    assert!(
        en.contains("20 November 2026"),
        "dates are written in English"
    );
    let zh = site.text("ways/app.html").unwrap();
    assert!(zh.contains("APP底部的菜单") && !zh.contains("(Me)"));
    assert!(zh.contains("2026年11月20日"));
    // A phone number is one value, dialled the same from every language.
    for page in ["ways/hotline.html", "en/ways/hotline.html"] {
        assert!(
            site.text(page).unwrap().contains("href=\"tel:4001234567\""),
            "{page}"
        );
    }
    // The English pages Waymark writes itself carry no Chinese at all.
    for page in ["en/toc.html", "en/404.html", "en/facts.html"] {
        let text = site.text(page).unwrap();
        let body = text.split("<body").nth(1).unwrap();
        let visible: String = body
            .split('<')
            .map(|s| s.split_once('>').map_or("", |(_, t)| t))
            .collect();
        let allowed = ["我的", "示例来源", "只有中文的一页", "中文"];
        let rest = allowed.iter().fold(visible, |t, a| t.replace(a, ""));
        assert!(!has_cjk(&rest), "{page}: {rest}");
    }
}

#[test]
fn each_language_has_its_own_search_index_without_fallbacks() {
    let site = site();
    let urls = |index: &waymark::search::SearchIndex| -> Vec<String> {
        index.docs.iter().map(|d| d.url.clone()).collect()
    };
    let zh = urls(&site.search);
    let en = urls(&site.searches[0]);
    assert!(zh.iter().any(|u| u.starts_with("untranslated.html")));
    assert!(zh.iter().all(|u| !u.starts_with("en/")), "{zh:?}");
    assert!(en.iter().all(|u| u.starts_with("en/")), "{en:?}");
    assert!(en.iter().any(|u| u.starts_with("en/ways/app.html")));
    assert!(
        !en.iter().any(|u| u.contains("untranslated")),
        "a fallback is found in the default language only: {en:?}"
    );
    let hits = waymark::search::query::search(&site.searches[0], "return");
    assert!(!hits.is_empty());
    // Each language searches with its own synonyms.
    assert_eq!(site.searches[0].synonyms, [vec!["return", "refund"]]);
    assert_eq!(site.search.synonyms, [vec!["退货", "退钱"]]);
    // `refund` is in no page: it finds what its synonym `return` finds.
    let refund = waymark::search::query::search(&site.searches[0], "refund");
    let pages = |hits: &[waymark::search::query::Hit]| -> std::collections::BTreeSet<String> {
        hits.iter()
            .map(|h| site.searches[0].docs[h.doc as usize].url.clone())
            .collect()
    };
    assert!(!refund.is_empty());
    assert_eq!(pages(&refund), pages(&hits));
    assert!(waymark::search::query::search(&site.searches[0], "退货").is_empty());
    assert!(site.files.contains_key("en/search/meta.js"));
}

#[test]
fn the_sitemap_lists_every_version_with_its_alternates() {
    let site = site();
    let xml = site.text("sitemap.xml").unwrap();
    assert!(xml.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(xml.contains("<loc>https://example.org/guide/en/ways.html</loc>"));
    assert!(xml.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/guide/en/ways/app.html\"/>"
    ));
    assert!(
        !xml.contains("<loc>https://example.org/guide/en/untranslated.html</loc>"),
        "a fallback is not listed"
    );
}

#[test]
fn a_bilingual_build_is_deterministic() {
    let again = TestSite::fixture("languages").site();
    assert_eq!(site().files, again.files);
}

/// The default site is the complaint guide in Chinese and English, with every page
/// translated.
#[test]
fn the_default_site_is_bilingual_and_complete() {
    let site = crate::common::default_site(false);
    assert_eq!(site.languages.len(), 2);
    assert_eq!(site.languages[1].tag, "en");
    assert_eq!(site.languages[1].fallbacks, 0, "every page is translated");
    let home = site.text("en/index.html").unwrap();
    assert!(home.contains("<html lang=\"en\""));
    let hotline = site.text("en/channels/hotline.html").unwrap();
    assert!(hotline.contains("href=\"tel:9510211\""));
}

/// Titles of pages shown in the default language are marked with its `lang` wherever
/// another language's page lists them: sidebar, contents, script navigation.
#[test]
fn untranslated_titles_are_marked_with_their_language() {
    let site = site();
    let toc = site.text("en/toc.html").unwrap();
    assert!(
        toc.contains("href=\"untranslated.html\" lang=\"zh-CN\">只有中文的一页</a>"),
        "{toc}"
    );
    assert!(toc.contains(">Ways to return</a>") && !toc.contains("lang=\"zh-CN\">Ways"));
    let nav = site.text("en/assets/nav.js").unwrap();
    assert!(
        nav.contains("[\"只有中文的一页\",\"en/untranslated.html\",0,0,\"zh-CN\"]"),
        "{nav}"
    );
    // On the untranslated page itself, links to translated pages are in English.
    let page = site.text("en/untranslated.html").unwrap();
    let pager = page
        .split("<nav class=\"pager\"")
        .nth(1)
        .and_then(|p| p.split("</nav>").next())
        .unwrap_or("");
    assert!(pager.contains("lang=\"en\""), "{pager}");
}

/// A language Waymark ships no strings for works once the site brings its own.
#[test]
fn a_language_with_the_site_s_own_strings_builds() {
    let site = TestSite::minimal()
        .with("site.yml", "title: Guide\nlanguages: [en, fr]\n")
        .with(
            "theme/i18n/fr.json",
            "{\"language_name\": \"Français\", \"fallback_notice\": \"Cette page n'est pas encore traduite ; elle est affichée en {language}.\", \"language_en\": \"anglais\"}",
        );
    let built = site.site();
    let home = built.text("fr/index.html").unwrap();
    assert!(home.contains("<html lang=\"fr\""));
    assert!(home.contains("elle est affichée en anglais."), "{home}");
    assert!(built.text("index.html").unwrap().contains(">Français</a>"));
}

/// `check` says which translations are older than their original, and which pages a
/// language has not translated yet.
#[test]
fn check_tells_what_the_translations_lack() {
    let site = TestSite::empty()
        .with(
            "site.yml",
            "title: {en: Guide, zh-CN: 指南}\nlanguages: [en, zh-CN]\n",
        )
        .with(
            "content/index.md",
            "---\ntitle: Home\nupdated: 2026-11-20\n---\nSee [a](a.md).\n",
        )
        .with(
            "content/index.zh-CN.md",
            "---\ntitle: 首页\nupdated: 2026-11-01\n---\n见[a](a.md)。\n",
        )
        .with("content/a.md", "---\ntitle: A\n---\nText.\n")
        .site();
    let lints: Vec<String> = site.lints.iter().map(|d| d.to_string()).collect();
    let all = lints.join("\n");
    assert!(
        all.contains("the original, `content/index.md`, was updated on 2026-11-20, after this translation (updated 2026-11-01)"),
        "{all}"
    );
    assert!(
        all.contains("1 page has no `zh-CN` translation yet: `content/a.md`"),
        "{all}"
    );
}
