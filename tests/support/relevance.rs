//! The search-relevance corpus (`tests/relevance/`): a documentation site written for
//! the test and queries, each with the one page a reader typing it wants, fixed before
//! any search was run. Shared by the test that holds the figures
//! (`tests/testsuite/relevance.rs`) and the benchmark that prints them beside
//! Pagefind's (`benches/search.rs`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// One query and the source path (under `content/`) of the page it wants.
#[derive(Debug, Clone)]
pub struct Query {
    pub query: String,
    pub expect: String,
}

/// The corpus folder.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relevance")
}

/// The queries of `queries.yml`, each written on one line as
/// `- {query: "…", expect: "…", note: "…"}`.
pub fn queries() -> Vec<Query> {
    let text = std::fs::read_to_string(dir().join("queries.yml")).expect("queries.yml");
    let field = |line: &str, key: &str| -> Option<String> {
        let start = line.find(&format!("{key}: \""))? + key.len() + 3;
        let end = line[start..].find('"')? + start;
        Some(line[start..end].to_string())
    };
    text.lines()
        .filter(|l| l.trim_start().starts_with("- {"))
        .map(|l| Query {
            query: field(l, "query").expect("a query"),
            expect: field(l, "expect").expect("an expected page"),
        })
        .collect()
}

/// The source page (`nas/logs.md`) of a result's address (`nas/logs.html#日志`,
/// `/nas/logs/`, `http://127.0.0.1:1/nas/logs.html`).
pub fn page_of(url: &str) -> String {
    let path = url.split(['#', '?']).next().unwrap_or("");
    let path = path.split_once("://").map_or(path, |(_, rest)| {
        rest.split_once('/').map_or("", |(_, p)| p)
    });
    let path = waymark::paths::percent_decode(path.trim_start_matches('/'));
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    };
    match path.strip_suffix(".html") {
        Some(stem) => format!("{stem}.md"),
        None => path,
    }
}

/// The 1-based rank of `expect` among the distinct pages of `urls` (a page's sections
/// count once, where its first one is), or `None` when it is not among them.
pub fn rank(urls: &[String], expect: &str) -> Option<usize> {
    let mut pages: Vec<String> = Vec::new();
    for url in urls {
        let page = page_of(url);
        if !pages.contains(&page) {
            pages.push(page);
        }
    }
    pages.iter().position(|p| p == expect).map(|i| i + 1)
}

/// hit@1, hit@5 and the mean reciprocal rank of `ranks`.
#[derive(Debug, Clone, Copy)]
pub struct Scores {
    pub hit1: usize,
    pub hit5: usize,
    pub mrr: f64,
    pub queries: usize,
}

pub fn scores(ranks: &[Option<usize>]) -> Scores {
    Scores {
        hit1: ranks.iter().filter(|r| **r == Some(1)).count(),
        hit5: ranks.iter().filter(|r| r.is_some_and(|r| r <= 5)).count(),
        mrr: ranks
            .iter()
            .map(|r| r.map_or(0.0, |r| 1.0 / r as f64))
            .sum::<f64>()
            / ranks.len().max(1) as f64,
        queries: ranks.len(),
    }
}

/// The corpus built by Waymark, as readers get it.
pub fn build() -> waymark::Site {
    waymark::build(&waymark::BuildOptions {
        root: dir().join("site"),
        drafts: false,
        minify: true,
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("the relevance corpus must build:\n{e}"))
}

/// Waymark's rank of each query's page, ranked as the search box ranks (the Rust
/// ranking, which the parity test holds equal to the browser's).
pub fn waymark_ranks(site: &waymark::Site, queries: &[Query]) -> Vec<Option<usize>> {
    queries
        .iter()
        .map(|q| {
            let hits = waymark::search::query::search(&site.search, &q.query);
            let urls: Vec<String> = hits
                .iter()
                .map(|h| site.search.docs[h.doc as usize].url.clone())
                .collect();
            rank(&urls, &q.expect)
        })
        .collect()
}
