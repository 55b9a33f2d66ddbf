//! Reading a hosted guide with no signal: the service worker, the manifest of files
//! it works from, the web app manifest and its icons.
//!
//! Every build lists each file it wrote with its size and a content hash
//! ([`crate::paths::FILE_MANIFEST`]); the hash of that list is the build's version,
//! and the worker ([`crate::paths::WORKER`]) carries it, so a deploy changes the
//! worker's bytes and browsers install the new one. The worker keeps one cache per
//! version and remembers which version each open page came from, so a page is never
//! shown with the styles, scripts or search shards of another build; a page fetched
//! from the host whose hash is not in its list is from a newer build, and its files
//! come from the host too. Pages are fetched from the host first (within
//! [`PAGE_WAIT_MS`]), everything else from the cache of its page's build. An update
//! downloads only the files whose hash changed and drops the rest with the old cache.
//!
//! A site whose files add up to at most `offline.budget` is saved whole once the
//! first page has loaded; a larger one saves the shell ([`is_shell`]), the pages as
//! they are read, and a chapter when the reader asks ([`Chapters`]).
//!
//! Nothing here runs from `file://` or under `serve`: the page script registers the
//! worker only over http(s), and `serve` builds without it.

pub mod icons;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::languages::Language;
use crate::output::FileEntry;
use crate::paths::{APP_MANIFEST, ASSETS_DIR, NAV_SCRIPT, OFFLINE_PAGE, SEARCH_DIR, WORKER};

/// How long a page waits for the host before the saved copy is shown, in
/// milliseconds: long enough for a slow but working connection, short enough for a
/// reader in a basement.
pub const PAGE_WAIT_MS: u32 = 4000;

/// Every path offline reading writes in a site of `languages`, claimed before any
/// page is made so that a page or file of the site on one of them is reported with
/// the site's other problems.
pub fn paths(languages: &[Language]) -> Vec<String> {
    let mut paths = vec![crate::paths::FILE_MANIFEST.to_string(), WORKER.to_string()];
    paths.extend(crate::paths::ICONS.iter().map(|(p, _, _)| p.to_string()));
    for language in languages {
        paths.push(language.output(OFFLINE_PAGE));
        paths.push(language.output(APP_MANIFEST));
    }
    paths
}

/// The worker `serve` answers with at a worker's address: it deletes Waymark's caches,
/// unregisters itself and reloads its pages. A browser that kept a worker from a build
/// served earlier on the same origin checks it for updates, gets this one, and saved
/// pages never hide live reload. (A site built with `offline: false` writes no worker:
/// its pages' script retires an earlier build's, see `theme/static/waymark.js`.)
pub const RETIRING_WORKER: &str = r#"self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil((async () => {
  for (const k of await caches.keys()) if (k.startsWith("waymark ")) await caches.delete(k);
  await self.registration.unregister();
  for (const c of await self.clients.matchAll({ type: "window" })) c.navigate(c.url);
})()));
"#;

/// The theme's scripts that only a site with offline reading loads.
pub const SCRIPTS: &[&str] = &[
    "waymark-offline.js",
    "waymark-offline-list.js",
    "waymark-offline-save.js",
];

/// The worker's source; `__VERSION__` and `__WAIT__` are filled in.
const WORKER_SOURCE: &str = include_str!("worker.js");

/// The theme's colours for the app manifest and `theme-color`: its stylesheet's
/// `--accent` and `--bg` (the light value of a `light-dark()` pair), or the default
/// theme's where a stylesheet of the site's own has none.
pub fn colours(theme: &crate::theme::Theme) -> (String, String) {
    let css = theme
        .statics
        .get("waymark.css")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    (
        custom_colour(&css, "--accent").unwrap_or_else(|| "#b4232a".into()),
        custom_colour(&css, "--bg").unwrap_or_else(|| "#ffffff".into()),
    )
}

