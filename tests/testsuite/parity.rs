//! The browser's search core against the Rust ranking, in full.
//!
//! A generated site large enough for many term and document shards is built; a few
//! hundred queries are sampled from its own index (Chinese runs of every length, Latin
//! prefixes, digits, mixed queries, synonyms, long questions that only partly match,
//! and queries that find nothing); `theme/static/waymark-search.js`, the file pages
//! load, answers them under Node from the published `search/` files. Every ranked list
//! must equal `waymark::search::query::search`'s: same documents, same order, same
//! scores. Node.js is required, as Chromium is for the browser tests.
//!
//! The script holds no ranking number of its own: given a `spec` in `meta.js` other
//! than the published one, it must rank exactly as Rust does by that spec, and
//! differently from before.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use waymark::analysis::{is_cjk, normalize, tokens, TokenKind};
use waymark::search::query::{search, search_with};
use waymark::search::spec::{Spec, SPEC};
use waymark::search::SearchIndex;
use waymark::BuildOptions;
use waymark_corpus::Rng;

const SYNONYMS: &str =
    "search:\n  synonyms:\n    - [退款, 退货, 退钱]\n    - [客服, 人工, 小蜜]\n    - [refund, return]\n";

/// A CJK run of `len` characters from some document's text, if one is that long.
fn cjk_run(index: &SearchIndex, rng: &mut Rng, len: usize) -> Option<String> {
    let doc = &index.docs[rng.below(index.docs.len())];
    let chars: Vec<char> = doc.text.chars().collect();
    let start = rng.below(chars.len().max(1));
    let run: String = chars
        .iter()
        .skip(start)
        .take_while(|c| is_cjk(**c))
        .take(len)
        .collect();
    (run.chars().count() == len).then_some(run)
}

/// A word (Latin letters or digits) of some document, if it has one.
fn word(index: &SearchIndex, rng: &mut Rng, digits: bool) -> Option<String> {
    let doc = &index.docs[rng.below(index.docs.len())];
    let words: Vec<String> = tokens(&normalize(&doc.text))
        .into_iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| t.text)
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()) == digits)
        .collect();
    (!words.is_empty()).then(|| words[rng.below(words.len())].clone())
}

fn prefix(word: &str, rng: &mut Rng) -> String {
    let n = word.chars().count();
    word.chars().take(1 + rng.below(n)).collect()
}

/// Queries of every kind a reader types, drawn from the site's own text.
fn sample_queries(index: &SearchIndex) -> Vec<String> {
    let mut rng = Rng::new(42);
    let mut queries: Vec<String> = Vec::new();
    let add = |q: Option<String>, queries: &mut Vec<String>| {
        if let Some(q) = q {
            if !queries.contains(&q) {
                queries.push(q);
            }
        }
    };
    let mut i = 0;
    while queries.len() < 320 && i < 50_000 {
        i += 1;
        let q = match i % 10 {
            0 | 1 => cjk_run(index, &mut rng, 1 + i % 3),
            2 => {
                let len = 3 + rng.below(4);
                cjk_run(index, &mut rng, len)
            }
            3 => word(index, &mut rng, false).map(|w| prefix(&w, &mut rng)),
            4 => word(index, &mut rng, true).map(|w| prefix(&w, &mut rng)),
            5 => cjk_run(index, &mut rng, 2)
                .zip(word(index, &mut rng, false))
                .map(|(a, b)| format!("{a} {b}")),
            6 => cjk_run(index, &mut rng, 2)
                .zip(cjk_run(index, &mut rng, 2))
                .map(|(a, b)| format!("{a} {b}")),
            // A question that only partly matches: two runs glued together.
            7 => cjk_run(index, &mut rng, 3)
                .zip(cjk_run(index, &mut rng, 3))
                .map(|(a, b)| format!("{a}{b}")),
            8 => Some(
                [
                    "退货",
                    "退钱",
                    "人工",
                    "小蜜",
                    "return",
                    "退款 照片",
                    "人工 refund",
                ][rng.below(7)]
                .to_string(),
            ),
            _ => Some(
                [
                    "不存在的词语",
                    "zzqxj",
                    "ﾃｽﾄ",
                    "９５",
                    "ＡＰＰ",
                    "　",
                    "x",
                    "鬱鬱鬱",
                ][rng.below(8)]
                .to_string(),
            ),
        };
        add(q, &mut queries);
    }
    queries
}

