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
