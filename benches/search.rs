//! Search at scale: builds the generated corpus (default 10,000 pages) and measures, in
//! headless Chromium over `file://`, the time from a query's last keystroke to its
//! results on screen, and how many bytes of index each query loads.
//!
//! `cargo bench --bench search -- [--pages N] [--seed S]`
//!
//! Targets (issue "Offline Chinese full-text search"): median latency ≤ 150 ms, at most
//! 1 MB of index loaded for any query. The run prints its figures and exits non-zero
//! if a target is missed.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The allocator the `waymark` binary uses, so the build is measured as users run it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/support/chromium.rs"]
mod chromium;

#[path = "../tests/support/relevance.rs"]
mod relevance;

// Only its plain server is used here.
#[allow(dead_code)]
#[path = "../tests/testsuite/browser/server.rs"]
mod server;

/// Queries a reader of a shopping-complaint site might type: one and several Chinese
/// characters, English words and prefixes, digits, and two-term queries.
const QUERIES: &[&str] = &[
    "投诉",
    "退款",
    "客服热线",
    "聊天记录",
    "物流",
    "售后",
    "验证码",
    "发票",
    "退",
    "优惠券",
    "银行卡 支付",
    "商品 质量",
    "提交 申请",
    "refund",
    "deliv",
    "upload photo",
    "warranty",
    "pass",
    "the order",
    "95",
    "问题描述",
    "签收",
    "审核结果",
    "contact support",
];

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    compare_relevance();
    if std::env::args().any(|a| a == "--relevance-only") {
        return;
    }
    let pages = arg("--pages", 10_000) as usize;
    let seed = arg("--seed", 1);
    let work = tempfile::tempdir().expect("temp dir");
    let root = work.path().join("site");
    let out = work.path().join("public");

    let started = Instant::now();
    waymark_corpus::generate(&root, pages, seed).expect("generate corpus");
    println!(
        "corpus: {pages} pages (seed {seed}) generated in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let site = waymark::build(&waymark::BuildOptions {
        root: root.clone(),
        drafts: false,
        minify: true,
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("the corpus must build:\n{e}"));
    let built = started.elapsed();
    let started = Instant::now();
    site.write(&root, &out).expect("write");
    let written = started.elapsed();
    let html = site.files.keys().filter(|k| k.ends_with(".html")).count();
    let index_files: Vec<_> = site
        .files
        .iter()
        .filter(|(k, _)| k.starts_with("search/"))
        .collect();
    let index_bytes: usize = index_files.iter().map(|(_, v)| v.len()).sum();
    let meta_bytes = site.files["search/meta.js"].len();
    println!(
        "build: {html} HTML pages, {} files in {:.2} s (in memory) + {:.2} s (write)",
        site.files.len(),
        built.as_secs_f64(),
        written.as_secs_f64()
    );
    println!(
        "index: {} docs, {} terms, {} files, {:.1} MB in all, meta.js {:.0} KB",
        site.search.docs.len(),
        site.search.terms.len(),
        index_files.len(),
        index_bytes as f64 / 1e6,
        meta_bytes as f64 / 1e3
    );

    let path = chromium::chromium_path()
        .expect("the search benchmark needs Chromium: apt-get install chromium");
    let profile = tempfile::tempdir().expect("profile");
    let browser = chromium::Browser::launch(&path, profile.path());
    let tab = browser.new_page();
    let middle = pages / 2 + 3;
    let folder = format!("s{:03}", middle / 100);
    let page = format!("file://{}/{folder}/p{middle:05}.html", out.display());
    let mut latencies = Vec::new();
    let mut loaded = Vec::new();
    println!(
        "\n{:<16} {:>9} {:>10} {:>8}",
        "query", "ms", "index KB", "results"
    );
    for query in QUERIES {
        eval(&tab, "window.__left = true");
        tab.call("Page.navigate", json!({ "url": page }))
            .expect("navigate");
        wait(&tab, "!window.__left && document.readyState === 'complete'");
        eval(&tab, INSTRUMENT);
        eval(&tab, "document.getElementById('search-input').focus()");
        // At a reader's pace, a character every 200 ms, so the query for each prefix
        // runs (and loads its part of the index) as it would for a person.
        for (i, c) in query.chars().enumerate() {
            if i > 0 {
                std::thread::sleep(Duration::from_millis(200));
            }
            tab.type_str(&c.to_string()).expect("type");
        }
        let start = Instant::now();
        let latency = loop {
            let v = eval(
                &tab,
                "window.__wm.done === undefined ? null : window.__wm.done",
            );
            if let Some(ms) = v.as_f64() {
                break ms;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "no results for {query}"
            );
            std::thread::sleep(Duration::from_millis(5));
        };
        let scripts = eval(
            &tab,
            "JSON.stringify([...document.querySelectorAll('script[src*=\"search/\"]')].map(s => s.getAttribute('src')))",
        );
        let scripts: Vec<String> = serde_json::from_str(scripts.as_str().unwrap()).unwrap();
        let bytes: u64 = scripts
            .iter()
            .map(|s| {
                std::fs::metadata(out.join(&folder).join(s))
                    .map(|m| m.len())
                    .unwrap_or(0)
            })
            .sum();
        let results = eval(
            &tab,
            "document.querySelectorAll('#search-results a').length",
        );
        println!(
            "{:<16} {:>9.1} {:>10.0} {:>8}",
            query,
            latency,
            bytes as f64 / 1024.0,
            results
        );
        latencies.push(latency);
        loaded.push(bytes);
    }
    latencies.sort_by(|a, b| a.total_cmp(b));
    let median = percentile(&latencies, 0.5);
    let max_bytes = *loaded.iter().max().unwrap();
    let mut sorted_bytes = loaded.clone();
    sorted_bytes.sort();
    println!(
        "\nlatency after the last keystroke: median {:.1} ms, p90 {:.1} ms, max {:.1} ms over {} queries",
        median,
        percentile(&latencies, 0.9),
        latencies[latencies.len() - 1],
        latencies.len()
    );
    println!(
        "index loaded per query: median {:.0} KB, max {:.0} KB",
        sorted_bytes[sorted_bytes.len() / 2] as f64 / 1024.0,
        max_bytes as f64 / 1024.0
    );
    let ok = median <= 150.0 && max_bytes <= 1024 * 1024;
    println!(
        "targets (median ≤ 150 ms, ≤ 1 MB per query): {}",
        if ok { "met" } else { "MISSED" }
    );
    if !ok {
        std::process::exit(1);
    }
}

