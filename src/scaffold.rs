//! `waymark init` and `waymark new`: starting points that build at once.
//!
//! Every file written here passes `waymark check` without a warning, so an author's
//! first build shows what a clean one looks like. Nothing is ever overwritten.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

/// What kind of page `waymark new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A plain page.
    Page,
    /// A channel chapter with one example channel of two steps.
    Chapter,
}

/// Texts in the site's language (Chinese for `zh…`, English otherwise).
struct Words {
    home_title: &'static str,
    home_description: &'static str,
    home_body: &'static str,
    page_description: &'static str,
    page_body: &'static str,
    chapter_description: &'static str,
    chapter_intro: &'static str,
    channel_name: &'static str,
    channel_summary: &'static str,
    step_one: &'static str,
    step_one_body: &'static str,
    step_two: &'static str,
    step_two_body: &'static str,
}

const ZH: Words = Words {
    home_title: "首页",
    home_description: "这份指南能帮读者做成什么事，用一句话说清。",
    home_body: "从这里开始：先看[办理方式](guide.md)，选一种最适合你的。\n",
    page_description: "这一页讲什么，用一句话说清。",
    page_body: "在这里写正文。\n",
    chapter_description: "这件事有哪几种办法，分别怎么做。",
    chapter_intro: "先说明这件事能通过哪些方式办理，再分别列出步骤。",
    channel_name: "网上办理",
    channel_summary: "有电脑或手机、能上网时选这种。",
    step_one: "打开办理页面",
    step_one_body: "写清楚第一步要做什么。",
    step_two: "提交申请",
    step_two_body: "写清楚下一步要做什么，以及做完之后会看到什么。",
};

const EN: Words = Words {
    home_title: "Home",
    home_description: "One sentence on what this guide helps its reader get done.",
    home_body: "Start here: read [the ways to do it](guide.md) and pick the one that suits you.\n",
    page_description: "One sentence on what this page is about.",
    page_body: "Write the page here.\n",
    chapter_description: "The ways to get this done, and the steps of each.",
    chapter_intro: "Say which ways there are to get this done; each has its own steps below.",
    channel_name: "Online",
    channel_summary: "Choose this when you have a phone or computer at hand.",
    step_one: "Open the form",
    step_one_body: "Say what to do first.",
    step_two: "Send it",
    step_two_body: "Say what to do next, and what the reader sees when it is done.",
};

/// The sentences `init` and `new` write for the author to replace, in every shipped
/// language: `check` warns about a page that still holds one.
pub fn placeholders() -> Vec<&'static str> {
    [&ZH, &EN]
        .iter()
        .flat_map(|w| {
            [
                w.home_description,
                w.page_description,
                w.page_body,
                w.chapter_description,
                w.chapter_intro,
                w.channel_summary,
                w.step_one_body,
                w.step_two_body,
            ]
        })
        .map(str::trim)
        .collect()
}

fn words(language: &str) -> &'static Words {
    if language.to_ascii_lowercase().starts_with("zh") {
        &ZH
    } else {
        &EN
    }
}

/// A quoted YAML string, safe whatever the title holds.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

fn page_text(kind: Kind, title: &str, w: &Words) -> String {
    match kind {
        Kind::Page => format!(
            "---\ntitle: {}\ndescription: {}\n---\n{}",
            yaml_string(title),
            w.page_description,
            w.page_body
        ),
        Kind::Chapter => format!(
            "---\ntitle: {title}\ndescription: {desc}\nchannels:\n  - id: online\n    name: {name}\n    summary: {summary}\n---\n\
             {intro}\n\n## {name_text} {{#online}}\n\n### {s1}\n\n{b1}\n\n### {s2}\n\n{b2}\n",
            title = yaml_string(title),
            desc = w.chapter_description,
            name = yaml_string(w.channel_name),
            summary = w.channel_summary,
            intro = w.chapter_intro,
            name_text = w.channel_name,
            s1 = w.step_one,
            b1 = w.step_one_body,
            s2 = w.step_two,
            b2 = w.step_two_body,
        ),
    }
}

/// Writes a new site into `dir` (created if missing; refused unless empty): `site.yml`,
/// a home page, one channel chapter and a `.gitignore` for the output. Returns the
/// files written.
pub fn init(dir: &Path, title: &str, language: &str) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        let mut entries =
            fs::read_dir(dir).with_context(|| format!("cannot read `{}`", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "refusing to create a site in `{}`: the folder is not empty; choose a new or empty folder",
                dir.display()
            );
        }
    }
    let w = words(language);
    let files = [
        (
            "site.yml",
            format!(
                "title: {}\ndescription: {}\nlanguage: {language}\n",
                yaml_string(title),
                w.home_description
            ),
        ),
        (".gitignore", "/public/\n/.public.waymark-*\n".to_string()),
        (
            "content/index.md",
            format!(
                "---\ntitle: {}\ndescription: {}\n---\n{}",
                yaml_string(w.home_title),
                w.home_description,
                w.home_body
            ),
        ),
        (
            "content/guide.md",
            page_text(
                Kind::Chapter,
                if language.starts_with("zh") {
                    "办理方式"
                } else {
                    "Ways to do it"
                },
                w,
            ),
        ),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        written.push(write_new(&dir.join(rel), &text)?);
    }
    Ok(written)
}

