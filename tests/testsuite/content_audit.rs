//! The guide states only what its source article gives. Every number a reader sees on a
//! published page must be one the article prints (or one of the theme's own UI strings,
//! or a step number the theme counts out), and phrases the article does not back, once
//! removed from the guide, must not come back.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::common::default_site;

/// The one permitted source of facts, beside the checkout (CI keeps `shared/` there).
const SOURCE: &str = "../shared/seed/complaint-guide-source.txt";

/// The source article's text. Fails loudly when it is missing: without it nothing can be
/// audited, and a test that passed silently would hide that.
fn source_text() -> String {
    let mut roots = Vec::new();
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        roots.push(PathBuf::from(dir));
    }
    roots.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let mut tried = Vec::new();
    for root in roots {
        let path = root.join(SOURCE);
        match std::fs::read_to_string(&path) {
            Ok(text) => return text,
            Err(e) => tried.push(format!("  {}: {e}", path.display())),
        }
    }
    panic!(
        "the guide's source article is missing, so the guide's facts cannot be audited; \
         it must sit at {SOURCE} relative to the checkout. Tried:\n{}",
        tried.join("\n")
    );
}

/// Every string value of the theme's UI strings (`theme/i18n/*.json`).
fn ui_strings() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("theme/i18n");
    let mut strings = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            let value: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for v in value.as_object().into_iter().flat_map(|o| o.values()) {
                if let Some(s) = v.as_str() {
                    strings.push(s.chars().map(ascii_digit).collect());
                }
            }
        }
    }
    assert!(!strings.is_empty(), "no UI strings in {}", dir.display());
    strings
}

/// Tags whose boundaries do not break a line of text.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "cite", "code", "data", "del", "em", "i", "ins", "kbd", "label",
    "mark", "q", "s", "small", "span", "strong", "sub", "sup", "time", "u", "wbr",
];

/// The text a reader sees on an HTML page: no tags, no attribute values, no comments, no
/// `<script>` or `<style>` contents; entities decoded, full-width digits made ASCII.
/// Block boundaries become line breaks.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        let closing = tag.starts_with("</");
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !closing && (name == "script" || name == "style") {
            let close = format!("</{name}");
            let at = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
            rest = &rest[at..];
        }
        if !INLINE.contains(&name.as_str()) {
            out.push('\n');
        }
    }
    out.push_str(rest);
    decode_entities(&out).chars().map(ascii_digit).collect()
}

/// A full-width digit as its ASCII digit; any other character as it is.
fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        c => c,
    }
}

/// Where the tag starting `s` ends: after its first `>` outside a quoted attribute value.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let name = &rest[1..semi];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let code =
                        if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                            u32::from_str_radix(hex, 16).ok()
                        } else {
                            name.strip_prefix('#').and_then(|d| d.parse().ok())
                        };
                    code.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The maximal runs of ASCII digits in `text`, as (start, end) char positions.
fn digit_runs(text: &[char]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if text[i].is_ascii_digit() {
            let start = i;
            while i < text.len() && text[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    runs
}

fn run_text(text: &[char], (start, end): (usize, usize)) -> String {
    text[start..end].iter().collect()
}

/// A piece of a UI string: literal text, a count the theme fills in (`{n}`, `{m}`,
/// `{done}`, `{total}`: a step number or a number of steps), or any other value
/// (`{channel}`, `{query}`…) filled from content.
enum Piece {
    Lit(Vec<char>),
    Count,
    Other,
}

fn template(ui: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = ui;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            pieces.push(Piece::Lit(rest[..open].chars().collect()));
        }
        pieces.push(match &rest[open + 1..close] {
            "n" | "m" | "done" | "total" => Piece::Count,
            _ => Piece::Other,
        });
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Lit(rest.chars().collect()));
    }
    pieces
}

/// Matches `pieces` at `at`; on success `covered` holds the spans of the literal pieces and
/// of the counts (what the theme wrote), not of the values filled from content.
fn match_at(
    pieces: &[Piece],
    text: &[char],
    at: usize,
    max_count: u32,
    covered: &mut Vec<(usize, usize)>,
) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return true;
    };
    match first {
        Piece::Lit(lit) => {
            if !text[at..].starts_with(lit) {
                return false;
            }
            covered.push((at, at + lit.len()));
            if match_at(rest, text, at + lit.len(), max_count, covered) {
                return true;
            }
            covered.pop();
            false
        }
        Piece::Count => {
            if at > 0 && text[at - 1].is_ascii_digit() {
                return false;
            }
            let len = text[at..].iter().take_while(|c| c.is_ascii_digit()).count();
            let value: Option<u32> = text[at..at + len].iter().collect::<String>().parse().ok();
            if !(1..=2).contains(&len) || value.is_none_or(|v| v > max_count) {
                return false;
            }
            covered.push((at, at + len));
            if match_at(rest, text, at + len, max_count, covered) {
                return true;
            }
            covered.pop();
            false
        }
        Piece::Other => {
            for end in at + 1..=text.len().min(at + 200) {
                if text[end - 1] == '\n' {
                    break;
                }
                if match_at(rest, text, end, max_count, covered) {
                    return true;
                }
            }
            false
        }
    }
}