/// Where Pagefind's extended binary (Chinese segmentation) is: `PAGEFIND`, else where
/// `npm install --prefix target/pagefind pagefind@1.6.0` puts it.
fn pagefind_binary() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PAGEFIND")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/pagefind/node_modules/@pagefind/linux-x64/bin/pagefind_extended")
        });
    path.is_file().then_some(path)
}

/// Relevance on the corpus of `tests/relevance/`: for each query, the rank of the page
/// a reader wants, by Waymark and by Pagefind 1.6.0 on the same pages in the same run
/// (Pagefind indexing each page's `<main>`, so both read the same text).
fn compare_relevance() {
    let queries = relevance::queries();
    let site = relevance::build();
    let ours = relevance::waymark_ranks(&site, &queries);
    let work = tempfile::tempdir().expect("temp dir");
    let public = work.path().join("public");
    site.write(work.path(), &public).expect("write");
    let theirs = match pagefind_binary() {
        Some(binary) => Some(pagefind_ranks(&binary, &public, &queries)),
        None => {
            println!("Pagefind: not installed (npm install --prefix target/pagefind pagefind@1.6.0); Waymark alone");
            None
        }
    };
    println!(
        "relevance corpus: {} pages, {} queries\n\n{:<22} {:>8} {:>9}  expected page",
        site.files.keys().filter(|k| k.ends_with(".html")).count(),
        queries.len(),
        "query",
        "Waymark",
        "Pagefind"
    );
    let shown = |r: &Option<usize>| r.map_or("-".to_string(), |r| r.to_string());
    for (i, q) in queries.iter().enumerate() {
        println!(
            "{:<22} {:>8} {:>9}  {}",
            q.query,
            shown(&ours[i]),
            theirs.as_ref().map_or(String::new(), |t| shown(&t[i])),
            q.expect
        );
    }
    let line = |name: &str, s: relevance::Scores| {
        println!(
            "{name:<9} hit@1 {:>2}/{} ({:.0} %)  hit@5 {:>2}/{} ({:.0} %)  MRR {:.3}",
            s.hit1,
            s.queries,
            100.0 * s.hit1 as f64 / s.queries as f64,
            s.hit5,
            s.queries,
            100.0 * s.hit5 as f64 / s.queries as f64,
            s.mrr
        )
    };
    println!();
    line("Waymark", relevance::scores(&ours));
    if let Some(theirs) = &theirs {
        line("Pagefind", relevance::scores(theirs));
    }
    println!();
}

/// Pagefind's rank of each query's page: the extended binary indexes `public`, and
/// its own search library answers in Chromium over http (it needs `fetch`).
fn pagefind_ranks(
    binary: &std::path::Path,
    public: &std::path::Path,
    queries: &[relevance::Query],
) -> Vec<Option<usize>> {
    let out = std::process::Command::new(binary)
        .args(["--site"])
        .arg(public)
        .args(["--root-selector", "main", "--quiet"])
        .output()
        .expect("run pagefind");
    assert!(
        out.status.success(),
        "pagefind failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server = server::StaticServer::start(public);
    let path = chromium::chromium_path().expect("Chromium");
    let profile = tempfile::tempdir().expect("profile");
    let browser = chromium::Browser::launch(&path, profile.path());
    let tab = browser.new_page();
    eval(&tab, "window.__left = true");
    tab.call(
        "Page.navigate",
        json!({ "url": format!("{}index.html", server.base) }),
    )
    .expect("navigate");
    wait(&tab, "!window.__left && document.readyState === 'complete'");
    eval(
        &tab,
        "import('/pagefind/pagefind.js').then(async pf => { await pf.init(); window.__pf = pf; })",
    );
    queries
        .iter()
        .map(|q| {
            let js = format!(
                "window.__pf.search({}).then(r => Promise.all(r.results.slice(0, 20).map(x => x.data().then(d => d.url))))",
                json!(q.query)
            );
            let urls: Vec<String> = eval(&tab, &js)
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|u| u.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            relevance::rank(&urls, &q.expect)
        })
        .collect()
}

/// Records when the last input event fired and when results for the box's current
/// value were rendered.
const INSTRUMENT: &str = "(() => {
  window.__wm = {};
  const input = document.getElementById('search-input');
  const results = document.getElementById('search-results');
  input.addEventListener('input', () => { window.__wm.last = performance.now(); delete window.__wm.done; }, true);
  new MutationObserver(() => {
    if (results.getAttribute('data-query') === input.value && window.__wm.last !== undefined) {
      window.__wm.done = performance.now() - window.__wm.last;
    }
  }).observe(results, { attributes: true });
})()";

fn eval(tab: &chromium::Page, js: &str) -> Value {
    tab.evaluate(js, true)
        .unwrap_or_else(|e| panic!("{js}: {e}"))
}

/// Waits until `js` holds in the page.
fn wait(tab: &chromium::Page, js: &str) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if tab.evaluate(js, false) == Ok(Value::Bool(true)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("timed out waiting for {js}");
}
