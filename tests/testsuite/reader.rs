//! What the default guide tells its reader: no claim the content cannot back, one tap
//! to dial, one tap to the first step.

use crate::common::default_site;

#[test]
fn no_page_claims_a_check_that_did_not_happen() {
    let site = default_site(false);
    let sources = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/content"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let claimed = site
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .any(|(_, b)| String::from_utf8_lossy(b).contains("class=\"updated\""));
    assert_eq!(
        claimed,
        sources.contains("\nupdated:"),
        "a check date is shown exactly when the content gives one"
    );
    let home = site.text("index.html").unwrap();
    assert!(
        home.contains("没有经过官方核实"),
        "the home page says where its facts come from"
    );
}

#[test]
fn the_home_page_dials_in_one_tap_and_cards_open_step_one() {
    let site = default_site(false);
    let home = site.text("index.html").unwrap();
    assert!(
        home.contains("href=\"tel:9510211\""),
        "the hotline dials from the home page"
    );
    let overview = site.text("channels.html").unwrap();
    assert!(
        overview.contains("href=\"channels/app.html#step-1\""),
        "the start button lands on step 1"
    );
}

use crate::common::{placed, TestSite};

const CHAPTER: &str = "---\ntitle: 渠道\ndescription: d\nchannels:\n  - id: hotline\n    name: 热线\n    summary: s\n    contact: \"9510211\"\n    source: 某篇文章\n  - id: checked\n    name: 核实过的热线\n    summary: s\n    contact: \"12345\"\n    hours: 9:00–17:00\n    checked: 2026-11-20\n    source: https://example.org/official\n---\n## 热线 {#hotline}\n\n### 拨打\n\n## 核实过的热线 {#checked}\n\n### 拨打\n";

#[test]
fn pages_claim_a_check_only_from_checked_and_say_where_facts_come_from() {
    let site = TestSite::minimal().with("content/ch.md", CHAPTER).site();
    let unchecked = site.text("ch/hotline.html").unwrap();
    assert!(!unchecked.contains("信息核对于"), "no date, no claim");
    assert!(unchecked.contains("信息来源：某篇文章"));
    assert!(
        unchecked.contains("拨打前请以官方公布为准"),
        "asks to verify"
    );
    assert!(
        unchecked.contains("资料中没有写明服务时间"),
        "unknown hours said so"
    );
    let checked = site.text("ch/checked.html").unwrap();
    assert!(checked.contains("信息核对于 <time datetime=\"2026-11-20\">2026年11月20日</time>"));
    assert!(checked.contains("<a href=\"https://example.org/official\">"));
    assert!(!checked.contains("资料中没有写明服务时间"));
    let overview = site.text("ch.html").unwrap();
    assert!(
        overview.contains("资料中没有写明服务时间"),
        "hours wherever a number is"
    );
}

#[test]
fn check_warns_of_unchecked_contacts_and_stale_facts() {
    let site = TestSite::minimal()
        .with("site.yml", "title: T\nstale_after: 365d\n")
        .with("content/ch.md", CHAPTER);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
        .arg("check")
        .current_dir(site.root())
        .env("SOURCE_DATE_EPOCH", "1861920000") // 2029-01-01
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("channel `hotline` gives a contact but no `checked` date"),
        "{stderr}"
    );
    assert!(stderr.contains("checked 773 days ago"), "{stderr}");
    assert!(
        stderr.contains("content/ch.md:15:5"),
        "at the `checked` key: {stderr}"
    );
}

/// A check date is advised about where it is written: in a channel written as a flow
/// mapping too, and once only when a translation takes the date from its original.
#[test]
fn stale_dates_are_advised_once_where_they_are_written() {
    let chapter = "---\ntitle: 渠道\ndescription: d\nchannels:\n  - {id: app, name: 应用, summary: s, checked: 2001-01-01}\n---\n## 应用 {#app}\n\n### 打开\n";
    let translated = "---\ntitle: Channels\ndescription: d\nchannels:\n  - id: app\n    name: App\n    summary: s\n---\n## App {#app}\n\n### Open\n";
    let site = TestSite::minimal()
        .with(
            "site.yml",
            "title: T\nlanguages: [zh-CN, en]\nstale_after: 365d\n",
        )
        .with("content/ch.md", chapter)
        .with("content/ch.en.md", translated)
        .with(
            "content/later.md",
            "---\ntitle: 以后\nupdated: 2999-01-01\n---\n以后。\n",
        )
        .site();
    assert_eq!(
        placed(&site.warnings, "in the future"),
        ["content/later.md:3:1 the date 2999-01-01 is in the future: it claims a check that has not happened"]
    );
    let stale = placed(&site.warnings, "these facts were checked");
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(stale[0].starts_with("content/ch.md:5:37 "), "{stale:?}");
    let quoted = site
        .warnings
        .iter()
        .find_map(|d| d.source_line.clone().filter(|l| l.contains("checked")));
    assert_eq!(
        quoted.as_deref(),
        Some("  - {id: app, name: 应用, summary: s, checked: 2001-01-01}")
    );
}

