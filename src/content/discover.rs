//! Finding a site's sources under `content/` and deciding where each lands in the
//! output; the [`crate::plan::Plan`] checks that no two land on one file.

use std::path::Path;

use rayon::prelude::*;

use super::model::{Alias, Asset, Content, FrontMatter, Page, CHANNEL_KEYS, PAGE_KEYS};
use crate::diagnostic::{self, Diagnostic};
use crate::languages::{self, Language};
use crate::paths::{self, is_slug};
use crate::plan::{By, Claim};
use crate::sources;
use crate::yaml::{self, locate};

/// Walks `<root>/content` in a stable order, decodes every page's front matter and
/// checks the URL contract (the output paths are checked by claiming them, see
/// [`claims`]). Returns what could be read together with every problem
/// found, so later stages can still report theirs in the same run.
/// Uses of `facts` in front matter get their values here (see [`crate::facts::front`]).
pub fn discover(
    root: &Path,
    include_drafts: bool,
    languages: &[(Language, std::sync::Arc<crate::facts::Registry>)],
) -> (Vec<Content>, Vec<Diagnostic>) {
    let content_dir = root.join("content");
    let tags: Vec<String> = languages.iter().map(|(l, _)| l.tag.clone()).collect();
    let facts_of = |tag: &str| {
        languages
            .iter()
            .find(|(l, _)| l.tag == tag)
            .or(languages.first())
            .map(|(_, r)| r.clone())
            .unwrap_or_default()
    };
    let mut content = Content {
        facts: facts_of(""),
        language: languages
            .first()
            .map(|(l, _)| l.clone())
            .unwrap_or_default(),
        ..Content::default()
    };
    if !content_dir.is_dir() {
        let missing = Diagnostic::new("content", 0, 0, "the site has no `content/` folder")
            .with_help("create `content/index.md` with a front matter block holding `title: …`");
        return (vec![content], vec![missing]);
    }
    let (found, mut errors) = sources::walk(root, "content");
    let read: Vec<Read> = found
        .into_par_iter()
        .map(|file| {
            let source = format!("content/{}", file.rel);
            let translation = languages::translation(&file.rel, &tags);
            let facts = facts_of(translation.as_ref().map_or("", |(_, t)| t));
            let result = match std::fs::read(&file.path) {
                Err(e) => Err(vec![Diagnostic::new(
                    source,
                    0,
                    0,
                    format!("cannot read the file: {e}"),
                )]),
                Ok(bytes) if !file.rel.ends_with(".md") => Ok(Source::Asset(bytes)),
                Ok(bytes) => read_page(source, file.rel.clone(), bytes, &facts)
                    .map(|(p, later)| Source::Page(Box::new(p), later)),
            };
            (file.rel, translation.map(|(_, t)| t), result)
        })
        .collect();
    let mut translated: Vec<(&str, Page)> = Vec::new();
    let mut assets = Vec::new();
    for (rel, tag, result) in read {
        if let (None, Some((problem, name))) = (tag, languages::misnamed(&rel, &tags)) {
            errors.push(
                Diagnostic::new(
                    format!("content/{rel}"),
                    0,
                    0,
                    format!("this file is named like a translation, but {problem}"),
                )
                .with_help(format!("rename it `content/{name}`")),
            );
            continue;
        }
        match result {
            Ok(Source::Asset(bytes)) => assets.push(Asset { rel, bytes }),
            // A translation left as a draft is not published: its page falls back.
            Ok(Source::Page(page, _)) if page.meta.draft && !include_drafts => {
                if tag.is_none() {
                    content.drafts.push(rel)
                }
            }
            // A page whose front matter uses facts wrongly is still read on, so the
            // problems of its body are reported in the same run.
            Ok(Source::Page(page, mut later)) => {
                errors.append(&mut later);
                match tag {
                    Some(tag) => translated.push((tag, *page)),
                    None => content.pages.push(*page),
                }
            }
            Err(mut es) => {
                errors.append(&mut es);
                if rel.ends_with(".md") && tag.is_none() {
                    content.broken.push(rel);
                }
            }
        }
    }
    content.assets = std::sync::Arc::new(assets);
    let has_home = content.pages.iter().any(|p| p.output == "index.html")
        || content.broken.iter().any(|r| r == "index.md");
    if !has_home {
        errors.push(
            Diagnostic::new("content/index.md", 0, 0, "the site has no home page").with_help(
                "create `content/index.md`; it becomes `index.html`, the page readers open first",
            ),
        );
    }
    let mut all = vec![];
    for (language, facts) in languages.iter().skip(1) {
        let (mine, rest): (Vec<_>, Vec<_>) = translated
            .into_iter()
            .partition(|(t, _)| *t == language.tag);
        translated = rest;
        let mine: Vec<Page> = mine.into_iter().map(|(_, p)| p).collect();
        all.push(super::translate::language(
            &content,
            language,
            facts.clone(),
            mine,
            &mut errors,
        ));
    }
    all.insert(0, content);
    (all, errors)
}