/// The first `#hex` colour of the custom property `name` in `css`.
fn custom_colour(css: &str, name: &str) -> Option<String> {
    let at = css.find(&format!("{name}:"))?;
    let value = css[at + name.len() + 1..].split(';').next()?;
    let start = value.find('#')?;
    let hex: String = value[start + 1..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    let colour = format!("#{hex}");
    icons::parse_colour(&colour).map(|_| colour)
}

/// The web app manifest of `language`, written in its folder: the site's title as
/// name, the language's home as start, the whole site as scope.
pub fn app_manifest(title: &str, language: &Language, colours: &(String, String)) -> String {
    let up = "../".repeat(language.prefix.matches('/').count());
    let icons: Vec<serde_json::Value> = crate::paths::ICONS
        .iter()
        .map(|(path, size, maskable)| {
            serde_json::json!({
                "src": format!("{up}{path}"),
                "sizes": format!("{size}x{size}"),
                "type": "image/png",
                "purpose": if *maskable { "maskable" } else { "any" },
            })
        })
        .collect();
    let manifest = serde_json::json!({
        "name": title,
        "short_name": short_name(title),
        "lang": language.tag,
        "dir": crate::languages::direction(&language.tag),
        "start_url": "./index.html",
        "scope": if up.is_empty() { "./".to_string() } else { up.clone() },
        "display": "standalone",
        "theme_color": colours.0,
        "background_color": colours.1,
        "icons": icons,
    });
    serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n"
}

/// A name for a home screen, where about 12 characters fit: the title if it fits,
/// else its first words that do, else its first 12 characters.
fn short_name(title: &str) -> String {
    const FITS: usize = 12;
    if title.chars().count() <= FITS {
        return title.to_string();
    }
    let mut name = String::new();
    for word in title.split_whitespace() {
        let longer = if name.is_empty() {
            word.to_string()
        } else {
            format!("{name} {word}")
        };
        if longer.chars().count() > FITS {
            break;
        }
        name = longer;
    }
    if name.is_empty() {
        title.chars().take(FITS).collect()
    } else {
        name
    }
}

/// Whether the file at `path` is part of the shell every saved copy keeps: the
/// theme's files and icons, and each language's navigation script, search metadata,
/// offline page and app manifest.
pub fn is_shell(path: &str, languages: &[Language]) -> bool {
    let in_language = |rest: &str| {
        [NAV_SCRIPT, OFFLINE_PAGE, APP_MANIFEST].contains(&rest)
            || rest
                .strip_prefix(SEARCH_DIR)
                .and_then(|r| r.strip_prefix('/'))
                .is_some_and(|r| r == crate::search::spec::META_FILE)
    };
    path.strip_prefix(ASSETS_DIR)
        .is_some_and(|r| r.starts_with('/'))
        || languages
            .iter()
            .any(|l| path.strip_prefix(&l.prefix).is_some_and(in_language))
}

/// The pages a reader can save together ([`crate::render::tree::Tree::chapters`]),
/// keyed by the page's output path. A chapter's search files are not among them: a
/// chapter's words are spread over a good part of the index (on the 10,000-page
/// corpus, 449 files a chapter on average), so the shell's search metadata comes with
/// every saved copy and the index files a search loads online are kept as it runs.
pub type Chapters = BTreeMap<String, Vec<String>>;

/// The file manifest the worker reads.
#[derive(Serialize)]
struct Manifest<'a> {
    /// The build's version: the hash of everything below.
    version: String,
    /// Whether the site is saved whole (its files add up to at most `budget`).
    whole: bool,
    /// All files' bytes.
    bytes: u64,
    budget: u64,
    /// Each language's folder (`"en/"`, `""`), longest first: the first a path starts
    /// with is its language, whose offline page it gets.
    languages: Vec<&'a str>,
    /// Path → [bytes, hash].
    files: BTreeMap<&'a str, (u64, &'a str)>,
    /// What every saved copy keeps ([`is_shell`]).
    shell: Vec<&'a str>,
    /// The pages a reader reads (not redirects, not the not-found or offline page),
    /// listed on the offline page when saved.
    pages: Vec<&'a str>,
    /// Chapters a reader can save ([`Chapters`]) with their bytes; only for a site
    /// not saved whole.
    chapters: BTreeMap<&'a str, (u64, &'a [String])>,
}

