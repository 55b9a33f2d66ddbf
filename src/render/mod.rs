//! Stage five: pages to complete HTML documents through the theme's Tera templates,
//! plus the files every site gets (`404.html`, `sitemap.xml`, `robots.txt`, assets).
//!
//! - [`Layout`] (`layout.rs`): the settings, theme, compiled templates
//!   (`templates.rs`) and navigation (`tree.rs`) a build lays its pages out with.
//! - What templates see: the part every page shares (`context.rs`), then per kind of
//!   page: articles and chapters (`page.rs`), channel pages (`channel.rs`, with their
//!   JSON-LD from `jsonld.rs`), the contents and not-found pages (`special.rs`).
//! - The files every site gets, claimed in the build's output plan and written once
//!   the pages are (`site.rs`), among them the sitemap (`sitemap.rs`) and the
//!   redirect pages of aliases (`redirect.rs`).

mod channel;
mod context;
pub mod jsonld;
mod layout;
mod page;
pub mod redirect;
mod site;
pub mod sitemap;
mod special;
mod templates;
pub mod tree;
mod versions;

pub use layout::Layout;
pub use versions::Versions;
