//! The files a hosted guide is read offline from (`offline:` in `site.yml`): what a
//! build writes, what the manifest says of every file, and the settings' errors. The
//! worker itself is tried in Chromium (`browser/offline.rs`).

use serde_json::Value;
use waymark::paths::{FILE_MANIFEST, WORKER};

use crate::common::TestSite;

fn manifest(site: &waymark::Site) -> Value {
    serde_json::from_slice(&site.files[FILE_MANIFEST]).expect("the manifest is JSON")
}

/// A PNG of `width`×`height` pixels of one colour.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_image_data(&[20, 120, 60].repeat((width * height) as usize))
        .unwrap();
    drop(writer);
    out
}

#[test]
fn the_manifest_lists_every_file_with_its_size_and_hash() {
    let site = crate::common::default_site(true);
    let m = manifest(site);
    let files = m["files"].as_object().unwrap();
    for (path, bytes) in &site.files {
        if path == FILE_MANIFEST || path == WORKER {
            assert!(!files.contains_key(path), "{path} lists itself");
            continue;
        }
        let entry = &files[path];
        assert_eq!(entry[0], bytes.len(), "{path}");
        assert_eq!(entry[1], waymark::output::content_hash(bytes), "{path}");
    }
    assert_eq!(files.len(), site.files.len() - 2);
    assert_eq!(m["whole"], true, "the complaint guide is saved whole");
    let total: u64 = files.values().map(|e| e[0].as_u64().unwrap()).sum();
    assert_eq!(m["bytes"], total);
    assert!(total < 600_000, "{total}");
    // Each language has its offline page and app manifest; the pages are what a
    // reader reads: no redirects, no not-found or offline page.
    for path in [
        "offline.html",
        "en/offline.html",
        "manifest.webmanifest",
        "en/manifest.webmanifest",
    ] {
        assert!(files.contains_key(path), "{path}");
    }
    let pages: Vec<&str> = m["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(pages.contains(&"channels/app.html") && pages.contains(&"en/channels/app.html"));
    assert!(!pages
        .iter()
        .any(|p| p.ends_with("404.html") || p.ends_with("offline.html")));
    // The worker carries the build's version.
    let worker = String::from_utf8_lossy(&site.files[WORKER]);
    assert!(worker.contains(m["version"].as_str().unwrap()));
}

#[test]
fn the_worker_and_its_registration_stay_within_six_kilobytes() {
    let site = crate::common::default_site(true);
    let worker = site.files[WORKER].len();
    let registration = site.files["assets/waymark-offline.js"].len();
    eprintln!("worker {worker} bytes, registration {registration} bytes");
    assert!(
        worker + registration <= 6 * 1024,
        "{worker} + {registration}"
    );
    // Every page registers through the one script, after the others.
    let home = String::from_utf8_lossy(&site.files["index.html"]).into_owned();
    assert!(home.contains("assets/waymark-offline.js"));
    assert!(home.contains("rel=manifest"));
}

#[test]
fn a_build_changes_the_version_and_only_the_hashes_of_what_changed() {
    let site = TestSite::fixture("guide");
    let before = site.build_with(false, true).unwrap();
    let again = site.build_with(false, true).unwrap();
    assert_eq!(
        before.files[FILE_MANIFEST], again.files[FILE_MANIFEST],
        "deterministic"
    );
    assert_eq!(before.files[WORKER], again.files[WORKER]);
    let d = std::fs::read_to_string(site.root().join("content/d/e/deep.md")).unwrap();
    site.write("content/d/e/deep.md", &format!("{d}\n新的一句。\n"));
    let after = site.build_with(false, true).unwrap();
    let (old, new) = (manifest(&before), manifest(&after));
    assert_ne!(old["version"], new["version"]);
    assert_ne!(
        before.files[WORKER], after.files[WORKER],
        "a new build, a new worker"
    );
    let changed: Vec<&String> = new["files"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(path, entry)| old["files"][path.as_str()] != **entry)
        .map(|(path, _)| path)
        .collect();
    assert!(
        changed.contains(&&"d/e/deep.html".to_string()),
        "{changed:?}"
    );
    assert!(
        !changed.contains(&&"assets/waymark.css".to_string()),
        "{changed:?}"
    );
    assert!(!changed.contains(&&"a.html".to_string()), "{changed:?}");
}

#[test]
fn offline_false_writes_no_worker_manifest_icons_or_offline_page() {
    let site = TestSite::fixture("guide");
    let yml = std::fs::read_to_string(site.root().join("site.yml")).unwrap();
    site.write("site.yml", &format!("{yml}\noffline: false\n"));
    let built = site.build_with(false, true).unwrap();
    for path in built.files.keys() {
        assert!(
            !(path.contains("icon-")
                || path.contains("waymark-offline")
                || path.ends_with("offline.html")
                || path.ends_with(".webmanifest")
                || path == WORKER
                || path == FILE_MANIFEST),
            "{path} written with offline: false"
        );
    }
    let home = String::from_utf8_lossy(&built.files["index.html"]).into_owned();
    assert!(
        !home.contains("waymark-offline") && !home.contains("rel=manifest"),
        "{home}"
    );
}

#[test]
fn a_site_over_its_budget_offers_its_chapters() {
    let site = TestSite::fixture("guide");
    let yml = std::fs::read_to_string(site.root().join("site.yml")).unwrap();
    site.write("site.yml", &format!("{yml}\noffline:\n  budget: 20KB\n"));
    let built = site.build_with(false, true).unwrap();
    let m = manifest(&built);
    assert_eq!(m["whole"], false);
    assert_eq!(m["budget"], 20_000);
    let chapters = m["chapters"].as_object().unwrap();
    // The channel chapter: itself and its channel pages, with what saving them takes.
    let (bytes, files) = (
        &chapters["ch.html"][0],
        chapters["ch.html"][1].as_array().unwrap(),
    );
    let files: Vec<&str> = files.iter().map(|f| f.as_str().unwrap()).collect();
    assert_eq!(
        files,
        ["ch.html", "ch/web.html", "ch/app.html"],
        "in reading order"
    );
    let sum: u64 = files
        .iter()
        .map(|f| m["files"][f][0].as_u64().unwrap())
        .sum();
    assert_eq!(bytes.as_u64(), Some(sum));
    // A folder's index and the pages directly in it; a folder inside is a chapter too.
    let d: Vec<&str> = chapters["d/index.html"][1]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(d.contains(&"d/bee.html") && !d.contains(&"a.html"), "{d:?}");
    // Each page is in one chapter at most.
    let mut all: Vec<&str> = chapters
        .values()
        .flat_map(|c| c[1].as_array().unwrap())
        .map(|f| f.as_str().unwrap())
        .collect();
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "{all:?}");
    assert!(
        !chapters.contains_key("index.html"),
        "the home page is not a chapter"
    );
}