/// Reads one page, `rel` relative to `content/`, as [`discover`] would (for `serve`,
/// which redoes a page alone when only its body changed).
pub fn read_one(
    root: &Path,
    rel: &str,
    facts: &crate::facts::Registry,
) -> Result<Page, Vec<Diagnostic>> {
    let source = format!("content/{rel}");
    let bytes = std::fs::read(root.join("content").join(rel)).map_err(|e| {
        vec![Diagnostic::new(
            &source,
            0,
            0,
            format!("cannot read the file: {e}"),
        )]
    })?;
    match read_page(source, rel.to_string(), bytes, facts)? {
        (page, later) if later.is_empty() => Ok(page),
        (_, later) => Err(later),
    }
}

/// A file under `content/` as read: its path, the language it translates into (for a
/// translation) and what it holds.
type Read<'t> = (String, Option<&'t str>, Result<Source, Vec<Diagnostic>>);

/// A file under `content/`, read.
enum Source {
    /// A page, and the problems of its front matter's uses of facts.
    Page(Box<Page>, Vec<Diagnostic>),
    Asset(Vec<u8>),
}

/// Decodes one page and validates the values serde cannot check alone; its uses of
/// facts in front matter get their values, and their problems come back beside the
/// page, which can still be read on.
fn read_page(
    source: String,
    rel: String,
    bytes: Vec<u8>,
    facts: &crate::facts::Registry,
) -> Result<(Page, Vec<Diagnostic>), Vec<Diagnostic>> {
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
    let text = yaml::normalize_source(&raw);
    let split = yaml::split(&source, &text).map_err(|d| vec![d])?;
    let meta: FrontMatter = yaml::decode(
        &source,
        split.yaml,
        split.yaml_line,
        (PAGE_KEYS, CHANNEL_KEYS),
        &text,
    )?;
    let yaml = split.yaml_start..split.yaml_start + split.yaml.len();
    let mut errors = Vec::new();
    let at = |key: &str| {
        let (l, c) = locate::find(split.yaml, key).unwrap_or((1, 1));
        (split.yaml_line + l - 1, c)
    };
    if meta.title.trim().is_empty() {
        let (l, c) = at("title");
        errors.push(
            Diagnostic::new(&source, l, c, "`title` is empty")
                .with_help("give the page a title")
                .quoting(&text),
        );
    }
    if let Some(slug) = &meta.slug {
        if rel == "index.md" || rel.ends_with("/index.md") {
            let (l, c) = at("slug");
            errors.push(
                Diagnostic::new(
                    &source,
                    l,
                    c,
                    "an `index.md` is its folder's page and cannot take a `slug`",
                )
                .with_help("remove the `slug` line; to change the address, rename the folder")
                .quoting(&text),
            );
        } else if !is_slug(slug) {
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
    for (i, channel) in meta.channels.iter().enumerate() {
        if let Some(date) = channel.checked.as_deref().filter(|d| !is_date(d)) {
            let (l, c) = at(&format!("channels[{i}].checked"));
            errors.push(
                Diagnostic::new(
                    &source,
                    l,
                    c,
                    format!("`checked` must be a date like 2026-11-20, not `{date}`"),
                )
                .with_help("write the day the channel's facts were last checked, as YYYY-MM-DD")
                .quoting(&text),
            );
        }
    }
    let mut aliases = Vec::new();
    for (alias, (l, c)) in meta
        .aliases
        .iter()
        .zip(alias_places(split.yaml, &meta.aliases))
    {
        let (line, column) = (split.yaml_line + l - 1, c);
        match paths::alias_output(alias) {
            Ok(output) => aliases.push(Alias {
                output,
                line,
                column,
                source_line: text
                    .lines()
                    .nth(line - 1)
                    .unwrap_or("")
                    .trim_end()
                    .to_string(),
            }),
            Err(bad) => errors.push(
                Diagnostic::new(&source, line, column, bad.message)
                    .with_help(bad.help)
                    .quoting(&text),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let output = paths::page_output(&rel, meta.slug.as_deref());
    let mut page = Page {
        source,
        rel,
        output,
        meta,
        body_offset: split.body_offset,
        yaml,
        text,
        aliases,
        fallback: false,
        original_title: None,
    };
    let later = crate::facts::front::expand(&mut page, facts);
    if crate::strings::title_has_code(&page.meta.title) {
        page.meta.title_code = Some(page.meta.title.clone());
        page.meta.title = crate::strings::title_text(&page.meta.title);
    }
    Ok((page, later))
}

/// Line and column (in the YAML block) of each alias, in order: the line scan finds
/// the `aliases` key, and each value is looked for after the one before it, in a
/// flow list (`[a.html, b/]`) or a block one (`- a.html`). A value that cannot be
/// found (written with escapes) is placed at the key.
fn alias_places(yaml: &str, aliases: &[String]) -> Vec<(usize, usize)> {
    let Some((line, column)) = locate::find(yaml, "aliases") else {
        return vec![(1, 1); aliases.len()];
    };
    let line_start: usize = yaml
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let mut cursor = line_start + "aliases:".len();
    aliases
        .iter()
        .map(|alias| {
            match yaml
                .get(cursor..)
                .and_then(|rest| rest.find(alias.as_str()))
            {
                Some(i) if !alias.is_empty() => {
                    cursor += i + alias.len();
                    diagnostic::line_col(yaml, cursor - alias.len())
                }
                _ => (line, column),
            }
        })
        .collect()
}

/// Days from 1970-01-01 to a `YYYY-MM-DD` date (proleptic Gregorian calendar).
pub fn days_since_epoch(date: &str) -> Option<i64> {
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// A real calendar date written `YYYY-MM-DD` (leap years included).
pub fn is_date(s: &str) -> bool {
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
    let year: u32 = s[0..4].parse().unwrap_or(0);
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Every output path the sources decide, with who decides it, where (the key that
/// made it: `slug`, a channel's `id`, an alias; 0 for the file name alone) and the page
/// whose text an error quotes, for the [`crate::plan::Plan`] to claim. Channel pages
/// (`x/<id>.html`) are among them, since the front matter alone decides them. Assets
/// come first, then each page with its channel pages, then every alias, so a clash
/// with an alias is reported at the alias, whichever file sorts first.
pub fn claims(content: &Content) -> Vec<(String, Claim, Option<usize>)> {
    let mut claims = Vec::new();
    // Assets are shared by every language: the default language claims them.
    let assets = if content.language.is_default() {
        &content.assets[..]
    } else {
        &[]
    };
    for asset in assets {
        let by = By::Asset {
            source: format!("content/{}", asset.rel),
        };
        claims.push((asset.rel.clone(), claim(by, (0, 0)), None));
    }
    for (n, page) in content.pages.iter().enumerate() {
        let yaml_line = diagnostic::line_col(&page.text, page.yaml.start).0;
        let key = |path: &str| {
            locate::find(page.yaml(), path).map_or((1, 1), |(l, c)| (yaml_line + l - 1, c))
        };
        let at = if page.meta.slug.is_some() {
            key("slug")
        } else {
            (0, 0)
        };
        let by = || By::Page {
            source: page.source.clone(),
        };
        claims.push((page.output.clone(), claim(by(), at), Some(n)));
        let mut ids = std::collections::HashSet::new();
        for (i, channel) in page.meta.channels.iter().enumerate() {
            // A repeated id is the chapter's own error (reported by the channel split).
            if paths::is_channel_id(&channel.id) && ids.insert(&channel.id) {
                claims.push((
                    paths::channel_output(&page.output, &channel.id),
                    claim(by(), key(&format!("channels[{i}].id"))),
                    Some(n),
                ));
            }
        }
    }
    for (n, page) in content.pages.iter().enumerate() {
        for alias in &page.aliases {
            let by = By::Alias {
                source: page.source.clone(),
                quote: alias.source_line.clone(),
            };
            claims.push((
                alias.output.clone(),
                claim(by, (alias.line, alias.column)),
                Some(n),
            ));
        }
    }
    claims
}

fn claim(by: By, (line, column): (usize, usize)) -> Claim {
    Claim { by, line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(is_date("2024-11-17"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-02-30"));
        assert!(!is_date("2024-04-31"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("17/11/2024"));
        assert!(!is_date("2024-1-1"));
    }
}
