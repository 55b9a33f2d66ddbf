//! `waymark serve`: the site served on 127.0.0.1 while the author writes.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{fail, site_folder};

/// Serves the site at `root` until stopped, opening it in the browser with `open`.
pub fn serve(root: PathBuf, port: u16, open: bool, drafts: bool, poll: bool) -> ExitCode {
    if let Err(e) = site_folder(&root) {
        return e.fail();
    }
    let options = crate::serve::ServeOptions {
        root,
        port,
        drafts,
        poll,
    };
    let result = crate::serve::serve(&options, |url| {
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
