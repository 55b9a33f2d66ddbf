//! The typed shape of a guide's sources: front matter, channels, pages and assets.

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
];

/// Keys a channel entry accepts.
pub const CHANNEL_KEYS: &[&str] = &["id", "name", "summary", "time", "contact", "hours", "needs"];

/// A page's front matter. Unknown keys are errors, so a typo never silently drops a value.
#[derive(Debug, Clone, Deserialize)]
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
}

/// One channel as declared in a chapter's front matter.
#[derive(Debug, Clone, Deserialize)]
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
    #[serde(default)]
    pub needs: Vec<String>,
}

/// A YAML scalar of any type, kept as the text the author wrote, so `contact: 9510211`
/// works as well as `contact: "9510211"`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    fn into_string(self) -> String {
        match self {
            Scalar::Text(s) => s,
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Scalar::deserialize(d).map(Scalar::into_string)
}

fn opt_scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<Scalar>::deserialize(d).map(|s| s.map(Scalar::into_string))
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
}
