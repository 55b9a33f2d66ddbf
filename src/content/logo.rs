//! The site's `logo:`: an image of the site's own, so the header works offline and
//! from `file://` like everything else.

use super::model::Content;
use crate::diagnostic::{self, Diagnostic};
use crate::yaml::locate;

/// Image types a browser shows in an `<img>`.
const IMAGE_TYPES: &[&str] = &["svg", "png", "jpg", "jpeg", "gif", "webp", "avif"];

/// Checks `logo` (from `site.yml`, whose text is `yaml`; `rel` is it normalised by
/// [`crate::config::Config::logo`]) against the files under `content/`: it must be one
/// of them, and an image.
pub fn check(logo: &str, rel: &str, content: &Content, yaml: &str) -> Option<Diagnostic> {
    let (line, column) = locate::find(yaml, "logo").unwrap_or((1, 1));
    let error = |message: String, help: String| {
        Some(
            Diagnostic::new("site.yml", line, column, message)
                .with_help(help)
                .quoting(yaml),
        )
    };
    if rel.contains("://") || rel.starts_with("//") {
        return error(
            format!("the logo `{logo}` is on another site"),
            "put the image under `content/` (like `content/img/logo.svg`) and write `logo: img/logo.svg`, so the header works offline".into(),
        );
    }
    let is_image = |path: &str| {
        path.rsplit_once('.')
            .is_some_and(|(_, ext)| IMAGE_TYPES.contains(&ext.to_ascii_lowercase().as_str()))
    };
    if !is_image(rel) {
        return error(
            format!("the logo `{logo}` is not an image"),
            format!("use a file ending in one of: .{}", IMAGE_TYPES.join(", .")),
        );
    }
    if content.assets.iter().any(|a| a.rel == rel) {
        return None;
    }
    let images: Vec<&str> = content
        .assets
        .iter()
        .map(|a| a.rel.as_str())
        .filter(|a| is_image(a))
        .collect();
    let help = match diagnostic::suggest(rel, &images) {
        Some(near) => format!("did you mean `logo: {near}`?"),
        None => format!("put the image at `content/{rel}`; the path is written from `content/`"),
    };
    error(
        format!("the logo `{logo}` is not a file under `content/`"),
        help,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Asset;

    fn content(assets: &[&str]) -> Content {
        Content {
            assets: std::sync::Arc::new(
                assets
                    .iter()
                    .map(|a| Asset {
                        rel: a.to_string(),
                        bytes: Vec::new(),
                    })
                    .collect(),
            ),
            ..Content::default()
        }
    }

    #[test]
    fn the_logo_must_be_an_image_of_the_site() {
        let yaml = "title: t\nlogo: img/logo.svg\n";
        let site = content(&["img/logo.svg", "img/photo.png"]);
        assert!(check(
            "img/logo.svg",
            "img/logo.svg".trim_start_matches("./"),
            &site,
            yaml
        )
        .is_none());
        assert!(check(
            "./img/logo.svg",
            "./img/logo.svg".trim_start_matches("./"),
            &site,
            yaml
        )
        .is_none());
        let said = |logo: &str| {
            let d = check(logo, logo, &site, yaml).expect("an error");
            assert_eq!((d.line, d.column), (2, 1));
            format!("{} | {}", d.message, d.help.unwrap_or_default())
        };
        assert!(said("img/logo.svgg").contains("not an image"));
        assert!(said("img/lgo.svg").contains("did you mean `logo: img/logo.svg`?"));
        assert!(said("https://cdn.example/logo.png").contains("on another site"));
        assert!(said("logo.png").contains("put the image at `content/logo.png`"));
    }
}
