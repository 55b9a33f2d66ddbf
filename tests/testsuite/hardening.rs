//! Hardening: what a careless or hostile author can put in a site folder, and what the
//! build makes of it.

use std::fs;
use std::os::unix::ffi::OsStrExt;

use crate::common::{assert_reported, TestSite};

#[test]
fn assets_are_published_byte_for_byte_even_when_not_utf8() {
    let css = b"body { color: red; }\n\xff\xfe /* not UTF-8 */\n";
    let site = TestSite::minimal();
    fs::write(site.root().join("content/odd.css"), css).unwrap();
    fs::write(
        site.root().join("content/plain.css"),
        b"a {  color : blue ; }\n",
    )
    .unwrap();
    fs::create_dir_all(site.root().join("theme/static")).unwrap();
    fs::write(site.root().join("theme/static/extra.css"), css).unwrap();
    let built = site
        .build_with(false, true)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(built.files["odd.css"], css);
    assert_eq!(
        built.files["plain.css"], b"a {  color : blue ; }\n",
        "content is never minified"
    );
    assert_eq!(built.files["assets/extra.css"], css);
}

#[test]
fn symlinks_that_leave_the_site_are_refused_in_every_source_folder() {
    let outside = TestSite::empty().with("secret.json", "{\"anchor\": \"stolen\"}\n");
    let site = TestSite::minimal();
    let secret = outside.root().join("secret.json");
    fs::create_dir_all(site.root().join("theme/i18n")).unwrap();
    fs::create_dir_all(site.root().join("theme/static")).unwrap();
    std::os::unix::fs::symlink(&secret, site.root().join("content/leak.txt")).unwrap();
    std::os::unix::fs::symlink(&secret, site.root().join("theme/i18n/zh-CN.json")).unwrap();
    std::os::unix::fs::symlink(&secret, site.root().join("theme/static/leak.css")).unwrap();
    let errors = site.errors();
    for file in [
        "content/leak.txt",
        "theme/i18n/zh-CN.json",
        "theme/static/leak.css",
    ] {
        assert_reported(
            &errors,
            &[file, "symbolic link leads outside the site folder"],
        );
    }
}

#[test]
fn symlinks_inside_the_site_are_followed() {
    let site = TestSite::minimal().with("shared/logo.txt", "logo\n");
    std::os::unix::fs::symlink(
        site.root().join("shared/logo.txt"),
        site.root().join("content/logo.txt"),
    )
    .unwrap();
    assert_eq!(site.site().files["logo.txt"], b"logo\n");
}

#[test]
fn a_file_name_that_is_not_utf8_is_named_relative_to_the_site() {
    let site = TestSite::minimal();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    fs::write(
        site.root().join("content").join(name),
        "---\ntitle: x\n---\n",
    )
    .unwrap();
    let errors = site.errors();
    assert_eq!(errors[0].file, "content/caf\u{fffd}.md", "{}", errors[0]);
    assert!(errors[0].message.contains("not valid UTF-8"));
}

#[test]
fn a_content_404_page_replaces_the_themes() {
    let site = TestSite::minimal()
        .with(
            "content/404.md",
            "---\ntitle: 找不到\n---\n试试[首页](index.md)。\n",
        )
        .site();
    let html = site.text("404.html").unwrap();
    assert!(html.contains("试试"), "{html}");
}

#[test]
fn email_autolinks_become_mailto_and_file_fragments_stay() {
    let site = TestSite::minimal()
        .with("content/files/guide.pdf", "%PDF\n")
        .with(
            "content/a.md",
            "---\ntitle: A\n---\n写信 <help@example.org>，或看[第 2 页](files/guide.pdf#page=2)。\n",
        )
        .site();
    let html = site.text("a.html").unwrap();
    assert!(html.contains("href=\"mailto:help@example.org\""), "{html}");
    assert!(html.contains("href=\"files/guide.pdf#page=2\""), "{html}");
}

#[test]
fn footnotes_of_a_channel_are_defined_on_its_own_page() {
    let site = TestSite::minimal()
        .with(
            "content/ch.md",
            "---\ntitle: 渠道\nchannels:\n  - id: app\n    name: APP\n  - id: web\n    name: 网页\n---\n\
             ## APP {#app}\n\n### 一\n\n见注[^a]。\n\n## 网页 {#web}\n\n### 二\n\n见注[^b]。\n\n[^a]: 注释甲\n\n[^b]: 注释乙\n",
        )
        .site();
    let app = site.text("ch/app.html").unwrap();
    let web = site.text("ch/web.html").unwrap();
    assert!(app.contains("注释甲") && !app.contains("注释乙"), "{app}");
    assert!(web.contains("注释乙") && !web.contains("注释甲"), "{web}");
    for html in [app, web] {
        assert!(html.contains("href=\"#fn-1\"") && html.contains("id=\"fn-1\""));
    }
}

