//! Stage two: what the site is made of. Discovers pages and assets under `content/`,
//! decodes front matter, and fixes every page's output path.

pub mod contact;
pub mod discover;
pub mod logo;
pub mod model;
pub mod translate;

pub use discover::{discover, read_one};
pub use model::{Asset, ChannelMeta, Content, FrontMatter, Page};
