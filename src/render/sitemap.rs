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

/// A page of the default language for the sitemap: its output, the day it was last
/// updated and its versions in every language that translates it (itself first), as
/// (tag, output).
pub struct Entry<'a> {
    pub output: String,
    pub updated: Option<&'a str>,
    pub alternates: Vec<(String, String)>,
}

/// Every page and channel page under `base`, each version its own `<url>`, sorted,
/// with `updated` as `lastmod` and, for a page with versions in several languages,
/// every version as an `xhtml:link` alternate (the form search engines read).
pub fn sitemap(base: &str, entries: &[Entry]) -> String {
    let several = entries.iter().any(|e| e.alternates.len() > 1);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if several {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    let mut urls: Vec<(&str, &Entry)> = entries
        .iter()
        .flat_map(|e| {
            let versions: Vec<&str> = if e.alternates.is_empty() {
                vec![e.output.as_str()]
            } else {
                e.alternates.iter().map(|(_, o)| o.as_str()).collect()
            };
            versions.into_iter().map(move |o| (o, e))
        })
        .collect();
    urls.sort_by(|a, b| a.0.cmp(b.0));
    for (output, entry) in urls {
        xml.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape(&absolute_url(base, output))
        ));
        if let Some(d) = entry.updated {
            xml.push_str(&format!("<lastmod>{}</lastmod>", escape(d)));
        }
        if entry.alternates.len() > 1 {
            // The default language's version is the one for readers of any other.
            let default = ("x-default".to_string(), entry.output.clone());
            for (tag, other) in entry.alternates.iter().chain([&default]) {
                xml.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape(tag),
                    escape(&absolute_url(base, other))
                ));
            }
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
