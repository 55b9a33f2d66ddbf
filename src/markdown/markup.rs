//! The markup the Markdown stage writes around content, taken from the theme.
//!
//! A heading with its self-link, a callout, a footnote citation and the list of a
//! page's footnotes are each a small Tera template under `theme/templates/markup/`, so
//! a site changes one by writing its own file of that name, as with any template.
//! Waymark hands them the ids they write (from [`crate::paths`]) and the HTML it made;
//! every value that comes from content or UI strings is escaped exactly as the rest
//! of the page's text (`&`, `<`, `>`, `"`, `'`). One line break at the end of a file
//! is dropped, so an editor's final newline adds no space inside a sentence.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostic::Diagnostic;
use crate::paths;

/// A heading and its self-link: `level`, `id`, `classes`, `href`, `label`, `content`.
pub const HEADING: &str = "markup/heading.html";
/// A GitHub alert (`> [!NOTE]`): `kind`, `title`, `content`.
pub const CALLOUT: &str = "markup/callout.html";
/// A footnote's citation in the text: `n`, `id` (on the first citation only), `href`.
pub const FOOTNOTE_REF: &str = "markup/footnote_ref.html";
/// The footnotes of an output page: `title`, `back_label`, `notes` (`n`, `id`, `href`, `body`).
pub const FOOTNOTES: &str = "markup/footnotes.html";

/// A use of a fact in the text: `fact` (`id`, `value`, `kind`, `href`, `source`,
/// `checked`, `note`, `stale`, `anchor`), `linked` (whether the value may be a link:
/// not inside another link), `card` (the id of its provenance card, empty where no
/// card may stand) and `facts_href` (the fact on the facts page).
pub const FACT: &str = "markup/fact.html";

/// The markup templates, in the order they are documented.
pub const TEMPLATES: &[&str] = &[HEADING, CALLOUT, FOOTNOTE_REF, FOOTNOTES, FACT];

/// The compiled templates of a theme, for its markup ones.
#[derive(Debug, Clone)]
pub struct Markup {
    tera: Tera,
    /// The text of each markup template, to quote in an error.
    sources: BTreeMap<&'static str, String>,
    /// Whether the heading template is the site's own, whose headings are then
    /// checked for their ids.
    own_heading: bool,
}

/// One footnote of a page's list, as [`FOOTNOTES`] sees it.
#[derive(Serialize)]
struct Note<'a> {
    n: usize,
    id: String,
    href: String,
    body: &'a str,
}

