//! The `waymark` command line: parses arguments and hands over to the library.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

/// A build makes many small allocations on every core; mimalloc makes the in-memory
/// build about a third faster than the system allocator (measured on the corpus).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Static site generator for step-by-step guides.
#[derive(Parser)]
#[command(name = "waymark", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// The site folder, holding site.yml, content/ and optionally theme/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Write readable, unminified HTML and CSS.
        #[arg(long)]
        no_minify: bool,
    },
    /// Show what a search finds, ranked as the site's search box ranks it.
    Search {
        /// The site folder, holding site.yml, content/ and optionally theme/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// What a reader would type.
        query: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "error: Waymark hit an internal error ({info}); nothing was written. Please report it with the page that caused it."
        );
    }));
    std::panic::catch_unwind(move || run(cli)).unwrap_or(ExitCode::FAILURE)
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build {
            root,
            out,
            drafts,
            no_minify,
        } => build(root, out, drafts, !no_minify),
        Command::Search {
            root,
            drafts,
            query,
        } => search(root, drafts, &query),
    }
}

fn build(root: PathBuf, out: Option<PathBuf>, drafts: bool, minify: bool) -> ExitCode {
    let out = out.unwrap_or_else(|| root.join("public"));
    let started = Instant::now();
    let output = match waymark::output::Output::open(&root, &out) {
        Ok(output) => output,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let options = waymark::BuildOptions {
        root: root.clone(),
        drafts,
        minify,
    };
    let site = match waymark::build(&options) {
        Ok(site) => {
            for w in &site.warnings {
                eprintln!("{w}\n");
            }
            site
        }
        Err(e) => {
            eprintln!("{e}");
            eprintln!("nothing was written; `{}` is unchanged", out.display());
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = output.write(&site.files) {
        eprintln!("error: {e:#}");
        return ExitCode::FAILURE;
    }
    let pages = site.files.keys().filter(|k| k.ends_with(".html")).count();
    eprintln!(
        "built {pages} pages ({} files) into {} in {} ms",
        site.files.len(),
        out.display(),
        started.elapsed().as_millis()
    );
    ExitCode::SUCCESS
}

fn search(root: PathBuf, drafts: bool, query: &str) -> ExitCode {
    let site = match waymark::build(&waymark::BuildOptions {
        root,
        drafts,
        minify: false,
    }) {
        Ok(site) => site,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let hits = waymark::search::query::search(&site.search, query);
    let mut out = std::io::stdout().lock();
    let mut report = || -> std::io::Result<()> {
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
    let _ = report();
    ExitCode::SUCCESS
}
