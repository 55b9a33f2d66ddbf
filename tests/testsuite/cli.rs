//! The command line: exit codes, messages, and the guarantee that a failed build
//! leaves the previous output untouched and nothing is written outside it.

use std::fs;

use crate::common::{snapshot, TestSite};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn build_writes_public_and_exits_zero() {
    let site = TestSite::fixture("guide");
    let out = site.cli(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.root().join("public/index.html").is_file());
    assert!(site.root().join("public/ch/app.html").is_file());
    assert!(stderr(&out).contains("built"));
}

#[test]
fn root_and_out_flags_are_honoured() {
    let site = TestSite::fixture("guide");
    let elsewhere = tempfile::tempdir().unwrap();
    let out_dir = elsewhere.path().join("site");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--out")
        .arg(&out_dir)
        .args(["--drafts", "--no-minify"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out_dir.join("wip.html").is_file(), "--drafts");
    let html = fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(
        html.contains("\n<head>\n"),
        "--no-minify keeps the template's line breaks"
    );
    assert!(!site.root().join("public").exists());
}

#[test]
fn two_builds_write_identical_folders() {
    let site = TestSite::fixture("guide");
    assert!(site.cli(&["build", "--out", "one"]).status.success());
    assert!(site.cli(&["build", "--out", "two"]).status.success());
    assert_eq!(
        snapshot(&site.root().join("one")),
        snapshot(&site.root().join("two"))
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::fixture("guide");
    assert!(site.cli(&["build"]).status.success());
    let before = snapshot(&site.root().join("public"));
    site.write("content/a.md", "---\ntitle: A\nbroken: yes\n---\n");
    site.write("content/d/b.md", "---\ntitle: B\n---\n[x](gone.md)\n");
    let out = site.cli(&["build"]);
    assert!(!out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("content/a.md:3:1"), "{err}");
    assert!(err.contains("unknown key `broken`"), "{err}");
    assert!(
        err.contains("gone.md"),
        "link errors come in the same run: {err}"
    );
    assert!(err.contains("unchanged"), "{err}");
    assert_eq!(snapshot(&site.root().join("public")), before);
    let leftovers: Vec<_> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !leftovers
            .iter()
            .any(|n| n.to_string_lossy().contains("staging")),
        "{leftovers:?}"
    );
}

#[test]
fn a_rebuild_replaces_stale_files() {
    let site = TestSite::fixture("guide");
    assert!(site.cli(&["build"]).status.success());
    fs::remove_file(site.root().join("content/d/e/deep.md")).unwrap();
    site.write("content/a.md", "---\ntitle: A\n---\n## Custom {#custom}\n");
    let out = site.cli(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!site.root().join("public/d/e/deep.html").exists());
}

#[test]
fn output_folders_that_hold_sources_are_refused() {
    let site = TestSite::fixture("guide");
    let before = snapshot(site.root());
    for out in [".", "content", "theme", "..", "content/public"] {
        let result = site.cli(&["build", "--out", out]);
        assert!(!result.status.success(), "--out {out} was accepted");
        assert!(stderr(&result).contains("refusing"), "{}", stderr(&result));
    }
    assert_eq!(snapshot(site.root()), before, "nothing was written");
}

#[test]
fn a_folder_of_someone_elses_files_is_not_replaced() {
    let site = TestSite::fixture("guide");
    site.write("stuff/keep.txt", "precious");
    let result = site.cli(&["build", "--out", "stuff"]);
    assert!(!result.status.success());
    assert!(
        stderr(&result).contains("not written by Waymark"),
        "{}",
        stderr(&result)
    );
    assert_eq!(
        fs::read_to_string(site.root().join("stuff/keep.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn a_missing_site_yml_says_what_to_do() {
    let site = TestSite::empty();
    let out = site.cli(&["build"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("site.yml"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--root"), "{}", stderr(&out));
}

#[test]
fn search_shows_what_the_search_box_finds() {
    let site = TestSite::fixture("guide");
    let out = site.cli(&["search", "进入我的"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(" 1. 进入“我的”页面") && first.contains("ch/app.html#step-2"),
        "{text}"
    );
    let none = site.cli(&["search", "不存在的词语组合"]);
    assert!(String::from_utf8_lossy(&none.stdout).contains("no results"));
}

#[test]
fn init_and_new_write_sites_that_build_and_check_points_only_at_their_placeholders() {
    for language in ["zh-CN", "en"] {
        let holder = TestSite::empty();
        let run = |args: &[&str]| {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
                .args(args)
                .current_dir(holder.root())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        run(&[
            "init",
            "site",
            "--language",
            language,
            "--title",
            "测试 \"guide\"",
        ]);
        run(&[
            "new",
            "chapter",
            "more/refunds",
            "--root",
            "site",
            "--title",
            "退款: 怎么办",
        ]);
        run(&["new", "page", "about", "--root", "site"]);
        run(&["build", "--root", "site"]);
        // `check` points at every placeholder sentence and at the two new pages no
        // page links to yet, and at nothing else.
        let check = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
            .args(["check", "--root", "site"])
            .current_dir(holder.root())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&check.stderr);
        assert!(check.status.success(), "{stderr}");
        let warnings = stderr.matches("warning: ").count();
        let placeholders = stderr
            .matches("placeholder text from `waymark init` or `waymark new`")
            .count();
        assert!(placeholders >= 6, "{stderr}");
        assert!(
            stderr.contains("--> site.yml:2:14"),
            "the site's description: {stderr}"
        );
        for new in ["about.md", "more/refunds.md"] {
            assert!(
                stderr.contains(&format!("no other page links to `{new}`")),
                "{stderr}"
            );
        }
        assert_eq!(warnings, placeholders + 2, "only placeholders: {stderr}");
        assert!(holder
            .root()
            .join("site/public/more/refunds/online.html")
            .is_file());
    }
}

/// `new page "Check My Status"` writes `check-my-status.md` titled as typed; a
/// mistyped command or flag gets a suggestion and exits 2, a usage error.
#[test]
fn new_names_files_for_urls_and_typos_get_suggestions() {
    let site = TestSite::minimal();
    let out = site.cli(&["new", "page", "help/Check My Status"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = site.root().join("content/help/check-my-status.md");
    let text = std::fs::read_to_string(&file).expect("written under a URL-safe name");
    assert!(text.contains("title: \"Check My Status\""), "{text}");
    for bad in ["../x", "a/../b", "!!!", "a//b"] {
        let out = site.cli(&["new", "page", bad]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("is not a path inside `content/`"),
            "{bad}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = site.cli(&["biuld"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("similar subcommand exists: 'build'"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = site.cli(&["build", "--drafs"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("similar argument exists: '--drafts'"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `waymark theme FILE` copies one default theme file into the site for editing, never
/// overwriting; `theme/static/extra.css` is linked after the default stylesheet, so a
/// few rules restyle the site without replacing it.
#[test]
fn a_site_copies_theme_files_and_adds_css() {
    let site = TestSite::minimal();
    let out = site.cli(&["theme", "templates/channel.html"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let copied = site.root().join("theme/templates/channel.html");
    let default = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("theme/templates/channel.html"),
    )
    .unwrap();
    assert_eq!(std::fs::read_to_string(&copied).unwrap(), default);
    std::fs::write(&copied, format!("{default}\n{{# mine #}}\n")).unwrap();
    let again = site.cli(&["theme", "templates/channel.html"]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("not overwritten"));
    assert!(std::fs::read_to_string(&copied).unwrap().contains("mine"));
    let typo = site.cli(&["theme", "templates/chanel.html"]);
    assert_eq!(typo.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&typo.stderr).contains("did you mean `templates/channel.html`?"),
        "{}",
        String::from_utf8_lossy(&typo.stderr)
    );

    let plain = site.site();
    assert!(!plain.text("index.html").unwrap().contains("extra.css"));
    site.write("theme/static/extra.css", ".site-title { color: teal; }\n");
    let built = site.site();
    let home = built.text("index.html").unwrap();
    let default_css = home.find("assets/waymark.css").unwrap();
    let extra = home.find("assets/extra.css").expect("extra.css is linked");
    assert!(extra > default_css, "after the default stylesheet");
    assert!(built.files.contains_key("assets/extra.css"));
}

/// An English site's starting files and the command line's help carry no Chinese
/// example: an author who writes in English never meets words they cannot read.
#[test]
fn an_english_site_and_the_help_carry_no_chinese() {
    let cjk = |s: &str| {
        s.chars().any(|c| {
            ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c)
        })
    };
    let site = TestSite::empty();
    let out = site.cli(&["init", "guide", "--language", "en", "--title", "Guide"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for entry in walkdir::WalkDir::new(site.root().join("guide")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            assert!(!cjk(&text), "{}: {text}", entry.path().display());
        }
    }
    for command in ["build", "serve", "check", "new", "init", "theme", "search"] {
        let out = site.cli(&[command, "--help"]);
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(!cjk(&help), "{command} --help: {help}");
    }
}
