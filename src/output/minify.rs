//! Shrinking HTML and CSS with minify-html without touching what must stay exact.
//!
//! Minifying is an optimisation, never a reason to fail: a file that is not UTF-8, or
//! that the minifier cannot handle, is published as it was.

use minify_html::Cfg;

/// Minifies HTML documents (and the CSS in them); JSON-LD and scripts are left as
/// written, so inline data can never be broken by a minifier.
pub fn html(bytes: &[u8]) -> Vec<u8> {
    if std::str::from_utf8(bytes).is_err() {
        return bytes.to_vec();
    }
    std::panic::catch_unwind(|| minify(bytes)).unwrap_or_else(|_| bytes.to_vec())
}

fn minify(bytes: &[u8]) -> Vec<u8> {
    let cfg = Cfg {
        minify_css: true,
        minify_js: false,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        allow_noncompliant_unquoted_attribute_values: false,
        allow_optimal_entities: false,
        allow_removing_spaces_between_attributes: false,
        keep_comments: false,
        minify_doctype: false,
        ..Cfg::default()
    };
    minify_html::minify(bytes, &cfg)
}

/// Minifies a script of Waymark's own (the theme's scripts, the service worker) with
/// oxc, names shortened; the script as written if it cannot be parsed. (minify-html's
/// own script minifying leaves the names long: it drops the mangler's renames.)
pub fn js(bytes: &[u8]) -> Vec<u8> {
    // A handful of scripts, the same in every build of a process (`serve`, tests):
    // each is minified once.
    static DONE: std::sync::Mutex<Vec<(String, Vec<u8>)>> = std::sync::Mutex::new(Vec::new());
    let key = super::content_hash(bytes);
    let done =
        |d: &Vec<(String, Vec<u8>)>| d.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
    if let Some(found) = DONE.lock().ok().and_then(|d| done(&d)) {
        return found;
    }
    let minified = js_once(bytes);
    if let Ok(mut d) = DONE.lock() {
        if d.len() >= 32 {
            d.clear();
        }
        d.push((key, minified.clone()));
    }
    minified
}

fn js_once(bytes: &[u8]) -> Vec<u8> {
    let Ok(source) = std::str::from_utf8(bytes) else {
        return bytes.to_vec();
    };
    std::panic::catch_unwind(|| {
        let allocator = oxc_allocator::Allocator::default();
        let parsed =
            oxc_parser::Parser::new(&allocator, source, oxc_span::SourceType::cjs()).parse();
        if !parsed.errors.is_empty() {
            return bytes.to_vec();
        }
        let mut program = parsed.program;
        let minified = oxc_minifier::Minifier::new(oxc_minifier::MinifierOptions {
            mangle: Some(oxc_minifier::MangleOptions::default()),
            compress: Some(oxc_minifier::CompressOptions::safest()),
        })
        .minify(&allocator, &mut program);
        let code = oxc_codegen::Codegen::new()
            .with_options(oxc_codegen::CodegenOptions {
                minify: true,
                comments: oxc_codegen::CommentOptions::disabled(),
                ..oxc_codegen::CodegenOptions::default()
            })
            .with_scoping(minified.scoping)
            .build(&program)
            .code;
        if code.len() < bytes.len() {
            code.into_bytes()
        } else {
            bytes.to_vec()
        }
    })
    .unwrap_or_else(|_| bytes.to_vec())
}

/// Minifies a stylesheet by wrapping it in a `<style>` element for minify-html.
pub fn css(bytes: &[u8]) -> Vec<u8> {
    let mut doc = b"<style>".to_vec();
    doc.extend_from_slice(bytes);
    doc.extend_from_slice(b"</style>");
    let out = html(&doc);
    match (out.strip_prefix(b"<style>"), out.ends_with(b"</style>")) {
        (Some(rest), true) => rest[..rest.len() - b"</style>".len()].to_vec(),
        _ => bytes.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_survives_minification() {
        let doc = br#"<!DOCTYPE html><html><head><script type="application/ld+json">{"a":  "x \u003c/script\u003e"}</script></head><body><p>  hi  </p></body></html>"#;
        let out = String::from_utf8(html(doc)).unwrap();
        assert!(out.contains(r#"{"a":  "x \u003c/script\u003e"}"#), "{out}");
        assert!(out.len() < doc.len());
    }

    #[test]
    fn bytes_that_are_not_text_pass_through() {
        let bytes = b"body{color:red}\xff\xfe/* x */";
        assert_eq!(css(bytes), bytes.to_vec());
        assert_eq!(html(bytes), bytes.to_vec());
    }

    #[test]
    fn css_gets_smaller() {
        let src = b"body {\n  color: red;\n}\n\n/* note */\n";
        let out = css(src);
        assert!(out.len() < src.len(), "{}", String::from_utf8_lossy(&out));
        assert!(String::from_utf8_lossy(&out).contains("color:red"));
    }
}
