//! Channel chapters: an overview page and a page of numbered steps per channel.

use serde_json::Value;

use crate::common::{assert_reported, attr_values, TestSite};

fn chapter(front: &str, body: &str) -> TestSite {
    TestSite::minimal().with(
        "content/x.md",
        &format!("---\ntitle: 投诉\n{front}---\n{body}"),
    )
}

const TWO_CHANNELS: &str = "channels:\n  - id: app\n    name: APP\n  - id: web\n    name: 网页\n";

// The fixture's overview (`ch.html`: cards and comparison table in front-matter order,
// contacts that dial, step counts, no step bodies) and a channel page (`ch/app.html`:
// facts, have-ready list, numbered steps, breadcrumbs, neighbours) are snapshotted
// whole in `snapshots.rs`; the other channel page's links to its neighbours are here.

#[test]
fn a_channel_page_links_the_next_channel_and_lists_its_siblings() {
    let site = crate::common::guide_site();
    let web = site.text("ch/web.html").unwrap();
    assert!(
        web.contains("rel=\"next\" href=\"app.html\""),
        "next channel"
    );
    let nav = &web[web.find("id=\"sidebar\"").unwrap()..];
    assert!(
        nav.contains("href=\"app.html\"") && nav.contains("aria-current=\"page\">网页<"),
        "sidebar lists the channels"
    );
}

#[test]
fn channel_pages_carry_how_to_json_ld_that_cannot_be_broken_out_of() {
    let site = crate::common::guide_site();
    let html = site.text("ch/web.html").unwrap();
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let data: Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(data["@type"], "HowTo");
    assert_eq!(data["step"].as_array().unwrap().len(), 2);
    assert_eq!(data["step"][1]["@type"], "HowToStep");
    assert_eq!(data["step"][1]["position"], 2);
    assert_eq!(data["step"][1]["name"], "提交");
    assert_eq!(
        data["step"][1]["url"],
        "https://example.org/docs/ch/web.html#step-2"
    );
    let text = data["step"][1]["text"].as_str().unwrap();
    assert!(
        text.contains("</script><!--"),
        "the content's </script> stays inside its string: {text}"
    );
    assert_eq!(
        html.matches("</script>").count(),
        6,
        "only the JSON-LD and the five page scripts (colour scheme, navigation, search, behaviour, offline) close"
    );
}

#[test]
fn sections_may_come_in_any_order() {
    let site = chapter(
        TWO_CHANNELS,
        "## 网页 {#web}\n### 登录\n## APP {#app}\n### 打开\n",
    )
    .site();
    assert!(site.text("x/app.html").unwrap().contains("打开"));
    assert!(site.text("x/web.html").unwrap().contains("登录"));
}

#[test]
fn a_declared_channel_without_a_section_is_an_error() {
    let errors = chapter(TWO_CHANNELS, "## APP {#app}\n### 打开\n").errors();
    assert_reported(
        &errors,
        &[
            "content/x.md:6:",
            "channel `web` has no section",
            "## 网页 {#web}",
        ],
    );
}

#[test]
fn an_undeclared_section_is_an_error() {
    let errors = chapter(
        TWO_CHANNELS,
        "## APP {#app}\n### 打开\n## 网页 {#web}\n### 登录\n## 其他\n### x\n",
    )
    .errors();
    assert_reported(
        &errors,
        &[
            "content/x.md:13:1",
            "`## 其他`",
            "not a declared channel",
            "{#app}",
        ],
    );
}

#[test]
fn a_channel_without_steps_is_an_error() {
    let errors = chapter(
        TWO_CHANNELS,
        "## APP {#app}\n只有介绍。\n## 网页 {#web}\n### 登录\n",
    )
    .errors();
    assert_reported(
        &errors,
        &["content/x.md:9:1", "channel `app` has no steps", "###"],
    );
}

#[test]
fn bad_and_duplicate_channel_ids_are_errors() {
    let errors = chapter(
        "channels:\n  - id: App_1\n    name: A\n  - id: web\n    name: W\n  - id: web\n    name: W2\n",
        "## A {#App_1}\n### s\n## W {#web}\n### s\n",
    )
    .errors();
    assert_reported(
        &errors,
        &["content/x.md:4:", "channel id `App_1` is not allowed"],
    );
    assert_reported(
        &errors,
        &["content/x.md:8:", "channel id `web` is declared twice"],
    );
}

#[test]
fn channel_entries_reject_unknown_keys_and_need_a_name() {
    let errors = chapter(
        "channels:\n  - id: app\n    nmae: APP\n",
        "## APP {#app}\n### s\n",
    )
    .errors();
    assert_reported(
        &errors,
        &[
            "content/x.md:5:",
            "unknown key `nmae`",
            "did you mean `name`?",
        ],
    );
}

#[test]
fn links_to_channels_and_steps_resolve_to_channel_pages() {
    let site = chapter(
        TWO_CHANNELS,
        "见[网页](#web)。\n## APP {#app}\n### 打开 APP\n### 登录账号\n## 网页 {#web}\n### 登录\n",
    )
    .with(
        "content/index.md",
        "---\ntitle: 首页\n---\n[a](x.md#app) [b](x.md#登录账号) [c](x.md#web)\n",
    )
    .site();
    let index = site.text("index.html").unwrap();
    let hrefs = attr_values(index, "href");
    assert!(hrefs.contains(&"x/app.html"));
    assert!(hrefs.contains(&"x/app.html#step-2"));
    assert!(hrefs.contains(&"x/web.html"));
    assert!(site.text("x.html").unwrap().contains("href=\"x/web.html\""));
}

#[test]
fn step_bodies_keep_rich_markdown() {
    let site = chapter(
        TWO_CHANNELS,
        "## APP {#app}\n### 打开\n- 一\n- 二\n\n> [!WARNING]\n> 小心\n\n| a | b |\n|---|---|\n| 1 | 2 |\n## 网页 {#web}\n### 登录\n",
    )
    .site();
    let html = site.text("x/app.html").unwrap();
    assert!(html.contains("<li>一</li>"));
    assert!(html.contains("callout-warning"));
    assert!(html.contains("<table>"));
}

#[test]
fn english_sites_get_english_step_labels() {
    let site = chapter(
        TWO_CHANNELS,
        "## APP {#app}\n### Open\n## 网页 {#web}\n### Log in\n",
    )
    .with("site.yml", "title: Guide\nlanguage: en\n")
    .site();
    assert!(site.text("x/app.html").unwrap().contains("Step 1 of 1"));
}

/// A comparison column whose every cell would be "—" is left out: the guide gives no
/// channel a `time`, so its table has no time column; the fixture gives one, so it does.
#[test]
fn the_comparison_table_has_no_empty_column() {
    let guide = crate::common::default_site(false);
    let html = guide.text("channels.html").unwrap();
    let table = &html[html.find("<table").unwrap()..html.find("</table>").unwrap()];
    assert!(
        !table.contains(">用时<"),
        "an all-empty time column: {table}"
    );
    assert!(table.contains(">联系方式<") && table.contains(">服务时间<"));
    let fixture = crate::common::guide_site();
    let html = fixture.text("ch.html").unwrap();
    let table = &html[html.find("<table").unwrap()..html.find("</table>").unwrap()];
    assert!(table.contains(">用时<"), "{table}");
}
