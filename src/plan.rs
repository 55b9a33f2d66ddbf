//! The output plan: every file a build writes, claimed once by whoever writes it.
//!
//! The sources claim their paths as soon as they are read ([`Plan::claim_content`]):
//! a site's own files, pages, channel pages and the redirect pages of aliases. The files
//! Waymark makes itself claim theirs as they are made ([`Plan::claim`]): the contents
//! page, the not-found page, the navigation script, the sitemap, `robots.txt`, the
//! theme's static files and the search index. A path claimed twice is reported here and
//! nowhere else, in words that name both writers and the fix; the first claim keeps the
//! path. One claim gives way instead: the theme's not-found page, which a site's own
//! `content/404.md` replaces.

use std::collections::HashMap;

use crate::content::Content;
use crate::diagnostic::Diagnostic;
use crate::paths::{self, ASSETS_DIR};

/// Who writes a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum By {
    /// A page or a channel page, decided by the front matter of `source`
    /// (`content/a.md`).
    Page {
        /// The page's source file.
        source: String,
    },
    /// A file of `content/` published as it is.
    Asset {
        /// The file (`content/img/a.png`).
        source: String,
    },
    /// The redirect page of an alias in the front matter of `source`.
    Alias {
        /// The page's source file.
        source: String,
        /// The line of the alias, quoted in errors (the page's text is gone by the
        /// time Waymark's own files are claimed).
        quote: String,
    },
    /// A file Waymark makes itself.
    Waymark(Own),
}

/// The files Waymark makes itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Own {
    /// The contents page ([`paths::CONTENTS`]).
    Contents,
    /// The facts page ([`paths::FACTS_PAGE`]), when the site has facts.
    Facts,
    /// The not-found page ([`paths::NOT_FOUND`]), unless the site has its own.
    NotFound,
    /// The navigation script ([`paths::NAV_SCRIPT`]).
    Navigation,
    /// The sitemap ([`paths::SITEMAP`]).
    Sitemap,
    /// `robots.txt` ([`paths::ROBOTS`]).
    Robots,
    /// A static file of the theme, under [`ASSETS_DIR`].
    Static,
    /// A file of the search index, under [`paths::SEARCH_DIR`].
    SearchIndex,
    /// The offline reading files: the service worker, the file manifest, the app
    /// manifest, the offline page and the install icons ([`crate::offline`]).
    Offline,
}

impl Own {
    /// How an author who meets a clash knows the file.
    fn name(self) -> &'static str {
        match self {
            Own::Contents => "the contents page",
            Own::Facts => "the facts page",
            Own::NotFound => "the not-found page",
            Own::SearchIndex => "the search index",
            Own::Offline => "offline reading (`offline:` in site.yml)",
            Own::Navigation | Own::Sitemap | Own::Robots | Own::Static => "the theme",
        }
    }
}

/// A claim on an output path: who writes it, and where in their source the path was
/// decided (1-based line and column; 0 when the whole file decided it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Who writes the file.
    pub by: By,
    /// The line that decided the path.
    pub line: usize,
    /// The column that decided the path.
    pub column: usize,
}

impl Claim {
    /// A claim for a file Waymark makes itself.
    pub fn own(own: Own) -> Claim {
        Claim {
            by: By::Waymark(own),
            line: 0,
            column: 0,
        }
    }
}

/// What became of a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claimed {
    /// The path is the claimant's.
    Granted,
    /// A page of the site holds the path and replaces the file Waymark would have
    /// made there (the not-found page): make nothing.
    Replaced,
    /// Someone else holds the path: the error to report.
    Refused(Diagnostic),
}

/// Every output path claimed so far, with its claim.
#[derive(Debug, Default)]
pub struct Plan {
    claims: HashMap<String, Claim>,
}

impl Plan {
    /// Claims `path` for `claim`, unless it is taken.
    pub fn claim(&mut self, path: &str, claim: Claim) -> Claimed {
        match self.claims.get(path) {
            None => {
                self.claims.insert(path.to_string(), claim);
                Claimed::Granted
            }
            Some(held) => clash(path, held, &claim),
        }
    }

    /// Who writes `path`, if anyone has claimed it.
    pub fn writer(&self, path: &str) -> Option<&By> {
        self.claims.get(path).map(|c| &c.by)
    }

