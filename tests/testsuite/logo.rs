//! `logo:` in `site.yml`: an image of the site's own in every page's header.

use crate::common::{assert_reported, TestSite};

fn with_logo(logo: &str) -> TestSite {
    TestSite::minimal()
        .with("site.yml", &format!("title: 指南\nlogo: {logo}\n"))
        .with(
            "content/img/标志.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .with("content/d/b.md", "---\ntitle: B\n---\nB.\n")
}

#[test]
fn the_logo_is_in_every_header_relative_to_the_page() {
    let site = with_logo("img/标志.svg").site();
    let html = |path: &str| String::from_utf8(site.files[path].clone()).unwrap();
    let img = "class=\"site-logo\"";
    let home = html("index.html");
    assert!(
        home.contains("src=\"img/%E6%A0%87%E5%BF%97.svg\""),
        "{home}"
    );
    assert!(home.contains(img));
    let nested = html("d/b.html");
    assert!(nested.contains("src=\"../img/%E6%A0%87%E5%BF%97.svg\""));
    // The image is the site's own file, copied with the other assets.
    assert!(site.files.contains_key("img/标志.svg"));
    // Every page Waymark writes itself carries it too.
    for page in ["toc.html", "404.html"] {
        assert!(html(page).contains(img), "{page}");
    }
    // Without a logo, no image and no empty attribute.
    let plain = TestSite::minimal().site();
    let home = String::from_utf8(plain.files["index.html"].clone()).unwrap();
    assert!(!home.contains("site-logo"));
}

#[test]
fn a_logo_that_is_not_the_sites_own_image_is_an_error_at_its_line() {
    assert_reported(
        &with_logo("img/标志.sv").errors(),
        &["site.yml:2:1", "the logo `img/标志.sv` is not an image"],
    );
    assert_reported(
        &with_logo("img/标识.svg").errors(),
        &[
            "site.yml:2:1",
            "is not a file under `content/`",
            "did you mean `logo: img/标志.svg`?",
        ],
    );
    assert_reported(
        &with_logo("https://cdn.example.org/logo.svg").errors(),
        &["site.yml:2:1", "is on another site", "works offline"],
    );
}
