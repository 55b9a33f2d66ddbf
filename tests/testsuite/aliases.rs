//! `aliases:` in front matter: a redirect page at each old address of a moved page,
//! relative from where it stands, and every clash an error at the alias.

use crate::common::{attr_values, TestSite};
use waymark::Site;

/// A guide whose pages moved: `guide/x.md` was `a.html` and `old/`; `x.md` was
/// `old/deep/y.html`.
fn moved() -> TestSite {
    TestSite::minimal()
        .with(
            "content/guide/x.md",
            "---\ntitle: 新位置\naliases: [a.html, old/]\n---\n正文。\n",
        )
        .with(
            "content/x.md",
            "---\ntitle: X\naliases:\n  - old/deep/y.html\n---\n正文。\n",
        )
}

/// The output path a relative URL in the file at `from` leads to.
fn resolve(from: &str, url: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in url.split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The refresh URL of a redirect page.
fn refresh_target(site: &Site, alias: &str) -> String {
    let html = site.text(alias).unwrap_or_else(|| panic!("no `{alias}`"));
    let url = html
        .split("content=\"0; url=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no refresh in `{alias}`:\n{html}"));
    url.to_string()
}

#[test]
fn aliases_redirect_relative_to_where_they_stand() {
    let site = moved().site();
    for (alias, url, target) in [
        ("a.html", "guide/x.html", "guide/x.html"),
        ("old/index.html", "../guide/x.html", "guide/x.html"),
        ("old/deep/y.html", "../../x.html", "x.html"),
    ] {
        assert_eq!(refresh_target(&site, alias), url, "{alias}");
        let html = site.text(alias).unwrap();
        assert_eq!(
            attr_values(html, "href"),
            [url, url],
            "the canonical and the visible link of `{alias}`"
        );
        assert_eq!(resolve(alias, url), target);
        assert!(site.files.contains_key(target), "`{alias}` leads nowhere");
    }
}

#[test]
fn a_redirect_page_is_small_valid_html_with_only_the_themes_redirect_script() {
    let site = moved().site();
    let html = site.text("old/deep/y.html").unwrap();
    assert_eq!(
        html,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>X</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url=../../x.html\">\n\
         <link rel=\"canonical\" href=\"../../x.html\">\n\
         <script src=\"../../assets/waymark-redirect.js\"></script>\n</head>\n<body>\n\
         <p><a href=\"../../x.html\">X</a></p>\n</body>\n</html>\n"
    );
}

#[test]
fn with_a_base_url_the_canonical_is_absolute_and_the_sitemap_skips_aliases() {
    let site = moved()
        .with(
            "site.yml",
            "title: 站\nbase_url: https://example.org/help/\n",
        )
        .site();
    let html = site.text("old/deep/y.html").unwrap();
    assert!(
        html.contains(r#"<link rel="canonical" href="https://example.org/help/x.html">"#),
        "{html}"
    );
    assert_eq!(refresh_target(&site, "old/deep/y.html"), "../../x.html");
    let sitemap = site.text("sitemap.xml").unwrap();
    assert!(sitemap.contains("https://example.org/help/guide/x.html"));
    for alias in ["a.html", "old/", "old/index.html", "y.html"] {
        assert!(!sitemap.contains(alias), "the sitemap lists `{alias}`");
    }
}

#[test]
fn a_hostile_title_is_escaped_in_the_redirect() {
    let site = TestSite::minimal()
        .with(
            "content/x.md",
            "---\ntitle: \"</title><script>alert(1)</script>\\\"'&amp;\"\naliases: [old.html]\n---\n正文。\n",
        )
        .site();
    let html = site.text("old.html").unwrap();
    assert!(!html.contains("<script>"), "{html}");
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the theme's: {html}"
    );
    assert!(
        html.contains(
            "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;amp;</title>"
        ),
        "{html}"
    );
    assert_eq!(html.matches("<title>").count(), 1);
}

#[test]
fn every_clash_of_an_alias_is_reported_at_the_alias_in_one_run() {
    let errors = TestSite::minimal()
        .with("content/old.md", "---\ntitle: Old\n---\n")
        .with("content/img.html", "<p>a file</p>\n")
        .with(
            "content/b.md",
            "---\ntitle: B\naliases:\n  - old.html\n  - img.html\n  - b.html\n  - gone.html\n---\n",
        )
        .with("content/c.md", "---\ntitle: C\naliases: [gone.html]\n---\n")
        .errors();
    let placed = placed(&errors);
    assert_eq!(
        placed,
        [
            "content/b.md:4:5 `old.html` would be written twice: by the page `content/old.md` and by an alias in `content/b.md`",
            "content/b.md:5:5 `img.html` would be written twice: by the file `content/img.html` and by an alias in `content/b.md`",
            "content/b.md:6:5 `b.html` would be written twice: by the page `content/b.md` and by an alias in `content/b.md`",
            "content/c.md:3:11 `gone.html` would be written twice: by an alias in `content/b.md` and by an alias in `content/c.md`",
        ]
    );
}

#[test]
fn an_alias_on_a_path_waymark_writes_is_an_error_at_the_alias() {
    let errors = TestSite::minimal()
        .with(
            "content/x.md",
            "---\ntitle: X\naliases: [toc.html, 404.html]\n---\n",
        )
        .errors();
    let placed = placed(&errors);
    assert_eq!(
        placed,
        [
            "content/x.md:3:11 `toc.html` would be written twice: by the contents page and by an alias in `content/x.md`",
            "content/x.md:3:21 `404.html` would be written twice: by the not-found page and by an alias in `content/x.md`",
        ]
    );
}

#[test]
fn bad_aliases_are_all_reported_with_a_fix() {
    let errors = TestSite::minimal()
        .with(
            "content/x.md",
            "---\ntitle: X\naliases: [https://x.org/a.html, ../a.html, a.md, old]\n---\n",
        )
        .errors();
    let placed: Vec<String> = errors
        .iter()
        .map(|e| format!("{}:{} {}", e.line, e.column, e.message))
        .collect();
    assert_eq!(
        placed,
        [
            "3:11 the alias `https://x.org/a.html` is a URL, not a path of this site",
            "3:33 the alias `../a.html` leaves the site with `..`",
            "3:44 the alias `a.md` must end in `.html` or `/`",
            "3:50 the alias `old` must end in `.html` or `/`",
        ]
    );
    assert!(errors.iter().all(|e| e.help.is_some()));
}

/// Each error as `file:line:col message`, in the order reported.
fn placed(errors: &[waymark::Diagnostic]) -> Vec<String> {
    errors
        .iter()
        .map(|e| format!("{}:{}:{} {}", e.file, e.line, e.column, e.message))
        .collect()
}