/// The file manifest and the worker, from every file the build wrote (`files`, sorted
/// by path) and what it knows of them: returns `(manifest, worker)`.
pub fn finish(
    files: &[FileEntry],
    budget: u64,
    languages: &[Language],
    pages: &[String],
    chapters: &Chapters,
) -> (Vec<u8>, Vec<u8>) {
    let bytes: u64 = files.iter().map(|f| f.size).sum();
    let whole = bytes <= budget;
    let sizes: HashMap<&str, u64> = files.iter().map(|f| (f.path.as_str(), f.size)).collect();
    let mut manifest = Manifest {
        version: String::new(),
        whole,
        bytes,
        budget,
        languages: {
            let mut folders: Vec<&str> = languages.iter().map(|l| l.prefix.as_str()).collect();
            folders.sort_by_key(|f| std::cmp::Reverse(f.len()));
            folders
        },
        files: files
            .iter()
            .map(|f| (f.path.as_str(), (f.size, f.hash.as_str())))
            .collect(),
        shell: files
            .iter()
            .map(|f| f.path.as_str())
            .filter(|p| is_shell(p, languages))
            .collect(),
        pages: pages.iter().map(String::as_str).collect(),
        chapters: chapters
            .iter()
            .filter(|_| !whole)
            .map(|(page, files)| {
                (
                    page.as_str(),
                    (chapter_bytes(files, &sizes), files.as_slice()),
                )
            })
            .collect(),
    };
    let unversioned = serde_json::to_vec(&manifest).unwrap_or_default();
    manifest.version = crate::output::content_hash(&unversioned);
    let json = serde_json::to_vec(&manifest).unwrap_or_default();
    (json, worker(&manifest.version))
}

/// What saving `files` downloads.
fn chapter_bytes(files: &[String], sizes: &HashMap<&str, u64>) -> u64 {
    files.iter().filter_map(|f| sizes.get(f.as_str())).sum()
}

/// The worker script for the build `version`, minified.
pub fn worker(version: &str) -> Vec<u8> {
    let source = WORKER_SOURCE
        .replace("__VERSION__", version)
        .replace("__WAIT__", &PAGE_WAIT_MS.to_string())
        .replace("__LIST__", crate::paths::FILE_MANIFEST)
        .replace("__WORKER__", WORKER)
        .replace("__OFFLINE__", OFFLINE_PAGE);
    // Wrapped in a function, its names are local and the minifier may shorten them.
    crate::output::minify::js(format!("(()=>{{{source}}})();").as_bytes())
}

/// The install icons, from `offline.icon` (an image under `content/`) or the theme's
/// `icon.png`; a source that is not a square PNG of 512 pixels or more is an error at
/// whichever named it. (Made once per source: the build checks them early, so their
/// problems are reported with the rest, and writes them at the end.)
pub fn icons(
    config: &crate::config::Config,
    theme: &crate::theme::Theme,
    content: &crate::content::Content,
) -> Result<Vec<(&'static str, Vec<u8>)>, Diagnostic> {
    let accent = &theme.colours.0;
    let Some(rel) = config.offline.icon() else {
        const HELP: &str = "use a square PNG of at least 512×512 pixels, or name one under `content/` with `offline: {icon: …}` in site.yml";
        return icons::make(&theme.icon, accent).map_err(|e| {
            Diagnostic::new(format!("theme/{}", crate::theme::ICON), 0, 0, e).with_help(HELP)
        });
    };
    let (line, column) = crate::config::place(&config.text, "offline.icon");
    let error = |message: String, help: String| {
        Diagnostic::new("site.yml", line, column, message)
            .with_help(help)
            .quoting(&config.text)
    };
    let Some(asset) = content.assets.iter().find(|a| a.rel == rel) else {
        let pngs: Vec<&str> = content
            .assets
            .iter()
            .map(|a| a.rel.as_str())
            .filter(|a| a.to_ascii_lowercase().ends_with(".png"))
            .collect();
        let help = match crate::diagnostic::suggest(rel, &pngs) {
            Some(near) => format!("did you mean `icon: {near}`?"),
            None => {
                format!(
                    "put a square PNG at `content/{}`; the path is written from `content/`",
                    rel.trim_start_matches('/')
                )
            }
        };
        return Err(error(
            format!("the icon `{rel}` is not a file under `content/`"),
            help,
        ));
    };
    icons::make(&asset.bytes, accent).map_err(|e| {
        error(
            format!("`{rel}`: {e}"),
            "use a square PNG of at least 512×512 pixels".into(),
        )
    })
}