#[test]
fn english_sites_get_english_punctuation() {
    let site = TestSite::minimal()
        .with("site.yml", "title: Guide\nlanguage: en\n")
        .with(
            "content/ch.md",
            "---\ntitle: Ways\nchannels:\n  - id: app\n    name: App\n---\n## App {#app}\n\n### Open it\n",
        )
        .site();
    for page in ["ch.html", "ch/app.html"] {
        let html = site.text(page).unwrap();
        assert!(!html.contains('：'), "{page} has a Chinese colon");
    }
    assert!(site
        .text("ch/app.html")
        .unwrap()
        .contains("<title>Ways: App · Guide</title>"));
}

#[test]
fn windows_device_names_build_with_a_warning() {
    let site = TestSite::minimal().with("content/con.md", "---\ntitle: Con\n---\n");
    let built = site.site();
    assert!(built.files.contains_key("con.html"));
    assert_eq!(built.warnings.len(), 1);
    assert!(built.warnings[0]
        .to_string()
        .starts_with("warning: `con.html` cannot be created on Windows"));
    let out = site.cli(&["build"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning: `con.html`"));
}

#[test]
fn a_template_error_is_reported_once_not_once_per_page() {
    let site = TestSite::minimal()
        .with("content/a.md", "---\ntitle: A\n---\n")
        .with("content/b.md", "---\ntitle: B\n---\n")
        .with(
            "theme/templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{{ page.nothing | upper }}\n{% endblock main %}\n",
        );
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, "theme/templates/page.html");
    assert_eq!(errors[0].line, 3);
}

#[test]
fn suggestions_do_not_depend_on_the_run() {
    let site = TestSite::minimal()
        .with("content/ab.md", "---\ntitle: AB\n---\n")
        .with("content/ac.md", "---\ntitle: AC\n---\n")
        .with("content/ad.md", "---\ntitle: AD\n---\n")
        .with("content/x.md", "---\ntitle: X\n---\n[y](ae.md)\n");
    let first = site.errors()[0].to_string();
    for _ in 0..5 {
        assert_eq!(site.errors()[0].to_string(), first);
    }
    assert!(first.contains("did you mean `ab.md`?"), "{first}");
}

#[test]
fn scheme_like_and_odd_file_names_are_linked_safely_everywhere() {
    let site = TestSite::minimal()
        .with("site.yml", "title: T\nbase_url: https://example.org/g/\n")
        .with(
            "content/javascript:alert(1).md",
            "---\ntitle: J\norder: 1\n---\n",
        )
        .with("content/a b#c?d%e.md", "---\ntitle: Odd\norder: 2\n---\n")
        .with("content/投诉.md", "---\ntitle: 投诉\norder: 3\n---\n")
        .site();
    let home = site.text("index.html").unwrap();
    assert!(
        home.contains("href=\"./javascript:alert(1).html\""),
        "{home}"
    );
    assert!(home.contains("href=\"a%20b%23c%3Fd%25e.html\""), "{home}");
    assert!(!home.contains("href=\"javascript:"));
    let urls: Vec<&str> = site.search.docs.iter().map(|d| d.url.as_str()).collect();
    assert!(urls.contains(&"./javascript:alert(1).html"), "{urls:?}");
    assert!(urls.contains(&"a%20b%23c%3Fd%25e.html"), "{urls:?}");
    let sitemap = site.text("sitemap.xml").unwrap();
    assert!(
        sitemap.contains("<loc>https://example.org/g/%E6%8A%95%E8%AF%89.html</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://example.org/g/a%20b%23c%3Fd%25e.html</loc>"));
}

#[test]
fn yaml_aliases_and_nul_bytes_are_reported_on_their_own_line() {
    let errors = TestSite::minimal()
        .with("content/a.md", "---\ntitle: &t 标题\norder: *t\n---\n")
        .with("content/b.md", "---\ntitle: A\ndescription: *nope\n---\n")
        .with("content/c.md", "---\ntitle: A\n\ndescription: x\0y\n---\n")
        .errors();
    let at: Vec<(String, usize)> = errors.iter().map(|e| (e.file.clone(), e.line)).collect();
    assert_eq!(
        at,
        [
            ("content/a.md".into(), 3),
            ("content/b.md".into(), 3),
            ("content/c.md".into(), 4)
        ],
        "{errors:#?}"
    );
}
