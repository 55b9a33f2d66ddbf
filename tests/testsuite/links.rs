//! Authors link to sources; the build rewrites those links and rejects broken ones.

use crate::common::{assert_reported, placed, TestSite};

#[test]
fn source_links_are_rewritten_relative_to_each_output_file() {
    let site = crate::common::guide_site();
    let index = site.text("index.html").unwrap();
    assert!(index.contains("href=\"a.html\""));
    assert!(index.contains("href=\"d/bee.html#%E8%81%94%E7%B3%BB%E5%AE%A2%E6%9C%8D\""));
    assert!(
        index.contains("href=\"d/index.html\""),
        "a folder link lands on its index page"
    );
    assert!(
        index.contains("href=\"ch/app.html\""),
        "a channel section lands on its channel page"
    );
    assert!(
        index.contains("href=\"ch/app.html#step-2\""),
        "a step heading lands on its step"
    );
    assert!(index.contains("href=\"#%E6%AC%A2%E8%BF%8E%E6%A0%87%E9%A2%98\""));
    assert!(index.contains("src=\"img/logo.png\""));
    assert!(index.contains("href=\"https://example.org/\""));
    assert!(index.contains("href=\"tel:9510211\""));
    let bee = site.text("d/bee.html").unwrap();
    assert!(bee.contains("href=\"../a.html#custom\""));
    assert!(bee.contains("href=\"../index.html\""));
    let deep = site.text("d/e/deep.html").unwrap();
    assert!(deep.contains("href=\"../../a.html\""));
    assert!(deep.contains("href=\"../bee.html#%E8%81%94%E7%B3%BB%E5%AE%A2%E6%9C%8D\""));
    assert!(
        deep.contains("href=\"../../img/logo.png\""),
        "a root-relative link becomes relative"
    );
    let app = site.text("ch/app.html").unwrap();
    assert!(
        app.contains("href=\"web.html\""),
        "a link inside a channel page lands on the sibling channel"
    );
}

#[test]
fn a_link_to_a_missing_page_is_an_error_at_its_line() {
    let errors = TestSite::minimal()
        .with(
            "content/index.md",
            "---\ntitle: 首页\n---\n第一行\n\n看[这里](nope.md)。\n",
        )
        .errors();
    assert_reported(
        &errors,
        &["content/index.md:6:", "nope.md", "does not exist"],
    );
}

#[test]
fn a_link_to_a_missing_anchor_is_an_error_with_a_suggestion() {
    let errors = TestSite::minimal()
        .with("content/a.md", "---\ntitle: A\n---\n## 联系客服\n")
        .with(
            "content/index.md",
            "---\ntitle: 首页\n---\n[x](a.md#联系客户)\n",
        )
        .errors();
    assert_reported(
        &errors,
        &[
            "content/index.md:4:1",
            "#联系客户",
            "did you mean `#联系客服`?",
        ],
    );
}

#[test]
fn links_to_drafts_and_missing_files_are_errors() {
    let errors = TestSite::minimal()
        .with("content/wip.md", "---\ntitle: W\ndraft: true\n---\n")
        .with(
            "content/index.md",
            "---\ntitle: 首页\n---\n[w](wip.md)\n\n![i](missing.png)\n",
        )
        .errors();
    assert_reported(&errors, &["content/index.md:4:", "draft", "--drafts"]);
    assert_reported(&errors, &["content/index.md:6:", "missing.png"]);
}

#[test]
fn channel_pages_can_be_linked_by_their_output_path() {
    let site = TestSite::fixture("guide")
        .with(
            "content/d/e/deep.md",
            "---\ntitle: 深处\n---\n[第二步](../../ch/app.html#step-2) [网页](/ch/web.html)\n",
        )
        .site();
    let html = site.text("d/e/deep.html").unwrap();
    assert!(html.contains("href=\"../../ch/app.html#step-2\""), "{html}");
    assert!(html.contains("href=\"../../ch/web.html\""));
    let errors = TestSite::fixture("guide")
        .with(
            "content/d/e/deep.md",
            "---\ntitle: 深处\n---\n[x](../../ch/app.html#step-9)\n",
        )
        .errors();
    assert_reported(&errors, &["content/d/e/deep.md:4:1", "#step-9"]);
}

