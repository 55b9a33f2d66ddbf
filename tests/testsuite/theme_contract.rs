//! The theme contract: the ids the theme writes and content may never take, the
//! anchors search results and links land on, and the markup a site may restyle.
//!
//! `paths::RESERVED_IDS` is checked against everything the shipped theme writes, both
//! ways; a site's own template that drops the anchors fails the build at that template.

use std::collections::{BTreeMap, BTreeSet};

use waymark::paths::{self, RESERVED_IDS, RESERVED_NUMBERED, RESERVED_UNWRITTEN};

use crate::common::TestSite;

/// What each id a shipped template writes from a value (`id="{{ … }}"`) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    /// A numbered id made by a `paths` function (`step-3`): the stem.
    Numbered(&'static str),
    /// A heading's id, made unique and kept off the reserved ids by `markdown::ids`.
    Content,
    /// An id of the facts page (`fact-<id>`), which holds no content of a page, so no
    /// heading can clash with it.
    FactsPage,
}

/// Every id the shipped templates write from a value: template, the expression, and
/// what it holds. A new one must be added here, so no id escapes the reserved list.
const VALUE_IDS: &[(&str, &str, Holds)] = &[
    (
        "templates/channel.html",
        "s.anchor",
        Holds::Numbered(paths::STEP_STEM),
    ),
    ("templates/channel.html", "s.id", Holds::Content),
    ("templates/markup/heading.html", "id", Holds::Content),
    (
        "templates/page_header.html",
        "page.title_id",
        Holds::Content,
    ),
    (
        "templates/markup/footnote_ref.html",
        "id",
        Holds::Numbered(paths::FOOTNOTE_REF_STEM),
    ),
    (
        "templates/markup/footnotes.html",
        "note.id",
        Holds::Numbered(paths::FOOTNOTE_STEM),
    ),
    (
        "templates/markup/fact.html",
        "card",
        Holds::Numbered(paths::FACT_CARD_STEM),
    ),
    ("templates/facts.html", "f.anchor", Holds::FactsPage),
];

/// The ids the shipped theme writes, each with the files writing it.
#[derive(Default)]
struct Written {
    literal: BTreeMap<String, BTreeSet<String>>,
    numbered: BTreeMap<String, BTreeSet<String>>,
    /// Ids written from a value [`VALUE_IDS`] does not know: `file: expression`.
    unknown: Vec<String>,
}

impl Written {
    fn literal(&mut self, id: &str, file: &str) {
        self.literal
            .entry(id.into())
            .or_default()
            .insert(file.into());
    }

    fn numbered(&mut self, stem: &str, file: &str) {
        self.numbered
            .entry(stem.into())
            .or_default()
            .insert(file.into());
    }

    /// The `id="…"` attributes of a template (or of HTML in a Rust string, where the
    /// quotes are written `\"`).
    fn attributes(&mut self, file: &str, text: &str, quote: &str) {
        let needle = format!("id={quote}");
        for (at, _) in text.match_indices(&needle) {
            if !text[..at].ends_with(char::is_whitespace) {
                continue;
            }
            let rest = &text[at + needle.len()..];
            let value = &rest[..rest.find(quote).expect("the attribute closes")];
            let expression = value
                .strip_prefix("{{")
                .and_then(|v| v.strip_suffix("}}"))
                .map(str::trim);
            match expression {
                None if !value.contains("{{") && !value.contains("{%") => self.literal(value, file),
                // `{{ f.anchor }}-value`: an id made from a known one.
                None if VALUE_IDS.iter().any(|(f, e, h)| {
                    *f == file
                        && *h == Holds::FactsPage
                        && value.starts_with(&format!("{{{{ {e} }}}}"))
                }) => {}
                Some(expression) => {
                    let known = VALUE_IDS
                        .iter()
                        .find(|(f, e, _)| *f == file && *e == expression);
                    match known {
                        Some((_, _, Holds::Numbered(stem))) => self.numbered(stem, file),
                        Some((_, _, Holds::Content | Holds::FactsPage)) => {}
                        None => self.unknown.push(format!("{file}: {{{{ {expression} }}}}")),
                    }
                }
                None => self.unknown.push(format!("{file}: {value}")),
            }
        }
    }

