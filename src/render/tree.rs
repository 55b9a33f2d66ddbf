//! The site's outline: which page belongs under which, in reading order.
//!
//! Folders nest under their `index.md`, pages sort by `order` then title, and a
//! channel chapter's channel pages hang under the chapter. From this one tree come
//! the sidebar, the breadcrumbs and the previous/next links, so they always agree.

use std::collections::HashMap;

use serde::Serialize;

use crate::paths::href;

/// A page, or a folder that has no `index.md`, in the outline.
#[derive(Debug, Clone)]
pub struct Node {
    /// Shown in navigation.
    pub title: String,
    /// The output file, if the node is a page.
    pub output: Option<String>,
    /// The enclosing node; `None` for the home page.
    pub parent: Option<usize>,
    /// Child nodes in display order.
    pub children: Vec<usize>,
    /// Whether this is one of a chapter's channel pages.
    pub is_channel: bool,
    /// The language of its title when it is not the site's (a page not translated).
    pub lang: Option<String>,
    /// Its title with inline code marks, when it has any.
    pub title_code: Option<String>,
    sort: (i64, String, String),
}

/// What the outline needs to know of a page: two outlines built from equal entries
/// are equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Source path relative to `content/`.
    pub rel: String,
    /// Output path.
    pub output: String,
    /// The page title.
    pub title: String,
    /// The page's `order`.
    pub order: Option<i64>,
    /// Titles and outputs of a chapter's channel pages, in display order.
    pub channels: Vec<(String, String)>,
    /// The language of its titles when it is not the site's (a page not translated).
    pub lang: Option<String>,
    /// What it sorts by after `order`: its title, or its original's for a translation.
    pub sort_title: String,
    /// Its title with inline code marks, when it has any.
    pub title_code: Option<String>,
}

/// The outline of the site. Node 0 is the home page.
#[derive(Debug, Clone)]
pub struct Tree {
    /// All nodes; node 0 is the home page.
    pub nodes: Vec<Node>,
    /// Page nodes in reading order (for previous/next).
    pub reading_order: Vec<usize>,
    /// Every node, parents before children, in display order.
    preorder: Vec<usize>,
    /// Each node's place in `preorder`.
    position: Vec<usize>,
    by_output: HashMap<String, usize>,
}

/// Sections with more pages than this are not listed in each page's own HTML.
pub const LOCAL_NAV_LIMIT: usize = 40;

/// A navigation link as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    /// The title.
    pub title: String,
    /// Relative link from the current page (a folder without a page links to its first page).
    pub href: Option<String>,
    /// Whether this is the current page.
    pub current: bool,
    /// Whether the current page is this node or below it.
    pub open: bool,
    /// Whether this is a channel page.
    pub is_channel: bool,
    /// The language of the title when it is not the page's.
    pub lang: Option<String>,
    /// The title as HTML when it holds inline code (`<code>match</code> 控制流结构`).
    pub title_html: Option<String>,
    /// Children, listed only for open nodes so a page's navigation stays the size of
    /// its own section plus the top level, however large the site.
    pub children: Vec<NavLink>,
}