    /// Claims every output path the sources decide (see
    /// [`crate::content::discover::claims`]), checking each name on the way: a name too
    /// long for a file system is an error (and claims nothing), one Windows cannot hold
    /// a warning. Errors quote the line of the page that decided the path.
    pub fn claim_content(
        &mut self,
        content: &Content,
        errors: &mut Vec<Diagnostic>,
        warnings: &mut Vec<Diagnostic>,
    ) {
        for (output, claim, page) in crate::content::discover::claims(content) {
            let quote = |d: Diagnostic| match page {
                Some(n) => d.quoting(&content.pages[n].text),
                None => d,
            };
            let source = source_of(&claim.by);
            if let Some(name) = paths::overlong_name(&output) {
                errors.push(quote(
                    Diagnostic::new(
                        source,
                        claim.line,
                        claim.column,
                        format!(
                            "the output name `{}…` is {} bytes long; file systems allow {}",
                            name.chars().take(24).collect::<String>(),
                            name.len(),
                            paths::MAX_NAME_BYTES
                        ),
                    )
                    .with_help("choose a shorter file name, `slug` or channel `id`"),
                ));
                continue;
            }
            if let Some(problem) = paths::windows_problem(&output) {
                warnings.push(quote(
                    Diagnostic::warning(
                        source,
                        claim.line,
                        claim.column,
                        format!("`{output}` cannot be created on Windows: {problem}"),
                    )
                    .with_help("rename it if the site will ever be built or opened on Windows"),
                ));
            }
            if let Claimed::Refused(d) = self.claim(&output, claim) {
                errors.push(quote(d));
            }
        }
    }
}

/// The source file of a claim from the sources (`""` for Waymark's own files).
fn source_of(by: &By) -> &str {
    match by {
        By::Page { source } | By::Asset { source } | By::Alias { source, .. } => source,
        By::Waymark(_) => "",
    }
}

/// What a second claim on `path` gets, `held` being the first. The sources claim
/// before Waymark's own files, so a clash between the two is reported at the source.
fn clash(path: &str, held: &Claim, new: &Claim) -> Claimed {
    match (&held.by, &new.by) {
        (By::Waymark(first), By::Waymark(second)) => {
            Claimed::Refused(own_twice(path, *first, *second))
        }
        (_, By::Waymark(own)) => source_and_own(path, held, *own),
        (By::Waymark(own), _) => source_and_own(path, new, *own),
        _ => Claimed::Refused(sources_twice(path, held, new)),
    }
}

/// Two sources write `path`: reported at the second, which a clash with an alias
/// always is (aliases claim last).
fn sources_twice(path: &str, held: &Claim, new: &Claim) -> Diagnostic {
    let first = source_of(&held.by);
    let (by_first, help) = match (&new.by, &held.by) {
        (By::Page { .. } | By::Asset { .. }, _) => (
            format!("`{first}`"),
            "rename one of the files, or give one a different `slug`".to_string(),
        ),
        (_, By::Alias { .. }) => (
            format!("an alias in `{first}`"),
            format!("keep the alias `{path}` in one page only"),
        ),
        (_, By::Page { .. }) => (
            format!("the page `{first}`"),
            format!("remove this alias: `{path}` is still a page of the site"),
        ),
        _ => (
            format!("the file `{first}`"),
            format!("remove this alias, or move `{first}` away"),
        ),
    };
    let second = source_of(&new.by);
    let by_second = match &new.by {
        By::Alias { .. } => format!("an alias in `{second}`"),
        _ => format!("`{second}`"),
    };
    let mut d = Diagnostic::new(
        second,
        new.line.max(1),
        new.column.max(1),
        format!("`{path}` would be written twice: by {by_first} and by {by_second}"),
    )
    .with_help(help);
    if let By::Alias { quote, .. } = &new.by {
        d.source_line = Some(quote.clone());
    }
    d
}

