//! Search relevance on a corpus written for the test (`tests/relevance/`): the page a
//! reader wants comes first, or near it, for queries fixed before any search ran. The
//! thresholds are the figures `cargo bench --bench search` printed when they were
//! set, so a change to the ranking may raise them but never lower them unnoticed.

#[path = "../support/relevance.rs"]
mod corpus;

#[test]
fn the_pages_readers_want_rank_first() {
    let site = corpus::build();
    let queries = corpus::queries();
    assert!(queries.len() >= 40, "{} queries", queries.len());
    let pages = site.files.keys().filter(|p| p.ends_with(".html")).count();
    assert!(pages >= 60, "{pages} pages");
    for q in &queries {
        assert!(
            site.files.contains_key(&q.expect.replace(".md", ".html")),
            "`{}` expects `{}`, which is not a page",
            q.query,
            q.expect
        );
    }
    let ranks = corpus::waymark_ranks(&site, &queries);
    let s = corpus::scores(&ranks);
    let missed: Vec<String> = queries
        .iter()
        .zip(&ranks)
        .filter(|(_, r)| **r != Some(1))
        .map(|(q, r)| format!("{} → {} at {r:?}", q.query, q.expect))
        .collect();
    println!(
        "hit@1 {}/{}, hit@5 {}/{}, MRR {:.3}\nnot first:\n{}",
        s.hit1,
        s.queries,
        s.hit5,
        s.queries,
        s.mrr,
        missed.join("\n")
    );
    assert!(s.hit1 >= HIT1 && s.hit5 >= HIT5 && s.mrr >= MRR, "{s:?}");
}

/// The figures this test holds (see the module's documentation).
const HIT1: usize = 117;
const HIT5: usize = 124;
const MRR: f64 = 0.95;
