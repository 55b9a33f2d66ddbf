//! The `waymark` command line: parses arguments and hands each command to `commands`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use waymark::commands;

/// A build makes many small allocations on every core; mimalloc makes the in-memory
/// build about a third faster than the system allocator (measured on the corpus).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Static site generator for step-by-step guides.
#[derive(Parser)]
#[command(
    name = "waymark",
    version,
    about,
    after_help = "Exit status: 0 on success, 1 when the site has an error (or warnings with\n`check --deny-warnings`), 2 on a mistyped command or flag."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    #[command(
        after_help = "Examples:\n  waymark build                      # the site in ./public\n  waymark build --root my-guide --out /srv/www/guide\n  waymark build --drafts --no-minify # readable HTML, drafts included"
    )]
    Build(BuildArgs),
    /// Serve the site on 127.0.0.1, rebuilding and reloading open pages on every change.
    #[command(
        after_help = "Examples:\n  waymark serve --open              # http://127.0.0.1:1111/ in the browser\n  waymark serve --port 0 --drafts   # any free port, drafts included\n  waymark serve --poll              # on network drives and WSL's /mnt/c"
    )]
    Serve(ServeArgs),
    /// Check the site as `build` would, writing nothing, and give advice on top.
    #[command(
        after_help = "Examples:\n  waymark check                     # errors exit 1; warnings alone exit 0\n  waymark check --deny-warnings     # in CI: warnings fail too"
    )]
    Check(CheckArgs),
    /// Add a page or a channel chapter to the site.
    #[command(
        after_help = "Examples:\n  waymark new page \"Check My Status\"          # content/check-my-status.md\n  waymark new chapter refunds --title Refunds   # content/refunds.md, one channel of two steps\n  waymark new page guides/contact --title \"Contact us\""
    )]
    New(NewArgs),
    /// Create a new site, ready to build and serve.
    #[command(
        after_help = "Examples:\n  waymark init my-guide                          # a Chinese site in ./my-guide\n  waymark init my-guide --language en --title \"Refund guide\""
    )]
    Init(InitArgs),
    /// Copy the default theme's files into the site's theme/ folder, to edit them.
    #[command(
        after_help = "Examples:\n  waymark theme templates/channel.html   # change one template; the rest keep updating\n  waymark theme                          # every file (never overwrites)\n\nTo add a few CSS rules, write theme/static/extra.css instead: pages load it after the default stylesheet."
    )]
    Theme(ThemeArgs),
    /// Show what a search finds, ranked as the site's search box ranks it.
    #[command(
        after_help = "Examples:\n  waymark search hotline\n  waymark search \"12315 area code\" --root my-guide"
    )]
    Search(SearchArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    Page,
    Chapter,
}

#[derive(Args)]
struct BuildArgs {
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
    /// Print only errors.
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print the advice `waymark check` gives.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Args)]
struct ServeArgs {
    /// The site folder, holding site.yml, content/ and optionally theme/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The port to listen on (the next free one if taken; 0 picks any free port).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Open the site in the default browser once it is served.
    #[arg(long)]
    open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Watch by polling every 500 ms instead of native file events.
    #[arg(long)]
    poll: bool,
}

#[derive(Args)]
struct CheckArgs {
    /// The site folder, holding site.yml, content/ and optionally theme/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Args)]
struct NewArgs {
    /// `page`, or `chapter` (with one example channel of two steps).
    kind: NewKind,
    /// Where, relative to content/ (`guides/refunds` writes content/guides/refunds.md).
    path: String,
    /// The page title [default: from the file name].
    #[arg(long)]
    title: Option<String>,
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(Args)]
struct InitArgs {
    /// The folder to create it in; must be new or empty.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The site's title.
    #[arg(long, default_value = "My guide")]
    title: String,
    /// The site's language (BCP 47): `zh-CN` or `en` ship with UI strings.
    #[arg(long, default_value = "zh-CN")]
    language: String,
}

#[derive(Args)]
struct ThemeArgs {
    /// Files to copy, as paths below theme/ (`templates/channel.html`); all when none.
    files: Vec<String>,
    /// The site folder.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(Args)]
struct SearchArgs {
    /// The site folder, holding site.yml, content/ and optionally theme/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Search only this language's pages (a tag of `languages:`); every language's
    /// by default.
    #[arg(long)]
    language: Option<String>,
    /// What a reader would type.
    query: String,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: Waymark hit an internal error ({info}); please report it with the page that caused it");
    }));
    std::panic::catch_unwind(move || run(cli)).unwrap_or(ExitCode::FAILURE)
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(a) => {
            commands::build(a.root, a.out, a.drafts, !a.no_minify, a.quiet, a.verbose)
        }
        Command::Serve(a) => commands::serve(a.root, a.port, a.open, a.drafts, a.poll),
        Command::Check(a) => commands::check(a.root, a.drafts, a.deny_warnings),
        Command::New(a) => {
            let kind = match a.kind {
                NewKind::Page => waymark::scaffold::Kind::Page,
                NewKind::Chapter => waymark::scaffold::Kind::Chapter,
            };
            commands::new(&a.root, &a.path, kind, a.title.as_deref())
        }
        Command::Init(a) => commands::init(a.dir, &a.title, &a.language),
        Command::Theme(a) => commands::theme(&a.root, &a.files),
        Command::Search(a) => commands::search(a.root, a.drafts, &a.query, a.language.as_deref()),
    }
}