#[test]
fn check_names_the_pages_no_other_page_links_to() {
    let site = TestSite::minimal()
        .with(
            "content/index.md",
            "---\ntitle: 首页\n---\n看[甲](a.md)、[丙](c.html#x)和[应用的第一步](ch/app.html#step-1)。\n\n## x {#x}\n\n[^hidden]: 没人引用的脚注里的[戊](e.md)\n",
        )
        .with(
            "content/ch.md",
            "---\ntitle: 渠道\nchannels:\n  - id: app\n    name: 应用\n---\n## 应用 {#app}\n\n### 打开\n",
        )
        .with(
            "content/a.md",
            "---\ntitle: 甲\n---\n回[首页](index.md)，看[自己](a.md)。\n",
        )
        .with("content/e.md", "---\ntitle: 戊 [其一]\n---\n戊。\n")
        .with(
            "content/b.md",
            "---\ntitle: 乙\n---\n只链到[甲](./a.md)。\n",
        )
        .with("content/c.md", "---\ntitle: 丙\n---\n\n## x {#x}\n")
        .with("content/d/index.md", "---\ntitle: 丁\n---\n[乙](../b.md)\n")
        .with("content/404.md", "---\ntitle: 找不到\n---\n没有这一页。\n");
    let unlinked = placed(&site.site().lints, "no other page links to");
    // `a.md` links only to itself besides the home page; `d/index.md` has no link in;
    // `e.md` only from a footnote no reader sees; `ch.md` by its channel's page; the
    // home page and the not-found page are never advised about.
    assert_eq!(
        unlinked,
        [
            "content/d/index.md:2:1 no other page links to `d/index.md`",
            "content/e.md:2:1 no other page links to `e.md`"
        ]
    );
    let help = site
        .site()
        .lints
        .iter()
        .find_map(|d| d.help.clone().filter(|h| h.contains("e.md")));
    assert!(
        help.unwrap().contains("`[戊 \\[其一\\]](e.md)`"),
        "the title's brackets are escaped"
    );
}

/// A page is linked when a page of its own language links to it: the English home
/// page's link does not lead a Chinese reader anywhere.
#[test]
fn a_link_in_another_language_does_not_count() {
    let site = TestSite::minimal()
        .with("site.yml", "title: T\nlanguages: [zh-CN, en]\n")
        .with("content/index.md", "---\ntitle: 首页\n---\n首页。\n")
        .with("content/index.en.md", "---\ntitle: Home\n---\n[A](a.md)\n")
        .with("content/a.md", "---\ntitle: 甲\n---\n甲。\n")
        .with("content/a.en.md", "---\ntitle: A\n---\nA.\n");
    assert_eq!(
        placed(&site.site().lints, "no other page links to"),
        ["content/a.md:2:1 no other page links to `a.md`"]
    );
}

