//! The small page written at each alias of a page (`aliases:` in its front matter),
//! so an old address a reader bookmarked still leads to the page.
//!
//! The page is plain HTML: a `<meta http-equiv="refresh">`, a canonical link,
//! `noindex` so search engines keep the real address, and a visible link for a reader
//! whose browser does not follow the refresh. The theme's `waymark-redirect.js` (never
//! anything from content) only adds the `#…` of the old address, which a refresh
//! drops, so a bookmarked step still lands on its step. Every URL in it is
//! relative from the alias's own place (only the canonical is absolute, and only when
//! `base_url` is set), so it works from `file://` and under any sub-path; everything
//! from content is escaped.

use crate::markdown::escape;
use crate::paths::{absolute_url, href, root_prefix, ASSETS_DIR};

/// The redirect page written at `alias` (an output path) for the page at `target`.
pub fn page(alias: &str, target: &str, title: &str, language: &str, base: Option<&str>) -> String {
    let mut to = href(alias, target);
    // A refresh URL that starts with a quote would be read as quoted.
    if to.starts_with('\'') {
        to.insert_str(0, "./");
    }
    let canonical = match base {
        Some(base) => absolute_url(base, target),
        None => to.clone(),
    };
    let script = format!("{}{ASSETS_DIR}/waymark-redirect.js", root_prefix(alias));
    let (to, canonical, title, language, script) = (
        escape(&to),
        escape(&canonical),
        escape(title),
        escape(language),
        escape(&script),
    );
    format!(
        "<!DOCTYPE html>\n\
         <html lang=\"{language}\">\n\
         <head>\n\
         <meta charset=\"utf-8\">\n\
         <title>{title}</title>\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={to}\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <script src=\"{script}\"></script>\n\
         </head>\n\
         <body>\n\
         <p><a href=\"{to}\">{title}</a></p>\n\
         </body>\n\
         </html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redirect_is_relative_from_the_alias() {
        let html = page("old/deep/y.html", "x.html", "X", "en", None);
        assert!(html.contains(r#"content="0; url=../../x.html""#), "{html}");
        assert!(html.contains(r#"<link rel="canonical" href="../../x.html">"#));
        assert!(html.contains(r#"<a href="../../x.html">X</a>"#));
        assert!(html.contains(r#"<script src="../../assets/waymark-redirect.js"></script>"#));
    }

    #[test]
    fn the_canonical_is_absolute_with_a_base() {
        let html = page("a.html", "guide/x.html", "X", "en", Some("https://e.org/g"));
        assert!(html.contains(r#"url=guide/x.html""#), "{html}");
        assert!(html.contains(r#"href="https://e.org/g/guide/x.html""#));
    }

    #[test]
    fn content_is_escaped() {
        let html = page("a.html", "'x\".html", "<b>\"&'", "en", None);
        assert!(
            html.contains("<title>&lt;b&gt;&quot;&amp;&#39;</title>"),
            "{html}"
        );
        assert!(html.contains("url=./&#39;x%22.html"), "{html}");
    }
}
