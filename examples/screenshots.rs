//! The screenshot set people review: the default site at 390×844 (a phone) and
//! 1280×900, light and dark, a channel page landed on a step, and printed channel pages
//! (PDF, turned into PNG pages by `pdftoppm` where poppler-utils is installed), written
//! to `target/screenshots/`. Run with `scripts/screenshots.sh`. It judges nothing: the
//! browser tests do that; this is for eyes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

#[path = "../tests/support/chromium.rs"]
mod chromium;

/// Each page kind of the guide, by the name its files get.
const PAGES: [(&str, &str); 9] = [
    ("home", "index.html"),
    ("channels", "channels.html"),
    ("after", "after.html"),
    ("app", "channels/app.html"),
    ("app-step-4", "channels/app.html?landed#step-4"),
    ("hotline-12315", "channels/hotline-12315.html"),
    ("contents", "toc.html"),
    ("facts", "facts.html"),
    ("not-found", "404.html"),
];

fn call(tab: &chromium::Page, method: &str, params: Value) {
    tab.call(method, params).expect("DevTools call");
}

fn screen(tab: &chromium::Page, width: u32, height: u32, media: &str, scheme: &str) {
    let mobile = width < 600;
    call(
        tab,
        "Emulation.setDeviceMetricsOverride",
        json!({
            "width": width, "height": height, "deviceScaleFactor": if mobile { 2 } else { 1 }, "mobile": mobile
        }),
    );
    call(
        tab,
        "Emulation.setEmulatedMedia",
        json!({
            "media": media, "features": [{ "name": "prefers-color-scheme", "value": scheme }]
        }),
    );
}

fn open(tab: &chromium::Page, url: &str) {
    let _ = tab.evaluate("window.__left = true", false);
    call(tab, "Page.navigate", json!({ "url": url }));
    let start = Instant::now();
    while tab.evaluate(
        "!window.__left && document.readyState === 'complete'",
        false,
    ) != Ok(Value::Bool(true))
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{url} never loaded"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("target/screenshots");
    let site = waymark::build(&waymark::BuildOptions {
        root: root.clone(),
        minify: true,
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("the default site must build:\n{e}"));
    let out = dir.join("site");
    let _ = std::fs::remove_dir_all(&out);
    site.write(&root, &out).expect("write the site");
    let path = chromium::chromium_path().expect("Debian's chromium is needed");
    let profile = tempfile::tempdir().expect("profile");
    let browser = chromium::Browser::launch(&path, profile.path());
    let tab = browser.new_page();
    let url = |page: &str| format!("file://{}/{page}", out.display());
    for (width, height) in [(390, 844), (1280, 900)] {
        for scheme in ["light", "dark"] {
            screen(&tab, width, height, "screen", scheme);
            for (name, page) in PAGES {
                open(&tab, &url(page));
                let png = tab.screenshot_png().expect("screenshot");
                let file = dir.join(format!("{name}-{width}-{scheme}.png"));
                std::fs::write(&file, png).expect("write screenshot");
                println!("{}", file.display());
            }
            // A fact's provenance card, opened as a reader taps the button beside it.
            open(&tab, &url("channels/hotline.html"));
            let _ = tab.evaluate(
                "document.querySelector('.step .fact-mark').scrollIntoView({block: 'center'}); document.querySelector('.step .fact-mark').click()",
                false,
            );
            std::thread::sleep(Duration::from_millis(200));
            let png = tab.screenshot_png().expect("screenshot");
            let file = dir.join(format!("fact-card-{width}-{scheme}.png"));
            std::fs::write(&file, png).expect("write screenshot");
            println!("{}", file.display());
        }
    }
    screen(&tab, 1280, 900, "print", "light");
    for (name, page) in [
        ("app", "channels/app.html"),
        ("hotline-12315", "channels/hotline-12315.html"),
        ("hotline", "channels/hotline.html"),
    ] {
        open(&tab, &url(page));
        let pdf = tab.print_to_pdf().expect("print to PDF");
        let file = dir.join(format!("print-{name}.pdf"));
        std::fs::write(&file, pdf).expect("write PDF");
        println!("{}", file.display());
        to_png(&file, &dir.join(format!("print-{name}")));
    }
}

/// Turns a PDF's pages into PNG files beside it, where `pdftoppm` is installed.
fn to_png(pdf: &Path, prefix: &Path) {
    match std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "60"])
        .arg(pdf)
        .arg(prefix)
        .status()
    {
        Ok(s) if s.success() => println!("{}-*.png", prefix.display()),
        _ => eprintln!("pdftoppm (Debian's poppler-utils) not found: the PDF alone was written"),
    }
}
