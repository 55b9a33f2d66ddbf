//! The typed shape of a guide's sources: front matter, channels, pages and assets.

use serde::Deserialize;

/// Front-matter keys a page accepts, in the order the README documents them.
pub const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "order",
    "slug",
    "draft",
    "updated",
    "channels",
    "aliases",
];

/// Keys a channel entry accepts.
pub const CHANNEL_KEYS: &[&str] = &[
    "id", "name", "summary", "time", "contact", "hours", "needs", "checked", "source",
];

/// A page's front matter. Unknown keys are errors, so a typo never silently drops a value.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Shown in the page heading, `<title>`, navigation and search results.
    #[serde(deserialize_with = "crate::yaml::text::text")]
    pub title: String,
    /// The meta description and the summary under the title.
    #[serde(default, deserialize_with = "crate::yaml::text::opt_text")]
    pub description: Option<String>,
    /// Sort key within the page's folder; pages without one come last, then by title.
    #[serde(default)]
    pub order: Option<i64>,
    /// Replaces the file stem in the output path.
    #[serde(default)]
    pub slug: Option<String>,
    /// Left out of the build unless `--drafts` is given.
    #[serde(default)]
    pub draft: bool,
    /// When the facts on the page were last checked (`YYYY-MM-DD`).
    #[serde(default, deserialize_with = "crate::yaml::text::opt_text")]
    pub updated: Option<String>,
    /// The ways of getting the chapter's task done; a chapter with channels gets a
    /// page of steps per channel.
    #[serde(default)]
    pub channels: Vec<ChannelMeta>,
    /// Old addresses of the page (output paths like `old/a.html` or `old/`), each of
    /// which gets a redirect page.
    #[serde(default, deserialize_with = "crate::yaml::text::text_list")]
    pub aliases: Vec<String>,
    /// The fields that used facts (`title`, `description`), as written: the fields
    /// themselves hold the values (see [`crate::facts::front`]).
    #[serde(skip)]
    pub raw: std::collections::BTreeMap<String, String>,
    /// The title with its inline code marks (`` `match` 控制流结构 ``) when it has any;
    /// `title` is then its text (`match 控制流结构`). The heading, the navigation and
    /// search results show the code.
    #[serde(skip)]
    pub title_code: Option<String>,
}

/// One channel as declared in a chapter's front matter.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelMeta {
    /// Matches the `{#id}` of the channel's `##` section and names its page.
    #[serde(deserialize_with = "crate::yaml::text::text")]
    pub id: String,
    /// The channel's display name.
    #[serde(deserialize_with = "crate::yaml::text::text")]
    pub name: String,
    /// One line telling a reader when this channel is the right one.
    #[serde(default, deserialize_with = "crate::yaml::text::opt_text")]
    pub summary: Option<String>,
    /// How long the channel takes.
    #[serde(default, deserialize_with = "crate::yaml::text::opt_text")]
    pub time: Option<String>,
    /// A phone number (rendered as a `tel:` link) or a URL.
    #[serde(default, deserialize_with = "crate::yaml::text::opt_text")]
    pub contact: Option<String>,
    /// When the channel is staffed.
    #[serde(default, deserialize_with = "crate::yaml::text::opt_text")]
    pub hours: Option<String>,
    /// What to have ready before starting.
    #[serde(default, deserialize_with = "crate::yaml::text::text_list")]
    pub needs: Vec<String>,
    /// When someone last checked this channel's facts (`YYYY-MM-DD`); the page claims a
    /// check only from this.
    #[serde(default, deserialize_with = "crate::yaml::text::opt_text")]
    pub checked: Option<String>,
    /// Where the facts come from: a sentence or a URL.
    #[serde(default, deserialize_with = "crate::yaml::text::opt_text")]
    pub source: Option<String>,
    /// The fields that used facts (`contact`, `needs[1]`), as written: the fields
    /// themselves hold the values (see [`crate::facts::front`]).
    #[serde(skip)]
    pub raw: std::collections::BTreeMap<String, String>,
    /// Whether `checked` is the original's, taken by a translation that leaves it out:
    /// advice about the date then belongs to the original.
    #[serde(skip)]
    pub checked_inherited: bool,
}

