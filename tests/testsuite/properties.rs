//! Property tests: rules that must hold for any input, not only the examples we
//! thought of. Inputs are drawn from alphabets rich in what breaks parsers: fences,
//! brackets, schemes, entities, Han characters, control characters.

use std::collections::HashSet;
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use waymark::markdown::ids::IdAllocator;
use waymark::paths::{self, Destination, LinkKind};
use waymark::search;
use waymark::yaml as front_matter;

use crate::common::TestSite;

/// Strings built from pieces that matter to Markdown, YAML and URLs.
fn tricky(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces), 0..max).prop_map(|v| v.concat())
}

const FRONT: &[&str] = &[
    "---", "\n", "\r\n", "\u{feff}", "title: ", "a", "投诉", ":", " ", "- ", "\"", "#", "\t", "\0",
];

const URLISH: &[&str] = &[
    "javascript",
    "JaVa",
    "script",
    ":",
    "alert(1)",
    " ",
    "\t",
    "\n",
    "\u{1}",
    "//",
    "/",
    "..",
    "a.md",
    "#",
    "?",
    "%",
    "%6A",
    "&#106;",
    "data",
    "image/",
    "http",
    "s",
    "mailto",
    "tel",
    "投诉",
    "x",
    ".",
    "\\",
];

const MARKDOWN: &[&str] = &[
    "\n",
    "\n\n",
    "# ",
    "## ",
    "### ",
    "> ",
    "- ",
    "1. ",
    "  ",
    "*",
    "_",
    "`",
    "```",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "!",
    "{#",
    "}",
    "|",
    "---",
    "[^1]",
    "[^1]: ",
    "javascript:alert(1)",
    "&#106;",
    "<script>",
    "投诉",
    "渠道",
    "Step",
    "step-1",
    "search",
    "a.md",
    "#x",
    "https://x.org",
    "\\",
    "&",
    "\"",
    "'",
    "~~",
    "[!NOTE]",
    "{{",
    "}}",
    "{{ f }}",
    "{{ u }}",
];

/// A name a file or folder could have (output paths are made of these).
fn is_name(s: &String) -> bool {
    !s.is_empty() && !s.contains('/') && s != "." && s != ".."
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn front_matter_splitting_never_panics_and_keeps_the_body(text in tricky(FRONT, 40)) {
        let normal = front_matter::normalize_source(&text);
        if let Ok(split) = front_matter::split("a.md", &normal) {
            prop_assert!(split.body_offset <= normal.len());
            prop_assert!(normal[split.yaml_start..].starts_with(split.yaml));
            prop_assert!(normal.starts_with("---"));
        }
    }

    #[test]
    fn ids_are_unique_never_reserved_and_always_found(
        explicit in prop::collection::vec(prop::sample::select(&["note-2", "step", "a", "fn-1x", "x-3"][..]), 0..4),
        bases in prop::collection::vec(prop::sample::select(&["step", "fn", "search", "note", "step-1", "main", "a", "x"][..]), 0..200),
    ) {
        let mut ids = IdAllocator::default();
        let mut seen: HashSet<String> = HashSet::new();
        for e in &explicit {
            if ids.reserve(e) {
                seen.insert(e.to_string());
            }
        }
        for base in bases {
            let id = ids.unique(base);
            prop_assert!(!paths::is_reserved_id(&id), "{id} is reserved");
            prop_assert!(seen.insert(id.clone()), "{id} handed out twice");
        }
    }

    #[test]
    fn only_allowed_schemes_are_ever_external(dest in tricky(URLISH, 12)) {
        for kind in [LinkKind::Link, LinkKind::Image] {
            match paths::classify(&dest, kind) {
                Destination::External(url) => {
                    let scheme = url.split(':').next().unwrap().to_ascii_lowercase();
                    let image = kind == LinkKind::Image && scheme == "data";
                    prop_assert!(paths::LINK_SCHEMES.contains(&scheme.as_str()) || image, "{url}");
                }
                Destination::Internal(path) => {
                    // What stays internal must not be read as a scheme by a browser.
                    let first = path.split(['/', '?', '#']).next().unwrap();
                    let looks_like_scheme = first.contains(':')
                        && first.starts_with(|c: char| c.is_ascii_alphabetic())
                        && first.split(':').next().unwrap().chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
                    prop_assert!(!looks_like_scheme, "{path:?} kept as internal");
                }
                Destination::Refused(_) => {}
            }
        }
    }

    #[test]
    fn hrefs_between_outputs_never_read_as_a_scheme(
        from in prop::collection::vec(tricky(URLISH, 4).prop_filter("a file name", is_name), 1..3),
        to in prop::collection::vec(tricky(URLISH, 4).prop_filter("a file name", is_name), 1..3),
    ) {
        let from = from.join("/") + ".html";
        let to = to.join("/") + ".html";
        let href = paths::href(&from, &to);
        prop_assert!(matches!(paths::classify(&href, LinkKind::Link), Destination::Internal(_)), "{href}");
        prop_assert!(!href.contains(['#', '?', ' ', '"', '<', '>']), "{href}");
        let back = paths::join(from.rsplit_once('/').map_or("", |(d, _)| d), &paths::percent_decode(&href));
        prop_assert_eq!(back, Some(to));
    }

    #[test]
    fn every_word_of_a_text_finds_it(words in prop::collection::vec(prop::sample::select(&["投诉", "客服", "小蜜", "退款", "app", "12315", "Hotline", "ＡＰＰ", "转人工"][..]), 1..8), pick in 0usize..8) {
        let text = words.join(" ");
        let query = words[pick % words.len()];
        let site = waymark::markdown::pages::Section {
            output: "a.html".into(),
            anchor: None,
            title: "页".into(),
            crumbs: Vec::new(),
            step: None,
            text,
        };
        let index = search::SearchIndex::build(&[&site], "", None);
        prop_assert_eq!(search::query::search(&index, query).len(), 1, "{} not found", query);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    /// Any page source gives a site or errors, never a panic or a hang, and a site
    /// that builds carries no script and no link content could have planted.
    #[test]
    fn any_page_source_gives_html_or_an_error(body in tricky(MARKDOWN, 60)) {
        // Facts whose values are markup and a link: used anywhere, still text and one link.
        let site = TestSite::minimal()
            .with("site.yml", "title: t\nfacts:\n  f: {value: '<script>alert(1)</script> [x](javascript:alert(2))', source: s}\n  u: {value: 'https://example.org/?a=\"><script>', kind: url}\n")
            .with("content/p.md", &format!("---\ntitle: P\n---\n{body}"));
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let result = site.build().map(|s| s.text("p.html").map(str::to_string));
            let _ = tx.send(result.map_err(|e| e.to_string()));
        });
        let result = rx.recv_timeout(Duration::from_secs(60)).expect("no answer: the build hangs");
        if let Ok(Some(html)) = result {
            let lower = html.to_ascii_lowercase();
            prop_assert!(!lower.contains("href=\"javascript:"), "{body:?}");
            // The theme's five: colour scheme, navigation, search, behaviour, offline.
            prop_assert_eq!(lower.matches("<script").count(), 5, "{:?}", body);
        }
    }
}
