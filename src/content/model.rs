//! The typed shape of a guide's sources: front matter, channels, pages and assets.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};

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
    #[serde(deserialize_with = "scalar")]
    pub title: String,
    /// The meta description and the summary under the title.
    #[serde(default, deserialize_with = "opt_scalar")]
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
    #[serde(default, deserialize_with = "opt_scalar")]
    pub updated: Option<String>,
    /// The ways of getting the chapter's task done; a chapter with channels gets a
    /// page of steps per channel.
    #[serde(default)]
    pub channels: Vec<ChannelMeta>,
    /// Old addresses of the page (output paths like `old/a.html` or `old/`), each of
    /// which gets a redirect page.
    #[serde(default, deserialize_with = "scalar_list")]
    pub aliases: Vec<String>,
}

/// One channel as declared in a chapter's front matter.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelMeta {
    /// Matches the `{#id}` of the channel's `##` section and names its page.
    #[serde(deserialize_with = "scalar")]
    pub id: String,
    /// The channel's display name.
    #[serde(deserialize_with = "scalar")]
    pub name: String,
    /// One line telling a reader when this channel is the right one.
    #[serde(default, deserialize_with = "opt_scalar")]
    pub summary: Option<String>,
    /// How long the channel takes.
    #[serde(default, deserialize_with = "opt_scalar")]
    pub time: Option<String>,
    /// A phone number (rendered as a `tel:` link) or a URL.
    #[serde(default, deserialize_with = "opt_scalar")]
    pub contact: Option<String>,
    /// When the channel is staffed.
    #[serde(default, deserialize_with = "opt_scalar")]
    pub hours: Option<String>,
    /// What to have ready before starting.
    #[serde(default, deserialize_with = "scalar_list")]
    pub needs: Vec<String>,
    /// When someone last checked this channel's facts (`YYYY-MM-DD`); the page claims a
    /// check only from this.
    #[serde(default, deserialize_with = "opt_scalar")]
    pub checked: Option<String>,
    /// Where the facts come from: a sentence or a URL.
    #[serde(default, deserialize_with = "opt_scalar")]
    pub source: Option<String>,
}

/// Reads a YAML scalar of any type as the text the author wrote, so `contact: 9510211`
/// works as well as `contact: "9510211"`; a list or mapping is reported as "expected
/// text".
struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// Like [`TextVisitor`], for a key that may be empty or `~`.
struct OptionalText;

impl<'de> Visitor<'de> for OptionalText {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        scalar(d).map(Some)
    }
}

/// A list of texts, each read like [`TextVisitor`].
struct TextList;

impl<'de> Visitor<'de> for TextList {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = seq.next_element_seed(TextSeed)? {
            out.push(item);
        }
        Ok(out)
    }
}

struct TextSeed;

impl<'de> de::DeserializeSeed<'de> for TextSeed {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        scalar(d)
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(TextVisitor)
}

/// A text key, read like a scalar (`value: 9510211` is the text `9510211`).
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    scalar(d)
}

/// An optional text key, read like a scalar (`stale_after: 365d`).
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    opt_scalar(d)
}

fn opt_scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_option(OptionalText)
}

fn scalar_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    d.deserialize_any(TextList)
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
    /// Assets sorted by path.
    pub assets: Vec<Asset>,
    /// Source paths (relative to `content/`) of drafts left out, so links to them get a clear error.
    pub drafts: Vec<String>,
    /// Source paths of pages whose front matter is invalid (already reported), so
    /// links to them are not reported a second time as missing.
    pub broken: Vec<String>,
    /// Problems that do not fail the build.
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
}