/// Writes a new page or chapter at `path` (relative to `<root>/content`, `.md` added if
/// missing) and returns where it went; refuses to overwrite.
pub fn new_page(root: &Path, path: &str, kind: Kind, title: Option<&str>) -> Result<PathBuf> {
    if !root.join("site.yml").is_file() {
        bail!(
            "there is no `site.yml` in `{}`; run `waymark new` in a site folder, or pass `--root <site folder>`",
            root.display()
        );
    }
    let config = crate::config::load(root).map_err(|ds| {
        let shown: Vec<String> = ds.iter().map(ToString::to_string).collect();
        let shown = shown.join("\n\n");
        // The caller writes `error: ` before the message; each diagnostic already
        // starts with it.
        let shown = shown.strip_prefix("error: ").unwrap_or(&shown).to_string();
        anyhow::anyhow!("{shown}")
    })?;
    let typed = path.trim_start_matches("content/").trim_start_matches('/');
    let typed = typed.strip_suffix(".md").unwrap_or(typed);
    if typed
        .split('/')
        .any(|p| !p.chars().any(char::is_alphanumeric))
    {
        bail!("`{path}` is not a path inside `content/`; write it like `guides/refunds`");
    }
    // File names as URLs want them, by the rule heading ids follow: `Check My Status` →
    // `check-my-status.md`, titled as typed.
    let rel = format!(
        "{}.md",
        typed
            .split('/')
            .map(crate::markdown::ids::slugify)
            .collect::<Vec<_>>()
            .join("/")
    );
    let stem = typed.rsplit('/').next().unwrap_or(typed).trim();
    let title = title.map_or_else(|| stem.replace(['-', '_'], " "), str::to_string);
    let text = page_text(kind, &title, words(&config.language));
    write_new(&root.join("content").join(&rel), &text)
}

/// Copies the default theme's files into `<root>/theme/` for editing: all of them, or
/// only `only` (paths below `theme/`, like `templates/channel.html`). Never overwrites:
/// a file already there is left as it is and listed second. A site keeps getting the
/// default theme's fixes for every file it does not copy, so copy only what you change.
pub fn copy_theme(root: &Path, only: &[String]) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    if !root.join("site.yml").is_file() {
        bail!(
            "there is no `site.yml` in `{}`; run `waymark theme` in a site folder, or pass `--root <site folder>`",
            root.display()
        );
    }
    let known: Vec<&str> = crate::theme::DEFAULT_THEME
        .iter()
        .map(|(p, _)| *p)
        .collect();
    let only: Vec<&str> = only
        .iter()
        .map(|wanted| theme_file(wanted, &known))
        .collect::<Result<_>>()?;
    let (mut written, mut kept) = (Vec::new(), Vec::new());
    for (rel, bytes) in crate::theme::DEFAULT_THEME {
        if !only.is_empty() && !only.contains(rel) {
            continue;
        }
        let path = root.join("theme").join(rel);
        if path.exists() {
            kept.push(path);
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        written.push(write_new(&path, &text)?);
    }
    Ok((written, kept))
}

/// The default theme's file an author meant by `wanted`: its path below `theme/`
/// (`templates/page.html`, with or without a leading `theme/`), or just its name when
/// only one file has that name (`page.html`).
fn theme_file<'a>(wanted: &str, known: &[&'a str]) -> Result<&'a str> {
    let path = wanted.trim().trim_start_matches("./");
    let path = path.strip_prefix("theme/").unwrap_or(path);
    if let Some(exact) = known.iter().find(|k| **k == path) {
        return Ok(exact);
    }
    let named: Vec<&'a str> = known
        .iter()
        .copied()
        .filter(|k| k.rsplit('/').next() == Some(path))
        .collect();
    if let [only] = named[..] {
        return Ok(only);
    }
    let near = if named.len() > 1 {
        format!(
            "; it could be {}",
            named
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    } else {
        crate::diagnostic::suggest(path, known)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default()
    };
    bail!(
        "the default theme has no file `{wanted}`{near} (its files: {})",
        known.join(", ")
    )
}

fn write_new(path: &Path, text: &str) -> Result<PathBuf> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => anyhow::anyhow!(
                "refusing to overwrite `{}`: it already exists; choose another name",
                path.display()
            ),
            _ => anyhow::Error::new(e).context(format!("cannot create `{}`", path.display())),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::theme_file;

    #[test]
    fn a_theme_file_is_found_by_its_path_or_its_own_name() {
        let known = [
            "static/waymark.css",
            "templates/page.html",
            "templates/a/x.html",
            "templates/b/x.html",
        ];
        assert_eq!(
            theme_file("templates/page.html", &known).unwrap(),
            "templates/page.html"
        );
        assert_eq!(
            theme_file("theme/templates/page.html", &known).unwrap(),
            "templates/page.html"
        );
        assert_eq!(
            theme_file("page.html", &known).unwrap(),
            "templates/page.html"
        );
        assert_eq!(
            theme_file("waymark.css", &known).unwrap(),
            "static/waymark.css"
        );
        let two = theme_file("x.html", &known).unwrap_err().to_string();
        assert!(
            two.contains("it could be `templates/a/x.html` or `templates/b/x.html`"),
            "{two}"
        );
        let typo = theme_file("templates/pag.html", &known)
            .unwrap_err()
            .to_string();
        assert!(
            typo.contains("did you mean `templates/page.html`?"),
            "{typo}"
        );
    }
}
