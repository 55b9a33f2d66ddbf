//! The URL and path contract, in one place.
//!
//! Every stage that decides where a file lands, how one output file links to another,
//! which link destinations content may use, or which element ids content may take
//! asks this module. Spreading these rules over several stages is how a page named
//! `javascript:x.md` once became a live `javascript:` link in the sidebar.
//!
//! - Output paths: `a/b.md` → `a/b.html` (a `slug` replaces the stem), a channel of the
//!   chapter at `x.html` → `x/<id>.html`.
//! - Links between output files are relative paths, every segment percent-encoded, with
//!   `./` in front when the first segment holds a `:` (so it never reads as a scheme).
//! - Link destinations from content are relative, or use `http:`, `https:`, `mailto:`
//!   or `tel:` (images may also be `data:image/…`); anything else is refused.
//! - Element ids the theme uses are reserved; content never takes them.

/// Longest file or folder name most file systems accept, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

/// Folder of the output that receives the theme's static files and the navigation
/// script.
pub const ASSETS_DIR: &str = "assets";

/// The shared navigation script every page loads, in [`ASSETS_DIR`].
pub const NAV_SCRIPT: &str = "assets/nav.js";

/// The page listing the whole site, for readers without script.
pub const CONTENTS: &str = "toc.html";

/// The page static hosts show for a missing path; a site's own `content/404.md`
/// replaces the theme's.
pub const NOT_FOUND: &str = "404.html";

/// The sitemap of a site that sets `base_url`.
pub const SITEMAP: &str = "sitemap.xml";

/// The page listing every fact of the site with its provenance and its uses, written
/// only when the site has facts (`site.yml` `facts:`).
pub const FACTS_PAGE: &str = "facts.html";

/// The crawlers' file of a site whose `base_url` is a domain root.
pub const ROBOTS: &str = "robots.txt";

/// The service worker of a hosted site, at the site root so its scope is the whole
/// site (see [`crate::offline`]).
pub const WORKER: &str = "waymark-sw.js";

/// Every output file with its size and content hash, read by the service worker and
/// written last.
pub const FILE_MANIFEST: &str = "waymark-manifest.json";

/// The web app manifest of each language, in the language's folder.
pub const APP_MANIFEST: &str = "manifest.webmanifest";

/// The page the service worker shows for a page that is not saved, in each language's
/// folder.
pub const OFFLINE_PAGE: &str = "offline.html";

/// The install icons made from the theme's `icon.png` (or `offline.icon`): path, size
/// in pixels, and whether it is the maskable one (its picture inside the safe zone).
pub const ICONS: &[(&str, u32, bool)] = &[
    ("assets/icon-192.png", 192, false),
    ("assets/icon-512.png", 512, false),
    ("assets/icon-maskable-512.png", 512, true),
];

/// Folder of the output that holds the search index (its file names are the index's
/// own business: `search::index`).
pub const SEARCH_DIR: &str = "search";

/// Schemes a link from content may use.
pub const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Ids the shipped theme gives its own elements: its templates (`theme/templates/`,
/// the markup ones included), its page script and `serve`'s error pages. Exactly these:
/// a test collects every id they write and compares both ways.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "search",
    "search-input",
    "search-results",
    "sidebar",
    "toc-title",
    "steps",
    "steps-title",
    "needs-title",
    "choose-title",
    "compare-title",
    "footnotes-title",
    "page-facts-title",
    "scheme",
    "dial-prefix",
    "dial-hint",
    "waymark-serve-errors",
    "waymark-serve-first-errors",
];

/// Ids content may not take although nothing shipped writes them. `top`: browsers
/// scroll to the top of the page for `#top` (a theme's back-to-top link, the `top` UI
/// string, relies on it). The others have been reserved from the start; releasing one
/// would move the id of a heading of that name (`## Progress` from `#progress-2` to
/// `#progress`) and break the links readers saved.
pub const RESERVED_UNWRITTEN: &[&str] = &["top", "toc", "progress", "footnotes", "search-status"];