/// Which characters of `text` the theme's UI strings account for.
fn ui_coverage(text: &[char], templates: &[Vec<Piece>], max_count: u32) -> Vec<bool> {
    let mut mask = vec![false; text.len()];
    for pieces in templates {
        for at in 0..text.len() {
            let mut covered = Vec::new();
            if match_at(pieces, text, at, max_count, &mut covered) {
                for (s, e) in covered {
                    mask[s..e].iter_mut().for_each(|m| *m = true);
                }
            }
        }
    }
    mask
}

/// A clock time `H:MM` whose digits include the run `run`: (hour, minutes).
fn clock_time(text: &[char], run: (usize, usize)) -> Option<(String, String)> {
    let runs_at = |start: usize| {
        let len = text[start..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        (start, start + len)
    };
    let is_time = |hour: (usize, usize), minutes: (usize, usize)| {
        (1..=2).contains(&(hour.1 - hour.0))
            && minutes.1 - minutes.0 == 2
            && text.get(hour.1) == Some(&':')
            && minutes.0 == hour.1 + 1
            && (hour.0 == 0 || !matches!(text[hour.0 - 1], ':' | '0'..='9'))
    };
    // The run as the hour.
    if text.get(run.1) == Some(&':') && text.get(run.1 + 1).is_some_and(|c| c.is_ascii_digit()) {
        let minutes = runs_at(run.1 + 1);
        if is_time(run, minutes) {
            return Some((run_text(text, run), run_text(text, minutes)));
        }
    }
    // The run as the minutes.
    if run.0 >= 2 && text[run.0 - 1] == ':' && text[run.0 - 2].is_ascii_digit() {
        let mut start = run.0 - 1;
        while start > 0 && text[start - 1].is_ascii_digit() {
            start -= 1;
        }
        let hour = (start, run.0 - 1);
        if is_time(hour, run) {
            return Some((run_text(text, hour), run_text(text, run)));
        }
    }
    None
}

/// What the source supports: its digit runs, and its clock times, each marked as
/// afternoon when the article says 下午 or 晚上 just before it.
struct Source {
    runs: BTreeSet<String>,
    times: BTreeSet<(u32, String, bool)>,
}

impl Source {
    fn read() -> Source {
        let text: Vec<char> = visible_text(&source_text()).chars().collect();
        let mut runs = BTreeSet::new();
        let mut times = BTreeSet::new();
        for run in digit_runs(&text) {
            runs.insert(run_text(&text, run));
            if let Some((hour, minutes)) = clock_time(&text, run) {
                let before: String = text[run.0.saturating_sub(12)..run.0].iter().collect();
                let afternoon = before.contains("下午") || before.contains("晚上");
                times.insert((hour.parse().unwrap(), minutes, afternoon));
            }
        }
        Source { runs, times }
    }

    /// A time is backed when the article gives it as written, or gives the afternoon time
    /// it restates on the 24-hour clock (下午2:00 as 14:00).
    fn backs_time(&self, hour: &str, minutes: &str) -> bool {
        let h: u32 = hour.parse().unwrap();
        let m = minutes.to_string();
        self.times.contains(&(h, m.clone(), false))
            || self.times.contains(&(h, m.clone(), true))
            || ((13..=23).contains(&h) && self.times.contains(&(h - 12, m, true)))
    }
}

/// The published HTML pages and the text a reader sees on each.
fn published_pages() -> (&'static waymark::Site, Vec<(String, Vec<char>)>) {
    let site = default_site(false);
    let pages = site
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            let html = String::from_utf8_lossy(bytes);
            (path.clone(), visible_text(&html).chars().collect())
        })
        .collect();
    (site, pages)
}

fn context(text: &[char], (start, end): (usize, usize)) -> String {
    let from = start.saturating_sub(16);
    let to = (end + 16).min(text.len());
    let quote: String = text[from..to].iter().collect();
    let quote = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("…{quote}…")
}

