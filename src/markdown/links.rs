//! Turning the links authors write (to sources: `a.md#标题`) into relative links between
//! output files (`../a.html#标题`), and rejecting links that lead nowhere.
//!
//! Output links are always relative paths to files, never `/x/` or `x/`, so one
//! `public/` works from `file://`, at a domain root and under any sub-path.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diagnostic::suggest;
use crate::paths::{self, encode_fragment, href, percent_decode, LinkKind, LINK_SCHEMES};

/// Where a link lands: an output file and, optionally, an element id in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Output path relative to the output folder.
    pub output: String,
    /// Element id, without `#`.
    pub fragment: Option<String>,
}

/// What a link to one source page can reach.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
        let target = if path.is_empty() {
            self.page_target(from_rel, fragment.as_deref())?
        } else {
            let from_dir = from_rel.rsplit_once('/').map_or("", |(d, _)| d);
            let joined = paths::join(from_dir, &percent_decode(path)).ok_or_else(|| {
                LinkError::new(
                    format!("the link `{dest}` points outside the `content/` folder"),
                    Some("link only to files inside `content/`".to_string()),
                )
            })?;
            self.path_target(dest, &joined, fragment.as_deref())?
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

    fn path_target(
        &self,
        dest: &str,
        joined: &str,
        fragment: Option<&str>,
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
            Some(rel) if self.pages.contains_key(&rel) => self.page_target(&rel, fragment),
            Some(rel) if self.broken.contains(&rel) => Ok(Target {
                output: paths::page_output(&rel, None),
                fragment: fragment.map(str::to_string),
            }),
            Some(rel) if self.drafts.contains(&rel) => Err(LinkError::new(
                format!("the link `{dest}` points to `{rel}`, which is a draft"),
                Some("build with `--drafts`, or remove `draft: true` from that page".to_string()),
            )),
            Some(rel) => {
                let known: Vec<&str> = self.pages.keys().map(String::as_str).collect();
                Err(LinkError::new(
                    format!("the link `{dest}` points to `content/{rel}`, which does not exist"),
                    suggest(&rel, &known).map(|s| format!("did you mean `{s}`?")),
                ))
            }
            None if self.assets.contains(joined) => Ok(Target {
                output: joined.to_string(),
                fragment: fragment.filter(|f| !f.is_empty()).map(str::to_string),
            }),
            None => Err(LinkError::new(
                format!("the link `{dest}` points to `content/{joined}`, which does not exist"),
                Some("link to a `.md` page or to a file under `content/`".to_string()),
            )),
        }
    }

    fn page_target(&self, rel: &str, fragment: Option<&str>) -> Result<Target, LinkError> {
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
        let known: Vec<&str> = page.anchors.keys().map(String::as_str).collect();
        Err(LinkError::new(
            if rel.ends_with(".md") {
                format!("`content/{rel}` has no heading with the id `#{fragment}`")
            } else {
                format!("the channel page `{rel}` has no step or heading with the id `#{fragment}`")
            },
            Some(match suggest(fragment, &known) {
                Some(s) => format!("did you mean `#{s}`?"),
                None if known.is_empty() => "that page has no headings to link to".to_string(),
                None => format!(
                    "its headings are: {}",
                    known
                        .iter()
                        .take(8)
                        .map(|k| format!("#{k}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        ))
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
}