/// Every query's ranked list from the browser's core under Node, reading the index in
/// `public/search`; by `spec` instead of the one in `meta.js`, if given.
fn node_results(public: &Path, spec: Option<&Spec>, queries: &[String]) -> Vec<Vec<(String, i64)>> {
    let harness = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/search-parity.js");
    let mut command = Command::new("node");
    command
        .arg(harness)
        .arg(public.join("assets/waymark-search.js"))
        .arg(public.join("search"));
    if let Some(spec) = spec {
        let file = public.join("spec.json");
        std::fs::write(&file, serde_json::to_vec(spec).unwrap()).unwrap();
        command.arg(file);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect(
            "Node.js (`node`) is required for the search parity test: apt-get install -y nodejs",
        );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(queries).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Rust's ranked list of `query` by `spec`, as the Node harness prints it.
fn rust_results(index: &SearchIndex, query: &str, spec: &Spec) -> Vec<(String, i64)> {
    search_with(index, query, spec)
        .iter()
        .map(|h| (index.docs[h.doc as usize].url.clone(), h.score))
        .collect()
}

/// Writes the index and the assets of a built site below `public`.
fn publish(files: &BTreeMap<String, Vec<u8>>, public: &Path) {
    for (path, bytes) in files {
        if path.starts_with("search/") || path.starts_with("assets/") {
            let target = public.join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, bytes).unwrap();
        }
    }
}

/// The queries on which Rust and the script disagree, described.
fn disagreements(
    index: &SearchIndex,
    queries: &[String],
    spec: &Spec,
    js: &[Vec<(String, i64)>],
) -> Vec<String> {
    queries
        .iter()
        .zip(js)
        .filter_map(|(query, js)| {
            let rust = rust_results(index, query, spec);
            (&rust != js).then(|| format!("{query:?}\n  rust: {rust:?}\n  js:   {js:?}"))
        })
        .collect()
}

#[test]
fn the_browser_core_ranks_exactly_as_rust_does() {
    let dir = tempfile::tempdir().unwrap();
    waymark_corpus::generate(dir.path(), 600, 3).unwrap();
    let yml = dir.path().join("site.yml");
    let mut config = std::fs::read_to_string(&yml).unwrap();
    config.push_str(SYNONYMS);
    std::fs::write(&yml, config).unwrap();
    // Thousands of words sharing a prefix, so a prefix query reaches its shard limit.
    let words: Vec<String> = (0..26usize.pow(3))
        .map(|i| {
            let letter = |k: u32| char::from(b'a' + (i / 26usize.pow(k) % 26) as u8);
            format!("wq{}{}{}padding", letter(2), letter(1), letter(0))
        })
        .collect();
    let sections: Vec<String> = words
        .chunks(8)
        .enumerate()
        .map(|(n, w)| {
            // Later words sit in shorter sections, which rank higher: the best matches
            // lie beyond the shards a prefix query reads.
            let filler = if w[0].as_str() < "wqn" {
                "很长的说明文字。".repeat(40)
            } else {
                String::new()
            };
            format!("## 组{n}\n\n{} {filler}\n", w.join(" "))
        })
        .collect();
    std::fs::write(
        dir.path().join("content/words.md"),
        format!("---\ntitle: 词表\n---\n{}", sections.join("\n")),
    )
    .unwrap();
    let site = waymark::build(&BuildOptions {
        root: dir.path().to_path_buf(),
        ..BuildOptions::default()
    })
    .unwrap();
    let public = dir.path().join("public");
    publish(&site.files, &public);
    let shards = |p: &str| site.files.keys().filter(|k| k.starts_with(p)).count();
    assert!(
        shards("search/t-") >= 10 && shards("search/d-") >= 10,
        "the site spans many shards: {} term, {} document",
        shards("search/t-"),
        shards("search/d-")
    );
    let index = &site.search;
    let mut queries = sample_queries(index);
    queries.extend(["wq", "wqa", "wqm", "wqzz"].map(String::from));
    assert!(queries.len() >= 300, "{} queries", queries.len());
    let node = node_results(&public, None, &queries);
    let wrong = disagreements(index, &queries, &SPEC, &node);
    let found = queries
        .iter()
        .filter(|q| !search(index, q).is_empty())
        .count();
    assert!(
        wrong.is_empty(),
        "{} of {} queries rank differently:\n{}",
        wrong.len(),
        queries.len(),
        wrong[..wrong.len().min(5)].join("\n")
    );
    assert!(
        found * 10 >= queries.len() * 7 && found < queries.len(),
        "most sampled queries find something, some find nothing: {found} of {}",
        queries.len()
    );
}

/// A spec in which every number of the ranking differs from the published one.
fn tuned() -> Spec {
    let mut spec = SPEC.clone();
    spec.verify = 7;
    spec.relax_units = 2;
    spec.relax_share = 2;
    spec.relax_rare = 1;
    spec.exact_run = 1;
    let w = &mut spec.weights;
    w.prelim_title = 3;
    w.prelim_body = 9;
    w.relaxed_unit_title = 5;
    w.relaxed_unit_body = 21;
    w.unit_base = 4;
    w.title_phrase = 40;
    w.title_fill = 300;
    w.synonym_title_phrase = 45;
    w.title_units = 12;
    w.body_phrase = 70;
    w.synonym_body_phrase = 80;
    w.scattered = 33;
    w.relaxed_title_rarity = 7;
    w.relaxed_title = 11;
    spec
}

#[test]
fn the_browser_core_ranks_by_the_spec_in_meta_js() {
    let dir = tempfile::tempdir().unwrap();
    let site = crate::common::default_site(true);
    let public = dir.path().join("public");
    publish(&site.files, &public);
    let index = &site.search;
    let mut queries = sample_queries(index);
    queries.extend(
        crate::search::quality_queries()
            .into_iter()
            .map(|(query, _)| query),
    );
    let spec = tuned();
    let node = node_results(&public, Some(&spec), &queries);
    let wrong = disagreements(index, &queries, &spec, &node);
    assert!(
        wrong.is_empty(),
        "{} of {} queries rank differently by the tuned spec:\n{}",
        wrong.len(),
        queries.len(),
        wrong[..wrong.len().min(5)].join("\n")
    );
    let changed = queries
        .iter()
        .zip(&node)
        .filter(|(query, js)| rust_results(index, query, &SPEC) != **js)
        .count();
    assert!(
        changed * 2 > queries.len(),
        "the tuned spec changes most rankings: {changed} of {}",
        queries.len()
    );
}
