//! YAML as authors write it: front matter cut from a Markdown file, values decoded
//! with every problem placed at its line and column (`decode`), keys found in the text
//! (`locate`), and scalars read as written (`text`).
//!
//! This is the only module that touches `serde_yaml` (deprecated upstream), so a
//! maintained fork can replace it here alone. Settings (`config`), pages (`content`)
//! and facts all read their YAML through it.

pub mod decode;
pub mod locate;
pub mod text;

pub use decode::{decode, normalize_source, split, Split};
