//! Turning the links authors write (to sources: `a.md#标题`) into relative links between
//! output files (`../a.html#标题`), and rejecting links that lead nowhere.
//!
//! Output links are always relative paths to files, never `/x/` or `x/`, so one
//! `public/` works from `file://`, at a domain root and under any sub-path.
//!
//! A link that leads nowhere says what the author most likely meant, written as they
//! would write it from the linking page: the page or file with the same name but for
//! case or a `.md` (`eligibility` → `eligibility.md`), else a near miss; for an anchor,
//! the page's ids closest first; for `#step-N`, how many steps the channel has, or on a
//! channel chapter, which channel pages have that step and the two ways to link it.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::suggest::{closest_first, is_near, listing, SHOWN};
use crate::paths::{
    self, encode_fragment, href, percent_decode, step_anchor, step_number, LinkKind, LINK_SCHEMES,
};

/// Where a link lands: an output file and, optionally, an element id in it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Target {
    /// Output path relative to the output folder.
    pub output: String,
    /// Element id, without `#`.
    pub fragment: Option<String>,
}

/// What a link to one source page can reach.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PageTargets {
    /// The page's own output file.
    pub output: String,
    /// Every anchor authors may link to, mapped to where it really lands (a channel
    /// chapter's sections land on their channel pages).
    pub anchors: BTreeMap<String, Target>,
}

/// Every link destination of the site, keyed the way authors write them.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// Pages by source path relative to `content/` (`d/b.md`).
    pub pages: HashMap<String, PageTargets>,
    /// Source path of the page writing each output file, so `a.html` links also work.
    pub outputs: HashMap<String, String>,
    /// Asset paths relative to `content/`.
    pub assets: HashSet<String>,
    /// Drafts left out of this build.
    pub drafts: HashSet<String>,
    /// Pages that exist but failed to load; links to them are not errors of their own.
    pub broken: HashSet<String>,
    /// The file of each page whose source is not `content/<its path>` (a translation,
    /// `content/a.en.md` for `a.md`), for errors to name the file the author edits.
    pub sources: HashMap<String, String>,
}

impl LinkIndex {
    /// A digest of what the index answers to `asked`, the links of page `from_rel`
    /// (each path with the output file it is on): where it leads and which page that
    /// is. The same digest means every one of those links resolves as it did, so the
    /// page's copy from an earlier build holds ([`crate::reuse`]).
    pub fn answers(&self, from_rel: &str, asked: &[(String, String)]) -> String {
        use std::fmt::Write as _;
        let mut text = String::new();
        for (path, output) in asked {
            let _ = writeln!(
                text,
                "{path}\0{output}\0{:?}\0{:?}",
                self.resolve(path, from_rel, output),
                self.page_of(path, from_rel)
            );
        }
        crate::output::content_hash(text.as_bytes())
    }
}

/// Why a link could not be resolved, and how to fix it.
#[derive(Debug, PartialEq, Eq)]
pub struct LinkError {
    /// What is wrong.
    pub message: String,
    /// A fix, if one is likely.
    pub help: Option<String>,
}

impl LinkError {
    fn new(message: String, help: Option<String>) -> Self {
        LinkError { message, help }
    }
}

/// The error for a destination whose scheme content may not use.
pub fn refused(dest: &str, scheme: &str, kind: LinkKind) -> LinkError {
    let allowed = LINK_SCHEMES
        .iter()
        .map(|s| format!("`{s}:`"))
        .collect::<Vec<_>>()
        .join(", ");
    let what = if kind == LinkKind::Image {
        "image"
    } else {
        "link"
    };
    if scheme == "//" {
        return LinkError::new(
            format!("the {what} `{dest}` has no scheme, so it breaks when the site is opened from a folder"),
            Some("write the address in full, starting with `https://`".to_string()),
        );
    }
    LinkError::new(
        format!("the {what} `{dest}` uses `{scheme}:`, which Waymark does not publish: such links can run script or strand the reader"),
        Some(format!(
            "links may use {allowed}{}, or point to a page or file of the site",
            if kind == LinkKind::Image { " or `data:image/…`" } else { "" }
        )),
    )
}