    /// The ids a script gives elements: `x.id = 'name'` or `x.id = 'stem-' + n`.
    fn script(&mut self, file: &str, text: &str) {
        for (at, _) in text.match_indices(".id = ") {
            let rest = &text[at + 6..];
            let Some(quote) = rest.chars().next().filter(|q| matches!(q, '\'' | '"')) else {
                self.unknown
                    .push(format!("{file}: {}", rest.lines().next().unwrap_or("")));
                continue;
            };
            let value = &rest[1..1 + rest[1..].find(quote).expect("the string closes")];
            let after = rest[value.len() + 2..].trim_start();
            match value.strip_suffix('-') {
                Some(stem) if after.starts_with('+') => self.numbered(stem, file),
                _ => self.literal(value, file),
            }
        }
        self.attributes(file, text, "\"");
    }
}

/// Every id the shipped theme writes: the templates, the page scripts, and the pages
/// `serve` writes itself (its error overlay and its page of first errors).
fn written_by_the_theme() -> Written {
    let mut written = Written::default();
    for (path, bytes) in waymark::theme::DEFAULT_THEME {
        let text = String::from_utf8_lossy(bytes);
        if path.starts_with("templates/") {
            written.attributes(path, &text, "\"");
        } else if path.ends_with(".js") {
            written.script(path, &text);
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).expect(rel);
    written.script("src/serve/live.js", &read("src/serve/live.js"));
    written.attributes("src/serve/mod.rs", &read("src/serve/mod.rs"), "\\\"");
    written
}

fn missing<'a>(of: impl IntoIterator<Item = &'a str>, from: &BTreeSet<&str>) -> Vec<&'a str> {
    of.into_iter().filter(|id| !from.contains(id)).collect()
}

/// The reserved ids are exactly those the theme writes, so content can take none of
/// them (a heading `{#scheme}` would break the colour switch) and the list holds no
/// id nothing writes.
#[test]
fn the_reserved_ids_are_exactly_the_ids_the_theme_writes() {
    let written = written_by_the_theme();
    assert!(
        written.unknown.is_empty(),
        "say in VALUE_IDS what these ids hold: {:?}",
        written.unknown
    );
    let literal: BTreeSet<&str> = written.literal.keys().map(String::as_str).collect();
    let reserved: BTreeSet<&str> = RESERVED_IDS.iter().copied().collect();
    assert_eq!(
        missing(literal.iter().copied(), &reserved),
        Vec::<&str>::new(),
        "written but not in paths::RESERVED_IDS (by {:?})",
        written.literal
    );
    assert_eq!(
        missing(reserved.iter().copied(), &literal),
        Vec::<&str>::new(),
        "in paths::RESERVED_IDS but written by nothing: remove them, or move them to \
         RESERVED_UNWRITTEN with the reason"
    );
    let stems: BTreeSet<&str> = written.numbered.keys().map(String::as_str).collect();
    let reserved_stems: BTreeSet<&str> = RESERVED_NUMBERED.iter().copied().collect();
    assert_eq!(
        stems, reserved_stems,
        "numbered ids: {:?}",
        written.numbered
    );
    for id in RESERVED_UNWRITTEN {
        assert!(
            !literal.contains(id) && !reserved.contains(id),
            "`{id}` is written now: keep it in RESERVED_IDS only"
        );
    }
    assert!(written.literal["search"].contains("templates/base.html"));
    assert!(written.literal["waymark-serve-errors"].contains("src/serve/live.js"));
    assert!(written.numbered[paths::SEARCH_RESULT_STEM].contains("static/waymark.js"));
}

/// What [`VALUE_IDS`] says is numbered is: a built site holds exactly those numbered
/// ids, made by the `paths` functions.
#[test]
fn the_numbered_ids_a_site_holds_come_from_paths() {
    let facts = TestSite::fixture("facts").site();
    let sites = [crate::common::guide_site(), &facts];
    let mut stems = BTreeSet::new();
    for (path, bytes) in sites.iter().flat_map(|site| &site.files) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for id in crate::common::attr_values(&html, "id") {
            if let Some((stem, n)) = id.rsplit_once('-') {
                if RESERVED_NUMBERED.contains(&stem) && n.bytes().all(|b| b.is_ascii_digit()) {
                    let n: usize = n.parse().unwrap();
                    let made = match stem {
                        paths::STEP_STEM => paths::step_anchor(n),
                        paths::FOOTNOTE_STEM => paths::footnote_anchor(n),
                        paths::FOOTNOTE_REF_STEM => paths::footnote_ref_anchor(n),
                        paths::FACT_CARD_STEM => paths::fact_card_anchor(n),
                        _ => panic!("{path}: `{id}` is a script's id"),
                    };
                    assert_eq!(made, id);
                    stems.insert(stem.to_string());
                }
            }
        }
    }
    let claimed: BTreeSet<String> = VALUE_IDS
        .iter()
        .filter_map(|(_, _, holds)| match holds {
            Holds::Numbered(stem) => Some(stem.to_string()),
            Holds::Content | Holds::FactsPage => None,
        })
        .collect();
    assert_eq!(stems, claimed);
}