impl Tree {
    /// Builds the outline from the pages; the page at `index.md` must be among them.
    pub fn build(entries: &[Entry]) -> Tree {
        let mut tree = Tree {
            nodes: Vec::new(),
            reading_order: Vec::new(),
            preorder: Vec::new(),
            position: Vec::new(),
            by_output: HashMap::new(),
        };
        let mut folders: HashMap<String, usize> = HashMap::new();
        let mut sorted: Vec<&Entry> = entries.iter().collect();
        sorted.sort_by_key(|e| (!is_index(&e.rel), e.rel.matches('/').count(), e.rel.clone()));
        for entry in sorted {
            let folder = folder_of(&entry.rel);
            let id = if is_index(&entry.rel) && folders.contains_key(folder) {
                let id = folders[folder];
                let node = &mut tree.nodes[id];
                node.title = entry.title.clone();
                node.output = Some(entry.output.clone());
                node.sort.0 = entry.order.unwrap_or(i64::MAX);
                node.sort.1 = entry.sort_title.clone();
                node.lang = entry.lang.clone();
                node.title_code = entry.title_code.clone();
                id
            } else if is_index(&entry.rel) {
                let parent =
                    (!folder.is_empty()).then(|| tree.folder(&mut folders, parent_folder(folder)));
                let id = tree.push(
                    entry.title.clone(),
                    Some(entry.output.clone()),
                    parent,
                    entry.order,
                    false,
                );
                tree.nodes[id].lang = entry.lang.clone();
                tree.nodes[id].title_code = entry.title_code.clone();
                tree.nodes[id].sort.1 = entry.sort_title.clone();
                folders.insert(folder.to_string(), id);
                id
            } else {
                let parent = tree.folder(&mut folders, folder);
                let id = tree.push(
                    entry.title.clone(),
                    Some(entry.output.clone()),
                    Some(parent),
                    entry.order,
                    false,
                );
                tree.nodes[id].lang = entry.lang.clone();
                tree.nodes[id].title_code = entry.title_code.clone();
                tree.nodes[id].sort.1 = entry.sort_title.clone();
                id
            };
            for (i, (title, output)) in entry.channels.iter().enumerate() {
                tree.push(
                    title.clone(),
                    Some(output.clone()),
                    Some(id),
                    Some(i as i64),
                    true,
                );
            }
        }
        for i in 0..tree.nodes.len() {
            let mut children = std::mem::take(&mut tree.nodes[i].children);
            children.sort_by(|a, b| tree.nodes[*a].sort.cmp(&tree.nodes[*b].sort));
            tree.nodes[i].children = children;
        }
        if !tree.nodes.is_empty() {
            tree.walk();
        }
        let langs: Vec<(usize, String)> = tree
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.lang.is_none())
            .filter_map(|(i, n)| {
                let parent = n.parent?;
                let lang = tree.nodes[parent].lang.clone()?;
                n.is_channel.then_some((i, lang))
            })
            .collect();
        for (i, lang) in langs {
            tree.nodes[i].lang = Some(lang);
        }
        for (i, node) in tree.nodes.iter().enumerate() {
            if let Some(out) = &node.output {
                tree.by_output.insert(out.clone(), i);
            }
        }
        tree
    }

    fn push(
        &mut self,
        title: String,
        output: Option<String>,
        parent: Option<usize>,
        order: Option<i64>,
        is_channel: bool,
    ) -> usize {
        let id = self.nodes.len();
        let sort = (
            order.unwrap_or(i64::MAX),
            title.clone(),
            output.clone().unwrap_or_default(),
        );
        self.nodes.push(Node {
            title,
            output,
            parent,
            children: Vec::new(),
            is_channel,
            lang: None,
            title_code: None,
            sort,
        });
        if let Some(p) = parent {
            self.nodes[p].children.push(id);
        }
        id
    }

    /// The node of `folder`, created as a label (a folder without `index.md`) if needed.
    fn folder(&mut self, folders: &mut HashMap<String, usize>, folder: &str) -> usize {
        if let Some(id) = folders.get(folder) {
            return *id;
        }
        let parent = if folder.is_empty() {
            None
        } else {
            Some(self.folder(folders, parent_folder(folder)))
        };
        let name = folder.rsplit('/').next().unwrap_or(folder).to_string();
        let id = self.push(name, None, parent, None, false);
        folders.insert(folder.to_string(), id);
        id
    }

    /// Fills `reading_order`, `preorder` and `position`, without recursion (folders
    /// can nest as deep as a file system allows).
    fn walk(&mut self) {
        let mut stack = vec![0usize];
        while let Some(id) = stack.pop() {
            self.preorder.push(id);
            if self.nodes[id].output.is_some() {
                self.reading_order.push(id);
            }
            stack.extend(self.nodes[id].children.iter().rev());
        }
        self.position = vec![0; self.nodes.len()];
        for (i, id) in self.preorder.iter().enumerate() {
            self.position[*id] = i;
        }
    }

    /// The pages a reader can save for offline reading together: each page other than
    /// the home page that has pages under it, with its own output and those of the
    /// pages directly under it (a chapter's channel pages, a folder's pages; a folder
    /// inside is a chapter of its own). Each page is in one chapter at most, so the
    /// list stays as long as the site.
    pub fn chapters(&self) -> Vec<(String, Vec<String>)> {
        self.preorder
            .iter()
            .filter(|&&id| id != 0 && !self.nodes[id].children.is_empty())
            .filter_map(|&id| {
                let node = &self.nodes[id];
                let output = node.output.clone()?;
                let pages = std::iter::once(output.clone())
                    .chain(
                        node.children
                            .iter()
                            .filter_map(|&c| self.nodes[c].output.clone()),
                    )
                    .collect();
                Some((output, pages))
            })
            .collect()
    }

    /// Every page's output, in reading order.
    pub fn outputs(&self) -> impl Iterator<Item = &str> {
        self.preorder
            .iter()
            .filter_map(|&id| self.nodes[id].output.as_deref())
    }

    /// The node writing `output`.
    pub fn node_of(&self, output: &str) -> Option<usize> {
        self.by_output.get(output).copied()
    }

    /// The chain of nodes from the home page down to `id`'s parent.
    pub fn ancestors(&self, id: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut cur = self.nodes[id].parent;
        while let Some(p) = cur {
            chain.push(p);
            cur = self.nodes[p].parent;
        }
        chain.reverse();
        chain
    }

    /// The sidebar a page carries in its own HTML: the pages of its own section (its
    /// siblings, with the current page's children opened), or nothing when the section
    /// has more than [`LOCAL_NAV_LIMIT`] pages. The whole tree is in the shared
    /// navigation script ([`Tree::script`]), from which the page's script draws the full
    /// sidebar; without script, breadcrumbs, previous/next and the contents page remain.
    /// So a page's size does not grow with the site.
    pub fn local_nav(&self, current: usize) -> Vec<NavLink> {
        let from = self.nodes[current].output.clone().unwrap_or_default();
        let mut open = self.ancestors(current);
        open.push(current);
        let siblings: Vec<usize> = match self.nodes[current].parent {
            Some(p) => self.nodes[p].children.clone(),
            None => vec![current],
        };
        if siblings.len() > LOCAL_NAV_LIMIT {
            return Vec::new();
        }
        siblings
            .iter()
            .map(|c| self.link(*c, &from, current, &|n| open.contains(&n), *c == current))
            .collect()
    }

    /// The home page and the top level, none of them current and none opened: the
    /// sidebar of a page that is not in the tree (the contents page, the 404 page).
    pub fn top_level(&self, from: &str) -> Vec<NavLink> {
        let none = |_| false;
        std::iter::once(0)
            .chain(self.nodes[0].children.iter().copied())
            .take(LOCAL_NAV_LIMIT)
            .map(|id| self.link(id, from, usize::MAX, &none, false))
            .collect()
    }

    /// Every node, nested from the home page down, as the contents page lists them.
    pub fn full(&self, from: &str) -> Vec<NavLink> {
        let mut top = vec![self.link(0, from, usize::MAX, &|_| false, false)];
        top.extend(
            self.nodes[0]
                .children
                .iter()
                .map(|c| self.link(*c, from, usize::MAX, &|_| true, true)),
        );
        top
    }

    /// The shared navigation script: `window.WaymarkNav=[[title, url, parent, flags,
    /// lang], …]` (a title with inline code keeps its backticks, which the page's
    /// script shows as code), one entry per node in display order (a parent before its children),
    /// `url` relative to the site root and empty for a folder without a page, `flags` 1
    /// for a channel page, `lang` the title's language when it is not the site's (a
    /// page not translated) and empty otherwise. JSON with `<`, `>` and `&` escaped, so no title can break out.
    pub fn script(&self) -> String {
        let index = &self.position;
        let entries: Vec<serde_json::Value> = self
            .preorder
            .iter()
            .map(|id| {
                let n = &self.nodes[*id];
                serde_json::json!([
                    n.title_code.as_ref().unwrap_or(&n.title),
                    self.landing(*id)
                        .map(crate::paths::url_path)
                        .unwrap_or_default(),
                    n.parent.map_or(-1, |p| index[p] as i64),
                    u8::from(n.is_channel),
                    n.lang.as_deref().unwrap_or(""),
                ])
            })
            .collect();
        let json = serde_json::Value::from(entries).to_string();
        format!(
            "window.WaymarkNav={};\n",
            crate::strings::script_safe(&json)
        )
    }

    /// The position of `id` in [`Tree::script`]'s list.
    pub fn script_index(&self, id: usize) -> usize {
        self.position[id]
    }

    /// A node as a link from `from`, with its children listed (recursively, without
    /// recursion in Rust's stack depth beyond the folder depth) if `descend` and open.
    fn link(
        &self,
        id: usize,
        from: &str,
        current: usize,
        open: &dyn Fn(usize) -> bool,
        descend: bool,
    ) -> NavLink {
        let node = &self.nodes[id];
        let is_open = open(id);
        let children = if descend && is_open {
            node.children
                .iter()
                .map(|c| self.link(*c, from, current, open, true))
                .collect()
        } else {
            Vec::new()
        };
        NavLink {
            title: node.title.clone(),
            href: self.landing(id).map(|o| href(from, o)),
            current: id == current,
            open: is_open,
            is_channel: node.is_channel,
            lang: node.lang.clone(),
            title_html: node.title_code.as_deref().map(crate::strings::title_html),
            children,
        }
    }

    /// The page a node's link opens: its own, or for a folder without `index.md`, the
    /// first page inside it, so every folder can be opened from the navigation.
    fn landing(&self, id: usize) -> Option<&str> {
        let node = &self.nodes[id];
        match &node.output {
            Some(o) => Some(o),
            None => node.children.iter().find_map(|c| self.landing(*c)),
        }
    }

    /// The pages before and after `id` in reading order.
    pub fn neighbours(&self, id: usize) -> (Option<usize>, Option<usize>) {
        let Some(pos) = self.reading_order.iter().position(|n| *n == id) else {
            return (None, None);
        };
        let prev = pos.checked_sub(1).map(|p| self.reading_order[p]);
        (prev, self.reading_order.get(pos + 1).copied())
    }
}