impl LinkIndex {
    /// Resolves `dest`, a destination inside the site (see [`paths::classify`]) written
    /// in the source `from_rel`, for HTML that lands in `from_output`.
    pub fn resolve(
        &self,
        dest: &str,
        from_rel: &str,
        from_output: &str,
    ) -> Result<String, LinkError> {
        if dest.is_empty() {
            return Ok(String::new());
        }
        let (path_and_query, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(percent_decode(f))),
            None => (dest, None),
        };
        let (path, query) = match path_and_query.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path_and_query, None),
        };
        let written = Written {
            from_rel,
            rooted: path.starts_with('/'),
            tail: &dest[path.len()..],
        };
        let target = if path.is_empty() {
            self.page_target(from_rel, fragment.as_deref(), &written)?
        } else {
            let from_dir = from_rel.rsplit_once('/').map_or("", |(d, _)| d);
            let joined = paths::join(from_dir, &percent_decode(path)).ok_or_else(|| {
                LinkError::new(
                    format!("the link `{dest}` points outside the `content/` folder"),
                    Some("link only to files inside `content/`".to_string()),
                )
            })?;
            self.path_target(dest, &joined, fragment.as_deref(), &written)?
        };
        let mut link = if target.output == from_output && target.fragment.is_some() {
            String::new()
        } else {
            href(from_output, &target.output)
        };
        if let Some(q) = query {
            link.push('?');
            link.push_str(q);
        }
        if let Some(f) = &target.fragment {
            link.push('#');
            link.push_str(&encode_fragment(f));
        }
        Ok(link)
    }

    /// The file the page `rel` is read from: `content/<rel>`, or a translation's own.
    fn file(&self, rel: &str) -> String {
        self.sources
            .get(rel)
            .cloned()
            .unwrap_or_else(|| format!("content/{rel}"))
    }

    /// How many steps the channel page `output` has; `None` for a page that is not one.
    pub fn steps(&self, output: &str) -> Option<usize> {
        self.pages.get(output).map(step_count)
    }

    /// The source page (`d/b.md`) the internal destination `dest`, written in
    /// `from_rel`, lands on; `None` for the same page, a file or a link that leads
    /// nowhere. Follows [`Self::resolve`]'s reading of paths without its errors.
    pub fn page_of(&self, dest: &str, from_rel: &str) -> Option<String> {
        let path = dest.split(['#', '?']).next().unwrap_or("");
        if path.is_empty() {
            return None;
        }
        let from_dir = from_rel.rsplit_once('/').map_or("", |(d, _)| d);
        let joined = paths::join(from_dir, &percent_decode(path))?;
        let rel = if joined.ends_with(".md") {
            joined
        } else if joined.is_empty() || joined.ends_with('/') {
            format!("{joined}index.md")
        } else if let Some(rel) = self.outputs.get(&joined) {
            rel.clone()
        } else {
            format!("{joined}/index.md")
        };
        // A channel's page is its chapter's.
        let rel = match self.pages.get(&rel) {
            Some(_) if !rel.ends_with(".md") => paths::chapter_output_of(&rel)
                .and_then(|chapter| self.outputs.get(&chapter))
                .cloned()?,
            _ => rel,
        };
        (rel != from_rel && self.pages.contains_key(&rel)).then_some(rel)
    }

    fn path_target(
        &self,
        dest: &str,
        joined: &str,
        fragment: Option<&str>,
        written: &Written,
    ) -> Result<Target, LinkError> {
        let page_rel = if joined.ends_with(".md") {
            Some(joined.to_string())
        } else if joined.is_empty() || joined.ends_with('/') {
            Some(format!("{joined}index.md"))
        } else if let Some(rel) = self.outputs.get(joined) {
            Some(rel.clone())
        } else if self.pages.contains_key(&format!("{joined}/index.md")) {
            Some(format!("{joined}/index.md"))
        } else {
            None
        };
        match page_rel {
            Some(rel) if self.pages.contains_key(&rel) => self.page_target(&rel, fragment, written),
            Some(rel) if self.broken.contains(&rel) => Ok(Target {
                output: paths::page_output(&rel, None),
                fragment: fragment.map(str::to_string),
            }),
            Some(rel) if self.drafts.contains(&rel) => Err(LinkError::new(
                format!("the link `{dest}` points to `{rel}`, which is a draft"),
                Some("build with `--drafts`, or remove `draft: true` from that page".to_string()),
            )),
            Some(rel) => Err(LinkError::new(
                format!("the link `{dest}` points to `content/{rel}`, which does not exist"),
                self.meant_path(&rel, true)
                    .map(|s| format!("did you mean `{}`?", written.path(s))),
            )),
            None if self.assets.contains(joined) => Ok(Target {
                output: joined.to_string(),
                fragment: fragment.filter(|f| !f.is_empty()).map(str::to_string),
            }),
            None => Err(LinkError::new(
                format!("the link `{dest}` points to `content/{joined}`, which does not exist"),
                Some(match self.meant_path(joined, false) {
                    Some(s) => format!("did you mean `{}`?", written.path(s)),
                    None => "link to a `.md` page or to a file under `content/`".to_string(),
                }),
            )),
        }
    }

    fn page_target(
        &self,
        rel: &str,
        fragment: Option<&str>,
        written: &Written,
    ) -> Result<Target, LinkError> {
        let page = self
            .pages
            .get(rel)
            .ok_or_else(|| LinkError::new(format!("no page `{rel}`"), None))?;
        let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
            return Ok(Target {
                output: page.output.clone(),
                fragment: None,
            });
        };
        if let Some(target) = page.anchors.get(fragment) {
            return Ok(target.clone());
        }
        if let Some(n) = step_number(fragment) {
            let channels = channels_of(page);
            if !channels.is_empty() {
                return Err(self.step_on_chapter(rel, page, &channels, n, written));
            }
        }
        let message = if rel.ends_with(".md") {
            format!(
                "`{}` has no heading with the id `#{fragment}`",
                self.file(rel)
            )
        } else {
            format!("the channel page `{rel}` has no step or heading with the id `#{fragment}`")
        };
        let steps = step_count(page);
        if let (Some(n), true) = (step_number(fragment), steps > 0) {
            let help = if (1..=steps).contains(&n) {
                format!("did you mean `#{}`?", step_anchor(n))
            } else {
                format!(
                    "the channel `{}` has {}, so link to one of those",
                    channel_id(rel),
                    step_range(steps)
                )
            };
            return Err(LinkError::new(message, Some(help)));
        }
        let known: Vec<&str> = page.anchors.keys().map(String::as_str).collect();
        let ranked: Vec<String> = closest_first(fragment, &known)
            .into_iter()
            .map(|k| format!("#{k}"))
            .collect();
        let help = match ranked.split_first() {
            None => "that page has no headings to link to".to_string(),
            Some((first, rest)) if is_near(fragment, &first[1..]) => {
                if rest.is_empty() {
                    format!("did you mean `{first}`?")
                } else {
                    format!(
                        "did you mean `{first}`? Its other ids, closest first: {}",
                        listing(rest, SHOWN - 1)
                    )
                }
            }
            Some(_) => format!(
                "link to one of its ids, closest first: {}",
                listing(&ranked, SHOWN)
            ),
        };
        Err(LinkError::new(message, Some(help)))
    }

    /// The error for `#step-N` on the channel chapter `rel`, whose steps are numbered on
    /// its channel pages (`channels`: each channel's id and page), one count per page.
    fn step_on_chapter(
        &self,
        rel: &str,
        chapter: &PageTargets,
        channels: &[(&str, &str)],
        n: usize,
        written: &Written,
    ) -> LinkError {
        let counts: Vec<(&str, &str, usize)> = channels
            .iter()
            .map(|&(id, out)| (id, out, self.pages.get(out).map_or(0, step_count)))
            .collect();
        let step = step_anchor(n);
        let having: Vec<String> = counts
            .iter()
            .filter(|(_, _, steps)| *steps >= n)
            .map(|&(id, out, _)| {
                let by_page = written.anchor(out, &step);
                match step_heading(chapter, out, &step) {
                    Some(heading) => format!(
                        "`{by_page}` or `{}` (channel `{id}`)",
                        written.anchor(rel, heading)
                    ),
                    None => format!("`{by_page}` (channel `{id}`)"),
                }
            })
            .collect();
        let short = |only: &str| -> Vec<String> {
            counts
                .iter()
                .filter(|(_, _, steps)| *steps < n)
                .map(|&(id, _, steps)| format!("`{id}` has {only}{}", plural(steps, "step")))
                .collect()
        };
        if having.is_empty() {
            let (_, out, steps) = counts[0];
            return LinkError::new(
                format!(
                    "`{}` is a channel chapter, and none of its channels has a step {n}",
                    self.file(rel)
                ),
                Some(format!(
                    "{}; link a step on its channel's page, such as `{}`",
                    short("").join(", "),
                    written.anchor(out, &step_anchor(steps.max(1)))
                )),
            );
        }
        let help = format!(
            "link the step on its channel's page: {}",
            [having, short("only ")].concat().join("; ")
        );
        LinkError::new(
            format!("`{}` is a channel chapter, so `#{step}` does not say which channel's step {n} it means", self.file(rel)),
            Some(help),
        )
    }

    /// The page or file a missing `wanted` (relative to `content/`) most likely meant:
    /// one with the same path but for case or for its `.md`/`.html` ending, else the
    /// closest near miss. `pages_only` leaves out files that are not pages.
    fn meant_path(&self, wanted: &str, pages_only: bool) -> Option<&str> {
        let mut known: Vec<&str> = self
            .pages
            .keys()
            .chain(&self.broken)
            .map(String::as_str)
            .collect();
        if !pages_only {
            known.extend(self.assets.iter().map(String::as_str));
        }
        let stem = |p: &str| {
            p.strip_suffix(".md")
                .or_else(|| p.strip_suffix(".html"))
                .unwrap_or(p)
                .to_lowercase()
        };
        let wanted_stem = stem(wanted);
        let same: Vec<&str> = known
            .iter()
            .copied()
            .filter(|k| stem(k) == wanted_stem || k.to_lowercase() == wanted.to_lowercase())
            .collect();
        if let Some(first) = closest_first(wanted, &same).first() {
            return Some(first);
        }
        closest_first(wanted, &known)
            .first()
            .copied()
            .filter(|k| is_near(wanted, k))
    }
}

