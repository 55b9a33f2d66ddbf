//! `waymark search`: what a search finds, ranked as the site's search box ranks it.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::build_for_report;

/// Prints the ten best hits for `query` in the site at `root`.
pub fn search(root: PathBuf, drafts: bool, query: &str) -> ExitCode {
    let Some(site) = build_for_report(root, drafts) else {
        return ExitCode::FAILURE;
    };
    let hits = crate::search::query::search(&site.search, query);
    let mut out = std::io::stdout().lock();
    let mut print = || -> std::io::Result<()> {
        if hits.is_empty() {
            writeln!(out, "no results for {query:?}")?;
        }
        for (rank, hit) in hits.iter().take(10).enumerate() {
            let doc = &site.search.docs[hit.doc as usize];
            writeln!(
                out,
                "{:>2}. {}  ({})\n    {}  [score {}]",
                rank + 1,
                doc.title,
                doc.url,
                doc.crumbs,
                hit.score
            )?;
        }
        Ok(())
    };
    let _ = print();
    ExitCode::SUCCESS
}