/// A Markdown page with its front matter decoded and its place in the output decided.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the site root, for diagnostics (`content/d/b.md`).
    pub source: String,
    /// Path relative to `content/` (`d/b.md`), the form authors link with.
    pub rel: String,
    /// Output path relative to the output folder (`d/b.html`).
    pub output: String,
    /// The decoded front matter.
    pub meta: FrontMatter,
    /// The whole file, BOM removed and line ends normalised.
    pub text: String,
    /// Byte offset in `text` where the Markdown body starts.
    pub body_offset: usize,
    /// Byte range of the YAML block in `text`, for later front-matter errors.
    pub yaml: std::ops::Range<usize>,
    /// The page's valid aliases, in the order written.
    pub aliases: Vec<Alias>,
    /// Whether this is the default language's page shown in another language that
    /// has no translation of it (see [`crate::languages`]).
    pub fallback: bool,
    /// For a translation, its original's title: pages without `order` sort by it, so
    /// every language lists them in the same order.
    pub original_title: Option<String>,
}

/// An old address of a page, where a redirect page to it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The output path of the redirect page (`old/index.html` for `old/`).
    pub output: String,
    /// File line and column of the alias in the front matter, for errors found after
    /// the page's text is released.
    pub line: usize,
    pub column: usize,
    /// That line of the file, quoted in errors.
    pub source_line: String,
}

impl Page {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The YAML block of the front matter.
    pub fn yaml(&self) -> &str {
        &self.text[self.yaml.clone()]
    }

    /// Drops the source text once the page is rendered, keeping its front matter:
    /// a large site then holds only what later stages need. `body()` and `yaml()`
    /// are empty afterwards.
    pub fn release_text(&mut self) {
        self.text = String::new();
        self.body_offset = 0;
        self.yaml = 0..0;
    }
}

/// Any other file under `content/`, copied to the same relative path.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/`, also its output path.
    pub rel: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Everything found under `content/`, in a stable order.
#[derive(Debug, Default)]
pub struct Content {
    /// Pages sorted by source path.
    pub pages: Vec<Page>,
    /// Assets sorted by path, shared by every language.
    pub assets: std::sync::Arc<Vec<Asset>>,
    /// Source paths (relative to `content/`) of drafts left out, so links to them get a clear error.
    pub drafts: Vec<String>,
    /// Source paths of pages whose front matter is invalid (already reported), so
    /// links to them are not reported a second time as missing.
    pub broken: Vec<String>,
    /// Problems that do not fail the build.
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
    /// The site's facts (`site.yml` `facts:`) in this language, which pages use as
    /// `{{ id }}`.
    pub facts: std::sync::Arc<crate::facts::Registry>,
    /// The default language's facts, which its pages shown as fallbacks use.
    pub fallback_facts: std::sync::Arc<crate::facts::Registry>,
    /// The language of these pages.
    pub language: crate::languages::Language,
}

impl Content {
    /// The facts `page` is written with: a fallback page's are the default language's.
    pub fn facts_of(&self, page: &Page) -> &crate::facts::Registry {
        self.registries().of(page)
    }

    /// The pages, to change, beside the facts each is written with.
    pub fn pages_and_facts(&mut self) -> (&mut [Page], Registries<'_>) {
        let Content {
            pages,
            facts,
            fallback_facts,
            ..
        } = self;
        (pages, Registries::new(facts, fallback_facts))
    }

    fn registries(&self) -> Registries<'_> {
        Registries::new(&self.facts, &self.fallback_facts)
    }
}

/// A language's facts and the default language's, which its fallback pages use.
#[derive(Clone, Copy)]
pub struct Registries<'a> {
    own: &'a crate::facts::Registry,
    fallback: &'a crate::facts::Registry,
}

impl<'a> Registries<'a> {
    fn new(own: &'a crate::facts::Registry, fallback: &'a crate::facts::Registry) -> Self {
        Registries { own, fallback }
    }

    /// The facts `page` is written with.
    pub fn of(self, page: &Page) -> &'a crate::facts::Registry {
        if page.fallback {
            self.fallback
        } else {
            self.own
        }
    }
}