#[test]
fn malformed_provenance_is_an_error_at_its_key() {
    let errors = TestSite::minimal()
        .with(
            "content/ch.md",
            &CHAPTER.replace("2026-11-20", "2026-02-30"),
        )
        .errors();
    crate::common::assert_reported(&errors, &["content/ch.md:15:5", "`checked` must be a date"]);
    let errors = TestSite::minimal()
        .with("site.yml", "title: T\nstale_after: a year\n")
        .errors();
    crate::common::assert_reported(
        &errors,
        &["site.yml:2:14", "`stale_after` must be a number of days"],
    );
    for (written, help) in [("30", "`stale_after: 30d`"), ("-5d", "above 0")] {
        let errors = TestSite::minimal()
            .with("site.yml", &format!("title: T\nstale_after: {written}\n"))
            .errors();
        crate::common::assert_reported(&errors, &["site.yml:2:14", written]);
        let said = errors[0].help.as_deref().unwrap_or_default();
        assert!(said.contains(help), "{said}");
    }
}

#[test]
fn an_edit_url_adds_a_report_link_to_every_page() {
    let site = TestSite::minimal()
        .with(
            "site.yml",
            "title: T\nedit_url: https://example.org/edit/main/content/{path}\n",
        )
        .with("content/ch.md", CHAPTER)
        .with("content/d/a b.md", "---\ntitle: A\n---\n")
        .site();
    assert!(site
        .text("index.html")
        .unwrap()
        .contains("href=\"https://example.org/edit/main/content/index.md\""));
    assert!(site
        .text("d/a b.html")
        .unwrap()
        .contains("href=\"https://example.org/edit/main/content/d/a%20b.md\""));
    assert!(
        site.text("ch/hotline.html")
            .unwrap()
            .contains("content/ch.md\""),
        "a channel page edits its chapter"
    );
    assert!(!TestSite::minimal()
        .site()
        .text("index.html")
        .unwrap()
        .contains("edit-link"));
    let errors = TestSite::minimal()
        .with(
            "site.yml",
            "title: T\nedit_url: javascript:alert(1)//{path}\n",
        )
        .errors();
    crate::common::assert_reported(
        &errors,
        &["site.yml:2:1", "`edit_url` must be an http(s) address"],
    );
}

#[test]
fn every_channel_ends_with_what_to_do_after_submitting() {
    let site = default_site(false);
    let channels: Vec<&String> = site
        .files
        .keys()
        .filter(|k| k.starts_with("channels/") && k.ends_with(".html"))
        .collect();
    for page in &channels {
        let html = site.text(page).unwrap();
        let last_step = html.rfind("class=\"step\"").unwrap();
        assert!(
            html[last_step..].contains("href=\"../after.html\""),
            "{page}: the last step leads on"
        );
    }
    let after = site.text("after.html").unwrap();
    for page in channels {
        assert!(
            after.contains(&format!("href=\"{page}\"")),
            "the escalation path links {page}"
        );
    }
}

/// A contact in any language: words around one number get the call button (shown as
/// written, dialling the digits); a number a phone cannot dial is a warning at its key,
/// and its page shows it as text, never a button that fails.
#[test]
fn contacts_in_any_language_dial_or_warn() {
    const WORDS: &str = "---\ntitle: Ways\ndescription: d\nchannels:\n  - id: passport\n    name: Passport\n    summary: s\n    contact: Passport Adviceline 0300 222 0000\n    checked: 2026-11-20\n  - id: typo\n    name: Typo\n    summary: s\n    contact: Adviceline 0300 222 000O\n    checked: 2026-11-20\n---\n## Passport {#passport}\n\n### Call\n\n## Typo {#typo}\n\n### Call\n";
    let site = TestSite::minimal()
        .with("site.yml", "title: T\nlanguage: en\n")
        .with("content/ways.md", WORDS);
    let built = site.site();
    let passport = built.text("ways/passport.html").unwrap();
    assert!(
        passport.contains(
            "<a class=\"tel button\" href=\"tel:03002220000\">Call Passport Adviceline 0300 222 0000</a>"
        ),
        "{passport}"
    );
    let typo = built.text("ways/typo.html").unwrap();
    assert!(
        !typo.contains("href=\"tel:"),
        "an undiallable number gets no button"
    );
    assert!(typo.contains("Adviceline 0300 222 000O"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
        .arg("check")
        .current_dir(site.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("channel `typo`'s contact looks like a phone number but cannot be dialled: `O` is written into the number"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/ways.md:13:5"),
        "at the contact: {stderr}"
    );
    assert!(!stderr.contains("channel `passport`'s contact"), "{stderr}");
}
