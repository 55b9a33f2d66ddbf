//! The screenshot set people review: the default site at 390×844 and 1280×900, light
//! and dark, a channel page landed on a step, and a printed channel page (PDF, turned
//! into PNG pages by `pdftoppm` where it is installed). Run by `scripts/screenshots.sh`;
//! ignored in the ordinary test run, since it judges nothing a person does not.

use std::path::PathBuf;

use super::{chromium, file_url, published_default};

/// The folder the set is written to: `target/screenshots/`.
fn folder() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

#[test]
#[ignore = "writes the review set; run scripts/screenshots.sh"]
fn screenshot_set() {
    use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
    let Some(chrome) = chromium("screenshot_set") else {
        return;
    };
    let (_holder, public, _) = published_default();
    let dir = folder();
    let pages = [
        ("home", "index.html"),
        ("channels", "channels.html"),
        ("after", "after.html"),
        ("app", "channels/app.html"),
        ("app-step-4", "channels/app.html?landed#step-4"),
        ("hotline-12315", "channels/hotline-12315.html"),
        ("contents", "toc.html"),
        ("not-found", "404.html"),
    ];
    let session = chrome.session();
    for (width, height) in [(390, 844), (1280, 900)] {
        for scheme in ["light", "dark"] {
            if width == 390 {
                session.phone(width, height);
            } else {
                session.desktop(width, height);
            }
            session.media("screen", scheme);
            for (name, page) in pages {
                session.open(&file_url(&public, page));
                session.wait_for("document.readyState === 'complete'", "the page to load");
                std::thread::sleep(std::time::Duration::from_millis(150));
                let png = session
                    .tab
                    .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
                    .expect("screenshot");
                let path = dir.join(format!("{name}-{width}-{scheme}.png"));
                std::fs::write(&path, png).unwrap();
                eprintln!("screenshot: {}", path.display());
            }
        }
    }
    session.desktop(1280, 900);
    session.media("print", "light");
    for (name, page) in [
        ("hotline-12315", "channels/hotline-12315.html"),
        ("app", "channels/app.html"),
    ] {
        session.open(&file_url(&public, page));
        session.wait_for("document.readyState === 'complete'", "the page to load");
        let pdf = session.tab.print_to_pdf(None).expect("print to PDF");
        let path = dir.join(format!("print-{name}.pdf"));
        std::fs::write(&path, pdf).unwrap();
        eprintln!("printed: {}", path.display());
        let pages = dir.join(format!("print-{name}"));
        match std::process::Command::new("pdftoppm")
            .args(["-png", "-r", "60"])
            .arg(&path)
            .arg(&pages)
            .status()
        {
            Ok(s) if s.success() => eprintln!("printed pages: {}-*.png", pages.display()),
            _ => eprintln!("pdftoppm (poppler-utils) not found: the PDF alone was written"),
        }
    }
}
