//! What a page's text becomes: bare URLs turn into links that pass the scheme policy
//! and `check`, and every word a reader sees, footnotes included, can be searched.

use std::process::Output;

use crate::common::{attr_values, TestSite};

/// A one-page site whose home page has `body` as its text.
fn page(body: &str) -> TestSite {
    TestSite::minimal().with(
        "content/index.md",
        &format!("---\ntitle: 首页\ndescription: 测试页\n---\n{body}"),
    )
}

/// The lines `waymark search QUERY` prints, one per result and its details.
fn search(site: &TestSite, query: &str) -> String {
    let out = site.cli(&["search", query]);
    assert!(out.status.success(), "{}", shown(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn shown(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The first result's line: ` 1. <title>  (<url>)`.
fn first_result(site: &TestSite, query: &str) -> String {
    let found = search(site, query);
    let first = found.lines().next().unwrap_or_default().to_string();
    assert!(
        first.starts_with(" 1. "),
        "`{query}` finds nothing:\n{found}"
    );
    first
}

/// The `href`s of the links in the home page's `<main>`.
fn hrefs_in_main(site: &TestSite) -> Vec<String> {
    let html = String::from_utf8(site.site().files["index.html"].clone()).unwrap();
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    attr_values(main, "href")
        .into_iter()
        .filter(|h| !h.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn footnote_words_are_found_with_the_section_that_cites_them() {
    let site = page(
        "开头没有脚注。\n\n## 退货规则\n\n七天内可以退货[^days]。\n\n## 年龄\n\n未成年人需要家长同意[^age]。\n\n\
         [^days]: Returns are refunded within 7 days.\n[^age]: Anyone under 16 needs a parent.\n",
    );
    let refunded = first_result(&site, "refunded");
    assert!(
        refunded.contains("(index.html#退货规则)"),
        "the footnote lands with the section citing it: {refunded}"
    );
    let under = first_result(&site, "under 16");
    assert!(under.contains("(index.html#年龄)"), "{under}");
}

#[test]
fn footnote_words_on_a_channel_page_are_found_with_the_step_that_cites_them() {
    let site = TestSite::minimal().with(
        "content/ch.md",
        "---\ntitle: 渠道\ndescription: 两个渠道\nchannels:\n  - id: app\n    name: 天猫APP\n    summary: 在APP里\n  \
         - id: web\n    name: 网页\n    summary: 在网页上\n---\n介绍。\n\n## 天猫APP {#app}\n\n### 打开APP\n\n打开。\n\n\
         ### 申请退款\n\n提交申请[^refund]。\n\n## 网页 {#web}\n\n### 登录\n\n登录网页。\n\n\
         [^refund]: Money is refunded within 7 days.\n",
    );
    let first = first_result(&site, "refunded");
    assert!(
        first.contains("(ch/app.html#step-2)"),
        "found on the channel page that lists the footnote, at its step: {first}"
    );
    let found = search(&site, "refunded");
    assert!(!found.contains(" 2. "), "found once only: {found}");
}

#[test]
fn bare_urls_become_links_with_trailing_punctuation_left_out() {
    let site = page(
        "see https://example.org/x. Or (https://example.org/a_(b)) and https://example.org/q?a=1, \
         then www.example.com! 最后 https://example.org/end;\n",
    );
    assert_eq!(
        hrefs_in_main(&site),
        [
            "https://example.org/x",
            "https://example.org/a_(b)",
            "https://example.org/q?a=1",
            "http://www.example.com",
            "https://example.org/end",
        ]
    );
}

#[test]
fn bare_urls_stop_at_chinese_text() {
    let site = page("访问https://example.org查看详情，或者打开www.example.com。\n");
    assert_eq!(
        hrefs_in_main(&site),
        ["https://example.org", "http://www.example.com"]
    );
}

#[test]
fn urls_in_code_and_in_links_are_not_linked_again() {
    let site = page(
        "`https://code.example.org` and\n\n```\nhttps://block.example.org\n```\n\n\
         [the site https://inner.example.org](https://outer.example.org) <https://angle.example.org>\n",
    );
    assert_eq!(
        hrefs_in_main(&site),
        ["https://outer.example.org", "https://angle.example.org"]
    );
}

#[test]
fn text_that_only_looks_like_a_link_is_never_linked() {
    let site = page(
        "javascript:alert(1) and vbscript:x and data:text/html,hi and //evil.example.org \
         and xhttps://glued.example.org and http://localhost and www.nodot\n",
    );
    assert_eq!(hrefs_in_main(&site), Vec::<String>::new());
}

#[test]
fn check_warns_about_a_bare_http_url_at_its_line_and_column() {
    let site = page("第一行。\n\n说明见 http://example.org/rules 和 https://example.org/ok。\n");
    let out = site.cli(&["check"]);
    let text = shown(&out);
    assert!(
        text.contains("the link `http://example.org/rules` uses plain `http:`"),
        "{text}"
    );
    // The body starts on line 5 of the file; the URL is on its third line, after `说明见 `.
    assert!(text.contains("content/index.md:7:5"), "{text}");
    assert!(!text.contains("https://example.org/ok` uses"), "{text}");
}

/// HTML comments, notes to authors in Markdown from other tools, never reach readers;
/// other raw HTML shows as text, and `check` says so once per page.
#[test]
fn html_comments_are_dropped_and_raw_html_draws_advice() {
    let site = TestSite::minimal().with(
        "content/p.md",
        "---\ntitle: P\ndescription: d\n---\n正文<!-- 给作者 -->继续。\n\n<!--\n多行的\n注释\n-->\n\n<span>原样</span>\n",
    );
    let built = site.site();
    let html = built.text("p.html").unwrap();
    assert!(
        !html.contains("给作者") && !html.contains("多行的"),
        "{html}"
    );
    assert!(html.contains("正文继续。"));
    assert!(html.contains("&lt;span&gt;原样&lt;/span&gt;"));
    let advice: Vec<&waymark::Diagnostic> = built
        .lints
        .iter()
        .filter(|d| d.message.contains("raw HTML"))
        .collect();
    assert_eq!(advice.len(), 1, "{:?}", built.lints);
    assert_eq!(
        advice[0].message,
        "2 pieces of raw HTML will show as text, the first here"
    );
    assert_eq!((advice[0].line, advice[0].column), (12, 1));
    assert!(!built.search.docs.iter().any(|d| d.title.contains("给作者")));
}
