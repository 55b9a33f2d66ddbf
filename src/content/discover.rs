//! Finding a site's sources under `content/` and deciding where each lands in the output.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::front_matter;
use super::model::{Asset, Content, FrontMatter, Page, CHANNEL_KEYS, PAGE_KEYS};
use crate::diagnostic::Diagnostic;

/// Walks `<root>/content` in a stable order, decodes every page's front matter and
/// checks the URL contract. Returns what could be read together with every problem
/// found, so later stages can still report theirs in the same run.
pub fn discover(root: &Path, include_drafts: bool) -> (Content, Vec<Diagnostic>) {
    let content_dir = root.join("content");
    let mut errors = Vec::new();
    let mut content = Content::default();
    if !content_dir.is_dir() {
        let missing = Diagnostic::new("content", 0, 0, "the site has no `content/` folder")
            .with_help("create `content/index.md` with a front matter block holding `title: …`");
        return (content, vec![missing]);
    }
    let mut found: Vec<(String, std::path::PathBuf)> = Vec::new();
    let walker = WalkDir::new(&content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => match relative(&content_dir, e.path()) {
                Some(rel) => found.push((rel, e.into_path())),
                None => errors.push(Diagnostic::new(
                    format!("content/{}", e.path().display()),
                    0,
                    0,
                    "file names must be valid UTF-8",
                )),
            },
            Ok(_) => {}
            Err(e) => errors.push(Diagnostic::new(
                "content",
                0,
                0,
                format!("cannot read the content folder: {e}"),
            )),
        }
    }
    let read: Vec<(String, Result<Source, Vec<Diagnostic>>)> = found
        .into_par_iter()
        .map(|(rel, path)| {
            let source = format!("content/{rel}");
            let result = match std::fs::read(&path) {
                Err(e) => Err(vec![Diagnostic::new(
                    source,
                    0,
                    0,
                    format!("cannot read the file: {e}"),
                )]),
                Ok(bytes) if !rel.ends_with(".md") => Ok(Source::Asset(bytes)),
                Ok(bytes) => {
                    read_page(source, rel.clone(), bytes).map(|p| Source::Page(Box::new(p)))
                }
            };
            (rel, result)
        })
        .collect();
    for (rel, result) in read {
        match result {
            Ok(Source::Asset(bytes)) => content.assets.push(Asset { rel, bytes }),
            Ok(Source::Page(page)) if page.meta.draft && !include_drafts => {
                content.drafts.push(rel)
            }
            Ok(Source::Page(page)) => content.pages.push(*page),
            Err(mut es) => {
                errors.append(&mut es);
                if rel.ends_with(".md") {
                    content.broken.push(rel);
                }
            }
        }
    }
    check_unique_outputs(&content, &mut errors);
    let has_home = content.pages.iter().any(|p| p.output == "index.html")
        || content.broken.iter().any(|r| r == "index.md");
    if !has_home {
        errors.push(
            Diagnostic::new("content/index.md", 0, 0, "the site has no home page").with_help(
                "create `content/index.md`; it becomes `index.html`, the page readers open first",
            ),
        );
    }
    (content, errors)
}

/// A file under `content/`, read.
enum Source {
    Page(Box<Page>),
    Asset(Vec<u8>),
}

fn relative(base: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// Decodes one page and validates the values serde cannot check alone.
fn read_page(source: String, rel: String, bytes: Vec<u8>) -> Result<Page, Vec<Diagnostic>> {
    let raw = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = crate::diagnostic::line_col(
            &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
            e.utf8_error().valid_up_to(),
        );
        vec![
            Diagnostic::new(&source, line, column, "the file is not valid UTF-8")
                .with_help("save it with UTF-8 encoding"),
        ]
    })?;
    let text = front_matter::normalize_source(&raw);
    let split = front_matter::split(&source, &text).map_err(|d| vec![d])?;
    let mut keys = PAGE_KEYS.to_vec();
    keys.extend(CHANNEL_KEYS);
    let meta: FrontMatter =
        front_matter::decode(&source, split.yaml, split.yaml_line, &keys, &text)
            .map_err(|d| vec![d])?;
    let yaml = split.yaml_start..split.yaml_start + split.yaml.len();
    let mut errors = Vec::new();
    let at = |key: &str| front_matter::key_position(split.yaml, split.yaml_line, key);
    if meta.title.trim().is_empty() {
        let (l, c) = at("title");
        errors.push(
            Diagnostic::new(&source, l, c, "`title` is empty")
                .with_help("give the page a title")
                .quoting(&text),
        );
    }
    if let Some(slug) = &meta.slug {
        if !is_slug(slug) {
            let (l, c) = at("slug");
            errors.push(
                Diagnostic::new(
                    &source,
                    l,
                    c,
                    format!("`slug` must use only a-z, 0-9 and `-`, not `{slug}`"),
                )
                .with_help("write it like `slug: file-a-complaint`")
                .quoting(&text),
            );
        }
    }
    if let Some(date) = &meta.updated {
        if !is_date(date) {
            let (l, c) = at("updated");
            errors.push(
                Diagnostic::new(
                    &source,
                    l,
                    c,
                    format!("`updated` must be a date like 2024-11-17, not `{date}`"),
                )
                .quoting(&text),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(&rel)
        .trim_end_matches(".md");
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let name = meta.slug.as_deref().unwrap_or(stem);
    let output = if dir.is_empty() {
        format!("{name}.html")
    } else {
        format!("{dir}/{name}.html")
    };
    Ok(Page {
        source,
        rel,
        output,
        meta,
        body_offset: split.body_offset,
        yaml,
        text,
    })
}

/// `[a-z0-9-]+`: safe in every file system and URL.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Two sources that would write one output file are an error at the second source.
/// Channel pages (`x/<id>.html`) are checked too, since they are decided here by the
/// front matter alone.
fn check_unique_outputs(content: &Content, errors: &mut Vec<Diagnostic>) {
    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    let mut claim = |output: String, source: &str, errors: &mut Vec<Diagnostic>| {
        if let Some(first) = claimed.get(&output) {
            errors.push(
                Diagnostic::new(
                    source,
                    1,
                    1,
                    format!("`{output}` would be written twice: by `{first}` and by `{source}`"),
                )
                .with_help("rename one of the files, or give one a different `slug`"),
            );
        } else {
            claimed.insert(output, source.to_string());
        }
    };
    for asset in &content.assets {
        claim(asset.rel.clone(), &format!("content/{}", asset.rel), errors);
    }
    for page in &content.pages {
        claim(page.output.clone(), &page.source, errors);
        let base = page.output.trim_end_matches(".html");
        for channel in &page.meta.channels {
            if is_slug(&channel.id) {
                claim(format!("{base}/{}.html", channel.id), &page.source, errors);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_for_shape_and_range() {
        assert!(is_date("2024-11-17"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("17/11/2024"));
        assert!(!is_date("2024-1-1"));
    }

    #[test]
    fn slugs_are_lowercase_ascii() {
        assert!(is_slug("file-a-complaint-2"));
        assert!(!is_slug("File"));
        assert!(!is_slug("投诉"));
        assert!(!is_slug(""));
    }
}
