//! The URL contract, escaping and determinism of a whole site. What each page kind
//! looks like (its furniture, the Markdown extensions) is in `snapshots.rs`.

use crate::common::{attr_values, TestSite};

/// Every output path of the fixture is in `tests/snapshots/guide/files.txt`; these are
/// the rules behind the list.
#[test]
fn sources_map_to_the_documented_output_paths() {
    let site = crate::common::guide_site();
    assert!(site.files.contains_key("d/bee.html"));
    assert!(
        !site.files.contains_key("d/b.html"),
        "a slug replaces the file stem"
    );
    assert!(!site.files.contains_key("wip.html"), "drafts are left out");
    assert_eq!(
        site.files["img/logo.png"],
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/guide/content/img/logo.png"
        ))
        .unwrap(),
        "a file beside the pages is copied as it is"
    );
}

#[test]
fn drafts_are_published_with_the_flag() {
    let site = TestSite::fixture("guide").build_with(true, false).unwrap();
    assert!(site.text("wip.html").unwrap().contains("尚未完成"));
}

#[test]
fn content_is_escaped_everywhere_it_lands() {
    let site = crate::common::guide_site();
    assert!(site.files.contains_key("escape.html"));
    for (path, bytes) in &site.files {
        if path.ends_with(".html") {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.contains("<script>alert"),
                "{path} carries a script from content"
            );
            assert!(
                !text.contains("<img src=x"),
                "{path} carries markup from content"
            );
        }
    }
    let web = site.text("ch/web.html").unwrap();
    assert!(
        web.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "raw HTML in Markdown shows as text"
    );
}

#[test]
fn same_input_gives_identical_bytes() {
    let a = TestSite::fixture("guide").build_with(false, true).unwrap();
    let b = TestSite::fixture("guide").build_with(false, true).unwrap();
    assert_eq!(a, b);
}