/// A source and one of Waymark's own files would write `path`: the source gives way,
/// except that a page replaces the theme's not-found page.
fn source_and_own(path: &str, source: &Claim, own: Own) -> Claimed {
    let d = match (&source.by, own) {
        (By::Page { .. }, Own::NotFound) => return Claimed::Replaced,
        (
            By::Alias {
                source: file,
                quote,
            },
            _,
        ) => {
            let mut d = Diagnostic::new(
                file,
                source.line,
                source.column,
                format!(
                    "`{path}` would be written twice: by {} and by an alias in `{file}`",
                    own.name()
                ),
            )
            .with_help(format!(
                "choose another alias: Waymark writes `{path}` itself"
            ));
            d.source_line = Some(quote.clone());
            d
        }
        (By::Page { .. }, Own::Contents) => Diagnostic::new(
            "content",
            0,
            0,
            format!("a page of the site is written to `{path}`, where the contents page goes"),
        )
        .with_help("rename that page, or give it another `slug`"),
        (_, Own::SearchIndex) => {
            let folder = path.split('/').next().unwrap_or(path);
            Diagnostic::new(
                format!("content/{path}"),
                0,
                0,
                format!("`{path}` is also written by {}", own.name()),
            )
            .with_help(format!("rename the `content/{folder}/` folder"))
        }
        (By::Asset { source: file }, Own::Offline) => Diagnostic::new(
            file,
            0,
            0,
            format!("`{path}` is also written by {}", own.name()),
        )
        .with_help(format!(
            "rename the file, or turn offline reading off (`offline: false`): Waymark writes `{path}` itself"
        )),
        (By::Asset { source: file }, _) => Diagnostic::new(
            file,
            0,
            0,
            format!("`{path}` is also written by the theme or the site"),
        )
        .with_help(format!(
            "move the file out of `content/{ASSETS_DIR}/` or rename it"
        )),
        (By::Page { source: file }, _) => Diagnostic::new(
            file,
            source.line,
            source.column,
            format!(
                "`{path}` would be written twice: by {} and by `{file}`",
                own.name()
            ),
        )
        .with_help(format!(
            "rename the page, or give it another `slug`: Waymark writes `{path}` itself"
        )),
        // Not a source: `clash` sends none here.
        (By::Waymark(first), _) => own_twice(path, *first, own),
    };
    Claimed::Refused(d)
}

/// Two of Waymark's own files would write `path`: only a theme's static file can land
/// on another (`theme/static/nav.js` on the navigation script).
fn own_twice(path: &str, first: Own, second: Own) -> Diagnostic {
    let file = match (second, path.strip_prefix(ASSETS_DIR)) {
        (Own::Static, Some(name)) => format!("theme/static{name}"),
        _ => "theme".to_string(),
    };
    let what = match first {
        Own::Navigation => "the navigation script",
        other => other.name(),
    };
    Diagnostic::new(
        &file,
        0,
        0,
        format!("`{path}` is also written by Waymark itself, as {what}"),
    )
    .with_help(format!("rename `{file}`: Waymark writes `{path}` itself"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(source: &str) -> Claim {
        Claim {
            by: By::Page {
                source: source.into(),
            },
            line: 0,
            column: 0,
        }
    }

    fn alias(source: &str) -> Claim {
        Claim {
            by: By::Alias {
                source: source.into(),
                quote: "aliases: [x.html]".into(),
            },
            line: 3,
            column: 11,
        }
    }

    fn refused(claimed: Claimed) -> Diagnostic {
        match claimed {
            Claimed::Refused(d) => d,
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn the_first_claim_keeps_the_path() {
        let mut plan = Plan::default();
        assert_eq!(plan.claim("a.html", page("content/a.md")), Claimed::Granted);
        let d = refused(plan.claim("a.html", page("content/b.md")));
        assert_eq!(d.file, "content/b.md");
        assert_eq!(
            d.message,
            "`a.html` would be written twice: by `content/a.md` and by `content/b.md`"
        );
        assert_eq!(
            plan.writer("a.html"),
            Some(&By::Page {
                source: "content/a.md".into()
            })
        );
    }

    #[test]
    fn a_page_replaces_the_not_found_page_only() {
        let mut plan = Plan::default();
        plan.claim(paths::NOT_FOUND, page("content/404.md"));
        plan.claim(paths::CONTENTS, page("content/toc.md"));
        assert_eq!(
            plan.claim(paths::NOT_FOUND, Claim::own(Own::NotFound)),
            Claimed::Replaced
        );
        let d = refused(plan.claim(paths::CONTENTS, Claim::own(Own::Contents)));
        assert_eq!(
            d.message,
            "a page of the site is written to `toc.html`, where the contents page goes"
        );
    }

    #[test]
    fn an_alias_on_a_file_waymark_writes_is_reported_at_the_alias() {
        let mut plan = Plan::default();
        plan.claim(paths::SITEMAP, alias("content/a.md"));
        let d = refused(plan.claim(paths::SITEMAP, Claim::own(Own::Sitemap)));
        assert_eq!((d.file.as_str(), d.line, d.column), ("content/a.md", 3, 11));
        assert_eq!(
            d.message,
            "`sitemap.xml` would be written twice: by the theme and by an alias in `content/a.md`"
        );
        assert_eq!(d.source_line.as_deref(), Some("aliases: [x.html]"));
    }

    #[test]
    fn a_theme_file_on_the_navigation_script_is_an_error() {
        let mut plan = Plan::default();
        plan.claim(paths::NAV_SCRIPT, Claim::own(Own::Navigation));
        let d = refused(plan.claim(paths::NAV_SCRIPT, Claim::own(Own::Static)));
        assert_eq!(d.file, "theme/static/nav.js");
    }
}
