//! The `waymark` command line: parses arguments and hands over to the library.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use waymark::{BuildError, BuildOptions, Diagnostic, Report};

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
        /// Print only errors.
        #[arg(long, short, conflicts_with = "verbose")]
        quiet: bool,
        /// Also print the advice `waymark check` gives.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Serve the site on 127.0.0.1, rebuilding and reloading open pages on every change.
    #[command(
        after_help = "Examples:\n  waymark serve --open              # http://127.0.0.1:1111/ in the browser\n  waymark serve --port 0 --drafts   # any free port, drafts included\n  waymark serve --poll              # on network drives and WSL's /mnt/c"
    )]
    Serve {
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
    },
    /// Check the site as `build` would, writing nothing, and give advice on top.
    #[command(
        after_help = "Examples:\n  waymark check                     # errors exit 1; warnings alone exit 0\n  waymark check --deny-warnings     # in CI: warnings fail too"
    )]
    Check {
        /// The site folder, holding site.yml, content/ and optionally theme/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Exit with 1 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Add a page or a channel chapter to the site.
    #[command(
        after_help = "Examples:\n  waymark new page \"Check My Status\"          # content/check-my-status.md\n  waymark new chapter refunds --title 退款      # content/refunds.md, one channel of two steps\n  waymark new page guides/contact --title 联系我们"
    )]
    New {
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
    },
    /// Create a new site, ready to build and serve.
    #[command(
        after_help = "Examples:\n  waymark init my-guide                          # a Chinese site in ./my-guide\n  waymark init my-guide --language en --title \"Refund guide\""
    )]
    Init {
        /// The folder to create it in; must be new or empty.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The site's title.
        #[arg(long, default_value = "My guide")]
        title: String,
        /// The site's language (BCP 47): `zh-CN` or `en` ship with UI strings.
        #[arg(long, default_value = "zh-CN")]
        language: String,
    },
    /// Copy the default theme's files into the site's theme/ folder, to edit them.
    #[command(
        after_help = "Examples:\n  waymark theme templates/channel.html   # change one template; the rest keep updating\n  waymark theme                          # every file (never overwrites)\n\nTo add a few CSS rules, write theme/static/extra.css instead: pages load it after the default stylesheet."
    )]
    Theme {
        /// Files to copy, as paths below theme/ (`templates/channel.html`); all when none.
        files: Vec<String>,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Show what a search finds, ranked as the site's search box ranks it.
    #[command(
        after_help = "Examples:\n  waymark search 小蜜\n  waymark search \"12315 区号\" --root my-guide"
    )]
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

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    Page,
    Chapter,
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
        Command::Build {
            root,
            out,
            drafts,
            no_minify,
            quiet,
            verbose,
        } => build(root, out, drafts, !no_minify, quiet, verbose),
        Command::Serve {
            root,
            port,
            open,
            drafts,
            poll,
        } => serve(root, port, open, drafts, poll),
        Command::Check {
            root,
            drafts,
            deny_warnings,
        } => check(root, drafts, deny_warnings),
        Command::New {
            kind,
            path,
            title,
            root,
        } => {
            let kind = match kind {
                NewKind::Page => waymark::scaffold::Kind::Page,
                NewKind::Chapter => waymark::scaffold::Kind::Chapter,
            };
            match waymark::scaffold::new_page(&root, &path, kind, title.as_deref()) {
                Ok(path) => {
                    println!("created {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        Command::Init {
            dir,
            title,
            language,
        } => init(dir, &title, &language),
        Command::Theme { files, root } => match waymark::scaffold::copy_theme(&root, &files) {
            Ok((written, kept)) => {
                for path in &written {
                    println!("created {}", path.display());
                }
                for path in &kept {
                    println!(
                        "kept    {} (already there; not overwritten)",
                        path.display()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        Command::Search {
            root,
            drafts,
            query,
        } => search(root, drafts, &query),
    }
}

fn fail(e: &anyhow::Error) -> ExitCode {
    let _ = writeln!(anstream::stderr(), "error: {e:#}");
    ExitCode::FAILURE
}

/// Prints diagnostics to stderr, in colour where the terminal wants it (`NO_COLOR`
/// and pipes get plain text).
fn report(diagnostics: &[Diagnostic]) {
    let mut err = anstream::stderr().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{}\n", d.render(true));
    }
}

fn report_failure(e: &BuildError) {
    let messages = e.messages(true);
    let mut err = anstream::stderr().lock();
    for m in &messages {
        let _ = writeln!(err, "{m}\n");
    }
    drop(err);
    let n = messages.len();
    let _ = writeln!(
        anstream::stderr(),
        "the build failed with {n} error{}",
        if n == 1 { "" } else { "s" }
    );
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `154.0 KB`, `84.6 MB`.
fn size(bytes: usize) -> String {
    let kb = bytes as f64 / 1024.0;
    if kb < 1024.0 {
        format!("{kb:.1} KB")
    } else {
        format!("{:.1} MB", kb / 1024.0)
    }
}

/// One line saying what a build made.
fn summary(report: &Report, started: Instant) -> String {
    let s = report.stats;
    format!(
        "{}, {}, {}, {}: {}, {} in {} ms",
        plural(s.pages, "page", "pages"),
        plural(s.channels, "channel", "channels"),
        plural(s.steps, "step", "steps"),
        plural(
            report.search.docs.len(),
            "search document",
            "search documents"
        ),
        plural(report.written.files, "file", "files"),
        size(report.written.bytes),
        started.elapsed().as_millis()
    )
}

fn build(
    root: PathBuf,
    out: Option<PathBuf>,
    drafts: bool,
    minify: bool,
    quiet: bool,
    verbose: bool,
) -> ExitCode {
    let out = out.unwrap_or_else(|| root.join("public"));
    let started = Instant::now();
    // Everything that can be refused is refused before the lock or any folder is made.
    if let Err(e) = site_folder(&root) {
        return e.fail();
    }
    let target = match waymark::output::Target::check(&root, &out) {
        Ok(target) => target,
        Err(e) => return fail(&e),
    };
    if let Err(diagnostics) = waymark::config::load(&root) {
        if target.has_leftovers() {
            // A killed build left the old site aside: put it back even so.
            if let Err(e) = target.open() {
                return fail(&e);
            }
        }
        report_failure(&BuildError::Invalid(diagnostics));
        eprintln!("nothing was written; `{}` is unchanged", out.display());
        return ExitCode::FAILURE;
    }
    let output = match target.open() {
        Ok(output) => output,
        Err(e) => return fail(&e),
    };
    let progress = (!quiet).then(Progress::start);
    let options = BuildOptions {
        root,
        drafts,
        minify,
        progress: progress
            .as_ref()
            .map(|_| Progress::stage as waymark::Progress),
    };
    let staged = match output.stage() {
        Ok(staged) => staged,
        Err(e) => return fail(&e),
    };
    let built = match waymark::build_into(&options, staged.sink()) {
        Ok(built) => built,
        Err(e) => {
            drop(progress);
            drop(staged);
            report_failure(&e);
            eprintln!("nothing was written; `{}` is unchanged", out.display());
            return ExitCode::FAILURE;
        }
    };
    Progress::stage("publishing");
    let published = staged.publish();
    drop(progress);
    if let Err(e) = published {
        return fail(&e);
    }
    if !quiet {
        report(&built.warnings);
        if verbose {
            report(&built.lints);
        }
        let advice = if built.lints.is_empty() || verbose {
            String::new()
        } else {
            format!(
                "; {} (see `waymark check`)",
                plural(built.lints.len(), "suggestion", "suggestions")
            )
        };
        eprintln!(
            "built {} into {}{advice}",
            summary(&built, started),
            out.display()
        );
    }
    ExitCode::SUCCESS
}

/// Why `--root` is not a site folder: what is wrong and what to do.
struct NotASite {
    problem: String,
    help: String,
}

impl NotASite {
    fn fail(&self) -> ExitCode {
        let _ = writeln!(
            anstream::stderr(),
            "error: {}\n  = help: {}",
            self.problem,
            self.help
        );
        ExitCode::FAILURE
    }
}

/// Checks that `root` is a site folder (it exists and holds `site.yml` or `content/`)
/// before a command reads it or writes beside it. A folder with `content/` but no
/// `site.yml` passes, for `site.yml`'s own error to say what to write in it.
fn site_folder(root: &std::path::Path) -> Result<(), NotASite> {
    let here = root == std::path::Path::new(".") || root.as_os_str().is_empty();
    let shown = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let init = if here {
        "run `waymark init` to create a site here".to_string()
    } else {
        format!(
            "run `waymark init {}` to create a site there",
            root.display()
        )
    };
    let other = "or pass `--root <site folder>`";
    let problem = match std::fs::metadata(root) {
        Err(_) => format!("the site folder `{}` does not exist", shown.display()),
        Ok(meta) if !meta.is_dir() => {
            return Err(NotASite {
                problem: format!("`{}` is a file, not a site folder", shown.display()),
                help: "pass `--root <site folder>`".to_string(),
            })
        }
        Ok(_) if root.join("site.yml").exists() || root.join("content").is_dir() => return Ok(()),
        Ok(_) => format!(
            "there is no `site.yml` in `{}`, so it is not a Waymark site",
            shown.display()
        ),
    };
    Err(NotASite {
        problem,
        help: format!("{init}, {other}"),
    })
}

/// A spinner naming the build's stage, on a terminal only and only once a build has
/// taken a second: short builds print nothing but their summary.
struct Progress;

static BAR: std::sync::OnceLock<indicatif::ProgressBar> = std::sync::OnceLock::new();

impl Progress {
    fn start() -> Progress {
        let bar = BAR.get_or_init(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::hidden(),
            );
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar
        });
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(1));
            if !shown.is_finished() && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                shown.enable_steady_tick(std::time::Duration::from_millis(120));
            }
        });
        Progress
    }

    fn stage(name: &'static str) {
        if let Some(bar) = BAR.get() {
            bar.set_message(name);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = BAR.get() {
            bar.finish_and_clear();
        }
    }
}