/// The command streams files into its staging folder; tests and `serve` build in
/// memory. Both go through one writer and must hold the same bytes.
#[test]
fn the_published_folder_holds_exactly_the_in_memory_site() {
    let site = TestSite::fixture("guide");
    let memory = site.build_with(false, true).unwrap();
    let out = site.cli(&["build", "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = site.root().join("public");
    let mut on_disk = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&public).unwrap();
            on_disk.insert(
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    assert!(on_disk.remove(waymark::output::MARKER).is_some());
    assert_eq!(
        on_disk.keys().collect::<Vec<_>>(),
        memory.files.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &memory.files {
        assert!(&on_disk[path] == bytes, "{path} differs");
    }
}

#[test]
fn minified_output_is_smaller_and_keeps_the_json_ld() {
    let site = TestSite::fixture("guide");
    let plain = site.build_with(false, false).unwrap();
    let small = site.build_with(false, true).unwrap();
    let plain_len: usize = plain.files.values().map(Vec::len).sum();
    let small_len: usize = small.files.values().map(Vec::len).sum();
    assert!(small_len < plain_len, "{small_len} >= {plain_len}");
    let html = small.text("ch/app.html").unwrap();
    let start = html.find("application/ld+json").unwrap();
    let json = &html[html[start..].find('>').unwrap() + start + 1..];
    let json = &json[..json.find("</script>").unwrap()];
    let value: serde_json::Value =
        serde_json::from_str(json).expect("JSON-LD parses after minification");
    assert_eq!(value["@type"], "HowTo");
}

#[test]
fn sitemap_and_robots_need_a_base_url() {
    let site = crate::common::guide_site();
    // The fixture's sitemap, under its `base_url`, is in the snapshots.
    assert!(site.files.contains_key("sitemap.xml"));
    assert!(
        !site.files.contains_key("robots.txt"),
        "crawlers read robots.txt only at the domain root, not under /docs/"
    );
    let at_root = TestSite::minimal()
        .with("site.yml", "title: T\nbase_url: https://example.org\n")
        .site();
    assert!(at_root
        .text("robots.txt")
        .unwrap()
        .contains("Sitemap: https://example.org/sitemap.xml"));
    let minimal = TestSite::minimal().site();
    assert!(!minimal.files.contains_key("sitemap.xml"));
    assert!(!minimal.files.contains_key("robots.txt"));
    assert!(minimal.files.contains_key("404.html"));
}

#[test]
fn a_site_theme_overrides_single_files() {
    let site = TestSite::fixture("guide")
        .with("theme/templates/page.html", "{% extends \"base.html\" %}{% block main %}<p class=\"mine\">{{ page.title }}</p>{% endblock main %}")
        .with("theme/static/waymark.css", "body{color:red}")
        .with("theme/static/extra.txt", "added")
        .site();
    assert!(site
        .text("a.html")
        .unwrap()
        .contains("<p class=\"mine\">第一页</p>"));
    assert!(
        site.text("a.html").unwrap().contains("class=\"skip-link\""),
        "base.html still comes from the default theme"
    );
    assert_eq!(site.text("assets/waymark.css").unwrap(), "body{color:red}");
    assert_eq!(site.text("assets/extra.txt").unwrap(), "added");
    assert!(
        site.text("ch/app.html")
            .unwrap()
            .contains("class=\"steps\""),
        "other templates stay default"
    );
}

#[test]
fn ui_strings_follow_the_site_language() {
    let site = TestSite::minimal()
        .with("site.yml", "title: Guide\nlanguage: en\n")
        .site();
    let html = site.text("index.html").unwrap();
    assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(html.contains("Skip to content"));
}

#[test]
fn a_page_lists_its_own_section_and_the_shared_script_holds_the_rest() {
    let mut site = TestSite::minimal();
    for (section, pages) in [("a", 30), ("b", 30), ("c", 45)] {
        site = site.with(
            &format!("content/{section}/index.md"),
            &format!("---\ntitle: Section {section}\n---\n"),
        );
        for i in 0..pages {
            site = site.with(
                &format!("content/{section}/p{i}.md"),
                &format!("---\ntitle: {section} page {i}\norder: {i}\n---\n"),
            );
        }
    }
    let built = site.site();
    let html = built.text("a/p3.html").unwrap();
    let nav = &html[html.find("id=\"sidebar\"").unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    assert!(nav.contains("a page 29"), "own section listed");
    assert!(
        !nav.contains("b page"),
        "other sections are not in the page"
    );
    assert!(nav.contains("aria-current=\"page\">a page 3<"));
    assert!(nav.contains("href=\"../toc.html\""), "a link to every page");
    let big = built.text("c/p3.html").unwrap();
    let nav = &big[big.find("id=\"sidebar\"").unwrap()..];
    assert!(
        !nav[..nav.find("</nav>").unwrap()].contains("c page 40"),
        "a long section is left to the script"
    );
    let script = built.text("assets/nav.js").unwrap();
    for title in ["Section b", "b page 29", "c page 44"] {
        assert!(script.contains(title), "{title} in the shared navigation");
    }
    let toc = built.text("toc.html").unwrap();
    assert!(
        toc.contains("href=\"c/p44.html\""),
        "the contents page lists every page"
    );
}

#[test]
fn links_in_the_output_are_relative_file_paths() {
    let site = crate::common::guide_site();
    for (path, bytes) in &site.files {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for attr in ["href", "src"] {
            for value in attr_values(&html, attr) {
                let external = matches!(
                    waymark::paths::classify(value, waymark::paths::LinkKind::Link),
                    waymark::paths::Destination::External(_)
                );
                if value.starts_with('#') || external {
                    continue;
                }
                assert!(!value.starts_with('/'), "{path}: absolute link {value}");
                let file = value.split('#').next().unwrap();
                assert!(
                    !file.ends_with('/') && !file.is_empty(),
                    "{path}: folder link {value}"
                );
                let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
                let target =
                    waymark::paths::join(dir, &waymark::paths::percent_decode(file)).unwrap();
                assert!(
                    site.files.contains_key(&target),
                    "{path}: {value} -> {target} does not exist"
                );
            }
        }
    }
}

#[test]
fn the_default_complaint_guide_builds_cleanly() {
    let site = crate::common::default_site(true);
    for channel in [
        "app",
        "web",
        "hotline",
        "online-chat",
        "hotline-12315",
        "platform-12315",
    ] {
        let page = format!("channels/{channel}.html");
        assert!(site.files.contains_key(&page), "missing {page}");
    }
    let hotline = site.text("channels/hotline.html").unwrap();
    assert!(hotline.contains("href=tel:9510211") || hotline.contains("href=\"tel:9510211\""));
    let hotline_12315 = site.text("channels/hotline-12315.html").unwrap();
    assert!(
        hotline_12315.contains("上午 8:30–12:00")
            && hotline_12315.contains("下午 2:00–5:30")
            && hotline_12315.contains("人工客服"),
        "the hours as the source gives them, for the human service"
    );
}

#[test]
fn navigation_reaches_deeply_nested_pages() {
    let site = TestSite::minimal()
        .with("content/a/index.md", "---\ntitle: A\n---\n")
        .with("content/a/b/index.md", "---\ntitle: B\n---\n")
        .with("content/a/b/c/index.md", "---\ntitle: C\n---\n")
        .with("content/a/b/c/d/deepest.md", "---\ntitle: 最深处\n---\n")
        .site();
    let html = site.text("a/b/c/d/deepest.html").unwrap();
    let nav = &html[html.find("id=\"sidebar\"").unwrap()..];
    assert!(
        nav.contains("aria-current=\"page\">最深处<"),
        "the current page is in the sidebar at any depth"
    );
    let crumbs = &html[html.find("class=\"breadcrumbs\"").unwrap()..];
    assert!(crumbs.contains(">C<") && crumbs.contains(">B<") && crumbs.contains(">A<"));
    let toc = site.text("toc.html").unwrap();
    assert!(toc.contains("href=\"a/b/c/d/deepest.html\""));
}

#[test]
fn every_page_has_a_meta_description() {
    let site = TestSite::minimal()
        .with(
            "content/a.md",
            "---\ntitle: A\n---\n没有写描述的页面，第一句话就是它的描述。后面还有更多内容。\n",
        )
        .site();
    assert!(site.text("a.html").unwrap().contains("<meta name=\"description\" content=\"没有写描述的页面，第一句话就是它的描述。后面还有更多内容。\">"));
    let fixture = crate::common::guide_site();
    for (path, bytes) in fixture.files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            html.contains("<meta name=\"description\" content=\"")
                && !html.contains("content=\"\">"),
            "{path}"
        );
    }
}
