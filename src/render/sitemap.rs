//! `sitemap.xml` and `robots.txt` for sites that set `base_url`.

use crate::markdown::escape;
use crate::paths::{absolute_url, SITEMAP};

/// `robots.txt` pointing at the sitemap, if `base` is a domain root: crawlers read
/// it only at `/robots.txt`, so one under a sub-path would be dead weight.
pub fn robots(base: &str) -> Option<String> {
    let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
    if after_scheme.contains('/') {
        return None;
    }
    Some(format!(
        "User-agent: *\nAllow: /\nSitemap: {base}/{SITEMAP}\n"
    ))
}

/// Every page and channel page (`urls`: output, `updated`) under `base`, sorted, with
/// `updated` as `lastmod`.
pub fn sitemap(base: &str, mut urls: Vec<(String, Option<&str>)>) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    urls.sort();
    for (output, updated) in urls {
        xml.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape(&absolute_url(base, &output))
        ));
        if let Some(d) = updated {
            xml.push_str(&format!("<lastmod>{}</lastmod>", escape(d)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