/// A `channel.html` of the site's own, without the steps' ids.
const CHANNEL_WITHOUT_ANCHORS: &str = "{% extends \"base.html\" %}
{% block main %}
<h1>{{ page.heading }}</h1>
<ol>{% for s in steps %}<li><h3 id=\"{{ s.id }}\">{{ s.title_html | safe }}</h3>{{ s.body_html | safe }}</li>{% endfor %}</ol>
{% endblock main %}
";

fn report(site: &TestSite) -> String {
    let errors: Vec<String> = site.errors().iter().map(|d| d.to_string()).collect();
    errors.join("\n\n")
}

#[test]
fn a_channel_template_that_drops_the_step_anchors_fails_the_build_once() {
    let site =
        TestSite::fixture("guide").with("theme/templates/channel.html", CHANNEL_WITHOUT_ANCHORS);
    assert_eq!(
        report(&site),
        "error: the steps on the channel pages lack their ids (`step-1`, `step-2`…): search \
         results, start buttons and links to a step land there\n\
         --> theme/templates/channel.html\n \
         = help: give each step's element `id=\"{{ s.anchor }}\"` in the `{% for s in steps %}` loop, \
         as the default `channel.html` does"
    );
    let fixed = CHANNEL_WITHOUT_ANCHORS.replace("<li>", "<li id=\"{{ s.anchor }}\">");
    let site = site.with("theme/templates/channel.html", &fixed);
    let html = site.site().text("ch/app.html").unwrap().to_string();
    assert!(
        html.contains("<li id=\"step-2\"><h3 id=\"进入我的页面\">"),
        "{html}"
    );
}

#[test]
fn a_heading_template_that_drops_the_ids_fails_the_build_once() {
    let site = TestSite::fixture("guide").with(
        "theme/templates/markup/heading.html",
        "<h{{ level }}>{{ content | safe }}</h{{ level }}>\n",
    );
    assert_eq!(
        report(&site),
        "error: the headings this template writes lack their ids: search results, links to a \
         heading and the page's contents land there\n\
         --> theme/templates/markup/heading.html\n \
         = help: write `id=\"{{ id }}\"` on the heading element, as the default \
         `markup/heading.html` does"
    );
}

#[test]
fn a_markup_template_that_fails_is_reported_at_its_line() {
    let site = TestSite::fixture("guide").with(
        "theme/templates/markup/callout.html",
        "<div class=\"{{ kind }}\">\n{{ nope }}{{ content | safe }}</div>\n",
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, "theme/templates/markup/callout.html");
    assert_eq!(errors[0].line, 2);
}

/// A page of every kind of markup the Markdown stage writes, and UI strings that need
/// escaping; `page.html` writes the page's text alone.
fn markup_site() -> TestSite {
    TestSite::empty()
        .with("site.yml", "title: Markup\nlanguage: en\n")
        .with("theme/templates/page.html", "{{ page.content | safe }}")
        .with(
            "theme/i18n/en.json",
            r#"{"anchor": "Link <to> \"this\" & 'that'", "tip": "T<i>p", "footnotes": "N&tes", "footnote_back": "B\"ack"}"#,
        )
        .with("content/index.md", MARKUP_PAGE)
}

const MARKUP_PAGE: &str = "---
title: Home
---
A note[^a], again[^a], another[^b].

## Heading *with* `code` {.wide .x&y}

> [!NOTE]

> [!TIP]
> ## Inside
> text[^c]
>
> > [!WARNING]
> > nested

# Top & \"quotes\"

[^a]: First **note**.
[^b]: Second, citing[^c].
[^c]: Third.
";