#[test]
fn offline_settings_are_checked_where_they_are_written() {
    let site = TestSite::minimal().with(
        "site.yml",
        "title: t\noffline:\n  budget: lots\n  icon: img/icon.png\n  colour: red\n",
    );
    let err = site.build().unwrap_err().to_string();
    assert!(
        err.contains("site.yml:5:3") && err.contains("colour"),
        "{err}"
    );
    let site = TestSite::minimal().with(
        "site.yml",
        "title: t\noffline:\n  budget: lots\n  icon: img/icon.png\n",
    );
    site.write("content/img/icon-big.png", "");
    std::fs::write(site.root().join("content/img/icon-big.png"), png(600, 600)).unwrap();
    let err = site.build().unwrap_err().to_string();
    assert!(
        err.contains("site.yml:3:3") && err.contains("`offline.budget` must be a size"),
        "{err}"
    );
    assert!(
        err.contains("site.yml:4:3") && err.contains("did you mean `icon: img/icon-big.png`"),
        "{err}"
    );
    assert!(err.contains("2 errors"), "every problem in one run: {err}");
}

#[test]
fn an_icon_path_from_the_root_is_told_where_it_belongs() {
    let site = TestSite::minimal().with("site.yml", "title: t\noffline: {icon: /etc/icon.png}\n");
    let err = site.build().unwrap_err().to_string();
    assert!(
        err.contains("put a square PNG at `content/etc/icon.png`"),
        "{err}"
    );
}

#[test]
fn the_icons_come_from_the_sites_own_square_png() {
    let site = TestSite::minimal().with("site.yml", "title: t\noffline: {icon: img/a.png}\n");
    std::fs::create_dir_all(site.root().join("content/img")).unwrap();
    std::fs::write(site.root().join("content/img/a.png"), png(400, 300)).unwrap();
    let err = site.build().unwrap_err().to_string();
    assert!(
        err.contains("site.yml:2:11") && err.contains("400×300") && err.contains("square"),
        "{err}"
    );
    std::fs::write(site.root().join("content/img/a.png"), png(512, 512)).unwrap();
    let own = site.build().unwrap();
    let default = TestSite::minimal().build().unwrap();
    for (path, size, _) in waymark::paths::ICONS {
        assert_ne!(
            own.files[*path], default.files[*path],
            "{path} is the site's"
        );
        let decoder = png::Decoder::new(std::io::Cursor::new(own.files[*path].as_slice()));
        let info = decoder.read_info().unwrap();
        assert_eq!(info.info().size(), (*size, *size), "{path}");
    }
    let app: Value = serde_json::from_slice(&own.files["manifest.webmanifest"]).unwrap();
    assert_eq!(app["name"], "t");
    assert_eq!(app["theme_color"], "#b4232a");
    assert_eq!(app["icons"].as_array().unwrap().len(), 3);
}