/// How the author wrote a link, so a fix can be offered written the same way: relative
/// to the linking page, or from the content root if they began with `/`.
struct Written<'a> {
    /// The linking source, relative to `content/` (`d/a.md`).
    from_rel: &'a str,
    /// Whether the path began with `/`.
    rooted: bool,
    /// What followed the path as written: `?query` and `#fragment`, or nothing.
    tail: &'a str,
}

impl Written<'_> {
    /// `to` (relative to `content/`) with the link's own query and fragment.
    fn path(&self, to: &str) -> String {
        format!("{}{}", self.to(to), self.tail)
    }

    /// A link to the anchor `id` of `to`: just `#id` on the linking page itself.
    fn anchor(&self, to: &str, id: &str) -> String {
        if to == self.from_rel {
            format!("#{id}")
        } else {
            format!("{}#{id}", self.to(to))
        }
    }

    fn to(&self, to: &str) -> String {
        if self.rooted {
            return format!("/{to}");
        }
        let from: Vec<&str> = self
            .from_rel
            .split('/')
            .collect::<Vec<_>>()
            .split_last()
            .map_or(Vec::new(), |(_, dirs)| dirs.to_vec());
        let to_parts: Vec<&str> = to.split('/').collect();
        let common = from
            .iter()
            .zip(&to_parts[..to_parts.len() - 1])
            .take_while(|(a, b)| a == b)
            .count();
        let rest = to_parts[common..].join("/");
        let up = "../".repeat(from.len() - common);
        if up.is_empty() && to_parts[common].contains(':') {
            format!("./{rest}")
        } else {
            format!("{up}{rest}")
        }
    }
}

