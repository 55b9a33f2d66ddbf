//! Writes a deterministic benchmark corpus: `waymark-corpus --pages N --seed S --out DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Generate a large, deterministic test site for benchmarks.
#[derive(Parser)]
#[command(name = "waymark-corpus", version, about)]
struct Args {
    /// Number of pages.
    #[arg(long, default_value_t = 10_000)]
    pages: usize,
    /// Random seed; the same pages and seed always give the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write the site into.
    #[arg(long)]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.out.exists()
        && args
            .out
            .read_dir()
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        eprintln!(
            "error: `{}` exists and is not empty; choose a new folder",
            args.out.display()
        );
        return ExitCode::FAILURE;
    }
    match waymark_corpus::generate(&args.out, args.pages, args.seed) {
        Ok(()) => {
            eprintln!(
                "wrote {} pages (seed {}) into {}",
                args.pages,
                args.seed,
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