#[test]
fn every_number_on_a_published_page_is_in_the_source() {
    let source = Source::read();
    let templates: Vec<Vec<Piece>> = ui_strings()
        .iter()
        .map(|s| template(s))
        .filter(|pieces| {
            pieces.iter().any(|p| match p {
                Piece::Lit(lit) => lit.iter().any(|c| c.is_ascii_digit()),
                Piece::Count => true,
                Piece::Other => false,
            }) && pieces.iter().any(|p| matches!(p, Piece::Lit(_)))
        })
        .collect();
    let (site, pages) = published_pages();
    // The theme counts steps ("第 N 步，共 M 步", "N 步", "已完成 0/N 步"): a count it writes
    // is at most the longest channel's number of steps.
    let max_steps = site
        .search
        .docs
        .iter()
        .filter_map(|d| d.url.rsplit_once("#step-")?.1.parse::<u32>().ok())
        .max()
        .expect("the guide has steps");
    assert!(pages.len() > 5, "only {} pages published", pages.len());
    let mut unsupported = Vec::new();
    let mut checked = 0;
    for (page, text) in &pages {
        let ui = ui_coverage(text, &templates, max_steps);
        for run in digit_runs(text) {
            checked += 1;
            if ui[run.0..run.1].iter().all(|&c| c) {
                continue;
            }
            let digits = run_text(text, run);
            let backed = match clock_time(text, run) {
                Some((hour, minutes)) => source.backs_time(&hour, &minutes),
                None => source.runs.contains(&digits),
            };
            if !backed {
                unsupported.push(format!("  {page}: {digits:?} in {:?}", context(text, run)));
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} digit runs found: is the text extraction broken?"
    );
    assert!(
        unsupported.is_empty(),
        "{} number(s) on published pages are not in the source article ({SOURCE}), nor in the \
         theme's UI strings, nor a step count the theme writes (times must appear in the \
         source as written, or as the same afternoon time on the 24-hour clock):\n{}",
        unsupported.len(),
        unsupported.join("\n")
    );
}

/// Phrases the source article does not back, taken out of the guide in its audit.
const UNSUPPORTED_PHRASES: &[&str] = &[
    "市场监管部门",
    "照片或视频",
    "投诉编号",
    "受理编号",
    "仿冒",
    "标签",
    "适合大多数",
    "证据越具体",
    "漏填无法提交",
    "最顺手",
    "核实起来更快",
    "一步步往上找",
    "说明购买经过",
];

#[test]
fn the_guide_makes_none_of_the_claims_its_audit_removed() {
    let (site, pages) = published_pages();
    let mut found = Vec::new();
    let search_docs = site.search.docs.iter().map(|d| {
        (
            format!("search index: {}", d.url),
            format!("{}\n{}", d.title, d.text)
                .chars()
                .collect::<Vec<char>>(),
        )
    });
    for (place, text) in pages.into_iter().chain(search_docs) {
        let joined: String = text.iter().collect();
        for phrase in UNSUPPORTED_PHRASES {
            for (byte, _) in joined.match_indices(phrase) {
                let start = joined[..byte].chars().count();
                let span = (start, start + phrase.chars().count());
                found.push(format!(
                    "  {place}: {phrase:?} in {:?}",
                    context(&text, span)
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the guide states what its source article does not give:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_audit_reads_text_as_a_reader_does_and_counts_only_the_theme_s_numbers() {
    let html = "<p title=\"标题 24\">共 <b>3</b> 步&nbsp;&amp;&#49;２<!-- 7 --></p>\
                <script>var x = 400;</script><style>a{width:5px}</style><div>8:30</div>";
    let text: Vec<char> = visible_text(html).chars().collect();
    let runs: Vec<String> = digit_runs(&text)
        .into_iter()
        .map(|r| run_text(&text, r))
        .collect();
    assert_eq!(
        runs,
        ["3", "12", "8", "30"],
        "attributes, comments, scripts and styles are not text"
    );
    let time = digit_runs(&text)[2];
    assert_eq!(clock_time(&text, time), Some(("8".into(), "30".into())));

    let templates = [
        template("第 {n} 步，共 {m} 步"),
        template("区号以 0 开头。"),
    ];
    let text: Vec<char> = "第 2 步，共 6 步 第 9 步，共 9 步 7 天 区号以 0 开头。"
        .chars()
        .collect();
    let ui = ui_coverage(&text, &templates, 6);
    let covered: Vec<String> = digit_runs(&text)
        .into_iter()
        .filter(|r| ui[r.0..r.1].iter().all(|&c| c))
        .map(|r| run_text(&text, r))
        .collect();
    assert_eq!(
        covered,
        ["2", "6", "0"],
        "counts above the longest channel are not the theme's"
    );
}

/// Every number the published guide dials is one the source gives: a `tel:` link is a
/// claim a reader acts on with one tap (a date in a `source` line once became one).
#[test]
fn every_number_the_guide_dials_is_in_the_source() {
    let source = source_text();
    let site = crate::common::default_site(false);
    let mut dialled = Vec::new();
    for (path, bytes) in &site.files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for piece in html.split("href=\"tel:").skip(1) {
            let number: String = piece
                .chars()
                .take_while(|c| *c != '"')
                .filter(char::is_ascii_digit)
                .collect();
            dialled.push((path.clone(), number));
        }
    }
    assert!(!dialled.is_empty(), "the guide dials nothing");
    let unknown: Vec<_> = dialled
        .iter()
        .filter(|(_, n)| n.is_empty() || !source.contains(n.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "numbers the source does not give: {unknown:?}"
    );
}