/// The stem of a step's anchor: step 3 of a channel page is `#step-3`.
pub const STEP_STEM: &str = "step";
/// The stem of a footnote's id at the end of the page (`fn-1`).
pub const FOOTNOTE_STEM: &str = "fn";
/// The stem of the id of a footnote's first citation (`fnref-1`), which the footnote's
/// back link lands on.
pub const FOOTNOTE_REF_STEM: &str = "fnref";
/// The stem of a search result's id (`search-result-0`), written by the page script
/// (`theme/static/waymark.js`).
pub const SEARCH_RESULT_STEM: &str = "search-result";
/// The stem of the id of a fact's provenance card (`fact-card-1`), numbered on each
/// output page in the order its facts are used.
pub const FACT_CARD_STEM: &str = "fact-card";

/// Ids of the form `<stem>-<number>` that the theme hands out: steps (`step-3`),
/// search results (`search-result-0`) and footnotes (`fn-1`, `fnref-1`).
pub const RESERVED_NUMBERED: &[&str] = &[
    STEP_STEM,
    SEARCH_RESULT_STEM,
    FOOTNOTE_STEM,
    FOOTNOTE_REF_STEM,
    FACT_CARD_STEM,
];

/// The anchor of step `n` (1-based) of a channel page: `step-3`. Search results, the
/// chapter's start buttons, the `HowTo` data and links to a step all land on it.
pub fn step_anchor(n: usize) -> String {
    format!("{STEP_STEM}-{n}")
}

/// `n` of a step anchor `step-n`; `None` for any other id.
pub fn step_number(id: &str) -> Option<usize> {
    let digits = id.strip_prefix(STEP_STEM)?.strip_prefix('-')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The id of footnote `n` (1-based) in the page's list of footnotes: `fn-2`.
pub fn footnote_anchor(n: usize) -> String {
    format!("{FOOTNOTE_STEM}-{n}")
}

/// The id of the first citation of footnote `n`: `fnref-2`.
pub fn footnote_ref_anchor(n: usize) -> String {
    format!("{FOOTNOTE_REF_STEM}-{n}")
}

/// The id of the `n`th (1-based) fact provenance card of an output page: `fact-card-2`.
pub fn fact_card_anchor(n: usize) -> String {
    format!("{FACT_CARD_STEM}-{n}")
}

/// The anchor of fact `id` on the facts page: `fact-tmall_hotline` (a fact id alone
/// could be one of the theme's ids, such as `main`).
pub fn fact_anchor(id: &str) -> String {
    format!("fact-{id}")
}

/// Whether content may not use `id`: a theme id, or a numbered theme id.
pub fn is_reserved_id(id: &str) -> bool {
    RESERVED_IDS.contains(&id)
        || RESERVED_UNWRITTEN.contains(&id)
        || id.rsplit_once('-').is_some_and(|(stem, n)| {
            RESERVED_NUMBERED.contains(&stem)
                && !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
        })
}

/// Whether `id` is acceptable as an explicit `{#id}`: letters and digits of any
/// script, `-`, `_`, `.` and `:`, so it works unescaped in a URL fragment.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.:".contains(c))
}

/// `[a-z0-9-]+`: safe in every file system and URL.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `[a-z0-9][a-z0-9-]*`: a channel id is a file name and a URL fragment.
pub fn is_channel_id(id: &str) -> bool {
    id.as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && is_slug(id)
}

/// The output path of the page at `rel` (relative to `content/`), with an optional slug.
pub fn page_output(rel: &str, slug: Option<&str>) -> String {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let name = slug.unwrap_or_else(|| file.strip_suffix(".md").unwrap_or(file));
    if dir.is_empty() {
        format!("{name}.html")
    } else {
        format!("{dir}/{name}.html")
    }
}

/// The output file of the channel `id` of the chapter that lands at `chapter_output`.
pub fn channel_output(chapter_output: &str, id: &str) -> String {
    format!(
        "{}/{id}.html",
        chapter_output
            .strip_suffix(".html")
            .unwrap_or(chapter_output)
    )
}

/// The output file of the chapter whose channel lands at `channel_output`: the inverse
/// of [`channel_output`] (`ch/app.html` → `ch.html`).
pub fn chapter_output_of(channel_output: &str) -> Option<String> {
    let (chapter, _) = channel_output.rsplit_once('/')?;
    Some(format!("{chapter}.html"))
}

/// Why an alias (an old address of a page, from `aliases:`) cannot be used, and how
/// to write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadAlias {
    /// What is wrong.
    pub message: String,
    /// The fix.
    pub help: String,
}

