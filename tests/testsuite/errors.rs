//! Bad input: every problem reported at its file, line and column, with a fix.

use crate::common::{assert_reported, TestSite};

#[test]
fn unknown_front_matter_keys_suggest_the_right_one() {
    let errors = TestSite::minimal()
        .with("content/a.md", "---\ntitle: A\nordre: 1\n---\n")
        .errors();
    assert_reported(
        &errors,
        &[
            "unknown key `ordre`",
            "content/a.md:3:1",
            "did you mean `order`?",
        ],
    );
}

#[test]
fn front_matter_type_errors_point_at_line_and_column() {
    let errors = TestSite::minimal()
        .with("content/a.md", "---\ntitle: A\norder: first\n---\n")
        .errors();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].file.as_str(), errors[0].line),
        ("content/a.md", 3)
    );
    assert!(errors[0].column > 1, "{}", errors[0]);
}

#[test]
fn broken_yaml_is_located() {
    let errors = TestSite::minimal()
        .with(
            "content/a.md",
            "---\ntitle: A\ndescription: [unclosed\n---\n",
        )
        .errors();
    assert_eq!(errors[0].file, "content/a.md");
    assert!(errors[0].line >= 3, "{}", errors[0]);
}

#[test]
fn missing_front_matter_and_title_are_explained() {
    let errors = TestSite::minimal()
        .with("content/a.md", "# 没有前言\n")
        .with("content/b.md", "---\ndescription: x\n---\n")
        .errors();
    assert_reported(&errors, &["content/a.md:1:1", "front matter", "---"]);
    assert_reported(&errors, &["content/b.md", "`title` is missing"]);
}

#[test]
fn bad_slugs_and_dates_are_rejected() {
    let errors = TestSite::minimal()
        .with(
            "content/a.md",
            "---\ntitle: A\nslug: 投诉\nupdated: 17/11/2024\n---\n",
        )
        .errors();
    assert_reported(&errors, &["content/a.md:3:1", "slug"]);
    assert_reported(&errors, &["content/a.md:4:1", "updated"]);
}

#[test]
fn two_sources_for_one_output_are_an_error() {
    let errors = TestSite::minimal()
        .with("content/a.md", "---\ntitle: A\n---\n")
        .with("content/b.md", "---\ntitle: B\nslug: a\n---\n")
        .errors();
    assert_reported(
        &errors,
        &[
            "`a.html` would be written twice",
            "content/a.md",
            "content/b.md",
        ],
    );
}

#[test]
fn unknown_site_settings_are_errors() {
    let errors = TestSite::minimal()
        .with("site.yml", "title: X\nbaseurl: https://x.org\n")
        .errors();
    assert_reported(
        &errors,
        &[
            "site.yml:2:1",
            "unknown key `baseurl`",
            "did you mean `base_url`?",
        ],
    );
}

#[test]
fn a_site_without_a_home_page_is_an_error() {
    let site = TestSite::empty()
        .with("site.yml", "title: X\n")
        .with("content/a.md", "---\ntitle: A\n---\n");
    assert_reported(&site.errors(), &["content/index.md", "home page"]);
}

#[test]
fn every_problem_is_reported_in_one_run_sorted_by_file() {
    let errors = TestSite::minimal()
        .with(
            "content/b.md",
            "---\ntitle: B\ncolour: red\n---\n[y](yyy.md)\n",
        )
        .with("content/a.md", "---\ntitel: A\n---\n")
        .with(
            "content/c.md",
            "---\ntitle: C\n---\n[x](zzz.md)\n\n[a](a.md)\n\n[n](#nope)\n",
        )
        .errors();
    let at: Vec<(&str, usize)> = errors.iter().map(|e| (e.file.as_str(), e.line)).collect();
    assert_eq!(
        at,
        [
            ("content/a.md", 2),
            ("content/b.md", 3),
            ("content/c.md", 4),
            ("content/c.md", 8)
        ],
        "{errors:#?}"
    );
}

#[test]
fn duplicate_explicit_heading_ids_are_errors() {
    let errors = TestSite::minimal()
        .with(
            "content/a.md",
            "---\ntitle: A\n---\n## One {#x}\n\n## Two {#x}\n",
        )
        .errors();
    assert_reported(&errors, &["content/a.md:6:1", "`#x`"]);
}

#[test]
fn numbers_are_fine_as_titles_but_lists_are_not() {
    let site = TestSite::minimal()
        .with("content/a.md", "---\ntitle: 2024\n---\n")
        .site();
    assert!(site
        .text("a.html")
        .unwrap()
        .contains("<h1 id=\"2024\">2024</h1>"));
    let errors = TestSite::minimal()
        .with("content/a.md", "---\ntitle: [a, b]\n---\n")
        .errors();
    assert_eq!(
        (errors[0].file.as_str(), errors[0].line),
        ("content/a.md", 2),
        "{}",
        errors[0]
    );
}

#[test]
fn files_that_are_not_utf8_are_reported() {
    let site = TestSite::minimal();
    std::fs::write(
        site.root().join("content/bad.md"),
        b"---\ntitle: x\n---\n\xff\xfe\n",
    )
    .unwrap();
    let errors = site.errors();
    assert!(
        errors
            .iter()
            .any(|e| e.file == "content/bad.md" && e.message.contains("UTF-8") && e.line == 4),
        "{errors:?}"
    );
}
