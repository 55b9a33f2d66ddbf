//! `waymark search`: what a search finds, ranked as the site's search box ranks it.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::build_for_report;

/// Prints the ten best hits for `query` in the site at `root`, in each of its
/// languages (or in `language` alone), as each language's search box ranks them.
pub fn search(root: PathBuf, drafts: bool, query: &str, language: Option<&str>) -> ExitCode {
    let Some(site) = build_for_report(root, drafts) else {
        return ExitCode::FAILURE;
    };
    let indexes: Vec<(&str, &crate::search::SearchIndex)> = std::iter::once(&site.search)
        .chain(&site.searches)
        .enumerate()
        .map(|(i, index)| (site.languages.get(i).map_or("", |l| l.tag.as_str()), index))
        .collect();
    if let Some(wanted) = language {
        if !indexes.iter().any(|(tag, _)| *tag == wanted) {
            let tags: Vec<&str> = indexes.iter().map(|(t, _)| *t).collect();
            let _ = writeln!(
                anstream::stderr(),
                "error: the site has no language `{wanted}`\n  = help: its languages are {}",
                tags.join(", ")
            );
            return ExitCode::from(2);
        }
    }
    let several = indexes.len() > 1;
    let mut out = std::io::stdout().lock();
    let mut print = || -> std::io::Result<()> {
        for (tag, index) in &indexes {
            if language.is_some_and(|l| l != *tag) {
                continue;
            }
            if several && language.is_none() {
                writeln!(out, "[{tag}]")?;
            }
            let hits = crate::search::query::search(index, query);
            if hits.is_empty() {
                writeln!(out, "no results for {query:?}")?;
            }
            for (rank, hit) in hits.iter().take(10).enumerate() {
                let doc = &index.docs[hit.doc as usize];
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
        }
        Ok(())
    };
    let _ = print();
    ExitCode::SUCCESS
}