/// The output file an alias names. An alias is an output path as readers bookmarked
/// it, relative to the site root: `old/precautions.html`, or a folder `old/` for
/// `old/index.html`; a leading `/` means the site root, as in links. URLs, `..`, `.`
/// and empty segments, `?`, `#`, `\` and any other ending are refused.
pub fn alias_output(alias: &str) -> Result<String, BadAlias> {
    let bad = |message: String, help: &str| {
        Err(BadAlias {
            message,
            help: help.to_string(),
        })
    };
    let example =
        "write the old path as it was under the site, like `old/precautions.html` or `old/`";
    if alias.trim().is_empty() {
        return bad("an alias is empty".into(), example);
    }
    if alias.starts_with("//") || scheme_of(alias).is_some() {
        return bad(
            format!("the alias `{alias}` is a URL, not a path of this site"),
            example,
        );
    }
    if let Some(c) = alias
        .chars()
        .find(|c| "?#\\".contains(*c) || c.is_control())
    {
        return bad(
            format!(
                "the alias `{alias}` holds `{}`; an alias is a file path",
                c.escape_default()
            ),
            "write the file path alone: drop the `?…` or `#…` part, and write folders with `/`",
        );
    }
    let path = alias.strip_prefix('/').unwrap_or(alias);
    let folder = path.ends_with('/');
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if segments.contains(&"..") {
        return bad(
            format!("the alias `{alias}` leaves the site with `..`"),
            "an alias is written from the site root, not from the page: drop the `../`",
        );
    }
    if segments.iter().any(|s| s.is_empty() || *s == ".") {
        return bad(
            format!("the alias `{alias}` has an empty or `.` segment"),
            example,
        );
    }
    if folder {
        return Ok(format!("{}/index.html", segments.join("/")));
    }
    if path.ends_with(".html") {
        return Ok(path.to_string());
    }
    let help = match path.strip_suffix(".md") {
        Some(stem) => format!(
            "an alias is the old address readers bookmarked, not a source file: write `{stem}.html`"
        ),
        None => format!("write `{path}.html` for a page, or `{path}/` for a folder"),
    };
    Err(BadAlias {
        message: format!("the alias `{alias}` must end in `.html` or `/`"),
        help,
    })
}

/// A name of `path` too long for common file systems, if any.
pub fn overlong_name(path: &str) -> Option<&str> {
    path.split('/').find(|s| s.len() > MAX_NAME_BYTES)
}

/// Names Windows refuses for a file, whatever the extension (`con.html`, `nul.md`).
const WINDOWS_DEVICES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why a segment of `path` cannot be written on Windows, if one cannot.
pub fn windows_problem(path: &str) -> Option<String> {
    for segment in path.split('/') {
        let stem = segment.split('.').next().unwrap_or(segment);
        if WINDOWS_DEVICES.contains(&stem.to_ascii_lowercase().as_str()) {
            return Some(format!("`{stem}` is a reserved device name there"));
        }
        if let Some(c) = segment
            .chars()
            .find(|c| "<>:\"|?*\\".contains(*c) || c.is_control())
        {
            return Some(format!("names there cannot hold `{}`", c.escape_default()));
        }
        if segment.ends_with(['.', ' ']) {
            return Some("names there cannot end with a dot or a space".to_string());
        }
    }
    None
}

/// The relative URL from the output file `from` to the output file `to`, ready for an
/// `href`: segments percent-encoded, `./` in front if it would otherwise start with a
/// segment that reads as a scheme (`javascript:x.html`).
pub fn href(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts[..to_parts.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dirs.len() - common);
    let rest: Vec<String> = to_parts[common..]
        .iter()
        .map(|s| encode_segment(s))
        .collect();
    if out.is_empty() && rest.first().is_some_and(|s| s.contains(':')) {
        out.push_str("./");
    }
    out.push_str(&rest.join("/"));
    out
}

/// The prefix that leads from an output file back to the output root (`../../`).
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// An output path as a URL path relative to the site root (`search` results, sitemap):
/// every segment percent-encoded, `./` in front where the first reads as a scheme.
pub fn url_path(output: &str) -> String {
    href("index.html", output)
}