/// The default markup templates write exactly what Waymark wrote before they existed.
#[test]
fn the_default_markup_is_written_byte_for_byte() {
    let site = markup_site().site();
    assert_eq!(
        site.text("index.html").unwrap(),
        "<p>A note<sup class=\"footnote-ref\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>, again<sup class=\"footnote-ref\"><a href=\"#fn-1\">1</a></sup>, another<sup class=\"footnote-ref\" id=\"fnref-2\"><a href=\"#fn-2\">2</a></sup>.</p>\n\
<h2 id=\"heading-with-code\" class=\"wide x&amp;y\">Heading <em>with</em> <code>code</code><a class=\"anchor\" href=\"#heading-with-code\" aria-label=\"Link &lt;to&gt; &quot;this&quot; &amp; &#39;that&#39;\"><span aria-hidden=\"true\">#</span></a></h2><div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Note</p></div><div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">T&lt;i&gt;p</p><h2 id=\"inside\">Inside<a class=\"anchor\" href=\"#inside\" aria-label=\"Link &lt;to&gt; &quot;this&quot; &amp; &#39;that&#39;\"><span aria-hidden=\"true\">#</span></a></h2>\n\
<p>text<sup class=\"footnote-ref\" id=\"fnref-3\"><a href=\"#fn-3\">3</a></sup></p>\n\
<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>\n\
<p>nested</p>\n\
</div></div><h1 id=\"top-quotes\">Top &amp; \"quotes\"<a class=\"anchor\" href=\"#top-quotes\" aria-label=\"Link &lt;to&gt; &quot;this&quot; &amp; &#39;that&#39;\"><span aria-hidden=\"true\">#</span></a></h1><section class=\"footnotes\" aria-labelledby=\"footnotes-title\">\n\
<h2 id=\"footnotes-title\">N&amp;tes</h2>\n\
<ol>\n\
<li id=\"fn-1\"><p>First <strong>note</strong>.</p>\n\
<a class=\"footnote-back\" href=\"#fnref-1\" aria-label=\"B&quot;ack\">↩</a></li>\n\
<li id=\"fn-2\"><p>Second, citing<sup class=\"footnote-ref\"><a href=\"#fn-3\">3</a></sup>.</p>\n\
<a class=\"footnote-back\" href=\"#fnref-2\" aria-label=\"B&quot;ack\">↩</a></li>\n\
<li id=\"fn-3\"><p>Third.</p>\n\
<a class=\"footnote-back\" href=\"#fnref-3\" aria-label=\"B&quot;ack\">↩</a></li>\n\
</ol>\n\
</section>\n\
"
    );
}

/// A site restyles headings, callouts and footnotes with its own `markup/` templates,
/// which get the ids from Waymark and its UI strings as `t`.
#[test]
fn a_site_restyles_headings_callouts_and_footnotes() {
    let site = markup_site()
        .with(
            "theme/templates/markup/heading.html",
            "<h{{ level }} id=\"{{ id }}\"><a href=\"{{ href }}\">§</a> {{ content | safe }}</h{{ level }}>\n",
        )
        .with(
            "theme/templates/markup/callout.html",
            "<aside class=\"{{ kind }}\"><b>{{ title }}</b>{{ content | safe }}</aside>\n",
        )
        .with(
            "theme/templates/markup/footnote_ref.html",
            "<a class=\"ref\"{% if id %} id=\"{{ id }}\"{% endif %} href=\"{{ href }}\">[{{ n }}]</a>\n",
        )
        .with(
            "theme/templates/markup/footnotes.html",
            "<hr><ol class=\"notes\" title=\"{{ t.footnotes }}\">{% for note in notes %}<li id=\"{{ note.id }}\">{{ note.body | safe }}</li>{% endfor %}</ol>\n",
        )
        .with(
            "content/index.md",
            "---\ntitle: Home\n---\n## Hi <you> {.x}\n\n> [!TIP]\n> A note[^a], again[^a].\n\n[^a]: The note.\n",
        )
        .site();
    assert_eq!(
        site.text("index.html").unwrap(),
        "<h2 id=\"hi\"><a href=\"#hi\">§</a> Hi &lt;you&gt;</h2>\
         <aside class=\"tip\"><b>T&lt;i&gt;p</b>\n<p>A note<a class=\"ref\" id=\"fnref-1\" href=\"#fn-1\">[1]</a>, \
         again<a class=\"ref\" href=\"#fn-1\">[1]</a>.</p>\n</aside>\
         <hr><ol class=\"notes\" title=\"N&amp;tes\"><li id=\"fn-1\"><p>The note.</p>\n</li></ol>\n"
    );
}