/// Builds unminified, keeping no file, as `check` and `search` need; reports a failure.
fn build_for_report(root: PathBuf, drafts: bool) -> Option<Report> {
    let options = BuildOptions {
        root,
        drafts,
        ..BuildOptions::default()
    };
    waymark::build_into(&options, &waymark::output::Discard)
        .map_err(|e| report_failure(&e))
        .ok()
}

fn check(root: PathBuf, drafts: bool, deny_warnings: bool) -> ExitCode {
    let started = Instant::now();
    if let Err(e) = site_folder(&root) {
        return e.fail();
    }
    let Some(site) = build_for_report(root, drafts) else {
        return ExitCode::FAILURE;
    };
    let mut warnings = site.warnings.clone();
    warnings.extend(site.lints.iter().cloned());
    waymark::diagnostic::sort(&mut warnings);
    report(&warnings);
    eprintln!(
        "checked {}; {}",
        summary(&site, started),
        plural(warnings.len(), "warning", "warnings")
    );
    if deny_warnings && !warnings.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn init(dir: PathBuf, title: &str, language: &str) -> ExitCode {
    if !waymark::config::is_language_tag(language) {
        return fail(&anyhow::anyhow!(
            "`{language}` is not a BCP 47 language tag; write it like `zh-CN` or `en`"
        ));
    }
    match waymark::scaffold::init(&dir, title, language) {
        Ok(files) => {
            for f in &files {
                println!("created {}", f.display());
            }
            let cd = if dir == std::path::Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", dir.display())
            };
            println!("next: {cd}waymark serve --open");
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

fn serve(root: PathBuf, port: u16, open: bool, drafts: bool, poll: bool) -> ExitCode {
    if let Err(e) = site_folder(&root) {
        return e.fail();
    }
    let options = waymark::serve::ServeOptions {
        root,
        port,
        drafts,
        poll,
    };
    let result = waymark::serve::serve(&options, |url| {
        println!("serving at {url} (Ctrl-C to stop)");
        let _ = std::io::stdout().flush();
        if open {
            open_browser(url);
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// Asks the desktop to open `url`; says so if it cannot.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("cannot open a browser here; open {url} yourself");
    }
}

fn search(root: PathBuf, drafts: bool, query: &str) -> ExitCode {
    let Some(site) = build_for_report(root, drafts) else {
        return ExitCode::FAILURE;
    };
    let hits = waymark::search::query::search(&site.search, query);
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