/// An output path appended to an absolute base (`https://x.org/guide` + `/a.html`).
pub fn absolute_url(base: &str, output: &str) -> String {
    let encoded: Vec<String> = output.split('/').map(encode_segment).collect();
    format!("{base}/{}", encoded.join("/"))
}

/// Percent-encodes a path segment: everything but unreserved characters and the
/// sub-delimiters browsers leave alone, so `#`, `?`, `%`, spaces and non-ASCII are
/// always escaped.
pub fn encode_segment(segment: &str) -> String {
    encode(segment, |b| {
        b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b)
    })
}

/// Percent-encodes an element id for a URL fragment. Ids keep their letters of any
/// script (a reader shares `#联系客服`); `%`, spaces and quotes are escaped.
pub fn encode_fragment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if c.is_ascii() && !(c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?".contains(c)) {
            out.push_str(&format!("%{:02X}", c as u8));
        } else {
            out.push(c);
        }
    }
    out
}

fn encode(text: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if keep(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; text that does not decode to UTF-8 is returned as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            ) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Joins `path` to the folder `from_dir` (both relative to `content/`) and removes
/// `.` and `..`. A leading `/` means the content root. `None` if it climbs out.
pub fn join(from_dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let start = if let Some(abs) = path.strip_prefix('/') {
        abs
    } else {
        parts.extend(from_dir.split('/').filter(|p| !p.is_empty()));
        path
    };
    let trailing_slash = path.ends_with('/');
    for part in start.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut joined = parts.join("/");
    if trailing_slash && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// What a link or image in content points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](dest)`, an autolink or a reference link.
    Link,
    /// `![alt](dest)`.
    Image,
}

/// A content link destination, classified by the scheme policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A path inside the site (possibly just `#fragment`), to resolve against the sources.
    Internal(String),
    /// An allowed external URL, cleaned of what browsers strip.
    External(String),
    /// A scheme content may not use; the lower-cased scheme (or `//` for a
    /// protocol-relative URL).
    Refused(String),
}

/// Decides what `dest` (already entity-decoded by the Markdown parser) is. It is first
/// cleaned as a browser would (leading and trailing spaces and control characters
/// dropped, tabs and line breaks removed anywhere), so `" JaVa\tScript:"` is seen as
/// the `javascript:` it would become.
pub fn classify(dest: &str, kind: LinkKind) -> Destination {
    let cleaned: String = dest
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if cleaned.starts_with("//") || cleaned.starts_with("\\\\") || cleaned.starts_with("/\\") {
        return Destination::Refused("//".to_string());
    }
    let Some(scheme) = scheme_of(&cleaned) else {
        return Destination::Internal(cleaned);
    };
    let allowed = LINK_SCHEMES.contains(&scheme.as_str())
        || (kind == LinkKind::Image
            && scheme == "data"
            && cleaned
                .get(5..11)
                .is_some_and(|m| m.eq_ignore_ascii_case("image/")));
    if allowed {
        Destination::External(cleaned)
    } else {
        Destination::Refused(scheme)
    }
}