/// How many steps a channel page has (`#step-1` to `#step-N`); 0 for any other page.
fn step_count(page: &PageTargets) -> usize {
    (1..)
        .take_while(|n| page.anchors.contains_key(&step_anchor(*n)))
        .count()
}

/// The channels of a channel chapter, each as its id and its page: the anchors that land
/// on another page as a whole. Empty for any other page.
fn channels_of(page: &PageTargets) -> Vec<(&str, &str)> {
    page.anchors
        .iter()
        .filter(|(_, t)| t.fragment.is_none() && t.output != page.output)
        .map(|(id, t)| (id.as_str(), t.output.as_str()))
        .collect()
}

/// The heading id of the chapter that lands on `step` of the channel page `out`.
fn step_heading<'a>(chapter: &'a PageTargets, out: &str, step: &str) -> Option<&'a str> {
    chapter
        .anchors
        .iter()
        .find(|(_, t)| t.output == out && t.fragment.as_deref() == Some(step))
        .map(|(id, _)| id.as_str())
}

/// The channel id of a channel page (`ch/app.html` → `app`).
fn channel_id(page: &str) -> &str {
    let file = page.rsplit('/').next().unwrap_or(page);
    file.strip_suffix(".html").unwrap_or(file)
}

/// `4 steps, `#step-1` to `#step-4``.
fn step_range(steps: usize) -> String {
    let (first, last) = (step_anchor(1), step_anchor(steps));
    if steps == 1 {
        format!("1 step, `#{first}`")
    } else {
        format!("{steps} steps, `#{first}` to `#{last}`")
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> LinkIndex {
        let mut ix = LinkIndex::default();
        let mut anchors = BTreeMap::new();
        anchors.insert(
            "联系客服".into(),
            Target {
                output: "d/b.html".into(),
                fragment: Some("联系客服".into()),
            },
        );
        anchors.insert(
            "app".into(),
            Target {
                output: "d/b/app.html".into(),
                fragment: None,
            },
        );
        ix.pages.insert(
            "d/b.md".into(),
            PageTargets {
                output: "d/b.html".into(),
                anchors,
            },
        );
        ix.pages.insert(
            "index.md".into(),
            PageTargets {
                output: "index.html".into(),
                ..Default::default()
            },
        );
        ix.pages.insert(
            "d/index.md".into(),
            PageTargets {
                output: "d/index.html".into(),
                ..Default::default()
            },
        );
        ix.outputs.insert("d/b.html".into(), "d/b.md".into());
        ix.assets.insert("img/a.png".into());
        ix.drafts.insert("wip.md".into());
        ix
    }

    #[test]
    fn source_links_become_output_links() {
        let ix = index();
        assert_eq!(
            ix.resolve("d/b.md", "index.md", "index.html").unwrap(),
            "d/b.html"
        );
        assert_eq!(
            ix.resolve("../index.md", "d/b.md", "d/b.html").unwrap(),
            "../index.html"
        );
        assert_eq!(
            ix.resolve("b.md#联系客服", "d/index.md", "d/index.html")
                .unwrap(),
            "b.html#联系客服"
        );
        assert_eq!(
            ix.resolve(
                "b.md#%E8%81%94%E7%B3%BB%E5%AE%A2%E6%9C%8D",
                "d/index.md",
                "d/index.html"
            )
            .unwrap(),
            "b.html#联系客服"
        );
        assert_eq!(
            ix.resolve("#联系客服", "d/b.md", "d/b.html").unwrap(),
            "#联系客服"
        );
        assert_eq!(
            ix.resolve("d/", "index.md", "index.html").unwrap(),
            "d/index.html"
        );
        assert_eq!(
            ix.resolve("/img/a.png", "d/b.md", "d/b/app.html").unwrap(),
            "../../img/a.png"
        );
        assert_eq!(
            ix.resolve("/img/a.png#page=2", "index.md", "index.html")
                .unwrap(),
            "img/a.png#page=2"
        );
    }

    #[test]
    fn channel_anchors_land_on_channel_pages() {
        let ix = index();
        assert_eq!(
            ix.resolve("d/b.md#app", "index.md", "index.html").unwrap(),
            "d/b/app.html"
        );
    }

    #[test]
    fn broken_links_explain_themselves() {
        let ix = index();
        let e = ix.resolve("d/c.md", "index.md", "index.html").unwrap_err();
        assert!(e.message.contains("content/d/c.md"), "{}", e.message);
        assert_eq!(e.help.as_deref(), Some("did you mean `d/b.md`?"));
        let e = ix
            .resolve("d/b.md#联系", "index.md", "index.html")
            .unwrap_err();
        assert!(e.message.contains("#联系"));
        let e = ix.resolve("wip.md", "index.md", "index.html").unwrap_err();
        assert!(e.message.contains("draft"));
        let e = ix.resolve("../../x.md", "d/b.md", "d/b.html").unwrap_err();
        assert!(e.message.contains("outside"));
        assert!(ix
            .resolve("img/missing.png", "index.md", "index.html")
            .is_err());
    }

    /// The index `pages::outline` gives for `content/ch.md`: channels `app` (2 steps),
    /// `online` (2 steps) and `hotline` (1 step), plus `eligibility.md`, `d/a.md`,
    /// `img/photo-rules.png` and `a:b.md`.
    fn chapter_index() -> LinkIndex {
        let mut ix = LinkIndex::default();
        let to = |output: &str, fragment: Option<&str>| Target {
            output: output.into(),
            fragment: fragment.map(str::to_string),
        };
        let mut chapter = BTreeMap::new();
        for (id, steps) in [
            ("app", &["打开天猫app", "进入我的页面"][..]),
            ("online", &["登录网站", "提交投诉"][..]),
            ("hotline", &["拨打-9510211"][..]),
        ] {
            let out = format!("ch/{id}.html");
            chapter.insert(id.to_string(), to(&out, None));
            let mut own = BTreeMap::new();
            for (n, heading) in steps.iter().enumerate() {
                let step = step_anchor(n + 1);
                chapter.insert(heading.to_string(), to(&out, Some(&step)));
                own.insert(heading.to_string(), to(&out, Some(&step)));
                own.insert(step.clone(), to(&out, Some(&step)));
            }
            ix.outputs.insert(out.clone(), out.clone());
            ix.pages.insert(
                out.clone(),
                PageTargets {
                    output: out,
                    anchors: own,
                },
            );
        }
        chapter.insert("开始之前".into(), to("ch.html", Some("开始之前")));
        ix.pages.insert(
            "ch.md".into(),
            PageTargets {
                output: "ch.html".into(),
                anchors: chapter,
            },
        );
        for rel in ["index.md", "eligibility.md", "d/a.md", "a:b.md"] {
            ix.pages.insert(
                rel.into(),
                PageTargets {
                    output: paths::page_output(rel, None),
                    ..Default::default()
                },
            );
        }
        ix.assets.insert("img/photo-rules.png".into());
        ix
    }

    fn help(ix: &LinkIndex, dest: &str, from_rel: &str) -> String {
        let from_output = paths::page_output(from_rel, None);
        let e = ix.resolve(dest, from_rel, &from_output).unwrap_err();
        e.help.unwrap_or_default()
    }

    #[test]
    fn a_missing_page_or_file_suggests_the_same_name_but_for_case_or_md() {
        let ix = chapter_index();
        assert_eq!(
            help(&ix, "eligibility", "index.md"),
            "did you mean `eligibility.md`?"
        );
        assert_eq!(
            help(&ix, "Eligibility.MD#谁可以", "index.md"),
            "did you mean `eligibility.md#谁可以`?",
            "the link's own fragment is kept"
        );
        assert_eq!(
            help(&ix, "img/Photo-Rules.png", "index.md"),
            "did you mean `img/photo-rules.png`?"
        );
        assert_eq!(
            help(&ix, "../ch/online.md#step-2", "d/a.md"),
            "did you mean `../ch/online.html#step-2`?",
            "a channel page is linked by its output path"
        );
    }

    #[test]
    fn a_near_miss_is_written_as_the_author_would_write_it() {
        let ix = chapter_index();
        assert_eq!(
            help(&ix, "../eligibilty.md", "d/a.md"),
            "did you mean `../eligibility.md`?"
        );
        assert_eq!(
            help(&ix, "/eligibilty.md", "d/a.md"),
            "did you mean `/eligibility.md`?",
            "from the content root when the link began with `/`"
        );
        assert_eq!(
            help(&ix, "../img/photo-rule.png", "d/a.md"),
            "did you mean `../img/photo-rules.png`?"
        );
        assert_eq!(
            help(&ix, "b.md", "d/a.md"),
            "did you mean `a.md`?",
            "a page of the same folder, without the folder"
        );
        assert_eq!(
            help(&ix, "../a:c.md", "d/a.md"),
            "did you mean `../a:b.md`?"
        );
        assert_eq!(
            help(&ix, "a:c.md", "index.md"),
            "did you mean `./a:b.md`?",
            "a first segment with `:` is written with `./`"
        );
        assert_eq!(
            help(&ix, "refunds/policy.pdf", "index.md"),
            "link to a `.md` page or to a file under `content/`",
            "nothing close, no guess"
        );
    }

    #[test]
    fn a_missing_anchor_lists_the_ids_closest_first_and_says_how_many_it_leaves_out() {
        let mut ix = chapter_index();
        let anchors = "联系客服 联系商家 退款 退货 投诉 证据 订单号 截图 时限"
            .split(' ')
            .map(|id| {
                let t = Target {
                    output: "a.html".into(),
                    fragment: Some(id.to_string()),
                };
                (id.to_string(), t)
            })
            .collect();
        ix.pages.insert(
            "a.md".into(),
            PageTargets {
                output: "a.html".into(),
                anchors,
            },
        );
        assert_eq!(
            help(&ix, "#联系商店", "a.md"),
            "did you mean `#联系商家`? Its other ids, closest first: `#联系客服`, `#截图`, \
             `#投诉`, `#时限`, `#订单号`, …and 3 more"
        );
        assert_eq!(
            help(&ix, "a.md#shipping", "index.md"),
            "link to one of its ids, closest first: `#截图`, `#投诉`, `#时限`, `#联系商家`, \
             `#联系客服`, `#订单号`, …and 3 more"
        );
        assert_eq!(
            help(&ix, "eligibility.md#x", "index.md"),
            "that page has no headings to link to"
        );
    }

    #[test]
    fn a_step_past_the_last_says_how_many_steps_the_channel_has() {
        let ix = chapter_index();
        let e = ix
            .resolve("ch/app.html#step-9", "index.md", "index.html")
            .unwrap_err();
        assert_eq!(
            e.message,
            "the channel page `ch/app.html` has no step or heading with the id `#step-9`"
        );
        assert_eq!(
            e.help.as_deref(),
            Some("the channel `app` has 2 steps, `#step-1` to `#step-2`, so link to one of those")
        );
        assert_eq!(
            help(&ix, "ch/hotline.html#step-2", "index.md"),
            "the channel `hotline` has 1 step, `#step-1`, so link to one of those"
        );
        assert_eq!(
            help(&ix, "ch/app.html#step-02", "index.md"),
            "did you mean `#step-2`?"
        );
    }

    #[test]
    fn a_step_of_a_channel_chapter_names_each_channel_page_that_has_it() {
        let ix = chapter_index();
        let e = ix
            .resolve("../ch.md#step-2", "d/a.md", "d/a.html")
            .unwrap_err();
        assert_eq!(
            e.message,
            "`content/ch.md` is a channel chapter, so `#step-2` does not say which channel's step 2 it means"
        );
        assert_eq!(
            e.help.as_deref(),
            Some(
                "link the step on its channel's page: `../ch/app.html#step-2` or \
                 `../ch.md#进入我的页面` (channel `app`); `../ch/online.html#step-2` or \
                 `../ch.md#提交投诉` (channel `online`); `hotline` has only 1 step"
            )
        );
        assert_eq!(
            help(&ix, "#step-1", "ch.md"),
            "link the step on its channel's page: `ch/app.html#step-1` or `#打开天猫app` \
             (channel `app`); `ch/hotline.html#step-1` or `#拨打-9510211` (channel \
             `hotline`); `ch/online.html#step-1` or `#登录网站` (channel `online`)",
            "on the chapter itself, its headings are linked by `#id` alone"
        );
        let e = ix
            .resolve("ch.md#step-7", "index.md", "index.html")
            .unwrap_err();
        assert_eq!(
            e.message,
            "`content/ch.md` is a channel chapter, and none of its channels has a step 7"
        );
        assert_eq!(
            e.help.as_deref(),
            Some(
                "`app` has 2 steps, `hotline` has 1 step, `online` has 2 steps; link a step \
                 on its channel's page, such as `ch/app.html#step-2`"
            )
        );
    }

    #[test]
    fn a_fragment_like_a_step_on_a_plain_page_is_an_ordinary_missing_anchor() {
        let ix = chapter_index();
        assert_eq!(
            help(&ix, "eligibility.md#step-2", "index.md"),
            "that page has no headings to link to"
        );
    }
}