fn is_index(rel: &str) -> bool {
    rel == "index.md" || rel.ends_with("/index.md")
}

fn folder_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

fn parent_folder(folder: &str) -> &str {
    folder.rsplit_once('/').map_or("", |(d, _)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(rel: &str, output: &str, title: &str, order: Option<i64>) -> Entry {
        Entry {
            rel: rel.into(),
            output: output.into(),
            title: title.into(),
            order,
            channels: Vec::new(),
            lang: None,
            sort_title: title.into(),
            title_code: None,
        }
    }

    #[test]
    fn folders_nest_under_their_index_and_sort_by_order() {
        let mut chapter = entry("guide/channels.md", "guide/channels.html", "渠道", Some(1));
        chapter.channels = vec![
            ("APP".into(), "guide/channels/app.html".into()),
            ("网页".into(), "guide/channels/web.html".into()),
        ];
        let tree = Tree::build(&[
            entry("index.md", "index.html", "首页", None),
            entry("guide/tips.md", "guide/tips.html", "注意事项", Some(2)),
            chapter,
            entry("guide/index.md", "guide/index.html", "指南", Some(1)),
            entry("about.md", "about.html", "关于", Some(9)),
        ]);
        let titles: Vec<&str> = tree
            .reading_order
            .iter()
            .map(|i| tree.nodes[*i].title.as_str())
            .collect();
        assert_eq!(
            titles,
            ["首页", "指南", "渠道", "APP", "网页", "注意事项", "关于"]
        );
        let app = tree.node_of("guide/channels/app.html").unwrap();
        let nav = tree.local_nav(app);
        let titles: Vec<&str> = nav.iter().map(|n| n.title.as_str()).collect();
        assert_eq!(titles, ["APP", "网页"], "a page lists its own section");
        assert!(nav[0].current && nav[0].is_channel);
        assert_eq!(nav[1].href.as_deref(), Some("web.html"));
        let chapter = tree.node_of("guide/channels.html").unwrap();
        let nav = tree.local_nav(chapter);
        assert_eq!(nav.len(), 2, "the chapter and its sibling");
        assert_eq!(
            nav[0].children.len(),
            2,
            "the current chapter's channels opened"
        );
        let (prev, next) = tree.neighbours(app);
        assert_eq!(tree.nodes[prev.unwrap()].title, "渠道");
        assert_eq!(tree.nodes[next.unwrap()].title, "网页");
    }

    #[test]
    fn page_chrome_does_not_grow_with_the_site() {
        let mut entries = vec![entry("index.md", "index.html", "Home", None)];
        for i in 0..50 {
            entries.push(entry(
                &format!("a/p{i}.md"),
                &format!("a/p{i}.html"),
                &format!("A{i}"),
                None,
            ));
        }
        for i in 0..10 {
            entries.push(entry(
                &format!("b/p{i}.md"),
                &format!("b/p{i}.html"),
                &format!("B{i}"),
                None,
            ));
        }
        let tree = Tree::build(&entries);
        let big = tree.node_of("a/p3.html").unwrap();
        assert!(
            tree.local_nav(big).is_empty(),
            "a section of 50 is not listed"
        );
        let small = tree.node_of("b/p3.html").unwrap();
        assert_eq!(tree.local_nav(small).len(), 10);
        assert_eq!(
            tree.full(crate::paths::CONTENTS).len(),
            3,
            "home and the two folders"
        );
        assert_eq!(tree.full(crate::paths::CONTENTS)[1].children.len(), 50);
    }

    #[test]
    fn the_shared_script_holds_every_node_parents_first() {
        let tree = Tree::build(&[
            entry("index.md", "index.html", "</script>首页", None),
            entry("d/x y.md", "d/x y.html", "X", None),
        ]);
        let script = tree.script();
        assert!(script.starts_with("window.WaymarkNav=[["));
        assert!(!script.contains("</script>"));
        let json = script
            .trim_start_matches("window.WaymarkNav=")
            .trim_end_matches(";\n");
        let nodes: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
        assert_eq!(nodes.len(), 3, "home, the folder d, and its page");
        assert_eq!(nodes[0][0], "</script>首页");
        assert_eq!(
            nodes[1][1], "d/x%20y.html",
            "a folder links to its first page"
        );
        assert_eq!(nodes[2][2], 1, "the page's parent is the folder");
        let page = tree.node_of("d/x y.html").unwrap();
        assert_eq!(tree.script_index(page), 2);
    }
}