/// A link to a page's first heading as mdBook books write it (`page.md#<title id>`)
/// lands on the page's `<h1>`, which takes the id its title would get; a body heading
/// that already has that id keeps it.
#[test]
fn a_link_to_the_title_s_id_lands_on_the_page_top() {
    let site = TestSite::minimal()
        .with(
            "content/index.md",
            "---\ntitle: 首页\n---\n见[控制流](flow.md#match-控制流结构)与[重复](same.md#same-title)。\n",
        )
        .with("content/flow.md", "---\ntitle: match 控制流结构\n---\n正文。\n\n## 细节\n")
        .with(
            "content/same.md",
            "---\ntitle: Same title\n---\n## Same title\n\nThe body's own heading.\n",
        )
        .site();
    let flow = site.text("flow.html").unwrap();
    assert!(flow.contains("<h1 id=\"match-控制流结构\">"), "{flow}");
    let home = site.text("index.html").unwrap();
    assert!(
        home.contains("href=\"flow.html#match-%E6%8E%A7%E5%88%B6%E6%B5%81%E7%BB%93%E6%9E%84\"")
            || home.contains("href=\"flow.html#match-控制流结构\""),
        "{home}"
    );
    let same = site.text("same.html").unwrap();
    assert!(
        same.contains("<h1>Same title</h1>"),
        "the body heading keeps its id"
    );
    assert!(same.contains("id=\"same-title\""));
}

/// Inline code in a title (`` `match` 控制流结构 ``, as mdBook books write them) is code in
/// the heading and the sidebar, text in `<title>`, and kept for search results, which
/// show it as code.
#[test]
fn inline_code_in_a_title_is_code_where_it_is_shown() {
    let site = TestSite::minimal()
        .with(
            "content/flow.md",
            "---\ntitle: \"`match` 控制流结构\"\n---\n正文。\n",
        )
        .site();
    let flow = site.text("flow.html").unwrap();
    assert!(
        flow.contains("<title>match 控制流结构 · 最小站点</title>"),
        "{flow}"
    );
    assert!(flow.contains("id=\"match-控制流结构\"><code>match</code> 控制流结构</h1>"));
    assert!(flow.contains("aria-current=\"page\"><code>match</code> 控制流结构</a>"));
    let nav = site.text("assets/nav.js").unwrap();
    assert!(nav.contains("\"`match` 控制流结构\""), "{nav}");
    let doc = site
        .search
        .docs
        .iter()
        .find(|d| d.url == "flow.html")
        .unwrap();
    assert_eq!(doc.title, "`match` 控制流结构");
    let hits = waymark::search::query::search(&site.search, "match");
    assert_eq!(site.search.docs[hits[0].doc as usize].url, "flow.html");
}

/// Footnotes as the parser matches them (names ignoring case), and advice about the
/// ones readers never see or that nothing defines.
#[test]
fn check_advises_about_footnotes_readers_never_see() {
    let page = "---\ntitle: 注\n---\n见注[^Note]，未定义[^nodef]，转义\\[^lit]，`[^code]`。\n\n[^note]: 注的正文。\n\n[^unused]: 没人引用。\n\n[^NOTE]: 同名的第二个定义。\n\n[^note]: 第三个。\n\n空注[^e]。\n\n[^e]:\n";
    let built = TestSite::minimal()
        .with("content/index.md", "---\ntitle: 首页\n---\n[注](n.md)\n")
        .with("content/n.md", page)
        .site();
    let html = built.text("n.html").unwrap();
    assert!(
        html.contains("注的正文。"),
        "a note cited in another case is shown: {html}"
    );
    assert!(!html.contains("第三个"), "{html}");
    let advice = placed(&built.lints, "footnote");
    assert_eq!(
        advice,
        [
            "content/n.md:4:14 footnote `[^nodef]` has no definition, so readers see the brackets as text",
            "content/n.md:8:1 footnote `[^unused]` is never cited, so readers never see it",
            "content/n.md:10:1 footnote `[^note]` is defined again here; only its first definition (line 6) is used",
            "content/n.md:12:1 footnote `[^note]` is defined again here; only its first definition (line 6) is used",
            "content/n.md:16:1 footnote `[^e]` is empty: readers follow its number to nothing",
        ]
    );
    let helps: Vec<&str> = built
        .lints
        .iter()
        .filter(|d| d.message.contains("defined again"))
        .filter_map(|d| d.help.as_deref())
        .collect();
    assert!(
        helps[0].contains("`[^note-2]:`") && helps[1].contains("`[^note-3]:`"),
        "{helps:?}"
    );
}
