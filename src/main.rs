//! The `waymark` command line: parses arguments and hands over to the library.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

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
}

fn main() -> ExitCode {
    let Command::Build {
        root,
        out,
        drafts,
        no_minify,
    } = Cli::parse().command;
    let out = out.unwrap_or_else(|| root.join("public"));
    let started = Instant::now();
    if let Err(e) = waymark::output::check_out_dir(&root, &out) {
        eprintln!("error: {e:#}");
        return ExitCode::FAILURE;
    }
    let options = waymark::BuildOptions {
        root: root.clone(),
        drafts,
        minify: !no_minify,
    };
    let site = match waymark::build(&options) {
        Ok(site) => site,
        Err(e) => {
            eprintln!("{e}");
            eprintln!("nothing was written; `{}` is unchanged", out.display());
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = site.write(&root, &out) {
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