/// The lower-cased scheme of a URL (`HTTPS:` → `https`), as the URL standard reads
/// one: a letter, then letters, digits, `+`, `-` or `.`, then `:`.
fn scheme_of(url: &str) -> Option<String> {
    let end = url.find(':')?;
    let scheme = &url[..end];
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_follow_the_url_rules() {
        assert_eq!(page_output("a.md", None), "a.html");
        assert_eq!(page_output("d/b.md", Some("x")), "d/x.html");
        assert_eq!(channel_output("d/ch.html", "app"), "d/ch/app.html");
    }

    #[test]
    fn hrefs_are_relative_and_encoded() {
        assert_eq!(href("index.html", "d/b.html"), "d/b.html");
        assert_eq!(href("d/b.html", "index.html"), "../index.html");
        assert_eq!(href("d/b/app.html", "d/b.html"), "../b.html");
        assert_eq!(href("d/b.html", "d/c.html"), "c.html");
        assert_eq!(
            href("index.html", "javascript:x.html"),
            "./javascript:x.html"
        );
        assert_eq!(
            href("d/a.html", "d/javascript:x.html"),
            "./javascript:x.html"
        );
        assert_eq!(
            href("d/a.html", "javascript:x.html"),
            "../javascript:x.html"
        );
        assert_eq!(
            href("index.html", "a b#c?d%e.html"),
            "a%20b%23c%3Fd%25e.html"
        );
        assert_eq!(href("index.html", "投诉.html"), "%E6%8A%95%E8%AF%89.html");
        assert_eq!(root_prefix("d/b/app.html"), "../../");
        assert_eq!(
            absolute_url("https://x.org/g", "a b/投.html"),
            "https://x.org/g/a%20b/%E6%8A%95.html"
        );
    }

    #[test]
    fn only_safe_schemes_pass() {
        use Destination::*;
        let link = |d| classify(d, LinkKind::Link);
        assert_eq!(link("https://x.org"), External("https://x.org".into()));
        assert_eq!(link("TEL:9510211"), External("TEL:9510211".into()));
        assert_eq!(link("a.md#x"), Internal("a.md#x".into()));
        assert_eq!(link("javascript:alert(1)"), Refused("javascript".into()));
        assert_eq!(
            link("  JaVa\tScRiPt:alert(1)"),
            Refused("javascript".into())
        );
        assert_eq!(link("\u{1}javascript:x"), Refused("javascript".into()));
        assert_eq!(link("vbscript:x"), Refused("vbscript".into()));
        assert_eq!(link("data:text/html,<b>"), Refused("data".into()));
        assert_eq!(link("data:image/png;base64,AA"), Refused("data".into()));
        assert_eq!(link("//evil.example"), Refused("//".into()));
        assert_eq!(
            classify("data:image/png;base64,AA", LinkKind::Image),
            External("data:image/png;base64,AA".into())
        );
        assert_eq!(link("%6Aavascript:x"), Internal("%6Aavascript:x".into()));
    }

    #[test]
    fn aliases_are_output_paths_inside_the_site() {
        assert_eq!(alias_output("old/a.html").unwrap(), "old/a.html");
        assert_eq!(alias_output("/faq.html").unwrap(), "faq.html");
        assert_eq!(alias_output("old/").unwrap(), "old/index.html");
        for bad in [
            "",
            "https://x.org/a.html",
            "//x.org/a.html",
            "javascript:x.html",
            "../a.html",
            "a/../b.html",
            "a//b.html",
            "./a.html",
            "a.html#top",
            "a.html?x",
            "a\\b.html",
            "a.md",
            "old",
            "/",
        ] {
            assert!(alias_output(bad).is_err(), "{bad:?}");
        }
        assert!(alias_output("a.md").unwrap_err().help.contains("`a.html`"));
    }

    #[test]
    fn theme_ids_are_reserved() {
        assert!(is_reserved_id("search"));
        assert!(is_reserved_id("step-12"));
        assert!(is_reserved_id("fn-1"));
        assert!(!is_reserved_id("step"));
        assert!(!is_reserved_id("step-by-step"));
        assert!(!is_reserved_id("step-1-2"));
        assert!(
            is_reserved_id("top"),
            "browsers scroll to the top for `#top`"
        );
    }

    #[test]
    fn numbered_ids_are_reserved_and_read_back() {
        assert_eq!(step_anchor(3), "step-3");
        assert_eq!(footnote_anchor(2), "fn-2");
        assert_eq!(footnote_ref_anchor(2), "fnref-2");
        for id in [step_anchor(12), footnote_anchor(1), footnote_ref_anchor(1)] {
            assert!(is_reserved_id(&id), "{id}");
        }
        assert_eq!(step_number(&step_anchor(12)), Some(12));
        assert_eq!(step_number("step-02"), Some(2));
        for other in ["step-", "step-x", "steps-1", "step1", "fn-1"] {
            assert_eq!(step_number(other), None, "{other}");
        }
    }

    #[test]
    fn the_navigation_script_is_an_asset() {
        assert_eq!(NAV_SCRIPT.split_once('/').map(|(d, _)| d), Some(ASSETS_DIR));
    }

    #[test]
    fn windows_names_are_spotted() {
        assert!(windows_problem("con.html").is_some());
        assert!(windows_problem("d/NUL.txt").is_some());
        assert!(windows_problem("d/a:b.html").is_some());
        assert!(windows_problem("console.html").is_none());
    }
}