impl Markup {
    /// Compiles a theme's `templates` (by name, as in [`crate::theme::Theme::templates`]:
    /// a markup template may include others); `strings`, the UI strings, are every
    /// template's `t`. A markup template the theme lacks is the default theme's.
    pub fn new(
        templates: &BTreeMap<String, String>,
        strings: Option<&BTreeMap<String, String>>,
    ) -> Result<Markup, tera::Error> {
        let mut tera = Tera::new();
        tera.register_filter("date", crate::strings::date_filter);
        tera.set_escape_fn(escape_to);
        tera.autoescape_on([".html"]);
        let own_heading = templates
            .get(HEADING)
            .is_some_and(|text| text != default_template(HEADING));
        let mut sources = BTreeMap::new();
        for name in TEMPLATES {
            let text = templates
                .get(*name)
                .map_or_else(|| default_template(name), String::as_str);
            let text = text
                .strip_suffix("\r\n")
                .or_else(|| text.strip_suffix('\n'))
                .unwrap_or(text);
            sources.insert(*name, text.to_string());
        }
        let others = templates
            .iter()
            .filter(|(name, _)| !sources.contains_key(name.as_str()))
            .map(|(name, text)| (name.as_str(), text.as_str()));
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, text)| (*name, text.as_str()))
                .chain(others),
        )?;
        let empty = BTreeMap::new();
        tera.global_context().insert("t", strings.unwrap_or(&empty));
        Ok(Markup {
            tera,
            sources,
            own_heading,
        })
    }

    /// The default theme's markup templates.
    pub fn default_theme(strings: Option<&BTreeMap<String, String>>) -> Markup {
        let templates = crate::theme::DEFAULT_THEME
            .iter()
            .filter_map(|(path, bytes)| {
                let name = path.strip_prefix("templates/")?;
                Some((
                    name.to_string(),
                    String::from_utf8_lossy(bytes).into_owned(),
                ))
            })
            .collect();
        Markup::new(&templates, strings).expect("the default theme's templates compile")
    }

    /// Heading `id` of `level` (1 to 6) around its `content` (HTML), with its self-link
    /// named `label`; `classes` are the heading's `{.class}` attributes, space-separated.
    pub(crate) fn heading(
        &self,
        level: u8,
        id: &str,
        classes: &str,
        label: &str,
        content: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> String {
        let mut ctx = Context::new();
        ctx.insert("level", &level);
        ctx.insert("id", id);
        ctx.insert("classes", classes);
        ctx.insert("href", &format!("#{}", paths::encode_fragment(id)));
        ctx.insert("label", label);
        ctx.insert("content", content);
        let failures = errors.len();
        let html = self.render(HEADING, &ctx, errors);
        let rendered = errors.len() == failures;
        if self.own_heading && rendered && !crate::theme::element_ids(&html).contains(id) {
            errors.push(
                Diagnostic::new(
                    format!("theme/templates/{HEADING}"),
                    0,
                    0,
                    "the headings this template writes lack their ids: search results, links to a heading and the page's contents land there",
                )
                .with_help("write `id=\"{{ id }}\"` on the heading element, as the default `markup/heading.html` does"),
            );
        }
        html
    }

    /// A callout of `kind` (`note`, `tip`, `important`, `warning`, `caution`) titled
    /// `title` around its `content` (HTML).
    pub(crate) fn callout(
        &self,
        kind: &str,
        title: &str,
        content: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> String {
        let mut ctx = Context::new();
        ctx.insert("kind", kind);
        ctx.insert("title", title);
        ctx.insert("content", content);
        self.render(CALLOUT, &ctx, errors)
    }

    /// A citation of footnote `n`; the `first` one carries the id the footnote's back
    /// link lands on.
    pub(crate) fn footnote_ref(
        &self,
        n: usize,
        first: bool,
        errors: &mut Vec<Diagnostic>,
    ) -> String {
        let mut ctx = Context::new();
        ctx.insert("n", &n);
        let id = if first {
            paths::footnote_ref_anchor(n)
        } else {
            String::new()
        };
        ctx.insert("id", &id);
        ctx.insert("href", &format!("#{}", paths::footnote_anchor(n)));
        self.render(FOOTNOTE_REF, &ctx, errors)
    }

    /// A use of `fact` in the text; `card` is its provenance card's number on the
    /// page (none inside a link, where no button may stand), `linked` whether the
    /// value may be a link, `facts_href` the link to the fact on the facts page.
    pub(crate) fn fact(
        &self,
        fact: &crate::facts::shown::Shown,
        linked: bool,
        card: Option<usize>,
        facts_href: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> String {
        let mut ctx = Context::new();
        ctx.insert("fact", fact);
        ctx.insert("linked", &linked);
        ctx.insert(
            "card",
            &card.map(paths::fact_card_anchor).unwrap_or_default(),
        );
        ctx.insert("facts_href", facts_href);
        self.render(FACT, &ctx, errors)
    }

    /// The list of an output page's footnotes, `bodies` (HTML) in the order they are
    /// numbered, headed `title`; each links back to its first citation by a link named
    /// `back_label`.
    pub(crate) fn footnotes(
        &self,
        title: &str,
        back_label: &str,
        bodies: &[String],
        errors: &mut Vec<Diagnostic>,
    ) -> String {
        let notes: Vec<Note> = bodies
            .iter()
            .enumerate()
            .map(|(i, body)| Note {
                n: i + 1,
                id: paths::footnote_anchor(i + 1),
                href: format!("#{}", paths::footnote_ref_anchor(i + 1)),
                body,
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("title", title);
        ctx.insert("back_label", back_label);
        ctx.insert("notes", &notes);
        self.render(FOOTNOTES, &ctx, errors)
    }

    /// Renders the markup template `name`; a failure is pushed to `errors` at the
    /// template's file, and nothing is written.
    fn render(&self, name: &str, context: &Context, errors: &mut Vec<Diagnostic>) -> String {
        self.tera.render(name, context).unwrap_or_else(|e| {
            let mut d = failed(name, &e);
            if let Some(text) = self.sources.get(name) {
                d = d.quoting(text);
            }
            errors.push(d);
            String::new()
        })
    }
}

/// The text of the default theme's template `name`.
fn default_template(name: &str) -> &'static str {
    let path = format!("templates/{name}");
    crate::theme::DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == path)
        .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok())
        .unwrap_or_default()
}

/// Escapes as [`super::escape`] does (`&`, `<`, `>`, `"`, `'`), for Tera's
/// autoescaping; set explicitly so a Tera feature can never change the bytes.
fn escape_to(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut done = 0;
    for (i, b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[done..i])?;
        out.write_all(entity)?;
        done = i + 1;
    }
    out.write_all(&bytes[done..])
}

/// A markup template that failed to render, at its file, line and column.
fn failed(name: &str, e: &tera::Error) -> Diagnostic {
    let (line, column, message) = match e.kind() {
        tera::ErrorKind::RenderingError(r) => (
            r.span().start_line,
            r.span().start_col + 1,
            r.message().to_string(),
        ),
        _ => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            (0, 0, message)
        }
    };
    Diagnostic::new(
        format!("theme/templates/{name}"),
        line,
        column,
        format!("the theme failed: {message}"),
    )
    .with_help(
        "fix the template; a site's `theme/templates/` file replaces the default one of that name",
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_are_escaped_as_the_rest_of_the_page() {
        let text = "a & <b> \"c\" 'd' 标题";
        let mut out = Vec::new();
        super::escape_to(text, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), super::super::escape(text));
    }
}
